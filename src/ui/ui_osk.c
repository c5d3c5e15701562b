/* The on-screen keyboard for touch-only kiosks (DESIGN §6): rows of clickable keys over
 * the bottom of the screen. A key's click area carries the action a typed key gives
 * (ACT_CHAR with the character, ACT_ERASE), so the loop hands the screen the same event
 * as a keyboard would and fields need no code of their own. Only Shift and Done are the
 * keyboard's own: ui_osk_key takes them. */
#include "ui_private.h"

#include <string.h>

#include "config.h"
#include "i18n.h"
#include "text.h"

#define KEY_W 5                 /* columns per key: a wide touch target */
#define ROW_KEYS 14
#define ROW3_W (KEY_W * 8 + KEY_W * 3 + KEY_W * 2 + KEY_W * 2)      /* 75 columns */

enum { TAG_SHIFT = -1000001, TAG_DONE = -1000002 };   /* no screen's tags */

/* One visit's state: the kiosk runs one ui. touched: a click or touch was seen since the
 * last reset; hidden: Done was pressed (a click elsewhere shows it again); shift: the
 * next letter is a capital. */
static bool touched, hidden, shift;

/* The letter rows, lower case: digits and signs, then the Latin letters with the
 * Lithuanian ones at the ends of the rows. */
static const uint32_t rows[3][ROW_KEYS] = {
	{'1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '@', '.', '-', '_'},
	{'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', 0x105, 0x10d, 0x119, 0x117},
	{'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 0x12f, 0x161, 0x173, 0x16b, 0x17e},
};
static const uint32_t last_row[7] = {'z', 'x', 'c', 'v', 'b', 'n', 'm'};

static uint32_t capital(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return c - 32;
	if (c >= 0x100 && c <= 0x17f)           /* Latin Extended-A: the capital is just
						 * before its small letter */
		return c - 1;
	return c;
}

int ui_osk_rows(struct ui *ui)
{
	const char *mode = ui->cfg != NULL && ui->cfg->touch_keyboard != NULL
			   ? ui->cfg->touch_keyboard : "auto";

	if (hidden || strcmp(mode, "off") == 0)
		return 0;
	if (strcmp(mode, "on") == 0 || touched)
		return UI_OSK_ROWS;
	return 0;
}

/* One key: its label centred in a button, the whole cell clickable. */
static void draw_key(struct ui *ui, int y, int x, int w, enum ui_style st, const char *label,
		     enum action act, int tag)
{
	ui_fill(ui, y, x, 1, w - 1, st);
	ui_text_center(ui, y, x, w - 1, st, label);
	ui_click_area(ui, y, x, 1, w, act, tag);
}

static void draw_char_key(struct ui *ui, int y, int x, uint32_t c)
{
	char s[8];
	int n;

	if (shift)
		c = capital(c);
	n = utf8_encode(c, s);
	s[n] = '\0';
	draw_key(ui, y, x, KEY_W, UI_BUTTON, s, ACT_CHAR, (int)c);
}

void ui_osk_draw(struct ui *ui)
{
	int top = ui->rows - UI_OSK_ROWS, x0 = (ui->cols - ROW3_W) / 2, r, i, x;

	/* The gaps between keys are the keyboard's too: a touch there reaches nothing
	 * under it. */
	ui_fill(ui, top, 0, UI_OSK_ROWS, ui->cols, UI_BAR);
	ui_click_area(ui, top, 0, UI_OSK_ROWS, ui->cols, ACT_NONE, -1);
	for (r = 0; r < 3; r++) {
		for (i = 0; i < ROW_KEYS; i++)
			draw_char_key(ui, top + r, x0 + KEY_W * i, rows[r][i]);
	}
	r = top + 3;
	draw_key(ui, r, x0, KEY_W, shift ? UI_SELECTED : UI_BUTTON_KEY,
		 ui->utf8_term ? "\xe2\x87\xa7" : "^", ACT_NONE, TAG_SHIFT);
	for (i = 0, x = x0 + KEY_W; i < 7; i++, x += KEY_W)
		draw_char_key(ui, r, x, last_row[i]);
	/* TRANSLATORS: the space bar of the on-screen keyboard */
	draw_key(ui, r, x, KEY_W * 3, UI_BUTTON, _("space"), ACT_CHAR, ' ');
	x += KEY_W * 3;
	draw_key(ui, r, x, KEY_W * 2, UI_BUTTON_KEY, ui->utf8_term ? "\xe2\x8c\xab" : "<-",
		 ACT_ERASE, -1);
	x += KEY_W * 2;
	/* TRANSLATORS: the on-screen keyboard's key that hides it */
	draw_key(ui, r, x, KEY_W * 2, UI_BUTTON_KEY, _("Done"), ACT_NONE, TAG_DONE);
}

bool ui_osk_touch(struct ui *ui)
{
	bool changed = !touched || hidden;

	(void)ui;
	touched = true;
	hidden = false;
	return changed;
}

bool ui_osk_key(struct ui *ui, const struct ui_event *ev)
{
	int tag = ui_click_tag(ui);

	if (ev->act == ACT_NONE && tag == TAG_SHIFT) {
		shift = !shift;
		return true;
	}
	if (ev->act == ACT_NONE && tag == TAG_DONE) {
		hidden = true;
		shift = false;
		return true;
	}
	if (ev->act == ACT_CHAR && tag > 0 && shift)
		shift = false;          /* one capital, as on a phone */
	return false;
}

void ui_osk_reset(struct ui *ui)
{
	(void)ui;
	touched = false;
	hidden = false;
	shift = false;
}
