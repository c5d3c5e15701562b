/* Helpers for the hub tests and benchmarks: a real vitrina-hub on 127.0.0.1 with an
 * ephemeral port and a temporary database, tokens through its CLI, HTTP through
 * libcurl, and raw sockets for what curl would not send. */
#ifndef VITRINA_TEST_HUB_H
#define VITRINA_TEST_HUB_H

#include <stddef.h>
#include <jansson.h>
#include <sys/types.h>

struct hubt {
	char db[512], out[512], err[512];
	pid_t pid;
	int port;
	char url[64];
};

/* Name the hub's files under t_dir() (name is a prefix). */
void hubt_init(struct hubt *h, const char *name);
/* Start `vitrina-hub --db DB serve --listen 127.0.0.1:0 EXTRA...` (extra: NULL or a
 * NULL-terminated list) and wait for its "listening on" line. */
void hubt_start(struct hubt *h, const char *const *extra);
/* Send sig and wait for the hub; returns its exit status, or -1 if a signal ended it. */
int hubt_stop(struct hubt *h, int sig);
/* `vitrina-hub token create WHO NAME [--county COUNTY]`: the token (new string), its id
 * in id[17] if id is not NULL. */
char *hubt_token(const struct hubt *h, const char *who, const char *name, const char *county,
		 char id[17]);
/* Run the hub CLI with --db DB and args (NULL-terminated); returns the exit status. */
int hubt_cli(const struct hubt *h, const char *const *args, char **out, char **err);

struct hubt_resp {
	long status;
	char *body;
	char *headers;
};
/* One HTTP request (a new connection). token and body may be NULL; hdr is an extra
 * header line or NULL. Content-Type: application/json is sent with a body unless hdr
 * sets another. */
void hubt_http(const struct hubt *h, const char *method, const char *path, const char *token,
	       const char *body, const char *hdr, struct hubt_resp *r);
void hubt_resp_free(struct hubt_resp *r);
/* The value of header name in r (a new string), or NULL. */
char *hubt_header(const struct hubt_resp *r, const char *name);

/* Connect, send n bytes of data, then read until the connection closes, a whole
 * response head has arrived (if head_only) or timeout_ms pass. New string. */
char *hubt_raw(const struct hubt *h, const char *data, size_t n, int head_only, int timeout_ms);
/* A socket connected to the hub, or fails the test. */
int hubt_connect(const struct hubt *h);

/* Parse s as JSON (a new reference), or fail the test. */
json_t *hubt_parse(const char *s);
/* Check r's status and, for errors (code not NULL), the code of the error body and that
 * it has a message; prints the body if a check failed. Returns 1 if all held. */
int hubt_expect(const struct hubt_resp *r, long status, const char *code);
/* POST one batch of the given items to /v1/requests with token tok; it must answer 200
 * (else the test fails). Returns the parsed answer. */
json_t *hubt_push(const struct hubt *h, const char *tok, char **items, int n);
/* GET path with token tok: the answer's body parsed (a new reference; not JSON fails the
 * test). */
json_t *hubt_get_json(const struct hubt *h, const char *path, const char *tok);
/* GET path with token tok and hubt_expect() the answer. */
int hubt_get_expect(const struct hubt *h, const char *path, const char *tok, long status,
		    const char *code);

/* Request JSON objects (new strings). */
char *hubt_nomination(const char *id, const char *kiosk, const char *municipality,
		      const char *why);
char *hubt_contact(const char *id, const char *kiosk, const char *case_id);
/* {"requests": [items...]} from n JSON object strings. New string. */
char *hubt_batch(char **items, int n);

#endif
