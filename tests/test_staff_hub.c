/* What staff see and act on at a real hub (issue 13): the case or partner a request is
 * about in the staff JSON and the CSV, the case's text on the one-request call, questions
 * (kind "question"), notes and staff names checked like visitors' text, impossible dates
 * refused, and a nomination's draft case imported with `vitrina-hub import`. */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "review.h"
#include "t.h"
#include "hub_harness.h"
#include "util.h"

#define RID(n) "00000000-0000-4000-8000-0000000000" #n
#define CASE1 "11111111-1111-4111-8111-111111111111"
#define CASE2 "22222222-2222-4222-8222-222222222222"
#define PARTNER "33333333-3333-4333-8333-333333333333"

static const char catalogue[] =
	"{\"cases\": ["
	"{\"id\": \"" CASE1 "\", \"person\": \"Aistė\","
	" \"municipality\": \"LT-43\", \"area\": \"humanities\", \"themes\": [\"community\"],"
	" \"title\": \"Bendruomenės namai\", \"summary\": \"Namai visiems.\","
	" \"story\": \"Pirmas sakinys.\\n\\nAntras sakinys.\", \"contact_allowed\": true},"
	"{\"id\": \"" CASE2 "\", \"person\": \"Tomas\","
	" \"municipality\": \"LT-02\", \"area\": \"social_sciences\","
	" \"themes\": [\"environment\"], \"title\": \"Žalias miestas\"}],"
	" \"partners\": ["
	"{\"id\": \"" PARTNER "\", \"name\": \"Jaunimo centras\","
	" \"municipality\": \"LT-57\", \"offers\": [\"volunteering\"]}]}";

/* A question request from age group age (new string); consent is "true", "false" or
 * NULL (left out). */
static char *question_from(const char *id, const char *message, const char *consent,
			   const char *age)
{
	return xasprintf("{\"id\":\"%s\",\"kind\":\"question\",\"case_id\":\"" CASE2 "\","
			 "\"name\":\"Ieva\",\"age_group\":\"%s\",\"message\":\"%s\","
			 "\"lang\":\"lt\",\"consent_version\":\"2026-1\","
			 "\"created_at\":\"2026-11-30T10:00:00Z\",\"kiosk_id\":\"k1\"%s%s}",
			 id, age, message, consent ? ",\"publish_consent\":" : "",
			 consent ? consent : "");
}

static char *question(const char *id, const char *message, const char *consent)
{
	return question_from(id, message, consent, "14-17");
}

static char *partner_contact(const char *id)
{
	return xasprintf("{\"id\":\"%s\",\"kind\":\"contact\",\"partner_id\":\"" PARTNER "\","
			 "\"name\":\"Jonas\",\"age_group\":\"18-24\","
			 "\"contact\":\"jonas@example.lt\",\"lang\":\"lt\","
			 "\"consent_version\":\"2026-1\",\"created_at\":\"2026-11-30T10:00:00Z\","
			 "\"kiosk_id\":\"k1\"}", id);
}

/* A hub holding the catalogue above and four requests: a contact about CASE1 (01), a
 * contact for the partner (02), a nomination in Šiauliai (03), a question about CASE2
 * (04). *staff: Ona's token; *kiosk: k1's. */
static void hub_with_cases(struct hubt *h, char **kiosk, char **staff)
{
	const char *path = t_path(0, "cat.json");
	char *items[4];
	json_t *j;
	int i;

	hubt_init(h, "hub");
	*kiosk = hubt_token(h, "--kiosk", "k1", NULL, NULL);
	*staff = hubt_token(h, "--staff", "Ona", NULL, NULL);
	t_write_file(path, catalogue);
	hubt_import(h, path);
	hubt_start(h, NULL);
	items[0] = hubt_contact(RID(01), "k1", CASE1);
	items[1] = partner_contact(RID(02));
	items[2] = hubt_nomination(RID(03), "k1", "LT-43", "Veda jaunimo būrelį");
	items[3] = question(RID(04), "Kaip pradėjai?", "true");
	j = hubt_push(h, *kiosk, items, 4);
	if (json_array_size(json_object_get(j, "accepted")) != 4)
		t_fail("push: %s", json_dumps(j, 0));
	json_decref(j);
	for (i = 0; i < 4; i++)
		free(items[i]);
}

static json_t *find(json_t *list, const char *id)
{
	size_t i;
	json_t *e;

	json_array_foreach(list, i, e) {
		if (strcmp(json_string_value(json_object_get(e, "id")), id) == 0)
			return e;
	}
	return NULL;
}

static const char *jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "(none)";
}

TEST(staff_hub_request_names_its_case_and_partner)
{
	struct hubt h;
	char *kiosk, *staff;
	json_t *j, *list, *e, *c;

	hub_with_cases(&h, &kiosk, &staff);
	j = hubt_get_json(&h, "/v1/requests", staff);
	list = json_object_get(j, "requests");
	CHECK_INT(json_array_size(list), 4);
	e = find(list, RID(01));
	CHECK(e != NULL);
	CHECK_STR(jstr(e, "case_title"), "Bendruomenės namai");
	CHECK_STR(jstr(e, "case_person"), "Aistė");
	CHECK_STR(jstr(e, "case_municipality"), "LT-43");
	CHECK(json_object_get(e, "case") == NULL);          /* the text: one request only */
	CHECK(json_object_get(e, "partner_name") == NULL);
	e = find(list, RID(02));
	CHECK_STR(jstr(e, "partner_name"), "Jaunimo centras");
	CHECK(json_object_get(e, "case_title") == NULL);
	e = find(list, RID(04));
	CHECK_STR(jstr(e, "kind"), "question");
	CHECK_STR(jstr(e, "case_title"), "Žalias miestas");
	json_decref(j);

	j = hubt_get_json(&h, "/v1/requests/" RID(01), staff);
	CHECK_STR(jstr(j, "case_title"), "Bendruomenės namai");
	c = json_object_get(j, "case");
	CHECK_STR(jstr(c, "title"), "Bendruomenės namai");
	CHECK_STR(jstr(c, "summary"), "Namai visiems.");
	CHECK_STR(jstr(c, "story"), "Pirmas sakinys.\n\nAntras sakinys.");
	CHECK_STR(jstr(c, "municipality"), "LT-43");
	json_decref(j);

	/* a case deleted from the catalogue still names the request, marked as gone; the
	 * kiosks' feed shows only its tombstone */
	hubt_delete_case(&h, CASE1);
	j = hubt_get_json(&h, "/v1/requests/" RID(01), staff);
	CHECK_STR(jstr(j, "case_title"), "Bendruomenės namai");
	CHECK(json_is_true(json_object_get(j, "item_deleted")));
	json_decref(j);
	j = hubt_get_json(&h, "/v1/cases?since=0", kiosk);
	e = find(json_object_get(j, "cases"), CASE1);
	CHECK(e != NULL && json_is_true(json_object_get(e, "deleted")));
	CHECK(e != NULL && json_object_get(e, "title") == NULL);
	json_decref(j);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(staff);
}

/* The CSV row of id in body (from its first cell to CRLF), or NULL; a new string. */
static char *csv_line(const char *body, const char *id)
{
	char *key = xasprintf("\r\n\"%s\"", id);
	const char *p = strstr(body, key), *end;

	free(key);
	if (p == NULL)
		return NULL;
	p += 2;
	end = strstr(p, "\r\n");
	return end != NULL ? xstrndup(p, (size_t)(end - p)) : NULL;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return s != NULL && n >= k && strcmp(s + n - k, tail) == 0;
}

TEST(staff_hub_csv_has_case_title_and_partner_name)
{
	struct hubt h;
	struct hubt_resp r;
	char *kiosk, *staff, *row;
	int cs;

	hub_with_cases(&h, &kiosk, &staff);
	for (cs = 0; cs < 2; cs++) {
		hubt_http(&h, "GET", cs ? "/v1/requests.csv?charset=windows-1257" :
			  "/v1/requests.csv", staff, NULL, NULL, &r);
		CHECK_INT(r.status, 200);
		/* the old columns, in their order, then the two new ones */
		CHECK(strstr(r.body, "\"id\",\"ref\",\"received_at\",\"status\",\"county\","
			      "\"kiosk_id\",\"version\",\"updated_at\",\"created_at\",\"kind\","
			      "\"case_id\",\"partner_id\",\"name\",\"age_group\",\"contact\","
			      "\"message\",\"lang\",\"consent_version\",\"nominee\","
			      "\"nominee_municipality\",\"why\",\"case_title\",\"partner_name\""
			      "\r\n") != NULL);
		row = csv_line(r.body, RID(01));
		CHECK(row != NULL && ends_with(row, cs ? ",\"Bendruomen\xeb" "s namai\",\"\"" :
					       ",\"Bendruomenės namai\",\"\""));
		if (row != NULL && !ends_with(row, ",\"\""))
			fprintf(stderr, "  row: %s\n", row);
		free(row);
		row = csv_line(r.body, RID(02));
		CHECK(row != NULL && ends_with(row, ",\"\",\"Jaunimo centras\""));
		free(row);
		row = csv_line(r.body, RID(04));
		CHECK(row != NULL && ends_with(row, cs ? ",\"\xde" "alias miestas\",\"\"" :
					       ",\"Žalias miestas\",\"\""));
		free(row);
		row = csv_line(r.body, RID(03));
		CHECK(row != NULL && ends_with(row, ",\"\",\"\""));
		free(row);
		hubt_resp_free(&r);
	}
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(staff);
}

/* POST one request; the "error" of its rejection ("" if it was accepted). */
static char *push_one(const struct hubt *h, const char *kiosk, char *item)
{
	json_t *j = hubt_push(h, kiosk, &item, 1), *rej;
	char *err;

	rej = json_array_get(json_object_get(j, "rejected"), 0);
	err = xstrdup(rej != NULL ? jstr(rej, "error") : "");
	json_decref(j);
	free(item);
	return err;
}

TEST(staff_hub_questions_accepted_and_checked)
{
	struct hubt h;
	char *kiosk, *staff, *err, *long_q;
	json_t *j, *list;

	hub_with_cases(&h, &kiosk, &staff);
	/* kind=question filters */
	j = hubt_get_json(&h, "/v1/requests?kind=question", staff);
	list = json_object_get(j, "requests");
	CHECK_INT(json_array_size(list), 1);
	CHECK_STR(jstr(json_array_get(list, 0), "id"), RID(04));
	CHECK(json_is_true(json_object_get(json_array_get(list, 0), "publish_consent")));
	json_decref(j);
	j = hubt_get_json(&h, "/v1/requests?kind=contact", staff);
	CHECK_INT(json_array_size(json_object_get(j, "requests")), 2);
	json_decref(j);
	hubt_get_expect(&h, "/v1/requests?kind=questions", staff, 400, "bad_request");

	err = push_one(&h, kiosk, question(RID(05), "Ar sunku?", NULL));
	CHECK(strstr(err, "publish_consent") != NULL);
	free(err);
	err = push_one(&h, kiosk, question(RID(05), "Ar sunku?", "false"));
	CHECK(strstr(err, "publish_consent") != NULL);
	free(err);
	err = push_one(&h, kiosk, question(RID(05), "Ar sunku?", "\"yes\""));
	CHECK(strstr(err, "publish_consent") != NULL);
	free(err);
	err = push_one(&h, kiosk, question(RID(05), "  ", "true"));
	CHECK(strstr(err, "message: Please write your question") != NULL);
	free(err);
	long_q = xasprintf("%0501d", 7);
	err = push_one(&h, kiosk, question(RID(05), long_q, "true"));
	CHECK(strstr(err, "at most 500") != NULL);
	free(err);
	long_q[500] = '\0';             /* exactly 500: fine */
	err = push_one(&h, kiosk, question(RID(06), long_q, "true"));
	CHECK_STR(err, "");
	free(err);
	free(long_q);
	err = push_one(&h, kiosk, question_from(RID(05), "Ar sunku?", "true", "under-14"));
	/* as for a contact: the kiosk never sends "under-14"; the hub refuses it */
	if (!CHECK(strncmp(err, "age_group:", 10) == 0))
		fprintf(stderr, "  got: %s\n", err);
	free(err);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(staff);
}

static long patch_note(const struct hubt *h, const char *staff, const char *note_json,
		       char **body)
{
	struct hubt_resp r;
	char *b = xasprintf("{\"note\":%s}", note_json);
	long st;

	hubt_http(h, "PATCH", "/v1/requests/" RID(03), staff, b, "If-Match: *", &r);
	free(b);
	st = r.status;
	*body = xstrdup(r.body != NULL ? r.body : "");
	hubt_resp_free(&r);
	return st;
}

TEST(staff_hub_notes_names_and_dates_checked)
{
	struct hubt h;
	char *kiosk, *staff, *body, *err;
	const char *bidi_name[] = {"token", "create", "--staff", "Ona\xe2\x80\xae" "x", NULL};

	hub_with_cases(&h, &kiosk, &staff);
	/* U+202E (right-to-left override), U+0085 (a C1 control), U+200B (zero width) */
	CHECK_INT(patch_note(&h, staff, "\"Skambinau \\u202eatgal\"", &body), 400);
	CHECK(strstr(body, "\"bad_request\"") != NULL && strstr(body, "not allowed") != NULL);
	free(body);
	CHECK_INT(patch_note(&h, staff, "\"Skambinau\\u0085\"", &body), 400);
	free(body);
	CHECK_INT(patch_note(&h, staff, "\"Skam\\u200bbinau\"", &body), 400);
	free(body);
	CHECK_INT(patch_note(&h, staff, "\"Paskambinau.\\nViskas gerai.\"", &body), 200);
	free(body);

	/* impossible days, in the since filter and in a request's created_at */
	hubt_get_expect(&h, "/v1/requests?since=2026-02-31", staff, 400, "bad_request");
	hubt_get_expect(&h, "/v1/requests?since=2026-02-29", staff, 400, "bad_request");
	hubt_get_expect(&h, "/v1/requests?since=2026-04-31T00:00:00Z", staff, 400,
			"bad_request");
	hubt_get_expect(&h, "/v1/requests?since=2026-11-30T25:00:00Z", staff, 400,
			"bad_request");
	hubt_get_expect(&h, "/v1/requests.csv?since=2026-02-31", staff, 400, "bad_request");
	hubt_get_expect(&h, "/v1/requests?since=2024-02-29", staff, 200, NULL);
	hubt_get_expect(&h, "/v1/requests?since=2026-02-28T23:59:59Z", staff, 200, NULL);
	{
		char *c = hubt_contact(RID(07), "k1", CASE1), *p = strstr(c, "2026-11-30");

		memcpy(p, "2026-02-31", 10);
		err = push_one(&h, kiosk, c);
		CHECK(strstr(err, "created_at") != NULL);
		free(err);
	}
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);

	/* a staff name with a bidi override is refused when the token is made */
	CHECK_INT(hubt_cli(&h, bidi_name, NULL, &err), 2);
	CHECK(err != NULL && strstr(err, "invisible characters") != NULL);
	free(err);
	free(kiosk);
	free(staff);
}

/* Replace the placeholders of the draft at path as a person would. */
static void fill_draft(const char *path)
{
	json_error_t je;
	json_t *j = json_load_file(path, 0, &je), *c;

	if (j == NULL)
		t_fail("draft: %s", je.text);
	c = json_array_get(json_object_get(j, "cases"), 0);
	json_object_set_new(c, "title", json_string("Jaunimo būrelio vadovė"));
	json_object_set_new(c, "area", json_string("regional_development"));
	json_object_set_new(c, "themes", json_pack("[s]", "community"));
	if (json_dump_file(j, path, JSON_INDENT(2)) != 0)
		t_fail("cannot write %s", path);
	json_decref(j);
}

TEST(staff_draft_case_from_nomination_imports)
{
	struct hubt h;
	struct review_client *c;
	struct review_call *k;
	struct review_item it;
	struct stat sb;
	char *kiosk, *staff, *err = NULL, *path, *out = NULL, *text;
	const char *imp[] = {"import", NULL, NULL};
	json_t *j, *draft, *e;
	size_t n;

	hub_with_cases(&h, &kiosk, &staff);
	c = review_client_new(&(struct hubclient_opts){.url = h.url, .token = staff}, &err);
	if (c == NULL)
		t_fail("client: %s", err);
	k = review_get_start(c, RID(03));
	review_call_wait(k);
	CHECK_INT(review_call_outcome(k), REVIEW_OK);
	if (review_call_take_item(k, &it) < 0)
		t_fail("no request");
	review_call_free(k);

	path = review_draft_case(&it, t_dir(), &err);
	if (path == NULL)
		t_fail("draft: %s", err);
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	if (read_file(path, 1 << 20, &text, &n, &err) < 0)
		t_fail("%s", err);
	CHECK(strstr(text, "FILL IN") != NULL);
	draft = json_loads(text, 0, NULL);
	free(text);
	e = json_array_get(json_object_get(draft, "cases"), 0);
	CHECK_STR(jstr(e, "person"), "Ona Žemaitė");
	CHECK_STR(jstr(e, "municipality"), "LT-43");
	CHECK_STR(jstr(e, "story"), "Veda jaunimo būrelį");
	CHECK(json_is_false(json_object_get(e, "contact_allowed")));
	CHECK(json_is_false(json_object_get(e, "featured")));
	/* a second draft of the same nomination never overwrites the first */
	{
		char *again = review_draft_case(&it, t_dir(), &err);

		CHECK(again != NULL && strcmp(again, path) != 0);
		free(again);
	}
	/* not a nomination: no draft */
	{
		struct review_item q;

		memset(&q, 0, sizeof q);
		q.kind = (char *)"contact";
		q.nominee = (char *)"";
		CHECK(review_draft_case(&q, t_dir(), &err) == NULL);
		free(err);
		err = NULL;
	}

	/* refused while placeholders remain; imported once a person filled them */
	imp[1] = path;
	CHECK(hubt_cli(&h, imp, NULL, &err) != 0);
	CHECK(err != NULL && strstr(err, "nothing imported") != NULL);
	free(err);
	err = NULL;
	fill_draft(path);
	if (!CHECK_INT(hubt_cli(&h, imp, &out, &err), 0))
		fprintf(stderr, "  import: %s\n", err ? err : "");
	free(out);
	free(err);
	j = hubt_get_json(&h, "/v1/cases?since=0", kiosk);
	e = find(json_object_get(j, "cases"), jstr(json_array_get(json_object_get(draft, "cases"),
								   0), "id"));
	CHECK(e != NULL);
	CHECK_STR(jstr(e, "person"), "Ona Žemaitė");
	CHECK_STR(jstr(e, "title"), "Jaunimo būrelio vadovė");
	CHECK(e != NULL && json_is_false(json_object_get(e, "contact_allowed")));
	json_decref(j);
	json_decref(draft);
	free(path);
	review_item_free(&it);
	review_client_free(c);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(staff);
}
