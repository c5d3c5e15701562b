/* hub: the HTTP server of vitrina-hub (DESIGN §4) and what its endpoint handlers share.
 * http.c speaks HTTP (libmicrohttpd), checks tokens, limits and logs; api_*.c answer
 * the endpoints through the store. No curses, no SQL. */
#ifndef VITRINA_HUB_HUB_H
#define VITRINA_HUB_HUB_H

#include <jansson.h>
#include <stddef.h>

#include "store.h"
#include "util.h"

#define HUB_MAX_BODY     (1024 * 1024)   /* bytes of a request body */
#define HUB_MAX_BATCH    100             /* requests in one POST /v1/requests */
#define HUB_MAX_NOTE     2000            /* characters of a staff note */

struct hub_config {
	const char *db_path;
	const char *listen;             /* "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:0" */
	const char *tls_cert, *tls_key; /* PEM files, both or neither */
	double rate;                    /* requests a second per token; 0: no limit */
	double burst;                   /* bucket size */
	unsigned max_connections;
	unsigned max_per_ip;            /* default 32; 0: no limit (behind a proxy) */
	unsigned timeout_s;             /* idle connection timeout */
	int busy_ms;                    /* how long a write waits for a lock */
	int quiet;                      /* no access log */
};

/* Defaults for every field but db_path. */
void hub_config_defaults(struct hub_config *cfg);

/* Serve until SIGTERM or SIGINT, then finish the requests in flight. Prints
 * "listening on ADDR:PORT" to stdout when ready. Returns the exit status. */
int hub_serve(const struct hub_config *cfg);

/* A header or query argument given without a connection (hub_handle). */
struct hub_kv {
	const char *key, *value;
};

/* One HTTP request as an endpoint handler sees it. */
struct hub_call {
	struct store *store;
	struct ingest *ingest;
	void *conn;                     /* the MHD connection, for call_query/call_header */
	const struct hub_kv *headers;   /* without conn: {NULL, NULL}-terminated lists */
	const struct hub_kv *query;
	const char *method, *path;
	const struct token_info *tok;   /* NULL on open endpoints */
	const char *body;
	size_t body_len;
	const char *arg;                /* ID of /v1/requests/ID, else NULL */
};

/* What the handler answers. Zero-initialise; http.c sends and frees it. */
struct reply {
	unsigned status;
	struct buf body;
	const char *content_type;       /* default application/json */
	char etag[32];                  /* "" none; sent quoted */
	const char *disposition;        /* Content-Disposition, or NULL */
	int retry_after;                /* seconds, 0 none */
	char allow[32];                 /* Allow header for 405, "" none */
};

/* A hub that answers calls without listening: what hub_serve runs on, for tests and
 * fuzzing. Uses s and g (the caller keeps and closes them); cfg gives the rate limit.
 * Free with hub_free. */
struct hub;
struct hub *hub_new(const struct hub_config *cfg, struct store *s, struct ingest *g);
void hub_free(struct hub *h);
/* Answer one request as the server does once its body is read: route, token (from
 * the Authorization header), scope, rate limit, size and type checks, then the
 * handler. url is as sent ("/v1/cases?since=3", %XX escapes allowed); headers is a
 * {NULL, NULL}-terminated list (names case-insensitive), NULL for none. *out is
 * filled (status never 0); the caller frees out->body with buf_free. */
void hub_handle(struct hub *h, const char *method, const char *url,
		const struct hub_kv *headers, const char *body, size_t len, struct reply *out);

/* A query argument or header of the call (NULL if absent). */
const char *call_query(const struct hub_call *c, const char *key);
const char *call_header(const struct hub_call *c, const char *key);

/* The error body {"error": code, "message": ...}. Returns -1 for convenience. */
int reply_error(struct reply *r, unsigned status, const char *code, const char *fmt, ...);
/* Serialise j (the reply takes the reference) with status. */
void reply_json(struct reply *r, unsigned status, json_t *j);
/* Parse the call's body as a JSON object: 0, or -1 with the reply set to the 400. */
int call_json(const struct hub_call *c, struct reply *r, json_t **out);

/* Endpoints (api_*.c). */
void api_health(const struct hub_call *c, struct reply *r);
void api_cases(const struct hub_call *c, struct reply *r);
void api_requests_post(const struct hub_call *c, struct reply *r);
void api_heartbeat(const struct hub_call *c, struct reply *r);
void api_kiosks(const struct hub_call *c, struct reply *r);
void api_requests_list(const struct hub_call *c, struct reply *r);
void api_requests_csv(const struct hub_call *c, struct reply *r);
void api_request_get(const struct hub_call *c, struct reply *r);
void api_request_patch(const struct hub_call *c, struct reply *r);

/* The JSON of a stored request for staff: its fields plus status, version, county,
 * received_at, updated_at and ref. A new reference. */
json_t *hub_request_json(const struct stored_request *r);
/* A JSON string of s (NULL: null) that is never NULL: text that is not valid UTF-8
 * gets U+FFFD for the bad bytes. A new reference. */
json_t *hub_json_text(const char *s);

#endif
