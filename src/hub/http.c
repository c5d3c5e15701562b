/* The HTTP side of the hub: libmicrohttpd with a thread per connection (a handler may
 * wait for the group commit without holding up other connections), routing, tokens,
 * scopes, limits, the rate limit per token, one log line per request and a clean stop
 * on SIGTERM. */
#include "hub.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api_enrol.h"
#include "public.h"
#include "ingest.h"
#include "text.h"
#include "token.h"

/* A chunked body is read and dropped past HUB_MAX_BODY (to answer 413); past this
 * the connection is simply closed. */
#define DISCARD_MAX (16 * 1024 * 1024)

typedef void (*handler_fn)(const struct hub_call *, struct reply *);

struct route {
	const char *method;
	const char *path;
	int prefix;                     /* path is a prefix followed by an ID (1), or by an
					 * ID and more of the path, the handler's to read (2) */
	unsigned scopes;                /* bits (1u << enum scope); 0: open to anyone */
	handler_fn fn;
};

#define KIOSK (1u << SCOPE_KIOSK)
#define STAFF (1u << SCOPE_STAFF)
#define ADMIN (1u << SCOPE_ADMIN)

static const struct route routes[] = {
	{"GET", "/v1/health", 0, 0, api_health},
	{"GET", "/v1/cases", 0, KIOSK | STAFF | ADMIN, api_cases},
	{"GET", "/v1/snapshot", 0, KIOSK | ADMIN, api_snapshot},
	{"POST", "/v1/requests", 0, KIOSK | ADMIN, api_requests_post},
	{"POST", "/v1/heartbeat", 0, KIOSK | ADMIN, api_heartbeat},
	{"GET", "/v1/requests", 0, STAFF | ADMIN, api_requests_list},
	{"GET", "/v1/requests.csv", 0, STAFF | ADMIN, api_requests_csv},
	{"GET", "/v1/requests/", 1, STAFF | ADMIN, api_request_get},
	{"PATCH", "/v1/requests/", 1, STAFF | ADMIN, api_request_patch},
	{"POST", "/v1/cases/", 2, STAFF | ADMIN, api_qa_post},
	{"DELETE", "/v1/cases/", 2, STAFF | ADMIN, api_qa_delete},
	{"GET", "/v1/stats", 0, STAFF | ADMIN, api_stats},
	{"GET", "/v1/stats.csv", 0, STAFF | ADMIN, api_stats_csv},
	{"GET", "/v1/kiosks", 0, ADMIN, api_kiosks},
	{"GET", "/metrics", 0, ADMIN, api_metrics},
	{"POST", "/v1/enrol", 0, 0, api_enrol},
	/* the public showcase (serve --public; 404 otherwise) */
	{"GET", "/", 0, 0, api_public},
	{"GET", "/c/", 1, 0, api_public},
	{"GET", "/r/", 1, 0, api_public},
	{"GET", "/g/", 1, 0, api_public},
	{"GET", "/sitemap.xml", 0, 0, api_public},
	{"GET", "/robots.txt", 0, 0, api_public},
};
#define NROUTES (sizeof routes / sizeof routes[0])

struct bucket {
	char id[17];
	double tokens;
	int64_t last_us;
	struct bucket *next;
};
#define NBUCKETS 1024

/* Bad tokens per client address: after more than STRIKE_MAX unknown or revoked tokens
 * in STRIKE_WINDOW_US, that address gets 429 for STRIKE_BLOCK_US before any token is
 * checked (someone guessing tokens, or a kiosk with a revoked one in a tight loop). */
#define NSTRIKES         1024
#define STRIKE_PROBE     8
#define STRIKE_MAX       10
#define STRIKE_WINDOW_US (60 * 1000000LL)
#define STRIKE_BLOCK_US  (60 * 1000000LL)

struct strike {
	char addr[46];
	int count;
	int64_t window_us;              /* when the count began */
	int64_t blocked_us;             /* blocked until then */
};

/* A connection as the deadline sweeper sees it (MHD's socket context). */
struct conn_slot {
	int fd;
	int64_t start_us;               /* when this request began (0: not reading one) */
	int64_t idle_us;                /* between requests since then, else 0 */
	int cut;                        /* shut down by the sweeper */
	struct conn_slot *prev, *next;
};

struct hub {
	struct hub_config cfg;
	struct store *store;
	struct ingest *ingest;
	struct hub_metrics *metrics;
	struct snapshots *snapshots;
	struct token_cache *tokens;     /* valid tokens looked up in the last second */
	struct public_site *public;
	pthread_mutex_t rl_lock;
	struct bucket *buckets[NBUCKETS];
	struct strike strikes[NSTRIKES];        /* under rl_lock */
	atomic_int inflight;
	pthread_mutex_t conn_lock;
	struct conn_slot *conns;
	int nconns;
	pthread_t sweeper;
	pthread_cond_t sweep_cond;
	int stopping;                   /* under conn_lock */
	unsigned char trusted[HUB_MAX_PROXIES][16];     /* IPv6 or v4-mapped */
};

/* Per-request state (MHD's con_cls), freed in the completed callback. */
struct state {
	int64_t t0;
	const struct route *route;
	struct token_info tok;
	int has_tok;
	char arg[HUB_MAX_ARG];
	struct buf body;
	size_t seen;
	int over;                       /* body larger than allowed */
	struct reply pending;           /* an error found on the headers-only call */
	int has_pending;
	unsigned status;
	int answered;                   /* a response is queued */
	char method[8];
	char logpath[160];
	char client[46];                /* the client's address, "" without a connection */
};

void hub_config_defaults(struct hub_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->listen = "127.0.0.1:8080";
	cfg->rate = 50;
	cfg->burst = 100;
	cfg->max_connections = 256;
	/* a thread per connection: one address must not take them all */
	cfg->max_per_ip = 32;
	cfg->timeout_s = 30;
	cfg->busy_ms = 5000;
	cfg->request_timeout_s = 10;
}

void hub_log(enum hub_priority p, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "<%d>vitrina-hub: %s\n", (int)p, msg);
	free(msg);
}

/* Client addresses ------------------------------------------------------------------ */

/* s as 16 bytes of IPv6 (IPv4 as ::ffff:a.b.c.d): 0, or -1 if s is no IP address. */
static int addr_parse(const char *s, unsigned char out[16])
{
	struct in_addr v4;

	if (inet_pton(AF_INET6, s, out) == 1)
		return 0;
	if (inet_pton(AF_INET, s, &v4) != 1)
		return -1;
	memset(out, 0, 10);
	out[10] = out[11] = 0xff;
	memcpy(out + 12, &v4, 4);
	return 0;
}

/* The address in out as text: IPv4 for v4-mapped ones. */
static void addr_text(const unsigned char a[16], char out[46])
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	if (memcmp(a, mapped, 12) == 0)
		inet_ntop(AF_INET, a + 12, out, 46);
	else
		inet_ntop(AF_INET6, a, out, 46);
}

int hub_config_add_proxies(struct hub_config *cfg, const char *list, char **err)
{
	const char *p = list;
	unsigned char a[16];

	while (*p) {
		size_t n = strcspn(p, ",");
		char one[64];

		while (n > 0 && *p == ' ') {
			p++;
			n--;
		}
		while (n > 0 && p[n - 1] == ' ')
			n--;
		snprintf(one, sizeof one, "%.*s", (int)(n < 63 ? n : 63), p);
		if (n == 0 || n >= 46 || addr_parse(one, a) < 0)
			return set_error(err, "--trusted-proxy: \"%s\" is not an IP address", one);
		if (cfg->ntrusted >= HUB_MAX_PROXIES)
			return set_error(err, "--trusted-proxy: at most %d addresses",
					 HUB_MAX_PROXIES);
		addr_text(a, cfg->trusted[cfg->ntrusted++]);
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
	return 0;
}

static int is_trusted(const struct hub *h, const unsigned char a[16])
{
	int i;

	for (i = 0; i < h->cfg.ntrusted; i++) {
		if (memcmp(h->trusted[i], a, 16) == 0)
			return 1;
	}
	return 0;
}

static enum MHD_Result add_forwarded(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	struct buf *b = cls;

	(void)kind;
	if (strcasecmp(key, "X-Forwarded-For") == 0 && value != NULL && b->len < 4096) {
		if (b->len > 0)
			buf_addc(b, ',');
		buf_adds(b, value);
	}
	return MHD_YES;
}

/* Walk X-Forwarded-For from the right: the right-most address that is not a trusted
 * proxy is the client (a would-be address that is not an IP stops the walk). */
static void forwarded_client(const struct hub *h, struct MHD_Connection *conn,
			     unsigned char a[16])
{
	struct buf xff = {0};
	unsigned char hop[16];
	size_t end;
	int more;

	MHD_get_connection_values(conn, MHD_HEADER_KIND, add_forwarded, &xff);
	end = xff.len;
	more = end > 0;
	while (more && is_trusted(h, a)) {
		size_t start = end, tok, n;
		char one[64];

		while (start > 0 && xff.s[start - 1] != ',')
			start--;
		more = start > 0;
		tok = start;
		n = end - start;
		while (n > 0 && xff.s[tok] == ' ') {
			tok++;
			n--;
		}
		while (n > 0 && xff.s[tok + n - 1] == ' ')
			n--;
		snprintf(one, sizeof one, "%.*s", (int)(n < 63 ? n : 63), xff.s + tok);
		if (n == 0 || n >= 46 || addr_parse(one, hop) < 0)
			break;
		memcpy(a, hop, 16);
		end = more ? start - 1 : 0;
	}
	buf_free(&xff);
}

/* The client's address: the peer's, or from X-Forwarded-For when the peer is a trusted
 * proxy. */
static void client_address(const struct hub *h, struct MHD_Connection *conn, char out[46])
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;
	unsigned char a[16];

	snprintf(out, 46, "?");
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET6) {
		memcpy(a, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
	} else if (sa->sa_family == AF_INET) {
		memset(a, 0, 10);
		a[10] = a[11] = 0xff;
		memcpy(a + 12, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
	} else {
		return;
	}
	if (h->cfg.ntrusted > 0 && is_trusted(h, a))
		forwarded_client(h, conn, a);
	addr_text(a, out);
}

/* Replies ------------------------------------------------------------------------ */

json_t *hub_json_text(const char *s)
{
	json_t *j;
	char *fixed;

	if (s == NULL)
		return json_null();
	j = json_string(s);
	if (j != NULL)
		return j;
	fixed = text_sanitize(s, strlen(s), 1);
	j = json_string(fixed);
	free(fixed);
	return j != NULL ? j : json_string("");
}

int reply_error(struct reply *r, unsigned status, const char *code, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	json_t *j = json_object();

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* the message may quote what the client sent, which need not be UTF-8 */
	json_object_set_new(j, "error", json_string(code));
	json_object_set_new(j, "message", hub_json_text(msg));
	free(msg);
	reply_json(r, status, j);
	return -1;
}

void reply_json(struct reply *r, unsigned status, json_t *j)
{
	char *s = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	if (s == NULL) {
		/* a value that could not be built or written: never an empty body */
		status = 500;
		s = xstrdup("{\"error\":\"internal\",\"message\":\"The answer could not be "
			    "made\"}");
	}
	r->status = status;
	r->content_type = "application/json";
	r->body.len = 0;
	if (s != NULL) {
		buf_adds(&r->body, s);
		free(s);
	}
	buf_addc(&r->body, '\n');
}

/* The first value of key in a {NULL, NULL}-terminated list, as MHD would find it. */
static const char *kv_find(const struct hub_kv *kv, const char *key, int nocase)
{
	for (; kv != NULL && kv->key != NULL; kv++) {
		if ((nocase ? strcasecmp(kv->key, key) : strcmp(kv->key, key)) == 0)
			return kv->value;
	}
	return NULL;
}

const char *call_query(const struct hub_call *c, const char *key)
{
	if (c->conn == NULL)
		return kv_find(c->query, key, 0);
	return MHD_lookup_connection_value(c->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *call_header(const struct hub_call *c, const char *key)
{
	if (c->conn == NULL)
		return kv_find(c->headers, key, 1);
	return MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, key);
}

int call_json(const struct hub_call *c, struct reply *r, json_t **out)
{
	json_error_t e;

	*out = NULL;
	if (c->body_len == 0)
		return reply_error(r, 400, "bad_json", "The request body is empty");
	*out = json_loadb(c->body, c->body_len, JSON_REJECT_DUPLICATES, &e);
	if (*out == NULL) {
		switch (json_error_code(&e)) {
		case json_error_invalid_utf8:
			return reply_error(r, 400, "bad_utf8", "The body is not valid UTF-8");
		case json_error_duplicate_key:
			return reply_error(r, 400, "duplicate_key",
					   "A key appears twice in one object");
		default:
			return reply_error(r, 400, "bad_json", "Invalid JSON at byte %d: %s",
					   e.position, e.text);
		}
	}
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return reply_error(r, 400, "bad_json", "The body must be a JSON object");
	}
	return 0;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct reply_stream *rs = cls;
	long n = rs->read(rs->cls, out, max);

	(void)pos;
	if (n < 0)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (n == 0)
		return MHD_CONTENT_READER_END_OF_STREAM;
	return (ssize_t)n;
}

static void stream_free(void *cls)
{
	struct reply_stream *rs = cls;

	rs->done(rs->cls);
	free(rs);
}

/* A streamed body goes out in chunks as the client reads it (32 KiB at a time). */
static struct MHD_Response *stream_response(struct reply *r)
{
	struct reply_stream *rs = xcalloc(1, sizeof *rs);
	struct MHD_Response *resp;

	*rs = r->stream;
	memset(&r->stream, 0, sizeof r->stream);
	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 32 * 1024, stream_read, rs,
						 stream_free);
	if (resp == NULL)
		stream_free(rs);
	return resp;
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, struct state *st,
				  struct reply *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char num[56];
	size_t len = r->body.len;
	int streamed = r->stream.read != NULL, file = r->has_file;

	if (r->status == 0)
		reply_error(r, 500, "internal", "No answer");
	if (file) {
		/* the response owns the fd from here and closes it */
		resp = MHD_create_response_from_fd64((uint64_t)r->file_size, r->file_fd);
		if (resp == NULL)
			close(r->file_fd);
		r->has_file = 0;
	} else if (streamed)
		resp = stream_response(r);
	else if (len > 0)
		resp = MHD_create_response_from_buffer(len, buf_take(&r->body),
						       MHD_RESPMEM_MUST_FREE);
	else
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	buf_free(&r->body);
	if (resp == NULL)
		return MHD_NO;
	if (len > 0 || streamed || file)
		MHD_add_response_header(resp, "Content-Type",
					r->content_type ? r->content_type : "application/json");
	MHD_add_response_header(resp, "Cache-Control",
				r->cache_control ? r->cache_control : "no-store");
	if (r->seq[0])
		MHD_add_response_header(resp, "Vitrina-Seq", r->seq);
	if (r->digest[0])
		MHD_add_response_header(resp, "Digest", r->digest);
	if (r->etag[0]) {
		snprintf(num, sizeof num, "\"%s\"", r->etag);
		MHD_add_response_header(resp, "ETag", num);
	}
	if (r->retry_after > 0) {
		snprintf(num, sizeof num, "%d", r->retry_after);
		MHD_add_response_header(resp, "Retry-After", num);
	}
	if (r->allow[0])
		MHD_add_response_header(resp, "Allow", r->allow);
	if (r->disposition)
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	if (r->status == 401)
		MHD_add_response_header(resp, "WWW-Authenticate", "Bearer realm=\"vitrina\"");
	if (r->content_type != NULL && strncmp(r->content_type, "text/html", 9) == 0) {
		/* the public pages: no script, nothing from elsewhere, never in a frame */
		MHD_add_response_header(resp, "Content-Security-Policy", "default-src 'none'; "
					"style-src 'unsafe-inline'; base-uri 'none'; form-action "
					"'none'; frame-ancestors 'none'");
		MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
		MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	}
	ret = MHD_queue_response(conn, r->status, resp);
	MHD_destroy_response(resp);
	st->status = r->status;
	st->answered = 1;
	return ret;
}

/* Logging: one line a request, never personal data (no query values, no bodies). ---- */

static void log_path(struct state *st, struct MHD_Connection *conn, const char *url);

static enum MHD_Result add_key(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *value)
{
	struct buf *b = cls;
	size_t i;

	(void)kind, (void)value;
	if (b->len > 100)
		return MHD_NO;
	buf_addc(b, b->len == 0 ? '?' : '&');
	for (i = 0; key && key[i] && i < 20; i++) {
		char c = key[i];

		buf_addc(b, (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '?');
	}
	return MHD_YES;
}

static void log_path(struct state *st, struct MHD_Connection *conn, const char *url)
{
	struct buf keys = {0};
	size_t i, k = 0;

	for (i = 0; url[i] && k < 100; i++) {
		char c = url[i];

		st->logpath[k++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '/' || c == '.' || c == '_' || c == '-' ?
			c : '?';
	}
	st->logpath[k] = '\0';
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_key, &keys);
	if (keys.s != NULL)
		snprintf(st->logpath + k, sizeof st->logpath - k, "%s", keys.s);
	buf_free(&keys);
}

static void log_line(const struct hub *h, const struct state *st)
{
	char now[21];
	double ms = (double)(now_us_monotonic() - st->t0) / 1000.0;

	metrics_request(h->metrics, st->route != NULL ? (int)(st->route - routes) : -1,
			st->status);
	if (h->cfg.quiet)
		return;
	now_rfc3339(now);
	/* warnings for the server's own failures, so `journalctl -p warning` shows them */
	fprintf(stderr, "<%d>%s %s %s %s %u %.1fms token=%s\n",
		st->status >= 500 ? HUB_WARN : HUB_INFO, now, st->client[0] ? st->client : "-",
		st->method, st->logpath, st->status, ms, st->has_tok ? st->tok.id : "-");
}

/* Auth and the rate limits ------------------------------------------------------- */

static unsigned hash_id(const char *s);

/* The strike entry of addr (a free or stale one taken over if new), or NULL if the
 * table is full around it. Under rl_lock. */
static struct strike *strike_find(struct hub *h, const char *addr, int64_t now)
{
	unsigned k = hash_id(addr) % NSTRIKES;
	struct strike *free_slot = NULL;
	int i;

	for (i = 0; i < STRIKE_PROBE; i++) {
		struct strike *e = &h->strikes[(k + (unsigned)i) % NSTRIKES];

		if (strcmp(e->addr, addr) == 0)
			return e;
		if (free_slot == NULL && (e->addr[0] == '\0' ||
		    (now - e->window_us > STRIKE_WINDOW_US && now > e->blocked_us)))
			free_slot = e;
	}
	if (free_slot != NULL) {
		memset(free_slot, 0, sizeof *free_slot);
		snprintf(free_slot->addr, sizeof free_slot->addr, "%s", addr);
	}
	return free_slot;
}

/* Seconds addr must still wait after too many bad tokens, 0 if it may go on. */
static int strike_blocked(struct hub *h, const char *addr)
{
	int64_t now = now_us_monotonic();
	struct strike *e;
	int wait = 0;

	if (addr[0] == '\0')
		return 0;
	pthread_mutex_lock(&h->rl_lock);
	e = strike_find(h, addr, now);
	if (e != NULL && e->blocked_us > now)
		wait = (int)((e->blocked_us - now) / 1000000) + 1;
	pthread_mutex_unlock(&h->rl_lock);
	return wait;
}

/* Count a bad token from addr; one more than STRIKE_MAX in a window blocks it. */
static void strike_add(struct hub *h, const char *addr)
{
	int64_t now = now_us_monotonic();
	struct strike *e;
	int blocked = 0;

	if (addr[0] == '\0')
		return;
	pthread_mutex_lock(&h->rl_lock);
	e = strike_find(h, addr, now);
	if (e != NULL) {
		if (now - e->window_us > STRIKE_WINDOW_US) {
			e->window_us = now;
			e->count = 0;
		}
		if (++e->count > STRIKE_MAX) {
			e->blocked_us = now + STRIKE_BLOCK_US;
			e->count = 0;
			blocked = 1;
		}
	}
	pthread_mutex_unlock(&h->rl_lock);
	if (blocked)
		hub_log(HUB_WARN, "too many bad tokens from %s: refused for %d s", addr,
			(int)(STRIKE_BLOCK_US / 1000000));
}

/* Whether a token looked up in the last TOKEN_CACHE_TTL_US will do for route rt: only
 * for POST /v1/requests, which looks the token up again before it stores anything. A
 * token revoked is refused at once everywhere. */
static int cache_will_do(const struct route *rt)
{
	return rt->fn == api_requests_post;
}

static int authenticate(struct hub *h, const struct hub_call *c, struct state *st,
			struct reply *r)
{
	const char *auth = call_header(c, "Authorization"), *tok, *why;
	int cached = cache_will_do(st->route);
	unsigned char hash[32];
	char *err = NULL;
	int64_t now;
	size_t n;
	int rc;

	if (auth == NULL)
		return reply_error(r, 401, "unauthorized", "A bearer token is needed");
	r->retry_after = strike_blocked(h, st->client);
	if (r->retry_after > 0) {
		metrics_add(h->metrics, M_BAD_TOKEN_LIMITED, 1);
		return reply_error(r, 429, "rate_limited", "Too many bad tokens from this "
				   "address; try again in %d s", r->retry_after);
	}
	if (token_from_header(auth, &tok, &n, &why) < 0)
		return reply_error(r, 401, "unauthorized", "%s", why);
	token_hash(tok, n, hash);
	now = now_us_monotonic();
	if (cached && token_cache_get(h->tokens, hash, now, &st->tok)) {
		st->has_tok = 1;
		return 0;
	}
	rc = store_token_lookup(h->store, hash, &st->tok, &err);
	if (rc < 0) {
		hub_log(HUB_ERR, "%s", err);
		free(err);
		metrics_add(h->metrics, M_DB_ERRORS, 1);
		return reply_error(r, 503, "unavailable", "Storage is unavailable");
	}
	if (rc == 0) {
		strike_add(h, st->client);
		return reply_error(r, 401, "unauthorized", "The token is not valid or was revoked");
	}
	if (cached)
		token_cache_put(h->tokens, hash, now, &st->tok);
	st->has_tok = 1;
	return 0;
}

static unsigned hash_id(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % NBUCKETS;
}

/* 0 if the token may go on, else the seconds to wait. */
static int rate_limited(struct hub *h, const char *id)
{
	struct bucket *b;
	unsigned k = hash_id(id);
	int64_t now = now_us_monotonic();
	int wait = 0;

	if (h->cfg.rate <= 0)
		return 0;
	pthread_mutex_lock(&h->rl_lock);
	for (b = h->buckets[k]; b != NULL && strcmp(b->id, id) != 0; b = b->next)
		;
	if (b == NULL) {
		b = xcalloc(1, sizeof *b);
		snprintf(b->id, sizeof b->id, "%s", id);
		b->tokens = h->cfg.burst;
		b->last_us = now;
		b->next = h->buckets[k];
		h->buckets[k] = b;
	}
	b->tokens += (double)(now - b->last_us) / 1e6 * h->cfg.rate;
	if (b->tokens > h->cfg.burst)
		b->tokens = h->cfg.burst;
	b->last_us = now;
	if (b->tokens >= 1.0) {
		b->tokens -= 1.0;
	} else {
		wait = (int)((1.0 - b->tokens) / h->cfg.rate) + 1;
	}
	pthread_mutex_unlock(&h->rl_lock);
	return wait;
}

/* Routing ---------------------------------------------------------------------------- */

static int is_method(const char *m, const char *want)
{
	return strcmp(m, want) == 0 || (strcmp(want, "GET") == 0 && strcmp(m, "HEAD") == 0);
}

/* The route for method and url; NULL with the 404/405 reply set. */
static const struct route *find_route(const char *method, const char *url,
				      char arg[HUB_MAX_ARG],
				      struct reply *r)
{
	size_t i, n;
	int path_known = 0;

	for (i = 0; i < NROUTES; i++) {
		const struct route *rt = &routes[i];

		n = strlen(rt->path);
		if (rt->prefix) {
			const char *rest = url + n;

			if (strncmp(url, rt->path, n) != 0 || rest[0] == '\0' ||
			    (rt->prefix == 1 && strchr(rest, '/') != NULL) ||
			    strlen(rest) >= HUB_MAX_ARG)
				continue;
			if (!is_method(method, rt->method)) {
				path_known = 1;
				continue;
			}
			snprintf(arg, HUB_MAX_ARG, "%s", rest);
			return rt;
		}
		if (strcmp(url, rt->path) != 0)
			continue;
		if (is_method(method, rt->method))
			return rt;
		path_known = 1;
	}
	if (path_known) {
		char *allow = r->allow;

		allow[0] = '\0';
		for (i = 0; i < NROUTES; i++) {
			n = strlen(routes[i].path);
			if ((routes[i].prefix && strncmp(url, routes[i].path, n) == 0) ||
			    (!routes[i].prefix && strcmp(url, routes[i].path) == 0)) {
				size_t k = strlen(allow);

				snprintf(allow + k, sizeof r->allow - k, "%s%s", k ? ", " : "",
					 routes[i].method);
			}
		}
		reply_error(r, 405, "method_not_allowed", "%s is not allowed here", method);
		return NULL;
	}
	reply_error(r, 404, "not_found", "There is no such endpoint");
	return NULL;
}

static int has_body(const char *method, struct MHD_Connection *conn)
{
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
	const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						     "Transfer-Encoding");

	if (te != NULL)
		return 1;
	if (cl != NULL)
		return strcmp(cl, "0") != 0;
	return strcmp(method, "POST") == 0 || strcmp(method, "PATCH") == 0 ||
		strcmp(method, "PUT") == 0;
}

static int json_content_type(const char *ct)
{
	const char *p;

	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0)
		return 0;
	p = ct + 16;
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return 1;
	if (*p != ';')
		return 0;
	for (; *p && strncasecmp(p, "charset=", 8) != 0; p++)
		;
	if (*p == '\0')
		return 1;
	p += 8;
	if (*p == '"')
		p++;
	return strncasecmp(p, "utf-8", 5) == 0 || strncasecmp(p, "utf8", 4) == 0;
}

/* Everything decided from the headers alone (c has no body yet): route, token, scope,
 * rate, size, type. Returns 0 to go on, -1 with the reply set. */
static int check_headers(struct hub *h, const struct hub_call *c, struct state *st,
			 struct reply *r)
{
	const char *cl, *method = c->method;
	int wait;

	st->route = find_route(method, c->path, st->arg, r);
	if (st->route == NULL)
		return -1;
	if (st->route->scopes != 0) {
		if (authenticate(h, c, st, r) < 0)
			return -1;
		if ((st->route->scopes & (1u << st->tok.scope)) == 0)
			return reply_error(r, 403, "forbidden", "A %s token cannot use this "
					   "endpoint", scope_names[st->tok.scope]);
		wait = rate_limited(h, st->tok.id);
		if (wait > 0) {
			r->retry_after = wait;
			return reply_error(r, 429, "rate_limited", "Too many requests; try again "
					   "in %d s", wait);
		}
	}
	if (strcmp(method, "POST") == 0 || strcmp(method, "PATCH") == 0) {
		long len;

		cl = call_header(c, "Content-Length");
		if (cl != NULL && (parse_long(cl, 0, HUB_MAX_BODY, &len) < 0))
			return reply_error(r, 413, "too_large", "The body is larger than %d bytes",
					   HUB_MAX_BODY);
		if (!json_content_type(call_header(c, "Content-Type")))
			return reply_error(r, 415, "unsupported_media_type", "The body must be "
					   "application/json in UTF-8");
	}
	return 0;
}

/* Once the body is in c: the 413 of a body too large, else the route's handler. */
static void dispatch(struct hub *h, struct state *st, struct hub_call *c, struct reply *r)
{
	if (st->over) {
		reply_error(r, 413, "too_large", "The body is larger than %d bytes",
			    HUB_MAX_BODY);
		return;
	}
	c->store = h->store;
	c->ingest = h->ingest;
	c->metrics = h->metrics;
	c->snapshots = h->snapshots;
	c->public = h->public;
	c->tok = st->has_tok ? &st->tok : NULL;
	c->arg = st->route->prefix ? st->arg : NULL;
	st->route->fn(c, r);
}

/* The call of a connection, as far as the headers tell it. */
static void conn_call(struct hub_call *c, struct MHD_Connection *conn, const char *method,
		      const char *url)
{
	memset(c, 0, sizeof *c);
	c->conn = conn;
	c->method = method;
	c->path = url;
	c->body = "";
}

/* Deadlines for slow clients ---------------------------------------------------------
 * MHD's own timeout closes only connections that send nothing; one that trickles a
 * byte a second would hold its thread for ever. So each request must have its headers
 * and body in within --request-timeout of its first byte: a sweeper thread shuts down
 * the socket of one that has not (the connection's thread then sees the end and
 * closes it). Between requests a kept-alive connection is idle and left to MHD's
 * timeout, until the kernel says bytes of a next request came. And when nearly all
 * connections are taken, the slowest readers go first, so others still get in. */

#define SWEEP_MS     250
#define EVICT_AGE_US (100 * 1000)

static struct conn_slot *slot_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

/* The request on conn has its headers and body: its time is no longer counted (0), or
 * a request starts (1) and is timed from now unless the sweeper already saw it begin. */
static void slot_timed(struct hub *h, struct MHD_Connection *conn, int timed)
{
	struct conn_slot *c = slot_of(conn);

	if (c == NULL)
		return;
	pthread_mutex_lock(&h->conn_lock);
	if (!timed)
		c->start_us = 0;
	else if (c->start_us == 0)
		c->start_us = now_us_monotonic();
	c->idle_us = 0;
	pthread_mutex_unlock(&h->conn_lock);
}

/* The connection's response is sent: idle until the next request. */
static void slot_idle(struct hub *h, struct MHD_Connection *conn)
{
	struct conn_slot *c = slot_of(conn);

	if (c == NULL)
		return;
	pthread_mutex_lock(&h->conn_lock);
	c->start_us = 0;
	c->idle_us = now_us_monotonic();
	pthread_mutex_unlock(&h->conn_lock);
}

/* Cut c short: its thread sees the end of the stream and closes it. Under conn_lock
 * (the fd stays open until the closed notification, which takes it too). */
static void slot_cut(struct hub *h, struct conn_slot *c)
{
	if (c->cut || c->fd < 0)
		return;
	shutdown(c->fd, SHUT_RDWR);
	c->cut = 1;
	metrics_add(h->metrics, M_SLOW_CLOSED, 1);
}

/* 1 if bytes came on an idle connection since it went idle (a next request began). */
static int slot_woke(const struct conn_slot *c, int64_t now)
{
	struct tcp_info ti;
	socklen_t len = sizeof ti;

	if (getsockopt(c->fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
		return 0;
	return (int64_t)ti.tcpi_last_data_recv * 1000 < now - c->idle_us;
}

/* With few connections left, cut the request that has been reading longest (if it
 * is older than EVICT_AGE_US): a client sending at a normal pace is done in ms. */
static void evict_slowest(struct hub *h, int64_t now)
{
	unsigned reserve = h->cfg.max_connections / 8 + 1;
	struct conn_slot *c, *oldest;

	while ((unsigned)h->nconns + reserve > h->cfg.max_connections) {
		oldest = NULL;
		for (c = h->conns; c != NULL; c = c->next) {
			if (!c->cut && c->start_us != 0 && now - c->start_us > EVICT_AGE_US &&
			    (oldest == NULL || c->start_us < oldest->start_us))
				oldest = c;
		}
		if (oldest == NULL)
			return;
		slot_cut(h, oldest);
		/* no longer counted: its thread closes it soon */
		oldest->start_us = 0;
		reserve++;
	}
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct hub *h = cls;
	struct conn_slot *c = *socket_context;
	const union MHD_ConnectionInfo *ci;

	pthread_mutex_lock(&h->conn_lock);
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		c = xcalloc(1, sizeof *c);
		c->fd = ci != NULL ? ci->connect_fd : -1;
		c->start_us = now_us_monotonic();
		c->next = h->conns;
		if (h->conns != NULL)
			h->conns->prev = c;
		h->conns = c;
		h->nconns++;
		*socket_context = c;
		metrics_add(h->metrics, M_OPEN_CONNECTIONS, 1);
		evict_slowest(h, c->start_us);
	} else if (c != NULL) {
		if (c->prev != NULL)
			c->prev->next = c->next;
		else
			h->conns = c->next;
		if (c->next != NULL)
			c->next->prev = c->prev;
		h->nconns--;
		free(c);
		*socket_context = NULL;
		metrics_add(h->metrics, M_OPEN_CONNECTIONS, -1);
	}
	pthread_mutex_unlock(&h->conn_lock);
}

static void sweep(struct hub *h)
{
	int64_t now = now_us_monotonic();
	int64_t limit = (int64_t)h->cfg.request_timeout_s * 1000000;
	struct conn_slot *c;

	for (c = h->conns; c != NULL; c = c->next) {
		if (c->cut)
			continue;
		if (c->idle_us != 0 && slot_woke(c, now)) {
			c->idle_us = 0;
			c->start_us = now;
		}
		if (c->start_us != 0 && now - c->start_us > limit)
			slot_cut(h, c);
	}
	evict_slowest(h, now);
}

static void *sweeper(void *arg)
{
	struct hub *h = arg;
	struct timespec ts;

	pthread_mutex_lock(&h->conn_lock);
	while (!h->stopping) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += SWEEP_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&h->sweep_cond, &h->conn_lock, &ts);
		if (!h->stopping)
			sweep(h);
	}
	pthread_mutex_unlock(&h->conn_lock);
	return NULL;
}

static enum MHD_Result count_host(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	int *n = cls;

	(void)kind, (void)value;
	if (strcasecmp(key, "Host") == 0)
		(*n)++;
	return MHD_YES;
}

/* The first call of a request (its headers are in): 0 to go on, or -1 with the reply
 * set (no or several Host headers). */
static int first_call(struct hub *h, struct MHD_Connection *conn, struct state *st)
{
	int hosts = 0;

	slot_timed(h, conn, 1);
	client_address(h, conn, st->client);
	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_host, &hosts);
	if (hosts != 1)
		return reply_error(&st->pending, 400, "bad_request", "A request needs one Host "
				   "header, not %d", hosts);
	return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload, size_t *upload_size, void **con_cls)
{
	struct hub *h = cls;
	struct state *st = *con_cls;
	struct hub_call call;
	struct reply r;

	(void)version;
	if (st == NULL) {
		st = xcalloc(1, sizeof *st);
		st->t0 = now_us_monotonic();
		snprintf(st->method, sizeof st->method, "%s", method);
		log_path(st, conn, url);
		*con_cls = st;
		atomic_fetch_add(&h->inflight, 1);
		conn_call(&call, conn, method, url);
		if (first_call(h, conn, st) < 0 ||
		    check_headers(h, &call, st, &st->pending) < 0) {
			/* With a body on its way answer now, before reading a byte of it (the
			 * connection then closes); else answer on the next call, which keeps
			 * the connection alive. */
			if (has_body(method, conn))
				return send_reply(conn, st, &st->pending);
			st->has_pending = 1;
		}
		return MHD_YES;
	}
	if (*upload_size > 0) {
		size_t n = *upload_size;

		st->seen += n;
		*upload_size = 0;
		if (st->seen > DISCARD_MAX)
			return MHD_NO;
		if (st->answered || st->has_pending || st->over)
			return MHD_YES;
		if (st->body.len + n > HUB_MAX_BODY) {
			st->over = 1;
			buf_free(&st->body);
			return MHD_YES;
		}
		buf_add(&st->body, upload, n);
		return MHD_YES;
	}
	if (st->answered)
		return MHD_YES;
	slot_timed(h, conn, 0);
	if (st->has_pending) {
		st->has_pending = 0;
		return send_reply(conn, st, &st->pending);
	}
	memset(&r, 0, sizeof r);
	conn_call(&call, conn, method, url);
	call.body = st->body.s ? st->body.s : "";
	call.body_len = st->body.len;
	dispatch(h, st, &call, &r);
	return send_reply(conn, st, &r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct hub *h = cls;
	struct state *st = *con_cls;

	(void)toe;
	if (st == NULL)
		return;
	slot_idle(h, conn);
	log_line(h, st);
	buf_free(&st->body);
	buf_free(&st->pending.body);
	free(st);
	*con_cls = NULL;
	atomic_fetch_sub(&h->inflight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char *msg = xvasprintf(fmt, ap);
	size_t n = strlen(msg);

	(void)cls;
	while (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';
	hub_log(HUB_WARN, "http: %s", msg);
	free(msg);
}

/* Serving ----------------------------------------------------------------------------- */

static int parse_listen(const char *s, struct sockaddr_storage *ss, int *v6, char **err)
{
	struct addrinfo hints, *res = NULL;
	char host[256];
	const char *colon = strrchr(s, ':'), *h = s;
	size_t hl;
	long port;
	int rc;

	if (colon == NULL || parse_long(colon + 1, 0, 65535, &port) < 0)
		return set_error(err, "--listen wants ADDRESS:PORT, not \"%s\"", s);
	hl = (size_t)(colon - s);
	if (hl >= 2 && s[0] == '[' && s[hl - 1] == ']') {
		h = s + 1;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof host)
		return set_error(err, "--listen wants ADDRESS:PORT, not \"%s\"", s);
	memcpy(host, h, hl);
	host[hl] = '\0';
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	rc = getaddrinfo(host, colon + 1, &hints, &res);
	if (rc != 0)
		return set_error(err, "--listen %s: %s", s, gai_strerror(rc));
	memset(ss, 0, sizeof *ss);
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*v6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	return 0;
}

static void shown_address(const struct sockaddr_storage *ss, unsigned port, char *out,
			  size_t size)
{
	char host[INET6_ADDRSTRLEN] = "?";

	if (ss->ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, host,
			  sizeof host);
		snprintf(out, size, "[%s]:%u", host, port);
	} else {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, host,
			  sizeof host);
		snprintf(out, size, "%s:%u", host, port);
	}
}

/* Where and how to listen, from the configuration. */
struct listener {
	struct sockaddr_storage ss;
	unsigned flags;
	char *cert, *key;               /* PEM text, both NULL without TLS */
};

/* Check the configuration and read the TLS files: 0, 2 for bad usage or 1 for a
 * runtime failure, with *err set. */
static int listener_setup(const struct hub_config *cfg, struct listener *l, char **err)
{
	size_t len;
	int v6 = 0;

	memset(l, 0, sizeof *l);
	l->flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
		MHD_USE_POLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (parse_listen(cfg->listen, &l->ss, &v6, err) < 0)
		return 2;
	if (v6)
		l->flags |= MHD_USE_IPv6;
	if ((cfg->tls_cert == NULL) != (cfg->tls_key == NULL)) {
		set_error(err, "--tls-cert and --tls-key go together");
		return 2;
	}
	if (cfg->tls_cert == NULL)
		return 0;
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		set_error(err, "this libmicrohttpd has no TLS support");
		return 1;
	}
	if (read_file(cfg->tls_cert, 1 << 20, &l->cert, &len, err) < 0 ||
	    read_file(cfg->tls_key, 1 << 20, &l->key, &len, err) < 0)
		return 1;
	l->flags |= MHD_USE_TLS;
	return 0;
}

static void listener_free(struct listener *l)
{
	free(l->cert);
	free(l->key);
}

static struct MHD_Daemon *start_daemon(struct hub *h, struct listener *l)
{
	const struct hub_config *cfg = &h->cfg;
	struct MHD_OptionItem opts[16];
	int k = 0;

	opts[k++] = (struct MHD_OptionItem){MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log,
					    NULL};
	opts[k++] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, &l->ss};
	opts[k++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT,
					    (intptr_t)cfg->max_connections, NULL};
	opts[k++] = (struct MHD_OptionItem){MHD_OPTION_PER_IP_CONNECTION_LIMIT,
					    (intptr_t)cfg->max_per_ip, NULL};
	opts[k++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT,
					    (intptr_t)cfg->timeout_s, NULL};
	/* MHD clears a connection's memory at each request: 32 KiB (its default) holds
	 * any sane headers, and clearing 64 KiB took 3% of the hub's CPU in ingest */
	opts[k++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_MEMORY_LIMIT,
					    (intptr_t)(32 * 1024), NULL};
	opts[k++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED,
					    (intptr_t)on_completed, h};
	opts[k++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_STACK_SIZE,
					    (intptr_t)(512 * 1024), NULL};
	opts[k++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_CONNECTION,
					    (intptr_t)on_connection, h};
	if (l->cert != NULL) {
		opts[k++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, l->cert};
		opts[k++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, l->key};
		/* TLS 1.2 and 1.3 only: older versions have known weaknesses */
		opts[k++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_PRIORITIES, 0,
			(void *)"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"};
	}
	opts[k++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
	return MHD_start_daemon(l->flags, 0, NULL, NULL, on_request, h, MHD_OPTION_ARRAY, opts,
				MHD_OPTION_END);
}

/* "listening on ADDR:PORT" on stdout (tests and scripts wait for it) and stderr. */
static void announce(struct MHD_Daemon *d, const struct listener *l)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char where[80];

	shown_address(&l->ss, info ? info->port : 0, where, sizeof where);
	printf("listening on %s\n", where);
	fflush(stdout);
	hub_log(HUB_INFO, "version %s, listening on %s%s", VERSION, where,
		l->cert ? " (TLS 1.2 and 1.3)" : "");
}

/* Wait for SIGTERM or SIGINT, stop taking connections and give the requests in
 * flight up to 30 s to finish. */
static void wait_and_drain(struct hub *h, struct MHD_Daemon *d, const sigset_t *sigs)
{
	MHD_socket ls;
	int64_t deadline;
	int sig = 0;

	while (sigwait(sigs, &sig) != 0)
		;
	hub_log(HUB_INFO, "%s, finishing the requests in flight",
		sig == SIGTERM ? "SIGTERM" : "SIGINT");
	ls = MHD_quiesce_daemon(d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	deadline = now_ms_monotonic() + 30000;
	while (atomic_load(&h->inflight) > 0 && now_ms_monotonic() < deadline) {
		struct timespec ts = {0, 5 * 1000 * 1000};

		nanosleep(&ts, NULL);
	}
}

static void buckets_free(struct hub *h)
{
	int i;

	for (i = 0; i < NBUCKETS; i++) {
		while (h->buckets[i] != NULL) {
			struct bucket *b = h->buckets[i];

			h->buckets[i] = b->next;
			free(b);
		}
	}
}

/* Calls without a connection (hub_handle) ------------------------------------------- */

#define MAX_QUERY 32

/* Counters for each route, labelled "METHOD /path" ("{id}" for the ID of a path). */
static struct hub_metrics *route_metrics(void)
{
	static char names[NROUTES][64];
	const char *labels[NROUTES];
	size_t i;

	for (i = 0; i < NROUTES; i++) {
		snprintf(names[i], sizeof names[i], "%s %s%s", routes[i].method, routes[i].path,
			 routes[i].prefix ? "{id}" : "");
		labels[i] = names[i];
	}
	return metrics_new(labels, (int)NROUTES);
}

struct hub *hub_new(const struct hub_config *cfg, struct store *s, struct ingest *g)
{
	struct hub *h = xcalloc(1, sizeof *h);
	int i;

	h->cfg = *cfg;
	h->store = s;
	h->ingest = g;
	h->tokens = token_cache_new();
	for (i = 0; i < cfg->ntrusted; i++)
		addr_parse(cfg->trusted[i], h->trusted[i]);
	pthread_mutex_init(&h->rl_lock, NULL);
	pthread_mutex_init(&h->conn_lock, NULL);
	pthread_cond_init(&h->sweep_cond, NULL);
	return h;
}

void hub_free(struct hub *h)
{
	if (h == NULL)
		return;
	buckets_free(h);
	token_cache_free(h->tokens);
	metrics_free(h->metrics);
	pthread_mutex_destroy(&h->rl_lock);
	pthread_mutex_destroy(&h->conn_lock);
	pthread_cond_destroy(&h->sweep_cond);
	free(h);
}

void hub_set_public(struct hub *h, struct public_site *p)
{
	h->public = p;
}

void hub_set_snapshots(struct hub *h, struct snapshots *sn)
{
	h->snapshots = sn;
}

static void sweeper_stop(struct hub *h)
{
	pthread_mutex_lock(&h->conn_lock);
	h->stopping = 1;
	pthread_cond_signal(&h->sweep_cond);
	pthread_mutex_unlock(&h->conn_lock);
	pthread_join(h->sweeper, NULL);
}

/* Read a streamed reply into its body (for calls without a connection). */
static void drain_stream(struct reply *r)
{
	char chunk[16384];
	long n;

	if (r->stream.read == NULL)
		return;
	while ((n = r->stream.read(r->stream.cls, chunk, sizeof chunk)) > 0)
		buf_add(&r->body, chunk, (size_t)n);
	r->stream.done(r->stream.cls);
	memset(&r->stream, 0, sizeof r->stream);
}

/* Read a file reply into its body (for calls without a connection) and close it. */
static void drain_file(struct reply *r)
{
	char chunk[16384];
	ssize_t n;

	if (!r->has_file)
		return;
	while ((n = read(r->file_fd, chunk, sizeof chunk)) > 0)
		buf_add(&r->body, chunk, (size_t)n);
	close(r->file_fd);
	r->has_file = 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Undo %XX escapes in place (and '+' for a space in query arguments), as MHD does. */
static void unescape(char *s, int plus)
{
	char *w = s;

	for (; *s; s++) {
		int hi = *s == '%' ? hex_digit(s[1]) : -1;
		int lo = hi >= 0 ? hex_digit(s[2]) : -1;

		if (lo >= 0) {
			*w++ = (char)(hi << 4 | lo);
			s += 2;
		} else {
			*w++ = plus && *s == '+' ? ' ' : *s;
		}
	}
	*w = '\0';
}

/* Cut the query string off url (in place) into q (MAX_QUERY + 1 slots, ending with a
 * NULL key; a key without '=' has a NULL value) and unescape both parts. */
static void split_url(char *url, struct hub_kv *q)
{
	char *args = strchr(url, '?'), *next;
	int n = 0;

	if (args != NULL)
		*args++ = '\0';
	for (; args != NULL && n < MAX_QUERY; args = next) {
		char *eq;

		next = strchr(args, '&');
		if (next != NULL)
			*next++ = '\0';
		eq = strchr(args, '=');
		if (eq != NULL) {
			*eq++ = '\0';
			unescape(eq, 1);
		}
		unescape(args, 1);
		q[n].key = args;
		q[n++].value = eq;
	}
	q[n].key = q[n].value = NULL;
	unescape(url, 0);
}

void hub_handle(struct hub *h, const char *method, const char *url,
		const struct hub_kv *headers, const char *body, size_t len, struct reply *out)
{
	struct hub_kv query[MAX_QUERY + 1];
	struct state st;
	struct hub_call call;
	char *path = xstrdup(url);

	memset(out, 0, sizeof *out);
	memset(&st, 0, sizeof st);
	split_url(path, query);
	memset(&call, 0, sizeof call);
	call.method = method;
	call.path = path;
	call.headers = headers;
	call.query = query;
	call.body = "";
	if (check_headers(h, &call, &st, out) == 0) {
		st.over = len > HUB_MAX_BODY;
		call.body = body != NULL ? body : "";
		call.body_len = len;
		dispatch(h, &st, &call, out);
		drain_stream(out);
		drain_file(out);
	}
	if (out->status == 0)
		reply_error(out, 500, "internal", "No answer");
	free(path);
}

/* Run the server on h until a signal, then stop it: 0, or 1 with *err set. */
static int serve_on(struct hub *h, struct listener *l, const sigset_t *sigs, char **err)
{
	struct MHD_Daemon *d;

	/* only a serving hub counts: calls without a connection answer /metrics 404 */
	h->metrics = route_metrics();
	if (pthread_create(&h->sweeper, NULL, sweeper, h) != 0) {
		set_error(err, "cannot start a thread");
		return 1;
	}
	d = start_daemon(h, l);
	if (d == NULL) {
		set_error(err, "cannot listen on %s (in use, or no permission?)", h->cfg.listen);
		sweeper_stop(h);
		return 1;
	}
	announce(d, l);
	wait_and_drain(h, d, sigs);
	MHD_stop_daemon(d);
	sweeper_stop(h);
	return 0;
}

/* The snapshot keeper in --snapshot-dir or beside the database. Without one the hub
 * still serves everything else (GET /v1/snapshot answers 503). */
static struct snapshots *start_snapshots(const struct hub_config *cfg, struct store *s)
{
	char *dir = NULL, *err = NULL;
	struct snapshots *sn = NULL;

	if (cfg->snapshot_dir != NULL)
		dir = xstrdup(cfg->snapshot_dir);
	else if (!store_is_pg(cfg->db_path))
		dir = xasprintf("%s.snapshots", cfg->db_path);
	if (dir == NULL)
		err = xstrdup("a PostgreSQL hub needs --snapshot-dir DIR");
	else
		sn = snapshots_start(s, dir, &err);
	if (sn == NULL)
		hub_log(HUB_ERR, "no catalogue snapshots: %s", err);
	free(err);
	free(dir);
	return sn;
}

int hub_serve(const struct hub_config *cfg)
{
	struct hub *h;
	struct ingest *ing;
	struct listener l;
	struct store *s = NULL;
	struct snapshots *snaps;
	struct public_site *pub;
	char *err = NULL;
	sigset_t sigs;
	int rc;

	rc = listener_setup(cfg, &l, &err);
	if (rc != 0)
		goto fail;
	rc = 1;
	s = store_open(cfg->db_path, &err);
	if (s == NULL)
		goto fail;
	store_set_busy_timeout(s, cfg->busy_ms);
	if (cfg->read_db != NULL && store_set_read_db(s, cfg->read_db, &err) < 0)
		goto fail;

	/* Signals go to this thread alone (sigwait below); threads inherit the mask. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	ing = ingest_start(s, &err);
	if (ing == NULL)
		goto fail;
	h = hub_new(cfg, s, ing);
	snaps = start_snapshots(cfg, s);
	hub_set_snapshots(h, snaps);
	pub = cfg->public && snaps != NULL ? public_new(snaps, cfg->public_url) : NULL;
	hub_set_public(h, pub);
	rc = serve_on(h, &l, &sigs, &err);
	public_free(pub);
	snapshots_stop(snaps);
	ingest_stop(h->ingest);
	hub_free(h);
	if (rc != 0)
		goto fail;
	store_close(s);
	listener_free(&l);
	hub_log(HUB_INFO, "stopped");
	return 0;
fail:
	/* bad usage is said plainly, as every command does; a failure is an error */
	if (rc == 2)
		fprintf(stderr, "vitrina-hub: %s\n", err ? err : "bad usage");
	else
		hub_log(HUB_ERR, "%s", err ? err : "cannot start");
	free(err);
	listener_free(&l);
	store_close(s);
	return rc;
}
