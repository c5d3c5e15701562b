/* text_utf8: strict UTF-8 decoding and encoding (text.h). Overlong forms, surrogates
 * and code points past U+10FFFF are invalid. */
#include "text.h"

#include <string.h>

int utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c, min;
	int len, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2;
		c = p[0] & 0x1F;
		min = 0x80;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		c = p[0] & 0x0F;
		min = 0x800;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		c = p[0] & 0x07;
		min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (n < (size_t)len) {
		*cp = 0xFFFD;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return len;
}

int utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Decode at s[i] of an n-byte string; a genuine U+FFFD in the input is 3 bytes, an
 * invalid byte is 1, so "returned 1 and got U+FFFD" means invalid. */
static int is_invalid(int len, uint32_t cp)
{
	return len == 1 && cp == 0xFFFD;
}

int utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int len;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (is_invalid(len, cp))
			return 0;
		i += (size_t)len;
	}
	return 1;
}

size_t utf8_len(const char *s)
{
	size_t i = 0, count = 0, n = strlen(s);
	uint32_t cp;

	while (i < n) {
		i += (size_t)utf8_decode(s + i, n - i, &cp);
		count++;
	}
	return count;
}

size_t utf8_prev(const char *s, size_t off)
{
	size_t back = 0;

	if (off == 0)
		return 0;
	/* Step back over at most three continuation bytes to the lead byte. */
	do {
		off--;
		back++;
	} while (off > 0 && back < 4 && ((unsigned char)s[off] & 0xC0) == 0x80);
	return off;
}

size_t utf8_next(const char *s, size_t off)
{
	uint32_t cp;
	size_t n;

	if (s[off] == '\0')
		return off;
	n = strnlen(s + off, 4);
	return off + (size_t)utf8_decode(s + off, n, &cp);
}
