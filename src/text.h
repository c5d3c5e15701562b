/* text: strict UTF-8 (text_utf8.c), display width (text_width.c), the sanitiser
 * (text_sanitize.c), wrapping (text_wrap.c), folding for search and an ASCII
 * transliteration for lt, pl and ru (text_fold.c). No curses, no locale dependence. */
#ifndef VITRINA_TEXT_H
#define VITRINA_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point from s (at most n bytes). Returns the number of bytes used
 * (1..4) and stores the code point in *cp; for invalid or truncated input (overlong
 * forms, surrogates, > U+10FFFF) returns 1 and stores 0xFFFD. n must be > 0. */
int utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes). Returns the number of bytes. */
int utf8_encode(uint32_t cp, char *out);
/* 1 if the n bytes at s are valid UTF-8 (no surrogates, no overlongs). */
int utf8_valid(const char *s, size_t n);
/* Number of code points in a NUL-terminated valid UTF-8 string. */
size_t utf8_len(const char *s);
/* Byte offset of the code point before / after byte offset off in s (valid UTF-8). */
size_t utf8_prev(const char *s, size_t off);
size_t utf8_next(const char *s, size_t off);

/* Columns a code point takes on a terminal: 0 (combining, zero-width), 1 or 2 (East
 * Asian wide, emoji). Controls return 0; they never survive text_sanitize anyway. */
int cp_width(uint32_t cp);
/* Columns the valid UTF-8 string s takes. */
int text_width(const char *s);
/* Longest prefix of s (in bytes) that fits in cols columns, never cutting a character. */
size_t text_fit(const char *s, int cols);

/* The sanitiser (DESIGN §9). Returns a new string (the caller frees it): invalid UTF-8
 * becomes U+FFFD; C0 and C1 controls, DEL, escape sequences (the ESC and the sequence
 * after it), bidi controls U+202A-U+202E and U+2066-U+2069, U+200B-U+200F, U+2028,
 * U+2029, U+FEFF and other format characters are removed. With keep_newlines, '\n'
 * is kept (paragraphs) and "\r\n" becomes "\n"; tabs become one space. Otherwise
 * newlines and tabs become spaces. */
char *text_sanitize(const char *s, size_t n, int keep_newlines);

/* Wrap valid UTF-8 text to lines of at most width columns (width >= 1). Paragraph
 * breaks ('\n') are kept; an empty line between paragraphs stays an empty line. Words
 * longer than width are broken. Returns the number of lines and a new array of new
 * strings in *lines (free with text_lines_free). */
int text_wrap(const char *s, int width, char ***lines);
void text_lines_free(char **lines, int n);

/* Fold for search: lowercase, diacritics removed (ą->a, č->c, ł->l, ё->е ...), other
 * letters kept. Returns a new string. Used on both sides of the search index. */
char *text_fold(const char *s);

/* Transliterate to ASCII with our own table for Lithuanian, Polish and Russian
 * (Š->S, ł->l, ж->zh, щ->shch ...); other non-ASCII becomes '?'. New string. */
char *text_to_ascii(const char *s);
/* ASCII transliteration of one code point into out (up to 8 bytes incl. NUL), for
 * callers converting to an 8-bit charset character by character. */
void cp_to_ascii(uint32_t cp, char out[8]);

#endif
