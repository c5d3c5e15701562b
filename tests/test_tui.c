/* TUI tests: the real kiosk binary in a pty with libvterm as its terminal (tests/vt.c),
 * on a catalogue each test builds itself. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "config.h"
#include "db.h"
#include "import.h"
#include "kiosk_util.h"
#include "t.h"
#include "util.h"
#include "vt.h"

#define WAIT 5000

#define PARTNER_ID "00000000-0000-4000-8000-0000000000aa"

static void add_case(struct buf *j, int n, const char *muni, const char *themes,
		     const char *area, const char *person, const char *title, const char *story,
		     int featured)
{
	buf_addf(j, "%s{\"id\": \"00000000-0000-4000-8000-%012d\", \"person\": \"%s\","
		 " \"age\": 24, \"municipality\": \"%s\", \"area\": \"%s\", \"themes\": [%s],"
		 " \"title\": \"%s\", \"summary\": \"A short summary of story %d.\","
		 " \"story\": \"%s\", \"quote\": \"Quote of story %d.\","
		 " \"path\": [{\"year\": 2018, \"step\": \"School in town\"},"
		 " {\"year\": 2022, \"step\": \"First own project\"}],"
		 " \"skills\": [\"listening\", \"planning\"], \"organisation\": \"Org %d\","
		 " \"partner_id\": \"%s\", \"contact_allowed\": %s, \"featured\": %s,"
		 " \"lang\": \"en\", \"updated_at\": \"2026-11-01T10:00:00Z\"}",
		 n > 1 ? ",\n" : "", n, person, muni, area, themes, title, n, story, n, n,
		 n == 1 ? PARTNER_ID : "", n == 1 ? "true" : "false", featured ? "true" : "false");
}

/* The catalogue: five named cases and `filler` more in Vilnius. Šiauliai County holds
 * three cases, two of them about the environment. */
static void catalogue_json(struct buf *out, int filler)
{
	struct buf j = {0}, story = {0};
	int i, n = 1;

	for (i = 1; i <= 30; i++)
		buf_addf(&story, "Paragraph %d of the story tells how Ieva fixed things with her "
			 "neighbours and what she learned along the way.\\n\\n", i);
	buf_adds(&story, "THE END OF IEVA STORY");
	buf_adds(&j, "{\"cases\": [\n");
	add_case(&j, n++, "LT-43", "\"community\", \"environment\"", "social_sciences", "Ieva R.",
		 "Repair café in the Šiauliai library", story.s, 1);
	add_case(&j, n++, "LT-44", "\"environment\"", "regional_development", "Tomas K.",
		 "Bees and honey on the family farm", "Tomas keeps bees.", 0);
	add_case(&j, n++, "LT-11", "\"community\"", "humanities", "Rūta M.",
		 "A youth club in an old school", "Rūta opened a club.", 0);
	add_case(&j, n++, "LT-57", "\"environment\", \"innovation\"", "regional_development",
		 "Jonas P.", "Solar panels for the school", "Jonas builds panels.", 1);
	add_case(&j, n++, "LT-15", "\"fair_trade\"", "social_sciences", "Eglė S.",
		 "A fair trade café", "Eglė runs a café.", 0);
	for (i = 0; i < filler; i++) {
		char title[64];

		snprintf(title, sizeof title, "Filler story number %d", i + 1);
		add_case(&j, n++, "LT-57", "\"community\"", "humanities", "Filler Person", title,
			 "Nothing much happens here.", 0);
	}
	buf_adds(&j, "],\n\"partners\": [{\"id\": \"" PARTNER_ID "\", \"name\": \"Šiauliai "
		 "youth house\", \"municipality\": \"LT-43\", \"offers\": [\"volunteering\", "
		 "\"mentoring\"], \"description\": \"An open youth house in the centre of "
		 "Šiauliai.\", \"contact_allowed\": true}]}\n");
	*out = j;
	buf_free(&story);
}

/* A fresh database at t_path(0, "k.db") holding the test catalogue (never the sample). */
static sqlite3 *make_db(int filler)
{
	struct buf j = {0};
	sqlite3 *db;

	catalogue_json(&j, filler);
	db = kiosk_make_db(j.s);
	buf_free(&j);
	return db;
}

static void start(int rows, int cols, const char *extra_config)
{
	char *conf = xasprintf("default_language = en\nlanguages = en lt\n%s",
			       extra_config != NULL ? extra_config : "");

	kiosk_start(conf, rows, cols);
	free(conf);
}

/* The waits and clicks report a failure at the test's line (see kiosk_util.h). */
#define expect(text) kiosk_expect((text), 50)
#define expect_gone(text) kiosk_expect_gone((text), 50)
#define click_text(text, dx) click_text_at(__FILE__, __LINE__, (text), (dx))
/* End the program as systemd would: it must exit 0 (under ASan also without leaks). */
#define finish() kiosk_finish()
/* From start to the home screen. */
#define to_home() kiosk_to_home(50)

/* Click on the first cell of text plus dx, once the screen has settled (a search that
 * gave way to typing may still repaint the list). Returns 0 if text is not there. */
static int click_text_at(const char *file, int line, const char *text, int dx)
{
	int r, c;

	vt_wait_quiet(200, WAIT);
	r = vt_find(text, &c);
	if (r < 0) {
		fprintf(stderr, "  cannot click \"%s\": not on the screen\n", text);
		vt_dump();
		return t_check(0, file, line, text);
	}
	vt_send_mouse_click(r, c + dx);
	return 1;
}

static void attract_home(int rows, int cols)
{
	sqlite3_close(make_db(0));
	start(rows, cols, NULL);
	if (!expect("Press any key or touch the screen to start"))
		return;
	/* A featured case rotates in: its person or title shows. */
	CHECK(vt_wait_text("Ieva R.", WAIT) || vt_wait_text("Jonas P.", WAIT));
	if (!to_home())
		return;
	CHECK(vt_contains("Stories by region"));
	CHECK(vt_contains("Partner organisations"));
	if (!CHECK(vt_contains("Nominate someone")))
		vt_dump();
	/* The key bar on the last row. */
	CHECK(strstr(vt_screen_text(rows - 1), "Help") != NULL);
	vt_send(VT_ESC);
	expect("Press any key or touch the screen to start");
	vt_close();
}

TEST(tui_attract_home_80x24)
{
	attract_home(24, 80);
}

TEST(tui_attract_home_120x40)
{
	attract_home(40, 120);
}

static void search_and_open(int rows, int cols)
{
	int i;

	sqlite3_close(make_db(3));
	start(rows, cols, NULL);
	if (!to_home())
		return;
	vt_send("siaul");
	if (!expect("Repair café in the Šiauliai library"))
		return;
	CHECK(vt_contains("siaul"));
	CHECK(!vt_contains("Solar panels"));
	/* Open it with a click on its row. */
	if (!click_text("Repair café", 2) || !expect("Quote of story 1."))
		return;
	CHECK(vt_contains("Ieva R."));
	CHECK(vt_contains("Šiauliai"));
	CHECK(vt_contains("Paragraph 1 of the story"));
	/* Scroll the story to its last line. */
	for (i = 0; i < 40 && !vt_contains("THE END OF IEVA STORY"); i++) {
		vt_send(VT_PGDN);
		vt_wait_text("THE END OF IEVA STORY", 300);
	}
	CHECK(expect("THE END OF IEVA STORY"));
	/* Below the story: the career path, skills, the partner and the contact button. */
	vt_send(VT_END_KEY);
	expect("Contact this person");
	vt_send(VT_ESC);
	expect("Repair café in the Šiauliai library");
	CHECK(vt_contains("siaul"));
	finish();
}

TEST(tui_search_open_scroll_80x24)
{
	search_and_open(24, 80);
}

TEST(tui_search_open_scroll_120x40)
{
	search_and_open(40, 120);
}

TEST(tui_enter_opens_and_contact)
{
	sqlite3_close(make_db(0));
	start(24, 80, NULL);
	if (!to_home())
		return;
	vt_send("repair");
	if (!expect("Repair café"))
		return;
	vt_send(VT_ENTER);
	if (!expect("Quote of story 1."))
		return;
	/* F5 opens the contact form for this case; Esc comes back. */
	vt_send(VT_F5);
	expect("Contact Ieva R.");
	vt_send(VT_ESC);
	expect("Quote of story 1.");
	/* A letter typed on the case screen starts a new search with it. */
	vt_send("b");
	expect("Search: b");
	vt_send("ees");
	expect("Bees and honey");
	vt_send(VT_ESC);
	expect("Quote of story 1.");
	CHECK(!vt_contains("Bees and honey"));
	finish();
}

TEST(tui_filter_county_theme_count)
{
	int r;

	sqlite3_close(make_db(10));
	start(24, 80, NULL);
	if (!to_home())
		return;
	vt_send("1");           /* Stories by region */
	if (!expect("Šiauliai County"))
		return;
	expect("15 stories");
	if (!click_text("Šiauliai County", 0) || !expect("3 stories"))
		return;
	/* The theme group is further down the filter pane: scroll it with the wheel. */
	for (r = 0; r < 10 && vt_find("Environment", NULL) < 0; r++) {
		vt_send_wheel(10, 5, 0);
		vt_wait_text("Environment", 300);
	}
	if (!click_text("Environment", 0))
		return;
	expect("2 stories");
	CHECK(vt_contains("Bees and honey"));
	CHECK(vt_contains("Repair café"));
	CHECK(!vt_contains("youth club"));
	finish();
}

TEST(tui_results_paging)
{
	sqlite3_close(make_db(150));
	start(24, 80, NULL);
	if (!to_home())
		return;
	vt_send("filler");
	if (!expect("150 stories"))
		return;
	expect("Page 1 of 8");
	vt_send(VT_PGDN);
	expect("Page 2 of 8");
	/* End goes to the very last hit, beyond the first page fetched. */
	vt_send(VT_END_KEY);
	expect("Page 8 of 8");
	vt_send(VT_HOME_KEY);
	expect("Page 1 of 8");
	finish();
}

TEST(tui_help_opens_and_closes)
{
	sqlite3_close(make_db(0));
	start(24, 80, NULL);
	if (!to_home())
		return;
	vt_send(VT_F1);
	if (!expect("change the language"))
		return;
	vt_send(VT_ESC);
	expect_gone("change the language");
	CHECK(vt_contains("What would you like to explore?"));
	vt_send("?");
	expect("change the language");
	vt_send(VT_ENTER);
	expect_gone("change the language");
	finish();
}

TEST(tui_mouse_opens_partner)
{
	sqlite3_close(make_db(0));
	start(24, 80, NULL);
	if (!to_home())
		return;
	if (!click_text("Partner organisations", 1) || !expect("Šiauliai youth house"))
		return;
	if (!click_text("Šiauliai youth house", 0))
		return;
	expect("An open youth house in the centre");
	expect("Contact this organisation");
	/* The key bar's buttons are clickable too: Back. */
	click_text("Esc", 0);
	expect_gone("An open youth house in the centre");
	finish();
}

TEST(tui_ctrl_c_does_nothing)
{
	sqlite3_close(make_db(0));
	start(24, 80, NULL);
	if (!expect("Press any key or touch the screen to start"))
		return;
	vt_send("\003");        /* Ctrl-C */
	vt_send("\032");        /* Ctrl-Z */
	vt_send("\034");        /* Ctrl-\ */
	/* Still here and still answering. */
	vt_send(" ");
	expect("What would you like to explore?");
	CHECK(vt_wait_exit(0) == -2);
	vt_close();
}

TEST(tui_resize_relayout)
{
	sqlite3_close(make_db(0));
	start(24, 80, NULL);
	if (!to_home())
		return;
	vt_resize(40, 120);
	vt_wait_quiet(100, WAIT);
	CHECK(vt_contains("What would you like to explore?"));
	CHECK(strstr(vt_screen_text(39), "Help") != NULL);
	vt_resize(20, 60);
	expect("too small");
	vt_resize(24, 80);
	expect_gone("too small");
	expect("What would you like to explore?");
	CHECK(strstr(vt_screen_text(23), "Help") != NULL);
	CHECK(vt_contains("Stories by region"));
	finish();
}

TEST(tui_idle_timeout_back_to_attract)
{
	sqlite3_close(make_db(0));
	start(24, 80, "idle_timeout = 2\n");
	if (!to_home())
		return;
	vt_send("sol");
	if (!expect("Solar panels"))
		return;
	if (!expect("Are you still there?"))
		return;
	expect("Press any key or touch the screen to start");
	/* Everything wiped: a new visitor finds no trace of the search. */
	vt_send(" ");
	expect("What would you like to explore?");
	CHECK(!vt_contains("sol"));
	finish();
}

TEST(tui_idle_prompt_any_key_stays)
{
	sqlite3_close(make_db(0));
	start(24, 80, "idle_timeout = 2\n");
	if (!to_home())
		return;
	if (!expect("Are you still there?"))
		return;
	vt_send(VT_DOWN);
	expect_gone("Are you still there?");
	CHECK(vt_contains("What would you like to explore?"));
	vt_close();
}

/* A case stored straight into the database, as if the hub had sent it unsanitised. */
static void put_hostile_case(sqlite3 *db)
{
	struct career c;
	char *err = NULL;

	memset(&c, 0, sizeof c);
	snprintf(c.id, sizeof c.id, "00000000-0000-4000-8000-0000000000ff");
	c.slug = (char *)"hostile";
	c.person = (char *)"Mallory\xe2\x80\xae reversed";
	snprintf(c.municipality, sizeof c.municipality, "LT-43");
	c.area = AREA_HUMANITIES;
	c.themes = 1u << THEME_COMMUNITY;
	snprintf(c.text.lang, sizeof c.text.lang, "en");
	c.text.title = (char *)"Injected \x1b]0;pwned\x07title \x1b[5n here";
	c.text.summary = (char *)"Sum\xc2\x9b" "31m mary";
	c.text.story = (char *)"Bad \xff\xfe bytes and \x1b[?1049l more\rover \x08 back\n\n"
		"ending \xe2\x81\xa6isolate\xe2\x81\xa9 STORY END";
	c.text.quote = (char *)"Quote \x1b[31mred\x1b[0m";
	snprintf(c.updated_at, sizeof c.updated_at, "2026-11-01T10:00:00Z");
	if (catalogue_put_case(db, &c, &err) < 0)
		t_fail("put_case: %s", err);
}

static int log_has(const char *needle, size_t from)
{
	size_t len;
	const char *log = vt_log(&len);

	return from < len && memmem(log + from, len - from, needle, strlen(needle)) != NULL;
}

TEST(tui_hostile_text_is_inert)
{
	sqlite3 *db = make_db(0);
	size_t mark;

	put_hostile_case(db);
	sqlite3_close(db);
	start(24, 80, NULL);
	if (!to_home())
		return;
	mark = vt_mark();
	vt_send("inject");
	if (!expect("Injected"))
		return;
	vt_send(VT_ENTER);
	if (!expect("STORY END"))
		return;
	CHECK(vt_contains("Mallory"));
	CHECK(!log_has("\x1b]0;", mark));
	CHECK(!log_has("pwned\x07", mark));
	CHECK(!log_has("\x1b[5n", mark));
	CHECK(!log_has("\xe2\x80\xae", mark));
	CHECK(!log_has("\xe2\x81\xa6", mark));
	CHECK(!log_has("\xc2\x9b", mark));
	CHECK(!log_has("\xff", mark));
	CHECK(!log_has("\x1b[?1049l", mark));
	CHECK(!log_has("\x1b[31mred", mark));
	finish();
}

TEST(tui_sigterm_restores_terminal)
{
	size_t len;
	const char *log;

	sqlite3_close(make_db(0));
	start(24, 80, NULL);
	if (!to_home())
		return;
	vt_kill(SIGTERM);
	CHECK_INT(vt_wait_exit(WAIT), 0);
	log = vt_log(&len);
	/* The alternate screen left and the mouse turned off. */
	CHECK(memmem(log, len, "\x1b[?1049l", 8) != NULL);
	CHECK(memmem(log, len, "1000l", 5) != NULL);
	CHECK(vt_tty_sane());
	vt_close();
}

TEST(tui_sighup_exits)
{
	sqlite3_close(make_db(0));
	start(24, 80, NULL);
	if (!expect("Press any key"))
		return;
	vt_kill(SIGHUP);
	CHECK_INT(vt_wait_exit(WAIT), 0);
	vt_close();
}

TEST(tui_monochrome_vt100)
{
	size_t len, i;
	const char *log;
	int colour = 0;

	sqlite3_close(make_db(0));
	vt_env("TERM", "vt100");
	start(24, 80, NULL);
	if (!to_home())
		return;
	CHECK(vt_contains("Stories by region"));
	log = vt_log(&len);
	for (i = 0; i + 4 < len; i++) {
		if (log[i] == '\x1b' && log[i + 1] == '[' && (log[i + 2] == '3' ||
							       log[i + 2] == '4') &&
		    log[i + 3] >= '0' && log[i + 3] <= '9' && log[i + 4] == 'm')
			colour = 1;
	}
	CHECK(!colour);
	vt_close();
}

/* The attract screen's language buttons switch the language without starting. */
TEST(tui_attract_language_click)
{
	sqlite3_close(make_db(0));
	start(24, 80, "languages = en lt\n");
	if (!expect("Press any key or touch the screen to start"))
		return;
	if (!click_text("Lietuvių", 1))
		return;
	expect_gone("Press any key or touch the screen to start");
	CHECK(vt_contains("Lietuvių"));
	CHECK(strstr(vt_screen_text(23), "LT") != NULL);
	click_text("English", 1);
	expect("Press any key or touch the screen to start");
	finish();
}

/* F2 goes round the configured languages at any moment, lt -> ru -> en here, and the
 * screen is repainted in each (whatever the catalogs say exactly). */
/* A terminal whose codeset is not UTF-8 (LANG=C) gets ASCII only, transliterated. */
TEST(tui_ascii_terminal)
{
	size_t len, i, high = 0;
	const char *log;

	sqlite3_close(make_db(0));
	vt_env("LANG", "C");
	vt_env("LC_ALL", "C");
	start(24, 80, NULL);
	if (!to_home())
		return;
	vt_send("siaul");
	expect("Siauliai");
	log = vt_log(&len);
	for (i = 0; i < len; i++)
		high += (unsigned char)log[i] >= 0x80;
	CHECK_INT(high, 0);
	finish();
}

TEST(tui_language_switch)
{
	char lt[256], ru[256];

	sqlite3_close(make_db(0));
	start(24, 80, "languages = en lt ru\n");
	if (!to_home())
		return;
	vt_send(VT_F2);
	if (!expect_gone("What would you like to explore?"))
		return;
	vt_wait_quiet(50, WAIT);
	snprintf(lt, sizeof lt, "%s", vt_screen_text(1));
	CHECK(strstr(lt, "ą") != NULL || strstr(lt, "ė") != NULL || strlen(lt) > 10);
	CHECK(strstr(vt_screen_text(23), "F1") != NULL);
	CHECK(strstr(vt_screen_text(23), "LT") != NULL);
	vt_send(VT_F2);
	if (!expect_gone(lt + strspn(lt, " ")))
		return;
	vt_wait_quiet(50, WAIT);
	snprintf(ru, sizeof ru, "%s", vt_screen_text(1));
	CHECK(strstr(vt_screen_text(23), "RU") != NULL);
	vt_send(VT_F2);
	expect("What would you like to explore?");
	CHECK(strstr(vt_screen_text(23), "EN") != NULL);
	finish();
}

/* Moving the cursor one row sends only the difference: the two rows whose bar moves
 * (a reverse-video bar must resend their characters: about 136 bytes at 80 columns,
 * where the old two-column marker took about 50), never the screen. */
#define ROW_MOVE_MAX 160
TEST(tui_row_move_writes_few_bytes)
{
	size_t mark, bytes;

	sqlite3_close(make_db(30));
	start(24, 80, NULL);
	if (!to_home())
		return;
	vt_send("filler");
	if (!expect("Filler story"))
		return;
	vt_wait_quiet(150, WAIT);
	mark = vt_mark();
	vt_send(VT_DOWN);
	vt_send(VT_DOWN);
	vt_wait_quiet(150, WAIT);
	bytes = vt_bytes_since(mark);
	if (!CHECK(bytes <= 2 * ROW_MOVE_MAX))
		fprintf(stderr, "  two rows down wrote %zu bytes\n", bytes);
	finish();
}

/* Bytes the terminal receives for one row down in a result list and for one letter
 * typed into the search. */
TEST(bench_tui_bytes)
{
	size_t mark, down, letter, first, full;
	int i;

	sqlite3_close(make_db(60));
	start(24, 80, NULL);
	if (!to_home())
		return;
	vt_wait_quiet(150, WAIT);
	/* The raw figure beside them: painting the whole result screen once. */
	mark = vt_mark();
	vt_send("f");
	if (!expect("Filler story"))
		return;
	vt_wait_quiet(150, WAIT);
	full = vt_bytes_since(mark);
	mark = vt_mark();
	vt_send(VT_DOWN);
	vt_wait_quiet(150, WAIT);
	first = vt_bytes_since(mark);
	down = 0;
	for (i = 0; i < 5; i++) {
		mark = vt_mark();
		vt_send(VT_DOWN);
		vt_wait_quiet(150, WAIT);
		down += vt_bytes_since(mark);
	}
	mark = vt_mark();
	vt_send("i");
	vt_wait_quiet(150, WAIT);
	letter = vt_bytes_since(mark);
	t_bench("tui: bytes for one row down (first)", (double)first, "B", (double)full,
		"full screen");
	t_bench("tui: bytes for one row down (mean of 5, target <= 160)", (double)down / 5, "B",
		(double)full, "full screen");
	t_bench("tui: bytes for one letter in search", (double)letter, "B", (double)full,
		"full screen");
	CHECK(down / 5 <= ROW_MOVE_MAX);
	vt_close();
}


/* Every key of kiosk/kiosk.conf.example is one the kiosk knows, with a good value. */
TEST(tui_config_example_parses)
{
	struct config c;
	struct buf warnings = {0};

	config_defaults(&c);
	CHECK_INT(config_load(&c, t_bin("../kiosk/kiosk.conf.example"), &warnings), 0);
	if (!CHECK(warnings.len == 0))
		fprintf(stderr, "  %s", warnings.s);
	CHECK_INT(c.idle_timeout, 120);
	CHECK_STR(c.admin_key, "F12");
	buf_free(&warnings);
	config_free(&c);
}

/* Two touches and a key in one burst (a touch screen's driver or a fast finger): each
 * takes effect, in the order sent. The first click opens the partners, the second the
 * partner under it then, and F1 the help over that partner. */
TEST(tui_mouse_burst_keeps_order)
{
	int pr, pc, yr, yc;
	char burst[128];

	sqlite3_close(make_db(0));
	start(24, 80, NULL);
	if (!to_home())
		return;
	pr = vt_find("Partner organisations", &pc);
	if (!click_text("Partner organisations", 1) || !expect("Šiauliai youth house"))
		return;
	yr = vt_find("Šiauliai youth house", &yc);
	vt_send(VT_ESC);
	if (!expect("What would you like to explore?"))
		return;
	vt_wait_quiet(100, WAIT);
	snprintf(burst, sizeof burst, "\033[<0;%d;%dM\033[<0;%d;%dm\033[<0;%d;%dM\033[<0;%d;%dm"
		 VT_F1, pc + 2, pr + 1, pc + 2, pr + 1, yc + 1, yr + 1, yc + 1, yr + 1);
	vt_send(burst);
	CHECK(expect("You can use the keys or touch the screen."));
	/* Under the help: the partner's own page, its name and place at the top. */
	if (!CHECK(strstr(vt_screen_text(0), "Šiauliai youth house") != NULL &&
		   strstr(vt_screen_text(1), "Šiauliai County") != NULL))
		vt_dump();
	finish();
}
