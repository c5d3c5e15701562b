/* The PostgreSQL store: the catalogue, and the questions and answers published on cases
 * (store_pg.h). The same behaviour as store_sqlite.c; new sequence numbers come only
 * from pg_next_seq, which holds the catalogue lock until the transaction ends, so a
 * check made before it is made again by the write after it (ON CONFLICT, WHERE). */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A live case by id: ids come in lower case, a catalogue may hold them in upper case
 * (only ASCII letters change, as in SQLite). */
#define CASE_BY_ID "kind = 'c' AND id IN ($1, upper($1 COLLATE \"C\")) AND deleted = 0"

/* What the feed adds to a live case: its published items as a compact JSON array,
 * oldest first, keys in the order SQLite's json_object gives them... */
#define QA_ARRAY "coalesce((SELECT '[' || string_agg(row_to_json(q)::text, ','" \
	" ORDER BY q.published_at, q.id) || ']' FROM (SELECT id, question, answer," \
	" answered_by, published_at, lang, age_group FROM case_qa" \
	" WHERE case_id = lower(c.id)) q), '[]')"
/* ...and its "this inspired me" totals: all, and the last 90 days counting today. */
#define INSPIRED "LEFT JOIN LATERAL (SELECT coalesce(sum(u.inspired), 0) AS total," \
	" coalesce(sum(u.inspired) FILTER (WHERE u.day >= (SELECT to_char(current_date - 89," \
	" 'YYYY-MM-DD'))), 0) AS recent FROM usage_cases u" \
	" WHERE u.case_id = lower(c.id) AND " LIVE_CASE ") i ON true"
#define LIVE_CASE "c.kind = 'c' AND c.deleted = 0"

static const char sql_cat_get[] =
	"SELECT deleted, body = $3 FROM catalogue WHERE kind = $1 AND id = $2";
/* a concurrent put of the same body by another hub (seen only after the lock) changes
 * nothing: no row comes back */
static const char sql_cat_upsert[] =
	"INSERT INTO catalogue(kind, id, seq, deleted, municipality, body, updated_at)"
	" VALUES($1, $2, $3::bigint, 0, coalesce($4, ''), $5, $6)"
	" ON CONFLICT (kind, id) DO UPDATE SET seq = excluded.seq, deleted = 0,"
	" body = coalesce(excluded.body, catalogue.body),"
	" municipality = coalesce($4, catalogue.municipality),"
	" updated_at = excluded.updated_at"
	" WHERE catalogue.deleted <> 0 OR catalogue.body IS DISTINCT FROM excluded.body"
	" RETURNING seq";
/* the municipality and the last body stay: requests about the item still find their
 * county, and staff what it was */
static const char sql_cat_delete[] =
	"UPDATE catalogue SET seq = $3::bigint, deleted = 1, updated_at = $4"
	" WHERE kind = $1 AND id = $2 AND deleted = 0";
static const char sql_cat_changes[] =
	"SELECT c.kind, c.id, c.seq, c.deleted, CASE WHEN c.deleted = 0 THEN c.body END,"
	" CASE WHEN " LIVE_CASE " THEN " QA_ARRAY " END, i.total, i.recent"
	" FROM catalogue c " INSPIRED
	" WHERE c.seq > $1::bigint ORDER BY c.seq LIMIT $2::bigint";
static const char sql_cat_last[] = "SELECT coalesce(max(seq), 0) FROM catalogue";
static const char sql_case_live[] =
	"SELECT municipality FROM catalogue WHERE " CASE_BY_ID " LIMIT 1";
static const char sql_case_touch[] =
	"UPDATE catalogue SET seq = $2::bigint, updated_at = $3 WHERE " CASE_BY_ID;
static const char sql_req_target[] =
	"SELECT kind, coalesce(lower((body::json ->> 'case_id') COLLATE \"C\"), '')"
	" FROM requests WHERE id = $1 AND body IS NOT NULL";
static const char sql_qa_by_req[] =
	"SELECT id, case_id, request_id, question, answer, answered_by, lang, published_at,"
	" age_group FROM case_qa WHERE request_id = $1";
/* another hub answering the same request at once: theirs is kept, ours becomes an edit */
static const char sql_qa_insert[] =
	"INSERT INTO case_qa(id, case_id, request_id, question, answer, answered_by, lang,"
	" published_at, age_group) VALUES($1, $2, $3, $4, $5, $6, $7, $8,"
	" coalesce((SELECT body::json ->> 'age_group' FROM requests WHERE id = $3), ''))"
	" ON CONFLICT DO NOTHING RETURNING id";
static const char sql_qa_edit[] =
	"UPDATE case_qa SET question = $2, answer = $3, answered_by = $4, lang = $5"
	" WHERE id = $1";
static const char sql_qa_delete[] = "DELETE FROM case_qa WHERE case_id = $1 AND id = $2";

/* How many rows a statement changed (or gave back). */
static int changes(PGresult *r)
{
	return strtol(PQcmdTuples(r), NULL, 10) > 0;
}

/* Catalogue -------------------------------------------------------------------- */

/* 1 if the item exists, with *live and *same (live with that body); 0 if not. */
static int cat_get(struct pg_store *s, const char *kind, const char *id, const char *body,
		   int *live, int *same, char **err)
{
	const char *p[3] = {kind, id, body};
	PGresult *r = pg_write(s, sql_cat_get, 3, p, err);
	int found;

	*live = *same = 0;
	if (r == NULL)
		return -1;
	found = PQntuples(r) > 0;
	if (found) {
		*live = pg_int(r, 0, 0) == 0;
		*same = *live && strcmp(pg_text(r, 0, 1), "t") == 0;
	}
	PQclear(r);
	return found;
}

int pgs_catalogue_put(struct store *st, char kind, const char *id, const char *municipality,
		      const char *body, const char *now, int *changed, char **err)
{
	struct pg_store *s = PG(st);
	char k[2] = {kind, '\0'}, seqs[24];
	const char *p[6] = {k, id, seqs, municipality, body, now};
	int64_t seq;
	int live, same;
	PGresult *r;

	*changed = 0;
	if (cat_get(s, k, id, body, &live, &same, err) < 0)
		return -1;
	if (same)
		return 0;
	if (pg_next_seq(s, &seq, err) < 0)
		return -1;
	pg_i64(seqs, seq);
	r = pg_write(s, sql_cat_upsert, 6, p, err);
	if (r == NULL)
		return -1;
	*changed = PQntuples(r) > 0;
	PQclear(r);
	return 0;
}

int pgs_catalogue_delete(struct store *st, char kind, const char *id, const char *now,
			 char **err)
{
	struct pg_store *s = PG(st);
	char k[2] = {kind, '\0'}, seqs[24];
	const char *p[4] = {k, id, seqs, now};
	int64_t seq;
	int live, same, rc = cat_get(s, k, id, NULL, &live, &same, err);
	PGresult *r;

	if (rc <= 0)
		return rc;
	if (!live)
		return 0;
	if (pg_next_seq(s, &seq, err) < 0)
		return -1;
	pg_i64(seqs, seq);
	r = pg_write(s, sql_cat_delete, 4, p, err);
	if (r == NULL)
		return -1;
	rc = changes(r);
	PQclear(r);
	return rc;
}

static void row_change(const PGresult *r, int i, void *item)
{
	struct catalogue_change *ch = item;

	ch->kind = pg_text(r, i, 0)[0] ? pg_text(r, i, 0)[0] : 'c';
	pg_copy(ch->id, sizeof ch->id, r, i, 1);
	ch->seq = pg_int(r, i, 2);
	ch->deleted = (int)pg_int(r, i, 3);
	ch->body = pg_strdup(r, i, 4);
	ch->qa = pg_strdup(r, i, 5);
	ch->inspired = pg_int(r, i, 6);
	ch->inspired_90d = pg_int(r, i, 7);
}

int pgs_catalogue_changes(struct store *st, int64_t since, int limit,
			  struct catalogue_change **out, int *n, int *more, char **err)
{
	char a[24], b[24];
	const char *p[2] = {pg_i64(a, since), pg_i64(b, (int64_t)limit + 1)};
	PGresult *r = pg_read(PG(st), sql_cat_changes, 2, p, err);

	*out = NULL;
	*n = *more = 0;
	if (r == NULL)
		return -1;
	/* one row more than asked tells whether there are more */
	*more = PQntuples(r) > limit;
	*out = pg_rows(r, limit > 0 ? limit : 0, sizeof **out, row_change, n);
	PQclear(r);
	return 0;
}

int pgs_catalogue_last_seq(struct store *st, int64_t *seq, char **err)
{
	PGresult *r = pg_read(PG(st), sql_cat_last, 0, NULL, err);

	*seq = 0;
	if (r == NULL)
		return -1;
	if (PQntuples(r) > 0)
		*seq = pg_int(r, 0, 0);
	PQclear(r);
	return 0;
}

/* Questions and answers ------------------------------------------------------------ */

int pgs_case_live(struct store *st, const char *id, char municipality[6], char **err)
{
	const char *p[1] = {id};
	PGresult *r = pg_write(PG(st), sql_case_live, 1, p, err);
	int found;

	municipality[0] = '\0';
	if (r == NULL)
		return -1;
	found = PQntuples(r) > 0;
	if (found)
		pg_copy(municipality, 6, r, 0, 0);
	PQclear(r);
	return found;
}

int pgs_request_target(struct store *st, const char *id, char kind[12], char case_id[37],
		       char **err)
{
	const char *p[1] = {id};
	PGresult *r = pg_write(PG(st), sql_req_target, 1, p, err);
	int found;

	kind[0] = case_id[0] = '\0';
	if (r == NULL)
		return -1;
	found = PQntuples(r) > 0;
	if (found) {
		pg_copy(kind, 12, r, 0, 0);
		pg_copy(case_id, 37, r, 0, 1);
	}
	PQclear(r);
	return found;
}

/* A new catalogue seq for the live case id (lower case), so kiosks get it again. */
static int case_touch(struct pg_store *s, const char *id, const char *now, char **err)
{
	char seqs[24];
	const char *p[3] = {id, seqs, now};
	int64_t seq;
	PGresult *r;

	if (pg_next_seq(s, &seq, err) < 0)
		return -1;
	pg_i64(seqs, seq);
	r = pg_write(s, sql_case_touch, 3, p, err);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

static void row_qa(const PGresult *r, int i, void *item)
{
	struct qa_item *q = item;

	pg_copy(q->id, sizeof q->id, r, i, 0);
	pg_copy(q->case_id, sizeof q->case_id, r, i, 1);
	pg_copy(q->request_id, sizeof q->request_id, r, i, 2);
	q->question = pg_strdup(r, i, 3);
	q->answer = pg_strdup(r, i, 4);
	q->answered_by = pg_strdup(r, i, 5);
	pg_copy(q->lang, sizeof q->lang, r, i, 6);
	pg_copy(q->published_at, sizeof q->published_at, r, i, 7);
	pg_copy(q->age_group, sizeof q->age_group, r, i, 8);
}

/* The item of request_id, read on the writer (write) or a reader: 1 found, 0 none. */
static int qa_get(struct pg_store *s, int write, const char *request_id, struct qa_item *out,
		  char **err)
{
	const char *p[1] = {request_id};
	PGresult *r = write ? pg_write(s, sql_qa_by_req, 1, p, err) :
		pg_read(s, sql_qa_by_req, 1, p, err);

	memset(out, 0, sizeof *out);
	return pg_first(r, out, row_qa);
}

static int same_text(const struct qa_item *a, const struct qa_item *b)
{
	return strcmp(a->question, b->question) == 0 && strcmp(a->answer, b->answer) == 0 &&
		strcmp(a->answered_by, b->answered_by) == 0 && strcmp(a->lang, b->lang) == 0;
}

/* q as a new item made now: 1 stored, 0 the request has one already. */
static int qa_insert(struct pg_store *s, const struct qa_item *q, const char *now, char **err)
{
	char id[37];
	const char *p[8] = {id, q->case_id, q->request_id, q->question, q->answer,
			    q->answered_by, q->lang, now};
	PGresult *r;
	int rc;

	uuid_make(id);
	r = pg_write(s, sql_qa_insert, 8, p, err);
	if (r == NULL)
		return -1;
	rc = PQntuples(r) > 0;
	PQclear(r);
	return rc;
}

/* q against the request's item old: the same, another case, or new text for it. */
static int qa_change(struct pg_store *s, const struct qa_item *q, const struct qa_item *old,
		     enum qa_result *res, char **err)
{
	const char *p[5] = {old->id, q->question, q->answer, q->answered_by, q->lang};
	PGresult *r;

	if (strcmp(old->case_id, q->case_id) != 0) {
		*res = QA_CONFLICT;
		return 0;
	}
	if (same_text(old, q)) {
		*res = QA_SAME;
		return 0;
	}
	*res = QA_EDITED;
	r = pg_write(s, sql_qa_edit, 5, p, err);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

/* Publish q, *res saying how: 0, or -1. */
static int qa_store(struct pg_store *s, const struct qa_item *q, const char *now,
		    enum qa_result *res, char **err)
{
	struct qa_item old;
	int rc = qa_get(s, 1, q->request_id, &old, err);

	if (rc == 0) {
		rc = qa_insert(s, q, now, err);
		if (rc != 0) {
			*res = QA_NEW;
			return rc < 0 ? -1 : 0;
		}
		/* another hub published for the request meanwhile */
		rc = qa_get(s, 1, q->request_id, &old, err);
		if (rc == 0)
			return set_error(err, "database: the answer could not be stored");
	}
	if (rc < 0)
		return -1;
	rc = qa_change(s, q, &old, res, err);
	qa_item_clear(&old);
	return rc;
}

int pgs_qa_publish(struct store *st, const struct qa_item *q, const char *now,
		   struct qa_item *out, enum qa_result *res, char **err)
{
	struct pg_store *s = PG(st);

	if (out != NULL)
		memset(out, 0, sizeof *out);
	if (qa_store(s, q, now, res, err) < 0)
		return -1;
	if (*res == QA_CONFLICT)
		return 0;
	if (*res != QA_SAME && case_touch(s, q->case_id, now, err) < 0)
		return -1;
	if (out == NULL)
		return 0;
	return qa_get(s, 1, q->request_id, out, err) < 0 ? -1 : 0;
}

int pgs_qa_delete(struct store *st, const char *case_id, const char *qa_id, const char *now,
		  char **err)
{
	struct pg_store *s = PG(st);
	const char *p[2] = {case_id, qa_id};
	PGresult *r = pg_write(s, sql_qa_delete, 2, p, err);
	int done;

	if (r == NULL)
		return -1;
	done = changes(r);
	PQclear(r);
	if (!done)
		return 0;
	return case_touch(s, case_id, now, err) < 0 ? -1 : 1;
}

int pgs_qa_of_request(struct store *st, const char *request_id, struct qa_item *out,
		      char **err)
{
	return qa_get(PG(st), 0, request_id, out, err);
}
