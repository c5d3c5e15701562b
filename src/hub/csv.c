#include "csv.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "request.h"
#include "text.h"

/* Fields of the request body, after the hub's own columns. */
static const char *const body_fields[] = {
	"created_at", "kind", "case_id", "partner_id", "name", "age_group", "contact",
	"message", "lang", "consent_version", "nominee", "nominee_municipality", "why",
};
#define NBODY (sizeof body_fields / sizeof body_fields[0])
/* From the catalogue, after the request's own fields. */
static const char *const item_fields[] = {"case_title", "partner_name"};
#define NITEM (sizeof item_fields / sizeof item_fields[0])

/* Characters a spreadsheet may skip or show as nothing before the first visible one:
 * spaces, invisible formatting, combining marks, variation selectors, tags, fillers. */
static int cp_skipped(uint32_t c)
{
	return c == ' ' || c == '\n' || c == 0xA0 || c == 0xAD || c == 0x34F ||
		(c >= 0x300 && c <= 0x36F) || c == 0x115F || c == 0x1160 || c == 0x180E ||
		(c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
		(c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
		(c >= 0x205F && c <= 0x206F) || (c >= 0x20D0 && c <= 0x20FF) ||
		c == 0x3000 || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) ||
		(c >= 0xFE20 && c <= 0xFE2F) || c == 0xFEFF || c == 0xFFA0 ||
		(c >= 0xE0000 && c <= 0xE007F) || (c >= 0xE0100 && c <= 0xE01EF);
}

/* = + - @ and the fullwidth and small forms a spreadsheet may read as them. */
static int cp_trigger(uint32_t c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ||
		c == 0xFF1D || c == 0xFF0B || c == 0xFF0D || c == 0xFF20 || c == 0x2212 ||
		c == 0xFE62 || c == 0xFE63 || c == 0xFE66 || c == 0xFE6B;
}

/* 1 if a spreadsheet could take the cell s for a formula. s is UTF-8 if utf8, else
 * an 8-bit charset (windows-1257: 0xA0 no-break space, 0xAD soft hyphen). */
static int formula_like(const char *s, int utf8)
{
	size_t n = strlen(s), i = 0;
	uint32_t c;

	while (i < n) {
		if (utf8) {
			i += (size_t)utf8_decode(s + i, n - i, &c);
		} else {
			c = (unsigned char)s[i++];
			if (c == 0xA0 || c == 0xAD)
				continue;
			if (c >= 0x80)
				return 0;
		}
		if (cp_trigger(c))
			return 1;
		if (!cp_skipped(c))
			return 0;
	}
	return 0;
}

/* The cell as the output holds it: text in the output charset, quotes doubled. */
static void field(struct buf *b, const char *s, int utf8)
{
	buf_addc(b, '"');
	if (s != NULL && formula_like(s, utf8))
		buf_addc(b, '\'');
	for (; s != NULL && *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

void csv_field(struct buf *b, const char *s)
{
	field(b, s, 1);
}

static int ascii_only(const char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s >= 0x80)
			return 0;
	}
	return 1;
}

/* Convert first, then guard and quote: transliteration may turn characters into
 * = + @ " or drop the ones in front of them. */
static void value(struct buf *b, const char *s, const char *charset)
{
	char *conv;

	if (charset == NULL || s == NULL || ascii_only(s)) {
		field(b, s, charset == NULL);
		return;
	}
	conv = charset_from_utf8(s, charset);
	field(b, conv, 0);
	free(conv);
}

void csv_header(struct buf *b, const char *charset)
{
	static const char *const head[] = {"id", "ref", "received_at", "status", "county",
					   "kiosk_id", "version", "updated_at"};
	size_t k;

	if (charset == NULL)
		buf_adds(b, "\xEF\xBB\xBF");
	for (k = 0; k < sizeof head / sizeof head[0]; k++) {
		if (k > 0)
			buf_addc(b, ',');
		field(b, head[k], 1);
	}
	for (k = 0; k < NBODY; k++) {
		buf_addc(b, ',');
		field(b, body_fields[k], 1);
	}
	for (k = 0; k < NITEM; k++) {
		buf_addc(b, ',');
		field(b, item_fields[k], 1);
	}
	buf_adds(b, "\r\n");
}

void csv_row(struct buf *b, const struct stored_request *r, const char *charset)
{
	json_t *j = r->body ? json_loads(r->body, 0, NULL) : NULL, *item;
	const char *own[8];
	int is_case;
	char ref[10], version[24];
	size_t k;

	request_ref_code(r->id, ref);
	snprintf(version, sizeof version, "%" PRId64, r->version);
	own[0] = r->id;
	own[1] = ref;
	own[2] = r->received_at;
	own[3] = r->status;
	own[4] = r->county;
	own[5] = r->kiosk_id;
	own[6] = version;
	own[7] = r->updated_at;
	for (k = 0; k < 8; k++) {
		if (k > 0)
			buf_addc(b, ',');
		value(b, own[k], charset);
	}
	for (k = 0; k < NBODY; k++) {
		buf_addc(b, ',');
		value(b, json_string_value(json_object_get(j, body_fields[k])), charset);
	}
	item = r->item ? json_loads(r->item, 0, NULL) : NULL;
	is_case = json_is_string(json_object_get(j, "case_id"));
	buf_addc(b, ',');
	value(b, is_case ? json_string_value(json_object_get(item, "title")) : NULL, charset);
	buf_addc(b, ',');
	value(b, is_case ? NULL : json_string_value(json_object_get(item, "name")), charset);
	buf_adds(b, "\r\n");
	json_decref(item);
	json_decref(j);
}

char *csv_requests(const struct stored_request *rows, int n, const char *charset)
{
	struct buf b = {0};
	int i;

	csv_header(&b, charset);
	for (i = 0; i < n; i++)
		csv_row(&b, &rows[i], charset);
	return buf_take(&b);
}
