/* Helpers for the sync tests and benchmarks (tests/test_sync*.c, tests/bench_sync.c):
 * a kiosk (database, config, token file) beside a hub of tests/hub_harness.h, queued
 * requests, catalogue files and a tiny fake HTTP responder. */
#ifndef VITRINA_TEST_SYNC_H
#define VITRINA_TEST_SYNC_H

#include <sqlite3.h>
#include <stdint.h>
#include <sys/types.h>

#include "hub_harness.h"
#include "sync.h"

#define SYNC_KIOSK_ID "test-kiosk-1"

struct sync_kiosk {
	char db[512], conf[512], token_file[512];
};
/* A kiosk database (created) and config pointing at hub_url with token (in a 0600
 * file); extra is appended to the config (may be NULL). */
void sync_kiosk_make(struct sync_kiosk *k, const char *name, const char *hub_url,
		     const char *token, const char *extra);
sqlite3 *sync_kiosk_open(const struct sync_kiosk *k);
/* The kiosk's sync state as `vitrina status` reads it; fails the test if it cannot. */
struct sync_status sync_kiosk_status(const struct sync_kiosk *k);
/* Hub "hub" with a kiosk token (*token, a new string) and kiosk "kiosk" on it with extra
 * config lines (may be NULL); returns the kiosk's database, open. up: the hub is started
 * first (it picks its port); else it gets a free port and stays down until
 * hubt_start(). */
sqlite3 *sync_pair_make(struct hubt *h, struct sync_kiosk *k, int up, const char *extra,
			char **token);
/* Queue n valid nominations in the kiosk's outbox; their ids go to ids (if not NULL). */
void sync_queue(sqlite3 *db, int n, char (*ids)[37]);
/* Pending requests with a body / all rows with a body (personal data left). */
int64_t sync_outbox_count(sqlite3 *db, const char *where);
/* Run `vitrina --config CONF sync ARG` and return its exit status; out/err as t_run. */
int sync_run(const struct sync_kiosk *k, const char *arg, char **out, char **err);
/* Start `vitrina --config CONF sync --daemon` in the background, output to log
 * (appended); end it with t_kill() or wait with t_wait(). */
pid_t sync_spawn_daemon(const struct sync_kiosk *k, const char *log);

/* The id of test case number i. */
void sync_case_id(int i, char out[37]);
/* Write a catalogue JSON file with cases [from, from+n): title "<title> i", and
 * partner_count partners. */
void sync_write_cases(const char *path, int from, int n, const char *title, int partners);

/* A fake HTTP server on 127.0.0.1 answering every request with response (raw bytes:
 * status line, headers, body), or never answering if response is NULL. Each request
 * line goes to log as "<monotonic ms> <request line>". */
struct sync_fake {
	pid_t pid;
	int port;
	char log[512];
};
void sync_fake_start(struct sync_fake *f, const char *name, const char *response);
/* A whole response: "200 OK", extra header lines (each ending "\r\n", may be NULL),
 * the body; Content-Length and Connection: close added. New string. */
char *sync_fake_response(const char *status, const char *headers, const char *body);
/* Number of requests logged so far, and the times of the first n (ms). */
int sync_fake_hits(const struct sync_fake *f, int64_t *times, int max);
/* The whole log (new string). */
char *sync_fake_log(const struct sync_fake *f);

/* Milliseconds of the monotonic clock. */
/* Read one HTTP request from fd into req (size bytes at most, NUL-terminated): the
 * headers, then the body by its Content-Length. For the fault-injecting servers. */
void sync_fake_read(int fd, char *req, size_t size);
int64_t sync_now_ms(void);
/* Wait (up to 30 s) until h serves a snapshot of its newest catalogue change; fails the
 * test if it does not. */
void sync_wait_snapshot(const struct hubt *h, const char *token);
/* The raw limit of a catalogue pull or build: the "cases" array of a catalogue file (a
 * new reference), then those cases parsed and stored in db (catalogue_put_set), page a
 * transaction that also runs extra_sql (NULL: none). Both fail the test on any error. */
struct json_t;
struct json_t *sync_raw_cases(const char *file);
/* Every outbox row of db, all columns, tab-separated, a line each (for comparing a
 * before and an after); the caller frees it. */
char *sync_outbox_dump(sqlite3 *db);
void sync_raw_store(sqlite3 *db, struct json_t *cases, int page, const char *extra_sql);

#endif
