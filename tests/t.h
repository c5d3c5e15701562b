/* The test framework: TEST(name) { ... CHECK(expr); ... }. Each test runs in its own
 * process with its own temporary folder; tests named bench_* run only with --bench. */
#ifndef VITRINA_T_H
#define VITRINA_T_H

#include <stdint.h>
#include <sys/types.h>

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
/* End the test now as failed with a message (for setup that cannot go on), saying
 * where: t_fail("cannot write %s", path). */
#define t_fail(...) t_fail_at(__FILE__, __LINE__, __VA_ARGS__)
void t_fail_at(const char *file, int line, const char *fmt, ...);

/* This test's own temporary folder (removed afterwards). */
const char *t_dir(void);
/* A path inside t_dir(); the result is valid until the next call with the same slot
 * (0..7). */
const char *t_path(int slot, const char *name);
/* Path of a built program: t_bin("vitrina"), t_bin("vitrina-hub"). */
const char *t_bin(const char *name);
/* The full path of program name in $PATH (else /usr/bin:/bin), or NULL; up to eight
 * results stay valid at once. */
const char *t_tool(const char *name);
/* The source tree that holds file: the parent of the build folder, else the current
 * folder. Fails the test if neither holds it. */
const char *t_source(const char *file);
/* Write data to path (a new file gets mode 0600, as token files must have). Fails the
 * test if it cannot. */
void t_write_file(const char *path, const char *data);
/* The whole file at path (a new string), "" if it cannot be read. */
char *t_read_file(const char *path);
/* Wait until the file at path (text or binary; missing: empty) holds text at least n
 * times: 1, or 0 after timeout_ms (0: look once). */
int t_file_wait(const char *path, const char *text, int n, int timeout_ms);
/* Sleep for ms milliseconds (for pacing a poll; wait for conditions, never blindly). */
void t_sleep_ms(int ms);

/* Starting programs. Where a child's stdin, stdout or stderr goes: /dev/null (the
 * default: all zero), a file (written from the start, or appended to; stdin reads it),
 * a pipe (our end in fd, set by t_spawn; the caller closes it), or for stderr only the
 * same place as stdout. */
enum t_io { T_IO_NULL, T_IO_FILE, T_IO_APPEND, T_IO_PIPE, T_IO_STDOUT };
struct t_stream {
	enum t_io how;
	const char *path;
	int fd;
};
struct t_spawn_opts {
	/* Changes to our environment for the child, NULL-terminated (or NULL):
	 * "NAME=value" sets, "NAME" removes; a later change of a name wins. */
	const char *const *env;
	struct t_stream in, out, err;
};
/* Start argv (argv[0] a path) as o says (NULL: our environment, all streams
 * /dev/null); returns its pid. Fails the test if it cannot. */
pid_t t_spawn(char *const argv[], struct t_spawn_opts *o);
/* Our environment with the changes (as in t_spawn_opts), as a new array for execve:
 * free() the array only. For a child started another way (forkpty). */
char **t_env(const char *const *changes);
/* In a child: execve argv with env; if that fails say so on stderr and _exit(127). */
void t_exec(char *const argv[], char *const env[]);
/* Wait for pid to end: its exit status, -1 if a signal ended it, -2 if it did not end
 * within timeout_ms (timeout_ms < 0: as long as it takes). */
int t_wait(pid_t pid, int timeout_ms);
/* Send sig to pid and wait up to timeout_ms for it to end; then SIGKILL it. Returns its
 * exit status, or -1 if a signal ended it. */
int t_kill(pid_t pid, int sig, int timeout_ms);
/* Run argv (NULL-terminated) with stdin from /dev/null, capturing stdout into *out (if
 * not NULL; the caller frees) and stderr into *errout (if not NULL). Returns the exit
 * status, or -1 if it died from a signal. */
int t_run(char *const argv[], char **out, char **errout);

/* Print a benchmark line: name, figure, unit, and the raw limit measured beside it. */
void t_bench(const char *name, double value, const char *unit, double raw, const char *raw_what);

#endif
