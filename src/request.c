#include "request.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "regions.h"
#include "util.h"

const char *const age_group_codes[AGE_COUNT] = {"under-14", "14-17", "18-24", "25-29", "30+"};

static const char *const field_names[] = {
	[RF_NONE] = "", [RF_ID] = "id", [RF_KIND] = "kind", [RF_TARGET] = "case_id",
	[RF_NAME] = "name", [RF_AGE_GROUP] = "age_group", [RF_CONTACT] = "contact",
	[RF_MESSAGE] = "message", [RF_LANG] = "lang", [RF_CONSENT] = "consent_version",
	[RF_CREATED_AT] = "created_at", [RF_KIOSK] = "kiosk_id", [RF_NOMINEE] = "nominee",
	[RF_NOMINEE_MUNICIPALITY] = "nominee_municipality", [RF_WHY] = "why",
	[RF_PUBLISH_CONSENT] = "publish_consent",
};

static const char msg_bad_utf8[] = N_("The text contains characters that are not allowed");

void request_free(struct request *r)
{
	if (r == NULL)
		return;
	free(r->name);
	free(r->contact);
	free(r->message);
	free(r->nominee);
	free(r->why);
	r->name = r->contact = r->message = r->nominee = r->why = NULL;
}

/* Strict UTF-8 decoding (no overlongs, no surrogates, nothing above U+10FFFF); this
 * module checks outside input on its own so it never depends on display code. Returns
 * the length, or 0 if the bytes at s are not a valid character. */
static int decode(const unsigned char *s, uint32_t *cp)
{
	uint32_t c = s[0];
	int n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return 0;
	if (c >= 0xD800 && c <= 0xDFFF)
		return 0;
	*cp = c;
	return n;
}

/* Characters never allowed in what a visitor types: controls, invisible formatting
 * (soft hyphen, grapheme joiner, Arabic letter mark, Mongolian vowel separator, zero
 * widths, word joiners, BOM), Hangul fillers that show as blanks, bidi overrides, line
 * separators, variation selectors, tags, noncharacters. */
static int cp_forbidden(uint32_t c, int allow_newline)
{
	if (c == '\n')
		return !allow_newline;
	if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
		return 1;
	if (c == 0xAD || c == 0x34F || c == 0x61C || c == 0x115F || c == 0x1160 ||
	    c == 0x180E || c == 0x3164 || c == 0xFFA0)
		return 1;
	if ((c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
	    (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF || c == 0xFFFE || c == 0xFFFF ||
	    (c >= 0xFFF9 && c <= 0xFFFC))
		return 1;
	if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0000 && c <= 0xE007F) ||
	    (c >= 0xE0100 && c <= 0xE01EF) || (c >= 0xFDD0 && c <= 0xFDEF) ||
	    (c & 0xFFFE) == 0xFFFE)
		return 1;
	return 0;
}

/* Combining marks: they belong to the character before them, so none may open a
 * field or a line (where they would hide or change what follows in other programs). */
static int cp_combining(uint32_t c)
{
	return (c >= 0x300 && c <= 0x36F) || (c >= 0x483 && c <= 0x489) ||
		(c >= 0x591 && c <= 0x5BD) || (c >= 0x610 && c <= 0x61A) ||
		(c >= 0x64B && c <= 0x65F) || c == 0x670 || (c >= 0x6D6 && c <= 0x6DC) ||
		(c >= 0x6DF && c <= 0x6E4) || (c >= 0x1AB0 && c <= 0x1AFF) ||
		(c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
		(c >= 0x302A && c <= 0x302F) || c == 0x3099 || c == 0x309A ||
		(c >= 0xFE20 && c <= 0xFE2F);
}

/* Count the characters of s; -1 if it is not valid UTF-8, holds a forbidden
 * character or has a combining mark at the start of a line or after a space. */
static long text_chars(const char *s, int allow_newline)
{
	const unsigned char *p = (const unsigned char *)s;
	long count = 0;
	uint32_t c, prev = '\n';
	int n;

	while (*p) {
		n = decode(p, &c);
		if (n == 0 || cp_forbidden(c, allow_newline))
			return -1;
		if (cp_combining(c) && (prev == '\n' || prev == ' ' || prev == '\t'))
			return -1;
		prev = c;
		p += n;
		count++;
	}
	return count;
}

static int is_blank(const char *s)
{
	if (s == NULL)
		return 1;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return *s == '\0';
}

/* A person's name: letters of any script (Lithuanian ones included), spaces, hyphens,
 * apostrophes and dots, with at least one letter. */
static const char *check_person(const char *s, const char *empty_msg)
{
	const unsigned char *p = (const unsigned char *)s;
	long count = 0;
	int letters = 0, n;
	uint32_t c;

	if (is_blank(s))
		return empty_msg;
	if (text_chars(s, 0) < 0)
		return msg_bad_utf8;
	while (*p) {
		n = decode(p, &c);
		p += n;
		count++;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
			letters++;
			continue;
		}
		if (c == ' ' || c == '-' || c == '\'' || c == '.' || c == 0x2019)
			continue;
		if (c >= 0xC0 && c != 0xD7 && c != 0xF7 && !(c >= 0x2000 && c <= 0x2BFF) &&
		    !(c >= 0x3000 && c <= 0x303F) && !(c >= 0xE000 && c <= 0xF8FF) &&
		    !(c >= 0xFE00 && c <= 0xFE0F) && c < 0xFFF0) {
			letters++;
			continue;
		}
		return N_("Please use only letters in the name");
	}
	if (count > MAX_NAME)
		return N_("The name is too long (at most 60 characters)");
	if (letters == 0)
		return N_("Please use only letters in the name");
	return NULL;
}

static const char *check_long_text(const char *s, long max, const char *empty_msg,
				   const char *long_msg)
{
	long n;

	if (is_blank(s))
		return empty_msg;
	n = text_chars(s, 1);
	if (n < 0)
		return msg_bad_utf8;
	if (n > max)
		return long_msg;
	return NULL;
}

/* A code like a kiosk id or a consent version: letters, digits, . _ - */
static int is_code(const char *s, size_t max)
{
	size_t i;

	if (s == NULL || s[0] == '\0' || strlen(s) > max)
		return 0;
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

static int digits(const char *s, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
	}
	return 0;
}

static int num(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int request_day_valid(const char *s)
{
	static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;

	if (s == NULL || strlen(s) < 10 || digits(s, 4) || s[4] != '-' || digits(s + 5, 2) ||
	    s[7] != '-' || digits(s + 8, 2))
		return 0;
	y = num(s, 4);
	m = num(s + 5, 2);
	d = num(s + 8, 2);
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/* RFC 3339: YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM), a real calendar day. */
static int rfc3339_valid(const char *s)
{
	size_t len = s ? strlen(s) : 0;
	const char *p;

	if (len < 20 || len > 31)
		return 0;
	if (digits(s, 4) || s[4] != '-' || digits(s + 5, 2) || s[7] != '-' ||
	    digits(s + 8, 2) || (s[10] != 'T' && s[10] != 't') || digits(s + 11, 2) ||
	    s[13] != ':' || digits(s + 14, 2) || s[16] != ':' || digits(s + 17, 2))
		return 0;
	if (!request_day_valid(s) || num(s + 11, 2) > 23 || num(s + 14, 2) > 59 ||
	    num(s + 17, 2) > 60)
		return 0;
	p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		return 1;
	if ((*p == '+' || *p == '-') && strlen(p) == 6 && !digits(p + 1, 2) && p[3] == ':' &&
	    !digits(p + 4, 2) && num(p + 1, 2) <= 23 && num(p + 4, 2) <= 59)
		return 1;
	return 0;
}

/* The e-mail part: local@domain with a dotted domain. Returns a new normalised copy of
 * the trimmed s[0..n), or NULL. */
static char *normalize_email(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);
	size_t local, i, label = 0;
	char *out;
	int dots = 0, tld_alpha = 1;

	if (at == NULL || memchr(at + 1, '@', n - (size_t)(at - s) - 1) != NULL)
		return NULL;
	local = (size_t)(at - s);
	if (local == 0 || local > 64 || n - local - 1 < 3 || s[0] == '.' || s[local - 1] == '.')
		return NULL;
	for (i = 0; i < local; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7F || strchr("\"(),:;<>[\\]", c) != NULL)
			return NULL;
		if (c == '.' && s[i + 1] == '.')
			return NULL;
	}
	out = xstrndup(s, n);
	for (i = local + 1; i < n; i++) {
		unsigned char c = (unsigned char)out[i];

		if (c >= 'A' && c <= 'Z')
			out[i] = (char)(c - 'A' + 'a');
		c = (unsigned char)out[i];
		if (c == '.') {
			if (label == 0 || out[i - 1] == '-')
				goto bad;
			dots++;
			label = 0;
			tld_alpha = 1;
			continue;
		}
		if (c == '-' && label == 0)
			goto bad;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c >= 0x80))
			goto bad;
		if (!((c >= 'a' && c <= 'z') || c >= 0x80))
			tld_alpha = 0;
		if (++label > 63)
			goto bad;
	}
	if (dots == 0 || label < 2 || !tld_alpha || out[n - 1] == '-')
		goto bad;
	return out;
bad:
	free(out);
	return NULL;
}

/* A phone number written with spaces, hyphens, dots, slashes or brackets; a Lithuanian
 * one in national form ("8 612 34567", "0 612 34567", "612 34567") gets +370. */
static char *normalize_phone(const char *s, size_t n)
{
	char d[32];
	size_t i, nd = 0;
	int plus = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '+' && nd == 0 && !plus) {
			plus = 1;
		} else if (c >= '0' && c <= '9') {
			if (nd + 1 >= sizeof d)
				return NULL;
			d[nd++] = c;
		} else if (c == '(' && i + 2 < n && s[i + 1] == '0' && s[i + 2] == ')' && plus) {
			i += 2; /* "+44 (0)20 ..." : the trunk zero is not dialled from abroad */
		} else if (c != ' ' && c != '-' && c != '.' && c != '/' && c != '(' && c != ')') {
			return NULL;
		}
	}
	d[nd] = '\0';
	if (!plus && nd > 2 && d[0] == '0' && d[1] == '0') {
		memmove(d, d + 2, nd - 1);
		nd -= 2;
		plus = 1;
	}
	if (plus) {
		if (nd < 8 || nd > 15 || d[0] == '0')
			return NULL;
		if (strncmp(d, "370", 3) == 0 && nd != 11)
			return NULL;
		return xasprintf("+%s", d);
	}
	if (nd == 9 && (d[0] == '8' || d[0] == '0'))
		return xasprintf("+370%s", d + 1);
	if (nd == 8 && d[0] != '0' && d[0] != '8')
		return xasprintf("+370%s", d);
	return NULL;
}

/* request_normalize_contact for s already checked with text_chars. */
static char *normalize_checked(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n > MAX_CONTACT * 4)
		return NULL;
	if (memchr(s, '@', n) != NULL)
		return normalize_email(s, n);
	return normalize_phone(s, n);
}

char *request_normalize_contact(const char *s)
{
	if (s == NULL || text_chars(s, 0) < 0)
		return NULL;
	return normalize_checked(s);
}

static const char *check_contact(const char *s)
{
	char *norm;
	long n;

	if (is_blank(s))
		return N_("Please enter an e-mail address or a phone number");
	n = text_chars(s, 0);
	if (n < 0)
		return msg_bad_utf8;
	if (n > MAX_CONTACT)
		return N_("The contact is too long (at most 120 characters)");
	norm = normalize_checked(s);
	if (norm == NULL)
		return N_("This does not look like an e-mail address or a phone number");
	free(norm);
	return NULL;
}

const char *request_check_field(enum request_field f, const char *value)
{
	int i;

	switch (f) {
	case RF_NONE:
		return NULL;
	case RF_ID:
		return value && uuid_valid(value) ? NULL : N_("The request id is not valid");
	case RF_KIND:
		if (value && (strcmp(value, "contact") == 0 || strcmp(value, "nomination") == 0 ||
			      strcmp(value, "question") == 0))
			return NULL;
		return N_("The kind must be contact, nomination or question");
	case RF_TARGET:
		if (is_blank(value))
			return N_("Please choose whom you want to contact");
		return uuid_valid(value) ? NULL : N_("The case or partner id is not valid");
	case RF_NAME:
		return check_person(value, N_("Please enter your first name"));
	case RF_AGE_GROUP:
		if (is_blank(value))
			return N_("Please choose your age group");
		if (strcmp(value, age_group_codes[AGE_UNDER_14]) == 0)
			return N_("Visitors under 14 cannot send this alone: "
				  "please ask a librarian or a parent to help");
		for (i = AGE_14_17; i < AGE_COUNT; i++) {
			if (strcmp(value, age_group_codes[i]) == 0)
				return NULL;
		}
		return N_("Please choose one of the age groups");
	case RF_CONTACT:
		return check_contact(value);
	case RF_MESSAGE:
		if (is_blank(value))
			return NULL;
		return check_long_text(value, MAX_MESSAGE, NULL,
				       N_("The message is too long (at most 1000 characters)"));
	case RF_LANG:
		if (value && (strcmp(value, "lt") == 0 || strcmp(value, "en") == 0 ||
			      strcmp(value, "ru") == 0 || strcmp(value, "pl") == 0))
			return NULL;
		return N_("The language must be one of lt, en, ru, pl");
	case RF_CONSENT:
		if (is_blank(value))
			return N_("The consent version is missing");
		return is_code(value, 15) ? NULL : N_("The consent version is not valid");
	case RF_CREATED_AT:
		return rfc3339_valid(value) ? NULL : N_("The time the request was made is not valid");
	case RF_KIOSK:
		if (is_blank(value))
			return N_("The kiosk id is missing");
		return is_code(value, 63) ? NULL : N_("The kiosk id is not valid");
	case RF_NOMINEE:
		return check_person(value, N_("Please enter the name of the person you nominate"));
	case RF_NOMINEE_MUNICIPALITY:
		if (is_blank(value))
			return N_("Please choose the municipality where the person works");
		return municipality_find(value) ? NULL : N_("This municipality is not known");
	case RF_WHY:
		return check_long_text(value, MAX_WHY,
				       N_("Please tell what the person does for the community"),
				       N_("The text is too long (at most 1000 characters)"));
	case RF_PUBLISH_CONSENT:
		return NULL;
	}
	return NULL;
}

enum text_check request_check_text(const char *s, int multiline, long max)
{
	long n = s != NULL ? text_chars(s, multiline) : 0;

	if (n < 0)
		return TEXT_BAD_CHARS;
	return n > max ? TEXT_TOO_LONG : TEXT_OK;
}


static int problem(struct request_problem *p, enum request_field f, const char *msg)
{
	if (p != NULL) {
		p->field = f;
		p->field_name = field_names[f];
		p->message = msg;
	}
	return -1;
}

static int check(struct request_problem *p, enum request_field f, const char *value)
{
	const char *msg = request_check_field(f, value);

	return msg ? problem(p, f, msg) : 0;
}

/* A question (DESIGN §3, second round): to the career maker of a case, published with
 * its answer, so the asker must have agreed; a contact is optional. */
static int validate_question(const struct request *r, struct request_problem *p)
{
	long n;

	if (r->partner_id[0])
		return problem(p, RF_TARGET, N_("A question is for a case, not a partner"));
	if (r->case_id[0] == '\0')
		return problem(p, RF_TARGET, N_("Please choose the story you ask about"));
	if (check(p, RF_TARGET, r->case_id) || check(p, RF_NAME, r->name) ||
	    check(p, RF_AGE_GROUP, r->age_group))
		return -1;
	if (!is_blank(r->contact) && check(p, RF_CONTACT, r->contact))
		return -1;
	if (is_blank(r->message))
		return problem(p, RF_MESSAGE, N_("Please write your question"));
	n = text_chars(r->message, 1);
	if (n < 0)
		return problem(p, RF_MESSAGE, msg_bad_utf8);
	if (n > MAX_QUESTION)
		return problem(p, RF_MESSAGE, N_("The question is too long (at most 500 "
						 "characters)"));
	if (check(p, RF_LANG, r->lang) || check(p, RF_CONSENT, r->consent_version) ||
	    check(p, RF_CREATED_AT, r->created_at) || check(p, RF_KIOSK, r->kiosk_id))
		return -1;
	if (!is_blank(r->nominee) || r->nominee_municipality[0] || !is_blank(r->why))
		return problem(p, RF_NOMINEE, N_("A question has no nominee"));
	if (!r->publish_consent)
		return problem(p, RF_PUBLISH_CONSENT,
			       N_("Please agree that the question and its answer are published"));
	return 0;
}

int request_validate(const struct request *r, struct request_problem *p)
{
	int nomination;

	if (p != NULL)
		problem(p, RF_NONE, NULL);
	if (check(p, RF_ID, r->id) || check(p, RF_KIND, r->kind))
		return -1;
	if (strcmp(r->kind, "question") == 0)
		return validate_question(r, p);
	if (r->publish_consent)
		return problem(p, RF_PUBLISH_CONSENT, N_("Only a question is published"));
	nomination = strcmp(r->kind, "nomination") == 0;
	if (!nomination) {
		if (r->case_id[0] && r->partner_id[0])
			return problem(p, RF_TARGET,
				       N_("A request is for one case or one partner, not both"));
		if (check(p, RF_TARGET, r->case_id[0] ? r->case_id : r->partner_id))
			return -1;
	} else {
		if ((r->case_id[0] && check(p, RF_TARGET, r->case_id)) ||
		    (r->partner_id[0] && check(p, RF_TARGET, r->partner_id)))
			return -1;
	}
	if (check(p, RF_NAME, r->name) || check(p, RF_AGE_GROUP, r->age_group) ||
	    check(p, RF_CONTACT, r->contact) || check(p, RF_MESSAGE, r->message) ||
	    check(p, RF_LANG, r->lang) || check(p, RF_CONSENT, r->consent_version) ||
	    check(p, RF_CREATED_AT, r->created_at) || check(p, RF_KIOSK, r->kiosk_id))
		return -1;
	if (nomination) {
		if (check(p, RF_NOMINEE, r->nominee) ||
		    check(p, RF_NOMINEE_MUNICIPALITY, r->nominee_municipality) ||
		    check(p, RF_WHY, r->why))
			return -1;
	} else if (!is_blank(r->nominee) || r->nominee_municipality[0] || !is_blank(r->why)) {
		return problem(p, RF_NOMINEE, N_("A contact request has no nominee"));
	}
	return 0;
}

/* JSON ------------------------------------------------------------------------- */

enum slot_kind { FIXED, OWNED };

struct slot {
	const char *key;
	enum request_field field;
	enum slot_kind kind;
	size_t off;             /* offset of the char array or the char * in the struct */
	size_t size;            /* FIXED: the array's size */
};

#define FIX(k, f, m) {k, f, FIXED, offsetof(struct request, m), \
		      sizeof(((struct request *)0)->m)}
#define OWN(k, f, m) {k, f, OWNED, offsetof(struct request, m), 0}

static const struct slot slots[] = {
	FIX("id", RF_ID, id),
	FIX("kind", RF_KIND, kind),
	FIX("case_id", RF_TARGET, case_id),
	FIX("partner_id", RF_TARGET, partner_id),
	OWN("name", RF_NAME, name),
	FIX("age_group", RF_AGE_GROUP, age_group),
	OWN("contact", RF_CONTACT, contact),
	OWN("message", RF_MESSAGE, message),
	FIX("lang", RF_LANG, lang),
	FIX("consent_version", RF_CONSENT, consent_version),
	FIX("created_at", RF_CREATED_AT, created_at),
	FIX("kiosk_id", RF_KIOSK, kiosk_id),
	OWN("nominee", RF_NOMINEE, nominee),
	FIX("nominee_municipality", RF_NOMINEE_MUNICIPALITY, nominee_municipality),
	OWN("why", RF_WHY, why),
};
#define NSLOTS (sizeof slots / sizeof slots[0])

static void lower_ascii(char *s)
{
	for (; *s; s++) {
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
	}
}

int request_from_json(json_t *j, struct request *out, char **err)
{
	size_t i;
	struct request_problem p;
	char *norm;

	memset(out, 0, sizeof *out);
	if (!json_is_object(j))
		return set_error(err, "request: not a JSON object");
	for (i = 0; i < NSLOTS; i++) {
		const struct slot *s = &slots[i];
		json_t *v = json_object_get(j, s->key);
		const char *str;
		size_t len;

		if (v == NULL || json_is_null(v))
			continue;
		if (!json_is_string(v)) {
			request_free(out);
			return set_error(err, "%s: must be a string", s->key);
		}
		str = json_string_value(v);
		len = json_string_length(v);
		if (strlen(str) != len || text_chars(str, 1) < 0) {
			request_free(out);
			return set_error(err, "%s: %s", s->key, msg_bad_utf8);
		}
		if (s->kind == FIXED) {
			if (len >= s->size) {
				request_free(out);
				return set_error(err, "%s: too long", s->key);
			}
			memcpy((char *)out + s->off, str, len + 1);
		} else {
			if (len > 4000) {
				request_free(out);
				return set_error(err, "%s: too long", s->key);
			}
			*(char **)((char *)out + s->off) = xstrndup(str, len);
		}
	}
	{
		json_t *pc = json_object_get(j, "publish_consent");

		if (pc != NULL && !json_is_null(pc) && !json_is_boolean(pc)) {
			request_free(out);
			return set_error(err, "publish_consent: must be true or false");
		}
		out->publish_consent = json_is_true(pc);
	}
	/* ids compare exactly wherever they are stored: one spelling, lower case */
	lower_ascii(out->id);
	lower_ascii(out->case_id);
	lower_ascii(out->partner_id);
	if (request_validate(out, &p) < 0) {
		set_error(err, "%s: %s", p.field_name, p.message);
		request_free(out);
		return -1;
	}
	norm = request_normalize_contact(out->contact);
	free(out->contact);
	out->contact = norm;
	return 0;
}

json_t *request_to_json(const struct request *r)
{
	json_t *j = json_object();
	size_t i;

	for (i = 0; i < NSLOTS; i++) {
		const struct slot *s = &slots[i];
		const char *v;

		if (s->kind == FIXED)
			v = (const char *)r + s->off;
		else
			v = *(char *const *)((const char *)r + s->off);
		if (v != NULL && v[0] != '\0')
			json_object_set_new(j, s->key, json_string(v));
	}
	if (r->publish_consent)
		json_object_set_new(j, "publish_consent", json_true());
	return j;
}

char *request_canonical(const struct request *r)
{
	json_t *j = request_to_json(r);
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	char *copy;

	json_decref(j);
	if (s == NULL)
		return xstrdup("");
	copy = xstrdup(s);
	free(s);
	return copy;
}

void request_ref_code(const char *id, char out[10])
{
	/* No 0/O, 1/I/L: 31 symbols that cannot be misread. */
	static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
	uint64_t h = 1469598103934665603ULL;
	int i, k = 0;

	for (; id && *id; id++) {
		char c = *id;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		h ^= (unsigned char)c;
		h *= 1099511628211ULL;
	}
	for (i = 0; i < 8; i++) {
		if (i == 4)
			out[k++] = '-';
		out[k++] = alphabet[h % 31];
		h /= 31;
	}
	out[k] = '\0';
}
