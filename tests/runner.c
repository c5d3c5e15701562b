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
#include <time.h>
#include <sys/stat.h>
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

void t_fail_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "  %s:%d: failed: ", file, line);
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

const char *t_tool(const char *name)
{
	static char path[8][1024];
	static int slot;
	const char *p = getenv("PATH") != NULL ? getenv("PATH") : "/usr/bin:/bin";
	char *out = path[slot++ & 7];

	while (*p != '\0') {
		size_t len = strcspn(p, ":");

		snprintf(out, 1024, "%.*s/%s", (int)len, p, name);
		if (access(out, X_OK) == 0)
			return out;
		p += len + (p[len] == ':');
	}
	return NULL;
}

const char *t_source(const char *file)
{
	static char root[PATH_MAX];
	char probe[PATH_MAX + 256];
	struct stat st;

	snprintf(root, sizeof root, "%s", t_bin(".."));
	snprintf(probe, sizeof probe, "%s/%s", root, file);
	if (stat(probe, &st) == 0)
		return root;
	if (stat(file, &st) == 0)
		return ".";
	t_fail("cannot find %s next to the build folder or here", file);
	return NULL;
}

void t_write_file(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (f == NULL || fputs(data, f) < 0 || fclose(f) != 0)
		t_fail("cannot write %s", path);
}

char *t_read_file(const char *path)
{
	char *s = NULL, *err = NULL;
	size_t n;

	if (read_file(path, 256 << 20, &s, &n, &err) < 0) {
		free(err);
		return xstrdup("");
	}
	return s;
}

/* How many times (up to max) text is in the file at path (binary or not). */
static int times_in_file(const char *path, const char *text, int max)
{
	char *data = NULL, *err = NULL;
	const char *p, *end;
	size_t len = 0, m = strlen(text);
	int seen = 0;

	if (read_file(path, 256 << 20, &data, &len, &err) < 0) {
		free(err);
		return 0;
	}
	end = data + len;
	for (p = data; seen < max && (p = memmem(p, (size_t)(end - p), text, m)) != NULL; p++)
		seen++;
	free(data);
	return seen;
}

int t_file_wait(const char *path, const char *text, int n, int timeout_ms)
{
	int64_t end = now_ms_monotonic() + timeout_ms;

	while (times_in_file(path, text, n) < n) {
		if (now_ms_monotonic() >= end)
			return 0;
		t_sleep_ms(5);
	}
	return 1;
}

void t_sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* ---- starting programs ---- */

static size_t name_len(const char *s)
{
	return strcspn(s, "=");
}

static int same_name(const char *a, const char *b)
{
	size_t n = name_len(a);

	return n == name_len(b) && memcmp(a, b, n) == 0;
}

/* 1 if a change in changes[from..] names the variable of entry s. */
static int changed_from(const char *s, const char *const *changes, size_t from)
{
	size_t i;

	for (i = from; changes != NULL && changes[i] != NULL; i++) {
		if (same_name(s, changes[i]))
			return 1;
	}
	return 0;
}

char **t_env(const char *const *changes)
{
	size_t n = 0, nc = 0, k = 0, i;
	char **env;

	while (environ[n] != NULL)
		n++;
	while (changes != NULL && changes[nc] != NULL)
		nc++;
	env = xcalloc(n + nc + 1, sizeof *env);
	for (i = 0; i < n; i++) {
		if (!changed_from(environ[i], changes, 0))
			env[k++] = environ[i];
	}
	for (i = 0; i < nc; i++) {
		if (strchr(changes[i], '=') != NULL && !changed_from(changes[i], changes, i + 1))
			env[k++] = (char *)changes[i];
	}
	return env;
}

void t_exec(char *const argv[], char *const env[])
{
	execve(argv[0], argv, env);
	fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Our side of stream s of a new child: a pipe made now (p), else nothing. */
static void stream_prepare(struct t_stream *s, int p[2])
{
	p[0] = p[1] = -1;
	if (s->how == T_IO_PIPE && pipe2(p, O_CLOEXEC) < 0)
		t_fail("pipe: %s", strerror(errno));
}

/* In the child: make fd (0, 1 or 2) what s says; p is its pipe. 0, or -1 on failure. */
static int stream_connect(int fd, const struct t_stream *s, const int p[2])
{
	int f = -1;

	switch (s->how) {
	case T_IO_NULL:
		f = open("/dev/null", (fd == 0 ? O_RDONLY : O_WRONLY) | O_CLOEXEC);
		break;
	case T_IO_FILE:
		f = fd == 0 ? open(s->path, O_RDONLY | O_CLOEXEC) :
		    open(s->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		break;
	case T_IO_APPEND:
		f = open(s->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		break;
	case T_IO_PIPE:
		f = fd == 0 ? p[0] : p[1];
		break;
	case T_IO_STDOUT:
		f = 1;
		break;
	}
	return f >= 0 && dup2(f, fd) >= 0 ? 0 : -1;
}

/* In the parent after the fork: keep our end of a pipe in s->fd, close the child's. */
static void stream_keep(struct t_stream *s, int p[2], int ours)
{
	if (s->how != T_IO_PIPE)
		return;
	s->fd = p[ours];
	close(p[1 - ours]);
}

pid_t t_spawn(char *const argv[], struct t_spawn_opts *o)
{
	struct t_spawn_opts none;
	int pin[2], pout[2], perr[2];
	char **env;
	pid_t pid;

	if (o == NULL) {
		memset(&none, 0, sizeof none);
		o = &none;
	}
	env = t_env(o->env);
	stream_prepare(&o->in, pin);
	stream_prepare(&o->out, pout);
	stream_prepare(&o->err, perr);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		t_fail("fork: %s", strerror(errno));
	if (pid == 0) {
		if (stream_connect(0, &o->in, pin) < 0 || stream_connect(1, &o->out, pout) < 0 ||
		    stream_connect(2, &o->err, perr) < 0)
			_exit(126);
		t_exec(argv, env);
	}
	free(env);
	stream_keep(&o->in, pin, 1);
	stream_keep(&o->out, pout, 0);
	stream_keep(&o->err, perr, 0);
	return pid;
}

int t_wait(pid_t pid, int timeout_ms)
{
	int64_t end = now_ms_monotonic() + (timeout_ms > 0 ? timeout_ms : 0);
	int status;
	pid_t r;

	for (;;) {
		r = waitpid(pid, &status, timeout_ms < 0 ? 0 : WNOHANG);
		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (r < 0 && errno != EINTR)
			return -1;
		if (r == 0 && now_ms_monotonic() >= end)
			return -2;
		if (r == 0)
			t_sleep_ms(2);
	}
}

int t_kill(pid_t pid, int sig, int timeout_ms)
{
	int rc;

	kill(pid, sig);
	rc = t_wait(pid, timeout_ms);
	if (rc == -2) {
		kill(pid, SIGKILL);
		rc = t_wait(pid, -1);
	}
	return rc;
}

int t_run(char *const argv[], char **out, char **errout)
{
	char outfile[PATH_MAX], errfile[PATH_MAX];
	struct t_spawn_opts o;
	int rc;

	snprintf(outfile, sizeof outfile, "%s/.stdout", test_dir);
	snprintf(errfile, sizeof errfile, "%s/.stderr", test_dir);
	memset(&o, 0, sizeof o);
	o.out.how = T_IO_FILE;
	o.out.path = outfile;
	o.err.how = T_IO_FILE;
	o.err.path = errfile;
	rc = t_wait(t_spawn(argv, &o), -1);
	if (out != NULL)
		*out = t_read_file(outfile);
	if (errout != NULL)
		*errout = t_read_file(errfile);
	return rc;
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

/* Remove a test's folder, unless VITRINA_KEEP_TMP asks to keep it. */
static void remove_dir(const char *dir)
{
	if (getenv("VITRINA_KEEP_TMP") == NULL)
		nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* One test that runs (or ran) in its own process, with its own folder. */
struct job {
	const struct test *t;
	int pg;                 /* its "pg:" run, on the test PostgreSQL */
	pid_t pid;
	char dir[256];
};

/* What the run asked for: --bench, -j N, and the words that select tests. */
struct opts {
	int bench, jobs, timeout, capture;
	char **words;
	int nwords;
};

struct tally {
	int pass, fail, skip;
};

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

/* Where a test's output goes when it is captured: one file for stdout and stderr. */
static void output_path(char *out, size_t size, const char *dir)
{
	snprintf(out, size, "%s/.output", dir);
}

/* The hub's tests run twice: on SQLite, and as "pg:NAME" on a throwaway PostgreSQL
 * (tests/pg_cluster.sh) started for the run, when PostgreSQL is installed. The staff
 * and kiosk screens' tests that also start a hub (review_, figures_tui_, guides_,
 * picks_) run on SQLite only: what they ask of the store, the hub's tests ask too. */
static const char *const pg_prefixes[] = {"hub_", "ingest_", "enrol_", "stats_", "qa_",
	"snapshot_hub_", "staff_", "public_", "sync_", "pg_", NULL};
static char pg_dir[64];         /* its folder while it runs */
static char pg_run[80];         /* and its socket's folder (VITRINA_TEST_PG) */
static int pg_state;            /* 0 not started, 1 running, -1 failed, 77 not installed */

static int pg_wanted(const char *name)
{
	int i;

	for (i = 0; pg_prefixes[i] != NULL; i++) {
		if (strncmp(name, pg_prefixes[i], strlen(pg_prefixes[i])) == 0)
			return 1;
	}
	return 0;
}

static int pg_script(const char *what)
{
	char *argv[] = {(char *)"tests/pg_cluster.sh", (char *)what, pg_dir, NULL};
	char *out = NULL, *err = NULL;
	int rc;

	if (access(argv[0], X_OK) != 0) {
		printf("tests/pg_cluster.sh is not here (run the tests from the source tree): "
		       "the pg: tests are skipped\n");
		return 77;
	}
	snprintf(test_dir, sizeof test_dir, "%s", pg_dir);      /* t_run's output files */
	rc = t_run(argv, &out, &err);
	test_dir[0] = '\0';

	if (rc != 0 && rc != 77)
		fprintf(stderr, "tests/pg_cluster.sh %s: %s", what, err ? err : "");
	else if (rc == 77)
		printf("PostgreSQL is not installed (apt-get install postgresql): the pg: tests "
		       "are skipped\n");
	free(out);
	free(err);
	return rc;
}

/* Start the run's PostgreSQL the first time a pg: test needs it: its state. */
static int pg_start(void)
{
	if (pg_state != 0)
		return pg_state;
	snprintf(pg_dir, sizeof pg_dir, "/tmp/vitrina-pg.XXXXXX");
	if (mkdtemp(pg_dir) == NULL) {
		perror("mkdtemp");
		return pg_state = -1;
	}
	snprintf(pg_run, sizeof pg_run, "%s/run", pg_dir);
	setenv("PG_FSYNC", "off", 1);  /* see tests/pg_cluster.sh */
	pg_state = pg_script("start");
	if (pg_state == 0) {
		pg_state = 1;
	} else {
		if (pg_state != 77)
			pg_script("stop");      /* a server started before it failed */
		remove_dir(pg_dir);
	}
	return pg_state;
}

static void pg_stop(void)
{
	if (pg_state == 1)
		pg_script("stop");
	pg_state = 0;
}

/* In the child: the test itself, with stdout and stderr in dir/.output if capture. */
static void child_run(const struct test *t, const char *dir, int timeout, int capture)
{
	char path[PATH_MAX];
	int fd;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	setpgid(0, 0);
	snprintf(test_dir, sizeof test_dir, "%s", dir);
	if (capture) {
		output_path(path, sizeof path, dir);
		fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(1);
		close(fd);
	}
	alarm((unsigned)timeout);
	t->fn();
	fflush(NULL);
	_exit(failures > 0 ? 1 : 0);
}

/* Start test t (its pg: run if pg) in a new folder: 0, or -1 (said on stderr) if it
 * could not start. */
static int job_start(struct job *j, const struct test *t, int pg, const struct opts *o)
{
	j->t = t;
	j->pg = pg;
	snprintf(j->dir, sizeof j->dir, "/tmp/vitrina-test.XXXXXX");
	if (mkdtemp(j->dir) == NULL) {
		perror("mkdtemp");
		return -1;
	}
	if (!o->capture)
		printf("%s%s\n", pg ? "pg:" : "", t->name);
	fflush(NULL);
	j->pid = fork();
	if (j->pid == 0) {
		if (pg)
			setenv("VITRINA_TEST_PG", pg_run, 1);
		child_run(t, j->dir, o->timeout, o->capture);
	}
	if (j->pid < 0) {
		perror("fork");
		j->pid = 0;
		nftw(j->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		return -1;
	}
	setpgid(j->pid, j->pid);
	return 0;
}

/* Copy the test's captured output to our stdout, whole. */
static void copy_output(const char *dir)
{
	char path[PATH_MAX], chunk[8192];
	ssize_t n;
	int fd;

	output_path(path, sizeof path, dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	fflush(stdout);
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		if (write(1, chunk, (size_t)n) != n)
			break;
	}
	close(fd);
}

/* After the test's process ended with status: its block of output, the cleanup, and
 * its result (0 passed, SKIP_STATUS skipped, else failed). */
static int job_finish(struct job *j, int status, const struct opts *o)
{
	int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 1;

	kill(-j->pid, SIGKILL); /* whatever the test started and left behind */
	if (o->capture) {
		printf("%s%s\n", j->pg ? "pg:" : "", j->t->name);
		copy_output(j->dir);
	}
	remove_dir(j->dir);
	if (WIFSIGNALED(status)) {
		fflush(stdout);
		fprintf(stderr, "  died from signal %d%s\n", WTERMSIG(status),
			WTERMSIG(status) == SIGALRM ? " (time limit)" : "");
	}
	j->pid = 0;
	return rc;
}

static void count(struct tally *n, const struct test *t, int pg, int rc)
{
	if (rc == 0) {
		n->pass++;
	} else if (rc == SKIP_STATUS) {
		n->skip++;
	} else {
		printf("FAIL %s%s\n", pg ? "pg:" : "", t->name);
		n->fail++;
	}
}

/* On Ctrl-C or a kill: end the running tests and everything they started. */
static void stop_all(struct job *jobs, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (jobs[i].pid <= 0)
			continue;
		kill(-jobs[i].pid, SIGKILL);
		while (waitpid(jobs[i].pid, NULL, 0) < 0 && errno == EINTR)
			;
		remove_dir(jobs[i].dir);
	}
	pg_stop();
	signal(stop_signal, SIG_DFL);
	raise(stop_signal);
	_exit(128 + stop_signal);
}

/* The job whose process is pid, or NULL. */
static struct job *job_of(struct job *jobs, int n, pid_t pid)
{
	int i;

	for (i = 0; i < n; i++) {
		if (jobs[i].pid == pid)
			return &jobs[i];
	}
	return NULL;
}

/* A free slot to start the next test in (one exists while running < o->jobs). */
static struct job *free_slot(struct job *jobs, int n)
{
	return job_of(jobs, n, 0);
}

static void catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;   /* no SA_RESTART: waitpid returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Whether test t runs (on PostgreSQL if pg): a WORD is part of its name, "pg:" and all
 * for its pg: run. */
static int selected(const struct test *t, int pg, const struct opts *o)
{
	char name[160];
	int i;

	if ((strncmp(t->name, "bench_", 6) == 0) != o->bench || (pg && !pg_wanted(t->name)) ||
	    (!pg && strncmp(t->name, "pg_", 3) == 0))   /* pg_: PostgreSQL only */
		return 0;
	snprintf(name, sizeof name, "%s%s", pg ? "pg:" : "", t->name);
	for (i = 0; i < o->nwords; i++) {
		if (strstr(name, o->words[i]) != NULL)
			return 1;
	}
	return o->nwords == 0;
}

/* Start the next selected test (of tests, then their pg: runs) at *next: 1 started,
 * 0 none left, -1 counted without running (it could not start, or its PostgreSQL). */
static int start_next(struct job *jobs, const struct opts *o, size_t *next, struct tally *n)
{
	size_t total = sizeof tests / sizeof tests[0];

	while (*next < 2 * total) {
		size_t i = (*next)++;
		const struct test *t = &tests[i % total];
		int pg = i >= total;

		if (!selected(t, pg, o))
			continue;
		if (pg && pg_start() != 1) {
			count(n, t, pg, pg_state == 77 ? SKIP_STATUS : 1);
			return -1;
		}
		if (job_start(free_slot(jobs, o->jobs), t, pg, o) == 0)
			return 1;
		count(n, t, pg, 1);
		return -1;
	}
	return 0;
}

/* Run the selected tests, up to o->jobs at a time, counting the results in n. */
static void run_all(const struct opts *o, struct tally *n)
{
	struct job *jobs = xcalloc((size_t)o->jobs, sizeof *jobs), *j;
	size_t next = 0;
	int running = 0, status, rc;
	pid_t pid;

	for (;;) {
		while (running < o->jobs && (rc = start_next(jobs, o, &next, n)) != 0) {
			if (rc == 1)
				running++;
		}
		if (running == 0)
			break;
		if (stop_signal != 0)
			stop_all(jobs, o->jobs);
		pid = waitpid(-1, &status, 0);
		if (stop_signal != 0)
			stop_all(jobs, o->jobs);
		j = pid > 0 ? job_of(jobs, o->jobs, pid) : NULL;
		if (j == NULL)
			continue;
		count(n, j->t, j->pg, job_finish(j, status, o));
		running--;
	}
	free(jobs);
}

static void usage(void)
{
	fprintf(stderr, "usage: test-runner [--bench] [-j N] [WORD...]\n"
		"  runs the tests whose name contains a WORD (all without one),\n"
		"  N at a time (default: the number of online cores; --bench: 1)\n");
	exit(2);
}

/* The number of tests to run at once from "N" (1..256), or usage. */
static int parse_jobs(const char *s)
{
	char *end;
	long n;

	if (s == NULL)
		usage();
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n < 1 || n > 256)
		usage();
	return (int)n;
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int i;

	memset(o, 0, sizeof *o);
	o->jobs = cores > 0 ? (int)(cores < 256 ? cores : 256) : 1;
	o->timeout = 120;
	o->words = xcalloc((size_t)argc, sizeof *o->words);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--bench") == 0)
			o->bench = 1;
		else if (strcmp(argv[i], "-j") == 0)
			o->jobs = parse_jobs(argv[++i]);
		else if (strncmp(argv[i], "-j", 2) == 0)
			o->jobs = parse_jobs(argv[i] + 2);
		else if (argv[i][0] == '-')
			usage();
		else
			o->words[o->nwords++] = argv[i];
	}
	if (o->bench) {
		o->jobs = 1;    /* benchmarks measure speed: one at a time */
		o->timeout = 1200;
	}
	o->capture = o->jobs > 1;
}

int main(int argc, char **argv)
{
	struct tally n = {0, 0, 0};
	struct opts o;
	char self[PATH_MAX];

	parse_args(argc, argv, &o);
	snprintf(self, sizeof self, "%s", argv[0]);
	snprintf(bin_dir, sizeof bin_dir, "%s", dirname(self));
	signal(SIGPIPE, SIG_IGN);
	catch_stop_signals();
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* The tests never read an installed kiosk's /etc/vitrina/kiosk.conf. */
	setenv("VITRINA_DEFAULT_CONFIG", "", 1);
	run_all(&o, &n);
	pg_stop();
	free(o.words);
	if (n.skip > 0)
		printf("%d passed, %d failed, %d skipped\n", n.pass, n.fail, n.skip);
	else
		printf("%d passed, %d failed\n", n.pass, n.fail);
	return n.fail > 0 ? 1 : 0;
}
