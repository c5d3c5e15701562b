/* catalogue: career cases and partner organisations, in memory, in JSON and in the
 * kiosk database (DESIGN §2). No curses. */
#ifndef VITRINA_CATALOGUE_H
#define VITRINA_CATALOGUE_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

enum theme {
	THEME_COMMUNITY, THEME_DEVELOPMENT_EDUCATION, THEME_PERSONAL_GROWTH,
	THEME_ENVIRONMENT, THEME_FAIR_TRADE, THEME_INNOVATION, THEME_COUNT
};
enum area { AREA_HUMANITIES, AREA_SOCIAL_SCIENCES, AREA_REGIONAL_DEVELOPMENT, AREA_COUNT };
enum offer {
	OFFER_VOLUNTEERING, OFFER_INTERNSHIP, OFFER_JOB_SHADOWING, OFFER_MENTORING,
	OFFER_SERVICE_LEARNING, OFFER_COUNT
};

/* Codes as in the JSON ("fair_trade") and English labels for translation with _(). */
extern const char *const theme_codes[THEME_COUNT];
extern const char *const theme_labels[THEME_COUNT];   /* N_("Fair trade") ... */
extern const char *const area_codes[AREA_COUNT];
extern const char *const area_labels[AREA_COUNT];
extern const char *const offer_codes[OFFER_COUNT];
extern const char *const offer_labels[OFFER_COUNT];
/* Index of code in codes[n], or -1. */
int code_index(const char *const *codes, int n, const char *code);

/* Limits on fields (bytes of UTF-8), enforced by import, hub and sync. */
#define MAX_TITLE    200
#define MAX_SUMMARY  280       /* characters, not bytes */
#define MAX_STORY    20000
#define MAX_SHORT    200       /* person, slug, organisation, quote step, skill */
#define MAX_QUOTE    500
#define MAX_LIST     20        /* skills, path steps, themes */

struct case_text {              /* title, summary, story, quote in one language */
	char lang[4];
	char *title, *summary, *story, *quote;
};

struct path_step {
	int year;
	char *step;
};

struct career {
	char id[37];
	char *slug, *person;
	int age;                        /* 0: not given */
	char municipality[6];           /* "LT-43" */
	int area;                       /* enum area */
	unsigned themes;                /* bit (1u << enum theme) */
	struct case_text text;          /* the original, in text.lang */
	struct case_text *translations;
	int ntranslations;
	struct path_step *path;
	int npath;
	char **skills;
	int nskills;
	char *organisation;
	char partner_id[37];            /* "" when none */
	bool contact_allowed, featured;
	char updated_at[32];
	int64_t seq;                    /* hub change sequence, 0 if unknown */
	bool deleted;                   /* a tombstone from the hub feed */
};

struct partner {
	char id[37];
	char *name;
	char municipality[6];
	unsigned offers;                /* bit (1u << enum offer) */
	char *description;
	bool contact_allowed;
	int64_t seq;
	bool deleted;
};

/* A set of cases and partners, as read from a file or a hub page. */
struct catalogue_set {
	struct career *cases;
	int ncases;
	struct partner *partners;
	int npartners;
};

void career_free(struct career *c);             /* frees the members, not c */
void partner_free(struct partner *p);
void catalogue_set_free(struct catalogue_set *s);

/* The text of c in language lang if a translation with a title exists, else the
 * original. Optional fields are "" (never NULL) when absent, also in a translation. */
const struct case_text *career_text(const struct career *c, const char *lang);

/* JSON in the import/feed shape (DESIGN §2). from_json validates every field (codes,
 * UUIDs, lengths, UTF-8, control characters) and returns -1 with "field: problem" in
 * *err. to_json returns a new reference. */
int career_from_json(json_t *j, struct career *out, char **err);
json_t *career_to_json(const struct career *c);
int partner_from_json(json_t *j, struct partner *out, char **err);
json_t *partner_to_json(const struct partner *p);

/* Kiosk database. upsert inserts or updates by id (ON CONFLICT DO UPDATE, never
 * INSERT OR REPLACE) and keeps the search index in step; the caller owns the
 * transaction. Return -1 with *err set on failure. */
int catalogue_put_case(sqlite3 *db, const struct career *c, char **err);
int catalogue_put_partner(sqlite3 *db, const struct partner *p, char **err);
int catalogue_delete_case(sqlite3 *db, const char *id, char **err);
int catalogue_delete_partner(sqlite3 *db, const char *id, char **err);
/* Store a whole set in one transaction: all or nothing. A set of 1000 cases or more
 * that is at least half the size of the catalogue is stored in bulk (catalogue_bulk). */
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
int catalogue_partners(sqlite3 *db, struct partner **out, int *n, char **err);
int catalogue_related(sqlite3 *db, const struct career *c, int limit, struct career **out,
		      int *n, char **err);
/* Number of cases stored. */
int catalogue_count(sqlite3 *db, int64_t *n, char **err);

/* Columns of partners in the order catalogue_read_partners expects. */
#define PARTNER_COLUMNS "id, municipality, offers, contact_allowed, seq, name, description"
/* Step st (which selects PARTNER_COLUMNS) and collect every row into a new array.
 * Returns 0, 1 if interrupted (search_set_cancel), or -1 with *err set. */
int catalogue_read_partners(sqlite3 *db, sqlite3_stmt *st, struct partner **out, int *n,
			    char **err);

/* Run the FTS5 integrity check. 0 if the index is consistent. */
int catalogue_check_index(sqlite3 *db, char **err);

#endif
