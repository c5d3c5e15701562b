/* Guides and regional strategies (issue 14): import from JSON and CSV with every bad
 * input refused at FILE:LINE, the kiosk's order and search, the catalogue file's c3
 * migration, a guide travelling from the hub to a kiosk by paging and by snapshot and
 * going with its tombstone, and the Guides screen at 80x24 (UTF-8 and vt100). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalogue_db.h"
#include "db.h"
#include "guides.h"
#include "hub_harness.h"
#include "import.h"
#include "kiosk_util.h"
#include "snapshot.h"
#include "t.h"
#include "test_sync.h"
#include "util.h"
#include "vt.h"

#define G_SA  "d0000000-0000-4000-8000-000000000001"    /* Šiauliai county's strategy */
#define G_NAT "d0000000-0000-4000-8000-000000000002"    /* a guide for the whole country */
#define G_KA  "d0000000-0000-4000-8000-000000000003"    /* Kaunas county's strategy */

/* The three guides as JSON array elements; the national one has a long body (ten
 * paragraphs, "Paragraph N ..." in English) to page through. */
static char *guides_json(void)
{
	struct buf b = {0};
	int i;

	buf_adds(&b, "{\"id\": \"" G_KA "\", \"kind\": \"strategy\", \"county\": \"LT-KU\","
		 " \"lang\": \"lt\", \"title\": \"Kauno apskrities jaunimo strategija\","
		 " \"summary\": \"Kaip Kauno krašto jaunimas randa darbą.\","
		 " \"body\": \"Pirmas skyrius.\\n\\nAntras skyrius.\"},\n");
	buf_adds(&b, "{\"id\": \"" G_NAT "\", \"kind\": \"guide\", \"county\": null,"
		 " \"lang\": \"lt\", \"title\": \"Mentorystės gidas\","
		 " \"summary\": \"Kaip tapti mentoriumi.\", \"body\": \"Pirma pastraipa.\","
		 " \"translations\": {\"en\": {\"title\": \"A guide to mentoring\","
		 " \"summary\": \"How to become a mentor.\", \"body\": \"");
	for (i = 1; i <= 10; i++)
		buf_addf(&b, "%sParagraph %d of the mentoring guide. A mentor listens first, asks"
			 " open questions and shares the way they found their own work.",
			 i > 1 ? "\\n\\n" : "", i);
	buf_adds(&b, "\"}}},\n");
	buf_adds(&b, "{\"id\": \"" G_SA "\", \"kind\": \"strategy\", \"county\": \"LT-SA\","
		 " \"lang\": \"lt\", \"title\": \"Šiaulių apskrities jaunimo strategija\","
		 " \"summary\": \"Darbas jauniems Šiaulių krašte.\","
		 " \"body\": \"Tikslai.\\n\\nPriemonės.\","
		 " \"translations\": {\"en\": {\"title\": \"Siauliai County youth strategy\","
		 " \"body\": \"Aims.\\n\\nMeasures.\"}}}");
	buf_add(&b, "", 0);
	return buf_take(&b);
}

/* A catalogue file with one case and the three guides. */
static char *catalogue_json(void)
{
	char *g = guides_json(), *s;

	s = xasprintf("{\"cases\": [{\"id\": \"a0000000-0000-4000-8000-000000000001\","
		      " \"person\": \"Ieva\", \"municipality\": \"LT-43\", \"area\":"
		      " \"humanities\", \"themes\": [\"community\"], \"title\": \"Ievos kelias\","
		      " \"story\": \"Istorija.\", \"lang\": \"lt\"}],\n\"guides\": [\n%s\n]}\n", g);
	free(g);
	return s;
}

static int read_into(const char *path, struct catalogue_set *s, char **report)
{
	struct buf b = {0};
	int rc = import_read(path, NULL, s, &b);

	buf_add(&b, "", 0);
	*report = buf_take(&b);
	return rc;
}

static const struct guide *find(const struct catalogue_set *s, const char *id)
{
	int i;

	for (i = 0; i < s->nguides; i++) {
		if (strcmp(s->guides[i].id, id) == 0)
			return &s->guides[i];
	}
	return NULL;
}

TEST(guides_import_json_and_csv)
{
	const char *path = t_path(0, "g.json"), *csv = t_path(1, "g.csv");
	struct catalogue_set s;
	const struct guide *g;
	char *json = catalogue_json(), *report;

	t_write_file(path, json);
	free(json);
	CHECK_INT(read_into(path, &s, &report), 0);
	CHECK_STR(report, "");
	CHECK_INT(s.ncases, 1);
	CHECK_INT(s.nguides, 3);
	g = find(&s, G_NAT);
	if (CHECK(g != NULL)) {
		CHECK_INT(g->kind, GUIDE_GUIDE);
		CHECK_STR(g->county, "");
		CHECK_STR(guide_text(g, "en")->title, "A guide to mentoring");
		CHECK_STR(guide_text(g, "ru")->title, "Mentorystės gidas");      /* the original */
	}
	g = find(&s, G_SA);
	CHECK(g != NULL && g->kind == GUIDE_STRATEGY && strcmp(g->county, "LT-SA") == 0);
	catalogue_set_free(&s);
	free(report);

	/* A CSV file whose header has kind and body holds guides. */
	t_write_file(csv, "id,kind,county,lang,title,summary,body,title_en,body_en\n"
		     G_SA ",strategy,LT-SA,lt,Šiaulių strategija,Trumpai.,\"Tikslai.\n\n"
		     "Priemonės.\",Siauliai strategy,Aims.\n"
		     G_NAT ",guide,,lt,Gidas,,Tekstas.,,\n");
	CHECK_INT(read_into(csv, &s, &report), 0);
	CHECK_STR(report, "");
	CHECK_INT(s.nguides, 2);
	g = find(&s, G_SA);
	if (CHECK(g != NULL)) {
		CHECK_STR(g->text.body, "Tikslai.\n\nPriemonės.");
		CHECK_STR(guide_text(g, "en")->title, "Siauliai strategy");
	}
	g = find(&s, G_NAT);
	CHECK(g != NULL && g->county[0] == '\0' && g->ntranslations == 0);
	catalogue_set_free(&s);
	free(report);
}

/* One bad guide after a good one: nothing is imported and the report names the file,
 * the line and the field. */
static void refused(const char *bad, const char *want)
{
	const char *path = t_path(0, "bad.json");
	char *text, *line;
	struct catalogue_set s;
	char *report;

	text = xasprintf("{\"guides\": [\n"
			 "{\"id\": \"" G_KA "\", \"kind\": \"guide\", \"title\": \"Gerai\","
			 " \"body\": \"Tekstas.\"},\n%s\n]}\n", bad);
	t_write_file(path, text);
	free(text);
	CHECK(read_into(path, &s, &report) > 0);
	line = xasprintf("%s:3: %s", path, want);
	if (!CHECK(strstr(report, line) != NULL))
		fprintf(stderr, "  want \"%s\" in:\n%s", line, report);
	free(line);
	free(report);
	catalogue_set_free(&s);
}

/* A guide whose field is unit n times over is refused with want. */
static void refused_long(const char *field, const char *unit, int n, const char *want)
{
	struct buf big = {0};
	char *bad;
	int i;

	for (i = 0; i < n; i++)
		buf_adds(&big, unit);
	bad = xasprintf("{\"id\": \"" G_SA "\", \"kind\": \"guide\", \"title\": \"%s\","
			" \"summary\": \"%s\", \"body\": \"%s\"}",
			strcmp(field, "title") == 0 ? big.s : "A",
			strcmp(field, "summary") == 0 ? big.s : "",
			strcmp(field, "body") == 0 ? big.s : "B");
	refused(bad, want);
	free(bad);
	buf_free(&big);
}

TEST(guides_import_refusals)
{
	const char *csv = t_path(1, "bad.csv");
	struct catalogue_set s;
	char *report, *want;

	refused("{\"id\": \"" G_SA "\", \"kind\": \"manual\", \"title\": \"A\", \"body\": \"B\"}",
		"kind: unknown value");
	refused("{\"id\": \"" G_SA "\", \"title\": \"A\", \"body\": \"B\"}", "kind: missing");
	refused("{\"id\": \"" G_SA "\", \"kind\": \"strategy\", \"county\": \"LT-XX\","
		" \"title\": \"A\", \"body\": \"B\"}", "county: must be a county code");
	refused("{\"id\": \"" G_SA "\", \"kind\": \"strategy\", \"county\": \"LT-43\","
		" \"title\": \"A\", \"body\": \"B\"}", "county: must be a county code");
	refused("{\"id\": \"" G_SA "\", \"kind\": \"guide\", \"title\": \" \", \"body\": \"B\"}",
		"title: empty");
	refused("{\"id\": \"" G_SA "\", \"kind\": \"guide\", \"title\": \"A\", \"body\": \"\"}",
		"body: empty");
	refused("{\"id\": \"" G_SA "\", \"kind\": \"guide\", \"title\": \"A\"}", "body: missing");
	refused("{\"id\": \"" G_KA "\", \"kind\": \"guide\", \"title\": \"A\", \"body\": \"B\"}",
		"id: the same id as on line 2");
	refused("{\"id\": \"" G_SA "\", \"kind\": \"guide\", \"lang\": \"LT1\", \"title\": \"A\","
		" \"body\": \"B\"}", "lang: must be a language code");
	refused("{\"id\": \"" G_SA "\", \"kind\": \"guide\", \"title\": \"A\", \"body\": \"B\","
		" \"translations\": {\"en\": {\"title\": \"A\"}}}",
		"translations.en.body: missing");
	/* Over-long fields: title 200 bytes, summary 600 characters, body 64 KiB. */
	refused_long("title", "x", 201, "title: too long");
	refused_long("summary", "ž", 601, "summary: too long (601 characters, at most 600)");
	refused_long("body", "y", 65537, "body: too long (65537 bytes, at most 65536)");

	/* The same in a CSV file: the line of the row. */
	t_write_file(csv, "id,kind,county,title,body\n"
		     G_SA ",guide,,Gerai,Tekstas\n"
		     G_NAT ",strategy,LT-ZZ,Blogai,Tekstas\n");
	CHECK(read_into(csv, &s, &report) > 0);
	want = xasprintf("%s:3: county: must be a county code", csv);
	CHECK(strstr(report, want) != NULL);
	free(want);
	free(report);
	CHECK_INT(s.nguides, 1);        /* read, but the caller stores nothing */
	catalogue_set_free(&s);
	t_write_file(csv, "id,kind,title,body\n" G_SA ",poster,Gerai,Tekstas\n");
	CHECK(read_into(csv, &s, &report) > 0);
	want = xasprintf("%s:2: kind: unknown value", csv);
	CHECK(strstr(report, want) != NULL);
	free(want);
	free(report);
	catalogue_set_free(&s);
}

/* guides_list's titles (original language) joined by '|'. */
static char *titles(sqlite3 *db, const char *county, const char *query)
{
	struct guide *g;
	struct buf b = {0};
	char *err = NULL;
	int n, i;

	if (guides_list(db, county, query, &g, &n, &err) < 0)
		t_fail("guides_list: %s", err);
	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? "|" : "", g[i].text.title);
	buf_add(&b, "", 0);
	guides_list_free(g, n);
	return buf_take(&b);
}

TEST(guides_kiosk_order_search_and_delete)
{
	const char *path = t_path(0, "g.json");
	sqlite3 *db = kiosk_db_open(":memory:");
	struct guide g;
	char *json = catalogue_json(), *s, *err = NULL;

	t_write_file(path, json);
	free(json);
	kiosk_db_import(db, path);
	s = titles(db, "LT-SA", NULL);
	CHECK_STR(s, "Šiaulių apskrities jaunimo strategija|Mentorystės gidas|"
		  "Kauno apskrities jaunimo strategija");
	free(s);
	s = titles(db, "LT-KU", "");
	CHECK_STR(s, "Kauno apskrities jaunimo strategija|Mentorystės gidas|"
		  "Šiaulių apskrities jaunimo strategija");
	free(s);
	/* Searched in every language, folded: "siaul" finds "Šiaulių", "MENTOR" the English. */
	s = titles(db, "LT-SA", "siaul");
	CHECK_STR(s, "Šiaulių apskrities jaunimo strategija");
	free(s);
	s = titles(db, NULL, "open QUESTIONS");
	CHECK_STR(s, "Mentorystės gidas");
	free(s);
	s = titles(db, NULL, "strategija nieko");
	CHECK_STR(s, "");
	free(s);
	CHECK_INT(guides_get(db, G_NAT, &g, &err), 1);
	CHECK_STR(guide_text(&g, "en")->summary, "How to become a mentor.");
	guide_free(&g);
	CHECK_INT(db_exec(db, "BEGIN", &err), 0);
	CHECK_INT(guides_delete(db, G_NAT, &err), 0);
	CHECK_INT(db_exec(db, "COMMIT", &err), 0);
	CHECK_INT(guides_get(db, G_NAT, &g, &err), 0);
	s = titles(db, NULL, NULL);
	CHECK_STR(s, "Kauno apskrities jaunimo strategija|Šiaulių apskrities jaunimo strategija");
	free(s);
	free(err);
	sqlite3_close(db);
}

/* A catalogue file of version 2 (made before guides) takes c3 (and the migrations after
 * it) and then has exactly the tables of a new one: a hub-built snapshot and a migrated
 * kiosk pass the same check. */
TEST(guides_catalogue_migration_c3)
{
	const char *path = t_path(0, "old.catalogue.db");
	struct schema v2 = {"catalogue", catalogue_schema.migrations, 2};
	sqlite3 *db;
	char *err = NULL;

	CHECK(catalogue_schema.count >= 3);
	db = db_open(path, &v2, &err);
	if (!CHECK(db != NULL))
		return;
	CHECK(db_exec(db, "SELECT 1 FROM guides", NULL) < 0);
	CHECK_INT(db_exec(db, "UPDATE catalogue_info SET seq = 42", NULL), 0);
	sqlite3_close(db);
	CHECK(db_catalogue_check(path, 0, &err) < 0);       /* version 2: not a catalogue now */
	free(err);
	err = NULL;
	db = db_open(path, &catalogue_schema, &err);
	if (!CHECK(db != NULL))
		return;
	CHECK_INT(db_exec(db, "SELECT count(*) FROM guides", &err), 0);
	/* the feed is read again from the start: an older kiosk skipped the guides in it */
	CHECK_INT(snapshot_seq(db, NULL), 0);
	sqlite3_close(db);
	if (!CHECK_INT(db_catalogue_check(path, 0, &err), 0))
		fprintf(stderr, "  %s\n", err);
	free(err);
}

/* The number of guides in the kiosk's catalogue, and whether id is one of them. */
static int kiosk_guides(const struct sync_kiosk *k, const char *id)
{
	sqlite3 *db = sync_kiosk_open(k);
	struct guide *g;
	char *err = NULL;
	int n = 0, i, found = 0;

	if (guides_list(db, NULL, NULL, &g, &n, &err) < 0)
		t_fail("guides_list: %s", err);
	for (i = 0; i < n; i++)
		found |= strcmp(g[i].id, id) == 0;
	guides_list_free(g, n);
	sqlite3_close(db);
	return found ? n : -n;
}

static void delete_guide(const struct hubt *h, const char *id)
{
	const char *args[] = {"delete-guide", id, NULL};
	char *out = NULL;

	CHECK_INT(hubt_cli(h, args, &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "deleted guide") != NULL);
	free(out);
}

TEST(guides_travel_to_the_kiosk_by_paging_and_go_with_the_tombstone)
{
	struct hubt h;
	struct sync_kiosk k;
	json_t *j, *g;
	char *token, *json = catalogue_json(), *out = NULL, *err = NULL;
	const char *args[] = {"delete-guide", G_NAT, NULL};
	sqlite3 *db;

	db = sync_pair_make(&h, &k, 1, NULL, &token);
	sqlite3_close(db);
	t_write_file(t_path(4, "g.json"), json);
	free(json);
	hubt_import(&h, t_path(4, "g.json"));
	/* The feed's third list. */
	j = hubt_get_json(&h, "/v1/cases?since=0", token);
	g = json_object_get(j, "guides");
	CHECK_INT(json_array_size(json_object_get(j, "cases")), 1);
	if (CHECK_INT(json_array_size(g), 3)) {
		json_t *e = json_array_get(g, 0);

		CHECK(json_integer_value(json_object_get(e, "seq")) > 0);
		CHECK(json_is_false(json_object_get(e, "deleted")));
		CHECK(json_object_get(e, "body") != NULL);
	}
	json_decref(j);
	if (!CHECK_INT(sync_run(&k, "--once", &out, &err), 0))
		fprintf(stderr, "%s\n%s\n", out, err);
	free(out);
	free(err);
	out = NULL;
	CHECK_INT(kiosk_guides(&k, G_NAT), 3);
	/* Deleted at the hub: a tombstone in the feed, and gone from the kiosk. */
	delete_guide(&h, G_NAT);
	CHECK(hubt_cli(&h, args, NULL, &out) != 0);         /* no live guide G_NAT now */
	CHECK(out != NULL && strstr(out, "no guide with id") != NULL);
	free(out);
	j = hubt_get_json(&h, "/v1/cases?since=4", token);
	g = json_array_get(json_object_get(j, "guides"), 0);
	CHECK_STR(json_string_value(json_object_get(g, "id")), G_NAT);
	CHECK(json_is_true(json_object_get(g, "deleted")));
	json_decref(j);
	CHECK_INT(sync_run(&k, "--once", &out, NULL), 0);
	free(out);
	CHECK_INT(kiosk_guides(&k, G_NAT), -2);
	hubt_stop(&h, SIGTERM);
	free(token);
}

TEST(guides_travel_to_the_kiosk_by_snapshot)
{
	struct hubt h;
	struct sync_kiosk k;
	char *token, *json = catalogue_json(), *out = NULL;
	sqlite3 *db;

	db = sync_pair_make(&h, &k, 1, NULL, &token);
	sqlite3_close(db);
	sync_write_cases(t_path(4, "cases.json"), 0, 60, "Snapshoto kelias", 0);
	hubt_import(&h, t_path(4, "cases.json"));
	t_write_file(t_path(4, "g.json"), json);
	free(json);
	hubt_import(&h, t_path(4, "g.json"));
	sync_wait_snapshot(&h, token);
	setenv("VITRINA_SYNC_PAGE", "10", 1);
	CHECK_INT(sync_run(&k, "--once", &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "came as a snapshot") != NULL);
	free(out);
	CHECK_INT(kiosk_guides(&k, G_SA), 3);
	/* The tombstone comes by paging after the snapshot. */
	delete_guide(&h, G_SA);
	CHECK_INT(sync_run(&k, "--once", &out, NULL), 0);
	free(out);
	CHECK_INT(kiosk_guides(&k, G_SA), -2);
	unsetenv("VITRINA_SYNC_PAGE");
	hubt_stop(&h, SIGTERM);
	free(token);
}

/* ---- the Guides screen ---- */

#define CONF "default_language = en\nlanguages = en lt\nhome_municipality = LT-43\n"

static int row_of(const char *text)
{
	return vt_find(text, NULL);
}

/* The kiosk on a catalogue with the guides, at the Guides screen. */
static int to_guides(void)
{
	char *json = catalogue_json();

	sqlite3_close(kiosk_make_db(json));
	free(json);
	kiosk_start(CONF, 24, 80);
	if (!kiosk_open_from_home("Guides and strategies", "3 guides"))
		return 0;
	if (getenv("VITRINA_TEST_DUMP") != NULL)
		vt_dump();
	return 1;
}

static void read_one_and_back(void)
{
	int sa, nat, ka;

	/* The kiosk's own county first, then the whole country's, then the others. */
	sa = row_of("Siauliai County youth strategy");
	nat = row_of("A guide to mentoring");
	ka = row_of("Kauno apskrities jaunimo strategija");
	CHECK(sa > 0 && sa < nat && nat < ka);
	CHECK(vt_contains("Whole country"));
	CHECK(vt_contains("How to become a mentor."));
	/* Typing searches; Enter opens the one left. */
	vt_send("mentor");
	if (!kiosk_expect_gone("Kauno apskrities", 50))
		return;
	CHECK(vt_contains("1 guide"));
	vt_send(VT_ENTER);
	if (!kiosk_expect("Paragraph 1 of", 50))
		return;
	CHECK(!vt_contains("Paragraph 10 of"));
	if (getenv("VITRINA_TEST_DUMP") != NULL)
		vt_dump();
	vt_send(VT_PGDN);
	vt_send(VT_PGDN);
	if (kiosk_expect("Paragraph 10 of", 50))
		CHECK(!vt_contains("Paragraph 1 of"));
	vt_send(VT_PGUP);
	vt_send(VT_PGUP);
	kiosk_expect("Paragraph 1 of", 50);
	vt_send(VT_ESC);
	kiosk_expect("1 guide", 50);
	CHECK(vt_contains("A guide to mentoring"));
}

TEST(guides_tui_list_open_page_back)
{
	if (to_guides())
		read_one_and_back();
	kiosk_finish();
}

TEST(guides_tui_vt100)
{
	vt_env("TERM", "vt100");
	vt_env("LANG", "C");
	vt_env("LC_ALL", "C");
	if (to_guides()) {
		/* Only ASCII on the screen; the Lithuanian title transliterated. */
		CHECK(vt_screen_ascii());
		read_one_and_back();
	}
	kiosk_finish();
}
