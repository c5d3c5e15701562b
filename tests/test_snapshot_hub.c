/* GET /v1/snapshot against a real hub (DESIGN §4): the file, its headers, the catalogue
 * it holds compared with what paging /v1/cases stores, rebuilds after a change, scopes,
 * a restart that takes the last snapshot up again, and a stop in the middle of a build;
 * and the engine that builds it (src/snapshot.c) on its own. */
#include <curl/curl.h>
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalogue_db.h"
#include "db.h"
#include "feed.h"
#include "hub/store.h"
#include "hub_harness.h"
#include "snapshot.h"
#include "t.h"
#include "test_sync.h"
#include "util.h"

struct snap_resp {
	struct hubt_resp r;             /* status and headers (r.body unused) */
	struct buf body;                /* the body with its length */
};

static size_t on_bytes(char *p, size_t size, size_t n, void *cls)
{
	buf_add(cls, p, size * n);
	return size * n;
}

/* GET /v1/snapshot with token (NULL: none) and an extra header line (NULL: none). */
static void snap_get(const struct hubt *h, const char *token, const char *hdr,
		     struct snap_resp *s)
{
	CURL *c = curl_easy_init();
	struct curl_slist *hl = NULL;
	struct buf hb = {0};
	char url[128], line[512];
	CURLcode rc;

	memset(s, 0, sizeof *s);
	snprintf(url, sizeof url, "%s/v1/snapshot", h->url);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_bytes);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_bytes);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &hb);
	if (token != NULL) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", token);
		hl = curl_slist_append(hl, line);
	}
	if (hdr != NULL)
		hl = curl_slist_append(hl, hdr);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		t_fail("GET /v1/snapshot: %s", curl_easy_strerror(rc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &s->r.status);
	s->r.headers = hb.s ? buf_take(&hb) : xstrdup("");
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
}

static void snap_free(struct snap_resp *s)
{
	free(s->r.headers);
	buf_free(&s->body);
}

static int64_t header_int(const struct snap_resp *s, const char *name)
{
	char *v = hubt_header(&s->r, name);
	int64_t n = v != NULL ? strtoll(v, NULL, 10) : -1;

	free(v);
	return n;
}

/* GET until a 200 whose Vitrina-Seq is at least min_seq; every 503 on the way must be
 * the "not built yet" answer. Fails the test after a minute. */
static void snap_wait(const struct hubt *h, const char *token, int64_t min_seq,
		      struct snap_resp *s)
{
	int64_t deadline = now_ms_monotonic() + 60000;

	for (;;) {
		snap_get(h, token, NULL, s);
		if (s->r.status == 503) {
			char *ra = hubt_header(&s->r, "Retry-After");

			CHECK_STR(ra ? ra : "", "5");
			CHECK(strstr(s->body.s ? s->body.s : "", "\"unavailable\"") != NULL);
			free(ra);
		} else if (!CHECK_INT(s->r.status, 200)) {
			t_fail("GET /v1/snapshot: %ld %s", s->r.status, s->body.s);
		} else if (header_int(s, "Vitrina-Seq") >= min_seq) {
			return;
		}
		if (now_ms_monotonic() > deadline)
			t_fail("no snapshot at seq %" PRId64 " within a minute", min_seq);
		snap_free(s);
		t_sleep_ms(50);
	}
}

/* The catalogue a kiosk pages in from the hub's own /v1/cases (limit a page), in a new
 * in-memory catalogue; *seq: the feed position it ends at. */
static sqlite3 *paged_catalogue(const struct hubt *h, const char *token, int limit,
				int64_t *seq)
{
	char *err = NULL, path[64];
	sqlite3 *db = db_open(":memory:", &catalogue_schema, &err);
	int64_t since = 0;
	int more = 1;

	if (db == NULL)
		t_fail("%s", err);
	while (more) {
		struct hubt_resp r;
		struct feed_page p;

		snprintf(path, sizeof path, "/v1/cases?since=%" PRId64 "&limit=%d", since,
			 limit);
		hubt_http(h, "GET", path, token, NULL, NULL, &r);
		if (r.status != 200 || feed_parse(r.body, strlen(r.body), &p, NULL, NULL,
						  &err) < 0)
			t_fail("%s: %ld %s", path, r.status, err ? err : r.body);
		if (db_begin(db, &err) < 0 || feed_store(db, &p, &err) < 0 ||
		    db_commit(db, &err) < 0)
			t_fail("store a page: %s", err);
		since = p.next;
		more = p.more;
		feed_page_free(&p);
		hubt_resp_free(&r);
	}
	*seq = since;
	return db;
}

/* One line per row of sql, as text (a new string). */
static char *rows(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	sqlite3_stmt *st = db_prepare(db, sql, &err);
	struct buf b = {0};

	if (st == NULL)
		t_fail("%s", err);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *s = sqlite3_column_text(st, 0);

		buf_adds(&b, s ? (const char *)s : "NULL");
		buf_addc(&b, '\n');
	}
	sqlite3_finalize(st);
	return b.s ? buf_take(&b) : xstrdup("");
}

#define CASE_ROWS "SELECT id || ' ' || title FROM cases ORDER BY id"
#define PARTNER_ROWS "SELECT id || ' ' || name FROM partners ORDER BY id"

/* Check every header of a 200 and the file it brought, and that it holds the same
 * catalogue as ref. The file is written to path. Returns the file's seq. */
static int64_t check_snapshot(const struct snap_resp *s, sqlite3 *ref, const char *path)
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	char b64[64], want[96], *v, *a, *b, *err = NULL;
	sqlite3 *db = NULL;
	int64_t seq = header_int(s, "Vitrina-Seq"), n = -1;
	FILE *f;

	EVP_Digest(s->body.s, s->body.len, md, &mdlen, EVP_sha256(), NULL);
	EVP_EncodeBlock((unsigned char *)b64, md, 32);
	snprintf(want, sizeof want, "sha-256=%s", b64);
	v = hubt_header(&s->r, "Digest");
	CHECK_STR(v ? v : "", want);
	free(v);
	CHECK_INT(header_int(s, "Content-Length"), (long long)s->body.len);
	snprintf(want, sizeof want, "\"%" PRId64 "-%02x%02x%02x%02x%02x%02x%02x%02x\"", seq,
		 md[0], md[1], md[2], md[3], md[4], md[5], md[6], md[7]);
	v = hubt_header(&s->r, "ETag");
	CHECK_STR(v ? v : "", want);
	free(v);
	v = hubt_header(&s->r, "Content-Type");
	CHECK_STR(v ? v : "", "application/vnd.sqlite3");
	free(v);
	v = hubt_header(&s->r, "Cache-Control");
	CHECK_STR(v ? v : "", "no-cache");
	free(v);

	f = fopen(path, "wb");
	if (f == NULL || fwrite(s->body.s, 1, s->body.len, f) != s->body.len || fclose(f) != 0)
		t_fail("cannot write %s", path);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		t_fail("open the snapshot: %s", sqlite3_errmsg(db));
	a = rows(db, "PRAGMA user_version");
	snprintf(want, sizeof want, "%d\n", catalogue_schema.count);
	CHECK_STR(a, want);
	free(a);
	a = rows(db, "PRAGMA integrity_check");
	CHECK_STR(a, "ok\n");
	free(a);
	a = rows(db, "PRAGMA journal_mode");
	CHECK_STR(a, "delete\n");
	free(a);
	a = rows(db, "SELECT seq FROM catalogue_info");
	snprintf(want, sizeof want, "%" PRId64 "\n", seq);
	CHECK_STR(a, want);
	free(a);
	sqlite3_close(db);
	/* the search indexes' own check writes: on a copy opened for writing */
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		t_fail("open the snapshot: %s", sqlite3_errmsg(db));
	if (!CHECK(catalogue_check_index(db, &err) == 0))
		printf("  %s\n", err);
	free(err);
	a = rows(db, CASE_ROWS);
	b = rows(ref, CASE_ROWS);
	CHECK_STR(a, b);
	free(a);
	free(b);
	a = rows(db, PARTNER_ROWS);
	b = rows(ref, PARTNER_ROWS);
	CHECK_STR(a, b);
	free(a);
	free(b);
	catalogue_count(db, &n, NULL);
	sqlite3_close(db);
	return n;
}

/* Put a case the feed carries but a kiosk must skip (municipality LT-99) straight into
 * the hub's store. */
static void put_bad_case(const struct hubt *h, const char *id)
{
	char *err = NULL, now[21];
	struct store *s = store_open(h->db, &err);
	char *body = xasprintf("{\"id\":\"%s\",\"slug\":\"bad\",\"person\":\"X\","
			       "\"municipality\":\"LT-99\",\"area\":\"humanities\","
			       "\"themes\":[\"community\"],\"title\":\"Blogas\",\"summary\":\"s\","
			       "\"story\":\"s\",\"lang\":\"lt\"}", id);
	int changed = 0;

	if (s == NULL)
		t_fail("store_open: %s", err);
	now_rfc3339(now);
	if (store_begin(s, &err) < 0 ||
	    store_catalogue_put(s, 'c', id, "LT-13", body, now, &changed, &err) < 0 ||
	    store_commit(s, &err) < 0)
		t_fail("put a bad case: %s", err);
	CHECK_INT(changed, 1);
	free(body);
	store_close(s);
}

/* The number of snapshot files (snapshot-*.db) in dir. */
static int snapshot_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d != NULL && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		n += strncmp(e->d_name, "snapshot-", 9) == 0 && len > 3 &&
			strcmp(e->d_name + len - 3, ".db") == 0;
	}
	if (d != NULL)
		closedir(d);
	return n;
}

TEST(snapshot_hub_serves_the_catalogue)
{
	struct hubt h;
	struct snap_resp s, s2;
	sqlite3 *ref;
	char *kiosk, *staff, *admin, *inm, *etag, *log, id[37], dir[600], bad[37];
	int64_t seq, seq2, ncases;
	struct stat st;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	staff = hubt_token(&h, "--staff", "Ona", NULL, NULL);
	admin = hubt_token(&h, "--admin", "Root", NULL, NULL);
	sync_write_cases(t_path(0, "a.json"), 0, 30, "Kelias į amatą", 3);
	hubt_import(&h, t_path(0, "a.json"));
	sync_case_id(5, id);
	hubt_delete_case(&h, id);
	sync_case_id(999, bad);
	put_bad_case(&h, bad);
	hubt_start(&h, NULL);

	/* the first answer: being built, or already there */
	snap_get(&h, kiosk, NULL, &s);
	CHECK(s.r.status == 503 || s.r.status == 200);
	if (s.r.status == 503) {
		inm = hubt_header(&s.r, "Retry-After");
		CHECK_STR(inm ? inm : "", "5");
		free(inm);
		CHECK(strstr(s.body.s, "\"error\":\"unavailable\"") != NULL);
		CHECK(strstr(s.body.s, "\"message\"") != NULL);
	}
	snap_free(&s);
	ref = paged_catalogue(&h, kiosk, 7, &seq);
	snap_wait(&h, kiosk, seq, &s);
	CHECK_INT(header_int(&s, "Vitrina-Seq"), seq);
	ncases = check_snapshot(&s, ref, t_path(1, "got.db"));
	CHECK_INT(ncases, 29);          /* 30, one deleted; the bad one skipped */
	log = rows(ref, "SELECT id FROM cases");
	CHECK(strstr(log, id) == NULL);
	free(log);
	sqlite3_close(ref);
	log = t_read_file(h.err);
	CHECK(strstr(log, bad) != NULL && strstr(log, "left out") != NULL);
	free(log);

	/* the same snapshot again: 304 without a body */
	etag = hubt_header(&s.r, "ETag");
	inm = xasprintf("If-None-Match: %s", etag ? etag : "\"x\"");
	snap_get(&h, kiosk, inm, &s2);
	CHECK_INT(s2.r.status, 304);
	CHECK_INT(s2.body.len, 0);
	snap_free(&s2);

	/* scopes */
	snap_get(&h, admin, NULL, &s2);
	CHECK_INT(s2.r.status, 200);
	snap_free(&s2);
	snap_get(&h, staff, NULL, &s2);
	CHECK_INT(s2.r.status, 403);
	snap_free(&s2);
	snap_get(&h, NULL, NULL, &s2);
	CHECK_INT(s2.r.status, 401);
	snap_free(&s2);

	/* a new import: a later GET brings a newer snapshot with the new cases */
	sync_write_cases(t_path(0, "b.json"), 30, 5, "Naujas kelias", 0);
	hubt_import(&h, t_path(0, "b.json"));
	ref = paged_catalogue(&h, kiosk, 7, &seq2);
	CHECK(seq2 > seq);
	snap_free(&s);
	snap_wait(&h, kiosk, seq2, &s);
	CHECK_INT(header_int(&s, "Vitrina-Seq"), seq2);
	CHECK_INT(check_snapshot(&s, ref, t_path(1, "got2.db")), 34);
	sqlite3_close(ref);
	/* the old tag no longer matches */
	snap_get(&h, kiosk, inm, &s2);
	CHECK_INT(s2.r.status, 200);
	snap_free(&s2);

	/* the folder: owner only, the replaced snapshot deleted */
	snprintf(dir, sizeof dir, "%s", h.snapdir);
	CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
	CHECK_INT(snapshot_files(dir), 1);

	snap_free(&s);
	free(inm);
	free(etag);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(staff);
	free(admin);
}

TEST(snapshot_hub_empty_catalogue)
{
	struct hubt h;
	struct snap_resp s;
	sqlite3 *ref;
	char *kiosk, path[600];
	int64_t seq;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	hubt_start(&h, NULL);
	snap_wait(&h, kiosk, 0, &s);
	CHECK_INT(header_int(&s, "Vitrina-Seq"), 0);
	ref = paged_catalogue(&h, kiosk, 7, &seq);
	CHECK_INT(seq, 0);
	CHECK_INT(check_snapshot(&s, ref, t_path(1, "got.db")), 0);
	snap_free(&s);

	/* the file deleted from under the hub: made again */
	snprintf(path, sizeof path, "%s/snapshot-0.db", h.snapdir);
	CHECK(unlink(path) == 0);
	snap_wait(&h, kiosk, 0, &s);
	CHECK_INT(check_snapshot(&s, ref, t_path(1, "got2.db")), 0);
	sqlite3_close(ref);
	snap_free(&s);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
}

/* A restart takes the last snapshot up (same ETag, no rebuild); --snapshot-dir is used. */
TEST(snapshot_hub_restart_keeps_snapshot)
{
	struct hubt h;
	struct snap_resp s;
	const char *extra[] = {"--snapshot-dir", NULL, NULL};
	char *kiosk, *etag, *etag2, *log;
	struct stat st;

	extra[1] = t_path(2, "snaps");
	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	sync_write_cases(t_path(0, "a.json"), 0, 10, "Kelias", 1);
	hubt_import(&h, t_path(0, "a.json"));
	hubt_start(&h, extra);
	snap_wait(&h, kiosk, 1, &s);
	etag = hubt_header(&s.r, "ETag");
	snap_free(&s);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	CHECK(stat(t_path(2, "snaps"), &st) == 0 && S_ISDIR(st.st_mode));
	CHECK(stat(t_path(3, "hub.db.snapshots"), &st) < 0);

	hubt_start(&h, extra);
	snap_wait(&h, kiosk, 1, &s);
	etag2 = hubt_header(&s.r, "ETag");
	CHECK_STR(etag2 ? etag2 : "", etag ? etag : "?");
	log = t_read_file(h.err);
	CHECK(strstr(log, "taken up from the last run") != NULL);
	free(log);
	snap_free(&s);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(etag);
	free(etag2);
	free(kiosk);
}

/* The hub's database restored from an older backup: the snapshot left from the newer
 * one is ahead of it and is not served; a new one is built at the database's seq. */
TEST(snapshot_hub_restored_database_rebuilds)
{
	struct hubt h;
	struct snap_resp s;
	const char *extra[] = {"--snapshot-dir", NULL, NULL};
	const char *backup[] = {"backup", NULL, NULL};
	char *kiosk, *log, *wal;
	int64_t old_seq, new_seq;

	hubt_sqlite_only();
	extra[1] = t_path(2, "snaps");
	backup[1] = t_path(4, "old.db");
	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	sync_write_cases(t_path(0, "a.json"), 0, 10, "Kelias", 1);
	hubt_import(&h, t_path(0, "a.json"));
	CHECK_INT(hubt_cli(&h, backup, NULL, NULL), 0);
	hubt_start(&h, extra);
	snap_wait(&h, kiosk, 1, &s);
	old_seq = header_int(&s, "Vitrina-Seq");
	snap_free(&s);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);

	sync_write_cases(t_path(0, "b.json"), 10, 5, "Naujas", 0);
	hubt_import(&h, t_path(0, "b.json"));
	hubt_start(&h, extra);
	snap_wait(&h, kiosk, old_seq + 1, &s);
	new_seq = header_int(&s, "Vitrina-Seq");
	snap_free(&s);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	CHECK(new_seq > old_seq);

	/* the older database back in place of the newer one */
	CHECK_INT(rename(t_path(4, "old.db"), h.db), 0);
	wal = xasprintf("%s-wal", h.db);
	unlink(wal);
	free(wal);
	hubt_start(&h, extra);
	snap_wait(&h, kiosk, 1, &s);
	CHECK_INT(header_int(&s, "Vitrina-Seq"), old_seq);
	snap_free(&s);
	log = t_read_file(h.err);
	CHECK(log != NULL && strstr(log, "ahead of the database") != NULL);
	free(log);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
}

/* SIGTERM while the first build runs: a clean exit, and the next start finishes it. */
TEST(snapshot_hub_stop_during_build)
{
	struct hubt h;
	struct snap_resp s;
	sqlite3 *ref;
	char *kiosk;
	int64_t seq;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	sync_write_cases(t_path(0, "a.json"), 0, 4000, "Kelias", 5);
	hubt_import(&h, t_path(0, "a.json"));
	hubt_start(&h, NULL);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	hubt_start(&h, NULL);
	ref = paged_catalogue(&h, kiosk, 1000, &seq);
	snap_wait(&h, kiosk, seq, &s);
	CHECK_INT(check_snapshot(&s, ref, t_path(1, "got.db")), 4000);
	sqlite3_close(ref);
	snap_free(&s);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
}

/* ---- the engine alone (src/snapshot.c) ---- */

struct pages {
	const char *const *text;        /* the page after since = text[since / 2] */
	int n, calls, stop_after;
	atomic_int stop;
};

static int page_of(void *arg, int64_t since, char **text, size_t *len, char **err)
{
	struct pages *p = arg;
	int i = (int)(since / 2);

	if (i >= p->n)
		return set_error(err, "no page after %d", (int)since);
	if (++p->calls == p->stop_after) {
		/* a stop while a page is on its way */
		atomic_store(&p->stop, 1);
		return set_error(err, "cut short");
	}
	*text = xstrdup(p->text[i]);
	*len = strlen(*text);
	return 0;
}

static void count_skip(void *arg, const char *what, const char *id, const char *why)
{
	(void)what, (void)id, (void)why;
	(*(int *)arg)++;
}

static char *feed_case(int i, const char *mun)
{
	char id[37];

	sync_case_id(i, id);
	return xasprintf("{\"id\":\"%s\",\"seq\":%d,\"deleted\":false,\"slug\":\"c%d\","
			 "\"person\":\"Ona\",\"municipality\":\"%s\",\"area\":\"humanities\","
			 "\"themes\":[\"community\"],\"title\":\"Kelias %d\",\"summary\":\"s\","
			 "\"story\":\"Istorija.\",\"lang\":\"lt\"}", id, i, i, mun, i);
}

TEST(snapshot_engine_pages_stop_and_export)
{
	char *c1 = feed_case(1, "LT-13"), *c2 = feed_case(2, "LT-99"), *c3 = feed_case(3, "LT-01");
	char *c4 = feed_case(4, "LT-02"), *pg[3], *err = NULL, *a;
	struct pages p;
	struct snapshot_source src;
	struct snapshot_file f, g;
	sqlite3 *db;
	int64_t seq = -1;
	int skipped = 0, fd;

	pg[0] = xasprintf("{\"cases\":[%s,%s],\"partners\":[],\"next\":2,\"more\":true}", c1, c2);
	pg[1] = xasprintf("{\"cases\":[%s,%s],\"partners\":[],\"next\":4,\"more\":false}", c3,
			  c4);
	pg[2] = xstrdup("{\"cases\":[],\"partners\":[],\"next\":4,\"more\":false}");
	memset(&p, 0, sizeof p);
	p.text = (const char *const *)pg;
	p.n = 3;
	p.stop_after = 2;
	src.page = page_of;
	src.arg = &p;
	src.skip = count_skip;
	src.skip_arg = &skipped;
	src.stop = &p.stop;

	/* a working file that is not a database is made again */
	t_write_file(t_path(0, "work.db"), "not a database at all, not even close");
	db = snapshot_open_work(t_path(0, "work.db"), &err);
	if (db == NULL)
		t_fail("%s", err);
	/* stopped during the second page: the first stays, with its position */
	CHECK(snapshot_update(db, &src, &seq, &err) < 0);
	CHECK_STR(err ? err : "", "stopped");
	CHECK_INT(snapshot_seq(db, NULL), 2);
	atomic_store(&p.stop, 0);
	CHECK(snapshot_update(db, &src, &seq, &err) == 0);
	CHECK_INT(seq, 4);
	CHECK_INT(skipped, 1);          /* LT-99 */
	CHECK(catalogue_bulk_active(db) == 0);

	CHECK(snapshot_export(db, t_path(1, "snap.db"), NULL, &f, &err) == 0);
	CHECK_INT(f.seq, 4);
	CHECK(access(t_path(1, "snap.db.tmp"), F_OK) != 0);
	CHECK(snapshot_inspect(t_path(1, "snap.db"), &g, &err) == 0);
	CHECK_INT(g.seq, 4);
	CHECK_INT(g.size, f.size);
	CHECK(memcmp(g.sha256, f.sha256, 32) == 0);
	fd = open(t_path(1, "snap.db"), O_RDONLY);
	CHECK(snapshot_hash_fd(fd, &g, &err) == 0 && memcmp(g.sha256, f.sha256, 32) == 0);
	close(fd);
	sqlite3_close(db);
	db = NULL;
	sqlite3_open_v2(t_path(1, "snap.db"), &db, SQLITE_OPEN_READONLY, NULL);
	a = rows(db, "SELECT title FROM cases ORDER BY title");
	CHECK_STR(a, "Kelias 1\nKelias 3\nKelias 4\n");
	free(a);
	sqlite3_close(db);
	/* not a snapshot: refused */
	CHECK(snapshot_inspect(t_path(0, "work.db"), &g, &err) < 0);

	free(err);
	free(c1), free(c2), free(c3), free(c4);
	free(pg[0]), free(pg[1]), free(pg[2]);
}
