/* db: open SQLite databases with the house PRAGMAs and run numbered migrations. */
#ifndef VITRINA_DB_H
#define VITRINA_DB_H

#include <sqlite3.h>
#include <stdint.h>

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
/* The same through the SQLite VFS named vfs (NULL: the default). */
sqlite3 *db_open_vfs(const char *path, const struct schema *schema, const char *vfs,
		     char **err);

/* Open (creating if needed) the kiosk database at path: the main file with kiosk_schema
 * (outbox, sync_state, meta) and the current catalogue file beside it (made empty when
 * there is none) attached as "catalogue", so the catalogue's tables are found by their
 * plain names. ":memory:" attaches an in-memory catalogue. A single-file kiosk (version
 * 3) is moved over first, keeping every request and its catalogue. Returns NULL with
 * *err set on failure; close with sqlite3_close. */
sqlite3 *db_open_kiosk(const char *path, char **err);
/* Attach the current catalogue to a kiosk main file opened by the caller (read-only
 * too: then the catalogue is attached read-only). A read-only single-file kiosk needs
 * none (0). -1 with *err set on failure. */
int db_catalogue_attach(sqlite3 *db, char **err);
/* Switch db to the catalogue main names now, if another process installed a new one.
 * Cheap (one small read); call it at most about once a second and outside transactions.
 * 1 switched, 0 nothing to do (or not possible now: a statement still reads; the next
 * call switches), -1 the new file cannot be opened (the old one stays attached). */
int db_catalogue_refresh(sqlite3 *db);
/* A new empty file (mode 0600) in the catalogue's folder to download a catalogue into
 * (TMPDIR for an in-memory kiosk). Returns its path (the caller frees it and unlinks the
 * file if it is not installed), or NULL with *err set. */
char *db_catalogue_temp(sqlite3 *db, char **err);
/* Delete temporary files db_catalogue_temp made that were left by a crash (call it
 * before starting one: only one sync runs at a time). */
void db_catalogue_temp_clean(sqlite3 *db);
/* Check a downloaded catalogue file: a catalogue_schema file (its tables and nothing
 * else), integrity_check ok, catalogue_info.seq == seq; then switch it to WAL. 0, or -1
 * with *err set to what is wrong. */
int db_catalogue_check(const char *path, int64_t seq, char **err);
/* Make the checked catalogue file tmp (closed everywhere) the kiosk's current catalogue:
 * it becomes the next generation, main records it in one transaction, db switches to
 * it, and generations older than the previous one are deleted. Other processes switch
 * at their next db_catalogue_refresh. -1 with *err set (tmp is left to the caller). */
int db_catalogue_install(sqlite3 *db, const char *tmp, char **err);
/* The file of catalogue generation gen beside main file main_path (new string). */
char *db_catalogue_path(const char *main_path, int64_t gen);

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
