/* The staff client (src/review.c) against a real vitrina-hub on 127.0.0.1. */
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "review.h"
#include "t.h"
#include "hub_harness.h"
#include "util.h"

#define RID(n) "00000000-0000-4000-8000-0000000000" #n

/* A hub with a kiosk k1 and a staff member Ona; three requests pushed: two
 * nominations (Šiauliai, Kaunas) and one contact. *staff gets Ona's token. */
/* A staff client of url with token (and a CA file), as `vitrina review` makes one. */
static struct review_client *client_new(const char *url, const char *token, const char *ca,
					char **err)
{
	return review_client_new(&(struct hubclient_opts){.url = url, .token = token,
							.ca_file = ca}, err);
}

static void hub_with_requests(struct hubt *h, char **staff)
{
	char *kiosk, *items[3], *batch;
	struct hubt_resp r;

	hubt_init(h, "hub");
	kiosk = hubt_token(h, "--kiosk", "k1", NULL, NULL);
	*staff = hubt_token(h, "--staff", "Ona", NULL, NULL);
	hubt_start(h, NULL);
	items[0] = hubt_nomination(RID(01), "k1", "LT-43", "Veda būrelį");
	items[1] = hubt_contact(RID(02), "k1", "11111111-1111-4111-8111-111111111111");
	items[2] = hubt_nomination(RID(03), "k1", "LT-15", "Tvarko parką");
	batch = hubt_batch(items, 3);
	hubt_http(h, "POST", "/v1/requests", kiosk, batch, NULL, &r);
	if (r.status != 200 || strstr(r.body, "\"rejected\":[]") == NULL)
		t_fail("push: %ld %s", r.status, r.body);
	hubt_resp_free(&r);
	free(batch);
	free(items[0]);
	free(items[1]);
	free(items[2]);
	free(kiosk);
}

static struct review_client *client(const struct hubt *h, const char *token)
{
	char *err = NULL;
	struct review_client *c = client_new(h->url, token, NULL, &err);

	if (c == NULL)
		t_fail("client: %s", err);
	return c;
}

static const struct review_item *find(const struct review_item *items, int n, const char *id)
{
	int i;

	for (i = 0; i < n; i++) {
		if (strcmp(items[i].id, id) == 0)
			return &items[i];
	}
	return NULL;
}

TEST(review_list_and_filters)
{
	struct hubt h;
	struct review_client *c;
	struct review_call *k;
	struct review_filter f;
	struct review_item *items;
	const struct review_item *it;
	char *staff;
	int n;

	hub_with_requests(&h, &staff);
	c = client(&h, staff);

	k = review_list_start(c, NULL);
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_OK);
	CHECK_INT(review_call_status(k), 200);
	n = review_call_items(k, &items, false);
	CHECK_INT(n, 3);
	it = find(items, n, RID(01));
	if (CHECK(it != NULL)) {
		CHECK_STR(it->kind, "nomination");
		CHECK_STR(it->status, "new");
		CHECK_STR(it->county, "LT-SA");
		CHECK_STR(it->kiosk_id, "k1");
		CHECK_STR(it->nominee, "Ona Žemaitė");
		CHECK_STR(it->why, "Veda būrelį");
		CHECK_INT(it->version, 1);
		CHECK_INT(strlen(it->ref), 9);
	}
	it = find(items, n, RID(02));
	if (CHECK(it != NULL)) {
		CHECK_STR(it->county, "");     /* null: its case is unknown to the hub */
		CHECK_STR(it->contact, "jonas@example.lt");
	}
	review_call_free(k);

	memset(&f, 0, sizeof f);
	f.kind = "nomination";
	f.county = "LT-KU";
	k = review_list_start(c, &f);
	review_call_wait(k);
	n = review_call_items(k, &items, true);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(items[0].id, RID(03));
	review_items_free(items, n);
	review_call_free(k);

	/* paging: two a page */
	memset(&f, 0, sizeof f);
	f.limit = 2;
	f.offset = 2;
	k = review_list_start(c, &f);
	review_call_wait(k);
	CHECK_INT(review_call_items(k, &items, false), 1);
	review_call_free(k);

	/* a filter the hub refuses is an error with its message */
	memset(&f, 0, sizeof f);
	f.county = "LT-XX";
	k = review_list_start(c, &f);
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_FAILED);
	CHECK_INT(review_call_status(k), 400);
	CHECK(strstr(review_call_error(k), "county") != NULL);
	review_call_free(k);

	review_client_free(c);
	free(staff);
	hubt_stop(&h, 15);
}

TEST(review_get_and_patch_with_if_match)
{
	struct hubt h;
	struct review_client *c;
	struct review_call *k;
	struct review_item it, it2;
	char *staff;

	hub_with_requests(&h, &staff);
	c = client(&h, staff);

	k = review_get_start(c, RID(01));
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_OK);
	if (!CHECK_INT(review_call_take_item(k, &it), 0))
		t_fail("no item");
	review_call_free(k);
	CHECK_INT(it.version, 1);
	CHECK_INT(it.nnotes, 0);
	CHECK_STR(it.nominee_municipality, "LT-43");

	k = review_patch_start(c, RID(01), it.version, "in_progress",
			       "Skambinsiu rytoj\nantra eilutė");
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_OK);
	CHECK_INT(review_call_take_item(k, &it2), 0);
	review_call_free(k);
	CHECK_STR(it2.status, "in_progress");
	CHECK_INT(it2.version, 2);
	if (CHECK_INT(it2.nnotes, 1)) {
		CHECK_STR(it2.notes[0].text, "Skambinsiu rytoj\nantra eilutė");
		CHECK_STR(it2.notes[0].by, "Ona");
	}
	if (CHECK(it2.nhistory >= 1)) {
		CHECK_STR(it2.history[it2.nhistory - 1].to, "in_progress");
		CHECK_STR(it2.history[it2.nhistory - 1].by, "Ona");
	}

	/* the version read first is stale now: 412, and nothing changes */
	k = review_patch_start(c, RID(01), it.version, "spam", NULL);
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_CONFLICT);
	CHECK_INT(review_call_status(k), 412);
	CHECK(review_call_error(k)[0] != '\0');
	review_call_free(k);

	/* a note alone, with the current version */
	k = review_patch_start(c, RID(01), it2.version, NULL, "Perduota");
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_OK);
	review_call_free(k);

	k = review_get_start(c, RID(01));
	review_call_wait(k);
	review_item_free(&it);
	CHECK_INT(review_call_take_item(k, &it), 0);
	review_call_free(k);
	CHECK_STR(it.status, "in_progress");
	CHECK_INT(it.version, 3);
	CHECK_INT(it.nnotes, 2);

	/* nothing to change, a bad status, an unknown id */
	k = review_patch_start(c, RID(01), 3, NULL, "");
	CHECK_INT(review_call_outcome(k), REVIEW_FAILED);
	review_call_free(k);
	k = review_patch_start(c, RID(01), 3, "done", NULL);
	review_call_wait(k);
	CHECK_INT(review_call_status(k), 400);
	review_call_free(k);
	k = review_get_start(c, RID(99));
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_NOT_FOUND);
	review_call_free(k);

	review_item_free(&it);
	review_item_free(&it2);
	review_client_free(c);
	free(staff);
	hubt_stop(&h, 15);
}

TEST(review_bad_token_is_401)
{
	struct hubt h;
	struct review_client *c;
	struct review_call *k;
	char *staff;

	hub_with_requests(&h, &staff);
	c = client(&h, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	k = review_list_start(c, NULL);
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_UNAUTHORISED);
	CHECK_INT(review_call_status(k), 401);
	CHECK(strstr(review_call_error(k), "0123456789abcdef") == NULL);
	CHECK(strstr(review_call_summary(k), "does not accept this token") != NULL);
	review_call_free(k);
	k = review_patch_start(c, RID(01), 1, "closed", NULL);
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_UNAUTHORISED);
	review_call_free(k);
	review_client_free(c);
	free(staff);
	hubt_stop(&h, 15);
}

/* The hub's error codes become plain sentences; its own message stays the detail. */
TEST(review_hub_errors_explained)
{
	struct hubt h;
	struct review_client *c;
	struct review_call *k;
	struct review_filter f;
	char *staff, *text;

	hub_with_requests(&h, &staff);
	c = client(&h, staff);
	k = review_get_start(c, "00000000-0000-4000-8000-000000000099");
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_NOT_FOUND);
	CHECK_STR(review_call_summary(k), "The hub does not have this request (any more).");
	review_call_free(k);
	memset(&f, 0, sizeof f);
	f.since = "2026-02-31";
	k = review_list_start(c, &f);
	review_call_wait(k);
	CHECK_INT(review_call_status(k), 400);
	CHECK_STR(review_call_summary(k), "The hub refused this as not valid.");
	text = review_call_explain(k);
	CHECK(strncmp(text, "The hub refused this as not valid. (", 36) == 0);
	CHECK(strstr(text, "since") != NULL);           /* the hub's message as the detail */
	free(text);
	review_call_free(k);
	k = review_patch_start(c, RID(01), 7, "closed", NULL);
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_CONFLICT);
	CHECK_STR(review_call_summary(k), "Someone else changed this request first.");
	review_call_free(k);
	k = review_list_start(c, NULL);
	review_call_wait(k);
	CHECK_STR(review_call_summary(k), "");
	review_call_free(k);
	review_client_free(c);
	free(staff);
	hubt_stop(&h, 15);
}

TEST(review_county_token_sees_its_county)
{
	struct hubt h;
	struct review_client *c;
	struct review_call *k;
	struct review_item *items;
	char *staff, *sa;

	hub_with_requests(&h, &staff);
	sa = hubt_token(&h, "--staff", "Petras", "LT-SA", NULL);
	c = client(&h, sa);
	k = review_list_start(c, NULL);
	review_call_wait(k);
	CHECK_INT(review_call_items(k, &items, false), 1);
	if (review_call_items(k, &items, false) == 1)
		CHECK_STR(items[0].id, RID(01));
	review_call_free(k);
	k = review_get_start(c, RID(03));
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_FORBIDDEN);
	review_call_free(k);
	review_client_free(c);
	free(sa);
	free(staff);
	hubt_stop(&h, 15);
}

TEST(review_csv_download)
{
	struct hubt h;
	struct review_client *c;
	struct review_call *k;
	struct review_filter f;
	char *staff, *data = NULL, *err = NULL;
	size_t n;
	struct stat sb;

	hub_with_requests(&h, &staff);
	c = client(&h, staff);

	k = review_csv_start(c, NULL, "utf-8", t_path(0, "all.csv"));
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_OK);
	CHECK(review_call_bytes(k) > 0);
	review_call_free(k);
	if (read_file(t_path(0, "all.csv"), 1 << 20, &data, &n, &err) < 0)
		t_fail("%s", err);
	CHECK(n >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0);
	CHECK(strstr(data, RID(01)) != NULL);
	CHECK(strstr(data, RID(02)) != NULL);
	CHECK(strstr(data, "Ona Žemaitė") != NULL);
	CHECK(strstr(data, "'=SUM(A1)") != NULL);
	free(data);
	CHECK(stat(t_path(0, "all.csv.part"), &sb) < 0);

	memset(&f, 0, sizeof f);
	f.county = "LT-KU";
	k = review_csv_start(c, &f, "windows-1257", t_path(1, "ku.csv"));
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_OK);
	review_call_free(k);
	if (read_file(t_path(1, "ku.csv"), 1 << 20, &data, &n, &err) < 0)
		t_fail("%s", err);
	CHECK(strstr(data, RID(03)) != NULL);
	CHECK(strstr(data, RID(01)) == NULL);
	CHECK(strstr(data, "Ona \xde" "emait\xeb") != NULL);      /* Ž and ė in windows-1257 */
	free(data);

	/* a refused download leaves no file behind */
	review_client_free(c);
	c = client(&h, "ffffffffffffffffffffffffffffffff");
	k = review_csv_start(c, NULL, "utf-8", t_path(2, "no.csv"));
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_UNAUTHORISED);
	review_call_free(k);
	CHECK(stat(t_path(2, "no.csv"), &sb) < 0);
	CHECK(stat(t_path(2, "no.csv.part"), &sb) < 0);
	k = review_csv_start(c, NULL, "latin-1", t_path(2, "no.csv"));
	CHECK_INT(review_call_outcome(k), REVIEW_FAILED);
	review_call_free(k);

	review_client_free(c);
	free(staff);
	hubt_stop(&h, 15);
}

TEST(review_network_failure_is_quick_and_plain)
{
	struct hubt h;
	struct review_client *c;
	struct review_call *k;
	char *staff;
	int64_t t0;

	hub_with_requests(&h, &staff);
	hubt_stop(&h, 15);              /* nobody listens on its port any more */
	c = client(&h, staff);
	t0 = now_ms_monotonic();
	k = review_list_start(c, NULL);
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_NETWORK);
	CHECK_INT(review_call_status(k), 0);
	CHECK(strstr(review_call_error(k), "cannot reach the hub") != NULL);
	CHECK_STR(review_call_summary(k), "Could not connect to the hub: it may be down, or "
		  "the address or port is wrong.");
	CHECK(now_ms_monotonic() - t0 < 5000);
	review_call_free(k);
	review_client_free(c);
	free(staff);
}

TEST(review_token_sources)
{
	char *tok, *err = NULL;
	const char *p = t_path(0, "token");

	unsetenv("VITRINA_TOKEN");
	t_write_file(p, "  abcdef0123456789\n");
	chmod(p, 0644);
	tok = review_token_load(p, &err);
	CHECK(tok == NULL);
	CHECK(err != NULL && strstr(err, "chmod 600") != NULL);
	chmod(p, 0600);
	tok = review_token_load(p, &err);
	CHECK_STR(tok ? tok : "", "abcdef0123456789");
	free(tok);

	t_write_file(t_path(1, "two"), "abc def\n");
	chmod(t_path(1, "two"), 0600);
	CHECK(review_token_load(t_path(1, "two"), &err) == NULL);
	CHECK(strstr(err, "abc") == NULL);      /* never the token itself */
	CHECK(review_token_load(t_path(1, "missing"), &err) == NULL);

	setenv("VITRINA_TOKEN", "fromenv42", 1);
	tok = review_token_load(NULL, &err);
	CHECK_STR(tok ? tok : "", "fromenv42");
	free(tok);
	setenv("HOME", t_dir(), 1);
	unsetenv("VITRINA_TOKEN");
	CHECK(review_token_load(NULL, &err) == NULL);
	CHECK(strstr(err, ".config/vitrina/token") != NULL);
	free(err);
}

TEST(review_client_rejects_bad_urls)
{
	char *err = NULL;

	CHECK(client_new("ftp://x", "t", NULL, &err) == NULL);
	CHECK(client_new("http://a b", "t", NULL, &err) == NULL);
	CHECK(client_new("https://hub.example.lt/", "t\r\nX: y", NULL, &err) == NULL);
	free(err);
}

TEST(review_local_time_and_labels)
{
	char out[32];

	setenv("TZ", "UTC", 1);
	tzset();
	review_local_time("2026-11-30T10:05:00Z", out, sizeof out);
	CHECK_STR(out, "2026-11-30 10:05");
	review_local_time("2024-02-29T23:59:59Z", out, sizeof out);
	CHECK_STR(out, "2024-02-29 23:59");
	review_local_time("bad", out, sizeof out);
	CHECK_STR(out, "bad");
	setenv("TZ", "EET-2", 1);
	tzset();
	review_local_time("2026-11-30T23:30:00Z", out, sizeof out);
	CHECK_STR(out, "2026-12-01 01:30");
	CHECK_STR(review_status_label("in_progress"), "in progress");
	CHECK_STR(review_kind_label("nomination"), "nomination");
	CHECK_STR(review_status_label("odd"), "odd");
}

TEST(review_parse_rejects_bad_answers)
{
	struct review_item *items, it;
	char *err = NULL;
	int n;

	CHECK(review_parse_list("{", &items, &n, &err) < 0);
	CHECK(review_parse_list("{\"requests\": 3}", &items, &n, &err) < 0);
	CHECK(review_parse_list("{\"requests\": [{\"id\": \"x\"}]}", &items, &n, &err) < 0);
	CHECK(review_parse_list("{\"requests\": []}", &items, &n, &err) == 0);
	CHECK_INT(n, 0);
	CHECK(review_parse_item("{\"id\":\"" RID(01) "\",\"version\":4,\"notes\":[{\"text\":"
				"\"a\"}],\"history\":7}", &it, &err) == 0);
	CHECK_INT(it.version, 4);
	CHECK_INT(it.nnotes, 1);
	CHECK_INT(it.nhistory, 0);
	CHECK_STR(it.name, "");
	review_item_free(&it);
	free(err);
}

/* 1 if a list call of a client with these settings fails with want in its error. */
static int expect_problem(const char *url, const char *token, const char *ca,
			  const char *pin, const char *proxy, const char *want)
{
	struct review_client *c = review_client_new(&(struct hubclient_opts){
		.url = url, .token = token, .ca_file = ca, .pinned_pubkey = pin,
		.proxy = proxy}, NULL);
	struct review_call *k;
	int ok;

	if (c == NULL)
		return 0;
	k = review_list_start(c, NULL);
	review_call_wait(k);
	ok = review_call_outcome(k) == REVIEW_NETWORK && strstr(review_call_error(k), want);
	if (!ok)
		fprintf(stderr, "  wanted \"%s\", got \"%s\"\n", want, review_call_error(k));
	review_call_free(k);
	review_client_free(c);
	return ok;
}

/* TLS: a hub whose certificate nobody vouches for is refused; with its CA it works;
 * a pinned key that does not match, or a proxy that is not there, stop it again. */
TEST(review_tls_verifies_the_hub)
{
	const char *cert = t_path(2, "cert.pem"), *key = t_path(3, "key.pem");
	const char *extra[] = {"--tls-cert", cert, "--tls-key", key, NULL};
	struct hubt h;
	struct review_client *c;
	struct review_call *k;
	char *staff, url[64], *err = NULL;

	hubt_make_cert(cert, key);
	hubt_init(&h, "hub");
	staff = hubt_token(&h, "--staff", "Ona", NULL, NULL);
	hubt_start(&h, extra);
	snprintf(url, sizeof url, "https://127.0.0.1:%d", h.port);

	c = client_new(url, staff, NULL, &err);
	if (c == NULL)
		t_fail("client: %s", err);
	k = review_list_start(c, NULL);
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_NETWORK);
	CHECK(strstr(review_call_error(k), "certificate cannot be trusted") != NULL);
	review_call_free(k);
	review_client_free(c);

	c = client_new(url, staff, cert, &err);
	if (c == NULL)
		t_fail("client: %s", err);
	k = review_list_start(c, NULL);
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_OK);
	review_call_free(k);
	review_client_free(c);

	/* The config's pinned_pubkey and proxy apply to staff too (one hub client). */
	CHECK(expect_problem(url, staff, cert, "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
			     NULL, "does not match pinned_pubkey"));
	CHECK(expect_problem(url, staff, cert, NULL, "http://127.0.0.1:1", "cannot reach"));
	free(staff);
	hubt_stop(&h, 15);
}

/* The answer published for a question comes with the request (qa_id and qa). */
TEST(review_parse_published_answer)
{
	struct review_item it;
	char *err = NULL;

	CHECK_INT(review_parse_item("{\"id\":\"00000000-0000-4000-8000-000000000001\","
				    "\"kind\":\"question\",\"qa_id\":\"q1\",\"qa\":{\"id\":\"q1\","
				    "\"question\":\"Kaip?\",\"answer\":\"Taip.\\nIr dar.\","
				    "\"answered_by\":\"Aistė\",\"lang\":\"lt\","
				    "\"published_at\":\"2026-12-07T10:00:00Z\"}}", &it, &err), 0);
	CHECK_STR(it.qa_id, "q1");
	CHECK_STR(it.qa_question, "Kaip?");
	CHECK_STR(it.qa_answer, "Taip.\nIr dar.");
	CHECK_STR(it.qa_answered_by, "Aistė");
	CHECK_STR(it.qa_lang, "lt");
	CHECK_STR(it.qa_published_at, "2026-12-07T10:00:00Z");
	review_item_free(&it);
	CHECK_INT(review_parse_item("{\"id\":\"00000000-0000-4000-8000-000000000001\","
				    "\"kind\":\"question\"}", &it, &err), 0);
	CHECK_STR(it.qa_id, "");
	CHECK_STR(it.qa_answer, "");
	review_item_free(&it);
}
