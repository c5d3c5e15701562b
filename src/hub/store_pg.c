/* The hub's storage on PostgreSQL (store.h): one writer connection per hub process
 * (serialised by a mutex, synchronous_commit as the server has it, on by default) and a
 * pool of reader connections. Several hubs may share one database: request ids are
 * unique keys, status changes check the version in the row they change, and catalogue
 * sequence numbers are taken under a transaction lock so they commit in order. */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The key of the transaction locks: schema migrations and catalogue numbering. */
#define LOCK_SCHEMA "7310001"
#define LOCK_CATALOGUE "7310002"
#define LOCK_SNAPSHOT "7310003"

/* migrations[i] takes the schema from version i to i + 1. Text is compared byte by byte
 * (COLLATE "C"), as SQLite does, whatever the database's locale. */
static const char *const migrations[] = {
	/* 1 */
	"CREATE TABLE tokens("
	" id text COLLATE \"C\" PRIMARY KEY, hash bytea NOT NULL UNIQUE,"
	" scope text NOT NULL, name text COLLATE \"C\" NOT NULL,"
	" county text NOT NULL DEFAULT '', created_at text COLLATE \"C\" NOT NULL,"
	" revoked_at text);"
	"CREATE TABLE requests("
	" seq bigserial PRIMARY KEY, id text COLLATE \"C\" NOT NULL UNIQUE,"
	" kind text NOT NULL, kiosk_id text COLLATE \"C\" NOT NULL,"
	" county text COLLATE \"C\" NOT NULL DEFAULT '', created_at text NOT NULL,"
	" received_at text COLLATE \"C\" NOT NULL, status text NOT NULL DEFAULT 'new',"
	" status_at text COLLATE \"C\" NOT NULL, version bigint NOT NULL DEFAULT 1,"
	" updated_at text NOT NULL, body text, purged_at text);"
	"CREATE INDEX requests_status ON requests(status, status_at);"
	"CREATE INDEX requests_county ON requests(county, seq);"
	"CREATE TABLE request_notes("
	" id bigserial PRIMARY KEY, request_id text COLLATE \"C\" NOT NULL,"
	" at text NOT NULL, author text NOT NULL, text text NOT NULL);"
	"CREATE INDEX request_notes_request ON request_notes(request_id);"
	"CREATE TABLE request_audit("
	" id bigserial PRIMARY KEY, request_id text COLLATE \"C\" NOT NULL,"
	" at text NOT NULL, actor text NOT NULL, token_id text, action text NOT NULL,"
	" old_status text, new_status text, version bigint);"
	"CREATE INDEX request_audit_request ON request_audit(request_id);"
	"CREATE SEQUENCE catalogue_seq;"
	"CREATE TABLE catalogue("
	" kind text COLLATE \"C\" NOT NULL, id text COLLATE \"C\" NOT NULL,"
	" seq bigint NOT NULL UNIQUE, deleted integer NOT NULL DEFAULT 0,"
	" municipality text COLLATE \"C\" NOT NULL DEFAULT '', body text,"
	" updated_at text NOT NULL, PRIMARY KEY(kind, id));"
	"CREATE TABLE kiosks("
	" id text COLLATE \"C\" PRIMARY KEY, last_seen text NOT NULL,"
	" version text NOT NULL DEFAULT '', outbox bigint NOT NULL DEFAULT 0,"
	" seq bigint NOT NULL DEFAULT 0, uptime_s bigint NOT NULL DEFAULT 0,"
	" outbox_oldest_s bigint NOT NULL DEFAULT 0,"
	" municipality text COLLATE \"C\" NOT NULL DEFAULT '');"
	"CREATE TABLE enrol_codes("
	" hash bytea PRIMARY KEY, kiosk_id text NOT NULL, created_at text NOT NULL,"
	" expires_at text COLLATE \"C\" NOT NULL, used_at text, token_id text);"
	"CREATE TABLE case_qa("
	" id text COLLATE \"C\" PRIMARY KEY, case_id text COLLATE \"C\" NOT NULL,"
	" request_id text COLLATE \"C\" NOT NULL UNIQUE, question text NOT NULL,"
	" answer text NOT NULL, answered_by text NOT NULL, lang text NOT NULL,"
	" published_at text COLLATE \"C\" NOT NULL,"
	" age_group text NOT NULL DEFAULT '');"
	"CREATE INDEX case_qa_case ON case_qa(case_id, published_at);"
	"CREATE TABLE usage_days("
	" kiosk_id text COLLATE \"C\" NOT NULL, day text COLLATE \"C\" NOT NULL,"
	" sessions bigint NOT NULL, searches bigint NOT NULL, quiz_done bigint NOT NULL,"
	" req_contact bigint NOT NULL, req_nomination bigint NOT NULL,"
	" req_question bigint NOT NULL,"
	" municipality text COLLATE \"C\" NOT NULL DEFAULT '',"
	" county text COLLATE \"C\" NOT NULL DEFAULT '', PRIMARY KEY(kiosk_id, day));"
	"CREATE INDEX usage_days_day ON usage_days(day, county);"
	"CREATE TABLE usage_cases("
	" kiosk_id text COLLATE \"C\" NOT NULL, day text COLLATE \"C\" NOT NULL,"
	" case_id text COLLATE \"C\" NOT NULL, stories_read bigint NOT NULL,"
	" inspired bigint NOT NULL, PRIMARY KEY(kiosk_id, day, case_id));"
	"CREATE INDEX usage_cases_case ON usage_cases(case_id, day, stories_read, inspired);",
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* c's last error, its first line (libpq's messages end in a newline). -1. */
static int conn_error(PGconn *c, char **err)
{
	const char *m = PQerrorMessage(c);

	return set_error(err, "database: %.*s", (int)strcspn(m, "\n"), m);
}

PGresult *pg_exec(PGconn *c, const char *sql, int n, const char *const *params, char **err)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return r;
	conn_error(c, err);
	PQclear(r);
	return NULL;
}

/* Fixed statements without parameters (one or several): 0, or -1 with *err. */
static int run(PGconn *c, const char *sql, char **err)
{
	PGresult *r = PQexec(c, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;

	if (!ok)
		conn_error(c, err);
	PQclear(r);
	return ok ? 0 : -1;
}

/* Each connection's settings: times are kept as text, the server's zone is never asked;
 * the server's notices ("already exists, skipping") are not for the hub's log; no JIT
 * (compiling a feed page's query cost more than running it). */
#define SESSION "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';" \
	" SET client_min_messages = WARNING; SET jit = off"

/* A new connection's wrapper, or NULL (c is finished) if c is NULL. */
static struct pg_conn *conn_wrap(PGconn *c)
{
	struct pg_conn *pc;

	if (c == NULL)
		return NULL;
	pc = xcalloc(1, sizeof *pc);
	pc->c = c;
	return pc;
}

/* Forget the statements prepared on pc (its connection was made again). */
static void conn_forget(struct pg_conn *pc)
{
	while (pc->nprepared > 0)
		free(pc->sql[--pc->nprepared]);
}

static void conn_free(struct pg_conn *pc)
{
	if (pc == NULL)
		return;
	conn_forget(pc);
	PQfinish(pc->c);
	free(pc);
}

/* sql run as a statement prepared on pc (prepared now if it is new there; past
 * PG_MAX_PREPARED statements, planned each time). As pg_exec. */
static PGresult *exec_prepared(struct pg_conn *pc, const char *sql, int n,
			       const char *const *params, char **err)
{
	char name[16];
	PGresult *r;
	int i;

	for (i = 0; i < pc->nprepared && strcmp(pc->sql[i], sql) != 0; i++)
		;
	if (i == PG_MAX_PREPARED)
		return pg_exec(pc->c, sql, n, params, err);
	snprintf(name, sizeof name, "s%d", i);
	if (i == pc->nprepared) {
		r = PQprepare(pc->c, name, sql, n, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			conn_error(pc->c, err);
			PQclear(r);
			return NULL;
		}
		PQclear(r);
		pc->sql[pc->nprepared++] = xstrdup(sql);
	}
	r = PQexecPrepared(pc->c, name, n, params, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK)
		return r;
	conn_error(pc->c, err);
	PQclear(r);
	return NULL;
}

/* A connection to conninfo with the session settings. Unless conninfo says otherwise,
 * it gives up connecting after 5 s and notices a server that went away within about
 * 15 s (TCP keepalives and a send timeout), so a dead database gives 503s, not hung
 * threads. */
static PGconn *connect_to(const char *conninfo, char **err)
{
	static const char *const keys[] = {"connect_timeout", "keepalives", "keepalives_idle",
		"keepalives_interval", "keepalives_count", "tcp_user_timeout", "dbname", NULL};
	const char *values[] = {"5", "1", "10", "5", "3", "15000", conninfo, NULL};
	PGconn *c = PQconnectdbParams(keys, values, 1);

	if (PQstatus(c) != CONNECTION_OK) {
		conn_error(c, err);
		PQfinish(c);
		return NULL;
	}
	if (run(c, SESSION, err) < 0) {
		PQfinish(c);
		return NULL;
	}
	return c;
}

/* Make c's connection again after the server went away (a restart, a failover): 0 with
 * the session settings, or -1. */
static int conn_again(struct pg_conn *c, char **err)
{
	PQreset(c->c);
	conn_forget(c);                 /* a new session has none prepared */
	if (PQstatus(c->c) != CONNECTION_OK)
		return conn_error(c->c, err);
	return run(c->c, SESSION, err);
}

/* The schema's version, and the migrations up to the newest, in one transaction under
 * a lock: hubs starting together migrate once. Refuses a newer schema. */
static int migrate(PGconn *c, char **err)
{
	PGresult *r;
	char buf[24];
	const char *p[1];
	int v, rc = -1;

	if (run(c, "BEGIN; SELECT pg_advisory_xact_lock(" LOCK_SCHEMA ");"
		"CREATE TABLE IF NOT EXISTS vitrina_schema(version integer NOT NULL);", err) < 0)
		goto out;
	r = pg_exec(c, "SELECT version FROM vitrina_schema", 0, NULL, err);
	if (r == NULL)
		goto out;
	v = PQntuples(r) > 0 ? (int)pg_int(r, 0, 0) : 0;
	PQclear(r);
	if (v > NMIGRATIONS) {
		set_error(err, "database: its schema (version %d) is newer than this "
			  "vitrina-hub knows (%d); use a newer vitrina-hub", v, NMIGRATIONS);
		goto out;
	}
	for (; v < NMIGRATIONS; v++) {
		if (run(c, migrations[v], err) < 0)
			goto out;
	}
	p[0] = pg_i64(buf, v);
	r = pg_exec(c, "DELETE FROM vitrina_schema", 0, NULL, err);
	if (r == NULL)
		goto out;
	PQclear(r);
	r = pg_exec(c, "INSERT INTO vitrina_schema VALUES($1)", 1, p, err);
	if (r == NULL)
		goto out;
	PQclear(r);
	rc = run(c, "COMMIT", err);
out:
	if (rc < 0)
		PQclear(PQexec(c, "ROLLBACK"));
	return rc;
}

static const struct store_ops pg_ops;
static void pg_close(struct store *st);

static void pool_empty(struct pg_pool *p)
{
	while (p->nidle > 0)
		conn_free(p->idle[--p->nidle]);
	free(p->conninfo);
	p->conninfo = NULL;
	p->nopen = 0;
}

/* The writer's own settings: lock_timeout, how long a write waits for a row or lock
 * another hub holds before it fails; and synchronous_commit on whatever the server or
 * role says, so a request acknowledged is a request on disk. */
static int apply_busy(struct pg_store *s, char **err)
{
	char sql[96];

	snprintf(sql, sizeof sql, "SET lock_timeout = %d; SET synchronous_commit = on",
		 s->busy_ms);
	return run(s->writer->c, sql, err);
}

struct store *store_pg_open(const char *conninfo, char **err)
{
	struct pg_store *s;
	PGconn *c = connect_to(conninfo, err);

	if (c == NULL)
		return NULL;
	if (migrate(c, err) < 0) {
		PQfinish(c);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->base.ops = &pg_ops;
	s->primary.conninfo = xstrdup(conninfo);
	s->writer = conn_wrap(c);
	s->busy_ms = 5000;
	pthread_mutex_init(&s->wlock, NULL);
	pthread_mutex_init(&s->plock, NULL);
	pthread_cond_init(&s->freed, NULL);
	if (apply_busy(s, err) < 0) {
		pg_close(&s->base);
		return NULL;
	}
	return &s->base;
}

int store_set_read_db(struct store *st, const char *conninfo, char **err)
{
	struct pg_store *s = PG(st);
	PGconn *c;

	if (st->ops != &pg_ops)
		return set_error(err, "--read-db needs a PostgreSQL --db");
	c = connect_to(conninfo, err);
	if (c == NULL)
		return -1;
	pthread_mutex_lock(&s->plock);
	pool_empty(&s->replica);
	s->replica.conninfo = xstrdup(conninfo);
	s->replica.idle[s->replica.nidle++] = conn_wrap(c);
	s->replica.nopen = 1;
	pthread_mutex_unlock(&s->plock);
	return 0;
}

static void pg_close(struct store *st)
{
	struct pg_store *s = PG(st);

	pool_empty(&s->primary);
	pool_empty(&s->replica);
	PQfinish(s->builder);
	conn_free(s->writer);
	if (pthread_mutex_destroy(&s->wlock) != 0)
		fputs("vitrina-hub: store: the writer lock was not left free\n", stderr);
	pthread_mutex_destroy(&s->plock);
	pthread_cond_destroy(&s->freed);
	free(s);
}

static void pg_set_busy_timeout(struct store *st, int ms)
{
	struct pg_store *s = PG(st);
	char *err = NULL;

	pthread_mutex_lock(&s->wlock);
	s->busy_ms = ms;
	if (apply_busy(s, &err) < 0)
		fprintf(stderr, "vitrina-hub: store: %s\n", err);
	free(err);
	pthread_mutex_unlock(&s->wlock);
}

/* A connection that broke (the server restarted, a failover) is made again once; if
 * that fails too the caller answers 503 and the next call tries again. */
static int writer_ready(struct pg_store *s, char **err)
{
	if (PQstatus(s->writer->c) == CONNECTION_OK)
		return 0;
	if (conn_again(s->writer, err) < 0)
		return -1;
	return apply_busy(s, err);
}

static _Thread_local struct pg_store *tx_held;

static int pg_begin(struct store *st, char **err)
{
	struct pg_store *s = PG(st);

	pthread_mutex_lock(&s->wlock);
	/* a connection that looked alive may have lost its server since: once more */
	if (writer_ready(s, err) < 0 || (run(s->writer->c, "BEGIN", err) < 0 &&
	    (PQstatus(s->writer->c) != CONNECTION_BAD || writer_ready(s, err) < 0 ||
	     run(s->writer->c, "BEGIN", err) < 0))) {
		pthread_mutex_unlock(&s->wlock);
		return -1;
	}
	tx_held = s;
	return 0;
}

static int pg_commit(struct store *st, char **err)
{
	struct pg_store *s = PG(st);
	PGresult *r;
	int rc = -1;

	if (tx_held != s)
		return set_error(err, "database: no transaction to commit");
	r = pg_exec(s->writer->c, "COMMIT", 0, NULL, err);
	/* a COMMIT of a failed transaction answers ROLLBACK without an error */
	if (r != NULL && strcmp(PQcmdStatus(r), "COMMIT") == 0)
		rc = 0;
	else if (r != NULL)
		set_error(err, "database: the transaction failed and was rolled back");
	PQclear(r);
	if (rc < 0 && PQtransactionStatus(s->writer->c) != PQTRANS_IDLE)
		PQclear(PQexec(s->writer->c, "ROLLBACK"));
	tx_held = NULL;
	pthread_mutex_unlock(&s->wlock);
	return rc;
}

static void pg_rollback(struct store *st)
{
	struct pg_store *s = PG(st);

	if (tx_held != s)
		return;
	PQclear(PQexec(s->writer->c, "ROLLBACK"));
	tx_held = NULL;
	pthread_mutex_unlock(&s->wlock);
}

PGresult *pg_write(struct pg_store *s, const char *sql, int n, const char *const *params,
		   char **err)
{
	if (tx_held != s) {
		set_error(err, "database: a write outside a transaction");
		return NULL;
	}
	return exec_prepared(s->writer, sql, n, params, err);
}

/* A reader connection of pool p: an idle one, or a new one while fewer than PG_MAX_OPEN
 * are open (else it waits for one to be given back). */
static struct pg_conn *reader_get(struct pg_store *s, struct pg_pool *p, char **err)
{
	struct pg_conn *c = NULL;

	pthread_mutex_lock(&s->plock);
	while (p->nidle == 0 && p->nopen >= PG_MAX_OPEN)
		pthread_cond_wait(&s->freed, &s->plock);
	if (p->nidle > 0)
		c = p->idle[--p->nidle];
	else
		p->nopen++;
	pthread_mutex_unlock(&s->plock);
	if (c != NULL && PQstatus(c->c) == CONNECTION_OK)
		return c;
	conn_free(c);
	c = conn_wrap(connect_to(p->conninfo, err));
	if (c == NULL) {
		pthread_mutex_lock(&s->plock);
		p->nopen--;
		pthread_cond_signal(&s->freed);
		pthread_mutex_unlock(&s->plock);
	}
	return c;
}

static void reader_put(struct pg_store *s, struct pg_pool *p, struct pg_conn *c)
{
	int keep = PQstatus(c->c) == CONNECTION_OK &&
		   PQtransactionStatus(c->c) == PQTRANS_IDLE;

	pthread_mutex_lock(&s->plock);
	if (keep && p->nidle < PG_MAX_IDLE) {
		p->idle[p->nidle++] = c;
		c = NULL;
	} else {
		p->nopen--;
	}
	pthread_cond_signal(&s->freed);
	pthread_mutex_unlock(&s->plock);
	conn_free(c);
}

/* sql on a reader of p; a connection found dead (the server restarted since it was last
 * used) is made again and the read tried once more: reads change nothing. */
static PGresult *read_from(struct pg_store *s, struct pg_pool *p, const char *sql, int n,
			   const char *const *params, char **err)
{
	struct pg_conn *c = reader_get(s, p, err);
	PGresult *r;

	if (c == NULL)
		return NULL;
	r = exec_prepared(c, sql, n, params, err);
	if (r == NULL && PQstatus(c->c) == CONNECTION_BAD && conn_again(c, err) == 0)
		r = exec_prepared(c, sql, n, params, err);
	reader_put(s, p, c);
	return r;
}

PGresult *pg_read(struct pg_store *s, const char *sql, int n, const char *const *params,
		  char **err)
{
	return read_from(s, &s->primary, sql, n, params, err);
}

PGresult *pg_read_staff(struct pg_store *s, const char *sql, int n,
			const char *const *params, char **err)
{
	return read_from(s, s->replica.conninfo ? &s->replica : &s->primary, sql, n, params,
			 err);
}

const char *pg_text(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? "" : PQgetvalue(r, row, col);
}

char *pg_strdup(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : xstrdup(PQgetvalue(r, row, col));
}

int64_t pg_int(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

void pg_copy(char *dst, size_t size, const PGresult *r, int row, int col)
{
	snprintf(dst, size, "%s", pg_text(r, row, col));
}

void *pg_rows(const PGresult *r, int max, size_t size, pg_row_fn *row, int *n)
{
	unsigned char *out;
	int i;

	*n = PQntuples(r);
	if (max >= 0 && *n > max)
		*n = max;
	if (*n <= 0) {
		*n = 0;
		return NULL;
	}
	out = xcalloc((size_t)*n, size);
	for (i = 0; i < *n; i++)
		row(r, i, out + (size_t)i * size);
	return out;
}

int pg_first(PGresult *r, void *item, pg_row_fn *row)
{
	int found;

	if (r == NULL)
		return -1;
	found = PQntuples(r) > 0;
	if (found)
		row(r, 0, item);
	PQclear(r);
	return found;
}

const char *pg_i64(char buf[24], int64_t v)
{
	snprintf(buf, 24, "%lld", (long long)v);
	return buf;
}

const char *pg_hash(char buf[67], const unsigned char hash[32])
{
	int i;

	buf[0] = '\\';
	buf[1] = 'x';
	for (i = 0; i < 32; i++)
		snprintf(buf + 2 + 2 * i, 3, "%02x", hash[i]);
	return buf;
}

int pg_next_seq(struct pg_store *s, int64_t *seq, char **err)
{
	PGresult *r = pg_write(s, "SELECT pg_advisory_xact_lock(" LOCK_CATALOGUE "),"
			       " nextval('catalogue_seq')", 0, NULL, err);

	if (r == NULL)
		return -1;
	*seq = pg_int(r, 0, 1);
	PQclear(r);
	return 0;
}

static int pg_check(struct store *st, char **err)
{
	PGresult *r = pg_read(PG(st), "SELECT version FROM vitrina_schema", 0, NULL, err);

	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

/* A session lock on a connection of its own (the snapshot builder's thread alone uses
 * it): the other hubs' builders see it taken and try again later. */
static int pg_build_lock(struct store *st, char **err)
{
	struct pg_store *s = PG(st);
	PGresult *r;
	int got;

	if (s->builder == NULL || PQstatus(s->builder) != CONNECTION_OK) {
		PQfinish(s->builder);
		s->builder = connect_to(s->primary.conninfo, err);
		if (s->builder == NULL)
			return -1;
	}
	r = pg_exec(s->builder, "SELECT pg_try_advisory_lock(" LOCK_SNAPSHOT ")", 0, NULL, err);
	if (r == NULL)
		return -1;
	got = strcmp(pg_text(r, 0, 0), "t") == 0;
	PQclear(r);
	return got;
}

static void pg_build_unlock(struct store *st)
{
	struct pg_store *s = PG(st);

	PQclear(PQexec(s->builder, "SELECT pg_advisory_unlock(" LOCK_SNAPSHOT ")"));
}

/* Nothing to copy: the server manages its own log. */
static void pg_checkpoint(struct store *st)
{
	(void)st;
}

static int pg_backup(struct store *st, const char *dest, int overwrite,
		     store_progress_fn progress, void *arg, char **err)
{
	(void)st;
	(void)dest;
	(void)overwrite;
	(void)progress;
	(void)arg;
	return set_error(err, "backup copies a SQLite database; on PostgreSQL use pg_dump "
			 "(for example: pg_dump --format=custom --file=hub.dump DBNAME), or "
			 "the server's own backups and replicas");
}

static const struct store_ops pg_ops = {
	.close = pg_close,
	.set_busy_timeout = pg_set_busy_timeout,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.token_add = pgs_token_add,
	.token_revoke = pgs_token_revoke,
	.token_lookup = pgs_token_lookup,
	.token_list = pgs_token_list,
	.request_put = pgs_request_put,
	.requests_list = pgs_requests_list,
	.request_get = pgs_request_get,
	.request_notes = pgs_request_notes,
	.request_history = pgs_request_history,
	.request_update = pgs_request_update,
	.purge = pgs_purge,
	.checkpoint = pg_checkpoint,
	.catalogue_put = pgs_catalogue_put,
	.catalogue_delete = pgs_catalogue_delete,
	.catalogue_changes = pgs_catalogue_changes,
	.catalogue_last_seq = pgs_catalogue_last_seq,
	.heartbeat = pgs_heartbeat,
	.kiosks = pgs_kiosks,
	.case_live = pgs_case_live,
	.request_target = pgs_request_target,
	.qa_publish = pgs_qa_publish,
	.qa_delete = pgs_qa_delete,
	.qa_of_request = pgs_qa_of_request,
	.usage_put = pgs_usage_put,
	.stats = pgs_stats,
	.requests_page = pgs_requests_page,
	.check = pg_check,
	.build_lock = pg_build_lock,
	.build_unlock = pg_build_unlock,
	.enrol_add = pgs_enrol_add,
	.enrol_take = pgs_enrol_take,
	.backup = pg_backup,
};
