/* Drawing helpers: every string goes through the sanitiser and is printed with the
 * wide functions after a strict UTF-8 decode (DESIGN §9). A terminal whose codeset is
 * not UTF-8 gets text converted to its codeset first (charset_from_utf8: letters it
 * has stay, the others are transliterated), so only characters it can show are ever
 * handed to curses, which runs in that terminal's own locale. */
#include "ui_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "charset.h"
#include "config.h"
#include "text.h"
#include "util.h"

#define ELLIPSIS "\xe2\x80\xa6"

/* The terminal drawing is for (one per process), for ui_width. */
static const struct ui *term_ui;

void ui_draw_codeset(struct ui *ui, const char *codeset)
{
	struct ui_private *p = ui->priv;
	int b;

	snprintf(p->codeset, sizeof p->codeset, "%s", codeset);
	ui->utf8_term = strcmp(codeset, "UTF-8") == 0;
	memset(p->hi, 0, sizeof p->hi);
	term_ui = ui;
	ui_keys_set_unicode(ui->utf8_term);
	if (ui->utf8_term)
		return;
	/* The printable upper half of an 8-bit codeset (none for ASCII). */
	for (b = 0xA0; b <= 0xFF; b++) {
		char c = (char)b, *err = NULL;
		size_t len = 0;
		char *u = charset_to_utf8(&c, 1, codeset, &len, &err);
		uint32_t cp;

		if (u != NULL && len > 0 && utf8_decode(u, len, &cp) == (int)len && cp >= 0xA0)
			p->hi[b - 0x80] = cp;
		free(u);
		free(err);
	}
}

uint32_t ui_draw_glyph(const struct ui *ui, uint32_t cp)
{
	const struct ui_private *p = ui->priv;
	char ascii[8];
	int i;

	if (ui->utf8_term || cp < 0x80)
		return cp;
	for (i = 0x20; i < 0x80; i++) {
		if (p->hi[i] == cp)
			return cp;
	}
	cp_to_ascii(cp, ascii);
	return ascii[0] != '\0' ? (unsigned char)ascii[0] : '?';
}

/* Colour pairs: 0 is the terminal's own colours. P_HC_*: the high contrast theme's. */
enum { P_TITLE = 1, P_HEADING, P_QUOTE, P_MARK, P_BUTTON, P_BUTTON_KEY, P_ERROR, P_OK,
       P_FRAME, P_BAR, P_FIELD, P_FIELD_IDLE, P_HC_WHITE, P_HC_YELLOW, P_HC_CYAN };

/* Bold, underline and reverse only: terminals without colours, and the mono theme, which
 * sends no colour at all. What carries meaning differs by more than colour in every
 * theme: the cursor row, the focused field and a focused button are reverse; buttons
 * (bold) are not, so a focused one stands out. The Linux console shows bold with reverse
 * as dark grey on grey (3.2:1): its key names are reverse only. */
static void init_mono(struct ui *ui)
{
	attr_t *a = ui->priv->attrs;

	a[UI_TITLE] = A_BOLD;
	a[UI_HEADING] = A_BOLD | A_UNDERLINE;
	a[UI_SELECTED] = A_REVERSE;
	a[UI_MARK] = A_BOLD;
	a[UI_BUTTON] = A_BOLD;
	a[UI_BUTTON_KEY] = ui->priv->linux_console ? A_REVERSE : A_REVERSE | A_BOLD;
	a[UI_FIELD] = A_UNDERLINE;
	a[UI_FIELD_FOCUS] = A_REVERSE;
	a[UI_ERROR] = A_BOLD;
	a[UI_OK] = A_BOLD;
	a[UI_BAR] = A_REVERSE;
}

/* High contrast: a black background, text only in bright white, bright yellow and bright
 * cyan (the eight basic colours with bold, which the Linux console shows bright), each
 * 7:1 or more against black (WCAG 2 contrast ratio, EN 301 549 / WCAG 1.4.6 AAA):
 *
 *   colour on black             Linux console (VGA palette)   xterm palette of libvterm
 *   bold white                  ffffff  21.0:1                e0e0e0  15.9:1
 *   bold yellow                 ffff55  19.7:1                e0e000  14.8:1
 *   bold cyan                   55ffff  17.1:1                00e0e0  12.7:1
 *   black on white (reverse)    aaaaaa   9.0:1                e0e0e0  15.9:1
 *   not used: white (no bold)   aaaaaa   9.0:1   dim 555555 2.8:1   yellow aa5500 4.0:1
 *
 * So no dim (normal white instead), and reverse never with bold or yellow: the console
 * reverses bold white into dark grey on grey (3.2:1) and yellow into black on brown
 * (4.0:1). Everything but reverse video is bold, so the cursor row, the focused field, a
 * focused button, key names and the bar are reverse (black on white); headings and
 * fields are also underlined where the terminal can (the console cannot: ncv). */
static void init_high_contrast(struct ui *ui)
{
	attr_t *a = ui->priv->attrs;
	short *c = ui->priv->pairs;
	int st;

	init_pair(P_HC_WHITE, COLOR_WHITE, COLOR_BLACK);
	init_pair(P_HC_YELLOW, COLOR_YELLOW, COLOR_BLACK);
	init_pair(P_HC_CYAN, COLOR_CYAN, COLOR_BLACK);
	for (st = 0; st < UI_STYLE_COUNT; st++)
		a[st] = A_BOLD, c[st] = P_HC_WHITE;
	a[UI_TITLE] = A_BOLD, c[UI_TITLE] = P_HC_CYAN;
	a[UI_HEADING] = A_BOLD | A_UNDERLINE, c[UI_HEADING] = P_HC_YELLOW;
	c[UI_QUOTE] = P_HC_CYAN;
	a[UI_SELECTED] = A_REVERSE;
	c[UI_MARK] = P_HC_YELLOW;
	c[UI_BUTTON] = P_HC_CYAN;
	a[UI_BUTTON_KEY] = A_REVERSE;
	a[UI_FIELD] = A_BOLD | A_UNDERLINE, c[UI_FIELD] = P_HC_CYAN;
	a[UI_FIELD_FOCUS] = A_REVERSE;
	a[UI_ERROR] = A_BOLD | A_UNDERLINE, c[UI_ERROR] = P_HC_YELLOW;
	c[UI_OK] = P_HC_CYAN;
	c[UI_FRAME] = P_HC_CYAN;
	a[UI_BAR] = A_REVERSE;
	/* Cleared cells are black too, whatever the terminal's own background. */
	bkgd((chtype)' ' | COLOR_PAIR(P_HC_WHITE));
}

void ui_draw_init(struct ui *ui)
{
	struct ui_private *p = ui->priv;
	attr_t *a = p->attrs;
	short *c = p->pairs;
	short bg = -1;
	const char *theme = ui->cfg != NULL && ui->cfg->theme != NULL ? ui->cfg->theme
								      : "default";

	memset(p->attrs, 0, sizeof p->attrs);
	memset(p->pairs, 0, sizeof p->pairs);
	/* mono never starts colours: start_color() itself sends the terminal's colour reset
	 * (op, "\033[39;49m"). */
	ui->color = strcmp(theme, "mono") != 0 && has_colors() && start_color() == OK &&
		    COLORS >= 8 && COLOR_PAIRS >= 16;
	if (!ui->color) {
		init_mono(ui);
		return;
	}
	if (strcmp(theme, "high_contrast") == 0) {
		init_high_contrast(ui);
		return;
	}
	/* Only the eight basic colours, so the scheme is the same on the Linux console
	 * (8 or 16 colours) as on xterm. Without default colours: white on black. */
	if (use_default_colors() != OK)
		bg = COLOR_BLACK;
	init_pair(P_TITLE, COLOR_CYAN, bg);
	init_pair(P_HEADING, COLOR_YELLOW, bg);
	init_pair(P_QUOTE, COLOR_GREEN, bg);
	init_pair(P_MARK, COLOR_YELLOW, bg);
	init_pair(P_BUTTON, COLOR_BLACK, COLOR_CYAN);
	init_pair(P_BUTTON_KEY, COLOR_WHITE, COLOR_BLUE);
	init_pair(P_ERROR, COLOR_RED, bg);
	init_pair(P_OK, COLOR_GREEN, bg);
	init_pair(P_FRAME, COLOR_CYAN, bg);
	init_pair(P_BAR, COLOR_WHITE, COLOR_BLUE);
	/* The focused field is reverse video (not told by its colour alone): this pair
	 * reversed is black on white, as before. */
	init_pair(P_FIELD, COLOR_WHITE, COLOR_BLACK);
	init_pair(P_FIELD_IDLE, COLOR_BLACK, COLOR_WHITE);
	a[UI_TITLE] = A_BOLD, c[UI_TITLE] = P_TITLE;
	a[UI_HEADING] = A_BOLD, c[UI_HEADING] = P_HEADING;
	a[UI_DIM] = A_DIM;
	c[UI_QUOTE] = P_QUOTE;
	a[UI_SELECTED] = A_REVERSE;
	a[UI_MARK] = A_BOLD, c[UI_MARK] = P_MARK;
	c[UI_BUTTON] = P_BUTTON;
	a[UI_BUTTON_KEY] = A_BOLD, c[UI_BUTTON_KEY] = P_BUTTON_KEY;
	a[UI_FIELD] = A_UNDERLINE;
	a[UI_FIELD_FOCUS] = A_REVERSE, c[UI_FIELD_FOCUS] = P_FIELD;
	a[UI_ERROR] = A_BOLD, c[UI_ERROR] = P_ERROR;
	a[UI_OK] = A_BOLD, c[UI_OK] = P_OK;
	c[UI_FRAME] = P_FRAME;
	a[UI_BAR] = A_BOLD, c[UI_BAR] = P_BAR;
	if (p->linux_console) {
		/* The console shows underline as a colour and half-bright as grey: an empty
		 * field would not show at all. Fields get a background instead; the focused
		 * one stands out in cyan (black on cyan: cyan on black reversed). Yellow only
		 * with bold (else it is brown). */
		a[UI_FIELD] = 0, c[UI_FIELD] = P_FIELD_IDLE;
		init_pair(P_FIELD, COLOR_CYAN, COLOR_BLACK);
	}
}

void ui_draw_style(struct ui *ui, enum ui_style st)
{
	if ((int)st < 0 || st >= UI_STYLE_COUNT)
		st = UI_NORMAL;
	attr_set(ui->priv->attrs[st], ui->priv->pairs[st], NULL);
}

/* Valid UTF-8 text made of what this terminal can show: its codeset's letters, the
 * rest transliterated. The caller frees it. */
static char *to_terminal(const struct ui *ui, char *clean)
{
	const struct ui_private *p = ui->priv;
	struct buf b = {0};
	char *conv;
	size_t i;
	int any = 0;

	for (i = 0x20; i < 0x80; i++)
		any |= p->hi[i] != 0;
	if (!any) {
		conv = text_to_ascii(clean);
		free(clean);
		return conv;
	}
	conv = charset_from_utf8(clean, p->codeset);
	free(clean);
	buf_add(&b, "", 0);
	for (i = 0; conv[i] != '\0'; i++) {
		unsigned char c = (unsigned char)conv[i];
		char u[8];

		if (c < 0x80) {
			buf_add(&b, conv + i, 1);
			continue;
		}
		buf_add(&b, u, (size_t)utf8_encode(p->hi[c - 0x80] ? p->hi[c - 0x80] : '?', u));
	}
	free(conv);
	return buf_take(&b);
}

/* Sanitised text ready for this terminal (see to_terminal). The caller frees it. */
static char *prepare(struct ui *ui, const char *s, int keep_newlines)
{
	char *clean = text_sanitize(s != NULL ? s : "", s != NULL ? strlen(s) : 0,
				    keep_newlines);

	if (ui->utf8_term)
		return clean;
	return to_terminal(ui, clean);
}

/* Print already prepared text (valid UTF-8, no controls) at the cursor position. */
static void put_utf8(const char *s, size_t n)
{
	wchar_t wbuf[256];
	size_t i = 0;
	int k = 0;

	while (i < n) {
		uint32_t cp;

		i += (size_t)utf8_decode(s + i, n - i, &cp);
		wbuf[k++] = (wchar_t)cp;
		if (k == (int)(sizeof wbuf / sizeof wbuf[0])) {
			addnwstr(wbuf, k);
			k = 0;
		}
	}
	if (k > 0)
		addnwstr(wbuf, k);
}

static int width_n(const char *s, size_t n)
{
	char *t = xstrndup(s, n);
	int w = text_width(t);

	free(t);
	return w;
}

static int clip(int y, int x, int *w)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS || *w <= 0)
		return -1;
	if (x + *w > COLS)
		*w = COLS - x;
	return 0;
}

/* Print prepared text s cut to w columns with an ellipsis; returns columns used. */
static int put_fit(struct ui *ui, int y, int x, int w, const char *s)
{
	int tw = text_width(s);
	size_t n;

	move(y, x);
	if (tw <= w) {
		put_utf8(s, strlen(s));
		return tw;
	}
	n = text_fit(s, w - 1);
	put_utf8(s, n);
	if (ui->utf8_term)
		put_utf8(ELLIPSIS, strlen(ELLIPSIS));
	else
		addch('~');
	return width_n(s, n) + 1;
}

static int put_text(struct ui *ui, int y, int x, int w, enum ui_style st, const char *s,
		    int pad)
{
	char *t;
	int used;

	if (clip(y, x, &w) < 0)
		return 0;
	ui_speak_drawn(ui, st, s);
	t = prepare(ui, s, 0);
	ui_draw_style(ui, st);
	used = put_fit(ui, y, x, w, t);
	free(t);
	if (pad && used < w)
		mvhline(y, x + used, ' ', w - used);
	return used;
}

int ui_text(struct ui *ui, int y, int x, int w, enum ui_style st, const char *s)
{
	return put_text(ui, y, x, w, st, s, 1);
}

int ui_text_at(struct ui *ui, int y, int x, int w, enum ui_style st, const char *s)
{
	return put_text(ui, y, x, w, st, s, 0);
}

void ui_top_bar(struct ui *ui, const char *title, const char *right)
{
	int rw = right != NULL ? ui_width(right) : 0;

	ui_fill(ui, 0, 0, 1, ui->cols, UI_BAR);
	ui_text_at(ui, 0, 1, ui->cols - (rw > 0 ? rw + 3 : 2), UI_BAR, title);
	ui_title(ui, title);
	if (rw > 0)
		ui_text_at(ui, 0, ui->cols - rw - 1, rw, UI_BAR, right);
}

int ui_textf(struct ui *ui, int y, int x, int w, enum ui_style st, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	r = put_text(ui, y, x, w, st, s, 0);
	free(s);
	return r;
}

int ui_text_center(struct ui *ui, int y, int x, int w, enum ui_style st, const char *s)
{
	int tw = ui_width(s);
	int at = tw >= w ? x : x + (w - tw) / 2;

	put_text(ui, y, at, w - (at - x), st, s, 0);
	return at;
}

int ui_text_wrap(struct ui *ui, int y, int x, int h, int w, enum ui_style st, const char *s)
{
	char *t, **lines = NULL;
	int n, i;

	if (h <= 0 || w <= 0)
		return 0;
	ui_speak_drawn(ui, st, s);
	t = prepare(ui, s, 1);
	n = text_wrap(t, w, &lines);
	for (i = 0; i < n && i < h; i++)
		put_text(ui, y + i, x, w, st, lines[i], 0);
	text_lines_free(lines, n);
	free(t);
	return n < h ? n : h;
}

void ui_fill(struct ui *ui, int y, int x, int h, int w, enum ui_style st)
{
	int i;

	ui_draw_style(ui, st);
	for (i = 0; i < h; i++) {
		int ww = w;

		if (clip(y + i, x, &ww) == 0)
			mvhline(y + i, x, ' ', ww);
	}
}

void ui_hline(struct ui *ui, int y, int x, int w, enum ui_style st)
{
	if (clip(y, x, &w) < 0)
		return;
	ui_draw_style(ui, st);
	if (ui->utf8_term)
		mvhline_set(y, x, WACS_HLINE, w);
	else
		mvhline(y, x, ACS_HLINE, w);   /* the terminal's own line drawing set */
}

void ui_vline(struct ui *ui, int y, int x, int h, enum ui_style st)
{
	int one = 1;

	if (clip(y, x, &one) < 0 || h <= 0)
		return;
	if (y + h > LINES)
		h = LINES - y;
	ui_draw_style(ui, st);
	if (ui->utf8_term)
		mvvline_set(y, x, WACS_VLINE, h);
	else
		mvvline(y, x, ACS_VLINE, h);
}

void ui_box(struct ui *ui, int y, int x, int h, int w, enum ui_style st, const char *title)
{
	if (h < 2 || w < 2)
		return;
	ui_fill(ui, y + 1, x + 1, h - 2, w - 2, UI_NORMAL);
	ui_draw_style(ui, st);
	ui_hline(ui, y, x + 1, w - 2, st);
	ui_hline(ui, y + h - 1, x + 1, w - 2, st);
	ui_vline(ui, y + 1, x, h - 2, st);
	ui_vline(ui, y + 1, x + w - 1, h - 2, st);
	if (y >= 0 && y + h <= LINES && x >= 0 && x + w <= COLS && ui->utf8_term) {
		mvadd_wch(y, x, WACS_ULCORNER);
		mvadd_wch(y, x + w - 1, WACS_URCORNER);
		mvadd_wch(y + h - 1, x, WACS_LLCORNER);
		mvadd_wch(y + h - 1, x + w - 1, WACS_LRCORNER);
	} else if (y >= 0 && y + h <= LINES && x >= 0 && x + w <= COLS) {
		mvaddch(y, x, ACS_ULCORNER);
		mvaddch(y, x + w - 1, ACS_URCORNER);
		mvaddch(y + h - 1, x, ACS_LLCORNER);
		mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	}
	if (title != NULL && title[0] != '\0' && w > 6) {
		int used = put_text(ui, y, x + 2, w - 6, UI_TITLE, " ", 0);

		used += put_text(ui, y, x + 2 + used, w - 6 - used, UI_TITLE, title, 0);
		put_text(ui, y, x + 2 + used, 1, UI_TITLE, " ", 0);
	}
}

int ui_width(const char *s)
{
	char *t = text_sanitize(s != NULL ? s : "", s != NULL ? strlen(s) : 0, 0);
	int w;

	/* Transliteration may make text longer (Щ -> Shch): measure what is shown. */
	if (term_ui != NULL && term_ui->priv != NULL && !term_ui->utf8_term)
		t = to_terminal(term_ui, t);
	w = text_width(t);
	free(t);
	return w;
}

void ui_click_area(struct ui *ui, int y, int x, int h, int w, enum action act, int tag)
{
	struct ui_private *p = ui->priv;

	if (p->nareas >= UI_MAX_AREAS)
		return;
	p->areas[p->nareas++] = (struct ui_area){y, x, h, w, act, tag};
}

int ui_click_tag(const struct ui *ui)
{
	return ui->priv->click_tag;
}
