#include "ingest.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* At most this many rows in one transaction; more wait for the next one. */
#define GROUP_ROWS 5000

struct job {
	const struct request_in *rows;
	int n;
	enum put_result *results;
	int done, failed;
	char *err;
	struct job *next;
};

struct ingest {
	struct store *store;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work, done;
	struct job *head, *tail;
	int stopping;
};

/* Run one group in one transaction; on failure every job of the group fails. */
static void run_group(struct ingest *g, struct job *group)
{
	char now[21], *err = NULL;
	struct job *j;
	int i, rc;

	now_rfc3339(now);
	/* a failed store_begin holds nothing: only a begun transaction is rolled back */
	rc = store_begin(g->store, &err);
	if (rc == 0) {
		for (j = group; j != NULL && rc == 0; j = j->next) {
			for (i = 0; i < j->n && rc == 0; i++)
				rc = store_request_put(g->store, &j->rows[i], now,
						       &j->results[i], &err);
		}
		if (rc == 0)
			rc = store_commit(g->store, &err);
		else
			store_rollback(g->store);
	}
	pthread_mutex_lock(&g->lock);
	for (j = group; j != NULL; j = j->next) {
		j->failed = rc < 0;
		if (rc < 0)
			j->err = xstrdup(err ? err : "database error");
		j->done = 1;
	}
	pthread_cond_broadcast(&g->done);
	pthread_mutex_unlock(&g->lock);
	free(err);
}

static void *committer(void *arg)
{
	struct ingest *g = arg;

	pthread_mutex_lock(&g->lock);
	for (;;) {
		struct job *group, *last;
		int rows;

		while (g->head == NULL && !g->stopping)
			pthread_cond_wait(&g->work, &g->lock);
		if (g->head == NULL)
			break;
		group = last = g->head;
		rows = last->n;
		while (last->next != NULL && rows + last->next->n <= GROUP_ROWS) {
			last = last->next;
			rows += last->n;
		}
		g->head = last->next;
		if (g->head == NULL)
			g->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&g->lock);
		run_group(g, group);
		pthread_mutex_lock(&g->lock);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct ingest *ingest_start(struct store *s)
{
	struct ingest *g = xcalloc(1, sizeof *g);

	g->store = s;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->work, NULL);
	pthread_cond_init(&g->done, NULL);
	if (pthread_create(&g->thread, NULL, committer, g) != 0) {
		fputs("vitrina-hub: cannot start the committer thread\n", stderr);
		exit(1);
	}
	return g;
}

int ingest_submit(struct ingest *g, const struct request_in *rows, int n,
		  enum put_result *results, char **err)
{
	struct job j;

	if (n == 0)
		return 0;
	memset(&j, 0, sizeof j);
	j.rows = rows;
	j.n = n;
	j.results = results;
	pthread_mutex_lock(&g->lock);
	if (g->stopping) {
		pthread_mutex_unlock(&g->lock);
		return set_error(err, "the hub is shutting down");
	}
	if (g->tail != NULL)
		g->tail->next = &j;
	else
		g->head = &j;
	g->tail = &j;
	pthread_cond_signal(&g->work);
	while (!j.done)
		pthread_cond_wait(&g->done, &g->lock);
	pthread_mutex_unlock(&g->lock);
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
	pthread_cond_signal(&g->work);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	pthread_cond_destroy(&g->work);
	pthread_cond_destroy(&g->done);
	pthread_mutex_destroy(&g->lock);
	free(g);
}
