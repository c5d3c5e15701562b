/* counters: daily usage counts in the kiosk database, and the visit's "inspired" presses
 * (kept in memory only: a visit is one process's screen). */
#include "counters.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "util.h"

#define VISIT_MAX 64            /* stories one visit can mark; more are not counted */

static char visit_inspired[VISIT_MAX][37];
static int visit_n;

void counters_today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		snprintf(out, 11, "1970-01-01");
}

int counters_add(sqlite3 *db, const char *name, const char *key, int64_t n, char **err)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO counters(day, name, key, n)"
				      " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(day, name, key)"
				      " DO UPDATE SET n = n + excluded.n", err);
	char day[11];
	int rc;

	if (st == NULL)
		return -1;
	counters_today(day);
	db_bind_text(st, 1, day);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, key != NULL ? key : "");
	sqlite3_bind_int64(st, 4, n);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	return 0;
}

void counters_visit_start(sqlite3 *db)
{
	memset(visit_inspired, 0, sizeof visit_inspired);
	visit_n = 0;
	counters_add(db, "sessions", NULL, 1, NULL);
}

bool counters_inspired_now(const char *case_id)
{
	int i;

	for (i = 0; i < visit_n; i++) {
		if (strcmp(visit_inspired[i], case_id) == 0)
			return true;
	}
	return false;
}

int counters_inspired(sqlite3 *db, const char *case_id)
{
	if (counters_inspired_now(case_id) || visit_n >= VISIT_MAX || strlen(case_id) > 36)
		return 0;
	if (counters_add(db, "inspired", case_id, 1, NULL) < 0)
		return -1;
	snprintf(visit_inspired[visit_n++], sizeof visit_inspired[0], "%s", case_id);
	return 1;
}

int64_t counters_get(sqlite3 *db, const char *day, const char *name, const char *key)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT n FROM counters WHERE day = ?1 AND name = ?2"
				      " AND key = ?3", NULL);
	int64_t n = -1;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, day);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, key != NULL ? key : "");
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		n = sqlite3_column_int64(st, 0);
		break;
	case SQLITE_DONE:
		n = 0;
		break;
	default:
		break;
	}
	sqlite3_finalize(st);
	return n;
}

/* The last day the hub acknowledged ("" if none), into out[11]. */
static void acked_day(sqlite3 *db, char out[11])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT value FROM meta WHERE key = 'counters_acked'",
				      NULL);

	out[0] = '\0';
	if (st != NULL && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		snprintf(out, 11, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* The object of day in list (made with zeroes when new). */
static json_t *day_object(json_t *list, const char *day)
{
	size_t n = json_array_size(list);
	json_t *o = n > 0 ? json_array_get(list, n - 1) : NULL;

	if (o != NULL && strcmp(json_string_value(json_object_get(o, "day")), day) == 0)
		return o;
	o = json_pack("{s:s, s:I, s:{}, s:I, s:{}, s:I, s:{}}", "day", day, "sessions",
		      (json_int_t)0, "stories_read", "searches", (json_int_t)0, "inspired",
		      "quiz_done", (json_int_t)0, "requests");
	json_array_append_new(list, o);
	return o;
}

static void put_count(json_t *o, const char *name, const char *key, int64_t n)
{
	json_t *v = json_object_get(o, name);

	if (json_is_object(v) && key[0] != '\0')
		json_object_set_new(v, key, json_integer(n));
	else if (json_is_integer(v))
		json_object_set_new(o, name, json_integer(n));
}

json_t *counters_heartbeat_json(sqlite3 *db, char last[11], char **err)
{
	sqlite3_stmt *st;
	json_t *list;
	char from[11];

	last[0] = '\0';
	acked_day(db, from);
	/* The oldest of the newest COUNTERS_MAX_DAYS days from the acknowledged one on. */
	st = db_prepare(db, "SELECT ifnull(min(day), '') FROM (SELECT DISTINCT day FROM counters"
			" WHERE day >= ?1 ORDER BY day DESC LIMIT ?2)", err);
	if (st == NULL)
		return NULL;
	db_bind_text(st, 1, from);
	sqlite3_bind_int(st, 2, COUNTERS_MAX_DAYS);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(from, sizeof from, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	list = json_array();
	if (from[0] == '\0')
		return list;
	st = db_prepare(db, "SELECT day, name, key, n FROM counters WHERE day >= ?1"
			" ORDER BY day, name, key", err);
	if (st == NULL) {
		json_decref(list);
		return NULL;
	}
	db_bind_text(st, 1, from);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *day = (const char *)sqlite3_column_text(st, 0);

		put_count(day_object(list, day), (const char *)sqlite3_column_text(st, 1),
			  (const char *)sqlite3_column_text(st, 2), sqlite3_column_int64(st, 3));
		snprintf(last, 11, "%s", day);
	}
	sqlite3_finalize(st);
	return list;
}

int counters_acknowledged(sqlite3 *db, const char *last, char **err)
{
	sqlite3_stmt *st;
	int rc = -1;

	if (last == NULL || last[0] == '\0')
		return 0;
	if (db_begin(db, err) < 0)
		return -1;
	st = db_prepare(db, "INSERT INTO meta(key, value) VALUES('counters_acked', ?1)"
			" ON CONFLICT(key) DO UPDATE SET value = excluded.value"
			" WHERE excluded.value > meta.value", err);
	if (st == NULL)
		goto done;
	db_bind_text(st, 1, last);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : set_error(err, "database: %s",
							     sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (rc == 0)
		rc = db_exec(db, "DELETE FROM counters WHERE day < (SELECT value FROM meta"
			     " WHERE key = 'counters_acked')", err);
done:
	if (rc == 0)
		return db_commit(db, err);
	db_rollback(db);
	return -1;
}
