/* The test framework: TEST(name) { ... CHECK(expr); ... }. Each test runs in its own
 * process with its own temporary folder; tests named bench_* run only with --bench. */
#ifndef VITRINA_T_H
#define VITRINA_T_H

#include <stdint.h>

#define TEST(name) void test_##name(void); void test_##name(void)

/* Record a check; returns ok so callers can stop early: if (!CHECK(x)) return; */
int t_check(int ok, const char *file, int line, const char *expr);
int t_check_str(const char *got, const char *want, const char *file, int line,
		const char *expr);
int t_check_int(long long got, long long want, const char *file, int line,
		const char *expr);

#define CHECK(e) t_check(!!(e), __FILE__, __LINE__, #e)
#define CHECK_STR(got, want) t_check_str((got), (want), __FILE__, __LINE__, #got)
#define CHECK_INT(got, want) t_check_int((long long)(got), (long long)(want), __FILE__, \
					 __LINE__, #got)

/* End the test now as skipped, with a reason. */
void t_skip(const char *why);
/* End the test now as failed with a message (for setup that cannot go on). */
void t_fail(const char *fmt, ...);

/* This test's own temporary folder (removed afterwards). */
const char *t_dir(void);
/* A path inside t_dir(); the result is valid until the next call with the same slot
 * (0..7). */
const char *t_path(int slot, const char *name);
/* Path of a built program: t_bin("vitrina"), t_bin("vitrina-hub"). */
const char *t_bin(const char *name);
/* Write data to path (a new file gets mode 0600, as token files must have). Fails the
 * test if it cannot. */
void t_write_file(const char *path, const char *data);
/* Run argv (NULL-terminated) with stdin from /dev/null, capturing stdout into *out (if
 * not NULL; the caller frees) and stderr into *errout (if not NULL). Returns the exit
 * status, or -1 if it died from a signal. */
int t_run(char *const argv[], char **out, char **errout);

/* Print a benchmark line: name, figure, unit, and the raw limit measured beside it. */
void t_bench(const char *name, double value, const char *unit, double raw, const char *raw_what);

#endif
