/* The test runner's -j: tests run side by side, each one's output comes out as one
 * block, and the last line and the exit status count them all. These tests run the
 * runner itself on the runner_demo_* tests, which do something only when
 * VITRINA_RUNNER_DEMO is set (so in a normal run they pass at once). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "util.h"

/* Write lines "name N" to stdout and to stderr in turn, pausing between them so that
 * tests run side by side write at the same time. */
static void demo_lines(const char *name)
{
	int i;

	for (i = 0; i < 6; i++) {
		fprintf(i % 2 ? stderr : stdout, "%s %d\n", name, i);
		fflush(NULL);
		t_sleep_ms(20);
	}
}

/* The demo: print, then end as the mode in VITRINA_RUNNER_DEMO says for this name. */
static void demo(const char *name)
{
	const char *mode = getenv("VITRINA_RUNNER_DEMO");

	if (mode == NULL)
		return;
	demo_lines(name);
	if (strstr(mode, "fail") != NULL && strcmp(name, "demo_b") == 0)
		CHECK(0 == 1);
	if (strstr(mode, "skip") != NULL && strcmp(name, "demo_c") == 0)
		t_skip("asked to");
	if (strstr(mode, "die") != NULL && strcmp(name, "demo_d") == 0)
		abort();
}

TEST(runner_demo_a)
{
	demo("demo_a");
}

TEST(runner_demo_b)
{
	demo("demo_b");
}

TEST(runner_demo_c)
{
	demo("demo_c");
}

TEST(runner_demo_d)
{
	demo("demo_d");
}

/* Run the runner with mode and args; its exit status, its output in *out. */
static int run_runner(const char *mode, const char *jobs, char **out)
{
	char *argv[] = {(char *)t_bin("test-runner"), (char *)"-j", (char *)jobs,
			(char *)"runner_demo", NULL};
	const char *env[] = {NULL, NULL};
	struct t_spawn_opts o;
	char *env0 = xasprintf("VITRINA_RUNNER_DEMO=%s", mode);
	int rc;

	env[0] = env0;
	memset(&o, 0, sizeof o);
	o.env = env;
	o.out.how = T_IO_FILE;
	o.out.path = t_path(0, "runner.out");
	o.err.how = T_IO_STDOUT;
	rc = t_wait(t_spawn(argv, &o), 60000);
	*out = t_read_file(o.out.path);
	free(env0);
	return rc;
}

/* 1 if demo name's block is in out whole: its name line, then its six lines in order
 * with nothing between them. */
static int block_whole(const char *out, const char *name)
{
	char *want = xasprintf("runner_%s\n%s 0\n%s 1\n%s 2\n%s 3\n%s 4\n%s 5\n", name, name,
			       name, name, name, name, name);
	int ok = strstr(out, want) != NULL;

	free(want);
	return ok;
}

TEST(runner_jobs_blocks_and_counts)
{
	char *out = NULL;

	CHECK_INT(run_runner("pass", "4", &out), 0);
	CHECK(block_whole(out, "demo_a"));
	CHECK(block_whole(out, "demo_b"));
	CHECK(block_whole(out, "demo_c"));
	CHECK(block_whole(out, "demo_d"));
	CHECK(strstr(out, "\n4 passed, 0 failed\n") != NULL);
	free(out);
}

TEST(runner_jobs_failures_and_skips)
{
	char *out = NULL;
	size_t len;

	CHECK_INT(run_runner("fail skip die", "3", &out), 1);
	CHECK(block_whole(out, "demo_a"));
	CHECK(block_whole(out, "demo_b"));
	CHECK(block_whole(out, "demo_c"));
	CHECK(block_whole(out, "demo_d"));
	CHECK(strstr(out, "check failed: 0 == 1\nFAIL runner_demo_b\n") != NULL);
	CHECK(strstr(out, "skipped: asked to\n") != NULL);
	CHECK(strstr(out, "died from signal 6\nFAIL runner_demo_d\n") != NULL);
	len = strlen(out);
	CHECK(len > 30 && strcmp(out + len - 30, "1 passed, 2 failed, 1 skipped\n") == 0);
	free(out);
}

TEST(runner_jobs_one_at_a_time)
{
	char *out = NULL;

	/* -j 1 as before: each name first, then what the test says as it says it. */
	CHECK_INT(run_runner("fail", "1", &out), 1);
	CHECK(strstr(out, "runner_demo_a\ndemo_a 0\n") != NULL);
	CHECK(strstr(out, "FAIL runner_demo_b\nrunner_demo_c\n") != NULL);
	CHECK(strstr(out, "\n3 passed, 1 failed\n") != NULL);
	free(out);
}
