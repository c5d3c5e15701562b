/* guides: the kiosk's guides and regional strategies (DESIGN §2) in its catalogue file:
 * stored from imports and the hub's feed, listed in the kiosk's order and searched. The
 * model and its JSON are in catalogue.h. No curses. */
#ifndef VITRINA_GUIDES_H
#define VITRINA_GUIDES_H

#include <sqlite3.h>

#include "catalogue.h"

/* Insert or update g by id (a tombstone deletes it), inside the caller's transaction if
 * there is one. 0, or -1 with *err set. */
int guides_put(sqlite3 *db, const struct guide *g, char **err);
/* Delete the guide id (nothing happens when there is none). 0, or -1 with *err set. */
int guides_delete(sqlite3 *db, const char *id, char **err);
/* The guides whose text (title, summary, body, in any language) holds every word of
 * query (NULL or "": all; folded as search folds, so "siaul" finds "Šiaulių"), in the
 * kiosk's order: the county's own (county "LT-SA"; NULL or "": none) first, its
 * strategy before its guides, then the whole country's, then the other counties'. *out
 * is a new array the caller frees with guides_list_free. 0, or -1 with *err set. */
int guides_list(sqlite3 *db, const char *county, const char *query, struct guide **out,
		int *n, char **err);
void guides_list_free(struct guide *g, int n);
/* Load the guide id into *out (freed with guide_free). 1 found, 0 not, -1 with *err. */
int guides_get(sqlite3 *db, const char *id, struct guide *out, char **err);

#endif
