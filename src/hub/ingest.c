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
	/* Posted once the batch is committed (or failed). A semaphore, not a condition
	 * variable: the committer posts without holding the lock, so a handler woken
	 * does not at once wait for the lock again. */
	sem_t wake;
	struct job *next;
};

struct ingest {
	struct store *store;
	pthread_mutex_t lock;
	pthread_cond_t work;            /* for the committer: a queue to take, or stop */
	struct job *head, *tail;
	int busy;                       /* a commit is under way (the committer's, or a
					 * lone batch's on its own thread) */
	int stopping;
	pthread_t committer;
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

/* Tell each handler of a group how its commit went (rc, err), and wake the first: each
 * handler woken wakes the next (queue_and_wait), so the committer spends one wake-up
 * on a group, not one for each of its handlers, and goes on to the next group. */
static void wake_group(struct job *group, int rc, const char *err)
{
	struct job *j;

	for (j = group; j != NULL; j = j->next) {
		j->failed = rc < 0;
		if (rc < 0)
			j->err = xstrdup(err ? err : "database error");
	}
	sem_post(&group->wake);
}

/* The committer: whenever batches wait and no commit is under way, it stores them all
 * (up to GROUP_ROWS rows) in one transaction and wakes their handlers. While it waits
 * for the disk, the next group gathers. Once stopping, it empties the queue and ends. */
static void *commit_loop(void *arg)
{
	struct ingest *g = arg;
	struct job *group;
	char *err = NULL;
	int rc;

	pthread_mutex_lock(&g->lock);
	for (;;) {
		/* a lone batch may be committing on its own thread: ingest_stop waits for it */
		while (g->busy || (g->head == NULL && !g->stopping))
			pthread_cond_wait(&g->work, &g->lock);
		if (g->head == NULL)
			break;
		g->busy = 1;
		group = take_group(g);
		pthread_mutex_unlock(&g->lock);
		rc = store_group(g, group, &err);
		wake_group(group, rc, err);
		free(err);
		err = NULL;
		pthread_mutex_lock(&g->lock);
		g->busy = 0;
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct ingest *ingest_start(struct store *s, char **err)
{
	struct ingest *g = xcalloc(1, sizeof *g);

	g->store = s;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->work, NULL);
	if (pthread_create(&g->committer, NULL, commit_loop, g) != 0) {
		set_error(err, "cannot start the commit thread");
		pthread_cond_destroy(&g->work);
		pthread_mutex_destroy(&g->lock);
		free(g);
		return NULL;
	}
	return g;
}

/* Commit j: on this thread if it is alone (no commit under way, nothing queued),
 * sparing a hand-over; else queued for the committer, waiting until it is done. */
static int queue_and_wait(struct ingest *g, struct job *j, char **err)
{
	char *gerr = NULL;
	int rc;

	pthread_mutex_lock(&g->lock);
	if (g->stopping) {
		pthread_mutex_unlock(&g->lock);
		return set_error(err, "the hub is shutting down");
	}
	if (!g->busy && g->head == NULL) {
		g->busy = 1;
		pthread_mutex_unlock(&g->lock);
		rc = store_group(g, j, &gerr);
		j->failed = rc < 0;
		if (rc < 0)
			j->err = gerr != NULL ? gerr : xstrdup("database error");
		else
			free(gerr);
		pthread_mutex_lock(&g->lock);
		g->busy = 0;
		if (g->head != NULL || g->stopping)
			pthread_cond_signal(&g->work);
		pthread_mutex_unlock(&g->lock);
		return 0;
	}
	if (g->tail != NULL)
		g->tail->next = j;
	else
		g->head = j;
	g->tail = j;
	if (!g->busy)
		pthread_cond_signal(&g->work);
	pthread_mutex_unlock(&g->lock);
	while (sem_wait(&j->wake) < 0 && errno == EINTR)
		;
	/* the next of the group is still asleep, so its job is still there */
	if (j->next != NULL)
		sem_post(&j->next->wake);
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
	pthread_cond_signal(&g->work);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->committer, NULL);
	pthread_cond_destroy(&g->work);
	pthread_mutex_destroy(&g->lock);
	free(g);
}
