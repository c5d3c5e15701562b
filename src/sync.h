/* sync: push the outbox to vitrina-hub, pull catalogue changes, send heartbeats
 * (DESIGN §7) over libcurl. Runs in its own process (`vitrina sync --daemon`) with its
 * own database connection; the TUI only reads the state it leaves in the database.
 * No curses.
 *
 * Hidden knobs for tests (environment variables, all optional):
 *   VITRINA_SYNC_CONNECT_TIMEOUT_MS  connect timeout (default 10000)
 *   VITRINA_SYNC_TIMEOUT_MS          total time for one HTTP exchange (default 120000)
 *   VITRINA_SYNC_LOW_SPEED_S         abort when under 1 byte/s for this long (default 30)
 *   VITRINA_SYNC_BACKOFF_MS          first retry wait, doubling (default 1000)
 *   VITRINA_SYNC_BACKOFF_MAX_MS      longest retry wait (default 300000)
 *   VITRINA_SYNC_PAGE                catalogue changes asked per page (default 500)
 *   VITRINA_SYNC_ANSWER_MAX          bytes read of one answer at most (default 64 MiB)
 *   VITRINA_SYNC_SNAPSHOT_PAGES      pages behind that make a round take the hub's
 *                                    snapshot (default 20; 0: never use snapshots)
 *   VITRINA_SYNC_SNAPSHOT_MAX        bytes of a snapshot at most (default 4 GiB)
 *   VITRINA_SYNC_SNAPSHOT_TIMEOUT_MS total time for a snapshot's download (default 1 h)
 *   VITRINA_SYNC_DIE_AFTER_PUSH=1    _exit(99) right after the hub accepted the first
 *                                    batch and before the kiosk records it (crash test)
 */
#ifndef VITRINA_SYNC_H
#define VITRINA_SYNC_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"

/* What the sync left in the database, plus live outbox and catalogue figures. Times
 * are Unix seconds (0: never). */
struct sync_status {
	int64_t seq;                    /* the last catalogue change the kiosk has */
	int64_t cases;                  /* cases in the catalogue (-1 if unknown) */
	int64_t outbox_depth;           /* requests waiting to be sent */
	int64_t outbox_oldest_s;        /* age of the oldest of them, seconds */
	int64_t last_attempt;
	int64_t last_success;
	int64_t next_attempt;           /* when the sync service tries again */
	char last_error[256];           /* "" if none; plain English, no personal data */
	int64_t last_error_at;
	bool authorised;                /* false after the hub said 401/403 to our token */
	int failures;                   /* failed attempts in a row */
	int64_t wait_ms;                /* the wait chosen after the last attempt */
	int64_t pushed;                 /* requests the hub accepted, all time */
	int64_t pulled;                 /* catalogue changes applied, all time */
	int daemon_pid;                 /* the sync service's process, 0 if not running */
	int64_t snapshot_at;            /* when the last snapshot was swapped in (0: never) */
	int64_t snapshot_seq;           /* the change it held */
};

/* Read the sync state (for `vitrina status` and the admin screens). Cheap: one small
 * row and two counts. -1 with *err set on failure. */
int sync_status_read(sqlite3 *db, struct sync_status *st, char **err);

/* Ask the running sync service to sync now (the admin "sync now" button). It notices
 * within a second. -1 with *err set on failure. */
int sync_request_now(sqlite3 *db, char **err);

/* The outcome of one sync round. */
enum sync_result {
	SYNC_OK,                /* pushed, pulled and reported */
	SYNC_FAILED,            /* the hub could not be reached or answered an error */
	SYNC_UNAUTHORISED,      /* the hub refused the token; waits for a new one */
	SYNC_STOPPED,           /* sync_stop() was called; state is consistent */
	SYNC_NOT_CONFIGURED     /* no hub_url or no token */
};

struct sync;

/* A sync engine on db (its own connection; not closed by sync_free) with cfg (kept by
 * pointer; must outlive it). Returns NULL with *err set if libcurl cannot start. */
struct sync *sync_new(sqlite3 *db, const struct config *cfg, char **err);
void sync_free(struct sync *s);
/* Show how far sending and fetching got on stderr (src/progress.h): for `sync --once`
 * run by hand, never for the daemon. Off by default. */
void sync_show_progress(struct sync *s, bool on);

/* One round: push the outbox, pull the catalogue, send a heartbeat; record the
 * outcome and the next attempt (with backoff) in the database. *summary (if not
 * NULL) gets a new one-line description the caller frees. */
enum sync_result sync_run_once(struct sync *s, char **summary);

/* Run rounds until sync_stop(): after success wait sync_interval, after failure
 * back off (1 s doubling to 5 min, with jitter, honouring Retry-After). Wakes early
 * for sync_request_now(), sync_wake(), a new token while unauthorised, and new
 * requests in the outbox. Returns 0 when stopped. */
int sync_run_daemon(struct sync *s);

/* Async-signal-safe: stop after the current step (SIGTERM) / sync now (SIGUSR1). */
void sync_stop(void);
void sync_wake(void);

/* The wait before attempt number failures+1 after failures failed ones (>= 1), with
 * jitter in [half, full] of base doubling up to max. Exposed for tests. */
int64_t sync_backoff_ms(int failures, int64_t base_ms, int64_t max_ms);

#endif
