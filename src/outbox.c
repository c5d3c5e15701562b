#include "outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "db.h"
#include "util.h"

void outbox_request_wipe(struct request *r)
{
	wipe_string(&r->name);
	wipe_string(&r->contact);
	wipe_string(&r->message);
	wipe_string(&r->nominee);
	wipe_string(&r->why);
	wipe(r, sizeof *r);
}

void outbox_request_start(struct request *r, const char *kind, const char *kiosk_id,
			  const char *consent_version)
{
	uuid_make(r->id);
	snprintf(r->kind, sizeof r->kind, "%s", kind);
	now_rfc3339(r->created_at);
	snprintf(r->kiosk_id, sizeof r->kiosk_id, "%s", kiosk_id ? kiosk_id : "");
	snprintf(r->consent_version, sizeof r->consent_version, "%s", consent_version);
}

/* The request as compact JSON (DESIGN §3 names); the caller wipes and frees it. */
static char *body_json(const struct request *r, char **err)
{
	json_t *j = request_to_json(r);
	char *s;

	if (j == NULL) {
		set_error(err, "the request cannot be written as JSON");
		return NULL;
	}
	s = json_dump_string(j, JSON_COMPACT);
	json_decref(j);
	if (s == NULL)
		set_error(err, "the request cannot be written as JSON");
	return s;
}

int outbox_add(sqlite3 *db, const struct request *r, char **err)
{
	static const char sql[] =
		"INSERT INTO outbox(id, kind, body, created_at) VALUES(?1, ?2, ?3, ?4)";
	struct request_problem p;
	sqlite3_stmt *st;
	char *body;
	int rc;

	if (request_validate(r, &p) < 0)
		return set_error(err, "%s: %s", p.field_name ? p.field_name : "request",
				 p.message ? p.message : "not valid");
	body = body_json(r, err);
	if (body == NULL)
		return -1;
	st = db_prepare(db, sql, err);
	if (st == NULL) {
		wipe_string(&body);
		return -1;
	}
	/* One statement in autocommit mode is one transaction; with synchronous=FULL (set
	 * on every open by db_open) SQLite has synced the WAL when step returns DONE. The
	 * body is bound without a copy so no second copy of personal data is made. */
	db_bind_text(st, 1, r->id);
	db_bind_text(st, 2, r->kind);
	sqlite3_bind_text(st, 3, body, -1, SQLITE_STATIC);
	db_bind_text(st, 4, r->created_at);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			set_error(err, "a request with id %s is already in the outbox", r->id);
		else
			set_error(err, "database: %s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	wipe_string(&body);
	return rc == SQLITE_DONE ? 0 : -1;
}

void outbox_items_free(struct outbox_item *items, int n)
{
	int i;

	if (items == NULL)
		return;
	for (i = 0; i < n; i++)
		free(items[i].last_error);
	free(items);
}

static void copy_col(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	snprintf(dst, size, "%s", s ? (const char *)s : "");
}

int outbox_list(sqlite3 *db, struct outbox_item **out, int *n, char **err)
{
	static const char sql[] =
		"SELECT id, kind, created_at, attempts, last_error, state FROM outbox"
		" WHERE state IN ('pending', 'rejected') ORDER BY created_at, rowid";
	sqlite3_stmt *st = db_prepare(db, sql, err);
	struct outbox_item *items = NULL;
	int count = 0, cap = 0, rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	for (;;) {
		struct outbox_item *it;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;

		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			items = xrealloc(items, (size_t)cap * sizeof *items);
		}
		it = &items[count++];
		memset(it, 0, sizeof *it);
		copy_col(it->id, sizeof it->id, st, 0);
		copy_col(it->kind, sizeof it->kind, st, 1);
		copy_col(it->created_at, sizeof it->created_at, st, 2);
		it->attempts = sqlite3_column_int(st, 3);
		it->last_error = db_column_strdup(st, 4);
		copy_col(it->state, sizeof it->state, st, 5);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		outbox_items_free(items, count);
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	}
	*out = items;
	*n = count;
	return 0;
}

/* Parse one stored body into r. -1 with *err set if it cannot be read back. */
static int parse_body(const char *id, const char *body, struct request *r, char **err)
{
	json_error_t je;
	json_t *j;
	int rc;

	if (id == NULL)
		return set_error(err, "the stored request has no id");
	if (body == NULL)
		return set_error(err, "the stored request has no content");
	j = json_loads(body, JSON_REJECT_DUPLICATES, &je);
	if (j == NULL)
		return set_error(err, "the stored request is not valid JSON (line %d)", je.line);
	memset(r, 0, sizeof *r);
	rc = request_from_json(j, r, err);
	json_decref(j);
	if (rc == 0 && strcmp(r->id, id) != 0) {
		request_free(r);
		rc = set_error(err, "the stored request's id does not match its row");
	}
	return rc;
}

int outbox_next_batch(sqlite3 *db, int limit, struct request **out, int *n, char **err)
{
	static const char sql[] =
		"SELECT id, body FROM outbox WHERE state = 'pending'"
		" ORDER BY created_at, rowid LIMIT ?1";
	sqlite3_stmt *st;
	struct request *reqs;
	int count = 0, rc;

	*out = NULL;
	*n = 0;
	if (limit <= 0)
		return 0;
	st = db_prepare(db, sql, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, limit);
	reqs = xcalloc((size_t)limit, sizeof *reqs);
	for (;;) {
		char *why = NULL, *id;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		if (parse_body((const char *)sqlite3_column_text(st, 0),
			       (const char *)sqlite3_column_text(st, 1), &reqs[count], &why) == 0) {
			count++;
			continue;
		}
		/* A body that cannot be read back would block the queue forever: set it
		 * aside as rejected, with the reason, where the librarian sees it. */
		id = db_column_strdup(st, 0);
		sqlite3_reset(st);
		if (id == NULL) {
			free(why);
			set_error(err, "the outbox holds a request without an id");
			rc = SQLITE_ERROR;
			break;
		}
		if (outbox_mark_rejected(db, id, why, err) < 0) {
			free(id);
			free(why);
			rc = SQLITE_ERROR;
			break;
		}
		free(id);
		free(why);
		/* Start over: the rejected row is out of the pending set now. */
		while (count > 0)
			outbox_request_wipe(&reqs[--count]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		int i;

		for (i = 0; i < count; i++)
			outbox_request_wipe(&reqs[i]);
		free(reqs);
		if (err != NULL && *err == NULL)
			set_error(err, "database: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (count == 0) {
		free(reqs);
		reqs = NULL;
	}
	*out = reqs;
	*n = count;
	return 0;
}

/* Run sql (binding ?1 = id, then text binds from args) for every id in one transaction. */
static int update_each(sqlite3 *db, const char *sql, const char *const *ids, int n,
		       const char *arg2, char **err)
{
	sqlite3_stmt *st;
	int i;

	if (n <= 0)
		return 0;
	if (db_begin(db, err) < 0)
		return -1;
	st = db_prepare(db, sql, err);
	if (st == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		db_bind_text(st, 1, ids[i]);
		db_bind_text(st, 2, arg2);
		if (sqlite3_step(st) != SQLITE_DONE) {
			set_error(err, "database: %s", sqlite3_errmsg(db));
			sqlite3_finalize(st);
			goto fail;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

/* 1 if some request still waits to be sent (or if that cannot be told). */
static int pending_left(sqlite3 *db)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM outbox WHERE state = 'pending' LIMIT 1",
				      NULL);
	int rc;

	if (st == NULL)
		return 1;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc != SQLITE_DONE;
}

int outbox_mark_accepted(sqlite3 *db, const char *const *ids, int n, char **err)
{
	char now[21];

	/* secure_delete overwrites the freed content of the old body on disk instead of
	 * leaving it in free pages. It is per connection, so set it here each time. */
	if (db_exec(db, "PRAGMA secure_delete=ON", err) < 0)
		return -1;
	now_rfc3339(now);
	if (update_each(db, "UPDATE outbox SET body = NULL, state = 'sent', sent_at = ?2,"
			" last_error = NULL WHERE id = ?1", ids, n, now, err) < 0)
		return -1;
	/* The write-ahead log still holds the frames with the bodies as first written:
	 * once the queue is empty, fold it into the database and cut it to nothing (not
	 * after every batch: that would slow a long drain fivefold). Best effort: with a
	 * reader in the way it is done at a later call. */
	if (!pending_left(db))
		sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	return 0;
}

int outbox_mark_rejected(sqlite3 *db, const char *id, const char *reason, char **err)
{
	const char *ids[1];

	ids[0] = id;
	return update_each(db, "UPDATE outbox SET state = 'rejected', last_error = ?2"
			   " WHERE id = ?1 AND state <> 'sent'", ids, 1,
			   reason ? reason : "rejected", err);
}

int outbox_retry_rejected(sqlite3 *db, char **err)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE outbox SET state = 'pending', attempts = 0,"
				      " last_error = NULL WHERE state = 'rejected'"
				      " AND body IS NOT NULL", err);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	return sqlite3_changes(db);
}

int outbox_mark_failed(sqlite3 *db, const char *const *ids, int n, const char *error,
		       char **err)
{
	return update_each(db, "UPDATE outbox SET attempts = attempts + 1, last_error = ?2"
			   " WHERE id = ?1 AND state = 'pending'", ids, n,
			   error ? error : "failed", err);
}

int outbox_depth(sqlite3 *db, int64_t *depth, int64_t *oldest_age_s, char **err)
{
	static const char sql[] =
		"SELECT count(*), CAST(strftime('%s', 'now') AS INTEGER)"
		" - CAST(strftime('%s', min(created_at)) AS INTEGER)"
		" FROM outbox WHERE state = 'pending'";
	sqlite3_stmt *st = db_prepare(db, sql, err);
	int rc;

	*depth = 0;
	*oldest_age_s = 0;
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*depth = sqlite3_column_int64(st, 0);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			*oldest_age_s = sqlite3_column_int64(st, 1);
		if (*oldest_age_s < 0)
			*oldest_age_s = 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	return 0;
}
