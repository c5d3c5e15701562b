/* POST /v1/heartbeat from kiosks and GET /v1/kiosks for admins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub.h"
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
	now_rfc3339(k.last_seen);
	if (store_begin(c->store, &err) < 0)
		goto fail;
	if (store_heartbeat(c->store, &k, &err) < 0) {
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
		json_array_append_new(arr, o);
	}
	free(k);
	reply_json(r, 200, json_pack("{s:o}", "kiosks", arr));
}
