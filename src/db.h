/* db: open SQLite databases with the house PRAGMAs and run numbered migrations. */
#ifndef VITRINA_DB_H
#define VITRINA_DB_H

#include <sqlite3.h>

/* One schema: migrations[i] takes the database from user_version i to i+1. */
struct schema {
	const char *name;               /* "kiosk", "hub": used in messages */
	const char *const *migrations;
	int count;
};

/* Open (creating if needed) path, set WAL, synchronous=FULL, foreign keys and a busy
 * timeout, and migrate to the newest version inside one transaction. A database newer
 * than the program is refused. Returns NULL with *err set on failure; close with
 * sqlite3_close. path may be ":memory:". */
sqlite3 *db_open(const char *path, const struct schema *schema, char **err);

/* The kiosk's schema (src/schema.c). */
extern const struct schema kiosk_schema;
/* The catalogue tables alone, for a catalogue file (a snapshot). */
extern const struct schema catalogue_schema;

/* Run a statement with no result rows. -1 with *err set on failure. */
int db_exec(sqlite3 *db, const char *sql, char **err);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
int db_begin(sqlite3 *db, char **err);
int db_commit(sqlite3 *db, char **err);
void db_rollback(sqlite3 *db);
/* Prepare or set *err. Returns NULL on failure. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql, char **err);
/* Bind text (NULL binds NULL) with SQLITE_TRANSIENT. */
int db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* A column as a new string (NULL stays NULL); the caller frees it. */
char *db_column_strdup(sqlite3_stmt *st, int i);

#endif
