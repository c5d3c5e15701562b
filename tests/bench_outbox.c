/* Benchmark: request submit to durable commit (DESIGN §8: <= 10 ms), beside the raw
 * limit: a plain SQLite INSERT of the same row with WAL and synchronous=FULL, measured in
 * the same run on the same disk, interleaved so both see the same conditions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "db.h"
#include "kiosk_util.h"
#include "outbox.h"
#include "request.h"
#include "t.h"
#include "util.h"

#define ROUNDS 100

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double percentile(double *v, int n, double p)
{
	int i = (int)(p * (n - 1) + 0.5);

	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[i];
}

/* What the form's submit does after the key: the request from the typed fields (the
 * contact normalised), the rules, the durable add, the reference code, the wipe. */
static int submit_like_the_form(sqlite3 *db, char code[10])
{
	static const char msg[] =
		"Labas, norėčiau sužinoti daugiau apie savanorystę jūsų organizacijoje. "
		"Ką reikėtų daryti, kad galėčiau prisijungti? Ačiū! ąčęėįšųūž";
	struct request r;
	struct request_problem p;
	char *err = NULL;
	int rc;

	kiosk_contact_request(&r, "siauliai-1", "Ąžuolė",
			      request_normalize_contact("8 612 34567"), msg, "lt");
	rc = request_validate(&r, &p);
	if (rc == 0)
		rc = outbox_add(db, &r, &err);
	if (rc == 0)
		request_ref_code(r.id, code);
	free(err);
	outbox_request_wipe(&r);
	return rc;
}

TEST(bench_outbox_submit_to_durable)
{
	char *err = NULL, code[10], *body;
	sqlite3 *db = db_open_kiosk(t_path(0, "kiosk.db"), &err);
	sqlite3 *raw = db_open_kiosk(t_path(1, "raw.db"), &err);
	sqlite3_stmt *ins;
	double ours[ROUNDS], plain[ROUNDS], ours_p99, plain_p99, ours_med, plain_med;
	struct request r;
	json_t *j;
	int i;

	if (db == NULL || raw == NULL)
		t_fail("db_open: %s", err);
	/* The raw row: the same body a submit stores, bound to a prepared INSERT. */
	kiosk_contact_request(&r, "siauliai-1", "Ąžuolė", xstrdup("+37061234567"),
			      "Labas, norėčiau sužinoti daugiau apie savanorystę jūsų "
			      "organizacijoje. Ką reikėtų daryti, kad galėčiau prisijungti? "
			      "Ačiū! ąčęėįšųūž", "lt");
	j = request_to_json(&r);
	body = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	ins = db_prepare(raw, "INSERT INTO outbox(id, kind, body, created_at) "
			 "VALUES(?1, 'contact', ?2, ?3)", &err);
	if (ins == NULL)
		t_fail("prepare: %s", err);
	/* Warm both files up (first page allocations, WAL creation). */
	for (i = 0; i < 5; i++) {
		char id[37];

		CHECK(submit_like_the_form(db, code) == 0);
		uuid_make(id);
		db_bind_text(ins, 1, id);
		db_bind_text(ins, 2, body);
		db_bind_text(ins, 3, r.created_at);
		CHECK(sqlite3_step(ins) == SQLITE_DONE);
		sqlite3_reset(ins);
	}
	for (i = 0; i < ROUNDS; i++) {
		int64_t t0, t1;
		char id[37];

		t0 = now_us_monotonic();
		if (!CHECK(submit_like_the_form(db, code) == 0))
			break;
		t1 = now_us_monotonic();
		ours[i] = (double)(t1 - t0) / 1000.0;

		uuid_make(id);
		t0 = now_us_monotonic();
		db_bind_text(ins, 1, id);
		db_bind_text(ins, 2, body);
		db_bind_text(ins, 3, r.created_at);
		CHECK(sqlite3_step(ins) == SQLITE_DONE);
		sqlite3_reset(ins);
		t1 = now_us_monotonic();
		plain[i] = (double)(t1 - t0) / 1000.0;
	}
	ours_med = median(ours, ROUNDS);
	plain_med = median(plain, ROUNDS);
	ours_p99 = percentile(ours, ROUNDS, 0.99);
	plain_p99 = percentile(plain, ROUNDS, 0.99);
	t_bench("outbox submit to durable, median", ours_med, "ms", plain_med,
		"INSERT sync=FULL");
	t_bench("outbox submit to durable, p99", ours_p99, "ms", plain_p99,
		"INSERT sync=FULL");
	sqlite3_finalize(ins);
	free(body);
	outbox_request_wipe(&r);
	sqlite3_close(db);
	sqlite3_close(raw);
}

/* Queue n pending requests straight into the table, in one transaction. */
static void queue_rows(sqlite3 *db, int n, char ids[][37])
{
	struct request r;
	sqlite3_stmt *st;
	char *err = NULL, *body;
	json_t *j;
	int i;

	kiosk_contact_request(&r, "siauliai-1", "Ąžuolė", xstrdup("+37061234567"),
			      "Labas, norėčiau sužinoti daugiau apie savanorystę.", "lt");
	CHECK(db_begin(db, &err) == 0);
	st = db_prepare(db, "INSERT INTO outbox(id, kind, body, created_at) "
			"VALUES(?1, 'contact', ?2, ?3)", &err);
	for (i = 0; i < n; i++) {
		uuid_make(r.id);
		snprintf(ids[i], 37, "%s", r.id);
		j = request_to_json(&r);
		body = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		db_bind_text(st, 1, r.id);
		db_bind_text(st, 2, body);
		db_bind_text(st, 3, r.created_at);
		CHECK(sqlite3_step(st) == SQLITE_DONE);
		sqlite3_reset(st);
		free(body);
	}
	sqlite3_finalize(st);
	CHECK(db_commit(db, &err) == 0);
	outbox_request_wipe(&r);
}

/* The kiosk's half of draining a queue of 10,000 (DESIGN §8: <= 5 s with the hub):
 * next_batch + mark_accepted in batches of 100, beside the same UPDATEs in plain SQLite
 * (one transaction a batch, synchronous=FULL) on a copy of the queue. */
TEST(bench_outbox_drain_10000)
{
	enum { N = 10000, BATCH = 100 };
	static char ids[N][37];
	char *err = NULL;
	sqlite3 *db = db_open_kiosk(t_path(0, "kiosk.db"), &err);
	sqlite3 *raw = db_open_kiosk(t_path(1, "raw.db"), &err);
	sqlite3_stmt *up;
	int64_t t0, ours, plain;
	int done = 0, i, n;

	if (db == NULL || raw == NULL)
		t_fail("db_open: %s", err);
	queue_rows(db, N, ids);
	queue_rows(raw, N, ids);
	t0 = now_us_monotonic();
	for (;;) {
		struct request *batch;
		const char *bids[BATCH];

		if (!CHECK(outbox_next_batch(db, BATCH, &batch, &n, &err) == 0) || n == 0)
			break;
		for (i = 0; i < n; i++)
			bids[i] = batch[i].id;
		CHECK(outbox_mark_accepted(db, bids, n, &err) == 0);
		for (i = 0; i < n; i++)
			outbox_request_wipe(&batch[i]);
		free(batch);
		done += n;
	}
	ours = now_us_monotonic() - t0;
	CHECK_INT(done, N);

	up = db_prepare(raw, "UPDATE outbox SET body = NULL, state = 'sent' WHERE id = ?1",
			&err);
	t0 = now_us_monotonic();
	for (i = 0; i < N; i += BATCH) {
		int k;

		CHECK(db_begin(raw, &err) == 0);
		for (k = i; k < i + BATCH && k < N; k++) {
			db_bind_text(up, 1, ids[k]);
			CHECK(sqlite3_step(up) == SQLITE_DONE);
			sqlite3_reset(up);
		}
		CHECK(db_commit(raw, &err) == 0);
	}
	plain = now_us_monotonic() - t0;
	sqlite3_finalize(up);
	t_bench("outbox drain 10000 (kiosk side)", (double)ours / 1000.0, "ms",
		(double)plain / 1000.0, "UPDATE batches");
	sqlite3_close(db);
	sqlite3_close(raw);
}
