/* The widgets: key bar, list, pager and message box (the form field: ui_field.c). */
#include "ui_private.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"
#include "util.h"

/* ---- key bar ---- */

void ui_keybar_at(struct ui *ui, int y, const struct ui_button *b, int n)
{
	const struct ui_keydef *t = ui->priv->drawing != NULL ? ui->priv->drawing->keys : NULL;
	int x = 0, i;

	ui_fill(ui, y, 0, 1, COLS, UI_NORMAL);
	for (i = 0; i < n; i++) {
		const char *k = b[i].key != NULL ? b[i].key : ui_keys_name(t, b[i].act, b[i].tag);
		const char *label = b[i].label != NULL ? b[i].label
						       : ui_keys_label(t, b[i].act, b[i].tag);
		int kw = k[0] != '\0' ? ui_width(k) + 2 : 0;
		int lw = ui_width(label) + 2;

		if (x + kw + lw > COLS)
			break;
		if (kw > 0) {
			ui_text_at(ui, y, x, 1, UI_BUTTON_KEY, " ");
			ui_text_at(ui, y, x + 1, kw - 1, UI_BUTTON_KEY, k);
			ui_text_at(ui, y, x + kw - 1, 1, UI_BUTTON_KEY, " ");
		}
		ui_text_at(ui, y, x + kw, 1, UI_BUTTON, " ");
		ui_text_at(ui, y, x + kw + 1, lw - 1, UI_BUTTON, label);
		ui_text_at(ui, y, x + kw + lw - 1, 1, UI_BUTTON, " ");
		ui_click_area(ui, y, x, 1, kw + lw, b[i].act, b[i].tag);
		x += kw + lw + 1;
	}
	/* The language, on the right of the bottom row, for whoever looks for it. */
	if (y == LINES - 1) {
		const char *lang = i18n_language();
		char code[8];
		int j;

		for (j = 0; lang[j] != '\0' && j < 7; j++)
			code[j] = (char)(lang[j] >= 'a' && lang[j] <= 'z' ? lang[j] - 32 : lang[j]);
		code[j] = '\0';
		if (x + j + 2 <= COLS) {
			ui_text_at(ui, y, COLS - j - 1, j, UI_DIM, code);
			ui_click_area(ui, y, COLS - j - 2, 1, j + 2, ACT_LANG, -1);
		}
	}
}

#define MAX_KEYS 16

void ui_keybar(struct ui *ui, const struct ui_key *keys, int n)
{
	struct ui_button b[MAX_KEYS];
	int i;

	if (n > MAX_KEYS)
		n = MAX_KEYS;
	for (i = 0; i < n; i++) {
		b[i].act = keys[i].act;
		b[i].key = NULL;
		b[i].label = keys[i].label != NULL ? _(keys[i].label) : NULL;
		b[i].tag = -1;
	}
	ui_keybar_at(ui, LINES - 1, b, n);
}

int ui_button(struct ui *ui, int y, int x, const char *label, bool focused,
	      enum action act)
{
	int w = ui_width(label) + 4;

	if (w > COLS - 2)
		w = COLS - 2;
	if (x < 0)
		x = COLS - 1 - w;
	/* Focus shows by its marks as well as its colour: "▶ Send ◀" for "[ Send ]". */
	ui_text_at(ui, y, x, 2, focused ? UI_SELECTED : UI_BUTTON,
		   !focused ? "[ " : ui->utf8_term ? "\xe2\x96\xb6 " : "> ");
	if (focused)
		ui_focus(ui, y, x + 2, label);
	ui_text_at(ui, y, x + 2, w - 4, focused ? UI_SELECTED : UI_BUTTON, label);
	ui_text_at(ui, y, x + w - 2, 2, focused ? UI_SELECTED : UI_BUTTON,
		   !focused ? " ]" : ui->utf8_term ? " \xe2\x97\x80" : " <");
	ui_click_area(ui, y, x, 1, w, act, -1);
	return w;
}

/* ---- language choice ---- */

#define MAX_LANGS 8

void ui_lang_buttons(struct ui *ui, int y)
{
	const char *langs[MAX_LANGS];
	int nl = ui_languages(ui, langs, MAX_LANGS), i, w = 0, x;

	for (i = 0; i < nl; i++)
		w += ui_width(i18n_language_name(langs[i])) + 4;
	x = (COLS - w + 2) / 2;
	if (x < 0)
		x = 0;
	for (i = 0; i < nl; i++) {
		const char *name = i18n_language_name(langs[i]);
		int nw = ui_width(name) + 2;
		enum ui_style st = strcmp(langs[i], i18n_language()) == 0 ? UI_BUTTON_KEY
									 : UI_BUTTON;

		ui_text_at(ui, y, x, 1, st, " ");
		ui_text_at(ui, y, x + 1, nw - 2, st, name);
		ui_text_at(ui, y, x + nw - 1, 1, st, " ");
		ui_click_area(ui, y, x, 1, nw, ACT_LANG, i);
		x += nw + 2;
	}
}

struct ui_result ui_lang_key(struct ui *ui)
{
	const char *langs[MAX_LANGS];
	int nl = ui_languages(ui, langs, MAX_LANGS), tag = ui_click_tag(ui);

	if (tag >= 0 && tag < nl)
		ui_set_language(ui, langs[tag]);
	else
		ui_set_language(ui, NULL);
	return ui_redraw();
}

const char *ui_original_note(const char *lang)
{
	static const struct {
		const char *lang, *note;
	} notes[] = {
		/* TRANSLATORS: on a story shown in its original language because there is
		 * no translation into the visitor's language */
		{"lt", N_("Original in Lithuanian")},
		{"en", N_("Original in English")},
		{"ru", N_("Original in Russian")},
		{"pl", N_("Original in Polish")},
	};
	size_t i;

	for (i = 0; lang != NULL && i < sizeof notes / sizeof notes[0]; i++) {
		if (strcmp(notes[i].lang, lang) == 0)
			return _(notes[i].note);
	}
	/* TRANSLATORS: as "Original in Lithuanian", for a language without a name here */
	return _("Original language");
}

/* ---- list ---- */

static int list_rh(const struct ui_list *l)
{
	return l->row_h > 0 ? l->row_h : 1;
}

/* Items that fit in the last drawn height. */
static int list_vis(const struct ui_list *l)
{
	return l->h / list_rh(l);
}

static void list_clamp(struct ui_list *l, int vis)
{
	if (l->n <= 0) {
		l->sel = 0;
		l->top = 0;
		return;
	}
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (vis <= 0)
		return;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + vis)
		l->top = l->sel - vis + 1;
	if (l->top > l->n - vis)
		l->top = l->n - vis;
	if (l->top < 0)
		l->top = 0;
}

void ui_list_set_count(struct ui_list *l, int n)
{
	l->n = n < 0 ? 0 : n;
	list_clamp(l, list_vis(l));
}

static void scroll_marks(struct ui *ui, int y, int x, int h, int top, int n, int vis)
{
	if (n <= vis || h < 2)
		return;
	ui_text_at(ui, y, x, 1, UI_DIM, top > 0 ? (ui->utf8_term ? "\xe2\x96\xb2" : "^") : " ");
	ui_text_at(ui, y + h - 1, x, 1, UI_DIM,
		   top + vis < n ? (ui->utf8_term ? "\xe2\x96\xbc" : "v") : " ");
}

void ui_list_draw(struct ui *ui, struct ui_list *l, int y, int x, int h, int w)
{
	int rh = list_rh(l), vis, i;

	l->y = y, l->x = x, l->h = h, l->w = w;
	vis = list_vis(l);
	list_clamp(l, vis);
	ui_fill(ui, y, x, h, w, UI_NORMAL);
	for (i = 0; i < vis; i++) {
		int row = l->top + i, yy = y + i * rh;

		if (row >= l->n)
			break;
		if (row == l->sel && l->cursor == UI_CURSOR_BAR)
			ui_fill(ui, yy, x, rh, w - 1, UI_SELECTED);
		if (row == l->sel)
			ui_text(ui, yy, x, 2, l->cursor == UI_CURSOR_BAR ? UI_SELECTED :
				l->cursor == UI_CURSOR_DIM ? UI_DIM : UI_MARK,
				ui->utf8_term ? "\xe2\x96\xb6" : ">");
		if (row == l->sel && l->cursor != UI_CURSOR_DIM)
			ui_focus_begin(ui, yy, x + 2);
		if (l->draw_row != NULL)
			l->draw_row(ui, l->ctx, row, yy, x + 2, w - 3, row == l->sel);
		ui_focus_end(ui);
	}
	scroll_marks(ui, y, x + w - 1, h, l->top, l->n, vis);
}

enum ui_list_result ui_list_key(struct ui_list *l, const struct ui_event *ev)
{
	int vis = list_vis(l), page = vis > 1 ? vis : 1;
	int old = l->sel, oldtop = l->top, k;

	if (l->n <= 0)
		return UI_LIST_IGNORED;
	switch (ev->act) {
	case ACT_UP:
		if (l->sel == 0)
			return UI_LIST_IGNORED;
		l->sel--;
		break;
	case ACT_DOWN:
		if (l->sel >= l->n - 1)
			return UI_LIST_IGNORED;
		l->sel++;
		break;
	case ACT_PAGE_UP:
		l->sel -= page;
		l->top -= page;
		break;
	case ACT_PAGE_DOWN:
		l->sel += page;
		if (l->top + page <= l->n - vis)
			l->top += page;
		break;
	case ACT_FIRST:
		l->sel = 0;
		break;
	case ACT_LAST:
		l->sel = l->n - 1;
		break;
	case ACT_OPEN:
		return UI_LIST_OPEN;
	case ACT_CLICK:
		if (ev->row < l->y || ev->row >= l->y + vis * list_rh(l) || ev->col < l->x ||
		    ev->col >= l->x + l->w)
			return UI_LIST_IGNORED;
		k = l->top + (ev->row - l->y) / list_rh(l);
		if (k >= l->n)
			return UI_LIST_IGNORED;
		l->sel = k;
		return UI_LIST_OPEN;
	case ACT_WHEEL_UP:
	case ACT_WHEEL_DOWN:
		l->top += ev->act == ACT_WHEEL_UP ? -3 : 3;
		if (l->top > l->n - vis)
			l->top = l->n - vis;
		if (l->top < 0)
			l->top = 0;
		if (l->sel < l->top)
			l->sel = l->top;
		if (vis > 0 && l->sel >= l->top + vis)
			l->sel = l->top + vis - 1;
		break;
	default:
		return UI_LIST_IGNORED;
	}
	if (l->top < 0)
		l->top = 0;
	list_clamp(l, vis);
	return l->sel != old || l->top != oldtop ? UI_LIST_MOVED : UI_LIST_IGNORED;
}

/* ---- pager ---- */

void ui_pager_reset(struct ui_pager *p, int width)
{
	int i;

	for (i = 0; i < p->n; i++)
		free(p->lines[i].text);
	p->n = 0;
	p->width = width < 1 ? 1 : width;
}

static void pager_push(struct ui_pager *p, char *text, enum ui_style st, int indent, int link)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->lines = xrealloc(p->lines, (size_t)p->cap * sizeof *p->lines);
	}
	p->lines[p->n++] = (struct ui_pager_line){text, st, indent, link};
}

void ui_pager_add(struct ui_pager *p, const char *text, enum ui_style st, int indent,
		  int link)
{
	char *clean = text_sanitize(text != NULL ? text : "", text != NULL ? strlen(text) : 0, 1);
	char **lines = NULL;
	int w = p->width - indent, n, i;

	if (w < 8) {
		indent = 0;
		w = p->width;
	}
	n = text_wrap(clean, w, &lines);
	for (i = 0; i < n; i++) {
		pager_push(p, lines[i], st, indent, link);
		lines[i] = NULL;
	}
	text_lines_free(lines, n);
	free(clean);
}

void ui_pager_blank(struct ui_pager *p)
{
	pager_push(p, xstrdup(""), UI_NORMAL, 0, -1);
}

static void pager_clamp(struct ui_pager *p)
{
	int h = p->h > 0 ? p->h : 1;

	if (p->top > p->n - h)
		p->top = p->n - h;
	if (p->top < 0)
		p->top = 0;
}

void ui_pager_draw(struct ui *ui, struct ui_pager *p, int y, int x, int h, int w)
{
	int i;

	p->y = y, p->x = x, p->h = h, p->w = w;
	pager_clamp(p);
	if (p->focus < 0)       /* no link chosen: what shows is read, page by page */
		ui_focus_begin(ui, y, x);
	for (i = 0; i < h; i++) {
		int k = p->top + i;
		const struct ui_pager_line *ln;
		enum ui_style st;

		ui_fill(ui, y + i, x, 1, w - 1, UI_NORMAL);
		if (k >= p->n)
			continue;
		ln = &p->lines[k];
		st = ln->style;
		if (ln->link >= 0 && ln->link == p->focus) {
			if (k == 0 || p->lines[k - 1].link != ln->link || i == 0)
				ui_focus_begin(ui, y + i, x + ln->indent);
			st = UI_SELECTED;
			if (ln->indent >= 2)
				ui_text_at(ui, y + i, x + ln->indent - 2, 1, UI_MARK,
					   ui->utf8_term ? "\xe2\x96\xb6" : ">");
		}
		ui_text_at(ui, y + i, x + ln->indent, w - 1 - ln->indent, st, ln->text);
		if (p->focus >= 0 && (k + 1 >= p->n || p->lines[k + 1].link != ln->link))
			ui_focus_end(ui);
	}
	ui_focus_end(ui);
	ui_fill(ui, y, x + w - 1, h, 1, UI_NORMAL);
	scroll_marks(ui, y, x + w - 1, h, p->top, p->n, h);
}

void ui_pager_show(struct ui_pager *p, int i)
{
	int h = p->h > 0 ? p->h : 1;

	if (i < p->top)
		p->top = i;
	else if (i >= p->top + h)
		p->top = i - h + 1;
	pager_clamp(p);
}

static int link_first_line(const struct ui_pager *p, int link)
{
	int i;

	for (i = 0; i < p->n; i++) {
		if (p->lines[i].link == link)
			return i;
	}
	return -1;
}

static int pager_step_link(struct ui_pager *p, int dir)
{
	int start = p->focus >= 0 ? link_first_line(p, p->focus) : -1;
	int i, last;

	if (start < 0)
		start = dir > 0 ? p->top - 1 : p->top + (p->h > 0 ? p->h : 1);
	for (i = start + dir; i >= 0 && i < p->n; i += dir) {
		int l = p->lines[i].link;

		if (l < 0 || l == p->focus)
			continue;
		p->focus = l;
		i = link_first_line(p, l);
		for (last = i; last + 1 < p->n && p->lines[last + 1].link == l; last++)
			;
		ui_pager_show(p, last);
		ui_pager_show(p, i);
		return 1;
	}
	return 0;
}

int ui_scroll_key(const struct ui_event *ev, int *top, int total, int rows)
{
	int page = rows > 1 ? rows - 1 : 1, max = total - rows;

	switch (ev->act) {
	case ACT_UP:
	case ACT_DOWN:
		*top += ev->act == ACT_UP ? -1 : 1;
		break;
	case ACT_WHEEL_UP:
	case ACT_WHEEL_DOWN:
		*top += ev->act == ACT_WHEEL_UP ? -3 : 3;
		break;
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
		*top += ev->act == ACT_PAGE_UP ? -page : page;
		break;
	case ACT_FIRST:
		*top = 0;
		break;
	case ACT_LAST:
		*top = max;
		break;
	default:
		return 0;
	}
	if (*top > max)
		*top = max;
	if (*top < 0)
		*top = 0;
	return 1;
}

/* After scrolling: a focused link scrolled out of sight loses the focus. */
static enum ui_list_result pager_moved(struct ui_pager *p, int old, int oldfocus)
{
	pager_clamp(p);
	if (p->focus >= 0) {
		int i = link_first_line(p, p->focus);

		if (i < p->top || i >= p->top + p->h)
			p->focus = -1;
	}
	return p->top != old || p->focus != oldfocus ? UI_LIST_MOVED : UI_LIST_IGNORED;
}

enum ui_list_result ui_pager_key(struct ui_pager *p, const struct ui_event *ev, int *link)
{
	int old = p->top, oldfocus = p->focus;

	if (ui_scroll_key(ev, &p->top, p->n, p->h > 0 ? p->h : 1))
		return pager_moved(p, old, oldfocus);
	switch (ev->act) {
	case ACT_NEXT:
	case ACT_PREV:
		if (!pager_step_link(p, ev->act == ACT_NEXT ? 1 : -1))
			return UI_LIST_IGNORED;
		return UI_LIST_MOVED;
	case ACT_OPEN:
		if (p->focus < 0)
			return UI_LIST_IGNORED;
		*link = p->focus;
		return UI_LIST_OPEN;
	case ACT_CLICK: {
		int k = p->top + ev->row - p->y;

		if (ev->row < p->y || ev->row >= p->y + p->h || ev->col < p->x ||
		    ev->col >= p->x + p->w || k >= p->n || p->lines[k].link < 0)
			return UI_LIST_IGNORED;
		p->focus = p->lines[k].link;
		*link = p->focus;
		return UI_LIST_OPEN;
	}
	default:
		return UI_LIST_IGNORED;
	}
}

void ui_pager_free(struct ui_pager *p)
{
	ui_pager_reset(p, 1);
	free(p->lines);
	memset(p, 0, sizeof *p);
	p->focus = -1;
}

/* ---- wrapped text ---- */

int ui_text_rows(const char *s, int w)
{
	char *clean = text_sanitize(s != NULL ? s : "", s != NULL ? strlen(s) : 0, 1);
	char **lines = NULL;
	int n, i, rows;

	if (w < 1)
		w = 1;
	n = text_wrap(clean, w, &lines);
	rows = n;
	/* A terminal without Unicode shows some letters longer (Щ -> Shch): a row more
	 * where a line grew past the width. */
	for (i = 0; i < n; i++)
		rows += (ui_width(lines[i]) - 1) / w;
	text_lines_free(lines, n);
	free(clean);
	return rows;
}

/* ---- message box ---- */

/* What a message box says when it opens: its title and its text. */
static void msgbox_title(struct ui *ui, const char *title, const char *text)
{
	char *s;

	if (!ui_speech_on(ui))
		return;
	s = xasprintf("%s%s%s", title != NULL ? title : "",
		      title != NULL && title[0] != '\0' ? ". " : "", text != NULL ? text : "");
	ui_title(ui, s);
	free(s);
}

int ui_msgbox_draw(struct ui *ui, const char *title, const char *text,
		   const struct ui_key *buttons, int nbuttons)
{
	char *clean = text_sanitize(text != NULL ? text : "", text != NULL ? strlen(text) : 0, 1);
	char **lines = NULL;
	int w = COLS - 8 < 64 ? COLS - 8 : 64, n, h, y, x, i, bw = 0, bx;

	if (w < 20)
		w = COLS;
	n = text_wrap(clean, w - 6, &lines);
	free(clean);
	if (n > LINES - 8)
		n = LINES - 8 > 0 ? LINES - 8 : 0;
	h = n + 4 + (nbuttons > 0 ? 2 : 0);
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	ui_box(ui, y, x, h, w, UI_FRAME, title);
	msgbox_title(ui, title, text);
	for (i = 0; i < n; i++)
		ui_text(ui, y + 2 + i, x + 3, w - 6, UI_NORMAL, lines[i]);
	text_lines_free(lines, n);
	for (i = 0; i < nbuttons && i < 3; i++) {
		const char *l = buttons[i].label != NULL ? _(buttons[i].label)
							 : ui_action_label(buttons[i].act);

		bw += ui_width(l) + 4 + 2;
	}
	bx = x + (w - bw + 2) / 2;
	for (i = 0; i < nbuttons && i < 3; i++) {
		const char *l = buttons[i].label != NULL ? _(buttons[i].label)
							 : ui_action_label(buttons[i].act);
		int lw = ui_width(l) + 4;

		ui_text_at(ui, y + h - 2, bx, 2, UI_BUTTON_KEY, "  ");
		if (i == 0)     /* Enter's */
			ui_focus(ui, y + h - 2, bx + 2, l);
		ui_text_at(ui, y + h - 2, bx + 2, lw - 4, UI_BUTTON_KEY, l);
		ui_text_at(ui, y + h - 2, bx + lw - 2, 2, UI_BUTTON_KEY, "  ");
		ui_click_area(ui, y + h - 2, bx, 1, lw, buttons[i].act, -1);
		bx += lw + 2;
	}
	return y;
}

struct message {
	char *title, *text;
};

static void *message_enter(struct ui *ui, const char *arg)
{
	struct message *m = xcalloc(1, sizeof *m);
	const char *sep = arg != NULL ? strchr(arg, '\x1f') : NULL;

	(void)ui;
	if (sep != NULL) {
		m->title = xstrndup(arg, (size_t)(sep - arg));
		m->text = xstrdup(sep + 1);
	} else {
		m->title = xstrdup("");
		m->text = xstrdup(arg != NULL ? arg : "");
	}
	return m;
}

static void message_draw(struct ui *ui, void *st)
{
	static const struct ui_key ok[] = {{ACT_OPEN, N_("OK")}};
	struct message *m = st;

	ui_msgbox_draw(ui, m->title[0] ? _(m->title) : "", _(m->text), ok, 1);
}

static struct ui_result message_key(struct ui *ui, void *st, const struct ui_event *ev)
{
	(void)ui, (void)st;
	switch (ev->act) {
	case ACT_OPEN:
	case ACT_BACK:
	case ACT_CLICK:
	case ACT_ERASE:
		return ui_pop();
	case ACT_HELP:
	case ACT_LANG:
	case ACT_HOME:
		return ui_unhandled();
	default:
		return ui_stay();
	}
}

static void message_leave(struct ui *ui, void *st)
{
	struct message *m = st;

	(void)ui;
	free(m->title);
	free(m->text);
	free(m);
}

static const struct screen screen_message = {
	.name = "message",
	.flags = SCREEN_OVERLAY,
	.enter = message_enter,
	.draw = message_draw,
	.key = message_key,
	.leave = message_leave,
};

struct ui_result ui_message(struct ui *ui, const char *title, const char *text)
{
	static char *pending;

	(void)ui;
	free(pending);
	pending = xasprintf("%s\x1f%s", title != NULL ? title : "", text != NULL ? text : "");
	return ui_push(&screen_message, pending);
}
