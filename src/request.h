/* request: contact requests, nominations and questions (DESIGN §3), their validation
 * (one set of rules for the kiosk form and the hub) and their JSON. No curses, no SQL. */
#ifndef VITRINA_REQUEST_H
#define VITRINA_REQUEST_H

#include <jansson.h>

#define MAX_NAME      60        /* characters */
#define MAX_CONTACT   120
#define MAX_MESSAGE   1000
#define MAX_WHY       1000
#define MAX_QUESTION  500       /* characters of a question's message */

enum age_group { AGE_UNDER_14, AGE_14_17, AGE_18_24, AGE_25_29, AGE_30_PLUS, AGE_COUNT };
/* "under-14" is never sent: it cannot submit. Codes "14-17", "18-24", "25-29", "30+". */
extern const char *const age_group_codes[AGE_COUNT];

struct request {
	char id[37];
	char kind[12];                  /* "contact", "nomination" or "question" */
	char case_id[37];               /* contact: one of case_id, partner_id; "" if none;
					 * question: the case asked about */
	char partner_id[37];
	char *name;                     /* first name */
	char age_group[8];
	char *contact;                  /* e-mail or phone, normalised */
	char *message;
	char lang[4];
	char consent_version[16];
	char created_at[32];
	char kiosk_id[64];
	char *nominee;                  /* nomination only */
	char nominee_municipality[6];
	char *why;
	int publish_consent;            /* question only: the asker agreed to publication
					 * (must be 1); JSON "publish_consent": true */
};

void request_free(struct request *r);  /* frees the members, not r */

/* The fields a visitor fills in, for reporting which one is wrong. */
enum request_field {
	RF_NONE, RF_ID, RF_KIND, RF_TARGET, RF_NAME, RF_AGE_GROUP, RF_CONTACT, RF_MESSAGE,
	RF_LANG, RF_CONSENT, RF_CREATED_AT, RF_KIOSK, RF_NOMINEE, RF_NOMINEE_MUNICIPALITY,
	RF_WHY, RF_PUBLISH_CONSENT
};

/* A validation problem: the field and a plain-language English message marked with
 * N_() (translate it with _() when showing it). */
struct request_problem {
	enum request_field field;
	const char *field_name;         /* JSON name, "contact" */
	const char *message;            /* N_("Please enter an e-mail address or a phone number") */
};

/* Check one field's value as the form would (for showing errors as the visitor types).
 * Returns NULL if fine, else the message (N_() string). */
const char *request_check_field(enum request_field f, const char *value);

/* Normalise a contact: an e-mail is trimmed and its domain lowercased; a phone number
 * such as "8 612 34567", "+370 612 34567" or "00370..." becomes "+37061234567".
 * Returns a new string, or NULL if it is neither a plausible e-mail nor a phone. */
char *request_normalize_contact(const char *s);

/* Validate a whole request. Returns 0 if valid, else -1 with *p describing the first
 * problem. */
int request_validate(const struct request *r, struct request_problem *p);

/* Check a line or a text written by staff (a note, a name) with the rules of visitors'
 * text: valid UTF-8; no C0/C1 controls (newlines only if multiline), bidi controls,
 * zero-width or other invisible characters; at most max characters. */
enum text_check { TEXT_OK, TEXT_BAD_CHARS, TEXT_TOO_LONG };
enum text_check request_check_text(const char *s, int multiline, long max);

/* 1 if s starts with a real calendar day "YYYY-MM-DD" (2026-02-31 is not one), else 0. */
int request_day_valid(const char *s);

/* JSON (DESIGN §3 field names). from_json rejects unknown types and bad UTF-8 through
 * the same rules as request_validate, returning -1 with "field: problem" in *err. */
int request_from_json(json_t *j, struct request *out, char **err);
json_t *request_to_json(const struct request *r);
/* A canonical serialisation for comparing content (same id, same content?). New
 * string, the caller frees it. */
char *request_canonical(const struct request *r);

/* A short reference code for the visitor, from the id: 8 characters from an alphabet
 * without easily confused letters (no 0/O, 1/I/L), shown as "ABCD-EFGH". out[10]. */
void request_ref_code(const char *id, char out[10]);

#endif
