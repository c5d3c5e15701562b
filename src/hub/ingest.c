#include "ingest.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* At most this many rows in one transaction; more wait for the next one. */
#define GROUP_ROWS 5000

/* A batch waiting in the queue; it lives on its handler's stack. */
struct job {
	const struct request_in *rows;
	int n;
	enum put_result *results;
	const unsigned char *token;     /* SHA-256 of its bearer token, or NULL */
	int refused;                    /* the token is no longer valid: nothing stored */
	int failed;
	char *err;
	int elected;                    /* its handler leads the next group */
	/* Posted exactly once: the batch is committed (or failed), or elected is set. A
	 * semaphore, not a condition variable: the leader posts without holding the lock,
	 * so a handler woken does not at once wait for the lock again. */
	sem_t wake;
	struct job *next;
};

struct ingest {
	struct store *store;
	pthread_mutex_t lock;
	pthread_cond_t idle;            /* no leader and an empty queue (for ingest_stop) */
	struct job *head, *tail;
	int leading;                    /* a handler commits a group, or was elected to */
	int stopping;
};

/* Look each batch's token up again, once per distinct token in the group: a batch
 * whose token was revoked since its headers came is refused. It runs inside the group's
 * write transaction, so a revocation committed before that transaction began is seen.
 * 0, or -1 with *err set (storage failure). */
static int check_tokens(struct ingest *g, struct job *group, char **err)
{
	struct token_info t;
	struct job *j, *k;
	int rc;

	for (j = group; j != NULL; j = j->next) {
		if (j->token == NULL)
			continue;
		for (k = group; k != j; k = k->next) {
			if (k->token != NULL && memcmp(k->token, j->token, 32) == 0)
				break;
		}
		if (k != j) {
			j->refused = k->refused;
			continue;
		}
		rc = store_token_lookup(g->store, j->token, &t, err);
		if (rc < 0)
			return -1;
		j->refused = rc == 0;
	}
	return 0;
}

/* A row of a group and where its result goes, in the order the rows are stored. */
struct slot {
	const struct request_in *row;
	enum put_result *result;
	int order;                      /* its place in the group as it came */
};

/* By id, then as they came: hubs sharing a PostgreSQL database take the rows' locks in
 * one order, so two groups holding the same ids never wait for each other in a circle;
 * the same id twice in a group is stored first as it came first. */
static int slot_cmp(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;
	int c = strcmp(x->row->id, y->row->id);

	return c != 0 ? c : (x->order > y->order) - (x->order < y->order);
}

/* Store the rows of the group's jobs that were not refused, in slot_cmp order. */
static int put_rows(struct ingest *g, struct job *group, const char *now, char **err)
{
	struct slot *slots;
	struct job *j;
	int n = 0, i, rc = 0;

	for (j = group; j != NULL; j = j->next)
		n += j->refused ? 0 : j->n;
	slots = xcalloc((size_t)n + 1, sizeof *slots);
	n = 0;
	for (j = group; j != NULL; j = j->next) {
		for (i = 0; i < j->n && !j->refused; i++, n++)
			slots[n] = (struct slot){&j->rows[i], &j->results[i], n};
	}
	if (n > 1)
		qsort(slots, (size_t)n, sizeof *slots, slot_cmp);
	for (i = 0; i < n && rc == 0; i++)
		rc = store_request_put(g->store, slots[i].row, now, slots[i].result, err);
	free(slots);
	return rc;
}

/* Store a group (but its refused batches) in one transaction: 0, or -1 with *err set
 * (nothing stored). */
static int store_group(struct ingest *g, struct job *group, char **err)
{
	char now[21];
	int rc;

	now_rfc3339(now);
	/* a failed store_begin holds nothing: only a begun transaction is rolled back */
	rc = store_begin(g->store, err);
	if (rc < 0)
		return -1;
	rc = check_tokens(g, group, err);
	if (rc == 0)
		rc = put_rows(g, group, now, err);
	if (rc == 0)
		return store_commit(g->store, err);
	store_rollback(g->store);
	return -1;
}

/* Take the jobs at the head of the queue, up to GROUP_ROWS rows (at least one job).
 * Under g->lock, with a non-empty queue. */
static struct job *take_group(struct ingest *g)
{
	struct job *group = g->head, *last = g->head;
	int rows = last->n;

	while (last->next != NULL && rows + last->next->n <= GROUP_ROWS) {
		last = last->next;
		rows += last->n;
	}
	g->head = last->next;
	if (g->head == NULL)
		g->tail = NULL;
	last->next = NULL;
	return group;
}

/* Lead one group, own at its head: commit it without the lock, elect the handler of the
 * next waiting batch (if any) to lead next, then wake the handlers of the group. Called
 * with g->lock held and g->leading set; returns without the lock. */
static void lead(struct ingest *g, struct job *own)
{
	struct job *group, *j, *next, *elect;
	char *err = NULL;
	int rc;

	group = take_group(g);
	pthread_mutex_unlock(&g->lock);
	rc = store_group(g, group, &err);
	pthread_mutex_lock(&g->lock);
	elect = g->head;
	if (elect != NULL)
		elect->elected = 1;     /* g->leading stays set for it */
	else
		g->leading = 0;
	if (!g->leading)
		pthread_cond_broadcast(&g->idle);
	pthread_mutex_unlock(&g->lock);
	/* the next leader first: its commit (mostly waiting for the disk) then overlaps
	 * the answers the handlers of this group send */
	if (elect != NULL)
		sem_post(&elect->wake);
	/* a woken handler returns at once and its job is gone: read next first */
	for (j = group; j != NULL; j = next) {
		next = j->next;
		j->failed = rc < 0;
		if (rc < 0)
			j->err = xstrdup(err ? err : "database error");
		if (j != own)
			sem_post(&j->wake);
	}
	free(err);
}

struct ingest *ingest_start(struct store *s)
{
	struct ingest *g = xcalloc(1, sizeof *g);

	g->store = s;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->idle, NULL);
	return g;
}

/* Queue j and wait until it is committed: lead its group if no one else leads, else
 * wait to be woken, with the batch committed or to lead the next group. */
static int queue_and_wait(struct ingest *g, struct job *j, char **err)
{
	pthread_mutex_lock(&g->lock);
	if (g->stopping) {
		pthread_mutex_unlock(&g->lock);
		return set_error(err, "the hub is shutting down");
	}
	if (g->tail != NULL)
		g->tail->next = j;
	else
		g->head = j;
	g->tail = j;
	if (g->leading) {
		pthread_mutex_unlock(&g->lock);
		while (sem_wait(&j->wake) < 0 && errno == EINTR)
			;
		if (!j->elected)
			return 0;
		pthread_mutex_lock(&g->lock);
	}
	/* no leader, so the queue held nothing before j; or j was elected at its head */
	g->leading = 1;
	lead(g, j);
	return 0;
}

int ingest_submit(struct ingest *g, const unsigned char *token, const struct request_in *rows,
		  int n, enum put_result *results, char **err)
{
	struct token_info t;
	struct job j;
	int rc;

	/* nothing to store, but a revoked token is still told so (it may be cached) */
	if (n == 0) {
		rc = token != NULL ? store_token_lookup(g->store, token, &t, err) : 1;
		return rc < 0 ? -1 : rc == 0;
	}
	memset(&j, 0, sizeof j);
	j.rows = rows;
	j.n = n;
	j.results = results;
	j.token = token;
	if (sem_init(&j.wake, 0, 0) < 0)
		return set_error(err, "cannot make a semaphore: %s", strerror(errno));
	rc = queue_and_wait(g, &j, err);
	sem_destroy(&j.wake);
	if (rc < 0)
		return -1;
	if (j.failed) {
		if (err != NULL) {
			free(*err);
			*err = j.err;
		} else {
			free(j.err);
		}
		return -1;
	}
	return j.refused;
}

void ingest_stop(struct ingest *g)
{
	if (g == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = 1;
	while (g->leading || g->head != NULL)
		pthread_cond_wait(&g->idle, &g->lock);
	pthread_mutex_unlock(&g->lock);
	pthread_cond_destroy(&g->idle);
	pthread_mutex_destroy(&g->lock);
	free(g);
}
