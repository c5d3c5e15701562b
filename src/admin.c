/* The engine side of the admin screens: PIN, lockout, settings, the sync child. */
#define _GNU_SOURCE
#include "admin.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db.h"
#include "i18n.h"
#include "outbox.h"
#include "program.h"

#define CHILD_OUT_MAX 8192      /* bytes of the sync child's output kept (the tail) */

/* ---- lockout state, in the meta table ---- */

#define KEY_FAILURES "admin_failures"
#define KEY_LOCKED "admin_locked_until"  /* monotonic ms; present only while locked */
#define KEY_BOOT "admin_boot"            /* the boot the monotonic times belong to */

struct lock_row {
	int failures;
	bool locked;
	int64_t until;
	char boot[64];
};

/* The kernel's id of this boot: monotonic times mean nothing across boots. */
static void boot_id(char out[64])
{
	char *s = NULL;
	size_t len = 0, i;

	out[0] = '\0';
	if (read_file("/proc/sys/kernel/random/boot_id", 256, &s, &len, NULL) < 0)
		return;
	for (i = 0; i < len && i < 63 && s[i] != '\n'; i++)
		out[i] = s[i];
	out[i] = '\0';
	free(s);
}

static int meta_get(sqlite3 *db, const char *key, char *out, size_t n, char **err)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT value FROM meta WHERE key = ?1", err);
	int rc, found = 0;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);

		snprintf(out, n, "%s", v != NULL ? (const char *)v : "");
		found = 1;
	} else if (rc != SQLITE_DONE) {
		set_error(err, "database: %s", sqlite3_errmsg(db));
		found = -1;
	}
	sqlite3_finalize(st);
	return found;
}

static int meta_put(sqlite3 *db, const char *key, const char *value, char **err)
{
	sqlite3_stmt *st;
	int rc;

	if (value == NULL)
		st = db_prepare(db, "DELETE FROM meta WHERE key = ?1", err);
	else
		st = db_prepare(db, "INSERT INTO meta(key, value) VALUES(?1, ?2)"
				" ON CONFLICT(key) DO UPDATE SET value = excluded.value", err);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, key);
	if (value != NULL)
		db_bind_text(st, 2, value);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	return 0;
}

static int row_load(sqlite3 *db, struct lock_row *r, char **err)
{
	char v[64];
	long n;
	int rc;

	memset(r, 0, sizeof *r);
	rc = meta_get(db, KEY_FAILURES, v, sizeof v, err);
	if (rc < 0)
		return -1;
	if (rc == 1 && parse_long(v, 0, 1000000, &n) == 0)
		r->failures = (int)n;
	rc = meta_get(db, KEY_LOCKED, v, sizeof v, err);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		/* A damaged value locks rather than opens. */
		r->locked = true;
		if (parse_long(v, LONG_MIN, LONG_MAX, &n) == 0)
			r->until = n;
		else
			r->until = INT64_MAX;
	}
	rc = meta_get(db, KEY_BOOT, r->boot, sizeof r->boot, err);
	return rc < 0 ? -1 : 0;
}

static int row_save(sqlite3 *db, const struct lock_row *r, char **err)
{
	char f[24], u[24];

	snprintf(f, sizeof f, "%d", r->failures);
	snprintf(u, sizeof u, "%lld", (long long)r->until);
	if (meta_put(db, KEY_FAILURES, f, err) < 0 ||
	    meta_put(db, KEY_LOCKED, r->locked ? u : NULL, err) < 0 ||
	    meta_put(db, KEY_BOOT, r->boot, err) < 0)
		return -1;
	return 0;
}

/* Bring a stored row to now: a lockout from another boot starts again from now, one
 * further away than a lockout can be is cut to a full one, a past one ends. Returns 1
 * if the row changed. */
static int row_settle(struct lock_row *r, int64_t now_ms)
{
	char boot[64];
	int changed = 0;

	boot_id(boot);
	if (strcmp(boot, r->boot) != 0) {
		if (r->locked)
			r->until = now_ms + ADMIN_LOCK_MS;
		snprintf(r->boot, sizeof r->boot, "%s", boot);
		changed = 1;
	}
	if (r->locked && r->until - now_ms > ADMIN_LOCK_MS) {
		r->until = now_ms + ADMIN_LOCK_MS;
		changed = 1;
	}
	if (r->locked && now_ms >= r->until) {
		r->locked = false;
		r->until = 0;
		r->failures = 0;
		changed = 1;
	}
	return changed;
}

static void row_out(const struct lock_row *r, int64_t now_ms, struct admin_lock *out)
{
	if (out == NULL)
		return;
	out->failures = r->failures;
	out->locked_ms = r->locked ? r->until - now_ms : 0;
}

enum outcome { JUST_LOOK, WRONG_PIN, RIGHT_PIN };

/* Load, settle, count the outcome and (if anything changed) save the row, inside one
 * write transaction. */
static int lock_update(sqlite3 *db, int64_t now_ms, enum outcome what, struct lock_row *r,
		       char **err)
{
	int changed;

	if (db_begin(db, err) < 0)
		return -1;
	if (row_load(db, r, err) < 0)
		goto fail;
	changed = row_settle(r, now_ms);
	if (what == WRONG_PIN && !r->locked) {
		r->failures++;
		if (r->failures >= ADMIN_MAX_FAILURES) {
			r->locked = true;
			r->until = now_ms + ADMIN_LOCK_MS;
		}
		changed = 1;
	} else if (what == RIGHT_PIN && r->failures > 0) {
		r->failures = 0;
		changed = 1;
	}
	if (changed && row_save(db, r, err) < 0)
		goto fail;
	if (db_commit(db, err) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int admin_lock_read(sqlite3 *db, int64_t now_ms, struct admin_lock *out, char **err)
{
	struct lock_row r;

	if (lock_update(db, now_ms, JUST_LOOK, &r, err) < 0)
		return -1;
	row_out(&r, now_ms, out);
	return 0;
}

/* ---- PIN ---- */

/* libcrypt, loaded when a PIN is first looked at, checked or made: most runs of the kiosk never
 * ask for one, and a library fewer to map is a faster start. */
static struct {
	char *(*crypt_r)(const char *, const char *, struct crypt_data *);
	char *(*gensalt_ra)(const char *, unsigned long, const char *, int);
	char *(*crypt_ra)(const char *, const char *, void **, int *);
	int (*checksalt)(const char *);
} libcrypt;

static void libcrypt_load(void)
{
	static const char so[] = "libcrypt.so.1";

	libcrypt.crypt_r = (char *(*)(const char *, const char *, struct crypt_data *))
		lib_function(so, "crypt_r");
	libcrypt.gensalt_ra = (char *(*)(const char *, unsigned long, const char *, int))
		lib_function(so, "crypt_gensalt_ra");
	libcrypt.crypt_ra = (char *(*)(const char *, const char *, void **, int *))
		lib_function(so, "crypt_ra");
	libcrypt.checksalt = (int (*)(const char *))lib_function(so, "crypt_checksalt");
}

/* 1 once libcrypt is there, else 0 with *err set. */
static int libcrypt_ready(char **err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, libcrypt_load);
	if (libcrypt.crypt_r == NULL || libcrypt.gensalt_ra == NULL || libcrypt.crypt_ra == NULL ||
	    libcrypt.checksalt == NULL) {
		set_error(err, "cannot load libcrypt.so.1 (install libcrypt1)");
		return 0;
	}
	return 1;
}

bool admin_hash_usable(const char *hash)
{
	const char *last;
	size_t n;

	if (hash == NULL || hash[0] != '$' || strlen(hash) >= CRYPT_OUTPUT_SIZE ||
	    !libcrypt_ready(NULL) || libcrypt.checksalt(hash) != CRYPT_SALT_OK)
		return false;
	/* A whole hash, not only a setting such as "$6$": its last part is the hash
	 * itself (22 characters or more of crypt's alphabet in every method). */
	last = strrchr(hash, '$') + 1;
	n = strspn(last, "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
	return n >= 22 && last[n] == '\0';
}

/* Compare without leaving the position of the first difference in the timing. */
static bool same(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char d = la != lb;

	for (i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

/* 1 if pin matches hash, 0 if not, -1 if crypt cannot check it. */
static int pin_matches(const char *hash, const char *pin)
{
	struct crypt_data *cd;
	const char *h;
	int rc;

	if (!libcrypt_ready(NULL))
		return -1;
	cd = xcalloc(1, sizeof *cd);
	h = libcrypt.crypt_r(pin, hash, cd);

	if (h == NULL || h[0] == '*')
		rc = -1;
	else
		rc = same(h, hash) ? 1 : 0;
	wipe_free(cd, sizeof *cd);
	return rc;
}

enum admin_pin admin_pin_check(sqlite3 *db, const char *hash, const char *pin,
			       int64_t now_ms, struct admin_lock *lock, char **err)
{
	struct lock_row r;
	int m;

	if (lock != NULL)
		memset(lock, 0, sizeof *lock);
	if (lock_update(db, now_ms, JUST_LOOK, &r, err) < 0)
		return ADMIN_PIN_ERROR;
	row_out(&r, now_ms, lock);
	if (r.locked)
		return ADMIN_PIN_LOCKED;
	if (!admin_hash_usable(hash))
		return ADMIN_PIN_NOT_SET;
	/* crypt runs outside the transaction: yescrypt takes a while and the sync
	 * service should not wait for it. */
	m = pin != NULL && strlen(pin) <= ADMIN_PIN_MAX ? pin_matches(hash, pin) : 0;
	if (m < 0)
		return ADMIN_PIN_NOT_SET;
	if (lock_update(db, now_ms, m == 1 ? RIGHT_PIN : WRONG_PIN, &r, err) < 0)
		return ADMIN_PIN_ERROR;
	row_out(&r, now_ms, lock);
	if (m == 1)
		return ADMIN_PIN_OK;
	return ADMIN_PIN_WRONG;
}

char *admin_pin_hash(const char *pin, char **err)
{
	static const char *const prefixes[] = {"$y$", "$6$"};
	char *salt = NULL, *out = NULL;
	void *data = NULL;
	int size = 0;
	size_t i;

	if (pin == NULL || strlen(pin) > ADMIN_PIN_MAX) {
		set_error(err, "the PIN is too long (at most %d bytes)", ADMIN_PIN_MAX);
		return NULL;
	}
	if (!libcrypt_ready(err))
		return NULL;
	for (i = 0; i < sizeof prefixes / sizeof prefixes[0] && salt == NULL; i++)
		salt = libcrypt.gensalt_ra(prefixes[i], 0, NULL, 0);
	if (salt == NULL) {
		set_error(err, "cannot make a salt: %s", strerror(errno));
		return NULL;
	}
	out = libcrypt.crypt_ra(pin, salt, &data, &size);
	if (out == NULL || out[0] == '*') {
		set_error(err, "crypt cannot hash the PIN");
		out = NULL;
	} else {
		out = xstrdup(out);
	}
	if (data != NULL && size > 0)
		wipe_free(data, (size_t)size);
	free(salt);
	return out;
}

/* ---- the configuration as shown ---- */

char *admin_config_path(void)
{
	char *s = NULL, *p, *end, *found = NULL;
	size_t len = 0;
	int first = 1;

	if (read_file("/proc/self/cmdline", 65536, &s, &len, NULL) < 0)
		return NULL;
	end = s + len;
	for (p = s; p < end; p += strlen(p) + 1) {
		if (first) {
			first = 0;              /* the program's name */
			continue;
		}
		if (p[0] != '-')
			break;                  /* the subcommand */
		if ((strcmp(p, "--config") == 0 || strcmp(p, "--db") == 0) &&
		    p + strlen(p) + 1 < end) {
			if (strcmp(p, "--config") == 0) {
				free(found);
				found = xstrdup(p + strlen(p) + 1);
			}
			p += strlen(p) + 1;
		}
	}
	free(s);
	return found;
}

static char *abs_path(const char *path)
{
	char *r;

	if (path == NULL)
		return NULL;
	r = realpath(path, NULL);
	return r != NULL ? r : xstrdup(path);
}

static void add(struct admin_setting *s, int *n, const char *key, char *value,
		const char *note)
{
	s[*n].key = key;
	s[*n].value = value;
	s[*n].note = note;
	(*n)++;
}

/* A file's absolute path, and a note if the kiosk cannot read it. */
static void add_file(struct admin_setting *s, int *n, const char *key, const char *path)
{
	if (path == NULL || path[0] == '\0') {
		add(s, n, key, NULL, NULL);
		return;
	}
	add(s, n, key, abs_path(path), access(path, R_OK) == 0 ? NULL :
	    N_("(cannot be read)"));
}

int admin_settings(const struct config *cfg, const char *config_path,
		   struct admin_setting **out)
{
	struct admin_setting *s = xcalloc(20, sizeof *s);
	const char *h = cfg->admin_pin_hash;
	int n = 0;

	add(s, &n, "config", config_path != NULL ? abs_path(config_path) : NULL, NULL);
	add(s, &n, "centre_name", xstrdup(cfg->centre_name), NULL);
	add(s, &n, "data_controller", xstrdup(cfg->data_controller), NULL);
	add(s, &n, "kiosk_id", xstrdup(cfg->kiosk_id), NULL);
	add(s, &n, "db", abs_path(cfg->db), NULL);
	add(s, &n, "idle_timeout", xasprintf("%d s", cfg->idle_timeout), NULL);
	add(s, &n, "languages", xstrdup(cfg->languages), NULL);
	add(s, &n, "default_language", xstrdup(cfg->default_language), NULL);
	add(s, &n, "hub_url", cfg->hub_url != NULL ? url_hide_userinfo(cfg->hub_url) : NULL, NULL);
	add_file(s, &n, "token_file", cfg->token_file);
	add_file(s, &n, "ca_file", cfg->ca_file);
	add(s, &n, "pinned_pubkey", xstrdup(cfg->pinned_pubkey), NULL);
	add(s, &n, "proxy", cfg->proxy != NULL ? url_hide_userinfo(cfg->proxy) : NULL, NULL);
	add(s, &n, "sync_interval", xasprintf("%d s", cfg->sync_interval), NULL);
	add(s, &n, "admin_key", xstrdup(cfg->admin_key), NULL);
	add(s, &n, "touch_keyboard", xstrdup(cfg->touch_keyboard), NULL);
	add(s, &n, "home_municipality", xstrdup(cfg->home_municipality), NULL);
	/* Never the hash itself. */
	if (h == NULL || h[0] == '\0')
		add(s, &n, "admin_pin_hash", NULL, NULL);
	else
		add(s, &n, "admin_pin_hash", xstrdup(""), admin_hash_usable(h) ? N_("set") :
		    N_("set, but not a hash this system can check"));
	*out = s;
	return n;
}

void admin_settings_free(struct admin_setting *s, int n)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < n; i++)
		free(s[i].value);
	free(s);
}

/* ---- the sync child ---- */

int admin_child_start(struct admin_child *c, const char *exe, const char *config_path,
		      const char *db_path, int64_t now_ms, char **err)
{
	char *argv[8], *net = exe == NULL ? program_path(NET_PROGRAM) : NULL, *why = NULL;
	int argc = 0, fd;
	pid_t pid;

	/* vitrina-net itself: `vitrina sync` would only hand over to it */
	if (exe == NULL)
		exe = net != NULL ? net : "/proc/self/exe";
	argv[argc++] = (char *)"vitrina";
	if (config_path != NULL) {
		argv[argc++] = (char *)"--config";
		argv[argc++] = (char *)config_path;
	}
	argv[argc++] = (char *)"--db";
	argv[argc++] = (char *)db_path;
	argv[argc++] = (char *)"sync";
	argv[argc++] = (char *)"--once";
	argv[argc] = NULL;
	pid = spawn_program(exe, argv, &fd, &why);
	free(net);
	if (pid < 0) {
		set_error(err, "cannot start the sync: %s", why);
		free(why);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	buf_free(&c->out);
	c->pid = pid;
	c->fd = fd;
	c->running = true;
	c->exit_status = 0;
	c->started_ms = now_ms;
	c->ended_ms = 0;
	return 0;
}

static void child_read(struct admin_child *c)
{
	char b[1024];
	ssize_t k;

	while (c->fd >= 0) {
		k = read(c->fd, b, sizeof b);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
				close(c->fd);
				c->fd = -1;
			}
			return;
		}
		buf_add(&c->out, b, (size_t)k);
		if (c->out.len > CHILD_OUT_MAX) {
			size_t drop = c->out.len - CHILD_OUT_MAX / 2;

			memmove(c->out.s, c->out.s + drop, c->out.len - drop + 1);
			c->out.len -= drop;
		}
	}
}

int admin_child_poll(struct admin_child *c, int64_t now_ms)
{
	int st;
	pid_t r;

	if (c->pid <= 0)
		return -1;
	child_read(c);
	if (!c->running)
		return 0;
	r = waitpid(c->pid, &st, WNOHANG);
	if (r == 0)
		return 1;
	if (r == c->pid)
		c->exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	else
		c->exit_status = -1;    /* reaped elsewhere: the outcome is in the state */
	c->running = false;
	c->ended_ms = now_ms;
	child_read(c);
	return 0;
}

void admin_child_last_line(const struct admin_child *c, char *out, size_t n)
{
	const char *s = c->out.s, *end, *start;

	out[0] = '\0';
	if (s == NULL || n == 0)
		return;
	end = s + c->out.len;
	while (end > s && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		end--;
	for (start = end; start > s && start[-1] != '\n'; start--)
		;
	snprintf(out, n, "%.*s", (int)(end - start), start);
}

void admin_child_release(struct admin_child *c)
{
	if (c->fd >= 0 && c->pid > 0)
		close(c->fd);
	c->fd = -1;
	buf_free(&c->out);
}
