/* config_write: change keys of the kiosk's config file (`vitrina enrol` writes hub_url
 * and kiosk_id) and write small secret files (the token), each atomically: a temporary
 * file in the same folder, flushed to disk, then renamed over the old one, so a power
 * cut leaves the old file or the new one, never half of one. No curses. */
#ifndef VITRINA_CONFIG_WRITE_H
#define VITRINA_CONFIG_WRITE_H

#include <stdbool.h>
#include <sys/types.h>

/* A file being replaced: its temporary twin is made by config_file_begin (which is
 * where a missing folder or a read-only one shows up, before anything else is done),
 * filled and renamed by config_file_commit, or removed by config_file_abort. */
struct config_file {
	char *path;                     /* the file to replace (symbolic links followed) */
	char *tmp;                      /* the temporary twin */
	int fd;                         /* open on tmp; -1 when none */
	mode_t mode;                    /* its new mode */
	uid_t uid;                      /* its new owner; -1: whoever makes it */
	gid_t gid;
};

/* Make the temporary twin of path. A file that exists keeps its owner and its mode
 * (with secret, group and others lose every right: 0600); a new one gets mode 0600
 * with secret, else 0644. -1 with *err set ("cannot write /etc/vitrina: ..."). */
int config_file_begin(struct config_file *f, const char *path, bool secret, char **err);
/* Write data (n bytes) as the whole new content, flush it and rename it over the file.
 * The twin is gone afterwards either way. -1 with *err set. */
int config_file_commit(struct config_file *f, const char *data, size_t n, char **err);
/* Remove the twin and free f (also after a commit; safe to call twice). */
void config_file_abort(struct config_file *f);

/* The text of a config file (text, len bytes; NULL for none) with each of the n keys
 * set to its value: the first line that sets a key gets "key = value" in its place,
 * later lines setting it again are dropped, and keys not set at all are appended.
 * Every other line and comment stays as it was. Values must be one line (no control
 * characters). Returns a new string (the caller frees it), or NULL with *err set. */
char *config_set_keys(const char *text, size_t len, const char *const *keys,
		      const char *const *values, int n, char **err);

#endif
