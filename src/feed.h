/* feed: one page of the hub's catalogue change feed (GET /v1/cases, DESIGN §4) read
 * and stored in a catalogue. The kiosk's sync and the hub's snapshot builder share it,
 * so a snapshot holds exactly what paging would have stored. No curses. */
#ifndef VITRINA_FEED_H
#define VITRINA_FEED_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "catalogue.h"

/* A page parsed before any transaction: what to store, what to delete. */
struct feed_page {
	struct catalogue_set set;
	const char **gone_cases, **gone_partners, **gone_guides;        /* ids inside json */
	int ngone_cases, ngone_partners, ngone_guides;
	int64_t next;                   /* the feed position after this page */
	bool more;                      /* the hub has more after it */
	int64_t items;                  /* items on the page, skipped ones included */
	json_t *json;
};

/* Told about each item that is skipped (not valid): what ("case", "partner", "guide"), its id
 * (NULL if none) and why. The catalogue must not stall on one bad item. */
typedef void (*feed_skip_fn)(void *arg, const char *what, const char *id, const char *why);

/* Parse the page's JSON text into *p. 0, or -1 with *err set when it is not the feed's
 * shape (then *p needs no freeing). skip may be NULL. */
int feed_parse(const char *text, size_t len, struct feed_page *p, feed_skip_fn skip,
	       void *arg, char **err);
/* Put and delete the page's items in db, inside the caller's transaction. */
int feed_store(sqlite3 *db, const struct feed_page *p, char **err);
void feed_page_free(struct feed_page *p);

#endif
