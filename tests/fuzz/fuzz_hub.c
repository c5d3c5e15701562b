/* Fuzzes the hub's request handling through hub_handle, the path on_request takes after
 * the headers (routing, bearer tokens, scopes, body checks, the api_* handlers), on a
 * store in a temporary SQLite database with a small catalogue, a few requests and one
 * token of each kind. The input is
 *     METHOD URL\n  TOKEN[ VALUE]\n  CONTENT-TYPE\n  BODY
 * where TOKEN picks k(iosk), s(taff), c(ounty-limited staff), a(dmin), r(evoked), x (an
 * unknown token), b (VALUE is the whole Authorization header) or none; VALUE is the
 * If-Match header otherwise. Asserts the status is one the API defines (never 500 or
 * 503), JSON replies parse, errors carry "error" and "message", 204 has no body, only
 * tokens with the right scope get a 2xx, a county-limited token sees only its county,
 * and CSV cells never start like a formula. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "hub.h"
#include "ingest.h"
#include "store.h"
#include "token.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CASE1   "0d9f2c1e-4b7a-4c3e-9a51-7f2e8d6b1c40"
#define CASE2   "31f34a53-639c-4a15-ba1b-e2ef0968524d"
#define PARTNER "5d6a7e4d-856a-470b-b8ea-1322ccf393da"
#define KIOSK   "siauliai-lib-1"
#define COUNTY  "LT-SA"

static struct hub *hub;
static char tokens[5][TOKEN_LEN + 1];   /* kiosk, staff, county staff, admin, revoked */

static void must(int rc, const char *what, char *err)
{
	if (rc < 0) {
		fprintf(stderr, "fuzz_hub setup: %s: %s\n", what, err ? err : "?");
		abort();
	}
}

static void add_token(struct store *s, int k, enum scope scope, const char *name,
		      const char *county)
{
	struct token_info t;
	unsigned char hash[32];
	char *err = NULL, now[21];

	memset(&t, 0, sizeof t);
	token_new_id(t.id);
	t.scope = scope;
	snprintf(t.name, sizeof t.name, "%s", name);
	snprintf(t.county, sizeof t.county, "%s", county);
	now_rfc3339(t.created_at);
	token_generate(tokens[k]);
	token_hash(tokens[k], strlen(tokens[k]), hash);
	must(store_begin(s, &err), "begin", err);
	must(store_token_add(s, &t, hash, &err), "token", err);
	if (k == 4) {
		now_rfc3339(now);
		must(store_token_revoke(s, t.id, now, &err), "revoke", err);
	}
	must(store_commit(s, &err), "commit", err);
}

static void add_item(struct store *s, char kind, const char *id, const char *mun)
{
	char *body = xasprintf("{\"id\":\"%s\",\"municipality\":\"%s\"}", id, mun), now[21];
	char *err = NULL;
	int changed;

	now_rfc3339(now);
	must(store_begin(s, &err), "begin", err);
	must(store_catalogue_put(s, kind, id, mun, body, now, &changed, &err), "put", err);
	must(store_commit(s, &err), "commit", err);
	free(body);
}

static void call(const char *method, const char *url, const char *auth, const char *ctype,
		 const char *if_match, const char *body, size_t len, struct reply *out);

/* Requests in the store for the staff endpoints to find. */
static void add_requests(void)
{
	static const char body[] =
		"{\"requests\":[{\"id\":\"a0000000-0000-4000-8000-000000000001\","
		"\"kind\":\"contact\",\"case_id\":\"" CASE1 "\",\"name\":\"Jonas\","
		"\"age_group\":\"14-17\",\"contact\":\"jonas@example.lt\",\"message\":\"=SUM(A1)\","
		"\"lang\":\"lt\",\"consent_version\":\"2026-1\","
		"\"created_at\":\"2026-11-30T10:00:00Z\",\"kiosk_id\":\"" KIOSK "\"},"
		"{\"id\":\"a0000000-0000-4000-8000-000000000002\",\"kind\":\"nomination\","
		"\"name\":\"Rūta\",\"age_group\":\"18-24\",\"contact\":\"+370 612 34567\","
		"\"lang\":\"lt\",\"consent_version\":\"2026-1\","
		"\"created_at\":\"2026-11-30T10:00:00Z\",\"kiosk_id\":\"" KIOSK "\","
		"\"nominee\":\"Ona\",\"nominee_municipality\":\"LT-13\",\"why\":\"-1+1\"}]}";
	char *auth = xasprintf("Bearer %s", tokens[0]);
	struct reply r;

	call("POST", "/v1/requests", auth, "application/json", NULL, body, strlen(body), &r);
	if (r.status != 200 || strstr(r.body.s, "\"rejected\":[]") == NULL) {
		fprintf(stderr, "fuzz_hub setup: %u %s\n", r.status, r.body.s);
		abort();
	}
	buf_free(&r.body);
	free(auth);
}

static void setup(void)
{
	struct hub_config cfg;
	struct store *s;
	char *err = NULL;

	s = store_open(fuzz_path("hub.db"), &err);
	must(s ? 0 : -1, "store_open", err);
	add_token(s, 0, SCOPE_KIOSK, KIOSK, "");
	add_token(s, 1, SCOPE_STAFF, "Ona", "");
	add_token(s, 2, SCOPE_STAFF, "Jurgis", COUNTY);
	add_token(s, 3, SCOPE_ADMIN, "root", "");
	add_token(s, 4, SCOPE_KIOSK, "old-kiosk", "");
	add_item(s, 'c', CASE1, "LT-43");
	add_item(s, 'c', CASE2, "LT-13");
	add_item(s, 'p', PARTNER, "LT-43");
	hub_config_defaults(&cfg);
	cfg.rate = 0;           /* no rate limit: the same input gives the same answer */
	cfg.quiet = 1;
	hub = hub_new(&cfg, s, ingest_start(s, NULL));
	add_requests();
}

static void call(const char *method, const char *url, const char *auth, const char *ctype,
		 const char *if_match, const char *body, size_t len, struct reply *out)
{
	struct hub_kv h[5];
	char cl[24];
	int n = 0;

	snprintf(cl, sizeof cl, "%zu", len);
	if (auth != NULL)
		h[n++] = (struct hub_kv){"Authorization", auth};
	if (ctype != NULL && ctype[0] != '\0')
		h[n++] = (struct hub_kv){"Content-Type", ctype};
	if (if_match != NULL)
		h[n++] = (struct hub_kv){"If-Match", if_match};
	if (len > 0 || strcmp(method, "POST") == 0 || strcmp(method, "PATCH") == 0)
		h[n++] = (struct hub_kv){"Content-Length", cl};
	h[n] = (struct hub_kv){NULL, NULL};
	hub_handle(hub, method, url, h, body, len, out);
}

/* The next line of the input (without its '\n') as a new string; *p moves past it. */
static char *next_line(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
	const uint8_t *stop = nl != NULL ? nl : end;
	char *s = fuzz_str(*p, (size_t)(stop - *p));

	*p = nl != NULL ? nl + 1 : end;
	return s;
}

static int status_known(unsigned st)
{
	static const unsigned known[] = {200, 201, 204, 400, 401, 403, 404, 405, 409, 412,
					 413, 415, 428};
	size_t i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (known[i] == st)
			return 1;
	}
	return 0;
}

/* Every field quoted, none starting like a formula. */
static void check_csv(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n) {
		FUZZ_ASSERT(s[i] == '"');
		i++;
		FUZZ_ASSERT(i < n && strchr("=+-@\t\r", s[i]) == NULL);
		for (;;) {
			FUZZ_ASSERT(i < n);
			if (s[i] == '"' && i + 1 < n && s[i + 1] == '"') {
				i += 2;
			} else if (s[i] == '"') {
				i++;
				break;
			} else {
				i++;
			}
		}
		FUZZ_ASSERT(i < n && (s[i] == ',' || s[i] == '\r'));
		i += s[i] == '\r' ? 2 : 1;
	}
}

/* The requests of a staff reply (a list or one) all in the token's county. */
static void check_county(json_t *j)
{
	json_t *list = json_object_get(j, "requests"), *item;
	size_t i;

	if (!json_is_array(list)) {
		FUZZ_ASSERT(json_is_string(json_object_get(j, "county")) &&
			    strcmp(json_string_value(json_object_get(j, "county")), COUNTY) == 0);
		return;
	}
	json_array_foreach(list, i, item) {
		json_t *c = json_object_get(item, "county");

		FUZZ_ASSERT(json_is_string(c) && strcmp(json_string_value(c), COUNTY) == 0);
	}
}

/* Which tokens may have a 2xx for this path (none: anyone). */
static void check_scope(const char *method, const char *url, char tok, unsigned st)
{
	int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;

	if (st < 200 || st > 299 || strchr(url, '%') != NULL)
		return;
	if (strncmp(url, "/v1/health", 10) != 0)
		FUZZ_ASSERT(tok == 'k' || tok == 's' || tok == 'c' || tok == 'a' || tok == 'b');
	if (strncmp(url, "/v1/kiosks", 10) == 0)
		FUZZ_ASSERT(tok == 'a' || tok == 'b');
	if (strncmp(url, "/v1/requests", 12) == 0 && (get || strcmp(method, "PATCH") == 0))
		FUZZ_ASSERT(tok != 'k');
	if (strncmp(url, "/v1/requests", 12) == 0 && strcmp(method, "POST") == 0)
		FUZZ_ASSERT(tok == 'k' || tok == 'a' || tok == 'b');
}

static void check_reply(const char *method, const char *url, char tok, struct reply *r)
{
	json_t *j;

	/* 503 only where a hub may be without: a snapshot (this one keeps none) */
	FUZZ_ASSERT(status_known(r->status) ||
		    (r->status == 503 && strncmp(url, "/v1/snapshot", 12) == 0));
	check_scope(method, url, tok, r->status);
	if (r->status == 204)
		FUZZ_ASSERT(r->body.len == 0);
	if (r->content_type != NULL && strncmp(r->content_type, "text/csv", 8) == 0) {
		FUZZ_ASSERT(r->status == 200);
		check_csv(r->body.s, r->body.len);
		return;
	}
	if (r->body.len == 0)
		return;
	j = json_loadb(r->body.s, r->body.len, 0, NULL);
	FUZZ_ASSERT(json_is_object(j));
	if (r->status >= 400) {
		FUZZ_ASSERT(json_is_string(json_object_get(j, "error")));
		FUZZ_ASSERT(json_is_string(json_object_get(j, "message")));
	} else if (tok == 'c' && strncmp(url, "/v1/requests", 12) == 0) {
		check_county(j);
	}
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char *first, *second, *ctype, *url, *auth = NULL, *body;
	const char *method, *value = NULL;
	struct reply r;
	char tok;

	if (size > 256 * 1024)
		return 0;
	if (hub == NULL)
		setup();
	first = next_line(&p, end);
	second = next_line(&p, end);
	ctype = next_line(&p, end);
	body = fuzz_str(p, (size_t)(end - p));
	method = first;
	url = strchr(first, ' ');
	if (url != NULL)
		*url++ = '\0';
	tok = second[0];
	if (second[0] != '\0' && second[1] == ' ')
		value = second + 2;
	if (tok != '\0' && strchr("kscar", tok) != NULL)
		auth = xasprintf("Bearer %s", tokens[strchr("kscar", tok) - "kscar"]);
	else if (tok == 'x')
		auth = xasprintf("Bearer %064d", 7);
	call(method, url != NULL ? url : "/", tok == 'b' ? value : auth, ctype,
	     tok == 'b' ? NULL : value, body, (size_t)(end - p), &r);
	check_reply(method, url != NULL ? url : "/", tok, &r);
	buf_free(&r.body);
	free(auth);
	free(first);
	free(second);
	free(ctype);
	free(body);
	return 0;
}
