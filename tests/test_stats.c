/* The usage figures at the hub (issue 14): GET /v1/stats and /v1/stats.csv against a
 * real hub fed by heartbeats of kiosks in different places, `vitrina-hub stats`, and
 * real kiosks syncing their counts. */
#include <errno.h>
#include <iconv.h>
#include <inttypes.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "counters.h"
#include "db.h"
#include "hub_harness.h"
#include "kiosk_util.h"
#include "t.h"
#include "test_sync.h"
#include "util.h"

#define CASE1 "11111111-1111-4111-8111-111111111111"
#define CASE2 "22222222-2222-4222-8222-222222222222"
#define CASE3 "33333333-3333-4333-8333-333333333333"

/* CASE1 in Šiauliai (LT-SA), CASE2 in Kaunas District (LT-KU), CASE3 in Varėna District
 * (LT-AL) with a title a spreadsheet would run as a formula. */
static const char catalogue[] =
	"{\"cases\": ["
	"{\"id\": \"" CASE1 "\", \"person\": \"Aistė\", \"municipality\": \"LT-43\","
	" \"area\": \"humanities\", \"themes\": [\"community\", \"innovation\"],"
	" \"title\": \"Bendruomenės namai\"},"
	"{\"id\": \"" CASE2 "\", \"person\": \"Tomas\", \"municipality\": \"LT-16\","
	" \"area\": \"social_sciences\", \"themes\": [\"environment\"],"
	" \"title\": \"Žalias miestas\"},"
	"{\"id\": \"" CASE3 "\", \"person\": \"Jonas\", \"municipality\": \"LT-55\","
	" \"area\": \"social_sciences\", \"themes\": [\"environment\"],"
	" \"title\": \"=1+1 Ąžuolų alėja\"}]}";

/* A hub with the catalogue. Tokens: kiosks k1 (Šiauliai), k2 (Kaunas District), k3 (a
 * bad place), staff Ona (everywhere) and Vytas (LT-KU only). */
struct sh {
	struct hubt h;
	char *k1, *k2, *k3, *staff, *ku;
	char day_a[11], day_b[11];      /* yesterday and a week before it (UTC) */
};

static void day_utc(int offset, char out[11])
{
	time_t t = time(NULL) + (time_t)offset * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void iso_week_of(int offset, char out[16])
{
	time_t t = time(NULL) + (time_t)offset * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 16, "%G-W%V", &tm);
}

/* A heartbeat from kiosk token tok at municipality (NULL: none) with counters (a JSON
 * list); it must answer 204. */
static void beat(const struct sh *s, const char *tok, const char *municipality,
		 const char *counters)
{
	struct hubt_resp r;
	char *place = municipality ? xasprintf(",\"municipality\":\"%s\"", municipality) :
		xstrdup("");
	char *b = xasprintf("{\"version\":\"0.1.0\",\"outbox\":0,\"seq\":1,\"uptime_s\":5%s,"
			    "\"counters\":%s}", place, counters);

	hubt_http(&s->h, "POST", "/v1/heartbeat", tok, b, NULL, &r);
	if (!CHECK_INT(r.status, 204))
		fprintf(stderr, "  %s\n", r.body ? r.body : "");
	hubt_resp_free(&r);
	free(b);
	free(place);
}

static void sh_start(struct sh *s)
{
	hubt_init(&s->h, "hub");
	s->k1 = hubt_token(&s->h, "--kiosk", "k1", NULL, NULL);
	s->k2 = hubt_token(&s->h, "--kiosk", "k2", NULL, NULL);
	s->k3 = hubt_token(&s->h, "--kiosk", "k3", NULL, NULL);
	s->staff = hubt_token(&s->h, "--staff", "Ona", NULL, NULL);
	s->ku = hubt_token(&s->h, "--staff", "Vytas", "LT-KU", NULL);
	t_write_file(t_path(0, "cat.json"), catalogue);
	hubt_import(&s->h, t_path(0, "cat.json"));
	hubt_start(&s->h, NULL);
	day_utc(-1, s->day_a);
	day_utc(-8, s->day_b);
}

/* The counts of the tests (the figures below are worked out from these by hand). */
static void sh_feed(struct sh *s)
{
	char *c;

	/* k1's day A first sent wrong, then right: a day sent again replaces */
	c = xasprintf("[{\"day\":\"%s\",\"sessions\":99,\"stories_read\":{\"" CASE1 "\":50}}]",
		      s->day_a);
	beat(s, s->k1, "LT-43", c);
	free(c);
	c = xasprintf("[{\"day\":\"%s\",\"sessions\":10,\"searches\":4,\"quiz_done\":2,"
		      "\"requests\":{\"contact\":1,\"nomination\":2},"
		      "\"stories_read\":{\"" CASE1 "\":5,\"" CASE2 "\":3,\"" CASE3 "\":1},"
		      "\"inspired\":{\"" CASE1 "\":2}},"
		      "{\"day\":\"%s\",\"sessions\":3,\"requests\":{\"question\":1},"
		      "\"stories_read\":{\"" CASE1 "\":1}}]", s->day_a, s->day_b);
	beat(s, s->k1, "LT-43", c);
	free(c);
	c = xasprintf("[{\"day\":\"%s\",\"sessions\":7,\"searches\":1,\"quiz_done\":1,"
		      "\"requests\":{\"question\":2},\"stories_read\":{\"" CASE2 "\":6},"
		      "\"inspired\":{\"" CASE2 "\":1,\"" CASE1 "\":1}}]", s->day_a);
	beat(s, s->k2, "LT-16", c);
	free(c);
	/* a place that does not exist: counted, under "unknown" */
	c = xasprintf("[{\"day\":\"%s\",\"sessions\":1,\"stories_read\":{\"" CASE1 "\":1}}]",
		      s->day_a);
	beat(s, s->k3, "LT-99", c);
	free(c);
}

static void sh_stop(struct sh *s)
{
	CHECK_INT(hubt_stop(&s->h, SIGTERM), 0);
	free(s->k1);
	free(s->k2);
	free(s->k3);
	free(s->staff);
	free(s->ku);
}

static long long jint(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

/* The rows of a /v1/stats answer as text, a line each:
 * "key|name or title|county|sessions stories_read searches inspired quiz_done requests
 * contact nomination question". */
static char *rows_text(json_t *j)
{
	struct buf b = {0};
	json_t *row, *k;
	size_t i;

	json_array_foreach(json_object_get(j, "rows"), i, row) {
		const char *name = json_string_value(json_object_get(row, "name"));
		const char *title = json_string_value(json_object_get(row, "title"));
		const char *county = json_string_value(json_object_get(row, "county"));

		k = json_object_get(row, "requests_by_kind");
		buf_addf(&b, "%s|%s|%s|%lld %lld %lld %lld %lld %lld %lld %lld %lld\n",
			 json_string_value(json_object_get(row, "key")),
			 name ? name : title ? title : "", county ? county : "",
			 jint(row, "sessions"), jint(row, "stories_read"), jint(row, "searches"),
			 jint(row, "inspired"), jint(row, "quiz_done"), jint(row, "requests"),
			 jint(k, "contact"), jint(k, "nomination"), jint(k, "question"));
	}
	return buf_take(&b);
}

/* GET path as tok: 200 and its rows as rows_text. */
static char *stats_rows(const struct sh *s, const char *path, const char *tok)
{
	json_t *j = hubt_get_json(&s->h, path, tok);
	char *t = rows_text(j);

	json_decref(j);
	return t;
}

#define CHECK_ROWS(s, path, tok, want) do { \
		char *got_ = stats_rows((s), (path), (tok)); \
		CHECK_STR(got_, (want)); \
		free(got_); \
	} while (0)

/* The column sums of an answer's rows, "sessions stories_read ... question". */
static char *sums(json_t *j)
{
	static const char *const cols[6] = {"sessions", "stories_read", "searches", "inspired",
					    "quiz_done", "requests"};
	long long n[6] = {0};
	json_t *row;
	size_t i;
	int k;

	json_array_foreach(json_object_get(j, "rows"), i, row) {
		for (k = 0; k < 6; k++)
			n[k] += jint(row, cols[k]);
	}
	return xasprintf("%lld %lld %lld %lld %lld %lld", n[0], n[1], n[2], n[3], n[4], n[5]);
}

TEST(stats_by_county_and_case_add_up)
{
	struct sh s;
	json_t *j;
	char *t;

	sh_start(&s);
	sh_feed(&s);
	/* defaults: the last 30 days, by county */
	j = hubt_get_json(&s.h, "/v1/stats", s.staff);
	t = rows_text(j);
	CHECK_STR(t, "|unknown||1 1 0 0 0 0 0 0 0\n"
		  "LT-KU|Kaunas County||7 6 1 2 1 2 0 0 2\n"
		  "LT-SA|Šiauliai County||13 10 4 2 2 4 1 2 1\n");
	free(t);
	CHECK_STR(json_string_value(json_object_get(j, "by")), "county");
	CHECK(json_is_null(json_object_get(j, "county")));
	t = sums(j);
	CHECK_STR(t, "21 17 5 4 3 6");
	free(t);
	json_decref(j);
	/* by case: most read first; its reads and presses add up to the same */
	j = hubt_get_json(&s.h, "/v1/stats?by=case", s.staff);
	t = rows_text(j);
	CHECK_STR(t, CASE2 "|Žalias miestas|LT-KU|0 9 0 1 0 0 0 0 0\n"
		  CASE1 "|Bendruomenės namai|LT-SA|0 7 0 3 0 0 0 0 0\n"
		  CASE3 "|=1+1 Ąžuolų alėja|LT-AL|0 1 0 0 0 0 0 0 0\n");
	free(t);
	t = sums(j);
	CHECK_STR(t, "0 17 0 4 0 0");
	free(t);
	json_decref(j);
	CHECK_ROWS(&s, "/v1/stats?by=municipality", s.staff,
		   "|unknown||1 1 0 0 0 0 0 0 0\n"
		   "LT-16|Kaunas District||7 6 1 2 1 2 0 0 2\n"
		   "LT-43|Šiauliai||13 10 4 2 2 4 1 2 1\n");
	/* county= filters for a token that sees everything */
	CHECK_ROWS(&s, "/v1/stats?county=LT-SA", s.staff,
		   "LT-SA|Šiauliai County||13 10 4 2 2 4 1 2 1\n");
	/* a deleted case keeps its counts, without its title */
	hubt_delete_case(&s.h, CASE3);
	CHECK_ROWS(&s, "/v1/stats?by=case&county=LT-SA", s.staff,
		   CASE1 "|Bendruomenės namai|LT-SA|0 6 0 2 0 0 0 0 0\n"
		   CASE2 "|Žalias miestas|LT-KU|0 3 0 0 0 0 0 0 0\n"
		   CASE3 "||LT-AL|0 1 0 0 0 0 0 0 0\n");
	/* the kiosks' places for admins */
	{
		char *admin = hubt_token(&s.h, "--admin", "Root", NULL, NULL);

		j = hubt_get_json(&s.h, "/v1/kiosks", admin);
		t = json_dumps(json_object_get(j, "kiosks"), JSON_COMPACT);
		CHECK(strstr(t, "\"id\":\"k1\"") && strstr(t, "\"municipality\":\"LT-43\""));
		CHECK(strstr(t, "\"municipality\":\"LT-16\"") != NULL);
		free(t);
		json_decref(j);
		free(admin);
	}
	sh_stop(&s);
}

TEST(stats_by_day_week_theme)
{
	struct sh s;
	char *want, *path, week_a[16], week_b[16];

	sh_start(&s);
	sh_feed(&s);
	want = xasprintf("%s|||3 1 0 0 0 1 0 0 1\n%s|||18 16 5 4 3 5 1 2 2\n", s.day_b,
			 s.day_a);
	CHECK_ROWS(&s, "/v1/stats?by=day", s.staff, want);
	free(want);
	/* a week apart: two ISO weeks, in order */
	iso_week_of(-1, week_a);
	iso_week_of(-8, week_b);
	want = xasprintf("%s|||3 1 0 0 0 1 0 0 1\n%s|||18 16 5 4 3 5 1 2 2\n", week_b, week_a);
	CHECK_ROWS(&s, "/v1/stats?by=week", s.staff, want);
	free(want);
	/* only day A: one day, one week */
	path = xasprintf("/v1/stats?by=week&from=%s&to=%s", s.day_a, s.day_a);
	want = xasprintf("%s|||18 16 5 4 3 5 1 2 2\n", week_a);
	CHECK_ROWS(&s, path, s.staff, want);
	free(want);
	free(path);
	/* a story counts under each of its themes */
	CHECK_ROWS(&s, "/v1/stats?by=theme", s.staff,
		   "community|||0 7 0 3 0 0 0 0 0\n"
		   "environment|||0 10 0 1 0 0 0 0 0\n"
		   "innovation|||0 7 0 3 0 0 0 0 0\n");
	/* a range without counts */
	CHECK_ROWS(&s, "/v1/stats?from=2025-01-01&to=2025-01-31", s.staff, "");
	sh_stop(&s);
}

/* ISO weeks where the calendar year and the week's year differ: counts put straight into
 * a hub database (a heartbeat may only bring the last 400 days), read with the CLI. */
TEST(stats_week_numbers_at_year_ends)
{
	static const struct {
		const char *day, *week;
	} w[] = {
		{"2026-01-01", "2026-W01"}, {"2027-01-01", "2026-W53"}, {"2024-12-30", "2025-W01"},
		{"2021-01-03", "2020-W53"}, {"2026-12-07", "2026-W50"}, {"2024-02-29", "2024-W09"},
	};
	struct hubt h;
	sqlite3 *db = NULL;
	char *sql, *out = NULL, *err = NULL;
	size_t i;

	hubt_sqlite_only();
	hubt_init(&h, "hub");
	free(hubt_token(&h, "--staff", "Ona", NULL, NULL));     /* makes the database */
	CHECK(sqlite3_open(h.db, &db) == SQLITE_OK);
	for (i = 0; i < sizeof w / sizeof w[0]; i++) {
		sql = xasprintf("INSERT INTO usage_days(kiosk_id, day, sessions, searches,"
				" quiz_done, req_contact, req_nomination, req_question, municipality,"
				" county) VALUES('k1', '%s', %zu, 0, 0, 0, 0, 0, 'LT-43', 'LT-SA')",
				w[i].day, i + 1);
		CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
		free(sql);
	}
	sqlite3_close(db);
	for (i = 0; i < sizeof w / sizeof w[0]; i++) {
		const char *args[] = {"stats", "--by", "week", "--from", w[i].day, "--to", w[i].day,
				      NULL};
		char *want = xasprintf("\n%s  ", w[i].week);

		CHECK_INT(hubt_cli(&h, args, &out, &err), 0);
		if (!CHECK(out != NULL && strstr(out, want) != NULL))
			fprintf(stderr, "  %s: %s", w[i].day, out ? out : "");
		free(want);
		free(out);
		free(err);
	}
}

TEST(stats_county_limited_token)
{
	struct sh s;

	sh_start(&s);
	sh_feed(&s);
	CHECK_ROWS(&s, "/v1/stats", s.ku, "LT-KU|Kaunas County||7 6 1 2 1 2 0 0 2\n");
	CHECK_ROWS(&s, "/v1/stats?county=LT-KU&by=municipality", s.ku,
		   "LT-16|Kaunas District||7 6 1 2 1 2 0 0 2\n");
	/* by case: the reads at kiosks in the county, of any case */
	CHECK_ROWS(&s, "/v1/stats?by=case", s.ku,
		   CASE2 "|Žalias miestas|LT-KU|0 6 0 1 0 0 0 0 0\n"
		   CASE1 "|Bendruomenės namai|LT-SA|0 0 0 1 0 0 0 0 0\n");
	CHECK(hubt_get_expect(&s.h, "/v1/stats?county=LT-SA", s.ku, 403, "forbidden"));
	CHECK(hubt_get_expect(&s.h, "/v1/stats.csv?county=LT-SA", s.ku, 403, "forbidden"));
	/* kiosks see no figures */
	CHECK(hubt_get_expect(&s.h, "/v1/stats", s.k1, 403, NULL));
	CHECK(hubt_get_expect(&s.h, "/v1/stats", NULL, 401, NULL));
	sh_stop(&s);
}

TEST(stats_bad_input_400)
{
	static const char *const bad[] = {
		"by=month", "by=", "from=2026-13-01", "to=0000-01-05", "from=2026-02-30",
		"to=yesterday",
		"from=2026-1-01", "from=2026-12-07&to=2026-12-06",
		"from=2023-12-07&to=2026-12-07", "county=LT-XX", "county=LT-43",
	};
	struct sh s;
	char *path;
	size_t i;

	sh_start(&s);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		/* "by=" is the default, not an error */
		long want = i == 1 ? 200 : 400;

		path = xasprintf("/v1/stats?%s", bad[i]);
		if (!CHECK(hubt_get_expect(&s.h, path, s.staff, want,
					   want == 400 ? "bad_request" : NULL)))
			fprintf(stderr, "  %s\n", path);
		free(path);
		path = xasprintf("/v1/stats.csv?%s", bad[i]);
		CHECK(hubt_get_expect(&s.h, path, s.staff, want, want == 400 ? "bad_request" : NULL));
		free(path);
	}
	/* 1096 days is the longest range; a county-limited token still gets 400 first */
	CHECK(hubt_get_expect(&s.h, "/v1/stats?from=2023-12-08&to=2026-12-07", s.staff, 200,
			      NULL));
	CHECK(hubt_get_expect(&s.h, "/v1/stats?from=2023-12-07&to=2026-12-07", s.ku, 400,
			      "bad_request"));
	CHECK(hubt_get_expect(&s.h, "/v1/stats.csv?charset=latin1", s.staff, 400,
			      "bad_request"));
	sh_stop(&s);
}

/* text (n bytes) from charset to UTF-8 with iconv(3); a new string, or NULL. */
static char *from_charset(const char *text, size_t n, const char *charset)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	size_t cap = n * 4 + 1, left = cap - 1;
	char *out = xcalloc(cap, 1), *in = (char *)text, *o = out;

	if (cd == (iconv_t)-1 || iconv(cd, &in, &n, &o, &left) == (size_t)-1) {
		free(out);
		out = NULL;
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	return out;
}

/* GET path as tok: 200 with content type type; its body. */
static char *get_body(const struct sh *s, const char *path, const char *tok, const char *type,
		      size_t *len)
{
	struct hubt_resp r;
	char *ct, *body = NULL;

	hubt_http(&s->h, "GET", path, tok, NULL, NULL, &r);
	ct = hubt_header(&r, "Content-Type");
	if (CHECK_INT(r.status, 200) && CHECK(ct != NULL) && CHECK_STR(ct, type)) {
		body = r.body;
		r.body = NULL;
		*len = strlen(body);
	}
	free(ct);
	hubt_resp_free(&r);
	return body;
}

TEST(stats_csv_windows_1257)
{
	static const char want_county[] =
		"\"key\",\"name\",\"sessions\",\"stories_read\",\"searches\",\"inspired\","
		"\"quiz_done\",\"requests\",\"requests_contact\",\"requests_nomination\","
		"\"requests_question\"\r\n"
		"\"\",\"unknown\",\"1\",\"1\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\"\r\n"
		"\"LT-KU\",\"Kaunas County\",\"7\",\"6\",\"1\",\"2\",\"1\",\"2\",\"0\",\"0\",\"2\"\r\n"
		"\"LT-SA\",\"Šiauliai County\",\"13\",\"10\",\"4\",\"2\",\"2\",\"4\",\"1\",\"2\","
		"\"1\"\r\n";
	static const char want_case[] =
		"\"key\",\"title\",\"county\",\"sessions\",\"stories_read\",\"searches\","
		"\"inspired\",\"quiz_done\",\"requests\",\"requests_contact\","
		"\"requests_nomination\",\"requests_question\"\r\n"
		"\"" CASE2 "\",\"Žalias miestas\",\"LT-KU\",\"0\",\"9\",\"0\",\"1\",\"0\",\"0\",\"0\","
		"\"0\",\"0\"\r\n"
		"\"" CASE1 "\",\"Bendruomenės namai\",\"LT-SA\",\"0\",\"7\",\"0\",\"3\",\"0\",\"0\","
		"\"0\",\"0\",\"0\"\r\n"
		"\"" CASE3 "\",\"'=1+1 Ąžuolų alėja\",\"LT-AL\",\"0\",\"1\",\"0\",\"0\",\"0\",\"0\","
		"\"0\",\"0\",\"0\"\r\n";
	struct sh s;
	char *body, *text;
	size_t len = 0;

	sh_start(&s);
	sh_feed(&s);
	body = get_body(&s, "/v1/stats.csv?charset=windows-1257", s.staff,
			"text/csv; charset=windows-1257", &len);
	if (body != NULL) {
		/* Š is 0xD0 in windows-1257; no byte order mark */
		CHECK(strstr(body, "\"\xD0iauliai County\"") != NULL);
		CHECK((unsigned char)body[0] == '"');
		text = from_charset(body, len, "WINDOWS-1257");
		CHECK(text != NULL && CHECK_STR(text, want_county));
		free(text);
		free(body);
	}
	body = get_body(&s, "/v1/stats.csv?by=case&charset=windows-1257", s.staff,
			"text/csv; charset=windows-1257", &len);
	if (body != NULL) {
		text = from_charset(body, len, "WINDOWS-1257");
		CHECK(text != NULL && CHECK_STR(text, want_case));
		free(text);
		free(body);
	}
	/* UTF-8: the same text after a byte order mark */
	body = get_body(&s, "/v1/stats.csv?by=case", s.staff, "text/csv; charset=utf-8", &len);
	if (body != NULL) {
		CHECK(strncmp(body, "\xEF\xBB\xBF", 3) == 0);
		CHECK_STR(body + 3, want_case);
		free(body);
	}
	sh_stop(&s);
}

/* The numbers of the "total" line of `vitrina-hub stats` output. */
static char *total_line(const char *out)
{
	const char *p = strstr(out, "\ntotal ");
	struct buf b = {0};
	char *end;
	long long v;

	if (p == NULL)
		return xstrdup("(no total line)");
	for (p += 7; *p && *p != '\n'; p = end) {
		v = strtoll(p, &end, 10);
		if (end == p)
			break;
		buf_addf(&b, b.len ? " %lld" : "%lld", v);
	}
	return b.s ? buf_take(&b) : xstrdup("");
}

TEST(stats_cli_prints_the_same_table)
{
	struct sh s;
	char *out = NULL, *err = NULL, *t;
	const char *county[] = {"stats", NULL};
	const char *cases[] = {"stats", "--by", "case", "--county=LT-KU", NULL};
	const char *bad[][4] = {
		{"stats", "--by", "month", NULL}, {"stats", "--from", "2026-02-30", NULL},
		{"stats", "--county", "LT-XX", NULL}, {"stats", "--to", NULL, NULL},
		{"stats", "--from=2026-12-08", "--to=2026-12-07", NULL},
		{"stats", "extra", NULL, NULL},
	};
	size_t i;

	sh_start(&s);
	sh_feed(&s);
	/* the hub keeps running: the command reads beside it */
	CHECK_INT(hubt_cli(&s.h, county, &out, &err), 0);
	t = total_line(out);
	CHECK_STR(t, "21 17 5 4 3 6 1 2 3");
	free(t);
	CHECK(strstr(out, "key") == out && strstr(out, "sessions") != NULL);
	CHECK(strstr(out, "LT-SA") != NULL && strstr(out, "Šiauliai County") != NULL);
	CHECK(strstr(out, "\n-  ") != NULL);    /* the unknown place */
	/* header, three rows, total */
	{
		int lines = 0;
		const char *p;

		for (p = out; *p; p++)
			lines += *p == '\n';
		CHECK_INT(lines, 5);
	}
	free(out);
	free(err);
	CHECK_INT(hubt_cli(&s.h, cases, &out, &err), 0);
	t = total_line(out);
	CHECK_STR(t, "0 6 0 2 0 0 0 0 0");
	free(t);
	CHECK(strstr(out, CASE2) != NULL && strstr(out, "Žalias miestas") != NULL);
	CHECK(strstr(out, CASE2) < strstr(out, CASE1));
	free(out);
	free(err);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK_INT(hubt_cli(&s.h, bad[i], &out, &err), 2);
		CHECK(err != NULL && strstr(err, "vitrina-hub: stats: ") == err);
		CHECK(err != NULL && strchr(err, '\n') == err + strlen(err) - 1);
		free(out);
		free(err);
	}
	sh_stop(&s);
}

static int count_of(const char *text, const char *what)
{
	int n = 0;

	for (; (text = strstr(text, what)) != NULL; text++)
		n++;
	return n;
}

TEST(stats_unknown_cases_logged_once)
{
	struct sh s;
	char *c, *log;
	int i;

	sh_start(&s);
	c = xasprintf("[{\"day\":\"%s\",\"sessions\":1,\"stories_read\":{\"" CASE1 "\":1,"
		      "\"99999999-9999-4999-8999-999999999999\":4}}]", s.day_a);
	for (i = 0; i < 3; i++)
		beat(&s, s.k1, "LT-43", c);
	free(c);
	log = t_read_file(s.h.err);
	CHECK_INT(count_of(log, "unknown case id"), 1);
	free(log);
	/* another kiosk, and news from the first: logged again */
	c = xasprintf("[{\"day\":\"%s\",\"stories_read\":{"
		      "\"99999999-9999-4999-8999-999999999998\":1,"
		      "\"99999999-9999-4999-8999-999999999999\":4}}]", s.day_a);
	beat(&s, s.k2, "LT-16", c);
	beat(&s, s.k1, "LT-43", c);
	beat(&s, s.k1, "LT-43", c);
	free(c);
	log = t_read_file(s.h.err);
	CHECK_INT(count_of(log, "unknown case id"), 3);
	free(log);
	CHECK_ROWS(&s, "/v1/stats?by=case", s.staff, "");
	sh_stop(&s);
}

/* Two real kiosks in two counties count, sync with `vitrina sync --once`, and the hub's
 * figures are theirs. */
TEST(stats_real_kiosks_sync)
{
	struct hubt h;
	struct sync_kiosk ka, kb;
	char *ta, *tb, *staff, *err = NULL, *path, day[11], from[11], to[11];
	sqlite3 *db;
	int i;

	hubt_init(&h, "hub");
	ta = hubt_token(&h, "--kiosk", "siauliai-1", NULL, NULL);
	tb = hubt_token(&h, "--kiosk", "kaunas-1", NULL, NULL);
	staff = hubt_token(&h, "--staff", "Ona", NULL, NULL);
	t_write_file(t_path(0, "cat.json"), catalogue);
	hubt_import(&h, t_path(0, "cat.json"));
	hubt_start(&h, NULL);
	sync_kiosk_make(&ka, "ka", h.url, ta, "home_municipality = LT-43\n");
	sync_kiosk_make(&kb, "kb", h.url, tb, "home_municipality = LT-16\n");
	db = sync_kiosk_open(&ka);
	for (i = 0; i < 3; i++)
		counters_visit_start(db);
	CHECK(counters_add(db, "stories_read", CASE1, 4, &err) == 0);
	CHECK(counters_add(db, "searches", NULL, 2, &err) == 0);
	CHECK(counters_inspired(db, CASE1) == 1);
	sqlite3_close(db);
	db = sync_kiosk_open(&kb);
	counters_visit_start(db);
	CHECK(counters_add(db, "stories_read", CASE2, 5, &err) == 0);
	CHECK(counters_add(db, "requests", "contact", 1, &err) == 0);
	sqlite3_close(db);
	if (sync_run(&ka, "--once", NULL, &err) != 0 || sync_run(&kb, "--once", NULL, &err) != 0)
		t_fail("sync: %s", err ? err : "");
	/* the kiosks count local days: look a day either side of today (UTC) */
	counters_today(day);
	day_utc(-1, from);
	day_utc(1, to);
	path = xasprintf("/v1/stats?from=%s&to=%s", from, to);
	{
		struct sh s = {.h = h};

		CHECK_ROWS(&s, path, staff, "LT-KU|Kaunas County||1 5 0 0 0 1 1 0 0\n"
			   "LT-SA|Šiauliai County||3 4 2 1 0 0 0 0 0\n");
		free(path);
		path = xasprintf("/v1/stats?by=day&from=%s&to=%s", from, to);
		{
			char *want = xasprintf("%s|||4 9 2 1 0 1 1 0 0\n", day);

			CHECK_ROWS(&s, path, staff, want);
			free(want);
		}
	}
	free(path);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(ta);
	free(tb);
	free(staff);
}

/* The report's figures: what a kiosk stores for a day of counts (10 sessions, 30 stories
 * read across 20 cases, 5 inspired, 3 requests, 6 searches, 1 quiz) and the heartbeat
 * that carries it. */
TEST(stats_kiosk_bytes_per_day)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	char id[37], last[11], *err = NULL, *body;
	json_t *j;
	int i, rows = 0;
	int64_t page_size = 0, pages = 0, payload = 0;

	db = kiosk_db_open(t_path(0, "k.db"));
	for (i = 0; i < 10; i++)
		counters_visit_start(db);
	for (i = 0; i < 30; i++) {
		snprintf(id, sizeof id, "31111111-2222-4333-8444-%012d", i % 20);
		counters_add(db, "stories_read", id, 1, NULL);
	}
	for (i = 0; i < 5; i++) {
		snprintf(id, sizeof id, "31111111-2222-4333-8444-%012d", i);
		counters_inspired(db, id);
	}
	counters_add(db, "requests", "contact", 2, NULL);
	counters_add(db, "requests", "question", 1, NULL);
	counters_add(db, "searches", NULL, 6, NULL);
	counters_add(db, "quiz_done", NULL, 1, NULL);
	CHECK(sqlite3_prepare_v2(db, "SELECT count(*), (SELECT page_size FROM"
				 " pragma_page_size) FROM counters", -1, &st, NULL) == SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW) {
		rows = sqlite3_column_int(st, 0);
		page_size = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	CHECK_INT(rows, 20 + 5 + 2 + 3);
	/* the pages the table takes, if this SQLite has the dbstat table */
	if (sqlite3_prepare_v2(db, "SELECT count(*), sum(payload) FROM dbstat"
			       " WHERE name = 'counters'", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		pages = sqlite3_column_int64(st, 0);
		payload = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	j = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:s}", "version", "0.1.0", "kiosk_id",
		      "siauliai-1", "outbox", (json_int_t)0, "seq", (json_int_t)12345,
		      "uptime_s", (json_int_t)86400, "outbox_oldest_s", (json_int_t)0,
		      "municipality", "LT-43");
	json_object_set_new(j, "counters", counters_heartbeat_json(db, last, &err));
	body = json_dumps(j, JSON_COMPACT);
	CHECK(body != NULL && strstr(body, "\"sessions\":10") != NULL);
	fprintf(stderr, "  kiosk counts for a day: %d rows, %" PRId64 " bytes of records"
		" (dbstat; 0: no dbstat here) on %" PRId64 " page(s) of %" PRId64 " bytes;"
		" heartbeat body %zu bytes\n", rows, payload, pages, page_size,
		body ? strlen(body) : 0);
	free(body);
	json_decref(j);
	sqlite3_close(db);
}
