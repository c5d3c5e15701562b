/* The kiosk side of GET /v1/snapshot (issue 12): the catalogue in a file of its own,
 * a hub's snapshot downloaded, checked and swapped in, bad ones refused with the old
 * catalogue kept, the outbox never touched, a single-file kiosk moved over, and a
 * running TUI that shows the new catalogue without a restart. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "catalogue_db.h"
#include "db.h"
#include "hub_harness.h"
#include "kiosk_util.h"
#include "outbox.h"
#include "search.h"
#include "snapshot.h"
#include "t.h"
#include "test_sync.h"
#include "util.h"
#include "vt.h"

#define WAIT 5000
#define TITLE "Snapshoto kelias"

/* ---- feed pages and snapshot files ---- */

struct pages {
	int n;
	int64_t since[4];
	char *text[4];
};

/* A feed page (GET /v1/cases) with cases [from, from+n) titled "<title> i". */
static char *page_text(int from, int n, const char *title, int64_t next, int more)
{
	const char *path = t_path(6, "page.json");
	json_error_t je;
	json_t *j;
	char *s;

	sync_write_cases(path, from, n, title, from == 0 ? 2 : 0);
	j = json_load_file(path, 0, &je);
	if (j == NULL)
		t_fail("%s: %s", path, je.text);
	json_object_set_new(j, "next", json_integer(next));
	json_object_set_new(j, "more", json_boolean(more));
	s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return s;
}

static void pages_add(struct pages *p, int64_t since, char *text)
{
	p->since[p->n] = since;
	p->text[p->n++] = text;
}

static void pages_free(struct pages *p)
{
	int i;

	for (i = 0; i < p->n; i++)
		free(p->text[i]);
	memset(p, 0, sizeof *p);
}

/* The feed of the fake hub: 5 cases, then 1 more (seq 6). */
static void feed_six(struct pages *p)
{
	memset(p, 0, sizeof *p);
	pages_add(p, 0, page_text(0, 5, TITLE, 5, 1));
	pages_add(p, 5, page_text(5, 1, TITLE, 6, 0));
}

static const char *page_for(const struct pages *p, int64_t since)
{
	int i;

	for (i = 0; i < p->n; i++) {
		if (p->since[i] == since)
			return p->text[i];
	}
	return NULL;
}

static int page_fn(void *arg, int64_t since, char **text, size_t *len, char **err)
{
	const char *t = page_for(arg, since);

	(void)err;
	*text = t != NULL ? xstrdup(t) : xasprintf("{\"cases\":[],\"partners\":[],\"next\":%lld,"
						   "\"more\":false}", (long long)since);
	*len = strlen(*text);
	return 0;
}

/* A snapshot file at dest holding the feed p, as the hub builds one. */
static void make_snapshot(const char *dest, struct pages *p, struct snapshot_file *f)
{
	struct snapshot_source src;
	char *err = NULL, *work = xasprintf("%s.work", dest);
	sqlite3 *w = snapshot_open_work(work, &err);
	int64_t seq = 0;

	if (w == NULL)
		t_fail("snapshot_open_work: %s", err);
	memset(&src, 0, sizeof src);
	src.page = page_fn;
	src.arg = p;
	if (snapshot_update(w, &src, &seq, &err) < 0 ||
	    snapshot_export(w, dest, NULL, f, &err) < 0)
		t_fail("snapshot: %s", err);
	sqlite3_close(w);
	free(work);
}

/* Copy the snapshot at src to a new temp file of db's catalogue and swap it in. */
static void install_copy(sqlite3 *db, const char *src, int64_t seq)
{
	char *err = NULL, *tmp = db_catalogue_temp(db, &err), *data = NULL;
	size_t len = 0;
	FILE *f;

	if (tmp == NULL || read_file(src, 1 << 28, &data, &len, &err) < 0)
		t_fail("snapshot copy: %s", err);
	f = fopen(tmp, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		t_fail("cannot write %s", tmp);
	if (db_catalogue_check(tmp, seq, &err) < 0 || db_catalogue_install(db, tmp, &err) < 0)
		t_fail("install: %s", err);
	free(data);
	free(tmp);
}

/* ---- a fake hub: the feed pages, a snapshot in one of several states ---- */

enum snap_mode { SNAP_GOOD, SNAP_BAD_DIGEST, SNAP_TRUNCATED, SNAP_UNAVAILABLE };

struct fakehub {
	pid_t pid;
	char url[64];
};

static void digest_b64(const char *data, size_t len, char out[64])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	EVP_EncodeBlock((unsigned char *)out, md, (int)n);
}

static void send_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0 && (w = write(fd, p, n)) > 0) {
		p += w;
		n -= (size_t)w;
	}
}

static void send_text(int fd, const char *status, const char *type, const char *body)
{
	char *r = xasprintf("HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
			    "Connection: close\r\n\r\n%s", status, type, strlen(body), body);

	send_all(fd, r, strlen(r));
	free(r);
}

static void send_snapshot(int fd, enum snap_mode m, const char *snap, size_t len, int64_t seq)
{
	char digest[64], *head;

	if (m == SNAP_UNAVAILABLE) {
		send_text(fd, "503 Service Unavailable\r\nRetry-After: 5", "application/json",
			  "{\"error\":\"unavailable\",\"message\":\"no snapshot built yet\"}");
		return;
	}
	digest_b64(m == SNAP_BAD_DIGEST ? "not the file" : snap,
		   m == SNAP_BAD_DIGEST ? 12 : len, digest);
	head = xasprintf("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.sqlite3\r\n"
			 "Content-Length: %zu\r\nVitrina-Seq: %lld\r\nDigest: sha-256=%s\r\n"
			 "ETag: \"%lld-0123456789abcdef\"\r\nConnection: close\r\n\r\n", len,
			 (long long)seq, digest, (long long)seq);
	send_all(fd, head, strlen(head));
	send_all(fd, snap, m == SNAP_TRUNCATED ? len / 2 : len);
	free(head);
}

static void fakehub_serve(int lfd, const struct pages *p, const char *snap, size_t len,
			  int64_t seq, enum snap_mode m)
{
	for (;;) {
		char req[65536];
		long long since;
		int fd = accept(lfd, NULL, NULL);
		const char *t;

		if (fd < 0)
			continue;
		sync_fake_read(fd, req, sizeof req);
		if (sscanf(req, "GET /v1/cases?since=%lld", &since) == 1) {
			t = page_for(p, since);
			if (t != NULL) {
				send_text(fd, "200 OK", "application/json", t);
			} else {
				char *e = xasprintf("{\"cases\":[],\"partners\":[],\"next\":%lld,"
						    "\"more\":false}", since);

				send_text(fd, "200 OK", "application/json", e);
				free(e);
			}
		} else if (strncmp(req, "GET /v1/snapshot ", 17) == 0) {
			send_snapshot(fd, m, snap, len, seq);
		} else if (strncmp(req, "POST /v1/heartbeat ", 19) == 0) {
			static const char nc[] = "HTTP/1.1 204 No Content\r\n"
						 "Connection: close\r\n\r\n";

			send_all(fd, nc, strlen(nc));
		} else {
			send_text(fd, "404 Not Found", "application/json",
				  "{\"error\":\"not_found\",\"message\":\"no such thing\"}");
		}
		close(fd);
	}
}

static void fakehub_start(struct fakehub *h, const struct pages *p, const char *snap_path,
			  int64_t seq, enum snap_mode m)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	char *snap = NULL, *err = NULL;
	size_t len = 0;

	if (read_file(snap_path, 1 << 28, &snap, &len, &err) < 0)
		t_fail("%s", err);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 64) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) < 0)
		t_fail("fake hub: %s", strerror(errno));
	snprintf(h->url, sizeof h->url, "http://127.0.0.1:%d", ntohs(a.sin_port));
	fflush(NULL);
	h->pid = fork();
	if (h->pid < 0)
		t_fail("fork: %s", strerror(errno));
	if (h->pid == 0) {
		signal(SIGPIPE, SIG_IGN);
		fakehub_serve(fd, p, snap, len, seq, m);
		_exit(0);
	}
	close(fd);
	free(snap);
}

/* ---- the kiosk's files ---- */

/* What `vitrina search QUERY` prints on kiosk k (new string). */
static char *cli_search(const struct sync_kiosk *k, const char *query)
{
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"--config", (char *)k->conf,
			(char *)"search", (char *)query, NULL};
	char *out = NULL;

	if (t_run(argv, &out, NULL) != 0)
		t_fail("vitrina search %s failed", query);
	return out != NULL ? out : xstrdup("");
}

/* How many cases `vitrina search QUERY` lists on kiosk k. */
static int cli_hits(const struct sync_kiosk *k, const char *query)
{
	char *out = cli_search(k, query), *p;
	int n = 0;

	for (p = out; *p != '\0'; p++)
		n += *p == '\n';
	free(out);
	return n;
}

/* How many files in the folder of path have a name containing what. */
static int files_like(const char *path, const char *what)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	struct dirent *e;
	DIR *d;
	int n = 0;

	if (slash != NULL)
		*slash = '\0';
	d = opendir(dir);
	while (d != NULL && (e = readdir(d)) != NULL)
		n += strstr(e->d_name, what) != NULL;
	if (d != NULL)
		closedir(d);
	free(dir);
	return n;
}

/* A kiosk named name on hub url with one case of its own already in its catalogue. */
static void kiosk_with_old_case(struct sync_kiosk *k, const char *name, const char *url)
{
	char *err = NULL;
	sqlite3 *db;

	sync_kiosk_make(k, name, url, "0123456789abcdef", "default_language = en\n");
	db = sync_kiosk_open(k);
	sync_write_cases(t_path(4, "old.json"), 900, 1, "Senas atvejis", 0);
	kiosk_db_import(db, t_path(4, "old.json"));
	if (db_exec(db, "INSERT INTO meta(key, value) VALUES('seeded', 'test')", &err) < 0)
		t_fail("%s", err);
	sqlite3_close(db);
}

static int search_count(sqlite3 *db, const char *q, bool story)
{
	struct search_filter f;
	struct search_result r;
	char *err = NULL;
	int n;

	search_filter_init(&f);
	f.query = q;
	f.story = story;
	if (search_cases(db, &f, 0, 100000, false, &r, &err) != 0)
		t_fail("search %s: %s", q, err);
	n = r.n;
	search_result_free(&r);
	return n;
}

/* 1 if the len bytes at data hold the text s. */
static int holds(const char *data, size_t len, const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i + n <= len; i++) {
		if (memcmp(data + i, s, n) == 0)
			return 1;
	}
	return 0;
}

/* ---- tests ---- */

TEST(snapshot_kiosk_swaps_in_a_good_snapshot)
{
	struct pages p;
	struct snapshot_file sf;
	struct fakehub h;
	struct sync_kiosk k;
	struct sync_status st;
	char *out = NULL, *cat;

	feed_six(&p);
	make_snapshot(t_path(5, "snap.db"), &p, &sf);
	CHECK_INT(sf.seq, 6);
	fakehub_start(&h, &p, t_path(5, "snap.db"), 6, SNAP_GOOD);
	kiosk_with_old_case(&k, "kiosk", h.url);
	setenv("VITRINA_SYNC_PAGE", "5", 1);
	CHECK_INT(sync_run(&k, "--once", &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "came as a snapshot (up to change 6") != NULL);
	free(out);
	/* The hub's catalogue replaced the one before, whole. */
	CHECK_INT(cli_hits(&k, "snapshoto"), 6);
	CHECK_INT(cli_hits(&k, "senas"), 0);
	st = sync_kiosk_status(&k);
	CHECK_INT(st.seq, 6);
	CHECK_INT(st.snapshot_seq, 6);
	CHECK(st.snapshot_at > 0);
	CHECK_INT(st.cases, 6);
	CHECK_STR(st.last_error, "");
	CHECK_INT(sync_run(&k, NULL, &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "taken whole from the hub's snapshot") != NULL);
	CHECK(out != NULL && strstr(out, "6 cases, up to change 6") != NULL);
	free(out);
	/* A new generation; the one before kept a while; no temp file left. */
	cat = db_catalogue_path(k.db, 2);
	CHECK(access(cat, F_OK) == 0);
	free(cat);
	cat = db_catalogue_path(k.db, 1);
	CHECK(access(cat, F_OK) == 0);
	free(cat);
	CHECK_INT(files_like(k.db, ".catalogue-tmp-"), 0);
	t_kill(h.pid, SIGKILL, WAIT);
	pages_free(&p);
}

/* A wrong digest, a download cut short, a hub with none yet, a file over the size cap:
 * the old catalogue stays, the pages bring the changes, and no temp file is left. */
TEST(snapshot_kiosk_bad_snapshots_keep_the_catalogue)
{
	static const enum snap_mode modes[] = {SNAP_BAD_DIGEST, SNAP_TRUNCATED,
					       SNAP_UNAVAILABLE, SNAP_GOOD};
	static const char *const names[] = {"digest", "cut", "none", "big"};
	static const char *const why[] = {"Digest", "transfer closed", "503",
					  "larger than"};
	struct pages p;
	struct snapshot_file sf;
	struct fakehub h;
	struct sync_kiosk k;
	struct sync_status st;
	char *out = NULL, *cat;
	size_t i;

	feed_six(&p);
	make_snapshot(t_path(5, "snap.db"), &p, &sf);
	setenv("VITRINA_SYNC_PAGE", "5", 1);
	for (i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		fakehub_start(&h, &p, t_path(5, "snap.db"), 6, modes[i]);
		kiosk_with_old_case(&k, names[i], h.url);
		if (modes[i] == SNAP_GOOD)
			setenv("VITRINA_SYNC_SNAPSHOT_MAX", "4096", 1);
		CHECK_INT(sync_run(&k, "--once", &out, NULL), 0);
		unsetenv("VITRINA_SYNC_SNAPSHOT_MAX");
		if (!CHECK(out != NULL && strstr(out, "catalogue snapshot not used") != NULL &&
			   strstr(out, why[i]) != NULL) || getenv("VITRINA_TEST_DUMP") != NULL)
			fprintf(stderr, "  %s: %s\n", names[i], out ? out : "(none)");
		CHECK(out != NULL && strstr(out, "came as a snapshot") == NULL);
		free(out);
		/* The old catalogue with the pages on top of it. */
		CHECK_INT(cli_hits(&k, "senas"), 1);
		CHECK_INT(cli_hits(&k, "snapshoto"), 6);
		st = sync_kiosk_status(&k);
		CHECK_INT(st.seq, 6);
		CHECK_INT(st.snapshot_at, 0);
		CHECK(strstr(st.last_error, "snapshot not used") != NULL);
		cat = db_catalogue_path(k.db, 2);
		CHECK(access(cat, F_OK) != 0);
		free(cat);
		CHECK_INT(files_like(k.db, ".catalogue-tmp-"), 0);
		t_kill(h.pid, SIGKILL, WAIT);
	}
	pages_free(&p);
}

/* Requests in the outbox before a swap are all there after it, byte for byte. */
TEST(snapshot_kiosk_swap_keeps_the_outbox)
{
	static char ids[4][37];
	const char *one[] = {ids[0]};
	struct pages p;
	struct snapshot_file sf;
	char *err = NULL, *before, *after;
	sqlite3 *db = kiosk_db_open(t_path(0, "k.db")), *other;

	sync_queue(db, 4, ids);
	CHECK(outbox_mark_accepted(db, one, 1, &err) == 0);
	CHECK(outbox_mark_rejected(db, ids[1], "the hub refused it: bad field", &err) == 0);
	before = sync_outbox_dump(db);
	/* Another connection (the TUI) has the catalogue open while it is swapped. */
	other = kiosk_db_open(t_path(0, "k.db"));
	CHECK_INT(search_count(other, "", false), 0);
	feed_six(&p);
	make_snapshot(t_path(5, "snap.db"), &p, &sf);
	install_copy(db, t_path(5, "snap.db"), sf.seq);
	after = sync_outbox_dump(db);
	CHECK_STR(after, before);
	CHECK_INT(sync_outbox_count(db, "state = 'pending' AND body IS NOT NULL"), 2);
	CHECK_INT(search_count(db, "snapshoto", false), 6);
	/* The other connection switches at its next read. */
	CHECK_INT(search_count(other, "snapshoto", false), 6);
	free(after);
	after = sync_outbox_dump(other);
	CHECK_STR(after, before);
	free(before);
	free(after);
	sqlite3_close(other);
	sqlite3_close(db);
	pages_free(&p);
}

/* Against the real hub: the first sync takes the snapshot, a later change comes by
 * paging, and the requests reach the hub. */
TEST(snapshot_kiosk_first_sync_from_the_hub)
{
	static char ids[3][37];
	struct hubt h;
	struct sync_kiosk k;
	char *token, *out = NULL, *path;
	sqlite3 *db;

	db = sync_pair_make(&h, &k, 1, NULL, &token);
	sync_write_cases(t_path(4, "cases.json"), 0, 60, TITLE, 3);
	hubt_import(&h, t_path(4, "cases.json"));
	sync_wait_snapshot(&h, token);
	sync_queue(db, 3, ids);
	setenv("VITRINA_SYNC_PAGE", "10", 1);
	CHECK_INT(sync_run(&k, "--once", &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "came as a snapshot") != NULL);
	CHECK(out != NULL && strstr(out, "3 requests sent") != NULL);
	free(out);
	CHECK_INT(hubt_has_requests(&h, ids, 3), 3);
	CHECK_INT(cli_hits(&k, ""), 60);
	out = cli_search(&k, "kelias 59");
	CHECK(strstr(out, "\t" TITLE " 59\t") != NULL);
	free(out);
	CHECK_INT(cli_hits(&k, "ezero"), 60);         /* the story index came with it */
	/* A later change: by paging, no snapshot. */
	sync_write_cases(t_path(4, "more.json"), 60, 1, "Naujas atvejis", 0);
	hubt_import(&h, t_path(4, "more.json"));
	CHECK_INT(sync_run(&k, "--once", &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "snapshot") == NULL);
	free(out);
	CHECK_INT(cli_hits(&k, "naujas"), 1);
	CHECK_INT(cli_hits(&k, ""), 61);
	path = db_catalogue_path(k.db, 2);
	CHECK(access(path, F_OK) == 0);
	free(path);
	hubt_stop(&h, SIGTERM);
	free(token);
	sqlite3_close(db);
}

/* A single-file kiosk database (version 3) moves over: every outbox row as it was,
 * every case found, the story search too, and no personal data in the catalogue. */
TEST(snapshot_kiosk_migrates_a_single_file_kiosk)
{
	static char ids[5][37];
	const struct schema v3 = {"kiosk", kiosk_schema.migrations, 3};
	const char *path = t_path(0, "old.db"), *acc[] = {ids[0], ids[1]};
	char *err = NULL, *before, *after, *cat, *data = NULL, *junk;
	sqlite3 *db = db_open(path, &v3, &err);
	sqlite3_stmt *st;
	size_t len = 0;

	if (db == NULL)
		t_fail("v3: %s", err);
	sync_write_cases(t_path(4, "cases.json"), 0, 30, TITLE, 2);
	/* today's writer stores qa and inspired: a v3 file with them, then without */
	CHECK(db_exec(db, "ALTER TABLE cases ADD COLUMN qa TEXT NOT NULL DEFAULT '[]';"
		      "ALTER TABLE cases ADD COLUMN inspired INTEGER NOT NULL DEFAULT 0;"
		      "ALTER TABLE cases ADD COLUMN inspired_90d INTEGER NOT NULL DEFAULT 0",
		      &err) == 0);
	kiosk_db_import(db, t_path(4, "cases.json"));
	CHECK(db_exec(db, "ALTER TABLE cases DROP COLUMN qa;"
		      "ALTER TABLE cases DROP COLUMN inspired;"
		      "ALTER TABLE cases DROP COLUMN inspired_90d", &err) == 0);
	sync_queue(db, 5, ids);
	CHECK(outbox_mark_accepted(db, acc, 2, &err) == 0);
	CHECK(outbox_mark_rejected(db, ids[2], "the hub refused it", &err) == 0);
	CHECK(db_exec(db, "UPDATE sync_state SET seq = 77, pushed = 2", &err) == 0);
	before = sync_outbox_dump(db);
	sqlite3_close(db);
	/* What a move cut short by a power cut leaves (the file renamed, main not yet
	 * changed): done again from the start. */
	cat = db_catalogue_path(path, 1);
	t_write_file(cat, "half a catalogue");
	junk = xasprintf("%s-wal", cat);
	t_write_file(junk, "stale");
	free(junk);
	free(cat);

	db = kiosk_db_open(path);
	st = db_prepare(db, "PRAGMA main.user_version", NULL);
	CHECK(st != NULL && sqlite3_step(st) == SQLITE_ROW &&
	      sqlite3_column_int(st, 0) == kiosk_schema.count);
	sqlite3_finalize(st);
	after = sync_outbox_dump(db);
	CHECK_STR(after, before);
	free(after);
	CHECK_INT(search_count(db, "", false), 30);
	CHECK(search_count(db, "snapshoto kelias 17", false) >= 1);
	CHECK_INT(search_count(db, "senas", false), 0);
	CHECK_INT(search_count(db, "ezero", true), 30);
	CHECK(catalogue_check_index(db, &err) == 0);
	/* the feed position moved over (77), then back to the start: a kiosk older than
	 * guides skipped them in the feed and reads it again (catalogue migration c3) */
	st = db_prepare(db, "SELECT seq FROM catalogue_info", NULL);
	CHECK(st != NULL && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0);
	sqlite3_finalize(st);
	/* main holds no catalogue now, and the catalogue file no outbox. */
	st = db_prepare(db, "SELECT count(*) FROM main.sqlite_schema WHERE name = 'cases'"
			" OR name LIKE '%fts%'", NULL);
	CHECK(st != NULL && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0);
	sqlite3_finalize(st);
	st = db_prepare(db, "SELECT count(*) FROM catalogue.sqlite_schema WHERE name IN"
			" ('outbox', 'sync_state', 'meta')", NULL);
	CHECK(st != NULL && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	cat = db_catalogue_path(path, 1);
	if (read_file(cat, 1 << 28, &data, &len, &err) < 0)
		t_fail("%s", err);
	CHECK(!holds(data, len, "@example.lt"));
	CHECK(!holds(data, len, "talkas kaime"));
	free(data);
	free(cat);
	/* Opened again: nothing moves twice. */
	db = kiosk_db_open(path);
	after = sync_outbox_dump(db);
	CHECK_STR(after, before);
	CHECK_INT(search_count(db, "", false), 30);
	free(after);
	free(before);
	sqlite3_close(db);
}

/* A running kiosk screen shows a case that came in a swapped catalogue, no restart. */
TEST(snapshot_kiosk_tui_shows_a_swapped_case)
{
	struct pages p;
	struct snapshot_file sf;
	struct sync_kiosk k;
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"--config", NULL, NULL};
	char *err = NULL;
	sqlite3 *db;

	sync_kiosk_make(&k, "kiosk", "http://127.0.0.1:9", "0123456789abcdef",
			"default_language = en\nlanguages = en lt\n");
	db = sync_kiosk_open(&k);
	sync_write_cases(t_path(4, "old.json"), 900, 3, "Senas atvejis", 0);
	kiosk_db_import(db, t_path(4, "old.json"));
	if (db_exec(db, "INSERT INTO meta(key, value) VALUES('seeded', 'test')", &err) < 0)
		t_fail("%s", err);
	argv[2] = k.conf;
	vt_start(argv, 24, 80);
	if (!vt_wait_text("Press any key or touch the screen to start", WAIT)) {
		vt_dump();
		t_fail("the kiosk screen did not start");
	}
	vt_wait_quiet(30, WAIT);
	vt_send(" ");
	CHECK(vt_wait_text("What would you like to explore?", WAIT));
	vt_wait_quiet(30, WAIT);
	vt_send("senas");
	CHECK(vt_wait_text("Senas atvejis 900", WAIT));
	vt_wait_quiet(30, WAIT);
	vt_send(VT_ESC);
	CHECK(vt_wait_text("What would you like to explore?", WAIT));
	vt_wait_quiet(30, WAIT);

	feed_six(&p);
	make_snapshot(t_path(5, "snap.db"), &p, &sf);
	install_copy(db, t_path(5, "snap.db"), sf.seq);
	vt_send("snapshoto");
	if (!CHECK(vt_wait_text(TITLE " 3", WAIT)))
		vt_dump();
	vt_kill(SIGTERM);
	CHECK_INT(vt_wait_exit(WAIT), 0);
	vt_close();
	sqlite3_close(db);
	pages_free(&p);
}

/* A catalogue file that is gone (or not a catalogue) does not stop the kiosk: it starts
 * an empty one under a new name, the outbox untouched, and the sync fills it again. */
TEST(snapshot_kiosk_lost_catalogue_file_starts_empty)
{
	static char ids[2][37];
	const char *path = t_path(0, "k.db");
	char *cat, *before, *after;
	sqlite3 *db = kiosk_db_open(path);

	sync_write_cases(t_path(4, "old.json"), 900, 3, "Senas atvejis", 0);
	kiosk_db_import(db, t_path(4, "old.json"));
	sync_queue(db, 2, ids);
	before = sync_outbox_dump(db);
	sqlite3_close(db);
	cat = db_catalogue_path(path, 1);
	CHECK(unlink(cat) == 0);
	free(cat);
	db = kiosk_db_open(path);
	CHECK_INT(search_count(db, "", false), 0);
	after = sync_outbox_dump(db);
	CHECK_STR(after, before);
	free(after);
	sqlite3_close(db);
	cat = db_catalogue_path(path, 2);
	t_write_file(cat, "not a database at all, just text that is long enough to be read");
	free(cat);
	db = kiosk_db_open(path);
	CHECK_INT(search_count(db, "", false), 0);
	cat = db_catalogue_path(path, 3);
	CHECK(access(cat, F_OK) == 0);
	free(cat);
	after = sync_outbox_dump(db);
	CHECK_STR(after, before);
	free(after);
	free(before);
	sqlite3_close(db);
}
