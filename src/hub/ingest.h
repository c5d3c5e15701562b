/* ingest: group commit of incoming requests. Handlers on many connection threads hand
 * their validated batches to one queue; a committer thread of its own takes everything
 * waiting, looks up each distinct token of the group once more, stores it all in one
 * transaction and wakes each handler of the group after the durable commit. While it
 * waits for the disk, the next group gathers. A lone request (no commit under way,
 * nothing queued) is committed on its own thread, with no hand-over. */
#ifndef VITRINA_HUB_INGEST_H
#define VITRINA_HUB_INGEST_H

#include "store.h"

struct ingest;

/* The group commit on s (which the caller keeps and closes after ingest_stop), or NULL
 * with *err set if its thread cannot start. */
struct ingest *ingest_start(struct store *s, char **err);
/* Store n requests and wait for the commit. token (if not NULL) is the SHA-256 of the
 * bearer token they came with: it is looked up again once the batch is queued, so a
 * token revoked before the batch came stores nothing, whatever a cache said. Returns 0
 * with results[i] for each, 1 if the token is unknown or revoked (nothing stored), or
 * -1 with *err set if the transaction failed (nothing of this batch was stored). */
int ingest_submit(struct ingest *g, const unsigned char *token, const struct request_in *rows,
		  int n, enum put_result *results, char **err);
/* Refuse new batches, wait until those queued are committed, and free g. */
void ingest_stop(struct ingest *g);

#endif
