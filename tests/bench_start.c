/* Cold start (DESIGN §8): from exec to the first screen, peak memory and the shared
 * libraries mapped, on the 100,000-case database bench_search made (VITRINA_BENCH_DB,
 * set by `make bench`), or on the sample catalogue when there is none. Beside each, the
 * raw limit: a bare ncursesw program that paints one screen (tests/bare/), started and
 * measured the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* How many shared libraries process pid has mapped. */
static int libraries_mapped(pid_t pid)
{
	char path[64], *maps, *line, *save = NULL;
	struct buf seen = {0};
	int n = 0;

	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	maps = t_read_file(path);
	buf_addc(&seen, '\n');
	for (line = maps ? strtok_r(maps, "\n", &save) : NULL; line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *so = strchr(line, '/'), *key;

		if (so == NULL || strstr(so, ".so") == NULL)
			continue;
		key = xasprintf("\n%s\n", so);
		if (strstr(seen.s, key) == NULL) {
			buf_adds(&seen, key + 1);
			n++;
		}
		free(key);
	}
	buf_free(&seen);
	free(maps);
	return n;
}

/* The peak resident memory of process pid so far, in KiB (VmHWM). */
static long peak_kib(pid_t pid)
{
	char path[64], *status, *hwm;
	long kib = 0;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	status = t_read_file(path);
	hwm = status != NULL ? strstr(status, "VmHWM:") : NULL;
	if (hwm != NULL)
		kib = strtol(hwm + 6, NULL, 10);
	free(status);
	return kib;
}

/* Start argv in a pty until the text shows: milliseconds from exec; *libs the shared
 * libraries it has mapped then, *kib its peak memory so far (the larger of it and
 * *kib). */
static double start_ms(char *const argv[], const char *text, int *libs, long *kib)
{
	long k;

	int64_t t0 = now_us_monotonic();
	double ms;

	vt_start(argv, 24, 80);
	if (!vt_wait_text(text, 10000))
		t_fail("no first screen");
	ms = (double)(now_us_monotonic() - t0) / 1000.0;
	*libs = libraries_mapped(vt_pid());
	k = peak_kib(vt_pid());
	*kib = k > *kib ? k : *kib;
	vt_kill(15);
	vt_wait_exit(5000);
	vt_close();
	return ms;
}

TEST(bench_start_cold)
{
	const char *big = getenv("VITRINA_BENCH_DB");
	struct stat st;
	char dbopt[] = "--db", *db, *bare = xstrdup(t_bin("bare-curses"));
	double ms[RUNS], raw[RUNS];
	long rss_raw = 0, rss = 0, warm = 0;
	int i, libs = 0, libs_raw = 0;

	if (access(bare, X_OK) != 0) {
		t_skip("build/bare-curses is missing (make bench builds it)");
		free(bare);
		return;
	}
	if (big != NULL && stat(big, &st) == 0) {
		db = xstrdup(big);
		printf("  (on %s)\n", big);
	} else {
		db = xstrdup(t_path(0, "sample.db"));
		printf("  (on the sample catalogue: run bench_search first for 100k cases)\n");
	}
	for (i = 0; i <= RUNS; i++) {
		char *argv[] = {bare, NULL};
		char *kiosk[] = {(char *)t_bin("vitrina"), dbopt, db, NULL};

		/* Turn about, so a busy moment of the machine falls on both; the first
		 * round only warms up (and makes the sample database). */
		raw[i % RUNS] = start_ms(argv, "English", &libs_raw, i ? &rss_raw : &warm);
		ms[i % RUNS] = start_ms(kiosk, "English", &libs, i ? &rss : &warm);
	}
	qsort(ms, RUNS, sizeof ms[0], cmp_double);
	qsort(raw, RUNS, sizeof raw[0], cmp_double);
	t_bench("start: exec to first screen, p50", ms[RUNS / 2], "ms", raw[RUNS / 2],
		"bare ncursesw");
	t_bench("start: exec to first screen, worst", ms[RUNS - 1], "ms", raw[RUNS - 1],
		"bare ncursesw");
	t_bench("start: peak memory (RSS)", (double)rss / 1024.0, "MiB",
		(double)rss_raw / 1024.0, "bare ncursesw");
	t_bench("start: shared libraries mapped", libs, "", libs_raw, "bare ncursesw");
	free(db);
	free(bare);
}
