/* review: a small client of the hub's staff API (DESIGN §4) for `vitrina review`:
 * list requests with filters, read one, change its status or add a note with
 * If-Match, download the CSV export. libcurl (multi interface), no curses.
 *
 * Every exchange is a call that runs without blocking: start it, then drive it with
 * review_poll() (which can also return early when another descriptor, such as the
 * terminal, has input), or wait for it with review_call_wait(). TLS peers are verified,
 * every exchange has connect, total and low-speed timeouts, answers are capped in size,
 * and the token is never written anywhere but the Authorization header: the policy of
 * every client of the hub, in hubclient.h.
 *
 * Hidden knobs for tests (environment variables, optional):
 *   VITRINA_REVIEW_CONNECT_TIMEOUT_MS  connect timeout (default 5000)
 *   VITRINA_REVIEW_TIMEOUT_MS          total time of one exchange (default 20000; the
 *                                      CSV download gets ten times as long) */
#ifndef VITRINA_REVIEW_H
#define VITRINA_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hubclient.h"

#define REVIEW_MAX_NOTE 2000            /* characters, as the hub allows */
#define REVIEW_PAGE_MAX 1000            /* requests in one list answer, as the hub allows */

/* The statuses and kinds the hub knows, in workflow order. */
#define REVIEW_NSTATUS 5
extern const char *const review_statuses[REVIEW_NSTATUS];  /* "new" ... "spam" */
#define REVIEW_NKIND 3
extern const char *const review_kinds[REVIEW_NKIND];  /* "contact", "nomination", "question" */

struct review_note {
	char *at, *by, *text;
};

struct review_change {
	char *at, *by, *from, *to;
	int64_t version;
};

/* One request as the hub shows it to staff. Every string is owned (never NULL: ""
 * when the hub sent none) and raw: sanitise before showing (the ui toolkit does). */
struct review_item {
	char *id, *ref, *kind, *status, *county, *kiosk_id;
	char *created_at, *received_at, *updated_at;
	int64_t version;
	char *case_id, *partner_id;
	char *name, *age_group, *contact, *message, *lang, *consent_version;
	char *nominee, *nominee_municipality, *why;
	/* what the request is about, from the hub's catalogue ("" when unknown) */
	char *case_title, *case_person, *case_municipality;     /* a code, "LT-43" */
	char *partner_name;
	bool item_deleted;              /* that case or partner is no longer published */
	char *case_summary, *case_story, *case_lang;            /* the single read only */
	struct review_note *notes;      /* the single read only */
	int nnotes;
	struct review_change *history;  /* the single read only */
	int nhistory;
	/* the answer published for a question ("" when none; the texts: single read only) */
	char *qa_id, *qa_question, *qa_answer, *qa_answered_by, *qa_lang, *qa_published_at;
};

void review_item_free(struct review_item *it);  /* frees the members, not it */
void review_items_free(struct review_item *items, int n);  /* and the array */

/* Filters of the list and the CSV export; NULL or "" means any. */
struct review_filter {
	const char *status, *kind, *county, *kiosk, *since;
	int limit;                      /* 1..REVIEW_PAGE_MAX; 0: the hub's default */
	int offset;
};

struct review_client;
struct review_call;

/* A client of the hub described by o (url, token, ca_file, pinned_pubkey, proxy; the
 * strings are copied; the timeouts are the client's own), with the policy of
 * hubclient.h. Returns NULL with *err set on a URL or token that policy refuses, or if
 * libcurl cannot start. Free with review_client_free. */
struct review_client *review_client_new(const struct hubclient_opts *o, char **err);
/* Cancel every call still running and free the client (calls must be freed first). */
void review_client_free(struct review_client *c);
/* The hub's URL as given (without a trailing '/'). */
const char *review_client_url(const struct review_client *c);

/* Read the staff token: from token_file if not NULL; else from $VITRINA_TOKEN if set;
 * else from ~/.config/vitrina/token. A file is read by hubclient_token_read (a regular
 * file others cannot read). Returns a new string (free it with wipe_string), or NULL
 * with *err set (the message names the file, never the token). */
char *review_token_load(const char *token_file, char **err);

/* Start an exchange. Each returns a call (never NULL; a failure to start shows as a
 * finished call with an error). The caller frees it with review_call_free, which
 * cancels it if it still runs. */
struct review_call *review_list_start(struct review_client *c, const struct review_filter *f);
struct review_call *review_get_start(struct review_client *c, const char *id);
/* Change the status (NULL: keep) and/or add a note (NULL or "": none) of request id,
 * read at version (sent as If-Match). */
struct review_call *review_patch_start(struct review_client *c, const char *id,
				       int64_t version, const char *status, const char *note);
/* Publish the answer to question request_id with case case_id (POST
 * /v1/cases/ID/qa): question and answer as staff edited them, answered_by as it should
 * show, lang (lt, en, ru, pl). Publishing the same request again replaces its text. */
struct review_call *review_qa_publish_start(struct review_client *c, const char *case_id,
					    const char *request_id, const char *question,
					    const char *answer, const char *answered_by,
					    const char *lang);
/* Unpublish item qa_id of case case_id (DELETE /v1/cases/ID/qa/QAID). */
struct review_call *review_qa_delete_start(struct review_client *c, const char *case_id,
					   const char *qa_id);
/* Download the CSV of the requests matching f (limit and offset ignored) in charset
 * ("utf-8" or "windows-1257") to path: written to path.part, renamed when complete. */
struct review_call *review_csv_start(struct review_client *c, const struct review_filter *f,
				     const char *charset, const char *path);
/* GET hub_path ("/v1/stats?by=week", the query escaped by the caller) for a module that
 * reads the answer itself (src/review_stats.c): review_call_text has it once the call
 * is REVIEW_OK. Only paths under /v1/ are asked for. */
struct review_call *review_text_start(struct review_client *c, const char *hub_path);
/* Append "?key=value" or "&key=value" (escaped) to the query b when value is set. */
void review_query_add(struct buf *b, const char *key, const char *value);
/* Download what GET hub_path answers to path as review_csv_start does (path.part,
 * renamed when complete; review_call_bytes counts it). */
struct review_call *review_download_start(struct review_client *c, const char *hub_path,
					  const char *path);

/* Move every running call of c forward, waiting up to timeout_ms for network activity
 * or for wake_fd (-1: none) to become readable. Returns the number still running. */
int review_poll(struct review_client *c, int timeout_ms, int wake_fd);
/* Drive c until call k is done (blocking; for tests and the command line). */
void review_call_wait(struct review_call *k);
void review_call_free(struct review_call *k);

/* The outcome of a call. */
enum review_outcome {
	REVIEW_RUNNING,
	REVIEW_OK,              /* 2xx and a well-formed answer */
	REVIEW_NETWORK,         /* no answer: connection, TLS, timeout, too large */
	REVIEW_UNAUTHORISED,    /* 401: the token is wrong or revoked */
	REVIEW_FORBIDDEN,       /* 403: outside this token's county or scope */
	REVIEW_NOT_FOUND,       /* 404 */
	REVIEW_CONFLICT,        /* 412: someone else changed the request first */
	REVIEW_FAILED           /* any other error or a malformed answer */
};

enum review_outcome review_call_outcome(const struct review_call *k);
/* The HTTP status (0 if none arrived). */
long review_call_status(const struct review_call *k);
/* A plain one-line English description of what went wrong ("" when all is well);
 * the hub's own message when it sent one: the detail. Owned by the call. */
const char *review_call_error(const struct review_call *k);
/* What went wrong as one plain sentence for staff, from the hub's error code (DESIGN §4)
 * or libcurl's result ("Could not connect to the hub..."): an N_() string to translate
 * with _() when shown, or "" when all is well. */
const char *review_call_summary(const struct review_call *k);
/* The summary translated, then the detail in brackets: a new string (for messages). */
char *review_call_explain(const struct review_call *k);
/* List calls: the requests (owned by the call, or taken: *items becomes the caller's
 * and the call forgets them). Returns how many. */
int review_call_items(struct review_call *k, struct review_item **items, bool take);
/* Get and patch calls (not the qa calls, whose answer is only their outcome): the
 * request (moved into *out, which the caller frees with review_item_free). Returns -1 if
 * there is none. */
int review_call_take_item(struct review_call *k, struct review_item *out);
/* review_text_start calls: the answer as it came ("" when none); owned by the call. */
const char *review_call_text(const struct review_call *k);
/* CSV calls: the bytes written. */
int64_t review_call_bytes(const struct review_call *k);

/* Parse a list answer ({"requests": [...]}) or one request; for tests. -1 with *err. */
int review_parse_list(const char *json, struct review_item **items, int *n, char **err);
int review_parse_item(const char *json, struct review_item *out, char **err);

/* Helpers for display: a status's or kind's translatable label (N_() strings:
 * translate with _() when drawing), the code itself when unknown. */
const char *review_status_label(const char *status);
const char *review_kind_label(const char *kind);
/* Write a draft case for `vitrina-hub import` from nomination it ({"cases":[{...}]}:
 * a new id, the nominee as person, the nominee's municipality, the "why" as the story
 * (and the summary when it fits), contact_allowed and featured false; title, area and
 * themes left for a person to fill, marked so that the import refuses the file until
 * they are filled) into a new file in dir (NULL or "": the current folder), mode 0600,
 * named case-draft-REF.json (REF-2... if taken; never overwritten). Returns the file's
 * full path (a new string), or NULL with *err set. */
char *review_draft_case(const struct review_item *it, const char *dir, char **err);

/* An RFC 3339 UTC time ("2026-11-30T10:00:00Z") as local "2026-11-30 12:00" into out
 * (at least 17 bytes); a copy of the input when it cannot be read. */
void review_local_time(const char *rfc3339, char *out, size_t n);

#endif
