/* The systemd units in kiosk/ (checked with systemd-analyze when it is installed: its
 * verify, and its security score against the limits of issue 11), the backup unit's
 * rotation run for real, the hub's own umask, and `vitrina-hub backup` of a live hub. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "hub_harness.h"
#include "t.h"
#include "util.h"

#define ANALYZE "/usr/bin/systemd-analyze"
#define UNIT_DIR "kiosk"

static const char *const units[] = {
	"vitrina-kiosk.service", "vitrina-sync.service", "vitrina-hub.service",
	"vitrina-hub-purge.service", "vitrina-hub-purge.timer",
	"vitrina-hub-backup.service", "vitrina-hub-backup.timer",
};
#define NUNITS (sizeof units / sizeof units[0])

static void need_analyze(void)
{
	if (access(ANALYZE, X_OK) != 0)
		t_skip("no " ANALYZE " (Debian package systemd)");
}

/* s with every from replaced by to (a new string). */
static char *replace_all(const char *s, const char *from, const char *to)
{
	struct buf b = {0};
	const char *p;
	size_t n = strlen(from);

	while ((p = strstr(s, from)) != NULL) {
		buf_add(&b, s, (size_t)(p - s));
		buf_add(&b, to, strlen(to));
		s = p + n;
	}
	buf_add(&b, s, strlen(s));
	return buf_take(&b);
}

/* The unit name from kiosk/ copied into the test's folder as `make install` installs it:
 * ExecStart on the programs just built (systemd-analyze verify wants them to exist).
 * Returns the copy's path (slot 0). */
static const char *unit_copy(const char *name)
{
	char src[256], bin[PATH_MAX + 16], *text, *fixed;
	const char *dst;

	snprintf(src, sizeof src, "%s/%s", UNIT_DIR, name);
	text = t_read_file(src);
	if (text[0] == '\0')
		t_fail("%s is missing or empty", src);
	/* systemd wants absolute paths; /usr/bin/vitrina-hub becomes BIN/vitrina-hub too */
	if (realpath(t_bin("vitrina"), bin) == NULL)
		t_fail("%s: %s", t_bin("vitrina"), strerror(errno));
	fixed = replace_all(text, "/usr/bin/vitrina", bin);
	dst = t_path(0, name);
	t_write_file(dst, fixed);
	free(text);
	free(fixed);
	return dst;
}

TEST(units_verify)
{
	char *argv[NUNITS + 4], *out = NULL, *err = NULL;
	size_t i;
	int rc;

	need_analyze();
	argv[0] = (char *)ANALYZE;
	argv[1] = (char *)"verify";
	/* the man pages of Documentation= are checked by the package test */
	argv[2] = (char *)"--man=no";
	for (i = 0; i < NUNITS; i++)
		argv[3 + i] = xstrdup(unit_copy(units[i]));
	argv[3 + NUNITS] = NULL;
	rc = t_run(argv, &out, &err);
	CHECK_INT(rc, 0);
	/* verify prints a warning for any unknown key or bad value, even with status 0 */
	if (!CHECK_STR(err, ""))
		fprintf(stderr, "systemd-analyze verify:\n%s\n", err);
	for (i = 0; i < NUNITS; i++)
		free(argv[3 + i]);
	free(out);
	free(err);
}

/* The overall exposure systemd-analyze gives the unit name (0.0 safe .. 10.0 unsafe), or
 * -1 if it gave none. */
static double exposure(const char *name)
{
	char *argv[] = {(char *)ANALYZE, (char *)"security", (char *)"--offline=yes",
		(char *)"--no-pager", NULL, NULL};
	char *out = NULL, *err = NULL, want[128];
	const char *p;
	double score = -1;

	argv[4] = xstrdup(unit_copy(name));
	t_run(argv, &out, &err);
	snprintf(want, sizeof want, "Overall exposure level for %s: ", name);
	p = out ? strstr(out, want) : NULL;
	if (p != NULL)
		score = strtod(p + strlen(want), NULL);
	else
		fprintf(stderr, "systemd-analyze security %s:\n%s%s\n", name, out ? out : "",
			err ? err : "");
	free(argv[4]);
	free(out);
	free(err);
	return score;
}

TEST(units_security)
{
	static const struct {
		const char *name;
		double limit;
	} limits[] = {
		{"vitrina-kiosk.service", 3.5}, {"vitrina-sync.service", 4.5},
		{"vitrina-hub.service", 4.5}, {"vitrina-hub-purge.service", 4.5},
		{"vitrina-hub-backup.service", 4.5},
	};
	char *argv[] = {(char *)ANALYZE, (char *)"security", (char *)"--help", NULL};
	char *out = NULL;
	size_t i;

	need_analyze();
	t_run(argv, &out, NULL);
	if (out == NULL || strstr(out, "--offline") == NULL) {
		free(out);
		t_skip("this systemd-analyze has no security --offline (systemd < 250)");
	}
	free(out);
	for (i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		double score = exposure(limits[i].name);

		fprintf(stderr, "exposure %s: %.1f (limit %.1f)\n", limits[i].name, score,
			limits[i].limit);
		CHECK(score >= 0);
		CHECK(score <= limits[i].limit);
	}
}

/* The logind drop-in: no getty on other consoles, none kept in reserve. */
TEST(units_logind)
{
	char *text = t_read_file(UNIT_DIR "/vitrina-logind.conf");

	CHECK(strstr(text, "\n[Login]\n") != NULL);
	CHECK(strstr(text, "\nNAutoVTs=0\n") != NULL);
	CHECK(strstr(text, "\nReserveVT=0\n") != NULL);
	free(text);
}

/* The kiosk comes back however often it fails, and keeps what speech and tty1 need. */
TEST(units_kiosk_keeps_working)
{
	char *text = t_read_file(UNIT_DIR "/vitrina-kiosk.service");

	CHECK(strstr(text, "\nStartLimitIntervalSec=0\n") != NULL);
	CHECK(strstr(text, "\nRestart=always\n") != NULL);
	CHECK(strstr(text, "\nSupplementaryGroups=audio\n") != NULL);
	CHECK(strstr(text, "\nDeviceAllow=char-alsa rw\n") != NULL);
	CHECK(strstr(text, "\nDeviceAllow=/dev/tty1 rw\n") != NULL);
	CHECK(strstr(text, "\nUMask=0077\n") != NULL);
	CHECK(strstr(text, "setupcon") != NULL);
	CHECK(strstr(text, "setfont -C /dev/tty1") != NULL);
	free(text);
}

/* The shell script of the backup unit's ExecStart=/bin/sh -euc '...', as sh gets it:
 * continuation lines joined, systemd's $$ and %% undone, and its paths moved to the
 * test's folder and the hub just built. A new string. */
static char *backup_script(void)
{
	static const char head[] = "\nExecStart=/bin/sh -euc '";
	char *text = t_read_file(UNIT_DIR "/vitrina-hub-backup.service"), *p, *end, *a, *b;
	struct buf s = {0};

	p = strstr(text, head);
	if (p == NULL)
		t_fail("the backup unit has no ExecStart=/bin/sh -euc '...'");
	p += strlen(head);
	for (;;) {
		end = strchr(p, '\n');
		if (end == NULL)
			t_fail("the backup unit's ExecStart does not end");
		if (end[-1] != '\\')
			break;
		buf_add(&s, p, (size_t)(end - 1 - p));
		buf_add(&s, " ", 1);
		p = end + 1;
	}
	if (end[-1] != '\'')
		t_fail("the backup unit's ExecStart does not end in a quote");
	buf_add(&s, p, (size_t)(end - 1 - p));
	free(text);
	a = replace_all(s.s, "$$", "$");
	b = replace_all(a, "%%", "%");
	free(a);
	free(s.s);
	a = replace_all(b, "/usr/bin/vitrina-hub", t_bin("vitrina-hub"));
	free(b);
	b = replace_all(a, "/var/lib/vitrina-hub", t_dir());
	free(a);
	return b;
}

static void touch_old(const char *path, const char *data, int hours)
{
	struct timeval tv[2];

	t_write_file(path, data);
	gettimeofday(&tv[0], NULL);
	tv[0].tv_sec -= (time_t)hours * 3600;
	tv[1] = tv[0];
	if (utimes(path, tv) < 0)
		t_fail("utimes %s: %s", path, strerror(errno));
}

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The backup unit's own script: today's checked copy, 7 kept, other files left alone. */
TEST(units_backup_rotation)
{
	struct hubt h;
	char *script, *tok, *argv[] = {(char *)"/bin/sh", (char *)"-euc", NULL, NULL};
	char *out = NULL, *err = NULL, name[64], today[32];
	const char *dir;
	time_t now = time(NULL);
	struct tm tm;
	struct stat st;
	int i, rc;

	hubt_init(&h, "hub");
	/* the unit's database is DIR/hub.db */
	snprintf(h.db, sizeof h.db, "%s", t_path(0, "hub.db"));
	tok = hubt_token(&h, "--admin", "Ona", NULL, NULL);
	dir = t_path(1, "backup");
	if (mkdir(dir, 0700) < 0)
		t_fail("mkdir %s: %s", dir, strerror(errno));
	/* nine older copies, a temporary file of an interrupted run, and a stranger */
	for (i = 1; i <= 9; i++) {
		snprintf(name, sizeof name, "backup/hub-2020-01-%02d.db", i);
		touch_old(t_path(2, name), "old", 48);
	}
	touch_old(t_path(2, "backup/hub-2020-01-10.db.tmp-abcdef"), "half", 2);
	touch_old(t_path(2, "backup/notes.txt"), "keep me", 48);
	script = backup_script();
	argv[2] = script;
	rc = t_run(argv, &out, &err);
	if (!CHECK_INT(rc, 0))
		fprintf(stderr, "backup script:\n%s\nsaid:\n%s%s\n", script, out, err);
	localtime_r(&now, &tm);
	strftime(today, sizeof today, "backup/hub-%Y-%m-%d.db", &tm);
	CHECK(stat(t_path(2, today), &st) == 0 && (st.st_mode & 0777) == 0600);
	/* today's and the six newest older ones stay */
	for (i = 1; i <= 9; i++) {
		snprintf(name, sizeof name, "backup/hub-2020-01-%02d.db", i);
		CHECK_INT(is_file(t_path(2, name)), i >= 4);
	}
	CHECK(!is_file(t_path(2, "backup/hub-2020-01-10.db.tmp-abcdef")));
	CHECK(is_file(t_path(2, "backup/notes.txt")));
	/* run again the same day: today's copy is replaced, the same 7 stay */
	free(out);
	free(err);
	CHECK(stat(t_path(2, today), &st) == 0);
	touch_old(t_path(2, today), "stale", 1);
	CHECK_INT(t_run(argv, &out, &err), 0);
	CHECK(stat(t_path(2, today), &st) == 0 && st.st_size > 5);
	CHECK(is_file(t_path(2, "backup/hub-2020-01-04.db")));
	CHECK(!is_file(t_path(2, "backup/hub-2020-01-03.db")));
	free(script);
	free(out);
	free(err);
	free(tok);
}

static int mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

/* hub.db, -wal and -shm are the hub's alone, whatever umask it was started with. */
TEST(hub_umask_private)
{
	struct hubt h, cli;
	char wal[600], shm[600], *tok, *items[1];
	const char *list[] = {"token", "list", NULL};
	mode_t old = umask(022);

	hubt_sqlite_only();
	/* a command on a new database creates it */
	hubt_init(&cli, "cli");
	CHECK_INT(hubt_cli(&cli, list, NULL, NULL), 0);
	CHECK_INT(mode_of(cli.db), 0600);
	/* and so does serve, with its -wal and -shm open */
	hubt_init(&h, "hub");
	hubt_start(&h, NULL);
	tok = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	snprintf(wal, sizeof wal, "%s-wal", h.db);
	snprintf(shm, sizeof shm, "%s-shm", h.db);
	items[0] = hubt_nomination("00000000-0000-4000-8000-000000000001", "k1", "LT-43",
				   "Veda būrelį");
	json_decref(hubt_push(&h, tok, items, 1));
	CHECK_INT(mode_of(h.db), 0600);
	CHECK_INT(mode_of(wal), 0600);
	CHECK_INT(mode_of(shm), 0600);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	umask(old);
	free(items[0]);
	free(tok);
}

/* One column of every row of sql in the database at path, joined by ",". New string. */
static char *column(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	struct buf b = {0};

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		t_fail("%s: %s", path, sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);

		buf_add(&b, v ? v : "NULL", strlen(v ? v : "NULL"));
		buf_add(&b, ",", 1);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return buf_take(&b);
}

/* Push batches of requests n0 .. n0 + batches * 50 - 1 from kiosk k1. */
static void push_requests(struct hubt *h, const char *tok, int n0, int batches)
{
	char *items[50], id[40];
	int b, i;

	for (b = 0; b < batches; b++) {
		for (i = 0; i < 50; i++) {
			snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", n0 + b * 50 + i);
			items[i] = hubt_nomination(id, "k1", "LT-43", "Moko vaikus žvejoti");
		}
		json_decref(hubt_push(h, tok, items, 50));
		for (i = 0; i < 50; i++)
			free(items[i]);
	}
}

static const char ids_sql[] = "SELECT id || ':' || coalesce(body, '') FROM requests ORDER BY id";

/* A backup of a hub that serves, and takes requests meanwhile: a checked, private, single
 * file holding the same rows; an existing file is kept unless --force. */
TEST(hub_backup_live)
{
	struct hubt h;
	char *tok, *out = NULL, *err = NULL, *got, *want, wal[600];
	const char *copy = t_path(1, "copy.db");
	char *argv[] = {NULL, (char *)"--db", NULL, (char *)"backup", NULL, NULL};
	const char *backup[] = {"backup", copy, NULL};
	const char *force[] = {"backup", "--force", copy, NULL};
	int64_t before, after, n;
	pid_t pid;

	hubt_sqlite_only();
	hubt_init(&h, "hub");
	tok = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	hubt_start(&h, NULL);
	push_requests(&h, tok, 0, 4);
	before = hubt_request_count(&h);
	CHECK_INT(before, 200);
	argv[0] = xstrdup(t_bin("vitrina-hub"));
	argv[2] = h.db;
	argv[4] = (char *)copy;
	pid = t_spawn(argv, NULL);
	push_requests(&h, tok, 1000, 2);
	CHECK_INT(t_wait(pid, 30000), 0);
	after = hubt_request_count(&h);
	CHECK_INT(mode_of(copy), 0600);
	/* one consistent moment: every row of a batch or none, between before and after */
	got = column(copy, "SELECT count(*) FROM requests");
	n = strtoll(got, NULL, 10);
	CHECK(n >= before && n <= after && n % 50 == 0);
	free(got);
	got = column(copy, "PRAGMA integrity_check");
	CHECK_STR(got, "ok,");
	free(got);
	/* a single file: no write-ahead log needed beside it */
	got = column(copy, "PRAGMA journal_mode");
	CHECK_STR(got, "delete,");
	free(got);
	snprintf(wal, sizeof wal, "%s-wal", copy);
	CHECK(access(wal, F_OK) != 0);
	/* an existing copy is kept... */
	CHECK_INT(hubt_cli(&h, backup, &out, &err), 1);
	CHECK(strstr(err, "exists") != NULL && strstr(err, "--force") != NULL);
	got = column(copy, "SELECT count(*) FROM requests");
	CHECK_INT(strtoll(got, NULL, 10), n);
	free(got);
	free(out);
	free(err);
	/* ...unless --force: then it has every row the hub has, as the hub has it */
	CHECK_INT(hubt_cli(&h, force, &out, NULL), 0);
	CHECK(strstr(out, "backed up") != NULL);
	got = column(copy, ids_sql);
	want = column(h.db, ids_sql);
	CHECK(strlen(got) > 0);
	CHECK(strcmp(got, want) == 0);
	free(got);
	free(want);
	free(out);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(argv[0]);
	free(tok);
}

/* No database, no backup: the command never creates an empty one to copy. */
TEST(hub_backup_missing_db)
{
	struct hubt h;
	char *err = NULL;
	const char *backup[] = {"backup", NULL, NULL};
	const char *none[] = {"backup", NULL};

	hubt_sqlite_only();
	hubt_init(&h, "hub");
	backup[1] = t_path(1, "copy.db");
	CHECK_INT(hubt_cli(&h, backup, NULL, &err), 1);
	CHECK(strstr(err, h.db) != NULL);
	CHECK(access(h.db, F_OK) != 0);
	CHECK(access(t_path(1, "copy.db"), F_OK) != 0);
	CHECK_INT(hubt_cli(&h, none, NULL, NULL), 2);
	/* nor, even with --force, copies the database over itself */
	backup[0] = "token";
	backup[1] = "list";
	CHECK_INT(hubt_cli(&h, backup, NULL, NULL), 0);
	{
		const char *self[] = {"backup", "--force", h.db, NULL};

		free(err);
		err = NULL;
		CHECK_INT(hubt_cli(&h, self, NULL, &err), 1);
		CHECK(strstr(err, "database itself") != NULL);
		CHECK_INT(mode_of(h.db), 0600);
		free(err);
	}
}

/* Off a terminal, a big backup says how far it is every 10%. */
TEST(hub_backup_progress)
{
	struct hubt h;
	char *err = NULL, *out = NULL;
	const char *list[] = {"token", "list", NULL};
	const char *backup[] = {"backup", NULL, NULL};
	sqlite3 *db;

	hubt_sqlite_only();
	hubt_init(&h, "hub");
	CHECK_INT(hubt_cli(&h, list, NULL, NULL), 0);
	/* about 2,000 pages of 4 KiB */
	if (sqlite3_open(h.db, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE TABLE pad(x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
			 " SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO pad"
			 " SELECT randomblob(3500) FROM n", NULL, NULL, NULL) != SQLITE_OK)
		t_fail("cannot pad %s: %s", h.db, sqlite3_errmsg(db));
	sqlite3_close(db);
	backup[1] = t_path(1, "copy.db");
	CHECK_INT(hubt_cli(&h, backup, &out, &err), 0);
	CHECK(strstr(err, ": 10% (") != NULL);
	CHECK(strstr(err, ": 50% (") != NULL);
	CHECK(strstr(err, ": 90% (") != NULL);
	/* plain lines, no bar */
	CHECK(strchr(err, '\r') == NULL);
	free(err);
	free(out);
}
