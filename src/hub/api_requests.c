/* Requests: POST /v1/requests from kiosks; GET, PATCH and CSV for staff. */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "hub.h"
#include "ingest.h"
#include "regions.h"
#include "request.h"
#include "text.h"
#include "token.h"

#define LIST_DEFAULT_LIMIT 100
#define LIST_MAX_LIMIT     1000
#define CSV_MAX_ROWS       100000

static const char *const statuses[] = {"new", "in_progress", "forwarded", "closed", "spam"};
#define NSTATUSES (sizeof statuses / sizeof statuses[0])

/* Rows of a streamed CSV export read from the store at a time: memory per export
 * stays at about one page, however many rows it has. */
#define CSV_PAGE_ROWS      256

static void storage_failed(const struct hub_call *c, struct reply *r, char *err)
{
	hub_db_failed(c, err);
	reply_error(r, 503, "unavailable", "Storage is unavailable; try again later");
}

/* The stored request's fields and the hub's own (status, version, ...): a new reference. */
static json_t *request_json(const struct stored_request *sr)
{
	json_t *j = json_object(), *body = NULL;
	char ref[10];

	request_ref_code(sr->id, ref);
	json_object_set_new(j, "status", json_string(sr->status));
	json_object_set_new(j, "version", json_integer(sr->version));
	json_object_set_new(j, "county", sr->county[0] ? json_string(sr->county) : json_null());
	json_object_set_new(j, "received_at", json_string(sr->received_at));
	json_object_set_new(j, "updated_at", json_string(sr->updated_at));
	json_object_set_new(j, "ref", json_string(ref));
	if (sr->qa_id[0])
		json_object_set_new(j, "qa_id", json_string(sr->qa_id));
	if (sr->body != NULL)
		body = json_loads(sr->body, 0, NULL);
	/* the stored body holds only request fields: they never replace the hub's own */
	if (json_is_object(body))
		json_object_update_missing(j, body);
	json_decref(body);
	return j;
}

/* What staff see of the case or partner a request is about (from the catalogue) into j:
 * case_title, case_person, case_municipality (a code) or partner_name, and
 * item_deleted when it is no longer published. */
static void item_fields(json_t *j, const struct stored_request *sr, json_t **item_out)
{
	json_t *item = sr->item != NULL ? json_loads(sr->item, 0, NULL) : NULL;
	static const char *const case_keys[][2] = {
		{"case_title", "title"}, {"case_person", "person"},
		{"case_municipality", "municipality"},
	};
	size_t k;

	if (!json_is_object(item)) {
		json_decref(item);
		*item_out = NULL;
		return;
	}
	if (json_is_string(json_object_get(j, "case_id"))) {
		for (k = 0; k < sizeof case_keys / sizeof case_keys[0]; k++) {
			json_t *v = json_object_get(item, case_keys[k][1]);

			if (json_is_string(v))
				json_object_set_new(j, case_keys[k][0],
						    hub_json_text(json_string_value(v)));
		}
	} else if (json_is_string(json_object_get(item, "name"))) {
		json_object_set_new(j, "partner_name",
				    hub_json_text(json_string_value(json_object_get(item, "name"))));
	}
	if (sr->item_deleted)
		json_object_set_new(j, "item_deleted", json_true());
	*item_out = item;
}

/* The case of a request for GET /v1/requests/ID: its text, for staff to read. */
static json_t *case_json(json_t *item)
{
	static const char *const keys[] = {"id", "title", "person", "municipality", "summary",
					   "story", "lang"};
	json_t *o = json_object();
	size_t k;

	for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		json_t *v = json_object_get(item, keys[k]);

		if (json_is_string(v))
			json_object_set_new(o, keys[k], hub_json_text(json_string_value(v)));
	}
	return o;
}

json_t *hub_request_json(const struct stored_request *sr)
{
	json_t *j = request_json(sr), *item;

	item_fields(j, sr, &item);
	json_decref(item);
	return j;
}

/* POST /v1/requests ------------------------------------------------------------------ */

static json_t *rejection(json_t *item, const char *code, int status, const char *msg)
{
	json_t *id = json_is_object(item) ? json_object_get(item, "id") : NULL;

	if (!json_is_string(id) || json_string_length(id) > 64)
		id = NULL;
	return json_pack("{s:O?, s:s, s:s, s:i}", "id", id, "error", msg, "code", code,
			 "status", status);
}

/* Hand the batch to the group commit with the hash of the call's token, which it looks
 * up again (the token was checked on the headers, maybe from a cache): as
 * ingest_submit. */
static int submit(const struct hub_call *c, const struct request_in *rows, int n,
		  enum put_result *results, char **err)
{
	const char *tok, *why;
	unsigned char hash[32];
	size_t len;

	if (token_from_header(call_header(c, "Authorization"), &tok, &len, &why) < 0)
		return 1;
	token_hash(tok, len, hash);
	return ingest_submit(c->ingest, hash, rows, n, results, err);
}

void api_requests_post(const struct hub_call *c, struct reply *r)
{
	json_t *body, *list, *accepted, *rejected, *item;
	struct request reqs[HUB_MAX_BATCH];
	char *bodies[HUB_MAX_BATCH];
	struct request_in rows[HUB_MAX_BATCH];
	enum put_result results[HUB_MAX_BATCH];
	int index[HUB_MAX_BATCH];
	char *err = NULL;
	size_t i, n;
	int k = 0, j, rc;

	if (call_json(c, r, &body) < 0)
		return;
	list = json_object_get(body, "requests");
	if (!json_is_array(list)) {
		json_decref(body);
		reply_error(r, 400, "bad_request", "The body must be {\"requests\": [...]}");
		return;
	}
	n = json_array_size(list);
	if (n > HUB_MAX_BATCH) {
		json_decref(body);
		reply_error(r, 413, "too_many", "At most %d requests in one batch",
			    HUB_MAX_BATCH);
		return;
	}
	accepted = json_array();
	rejected = json_array();
	json_array_foreach(list, i, item) {
		struct request *q = &reqs[k];

		if (request_from_json(item, q, &err) < 0) {
			json_array_append_new(rejected, rejection(item, "invalid", 400, err));
			free(err);
			err = NULL;
			continue;
		}
		if (c->tok->scope == SCOPE_KIOSK && strcmp(q->kiosk_id, c->tok->name) != 0) {
			json_array_append_new(rejected, rejection(item, "forbidden", 403,
				"kiosk_id: not the kiosk this token was made for"));
			request_free(q);
			continue;
		}
		bodies[k] = request_canonical(q);
		rows[k] = (struct request_in){q->id, q->kind, q->kiosk_id, q->created_at,
			q->case_id, q->partner_id, q->nominee_municipality, bodies[k]};
		index[k] = (int)i;
		k++;
	}
	rc = submit(c, rows, k, results, &err);
	if (rc != 0) {
		json_decref(accepted);
		json_decref(rejected);
		if (rc < 0)
			storage_failed(c, r, err);
		else
			reply_error(r, 401, "unauthorized", "The token is not valid or was revoked");
		goto out;
	}
	for (j = 0; j < k; j++) {
		json_t *it = json_array_get(list, (size_t)index[j]);

		if (results[j] == PUT_CONFLICT)
			json_array_append_new(rejected, rejection(it, "conflict", 409,
				"id: already used by a request with different content"));
		else if (results[j] == PUT_UNKNOWN)
			json_array_append_new(rejected, rejection(it, "invalid", 400,
				reqs[j].case_id[0] ? "case_id: no such case in the hub's catalogue" :
				"partner_id: no such partner in the hub's catalogue"));
		else
			json_array_append_new(accepted, json_string(reqs[j].id));
		if (results[j] == PUT_NEW)
			metrics_add(c->metrics, M_STORED, 1);
	}
	reply_json(r, 200, json_pack("{s:o, s:o}", "accepted", accepted, "rejected", rejected));
out:
	for (j = 0; j < k; j++) {
		request_free(&reqs[j]);
		free(bodies[j]);
	}
	json_decref(body);
}

/* Staff: filters, county limits ------------------------------------------------------ */

static int valid_since(const char *s)
{
	size_t n = strlen(s), i;

	if (n != 10 && n != 20)
		return 0;
	for (i = 0; i < n; i++) {
		char want = "0000-00-00T00:00:00Z"[i];

		if (want == '0' ? (s[i] < '0' || s[i] > '9') : s[i] != want)
			return 0;
	}
	if (n == 20 && (strncmp(s + 11, "24", 2) >= 0 || s[14] > '5' || s[17] > '5'))
		return 0;
	return request_day_valid(s);
}

static int is_status(const char *s)
{
	size_t i;

	for (i = 0; i < NSTATUSES; i++) {
		if (strcmp(s, statuses[i]) == 0)
			return 1;
	}
	return 0;
}

/* Read the list filters; -1 with the reply set. */
static int read_filter(const struct hub_call *c, struct reply *r, struct request_filter *f,
		       int default_limit, int max_limit)
{
	const char *limit = call_query(c, "limit"), *offset = call_query(c, "offset");
	long v;

	memset(f, 0, sizeof *f);
	f->status = call_query(c, "status");
	f->kind = call_query(c, "kind");
	f->county = call_query(c, "county");
	f->kiosk = call_query(c, "kiosk");
	f->since = call_query(c, "since");
	f->limit = default_limit;
	if (f->status && !f->status[0])
		f->status = NULL;
	if (f->kind && !f->kind[0])
		f->kind = NULL;
	if (f->county && !f->county[0])
		f->county = NULL;
	if (f->kiosk && !f->kiosk[0])
		f->kiosk = NULL;
	if (f->since && !f->since[0])
		f->since = NULL;
	if (f->status && !is_status(f->status))
		return reply_error(r, 400, "bad_request", "status must be one of new, "
				   "in_progress, forwarded, closed, spam");
	if (f->kind && strcmp(f->kind, "contact") != 0 && strcmp(f->kind, "nomination") != 0 &&
	    strcmp(f->kind, "question") != 0)
		return reply_error(r, 400, "bad_request", "kind must be contact, nomination or "
				   "question");
	if (f->county && county_find(f->county) == NULL)
		return reply_error(r, 400, "bad_request", "county must be a code LT-AL .. LT-VL");
	if (f->kiosk && strlen(f->kiosk) > 63)
		return reply_error(r, 400, "bad_request", "kiosk is too long");
	if (f->since && !valid_since(f->since))
		return reply_error(r, 400, "bad_request", "since must be a date (2026-11-30) or "
				   "a UTC time (2026-11-30T12:00:00Z) that exists");
	if (limit && limit[0]) {
		if (parse_long(limit, 1, max_limit, &v) < 0)
			return reply_error(r, 400, "bad_request", "limit must be 1 to %d",
					   max_limit);
		f->limit = (int)v;
	}
	if (offset && offset[0]) {
		if (parse_long(offset, 0, 10000000, &v) < 0)
			return reply_error(r, 400, "bad_request", "offset must be 0 or more");
		f->offset = (int)v;
	}
	/* a staff token limited to one county sees that county only */
	if (c->tok->scope == SCOPE_STAFF && c->tok->county[0]) {
		if (f->county && strcmp(f->county, c->tok->county) != 0)
			return reply_error(r, 403, "forbidden", "This token sees only %s",
					   c->tok->county);
		f->county = c->tok->county;
	}
	return 0;
}

static int other_county(const struct hub_call *c, const struct stored_request *sr)
{
	return c->tok->scope == SCOPE_STAFF && c->tok->county[0] &&
		strcmp(sr->county, c->tok->county) != 0;
}

void api_requests_list(const struct hub_call *c, struct reply *r)
{
	struct request_filter f;
	struct stored_request *rows;
	char *err = NULL;
	json_t *list;
	int n, i;

	if (read_filter(c, r, &f, LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT) < 0)
		return;
	if (store_requests_list(c->store, &f, &rows, &n, &err) < 0) {
		storage_failed(c, r, err);
		return;
	}
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, hub_request_json(&rows[i]));
	stored_requests_free(rows, n);
	reply_json(r, 200, json_pack("{s:o}", "requests", list));
}

/* A CSV export being sent: pages of rows read newest first by sequence number (each
 * page starts below the last one sent, so no row comes twice even while requests
 * arrive), turned into CSV only as fast as the client takes it. */
struct export {
	struct store *store;
	struct hub_metrics *metrics;
	struct request_filter f;
	char *filter_text[5];           /* copies of f's strings */
	const char *charset;            /* NULL: UTF-8 */
	int64_t before;                 /* next page: below this seq (0: from the newest) */
	int left;                       /* rows still allowed */
	int ended;                      /* no more pages */
	struct buf out;                 /* CSV made but not yet sent */
	size_t pos;
};

static void export_free(void *cls)
{
	struct export *e = cls;
	int i;

	for (i = 0; i < 5; i++)
		free(e->filter_text[i]);
	buf_free(&e->out);
	free(e);
}

/* Read the next page into e->out: 0, or -1 with *err set. */
static int export_page(struct export *e, char **err)
{
	struct stored_request *rows;
	int n, i;
	int64_t last = 0;

	e->f.limit = e->left < CSV_PAGE_ROWS ? e->left : CSV_PAGE_ROWS;
	if (store_requests_page(e->store, &e->f, e->before, &rows, &n, &last, err) < 0)
		return -1;
	for (i = 0; i < n; i++)
		csv_row(&e->out, &rows[i], e->charset);
	stored_requests_free(rows, n);
	metrics_add(e->metrics, M_CSV_ROWS, n);
	e->f.offset = 0;                /* the offset skips rows of the first page only */
	e->left -= n;
	if (n > 0)
		e->before = last;
	if (n < e->f.limit || e->left <= 0)
		e->ended = 1;
	return 0;
}

static long export_read(void *cls, char *dst, size_t max)
{
	struct export *e = cls;
	char *err = NULL;
	size_t n;

	if (e->pos == e->out.len) {
		e->out.len = 0;
		e->pos = 0;
		if (e->ended)
			return 0;
		if (export_page(e, &err) < 0) {
			hub_log(HUB_ERR, "CSV export cut short: %s", err);
			free(err);
			metrics_add(e->metrics, M_DB_ERRORS, 1);
			return -1;
		}
		if (e->out.len == 0)
			return 0;
	}
	n = e->out.len - e->pos;
	if (n > max)
		n = max;
	memcpy(dst, e->out.s + e->pos, n);
	e->pos += n;
	return (long)n;
}

static struct export *export_new(const struct hub_call *c, const struct request_filter *f,
				 int win)
{
	struct export *e = xcalloc(1, sizeof *e);
	const char *texts[5] = {f->status, f->kind, f->county, f->kiosk, f->since};
	int i;

	e->store = c->store;
	e->metrics = c->metrics;
	e->f = *f;
	for (i = 0; i < 5; i++)
		e->filter_text[i] = texts[i] != NULL ? xstrdup(texts[i]) : NULL;
	e->f.status = e->filter_text[0];
	e->f.kind = e->filter_text[1];
	e->f.county = e->filter_text[2];
	e->f.kiosk = e->filter_text[3];
	e->f.since = e->filter_text[4];
	e->charset = win ? "windows-1257" : NULL;
	e->left = f->limit;
	return e;
}

void api_requests_csv(const struct hub_call *c, struct reply *r)
{
	const char *cs = call_query(c, "charset");
	struct request_filter f;
	struct export *e;
	char *err = NULL;
	int win = 0;

	if (cs != NULL && cs[0] && strcasecmp(cs, "utf-8") != 0) {
		if (strcasecmp(cs, "windows-1257") != 0 && strcasecmp(cs, "cp1257") != 0) {
			reply_error(r, 400, "bad_request", "charset must be utf-8 or windows-1257");
			return;
		}
		win = 1;
	}
	if (read_filter(c, r, &f, CSV_MAX_ROWS, CSV_MAX_ROWS) < 0)
		return;
	e = export_new(c, &f, win);
	csv_header(&e->out, e->charset);
	/* the first page now, so that a storage failure is still a 503 and not a cut */
	if (export_page(e, &err) < 0) {
		export_free(e);
		storage_failed(c, r, err);
		return;
	}
	r->status = 200;
	r->content_type = win ? "text/csv; charset=windows-1257" : "text/csv; charset=utf-8";
	r->disposition = "attachment; filename=\"requests.csv\"";
	r->stream = (struct reply_stream){export_read, export_free, e};
}

/* One request ---------------------------------------------------------------------- */

/* The id in the path, in lower case (ids are stored so): 0, or -1 if it is no id. */
static int path_id(const struct hub_call *c, char id[37])
{
	int i;

	if (!uuid_valid(c->arg))
		return -1;
	for (i = 0; i < 36; i++)
		id[i] = c->arg[i] >= 'A' && c->arg[i] <= 'Z' ? (char)(c->arg[i] - 'A' + 'a') :
			c->arg[i];
	id[36] = '\0';
	return 0;
}

/* Load the request named in the path for this token: 1 found, else the reply is set. */
static int load(const struct hub_call *c, struct reply *r, struct stored_request *sr)
{
	char *err = NULL, id[37];
	int rc;

	if (path_id(c, id) < 0)
		return reply_error(r, 404, "not_found", "No such request");
	rc = store_request_get(c->store, id, sr, &err);
	if (rc < 0) {
		storage_failed(c, r, err);
		return -1;
	}
	if (rc == 0)
		return reply_error(r, 404, "not_found", "No such request");
	if (other_county(c, sr)) {
		stored_request_clear(sr);
		return reply_error(r, 403, "forbidden", "This request belongs to another county");
	}
	return 1;
}

static json_t *notes_json(const struct request_note *notes, int n)
{
	json_t *arr = json_array(), *o;
	int i;

	for (i = 0; i < n; i++) {
		o = json_object();
		json_object_set_new(o, "at", hub_json_text(notes[i].at));
		json_object_set_new(o, "by", hub_json_text(notes[i].by));
		json_object_set_new(o, "text", hub_json_text(notes[i].text));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *history_json(const struct request_change *hist, int n)
{
	json_t *arr = json_array(), *o;
	int i;

	for (i = 0; i < n; i++) {
		o = json_object();
		json_object_set_new(o, "at", hub_json_text(hist[i].at));
		json_object_set_new(o, "by", hub_json_text(hist[i].by));
		json_object_set_new(o, "from", hub_json_text(hist[i].from));
		json_object_set_new(o, "to", hub_json_text(hist[i].to));
		json_object_set_new(o, "version", json_integer(hist[i].version));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* The answer published for the request, as "qa": 0, or -1 with the 503 set. */
static int add_qa(const struct hub_call *c, struct reply *r, json_t *j, const char *id)
{
	struct qa_item q;
	char *err = NULL;
	int rc = store_qa_of_request(c->store, id, &q, &err);

	if (rc < 0) {
		storage_failed(c, r, err);
		return -1;
	}
	if (rc > 0) {
		json_object_set_new(j, "qa", hub_qa_json(&q));
		qa_item_clear(&q);
	}
	return 0;
}

static void answer_one(const struct hub_call *c, struct reply *r, struct stored_request *sr)
{
	struct request_note *notes;
	struct request_change *hist;
	char *err = NULL;
	json_t *j, *item;
	int nn, nh;

	if (store_request_notes(c->store, sr->id, &notes, &nn, &err) < 0) {
		storage_failed(c, r, err);
		return;
	}
	if (store_request_history(c->store, sr->id, &hist, &nh, &err) < 0) {
		store_notes_free(notes, nn);
		storage_failed(c, r, err);
		return;
	}
	j = request_json(sr);
	if (sr->qa_id[0] && add_qa(c, r, j, sr->id) < 0) {
		store_notes_free(notes, nn);
		store_changes_free(hist, nh);
		json_decref(j);
		return;
	}
	item_fields(j, sr, &item);
	if (item != NULL && json_is_string(json_object_get(j, "case_id")))
		json_object_set_new(j, "case", case_json(item));
	json_decref(item);
	json_object_set_new(j, "notes", notes_json(notes, nn));
	json_object_set_new(j, "history", history_json(hist, nh));
	store_notes_free(notes, nn);
	store_changes_free(hist, nh);
	snprintf(r->etag, sizeof r->etag, "%" PRId64, sr->version);
	reply_json(r, 200, j);
}

void api_request_get(const struct hub_call *c, struct reply *r)
{
	struct stored_request sr;

	if (load(c, r, &sr) != 1)
		return;
	answer_one(c, r, &sr);
	stored_request_clear(&sr);
}

/* "5", "\"5\"", W/"5", or "*": any version (-1). -1 if none of these. */
static int parse_if_match(const char *s, int64_t *out)
{
	char digits[24];
	size_t n;
	long v;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 1 && s[0] == '*') {
		*out = -1;
		return 0;
	}
	if (strncmp(s, "W/", 2) == 0) {
		s += 2;
		n -= 2;
	}
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof digits)
		return -1;
	memcpy(digits, s, n);
	digits[n] = '\0';
	if (parse_long(digits, 1, LONG_MAX, &v) < 0)
		return -1;
	*out = v;
	return 0;
}

/* A note: text with newlines, checked as visitors' text is (no controls, bidi or
 * invisible characters), at most HUB_MAX_NOTE characters. */
static const char *check_note(const char *s)
{
	enum text_check t = request_check_text(s, 1, HUB_MAX_NOTE);

	if (t == TEXT_OK)
		return NULL;
	if (t == TEXT_TOO_LONG)
		return "note: too long (at most 2000 characters)";
	return "note: contains characters that are not allowed (control, bidi or "
		"invisible characters)";
}

/* The body of a PATCH: status and note (NULL if not given). -1 with the reply set. */
static int read_change(const struct hub_call *c, struct reply *r, json_t **body,
		       const char **status, const char **note)
{
	const char *key, *problem;
	json_t *v;

	*status = *note = NULL;
	if (call_json(c, r, body) < 0)
		return -1;
	json_object_foreach(*body, key, v) {
		if (strcmp(key, "status") == 0 && json_is_string(v))
			*status = json_string_value(v);
		else if (strcmp(key, "note") == 0 && json_is_string(v))
			*note = json_string_value(v);
		else
			return reply_error(r, 400, "bad_request", "Only status and note (strings) "
					   "can be changed");
	}
	if (*note != NULL && (*note)[0] == '\0')
		*note = NULL;
	if (*status == NULL && *note == NULL)
		return reply_error(r, 400, "bad_request", "Nothing to change: give status or note");
	if (*status != NULL && !is_status(*status))
		return reply_error(r, 400, "bad_request", "status must be one of new, in_progress, "
				   "forwarded, closed, spam");
	problem = *note ? check_note(*note) : NULL;
	if (problem != NULL)
		return reply_error(r, 400, "bad_request", "%s", problem);
	return 0;
}

void api_request_patch(const struct hub_call *c, struct reply *r)
{
	const char *if_match = call_header(c, "If-Match"), *status, *note;
	struct stored_request sr;
	enum update_result res;
	json_t *body = NULL;
	int64_t want, newv = 0;
	char now[21], *err = NULL, id[37], *by;

	if (load(c, r, &sr) != 1)
		return;
	snprintf(id, sizeof id, "%s", sr.id);
	stored_request_clear(&sr);
	if (if_match == NULL) {
		reply_error(r, 428, "precondition_required", "Send If-Match with the version "
			    "you read (the ETag)");
		return;
	}
	if (parse_if_match(if_match, &want) < 0) {
		reply_error(r, 400, "bad_request", "If-Match must be a version such as \"3\"");
		return;
	}
	if (read_change(c, r, &body, &status, &note) < 0)
		goto out;
	/* a name stored before names were checked is kept readable in the audit trail,
	 * without controls, bidi or invisible characters */
	by = text_sanitize(c->tok->name, strlen(c->tok->name), 0);
	now_rfc3339(now);
	if (store_begin(c->store, &err) < 0) {
		free(by);
		storage_failed(c, r, err);
		goto out;
	}
	if (store_request_update(c->store, id, want, status, note, by,
				 c->tok->id, now, &newv, &res, &err) < 0) {
		store_rollback(c->store);
		free(by);
		storage_failed(c, r, err);
		goto out;
	}
	free(by);
	if (store_commit(c->store, &err) < 0) {
		storage_failed(c, r, err);
		goto out;
	}
	if (res == UPDATE_NOT_FOUND) {
		reply_error(r, 404, "not_found", "No such request");
	} else if (res == UPDATE_VERSION_MISMATCH) {
		snprintf(r->etag, sizeof r->etag, "%" PRId64, newv);
		reply_error(r, 412, "version_mismatch", "Someone else changed this request "
			    "first (now version %" PRId64 "); reload it", newv);
	} else if (load(c, r, &sr) == 1) {
		answer_one(c, r, &sr);
		stored_request_clear(&sr);
	}
out:
	json_decref(body);
}
