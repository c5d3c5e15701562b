/* The kiosks' usage figures for staff (DESIGN §3, §4): the hub's /v1/stats read into
 * plain rows, and the arithmetic of bar charts and date ranges, kept apart from curses
 * so that they can be tested alone. */
#include "review_stats.h"

#include <curl/curl.h>
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "regions.h"
#include "text.h"
#include "util.h"

const char *const review_stats_by_codes[STATS_BY_COUNT] = {
	"county", "municipality", "case", "day", "week", "theme"
};

/* ---- rows ---- */

void review_stats_free(struct review_stats *s)
{
	int i;

	for (i = 0; i < s->n; i++) {
		free(s->rows[i].key);
		free(s->rows[i].name);
	}
	free(s->rows);
	s->rows = NULL;
	s->n = 0;
	s->more = false;
	s->county[0] = '\0';
}

/* A sanitised copy of string member key of j, cut to max bytes at a character; "" when
 * it is missing or not a string. */
static char *clean(json_t *j, const char *key, size_t max)
{
	json_t *v = json_object_get(j, key);
	const char *s = json_is_string(v) ? json_string_value(v) : "";
	char *t = text_sanitize(s, json_is_string(v) ? json_string_length(v) : 0, 0);
	size_t n = strlen(t);

	while (n > max)
		n = utf8_prev(t, n);
	t[n] = '\0';
	return t;
}

/* The count key of j into *out: missing is 0; anything but a whole number >= 0 is -1. */
static int count(json_t *j, const char *key, int64_t *out)
{
	json_t *v = json_object_get(j, key);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	*out = (int64_t)json_integer_value(v);
	return 0;
}

static int row_from_json(json_t *j, struct review_stats_row *r, int i, char **err)
{
	json_t *key = json_object_get(j, "key"), *kinds;
	char *county;

	memset(r, 0, sizeof *r);
	if (!json_is_object(j))
		return set_error(err, "row %d of the hub's figures is not an object", i + 1);
	/* "" is a real key: the kiosks that do not say where they stand */
	if (!json_is_string(key) || json_string_length(key) > REVIEW_STATS_KEY_MAX)
		return set_error(err, "row %d of the hub's figures has no valid key", i + 1);
	if (count(j, "sessions", &r->sessions) < 0 ||
	    count(j, "stories_read", &r->stories_read) < 0 ||
	    count(j, "searches", &r->searches) < 0 || count(j, "inspired", &r->inspired) < 0 ||
	    count(j, "quiz_done", &r->quiz_done) < 0 || count(j, "requests", &r->requests) < 0)
		return set_error(err, "row %d of the hub's figures has a count that is not a "
				 "whole number", i + 1);
	kinds = json_object_get(j, "requests_by_kind");
	if (count(kinds, "contact", &r->contact) < 0 ||
	    count(kinds, "nomination", &r->nomination) < 0 ||
	    count(kinds, "question", &r->question) < 0)
		return set_error(err, "row %d of the hub's figures has a count that is not a "
				 "whole number", i + 1);
	r->key = clean(j, "key", REVIEW_STATS_KEY_MAX);
	r->name = clean(j, json_object_get(j, "title") != NULL ? "title" : "name",
			REVIEW_STATS_NAME_MAX);
	county = clean(j, "county", sizeof r->county - 1);
	snprintf(r->county, sizeof r->county, "%s", county);
	free(county);
	return 0;
}

int review_stats_parse(const char *json, struct review_stats *out, char **err)
{
	json_error_t je;
	json_t *j, *rows, *e;
	size_t i;

	memset(out, 0, sizeof *out);
	j = json_loads(json != NULL ? json : "", JSON_REJECT_DUPLICATES, &je);
	if (j == NULL)
		return set_error(err, "the hub's figures are not JSON (%s)", je.text);
	rows = json_object_get(j, "rows");
	if (!json_is_array(rows)) {
		json_decref(j);
		return set_error(err, "the hub's answer has no rows of figures");
	}
	if (json_is_string(json_object_get(j, "county")) &&
	    county_find(json_string_value(json_object_get(j, "county"))) != NULL)
		snprintf(out->county, sizeof out->county, "%s",
			 json_string_value(json_object_get(j, "county")));
	/* the hub sends the stories most read first: a long list keeps its head */
	out->more = json_array_size(rows) > REVIEW_STATS_MAX_ROWS;
	if (json_array_size(rows) > 0)
		out->rows = xcalloc(out->more ? REVIEW_STATS_MAX_ROWS : json_array_size(rows),
				    sizeof *out->rows);
	json_array_foreach(rows, i, e) {
		if (i == REVIEW_STATS_MAX_ROWS)
			break;
		if (row_from_json(e, &out->rows[out->n], (int)i, err) < 0) {
			review_stats_free(out);
			json_decref(j);
			return -1;
		}
		out->n++;
	}
	json_decref(j);
	return 0;
}

void review_stats_total(const struct review_stats *s, struct review_stats_row *sum)
{
	int i;

	memset(sum, 0, sizeof *sum);
	for (i = 0; i < s->n; i++) {
		const struct review_stats_row *r = &s->rows[i];

		sum->sessions += r->sessions;
		sum->stories_read += r->stories_read;
		sum->searches += r->searches;
		sum->inspired += r->inspired;
		sum->quiz_done += r->quiz_done;
		sum->requests += r->requests;
		sum->contact += r->contact;
		sum->nomination += r->nomination;
		sum->question += r->question;
	}
}

int64_t review_stats_value(const struct review_stats_row *r, size_t off)
{
	int64_t v;

	memcpy(&v, (const char *)r + off, sizeof v);
	return v;
}

static size_t sort_off;         /* qsort has no context argument in C11 */

static int by_value(const void *a, const void *b)
{
	const struct review_stats_row *x = a, *y = b;
	int64_t vx = review_stats_value(x, sort_off), vy = review_stats_value(y, sort_off);

	if (vx != vy)
		return vx > vy ? -1 : 1;
	return strcmp(x->key, y->key);
}

void review_stats_sort(struct review_stats *s, size_t off)
{
	sort_off = off;
	if (s->n > 1)
		qsort(s->rows, (size_t)s->n, sizeof *s->rows, by_value);
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct review_stats_row *)a)->key,
		      ((const struct review_stats_row *)b)->key);
}

void review_stats_sort_keys(struct review_stats *s)
{
	if (s->n > 1)
		qsort(s->rows, (size_t)s->n, sizeof *s->rows, by_key);
}

/* ---- the hub ---- */

char *review_stats_path(bool csv, const char *from, const char *to,
			enum review_stats_by by, const char *county, const char *charset)
{
	struct buf q = {0};
	char *p;

	review_query_add(&q, "from", from);
	review_query_add(&q, "to", to);
	if ((int)by >= 0 && by < STATS_BY_COUNT)
		review_query_add(&q, "by", review_stats_by_codes[by]);
	review_query_add(&q, "county", county);
	review_query_add(&q, "charset", charset);
	p = xasprintf("/v1/stats%s%s", csv ? ".csv" : "", q.s != NULL ? q.s : "");
	buf_free(&q);
	return p;
}

struct review_call *review_stats_start(struct review_client *c, const char *from,
				       const char *to, enum review_stats_by by,
				       const char *county)
{
	char *p;
	struct review_call *k;

	p = review_stats_path(false, from, to, by, county, NULL);
	k = review_text_start(c, p);
	free(p);
	return k;
}

int review_stats_take(struct review_call *k, struct review_stats *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (review_call_outcome(k) != REVIEW_OK) {
		*err = review_call_explain(k);
		return -1;
	}
	return review_stats_parse(review_call_text(k), out, err);
}

struct review_call *review_stats_csv_start(struct review_client *c, const char *from,
					   const char *to, enum review_stats_by by,
					   const char *county, const char *charset,
					   const char *path)
{
	char *p;
	struct review_call *k;

	p = review_stats_path(true, from, to, by, county, charset);
	k = review_download_start(c, p, path);
	free(p);
	return k;
}

/* ---- bars ---- */

void review_stats_bars(const int64_t *values, int n, int width, int steps, int *len)
{
	int64_t max = 0;
	int i, full;

	for (i = 0; i < n; i++) {
		if (values[i] > max)
			max = values[i];
	}
	if (steps < 1)
		steps = 1;
	full = width > 0 ? width * steps : 0;
	for (i = 0; i < n; i++) {
		double share;

		if (values[i] <= 0 || full == 0) {
			len[i] = 0;
			continue;
		}
		/* in double: counts may be near INT64_MAX, width * steps is small */
		share = (double)values[i] / (double)max * full;
		len[i] = values[i] == max ? full : (int)floor(share + 0.5);
		if (len[i] < steps)
			len[i] = steps;
		if (len[i] > full)
			len[i] = full;
	}
}

/* ---- days ---- */

static int day_parse(const char *day, struct tm *tm)
{
	int y, m, d, used = 0;

	memset(tm, 0, sizeof *tm);
	if (day == NULL || strlen(day) != 10 ||
	    sscanf(day, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10 ||
	    y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = 12;
	return 0;
}

static void day_format(time_t t, char out[11])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		snprintf(out, 11, "1970-01-01");
}

void review_stats_today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL || strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		day_format(now, out);
}

int review_stats_day_add(const char *day, int days, char out[11])
{
	struct tm tm;

	if (day_parse(day, &tm) < 0)
		return -1;
	tm.tm_mday += days;
	day_format(timegm(&tm), out);
	return 0;
}

int review_stats_month_add(const char *day, int months, char out[11])
{
	struct tm tm, last;
	int total, mday;
	time_t t;

	if (day_parse(day, &tm) < 0)
		return -1;
	mday = tm.tm_mday;
	total = (tm.tm_year + 1900) * 12 + tm.tm_mon + months;
	if (total < 1970 * 12)
		total = 1970 * 12;
	tm.tm_year = total / 12 - 1900;
	tm.tm_mon = total % 12;
	/* the month's last day: the day before the first of the next one */
	last = tm;
	last.tm_mon++;
	last.tm_mday = 0;
	t = timegm(&last);
	gmtime_r(&t, &last);
	tm.tm_mday = mday < last.tm_mday ? mday : last.tm_mday;
	day_format(timegm(&tm), out);
	return 0;
}

int review_stats_week(const char *day, char out[9])
{
	struct tm tm, thu;
	time_t t;
	char w[32];

	if (day_parse(day, &tm) < 0)
		return -1;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	/* the ISO week is the one of the Thursday of the same Monday-to-Sunday week */
	t += (time_t)(3 - (tm.tm_wday + 6) % 7) * 86400;
	gmtime_r(&t, &thu);
	snprintf(w, sizeof w, "%04d-W%02d", thu.tm_year + 1900, thu.tm_yday / 7 + 1);
	memcpy(out, w, 8);              /* "YYYY-Www": day_parse keeps the year at 4 digits */
	out[8] = '\0';
	return 0;
}

int review_stats_week_monday(const char *week, char out[11])
{
	int y, w, used = 0;
	char jan4[11];
	struct tm tm;
	time_t t;

	if (week == NULL || sscanf(week, "%4d-W%2d%n", &y, &w, &used) != 2 || used != 8 ||
	    strlen(week) != 8 || y < 1970 || y > 9999 || w < 1 || w > 53)
		return -1;
	snprintf(jan4, sizeof jan4, "%04d-01-04", y % 10000);
	day_parse(jan4, &tm);
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	/* week 1 holds 4 January; its Monday, then w - 1 weeks on */
	return review_stats_day_add(jan4, (w - 1) * 7 - (tm.tm_wday + 6) % 7, out);
}

void review_stats_fill_weeks(struct review_stats *s, const char *from, const char *to)
{
	char day[11], week[9], last[9] = "";
	int i, k, days = review_stats_days_between(from, to);

	for (i = 0; i <= days && i <= 3 * 366 && s->n < REVIEW_STATS_MAX_ROWS; i++) {
		if (review_stats_day_add(from, i, day) < 0 || review_stats_week(day, week) < 0)
			return;
		if (strcmp(week, last) == 0)
			continue;
		memcpy(last, week, sizeof last);
		for (k = 0; k < s->n && strcmp(s->rows[k].key, week) != 0; k++)
			;
		if (k < s->n)
			continue;
		s->rows = xrealloc(s->rows, (size_t)(s->n + 1) * sizeof *s->rows);
		memset(&s->rows[s->n], 0, sizeof *s->rows);
		s->rows[s->n].key = xstrdup(week);
		s->rows[s->n].name = xstrdup("");
		s->n++;
	}
	review_stats_sort_keys(s);
}

int review_stats_days_between(const char *a, const char *b)
{
	struct tm ta, tb;

	if (day_parse(a, &ta) < 0 || day_parse(b, &tb) < 0)
		return 0;
	return (int)((timegm(&tb) - timegm(&ta)) / 86400);
}
