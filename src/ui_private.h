/* ui_private: what the toolkit's own files (src/ui*.c) share. Screens use ui.h only. */
#ifndef VITRINA_UI_PRIVATE_H
#define VITRINA_UI_PRIVATE_H

#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <curses.h>

#include "ui.h"

#define UI_MAX_DEPTH 16
#define UI_MAX_AREAS 160

struct ui_frame {
	const struct screen *s;
	void *st;
	char *arg;
};

struct ui_area {
	int y, x, h, w;
	enum action act;
	int tag;
};

struct ui_private {
	const struct ui_app *app;
	struct ui_frame stack[UI_MAX_DEPTH];
	int depth;
	struct ui_area areas[UI_MAX_AREAS];
	int nareas;
	int click_tag;
	bool dirty, tick_soon;
	int cursor_y, cursor_x;         /* where a focused field wants the cursor, or -1 */
	int cursor_shown;
	attr_t attrs[UI_STYLE_COUNT];
	short pairs[UI_STYLE_COUNT];
	int admin_key;                  /* curses key code of the admin key, or 0 */
	char codeset[32];               /* the terminal's own codeset (nl_langinfo) */
};

/* Turn a key from get_wch (rc is OK or KEY_CODE_YES) into an event. Returns 0 if the
 * key means nothing (ignored controls). Mouse events are read here too. */
int ui_keys_event(struct ui *ui, int rc, wint_t wch, struct ui_event *ev);
/* Parse an admin key name ("F12") into a curses key code, 0 if not known. */
int ui_keys_parse(const char *name);
/* Set up the colour pairs and attributes of the styles. */
void ui_draw_init(struct ui *ui);
/* The attributes of a style. */
void ui_draw_style(struct ui *ui, enum ui_style st);

#endif
