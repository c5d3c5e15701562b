/* The hub over real HTTP: a vitrina-hub process on 127.0.0.1 with an ephemeral port
 * and a temporary database (tests/hub_harness.h). */
#include <curl/curl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "hub/csv.h"
#include "t.h"
#include "hub_harness.h"
#include "util.h"

#define RID(n) "00000000-0000-4000-8000-0000000000" #n

static void post(const struct hubt *h, const char *tok, const char *body, struct hubt_resp *r)
{
	hubt_http(h, "POST", "/v1/requests", tok, body, NULL, r);
}

static int contains(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++) {
		if (memcmp(hay + i, needle, k) == 0)
			return 1;
	}
	return 0;
}

static int count(json_t *j, const char *key)
{
	return (int)json_array_size(json_object_get(j, key));
}

TEST(hub_health_and_routing)
{
	struct hubt h;
	struct hubt_resp r;
	char *allow;
	json_t *j;

	hubt_init(&h, "hub");
	hubt_start(&h, NULL);
	hubt_http(&h, "GET", "/v1/health", NULL, NULL, NULL, &r);
	CHECK_INT(r.status, 200);
	j = hubt_parse(r.body);
	CHECK_STR(json_string_value(json_object_get(j, "status")), "ok");
	CHECK(json_is_string(json_object_get(j, "version")));
	json_decref(j);
	hubt_resp_free(&r);

	hubt_get_expect(&h, "/v1/nothing", NULL, 404, "not_found");
	hubt_http(&h, "DELETE", "/v1/health", NULL, NULL, NULL, &r);
	hubt_expect(&r, 405, "method_not_allowed");
	allow = hubt_header(&r, "Allow");
	CHECK(allow != NULL && strstr(allow, "GET") != NULL);
	free(allow);
	hubt_resp_free(&r);
	hubt_http(&h, "HEAD", "/v1/health", NULL, NULL, NULL, &r);
	CHECK_INT(r.status, 200);
	hubt_resp_free(&r);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
}

TEST(hub_auth_matrix)
{
	struct hubt h;
	struct hubt_resp r;
	char kid[17], sid[17];
	char *kiosk, *staff, *sa, *vl, *admin, *revoked, *items[2];
	const char *args[] = {"token", "revoke", NULL, NULL};
	const char *get_paths[] = {"/v1/requests", "/v1/requests.csv", "/v1/requests/" RID(01),
				   "/v1/kiosks", "/v1/cases"};
	json_t *j;
	size_t i;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, kid);
	staff = hubt_token(&h, "--staff", "Ona", NULL, NULL);
	sa = hubt_token(&h, "--staff", "Petras", "LT-SA", sid);
	vl = hubt_token(&h, "--staff", "Vida", "LT-VL", NULL);
	admin = hubt_token(&h, "--admin", "boss", NULL, NULL);
	revoked = hubt_token(&h, "--kiosk", "k2", NULL, kid);
	CHECK_INT(strlen(kiosk), 64);
	args[2] = kid;
	CHECK_INT(hubt_cli(&h, args, NULL, NULL), 0);
	CHECK_INT(hubt_cli(&h, args, NULL, NULL), 1);   /* already revoked */
	hubt_start(&h, NULL);

	/* no token, a wrong one, a revoked one: 401 everywhere but health */
	for (i = 0; i < sizeof get_paths / sizeof get_paths[0]; i++) {
		hubt_get_expect(&h, get_paths[i], NULL, 401, "unauthorized");
		hubt_get_expect(&h, get_paths[i], "0123456789abcdef", 401, "unauthorized");
		hubt_get_expect(&h, get_paths[i], revoked, 401, "unauthorized");
	}
	hubt_http(&h, "GET", "/v1/cases", NULL, NULL, "Authorization: Basic YTpi", &r);
	hubt_expect(&r, 401, "unauthorized");
	hubt_resp_free(&r);
	post(&h, NULL, "{\"requests\":[]}", &r);
	hubt_expect(&r, 401, "unauthorized");
	hubt_resp_free(&r);

	/* requests in two counties: Šiauliai (LT-43, LT-SA) and Alytus (LT-02, LT-AL) */
	items[0] = hubt_nomination(RID(01), "k1", "LT-43", "Veda būrelį");
	items[1] = hubt_nomination(RID(02), "k1", "LT-02", "Sodina medžius");
	j = hubt_push(&h, kiosk, items, 2);
	CHECK_INT(count(j, "accepted"), 2);
	json_decref(j);
	free(items[0]);
	free(items[1]);

	/* kiosk tokens cannot use staff or admin endpoints */
	for (i = 0; i < 4; i++) {
		hubt_get_expect(&h, get_paths[i], kiosk, 403, "forbidden");
	}
	hubt_http(&h, "PATCH", "/v1/requests/" RID(01), kiosk, "{\"status\":\"closed\"}",
		  "If-Match: \"1\"", &r);
	hubt_expect(&r, 403, "forbidden");
	hubt_resp_free(&r);
	/* staff cannot push requests, heartbeat or list kiosks */
	post(&h, staff, "{\"requests\":[]}", &r);
	hubt_expect(&r, 403, "forbidden");
	hubt_resp_free(&r);
	hubt_http(&h, "POST", "/v1/heartbeat", staff, "{}", NULL, &r);
	hubt_expect(&r, 403, "forbidden");
	hubt_resp_free(&r);
	hubt_get_expect(&h, "/v1/kiosks", staff, 403, "forbidden");
	/* staff and admin read cases and requests */
	hubt_get_expect(&h, "/v1/cases", staff, 200, NULL);
	hubt_http(&h, "GET", "/v1/requests", staff, NULL, NULL, &r);
	CHECK_INT(r.status, 200);
	j = hubt_parse(r.body);
	CHECK_INT(count(j, "requests"), 2);
	json_decref(j);
	hubt_resp_free(&r);
	hubt_get_expect(&h, "/v1/kiosks", admin, 200, NULL);

	/* a county-limited staff token sees its county only: list, one, update, CSV */
	j = hubt_get_json(&h, "/v1/requests", sa);
	CHECK_INT(count(j, "requests"), 1);
	CHECK_STR(json_string_value(json_object_get(json_array_get(
		json_object_get(j, "requests"), 0), "id")), RID(01));
	CHECK_STR(json_string_value(json_object_get(json_array_get(
		json_object_get(j, "requests"), 0), "county")), "LT-SA");
	json_decref(j);
	hubt_get_expect(&h, "/v1/requests?county=LT-AL", sa, 403, "forbidden");
	hubt_get_expect(&h, "/v1/requests?county=LT-SA&status=new", sa, 200, NULL);
	hubt_get_expect(&h, "/v1/requests/" RID(02), sa, 403, "forbidden");
	hubt_get_expect(&h, "/v1/requests/" RID(01), sa, 200, NULL);
	hubt_http(&h, "PATCH", "/v1/requests/" RID(02), sa, "{\"status\":\"spam\"}",
		  "If-Match: \"1\"", &r);
	hubt_expect(&r, 403, "forbidden");
	hubt_resp_free(&r);
	hubt_http(&h, "GET", "/v1/requests.csv", sa, NULL, NULL, &r);
	CHECK_INT(r.status, 200);
	CHECK(strstr(r.body, RID(01)) != NULL);
	CHECK(strstr(r.body, RID(02)) == NULL);
	hubt_resp_free(&r);
	hubt_get_expect(&h, "/v1/requests.csv?county=LT-AL", sa, 403, "forbidden");
	j = hubt_get_json(&h, "/v1/requests", vl);
	CHECK_INT(count(j, "requests"), 0);
	json_decref(j);
	/* the unchanged request is still new */
	j = hubt_get_json(&h, "/v1/requests/" RID(02), admin);
	CHECK_STR(json_string_value(json_object_get(j, "status")), "new");
	json_decref(j);

	/* revoking takes effect at once on a running hub */
	args[2] = sid;
	CHECK_INT(hubt_cli(&h, args, NULL, NULL), 0);
	hubt_get_expect(&h, "/v1/requests", sa, 401, "unauthorized");
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(staff);
	free(sa);
	free(vl);
	free(admin);
	free(revoked);
}

TEST(hub_requests_idempotent)
{
	struct hubt h;
	char *kiosk, *admin, *items[4], *other;
	json_t *j, *rej;
	int i;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	admin = hubt_token(&h, "--admin", "boss", NULL, NULL);
	hubt_start(&h, NULL);
	items[0] = hubt_nomination(RID(01), "k1", "LT-43", "Veda būrelį");
	items[1] = hubt_nomination(RID(02), "k1", "LT-13", "Moko vaikus");
	items[2] = hubt_nomination(RID(03), "k1", "LT-57", "Tvarko parką");
	items[3] = hubt_nomination(RID(04), "k1", "LT-99", "Nežinoma vieta");
	j = hubt_push(&h, kiosk, items, 4);
	CHECK_INT(count(j, "accepted"), 3);
	CHECK_INT(count(j, "rejected"), 1);
	rej = json_array_get(json_object_get(j, "rejected"), 0);
	CHECK_STR(json_string_value(json_object_get(rej, "id")), RID(04));
	CHECK(strstr(json_string_value(json_object_get(rej, "error")),
		     "nominee_municipality") != NULL);
	json_decref(j);

	/* the same batch again (a kiosk that lost the answer): accepted again */
	j = hubt_push(&h, kiosk, items, 3);
	CHECK_INT(count(j, "accepted"), 3);
	CHECK_INT(count(j, "rejected"), 0);
	json_decref(j);
	/* the same id twice in one batch */
	items[3] = items[0];
	j = hubt_push(&h, kiosk, items + 3, 1);
	CHECK_INT(count(j, "accepted"), 1);
	json_decref(j);

	/* the same id with other content: rejected as a conflict, the first one kept */
	other = hubt_nomination(RID(01), "k1", "LT-43", "Kitas tekstas");
	j = hubt_push(&h, kiosk, &other, 1);
	CHECK_INT(count(j, "accepted"), 0);
	rej = json_array_get(json_object_get(j, "rejected"), 0);
	CHECK_STR(json_string_value(json_object_get(rej, "id")), RID(01));
	CHECK_STR(json_string_value(json_object_get(rej, "code")), "conflict");
	CHECK_INT(json_integer_value(json_object_get(rej, "status")), 409);
	json_decref(j);
	free(other);

	j = hubt_get_json(&h, "/v1/requests", admin);
	CHECK_INT(count(j, "requests"), 3);
	/* newest first */
	CHECK_STR(json_string_value(json_object_get(json_array_get(
		json_object_get(j, "requests"), 0), "id")), RID(03));
	json_decref(j);
	j = hubt_get_json(&h, "/v1/requests/" RID(01), admin);
	CHECK_STR(json_string_value(json_object_get(j, "why")), "Veda būrelį");
	CHECK_STR(json_string_value(json_object_get(j, "contact")), "+37061234567");
	CHECK_STR(json_string_value(json_object_get(j, "county")), "LT-SA");
	CHECK_INT(strlen(json_string_value(json_object_get(j, "ref"))), 9);
	json_decref(j);
	for (i = 0; i < 3; i++)
		free(items[i]);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(admin);
}

TEST(hub_requests_rejections)
{
	struct hubt h;
	struct hubt_resp r;
	char *kiosk, *admin, *items[101], *body, *one;
	json_t *j, *rej;
	int i;
	struct {
		const char *from, *to, *field;
	} bad[] = {
		{"\"age_group\":\"18-24\"", "\"age_group\":\"under-14\"", "age_group"},
		{"\"contact\":\"+370 612 34567\"", "\"contact\":\"12\"", "contact"},
		{"\"name\":\"Rūta\"", "\"name\":\"\"", "name"},
		{"\"name\":\"Rūta\"", "\"name\":5", "name"},
		{"\"lang\":\"lt\"", "\"lang\":\"xx\"", "lang"},
		{"\"kiosk_id\":\"k1\"", "\"kiosk_id\":\"k9\"", "kiosk_id"},
	};

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	admin = hubt_token(&h, "--admin", "boss", NULL, NULL);
	hubt_start(&h, NULL);
	one = hubt_nomination(RID(01), "k1", "LT-43", "Veda būrelį");
	for (i = 0; i < (int)(sizeof bad / sizeof bad[0]); i++) {
		const char *at = strstr(one, bad[i].from);
		char *item;

		if (!CHECK(at != NULL))
			continue;
		item = xasprintf("%.*s%s%s", (int)(at - one), one, bad[i].to,
				 at + strlen(bad[i].from));
		j = hubt_push(&h, kiosk, &item, 1);
		rej = json_array_get(json_object_get(j, "rejected"), 0);
		CHECK_INT(count(j, "accepted"), 0);
		if (!CHECK(strncmp(json_string_value(json_object_get(rej, "error")), bad[i].field,
				   strlen(bad[i].field)) == 0))
			fprintf(stderr, "  %s\n", json_string_value(json_object_get(rej, "error")));
		json_decref(j);
		free(item);
	}
	/* items that are not requests at all */
	items[0] = xstrdup("42");
	items[1] = xstrdup("{}");
	items[2] = xstrdup("{\"id\":\"" RID(05) "\"}");
	j = hubt_push(&h, kiosk, items, 3);
	CHECK_INT(count(j, "rejected"), 3);
	CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(j,
		"rejected"), 2), "id")), RID(05));
	json_decref(j);
	for (i = 0; i < 3; i++)
		free(items[i]);
	/* an admin token may push for any kiosk */
	j = hubt_push(&h, admin, &one, 1);
	CHECK_INT(count(j, "accepted"), 1);
	json_decref(j);

	/* more than 100 in a batch */
	for (i = 0; i < 101; i++)
		items[i] = one;
	body = hubt_batch(items, 101);
	post(&h, kiosk, body, &r);
	hubt_expect(&r, 413, "too_many");
	hubt_resp_free(&r);
	free(body);
	body = hubt_batch(items, 100);
	post(&h, kiosk, body, &r);
	CHECK_INT(r.status, 200);
	hubt_resp_free(&r);
	free(body);
	/* the shape of the body */
	post(&h, kiosk, "{\"requests\":{}}", &r);
	hubt_expect(&r, 400, "bad_request");
	hubt_resp_free(&r);
	post(&h, kiosk, "[]", &r);
	hubt_expect(&r, 400, "bad_json");
	hubt_resp_free(&r);
	hubt_http(&h, "POST", "/v1/requests", kiosk, "{\"requests\":[]}",
		  "Content-Type: text/plain", &r);
	hubt_expect(&r, 415, "unsupported_media_type");
	hubt_resp_free(&r);
	hubt_http(&h, "POST", "/v1/requests", kiosk, "{\"requests\":[]}",
		  "Content-Type: application/json; charset=latin1", &r);
	hubt_expect(&r, 415, "unsupported_media_type");
	hubt_resp_free(&r);
	hubt_http(&h, "POST", "/v1/requests", kiosk, "{\"requests\":[]}",
		  "Content-Type: application/json; charset=UTF-8", &r);
	CHECK_INT(r.status, 200);
	hubt_resp_free(&r);
	free(one);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(admin);
}

TEST(hub_bad_json_and_utf8)
{
	struct hubt h;
	struct hubt_resp r;
	char *kiosk;
	size_t i;
	struct {
		const char *body, *code;
	} cases[] = {
		{"", "bad_json"},
		{"{", "bad_json"},
		{"{\"requests\":[}", "bad_json"},
		{"{\"requests\":[]} x", "bad_json"},
		{"{\"requests\":[{\"id\":\"\xff\xfe\"}]}", "bad_utf8"},
		{"{\"requests\":[{\"name\":\"\xc3\x28\"}]}", "bad_utf8"},
		{"{\"requests\":[{\"name\":\"\xed\xa0\x80\"}]}", "bad_utf8"},
		{"{\"requests\":[{\"name\":\"\\ud800\"}]}", "bad_json"},
		{"{\"requests\":[{\"name\":\"\\udc00x\"}]}", "bad_json"},
		{"{\"requests\":[{\"name\":\"a\\u0000b\"}]}", "bad_json"},
		{"{\"requests\":[],\"requests\":[]}", "duplicate_key"},
		{"{\"requests\":[{\"id\":\"a\",\"id\":\"b\"}]}", "duplicate_key"},
		{"{\"requests\":[1e999999]}", "bad_json"},
		{"{\"requests\":[123456789012345678901234567890]}", "bad_json"},
	};
	const char *no_limit[] = {"--rate", "0", NULL};
	char deep[5000];

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	hubt_start(&h, no_limit);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i].body[0] == '\0')
			hubt_http(&h, "POST", "/v1/requests", kiosk, "", NULL, &r);
		else
			post(&h, kiosk, cases[i].body, &r);
		if (!hubt_expect(&r, 400, cases[i].code))
			fprintf(stderr, "  case %zu\n", i);
		hubt_resp_free(&r);
	}
	/* deep nesting */
	memset(deep, '[', sizeof deep - 1);
	deep[sizeof deep - 1] = '\0';
	post(&h, kiosk, deep, &r);
	CHECK_INT(r.status, 400);
	hubt_resp_free(&r);
	/* mutated batches: every answer is 200 or 400, never a crash */
	{
		char *items[2], *base;
		unsigned seed = 12345;
		int k, bad = 0;

		items[0] = hubt_nomination(RID(01), "k1", "LT-43", "Veda būrelį");
		items[1] = hubt_contact(RID(02), "k1", "11111111-1111-4111-8111-111111111111");
		base = hubt_batch(items, 2);
		for (k = 0; k < 150; k++) {
			char *m = xstrdup(base);
			size_t len = strlen(m);
			int flips = 1 + k % 4, f;

			for (f = 0; f < flips; f++) {
				seed = seed * 1103515245u + 12345u;
				m[(seed >> 8) % len] = (char)(1 + (seed >> 20) % 255);
			}
			post(&h, kiosk, m, &r);
			if (r.status != 200 && r.status != 400 && bad++ == 0)
				fprintf(stderr, "  %ld for %s\n", r.status, m);
			hubt_resp_free(&r);
			free(m);
		}
		CHECK_INT(bad, 0);
		free(base);
		free(items[0]);
		free(items[1]);
	}
	/* the hub is still there */
	hubt_get_expect(&h, "/v1/health", NULL, 200, NULL);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
}

TEST(hub_body_too_large_refused_before_read)
{
	struct hubt h;
	struct hubt_resp r;
	char *kiosk, *head, *resp, *big;
	int64_t t0;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	hubt_start(&h, NULL);
	/* headers only: the 413 must come without a byte of the body being sent */
	head = xasprintf("POST /v1/requests HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			 "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
			 "Content-Length: 2097152\r\n\r\n", kiosk);
	t0 = now_ms_monotonic();
	resp = hubt_raw(&h, head, strlen(head), 1, 5000);
	CHECK(strncmp(resp, "HTTP/1.1 413", 12) == 0);
	CHECK(now_ms_monotonic() - t0 < 5000);
	free(resp);
	free(head);
	/* also with Expect: 100-continue the answer is 413, never 100 */
	head = xasprintf("POST /v1/requests HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			 "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
			 "Expect: 100-continue\r\nContent-Length: 2097152\r\n\r\n", kiosk);
	resp = hubt_raw(&h, head, strlen(head), 1, 5000);
	CHECK(strncmp(resp, "HTTP/1.1 413", 12) == 0);
	free(resp);
	free(head);
	/* headers beyond 32 KiB: libmicrohttpd's own 431, and the hub carries on */
	{
		static const char start[] = "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ";
		size_t k = sizeof start - 1;

		big = xmalloc(k + 70000 + 5);
		memcpy(big, start, k);
		memset(big + k, 'a', 70000);
		memcpy(big + k + 70000, "\r\n\r\n", 5);
	}
	resp = hubt_raw(&h, big, strlen(big), 1, 5000);
	CHECK(strncmp(resp, "HTTP/1.1 431", 12) == 0);
	free(resp);
	free(big);
	/* a body of exactly 1 MiB + 1 through curl; it waits for the 413 before sending the
	 * body (else the hub may close while curl still sends, and curl sees no answer) */
	big = xmalloc(1024 * 1024 + 2);
	memset(big, ' ', 1024 * 1024 + 1);
	big[1024 * 1024 + 1] = '\0';
	big[0] = '{';
	big[1024 * 1024] = '}';
	hubt_http(&h, "POST", "/v1/requests", kiosk, big, "Expect: 100-continue", &r);
	hubt_expect(&r, 413, "too_large");
	hubt_resp_free(&r);
	free(big);
	hubt_get_expect(&h, "/v1/health", NULL, 200, NULL);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
}

TEST(hub_chunked_body_capped)
{
	struct hubt h;
	char *kiosk, *head, *resp;
	struct buf b = {0};
	char chunk[65536];
	int i;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	hubt_start(&h, NULL);
	head = xasprintf("POST /v1/requests HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			 "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
			 "Transfer-Encoding: chunked\r\n\r\n", kiosk);
	buf_adds(&b, head);
	memset(chunk, ' ', sizeof chunk);
	for (i = 0; i < 32; i++) {      /* 2 MiB */
		buf_addf(&b, "%x\r\n", (unsigned)sizeof chunk);
		buf_add(&b, chunk, sizeof chunk);
		buf_adds(&b, "\r\n");
	}
	buf_adds(&b, "0\r\n\r\n");
	resp = hubt_raw(&h, b.s, b.len, 1, 10000);
	CHECK(strncmp(resp, "HTTP/1.1 413", 12) == 0);
	free(resp);
	buf_free(&b);
	/* a small chunked body is fine */
	buf_adds(&b, head);
	buf_adds(&b, "f\r\n{\"requests\":[]\r\n1\r\n}\r\n0\r\n\r\n");
	resp = hubt_raw(&h, b.s, b.len, 1, 10000);
	CHECK(strncmp(resp, "HTTP/1.1 200", 12) == 0);
	free(resp);
	buf_free(&b);
	free(head);
	hubt_get_expect(&h, "/v1/health", NULL, 200, NULL);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
}

TEST(hub_staff_updates_and_audit)
{
	struct hubt h;
	struct hubt_resp r;
	char *kiosk, *ona, *jonas, *item, *etag;
	json_t *j, *hist;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	ona = hubt_token(&h, "--staff", "Ona", NULL, NULL);
	jonas = hubt_token(&h, "--staff", "Jonas", NULL, NULL);
	hubt_start(&h, NULL);
	item = hubt_nomination(RID(01), "k1", "LT-43", "Veda būrelį");
	json_decref(hubt_push(&h, kiosk, &item, 1));
	free(item);

	hubt_http(&h, "GET", "/v1/requests/" RID(01), ona, NULL, NULL, &r);
	CHECK_INT(r.status, 200);
	etag = hubt_header(&r, "ETag");
	CHECK_STR(etag ? etag : "", "\"1\"");
	free(etag);
	j = hubt_parse(r.body);
	CHECK_INT(json_integer_value(json_object_get(j, "version")), 1);
	CHECK_STR(json_string_value(json_object_get(j, "status")), "new");
	CHECK_INT(json_array_size(json_object_get(j, "notes")), 0);
	json_decref(j);
	hubt_resp_free(&r);

	/* Ona and Jonas both read version 1; Ona saves first, Jonas gets 412 */
	hubt_http(&h, "PATCH", "/v1/requests/" RID(01), ona,
		  "{\"status\":\"in_progress\",\"note\":\"Skambinsiu rytoj\"}", "If-Match: \"1\"",
		  &r);
	CHECK_INT(r.status, 200);
	etag = hubt_header(&r, "ETag");
	CHECK_STR(etag ? etag : "", "\"2\"");
	free(etag);
	hubt_resp_free(&r);
	hubt_http(&h, "PATCH", "/v1/requests/" RID(01), jonas, "{\"status\":\"spam\"}",
		  "If-Match: \"1\"", &r);
	hubt_expect(&r, 412, "version_mismatch");
	hubt_resp_free(&r);
	hubt_http(&h, "PATCH", "/v1/requests/" RID(01), jonas, "{\"status\":\"forwarded\"}",
		  "If-Match: 2", &r);
	CHECK_INT(r.status, 200);
	hubt_resp_free(&r);
	hubt_http(&h, "PATCH", "/v1/requests/" RID(01), jonas, "{\"note\":\"Perduota\"}",
		  "If-Match: W/\"3\"", &r);
	CHECK_INT(r.status, 200);
	hubt_resp_free(&r);
	/* bad updates */
	hubt_http(&h, "PATCH", "/v1/requests/" RID(01), jonas, "{\"status\":\"done\"}",
		  "If-Match: \"4\"", &r);
	hubt_expect(&r, 400, "bad_request");
	hubt_resp_free(&r);
	hubt_http(&h, "PATCH", "/v1/requests/" RID(01), jonas, "{\"name\":\"X\"}",
		  "If-Match: \"4\"", &r);
	hubt_expect(&r, 400, "bad_request");
	hubt_resp_free(&r);
	hubt_http(&h, "PATCH", "/v1/requests/" RID(01), jonas, "{}", "If-Match: \"4\"", &r);
	hubt_expect(&r, 400, "bad_request");
	hubt_resp_free(&r);
	hubt_http(&h, "PATCH", "/v1/requests/" RID(01), jonas, "{\"status\":\"closed\"}", NULL,
		  &r);
	hubt_expect(&r, 428, "precondition_required");
	hubt_resp_free(&r);
	hubt_http(&h, "PATCH", "/v1/requests/" RID(01), jonas, "{\"status\":\"closed\"}",
		  "If-Match: soon", &r);
	hubt_expect(&r, 400, "bad_request");
	hubt_resp_free(&r);
	hubt_http(&h, "PATCH", "/v1/requests/" RID(09), jonas, "{\"status\":\"closed\"}",
		  "If-Match: \"1\"", &r);
	hubt_expect(&r, 404, "not_found");
	hubt_resp_free(&r);
	hubt_get_expect(&h, "/v1/requests/not-an-id", jonas, 404, "not_found");
	hubt_http(&h, "PATCH", "/v1/requests/" RID(01), jonas, "{\"status\":\"closed\"",
		  "If-Match: \"4\"", &r);
	hubt_expect(&r, 400, "bad_json");
	hubt_resp_free(&r);

	/* the audit trail: who changed what, when */
	j = hubt_get_json(&h, "/v1/requests/" RID(01), ona);
	CHECK_INT(json_integer_value(json_object_get(j, "version")), 4);
	CHECK_STR(json_string_value(json_object_get(j, "status")), "forwarded");
	CHECK_INT(json_array_size(json_object_get(j, "notes")), 2);
	CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(j, "notes"),
		0), "text")), "Skambinsiu rytoj");
	CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(j, "notes"),
		1), "by")), "Jonas");
	hist = json_object_get(j, "history");
	CHECK_INT(json_array_size(hist), 3);
	CHECK_STR(json_string_value(json_object_get(json_array_get(hist, 0), "by")), "Ona");
	CHECK_STR(json_string_value(json_object_get(json_array_get(hist, 0), "from")), "new");
	CHECK_STR(json_string_value(json_object_get(json_array_get(hist, 0), "to")),
		  "in_progress");
	CHECK_STR(json_string_value(json_object_get(json_array_get(hist, 1), "by")), "Jonas");
	CHECK_STR(json_string_value(json_object_get(json_array_get(hist, 1), "to")),
		  "forwarded");
	CHECK(json_is_string(json_object_get(json_array_get(hist, 1), "at")));
	json_decref(j);
	/* list filters */
	j = hubt_get_json(&h, "/v1/requests?status=forwarded&kind=nomination&kiosk=k1", ona);
	CHECK_INT(count(j, "requests"), 1);
	json_decref(j);
	j = hubt_get_json(&h, "/v1/requests?status=new", ona);
	CHECK_INT(count(j, "requests"), 0);
	json_decref(j);
	j = hubt_get_json(&h, "/v1/requests?since=2999-01-01", ona);
	CHECK_INT(count(j, "requests"), 0);
	json_decref(j);
	j = hubt_get_json(&h, "/v1/requests?since=2000-01-01T00:00:00Z&limit=1", ona);
	CHECK_INT(count(j, "requests"), 1);
	json_decref(j);
	hubt_get_expect(&h, "/v1/requests?status=bogus", ona, 400, "bad_request");
	hubt_get_expect(&h, "/v1/requests?limit=0", ona, 400, "bad_request");
	hubt_get_expect(&h, "/v1/requests?county=LT-XX", ona, 400, "bad_request");
	hubt_get_expect(&h, "/v1/requests?since=yesterday", ona, 400, "bad_request");
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(ona);
	free(jonas);
}

static const char catalogue_json[] =
	"{\"cases\": ["
	"{\"id\": \"11111111-1111-4111-8111-111111111111\", \"person\": \"Aistė\","
	" \"municipality\": \"LT-43\", \"area\": \"humanities\", \"themes\": [\"community\"],"
	" \"title\": \"Bendruomenės namai\", \"contact_allowed\": true},"
	"{\"id\": \"22222222-2222-4222-8222-222222222222\", \"person\": \"Tomas\","
	" \"municipality\": \"LT-02\", \"area\": \"social_sciences\","
	" \"themes\": [\"environment\"], \"title\": \"Žalias miestas\"}],"
	" \"partners\": ["
	"{\"id\": \"33333333-3333-4333-8333-333333333333\", \"name\": \"Jaunimo centras\","
	" \"municipality\": \"LT-57\", \"offers\": [\"volunteering\"]}]}";

TEST(hub_catalogue_feed)
{
	struct hubt h;
	struct hubt_resp r;
	char *kiosk, *admin, *out = NULL, *item;
	const char *path = t_path(0, "cat.json");
	const char *imp[] = {"import", path, NULL};
	const char *del[] = {"delete-case", "22222222-2222-4222-8222-222222222222", NULL};
	const char *delp[] = {"delete-partner", "33333333-3333-4333-8333-333333333333", NULL};
	json_t *j, *c;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	admin = hubt_token(&h, "--admin", "boss", NULL, NULL);
	t_write_file(path, catalogue_json);
	if (!CHECK_INT(hubt_cli(&h, imp, &out, NULL), 0))
		return;
	CHECK(strstr(out, "2 cases") != NULL);
	free(out);
	hubt_start(&h, NULL);

	hubt_http(&h, "GET", "/v1/cases?since=0", kiosk, NULL, NULL, &r);
	CHECK_INT(r.status, 200);
	j = hubt_parse(r.body);
	CHECK_INT(count(j, "cases"), 2);
	CHECK_INT(count(j, "partners"), 1);
	CHECK_INT(json_integer_value(json_object_get(j, "next")), 3);
	CHECK(json_is_false(json_object_get(j, "more")));
	c = json_array_get(json_object_get(j, "cases"), 0);
	CHECK(json_is_false(json_object_get(c, "deleted")));
	CHECK(json_integer_value(json_object_get(c, "seq")) > 0);
	CHECK(json_is_string(json_object_get(c, "title")));
	json_decref(j);
	hubt_resp_free(&r);
	/* page by page */
	j = hubt_get_json(&h, "/v1/cases?since=0&limit=2", kiosk);
	CHECK_INT(count(j, "cases") + count(j, "partners"), 2);
	CHECK(json_is_true(json_object_get(j, "more")));
	CHECK_INT(json_integer_value(json_object_get(j, "next")), 2);
	json_decref(j);
	j = hubt_get_json(&h, "/v1/cases?since=2&limit=2", kiosk);
	CHECK_INT(count(j, "cases") + count(j, "partners"), 1);
	CHECK(json_is_false(json_object_get(j, "more")));
	json_decref(j);
	hubt_get_expect(&h, "/v1/cases?since=-1", kiosk, 400, "bad_request");
	hubt_get_expect(&h, "/v1/cases?limit=abc", kiosk, 400, "bad_request");

	/* importing the same file again changes nothing in the feed */
	CHECK_INT(hubt_cli(&h, imp, NULL, NULL), 0);
	j = hubt_get_json(&h, "/v1/cases?since=3", kiosk);
	CHECK_INT(count(j, "cases") + count(j, "partners"), 0);
	CHECK_INT(json_integer_value(json_object_get(j, "next")), 3);
	json_decref(j);

	/* a request about a case takes the case's county */
	item = hubt_contact(RID(01), "k1", "22222222-2222-4222-8222-222222222222");
	json_decref(hubt_push(&h, kiosk, &item, 1));
	free(item);

	/* deleting leaves tombstones */
	CHECK_INT(hubt_cli(&h, del, NULL, NULL), 0);
	CHECK_INT(hubt_cli(&h, del, NULL, NULL), 1);    /* no such live case any more */
	CHECK_INT(hubt_cli(&h, delp, NULL, NULL), 0);
	j = hubt_get_json(&h, "/v1/cases?since=3", kiosk);
	CHECK_INT(count(j, "cases"), 1);
	CHECK_INT(count(j, "partners"), 1);
	c = json_array_get(json_object_get(j, "cases"), 0);
	CHECK_STR(json_string_value(json_object_get(c, "id")),
		  "22222222-2222-4222-8222-222222222222");
	CHECK(json_is_true(json_object_get(c, "deleted")));
	CHECK_INT(json_integer_value(json_object_get(c, "seq")), 4);
	CHECK(json_is_true(json_object_get(json_array_get(json_object_get(j, "partners"), 0),
					   "deleted")));
	CHECK_INT(json_integer_value(json_object_get(j, "next")), 5);
	json_decref(j);
	/* the request keeps its county after the case is gone */
	j = hubt_get_json(&h, "/v1/requests/" RID(01), admin);
	CHECK_STR(json_string_value(json_object_get(j, "county")), "LT-AL");
	json_decref(j);
	/* CSV in windows-1257 through the same importer */
	{
		const char *csv = t_path(5, "cat.csv");
		const char *imp_csv[] = {"import", csv, "--encoding", "windows-1257", NULL};

		t_write_file(csv, "id,person,municipality,area,themes,title\n"
			     "44444444-4444-4444-8444-444444444444,J\xfbrat\xeb,LT-43,humanities,"
			     "community;innovation,\xd0iauli\xf8 \xfe" "emaitija\n");
		CHECK_INT(hubt_cli(&h, imp_csv, NULL, NULL), 0);
		j = hubt_get_json(&h, "/v1/cases?since=4", kiosk);
		c = json_array_get(json_object_get(j, "cases"), 0);
		CHECK_STR(json_string_value(json_object_get(c, "title")), "Šiaulių žemaitija");
		CHECK_STR(json_string_value(json_object_get(c, "person")), "Jūratė");
		json_decref(j);
	}
	/* a bad import stores nothing */
	t_write_file(path, "{\"cases\": [{\"id\": \"nope\"}]}");
	CHECK_INT(hubt_cli(&h, imp, NULL, NULL), 1);
	j = hubt_get_json(&h, "/v1/cases?since=6", kiosk);
	CHECK_INT(count(j, "cases"), 0);
	json_decref(j);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(admin);
}

TEST(hub_heartbeat_and_kiosks)
{
	struct hubt h;
	struct hubt_resp r;
	char *k1, *admin;
	json_t *j, *k;

	hubt_init(&h, "hub");
	k1 = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	free(hubt_token(&h, "--kiosk", "k2", NULL, NULL));
	admin = hubt_token(&h, "--admin", "boss", NULL, NULL);
	hubt_start(&h, NULL);
	hubt_http(&h, "POST", "/v1/heartbeat", k1,
		  "{\"version\":\"0.1.0\",\"outbox\":7,\"seq\":42,\"uptime_s\":3600,"
		  "\"outbox_oldest_s\":90,\"future_field\":true}", NULL, &r);
	CHECK_INT(r.status, 204);
	CHECK_STR(r.body, "");
	hubt_resp_free(&r);
	hubt_http(&h, "POST", "/v1/heartbeat", k1, "{\"outbox\":-1}", NULL, &r);
	hubt_expect(&r, 400, "bad_request");
	hubt_resp_free(&r);
	hubt_http(&h, "POST", "/v1/heartbeat", k1, "{\"version\":5}", NULL, &r);
	hubt_expect(&r, 400, "bad_request");
	hubt_resp_free(&r);
	hubt_http(&h, "POST", "/v1/heartbeat", k1, "nope", NULL, &r);
	hubt_expect(&r, 400, "bad_json");
	hubt_resp_free(&r);
	hubt_http(&h, "POST", "/v1/heartbeat", admin, "{\"outbox\":1}", NULL, &r);
	hubt_expect(&r, 400, "bad_request");
	hubt_resp_free(&r);
	hubt_http(&h, "GET", "/v1/kiosks", admin, NULL, NULL, &r);
	CHECK_INT(r.status, 200);
	j = hubt_parse(r.body);
	CHECK_INT(count(j, "kiosks"), 2);
	k = json_array_get(json_object_get(j, "kiosks"), 0);
	CHECK_STR(json_string_value(json_object_get(k, "id")), "k1");
	CHECK_STR(json_string_value(json_object_get(k, "version")), "0.1.0");
	CHECK_INT(json_integer_value(json_object_get(k, "outbox")), 7);
	CHECK_INT(json_integer_value(json_object_get(k, "seq")), 42);
	CHECK_INT(json_integer_value(json_object_get(k, "uptime_s")), 3600);
	CHECK_INT(json_integer_value(json_object_get(k, "outbox_oldest_s")), 90);
	CHECK(json_is_string(json_object_get(k, "last_seen")));
	k = json_array_get(json_object_get(j, "kiosks"), 1);
	CHECK_STR(json_string_value(json_object_get(k, "id")), "k2");
	CHECK(json_is_null(json_object_get(k, "last_seen")));
	json_decref(j);
	hubt_resp_free(&r);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(k1);
	free(admin);
}

TEST(hub_csv_export)
{
	struct hubt h;
	struct hubt_resp r;
	char *kiosk, *staff, *items[2], *ct;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	staff = hubt_token(&h, "--staff", "Ona", NULL, NULL);
	hubt_start(&h, NULL);
	items[0] = hubt_nomination(RID(01), "k1", "LT-43", "Sako \\\"labas\\\", kasdien\\n"
				   "ir šypsosi");
	items[1] = hubt_contact(RID(02), "k1", "11111111-1111-4111-8111-111111111111");
	json_decref(hubt_push(&h, kiosk, items, 2));
	free(items[0]);
	free(items[1]);

	hubt_http(&h, "GET", "/v1/requests.csv", staff, NULL, NULL, &r);
	CHECK_INT(r.status, 200);
	ct = hubt_header(&r, "Content-Type");
	CHECK_STR(ct ? ct : "", "text/csv; charset=utf-8");
	free(ct);
	ct = hubt_header(&r, "Content-Disposition");
	CHECK(ct != NULL && strstr(ct, "attachment") != NULL);
	free(ct);
	CHECK(strncmp(r.body, "\xEF\xBB\xBF\"id\",\"ref\",", 14) == 0);
	CHECK(strstr(r.body, "\r\n\"" RID(02) "\",") != NULL);     /* newest first */
	CHECK(strstr(r.body, "\"Rūta\"") != NULL);
	CHECK(strstr(r.body, "\"'+37061234567\"") != NULL);         /* formula guard */
	CHECK(strstr(r.body, "\"'=SUM(A1)\"") != NULL);
	CHECK(strstr(r.body, "\"Sako \"\"labas\"\", kasdien\nir šypsosi\"") != NULL);
	CHECK(strstr(r.body, "\"jonas@example.lt\"") != NULL);
	hubt_resp_free(&r);

	hubt_http(&h, "GET", "/v1/requests.csv?charset=windows-1257&kind=nomination", staff,
		  NULL, NULL, &r);
	CHECK_INT(r.status, 200);
	ct = hubt_header(&r, "Content-Type");
	CHECK_STR(ct ? ct : "", "text/csv; charset=windows-1257");
	free(ct);
	CHECK(strncmp(r.body, "\"id\"", 4) == 0);                   /* no BOM */
	CHECK(strstr(r.body, "\"R\xfbta\"") != NULL);                /* ū is 0xFB */
	CHECK(strstr(r.body, "\"Ona \xde" "emait\xeb\"") != NULL);   /* Ž 0xDE, ė 0xEB */
	CHECK(strstr(r.body, RID(02)) == NULL);
	hubt_resp_free(&r);
	hubt_get_expect(&h, "/v1/requests.csv?charset=koi8-r", staff, 400, "bad_request");
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(staff);
}

TEST(hub_csv_field_guard)
{
	struct buf b = {0};

	csv_field(&b, "=1+2");
	csv_field(&b, "+370");
	csv_field(&b, "-x");
	csv_field(&b, "@SUM");
	csv_field(&b, "a\"b");
	csv_field(&b, NULL);
	csv_field(&b, "plain");
	CHECK_STR(b.s, "\"'=1+2\"\"'+370\"\"'-x\"\"'@SUM\"\"a\"\"b\"\"\"\"plain\"");
	buf_free(&b);
}

TEST(hub_rate_limit)
{
	const char *extra[] = {"--rate", "1", "--burst", "3", NULL};
	struct hubt h;
	struct hubt_resp r;
	char *kiosk, *other, *ra;
	int i, limited = 0;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	other = hubt_token(&h, "--kiosk", "k2", NULL, NULL);
	hubt_start(&h, extra);
	for (i = 0; i < 6 && !limited; i++) {
		hubt_http(&h, "GET", "/v1/cases", kiosk, NULL, NULL, &r);
		if (r.status == 429) {
			limited = 1;
			hubt_expect(&r, 429, "rate_limited");
			ra = hubt_header(&r, "Retry-After");
			CHECK(ra != NULL && strtol(ra, NULL, 10) >= 1);
			free(ra);
		} else {
			CHECK_INT(r.status, 200);
		}
		hubt_resp_free(&r);
	}
	CHECK(limited);
	CHECK(i >= 4);
	/* another token has its own allowance */
	hubt_get_expect(&h, "/v1/cases", other, 200, NULL);
	/* a POST is limited too, before its body is read (a slow run may have earned
	 * the token one more request meanwhile) */
	for (i = 0, limited = 0; i < 5 && !limited; i++) {
		hubt_http(&h, "POST", "/v1/requests", kiosk, "{\"requests\":[]}", NULL, &r);
		limited = r.status == 429;
		hubt_resp_free(&r);
	}
	CHECK(limited);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(other);
}

TEST(hub_purge)
{
	struct hubt h;
	struct hubt_resp r;
	char *kiosk, *admin, *items[2], *out = NULL;
	const char *purge0[] = {"purge", "--older-than", "0", NULL};
	const char *purge_default[] = {"purge", NULL};
	json_t *j;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	admin = hubt_token(&h, "--admin", "boss", NULL, NULL);
	hubt_start(&h, NULL);
	items[0] = hubt_nomination(RID(01), "k1", "LT-43", "Veda būrelį");
	items[1] = hubt_nomination(RID(02), "k1", "LT-43", "Moko");
	json_decref(hubt_push(&h, kiosk, items, 2));
	hubt_http(&h, "PATCH", "/v1/requests/" RID(01), admin,
		  "{\"status\":\"closed\",\"note\":\"Ona Petraitienė, tel. 8 612 00000\"}",
		  "If-Match: \"1\"", &r);
	CHECK_INT(r.status, 200);
	hubt_resp_free(&r);
	/* nothing is old enough under the default retention */
	CHECK_INT(hubt_cli(&h, purge_default, &out, NULL), 0);
	CHECK(strstr(out, "purged 0") != NULL);
	free(out);
	CHECK_INT(hubt_cli(&h, purge0, &out, NULL), 0);
	CHECK(strstr(out, "purged 1") != NULL);
	free(out);
	hubt_get_expect(&h, "/v1/requests/" RID(01), admin, 404, "not_found");
	hubt_http(&h, "GET", "/v1/requests", admin, NULL, NULL, &r);
	j = hubt_parse(r.body);
	CHECK_INT(count(j, "requests"), 1);
	json_decref(j);
	CHECK(strstr(r.body, "Petraitien") == NULL);
	hubt_resp_free(&r);
	/* a late resend of the purged request is recognised, not stored again */
	j = hubt_push(&h, kiosk, items, 1);
	CHECK_INT(count(j, "accepted"), 1);
	json_decref(j);
	hubt_get_expect(&h, "/v1/requests/" RID(01), admin, 404, NULL);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	/* the personal data is gone from the database file too (after a checkpoint); on
	 * PostgreSQL the server's own vacuum does that */
	if (!hubt_is_pg()) {
		char *db = NULL, *err = NULL;
		size_t n = 0;

		CHECK(read_file(h.db, 64 << 20, &db, &n, &err) == 0);
		CHECK(db != NULL && !contains(db, n, "Petraitien"));
		free(db);
		free(err);
	}
	free(items[0]);
	free(items[1]);
	free(kiosk);
	free(admin);
}

TEST(hub_logs_hold_no_personal_data)
{
	struct hubt h;
	struct hubt_resp r;
	char *kiosk, *staff, *item, *log;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	staff = hubt_token(&h, "--staff", "Ona", NULL, NULL);
	hubt_start(&h, NULL);
	item = hubt_nomination(RID(01), "k1", "LT-43", "Veda būrelį");
	json_decref(hubt_push(&h, kiosk, &item, 1));
	free(item);
	hubt_http(&h, "GET", "/v1/requests?kiosk=k1&since=2026-01-01&status=new", staff, NULL,
		  NULL, &r);
	hubt_resp_free(&r);
	hubt_http(&h, "GET", "/v1/requests.csv?kiosk=jonas%40example.lt", staff, NULL, NULL, &r);
	hubt_resp_free(&r);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	log = NULL;
	{
		char *err = NULL;
		size_t n;

		if (read_file(h.err, 1 << 20, &log, &n, &err) < 0)
			t_fail("%s", err);
	}
	CHECK(strstr(log, "POST /v1/requests 200") != NULL);
	CHECK(strstr(log, "GET /v1/requests?kiosk&since&status 200") != NULL);
	CHECK(strstr(log, "Rūta") == NULL);
	CHECK(strstr(log, "61234567") == NULL);
	CHECK(strstr(log, "jonas") == NULL);
	CHECK(strstr(log, "example") == NULL);
	CHECK(strstr(log, kiosk) == NULL);
	CHECK(strstr(log, "k1") == NULL);
	CHECK(strstr(log, "stopped") != NULL);
	free(log);
	free(kiosk);
	free(staff);
}

TEST(hub_sigterm_finishes_in_flight)
{
	struct hubt h;
	char *kiosk, *head, *resp, *body, *item;
	int fd, status;
	ssize_t w;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	hubt_start(&h, NULL);
	/* a request half sent when SIGTERM comes is still answered, then the hub exits 0 */
	item = hubt_nomination(RID(01), "k1", "LT-43", "Veda būrelį");
	body = hubt_batch(&item, 1);
	head = xasprintf("POST /v1/requests HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			 "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
			 "Expect: 100-continue\r\nContent-Length: %zu\r\n\r\n", kiosk,
			 strlen(body));
	fd = hubt_connect(&h);
	w = write(fd, head, strlen(head));
	CHECK(w == (ssize_t)strlen(head));
	{
		/* "100 Continue" shows the hub has the headers: the request is in flight */
		struct pollfd pf = {fd, POLLIN, 0};
		char got[64] = "";
		ssize_t n = 0;

		if (poll(&pf, 1, 5000) == 1)
			n = read(fd, got, sizeof got - 1);
		CHECK(n > 0 && strncmp(got, "HTTP/1.1 100", 12) == 0);
	}
	w = write(fd, body, 10);
	CHECK(w == 10);
	kill(h.pid, SIGTERM);
	w = write(fd, body + 10, strlen(body) - 10);
	CHECK(w == (ssize_t)(strlen(body) - 10));
	{
		struct buf b = {0};
		char chunk[4096];
		ssize_t n;

		while ((n = read(fd, chunk, sizeof chunk)) > 0) {
			buf_add(&b, chunk, (size_t)n);
			if (strstr(b.s, "\"rejected\"") != NULL)
				break;
		}
		resp = b.s ? buf_take(&b) : xstrdup("");
	}
	close(fd);
	CHECK(strncmp(resp, "HTTP/1.1 200", 12) == 0);
	CHECK(strstr(resp, RID(01)) != NULL);
	free(resp);
	while (waitpid(h.pid, &status, 0) < 0)
		;
	h.pid = 0;
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	free(head);
	free(body);
	free(item);
	free(kiosk);
}

/* A stream of batches, SIGKILL in the middle, restart: every acknowledged request is
 * there. The pusher is a child process writing each acknowledged id to a file. */
TEST(hub_sigkill_keeps_acknowledged)
{
	struct hubt h;
	struct hubt_resp r;
	char *kiosk, *admin, *acked = NULL, *err = NULL, *p;
	const char *ackpath = t_path(1, "acked.txt");
	const char *no_limit[] = {"--rate", "0", NULL};
	int64_t deadline;
	size_t n;
	pid_t child;
	int status, total = 0, missing = 0;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	admin = hubt_token(&h, "--admin", "boss", NULL, NULL);
	hubt_start(&h, no_limit);
	fflush(NULL);
	child = fork();
	if (child == 0) {
		FILE *f = fopen(ackpath, "w");
		int b, i;

		for (b = 0; f != NULL; b++) {
			char *items[20], ids[20][37], *body;
			for (i = 0; i < 20; i++) {
				uuid_make(ids[i]);
				items[i] = hubt_nomination(ids[i], "k1", "LT-43", "Srautas");
			}
			body = hubt_batch(items, 20);
			for (i = 0; i < 20; i++)
				free(items[i]);
			{
				/* a plain HTTP exchange; any failure ends the stream */
				char *head = xasprintf("POST /v1/requests HTTP/1.1\r\nHost: x\r\n"
					"Authorization: Bearer %s\r\n"
					"Content-Type: application/json\r\nConnection: close\r\n"
					"Content-Length: %zu\r\n\r\n%s", kiosk, strlen(body), body);
				char *resp = hubt_raw(&h, head, strlen(head), 0, 5000);

				free(head);
				free(body);
				if (strncmp(resp, "HTTP/1.1 200", 12) != 0 ||
				    strstr(resp, "\"rejected\":[]") == NULL) {
					free(resp);
					break;
				}
				for (i = 0; i < 20; i++) {
					if (strstr(resp, ids[i]) != NULL)
						fprintf(f, "%s\n", ids[i]);
				}
				fflush(f);
				free(resp);
			}
		}
		_exit(0);
	}
	/* kill the hub once a good number of batches went through */
	deadline = now_ms_monotonic() + 20000;
	for (;;) {
		char *s = NULL;

		if (read_file(ackpath, 16 << 20, &s, &n, &err) == 0 && n >= 37 * 200) {
			free(s);
			break;
		}
		free(s);
		free(err);
		err = NULL;
		if (now_ms_monotonic() > deadline)
			t_fail("the stream of batches did not get going");
		t_sleep_ms(2);
	}
	CHECK_INT(hubt_stop(&h, SIGKILL), -1);
	while (waitpid(child, &status, 0) < 0)
		;
	hubt_start(&h, no_limit);
	if (read_file(ackpath, 16 << 20, &acked, &n, &err) < 0)
		t_fail("%s", err);
	for (p = acked; *p; ) {
		char id[37], path[64];
		char *nl = strchr(p, '\n');

		if (nl == NULL)
			break;
		snprintf(id, sizeof id, "%.36s", p);
		snprintf(path, sizeof path, "/v1/requests/%s", id);
		hubt_http(&h, "GET", path, admin, NULL, NULL, &r);
		if (r.status != 200 && missing++ == 0)
			fprintf(stderr, "  %s: %ld %s\n", id, r.status, r.body);
		hubt_resp_free(&r);
		total++;
		p = nl + 1;
	}
	CHECK(total >= 200);
	CHECK_INT(missing, 0);
	free(acked);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(admin);
}

TEST(hub_cli)
{
	struct hubt h;
	char *out = NULL, *err = NULL;
	size_t i;
	const char *helps[][4] = {
		{"--help", NULL}, {"--version", NULL}, {"serve", "--help", NULL},
		{"serve", "--version", NULL}, {"token", "--help", NULL},
		{"token", "create", "--help", NULL}, {"import", "--help", NULL},
		{"purge", "--help", NULL}, {"delete-case", "--help", NULL},
		{"purge", "--version", NULL},
	};
	const char *bad[][5] = {
		{"frobnicate", NULL}, {"token", "create", NULL},
		{"token", "create", "--kiosk", NULL},
		{"token", "create", "--kiosk", "a b", NULL},
		{"token", "create", "--staff", "x", "--county"},
		{"token", "create", "--admin", "x", "--county"},
		{"purge", "--older-than", "soon", NULL}, {"import", NULL},
		{"serve", "--listen", "nowhere", NULL}, {"serve", "--rate", "-1", NULL},
		{"serve", "--tls-cert", "x.pem", NULL}, {"delete-case", NULL},
		{"token", "revoke", NULL},
	};
	const char *county[] = {"token", "create", "--staff", "Ona", "--county", "LT-XX", NULL};
	const char *missing[] = {"import", "/nonexistent/file.json", NULL};
	const char *revoke[] = {"token", "revoke", "0000000000000000", NULL};
	const char *list[] = {"token", "list", NULL};
	char *tok, id[17];

	hubt_init(&h, "hub");
	for (i = 0; i < sizeof helps / sizeof helps[0]; i++) {
		if (!CHECK_INT(hubt_cli(&h, helps[i], &out, NULL), 0))
			fprintf(stderr, "  %s %s\n", helps[i][0], helps[i][1] ? helps[i][1] : "");
		CHECK(strstr(out, "usage") != NULL || strstr(out, "vitrina-hub 0") != NULL);
		free(out);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (!CHECK_INT(hubt_cli(&h, bad[i], NULL, &err), 2))
			fprintf(stderr, "  %s %s\n", bad[i][0], bad[i][1] ? bad[i][1] : "");
		CHECK(strncmp(err, "vitrina-hub: ", 13) == 0);
		CHECK(strchr(err, '\n') == err + strlen(err) - 1);      /* one line */
		free(err);
	}
	CHECK_INT(hubt_cli(&h, county, NULL, NULL), 2);
	CHECK_INT(hubt_cli(&h, missing, NULL, NULL), 1);
	CHECK_INT(hubt_cli(&h, revoke, NULL, NULL), 1);
	tok = hubt_token(&h, "--staff", "Ona", "LT-SA", id);
	CHECK_INT(strlen(tok), 64);
	CHECK_INT(hubt_cli(&h, list, &out, NULL), 0);
	CHECK(strstr(out, id) != NULL);
	CHECK(strstr(out, "LT-SA") != NULL);
	CHECK(strstr(out, tok) == NULL);
	free(out);
	free(tok);
	{
		/* a database file that cannot be opened is a runtime failure */
		char bin[1024];
		char *argv[] = {bin, (char *)"--db", (char *)"/nonexistent/dir/h.db",
				(char *)"purge", NULL};

		snprintf(bin, sizeof bin, "%s", t_bin("vitrina-hub"));
		CHECK_INT(t_run(argv, NULL, NULL), 1);
	}
}

TEST(hub_tls)
{
	const char *cert = t_path(2, "cert.pem"), *key = t_path(3, "key.pem");
	const char *extra[] = {"--tls-cert", cert, "--tls-key", key, NULL};
	struct hubt h;
	char *resp;

	hubt_make_cert(cert, key);
	hubt_init(&h, "hub");
	hubt_start(&h, extra);
	snprintf(h.url, sizeof h.url, "https://127.0.0.1:%d", h.port);
	{
		/* curl verifies the peer against our certificate */
		CURL *c = curl_easy_init();
		char url[128];
		long code = 0;
		CURLcode rc;

		snprintf(url, sizeof url, "%s/v1/health", h.url);
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_CAINFO, cert);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
		rc = curl_easy_perform(c);
		CHECK_INT(rc, CURLE_OK);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		CHECK_INT(code, 200);
		curl_easy_cleanup(c);
	}
	/* plain HTTP to the TLS port gets nowhere */
	resp = hubt_raw(&h, "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n", 36, 1, 2000);
	CHECK(strstr(resp, "200 OK") == NULL);
	free(resp);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
}

TEST(hub_storage_unavailable)
{
	const char *extra[] = {"--busy-timeout", "50", NULL};
	struct hubt h;
	struct hubt_resp r;
	char *kiosk, *item, *err = NULL;
	sqlite3 *db = NULL;
	json_t *j;

	hubt_sqlite_only();
	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	hubt_start(&h, extra);
	/* another process holds the write lock: the hub answers 503, stores nothing */
	if (sqlite3_open(h.db, &db) != SQLITE_OK || db_exec(db, "BEGIN IMMEDIATE", &err) < 0)
		t_fail("cannot lock the hub database: %s", err);
	item = hubt_nomination(RID(01), "k1", "LT-43", "Veda būrelį");
	{
		char *body = hubt_batch(&item, 1);

		post(&h, kiosk, body, &r);
		free(body);
	}
	hubt_expect(&r, 503, "unavailable");
	hubt_resp_free(&r);
	hubt_http(&h, "POST", "/v1/heartbeat", kiosk, "{\"outbox\":1}", NULL, &r);
	hubt_expect(&r, 503, "unavailable");
	hubt_resp_free(&r);
	/* reads go on */
	hubt_get_expect(&h, "/v1/cases", kiosk, 200, NULL);
	db_rollback(db);
	sqlite3_close(db);
	/* and the retry is accepted */
	j = hubt_push(&h, kiosk, &item, 1);
	CHECK_INT(count(j, "accepted"), 1);
	json_decref(j);
	free(item);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
}

TEST(hub_connection_limits)
{
	const char *extra[] = {"--max-connections", "2", NULL};
	const char *idle[] = {"--timeout", "1", NULL};
	static const char get[] = "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
	struct hubt h;
	int a, b, c, closed = 0;
	char buf[512];
	ssize_t n;
	int64_t deadline;

	hubt_init(&h, "hub");
	hubt_start(&h, extra);
	a = hubt_connect(&h);
	b = hubt_connect(&h);
	/* both are served */
	CHECK(write(a, get, sizeof get - 1) == (ssize_t)(sizeof get - 1));
	n = read(a, buf, sizeof buf - 1);
	CHECK(n > 12 && strncmp(buf, "HTTP/1.1 200", 12) == 0);
	CHECK(write(b, get, sizeof get - 1) == (ssize_t)(sizeof get - 1));
	n = read(b, buf, sizeof buf - 1);
	CHECK(n > 12 && strncmp(buf, "HTTP/1.1 200", 12) == 0);
	/* a third is turned away while two are open */
	c = hubt_connect(&h);
	if (write(c, get, sizeof get - 1) > 0) {
		struct pollfd p = {c, POLLIN, 0};

		n = poll(&p, 1, 3000) == 1 ? read(c, buf, sizeof buf - 1) : -1;
		CHECK(n <= 0);
	}
	close(c);
	close(a);
	close(b);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);

	/* idle connections are closed after the timeout */
	hubt_start(&h, idle);
	b = hubt_connect(&h);
	deadline = now_ms_monotonic() + 10000;
	while (!closed && now_ms_monotonic() < deadline) {
		struct pollfd p = {b, POLLIN, 0};

		if (poll(&p, 1, 100) == 1)
			closed = read(b, buf, sizeof buf) <= 0;
	}
	CHECK(closed);
	close(b);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
}
