/* snapshot: the whole catalogue as one ready database file (DESIGN §4 GET /v1/snapshot).
 * A working catalogue file (catalogue_schema) is brought up to date from pages of the
 * hub's change feed with the kiosk's own feed code (feed.h), so it holds exactly what
 * paging would have stored; then it is copied out as a single checked file a kiosk can
 * swap in. The hub builds snapshots with it; a kiosk can check one with
 * snapshot_inspect. No curses, no hub headers. */
#ifndef VITRINA_SNAPSHOT_H
#define VITRINA_SNAPSHOT_H

#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>

#include "feed.h"

/* The feed page after since, as GET /v1/cases?since=SINCE answers it: 0 with *text (a
 * new string the caller frees) and *len, or -1 with *err set. */
typedef int (*snapshot_page_fn)(void *arg, int64_t since, char **text, size_t *len,
				char **err);

struct snapshot_source {
	snapshot_page_fn page;
	void *arg;
	feed_skip_fn skip;              /* told about each bad item skipped; may be NULL */
	void *skip_arg;
	atomic_int *stop;               /* non-zero: give up soon (may be NULL) */
};

/* What a snapshot file is: the feed position it holds, its size and SHA-256. */
struct snapshot_file {
	int64_t seq;
	int64_t size;
	unsigned char sha256[32];
};

/* Open (creating) the working catalogue file at path. A file that cannot be opened as
 * a catalogue or fails PRAGMA quick_check is deleted and made again, empty. NULL with
 * *err set on failure; close with sqlite3_close. */
sqlite3 *snapshot_open_work(const char *path, char **err);
/* The feed position db holds (catalogue_info.seq), or -1 with *err set. */
int64_t snapshot_seq(sqlite3 *db, char **err);
/* Apply the feed to db from its position until the feed has no more: each page in one
 * transaction that also moves catalogue_info.seq, bad items skipped as the kiosk skips
 * them; the search indexes are loaded in bulk when it starts from 0. 0 with *seq set,
 * or -1 with *err set (the pages stored before stay; the next call goes on from them). */
int snapshot_update(sqlite3 *db, const struct snapshot_source *src, int64_t *seq,
		    char **err);
/* Copy db into a new single file at dest (VACUUM INTO a temporary file beside it,
 * journal_mode=DELETE, PRAGMA quick_check, fsync), then rename it over dest and sync
 * the folder. 0 with *out filled, or -1 with *err set and nothing left behind. stop as
 * in snapshot_source (may be NULL). */
int snapshot_export(sqlite3 *db, const char *dest, atomic_int *stop,
		    struct snapshot_file *out, char **err);
/* Check the file at path is a snapshot (a catalogue of this program's version that
 * passes PRAGMA quick_check) and fill *out: its seq, size and SHA-256. 0, or -1 with
 * *err set. */
int snapshot_inspect(const char *path, struct snapshot_file *out, char **err);
/* The SHA-256 of the open file fd from its start and its size. 0, or -1 with *err. */
int snapshot_hash_fd(int fd, struct snapshot_file *out, char **err);

#endif
