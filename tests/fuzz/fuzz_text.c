/* Fuzzes src/text.c: utf8_decode/utf8_valid on raw bytes, text_sanitize (both modes),
 * then text_wrap, text_fit, text_fold and text_to_ascii on the clean text. Asserts the
 * decoder agrees with the validator and the encoder, the sanitiser's output is valid
 * UTF-8 without controls, ESC, bidi or zero-width characters and is a fixed point,
 * wrapped lines fit their width, folding is idempotent and transliteration is ASCII. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Decode everything; utf8_valid must say "valid" exactly when no byte was invalid. */
static void check_decoder(const char *s, size_t n)
{
	size_t i = 0;
	int bad = 0;

	while (i < n) {
		char enc[4];
		uint32_t cp;
		int len = utf8_decode(s + i, n - i, &cp);

		FUZZ_ASSERT(len >= 1 && len <= 4 && (size_t)len <= n - i);
		FUZZ_ASSERT(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
		if (len == 1 && cp == 0xFFFD) {
			bad = 1;
		} else {
			FUZZ_ASSERT(utf8_encode(cp, enc) == len);
			FUZZ_ASSERT(memcmp(enc, s + i, (size_t)len) == 0);
		}
		i += (size_t)len;
	}
	FUZZ_ASSERT(utf8_valid(s, n) == !bad);
}

/* Code points the sanitiser promises to remove. */
static int forbidden(uint32_t cp, int newlines)
{
	if (cp == '\n')
		return !newlines;
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || (cp >= 0x200B && cp <= 0x200F) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF;
}

static void check_clean(const char *s, int newlines)
{
	size_t i = 0, n = strlen(s);
	char *again;

	FUZZ_ASSERT(utf8_valid(s, n));
	while (i < n) {
		uint32_t cp;

		i += (size_t)utf8_decode(s + i, n - i, &cp);
		FUZZ_ASSERT(!forbidden(cp, newlines));
	}
	again = text_sanitize(s, n, newlines);
	FUZZ_ASSERT(strcmp(again, s) == 0);
	free(again);
}

static void check_wrap(const char *s, int width)
{
	char **lines;
	int n = text_wrap(s, width, &lines), i;

	FUZZ_ASSERT(n >= 0);
	for (i = 0; i < n; i++) {
		size_t len = strlen(lines[i]);

		FUZZ_ASSERT(utf8_valid(lines[i], len));
		FUZZ_ASSERT(strchr(lines[i], '\n') == NULL);
		/* only a wide character alone on a line one column wide may stick out */
		FUZZ_ASSERT(text_width(lines[i]) <= (width > 1 ? width : 2));
	}
	text_lines_free(lines, n);
}

static void check_fit(const char *s, int cols)
{
	size_t k = text_fit(s, cols), n = strlen(s);
	char *head = malloc(k + 1);

	FUZZ_ASSERT(head != NULL && k <= n);
	memcpy(head, s, k);
	head[k] = '\0';
	FUZZ_ASSERT(utf8_valid(head, k));
	FUZZ_ASSERT(text_width(head) <= cols);
	free(head);
	if (k < n)
		FUZZ_ASSERT(utf8_next(s, k) > k && utf8_prev(s, utf8_next(s, k)) == k);
}

static void check_fold_ascii(const char *s)
{
	char *f = text_fold(s), *ff, *a = text_to_ascii(s);
	size_t i;

	FUZZ_ASSERT(utf8_valid(f, strlen(f)));
	ff = text_fold(f);
	FUZZ_ASSERT(strcmp(f, ff) == 0);
	for (i = 0; a[i] != '\0'; i++)
		FUZZ_ASSERT((unsigned char)a[i] < 0x80);
	free(f);
	free(ff);
	free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *one, *para;
	int width = size > 0 ? data[0] % 90 + 1 : 40;

	if (size > 64 * 1024)
		return 0;
	check_decoder(s, size);
	one = text_sanitize(s, size, 0);
	para = text_sanitize(s, size, 1);
	check_clean(one, 0);
	check_clean(para, 1);
	FUZZ_ASSERT(utf8_len(para) <= size);
	check_wrap(para, width);
	check_fit(one, width);
	check_fold_ascii(para);
	free(one);
	free(para);
	return 0;
}
