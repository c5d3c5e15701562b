/* stats: the kiosks' usage figures as GET /v1/stats, /v1/stats.csv and `vitrina-hub
 * stats` give them (DESIGN §3, §4): the query checked, and the table made from the
 * store's rows (weeks from days, themes from cases). No SQL here. */
#ifndef VITRINA_HUB_STATS_H
#define VITRINA_HUB_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define STATS_MAX_DAYS 1096             /* days a query may cover: 3 years */

enum stats_group { BY_COUNTY, BY_MUNICIPALITY, BY_CASE, BY_DAY, BY_WEEK, BY_THEME };
extern const char *const stats_group_names[6];

struct stats_query {
	char from[11], to[11];          /* YYYY-MM-DD, both counted */
	char county[6];                 /* "LT-KU", or "" for every county */
	enum stats_group by;
};

/* Read the query from its text values (NULL or "" for the defaults: to today (UTC),
 * from 29 days before to, by county, every county): 0, or -1 with a plain sentence for
 * the user in msg (size bytes). */
int stats_query_read(struct stats_query *q, const char *from, const char *to, const char *by,
		     const char *county, char *msg, size_t size);

/* The columns of a line, in order: sessions, stories_read, searches, inspired,
 * quiz_done, requests (all kinds), requests_contact, requests_nomination,
 * requests_question. */
#define STATS_NCOLS 9
extern const char *const stats_columns[STATS_NCOLS];

struct stats_line {
	char key[37];                   /* county, municipality ("" unknown), case id, day,
					 * week ("2026-W49") or theme */
	char *name;                     /* county, municipality: its English name ("unknown"
					 * for ""); case: its title ("" if deleted or unknown);
					 * else NULL */
	char county[6];                 /* case: the case's county, "" if unknown */
	int64_t n[STATS_NCOLS];
};

/* The lines of q, sorted by key (by case: most stories read first). 0, or -1 with *err
 * set on a storage failure. Free *out with stats_lines_free. */
int stats_lines(struct store *s, const struct stats_query *q, struct stats_line **out, int *n,
		char **err);
void stats_lines_free(struct stats_line *l, int n);

#endif
