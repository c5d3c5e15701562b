/* GET /v1/snapshot: the whole catalogue as one ready SQLite file (DESIGN §4), and the
 * keeper that builds it. A builder thread brings a working catalogue file up to date
 * from the same pages GET /v1/cases sends (only the changes since its last build) and
 * copies it out as the next snapshot; requests get the current file meanwhile. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hub.h"
#include "snapshot.h"

#define PAGE_LIMIT   "5000"     /* changes a feed page holds while building */
#define BUILD_GAP_MS 3000       /* from the end of one build to the start of the next */
#define RETRY_S      5          /* Retry-After while there is no snapshot yet */
#define SKIPS_LOGGED 5          /* bad items named in the log per build */

struct snapshots {
	struct store *store;
	char *dir, *work;
	sqlite3 *db;                    /* the working file (builder thread only) */
	pthread_t thread;
	atomic_int stop;
	_Atomic int64_t checked_ms;     /* when the public pages last asked the store */
	int64_t skipped;                /* bad items in this build (builder thread only) */

	pthread_mutex_t lock;           /* everything below */
	pthread_cond_t cond;            /* a build is wanted, or stop */
	int wanted;
	int have;                       /* a current snapshot: */
	char *path;
	int64_t seq, size;
	char digest[48];                /* base64 of the SHA-256 */
	char etag[48];                  /* N-16 hex characters of the SHA-256 */
};

/* ---- the builder ---- */

/* A feed page exactly as GET /v1/cases answers it, made by the same handler. */
static int feed_page(void *arg, int64_t since, char **text, size_t *len, char **err)
{
	struct snapshots *sn = arg;
	char since_s[24];
	struct hub_kv query[] = {{"since", since_s}, {"limit", PAGE_LIMIT}, {NULL, NULL}};
	struct hub_call c;
	struct reply r;

	snprintf(since_s, sizeof since_s, "%" PRId64, since);
	memset(&c, 0, sizeof c);
	memset(&r, 0, sizeof r);
	c.store = sn->store;
	c.method = "GET";
	c.path = "/v1/cases";
	c.query = query;
	api_cases(&c, &r);
	if (r.status != 200) {
		buf_free(&r.body);
		return set_error(err, "the catalogue feed answered %u", r.status);
	}
	*len = r.body.len;
	*text = buf_take(&r.body);
	return 0;
}

static void skipped(void *arg, const char *what, const char *id, const char *why)
{
	struct snapshots *sn = arg;

	if (sn->skipped++ < SKIPS_LOGGED)
		hub_log(HUB_WARN, "snapshot: %s %s left out: %s", what, id ? id : "(no id)", why);
}

/* Make file (with its seq, size and hash) the current snapshot and delete the one it
 * replaces (requests sending it keep their open file). */
static void publish(struct snapshots *sn, const char *file, const struct snapshot_file *f)
{
	static const char hex[] = "0123456789abcdef";
	char *old;
	int i, k;

	pthread_mutex_lock(&sn->lock);
	old = sn->path;
	sn->path = xstrdup(file);
	sn->have = 1;
	sn->seq = f->seq;
	sn->size = f->size;
	EVP_EncodeBlock((unsigned char *)sn->digest, f->sha256, 32);
	i = snprintf(sn->etag, sizeof sn->etag, "%" PRId64 "-", f->seq);
	for (k = 0; k < 8; k++) {
		sn->etag[i++] = hex[f->sha256[k] >> 4];
		sn->etag[i++] = hex[f->sha256[k] & 15];
	}
	sn->etag[i] = '\0';
	pthread_mutex_unlock(&sn->lock);
	if (old != NULL && strcmp(old, file) != 0)
		unlink(old);
	free(old);
}

/* The feed position of the current snapshot, -1 if there is none. */
static int64_t current_seq(struct snapshots *sn)
{
	int64_t seq;

	pthread_mutex_lock(&sn->lock);
	seq = sn->have ? sn->seq : -1;
	pthread_mutex_unlock(&sn->lock);
	return seq;
}

/* A working file ahead of the store (the hub's database was restored from an older
 * backup) cannot be brought up to date: it is made again from the start. 0, or -1 with
 * *err set. */
static int work_ahead(struct snapshots *sn, char **err)
{
	int64_t last, have = snapshot_seq(sn->db, err);

	if (have < 0 || store_catalogue_last_seq(sn->store, &last, err) < 0)
		return -1;
	if (have <= last)
		return 0;
	hub_log(HUB_WARN, "snapshot: the working copy holds change %" PRId64 ", the database "
		"only %" PRId64 " (restored from a backup?): building it again", have, last);
	sqlite3_close(sn->db);
	unlink(sn->work);
	sn->db = snapshot_open_work(sn->work, err);
	return sn->db != NULL ? 0 : -1;
}

/* Bring the working file up to date and, if it moved past the current snapshot, copy
 * it out as the next one. 0, or -1 with *err set (the current snapshot stays). */
static int build(struct snapshots *sn, char **err)
{
	struct snapshot_source src = {feed_page, sn, skipped, sn, &sn->stop};
	struct snapshot_file f;
	int64_t t0 = now_ms_monotonic(), seq;
	char *file, note[48];
	int rc;

	if (sn->db == NULL) {
		sn->db = snapshot_open_work(sn->work, err);
		if (sn->db == NULL)
			return -1;
	}
	if (work_ahead(sn, err) < 0)
		return -1;
	sn->skipped = 0;
	if (snapshot_update(sn->db, &src, &seq, err) < 0) {
		/* opened afresh (and checked) next time */
		sqlite3_close(sn->db);
		sn->db = NULL;
		return -1;
	}
	if (seq == current_seq(sn))
		return 0;
	file = xasprintf("%s/snapshot-%" PRId64 ".db", sn->dir, seq);
	rc = snapshot_export(sn->db, file, &sn->stop, &f, err);
	if (rc == 0) {
		publish(sn, file, &f);
		snprintf(note, sizeof note, " (%" PRId64 " bad items left out)", sn->skipped);
		hub_log(HUB_INFO, "snapshot %" PRId64 ": %" PRId64 " bytes in %" PRId64 " ms%s",
			seq, f.size, now_ms_monotonic() - t0, sn->skipped ? note : "");
	}
	free(file);
	return rc;
}

/* The seq in a snapshot file's name "snapshot-N.db", -1 if it is not one. */
static int64_t name_seq(const char *name)
{
	long n;
	char digits[24];
	size_t len = strlen(name);

	if (strncmp(name, "snapshot-", 9) != 0 || len < 13 || len - 12 >= sizeof digits ||
	    strcmp(name + len - 3, ".db") != 0)
		return -1;
	memcpy(digits, name + 9, len - 12);
	digits[len - 12] = '\0';
	return parse_long(digits, 0, LONG_MAX, &n) == 0 ? n : -1;
}

/* Take up the newest snapshot a previous run left in the folder, if it checks out;
 * delete older ones and half-made copies. */
static void adopt(struct snapshots *sn)
{
	DIR *d = opendir(sn->dir);
	struct dirent *e;
	struct snapshot_file f;
	char *best = NULL, *err = NULL;
	int64_t best_seq = -1, seq, last;

	while (d != NULL && (e = readdir(d)) != NULL) {
		char *path;

		if (strncmp(e->d_name, "snapshot-", 9) != 0)
			continue;
		path = xasprintf("%s/%s", sn->dir, e->d_name);
		seq = name_seq(e->d_name);
		if (seq > best_seq) {
			if (best != NULL)
				unlink(best);
			free(best);
			best = path;
			best_seq = seq;
			continue;
		}
		unlink(path);
		free(path);
	}
	if (d != NULL)
		closedir(d);
	if (best == NULL)
		return;
	if (snapshot_inspect(best, &f, &err) < 0 || f.seq != best_seq) {
		hub_log(HUB_WARN, "snapshot: %s is not usable (%s), building a new one", best,
			err ? err : "its seq does not match its name");
		unlink(best);
	} else if (store_catalogue_last_seq(sn->store, &last, NULL) == 0 && f.seq > last) {
		hub_log(HUB_WARN, "snapshot: %s is ahead of the database (restored from a "
			"backup?), building a new one", best);
		unlink(best);
	} else {
		publish(sn, best, &f);
		hub_log(HUB_INFO, "snapshot %" PRId64 ": taken up from the last run", f.seq);
	}
	free(err);
	free(best);
}

/* Wait until a build is wanted and the gap after the last one has passed: 1, or 0 to
 * stop. Under sn->lock. */
static int wait_turn(struct snapshots *sn, int64_t last_end_ms)
{
	for (;;) {
		int64_t wait_ms = last_end_ms + BUILD_GAP_MS - now_ms_monotonic();
		struct timespec ts;

		if (atomic_load(&sn->stop))
			return 0;
		if (!sn->wanted) {
			pthread_cond_wait(&sn->cond, &sn->lock);
			continue;
		}
		if (last_end_ms == 0 || wait_ms <= 0)
			return 1;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += wait_ms / 1000;
		ts.tv_nsec += (wait_ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&sn->cond, &sn->lock, &ts);
	}
}

/* build() while this hub holds the build lock of the hubs that share its database
 * (PostgreSQL); while another one builds, this build is wanted again after the gap. */
static int build_in_turn(struct snapshots *sn, char **err)
{
	int rc = store_build_lock(sn->store, err);

	if (rc == 0) {
		pthread_mutex_lock(&sn->lock);
		sn->wanted = 1;
		pthread_mutex_unlock(&sn->lock);
		return 0;
	}
	if (rc < 0)
		return -1;
	rc = build(sn, err);
	store_build_unlock(sn->store);
	return rc;
}

static void *builder(void *arg)
{
	struct snapshots *sn = arg;
	int64_t last_end_ms = 0;
	char *err = NULL;

	adopt(sn);
	pthread_mutex_lock(&sn->lock);
	while (wait_turn(sn, last_end_ms)) {
		sn->wanted = 0;
		pthread_mutex_unlock(&sn->lock);
		if (build_in_turn(sn, &err) < 0 && !atomic_load(&sn->stop))
			hub_log(HUB_ERR, "snapshot: the build failed, the last one stays: %s", err);
		free(err);
		err = NULL;
		last_end_ms = now_ms_monotonic();
		pthread_mutex_lock(&sn->lock);
	}
	pthread_mutex_unlock(&sn->lock);
	return NULL;
}

/* Ask for a build (it starts when the builder is free and the gap has passed). */
static void want_build(struct snapshots *sn)
{
	pthread_mutex_lock(&sn->lock);
	sn->wanted = 1;
	pthread_cond_signal(&sn->cond);
	pthread_mutex_unlock(&sn->lock);
}

struct snapshots *snapshots_start(struct store *s, const char *dir, char **err)
{
	struct snapshots *sn;
	pthread_condattr_t ca;
	struct stat st;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		set_error(err, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode) || access(dir, W_OK | X_OK) < 0) {
		set_error(err, "%s: not a folder this hub can write to", dir);
		return NULL;
	}
	sn = xcalloc(1, sizeof *sn);
	sn->store = s;
	sn->dir = xstrdup(dir);
	sn->work = xasprintf("%s/work.db", dir);
	sn->wanted = 1;
	pthread_mutex_init(&sn->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&sn->cond, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&sn->thread, NULL, builder, sn) != 0) {
		set_error(err, "cannot start the snapshot thread");
		pthread_mutex_destroy(&sn->lock);
		pthread_cond_destroy(&sn->cond);
		free(sn->dir);
		free(sn->work);
		free(sn);
		return NULL;
	}
	return sn;
}

void snapshots_stop(struct snapshots *sn)
{
	if (sn == NULL)
		return;
	pthread_mutex_lock(&sn->lock);
	atomic_store(&sn->stop, 1);
	pthread_cond_signal(&sn->cond);
	pthread_mutex_unlock(&sn->lock);
	pthread_join(sn->thread, NULL);
	sqlite3_close(sn->db);
	pthread_mutex_destroy(&sn->lock);
	pthread_cond_destroy(&sn->cond);
	free(sn->path);
	free(sn->dir);
	free(sn->work);
	free(sn);
}

/* ---- the endpoint ---- */

/* If-None-Match names etag (or is "*"): a list of quoted tags, weak ones too. */
int hub_etag_matches(const char *inm, const char *etag)
{
	size_t n = strlen(etag);
	const char *p = inm;

	if (inm == NULL)
		return 0;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (*p == '"' && strncmp(p + 1, etag, n) == 0 && p[n + 1] == '"')
			return 1;
		p += strcspn(p, ",");
	}
	return 0;
}

/* 1 if the catalogue has changes after seq (then a build is asked for). */
static int behind(const struct hub_call *c, int64_t seq)
{
	struct catalogue_change *ch = NULL;
	char *err = NULL;
	int n = 0, more = 0;

	if (store_catalogue_changes(c->store, seq, 1, &ch, &n, &more, &err) < 0) {
		hub_db_failed(c, err);
		return 0;
	}
	store_changes_list_free(ch, n);
	return n > 0;
}

void api_snapshot(const struct hub_call *c, struct reply *r)
{
	struct snapshots *sn = c->snapshots;
	char etag[48], digest[48];
	int64_t seq = 0, size = 0;
	int have, fd = -1;

	if (sn == NULL) {
		reply_error(r, 503, "unavailable", "This hub keeps no catalogue snapshot");
		return;
	}
	pthread_mutex_lock(&sn->lock);
	have = sn->have;
	if (have) {
		seq = sn->seq;
		size = sn->size;
		snprintf(etag, sizeof etag, "%s", sn->etag);
		snprintf(digest, sizeof digest, "%s", sn->digest);
		/* opened under the lock: the file is never deleted in between */
		fd = open(sn->path, O_RDONLY | O_CLOEXEC);
		/* gone from under the hub (someone cleaned the folder): make it again */
		if (fd < 0)
			sn->have = 0;
	}
	pthread_mutex_unlock(&sn->lock);
	if (!have || fd < 0) {
		want_build(sn);
		r->retry_after = RETRY_S;
		reply_error(r, 503, "unavailable", "The catalogue snapshot is being made; try "
			    "again in %d s", RETRY_S);
		return;
	}
	snprintf(r->etag, sizeof r->etag, "%s", etag);
	r->cache_control = "no-cache";
	if (hub_etag_matches(call_header(c, "If-None-Match"), etag)) {
		close(fd);
		r->status = 304;
		return;
	}
	if (behind(c, seq))
		want_build(sn);
	r->status = 200;
	r->content_type = "application/vnd.sqlite3";
	r->has_file = 1;
	r->file_fd = fd;
	r->file_size = size;
	snprintf(r->seq, sizeof r->seq, "%" PRId64, seq);
	snprintf(r->digest, sizeof r->digest, "sha-256=%s", digest);
}

/* ---- for the public pages ---- */

int snapshots_current(struct snapshots *sn, const struct hub_call *c, char tag[48])
{
	int64_t seq, now = now_ms_monotonic(), last = atomic_load(&sn->checked_ms);

	pthread_mutex_lock(&sn->lock);
	seq = sn->have ? sn->seq : -1;
	snprintf(tag, 48, "%s", sn->have ? sn->etag : "");
	pthread_mutex_unlock(&sn->lock);
	/* one look at the store a second, whoever asks */
	if (seq < 0 || (now - last >= 1000 && atomic_compare_exchange_strong(&sn->checked_ms,
									      &last, now) &&
			behind(c, seq)))
		want_build(sn);
	return seq < 0 ? -1 : 0;
}

sqlite3 *snapshots_open(struct snapshots *sn, char tag[48])
{
	sqlite3 *db = NULL;

	pthread_mutex_lock(&sn->lock);
	/* opened under the lock: the file is never deleted in between */
	if (sn->have && sqlite3_open_v2(sn->path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		db = NULL;
	}
	snprintf(tag, 48, "%s", db != NULL ? sn->etag : "");
	pthread_mutex_unlock(&sn->lock);
	return db;
}
