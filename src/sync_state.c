/* The sync's state in the kiosk database, read by the admin screens and `vitrina status`
 * and written by the sync (sync.h, sync_state.h). No network here: the kiosk's screen
 * links this without libcurl. */
#include "sync.h"
#include "sync_state.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "catalogue_db.h"
#include "db.h"
#include "outbox.h"
#include "util.h"

int sync_state_exec(sqlite3 *db, const char *sql, const int64_t *nums, int nnums,
		    const char *text, char **err)
{
	sqlite3_stmt *st = db_prepare(db, sql, err);
	int i, rc;

	if (st == NULL)
		return -1;
	for (i = 0; i < nnums; i++)
		sqlite3_bind_int64(st, i + 1, nums[i]);
	if (text != NULL || sqlite3_bind_parameter_count(st) > nnums)
		db_bind_text(st, nnums + 1, text);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	return 0;
}

int64_t sync_state_seq(sqlite3 *db, char **err)
{
	sqlite3_stmt *q = db_prepare(db, "SELECT seq FROM catalogue_info WHERE id = 1", NULL);
	int64_t seq = -1;

	if (q == NULL)
		q = db_prepare(db, "SELECT seq FROM sync_state WHERE id = 1", err);
	if (q == NULL)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW)
		seq = sqlite3_column_int64(q, 0);
	else
		set_error(err, "database: %s", sqlite3_errmsg(db));
	sqlite3_finalize(q);
	return seq;
}

int sync_status_read(sqlite3 *db, struct sync_status *st, char **err)
{
	static const char sql[] =
		"SELECT seq, last_attempt, last_success, last_error, last_error_at,"
		" next_attempt, failures, wait_ms, authorised, pushed, pulled, daemon_pid"
		" FROM sync_state WHERE id = 1";
	sqlite3_stmt *q;
	const unsigned char *e;
	int rc;

	memset(st, 0, sizeof *st);
	st->authorised = true;
	st->cases = -1;
	q = db_prepare(db, sql, err);
	if (q == NULL)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		st->seq = sqlite3_column_int64(q, 0);
		st->last_attempt = sqlite3_column_int64(q, 1);
		st->last_success = sqlite3_column_int64(q, 2);
		e = sqlite3_column_text(q, 3);
		snprintf(st->last_error, sizeof st->last_error, "%s", e ? (const char *)e : "");
		st->last_error_at = sqlite3_column_int64(q, 4);
		st->next_attempt = sqlite3_column_int64(q, 5);
		st->failures = sqlite3_column_int(q, 6);
		st->wait_ms = sqlite3_column_int64(q, 7);
		st->authorised = sqlite3_column_int(q, 8) != 0;
		st->pushed = sqlite3_column_int64(q, 9);
		st->pulled = sqlite3_column_int64(q, 10);
		st->daemon_pid = sqlite3_column_int(q, 11);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	st->seq = sync_state_seq(db, NULL);
	if (st->seq < 0)
		st->seq = 0;
	q = db_prepare(db, "SELECT snapshot_at, snapshot_seq FROM sync_state WHERE id = 1",
		       NULL);
	if (q != NULL && sqlite3_step(q) == SQLITE_ROW) {
		st->snapshot_at = sqlite3_column_int64(q, 0);
		st->snapshot_seq = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	/* A service that died without cleaning up is not running. */
	if (st->daemon_pid > 0 && kill(st->daemon_pid, 0) < 0 && errno == ESRCH)
		st->daemon_pid = 0;
	if (outbox_depth(db, &st->outbox_depth, &st->outbox_oldest_s, err) < 0)
		return -1;
	if (catalogue_count(db, &st->cases, NULL) < 0)
		st->cases = -1;
	return 0;
}

int sync_request_now(sqlite3 *db, char **err)
{
	return sync_state_exec(db, "UPDATE sync_state SET wake = 1 WHERE id = 1", NULL, 0, NULL, err);
}
