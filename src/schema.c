/* The kiosk database schema: numbered migrations on PRAGMA user_version. Migration
 * N+1 takes the database from version N to N+1; never edit one that has shipped. */
#include "db.h"

static const char v1[] =
	/* ---- catalogue (src/catalogue.c, src/search.c) ---- */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
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
	"CREATE TABLE sync_state(key TEXT PRIMARY KEY, value TEXT);";

static const char *const migrations[] = {v1};

const struct schema kiosk_schema = {"kiosk", migrations, 1};
