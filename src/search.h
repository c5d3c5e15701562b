/* search: the catalogue's search-as-you-type and browse filters (DESIGN §2). */
#ifndef VITRINA_SEARCH_H
#define VITRINA_SEARCH_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "catalogue.h"
#include "regions.h"

struct search_filter {
	const char *query;      /* what the visitor typed, any bytes; NULL or "" for all */
	char county[6];         /* "LT-SA" or "" */
	char municipality[6];   /* "LT-43" or "" */
	int theme;              /* enum theme or -1 */
	int area;               /* enum area or -1 */
	bool featured;          /* only featured cases */
	bool story;             /* also search the story text (the slower second pass) */
};

/* Initialise a filter that matches everything. */
void search_filter_init(struct search_filter *f);

struct search_hit {
	char id[37];
	char *title;            /* in the catalogue's original language */
	char *person;
	char municipality[6];
	bool featured;
};

struct search_result {
	struct search_hit *hits;
	int n;
	int total;              /* all matches, or -1 if not counted */
};

/* Find cases matching f, best first, hits [offset, offset+limit). Any query text is
 * safe (quoted, folded, prefix-matched). want_total counts all matches too (slower:
 * a walk over every match, ~10 ms for one letter at 100,000 cases; ask for it when
 * the typing stops, not on every key). With f->story, cases matching only in their
 * story follow the others, when those are fewer than offset+limit.
 * Returns 0, 1 if interrupted by the progress callback (see search_set_cancel), or -1
 * with *err set. Free with search_result_free. */
int search_cases(sqlite3 *db, const struct search_filter *f, int offset, int limit,
		 bool want_total, struct search_result *out, char **err);
void search_result_free(struct search_result *r);
/* Give each hit of r its title in language lang (e.g. "en") where its case has that
 * translation, for showing results in the visitor's language; others keep the original.
 * About 20 us a hit. Returns 0, or -1 with *err set (the titles then stay as they are). */
int search_localise(sqlite3 *db, struct search_result *r, const char *lang, char **err);

/* Facets: how many cases match f for each county / municipality / theme / area if that
 * value were chosen (the value itself replacing f's own choice for that facet; for
 * counties, the municipality too). Walks every match: 10-40 ms at 100,000 cases, more
 * with f->story; cancellable. Returns 0, 1 if interrupted, -1 with *err set.
 * counts has COUNTY_COUNT, MUNICIPALITY_COUNT, THEME_COUNT or AREA_COUNT entries in the
 * order of the tables in regions.h and catalogue.h. */
enum facet { FACET_COUNTY, FACET_MUNICIPALITY, FACET_THEME, FACET_AREA, FACET_COUNT };
int search_counts(sqlite3 *db, const struct search_filter *f, enum facet facet, int *counts,
		  char **err);

/* All four facets of f at once (the same meaning as search_counts), reading at most
 * `limit` matches for each (limit <= 0: all of them). Where a facet's matches go on past
 * the limit, partial[facet] is set and its counts are what the first `limit` matches
 * hold: each a lower bound, to be shown as such ("12+"). With few matches, or at 1,000
 * and 100,000 cases alike, a call reads at most about 4 * limit rows: a few ms at
 * SEARCH_FACET_LIMIT, for every keystroke. Returns 0, 1 if interrupted, -1 with *err set
 * (out then all zero). */
#define SEARCH_FACET_LIMIT 1000
struct search_facets {
	int county[COUNTY_COUNT];
	int municipality[MUNICIPALITY_COUNT];
	int theme[THEME_COUNT];
	int area[AREA_COUNT];
	bool partial[FACET_COUNT];
};
int search_facets(sqlite3 *db, const struct search_filter *f, int limit,
		  struct search_facets *out, char **err);

/* Partners whose name or description matches query and that offer `offer` (-1 any). */
struct partner;
int search_partners(sqlite3 *db, const char *query, int offer, struct partner **out, int *n,
		    char **err);

/* Make running searches on db give up (returning 1) when cancel(arg) returns non-zero;
 * polled every few thousand VM steps. NULL turns it off. */
void search_set_cancel(sqlite3 *db, int (*cancel)(void *), void *arg);

/* 1 if the story pass (f->story) looks for any word of query: one of two letters or more
 * (shorter words are left to the first pass), else 0. */
int search_story_words(const char *query);

/* Build the FTS5 MATCH expression for user text: each word folded, quoted and given a
 * trailing '*'. Returns NULL when the text has no words. The caller frees it. */
char *search_match_expr(const char *query);

/* Text as the search indexes hold it: text_fold, and '_' made a space (tokens starting
 * with '_' are reserved for filters). New string. */
char *search_fold(const char *s);
/* The filter tokens of a case for the index's tags column. New string. */
char *search_tags(const char *municipality, int area, unsigned themes, bool featured);

#endif
