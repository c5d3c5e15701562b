/* The map of Lithuania (screens/map.c, src/lt_map.c, src/catalogue_counts.c): the grid
 * made from the outlines, the counts per county, and the real kiosk at 80x24 in UTF-8 and
 * on a vt100 in ASCII: every county's count shown, the kiosk's county marked, arrows to
 * the county that way, letters, a touch opening the county's stories, and Enter offering
 * its municipalities. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_counts.h"
#include "kiosk_util.h"
#include "lt_map.h"
#include "regions.h"
#include "t.h"
#include "util.h"
#include "vt.h"

#define CONF "default_language = en\nlanguages = en lt\nhome_municipality = LT-43\n"

/* A municipality of each county (counties[] order) and how many stories it gets there:
 * every county a different number, so that a count in the wrong place shows (Kaunas
 * county has one more in Kaunas District, LT-16: 3). */
static const char *const where[COUNTY_COUNT] = {
	"LT-02", "LT-20", "LT-15", "LT-25", "LT-32", "LT-43", "LT-50", "LT-51", "LT-54", "LT-57",
};
static const int how_many[COUNTY_COUNT] = {1, 2, 2, 4, 5, 6, 7, 8, 9, 11};
/* The letters and the counts as the map's labels show them. */
static const char *const labels[COUNTY_COUNT] = {
	" A 1 ", " L 2 ", " K 3 ", " M 4 ", " P 5 ", " S 6", " T 7 ", " E 8 ", " U 9 ", " V 11 ",
};

static void add_case(struct buf *j, int n, const char *muni, const char *title)
{
	buf_addf(j, "%s{\"id\": \"00000000-0000-4000-8000-%012d\", \"person\": \"Person %d\","
		 " \"municipality\": \"%s\", \"area\": \"humanities\", \"themes\": [\"community\"],"
		 " \"title\": \"%s %d\", \"story\": \"A story.\", \"lang\": \"en\"}",
		 n > 1 ? ",\n" : "", n, n, muni, title, n);
}

static sqlite3 *make_db(void)
{
	struct buf j = {0};
	sqlite3 *db;
	int c, k, n = 1;

	buf_adds(&j, "{\"cases\": [\n");
	for (c = 0; c < COUNTY_COUNT; c++) {
		for (k = 0; k < how_many[c]; k++) {
			char title[64];

			snprintf(title, sizeof title, "Story of %s", counties[c].code);
			add_case(&j, n++, where[c], title);
		}
	}
	add_case(&j, n, "LT-16", "Story of the district LT-KU");
	buf_adds(&j, "]}\n");
	db = kiosk_make_db(j.s);
	buf_free(&j);
	return db;
}

TEST(map_grid_every_county_in_place)
{
	struct lt_map m;
	int c, ku = lt_map_county_index("LT-KU");

	CHECK_INT(lt_map_make(&m, 3, 5), -1);
	lt_map_free(&m);
	if (!CHECK_INT(lt_map_make(&m, 21, 49), 0))
		return;
	for (c = 0; c < COUNTY_COUNT; c++) {
		CHECK_INT(lt_map_county_at(&m, m.label_y[c], m.label_x[c]), c);
		if (c > 0 && m.label_x[c] == m.label_x[c - 1] && m.label_y[c] == m.label_y[c - 1])
			CHECK(!"two labels on one cell");
	}
	/* Klaipėda on the coast, west of everything; Vilnius east of Kaunas; Šiauliai north of
	 * Marijampolė; Alytus in the south. */
	for (c = 0; c < COUNTY_COUNT; c++) {
		if (c != lt_map_county_index("LT-KL"))
			CHECK(m.label_x[lt_map_county_index("LT-KL")] < m.label_x[c]);
	}
	CHECK(m.label_x[lt_map_county_index("LT-VL")] > m.label_x[ku]);
	CHECK(m.label_y[lt_map_county_index("LT-SA")] < m.label_y[lt_map_county_index("LT-MR")]);
	CHECK(m.label_y[lt_map_county_index("LT-AL")] > m.label_y[ku]);
	CHECK_INT(lt_map_county_at(&m, 0, 0), -1);
	CHECK_INT(lt_map_county_at(&m, 99, 99), -1);
	lt_map_free(&m);

	CHECK_INT(lt_map_step(ku, 0, 1), lt_map_county_index("LT-VL"));
	CHECK_INT(lt_map_step(ku, 1, 0), lt_map_county_index("LT-AL"));
	CHECK_INT(lt_map_step(lt_map_county_index("LT-AL"), -1, 0), ku);
	CHECK_INT(lt_map_step(lt_map_county_index("LT-VL"), 0, -1), ku);
	CHECK_INT(lt_map_step(lt_map_county_index("LT-SA"), 0, -1),
		  lt_map_county_index("LT-TE"));
	CHECK_INT(lt_map_step(lt_map_county_index("LT-KL"), 0, -1), -1);    /* the sea */
	CHECK_INT(lt_map_county_index("LT-XX"), -1);
}

TEST(map_counts_per_county_and_municipality)
{
	struct place_counts pc;
	sqlite3 *db = make_db();
	char *err = NULL;
	int c;

	if (!CHECK_INT(catalogue_place_counts(db, &pc, &err), 0))
		fprintf(stderr, "  %s\n", err ? err : "");
	for (c = 0; c < COUNTY_COUNT; c++)
		CHECK_INT(pc.county[c], how_many[c] + (strcmp(counties[c].code, "LT-KU") == 0));
	CHECK_INT(pc.municipality[14], 2);      /* LT-15 Kaunas */
	CHECK_INT(pc.municipality[15], 1);      /* LT-16 Kaunas District */
	CHECK_INT(pc.municipality[0], 0);
	free(err);
	sqlite3_close(db);
}

/* From home to the map. */
static int to_map(void)
{
	if (!kiosk_open_from_home("Map of Lithuania", "Counties"))
		return 0;
	if (getenv("VITRINA_TEST_DUMP") != NULL)
		vt_dump();
	return 1;
}

/* The row of the list beside the map that names county c (English), or -1. */
static int legend_row(const char *name)
{
	int r, col;

	r = vt_find(name, &col);
	return r >= 0 && col > 40 ? r : -1;       /* not a label on the map */
}

/* The focused county is the one speech and braille read: the cursor is on its row. */
static int cursor_row(void)
{
	int r = -1, col;

	vt_cursor(&r, &col);
	return r;
}

static void check_counts_shown(int ascii)
{
	int c;

	for (c = 0; c < COUNTY_COUNT; c++) {
		if (!CHECK(vt_contains(labels[c])))
			fprintf(stderr, "  no label \"%s\" on the map\n", labels[c]);
	}
	CHECK(vt_contains(ascii ? " S 6* " : " S 6\xe2\x97\x8f "));
	CHECK(vt_contains("your county"));
	/* The list beside the map: Vilnius County's row ends with its 11. */
	{
		int r = legend_row("Vilnius County");
		const char *row = r >= 0 ? vt_screen_text(r) : "";

		CHECK(r >= 0 && strlen(row) > 3 && strcmp(row + strlen(row) - 3, " 11") == 0);
	}
}

TEST(map_tui_utf8_counts_keys_and_touch)
{
	int r, col;

	sqlite3_close(make_db());
	kiosk_start(CONF, 24, 80);
	if (!to_map())
		return;
	check_counts_shown(0);
	CHECK(vt_contains("\xe2\x96\x88"));     /* the chosen county solid */
	CHECK(vt_contains("\xe2\x96\x91") || vt_contains("\xe2\x96\x92"));
	/* Home's county is chosen first; a letter, then arrows to the county that way. */
	CHECK_INT(cursor_row(), legend_row("iauliai County"));
	CHECK(vt_cell_attrs(legend_row("iauliai County"), 50) & VT_REVERSE);
	vt_send("k");
	vt_wait_quiet(30, KIOSK_WAIT);
	CHECK_INT(cursor_row(), legend_row("Kaunas County"));
	vt_send(VT_RIGHT);
	vt_wait_quiet(30, KIOSK_WAIT);
	CHECK_INT(cursor_row(), legend_row("Vilnius County"));
	vt_send(VT_LEFT);
	vt_wait_quiet(30, KIOSK_WAIT);
	CHECK_INT(cursor_row(), legend_row("Kaunas County"));
	vt_send(VT_DOWN);
	vt_wait_quiet(30, KIOSK_WAIT);
	CHECK_INT(cursor_row(), legend_row("Alytus County"));
	/* A touch on Vilnius county opens its stories, and only those. */
	r = vt_find(" V 11 ", &col);
	if (!CHECK(r >= 0 && col < 50))
		return;
	vt_send_mouse_click(r, col + 2);
	if (!kiosk_expect("11 stories", 50))
		return;
	CHECK(vt_contains("Story of LT-VL"));
	CHECK(!vt_contains("Story of LT-KU") && !vt_contains("Story of LT-SA"));
	vt_send(VT_ESC);
	kiosk_expect("Counties", 30);
	kiosk_finish();
}

TEST(map_tui_enter_offers_municipalities)
{
	sqlite3_close(make_db());
	kiosk_start(CONF, 24, 80);
	if (!to_map())
		return;
	vt_send("k" VT_ENTER);
	if (!kiosk_expect("All of the county", 30))
		return;
	CHECK(legend_row("Kaunas County") == 2);        /* the list's heading */
	CHECK(vt_contains("Kaunas District"));
	CHECK(vt_contains("Birštonas"));
	/* Kaunas, the city: the fifth row after Birštonas, Jonava and Kaišiadorys. */
	vt_send(VT_DOWN VT_DOWN VT_DOWN VT_DOWN);
	vt_send(VT_ENTER);
	if (!kiosk_expect("2 stories", 50))
		return;
	CHECK(vt_contains("Story of LT-KU") && !vt_contains("Story of the district"));
	vt_send(VT_ESC);
	kiosk_expect("All of the county", 30);
	vt_send(VT_HOME_KEY VT_ENTER);  /* all of the county */
	if (kiosk_expect("3 stories", 50))
		CHECK(vt_contains("Story of the district"));
	vt_send(VT_ESC);
	kiosk_expect("All of the county", 30);
	vt_send(VT_ESC);
	kiosk_expect("Counties", 30);
	kiosk_finish();
}

TEST(map_tui_vt100_ascii)
{
	int r, col;

	sqlite3_close(make_db());
	vt_env("TERM", "vt100");
	vt_env("LANG", "C");
	vt_env("LC_ALL", "C");
	kiosk_start(CONF, 24, 80);
	if (!to_map())
		return;
	check_counts_shown(1);
	/* Only ASCII on the screen: the counties in '.', ':' and '=', the chosen one '#'. */
	CHECK(vt_screen_ascii());
	CHECK(vt_contains("#") && vt_contains(":") && vt_contains("="));
	vt_send("u");
	vt_wait_quiet(30, KIOSK_WAIT);
	CHECK_INT(cursor_row(), legend_row("Utena County"));
	r = vt_find(" U 9 ", &col);
	if (!CHECK(r >= 0))
		return;
	vt_send_mouse_click(r, col + 1);
	if (kiosk_expect("9 stories", 50))
		CHECK(vt_contains("Story of LT-UT") && !vt_contains("Story of LT-VL"));
	kiosk_finish();
}

/* A bigger terminal gets a bigger map (and the list beside it wider). */
TEST(map_tui_bigger_terminal_uses_the_room)
{
	int r, last = -1;

	sqlite3_close(make_db());
	kiosk_start(CONF, 40, 120);
	if (!to_map())
		return;
	check_counts_shown(0);
	for (r = 0; r < 40; r++) {
		const char *s = vt_screen_text(r);

		if (strstr(s, "\xe2\x96\x91") != NULL || strstr(s, "\xe2\x96\x92") != NULL ||
		    strstr(s, "\xe2\x96\x93") != NULL)
			last = r;
	}
	CHECK(last >= 30);
	kiosk_finish();
}

/* Speech (and braille, from the cursor) get the chosen county with its count. */
TEST(map_tui_speech_says_county_and_count)
{
	const char *log = t_path(3, "speech.log");

	sqlite3_close(make_db());
	vt_env("VITRINA_SPEECH_LOG", log);
	kiosk_start(CONF "speech = on\n", 24, 80);
	if (!to_map())
		return;
	CHECK(t_file_wait(log, "Map of Lithuania", 1, KIOSK_WAIT));
	CHECK(t_file_wait(log, "\xc5\xa0iauliai County, 6 stories", 1, KIOSK_WAIT));
	vt_send("k");
	CHECK(t_file_wait(log, "Kaunas County, 3 stories", 1, KIOSK_WAIT));
	vt_send("a");
	CHECK(t_file_wait(log, "Alytus County, 1 story", 1, KIOSK_WAIT));
	kiosk_finish();
}

/* The map and the municipality list fit 80x24 in every language: no text cut. */
TEST(map_tui_fits_80x24_in_every_language)
{
	static const char *const langs[] = {"lt", "en", "ru", "pl"};
	int k, vl = lt_map_county_index("LT-VL");

	sqlite3_close(make_db());
	for (k = 0; k < 4; k++) {
		char *conf = xasprintf("default_language = %s\nlanguages = lt en ru pl\n"
				       "home_municipality = LT-43\n", langs[k]);
		const char *names[] = {counties[vl].name_lt, counties[vl].name_en,
				       counties[vl].name_ru, counties[vl].name_pl};

		kiosk_start(conf, 24, 80);
		free(conf);
		vt_wait_quiet(100, KIOSK_WAIT);
		vt_send(" ");
		vt_wait_quiet(100, KIOSK_WAIT);
		vt_send("8");                   /* home's eighth choice: the map */
		if (!kiosk_expect(names[k], 50))
			break;
		kiosk_check_uncut(langs[k], NULL);
		vt_send("v" VT_ENTER);
		vt_wait_quiet(100, KIOSK_WAIT);
		kiosk_check_uncut(langs[k], NULL);
		kiosk_finish();
	}
}
