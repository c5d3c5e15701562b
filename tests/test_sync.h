/* Helpers for the sync tests and benchmarks (tests/test_sync*.c, tests/bench_sync.c):
 * a real vitrina-hub on 127.0.0.1, a kiosk (database and config), queued requests,
 * catalogue files and a tiny fake HTTP responder. */
#ifndef VITRINA_TEST_SYNC_H
#define VITRINA_TEST_SYNC_H

#include <sqlite3.h>
#include <stdint.h>
#include <sys/types.h>

#define SYNC_KIOSK_ID "test-kiosk-1"

struct sync_hub {
	pid_t pid;
	int port;
	char db[512];
	char url[64];
	char log[512];
};

/* A free TCP port on 127.0.0.1 (nothing listens there when this returns). */
int sync_free_port(void);
/* Name the hub's database (under t_dir) and port without starting it: port -1 picks
 * a free port now (when the kiosk must know the URL before the hub runs), 0 lets the
 * hub choose when it starts (h->url is set then). */
void sync_hub_init(struct sync_hub *h, const char *name, int port);
/* Start `vitrina-hub --db DB serve --listen 127.0.0.1:PORT`; wait for /v1/health. */
void sync_hub_start(struct sync_hub *h);
void sync_hub_stop(struct sync_hub *h);
/* `vitrina-hub token create` with who ("--kiosk", "--admin") and name. New string. */
char *sync_hub_token(const struct sync_hub *h, const char *who, const char *name);
/* `vitrina-hub import FILE`; fails the test if it does not exit 0. */
void sync_hub_import(const struct sync_hub *h, const char *file);
/* The number of requests the hub stores, and how many of ids it has (reads its
 * database). */
int64_t sync_hub_request_count(const struct sync_hub *h);
int sync_hub_has_requests(const struct sync_hub *h, char (*ids)[37], int n);
/* Delete case i at the hub (`vitrina-hub delete-case`: kiosks get a tombstone). */
void sync_hub_delete_case(const struct sync_hub *h, int i);

struct sync_kiosk {
	char db[512], conf[512], token_file[512];
};
/* A kiosk database (created) and config pointing at hub_url with token; extra is
 * appended to the config (may be NULL). */
void sync_kiosk_make(struct sync_kiosk *k, const char *name, const char *hub_url,
		     const char *token, const char *extra);
sqlite3 *sync_kiosk_open(const struct sync_kiosk *k);
/* Hub "hub" with a kiosk token (*token, a new string) and kiosk "kiosk" on it with extra
 * config lines (may be NULL); returns the kiosk's database, open. up: the hub is started
 * first (it picks its port); else it gets a free port and stays down until
 * sync_hub_start(). */
sqlite3 *sync_pair_make(struct sync_hub *h, struct sync_kiosk *k, int up, const char *extra,
			char **token);
/* Queue n valid nominations in the kiosk's outbox; their ids go to ids (if not NULL). */
void sync_queue(sqlite3 *db, int n, char (*ids)[37]);
/* Pending requests with a body / all rows with a body (personal data left). */
int64_t sync_outbox_count(sqlite3 *db, const char *where);
/* Run `vitrina --config CONF sync ARG` and return its exit status; out/err as t_run. */
int sync_run(const struct sync_kiosk *k, const char *arg, char **out, char **err);
/* Start `vitrina --config CONF sync --daemon` in the background, output to log. */
pid_t sync_spawn_daemon(const struct sync_kiosk *k, const char *log);
/* Wait for a child to end (up to ms); its exit status, -1 on signal, -2 on timeout. */
int sync_wait_child(pid_t pid, int ms);

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
int64_t sync_now_ms(void);

#endif
