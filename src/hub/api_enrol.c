/* POST /v1/enrol: a one-time code for a kiosk token. */
#include "api_enrol.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "enrol_code.h"
#include "request.h"
#include "token.h"

#define NADDR 256                       /* client addresses remembered at once */
#define TAKE_OTHER_KIOSK 100            /* exchange(): the code is for another kiosk */

/* Refused codes per client address. The table is small and fixed: when it is full the
 * entry idle longest is reused, so a flood of addresses costs no memory. */
struct wrong {
	char addr[INET6_ADDRSTRLEN];
	int count;
	int64_t first_ms;               /* start of the counting window */
	int64_t blocked_until_ms;
	int64_t last_ms;
};

static struct wrong wrongs[NADDR];
static pthread_mutex_t wrong_lock = PTHREAD_MUTEX_INITIALIZER;

/* The client's address as text; "local" for calls without a connection (tests). Behind
 * a reverse proxy this is the proxy's address, so the limit then holds for all clients
 * together (still safe, only stricter) until the handler is given the address http.c
 * takes from X-Forwarded-For of a trusted proxy. */
static void client_addr(const struct hub_call *c, char out[INET6_ADDRSTRLEN])
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	snprintf(out, INET6_ADDRSTRLEN, "local");
	if (c->conn == NULL)
		return;
	ci = MHD_get_connection_info(c->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return;
	sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
			  out, INET6_ADDRSTRLEN);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  out, INET6_ADDRSTRLEN);
}

/* The entry of addr (a new or reused one if absent). Called with wrong_lock held. */
static struct wrong *wrong_find(const char *addr, int64_t now)
{
	struct wrong *oldest = &wrongs[0];
	int i;

	for (i = 0; i < NADDR; i++) {
		if (strcmp(wrongs[i].addr, addr) == 0)
			return &wrongs[i];
		if (wrongs[i].last_ms < oldest->last_ms)
			oldest = &wrongs[i];
	}
	/* a free entry has last_ms 0, so it goes first */
	memset(oldest, 0, sizeof *oldest);
	snprintf(oldest->addr, sizeof oldest->addr, "%s", addr);
	oldest->first_ms = now;
	oldest->last_ms = now;
	return oldest;
}

/* Seconds addr must still wait, 0 if it may try a code. */
static int wrong_wait(const char *addr)
{
	int64_t now = now_ms_monotonic();
	struct wrong *w;
	int wait = 0;

	pthread_mutex_lock(&wrong_lock);
	w = wrong_find(addr, now);
	w->last_ms = now;
	if (w->blocked_until_ms > now)
		wait = (int)((w->blocked_until_ms - now + 999) / 1000);
	pthread_mutex_unlock(&wrong_lock);
	return wait;
}

/* Count a refused code from addr: the ENROL_MAX_WRONG-th in the window blocks it. */
static void wrong_count(const char *addr)
{
	int64_t now = now_ms_monotonic();
	struct wrong *w;

	pthread_mutex_lock(&wrong_lock);
	w = wrong_find(addr, now);
	if (now - w->first_ms > (int64_t)ENROL_WINDOW_S * 1000) {
		w->count = 0;
		w->first_ms = now;
	}
	w->last_ms = now;
	if (++w->count >= ENROL_MAX_WRONG) {
		w->blocked_until_ms = now + (int64_t)ENROL_BLOCK_S * 1000;
		w->count = 0;
		w->first_ms = now;
	}
	pthread_mutex_unlock(&wrong_lock);
}

static void refuse(struct reply *r, const char *addr, const char *reason, const char *msg)
{
	json_t *j = json_pack("{s:s, s:s, s:s}", "error", "forbidden", "reason", reason,
			      "message", msg);

	wrong_count(addr);
	reply_json(r, 403, j);
}

/* The code and the optional kiosk_id of the body: 0, or -1 with the reply set. */
static int read_body(const struct hub_call *c, struct reply *r, const char *addr,
		     char code[ENROL_CODE_LEN + 1], char kiosk[64])
{
	json_t *body, *v, *k;
	int rc = -1;

	if (call_json(c, r, &body) < 0)
		return -1;
	v = json_object_get(body, "code");
	k = json_object_get(body, "kiosk_id");
	kiosk[0] = '\0';
	if (!json_is_string(v)) {
		reply_error(r, 400, "bad_request", "code: a string is needed");
	} else if (k != NULL && !json_is_null(k) && (!json_is_string(k) ||
		   request_check_field(RF_KIOSK, json_string_value(k)) != NULL)) {
		reply_error(r, 400, "bad_request", "kiosk_id: letters, digits, . _ - "
			    "(at most 63)");
	} else if (json_string_length(v) > 64 ||
		   enrol_code_normalise(json_string_value(v), code) < 0) {
		refuse(r, addr, "malformed", "The code is not a code: it has 10 letters and "
		       "digits, as K7M2-QX9P-4T");
	} else {
		if (json_is_string(k))
			snprintf(kiosk, 64, "%s", json_string_value(k));
		rc = 0;
	}
	json_decref(body);
	return rc;
}

/* Take the code and make the kiosk's token in one transaction (nothing changes unless
 * the code is good and, if kiosk is not "", made for that kiosk). Returns an enum
 * enrol_take, TAKE_OTHER_KIOSK, or -1 after a storage failure (reply set). */
static int exchange(const struct hub_call *c, struct reply *r, const char *code,
		    const char *kiosk, struct token_info *t, char tok[TOKEN_LEN + 1])
{
	unsigned char hash[32], thash[32];
	enum enrol_take res = ENROL_TAKE_UNKNOWN;
	char *err = NULL;

	memset(t, 0, sizeof *t);
	token_hash(code, strlen(code), hash);
	token_new_id(t->id);
	t->scope = SCOPE_KIOSK;
	now_rfc3339(t->created_at);
	token_generate(tok);
	token_hash(tok, strlen(tok), thash);
	if (store_begin(c->store, &err) < 0)
		goto fail;
	if (store_enrol_take(c->store, hash, t->created_at, t->id, t->name, &res, &err) < 0 ||
	    (res == ENROL_TAKE_OK && store_token_add(c->store, t, thash, &err) < 0)) {
		store_rollback(c->store);
		goto fail;
	}
	if (res != ENROL_TAKE_OK || (kiosk[0] != '\0' && strcmp(kiosk, t->name) != 0)) {
		store_rollback(c->store);
		return res != ENROL_TAKE_OK ? (int)res : TAKE_OTHER_KIOSK;
	}
	if (store_commit(c->store, &err) < 0)
		goto fail;
	return (int)res;
fail:
	hub_log(HUB_ERR, "enrol: %s", err ? err : "storage failed");
	free(err);
	reply_error(r, 503, "unavailable", "Storage is unavailable; try again later");
	return -1;
}

void api_enrol(const struct hub_call *c, struct reply *r)
{
	char addr[INET6_ADDRSTRLEN], code[ENROL_CODE_LEN + 1], kiosk[64];
	char tok[TOKEN_LEN + 1];
	struct token_info t;
	int wait, res;

	client_addr(c, addr);
	wait = wrong_wait(addr);
	if (wait > 0) {
		r->retry_after = wait;
		reply_error(r, 429, "rate_limited", "Too many wrong codes from this address; "
			    "try again in %d s", wait);
		return;
	}
	if (read_body(c, r, addr, code, kiosk) < 0)
		return;
	res = exchange(c, r, code, kiosk, &t, tok);
	wipe(code, sizeof code);
	if (res < 0)
		goto out;
	switch (res) {
	case ENROL_TAKE_OK:
		hub_log(HUB_INFO, "enrol: kiosk %s enrolled, token id %s", t.name, t.id);
		reply_json(r, 201, json_pack("{s:s, s:s, s:s}", "kiosk_id", t.name, "token", tok,
					     "token_id", t.id));
		break;
	case ENROL_TAKE_UNKNOWN:
		refuse(r, addr, "unknown", "The code is wrong: check it and type it again");
		break;
	case ENROL_TAKE_USED:
		refuse(r, addr, "used", "The code has already been used; ask for a new one");
		break;
	case ENROL_TAKE_EXPIRED:
		refuse(r, addr, "expired", "The code has expired; ask for a new one");
		break;
	default:
		refuse(r, addr, "other_kiosk", "The code was made for another kiosk id");
		break;
	}
out:
	wipe(tok, sizeof tok);
}
