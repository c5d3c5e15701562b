/* charset: converting between UTF-8 and 8-bit charsets with iconv. Input is checked
 * strictly (an import must not guess); output for display never fails, letters the
 * target lacks are transliterated with text.h's table. */
#include "charset.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include "text.h"
#include "util.h"

/* Inputs above this are refused rather than converted (imports are far smaller). */
#define MAX_INPUT ((size_t)256 << 20)

static int is_utf8_name(const char *charset)
{
	return charset == NULL || strcasecmp(charset, "utf-8") == 0 ||
	       strcasecmp(charset, "utf8") == 0;
}

/* The offset of the first invalid byte in UTF-8 input (n if none). */
static size_t utf8_bad_offset(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		int len;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 1 && cp == 0xFFFD)
			return i;
		i += (size_t)len;
	}
	return n;
}

static char *from_utf8_input(const char *in, size_t n, size_t *outlen, char **err)
{
	size_t bad = utf8_bad_offset(in, n);

	if (bad < n) {
		set_error(err, "byte 0x%02X at offset %zu is not valid UTF-8",
			  (unsigned)(unsigned char)in[bad], bad);
		return NULL;
	}
	/* A byte order mark (as spreadsheets write) is not part of the text. */
	if (n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
		in += 3;
		n -= 3;
	}
	if (outlen != NULL)
		*outlen = n;
	return xstrndup(in, n);
}

char *charset_to_utf8(const char *in, size_t n, const char *charset, size_t *outlen,
		      char **err)
{
	struct buf b = {0};
	iconv_t cd;
	char *inp = (char *)in;
	size_t left = n;

	if (n > MAX_INPUT) {
		set_error(err, "input is too large (%zu bytes, at most %zu)", n, MAX_INPUT);
		return NULL;
	}
	if (is_utf8_name(charset))
		return from_utf8_input(in, n, outlen, err);
	cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1) {
		set_error(err, "unknown charset \"%s\"", charset);
		return NULL;
	}
	b.cap = n * 2 + 16;
	b.s = xmalloc(b.cap);
	while (left > 0) {
		char *outp = b.s + b.len;
		size_t room = b.cap - b.len - 1;
		size_t rc = iconv(cd, &inp, &left, &outp, &room);
		int e = errno;

		b.len = (size_t)(outp - b.s);
		if (rc != (size_t)-1)
			continue;
		if (e == E2BIG) {
			b.cap *= 2;
			b.s = xrealloc(b.s, b.cap);
			continue;
		}
		if (e == EILSEQ)
			set_error(err, "byte 0x%02X at offset %zu is not %s",
				  (unsigned)(unsigned char)*inp, (size_t)(inp - in), charset);
		else
			set_error(err, "the text ends inside a character (offset %zu, %s)",
				  (size_t)(inp - in), charset);
		iconv_close(cd);
		buf_free(&b);
		return NULL;
	}
	iconv_close(cd);
	b.s[b.len] = '\0';
	if (!utf8_valid(b.s, b.len)) {
		set_error(err, "converting from %s gave invalid UTF-8", charset);
		buf_free(&b);
		return NULL;
	}
	if (outlen != NULL)
		*outlen = b.len;
	return b.s;
}

/* Code points the target charset lacks, remembered so that each one makes iconv fail
 * only once per call (a failing iconv call costs microseconds). */
#define MISSING_SLOTS 128

struct missing {
	uint32_t cp[MISSING_SLOTS];	/* 0: empty */
	int n;
};

static int missing_has(const struct missing *m, uint32_t cp)
{
	unsigned h = (cp * 2654435761u) % MISSING_SLOTS;
	int k;

	for (k = 0; k < MISSING_SLOTS && m->cp[h] != 0; k++) {
		if (m->cp[h] == cp)
			return 1;
		h = (h + 1) % MISSING_SLOTS;
	}
	return 0;
}

static void missing_add(struct missing *m, uint32_t cp)
{
	unsigned h = (cp * 2654435761u) % MISSING_SLOTS;

	if (m->n >= MISSING_SLOTS / 2 || cp == 0)
		return;
	while (m->cp[h] != 0)
		h = (h + 1) % MISSING_SLOTS;
	m->cp[h] = cp;
	m->n++;
}

char *charset_from_utf8(const char *utf8, const char *charset)
{
	struct buf b = {0};
	struct missing miss;
	iconv_t cd;
	size_t n = strlen(utf8), i = 0;
	char tmp[4096];

	if (is_utf8_name(charset))
		return xstrdup(utf8);
	cd = iconv_open(charset, "UTF-8");
	if (cd == (iconv_t)-1)
		return text_to_ascii(utf8);
	memset(&miss, 0, sizeof(miss));
	buf_add(&b, "", 0);
	/* Convert in runs that end before a character known to be missing; where iconv
	 * stops at one (or at an invalid byte), put its transliteration and go on. */
	while (i < n) {
		size_t end = i, left, rc;
		char *inp, *outp = tmp;
		size_t room = sizeof(tmp);
		uint32_t cp;
		int e;

		while (end < n) {
			int len;

			if ((unsigned char)utf8[end] < 0x80) {
				end++;
				continue;
			}
			len = utf8_decode(utf8 + end, n - end, &cp);
			if ((len == 1 && cp == 0xFFFD) || missing_has(&miss, cp))
				break;
			end += (size_t)len;
		}
		inp = (char *)utf8 + i;
		left = end - i;
		rc = left > 0 ? iconv(cd, &inp, &left, &outp, &room) : 0;
		e = errno;
		buf_add(&b, tmp, (size_t)(outp - tmp));
		i = (size_t)(inp - utf8);
		if (rc == (size_t)-1 && e == E2BIG)
			continue;
		if (rc != (size_t)-1 && i < end)
			continue;
		if (i >= n)
			break;
		{
			int len = utf8_decode(utf8 + i, n - i, &cp);
			char ascii[8];

			if (!(len == 1 && cp == 0xFFFD))
				missing_add(&miss, cp);
			cp_to_ascii(cp, ascii);
			buf_adds(&b, ascii);
			i += (size_t)len;
		}
	}
	{
		/* Return stateful encodings to their initial shift state. */
		char *outp = tmp;
		size_t room = sizeof(tmp);

		if (iconv(cd, NULL, NULL, &outp, &room) != (size_t)-1)
			buf_add(&b, tmp, (size_t)(outp - tmp));
	}
	iconv_close(cd);
	return buf_take(&b);
}
