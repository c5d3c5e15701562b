/* `vitrina sync` and `vitrina status` (DESIGN §5, §7). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "catalogue.h"
#include "cli.h"
#include "db.h"
#include "outbox.h"
#include "sync.h"
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

/* One sync at a time per database: an advisory lock on a file beside it. Returns the
 * lock's fd, -2 if another process holds it, -1 if it cannot be made. */
static int take_lock(const char *db_path)
{
	struct flock fl;
	char *path;
	int fd;

	if (strcmp(db_path, ":memory:") == 0)
		return -1;
	path = xasprintf("%s.sync-lock", db_path);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	if (fd < 0)
		return -1;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) < 0) {
		close(fd);
		return errno == EACCES || errno == EAGAIN ? -2 : -1;
	}
	return fd;
}

/* Create the folders above path (like mkdir -p of its dirname). */
static int make_parent(const char *path, char **err)
{
	char *p = xstrdup(path), *slash;

	for (slash = strchr(p + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(p, 0770) < 0 && errno != EEXIST) {
			set_error(err, "%s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		*slash = '/';
	}
	free(p);
	return 0;
}

/* The kiosk database without seeding the sample catalogue: the sync's catalogue is
 * the hub's. status only reads one that exists. */
static sqlite3 *open_kiosk_db(const struct options *o, int create, char **err)
{
	const char *path = o->cfg.db;

	if (strcmp(path, ":memory:") != 0) {
		if (!create && access(path, F_OK) != 0) {
			set_error(err, "no kiosk database at %s yet", path);
			return NULL;
		}
		if (create && make_parent(path, err) < 0)
			return NULL;
	}
	return db_open(path, &kiosk_schema, err);
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
	lock = take_lock(o->cfg.db);
	if (lock == -2) {
		if (as_daemon) {
			fputs("vitrina sync: another sync is already running\n", stderr);
		} else if (sync_request_now(db, &err) == 0) {
			puts("The sync service is running; it will sync now (see vitrina status).");
			rc = 0;
		} else {
			fprintf(stderr, "vitrina sync: %s\n", err);
		}
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

/* "5 min", "2 h 10 min", "3 days" */
static void span(int64_t secs, char *out, size_t n)
{
	if (secs < 0)
		secs = -secs;
	if (secs < 60)
		snprintf(out, n, "%lld s", (long long)secs);
	else if (secs < 3600)
		snprintf(out, n, "%lld min", (long long)(secs / 60));
	else if (secs < 48 * 3600)
		snprintf(out, n, "%lld h %lld min", (long long)(secs / 3600),
			 (long long)(secs % 3600 / 60));
	else
		snprintf(out, n, "%lld days", (long long)(secs / 86400));
}

/* "2026-11-30 14:05 (5 min ago)" in local time, or "never". */
static void when(int64_t t, int64_t now, char *out, size_t n)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char date[32], d[32];

	if (t <= 0) {
		snprintf(out, n, "%s", "never");
		return;
	}
	localtime_r(&tt, &tm);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm);
	span(now - t, d, sizeof d);
	if (now - t < 60 && t - now < 60)
		snprintf(out, n, "%s (%s)", date, t <= now ? "just now" : "in under a minute");
	else if (t <= now)
		snprintf(out, n, "%s (%s ago)", date, d);
	else
		snprintf(out, n, "%s (in %s)", date, d);
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

int cmd_status(const struct options *o, int argc, char **argv)
{
	struct sync_status st;
	sqlite3 *db;
	char *err = NULL, *shown, t[96], d[32];
	int64_t now = (int64_t)time(NULL), rejected;
	const char *hub = o->cfg.hub_url;

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

	printf("Kiosk:          %s (%s)\n", o->cfg.kiosk_id, o->cfg.centre_name);
	shown = url_hide_userinfo(hub);
	printf("Hub:            %s\n", shown ? shown : "none configured: sync is off");
	free(shown);
	if (hub == NULL)
		printf("Authorised:     -\n");
	else if (st.authorised && st.last_success == 0)
		printf("Authorised:     not known yet (the hub has not been reached)\n");
	else if (st.authorised)
		printf("Authorised:     yes\n");
	else
		printf("Authorised:     NO: kiosk not authorised; ask central staff for a new "
			 "token\n");
	if (st.cases >= 0)
		printf("Catalogue:      %lld cases, up to change %lld\n", (long long)st.cases,
		       (long long)st.seq);
	else
		printf("Catalogue:      up to change %lld\n", (long long)st.seq);
	if (st.outbox_depth > 0) {
		span(st.outbox_oldest_s, d, sizeof d);
		printf("Outbox:         %lld requests waiting, the oldest for %s\n",
		       (long long)st.outbox_depth, d);
	} else {
		printf("Outbox:         empty, every request has reached the hub\n");
	}
	if (rejected > 0)
		printf("Refused:        %lld requests refused by the hub are kept; see "
		       "vitrina outbox\n                (vitrina outbox --retry sends them "
		       "again once the cause is fixed)\n", (long long)rejected);
	when(st.last_success, now, t, sizeof t);
	printf("Last sync:      %s\n", t);
	when(st.last_attempt, now, t, sizeof t);
	printf("Last attempt:   %s\n", t);
	if (st.last_error[0] != '\0') {
		when(st.last_error_at, now, t, sizeof t);
		printf("Last error:     %s\n                %s%s\n", t, st.last_error,
		       st.last_error_at < st.last_success ? " (since solved)" : "");
	} else {
		printf("Last error:     none\n");
	}
	if (st.failures > 0)
		printf("Failures:       %d in a row\n", st.failures);
	if (st.daemon_pid > 0) {
		when(st.next_attempt, now, t, sizeof t);
		printf("Sync service:   running; next attempt %s\n", t);
	} else {
		printf("Sync service:   not running\n");
	}
	return 0;
}
