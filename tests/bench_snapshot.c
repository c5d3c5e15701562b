/* Snapshot benchmarks (make bench): a hub building the 100,000-case snapshot from
 * scratch and again after 10 changes, the file's size, and a GET of it on loopback,
 * each beside the raw limit measured in the same run (the same inserts straight into
 * SQLite, VACUUM INTO alone, the feed's JSON, reading the file from disk). */
#include <curl/curl.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "catalogue_db.h"
#include "db.h"
#include "hub_harness.h"
#include "t.h"
#include "test_sync.h"
#include "util.h"

#define PAGE 5000

/* The raw limit of a build: the cases of file parsed and stored in a catalogue file in
 * bulk, PAGE a transaction; *export_ms: VACUUM INTO of the result alone. */
static double raw_build_ms(const char *file, double *export_ms)
{
	char *err = NULL;
	sqlite3 *db = db_open(t_path(5, "raw.db"), &catalogue_schema, &err);
	sqlite3_stmt *st;
	json_t *cases;
	int64_t t0, t1;

	if (db == NULL)
		t_fail("%s", err);
	cases = sync_raw_cases(file);
	t0 = now_us_monotonic();
	if (catalogue_bulk(db, true, &err) < 0)
		t_fail("%s", err);
	sync_raw_store(db, cases, PAGE, NULL);
	if (catalogue_bulk(db, false, &err) < 0)
		t_fail("%s", err);
	t1 = now_us_monotonic();
	st = db_prepare(db, "VACUUM INTO ?1", &err);
	if (st == NULL)
		t_fail("%s", err);
	db_bind_text(st, 1, t_path(6, "raw-copy.db"));
	if (sqlite3_step(st) != SQLITE_DONE)
		t_fail("VACUUM INTO: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	*export_ms = (double)(now_us_monotonic() - t1) / 1000.0;
	json_decref(cases);
	sqlite3_close(db);
	return (double)(t1 - t0) / 1000.0;
}

/* The build time the hub logged for the snapshot at seq ("snapshot N: B bytes in M ms"),
 * waiting for the line to be there. */
static double logged_ms(const struct hubt *h, int64_t seq)
{
	char want[64], *log, *p;
	double ms = -1;

	snprintf(want, sizeof want, "snapshot %" PRId64 ": ", seq);
	if (!t_file_wait(h->err, want, 1, 10000))
		t_fail("the hub logged no build of snapshot %" PRId64, seq);
	log = t_read_file(h->err);
	p = strstr(log, want);
	p = p != NULL ? strstr(p, " bytes in ") : NULL;
	if (p != NULL)
		ms = strtod(p + strlen(" bytes in "), NULL);
	free(log);
	return ms;
}

struct got {
	long status;
	int64_t bytes, seq;
	struct buf headers;
};

static size_t count_bytes(char *p, size_t size, size_t n, void *cls)
{
	(void)p;
	((struct got *)cls)->bytes += (int64_t)(size * n);
	return size * n;
}

static size_t add_header(char *p, size_t size, size_t n, void *cls)
{
	buf_add(&((struct got *)cls)->headers, p, size * n);
	return size * n;
}

/* GET (or HEAD: head) /v1/snapshot with the body counted and dropped; *ms how long it
 * took. */
static void get_snapshot(const struct hubt *h, const char *token, int head, struct got *g,
			 double *ms)
{
	CURL *c = curl_easy_init();
	struct curl_slist *hl = NULL;
	char url[128], line[256], *seq;
	struct hubt_resp r;
	int64_t t0 = now_us_monotonic();

	memset(g, 0, sizeof *g);
	snprintf(url, sizeof url, "%s/v1/snapshot", h->url);
	snprintf(line, sizeof line, "Authorization: Bearer %s", token);
	hl = curl_slist_append(hl, line);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, count_bytes);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, g);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, add_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, g);
	curl_easy_setopt(c, CURLOPT_NOBODY, (long)head);
	if (curl_easy_perform(c) != CURLE_OK)
		t_fail("GET /v1/snapshot failed");
	*ms = (double)(now_us_monotonic() - t0) / 1000.0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &g->status);
	r.headers = g->headers.s ? g->headers.s : (char *)"";
	seq = hubt_header(&r, "Vitrina-Seq");
	g->seq = seq != NULL ? strtoll(seq, NULL, 10) : -1;
	free(seq);
	buf_free(&g->headers);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
}

/* HEAD until a 200 at seq min_seq or later (each asks for a build if behind). */
static void wait_snapshot(const struct hubt *h, const char *token, int64_t min_seq,
			  struct got *g, double *ms)
{
	int64_t deadline = now_ms_monotonic() + 600000;

	for (;;) {
		get_snapshot(h, token, 1, g, ms);
		if (g->status == 200 && g->seq >= min_seq)
			return;
		if (g->status != 200 && g->status != 503)
			t_fail("GET /v1/snapshot: %ld", g->status);
		if (now_ms_monotonic() > deadline)
			t_fail("no snapshot at %" PRId64 " in ten minutes", min_seq);
		t_sleep_ms(100);
	}
}

/* Read the whole file at path from the page cache: ms. */
static double read_ms(const char *path, int64_t *bytes)
{
	char *chunk = xmalloc(1 << 20);
	int fd = open(path, O_RDONLY);
	int64_t t0 = now_us_monotonic();
	ssize_t n;

	*bytes = 0;
	if (fd < 0)
		t_fail("%s: cannot open", path);
	while ((n = read(fd, chunk, 1 << 20)) > 0)
		*bytes += n;
	close(fd);
	free(chunk);
	return (double)(now_us_monotonic() - t0) / 1000.0;
}

static int64_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int64_t)st.st_size : -1;
}

TEST(bench_snapshot_100000)
{
	struct hubt h;
	struct got g;
	char *token, path[700];
	double ms, raw, raw_export, get_ms;
	int64_t t0, seq, bytes;
	int n = 100000;

	hubt_init(&h, "hub");
	token = hubt_token(&h, "--kiosk", SYNC_KIOSK_ID, NULL, NULL);
	sync_write_cases(t_path(4, "cases.json"), 0, n, "Kelias į amatą", 10);
	t0 = now_us_monotonic();
	hubt_import(&h, t_path(4, "cases.json"));
	printf("  (hub import of %d cases: %.0f ms)\n", n,
	       (double)(now_us_monotonic() - t0) / 1000.0);

	/* from scratch: the build the hub starts with */
	hubt_start(&h, NULL);
	wait_snapshot(&h, token, 1, &g, &get_ms);
	seq = g.seq;
	ms = logged_ms(&h, seq);
	raw = raw_build_ms(t_path(4, "cases.json"), &raw_export);
	t_bench("snapshot: build 100,000 cases", ms, "ms", raw,
		"same inserts (bulk) + VACUUM INTO");
	printf("  (of the raw figure, VACUUM INTO alone: %.0f ms)\n", raw_export);

	/* its size, beside the feed's JSON it holds */
	snprintf(path, sizeof path, "%s.snapshots/snapshot-%" PRId64 ".db", h.db, seq);
	t_bench("snapshot: file size", (double)file_size(path) / 1048576.0, "MiB",
		(double)file_size(t_path(4, "cases.json")) / 1048576.0, "the catalogue's JSON");

	/* one GET over loopback, beside reading the file */
	get_snapshot(&h, token, 0, &g, &get_ms);
	CHECK_INT(g.status, 200);
	CHECK_INT(g.bytes, file_size(path));
	raw = read_ms(path, &bytes);
	CHECK_INT(bytes, g.bytes);
	t_bench("snapshot: GET on loopback", get_ms, "ms", raw, "reading the file");
	printf("  (%.0f MiB/s)\n", (double)g.bytes / 1048576.0 / (get_ms / 1000.0));

	/* 10 changes: the next build applies them alone */
	sync_write_cases(t_path(4, "ten.json"), 0, 10, "Pakeistas kelias", 0);
	hubt_import(&h, t_path(4, "ten.json"));
	wait_snapshot(&h, token, seq + 10, &g, &get_ms);
	ms = logged_ms(&h, g.seq);
	t_bench("snapshot: rebuild after 10 changes", ms, "ms", raw_export,
		"VACUUM INTO alone");
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(token);
}
