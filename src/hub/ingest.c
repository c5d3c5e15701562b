#include "ingest.h"

#include <pthread.h>
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
	int done, failed;
	char *err;
	pthread_cond_t wake;            /* its handler waits on this alone */
	struct job *next;
};

struct ingest {
	struct store *store;
	pthread_mutex_t lock;
	pthread_cond_t idle;            /* no leader and an empty queue (for ingest_stop) */
	struct job *head, *tail;
	int leading;                    /* a handler is committing a group */
	int stopping;
};

/* Store a group in one transaction: 0, or -1 with *err set (nothing stored). */
static int store_group(struct ingest *g, struct job *group, char **err)
{
	char now[21];
	struct job *j;
	int i, rc;

	now_rfc3339(now);
	/* a failed store_begin holds nothing: only a begun transaction is rolled back */
	rc = store_begin(g->store, err);
	if (rc < 0)
		return -1;
	for (j = group; j != NULL && rc == 0; j = j->next) {
		for (i = 0; i < j->n && rc == 0; i++)
			rc = store_request_put(g->store, &j->rows[i], now, &j->results[i], err);
	}
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

/* Lead one group: commit it without the lock, then mark its jobs done and wake their
 * handlers; the next waiting handler (if any) leads next. Under g->lock. */
static void lead(struct ingest *g)
{
	struct job *group, *j, *next;
	char *err = NULL;
	int rc;

	g->leading = 1;
	group = take_group(g);
	pthread_mutex_unlock(&g->lock);
	rc = store_group(g, group, &err);
	pthread_mutex_lock(&g->lock);
	for (j = group; j != NULL; j = next) {
		next = j->next;
		j->failed = rc < 0;
		if (rc < 0)
			j->err = xstrdup(err ? err : "database error");
		j->done = 1;
		pthread_cond_signal(&j->wake);
	}
	free(err);
	g->leading = 0;
	if (g->head != NULL)
		pthread_cond_signal(&g->head->wake);
	else
		pthread_cond_broadcast(&g->idle);
}

struct ingest *ingest_start(struct store *s)
{
	struct ingest *g = xcalloc(1, sizeof *g);

	g->store = s;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->idle, NULL);
	return g;
}

/* Queue j and wait until it is committed, leading groups while no one else does. */
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
	while (!j->done) {
		if (!g->leading)
			lead(g);
		else
			pthread_cond_wait(&j->wake, &g->lock);
	}
	pthread_mutex_unlock(&g->lock);
	return 0;
}

int ingest_submit(struct ingest *g, const struct request_in *rows, int n,
		  enum put_result *results, char **err)
{
	struct job j;
	int rc;

	if (n == 0)
		return 0;
	memset(&j, 0, sizeof j);
	j.rows = rows;
	j.n = n;
	j.results = results;
	pthread_cond_init(&j.wake, NULL);
	rc = queue_and_wait(g, &j, err);
	pthread_cond_destroy(&j.wake);
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
	return 0;
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
