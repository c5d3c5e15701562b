/* The test runner: runs every TEST (or those whose name contains an argument), each in
 * its own process with a time limit, and ends with "N passed, N failed". */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "list.h"
#include "t.h"
#include "util.h"

#define SKIP_STATUS 77

struct test {
	const char *name;
	void (*fn)(void);
};

static const struct test tests[] = {TEST_TABLE};

static int failures;
static char bin_dir[1024];
static char test_dir[256];
static char paths[8][PATH_MAX];

int t_check(int ok, const char *file, int line, const char *expr)
{
	if (!ok) {
		fprintf(stderr, "  %s:%d: check failed: %s\n", file, line, expr);
		failures++;
	}
	return ok;
}

int t_check_str(const char *got, const char *want, const char *file, int line,
		const char *expr)
{
	int ok = got != NULL && want != NULL ? strcmp(got, want) == 0 : got == want;

	if (!ok) {
		fprintf(stderr, "  %s:%d: %s is \"%s\", expected \"%s\"\n", file, line, expr,
			got ? got : "(null)", want ? want : "(null)");
		failures++;
	}
	return ok;
}

int t_check_int(long long got, long long want, const char *file, int line, const char *expr)
{
	if (got != want) {
		fprintf(stderr, "  %s:%d: %s is %lld, expected %lld\n", file, line, expr, got,
			want);
		failures++;
	}
	return got == want;
}

void t_skip(const char *why)
{
	fprintf(stderr, "  skipped: %s\n", why);
	exit(SKIP_STATUS);
}

void t_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("  failed: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

const char *t_dir(void)
{
	return test_dir;
}

const char *t_path(int slot, const char *name)
{
	snprintf(paths[slot & 7], PATH_MAX, "%s/%s", test_dir, name);
	return paths[slot & 7];
}

const char *t_bin(const char *name)
{
	static char p[PATH_MAX];

	snprintf(p, sizeof p, "%s/%s", bin_dir, name);
	return p;
}

void t_write_file(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (f == NULL || fputs(data, f) < 0 || fclose(f) != 0)
		t_fail("cannot write %s", path);
}

static char *slurp_fd(int fd)
{
	struct buf b = {0};
	char chunk[4096];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR)) {
		if (n > 0)
			buf_add(&b, chunk, (size_t)n);
	}
	return buf_take(&b);
}

int t_run(char *const argv[], char **out, char **errout)
{
	char outfile[PATH_MAX], errfile[PATH_MAX];
	int status, fo, fe;
	pid_t pid;

	snprintf(outfile, sizeof outfile, "%s/.stdout", test_dir);
	snprintf(errfile, sizeof errfile, "%s/.stderr", test_dir);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		t_fail("fork: %s", strerror(errno));
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);

		fo = open(outfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		fe = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(in, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	fo = open(outfile, O_RDONLY);
	fe = open(errfile, O_RDONLY);
	if (out != NULL)
		*out = slurp_fd(fo);
	if (errout != NULL)
		*errout = slurp_fd(fe);
	close(fo);
	close(fe);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void t_bench(const char *name, double value, const char *unit, double raw, const char *raw_what)
{
	if (raw > 0)
		printf("  %-40s %10.3f %-6s  raw %s %10.3f %-6s  ratio %.2f\n", name, value, unit,
		       raw_what, raw, unit, value / raw);
	else
		printf("  %-40s %10.3f %s\n", name, value, unit);
	fflush(stdout);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

static int run_one(const struct test *t, int timeout)
{
	int status;
	pid_t pid;

	snprintf(test_dir, sizeof test_dir, "/tmp/vitrina-test.XXXXXX");
	if (mkdtemp(test_dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		alarm((unsigned)timeout);
		t->fn();
		fflush(NULL);
		_exit(failures > 0 ? 1 : 0);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	kill(-pid, SIGKILL); /* whatever the test started and left behind */
	if (getenv("VITRINA_KEEP_TMP") == NULL)
		nftw(test_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "  died from signal %d%s\n", WTERMSIG(status),
			WTERMSIG(status) == SIGALRM ? " (time limit)" : "");
		return 1;
	}
	return WEXITSTATUS(status);
}

static int selected(const char *name, int argc, char **argv, int bench)
{
	int i, any = 0;

	if ((strncmp(name, "bench_", 6) == 0) != bench)
		return 0;
	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;
		any = 1;
		if (strstr(name, argv[i]) != NULL)
			return 1;
	}
	return !any;
}

int main(int argc, char **argv)
{
	int pass = 0, fail = 0, skip = 0, bench = 0, timeout = 120, i;
	size_t k;
	char self[PATH_MAX];

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--bench") == 0) {
			bench = 1;
			timeout = 1200;
		}
	}
	snprintf(self, sizeof self, "%s", argv[0]);
	snprintf(bin_dir, sizeof bin_dir, "%s", dirname(self));
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (k = 0; k < sizeof tests / sizeof tests[0]; k++) {
		int rc;

		if (!selected(tests[k].name, argc, argv, bench))
			continue;
		printf("%s\n", tests[k].name);
		rc = run_one(&tests[k], timeout);
		if (rc == 0) {
			pass++;
		} else if (rc == SKIP_STATUS) {
			skip++;
		} else {
			printf("FAIL %s\n", tests[k].name);
			fail++;
		}
	}
	if (skip > 0)
		printf("%d passed, %d failed, %d skipped\n", pass, fail, skip);
	else
		printf("%d passed, %d failed\n", pass, fail);
	return fail > 0 ? 1 : 0;
}
