/* "Near you": the counties' borders, stories and partners ordered from the kiosk's
 * home_municipality (src/near.h), home's "Near you" entry and partners nearest first in
 * the real kiosk, and a bad home_municipality reported with its file and line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "catalogue.h"
#include "config.h"
#include "kiosk_util.h"
#include "near.h"
#include "regions.h"
#include "t.h"
#include "util.h"
#include "vt.h"

#define HOME "home_municipality = LT-43\n"      /* Šiauliai city, Šiaulių apskritis */

static void add_case(struct buf *j, int n, const char *muni, const char *title, bool feat)
{
	buf_addf(j, "%s{\"id\": \"00000000-0000-4000-8000-%012d\", \"person\": \"Person %d\","
		 " \"municipality\": \"%s\", \"area\": \"humanities\", \"themes\": [\"community\"],"
		 " \"title\": \"%s\", \"story\": \"A story.\", \"featured\": %s,"
		 " \"lang\": \"en\"}", n > 1 ? ",\n" : "", n, n, muni, title,
		 feat ? "true" : "false");
}

static void add_partner(struct buf *j, int n, const char *muni, const char *name)
{
	buf_addf(j, "%s{\"id\": \"00000000-0000-4000-9000-%012d\", \"name\": \"%s\","
		 " \"municipality\": \"%s\", \"offers\": [\"volunteering\"],"
		 " \"description\": \"A partner.\", \"contact_allowed\": false}",
		 n > 1 ? ",\n" : "", n, name, muni);
}

/* Titles and names in the reverse of the near order, so that an order by title alone, or
 * by arrival, is wrong. Vilnius and Klaipėda are not next to Šiauliai county. */
static sqlite3 *make_db(void)
{
	struct buf j = {0};
	sqlite3 *db;

	buf_adds(&j, "{\"cases\": [\n");
	add_case(&j, 1, "LT-57", "Aardvark far away in Vilnius", true);
	add_case(&j, 2, "LT-20", "Albatross far away in Klaipeda", false);
	add_case(&j, 3, "LT-15", "Apple orchard in Kaunas", false);
	add_case(&j, 4, "LT-50", "Birch wood in Taurage", false);
	add_case(&j, 5, "LT-44", "Maple club in the district", false);
	add_case(&j, 6, "LT-43", "Yak farm in the city", false);
	add_case(&j, 7, "LT-43", "Zebra crossing in the city", true);
	buf_adds(&j, "],\n\"partners\": [\n");
	add_partner(&j, 1, "LT-57", "Alpha partner in Vilnius");
	add_partner(&j, 2, "LT-15", "Beta partner in Kaunas");
	add_partner(&j, 3, "LT-44", "Gamma partner in the district");
	add_partner(&j, 4, "LT-43", "Zeta partner in the city");
	buf_adds(&j, "]}\n");
	db = kiosk_make_db(j.s);
	buf_free(&j);
	return db;
}

TEST(near_borders_symmetric_and_known)
{
	const char *nb[COUNTY_COUNT];
	int i, k, n;

	for (i = 0; i < COUNTY_COUNT; i++) {
		n = near_neighbours(counties[i].code, nb, COUNTY_COUNT);
		if (!CHECK(n >= 1))
			fprintf(stderr, "  %s has no neighbour\n", counties[i].code);
		CHECK(!near_adjacent(counties[i].code, counties[i].code));
		for (k = 0; k < COUNTY_COUNT; k++) {
			if (near_adjacent(counties[i].code, counties[k].code) !=
			    near_adjacent(counties[k].code, counties[i].code))
				CHECK(!"adjacency is not symmetric");
		}
		for (k = 0; k < n; k++)
			CHECK(county_find(nb[k]) != NULL && near_adjacent(counties[i].code, nb[k]));
	}
	/* Vilnius county: Kaunas, Utena, Alytus, Panevėžys and no other. */
	CHECK_INT(near_neighbours("LT-VL", nb, COUNTY_COUNT), 4);
	CHECK(near_adjacent("LT-VL", "LT-KU") && near_adjacent("LT-VL", "LT-UT"));
	CHECK(near_adjacent("LT-VL", "LT-AL") && near_adjacent("LT-PN", "LT-VL"));
	CHECK(near_adjacent("LT-SA", "LT-TE") && near_adjacent("LT-KL", "LT-TA"));
	CHECK(near_adjacent("LT-MR", "LT-TA") && near_adjacent("LT-KU", "LT-MR"));
	CHECK(!near_adjacent("LT-KL", "LT-SA"));
	CHECK(!near_adjacent("LT-KU", "LT-UT"));
	CHECK(!near_adjacent("LT-VL", "LT-SA"));
	CHECK(!near_adjacent("LT-AL", "LT-TA"));
	CHECK(!near_adjacent("LT-XX", "LT-VL"));
	CHECK_INT(near_band("LT-43", "LT-43"), NEAR_HOME);
	CHECK_INT(near_band("LT-43", "LT-44"), NEAR_COUNTY);
	CHECK_INT(near_band("LT-43", "LT-15"), NEAR_NEIGHBOUR);
	CHECK_INT(near_band("LT-43", "LT-57"), NEAR_FAR);
	CHECK_INT(near_band("LT-99", "LT-43"), NEAR_FAR);
}

TEST(near_cases_home_then_county_then_neighbours)
{
	static const char *const want[] = {
		"Zebra crossing in the city", "Yak farm in the city", "Maple club in the district",
		"Apple orchard in Kaunas", "Birch wood in Taurage",
	};
	sqlite3 *db = make_db();
	struct search_result r;
	char *err = NULL;
	int i;

	CHECK_INT(near_cases(db, "LT-43", 50, &r, &err), 0);
	CHECK_INT(r.n, 5);
	for (i = 0; i < r.n && i < 5; i++)
		CHECK_STR(r.hits[i].title, want[i]);
	search_result_free(&r);
	CHECK_INT(near_cases(db, "LT-43", 2, &r, &err), 0);
	CHECK_INT(r.n, 2);
	search_result_free(&r);
	CHECK_INT(near_cases(db, "LT-99", 50, &r, &err), -1);
	CHECK(err != NULL);
	free(err);
	sqlite3_close(db);
}

TEST(near_partners_in_the_same_order)
{
	static const char *const want[] = {
		"Zeta partner in the city", "Gamma partner in the district",
		"Beta partner in Kaunas", "Alpha partner in Vilnius",
	};
	sqlite3 *db = make_db();
	struct partner *p;
	char *err = NULL;
	int i, n;

	CHECK_INT(near_partners(db, "LT-43", &p, &n, &err), 0);
	CHECK_INT(n, 4);
	for (i = 0; i < n && i < 4; i++)
		CHECK_STR(p[i].name, want[i]);
	for (i = 0; i < n; i++)
		partner_free(&p[i]);
	free(p);
	sqlite3_close(db);
}

TEST(near_config_bad_home_reported_with_file_and_line)
{
	const char *path = t_path(3, "near.conf");
	struct config c;
	struct buf w = {0};
	struct admin_setting *s;
	char *want;
	int i, n, seen = 0;

	t_write_file(path, "centre_name = X\nhome_municipality = LT-61\n");
	config_defaults(&c);
	CHECK_INT(config_load(&c, path, &w), 0);
	want = xasprintf("%s:2: home_municipality:", path);
	if (!CHECK(w.s != NULL && strstr(w.s, want) != NULL))
		fprintf(stderr, "  warnings: %s\n", w.s != NULL ? w.s : "(none)");
	free(want);
	CHECK(c.home_municipality == NULL);
	config_free(&c);
	buf_free(&w);
	t_write_file(path, HOME);
	config_defaults(&c);
	CHECK_INT(config_load(&c, path, &w), 0);
	CHECK_INT(w.len, 0);
	CHECK_STR(c.home_municipality, "LT-43");
	n = admin_settings(&c, path, &s);
	for (i = 0; i < n; i++) {
		if (strcmp(s[i].key, "home_municipality") == 0 && s[i].value != NULL)
			seen = strcmp(s[i].value, "LT-43") == 0;
	}
	CHECK(seen);
	admin_settings_free(s, n);
	config_free(&c);
	buf_free(&w);
}

/* ---- the real kiosk ---- */

static void start(const char *extra)
{
	char *conf = xasprintf("default_language = en\nlanguages = en lt\n%s", extra);

	sqlite3_close(make_db());
	kiosk_start(conf, 24, 80);
	free(conf);
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

TEST(near_tui_home_offers_near_you_only_when_located)
{
	start("");
	kiosk_to_home(50);
	kiosk_expect("Nominate someone", 50);
	CHECK(!vt_contains("Near you"));
	kiosk_finish();
}

TEST(near_tui_lists_home_then_county_then_neighbours)
{
	int zebra, yak, maple, apple;

	start(HOME);
	kiosk_to_home(50);
	kiosk_expect("Near you", 50);
	vt_send("4");
	kiosk_expect("From \xc5\xa0iauliai first", 100);
	zebra = row_of("Zebra crossing");
	yak = row_of("Yak farm");
	maple = row_of("Maple club");
	apple = row_of("Apple orchard");
	CHECK(zebra >= 0 && zebra < yak && yak < maple && maple < apple);
	CHECK(row_of("\xc5\xa0iauliai County") == maple + 1);
	CHECK(row_of("Kaunas County, a neighbouring county") == apple + 1);
	CHECK(!vt_contains("Aardvark") && !vt_contains("Albatross"));
	vt_send("\r");
	kiosk_expect("A story.", 100);
	kiosk_finish();
}

TEST(near_tui_partners_nearest_first)
{
	int zeta, gamma, beta, alpha;

	start(HOME);
	kiosk_to_home(50);
	kiosk_expect("Partner organisations", 50);
	vt_send("6");
	kiosk_expect("Near you: \xc5\xa0iauliai first", 100);
	zeta = row_of("Zeta partner");
	gamma = row_of("Gamma partner");
	beta = row_of("Beta partner");
	alpha = row_of("Alpha partner");
	CHECK(zeta >= 0 && zeta < gamma && gamma < beta && beta < alpha);
	kiosk_finish();
}
