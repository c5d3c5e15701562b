/* The kiosk database schema: numbered migrations on PRAGMA user_version. Migration
 * N+1 takes the database from version N to N+1; never edit one that has shipped. */
#include "db.h"

static const char v1[] =
	/* ---- catalogue (src/catalogue.c, src/search.c) ---- */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	/* rk is the search order: featured cases below 2^40, the rest above, each in
	 * order of arrival. Small columns first so filters never read the story. */
	"CREATE TABLE cases("
	" rk INTEGER PRIMARY KEY,"
	" id TEXT NOT NULL UNIQUE,"
	" municipality TEXT NOT NULL,"
	" county TEXT NOT NULL,"
	" area INTEGER NOT NULL,"
	" themes INTEGER NOT NULL,"           /* bit (1 << enum theme) */
	" featured INTEGER NOT NULL,"
	" contact_allowed INTEGER NOT NULL,"
	" age INTEGER NOT NULL,"
	" seq INTEGER NOT NULL,"
	" updated_at TEXT NOT NULL,"
	" lang TEXT NOT NULL,"
	" slug TEXT NOT NULL,"
	" person TEXT NOT NULL,"
	" organisation TEXT NOT NULL,"
	" partner_id TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" quote TEXT NOT NULL,"
	" summary TEXT NOT NULL,"
	" path TEXT NOT NULL,"                 /* JSON [{year, step}] */
	" skills TEXT NOT NULL,"               /* JSON [string] */
	" translations TEXT NOT NULL,"         /* JSON {lang: {title, summary, story, quote}} */
	" story TEXT NOT NULL);"
	"CREATE INDEX cases_county ON cases(county, rk, themes);"
	"CREATE INDEX cases_facets ON cases(municipality, area, themes);"
	/* The facets of a case by rk without reading its (large) row: counting facets
	 * over thousands of search matches. */
	"CREATE INDEX cases_rk ON cases(rk, municipality, area, themes, county);"
	"CREATE TABLE partners("
	" rk INTEGER PRIMARY KEY,"
	" id TEXT NOT NULL UNIQUE,"
	" municipality TEXT NOT NULL,"
	" offers INTEGER NOT NULL,"           /* bit (1 << enum offer) */
	" contact_allowed INTEGER NOT NULL,"
	" seq INTEGER NOT NULL,"
	" name TEXT NOT NULL,"
	" sort_key TEXT NOT NULL,"            /* the folded name, for ordering */
	" description TEXT NOT NULL);"
	"CREATE INDEX partners_sort ON partners(sort_key);"
	/* Search indexes hold folded text (lowercase, no diacritics, l for ł); their rowid
	 * is cases.rk. Filters are tokens starting with '_' in the tags column. */
	"CREATE VIRTUAL TABLE case_fts USING fts5(title, people, places, topics, tags,"
	" tokenize=\"unicode61 remove_diacritics 2 tokenchars '_'\", prefix='1 2 3 4');"
	"CREATE VIRTUAL TABLE title_fts USING fts5(title, tags,"
	" tokenize=\"unicode61 remove_diacritics 2 tokenchars '_'\", prefix='1 2 3 4',"
	" detail=none, columnsize=0);"
	/* story_fts keeps no copy of the text (the stories are the bulk of the database):
	 * a delete repeats the folded text, so a change to the folding needs a migration
	 * that rebuilds the index. */
	"CREATE VIRTUAL TABLE story_fts USING fts5(story, tags, content='',"
	" tokenize=\"unicode61 remove_diacritics 2 tokenchars '_'\", prefix='2 3',"
	" detail=none, columnsize=0);"
	"CREATE VIRTUAL TABLE partner_fts USING fts5(name, description, places,"
	" tokenize=\"unicode61 remove_diacritics 2 tokenchars '_'\", prefix='1 2 3');"
	/* ---- outbox (src/outbox.c) ---- */
	"CREATE TABLE outbox("
	" id TEXT PRIMARY KEY,"
	" kind TEXT NOT NULL CHECK(kind IN ('contact','nomination')),"
	" body TEXT,"                   /* request JSON with personal data; NULL once sent */
	" created_at TEXT NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'pending' CHECK(state IN ('pending','sent','rejected')),"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT,"
	" sent_at TEXT);"
	"CREATE INDEX outbox_state ON outbox(state, created_at);"
	/* ---- sync state (src/sync.c) ---- */
	/* One row: the catalogue cursor and what the last rounds did. Times are Unix
	 * seconds (0: never); `wake` is set by the admin "sync now". */
	"CREATE TABLE sync_state("
	" id INTEGER PRIMARY KEY CHECK(id = 1),"
	" seq INTEGER NOT NULL DEFAULT 0,"
	" last_attempt INTEGER NOT NULL DEFAULT 0,"
	" last_success INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT,"
	" last_error_at INTEGER NOT NULL DEFAULT 0,"
	" next_attempt INTEGER NOT NULL DEFAULT 0,"
	" failures INTEGER NOT NULL DEFAULT 0,"
	" wait_ms INTEGER NOT NULL DEFAULT 0,"
	" authorised INTEGER NOT NULL DEFAULT 1,"
	" token_hash TEXT,"
	" pushed INTEGER NOT NULL DEFAULT 0,"
	" pulled INTEGER NOT NULL DEFAULT 0,"
	" wake INTEGER NOT NULL DEFAULT 0,"
	" daemon_pid INTEGER NOT NULL DEFAULT 0);"
	"INSERT INTO sync_state(id) VALUES(1);";

/* Jobs (DESIGN §2, second round): a column for the list, and a column of their own in
 * case_fts, weighted in ranking next to the title (an FTS5 table takes no new column, so
 * it is made again; its rows are copied, as no case had jobs before). title_fts is
 * unchanged: jobs go into its title column from now on. */
static const char v2[] =
	"ALTER TABLE cases ADD COLUMN jobs TEXT NOT NULL DEFAULT '[]';"   /* JSON [string] */
	"CREATE TEMP TABLE case_fts_v1 AS"
	" SELECT rowid AS rk, title, people, places, topics, tags FROM case_fts;"
	"DROP TABLE case_fts;"
	"CREATE VIRTUAL TABLE case_fts USING fts5(title, people, places, topics, tags, jobs,"
	" tokenize=\"unicode61 remove_diacritics 2 tokenchars '_'\", prefix='1 2 3 4');"
	"INSERT INTO case_fts(rowid, title, people, places, topics, tags, jobs)"
	" SELECT rk, title, people, places, topics, tags, '' FROM case_fts_v1;"
	"DROP TABLE temp.case_fts_v1;";

/* Partners' names and descriptions in other languages (DESIGN §2, second round). */
static const char v3[] =
	"ALTER TABLE partners ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';";

/* The catalogue moves to a file of its own (src/db.c: db_open_kiosk copies it there
 * first, since ATTACH cannot run inside this transaction): main keeps the outbox,
 * sync_state and meta, and records which catalogue file is current. The feed position
 * is now catalogue_info.seq in that file; sync_state.seq follows it for old readers. */
static const char v4[] =
	"DROP TABLE case_fts;"
	"DROP TABLE title_fts;"
	"DROP TABLE story_fts;"
	"DROP TABLE partner_fts;"
	"DROP TABLE cases;"
	"DROP TABLE partners;"
	/* the generation of STEM.catalogue-N.db in use; 0: none made yet */
	"ALTER TABLE sync_state ADD COLUMN catalogue INTEGER NOT NULL DEFAULT 0;"
	/* the last snapshot swapped in: when (Unix seconds), its feed position, its ETag */
	"ALTER TABLE sync_state ADD COLUMN snapshot_at INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE sync_state ADD COLUMN snapshot_seq INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE sync_state ADD COLUMN snapshot_etag TEXT;";

/* Questions (DESIGN §3, second round): kind 'question' in the outbox. SQLite cannot
 * change a CHECK, so the table is made again with every row and column kept. And the
 * daily usage counts (src/counters.c). */
static const char v5[] =
	"CREATE TABLE outbox_v5("
	" id TEXT PRIMARY KEY,"
	" kind TEXT NOT NULL CHECK(kind IN ('contact','nomination','question')),"
	" body TEXT,"                   /* request JSON with personal data; NULL once sent */
	" created_at TEXT NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'pending' CHECK(state IN ('pending','sent','rejected')),"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT,"
	" sent_at TEXT);"
	"INSERT INTO outbox_v5(id, kind, body, created_at, state, attempts, last_error, sent_at)"
	" SELECT id, kind, body, created_at, state, attempts, last_error, sent_at FROM outbox;"
	"DROP TABLE outbox;"
	"ALTER TABLE outbox_v5 RENAME TO outbox;"
	"CREATE INDEX outbox_state ON outbox(state, created_at);"
	/* Usage figures (DESIGN §3): counts per local day, never events. name is one of
	 * sessions, searches, stories_read, inspired, requests, quiz_done; key the case id
	 * (stories_read, inspired), the kind (requests), else ''. */
	"CREATE TABLE counters("
	" day TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" key TEXT NOT NULL DEFAULT '',"
	" n INTEGER NOT NULL CHECK(n >= 0),"
	" PRIMARY KEY(day, name, key)) WITHOUT ROWID;";

static const char *const migrations[] = {v1, v2, v3, v4, v5};

const struct schema kiosk_schema = {"kiosk", migrations,
				    (int)(sizeof migrations / sizeof migrations[0])};

/* The catalogue on its own (a snapshot file, DESIGN §4 GET /v1/snapshot): the kiosk's
 * catalogue tables in their newest shape, so a file built with it can serve as the
 * kiosk's catalogue. */
static const char c1[] =
	/* seq: every change of the hub's feed up to seq is in this file. It lives with the
	 * tables it describes, so a crash can never leave it ahead of them. */
	"CREATE TABLE catalogue_info(id INTEGER PRIMARY KEY CHECK(id = 1),"
	" seq INTEGER NOT NULL DEFAULT 0);"
	"INSERT INTO catalogue_info(id) VALUES(1);"
	/* The same tables as the kiosk schema's v1..v3 made them, column for column. */
	/* rk is the search order: featured cases below 2^40, the rest above, each in
	 * order of arrival. Small columns first so filters never read the story. */
	"CREATE TABLE cases("
	" rk INTEGER PRIMARY KEY,"
	" id TEXT NOT NULL UNIQUE,"
	" municipality TEXT NOT NULL,"
	" county TEXT NOT NULL,"
	" area INTEGER NOT NULL,"
	" themes INTEGER NOT NULL,"           /* bit (1 << enum theme) */
	" featured INTEGER NOT NULL,"
	" contact_allowed INTEGER NOT NULL,"
	" age INTEGER NOT NULL,"
	" seq INTEGER NOT NULL,"
	" updated_at TEXT NOT NULL,"
	" lang TEXT NOT NULL,"
	" slug TEXT NOT NULL,"
	" person TEXT NOT NULL,"
	" organisation TEXT NOT NULL,"
	" partner_id TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" quote TEXT NOT NULL,"
	" summary TEXT NOT NULL,"
	" path TEXT NOT NULL,"                 /* JSON [{year, step}] */
	" skills TEXT NOT NULL,"               /* JSON [string] */
	" translations TEXT NOT NULL,"         /* JSON {lang: {title, summary, story, quote}} */
	" story TEXT NOT NULL,"
	" jobs TEXT NOT NULL DEFAULT '[]');"    /* JSON [string] */
	"CREATE INDEX cases_county ON cases(county, rk, themes);"
	"CREATE INDEX cases_facets ON cases(municipality, area, themes);"
	/* The facets of a case by rk without reading its (large) row: counting facets
	 * over thousands of search matches. */
	"CREATE INDEX cases_rk ON cases(rk, municipality, area, themes, county);"
	"CREATE TABLE partners("
	" rk INTEGER PRIMARY KEY,"
	" id TEXT NOT NULL UNIQUE,"
	" municipality TEXT NOT NULL,"
	" offers INTEGER NOT NULL,"           /* bit (1 << enum offer) */
	" contact_allowed INTEGER NOT NULL,"
	" seq INTEGER NOT NULL,"
	" name TEXT NOT NULL,"
	" sort_key TEXT NOT NULL,"            /* the folded name, for ordering */
	" description TEXT NOT NULL,"
	" translations TEXT NOT NULL DEFAULT '{}');"
	"CREATE INDEX partners_sort ON partners(sort_key);"
	/* Search indexes hold folded text (lowercase, no diacritics, l for ł); their rowid
	 * is cases.rk. Filters are tokens starting with '_' in the tags column. */
	"CREATE VIRTUAL TABLE case_fts USING fts5(title, people, places, topics, tags, jobs,"
	" tokenize=\"unicode61 remove_diacritics 2 tokenchars '_'\", prefix='1 2 3 4');"
	"CREATE VIRTUAL TABLE title_fts USING fts5(title, tags,"
	" tokenize=\"unicode61 remove_diacritics 2 tokenchars '_'\", prefix='1 2 3 4',"
	" detail=none, columnsize=0);"
	/* story_fts keeps no copy of the text (the stories are the bulk of the database):
	 * a delete repeats the folded text, so a change to the folding needs a migration
	 * that rebuilds the index. */
	"CREATE VIRTUAL TABLE story_fts USING fts5(story, tags, content='',"
	" tokenize=\"unicode61 remove_diacritics 2 tokenchars '_'\", prefix='2 3',"
	" detail=none, columnsize=0);"
	"CREATE VIRTUAL TABLE partner_fts USING fts5(name, description, places,"
	" tokenize=\"unicode61 remove_diacritics 2 tokenchars '_'\", prefix='1 2 3');";

/* Published questions and answers (JSON [{id, question, answer, ...}], DESIGN §2 qa) and
 * the hub's counts of "this inspired me" presses, per case: all, and in the last 90 days
 * (the community's picks, found by county through their own small index). */
static const char c2[] =
	"ALTER TABLE cases ADD COLUMN qa TEXT NOT NULL DEFAULT '[]';"
	"ALTER TABLE cases ADD COLUMN inspired INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE cases ADD COLUMN inspired_90d INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX cases_picks ON cases(county, inspired_90d) WHERE inspired_90d > 0;";

/* Guides and regional strategies (DESIGN §2 guide): tens of rows, each with its own JSON
 * (the import shape, without seq), the columns the kiosk orders by (county '' is the whole
 * country) and search, the folded text of every language, for a plain substring search.
 * (IF NOT EXISTS: a file an older program marked older keeps a table it already has; the
 * stored schema text is the same either way.) */
static const char c3[] =
	"CREATE TABLE IF NOT EXISTS guides("
	" id TEXT PRIMARY KEY,"
	" kind TEXT NOT NULL,"                 /* guide, strategy */
	" county TEXT NOT NULL,"
	" seq INTEGER NOT NULL,"
	" title TEXT NOT NULL,"
	" search TEXT NOT NULL,"
	" json TEXT NOT NULL);"
	/* A kiosk older than guides skipped them in the feed: read it again from the start
	 * (items already here are stored again unchanged; a big catch-up takes a snapshot). */
	"UPDATE catalogue_info SET seq = 0 WHERE id = 1;";

/* A story by its slug: the public page /c/SLUG, which a QR code leads to. */
static const char c4[] = "CREATE INDEX IF NOT EXISTS cases_slug ON cases(slug);";

static const char *const catalogue_migrations[] = {c1, c2, c3, c4};

const struct schema catalogue_schema = {"catalogue", catalogue_migrations,
					(int)(sizeof catalogue_migrations /
					      sizeof catalogue_migrations[0])};
