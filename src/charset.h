/* charset: converting text between UTF-8 and 8-bit charsets with iconv, for imported
 * files and for terminals whose codeset is not UTF-8. No curses. */
#ifndef VITRINA_CHARSET_H
#define VITRINA_CHARSET_H

#include <stddef.h>

/* Convert n bytes in charset (e.g. "windows-1257", "iso-8859-13", "utf-8") to UTF-8.
 * Returns a new NUL-terminated string (*outlen bytes, if outlen is not NULL), or NULL
 * with *err set ("byte 0x81 at offset 12 is not windows-1257") if the input is not
 * valid in that charset or the charset is unknown. */
char *charset_to_utf8(const char *in, size_t n, const char *charset, size_t *outlen,
		      char **err);

/* Convert valid UTF-8 to charset for display; characters the charset lacks are
 * transliterated with text.h's ASCII table (never '?' for lt, pl, ru letters).
 * "UTF-8" returns a copy. Returns a new string. */
char *charset_from_utf8(const char *utf8, const char *charset);

#endif
