/* text_sanitize: text from the hub or a visitor made safe for a terminal (text.h):
 * no controls, escape sequences, bidi overrides or invisible characters. */
#include "text.h"

#include "util.h"

/* Format and invisible characters that must not reach a terminal (DESIGN §9). */
static int is_stripped(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 1;
	switch (cp) {
	case 0x00AD: case 0x034F: case 0x061C: case 0x115F: case 0x1160: case 0x17B4:
	case 0x17B5: case 0x180E: case 0x2028: case 0x2029: case 0x3164: case 0xFEFF:
	case 0xFFA0: case 0xFFFE: case 0xFFFF:
		return 1;
	default:
		break;
	}
	if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2060 && cp <= 0x206F) || (cp >= 0xFFF9 && cp <= 0xFFFB) ||
	    (cp >= 0x180B && cp <= 0x180F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
	    (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) ||
	    (cp >= 0xE0000 && cp <= 0xE0FFF) || (cp >= 0x600 && cp <= 0x605) ||
	    cp == 0x06DD || cp == 0x070F || cp == 0x08E2 || cp == 0x110BD || cp == 0x110CD ||
	    (cp >= 0x13430 && cp <= 0x13438) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
	    (cp & 0xFFFE) == 0xFFFE)
		return 1;
	return 0;
}

/* Skip the rest of a control string (OSC, DCS, SOS, PM, APC) starting at s[i]: it ends
 * at BEL, ST (ESC \ or U+009C), CAN or SUB; another ESC ends it and starts anew.
 * Returns the offset after it. */
static size_t skip_string(const char *s, size_t n, size_t i)
{
	uint32_t cp;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		int len;

		if (c == 0x07 || c == 0x18 || c == 0x1A)
			return i + 1;
		if (c == 0x1B)
			return (i + 1 < n && s[i + 1] == '\\') ? i + 2 : i;
		len = utf8_decode(s + i, n - i, &cp);
		if (cp == 0x9C && len == 2)
			return i + 2;
		i += (size_t)len;
	}
	return n;
}

/* Skip a CSI sequence's parameters, intermediates and final byte from s[i]. A byte that
 * cannot be part of it ends the sequence without being consumed. */
static size_t skip_csi(const char *s, size_t n, size_t i)
{
	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x3F)
		i++;
	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x2F)
		i++;
	if (i < n && (unsigned char)s[i] >= 0x40 && (unsigned char)s[i] <= 0x7E)
		i++;
	return i;
}

/* s[i] is just after an ESC: skip the escape sequence that follows. */
static size_t skip_escape(const char *s, size_t n, size_t i)
{
	unsigned char c;

	if (i >= n)
		return i;
	c = (unsigned char)s[i];
	if (c == '[')
		return skip_csi(s, n, i + 1);
	if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_')
		return skip_string(s, n, i + 1);
	/* nF sequences: intermediates then a final byte (ESC ( B, ESC # 8 ...); Fp, Fe and
	 * Fs sequences are a single byte (ESC 7, ESC c, ESC =). */
	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x2F)
		i++;
	if (i < n && (unsigned char)s[i] >= 0x30 && (unsigned char)s[i] <= 0x7E)
		i++;
	return i;
}

char *text_sanitize(const char *s, size_t n, int keep_newlines)
{
	struct buf b = {0};
	size_t i = 0;

	buf_add(&b, "", 0);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		int len;

		if (c >= 0x20 && c < 0x7F) {
			size_t j = i + 1;

			while (j < n && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x7F)
				j++;
			buf_add(&b, s + i, j - i);
			i = j;
			continue;
		}
		if (c == 0x1B) {
			i = skip_escape(s, n, i + 1);
			continue;
		}
		if (c == '\n' || c == '\r') {
			i += (c == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
			buf_addc(&b, keep_newlines ? '\n' : ' ');
			continue;
		}
		if (c == '\t') {
			buf_addc(&b, ' ');
			i++;
			continue;
		}
		len = utf8_decode(s + i, n - i, &cp);
		i += (size_t)len;
		/* C1 introducers written as code points start sequences like their ESC forms. */
		if (cp == 0x9B && len == 2) {
			i = skip_csi(s, n, i);
			continue;
		}
		if ((cp == 0x9D || cp == 0x90 || cp == 0x98 || cp == 0x9E || cp == 0x9F) &&
		    len == 2) {
			i = skip_string(s, n, i);
			continue;
		}
		if (is_stripped(cp))
			continue;
		if (len == 1 && cp == 0xFFFD) {      /* an invalid byte, not a real U+FFFD */
			buf_adds(&b, "\xEF\xBF\xBD");
			continue;
		}
		buf_add(&b, s + i - (size_t)len, (size_t)len);
	}
	return buf_take(&b);
}
