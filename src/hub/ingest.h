/* ingest: group commit of incoming requests. Handlers on many connection threads hand
 * their validated batches to one committer thread, which stores everything waiting in
 * one transaction and wakes each handler after the durable commit. */
#ifndef VITRINA_HUB_INGEST_H
#define VITRINA_HUB_INGEST_H

#include "store.h"

struct ingest;

/* Start the committer on s. Never fails (thread creation failure is fatal). */
struct ingest *ingest_start(struct store *s);
/* Store n requests and wait for the commit. Returns 0 with results[i] for each, or -1
 * with *err set if the transaction failed (nothing of this batch was stored). */
int ingest_submit(struct ingest *g, const struct request_in *rows, int n,
		  enum put_result *results, char **err);
/* Commit what is queued, stop the thread and free g. */
void ingest_stop(struct ingest *g);

#endif
