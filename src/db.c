#include "db.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Run the migrations that take db up to version upto (at most schema->count), in one
 * transaction. A database newer than schema->count is refused. */
static int migrate_to(sqlite3 *db, const struct schema *schema, int upto, char **err)
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
	if (v >= upto) {
		db_rollback(db);
		return 0;
	}
	for (i = v; i < upto; i++) {
		if (db_exec(db, schema->migrations[i], err) < 0)
			goto fail;
	}
	sql = xasprintf("PRAGMA user_version=%d", upto);
	i = db_exec(db, sql, err);
	free(sql);
	if (i < 0)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

static sqlite3 *open_raw(const char *path, const char *vfs, char **err)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_NOMUTEX, vfs);

	if (rc != SQLITE_OK) {
		set_error(err, "%s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	if (set_pragmas(db, err) < 0) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

sqlite3 *db_open(const char *path, const struct schema *schema, char **err)
{
	return db_open_vfs(path, schema, NULL, err);
}

sqlite3 *db_open_vfs(const char *path, const struct schema *schema, const char *vfs,
		     char **err)
{
	sqlite3 *db = open_raw(path, vfs, err);

	if (db != NULL && migrate_to(db, schema, schema->count, err) < 0) {
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

/* ---- the kiosk database: main file plus its catalogue file ----
 *
 * The main file (the configured `db`) keeps the outbox, sync_state and meta; the
 * catalogue lives in a file of its own beside it, attached as "catalogue", so unqualified
 * names (cases, case_fts...) resolve to it. A new catalogue (a hub's snapshot) becomes a
 * new generation, STEM.catalogue-N.db: a file is never renamed over or deleted under a
 * name a process may have open (https://www.sqlite.org/howtocorrupt.html); main records
 * which generation is current (sync_state.catalogue), and every connection switches at
 * its next db_catalogue_refresh. */

#define CAT_SCHEMA "catalogue"
#define CAT_MARK   ".catalogue-"

static int64_t query_int(sqlite3 *db, const char *sql, int64_t def)
{
	sqlite3_stmt *st = NULL;
	int64_t v = def;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The folder and the stem ("vitrina" of "/x/vitrina.db") of a main file. */
static void split_main(const char *main_path, char **dir, char **stem)
{
	const char *slash = strrchr(main_path, '/'), *base = slash ? slash + 1 : main_path;
	size_t n = strlen(base);

	*dir = slash ? xstrndup(main_path, (size_t)(slash - main_path)) : xstrdup(".");
	if ((*dir)[0] == '\0') {
		free(*dir);
		*dir = xstrdup("/");
	}
	if (n > 3 && strcmp(base + n - 3, ".db") == 0)
		n -= 3;
	*stem = xstrndup(base, n);
}

char *db_catalogue_path(const char *main_path, int64_t gen)
{
	char *dir, *stem, *p;

	split_main(main_path, &dir, &stem);
	p = xasprintf("%s/%s" CAT_MARK "%lld.db", dir, stem, (long long)gen);
	free(dir);
	free(stem);
	return p;
}

/* The generation in a catalogue file's name, 0 if it has none. */
static int64_t gen_of(const char *path)
{
	const char *m = NULL, *p = path;
	char *end;
	long long g;

	while (p != NULL && (p = strstr(p, CAT_MARK)) != NULL)
		m = p++;
	if (m == NULL)
		return 0;
	errno = 0;
	g = strtoll(m + strlen(CAT_MARK), &end, 10);
	return errno == 0 && strcmp(end, ".db") == 0 && g > 0 ? (int64_t)g : 0;
}

/* Main's file name, NULL for an in-memory or temporary database. */
static const char *main_file(sqlite3 *db)
{
	const char *f = sqlite3_db_filename(db, "main");

	return f != NULL && f[0] != '\0' ? f : NULL;
}

static int64_t recorded_gen(sqlite3 *db)
{
	return query_int(db, "SELECT catalogue FROM main.sync_state WHERE id = 1", 0);
}

/* Remove what a crashed write may have left beside a name no one has open. */
static void remove_leftovers(const char *path)
{
	static const char *const ext[] = {"-wal", "-shm", "-journal"};
	size_t i;
	char *p;

	for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		p = xasprintf("%s%s", path, ext[i]);
		unlink(p);
		free(p);
	}
}

/* fsync the folder holding path, so a rename in it lasts a power cut. */
static int sync_folder(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd, rc = -1;

	if (slash == NULL) {
		free(dir);
		dir = xstrdup(".");
	} else {
		slash[slash == dir ? 1 : 0] = '\0';
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(dir);
	return rc;
}

static int sync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;

	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	return rc;
}

/* Give a new catalogue file the permissions of the main file, as SQLite does for -wal
 * and -shm: whoever may read the kiosk's database (`vitrina status` in the kiosk's group)
 * may read its catalogue. */
static void copy_mode(const char *main_path, const char *path)
{
	struct stat sb;

	if (stat(main_path, &sb) == 0)
		chmod(path, sb.st_mode & 0666);
}

/* Copy the whole of src's schema "main" into db's schema name. */
static int copy_db(sqlite3 *db, const char *name, sqlite3 *src, char **err)
{
	sqlite3_backup *b = sqlite3_backup_init(db, name, src, "main");
	int rc;

	if (b == NULL)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return set_error(err, "database: cannot copy the catalogue: %s",
				 sqlite3_errstr(rc));
	return 0;
}

/* A URI opening path read-only: immutable when there is no WAL to read (a folder we may
 * not write to, where SQLite could not make the -shm file). */
static char *ro_uri(const char *path)
{
	char *wal = xasprintf("%s-wal", path), *uri;

	uri = access(wal, F_OK) == 0 ? xasprintf("file:%s?mode=ro", path)
		: xasprintf("file:%s?immutable=1", path);
	free(wal);
	return uri;
}

static int attach_file(sqlite3 *db, const char *path, bool readonly, char **err)
{
	sqlite3_stmt *st = db_prepare(db, "ATTACH ?1 AS " CAT_SCHEMA, err);
	char *uri = readonly ? ro_uri(path) : NULL;
	int rc, v;

	if (st == NULL) {
		free(uri);
		return -1;
	}
	db_bind_text(st, 1, uri ? uri : path);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	free(uri);
	if (rc != SQLITE_DONE)
		return set_error(err, "%s: %s", path, sqlite3_errmsg(db));
	if (!readonly && db_exec(db, "PRAGMA " CAT_SCHEMA ".journal_mode=WAL;"
				 /* The feed position lives in the same file as the changes, so
				  * a page lost at a power cut is only fetched again. */
				 "PRAGMA " CAT_SCHEMA ".synchronous=NORMAL;", err) < 0)
		goto fail;
	v = (int)query_int(db, "PRAGMA " CAT_SCHEMA ".user_version", -1);
	if (v != catalogue_schema.count) {
		set_error(err, "%s: the catalogue file is version %d, not %d", path, v,
			  catalogue_schema.count);
		goto fail;
	}
	return 0;
fail:
	db_exec(db, "DETACH " CAT_SCHEMA, NULL);
	return -1;
}

/* An empty catalogue in memory, attached (in-memory kiosks, read-only ones without one). */
static int attach_memory(sqlite3 *db, char **err)
{
	sqlite3 *fresh;
	int rc;

	if (db_exec(db, "ATTACH ':memory:' AS " CAT_SCHEMA, err) < 0)
		return -1;
	fresh = db_open(":memory:", &catalogue_schema, err);
	rc = fresh != NULL ? copy_db(db, CAT_SCHEMA, fresh, err) : -1;
	sqlite3_close(fresh);
	if (rc < 0)
		db_exec(db, "DETACH " CAT_SCHEMA, NULL);
	return rc;
}

/* A new empty catalogue file as the next generation: a new kiosk's first, or one in place
 * of a file that is gone or cannot be used (the sync fills it again from the hub). Under
 * main's write lock, so two processes starting together make one; a process that finds
 * bad_gen no longer current leaves it to the one that replaced it. */
static int make_empty(sqlite3 *db, const char *main_path, int64_t bad_gen, char **err)
{
	char *path = NULL;
	int64_t gen;
	sqlite3 *cat;
	int rc = -1;

	if (db_begin(db, err) < 0)
		return -1;
	gen = recorded_gen(db);
	if (gen != bad_gen) {
		db_rollback(db);
		return 0;
	}
	path = db_catalogue_path(main_path, gen + 1);
	/* Not recorded yet, so no one has it open: anything there is from a crash. */
	unlink(path);
	remove_leftovers(path);
	cat = db_open(path, &catalogue_schema, err);
	if (cat == NULL)
		goto done;
	sqlite3_close(cat);
	copy_mode(main_path, path);
	sync_folder(path);
	if (db_exec(db, "UPDATE main.sync_state SET catalogue = catalogue + 1 WHERE id = 1",
		    err) == 0)
		rc = db_commit(db, err);
done:
	if (rc < 0)
		db_rollback(db);
	free(path);
	return rc;
}

/* Run the catalogue migrations a file of an older version lacks. A file that fails is
 * left alone: attaching it fails and an empty one replaces it. */
static void upgrade_catalogue(const char *path)
{
	sqlite3 *c = NULL;

	if (sqlite3_open_v2(path, &c, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ==
	    SQLITE_OK) {
		sqlite3_busy_timeout(c, 5000);
		if (query_int(c, "PRAGMA user_version", -1) > 0)
			migrate_to(c, &catalogue_schema, catalogue_schema.count, NULL);
	}
	sqlite3_close(c);
}

int db_catalogue_attach(sqlite3 *db, char **err)
{
	const char *main_path = main_file(db);
	bool readonly = sqlite3_db_readonly(db, "main") == 1;
	int64_t gen;
	char *path;
	int rc;

	if (query_int(db, "PRAGMA main.user_version", 0) < 4)
		return 0;       /* a single-file kiosk opened read-only: all in main */
	if (main_path == NULL)
		return attach_memory(db, err);
	gen = recorded_gen(db);
	path = gen > 0 ? db_catalogue_path(main_path, gen) : NULL;
	if (readonly) {
		rc = path != NULL && access(path, F_OK) == 0 ?
		     attach_file(db, path, true, err) : attach_memory(db, err);
		free(path);
		return rc;
	}
	/* A catalogue file of an older version takes the newer migrations first (a new
	 * column keeps the cases), on a connection of its own: only when attaching it
	 * finds another version, so a start opens the file once. One that cannot is
	 * replaced below. */
	rc = path != NULL && access(path, F_OK) == 0 ? attach_file(db, path, false, NULL) : -1;
	if (rc < 0 && path != NULL && access(path, F_OK) == 0) {
		upgrade_catalogue(path);
		rc = attach_file(db, path, false, NULL);
	}
	if (rc < 0) {
		/* None yet, or it is gone or unusable: start an empty one. */
		free(path);
		if (make_empty(db, main_path, gen, err) < 0)
			return -1;
		path = db_catalogue_path(main_path, recorded_gen(db));
		rc = attach_file(db, path, false, err);
	}
	free(path);
	return rc;
}

int db_catalogue_refresh(sqlite3 *db)
{
	const char *main_path = main_file(db), *cur = sqlite3_db_filename(db, CAT_SCHEMA);
	int64_t gen, had;
	char *path, *old;
	int rc;

	if (main_path == NULL || !sqlite3_get_autocommit(db))
		return 0;
	gen = recorded_gen(db);
	had = cur != NULL ? gen_of(cur) : 0;
	if (gen <= 0 || gen == had)
		return 0;
	old = cur != NULL ? xstrdup(cur) : NULL;
	/* Fails while a statement still reads the old one: the next call switches. */
	if (old != NULL && db_exec(db, "DETACH " CAT_SCHEMA, NULL) < 0) {
		free(old);
		return 0;
	}
	path = db_catalogue_path(main_path, gen);
	rc = attach_file(db, path, sqlite3_db_readonly(db, "main") == 1, NULL);
	if (rc < 0 && old != NULL)
		attach_file(db, old, sqlite3_db_readonly(db, "main") == 1, NULL);
	free(path);
	free(old);
	return rc < 0 ? -1 : 1;
}

/* Delete the files beside main_path named STEM + CAT_MARK + mark + the rest, for which
 * wanted(the rest, keep) says so. */
static void delete_beside(const char *main_path, const char *mark,
			  int (*wanted)(const char *rest, int64_t keep), int64_t keep)
{
	char *dir, *stem, *prefix, *p;
	struct dirent *e;
	DIR *d;

	split_main(main_path, &dir, &stem);
	prefix = xasprintf("%s" CAT_MARK "%s", stem, mark);
	d = opendir(dir);
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 ||
		    !wanted(e->d_name + strlen(prefix), keep))
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		unlink(p);
		free(p);
	}
	if (d != NULL)
		closedir(d);
	free(prefix);
	free(dir);
	free(stem);
}

/* "N.db", "N.db-wal", "N.db-shm" of a generation N older than keep. */
static int older_generation(const char *rest, int64_t keep)
{
	char *end;
	int64_t g = strtoll(rest, &end, 10);

	return g > 0 && g < keep && strncmp(end, ".db", 3) == 0;
}

static int any(const char *rest, int64_t keep)
{
	(void)rest;
	(void)keep;
	return 1;
}

/* Delete the catalogue generations older than keep (and their -wal, -shm). */
static void delete_old(const char *main_path, int64_t keep)
{
	delete_beside(main_path, "", older_generation, keep);
}

char *db_catalogue_temp(sqlite3 *db, char **err)
{
	const char *main_path = main_file(db), *tmpdir = getenv("TMPDIR");
	char *dir, *stem, *path;
	int fd;

	if (main_path != NULL) {
		split_main(main_path, &dir, &stem);
	} else {
		dir = xstrdup(tmpdir != NULL && tmpdir[0] == '/' ? tmpdir : "/tmp");
		stem = xstrdup("vitrina");
	}
	path = xasprintf("%s/%s" CAT_MARK "tmp-XXXXXX", dir, stem);
	free(dir);
	free(stem);
	fd = mkstemp(path);     /* mode 0600 */
	if (fd < 0) {
		set_error(err, "cannot make a temporary file beside the catalogue: %s",
			  strerror(errno));
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

void db_catalogue_temp_clean(sqlite3 *db)
{
	const char *main_path = main_file(db);

	if (main_path != NULL)
		delete_beside(main_path, "tmp-", any, 0);
}

/* For an in-memory kiosk: the file's content copied into the attached catalogue. */
static int install_memory(sqlite3 *db, const char *tmp, char **err)
{
	sqlite3 *src = NULL;
	int rc;

	if (sqlite3_open_v2(tmp, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(src);
		return set_error(err, "%s: cannot open", tmp);
	}
	rc = copy_db(db, CAT_SCHEMA, src, err);
	sqlite3_close(src);
	unlink(tmp);
	return rc;
}

int db_catalogue_install(sqlite3 *db, const char *tmp, char **err)
{
	const char *main_path = main_file(db);
	int64_t next;
	char *path = NULL;

	if (main_path == NULL)
		return install_memory(db, tmp, err);
	if (db_begin(db, err) < 0)
		return -1;
	next = recorded_gen(db) + 1;
	path = db_catalogue_path(main_path, next);
	/* The next generation is not recorded yet: no one has this name open. */
	remove_leftovers(path);
	copy_mode(main_path, tmp);
	if (sync_file(tmp) < 0 || rename(tmp, path) < 0) {
		set_error(err, "cannot put the new catalogue in place: %s", strerror(errno));
		goto fail;
	}
	sync_folder(path);
	if (db_exec(db, "UPDATE main.sync_state SET catalogue = catalogue + 1 WHERE id = 1",
		    err) < 0 || db_commit(db, err) < 0) {
		unlink(path);
		goto fail;
	}
	free(path);
	if (db_catalogue_refresh(db) < 0)
		return set_error(err, "cannot open the new catalogue");
	/* The one before stays a while for a process that has not switched yet. */
	delete_old(main_path, next - 1);
	return 0;
fail:
	db_rollback(db);
	free(path);
	return -1;
}

/* The names of the tables (and indexes) a catalogue file may hold, from a fresh one. */
static int reference_schema(struct buf *out, char **err)
{
	sqlite3 *ref = db_open(":memory:", &catalogue_schema, err);
	sqlite3_stmt *st;

	if (ref == NULL)
		return -1;
	st = db_prepare(ref, "SELECT type, name, tbl_name, ifnull(sql, '') FROM sqlite_schema"
			" ORDER BY type, name", err);
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		int i;

		for (i = 0; i < 4; i++) {
			buf_adds(out, (const char *)sqlite3_column_text(st, i));
			buf_addc(out, '\n');
		}
	}
	sqlite3_finalize(st);
	sqlite3_close(ref);
	return st != NULL ? 0 : -1;
}

static int same_schema(sqlite3 *c, char **err)
{
	struct buf want = {0}, got = {0};
	sqlite3_stmt *st;
	int rc;

	if (reference_schema(&want, err) < 0)
		return -1;
	st = db_prepare(c, "SELECT type, name, tbl_name, ifnull(sql, '') FROM sqlite_schema"
			" ORDER BY type, name", err);
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		int i;

		for (i = 0; i < 4; i++) {
			buf_adds(&got, (const char *)sqlite3_column_text(st, i));
			buf_addc(&got, '\n');
		}
	}
	sqlite3_finalize(st);
	/* Only the tables the kiosk itself makes: nothing else (a trigger, a view) may
	 * come with a downloaded file. */
	rc = st != NULL && want.s != NULL && got.s != NULL && strcmp(want.s, got.s) == 0 ?
	     0 : set_error(err, "its tables are not those of a catalogue");
	buf_free(&want);
	buf_free(&got);
	return rc;
}

int db_catalogue_check(const char *path, int64_t seq, char **err)
{
	sqlite3 *c = NULL;
	sqlite3_stmt *st;
	const unsigned char *ok;
	int rc = -1;

	if (sqlite3_open_v2(path, &c, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		set_error(err, "cannot be opened as a database");
		goto done;
	}
	sqlite3_extended_result_codes(c, 1);
	/* Nothing in the file may run code of its own while it is checked. */
	sqlite3_db_config(c, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(c, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	if (query_int(c, "PRAGMA user_version", -1) != catalogue_schema.count) {
		set_error(err, "it is not a catalogue of version %d", catalogue_schema.count);
		goto done;
	}
	if (same_schema(c, err) < 0)
		goto done;
	st = db_prepare(c, "PRAGMA integrity_check(1)", err);
	if (st == NULL)
		goto done;
	ok = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	if (ok == NULL || strcmp((const char *)ok, "ok") != 0) {
		set_error(err, "the database is damaged (integrity check)");
		sqlite3_finalize(st);
		goto done;
	}
	sqlite3_finalize(st);
	if (query_int(c, "SELECT seq FROM catalogue_info WHERE id = 1", -1) != seq) {
		set_error(err, "it holds another change than the hub said (%lld)",
			  (long long)seq);
		goto done;
	}
	rc = db_exec(c, "PRAGMA journal_mode=WAL", err);
done:
	sqlite3_close(c);
	return rc;
}

/* ---- moving a single-file kiosk (version 3) over to its own catalogue file ---- */

/* In the copy c: drop every table a catalogue file does not have, record the feed
 * position, leave no free page (no personal data) behind. */
static int clean_copy(sqlite3 *c, int64_t seq, char **err)
{
	static const char *const drop[] = {"outbox", "sync_state", "meta"};
	char *sql;
	size_t i;
	int rc;

	if (db_exec(c, "PRAGMA journal_mode=DELETE", err) < 0 || db_begin(c, err) < 0)
		return -1;
	for (i = 0; i < sizeof drop / sizeof drop[0]; i++) {
		sql = xasprintf("DROP TABLE IF EXISTS %s", drop[i]);
		rc = db_exec(c, sql, err);
		free(sql);
		if (rc < 0)
			goto fail;
	}
	sql = xasprintf("CREATE TABLE catalogue_info(id INTEGER PRIMARY KEY CHECK(id = 1),"
			" seq INTEGER NOT NULL DEFAULT 0);"
			"INSERT INTO catalogue_info(id, seq) VALUES(1, %lld);"
			"PRAGMA user_version=1;", (long long)seq);
	rc = db_exec(c, sql, err);
	free(sql);
	if (rc < 0 || db_commit(c, err) < 0)
		goto fail;
	/* The tables are those of catalogue version 1: the newer migrations follow. */
	if (migrate_to(c, &catalogue_schema, catalogue_schema.count, err) < 0)
		return -1;
	return db_exec(c, "VACUUM; PRAGMA journal_mode=WAL", err);
fail:
	db_rollback(c);
	return -1;
}

/* Copy main (under its write lock, taken by the caller) into a new file, make it a
 * catalogue file and put it in place as generation 1. */
static int split_catalogue(sqlite3 *db, const char *main_path, char **err)
{
	int64_t seq = query_int(db, "SELECT seq FROM main.sync_state WHERE id = 1", 0);
	char *tmp = db_catalogue_temp(db, err), *path;
	sqlite3 *c = NULL, *src = NULL;
	int rc = -1;

	if (tmp == NULL)
		return -1;
	if (sqlite3_open_v2(tmp, &c, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK || sqlite3_open_v2(main_path, &src, SQLITE_OPEN_READONLY |
					 SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		set_error(err, "%s: cannot open", tmp);
		goto done;
	}
	/* story_fts keeps no text, so its index is copied as it is, page by page. The copy
	 * reads through a second connection (a backup cannot read from one that holds a
	 * write lock); no one else writes while db holds it. */
	if (copy_db(c, "main", src, err) < 0 || clean_copy(c, seq, err) < 0)
		goto done;
	sqlite3_close(c);
	c = NULL;
	path = db_catalogue_path(main_path, 1);
	remove_leftovers(path);
	copy_mode(main_path, tmp);
	rc = sync_file(tmp) == 0 && rename(tmp, path) == 0 ? 0 :
	     set_error(err, "cannot put the catalogue file in place: %s", strerror(errno));
	if (rc == 0)
		sync_folder(path);
	free(path);
done:
	sqlite3_close(c);
	sqlite3_close(src);
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Version 3 to 4 for a file database: the catalogue moves out, then main drops it in
 * one transaction. A crash before the commit leaves version 3 (done again next time);
 * after it, version 4. */
static int upgrade_v3(sqlite3 *db, char **err)
{
	const char *main_path = main_file(db);
	int v = 0;

	if (db_begin(db, err) < 0)
		return -1;
	if (user_version(db, &v, err) < 0)
		goto fail;
	if (v != 3) {
		db_rollback(db);
		return 0;       /* another process moved it first */
	}
	if (main_path != NULL && split_catalogue(db, main_path, err) < 0)
		goto fail;
	if (db_exec(db, kiosk_schema.migrations[3], err) < 0 ||
	    db_exec(db, main_path != NULL ? "UPDATE sync_state SET catalogue = 1 WHERE id = 1;"
		    "PRAGMA user_version=4" : "PRAGMA user_version=4", err) < 0 ||
	    db_commit(db, err) < 0)
		goto fail;
	/* The catalogue's pages are free now: give them back. */
	db_exec(db, "VACUUM", NULL);
	return 0;
fail:
	db_rollback(db);
	return -1;
}

sqlite3 *db_open_kiosk(const char *path, char **err)
{
	sqlite3 *db = open_raw(path, NULL, err);
	int v = 0;

	if (db == NULL)
		return NULL;
	if (user_version(db, &v, err) < 0)
		goto fail;
	/* A new database goes straight to the newest version; an old one moves over. */
	if (v > 0 && v < 4 && (migrate_to(db, &kiosk_schema, 3, err) < 0 ||
			       upgrade_v3(db, err) < 0))
		goto fail;
	if (migrate_to(db, &kiosk_schema, kiosk_schema.count, err) < 0 ||
	    db_catalogue_attach(db, err) < 0)
		goto fail;
	return db;
fail:
	sqlite3_close(db);
	return NULL;
}
