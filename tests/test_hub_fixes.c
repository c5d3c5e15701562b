/* Regression tests for defects found in review of the hub and of request validation:
 * each test fails on the code before its fix. Hubs run as real processes on 127.0.0.1
 * (tests/hub_harness.h). */
#include <curl/curl.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "hub/csv.h"
#include "t.h"
#include "hub_harness.h"
#include "util.h"

#define RID(n) "00000000-0000-4000-8000-0000000000" #n

static const char catalogue_json[] =
	"{\"cases\": ["
	"{\"id\": \"11111111-1111-4111-8111-111111111111\", \"person\": \"Aistė\","
	" \"municipality\": \"LT-43\", \"area\": \"humanities\", \"themes\": [\"community\"],"
	" \"title\": \"Bendruomenės namai\", \"contact_allowed\": true},"
	"{\"id\": \"22222222-2222-4222-8222-222222222222\", \"person\": \"Tomas\","
	" \"municipality\": \"LT-02\", \"area\": \"social_sciences\","
	" \"themes\": [\"environment\"], \"title\": \"Žalias miestas\"}]}";

static int count(json_t *j, const char *key)
{
	return (int)json_array_size(json_object_get(j, key));
}

/* Hold the hub database's write lock the way another process (an import) would. */
static sqlite3 *hold_write_lock(const struct hubt *h)
{
	sqlite3 *db = NULL;
	char *err = NULL;

	if (sqlite3_open(h->db, &db) != SQLITE_OK)
		t_fail("cannot open the hub database");
	sqlite3_busy_timeout(db, 5000);
	if (db_exec(db, "BEGIN IMMEDIATE", &err) < 0)
		t_fail("cannot lock the hub database: %s", err);
	return db;
}

/* One HTTP call on its own thread. */
struct call {
	const struct hubt *h;
	const char *method, *path, *token, *hdr;
	char *body;
	struct hubt_resp r;
	pthread_t thread;
};

static void *call_run(void *arg)
{
	struct call *c = arg;

	hubt_http(c->h, c->method, c->path, c->token, c->body, c->hdr, &c->r);
	return NULL;
}

static void call_start(struct call *c, const struct hubt *h, const char *method,
		       const char *path, const char *token, char *body, const char *hdr)
{
	memset(c, 0, sizeof *c);
	c->h = h;
	c->method = method;
	c->path = path;
	c->token = token;
	c->body = body;
	c->hdr = hdr;
	if (pthread_create(&c->thread, NULL, call_run, c) != 0)
		t_fail("pthread_create");
}

static void call_join(struct call *c)
{
	pthread_join(c->thread, NULL);
	free(c->body);
	c->body = NULL;
}

/* 1. A write that times out on another process's lock answers 503 and leaves the
 * writer lock exactly as it found it: no second unlock, no ROLLBACK of someone else's
 * transaction. Concurrent POST and PATCH afterwards all succeed and add up. */
TEST(hub_busy_lock_503_leaves_writer_consistent)
{
	const char *extra[] = {"--busy-timeout", "150", "--rate", "0", NULL};
	struct hubt h;
	struct hubt_resp r;
	struct call calls[6];
	char *kiosk, *staff, *item, *items[5], id[64], *log;
	sqlite3 *db;
	json_t *j;
	int i, k, accepted = 0;

	hubt_sqlite_only();
	curl_global_init(CURL_GLOBAL_ALL);
	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	staff = hubt_token(&h, "--staff", "Ona", NULL, NULL);
	hubt_start(&h, extra);
	item = hubt_nomination(RID(00), "k1", "LT-43", "Veda būrelį");
	json_decref(hubt_push(&h, kiosk, &item, 1));
	free(item);

	db = hold_write_lock(&h);
	item = hubt_nomination(RID(01), "k1", "LT-43", "Veda būrelį");
	{
		char *body = hubt_batch(&item, 1);

		hubt_http(&h, "POST", "/v1/requests", kiosk, body, NULL, &r);
		free(body);
	}
	hubt_expect(&r, 503, "unavailable");
	hubt_resp_free(&r);
	free(item);
	/* while the lock is held, posts and patches race for the writer */
	for (i = 0; i < 6; i++) {
		if (i % 2 == 0) {
			char nid[64];

			snprintf(nid, sizeof nid, "00000000-0000-4000-8000-00000000010%d", i);
			item = hubt_nomination(nid, "k1", "LT-43", "Veda būrelį");
			call_start(&calls[i], &h, "POST", "/v1/requests", kiosk,
				   hubt_batch(&item, 1), NULL);
			free(item);
		} else {
			call_start(&calls[i], &h, "PATCH", "/v1/requests/" RID(00), staff,
				   xstrdup("{\"note\":\"x\"}"), "If-Match: *");
		}
	}
	for (i = 0; i < 6; i++) {
		call_join(&calls[i]);
		CHECK(calls[i].r.status == 503 || calls[i].r.status == 200);
		hubt_resp_free(&calls[i].r);
	}
	db_rollback(db);
	sqlite3_close(db);

	/* now everything goes through: 10 batches of 5 and 10 notes at the same time */
	for (k = 0; k < 10; k++) {
		for (i = 0; i < 5; i++) {
			snprintf(id, sizeof id, "00000000-0000-4000-8000-0000000002%d%d", k, i);
			items[i] = hubt_nomination(id, "k1", "LT-43", "Veda būrelį");
		}
		call_start(&calls[0], &h, "POST", "/v1/requests", kiosk, hubt_batch(items, 5),
			   NULL);
		call_start(&calls[1], &h, "PATCH", "/v1/requests/" RID(00), staff,
			   xstrdup("{\"note\":\"pastaba\"}"), "If-Match: *");
		call_join(&calls[0]);
		call_join(&calls[1]);
		CHECK_INT(calls[0].r.status, 200);
		CHECK_INT(calls[1].r.status, 200);
		j = json_loads(calls[0].r.body, 0, NULL);
		accepted += count(j, "accepted");
		json_decref(j);
		hubt_resp_free(&calls[0].r);
		hubt_resp_free(&calls[1].r);
		for (i = 0; i < 5; i++)
			free(items[i]);
	}
	CHECK_INT(accepted, 50);
	j = hubt_get_json(&h, "/v1/requests?limit=1000", staff);
	CHECK(count(j, "requests") >= 51);
	json_decref(j);
	j = hubt_get_json(&h, "/v1/requests/" RID(00), staff);
	/* every note that was answered 200 is there, each with its own version */
	CHECK(count(j, "notes") >= 10);
	CHECK_INT(json_integer_value(json_object_get(j, "version")), count(j, "notes") + 1);
	CHECK_INT(count(j, "history"), count(j, "notes"));
	json_decref(j);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	log = t_read_file(h.err);
	CHECK(strstr(log, "writer lock") == NULL);
	CHECK(strstr(log, "within a transaction") == NULL);
	CHECK(strstr(log, "no transaction is active") == NULL);
	free(log);
	free(kiosk);
	free(staff);
}

/* 2. Transliteration to windows-1257 turns fullwidth ＝ ＋ ＠ ＂ into = + @ " and drops
 * leading marks: the export converts first, then guards and quotes. */
TEST(hub_csv_guard_after_transliteration)
{
	struct hubt h;
	struct hubt_resp r;
	char *kiosk, *staff, *item;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	staff = hubt_token(&h, "--staff", "Ona", NULL, NULL);
	hubt_start(&h, NULL);
	item = xasprintf("{\"id\":\"" RID(01) "\",\"kind\":\"contact\",\"case_id\":"
			 "\"11111111-1111-4111-8111-111111111111\",\"name\":\"＝cmd\","
			 "\"age_group\":\"14-17\",\"contact\":\"jonas@example.lt\","
			 "\"message\":\"＝HYPERLINK(＂http://x/＂;＂a＂)\",\"lang\":\"lt\","
			 "\"consent_version\":\"2026-1\",\"created_at\":\"2026-11-30T10:00:00Z\","
			 "\"kiosk_id\":\"k1\"}");
	json_decref(hubt_push(&h, kiosk, &item, 1));
	free(item);

	hubt_http(&h, "GET", "/v1/requests.csv?charset=windows-1257", staff, NULL, NULL, &r);
	CHECK_INT(r.status, 200);
	CHECK(strstr(r.body, "\"'=HYPERLINK(\"\"http://x/\"\";\"\"a\"\")\"") != NULL);
	CHECK(strstr(r.body, "\"'=cmd\"") != NULL);
	if (!CHECK(strstr(r.body, ",\"=") == NULL))
		fprintf(stderr, "  body: %s\n", r.body);
	hubt_resp_free(&r);

	hubt_http(&h, "GET", "/v1/requests.csv", staff, NULL, NULL, &r);
	CHECK_INT(r.status, 200);
	CHECK(strstr(r.body, "\"'＝HYPERLINK(＂http://x/＂;＂a＂)\"") != NULL);
	CHECK(strstr(r.body, "\"'＝cmd\"") != NULL);
	hubt_resp_free(&r);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(staff);
}

/* The guard looks past spaces and invisible characters, in both charsets; requests
 * stored before validation refused leading marks still export safely. */
TEST(hub_csv_guard_skips_invisible_lead)
{
	static const char *const bad[] = {
		"\xCC\x81=1",                   /* U+0301 combining acute */
		"\xEF\xB8\x8F+1",               /* U+FE0F variation selector */
		"  =1", "\t1", "\r1", "\xE2\x80\x8B@x", "\xC2\xA0-1", "\xEF\xBC\x8B" "1",
		"\xF3\xA0\x80\x81=1",           /* U+E0001 tag */
	};
	struct stored_request sr;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *j = json_pack("{s:s}", "message", bad[i]);
		char *csv, *p;
		int c;

		memset(&sr, 0, sizeof sr);
		snprintf(sr.id, sizeof sr.id, "%s", RID(01));
		sr.body = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		for (c = 0; c < 2; c++) {
			csv = csv_requests(&sr, 1, c ? "windows-1257" : NULL);
			/* the message column: after the 12th comma of the row */
			p = strstr(csv, "\r\n\"" RID(01));
			CHECK(p != NULL);
			if (p != NULL) {
				int commas = 0;

				for (; *p && commas < 15; p++)
					commas += *p == ',';
				if (!CHECK(*p == '"' && p[1] == '\''))
					fprintf(stderr, "  %zu/%d: %s\n", i, c, p);
			}
			free(csv);
		}
		free(sr.body);
	}
}

/* 3. The same id in another letter case is the same request, stored once. */
TEST(hub_request_id_case_stored_once)
{
	struct hubt h;
	struct hubt_resp r;
	char *kiosk, *staff, *items[2];
	json_t *j;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	staff = hubt_token(&h, "--staff", "Ona", NULL, NULL);
	hubt_start(&h, NULL);
	items[0] = hubt_nomination("ABCDEF00-0000-4000-8000-0000000000AA", "k1", "LT-43", "Veda");
	items[1] = hubt_nomination("abcdef00-0000-4000-8000-0000000000aa", "k1", "LT-43", "Veda");
	j = hubt_push(&h, kiosk, &items[0], 1);
	CHECK_INT(count(j, "accepted"), 1);
	CHECK_STR(json_string_value(json_array_get(json_object_get(j, "accepted"), 0)),
		  "abcdef00-0000-4000-8000-0000000000aa");
	json_decref(j);
	j = hubt_push(&h, kiosk, &items[1], 1);
	CHECK_INT(count(j, "accepted"), 1);
	json_decref(j);
	free(items[0]);
	free(items[1]);
	j = hubt_get_json(&h, "/v1/requests", staff);
	CHECK_INT(count(j, "requests"), 1);
	json_decref(j);
	hubt_http(&h, "GET", "/v1/requests/ABCDEF00-0000-4000-8000-0000000000AA", staff, NULL,
		  NULL, &r);
	CHECK_INT(r.status, 200);
	j = hubt_parse(r.body);
	CHECK_STR(json_string_value(json_object_get(j, "id")),
		  "abcdef00-0000-4000-8000-0000000000aa");
	json_decref(j);
	hubt_resp_free(&r);
	hubt_http(&h, "PATCH", "/v1/requests/ABCDEF00-0000-4000-8000-0000000000AA", staff,
		  "{\"status\":\"closed\"}", "If-Match: \"1\"", &r);
	CHECK_INT(r.status, 200);
	hubt_resp_free(&r);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(staff);
}

/* 4. A staff name that is not UTF-8 is refused; one stored before that check still
 * shows in notes and history (as U+FFFD) instead of making them vanish. */
TEST(hub_staff_name_not_utf8)
{
	const char *bad[] = {"token", "create", "--staff", "Jon\xff" "as", NULL};
	const char *bad2[] = {"token", "create", "--admin", "a\xc2\x85" "b", NULL};
	struct hubt h;
	struct hubt_resp r;
	char *kiosk, *staff, *item, *err = NULL, id[17];
	sqlite3 *db;
	json_t *j, *note;

	hubt_sqlite_only();
	hubt_init(&h, "hub");
	CHECK_INT(hubt_cli(&h, bad, NULL, &err), 2);
	CHECK(err != NULL && strstr(err, "UTF-8") != NULL);
	free(err);
	CHECK_INT(hubt_cli(&h, bad2, NULL, NULL), 2);
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	staff = hubt_token(&h, "--staff", "Jonas", NULL, id);
	/* as an older hub could have stored it */
	if (sqlite3_open(h.db, &db) != SQLITE_OK)
		t_fail("open");
	{
		sqlite3_stmt *st = NULL;

		sqlite3_prepare_v2(db, "UPDATE tokens SET name = ?1 WHERE id = ?2", -1, &st, NULL);
		sqlite3_bind_text(st, 1, "Jon\xff" "as", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
		CHECK_INT(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	hubt_start(&h, NULL);
	item = hubt_nomination(RID(01), "k1", "LT-43", "Veda");
	json_decref(hubt_push(&h, kiosk, &item, 1));
	free(item);
	hubt_http(&h, "PATCH", "/v1/requests/" RID(01), staff,
		  "{\"status\":\"in_progress\",\"note\":\"Paskambinau\"}", "If-Match: \"1\"", &r);
	CHECK_INT(r.status, 200);
	j = hubt_parse(r.body);
	CHECK_INT(count(j, "notes"), 1);
	CHECK_INT(count(j, "history"), 1);
	note = json_array_get(json_object_get(j, "notes"), 0);
	CHECK_STR(json_string_value(json_object_get(note, "text")), "Paskambinau");
	CHECK(json_string_value(json_object_get(note, "by")) != NULL);
	json_decref(j);
	hubt_resp_free(&r);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(staff);
}

/* 5. The heartbeat's version is shown to admins as it is: printable ASCII only. */
TEST(hub_heartbeat_version_printable)
{
	struct hubt h;
	struct hubt_resp r;
	char *kiosk, *admin;
	json_t *j;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	admin = hubt_token(&h, "--admin", "boss", NULL, NULL);
	hubt_start(&h, NULL);
	hubt_http(&h, "POST", "/v1/heartbeat", kiosk, "{\"version\":\"1.0\\u001b[31m\"}", NULL,
		  &r);
	hubt_expect(&r, 400, "bad_request");
	hubt_resp_free(&r);
	hubt_http(&h, "POST", "/v1/heartbeat", kiosk, "{\"version\":\"1.0 \\u202e\"}", NULL,
		  &r);
	hubt_expect(&r, 400, "bad_request");
	hubt_resp_free(&r);
	hubt_http(&h, "POST", "/v1/heartbeat", kiosk,
		  "{\"version\":\"0123456789012345678901234567890123\"}", NULL, &r);
	hubt_expect(&r, 400, "bad_request");
	hubt_resp_free(&r);
	hubt_http(&h, "POST", "/v1/heartbeat", kiosk, "{\"version\":\"0.1.0 (abc)\"}", NULL, &r);
	CHECK_INT(r.status, 204);
	hubt_resp_free(&r);
	j = hubt_get_json(&h, "/v1/kiosks", admin);
	CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(j, "kiosks"),
								     0), "version")), "0.1.0 (abc)");
	json_decref(j);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(admin);
}

/* 6. An error about bytes that are not UTF-8 is still a JSON body. */
TEST(hub_error_body_json_for_bad_bytes)
{
	static const char req[] = "G\xffT /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	struct hubt h;
	char *resp, *body;
	json_t *j;

	hubt_init(&h, "hub");
	hubt_start(&h, NULL);
	resp = hubt_raw(&h, req, sizeof req - 1, 0, 5000);
	body = strstr(resp, "\r\n\r\n");
	CHECK(strncmp(resp, "HTTP/1.1 405", 12) == 0 || strncmp(resp, "HTTP/1.1 400", 12) == 0);
	if (CHECK(body != NULL) && strncmp(resp, "HTTP/1.1 405", 12) == 0) {
		j = json_loads(body + 4, 0, NULL);
		CHECK_STR(json_string_value(json_object_get(j, "error")), "method_not_allowed");
		CHECK(json_is_string(json_object_get(j, "message")));
		json_decref(j);
	}
	free(resp);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
}

/* 8. One client address cannot take every connection thread by default. */
TEST(hub_default_per_ip_limit)
{
	static const char get[] = "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
	struct hubt h;
	int fds[33], i, served = 0, refused = 0;
	char buf[512];

	hubt_init(&h, "hub");
	hubt_start(&h, NULL);
	for (i = 0; i < 33; i++)
		fds[i] = hubt_connect(&h);
	for (i = 0; i < 33; i++) {
		struct pollfd p = {fds[i], POLLIN, 0};
		ssize_t n = -1;

		if (write(fds[i], get, sizeof get - 1) > 0 && poll(&p, 1, 3000) == 1)
			n = read(fds[i], buf, sizeof buf - 1);
		if (n > 12 && strncmp(buf, "HTTP/1.1 200", 12) == 0)
			served++;
		else
			refused++;
	}
	CHECK_INT(served, 32);
	CHECK_INT(refused, 1);
	for (i = 0; i < 33; i++)
		close(fds[i]);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
}

/* 9. With a catalogue, a contact for a case (partner) it lacks is refused with the
 * reason; a deleted case still counts; without any partners a partner request is kept. */
TEST(hub_contact_unknown_case_refused)
{
	struct hubt h;
	const char *path = t_path(0, "cat.json");
	const char *imp[] = {"import", path, NULL};
	const char *del[] = {"delete-case", "22222222-2222-4222-8222-222222222222", NULL};
	char *kiosk, *staff, *items[4];
	json_t *j, *rej;
	int i;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	staff = hubt_token(&h, "--staff", "Ona", "LT-SA", NULL);
	t_write_file(path, catalogue_json);
	CHECK_INT(hubt_cli(&h, imp, NULL, NULL), 0);
	CHECK_INT(hubt_cli(&h, del, NULL, NULL), 0);
	hubt_start(&h, NULL);
	items[0] = hubt_contact(RID(01), "k1", "11111111-1111-4111-8111-111111111111");
	items[1] = hubt_contact(RID(02), "k1", "99999999-9999-4999-8999-999999999999");
	items[2] = hubt_contact(RID(03), "k1", "22222222-2222-4222-8222-222222222222");
	/* a partner request: there are no partners at all */
	items[3] = xasprintf("{\"id\":\"" RID(04) "\",\"kind\":\"contact\","
			     "\"partner_id\":\"44444444-4444-4444-8444-444444444444\","
			     "\"name\":\"Jonas\",\"age_group\":\"14-17\","
			     "\"contact\":\"jonas@example.lt\",\"lang\":\"lt\","
			     "\"consent_version\":\"2026-1\","
			     "\"created_at\":\"2026-11-30T10:00:00Z\",\"kiosk_id\":\"k1\"}");
	j = hubt_push(&h, kiosk, items, 4);
	CHECK_INT(count(j, "accepted"), 3);
	CHECK_INT(count(j, "rejected"), 1);
	rej = json_array_get(json_object_get(j, "rejected"), 0);
	CHECK_STR(json_string_value(json_object_get(rej, "id")), RID(02));
	CHECK_STR(json_string_value(json_object_get(rej, "error")),
		  "case_id: no such case in the hub's catalogue");
	CHECK_INT(json_integer_value(json_object_get(rej, "status")), 400);
	json_decref(j);
	/* the known case gives the county (LT-43 is in LT-SA) */
	hubt_get_expect(&h, "/v1/requests/" RID(01), staff, 200, NULL);
	hubt_get_expect(&h, "/v1/requests/" RID(02), staff, 404, NULL);
	/* resending the accepted ones is still fine */
	j = hubt_push(&h, kiosk, items, 1);
	CHECK_INT(count(j, "accepted"), 1);
	json_decref(j);
	for (i = 0; i < 4; i++)
		free(items[i]);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(staff);
}

/* 10. If-Match: * means any version, also when it changes while the PATCH waits. */
TEST(hub_if_match_star_any_version)
{
	const char *extra[] = {"--busy-timeout", "10000", NULL};
	struct hubt h;
	struct hubt_resp r;
	struct call c;
	char *kiosk, *staff, *item, *err = NULL;
	sqlite3 *db;
	json_t *j;

	hubt_sqlite_only();
	curl_global_init(CURL_GLOBAL_ALL);
	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	staff = hubt_token(&h, "--staff", "Ona", NULL, NULL);
	hubt_start(&h, extra);
	item = hubt_nomination(RID(01), "k1", "LT-43", "Veda");
	json_decref(hubt_push(&h, kiosk, &item, 1));
	free(item);
	/* another writer changes the request; the PATCH reads version 1, then waits */
	db = hold_write_lock(&h);
	if (db_exec(db, "UPDATE requests SET version = version + 1", &err) < 0)
		t_fail("%s", err);
	call_start(&c, &h, "PATCH", "/v1/requests/" RID(01), staff,
		   xstrdup("{\"status\":\"closed\"}"), "If-Match: *");
	/* Give the PATCH time to read version 1 and queue for the writer. The wait only
	 * decides whether this run reaches the race; with the fix the answer is 200 either
	 * way, so it cannot make the test fail. */
	{
		int64_t deadline = now_ms_monotonic() + 300;

		while (now_ms_monotonic() < deadline) {
			struct timespec ts = {0, 10 * 1000 * 1000};

			nanosleep(&ts, NULL);
		}
	}
	if (db_exec(db, "COMMIT", &err) < 0)
		t_fail("%s", err);
	sqlite3_close(db);
	call_join(&c);
	CHECK_INT(c.r.status, 200);
	if (c.r.status == 200) {
		j = hubt_parse(c.r.body);
		CHECK_STR(json_string_value(json_object_get(j, "status")), "closed");
		CHECK_INT(json_integer_value(json_object_get(j, "version")), 3);
		json_decref(j);
	}
	hubt_resp_free(&c.r);
	/* a stale number is still refused */
	hubt_http(&h, "PATCH", "/v1/requests/" RID(01), staff, "{\"status\":\"new\"}",
		  "If-Match: \"1\"", &r);
	hubt_expect(&r, 412, "version_mismatch");
	hubt_resp_free(&r);
	CHECK(t_file_wait(h.err, "PATCH", 2, 5000));    /* the hub logged both */
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(staff);
}
