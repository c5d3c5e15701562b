/* outbox: requests made on this kiosk, kept in its database until the hub has them
 * (DESIGN §3 promise). No curses, no network. */
#ifndef VITRINA_OUTBOX_H
#define VITRINA_OUTBOX_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "request.h"

/* Store r durably (synchronous=FULL on db) before returning 0. -1 with *err set. */
int outbox_add(sqlite3 *db, const struct request *r, char **err);

/* One pending or rejected request, without personal data. */
struct outbox_item {
	char id[37];
	char kind[12];
	char created_at[32];
	int attempts;
	char *last_error;       /* NULL if none */
	char state[12];         /* "pending", "rejected" */
};
/* All requests not yet accepted by the hub, oldest first. Free with outbox_items_free. */
int outbox_list(sqlite3 *db, struct outbox_item **out, int *n, char **err);
void outbox_items_free(struct outbox_item *items, int n);

/* Up to limit pending requests, oldest first, with their personal data, for pushing.
 * The caller frees each with request_free and the array with free. */
int outbox_next_batch(sqlite3 *db, int limit, struct request **out, int *n, char **err);
/* The hub accepted these: delete their personal data (keeping id, kind, dates). */
int outbox_mark_accepted(sqlite3 *db, const char *const *ids, int n, char **err);
/* The hub rejected this one with reason: keep it, with the reason, out of the queue. */
int outbox_mark_rejected(sqlite3 *db, const char *id, const char *reason, char **err);
/* Put every rejected request back in the queue (a librarian's decision once the cause
 * is fixed). Returns how many, or -1 with *err set. */
int outbox_retry_rejected(sqlite3 *db, char **err);
/* A push attempt failed for all of these (network, 5xx): count it and keep the error. */
int outbox_mark_failed(sqlite3 *db, const char *const *ids, int n, const char *error,
		       char **err);

/* Number of pending requests and the age in seconds of the oldest (0 if none). */
int outbox_depth(sqlite3 *db, int64_t *depth, int64_t *oldest_age_s, char **err);

/* Fill the kiosk-made parts of a new request: a fresh id, kind, created_at (now, UTC),
 * kiosk_id and consent_version. The visitor's fields are left as they are. */
void outbox_request_start(struct request *r, const char *kind, const char *kiosk_id,
			  const char *consent_version);
/* Zero and free every member of r and zero r itself (personal data leaves no copy). */
void outbox_request_wipe(struct request *r);

#endif
