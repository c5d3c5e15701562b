/* GET /v1/health and GET /v1/cases: the catalogue change feed (cases, partners and
 * guides, each list in feed order). */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub.h"

#define CASES_DEFAULT_LIMIT 1000
#define CASES_MAX_LIMIT     10000

/* Open to anyone (load balancers, monitoring): ok only if the database answers a
 * cheap query; else 503 with the reason in plain words. */
void api_health(const struct hub_call *c, struct reply *r)
{
	char *err = NULL;
	json_t *j;

	if (store_check(c->store, &err) < 0) {
		j = json_pack("{s:s, s:s, s:s}", "status", "unavailable", "error", "unavailable",
			      "version", VERSION);
		json_object_set_new(j, "message", hub_json_text(err));
		hub_db_failed(c, err);
		reply_json(r, 503, j);
		return;
	}
	reply_json(r, 200, json_pack("{s:s, s:s}", "status", "ok", "version", VERSION));
}

/* A stored body is a compact JSON object: put seq and deleted in front of its keys and,
 * for a case, what the hub fills in (qa, inspired, inspired_90d) after them, last, so
 * that they win over any the import file had. */
static void add_item(struct buf *b, const struct catalogue_change *ch)
{
	size_t n;

	if (ch->deleted || ch->body == NULL || ch->body[0] != '{') {
		buf_addf(b, "{\"id\":\"%s\",\"seq\":%" PRId64 ",\"deleted\":true}", ch->id,
			 ch->seq);
		return;
	}
	buf_addf(b, "{\"seq\":%" PRId64 ",\"deleted\":false", ch->seq);
	n = strlen(ch->body);
	if (ch->kind != 'c' || ch->qa == NULL || n < 2 || ch->body[n - 1] != '}') {
		if (ch->body[1] != '}')
			buf_addc(b, ',');
		buf_adds(b, ch->body + 1);
		return;
	}
	if (ch->body[1] != '}') {
		buf_addc(b, ',');
		buf_add(b, ch->body + 1, n - 2);
	}
	buf_addf(b, ",\"qa\":%s,\"inspired\":%" PRId64 ",\"inspired_90d\":%" PRId64 "}",
		 ch->qa, ch->inspired, ch->inspired_90d);
}

void api_cases(const struct hub_call *c, struct reply *r)
{
	const char *since_s = call_query(c, "since"), *limit_s = call_query(c, "limit");
	long since = 0, limit = CASES_DEFAULT_LIMIT;
	struct catalogue_change *ch;
	struct buf lists[3] = {{0}};            /* cases, partners, guides */
	int counts[3] = {0};
	char *err = NULL;
	int n, more, i;
	int64_t next;

	if (since_s != NULL && parse_long(since_s, 0, LONG_MAX, &since) < 0) {
		reply_error(r, 400, "bad_request", "since must be a sequence number (0 or more)");
		return;
	}
	if (limit_s != NULL && parse_long(limit_s, 1, CASES_MAX_LIMIT, &limit) < 0) {
		reply_error(r, 400, "bad_request", "limit must be 1 to %d", CASES_MAX_LIMIT);
		return;
	}
	if (store_catalogue_changes(c->store, since, (int)limit, &ch, &n, &more, &err) < 0) {
		hub_db_failed(c, err);
		reply_error(r, 503, "unavailable", "Storage is unavailable");
		return;
	}
	next = since;
	for (i = 0; i < n; i++) {
		int k = ch[i].kind == 'p' ? 1 : ch[i].kind == 'g' ? 2 : 0;

		if (counts[k]++ > 0)
			buf_addc(&lists[k], ',');
		add_item(&lists[k], &ch[i]);
		next = ch[i].seq;
	}
	r->status = 200;
	r->content_type = "application/json";
	for (i = 0; i < 3; i++) {
		static const char *const names[] = {"{\"cases\":[", "],\"partners\":[",
						    "],\"guides\":["};

		buf_adds(&r->body, names[i]);
		if (lists[i].len)
			buf_add(&r->body, lists[i].s, lists[i].len);
		buf_free(&lists[i]);
	}
	buf_addf(&r->body, "],\"next\":%" PRId64 ",\"more\":%s}\n", next,
		 more ? "true" : "false");
	store_changes_list_free(ch, n);
}
