/* Questions answered in the open (DESIGN §3 kind "question", §2 qa): asked in the real
 * kiosk binary at 80x24 (tests/vt.h), pushed to a real hub, answered through the hub's
 * POST /v1/cases/ID/qa, pulled and shown on the case screen without the asker's name;
 * the form's rules (under 14, length); the feed's qa kept by the catalogue; the outbox
 * migration that lets kind "question" in. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalogue.h"
#include "catalogue_db.h"
#include "db.h"
#include "kiosk_util.h"
#include "outbox.h"
#include "request.h"
#include "t.h"
#include "test_sync.h"
#include "util.h"
#include "vt.h"

#define WAIT 5000
#define CASE_ID "21111111-2222-4333-8444-555555555555"
#define ASKER "Ąžuolė"

/* One case whose person takes no contact requests: a question can still be asked. extra
 * is put into the case object (e.g. a "qa" list), or "". */
static char *case_json(const char *extra)
{
	return xasprintf("{\"cases\": [{\"id\": \"" CASE_ID "\", \"person\": \"Rūta Mockutė\","
			 " \"age\": 23, \"municipality\": \"LT-55\","
			 " \"area\": \"regional_development\", \"themes\": [\"environment\"],"
			 " \"title\": \"Beekeeping club in Telšiai\","
			 " \"summary\": \"Rūta teaches beekeeping.\", \"story\": \"Bees.\","
			 " \"quote\": \"Bees are patient teachers.\", \"path\": [],"
			 " \"skills\": [], \"contact_allowed\": false, \"featured\": false,"
			 " \"lang\": \"en\", \"updated_at\": \"2026-11-01T10:00:00Z\"%s}],"
			 " \"partners\": []}\n", extra);
}

#define expect(text) kiosk_expect((text), 20)

static void type(const char *keys)
{
	vt_send(keys);
	vt_wait_quiet(20, WAIT);
}

/* From attract to the case, then F10: the question form. */
static int to_question_form(void)
{
	if (!expect("Press any key or touch the screen to start"))
		return 0;
	vt_send(" ");
	if (!expect("What would you like to explore?"))
		return 0;
	vt_send("beekeep");
	if (!expect("Beekeeping club in Telšiai"))
		return 0;
	vt_send(VT_ENTER);
	if (!expect("Bees are patient teachers."))
		return 0;
	/* Shown though the person takes no contact requests. */
	CHECK(vt_contains("Ask a question"));
	vt_send(VT_F10);
	return expect("Ask Rūta Mockutė a question");
}

static void start_plain(void)
{
	char *json = case_json("");

	sqlite3_close(kiosk_make_db(json));
	free(json);
	kiosk_start("default_language = en\nlanguages = en lt\nkiosk_id = telsiai-lib-1\n",
		    24, 80);
}

/* The outbox of the kiosk database at path: rows, and the newest's kind and body. */
static int outbox_rows(const char *path, char kind[16], char **body)
{
	sqlite3 *db = kiosk_db_open(path);
	sqlite3_stmt *st = db_prepare(db, "SELECT kind, body FROM outbox ORDER BY rowid", NULL);
	int n = 0;

	kind[0] = '\0';
	*body = NULL;
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		n++;
		snprintf(kind, 16, "%s", (const char *)sqlite3_column_text(st, 0));
		free(*body);
		*body = db_column_strdup(st, 1);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* Ask, answer in the open, see the answer on the kiosk: the whole journey. */
/* From a screen that takes typing, search the test's case and open it down to its
 * questions and answers: 1 when they show. */
static int to_answers(void)
{
	vt_send("beekeep");
	expect("Beekeeping club in Telšiai");
	vt_send(VT_ENTER);
	return expect("Questions and answers");
}

/* The published answers a kiosk holds for the test's case (-1 if it has no such case). */
static int answers_on(const struct sync_kiosk *k)
{
	sqlite3 *db = sync_kiosk_open(k);
	struct career c;
	char *err = NULL;
	int n = -1;

	if (catalogue_get_case(db, CASE_ID, &c, &err) == 1) {
		n = c.nqa;
		CHECK(n == 0 || strcmp(c.qa[0].question, "Do bees sting beekeepers?") == 0);
		career_free(&c);
	}
	free(err);
	sqlite3_close(db);
	return n;
}

TEST(question_journey_asked_pushed_answered_shown)
{
	struct hubt h;
	struct sync_kiosk k;
	struct hubt_resp r;
	char *token, *staff, *json, *body = NULL, *post, *err = NULL, kind[16];
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"--config", NULL, NULL};
	char ids[1][37], qa_id[64] = "", *token2;
	struct sync_kiosk k2;
	json_t *j;
	sqlite3 *db;

	db = sync_pair_make(&h, &k, 1, "default_language = en\nlanguages = en lt\n", &token);
	if (db_exec(db, "INSERT INTO meta(key, value) VALUES('seeded', 'test')", &err) < 0)
		t_fail("meta: %s", err);
	sqlite3_close(db);
	json = case_json("");
	t_write_file(t_path(4, "cases.json"), json);
	free(json);
	hubt_import(&h, t_path(4, "cases.json"));
	if (sync_run(&k, "--once", NULL, &err) != 0)
		t_fail("sync: %s", err);

	argv[2] = k.conf;
	vt_start(argv, 24, 80);
	if (!to_question_form())
		return;
	type("Do bees sting beekeepers?");
	type(VT_TAB ASKER VT_TAB VT_RIGHT);     /* 14-17 */
	vt_send(VT_F10);
	if (!expect("Check what will be sent"))
		return;
	CHECK(vt_contains("(version 2026-12-q)"));
	CHECK(vt_find("shown on the", NULL) >= 0 || vt_contains("PgDn"));
	vt_send(" ");
	expect("[x]");
	vt_send(VT_F10);
	if (!expect("Question sent"))
		return;
	CHECK(vt_contains("Your reference code:"));

	if (!CHECK_INT(outbox_rows(k.db, kind, &body), 1))
		return;
	CHECK_STR(kind, "question");
	j = body != NULL ? json_loads(body, 0, NULL) : NULL;
	if (!CHECK(j != NULL))
		return;
	CHECK_STR(kiosk_jstr(j, "kind"), "question");
	CHECK_STR(kiosk_jstr(j, "case_id"), CASE_ID);
	CHECK_STR(kiosk_jstr(j, "message"), "Do bees sting beekeepers?");
	CHECK_STR(kiosk_jstr(j, "age_group"), "14-17");
	CHECK_STR(kiosk_jstr(j, "consent_version"), "2026-12-q");
	CHECK(json_is_true(json_object_get(j, "publish_consent")));
	snprintf(ids[0], sizeof ids[0], "%s", kiosk_jstr(j, "id"));
	json_decref(j);
	free(body);

	/* Pushed and accepted by the hub. */
	CHECK_INT(sync_run(&k, "--once", NULL, NULL), 0);
	CHECK_INT(hubt_has_requests(&h, ids, 1), 1);

	/* Staff publish an answer, edited as staff do. */
	staff = hubt_token(&h, "--staff", "editor", NULL, NULL);
	post = xasprintf("{\"request_id\": \"%s\", \"question\": \"Do bees sting "
			 "beekeepers?\", \"answer\": \"Sometimes, but rarely: calm hands "
			 "help.\", \"answered_by\": \"Rūta\", \"lang\": \"en\"}", ids[0]);
	hubt_http(&h, "POST", "/v1/cases/" CASE_ID "/qa", staff, post, NULL, &r);
	free(post);
	free(staff);
	if (r.status == 404) {
		hubt_resp_free(&r);
		vt_close();
		t_skip("the hub has no POST /v1/cases/ID/qa yet");
	}
	CHECK_INT(r.status, 201);
	j = json_loads(r.body != NULL ? r.body : "", 0, NULL);
	snprintf(qa_id, sizeof qa_id, "%s", kiosk_jstr(j, "id"));
	json_decref(j);
	hubt_resp_free(&r);
	CHECK_INT(sync_run(&k, "--once", NULL, NULL), 0);

	/* Back to the case: the answer shows, never the asker's name. */
	vt_send(VT_ENTER);
	if (!expect("What would you like to explore?"))
		return;
	if (!to_answers())
		return;
	CHECK(vt_contains("Do bees sting beekeepers?"));
	CHECK(vt_contains("Asked by a visitor aged 14–17:"));  /* the hub kept the age group */
	CHECK(vt_contains("Answer from Rūta:"));
	CHECK(vt_contains("Sometimes, but rarely: calm hands help."));
	CHECK(!vt_contains(ASKER));
	vt_close();

	/* A second kiosk gets it too; unpublished, it goes from both. */
	token2 = hubt_token(&h, "--kiosk", "k2", NULL, NULL);
	sync_kiosk_make(&k2, "kiosk2", h.url, token2, "default_language = en\n");
	CHECK_INT(sync_run(&k2, "--once", NULL, NULL), 0);
	CHECK_INT(answers_on(&k2), 1);
	staff = hubt_token(&h, "--staff", "editor2", NULL, NULL);
	post = xasprintf("/v1/cases/%s/qa/%s", CASE_ID, qa_id);
	hubt_http(&h, "DELETE", post, staff, NULL, NULL, &r);
	CHECK_INT(r.status, 204);
	hubt_resp_free(&r);
	free(post);
	free(staff);
	CHECK_INT(sync_run(&k, "--once", NULL, NULL), 0);
	CHECK_INT(sync_run(&k2, "--once", NULL, NULL), 0);
	CHECK_INT(answers_on(&k), 0);
	CHECK_INT(answers_on(&k2), 0);
	hubt_stop(&h, SIGTERM);
	free(token);
	free(token2);
}

TEST(question_under_14_cannot_submit)
{
	start_plain();
	if (!to_question_form())
		return;
	type("Kaip tapti bitininku?");
	type(VT_TAB "Mažvydas" VT_TAB);
	type(VT_RIGHT VT_RIGHT VT_RIGHT VT_RIGHT VT_RIGHT);     /* the fifth: under 14 */
	if (!expect("Please ask for help"))
		return;
	CHECK(!vt_contains("Kaip tapti"));
	vt_send(VT_F10);
	expect("cannot send this alone");
	CHECK(!vt_contains("Check what will be sent"));
	CHECK_INT(kiosk_outbox_rows(NULL), 0);
	vt_close();
}

/* More than 500 characters: what does not fit is refused, with a message saying why;
 * an empty question cannot go on either. */
TEST(question_too_long_refused_plainly)
{
	char *body = NULL, *text = xcalloc(1, 521);
	json_t *j;

	memset(text, 'a', 520);
	start_plain();
	if (!to_question_form())
		return;
	vt_send(VT_F10);
	expect("Please write your question");
	type(text);
	free(text);
	if (!expect("The question is too long (at most 500 characters)"))
		return;
	CHECK(vt_contains("500/500"));
	type(VT_TAB ASKER VT_TAB VT_RIGHT);
	if (!kiosk_send_form("Question sent"))
		return;
	if (!CHECK_INT(kiosk_outbox_rows(&body), 1))
		return;
	j = json_loads(body, 0, NULL);
	CHECK(j != NULL && strlen(kiosk_jstr(j, "message")) == 500);
	json_decref(j);
	free(body);
	vt_close();
}

/* qa from the feed: kept (bounded, sanitised) and read back; shown with the age group. */
TEST(question_feed_qa_kept_and_shown)
{
	struct career c;
	struct buf extra = {0};
	char *json, *err = NULL;
	sqlite3 *db;
	int i;

	buf_adds(&extra, ", \"inspired\": 7, \"qa\": [{\"id\": \"q1\", \"question\": "
		 "\"Ar sunku?\\u202e\", \"answer\": \"Ne, jei mėgsti bites.\", \"answered_by\":"
		 " \"Rūta\", \"age_group\": \"14-17\", \"published_at\": \"2026-12-01T10:00:00Z\","
		 " \"lang\": \"lt\"}");
	for (i = 1; i < 60; i++)
		buf_addf(&extra, ", {\"id\": \"q%d\", \"question\": \"Q%d?\", \"answer\": "
			 "\"A%d.\", \"lang\": \"en\"}", i + 1, i + 1, i + 1);
	buf_adds(&extra, "]");
	json = case_json(extra.s);
	buf_free(&extra);
	db = kiosk_make_db(json);
	free(json);
	CHECK_INT(catalogue_get_case(db, CASE_ID, &c, &err), 1);
	CHECK_INT(c.nqa, MAX_QA);
	CHECK(c.inspired == 7);
	CHECK_STR(c.qa[0].question, "Ar sunku?");      /* the bidi override is gone */
	CHECK_STR(c.qa[0].answered_by, "Rūta");
	CHECK_STR(c.qa[0].age_group, "14-17");
	CHECK_STR(c.qa[1].question, "Q2?");
	career_free(&c);
	sqlite3_close(db);

	kiosk_start("default_language = en\nlanguages = en lt\n", 24, 80);
	expect("Press any key or touch the screen to start");
	vt_send(" ");
	expect("What would you like to explore?");
	if (!to_answers())
		return;
	CHECK(vt_contains("Asked by a visitor aged 14–17:"));
	CHECK(vt_contains("Ar sunku?"));
	CHECK(vt_contains("Answer from Rūta:"));
	vt_close();
}

/* A too long answer in the feed is refused with the case, not cut. */
TEST(question_feed_qa_bounds)
{
	struct career c;
	char *answer = xcalloc(1, 2002), *s, *err = NULL;
	json_t *j;

	memset(answer, 'x', 2001);
	s = xasprintf("{\"id\": \"" CASE_ID "\", \"person\": \"A\", \"municipality\": "
		      "\"LT-55\", \"area\": \"humanities\", \"themes\": [\"community\"],"
		      " \"title\": \"T\", \"lang\": \"en\", \"qa\": [{\"question\": \"Q?\","
		      " \"answer\": \"%s\"}]}", answer);
	j = json_loads(s, 0, NULL);
	CHECK(career_from_json(j, &c, &err) < 0);
	CHECK(err != NULL && strstr(err, "qa[1].answer") != NULL);
	free(err);
	err = NULL;
	json_decref(j);
	free(s);
	s = xasprintf("{\"id\": \"" CASE_ID "\", \"person\": \"A\", \"municipality\": "
		      "\"LT-55\", \"area\": \"humanities\", \"themes\": [\"community\"],"
		      " \"title\": \"T\", \"lang\": \"en\", \"inspired\": -1}");
	j = json_loads(s, 0, NULL);
	CHECK(career_from_json(j, &c, &err) < 0);
	free(err);
	json_decref(j);
	free(s);
	free(answer);
}

/* A kiosk database of version 4 with requests in its outbox: the migration that lets
 * kind "question" in keeps every row and column. */
TEST(question_outbox_migration_keeps_rows)
{
	const struct schema v4 = {"kiosk", kiosk_schema.migrations, 4};
	const char *path = t_path(0, "v4.db");
	char *err = NULL, *before, *after;
	sqlite3 *db = db_open(path, &v4, &err);
	struct request r;
	char ids[3][37];
	const char *acc[1];

	if (db == NULL)
		t_fail("v4: %s", err);
	sync_queue(db, 3, ids);
	acc[0] = ids[0];
	CHECK(outbox_mark_accepted(db, acc, 1, &err) == 0);
	CHECK(outbox_mark_rejected(db, ids[1], "the hub refused it", &err) == 0);
	before = sync_outbox_dump(db);
	sqlite3_close(db);

	db = kiosk_db_open(path);
	after = sync_outbox_dump(db);
	CHECK_STR(after, before);
	/* And a question now goes in. */
	memset(&r, 0, sizeof r);
	outbox_request_start(&r, "question", SYNC_KIOSK_ID, "2026-12-q");
	snprintf(r.case_id, sizeof r.case_id, "%s", CASE_ID);
	r.name = xstrdup("Ona");
	snprintf(r.age_group, sizeof r.age_group, "18-24");
	r.message = xstrdup("Kaip pradėti?");
	snprintf(r.lang, sizeof r.lang, "lt");
	r.publish_consent = 1;
	CHECK(outbox_add(db, &r, &err) == 0);
	outbox_request_wipe(&r);
	free(before);
	free(after);
	sqlite3_close(db);
}

/* Two published answers on the case screen at 80x24, as a visitor sees them (set
 * VITRINA_CAPTURE=1 to print the screen). */
TEST(question_two_answers_at_80x24)
{
	char *json = case_json(", \"qa\": [{\"id\": \"q1\", \"question\": \"Do bees sting "
			       "beekeepers?\", \"answer\": \"Sometimes, but rarely: calm "
			       "hands help.\", \"answered_by\": \"Rūta\", \"age_group\": "
			       "\"14-17\", \"lang\": \"en\"}, {\"id\": \"q2\", \"question\": "
			       "\"How did you start?\", \"answer\": \"With one hive from my "
			       "grandfather.\", \"answered_by\": \"Rūta\", \"age_group\": "
			       "\"18-24\", \"lang\": \"en\"}]");

	sqlite3_close(kiosk_make_db(json));
	free(json);
	kiosk_start("default_language = en\nlanguages = en lt\n", 24, 80);
	expect("Press any key or touch the screen to start");
	if (!to_answers())
		return;
	CHECK(vt_contains("Asked by a visitor aged 14–17:"));
	CHECK(vt_contains("Asked by a visitor aged 18–24:"));
	CHECK(vt_contains("With one hive from my grandfather."));
	if (getenv("VITRINA_CAPTURE") != NULL)
		vt_dump();
	vt_close();
}

/* A single-file kiosk (version 3) still moves over: its catalogue file comes out at the
 * newest catalogue version, every case kept. (The v3 tables get today's columns only
 * while the cases are put in, as the writer of today needs them.) */
TEST(question_single_file_kiosk_moves_to_catalogue_v2)
{
	const struct schema v3 = {"kiosk", kiosk_schema.migrations, 3};
	const char *path = t_path(0, "old.db");
	char *err = NULL, *json = case_json("");
	sqlite3 *db = db_open(path, &v3, &err);
	sqlite3_stmt *st;
	struct career c;

	if (db == NULL)
		t_fail("v3: %s", err);
	CHECK(db_exec(db, "ALTER TABLE cases ADD COLUMN qa TEXT NOT NULL DEFAULT '[]';"
		      "ALTER TABLE cases ADD COLUMN inspired INTEGER NOT NULL DEFAULT 0;"
		      "ALTER TABLE cases ADD COLUMN inspired_90d INTEGER NOT NULL DEFAULT 0",
		      &err) == 0);
	t_write_file(t_path(4, "cases.json"), json);
	free(json);
	kiosk_db_import(db, t_path(4, "cases.json"));
	CHECK(db_exec(db, "ALTER TABLE cases DROP COLUMN qa;"
		      "ALTER TABLE cases DROP COLUMN inspired;"
		      "ALTER TABLE cases DROP COLUMN inspired_90d", &err) == 0);
	sqlite3_close(db);

	db = kiosk_db_open(path);
	st = db_prepare(db, "PRAGMA catalogue.user_version", NULL);
	CHECK(st != NULL && sqlite3_step(st) == SQLITE_ROW &&
	      sqlite3_column_int(st, 0) == catalogue_schema.count);
	sqlite3_finalize(st);
	CHECK_INT(catalogue_get_case(db, CASE_ID, &c, &err), 1);
	CHECK_INT(c.nqa, 0);
	career_free(&c);
	sqlite3_close(db);
}

/* A catalogue file of version 1 (before qa) is brought up to date in place. */
TEST(question_catalogue_file_v1_upgraded_in_place)
{
	const char *path = t_path(0, "k.db");
	char *json = case_json(""), *cat, *err = NULL;
	sqlite3 *db = kiosk_db_open(path), *c;
	struct career got;

	t_write_file(t_path(4, "cases.json"), json);
	free(json);
	kiosk_db_import(db, t_path(4, "cases.json"));
	cat = xstrdup(sqlite3_db_filename(db, "catalogue"));
	sqlite3_close(db);
	/* Make it version 1 again, as an older program left it. */
	if (sqlite3_open(cat, &c) != SQLITE_OK)
		t_fail("%s", cat);
	CHECK(db_exec(c, "DROP INDEX cases_picks; ALTER TABLE cases DROP COLUMN qa;"
		      " ALTER TABLE cases DROP COLUMN inspired;"
		      " ALTER TABLE cases DROP COLUMN inspired_90d; PRAGMA user_version=1",
		      &err) == 0);
	sqlite3_close(c);
	free(cat);
	db = kiosk_db_open(path);
	CHECK_INT(catalogue_get_case(db, CASE_ID, &got, &err), 1);
	career_free(&got);
	sqlite3_close(db);
}
