/* import: read cases, partners and guides from a JSON or CSV file (DESIGN §2, §5), in UTF-8,
 * windows-1257 or iso-8859-13. Used by `vitrina import` and `vitrina-hub import`. */
#ifndef VITRINA_IMPORT_H
#define VITRINA_IMPORT_H

#include "catalogue.h"
#include "util.h"

/* Parse path (JSON if it starts with '{' after optional BOM and spaces, else CSV) in
 * encoding (NULL means utf-8) into *set. Every problem is appended to *report as one
 * line "FILE:LINE: field: problem". Returns the number of problems (0: the set is
 * good to store), or -1 if the file cannot be read at all (*report says why). The
 * caller frees *set with catalogue_set_free in every case. */
int import_read(const char *path, const char *encoding, struct catalogue_set *set,
		struct buf *report);

/* 1 if encoding (NULL: utf-8) is one import_read understands, case-insensitively:
 * utf-8, windows-1257 (cp1257), iso-8859-13 (latin7). */
int import_encoding_known(const char *encoding);

#endif
