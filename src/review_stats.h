/* review_stats: the kiosks' usage figures for the staff review TUI (DESIGN §3, §4): ask
 * the hub for GET /v1/stats or download /v1/stats.csv over the client of review.h, read
 * the rows into plain structs (bounded, text sanitised), and lay out bar charts. No
 * curses: the Figures screen (screens/staff_figures.c) draws what this computes. */
#ifndef VITRINA_REVIEW_STATS_H
#define VITRINA_REVIEW_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "review.h"

#define REVIEW_STATS_MAX_ROWS 1000      /* rows of one answer at most */
#define REVIEW_STATS_KEY_MAX 64         /* bytes of a row's key at most */
#define REVIEW_STATS_NAME_MAX 300       /* bytes of a title or name kept (cut there) */

/* How the hub groups the figures (its "by"). */
enum review_stats_by {
	STATS_BY_COUNTY, STATS_BY_MUNICIPALITY, STATS_BY_CASE, STATS_BY_DAY, STATS_BY_WEEK,
	STATS_BY_THEME, STATS_BY_COUNT
};
extern const char *const review_stats_by_codes[STATS_BY_COUNT];   /* "county" ... */

/* One row. Strings are owned, sanitised (no controls, valid UTF-8), never NULL. */
struct review_stats_row {
	char *key;                      /* "LT-43", a case id, "2026-12-07", "2026-W49",
					 * a theme code */
	char *name;                     /* a case's title, a region's English name, or "" */
	char county[8];                 /* a case's county ("LT-SA"), or "" */
	int64_t sessions, stories_read, searches, inspired, quiz_done, requests;
	int64_t contact, nomination, question;  /* requests by kind */
};

struct review_stats {
	struct review_stats_row *rows;
	int n;
	bool more;                      /* the hub sent more rows than were kept */
	char county[8];                 /* the county the hub limited them to ("" none): a
					 * staff token of one county gets only its own */
};

/* Read an answer of GET /v1/stats ({"rows": [...]}) into out (emptied first): counts
 * are whole numbers >= 0 (missing ones 0), keys non-empty strings of at most
 * REVIEW_STATS_KEY_MAX bytes; the first REVIEW_STATS_MAX_ROWS rows (more set when there were
 * more: the hub sends stories most read first). Returns 0, or -1 with
 * *err set (a plain English sentence) and out empty. Free with review_stats_free. */
int review_stats_parse(const char *json, struct review_stats *out, char **err);
void review_stats_free(struct review_stats *s);
/* The sums of every count of s into *sum (its strings NULL). */
void review_stats_total(const struct review_stats *s, struct review_stats_row *sum);
/* Sort s by the count at offset off in the row (offsetof(struct review_stats_row,
 * stories_read)), largest first, ties by key. */
void review_stats_sort(struct review_stats *s, size_t off);
/* Sort s by key ("2026-W48" before "2026-W49"). */
void review_stats_sort_keys(struct review_stats *s);
/* The count at offset off of row r. */
int64_t review_stats_value(const struct review_stats_row *r, size_t off);

/* The hub's path and query ("/v1/stats?from=...&to=...&by=...[&county=...]
 * [&charset=...]"): csv picks /v1/stats.csv; county and charset NULL or "" for none.
 * A new string. */
char *review_stats_path(bool csv, const char *from, const char *to,
			enum review_stats_by by, const char *county, const char *charset);
/* Ask the hub for the figures from day from to day to ("2026-12-07", both included)
 * grouped by by, of one county ("LT-SA") or all (NULL). A call of review.h: drive it
 * with review_poll, then read it with review_stats_take. */
struct review_call *review_stats_start(struct review_client *c, const char *from,
				       const char *to, enum review_stats_by by,
				       const char *county);
/* The rows of a finished review_stats_start call into out: 0, or -1 (out empty) with
 * *err set when the call failed (review_call_explain says why) or its answer is not
 * figures. */
int review_stats_take(struct review_call *k, struct review_stats *out, char **err);
/* Download the same figures as CSV in charset ("utf-8" or "windows-1257") to path, as
 * review_csv_start does for requests. */
struct review_call *review_stats_csv_start(struct review_client *c, const char *from,
					   const char *to, enum review_stats_by by,
					   const char *county, const char *charset,
					   const char *path);

/* Lay out a horizontal bar chart: for each of the n values (>= 0), its bar's length in
 * steps of 1/steps of a cell (steps 8 for eighth blocks, 1 for whole cells) into len[i],
 * for bars of at most width cells: the largest value gets width * steps, other values
 * their share rounded to the nearest step, any value above zero at least one whole cell
 * (steps), zero nothing. width < 1 gives all zero. */
void review_stats_bars(const int64_t *values, int n, int width, int steps, int *len);

/* Days as "YYYY-MM-DD": today's local date into out. */
void review_stats_today(char out[11]);
/* day moved by days (may be negative) into out; -1 if day is not a date. */
int review_stats_day_add(const char *day, int days, char out[11]);
/* day moved by months (the day of the month kept, or the month's last day) into out; -1
 * if day is not a date. */
int review_stats_month_add(const char *day, int months, char out[11]);
/* The ISO week of day as the hub names it ("2026-W49") into out; -1 if day is not a
 * date. */
int review_stats_week(const char *day, char out[9]);
/* The Monday of ISO week week ("2026-W49" -> "2026-11-30") into out; -1 if week is not
 * such a week. */
int review_stats_week_monday(const char *week, char out[11]);
/* Add a row of zeros for each week from day from to day to that s lacks, and put the
 * weeks in order (a chart per week shows the quiet weeks too). */
void review_stats_fill_weeks(struct review_stats *s, const char *from, const char *to);
/* Days from day a to day b (b - a); 0 if either is not a date. */
int review_stats_days_between(const char *a, const char *b);

#endif
