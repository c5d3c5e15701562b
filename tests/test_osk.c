/* The on-screen keyboard for touch-only kiosks (DESIGN §6): when it shows per
 * touch_keyboard, keys clicked arrive as typed ones (Lithuanian letters too), backspace
 * and Done, a search and a whole contact request by mouse clicks alone, and the bytes a
 * key click costs. The real kiosk in a pty at 80x24 (tests/vt.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalogue.h"
#include "db.h"
#include "kiosk_util.h"
#include "t.h"
#include "text.h"
#include "util.h"
#include "vt.h"

#define WAIT KIOSK_WAIT
#define ROWS 24
#define COLS 80
#define OSK_TOP (ROWS - 4)      /* the keyboard's four rows end the screen */

#define expect(text) kiosk_expect((text), 30)
#define expect_gone(text) kiosk_expect_gone((text), 30)

/* A case in Šiauliai whose person may be contacted, and one elsewhere. */
static void make_db(void)
{
	static const char json[] =
		"{\"cases\": [{\"id\": \"11111111-2222-4333-8444-555555555555\","
		" \"person\": \"Rūta Mockutė\", \"age\": 23, \"municipality\": \"LT-43\","
		" \"area\": \"regional_development\", \"themes\": [\"innovation\"],"
		" \"title\": \"Robot workshop in Šiauliai\", \"summary\": \"Robots.\","
		" \"story\": \"Rūta builds robots.\", \"quote\": \"Robots are patient.\","
		" \"path\": [], \"skills\": [], \"organisation\": \"Robotai\","
		" \"partner_id\": \"\", \"contact_allowed\": true, \"featured\": false,"
		" \"lang\": \"en\", \"updated_at\": \"2026-11-01T10:00:00Z\"},"
		" {\"id\": \"11111111-2222-4333-8444-666666666666\", \"person\": \"Jonas\","
		" \"age\": 22, \"municipality\": \"LT-55\", \"area\": \"regional_development\","
		" \"themes\": [\"environment\"], \"title\": \"Beekeeping club in Telšiai\","
		" \"summary\": \"Bees.\", \"story\": \"Bees.\", \"quote\": \"Bees.\","
		" \"path\": [], \"skills\": [], \"organisation\": \"Bitės\","
		" \"partner_id\": \"\", \"contact_allowed\": true, \"featured\": false,"
		" \"lang\": \"en\", \"updated_at\": \"2026-11-01T10:00:00Z\"}]}\n";

	sqlite3_close(kiosk_make_db(json));
}

static void start(const char *mode)
{
	char *conf = xasprintf("default_language = en\nlanguages = en lt\n"
			       "kiosk_id = siauliai-lib-1\ntouch_keyboard = %s\n", mode);

	kiosk_start(conf, ROWS, COLS);
	free(conf);
}

/* A click, then wait for its redraw. */
static void click_at(int row, int col)
{
	vt_send_mouse_click(row, col);
	vt_wait_quiet(30, WAIT);
}

/* The screen column where label starts on row r, or -1. With whole, only a label with a
 * space or the row's end after it. */
static int label_col(int r, const char *label, int whole)
{
	const char *line = vt_screen_text(r), *hit = strstr(line, label);
	char *pre;
	int col;

	while (whole && hit != NULL && hit[strlen(label)] != ' ' && hit[strlen(label)] != '\0')
		hit = strstr(hit + 1, label);
	if (hit == NULL)
		return -1;
	pre = xstrndup(line, (size_t)(hit - line));
	col = text_width(pre);
	free(pre);
	return col;
}

/* The keyboard shows: its letter row with the Lithuanian letters and its Done key. */
static int osk_shown(void)
{
	return strstr(vt_screen_text(OSK_TOP + 1), "ą") != NULL &&
	       strstr(vt_screen_text(OSK_TOP + 3), "Done") != NULL;
}

static int col_on_row(int r, const char *label)
{
	return label_col(r, label, 0);
}

/* Click the keyboard key labelled key (a character, "space", "Done", the Shift or the
 * backspace sign): a key is a label with a space on each side. Returns 0 (and fails
 * the test) if no such key shows. */
static int tap_at(const char *file, int line, const char *key)
{
	char *padded = xasprintf(" %s", key);
	int r, c = -1;

	for (r = OSK_TOP; r < ROWS && c < 0; r++)
		c = label_col(r, padded, 1);
	free(padded);
	if (c < 0) {
		vt_dump();
		return t_check(0, file, line, key);
	}
	click_at(r - 1, c + 1);
	return 1;
}
#define tap(key) tap_at(__FILE__, __LINE__, (key))

/* Tap each character of the UTF-8 text s (a space on the space bar). */
static int tap_text_at(const char *file, int line, const char *s)
{
	char one[8];

	while (*s != '\0') {
		size_t n = utf8_next(s, 0);

		snprintf(one, sizeof one, "%.*s", (int)n, s);
		if (!tap_at(file, line, *s == ' ' ? "space" : one))
			return 0;
		s += n;
	}
	return 1;
}
#define tap_text(s) tap_text_at(__FILE__, __LINE__, (s))

/* Click the first place label shows, at its first column plus dx. */
static int click_label_at(const char *file, int line, const char *label, int dx)
{
	int c, r = vt_find(label, &c);

	if (r < 0) {
		vt_dump();
		return t_check(0, file, line, label);
	}
	click_at(r, c + dx);
	return 1;
}
#define click_label(label, dx) click_label_at(__FILE__, __LINE__, (label), (dx))

/* From the attract screen to the search by touch: a touch wakes the kiosk, then the
 * home screen's Search. */
static int touch_to_search(void)
{
	if (!expect("Press any key or touch the screen to start"))
		return 0;
	click_at(ROWS - 2, 1);
	if (!expect("What would you like to explore?"))
		return 0;
	if (!click_label("Type a name, a place or a word", 1))
		return 0;
	return expect("Search:");
}

/* The search line's text after "Search:". */
static const char *search_line(void)
{
	return vt_screen_text(1);
}

TEST(osk_off_never_shows)
{
	make_db();
	start("off");
	if (!touch_to_search())
		return;
	CHECK(!osk_shown());
	click_at(1, 40);
	CHECK(!osk_shown());
	CHECK(strstr(vt_screen_text(ROWS - 1), "F1") != NULL);  /* the key bar */
	kiosk_finish();
}

TEST(osk_auto_shows_after_a_click_only)
{
	make_db();
	start("auto");
	if (!kiosk_to_home(30))
		return;
	vt_send("r");           /* keys only: a keyboard is there */
	if (!expect("Robot workshop in Šiauliai"))
		return;
	CHECK(!osk_shown());
	click_at(1, 40);        /* the first touch of the visit */
	CHECK(osk_shown());
	kiosk_finish();
}

TEST(osk_on_shows_without_a_click)
{
	make_db();
	start("on");
	if (!kiosk_to_home(30))
		return;
	vt_send("r");
	if (!expect("Robot workshop in Šiauliai"))
		return;
	CHECK(osk_shown());
	/* Not where no field takes text: the home screen. */
	vt_send(VT_ESC);
	if (!expect("What would you like to explore?"))
		return;
	CHECK(!osk_shown());
	kiosk_finish();
}

TEST(osk_typing_siaul_finds_siauliai)
{
	make_db();
	start("auto");
	if (!touch_to_search())
		return;
	if (!CHECK(osk_shown()) || !tap_text("siaul"))
		return;
	CHECK(strstr(search_line(), "siaul") != NULL);
	if (!expect("Robot workshop in Šiauliai"))
		return;
	CHECK(!vt_contains("Beekeeping club in Telšiai"));
	kiosk_finish();
}

TEST(osk_lithuanian_letters_backspace_and_done)
{
	make_db();
	start("on");
	if (!touch_to_search())
		return;
	if (!tap("ž") || !tap("ė"))
		return;
	CHECK(strstr(search_line(), "žė") != NULL);
	/* Shift makes one capital. */
	if (!tap("\xe2\x87\xa7") || !tap("Š") || !tap("ų"))
		return;
	CHECK(strstr(search_line(), "žėŠų") != NULL);
	if (!tap("\xe2\x8c\xab"))
		return;
	CHECK(strstr(search_line(), "žėŠ") != NULL);
	CHECK(strstr(search_line(), "žėŠų") == NULL);
	if (!tap("space") || !tap("@"))
		return;
	CHECK(strstr(search_line(), "žėŠ @") != NULL);
	/* Done hides it and the key bar comes back; a touch shows it again. */
	if (!tap("Done"))
		return;
	CHECK(!osk_shown());
	CHECK(strstr(vt_screen_text(ROWS - 1), "F1") != NULL);
	click_at(1, 40);
	CHECK(osk_shown());
	kiosk_finish();
}

/* From the form's Review button by touch: consent, send, end the kiosk, and the one
 * request in the outbox as JSON (the caller frees it); NULL after a failed check. */
static json_t *send_by_touch(void)
{
	char *body = NULL;
	json_t *j;

	if (!click_label("[ Review ]", 2) || !expect("Check what will be sent"))
		return NULL;
	click_at(ROWS - 4, 4);          /* the consent box */
	if (!expect("[x]") || !click_label("[ Send ]", 2) || !expect("Your reference code:"))
		return NULL;
	kiosk_finish();
	if (!CHECK_INT(kiosk_outbox_rows(&body), 1))
		return NULL;
	j = json_loads(body, 0, NULL);
	free(body);
	CHECK(j != NULL);
	return j;
}

/* Search, open the case, its contact form, every field typed on the keyboard. */
static int contact_by_touch(void)
{
	int r;

	if (!touch_to_search() || !tap_text("robot"))
		return 0;
	if (!click_label("Robot workshop in Šiauliai", 2) || !expect("Robots are patient."))
		return 0;
	r = col_on_row(ROWS - 1, "F5");
	if (!CHECK(r >= 0))
		return 0;
	click_at(ROWS - 1, r + 1);
	if (!expect("Contact Rūta Mockutė") || !CHECK(osk_shown()))
		return 0;
	if (!tap("\xe2\x87\xa7") || !tap_text("Ona"))
		return 0;
	if (!click_label("18-24", 1) || !CHECK(!osk_shown()))
		return 0;
	if (!click_label("E-mail or phone", 25) || !CHECK(osk_shown()))
		return 0;
	if (!tap_text("ona_k@example.lt"))
		return 0;
	r = vt_find("Your message (optional)", NULL);
	if (!CHECK(r >= 0))
		return 0;
	click_at(r + 1, 6);
	return tap_text("labas") && tap("space") && tap_text("ačiū");
}

TEST(osk_contact_request_by_clicks_alone)
{
	json_t *j;

	make_db();
	start("auto");
	if (!contact_by_touch())
		return;
	if (!tap("Done") || (j = send_by_touch()) == NULL)
		return;
	CHECK_STR(kiosk_jstr(j, "kind"), "contact");
	CHECK_STR(kiosk_jstr(j, "name"), "Ona");
	CHECK_STR(kiosk_jstr(j, "age_group"), "18-24");
	CHECK_STR(kiosk_jstr(j, "contact"), "ona_k@example.lt");
	CHECK_STR(kiosk_jstr(j, "message"), "labas ačiū");
	json_decref(j);
}

/* Bytes the terminal receives for one key clicked on the keyboard: typing a name into a
 * form field, beside a whole repaint of the form. */
TEST(bench_osk_bytes)
{
	static const char name[] = "abcdefghij";
	size_t mark, full, keys = 0;
	char one[2] = "";
	int i;

	make_db();
	start("on");
	if (!touch_to_search() || !tap_text("robot"))
		return;
	if (!click_label("Robot workshop in Šiauliai", 2) || !expect("Robots are patient."))
		return;
	mark = vt_mark();
	vt_send(VT_F5);
	if (!expect("Contact Rūta Mockutė"))
		return;
	vt_wait_quiet(150, WAIT);
	full = vt_bytes_since(mark);
	for (i = 0; name[i] != '\0'; i++) {
		one[0] = name[i];
		mark = vt_mark();
		if (!tap(one))
			return;
		vt_wait_quiet(150, WAIT);
		keys += vt_bytes_since(mark);
	}
	CHECK(vt_contains(name));
	t_bench("osk: bytes for one key clicked into a form field (mean of 10)",
		(double)keys / 10, "B", (double)full, "the form drawn whole");
	kiosk_finish();
}

/* The idle reset forgets the visit's touches: the next visitor, typing on a keyboard,
 * gets no on-screen keyboard. */
TEST(osk_idle_reset_forgets_the_touch)
{
	char *conf;

	make_db();
	conf = xasprintf("default_language = en\nlanguages = en lt\nidle_timeout = 2\n"
			 "touch_keyboard = auto\n");
	kiosk_start(conf, ROWS, COLS);
	free(conf);
	if (!touch_to_search() || !CHECK(osk_shown()))
		return;
	if (!CHECK(vt_wait_text("Press any key or touch the screen to start", 15000)))
		return;
	vt_wait_quiet(100, WAIT);
	vt_send("r");
	if (!expect("Robot workshop in Šiauliai"))
		return;
	CHECK(!osk_shown());
	kiosk_finish();
}

/* The nomination form by clicks alone: the municipality picker's filter typed on the
 * keyboard too. */
TEST(osk_nomination_by_clicks_alone)
{
	json_t *j;

	make_db();
	start("auto");
	if (!expect("Press any key or touch the screen to start"))
		return;
	click_at(ROWS - 2, 1);
	if (!click_label("Do you know someone who should be here?", 1) ||
	    !expect("Tell us about someone from your community") || !CHECK(osk_shown()))
		return;
	if (!tap_text("jonas") || !click_label("Municipality", 25) ||
	    !expect("Type a few letters to find it") || !CHECK(osk_shown()))
		return;
	if (!tap_text("siaul") || !click_label("Šiauliai", 1) ||
	    !expect_gone("Type a few letters to find it"))
		return;
	if (!CHECK(osk_shown()) || !tap_text("veda jaunimo būrelį"))
		return;
	if (!click_label("Your first name", 25) || !tap_text("ona"))
		return;
	if (!click_label("18-24", 1) || !click_label("Your e-mail or", 25) ||
	    !tap_text("ona@example.lt") || !tap("Done"))
		return;
	if ((j = send_by_touch()) == NULL)
		return;
	CHECK_STR(kiosk_jstr(j, "kind"), "nomination");
	CHECK_STR(kiosk_jstr(j, "nominee"), "jonas");
	CHECK_STR(kiosk_jstr(j, "nominee_municipality"), "LT-43");
	CHECK_STR(kiosk_jstr(j, "why"), "veda jaunimo būrelį");
	CHECK_STR(kiosk_jstr(j, "name"), "ona");
	CHECK_STR(kiosk_jstr(j, "contact"), "ona@example.lt");
	json_decref(j);
}
