/* GET /v1/stats and /v1/stats.csv: the kiosks' usage figures (DESIGN §3, §4), and the
 * table they and `vitrina-hub stats` share (stats.h). */
#include "stats.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "charset.h"
#include "csv.h"
#include "hub.h"
#include "regions.h"
#include "request.h"

const char *const stats_group_names[6] = {"county", "municipality", "case", "day", "week",
					  "theme"};
const char *const stats_columns[STATS_NCOLS] = {
	"sessions", "stories_read", "searches", "inspired", "quiz_done", "requests",
	"requests_contact", "requests_nomination", "requests_question",
};

/* The query ----------------------------------------------------------------------- */

/* Days since 1970-01-01 of a date in the proleptic Gregorian calendar. */
static long civil_days(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Days since 1970-01-01 of a valid day "YYYY-MM-DD". */
static long day_number(const char *day)
{
	return civil_days(strtol(day, NULL, 10), strtol(day + 5, NULL, 10),
			  strtol(day + 8, NULL, 10));
}

/* The day n days after 1970-01-01 as YYYY-MM-DD. */
static void day_text(long n, char out[11])
{
	time_t t = (time_t)n * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The ISO week of a valid day as "2026-W49" (out: 40 bytes). */
static void iso_week(const char *day, char *out)
{
	long n = day_number(day), wd = ((n + 3) % 7 + 7) % 7;  /* Monday 0 */
	long thu = n - wd + 3, y = strtol(day, NULL, 10);

	/* the week belongs to the year its Thursday is in */
	if (thu >= civil_days(y + 1, 1, 1))
		y++;
	else if (thu < civil_days(y, 1, 1))
		y--;
	snprintf(out, 40, "%04ld-W%02ld", y, (thu - civil_days(y, 1, 1)) / 7 + 1);
}

/* A real day of this millennium (nothing older was ever counted). */
static int day_ok(const char *s)
{
	return strlen(s) == 10 && strncmp(s, "2000", 4) >= 0 && request_day_valid(s);
}

static int set_msg(char *msg, size_t size, const char *text)
{
	snprintf(msg, size, "%s", text);
	return -1;
}

int stats_query_read(struct stats_query *q, const char *from, const char *to, const char *by,
		     const char *county, char *msg, size_t size)
{
	long span;
	int i;

	memset(q, 0, sizeof *q);
	q->by = BY_COUNTY;
	for (i = 0; by != NULL && by[0] && i < 6 && strcmp(by, stats_group_names[i]) != 0; i++)
		;
	if (i == 6)
		return set_msg(msg, size, "by must be county, municipality, case, day, week or "
			       "theme");
	if (by != NULL && by[0])
		q->by = (enum stats_group)i;
	if (to != NULL && to[0] && !day_ok(to))
		return set_msg(msg, size, "to must be a day such as 2026-12-07 (YYYY-MM-DD)");
	if (from != NULL && from[0] && !day_ok(from))
		return set_msg(msg, size, "from must be a day such as 2026-12-07 (YYYY-MM-DD)");
	if (to != NULL && to[0])
		snprintf(q->to, sizeof q->to, "%s", to);
	else
		day_text((long)(time(NULL) / 86400), q->to);
	if (from != NULL && from[0])
		snprintf(q->from, sizeof q->from, "%s", from);
	else
		day_text(day_number(q->to) - 29, q->from);
	if (strcmp(q->from, q->to) > 0)
		return set_msg(msg, size, "from is after to");
	span = day_number(q->to) - day_number(q->from) + 1;
	if (span > STATS_MAX_DAYS)
		return set_msg(msg, size, "the range is over 3 years (at most 1096 days)");
	if (county != NULL && county[0] && county_find(county) == NULL)
		return set_msg(msg, size, "county must be a county code, LT-AL .. LT-VL");
	if (county != NULL)
		snprintf(q->county, sizeof q->county, "%s", county);
	return 0;
}

/* The table ----------------------------------------------------------------------- */

static void line_counts(struct stats_line *l, const struct stats_row *r)
{
	l->n[0] = r->sessions;
	l->n[1] = r->stories_read;
	l->n[2] = r->searches;
	l->n[3] = r->inspired;
	l->n[4] = r->quiz_done;
	l->n[5] = r->requests[0] + r->requests[1] + r->requests[2];
	l->n[6] = r->requests[0];
	l->n[7] = r->requests[1];
	l->n[8] = r->requests[2];
}

static void line_add(struct stats_line *to, const struct stats_line *l)
{
	int k;

	for (k = 0; k < STATS_NCOLS; k++)
		to->n[k] += l->n[k];
}

/* The English name of a county or municipality code; "unknown" for "". */
static char *place_name(const char *code, enum stats_group by)
{
	const struct municipality *m = municipality_find(code);
	const struct county *c = county_find(code);

	if (by == BY_MUNICIPALITY && m != NULL)
		return xstrdup(m->name_en);
	if (by == BY_COUNTY && c != NULL)
		return xstrdup(c->name_en);
	return xstrdup(code[0] ? code : "unknown");
}

/* A case's title and county from its catalogue JSON; themes (if not NULL) gets its
 * "themes" list (a new reference, NULL if none). */
static void case_facts(struct stats_line *l, const struct stats_row *r, json_t **themes)
{
	json_t *j = r->item ? json_loads(r->item, 0, NULL) : NULL;
	const char *title = json_string_value(json_object_get(j, "title"));
	const struct municipality *m = municipality_find(json_string_value(
		json_object_get(j, "municipality")));

	l->name = xstrdup(title != NULL && !r->item_deleted ? title : "");
	snprintf(l->county, sizeof l->county, "%s", m ? m->county : "");
	if (themes != NULL) {
		*themes = json_incref(json_object_get(j, "themes"));
		if (!json_is_array(*themes)) {
			json_decref(*themes);
			*themes = NULL;
		}
	}
	json_decref(j);
}

/* The line of key in l[0..*n) (added at the end if new; l has room for it). */
static struct stats_line *line_of(struct stats_line *l, int *n, const char *key)
{
	int i;

	for (i = 0; i < *n; i++) {
		if (strcmp(l[i].key, key) == 0)
			return &l[i];
	}
	memset(&l[*n], 0, sizeof l[0]);
	snprintf(l[*n].key, sizeof l[0].key, "%s", key);
	return &l[(*n)++];
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct stats_line *)a)->key, ((const struct stats_line *)b)->key);
}

/* A case's reads and inspired presses under each of its themes. */
static struct stats_line *theme_lines(const struct stats_row *r, int nr, int *n)
{
	struct stats_line *l = NULL, one;
	int i, cap = 0;

	*n = 0;
	for (i = 0; i < nr; i++) {
		json_t *themes, *t;
		size_t k;

		memset(&one, 0, sizeof one);
		case_facts(&one, &r[i], &themes);
		free(one.name);
		one.n[1] = r[i].stories_read;
		one.n[3] = r[i].inspired;
		json_array_foreach(themes, k, t) {
			if (!json_is_string(t) || json_string_length(t) >= sizeof one.key)
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 8;
				l = xrealloc(l, (size_t)(cap + 1) * sizeof *l);
			}
			line_add(line_of(l, n, json_string_value(t)), &one);
		}
		json_decref(themes);
	}
	if (*n > 1)
		qsort(l, (size_t)*n, sizeof *l, by_key);
	return l;
}

/* Days into ISO weeks (the days come in order, so a week's days are together). */
static struct stats_line *week_lines(const struct stats_row *r, int nr, int *n)
{
	struct stats_line *l = xcalloc((size_t)nr + 1, sizeof *l), one;
	char week[40];
	int i;

	*n = 0;
	for (i = 0; i < nr; i++) {
		memset(&one, 0, sizeof one);
		line_counts(&one, &r[i]);
		iso_week(r[i].key, week);
		if (*n == 0 || strcmp(l[*n - 1].key, week) != 0)
			snprintf(l[(*n)++].key, sizeof l[0].key, "%.36s", week);
		line_add(&l[*n - 1], &one);
	}
	return l;
}

int stats_lines(struct store *s, const struct stats_query *q, struct stats_line **out, int *n,
		char **err)
{
	static const enum stats_by store_by[6] = {STATS_COUNTY, STATS_MUNICIPALITY, STATS_CASE,
						  STATS_DAY, STATS_DAY, STATS_CASE};
	struct stats_row *r;
	struct stats_line *l;
	int nr, i;

	*out = NULL;
	*n = 0;
	if (store_stats(s, q->from, q->to, store_by[q->by], q->county, &r, &nr, err) < 0)
		return -1;
	if (q->by == BY_WEEK) {
		l = week_lines(r, nr, n);
	} else if (q->by == BY_THEME) {
		l = theme_lines(r, nr, n);
	} else {
		l = xcalloc((size_t)nr + 1, sizeof *l);
		for (i = 0; i < nr; i++) {
			snprintf(l[i].key, sizeof l[i].key, "%s", r[i].key);
			line_counts(&l[i], &r[i]);
			if (q->by == BY_CASE)
				case_facts(&l[i], &r[i], NULL);
			else if (q->by != BY_DAY)
				l[i].name = place_name(r[i].key, q->by);
		}
		*n = nr;
	}
	store_stats_free(r, nr);
	*out = l;
	return 0;
}

void stats_lines_free(struct stats_line *l, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(l[i].name);
	free(l);
}

/* The endpoints -------------------------------------------------------------------- */

/* The query of the call, limited to the token's county: 0, or -1 with the reply set. */
static int call_stats_query(const struct hub_call *c, struct reply *r, struct stats_query *q)
{
	const char *limit = c->tok != NULL && c->tok->scope == SCOPE_STAFF ? c->tok->county : "";
	char msg[160];

	if (stats_query_read(q, call_query(c, "from"), call_query(c, "to"), call_query(c, "by"),
			     call_query(c, "county"), msg, sizeof msg) < 0)
		return reply_error(r, 400, "bad_request", "%s", msg);
	if (limit[0] && q->county[0] && strcmp(q->county, limit) != 0)
		return reply_error(r, 403, "forbidden", "this token sees the figures of %s only",
				   limit);
	if (limit[0])
		snprintf(q->county, sizeof q->county, "%s", limit);
	return 0;
}

/* The lines of the call's query: 0, or -1 with the reply set. */
static int call_stats(const struct hub_call *c, struct reply *r, struct stats_query *q,
		      struct stats_line **l, int *n)
{
	char *err = NULL;

	if (call_stats_query(c, r, q) < 0)
		return -1;
	if (stats_lines(c->store, q, l, n, &err) < 0) {
		hub_db_failed(c, err);
		return reply_error(r, 503, "unavailable", "Storage is unavailable; try again later");
	}
	return 0;
}

static json_t *line_json(const struct stats_line *l, enum stats_group by)
{
	json_t *o = json_pack("{s:o}", "key", hub_json_text(l->key));
	int k;

	if (by == BY_COUNTY || by == BY_MUNICIPALITY)
		json_object_set_new(o, "name", hub_json_text(l->name));
	if (by == BY_CASE) {
		json_object_set_new(o, "title", hub_json_text(l->name));
		json_object_set_new(o, "county", json_string(l->county));
	}
	for (k = 0; k < 6; k++)
		json_object_set_new(o, stats_columns[k], json_integer(l->n[k]));
	json_object_set_new(o, "requests_by_kind", json_pack("{s:I, s:I, s:I}",
			    "contact", (json_int_t)l->n[6], "nomination", (json_int_t)l->n[7],
			    "question", (json_int_t)l->n[8]));
	return o;
}

void api_stats(const struct hub_call *c, struct reply *r)
{
	struct stats_query q;
	struct stats_line *l;
	json_t *rows;
	int n, i;

	if (call_stats(c, r, &q, &l, &n) < 0)
		return;
	rows = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(rows, line_json(&l[i], q.by));
	stats_lines_free(l, n);
	reply_json(r, 200, json_pack("{s:s, s:s, s:s, s:o, s:o}", "from", q.from, "to", q.to,
				     "by", stats_group_names[q.by], "county",
				     q.county[0] ? json_string(q.county) : json_null(),
				     "rows", rows));
}

/* One cell in charset (NULL: UTF-8) as csv.c writes the requests export: converted
 * first, then guarded against formulas (csv_field decides, asked about the converted
 * text) and quoted. */
static void cell(struct buf *b, const char *s, const char *charset)
{
	struct buf probe = {0};
	char *conv, *back;
	size_t quotes = 0;
	const char *p;

	if (charset == NULL || s == NULL) {
		csv_field(b, s);
		return;
	}
	conv = charset_from_utf8(s, charset);
	back = charset_to_utf8(conv, strlen(conv), charset, NULL, NULL);
	csv_field(&probe, back != NULL ? back : "");
	for (p = back; p != NULL && *p; p++)
		quotes += *p == '"';
	buf_addc(b, '"');
	if (back != NULL && probe.len == strlen(back) + quotes + 3)
		buf_addc(b, '\'');
	for (p = conv; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
	buf_free(&probe);
	free(back);
	free(conv);
}

static void csv_stats_header(struct buf *b, enum stats_group by)
{
	int k;

	csv_field(b, "key");
	if (by == BY_COUNTY || by == BY_MUNICIPALITY) {
		buf_addc(b, ',');
		csv_field(b, "name");
	} else if (by == BY_CASE) {
		buf_addc(b, ',');
		csv_field(b, "title");
		buf_addc(b, ',');
		csv_field(b, "county");
	}
	for (k = 0; k < STATS_NCOLS; k++) {
		buf_addc(b, ',');
		csv_field(b, stats_columns[k]);
	}
	buf_adds(b, "\r\n");
}

static void csv_stats_line(struct buf *b, const struct stats_line *l, enum stats_group by,
			   const char *charset)
{
	char num[24];
	int k;

	cell(b, l->key, charset);
	if (by == BY_COUNTY || by == BY_MUNICIPALITY || by == BY_CASE) {
		buf_addc(b, ',');
		cell(b, l->name, charset);
	}
	if (by == BY_CASE) {
		buf_addc(b, ',');
		cell(b, l->county, charset);
	}
	for (k = 0; k < STATS_NCOLS; k++) {
		snprintf(num, sizeof num, "%" PRId64, l->n[k]);
		buf_addc(b, ',');
		cell(b, num, charset);
	}
	buf_adds(b, "\r\n");
}

void api_stats_csv(const struct hub_call *c, struct reply *r)
{
	const char *cs = call_query(c, "charset"), *charset = NULL;
	struct stats_query q;
	struct stats_line *l;
	int n, i;

	if (cs != NULL && cs[0] && strcasecmp(cs, "utf-8") != 0) {
		if (strcasecmp(cs, "windows-1257") != 0 && strcasecmp(cs, "cp1257") != 0) {
			reply_error(r, 400, "bad_request", "charset must be utf-8 or windows-1257");
			return;
		}
		charset = "windows-1257";
	}
	if (call_stats(c, r, &q, &l, &n) < 0)
		return;
	if (charset == NULL)
		buf_adds(&r->body, "\xEF\xBB\xBF");
	csv_stats_header(&r->body, q.by);
	for (i = 0; i < n; i++)
		csv_stats_line(&r->body, &l[i], q.by, charset);
	metrics_add(c->metrics, M_CSV_ROWS, n);
	stats_lines_free(l, n);
	r->status = 200;
	r->content_type = charset ? "text/csv; charset=windows-1257" : "text/csv; charset=utf-8";
	r->disposition = "attachment; filename=\"stats.csv\"";
}
