/* The hub writer's VFS (src/hub/walbuf.c), which gathers a commit's WAL writes into one:
 * every commit is on disk and seen by other connections when it returns, whatever its
 * size, and a writer killed at any moment loses nothing it had committed. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db.h"
#include "hub/walbuf.h"
#include "t.h"
#include "util.h"

static const char *const migrations[] = {
	"CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB NOT NULL);",
};
static const struct schema schema = {"walbuf test", migrations, 1};

static sqlite3 *open_writer(const char *path)
{
	char *err = NULL;
	const char *vfs = walbuf_vfs();
	sqlite3 *db;

	if (vfs == NULL)
		t_fail("the walbuf VFS cannot be registered");
	db = db_open_vfs(path, &schema, vfs, &err);
	if (db == NULL)
		t_fail("open: %s", err);
	return db;
}

/* A plain connection through the default VFS, as the hub's readers open. */
static sqlite3 *open_plain(const char *path)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		t_fail("open %s: %s", path, sqlite3_errmsg(db));
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static long long query(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		t_fail("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *query_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	char *v = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		t_fail("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v != NULL ? v : xstrdup("");
}

/* Row i holds (i % 251 + 1) * 8 bytes, each (i & 0xff): about 1 KB a row. */
static size_t row_len(int i)
{
	return (size_t)(i % 251 + 1) * 8;
}

/* Insert rows [first, first + n) in one transaction. */
static void insert(sqlite3 *db, int first, int n)
{
	unsigned char v[251 * 8];
	sqlite3_stmt *st;
	char *err = NULL;
	int i;

	if (db_begin(db, &err) < 0)
		t_fail("begin: %s", err);
	if (sqlite3_prepare_v2(db, "INSERT INTO t(id, v) VALUES(?1, ?2)", -1, &st, NULL) !=
	    SQLITE_OK)
		t_fail("prepare: %s", sqlite3_errmsg(db));
	for (i = first; i < first + n; i++) {
		memset(v, i & 0xff, row_len(i));
		sqlite3_bind_int(st, 1, i);
		sqlite3_bind_blob(st, 2, v, (int)row_len(i), SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			t_fail("insert: %s", sqlite3_errmsg(db));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (db_commit(db, &err) < 0)
		t_fail("commit: %s", err);
}

/* Rows 1..n are there, and every byte of each is right. */
static void check_rows(sqlite3 *db, int n)
{
	char *ok;

	CHECK_INT(query(db, "SELECT count(*) FROM t"), n);
	CHECK_INT(query(db, "SELECT coalesce(max(id), 0) FROM t"), n);
	CHECK_INT(query(db, "SELECT count(*) FROM t WHERE length(v) != (id % 251 + 1) * 8"
		  " OR hex(v) != replace(hex(zeroblob(length(v))), '00',"
		  " printf('%02X', id & 255))"), 0);
	ok = query_text(db, "PRAGMA integrity_check");
	CHECK_STR(ok, "ok");
	free(ok);
}

TEST(walbuf_commits_are_seen_at_once_small_and_large)
{
	const char *path = t_path(0, "w.db");
	sqlite3 *w = open_writer(path), *r = open_plain(path);
	int n = 0, i;

	/* single small commits: each seen by the other connection as soon as it returns */
	for (i = 0; i < 60; i++, n++) {
		insert(w, n + 1, 1);
		if (!CHECK_INT(query(r, "SELECT count(*) FROM t"), n + 1))
			break;
	}
	/* commits of about 400 KB, past the most the VFS gathers (120 KiB) */
	for (i = 0; i < 3; i++, n += 400) {
		insert(w, n + 1, 400);
		CHECK_INT(query(r, "SELECT count(*) FROM t"), n + 400);
	}
	check_rows(r, n);
	sqlite3_close(r);
	/* the log copied into the database and emptied, then written again */
	CHECK_INT(sqlite3_wal_checkpoint_v2(w, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL),
		  SQLITE_OK);
	insert(w, n + 1, 5);
	n += 5;
	sqlite3_close(w);
	r = open_plain(path);
	check_rows(r, n);
	sqlite3_close(r);
}

/* A transaction too big for the page cache spills frames into the log before it ends; rolled
 * back, those frames must be written (or dropped) while it holds the write lock, never
 * later over the frames another writer (the hub's command line beside the server)
 * commits at the same place. */
TEST(walbuf_rolled_back_frames_never_land_on_another_commit)
{
	const char *path = t_path(0, "r.db");
	sqlite3 *w = open_writer(path), *p;
	unsigned char v[3000];
	sqlite3_stmt *st;
	char *err = NULL;
	int i;

	insert(w, 1, 50);
	CHECK_INT(db_exec(w, "CREATE TABLE u(id INTEGER PRIMARY KEY, v BLOB);"
			  "PRAGMA cache_size=20", &err), 0);
	CHECK_INT(sqlite3_wal_checkpoint_v2(w, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL),
		  SQLITE_OK);
	p = open_plain(path);
	/* 300 rows of 3 KB in a cache of 20 pages: spilled, then rolled back */
	if (db_begin(w, &err) < 0 ||
	    sqlite3_prepare_v2(w, "INSERT INTO u(id, v) VALUES(?1, ?2)", -1, &st, NULL) != SQLITE_OK)
		t_fail("begin: %s", err ? err : sqlite3_errmsg(w));
	memset(v, 0xee, sizeof v);
	for (i = 0; i < 300; i++) {
		sqlite3_bind_int(st, 1, 100000 + i);
		sqlite3_bind_blob(st, 2, v, (int)sizeof v, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			t_fail("insert: %s", sqlite3_errmsg(w));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	db_rollback(w);
	/* the other writer commits where those frames were (about 400 pages of them),
	 * then the first reads */
	insert(p, 51, 1500);
	CHECK_INT(query(w, "SELECT count(*) FROM t"), 1550);
	sqlite3_close(w);
	sqlite3_close(p);
	p = open_plain(path);
	check_rows(p, 1550);
	sqlite3_close(p);
}

/* A child commits one row at a time and says so on a pipe after each commit returns;
 * it is killed while it goes on. Every row it said was committed is there, whole. */
TEST(walbuf_writer_killed_loses_no_committed_row)
{
	const char *path = t_path(0, "k.db");
	int round, last = 0;

	for (round = 0; round < 4; round++) {
		int fd[2], got = 0, want = 40 + round * 37;
		pid_t pid;
		FILE *in;
		sqlite3 *r;

		if (pipe(fd) < 0)
			t_fail("pipe");
		pid = fork();
		if (pid < 0)
			t_fail("fork");
		if (pid == 0) {
			sqlite3 *w = open_writer(path);
			int i = (int)query(w, "SELECT coalesce(max(id), 0) FROM t");

			close(fd[0]);
			for (;;) {
				/* 1 row, or 41 or 81 (past the 120 KiB gathered) */
				int n = 1 + i % 3 * 40;

				insert(w, i + 1, n);
				i += n;
				if (dprintf(fd[1], "%d\n", i) < 0)
					_exit(1);
			}
		}
		close(fd[1]);
		in = fdopen(fd[0], "r");
		while (got < want && fscanf(in, "%d", &last) == 1)
			got++;
		kill(pid, SIGKILL);
		fclose(in);
		t_wait(pid, -1);
		CHECK_INT(got, want);
		r = open_plain(path);
		/* at least what was acknowledged; more if it was killed after a commit */
		CHECK(query(r, "SELECT count(*) FROM t") >= last);
		check_rows(r, (int)query(r, "SELECT count(*) FROM t"));
		sqlite3_close(r);
	}
}
