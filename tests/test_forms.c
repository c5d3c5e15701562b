/* The contact and nomination forms, driven in the real kiosk binary at 80x24 through
 * tests/vt.h, on a small catalogue each test builds; what reaches the outbox is read back
 * from the database. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalogue.h"
#include "db.h"
#include "import.h"
#include "kiosk_util.h"
#include "regions.h"
#include "request.h"
#include "t.h"
#include "util.h"
#include "vt.h"

#define WAIT 5000
#define CASE_ID "11111111-2222-4333-8444-555555555555"
#define PARTNER_ID "11111111-2222-4333-8444-aaaaaaaaaaaa"

/* Our own catalogue: a case whose person may be contacted, a partner. */
static void make_db(void)
{
	static const char json[] =
		"{\"cases\": [{\"id\": \"" CASE_ID "\", \"person\": \"Rūta Mockutė\","
		" \"age\": 23, \"municipality\": \"LT-55\", \"area\": \"regional_development\","
		" \"themes\": [\"environment\"], \"title\": \"Beekeeping club in Telšiai\","
		" \"summary\": \"Rūta teaches beekeeping.\", \"story\": \"Bees.\","
		" \"quote\": \"Bees are patient teachers.\", \"path\": [], \"skills\": [],"
		" \"organisation\": \"Bitės\", \"partner_id\": \"\", \"contact_allowed\": true,"
		" \"featured\": false, \"lang\": \"en\","
		" \"updated_at\": \"2026-11-01T10:00:00Z\"}],"
		" \"partners\": [{\"id\": \"" PARTNER_ID "\", \"name\": \"Telšiai youth centre\","
		" \"municipality\": \"LT-55\", \"offers\": [\"volunteering\"],"
		" \"description\": \"Youth centre.\", \"contact_allowed\": true}]}\n";

	sqlite3_close(kiosk_make_db(json));
}

static void start(const char *extra_config)
{
	char *conf = xasprintf("default_language = en\nlanguages = en lt\n"
			       "kiosk_id = telsiai-lib-1\n%s",
			       extra_config != NULL ? extra_config : "");

	kiosk_start(conf, 24, 80);
	free(conf);
}

/* Waits that report a failure at the caller's line (see kiosk_util.h). */
#define expect(text) kiosk_expect((text), 20)
#define to_home() kiosk_to_home(20)

/* Type keys and wait until the kiosk has drawn what they did. */
static void type(const char *keys)
{
	vt_send(keys);
	vt_wait_quiet(20, WAIT);
}

/* A click, then wait for its redraw. */
static void click_at(int row, int col)
{
	vt_send_mouse_click(row, col);
	vt_wait_quiet(50, WAIT);
}

static int to_contact_form(void)
{
	if (!to_home())
		return 0;
	vt_send("beekeep");
	if (!expect("Beekeeping club in Telšiai"))
		return 0;
	vt_send(VT_ENTER);
	if (!expect("Bees are patient teachers."))
		return 0;
	vt_send(VT_F5);
	return expect("Contact Rūta Mockutė");
}

static int to_nomination_form(void)
{
	if (!to_home())
		return 0;
	vt_send("6");
	return expect("Tell us about someone from your community");
}

/* The reference code shown on the confirmation (the row after its label). */
static void shown_code(char out[10])
{
	int row = vt_find("Your reference code:", NULL), r;

	out[0] = '\0';
	for (r = row + 1; row >= 0 && r < row + 4; r++) {
		const char *s = vt_screen_text(r);

		while (*s == ' ')
			s++;
		if (strlen(s) == 9 && s[4] == '-') {
			snprintf(out, 10, "%s", s);
			return;
		}
	}
}

static const char message[] = "Labas! ąčęėįšųūž ĄČĘĖĮŠŲŪŽ „kabutės“";
static const char message2[] = "antra eilutė";

/* Fill the contact form: name, 18-24, a phone as people write it, two lines. */
static void fill_contact(const char *contact)
{
	type("Ąžuolė");
	type(VT_TAB);
	type(VT_RIGHT VT_RIGHT);        /* 14-17, then 18-24 */
	type(VT_TAB);
	type(contact);
	type(VT_TAB);
	type(message);
	type(VT_ENTER);
	type(message2);
}

TEST(forms_contact_submit_stored_exactly)
{
	char *body = NULL, code[10], want_code[10], *want_msg;
	json_t *j;

	make_db();
	start(NULL);
	if (!to_contact_form())
		return;
	fill_contact("8 612 34567");
	CHECK(vt_contains("Ąžuolė"));
	CHECK(vt_contains("49/1000"));
	vt_send(VT_F10);
	if (!expect("Check what will be sent"))
		return;
	/* The review shows exactly what goes: the contact normalised. */
	CHECK(vt_contains("+37061234567"));
	CHECK(vt_contains("Ąžuolė"));
	CHECK(vt_contains("18-24"));
	CHECK(vt_contains(message));
	CHECK(vt_contains(message2));
	CHECK(vt_contains("(version 2026-12)"));
	CHECK_INT(kiosk_outbox_rows(NULL), 0);
	vt_send(" ");
	expect("[x]");
	vt_send(VT_F10);
	if (!expect("Your reference code:"))
		return;
	shown_code(code);
	CHECK_INT(kiosk_outbox_rows(&body), 1);
	j = body ? json_loads(body, 0, NULL) : NULL;
	if (!CHECK(j != NULL))
		return;
	want_msg = xasprintf("%s\n%s", message, message2);
	CHECK_STR(kiosk_jstr(j, "kind"), "contact");
	CHECK_STR(kiosk_jstr(j, "case_id"), CASE_ID);
	CHECK_STR(kiosk_jstr(j, "name"), "Ąžuolė");
	CHECK_STR(kiosk_jstr(j, "age_group"), "18-24");
	CHECK_STR(kiosk_jstr(j, "contact"), "+37061234567");
	CHECK_STR(kiosk_jstr(j, "message"), want_msg);
	CHECK_STR(kiosk_jstr(j, "lang"), "en");
	CHECK_STR(kiosk_jstr(j, "consent_version"), "2026-12");
	CHECK_STR(kiosk_jstr(j, "kiosk_id"), "telsiai-lib-1");
	CHECK(uuid_valid(kiosk_jstr(j, "id")));
	request_ref_code(kiosk_jstr(j, "id"), want_code);
	CHECK_STR(code, want_code);
	/* Byte for byte in the stored body too (JSON escapes only the line break). */
	CHECK(strstr(body, "\"Ąžuolė\"") != NULL);
	CHECK(strstr(body,
		     "ąčęėįšųūž ĄČĘĖĮŠŲŪŽ „kabutės“\\nantra eilutė") != NULL);
	free(want_msg);
	json_decref(j);
	free(body);

	/* Done: home. Back into the form: it is empty, nothing of the last visitor. */
	vt_send(VT_ENTER);
	if (!expect("What would you like to explore?"))
		return;
	vt_send(VT_ESC);
	expect("Press any key or touch the screen to start");
	if (!to_contact_form())
		return;
	CHECK(!vt_contains("Ąžuolė"));
	CHECK(!vt_contains("612"));
	CHECK(!vt_contains("Labas"));
	vt_send(VT_ESC);
	expect("Bees are patient teachers.");
	CHECK(!vt_contains("Ąžuolė"));
	vt_close();
}

TEST(forms_partner_contact)
{
	char *body = NULL;
	json_t *j;

	make_db();
	start(NULL);
	if (!to_home())
		return;
	vt_send("5");
	if (!expect("Telšiai youth centre"))
		return;
	vt_send(VT_ENTER);
	if (!expect("Contact this organisation"))
		return;
	vt_send(VT_F5);
	if (!expect("Contact Telšiai youth centre"))
		return;
	type("Jonas");
	type(VT_TAB VT_RIGHT VT_TAB);
	type("jonas@Example.LT");
	vt_send(VT_F10);
	if (!expect("Check what will be sent"))
		return;
	CHECK(vt_contains("jonas@example.lt"));
	vt_send(" " VT_F10);
	if (!expect("Your reference code:"))
		return;
	CHECK_INT(kiosk_outbox_rows(&body), 1);
	j = body ? json_loads(body, 0, NULL) : NULL;
	if (CHECK(j != NULL)) {
		CHECK_STR(kiosk_jstr(j, "partner_id"), PARTNER_ID);
		CHECK(json_object_get(j, "case_id") == NULL);
		CHECK_STR(kiosk_jstr(j, "contact"), "jonas@example.lt");
		CHECK_STR(kiosk_jstr(j, "age_group"), "14-17");
		CHECK(json_object_get(j, "message") == NULL);
	}
	json_decref(j);
	free(body);
	vt_close();
}

static const char *municipality_code(const char *name)
{
	int i;

	for (i = 0; i < MUNICIPALITY_COUNT; i++) {
		if (strcmp(municipalities[i].name, name) == 0)
			return municipalities[i].code;
	}
	return "?";
}

TEST(forms_nomination_submit)
{
	static const char why[] = "Ji veda jaunimo būrelį ir tvarko upės pakrantes.";
	char *body = NULL;
	json_t *j;

	make_db();
	start(NULL);
	if (!to_nomination_form())
		return;
	type("Žydrūnė Šimkutė");
	type(VT_TAB);
	vt_send(VT_ENTER);
	if (!expect("Type a few letters to find it"))
		return;
	type("siaul");
	CHECK(vt_contains("Šiauliai District"));        /* in the UI language */
	CHECK(!vt_contains("Vilnius"));
	vt_send(VT_ENTER);      /* the first: Šiauliai */
	if (!expect("Šiauliai"))
		return;
	CHECK(!vt_contains("Type a few letters"));
	type(why);              /* the focus moved on to "why" */
	CHECK(vt_contains("/1000"));
	type(VT_TAB "Ona" VT_TAB VT_RIGHT VT_RIGHT VT_RIGHT VT_TAB "ona@example.lt");
	vt_send(VT_F10);
	if (!expect("Check what will be sent"))
		return;
	CHECK(vt_contains("Žydrūnė Šimkutė"));
	CHECK(vt_contains(why));
	vt_send(" ");
	expect("[x]");
	vt_send(VT_F10);
	if (!expect("Your reference code:"))
		return;
	CHECK(vt_contains("Nomination sent"));
	CHECK_INT(kiosk_outbox_rows(&body), 1);
	j = body ? json_loads(body, 0, NULL) : NULL;
	if (CHECK(j != NULL)) {
		CHECK_STR(kiosk_jstr(j, "kind"), "nomination");
		CHECK_STR(kiosk_jstr(j, "nominee"), "Žydrūnė Šimkutė");
		CHECK_STR(kiosk_jstr(j, "nominee_municipality"), municipality_code("Šiauliai"));
		CHECK_STR(kiosk_jstr(j, "why"), why);
		CHECK_STR(kiosk_jstr(j, "name"), "Ona");
		CHECK_STR(kiosk_jstr(j, "age_group"), "25-29");
		CHECK_STR(kiosk_jstr(j, "contact"), "ona@example.lt");
		CHECK_STR(kiosk_jstr(j, "consent_version"), "2026-12");
		CHECK_STR(kiosk_jstr(j, "kiosk_id"), "telsiai-lib-1");
	}
	json_decref(j);
	free(body);
	vt_close();
}

TEST(forms_wrong_email_and_phone_show_errors)
{
	static const char bad[] = "This does not look like an e-mail address or a phone number";

	make_db();
	start(NULL);
	if (!to_contact_form())
		return;
	/* Sending an empty form: each required field says what it needs. */
	vt_send(VT_F10);
	if (!expect("Please enter your first name"))
		return;
	CHECK(vt_contains("Please choose your age group"));
	CHECK(vt_contains("Please enter an e-mail address or a phone number"));
	CHECK(!vt_contains("Check what will be sent"));
	/* A wrong e-mail: the error shows next to the field once the visitor moves on. */
	type("Jonas" VT_TAB VT_RIGHT VT_TAB "jonas@example" VT_TAB);
	expect(bad);
	CHECK(!vt_contains("Please enter your first name"));
	vt_send(VT_F10);
	expect("Please check the fields marked in red");
	CHECK(!vt_contains("Check what will be sent"));
	/* The focus is back on the contact: a phone number that is too short. */
	type("\025" "12345");
	vt_send(VT_F10);
	expect("Please check the fields marked in red");
	CHECK(vt_contains(bad));
	CHECK(!vt_contains("Check what will be sent"));
	/* Mended: the error goes as it is typed. */
	type("\025" "+370 612 34567");
	CHECK(!vt_contains(bad));
	vt_send(VT_F10);
	if (!expect("Check what will be sent"))
		return;
	CHECK(vt_contains("+37061234567"));
	/* Back to change it, then leave: nothing was sent. */
	vt_send(VT_ESC);
	expect("Contact Rūta Mockutė");
	CHECK(vt_contains("Jonas"));
	vt_send(VT_ESC);
	expect("Bees are patient teachers.");
	CHECK_INT(kiosk_outbox_rows(NULL), 0);
	vt_close();
}

TEST(forms_under_14_is_stopped)
{
	make_db();
	start(NULL);
	if (!to_contact_form())
		return;
	type("Mažvydas" VT_TAB);
	type(VT_RIGHT VT_RIGHT VT_RIGHT VT_RIGHT VT_RIGHT);     /* the fifth: under 14 */
	if (!expect("Please ask for help"))
		return;
	CHECK(vt_contains("ask a librarian or a parent"));
	/* The other fields wait: sending is not possible. */
	CHECK(!vt_contains("E-mail or phone"));
	vt_send(VT_F10);
	expect("cannot send this alone");
	CHECK(!vt_contains("Check what will be sent"));
	vt_send(VT_ENTER);
	vt_wait_quiet(50, WAIT);
	CHECK(!vt_contains("Check what will be sent"));
	CHECK_INT(kiosk_outbox_rows(NULL), 0);
	/* Chosen by mistake: another age group brings the form back. */
	type(VT_LEFT);
	expect("E-mail or phone");
	CHECK(!vt_contains("Please ask for help"));
	vt_close();
}

TEST(forms_no_consent_no_submit)
{
	make_db();
	start(NULL);
	if (!to_contact_form())
		return;
	fill_contact("petras@example.lt");
	vt_send(VT_F10);
	if (!expect("Check what will be sent"))
		return;
	CHECK(vt_contains("[ ]"));
	vt_send(VT_F10);
	expect("Please tick the box to agree before sending.");
	CHECK(!vt_contains("Your reference code"));
	CHECK_INT(kiosk_outbox_rows(NULL), 0);
	/* Ticked and unticked again: still no. */
	type(" ");
	type(" ");
	vt_send(VT_F10);
	expect("Please tick the box to agree before sending.");
	CHECK_INT(kiosk_outbox_rows(NULL), 0);
	/* A click on the box ticks it. */
	{
		int c, r = vt_find("[ ]", &c);

		if (CHECK(r >= 0))
			click_at(r, c + 1);
	}
	expect("[x]");
	vt_send(VT_F10);
	expect("Your reference code:");
	CHECK_INT(kiosk_outbox_rows(NULL), 1);
	vt_close();
}

TEST(forms_utf8_editing_and_limits)
{
	struct buf paste = {0};
	int i;

	make_db();
	start(NULL);
	if (!to_contact_form())
		return;
	type("ąčęėįšųūž");
	expect("9/60");
	type(VT_LEFT VT_LEFT VT_BACKSPACE);     /* removes ų, a character, not a byte */
	expect("ąčęėįšūž");
	type("\033[3~");                        /* Delete: ū goes */
	expect("ąčęėįšž");
	type(VT_HOME_KEY "Ž");
	expect("Žąčęėįšž");
	CHECK(vt_contains("8/60"));
	/* A paste longer than the limit stops at it. */
	type("\025");
	for (i = 0; i < 70; i++)
		buf_adds(&paste, i % 2 ? "š" : "a");
	type(paste.s);
	expect("60/60");
	buf_free(&paste);
	/* The message: 1000 characters at most, shown as it is typed. */
	type(VT_TAB VT_TAB VT_TAB);
	/* Rows of the message: Enter breaks the line, Up and Down move between rows. */
	type("abc" VT_ENTER "dėf" VT_UP VT_HOME_KEY "X" VT_DOWN VT_END_KEY "Y");
	expect("Xabc");
	CHECK(vt_contains("dėfY"));
	CHECK(vt_contains("9/1000"));     /* the line break counts */
	type("\025");
	for (i = 0; i < 1010; i++)
		buf_adds(&paste, i % 10 == 9 ? " " : "ė");
	type(paste.s);
	expect("1000/1000");
	buf_free(&paste);
	vt_close();
}

/* The idle timeout in the middle of the form wipes it: the next visitor sees an empty
 * form, and nothing was stored. */
TEST(forms_idle_timeout_wipes_the_form)
{
	make_db();
	start("idle_timeout = 2\n");
	if (!to_nomination_form())
		return;
	type("Slaptas Žmogus" VT_TAB VT_TAB "Jis slapta padeda kaimynams");
	CHECK(vt_contains("Slaptas Žmogus"));
	if (!expect("Are you still there?"))
		return;
	if (!expect("Press any key or touch the screen to start"))
		return;
	CHECK(!vt_contains("Slaptas"));
	vt_send(" ");
	if (!expect("What would you like to explore?"))
		return;
	/* Back does not bring it back either. */
	vt_send(VT_ESC);
	expect("Press any key or touch the screen to start");
	if (!to_nomination_form())
		return;
	CHECK(!vt_contains("Slaptas"));
	CHECK(!vt_contains("kaimynams"));
	CHECK(vt_contains("0/1000") || !vt_contains("/1000"));
	CHECK_INT(kiosk_outbox_rows(NULL), 0);
	vt_close();
}

/* SIGKILL right after the confirmation appears: the request is in the outbox. */
TEST(forms_sigkill_after_confirmation_keeps_request)
{
	char code[10], want[10];
	int round;

	make_db();
	for (round = 0; round < 20; round++) {
		char *body = NULL;
		json_t *j;

		start(NULL);
		if (!to_nomination_form())
			return;
		vt_send("Vardenis" VT_TAB VT_ENTER);
		if (!expect("Type a few letters"))
			return;
		vt_send("telsi" VT_ENTER "Padeda" VT_TAB "Ieva" VT_TAB VT_RIGHT VT_TAB
			"8 612 34567" VT_F10);
		if (!expect("Check what will be sent"))
			return;
		vt_send(" " VT_F10);
		if (!vt_wait_text("Your reference code:", WAIT)) {
			vt_dump();
			CHECK(0);
			return;
		}
		shown_code(code);       /* from the screen model; the kill comes at once */
		vt_kill(SIGKILL);
		CHECK_INT(vt_wait_exit(WAIT), -1);
		vt_close();
		CHECK_INT(kiosk_outbox_rows(&body), round + 1);
		j = body ? json_loads(body, 0, NULL) : NULL;
		if (!CHECK(j != NULL))
			return;
		/* The code on the screen (when it was drawn in the same frame) is this one. */
		request_ref_code(kiosk_jstr(j, "id"), want);
		if (code[0] != '\0')
			CHECK_STR(code, want);
		CHECK_STR(kiosk_jstr(j, "nominee"), "Vardenis");
		json_decref(j);
		free(body);
	}
}

/* SIGKILL while typing, and on the review before sending: nothing partial is stored. */
TEST(forms_sigkill_while_typing_stores_nothing)
{
	char *err = NULL;
	sqlite3 *db;

	make_db();
	start(NULL);
	if (!to_contact_form())
		return;
	type("Greta" VT_TAB VT_RIGHT VT_TAB "greta@exa");
	vt_kill(SIGKILL);
	vt_wait_exit(WAIT);
	vt_close();
	CHECK_INT(kiosk_outbox_rows(NULL), 0);

	start(NULL);
	if (!to_contact_form())
		return;
	fill_contact("greta@example.lt");
	vt_send(VT_F10);
	if (!expect("Check what will be sent"))
		return;
	type(" ");
	vt_kill(SIGKILL);
	vt_wait_exit(WAIT);
	vt_close();
	CHECK_INT(kiosk_outbox_rows(NULL), 0);
	db = db_open_kiosk(t_path(0, "k.db"), &err);
	if (CHECK(db != NULL)) {
		sqlite3_stmt *st = db_prepare(db, "PRAGMA integrity_check", &err);

		CHECK(sqlite3_step(st) == SQLITE_ROW);
		CHECK_STR((const char *)sqlite3_column_text(st, 0), "ok");
		sqlite3_finalize(st);
		sqlite3_close(db);
	}
}

/* Touch: a click on a field gives it the focus, a click on a choice chooses it. */
TEST(forms_mouse_and_language_switch)
{
	char *body = NULL;
	json_t *j;
	int r, c;

	make_db();
	start(NULL);
	if (!to_contact_form())
		return;
	r = vt_find("E-mail or phone", &c);
	if (!CHECK(r >= 0))
		return;
	click_at(r, c + 22);
	type("+44 20 7946 0958");
	r = vt_find("25-29", &c);
	if (!CHECK(r >= 0))
		return;
	click_at(r, c);
	expect("(\xe2\x80\xa2) 25-29");
	r = vt_find("Your first name", &c);
	click_at(r, c + 22);
	type("Marija");
	/* The language changes at any key; what was typed stays, letters stay letters. */
	vt_send(VT_F2);
	expect("Tavo vardas");          /* lt.po: "Your first name" */
	CHECK(vt_contains("Marija"));
	CHECK(vt_contains("+44 20 7946 0958"));
	/* A problem is told in the visitor's language, next to its field. */
	type("\025");
	vt_send(VT_F10);
	expect("Įrašyk savo vardą");    /* lt.po: "Please enter your first name" */
	vt_send(VT_F2);
	if (!expect("Please enter your first name"))
		return;
	type("Marija");
	type("?/1");
	CHECK(vt_contains("Marija?/1") || vt_contains("Please use only letters"));
	type(VT_BACKSPACE VT_BACKSPACE VT_BACKSPACE);
	vt_send(VT_F10);
	if (!expect("Check what will be sent"))
		return;
	CHECK(vt_contains("+442079460958"));
	r = vt_find("I have read the text above", &c);
	click_at(r, c);
	expect("[x]");
	/* The key bar's Send button, first on the bottom row. */
	CHECK(strncmp(vt_screen_text(23), " F10  Send", 10) == 0);
	click_at(23, 2);
	if (!expect("Your reference code:"))
		return;
	CHECK_INT(kiosk_outbox_rows(&body), 1);
	j = body ? json_loads(body, 0, NULL) : NULL;
	if (CHECK(j != NULL)) {
		CHECK_STR(kiosk_jstr(j, "name"), "Marija");
		CHECK_STR(kiosk_jstr(j, "age_group"), "25-29");
		CHECK_STR(kiosk_jstr(j, "contact"), "+442079460958");
	}
	json_decref(j);
	free(body);
	vt_close();
}

TEST(forms_nomination_under_14_is_stopped)
{
	make_db();
	start(NULL);
	if (!to_nomination_form())
		return;
	type("Petras" VT_TAB VT_TAB VT_TAB "Lukas" VT_TAB);
	type(VT_LEFT);          /* nothing chosen yet: Left stays at the first */
	type(VT_RIGHT VT_RIGHT VT_RIGHT VT_RIGHT VT_RIGHT);
	if (!expect("Please ask for help"))
		return;
	CHECK(!vt_contains("Their name"));
	vt_send(VT_F10);
	expect("cannot send this alone");
	CHECK(!vt_contains("Check what will be sent"));
	CHECK_INT(kiosk_outbox_rows(NULL), 0);
	vt_close();
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The submit key to the confirmation on the screen, end to end through the pty: an upper
 * bound of the submit-to-durable time (the confirmation is drawn only after the commit).
 * Beside it: a plain SQLite INSERT of a request row with synchronous=FULL, same run. */
TEST(bench_outbox_tui_submit_to_confirmation)
{
	enum { ROUNDS = 100 };
	double tui[ROUNDS], raw[ROUNDS];
	char *err = NULL, id[37];
	sqlite3 *rdb;
	sqlite3_stmt *ins;
	int i;

	make_db();
	rdb = db_open_kiosk(t_path(3, "raw.db"), &err);
	if (rdb == NULL)
		t_fail("db_open: %s", err);
	ins = db_prepare(rdb, "INSERT INTO outbox(id, kind, body, created_at) VALUES(?1, "
			 "'contact', ?2, '2026-11-30T10:00:00Z')", &err);
	start(NULL);
	if (!to_contact_form())
		return;
	for (i = 0; i < ROUNDS; i++) {
		int64_t t0;

		fill_contact("8 612 34567");
		vt_send(VT_F10);
		if (!expect("Check what will be sent"))
			return;
		type(" ");
		t0 = now_us_monotonic();
		vt_send(VT_F10);
		if (!vt_wait_text("Your reference code:", WAIT)) {
			CHECK(0);
			return;
		}
		tui[i] = (double)(now_us_monotonic() - t0) / 1000.0;
		vt_wait_quiet(10, WAIT);

		uuid_make(id);
		t0 = now_us_monotonic();
		db_bind_text(ins, 1, id);
		db_bind_text(ins, 2, "{\"kind\":\"contact\",\"name\":\"Ąžuolė\",\"message\":"
			     "\"Labas! ąčęėįšųūž ĄČĘĖĮŠŲŪŽ „kabutės“\\nantra eilutė\"}");
		CHECK(sqlite3_step(ins) == SQLITE_DONE);
		sqlite3_reset(ins);
		raw[i] = (double)(now_us_monotonic() - t0) / 1000.0;

		/* The next visitor: back to the form from home. */
		vt_send(VT_ENTER);
		if (!expect("What would you like to explore?"))
			return;
		vt_send("beekeep");
		if (!expect("Beekeeping club in Telšiai"))
			return;
		vt_send(VT_ENTER);
		if (!expect("Bees are patient teachers."))
			return;
		vt_send(VT_F5);
		if (!expect("Contact Rūta Mockutė"))
			return;
	}
	CHECK_INT(kiosk_outbox_rows(NULL), ROUNDS);
	qsort(tui, ROUNDS, sizeof tui[0], cmp_double);
	qsort(raw, ROUNDS, sizeof raw[0], cmp_double);
	t_bench("F10 to confirmation shown, median", (tui[49] + tui[50]) / 2, "ms",
		(raw[49] + raw[50]) / 2, "INSERT sync=FULL");
	t_bench("F10 to confirmation shown, p99", tui[98], "ms", raw[98], "INSERT sync=FULL");
	sqlite3_finalize(ins);
	sqlite3_close(rdb);
	vt_close();
}

static void exec_sql(const char *sql)
{
	char *err = NULL;
	sqlite3 *db = db_open_kiosk(t_path(0, "k.db"), &err);

	if (db == NULL || db_exec(db, sql, &err) < 0)
		t_fail("sql: %s", err);
	sqlite3_close(db);
}

/* When the outbox cannot take the request, no confirmation: the visitor is told, and
 * what was typed stays for another try. */
TEST(forms_save_failure_shows_no_confirmation)
{
	make_db();
	exec_sql("CREATE TRIGGER refuse BEFORE INSERT ON outbox "
		 "BEGIN SELECT RAISE(ABORT, 'disk full'); END");
	start(NULL);
	if (!to_contact_form())
		return;
	fill_contact("+370 612 34567");
	vt_send(VT_F10);
	if (!expect("Check what will be sent"))
		return;
	vt_send(" " VT_F10);
	if (!expect("could not be saved"))
		return;
	CHECK(!vt_contains("Your reference code"));
	CHECK_INT(kiosk_outbox_rows(NULL), 0);
	exec_sql("DROP TRIGGER refuse");
	vt_send(VT_ENTER);
	if (!expect("Check what will be sent"))
		return;
	CHECK(vt_contains("Ąžuolė"));
	vt_send(VT_F10);
	expect("Your reference code:");
	CHECK_INT(kiosk_outbox_rows(NULL), 1);
	vt_close();
}

/* A vt100 has no F5 nor F10: the contact link of the case, the form's Review button and
 * the review's Send button are reached with Tab and pressed with Enter, so a request can
 * be made with only Tab, Enter, letters, Space and arrows. */
TEST(forms_vt100_contact_without_function_keys)
{
	char *body = NULL;

	make_db();
	vt_env("TERM", "vt100");
	start(NULL);
	if (!to_home())
		return;
	vt_send("beekeep");
	if (!expect("Beekeeping club in Telšiai"))
		return;
	vt_send(VT_ENTER);
	if (!expect("Contact this person"))
		return;
	type(VT_TAB);                   /* the first link: contact */
	vt_send(VT_ENTER);
	if (!expect("Contact Rūta Mockutė"))
		return;
	CHECK(vt_contains("[ Review ]"));
	type("Ona");
	type(VT_TAB);
	type(" " " ");                  /* Space: 14-17, then 18-24 */
	type(VT_TAB);
	type("ona@example.lt");
	type(VT_TAB);
	type("Labas");
	type(VT_TAB);                   /* the reply language: as it is */
	type(VT_RIGHT VT_LEFT);
	type(VT_TAB);                   /* the Review button */
	vt_send(VT_ENTER);
	if (!expect("Check what will be sent"))
		return;
	CHECK(vt_contains("[ Send ]"));
	type(" ");                      /* agree */
	if (!expect("[x]"))
		return;
	type(VT_TAB);                   /* the Send button */
	vt_send(VT_ENTER);
	if (!expect("Your reference code:"))
		return;
	CHECK_INT(kiosk_outbox_rows(&body), 1);
	CHECK(body != NULL && strstr(body, "ona@example.lt") != NULL);
	CHECK(body != NULL && strstr(body, "\"18-24\"") != NULL);
	free(body);
	vt_close();
}

/* The Review and Send buttons take a touch as well. */
TEST(forms_buttons_clickable)
{
	int r, c;

	make_db();
	start(NULL);
	if (!to_contact_form())
		return;
	fill_contact("ona@example.lt");
	r = vt_find("[ Review ]", &c);
	if (!CHECK(r >= 0))
		return;
	click_at(r, c + 2);
	if (!expect("Check what will be sent"))
		return;
	type(" ");
	if (!expect("[x]"))
		return;
	r = vt_find("[ Send ]", &c);
	if (!CHECK(r >= 0))
		return;
	click_at(r, c + 2);
	if (!expect("Your reference code:"))
		return;
	CHECK_INT(kiosk_outbox_rows(NULL), 1);
	vt_close();
}

/* ---- consent, under 14, and texts that fit (in every language) ---- */

#define CONTROLLER "Šiaulių jaunimo centras, info@sjc.lt"
#define VT_BTAB "\033[Z"

/* The four UI languages in the order F2 goes through them from English, with words
 * each one's consent must hold. */
static const struct {
	const char *lang, *inspectorate, *take_back;
} consent_words[] = {
	{"en", "State Data Protection Inspectorate", "To take back your consent"},
	{"lt", "Valstybinei duomenų apsaugos inspekcijai", "Jei nori atšaukti sutikimą"},
	{"ru", "Государственную инспекцию по защите данных", "Чтобы отозвать согласие"},
	{"pl", "Państwowej Inspekcji Ochrony Danych", "Aby wycofać zgodę"},
};
#define NLANGS ((int)(sizeof consent_words / sizeof consent_words[0]))

static void start_all_languages(const char *extra_config)
{
	char *conf = xasprintf("languages = en lt ru pl\n%s",
			       extra_config != NULL ? extra_config : "");

	start(conf);
	free(conf);
}

/* No text on the screen is cut (the municipality field's "Choose…" placeholder aside),
 * and the key bar offers F2 (tests/kiosk_util.h). */
#define check_uncut(where) kiosk_check_uncut((where), kiosk_ellipsis_placeholder)

/* The check step's scrolled view, page by page from the top, its rows joined with single
 * spaces (so a phrase wrapped over two rows is found whole); each page is checked for
 * cut text. The caller frees the result. */
static char *check_view_text(const char *where)
{
	struct buf b = {0};
	int page, r;

	type(VT_HOME_KEY);
	for (page = 0; page < 10; page++) {
		check_uncut(where);
		for (r = 3; r <= 18; r++) {
			const char *row = vt_screen_text(r);

			while (*row == ' ')
				row++;
			if (*row != '\0') {
				buf_adds(&b, row);
				buf_adds(&b, " ");
			}
		}
		if (strstr(vt_screen_text(19), "▼") == NULL)
			break;
		type(VT_PGDN);
	}
	buf_adds(&b, "");
	return buf_take(&b);
}

/* On the check step: agree and send, then wait for the confirmation (the check step's
 * heading with the consent version goes). */
static int send_checked_at(const char *file, int line)
{
	type(VT_HOME_KEY " ");
	vt_send(VT_F10);
	return kiosk_expect_gone_at(file, line, "2026-12", 20);
}
#define send_checked() send_checked_at(__FILE__, __LINE__)

/* The consent names who holds the data (data_controller), how to take the consent back
 * and where to complain, in each language; and the request keeps the new version. */
TEST(forms_consent_names_controller_in_every_language)
{
	int k, j;

	make_db();
	for (k = 0; k < NLANGS; k++) {
		char *view, *body = NULL;

		start_all_languages("data_controller = " CONTROLLER "\n");
		if (!to_contact_form())
			return;
		for (j = 0; j < k; j++)
			type(VT_F2);
		fill_contact("ona@example.lt");
		vt_send(VT_F10);
		if (!expect("2026-12"))
			return;
		view = check_view_text(consent_words[k].lang);
		if (!CHECK(strstr(view, CONTROLLER) != NULL) ||
		    !CHECK(strstr(view, consent_words[k].inspectorate) != NULL) ||
		    !CHECK(strstr(view, "(VDAI, vdai.lrv.lt)") != NULL) ||
		    !CHECK(strstr(view, consent_words[k].take_back) != NULL))
			fprintf(stderr, "  %s: %s\n", consent_words[k].lang, view);
		free(view);
		send_checked();
		CHECK_INT(kiosk_outbox_rows(&body), k + 1);
		/* The confirmation says where the code goes, whole. */
		CHECK(vt_contains("info@sjc.lt"));
		check_uncut(consent_words[k].lang);
		CHECK(body != NULL && strstr(body, "\"consent_version\":\"2026-12\"") != NULL);
		free(body);
		vt_close();
	}
}

/* Without data_controller the consent names the kiosk's centre and sends the visitor to
 * a librarian; no address is made up. */
TEST(forms_consent_without_controller_names_centre)
{
	char *view;

	make_db();
	start("centre_name = Telšių jaunimo namai\n");
	if (!to_contact_form())
		return;
	fill_contact("ona@example.lt");
	vt_send(VT_F10);
	if (!expect("Check what will be sent"))
		return;
	view = check_view_text("en, no data_controller");
	CHECK(strstr(view, "Who looks after your details: Telšių jaunimo namai, the centre "
		      "that runs this kiosk. A librarian can tell you how to reach them.") != NULL);
	CHECK(strstr(view, "show a librarian the reference code") != NULL);
	CHECK(strstr(view, "that address") == NULL);
	CHECK(strstr(view, "@") == NULL || strstr(view, "ona@example.lt") != NULL);
	CHECK(strstr(view, "(VDAI, vdai.lrv.lt)") != NULL);
	free(view);
	vt_send(VT_F2);         /* Lithuanian */
	if (!expect("[ Siųsti ]"))
		return;
	view = check_view_text("lt, no data_controller");
	CHECK(strstr(view, "Už tavo duomenis atsako Telšių jaunimo namai") != NULL);
	CHECK(strstr(view, "Valstybinei duomenų apsaugos inspekcijai") != NULL);
	free(view);
	vt_close();
}

/* The key bar (the bottom row) offers F10. */
static int keybar_has_f10(void)
{
	return strstr(vt_screen_text(23), "F10") != NULL;
}

/* Choosing "under 14" wipes what was typed at once: it is gone from the screen, F10 is
 * not offered, and another age group brings back empty fields, not the old ones. */
TEST(forms_under_14_wipes_what_was_typed)
{
	make_db();
	start(NULL);
	if (!to_contact_form())
		return;
	type("Mažvydas" VT_TAB VT_RIGHT VT_RIGHT VT_TAB "mazvydas@example.lt" VT_TAB);
	type("Slaptas laiškas");
	CHECK(vt_contains("Mažvydas"));
	CHECK(keybar_has_f10());
	type(VT_BTAB VT_BTAB);                  /* back to the age group: 18-24 */
	type(VT_RIGHT VT_RIGHT VT_RIGHT);       /* 25-29, 30+, under 14 */
	if (!expect("Please ask for help"))
		return;
	CHECK(!vt_contains("Mažvydas"));
	CHECK(!vt_contains("mazvydas"));
	CHECK(!vt_contains("Slaptas"));
	CHECK(!keybar_has_f10());
	CHECK(!vt_contains("[ Review ]"));
	check_uncut("under 14");
	vt_send(VT_F10);
	expect("cannot send this alone");
	CHECK(!keybar_has_f10());
	CHECK(!vt_contains("Check what will be sent"));
	/* 30+, then 18-24 again: the form is back, empty. */
	type(VT_LEFT);
	if (!expect("E-mail or phone"))
		return;
	CHECK(keybar_has_f10());
	type(VT_LEFT VT_LEFT);
	expect("(\xe2\x80\xa2) 18-24");
	CHECK(!vt_contains("Mažvydas"));
	CHECK(!vt_contains("mazvydas"));
	CHECK(!vt_contains("Slaptas"));
	/* Not only hidden: the fields are empty. */
	vt_send(VT_F10);
	expect("Please enter your first name");
	CHECK(vt_contains("Please enter an e-mail address or a phone number"));
	CHECK_INT(kiosk_outbox_rows(NULL), 0);
	vt_close();
}

/* The same on the nomination form, by touch: the nominee, the municipality, the story
 * and the visitor's own fields all go. */
TEST(forms_nomination_under_14_wipes_by_touch)
{
	int r, c;

	make_db();
	start(NULL);
	if (!to_nomination_form())
		return;
	type("Petras Petraitis" VT_TAB);
	vt_send(VT_ENTER);
	if (!expect("Type a few letters to find it"))
		return;
	type("telsi");
	vt_send(VT_ENTER);
	if (!expect("Telšiai"))
		return;
	type("Veda būrelį" VT_TAB "Lukas" VT_TAB);
	r = vt_find("under 14", &c);
	if (!CHECK(r >= 0))
		return;
	click_at(r, c);
	if (!expect("Please ask for help"))
		return;
	CHECK(!vt_contains("Petras"));
	CHECK(!vt_contains("Telšiai"));
	CHECK(!vt_contains("būrelį"));
	CHECK(!vt_contains("Lukas"));
	CHECK(!keybar_has_f10());
	r = vt_find("18-24", &c);
	if (!CHECK(r >= 0))
		return;
	click_at(r, c);
	if (!expect("Their name"))
		return;
	CHECK(keybar_has_f10());
	CHECK(vt_contains("Choose…"));
	CHECK(!vt_contains("Petras"));
	CHECK(!vt_contains("Telšiai"));
	CHECK(!vt_contains("būrelį"));
	CHECK(!vt_contains("Lukas"));
	vt_close();
}

/* The contact form at 80x24 in language k: every step and message, uncut. */
static void walk_contact(int k)
{
	const char *l = consent_words[k].lang;
	char where[64];
	int j;

	start_all_languages("data_controller = " CONTROLLER "\n");
	if (!to_contact_form())
		return;
	for (j = 0; j < k; j++)
		type(VT_F2);
	snprintf(where, sizeof where, "%s: contact form", l);
	check_uncut(where);
	type(VT_F10);                   /* every field says what it needs */
	snprintf(where, sizeof where, "%s: contact form, empty", l);
	check_uncut(where);
	type("Ona" VT_TAB VT_RIGHT VT_TAB "ona@example" VT_TAB);
	snprintf(where, sizeof where, "%s: contact form, bad e-mail", l);
	check_uncut(where);
	type(VT_BTAB VT_BTAB VT_RIGHT VT_RIGHT VT_RIGHT VT_RIGHT);      /* under 14 */
	snprintf(where, sizeof where, "%s: under 14", l);
	check_uncut(where);
	type(VT_F10);
	snprintf(where, sizeof where, "%s: under 14, F10", l);
	check_uncut(where);
	type(VT_LEFT VT_LEFT VT_LEFT VT_BTAB "Ona" VT_TAB VT_TAB "ona@example.lt" VT_TAB);
	type("Labas");
	snprintf(where, sizeof where, "%s: contact form, filled", l);
	check_uncut(where);
	type(VT_F10);
	snprintf(where, sizeof where, "%s: contact check step", l);
	free(check_view_text(where));
	type(VT_F10);                   /* without consent */
	check_uncut(where);
	snprintf(where, sizeof where, "%s: confirmation", l);
	if (send_checked())
		check_uncut(where);
	vt_close();
}

/* The nomination form at 80x24 in language k: each step, the picker, under 14, the
 * check step and the confirmation, uncut. */
static void walk_nomination(int k)
{
	const char *l = consent_words[k].lang;
	char where[64];
	int j, before = kiosk_outbox_rows(NULL);

	start_all_languages(NULL);
	if (!to_nomination_form())
		return;
	for (j = 0; j < k; j++)
		type(VT_F2);
	snprintf(where, sizeof where, "%s: nomination form", l);
	check_uncut(where);
	type(VT_F10);                   /* the focus goes to the first field */
	snprintf(where, sizeof where, "%s: nomination form, empty", l);
	check_uncut(where);
	type("Žydrūnė" VT_TAB);
	snprintf(where, sizeof where, "%s: nomination, municipality", l);
	check_uncut(where);
	type(VT_ENTER);
	snprintf(where, sizeof where, "%s: municipality picker", l);
	check_uncut(where);
	type("telsi" VT_ENTER);
	type("Veda būrelį" VT_TAB "Ona" VT_TAB VT_RIGHT VT_RIGHT VT_RIGHT VT_RIGHT VT_RIGHT);
	snprintf(where, sizeof where, "%s: nomination, under 14", l);
	check_uncut(where);
	type(VT_LEFT VT_LEFT VT_LEFT VT_LEFT);
	type(VT_BTAB VT_BTAB VT_BTAB VT_BTAB "Žydrūnė" VT_TAB VT_ENTER "telsi" VT_ENTER);
	type("Veda būrelį" VT_TAB "Ona" VT_TAB VT_TAB "ona@example.lt");
	snprintf(where, sizeof where, "%s: nomination, filled", l);
	check_uncut(where);
	type(VT_F10);
	snprintf(where, sizeof where, "%s: nomination check step", l);
	free(check_view_text(where));
	snprintf(where, sizeof where, "%s: nomination confirmation", l);
	if (send_checked() && CHECK_INT(kiosk_outbox_rows(NULL), before + 1))
		check_uncut(where);
	vt_close();
}

TEST(forms_texts_fit_80x24_in_every_language)
{
	int k;

	make_db();
	for (k = 0; k < NLANGS; k++) {
		walk_contact(k);
		walk_nomination(k);
	}
}
