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
	/* TRANSLATORS: key bar: spoken screens on or off */
	[ACT_SPEECH] = {"F7", N_("Speech")},
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
	struct ui_private *p = ui->priv;
	char u[4];
	uint32_t cp;
	int c, need, i;

	if (p->has_back) {
		p->has_back = false;
		*wch = p->back_wch;
		return p->back_rc;
	}
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
	{KEY_F(7), ACT_SPEECH}, {KEY_F(10), ACT_SUBMIT}, {KEY_BACKSPACE, ACT_ERASE}, {KEY_DC, ACT_DELETE},
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

/* A key code from curses (or from a sequence read here) as an event: 0 if it means
 * nothing. */
static int key_event(struct ui *ui, int code, struct ui_event *ev)
{
	size_t i;

	if (code >= KEY_F(1) && code <= KEY_F(63))
		ev->fkey = code - KEY_F(0);
	if (ui->priv->admin_key != 0 && code == ui->priv->admin_key) {
		ev->act = ACT_ADMIN;
		return 1;
	}
	for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		if (codes[i].key == code) {
			ev->act = codes[i].act;
			return 1;
		}
	}
	return 0;
}

/* A character as ACT_CHAR, if it may be typed: 0 for controls (in raw mode Ctrl-C,
 * Ctrl-Z, Ctrl-\ and the others arrive as bytes and mean nothing), C1 controls, format
 * characters and surrogates. */
static int char_event(uint32_t cp, struct ui_event *ev)
{
	char *clean;
	int n, ok;

	if (!ui_keys_printable(cp))
		return 0;
	n = utf8_encode(cp, ev->utf8);
	ev->utf8[n] = '\0';
	/* Bidi controls and zero-width characters are printable to iswprint. */
	clean = text_sanitize(ev->utf8, (size_t)n, 0);
	ok = clean != NULL && clean[0] != '\0' && strcmp(clean, ev->utf8) == 0;
	free(clean);
	if (!ok) {
		ev->utf8[0] = '\0';
		return 0;
	}
	ev->act = ACT_CHAR;
	ev->ch = cp;
	return 1;
}

/* ---- escape sequences curses does not know (DESIGN §6) ---- */

/* How long to wait for the next byte inside a sequence (ms). The first byte after an
 * Esc is not waited for: curses has waited ESCDELAY for it already. */
#define SEQ_MS 100

/* The next key within ms: a character, or a key code with *code set; -1 if none came
 * (also at the end of the input). */
static int next_in(struct ui *ui, int ms, bool *code)
{
	wint_t w = 0;
	int rc;

	timeout(ms);
	rc = ui_keys_get(ui, &w);
	*code = rc == KEY_CODE_YES;
	return rc == ERR ? -1 : (int)w;
}

/* Give a key back: the next ui_keys_get returns it. */
static void give_back(struct ui *ui, int c, bool code)
{
	struct ui_private *p = ui->priv;

	if (c < 0)
		return;
	p->has_back = true;
	p->back_rc = code ? KEY_CODE_YES : OK;
	p->back_wch = (wint_t)c;
}

/* The rest of a CSI sequence (after ESC [): its parameter and intermediate bytes into
 * par (cut to size), its final byte into *fin. Returns 0, or -1 if it was cut off
 * (nothing more came, or a key or character that cannot be in one, given back). */
static int read_csi(struct ui *ui, char *par, size_t size, int *fin)
{
	size_t n = 0;

	par[0] = '\0';
	for (;;) {
		bool code;
		int c = next_in(ui, SEQ_MS, &code);

		if (c < 0)
			return -1;
		if (code || c < 0x20 || c > 0x7e) {
			give_back(ui, c, code);
			return -1;
		}
		if (c >= 0x40) {
			*fin = c;
			return 0;
		}
		if (n + 1 < size) {
			par[n++] = (char)c;
			par[n] = '\0';
		}
	}
}

/* The rest of an SS3 sequence (after ESC O): digits and ';' (a modifier), then the final
 * byte into *fin. Returns 0, or -1 as read_csi. */
static int read_ss3(struct ui *ui, int *fin)
{
	for (;;) {
		bool code;
		int c = next_in(ui, SEQ_MS, &code);

		if (c < 0)
			return -1;
		if (code || c < 0x20 || c > 0x7e) {
			give_back(ui, c, code);
			return -1;
		}
		if ((c < '0' || c > '9') && c != ';') {
			*fin = c;
			return 0;
		}
	}
}

/* Read an OSC, DCS, SOS, PM or APC string to its end (BEL, or ESC \) and drop it.
 * Returns -1, or the character after an Esc inside it that begins a new sequence. */
static int skip_string(struct ui *ui)
{
	for (;;) {
		bool code;
		int c = next_in(ui, SEQ_MS, &code);

		if (c < 0 || (c == 7 && !code))
			return -1;
		if (c != 27 || code)
			continue;
		c = next_in(ui, SEQ_MS, &code);
		if (c < 0 || (c == '\\' && !code))
			return -1;
		if (code) {
			give_back(ui, c, code);
			return -1;
		}
		return c;
	}
}

/* 1 for the introducer of a control string (OSC, DCS, SOS, PM, APC). */
static bool string_intro(int c)
{
	return c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_';
}

/* The first number of a CSI's parameters (0 when none, capped). */
static long first_number(const char *par)
{
	long n = 0;

	for (; *par >= '0' && *par <= '9'; par++) {
		if (n < 100000)
			n = n * 10 + (*par - '0');
	}
	return n;
}

/* 1 if the parameters are numbers only ("1;5"): a key, not a report (those start with
 * '?', '>' or '<') nor a sequence with intermediate bytes. */
static bool plain_params(const char *par)
{
	for (; *par != '\0'; par++) {
		if ((*par < '0' || *par > '9') && *par != ';')
			return false;
	}
	return true;
}

/* The key of CSI n ~ (vt220 and xterm), 0 for none. */
static int tilde_key(long n)
{
	static const struct {
		long n;
		int key;
	} keys[] = {
		{1, KEY_HOME}, {3, KEY_DC}, {4, KEY_END}, {5, KEY_PPAGE}, {6, KEY_NPAGE},
		{7, KEY_HOME}, {8, KEY_END},
	};
	size_t i;

	if (n >= 11 && n <= 15)
		return KEY_F((int)n - 10);
	if (n >= 17 && n <= 21)
		return KEY_F((int)n - 11);
	if (n == 23 || n == 24)
		return KEY_F((int)n - 12);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (keys[i].n == n)
			return keys[i].key;
	}
	return 0;
}

/* The key of a cursor or F1-F4 final byte (CSI and SS3 forms alike), 0 for none. */
static int final_key(int fin)
{
	switch (fin) {
	case 'A':
		return KEY_UP;
	case 'B':
		return KEY_DOWN;
	case 'C':
		return KEY_RIGHT;
	case 'D':
		return KEY_LEFT;
	case 'H':
		return KEY_HOME;
	case 'F':
		return KEY_END;
	case 'P': case 'Q': case 'R': case 'S':
		return KEY_F(fin - 'P' + 1);
	default:
		return 0;
	}
}

/* An SGR mouse report "b;x;y" (after '<') with final M (press) or m (release): a click
 * of the first button or a wheel step on the screen; 0 for anything else. */
static int sgr_mouse(const char *par, int fin, struct ui_event *ev)
{
	long v[3] = {0, 0, 0};
	int k = 0;

	for (; *par != '\0'; par++) {
		if (*par == ';') {
			if (++k == 3)
				return 0;
		} else if (*par >= '0' && *par <= '9') {
			if (v[k] < 100000)
				v[k] = v[k] * 10 + (*par - '0');
		} else {
			return 0;
		}
	}
	if (k != 2 || fin != 'M' || v[1] < 1 || v[2] < 1 || v[1] > COLS || v[2] > LINES)
		return 0;
	ev->col = (int)v[1] - 1;
	ev->row = (int)v[2] - 1;
	if (v[0] & 32)
		return 0;               /* motion */
	if ((v[0] & ~28) == 0)
		ev->act = ACT_CLICK;    /* the first button, with or without modifiers */
	else if ((v[0] & ~28) == 64)
		ev->act = ACT_WHEEL_UP;
	else if ((v[0] & ~28) == 65)
		ev->act = ACT_WHEEL_DOWN;
	return ev->act != ACT_NONE;
}

/* Add a character to the paste if it fits (the rest of a long paste is dropped). */
static void paste_add(struct ui_private *p, uint32_t cp)
{
	char u[8];
	int n = utf8_encode(cp, u);

	if (p->paste_len + (size_t)n > UI_PASTE_MAX)
		return;
	memcpy(p->paste + p->paste_len, u, (size_t)n);
	p->paste_len += (size_t)n;
	p->paste[p->paste_len] = '\0';
}

/* An Esc inside a paste: 1 if it began the paste's end (ESC [ 201 ~); anything else
 * it begins is read whole and dropped. */
static int paste_escape(struct ui *ui)
{
	char par[16];
	bool code;
	int c = next_in(ui, SEQ_MS, &code), fin;

	while (string_intro(c) && !code)
		c = skip_string(ui);    /* -1, or what follows an Esc that ended it */
	if (c == '[' && !code)
		return read_csi(ui, par, sizeof par, &fin) == 0 && fin == '~' &&
		       strcmp(par, "201") == 0;
	if (c == 'O' && !code)
		read_ss3(ui, &fin);
	else
		give_back(ui, c, code);         /* a character after a stray Esc */
	return 0;
}

/* A bracketed paste (after ESC [ 200 ~), read to its end: kept as text to type, without
 * controls or sequences, line breaks and tabs made spaces. Returns its first character
 * as an event (the rest queued), 0 if it held nothing to type. */
static int paste(struct ui *ui, struct ui_event *ev)
{
	struct ui_private *p = ui->priv;
	bool cr = false, resized = false;

	ui_keys_paste_drop(ui);
	p->paste_new = false;
	for (;;) {
		bool code;
		int c = next_in(ui, SEQ_MS, &code);

		if (c < 0)
			break;          /* its end never came */
		if (code) {
			resized |= c == KEY_RESIZE;
			while (c == KEY_MOUSE && getmouse(&(MEVENT){0}) == OK)
				;       /* a mouse report inside: not kept for later */
			continue;
		}
		if (c == 27) {
			if (paste_escape(ui))
				break;
			continue;
		}
		if (c == '\r' || c == '\n' || c == '\t') {
			if (!(c == '\n' && cr))
				paste_add(p, ' ');
			cr = c == '\r';
			continue;
		}
		cr = false;
		if (char_event((uint32_t)c, &(struct ui_event){0}) == 1)
			paste_add(p, (uint32_t)c);
	}
	if (resized)
		give_back(ui, KEY_RESIZE, true);
	p->paste_new = p->paste_len > 0;
	return ui_keys_queued(ui, ev);
}

/* A CSI sequence (after ESC [): a key in its other form, a mouse report, a paste, or
 * nothing (focus events, reports, unknown keys). */
static int csi(struct ui *ui, struct ui_event *ev)
{
	char par[32];
	int fin;

	if (read_csi(ui, par, sizeof par, &fin) < 0)
		return 0;
	if (par[0] == '<')
		return (fin == 'M' || fin == 'm') && sgr_mouse(par + 1, fin, ev);
	if (!plain_params(par))
		return 0;
	if (fin == '~' && first_number(par) == 200)
		return paste(ui, ev);
	if (fin == '~')
		return key_event(ui, tilde_key(first_number(par)), ev);
	if (fin == 'Z')
		return key_event(ui, KEY_BTAB, ev);
	return key_event(ui, final_key(fin), ev);
}

/* An Esc as it came from curses: read what it begins (see ui_keys_event). */
static int escape(struct ui *ui, struct ui_event *ev)
{
	bool code;
	int c = next_in(ui, 0, &code), fin;

	for (;;) {
		if (c < 0 || code || !(c == '[' || c == 'O' || string_intro(c))) {
			/* A lone Esc is Back; what follows it is read as itself. */
			give_back(ui, c, code);
			ev->act = ACT_BACK;
			return 1;
		}
		if (c == '[')
			return csi(ui, ev);
		if (c == 'O') {
			if (read_ss3(ui, &fin) < 0)
				return 0;
			return key_event(ui, fin == 'M' ? KEY_ENTER : final_key(fin), ev);
		}
		c = skip_string(ui);
		if (c < 0)
			return 0;
		code = false;
	}
}

int ui_keys_queued(struct ui *ui, struct ui_event *ev)
{
	struct ui_private *p = ui->priv;
	uint32_t cp;
	int n;

	if (p->mouse_at < p->mouse_n) {
		*ev = p->mouse_q[p->mouse_at++];
		return 1;
	}
	if (p->paste_at >= p->paste_len)
		return 0;
	memset(ev, 0, sizeof *ev);
	n = utf8_decode(p->paste + p->paste_at, p->paste_len - p->paste_at, &cp);
	p->paste_at += (size_t)(n > 0 ? n : 1);
	if (p->paste_at >= p->paste_len)
		ui_keys_paste_drop(ui);         /* all given out: wipe it */
	if (n <= 0 || !char_event(cp, ev))
		return 0;
	ev->paste = true;
	return 1;
}

int ui_keys_waiting(const struct ui *ui)
{
	const struct ui_private *p = ui->priv;

	return p->mouse_at < p->mouse_n || p->paste_at < p->paste_len;
}

const char *ui_keys_paste_rest(const struct ui *ui)
{
	const struct ui_private *p = ui->priv;

	return p->paste_at < p->paste_len ? p->paste + p->paste_at : "";
}

void ui_keys_paste_drop(struct ui *ui)
{
	struct ui_private *p = ui->priv;

	explicit_bzero(p->paste, sizeof p->paste);
	p->paste_len = p->paste_at = 0;
}

int ui_keys_event(struct ui *ui, int rc, wint_t wch, struct ui_event *ev)
{
	memset(ev, 0, sizeof *ev);
	if (rc == KEY_CODE_YES) {
		if (wch == KEY_MOUSE)
			return mouse_event(ui, ev);
		return key_event(ui, (int)wch, ev);
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
		return escape(ui, ev);
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
	return char_event((uint32_t)wch, ev);
}
