/* POST /v1/cases/ID/qa and DELETE /v1/cases/ID/qa/QAID: staff publish the answer to a
 * visitor's question with its case, and unpublish it (DESIGN §2 qa, §4). The asker's
 * name and contact never leave the request: only the text staff send is published. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub.h"
#include "regions.h"
#include "request.h"

static const char *const qa_langs[] = {"lt", "en", "ru", "pl"};

static void storage_failed(const struct hub_call *c, struct reply *r, char *err)
{
	hub_db_failed(c, err);
	reply_error(r, 503, "unavailable", "Storage is unavailable; try again later");
}

/* A UUID from s (n characters) in lower case into out: 0, or -1 if it is none. */
static int lower_uuid(const char *s, size_t n, char out[37])
{
	size_t i;

	if (n != 36)
		return -1;
	for (i = 0; i < 36; i++)
		out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
	out[36] = '\0';
	return uuid_valid(out) ? 0 : -1;
}

/* The path after /v1/cases/: "ID/qa" (qa_id NULL) or "ID/qa/QAID". 0, or -1 when it is
 * neither (then 404). */
static int parse_path(const char *arg, char case_id[37], char *qa_id)
{
	const char *slash = strchr(arg, '/');

	if (slash == NULL || lower_uuid(arg, (size_t)(slash - arg), case_id) < 0)
		return -1;
	if (qa_id == NULL)
		return strcmp(slash, "/qa") == 0 ? 0 : -1;
	if (strncmp(slash, "/qa/", 4) != 0)
		return -1;
	return lower_uuid(slash + 4, strlen(slash + 4), qa_id);
}

/* A text field of the body checked as staff text: the value, or NULL with the 400 set. */
static const char *text_field(json_t *body, const char *key, int multiline, long max,
			      struct reply *r)
{
	json_t *v = json_object_get(body, key);
	const char *s = json_string_value(v);
	enum text_check t;
	size_t i;

	if (s == NULL) {
		reply_error(r, 400, "bad_request", "%s: needed (text)", key);
		return NULL;
	}
	for (i = 0; s[i] == ' ' || s[i] == '\n' || s[i] == '\t'; i++)
		;
	if (s[i] == '\0') {
		reply_error(r, 400, "bad_request", "%s: empty", key);
		return NULL;
	}
	if (strlen(s) != json_string_length(v)) {
		reply_error(r, 400, "bad_request", "%s: contains characters that are not allowed",
			    key);
		return NULL;
	}
	t = request_check_text(s, multiline, max);
	if (t == TEXT_TOO_LONG)
		reply_error(r, 400, "bad_request", "%s: too long (at most %ld characters)", key,
			    max);
	else if (t != TEXT_OK)
		reply_error(r, 400, "bad_request", "%s: contains characters that are not allowed "
			    "(control, bidi or invisible characters)", key);
	return t == TEXT_OK ? s : NULL;
}

/* The item to publish from the body: 0, or -1 with the 400 set. Strings point into body. */
static int read_item(json_t *body, struct reply *r, struct qa_item *q)
{
	const char *lang = json_string_value(json_object_get(body, "lang"));
	const char *rid = json_string_value(json_object_get(body, "request_id"));
	size_t i;

	if (rid == NULL || lower_uuid(rid, strlen(rid), q->request_id) < 0)
		return reply_error(r, 400, "bad_request", "request_id: needed (the question's "
				   "request id)");
	q->question = (char *)text_field(body, "question", 1, HUB_MAX_QUESTION, r);
	if (q->question == NULL)
		return -1;
	q->answer = (char *)text_field(body, "answer", 1, HUB_MAX_ANSWER, r);
	if (q->answer == NULL)
		return -1;
	q->answered_by = (char *)text_field(body, "answered_by", 0, HUB_MAX_ANSWERER, r);
	if (q->answered_by == NULL)
		return -1;
	for (i = 0; lang != NULL && i < sizeof qa_langs / sizeof qa_langs[0]; i++) {
		if (strcmp(lang, qa_langs[i]) == 0) {
			snprintf(q->lang, sizeof q->lang, "%s", lang);
			return 0;
		}
	}
	return reply_error(r, 400, "bad_request", "lang: one of lt, en, ru, pl");
}

json_t *hub_qa_json(const struct qa_item *q)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(q->id));
	json_object_set_new(o, "question", hub_json_text(q->question));
	json_object_set_new(o, "answer", hub_json_text(q->answer));
	json_object_set_new(o, "answered_by", hub_json_text(q->answered_by));
	json_object_set_new(o, "published_at", hub_json_text(q->published_at));
	json_object_set_new(o, "lang", hub_json_text(q->lang));
	json_object_set_new(o, "age_group", hub_json_text(q->age_group));
	return o;
}

/* The case of the path for this token, inside the transaction: 1 live and allowed, else
 * the reply is set (404 unknown or deleted, 403 another county) and 0, or -1 on storage
 * failure with *err set. */
static int case_allowed(const struct hub_call *c, const char *case_id, struct reply *r,
			char **err)
{
	const struct municipality *m;
	char muni[6];
	int rc = store_case_live(c->store, case_id, muni, err);

	if (rc <= 0) {
		if (rc == 0)
			reply_error(r, 404, "not_found", "No such case");
		return rc;
	}
	if (c->tok->scope != SCOPE_STAFF || c->tok->county[0] == '\0')
		return 1;
	m = municipality_find(muni);
	if (m == NULL || strcmp(m->county, c->tok->county) != 0) {
		reply_error(r, 403, "forbidden", "This case belongs to another county");
		return 0;
	}
	return 1;
}

/* The request must be a question about this case: 1, else the reply is set and 0 (or -1
 * with *err set). */
static int request_fits(const struct hub_call *c, const struct qa_item *q, struct reply *r,
			char **err)
{
	char kind[12], case_id[37];
	int rc = store_request_target(c->store, q->request_id, kind, case_id, err);

	if (rc < 0)
		return -1;
	if (rc == 0)
		reply_error(r, 409, "conflict", "request_id: no such request (or it was purged)");
	else if (strcmp(kind, "question") != 0)
		reply_error(r, 409, "conflict", "request_id: that request is a %s, not a question",
			    kind);
	else if (strcmp(case_id, q->case_id) != 0)
		reply_error(r, 409, "conflict", "request_id: that question is about another case");
	else
		return 1;
	return 0;
}

/* Checks and publish inside one transaction: 0 with the reply set (or ok), -1 failure. */
static int publish(const struct hub_call *c, struct qa_item *q, struct reply *r, char **err)
{
	struct qa_item out;
	enum qa_result res;
	char now[21];
	int rc;

	now_rfc3339(now);
	rc = case_allowed(c, q->case_id, r, err);
	if (rc > 0)
		rc = request_fits(c, q, r, err);
	if (rc <= 0)
		return rc;
	if (store_qa_publish(c->store, q, now, &out, &res, err) < 0)
		return -1;
	if (res == QA_CONFLICT) {
		reply_error(r, 409, "conflict", "request_id: answered already for another case");
		return 0;
	}
	reply_json(r, res == QA_NEW ? 201 : 200, hub_qa_json(&out));
	qa_item_clear(&out);
	return 0;
}

void api_qa_post(const struct hub_call *c, struct reply *r)
{
	struct qa_item q;
	json_t *body;
	char *err = NULL;

	memset(&q, 0, sizeof q);
	if (parse_path(c->arg, q.case_id, NULL) < 0) {
		reply_error(r, 404, "not_found", "There is no such endpoint");
		return;
	}
	if (call_json(c, r, &body) < 0)
		return;
	if (read_item(body, r, &q) < 0)
		goto out;
	if (store_begin(c->store, &err) < 0)
		goto fail;
	if (publish(c, &q, r, &err) < 0) {
		store_rollback(c->store);
		goto fail;
	}
	if (r->status >= 300)
		store_rollback(c->store);
	else if (store_commit(c->store, &err) < 0)
		goto fail;
	goto out;
fail:
	buf_free(&r->body);
	memset(r, 0, sizeof *r);
	storage_failed(c, r, err);
out:
	json_decref(body);
}

void api_qa_delete(const struct hub_call *c, struct reply *r)
{
	char case_id[37], qa_id[37], now[21], *err = NULL;
	int rc;

	if (parse_path(c->arg, case_id, qa_id) < 0) {
		reply_error(r, 404, "not_found", "No such published answer");
		return;
	}
	now_rfc3339(now);
	if (store_begin(c->store, &err) < 0)
		goto fail;
	rc = case_allowed(c, case_id, r, &err);
	if (rc > 0)
		rc = store_qa_delete(c->store, case_id, qa_id, now, &err);
	if (rc < 0) {
		store_rollback(c->store);
		goto fail;
	}
	if (rc == 0 || r->status != 0) {
		store_rollback(c->store);
		if (r->status == 0)
			reply_error(r, 404, "not_found", "No such published answer");
		return;
	}
	if (store_commit(c->store, &err) < 0)
		goto fail;
	r->status = 204;
	return;
fail:
	buf_free(&r->body);
	memset(r, 0, sizeof *r);
	storage_failed(c, r, err);
}
