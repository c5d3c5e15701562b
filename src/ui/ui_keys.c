/* The keymap: the one place where keys and mouse events become actions. */
#include "ui_private.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "i18n.h"
#include "text.h"
#include "util.h"

struct keydef {
	const char *key;        /* shown on the key bar */
	const char *label;      /* N_() label */
};

static const struct keydef defs[ACT_COUNT] = {
	[ACT_UP] = {"\xe2\x86\x91", N_("Up")},
	[ACT_DOWN] = {"\xe2\x86\x93", N_("Down")},
	[ACT_LEFT] = {"\xe2\x86\x90", N_("Left")},
	[ACT_RIGHT] = {"\xe2\x86\x92", N_("Right")},
	/* TRANSLATORS: the Page Up key on the key bar */
	[ACT_PAGE_UP] = {"PgUp", N_("Page up")},
	[ACT_PAGE_DOWN] = {"PgDn", N_("Page down")},
	[ACT_FIRST] = {"Home", N_("First")},
	[ACT_LAST] = {"End", N_("Last")},
	[ACT_OPEN] = {"Enter", N_("Open")},
	[ACT_BACK] = {"Esc", N_("Back")},
	[ACT_NEXT] = {"Tab", N_("Next")},
	[ACT_PREV] = {"S-Tab", N_("Previous")},
	[ACT_HELP] = {"F1", N_("Help")},
	[ACT_LANG] = {"F2", N_("Language")},
	[ACT_SEARCH] = {"F3", N_("Search")},
	[ACT_FILTER] = {"F4", N_("Filters")},
	[ACT_CONTACT] = {"F5", N_("Contact")},
	[ACT_HOME] = {"F6", N_("Home")},
	[ACT_SUBMIT] = {"F10", N_("Send")},
	[ACT_ADMIN] = {"", N_("Admin")},
	[ACT_CHAR] = {"", N_("Type")},
	[ACT_ERASE] = {"\xe2\x8c\xab", N_("Erase")},
	[ACT_DELETE] = {"Del", N_("Delete")},
	[ACT_CLEAR] = {"^U", N_("Clear")},
	[ACT_CLICK] = {"", N_("Choose")},
	[ACT_WHEEL_UP] = {"", N_("Scroll up")},
	[ACT_WHEEL_DOWN] = {"", N_("Scroll down")},
	/* No keys of their own: a screen's key table gives them theirs. */
	[ACT_REFRESH] = {"", N_("Refresh")},
	[ACT_EXPORT] = {"", N_("Export CSV")},
	[ACT_QUIT] = {"", N_("Quit")},
	[ACT_NOTE] = {"", N_("Add note")},
	[ACT_NEXT_ITEM] = {"", N_("Next")},
	[ACT_PREV_ITEM] = {"", N_("Previous")},
	[ACT_FILTER_STATUS] = {"", N_("Status")},
	[ACT_FILTER_KIND] = {"", N_("Kind")},
	[ACT_FILTER_COUNTY] = {"", N_("County")},
	/* TRANSLATORS: key bar: every filter off */
	[ACT_CLEAR_FILTERS] = {"", N_("Show all")},
	[ACT_NEXT_PAGE] = {"", N_("Next page")},
	[ACT_PREV_PAGE] = {"", N_("Previous page")},
	[ACT_SET_STATUS] = {"", N_("Set status")},
};

const char *ui_action_label(enum action a)
{
	if ((int)a <= ACT_NONE || a >= ACT_COUNT || defs[a].label == NULL)
		return "";
	return _(defs[a].label);
}

/* Key names for terminals without arrows (their codeset is not UTF-8). */
static const char *const ascii_keys[ACT_COUNT] = {
	[ACT_UP] = "Up", [ACT_DOWN] = "Down", [ACT_LEFT] = "Left", [ACT_RIGHT] = "Right",
	[ACT_ERASE] = "BkSp",
};

/* 0 when the terminal cannot show the arrows (its codeset is not UTF-8). */
static bool keys_unicode = true;

void ui_keys_set_unicode(bool on)
{
	keys_unicode = on;
}

const char *ui_action_key(enum action a)
{
	if ((int)a <= ACT_NONE || a >= ACT_COUNT || defs[a].key == NULL)
		return "";
	if (!keys_unicode && ascii_keys[a] != NULL)
		return ascii_keys[a];
	return defs[a].key;
}

/* ---- a screen's own keys ---- */

/* The number of a function key name ("F5": 5), or 0 for a character. */
static int fkey_number(const char *key)
{
	long n;

	if (key[0] != 'F' || key[1] == '\0' || parse_long(key + 1, 1, 63, &n) < 0)
		return 0;
	return (int)n;
}

void ui_keys_screen(const struct ui_keydef *t, bool letters, struct ui_event *ev)
{
	for (; t != NULL && t->key != NULL; t++) {
		int fk = fkey_number(t->key);

		if ((fk > 0 && fk == ev->fkey) ||
		    (fk == 0 && letters && ev->act == ACT_CHAR && strcmp(t->key, ev->utf8) == 0)) {
			ev->act = t->act;
			ev->arg = t->arg;
			return;
		}
	}
}

/* The first entry of t for act (and arg when arg >= 0), or NULL. */
static const struct ui_keydef *keydef_of(const struct ui_keydef *t, enum action act, int arg)
{
	for (; t != NULL && t->key != NULL; t++) {
		if (t->act == act && (arg < 0 || t->arg == arg))
			return t;
	}
	return NULL;
}

const char *ui_keys_name(const struct ui_keydef *t, enum action act, int arg)
{
	const struct ui_keydef *d;

	if (ui_action_key(act)[0] != '\0')
		return ui_action_key(act);
	d = keydef_of(t, act, arg);
	return d != NULL ? d->key : "";
}

const char *ui_keys_label(const struct ui_keydef *t, enum action act, int arg)
{
	const struct ui_keydef *d = keydef_of(t, act, arg);

	if (d != NULL && d->label != NULL)
		return _(d->label);
	return ui_action_label(act);
}

/* The C.UTF-8 character tables, whatever LC_CTYPE says (the C locale knows no letter
 * beyond ASCII). NULL if even C.UTF-8 is missing. */
static locale_t utf8_tables(void)
{
	static locale_t loc;
	static int tried;

	if (!tried) {
		tried = 1;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
		if (loc == (locale_t)0)
			loc = newlocale(LC_CTYPE_MASK, "C.utf8", (locale_t)0);
	}
	return loc;
}

bool ui_keys_printable(uint32_t cp)
{
	locale_t loc = utf8_tables();

	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return false;
	if (loc != (locale_t)0)
		return iswprint_l((wint_t)cp, loc) != 0;
	return true;
}

bool ui_keys_alnum(uint32_t cp)
{
	locale_t loc = utf8_tables();

	if (cp < 0x80 || loc == (locale_t)0)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && loc == (locale_t)0);
	return iswalnum_l((wint_t)cp, loc) != 0;
}

/* Bytes in a UTF-8 sequence after a lead byte c, 0 if c cannot lead one. */
static int utf8_follow(int c)
{
	if (c >= 0xc2 && c <= 0xdf)
		return 1;
	if (c >= 0xe0 && c <= 0xef)
		return 2;
	if (c >= 0xf0 && c <= 0xf4)
		return 3;
	return 0;
}

int ui_keys_get(struct ui *ui, wint_t *wch)
{
	const struct ui_private *p = ui->priv;
	char u[4];
	uint32_t cp;
	int c, need, i;

	if (ui->utf8_term)
		return get_wch(wch);
	c = getch();
	if (c == ERR)
		return ERR;
	*wch = (wint_t)c;
	if (c > 0xff)
		return KEY_CODE_YES;
	if (c < 0x80)
		return OK;
	/* A letter of the terminal's 8-bit codeset. */
	*wch = 0;
	if (p->hi[c - 0x80] != 0) {
		*wch = p->hi[c - 0x80];
		return OK;
	}
	/* Not a character of the codeset (any byte under C/POSIX): perhaps a UTF-8
	 * terminal under a C locale. Take a whole UTF-8 sequence if it is one; else the
	 * byte means nothing and is skipped (wch 0), and the next key reads normally. */
	need = utf8_follow(c);
	u[0] = (char)c;
	timeout(20);
	for (i = 1; i <= need; i++) {
		int d = getch();

		if (d == ERR)
			return OK;
		if (d < 0x80 || d > 0xbf) {
			ungetch(d);
			return OK;
		}
		u[i] = (char)d;
	}
	if (need > 0 && utf8_decode(u, (size_t)need + 1, &cp) == need + 1)
		*wch = (wint_t)cp;
	return OK;
}

int ui_keys_parse(const char *name)
{
	long n;

	if (name == NULL || (name[0] != 'F' && name[0] != 'f'))
		return 0;
	if (parse_long(name + 1, 1, 24, &n) < 0)
		return 0;
	return KEY_F((int)n);
}

/* Function and cursor keys. */
static const struct {
	int key;
	enum action act;
} codes[] = {
	{KEY_UP, ACT_UP}, {KEY_DOWN, ACT_DOWN}, {KEY_LEFT, ACT_LEFT}, {KEY_RIGHT, ACT_RIGHT},
	{KEY_PPAGE, ACT_PAGE_UP}, {KEY_NPAGE, ACT_PAGE_DOWN}, {KEY_HOME, ACT_FIRST},
	{KEY_END, ACT_LAST}, {KEY_ENTER, ACT_OPEN}, {KEY_BTAB, ACT_PREV},
	{KEY_F(1), ACT_HELP}, {KEY_F(2), ACT_LANG}, {KEY_F(3), ACT_SEARCH},
	{KEY_F(4), ACT_FILTER}, {KEY_F(5), ACT_CONTACT}, {KEY_F(6), ACT_HOME},
	{KEY_F(10), ACT_SUBMIT}, {KEY_BACKSPACE, ACT_ERASE}, {KEY_DC, ACT_DELETE},
	{KEY_SR, ACT_UP}, {KEY_SF, ACT_DOWN}, {KEY_A1, ACT_FIRST}, {KEY_C1, ACT_LAST},
	{KEY_A3, ACT_PAGE_UP}, {KEY_C3, ACT_PAGE_DOWN},
};

/* One curses mouse report as an event: 0 if it means nothing here (a release, whose
 * press already counted, or a cell off the screen: curses passes on the overflowed
 * numbers of a malformed report). */
static int mouse_report(const MEVENT *m, struct ui_event *ev)
{
	memset(ev, 0, sizeof *ev);
	if (m->y < 0 || m->x < 0 || m->y >= LINES || m->x >= COLS)
		return 0;
	ev->row = m->y;
	ev->col = m->x;
	if (m->bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)) {
		ev->act = ACT_CLICK;
		return 1;
	}
	if (m->bstate & BUTTON4_PRESSED) {
		ev->act = ACT_WHEEL_UP;
		return 1;
	}
#ifdef BUTTON5_PRESSED
	if (m->bstate & BUTTON5_PRESSED) {
		ev->act = ACT_WHEEL_DOWN;
		return 1;
	}
#endif
	return 0;
}

/* Curses gathers the mouse reports that arrive together under one KEY_MOUSE and
 * getmouse gives them newest first, one a call: read them all, or all but the newest
 * are lost and a stale press surfaces after later keys. Queue them oldest first. */
static int mouse_event(struct ui *ui, struct ui_event *ev)
{
	struct ui_private *p = ui->priv;
	MEVENT got[UI_MOUSE_QUEUE];
	int n = 0, i;

	while (n < UI_MOUSE_QUEUE && getmouse(&got[n]) == OK)
		n++;
	if (p->mouse_at >= p->mouse_n)
		p->mouse_at = p->mouse_n = 0;
	for (i = n - 1; i >= 0; i--) {
		if (p->mouse_n < UI_MOUSE_QUEUE && mouse_report(&got[i], &p->mouse_q[p->mouse_n]))
			p->mouse_n++;
	}
	return ui_keys_queued(ui, ev);
}

int ui_keys_queued(struct ui *ui, struct ui_event *ev)
{
	struct ui_private *p = ui->priv;

	if (p->mouse_at >= p->mouse_n)
		return 0;
	*ev = p->mouse_q[p->mouse_at++];
	return 1;
}

int ui_keys_event(struct ui *ui, int rc, wint_t wch, struct ui_event *ev)
{
	size_t i;
	char *clean;
	int n, ok;

	memset(ev, 0, sizeof *ev);
	if (rc == KEY_CODE_YES) {
		if (wch == KEY_MOUSE)
			return mouse_event(ui, ev);
		if (wch >= (wint_t)KEY_F(1) && wch <= (wint_t)KEY_F(63))
			ev->fkey = (int)(wch - (wint_t)KEY_F(0));
		if (ui->priv->admin_key != 0 && (int)wch == ui->priv->admin_key) {
			ev->act = ACT_ADMIN;
			return 1;
		}
		for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
			if ((wint_t)codes[i].key == wch) {
				ev->act = codes[i].act;
				return 1;
			}
		}
		return 0;
	}
	switch (wch) {
	case '\r':
	case '\n':
		ev->act = ACT_OPEN;
		return 1;
	case '\t':
		ev->act = ACT_NEXT;
		return 1;
	case 27:
		ev->act = ACT_BACK;
		return 1;
	case 127:
	case 8:
		ev->act = ACT_ERASE;
		return 1;
	case 21:
		ev->act = ACT_CLEAR;
		return 1;
	default:
		break;
	}
	/* Ctrl-C, Ctrl-Z, Ctrl-\ and every other control arrive here as bytes (raw mode)
	 * and mean nothing. So do C1 controls, format characters and surrogates. */
	if (!ui_keys_printable((uint32_t)wch))
		return 0;
	n = utf8_encode((uint32_t)wch, ev->utf8);
	ev->utf8[n] = '\0';
	/* Bidi controls and zero-width characters are printable to iswprint. */
	clean = text_sanitize(ev->utf8, (size_t)n, 0);
	ok = clean != NULL && clean[0] != '\0' && strcmp(clean, ev->utf8) == 0;
	free(clean);
	if (!ok)
		return 0;
	ev->act = ACT_CHAR;
	ev->ch = (uint32_t)wch;
	return 1;
}
