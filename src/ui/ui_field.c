/* The form field editor: UTF-8 text with limits in characters and bytes, a cursor that
 * moves and deletes by character, one-row (scrolled) or wrapped multi-row display.
 * Visitors' personal data goes through here, so the text stays in its one buffer: it is
 * drawn straight from there (no sanitised copies on the heap) and every byte it frees
 * is zeroed. */
#include "ui_private.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "outbox.h"
#include "text.h"
#include "ui_field.h"
#include "util.h"

bool ui_field_allowed(uint32_t cp)
{
	/* The same characters request validation refuses: controls, invisible format
	 * characters, bidi overrides, line separators, noncharacters. */
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return false;
	if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
	    (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFC) ||
	    cp == 0xFFFD || cp == 0xFFFE || cp == 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    cp > 0x10FFFF)
		return false;
	return true;
}

void ui_field_init(struct ui_field *f, size_t max_bytes, int max_chars)
{
	memset(f, 0, sizeof *f);
	f->max_bytes = max_bytes > 0 ? max_bytes : 1;
	f->max_chars = max_chars;
	f->text = xcalloc(1, f->max_bytes + 1);
}

void ui_field_set(struct ui_field *f, const char *s)
{
	ui_field_scrub(f);
	ui_field_insert(f, s != NULL ? s : "", false);
	f->cur = f->len;
}

void ui_field_wipe(struct ui_field *f)
{
	ui_field_scrub(f);
}

void ui_field_free(struct ui_field *f)
{
	ui_field_scrub(f);
	free(f->text);
	f->text = NULL;
}

void ui_field_scrub(struct ui_field *f)
{
	/* wipe() cannot be optimised away, unlike a memset right before free. */
	if (f->text != NULL)
		wipe(f->text, f->max_bytes + 1);
	f->len = 0;
	f->cur = 0;
	f->scroll = 0;
}

int ui_field_chars(const struct ui_field *f)
{
	return f->text != NULL ? (int)utf8_len(f->text) : 0;
}

bool ui_field_blank(const struct ui_field *f)
{
	size_t i;

	for (i = 0; i < f->len; i++) {
		if (f->text[i] != ' ' && f->text[i] != '\n')
			return false;
	}
	return true;
}

/* Remove bytes [a, b) and zero the tail they leave. */
static void cut(struct ui_field *f, size_t a, size_t b)
{
	size_t n = b - a;

	if (b <= a || b > f->len)
		return;
	memmove(f->text + a, f->text + b, f->len - b + 1);
	f->len -= n;
	wipe(f->text + f->len + 1, n);
	if (f->cur > b)
		f->cur -= n;
	else if (f->cur > a)
		f->cur = a;
}

int ui_field_insert(struct ui_field *f, const char *s, bool multiline)
{
	size_t i = 0, n = strlen(s);
	int chars = ui_field_chars(f), added = 0;

	while (i < n) {
		uint32_t cp;
		int len = utf8_decode(s + i, n - i, &cp);
		const char *p = s + i;

		i += (size_t)len;
		if (cp == '\r' || cp == '\t')
			cp = multiline && cp == '\r' ? '\n' : ' ';
		if (cp == '\n' && !multiline)
			cp = ' ';
		if (cp == ' ' || cp == '\n') {
			p = cp == ' ' ? " " : "\n";
			len = 1;
		} else if (!ui_field_allowed(cp) || (len == 1 && cp == 0xFFFD)) {
			continue;
		}
		if (f->max_chars > 0 && chars >= f->max_chars)
			break;
		if (f->len + (size_t)len > f->max_bytes)
			break;
		memmove(f->text + f->cur + len, f->text + f->cur, f->len - f->cur + 1);
		memcpy(f->text + f->cur, p, (size_t)len);
		f->len += (size_t)len;
		f->cur += (size_t)len;
		chars++;
		added++;
	}
	return added;
}

/* ---- layout: the rows of a multi-row field ---- */

struct rows {
	size_t *start;          /* byte offset where each row starts */
	int n;
};

static int cells(uint32_t cp)
{
	return cp == '\n' ? 0 : cp_width(cp);
}

/* Columns of text[a, b). */
static int cols_between(const char *t, size_t a, size_t b)
{
	int w = 0;

	while (a < b) {
		uint32_t cp;

		a += (size_t)utf8_decode(t + a, b - a, &cp);
		w += cells(cp);
	}
	return w;
}

/* Wrap at spaces where possible, else anywhere; '\n' ends a row. A final row for the
 * cursor is added when the text ends with '\n' or fills its last row. */
static void layout(const struct ui_field *f, int w, struct rows *r)
{
	const char *t = f->text;
	size_t i = 0, line = 0, space = 0;
	int col = 0;

	r->start = xmalloc((f->len + 2) * sizeof *r->start);
	r->n = 0;
	r->start[r->n++] = 0;
	if (w < 1)
		w = 1;
	while (i < f->len) {
		uint32_t cp;
		size_t next = i + (size_t)utf8_decode(t + i, f->len - i, &cp);
		int cw = cells(cp);

		if (cp == '\n') {
			line = next;
			space = 0;
			col = 0;
			r->start[r->n++] = line;
			i = next;
			continue;
		}
		if (col + cw > w && col > 0) {
			if (space > line) {
				line = space;
				col = cols_between(t, line, i);
			} else {
				line = i;
				col = 0;
			}
			space = 0;
			r->start[r->n++] = line;
		}
		col += cw;
		if (cp == ' ')
			space = next;
		i = next;
	}
	if (col >= w && f->len > 0 && t[f->len - 1] != '\n')
		r->start[r->n++] = f->len;
}

static int row_of(const struct rows *r, size_t off)
{
	int i = r->n - 1;

	while (i > 0 && r->start[i] > off)
		i--;
	return i;
}

/* The end of row i, without the '\n' that ends it. */
static size_t row_end(const struct ui_field *f, const struct rows *r, int i)
{
	size_t e = i + 1 < r->n ? r->start[i + 1] : f->len;

	if (e > r->start[i] && f->text[e - 1] == '\n')
		e--;
	return e;
}

/* The offset in row i closest to column col. */
static size_t offset_at(const struct ui_field *f, const struct rows *r, int i, int col)
{
	size_t o = r->start[i], e = row_end(f, r, i);
	int c = 0;

	/* A soft break: the last position of a row is the start of the next one. */
	if (i + 1 < r->n && e == r->start[i + 1] && e > o)
		e = utf8_prev(f->text, e);
	while (o < e) {
		uint32_t cp;
		size_t next = o + (size_t)utf8_decode(f->text + o, e - o, &cp);

		if (c + cells(cp) > col)
			break;
		c += cells(cp);
		o = next;
	}
	return o;
}

static int multirow(const struct ui_field *f)
{
	return f->h > 1 && f->w > 0;
}

static int move_vertical(struct ui_field *f, int dir)
{
	struct rows r;
	int row, col, ok = 0;

	layout(f, f->w, &r);
	row = row_of(&r, f->cur);
	col = cols_between(f->text, r.start[row], f->cur);
	if (row + dir >= 0 && row + dir < r.n) {
		f->cur = offset_at(f, &r, row + dir, col);
		ok = 1;
	}
	free(r.start);
	return ok;
}

static void home_end(struct ui_field *f, int end)
{
	struct rows r;
	int row;

	if (!multirow(f)) {
		f->cur = end ? f->len : 0;
		return;
	}
	layout(f, f->w, &r);
	row = row_of(&r, f->cur);
	f->cur = end ? offset_at(f, &r, row, 1 << 20) : r.start[row];
	free(r.start);
}

static int click(struct ui_field *f, int y, int x)
{
	struct rows r;
	int row;

	if (y < f->y || y >= f->y + (f->h > 0 ? f->h : 1) || x < f->x || x >= f->x + f->w)
		return 0;
	if (!multirow(f)) {
		struct rows one = {NULL, 1};
		size_t zero = 0;

		one.start = &zero;
		f->cur = offset_at(f, &one, 0, x - f->x + f->scroll);
		return 2;
	}
	layout(f, f->w, &r);
	row = f->scroll + (y - f->y);
	if (row >= r.n)
		row = r.n - 1;
	f->cur = offset_at(f, &r, row, x - f->x);
	free(r.start);
	return 2;
}

int ui_field_edit(struct ui_field *f, const struct ui_event *ev, bool multiline)
{
	size_t before = f->len;

	switch (ev->act) {
	case ACT_CHAR:
		ui_field_insert(f, ev->utf8, false);
		return f->len != before ? 1 : 2;
	case ACT_OPEN:
		if (!multiline)
			return 0;
		ui_field_insert(f, "\n", true);
		return f->len != before ? 1 : 2;
	case ACT_ERASE:
		if (f->cur == 0)
			return 2;
		cut(f, utf8_prev(f->text, f->cur), f->cur);
		return 1;
	case ACT_DELETE:
		if (f->cur >= f->len)
			return 2;
		cut(f, f->cur, utf8_next(f->text, f->cur));
		return 1;
	case ACT_CLEAR:
		ui_field_scrub(f);
		return 1;
	case ACT_LEFT:
		f->cur = utf8_prev(f->text, f->cur);
		return 2;
	case ACT_RIGHT:
		f->cur = utf8_next(f->text, f->cur);
		return 2;
	case ACT_FIRST:
		home_end(f, 0);
		return 2;
	case ACT_LAST:
		home_end(f, 1);
		return 2;
	case ACT_UP:
	case ACT_DOWN:
		if (!multirow(f))
			return 0;
		return move_vertical(f, ev->act == ACT_UP ? -1 : 1) ? 2 : 0;
	case ACT_CLICK:
		return click(f, ev->row, ev->col);
	default:
		return 0;
	}
}

/* ---- drawing ---- */

/* Put text[a, b) at (y, x) in at most w columns starting from column skip of the row.
 * Wide characters cut by the edges are left out. The wide-character buffer is zeroed
 * after use: it held the visitor's text. */
static void put_row(struct ui *ui, const struct ui_field *f, size_t a, size_t b, int y,
		    int x, int skip, int w)
{
	wchar_t wb[128];
	int k = 0, col = 0, used = 0;

	move(y, x);
	while (a < b) {
		uint32_t cp;
		int cw;

		a += (size_t)utf8_decode(f->text + a, b - a, &cp);
		if (cp == '\n')
			break;
		cw = cells(cp);
		if (col < skip) {
			col += cw;
			if (col > skip && used < w) {
				wb[k++] = L' ';
				used++;
			}
			continue;
		}
		col += cw;
		if (used + cw > w)
			break;
		if (!ui->utf8_term) {
			/* One cell for one: the cursor arithmetic stays as it is. */
			if (cw == 0)
				continue;
			wb[k++] = (wchar_t)ui_draw_glyph(ui, cp);
			if (cw == 2)
				wb[k++] = L' ';
		} else {
			wb[k++] = (wchar_t)cp;
		}
		used += cw;
		if (k >= (int)(sizeof wb / sizeof wb[0]) - 2) {
			addnwstr(wb, k);
			k = 0;
		}
	}
	if (k > 0)
		addnwstr(wb, k);
	wipe(wb, sizeof wb);
}

static void place_cursor(struct ui *ui, const struct ui_field *f, int y, int x)
{
	ui->priv->cursor_y = y;
	ui->priv->cursor_x = x;
	ui_speak_field(ui, f, y, x);
}

void ui_field_render(struct ui *ui, struct ui_field *f, int y, int x, int h, int w,
		     bool focused)
{
	enum ui_style st = focused ? UI_FIELD_FOCUS : UI_FIELD;
	struct rows r;
	int i, row, col;

	if (h < 1)
		h = 1;
	if (w < 2)
		return;
	f->y = y;
	f->x = x;
	f->h = h;
	f->w = w;
	ui_fill(ui, y, x, h, w, st);
	ui_draw_style(ui, st);
	if (h == 1) {
		col = cols_between(f->text, 0, f->cur);
		/* Keep the cursor in view with one column to spare at the right edge. */
		if (col < f->scroll)
			f->scroll = col;
		if (col >= f->scroll + w)
			f->scroll = col - w + 1;
		if (f->scroll < 0)
			f->scroll = 0;
		put_row(ui, f, 0, f->len, y, x, f->scroll, w);
		if (focused)
			place_cursor(ui, f, y, x + col - f->scroll);
		return;
	}
	layout(f, w, &r);
	row = row_of(&r, f->cur);
	if (row < f->scroll)
		f->scroll = row;
	if (row >= f->scroll + h)
		f->scroll = row - h + 1;
	if (f->scroll > r.n - 1)
		f->scroll = r.n > h ? r.n - h : 0;
	for (i = 0; i < h && f->scroll + i < r.n; i++) {
		int k = f->scroll + i;

		put_row(ui, f, r.start[k], k + 1 < r.n ? r.start[k + 1] : f->len, y + i, x, 0, w);
	}
	if (focused) {
		col = cols_between(f->text, r.start[row], f->cur);
		place_cursor(ui, f, y + row - f->scroll, x + (col < w ? col : w - 1));
	}
	free(r.start);
}

void ui_field_draw_counter(struct ui *ui, const struct ui_field *f, int y, int x, int w)
{
	char s[32];
	int n = ui_field_chars(f), len;

	if (f->max_chars <= 0)
		return;
	len = snprintf(s, sizeof s, "%d/%d", n, f->max_chars);
	if (len > w)
		return;
	ui_text_at(ui, y, x + w - len, len, n >= f->max_chars ? UI_ERROR : UI_DIM, s);
}

int ui_field_rows(const struct ui_field *f, int w)
{
	struct rows r;
	int n;

	layout(f, w, &r);
	n = r.n;
	free(r.start);
	return n;
}

void ui_field_render_part(struct ui *ui, const struct ui_field *f, int y, int x, int first,
			  int h, int w, enum ui_style st)
{
	struct rows r;
	int i;

	if (w < 1 || h < 1)
		return;
	layout(f, w, &r);
	ui_draw_style(ui, st);
	for (i = 0; i < h && first + i < r.n; i++) {
		int k = first + i;

		if (k < 0)
			continue;
		put_row(ui, f, r.start[k], k + 1 < r.n ? r.start[k + 1] : f->len, y + i, x, 0, w);
	}
	free(r.start);
}
