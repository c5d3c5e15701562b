/* A visitor finds stories: words of the story and jobs found while typing in browse,
 * Enter in the search opens the first result, filters without stories and headings are
 * no stops, and the focused row is a reverse-video bar. The real kiosk in a pty. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalogue_db.h"
#include "i18n.h"
#include "kiosk_util.h"
#include "search.h"
#include "t.h"
#include "util.h"
#include "vt.h"

#define WAIT KIOSK_WAIT

#define expect(text) kiosk_expect((text), 50)
#define expect_gone(text) kiosk_expect_gone((text), 50)
#define to_home() kiosk_to_home(50)
#define finish() kiosk_finish()

static void add_case(struct buf *j, int n, const char *muni, const char *themes,
		     const char *title, const char *story, const char *jobs)
{
	buf_addf(j, "%s{\"id\": \"00000000-0000-4000-8000-%012d\", \"person\": \"Person %d\","
		 " \"municipality\": \"%s\", \"area\": \"humanities\", \"themes\": [%s],"
		 " \"title\": \"%s\", \"story\": \"%s\", \"jobs\": [%s], \"lang\": \"en\"}",
		 n > 1 ? ",\n" : "", n, n, muni, themes, title, story, jobs);
}

/* Stories in Šiauliai and Vilnius counties only; the words "erasmus" and "robot" are
 * in stories, "programmer" only among jobs. */
static void make_db(void)
{
	struct buf j = {0};
	int n = 1, i;

	buf_adds(&j, "{\"cases\": [\n");
	add_case(&j, n++, "LT-44", "\"environment\"", "Bees and honey on the family farm",
		 "Tomas keeps bees. At school he went on an Erasmus exchange to Spain.",
		 "\"beekeeper\", \"farmer\"");
	add_case(&j, n++, "LT-43", "\"community\"", "A repair café in the library",
		 "Ieva learned to build small robots at a summer camp.", "\"coordinator\"");
	add_case(&j, n++, "LT-57", "\"innovation\"", "Robots in a village library",
		 "Sandra teaches children.", "\"librarian\"");
	add_case(&j, n++, "LT-57", "\"innovation\"", "An app for small farms",
		 "Dovydas writes code.", "\"programmer\"");
	for (i = 0; i < 6; i++) {
		char title[64];

		snprintf(title, sizeof title, "Another story number %d", i + 1);
		add_case(&j, n++, "LT-57", "\"community\"", title, "Nothing much happens.",
			 "\"worker\"");
	}
	buf_adds(&j, "]}\n");
	sqlite3_close(kiosk_make_db(j.s));
	buf_free(&j);
}

static void start(void)
{
	kiosk_start("default_language = en\nlanguages = en lt\n", 24, 80);
}

/* Whether the cell at row, col shows in reverse video (its background is not the
 * screen's own, as at the empty first column of the search line). */
static int reversed(int row, int col)
{
	unsigned ch, fg, bg, nfg, nbg;

	if (!vt_cell(1, 0, &ch, &nfg, &nbg) || !vt_cell(row, col, &ch, &fg, &bg))
		return 0;
	return bg != nbg;
}

/* The row of text on the screen, or -1 (the failure at the caller's line). */
#define row_of(text) row_of_at(__FILE__, __LINE__, (text))
static int row_of_at(const char *file, int line, const char *text)
{
	int r = vt_find(text, NULL);

	if (r < 0) {
		fprintf(stderr, "  \"%s\" is not on the screen\n", text);
		vt_dump();
		t_check(0, file, line, text);
	}
	return r;
}

static void erase(int n)
{
	while (n-- > 0)
		vt_send(VT_BACKSPACE);
}

/* Words only in a story are found while typing, after the title matches; a job too. */
TEST(visitor_search_finds_story_words_and_jobs)
{
	int a, b;

	make_db();
	start();
	if (!to_home())
		return;
	vt_send("erasmus");
	if (!expect("Bees and honey on the family farm"))
		return;
	CHECK(vt_contains("1 story"));
	erase(7);
	vt_send("robot");
	if (!expect("A repair café in the library"))
		return;
	if (!expect("2 stories"))
		return;
	a = row_of("Robots in a village library");
	b = row_of("A repair café in the library");
	CHECK(a >= 0 && b > a);                 /* the title match first */
	erase(5);
	vt_send("programmer");
	if (!expect("An app for small farms"))
		return;
	CHECK(vt_contains("1 story"));
	finish();
}

/* On the sample catalogue, the kiosk shows as many stories for a word as the search
 * with the story pass finds: every case whose title, jobs, skills or story hold it. */
TEST(visitor_search_sample_words)
{
	static const char *const words[] = {"programuotoj", "savanor", "jaunimo", "Erasmus",
					    "robot"};
	const char *sample = t_bin("../kiosk/sample.json");
	sqlite3 *db;
	size_t i;

	if (access(sample, R_OK) != 0)
		t_skip("kiosk/sample.json is not here");
	db = kiosk_db_open_seeded();
	kiosk_db_import(db, sample);
	start();
	if (!to_home())
		return;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		struct search_filter f;
		struct search_result r;
		char want[32];

		search_filter_init(&f);
		f.query = words[i];
		f.story = true;
		if (!CHECK(search_cases(db, &f, 0, 1, true, &r, NULL) == 0))
			break;
		snprintf(want, sizeof want, r.total == 1 ? "%d story" : "%d stories", r.total);
		search_result_free(&r);
		CHECK(strcmp(words[i], "robot") != 0 || strcmp(want, "2 stories") == 0);
		vt_send(words[i]);
		if (!expect(want))
			break;
		vt_wait_quiet(200, WAIT);
		if (!CHECK(vt_contains(want)))  /* not a count on the way there */
			vt_dump();
		erase((int)strlen(words[i]));
		if (!expect_gone(want))
			break;
	}
	sqlite3_close(db);
	finish();
}

/* A kiosk on the test catalogue, from home by a click to "Stories by region", until
 * county shows: 1, or 0 after a failed check. */
static int to_regions(const char *county)
{
	int r, c;

	make_db();
	start();
	if (!to_home())
		return 0;
	vt_wait_quiet(150, WAIT);
	r = vt_find("Stories by region", &c);
	if (!CHECK(r >= 0))
		return 0;
	vt_send_mouse_click(r, c);
	return expect(county);
}

/* Enter in the search opens the first result, even from the filter pane, and even when
 * typed in one go with a word only the story holds. */
TEST(visitor_search_enter_opens_first_result)
{
	if (!to_regions("Alytus County"))
		return;
	vt_send("honey");
	if (!expect("1 story"))
		return;
	vt_send(VT_ENTER);
	if (!expect("Tomas keeps bees."))
		return;
	CHECK(!vt_contains("Alytus County"));  /* a case, not a filter chosen */
	vt_send(VT_ESC);
	if (!expect("Alytus County"))
		return;
	erase(5);
	vt_send("erasmus\r");
	if (!expect("Tomas keeps bees."))
		return;
	finish();
}

/* In the filter pane the cursor passes headings and filters with no story; a click on
 * one does nothing; a filter with stories is chosen with Enter. */
TEST(visitor_search_empty_filters_and_headings_skipped)
{
	int sa, vl, al, head, theme;

	if (!to_regions("Šiauliai County"))
		return;
	sa = row_of("Šiauliai County");
	vl = row_of("Vilnius County");
	al = row_of("Alytus County");
	head = row_of("County");
	if (sa < 0 || vl < 0 || al < 0 || head < 0)
		return;
	/* The cursor starts on the first county with stories. */
	CHECK(reversed(sa, 1) && reversed(sa, 20));
	CHECK(!reversed(al, 1) && !reversed(head, 1));
	vt_send(VT_UP);
	vt_wait_quiet(100, WAIT);
	CHECK(reversed(sa, 1));
	vt_send(VT_DOWN);
	vt_wait_quiet(100, WAIT);
	CHECK(reversed(vl, 1) && !reversed(sa, 1));
	vt_send(VT_DOWN);
	vt_wait_quiet(100, WAIT);
	theme = row_of("Community");
	CHECK(theme > vl && reversed(theme, 1));
	CHECK(!reversed(row_of("Theme"), 1));
	/* A click on a county with no story: nothing happens. */
	vt_send_mouse_click(al, 3);
	vt_wait_quiet(150, WAIT);
	CHECK(reversed(theme, 1) && !reversed(al, 1));
	CHECK(vt_contains("10 stories"));
	/* Enter on a county with stories chooses it. */
	vt_send(VT_UP);
	vt_send(VT_ENTER);
	if (!expect("8 stories"))
		return;
	CHECK(strstr(vt_screen_text(2), "Vilnius County") != NULL);
	finish();
}

/* The focused pane's row is a reverse-video bar across the row; the other pane keeps a
 * dim marker without the bar. */
TEST(visitor_search_focused_row_is_a_bar)
{
	int first, second, fr;
	unsigned ch, fg, bg;

	make_db();
	start();
	if (!to_home())
		return;
	vt_send("another");
	if (!expect("Another story number 6"))
		return;
	first = row_of("Another story number 1");
	second = row_of("Another story number 2");
	if (first < 0 || second < 0)
		return;
	CHECK(reversed(first, 30) && reversed(first, 50) && reversed(first, 77));
	CHECK(!reversed(second, 30) && !reversed(second, 50));
	fr = row_of("Vilnius County");         /* the only county with such stories */
	CHECK(fr >= 0 && !reversed(fr, 1));
	vt_send(VT_DOWN);
	vt_wait_quiet(100, WAIT);
	CHECK(!reversed(first, 50) && reversed(second, 50));
	/* Tab: the bar goes to the filters, the results keep a marker. */
	vt_send(VT_TAB);
	vt_wait_quiet(100, WAIT);
	CHECK(!reversed(second, 30) && !reversed(second, 50));
	CHECK(vt_cell(second, 30, &ch, &fg, &bg) && ch == 0x25b6);
	CHECK(reversed(fr, 1) && reversed(fr, 20));
	finish();
}
