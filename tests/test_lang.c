/* Every screen in every language: translations of a case's lists and of partners, the
 * fallback of ru and pl to English, and the kiosk showing them (the real binary in a pty). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "db.h"
#include "i18n.h"
#include "import.h"
#include "regions.h"
#include "kiosk_util.h"
#include "t.h"
#include "util.h"
#include "vt.h"

#define expect(text) kiosk_expect((text), 50)
#define to_home() kiosk_to_home(50)
#define finish() kiosk_finish()

#define CASE_ID "00000000-0000-4000-8000-000000000001"
#define PARTNER_ID "00000000-0000-4000-8000-0000000000aa"

#define LONG "Every Saturday the neighbours bring a lamp, a chair or a coat to the library, " \
	"and together we find out what is wrong with it and how to make it work again; most " \
	"of the time it takes only a screw, a little glue and some patience, and the people " \
	"who came for help stay to help the next ones."

/* A case in Lithuanian with an English translation (its own path and skills) and a
 * Polish one of the title only; a partner with an English name. */
static const char catalogue[] =
	"{\"cases\": [{\"id\": \"" CASE_ID "\", \"person\": \"Ieva R.\","
	" \"municipality\": \"LT-43\", \"area\": \"humanities\", \"themes\": [\"community\"],"
	" \"lang\": \"lt\", \"title\": \"Taisymo kavinė\", \"story\": \"Lietuviškas tekstas.\","
	" \"path\": [{\"year\": 2018, \"step\": \"Mokykla\"}], \"skills\": [\"klausymas\"],"
	" \"jobs\": [\"koordinatorė\"], \"partner_id\": \"" PARTNER_ID "\","
	" \"translations\": {\"en\": {\"title\": \"Repair cafe\", \"story\": \"English text. " LONG "\","
	" \"quote\": \"Fixing things together with the neighbours taught me more than any "
	"lesson at school ever did.\","
	" \"path\": [{\"year\": 2018, \"step\": \"School\"}], \"skills\": [\"listening\"],"
	" \"jobs\": [\"coordinator\"]},"
	" \"pl\": {\"title\": \"Kawiarnia naprawcza\", \"skills\": [\"słuchanie\"]}}},"
	" {\"id\": \"00000000-0000-4000-8000-000000000002\", \"person\": \"Tomas K.\","
	" \"municipality\": \"LT-44\", \"area\": \"humanities\", \"themes\": [\"environment\"],"
	" \"lang\": \"en\", \"title\": \"Bee garden\", \"story\": \"Bees.\","
	" \"quote\": \"Bees teach patience.\", \"contact_allowed\": true,"
	" \"translations\": {\"lt\": {\"title\": \"Bičių sodas\", \"quote\": \"Bitės moko.\"},"
	" \"ru\": {\"title\": \"Пчелиный сад\", \"quote\": \"Пчёлы учат.\"},"
	" \"pl\": {\"title\": \"Pszczeli ogród\", \"quote\": \"Pszczoły uczą.\"}}}],"
	" \"partners\": [{\"id\": \"" PARTNER_ID "\", \"name\": \"Jaunimo namai\","
	" \"municipality\": \"LT-43\", \"description\": \"Atviri namai.\","
	" \"translations\": {\"en\": {\"name\": \"Youth house\","
	" \"description\": \"An open house.\"}}}]}";

static void read_catalogue(struct catalogue_set *s)
{
	const char *path = t_path(0, "cat.json");
	struct buf report = {0};

	t_write_file(path, catalogue);
	if (import_read(path, NULL, s, &report) != 0)
		t_fail("import: %s", report.s != NULL ? report.s : "");
	buf_free(&report);
}

/* ru falls back to English before the original; lt and en as before; a translation of
 * its own wins, with its own lists or the original's. */
TEST(lang_ru_falls_back_to_en)
{
	struct catalogue_set s;
	const struct career *c;
	const struct path_step *path;
	char *const *v;
	int n;

	read_catalogue(&s);
	if (!CHECK_INT(s.ncases, 2))
		return;
	c = &s.cases[0];
	CHECK_STR(career_text(c, "ru")->title, "Repair cafe");
	CHECK_STR(career_text(c, "ru")->story, "English text. " LONG);
	CHECK_STR(career_text(c, "lt")->title, "Taisymo kavinė");
	CHECK_STR(career_text(c, "en")->title, "Repair cafe");
	CHECK_STR(career_text(c, "pl")->title, "Kawiarnia naprawcza");
	CHECK_STR(career_text(c, "de")->title, "Taisymo kavinė");
	path = career_path(c, "ru", &n);
	CHECK(n == 1 && strcmp(path[0].step, "School") == 0);
	v = career_skills(c, "ru", &n);
	CHECK(n == 1 && strcmp(v[0], "listening") == 0);
	v = career_jobs(c, "ru", &n);
	CHECK(n == 1 && strcmp(v[0], "coordinator") == 0);
	/* The Polish translation has skills of its own but no path: the original's. */
	v = career_skills(c, "pl", &n);
	CHECK(n == 1 && strcmp(v[0], "słuchanie") == 0);
	path = career_path(c, "pl", &n);
	CHECK(n == 1 && strcmp(path[0].step, "Mokykla") == 0);
	v = career_skills(c, "lt", &n);
	CHECK(n == 1 && strcmp(v[0], "klausymas") == 0);
	catalogue_set_free(&s);
}

/* A case whose original is English: ru shows it when there is no Russian text. */
TEST(lang_ru_original_en)
{
	struct catalogue_set s;
	const char *path = t_path(0, "en.json");
	struct buf report = {0};

	t_write_file(path, "{\"cases\": [{\"id\": \"" CASE_ID "\", \"person\": \"A\","
		     " \"municipality\": \"LT-43\", \"area\": \"humanities\","
		     " \"themes\": [\"community\"], \"lang\": \"en\", \"title\": \"English\","
		     " \"translations\": {\"lt\": {\"title\": \"Lietuviškai\"}}}]}");
	CHECK_INT(import_read(path, NULL, &s, &report), 0);
	if (CHECK_INT(s.ncases, 1)) {
		CHECK_STR(career_text(&s.cases[0], "ru")->title, "English");
		CHECK_STR(career_text(&s.cases[0], "lt")->title, "Lietuviškai");
	}
	catalogue_set_free(&s);
	buf_free(&report);
}

/* Partner translations: JSON in and out, the kiosk database, and the fallback. */
TEST(lang_partner_translations_round_trip)
{
	struct catalogue_set s;
	struct partner back, got;
	json_t *j;
	char *err = NULL;
	sqlite3 *db;

	read_catalogue(&s);
	if (!CHECK_INT(s.npartners, 1))
		return;
	CHECK_STR(partner_name(&s.partners[0], "en"), "Youth house");
	CHECK_STR(partner_name(&s.partners[0], "ru"), "Youth house");
	CHECK_STR(partner_description(&s.partners[0], "pl"), "An open house.");
	CHECK_STR(partner_name(&s.partners[0], "lt"), "Jaunimo namai");
	CHECK_STR(partner_description(&s.partners[0], "lt"), "Atviri namai.");
	j = partner_to_json(&s.partners[0]);
	CHECK(partner_from_json(j, &back, &err) == 0);
	json_decref(j);
	CHECK_INT(back.ntranslations, 1);
	CHECK_STR(partner_name(&back, "en"), "Youth house");
	partner_free(&back);

	db = kiosk_db_open(":memory:");
	CHECK(catalogue_put_partner(db, &s.partners[0], &err) == 0);
	CHECK(catalogue_get_partner(db, PARTNER_ID, &got, &err) == 1);
	CHECK_STR(partner_name(&got, "en"), "Youth house");
	CHECK_STR(partner_description(&got, "ru"), "An open house.");
	CHECK_STR(partner_name(&got, "lt"), "Jaunimo namai");
	partner_free(&got);
	sqlite3_close(db);
	free(err);
	catalogue_set_free(&s);

	/* A translation without a name is refused. */
	j = json_loads("{\"id\": \"" PARTNER_ID "\", \"name\": \"N\", \"municipality\": "
		       "\"LT-43\", \"translations\": {\"en\": {\"description\": \"D\"}}}", 0, NULL);
	err = NULL;
	CHECK(partner_from_json(j, &back, &err) < 0);
	CHECK(err != NULL && strstr(err, "translations.en.name") != NULL);
	free(err);
	json_decref(j);
}

/* name_en and description_en columns in a partners CSV. */
TEST(lang_partner_translations_csv)
{
	const char *path = t_path(0, "p.csv");
	struct catalogue_set s;
	struct buf report = {0};

	t_write_file(path, "id,name,municipality,description,name_en,description_en,name_ru\n"
		     PARTNER_ID ",Jaunimo namai,LT-43,Atviri namai.,Youth house,"
		     "An open house.,Молодёжный дом\n");
	CHECK_INT(import_read(path, NULL, &s, &report), 0);
	CHECK_STR(report.s != NULL ? report.s : "", "");
	if (CHECK_INT(s.npartners, 1)) {
		CHECK_STR(partner_name(&s.partners[0], "en"), "Youth house");
		CHECK_STR(partner_description(&s.partners[0], "en"), "An open house.");
		CHECK_STR(partner_name(&s.partners[0], "ru"), "Молодёжный дом");
		/* No Russian description: the English one. */
		CHECK_STR(partner_description(&s.partners[0], "ru"), "An open house.");
	}
	catalogue_set_free(&s);
	buf_free(&report);
	/* A case CSV takes no name_en. */
	t_write_file(path, "id,person,municipality,area,themes,title,name_en\n");
	CHECK(import_read(path, NULL, &s, &report) != 0);
	catalogue_set_free(&s);
	buf_free(&report);
}

/* The kiosk on the test catalogue with config conf, the repair café's case opened
 * from a search on home, until shown is on the screen: 1, or 0 after a failed check. */
static int open_repair_case(const char *conf, const char *shown)
{
	sqlite3_close(kiosk_make_db(catalogue));
	kiosk_start(conf, 24, 80);
	if (!to_home())
		return 0;
	vt_send("repair");
	if (!expect("Repair cafe"))
		return 0;
	vt_send(VT_ENTER);
	return expect(shown);
}

/* The case opened from the home screen's search in English, then F2 to Russian: the
 * English text, path and skills stay, as there is no Russian text (before, the original
 * in Lithuanian showed); its partner by its English name. */
TEST(lang_tui_case_ru_shows_english)
{
	if (!open_repair_case("default_language = en\nlanguages = en ru\n", "English text."))
		return;
	vt_send(VT_F2);
	if (!expect("RU"))
		return;
	vt_wait_quiet(100, KIOSK_WAIT);
	CHECK(vt_contains("English text."));
	CHECK(vt_contains("School"));
	CHECK(vt_contains("listening"));
	CHECK(!vt_contains("Lietuviškas"));
	CHECK(!vt_contains("Mokykla"));
	CHECK(vt_contains("Youth house"));
	finish();
}

/* Every municipality and county has a name in each of the four languages. */
TEST(lang_regions_four_names)
{
	static const char *const langs[] = {"lt", "en", "ru", "pl"};
	int i, k;

	for (i = 0; i < MUNICIPALITY_COUNT; i++) {
		for (k = 0; k < 4; k++) {
			const char *n = municipality_name(&municipalities[i], langs[k]);

			if (!CHECK(n != NULL && n[0] != '\0'))
				fprintf(stderr, "  %s in %s\n", municipalities[i].code, langs[k]);
		}
	}
	for (i = 0; i < COUNTY_COUNT; i++) {
		for (k = 0; k < 4; k++) {
			const char *n = county_name(&counties[i], langs[k]);

			if (!CHECK(n != NULL && n[0] != '\0'))
				fprintf(stderr, "  %s in %s\n", counties[i].code, langs[k]);
		}
	}
}

/* A few known names (the Russian ones of districts as iso-codes has them). */
TEST(lang_regions_known_names)
{
	const struct county *sa = county_find("LT-SA");

	if (!CHECK(sa != NULL))
		return;
	CHECK_STR(county_name(sa, "lt"), "Šiaulių apskritis");
	CHECK_STR(county_name(sa, "en"), "Šiauliai County");
	CHECK_STR(county_name(sa, "ru"), "Шяуляйский уезд");
	CHECK_STR(county_name(sa, "pl"), "Okręg szawelski");
	CHECK_STR(county_name(sa, "de"), "Šiauliai County");
	CHECK_STR(municipality_name(municipality_find("LT-57"), "pl"), "Wilno");
	CHECK_STR(municipality_name(municipality_find("LT-57"), "ru"), "Вильнюс");
	CHECK_STR(municipality_name(municipality_find("LT-44"), "lt"), "Šiaulių r.");
	CHECK_STR(municipality_name(municipality_find("LT-44"), "en"), "Šiauliai District");
	CHECK_STR(municipality_name(municipality_find("LT-01"), "ru"), "Акмянский район");
	CHECK_STR(municipality_name(municipality_find("LT-42"), "pl"), "rejon solecznicki");
}

/* The case's place in Polish and in Russian on the kiosk. */
TEST(lang_tui_place_names)
{
	if (!open_repair_case("default_language = en\nlanguages = en pl ru\n", "Šiauliai County"))
		return;
	vt_send(VT_F2);
	if (!expect("Szawle, Okręg szawelski"))
		return;
	vt_send(VT_F2);
	expect("Шяуляй, Шяуляйский уезд");
	finish();
}

/* msgid in language lang, as the kiosk shows it (a new string). */
static char *msg(const char *lang, const char *msgid)
{
	char *s;

	i18n_init(t_bin("locale"));
	if (i18n_set_language(lang) < 0)
		t_fail("no catalog for %s in %s", lang, t_bin("locale"));
	s = xstrdup(_(msgid));
	i18n_set_language("en");
	return s;
}

/* From the home screen in English, F2 n times: the bar shows code. */
static int switch_to(int n, const char *code)
{
	while (n-- > 0) {
		vt_send(VT_F2);
		vt_wait_quiet(100, KIOSK_WAIT);
	}
	return expect(code);
}

#define bar_has_f2(where) \
	do { \
		vt_wait_quiet(100, KIOSK_WAIT); \
		if (!CHECK(strstr(vt_screen_text(23), "F2") != NULL)) \
			fprintf(stderr, "  no F2 on %s: %s\n", (where), vt_screen_text(23)); \
	} while (0)

/* F2 on the key bars at 80x24 in each language: home, browse, a case with and without
 * contact, and help over a case (a bar drops what does not fit, so F2 comes early). */
TEST(lang_tui_f2_on_every_bar)
{
	static const char *const langs[] = {"en", "lt", "ru", "pl"};
	static const char *const codes[] = {"EN", "LT", "RU", "PL"};
	int k;

	sqlite3_close(kiosk_make_db(catalogue));
	for (k = 0; k < 4; k++) {
		char *home = msg(langs[k], "What would you like to explore?");
		int ok = 0;

		kiosk_start("default_language = en\nlanguages = en lt ru pl\n", 24, 80);
		if (!to_home() || !switch_to(k, codes[k]))
			goto out;
		bar_has_f2("home");
		vt_send("bee");
		vt_wait_quiet(300, KIOSK_WAIT);
		bar_has_f2("browse");
		vt_send(VT_ENTER);
		if (!expect("Tomas K."))
			goto out;
		bar_has_f2("a case with contact");
		vt_send(VT_F1);
		vt_wait_quiet(200, KIOSK_WAIT);
		bar_has_f2("help");
		vt_send(VT_ESC);
		vt_wait_quiet(200, KIOSK_WAIT);
		vt_send(VT_F6);
		if (!expect(home))
			goto out;
		vt_send("repair");
		vt_wait_quiet(300, KIOSK_WAIT);
		vt_send(VT_ENTER);
		if (!expect("Ieva R."))
			goto out;
		bar_has_f2("a case without contact");
		ok = 1;
out:
		free(home);
		if (!ok) {
			vt_close();
			return;
		}
		finish();
	}
}

/* The quote of a case in the marks of each language: en, lt, ru, pl. */
TEST(lang_tui_quote_marks)
{
	sqlite3_close(kiosk_make_db(catalogue));
	kiosk_start("default_language = en\nlanguages = en lt ru pl\n", 24, 80);
	if (!to_home())
		return;
	vt_send("bee");
	vt_wait_quiet(300, KIOSK_WAIT);
	vt_send(VT_ENTER);
	if (!expect("\xe2\x80\x9c" "Bees teach patience.\xe2\x80\x9d"))
		return;
	vt_send(VT_F2);
	if (!expect("\xe2\x80\x9e" "Bitės moko.\xe2\x80\x9c"))
		return;
	vt_send(VT_F2);
	if (!expect("\xc2\xab" "Пчёлы учат.\xc2\xbb"))
		return;
	vt_send(VT_F2);
	expect("\xe2\x80\x9e" "Pszczoły uczą.\xe2\x80\x9d");
	finish();
}

/* The row of the rule under a case's header, or -1. */
static int rule_row(void)
{
	int r;

	for (r = 0; r < 40; r++) {
		const char *t = vt_screen_text(r);

		if (t != NULL && strncmp(t, "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80", 9) == 0)
			return r;
	}
	return -1;
}

/* Columns from the first to the last letter of row r (UTF-8 counted by characters). */
static int span(int r)
{
	const char *t = vt_screen_text(r);
	int col = 0, first = -1, last = -1;

	for (; t != NULL && *t != '\0'; t++) {
		if (((unsigned char)*t & 0xC0) == 0x80)
			continue;
		if (*t != ' ') {
			if (first < 0)
				first = col;
			last = col;
		}
		col++;
	}
	return first < 0 ? 0 : last - first + 1;
}

static int open_repair_cafe(int rows, int cols)
{
	sqlite3_close(kiosk_make_db(catalogue));
	kiosk_start("default_language = en\nlanguages = en lt ru pl\n", rows, cols);
	if (!to_home())
		return 0;
	vt_send("repair");
	vt_wait_quiet(300, KIOSK_WAIT);
	vt_send(VT_ENTER);
	return expect("English text.");
}

/* At 120x40 the story's lines are at most 72 columns; at its end, why there is no
 * contact button. */
TEST(lang_tui_story_width_and_no_contact)
{
	int r, rule, widest = 0;

	if (!open_repair_cafe(40, 120))
		return;
	rule = rule_row();
	CHECK(rule > 0);
	for (r = rule + 1; rule > 0 && r < 39; r++) {
		if (span(r) > widest)
			widest = span(r);
	}
	CHECK(widest > 50);             /* the story wraps */
	if (!CHECK(widest <= 72))
		vt_dump();
	vt_send(VT_END_KEY);
	expect("This person does not take contact requests");
	finish();
}

/* At 80x24 the header (title, person, place, themes, quote) keeps to 5 rows: the rule
 * under it is on row 4 at the latest, also with a long quote. */
TEST(lang_tui_case_header_5_rows)
{
	int rule;

	if (!open_repair_cafe(24, 80))
		return;
	rule = rule_row();
	if (!CHECK(rule > 0 && rule <= 4))
		vt_dump();
	vt_send(VT_F2);
	vt_send(VT_F2);
	vt_send(VT_F2);                 /* pl: the title only, the Lithuanian quote */
	expect("Kawiarnia naprawcza");
	rule = rule_row();
	CHECK(rule > 0 && rule <= 4);
	finish();
}

/* Help opened from a case lists the case's keys; from home the general ones. */
TEST(lang_tui_help_lists_the_screens_keys)
{
	if (!open_repair_cafe(24, 80))
		return;
	vt_send(VT_F1);
	if (!expect("go to the next link: the partner, related stories, contact"))
		return;
	CHECK(vt_contains("contact this person, if the story allows it"));
	vt_send(VT_ESC);
	vt_send(VT_F6);
	if (!expect("What would you like to explore?"))
		return;
	vt_send(VT_F1);
	if (!expect("just type to search"))
		return;
	CHECK(!vt_contains("related stories"));
	finish();
}

/* The partner screens show a partner's translation: English, then Lithuanian. */
TEST(lang_tui_partner_names)
{
	int r, c;

	sqlite3_close(kiosk_make_db(catalogue));
	kiosk_start("default_language = en\nlanguages = en lt\n", 24, 80);
	if (!to_home())
		return;
	vt_wait_quiet(200, KIOSK_WAIT);
	r = vt_find("Partner organisations", &c);
	if (!CHECK(r >= 0))
		return;
	vt_send_mouse_click(r, c + 1);
	if (!expect("Youth house"))
		return;
	vt_send(VT_ENTER);
	if (!expect("An open house."))
		return;
	vt_send(VT_F2);
	if (!expect("Atviri namai."))
		return;
	CHECK(vt_contains("Jaunimo namai"));
	finish();
}
