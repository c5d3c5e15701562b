/* Several hubs on one PostgreSQL database (src/hub/store_pg*.c), as a national
 * deployment runs them behind a proxy: each request id stored once whichever hub it
 * reaches, the conflict and If-Match rules across hubs, a hub killed while the other
 * serves, and the database restarted under load. The runner runs these only on its
 * test PostgreSQL (the pg: runs); the rest of the hub's tests run there too. */
#include <curl/curl.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hub_harness.h"
#include "t.h"
#include "test_sync.h"
#include "util.h"

enum { IDS = 60 };

/* One kiosk posts as fast as it can here: no rate limit. */
static const char *const unlimited[] = {"--rate", "0", NULL};

struct poster {
	const struct hubt *h;
	const char *token;
	char (*ids)[37];
	int n;
	const char *why;                /* the nomination's text: the same or other content */
	int accepted, conflicts, unavailable, other;
	volatile int *stop;             /* post until *stop (when not NULL), else each once */
	int acked[IDS * 40];            /* by id index: the hub acknowledged it */
};

static size_t keep(char *p, size_t size, size_t n, void *arg)
{
	buf_add(arg, p, size * n);
	return size * n;
}

/* POST body to the hub as the kiosk: the HTTP status, 0 if no answer came (a hub
 * killed meanwhile); the answer in *answer. */
static long post(const struct hubt *h, const char *token, const char *body, struct buf *answer)
{
	CURL *c = curl_easy_init();
	struct curl_slist *hdr = NULL;
	char url[96], auth[256];
	long status = 0;

	snprintf(url, sizeof url, "%s/v1/requests", h->url);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	hdr = curl_slist_append(hdr, auth);
	hdr = curl_slist_append(hdr, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, answer);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(c);
	return status;
}

/* Post one nomination of id; the status of its item: 200 accepted, 409 conflict, or the
 * HTTP status of the whole answer (503 while the database is down, 0 no answer). */
static long post_one(struct poster *p, const char *id)
{
	char *item = hubt_nomination(id, "k1", "LT-43", p->why), *body = hubt_batch(&item, 1);
	struct buf answer = {0};
	json_t *j, *rej;
	long status = post(p->h, p->token, body, &answer);

	if (status == 200) {
		j = hubt_parse(answer.s);
		rej = json_array_get(json_object_get(j, "rejected"), 0);
		if (rej != NULL)
			status = json_integer_value(json_object_get(rej, "status"));
		json_decref(j);
	}
	buf_free(&answer);
	free(body);
	free(item);
	return status;
}

static void tally(struct poster *p, int i, long status)
{
	if (status == 200) {
		p->accepted++;
		p->acked[i] = 1;
	} else if (status == 409) {
		p->conflicts++;
	} else if (status == 503) {
		p->unavailable++;
	} else {
		if (p->other++ == 0)
			fprintf(stderr, "  first unexpected answer: %ld\n", status);
	}
}

static void *post_all(void *arg)
{
	struct poster *p = arg;
	int i = 0;

	do {
		tally(p, i, post_one(p, p->ids[i]));
		i++;
	} while (p->stop != NULL ? !*p->stop && i < p->n : i < p->n);
	p->n = i;
	return NULL;
}

/* How many of the ids p posted the hub acknowledged; fails the test unless every one of
 * them is stored. */
static int acked_stored(const struct hubt *h, const struct poster *p)
{
	static char acked[IDS * 40][37];
	int i, n = 0;

	for (i = 0; i < p->n; i++) {
		if (p->acked[i])
			memcpy(acked[n++], p->ids[i], 37);
	}
	CHECK_INT(hubt_has_requests(h, acked, n), n);
	return n;
}

static void make_ids(char (*ids)[37], int n)
{
	char id[37];
	int i;

	for (i = 0; i < n; i++) {
		uuid_make(id);
		memcpy(ids[i], id, sizeof id);
	}
}

/* fn(a) and fn(b) on two threads at once; returns when both are done. */
static void both(void *(*fn)(void *), void *a, void *b)
{
	pthread_t ta, tb;

	pthread_create(&ta, NULL, fn, a);
	pthread_create(&tb, NULL, fn, b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
}

/* Two hubs serving the database of a. */
static void two_hubs(struct hubt *a, struct hubt *b, char **kiosk, char **staff)
{
	if (!hubt_is_pg())
		t_skip("needs the test PostgreSQL");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	hubt_init(a, "hub-a");
	hubt_init(b, "hub-b");
	memcpy(b->db, a->db, sizeof b->db);
	*kiosk = hubt_token(a, "--kiosk", "k1", NULL, NULL);
	*staff = hubt_token(a, "--staff", "ona", NULL, NULL);
	hubt_start(a, unlimited);
	hubt_start(b, unlimited);
}

TEST(pg_two_hubs_store_each_id_once)
{
	static char ids[IDS][37];
	static struct poster pa, pb, pc;
	struct hubt a, b;
	char *kiosk, *staff;

	two_hubs(&a, &b, &kiosk, &staff);
	make_ids(ids, IDS);
	/* the same ids with the same content to both hubs at once */
	pa = (struct poster){.h = &a, .token = kiosk, .ids = ids, .n = IDS, .why = "Veda būrelį"};
	pb = pa;
	pb.h = &b;
	both(post_all, &pa, &pb);
	CHECK_INT(pa.accepted, IDS);
	CHECK_INT(pb.accepted, IDS);
	CHECK_INT(hubt_request_count(&a), IDS);
	CHECK_INT(hubt_has_requests(&b, ids, IDS), IDS);

	/* other content under the same ids: a conflict on either hub */
	pc = (struct poster){.h = &b, .token = kiosk, .ids = ids, .n = IDS, .why = "Kita"};
	post_all(&pc);
	CHECK_INT(pc.conflicts, IDS);
	CHECK_INT(pc.accepted, 0);
	CHECK_INT(hubt_request_count(&b), IDS);
	hubt_stop(&a, SIGTERM);
	hubt_stop(&b, SIGTERM);
	free(kiosk);
	free(staff);
}

/* Batches of the same ids in opposite orders, to two hubs at once. */
enum { ROUNDS = 40, BATCH = 100 };

struct crossing {
	const struct hubt *h;
	const char *token;
	char (*ids)[37];                /* ROUNDS * BATCH */
	int reverse;
	int ok, unavailable;
};

static void *post_crossing(void *arg)
{
	struct crossing *x = arg;
	char *items[BATCH], *body;
	struct buf answer = {0};
	int r, i;

	for (r = 0; r < ROUNDS; r++) {
		for (i = 0; i < BATCH; i++) {
			int k = x->reverse ? BATCH - 1 - i : i;

			items[i] = hubt_nomination(x->ids[r * BATCH + k], "k1", "LT-43", "Veda");
		}
		body = hubt_batch(items, BATCH);
		answer.len = 0;
		if (post(x->h, x->token, body, &answer) == 200)
			x->ok++;
		else
			x->unavailable++;
		free(body);
		for (i = 0; i < BATCH; i++)
			free(items[i]);
	}
	buf_free(&answer);
	return NULL;
}

/* Each hub stores a batch's rows in id order, so two hubs never wait for each other in
 * a circle (PostgreSQL would end one transaction: a 503 for a whole batch). */
TEST(pg_crossing_batches_do_not_deadlock)
{
	static char ids[ROUNDS * BATCH][37];
	struct crossing xa, xb;
	struct hubt a, b;
	char *kiosk, *staff;

	two_hubs(&a, &b, &kiosk, &staff);
	make_ids(ids, ROUNDS * BATCH);
	xa = (struct crossing){.h = &a, .token = kiosk, .ids = ids, .reverse = 0};
	xb = (struct crossing){.h = &b, .token = kiosk, .ids = ids, .reverse = 1};
	both(post_crossing, &xa, &xb);
	CHECK_INT(xa.ok, ROUNDS);
	CHECK_INT(xb.ok, ROUNDS);
	CHECK_INT(hubt_request_count(&a), ROUNDS * BATCH);
	hubt_stop(&a, SIGTERM);
	hubt_stop(&b, SIGTERM);
	free(kiosk);
	free(staff);
}

TEST(pg_if_match_across_hubs)
{
	char ids[1][37], path[64], *kiosk, *staff;
	struct poster p;
	struct hubt a, b;
	struct hubt_resp r;

	two_hubs(&a, &b, &kiosk, &staff);
	make_ids(ids, 1);
	p = (struct poster){.h = &a, .token = kiosk, .ids = ids, .n = 1, .why = "Veda būrelį"};
	post_all(&p);
	CHECK_INT(p.accepted, 1);
	snprintf(path, sizeof path, "/v1/requests/%s", ids[0]);
	/* version 1 changed through hub a; the same version through hub b is stale */
	hubt_http(&a, "PATCH", path, staff, "{\"status\":\"in_progress\"}", "If-Match: \"1\"",
		  &r);
	hubt_expect(&r, 200, NULL);
	hubt_resp_free(&r);
	hubt_http(&b, "PATCH", path, staff, "{\"status\":\"closed\"}", "If-Match: \"1\"", &r);
	hubt_expect(&r, 412, "version_mismatch");
	hubt_resp_free(&r);
	hubt_http(&b, "PATCH", path, staff, "{\"status\":\"closed\"}", "If-Match: \"2\"", &r);
	hubt_expect(&r, 200, NULL);
	hubt_resp_free(&r);
	hubt_stop(&a, SIGTERM);
	hubt_stop(&b, SIGTERM);
	free(kiosk);
	free(staff);
}

TEST(pg_hub_killed_other_keeps_serving)
{
	static char ids[IDS * 4][37];
	static struct poster pa, pb;
	volatile int stop = 0;
	struct hubt a, b;
	char *kiosk, *staff;
	pthread_t ta;
	int acked;

	two_hubs(&a, &b, &kiosk, &staff);
	make_ids(ids, IDS * 4);
	pa = (struct poster){.h = &a, .token = kiosk, .ids = ids, .n = IDS * 2,
		.why = "Veda būrelį", .stop = &stop};
	pthread_create(&ta, NULL, post_all, &pa);
	while (pa.accepted < 10)
		usleep(2000);
	hubt_stop(&a, SIGKILL);
	stop = 1;
	pthread_join(ta, NULL);
	/* hub b takes the rest, and what a acknowledged before it died is there */
	pb = (struct poster){.h = &b, .token = kiosk, .ids = ids + IDS * 2, .n = IDS * 2,
		.why = "Veda būrelį"};
	post_all(&pb);
	CHECK_INT(pb.accepted, IDS * 2);
	acked = acked_stored(&b, &pa);
	CHECK(acked >= 10);
	/* one in flight when a died may be stored too, never twice */
	CHECK_INT(hubt_request_count(&b), hubt_has_requests(&b, ids, pa.n) + IDS * 2);
	hubt_stop(&b, SIGTERM);
	free(kiosk);
	free(staff);
}

/* The Vitrina-Seq of the snapshot hub h serves once it has one of at least want (the
 * newest; fails after 60 s). */
static long snapshot_seq(const struct hubt *h, const char *token, long want)
{
	struct hubt_resp r;
	char *seq;
	long n = -1;
	int i;

	for (i = 0; i < 600 && n < want; i++) {
		hubt_http(h, "GET", "/v1/snapshot", token, NULL, NULL, &r);
		seq = r.status == 200 ? hubt_header(&r, "Vitrina-Seq") : NULL;
		if (seq != NULL)
			n = strtol(seq, NULL, 10);
		if (n < want)
			usleep(100000);
		free(seq);
		hubt_resp_free(&r);
	}
	if (n < want)
		t_fail("%s served no snapshot of change %ld in 60 s", h->url, want);
	return n;
}

TEST(pg_two_hubs_build_snapshots_in_turn)
{
	struct hubt a, b;
	char *kiosk, *staff;
	json_t *j;
	long seq;

	two_hubs(&a, &b, &kiosk, &staff);
	sync_write_cases(t_path(0, "cases.json"), 1, 20, "Kelias", 0);
	hubt_import(&a, t_path(0, "cases.json"));
	j = hubt_get_json(&b, "/v1/cases?since=0&limit=1000", kiosk);
	seq = (long)json_integer_value(json_object_get(j, "next"));
	json_decref(j);
	CHECK(seq >= 20);
	/* one builds while the other waits its turn; both serve the newest */
	CHECK_INT(snapshot_seq(&a, kiosk, seq), seq);
	CHECK_INT(snapshot_seq(&b, kiosk, seq), seq);
	CHECK(t_file_wait(a.err, "snapshot ", 1, 0) || t_file_wait(b.err, "snapshot ", 1, 0));
	hubt_stop(&a, SIGTERM);
	hubt_stop(&b, SIGTERM);
	free(kiosk);
	free(staff);
}

/* Staff lists from --read-db: here a second database standing in for a replica that
 * has not caught up at all, so what comes from where is plain to see. */
TEST(pg_read_db_serves_staff_lists)
{
	struct hubt h, replica, file;
	const char *list[] = {"token", "list", NULL};
	const char *extra[] = {"--rate", "0", "--read-db", NULL, NULL};
	const char *serve[] = {"serve", "--read-db", NULL, NULL};
	char ids[1][37], path[64], *kiosk, *staff, *err = NULL;
	struct poster p;
	struct hubt_resp r;
	json_t *j;

	if (!hubt_is_pg())
		t_skip("needs the test PostgreSQL");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	hubt_init(&replica, "replica");
	CHECK_INT(hubt_cli(&replica, list, NULL, NULL), 0);     /* its schema */
	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	staff = hubt_token(&h, "--staff", "ona", NULL, NULL);
	extra[3] = replica.db;
	hubt_start(&h, extra);
	make_ids(ids, 1);
	p = (struct poster){.h = &h, .token = kiosk, .ids = ids, .n = 1, .why = "Veda būrelį"};
	post_all(&p);
	CHECK_INT(p.accepted, 1);
	j = hubt_get_json(&h, "/v1/requests", staff);
	CHECK_INT(json_array_size(json_object_get(j, "requests")), 0);  /* the replica */
	json_decref(j);
	snprintf(path, sizeof path, "/v1/requests/%s", ids[0]);
	hubt_get_expect(&h, path, staff, 200, NULL);                    /* the primary */
	hubt_http(&h, "PATCH", path, staff, "{\"status\":\"closed\"}", "If-Match: \"1\"", &r);
	hubt_expect(&r, 200, NULL);
	hubt_resp_free(&r);
	hubt_stop(&h, SIGTERM);

	/* a SQLite hub has no replica to read from */
	hubt_init(&file, "file");
	snprintf(file.db, sizeof file.db, "%s", t_path(0, "file.db"));
	serve[2] = replica.db;
	CHECK_INT(hubt_cli(&file, serve, NULL, &err), 2);
	CHECK(err != NULL && strstr(err, "--read-db") != NULL);
	free(err);
	free(kiosk);
	free(staff);
}

/* The schema is made at the first start, one version number; a database a newer hub
 * has migrated is refused with a plain reason, and nothing in it changes. */
TEST(pg_newer_schema_refused)
{
	const char *list[] = {"token", "list", NULL};
	char *out = NULL, *err = NULL;
	struct hubt h;
	PGconn *c;
	PGresult *r;

	if (!hubt_is_pg())
		t_skip("needs the test PostgreSQL");
	hubt_init(&h, "hub");
	CHECK_INT(hubt_cli(&h, list, NULL, NULL), 0);
	c = PQconnectdb(h.db);
	r = PQexec(c, "SELECT version FROM vitrina_schema");
	CHECK_INT(PQntuples(r), 1);
	CHECK(strtol(PQgetvalue(r, 0, 0), NULL, 10) >= 1);
	PQclear(r);
	PQclear(PQexec(c, "UPDATE vitrina_schema SET version = 99"));
	CHECK_INT(hubt_cli(&h, list, &out, &err), 1);
	CHECK(err != NULL && strstr(err, "newer than this vitrina-hub knows") != NULL);
	r = PQexec(c, "SELECT version FROM vitrina_schema");
	CHECK_STR(PQgetvalue(r, 0, 0), "99");
	PQclear(r);
	PQfinish(c);
	free(out);
	free(err);
}

/* tests/pg_cluster.sh CMD DIR: its exit status. */
static int cluster(const char *cmd, const char *dir)
{
	char *argv[] = {(char *)"tests/pg_cluster.sh", (char *)cmd, (char *)dir, NULL};
	char *out = NULL, *err = NULL;
	int rc = t_run(argv, &out, &err);

	if (rc != 0)
		fprintf(stderr, "pg_cluster.sh %s: %s", cmd, err ? err : "");
	free(out);
	free(err);
	return rc;
}

static char own_dir[64];

static void own_cluster_stop(void)
{
	if (own_dir[0] != '\0')
		cluster("stop", own_dir);
	own_dir[0] = '\0';
}

TEST(pg_database_restart_under_load)
{
	static char ids[IDS * 40][37];
	static struct poster p;
	volatile int stop = 0;
	char env[80], *kiosk;
	struct hubt h;
	pthread_t t;
	int i, acked, before;

	if (!hubt_is_pg())
		t_skip("needs PostgreSQL");
	/* a server of its own: the other pg: tests keep theirs running meanwhile */
	snprintf(own_dir, sizeof own_dir, "/tmp/vitrina-pgr.XXXXXX");
	if (mkdtemp(own_dir) == NULL)
		t_fail("mkdtemp");
	atexit(own_cluster_stop);
	if (cluster("start", own_dir) != 0)
		t_fail("cannot start a PostgreSQL of its own");
	snprintf(env, sizeof env, "%s/run", own_dir);
	setenv("VITRINA_TEST_PG", env, 1);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	hubt_start(&h, unlimited);
	make_ids(ids, IDS * 40);
	p = (struct poster){.h = &h, .token = kiosk, .ids = ids, .n = IDS * 40,
		.why = "Veda būrelį", .stop = &stop};
	pthread_create(&t, NULL, post_all, &p);
	while (p.accepted < 20)
		usleep(2000);
	CHECK_INT(cluster("down", own_dir), 0);
	before = p.unavailable;
	for (i = 0; i < 2000 && p.unavailable < before + 3; i++)
		usleep(5000);
	CHECK(p.unavailable >= before + 3);     /* answered 503 while it is down */
	CHECK_INT(cluster("up", own_dir), 0);
	before = p.accepted;
	for (i = 0; i < 2000 && p.accepted < before + 20; i++)
		usleep(5000);
	CHECK(p.accepted >= before + 20);       /* and serves again once it is back */
	stop = 1;
	pthread_join(t, NULL);
	CHECK_INT(p.other, 0);
	acked = acked_stored(&h, &p);          /* every acknowledged request is there */
	CHECK(acked >= 40);

	/* restarted while idle: the connections the hub kept from before are dead, and the
	 * first read and the first write after it still succeed */
	CHECK_INT(cluster("down", own_dir), 0);
	CHECK_INT(cluster("up", own_dir), 0);
	CHECK_INT(hubt_health(&h, 20, NULL), 200);
	make_ids(ids, 1);
	CHECK_INT(post_one(&p, ids[0]), 200);
	hubt_stop(&h, SIGTERM);
	own_cluster_stop();
	free(kiosk);
}
