/* Operations on the kiosk side (issue 11): the progress meter, the sync lock, paths and
 * permissions at run time, and errors made by proxies told in plain words. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hub_url.h"
#include "hubclient.h"
#include "progress.h"
#include "t.h"
#include "test_sync.h"
#include "util.h"

/* ---- the progress meter ---- */

static int count_of(const char *s, const char *what)
{
	int n = 0;

	for (s = strstr(s, what); s != NULL; s = strstr(s + 1, what))
		n++;
	return n;
}

/* Run a meter of total items in steps of step, a step every ms_per_step; the output. */
static char *meter(bool tty, int64_t total, int64_t step, int64_t ms_per_step, int64_t upto)
{
	char *out = NULL, *copy;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct progress *p = progress_new(f, tty, total, "storing", 0);
	int64_t done, now = 0;

	for (done = 0; done < upto; done += step) {
		now += ms_per_step;
		progress_add(p, step, now);
	}
	progress_finish(p, now);
	progress_free(p);
	fclose(f);
	/* A copy: the stream's buffer pointer lived on this function's stack. */
	copy = xstrdup(out != NULL ? out : "");
	free(out);
	return copy;
}

TEST(progress_lines_every_tenth_off_a_terminal)
{
	char *out = meter(false, 2000, 50, 10, 2000);

	CHECK_INT(count_of(out, "\n"), 10);
	CHECK(strstr(out, "storing: 10% (200 of 2000)\n") != NULL);
	CHECK(strstr(out, "storing: 100% (2000 of 2000)\n") != NULL);
	CHECK(strchr(out, '\r') == NULL);
	free(out);
	/* Stopped half way: the last line says where. */
	out = meter(false, 2000, 100, 10, 1000);
	CHECK(strstr(out, "storing: 50% (1000 of 2000)\n") != NULL);
	CHECK(strstr(out, "stopped at 1000 of 2000") != NULL);
	free(out);
	/* Small work shows nothing. */
	out = meter(false, 100, 1, 10, 100);
	CHECK_STR(out, "");
	free(out);
}

TEST(progress_bar_on_a_terminal_redrawn_a_few_times_a_second)
{
	/* 2000 steps 1 ms apart: 2 s of work, at most 5 redraws a second. */
	char *out = meter(true, 2000, 1, 1, 2000);
	int redraws = count_of(out, "\r");

	CHECK(redraws >= 5);
	CHECK(redraws <= 2000 / PROGRESS_REDRAW_MS + 2);
	CHECK(strstr(out, "[############............] 1000/2000  50%") != NULL);
	CHECK(strstr(out, "left") != NULL);
	CHECK(strstr(out, "2000/2000 100%") != NULL);
	CHECK(out[strlen(out) - 1] == '\n');
	free(out);
	/* Quick work leaves the terminal alone. */
	out = meter(true, 2000, 100, 1, 2000);
	CHECK_STR(out, "");
	free(out);
	/* No total: a count. */
	out = meter(true, 0, 100, 100, 3000);
	CHECK(strstr(out, "storing: 3000 done") != NULL);
	free(out);
}

/* `vitrina import` of 1000 cases, its stderr a pipe: the 10% lines of both phases. */
TEST(progress_of_vitrina_import)
{
	const char *file = t_path(0, "cases.json");
	char *db = xasprintf("%s/kiosk.db", t_dir()), *out = NULL, *err = NULL;
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"--db", db, (char *)"import",
			(char *)file, NULL};

	sync_write_cases(file, 0, 1000, "Istorija", 0);
	CHECK_INT(t_run(argv, &out, &err), 0);
	CHECK(strstr(err, "reading: 100% (1000 of 1000)") != NULL);
	CHECK(strstr(err, "storing: 50% (500 of 1000)") != NULL);
	CHECK(strstr(err, "storing: 100% (1000 of 1000)") != NULL);
	CHECK(strstr(out, "1000") != NULL);
	free(out);
	free(err);
	free(db);
}

/* ---- the sync lock ---- */

/* Hold DB.sync-lock as a second process would; returns the fd. */
static int hold_lock(const char *db)
{
	char *path = xasprintf("%s.sync-lock", db);
	struct flock fl;
	int fd = open(path, O_RDWR | O_CREAT, 0600);

	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fd < 0 || fcntl(fd, F_SETLK, &fl) < 0)
		t_fail("cannot lock %s", path);
	free(path);
	return fd;
}

TEST(sync_lock_held_by_another_process_stops_with_the_path)
{
	struct sync_kiosk k;
	struct sync_fake f;
	char *out = NULL, *err = NULL, *url, *want;
	int fd;

	/* A hub that would answer: reaching it would be a second sync at once. */
	sync_fake_start(&f, "fake", sync_fake_response("200 OK", NULL, "{}"));
	url = xasprintf("http://127.0.0.1:%d", f.port);
	sync_kiosk_make(&k, "kiosk", url, "tok", NULL);
	fd = hold_lock(k.db);
	want = xasprintf("process %ld holds the lock %s.sync-lock", (long)getpid(), k.db);
	CHECK_INT(sync_run(&k, "--once", &out, &err), 1);
	CHECK(strstr(err, want) != NULL);
	free(out);
	free(err);
	CHECK_INT(sync_run(&k, "--daemon", &out, &err), 1);
	CHECK(strstr(err, "another sync is running") != NULL);
	CHECK_INT(sync_fake_hits(&f, NULL, 0), 0);
	free(out);
	free(err);
	close(fd);
	t_kill(f.pid, SIGTERM, 2000);
	free(want);
	free(url);
}

TEST(sync_lock_that_cannot_be_opened_stops_sync)
{
	struct sync_kiosk k;
	char *out = NULL, *err = NULL, *lock;

	sync_kiosk_make(&k, "kiosk", "http://127.0.0.1:9", "tok", NULL);
	/* A folder where the lock file should be: it cannot be opened, even by root. */
	lock = xasprintf("%s.sync-lock", k.db);
	CHECK(mkdir(lock, 0700) == 0);
	CHECK_INT(sync_run(&k, "--once", &out, &err), 1);
	CHECK(strstr(err, "cannot open the sync lock") != NULL);
	CHECK(strstr(err, lock) != NULL);
	free(out);
	free(err);
	free(lock);
}

/* ---- paths and permissions ---- */

static int run_vitrina(const char *const *env, char *const *argv, char **err)
{
	struct t_spawn_opts o = {0};
	const char *path = t_path(7, "stderr");
	int rc;

	o.env = env;
	o.err.how = T_IO_FILE;
	o.err.path = path;
	o.out.how = T_IO_FILE;
	o.out.path = t_path(6, "stdout");
	rc = t_wait(t_spawn(argv, &o), 10000);
	*err = t_read_file(path);
	return rc;
}

TEST(db_in_a_missing_folder_is_an_error)
{
	char *db = xasprintf("%s/no/such/kiosk.db", t_dir()), *dir, *out = NULL, *err = NULL;
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"--db", db, (char *)"search",
			(char *)"", NULL};
	struct stat sb;

	CHECK_INT(t_run(argv, &out, &err), 1);
	CHECK(strstr(err, "does not exist") != NULL);
	dir = xasprintf("%s/no", t_dir());
	CHECK(stat(dir, &sb) < 0 && errno == ENOENT);
	free(out);
	free(err);
	free(dir);
	free(db);
}

TEST(default_config_is_read_without_config)
{
	char *conf = xasprintf("centre_name = Default Centre\ndb = %s/kiosk.db\n", t_dir());
	char *env_set = xasprintf("VITRINA_DEFAULT_CONFIG=%s", t_path(1, "kiosk.conf"));
	const char *env[] = {env_set, NULL};
	const char *none[] = {"VITRINA_DEFAULT_CONFIG=", NULL};
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"status", NULL};
	char *err = NULL, *out;

	t_write_file(t_path(1, "kiosk.conf"), conf);
	sync_write_cases(t_path(2, "c.json"), 0, 1, "X", 0);
	{
		char *imp[] = {(char *)t_bin("vitrina"), (char *)"import",
			       (char *)t_path(2, "c.json"), NULL};

		CHECK_INT(run_vitrina(env, imp, &err), 0);
		free(err);
	}
	CHECK_INT(run_vitrina(env, argv, &err), 0);
	out = t_read_file(t_path(6, "stdout"));
	CHECK(strstr(out, "Default Centre") != NULL);
	free(out);
	free(err);
	/* Without it the kiosk's ./var/ default is used: no centre name of ours. */
	CHECK(run_vitrina(none, argv, &err) >= 0);
	out = t_read_file(t_path(6, "stdout"));
	CHECK(strstr(out, "Default Centre") == NULL);
	free(out);
	free(err);
	free(env_set);
	free(conf);
}

/* A user who may not enter the database's folder is told "permission denied" and the
 * path, not "no kiosk database yet". As root the command runs as nobody (setpriv). */
TEST(status_says_permission_denied_with_the_path)
{
	char *dir = xasprintf("%s/private", t_dir()), *db = xasprintf("%s/kiosk.db", dir);
	char *out = NULL, *err = NULL;
	char *mk[] = {(char *)t_bin("vitrina"), (char *)"--db", db, (char *)"search",
		      (char *)"", NULL};
	char *as_root[] = {(char *)"/usr/bin/setpriv", (char *)"--reuid=65534",
			   (char *)"--regid=65534", (char *)"--clear-groups",
			   (char *)t_bin("vitrina"), (char *)"--db", db, (char *)"status", NULL};
	char *as_user[] = {(char *)t_bin("vitrina"), (char *)"--db", db, (char *)"status",
			   NULL};

	if (geteuid() == 0 && access("/usr/bin/setpriv", X_OK) != 0)
		t_skip("running as root without setpriv to drop to nobody");
	CHECK(mkdir(dir, 0700) == 0);
	CHECK_INT(t_run(mk, &out, &err), 0);
	free(out);
	free(err);
	/* The test folder must let nobody through to reach the private one. */
	chmod(t_dir(), 0755);
	if (geteuid() != 0)
		chmod(dir, 0);
	CHECK_INT(t_run(geteuid() == 0 ? as_root : as_user, &out, &err), 1);
	CHECK(strstr(err, "permission denied") != NULL);
	CHECK(strstr(err, db) != NULL);
	CHECK(strstr(err, "yet") == NULL);
	chmod(dir, 0700);
	free(out);
	free(err);
	free(db);
	free(dir);
}

/* ---- proxies ---- */

static char *problem_of(long status, const char *body)
{
	struct hubclient_answer a;
	char *p;

	memset(&a, 0, sizeof a);
	a.rc = CURLE_OK;
	a.status = status;
	buf_adds(&a.body, body);
	p = hubclient_problem(&a);
	buf_free(&a.body);
	return p;
}

TEST(proxy_html_errors_in_plain_words)
{
	char *p = problem_of(502, "<html><body><h1>502 Bad Gateway</h1></body></html>");

	CHECK(strstr(p, "the proxy/hub answered 502 (Bad Gateway): ") == p);
	free(p);
	p = problem_of(504, "<html>504</html>");
	CHECK(strstr(p, "the proxy/hub answered 504 (Gateway Timeout): ") == p);
	free(p);
	p = problem_of(413, "<html>413</html>");
	CHECK(strstr(p, "413 (Content Too Large)") != NULL);
	CHECK(strstr(p, "client_max_body_size") != NULL);
	free(p);
	/* The hub's own JSON error stays the hub's. */
	p = problem_of(413, "{\"error\":\"too_large\",\"message\":\"at most 1 MiB\"}");
	CHECK_STR(p, "the hub answered 413 too_large: at most 1 MiB");
	free(p);
}

/* A sync against an HTML 504 from a reverse proxy leaves the plain words where the
 * librarian looks: vitrina status. */
TEST(proxy_html_error_reaches_status)
{
	struct sync_kiosk k;
	struct sync_fake f;
	char *out = NULL, *err = NULL, *url;
	char *resp = sync_fake_response("504 Gateway Time-out", "Content-Type: text/html\r\n",
					"<html><h1>504 Gateway Time-out</h1></html>");

	sync_fake_start(&f, "fake", resp);
	url = xasprintf("http://127.0.0.1:%d", f.port);
	sync_kiosk_make(&k, "kiosk", url, "tok", NULL);
	CHECK_INT(sync_run(&k, "--once", &out, &err), 1);
	CHECK(strstr(err, "the proxy/hub answered 504 (Gateway Timeout)") != NULL);
	free(out);
	free(err);
	{
		char *argv[] = {(char *)t_bin("vitrina"), (char *)"--config", k.conf,
				(char *)"status", NULL};

		CHECK_INT(t_run(argv, &out, &err), 0);
	}
	CHECK(strstr(out, "504 (Gateway Timeout)") != NULL);
	free(out);
	free(err);
	t_kill(f.pid, SIGTERM, 2000);
	free(url);
	free(resp);
}

TEST(forward_proxy_down_is_named_as_the_proxy)
{
	struct sync_kiosk k;
	char *out = NULL, *err = NULL, *extra, *want;
	int port = hubt_free_port();

	extra = xasprintf("proxy = http://127.0.0.1:%d\n", port);
	want = xasprintf("cannot reach the proxy http://127.0.0.1:%d", port);
	sync_kiosk_make(&k, "kiosk", "https://hub.example.lt", "tok", extra);
	CHECK_INT(sync_run(&k, "--once", &out, &err), 1);
	if (!CHECK(strstr(err, want) != NULL))
		fprintf(stderr, "stderr: %s\n", err);
	CHECK(strstr(err, "cannot reach the hub") == NULL);
	free(out);
	free(err);
	free(want);
	free(extra);
}

TEST(bad_proxy_value_reported_when_the_config_is_read)
{
	static const char *const bad[][2] = {
		{"proxy = proxy.example.lt:3128", "must be http://HOST:PORT"},
		{"proxy = http://proxy.example.lt", "needs a port"},
		{"proxy = http://user:secret@proxy:3128", "must not hold a user name"},
		{"proxy = socks5://proxy:1080", "must be http://HOST:PORT"},
	};
	char *err = NULL, *conf;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK(hub_proxy_check(bad[i][0] + 8, &err) < 0);
		CHECK(err != NULL && strstr(err, bad[i][1]) != NULL);
		free(err);
		err = NULL;
	}
	CHECK_INT(hub_proxy_check("http://proxy.example.lt:3128", NULL), 0);
	CHECK_INT(hub_proxy_check("https://[2001:db8::1]:443/", NULL), 0);
	/* vitrina reports it with the file and line, and goes on. */
	conf = xasprintf("centre_name = X\n%s\ndb = %s/k.db\n", bad[1][0], t_dir());
	t_write_file(t_path(1, "kiosk.conf"), conf);
	{
		char *out = NULL;
		char *argv[] = {(char *)t_bin("vitrina"), (char *)"--config",
				(char *)t_path(1, "kiosk.conf"), (char *)"search", (char *)"",
				NULL};

		CHECK_INT(t_run(argv, &out, &err), 0);
		free(out);
	}
	CHECK(strstr(err, "kiosk.conf:2: proxy: needs a port") != NULL);
	free(err);
	free(conf);
}
