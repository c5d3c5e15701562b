/* The hub side of the open forum and of "this inspired me" (issue 13) against a real
 * hub: POST /v1/cases/ID/qa and DELETE /v1/cases/ID/qa/QAID, the feed's qa, inspired and
 * inspired_90d, and the heartbeat's usage counts (a day sent again replaces it). */
#include <inttypes.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "t.h"
#include "hub_harness.h"
#include "util.h"

#define RID(n) "00000000-0000-4000-8000-0000000000" #n
#define CASE1 "11111111-1111-4111-8111-111111111111"
#define CASE2 "22222222-2222-4222-8222-222222222222"
#define NOCASE "99999999-9999-4999-8999-999999999999"

/* CASE1 in Šiauliai (LT-SA), CASE2 in Kaunas (LT-KU) */
static const char catalogue[] =
	"{\"cases\": ["
	"{\"id\": \"" CASE1 "\", \"person\": \"Aistė\","
	" \"municipality\": \"LT-43\", \"area\": \"humanities\", \"themes\": [\"community\"],"
	" \"title\": \"Bendruomenės namai\", \"contact_allowed\": true},"
	"{\"id\": \"" CASE2 "\", \"person\": \"Tomas\","
	" \"municipality\": \"LT-16\", \"area\": \"social_sciences\","
	" \"themes\": [\"environment\"], \"title\": \"Žalias miestas\"}]}";

static char *question(const char *id, const char *case_id)
{
	return xasprintf("{\"id\":\"%s\",\"kind\":\"question\",\"case_id\":\"%s\","
			 "\"name\":\"Ieva\",\"age_group\":\"14-17\","
			 "\"message\":\"Kaip pradėjai?\","
			 "\"contact\":\"ieva@example.lt\",\"lang\":\"lt\","
			 "\"consent_version\":\"2026-1\",\"created_at\":\"2026-11-30T10:00:00Z\","
			 "\"kiosk_id\":\"k1\",\"publish_consent\":true}", id, case_id);
}

/* A hub with the catalogue; questions about CASE1 (01) and CASE2 (02), a contact about
 * CASE1 (03). Tokens: k1, k2 (kiosks), Ona (staff), Vytas (staff of LT-KU). */
struct qh {
	struct hubt h;
	char *k1, *k2, *staff, *county;
};

static void qh_start(struct qh *q)
{
	char *items[3];
	json_t *j;
	int i;

	hubt_init(&q->h, "hub");
	q->k1 = hubt_token(&q->h, "--kiosk", "k1", NULL, NULL);
	q->k2 = hubt_token(&q->h, "--kiosk", "k2", NULL, NULL);
	q->staff = hubt_token(&q->h, "--staff", "Ona", NULL, NULL);
	q->county = hubt_token(&q->h, "--staff", "Vytas", "LT-KU", NULL);
	t_write_file(t_path(0, "cat.json"), catalogue);
	hubt_import(&q->h, t_path(0, "cat.json"));
	hubt_start(&q->h, NULL);
	items[0] = question(RID(01), CASE1);
	items[1] = question(RID(02), CASE2);
	items[2] = hubt_contact(RID(03), "k1", CASE1);
	j = hubt_push(&q->h, q->k1, items, 3);
	if (json_array_size(json_object_get(j, "accepted")) != 3)
		t_fail("push: %s", json_dumps(j, 0));
	json_decref(j);
	for (i = 0; i < 3; i++)
		free(items[i]);
}

static void qh_stop(struct qh *q)
{
	CHECK_INT(hubt_stop(&q->h, SIGTERM), 0);
	free(q->k1);
	free(q->k2);
	free(q->staff);
	free(q->county);
}

/* The feed's entry of case id (a new reference), or fails the test. */
static json_t *feed_case(const struct qh *q, const char *id)
{
	json_t *j = hubt_get_json(&q->h, "/v1/cases?since=0", q->k1), *e, *out = NULL;
	size_t i;

	json_array_foreach(json_object_get(j, "cases"), i, e) {
		if (strcmp(json_string_value(json_object_get(e, "id")), id) == 0)
			out = json_incref(e);
	}
	json_decref(j);
	if (out == NULL)
		t_fail("case %s not in the feed", id);
	return out;
}

static int64_t jint(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static const char *jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "(none)";
}

/* POST /v1/cases/CASE/qa with token and body; returns the status, *out the body parsed
 * (if not NULL and JSON). */
static long publish(const struct qh *q, const char *token, const char *case_id,
		    const char *body, json_t **out)
{
	struct hubt_resp r;
	char *path = xasprintf("/v1/cases/%s/qa", case_id);
	long st;

	hubt_http(&q->h, "POST", path, token, body, NULL, &r);
	free(path);
	st = r.status;
	if (out != NULL)
		*out = r.body != NULL ? json_loads(r.body, 0, NULL) : NULL;
	hubt_resp_free(&r);
	return st;
}

static char *item(const char *rid, const char *question_text, const char *answer)
{
	return xasprintf("{\"request_id\":\"%s\",\"question\":\"%s\",\"answer\":\"%s\","
			 "\"answered_by\":\"Aistė\",\"lang\":\"lt\"}", rid, question_text, answer);
}

static long publish_item(const struct qh *q, const char *token, const char *case_id,
			 const char *rid, const char *question_text, const char *answer)
{
	char *b = item(rid, question_text, answer);
	long st = publish(q, token, case_id, b, NULL);

	free(b);
	return st;
}

TEST(qa_hub_publish_feed_unpublish)
{
	struct qh q;
	struct hubt_resp r;
	json_t *e, *pub, *again, *qa, *req;
	int64_t seq0, seq1, seq2;
	char *b, *path, qa_id[37];

	qh_start(&q);
	e = feed_case(&q, CASE1);
	seq0 = jint(e, "seq");
	CHECK_INT(json_array_size(json_object_get(e, "qa")), 0);
	CHECK_INT(jint(e, "inspired"), 0);
	CHECK(json_is_integer(json_object_get(e, "inspired_90d")));
	json_decref(e);

	b = item(RID(01), "Kaip pradėjai?", "Nuo mažo būrelio.\\n\\nPaskui – daugiau.");
	CHECK_INT(publish(&q, q.staff, CASE1, b, &pub), 201);
	CHECK(json_is_object(pub));
	snprintf(qa_id, sizeof qa_id, "%s", jstr(pub, "id"));
	CHECK_STR(jstr(pub, "question"), "Kaip pradėjai?");
	CHECK_STR(jstr(pub, "answer"), "Nuo mažo būrelio.\n\nPaskui – daugiau.");
	CHECK_STR(jstr(pub, "answered_by"), "Aistė");
	CHECK_STR(jstr(pub, "age_group"), "14-17");     /* the asker's, never the name */
	CHECK_STR(jstr(pub, "lang"), "lt");
	CHECK_INT(strlen(jstr(pub, "published_at")), 20);
	e = feed_case(&q, CASE1);
	seq1 = jint(e, "seq");
	CHECK(seq1 > seq0);
	qa = json_object_get(e, "qa");
	CHECK_INT(json_array_size(qa), 1);
	CHECK(json_equal(json_array_get(qa, 0), pub));
	/* never the asker's name or contact */
	b[0] = '\0';
	free(b);
	b = json_dumps(e, 0);
	CHECK(strstr(b, "Ieva") == NULL && strstr(b, "ieva@") == NULL);
	free(b);
	json_decref(e);

	/* the same again: 200, the stored item, no new seq */
	b = item(RID(01), "Kaip pradėjai?", "Nuo mažo būrelio.\\n\\nPaskui – daugiau.");
	CHECK_INT(publish(&q, q.staff, CASE1, b, &again), 200);
	free(b);
	CHECK(json_equal(again, pub));
	json_decref(again);
	e = feed_case(&q, CASE1);
	CHECK_INT(jint(e, "seq"), seq1);
	json_decref(e);

	/* the request view names the item */
	req = hubt_get_json(&q.h, "/v1/requests/" RID(01), q.staff);
	CHECK_STR(jstr(req, "qa_id"), qa_id);
	CHECK_STR(jstr(json_object_get(req, "qa"), "answer"),
		  "Nuo mažo būrelio.\n\nPaskui – daugiau.");
	CHECK_STR(jstr(req, "status"), "new");          /* status stays staff's to set */
	json_decref(req);
	req = hubt_get_json(&q.h, "/v1/requests/" RID(03), q.staff);
	CHECK(json_object_get(req, "qa_id") == NULL);
	json_decref(req);

	/* unpublish: 204, gone from the feed at a new seq; again: 404 */
	path = xasprintf("/v1/cases/" CASE1 "/qa/%s", qa_id);
	hubt_http(&q.h, "DELETE", path, q.staff, NULL, NULL, &r);
	CHECK(hubt_expect(&r, 204, NULL));
	hubt_resp_free(&r);
	e = feed_case(&q, CASE1);
	seq2 = jint(e, "seq");
	CHECK(seq2 > seq1);
	CHECK_INT(json_array_size(json_object_get(e, "qa")), 0);
	json_decref(e);
	hubt_http(&q.h, "DELETE", path, q.staff, NULL, NULL, &r);
	CHECK(hubt_expect(&r, 404, "not_found"));
	hubt_resp_free(&r);
	free(path);
	json_decref(pub);
	qh_stop(&q);
}

TEST(qa_hub_edit_keeps_the_item)
{
	struct qh q;
	json_t *a, *b2, *e;
	int64_t seq;

	qh_start(&q);
	CHECK_INT(publish_item(&q, q.staff, CASE1, RID(01), "Kaip pradejai?", "Taip."), 201);
	e = feed_case(&q, CASE1);
	seq = jint(e, "seq");
	json_decref(e);
	a = hubt_get_json(&q.h, "/v1/requests/" RID(01), q.staff);
	/* a different text for a published request is an edit: same id, new seq */
	{
		char *body = item(RID(01), "Kaip pradėjai?", "Taip, nuo mažens.");

		CHECK_INT(publish(&q, q.staff, CASE1, body, &b2), 200);
		free(body);
	}
	CHECK_STR(jstr(b2, "id"), jstr(a, "qa_id"));
	CHECK_STR(jstr(b2, "question"), "Kaip pradėjai?");
	CHECK_STR(jstr(b2, "answer"), "Taip, nuo mažens.");
	e = feed_case(&q, CASE1);
	CHECK(jint(e, "seq") > seq);
	CHECK_INT(json_array_size(json_object_get(e, "qa")), 1);
	CHECK_STR(jstr(json_array_get(json_object_get(e, "qa"), 0), "answer"),
		  "Taip, nuo mažens.");
	json_decref(e);
	json_decref(a);
	json_decref(b2);
	qh_stop(&q);
}

TEST(qa_hub_publish_errors)
{
	struct qh q;
	struct hubt_resp r;
	char *long_answer, *body;
	json_t *err;

	qh_start(&q);
	CHECK_INT(publish_item(&q, q.staff, CASE1, RID(01), "Kaip?", ""), 400);
	CHECK_INT(publish_item(&q, q.staff, CASE1, RID(01), "Kaip?", "  "), 400);
	CHECK_INT(publish_item(&q, q.staff, CASE1, RID(01), "", "Taip."), 400);
	long_answer = xasprintf("%02001d", 5);
	CHECK_INT(publish_item(&q, q.staff, CASE1, RID(01), "Kaip?", long_answer), 400);
	long_answer[2000] = '\0';
	CHECK_INT(publish_item(&q, q.staff, CASE2, RID(02), "Kaip?", long_answer), 201);
	free(long_answer);
	/* bidi override and zero-width space */
	CHECK_INT(publish_item(&q, q.staff, CASE1, RID(01), "Kaip?", "Ta\\u202Eip"), 400);
	CHECK_INT(publish_item(&q, q.staff, CASE1, RID(01), "Ka\\u200Bip?", "Taip"), 400);
	body = xasprintf("{\"request_id\":\"" RID(01) "\",\"question\":\"Q\",\"answer\":\"A\","
			 "\"answered_by\":\"Aistė\",\"lang\":\"de\"}");
	CHECK_INT(publish(&q, q.staff, CASE1, body, NULL), 400);
	free(body);
	body = xasprintf("{\"question\":\"Q\",\"answer\":\"A\",\"answered_by\":\"A\","
			 "\"lang\":\"lt\"}");
	CHECK_INT(publish(&q, q.staff, CASE1, body, NULL), 400);
	free(body);
	/* unknown case, a request that is no question, a question about another case */
	CHECK_INT(publish_item(&q, q.staff, NOCASE, RID(01), "Q", "A"), 404);
	CHECK_INT(publish_item(&q, q.staff, "not-a-case", RID(01), "Q", "A"), 404);
	CHECK_INT(publish_item(&q, q.staff, CASE1, RID(03), "Q", "A"), 409);
	body = item(RID(02), "Q", "A");
	CHECK_INT(publish(&q, q.staff, CASE1, body, &err), 409);
	CHECK(strstr(jstr(err, "message"), "another case") != NULL);
	json_decref(err);
	free(body);
	CHECK_INT(publish_item(&q, q.staff, CASE1, RID(09), "Q", "A"), 409);
	/* a county's staff: another county's case 403, its own fine */
	CHECK_INT(publish_item(&q, q.county, CASE1, RID(01), "Q", "A"), 403);
	CHECK_INT(publish_item(&q, q.county, CASE2, RID(02), "Q", "A"), 200);
	/* kiosks cannot publish */
	CHECK_INT(publish_item(&q, q.k1, CASE1, RID(01), "Q", "A"), 403);
	/* unpublish: unknown item, unknown case */
	hubt_http(&q.h, "DELETE", "/v1/cases/" CASE1 "/qa/" RID(07), q.staff, NULL, NULL, &r);
	CHECK(hubt_expect(&r, 404, "not_found"));
	hubt_resp_free(&r);
	hubt_http(&q.h, "DELETE", "/v1/cases/" NOCASE "/qa/" RID(07), q.staff, NULL, NULL, &r);
	CHECK(hubt_expect(&r, 404, "not_found"));
	hubt_resp_free(&r);
	/* a deleted case: 404 */
	hubt_delete_case(&q.h, CASE1);
	CHECK_INT(publish_item(&q, q.staff, CASE1, RID(01), "Q", "A"), 404);
	qh_stop(&q);
}

/* A heartbeat from kiosk token tok with counters (a JSON array); must answer want. */
static void beat(const struct qh *q, const char *tok, const char *counters, long want)
{
	struct hubt_resp r;
	char *b = xasprintf("{\"version\":\"0.1.0\",\"outbox\":0,\"seq\":1,\"uptime_s\":5,"
			    "\"counters\":%s}", counters);

	hubt_http(&q->h, "POST", "/v1/heartbeat", tok, b, NULL, &r);
	free(b);
	if (!CHECK_INT(r.status, want))
		fprintf(stderr, "  %s\n", r.body ? r.body : "");
	hubt_resp_free(&r);
}

static void today(int offset, char out[11])
{
	time_t t = time(NULL) + (time_t)offset * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

TEST(qa_hub_inspired_adds_up_and_replaces)
{
	struct qh q;
	char d0[11], d1[11], old[11], *c;
	json_t *e;
	int64_t seq, seq2;

	qh_start(&q);
	today(0, d0);
	today(-1, d1);
	today(-120, old);
	e = feed_case(&q, CASE1);
	seq = jint(e, "seq");
	json_decref(e);
	c = xasprintf("[{\"day\":\"%s\",\"sessions\":4,\"searches\":2,\"quiz_done\":1,"
		      "\"stories_read\":{\"" CASE1 "\":3},\"inspired\":{\"" CASE1 "\":2},"
		      "\"requests\":{\"contact\":1,\"nomination\":0,\"question\":1}},"
		      "{\"day\":\"%s\",\"inspired\":{\"" CASE1 "\":5}},"
		      "{\"day\":\"%s\",\"inspired\":{\"" CASE1 "\":100}}]", d0, d1, old);
	beat(&q, q.k1, c, 204);
	free(c);
	c = xasprintf("[{\"day\":\"%s\",\"inspired\":{\"" CASE1 "\":1,\"" CASE2 "\":0}}]", d0);
	beat(&q, q.k2, c, 204);
	e = feed_case(&q, CASE1);
	CHECK_INT(jint(e, "inspired"), 108);
	CHECK_INT(jint(e, "inspired_90d"), 8);
	seq2 = jint(e, "seq");
	CHECK(seq2 > seq);
	json_decref(e);
	e = feed_case(&q, CASE2);
	CHECK_INT(jint(e, "inspired"), 0);
	json_decref(e);
	/* the same day sent again: replaced, not added; nothing changed, no new seq */
	beat(&q, q.k2, c, 204);
	free(c);
	e = feed_case(&q, CASE1);
	CHECK_INT(jint(e, "inspired"), 108);
	CHECK_INT(jint(e, "seq"), seq2);
	json_decref(e);
	/* a day sent with a new count replaces the old one */
	c = xasprintf("[{\"day\":\"%s\",\"inspired\":{\"" CASE1 "\":3}}]", d0);
	beat(&q, q.k2, c, 204);
	free(c);
	e = feed_case(&q, CASE1);
	CHECK_INT(jint(e, "inspired"), 110);
	CHECK(jint(e, "seq") > seq2);
	json_decref(e);
	qh_stop(&q);
}

TEST(qa_hub_bad_counts_skipped_rest_kept)
{
	struct qh q;
	char d0[11], d1[11], d2[11], future[11], *c, *log;
	json_t *e;

	qh_start(&q);
	today(0, d0);
	today(-1, d1);
	today(-2, d2);
	today(3, future);
	c = xasprintf("[{\"day\":\"%s\",\"inspired\":{\"" CASE1 "\":-1}},"
		      "{\"day\":\"2026-02-31\",\"inspired\":{\"" CASE1 "\":7}},"
		      "{\"day\":\"%s\",\"inspired\":{\"" CASE1 "\":7}},"
		      "{\"day\":\"%s\",\"inspired\":{\"" CASE1 "\":2000000}},"
		      "{\"day\":\"%s\",\"sessions\":-5,\"inspired\":{\"" CASE1 "\":7}},"
		      "{\"day\":\"%s\",\"inspired\":{\"" CASE1 "\":9}},"
		      "{\"day\":\"%s\",\"inspired\":{\"" CASE1 "\":2,\"" NOCASE "\":4,"
		      "\"not-a-uuid\":1,\"" CASE2 "\":6}}]",
		      d1, future, d2, d2, d0, d0);
	beat(&q, q.k1, c, 204);
	free(c);
	e = feed_case(&q, CASE1);
	CHECK_INT(jint(e, "inspired"), 2);
	json_decref(e);
	e = feed_case(&q, CASE2);
	/* the day given twice: the last one counts */
	CHECK_INT(jint(e, "inspired"), 6);
	json_decref(e);
	log = t_read_file(q.h.err);
	CHECK(strstr(log, "unknown case id") != NULL);
	free(log);
	/* not a list: the heartbeat still stored; bad JSON: 400 */
	beat(&q, q.k1, "\"many\"", 204);
	{
		struct hubt_resp r;

		hubt_http(&q.h, "POST", "/v1/heartbeat", q.k1, "{\"counters\":[", NULL, &r);
		CHECK_INT(r.status, 400);
		hubt_resp_free(&r);
	}
	qh_stop(&q);
}

/* The bytes of a heartbeat with one day's counts for 100 cases (reported). */
TEST(qa_hub_heartbeat_size)
{
	struct buf b = {0};
	int i;

	buf_adds(&b, "{\"version\":\"0.1.0\",\"outbox\":0,\"seq\":123456,\"uptime_s\":86400,"
		 "\"counters\":[{\"day\":\"2026-12-07\",\"sessions\":140,\"searches\":320,"
		 "\"quiz_done\":12,\"requests\":{\"contact\":3,\"nomination\":1,\"question\":2},"
		 "\"stories_read\":{");
	for (i = 0; i < 100; i++)
		buf_addf(&b, "%s\"%08d-1111-4111-8111-111111111111\":%d", i ? "," : "", i, 10 + i);
	buf_adds(&b, "},\"inspired\":{");
	for (i = 0; i < 100; i++)
		buf_addf(&b, "%s\"%08d-1111-4111-8111-111111111111\":%d", i ? "," : "", i, i % 7);
	buf_adds(&b, "}}]}");
	printf("heartbeat with 100 cases' counts: %zu bytes\n", b.len);
	CHECK(b.len < 65536);
	buf_free(&b);
}

TEST(qa_hub_snapshot_after_publish)
{
	struct qh q;
	struct hubt_resp r;
	json_t *e;
	int64_t seq = 0, got = -1;
	int tries;

	qh_start(&q);
	CHECK_INT(publish_item(&q, q.staff, CASE1, RID(01), "Kaip?", "Taip."), 201);
	e = feed_case(&q, CASE1);
	seq = jint(e, "seq");
	CHECK_STR(jstr(json_array_get(json_object_get(e, "qa"), 0), "answer"), "Taip.");
	json_decref(e);
	/* the snapshot catches up to the publish's seq (poll, a minute at most) */
	for (tries = 0; tries < 1200 && got < seq; tries++) {
		char *v;

		hubt_http(&q.h, "GET", "/v1/snapshot", q.k1, NULL, NULL, &r);
		v = r.status == 200 ? hubt_header(&r, "Vitrina-Seq") : NULL;
		got = v != NULL ? strtoll(v, NULL, 10) : -1;
		free(v);
		hubt_resp_free(&r);
		if (got < seq)
			t_sleep_ms(50);
	}
	CHECK(got >= seq);
	qh_stop(&q);
}
