/* The group commit (src/hub/ingest.c): batches from many threads at once are each
 * stored exactly once, answered with their own results, and readable on return. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub/ingest.h"
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

		if (ingest_submit(w->g, w->rows[b].in, n, res, &err) < 0) {
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
	g = ingest_start(s);
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
	g = ingest_start(s);
	rows_make(&r, "a");
	CHECK_INT(ingest_submit(g, r.in, PER, res, &err), 0);
	for (i = 0; i < PER; i++)
		CHECK_INT(res[i], PUT_NEW);
	/* committed on return: another connection reads it */
	CHECK_INT(store_request_get(s, r.id[0], &sr, &err), 1);
	stored_request_clear(&sr);
	CHECK_INT(ingest_submit(g, r.in, PER, res, &err), 0);
	CHECK_INT(res[PER - 1], PUT_SAME);
	/* the same ids with other content: a conflict each */
	rows_make(&other, "b");
	for (i = 0; i < PER; i++)
		other.in[i].id = r.id[i];
	CHECK_INT(ingest_submit(g, other.in, PER, res, &err), 0);
	CHECK_INT(res[0], PUT_CONFLICT);
	CHECK_INT(ingest_submit(g, r.in, 0, res, &err), 0);
	CHECK_INT(stored_count(s), PER);
	ingest_stop(g);
	store_close(s);
}
