/* Storage of cases and partners: JSON checks, upserts, deletes, and the search index
 * staying in step (catalogue_check_index after every change). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "db.h"
#include "hub_harness.h"
#include "kiosk_util.h"
#include "search.h"
#include "t.h"
#include "util.h"

/* A valid case from JSON text; fails the test if it is not valid. */
static void case_from(const char *text, struct career *c)
{
	json_error_t jerr;
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	char *err = NULL;

	if (j == NULL)
		t_fail("bad test JSON: %s", jerr.text);
	if (career_from_json(j, c, &err) < 0)
		t_fail("career_from_json: %s", err);
	json_decref(j);
}

static void mk(struct career *c, int n, const char *title, const char *muni, int featured)
{
	char *text = xasprintf("{\"id\": \"00000000-0000-4000-8000-%012d\", \"person\": \"P%d\","
			       " \"municipality\": \"%s\", \"area\": \"humanities\","
			       " \"themes\": [\"community\"], \"title\": \"%s\","
			       " \"featured\": %s}", n, n, muni, title,
			       featured ? "true" : "false");

	case_from(text, c);
	free(text);
}

/* The error from career_from_json for text, or NULL if it is accepted. */
static char *case_error(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);
	struct career c;
	char *err = NULL;

	if (j == NULL)
		t_fail("bad test JSON: %s", text);
	if (career_from_json(j, &c, &err) == 0) {
		career_free(&c);
		free(err);
		err = NULL;
	}
	json_decref(j);
	return err;
}

static void check_index(sqlite3 *db)
{
	char *err = NULL;

	if (!CHECK(catalogue_check_index(db, &err) == 0))
		fprintf(stderr, "  index: %s\n", err);
	free(err);
}

static int hits_in(sqlite3 *db, const char *query, bool story)
{
	struct search_filter f;
	struct search_result r;
	int n;

	search_filter_init(&f);
	f.query = query;
	f.story = story;
	if (search_cases(db, &f, 0, 1000, false, &r, NULL) != 0)
		return -1;
	n = r.n;
	search_result_free(&r);
	return n;
}

static int hits(sqlite3 *db, const char *query)
{
	return hits_in(db, query, false);
}

static const char full_case[] =
	"{\"id\": \"31F34A53-639C-4A15-BA1B-E2EF0968524D\", \"slug\": \"ieva-kavine\","
	" \"person\": \"Ieva R.\", \"age\": 27, \"municipality\": \"LT-43\","
	" \"area\": \"social_sciences\", \"themes\": [\"community\", \"environment\"],"
	" \"title\": \"Taisymo kavinė Šiaulių bibliotekoje\", \"summary\": \"Trumpai.\","
	" \"story\": \"Pirma pastraipa.\\n\\nAntra\\u202e pastraipa.\","
	" \"quote\": \"Taisome kartu.\", \"path\": [{\"year\": 2015, \"step\": \"Studijos\"},"
	" {\"year\": 2020, \"step\": \"Kavinė\"}], \"skills\": [\"elektra\", \"renginiai\"],"
	" \"organisation\": \"Biblioteka\", \"partner_id\": \"\", \"contact_allowed\": true,"
	" \"featured\": true, \"lang\": \"lt\", \"translations\": {\"en\": {\"title\":"
	" \"Repair café\", \"summary\": \"Short.\", \"story\": \"One.\", \"quote\": \"Q\"}},"
	" \"updated_at\": \"2026-11-30T12:00:00Z\", \"unknown_field\": 1}";

TEST(catalogue_json_roundtrip)
{
	struct career a, b;
	json_t *j;
	char *s1, *s2;

	case_from(full_case, &a);
	CHECK_STR(a.id, "31f34a53-639c-4a15-ba1b-e2ef0968524d");
	CHECK_STR(a.text.story, "Pirma pastraipa.\n\nAntra pastraipa.");
	CHECK_INT(a.npath, 2);
	CHECK_INT(a.nskills, 2);
	CHECK_INT(a.ntranslations, 1);
	CHECK_INT(a.themes, (1u << THEME_COMMUNITY) | (1u << THEME_ENVIRONMENT));
	CHECK_INT(a.area, AREA_SOCIAL_SCIENCES);
	CHECK(a.featured && a.contact_allowed);
	CHECK_STR(career_text(&a, "en")->title, "Repair café");
	/* No Russian text: the English one before the original. */
	CHECK_STR(career_text(&a, "ru")->title, "Repair café");
	CHECK_STR(career_text(&a, "de")->title, a.text.title);
	j = career_to_json(&a);
	s1 = json_dumps(j, JSON_COMPACT);
	if (career_from_json(j, &b, NULL) < 0)
		t_fail("round trip rejected");
	json_decref(j);
	j = career_to_json(&b);
	s2 = json_dumps(j, JSON_COMPACT);
	CHECK_STR(s2, s1);
	CHECK(strstr(s1, "unknown_field") == NULL);
	json_decref(j);
	free(s1);
	free(s2);
	career_free(&a);
	career_free(&b);
}

TEST(catalogue_json_rejects_bad_fields)
{
	static const struct {
		const char *change, *field;
	} bad[] = {
		{"\"id\": \"nope\"", "id:"},
		{"\"municipality\": \"LT-61\"", "municipality:"},
		{"\"area\": \"physics\"", "area:"},
		{"\"themes\": [\"cooking\"]", "themes:"},
		{"\"themes\": []", "themes:"},
		{"\"title\": \"\"", "title:"},
		{"\"title\": 5", "title:"},
		{"\"title\": \"a\\u0007b\"", "title:"},
		{"\"title\": \"a\\u009bb\"", "title:"},
		{"\"person\": \"x\\u001b[31m\"", "person:"},
		{"\"age\": -3", "age:"},
		{"\"age\": 1.5", "age:"},
		{"\"path\": [{\"year\": 1200, \"step\": \"x\"}]", "path[1].year:"},
		{"\"path\": [{\"year\": null, \"step\": \"x\"}]", "path[1].year: missing"},
		{"\"path\": [{\"year\": 2000}]", "path[1].step:"},
		{"\"skills\": [\"\"]", "skills[1]:"},
		{"\"jobs\": [\"\"]", "jobs[1]:"},
		{"\"jobs\": [7]", "jobs[1]:"},
		{"\"jobs\": \"programuotoja\"", "jobs:"},
		{"\"jobs\": [\"a\\u001b[31m\"]", "jobs[1]:"},
		{"\"translations\": {\"en\": {\"title\": \"T\", \"jobs\": [\"\"]}}",
		 "translations.en.jobs[1]:"},
		{"\"translations\": {\"en\": {\"title\": \"T\", \"skills\": {}}}",
		 "translations.en.skills:"},
		{"\"translations\": {\"en\": {\"title\": \"T\", \"path\": [{\"step\": \"x\"}]}}",
		 "translations.en.path[1].year:"},
		{"\"partner_id\": \"123\"", "partner_id:"},
		{"\"featured\": \"yes\"", "featured:"},
		{"\"lang\": \"lietuviu\"", "lang:"},
		{"\"updated_at\": \"yesterday\"", "updated_at:"},
		{"\"translations\": {\"en\": {\"summary\": \"x\"}}", "translations.en.title:"},
		{"\"slug\": \"Not A Slug\"", "slug:"},
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *text = xasprintf("{\"id\": \"31f34a53-639c-4a15-ba1b-e2ef0968524d\","
				       " \"person\": \"P\", \"municipality\": \"LT-43\","
				       " \"area\": \"humanities\", \"themes\": [\"community\"],"
				       " \"title\": \"T\", %s}", bad[i].change);
		char *err = case_error(text);

		if (!CHECK(err != NULL && strncmp(err, bad[i].field, strlen(bad[i].field)) == 0))
			fprintf(stderr, "  %s -> %s\n", bad[i].change, err ? err : "(accepted)");
		free(err);
		free(text);
	}
}

TEST(catalogue_json_limits)
{
	struct buf b = {0};
	char *err;
	int i;

	/* 280 characters of summary are fine even in multi-byte letters, 281 are not. */
	buf_adds(&b, "{\"id\": \"31f34a53-639c-4a15-ba1b-e2ef0968524d\", \"person\": \"P\","
		 " \"municipality\": \"LT-43\", \"area\": \"humanities\", \"themes\":"
		 " [\"community\"], \"title\": \"T\", \"summary\": \"");
	for (i = 0; i < 280; i++)
		buf_adds(&b, "ž");
	buf_adds(&b, "\"}");
	err = case_error(b.s);
	CHECK(err == NULL);
	free(err);
	b.len -= 2;
	buf_adds(&b, "ž\"}");
	err = case_error(b.s);
	CHECK(err != NULL && strstr(err, "summary: too long") == err);
	free(err);
	buf_free(&b);

	buf_adds(&b, "{\"id\": \"31f34a53-639c-4a15-ba1b-e2ef0968524d\", \"person\": \"P\","
		 " \"municipality\": \"LT-43\", \"area\": \"humanities\", \"themes\":"
		 " [\"community\"], \"title\": \"");
	for (i = 0; i <= MAX_TITLE; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\"}");
	err = case_error(b.s);
	CHECK(err != NULL && strstr(err, "title: too long") == err);
	free(err);
	buf_free(&b);
}

/* A story without a slug gets one from its title and the start of its id: two stories of
 * the same title keep two public addresses. */
TEST(catalogue_made_slugs_are_unique)
{
	struct career a, b;

	case_from("{\"id\": \"AB12CD34-0000-4000-8000-000000000001\", \"person\": \"P\","
		  " \"municipality\": \"LT-43\", \"area\": \"humanities\","
		  " \"themes\": [\"community\"], \"title\": \"Mano kelias į Šiaulius\"}", &a);
	case_from("{\"id\": \"99999999-0000-4000-8000-000000000002\", \"person\": \"P\","
		  " \"municipality\": \"LT-43\", \"area\": \"humanities\","
		  " \"themes\": [\"community\"], \"title\": \"Mano kelias į Šiaulius\"}", &b);
	CHECK_STR(a.slug, "mano-kelias-i-siaulius-ab12cd34");
	CHECK_STR(b.slug, "mano-kelias-i-siaulius-99999999");
	career_free(&a);
	career_free(&b);
}

TEST(catalogue_tombstone_needs_only_id)
{
	struct career c;

	case_from("{\"id\": \"31f34a53-639c-4a15-ba1b-e2ef0968524d\", \"deleted\": true,"
		  " \"seq\": 12}", &c);
	CHECK(c.deleted);
	CHECK_INT(c.seq, 12);
	career_free(&c);
}

TEST(catalogue_put_get_update_delete)
{
	sqlite3 *db = kiosk_db_open(":memory:");
	struct career a, b, got;
	char *err = NULL;
	int64_t n;

	case_from(full_case, &a);
	CHECK(catalogue_put_case(db, &a, &err) == 0);
	check_index(db);
	CHECK(catalogue_get_case(db, a.id, &got, &err) == 1);
	CHECK_STR(got.text.title, a.text.title);
	CHECK_STR(got.text.story, a.text.story);
	CHECK_STR(got.translations[0].title, "Repair café");
	CHECK_INT(got.npath, 2);
	CHECK_STR(got.path[1].step, "Kavinė");
	CHECK_STR(got.skills[1], "renginiai");
	CHECK_INT(got.age, 27);
	career_free(&got);
	CHECK_INT(hits(db, "taisymo"), 1);
	CHECK_INT(hits(db, "repair"), 1);

	/* An update by id: no duplicate, the index follows the new title. */
	case_from(full_case, &b);
	free(b.text.title);
	b.text.title = xstrdup("Dviračių dirbtuvės");
	b.featured = false;
	free(b.text.story);
	b.text.story = xstrdup("Visai kitas tekstas.");
	CHECK_INT(hits_in(db, "pastraip", true), 1);
	CHECK(catalogue_put_case(db, &b, &err) == 0);
	CHECK_INT(hits_in(db, "pastraip", true), 0);    /* the old story left the index */
	CHECK_INT(hits_in(db, "visai kit", true), 1);
	check_index(db);
	CHECK(catalogue_count(db, &n, &err) == 0 && n == 1);
	CHECK_INT(hits(db, "taisymo"), 0);
	CHECK_INT(hits(db, "dviraciu"), 1);
	CHECK(catalogue_get_case(db, a.id, &got, &err) == 1);
	CHECK(!got.featured);
	CHECK_STR(got.text.title, "Dviračių dirbtuvės");
	career_free(&got);

	CHECK(catalogue_delete_case(db, a.id, &err) == 0);
	check_index(db);
	CHECK(catalogue_count(db, &n, &err) == 0 && n == 0);
	CHECK_INT(hits(db, "dviraciu"), 0);
	CHECK_INT(hits_in(db, "visai kit", true), 0);
	CHECK(catalogue_get_case(db, a.id, &got, &err) == 0);
	CHECK(catalogue_delete_case(db, a.id, &err) == 0);     /* deleting twice is fine */
	career_free(&a);
	career_free(&b);
	sqlite3_close(db);
}

TEST(catalogue_many_upserts_keep_index)
{
	sqlite3 *db = kiosk_db_open(":memory:");
	struct catalogue_set s = {0};
	char *err = NULL;
	static const char *const rounds[] = {"pirmas", "antras", "trecias"};
	int i, round;

	s.cases = xcalloc(50, sizeof *s.cases);
	for (round = 0; round < 3; round++) {
		for (i = 0; i < 50; i++) {
			char title[64];

			snprintf(title, sizeof title, "Atvejis %d ratas %s", i, rounds[round]);
			mk(&s.cases[i], i + 1, title, i % 2 ? "LT-43" : "LT-19", (i + round) % 3 == 0);
		}
		s.ncases = 50;
		CHECK(catalogue_put_set(db, &s, &err) == 0);
		check_index(db);
		for (i = 0; i < 50; i++)
			career_free(&s.cases[i]);
	}
	CHECK_INT(hits(db, "ratas trec"), 50);
	CHECK_INT(hits(db, "ratas antras"), 0);
	for (i = 1; i <= 50; i += 2) {
		char id[37];

		snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i);
		CHECK(catalogue_delete_case(db, id, &err) == 0);
	}
	check_index(db);
	CHECK_INT(hits(db, ""), 25);
	free(s.cases);
	sqlite3_close(db);
}

TEST(catalogue_put_set_is_all_or_nothing)
{
	sqlite3 *db = kiosk_db_open(":memory:");
	struct catalogue_set s = {0};
	char *err = NULL;
	int64_t n = -1;

	s.cases = xcalloc(2, sizeof *s.cases);
	mk(&s.cases[0], 1, "Gera", "LT-43", 0);
	mk(&s.cases[1], 2, "Bloga", "LT-43", 0);
	/* A municipality that slipped past the checks makes the store fail. */
	memcpy(s.cases[1].municipality, "LT-99", 6);
	s.ncases = 2;
	CHECK(catalogue_put_set(db, &s, &err) < 0);
	CHECK(err != NULL);
	CHECK(catalogue_count(db, &n, NULL) == 0 && n == 0);
	check_index(db);
	catalogue_set_free(&s);
	free(err);
	sqlite3_close(db);
}

TEST(catalogue_tombstone_in_set_deletes)
{
	sqlite3 *db = kiosk_db_open(":memory:");
	struct catalogue_set s = {0};
	int64_t n = -1;

	s.cases = xcalloc(2, sizeof *s.cases);
	mk(&s.cases[0], 1, "Pirmas", "LT-43", 0);
	mk(&s.cases[1], 2, "Antras", "LT-43", 0);
	s.ncases = 2;
	CHECK(catalogue_put_set(db, &s, NULL) == 0);
	career_free(&s.cases[1]);
	case_from("{\"id\": \"00000000-0000-4000-8000-000000000002\", \"deleted\": true}",
		  &s.cases[1]);
	CHECK(catalogue_put_set(db, &s, NULL) == 0);
	CHECK(catalogue_count(db, &n, NULL) == 0 && n == 1);
	check_index(db);
	catalogue_set_free(&s);
	sqlite3_close(db);
}

TEST(catalogue_featured_and_related)
{
	sqlite3 *db = kiosk_db_open(":memory:");
	struct career c[6], *out;
	int i, n;

	mk(&c[0], 1, "Vienas", "LT-43", 0);
	mk(&c[1], 2, "Du", "LT-43", 1);
	mk(&c[2], 3, "Trys", "LT-57", 0);
	mk(&c[3], 4, "Keturi", "LT-44", 1);   /* LT-44 is in the same county as LT-43 */
	mk(&c[4], 5, "Penki", "LT-57", 0);
	mk(&c[5], 6, "Šeši", "LT-57", 0);
	c[5].themes = 1u << THEME_INNOVATION;
	for (i = 0; i < 6; i++)
		CHECK(catalogue_put_case(db, &c[i], NULL) == 0);
	CHECK(catalogue_featured(db, 10, &out, &n, NULL) == 0);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(out[0].text.title, "Du");
		CHECK_STR(out[1].text.title, "Keturi");
	}
	for (i = 0; i < n; i++)
		career_free(&out[i]);
	free(out);

	CHECK(catalogue_related(db, &c[0], 10, &out, &n, NULL) == 0);
	CHECK_INT(n, 4);        /* all but itself and the one with neither theme nor county */
	if (n == 4) {
		CHECK_STR(out[0].text.title, "Du");
		CHECK_STR(out[1].text.title, "Keturi");
	}
	for (i = 0; i < n; i++) {
		CHECK(strcmp(out[i].id, c[0].id) != 0);
		CHECK(strcmp(out[i].id, c[5].id) != 0);
		career_free(&out[i]);
	}
	free(out);
	CHECK(catalogue_related(db, &c[0], 1, &out, &n, NULL) == 0);
	CHECK_INT(n, 1);
	for (i = 0; i < n; i++)
		career_free(&out[i]);
	free(out);
	for (i = 0; i < 6; i++)
		career_free(&c[i]);
	sqlite3_close(db);
}

TEST(catalogue_partners)
{
	sqlite3 *db = kiosk_db_open(":memory:");
	static const char *const texts[] = {
		"{\"id\": \"10000000-0000-4000-8000-000000000001\", \"name\": \"Žalias miestas\","
		" \"municipality\": \"LT-43\", \"offers\": [\"volunteering\", \"mentoring\"],"
		" \"description\": \"Medžių sodinimas.\", \"contact_allowed\": true}",
		"{\"id\": \"10000000-0000-4000-8000-000000000002\", \"name\": \"Amatų centras\","
		" \"municipality\": \"LT-19\", \"offers\": [\"internship\"]}",
	};
	struct partner p, *all;
	char *err = NULL;
	int i, n;
	json_t *j;

	for (i = 0; i < 2; i++) {
		j = json_loads(texts[i], 0, NULL);
		if (partner_from_json(j, &p, &err) < 0)
			t_fail("partner_from_json: %s", err);
		json_decref(j);
		CHECK(catalogue_put_partner(db, &p, &err) == 0);
		CHECK(catalogue_put_partner(db, &p, &err) == 0);        /* upsert */
		partner_free(&p);
	}
	check_index(db);
	CHECK(catalogue_partners(db, &all, &n, &err) == 0);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(all[0].name, "Amatų centras");        /* sorted without diacritics */
		CHECK_STR(all[1].name, "Žalias miestas");
	}
	for (i = 0; i < n; i++)
		partner_free(&all[i]);
	free(all);
	CHECK(search_partners(db, "medziu", -1, &all, &n, &err) == 0);
	CHECK_INT(n, 1);
	for (i = 0; i < n; i++)
		partner_free(&all[i]);
	free(all);
	CHECK(search_partners(db, "", OFFER_INTERNSHIP, &all, &n, &err) == 0);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(all[0].name, "Amatų centras");
	for (i = 0; i < n; i++)
		partner_free(&all[i]);
	free(all);
	CHECK(search_partners(db, "siaul", OFFER_MENTORING, &all, &n, &err) == 0);
	CHECK_INT(n, 1);
	for (i = 0; i < n; i++)
		partner_free(&all[i]);
	free(all);
	CHECK(catalogue_get_partner(db, "10000000-0000-4000-8000-000000000001", &p, &err) == 1);
	CHECK(p.contact_allowed);
	CHECK_INT(p.offers, (1u << OFFER_VOLUNTEERING) | (1u << OFFER_MENTORING));
	partner_free(&p);
	CHECK(catalogue_delete_partner(db, "10000000-0000-4000-8000-000000000001", &err) == 0);
	check_index(db);
	CHECK(catalogue_get_partner(db, "10000000-0000-4000-8000-000000000001", &p, &err) == 0);
	sqlite3_close(db);
}

TEST(catalogue_bulk_load)
{
	sqlite3 *db = kiosk_db_open(":memory:");
	struct catalogue_set s = {0};
	char *err = NULL;
	sqlite3_stmt *st;
	int i;

	/* A set this big is stored in bulk: merged once at the end, merging back on. */
	s.cases = xcalloc(1200, sizeof *s.cases);
	for (i = 0; i < 1200; i++)
		mk(&s.cases[i], i + 1, i % 100 ? "Paprastas" : "Retas žodis", "LT-43", i == 7);
	s.ncases = 1200;
	if (!CHECK(catalogue_put_set(db, &s, &err) == 0))
		fprintf(stderr, "  %s\n", err);
	check_index(db);
	CHECK_INT(hits(db, "retas zod"), 12);
	st = db_prepare(db, "SELECT v FROM case_fts_config WHERE k = 'automerge'", NULL);
	CHECK(st != NULL && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 4);
	sqlite3_finalize(st);
	/* Inside an explicit bulk load, the set leaves the merging to its end. */
	CHECK(catalogue_bulk(db, true, &err) == 0);
	CHECK(catalogue_put_set(db, &s, &err) == 0);
	st = db_prepare(db, "SELECT v FROM case_fts_config WHERE k = 'automerge'", NULL);
	CHECK(st != NULL && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0);
	sqlite3_finalize(st);
	CHECK(catalogue_bulk(db, false, &err) == 0);
	check_index(db);
	CHECK_INT(hits(db, "paprast"), 1000);
	catalogue_set_free(&s);
	free(err);
	sqlite3_close(db);
}

/* A case with jobs, and lists in its English translation. */
static const char jobs_case[] =
	"{\"id\": \"31f34a53-639c-4a15-ba1b-e2ef0968524d\", \"person\": \"Dovydas M.\","
	" \"municipality\": \"LT-44\", \"area\": \"regional_development\","
	" \"themes\": [\"innovation\"], \"title\": \"Žemės ūkis telefone\","
	" \"story\": \"Dovydas rašo kodą ūkiams.\","
	" \"path\": [{\"year\": 2019, \"step\": \"Studijos\"}], \"skills\": [\"programavimas\"],"
	" \"jobs\": [\"programuotojas\", \" ūkininkas \"], \"lang\": \"lt\","
	" \"translations\": {\"en\": {\"title\": \"Farming in a phone\","
	" \"path\": [{\"year\": 2019, \"step\": \"Studies\"}], \"skills\": [\"coding\"],"
	" \"jobs\": [\"programmer\", \"farmer\"]}, \"pl\": {\"title\": \"Rolnictwo\"}}}";

TEST(catalogue_jobs_json_roundtrip)
{
	struct career a, b;
	char *const *v;
	const struct path_step *p;
	json_t *j;
	char *s1, *s2;
	int n;

	case_from(jobs_case, &a);
	CHECK_INT(a.njobs, 2);
	if (a.njobs == 2) {
		CHECK_STR(a.jobs[0], "programuotojas");
		CHECK_STR(a.jobs[1], "ūkininkas");             /* trimmed */
	}
	/* A translation's own lists, else the original's. */
	v = career_jobs(&a, "en", &n);
	CHECK(n == 2 && strcmp(v[0], "programmer") == 0);
	v = career_jobs(&a, "lt", &n);
	CHECK(n == 2 && strcmp(v[0], "programuotojas") == 0);
	v = career_jobs(&a, "pl", &n);
	CHECK(n == 2 && strcmp(v[1], "ūkininkas") == 0);
	v = career_skills(&a, "en", &n);
	CHECK(n == 1 && strcmp(v[0], "coding") == 0);
	p = career_path(&a, "en", &n);
	CHECK(n == 1 && strcmp(p[0].step, "Studies") == 0);
	p = career_path(&a, "ru", &n);          /* the English translation's */
	CHECK(n == 1 && strcmp(p[0].step, "Studies") == 0);

	j = career_to_json(&a);
	s1 = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	if (career_from_json(j, &b, NULL) < 0)
		t_fail("round trip rejected");
	json_decref(j);
	CHECK_INT(b.njobs, 2);
	CHECK_INT(career_text(&b, "en")->njobs, 2);
	j = career_to_json(&b);
	s2 = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	CHECK_STR(s2, s1);
	CHECK(strstr(s1, "\"jobs\":[\"programuotojas\",\"ūkininkas\"]") != NULL);
	CHECK(strstr(s1, "\"jobs\":[\"programmer\",\"farmer\"]") != NULL);
	CHECK(strstr(s1, "\"skills\":[\"coding\"]") != NULL);
	json_decref(j);
	free(s1);
	free(s2);
	career_free(&a);
	career_free(&b);

	/* A case without jobs keeps the JSON it always had. */
	case_from(full_case, &a);
	j = career_to_json(&a);
	CHECK(json_object_get(j, "jobs") == NULL);
	CHECK(json_object_get(json_object_get(json_object_get(j, "translations"), "en"),
			      "skills") == NULL);
	json_decref(j);
	career_free(&a);
}

TEST(catalogue_jobs_limits)
{
	struct buf b = {0};
	char *err;
	int i;

	buf_adds(&b, "{\"id\": \"31f34a53-639c-4a15-ba1b-e2ef0968524d\", \"person\": \"P\","
		 " \"municipality\": \"LT-43\", \"area\": \"humanities\", \"themes\":"
		 " [\"community\"], \"title\": \"T\", \"jobs\": [");
	for (i = 0; i <= MAX_LIST; i++)
		buf_addf(&b, "%s\"darbas %d\"", i ? ", " : "", i);
	buf_adds(&b, "]}");
	err = case_error(b.s);
	CHECK(err != NULL && strstr(err, "jobs: more than 20") == err);
	free(err);
	buf_free(&b);

	buf_adds(&b, "{\"id\": \"31f34a53-639c-4a15-ba1b-e2ef0968524d\", \"person\": \"P\","
		 " \"municipality\": \"LT-43\", \"area\": \"humanities\", \"themes\":"
		 " [\"community\"], \"title\": \"T\", \"jobs\": [\"");
	for (i = 0; i <= MAX_SHORT; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\"]}");
	err = case_error(b.s);
	CHECK(err != NULL && strstr(err, "jobs[1]: too long") == err);
	free(err);
	buf_free(&b);
}

TEST(catalogue_jobs_stored_and_searched)
{
	sqlite3 *db = kiosk_db_open(":memory:");
	struct career a, got;
	char *err = NULL;

	case_from(jobs_case, &a);
	CHECK(catalogue_put_case(db, &a, &err) == 0);
	check_index(db);
	CHECK(catalogue_get_case(db, a.id, &got, &err) == 1);
	CHECK_INT(got.njobs, 2);
	if (got.njobs == 2)
		CHECK_STR(got.jobs[1], "ūkininkas");
	CHECK_INT(career_text(&got, "en")->njobs, 2);
	CHECK_INT(career_text(&got, "en")->nskills, 1);
	CHECK_INT(career_text(&got, "en")->npath, 1);
	CHECK_INT(career_text(&got, "pl")->njobs, 0);
	career_free(&got);
	/* Jobs in both languages are found, without diacritics too; translated skills too. */
	CHECK_INT(hits(db, "programuotoj"), 1);
	CHECK_INT(hits(db, "ukinink"), 1);
	CHECK_INT(hits(db, "farmer"), 1);
	CHECK_INT(hits(db, "coding"), 1);
	/* Jobs taken away leave the index. */
	a.njobs = 0;
	CHECK(catalogue_put_case(db, &a, &err) == 0);
	a.njobs = 2;
	CHECK_INT(hits(db, "programuotoj"), 0);
	CHECK_INT(hits(db, "programmer"), 1);
	check_index(db);
	career_free(&a);
	free(err);
	sqlite3_close(db);
}

/* Run sql with text parameters (NULL-terminated) on db, or fail the test. */
static void exec_texts(sqlite3 *db, const char *sql, const char *const *texts)
{
	sqlite3_stmt *st = db_prepare(db, sql, NULL);
	int i;

	if (st == NULL)
		t_fail("prepare %s: %s", sql, sqlite3_errmsg(db));
	for (i = 0; texts[i] != NULL; i++)
		sqlite3_bind_text(st, i + 1, texts[i], -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		t_fail("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_finalize(st);
}

/* A kiosk database of the first version, holding one case stored as that version did. */
static void make_v1_db(const char *path)
{
	const struct schema v1 = {"kiosk", kiosk_schema.migrations, 1};
	char *err = NULL, *title = search_fold("Taisymo kavinė"), *story = search_fold("Sena "
		"istorija apie kavinę."), *tags = search_tags("LT-43", 0, 1, false);
	char *t_title = xasprintf("%s\n", title), *t_story = xasprintf("%s\n", story);
	sqlite3 *db = db_open(path, &v1, &err);
	const char *const row[] = {"31f34a53-639c-4a15-ba1b-e2ef0968524d", NULL};
	const char *const fts[] = {t_title, "ieva\n", "siauliu m. sav.\n", tags, NULL};
	const char *const two[] = {t_title, tags, NULL}, *const st[] = {t_story, tags, NULL};

	if (db == NULL)
		t_fail("v1 database: %s", err);
	exec_texts(db, "INSERT INTO cases VALUES(1099511627777, ?1, 'LT-43', 'LT-SA', 0, 1, 0,"
		   " 1, 0, 0, '', 'lt', 'taisymo-kavine', 'Ieva', '', '', 'Taisymo kavinė', '',"
		   " '', '[]', '[]', '{}', 'Sena istorija apie kavinę.')", row);
	exec_texts(db, "INSERT INTO case_fts(rowid, title, people, places, tags)"
		   " VALUES(1099511627777, ?1, ?2, ?3, ?4)", fts);
	exec_texts(db, "INSERT INTO title_fts(rowid, title, tags) VALUES(1099511627777, ?1, ?2)",
		   two);
	exec_texts(db, "INSERT INTO story_fts(rowid, story, tags) VALUES(1099511627777, ?1, ?2)",
		   st);
	sqlite3_close(db);
	free(title);
	free(story);
	free(tags);
	free(t_title);
	free(t_story);
}

TEST(catalogue_migrates_to_jobs)
{
	const char *path = t_path(0, "v1.db");
	struct career a, got;
	sqlite3_stmt *st;
	sqlite3 *db;
	char *err = NULL;

	make_v1_db(path);
	db = kiosk_db_open(path);
	st = db_prepare(db, "PRAGMA user_version", NULL);
	CHECK(st != NULL && sqlite3_step(st) == SQLITE_ROW &&
	      sqlite3_column_int(st, 0) == kiosk_schema.count);
	sqlite3_finalize(st);
	check_index(db);
	/* The case from before is still found, by its title and by its story. */
	CHECK_INT(hits(db, "taisymo"), 1);
	CHECK_INT(hits_in(db, "istorij", true), 1);
	CHECK(catalogue_get_case(db, "31f34a53-639c-4a15-ba1b-e2ef0968524d", &got, &err) == 1);
	CHECK_INT(got.njobs, 0);
	career_free(&got);
	/* The same case again, now with jobs (as a sync brings it): stored and found. */
	case_from("{\"id\": \"31f34a53-639c-4a15-ba1b-e2ef0968524d\", \"person\": \"Ieva\","
		  " \"municipality\": \"LT-43\", \"area\": \"humanities\","
		  " \"themes\": [\"community\"], \"title\": \"Taisymo kavinė\","
		  " \"story\": \"Nauja istorija.\", \"jobs\": [\"koordinatorė\"]}", &a);
	CHECK(catalogue_put_case(db, &a, &err) == 0);
	check_index(db);
	CHECK_INT(hits(db, "koordinator"), 1);
	CHECK_INT(hits_in(db, "sena", true), 0);
	CHECK_INT(hits_in(db, "nauja", true), 1);
	career_free(&a);
	free(err);
	sqlite3_close(db);
}

/* The hub keeps a case's jobs and the lists of its translations, and serves them. */
TEST(catalogue_jobs_through_hub)
{
	struct hubt h;
	struct hubt_resp r;
	json_t *j, *c;
	char *token, *s;

	hubt_init(&h, "hub");
	t_write_file(t_path(1, "cat.json"), "{\"cases\": [" "{\"id\": \"31f34a53-639c-4a15-ba1b-"
		     "e2ef0968524d\", \"person\": \"Dovydas M.\", \"municipality\": \"LT-44\","
		     " \"area\": \"regional_development\", \"themes\": [\"innovation\"],"
		     " \"title\": \"Žemės ūkis telefone\", \"jobs\": [\"programuotojas\"],"
		     " \"translations\": {\"en\": {\"title\": \"Farming\", \"jobs\":"
		     " [\"programmer\"], \"skills\": [\"coding\"]}}}]}");
	hubt_import(&h, t_path(1, "cat.json"));
	hubt_start(&h, NULL);
	token = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	hubt_http(&h, "GET", "/v1/cases?since=0", token, NULL, NULL, &r);
	CHECK_INT(r.status, 200);
	j = hubt_parse(r.body);
	c = json_array_get(json_object_get(j, "cases"), 0);
	s = json_dumps(c, JSON_COMPACT);
	if (!CHECK(s != NULL && strstr(s, "\"jobs\":[\"programuotojas\"]") != NULL &&
		   strstr(s, "\"jobs\":[\"programmer\"]") != NULL &&
		   strstr(s, "\"skills\":[\"coding\"]") != NULL))
		fprintf(stderr, "  %s\n", s ? s : r.body);
	free(s);
	json_decref(j);
	hubt_resp_free(&r);
	free(token);
	hubt_stop(&h, SIGTERM);
}
