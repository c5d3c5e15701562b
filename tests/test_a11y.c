/* Accessibility (issue 18): the terminal's cursor sits on the focused item, so console
 * screen readers and braille displays read it (list rows, form fields, dialog buttons);
 * built-in speech says each screen's title, the focused item and messages in the UI
 * language and never what a visitor typed (the VITRINA_SPEECH_LOG hook records what
 * would be spoken); F7 turns speech on for one visit; the idle warning's "more time"
 * keeps the form; help names the speech key and the librarian in every language. The
 * real kiosk in a pty at 80x24 (tests/vt.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk_util.h"
#include "t.h"
#include "util.h"
#include "vt.h"

#define WAIT KIOSK_WAIT
#define ROWS 24
#define COLS 80
#define MARK "\xe2\x96\xb6"     /* the list's marker */

#define expect(text) kiosk_expect((text), 30)
#define expect_gone(text) kiosk_expect_gone((text), 30)

static void make_db(void)
{
	static const char json[] =
		"{\"partners\": [{\"id\": \"22222222-2222-4333-8444-555555555555\","
		" \"name\": \"Robotų klubas\", \"municipality\": \"LT-43\","
		" \"offers\": [\"volunteering\"], \"description\": \"Robots.\","
		" \"contact_allowed\": true}],"
		" \"cases\": [{\"id\": \"11111111-2222-4333-8444-555555555555\","
		" \"person\": \"Rūta Mockutė\", \"age\": 23, \"municipality\": \"LT-43\","
		" \"area\": \"regional_development\", \"themes\": [\"innovation\"],"
		" \"title\": \"Robot workshop in Šiauliai\", \"summary\": \"Robots.\","
		" \"story\": \"Rūta builds robots.\", \"quote\": \"Robots are patient.\","
		" \"path\": [], \"skills\": [], \"organisation\": \"Robotai\","
		" \"partner_id\": \"\", \"contact_allowed\": true, \"featured\": false,"
		" \"lang\": \"en\", \"updated_at\": \"2026-11-01T10:00:00Z\"},"
		" {\"id\": \"11111111-2222-4333-8444-666666666666\", \"person\": \"Jonas\","
		" \"age\": 22, \"municipality\": \"LT-43\", \"area\": \"regional_development\","
		" \"themes\": [\"environment\"], \"title\": \"Robot bees in Šiauliai\","
		" \"summary\": \"Bees.\", \"story\": \"Bees.\", \"quote\": \"Bees.\","
		" \"path\": [], \"skills\": [], \"organisation\": \"Bitės\","
		" \"partner_id\": \"\", \"contact_allowed\": true, \"featured\": false,"
		" \"lang\": \"en\", \"updated_at\": \"2026-11-01T10:00:00Z\"}]}\n";

	sqlite3_close(kiosk_make_db(json));
}

static const char *speech_log(void)
{
	return t_path(3, "speech.log");
}

/* Start the kiosk in English with extra config lines, speech recorded to the log. */
static void start(const char *extra)
{
	char *conf = xasprintf("default_language = en\nlanguages = en lt ru pl\n"
			       "kiosk_id = siauliai-lib-1\nhome_municipality = LT-43\n%s",
			       extra);

	vt_env("VITRINA_SPEECH_LOG", speech_log());
	kiosk_start(conf, ROWS, COLS);
	free(conf);
}

/* The cursor is on row r, at or right of column c0. */
static int cursor_on_at(const char *file, int line, int r, int c0)
{
	int row, col;

	vt_cursor(&row, &col);
	if (row == r && col >= c0)
		return 1;
	fprintf(stderr, "  cursor at %d,%d, expected row %d from column %d\n", row, col, r, c0);
	vt_dump();
	return t_check(0, file, line, "cursor on the focused item");
}
#define cursor_on(r, c0) cursor_on_at(__FILE__, __LINE__, (r), (c0))

/* The cursor is on the row where text first shows. */
static int cursor_on_text_at(const char *file, int line, const char *text)
{
	int c, r = vt_find(text, &c), row, col;

	vt_cursor(&row, &col);
	if (r >= 0 && row == r)
		return 1;
	fprintf(stderr, "  cursor at %d,%d, \"%s\" at %d,%d\n", row, col, text, r, c);
	vt_dump();
	return t_check(0, file, line, text);
}
#define cursor_on_text(text) cursor_on_text_at(__FILE__, __LINE__, (text))

/* The cursor is on the row of the list's marker, just right of it. */
static int cursor_on_mark_at(const char *file, int line)
{
	int c, r = vt_find(MARK, &c);

	return r >= 0 ? cursor_on_at(file, line, r, c + 1) : t_check(0, file, line, "a marker");
}
#define cursor_on_mark() cursor_on_mark_at(__FILE__, __LINE__)

/* Wait until the speech log holds text (n times), and return the whole log (freed by
 * the caller) or NULL after a failed check. */
static char *said_at(const char *file, int line, const char *text)
{
	if (t_file_wait(speech_log(), text, 1, WAIT))
		return t_read_file(speech_log());
	fprintf(stderr, "  not spoken: \"%s\"; the log:\n%s\n", text,
		t_read_file(speech_log()) ? t_read_file(speech_log()) : "(none)");
	t_check(0, file, line, text);
	return NULL;
}
#define said(text) said_at(__FILE__, __LINE__, (text))

TEST(a11y_cursor_follows_the_selected_row_in_lists)
{
	int r0, r1, c;

	make_db();
	start("");
	if (!kiosk_to_home(30) || !cursor_on_mark())
		return;
	r0 = vt_find(MARK, &c);
	vt_send(VT_DOWN);
	vt_wait_quiet(30, WAIT);
	r1 = vt_find(MARK, &c);
	CHECK(r1 > r0);
	cursor_on_mark();
	/* Browse: the results' row, then the filters' row, never the search box. */
	vt_send("robot");
	if (!expect("Robot bees in Šiauliai"))
		return;
	cursor_on_text("Robot workshop in Šiauliai");
	vt_send(VT_DOWN);
	vt_wait_quiet(30, WAIT);
	cursor_on_text("Robot bees in Šiauliai");
	vt_send(VT_TAB);
	vt_wait_quiet(30, WAIT);
	vt_cursor(&r0, &c);
	CHECK(c < 29 && r0 >= 3);       /* in the filter column */
	vt_send(VT_DOWN);
	vt_wait_quiet(30, WAIT);
	vt_cursor(&r1, &c);
	CHECK(r1 > r0 && c < 29);
	/* Near you: its list. */
	vt_send(VT_F6);
	if (!expect("What would you like to explore?"))
		return;
	kiosk_finish();
}

TEST(a11y_cursor_in_near_and_partner_lists)
{
	int r, c;

	make_db();
	start("");
	if (!kiosk_to_home(30))
		return;
	r = vt_find("Near you", &c);
	if (!CHECK(r > 0))
		return;
	vt_send_mouse_click(r, c + 1);
	if (!expect("Robot bees in Šiauliai"))
		return;
	cursor_on_mark();
	vt_send(VT_DOWN);
	vt_wait_quiet(30, WAIT);
	cursor_on_mark();
	vt_send(VT_F6);
	if (!expect("What would you like to explore?"))
		return;
	r = vt_find("Partner", &c);
	if (!CHECK(r > 0))
		return;
	vt_send_mouse_click(r, c + 1);
	if (!expect("Robotų klubas"))
		return;
	cursor_on_mark();
	kiosk_finish();
}

/* Open the contact form of the first story found for "workshop". */
static int to_contact_form(void)
{
	if (!kiosk_to_home(30))
		return 0;
	vt_send("workshop");
	if (!expect("Robot workshop in Šiauliai"))
		return 0;
	vt_send(VT_ENTER);
	if (!expect("Robots are patient"))
		return 0;
	vt_send(VT_F5);
	return expect("Your first name");
}

TEST(a11y_cursor_on_form_fields_and_dialog_button)
{
	int r, c;

	make_db();
	start("idle_timeout = 3\n");
	if (!to_contact_form())
		return;
	r = vt_find("Your first name", &c);
	cursor_on(r, c + 1);
	vt_send("Ona");
	vt_wait_quiet(30, WAIT);
	cursor_on(r, c + 1);
	vt_send(VT_TAB);
	vt_wait_quiet(30, WAIT);
	cursor_on_text("Age group");
	vt_send(VT_TAB);
	vt_wait_quiet(30, WAIT);
	r = vt_find("E-mail or phone", &c);
	cursor_on(r, c + 1);
	/* The idle warning is a dialog: the cursor is on its button. */
	if (!expect("Are you still there?"))
		return;
	cursor_on_text("More time");
	kiosk_finish();
}

TEST(a11y_idle_more_time_keeps_the_form)
{
	char *log;

	make_db();
	start("idle_timeout = 3\nspeech = on\n");
	if (!to_contact_form())
		return;
	vt_send("Ona");
	if (!expect("Ona") || !expect("Are you still there?"))
		return;
	vt_send("x");           /* any key: more time, and the key is not typed */
	if (!expect_gone("Are you still there?"))
		return;
	CHECK(vt_contains("Your first name"));
	CHECK(vt_contains("Ona") && !vt_contains("Onax"));
	log = said("More time: 3 seconds.");
	CHECK(log != NULL && strstr(log, "Are you still there?") != NULL);
	free(log);
	kiosk_finish();
}

TEST(a11y_speech_says_titles_and_focus_never_typed_text)
{
	char *log;

	make_db();
	start("speech = on\n");
	log = said("Career paths close to home");
	CHECK(log != NULL && strstr(log, "en\tvitrina. Career paths close to home") != NULL);
	free(log);
	if (!kiosk_to_home(30))
		return;
	free(said("en\tWhat would you like to explore?"));
	/* Each move says the row moved to, cutting off what was being said. */
	vt_send("robot");
	free(said("Robot workshop in Šiauliai"));
	vt_send(VT_DOWN);
	free(said("-\nen\tRobot bees in Šiauliai"));
	vt_send(VT_UP VT_ENTER);
	if (!expect("Robots are patient"))
		return;
	free(said("en\tRobot workshop in Šiauliai. Rūta Mockutė, 23 years old, Šiauliai"));
	vt_send(VT_F5);
	free(said("Contact Rūta Mockutė"));
	free(said("Your first name, empty"));
	vt_send("Zigmantas");
	log = said("Your first name, filled");
	CHECK(log != NULL && strstr(log, "Zigm") == NULL);
	free(log);
	/* In the UI language. */
	vt_send(VT_F2);
	free(said("lt\t"));
	kiosk_finish();
}

TEST(a11y_f7_speech_for_one_visit)
{
	char *log;

	make_db();
	start("idle_timeout = 2\n");
	if (!expect("Press any key or touch the screen to start"))
		return;
	vt_send(VT_F7);
	free(said("Speech on"));
	free(said("Career paths close to home"));       /* then where we are, a moment later */
	/* The idle reset ends the visit: speech is off again. */
	vt_send(VT_ENTER);
	if (!expect("What would you like to explore?"))
		return;
	if (!expect("Are you still there?"))
		return;
	if (!expect("Press any key or touch the screen to start"))
		return;
	t_write_file(speech_log(), "");
	vt_send(VT_ENTER);
	if (!expect("What would you like to explore?"))
		return;
	vt_send(VT_DOWN);
	vt_wait_quiet(100, WAIT);
	log = t_read_file(speech_log());
	CHECK(log != NULL && log[0] == '\0');
	free(log);
	kiosk_finish();
}

TEST(a11y_help_names_speech_and_the_librarian_in_every_language)
{
	static const char *const ask[] = {
		"Ask a librarian", "Paklausk bibliotekininko", "библиотекар", "bibliotekarz",
	};
	int i;

	make_db();
	start("");
	if (!kiosk_to_home(30))
		return;
	for (i = 0; i < 4; i++) {
		vt_send(VT_F1);
		if (!expect("F7") || !expect(ask[i]))
			return;
		kiosk_check_uncut("help", NULL);
		vt_send(VT_ESC);
		if (!expect_gone(ask[i]))
			return;
		vt_send(VT_F2);
		vt_wait_quiet(30, WAIT);
	}
	kiosk_finish();
}

/* A large console font on an 800x480 screen gives 50x15 cells: the kiosk says so whole,
 * in the visitor's language, and what a librarian can do. */
TEST(a11y_50x15_says_the_screen_is_too_small)
{
	int r;

	make_db();
	vt_env("VITRINA_SPEECH_LOG", speech_log());
	kiosk_start("default_language = lt\n", 15, 50);
	if (!expect("Ekranas per mažas") || !expect("console_font"))
		return;
	CHECK(vt_contains("50x15"));
	for (r = 0; r < 15; r++)
		CHECK(strstr(vt_screen_text(r), "\xe2\x80\xa6") == NULL);
	vt_resize(24, 80);
	if (!expect("Paspausk bet kurį klavišą"))
		return;
	kiosk_finish();
}
