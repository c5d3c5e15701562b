#include "db.h"

#include <stdlib.h>

#include "util.h"

static int set_pragmas(sqlite3 *db, char **err)
{
	/* synchronous is per connection: every open sets it (DESIGN §9). */
	static const char pragmas[] =
		"PRAGMA journal_mode=WAL;"
		"PRAGMA synchronous=FULL;"
		"PRAGMA foreign_keys=ON;"
		"PRAGMA temp_store=MEMORY;";

	sqlite3_busy_timeout(db, 5000);
	return db_exec(db, pragmas, err);
}

static int user_version(sqlite3 *db, int *v, char **err)
{
	sqlite3_stmt *st = db_prepare(db, "PRAGMA user_version", err);

	if (st == NULL)
		return -1;
	*v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

static int migrate(sqlite3 *db, const struct schema *schema, char **err)
{
	int v, i;
	char *sql;

	if (db_begin(db, err) < 0)
		return -1;
	if (user_version(db, &v, err) < 0)
		goto fail;
	if (v > schema->count) {
		set_error(err, "the %s database is version %d, newer than this program "
			  "understands (%d); install a newer vitrina", schema->name, v,
			  schema->count);
		goto fail;
	}
	for (i = v; i < schema->count; i++) {
		if (db_exec(db, schema->migrations[i], err) < 0)
			goto fail;
	}
	sql = xasprintf("PRAGMA user_version=%d", schema->count);
	i = db_exec(db, sql, err);
	free(sql);
	if (i < 0)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

sqlite3 *db_open(const char *path, const struct schema *schema, char **err)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_NOMUTEX, NULL);

	if (rc != SQLITE_OK) {
		set_error(err, "%s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	if (set_pragmas(db, err) < 0 || migrate(db, schema, err) < 0) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

int db_exec(sqlite3 *db, const char *sql, char **err)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		set_error(err, "database: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int db_begin(sqlite3 *db, char **err)
{
	return db_exec(db, "BEGIN IMMEDIATE", err);
}

int db_commit(sqlite3 *db, char **err)
{
	return db_exec(db, "COMMIT", err);
}

void db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql, char **err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		set_error(err, "database: %s", sqlite3_errmsg(db));
		return NULL;
	}
	return st;
}

int db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

char *db_column_strdup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}
