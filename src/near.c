#include "near.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "db.h"
#include "regions.h"
#include "util.h"

/* Counties that share a land border, each pair once. Read off the administrative map
 * of Lithuania's 60 municipalities (ISO 3166-2:LT) and the counties they make up: the
 * pair is named by one municipality border that makes it, and the Nemunas counts as a
 * border (Jurbarko r. faces Šakių r. across it). Not neighbours, for the record:
 * Klaipėda and Šiauliai, Kaunas and Utena, Kaunas and Klaipėda, Tauragė and Panevėžys. */
static const char *const borders[][2] = {
	{"LT-KL", "LT-TE"},     /* Skuodo r. - Mažeikių r., Kretingos r. - Plungės r. */
	{"LT-KL", "LT-TA"},     /* Šilutės r. - Šilalės r., Šilutės r. - Pagėgiai */
	{"LT-TE", "LT-TA"},     /* Rietavas - Šilalės r. */
	{"LT-TE", "LT-SA"},     /* Mažeikių r. - Akmenės r., Telšių r. - Kelmės r. */
	{"LT-TA", "LT-SA"},     /* Tauragės r. - Kelmės r. */
	{"LT-TA", "LT-KU"},     /* Jurbarko r. - Raseinių r. */
	{"LT-TA", "LT-MR"},     /* Jurbarko r. - Šakių r. (the Nemunas) */
	{"LT-SA", "LT-KU"},     /* Kelmės r. - Raseinių r., Radviliškio r. - Kėdainių r. */
	{"LT-SA", "LT-PN"},     /* Pakruojo r. - Pasvalio r., Radviliškio r. - Panevėžio r. */
	{"LT-PN", "LT-KU"},     /* Panevėžio r. - Kėdainių r. */
	{"LT-PN", "LT-UT"},     /* Kupiškio r. - Anykščių r., Rokiškio r. - Zarasų r. */
	{"LT-PN", "LT-VL"},     /* Panevėžio r. - Ukmergės r. */
	{"LT-UT", "LT-VL"},     /* Molėtų r. - Širvintų r., Ignalinos r. - Švenčionių r. */
	{"LT-VL", "LT-KU"},     /* Ukmergės r. - Jonavos r., Elektrėnai - Kaišiadorių r. */
	{"LT-VL", "LT-AL"},     /* Trakų r. - Alytaus r., Šalčininkų r. - Varėnos r. */
	{"LT-KU", "LT-AL"},     /* Prienų r. - Alytaus r. */
	{"LT-KU", "LT-MR"},     /* Kauno r. - Kazlų Rūda, Prienų r. - Marijampolė */
	{"LT-AL", "LT-MR"},     /* Lazdijų r. - Kalvarija */
};

#define NBORDERS ((int)(sizeof borders / sizeof borders[0]))
#define MAX_NEIGHBOURS 6

int near_adjacent(const char *a, const char *b)
{
	int i;

	if (a == NULL || b == NULL)
		return 0;
	for (i = 0; i < NBORDERS; i++) {
		if ((strcmp(borders[i][0], a) == 0 && strcmp(borders[i][1], b) == 0) ||
		    (strcmp(borders[i][0], b) == 0 && strcmp(borders[i][1], a) == 0))
			return 1;
	}
	return 0;
}

int near_neighbours(const char *county, const char **out, int max)
{
	int i, n = 0;

	for (i = 0; county != NULL && i < NBORDERS && n < max; i++) {
		if (strcmp(borders[i][0], county) == 0)
			out[n++] = borders[i][1];
		else if (strcmp(borders[i][1], county) == 0)
			out[n++] = borders[i][0];
	}
	return n;
}

enum near_band near_band(const char *home, const char *code)
{
	const struct municipality *h = municipality_find(home);
	const struct municipality *m = municipality_find(code);

	if (h == NULL || m == NULL)
		return NEAR_FAR;
	if (h == m)
		return NEAR_HOME;
	if (strcmp(h->county, m->county) == 0)
		return NEAR_COUNTY;
	return near_adjacent(h->county, m->county) ? NEAR_NEIGHBOUR : NEAR_FAR;
}

/* ?1 home, ?2 its county, ?3..?8 the neighbours ("" where there are fewer), ?9 limit. */
static const char near_sql[] =
	"SELECT id, title, person, municipality, featured FROM cases"
	" WHERE county IN (?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	" ORDER BY CASE WHEN municipality = ?1 THEN 0 WHEN county = ?2 THEN 1 ELSE 2 END,"
	" featured DESC, title COLLATE NOCASE, id LIMIT ?9";

static int read_hits(sqlite3 *db, sqlite3_stmt *st, int limit, struct search_result *out,
		     char **err)
{
	int rc = SQLITE_DONE;

	out->hits = xcalloc((size_t)(limit > 0 ? limit : 1), sizeof *out->hits);
	while (out->n < limit) {
		struct search_hit *h = &out->hits[out->n];

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		out->n++;

		snprintf(h->id, sizeof h->id, "%s", sqlite3_column_text(st, 0));
		h->title = db_column_strdup(st, 1);
		h->person = db_column_strdup(st, 2);
		snprintf(h->municipality, sizeof h->municipality, "%s",
			 sqlite3_column_text(st, 3));
		h->featured = sqlite3_column_int(st, 4) != 0;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	out->total = out->n;
	return 0;
}

int near_cases(sqlite3 *db, const char *home, int limit, struct search_result *out,
	       char **err)
{
	const struct municipality *m = municipality_find(home);
	const char *nb[MAX_NEIGHBOURS];
	sqlite3_stmt *st;
	int i, n, rc;

	memset(out, 0, sizeof *out);
	out->total = -1;
	if (m == NULL)
		return set_error(err, "not a municipality code: %.10s", home ? home : "");
	st = db_prepare(db, near_sql, err);
	if (st == NULL)
		return -1;
	n = near_neighbours(m->county, nb, MAX_NEIGHBOURS);
	db_bind_text(st, 1, m->code);
	db_bind_text(st, 2, m->county);
	for (i = 0; i < MAX_NEIGHBOURS; i++)
		db_bind_text(st, 3 + i, i < n ? nb[i] : "");
	sqlite3_bind_int(st, 9, limit);
	rc = read_hits(db, st, limit, out, err);
	sqlite3_finalize(st);
	if (rc < 0)
		search_result_free(out);
	return rc;
}

int near_partners(sqlite3 *db, const char *home, struct partner **out, int *n, char **err)
{
	struct partner *all, *sorted;
	int i, k, band;

	if (catalogue_partners(db, &all, n, err) < 0)
		return -1;
	/* catalogue_partners gives them by name: take each band in turn, keeping that. */
	sorted = xcalloc((size_t)(*n > 0 ? *n : 1), sizeof *sorted);
	k = 0;
	for (band = NEAR_HOME; band <= NEAR_FAR; band++) {
		for (i = 0; i < *n; i++) {
			if ((int)near_band(home, all[i].municipality) == band)
				sorted[k++] = all[i];
		}
	}
	free(all);
	*out = sorted;
	return 0;
}
