/* Writing the config file and the token file in place, atomically. */
#include "config_write.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* The folder of path (a new string). */
static char *folder_of(const char *path)
{
	char *copy = xstrdup(path), *dir = xstrdup(dirname(copy));

	free(copy);
	return dir;
}

int config_file_begin(struct config_file *f, const char *path, bool secret, char **err)
{
	struct stat sb;
	char *real = realpath(path, NULL);

	memset(f, 0, sizeof *f);
	f->fd = -1;
	f->uid = (uid_t)-1;
	f->gid = (gid_t)-1;
	f->path = real != NULL ? real : xstrdup(path);
	f->mode = secret ? 0600 : 0644;
	if (stat(f->path, &sb) == 0) {
		if (!S_ISREG(sb.st_mode)) {
			set_error(err, "%s is not a regular file", f->path);
			config_file_abort(f);
			return -1;
		}
		f->mode = sb.st_mode & (secret ? 0600 : 0777);
		f->uid = sb.st_uid;
		f->gid = sb.st_gid;
	}
	f->tmp = xasprintf("%s.new.XXXXXX", f->path);
	f->fd = mkstemp(f->tmp);
	if (f->fd < 0) {
		char *dir = folder_of(f->path);

		set_error(err, "cannot write in %s: %s", dir, strerror(errno));
		free(dir);
		free(f->tmp);
		f->tmp = NULL;
		config_file_abort(f);
		return -1;
	}
	return 0;
}

/* Write all n bytes to fd: 0, or -1 with errno set. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Flush the folder of path so the rename itself survives a power cut. */
static void sync_folder(const char *path)
{
	char *dir = folder_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int config_file_commit(struct config_file *f, const char *data, size_t n, char **err)
{
	int rc = -1;

	if (f->fd < 0)
		return set_error(err, "%s: nothing to write", f->path);
	/* the owner first: as root, a file made for the sync's user stays theirs */
	if ((f->uid != (uid_t)-1 && fchown(f->fd, f->uid, f->gid) < 0 && errno != EPERM) ||
	    fchmod(f->fd, f->mode) < 0 || write_all(f->fd, data, n) < 0 || fsync(f->fd) < 0) {
		set_error(err, "cannot write %s: %s", f->tmp, strerror(errno));
	} else if (close(f->fd) < 0) {
		f->fd = -1;
		set_error(err, "cannot write %s: %s", f->tmp, strerror(errno));
	} else {
		f->fd = -1;
		if (rename(f->tmp, f->path) < 0) {
			set_error(err, "cannot replace %s: %s", f->path, strerror(errno));
		} else {
			free(f->tmp);
			f->tmp = NULL;
			sync_folder(f->path);
			rc = 0;
		}
	}
	config_file_abort(f);
	return rc;
}

void config_file_abort(struct config_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->tmp != NULL)
		unlink(f->tmp);
	free(f->tmp);
	f->tmp = NULL;
	free(f->path);
	f->path = NULL;
}

/* The key a config line sets ("hub_url" of "  hub_url = https://..."), as start and
 * length; 0 for comments, blank lines and lines without '='. */
static size_t line_key(const char *line, size_t len, const char **start)
{
	const char *p = line, *e = line + len, *eq;

	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (p == e || *p == '#')
		return 0;
	eq = memchr(p, '=', (size_t)(e - p));
	if (eq == NULL)
		return 0;
	while (eq > p && (eq[-1] == ' ' || eq[-1] == '\t'))
		eq--;
	*start = p;
	return (size_t)(eq - p);
}

static int one_line(const char *v)
{
	for (; *v != '\0'; v++) {
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			return 0;
	}
	return 1;
}

char *config_set_keys(const char *text, size_t len, const char *const *keys,
		      const char *const *values, int n, char **err)
{
	struct buf out = {0};
	const char *line = text, *end = text != NULL ? text + len : NULL, *k = NULL;
	bool done[16] = {false};
	int i;

	if (n > 16) {
		set_error(err, "too many keys");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (!one_line(values[i])) {
			set_error(err, "%s: the value must be one line of text", keys[i]);
			return NULL;
		}
	}
	while (text != NULL && line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t ll = nl != NULL ? (size_t)(nl - line) : (size_t)(end - line);
		size_t kl = line_key(line, ll, &k);

		for (i = 0; i < n; i++) {
			if (kl == strlen(keys[i]) && memcmp(k, keys[i], kl) == 0)
				break;
		}
		if (i == n) {
			buf_add(&out, line, ll);
			buf_addc(&out, '\n');
		} else if (!done[i]) {
			buf_addf(&out, "%s = %s\n", keys[i], values[i]);
			done[i] = true;
		}
		line += ll + (nl != NULL);
	}
	for (i = 0; i < n; i++) {
		if (!done[i])
			buf_addf(&out, "%s = %s\n", keys[i], values[i]);
	}
	return out.s != NULL ? buf_take(&out) : xstrdup("");
}
