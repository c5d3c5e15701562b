/* The community's picks: the stories visitors pressed "this inspired me" for most in the
 * last 90 days (the hub's inspired_90d), by county, shown on the attract screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "kiosk_util.h"
#include "t.h"
#include "util.h"
#include "vt.h"

/* A case in county Alytus (LT-55) or Šiauliai (LT-43) with a 90-day count. */
static void add_case(struct buf *b, int i, const char *municipality, int inspired_90d)
{
	buf_addf(b, "%s{\"id\": \"00000000-0000-4000-8000-0000000000%02d\", \"person\": \"P%d\","
		 " \"municipality\": \"%s\", \"area\": \"humanities\","
		 " \"themes\": [\"community\"], \"title\": \"Istorija %d\", \"summary\": \"S\","
		 " \"story\": \"S\", \"lang\": \"lt\", \"inspired\": %d, \"inspired_90d\": %d}",
		 i > 1 ? ", " : "", i, i, municipality, i, inspired_90d * 2, inspired_90d);
}

static char *catalogue(const int *counts, const char *const *places, int n)
{
	struct buf b = {0};
	int i;

	buf_adds(&b, "{\"cases\": [");
	for (i = 0; i < n; i++)
		add_case(&b, i + 1, places[i], counts[i]);
	buf_adds(&b, "], \"partners\": []}\n");
	return buf_take(&b);
}

/* The titles of the picks of county, in order, one a line. */
static char *picks(sqlite3 *db, const char *county)
{
	struct career *c = NULL;
	struct buf b = {0};
	char *err = NULL;
	int n = 0, i;

	if (!CHECK(catalogue_picks(db, county, 3, &c, &n, &err) == 0))
		printf("  %s\n", err);
	for (i = 0; i < n; i++) {
		buf_addf(&b, "%s\n", c[i].text.title);
		career_free(&c[i]);
	}
	free(c);
	free(err);
	return b.s != NULL ? buf_take(&b) : xstrdup("");
}

TEST(picks_most_inspired_first_by_county)
{
	static const int counts[] = {5, 9, 0, 20, 1, 7};
	static const char *const places[] = {"LT-55", "LT-55", "LT-55", "LT-43", "LT-55",
					     "LT-55"};
	char *json = catalogue(counts, places, 6), *got;
	sqlite3 *db = kiosk_make_db(json);

	got = picks(db, "LT-AL");       /* never a case no one pressed, at most 3 */
	CHECK_STR(got, "Istorija 2\nIstorija 6\nIstorija 1\n");
	free(got);
	got = picks(db, "");
	CHECK_STR(got, "Istorija 4\nIstorija 2\nIstorija 6\n");
	free(got);
	got = picks(db, "LT-VL");
	CHECK_STR(got, "");
	free(got);
	sqlite3_close(db);
	free(json);
}

TEST(picks_on_the_attract_screen)
{
	static const int counts[] = {3, 8};
	static const char *const places[] = {"LT-55", "LT-43"};
	char *json = catalogue(counts, places, 2);

	sqlite3_close(kiosk_make_db(json));
	free(json);
	/* the kiosk in Varėna: its county's pick, not Šiauliai's bigger one */
	kiosk_start("default_language = lt\nlanguages = lt en\nhome_municipality = LT-55\n", 24,
		    80);
	if (kiosk_expect("Istorija 1", 300)) {
		CHECK(vt_contains("Bendruomenės pasirinkimas"));
		CHECK(!vt_contains("Istorija 2"));
	}
	kiosk_finish();
}

/* Home's "Featured stories": the community's choice first, marked, then staff's. */
TEST(picks_on_home_before_the_featured)
{
	struct buf b = {0};

	buf_adds(&b, "{\"cases\": [");
	add_case(&b, 1, "LT-55", 4);
	add_case(&b, 2, "LT-55", 0);
	/* case 2 featured by staff (its last key turned into "featured") */
	b.len -= 1;
	buf_adds(&b, ", \"featured\": true}], \"partners\": []}\n");
	sqlite3_close(kiosk_make_db(b.s));
	buf_free(&b);
	kiosk_start("default_language = en\nlanguages = en lt\nhome_municipality = LT-55\n", 24,
		    80);
	if (!kiosk_to_home(200))
		goto done;
	vt_send("5");
	if (kiosk_expect("The community's choice", 300)) {
		int pick = -1, featured = -1, y;

		for (y = 0; y < 24; y++) {
			if (strstr(vt_screen_text(y), "Istorija 1") != NULL)
				pick = y;
			if (strstr(vt_screen_text(y), "Istorija 2") != NULL)
				featured = y;
		}
		CHECK(pick >= 0 && featured > pick);
		CHECK(strstr(vt_screen_text(pick), "The community's choice") != NULL);
		CHECK(featured < 0 || strstr(vt_screen_text(featured), "community") == NULL);
	}
done:
	kiosk_finish();
}
