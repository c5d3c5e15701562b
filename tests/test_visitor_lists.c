/* Lists a visitor reads: browse results in fixed columns at 120 columns, place names in
 * the visitor's language, a partner's stories; and the admin status of a kiosk without a
 * hub. The real kiosk in a pty. */
#define _GNU_SOURCE
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk_util.h"
#include "t.h"
#include "util.h"
#include "vt.h"

#define WAIT KIOSK_WAIT

#define expect(text) kiosk_expect((text), 50)
#define finish() kiosk_finish()

static void add_case(struct buf *j, int n, const char *muni, const char *person,
		     const char *title)
{
	buf_addf(j, "%s{\"id\": \"00000000-0000-4000-8000-%012d\", \"person\": \"%s\","
		 " \"municipality\": \"%s\", \"area\": \"humanities\", \"themes\": [\"community\"],"
		 " \"title\": \"%s\", \"story\": \"A story of %s.\", \"lang\": \"en\"}",
		 n > 1 ? ",\n" : "", n, person, muni, title, person);
}

/* Five stories "Zq ..." in places whose names have different lengths, with titles and
 * people of different lengths (one title too long for its column). */
static void make_db(void)
{
	struct buf j = {0};

	buf_adds(&j, "{\"cases\": [\n");
	add_case(&j, 1, "LT-02", "Ona", "Zq bees");
	add_case(&j, 2, "LT-03", "Marija Antanaviciute-Petrauskiene",
		 "Zq a repair cafe in the library of a small town near the lake, open on "
		 "Saturdays for everyone");
	add_case(&j, 3, "LT-09", "Jonas Jonaitis", "Zq robots in a village library");
	add_case(&j, 4, "LT-28", "Li", "Zq dunes");
	add_case(&j, 5, "LT-07", "Petras", "Zq an app for small farms");
	buf_adds(&j, "]}\n");
	sqlite3_close(kiosk_make_db(j.s));
	buf_free(&j);
}

/* The first column at or after from where row shows the ASCII text s, or -1. */
static int col_in_row(int row, int from, const char *s)
{
	int cols = 120, c, k;
	unsigned ch, fg, bg;

	for (c = from; c + (int)strlen(s) <= cols; c++) {
		for (k = 0; s[k] != '\0'; k++) {
			if (!vt_cell(row, c + k, &ch, &fg, &bg) || ch != (unsigned char)s[k])
				break;
		}
		if (s[k] == '\0')
			return c;
	}
	return -1;
}

/* At 120 columns the place starts at the same column on every result row, whatever the
 * lengths of title, person and place; a long title is cut inside its own column. */
TEST(visitor_lists_places_line_up_at_120)
{
	static const char *const rows[][2] = {
		{"Zq bees", "Alytus"}, {"Zq a repair cafe", "Alytus District"},
		{"Zq robots", "Ignalina District"}, {"Zq dunes", "Neringa"},
		{"Zq an app", "Druskininkai"},
	};
	int i, r, col, first = -1, person = -1, pc;

	make_db();
	kiosk_start("default_language = en\nlanguages = en lt\n", 40, 120);
	if (!kiosk_to_home(50))
		return;
	vt_send("zq");
	if (!expect("5 stories"))
		return;
	vt_wait_quiet(150, WAIT);
	for (i = 0; i < 5; i++) {
		r = vt_find(rows[i][0], NULL);
		if (!CHECK(r >= 0))
			break;
		/* "Ignalina District" is 17 wide: its first 15 letters and "…". */
		col = col_in_row(r, 37, i == 2 ? "Ignalina Distri" : rows[i][1]);
		if (first < 0)
			first = col;
		if (!CHECK(col > 37 && col == first))
			vt_dump();
	}
	/* The long title ends with "…" before the person's column, and the person's column
	 * is the same on each row. */
	r = vt_find("Zq a repair cafe", NULL);
	CHECK(r >= 0 && strstr(vt_screen_text(r), "\xe2\x80\xa6 Marija") != NULL);
	for (i = 0; i < 5 && r >= 0; i++) {
		static const char *const people[] = {"Ona", "Marija", "Jonas", "Li", "Petras"};

		pc = col_in_row(vt_find(rows[i][0], NULL), 37, people[i]);
		if (person < 0)
			person = pc;
		CHECK(pc > 37 && pc == person);
	}
	finish();
}

/* In Russian, browse shows a story's place in Russian, in the results and the filters. */
TEST(visitor_lists_places_in_russian)
{
	make_db();
	kiosk_start("default_language = en\nlanguages = en ru\n", 40, 120);
	if (!kiosk_to_home(50))
		return;
	vt_send("zq");
	if (!expect("Neringa"))
		return;
	vt_send(VT_F2);
	if (!expect("Неринга"))
		return;
	CHECK(vt_contains("Алитусский район"));
	CHECK(!vt_contains("Alytaus r."));
	CHECK(!vt_contains("Ignalinos"));
	CHECK(vt_contains("Алитусский уезд"));
	vt_send(VT_TAB);                        /* the filters: Alytus County first */
	vt_wait_quiet(100, WAIT);
	vt_send(VT_ENTER);
	if (!expect("Друскининкай"))
		return;
	CHECK(!vt_contains("Druskininkai"));
	finish();
}

#define PARTNER_ID "00000000-0000-4000-9000-000000000001"

/* Two stories of partner PARTNER_ID, one of another partner. */
static void make_partner_db(void)
{
	struct buf j = {0};
	static const char *const cases[][3] = {
		{PARTNER_ID, "Beehives on the roof", "Ona keeps bees."},
		{PARTNER_ID, "Robots after school", "Jonas builds robots."},
		{"00000000-0000-4000-9000-000000000002", "Dunes and birds", "Li counts birds."},
	};
	int i;

	buf_adds(&j, "{\"cases\": [\n");
	for (i = 0; i < 3; i++)
		buf_addf(&j, "%s{\"id\": \"00000000-0000-4000-8000-%012d\", \"person\": \"P%d\","
			 " \"municipality\": \"LT-43\", \"area\": \"humanities\","
			 " \"themes\": [\"community\"], \"partner_id\": \"%s\", \"title\": \"%s\","
			 " \"story\": \"%s\", \"lang\": \"en\"}", i > 0 ? ",\n" : "", i + 1,
			 i + 1, cases[i][0], cases[i][1], cases[i][2]);
	buf_adds(&j, "],\n\"partners\": [{\"id\": \"" PARTNER_ID "\", \"name\": \"Gamma centre\","
		 " \"municipality\": \"LT-43\", \"offers\": [\"volunteering\"],"
		 " \"description\": \"A partner.\", \"contact_allowed\": false},\n"
		 "{\"id\": \"00000000-0000-4000-9000-000000000002\", \"name\": \"Zeta club\","
		 " \"municipality\": \"LT-57\", \"offers\": [\"mentoring\"],"
		 " \"description\": \"Another.\", \"contact_allowed\": false}]}\n");
	sqlite3_close(kiosk_make_db(j.s));
	buf_free(&j);
}

/* A partner's page lists its two stories (not another partner's); a click on one opens
 * it, and so do Tab and Enter. */
TEST(visitor_lists_partner_stories)
{
	int r, c;

	make_partner_db();
	kiosk_start("default_language = en\nlanguages = en lt\n", 24, 80);
	if (!kiosk_open_from_home("Partner organisations", "Zeta club"))
		return;
	vt_send(VT_ENTER);
	if (!expect("A partner."))
		return;
	CHECK(vt_contains("Beehives on the roof"));
	CHECK(vt_contains("Robots after school"));
	CHECK(!vt_contains("Dunes and birds"));
	r = vt_find("Robots after school", &c);
	if (!CHECK(r >= 0))
		return;
	vt_send_mouse_click(r, c);
	if (!expect("Jonas builds robots."))
		return;
	vt_send(VT_ESC);
	if (!expect("A partner."))
		return;
	vt_send(VT_TAB);
	vt_wait_quiet(100, WAIT);
	vt_send(VT_ENTER);
	if (!expect("Related stories"))         /* a case, the one the focus was on */
		return;
	CHECK(vt_contains("keeps bees.") || vt_contains("builds robots."));
	CHECK(!vt_contains("A partner."));
	finish();
}

/* A kiosk with no hub_url and an empty outbox: the admin status says requests stay on
 * this kiosk, never that they all reached the hub. */
TEST(visitor_lists_admin_status_without_hub)
{
	const char *h = crypt("2468", "$6$rounds=1000$adminTuiSalt$");
	char *conf;

	if (h == NULL || h[0] != '$')
		t_fail("crypt cannot make a $6$ hash");
	sqlite3_close(kiosk_db_open_seeded());
	conf = xasprintf("default_language = en\nlanguages = en lt\nkiosk_id = test-kiosk\n"
			 "admin_pin_hash = %s\n", h);
	kiosk_start(conf, 24, 80);
	free(conf);
	if (!expect("Career paths close to home"))
		return;
	vt_send("\033[24~");                    /* F12, the admin key */
	if (!expect("Librarian PIN"))
		return;
	vt_send("2468" VT_ENTER);
	if (!expect("Admin: status"))
		return;
	CHECK(expect("0 requests, kept on this kiosk: no hub_url is set"));
	CHECK(!vt_contains("reached the hub"));
	finish();
}
