/* The hub harness of the hub, sync and review tests and the benchmarks: a real
 * vitrina-hub on 127.0.0.1 with a temporary database, tokens and imports through its
 * CLI, what it stores read from its database, HTTP through libcurl, and raw sockets
 * for what curl would not send. */
#ifndef VITRINA_HUB_HARNESS_H
#define VITRINA_HUB_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include <sys/types.h>

struct hubt {
	char db[512];           /* its database: a file, or a PostgreSQL URL */
	char snapdir[528];      /* its catalogue snapshots' folder (DB.snapshots) */
	char out[512];          /* its stdout: the "listening on" line */
	char err[512];          /* its stderr, the log (appended to across restarts) */
	pid_t pid;              /* 0 while it does not run */
	int port;               /* where it listens; 0 before the first start */
	int fixed_port;         /* hubt_pick_port() chose port: every start uses it */
	char url[64];           /* http://127.0.0.1:PORT */
};

/* Name the hub's files under t_dir() (name is a prefix: NAME.db, NAME.out, NAME.err).
 * With VITRINA_TEST_PG set (tests/pg_cluster.sh), the database is a PostgreSQL one of
 * its own instead, and h->db its URL. */
void hubt_init(struct hubt *h, const char *name);
/* Whether hubs run on the test PostgreSQL. */
int hubt_is_pg(void);
/* Skip the test on PostgreSQL: it reads or changes the SQLite file itself. */
void hubt_sqlite_only(void);
/* Choose the hub's port now, before it starts (a kiosk configured with h->url while the
 * hub is down); without this each start takes whatever port is free. */
void hubt_pick_port(struct hubt *h);
/* A free TCP port on 127.0.0.1 (nothing listens there when this returns). */
int hubt_free_port(void);
/* Start `vitrina-hub --db DB serve --listen 127.0.0.1:PORT EXTRA...` (extra: NULL or a
 * NULL-terminated list) and wait for the "listening on" line it announces its port in.
 * Fails the test if it does not start. */
void hubt_start(struct hubt *h, const char *const *extra);
/* Send sig and wait for the hub (SIGKILL after a minute); returns its exit status, or -1
 * if a signal ended it or it was not running. */
int hubt_stop(struct hubt *h, int sig);

/* Run the hub CLI with --db DB and args (NULL-terminated); returns the exit status. */
int hubt_cli(const struct hubt *h, const char *const *args, char **out, char **err);
/* `vitrina-hub token create WHO NAME [--county COUNTY]` (who: "--kiosk", "--staff",
 * "--admin"): the token (new string), its id in id[17] if id is not NULL. */
char *hubt_token(const struct hubt *h, const char *who, const char *name, const char *county,
		 char id[17]);
/* Write token to path as a kiosk or the staff client wants it: mode 0600. */
void hubt_write_token(const char *path, const char *token);
/* `vitrina-hub import FILE` and `vitrina-hub delete-case ID`: fail the test unless
 * they exit 0. */
void hubt_import(const struct hubt *h, const char *file);
void hubt_delete_case(const struct hubt *h, const char *id);
/* The number of requests the hub stores, and how many of ids it has (read from its
 * database). */
int64_t hubt_request_count(const struct hubt *h);
int hubt_has_requests(const struct hubt *h, char (*ids)[37], int n);
/* A self-signed certificate for 127.0.0.1 and its key (PEM files) made by openssl;
 * skips the test if there is no openssl to make them. */
void hubt_make_cert(const char *cert, const char *key);

struct hubt_resp {
	long status;
	char *body;
	char *headers;
};
/* One HTTP request (a new connection). token and body may be NULL; hdr is an extra
 * header line or NULL. Content-Type: application/json is sent with a body unless hdr
 * sets another, and no "Expect: 100-continue" unless hdr asks for one. */
void hubt_http(const struct hubt *h, const char *method, const char *path, const char *token,
	       const char *body, const char *hdr, struct hubt_resp *r);
void hubt_resp_free(struct hubt_resp *r);
/* A HEAD of /v1/health on a new connection, given up after timeout_s seconds: the status
 * (0 if none came), and in *ms (if not NULL) how long it took. Never fails the test. */
long hubt_health(const struct hubt *h, long timeout_s, double *ms);
/* The value of header name in r (a new string), or NULL. */
char *hubt_header(const struct hubt_resp *r, const char *name);

/* Connect, send n bytes of data, then read until the connection closes, a whole
 * response head has arrived (if head_only) or timeout_ms pass. New string. */
char *hubt_raw(const struct hubt *h, const char *data, size_t n, int head_only, int timeout_ms);
/* A socket connected to the hub, or fails the test. */
int hubt_connect(const struct hubt *h);

/* Parse s as JSON (a new reference), or fail the test. */
json_t *hubt_parse(const char *s);

/* The checks below report a failure at the caller's file and line. */

/* Check r's status and, for errors (code not NULL), the code of the error body and that
 * it has a message; prints the body if a check failed. Returns 1 if all held. */
#define hubt_expect(r, status, code) hubt_expect_at(__FILE__, __LINE__, (r), (status), (code))
int hubt_expect_at(const char *file, int line, const struct hubt_resp *r, long status,
		   const char *code);
/* POST one batch of the given items to /v1/requests with token tok; it must answer 200
 * (else the test fails). Returns the parsed answer. */
#define hubt_push(h, tok, items, n) hubt_push_at(__FILE__, __LINE__, (h), (tok), (items), (n))
json_t *hubt_push_at(const char *file, int line, const struct hubt *h, const char *tok,
		     char **items, int n);
/* GET path with token tok: the answer's body parsed (a new reference; not JSON fails the
 * test). */
json_t *hubt_get_json(const struct hubt *h, const char *path, const char *tok);
/* GET path with token tok and hubt_expect() the answer. */
#define hubt_get_expect(h, path, tok, status, code) \
	hubt_get_expect_at(__FILE__, __LINE__, (h), (path), (tok), (status), (code))
int hubt_get_expect_at(const char *file, int line, const struct hubt *h, const char *path,
		       const char *tok, long status, const char *code);

/* Request JSON objects (new strings). */
char *hubt_nomination(const char *id, const char *kiosk, const char *municipality,
		      const char *why);
char *hubt_contact(const char *id, const char *kiosk, const char *case_id);
/* {"requests": [items...]} from n JSON object strings. New string. */
char *hubt_batch(char **items, int n);

#endif
