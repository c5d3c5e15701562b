/* Usage figures (DESIGN §3): the kiosk's daily counts, and "this inspired me" counted
 * once per case and visit, in the engine and in the real kiosk binary (tests/vt.h). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counters.h"
#include "db.h"
#include "kiosk_util.h"
#include "t.h"
#include "test_sync.h"
#include "util.h"
#include "vt.h"

#define CASE_ID "31111111-2222-4333-8444-555555555555"
#define OTHER_ID "31111111-2222-4333-8444-666666666666"

static int64_t today(sqlite3 *db, const char *name, const char *key)
{
	char day[11];

	counters_today(day);
	return counters_get(db, day, name, key);
}

TEST(counters_add_per_day_and_key)
{
	sqlite3 *db = kiosk_db_open(":memory:");
	char *err = NULL;

	CHECK(counters_add(db, "stories_read", CASE_ID, 1, &err) == 0);
	CHECK(counters_add(db, "stories_read", CASE_ID, 2, &err) == 0);
	CHECK(counters_add(db, "stories_read", OTHER_ID, 1, &err) == 0);
	CHECK(counters_add(db, "requests", "question", 1, &err) == 0);
	CHECK_INT(today(db, "stories_read", CASE_ID), 3);
	CHECK_INT(today(db, "stories_read", OTHER_ID), 1);
	CHECK_INT(today(db, "requests", "question"), 1);
	CHECK_INT(today(db, "requests", "contact"), 0);
	/* Never negative. */
	CHECK(counters_add(db, "searches", NULL, -5, &err) < 0);
	free(err);
	sqlite3_close(db);
}

TEST(counters_inspired_once_per_visit)
{
	sqlite3 *db = kiosk_db_open(":memory:");

	counters_visit_start(db);
	CHECK_INT(counters_inspired(db, CASE_ID), 1);
	CHECK_INT(counters_inspired(db, CASE_ID), 0);
	CHECK(counters_inspired_now(CASE_ID));
	CHECK(!counters_inspired_now(OTHER_ID));
	CHECK_INT(counters_inspired(db, OTHER_ID), 1);
	CHECK_INT(today(db, "inspired", CASE_ID), 1);
	/* The next visitor may press it again. */
	counters_visit_start(db);
	CHECK(!counters_inspired_now(CASE_ID));
	CHECK_INT(counters_inspired(db, CASE_ID), 1);
	CHECK_INT(today(db, "inspired", CASE_ID), 2);
	CHECK_INT(today(db, "sessions", NULL), 2);
	sqlite3_close(db);
}

#define expect(text) kiosk_expect((text), 20)

/* From attract (a new visit) through a search with Enter to the case. */
static int open_case(void)
{
	if (!expect("Press any key or touch the screen to start"))
		return 0;
	vt_send("beekeep");
	if (!expect("Beekeeping club in Telšiai"))
		return 0;
	vt_send(VT_ENTER);
	return expect("Bees are patient teachers.");
}

/* Press the "This inspired me" button with a touch. */
static int press_inspired(void)
{
	int col, row = vt_find("[ This inspired me ]", &col);

	if (!CHECK(row >= 0)) {
		vt_dump();
		return 0;
	}
	vt_send_mouse_click(row, col + 2);
	return expect("Thank you! This story inspired you.");
}

TEST(counters_tui_inspired_once_per_visit_again_after_idle)
{
	static const char json[] =
		"{\"cases\": [{\"id\": \"" CASE_ID "\", \"person\": \"Rūta Mockutė\","
		" \"municipality\": \"LT-55\", \"area\": \"regional_development\","
		" \"themes\": [\"environment\"], \"title\": \"Beekeeping club in Telšiai\","
		" \"summary\": \"Rūta teaches beekeeping.\", \"story\": \"Bees.\","
		" \"quote\": \"Bees are patient teachers.\", \"contact_allowed\": false,"
		" \"lang\": \"en\"}], \"partners\": []}\n";
	sqlite3 *db;

	sqlite3_close(kiosk_make_db(json));
	kiosk_start("default_language = en\nlanguages = en lt\nidle_timeout = 2\n", 24, 80);
	if (!open_case() || !press_inspired())
		return;
	CHECK(!vt_contains("[ This inspired me ]"));
	/* Back and in again in the same visit: still thanked, no button. */
	vt_send(VT_ESC);
	expect("Search: beekeep");
	vt_send(VT_ENTER);
	if (!expect("Bees are patient teachers."))
		return;
	CHECK(vt_contains("Thank you! This story inspired you."));
	CHECK(!vt_contains("[ This inspired me ]"));
	/* The idle reset ends the visit: the next visitor has the button again. */
	if (!expect("Are you still there?"))
		return;
	if (!open_case() || !press_inspired())
		return;
	vt_close();

	db = kiosk_db_open(t_path(0, "k.db"));
	CHECK_INT(today(db, "inspired", CASE_ID), 2);
	CHECK_INT(today(db, "stories_read", CASE_ID), 3);
	CHECK_INT(today(db, "sessions", NULL), 2);
	/* One search a visit (Enter), not one per letter typed. */
	CHECK_INT(today(db, "searches", NULL), 2);
	sqlite3_close(db);
}

/* Days as the heartbeat carries them, from the acknowledged one on; after a 204 the
 * older ones go. */
TEST(counters_heartbeat_days_and_acknowledgement)
{
	sqlite3 *db = kiosk_db_open(":memory:");
	char last[11], today_s[11], *err = NULL, *s;
	json_t *j, *d;
	int i;

	counters_today(today_s);
	/* Twenty old days (2026-01-01..20) and today. */
	for (i = 1; i <= 20; i++) {
		char *sql = xasprintf("INSERT INTO counters VALUES('2026-01-%02d', 'sessions', '',"
				      " %d)", i, i);

		CHECK(db_exec(db, sql, &err) == 0);
		free(sql);
	}
	CHECK(counters_add(db, "sessions", NULL, 3, &err) == 0);
	CHECK(counters_add(db, "inspired", CASE_ID, 2, &err) == 0);
	CHECK(counters_add(db, "stories_read", CASE_ID, 5, &err) == 0);
	CHECK(counters_add(db, "requests", "question", 1, &err) == 0);
	CHECK(counters_add(db, "searches", NULL, 4, &err) == 0);
	j = counters_heartbeat_json(db, last, &err);
	if (!CHECK(j != NULL))
		return;
	CHECK_INT(json_array_size(j), COUNTERS_MAX_DAYS);
	CHECK_STR(last, today_s);
	CHECK_STR(json_string_value(json_object_get(json_array_get(j, 0), "day")), "2026-01-08");
	d = json_array_get(j, COUNTERS_MAX_DAYS - 1);
	s = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	{
		char *want = xasprintf("{\"day\":\"%s\",\"inspired\":{\"" CASE_ID "\":2},"
				       "\"quiz_done\":0,\"requests\":{\"question\":1},"
				       "\"searches\":4,\"sessions\":3,\"stories_read\":{\""
				       CASE_ID "\":5}}", today_s);

		CHECK_STR(s, want);
		free(want);
	}
	free(s);
	json_decref(j);
	/* Acknowledged: every day before today goes; today is sent again. */
	CHECK(counters_acknowledged(db, last, &err) == 0);
	j = counters_heartbeat_json(db, last, &err);
	CHECK(j != NULL && json_array_size(j) == 1);
	CHECK_STR(last, today_s);
	json_decref(j);
	CHECK_INT(counters_get(db, "2026-01-20", "sessions", NULL), 0);
	CHECK_INT(today(db, "sessions", NULL), 3);
	sqlite3_close(db);
}

/* The bytes of a heartbeat with one day's counts for 100 cases (the report's figure):
 * the body sync.c sends, built the same way. */
TEST(counters_heartbeat_size_100_cases)
{
	sqlite3 *db = kiosk_db_open(":memory:");
	char last[11], id[37], *err = NULL, *body;
	json_t *j;
	int i;

	counters_visit_start(db);
	for (i = 0; i < 100; i++) {
		snprintf(id, sizeof id, "31111111-2222-4333-8444-%012d", i);
		counters_add(db, "stories_read", id, 100 + i, NULL);
		counters_add(db, "inspired", id, 10 + i, NULL);
	}
	counters_add(db, "searches", NULL, 250, NULL);
	counters_add(db, "requests", "contact", 3, NULL);
	counters_add(db, "requests", "question", 2, NULL);
	counters_add(db, "requests", "nomination", 1, NULL);
	j = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I}", "version", "0.1.0", "kiosk_id",
		      "telsiai-lib-1", "outbox", (json_int_t)0, "seq", (json_int_t)12345,
		      "uptime_s", (json_int_t)86400, "outbox_oldest_s", (json_int_t)0);
	json_object_set_new(j, "counters", counters_heartbeat_json(db, last, &err));
	body = json_dumps(j, JSON_COMPACT);
	CHECK(body != NULL && strlen(body) > 100 * 2 * 40);
	fprintf(stderr, "  heartbeat with one day's counts for 100 cases: %zu bytes\n",
		strlen(body));
	free(body);
	json_decref(j);
	sqlite3_close(db);
}

/* One number from the hub's database (-1 if it has no such row). */
static int64_t hub_number(const struct hubt *h, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	if (sqlite3_open_v2(h->db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* The heartbeat carries the day's counts to a real hub; sent again, they replace. */
TEST(counters_heartbeat_reaches_the_hub_once)
{
	static const char json[] =
		"{\"cases\": [{\"id\": \"" CASE_ID "\", \"person\": \"Rūta Mockutė\","
		" \"municipality\": \"LT-55\", \"area\": \"regional_development\","
		" \"themes\": [\"environment\"], \"title\": \"Beekeeping club\","
		" \"story\": \"Bees.\", \"lang\": \"en\"}], \"partners\": []}\n";
	struct hubt h;
	struct sync_kiosk k;
	char *token, *err = NULL, day[11], *sql;
	sqlite3 *db = sync_pair_make(&h, &k, 1, NULL, &token);
	int64_t n;
	int round;

	hubt_sqlite_only();      /* reads the counts from the hub's file */
	t_write_file(t_path(4, "cases.json"), json);
	hubt_import(&h, t_path(4, "cases.json"));
	counters_visit_start(db);
	counters_visit_start(db);
	CHECK(counters_inspired(db, CASE_ID) == 1);
	CHECK(counters_add(db, "stories_read", CASE_ID, 4, &err) == 0);
	CHECK(counters_add(db, "requests", "question", 1, &err) == 0);
	sqlite3_close(db);
	counters_today(day);
	for (round = 0; round < 2; round++) {
		if (sync_run(&k, "--once", NULL, &err) != 0)
			t_fail("sync: %s", err);
		sql = xasprintf("SELECT sessions FROM usage_days WHERE kiosk_id = '%s' AND"
				" day = '%s'", SYNC_KIOSK_ID, day);
		n = hub_number(&h, sql);
		free(sql);
		if (round == 0 && n < 0) {
			hubt_stop(&h, SIGTERM);
			t_skip("the hub does not store heartbeat counters yet");
			return;
		}
		CHECK_INT(n, 2);
		sql = xasprintf("SELECT inspired * 1000 + stories_read FROM usage_cases WHERE"
				" case_id = '%s' AND day = '%s'", CASE_ID, day);
		CHECK_INT(hub_number(&h, sql), 1004);
		free(sql);
		sql = xasprintf("SELECT req_question FROM usage_days WHERE day = '%s'", day);
		CHECK_INT(hub_number(&h, sql), 1);
		free(sql);
	}
	/* Today's row stays on the kiosk (it grows until tomorrow). */
	db = sync_kiosk_open(&k);
	CHECK_INT(today(db, "stories_read", CASE_ID), 4);
	sqlite3_close(db);
	hubt_stop(&h, SIGTERM);
	free(token);
}
