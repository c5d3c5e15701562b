/* counters: the kiosk's usage figures (DESIGN §3 "Usage figures"): counts per local day
 * in the kiosk database (table counters), never events, query text or times finer than
 * a day; and the visit, which "this inspired me" counts once per case. No curses. */
#ifndef VITRINA_COUNTERS_H
#define VITRINA_COUNTERS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

/* Add n to today's (local date) count name (with key: a case id, a request kind; NULL or
 * "" for none). 0, or -1 with *err set (err may be NULL). A count is never worth stopping
 * a visitor for: callers may ignore the result. */
int counters_add(sqlite3 *db, const char *name, const char *key, int64_t n, char **err);
/* A new visit begins (the first key after the attract screen): counts a session and
 * forgets which stories inspired the last visitor. */
void counters_visit_start(sqlite3 *db);
/* "This inspired me" for case_id: counted once per visit. 1 if counted now, 0 if this
 * visit had already pressed it (or too many stories did), -1 on a database error. */
int counters_inspired(sqlite3 *db, const char *case_id);
/* 1 if this visit pressed "this inspired me" for case_id. */
bool counters_inspired_now(const char *case_id);
/* Today's date, local time, as "YYYY-MM-DD" into out[11]. */
void counters_today(char out[11]);
/* The days the hub has not acknowledged yet (the last acknowledged one again, and
 * today's), the newest COUNTERS_MAX_DAYS of them, as the heartbeat's "counters" (DESIGN
 * §4): [{"day", "sessions", "stories_read": {CASE_ID: N}, "searches", "inspired": {...},
 * "quiz_done", "requests": {"contact": N, ...}}]. A new reference (an empty list when
 * there is nothing); *last (11 bytes) gets the newest day in it, "" if none. NULL with
 * *err set on a database error. */
#define COUNTERS_MAX_DAYS 14
json_t *counters_heartbeat_json(sqlite3 *db, char last[11], char **err);
/* The hub took the heartbeat that carried days up to last: the days before it are sent
 * for good and deleted; last itself (today's, maybe) is sent again until a later day
 * is acknowledged. -1 with *err set on failure. */
int counters_acknowledged(sqlite3 *db, const char *last, char **err);
/* Today's count name/key (0 when none), or -1 on error: for tests and status. */
int64_t counters_get(sqlite3 *db, const char *day, const char *name, const char *key);

#endif
