/* Texts that fit: every visitor screen outside the forms (tests/test_forms.c walks those)
 * at 80x24 in each UI language, with no sentence or label cut with "…" and F2 (the
 * language) on every key bar. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk_util.h"
#include "t.h"
#include "util.h"
#include "vt.h"

#define STORY_TEXT "A story about a farm and a club."

static const char *const langs[] = {"lt", "en", "ru", "pl"};
#define NLANGS ((int)(sizeof langs / sizeof langs[0]))

/* Two stories in Šiauliai (LT-43, the kiosk's home), one open to contact and one not, and
 * a partner there. Short titles: a cut here would be the toolkit's, not a long title. */
static void make_db(void)
{
	sqlite3_close(kiosk_make_db(
		"{\"cases\": [\n"
		"{\"id\": \"00000000-0000-4000-8000-000000000001\", \"person\": \"Ona\","
		" \"municipality\": \"LT-43\", \"area\": \"humanities\","
		" \"themes\": [\"community\"], \"title\": \"Alpha farm\","
		" \"summary\": \"A farm.\", \"story\": \"" STORY_TEXT "\","
		" \"skills\": [\"care\"], \"contact_allowed\": true, \"featured\": true,"
		" \"lang\": \"en\"},\n"
		"{\"id\": \"00000000-0000-4000-8000-000000000002\", \"person\": \"Jonas\","
		" \"municipality\": \"LT-43\", \"area\": \"humanities\","
		" \"themes\": [\"community\"], \"title\": \"Beta club\","
		" \"summary\": \"A club.\", \"story\": \"" STORY_TEXT "\","
		" \"contact_allowed\": false, \"featured\": false, \"lang\": \"en\"}\n"
		"],\n\"partners\": [\n"
		"{\"id\": \"00000000-0000-4000-9000-000000000001\", \"name\": \"Gamma centre\","
		" \"municipality\": \"LT-43\", \"offers\": [\"volunteering\"],"
		" \"description\": \"A partner.\", \"contact_allowed\": true}\n"
		"]}\n"));
}

/* The columns (cells) before "…" on a row: these screens' texts are one cell a letter. */
static int cells_before(const char *row, const char *at)
{
	int n = 0;

	for (; row < at; row++)
		n += ((unsigned char)*row & 0xc0) != 0x80;
	return n;
}

/* Where "…" is deliberate, and only there:
 * - the "Choose…" placeholder of a choice not made yet;
 * - a name in browse's filters list (a county, theme or area) cut inside that list's
 *   column of 28 cells at 80 columns, before the column's rule "│" (the list's width is
 *   the results' layout, not a text's).
 * Every other "…" on these screens is a message, hint or label cut because it did not
 * fit. */
static int ellipsis_allowed(const char *row, const char *at)
{
	const char *rule = strstr(at, "│");

	if (rule != NULL && cells_before(row, at) < 28 && cells_before(at, rule) <= 8)
		return 1;
	return kiosk_ellipsis_placeholder(row, at);
}

/* No "…" cuts a text on the screen, and the key bar offers F2: 1 if so. */
static int check_fit_at(const char *file, int line, const char *lang, const char *what)
{
	char where[80];

	snprintf(where, sizeof where, "%s: %s", lang, what);
	vt_wait_quiet(150, KIOSK_WAIT);
	return kiosk_check_uncut_at(file, line, where, ellipsis_allowed);
}
#define check_fit(lang, what) check_fit_at(__FILE__, __LINE__, (lang), (what))

/* Type keys and wait until the kiosk has drawn what they did. */
static void type(const char *keys)
{
	vt_send(keys);
	vt_wait_quiet(150, KIOSK_WAIT);
}

static void start(const char *lang, const char *extra)
{
	char *conf = xasprintf("default_language = %s\nlanguages = lt en ru pl\n"
			       "home_municipality = LT-43\n%s", lang, extra);

	kiosk_start(conf, 24, 80);
	free(conf);
}

static void walk_lists(const char *l)
{
	type("4");
	if (kiosk_expect("Beta club", 50))
		check_fit(l, "near you");
	type(VT_ENTER);
	if (kiosk_expect(STORY_TEXT, 50))
		check_fit(l, "a case open to contact");
	type(VT_F1);
	check_fit(l, "help over a case");
	type(VT_ESC);
	type(VT_ESC);
	type(VT_DOWN);
	type(VT_ENTER);
	if (kiosk_expect("Jonas", 50))
		check_fit(l, "a case closed to contact");
	type(VT_ESC);
	type(VT_ESC);
	type("6");
	if (kiosk_expect("Gamma centre", 50))
		check_fit(l, "partners");
	type(VT_ENTER);
	if (kiosk_expect("A partner.", 50))
		check_fit(l, "a partner");
	type(VT_ESC);
	type(VT_ESC);
}

static void walk_browse(const char *l)
{
	type("alpha");
	if (kiosk_expect("Alpha farm", 50))
		check_fit(l, "browse with results");
	type(VT_TAB);
	check_fit(l, "the filters pane");
	type(VT_TAB);
	type(VT_ESC);
	type("qzxwv");
	if (kiosk_expect("qzxwv", 50)) {
		CHECK(!vt_contains("Alpha farm"));
		check_fit(l, "browse with nothing found");
	}
	type(VT_ESC);
}

static void walk(const char *l)
{
	start(l, "");
	if (kiosk_expect("Alpha farm", 50))
		check_fit(l, "attract");
	type(" ");
	if (CHECK(!vt_contains(STORY_TEXT)))
		check_fit(l, "home");
	type(VT_F1);
	check_fit(l, "help over home");
	type(VT_ESC);
	walk_lists(l);
	walk_browse(l);
	kiosk_finish();
}

TEST(fit_visitor_screens_80x24_in_every_language)
{
	int k;

	make_db();
	for (k = 0; k < NLANGS; k++)
		walk(langs[k]);
}

TEST(fit_idle_warning_80x24_in_every_language)
{
	static const char *const still[] = {"Ar tu dar čia?", "Are you still there?",
					    "Ты ещё здесь?", "Jesteś tam jeszcze?"};
	int k;

	make_db();
	for (k = 0; k < NLANGS; k++) {
		start(langs[k], "idle_timeout = 3\n");
		type(" ");
		if (kiosk_expect(still[k], 50))
			check_fit(langs[k], "the idle warning");
		kiosk_finish();
	}
}
