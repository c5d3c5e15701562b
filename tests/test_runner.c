/* The test framework's own helpers: starting programs with t_spawn (environment changes,
 * files, pipes), t_wait's time limit and t_kill's escalation. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "util.h"

/* Everything that comes through fd until its end (a new string); closes fd. */
static char *read_all(int fd)
{
	struct buf b = {0};
	char chunk[512];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(&b, chunk, (size_t)n);
	close(fd);
	buf_add(&b, "", 0);
	return buf_take(&b);
}

TEST(runner_spawn_pipes_and_environment)
{
	char *argv[] = {(char *)"/bin/sh", (char *)"-c",
			(char *)"read line; echo \"in:$line set:$T_SET gone:${T_GONE-unset}\";"
			" echo oops >&2; exit 3", NULL};
	const char *env[] = {"T_SET=first", "T_GONE", "T_SET=second", NULL};
	struct t_spawn_opts o;
	char *out;
	pid_t pid;

	setenv("T_GONE", "here", 1);
	memset(&o, 0, sizeof o);
	o.env = env;
	o.in.how = T_IO_PIPE;
	o.out.how = T_IO_PIPE;
	o.err.how = T_IO_STDOUT;
	pid = t_spawn(argv, &o);
	CHECK(write(o.in.fd, "hello\n", 6) == 6);
	close(o.in.fd);
	out = read_all(o.out.fd);
	CHECK_STR(out, "in:hello set:second gone:unset\noops\n");
	CHECK_INT(t_wait(pid, 5000), 3);
	free(out);
	CHECK_STR(getenv("T_GONE"), "here");     /* ours is untouched */
}

TEST(runner_spawn_files)
{
	const char *in = t_path(0, "in"), *out = t_path(1, "out"), *err = t_path(2, "err");
	char *argv[] = {(char *)"/bin/sh", (char *)"-c",
			(char *)"cat; echo to-err >&2", NULL};
	struct t_spawn_opts o;
	char *s;

	t_write_file(in, "from a file\n");
	t_write_file(out, "old output that goes\n");
	t_write_file(err, "kept\n");
	memset(&o, 0, sizeof o);
	o.in.how = T_IO_FILE;
	o.in.path = in;
	o.out.how = T_IO_FILE;
	o.out.path = out;
	o.err.how = T_IO_APPEND;
	o.err.path = err;
	CHECK_INT(t_wait(t_spawn(argv, &o), 5000), 0);
	s = t_read_file(out);
	CHECK_STR(s, "from a file\n");
	free(s);
	s = t_read_file(err);
	CHECK_STR(s, "kept\nto-err\n");
	free(s);
	/* No options: stdin is /dev/null, output goes nowhere. */
	argv[2] = (char *)"test \"$(cat)\" = \"\"";
	CHECK_INT(t_wait(t_spawn(argv, NULL), 5000), 0);
	CHECK(t_file_wait(err, "to-err", 1, 0));
	CHECK(!t_file_wait(err, "to-err", 2, 0));
}

TEST(runner_wait_limit_and_kill)
{
	char *sleeper[] = {(char *)"/bin/sleep", (char *)"30", NULL};
	char *stubborn[] = {(char *)"/bin/sh", (char *)"-c",
			    (char *)"trap '' TERM; echo ready; sleep 30 & wait", NULL};
	struct t_spawn_opts o;
	int64_t t0;
	pid_t pid;

	pid = t_spawn(sleeper, NULL);
	t0 = now_ms_monotonic();
	CHECK_INT(t_wait(pid, 50), -2);
	CHECK(now_ms_monotonic() - t0 < 5000);
	CHECK_INT(t_kill(pid, SIGTERM, 5000), -1);

	/* One that ignores SIGTERM gets SIGKILL when the time is up. */
	memset(&o, 0, sizeof o);
	o.out.how = T_IO_FILE;
	o.out.path = t_path(0, "stubborn.out");
	pid = t_spawn(stubborn, &o);
	if (!CHECK(t_file_wait(o.out.path, "ready", 1, 5000)))
		return;
	t0 = now_ms_monotonic();
	CHECK_INT(t_kill(pid, SIGTERM, 100), -1);
	CHECK(now_ms_monotonic() - t0 < 5000);
	/* A program that is not there: exit status 127. */
	sleeper[0] = (char *)"/nonexistent/program";
	CHECK_INT(t_run(sleeper, NULL, NULL), 127);
}
