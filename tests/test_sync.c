/* Sync against a real vitrina-hub on 127.0.0.1 (and a fake responder for what a real
 * hub does not do on demand: 500, 429, silence, a proxy). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "catalogue_db.h"
#include "db.h"
#include "hub/store.h"
#include "outbox.h"
#include "search.h"
#include "sync.h"
#include "t.h"
#include "test_sync.h"
#include "util.h"

#define JSON_TYPE "Content-Type: application/json\r\n"

/* Every id at the hub exactly once, and no personal data left on the kiosk. */
static void check_delivered(const struct hubt *h, sqlite3 *db, char (*ids)[37], int n)
{
	CHECK_INT(hubt_request_count(h), n);
	CHECK_INT(hubt_has_requests(h, ids, n), n);
	CHECK_INT(sync_outbox_count(db, "state = 'pending'"), 0);
	CHECK_INT(sync_outbox_count(db, "body IS NOT NULL"), 0);
	CHECK_INT(sync_outbox_count(db, "state = 'sent'"), n);
}

TEST(sync_backoff_bounds)
{
	int f, k;
	int64_t w, want;

	for (f = 1; f <= 14; f++) {
		want = 1000LL << (f - 1 < 10 ? f - 1 : 10);
		if (want > 300000)
			want = 300000;
		for (k = 0; k < 50; k++) {
			w = sync_backoff_ms(f, 1000, 300000);
			if (!CHECK(w >= want / 2 && w <= want))
				fprintf(stderr, "  failures %d: wait %lld\n", f, (long long)w);
		}
	}
	CHECK(sync_backoff_ms(100, 1000, 300000) <= 300000);
	CHECK(sync_backoff_ms(1, 1, 1) >= 1);
}

TEST(sync_status_of_a_new_kiosk)
{
	char *err = NULL;
	sqlite3 *db = db_open_kiosk(":memory:", &err);
	struct sync_status st;

	if (!CHECK(db != NULL))
		t_fail("%s", err);
	CHECK(sync_status_read(db, &st, &err) == 0);
	CHECK(st.authorised);
	CHECK_INT(st.seq, 0);
	CHECK_INT(st.last_success, 0);
	CHECK_INT(st.outbox_depth, 0);
	CHECK_STR(st.last_error, "");
	CHECK(sync_request_now(db, &err) == 0);
	sqlite3_close(db);
}

TEST(sync_no_hub_configured)
{
	char *err = NULL, bin[1024];
	const char *conf = t_path(0, "k.conf");
	char *argv[] = {bin, (char *)"--config", (char *)conf, (char *)"sync", (char *)"--once",
			NULL};

	snprintf(bin, sizeof bin, "%s", t_bin("vitrina"));
	t_write_file(conf, "db = :memory:\n");
	CHECK_INT(t_run(argv, NULL, &err), 1);
	CHECK(err != NULL && strstr(err, "no hub_url") != NULL);
	free(err);
	/* A token file that is not there: a plain error, nothing sent. */
	t_write_file(conf, "db = :memory:\nhub_url = http://127.0.0.1:9\n"
		     "token_file = /nonexistent/token\n");
	err = NULL;
	CHECK_INT(t_run(argv, NULL, &err), 1);
	CHECK(err != NULL && strstr(err, "/nonexistent/token") != NULL);
	free(err);
	argv[4] = (char *)"--bogus";
	t_write_file(conf, "db = :memory:\nhub_url = http://127.0.0.1:9\n");
	CHECK_INT(t_run(argv, NULL, NULL), 2);
}

/* 500 requests queued while the hub is down; it starts; one sync later it holds
 * exactly those 500 and the kiosk none of their personal data. */
TEST(sync_push_500_after_the_hub_starts)
{
	static char ids[500][37];
	struct hubt h;
	struct sync_kiosk k;
	struct sync_status st;
	sqlite3 *db;
	char *token, *out = NULL, *err = NULL;

	db = sync_pair_make(&h, &k, 0, NULL, &token);
	sync_queue(db, 500, ids);

	/* Hub down: the attempt fails, nothing is lost. */
	CHECK_INT(sync_run(&k, "--once", NULL, &err), 1);
	CHECK(err != NULL && strstr(err, "cannot reach the hub") != NULL);
	free(err);
	CHECK_INT(sync_outbox_count(db, "state = 'pending' AND body IS NOT NULL"), 500);
	st = sync_kiosk_status(&k);
	CHECK_INT(st.failures, 1);
	CHECK_INT(st.outbox_depth, 500);
	CHECK(strstr(st.last_error, "cannot reach the hub") != NULL);

	hubt_start(&h, NULL);
	CHECK_INT(sync_run(&k, "--once", &out, &err), 0);
	CHECK(out != NULL && strstr(out, "500 requests sent") != NULL);
	check_delivered(&h, db, ids, 500);
	st = sync_kiosk_status(&k);
	CHECK_INT(st.failures, 0);
	CHECK_INT(st.outbox_depth, 0);
	CHECK_INT(st.pushed, 500);
	CHECK(st.last_success > 0);
	free(out);
	free(err);

	/* `vitrina status` says it in plain words. */
	out = NULL;
	CHECK_INT(sync_run(&k, NULL, &out, NULL), 0);
	CHECK(out != NULL && strstr(out, SYNC_KIOSK_ID) != NULL);
	/* In the config's language (lt, the default): "Authorised: yes", "every request
	 * has reached the hub". */
	CHECK(out != NULL && strstr(out, "Leidimas:") != NULL && strstr(out, " taip\n") != NULL);
	CHECK(out != NULL && strstr(out, "visos pasiekė centrą") != NULL);
	free(out);
	sqlite3_close(db);
	hubt_stop(&h, SIGTERM);
	free(token);
}

/* The sync dies after the hub's commit and before the kiosk records it: the next sync
 * sends the batch again and the hub still holds one copy of each. */
TEST(sync_crash_between_hub_commit_and_kiosk_delete)
{
	static char ids[250][37];
	struct hubt h;
	struct sync_kiosk k;
	sqlite3 *db;
	char *token;

	db = sync_pair_make(&h, &k, 1, NULL, &token);
	sync_queue(db, 250, ids);

	setenv("VITRINA_SYNC_DIE_AFTER_PUSH", "1", 1);
	CHECK_INT(sync_run(&k, "--once", NULL, NULL), 99);
	unsetenv("VITRINA_SYNC_DIE_AFTER_PUSH");
	CHECK_INT(hubt_request_count(&h), 100);
	CHECK_INT(sync_outbox_count(db, "state = 'pending' AND body IS NOT NULL"), 250);

	CHECK_INT(sync_run(&k, "--once", NULL, NULL), 0);
	check_delivered(&h, db, ids, 250);
	sqlite3_close(db);
	hubt_stop(&h, SIGTERM);
	free(token);
}

/* SIGKILL at random moments of a drain, again and again; then one clean sync. */
TEST(sync_sigkill_at_random_moments)
{
	static char ids[600][37];
	struct hubt h;
	struct sync_kiosk k;
	sqlite3 *db;
	char *token;
	unsigned seed;
	int i;
	pid_t pid;

	random_bytes(&seed, sizeof seed);
	db = sync_pair_make(&h, &k, 1, NULL, &token);
	sync_queue(db, 600, ids);
	for (i = 0; i < 5; i++) {
		int64_t before = hubt_request_count(&h), end = sync_now_ms() + 10000;

		/* Once it is pushing (the hub's count moves), kill it a moment later. */
		pid = sync_spawn_daemon(&k, t_path(3, "daemon.log"));
		while (hubt_request_count(&h) == before && before < 600 &&
		       sync_now_ms() < end)
			t_sleep_ms(1);
		t_sleep_ms((int)(rand_r(&seed) % 30));
		t_kill(pid, SIGKILL, 5000);
		fprintf(stderr, "  (killed with %lld of 600 at the hub)\n",
			(long long)hubt_request_count(&h));
	}
	CHECK_INT(sync_run(&k, "--once", NULL, NULL), 0);
	check_delivered(&h, db, ids, 600);
	sqlite3_close(db);
	hubt_stop(&h, SIGTERM);
	free(token);
}

/* Hub down: the daemon keeps trying, each wait at least as long as the one before,
 * within [w/2, w] of the doubling schedule; nothing is lost; when the hub comes up
 * the outbox drains; SIGTERM ends the daemon with status 0. */
TEST(sync_hub_down_backoff_grows_then_drains)
{
	static char ids[120][37];
	struct hubt h;
	struct sync_kiosk k;
	struct sync_status st;
	sqlite3 *db;
	char *token;
	int64_t waits[8] = {0}, end;
	int f;
	pid_t pid;

	db = sync_pair_make(&h, &k, 0, NULL, &token);
	sync_queue(db, 120, ids);
	setenv("VITRINA_SYNC_BACKOFF_MS", "40", 1);
	setenv("VITRINA_SYNC_BACKOFF_MAX_MS", "1280", 1);
	pid = sync_spawn_daemon(&k, t_path(3, "daemon.log"));
	end = sync_now_ms() + 20000;
	do {
		t_sleep_ms(2);
		st = sync_kiosk_status(&k);
		if (st.failures >= 1 && st.failures < 8 && waits[st.failures] == 0)
			waits[st.failures] = st.wait_ms;
	} while (st.failures < 6 && sync_now_ms() < end);
	CHECK(st.failures >= 6);
	for (f = 1; f < 6; f++) {
		int64_t full = 40LL << (f - 1);

		if (full > 1280)
			full = 1280;
		if (waits[f] == 0)
			continue;       /* two failures between two looks: not seen */
		if (!CHECK(waits[f] >= full / 2 && waits[f] <= full))
			fprintf(stderr, "  failure %d: wait %lld\n", f, (long long)waits[f]);
		/* Below the cap, the next wait is never shorter (jitter stays in [w/2, w]). */
		if (waits[f + 1] != 0 && f + 1 <= 6)
			CHECK(waits[f + 1] >= waits[f]);
	}
	CHECK_INT(sync_outbox_count(db, "state = 'pending' AND body IS NOT NULL"), 120);

	hubt_start(&h, NULL);
	end = sync_now_ms() + 20000;
	while (sync_outbox_count(db, "state = 'pending'") > 0 && sync_now_ms() < end)
		t_sleep_ms(10);
	check_delivered(&h, db, ids, 120);
	st = sync_kiosk_status(&k);
	CHECK(st.daemon_pid == pid);
	CHECK_INT(t_kill(pid, SIGTERM, 10000), 0);
	st = sync_kiosk_status(&k);
	CHECK_INT(st.daemon_pid, 0);
	sqlite3_close(db);
	hubt_stop(&h, SIGTERM);
	free(token);
}

/* The hub answers 500: retried later, with growing gaps; nothing is lost. */
TEST(sync_hub_500_is_retried_later)
{
	static char ids[10][37];
	struct sync_fake f;
	struct sync_kiosk k;
	struct sync_status st;
	sqlite3 *db;
	char url[64], *err = NULL, *resp;
	int64_t t[16], end;
	int n;
	pid_t pid;

	resp = sync_fake_response("500 Internal Server Error", JSON_TYPE,
				  "{\"error\":\"internal\",\"message\":\"disk broke\"}");
	sync_fake_start(&f, "fake", resp);
	free(resp);
	snprintf(url, sizeof url, "http://127.0.0.1:%d", f.port);
	sync_kiosk_make(&k, "kiosk", url, "0123456789abcdef", NULL);
	db = sync_kiosk_open(&k);
	sync_queue(db, 10, ids);

	CHECK_INT(sync_run(&k, "--once", NULL, &err), 1);
	CHECK(err != NULL && strstr(err, "500") != NULL);
	free(err);
	st = sync_kiosk_status(&k);
	CHECK_INT(st.failures, 1);
	CHECK(strstr(st.last_error, "500") != NULL);
	CHECK(strstr(st.last_error, "disk broke") != NULL);
	CHECK(st.next_attempt >= st.last_attempt);
	CHECK_INT(sync_outbox_count(db, "state = 'pending' AND body IS NOT NULL"
				    " AND attempts = 1"), 10);

	setenv("VITRINA_SYNC_BACKOFF_MS", "30", 1);
	pid = sync_spawn_daemon(&k, t_path(3, "daemon.log"));
	end = sync_now_ms() + 20000;
	while (sync_fake_hits(&f, NULL, 0) < 7 && sync_now_ms() < end)
		t_sleep_ms(10);
	CHECK_INT(t_kill(pid, SIGTERM, 10000), 0);
	n = sync_fake_hits(&f, t, 16);
	CHECK(n >= 7);
	/* hit 0 was the --once run; the daemon's start with hit 1. Its failures 2, 3, ...
	 * wait [15,30], [30,60], [60,120], [120,240], [240,480] ms. */
	if (n >= 7)
		CHECK(t[6] - t[5] >= 2 * (t[3] - t[2]));
	CHECK_INT(sync_outbox_count(db, "state = 'pending' AND body IS NOT NULL"), 10);
	sqlite3_close(db);
}

/* 429 with Retry-After: the next attempt waits at least that long. */
TEST(sync_hub_429_honours_retry_after)
{
	static char ids[3][37];
	struct sync_fake f;
	struct sync_kiosk k;
	struct sync_status st;
	sqlite3 *db;
	char url[64], *resp;

	resp = sync_fake_response("429 Too Many Requests", "Retry-After: 37\r\n", "");
	sync_fake_start(&f, "fake", resp);
	free(resp);
	snprintf(url, sizeof url, "http://127.0.0.1:%d", f.port);
	sync_kiosk_make(&k, "kiosk", url, "0123456789abcdef", NULL);
	db = sync_kiosk_open(&k);
	sync_queue(db, 3, ids);
	CHECK_INT(sync_run(&k, "--once", NULL, NULL), 1);
	st = sync_kiosk_status(&k);
	CHECK(st.wait_ms >= 37000);
	CHECK(st.next_attempt >= st.last_attempt + 37);
	CHECK(strstr(st.last_error, "429") != NULL);
	CHECK_INT(sync_outbox_count(db, "state = 'pending' AND body IS NOT NULL"), 3);
	sqlite3_close(db);
}

/* 401: "not authorised", and no more asking with the same token; a new token is
 * tried at once. */
TEST(sync_refused_token_waits_for_a_new_one)
{
	static char ids[2][37];
	struct sync_fake f;
	struct sync_kiosk k;
	struct sync_status st;
	sqlite3 *db;
	char url[64], *out = NULL, *resp;

	resp = sync_fake_response("401 Unauthorized", JSON_TYPE,
				  "{\"error\":\"unauthorized\",\"message\":\"no\"}");
	sync_fake_start(&f, "fake", resp);
	free(resp);
	snprintf(url, sizeof url, "http://127.0.0.1:%d", f.port);
	sync_kiosk_make(&k, "kiosk", url, "0123456789abcdef\n", NULL);
	db = sync_kiosk_open(&k);
	sync_queue(db, 2, ids);
	CHECK_INT(sync_run(&k, "--once", NULL, NULL), 1);
	CHECK_INT(sync_fake_hits(&f, NULL, 0), 1);
	st = sync_kiosk_status(&k);
	CHECK(!st.authorised);
	CHECK(strstr(st.last_error, "kiosk not authorised") != NULL);
	CHECK(strstr(st.last_error, "0123456789abcdef") == NULL);

	CHECK_INT(sync_run(&k, "--once", NULL, NULL), 1);
	CHECK_INT(sync_fake_hits(&f, NULL, 0), 1);
	CHECK_INT(sync_run(&k, NULL, &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "not authorised") != NULL);
	free(out);

	hubt_write_token(k.token_file, "fedcba9876543210\n");
	CHECK_INT(sync_run(&k, "--once", NULL, NULL), 1);
	CHECK_INT(sync_fake_hits(&f, NULL, 0), 2);
	CHECK_INT(sync_outbox_count(db, "state = 'pending' AND body IS NOT NULL"), 2);
	sqlite3_close(db);
}

/* The same against the real hub: a wrong token, then the right one. */
TEST(sync_wrong_token_at_the_real_hub)
{
	static char ids[5][37];
	struct hubt h;
	struct sync_kiosk k;
	struct sync_status st;
	sqlite3 *db;
	char *token, *log = NULL;
	size_t len;

	hubt_init(&h, "hub");
	token = hubt_token(&h, "--kiosk", SYNC_KIOSK_ID, NULL, NULL);
	hubt_start(&h, NULL);
	sync_kiosk_make(&k, "kiosk", h.url, "aaaabbbbccccddddeeeeffff00001111"
			"22223333444455556666777788889999", NULL);
	db = sync_kiosk_open(&k);
	sync_queue(db, 5, ids);
	CHECK_INT(sync_run(&k, "--once", NULL, NULL), 1);
	st = sync_kiosk_status(&k);
	CHECK(!st.authorised);
	CHECK(strstr(st.last_error, "kiosk not authorised") != NULL);
	CHECK_INT(hubt_request_count(&h), 0);

	hubt_write_token(k.token_file, token);
	CHECK_INT(sync_run(&k, "--once", NULL, NULL), 0);
	st = sync_kiosk_status(&k);
	CHECK(st.authorised);
	check_delivered(&h, db, ids, 5);
	/* The token never reaches a log. */
	if (read_file(h.err, 1 << 22, &log, &len, NULL) == 0)
		CHECK(strstr(log, token) == NULL);
	free(log);
	sqlite3_close(db);
	hubt_stop(&h, SIGTERM);
	free(token);
}

/* ---- pull ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The kiosk's catalogue equals the hub's live cases: every id, title and municipality
 * (through `vitrina search ''`, one line per case), every field of the cases whose
 * title starts with `changed` and of every 50th other one, the count, the cursor and
 * the search index. */
static void check_same_catalogue(const struct hubt *h, const struct sync_kiosk *k,
				 sqlite3 *db, const char *changed)
{
	struct store *s;
	struct catalogue_change *ch = NULL;
	char *err = NULL, *out = NULL, bin[1024], *line, **hub_lines, **kiosk_lines;
	char *argv[] = {bin, (char *)"--db", (char *)k->db, (char *)"search", (char *)"", NULL};
	int n = 0, more = 0, i, live = 0, wrong = 0, nk = 0;
	int64_t count = -1, last_seq = 0;
	struct sync_status st;

	s = store_open(h->db, &err);
	if (s == NULL)
		t_fail("store_open: %s", err);
	if (store_catalogue_changes(s, 0, 1000000, &ch, &n, &more, &err) < 0)
		t_fail("store_catalogue_changes: %s", err);
	hub_lines = xcalloc((size_t)n + 1, sizeof *hub_lines);
	for (i = 0; i < n; i++) {
		struct career hubc, kc;
		json_t *j, *a, *b;

		if (ch[i].seq > last_seq)
			last_seq = ch[i].seq;
		if (ch[i].kind != 'c' || ch[i].deleted)
			continue;
		memset(&hubc, 0, sizeof hubc);
		j = json_loads(ch[i].body, 0, NULL);
		if (j == NULL || career_from_json(j, &hubc, &err) < 0)
			t_fail("the hub's case %s: %s", ch[i].id, err ? err : "not JSON");
		json_decref(j);
		hub_lines[live++] = xasprintf("%s\t%s\t%s", hubc.id, hubc.text.title,
					      hubc.municipality);
		if (strncmp(hubc.text.title, changed, strlen(changed)) == 0 || live % 50 == 0) {
			memset(&kc, 0, sizeof kc);
			if (catalogue_get_case(db, hubc.id, &kc, &err) != 1) {
				wrong++;
			} else {
				a = career_to_json(&hubc);
				b = career_to_json(&kc);
				json_object_del(a, "seq");
				json_object_del(b, "seq");
				if (!json_equal(a, b)) {
					if (wrong == 0)
						fprintf(stderr, "  case %s differs\n", hubc.id);
					wrong++;
				}
				json_decref(a);
				json_decref(b);
				career_free(&kc);
			}
		}
		career_free(&hubc);
	}
	CHECK_INT(wrong, 0);

	snprintf(bin, sizeof bin, "%s", t_bin("vitrina"));
	if (t_run(argv, &out, &err) != 0)
		t_fail("vitrina search: %s", err);
	kiosk_lines = xcalloc(strlen(out) / 40 + 1, sizeof *kiosk_lines);
	for (line = out; *line != '\0'; nk++) {
		char *nl = strchr(line, '\n');

		if (nl != NULL)
			*nl = '\0';
		kiosk_lines[nk] = line;
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	CHECK_INT(nk, live);
	qsort(hub_lines, (size_t)live, sizeof *hub_lines, cmp_str);
	qsort(kiosk_lines, (size_t)nk, sizeof *kiosk_lines, cmp_str);
	for (i = 0, wrong = 0; i < live && i < nk; i++) {
		if (strcmp(hub_lines[i], kiosk_lines[i]) != 0 && wrong++ == 0)
			fprintf(stderr, "  hub: %s\n  kiosk: %s\n", hub_lines[i], kiosk_lines[i]);
	}
	CHECK_INT(wrong, 0);
	CHECK(catalogue_count(db, &count, &err) == 0);
	CHECK_INT(count, live);
	CHECK(catalogue_check_index(db, &err) == 0);
	CHECK(sync_status_read(db, &st, &err) == 0);
	CHECK_INT(st.seq, last_seq);
	for (i = 0; i < live; i++)
		free(hub_lines[i]);
	free(hub_lines);
	free(kiosk_lines);
	free(out);
	store_changes_list_free(ch, n);
	store_close(s);
}

static int search_count(sqlite3 *db, const char *q)
{
	struct search_filter f;
	struct search_result r;
	char *err = NULL;
	int n;

	search_filter_init(&f);
	f.query = q;
	if (search_cases(db, &f, 0, 1000, true, &r, &err) < 0)
		t_fail("search_cases: %s", err);
	n = r.total >= 0 ? r.total : r.n;
	search_result_free(&r);
	return n;
}

TEST(sync_pull_5000_then_changes_and_deletions)
{
	struct hubt h;
	struct sync_kiosk k;
	sqlite3 *db;
	char *token, *out = NULL, id[37];
	struct career c;
	int i;

	hubt_init(&h, "hub");
	token = hubt_token(&h, "--kiosk", SYNC_KIOSK_ID, NULL, NULL);
	sync_write_cases(t_path(4, "cases.json"), 0, 5000, "Kelias į amatą", 4);
	hubt_import(&h, t_path(4, "cases.json"));
	hubt_start(&h, NULL);
	sync_kiosk_make(&k, "kiosk", h.url, token, NULL);
	setenv("VITRINA_SYNC_PAGE", "700", 1);
	CHECK_INT(sync_run(&k, "--once", &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "5004 catalogue changes") != NULL);
	free(out);
	db = sync_kiosk_open(&k);
	check_same_catalogue(&h, &k, db, "Žuvėdra");
	CHECK_INT(search_count(db, "zuvedra"), 0);

	/* 50 changes and 5 deletions at the hub. */
	sync_write_cases(t_path(4, "changes.json"), 100, 50, "Žuvėdra virš marių", 0);
	hubt_import(&h, t_path(4, "changes.json"));
	for (i = 4000; i < 4005; i++) {
		sync_case_id(i, id);
		hubt_delete_case(&h, id);
	}
	out = NULL;
	CHECK_INT(sync_run(&k, "--once", &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "55 catalogue changes") != NULL);
	free(out);
	check_same_catalogue(&h, &k, db, "Žuvėdra");
	CHECK_INT(search_count(db, "zuvedra"), 50);
	CHECK_INT(search_count(db, "žuvėdra mariu"), 50);
	sync_case_id(4002, id);
	memset(&c, 0, sizeof c);
	CHECK_INT(catalogue_get_case(db, id, &c, NULL), 0);
	sync_case_id(120, id);
	if (CHECK_INT(catalogue_get_case(db, id, &c, NULL), 1)) {
		CHECK_STR(c.text.title, "Žuvėdra virš marių 120");
		career_free(&c);
	}

	/* Nothing new: one empty page. */
	out = NULL;
	CHECK_INT(sync_run(&k, "--once", &out, NULL), 0);
	CHECK(out != NULL && strstr(out, " 0 catalogue changes") != NULL);
	free(out);
	sqlite3_close(db);
	hubt_stop(&h, SIGTERM);
	free(token);
}

/* ---- the network misbehaving ---- */

/* A hub that accepts the connection and never answers: the sync gives up in time. */
TEST(sync_silent_hub_times_out)
{
	static char ids[3][37];
	struct sync_fake f;
	struct sync_kiosk k;
	struct sync_status st;
	sqlite3 *db;
	char url[64], *err = NULL;
	int64_t t0;

	sync_fake_start(&f, "fake", NULL);
	snprintf(url, sizeof url, "http://127.0.0.1:%d", f.port);
	sync_kiosk_make(&k, "kiosk", url, "0123456789abcdef", NULL);
	db = sync_kiosk_open(&k);
	sync_queue(db, 3, ids);
	setenv("VITRINA_SYNC_TIMEOUT_MS", "1500", 1);
	setenv("VITRINA_SYNC_LOW_SPEED_S", "1", 1);
	t0 = sync_now_ms();
	CHECK_INT(sync_run(&k, "--once", NULL, &err), 1);
	CHECK(sync_now_ms() - t0 < 10000);
	CHECK(err != NULL && strstr(err, "did not answer in time") != NULL);
	free(err);
	st = sync_kiosk_status(&k);
	CHECK(strstr(st.last_error, "did not answer in time") != NULL);
	CHECK_INT(sync_outbox_count(db, "state = 'pending' AND body IS NOT NULL"), 3);
	sqlite3_close(db);
}

/* The config's proxy is used: an https hub is reached through a CONNECT tunnel. */
TEST(sync_goes_through_the_proxy)
{
	struct sync_fake f;
	struct sync_kiosk k;
	char extra[96], *log, *resp;

	resp = sync_fake_response("200 Connection established", NULL, "");
	sync_fake_start(&f, "proxy", resp);
	free(resp);
	snprintf(extra, sizeof extra, "proxy = http://127.0.0.1:%d\n", f.port);
	sync_kiosk_make(&k, "kiosk", "https://hub.invalid:9", "0123456789abcdef", extra);
	/* The fake proxy cannot carry TLS, so the round fails; but it was asked. */
	CHECK_INT(sync_run(&k, "--once", NULL, NULL), 1);
	log = sync_fake_log(&f);
	CHECK(strstr(log, "CONNECT hub.invalid:9 HTTP/1.1") != NULL);
	free(log);
}

/* An answer larger than the cap is not read without bound. */
TEST(sync_answer_size_is_capped)
{
	struct sync_fake f;
	struct sync_kiosk k;
	struct buf resp = {0};
	char url[64], *err = NULL;
	int i;

	buf_adds(&resp, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		 "Content-Length: 20000\r\nConnection: close\r\n\r\n");
	for (i = 0; i < 20000; i++)
		buf_addc(&resp, ' ');
	sync_fake_start(&f, "fake", resp.s);
	buf_free(&resp);
	snprintf(url, sizeof url, "http://127.0.0.1:%d", f.port);
	sync_kiosk_make(&k, "kiosk", url, "0123456789abcdef", NULL);
	setenv("VITRINA_SYNC_ANSWER_MAX", "4096", 1);
	setenv("VITRINA_SYNC_PAGE", "4", 1);
	CHECK_INT(sync_run(&k, "--once", NULL, &err), 1);
	CHECK(err != NULL && strstr(err, "larger than 4 KiB") != NULL);
	free(err);
	/* page 4, 2, 1: it asked for smaller pages before giving up */
	CHECK_INT(sync_fake_hits(&f, NULL, 0), 3);
}

/* A request the hub refuses stays in the outbox with the hub's reason. */
TEST(sync_refused_request_is_kept_with_the_reason)
{
	static char ids[3][37];
	struct hubt h;
	struct sync_kiosk k1, k2;
	struct request r;
	struct sync_status st;
	sqlite3 *db1, *db2;
	char *token, *err = NULL, *out = NULL;
	sqlite3_stmt *q;

	hubt_init(&h, "hub");
	token = hubt_token(&h, "--kiosk", SYNC_KIOSK_ID, NULL, NULL);
	hubt_start(&h, NULL);
	sync_kiosk_make(&k1, "kiosk1", h.url, token, NULL);
	sync_kiosk_make(&k2, "kiosk2", h.url, token, NULL);
	db1 = sync_kiosk_open(&k1);
	db2 = sync_kiosk_open(&k2);
	sync_queue(db1, 3, ids);
	CHECK_INT(sync_run(&k1, "--once", NULL, NULL), 0);

	/* Another request with a used id and other content. */
	memset(&r, 0, sizeof r);
	outbox_request_start(&r, "nomination", SYNC_KIOSK_ID, "2026-11");
	memcpy(r.id, ids[1], 37);
	r.name = xstrdup("Petras");
	snprintf(r.age_group, sizeof r.age_group, "25-29");
	r.contact = xstrdup("+37061234567");
	r.message = xstrdup("Kitas turinys");
	snprintf(r.lang, sizeof r.lang, "lt");
	r.nominee = xstrdup("Rūta");
	snprintf(r.nominee_municipality, sizeof r.nominee_municipality, "LT-13");
	r.why = xstrdup("Ji veda būrelį vaikams.");
	if (outbox_add(db2, &r, &err) < 0)
		t_fail("outbox_add: %s", err);
	request_free(&r);
	sync_queue(db2, 2, NULL);
	CHECK_INT(sync_run(&k2, "--once", &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "1 refused") != NULL);
	free(out);
	CHECK_INT(hubt_request_count(&h), 5);
	CHECK_INT(sync_outbox_count(db2, "state = 'rejected'"), 1);
	q = db_prepare(db2, "SELECT last_error FROM outbox WHERE state = 'rejected'", NULL);
	if (q != NULL && sqlite3_step(q) == SQLITE_ROW) {
		const char *why = (const char *)sqlite3_column_text(q, 0);

		CHECK(why != NULL && why[0] != '\0');
		fprintf(stderr, "  (the hub's reason: %s)\n", why ? why : "");
	}
	sqlite3_finalize(q);
	st = sync_kiosk_status(&k2);
	CHECK_INT(st.outbox_depth, 0);
	CHECK(strstr(st.last_error, "refused") != NULL);
	out = NULL;
	CHECK_INT(sync_run(&k2, NULL, &out, NULL), 0);
	/* `vitrina status` in lt (the default): "1 request refused by the hub is kept" */
	CHECK(out != NULL && strstr(out, "1 centro atmesta užklausa laikoma") != NULL);
	free(out);
	sqlite3_close(db1);
	sqlite3_close(db2);
	hubt_stop(&h, SIGTERM);
	free(token);
}

/* ---- TLS: a custom CA file and a pinned public key ---- */

static char *last_error_after(const struct sync_kiosk *k)
{
	struct sync_status st;

	sync_run(k, "--once", NULL, NULL);
	st = sync_kiosk_status(k);
	return xstrdup(st.last_error);
}

TEST(sync_tls_ca_file_and_pinned_key)
{
	char extra[2048], url[64], port_s[16], *e;
	const char *dir = t_dir(), *cert = t_path(2, "cert.pem"), *key = t_path(3, "key.pem");
	char *pkey[] = {(char *)"/usr/bin/openssl", (char *)"pkey", (char *)"-in", (char *)key,
			(char *)"-pubout", (char *)"-out", (char *)t_path(4, "pub.pem"), NULL};
	char *server[] = {(char *)"/usr/bin/openssl", (char *)"s_server", (char *)"-accept",
			  port_s, (char *)"-cert", (char *)cert, (char *)"-key", (char *)key,
			  (char *)"-www", (char *)"-quiet", NULL};
	int port = hubt_free_port(), i;
	pid_t pid;
	struct sync_kiosk k;

	hubt_make_cert(cert, key);
	if (t_run(pkey, NULL, NULL) != 0)
		t_skip("openssl cannot write the public key");
	snprintf(port_s, sizeof port_s, "%d", port);
	pid = t_spawn(server, NULL);
	snprintf(url, sizeof url, "https://127.0.0.1:%d", port);
	/* Wait for the TLS server: the answer changes from "cannot reach" to a TLS one. */
	sync_kiosk_make(&k, "plain", url, "0123456789abcdef", NULL);
	for (i = 0; i < 500; i++) {
		e = last_error_after(&k);
		if (strstr(e, "cannot reach") == NULL)
			break;
		free(e);
		e = NULL;
		t_sleep_ms(20);
	}
	if (!CHECK(e != NULL))
		return;
	/* Without the CA file: the self-made certificate is not trusted. */
	CHECK(strstr(e, "cannot be trusted") != NULL);
	free(e);

	snprintf(extra, sizeof extra, "ca_file = %s/cert.pem\n", dir);
	sync_kiosk_make(&k, "ca", url, "0123456789abcdef", extra);
	e = last_error_after(&k);
	/* TLS worked; s_server's status page is not what a hub answers. */
	CHECK(strstr(e, "trusted") == NULL && strstr(e, "pinned") == NULL);
	CHECK(strstr(e, "catalogue") != NULL);
	free(e);

	snprintf(extra, sizeof extra, "ca_file = %s/cert.pem\npinned_pubkey = %s/pub.pem\n", dir,
		 dir);
	sync_kiosk_make(&k, "pin", url, "0123456789abcdef", extra);
	e = last_error_after(&k);
	CHECK(strstr(e, "pinned") == NULL && strstr(e, "catalogue") != NULL);
	free(e);

	snprintf(extra, sizeof extra, "ca_file = %s/cert.pem\npinned_pubkey = "
		 "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", dir);
	sync_kiosk_make(&k, "badpin", url, "0123456789abcdef", extra);
	e = last_error_after(&k);
	CHECK(strstr(e, "does not match pinned_pubkey") != NULL);
	free(e);
	t_kill(pid, SIGKILL, 5000);
}

/* ---- the daemon ---- */

/* SIGTERM while an exchange hangs: the step ends (by its timeout) and the daemon
 * exits 0, the outbox untouched. */
TEST(sync_daemon_sigterm_finishes_the_step)
{
	static char ids[4][37];
	struct sync_fake f;
	struct sync_kiosk k;
	sqlite3 *db;
	char url[64];
	int64_t end, t0;
	pid_t pid;

	sync_fake_start(&f, "fake", NULL);
	snprintf(url, sizeof url, "http://127.0.0.1:%d", f.port);
	sync_kiosk_make(&k, "kiosk", url, "0123456789abcdef", NULL);
	db = sync_kiosk_open(&k);
	sync_queue(db, 4, ids);
	setenv("VITRINA_SYNC_TIMEOUT_MS", "1500", 1);
	pid = sync_spawn_daemon(&k, t_path(3, "daemon.log"));
	end = sync_now_ms() + 10000;
	while (sync_fake_hits(&f, NULL, 0) < 1 && sync_now_ms() < end)
		t_sleep_ms(5);
	CHECK_INT(sync_fake_hits(&f, NULL, 0), 1);
	t0 = sync_now_ms();
	CHECK_INT(t_kill(pid, SIGTERM, 10000), 0);
	CHECK(sync_now_ms() - t0 < 5000);
	CHECK_INT(sync_outbox_count(db, "state = 'pending' AND body IS NOT NULL"), 4);
	sqlite3_close(db);
}

/* The daemon sends a new request at once (not after sync_interval) and syncs when
 * asked to (the admin "sync now"). */
TEST(sync_daemon_wakes_for_new_requests_and_sync_now)
{
	static char ids[3][37];
	struct hubt h;
	struct sync_kiosk k;
	struct sync_status st;
	sqlite3 *db;
	char *token, *err = NULL, *out = NULL, *log = NULL;
	size_t len;
	int64_t end;
	pid_t pid;

	db = sync_pair_make(&h, &k, 1, "sync_interval = 86400\n", &token);
	pid = sync_spawn_daemon(&k, t_path(3, "daemon.log"));
	end = sync_now_ms() + 10000;
	do {
		t_sleep_ms(5);
		st = sync_kiosk_status(&k);
	} while (st.last_success == 0 && sync_now_ms() < end);
	CHECK(st.last_success > 0);

	sync_queue(db, 3, ids);
	end = sync_now_ms() + 10000;
	while (sync_outbox_count(db, "state = 'pending'") > 0 && sync_now_ms() < end)
		t_sleep_ms(10);
	check_delivered(&h, db, ids, 3);

	/* `sync --once` beside the daemon asks the daemon instead of racing it. */
	CHECK_INT(sync_run(&k, "--once", &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "sync service is running") != NULL);
	free(out);

	sync_write_cases(t_path(4, "cases.json"), 0, 7, "Naujas atvejis", 0);
	hubt_import(&h, t_path(4, "cases.json"));
	CHECK(sync_request_now(db, &err) == 0);
	end = sync_now_ms() + 10000;
	do {
		t_sleep_ms(10);
		st = sync_kiosk_status(&k);
	} while (st.cases != 7 && sync_now_ms() < end);
	CHECK_INT(st.cases, 7);
	CHECK_INT(t_kill(pid, SIGTERM, 10000), 0);
	/* Its log says what it did, never the token or anyone's data. */
	if (CHECK(read_file(t_path(3, "daemon.log"), 1 << 20, &log, &len, NULL) == 0)) {
		CHECK(strstr(log, "3 requests sent") != NULL);
		CHECK(strstr(log, token) == NULL);
		CHECK(strstr(log, "Jonas") == NULL && strstr(log, "example.lt") == NULL);
		free(log);
	}
	sqlite3_close(db);
	hubt_stop(&h, SIGTERM);
	free(token);
}

/* A feed item the kiosk cannot take is skipped with a note (the catalogue does not
 * stall on it); the valid ones and the cursor are stored; a tombstone for a case the
 * kiosk never had is fine. A feed that goes back is an error. */
TEST(sync_bad_feed_items_are_skipped_and_noted)
{
	struct sync_fake f;
	struct sync_kiosk k;
	struct sync_status st;
	json_t *root, *cases, *feed;
	char url[64], *body, *resp, *out = NULL;
	sqlite3 *db;

	sync_write_cases(t_path(4, "cases.json"), 0, 3, "Gera istorija", 0);
	root = json_load_file(t_path(4, "cases.json"), 0, NULL);
	if (root == NULL)
		t_fail("cannot read the cases back");
	cases = json_object_get(root, "cases");
	json_object_set_new(json_array_get(cases, 1), "municipality", json_string("LT-99"));
	json_array_append_new(cases, json_pack("{s:s, s:i, s:b}", "id",
					       "00000000-0000-4000-8000-999999999999", "seq", 9,
					       "deleted", 1));
	feed = json_pack("{s:O, s:[], s:i, s:b}", "cases", cases, "partners", "next", 9,
			 "more", 0);
	body = json_dumps(feed, JSON_COMPACT);
	resp = sync_fake_response("200 OK", JSON_TYPE, body);
	sync_fake_start(&f, "fake", resp);
	snprintf(url, sizeof url, "http://127.0.0.1:%d", f.port);
	sync_kiosk_make(&k, "kiosk", url, "0123456789abcdef", NULL);
	CHECK_INT(sync_run(&k, "--once", &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "1 skipped") != NULL);
	free(out);
	st = sync_kiosk_status(&k);
	CHECK_INT(st.seq, 9);
	CHECK_INT(st.cases, 2);
	CHECK(strstr(st.last_error, "municipality") != NULL);
	db = sync_kiosk_open(&k);
	CHECK(catalogue_check_index(db, NULL) == 0);
	sqlite3_close(db);
	free(resp);
	free(body);
	json_decref(feed);
	json_decref(root);
}

/* SIGTERM in the middle of a pull: the page being stored is finished, the cursor
 * matches what is stored, and the next sync completes the catalogue exactly. */
TEST(sync_sigterm_during_a_pull)
{
	struct hubt h;
	struct sync_kiosk k;
	struct sync_status st;
	sqlite3 *db;
	char *token;
	int64_t end;
	pid_t pid;

	hubt_init(&h, "hub");
	token = hubt_token(&h, "--kiosk", SYNC_KIOSK_ID, NULL, NULL);
	sync_write_cases(t_path(4, "cases.json"), 0, 2000, "Kelias", 0);
	hubt_import(&h, t_path(4, "cases.json"));
	hubt_start(&h, NULL);
	sync_kiosk_make(&k, "kiosk", h.url, token, NULL);
	setenv("VITRINA_SYNC_PAGE", "40", 1);
	pid = sync_spawn_daemon(&k, t_path(3, "daemon.log"));
	end = sync_now_ms() + 20000;
	do {
		t_sleep_ms(2);
		st = sync_kiosk_status(&k);
	} while (st.seq < 200 && sync_now_ms() < end);
	CHECK_INT(t_kill(pid, SIGTERM, 10000), 0);
	st = sync_kiosk_status(&k);
	fprintf(stderr, "  (stopped at change %lld of 2000)\n", (long long)st.seq);
	CHECK(st.seq > 0);
	CHECK_INT(st.cases, st.seq);    /* one change per case here: stored == cursor */
	CHECK_INT(sync_run(&k, "--once", NULL, NULL), 0);
	db = sync_kiosk_open(&k);
	check_same_catalogue(&h, &k, db, "-");
	sqlite3_close(db);
	hubt_stop(&h, SIGTERM);
	free(token);
}

/* The daemon waits for a token without busy work, and tries a new one at once:
 * first no token file, then a wrong token, then the right one. */
TEST(sync_daemon_picks_up_a_new_token)
{
	static char ids[4][37];
	struct hubt h;
	struct sync_kiosk k;
	struct sync_status st;
	sqlite3 *db;
	char *token;
	int64_t end, attempt;
	pid_t pid;

	hubt_init(&h, "hub");
	token = hubt_token(&h, "--kiosk", SYNC_KIOSK_ID, NULL, NULL);
	hubt_start(&h, NULL);
	sync_kiosk_make(&k, "kiosk", h.url, "", NULL);
	unlink(k.token_file);
	db = sync_kiosk_open(&k);
	sync_queue(db, 4, ids);
	pid = sync_spawn_daemon(&k, t_path(3, "daemon.log"));
	/* Until the first round is recorded whole: it sets last_attempt as it starts and
	 * last_error as it ends. */
	end = sync_now_ms() + 10000;
	do {
		t_sleep_ms(5);
		st = sync_kiosk_status(&k);
	} while (st.last_error[0] == '\0' && sync_now_ms() < end);
	CHECK(st.last_attempt > 0);
	CHECK(strstr(st.last_error, "token") != NULL);
	attempt = st.last_attempt;
	t_sleep_ms(1500);
	/* No new round while nothing changed (no busy loop on a missing token). */
	CHECK_INT(sync_kiosk_status(&k).last_attempt, attempt);

	hubt_write_token(k.token_file, "0000000000000000000000000000000000000000000000000000000000000000");
	end = sync_now_ms() + 10000;
	do {
		t_sleep_ms(10);
		st = sync_kiosk_status(&k);
	} while (st.authorised && sync_now_ms() < end);
	CHECK(!st.authorised);

	hubt_write_token(k.token_file, token);
	end = sync_now_ms() + 10000;
	while (hubt_request_count(&h) < 4 && sync_now_ms() < end)
		t_sleep_ms(10);
	/* The round ends (authorised again) a moment after the hub has the requests. */
	do {
		t_sleep_ms(10);
		st = sync_kiosk_status(&k);
	} while (!st.authorised && sync_now_ms() < end);
	CHECK(st.authorised);
	check_delivered(&h, db, ids, 4);
	CHECK_INT(t_kill(pid, SIGTERM, 10000), 0);
	sqlite3_close(db);
	hubt_stop(&h, SIGTERM);
	free(token);
}
