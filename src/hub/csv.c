#include "csv.h"

#include <inttypes.h>
#include <stdio.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"

/* Fields of the request body, after the hub's own columns. */
static const char *const body_fields[] = {
	"created_at", "kind", "case_id", "partner_id", "name", "age_group", "contact",
	"message", "lang", "consent_version", "nominee", "nominee_municipality", "why",
};
#define NBODY (sizeof body_fields / sizeof body_fields[0])

void csv_field(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	if (s != NULL && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
			  s[0] == '\t' || s[0] == '\r'))
		buf_addc(b, '\'');
	for (; s != NULL && *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

char *csv_requests(const struct stored_request *rows, int n, int bom)
{
	static const char *const head[] = {"id", "ref", "received_at", "status", "county",
					   "kiosk_id", "version", "updated_at"};
	struct buf b = {0};
	size_t k;
	int i;

	if (bom)
		buf_adds(&b, "\xEF\xBB\xBF");
	for (k = 0; k < sizeof head / sizeof head[0]; k++) {
		if (k > 0)
			buf_addc(&b, ',');
		csv_field(&b, head[k]);
	}
	for (k = 0; k < NBODY; k++) {
		buf_addc(&b, ',');
		csv_field(&b, body_fields[k]);
	}
	buf_adds(&b, "\r\n");
	for (i = 0; i < n; i++) {
		const struct stored_request *r = &rows[i];
		json_t *j = r->body ? json_loads(r->body, 0, NULL) : NULL;
		char ref[10], version[24];

		request_ref_code(r->id, ref);
		snprintf(version, sizeof version, "%" PRId64, r->version);
		csv_field(&b, r->id);
		buf_addc(&b, ',');
		csv_field(&b, ref);
		buf_addc(&b, ',');
		csv_field(&b, r->received_at);
		buf_addc(&b, ',');
		csv_field(&b, r->status);
		buf_addc(&b, ',');
		csv_field(&b, r->county);
		buf_addc(&b, ',');
		csv_field(&b, r->kiosk_id);
		buf_addc(&b, ',');
		csv_field(&b, version);
		buf_addc(&b, ',');
		csv_field(&b, r->updated_at);
		for (k = 0; k < NBODY; k++) {
			buf_addc(&b, ',');
			csv_field(&b, json_string_value(json_object_get(j, body_fields[k])));
		}
		buf_adds(&b, "\r\n");
		json_decref(j);
	}
	return buf_take(&b);
}
