/* ui_private: what the files of the toolkit in src/ui/ share. Screens use ui.h only. */
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
#include "util.h"

struct speech;

#define UI_MAX_DEPTH 16
#define UI_MAX_AREAS 160
#define UI_MOUSE_QUEUE 32
#define UI_PASTE_MAX 4096       /* bytes of a bracketed paste kept (no field takes more) */

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
	const struct screen *drawing;   /* the screen being drawn (its key table names the
					 * keys on its key bar), or NULL */
	attr_t attrs[UI_STYLE_COUNT];
	short pairs[UI_STYLE_COUNT];
	int admin_key;                  /* curses key code of the admin key, or 0 */
	char codeset[32];               /* the terminal's own codeset (nl_langinfo) */
	/* A terminal whose codeset is not UTF-8 runs curses in its own locale: text is
	 * converted to that codeset before drawing, keys are read byte by byte. hi[b]
	 * is the code point of byte 0x80 + b in the codeset (0: none, as in ASCII). */
	uint32_t hi[128];
	bool linux_console;             /* TERM=linux: the console's own colours */
	/* Mouse events read together (a burst of touches) wait here, oldest first, and
	 * go to the screens one per turn before any key read after them. */
	struct ui_event mouse_q[UI_MOUSE_QUEUE];
	int mouse_n, mouse_at;
	/* A bracketed paste, read whole: its sanitised text (line breaks made spaces, cut
	 * at UI_PASTE_MAX) goes to the screens one character a turn after the mouse
	 * queue. paste_new: its first character has not been given out yet. It is what a
	 * visitor typed: wiped once given out or dropped. */
	char paste[UI_PASTE_MAX + 1];
	size_t paste_len, paste_at;
	bool paste_new;
	const void *paste_st;           /* the screen it types into: its state and */
	int paste_depth;                /* its place on the stack */
	/* Focus and speech (ui_speak.c). Each paint gathers where the focus is, what it
	 * says, the top screen's title, the errors drawn and ui_say's messages; after the
	 * paint the cursor goes to the focus and what is new is spoken. */
	int focus_y, focus_x;           /* this paint's focused item, or -1 */
	bool focus_field;               /* it is a text field: the cursor shows */
	bool capture;                   /* between ui_focus_begin and ui_focus_end */
	struct buf focus_say, title, errors, msgs;
	struct buf said_focus, said_errors;     /* what the last paint's were */
	const void *said_st;            /* the top screen whose title was spoken, */
	int said_depth, said_y, said_x; /* its place, and where the focus was */
	unsigned said_gen;              /* the language it was spoken in */
	bool said_idle;                 /* the idle warning was spoken */
	bool keep_said;                 /* the next paint's speech follows what is being
					 * said ("Speech on") rather than cutting it */
	bool speech_on;                 /* speaking now (config, or F7 for this visit) */
	struct speech *speech;          /* started the first time speech is on */
	/* One key read ahead and given back (what followed an Esc that began no
	 * sequence): ui_keys_get returns it first. */
	bool has_back;
	int back_rc;
	wint_t back_wch;
};

/* Read one key like get_wch (OK with a character, KEY_CODE_YES with a key code, ERR
 * on timeout). On a terminal whose codeset is not UTF-8 the bytes are read one by one
 * and decoded from that codeset here (a byte that means nothing is skipped), so input
 * never stalls on a byte the C library cannot decode. */
int ui_keys_get(struct ui *ui, wint_t *wch);
/* Key names on the key bar: Unicode arrows, or ASCII words for other terminals. */
void ui_keys_set_unicode(bool on);
/* Locale-independent character classes (the C.UTF-8 tables, whatever LC_CTYPE is). */
bool ui_keys_printable(uint32_t cp);
bool ui_keys_alnum(uint32_t cp);
/* Set up the terminal's codeset: ui->utf8_term, priv->codeset and priv->hi. */
void ui_draw_codeset(struct ui *ui, const char *codeset);
/* The code point to draw for cp on this terminal: cp itself when the terminal can show
 * it, else the first letter of its ASCII transliteration (one cell for one). */
uint32_t ui_draw_glyph(const struct ui *ui, uint32_t cp);
/* Turn a key from get_wch (rc is OK or KEY_CODE_YES) into an event. Returns 0 if the
 * key means nothing (ignored controls). Mouse events are read here too: every event
 * curses holds for one KEY_MOUSE (it gathers a burst under one), the first returned
 * and the rest queued for ui_keys_queued. An Esc that begins a sequence curses does not
 * know is read here to its end (DESIGN §6): cursor and function keys in their other
 * forms become their actions, an SGR mouse report its click or wheel, a bracketed paste
 * its characters (queued, with ev->paste), and the rest (focus events, reports, OSC,
 * DCS...) nothing. A lone Esc is ACT_BACK. */
int ui_keys_event(struct ui *ui, int rc, wint_t wch, struct ui_event *ev);
/* The next mouse event or pasted character queued by ui_keys_event: 1 with *ev set,
 * 0 if none waits. */
int ui_keys_queued(struct ui *ui, struct ui_event *ev);
/* 1 if ui_keys_queued has events waiting. */
int ui_keys_waiting(const struct ui *ui);
/* The pasted text not given out yet ("" if none); valid until the next key is read. */
const char *ui_keys_paste_rest(const struct ui *ui);
/* Wipe and drop what is left of a paste. */
void ui_keys_paste_drop(struct ui *ui);
/* Apply a screen's key table t (NULL: none) to ev: a function key of the table, or with
 * letters a character of it, becomes the table's action and arg. */
void ui_keys_screen(const struct ui_keydef *t, bool letters, struct ui_event *ev);
/* The key name for a key bar button of act (with arg when arg >= 0): the action's own
 * key, else the first key of table t for it, else "". */
const char *ui_keys_name(const struct ui_keydef *t, enum action act, int arg);
/* The translated label for a key bar button of act: table t's label for it (and arg when
 * arg >= 0), else the action's own. */
const char *ui_keys_label(const struct ui_keydef *t, enum action act, int arg);
/* Parse an admin key name ("F12") into a curses key code, 0 if not known. */
int ui_keys_parse(const char *name);
/* Focus and speech (ui_speak.c): text drawn in style st (what a focused item says, new
 * errors); the focused field f with its cursor at (y, x); a paint's start and end (the
 * cursor goes to the focus; idle_text: the idle warning is up, say it once); speech on
 * or off; the config's choice at a visit's start; the end. */
void ui_speak_drawn(struct ui *ui, enum ui_style st, const char *s);
void ui_speak_field(struct ui *ui, const struct ui_field *f, int y, int x);
void ui_speak_paint_begin(struct ui *ui);
void ui_speak_paint_end(struct ui *ui, const char *idle_text);
void ui_speak_set(struct ui *ui, bool on);
void ui_speak_reset(struct ui *ui);
void ui_speak_end(struct ui *ui);
/* Set up the colour pairs and attributes of the styles. */
void ui_draw_init(struct ui *ui);
/* The attributes of a style. */
void ui_draw_style(struct ui *ui, enum ui_style st);

#endif
