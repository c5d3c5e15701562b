/* vitrina-hub stats: the kiosks' usage figures as a table (DESIGN §5), the rows of
 * GET /v1/stats. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hub.h"
#include "stats.h"

static const char usage_stats[] =
	"usage: vitrina-hub [--db FILE] stats [--from DAY] [--to DAY]\n"
	"                   [--by county|municipality|case|day|week|theme] [--county LT-XX]\n"
	"\n"
	"Print the kiosks' usage figures from DAY to DAY (YYYY-MM-DD, both counted; by\n"
	"default the last 30 days up to today, UTC) as a table: a line for each county,\n"
	"municipality, case, day, ISO week or theme, then a total line. Counts by place\n"
	"go where the kiosk stood that day (\"unknown\" when it did not say). By case and\n"
	"theme only stories_read and inspired are counted; a story counts under each of\n"
	"its themes. --county keeps the counts of kiosks in that county.\n";

static int bad_usage(const char *what, const char *value)
{
	fprintf(stderr, "vitrina-hub: stats: %s%s (see --help)\n", what, value ? value : "");
	return 2;
}

/* The width of the counts column k: its name, or its largest number. */
static int column_width(const struct stats_line *l, int n, const int64_t *total, int k)
{
	char num[24];
	int w = (int)strlen(stats_columns[k]), i;

	for (i = 0; i <= n; i++) {
		int len = snprintf(num, sizeof num, "%" PRId64, i < n ? l[i].n[k] : total[k]);

		if (len > w)
			w = len;
	}
	return w;
}

static void print_line(const char *key, int keyw, const int64_t *n, const int *w,
		       const char *county, const char *name)
{
	int k;

	printf("%-*s", keyw, key);
	for (k = 0; k < STATS_NCOLS; k++)
		printf("  %*" PRId64, w[k], n[k]);
	if (county != NULL)
		printf("  %-6s", county);
	if (name != NULL)
		printf("  %s", name);
	putchar('\n');
}

/* The table: header, a line a row, the total; names last, so that UTF-8 needs no
 * padding. */
static void print_table(const struct stats_line *l, int n, enum stats_group by)
{
	int64_t total[STATS_NCOLS] = {0};
	int w[STATS_NCOLS], keyw = 5, i, k;
	int named = by == BY_COUNTY || by == BY_MUNICIPALITY || by == BY_CASE;

	for (i = 0; i < n; i++) {
		for (k = 0; k < STATS_NCOLS; k++)
			total[k] += l[i].n[k];
		if ((int)strlen(l[i].key) > keyw)
			keyw = (int)strlen(l[i].key);
	}
	for (k = 0; k < STATS_NCOLS; k++)
		w[k] = column_width(l, n, total, k);
	printf("%-*s", keyw, "key");
	for (k = 0; k < STATS_NCOLS; k++)
		printf("  %*s", w[k], stats_columns[k]);
	if (by == BY_CASE)
		printf("  %-6s  title", "county");
	else if (named)
		printf("  name");
	putchar('\n');
	for (i = 0; i < n; i++)
		print_line(l[i].key[0] ? l[i].key : "-", keyw, l[i].n, w,
			   by == BY_CASE ? (l[i].county[0] ? l[i].county : "-") : NULL,
			   named ? l[i].name : NULL);
	print_line("total", keyw, total, w, by == BY_CASE ? "" : NULL, NULL);
}

/* "--name VALUE" or "--name=VALUE" at argv[*i] for one of the names: 1 with *val set
 * (and *i moved past a separate value), 0 if argv[*i] is none of them, -1 if the
 * value is missing. */
static int option(int argc, char **argv, int *i, const char *name, const char **val)
{
	size_t len = strlen(name);

	if (strncmp(argv[*i], name, len) != 0)
		return 0;
	if (argv[*i][len] == '=') {
		*val = argv[*i] + len + 1;
		return 1;
	}
	if (argv[*i][len] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*val = argv[++*i];
	return 1;
}

int cmd_stats(const char *db, int argc, char **argv)
{
	static const char *const names[4] = {"--from", "--to", "--by", "--county"};
	const char *vals[4] = {NULL, NULL, NULL, NULL};
	struct stats_query q;
	struct stats_line *l;
	struct store *s;
	char msg[160], *err = NULL;
	int i, k, n, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage_stats, stdout);
			return 0;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("vitrina-hub %s\n", VERSION);
			return 0;
		}
	}
	for (i = 1; i < argc; i++) {
		for (k = 0, rc = 0; k < 4 && rc == 0; k++)
			rc = option(argc, argv, &i, names[k], &vals[k]);
		if (rc < 0)
			return bad_usage(names[k - 1], " needs a value");
		if (rc == 0)
			return bad_usage("unknown argument ", argv[i]);
	}
	if (stats_query_read(&q, vals[0], vals[1], vals[2], vals[3], msg, sizeof msg) < 0)
		return bad_usage(msg, NULL);
	if (!store_is_pg(db) && access(db, F_OK) != 0) {
		fprintf(stderr, "vitrina-hub: no hub database at %s\n", db);
		return 1;
	}
	s = store_open(db, &err);
	if (s == NULL || stats_lines(s, &q, &l, &n, &err) < 0) {
		fprintf(stderr, "vitrina-hub: %s\n", err ? err : "failed");
		free(err);
		store_close(s);
		return 1;
	}
	print_table(l, n, q.by);
	stats_lines_free(l, n);
	store_close(s);
	return 0;
}
