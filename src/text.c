/* text: placeholder stubs (the full module replaces these). */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

int utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	(void)n;
	*cp = (unsigned char)s[0];
	return 1;
}

int utf8_encode(uint32_t cp, char *out)
{
	out[0] = (char)cp;
	return 1;
}

int utf8_valid(const char *s, size_t n)
{
	(void)s, (void)n;
	return 1;
}

size_t utf8_len(const char *s)
{
	return strlen(s);
}

size_t utf8_prev(const char *s, size_t off)
{
	(void)s;
	return off ? off - 1 : 0;
}

size_t utf8_next(const char *s, size_t off)
{
	return s[off] ? off + 1 : off;
}

int cp_width(uint32_t cp)
{
	return cp < 0x20 ? 0 : 1;
}

int text_width(const char *s)
{
	return (int)strlen(s);
}

size_t text_fit(const char *s, int cols)
{
	size_t n = strlen(s);

	return cols < 0 ? 0 : (n < (size_t)cols ? n : (size_t)cols);
}

char *text_sanitize(const char *s, size_t n, int keep_newlines)
{
	(void)keep_newlines;
	return xstrndup(s, n);
}

int text_wrap(const char *s, int width, char ***lines)
{
	(void)width;
	*lines = xmalloc(sizeof(char *));
	(*lines)[0] = xstrdup(s);
	return 1;
}

void text_lines_free(char **lines, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

char *text_fold(const char *s)
{
	return xstrdup(s);
}

char *text_to_ascii(const char *s)
{
	return xstrdup(s);
}

void cp_to_ascii(uint32_t cp, char out[8])
{
	out[0] = cp < 0x80 ? (char)cp : '?';
	out[1] = '\0';
}
