/* `vitrina sync` and `vitrina status` (DESIGN §5, §7). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "admin_ui.h"
#include "catalogue.h"
#include "cli.h"
#include "db.h"
#include "i18n.h"
#include "outbox.h"
#include "sync.h"
#include "text.h"
#include "util.h"

static const char sync_usage[] =
	"usage: vitrina [--config FILE] [--db FILE] sync [--once|--daemon]\n"
	"\n"
	"Send the requests waiting in the outbox to the hub, fetch the catalogue's\n"
	"changes and report to the hub.\n"
	"\n"
	"  --once     do it once (the default); exit 0 if it all worked, else 1\n"
	"  --daemon   keep doing it: every sync_interval seconds, at once for new\n"
	"             requests, backing off after failures; stops on SIGTERM, syncs\n"
	"             now on SIGUSR1\n"
	"\n"
	"The config keys hub_url, token_file, ca_file, pinned_pubkey, proxy and\n"
	"sync_interval set it up.\n";

static const char status_usage[] =
	"usage: vitrina [--config FILE] [--db FILE] status\n"
	"\n"
	"Show the kiosk's state for a librarian: catalogue, requests waiting, the\n"
	"last sync and its errors, and whether the hub accepts this kiosk.\n";

static void on_stop(int sig)
{
	(void)sig;
	sync_stop();
}

static void on_wake(int sig)
{
	(void)sig;
	sync_wake();
}

static void handle_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal cuts the daemon's sleep short. */
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_wake;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* One sync at a time per database: an advisory lock on a file beside it, DB.sync-lock.
 * Returns the lock's fd; LOCK_HELD if another process holds it (*holder: its pid, 0 if
 * not known); LOCK_FAILED if the file cannot be opened or locked, with *err naming
 * it. Without a lock no sync runs: two at once would send requests twice. A database
 * in memory is this process's own and needs none (LOCK_NONE). */
#define LOCK_NONE   (-1)
#define LOCK_HELD   (-2)
#define LOCK_FAILED (-3)
static int take_lock(const char *db_path, long *holder, char **err)
{
	struct flock fl;
	char *path;
	int fd;

	*holder = 0;
	if (strcmp(db_path, ":memory:") == 0)
		return LOCK_NONE;
	path = xasprintf("%s.sync-lock", db_path);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		set_error(err, "cannot open the sync lock %s: %s", path, strerror(errno));
		free(path);
		return LOCK_FAILED;
	}
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) == 0) {
		free(path);
		return fd;
	}
	if (errno != EACCES && errno != EAGAIN) {
		set_error(err, "cannot lock %s: %s", path, strerror(errno));
		free(path);
		close(fd);
		return LOCK_FAILED;
	}
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
		*holder = (long)fl.l_pid;
	set_error(err, "another sync is running (process %ld holds the lock %s)", *holder, path);
	free(path);
	close(fd);
	return LOCK_HELD;
}

/* Another process holds the lock. For --once with the sync service running, ask it
 * to sync now (the documented "sync now"); otherwise stop with the lock's error. */
static int lock_held(sqlite3 *db, bool as_daemon, const char *why)
{
	struct sync_status st;
	char *err = NULL;

	if (!as_daemon && sync_status_read(db, &st, NULL) == 0 && st.daemon_pid > 0) {
		if (sync_request_now(db, &err) == 0) {
			puts("The sync service is running; it will sync now (see vitrina status).");
			return 0;
		}
		fprintf(stderr, "vitrina sync: %s\n", err);
		free(err);
		return 1;
	}
	fprintf(stderr, "vitrina sync: %s\n", why);
	return 1;
}

/* Why path cannot be opened by this user, or NULL if it can be read (and written when
 * write is set). The message names the path; the caller frees it. */
static char *access_problem(const char *path, bool write)
{
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return xasprintf("no kiosk database at %s yet", path);
	if (access(path, write ? R_OK | W_OK : R_OK) != 0 && errno == EACCES)
		return xasprintf("permission denied: %s (run it as the kiosk's user, or as a "
				 "member of its group)", path);
	if (access(path, write ? R_OK | W_OK : R_OK) != 0)
		return xasprintf("%s: %s", path, strerror(errno));
	return NULL;
}

/* The folder of path can be written (SQLite makes its -wal and -shm files there). */
static bool folder_writable(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	bool ok;

	if (slash == NULL)
		snprintf(dir, strlen(dir) + 1, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	ok = access(dir, W_OK | X_OK) == 0;
	free(dir);
	return ok;
}

/* status only reads: a user who may read the database but not write it (a member of
 * the kiosk's group) opens it read-only; with no -wal file to read it is opened as
 * unchanging, since no -shm can be made in a folder it may not write. */
static sqlite3 *open_read_only(const char *path, char **err)
{
	char *wal = xasprintf("%s-wal", path), *uri;
	sqlite3 *db = NULL;
	int rc;

	uri = access(wal, F_OK) == 0 ? xasprintf("file:%s?mode=ro", path)
		: xasprintf("file:%s?immutable=1", path);
	free(wal);
	rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		set_error(err, "permission denied: %s (%s)", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	if (db_catalogue_attach(db, err) < 0) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* The kiosk database without seeding the sample catalogue: the sync's catalogue is
 * the hub's. status only reads one that exists. */
static sqlite3 *open_kiosk_db(const struct options *o, int create, char **err)
{
	const char *path = o->cfg.db;
	char *why;

	if (strcmp(path, ":memory:") != 0) {
		if (create && cli_db_folder(path, err) < 0)
			return NULL;
		why = create && access(path, F_OK) != 0 ? NULL : access_problem(path, create);
		if (why != NULL) {
			set_error(err, "%s", why);
			free(why);
			return NULL;
		}
		if (!create && (access(path, W_OK) != 0 || !folder_writable(path)))
			return open_read_only(path, err);
	}
	return db_open_kiosk(path, err);
}

static int wants_version(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--version") == 0) {
			printf("vitrina %s\n", VERSION);
			return 1;
		}
	}
	return 0;
}

int cmd_sync(const struct options *o, int argc, char **argv)
{
	int as_daemon = 0, i, lock, rc = 1;
	long holder;
	enum sync_result r;
	struct sync *s;
	sqlite3 *db;
	char *err = NULL, *summary = NULL;

	if (cli_wants_help(argc, argv, sync_usage) || wants_version(argc, argv))
		return 0;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--once") == 0) {
			as_daemon = 0;
		} else if (strcmp(argv[i], "--daemon") == 0) {
			as_daemon = 1;
		} else {
			fprintf(stderr, "vitrina sync: unknown argument %s (try --help)\n",
				argv[i]);
			return 2;
		}
	}
	if (o->cfg.hub_url == NULL) {
		fputs("vitrina sync: no hub_url in the config; sync is off\n", stderr);
		return 1;
	}
	handle_signals();
	db = open_kiosk_db(o, 1, &err);
	if (db == NULL) {
		fprintf(stderr, "vitrina sync: %s\n", err);
		free(err);
		return 1;
	}
	lock = take_lock(o->cfg.db, &holder, &err);
	if (lock == LOCK_HELD || lock == LOCK_FAILED) {
		if (lock == LOCK_HELD)
			rc = lock_held(db, as_daemon, err);
		else
			fprintf(stderr, "vitrina sync: %s\n", err);
		free(err);
		sqlite3_close(db);
		return rc;
	}
	s = sync_new(db, &o->cfg, &err);
	if (s == NULL) {
		fprintf(stderr, "vitrina sync: %s\n", err);
		free(err);
		sqlite3_close(db);
		if (lock >= 0)
			close(lock);
		return 1;
	}
	if (as_daemon) {
		char *shown = url_hide_userinfo(o->cfg.hub_url);

		fprintf(stderr, "vitrina sync: started for %s, every %d s\n",
			shown != NULL ? shown : "(no hub_url)", o->cfg.sync_interval);
		free(shown);
		rc = sync_run_daemon(s);
		fputs("vitrina sync: stopped\n", stderr);
	} else {
		sync_show_progress(s, true);
		r = sync_run_once(s, &summary);
		fprintf(r == SYNC_OK ? stdout : stderr, "%s%s\n",
			r == SYNC_OK ? "" : "vitrina sync: ", summary);
		free(summary);
		rc = r == SYNC_OK || r == SYNC_STOPPED ? 0 : 1;
	}
	sync_free(s);
	sqlite3_close(db);
	if (lock >= 0)
		close(lock);
	return rc;
}

static int64_t count_rejected(sqlite3 *db)
{
	struct outbox_item *items = NULL;
	int n = 0, i;
	int64_t k = 0;

	if (outbox_list(db, &items, &n, NULL) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (strcmp(items[i].state, "rejected") == 0)
			k++;
	}
	outbox_items_free(items, n);
	return k;
}

/* The labels of status, for the width of their column (the admin status screen's). */
static const char *const labels[] = {
	N_("Kiosk"), N_("Hub"), N_("Authorised"), N_("Outbox"), N_("Refused"),
	N_("Last sync"), N_("Last attempt"), N_("Last error"), N_("Sync service"),
	N_("Catalogue"), N_("Failures"),
};
#define NLABELS ((int)(sizeof labels / sizeof labels[0]))

/* The widest translated label with its colon, plus a gap. */
static int label_width(void)
{
	int i, w, max = 0;

	for (i = 0; i < NLABELS; i++) {
		w = text_width(_(labels[i]));
		if (w > max)
			max = w;
	}
	return max + 3;
}

/* "Label:   value" with the label translated and padded by display width; value is
 * taken over (freed). A continuation line (label NULL) is only indented. */
static void row(int lw, const char *label, char *value)
{
	int w = 0;

	if (label != NULL) {
		printf("%s:", _(label));
		w = text_width(_(label)) + 1;
	}
	for (; w < lw; w++)
		putchar(' ');
	printf("%s\n", value != NULL ? value : "");
	free(value);
}

static char *authorised(const struct config *c, const struct sync_status *st)
{
	if (c->hub_url == NULL)
		return xstrdup("-");
	if (!st->authorised)
		return xstrdup(_("NO: kiosk not authorised; ask central staff for a new token"));
	if (st->last_success == 0)
		return xstrdup(_("not known yet (the hub has not been reached)"));
	return xstrdup(_("yes"));
}

/* The outbox line: "every request has reached the hub" only when there is a hub. */
static char *outbox_line(const struct config *c, const struct sync_status *st)
{
	unsigned long n = (unsigned long)st->outbox_depth;
	int64_t now;
	char age[128];

	if (c->hub_url == NULL)
		return xasprintf(i18n_nget("%lld request, kept on this kiosk: no hub_url is set",
					   "%lld requests, kept on this kiosk: no hub_url is set",
					   n), (long long)st->outbox_depth);
	if (n == 0)
		return xstrdup(_("0 requests waiting: every request has reached the hub"));
	now = (int64_t)time(NULL);
	admin_format_when(now - st->outbox_oldest_s, now, age, sizeof age);
	return xasprintf(i18n_nget("%lld request waiting to be sent, the oldest since %s",
				   "%lld requests waiting to be sent, the oldest since %s", n),
			 (long long)st->outbox_depth, age);
}

static char *when_text(int64_t t)
{
	char out[128];

	admin_format_when(t, (int64_t)time(NULL), out, sizeof out);
	return xstrdup(out);
}

static char *error_line(const struct sync_status *st)
{
	char when[128];

	if (st->last_error[0] == '\0')
		return xstrdup(_("none"));
	admin_format_when(st->last_error_at, (int64_t)time(NULL), when, sizeof when);
	return xasprintf("%s: %s%s", when, st->last_error,
			 st->last_error_at < st->last_success ? _(" (since solved)") : "");
}

static void print_status(const struct options *o, const struct sync_status *st,
			 int64_t rejected)
{
	const struct config *c = &o->cfg;
	int lw = label_width();

	row(lw, N_("Kiosk"), xasprintf("%s (%s)", c->kiosk_id, c->centre_name));
	row(lw, N_("Hub"), c->hub_url != NULL ? url_hide_userinfo(c->hub_url)
	    : xstrdup(_("none configured: sync is off")));
	row(lw, N_("Authorised"), authorised(c, st));
	if (st->cases >= 0)
		row(lw, N_("Catalogue"), xasprintf(_("%lld cases, up to change %lld"),
						  (long long)st->cases, (long long)st->seq));
	else
		row(lw, N_("Catalogue"), xasprintf(_("up to change %lld"), (long long)st->seq));
	if (st->snapshot_at > 0) {
		char *when = when_text(st->snapshot_at);

		/* TRANSLATORS: %s is when ("today 10:04"), %lld a change number. */
		row(lw, NULL, xasprintf(_("(taken whole from the hub's snapshot %s, change %lld)"),
					when, (long long)st->snapshot_seq));
		free(when);
	}
	row(lw, N_("Outbox"), outbox_line(c, st));
	if (rejected > 0) {
		row(lw, N_("Refused"), xasprintf(i18n_nget(
			"%lld request refused by the hub is kept: see vitrina outbox",
			"%lld requests refused by the hub are kept: see vitrina outbox",
			(unsigned long)rejected), (long long)rejected));
		row(lw, NULL, xstrdup(_("(vitrina outbox --retry sends them again once the "
					"cause is fixed)")));
	}
	row(lw, N_("Last sync"), when_text(st->last_success));
	row(lw, N_("Last attempt"), when_text(st->last_attempt));
	row(lw, N_("Last error"), error_line(st));
	if (st->failures > 0)
		row(lw, N_("Failures"), xasprintf(i18n_nget("%d failed attempt in a row",
							    "%d failed attempts in a row",
							    (unsigned long)st->failures),
						  st->failures));
	if (st->daemon_pid > 0) {
		char t[128];

		admin_format_when(st->next_attempt, (int64_t)time(NULL), t, sizeof t);
		row(lw, N_("Sync service"), xasprintf(_("running; next attempt %s"), t));
	} else {
		row(lw, N_("Sync service"), xstrdup(_("not running")));
	}
}

int cmd_status(const struct options *o, int argc, char **argv)
{
	struct sync_status st;
	sqlite3 *db;
	char *err = NULL;
	int64_t rejected;

	if (cli_wants_help(argc, argv, status_usage) || wants_version(argc, argv))
		return 0;
	if (argc > 1) {
		fprintf(stderr, "vitrina status: unknown argument %s (try --help)\n", argv[1]);
		return 2;
	}
	db = open_kiosk_db(o, 0, &err);
	if (db == NULL) {
		fprintf(stderr, "vitrina status: %s\n", err);
		free(err);
		return 1;
	}
	if (sync_status_read(db, &st, &err) < 0) {
		fprintf(stderr, "vitrina status: %s\n", err);
		free(err);
		sqlite3_close(db);
		return 1;
	}
	rejected = count_rejected(db);
	sqlite3_close(db);

	print_status(o, &st, rejected);
	return 0;
}
