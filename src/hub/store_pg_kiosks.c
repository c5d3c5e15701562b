/* The PostgreSQL store: tokens, kiosks, their usage counts and the figures made of them,
 * enrolment codes (store_pg.h). Each function does what its store_* twin in
 * store_sqlite.c does (store.h); several hubs may run these at once on one database. */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regions.h"
#include "request.h"
#include "util.h"

/* Run sql on the writer, inside the transaction, and drop its result: 0, or -1. */
static int write_done(struct pg_store *s, const char *sql, int n, const char *const *p,
		      char **err)
{
	PGresult *r = pg_write(s, sql, n, p, err);

	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

/* Tokens ---------------------------------------------------------------------------- */

int pgs_token_add(struct store *s, const struct token_info *t, const unsigned char hash[32],
		  char **err)
{
	char h[67];
	const char *p[6] = {t->id, pg_hash(h, hash), scope_names[t->scope], t->name, t->county,
		t->created_at};

	/* a staff name goes into the audit trail staff read: checked as visitors' text is */
	if (t->scope != SCOPE_KIOSK && request_check_text(t->name, 0, 63) != TEXT_OK)
		return set_error(err, "the name contains characters that are not allowed "
				 "(control, bidi or invisible characters)");
	return write_done(PG(s), "INSERT INTO tokens(id, hash, scope, name, county, created_at)"
			  " VALUES($1, $2::bytea, $3, $4, $5, $6)", 6, p, err);
}

int pgs_token_revoke(struct store *s, const char *id, const char *now, char **err)
{
	const char *p[2] = {id, now};
	PGresult *r = pg_write(PG(s), "UPDATE tokens SET revoked_at = $2 WHERE id = $1"
			       " AND revoked_at IS NULL", 2, p, err);
	int rc;

	if (r == NULL)
		return -1;
	rc = strcmp(PQcmdTuples(r), "0") != 0;
	PQclear(r);
	return rc;
}

static enum scope scope_from(const char *s)
{
	if (strcmp(s, "admin") == 0)
		return SCOPE_ADMIN;
	if (strcmp(s, "staff") == 0)
		return SCOPE_STAFF;
	return SCOPE_KIOSK;
}

/* Row i of a token query: id, scope, name, county, created_at and maybe revoked_at. */
static void row_token(const PGresult *r, int i, void *item)
{
	struct token_info *t = item;

	memset(t, 0, sizeof *t);
	pg_copy(t->id, sizeof t->id, r, i, 0);
	t->scope = scope_from(pg_text(r, i, 1));
	pg_copy(t->name, sizeof t->name, r, i, 2);
	pg_copy(t->county, sizeof t->county, r, i, 3);
	pg_copy(t->created_at, sizeof t->created_at, r, i, 4);
	if (PQnfields(r) > 5)
		pg_copy(t->revoked_at, sizeof t->revoked_at, r, i, 5);
}

/* Called for every request whose token is not cached: one round trip. */
int pgs_token_lookup(struct store *s, const unsigned char hash[32], struct token_info *out,
		     char **err)
{
	char h[67];
	const char *p[1] = {pg_hash(h, hash)};
	PGresult *r = pg_read(PG(s), "SELECT id, scope, name, county, created_at FROM tokens"
			      " WHERE hash = $1::bytea AND revoked_at IS NULL", 1, p, err);

	return pg_first(r, out, row_token);
}

int pgs_token_list(struct store *s, struct token_info **out, int *n, char **err)
{
	PGresult *r = pg_read(PG(s), "SELECT id, scope, name, county, created_at,"
			      " coalesce(revoked_at, '') FROM tokens ORDER BY created_at, id",
			      0, NULL, err);

	*out = NULL;
	*n = 0;
	if (r == NULL)
		return -1;
	*out = pg_rows(r, -1, sizeof **out, row_token, n);
	PQclear(r);
	return 0;
}

/* Kiosks ---------------------------------------------------------------------------- */

int pgs_heartbeat(struct store *s, const struct kiosk_info *k, char **err)
{
	char b[4][24];
	const char *p[8] = {k->id, k->last_seen, k->version, pg_i64(b[0], k->outbox),
		pg_i64(b[1], k->seq), pg_i64(b[2], k->uptime_s), pg_i64(b[3], k->outbox_oldest_s),
		k->municipality};

	return write_done(PG(s), "INSERT INTO kiosks(id, last_seen, version, outbox, seq,"
			  " uptime_s, outbox_oldest_s, municipality) VALUES($1, $2, $3,"
			  " $4::bigint, $5::bigint, $6::bigint, $7::bigint, $8)"
			  " ON CONFLICT(id) DO UPDATE SET"
			  " last_seen = excluded.last_seen, version = excluded.version,"
			  " outbox = excluded.outbox, seq = excluded.seq,"
			  " uptime_s = excluded.uptime_s,"
			  " outbox_oldest_s = excluded.outbox_oldest_s,"
			  " municipality = excluded.municipality", 8, p, err);
}

static void row_kiosk(const PGresult *r, int i, void *item)
{
	struct kiosk_info *k = item;

	pg_copy(k->id, sizeof k->id, r, i, 0);
	pg_copy(k->last_seen, sizeof k->last_seen, r, i, 1);
	pg_copy(k->version, sizeof k->version, r, i, 2);
	k->outbox = pg_int(r, i, 3);
	k->seq = pg_int(r, i, 4);
	k->uptime_s = pg_int(r, i, 5);
	k->outbox_oldest_s = pg_int(r, i, 6);
	pg_copy(k->municipality, sizeof k->municipality, r, i, 7);
}

int pgs_kiosks(struct store *s, struct kiosk_info **out, int *n, char **err)
{
	PGresult *r = pg_read(PG(s), "SELECT id, last_seen, version, outbox, seq, uptime_s,"
			      " outbox_oldest_s, municipality FROM kiosks"
			      " UNION ALL SELECT DISTINCT name, '', '', 0, 0, 0, 0, '' FROM tokens"
			      " WHERE scope = 'kiosk' AND revoked_at IS NULL"
			      " AND name NOT IN (SELECT id FROM kiosks) ORDER BY 1", 0, NULL, err);

	*out = NULL;
	*n = 0;
	if (r == NULL)
		return -1;
	*out = pg_rows(r, -1, sizeof **out, row_kiosk, n);
	PQclear(r);
	return 0;
}

/* Usage counts ------------------------------------------------------------------------ */

/* How much each case's inspired total moves in this heartbeat: the rows it replaces
 * count negative, the rows it writes positive. A case whose changes add up to nothing
 * keeps its total. Computed from this transaction's own rows (not totals read before
 * and after), so a heartbeat of another kiosk on another hub committing in between
 * neither hides a change nor makes one up. */
struct delta {
	char id[37];
	int64_t d;
};
struct deltas {
	struct delta *a;
	int n, cap;
};

static void delta_add(struct deltas *ds, const char *id, int64_t d)
{
	if (d == 0)
		return;
	if (ds->n == ds->cap) {
		ds->cap = ds->cap ? ds->cap * 2 : 16;
		ds->a = xrealloc(ds->a, (size_t)ds->cap * sizeof *ds->a);
	}
	snprintf(ds->a[ds->n].id, sizeof ds->a[0].id, "%s", id);
	ds->a[ds->n++].d = d;
}

static int delta_cmp(const void *a, const void *b)
{
	return strcmp(((const struct delta *)a)->id, ((const struct delta *)b)->id);
}

/* Drop the kiosk's case counts of day, noting the inspired counts they held. */
static int usage_drop(struct pg_store *s, const char *kiosk, const char *day,
		      struct deltas *ds, char **err)
{
	const char *p[2] = {kiosk, day};
	PGresult *r = pg_write(s, "DELETE FROM usage_cases WHERE kiosk_id = $1 AND day = $2"
			       " RETURNING case_id, inspired", 2, p, err);
	int i;

	if (r == NULL)
		return -1;
	for (i = 0; i < PQntuples(r); i++)
		delta_add(ds, pg_text(r, i, 0), -pg_int(r, i, 1));
	PQclear(r);
	return 0;
}

static int usage_day_row(struct pg_store *s, const char *kiosk, const struct usage_day *d,
			 char **err)
{
	const struct municipality *m = municipality_find(d->municipality);
	char b[6][24];
	const char *p[10] = {kiosk, d->day, pg_i64(b[0], d->sessions), pg_i64(b[1], d->searches),
		pg_i64(b[2], d->quiz_done), pg_i64(b[3], d->requests[0]),
		pg_i64(b[4], d->requests[1]), pg_i64(b[5], d->requests[2]), m ? m->code : "",
		m ? m->county : ""};

	return write_done(s, "INSERT INTO usage_days(kiosk_id, day, sessions, searches,"
			  " quiz_done, req_contact, req_nomination, req_question, municipality,"
			  " county) VALUES($1, $2, $3::bigint, $4::bigint, $5::bigint, $6::bigint,"
			  " $7::bigint, $8::bigint, $9, $10) ON CONFLICT(kiosk_id, day) DO UPDATE"
			  " SET sessions = excluded.sessions, searches = excluded.searches,"
			  " quiz_done = excluded.quiz_done, req_contact = excluded.req_contact,"
			  " req_nomination = excluded.req_nomination,"
			  " req_question = excluded.req_question,"
			  " municipality = excluded.municipality, county = excluded.county",
			  10, p, err);
}

/* The cases of d as three array literals: ids, stories read, inspired. Ids are lower
 * case UUIDs; quoted all the same. */
static void usage_arrays(const struct usage_day *d, struct buf *ids, struct buf *read,
			 struct buf *insp)
{
	const char *c;
	int i;

	buf_addc(ids, '{');
	buf_addc(read, '{');
	buf_addc(insp, '{');
	for (i = 0; i < d->ncases; i++) {
		if (i > 0) {
			buf_addc(ids, ',');
			buf_addc(read, ',');
			buf_addc(insp, ',');
		}
		buf_addc(ids, '"');
		for (c = d->cases[i].id; *c != '\0'; c++) {
			if (*c == '"' || *c == '\\')
				buf_addc(ids, '\\');
			buf_addc(ids, *c);
		}
		buf_addc(ids, '"');
		buf_addf(read, "%lld", (long long)d->cases[i].stories_read);
		buf_addf(insp, "%lld", (long long)d->cases[i].inspired);
	}
	buf_addc(ids, '}');
	buf_addc(read, '}');
	buf_addc(insp, '}');
}

/* The cases of d the catalogue holds (live or deleted), in one statement (a case given
 * twice: the last); what it wrote comes back by id. */
#define USAGE_CASES "WITH v AS (SELECT * FROM unnest($3::text[], $4::bigint[], $5::bigint[])" \
	" WITH ORDINALITY AS v(id, r, i, o)), w AS (INSERT INTO usage_cases(kiosk_id, day," \
	" case_id, stories_read, inspired) SELECT DISTINCT ON (v.id) $1::text, $2::text," \
	" v.id, v.r, v.i FROM v WHERE EXISTS (SELECT 1 FROM catalogue c WHERE c.kind = 'c'" \
	" AND c.id IN (v.id, upper(v.id COLLATE \"C\"))) ORDER BY v.id, v.o DESC" \
	" ON CONFLICT(kiosk_id, day, case_id) DO UPDATE SET" \
	" stories_read = excluded.stories_read, inspired = excluded.inspired" \
	" RETURNING case_id, inspired) SELECT case_id, inspired FROM w" \
	" ORDER BY case_id COLLATE \"C\""

/* 1 if id is among the first column of r (sorted byte by byte). */
static int usage_written(const PGresult *r, const char *id)
{
	int lo = 0, hi = PQntuples(r), mid, c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(pg_text(r, mid, 0), id);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Write the case counts of d; cases the catalogue lacks are counted in *unknown. */
static int usage_cases(struct pg_store *s, const char *kiosk, const struct usage_day *d,
		       struct deltas *ds, int *unknown, char **err)
{
	struct buf ids = {0}, read = {0}, insp = {0};
	const char *p[5];
	PGresult *r;
	int i;

	if (d->ncases == 0)
		return 0;
	usage_arrays(d, &ids, &read, &insp);
	p[0] = kiosk;
	p[1] = d->day;
	p[2] = ids.s;
	p[3] = read.s;
	p[4] = insp.s;
	r = pg_write(s, USAGE_CASES, 5, p, err);
	buf_free(&ids);
	buf_free(&read);
	buf_free(&insp);
	if (r == NULL)
		return -1;
	for (i = 0; i < PQntuples(r); i++)
		delta_add(ds, pg_text(r, i, 0), pg_int(r, i, 1));
	for (i = 0; i < d->ncases; i++)
		*unknown += !usage_written(r, d->cases[i].id);
	PQclear(r);
	return 0;
}

/* A new catalogue seq for the live case id (lower case), so kiosks get it again. */
static int case_touch(struct pg_store *s, const char *id, const char *now, char **err)
{
	char b[24];
	int64_t seq = 0;
	const char *p[3] = {id, NULL, now};

	if (pg_next_seq(s, &seq, err) < 0)
		return -1;
	p[1] = pg_i64(b, seq);
	return write_done(s, "UPDATE catalogue SET seq = $2::bigint, updated_at = $3"
			  " WHERE kind = 'c' AND id IN ($1, upper($1 COLLATE \"C\")) AND deleted = 0",
			  3, p, err);
}

/* Touch each case whose inspired changes do not add up to nothing. */
static int usage_touch(struct pg_store *s, struct deltas *ds, const char *now, char **err)
{
	int i = 0, j;
	int64_t sum;

	if (ds->n > 1)
		qsort(ds->a, (size_t)ds->n, sizeof *ds->a, delta_cmp);
	while (i < ds->n) {
		sum = 0;
		for (j = i; j < ds->n && strcmp(ds->a[j].id, ds->a[i].id) == 0; j++)
			sum += ds->a[j].d;
		if (sum != 0 && case_touch(s, ds->a[i].id, now, err) < 0)
			return -1;
		i = j;
	}
	return 0;
}

int pgs_usage_put(struct store *st, const char *kiosk, const struct usage_day *days, int n,
		  const char *now, int *unknown, char **err)
{
	struct pg_store *s = PG(st);
	struct deltas ds = {0};
	int i, rc = 0;

	*unknown = 0;
	for (i = 0; i < n && rc == 0; i++) {
		/* the day's row first: its lock holds off another hub replacing the same
		 * kiosk's day until this one commits */
		if (usage_day_row(s, kiosk, &days[i], err) < 0 ||
		    usage_drop(s, kiosk, days[i].day, &ds, err) < 0 ||
		    usage_cases(s, kiosk, &days[i], &ds, unknown, err) < 0)
			rc = -1;
	}
	if (rc == 0)
		rc = usage_touch(s, &ds, now, err);
	free(ds.a);
	return rc;
}

/* Figures ----------------------------------------------------------------------------- */

/* By county, municipality or day (column k of usage_days): $1..$2 the days, $3 a county
 * or "". Each kiosk-day's case counts are summed from its own rows by the primary key. */
#define STATS_PLACE(k) "SELECT d." k " COLLATE \"C\", sum(d.sessions), sum(coalesce(u.r, 0))," \
	" sum(d.searches), sum(coalesce(u.i, 0)), sum(d.quiz_done), sum(d.req_contact)," \
	" sum(d.req_nomination), sum(d.req_question) FROM usage_days d LEFT JOIN LATERAL" \
	" (SELECT sum(c.stories_read) AS r, sum(c.inspired) AS i FROM usage_cases c" \
	" WHERE c.kiosk_id = d.kiosk_id AND c.day = d.day) u ON true" \
	" WHERE d.day BETWEEN $1 AND $2 AND ($3::text = '' OR d.county = $3::text)" \
	" GROUP BY 1 ORDER BY 1"
/* By case: the sums first, then the catalogue body of each case (a deleted one's last
 * body) and whether it is deleted; most stories read first, then by id. */
#define STATS_CASE(from, where) "SELECT a.case_id, 0, a.r, 0, a.i, 0, 0, 0, 0, c.body," \
	" coalesce(c.deleted, 0) FROM (SELECT u.case_id, sum(u.stories_read) AS r," \
	" sum(u.inspired) AS i FROM " from " WHERE " where " GROUP BY u.case_id" \
	" HAVING sum(u.stories_read) + sum(u.inspired) > 0) a LEFT JOIN LATERAL" \
	" (SELECT body, deleted FROM catalogue c WHERE c.kind = 'c'" \
	" AND c.id IN (a.case_id, upper(a.case_id COLLATE \"C\")) ORDER BY c.id LIMIT 1) c ON true" \
	" ORDER BY a.r DESC, a.case_id COLLATE \"C\""

static const char *const stats_sql[4] = {
	[STATS_COUNTY] = STATS_PLACE("county"),
	[STATS_MUNICIPALITY] = STATS_PLACE("municipality"),
	[STATS_DAY] = STATS_PLACE("day"),
	[STATS_CASE] = STATS_CASE("usage_cases u", "u.day BETWEEN $1 AND $2"),
};
/* one county: its kiosk-days first, then their case rows by the primary key */
static const char stats_case_in[] = STATS_CASE("usage_days d JOIN usage_cases u"
	" ON u.kiosk_id = d.kiosk_id AND u.day = d.day",
	"d.day BETWEEN $1 AND $2 AND d.county = $3");

static void row_stats(const PGresult *r, int i, void *item)
{
	struct stats_row *row = item;
	int k;

	pg_copy(row->key, sizeof row->key, r, i, 0);
	row->sessions = pg_int(r, i, 1);
	row->stories_read = pg_int(r, i, 2);
	row->searches = pg_int(r, i, 3);
	row->inspired = pg_int(r, i, 4);
	row->quiz_done = pg_int(r, i, 5);
	for (k = 0; k < 3; k++)
		row->requests[k] = pg_int(r, i, 6 + k);
	if (PQnfields(r) > 9) {
		row->item = pg_strdup(r, i, 9);
		row->item_deleted = (int)pg_int(r, i, 10);
	}
}

int pgs_stats(struct store *s, const char *from, const char *to, enum stats_by by,
	      const char *county, struct stats_row **out, int *n, char **err)
{
	const char *p[3] = {from, to, county ? county : ""};
	const char *sql;
	int np = 3;
	PGresult *r;

	*out = NULL;
	*n = 0;
	if ((unsigned)by > STATS_CASE)
		return set_error(err, "figures: no such grouping");
	sql = stats_sql[by];
	if (by == STATS_CASE && p[2][0] != '\0')
		sql = stats_case_in;
	else if (by == STATS_CASE)
		np = 2;
	r = pg_read_staff(PG(s), sql, np, p, err);     /* a replica if there is one */
	if (r == NULL)
		return -1;
	*out = pg_rows(r, -1, sizeof **out, row_stats, n);
	PQclear(r);
	return 0;
}

/* Enrolment codes --------------------------------------------------------------------- */

int pgs_enrol_add(struct store *st, const unsigned char hash[32], const char *kiosk_id,
		  const char *now, const char *expires_at, char **err)
{
	struct pg_store *s = PG(st);
	char h[67];
	const char *p[4] = {pg_hash(h, hash), kiosk_id, now, expires_at};

	/* a new code for a kiosk replaces the unused ones made for it before */
	if (write_done(s, "DELETE FROM enrol_codes WHERE kiosk_id = $1 AND used_at IS NULL",
		       1, p + 1, err) < 0)
		return -1;
	return write_done(s, "INSERT INTO enrol_codes(hash, kiosk_id, created_at, expires_at)"
			  " VALUES($1::bytea, $2, $3, $4)", 4, p, err);
}

/* Why a code that could not be taken was not: unknown, used or expired. */
static int enrol_why(struct pg_store *s, const char *const *p, char kiosk_id[64],
		     enum enrol_take *res, char **err)
{
	PGresult *r = pg_write(s, "SELECT kiosk_id, used_at IS NOT NULL FROM enrol_codes"
			       " WHERE hash = $1::bytea", 1, p, err);

	if (r == NULL)
		return -1;
	if (PQntuples(r) == 0) {
		*res = ENROL_TAKE_UNKNOWN;
	} else {
		pg_copy(kiosk_id, 64, r, 0, 0);
		/* not used yet, so the update left it for its time */
		*res = strcmp(pg_text(r, 0, 1), "t") == 0 ? ENROL_TAKE_USED : ENROL_TAKE_EXPIRED;
	}
	PQclear(r);
	return 0;
}

/* One update takes a good code (RFC 3339 UTC times in one format compare as text): of
 * two hubs taking the same code at once, the second waits for the first and finds it
 * used. */
int pgs_enrol_take(struct store *st, const unsigned char hash[32], const char *now,
		   const char *token_id, char kiosk_id[64], enum enrol_take *res, char **err)
{
	struct pg_store *s = PG(st);
	char h[67];
	const char *p[3] = {pg_hash(h, hash), now, token_id};
	PGresult *r;

	kiosk_id[0] = '\0';
	r = pg_write(s, "UPDATE enrol_codes SET used_at = $2, token_id = $3 WHERE hash = $1::bytea"
		     " AND used_at IS NULL AND expires_at > $2 RETURNING kiosk_id", 3, p, err);
	if (r == NULL)
		return -1;
	if (PQntuples(r) > 0) {
		pg_copy(kiosk_id, 64, r, 0, 0);
		*res = ENROL_TAKE_OK;
		PQclear(r);
		return 0;
	}
	PQclear(r);
	return enrol_why(s, p, kiosk_id, res, err);
}
