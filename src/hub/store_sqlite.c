/* The hub's storage on SQLite in WAL mode: one writer connection (serialised by a
 * mutex, synchronous=FULL) and a pool of reader connections, each with its own
 * prepared statements. */
#include "store_impl.h"
#include "walbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "regions.h"
#include "request.h"
#include "util.h"

static const char *const hub_migrations[] = {
	/* 1 */
	"CREATE TABLE tokens("
	" id TEXT PRIMARY KEY, hash BLOB NOT NULL UNIQUE, scope TEXT NOT NULL,"
	" name TEXT NOT NULL, county TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
	" revoked_at TEXT);"
	"CREATE TABLE requests("
	" seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
	" kiosk_id TEXT NOT NULL, county TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
	" received_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'new',"
	" status_at TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1,"
	" updated_at TEXT NOT NULL, body TEXT, purged_at TEXT);"
	"CREATE INDEX requests_status ON requests(status, status_at);"
	"CREATE INDEX requests_county ON requests(county, seq);"
	"CREATE TABLE request_notes("
	" id INTEGER PRIMARY KEY, request_id TEXT NOT NULL, at TEXT NOT NULL,"
	" author TEXT NOT NULL, text TEXT NOT NULL);"
	"CREATE INDEX request_notes_request ON request_notes(request_id);"
	"CREATE TABLE request_audit("
	" id INTEGER PRIMARY KEY, request_id TEXT NOT NULL, at TEXT NOT NULL,"
	" actor TEXT NOT NULL, token_id TEXT, action TEXT NOT NULL, old_status TEXT,"
	" new_status TEXT, version INTEGER);"
	"CREATE INDEX request_audit_request ON request_audit(request_id);"
	"CREATE TABLE catalogue("
	" kind TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL UNIQUE,"
	" deleted INTEGER NOT NULL DEFAULT 0, municipality TEXT NOT NULL DEFAULT '',"
	" body TEXT, updated_at TEXT NOT NULL, PRIMARY KEY(kind, id)) WITHOUT ROWID;"
	"CREATE TABLE kiosks("
	" id TEXT PRIMARY KEY, last_seen TEXT NOT NULL, version TEXT NOT NULL DEFAULT '',"
	" outbox INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0,"
	" uptime_s INTEGER NOT NULL DEFAULT 0, outbox_oldest_s INTEGER NOT NULL DEFAULT 0);",
	/* 2: request ids are stored in lower case (the same id in another case is the same
	 * request); an id whose lower-case form is already taken keeps its spelling. */
	"UPDATE OR IGNORE requests SET id = lower(id) WHERE id <> lower(id);"
	"UPDATE request_notes SET request_id = lower(request_id)"
	" WHERE request_id <> lower(request_id)"
	" AND request_id NOT IN (SELECT id FROM requests);"
	"UPDATE request_audit SET request_id = lower(request_id)"
	" WHERE request_id <> lower(request_id)"
	" AND request_id NOT IN (SELECT id FROM requests);",
	/* 3: one-time enrolment codes (`enrol create`, POST /v1/enrol), kept as SHA-256 */
	"CREATE TABLE enrol_codes("
	" hash BLOB PRIMARY KEY, kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL,"
	" expires_at TEXT NOT NULL, used_at TEXT, token_id TEXT);",
	/* 4: answers published for questions (case_id, request_id in lower case), and the
	 * kiosks' daily usage counts: a day sent again replaces that kiosk's day */
	"CREATE TABLE case_qa("
	" id TEXT PRIMARY KEY, case_id TEXT NOT NULL, request_id TEXT NOT NULL UNIQUE,"
	" question TEXT NOT NULL, answer TEXT NOT NULL, answered_by TEXT NOT NULL,"
	" lang TEXT NOT NULL, published_at TEXT NOT NULL,"
	" age_group TEXT NOT NULL DEFAULT '');"     /* the asker's, kept past a purge */
	"CREATE INDEX case_qa_case ON case_qa(case_id, published_at);"
	"CREATE TABLE usage_days("
	" kiosk_id TEXT NOT NULL, day TEXT NOT NULL, sessions INTEGER NOT NULL,"
	" searches INTEGER NOT NULL, quiz_done INTEGER NOT NULL,"
	" req_contact INTEGER NOT NULL, req_nomination INTEGER NOT NULL,"
	" req_question INTEGER NOT NULL, PRIMARY KEY(kiosk_id, day)) WITHOUT ROWID;"
	"CREATE TABLE usage_cases("
	" kiosk_id TEXT NOT NULL, day TEXT NOT NULL, case_id TEXT NOT NULL,"
	" stories_read INTEGER NOT NULL, inspired INTEGER NOT NULL,"
	" PRIMARY KEY(kiosk_id, day, case_id)) WITHOUT ROWID;"
	"CREATE INDEX usage_cases_case ON usage_cases(case_id, day, inspired);",
	/* 5: where a kiosk stands (its home_municipality, sent with the heartbeat): now,
	 * and on each day of counts, with its county, for the figures by place */
	"ALTER TABLE kiosks ADD COLUMN municipality TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE usage_days ADD COLUMN municipality TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE usage_days ADD COLUMN county TEXT NOT NULL DEFAULT '';"
	"CREATE INDEX usage_days_day ON usage_days(day, county);"
	/* covering for the figures by case (and still for the inspired totals) */
	"DROP INDEX usage_cases_case;"
	"CREATE INDEX usage_cases_case ON usage_cases(case_id, day, stories_read, inspired);",
};

static const struct schema hub_schema = {
	"hub", hub_migrations, (int)(sizeof hub_migrations / sizeof hub_migrations[0]),
};

enum query {
	Q_TOKEN_ADD, Q_TOKEN_REVOKE, Q_TOKEN_LOOKUP, Q_TOKEN_LIST,
	Q_REQ_INSERT, Q_REQ_BODY, Q_CAT_MUNICIPALITY, Q_CAT_ANY,
	Q_REQ_LIST, Q_REQ_GET, Q_NOTES, Q_HISTORY,
	Q_REQ_VERSION, Q_REQ_SET, Q_NOTE_ADD, Q_AUDIT_ADD,
	Q_PURGE_SELECT, Q_PURGE_REQ, Q_PURGE_NOTES,
	Q_CAT_GET, Q_CAT_NEXT, Q_CAT_UPSERT, Q_CAT_CHANGES,
	Q_HEARTBEAT, Q_KIOSKS,
	Q_REQ_PAGE, Q_CHECK, Q_CAT_LAST,
	Q_CASE_LIVE, Q_REQ_TARGET, Q_CAT_TOUCH, Q_QA_BY_REQ, Q_QA_INSERT, Q_QA_EDIT,
	Q_QA_DELETE, Q_TOUCH_CLEAR, Q_TOUCH_OLD, Q_TOUCH_ADD, Q_TOUCH_BEFORE, Q_TOUCH_CHANGED,
	Q_USAGE_DROP, Q_USAGE_CASE, Q_USAGE_DAY, Q_STATS_PLACE, Q_STATS_CASE,
	Q_STATS_CASE_IN,
	Q_COUNT
};

/* The case a request names or, without one, its partner; ids come in lower case, a
 * catalogue may hold them in upper case. */
#define TARGET_ID "coalesce(json_extract(r.body, '$.case_id'), json_extract(r.body," \
	" '$.partner_id'))"
#define TARGET_KIND "CASE WHEN json_extract(r.body, '$.case_id') IS NULL THEN 'p' ELSE 'c' END"
#define TARGET(col) "(SELECT " col " FROM catalogue c WHERE c.kind = " TARGET_KIND \
	" AND c.id IN (" TARGET_ID ", upper(" TARGET_ID ")) LIMIT 1)"
/* The columns of a request for staff (row_to_request): its own, then the catalogue body
 * of what it is about (a deleted item keeps its last body) and whether it is deleted. */
#define REQ_COLS "id, kind, status, county, kiosk_id, received_at, updated_at, version," \
	" body, " TARGET("body") ", coalesce(" TARGET("deleted") ", 0)," \
	" (SELECT q.id FROM case_qa q WHERE q.request_id = r.id)"
/* What the feed adds to a live case: its published items, oldest first, and its
 * "this inspired me" totals (all, and the last 90 days counting today). */
#define QA_JSON "json_object('id', id, 'question', question, 'answer', answer," \
	" 'answered_by', answered_by, 'published_at', published_at, 'lang', lang," \
	" 'age_group', age_group)"
#define LIVE_CASE "kind = 'c' AND NOT deleted"
#define INSPIRED(cond) "CASE WHEN " LIVE_CASE " THEN (SELECT coalesce(sum(u.inspired), 0)" \
	" FROM usage_cases u WHERE u.case_id = lower(catalogue.id)" cond ") END"

static const char *const sql[Q_COUNT] = {
	[Q_TOKEN_ADD] = "INSERT INTO tokens(id, hash, scope, name, county, created_at)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_TOKEN_REVOKE] = "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1"
		" AND revoked_at IS NULL",
	[Q_TOKEN_LOOKUP] = "SELECT id, scope, name, county, created_at FROM tokens"
		" WHERE hash = ?1 AND revoked_at IS NULL",
	[Q_TOKEN_LIST] = "SELECT id, scope, name, county, created_at, coalesce(revoked_at, '')"
		" FROM tokens ORDER BY created_at, id",
	[Q_REQ_INSERT] = "INSERT INTO requests(id, kind, kiosk_id, county, created_at,"
		" received_at, status_at, updated_at, body)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6, ?7) ON CONFLICT(id) DO NOTHING",
	[Q_REQ_BODY] = "SELECT body FROM requests WHERE id = ?1",
	/* ids come in lower case; a catalogue may hold them in upper case */
	[Q_CAT_MUNICIPALITY] = "SELECT municipality FROM catalogue WHERE kind = ?1"
		" AND id IN (?2, upper(?2)) LIMIT 1",
	[Q_CAT_ANY] = "SELECT EXISTS (SELECT 1 FROM catalogue WHERE kind = ?1)",
	[Q_REQ_LIST] = "SELECT " REQ_COLS " FROM requests r WHERE body IS NOT NULL"
		" AND (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR kind = ?2)"
		" AND (?3 IS NULL OR county = ?3) AND (?4 IS NULL OR kiosk_id = ?4)"
		" AND (?5 IS NULL OR received_at >= ?5)"
		" ORDER BY seq DESC LIMIT ?6 OFFSET ?7",
	[Q_REQ_GET] = "SELECT " REQ_COLS " FROM requests r WHERE id = ?1 AND body IS NOT NULL",
	[Q_NOTES] = "SELECT at, author, text FROM request_notes WHERE request_id = ?1"
		" ORDER BY id",
	[Q_HISTORY] = "SELECT at, actor, coalesce(old_status, ''), coalesce(new_status, ''),"
		" coalesce(version, 0) FROM request_audit WHERE request_id = ?1 ORDER BY id",
	[Q_REQ_VERSION] = "SELECT version, status FROM requests WHERE id = ?1"
		" AND body IS NOT NULL",
	[Q_REQ_SET] = "UPDATE requests SET status = ?2, version = version + 1, updated_at = ?3,"
		" status_at = CASE WHEN status = ?2 THEN status_at ELSE ?3 END"
		" WHERE id = ?1 AND version = ?4",
	[Q_NOTE_ADD] = "INSERT INTO request_notes(request_id, at, author, text)"
		" VALUES(?1, ?2, ?3, ?4)",
	[Q_AUDIT_ADD] = "INSERT INTO request_audit(request_id, at, actor, token_id, action,"
		" old_status, new_status, version) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_PURGE_SELECT] = "SELECT id, status FROM requests WHERE status IN ('closed', 'spam')"
		" AND status_at <= ?1 AND body IS NOT NULL",
	[Q_PURGE_REQ] = "UPDATE requests SET body = NULL, purged_at = ?2 WHERE id = ?1",
	[Q_PURGE_NOTES] = "DELETE FROM request_notes WHERE request_id = ?1",
	[Q_CAT_GET] = "SELECT deleted, body FROM catalogue WHERE kind = ?1 AND id = ?2",
	[Q_CAT_NEXT] = "SELECT coalesce(max(seq), 0) + 1 FROM catalogue",
	[Q_CAT_UPSERT] = "INSERT INTO catalogue(kind, id, seq, deleted, municipality, body,"
		" updated_at) VALUES(?1, ?2, ?3, ?4, coalesce(?5, ''), ?6, ?7)"
		" ON CONFLICT(kind, id) DO UPDATE SET seq = excluded.seq,"
		" deleted = excluded.deleted, body = coalesce(excluded.body, body),"
		" municipality = coalesce(?5, municipality), updated_at = excluded.updated_at",
	/* a tombstone keeps its last body for staff (what a request was about), never sent */
	[Q_CAT_CHANGES] = "SELECT kind, id, seq, deleted, CASE WHEN deleted THEN NULL ELSE body"
		" END, CASE WHEN " LIVE_CASE " THEN (SELECT json_group_array(" QA_JSON ")"
		" FROM (SELECT * FROM case_qa q WHERE q.case_id = lower(catalogue.id)"
		" ORDER BY published_at, id)) END, " INSPIRED("") ", "
		INSPIRED(" AND u.day >= date('now', '-89 days')")
		" FROM catalogue WHERE seq > ?1 ORDER BY seq LIMIT ?2",
	[Q_HEARTBEAT] = "INSERT INTO kiosks(id, last_seen, version, outbox, seq, uptime_s,"
		" outbox_oldest_s, municipality) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
		" ON CONFLICT(id) DO UPDATE SET"
		" last_seen = excluded.last_seen, version = excluded.version,"
		" outbox = excluded.outbox, seq = excluded.seq, uptime_s = excluded.uptime_s,"
		" outbox_oldest_s = excluded.outbox_oldest_s,"
		" municipality = excluded.municipality",
	[Q_KIOSKS] = "SELECT id, last_seen, version, outbox, seq, uptime_s, outbox_oldest_s,"
		" municipality FROM kiosks"
		" UNION ALL SELECT DISTINCT name, '', '', 0, 0, 0, 0, '' FROM tokens"
		" WHERE scope = 'kiosk' AND revoked_at IS NULL"
		" AND name NOT IN (SELECT id FROM kiosks) ORDER BY 1",
	/* keyset pages for streamed exports: seq < ?8 instead of a growing OFFSET */
	[Q_REQ_PAGE] = "SELECT " REQ_COLS ", seq FROM requests r WHERE body IS NOT NULL"
		" AND (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR kind = ?2)"
		" AND (?3 IS NULL OR county = ?3) AND (?4 IS NULL OR kiosk_id = ?4)"
		" AND (?5 IS NULL OR received_at >= ?5) AND (?8 = 0 OR seq < ?8)"
		" ORDER BY seq DESC LIMIT ?6 OFFSET ?7",
	[Q_CHECK] = "SELECT count(*) FROM sqlite_master",
	[Q_CAT_LAST] = "SELECT coalesce(max(seq), 0) FROM catalogue",
	[Q_CASE_LIVE] = "SELECT municipality FROM catalogue WHERE kind = 'c'"
		" AND id IN (?1, upper(?1)) AND NOT deleted LIMIT 1",
	[Q_REQ_TARGET] = "SELECT kind, coalesce(lower(json_extract(body, '$.case_id')), '')"
		" FROM requests WHERE id = ?1 AND body IS NOT NULL",
	[Q_CAT_TOUCH] = "UPDATE catalogue SET seq = ?2, updated_at = ?3 WHERE kind = 'c'"
		" AND id IN (?1, upper(?1)) AND NOT deleted",
	[Q_QA_BY_REQ] = "SELECT id, case_id, request_id, question, answer, answered_by, lang,"
		" published_at, age_group FROM case_qa WHERE request_id = ?1",
	[Q_QA_INSERT] = "INSERT INTO case_qa(id, case_id, request_id, question, answer,"
		" answered_by, lang, published_at, age_group) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7,"
		" ?8, coalesce((SELECT json_extract(body, '$.age_group') FROM requests"
		" WHERE id = ?3), ''))",
	[Q_QA_EDIT] = "UPDATE case_qa SET question = ?2, answer = ?3, answered_by = ?4,"
		" lang = ?5 WHERE id = ?1",
	[Q_QA_DELETE] = "DELETE FROM case_qa WHERE case_id = ?1 AND id = ?2",
	/* usage_touch (a temporary table of the writer): the cases a heartbeat may change
	 * and their inspired totals before it */
	[Q_TOUCH_CLEAR] = "DELETE FROM temp.usage_touch",
	[Q_TOUCH_OLD] = "INSERT OR IGNORE INTO temp.usage_touch(case_id) SELECT case_id"
		" FROM usage_cases WHERE kiosk_id = ?1 AND day = ?2 AND inspired > 0",
	[Q_TOUCH_ADD] = "INSERT OR IGNORE INTO temp.usage_touch(case_id) VALUES(?1)",
	[Q_TOUCH_BEFORE] = "UPDATE temp.usage_touch SET before = (SELECT"
		" coalesce(sum(u.inspired), 0) FROM usage_cases u"
		" WHERE u.case_id = usage_touch.case_id)",
	[Q_TOUCH_CHANGED] = "SELECT case_id FROM temp.usage_touch WHERE before <> (SELECT"
		" coalesce(sum(u.inspired), 0) FROM usage_cases u"
		" WHERE u.case_id = usage_touch.case_id)",
	[Q_USAGE_DROP] = "DELETE FROM usage_cases WHERE kiosk_id = ?1 AND day = ?2",
	[Q_USAGE_CASE] = "INSERT INTO usage_cases(kiosk_id, day, case_id, stories_read,"
		" inspired) VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT DO UPDATE SET"
		" stories_read = excluded.stories_read, inspired = excluded.inspired",
	[Q_USAGE_DAY] = "INSERT INTO usage_days(kiosk_id, day, sessions, searches, quiz_done,"
		" req_contact, req_nomination, req_question, municipality, county)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
		" ON CONFLICT DO UPDATE SET sessions = excluded.sessions,"
		" searches = excluded.searches, quiz_done = excluded.quiz_done,"
		" req_contact = excluded.req_contact, req_nomination = excluded.req_nomination,"
		" req_question = excluded.req_question, municipality = excluded.municipality,"
		" county = excluded.county",
	/* figures (row_stats): ?1..?2 the days, ?3 a county or '', ?4 the grouping */
	[Q_STATS_PLACE] = "SELECT k, sum(sessions), sum(r), sum(searches), sum(i),"
		" sum(quiz_done), sum(req_contact), sum(req_nomination), sum(req_question)"
		" FROM (SELECT CASE ?4 WHEN 0 THEN county WHEN 1 THEN municipality ELSE day END"
		" AS k, sessions, searches, quiz_done, req_contact, req_nomination, req_question,"
		" (SELECT coalesce(sum(u.stories_read), 0) FROM usage_cases u"
		" WHERE u.kiosk_id = d.kiosk_id AND u.day = d.day) AS r,"
		" (SELECT coalesce(sum(u.inspired), 0) FROM usage_cases u"
		" WHERE u.kiosk_id = d.kiosk_id AND u.day = d.day) AS i"
		" FROM usage_days d WHERE day BETWEEN ?1 AND ?2 AND (?3 = '' OR county = ?3))"
		" GROUP BY k ORDER BY k",
	/* by case: every county straight from the covering index, in case order (no sort
	 * of all the rows); one county from its kiosk-days first (joined directly, SQLite
	 * carries the day range over to usage_cases and scans each kiosk's whole range
	 * once per day: 270 s instead of 3 s for a year of 300 kiosks) */
#define STATS_CASE_COLS "u.case_id, 0, sum(u.stories_read), 0, sum(u.inspired), 0, 0, 0, 0," \
	" (SELECT body FROM catalogue c WHERE c.kind = 'c'" \
	" AND c.id IN (u.case_id, upper(u.case_id)) LIMIT 1)," \
	" coalesce((SELECT deleted FROM catalogue c WHERE c.kind = 'c'" \
	" AND c.id IN (u.case_id, upper(u.case_id)) LIMIT 1), 0)"
#define STATS_CASE_END " GROUP BY u.case_id HAVING sum(u.stories_read) + sum(u.inspired) > 0" \
	" ORDER BY 3 DESC, 1"
	[Q_STATS_CASE] = "SELECT " STATS_CASE_COLS " FROM usage_cases u"
		" WHERE u.day BETWEEN ?1 AND ?2 AND ?3 = ''" STATS_CASE_END,
	[Q_STATS_CASE_IN] = "WITH d AS MATERIALIZED (SELECT kiosk_id, day FROM usage_days"
		" WHERE day BETWEEN ?1 AND ?2 AND county = ?3)"
		" SELECT " STATS_CASE_COLS " FROM d JOIN usage_cases u"
		" ON u.kiosk_id = d.kiosk_id AND u.day = d.day" STATS_CASE_END,
};

struct conn {
	sqlite3 *db;
	sqlite3_stmt *st[Q_COUNT];
	struct conn *next;
};

struct sqlite_store {
	struct store base;
	char *path;
	struct conn writer;
	pthread_mutex_t wlock;
	pthread_mutex_t plock;
	struct conn *idle;              /* reader pool */
	int nidle;
};

#define MAX_IDLE_READERS 16

/* The SQLite store behind a struct store. */
#define SQ(b) ((struct sqlite_store *)(b))

static const struct store_ops sqlite_ops;

static void conn_close(struct conn *c)
{
	int i;

	for (i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(c->st[i]);
	sqlite3_close(c->db);
}

/* The statement q on c, prepared once and reset for reuse. */
static sqlite3_stmt *stmt(struct conn *c, enum query q, char **err)
{
	if (c->st[q] == NULL) {
		c->st[q] = db_prepare(c->db, sql[q], err);
		return c->st[q];
	}
	sqlite3_reset(c->st[q]);
	sqlite3_clear_bindings(c->st[q]);
	return c->st[q];
}

static int fail(struct conn *c, sqlite3_stmt *st, char **err)
{
	set_error(err, "database: %s", sqlite3_errmsg(c->db));
	if (st != NULL)
		sqlite3_reset(st);
	return -1;
}

/* Run st, which returns no rows, and reset it: 0, or -1 with *err set. */
static int step_done(struct conn *c, sqlite3_stmt *st, char **err)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		return fail(c, st, err);
	sqlite3_reset(st);
	return 0;
}

struct store *store_sqlite_open(const char *path, char **err)
{
	struct sqlite_store *s;
	sqlite3 *db = db_open_vfs(path, &hub_schema, walbuf_vfs(), err);

	if (db == NULL)
		return NULL;
	/* purged personal data must not linger in free pages; usage_touch: see
	 * store_usage_put */
	if (db_exec(db, "PRAGMA secure_delete=ON; CREATE TEMP TABLE usage_touch("
		    "case_id TEXT PRIMARY KEY, before INTEGER)", err) < 0) {
		sqlite3_close(db);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->base.ops = &sqlite_ops;
	s->path = xstrdup(path);
	s->writer.db = db;
	pthread_mutex_init(&s->wlock, NULL);
	pthread_mutex_init(&s->plock, NULL);
	return &s->base;
}

static void sq_close(struct store *base)
{
	struct sqlite_store *s = SQ(base);
	struct conn *c, *next;

	if (s == NULL)
		return;
	for (c = s->idle; c != NULL; c = next) {
		next = c->next;
		conn_close(c);
		free(c);
	}
	conn_close(&s->writer);
	/* fails if the writer lock is held, or was released more often than taken */
	if (pthread_mutex_destroy(&s->wlock) != 0)
		fputs("vitrina-hub: store: the writer lock was not left free\n", stderr);
	pthread_mutex_destroy(&s->plock);
	free(s->path);
	free(s);
}

static void sq_set_busy_timeout(struct store *base, int ms)
{
	struct sqlite_store *s = SQ(base);
	pthread_mutex_lock(&s->wlock);
	sqlite3_busy_timeout(s->writer.db, ms);
	pthread_mutex_unlock(&s->wlock);
}

static struct conn *reader_get(struct sqlite_store *s, char **err)
{
	struct conn *c;
	sqlite3 *db = NULL;

	pthread_mutex_lock(&s->plock);
	c = s->idle;
	if (c != NULL) {
		s->idle = c->next;
		s->nidle--;
	}
	pthread_mutex_unlock(&s->plock);
	if (c != NULL)
		return c;
	if (sqlite3_open_v2(s->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		set_error(err, "database: %s", db ? sqlite3_errmsg(db) : "cannot open");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	if (db_exec(db, "PRAGMA query_only=ON; PRAGMA temp_store=MEMORY;", err) < 0) {
		sqlite3_close(db);
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->db = db;
	return c;
}

static void reader_put(struct sqlite_store *s, struct conn *c)
{
	int i;

	for (i = 0; i < Q_COUNT; i++) {
		if (c->st[i] != NULL)
			sqlite3_reset(c->st[i]);
	}
	pthread_mutex_lock(&s->plock);
	if (s->nidle < MAX_IDLE_READERS) {
		c->next = s->idle;
		s->idle = c;
		s->nidle++;
		c = NULL;
	}
	pthread_mutex_unlock(&s->plock);
	if (c != NULL) {
		conn_close(c);
		free(c);
	}
}

/* Rows read on a reader connection: an array of n elements of size bytes each. */
struct rows {
	void *items;
	int n, cap;
	size_t size;
};

typedef void (*bind_fn)(sqlite3_stmt *st, const void *arg);
typedef void (*row_fn)(sqlite3_stmt *st, void *item);
typedef void (*drop_fn)(void *items, int n);

/* Run q on a reader connection: bind (if not NULL) sets its parameters from arg, and
 * row fills a new zeroed element of r for each result row. On failure the elements
 * are released with drop (or free) and r is empty. */
static int read_rows(struct sqlite_store *s, enum query q, bind_fn bind, const void *arg,
		     row_fn row, drop_fn drop, struct rows *r, char **err)
{
	struct conn *c = reader_get(s, err);
	sqlite3_stmt *st;
	int rc;

	r->items = NULL;
	r->n = r->cap = 0;
	if (c == NULL)
		return -1;
	st = stmt(c, q, err);
	if (st == NULL) {
		reader_put(s, c);
		return -1;
	}
	if (bind != NULL)
		bind(st, arg);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		void *item;

		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 16;
			r->items = xrealloc(r->items, (size_t)r->cap * r->size);
		}
		item = (char *)r->items + (size_t)r->n++ * r->size;
		memset(item, 0, r->size);
		row(st, item);
	}
	rc = rc == SQLITE_DONE ? 0 : fail(c, st, err);
	if (rc < 0) {
		if (drop != NULL)
			drop(r->items, r->n);
		else
			free(r->items);
		r->items = NULL;
		r->n = 0;
	}
	reader_put(s, c);
	return rc;
}

static void bind_text1(sqlite3_stmt *st, const void *text)
{
	db_bind_text(st, 1, text);
}

/* The store whose write transaction this thread holds, if any: store_commit and
 * store_rollback act only for the thread that began one, so a stray call can never
 * end another thread's transaction or release the writer lock it holds. */
static _Thread_local struct sqlite_store *tx_held;

static int sq_begin(struct store *base, char **err)
{
	struct sqlite_store *s = SQ(base);
	pthread_mutex_lock(&s->wlock);
	if (db_begin(s->writer.db, err) < 0) {
		pthread_mutex_unlock(&s->wlock);
		return -1;
	}
	tx_held = s;
	return 0;
}

static int sq_commit(struct store *base, char **err)
{
	struct sqlite_store *s = SQ(base);
	int rc;

	if (tx_held != s)
		return set_error(err, "database: no transaction to commit");
	rc = db_commit(s->writer.db, err);
	if (rc < 0)
		db_rollback(s->writer.db);
	tx_held = NULL;
	pthread_mutex_unlock(&s->wlock);
	return rc;
}

static void sq_rollback(struct store *base)
{
	struct sqlite_store *s = SQ(base);
	if (tx_held != s)
		return;
	db_rollback(s->writer.db);
	tx_held = NULL;
	pthread_mutex_unlock(&s->wlock);
}

static void copy(char *dst, size_t size, const unsigned char *src)
{
	snprintf(dst, size, "%s", src ? (const char *)src : "");
}

/* Tokens ---------------------------------------------------------------------- */

static int sq_token_add(struct store *base, const struct token_info *t,
			const unsigned char hash[32], char **err)
{
	struct sqlite_store *s = SQ(base);
	struct conn *c = &s->writer;
	sqlite3_stmt *st;

	/* a staff name goes into the audit trail staff read: checked as visitors' text is */
	if (t->scope != SCOPE_KIOSK && request_check_text(t->name, 0, 63) != TEXT_OK)
		return set_error(err, "the name contains characters that are not allowed "
				 "(control, bidi or invisible characters)");
	st = stmt(c, Q_TOKEN_ADD, err);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, t->id);
	sqlite3_bind_blob(st, 2, hash, 32, SQLITE_TRANSIENT);
	db_bind_text(st, 3, scope_names[t->scope]);
	db_bind_text(st, 4, t->name);
	db_bind_text(st, 5, t->county);
	db_bind_text(st, 6, t->created_at);
	return step_done(c, st, err);
}

static int sq_token_revoke(struct store *base, const char *id, const char *now, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct conn *c = &s->writer;
	sqlite3_stmt *st = stmt(c, Q_TOKEN_REVOKE, err);

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, now);
	if (sqlite3_step(st) != SQLITE_DONE)
		return fail(c, st, err);
	sqlite3_reset(st);
	return sqlite3_changes(c->db) > 0;
}

static enum scope scope_from(const unsigned char *s)
{
	if (s != NULL && strcmp((const char *)s, "admin") == 0)
		return SCOPE_ADMIN;
	if (s != NULL && strcmp((const char *)s, "staff") == 0)
		return SCOPE_STAFF;
	return SCOPE_KIOSK;
}

static void bind_hash(sqlite3_stmt *st, const void *hash)
{
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_TRANSIENT);
}

/* Q_TOKEN_LOOKUP and Q_TOKEN_LIST share their first five columns. */
static void row_token(sqlite3_stmt *st, void *item)
{
	struct token_info *t = item;

	copy(t->id, sizeof t->id, sqlite3_column_text(st, 0));
	t->scope = scope_from(sqlite3_column_text(st, 1));
	copy(t->name, sizeof t->name, sqlite3_column_text(st, 2));
	copy(t->county, sizeof t->county, sqlite3_column_text(st, 3));
	copy(t->created_at, sizeof t->created_at, sqlite3_column_text(st, 4));
	if (sqlite3_column_count(st) > 5)
		copy(t->revoked_at, sizeof t->revoked_at, sqlite3_column_text(st, 5));
}

static int sq_token_lookup(struct store *base, const unsigned char hash[32], struct token_info *out,
			   char **err)
{
	struct sqlite_store *s = SQ(base);
	struct rows r = {.size = sizeof *out};

	if (read_rows(s, Q_TOKEN_LOOKUP, bind_hash, hash, row_token, NULL, &r, err) < 0)
		return -1;
	if (r.n > 0)
		*out = *(struct token_info *)r.items;
	free(r.items);
	return r.n > 0;
}

static int sq_token_list(struct store *base, struct token_info **out, int *n, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct rows r = {.size = sizeof **out};
	int rc = read_rows(s, Q_TOKEN_LIST, NULL, NULL, row_token, NULL, &r, err);

	*out = r.items;
	*n = r.n;
	return rc;
}

/* Requests --------------------------------------------------------------------- */

/* The municipality of a catalogue item (live or deleted) in out: 1 if the item is
 * known, 0 if not, with *any set to whether the catalogue holds any item of kind. */
static int catalogue_municipality(struct conn *c, const char *kind, const char *id, char out[6],
				  int *any, char **err)
{
	sqlite3_stmt *st = stmt(c, Q_CAT_MUNICIPALITY, err);
	int rc;

	out[0] = '\0';
	*any = 1;
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy(out, 6, sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return 1;
	}
	if (rc != SQLITE_DONE)
		return fail(c, st, err);
	sqlite3_reset(st);
	st = stmt(c, Q_CAT_ANY, err);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, kind);
	if (sqlite3_step(st) != SQLITE_ROW)
		return fail(c, st, err);
	*any = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return 0;
}

/* An id already stored: PUT_SAME or PUT_CONFLICT in *res, or 0 in *found. */
static int request_stored(struct conn *c, const struct request_in *r, int *found,
			  enum put_result *res, char **err)
{
	sqlite3_stmt *st = stmt(c, Q_REQ_BODY, err);
	int rc;

	*found = 0;
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, r->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_ROW)
		return fail(c, st, err);
	*found = 1;
	if (sqlite3_column_type(st, 0) == SQLITE_NULL)
		*res = PUT_SAME;        /* purged: the hub had it; never store it twice */
	else
		*res = strcmp((const char *)sqlite3_column_text(st, 0), r->body) == 0 ?
			PUT_SAME : PUT_CONFLICT;
	sqlite3_reset(st);
	return 0;
}

static int sq_request_put(struct store *base, const struct request_in *r, const char *now,
			  enum put_result *res, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct conn *c = &s->writer;
	const struct municipality *m;
	sqlite3_stmt *st;
	char mun[6] = "";
	const char *county = "";
	int known = 1, any = 0, found;

	if (strcmp(r->kind, "nomination") == 0) {
		snprintf(mun, sizeof mun, "%s", r->nominee_municipality);
	} else if (r->case_id[0] || r->partner_id[0]) {
		known = catalogue_municipality(c, r->case_id[0] ? "c" : "p",
					       r->case_id[0] ? r->case_id : r->partner_id, mun,
					       &any, err);
		if (known < 0)
			return -1;
	}
	if (!known && any) {
		/* a catalogue that lacks the item: refuse it, unless the id is stored */
		if (request_stored(c, r, &found, res, err) < 0)
			return -1;
		if (!found)
			*res = PUT_UNKNOWN;
		return 0;
	}
	m = municipality_find(mun);
	if (m != NULL)
		county = m->county;
	st = stmt(c, Q_REQ_INSERT, err);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, r->id);
	db_bind_text(st, 2, r->kind);
	db_bind_text(st, 3, r->kiosk_id);
	db_bind_text(st, 4, county);
	db_bind_text(st, 5, r->created_at);
	db_bind_text(st, 6, now);
	db_bind_text(st, 7, r->body);
	if (sqlite3_step(st) != SQLITE_DONE)
		return fail(c, st, err);
	sqlite3_reset(st);
	if (sqlite3_changes(c->db) > 0) {
		*res = PUT_NEW;
		return 0;
	}
	if (request_stored(c, r, &found, res, err) < 0)
		return -1;
	if (!found)
		return set_error(err, "database: request %s vanished", r->id);
	return 0;
}



static void row_to_request(sqlite3_stmt *st, void *item)
{
	struct stored_request *r = item;

	copy(r->id, sizeof r->id, sqlite3_column_text(st, 0));
	copy(r->kind, sizeof r->kind, sqlite3_column_text(st, 1));
	copy(r->status, sizeof r->status, sqlite3_column_text(st, 2));
	copy(r->county, sizeof r->county, sqlite3_column_text(st, 3));
	copy(r->kiosk_id, sizeof r->kiosk_id, sqlite3_column_text(st, 4));
	copy(r->received_at, sizeof r->received_at, sqlite3_column_text(st, 5));
	copy(r->updated_at, sizeof r->updated_at, sqlite3_column_text(st, 6));
	r->version = sqlite3_column_int64(st, 7);
	r->body = db_column_strdup(st, 8);
	r->item = db_column_strdup(st, 9);
	r->item_deleted = sqlite3_column_int(st, 10);
	copy(r->qa_id, sizeof r->qa_id, sqlite3_column_text(st, 11));
}

static void drop_requests(void *items, int n)
{
	stored_requests_free(items, n);
}

static void bind_filter(sqlite3_stmt *st, const void *arg)
{
	const struct request_filter *f = arg;

	db_bind_text(st, 1, f->status);
	db_bind_text(st, 2, f->kind);
	db_bind_text(st, 3, f->county);
	db_bind_text(st, 4, f->kiosk);
	db_bind_text(st, 5, f->since);
	sqlite3_bind_int(st, 6, f->limit);
	sqlite3_bind_int(st, 7, f->offset);
}

static int sq_requests_list(struct store *base, const struct request_filter *f,
			    struct stored_request **out, int *n, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct rows r = {.size = sizeof **out};
	int rc = read_rows(s, Q_REQ_LIST, bind_filter, f, row_to_request, drop_requests, &r,
			   err);

	*out = r.items;
	*n = r.n;
	return rc;
}

static int sq_request_get(struct store *base, const char *id, struct stored_request *out,
			  char **err)
{
	struct sqlite_store *s = SQ(base);
	struct rows r = {.size = sizeof *out};

	if (read_rows(s, Q_REQ_GET, bind_text1, id, row_to_request, drop_requests, &r,
		      err) < 0)
		return -1;
	if (r.n > 0)
		*out = *(struct stored_request *)r.items;   /* takes the body */
	free(r.items);
	return r.n > 0;
}

static void row_note(sqlite3_stmt *st, void *item)
{
	struct request_note *note = item;

	copy(note->at, sizeof note->at, sqlite3_column_text(st, 0));
	note->by = db_column_strdup(st, 1);
	note->text = db_column_strdup(st, 2);
}

static void drop_notes(void *items, int n)
{
	store_notes_free(items, n);
}

static int sq_request_notes(struct store *base, const char *id, struct request_note **out, int *n,
			    char **err)
{
	struct sqlite_store *s = SQ(base);
	struct rows r = {.size = sizeof **out};
	int rc = read_rows(s, Q_NOTES, bind_text1, id, row_note, drop_notes, &r, err);

	*out = r.items;
	*n = r.n;
	return rc;
}

static void row_change(sqlite3_stmt *st, void *item)
{
	struct request_change *ch = item;

	copy(ch->at, sizeof ch->at, sqlite3_column_text(st, 0));
	ch->by = db_column_strdup(st, 1);
	copy(ch->from, sizeof ch->from, sqlite3_column_text(st, 2));
	copy(ch->to, sizeof ch->to, sqlite3_column_text(st, 3));
	ch->version = sqlite3_column_int64(st, 4);
}

static void drop_changes(void *items, int n)
{
	store_changes_free(items, n);
}

static int sq_request_history(struct store *base, const char *id, struct request_change **out,
			      int *n, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct rows r = {.size = sizeof **out};
	int rc = read_rows(s, Q_HISTORY, bind_text1, id, row_change, drop_changes, &r, err);

	*out = r.items;
	*n = r.n;
	return rc;
}



static int audit(struct conn *c, const char *id, const char *now, const char *by,
		 const char *token_id, const char *action, const char *from, const char *to,
		 int64_t version, char **err)
{
	sqlite3_stmt *st = stmt(c, Q_AUDIT_ADD, err);

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, now);
	db_bind_text(st, 3, by);
	db_bind_text(st, 4, token_id);
	db_bind_text(st, 5, action);
	db_bind_text(st, 6, from);
	db_bind_text(st, 7, to);
	sqlite3_bind_int64(st, 8, version);
	return step_done(c, st, err);
}

static int sq_request_update(struct store *base, const char *id, int64_t if_version,
			     const char *status, const char *note, const char *by,
			     const char *token_id, const char *now, int64_t *new_version,
			     enum update_result *res, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct conn *c = &s->writer;
	sqlite3_stmt *st = stmt(c, Q_REQ_VERSION, err);
	char old[16];
	int64_t version;
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		*res = UPDATE_NOT_FOUND;
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_ROW)
		return fail(c, st, err);
	version = sqlite3_column_int64(st, 0);
	copy(old, sizeof old, sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	if (if_version >= 0 && version != if_version) {
		*res = UPDATE_VERSION_MISMATCH;
		*new_version = version;
		return 0;
	}
	st = stmt(c, Q_REQ_SET, err);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, status ? status : old);
	db_bind_text(st, 3, now);
	sqlite3_bind_int64(st, 4, version);
	if (sqlite3_step(st) != SQLITE_DONE)
		return fail(c, st, err);
	sqlite3_reset(st);
	if (note != NULL) {
		st = stmt(c, Q_NOTE_ADD, err);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, id);
		db_bind_text(st, 2, now);
		db_bind_text(st, 3, by);
		db_bind_text(st, 4, note);
		if (sqlite3_step(st) != SQLITE_DONE)
			return fail(c, st, err);
		sqlite3_reset(st);
	}
	if (audit(c, id, now, by, token_id, note ? (status ? "status+note" : "note") : "status",
		  old, status ? status : old, version + 1, err) < 0)
		return -1;
	*new_version = version + 1;
	*res = UPDATE_OK;
	return 0;
}

static int sq_purge(struct store *base, const char *before, const char *now, int64_t *n, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct conn *c = &s->writer;
	sqlite3_stmt *st = stmt(c, Q_PURGE_SELECT, err);
	char **ids = NULL, **status = NULL;
	int count = 0, cap = 0, rc, i;

	*n = 0;
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, before);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap ? cap * 2 : 64;
			ids = xrealloc(ids, (size_t)cap * sizeof *ids);
			status = xrealloc(status, (size_t)cap * sizeof *status);
		}
		ids[count] = db_column_strdup(st, 0);
		status[count++] = db_column_strdup(st, 1);
	}
	rc = rc == SQLITE_DONE ? 0 : fail(c, st, err);
	sqlite3_reset(st);
	for (i = 0; i < count && rc == 0; i++) {
		st = stmt(c, Q_PURGE_REQ, err);
		if (st == NULL) {
			rc = -1;
			break;
		}
		db_bind_text(st, 1, ids[i]);
		db_bind_text(st, 2, now);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = fail(c, st, err);
			break;
		}
		st = stmt(c, Q_PURGE_NOTES, err);
		if (st == NULL) {
			rc = -1;
			break;
		}
		db_bind_text(st, 1, ids[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = fail(c, st, err);
			break;
		}
		sqlite3_reset(st);
		rc = audit(c, ids[i], now, "vitrina-hub purge", NULL, "purge", status[i],
			   status[i], 0, err);
	}
	for (i = 0; i < count; i++) {
		free(ids[i]);
		free(status[i]);
	}
	free(ids);
	free(status);
	if (rc == 0)
		*n = count;
	return rc;
}

static void sq_checkpoint(struct store *base)
{
	struct sqlite_store *s = SQ(base);
	pthread_mutex_lock(&s->wlock);
	sqlite3_wal_checkpoint_v2(s->writer.db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	pthread_mutex_unlock(&s->wlock);
}

/* Catalogue -------------------------------------------------------------------- */

static int next_seq(struct conn *c, int64_t *seq, char **err)
{
	sqlite3_stmt *st = stmt(c, Q_CAT_NEXT, err);

	if (st == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW)
		return fail(c, st, err);
	*seq = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

static int cat_upsert(struct conn *c, char kind, const char *id, int deleted,
		      const char *municipality, const char *body, const char *now, char **err)
{
	sqlite3_stmt *st;
	char k[2] = {kind, '\0'};
	int64_t seq = 0;

	if (next_seq(c, &seq, err) < 0)
		return -1;
	st = stmt(c, Q_CAT_UPSERT, err);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, k);
	db_bind_text(st, 2, id);
	sqlite3_bind_int64(st, 3, seq);
	sqlite3_bind_int(st, 4, deleted);
	db_bind_text(st, 5, municipality);
	db_bind_text(st, 6, body);
	db_bind_text(st, 7, now);
	return step_done(c, st, err);
}

/* 1 and the liveness if the item exists; *same if its body equals body. */
static int cat_get(struct conn *c, char kind, const char *id, const char *body, int *live,
		   int *same, char **err)
{
	sqlite3_stmt *st = stmt(c, Q_CAT_GET, err);
	char k[2] = {kind, '\0'};
	int rc;

	*live = *same = 0;
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, k);
	db_bind_text(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_ROW)
		return fail(c, st, err);
	*live = sqlite3_column_int(st, 0) == 0;
	*same = *live && body != NULL && sqlite3_column_text(st, 1) != NULL &&
		strcmp((const char *)sqlite3_column_text(st, 1), body) == 0;
	sqlite3_reset(st);
	return 1;
}

static int sq_catalogue_put(struct store *base, char kind, const char *id, const char *municipality,
			    const char *body, const char *now, int *changed, char **err)
{
	struct sqlite_store *s = SQ(base);
	int live, same;

	*changed = 0;
	if (cat_get(&s->writer, kind, id, body, &live, &same, err) < 0)
		return -1;
	if (same)
		return 0;
	*changed = 1;
	return cat_upsert(&s->writer, kind, id, 0, municipality, body, now, err);
}

static int sq_catalogue_delete(struct store *base, char kind, const char *id, const char *now,
			       char **err)
{
	struct sqlite_store *s = SQ(base);
	int live, same, rc = cat_get(&s->writer, kind, id, NULL, &live, &same, err);

	if (rc <= 0)
		return rc;
	if (!live)
		return 0;
	/* the municipality stays: requests about the item still find their county */
	if (cat_upsert(&s->writer, kind, id, 1, NULL, NULL, now, err) < 0)
		return -1;
	return 1;
}

struct page {
	int64_t since;
	int limit;
};

static void bind_page(sqlite3_stmt *st, const void *arg)
{
	const struct page *p = arg;

	sqlite3_bind_int64(st, 1, p->since);
	sqlite3_bind_int(st, 2, p->limit + 1);     /* one more tells whether there are more */
}

static void row_cat_change(sqlite3_stmt *st, void *item)
{
	struct catalogue_change *ch = item;
	const unsigned char *k = sqlite3_column_text(st, 0);

	ch->kind = k ? (char)k[0] : 'c';
	copy(ch->id, sizeof ch->id, sqlite3_column_text(st, 1));
	ch->seq = sqlite3_column_int64(st, 2);
	ch->deleted = sqlite3_column_int(st, 3);
	ch->body = db_column_strdup(st, 4);
	ch->qa = db_column_strdup(st, 5);
	ch->inspired = sqlite3_column_int64(st, 6);
	ch->inspired_90d = sqlite3_column_int64(st, 7);
}

static void drop_cat_changes(void *items, int n)
{
	store_changes_list_free(items, n);
}

static int sq_catalogue_changes(struct store *base, int64_t since, int limit,
				struct catalogue_change **out, int *n, int *more, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct page p = {since, limit};
	struct rows r = {.size = sizeof **out};
	int rc = read_rows(s, Q_CAT_CHANGES, bind_page, &p, row_cat_change, drop_cat_changes,
			   &r, err);

	*more = 0;
	while (r.n > limit) {
		struct catalogue_change *last = (struct catalogue_change *)r.items + --r.n;

		*more = 1;
		free(last->body);
		free(last->qa);
	}
	*out = r.items;
	*n = r.n;
	return rc;
}


/* Questions and answers ------------------------------------------------------------ */


static int sq_case_live(struct store *base, const char *id, char municipality[6], char **err)
{
	struct sqlite_store *s = SQ(base);
	struct conn *c = &s->writer;
	sqlite3_stmt *st = stmt(c, Q_CASE_LIVE, err);
	int rc;

	municipality[0] = '\0';
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(c, st, err);
	if (rc == SQLITE_ROW)
		copy(municipality, 6, sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW;
}

static int sq_request_target(struct store *base, const char *id, char kind[12], char case_id[37],
			     char **err)
{
	struct sqlite_store *s = SQ(base);
	struct conn *c = &s->writer;
	sqlite3_stmt *st = stmt(c, Q_REQ_TARGET, err);
	int rc;

	kind[0] = case_id[0] = '\0';
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(c, st, err);
	if (rc == SQLITE_ROW) {
		copy(kind, 12, sqlite3_column_text(st, 0));
		copy(case_id, 37, sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW;
}

/* A new catalogue seq for the live case id (lower case), so kiosks get it again. */
static int case_touch(struct conn *c, const char *id, const char *now, char **err)
{
	sqlite3_stmt *st;
	int64_t seq = 0;

	if (next_seq(c, &seq, err) < 0)
		return -1;
	st = stmt(c, Q_CAT_TOUCH, err);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, id);
	sqlite3_bind_int64(st, 2, seq);
	db_bind_text(st, 3, now);
	return step_done(c, st, err);
}

static void row_qa(sqlite3_stmt *st, void *item)
{
	struct qa_item *q = item;

	copy(q->id, sizeof q->id, sqlite3_column_text(st, 0));
	copy(q->case_id, sizeof q->case_id, sqlite3_column_text(st, 1));
	copy(q->request_id, sizeof q->request_id, sqlite3_column_text(st, 2));
	q->question = db_column_strdup(st, 3);
	q->answer = db_column_strdup(st, 4);
	q->answered_by = db_column_strdup(st, 5);
	copy(q->lang, sizeof q->lang, sqlite3_column_text(st, 6));
	copy(q->published_at, sizeof q->published_at, sqlite3_column_text(st, 7));
	copy(q->age_group, sizeof q->age_group, sqlite3_column_text(st, 8));
}

/* The writer's view of the item of request_id: 1 found, 0 none. */
static int qa_get(struct conn *c, const char *request_id, struct qa_item *out, char **err)
{
	sqlite3_stmt *st = stmt(c, Q_QA_BY_REQ, err);
	int rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, request_id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(c, st, err);
	if (rc == SQLITE_ROW)
		row_qa(st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW;
}

static int same_text(const struct qa_item *a, const struct qa_item *b)
{
	return strcmp(a->question, b->question) == 0 && strcmp(a->answer, b->answer) == 0 &&
		strcmp(a->answered_by, b->answered_by) == 0 && strcmp(a->lang, b->lang) == 0;
}

/* Write q as item id: a new row (insert) or new text for an existing one. */
static int qa_write(struct conn *c, const struct qa_item *q, const char *id, int insert, char **err)
{
	sqlite3_stmt *st = stmt(c, insert ? Q_QA_INSERT : Q_QA_EDIT, err);
	int k = 1;

	if (st == NULL)
		return -1;
	db_bind_text(st, k++, id);
	if (insert) {
		db_bind_text(st, k++, q->case_id);
		db_bind_text(st, k++, q->request_id);
	}
	db_bind_text(st, k++, q->question);
	db_bind_text(st, k++, q->answer);
	db_bind_text(st, k++, q->answered_by);
	db_bind_text(st, k++, q->lang);
	if (insert)
		db_bind_text(st, k, q->published_at);
	return step_done(c, st, err);
}

static int sq_qa_publish(struct store *base, const struct qa_item *q, const char *now,
			 struct qa_item *out, enum qa_result *res, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct conn *c = &s->writer;
	struct qa_item old, neu;
	int rc = qa_get(c, q->request_id, &old, err);

	if (rc < 0)
		return -1;
	neu = *q;
	if (rc == 1 && strcmp(old.case_id, q->case_id) != 0) {
		*res = QA_CONFLICT;
		qa_item_clear(&old);
		return 0;
	}
	if (rc == 1 && same_text(&old, q)) {
		*res = QA_SAME;
	} else if (rc == 1) {
		*res = QA_EDITED;
		rc = qa_write(c, q, old.id, 0, err);
	} else {
		*res = QA_NEW;
		uuid_make(neu.id);
		snprintf(neu.published_at, sizeof neu.published_at, "%s", now);
		rc = qa_write(c, &neu, neu.id, 1, err);
	}
	qa_item_clear(&old);
	if (rc < 0)
		return -1;
	if (*res != QA_SAME && case_touch(c, q->case_id, now, err) < 0)
		return -1;
	if (out == NULL)
		return 0;
	return qa_get(c, q->request_id, out, err) < 0 ? -1 : 0;
}

static int sq_qa_delete(struct store *base, const char *case_id, const char *qa_id, const char *now,
			char **err)
{
	struct sqlite_store *s = SQ(base);
	struct conn *c = &s->writer;
	sqlite3_stmt *st = stmt(c, Q_QA_DELETE, err);

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, case_id);
	db_bind_text(st, 2, qa_id);
	if (step_done(c, st, err) < 0)
		return -1;
	if (sqlite3_changes(c->db) == 0)
		return 0;
	return case_touch(c, case_id, now, err) < 0 ? -1 : 1;
}

static void drop_qa(void *items, int n)
{
	struct qa_item *q = items;
	int i;

	for (i = 0; i < n; i++)
		qa_item_clear(&q[i]);
	free(q);
}

static int sq_qa_of_request(struct store *base, const char *request_id, struct qa_item *out,
			    char **err)
{
	struct sqlite_store *s = SQ(base);
	struct rows r = {.size = sizeof *out};

	memset(out, 0, sizeof *out);
	if (read_rows(s, Q_QA_BY_REQ, bind_text1, request_id, row_qa, drop_qa, &r, err) < 0)
		return -1;
	if (r.n > 0)
		*out = *(struct qa_item *)r.items;
	free(r.items);
	return r.n > 0;
}

/* Kiosks ----------------------------------------------------------------------- */

static int sq_heartbeat(struct store *base, const struct kiosk_info *k, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct conn *c = &s->writer;
	sqlite3_stmt *st = stmt(c, Q_HEARTBEAT, err);

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, k->id);
	db_bind_text(st, 2, k->last_seen);
	db_bind_text(st, 3, k->version);
	sqlite3_bind_int64(st, 4, k->outbox);
	sqlite3_bind_int64(st, 5, k->seq);
	sqlite3_bind_int64(st, 6, k->uptime_s);
	sqlite3_bind_int64(st, 7, k->outbox_oldest_s);
	db_bind_text(st, 8, k->municipality);
	return step_done(c, st, err);
}

static void row_kiosk(sqlite3_stmt *st, void *item)
{
	struct kiosk_info *k = item;

	copy(k->id, sizeof k->id, sqlite3_column_text(st, 0));
	copy(k->last_seen, sizeof k->last_seen, sqlite3_column_text(st, 1));
	copy(k->version, sizeof k->version, sqlite3_column_text(st, 2));
	k->outbox = sqlite3_column_int64(st, 3);
	k->seq = sqlite3_column_int64(st, 4);
	k->uptime_s = sqlite3_column_int64(st, 5);
	k->outbox_oldest_s = sqlite3_column_int64(st, 6);
	copy(k->municipality, sizeof k->municipality, sqlite3_column_text(st, 7));
}

static int sq_kiosks(struct store *base, struct kiosk_info **out, int *n, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct rows r = {.size = sizeof **out};
	int rc = read_rows(s, Q_KIOSKS, NULL, NULL, row_kiosk, NULL, &r, err);

	*out = r.items;
	*n = r.n;
	return rc;
}

/* Usage counts ------------------------------------------------------------------- */

/* Run q, which takes the kiosk and the day (and nothing, or ?1 only if day is NULL). */
static int run_kd(struct conn *c, enum query q, const char *kiosk, const char *day, char **err)
{
	sqlite3_stmt *st = stmt(c, q, err);

	if (st == NULL)
		return -1;
	if (kiosk != NULL)
		db_bind_text(st, 1, kiosk);
	if (day != NULL)
		db_bind_text(st, 2, day);
	return step_done(c, st, err);
}

/* 1 if the case id (lower case) is in the catalogue, live or deleted. */
static int case_known(struct conn *c, const char *id, char **err)
{
	char m[6];
	int any;

	return catalogue_municipality(c, "c", id, m, &any, err);
}

static int usage_day_row(struct conn *c, const char *kiosk, const struct usage_day *d, char **err)
{
	sqlite3_stmt *st = stmt(c, Q_USAGE_DAY, err);
	const struct municipality *m;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, kiosk);
	db_bind_text(st, 2, d->day);
	sqlite3_bind_int64(st, 3, d->sessions);
	sqlite3_bind_int64(st, 4, d->searches);
	sqlite3_bind_int64(st, 5, d->quiz_done);
	sqlite3_bind_int64(st, 6, d->requests[0]);
	sqlite3_bind_int64(st, 7, d->requests[1]);
	sqlite3_bind_int64(st, 8, d->requests[2]);
	m = municipality_find(d->municipality);
	db_bind_text(st, 9, m ? m->code : "");
	db_bind_text(st, 10, m ? m->county : "");
	return step_done(c, st, err);
}

static int usage_case_row(struct conn *c, const char *kiosk, const char *day,
			  const struct usage_case *u, char **err)
{
	sqlite3_stmt *st = stmt(c, Q_USAGE_CASE, err);

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, kiosk);
	db_bind_text(st, 2, day);
	db_bind_text(st, 3, u->id);
	sqlite3_bind_int64(st, 4, u->stories_read);
	sqlite3_bind_int64(st, 5, u->inspired);
	return step_done(c, st, err);
}

/* Note in usage_touch the cases whose inspired total day d may change. */
static int usage_mark(struct conn *c, const char *kiosk, const struct usage_day *d, char **err)
{
	sqlite3_stmt *st;
	int i;

	if (run_kd(c, Q_TOUCH_OLD, kiosk, d->day, err) < 0)
		return -1;
	for (i = 0; i < d->ncases; i++) {
		if (d->cases[i].inspired == 0)
			continue;
		st = stmt(c, Q_TOUCH_ADD, err);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, d->cases[i].id);
		if (step_done(c, st, err) < 0)
			return -1;
	}
	return 0;
}

/* Replace the kiosk's day d; unknown cases are left out and counted. */
static int usage_replace(struct conn *c, const char *kiosk, const struct usage_day *d, int *unknown,
			 char **err)
{
	int i, known;

	if (run_kd(c, Q_USAGE_DROP, kiosk, d->day, err) < 0 ||
	    usage_day_row(c, kiosk, d, err) < 0)
		return -1;
	for (i = 0; i < d->ncases; i++) {
		known = case_known(c, d->cases[i].id, err);
		if (known < 0)
			return -1;
		if (!known) {
			(*unknown)++;
			continue;
		}
		if (usage_case_row(c, kiosk, d->day, &d->cases[i], err) < 0)
			return -1;
	}
	return 0;
}

/* A new seq for each case in usage_touch whose inspired total is not what it was. */
static int usage_touch_changed(struct conn *c, const char *now, char **err)
{
	sqlite3_stmt *st = stmt(c, Q_TOUCH_CHANGED, err);
	char (*ids)[37] = NULL;
	int n = 0, cap = 0, rc, i;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			ids = xrealloc(ids, (size_t)cap * sizeof *ids);
		}
		copy(ids[n++], sizeof ids[0], sqlite3_column_text(st, 0));
	}
	if (rc != SQLITE_DONE) {
		free(ids);
		return fail(c, st, err);
	}
	sqlite3_reset(st);
	for (i = 0, rc = 0; i < n && rc == 0; i++)
		rc = case_touch(c, ids[i], now, err);
	free(ids);
	return rc;
}

static int sq_usage_put(struct store *base, const char *kiosk, const struct usage_day *days, int n,
			const char *now, int *unknown, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct conn *c = &s->writer;
	int i;

	*unknown = 0;
	if (run_kd(c, Q_TOUCH_CLEAR, NULL, NULL, err) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (usage_mark(c, kiosk, &days[i], err) < 0)
			return -1;
	}
	if (run_kd(c, Q_TOUCH_BEFORE, NULL, NULL, err) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (usage_replace(c, kiosk, &days[i], unknown, err) < 0)
			return -1;
	}
	return usage_touch_changed(c, now, err);
}

/* Figures ---------------------------------------------------------------------------- */

struct stats_args {
	const char *from, *to, *county;
	int by;
};

static void bind_stats(sqlite3_stmt *st, const void *arg)
{
	const struct stats_args *a = arg;

	db_bind_text(st, 1, a->from);
	db_bind_text(st, 2, a->to);
	db_bind_text(st, 3, a->county);
	sqlite3_bind_int(st, 4, a->by);
}

static void row_stats(sqlite3_stmt *st, void *item)
{
	struct stats_row *r = item;
	int k;

	copy(r->key, sizeof r->key, sqlite3_column_text(st, 0));
	r->sessions = sqlite3_column_int64(st, 1);
	r->stories_read = sqlite3_column_int64(st, 2);
	r->searches = sqlite3_column_int64(st, 3);
	r->inspired = sqlite3_column_int64(st, 4);
	r->quiz_done = sqlite3_column_int64(st, 5);
	for (k = 0; k < 3; k++)
		r->requests[k] = sqlite3_column_int64(st, 6 + k);
	if (sqlite3_column_count(st) > 9) {
		r->item = sqlite3_column_type(st, 9) == SQLITE_NULL ? NULL :
			xstrdup((const char *)sqlite3_column_text(st, 9));
		r->item_deleted = sqlite3_column_int(st, 10);
	}
}


static void drop_stats(void *items, int n)
{
	store_stats_free(items, n);
}

static int sq_stats(struct store *base, const char *from, const char *to, enum stats_by by,
		    const char *county, struct stats_row **out, int *n, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct stats_args a = {from, to, county ? county : "", by};
	struct rows r = {.size = sizeof **out};
	enum query q = by != STATS_CASE ? Q_STATS_PLACE : a.county[0] ? Q_STATS_CASE_IN :
		Q_STATS_CASE;
	int rc = read_rows(s, q, bind_stats, &a, row_stats, drop_stats, &r, err);

	*out = r.items;
	*n = r.n;
	return rc;
}

/* Streamed exports and the health check (hubops) -------------------------------- */

struct paged_request {
	struct stored_request r;
	int64_t seq;
};

static void row_paged(sqlite3_stmt *st, void *item)
{
	struct paged_request *p = item;

	row_to_request(st, &p->r);
	p->seq = sqlite3_column_int64(st, 12);
}

static void drop_paged(void *items, int n)
{
	struct paged_request *p = items;
	int i;

	for (i = 0; i < n; i++)
		stored_request_clear(&p[i].r);
	free(p);
}

struct page_args {
	const struct request_filter *f;
	int64_t before;
};

static void bind_page_filter(sqlite3_stmt *st, const void *arg)
{
	const struct page_args *a = arg;

	bind_filter(st, a->f);
	sqlite3_bind_int64(st, 8, a->before);
}

static int sq_requests_page(struct store *base, const struct request_filter *f, int64_t before,
			    struct stored_request **out, int *n, int64_t *last, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct page_args a = {f, before};
	struct rows r = {.size = sizeof(struct paged_request)};
	struct paged_request *p;
	int i;

	*out = NULL;
	*n = 0;
	if (read_rows(s, Q_REQ_PAGE, bind_page_filter, &a, row_paged, drop_paged, &r,
		      err) < 0)
		return -1;
	p = r.items;
	if (r.n > 0) {
		*out = xcalloc((size_t)r.n, sizeof **out);
		for (i = 0; i < r.n; i++)
			(*out)[i] = p[i].r;        /* takes the body */
		*last = p[r.n - 1].seq;
	}
	*n = r.n;
	free(p);
	return 0;
}

static void row_int(sqlite3_stmt *st, void *item)
{
	*(int *)item = sqlite3_column_int(st, 0);
}

static void row_int64(sqlite3_stmt *st, void *item)
{
	*(int64_t *)item = sqlite3_column_int64(st, 0);
}

static int sq_catalogue_last_seq(struct store *base, int64_t *seq, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct rows r = {.size = sizeof(int64_t)};

	if (read_rows(s, Q_CAT_LAST, NULL, NULL, row_int64, NULL, &r, err) < 0)
		return -1;
	*seq = r.n > 0 ? *(int64_t *)r.items : 0;
	free(r.items);
	return 0;
}

static int sq_check(struct store *base, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct stat sb;
	struct rows r = {.size = sizeof(int)};

	/* a database file deleted or moved away under the hub would lose every write */
	if (stat(s->path, &sb) < 0)
		return set_error(err, "database: %s: %s", s->path, strerror(errno));
	if (read_rows(s, Q_CHECK, NULL, NULL, row_int, NULL, &r, err) < 0)
		return -1;
	free(r.items);
	return 0;
}

/* Enrolment codes ---------------------------------------------------------------- */

/* Statements of their own, prepared on each call: a code is made or taken a few times
 * a day, so they need no slot in the cached table above. Parameters past those the
 * statement uses are left unbound (sqlite3_bind_* just refuses them). */
static int enrol_exec(struct conn *c, const char *q, const unsigned char hash[32], const char *a,
		      const char *b, const char *d, char **err)
{
	sqlite3_stmt *st = db_prepare(c->db, q, err);
	int rc;

	if (st == NULL)
		return -1;
	if (hash != NULL)
		sqlite3_bind_blob(st, 1, hash, 32, SQLITE_TRANSIENT);
	db_bind_text(st, 2, a);
	db_bind_text(st, 3, b);
	db_bind_text(st, 4, d);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : set_error(err, "database: %s",
							       sqlite3_errmsg(c->db));
	sqlite3_finalize(st);
	return rc;
}

static int sq_enrol_add(struct store *base, const unsigned char hash[32], const char *kiosk_id,
			const char *now, const char *expires_at, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct conn *c = &s->writer;

	/* a new code for a kiosk replaces the unused ones made for it before */
	if (enrol_exec(c, "DELETE FROM enrol_codes WHERE kiosk_id = ?2 AND used_at IS NULL",
		       NULL, kiosk_id, NULL, NULL, err) < 0)
		return -1;
	return enrol_exec(c, "INSERT INTO enrol_codes(hash, kiosk_id, created_at, expires_at)"
			  " VALUES(?1, ?2, ?3, ?4)", hash, kiosk_id, now, expires_at, err);
}

static int sq_enrol_take(struct store *base, const unsigned char hash[32], const char *now,
			 const char *token_id, char kiosk_id[64], enum enrol_take *res, char **err)
{
	struct sqlite_store *s = SQ(base);
	struct conn *c = &s->writer;
	sqlite3_stmt *st = db_prepare(c->db, "SELECT kiosk_id, expires_at, used_at IS NOT NULL"
				      " FROM enrol_codes WHERE hash = ?1", err);
	int rc;

	kiosk_id[0] = '\0';
	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		set_error(err, "database: %s", sqlite3_errmsg(c->db));
		sqlite3_finalize(st);
		return -1;
	}
	if (rc == SQLITE_DONE)
		*res = ENROL_TAKE_UNKNOWN;
	else if (sqlite3_column_int(st, 2))
		*res = ENROL_TAKE_USED;
	/* RFC 3339 UTC times in one format compare as text */
	else if (strcmp((const char *)sqlite3_column_text(st, 1), now) <= 0)
		*res = ENROL_TAKE_EXPIRED;
	else
		*res = ENROL_TAKE_OK;
	if (rc == SQLITE_ROW)
		copy(kiosk_id, 64, sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (*res != ENROL_TAKE_OK)
		return 0;
	return enrol_exec(c, "UPDATE enrol_codes SET used_at = ?2, token_id = ?3"
			  " WHERE hash = ?1 AND used_at IS NULL", hash, now,
			  token_id, NULL, err);
}

/* Backup ----------------------------------------------------------------------- */

/* 256 KiB of 4 KiB pages a step: fine enough for a progress line every 10% of a small
 * database, few enough calls for a large one */
#define BACKUP_STEP_PAGES 64

/* Open a read transaction on c: every backup step then copies the same snapshot, and
 * in WAL mode a reader never holds up the hub's writers. */
static int backup_snapshot(struct conn *c, char **err)
{
	if (db_exec(c->db, "BEGIN", err) < 0)
		return -1;
	if (db_exec(c->db, "SELECT count(*) FROM sqlite_schema", err) < 0) {
		db_exec(c->db, "ROLLBACK", NULL);
		return -1;
	}
	return 0;
}

/* Copy the snapshot of src into dst, a step at a time, telling progress. */
static int backup_copy(sqlite3 *src, sqlite3 *dst, store_progress_fn progress, void *arg,
		       char **err)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc;

	if (b == NULL)
		return set_error(err, "backup: %s", sqlite3_errmsg(dst));
	do {
		rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		if (progress != NULL)
			progress(arg, sqlite3_backup_pagecount(b) - sqlite3_backup_remaining(b),
				 sqlite3_backup_pagecount(b));
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return set_error(err, "backup: %s", sqlite3_errstr(rc));
	return 0;
}

/* Make the copy a single self-contained file (no -wal beside it) and check it whole. */
static int backup_check(sqlite3 *dst, char **err)
{
	sqlite3_stmt *st;
	char *res = NULL;
	int ok;

	if (db_exec(dst, "PRAGMA journal_mode=DELETE", err) < 0)
		return -1;
	st = db_prepare(dst, "PRAGMA integrity_check", err);
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		res = db_column_strdup(st, 0);
	sqlite3_finalize(st);
	ok = res != NULL && strcmp(res, "ok") == 0;
	if (!ok)
		set_error(err, "the copy failed its integrity check: %s", res ? res : "no answer");
	free(res);
	return ok ? 0 : -1;
}

/* fsync the file or folder at path. */
static int sync_path(const char *path, char **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return set_error(err, "%s: %s", path, strerror(errno));
	rc = fsync(fd);
	close(fd);
	if (rc < 0)
		return set_error(err, "%s: %s", path, strerror(errno));
	return 0;
}

/* Give the finished copy tmp the name dest: link() never replaces an existing file,
 * rename() does (overwrite). Then make the name durable. */
static int backup_publish(const char *tmp, const char *dest, int overwrite, char **err)
{
	char *dir = xstrdup(dest), *slash;
	int rc;

	if (overwrite)
		rc = rename(tmp, dest);
	else
		rc = link(tmp, dest);
	if (rc < 0) {
		free(dir);
		if (errno == EEXIST)
			return set_error(err, "%s exists already (--force replaces it)", dest);
		return set_error(err, "%s: %s", dest, strerror(errno));
	}
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, strlen(dir) + 1, ".");
	else
		slash[slash == dir] = '\0';
	rc = sync_path(dir, err);
	free(dir);
	return rc;
}

/* The copy into the new temporary file tmp: backup, check, close, sync. */
static int backup_into(struct conn *c, const char *tmp, store_progress_fn progress, void *arg,
		       char **err)
{
	sqlite3 *dst = NULL;
	int rc;

	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		set_error(err, "%s: %s", tmp, dst ? sqlite3_errmsg(dst) : "cannot open");
		sqlite3_close(dst);
		return -1;
	}
	rc = backup_snapshot(c, err);
	if (rc == 0) {
		rc = backup_copy(c->db, dst, progress, arg, err);
		db_exec(c->db, "COMMIT", NULL);
	}
	if (rc == 0)
		rc = backup_check(dst, err);
	if (sqlite3_close(dst) != SQLITE_OK && rc == 0)
		rc = set_error(err, "%s: cannot close", tmp);
	if (rc == 0)
		rc = sync_path(tmp, err);
	return rc;
}

static int sq_backup(struct store *base, const char *dest, int overwrite,
		     store_progress_fn progress, void *arg, char **err)
{
	struct sqlite_store *s = SQ(base);
	size_t n = strlen(dest) + 16;
	char *tmp;
	struct conn *c;
	struct stat a, b;
	int fd, rc;

	/* --force must never rename a copy over the live database */
	if (stat(dest, &a) == 0 && stat(s->path, &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino)
		return set_error(err, "%s is the hub's database itself", dest);
	tmp = xmalloc(n);
	/* a temporary name beside dest that a "*.db" pattern (backup rotation) never takes */
	snprintf(tmp, n, "%s.tmp-XXXXXX", dest);
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = set_error(err, "%s: %s", dest, strerror(errno));
		free(tmp);
		return rc;
	}
	close(fd);
	c = reader_get(s, err);
	rc = c == NULL ? -1 : backup_into(c, tmp, progress, arg, err);
	if (c != NULL)
		reader_put(s, c);
	if (rc == 0)
		rc = backup_publish(tmp, dest, overwrite, err);
	unlink(tmp);
	free(tmp);
	return rc;
}

static const struct store_ops sqlite_ops = {
	.close = sq_close,
	.set_busy_timeout = sq_set_busy_timeout,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.token_add = sq_token_add,
	.token_revoke = sq_token_revoke,
	.token_lookup = sq_token_lookup,
	.token_list = sq_token_list,
	.request_put = sq_request_put,
	.requests_list = sq_requests_list,
	.request_get = sq_request_get,
	.request_notes = sq_request_notes,
	.request_history = sq_request_history,
	.request_update = sq_request_update,
	.purge = sq_purge,
	.checkpoint = sq_checkpoint,
	.catalogue_put = sq_catalogue_put,
	.catalogue_delete = sq_catalogue_delete,
	.catalogue_changes = sq_catalogue_changes,
	.catalogue_last_seq = sq_catalogue_last_seq,
	.heartbeat = sq_heartbeat,
	.kiosks = sq_kiosks,
	.case_live = sq_case_live,
	.request_target = sq_request_target,
	.qa_publish = sq_qa_publish,
	.qa_delete = sq_qa_delete,
	.qa_of_request = sq_qa_of_request,
	.usage_put = sq_usage_put,
	.stats = sq_stats,
	.requests_page = sq_requests_page,
	.check = sq_check,
	.enrol_add = sq_enrol_add,
	.enrol_take = sq_enrol_take,
	.backup = sq_backup,
};
