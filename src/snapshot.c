#include "snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalogue_db.h"
#include "db.h"
#include "util.h"

/* ---- stopping ---- */

static int stop_requested(void *arg)
{
	return atomic_load((atomic_int *)arg) != 0;
}

/* While stop is set (not NULL), long statements on db end early with SQLITE_INTERRUPT. */
static void watch(sqlite3 *db, atomic_int *stop)
{
	sqlite3_progress_handler(db, stop ? 10000 : 0, stop ? stop_requested : NULL, stop);
}

static int stopped(atomic_int *stop)
{
	return stop != NULL && atomic_load(stop) != 0;
}

/* After a failure: "stopped" if it was a stop, else err as it is. */
static int failed(atomic_int *stop, char **err)
{
	if (stopped(stop))
		set_error(err, "stopped");
	return -1;
}

static void remove_db_files(const char *path)
{
	static const char *const tails[] = {"", "-wal", "-shm", "-journal"};
	size_t i;

	for (i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		char *p = xasprintf("%s%s", path, tails[i]);

		unlink(p);
		free(p);
	}
}

/* ---- reading a catalogue file ---- */

/* The first column of the one-row query sql as an integer: 0, or -1 with *err set. */
static int query_int(sqlite3 *db, const char *sql, int64_t *out, char **err)
{
	sqlite3_stmt *st = db_prepare(db, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		set_error(err, "database: %s", rc == SQLITE_DONE ? "no row" : sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* The first column of the first row of sql is want ("ok", "delete"): 0, or -1 with
 * *err saying what came instead. */
static int query_is(sqlite3 *db, const char *sql, const char *want, char **err)
{
	sqlite3_stmt *st = db_prepare(db, sql, err);
	const unsigned char *got;
	int rc = -1;

	if (st == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		set_error(err, "%s: %s", sql, sqlite3_errmsg(db));
	} else {
		got = sqlite3_column_text(st, 0);
		if (got != NULL && strcmp((const char *)got, want) == 0)
			rc = 0;
		else
			set_error(err, "%s: %.200s", sql, got ? (const char *)got : "null");
	}
	sqlite3_finalize(st);
	return rc;
}

int64_t snapshot_seq(sqlite3 *db, char **err)
{
	int64_t seq = -1;

	if (query_int(db, "SELECT seq FROM catalogue_info WHERE id = 1", &seq, err) < 0)
		return -1;
	return seq;
}

/* db is a whole single-file catalogue of this version: its seq into *seq. */
static int check_catalogue(sqlite3 *db, int64_t *seq, char **err)
{
	int64_t v = -1;

	if (query_is(db, "PRAGMA quick_check", "ok", err) < 0 ||
	    query_int(db, "PRAGMA user_version", &v, err) < 0)
		return -1;
	if (v != catalogue_schema.count)
		return set_error(err, "catalogue version %lld, not %d", (long long)v,
				 catalogue_schema.count);
	if (query_is(db, "PRAGMA journal_mode", "delete", err) < 0)
		return -1;
	*seq = snapshot_seq(db, err);
	return *seq < 0 ? -1 : 0;
}

int snapshot_hash_fd(int fd, struct snapshot_file *out, char **err)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char *chunk = xmalloc(1 << 20);
	unsigned int len = 0;
	int64_t size = 0;
	ssize_t n;
	int rc = -1;

	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		set_error(err, "SHA-256 is not available");
		goto done;
	}
	if (lseek(fd, 0, SEEK_SET) < 0) {
		set_error(err, "seek: %s", strerror(errno));
		goto done;
	}
	while ((n = read(fd, chunk, 1 << 20)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			set_error(err, "read: %s", strerror(errno));
			goto done;
		}
		EVP_DigestUpdate(ctx, chunk, (size_t)n);
		size += n;
	}
	if (EVP_DigestFinal_ex(ctx, out->sha256, &len) != 1 || len != 32) {
		set_error(err, "SHA-256 failed");
		goto done;
	}
	out->size = size;
	rc = 0;
done:
	EVP_MD_CTX_free(ctx);
	free(chunk);
	return rc;
}

/* Sync the file at path to disk and hash it into *out. */
static int sync_and_hash(const char *path, struct snapshot_file *out, char **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return set_error(err, "%s: %s", path, strerror(errno));
	rc = snapshot_hash_fd(fd, out, err);
	if (rc == 0 && fsync(fd) < 0)
		rc = set_error(err, "%s: fsync: %s", path, strerror(errno));
	close(fd);
	return rc;
}

int snapshot_inspect(const char *path, struct snapshot_file *out, char **err)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);

	memset(out, 0, sizeof *out);
	if (rc != SQLITE_OK) {
		set_error(err, "%s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return -1;
	}
	rc = check_catalogue(db, &out->seq, err);
	sqlite3_close(db);
	if (rc < 0)
		return -1;
	return sync_and_hash(path, out, err);
}

/* ---- the working file ---- */

sqlite3 *snapshot_open_work(const char *path, char **err)
{
	sqlite3 *db = db_open(path, &catalogue_schema, err);

	if (db != NULL && query_is(db, "PRAGMA quick_check", "ok", err) == 0)
		return db;
	/* Only ever a copy of the hub's feed: start it again from nothing. */
	sqlite3_close(db);
	remove_db_files(path);
	return db_open(path, &catalogue_schema, err);
}

/* Store one page and the position after it, in one transaction. */
static int apply_page(sqlite3 *db, const struct feed_page *p, char **err)
{
	sqlite3_stmt *st;
	int rc;

	if (db_begin(db, err) < 0)
		return -1;
	if (feed_store(db, p, err) < 0)
		goto fail;
	st = db_prepare(db, "UPDATE catalogue_info SET seq = ?1 WHERE id = 1", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, p->next);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		set_error(err, "database: %s", sqlite3_errmsg(db));
		goto fail;
	}
	if (db_commit(db, err) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

/* Fetch and store pages from *since until the feed has no more; *since follows. */
static int apply_pages(sqlite3 *db, const struct snapshot_source *src, int64_t *since,
		       char **err)
{
	struct feed_page p;
	char *text = NULL;
	size_t len = 0;
	int64_t next;
	bool more;
	int rc;

	for (;;) {
		if (stopped(src->stop))
			return set_error(err, "stopped");
		if (src->page(src->arg, *since, &text, &len, err) < 0)
			return -1;
		rc = feed_parse(text, len, &p, src->skip, src->skip_arg, err);
		free(text);
		if (rc < 0)
			return -1;
		next = p.next;
		more = p.more;
		if (next < *since) {
			feed_page_free(&p);
			return set_error(err, "the feed went back from change %lld to %lld",
					 (long long)*since, (long long)next);
		}
		rc = p.items > 0 || next != *since ? apply_page(db, &p, err) : 0;
		feed_page_free(&p);
		if (rc < 0)
			return -1;
		if (!more) {
			*since = next;
			return 0;
		}
		if (next == *since)
			return set_error(err, "the feed says there is more but sends nothing");
		*since = next;
	}
}

int snapshot_update(sqlite3 *db, const struct snapshot_source *src, int64_t *seq,
		    char **err)
{
	int64_t since = snapshot_seq(db, err);
	bool bulk;
	int rc;

	if (since < 0)
		return -1;
	/* A load from nothing merges the search indexes once at the end; one that was
	 * stopped half way goes on in bulk until it is done. */
	bulk = since == 0 || catalogue_bulk_active(db);
	if (bulk && catalogue_bulk(db, true, err) < 0)
		return -1;
	watch(db, src->stop);
	rc = apply_pages(db, src, &since, err);
	if (rc == 0 && bulk)
		rc = catalogue_bulk(db, false, err);
	watch(db, NULL);
	*seq = since;
	return rc < 0 ? failed(src->stop, err) : 0;
}

/* ---- export ---- */

static int vacuum_into(sqlite3 *db, const char *path, char **err)
{
	sqlite3_stmt *st = db_prepare(db, "VACUUM INTO ?1", err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, path);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return set_error(err, "VACUUM INTO: %s", sqlite3_errmsg(db));
	return 0;
}

/* Make the new copy at path a single file in rollback-journal mode and check it. */
static int seal(const char *path, atomic_int *stop, int64_t *seq, char **err)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);

	if (rc != SQLITE_OK) {
		set_error(err, "%s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return -1;
	}
	watch(db, stop);
	rc = query_is(db, "PRAGMA journal_mode=DELETE", "delete", err);
	if (rc == 0)
		rc = check_catalogue(db, seq, err);
	sqlite3_close(db);
	return rc;
}

/* fsync the folder that holds path, so a rename in it lasts. */
static int sync_dir(const char *path, char **err)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? xstrdup(".") :
		xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0 || fsync(fd) < 0)
		rc = set_error(err, "%s: fsync: %s", dir, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

int snapshot_export(sqlite3 *db, const char *dest, atomic_int *stop,
		    struct snapshot_file *out, char **err)
{
	char *tmp = xasprintf("%s.tmp", dest);
	int64_t seq = -1;
	int rc;

	memset(out, 0, sizeof *out);
	remove_db_files(tmp);
	watch(db, stop);
	rc = vacuum_into(db, tmp, err);
	watch(db, NULL);
	if (rc == 0)
		rc = seal(tmp, stop, &seq, err);
	if (rc == 0)
		rc = sync_and_hash(tmp, out, err);
	if (rc == 0 && rename(tmp, dest) < 0)
		rc = set_error(err, "%s: %s", dest, strerror(errno));
	if (rc == 0)
		rc = sync_dir(dest, err);
	if (rc < 0) {
		remove_db_files(tmp);
		free(tmp);
		return failed(stop, err);
	}
	out->seq = seq;
	free(tmp);
	return 0;
}
