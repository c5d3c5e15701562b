#include "sync.h"
#include "sync_state.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "catalogue_db.h"
#include "counters.h"
#include "db.h"
#include "feed.h"
#include "hubclient.h"
#include "outbox.h"
#include "progress.h"
#include "request.h"
#include "text.h"
#include "util.h"

#define BATCH_MAX       100                     /* requests per POST (DESIGN §4) */
#define BODY_MAX        (1024 * 1024)           /* a POST body the hub takes */
#define ANSWER_MAX      (64 * 1024 * 1024)      /* the most we read of an answer */
#define RETRY_AFTER_MAX 3600                    /* seconds: never wait longer for a hint */
#define ERROR_COLS      200                     /* how much of a hub message we keep */
#define NOT_AUTHORISED  "kiosk not authorised"
#define SNAPSHOT_PAGES  20                      /* pages in a round before a snapshot */
#define SNAPSHOT_MAX    (4LL << 30)             /* bytes of a snapshot at most */
#define SNAPSHOT_TYPE   "application/vnd.sqlite3"

static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t wake_flag;

struct sync {
	sqlite3 *db;
	const struct config *cfg;
	CURL *curl;                     /* one handle: its connection is kept between calls */
	struct hubclient_opts hub;      /* hub.token is secret: only ever in the header */
	char *token;
	char token_hash[65];
	int64_t backoff_ms, backoff_max_ms;
	int page;                       /* catalogue changes asked per page */
	int cur_page;                   /* smaller after a page timed out on a slow link */
	size_t answer_max;
	bool die_after_push;
	int64_t wait_ms;                /* chosen by the last round */
	bool wrong_kiosk;               /* the hub said the token is for another kiosk */
	bool same_token;                /* skipped: this token was refused before */
	bool progress;                  /* show progress on stderr (sync --once) */
	int snapshot_pages;             /* pages behind that make a snapshot worth it; 0 off */
	int64_t snapshot_max;           /* bytes of a snapshot at most */
	long snapshot_ms;               /* total time for a snapshot's download */

	/* the current round */
	int64_t retry_after_s;          /* the hub's Retry-After, -1 if none */
	int64_t pushed, rejected, pulled, skipped;
	char *error;                    /* why the round failed */
	char *note;                     /* something to tell although the round worked */
	int64_t snap_seq;               /* the snapshot swapped in this round, -1 if none */
	int64_t snap_bytes;
	int64_t snap_dl;                /* bytes of it shown as progress so far */
	char *snap_note;                /* why no snapshot was used, NULL if one was or none
					 * was asked for */
};

void sync_stop(void)
{
	stop_flag = 1;
}

void sync_wake(void)
{
	wake_flag = 1;
}

int64_t sync_backoff_ms(int failures, int64_t base_ms, int64_t max_ms)
{
	int64_t w = base_ms > 0 ? base_ms : 1;
	uint32_t r;
	int i;

	for (i = 1; i < failures && w < max_ms; i++)
		w *= 2;
	if (w > max_ms)
		w = max_ms;
	/* Jitter in [w/2, w]: kiosks that lost the hub together do not return together,
	 * and the wait still never shrinks from one failure to the next. */
	random_bytes(&r, sizeof r);
	return w - w / 2 + (int64_t)(r % (uint64_t)(w / 2 + 1));
}

/* ---- the token ---- */

/* Read the token file: the token and the hash of the file's content. */
static int load_token(struct sync *s, char **err)
{
	wipe_string(&s->token);
	s->hub.token = NULL;
	if (s->cfg->token_file == NULL)
		return set_error(err, "no token_file in the config");
	s->token = hubclient_token_read(s->cfg->token_file, s->token_hash, err);
	s->hub.token = s->token;
	return s->token != NULL ? 0 : -1;
}

/* 1 if the token file now differs from the one with hash before. */
static int token_changed(struct sync *s, const char *before)
{
	char hash[65];

	hubclient_token_hash(s->cfg->token_file, hash);
	return hash[0] != '\0' && strcmp(hash, before) != 0;
}

/* ---- HTTP ---- */

/* path starts with "/v1/". body NULL makes a GET. Fills *a; the caller frees it with
 * hubclient_answer_free. */
static void http(struct sync *s, const char *path, const char *body, size_t body_len,
		 struct hubclient_answer *a)
{
	struct curl_slist *h = NULL;

	memset(a, 0, sizeof *a);
	curl_easy_reset(s->curl);
	hubclient_setup(s->curl, &s->hub, path, NULL, body != NULL ? "POST" : "GET", body,
			body_len, &h, a, s->answer_max);
	hubclient_done(a, curl_easy_perform(s->curl));
	curl_easy_setopt(s->curl, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(s->curl, CURLOPT_POSTFIELDS, NULL);
	curl_slist_free_all(h);
	if (a->retry_after_s > s->retry_after_s)
		s->retry_after_s = a->retry_after_s;
}

/* Text from the hub, made safe to store and show: sanitised and cut short. */
static char *safe_text(const char *t, size_t n)
{
	char *clean = text_sanitize(t, n, 0);
	char *cut = xstrndup(clean, text_fit(clean, ERROR_COLS));

	free(clean);
	return cut;
}

/* "what: problem" for a failed exchange (never the token). */
static char *describe(const struct hubclient_answer *a, const char *what)
{
	char *m = hubclient_problem(a), *r;

	r = xasprintf("%s: %s", what, m != NULL ? m : "the hub's answer could not be used");
	free(m);
	return r;
}

static void round_error(struct sync *s, char *msg)
{
	if (s->error == NULL)
		s->error = msg;
	else
		free(msg);
}

static void round_note(struct sync *s, char *msg)
{
	if (s->note == NULL)
		s->note = msg;
	else
		free(msg);
}

static bool refused(const struct hubclient_answer *a)
{
	return a->rc == CURLE_OK && (a->status == 401 || a->status == 403);
}

/* ---- push ---- */

static char *batch_json(struct request *reqs, int n)
{
	json_t *root = json_object(), *arr = json_array();
	char *s;
	int i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, request_to_json(&reqs[i]));
	json_object_set_new(root, "requests", arr);
	s = json_dump_string(root, JSON_COMPACT);
	json_decref(root);
	return s;
}

static bool in_batch(struct request *reqs, int n, const char *id)
{
	int i;

	for (i = 0; i < n; i++) {
		if (strcmp(reqs[i].id, id) == 0)
			return true;
	}
	return false;
}

static int mark_failed_all(struct sync *s, struct request *reqs, int n, const char *why)
{
	const char **ids = xcalloc((size_t)n, sizeof *ids);
	char *err = NULL;
	int i, rc;

	for (i = 0; i < n; i++)
		ids[i] = reqs[i].id;
	rc = outbox_mark_failed(s->db, ids, n, why, &err);
	if (rc < 0)
		round_error(s, xasprintf("outbox: %s", err));
	free(ids);
	free(err);
	return rc;
}

/* A refusal in the hub's per-request list that is about the token, not the request:
 * "forbidden" (the kiosk_id is not the one the token was made for) or a 401/403 status.
 * Such a request is not at fault and must not be set aside for good. */
static bool item_refused(json_t *v)
{
	const char *code = json_string_value(json_object_get(v, "code"));
	json_int_t status = json_integer_value(json_object_get(v, "status"));

	return (code != NULL && (strcmp(code, "forbidden") == 0 ||
				 strcmp(code, "unauthorized") == 0 ||
				 strcmp(code, "unauthorised") == 0)) ||
	       status == 401 || status == 403;
}

/* Apply the hub's {"accepted":[...], "rejected":[...]} to the outbox. Returns 0 when
 * every request of the batch was answered for, -1 otherwise. */
static int apply_verdicts(struct sync *s, struct request *reqs, int n,
			  const struct hubclient_answer *a)
{
	json_t *j = json_loadb(a->body.s ? a->body.s : "", a->body.len, 0, NULL);
	json_t *acc, *rej, *v;
	const char **ids;
	bool *done;
	char *err = NULL;
	size_t i;
	int k, nacc = 0, rc = 0;
	bool unauth = false;

	acc = json_object_get(j, "accepted");
	rej = json_object_get(j, "rejected");
	if (j == NULL || !json_is_array(acc) || (rej != NULL && !json_is_array(rej))) {
		json_decref(j);
		round_error(s, xstrdup("sending requests: the hub's answer is not the expected "
				       "JSON"));
		mark_failed_all(s, reqs, n, "the hub's answer could not be read");
		return -1;
	}
	ids = xcalloc((size_t)n, sizeof *ids);
	done = xcalloc((size_t)n, sizeof *done);
	json_array_foreach(acc, i, v) {
		const char *id = json_string_value(v);

		for (k = 0; id != NULL && k < n; k++) {
			if (!done[k] && strcmp(reqs[k].id, id) == 0) {
				done[k] = true;
				ids[nacc++] = reqs[k].id;
			}
		}
	}
	if (outbox_mark_accepted(s->db, ids, nacc, &err) < 0) {
		round_error(s, xasprintf("outbox: %s", err));
		rc = -1;
	} else {
		s->pushed += nacc;
	}
	json_array_foreach(rej, i, v) {
		const char *id = json_string_value(json_object_get(v, "id"));
		const char *why = json_string_value(json_object_get(v, "error"));
		char *reason;

		if (id == NULL || !in_batch(reqs, n, id))
			continue;
		for (k = 0; k < n; k++) {
			if (!done[k] && strcmp(reqs[k].id, id) == 0)
				break;
		}
		if (k == n)
			continue;
		if (item_refused(v) && s->cfg->kiosk_id != NULL &&
		    strcmp(reqs[k].kiosk_id, s->cfg->kiosk_id) == 0) {
			/* Not the request's fault: the token is not for this kiosk. The
			 * request stays pending, untouched, until a right token is put.
			 * (One made under an earlier kiosk_id is refused for good below:
			 * no token for this kiosk would ever take it.) */
			done[k] = true;
			s->wrong_kiosk = true;
			unauth = true;
			continue;
		}
		done[k] = true;
		reason = safe_text(why ? why : "rejected", strlen(why ? why : "rejected"));
		if (outbox_mark_rejected(s->db, reqs[k].id, reason, &err) < 0) {
			round_error(s, xasprintf("outbox: %s", err));
			rc = -1;
		} else {
			s->rejected++;
		}
		free(reason);
	}
	/* One the hub did not mention stays pending and counts as a failed attempt. */
	nacc = 0;
	for (k = 0; k < n; k++) {
		if (!done[k])
			ids[nacc++] = reqs[k].id;
	}
	if (nacc > 0) {
		if (outbox_mark_failed(s->db, ids, nacc, "the hub did not answer for it",
				       NULL) < 0)
			rc = -1;
		round_error(s, xasprintf("sending requests: the hub did not answer for %d of "
					 "them", nacc));
		rc = -1;
	}
	free(err);
	free(ids);
	free(done);
	json_decref(j);
	return unauth ? 1 : rc;
}

/* Push reqs[0..n). Returns 0, -1 (failed: stop pushing) or 1 (not authorised). */
static int push_batch(struct sync *s, struct request *reqs, int n)
{
	struct hubclient_answer a;
	char *body, *why;
	size_t len;
	int rc;

	body = batch_json(reqs, n);
	if (body == NULL) {
		round_error(s, xstrdup("sending requests: they cannot be written as JSON"));
		return -1;
	}
	len = strlen(body);
	if (len > BODY_MAX && n > 1) {
		wipe_free(body, len);
		rc = push_batch(s, reqs, n / 2);
		return rc != 0 ? rc : push_batch(s, reqs + n / 2, n - n / 2);
	}
	http(s, "/v1/requests", body, len, &a);
	wipe_free(body, len);
	if (a.rc == CURLE_OK && a.status == 200) {
		if (s->die_after_push) {
			/* Test hook (VITRINA_SYNC_DIE_AFTER_PUSH=1): the hub has committed, the
			 * kiosk has not recorded it; a crash at the worst moment. */
			_exit(99);
		}
		rc = apply_verdicts(s, reqs, n, &a);
		hubclient_answer_free(&a);
		return rc;
	}
	if (refused(&a)) {
		hubclient_answer_free(&a);
		return 1;
	}
	if (a.rc == CURLE_OK && (a.status == 400 || a.status == 409 || a.status == 413 ||
				 a.status == 415 || a.status == 422)) {
		/* The hub refused the batch as a whole: find the one it minds by halves,
		 * and keep that one aside with the hub's reason. */
		if (n > 1) {
			hubclient_answer_free(&a);
			rc = push_batch(s, reqs, n / 2);
			return rc != 0 ? rc : push_batch(s, reqs + n / 2, n - n / 2);
		}
		why = describe(&a, "the hub refused it");
		hubclient_answer_free(&a);
		rc = outbox_mark_rejected(s->db, reqs[0].id, why, NULL);
		free(why);
		if (rc < 0) {
			round_error(s, xstrdup("outbox: cannot record a rejected request"));
			return -1;
		}
		s->rejected++;
		return 0;
	}
	why = describe(&a, "sending requests");
	hubclient_answer_free(&a);
	mark_failed_all(s, reqs, n, why);
	round_error(s, why);
	return -1;
}

/* Send the whole outbox. 0, -1 failed, 1 not authorised, 2 stopped. */
static int push_all(struct sync *s, int64_t depth);

/* Send the outbox, with progress when asked for. */
static int push(struct sync *s)
{
	char *err = NULL;
	int64_t depth = 0, oldest;
	int rc;

	if (outbox_depth(s->db, &depth, &oldest, &err) < 0) {
		round_error(s, xasprintf("outbox: %s", err));
		free(err);
		return -1;
	}
	if (s->progress)
		progress_start(depth, "sending requests");
	rc = push_all(s, depth);
	progress_end();
	return rc;
}

static int push_all(struct sync *s, int64_t depth)
{
	struct request *reqs = NULL;
	char *err = NULL;
	int n = 0, i, rc = 0, rounds = 0;

	/* Bounded: a request the hub keeps neither accepting nor refusing cannot keep
	 * us here forever; what is left waits for the next round. */
	while (rounds++ <= depth / BATCH_MAX + 2) {
		if (stop_flag)
			return 2;
		if (outbox_next_batch(s->db, BATCH_MAX, &reqs, &n, &err) < 0) {
			round_error(s, xasprintf("outbox: %s", err));
			free(err);
			return -1;
		}
		if (n == 0)
			return 0;
		rc = push_batch(s, reqs, n);
		for (i = 0; i < n; i++)
			outbox_request_wipe(&reqs[i]);
		free(reqs);
		if (rc != 0)
			return rc;
		progress_step(n);
	}
	return 0;
}

/* ---- pull ---- */

static void skipped_item(void *arg, const char *what, const char *id, const char *why)
{
	struct sync *s = arg;
	char *m = xasprintf("%s %s: %s", what, id ? id : "(no id)", why);

	s->skipped++;
	round_note(s, safe_text(m, strlen(m)));
	free(m);
}

/* Store one page and the cursor in one transaction. Returns 0, 1 if the cursor moved
 * under us (another sync ran), -1 with *err set. */
static int apply_page(struct sync *s, int64_t since, const struct feed_page *p, char **err)
{
	int64_t nums[2], cur;

	if (db_begin(s->db, err) < 0)
		return -1;
	cur = sync_state_seq(s->db, err);
	if (cur != since) {
		db_rollback(s->db);
		return cur < 0 ? -1 : 1;
	}
	if (feed_store(s->db, p, err) < 0)
		goto fail;
	nums[0] = p->next;
	nums[1] = p->items;
	if (sync_state_exec(s->db, "UPDATE catalogue_info SET seq = ?1 WHERE id = 1", nums, 1, NULL,
		       err) < 0 ||
	    sync_state_exec(s->db, "UPDATE sync_state SET seq = ?1, pulled = pulled + ?2"
		       " WHERE id = 1", nums, 2, NULL, err) < 0)
		goto fail;
	if (db_commit(s->db, err) < 0)
		goto fail;
	s->pulled += p->items;
	return 0;
fail:
	db_rollback(s->db);
	return -1;
}

/* Fetch pages until the hub has no more. 0, -1 failed, 1 not authorised, 2 stopped, 3
 * limit pages (if > 0) were stored and the hub has more. */
static int pull_pages(struct sync *s, int limit)
{
	int page = s->cur_page, moved = 0, rc, stored = 0;
	int64_t since, next, nitems;
	bool more;
	char *err = NULL, path[96];
	struct hubclient_answer a;
	struct feed_page pg;

	for (;;) {
		if (stop_flag)
			return 2;
		since = sync_state_seq(s->db, &err);
		if (since < 0) {
			round_error(s, xasprintf("catalogue: %s", err ? err : "no sync state"));
			free(err);
			return -1;
		}
		snprintf(path, sizeof path, "/v1/cases?since=%lld&limit=%d", (long long)since,
			 page);
		http(s, path, NULL, 0, &a);
		if (a.too_big && page > 1) {
			/* Ask for smaller pages rather than read without bound. */
			hubclient_answer_free(&a);
			page /= 2;
			continue;
		}
		if (refused(&a)) {
			hubclient_answer_free(&a);
			return 1;
		}
		if (a.rc != CURLE_OK || a.status != 200) {
			/* A page too slow for this link (a slow proxy): the next rounds ask
			 * for smaller ones, so the catalogue still moves on. */
			if (a.rc == CURLE_OPERATION_TIMEDOUT && a.body.len > 0)
				s->cur_page = page > 1 ? page / 2 : 1;
			round_error(s, describe(&a, "fetching the catalogue"));
			hubclient_answer_free(&a);
			return -1;
		}
		rc = feed_parse(a.body.s, a.body.len, &pg, skipped_item, s, &err);
		hubclient_answer_free(&a);
		if (rc < 0) {
			round_error(s, xasprintf("fetching the catalogue: %s", err));
			free(err);
			return -1;
		}
		if (pg.next < since) {
			round_error(s, xasprintf("fetching the catalogue: the hub went back from "
						 "change %lld to %lld", (long long)since,
						 (long long)pg.next));
			feed_page_free(&pg);
			return -1;
		}
		nitems = pg.items;
		next = pg.next;
		more = pg.more;
		rc = apply_page(s, since, &pg, &err);
		feed_page_free(&pg);
		if (rc == 0)
			progress_step(nitems);
		if (rc < 0) {
			round_error(s, xasprintf("catalogue: %s", err));
			free(err);
			return -1;
		}
		if (rc == 0 && s->cur_page < s->page) {
			/* A page got through: grow back towards the configured size. */
			s->cur_page = s->cur_page * 2 < s->page ? s->cur_page * 2 : s->page;
		}
		if (rc == 1) {
			/* Another sync stored pages meanwhile: go on from where it got. */
			if (++moved > 100) {
				round_error(s, xstrdup("catalogue: another sync keeps changing it"));
				return -1;
			}
			continue;
		}
		if (!more)
			break;
		if (limit > 0 && ++stored >= limit)
			return 3;
		if (next == since) {
			round_error(s, xstrdup("fetching the catalogue: the hub says there is "
					       "more but sends nothing"));
			return -1;
		}
	}
	return 0;
}

/* A kiosk fetching its whole catalogue loads it in bulk: the search indexes merge once
 * at the end instead of after every page. A pull that died half way is finished off by
 * the next one, which ends bulk loading whatever happens. limit as in pull_pages. */
static int page_on(struct sync *s, int limit)
{
	char *err = NULL;
	int64_t since = sync_state_seq(s->db, NULL);
	bool bulk = since == 0 || catalogue_bulk_active(s->db);
	int rc;

	if (bulk && catalogue_bulk(s->db, true, NULL) < 0)
		bulk = false;
	/* The hub does not say how many changes wait: a count, not a bar. */
	if (s->progress)
		progress_start(0, "fetching the catalogue");
	rc = pull_pages(s, limit);
	progress_end();
	if (bulk && catalogue_bulk(s->db, false, &err) < 0 && rc == 0) {
		round_error(s, xasprintf("catalogue: %s", err));
		rc = -1;
	}
	free(err);
	return rc;
}

/* ---- snapshot ---- */

/* Why the snapshot was not used: a note of the round, not an error (the pages still
 * bring the catalogue). Takes why. */
static int snapshot_skipped(struct sync *s, char *why)
{
	char *m = xasprintf("catalogue snapshot not used (%s); fetched page by page", why);

	free(why);
	free(s->snap_note);
	s->snap_note = m;
	return -1;
}

static int on_download(void *arg, curl_off_t total, curl_off_t now, curl_off_t ut,
		       curl_off_t un)
{
	struct sync *s = arg;

	(void)ut;
	(void)un;
	if (stop_flag)
		return 1;       /* curl stops with CURLE_ABORTED_BY_CALLBACK */
	if (s->progress && total > 0 && s->snap_dl == 0)
		progress_total((int64_t)total);
	if (s->progress && now > s->snap_dl) {
		progress_step((int64_t)now - s->snap_dl);
		s->snap_dl = (int64_t)now;
	}
	return 0;
}

/* The ETag of the snapshot swapped in last ("" if none) into etag. */
static void last_etag(struct sync *s, char *etag, size_t size)
{
	sqlite3_stmt *q = db_prepare(s->db, "SELECT snapshot_etag FROM sync_state WHERE id = 1",
				     NULL);
	const unsigned char *e;

	etag[0] = '\0';
	if (q != NULL && sqlite3_step(q) == SQLITE_ROW) {
		e = sqlite3_column_text(q, 0);
		snprintf(etag, size, "%s", e ? (const char *)e : "");
	}
	sqlite3_finalize(q);
}

/* GET /v1/snapshot into the file at tmp, never into memory. Fills *a (free it with
 * hubclient_answer_free) and *length (Content-Length, -1 if none). */
static void download(struct sync *s, const char *tmp, struct hubclient_answer *a,
		     int64_t *length)
{
	struct curl_slist *h = NULL;
	char etag[96], *line;
	curl_off_t cl = -1;
	FILE *f = fopen(tmp, "wb");

	memset(a, 0, sizeof *a);
	*length = -1;
	if (f == NULL) {
		a->sink_failed = true;
		return;
	}
	last_etag(s, etag, sizeof etag);
	if (etag[0] != '\0' && sync_state_seq(s->db, NULL) > 0) {
		line = xasprintf("If-None-Match: %s", etag);
		h = curl_slist_append(h, line);
		free(line);
	}
	a->sink = f;
	a->sink_max = s->snapshot_max;
	s->snap_dl = 0;
	curl_easy_reset(s->curl);
	hubclient_setup(s->curl, &s->hub, "/v1/snapshot", SNAPSHOT_TYPE, NULL, NULL, 0, &h, a,
			64 * 1024);
	curl_easy_setopt(s->curl, CURLOPT_TIMEOUT_MS, s->snapshot_ms);
	curl_easy_setopt(s->curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(s->curl, CURLOPT_XFERINFOFUNCTION, on_download);
	curl_easy_setopt(s->curl, CURLOPT_XFERINFODATA, s);
	if (s->progress)
		progress_start(0, "downloading the catalogue");
	hubclient_done(a, curl_easy_perform(s->curl));
	progress_end();
	curl_easy_getinfo(s->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
	*length = (int64_t)cl;
	curl_easy_setopt(s->curl, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(h);
	if (fclose(f) != 0)
		a->sink_failed = true;
	a->sink = NULL;
	if (a->retry_after_s > s->retry_after_s && a->status != 503)
		s->retry_after_s = a->retry_after_s;
}

/* What is wrong with a downloaded snapshot, or NULL: its length and digest against the
 * headers, then the file itself. */
static char *snapshot_problem(struct sync *s, struct hubclient_answer *a, int64_t length,
			      const char *tmp)
{
	char digest[64], *err = NULL, *why;

	if (a->seq < 0)
		return xstrdup("the hub sent no Vitrina-Seq");
	if (length < 0 || length != a->sink_bytes)
		return xasprintf("the download ended after %lld of %lld bytes",
				 (long long)a->sink_bytes, (long long)length);
	if (a->digest[0] == '\0')
		return xstrdup("the hub sent no Digest");
	if (hubclient_sink_digest(a, digest, sizeof digest) < 0 || strcmp(digest, a->digest) != 0)
		return xstrdup("its SHA-256 is not the one the hub sent in Digest");
	if (a->seq <= sync_state_seq(s->db, NULL))
		return xasprintf("the hub's snapshot (change %lld) is not newer than the "
				 "catalogue here", (long long)a->seq);
	if (db_catalogue_check(tmp, a->seq, &err) < 0) {
		why = xasprintf("the file fails its checks: %s", err);
		free(err);
		return why;
	}
	return NULL;
}

/* Download the hub's snapshot, check it and swap it in as the catalogue. 0 swapped, -1
 * not used (the old catalogue stays; a note says why), 1 not authorised, 2 stopped. */
static int snapshot(struct sync *s)
{
	struct hubclient_answer a;
	int64_t length, nums[3];
	char *tmp, *err = NULL, *why;
	int rc = -1;

	db_catalogue_temp_clean(s->db);
	tmp = db_catalogue_temp(s->db, &err);
	if (tmp == NULL)
		return snapshot_skipped(s, err);
	download(s, tmp, &a, &length);
	if (stop_flag) {
		rc = 2;
	} else if (refused(&a)) {
		rc = 1;
	} else if (a.rc == CURLE_OK && a.status == 304) {
		snapshot_skipped(s, xstrdup("the hub's snapshot is the one swapped in before"));
	} else if (a.too_big) {
		snapshot_skipped(s, xasprintf("it is larger than %lld KiB",
					      (long long)(s->snapshot_max >> 10)));
	} else if (a.sink_failed) {
		snapshot_skipped(s, xstrdup("cannot write it beside the catalogue (is the disk "
					    "full?)"));
	} else if (a.rc != CURLE_OK || a.status != 200) {
		why = a.rc == CURLE_OK && a.status == 404 ? xstrdup("the hub has none: "
			"an older hub") : describe(&a, "the hub's snapshot");
		snapshot_skipped(s, why);
	} else if ((why = snapshot_problem(s, &a, length, tmp)) != NULL) {
		snapshot_skipped(s, why);
	} else if (db_catalogue_install(s->db, tmp, &err) < 0) {
		snapshot_skipped(s, err);
		err = NULL;
	} else {
		rc = 0;
		s->snap_seq = a.seq;
		s->snap_bytes = a.sink_bytes;
		/* The pages stored before went with the old catalogue: the new one passed
		 * its own checks, and only pages stored after it need the index check. */
		s->pulled = 0;
		nums[0] = (int64_t)time(NULL);
		nums[1] = a.seq;
		nums[2] = a.seq;
		if (sync_state_exec(s->db, "UPDATE sync_state SET snapshot_at = ?1, snapshot_seq = ?2,"
			       " seq = ?3, snapshot_etag = ?4 WHERE id = 1", nums, 3, a.etag,
			       &err) < 0)
			fprintf(stderr, "vitrina sync: cannot record the snapshot: %s\n", err);
	}
	hubclient_answer_free(&a);
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	free(err);
	return rc;
}

/* A new kiosk, or one far behind, takes the hub's snapshot first (if it can), then pages
 * on from it. 0, -1 failed, 1 not authorised, 2 stopped. */
static int pull(struct sync *s)
{
	int rc;

	/* A new kiosk looks at the first page: a catalogue that fits on it needs none. */
	rc = page_on(s, s->snapshot_pages == 0 ? 0 : sync_state_seq(s->db, NULL) == 0 ? 1 :
		     s->snapshot_pages);
	if (rc == 3) {
		rc = snapshot(s);
		if (rc > 0)
			return rc;
		rc = page_on(s, 0);
	}
	return rc;
}

/* ---- heartbeat ---- */

static int heartbeat(struct sync *s)
{
	int64_t depth = 0, oldest = 0, seq;
	json_t *j, *counts;
	char *body, *err = NULL, last[11] = "";
	struct hubclient_answer a;
	int rc = 0;

	if (outbox_depth(s->db, &depth, &oldest, &err) < 0) {
		free(err);
		err = NULL;
	}
	seq = sync_state_seq(s->db, &err);
	free(err);
	/* uptime_s: CLOCK_MONOTONIC, the time since the kiosk booted (on Linux). */
	j = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I}", "version", VERSION,
		      "kiosk_id", s->cfg->kiosk_id ? s->cfg->kiosk_id : "",
		      "outbox", (json_int_t)depth, "seq", (json_int_t)(seq < 0 ? 0 : seq),
		      "uptime_s", (json_int_t)(now_ms_monotonic() / 1000),
		      "outbox_oldest_s", (json_int_t)oldest);
	/* Where the kiosk stands, so that the hub can show figures by place (DESIGN §3). */
	if (s->cfg->home_municipality != NULL)
		json_object_set_new(j, "municipality", json_string(s->cfg->home_municipality));
	/* The usage counts of the days not yet acknowledged (DESIGN §3): a day sent again
	 * replaces the hub's, so today's goes with every heartbeat. */
	counts = counters_heartbeat_json(s->db, last, &err);
	if (counts == NULL) {
		round_note(s, xasprintf("heartbeat: no usage counts: %s", err));
		free(err);
		err = NULL;
	} else if (json_array_size(counts) > 0) {
		json_object_set_new(j, "counters", counts);
	} else {
		json_decref(counts);
	}
	body = json_dump_string(j, JSON_COMPACT);
	json_decref(j);
	if (body == NULL) {
		round_note(s, xstrdup("heartbeat: cannot be written as JSON"));
		return 0;
	}
	http(s, "/v1/heartbeat", body, strlen(body), &a);
	free(body);
	if (refused(&a)) {
		rc = 1;
	} else if (a.rc != CURLE_OK || a.status < 200 || a.status > 299) {
		round_error(s, describe(&a, "heartbeat"));
		rc = -1;
	} else if (counters_acknowledged(s->db, last, &err) < 0) {
		round_note(s, xasprintf("heartbeat: usage counts kept: %s", err));
		free(err);
	}
	hubclient_answer_free(&a);
	return rc;
}

/* ---- rounds ---- */

struct sync *sync_new(sqlite3 *db, const struct config *cfg, char **err)
{
	struct sync *s;
	const struct config *c = cfg;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		set_error(err, "network: libcurl cannot start");
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->db = db;
	s->cfg = cfg;
	s->curl = curl_easy_init();
	if (s->curl == NULL) {
		free(s);
		curl_global_cleanup();
		set_error(err, "network: libcurl cannot start");
		return NULL;
	}
	s->hub.connect_ms = env_long("VITRINA_SYNC_CONNECT_TIMEOUT_MS", 10000, 1, 600000);
	s->hub.total_ms = env_long("VITRINA_SYNC_TIMEOUT_MS", 120000, 1, 3600000);
	s->hub.low_speed_s = env_long("VITRINA_SYNC_LOW_SPEED_S", 30, 1, 3600);
	s->backoff_ms = env_long("VITRINA_SYNC_BACKOFF_MS", 1000, 1, 3600000);
	s->backoff_max_ms = env_long("VITRINA_SYNC_BACKOFF_MAX_MS", 300000, 1, 86400000);
	s->page = (int)env_long("VITRINA_SYNC_PAGE", 500, 1, 100000);
	s->cur_page = s->page;
	s->answer_max = (size_t)env_long("VITRINA_SYNC_ANSWER_MAX", ANSWER_MAX, 1024,
					 ANSWER_MAX);
	s->die_after_push = env_long("VITRINA_SYNC_DIE_AFTER_PUSH", 0, 0, 1) == 1;
	s->snapshot_pages = (int)env_long("VITRINA_SYNC_SNAPSHOT_PAGES", SNAPSHOT_PAGES, 0,
					  1000000);
	s->snapshot_max = env_long("VITRINA_SYNC_SNAPSHOT_MAX", SNAPSHOT_MAX, 1024, SNAPSHOT_MAX);
	s->snapshot_ms = env_long("VITRINA_SYNC_SNAPSHOT_TIMEOUT_MS", 3600000, 1, 86400000);

	s->hub.url = c->hub_url;
	s->hub.ca_file = c->ca_file;
	s->hub.pinned_pubkey = c->pinned_pubkey;
	s->hub.proxy = c->proxy;
	s->hub.agent = "vitrina/" VERSION;
	s->wait_ms = (int64_t)cfg->sync_interval * 1000;
	return s;
}

void sync_show_progress(struct sync *s, bool on)
{
	s->progress = on;
}

void sync_free(struct sync *s)
{
	if (s == NULL)
		return;
	curl_easy_cleanup(s->curl);
	curl_global_cleanup();
	if (s->token != NULL)
		wipe_string(&s->token);
	free(s->error);
	free(s->note);
	free(s->snap_note);
	free(s);
}

/* Read the refusal memory: 1 (with the refused token's hash) if the hub refused the
 * token last time, 0 if not, -1 on error. */
static int refused_before(struct sync *s, char hash[65])
{
	sqlite3_stmt *q = db_prepare(s->db, "SELECT authorised, token_hash FROM sync_state"
				     " WHERE id = 1", NULL);
	const unsigned char *h;
	int r = -1;

	hash[0] = '\0';
	if (q == NULL)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW) {
		r = sqlite3_column_int(q, 0) == 0;
		h = sqlite3_column_text(q, 1);
		snprintf(hash, 65, "%s", h ? (const char *)h : "");
	}
	sqlite3_finalize(q);
	return r;
}

static int failures_so_far(struct sync *s)
{
	sqlite3_stmt *q = db_prepare(s->db, "SELECT failures FROM sync_state WHERE id = 1",
				     NULL);
	int f = 0;

	if (q != NULL && sqlite3_step(q) == SQLITE_ROW)
		f = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return f;
}

/* Record the round's outcome and choose the wait before the next one. */
static void finish(struct sync *s, enum sync_result r)
{
	int64_t now = (int64_t)time(NULL), nums[6];
	const char *sql;
	char *err = NULL, *msg = NULL;
	int rc = 0;

	switch (r) {
	case SYNC_OK:
		s->wait_ms = (int64_t)s->cfg->sync_interval * 1000;
		nums[0] = now;
		nums[1] = s->wait_ms;
		nums[2] = now + s->wait_ms / 1000;
		nums[3] = s->pushed;
		nums[4] = s->note ? now : 0;
		sql = s->note ?
		      "UPDATE sync_state SET last_success = ?1, failures = 0, wait_ms = ?2,"
		      " next_attempt = ?3, pushed = pushed + ?4, authorised = 1,"
		      " token_hash = NULL, last_error_at = ?5, last_error = ?6 WHERE id = 1" :
		      "UPDATE sync_state SET last_success = ?1, failures = 0, wait_ms = ?2,"
		      " next_attempt = ?3, pushed = pushed + ?4, authorised = 1,"
		      " token_hash = NULL WHERE id = 1";
		rc = sync_state_exec(s->db, sql, nums, s->note ? 5 : 4, s->note, &err);
		break;
	case SYNC_FAILED:
		nums[0] = failures_so_far(s) + 1;
		s->wait_ms = sync_backoff_ms((int)nums[0], s->backoff_ms, s->backoff_max_ms);
		if (s->retry_after_s >= 0) {
			int64_t ra = s->retry_after_s > RETRY_AFTER_MAX ? RETRY_AFTER_MAX :
				     s->retry_after_s;

			if (ra * 1000 > s->wait_ms)
				s->wait_ms = ra * 1000;
		}
		nums[1] = s->wait_ms;
		nums[2] = now + (s->wait_ms + 999) / 1000;
		nums[3] = s->pushed;
		nums[4] = now;
		rc = sync_state_exec(s->db, "UPDATE sync_state SET failures = ?1, wait_ms = ?2,"
				" next_attempt = ?3, pushed = pushed + ?4, last_error_at = ?5,"
				" last_error = ?6 WHERE id = 1", nums, 5,
				s->error ? s->error : "failed", &err);
		break;
	case SYNC_UNAUTHORISED:
	case SYNC_NOT_CONFIGURED:
		s->wait_ms = (int64_t)s->cfg->sync_interval * 1000;
		nums[0] = s->wait_ms;
		nums[1] = now + s->wait_ms / 1000;
		nums[2] = s->pushed;
		nums[3] = now;
		if (r == SYNC_UNAUTHORISED) {
			if (s->wrong_kiosk)
				msg = xasprintf(NOT_AUTHORISED ": the token in %s was made for "
						"another kiosk, not %s; put one made for this "
						"kiosk there", s->cfg->token_file,
						s->cfg->kiosk_id ? s->cfg->kiosk_id : "?");
			else
				msg = xasprintf(NOT_AUTHORISED ": the hub refused the token "
						"in %s; put a new one there",
						s->cfg->token_file);
			rc = sync_state_exec(s->db, "UPDATE sync_state SET wait_ms = ?1,"
					" next_attempt = ?2, pushed = pushed + ?3,"
					" last_error_at = ?4, authorised = 0, token_hash = ?5"
					" WHERE id = 1", nums, 4, s->token_hash, &err);
			/* Asked nothing this round: keep the reason found when asked. */
			if (rc == 0 && !s->same_token)
				rc = sync_state_exec(s->db, "UPDATE sync_state SET last_error = ?1"
						" WHERE id = 1", NULL, 0, msg, &err);
		} else {
			rc = sync_state_exec(s->db, "UPDATE sync_state SET wait_ms = ?1,"
					" next_attempt = ?2, pushed = pushed + ?3,"
					" last_error_at = ?4, last_error = ?5 WHERE id = 1",
					nums, 4, s->error, &err);
		}
		free(msg);
		break;
	case SYNC_STOPPED:
		nums[0] = s->pushed;
		rc = sync_state_exec(s->db, "UPDATE sync_state SET pushed = pushed + ?1, next_attempt"
				" = 0 WHERE id = 1", nums, 1, NULL, &err);
		break;
	}
	if (rc < 0)
		fprintf(stderr, "vitrina sync: cannot record the sync state: %s\n", err);
	free(err);
}

static char *round_summary(struct sync *s, enum sync_result r)
{
	struct buf b = {0};

	switch (r) {
	case SYNC_OK:
		buf_addf(&b, "sync done: %lld requests sent, %lld refused by the hub, "
			 "%lld catalogue changes", (long long)s->pushed, (long long)s->rejected,
			 (long long)s->pulled);
		if (s->snap_seq >= 0)
			buf_addf(&b, "; the catalogue came as a snapshot (up to change %lld, "
				 "%lld KiB)", (long long)s->snap_seq, (long long)(s->snap_bytes / 1024));
		if (s->skipped > 0)
			buf_addf(&b, ", %lld skipped (%s)", (long long)s->skipped, s->note);
		if (s->snap_note != NULL)
			buf_addf(&b, "; %s", s->snap_note);
		break;
	case SYNC_FAILED:
		buf_addf(&b, "sync failed: %s; %lld requests sent before; next try in %lld s",
			 s->error ? s->error : "unknown error", (long long)s->pushed,
			 (long long)((s->wait_ms + 999) / 1000));
		break;
	case SYNC_UNAUTHORISED:
		if (s->wrong_kiosk)
			buf_addf(&b, NOT_AUTHORISED ": the token in %s was made for another "
				 "kiosk, not %s", s->cfg->token_file,
				 s->cfg->kiosk_id ? s->cfg->kiosk_id : "?");
		else
			buf_addf(&b, NOT_AUTHORISED ": the hub refused the token in %s",
				 s->cfg->token_file);
		break;
	case SYNC_NOT_CONFIGURED:
		buf_addf(&b, "sync is off: %s", s->error ? s->error : "not configured");
		break;
	case SYNC_STOPPED:
		buf_addf(&b, "sync stopped: %lld requests sent", (long long)s->pushed);
		break;
	}
	return buf_take(&b);
}

enum sync_result sync_run_once(struct sync *s, char **summary)
{
	enum sync_result r = SYNC_OK;
	char refused_hash[65], *err = NULL;
	int64_t now = (int64_t)time(NULL);
	int rc;

	free(s->error);
	free(s->note);
	s->error = s->note = NULL;
	s->pushed = s->rejected = s->pulled = s->skipped = 0;
	s->snap_seq = -1;
	s->snap_bytes = 0;
	free(s->snap_note);
	s->snap_note = NULL;
	s->retry_after_s = -1;
	s->wrong_kiosk = false;
	s->same_token = false;
	/* Another process may have swapped in a new catalogue since the last round. */
	db_catalogue_refresh(s->db);
	if (sync_state_exec(s->db, "UPDATE sync_state SET last_attempt = ?1, wake = 0 WHERE id = 1",
		       &now, 1, NULL, &err) < 0) {
		round_error(s, xasprintf("%s", err));
		free(err);
		r = SYNC_FAILED;
		goto done;
	}
	if (s->cfg->hub_url == NULL) {
		round_error(s, xstrdup("no hub_url in the config"));
		r = SYNC_NOT_CONFIGURED;
		goto done;
	}
	if (load_token(s, &err) < 0) {
		round_error(s, err);
		r = SYNC_NOT_CONFIGURED;
		goto done;
	}
	/* The hub refused this very token before: ask again only with a new one. */
	if (refused_before(s, refused_hash) == 1 && strcmp(refused_hash, s->token_hash) == 0) {
		r = SYNC_UNAUTHORISED;
		s->same_token = true;
		goto done;
	}
	rc = push(s);
	if (rc == 0)
		rc = pull(s);
	if (rc == 0 && s->pulled > 0) {
		if (catalogue_check_index(s->db, &err) < 0) {
			round_error(s, xasprintf("the search index is damaged: %s",
						 err ? err : "integrity check failed"));
			free(err);
			rc = -1;
		}
	}
	if (rc == 0)
		rc = heartbeat(s);
	r = rc == 0 ? SYNC_OK : rc == 1 ? SYNC_UNAUTHORISED : rc == 2 ? SYNC_STOPPED :
	    SYNC_FAILED;
	if (r == SYNC_OK && s->skipped > 0)
		round_note(s, xasprintf("%lld catalogue changes from the hub were not valid",
					(long long)s->skipped));
	if (r == SYNC_OK && s->rejected > 0 && s->note == NULL)
		s->note = xasprintf("the hub refused %lld requests; they are kept in the "
				    "outbox with its reason", (long long)s->rejected);
	if (r == SYNC_OK && s->snap_note != NULL && s->note == NULL)
		s->note = xstrdup(s->snap_note);
done:
	finish(s, r);
	if (summary != NULL)
		*summary = round_summary(s, r);
	return r;
}

static void sleep_ms(int64_t ms)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);   /* a signal cuts it short, which is what we want */
}

/* Something that should end the wait early: "sync now" or a new request. */
static int should_wake(struct sync *s, int64_t depth_after)
{
	sqlite3_stmt *q;
	int wake = 0;
	int64_t depth = 0, oldest;

	q = db_prepare(s->db, "SELECT wake FROM sync_state WHERE id = 1", NULL);
	if (q != NULL && sqlite3_step(q) == SQLITE_ROW)
		wake = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (wake)
		return 1;
	if (outbox_depth(s->db, &depth, &oldest, NULL) == 0 && depth > depth_after)
		return 1;
	return 0;
}

int sync_run_daemon(struct sync *s)
{
	enum sync_result r;
	int64_t pid = (int64_t)getpid(), deadline, now, depth, oldest;
	char *summary = NULL, hash[65], token_then[65];

	sync_state_exec(s->db, "UPDATE sync_state SET daemon_pid = ?1 WHERE id = 1", &pid, 1, NULL,
		   NULL);
	while (!stop_flag) {
		r = sync_run_once(s, &summary);
		fprintf(stderr, "vitrina sync: %s\n", summary);
		free(summary);
		summary = NULL;
		if (stop_flag)
			break;
		depth = 0;
		if (outbox_depth(s->db, &depth, &oldest, NULL) < 0)
			depth = 0;
		hubclient_token_hash(s->cfg->token_file, token_then);
		deadline = now_ms_monotonic() + s->wait_ms;
		/* Waits count on CLOCK_MONOTONIC: the wall clock jumps at NTP sync. */
		while (!stop_flag) {
			now = now_ms_monotonic();
			if (now >= deadline)
				break;
			sleep_ms(deadline - now < 500 ? deadline - now : 500);
			if (wake_flag) {
				wake_flag = 0;
				break;
			}
			if (stop_flag)
				break;
			/* After a failure, a new request waits for the backoff: the hub is
			 * having trouble. A librarian's "sync now" does not wait. */
			if (r == SYNC_OK ? should_wake(s, depth) : should_wake(s, INT64_MAX))
				break;
			if (r == SYNC_UNAUTHORISED && refused_before(s, hash) == 1 &&
			    token_changed(s, hash))
				break;
			/* A token file put in place or changed is tried at once. */
			if (r == SYNC_NOT_CONFIGURED && s->cfg->hub_url != NULL &&
			    token_changed(s, token_then))
				break;
		}
	}
	pid = 0;
	sync_state_exec(s->db, "UPDATE sync_state SET daemon_pid = ?1 WHERE id = 1", &pid, 1, NULL,
		   NULL);
	return 0;
}
