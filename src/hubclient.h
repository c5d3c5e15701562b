/* hubclient: the one policy for everything that talks to vitrina-hub (the kiosk's sync
 * and the staff client): which hub URLs are allowed, how a token file is read, how
 * libcurl is set up (TLS verified, CA file, pinned key, proxy, timeouts, no redirects,
 * answers capped in size) and how a failed exchange is described. No curses.
 *
 * The token only ever goes into the Authorization header; messages name files and
 * hosts, never the token. */
#ifndef VITRINA_HUBCLIENT_H
#define VITRINA_HUBCLIENT_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

#define HUBCLIENT_TOKEN_MAX 300         /* characters of a token, as the hub allows */

/* How to reach the hub. Strings are borrowed; NULL means none. */
struct hubclient_opts {
	const char *url;                /* checked with hub_url_check (hub_url.h) */
	const char *token;              /* sent as "Authorization: Bearer TOKEN" */
	const char *ca_file;            /* PEM bundle to trust instead of the system's */
	const char *pinned_pubkey;      /* libcurl's "sha256//..." or a PEM/DER file */
	const char *proxy;              /* only this proxy; the environment's is never used */
	const char *agent;              /* User-Agent */
	long connect_ms, total_ms;      /* timeouts of one exchange */
	long low_speed_s;               /* give up when under 1 byte/s for this long */
};

/* What one exchange brought back. hubclient_setup fills it in as the answer arrives. */
struct hubclient_answer {
	CURLcode rc;                    /* CURLE_OK when an HTTP answer arrived */
	long status;                    /* the HTTP status, 0 if none */
	struct buf body;                /* the answer (not a sink's), at most cap bytes */
	size_t cap;
	bool too_big;                   /* the answer was larger than cap (or sink_max) */
	int64_t retry_after_s;          /* the hub's Retry-After in seconds, -1 if none */
	FILE *sink;                     /* if set, a 2xx answer goes here instead of body */
	int64_t sink_bytes, sink_max;
	bool sink_failed;               /* writing to sink failed */
	void *sink_md;                  /* the SHA-256 of what went to sink (internal) */
	/* Headers of a snapshot (GET /v1/snapshot): Vitrina-Seq (-1 if none), the base64
	 * SHA-256 of Digest's sha-256= ("" if none), ETag as sent ("" if none). */
	int64_t seq;
	char digest[64];
	char etag[96];
	CURL *easy;                     /* the handle it belongs to (set by hubclient_setup) */
	const char *proxy;              /* the forward proxy used, NULL if none (borrowed) */
	char errbuf[CURL_ERROR_SIZE];
};


/* Read the token in path: a regular file that others can neither read nor write,
 * holding one token of visible ASCII (surrounding white space is dropped). hash (if
 * not NULL) gets the SHA-256 of the whole file in hex, to notice a new token later.
 * Returns the token (free it with wipe_string), or NULL with *err set (the message
 * names the file, never the token). */
char *hubclient_token_read(const char *path, char hash[65], char **err);
/* The token in the len bytes at data: surrounding white space dropped, then one word of
 * visible ASCII of at most HUBCLIENT_TOKEN_MAX characters. Returns a new string (free
 * it with wipe_string), or NULL with *err set, starting with where ("VITRINA_TOKEN"). */
char *hubclient_token_parse(const char *data, size_t len, const char *where, char **err);
/* The SHA-256 in hex of the file at path now, or "" if it cannot be read. */
void hubclient_token_hash(const char *path, char hash[65]);

/* Set up easy (fresh, or after curl_easy_reset, which keeps its connections) for an
 * exchange with the hub at o->url + path ("/v1/..."), with the policy above, the
 * Authorization and Accept headers (accept: "application/json" when NULL) plus the
 * headers already in *headers, and the answer collected into a (reset here, with cap
 * bytes at most; a->sink and a->sink_max are kept). A body is sent with method ("POST",
 * "PATCH") as JSON; it must live until the exchange ends. Without one the call is a GET,
 * or a DELETE when method says so. *headers is
 * the caller's to free with curl_slist_free_all after the exchange. */
void hubclient_setup(CURL *easy, const struct hubclient_opts *o, const char *path,
		     const char *accept, const char *method, const char *body, size_t body_len,
		     struct curl_slist **headers, struct hubclient_answer *a, size_t cap);
/* Record the end of an exchange run by a multi handle (curl_easy_perform callers only
 * need to store its result in a->rc): the result and the status. */
void hubclient_done(struct hubclient_answer *a, CURLcode rc);
/* Free the answer's body (wiped: it may hold personal data) and its sink's digest. */
void hubclient_answer_free(struct hubclient_answer *a);
/* The SHA-256 of what a 2xx answer wrote to a->sink, in base64 (out: 45 bytes at least).
 * -1 if there was no sink. */
int hubclient_sink_digest(struct hubclient_answer *a, char *out, size_t size);

/* A plain one-line English description of what went wrong, for logs and screens: the
 * network ("cannot reach the hub (...)", "the hub did not answer in time", "the hub's
 * certificate cannot be trusted (...)", "the hub's key does not match pinned_pubkey"),
 * a forward proxy that is down or refuses the way to the hub ("cannot reach the proxy
 * http://p:3128 (...)", "the proxy ... answered 403 (Forbidden) instead of connecting to
 * the hub"), an answer too large, the status with the hub's own {"error","message"}
 * (sanitised, cut short), or, for an answer that is not the hub's JSON (a reverse
 * proxy's HTML page), "the proxy/hub answered 502 (Bad Gateway): ..." with what it
 * usually means. NULL when the exchange worked (2xx). The caller frees it. */
char *hubclient_problem(const struct hubclient_answer *a);


#endif
