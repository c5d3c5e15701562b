/* Terminal input in the real kiosk binary (tests/vt.c): the first key on the attract
 * screen, keys that are not keys (bracketed paste, focus events, SGR mouse, unknown
 * sequences), a terminal that goes away, and a terminal that cannot be used. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk_util.h"
#include "t.h"
#include "text.h"
#include "util.h"
#include "vt.h"

#define WAIT 5000
#define SIAULIAI_ID "22222222-3333-4444-8555-666666666601"

/* Paste as a terminal in bracketed paste mode sends it. */
#define PASTE(text) "\033[200~" text "\033[201~"

/* The catalogue: one featured case in Šiauliai (its person may be contacted), one
 * more in Telšiai. Neither holds a word that begins with "iaul". */
static void make_db(void)
{
	static const char json[] =
		"{\"cases\": [{\"id\": \"" SIAULIAI_ID "\", \"person\": \"Ieva Ramonė\","
		" \"age\": 22, \"municipality\": \"LT-43\", \"area\": \"social_sciences\","
		" \"themes\": [\"community\"], \"title\": \"Repair café in Šiauliai\","
		" \"summary\": \"Ieva fixes things with her neighbours.\","
		" \"story\": \"Ieva opened a repair café. STORY OF IEVA ENDS.\","
		" \"quote\": \"Broken things have stories.\", \"path\": [], \"skills\": [],"
		" \"organisation\": \"Taisykla\", \"partner_id\": \"\", \"contact_allowed\": true,"
		" \"featured\": true, \"lang\": \"en\", \"updated_at\": \"2026-11-01T10:00:00Z\"},"
		" {\"id\": \"22222222-3333-4444-8555-666666666602\", \"person\": \"Tomas Kairys\","
		" \"age\": 25, \"municipality\": \"LT-55\", \"area\": \"regional_development\","
		" \"themes\": [\"environment\"], \"title\": \"Bees and honey in Telšiai\","
		" \"summary\": \"Tomas keeps bees.\", \"story\": \"Bees.\","
		" \"quote\": \"Bees are patient.\", \"path\": [], \"skills\": [],"
		" \"organisation\": \"Bitės\", \"partner_id\": \"\", \"contact_allowed\": false,"
		" \"featured\": false, \"lang\": \"en\","
		" \"updated_at\": \"2026-11-01T10:00:00Z\"}], \"partners\": []}\n";

	sqlite3_close(kiosk_make_db(json));
}

static void start(int rows, int cols)
{
	kiosk_start("default_language = en\nlanguages = en lt\nkiosk_id = input-1\n", rows,
		    cols);
}

#define expect(text) kiosk_expect((text), 50)
#define expect_gone(text) kiosk_expect_gone((text), 50)
#define to_home() kiosk_to_home(50)
#define ATTRACT "Press any key or touch the screen to start"

/* The row of the screen that shows text, "" if none (valid until the next call). */
static const char *row_with(const char *text)
{
	int r = vt_find(text, NULL);

	return r >= 0 ? vt_screen_text(r) : "";
}

/* Type keys and wait until the kiosk has drawn what they did. */
static void type(const char *keys)
{
	vt_send(keys);
	vt_wait_quiet(50, WAIT);
}

/* From home to the contact form of the Šiauliai case. */
static int to_contact_form(void)
{
	if (!to_home())
		return 0;
	vt_send("repair");
	if (!expect("Repair café in Šiauliai"))
		return 0;
	vt_wait_quiet(100, WAIT);
	vt_send(VT_ENTER);
	if (!expect("STORY OF IEVA ENDS"))
		return 0;
	vt_send(VT_F5);
	return expect("Contact Ieva Ramonė");
}

/* Typed fast on the attract screen, "siaul" goes whole into the search: its first letter
 * starts it, the rest follow into the box (before: the first only woke the kiosk and the
 * search was "iaul", which finds nothing). */
TEST(input_attract_typing_starts_search)
{
	make_db();
	start(24, 80);
	if (!expect(ATTRACT) || !expect("Ieva Ramonė"))
		return;
	vt_send("siaul");
	if (!expect_gone(ATTRACT))
		return;
	vt_wait_quiet(200, WAIT);
	if (!CHECK(vt_contains("siaul")) || !CHECK(vt_contains("Repair café in Šiauliai")))
		vt_dump();
	CHECK(!vt_contains("Bees and honey"));
	/* Back leads home, not to the attract screen. */
	vt_send(VT_ESC);
	expect("What would you like to explore?");
	kiosk_finish();
}

/* A touch on the featured story opens it; Back then goes home. Elsewhere a touch still
 * only wakes the kiosk. */
TEST(input_attract_click_featured_opens_it)
{
	int r, c;

	make_db();
	start(24, 80);
	if (!expect(ATTRACT) || !expect("Broken things have stories."))
		return;
	vt_wait_quiet(100, WAIT);
	r = vt_find("Broken things have stories.", &c);
	vt_send_mouse_click(r, c + 2);
	if (!expect("STORY OF IEVA ENDS"))
		return;
	vt_send(VT_ESC);
	expect("What would you like to explore?");
	vt_send(VT_ESC);
	if (!expect(ATTRACT))
		return;
	vt_wait_quiet(100, WAIT);
	vt_send_mouse_click(0, 0);
	expect("What would you like to explore?");
	CHECK(!vt_contains("STORY OF IEVA ENDS"));
	kiosk_finish();
}

/* Bracketed paste is turned on at start and off at the end; a paste types into the
 * search box as typed text, without the controls and sequences inside it. */
TEST(input_paste_into_search)
{
	size_t len;
	const char *log;

	make_db();
	start(24, 80);
	if (!to_home())
		return;
	log = vt_log(&len);
	CHECK(memmem(log, len, "\033[?2004h", 8) != NULL);
	/* On home no field has the focus: the paste starts a search with all of it. */
	vt_send(PASTE("siaul"));
	if (!expect("Repair café in Šiauliai"))
		return;
	vt_wait_quiet(100, WAIT);
	CHECK(vt_contains("siaul"));
	/* Into the search box: controls, escape sequences, OSC and DCS strings inside are
	 * dropped whole, line breaks become spaces. */
	type("\025");
	type(PASTE("ab\033[31mc\001\007d\033]0;title\007e\r\nf\033P1$r\033\\g\033OA"
		   "\033]2;unended"));
	type("h");
	vt_wait_quiet(100, WAIT);
	if (!CHECK(vt_contains("abcde fgh")))
		vt_dump();
	CHECK(!vt_contains("31m"));
	CHECK(!vt_contains("title"));
	CHECK(!vt_contains("$r"));
	CHECK(!vt_contains("200~") && !vt_contains("201~") && !vt_contains("unended"));
	vt_kill(SIGTERM);
	CHECK_INT(vt_wait_exit(WAIT), 0);
	log = vt_log(&len);
	CHECK(memmem(log, len, "\033[?2004l", 8) != NULL);
	vt_close();
}

/* A paste longer than a form field is cut at the field's limit; a line break in it is a
 * space. Keys in their CSI form (ESC [ D) move as in their SS3 form. */
TEST(input_paste_cut_at_field_limit)
{
	struct buf paste = {0};
	int i;

	make_db();
	start(24, 80);
	if (!to_contact_form())
		return;
	type(PASTE("Ona\nMarija"));
	if (!expect("Ona Marija"))
		return;
	CHECK(vt_contains("10/60"));
	type("\033[D\033[D\033[D\033[DX");      /* Left in its CSI form */
	if (!CHECK(vt_contains("Ona MaXrija")))
		vt_dump();
	type("\025");
	buf_adds(&paste, "\033[200~");
	for (i = 0; i < 70; i++)
		buf_adds(&paste, i % 2 ? "š" : "a");
	buf_adds(&paste, "\033[201~");
	type(paste.s);
	expect("60/60");
	CHECK(vt_contains("aša"));
	buf_free(&paste);
	kiosk_finish();
}

/* Focus events, unknown CSI sequences, device reports and OSC strings type nothing; a
 * lone Esc is still Back. */
TEST(input_unknown_sequences_type_nothing)
{
	const char *row;

	make_db();
	start(24, 80);
	if (!to_home())
		return;
	vt_send("re");
	if (!expect("Repair café in Šiauliai"))
		return;
	type("\033[I\033[O");                   /* focus in, focus out */
	type("\033[99~");                       /* an unknown function key */
	type("\033[?1;2c");                     /* a device attributes report */
	type("\033]0;x\007");                   /* OSC: a window title */
	type("\033[1;5I\033[>0;10;1c");
	type("\033O5j");                        /* an unknown SS3 key */
	type("pair");
	row = row_with("repair");
	if (!CHECK(row[0] != '\0'))
		vt_dump();
	CHECK(strchr(row, '[') == NULL);
	CHECK(strchr(row, '~') == NULL);
	CHECK(strstr(row, "99") == NULL);
	CHECK(strstr(row, ";x") == NULL && strstr(row, "0;") == NULL);
	CHECK(vt_contains("Repair café in Šiauliai"));
	/* A lone Esc: Back (the search closes). */
	vt_send(VT_ESC);
	if (!expect("What would you like to explore?"))
		return;
	CHECK(!vt_contains("repair"));
	kiosk_finish();
}

/* An SGR click at column 230 of a 240-column terminal lands (the old mouse reports end
 * at column 223): on the language code at the right of the key bar. */
static void sgr_click_wide(const char *term)
{
	const char *bar;
	size_t len;
	int col;

	make_db();
	if (term != NULL)
		vt_env("TERM", term);
	start(30, 240);
	if (!to_home())
		return;
	bar = vt_screen_text(29);
	len = strlen(bar);
	if (!CHECK(len >= 2 && strcmp(bar + len - 2, "EN") == 0)) {
		vt_dump();
		return;
	}
	col = vt_find("EN", NULL) == 29 ? (int)text_width(bar) - 2 : -1;
	CHECK(col >= 230);
	vt_send_mouse_click(29, col);
	vt_wait_quiet(200, WAIT);
	bar = vt_screen_text(29);
	len = strlen(bar);
	CHECK(len >= 2 && strcmp(bar + len - 2, "LT") == 0);
	if (term != NULL) {
		/* curses asks this terminal for the old reports: SGR is turned on beside. */
		const char *log = vt_log(&len);

		CHECK(memmem(log, len, "\033[?1006h", 8) != NULL);
	}
	kiosk_finish();
}

TEST(input_sgr_click_col_230)
{
	sgr_click_wide(NULL);
}

/* The same where curses knows only the old reports (kmous \E[M): the SGR reports come
 * as raw bytes and the keymap reads them. */
TEST(input_sgr_click_col_230_screen)
{
	sgr_click_wide("screen-256color");
}

/* An SGR mouse report with 32 ';' overflowed a stack buffer inside ncurses 6.4 (found
 * by tests/fuzz/fuzz_keys): the kiosk died. The reports are read by our own parser. */
TEST(input_sgr_report_with_many_fields_is_harmless)
{
	char bad[64];

	make_db();
	start(24, 80);
	if (!to_home())
		return;
	snprintf(bad, sizeof bad, "\033[<%s1M", ";;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;");
	type(bad);
	vt_send("re");
	if (!expect("Repair café in Šiauliai"))
		return;
	CHECK_INT(vt_wait_exit(0), -2);                 /* still running */
	kiosk_finish();
}

/* The terminal goes away without a hangup signal (the pty is not its controlling
 * terminal): the end of the input ends the kiosk at once instead of polling it. */
TEST(input_eof_ends_kiosk)
{
	int st;

	make_db();
	vt_no_ctty();
	start(24, 80);
	if (!to_home())
		return;
	vt_send("sia");
	vt_wait_quiet(100, WAIT);
	vt_hangup();
	st = vt_wait_exit(1000);
	if (!CHECK(st == 0 || st == 1))
		fprintf(stderr, "  exit status %d (-2: still running a second after)\n", st);
	vt_close();
}

/* The same with the hangup signal, as a closed terminal window sends it. */
TEST(input_hangup_ends_kiosk)
{
	int st;

	make_db();
	start(24, 80);
	if (!expect(ATTRACT))
		return;
	vt_hangup();
	st = vt_wait_exit(1000);
	CHECK(st == 0 || st == 1);
	vt_close();
}

/* A terminal without cursor addressing: one line that says so, exit status 1. */
TEST(input_term_dumb_exits)
{
	size_t len, i, lines = 0;
	const char *log;

	make_db();
	vt_env("TERM", "dumb");
	start(24, 120);
	CHECK_INT(vt_wait_exit(WAIT), 1);
	log = vt_log(&len);
	for (i = 0; i < len; i++)
		lines += log[i] == '\n';
	if (!CHECK(memmem(log, len, "cannot move the cursor", 22) != NULL))
		vt_dump();
	CHECK_INT(lines, 1);
	CHECK(memchr(log, '\033', len) == NULL);
	vt_close();
}
