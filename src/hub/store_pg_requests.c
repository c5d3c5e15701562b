/* The PostgreSQL store: requests, their notes and audit trail (store_pg.h). The same
 * behaviour as store_sqlite.c; what differs is how several hubs on one database stay
 * right: a request id is stored once by its unique key, and a status change holds the
 * request's row from reading its version to writing the next. */
#include "store_pg.h"

#include <stdio.h>
#include <string.h>

#include "regions.h"
#include "util.h"

/* Storing a request: the municipality of the case or partner it names (a deleted one's
 * too; ids come in lower case, a catalogue may hold them in upper case), whether the
 * catalogue holds any item of that kind, the insert, and the body an id holds. Plain
 * statements: the server plans each of them in a fraction of the time one statement
 * doing it all takes (measured: 5000 a second against 2500). */
#define CAT_MUNICIPALITY "SELECT municipality FROM catalogue WHERE kind = $1" \
	" AND id IN ($2, upper($2 COLLATE \"C\")) ORDER BY id LIMIT 1"
#define CAT_ANY "SELECT EXISTS (SELECT 1 FROM catalogue WHERE kind = $1)"
#define REQ_INSERT "INSERT INTO requests(id, kind, kiosk_id, county, created_at," \
	" received_at, status_at, updated_at, body) VALUES($1, $2, $3, $4, $5, $6, $6, $6, $7)" \
	" ON CONFLICT (id) DO NOTHING RETURNING 1"
#define REQ_BODY "SELECT body FROM requests WHERE id = $1"

/* The columns of a request for staff (row_request), as store_sqlite.c's REQ_COLS: its
 * own, then the catalogue body of the case it names or, without one, its partner (a
 * deleted item keeps its last body), whether that is deleted, and its answer's id. */
#define REQ_COLS "r.id, r.kind, r.status, r.county, r.kiosk_id, r.received_at," \
	" r.updated_at, r.version, r.body, t.body, coalesce(t.deleted, 0), q.id"
#define REQ_FROM " FROM requests r" \
	" CROSS JOIN LATERAL (SELECT r.body::json ->> 'case_id' AS cid," \
	" r.body::json ->> 'partner_id' AS pid) j" \
	" LEFT JOIN LATERAL (SELECT c.body, c.deleted FROM catalogue c" \
	" WHERE c.kind = CASE WHEN j.cid IS NULL THEN 'p' ELSE 'c' END" \
	" AND c.id IN (coalesce(j.cid, j.pid), upper(coalesce(j.cid, j.pid) COLLATE \"C\"))" \
	" ORDER BY c.id LIMIT 1) t ON true" \
	" LEFT JOIN case_qa q ON q.request_id = r.id"
/* request_filter: $1..$5 status, kind, county, kiosk, since (NULL: any); $6 limit
 * (NULL: none), $7 offset */
#define REQ_WHERE " WHERE r.body IS NOT NULL" \
	" AND ($1::text IS NULL OR r.status = $1) AND ($2::text IS NULL OR r.kind = $2)" \
	" AND ($3::text IS NULL OR r.county = $3) AND ($4::text IS NULL OR r.kiosk_id = $4)" \
	" AND ($5::text IS NULL OR r.received_at >= $5)"
#define REQ_ORDER " ORDER BY r.seq DESC LIMIT $6::bigint OFFSET $7::bigint"

/* The staff's change in one statement on a row locked by UPDATE_LOCK: $1 id, $2 the
 * status after, $3 now, $4 the version locked, $5 by, $6 the note (NULL none),
 * $7 token id, $8 the action, $9 the status before. */
#define UPDATE_LOCK "SELECT version, status FROM requests WHERE id = $1" \
	" AND body IS NOT NULL FOR UPDATE"
#define UPDATE_SQL "WITH u AS (UPDATE requests SET status = $2, version = version + 1," \
	" updated_at = $3, status_at = CASE WHEN status = $2 THEN status_at ELSE $3 END" \
	" WHERE id = $1 AND version = $4::bigint RETURNING version)," \
	" n AS (INSERT INTO request_notes(request_id, at, author, text)" \
	" SELECT $1, $3, $5, $6 FROM u WHERE $6::text IS NOT NULL)" \
	" INSERT INTO request_audit(request_id, at, actor, token_id, action, old_status," \
	" new_status, version) SELECT $1, $3, $5, $7, $8, $9, $2, version FROM u"

/* $1 before, $2 now: the personal data of closed and spam requests goes, the id stays */
#define PURGE_SQL "WITH p AS (UPDATE requests SET body = NULL, purged_at = $2" \
	" WHERE status IN ('closed', 'spam') AND status_at <= $1 AND body IS NOT NULL" \
	" RETURNING id, status)," \
	" n AS (DELETE FROM request_notes WHERE request_id IN (SELECT id FROM p))," \
	" a AS (INSERT INTO request_audit(request_id, at, actor, token_id, action," \
	" old_status, new_status, version)" \
	" SELECT id, $2, 'vitrina-hub purge', NULL, 'purge', status, status, 0 FROM p)" \
	" SELECT count(*) FROM p"

/* The municipality of catalogue item id of kind (live or deleted) in out: 1 if the item
 * is known, 0 if not, with *any set to whether the catalogue holds any item of kind. */
static int catalogue_municipality(struct pg_store *s, const char *kind, const char *id,
				  char out[6], int *any, char **err)
{
	const char *p[2] = {kind, id};
	PGresult *q = pg_write(s, CAT_MUNICIPALITY, 2, p, err);
	int known;

	out[0] = '\0';
	*any = 1;
	if (q == NULL)
		return -1;
	known = PQntuples(q) > 0;
	if (known)
		pg_copy(out, 6, q, 0, 0);
	PQclear(q);
	if (known)
		return 1;
	q = pg_write(s, CAT_ANY, 1, p, err);
	if (q == NULL)
		return -1;
	*any = strcmp(pg_text(q, 0, 0), "t") == 0;
	PQclear(q);
	return 0;
}

/* An id already stored: PUT_SAME or PUT_CONFLICT in *res, or 0 in *found. */
static int request_stored(struct pg_store *s, const struct request_in *r, int *found,
			  enum put_result *res, char **err)
{
	const char *p[1] = {r->id};
	PGresult *q = pg_write(s, REQ_BODY, 1, p, err);

	*found = 0;
	if (q == NULL)
		return -1;
	*found = PQntuples(q) > 0;
	if (*found && PQgetisnull(q, 0, 0))
		*res = PUT_SAME;        /* purged: the hub had it; never store it twice */
	else if (*found)
		*res = strcmp(pg_text(q, 0, 0), r->body) == 0 ? PUT_SAME : PUT_CONFLICT;
	PQclear(q);
	return 0;
}

/* Insert r unless its id is stored (by this hub or another): 1 inserted, 0 not. */
static int request_insert(struct pg_store *s, const struct request_in *r, const char *county,
			  const char *now, char **err)
{
	const char *p[7] = {r->id, r->kind, r->kiosk_id, county, r->created_at, now, r->body};
	PGresult *q = pg_write(s, REQ_INSERT, 7, p, err);
	int n;

	if (q == NULL)
		return -1;
	n = PQntuples(q);
	PQclear(q);
	return n > 0;
}

int pgs_request_put(struct store *st, const struct request_in *r, const char *now,
		    enum put_result *res, char **err)
{
	struct pg_store *s = PG(st);
	const struct municipality *m;
	char mun[6] = "";
	int known = 1, any = 0, found, rc;

	if (strcmp(r->kind, "nomination") == 0) {
		snprintf(mun, sizeof mun, "%s", r->nominee_municipality);
	} else if (r->case_id[0] || r->partner_id[0]) {
		known = catalogue_municipality(s, r->case_id[0] ? "c" : "p",
					       r->case_id[0] ? r->case_id : r->partner_id, mun,
					       &any, err);
		if (known < 0)
			return -1;
	}
	if (!known && any) {
		/* a catalogue that lacks the item: refuse it, unless the id is stored */
		if (request_stored(s, r, &found, res, err) < 0)
			return -1;
		if (!found)
			*res = PUT_UNKNOWN;
		return 0;
	}
	m = municipality_find(mun);
	rc = request_insert(s, r, m != NULL ? m->county : "", now, err);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		*res = PUT_NEW;
		return 0;
	}
	/* ON CONFLICT waited for another hub storing the id; a new statement sees it */
	if (request_stored(s, r, &found, res, err) < 0)
		return -1;
	if (!found)
		return set_error(err, "database: request %s vanished", r->id);
	return 0;
}

static void row_request(const PGresult *q, int i, void *item)
{
	struct stored_request *o = item;

	memset(o, 0, sizeof *o);
	pg_copy(o->id, sizeof o->id, q, i, 0);
	pg_copy(o->kind, sizeof o->kind, q, i, 1);
	pg_copy(o->status, sizeof o->status, q, i, 2);
	pg_copy(o->county, sizeof o->county, q, i, 3);
	pg_copy(o->kiosk_id, sizeof o->kiosk_id, q, i, 4);
	pg_copy(o->received_at, sizeof o->received_at, q, i, 5);
	pg_copy(o->updated_at, sizeof o->updated_at, q, i, 6);
	o->version = pg_int(q, i, 7);
	o->body = pg_strdup(q, i, 8);
	o->item = pg_strdup(q, i, 9);
	o->item_deleted = (int)pg_int(q, i, 10);
	pg_copy(o->qa_id, sizeof o->qa_id, q, i, 11);
}

/* f as the parameters $1..$7 of REQ_WHERE and REQ_ORDER (lim and off hold numbers). */
static void filter_params(const struct request_filter *f, char lim[24], char off[24],
			  const char *p[7])
{
	p[0] = f->status;
	p[1] = f->kind;
	p[2] = f->county;
	p[3] = f->kiosk;
	p[4] = f->since;
	/* as SQLite: a negative limit is none, a negative offset nothing to skip */
	p[5] = f->limit < 0 ? NULL : pg_i64(lim, f->limit);
	p[6] = pg_i64(off, f->offset < 0 ? 0 : f->offset);
}

int pgs_requests_list(struct store *st, const struct request_filter *f,
		      struct stored_request **out, int *n, char **err)
{
	char lim[24], off[24];
	const char *p[7];
	PGresult *q;

	*out = NULL;
	*n = 0;
	filter_params(f, lim, off, p);
	q = pg_read_staff(PG(st), "SELECT " REQ_COLS REQ_FROM REQ_WHERE REQ_ORDER, 7, p, err);
	if (q == NULL)
		return -1;
	*out = pg_rows(q, -1, sizeof **out, row_request, n);
	PQclear(q);
	return 0;
}

int pgs_request_get(struct store *st, const char *id, struct stored_request *out, char **err)
{
	const char *p[1] = {id};
	PGresult *q = pg_read(PG(st), "SELECT " REQ_COLS REQ_FROM
			      " WHERE r.id = $1 AND r.body IS NOT NULL", 1, p, err);

	return pg_first(q, out, row_request);
}

static void row_note(const PGresult *q, int i, void *item)
{
	struct request_note *note = item;

	pg_copy(note->at, sizeof note->at, q, i, 0);
	note->by = pg_strdup(q, i, 1);
	note->text = pg_strdup(q, i, 2);
}

int pgs_request_notes(struct store *st, const char *id, struct request_note **out, int *n,
		      char **err)
{
	const char *p[1] = {id};
	PGresult *q = pg_read(PG(st), "SELECT at, author, text FROM request_notes"
			      " WHERE request_id = $1 ORDER BY id", 1, p, err);

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return -1;
	*out = pg_rows(q, -1, sizeof **out, row_note, n);
	PQclear(q);
	return 0;
}

static void row_history(const PGresult *q, int i, void *item)
{
	struct request_change *ch = item;

	pg_copy(ch->at, sizeof ch->at, q, i, 0);
	ch->by = pg_strdup(q, i, 1);
	pg_copy(ch->from, sizeof ch->from, q, i, 2);
	pg_copy(ch->to, sizeof ch->to, q, i, 3);
	ch->version = pg_int(q, i, 4);
}

int pgs_request_history(struct store *st, const char *id, struct request_change **out, int *n,
			char **err)
{
	const char *p[1] = {id};
	PGresult *q = pg_read(PG(st), "SELECT at, actor, coalesce(old_status, ''),"
			      " coalesce(new_status, ''), coalesce(version, 0)"
			      " FROM request_audit WHERE request_id = $1 ORDER BY id", 1, p, err);

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return -1;
	*out = pg_rows(q, -1, sizeof **out, row_history, n);
	PQclear(q);
	return 0;
}

/* Lock request id's row until the transaction ends: 1 with its version and status, 0
 * if it is unknown or purged. */
static int request_lock(struct pg_store *s, const char *id, int64_t *version, char old[16],
			char **err)
{
	const char *p[1] = {id};
	PGresult *q = pg_write(s, UPDATE_LOCK, 1, p, err);
	int found;

	if (q == NULL)
		return -1;
	found = PQntuples(q) > 0;
	if (found) {
		*version = pg_int(q, 0, 0);
		pg_copy(old, 16, q, 0, 1);
	}
	PQclear(q);
	return found;
}

int pgs_request_update(struct store *st, const char *id, int64_t if_version,
		       const char *status, const char *note, const char *by,
		       const char *token_id, const char *now, int64_t *new_version,
		       enum update_result *res, char **err)
{
	struct pg_store *s = PG(st);
	char old[16], vbuf[24];
	const char *p[9];
	int64_t version;
	PGresult *q;
	int found = request_lock(s, id, &version, old, err);

	if (found < 0)
		return -1;
	if (!found) {
		*res = UPDATE_NOT_FOUND;
		return 0;
	}
	if (if_version >= 0 && version != if_version) {
		*res = UPDATE_VERSION_MISMATCH;
		*new_version = version;
		return 0;
	}
	p[0] = id;
	p[1] = status ? status : old;
	p[2] = now;
	p[3] = pg_i64(vbuf, version);
	p[4] = by;
	p[5] = note;
	p[6] = token_id;
	p[7] = note ? (status ? "status+note" : "note") : "status";
	p[8] = old;
	q = pg_write(s, UPDATE_SQL, 9, p, err);
	if (q == NULL)
		return -1;
	/* the row is locked: its version cannot have moved */
	found = strcmp(PQcmdTuples(q), "1") == 0;
	PQclear(q);
	if (!found)
		return set_error(err, "database: request %s changed while locked", id);
	*new_version = version + 1;
	*res = UPDATE_OK;
	return 0;
}

int pgs_purge(struct store *st, const char *before, const char *now, int64_t *n, char **err)
{
	const char *p[2] = {before, now};
	PGresult *q = pg_write(PG(st), PURGE_SQL, 2, p, err);

	*n = 0;
	if (q == NULL)
		return -1;
	*n = pg_int(q, 0, 0);
	PQclear(q);
	return 0;
}

int pgs_requests_page(struct store *st, const struct request_filter *f, int64_t before,
		      struct stored_request **out, int *n, int64_t *last, char **err)
{
	char lim[24], off[24], bbuf[24];
	const char *p[8];
	PGresult *q;

	*out = NULL;
	*n = 0;
	filter_params(f, lim, off, p);
	p[7] = pg_i64(bbuf, before);
	/* keyset pages for streamed exports: seq < $8 instead of a growing OFFSET */
	q = pg_read_staff(PG(st), "SELECT " REQ_COLS ", r.seq" REQ_FROM REQ_WHERE
			  " AND ($8::bigint = 0 OR r.seq < $8::bigint)" REQ_ORDER, 8, p, err);
	if (q == NULL)
		return -1;
	*out = pg_rows(q, -1, sizeof **out, row_request, n);
	if (*n > 0)
		*last = pg_int(q, *n - 1, 12);
	PQclear(q);
	return 0;
}
