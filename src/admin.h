/* admin: the engine side of the librarian's admin screens (DESIGN §6): the PIN check
 * with crypt(3), the lockout after wrong PINs (kept in the database, counted on the
 * monotonic clock), the configuration as the settings screen shows it, and the child
 * process of "sync now". No curses.
 *
 * Times are passed in (now_ms, from now_ms_monotonic()) so tests need not wait. */
#ifndef VITRINA_ADMIN_H
#define VITRINA_ADMIN_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "config.h"
#include "util.h"

#define ADMIN_MAX_FAILURES 5                    /* wrong PINs in a row before a lockout */
#define ADMIN_LOCK_MS ((int64_t)5 * 60 * 1000)  /* how long a lockout lasts */
#define ADMIN_PIN_MIN 4                         /* characters, for `vitrina pin` */
#define ADMIN_PIN_MAX 64                        /* bytes of a PIN at most */

/* The lockout state at a given moment. */
struct admin_lock {
	int failures;           /* wrong PINs in a row since the last right one */
	int64_t locked_ms;      /* ms left of the lockout; 0 when admin is open */
};

enum admin_pin {
	ADMIN_PIN_OK,           /* right: the lockout counter starts again */
	ADMIN_PIN_WRONG,        /* wrong: counted (the fifth one locks) */
	ADMIN_PIN_LOCKED,       /* locked now: the PIN was not even checked */
	ADMIN_PIN_NOT_SET,      /* no admin_pin_hash in the config, or not a usable hash */
	ADMIN_PIN_ERROR         /* the database failed (*err set) */
};

/* The lockout state at monotonic time now_ms. A lockout made before the machine
 * restarted (another boot id) starts its five minutes again from now: restarting
 * never opens admin. -1 with *err set on a database failure. */
int admin_lock_read(sqlite3 *db, int64_t now_ms, struct admin_lock *out, char **err);

/* Check pin against hash (a crypt(3) hash) at monotonic time now_ms, counting wrong
 * ones in db: the ADMIN_MAX_FAILURES-th wrong PIN in a row locks admin for
 * ADMIN_LOCK_MS. *lock (if not NULL) gets the state after the check. */
enum admin_pin admin_pin_check(sqlite3 *db, const char *hash, const char *pin,
			       int64_t now_ms, struct admin_lock *lock, char **err);

/* 1 if hash is a crypt(3) hash this system can check ("$y$...", "$6$..."...). */
bool admin_hash_usable(const char *hash);

/* Hash pin with a fresh random salt (yescrypt "$y$", else SHA-512 "$6$"). Returns a new
 * string the caller frees, or NULL with *err set. */
char *admin_pin_hash(const char *pin, char **err);

/* The --config path this process was started with (read from /proc/self/cmdline, the
 * options before the subcommand), or NULL if none. The caller frees it. */
char *admin_config_path(void);

/* One line of the settings screen: a config key and its effective value as shown
 * (secrets are never shown: the PIN hash is "set" or "not set"). */
struct admin_setting {
	const char *key;        /* static */
	char *value;            /* owned; NULL when not set */
	const char *note;       /* NULL, or an N_() note to show after the value */
};

/* The effective configuration of cfg as the settings screen shows it, with the config
 * file path (config_path NULL: "none, the defaults") first. The caller frees the
 * array with admin_settings_free. Returns the number of lines. */
int admin_settings(const struct config *cfg, const char *config_path,
		   struct admin_setting **out);
void admin_settings_free(struct admin_setting *s, int n);

/* "sync now": `vitrina sync --once` as a child process whose output is collected
 * without ever blocking. Zero-initialise. */
struct admin_child {
	pid_t pid;              /* 0: none started */
	int fd;                 /* read end of its stdout and stderr; -1 when closed */
	bool running;
	int exit_status;        /* when it ended: its exit status, -1 if killed */
	struct buf out;         /* what it printed (capped; no personal data is printed) */
	int64_t started_ms, ended_ms;
};

/* Start exe (NULL: /proc/self/exe) as `vitrina [--config C] --db D sync --once` with
 * stdin from /dev/null. -1 with *err set if it cannot start. */
int admin_child_start(struct admin_child *c, const char *exe, const char *config_path,
		      const char *db_path, int64_t now_ms, char **err);
/* Read what it wrote and reap it if it ended, without waiting. Returns 1 while it
 * runs, 0 once it ended (see exit_status), -1 if none was started. */
int admin_child_poll(struct admin_child *c, int64_t now_ms);
/* The last non-empty line it wrote into out[n] ("" if none). */
void admin_child_last_line(const struct admin_child *c, char *out, size_t n);
/* Close the pipe and free the output; a child still running is left to finish (and is
 * reaped by a later poll if the struct is kept). */
void admin_child_release(struct admin_child *c);

#endif
