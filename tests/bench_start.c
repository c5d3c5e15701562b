/* Cold start (DESIGN §8): from exec to the first screen, and peak memory, on the
 * 100,000-case database bench_search made (VITRINA_BENCH_DB, set by `make bench`), or on
 * the sample catalogue when there is none. Beside each: `vitrina --version`, the same
 * binary and libraries doing nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "t.h"
#include "util.h"
#include "vt.h"

#define RUNS 10

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static long max_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return ru.ru_maxrss;
}

/* Milliseconds from exec to the end of `vitrina --version`. */
static double version_ms(void)
{
	char v[] = "--version";
	char *argv[] = {(char *)t_bin("vitrina"), v, NULL};
	int64_t t0 = now_us_monotonic();

	t_run(argv, NULL, NULL);
	return (double)(now_us_monotonic() - t0) / 1000.0;
}

TEST(bench_start_cold)
{
	const char *big = getenv("VITRINA_BENCH_DB");
	struct stat st;
	char dbopt[] = "--db", *db;
	double ms[RUNS], raw[RUNS];
	long rss_raw, rss;
	int i;

	if (big != NULL && stat(big, &st) == 0) {
		db = xstrdup(big);
		printf("  (on %s)\n", big);
	} else {
		db = xstrdup(t_path(0, "sample.db"));
		printf("  (on the sample catalogue: run bench_search first for 100k cases)\n");
	}
	for (i = 0; i < RUNS; i++)
		raw[i] = version_ms();
	rss_raw = max_rss_kb();
	for (i = 0; i < RUNS; i++) {
		char *argv[] = {(char *)t_bin("vitrina"), dbopt, db, NULL};
		int64_t t0 = now_us_monotonic();

		vt_start(argv, 24, 80);
		if (!vt_wait_text("English", 10000))
			t_fail("no first screen");
		ms[i] = (double)(now_us_monotonic() - t0) / 1000.0;
		vt_kill(15);
		vt_wait_exit(5000);
		vt_close();
	}
	rss = max_rss_kb();
	qsort(ms, RUNS, sizeof ms[0], cmp_double);
	qsort(raw, RUNS, sizeof raw[0], cmp_double);
	t_bench("start: exec to first screen, p50", ms[RUNS / 2], "ms", raw[RUNS / 2],
		"--version");
	t_bench("start: exec to first screen, worst", ms[RUNS - 1], "ms", raw[RUNS - 1],
		"--version");
	t_bench("start: peak memory (RSS)", (double)rss / 1024.0, "MiB",
		(double)rss_raw / 1024.0, "--version");
	free(db);
}
