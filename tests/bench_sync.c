/* Sync benchmarks on loopback (make bench): pulling 5,000 and 100,000 cases (through the
 * hub's snapshot, and page by page) and draining 10,000 queued requests, each beside the
 * raw limit measured in the same run (the same work straight on disk or into SQLite,
 * without HTTP). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "catalogue_db.h"
#include "db.h"
#include "hub/store.h"
#include "outbox.h"
#include "request.h"
#include "sync.h"
#include "t.h"
#include "test_sync.h"
#include "util.h"

#define PAGE 500

/* The raw limit of a pull: the same cases parsed and stored (catalogue_put_set) in
 * transactions of PAGE, the cursor with each, then the index check: what the sync
 * does, without HTTP. */
static double raw_pull_ms(const char *file, int64_t *stored)
{
	char *err = NULL;
	sqlite3 *db = db_open_kiosk(t_path(5, "raw.db"), &err);
	json_t *cases;
	int64_t t0;
	double ms;

	if (db == NULL)
		t_fail("%s", err);
	cases = sync_raw_cases(file);
	t0 = now_us_monotonic();
	sync_raw_store(db, cases, PAGE, "UPDATE sync_state SET seq = seq + 1");
	if (catalogue_check_index(db, &err) < 0)
		t_fail("index: %s", err);
	ms = (double)(now_us_monotonic() - t0) / 1000.0;
	catalogue_count(db, stored, NULL);
	json_decref(cases);
	sqlite3_close(db);
	return ms;
}

/* The raw limit of a snapshot pull: the same file copied with read and write (and
 * fsync), then its integrity check, without HTTP. */
static double raw_copy_ms(const char *file)
{
	const char *dest = t_path(5, "rawcopy.db");
	char buf[1 << 16], *err = NULL;
	int in, out;
	ssize_t r;
	int64_t t0 = now_us_monotonic();
	sqlite3 *db = NULL;
	sqlite3_stmt *st;

	in = open(file, O_RDONLY);
	out = open(dest, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (in < 0 || out < 0)
		t_fail("raw copy: %s", strerror(errno));
	while ((r = read(in, buf, sizeof buf)) > 0) {
		if (write(out, buf, (size_t)r) != r)
			t_fail("raw copy: %s", strerror(errno));
	}
	if (fsync(out) < 0)
		t_fail("raw copy: %s", strerror(errno));
	close(in);
	close(out);
	if (sqlite3_open_v2(dest, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		t_fail("raw copy: cannot open");
	st = db_prepare(db, "PRAGMA integrity_check(1)", &err);
	if (st == NULL || sqlite3_step(st) != SQLITE_ROW ||
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
		t_fail("raw copy: integrity check failed");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return (double)(now_us_monotonic() - t0) / 1000.0;
}

/* Wait for the hub's snapshot (built at its start, after the import); its size. */
static int64_t wait_snapshot(struct hubt *h, const char *token)
{
	struct hubt_resp r;
	int64_t end = now_ms_monotonic() + 600000, t0 = now_us_monotonic(), size;
	char *seq, *len;

	for (;;) {
		hubt_http(h, "GET", "/v1/snapshot", token, NULL, NULL, &r);
		seq = hubt_header(&r, "Vitrina-Seq");
		len = hubt_header(&r, "Content-Length");
		size = len != NULL ? strtoll(len, NULL, 10) : 0;
		if (r.status == 200 && seq != NULL) {
			free(seq);
			free(len);
			hubt_resp_free(&r);
			break;
		}
		free(seq);
		free(len);
		hubt_resp_free(&r);
		if (now_ms_monotonic() > end)
			t_fail("the hub built no snapshot");
		t_sleep_ms(200);
	}
	printf("  (the hub's snapshot ready %.0f ms after its start: %.1f MiB)\n",
	       (double)(now_us_monotonic() - t0) / 1000.0, (double)size / 1048576.0);
	return size;
}

/* One kiosk's first sync against h: its time in ms; the case count it got in *count. */
static double first_sync_ms(const struct hubt *h, const char *token, const char *name,
			    int64_t *count, char **out)
{
	struct sync_kiosk k;
	char *err = NULL;
	int64_t t0;
	double ms;
	sqlite3 *db;

	sync_kiosk_make(&k, name, h->url, token, NULL);
	t0 = now_us_monotonic();
	if (sync_run(&k, "--once", out, &err) != 0)
		t_fail("sync: %s", err);
	ms = (double)(now_us_monotonic() - t0) / 1000.0;
	db = sync_kiosk_open(&k);
	catalogue_count(db, count, NULL);
	sqlite3_close(db);
	free(err);
	return ms;
}

static void bench_pull(int n, const char *name)
{
	struct hubt h;
	char *token, *out = NULL, *cat, what[96];
	int64_t t0, count = 0, raw_count = 0;
	double ms, raw;
	char page[16];

	hubt_init(&h, "hub");
	token = hubt_token(&h, "--kiosk", SYNC_KIOSK_ID, NULL, NULL);
	sync_write_cases(t_path(4, "cases.json"), 0, n, "Kelias į amatą", 10);
	t0 = now_us_monotonic();
	hubt_import(&h, t_path(4, "cases.json"));
	printf("  (hub import of %d cases: %.0f ms)\n", n,
	       (double)(now_us_monotonic() - t0) / 1000.0);
	hubt_start(&h, NULL);
	snprintf(page, sizeof page, "%d", PAGE);
	setenv("VITRINA_SYNC_PAGE", page, 1);

	/* Through the snapshot: download, checks, swap. */
	wait_snapshot(&h, token);
	ms = first_sync_ms(&h, token, "kiosk", &count, &out);
	CHECK_INT(count, n);
	CHECK(out != NULL && strstr(out, "came as a snapshot") != NULL);
	free(out);
	out = NULL;
	cat = xasprintf("%s", t_path(1, "kiosk.catalogue-2.db"));
	raw = raw_copy_ms(cat);
	snprintf(what, sizeof what, "%s (snapshot)", name);
	t_bench(what, ms, "ms", raw, "the same file copied + integrity_check");
	free(cat);

	/* Page by page, as before: the old figure. */
	setenv("VITRINA_SYNC_SNAPSHOT_PAGES", "0", 1);
	ms = first_sync_ms(&h, token, "kiosk-pages", &count, NULL);
	unsetenv("VITRINA_SYNC_SNAPSHOT_PAGES");
	CHECK_INT(count, n);
	raw = raw_pull_ms(t_path(4, "cases.json"), &raw_count);
	CHECK_INT(raw_count, n);
	snprintf(what, sizeof what, "%s (page by page)", name);
	t_bench(what, ms, "ms", raw, "same inserts in SQLite");
	hubt_stop(&h, SIGTERM);
	free(token);
}

TEST(bench_sync_pull_5000)
{
	bench_pull(5000, "sync: pull 5,000 cases");
}

TEST(bench_sync_pull_100000)
{
	bench_pull(100000, "sync: pull 100,000 cases");
}

/* The raw limit of a drain at the hub: the same 10,000 requests stored through the
 * hub's storage in durable transactions of 100, without HTTP. */
static double raw_hub_ms(sqlite3 *kdb, int n)
{
	char *err = NULL, now[21];
	struct store *s = store_open(t_path(5, "rawhub.db"), &err);
	sqlite3_stmt *q = db_prepare(kdb, "SELECT body FROM outbox LIMIT ?1", &err);
	struct request_in *rows = xcalloc((size_t)n, sizeof *rows);
	struct request *reqs = xcalloc((size_t)n, sizeof *reqs);
	char **bodies = xcalloc((size_t)n, sizeof *bodies);
	int64_t t0;
	int i = 0, j;
	double ms;

	if (s == NULL || q == NULL)
		t_fail("raw hub: %s", err);
	now_rfc3339(now);
	sqlite3_bind_int(q, 1, n);
	while (i < n && sqlite3_step(q) == SQLITE_ROW) {
		json_t *jv = json_loads((const char *)sqlite3_column_text(q, 0), 0, NULL);

		if (jv == NULL || request_from_json(jv, &reqs[i], &err) < 0)
			t_fail("raw hub: %s", err ? err : "bad body");
		json_decref(jv);
		bodies[i] = request_canonical(&reqs[i]);
		rows[i].id = reqs[i].id;
		rows[i].kind = reqs[i].kind;
		rows[i].kiosk_id = reqs[i].kiosk_id;
		rows[i].created_at = reqs[i].created_at;
		rows[i].case_id = reqs[i].case_id;
		rows[i].partner_id = reqs[i].partner_id;
		rows[i].nominee_municipality = reqs[i].nominee_municipality;
		rows[i].body = bodies[i];
		i++;
	}
	sqlite3_finalize(q);
	t0 = now_us_monotonic();
	for (i = 0; i < n; i += 100) {
		if (store_begin(s, &err) < 0)
			t_fail("%s", err);
		for (j = i; j < n && j < i + 100; j++) {
			enum put_result res;

			if (store_request_put(s, &rows[j], now, &res, &err) < 0)
				t_fail("%s", err);
		}
		if (store_commit(s, &err) < 0)
			t_fail("%s", err);
	}
	ms = (double)(now_us_monotonic() - t0) / 1000.0;
	for (i = 0; i < n; i++) {
		request_free(&reqs[i]);
		free(bodies[i]);
	}
	free(reqs);
	free(bodies);
	free(rows);
	store_close(s);
	return ms;
}

TEST(bench_sync_drain_10000)
{
	static char ids[10000][37];
	struct hubt h;
	struct sync_kiosk k;
	sqlite3 *db;
	char *token, *err = NULL;
	int64_t t0;
	double ms, raw;

	db = sync_pair_make(&h, &k, 1, NULL, &token);
	sync_queue(db, 10000, ids);
	raw = raw_hub_ms(db, 10000);
	t0 = now_us_monotonic();
	if (sync_run(&k, "--once", NULL, &err) != 0)
		t_fail("sync: %s", err);
	ms = (double)(now_us_monotonic() - t0) / 1000.0;
	CHECK_INT(hubt_request_count(&h), 10000);
	CHECK_INT(sync_outbox_count(db, "body IS NOT NULL"), 0);
	t_bench("sync: drain 10,000 requests", ms, "ms", raw, "same inserts at the hub's store");
	sqlite3_close(db);
	hubt_stop(&h, SIGTERM);
	free(token);
	free(err);
}
