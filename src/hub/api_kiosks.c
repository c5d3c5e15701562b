/* POST /v1/heartbeat from kiosks and GET /v1/kiosks for admins. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hub.h"
#include "regions.h"
#include "request.h"

static int get_count(json_t *body, const char *key, int64_t *out, struct reply *r)
{
	json_t *v = json_object_get(body, key);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return reply_error(r, 400, "bad_request", "%s must be a whole number, 0 or more",
				   key);
	*out = json_integer_value(v);
	return 0;
}

/* A version such as "0.1.0 (abc123)": shown to admins as it is, so nothing else. */
static int printable_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < 0x20 || s[i] > 0x7E)
			return 0;
	}
	return 1;
}

/* Usage counts (DESIGN §3 "Usage figures") ------------------------------------------ */

#define USAGE_MAX_DAYS  14              /* days a heartbeat may carry */
#define USAGE_MAX_COUNT 1000000         /* a day's count of anything */
#define USAGE_MAX_AGE   400             /* days back a count may be for */

/* The day d days from today (UTC) as YYYY-MM-DD. */
static void day_from_today(int d, char out[11])
{
	time_t t = time(NULL) + (time_t)d * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* A count 0..USAGE_MAX_COUNT, or absent (0): 0, or -1. */
static int usage_count(json_t *o, const char *key, int64_t *out)
{
	json_t *v = json_object_get(o, key);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > USAGE_MAX_COUNT)
		return -1;
	*out = json_integer_value(v);
	return 0;
}

/* Find or add the case id in d: its entry, or NULL if the id is no UUID. */
static struct usage_case *usage_case_of(struct usage_day *d, const char *id, int cap)
{
	char low[37];
	int i;

	if (strlen(id) != 36)
		return NULL;
	for (i = 0; i < 36; i++)
		low[i] = id[i] >= 'A' && id[i] <= 'Z' ? (char)(id[i] - 'A' + 'a') : id[i];
	low[36] = '\0';
	if (!uuid_valid(low))
		return NULL;
	for (i = 0; i < d->ncases; i++) {
		if (strcmp(d->cases[i].id, low) == 0)
			return &d->cases[i];
	}
	if (d->ncases == cap)
		return NULL;
	memset(&d->cases[d->ncases], 0, sizeof d->cases[0]);
	snprintf(d->cases[d->ncases].id, sizeof d->cases[0].id, "%s", low);
	return &d->cases[d->ncases++];
}

/* The per-case counts of map (stories_read or inspired, by which) into d: 0, or -1 if
 * a count is bad (the day is then skipped). Ids that are no UUIDs count in *unknown. */
static int usage_cases(json_t *map, int which, struct usage_day *d, int cap, int *unknown)
{
	const char *id;
	json_t *v;

	if (map == NULL || json_is_null(map))
		return 0;
	if (!json_is_object(map))
		return -1;
	json_object_foreach(map, id, v) {
		struct usage_case *u;

		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > USAGE_MAX_COUNT)
			return -1;
		u = usage_case_of(d, id, cap);
		if (u == NULL) {
			(*unknown)++;
			continue;
		}
		if (which)
			u->inspired = json_integer_value(v);
		else
			u->stories_read = json_integer_value(v);
	}
	return 0;
}

/* One day of counts: 0, or -1 if it is to be skipped. d->cases is allocated here. */
static int usage_day_read(json_t *o, const char *oldest, const char *latest,
			  struct usage_day *d, int *unknown)
{
	static const char *const kinds[3] = {"contact", "nomination", "question"};
	const char *day = json_string_value(json_object_get(o, "day"));
	json_t *req = json_object_get(o, "requests");
	json_t *read = json_object_get(o, "stories_read"), *insp = json_object_get(o, "inspired");
	int cap = (int)(json_object_size(read) + json_object_size(insp)), k;

	memset(d, 0, sizeof *d);
	if (day == NULL || strlen(day) != 10 || !request_day_valid(day) ||
	    strcmp(day, oldest) < 0 || strcmp(day, latest) > 0)
		return -1;
	snprintf(d->day, sizeof d->day, "%s", day);
	if (usage_count(o, "sessions", &d->sessions) < 0 ||
	    usage_count(o, "searches", &d->searches) < 0 ||
	    usage_count(o, "quiz_done", &d->quiz_done) < 0)
		return -1;
	if (req != NULL && !json_is_null(req) && !json_is_object(req))
		return -1;
	for (k = 0; k < 3; k++) {
		if (json_is_object(req) && usage_count(req, kinds[k], &d->requests[k]) < 0)
			return -1;
	}
	d->cases = xcalloc((size_t)cap + 1, sizeof *d->cases);
	if (usage_cases(read, 0, d, cap, unknown) < 0 ||
	    usage_cases(insp, 1, d, cap, unknown) < 0) {
		free(d->cases);
		d->cases = NULL;
		return -1;
	}
	return 0;
}

/* The good days of counters into days (at most USAGE_MAX_DAYS; a day given twice: the
 * last). Returns how many; *skipped counts the days left out. */
static int usage_read(json_t *counters, struct usage_day *days, int *skipped, int *unknown)
{
	char oldest[11], latest[11];
	json_t *o;
	size_t i;
	int n = 0, k;

	day_from_today(-USAGE_MAX_AGE, oldest);
	day_from_today(1, latest);
	json_array_foreach(counters, i, o) {
		struct usage_day d;

		if (i >= USAGE_MAX_DAYS || !json_is_object(o) ||
		    usage_day_read(o, oldest, latest, &d, unknown) < 0) {
			(*skipped)++;
			continue;
		}
		for (k = 0; k < n && strcmp(days[k].day, d.day) != 0; k++)
			;
		if (k < n)
			free(days[k].cases);
		days[k] = d;
		if (k == n)
			n++;
	}
	return n;
}

/* What was last logged about each kiosk's left-out counts: a kiosk sends today's counts
 * with every heartbeat, so the same unknown case would otherwise be logged each time. */
#define USAGE_NOTED_MAX 1024
static struct {
	char kiosk[64];
	int skipped, unknown;
} usage_noted[USAGE_NOTED_MAX];
static int usage_nnoted, usage_next;
static pthread_mutex_t usage_noted_lock = PTHREAD_MUTEX_INITIALIZER;

/* 1 if the kiosk's left-out counts are news (then they are remembered), 0 if the last
 * note about it said the same. */
static int usage_news(const char *kiosk, int skipped, int unknown)
{
	int i, news = 1;

	pthread_mutex_lock(&usage_noted_lock);
	for (i = 0; i < usage_nnoted && strcmp(usage_noted[i].kiosk, kiosk) != 0; i++)
		;
	if (i < usage_nnoted) {
		news = usage_noted[i].skipped != skipped || usage_noted[i].unknown != unknown;
	} else if (usage_nnoted < USAGE_NOTED_MAX) {
		usage_nnoted++;
	} else {
		i = usage_next;
		usage_next = (usage_next + 1) % USAGE_NOTED_MAX;
	}
	snprintf(usage_noted[i].kiosk, sizeof usage_noted[i].kiosk, "%s", kiosk);
	usage_noted[i].skipped = skipped;
	usage_noted[i].unknown = unknown;
	pthread_mutex_unlock(&usage_noted_lock);
	return news;
}

static void usage_free(struct usage_day *days, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(days[i].cases);
}

/* Store the heartbeat's counts with the kiosk's municipality ("" unknown), inside the
 * transaction: 0, or -1 with *err set. Skipped days and unknown cases are logged (counts
 * and the kiosk id only) once, not again while each heartbeat leaves out the same. */
static int usage_store(const struct hub_call *c, const char *kiosk, const char *municipality,
		       json_t *body, char **err)
{
	struct usage_day days[USAGE_MAX_DAYS];
	json_t *counters = json_object_get(body, "counters");
	int n, skipped = 0, unknown = 0, rc = 0, missing = 0, i;
	char now[21];

	if (counters == NULL || json_is_null(counters))
		return 0;
	if (!json_is_array(counters)) {
		hub_log(HUB_WARN, "heartbeat from %s: counters is not a list; left out", kiosk);
		return 0;
	}
	n = usage_read(counters, days, &skipped, &unknown);
	for (i = 0; i < n; i++)
		snprintf(days[i].municipality, sizeof days[i].municipality, "%s", municipality);
	now_rfc3339(now);
	if (n > 0)
		rc = store_usage_put(c->store, kiosk, days, n, now, &missing, err);
	usage_free(days, n);
	if (rc == 0 && usage_news(kiosk, skipped, unknown + missing) &&
	    (skipped || unknown || missing))
		hub_log(HUB_WARN, "heartbeat from %s: %d day(s) of counts left out (bad day or "
			"count, or more than %d days), %d unknown case id(s) left out", kiosk,
			skipped, USAGE_MAX_DAYS, unknown + missing);
	return rc;
}

/* The kiosk's home_municipality ("municipality"): a bad or missing code is stored as
 * unknown (""), never refused: the counts matter more than the place. */
static void heartbeat_place(json_t *body, char out[6])
{
	const struct municipality *m = municipality_find(json_string_value(
		json_object_get(body, "municipality")));

	snprintf(out, 6, "%s", m ? m->code : "");
}

void api_heartbeat(const struct hub_call *c, struct reply *r)
{
	struct kiosk_info k;
	json_t *body, *v;
	char *err = NULL;

	if (call_json(c, r, &body) < 0)
		return;
	memset(&k, 0, sizeof k);
	if (get_count(body, "outbox", &k.outbox, r) < 0 || get_count(body, "seq", &k.seq, r) < 0 ||
	    get_count(body, "uptime_s", &k.uptime_s, r) < 0 ||
	    get_count(body, "outbox_oldest_s", &k.outbox_oldest_s, r) < 0)
		goto out;
	v = json_object_get(body, "version");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_string(v) || json_string_length(v) >= sizeof k.version ||
		    !printable_ascii(json_string_value(v), json_string_length(v))) {
			reply_error(r, 400, "bad_request", "version must be at most %d printable "
				    "ASCII characters", (int)sizeof k.version - 1);
			goto out;
		}
		snprintf(k.version, sizeof k.version, "%s", json_string_value(v));
	}
	if (c->tok->scope == SCOPE_KIOSK) {
		snprintf(k.id, sizeof k.id, "%s", c->tok->name);
	} else {
		v = json_object_get(body, "kiosk_id");
		if (!json_is_string(v) ||
		    request_check_field(RF_KIOSK, json_string_value(v)) != NULL) {
			reply_error(r, 400, "bad_request", "kiosk_id: needed with an admin token");
			goto out;
		}
		snprintf(k.id, sizeof k.id, "%s", json_string_value(v));
	}
	heartbeat_place(body, k.municipality);
	now_rfc3339(k.last_seen);
	if (store_begin(c->store, &err) < 0)
		goto fail;
	if (store_heartbeat(c->store, &k, &err) < 0 ||
	    usage_store(c, k.id, k.municipality, body, &err) < 0) {
		store_rollback(c->store);
		goto fail;
	}
	if (store_commit(c->store, &err) < 0)
		goto fail;
	r->status = 204;
	goto out;
fail:
	hub_db_failed(c, err);
	reply_error(r, 503, "unavailable", "Storage is unavailable; try again later");
out:
	json_decref(body);
}

void api_kiosks(const struct hub_call *c, struct reply *r)
{
	struct kiosk_info *k;
	char *err = NULL;
	json_t *arr;
	int n, i;

	if (store_kiosks(c->store, &k, &n, &err) < 0) {
		hub_db_failed(c, err);
		reply_error(r, 503, "unavailable", "Storage is unavailable; try again later");
		return;
	}
	arr = json_array();
	for (i = 0; i < n; i++) {
		/* built field by field: a version stored by an older hub may not be UTF-8 */
		json_t *o = json_object();

		json_object_set_new(o, "id", hub_json_text(k[i].id));
		json_object_set_new(o, "last_seen", k[i].last_seen[0] ?
				    hub_json_text(k[i].last_seen) : json_null());
		json_object_set_new(o, "version", hub_json_text(k[i].version));
		json_object_set_new(o, "outbox", json_integer(k[i].outbox));
		json_object_set_new(o, "outbox_oldest_s", json_integer(k[i].outbox_oldest_s));
		json_object_set_new(o, "seq", json_integer(k[i].seq));
		json_object_set_new(o, "uptime_s", json_integer(k[i].uptime_s));
		json_object_set_new(o, "municipality", k[i].municipality[0] ?
				    json_string(k[i].municipality) : json_null());
		json_array_append_new(arr, o);
	}
	free(k);
	reply_json(r, 200, json_pack("{s:o}", "kiosks", arr));
}
