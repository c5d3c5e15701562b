/* Import (JSON, CSV, 8-bit encodings, reports, atomicity) and the catalogue's commands:
 * vitrina search, show and import. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalogue_db.h"
#include "db.h"
#include "import.h"
#include "kiosk_util.h"
#include "search.h"
#include "t.h"
#include "util.h"

static const char good_json[] =
	"{\n"
	" \"cases\": [\n"
	"  {\"id\": \"a0000000-0000-4000-8000-000000000001\", \"person\": \"Ieva\",\n"
	"   \"municipality\": \"LT-43\", \"area\": \"social_sciences\",\n"
	"   \"themes\": [\"community\"], \"title\": \"Taisymo kavinė Šiauliuose\",\n"
	"   \"story\": \"Pirma.\\n\\nAntra.\", \"featured\": true},\n"
	"  {\"id\": \"a0000000-0000-4000-8000-000000000002\", \"person\": \"Dovydas\",\n"
	"   \"municipality\": \"LT-44\", \"area\": \"regional_development\",\n"
	"   \"themes\": [\"innovation\"], \"title\": \"Žemės ūkis telefone\"}\n"
	" ],\n"
	" \"partners\": [\n"
	"  {\"id\": \"b0000000-0000-4000-8000-000000000001\", \"name\": \"Žalias miestas\",\n"
	"   \"municipality\": \"LT-43\", \"offers\": [\"volunteering\"]}\n"
	" ]\n"
	"}\n";

/* import_read into a fresh set; the report in *report (caller frees). */
static int read_into(const char *path, const char *enc, struct catalogue_set *s,
		     char **report)
{
	struct buf b = {0};
	int rc = import_read(path, enc, s, &b);

	buf_add(&b, "", 0);
	*report = buf_take(&b);
	return rc;
}

static void write_bytes(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, n, f) != n || fclose(f) != 0)
		t_fail("cannot write %s", path);
}

TEST(import_json)
{
	const char *path = t_path(0, "c.json");
	struct catalogue_set s;
	char *report;
	sqlite3 *db = kiosk_db_open(":memory:");
	int64_t n = 0;

	t_write_file(path, good_json);
	CHECK_INT(read_into(path, NULL, &s, &report), 0);
	CHECK_STR(report, "");
	CHECK_INT(s.ncases, 2);
	CHECK_INT(s.npartners, 1);
	if (s.ncases == 2) {
		CHECK_STR(s.cases[0].text.story, "Pirma.\n\nAntra.");
		CHECK(s.cases[0].featured);
	}
	CHECK(catalogue_put_set(db, &s, NULL) == 0);
	CHECK(catalogue_count(db, &n, NULL) == 0 && n == 2);
	catalogue_set_free(&s);
	free(report);
	sqlite3_close(db);
}

TEST(import_json_reports_lines)
{
	const char *path = t_path(0, "bad.json");
	struct catalogue_set s;
	char *report, *want;

	t_write_file(path,
		     "{\"cases\": [\n"
		     "  {\"id\": \"a0000000-0000-4000-8000-000000000001\", \"person\": \"A\",\n"
		     "   \"municipality\": \"LT-43\", \"area\": \"humanities\",\n"
		     "   \"themes\": [\"community\"], \"title\": \"Gera\"},\n"
		     "  {\"id\": \"a0000000-0000-4000-8000-000000000002\", \"person\": \"B\",\n"
		     "   \"municipality\": \"LT-99\", \"area\": \"humanities\",\n"
		     "   \"themes\": [\"community\"], \"title\": \"Bloga\"},\n"
		     "  {\"id\": \"a0000000-0000-4000-8000-000000000001\", \"person\": \"C\",\n"
		     "   \"municipality\": \"LT-43\", \"area\": \"humanities\",\n"
		     "   \"themes\": [\"community\"], \"title\": \"Ta pati\"}\n"
		     "]}\n");
	CHECK_INT(read_into(path, NULL, &s, &report), 2);
	want = xasprintf("%s:5: municipality: must be a code from LT-01 to LT-60\n"
			 "%s:8: id: the same id as on line 2\n", path, path);
	CHECK_STR(report, want);
	catalogue_set_free(&s);
	free(report);
	free(want);
}

TEST(import_json_rejects_bad_json)
{
	static const struct {
		const char *text, *want;
	} bad[] = {
		{"{\"cases\": [], \"cases\": []}", ":1: json: duplicate object key"},
		{"{\"cases\": [\n{\"id\": \"\\ud800\"}]}", ":2: json: "},
		{"{\"cases\": [\n\n", ":3: json: "},
		{"{\"cases\": 5}", ":1: cases: must be a list"},
		{"{\"hello\": 1}", ":1: json: expected"},
	};
	struct catalogue_set s;
	char *report;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		t_write_file(t_path(0, "x.json"), bad[i].text);
		CHECK(read_into(t_path(0, "x.json"), NULL, &s, &report) > 0);
		if (!CHECK(strstr(report, bad[i].want) != NULL))
			fprintf(stderr, "  %s -> %s\n", bad[i].text, report);
		catalogue_set_free(&s);
		free(report);
	}
	/* Invalid UTF-8 inside a JSON string. */
	write_bytes(t_path(0, "x.json"), "{\"cases\": [\n{\"id\": \"\xc3\x28\"}]}", 24);
	CHECK(read_into(t_path(0, "x.json"), NULL, &s, &report) > 0);
	CHECK(strstr(report, ":2: encoding: not valid UTF-8") != NULL);
	catalogue_set_free(&s);
	free(report);
	CHECK_INT(read_into(t_path(1, "missing.json"), NULL, &s, &report), -1);
	CHECK(strstr(report, "No such file") != NULL);
	catalogue_set_free(&s);
	free(report);
}

static const char csv_header[] =
	"id,person,municipality,area,themes,title,story,path,skills,featured,"
	"contact_allowed,title_en,age\n";

TEST(import_csv)
{
	const char *path = t_path(0, "c.csv");
	struct catalogue_set s;
	struct buf b = {0};
	char *report;

	buf_adds(&b, csv_header);
	buf_adds(&b, "a0000000-0000-4000-8000-000000000001,Ieva,LT-43,humanities,"
		 "community;environment,\"Kavinė, kurioje taiso\",\"Pirma.\r\n\r\nAntra "
		 "\"\"citata\"\".\",2015:Studijos;2020: Kavinė,elektra; renginiai,true,false,"
		 "Repair café,27\r\n");
	buf_adds(&b, ",,,,,,,,,,,,\n");         /* empty rows are skipped */
	buf_adds(&b, "a0000000-0000-4000-8000-000000000002,Jonas,LT-57,humanities,"
		 "innovation,Antras,,,,,,,\n");
	t_write_file(path, b.s);
	CHECK_INT(read_into(path, NULL, &s, &report), 0);
	CHECK_STR(report, "");
	CHECK_INT(s.ncases, 2);
	if (s.ncases == 2) {
		struct career *c = &s.cases[0];

		CHECK_STR(c->text.title, "Kavinė, kurioje taiso");
		CHECK_STR(c->text.story, "Pirma.\n\nAntra \"citata\".");
		CHECK_INT(c->themes, (1u << THEME_COMMUNITY) | (1u << THEME_ENVIRONMENT));
		CHECK_INT(c->npath, 2);
		if (c->npath == 2) {
			CHECK_INT(c->path[1].year, 2020);
			CHECK_STR(c->path[1].step, "Kavinė");
		}
		CHECK_INT(c->nskills, 2);
		if (c->nskills == 2)
			CHECK_STR(c->skills[1], "renginiai");
		CHECK(c->featured && !c->contact_allowed);
		CHECK_STR(career_text(c, "en")->title, "Repair café");
		CHECK_INT(c->age, 27);
		CHECK(!s.cases[1].featured);
	}
	catalogue_set_free(&s);
	free(report);
	buf_free(&b);

	/* Semicolon-separated, as spreadsheets in Lithuanian settings save it; partners. */
	t_write_file(path, "id;name;municipality;offers;description\n"
		     "b0000000-0000-4000-8000-000000000001;Žalias miestas;LT-43;"
		     "\"volunteering;mentoring\";Medžiai\n");
	CHECK_INT(read_into(path, NULL, &s, &report), 0);
	CHECK_INT(s.npartners, 1);
	if (s.npartners == 1)
		CHECK_INT(s.partners[0].offers, (1u << OFFER_VOLUNTEERING) | (1u << OFFER_MENTORING));
	catalogue_set_free(&s);
	free(report);
}

/* Jobs as a list column like skills, and translated lists in columns like jobs_en. */
TEST(import_csv_jobs_and_translated_lists)
{
	const char *path = t_path(0, "jobs.csv");
	struct catalogue_set s;
	char *report;

	t_write_file(path, "id,person,municipality,area,themes,title,skills,jobs,title_en,"
		     "jobs_en,skills_en,path_en,path\n"
		     "a0000000-0000-4000-8000-000000000001,Dovydas,LT-44,humanities,innovation,"
		     "Ūkis telefone,programavimas,programuotojas; ūkininkas ;,Farming,"
		     "programmer;farmer,coding,2019:Studies,2019:Studijos\n");
	CHECK_INT(read_into(path, NULL, &s, &report), 0);
	CHECK_STR(report, "");
	CHECK_INT(s.ncases, 1);
	if (s.ncases == 1) {
		const struct career *c = &s.cases[0];
		const struct case_text *en = career_text(c, "en");

		CHECK_INT(c->njobs, 2);
		if (c->njobs == 2)
			CHECK_STR(c->jobs[1], "ūkininkas");
		CHECK_INT(en->njobs, 2);
		if (en->njobs == 2)
			CHECK_STR(en->jobs[0], "programmer");
		CHECK_INT(en->nskills, 1);
		CHECK_INT(en->npath, 1);
		if (en->npath == 1)
			CHECK(en->path[0].year == 2019 && strcmp(en->path[0].step, "Studies") == 0);
	}
	catalogue_set_free(&s);
	free(report);

	/* A bad translated path is reported with its line. */
	t_write_file(path, "id,person,municipality,area,themes,title,title_en,path_en\n"
		     "a0000000-0000-4000-8000-000000000001,Dovydas,LT-44,humanities,innovation,"
		     "Ūkis,Farming,Studies\n");
	CHECK(read_into(path, NULL, &s, &report) > 0);
	CHECK(strstr(report, "jobs.csv:2: path: step 1 must be YEAR:STEP") != NULL);
	catalogue_set_free(&s);
	free(report);
}

TEST(import_csv_reports_each_bad_row)
{
	const char *path = t_path(0, "bad.csv");
	struct catalogue_set s;
	struct buf b = {0};
	char *report, *want;
	int i;

	buf_adds(&b, csv_header);
	/* line 2: fine */
	buf_adds(&b, "a0000000-0000-4000-8000-000000000001,A,LT-43,humanities,community,T,,,,,"
		 ",,\n");
	/* line 3: a bad municipality */
	buf_adds(&b, "a0000000-0000-4000-8000-000000000002,B,LT-00,humanities,community,T,,,,,"
		 ",,\n");
	/* line 4-5: a story over two lines, then a bad boolean */
	buf_adds(&b, "a0000000-0000-4000-8000-000000000003,C,LT-43,humanities,community,T,"
		 "\"one\ntwo\",,,maybe,,,\n");
	/* line 6: a bad path */
	buf_adds(&b, "a0000000-0000-4000-8000-000000000004,D,LT-43,humanities,community,T,,"
		 "studijos,,,,,\n");
	/* line 7: a control character */
	buf_adds(&b, "a0000000-0000-4000-8000-000000000005,E\x1b[2J,LT-43,humanities,community,"
		 "T,,,,,,,\n");
	/* line 8: a title that is too long */
	buf_adds(&b, "a0000000-0000-4000-8000-000000000006,F,LT-43,humanities,community,");
	for (i = 0; i < 300; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, ",,,,,,,\n");
	/* line 9: too many fields */
	buf_adds(&b, "a0000000-0000-4000-8000-000000000007,G,LT-43,humanities,community,T,,,,,"
		 ",,,extra\n");
	/* line 10: a bad theme and age */
	buf_adds(&b, "a0000000-0000-4000-8000-000000000008,H,LT-43,humanities,cooking,T,,,,,"
		 ",,\n");
	t_write_file(path, b.s);
	CHECK_INT(read_into(path, NULL, &s, &report), 7);
	want = xasprintf(
		"%1$s:3: municipality: must be a code from LT-01 to LT-60\n"
		"%1$s:4: featured: must be true or false\n"
		"%1$s:6: path: step 1 must be YEAR:STEP, like 2019:Studijos\n"
		"%1$s:7: person: contains a control character\n"
		"%1$s:8: title: too long (300 bytes, at most 200)\n"
		"%1$s:9: row: 14 fields, but the header has 13\n"
		"%1$s:10: themes: unknown value (use community, development_education, "
		"personal_growth, environment, fair_trade, innovation)\n", path);
	CHECK_STR(report, want);
	catalogue_set_free(&s);
	free(report);
	free(want);
	buf_free(&b);

	t_write_file(path, "id,title,colour\n");
	CHECK_INT(read_into(path, NULL, &s, &report), 1);
	CHECK(strstr(report, ":1: header: unknown column \"colour\"") != NULL);
	catalogue_set_free(&s);
	free(report);
	t_write_file(path, "id,title\n\"a0000000-0000-4000-8000-000000000001,T\n");
	CHECK_INT(read_into(path, NULL, &s, &report), 1);
	CHECK(strstr(report, ":2: csv: a quoted field is never closed") != NULL);
	catalogue_set_free(&s);
	free(report);
}

/* A CSV in an 8-bit encoding stores exactly the same letters as its UTF-8 original. */
static void eight_bit(const char *enc)
{
	static const char letters[] = "ąčęėįšųūž ĄČĘĖĮŠŲŪŽ";
	/* The same letters in windows-1257, which here agrees with iso-8859-13. */
	static const char bytes[] = "\xe0\xe8\xe6\xeb\xe1\xf0\xf8\xfb\xfe \xc0\xc8\xc6\xcb\xc1"
				    "\xd0\xd8\xdb\xde";
	const char *path = t_path(0, "lt.csv");
	struct catalogue_set s;
	struct career got;
	struct buf b = {0};
	sqlite3 *db = kiosk_db_open(":memory:");
	char *report;

	buf_adds(&b, "id,person,municipality,area,themes,title\r\n"
		 "a0000000-0000-4000-8000-000000000001,");
	buf_adds(&b, bytes);
	buf_adds(&b, ",LT-43,humanities,community,");
	buf_adds(&b, bytes);
	buf_adds(&b, "\r\n");
	write_bytes(path, b.s, b.len);
	CHECK_INT(read_into(path, enc, &s, &report), 0);
	CHECK_STR(report, "");
	CHECK(catalogue_put_set(db, &s, NULL) == 0);
	CHECK(catalogue_get_case(db, "a0000000-0000-4000-8000-000000000001", &got, NULL) == 1);
	CHECK_STR(got.text.title, letters);
	CHECK_STR(got.person, letters);
	career_free(&got);
	catalogue_set_free(&s);
	free(report);
	/* Read as UTF-8, the same bytes are reported with their line. */
	CHECK(read_into(path, "utf-8", &s, &report) == 1);
	CHECK(strstr(report, "lt.csv:2: encoding: not valid UTF-8") != NULL);
	catalogue_set_free(&s);
	free(report);
	buf_free(&b);
	sqlite3_close(db);
}

TEST(import_windows_1257)
{
	eight_bit("windows-1257");
}

TEST(import_iso_8859_13)
{
	eight_bit("ISO-8859-13");
}

TEST(import_unknown_encoding)
{
	struct catalogue_set s;
	char *report;

	t_write_file(t_path(0, "x.csv"), "id,title\n");
	CHECK_INT(read_into(t_path(0, "x.csv"), "koi8-r", &s, &report), -1);
	CHECK(strstr(report, "unknown encoding") != NULL);
	free(report);
	CHECK(!import_encoding_known("ebcdic"));
	CHECK(import_encoding_known("Windows-1257"));
	CHECK(import_encoding_known(NULL));
}

TEST(import_sample_catalogue)
{
	struct catalogue_set s;
	char *report;
	sqlite3 *db;
	int rc, i;

	if (access("kiosk/sample.json", R_OK) != 0)
		t_skip("kiosk/sample.json is not here");
	rc = read_into("kiosk/sample.json", NULL, &s, &report);
	if (!CHECK_INT(rc, 0))
		fprintf(stderr, "%s", report);
	CHECK(s.ncases > 0);
	/* Every case has jobs, and its English translation has them in English. */
	for (i = 0; i < s.ncases; i++) {
		const struct career *c = &s.cases[i];
		const struct case_text *en = career_text(c, "en");

		if (!CHECK(c->njobs > 0 && (en == &c->text || en->njobs > 0)))
			fprintf(stderr, "  %s: no jobs\n", c->id);
	}
	db = kiosk_db_open(":memory:");
	CHECK(catalogue_put_set(db, &s, NULL) == 0);
	CHECK(catalogue_check_index(db, NULL) == 0);
	catalogue_set_free(&s);
	free(report);
	sqlite3_close(db);
}

/* ---- the commands ---- */

static char vitrina[PATH_MAX];

/* Run in the test's own folder, so no sample catalogue is found there. */
static void cli_setup(void)
{
	if (realpath(t_bin("vitrina"), vitrina) == NULL)
		t_skip("build/vitrina is not built");
	if (chdir(t_dir()) != 0)
		t_fail("chdir");
}

static int vit(char **out, char **err, const char *a1, const char *a2, const char *a3,
	       const char *a4)
{
	char *argv[] = {vitrina, (char *)"--db", (char *)"var/k.db", (char *)a1, (char *)a2,
			(char *)a3, (char *)a4, NULL};

	return t_run(argv, out, err);
}

TEST(catalogue_cli_import_search_show)
{
	char *out = NULL, *err = NULL;
	json_t *j;

	cli_setup();
	t_write_file("c.json", good_json);
	CHECK_INT(vit(&out, &err, "import", "c.json", NULL, NULL), 0);
	CHECK(strstr(out, "importuota: 2 istorijos ir 1 partneris") != NULL);
	free(out);
	free(err);
	CHECK_INT(vit(&out, &err, "search", "siaul", NULL, NULL), 0);
	CHECK(strstr(out, "a0000000-0000-4000-8000-000000000001\tTaisymo kavinė Šiauliuose"
		      "\tLT-43\n") != NULL);
	CHECK(strstr(out, "a0000000-0000-4000-8000-000000000002\tŽemės ūkis telefone\tLT-44\n")
	      != NULL);
	free(out);
	free(err);
	CHECK_INT(vit(&out, &err, "search", "zemes uk", NULL, NULL), 0);
	CHECK_STR(out, "a0000000-0000-4000-8000-000000000002\tŽemės ūkis telefone\tLT-44\n");
	free(out);
	free(err);
	CHECK_INT(vit(&out, &err, "search", "", NULL, NULL), 0);
	CHECK_STR(out, "a0000000-0000-4000-8000-000000000001\tTaisymo kavinė Šiauliuose\tLT-43\n"
		  "a0000000-0000-4000-8000-000000000002\tŽemės ūkis telefone\tLT-44\n");
	free(out);
	free(err);
	CHECK_INT(vit(&out, &err, "search", "", "--limit", "1"), 0);
	CHECK_STR(out, "a0000000-0000-4000-8000-000000000001\tTaisymo kavinė Šiauliuose\tLT-43\n");
	free(out);
	free(err);

	CHECK_INT(vit(&out, &err, "show", "a0000000-0000-4000-8000-000000000001", NULL, NULL), 0);
	j = json_loads(out, JSON_REJECT_DUPLICATES, NULL);
	CHECK(j != NULL);
	CHECK_STR(json_string_value(json_object_get(j, "title")), "Taisymo kavinė Šiauliuose");
	CHECK_STR(json_string_value(json_object_get(j, "story")), "Pirma.\n\nAntra.");
	json_decref(j);
	/* What show prints, import reads back. */
	t_write_file("one.json", out);
	free(out);
	free(err);
	CHECK_INT(vit(&out, &err, "import", "one.json", NULL, NULL), 0);
	free(out);
	free(err);
	CHECK_INT(vit(&out, &err, "show", "b0000000-0000-4000-8000-000000000001", NULL, NULL), 0);
	j = json_loads(out, JSON_REJECT_DUPLICATES, NULL);
	CHECK_STR(json_string_value(json_object_get(j, "name")), "Žalias miestas");
	json_decref(j);
	free(out);
	free(err);
	CHECK_INT(vit(&out, &err, "show", "a0000000-0000-4000-8000-00000000dead", NULL, NULL), 1);
	CHECK(strchr(err, '\n') == err + strlen(err) - 1);
	free(out);
	free(err);
}

TEST(catalogue_cli_search_hostile_queries)
{
	static const char *const hostile[] = {
		"foo\"", "e-mail", "*", "NEAR(", "\"", "AND", "OR NOT", "-", "^", ":", "\xff",
	};
	char *out = NULL, *err = NULL;
	size_t i;

	cli_setup();
	t_write_file("c.json", good_json);
	CHECK_INT(vit(&out, &err, "import", "c.json", NULL, NULL), 0);
	free(out);
	free(err);
	for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		int rc = vit(&out, &err, "search", hostile[i], NULL, NULL);

		if (!CHECK_INT(rc, 0))
			fprintf(stderr, "  query %s: %s", hostile[i], err);
		free(out);
		free(err);
	}
}

TEST(catalogue_cli_import_is_all_or_nothing)
{
	char *out = NULL, *err = NULL;

	cli_setup();
	t_write_file("bad.csv", "id,person,municipality,area,themes,title\n"
		     "a0000000-0000-4000-8000-000000000001,A,LT-43,humanities,community,Gera\n"
		     "a0000000-0000-4000-8000-000000000002,B,LT-43,humanities,community,\n");
	CHECK_INT(vit(&out, &err, "import", "bad.csv", NULL, NULL), 1);
	CHECK(strstr(err, "bad.csv:3: title: missing\n") != NULL);
	CHECK(strstr(err, "nieko neimportuota (1 problema)") != NULL);
	free(out);
	free(err);
	CHECK_INT(vit(&out, &err, "search", "", NULL, NULL), 0);
	CHECK_STR(out, "");
	free(out);
	free(err);

	/* Re-importing updates in place: no duplicates. */
	t_write_file("ok.csv", "id,person,municipality,area,themes,title\n"
		     "a0000000-0000-4000-8000-000000000001,A,LT-43,humanities,community,Gera\n");
	CHECK_INT(vit(&out, &err, "import", "ok.csv", NULL, NULL), 0);
	free(out);
	free(err);
	t_write_file("ok.csv", "id,person,municipality,area,themes,title\n"
		     "a0000000-0000-4000-8000-000000000001,A,LT-43,humanities,community,"
		     "Dar geresnė\n");
	CHECK_INT(vit(&out, &err, "import", "ok.csv", NULL, NULL), 0);
	free(out);
	free(err);
	CHECK_INT(vit(&out, &err, "search", "", NULL, NULL), 0);
	CHECK_STR(out, "a0000000-0000-4000-8000-000000000001\tDar geresnė\tLT-43\n");
	free(out);
	free(err);
}

TEST(catalogue_cli_catalogue_usage)
{
	static const char *const cmds[] = {"search", "show", "import"};
	char *out = NULL, *err = NULL;
	size_t i;

	cli_setup();
	for (i = 0; i < 3; i++) {
		CHECK_INT(vit(&out, &err, cmds[i], "--help", NULL, NULL), 0);
		CHECK(strstr(out, "usage: vitrina") == out);
		free(out);
		free(err);
		CHECK_INT(vit(&out, &err, cmds[i], "--version", NULL, NULL), 0);
		CHECK(strncmp(out, "vitrina ", 8) == 0);
		free(out);
		free(err);
		CHECK_INT(vit(&out, &err, cmds[i], NULL, NULL, NULL), 2);
		CHECK(err[0] != '\0' && strchr(err, '\n') == err + strlen(err) - 1);
		free(out);
		free(err);
	}
	CHECK_INT(vit(&out, &err, "search", "x", "--limit", "zero"), 2);
	free(out);
	free(err);
	CHECK_INT(vit(&out, &err, "search", "x", "--colour", NULL), 2);
	free(out);
	free(err);
	CHECK_INT(vit(&out, &err, "import", "x.csv", "--encoding", "koi8-r"), 2);
	free(out);
	free(err);
	CHECK_INT(vit(&out, &err, "import", "missing.csv", NULL, NULL), 1);
	CHECK(strstr(err, "missing.csv") != NULL);
	free(out);
	free(err);
	CHECK_INT(vit(&out, &err, "show", "a", "b", NULL), 2);
	free(out);
	free(err);
}

TEST(catalogue_cli_first_run_without_sample)
{
	char *out = NULL, *err = NULL;

	cli_setup();
	CHECK_INT(vit(&out, &err, "search", "", NULL, NULL), 0);
	CHECK(access("var/k.db", F_OK) == 0);
	if (access(SAMPLEDIR "/sample.json", R_OK) != 0) {
		CHECK(strstr(err, "empty catalogue") != NULL);
		CHECK_STR(out, "");
	}
	free(out);
	free(err);
	/* The note comes once: the second run finds the database made. */
	CHECK_INT(vit(&out, &err, "search", "", NULL, NULL), 0);
	CHECK_STR(err, "");
	free(out);
	free(err);
}

/* Mangled files (bytes flipped, cut short, duplicated) never crash the reader, and
 * every problem it finds has a FILE:LINE: prefix or names the file. */
TEST(import_survives_mangled_files)
{
	static const char csv[] =
		"id,person,municipality,area,themes,title,path,skills,title_en\n"
		"a0000000-0000-4000-8000-000000000001,Ieva,LT-43,humanities,community,\"T, \"\"q\"\"\","
		"2015:Studijos;2020:Darbas,a;b,E\n";
	const char *const seeds[] = {good_json, csv};
	const char *path = t_path(0, "m.txt");
	uint64_t r = 0x2545F4914F6CDD1Dull;
	int round, k;

	for (round = 0; round < 400; round++) {
		const char *seed = seeds[round % 2];
		size_t n = strlen(seed), i;
		char *data = xmalloc(n * 2 + 1);
		struct catalogue_set s;
		char *report;
		int rc;

		memcpy(data, seed, n);
		for (k = 0; k < 1 + round % 8; k++) {
			r ^= r << 13;
			r ^= r >> 7;
			r ^= r << 17;
			i = (size_t)(r % n);
			switch ((r >> 32) % 4) {
			case 0:
				data[i] = (char)(r >> 40);
				break;
			case 1:
				n = i + 1;              /* cut short */
				break;
			case 2:
				data[i] = "\",;:{}[]\n\\"[(r >> 40) % 10];
				break;
			default:
				memmove(data + i + 1, data + i, n - i);  /* a byte twice */
				n++;
				break;
			}
		}
		write_bytes(path, data, n);
		rc = read_into(path, round % 3 ? NULL : "windows-1257", &s, &report);
		CHECK(rc >= 0);
		if (rc > 0)
			CHECK(strncmp(report, path, strlen(path)) == 0);
		catalogue_set_free(&s);
		free(report);
		free(data);
	}
}
