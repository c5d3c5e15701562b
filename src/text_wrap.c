/* text_wrap: text broken into lines of a given width in columns (text.h). */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct lines {
	char **v;
	int n, cap;
};

static void lines_push(struct lines *l, const char *s, size_t len)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, (size_t)l->cap * sizeof(char *));
	}
	l->v[l->n++] = xstrndup(s, len);
}

/* Length in bytes of the next piece of a word that fits in cols (at least one character
 * with the zero-width ones after it, so a wide character in one column still moves on);
 * its width goes to *w. */
static size_t word_piece(const char *w, size_t len, int cols, int *pw)
{
	size_t i = 0;
	uint32_t cp;
	int used = 0;

	while (i < len) {
		int l = utf8_decode(w + i, len - i, &cp);
		int cw = cp_width(cp);

		if (used + cw > cols && i > 0)
			break;
		used += cw;
		i += (size_t)l;
	}
	*pw = used;
	return i;
}

static int width_n(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;
	int w = 0;

	while (i < len) {
		i += (size_t)utf8_decode(s + i, len - i, &cp);
		w += cp_width(cp);
	}
	return w;
}

/* Wrap one paragraph line (no '\n') into l. */
static void wrap_line(struct lines *l, const char *s, size_t n, int width)
{
	struct buf cur = {0};
	int cw = 0;
	size_t i = 0;

	buf_add(&cur, "", 0);
	for (;;) {
		size_t start, wlen;
		int ww;

		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		start = i;
		while (i < n && s[i] != ' ')
			i++;
		wlen = i - start;
		ww = width_n(s + start, wlen);
		if (cw > 0 && cw + 1 + ww <= width) {
			buf_addc(&cur, ' ');
			buf_add(&cur, s + start, wlen);
			cw += 1 + ww;
			continue;
		}
		if (cw > 0) {
			lines_push(l, cur.s, cur.len);
			cur.len = 0;
			cur.s[0] = '\0';
			cw = 0;
		}
		/* A word longer than the line is cut into pieces; the last piece starts the
		 * next line so the following words can join it. */
		while (ww > width) {
			int pw;
			size_t p = word_piece(s + start, wlen, width, &pw);

			if (p == wlen)
				break;	/* a wide character alone in a too narrow line */
			lines_push(l, s + start, p);
			start += p;
			wlen -= p;
			ww -= pw;
		}
		buf_add(&cur, s + start, wlen);
		cw = ww;
	}
	lines_push(l, cur.s, cur.len);
	buf_free(&cur);
}

int text_wrap(const char *s, int width, char ***lines)
{
	struct lines l = {0};
	size_t i = 0, n = strlen(s);

	if (width < 1)
		width = 1;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) : n;

		wrap_line(&l, s + i, end - i, width);
		i = nl ? end + 1 : n;
	}
	if (l.v == NULL)
		l.v = xmalloc(sizeof(char *));
	*lines = l.v;
	return l.n;
}

void text_lines_free(char **lines, int n)
{
	int i;

	if (lines == NULL)
		return;
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
