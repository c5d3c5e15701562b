/* store: the hub's storage behind one small interface (tokens, requests with their
 * notes and audit trail, the catalogue change sequence, kiosk heartbeats). Two
 * versions: store_sqlite.c (SQLite, the default) and store_pg*.c (PostgreSQL, for
 * several hubs on one database); no SQL lives anywhere else. Safe to call from several
 * threads: writes are serialised by store_begin .. store_commit, reads use their own
 * connections. Functions return -1 with *err set on storage failure. */
#ifndef VITRINA_HUB_STORE_H
#define VITRINA_HUB_STORE_H

#include <stdint.h>

struct store;

enum scope { SCOPE_KIOSK, SCOPE_STAFF, SCOPE_ADMIN };
extern const char *const scope_names[3];

struct token_info {
	char id[17];                    /* 16 hex characters, shown for revoke */
	enum scope scope;
	char name[64];                  /* kiosk id or staff name */
	char county[6];                 /* staff limited to one county, else "" */
	char created_at[21];
	char revoked_at[21];            /* "" while valid */
};

/* Open (creating and migrating) the database: a SQLite file at name, or a PostgreSQL
 * database when name is a connection string ("postgresql://USER@HOST/DB",
 * "postgres://...", or key=value pairs such as "service=NAME"; a name with '=' is never
 * taken for a file). NULL with *err on failure. */
struct store *store_open(const char *name, char **err);
void store_close(struct store *s);
/* Whether name is a PostgreSQL connection string. */
int store_is_pg(const char *name);
/* PostgreSQL only: read lists, exports and figures from a replica at conninfo; writes,
 * and the version checks of staff changes, stay on the primary. -1 with *err on
 * SQLite or when the replica cannot be reached. */
int store_set_read_db(struct store *s, const char *conninfo, char **err);
/* How long a write waits for a lock held by another process (an import, a purge)
 * before it fails; 5000 ms unless set. */
void store_set_busy_timeout(struct store *s, int ms);

/* A write transaction: store_begin waits for the writer (one at a time), and
 * store_commit makes everything durable before it returns (synchronous=FULL).
 * Every store_* write below runs inside one. */
int store_begin(struct store *s, char **err);
int store_commit(struct store *s, char **err);
void store_rollback(struct store *s);

/* Tokens. hash is the SHA-256 of the token; add refuses a staff or admin name with
 * characters request_check_text refuses. revoke returns 1 if revoked, 0 if there
 * is no such valid token. lookup returns 1 and fills *out for a valid token, 0 if
 * unknown or revoked. list gives every token (for `token list`); free the array. */
int store_token_add(struct store *s, const struct token_info *t, const unsigned char hash[32],
		    char **err);
int store_token_revoke(struct store *s, const char *id, const char *now, char **err);
int store_token_lookup(struct store *s, const unsigned char hash[32], struct token_info *out,
		       char **err);
int store_token_list(struct store *s, struct token_info **out, int *n, char **err);

/* A validated request as stored: the canonical JSON body holds its fields (DESIGN §3). */
struct request_in {
	const char *id, *kind, *kiosk_id, *created_at;
	const char *case_id, *partner_id;       /* "" if none */
	const char *nominee_municipality;       /* "" if none */
	const char *body;                       /* canonical JSON */
};
enum put_result { PUT_NEW, PUT_SAME, PUT_CONFLICT, PUT_UNKNOWN };
/* Store r once: PUT_NEW the first time, PUT_SAME if the id holds the same body (or
 * was purged), PUT_CONFLICT if it holds another. The county comes from the case's or
 * partner's municipality (a deleted one's too), or the nominee's. PUT_UNKNOWN (not
 * stored): a contact for a case (partner) the catalogue lacks while it holds others
 * of that kind; with no cases (partners) at all the request is stored, county "".
 * r->id, case_id and partner_id are in lower case. */
int store_request_put(struct store *s, const struct request_in *r, const char *now,
		      enum put_result *res, char **err);

struct stored_request {
	char id[37];
	char kind[12];
	char status[16];
	char county[6];                 /* "" if unknown */
	char kiosk_id[64];
	char received_at[32], updated_at[32];
	int64_t version;
	char qa_id[37];                 /* the answer published for it, "" none */
	char *body;                     /* the canonical JSON of the request */
	char *item;                     /* the catalogue JSON (import shape) of the case the
					 * request names or, without one, its partner; a
					 * deleted one's last body; NULL if none is known */
	int item_deleted;               /* that item is deleted from the catalogue */
};
void stored_requests_free(struct stored_request *r, int n);
void stored_request_clear(struct stored_request *r);

struct request_filter {
	const char *status, *kind, *county, *kiosk;     /* NULL: any */
	const char *since;              /* received at or after this RFC 3339 time */
	int limit, offset;
};
/* Newest first. The caller frees *out with stored_requests_free. */
int store_requests_list(struct store *s, const struct request_filter *f,
			struct stored_request **out, int *n, char **err);
/* 1 found, 0 not found (or purged). Free with stored_request_clear. */
int store_request_get(struct store *s, const char *id, struct stored_request *out, char **err);

struct request_note {
	char at[32];
	char *by;
	char *text;
};
struct request_change {
	char at[32];
	char *by;
	char from[16], to[16];
	int64_t version;
};
/* Notes and the change history of a request, oldest first; free with
 * store_notes_free / store_changes_free. */
int store_request_notes(struct store *s, const char *id, struct request_note **out, int *n,
			char **err);
int store_request_history(struct store *s, const char *id, struct request_change **out,
			  int *n, char **err);
void store_notes_free(struct request_note *a, int n);
void store_changes_free(struct request_change *a, int n);

enum update_result { UPDATE_OK, UPDATE_NOT_FOUND, UPDATE_VERSION_MISMATCH };
/* Change status (NULL keeps it) and add a note (NULL: none) if the version is still
 * if_version (-1: whatever it is); records who did it in the audit trail.
 * *new_version on UPDATE_OK, the current version on UPDATE_VERSION_MISMATCH. */
int store_request_update(struct store *s, const char *id, int64_t if_version,
			 const char *status, const char *note, const char *by,
			 const char *token_id, const char *now, int64_t *new_version,
			 enum update_result *res, char **err);

/* Delete the personal data of closed (and spam) requests whose status has not changed
 * since `before`; keeps the id so a resend is recognised. *n: how many. */
int store_purge(struct store *s, const char *before, const char *now, int64_t *n,
		char **err);
/* Copy the write-ahead log into the database and empty it (after a purge), as far as
 * readers allow. Outside a transaction. */
void store_checkpoint(struct store *s);

/* Catalogue: kind is 'c' (case) or 'p' (partner). put stores body (the import JSON)
 * with a new sequence number unless the same body is already there (*changed 0).
 * delete leaves a tombstone with a new sequence number; returns 1, or 0 if there is
 * no such live item. */
int store_catalogue_put(struct store *s, char kind, const char *id, const char *municipality,
			const char *body, const char *now, int *changed, char **err);
int store_catalogue_delete(struct store *s, char kind, const char *id, const char *now,
			   char **err);

struct catalogue_change {
	char kind;
	char id[37];
	int64_t seq;
	int deleted;
	char *body;                     /* NULL for a tombstone */
	char *qa;                       /* a live case's published questions and answers, a
					 * JSON array oldest first; NULL otherwise */
	int64_t inspired;               /* a live case's "this inspired me" presses: all */
	int64_t inspired_90d;           /* and those of the last 90 days */
};
/* Up to limit changes after since, in order; *more if there are others after them. */
int store_catalogue_changes(struct store *s, int64_t since, int limit,
			    struct catalogue_change **out, int *n, int *more, char **err);
void store_changes_list_free(struct catalogue_change *c, int n);
/* The newest change's sequence number (0 with an empty catalogue). */
int store_catalogue_last_seq(struct store *s, int64_t *seq, char **err);

struct kiosk_info {
	char id[64];
	char last_seen[32];             /* "" never seen */
	char version[33];
	int64_t outbox, seq, uptime_s;
	int64_t outbox_oldest_s;        /* age of the oldest queued request */
	char municipality[6];           /* where it stands ("LT-43"), "" unknown */
};
int store_heartbeat(struct store *s, const struct kiosk_info *k, char **err);
/* Every kiosk that sent a heartbeat or holds a valid token, by id. Free the array. */
int store_kiosks(struct store *s, struct kiosk_info **out, int *n, char **err);

/* Questions answered in the open (DESIGN §2 qa, §4 POST /v1/cases/ID/qa). */
struct qa_item {
	char id[37];
	char case_id[37];               /* lower case */
	char request_id[37];            /* the question request it answers, lower case */
	char *question, *answer, *answered_by;
	char lang[4];
	char published_at[21];
	char age_group[8];              /* the asker's ("14-17"), "" if unknown; never a name */
};
void qa_item_clear(struct qa_item *q);

/* Inside a write transaction. The case id (lower case) in the catalogue: 1 and its
 * municipality if it is a live case, 0 if unknown or deleted. */
int store_case_live(struct store *s, const char *id, char municipality[6], char **err);
/* Inside a write transaction. The request id (lower case): 1 with its kind and case_id
 * ("" none) if it is stored with its body, 0 if unknown or purged. */
int store_request_target(struct store *s, const char *id, char kind[12], char case_id[37],
			 char **err);
/* Inside a write transaction: publish q (its id and published_at are made here unless
 * the request already has an item). QA_NEW: a new item; QA_SAME: the request's item
 * holds the same text (nothing changes); QA_EDITED: its text was replaced (id and
 * published_at kept); QA_CONFLICT: the request's item is about another case. *out (if
 * not NULL) gets the stored item on all but QA_CONFLICT; free it with qa_item_clear.
 * A change gives the case a new catalogue seq. */
enum qa_result { QA_NEW, QA_SAME, QA_EDITED, QA_CONFLICT };
int store_qa_publish(struct store *s, const struct qa_item *q, const char *now,
		     struct qa_item *out, enum qa_result *res, char **err);
/* Inside a write transaction: unpublish item qa_id of case_id (lower case): 1 done (the
 * case gets a new seq), 0 no such item of that case. */
int store_qa_delete(struct store *s, const char *case_id, const char *qa_id, const char *now,
		    char **err);
/* The item published for a request: 1 found (free with qa_item_clear), 0 none. */
int store_qa_of_request(struct store *s, const char *request_id, struct qa_item *out,
			char **err);

/* A kiosk's usage counts for a day (DESIGN §3 "Usage figures"). */
struct usage_case {
	char id[37];                    /* a case id, lower case */
	int64_t stories_read, inspired;
};
struct usage_day {
	char day[11];                   /* YYYY-MM-DD */
	char municipality[6];           /* the kiosk's place that day, "" unknown */
	int64_t sessions, searches, quiz_done;
	int64_t requests[3];            /* contact, nomination, question */
	struct usage_case *cases;
	int ncases;
};
/* Inside a write transaction: replace kiosk's counts of each of the n days (never add
 * to them). Cases the catalogue does not hold are left out and counted in *unknown.
 * Each case whose inspired total changed gets a new catalogue seq. */
int store_usage_put(struct store *s, const char *kiosk, const struct usage_day *days, int n,
		    const char *now, int *unknown, char **err);

/* Usage figures summed over days from..to (YYYY-MM-DD, both counted), grouped by the
 * kiosk's county or municipality on each day, by day, or by case. county ("" none)
 * keeps only the counts of kiosks in that county. */
enum stats_by { STATS_COUNTY, STATS_MUNICIPALITY, STATS_DAY, STATS_CASE };
struct stats_row {
	char key[37];                   /* county or municipality code ("" unknown), day,
					 * or case id */
	int64_t sessions, stories_read, searches, inspired, quiz_done;
	int64_t requests[3];            /* contact, nomination, question */
	char *item;                     /* by case: the case's catalogue JSON (a deleted
					 * one's last body), NULL if none */
	int item_deleted;
};
/* Rows by key (by case: most stories read first, then by key); only keys with counts.
 * By case only stories_read and inspired are filled. Free *out with
 * store_stats_free. */
int store_stats(struct store *s, const char *from, const char *to, enum stats_by by,
		const char *county, struct stats_row **out, int *n, char **err);
void store_stats_free(struct stats_row *rows, int n);

/* One page of a streamed export (hubops): the rows store_requests_list would give for
 * f (newest first, at most f->limit, after skipping f->offset), but only those whose
 * sequence number is below before (0: no bound). *last is the sequence number of the
 * last row given: pass it as before for the next page. Free *out with
 * stored_requests_free. */
int store_requests_page(struct store *s, const struct request_filter *f, int64_t before,
			struct stored_request **out, int *n, int64_t *last, char **err);
/* One catalogue snapshot build at a time among the hubs that share a database: 1 this
 * hub may build now (until store_build_unlock), 0 another one is building, -1 with *err.
 * On SQLite (one hub) always 1. */
int store_build_lock(struct store *s, char **err);
void store_build_unlock(struct store *s);
/* A cheap check that the database is there and can be read (for /v1/health): 0, or -1
 * with *err set to the reason. */
int store_check(struct store *s, char **err);

/* Enrolment codes (`enrol create`, POST /v1/enrol), kept as the SHA-256 of the code.
 * add stores a code for kiosk_id valid until expires_at (RFC 3339 UTC) and drops the
 * unused codes made for that kiosk before. take looks the code up at time now: *res
 * says whether it is unknown, used, expired or good; a good one is marked used (with
 * token_id, the token made for it) and kiosk_id gets its kiosk. Both run inside a
 * write transaction. */
enum enrol_take { ENROL_TAKE_OK, ENROL_TAKE_UNKNOWN, ENROL_TAKE_USED, ENROL_TAKE_EXPIRED };
int store_enrol_add(struct store *s, const unsigned char hash[32], const char *kiosk_id,
		    const char *now, const char *expires_at, char **err);
int store_enrol_take(struct store *s, const unsigned char hash[32], const char *now,
		     const char *token_id, char kiosk_id[64], enum enrol_take *res, char **err);

/* How far a long piece of work has got: done of total (both in pages for a backup). */
typedef void (*store_progress_fn)(void *arg, int64_t done, int64_t total);
/* A consistent copy of the whole database in a new file dest, made with SQLite's online
 * backup a step at a time inside one read transaction, so the hub (in this process or
 * another) keeps reading and writing meanwhile. progress (if not NULL) hears after each
 * step. The copy goes to a temporary file beside dest (mode 0600), is checked with
 * PRAGMA integrity_check, made a single file (journal_mode=DELETE) and synced, and only
 * then takes dest's name: an existing dest is replaced only if overwrite. Returns 0, or
 * -1 with *err set and nothing left behind. */
int store_backup(struct store *s, const char *dest, int overwrite, store_progress_fn progress,
		 void *arg, char **err);

#endif
