/* TUI tests of the admin screens: the real kiosk binary in a pty (tests/vt.h) with a
 * config whose admin_pin_hash is made here with crypt(3). */
#define _GNU_SOURCE
#include <crypt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "kiosk_util.h"
#include "outbox.h"
#include "request.h"
#include "t.h"
#include "util.h"
#include "vt.h"

#define WAIT 5000
#define VT_F12 "\033[24~"
#define PIN "2468"
#define ATTRACT "Career paths close to home"

/* The kiosk database with `waiting` requests in the outbox and one the hub refused. */
static void make_db(int waiting)
{
	char *err = NULL;
	sqlite3 *db = kiosk_db_open_seeded();
	struct request r;
	int i;

	for (i = 0; i <= waiting; i++) {
		kiosk_contact_request(&r, "test-kiosk", "Visitorname", xstrdup("+37061234567"),
				      "Secret message text", "en");
		if (outbox_add(db, &r, &err) < 0)
			t_fail("outbox_add: %s", err);
		if (i == waiting && outbox_mark_rejected(db, r.id, "case_id: no such case here",
							 &err) < 0)
			t_fail("outbox_mark_rejected: %s", err);
		outbox_request_wipe(&r);
	}
	sqlite3_close(db);
}

static void start(const char *extra)
{
	const char *h = crypt(PIN, "$6$rounds=1000$adminTuiSalt$");
	char *conf;

	if (h == NULL || h[0] != '$')
		t_fail("crypt cannot make a $6$ hash");
	conf = xasprintf("default_language = en\nlanguages = en lt\ncentre_name = Test "
			 "library\nkiosk_id = test-kiosk\nadmin_pin_hash = %s\n%s", h,
			 extra != NULL ? extra : "");
	kiosk_start(conf, 24, 80);
	free(conf);
}

/* A wait that reports a failure at the caller's line (see kiosk_util.h). */
#define expect(text) expect_at(__FILE__, __LINE__, (text))

static int expect_at(const char *file, int line, const char *text)
{
	if (!kiosk_expect_at(file, line, text, 50))
		return 0;
	if (getenv("VITRINA_TEST_DUMP") != NULL)
		vt_dump();      /* to look at the screens while changing them */
	return 1;
}

/* End the program as systemd would: it exits 0 (under ASan also without leaks). */
#define finish() kiosk_finish()

/* One press of the admin key on the attract screen opens the PIN entry (the attract
 * screen passes the admin key on instead of taking it as "start"). */
static int open_pin_entry(void)
{
	if (!expect(ATTRACT))
		return 0;
	vt_send(VT_F12);
	return expect("Librarian PIN");
}

TEST(admin_tui_pin_opens_status_and_esc_leaves)
{
	make_db(3);
	start(NULL);
	if (!open_pin_entry())
		return;
	vt_send(PIN);
	expect("\xe2\x97\x8f\xe2\x97\x8f\xe2\x97\x8f\xe2\x97\x8f");
	CHECK(!vt_contains(PIN));               /* the PIN itself is never shown */
	vt_send(VT_ENTER);
	if (!expect("Admin: status"))
		return;
	CHECK(expect("3 requests waiting to be sent"));
	CHECK(expect("1 request refused by the hub"));
	CHECK(vt_contains("Test library"));
	CHECK(!vt_contains("Visitorname"));
	/* The log of refused requests, with the hub's reason. */
	vt_send(VT_DOWN VT_ENTER);
	if (expect("Admin: refused requests"))
		CHECK(expect("case_id: no such case here"));
	CHECK(!vt_contains("Secret message") && !vt_contains("+3706"));
	vt_send(VT_ENTER);
	CHECK(expect("Reference code:"));
	vt_send(VT_ESC);
	CHECK(vt_wait_gone("Reference code:", WAIT));
	vt_send(VT_ESC);
	expect("Admin: status");
	/* Esc leaves admin, back to the attract screen. */
	vt_send(VT_ESC);
	CHECK(expect(ATTRACT));
	CHECK(!vt_contains("Admin"));
	/* And one press of the admin key asks for the PIN again. */
	vt_send(VT_F12);
	CHECK(expect("Librarian PIN"));
	finish();
}

TEST(admin_tui_five_wrong_pins_lock)
{
	int i;

	make_db(0);
	start(NULL);
	if (!open_pin_entry())
		return;
	for (i = 1; i < 5; i++) {
		char want[64];

		snprintf(want, sizeof want, "%d more tr", 5 - i);
		vt_send("1111" VT_ENTER);
		if (!expect(want))
			return;
	}
	vt_send("1111" VT_ENTER);
	if (!expect("Admin is locked"))
		return;
	CHECK(vt_contains("Try again in 5:00") || vt_contains("Try again in 4:5"));
	/* Locked: the right PIN does not open it. */
	vt_send(PIN VT_ENTER);
	vt_wait_quiet(200, WAIT);
	CHECK(!vt_contains("Admin: status"));
	CHECK(vt_contains("Admin is locked"));
	/* Still locked after a restart of the program. */
	vt_close();
	start(NULL);
	if (!open_pin_entry())
		return;
	CHECK(expect("Admin is locked"));
	/* Esc on the PIN entry goes back to where the admin key was pressed. */
	vt_send(VT_ESC);
	CHECK(vt_wait_gone("Librarian PIN", WAIT));
	vt_close();
}

/* A touch, then the repaint it causes (touches come one at a time). */
static void tap(int row, int col)
{
	vt_send_mouse_click(row, col);
	vt_wait_quiet(100, WAIT);
}

TEST(admin_tui_settings_hide_the_hash)
{
	int r, c;

	make_db(0);
	start("hub_url = https://hub.invalid/\nproxy = http://kiosk:pa55word@proxy.invalid:3128\n");
	if (!open_pin_entry())
		return;
	/* The PIN by touch, on the keypad: 2 4 6 8 OK. */
	r = vt_find("1           2           3", &c);
	if (!CHECK(r > 0))
		return;
	tap(r, c + 12);
	tap(r + 2, c);
	tap(r + 2, c + 24);
	tap(r + 4, c + 12);
	CHECK(vt_contains("\xe2\x97\x8f\xe2\x97\x8f\xe2\x97\x8f\xe2\x97\x8f"));
	tap(r + 6, c + 24);
	if (!expect("Admin: status"))
		return;
	vt_send(VT_DOWN VT_DOWN VT_ENTER);
	if (!expect("Admin: settings"))
		return;
	CHECK(expect("kiosk.conf"));
	CHECK(expect("admin_pin_hash"));
	CHECK(!vt_contains("$6$"));
	CHECK(!vt_contains("pa55word"));
	CHECK(vt_contains("hub.invalid"));
	vt_send(VT_ESC);
	CHECK(expect("Admin: status"));
	vt_close();
}

/* "Sync now" runs `vitrina sync --once` beside the screen; with a hub that refuses
 * connections it ends in an error the screen shows, and the screen answers meanwhile. */
TEST(admin_tui_sync_now_runs_beside)
{
	char *extra;

	make_db(2);
	t_write_file(t_path(3, "token"), "0123456789abcdef0123456789abcdef\n");
	extra = xasprintf("hub_url = http://127.0.0.1:9/\ntoken_file = %s\n",
			  t_path(3, "token"));
	vt_env("VITRINA_SYNC_CONNECT_TIMEOUT_MS", "1000");
	start(extra);
	free(extra);
	if (!open_pin_entry())
		return;
	vt_send(PIN VT_ENTER);
	if (!expect("Admin: status"))
		return;
	vt_send(VT_ENTER);
	if (!expect("Admin: sync now"))
		return;
	CHECK(expect("The sync did not succeed"));
	CHECK(vt_contains("Requests waiting"));
	vt_send(VT_ESC);
	CHECK(expect("Admin: status"));
	vt_send(VT_F6);
	CHECK(expect(ATTRACT));
	finish();
}

/* The idle timeout applies in admin too: it wipes and goes back to attract. */
TEST(admin_tui_idle_leaves_admin)
{
	make_db(0);
	start("idle_timeout = 1\n");
	if (!open_pin_entry())
		return;
	vt_send(PIN VT_ENTER);
	if (!expect("Admin: status"))
		return;
	if (!vt_wait_text(ATTRACT, 15000)) {
		vt_dump();
		CHECK(0);
	}
	vt_close();
}
