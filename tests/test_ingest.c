/* The group commit (src/hub/ingest.c): batches from many threads at once are each
 * stored exactly once, answered with their own results, and readable on return. And
 * the token cache (src/hub/token.c) that spares each request a database look-up: a
 * revoked token is still refused. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub/ingest.h"
#include "hub/token.h"
#include "hub_harness.h"
#include "t.h"
#include "util.h"

enum { THREADS = 8, BATCHES = 40, PER = 3 };

struct rows {
	char id[PER][37];
	char body[PER][64];
	struct request_in in[PER];
};

/* PER nominations with new ids; body tag makes their content differ. */
static void rows_make(struct rows *r, const char *tag)
{
	char id[37];
	int i;

	for (i = 0; i < PER; i++) {
		/* from a local copy: snprintf may not read from the struct it writes to */
		uuid_make(id);
		memcpy(r->id[i], id, sizeof id);
		snprintf(r->body[i], sizeof r->body[i], "{\"id\":\"%s\",\"t\":\"%s\"}", id, tag);
		r->in[i] = (struct request_in){r->id[i], "nomination", "k1",
			"2026-12-01T10:00:00Z", "", "", "LT-43", r->body[i]};
	}
}

struct worker {
	struct ingest *g;
	struct rows rows[BATCHES];
	int bad;                        /* submissions failed or not PUT_NEW */
};

static void *work(void *arg)
{
	struct worker *w = arg;
	enum put_result res[PER];
	char *err = NULL;
	int b, i;

	for (b = 0; b < BATCHES; b++) {
		/* batches of 1, 2 and 3 rows, so groups mix sizes */
		int n = b % PER + 1;

		if (ingest_submit(w->g, NULL, w->rows[b].in, n, res, &err) < 0) {
			w->bad++;
			free(err);
			err = NULL;
			continue;
		}
		for (i = 0; i < n; i++)
			w->bad += res[i] != PUT_NEW;
	}
	return NULL;
}

static int stored_count(struct store *s)
{
	struct request_filter f = {.limit = THREADS * BATCHES * PER + 10};
	struct stored_request *rows;
	char *err = NULL;
	int n = -1;

	if (store_requests_list(s, &f, &rows, &n, &err) < 0)
		t_fail("list: %s", err);
	stored_requests_free(rows, n);
	return n;
}

TEST(ingest_many_threads_each_stored_once)
{
	struct store *s;
	struct ingest *g;
	struct worker *w = xcalloc(THREADS, sizeof *w);
	pthread_t th[THREADS];
	char *err = NULL;
	int t, b, want = 0;

	s = store_open(t_path(0, "ingest.db"), &err);
	if (s == NULL)
		t_fail("store_open: %s", err);
	g = ingest_start(s, &err);
	if (g == NULL)
		t_fail("ingest_start: %s", err);
	for (t = 0; t < THREADS; t++) {
		w[t].g = g;
		for (b = 0; b < BATCHES; b++) {
			rows_make(&w[t].rows[b], "a");
			want += b % PER + 1;
		}
		CHECK_INT(pthread_create(&th[t], NULL, work, &w[t]), 0);
	}
	for (t = 0; t < THREADS; t++) {
		pthread_join(th[t], NULL);
		CHECK_INT(w[t].bad, 0);
	}
	CHECK_INT(stored_count(s), want);
	ingest_stop(g);
	store_close(s);
	free(w);
}

TEST(ingest_lone_batch_same_conflict_and_readable)
{
	struct store *s;
	struct ingest *g;
	struct rows r, other;
	struct stored_request sr;
	enum put_result res[PER];
	char *err = NULL;
	int i;

	s = store_open(t_path(0, "ingest.db"), &err);
	if (s == NULL)
		t_fail("store_open: %s", err);
	g = ingest_start(s, &err);
	if (g == NULL)
		t_fail("ingest_start: %s", err);
	rows_make(&r, "a");
	CHECK_INT(ingest_submit(g, NULL, r.in, PER, res, &err), 0);
	for (i = 0; i < PER; i++)
		CHECK_INT(res[i], PUT_NEW);
	/* committed on return: another connection reads it */
	CHECK_INT(store_request_get(s, r.id[0], &sr, &err), 1);
	stored_request_clear(&sr);
	CHECK_INT(ingest_submit(g, NULL, r.in, PER, res, &err), 0);
	CHECK_INT(res[PER - 1], PUT_SAME);
	/* the same ids with other content: a conflict each */
	rows_make(&other, "b");
	for (i = 0; i < PER; i++)
		other.in[i].id = r.id[i];
	CHECK_INT(ingest_submit(g, NULL, other.in, PER, res, &err), 0);
	CHECK_INT(res[0], PUT_CONFLICT);
	CHECK_INT(ingest_submit(g, NULL, r.in, 0, res, &err), 0);
	CHECK_INT(stored_count(s), PER);
	ingest_stop(g);
	store_close(s);
}

static struct token_info token_named(const char *id, const char *name)
{
	struct token_info t;

	memset(&t, 0, sizeof t);
	snprintf(t.id, sizeof t.id, "%s", id);
	snprintf(t.name, sizeof t.name, "%s", name);
	t.scope = SCOPE_KIOSK;
	return t;
}

TEST(ingest_token_cache_hits_only_while_fresh)
{
	struct token_cache *tc = token_cache_new();
	struct token_info a = token_named("00000000000000aa", "k1"), got;
	unsigned char ha[32], hb[32];
	int64_t t0 = 5000000;

	token_hash("token-a", 7, ha);
	token_hash("token-b", 7, hb);
	CHECK_INT(token_cache_get(tc, ha, t0, &got), 0);
	token_cache_put(tc, ha, t0, &a);
	memset(&got, 0, sizeof got);
	CHECK_INT(token_cache_get(tc, ha, t0 + TOKEN_CACHE_TTL_US, &got), 1);
	CHECK_STR(got.id, "00000000000000aa");
	CHECK_STR(got.name, "k1");
	/* older than the TTL: asked of the database again */
	CHECK_INT(token_cache_get(tc, ha, t0 + TOKEN_CACHE_TTL_US + 1, &got), 0);
	/* another token, even one that lands in the same slot, is no hit */
	CHECK_INT(token_cache_get(tc, hb, t0, &got), 0);
	hb[0] = ha[0];
	CHECK_INT(token_cache_get(tc, hb, t0, &got), 0);
	/* a newer token in the slot takes it over */
	token_cache_put(tc, hb, t0, &a);
	CHECK_INT(token_cache_get(tc, hb, t0, &got), 1);
	CHECK_INT(token_cache_get(tc, ha, t0, &got), 0);
	token_cache_free(tc);
}

/* POST one new request with tok: the status. */
static long post_one(const struct hubt *h, const char *tok)
{
	struct hubt_resp r;
	char id[37], *item, *body;
	long status;

	uuid_make(id);
	item = hubt_nomination(id, "k1", "LT-43", "Veda jaunimo būrelį");
	body = hubt_batch(&item, 1);
	hubt_http(h, "POST", "/v1/requests", tok, body, NULL, &r);
	status = r.status;
	hubt_resp_free(&r);
	free(body);
	free(item);
	return status;
}

TEST(ingest_token_revoked_while_hub_runs_is_refused)
{
	const char *extra[] = {"--rate", "0", "--quiet", NULL};
	const char *revoke[] = {"token", "revoke", NULL, NULL};
	struct hubt h;
	char id[17], *tok;
	int64_t stored;

	hubt_init(&h, "hub");
	tok = hubt_token(&h, "--kiosk", "k1", NULL, id);
	hubt_start(&h, extra);
	/* used, so the hub has it in its cache */
	CHECK_INT(post_one(&h, tok), 200);
	CHECK_INT(post_one(&h, tok), 200);
	revoke[2] = id;
	CHECK_INT(hubt_cli(&h, revoke, NULL, NULL), 0);
	/* refused at once, though the cache still holds it, and nothing more is stored */
	CHECK_INT(post_one(&h, tok), 401);
	CHECK_INT(post_one(&h, tok), 401);
	/* also a batch with nothing to store */
	{
		struct hubt_resp r;

		hubt_http(&h, "POST", "/v1/requests", tok, "{\"requests\": [{\"id\": \"bad\"}]}",
			  NULL, &r);
		CHECK_INT(r.status, 401);
		hubt_resp_free(&r);
	}
	stored = hubt_request_count(&h);
	CHECK_INT(stored, 2);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(tok);
}
