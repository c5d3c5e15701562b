/* The Figures screen of the staff review TUI and its engine (src/review_stats.c): the
 * bar layout and the reading of the hub's figures alone, then the screen in a pty
 * (tests/vt.h) against a real vitrina-hub that two kiosks sent counts to. */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "review_stats.h"
#include "t.h"
#include "hub_harness.h"
#include "util.h"
#include "vt.h"

#define WAIT 5000
#define CASE_A "11111111-1111-4111-8111-111111111111"
#define CASE_B "22222222-2222-4222-8222-222222222222"
#define CASE_C "33333333-3333-4333-8333-333333333333"

/* ---- the bar layout ---- */

TEST(figures_bars_layout)
{
	static const int64_t v[] = {40, 20, 10, 5, 0, 1};
	static const int64_t odd[] = {3, 2};
	static const int64_t tiny[] = {1000000, 1, 0};
	static const int64_t huge[] = {INT64_MAX, INT64_MAX / 2};
	int len[6], i;

	review_stats_bars(v, 6, 40, 8, len);
	{
		static const int want[] = {320, 160, 80, 40, 0, 8};

		for (i = 0; i < 6; i++)
			CHECK_INT(len[i], want[i]);
	}
	review_stats_bars(v, 6, 40, 1, len);
	{
		static const int want[] = {40, 20, 10, 5, 0, 1};

		for (i = 0; i < 6; i++)
			CHECK_INT(len[i], want[i]);
	}
	/* shares round to the nearest step: 2/3 of 10 cells is 6.67 -> 7, or 53 eighths */
	review_stats_bars(odd, 2, 10, 1, len);
	CHECK_INT(len[0], 10);
	CHECK_INT(len[1], 7);
	review_stats_bars(odd, 2, 10, 8, len);
	CHECK_INT(len[1], 53);
	/* any value above zero shows as a whole cell at least; zero shows nothing */
	review_stats_bars(tiny, 3, 10, 8, len);
	CHECK_INT(len[0], 80);
	CHECK_INT(len[1], 8);
	CHECK_INT(len[2], 0);
	review_stats_bars(huge, 2, 50, 8, len);
	CHECK_INT(len[0], 400);
	CHECK_INT(len[1], 200);
	/* nothing to draw in: nothing drawn; all zero: no bars */
	review_stats_bars(v, 6, 0, 8, len);
	for (i = 0; i < 6; i++)
		CHECK_INT(len[i], 0);
	review_stats_bars(tiny + 2, 1, 10, 8, len);
	CHECK_INT(len[0], 0);
}

/* ---- reading the hub's figures ---- */

TEST(figures_parse_rows)
{
	static const char json[] =
		"{\"from\": \"2026-11-08\", \"to\": \"2026-12-07\", \"by\": \"case\", \"rows\": ["
		"{\"key\": \"" CASE_A "\", \"title\": \"Beekeeping club\", \"county\": \"LT-AL\","
		" \"sessions\": 0, \"stories_read\": 40, \"searches\": 0, \"inspired\": 2,"
		" \"quiz_done\": 0, \"requests\": 3, \"requests_by_kind\": {\"contact\": 2,"
		" \"nomination\": 0, \"question\": 1}},"
		"{\"key\": \"LT-43\", \"name\": \"\xc5\xa0iauliai\", \"stories_read\": 7}]}";
	struct review_stats s;
	struct review_stats_row t;
	char *err = NULL;

	if (!CHECK(review_stats_parse(json, &s, &err) == 0)) {
		fprintf(stderr, "  %s\n", err);
		return;
	}
	CHECK_INT(s.n, 2);
	CHECK_STR(s.rows[0].key, CASE_A);
	CHECK_STR(s.rows[0].name, "Beekeeping club");
	CHECK_STR(s.rows[0].county, "LT-AL");
	CHECK_INT(s.rows[0].stories_read, 40);
	CHECK_INT(s.rows[0].inspired, 2);
	CHECK_INT(s.rows[0].requests, 3);
	CHECK_INT(s.rows[0].contact, 2);
	CHECK_INT(s.rows[0].question, 1);
	CHECK_STR(s.rows[1].name, "\xc5\xa0iauliai");
	CHECK_STR(s.rows[1].county, "");
	CHECK_INT(s.rows[1].sessions, 0);       /* missing counts are 0 */
	review_stats_total(&s, &t);
	CHECK_INT(t.stories_read, 47);
	CHECK_INT(t.requests, 3);
	review_stats_sort(&s, offsetof(struct review_stats_row, stories_read));
	CHECK_STR(s.rows[0].key, CASE_A);
	review_stats_sort_keys(&s);
	CHECK_STR(s.rows[0].key, CASE_A);       /* "1111..." before "LT-43" */
	review_stats_free(&s);
	CHECK(review_stats_parse("{\"rows\": []}", &s, &err) == 0 && s.n == 0);
}

/* Kiosks that do not say where they stand are the key "" (the hub names it "unknown"). */
TEST(figures_parse_unknown_place)
{
	struct review_stats s;
	char *err = NULL;

	CHECK_INT(review_stats_parse("{\"rows\": [{\"key\": \"\", \"name\": \"unknown\","
				     " \"sessions\": 3}]}", &s, &err), 0);
	CHECK_INT(s.n, 1);
	CHECK(s.n == 1 && s.rows[0].key[0] == '\0' && s.rows[0].sessions == 3);
	review_stats_free(&s);
	free(err);
}

TEST(figures_parse_refuses_bad_answers)
{
	static const char *const bad[] = {
		"", "not json", "[1, 2]", "{\"rows\": {}}", "{\"items\": []}",
		"{\"rows\": [1]}",
		"{\"rows\": [{\"sessions\": 1}]}",
		"{\"rows\": [{\"key\": 5}]}",
		"{\"rows\": [{\"key\": \"a\", \"sessions\": -1}]}",
		"{\"rows\": [{\"key\": \"a\", \"sessions\": 1.5}]}",
		"{\"rows\": [{\"key\": \"a\", \"sessions\": \"3\"}]}",
		"{\"rows\": [{\"key\": \"a\", \"requests_by_kind\": {\"contact\": -2}}]}",
		"{\"rows\": [{\"key\": \"a\"}], \"rows\": []}",
		"{\"rows\": [{\"key\": \"0123456789012345678901234567890123456789012345678901"
		"234567890123456789\"}]}",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct review_stats s;
		char *err = NULL;

		if (!CHECK(review_stats_parse(bad[i], &s, &err) == -1))
			fprintf(stderr, "  accepted: %s\n", bad[i]);
		CHECK(s.n == 0 && s.rows == NULL);
		CHECK(err != NULL && err[0] != '\0');
		free(err);
	}
}

/* That many rows are read; of more, the first REVIEW_STATS_MAX_ROWS (the most read). */
TEST(figures_parse_too_many_rows)
{
	struct buf b = {0};
	struct review_stats s;
	char *err = NULL;
	int i;

	buf_adds(&b, "{\"rows\": [");
	for (i = 0; i < REVIEW_STATS_MAX_ROWS; i++)
		buf_addf(&b, "%s{\"key\": \"k%d\", \"stories_read\": %d}", i ? "," : "", i, i);
	buf_adds(&b, "]}");
	if (CHECK(review_stats_parse(b.s, &s, &err) == 0))
		CHECK_INT(s.n, REVIEW_STATS_MAX_ROWS);
	review_stats_free(&s);
	b.len -= 2;
	CHECK(!s.more);
	buf_adds(&b, ",{\"key\": \"one too many\"}]}");
	if (CHECK(review_stats_parse(b.s, &s, &err) == 0)) {
		CHECK_INT(s.n, REVIEW_STATS_MAX_ROWS);
		CHECK(s.more && strcmp(s.rows[s.n - 1].key, "k999") == 0);
	}
	review_stats_free(&s);
	free(err);
	buf_free(&b);
}

/* Titles and names reach the screen without controls, escapes or bidi overrides. */
TEST(figures_parse_sanitises_titles)
{
	static const char json[] =
		"{\"rows\": [{\"key\": \"k\\r\\n1\", \"title\": \"Bee\\u001b[2J\\u001b]0;x\\u0007"
		"keeping\\r\\u202eclub\\u200b \\u0085end\\t!\", \"county\": \"LT-\\u001bAL\","
		" \"stories_read\": 3}]}";
	struct review_stats s;
	char *err = NULL;
	const char *p;

	if (!CHECK(review_stats_parse(json, &s, &err) == 0)) {
		fprintf(stderr, "  %s\n", err);
		return;
	}
	for (p = s.rows[0].name; *p; p++)
		CHECK((unsigned char)*p >= 0x20 && *p != 0x7f);
	CHECK(strstr(s.rows[0].name, "\xe2\x80\xae") == NULL);    /* U+202E */
	CHECK(strstr(s.rows[0].name, "\xc2\x85") == NULL);        /* U+0085 */
	CHECK(strstr(s.rows[0].name, "Bee") != NULL && strstr(s.rows[0].name, "end") != NULL);
	CHECK(strchr(s.rows[0].key, '\r') == NULL && strchr(s.rows[0].key, '\n') == NULL);
	CHECK(strchr(s.rows[0].county, 0x1b) == NULL);
	review_stats_free(&s);
}

TEST(figures_days_and_paths)
{
	char out[11], *p;

	CHECK(review_stats_day_add("2026-12-07", -29, out) == 0);
	CHECK_STR(out, "2026-11-08");
	CHECK(review_stats_day_add("2026-12-28", 7, out) == 0);
	CHECK_STR(out, "2027-01-04");
	CHECK(review_stats_day_add("2024-03-01", -1, out) == 0);
	CHECK_STR(out, "2024-02-29");
	CHECK(review_stats_month_add("2026-03-31", -1, out) == 0);
	CHECK_STR(out, "2026-02-28");
	CHECK(review_stats_month_add("2026-01-15", -1, out) == 0);
	CHECK_STR(out, "2025-12-15");
	CHECK(review_stats_month_add("2025-12-31", 2, out) == 0);
	CHECK_STR(out, "2026-02-28");
	CHECK_INT(review_stats_days_between("2026-11-08", "2026-12-07"), 29);
	CHECK(review_stats_day_add("2026-13-01", 1, out) == -1);
	CHECK(review_stats_day_add("7 Dec", 1, out) == -1);
	CHECK(review_stats_month_add("", 1, out) == -1);
	review_stats_today(out);
	CHECK(strlen(out) == 10 && out[4] == '-' && out[7] == '-');
	CHECK(review_stats_week("2026-12-07", out) == 0);
	CHECK_STR(out, "2026-W50");
	CHECK(review_stats_week("2026-12-06", out) == 0);       /* a Sunday */
	CHECK_STR(out, "2026-W49");
	CHECK(review_stats_week("2027-01-01", out) == 0);
	CHECK_STR(out, "2026-W53");
	CHECK(review_stats_week("2024-12-30", out) == 0);
	CHECK_STR(out, "2025-W01");
	CHECK(review_stats_week("2026-02-30x", out) == -1);
	CHECK(review_stats_week_monday("2026-W49", out) == 0);
	CHECK_STR(out, "2026-11-30");
	CHECK(review_stats_week_monday("2026-W53", out) == 0);
	CHECK_STR(out, "2026-12-28");
	CHECK(review_stats_week_monday("2025-W01", out) == 0);
	CHECK_STR(out, "2024-12-30");
	CHECK(review_stats_week_monday("2026-W1", out) == -1);
	CHECK(review_stats_week_monday("2026-W54", out) == -1);

	p = review_stats_path(false, "2026-11-08", "2026-12-07", STATS_BY_MUNICIPALITY,
			      "LT-SA", NULL);
	CHECK_STR(p, "/v1/stats?from=2026-11-08&to=2026-12-07&by=municipality&county=LT-SA");
	free(p);
	p = review_stats_path(true, "2026-11-08", "2026-12-07", STATS_BY_WEEK, NULL,
			      "windows-1257");
	CHECK_STR(p, "/v1/stats.csv?from=2026-11-08&to=2026-12-07&by=week&charset=windows-1257");
	free(p);
	p = review_stats_path(false, "a&b", "c d", STATS_BY_THEME, "x=y", NULL);
	CHECK_STR(p, "/v1/stats?from=a%26b&to=c%20d&by=theme&county=x%3Dy");
	free(p);
}

/* The weeks of a period that have no row get a row of zeros, all in order. */
TEST(figures_fill_weeks)
{
	struct review_stats s;
	char *err = NULL;

	if (!CHECK(review_stats_parse("{\"rows\": [{\"key\": \"2026-W49\", \"requests\": 4}]}",
				      &s, &err) == 0))
		return;
	review_stats_fill_weeks(&s, "2026-11-08", "2026-12-07");
	if (CHECK_INT(s.n, 6)) {
		CHECK_STR(s.rows[0].key, "2026-W45");   /* Sunday 8 November */
		CHECK_STR(s.rows[4].key, "2026-W49");
		CHECK_INT(s.rows[4].requests, 4);
		CHECK_INT(s.rows[3].requests, 0);
		CHECK_STR(s.rows[5].key, "2026-W50");
	}
	review_stats_free(&s);
}

/* ---- the screen against a real hub ---- */

struct fig_env {
	struct hubt h;
	char *staff;
	char conf[512], token[512], url[64], bin[1024];
};

static const char catalogue[] =
	"{\"cases\": ["
	"{\"id\": \"" CASE_A "\", \"person\": \"R\xc5\xabta\", \"municipality\": \"LT-43\","
	" \"area\": \"regional_development\", \"themes\": [\"environment\"],"
	" \"title\": \"Beekeeping club\", \"story\": \"Bees.\", \"lang\": \"en\"},"
	"{\"id\": \"" CASE_B "\", \"person\": \"Jonas\", \"municipality\": \"LT-43\","
	" \"area\": \"humanities\", \"themes\": [\"community\"],"
	" \"title\": \"Village radio\", \"story\": \"Radio.\", \"lang\": \"en\"},"
	"{\"id\": \"" CASE_C "\", \"person\": \"Ieva\", \"municipality\": \"LT-15\","
	" \"area\": \"social_sciences\", \"themes\": [\"innovation\"],"
	" \"title\": \"Repair caf\xc3\xa9\", \"story\": \"Tools.\", \"lang\": \"en\"}"
	"], \"partners\": []}\n";

/* A heartbeat of kiosk token tok from municipality with one day's counts. */
static void heartbeat(struct fig_env *e, const char *tok, const char *municipality,
		      const char *counts)
{
	struct hubt_resp r;
	char day[11], *body;
	time_t now = time(NULL);
	struct tm tm;

	strftime(day, sizeof day, "%Y-%m-%d", localtime_r(&now, &tm));
	body = xasprintf("{\"version\": \"0.1.0\", \"outbox\": 0, \"seq\": 0, \"uptime_s\": 9,"
			 " \"municipality\": \"%s\", \"counters\": [{\"day\": \"%s\", %s}]}",
			 municipality, day, counts);
	hubt_http(&e->h, "POST", "/v1/heartbeat", tok, body, NULL, &r);
	if (r.status != 204)
		t_fail("heartbeat: %ld %s", r.status, r.body != NULL ? r.body : "");
	hubt_resp_free(&r);
	free(body);
}

/* A hub with three cases and the counts of two kiosks (k1 in Šiauliai: 36 stories read,
 * 24 of A and 12 of B; k2 in Kaunas: 9 of C), a staff token (of county, or all) in a
 * 0600 file, an English config. */
static void hub_with_figures(struct fig_env *e, const char *county)
{
	char *k1, *k2;

	hubt_init(&e->h, "hub");
	k1 = hubt_token(&e->h, "--kiosk", "k1", NULL, NULL);
	k2 = hubt_token(&e->h, "--kiosk", "k2", NULL, NULL);
	e->staff = hubt_token(&e->h, "--staff", "Ona", county, NULL);
	t_write_file(t_path(3, "cat.json"), catalogue);
	hubt_import(&e->h, t_path(3, "cat.json"));
	hubt_start(&e->h, NULL);
	heartbeat(e, k1, "LT-43", "\"sessions\": 7, \"stories_read\": {\"" CASE_A "\": 24, \""
		  CASE_B "\": 12}, \"searches\": 3, \"inspired\": {\"" CASE_A "\": 2},"
		  " \"quiz_done\": 1, \"requests\": {\"contact\": 2, \"question\": 1}");
	heartbeat(e, k2, "LT-15", "\"sessions\": 5, \"stories_read\": {\"" CASE_C "\": 9},"
		  " \"searches\": 4, \"requests\": {\"nomination\": 1}");
	free(k1);
	free(k2);
	snprintf(e->url, sizeof e->url, "%s", e->h.url);
}

static int screen_rows = 24;

/* `vitrina review` at rows x cols on e->url with e->staff (or a made-up token). */
static void review_start_at(struct fig_env *e, int rows, int cols)
{
	char *argv[] = {e->bin, (char *)"--config", e->conf, (char *)"review", (char *)"--hub",
			e->url, (char *)"--token-file", e->token, NULL};

	snprintf(e->conf, sizeof e->conf, "%s", t_path(0, "kiosk.conf"));
	t_write_file(e->conf, "default_language = en\nlanguages = en lt\n");
	snprintf(e->token, sizeof e->token, "%s", t_path(1, "token"));
	t_write_file(e->token, e->staff != NULL ? e->staff : "0123456789abcdef\n");
	chmod(e->token, 0600);
	snprintf(e->bin, sizeof e->bin, "%s", t_bin("vitrina"));
	screen_rows = rows;
	vt_start(argv, rows, cols);
}

static void review_start(struct fig_env *e)
{
	review_start_at(e, 24, 80);
}

static void review_stop(struct fig_env *e, bool hub)
{
	vt_send(VT_ESC);
	vt_send("q");
	CHECK_INT(vt_wait_exit(WAIT), 0);
	vt_close();
	if (hub)
		hubt_stop(&e->h, 15);
	free(e->staff);
}

/* Open the figures from the inbox and wait until they loaded (the totals line). */
static int open_figures(void)
{
	/* the inbox's key bar offers the figures */
	if (!CHECK(vt_wait_text("f  Figures", WAIT)))
		return 0;
	vt_wait_quiet(50, WAIT);
	CHECK(vt_contains("F1  Help"));
	vt_send("f");
	if (!vt_wait_text("Sessions 12", WAIT)) {
		vt_dump();
		return 0;
	}
	vt_wait_quiet(50, WAIT);
	return 1;
}

struct bar {
	int row;
	int len;                /* in eighths (blocks) or cells ('#') */
	long number;
};

/* The bars on the screen, each with the number after it: blocks (eighths) or '#'. */
static int read_bars(struct bar *bars, int max, bool blocks)
{
	int row, n = 0;

	for (row = 5; row < screen_rows - 1 && n < max; row++) {
		const char *s = vt_screen_text(row), *p;
		int len = 0;
		char *end;

		p = blocks ? strstr(s, "\xe2\x96") : strstr(s, " #");
		if (p == NULL)
			continue;
		if (!blocks)
			p++;
		for (;;) {
			if (blocks && strncmp(p, "\xe2\x96\x88", 3) == 0) {
				len += 8;
				p += 3;
			} else if (blocks && (unsigned char)p[0] == 0xe2 &&
				   (unsigned char)p[1] == 0x96 && (unsigned char)p[2] >= 0x89 &&
				   (unsigned char)p[2] <= 0x8f) {
				len += 8 - ((unsigned char)p[2] - 0x88);
				p += 3;
				break;  /* a part block ends the bar */
			} else if (!blocks && *p == '#') {
				len++;
				p++;
			} else {
				break;
			}
		}
		bars[n].row = row;
		bars[n].len = len;
		bars[n].number = strtol(p, &end, 10);
		if (end == p)
			continue;
		n++;
	}
	return n;
}

/* Each bar's length is its number's share of the largest bar, rounded to a step (at
 * least one cell). */
static void check_bars_follow_numbers(const struct bar *bars, int n, int steps)
{
	int i, big = 0;

	for (i = 1; i < n; i++) {
		if (bars[i].number > bars[big].number)
			big = i;
	}
	for (i = 0; i < n; i++) {
		int want = (int)floor((double)bars[i].number / (double)bars[big].number *
				      bars[big].len + 0.5);

		if (bars[i].number > 0 && want < steps)
			want = steps;
		if (!CHECK_INT(bars[i].len, want))
			fprintf(stderr, "  row %d: %ld\n", bars[i].row, bars[i].number);
	}
}

/* The screen as text, for the lead's note when VITRINA_FIGURES_CAPTURE names a file. */
static void capture(const char *title)
{
	const char *path = getenv("VITRINA_FIGURES_CAPTURE");
	FILE *f;
	int row;

	if (path == NULL || path[0] == '\0' || (f = fopen(path, "a")) == NULL)
		return;
	fprintf(f, "---- %s (80x24) ----\n", title);
	for (row = 0; row < 24; row++)
		fprintf(f, "%s\n", vt_screen_text(row));
	fclose(f);
}

TEST(figures_tui_bars_follow_numbers)
{
	struct fig_env e = {0};
	struct bar bars[20];
	int n, row, col;

	hub_with_figures(&e, NULL);
	review_start(&e);
	if (!CHECK(open_figures()))
		return;
	CHECK(vt_contains("Stories read per municipality"));
	CHECK(vt_contains("Sessions 12 \xc2\xb7 Stories read 45 \xc2\xb7 Searches 7 \xc2\xb7 "
			  "Inspired 2 \xc2\xb7 Requests 4"));
	capture("Stories read per municipality");
	n = read_bars(bars, 20, true);
	if (CHECK_INT(n, 2)) {
		CHECK_INT(bars[0].number, 36);          /* largest first */
		CHECK_INT(bars[1].number, 9);
		CHECK(bars[0].len > 40 * 8);            /* most of 80 columns */
		check_bars_follow_numbers(bars, n, 8);
		CHECK(strstr(vt_screen_text(bars[0].row), "iauliai") != NULL);
		CHECK(strstr(vt_screen_text(bars[1].row), "Kaunas") != NULL);
	}

	/* a click on a tab shows its chart */
	row = vt_find(" 3 Top 10 ", &col);
	if (CHECK(row >= 0))
		vt_send_mouse_click(row, col + 2);
	CHECK(vt_wait_text("Top 10 stories", WAIT));
	vt_wait_quiet(50, WAIT);
	capture("Top 10 stories");
	n = read_bars(bars, 20, true);
	if (CHECK_INT(n, 3)) {
		CHECK_INT(bars[0].number, 24);
		CHECK_INT(bars[1].number, 12);
		CHECK_INT(bars[2].number, 9);
		CHECK(bars[1].len % 8 != 0 || bars[2].len % 8 != 0);    /* eighths in use */
		check_bars_follow_numbers(bars, n, 8);
		CHECK(strstr(vt_screen_text(bars[0].row), "Beekeeping club") != NULL);
		CHECK(strstr(vt_screen_text(bars[2].row), "Repair caf\xc3\xa9") != NULL);
	}

	vt_send("2");
	CHECK(vt_wait_text("Requests per week", WAIT));
	vt_wait_quiet(50, WAIT);
	capture("Requests per week");
	n = read_bars(bars, 20, true);
	if (CHECK_INT(n, 1))
		CHECK_INT(bars[0].number, 4);
	{
		char from[11], week[9];

		/* the quiet weeks show too, from the period's first */
		review_stats_today(from);
		review_stats_day_add(from, -29, from);
		review_stats_week(from, week);
		CHECK(vt_contains(week));
	}

	/* the keys, on 24 rows with the inbox's and the request's */
	vt_send("?");
	CHECK(vt_wait_text("a week earlier or later", WAIT));
	CHECK(vt_wait_text("F2: language", WAIT));      /* the last line, drawn last */
	capture("Keys");
	vt_send(VT_ESC);
	CHECK(vt_wait_gone("a week earlier or later", WAIT));

	vt_send(VT_TAB);
	CHECK(vt_wait_text("Top 10 stories", WAIT));
	vt_send("4");
	CHECK(vt_wait_text("Stories read per theme", WAIT));
	vt_wait_quiet(50, WAIT);
	capture("Stories read per theme");
	n = read_bars(bars, 20, true);
	if (CHECK_INT(n, 3)) {
		CHECK(strstr(vt_screen_text(bars[0].row), "Environment") != NULL);
		check_bars_follow_numbers(bars, n, 8);
	}

	/* a shorter period still holds today; a week earlier holds nothing */
	vt_send("d");
	CHECK(vt_wait_text("(90 days)", WAIT));
	CHECK(vt_wait_text("Sessions 12", WAIT));
	vt_send("[");
	if (!CHECK(vt_wait_text("No figures for this period", WAIT)))
		vt_dump();
	vt_send("]");
	CHECK(vt_wait_text("Sessions 12", WAIT));
	review_stop(&e, true);
}

/* A larger terminal: longer bars, the same shares. */
TEST(figures_tui_uses_a_larger_terminal)
{
	struct fig_env e = {0};
	struct bar bars[20];
	int n;

	hub_with_figures(&e, NULL);
	review_start_at(&e, 40, 132);
	if (!CHECK(open_figures()))
		return;
	vt_send("3");
	CHECK(vt_wait_text("Top 10 stories", WAIT));
	vt_wait_quiet(50, WAIT);
	n = read_bars(bars, 20, true);
	if (CHECK_INT(n, 3)) {
		CHECK(bars[0].len > 100 * 8);
		check_bars_follow_numbers(bars, n, 8);
	}
	review_stop(&e, true);
}

/* On a vt100 in ASCII the bars are '#', and only ASCII reaches the screen. */
TEST(figures_tui_ascii_on_vt100)
{
	struct fig_env e = {0};
	struct bar bars[20];
	int n;

	hub_with_figures(&e, NULL);
	vt_env("TERM", "vt100");
	vt_env("LANG", "C");
	vt_env("LC_ALL", "C");
	review_start(&e);
	if (!CHECK(open_figures()))
		return;
	vt_send("3");
	CHECK(vt_wait_text("Top 10 stories", WAIT));
	vt_wait_quiet(50, WAIT);
	CHECK(vt_screen_ascii());
	capture("Top 10 stories, vt100");
	n = read_bars(bars, 20, false);
	if (CHECK_INT(n, 3)) {
		CHECK_INT(bars[0].number, 24);
		check_bars_follow_numbers(bars, n, 1);
		CHECK(strstr(vt_screen_text(bars[2].row), "Repair cafe") != NULL);
	}
	review_stop(&e, true);
}

/* The chart shown as CSV, named after it, in the charset chosen. */
TEST(figures_tui_export_csv)
{
	struct fig_env e = {0};
	char path[600], *csv;

	hub_with_figures(&e, NULL);
	review_start(&e);
	if (!CHECK(open_figures()))
		return;
	vt_send("e");
	if (!CHECK(vt_wait_text("File name:", WAIT)))
		return;
	vt_send("\025");                        /* Ctrl-U: a name of our own */
	snprintf(path, sizeof path, "%s/muni.csv", t_dir());
	vt_send(path);
	vt_send(VT_ENTER);
	if (!CHECK(vt_wait_text("Saved", WAIT)))
		vt_dump();
	csv = t_read_file(path);
	CHECK(strncmp(csv, "\xef\xbb\xbf\"key\"", 8) == 0 || strncmp(csv, "\"key\"", 5) == 0);
	CHECK(strstr(csv, "\"LT-43\"") != NULL && strstr(csv, "\"LT-15\"") != NULL);
	CHECK(strstr(csv, "\"36\"") != NULL && strstr(csv, "\"9\"") != NULL);
	free(csv);
	vt_send(VT_ENTER);
	CHECK(vt_wait_gone("File name:", WAIT));
	review_stop(&e, true);
}

/* A county's staff asking for another county: the hub's 403 in plain words. */
TEST(figures_tui_other_county_refused)
{
	struct fig_env e = {0};

	hub_with_figures(&e, "LT-SA");
	review_start(&e);
	if (!vt_wait_text("requests", WAIT))
		return;
	vt_send("f");
	/* all counties, as this token may see them: Šiauliai's figures only */
	if (!CHECK(vt_wait_text("Sessions 7", WAIT)))
		vt_dump();
	CHECK(!vt_contains("Kaunas"));
	CHECK(vt_contains("Šiauliai County") && !vt_contains("All counties"));
	vt_send("o");                           /* the first county, Alytus */
	if (!CHECK(vt_wait_text("This token may not do that", WAIT)))
		vt_dump();
	review_stop(&e, true);
}

/* More bars than rows: the heading says which show, the arrows scroll. */
TEST(figures_tui_scrolls_many_municipalities)
{
	struct fig_env e = {0};
	struct bar bars[24];
	char *kiosk, name[24], code[24], *counts;
	int i, n;

	hubt_init(&e.h, "hub");
	e.staff = hubt_token(&e.h, "--staff", "Ona", NULL, NULL);
	t_write_file(t_path(3, "cat.json"), catalogue);
	hubt_import(&e.h, t_path(3, "cat.json"));
	hubt_start(&e.h, NULL);
	for (i = 1; i <= 20; i++) {
		snprintf(name, sizeof name, "k%02d", i);
		snprintf(code, sizeof code, "LT-%02d", i);
		kiosk = hubt_token(&e.h, "--kiosk", name, NULL, NULL);
		counts = xasprintf("\"sessions\": %d, \"stories_read\": {\"" CASE_A "\": %d,"
				   " \"" CASE_C "\": %d}, \"requests\": {\"contact\": %d}", i,
				   i * 3, i % 4, i % 3);
		heartbeat(&e, kiosk, code, counts);
		free(counts);
		free(kiosk);
	}
	snprintf(e.url, sizeof e.url, "%s", e.h.url);
	review_start(&e);
	if (!vt_wait_text("requests", WAIT))
		return;
	vt_send("f");
	if (!CHECK(vt_wait_text("1-17 of 20", WAIT))) {
		vt_dump();
		return;
	}
	vt_wait_quiet(50, WAIT);
	capture("Stories read per municipality, 20 kiosks");
	n = read_bars(bars, 24, true);
	if (CHECK_INT(n, 17)) {
		CHECK_INT(bars[0].number, 20 * 3 + 0);
		CHECK_INT(bars[16].number, 4 * 3 + 0);
		check_bars_follow_numbers(bars, n, 8);
	}
	vt_send(VT_DOWN);
	CHECK(vt_wait_text("2-18 of 20", WAIT));
	vt_send(VT_END_KEY);
	CHECK(vt_wait_text("4-20 of 20", WAIT));
	review_stop(&e, true);
}

/* No hub: the figures say so in plain words, and keys keep working. */
TEST(figures_tui_hub_down)
{
	struct fig_env e = {0};

	snprintf(e.url, sizeof e.url, "http://127.0.0.1:%d", hubt_free_port());
	review_start(&e);
	if (!CHECK(vt_wait_text("Could not load the requests", WAIT)))
		vt_dump();
	vt_send(VT_ENTER);
	CHECK(vt_wait_gone("Could not load the requests", WAIT));
	vt_send("f");
	if (!CHECK(vt_wait_text("Could not load the figures: Could not connect to the hub",
				WAIT)))
		vt_dump();
	vt_send("3");
	CHECK(vt_wait_text("Top 10 stories", WAIT));
	CHECK(vt_contains("Could not connect to the hub"));
	vt_wait_quiet(50, WAIT);
	capture("No hub");
	review_stop(&e, false);
}
