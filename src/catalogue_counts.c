#include "catalogue_counts.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "util.h"

int catalogue_place_counts(sqlite3 *db, struct place_counts *out, char **err)
{
	sqlite3_stmt *st;
	int rc, i, c;

	memset(out, 0, sizeof *out);
	st = db_prepare(db, "SELECT municipality, count(*) FROM cases GROUP BY municipality",
			err);
	if (st == NULL)
		return -1;
	for (;;) {
		const struct municipality *m;
		int n;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		m = municipality_find((const char *)sqlite3_column_text(st, 0));
		n = sqlite3_column_int(st, 1);
		if (m == NULL)
			continue;
		i = (int)(m - municipalities);
		out->municipality[i] += n;
		for (c = 0; c < COUNTY_COUNT; c++) {
			if (strcmp(counties[c].code, m->county) == 0)
				out->county[c] += n;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		memset(out, 0, sizeof *out);
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	}
	return 0;
}
