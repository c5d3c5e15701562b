/* hub: the HTTP server of vitrina-hub (DESIGN §4) and what its endpoint handlers share.
 * http.c speaks HTTP (libmicrohttpd), checks tokens, limits and logs; api_*.c answer
 * the endpoints through the store. No curses, no SQL. */
#ifndef VITRINA_HUB_HUB_H
#define VITRINA_HUB_HUB_H

#include <jansson.h>
#include <sqlite3.h>
#include <stddef.h>

#include "store.h"
#include "util.h"

#define HUB_MAX_BODY     (1024 * 1024)   /* bytes of a request body */
#define HUB_MAX_BATCH    100             /* requests in one POST /v1/requests */
#define HUB_MAX_NOTE     2000            /* characters of a staff note */
#define HUB_MAX_PROXIES  16              /* --trusted-proxy addresses */
#define HUB_MAX_ARG      256             /* bytes of the path after a route's prefix (a
						 * story's slug: up to 200) */
#define HUB_MAX_QUESTION 500             /* characters of a published question */
#define HUB_MAX_ANSWER   2000            /* characters of its answer */
#define HUB_MAX_ANSWERER 100             /* characters of answered_by */

/* Syslog priorities written in front of each log line, as sd-daemon(3) describes, so
 * that `journalctl -p err` finds failures. */
enum hub_priority { HUB_ERR = 3, HUB_WARN = 4, HUB_INFO = 6 };
/* One log line on stderr: "<P>vitrina-hub: message". */
void hub_log(enum hub_priority p, const char *fmt, ...);

struct hub_config {
	const char *db_path;
	const char *snapshot_dir;       /* GET /v1/snapshot files; NULL: DB_PATH.snapshots
					 * (none on PostgreSQL) */
	const char *read_db;            /* PostgreSQL replica for staff reads, or NULL */
	int public;                     /* serve the public showcase (--public) */
	const char *public_url;         /* its address for canonical links; NULL: none */
	const char *listen;             /* "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:0" */
	const char *tls_cert, *tls_key; /* PEM files, both or neither */
	double rate;                    /* requests a second per token; 0: no limit */
	double burst;                   /* bucket size */
	unsigned max_connections;
	unsigned max_per_ip;            /* default 32; 0: no limit (behind a proxy) */
	unsigned timeout_s;             /* idle connection timeout */
	int busy_ms;                    /* how long a write waits for a lock */
	int quiet;                      /* no access log */
	unsigned request_timeout_s;     /* total time for a request's headers and body */
	/* peers whose X-Forwarded-For names the client: IPv4 or IPv6 addresses */
	char trusted[HUB_MAX_PROXIES][46];
	int ntrusted;
};

/* Defaults for every field but db_path. */
void hub_config_defaults(struct hub_config *cfg);
/* Add the addresses of list (one, or several separated by commas) to the trusted
 * proxies: 0, or -1 with *err set (not an IP address, or too many). */
int hub_config_add_proxies(struct hub_config *cfg, const char *list, char **err);

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
	struct hub_metrics *metrics;    /* counters for /metrics (NULL: none) */
	struct snapshots *snapshots;    /* NULL: this hub keeps none */
	struct public_site *public;     /* the public pages; NULL: not served (no --public) */
	void *conn;                     /* the MHD connection, for call_query/call_header */
	const struct hub_kv *headers;   /* without conn: {NULL, NULL}-terminated lists */
	const struct hub_kv *query;
	const char *method, *path;
	const struct token_info *tok;   /* NULL on open endpoints */
	const char *body;
	size_t body_len;
	const char *arg;                /* ID of /v1/requests/ID ("ID/qa/QAID" of
					 * /v1/cases/ID/qa/QAID), else NULL */
};

/* A body made while it is sent (a CSV export), so it is never all in memory. read
 * fills out with up to max bytes and returns how many; 0 at the end; -1 on failure
 * (the connection is then cut short). done frees cls; it is always called once. */
struct reply_stream {
	long (*read)(void *cls, char *out, size_t max);
	void (*done)(void *cls);
	void *cls;
};

/* What the handler answers. Zero-initialise; http.c sends and frees it. */
struct reply {
	unsigned status;
	struct buf body;
	const char *content_type;       /* default application/json */
	char etag[48];                  /* "" none; sent quoted */
	const char *disposition;        /* Content-Disposition, or NULL */
	int retry_after;                /* seconds, 0 none */
	char allow[32];                 /* Allow header for 405, "" none */
	struct reply_stream stream;     /* a streamed body instead of body (read not NULL) */
	/* a file as the body instead of body: file_size bytes of file_fd from its start,
	 * when has_file; http.c closes the fd */
	int has_file;
	int file_fd;
	int64_t file_size;
	const char *cache_control;      /* default no-store */
	char seq[24];                   /* Vitrina-Seq, "" none */
	char digest[64];                /* Digest (RFC 3230), "" none */
};

/* A hub that answers calls without listening: what hub_serve runs on, for tests and
 * fuzzing. Uses s and g (the caller keeps and closes them); cfg gives the rate limit.
 * Free with hub_free. */
struct hub;
struct hub *hub_new(const struct hub_config *cfg, struct store *s, struct ingest *g);
void hub_free(struct hub *h);
/* Answer GET /v1/snapshot from sn (the caller keeps it and stops it after the hub). */
void hub_set_snapshots(struct hub *h, struct snapshots *sn);
/* Answer the public pages from p (NULL: they are 404s). */
struct public_site;
void hub_set_public(struct hub *h, struct public_site *p);
/* Answer one request as the server does once its body is read: route, token (from
 * the Authorization header), scope, rate limit, size and type checks, then the
 * handler (no counters: /metrics is 404; a streamed body is read into out->body;
 * no Host or client address checks). url is as sent ("/v1/cases?since=3", %XX
 * escapes allowed); headers is a {NULL, NULL}-terminated list (names
 * case-insensitive), NULL for none. *out is filled (status never 0); the caller
 * frees out->body with buf_free. */
void hub_handle(struct hub *h, const char *method, const char *url,
		const struct hub_kv *headers, const char *body, size_t len, struct reply *out);

/* A query argument or header of the call (NULL if absent). */
const char *call_query(const struct hub_call *c, const char *key);
const char *call_header(const struct hub_call *c, const char *key);

/* 1 if an If-None-Match header value (NULL: none) names etag (or is *). */
int hub_etag_matches(const char *inm, const char *etag);

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

void api_qa_post(const struct hub_call *c, struct reply *r);
void api_qa_delete(const struct hub_call *c, struct reply *r);

void api_metrics(const struct hub_call *c, struct reply *r);
void api_stats(const struct hub_call *c, struct reply *r);
void api_stats_csv(const struct hub_call *c, struct reply *r);
/* vitrina-hub stats (cmd_stats.c): the figures of GET /v1/stats as a table. */
int cmd_stats(const char *db, int argc, char **argv);
void api_snapshot(const struct hub_call *c, struct reply *r);

/* The snapshot keeper (api_snapshot.c): the whole catalogue as one ready SQLite file
 * for GET /v1/snapshot, rebuilt in a thread of its own when the catalogue has changed.
 * Files live in dir (made 0700): the working catalogue kept between builds and the
 * current snapshot. start begins the first build (or takes up the snapshot a previous
 * run left); NULL with *err set if dir cannot be made or used. */
struct snapshots;
struct snapshots *snapshots_start(struct store *s, const char *dir, char **err);
/* Stop a build under way (it is left for the next start to finish), wait for the
 * thread and free sn. NULL is fine. */
void snapshots_stop(struct snapshots *sn);
/* The current snapshot's ETag (its seq and hash) in tag: 0, or -1 while there is none.
 * Asks for a build when there is none or (looked at once a second) the catalogue has
 * moved on. */
int snapshots_current(struct snapshots *sn, const struct hub_call *c, char tag[48]);
/* The current snapshot opened read-only (the caller closes it), its ETag in tag; NULL
 * (tag "") if there is none. */
sqlite3 *snapshots_open(struct snapshots *sn, char tag[48]);

/* Counters for GET /metrics (api_metrics.c), safe from any thread. */
enum metric {
	M_STORED,               /* requests newly stored */
	M_DB_ERRORS,            /* storage failures */
	M_SLOW_CLOSED,          /* connections cut at the request deadline */
	M_BAD_TOKEN_LIMITED,    /* answers 429 to an address sending bad tokens */
	M_CSV_ROWS,             /* rows of CSV exports sent */
	M_OPEN_CONNECTIONS,     /* a gauge: connections open now */
	M_COUNT
};
/* Counters for requests by route (labels: "GET /v1/health", ...; nroutes of them, the
 * caller keeps the strings) and status. New; free with metrics_free. */
struct hub_metrics *metrics_new(const char *const *labels, int nroutes);
void metrics_free(struct hub_metrics *m);
/* Count one answer: route is an index of labels, or -1 for no route (404 and the
 * like). m may be NULL (then nothing is counted), in each of these. */
void metrics_request(struct hub_metrics *m, int route, unsigned status);
void metrics_add(struct hub_metrics *m, enum metric k, long n);
/* Log a storage failure at priority err and count it; frees err. */
void hub_db_failed(const struct hub_call *c, char *err);

/* The JSON of a stored request for staff: its fields plus status, version, county,
 * received_at, updated_at, ref, and what it is about from the catalogue (case_title,
 * case_person, case_municipality, partner_name, item_deleted). A new reference. */
json_t *hub_request_json(const struct stored_request *r);
/* A published question and answer as the API gives it: {id, question, answer,
 * answered_by, published_at, lang}. A new reference. */
json_t *hub_qa_json(const struct qa_item *q);
/* A JSON string of s (NULL: null) that is never NULL: text that is not valid UTF-8
 * gets U+FFFD for the bad bytes. A new reference. */
json_t *hub_json_text(const char *s);

#endif
