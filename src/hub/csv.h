/* csv: staff exports of requests that open right in a spreadsheet: every field quoted,
 * CRLF between rows, cells that a spreadsheet would run as a formula made inert. */
#ifndef VITRINA_HUB_CSV_H
#define VITRINA_HUB_CSV_H

#include "store.h"
#include "util.h"

/* Append the UTF-8 text s (NULL as empty) as one quoted field; a cell whose first
 * visible character is = + - @ (also fullwidth or small forms), or that starts with
 * a tab or CR, gets a leading apostrophe so it stays text. */
void csv_field(struct buf *b, const char *s);
/* The header row (after a byte order mark if charset is NULL, for UTF-8), and one row
 * for a request, appended to b: the pieces of a streamed export. */
void csv_header(struct buf *b, const char *charset);
void csv_row(struct buf *b, const struct stored_request *r, const char *charset);
/* The header row and a row for each request: UTF-8 with a byte order mark if charset
 * is NULL, else each value converted to charset (e.g. "windows-1257") before it is
 * guarded and quoted. A new string; the caller frees it. */
char *csv_requests(const struct stored_request *rows, int n, const char *charset);

#endif
