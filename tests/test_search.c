/* Search: folding both ways, prefixes, hostile text, filters, facets, ranking, the
 * story pass and cancelling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "db.h"
#include "kiosk_util.h"
#include "regions.h"
#include "search.h"
#include "t.h"
#include "util.h"

struct spec {
	const char *title, *person, *muni, *themes, *area, *skills, *story;
	int featured;
};

/* Store case n as s says, with jobs (a JSON list's inside, or NULL). */
static void put_jobs(sqlite3 *db, int n, const struct spec *s, const char *jobs)
{
	char *text = xasprintf("{\"id\": \"00000000-0000-4000-8000-%012d\", \"person\": \"%s\","
			       " \"municipality\": \"%s\", \"area\": \"%s\", \"themes\": [%s],"
			       " \"title\": \"%s\", \"skills\": [%s], \"story\": \"%s\","
			       " \"featured\": %s, \"jobs\": [%s]}", n,
			       s->person ? s->person : "Jonas",
			       s->muni ? s->muni : "LT-57", s->area ? s->area : "humanities",
			       s->themes ? s->themes : "\"community\"", s->title,
			       s->skills ? s->skills : "", s->story ? s->story : "",
			       s->featured ? "true" : "false", jobs ? jobs : "");
	json_t *j = json_loads(text, 0, NULL);
	struct career c;
	char *err = NULL;

	if (j == NULL || career_from_json(j, &c, &err) < 0)
		t_fail("bad case %s: %s", text, err ? err : "JSON");
	if (catalogue_put_case(db, &c, &err) < 0)
		t_fail("put: %s", err);
	career_free(&c);
	json_decref(j);
	free(text);
}

static void put(sqlite3 *db, int n, const struct spec *s)
{
	put_jobs(db, n, s, NULL);
}

static const struct spec base[] = {
	/* 1 */ {"Taisymo kavinė Šiaulių bibliotekoje", "Ieva", "LT-43", NULL, NULL, NULL,
		 "Savanoriai taiso daiktus.", 0},
	/* 2 */ {"Žemės ūkis telefone", "Dovydas", "LT-44", "\"innovation\"",
		 "regional_development", "\"programavimas\"", NULL, 1},
	/* 3 */ {"Siauliai be diakritikų", "Ona", "LT-43", NULL, NULL, NULL, NULL, 0},
	/* 4 */ {"Łódź ir Vilnius", "Piotr", "LT-57", NULL, "social_sciences", NULL,
		 NULL, 0},
	/* 5 */ {"Lodz be raidžių", "Jan", "LT-57", NULL, NULL, NULL, NULL, 0},
	/* 6 */ {"Kaunas skaito", "Rūta", "LT-19", "\"environment\"", NULL,
		 "\"e-mail rinkodara\"", "Paslaptis: žodis povandeninis tik istorijoje.", 0},
	/* 7 */ {"Keramika kaime", "Kęstutis", "LT-19", "\"environment\",\"community\"", NULL,
		 NULL, NULL, 1},
};

static void put_base(sqlite3 *db)
{
	size_t i;

	for (i = 0; i < sizeof base / sizeof base[0]; i++)
		put(db, (int)i + 1, &base[i]);
}

/* The case numbers (last digits of the id) found, as "1 3 ", in result order. */
static char *found(sqlite3 *db, const struct search_filter *f)
{
	struct search_result r;
	struct buf b = {0};
	char *err = NULL;
	int i, rc = search_cases(db, f, 0, 100, true, &r, &err);

	if (rc != 0)
		t_fail("search_cases \"%s\": rc %d: %s", f->query ? f->query : "", rc, err);
	buf_add(&b, "", 0);
	for (i = 0; i < r.n; i++)
		buf_addf(&b, "%ld ", strtol(r.hits[i].id + 24, NULL, 10));
	if (r.total != r.n)
		buf_addf(&b, "(total %d)", r.total);
	search_result_free(&r);
	return buf_take(&b);
}

static char *q(sqlite3 *db, const char *query)
{
	struct search_filter f;

	search_filter_init(&f);
	f.query = query;
	return found(db, &f);
}

#define CHECK_FOUND(db, query, want) do { \
		char *got_ = q(db, query); \
		CHECK_STR(got_, want); \
		free(got_); \
	} while (0)

TEST(search_folds_diacritics_both_ways)
{
	sqlite3 *db = kiosk_db_open(":memory:");

	put_base(db);
	/* Titles first, then the places: every case in Šiauliai county. */
	CHECK_FOUND(db, "siaul", "3 1 2 7 6 ");
	CHECK_FOUND(db, "ŠIAUL", "3 1 2 7 6 ");
	CHECK_FOUND(db, "Šiauliai", "3 1 2 7 6 ");
	CHECK_FOUND(db, "zemes uk", "2 ");
	CHECK_FOUND(db, "žemės ūk", "2 ");
	CHECK_FOUND(db, "ZEMES UKIS", "2 ");
	CHECK_FOUND(db, "łodz", "4 5 ");
	CHECK_FOUND(db, "lodz", "4 5 ");
	CHECK_FOUND(db, "ŁÓDŹ", "4 5 ");
	CHECK_FOUND(db, "kestut", "7 ");
	CHECK_FOUND(db, "rūt", "6 ");
	sqlite3_close(db);
}

TEST(search_prefixes_as_you_type)
{
	sqlite3 *db = kiosk_db_open(":memory:");

	put_base(db);
	CHECK_FOUND(db, "k", "7 6 1 ");
	CHECK_FOUND(db, "ka", "7 6 1 ");        /* short titles first; then featured */
	CHECK_FOUND(db, "kau", "6 ");
	CHECK_FOUND(db, "kaun", "6 ");
	CHECK_FOUND(db, "kauna", "6 ");
	CHECK_FOUND(db, "kaunas", "6 ");
	CHECK_FOUND(db, "kaunasx", "");
	CHECK_FOUND(db, "telefone zem", "2 ");
	CHECK_FOUND(db, "  kaunas  ", "6 ");
	sqlite3_close(db);
}

TEST(search_places_themes_skills)
{
	sqlite3 *db = kiosk_db_open(":memory:");

	put_base(db);
	CHECK_FOUND(db, "kelm", "7 6 ");        /* Kelmės r.; the featured first */
	CHECK_FOUND(db, "vilniaus apskr", "4 5 ");
	CHECK_FOUND(db, "inovac", "2 ");
	CHECK_FOUND(db, "aplinka", "6 7 ");
	CHECK_FOUND(db, "programav", "2 ");
	CHECK_FOUND(db, "e-mail", "6 ");
	CHECK_FOUND(db, "regionu pletra", "2 ");
	sqlite3_close(db);
}

TEST(search_hostile_text_is_safe)
{
	static const char *const hostile[] = {
		"foo\"", "e-mail", "*", "NEAR(", "\"", "AND", "OR NOT", "-", "^", ":", "(", ")",
		"a OR b", "NOT", "title:kaunas", "{title}", "\"\"", "'", "'; DROP TABLE cases; --",
		"\\", "%", "_", "_m43", "+", "kau*", "NEAR(kaunas keramika, 2)", "\xff\xfe",
		"ka\xc3", "\xc3\x28", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x80\xae", "\t\n",
		"", "   ", "€", "„kaunas“",
	};
	struct search_filter f;
	struct search_result r;
	struct buf big = {0};
	sqlite3 *db = kiosk_db_open(":memory:");
	char *err = NULL;
	size_t i;
	int k;

	put_base(db);
	search_filter_init(&f);
	f.story = true;
	for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		f.query = hostile[i];
		if (!CHECK(search_cases(db, &f, 0, 50, true, &r, &err) == 0))
			fprintf(stderr, "  query \"%s\": %s\n", hostile[i], err);
		search_result_free(&r);
		for (k = FACET_COUNTY; k <= FACET_AREA; k++) {
			int counts[MUNICIPALITY_COUNT];

			CHECK(search_counts(db, &f, (enum facet)k, counts, &err) == 0);
		}
	}
	for (i = 0; i < 10 * 1024; i++)
		buf_addc(&big, "ab\"* -(:^"[i % 9]);
	f.query = big.s;
	CHECK(search_cases(db, &f, 0, 50, true, &r, &err) == 0);
	search_result_free(&r);
	buf_free(&big);
	for (i = 0; i < 3000; i++)
		buf_adds(&big, "ž ");
	f.query = big.s;
	CHECK(search_cases(db, &f, 0, 50, true, &r, &err) == 0);
	search_result_free(&r);
	buf_free(&big);
	/* Quoted words keep their meaning: the operators are just words. */
	CHECK_FOUND(db, "kaunas\"", "6 ");
	CHECK_FOUND(db, "\"kaunas", "6 ");
	CHECK_FOUND(db, "NEAR(kaunas", "");
	CHECK_FOUND(db, "_m43", "");             /* filter tokens cannot be typed */
	free(err);
	sqlite3_close(db);
}

TEST(search_match_expr)
{
	char *e;

	e = search_match_expr("Žemės  ūk");
	CHECK_STR(e, "\"zemes\"* \"uk\"*");
	free(e);
	e = search_match_expr("foo\" OR bar");
	CHECK_STR(e, "\"foo\"* \"or\"* \"bar\"*");
	free(e);
	e = search_match_expr("Łódź");
	CHECK_STR(e, "\"lodz\"*");
	free(e);
	CHECK(search_match_expr("") == NULL);
	CHECK(search_match_expr(NULL) == NULL);
	CHECK(search_match_expr("*** -- ^") == NULL);
}

TEST(search_story_words)
{
	CHECK_INT(search_story_words("savanor"), 1);
	CHECK_INT(search_story_words("a b ž"), 0);     /* one letter: the first pass only */
	CHECK_INT(search_story_words("a bi"), 1);
	CHECK_INT(search_story_words(""), 0);
	CHECK_INT(search_story_words(NULL), 0);
	CHECK_INT(search_story_words("\" * -"), 0);
}

TEST(search_filters_with_text)
{
	struct search_filter f;
	sqlite3 *db = kiosk_db_open(":memory:");
	char *got;

	put_base(db);
	search_filter_init(&f);
	snprintf(f.county, sizeof f.county, "LT-SA");
	got = found(db, &f);
	CHECK_STR(got, "2 7 1 3 6 ");
	free(got);
	f.query = "k";
	got = found(db, &f);
	CHECK_STR(got, "7 6 1 ");
	free(got);
	snprintf(f.municipality, sizeof f.municipality, "LT-19");
	got = found(db, &f);
	CHECK_STR(got, "7 6 ");
	free(got);
	f.theme = THEME_COMMUNITY;
	got = found(db, &f);
	CHECK_STR(got, "7 ");
	free(got);
	f.theme = -1;
	f.featured = true;
	got = found(db, &f);
	CHECK_STR(got, "7 ");
	free(got);
	search_filter_init(&f);
	f.area = AREA_SOCIAL_SCIENCES;
	got = found(db, &f);
	CHECK_STR(got, "4 ");
	free(got);
	f.query = "lodz";
	got = found(db, &f);
	CHECK_STR(got, "4 ");
	free(got);
	search_filter_init(&f);
	snprintf(f.county, sizeof f.county, "LT-XX");
	got = found(db, &f);
	CHECK_STR(got, "");
	free(got);
	sqlite3_close(db);
}

TEST(search_counts_per_facet)
{
	struct search_filter f;
	sqlite3 *db = kiosk_db_open(":memory:");
	int counts[MUNICIPALITY_COUNT], sa = -1, vl = -1, lt43 = -1, i;

	put_base(db);
	for (i = 0; i < COUNTY_COUNT; i++) {
		if (strcmp(counties[i].code, "LT-SA") == 0)
			sa = i;
		if (strcmp(counties[i].code, "LT-VL") == 0)
			vl = i;
	}
	for (i = 0; i < MUNICIPALITY_COUNT; i++) {
		if (strcmp(municipalities[i].code, "LT-43") == 0)
			lt43 = i;
	}
	search_filter_init(&f);
	CHECK(search_counts(db, &f, FACET_COUNTY, counts, NULL) == 0);
	CHECK_INT(counts[sa], 5);
	CHECK_INT(counts[vl], 2);
	CHECK(search_counts(db, &f, FACET_THEME, counts, NULL) == 0);
	CHECK_INT(counts[THEME_COMMUNITY], 5);
	CHECK_INT(counts[THEME_ENVIRONMENT], 2);
	CHECK_INT(counts[THEME_INNOVATION], 1);
	CHECK(search_counts(db, &f, FACET_AREA, counts, NULL) == 0);
	CHECK_INT(counts[AREA_HUMANITIES], 5);
	/* With text, and the facet's own choice replaced by each value. */
	f.query = "siaul";
	snprintf(f.county, sizeof f.county, "LT-VL");
	CHECK(search_counts(db, &f, FACET_COUNTY, counts, NULL) == 0);
	CHECK_INT(counts[sa], 5);       /* places include the county */
	CHECK_INT(counts[vl], 0);
	CHECK(search_counts(db, &f, FACET_MUNICIPALITY, counts, NULL) == 0);
	CHECK_INT(counts[lt43], 0);     /* the county filter still holds */
	f.county[0] = '\0';
	CHECK(search_counts(db, &f, FACET_MUNICIPALITY, counts, NULL) == 0);
	CHECK_INT(counts[lt43], 2);
	f.theme = THEME_INNOVATION;
	CHECK(search_counts(db, &f, FACET_MUNICIPALITY, counts, NULL) == 0);
	CHECK_INT(counts[lt43], 0);
	CHECK(search_counts(db, &f, FACET_THEME, counts, NULL) == 0);
	CHECK_INT(counts[THEME_COMMUNITY], 3);
	CHECK_INT(counts[THEME_INNOVATION], 1);
	/* The story pass counts too. */
	search_filter_init(&f);
	f.query = "povandenin";
	CHECK(search_counts(db, &f, FACET_AREA, counts, NULL) == 0);
	CHECK_INT(counts[AREA_HUMANITIES], 0);
	f.story = true;
	CHECK(search_counts(db, &f, FACET_AREA, counts, NULL) == 0);
	CHECK_INT(counts[AREA_HUMANITIES], 1);
	sqlite3_close(db);
}

TEST(search_story_is_a_second_pass)
{
	struct search_filter f;
	sqlite3 *db = kiosk_db_open(":memory:");
	char *got;

	put_base(db);
	search_filter_init(&f);
	f.query = "povandenin";
	got = found(db, &f);
	CHECK_STR(got, "");
	free(got);
	f.story = true;
	got = found(db, &f);
	CHECK_STR(got, "6 ");
	free(got);
	/* Title matches before story matches. */
	f.query = "tais";
	got = found(db, &f);
	CHECK_STR(got, "1 ");
	free(got);
	f.query = "savanor";
	got = found(db, &f);
	CHECK_STR(got, "1 ");
	free(got);
	sqlite3_close(db);
}

TEST(search_ranks_title_first)
{
	static const struct spec s[] = {
		{"Dirbtuvės", "Medis Medinis", NULL, NULL, NULL, "\"medis\"", NULL, 0},
		{"Medžio dirbtuvės", "Ona", NULL, NULL, NULL, NULL, NULL, 0},
	};
	struct search_filter f;
	sqlite3 *db = kiosk_db_open(":memory:");
	struct buf title = {0};
	char *got;
	int i;

	put(db, 1, &s[0]);
	put(db, 2, &s[1]);
	CHECK_FOUND(db, "med", "2 1 ");
	/* Many matches (more than are ranked): the title matches still come first. */
	for (i = 3; i < 400; i++) {
		struct spec x = {"Kita istorija", "Medeinė", NULL, NULL, NULL, NULL, NULL, 0};

		if (i == 350)
			x.title = "Medžiai";
		put(db, i, &x);
	}
	search_filter_init(&f);
	f.query = "me";
	{
		struct search_result r;

		CHECK(search_cases(db, &f, 0, 3, true, &r, NULL) == 0);
		CHECK_INT(r.n, 3);
		CHECK_INT(r.total, 399);
		for (i = 0; i < r.n; i++)
			buf_addf(&title, "%s|", r.hits[i].title);
		search_result_free(&r);
	}
	CHECK_STR(title.s, "Medžio dirbtuvės|Medžiai|Dirbtuvės|");
	buf_free(&title);
	/* Paging gives the same order as one long page. */
	{
		struct search_result all, page;
		int off;

		CHECK(search_cases(db, &f, 0, 1000, false, &all, NULL) == 0);
		CHECK_INT(all.n, 399);
		for (off = 0; off < 399; off += 37) {
			CHECK(search_cases(db, &f, off, 37, false, &page, NULL) == 0);
			for (i = 0; i < page.n; i++)
				CHECK_STR(page.hits[i].id, all.hits[off + i].id);
			search_result_free(&page);
		}
		search_result_free(&all);
	}
	got = q(db, "medziai");
	CHECK_STR(got, "350 ");
	free(got);
	sqlite3_close(db);
}

TEST(search_empty_lists_everything)
{
	struct search_filter f;
	struct search_result r;
	sqlite3 *db = kiosk_db_open(":memory:");

	put_base(db);
	search_filter_init(&f);
	CHECK(search_cases(db, &f, 0, 100, true, &r, NULL) == 0);
	CHECK_INT(r.n, 7);
	CHECK_INT(r.total, 7);
	if (r.n == 7) {
		CHECK(r.hits[0].featured && r.hits[1].featured && !r.hits[2].featured);
		CHECK_STR(r.hits[0].municipality, "LT-44");
		CHECK_STR(r.hits[0].person, "Dovydas");
	}
	search_result_free(&r);
	CHECK(search_cases(db, &f, 5, 100, false, &r, NULL) == 0);
	CHECK_INT(r.n, 2);
	search_result_free(&r);
	CHECK(search_cases(db, &f, 50, 100, false, &r, NULL) == 0);
	CHECK_INT(r.n, 0);
	search_result_free(&r);
	sqlite3_close(db);
}

static int always(void *arg)
{
	int *calls = arg;

	(*calls)++;
	return 1;
}

TEST(search_cancel_returns_1)
{
	struct search_filter f;
	struct search_result r;
	sqlite3 *db = kiosk_db_open(":memory:");
	int counts[THEME_COUNT], calls = 0, i;
	char *err = NULL;

	for (i = 1; i <= 300; i++) {
		struct spec x = {"Kita istorija", "Medeinė", NULL, NULL, NULL, NULL, NULL, 0};

		put(db, i, &x);
	}
	search_filter_init(&f);
	search_set_cancel(db, always, &calls);
	f.query = "";
	CHECK_INT(search_cases(db, &f, 0, 300, true, &r, &err), 1);
	CHECK_INT(r.n, 0);
	search_result_free(&r);
	f.query = "ist";
	f.story = true;
	CHECK_INT(search_cases(db, &f, 0, 300, true, &r, &err), 1);
	search_result_free(&r);
	CHECK_INT(search_counts(db, &f, FACET_THEME, counts, &err), 1);
	CHECK(calls >= 3);
	search_set_cancel(db, NULL, NULL);
	CHECK_INT(search_cases(db, &f, 0, 300, true, &r, &err), 0);
	CHECK_INT(r.n, 300);
	search_result_free(&r);
	free(err);
	sqlite3_close(db);
}

TEST(search_whole_words_first)
{
	struct search_filter f;
	struct search_result r;
	sqlite3 *db = kiosk_db_open(":memory:");
	int i;

	for (i = 1; i <= 305; i++) {
		struct spec x = {i > 300 ? "Istorijai kampas" : "Istorija apie kaimą", "Ona",
				 NULL, NULL, NULL, NULL, NULL, 0};

		put(db, i, &x);
	}
	search_filter_init(&f);
	f.query = "istorija ka";
	/* A first page from the whole word alone... */
	CHECK(search_cases(db, &f, 0, 20, true, &r, NULL) == 0);
	CHECK_INT(r.n, 20);
	CHECK_INT(r.total, 305);
	for (i = 0; i < r.n; i++)
		CHECK_STR(r.hits[i].title, "Istorija apie kaimą");
	search_result_free(&r);
	/* ...and every prefix match after those. */
	CHECK(search_cases(db, &f, 0, 1000, false, &r, NULL) == 0);
	CHECK_INT(r.n, 305);
	for (i = 300; i < r.n; i++)
		CHECK_STR(r.hits[i].title, "Istorijai kampas");
	search_result_free(&r);
	CHECK(search_cases(db, &f, 290, 20, false, &r, NULL) == 0);
	CHECK_INT(r.n, 15);
	search_result_free(&r);
	sqlite3_close(db);
}

TEST(search_localise_titles)
{
	struct search_filter f;
	struct search_result r;
	sqlite3 *db = kiosk_db_open(":memory:");
	json_t *j = json_loads("{\"id\": \"00000000-0000-4000-8000-000000000009\","
			       " \"person\": \"Ieva\", \"municipality\": \"LT-43\","
			       " \"area\": \"humanities\", \"themes\": [\"community\"],"
			       " \"title\": \"Taisymo kavinė\", \"translations\": {\"en\":"
			       " {\"title\": \"Repair café\"}}}", 0, NULL);
	struct career c;

	put_base(db);
	if (j == NULL || career_from_json(j, &c, NULL) < 0)
		t_fail("bad case");
	CHECK(catalogue_put_case(db, &c, NULL) == 0);
	career_free(&c);
	json_decref(j);
	search_filter_init(&f);
	f.query = "repair";             /* translated titles are searched too */
	CHECK(search_cases(db, &f, 0, 10, false, &r, NULL) == 0);
	CHECK_INT(r.n, 1);
	CHECK(search_localise(db, &r, "en", NULL) == 0);
	if (r.n == 1)
		CHECK_STR(r.hits[0].title, "Repair café");
	search_result_free(&r);
	f.query = "kavin";
	CHECK(search_cases(db, &f, 0, 10, false, &r, NULL) == 0);
	CHECK(search_localise(db, &r, "ru", NULL) == 0);        /* no such translation */
	CHECK(search_localise(db, &r, "x'); --", NULL) == 0);  /* not a language */
	if (r.n == 1)
		CHECK_STR(r.hits[0].title, "Taisymo kavinė");
	search_result_free(&r);
	f.query = "";
	CHECK(search_cases(db, &f, 0, 10, false, &r, NULL) == 0);
	CHECK(search_localise(db, &r, "en", NULL) == 0);
	CHECK_INT(r.n, 8);
	search_result_free(&r);
	sqlite3_close(db);
}

/* Jobs rank like titles, a little below them: a title match, then a jobs match, then
 * the other fields, then (with the story pass) a match in the story only. */
TEST(search_ranks_title_jobs_story)
{
	static const struct spec s[] = {
		/* 1 */ {"Kita istorija", "Ona", NULL, NULL, NULL, NULL,
			 "Ji dirba programuotoja mieste.", 0},
		/* 2 */ {"Ūkis telefone", "Dovydas", NULL, NULL, NULL, NULL, NULL, 0},
		/* 3 */ {"Dar viena", "Rūta", NULL, NULL, NULL, "\"programuotojų mentorystė\"",
			 NULL, 0},
		/* 4 */ {"Jaunieji programuotojai kaime", "Tomas", NULL, NULL, NULL, NULL, NULL,
			 0},
	};
	static const char *const jobs[] = {"\"dizainerė\"", "\"programuotojas\"",
					   "\"vadovė\"", "\"mokytojas\""};
	struct search_filter f;
	sqlite3 *db = kiosk_db_open(":memory:");
	char *got;
	int i;

	for (i = 0; i < 4; i++)
		put_jobs(db, i + 1, &s[i], jobs[i]);
	search_filter_init(&f);
	f.query = "programuotoj";
	got = found(db, &f);
	CHECK_STR(got, "4 2 3 ");
	free(got);
	f.story = true;
	got = found(db, &f);
	CHECK_STR(got, "4 2 3 1 ");
	free(got);
	/* A job is found by the start of any of its words, without diacritics. */
	CHECK_FOUND(db, "dizainere", "1 ");
	CHECK_FOUND(db, "vadov", "3 ");
	/* Among many matches (the unranked way), jobs come with the titles, first. */
	for (i = 5; i < 400; i++) {
		struct spec x = {"Kita istorija", "Medeinė", NULL, NULL, NULL, "\"medžio darbai\"",
				 NULL, 0};

		put_jobs(db, i, &x, i == 390 ? "\"medkirtys\"" : NULL);
	}
	{
		struct search_result r;

		f.query = "me";
		f.story = false;
		CHECK(search_cases(db, &f, 0, 1, true, &r, NULL) == 0);
		CHECK_INT(r.n, 1);
		CHECK_INT(r.total, 396);
		if (r.n == 1)
			CHECK_STR(r.hits[0].id, "00000000-0000-4000-8000-000000000390");
		search_result_free(&r);
	}
	sqlite3_close(db);
}

/* ---- facet counts against a brute-force count on a generated catalogue ---- */

#define GEN_CASES 240
#define GEN_TITLE 3
#define GEN_STORY 4

/* Words of three syllables from a few that no name, place or theme word starts with, so
 * prefixes of 1 to 6 letters are shared by many cases and match only these words. */
static const char *const gen_syl[] = {"qa", "qe", "xo", "xu", "qi"};

struct gen_case {
	char title[GEN_TITLE][8], story[GEN_STORY][8];
	int muni, area;
	unsigned themes;
	bool featured;
};

static unsigned gen_rng = 12345;

static int gen_pick(int n)
{
	gen_rng = gen_rng * 1103515245u + 12345u;
	return (int)((gen_rng >> 16) % (unsigned)n);
}

static void gen_word(char *w)
{
	snprintf(w, 8, "%s%s%s", gen_syl[gen_pick(5)], gen_syl[gen_pick(5)], gen_syl[gen_pick(5)]);
}

static void gen_put(sqlite3 *db, int n, struct gen_case *g)
{
	struct buf title = {0}, story = {0}, themes = {0};
	struct spec s = {0};
	int i;

	for (i = 0; i < GEN_TITLE; i++) {
		gen_word(g->title[i]);
		buf_addf(&title, "%s%s", i ? " " : "", g->title[i]);
	}
	for (i = 0; i < GEN_STORY; i++) {
		gen_word(g->story[i]);
		buf_addf(&story, "%s%s", i ? " " : "", g->story[i]);
	}
	g->muni = gen_pick(MUNICIPALITY_COUNT);
	g->area = gen_pick(AREA_COUNT);
	g->themes = (1u << gen_pick(THEME_COUNT)) | (gen_pick(2) ? 1u << gen_pick(THEME_COUNT) : 0);
	g->featured = gen_pick(5) == 0;
	for (i = 0; i < THEME_COUNT; i++) {
		if (g->themes & (1u << i))
			buf_addf(&themes, "%s\"%s\"", themes.len ? "," : "", theme_codes[i]);
	}
	s.title = title.s;
	s.story = story.s;
	s.muni = municipalities[g->muni].code;
	s.area = area_codes[g->area];
	s.themes = themes.s;
	s.featured = g->featured;
	put(db, n, &s);
	buf_free(&title);
	buf_free(&story);
	buf_free(&themes);
}

static bool gen_has(const char (*w)[8], int n, const char *prefix)
{
	int i;

	for (i = 0; i < n; i++) {
		if (strncmp(w[i], prefix, strlen(prefix)) == 0)
			return true;
	}
	return false;
}

/* Whether case g matches the one-word query p as search_counts means it: in the title,
 * or with story (and a word of two letters or more) in the story. */
static bool gen_match(const struct gen_case *g, const char *p, bool story)
{
	if (gen_has(g->title, GEN_TITLE, p))
		return true;
	return story && strlen(p) >= 2 && gen_has(g->story, GEN_STORY, p);
}

/* Whether case g passes f's filters, all but those of facet (-1: all). */
static bool gen_passes(const struct gen_case *g, const struct search_filter *f, int facet)
{
	const struct municipality *m = &municipalities[g->muni];

	if (facet != FACET_COUNTY && facet != FACET_MUNICIPALITY && f->municipality[0] &&
	    strcmp(f->municipality, m->code) != 0)
		return false;
	if (facet != FACET_COUNTY && f->county[0] && strcmp(f->county, m->county) != 0)
		return false;
	if (facet != FACET_THEME && f->theme >= 0 && !(g->themes & (1u << f->theme)))
		return false;
	if (facet != FACET_AREA && f->area >= 0 && g->area != f->area)
		return false;
	return !f->featured || g->featured;
}

/* The counts of facet for f, by looking at every case. */
static void gen_brute(const struct gen_case *gs, const struct search_filter *f, int facet,
		      struct search_facets *want)
{
	int i, t;

	for (i = 0; i < GEN_CASES; i++) {
		const struct gen_case *g = &gs[i];
		const struct county *c = county_find(municipalities[g->muni].county);

		if (!gen_match(g, f->query, f->story) || !gen_passes(g, f, facet))
			continue;
		if (facet == FACET_COUNTY)
			want->county[c - counties]++;
		else if (facet == FACET_MUNICIPALITY)
			want->municipality[g->muni]++;
		else if (facet == FACET_AREA)
			want->area[g->area]++;
		for (t = 0; facet == FACET_THEME && t < THEME_COUNT; t++)
			want->theme[t] += (int)((g->themes >> t) & 1);
	}
}

/* got's counts for facet equal want's (exact), or are each at most want's (bounded). */
static int gen_same(const int *got, const int *want, int n, bool bounded)
{
	int i, bad = 0;

	for (i = 0; i < n; i++)
		bad += bounded ? got[i] > want[i] : got[i] != want[i];
	return bad == 0;
}

static void gen_check(sqlite3 *db, const struct gen_case *gs, const struct search_filter *f)
{
	struct search_facets want, got, small;
	int counts[MUNICIPALITY_COUNT], total = 0, i;

	memset(&want, 0, sizeof want);
	for (i = 0; i < FACET_COUNT; i++)
		gen_brute(gs, f, i, &want);
	CHECK_INT(search_facets(db, f, 0, &got, NULL), 0);
	CHECK_INT(search_facets(db, f, 5, &small, NULL), 0);
	for (i = 0; i < COUNTY_COUNT; i++)
		total += want.county[i];
	for (i = 0; i < FACET_COUNT; i++)
		CHECK(!got.partial[i]);
	CHECK(gen_same(got.county, want.county, COUNTY_COUNT, false));
	CHECK(gen_same(got.municipality, want.municipality, MUNICIPALITY_COUNT, false));
	CHECK(gen_same(got.theme, want.theme, THEME_COUNT, false));
	CHECK(gen_same(got.area, want.area, AREA_COUNT, false));
	/* search_counts, one facet at a time, says the same. */
	CHECK_INT(search_counts(db, f, FACET_MUNICIPALITY, counts, NULL), 0);
	CHECK(gen_same(counts, want.municipality, MUNICIPALITY_COUNT, false));
	CHECK_INT(search_counts(db, f, FACET_THEME, counts, NULL), 0);
	CHECK(gen_same(counts, want.theme, THEME_COUNT, false));
	/* Bounded: lower bounds past the limit, and said so; exact below it. */
	CHECK(small.partial[FACET_COUNTY] == (total > 5));
	CHECK(gen_same(small.county, want.county, COUNTY_COUNT, small.partial[FACET_COUNTY]));
	CHECK(gen_same(small.municipality, want.municipality, MUNICIPALITY_COUNT,
		       small.partial[FACET_MUNICIPALITY]));
	CHECK(gen_same(small.theme, want.theme, THEME_COUNT, small.partial[FACET_THEME]));
	CHECK(gen_same(small.area, want.area, AREA_COUNT, small.partial[FACET_AREA]));
}

TEST(search_facets_equal_a_brute_force_count)
{
	static struct gen_case gs[GEN_CASES];
	struct search_filter f;
	sqlite3 *db = kiosk_db_open(":memory:");
	char p[8];
	int i, len, k;

	for (i = 0; i < GEN_CASES; i++)
		gen_put(db, i + 1, &gs[i]);
	for (k = 0; k < 12; k++) {
		const struct gen_case *g = &gs[gen_pick(GEN_CASES)];

		for (len = 1; len <= 6; len++) {
			snprintf(p, sizeof p, "%.*s", len, k % 2 ? g->story[k % GEN_STORY] :
				 g->title[k % GEN_TITLE]);
			search_filter_init(&f);
			f.query = p;
			f.story = k % 3 != 0;
			switch (k % 6) {
			case 1:
				snprintf(f.county, sizeof f.county, "%s",
					 municipalities[g->muni].county);
				break;
			case 2:
				snprintf(f.municipality, sizeof f.municipality, "%s",
					 municipalities[g->muni].code);
				f.theme = gen_pick(THEME_COUNT);
				break;
			case 3:
				f.area = g->area;
				f.featured = true;
				break;
			case 4:
				f.theme = gen_pick(THEME_COUNT);
				snprintf(f.county, sizeof f.county, "%s",
					 municipalities[g->muni].county);
				f.area = gen_pick(AREA_COUNT);
				break;
			}
			gen_check(db, gs, &f);
		}
	}
	sqlite3_close(db);
}
