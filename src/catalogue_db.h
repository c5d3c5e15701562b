/* catalogue_db: the kiosk's catalogue in its SQLite database, with the search indexes
 * kept in step (DESIGN §2). The model and its JSON are catalogue.h. No curses. */
#ifndef VITRINA_CATALOGUE_DB_H
#define VITRINA_CATALOGUE_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "catalogue.h"

/* Kiosk database. upsert inserts or updates by id (ON CONFLICT DO UPDATE, never
 * INSERT OR REPLACE) and keeps the search index in step; the caller owns the
 * transaction. Return -1 with *err set on failure. */
int catalogue_put_case(sqlite3 *db, const struct career *c, char **err);
int catalogue_put_partner(sqlite3 *db, const struct partner *p, char **err);
int catalogue_delete_case(sqlite3 *db, const char *id, char **err);
int catalogue_delete_partner(sqlite3 *db, const char *id, char **err);
/* Store a whole set (partners, cases, then guides) in one transaction: all or nothing. A
 * set of 1000 cases or more that is at least half the size of the catalogue is stored in
 * bulk (catalogue_bulk). */
int catalogue_put_set(sqlite3 *db, const struct catalogue_set *s, char **err);
/* Bulk loading a whole catalogue: between catalogue_bulk(db, true) and
 * catalogue_bulk(db, false) the search indexes skip their incremental merging, and the
 * end merges each of them once (a few seconds for 100,000 cases; loading is about twice
 * as fast). Also fine to call after a big sync. -1 with *err set on failure. */
int catalogue_bulk(sqlite3 *db, bool on, char **err);
/* 1 between catalogue_bulk(db, true) and catalogue_bulk(db, false), even across a crash. */
int catalogue_bulk_active(sqlite3 *db);

/* Load one case or partner by id. Returns 1 found, 0 not found, -1 error. */
int catalogue_get_case(sqlite3 *db, const char *id, struct career *out, char **err);
int catalogue_get_partner(sqlite3 *db, const char *id, struct partner *out, char **err);

/* Featured cases (for the attract screen), partners (optionally only those offering
 * something), and cases related to c (same theme or same county), each a new array
 * the caller frees with catalogue_set_free on a set or the *_free functions. */
int catalogue_featured(sqlite3 *db, int limit, struct career **out, int *n, char **err);
/* The community's picks: the cases visitors pressed "this inspired me" for most in the
 * last 90 days (by the hub's counts), most first, of county ("LT-AL".., NULL or "": all),
 * at most limit. */
int catalogue_picks(sqlite3 *db, const char *county, int limit, struct career **out, int *n,
		    char **err);
int catalogue_partners(sqlite3 *db, struct partner **out, int *n, char **err);
int catalogue_related(sqlite3 *db, const struct career *c, int limit, struct career **out,
		      int *n, char **err);
/* The cases of partner partner_id (their partner_id), at most limit, in search order:
 * a new array as for catalogue_featured. 0, or -1 with *err set. */
int catalogue_partner_cases(sqlite3 *db, const char *partner_id, int limit,
			    struct career **out, int *n, char **err);
/* Number of cases stored. */
int catalogue_count(sqlite3 *db, int64_t *n, char **err);
/* 1 if the catalogue holds no case, 0 if it holds some (without counting them all), -1
 * with *err set on failure. */
int catalogue_empty(sqlite3 *db, char **err);

/* Columns of partners in the order catalogue_read_partners expects. */
#define PARTNER_COLUMNS "id, municipality, offers, contact_allowed, seq, name, description," \
	" translations"
/* Step st (which selects PARTNER_COLUMNS) and collect every row into a new array.
 * Returns 0, 1 if interrupted (search_set_cancel), or -1 with *err set. */
int catalogue_read_partners(sqlite3 *db, sqlite3_stmt *st, struct partner **out, int *n,
			    char **err);

/* Run the FTS5 integrity check. 0 if the index is consistent. */
int catalogue_check_index(sqlite3 *db, char **err);

#endif
