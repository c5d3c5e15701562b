/* sync_state: the sync_state row and the feed position, shared by the sync (sync.c) and
 * the status readers (sync_state.c). No curses, no network. */
#ifndef VITRINA_SYNC_STATE_H
#define VITRINA_SYNC_STATE_H

#include <sqlite3.h>
#include <stdint.h>

/* Run sql binding nums as ?1..?nnums and text (when not NULL, or when sql has a
 * parameter after them) as the next one; a statement with no result rows. 0, or -1
 * with *err set. */
int sync_state_exec(sqlite3 *db, const char *sql, const int64_t *nums, int nnums,
		    const char *text, char **err);
/* The feed position the catalogue holds: catalogue_info.seq in the catalogue file, which
 * changes in the same transaction as the pages it counts (sync_state.seq only follows
 * it, for old readers). A single-file kiosk opened read-only has only sync_state.seq.
 * -1 with *err set on failure. */
int64_t sync_state_seq(sqlite3 *db, char **err);

#endif
