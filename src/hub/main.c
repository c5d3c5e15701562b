/* vitrina-hub: the command line (DESIGN §5). Exit status 0 success, 1 runtime
 * failure, 2 bad usage; errors go to stderr as one line. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "catalogue.h"
#include "enrol_code.h"
#include "hub.h"
#include "import.h"
#include "progress.h"
#include "regions.h"
#include "request.h"
#include "store.h"
#include "text.h"
#include "token.h"

#define DEFAULT_DB "var/hub.db"

static const char usage_main[] =
	"usage: vitrina-hub [--db FILE] COMMAND [ARGS]\n"
	"\n"
	"The central server of vitrina: kiosks push requests and pull the catalogue,\n"
	"staff read and update requests (HTTP API v1).\n"
	"\n"
	"commands:\n"
	"  serve --listen ADDR:PORT     run the HTTP server (stop it with SIGTERM)\n"
	"  token create --kiosk ID | --staff NAME [--county LT-XX] | --admin NAME\n"
	"  token revoke TOKEN_ID        revoke a token by its id\n"
	"  token list                   list tokens (ids, scopes, names; never tokens)\n"
	"  import FILE [--encoding ENC] import cases, partners and guides (JSON or CSV)\n"
	"  delete-case ID               delete a case (kiosks get a tombstone)\n"
	"  delete-partner ID            delete a partner\n"
	"  delete-guide ID              delete a guide or strategy\n"
	"  purge [--older-than DAYS]    delete closed requests past retention (180 days)\n"
	"  enrol create --kiosk ID [--ttl HOURS]  a one-time code for a kiosk's token\n"
	"  backup [--force] FILE        a checked copy of the live database (0600)\n"
	"  stats [--from DAY] [--to DAY] [--by BY] [--county LT-XX]  usage figures\n"
	"\n"
	"options:\n"
	"  --db FILE      the hub database (default " DEFAULT_DB "), or a PostgreSQL\n"
	"                 database: --db postgresql://USER@HOST/DB, --db service=NAME or\n"
	"                 --db 'host=HOST dbname=DB'\n"
	"  --help         show help (also after a command)\n"
	"  --version      show the version\n";

static const char usage_serve[] =
	"usage: vitrina-hub [--db FILE] serve [--listen ADDR:PORT] [options]\n"
	"\n"
	"  --listen ADDR:PORT     address to listen on (default 127.0.0.1:8080; port 0 picks\n"
	"                         a free port; the chosen one is printed as\n"
	"                         \"listening on ADDR:PORT\")\n"
	"  --tls-cert FILE        serve HTTPS with this PEM certificate (chain)\n"
	"  --tls-key FILE         ... and this PEM private key\n"
	"  --rate N               requests a second per token (default 50; 0: no limit)\n"
	"  --burst N              requests a token may send at once (default 100)\n"
	"  --max-connections N    open connections at most (default 256)\n"
	"  --max-per-ip N         connections per client address (default 32; 0: no limit,\n"
	"                         for a reverse proxy in front)\n"
	"  --timeout S            close idle connections after S seconds (default 30)\n"
	"  --request-timeout S    a request's headers and body must be in within S seconds\n"
	"                         (default 10); slow clients are cut off\n"
	"  --trusted-proxy ADDR   a reverse proxy whose X-Forwarded-For names the client\n"
	"                         (repeat it, or a list with commas)\n"
	"  --busy-timeout MS      how long a write waits for another process's lock\n"
	"                         before answering 503 (default 5000)\n"
	"  --snapshot-dir DIR     where the catalogue snapshots for GET /v1/snapshot are\n"
	"                         built and kept (default: the database's name + .snapshots;\n"
	"                         needed with a PostgreSQL --db)\n"
	"  --read-db URL          PostgreSQL: read staff lists, exports and figures from this\n"
	"                         replica (postgresql://USER@HOST/DB); writes stay on --db\n"
	"  --public               also serve the public showcase: HTML pages of the stories,\n"
	"                         counties and guides at /, /c/SLUG, /r/LT-XX, /g/ID\n"
	"  --public-url URL       the showcase's address as readers see it, for canonical\n"
	"                         links, sharing and the sitemap (https://vitrina.example.lt)\n"
	"  --quiet                no access log\n";

static const char usage_token[] =
	"usage: vitrina-hub [--db FILE] token create --kiosk ID\n"
	"       vitrina-hub [--db FILE] token create --staff NAME [--county LT-XX]\n"
	"       vitrina-hub [--db FILE] token create --admin NAME\n"
	"       vitrina-hub [--db FILE] token revoke TOKEN_ID\n"
	"       vitrina-hub [--db FILE] token list\n"
	"\n"
	"A new token is shown once, alone on the last line; the hub keeps only its\n"
	"SHA-256. Revoke it by the token id printed with it.\n";

static const char usage_import[] =
	"usage: vitrina-hub [--db FILE] import FILE [--encoding utf-8|windows-1257|iso-8859-13]\n"
	"\n"
	"Import cases and partners from JSON ({\"cases\": [...], \"partners\": [...]}) or CSV,\n"
	"all or nothing. Changed items get a new sequence number in the kiosks' feed.\n";

static const char usage_delete[] =
	"usage: vitrina-hub [--db FILE] delete-case ID\n"
	"       vitrina-hub [--db FILE] delete-partner ID\n"
	"       vitrina-hub [--db FILE] delete-guide ID\n"
	"\n"
	"Delete a case or partner; kiosks receive a tombstone and drop it.\n";

static const char usage_purge[] =
	"usage: vitrina-hub [--db FILE] purge [--older-than DAYS]\n"
	"\n"
	"Delete the personal data of closed and spam requests whose status has not changed\n"
	"for DAYS days (default 180). The ids stay, so a late resend is recognised.\n";

static const char usage_backup[] =
	"usage: vitrina-hub [--db FILE] backup [--force] FILE\n"
	"\n"
	"Copy the hub database into FILE while the hub keeps serving (SQLite's online\n"
	"backup of one consistent moment), mode 0600, then check the copy with\n"
	"PRAGMA integrity_check. An existing FILE is kept and the backup refused, unless\n"
	"--force is given. To restore: stop the hub, copy FILE over the database, delete\n"
	"the database's -wal and -shm files, start the hub.\n";

static int bad_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("vitrina-hub: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see --help)\n", stderr);
	return 2;
}

static int runtime_error(char *err)
{
	fprintf(stderr, "vitrina-hub: %s\n", err ? err : "failed");
	free(err);
	return 1;
}

/* --help or --version anywhere among the arguments: print and return 1. */
static int help_or_version(int argc, char **argv, const char *usage)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 1;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("vitrina-hub %s\n", VERSION);
			return 1;
		}
	}
	return 0;
}

/* Split argv[*i] into an option name and its value: "--name=VALUE", or "--name VALUE"
 * when name is in with_value (then *i moves to the value). name gets at most 31
 * characters; *val is NULL for a flag. Returns -1 (after a message) if a value is
 * missing. */
static int next_opt(int argc, char **argv, int *i, const char *const *with_value,
		    char name[32], const char **val)
{
	const char *a = argv[*i], *eq = strchr(a, '=');
	size_t n = eq ? (size_t)(eq - a) : strlen(a);

	snprintf(name, 32, "%.*s", (int)(n < 31 ? n : 31), a);
	*val = eq ? eq + 1 : NULL;
	if (eq != NULL || a[0] != '-')
		return 0;
	for (; *with_value; with_value++) {
		if (strcmp(name, *with_value) != 0)
			continue;
		if (*i + 1 >= argc) {
			bad_usage("%s needs a value", name);
			return -1;
		}
		*i += 1;
		*val = argv[*i];
		return 0;
	}
	return 0;
}

static struct store *open_store(const char *path)
{
	char *err = NULL;
	struct store *s;

	if (strcmp(path, DEFAULT_DB) == 0 && mkdir("var", 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "vitrina-hub: cannot create var/: %s\n", strerror(errno));
		return NULL;
	}
	s = store_open(path, &err);
	if (s == NULL)
		runtime_error(err);
	return s;
}

static int number(const char *name, const char *v, long min, long max, long *out)
{
	if (parse_long(v, min, max, out) < 0) {
		fprintf(stderr, "vitrina-hub: %s wants a whole number from %ld to %ld, not "
			"\"%s\" (see --help)\n", name, min, max, v);
		return -1;
	}
	return 0;
}

/* A change to the database made inside one write transaction. Returns >= 0 (handed
 * back by write_db), or -1 with *err set. */
typedef int (*change_fn)(struct store *s, void *arg, char **err);

/* Open the database at path, run fn in one transaction and close it again (after a
 * checkpoint if asked). Returns what fn returned, or -1 after printing the error. */
static int write_db(const char *path, change_fn fn, void *arg, int checkpoint)
{
	struct store *s = open_store(path);
	char *err = NULL;
	int rc;

	if (s == NULL)
		return -1;
	if (store_begin(s, &err) < 0)
		goto fail;
	rc = fn(s, arg, &err);
	if (rc < 0) {
		store_rollback(s);
		goto fail;
	}
	if (store_commit(s, &err) < 0)
		goto fail;
	if (checkpoint)
		store_checkpoint(s);
	store_close(s);
	return rc;
fail:
	store_close(s);
	runtime_error(err);
	return -1;
}

/* An http(s) address of at most 200 characters with nothing HTML would need escaped. */
static int public_url_ok(const char *v)
{
	size_t n = strlen(v);

	return n <= 200 && (strncmp(v, "https://", 8) == 0 || strncmp(v, "http://", 7) == 0) &&
	       strcspn(v, " \"'<>\\`") == n && request_check_text(v, 0, 200) == TEXT_OK;
}

static int cmd_serve(const char *db, int argc, char **argv)
{
	static const char *const serve_opts[] = {"--listen", "--tls-cert", "--tls-key",
		"--rate", "--burst", "--max-connections", "--max-per-ip", "--timeout",
		"--busy-timeout", "--request-timeout", "--trusted-proxy", "--snapshot-dir", "--public-url",
		"--read-db", NULL};
	struct hub_config cfg;
	const char *v;
	char name[32];
	long n;
	int i;

	if (help_or_version(argc, argv, usage_serve))
		return 0;
	hub_config_defaults(&cfg);
	cfg.db_path = db;
	for (i = 1; i < argc; i++) {
		if (next_opt(argc, argv, &i, serve_opts, name, &v) < 0)
			return 2;
		if (strcmp(name, "--quiet") == 0 && v == NULL) {
			cfg.quiet = 1;
			continue;
		}
		if (strcmp(name, "--public") == 0 && v == NULL) {
			cfg.public = 1;
			continue;
		}
		if (v == NULL)
			return bad_usage("serve: unknown argument \"%s\"", argv[i]);
		if (strcmp(name, "--listen") == 0) {
			cfg.listen = v;
		} else if (strcmp(name, "--tls-cert") == 0) {
			cfg.tls_cert = v;
		} else if (strcmp(name, "--tls-key") == 0) {
			cfg.tls_key = v;
		} else if (strcmp(name, "--rate") == 0) {
			if (number(name, v, 0, 1000000, &n) < 0)
				return 2;
			cfg.rate = (double)n;
		} else if (strcmp(name, "--burst") == 0) {
			if (number(name, v, 1, 1000000, &n) < 0)
				return 2;
			cfg.burst = (double)n;
		} else if (strcmp(name, "--max-connections") == 0) {
			if (number(name, v, 1, 100000, &n) < 0)
				return 2;
			cfg.max_connections = (unsigned)n;
		} else if (strcmp(name, "--max-per-ip") == 0) {
			if (number(name, v, 0, 100000, &n) < 0)
				return 2;
			cfg.max_per_ip = (unsigned)n;
		} else if (strcmp(name, "--timeout") == 0) {
			if (number(name, v, 1, 86400, &n) < 0)
				return 2;
			cfg.timeout_s = (unsigned)n;
		} else if (strcmp(name, "--busy-timeout") == 0) {
			if (number(name, v, 0, 600000, &n) < 0)
				return 2;
			cfg.busy_ms = (int)n;
		} else if (strcmp(name, "--request-timeout") == 0) {
			if (number(name, v, 1, 3600, &n) < 0)
				return 2;
			cfg.request_timeout_s = (unsigned)n;
		} else if (strcmp(name, "--public-url") == 0) {
			if (!public_url_ok(v))
				return bad_usage("%s", "--public-url wants an address such as "
						 "https://vitrina.example.lt");
			cfg.public_url = v;
		} else if (strcmp(name, "--read-db") == 0) {
			if (!store_is_pg(v) || !store_is_pg(db))
				return bad_usage("%s", "--read-db wants a postgresql:// address, "
						 "with a PostgreSQL --db");
			cfg.read_db = v;
		} else if (strcmp(name, "--snapshot-dir") == 0) {
			if (v[0] == '\0')
				return bad_usage("%s", "--snapshot-dir wants a folder");
			cfg.snapshot_dir = v;
		} else if (strcmp(name, "--trusted-proxy") == 0) {
			char *err = NULL;

			if (hub_config_add_proxies(&cfg, v, &err) < 0) {
				bad_usage("serve: %s", err);
				free(err);
				return 2;
			}
		} else {
			return bad_usage("serve: unknown argument \"%s\"", argv[i]);
		}
	}
	if (store_is_pg(db) && cfg.snapshot_dir == NULL)
		return bad_usage("%s", "serve: a PostgreSQL --db needs --snapshot-dir DIR, a "
				 "folder of this hub's own for the catalogue snapshots");
	if (strcmp(db, DEFAULT_DB) == 0 && mkdir("var", 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "vitrina-hub: cannot create var/: %s\n", strerror(errno));
		return 1;
	}
	return hub_serve(&cfg);
}

/* A staff or admin name: 1 to 63 bytes of text with the rules of visitors' text (no
 * controls, bidi or invisible characters), as the audit trail shows it to staff. */
static int valid_name(const char *s)
{
	return strlen(s) <= 63 && s[0] != '\0' && request_check_text(s, 0, 63) == TEXT_OK;
}

struct new_token {
	const struct token_info *t;
	unsigned char hash[32];
};

static int add_token(struct store *s, void *arg, char **err)
{
	const struct new_token *n = arg;

	return store_token_add(s, n->t, n->hash, err);
}

static int token_create(const char *db, int argc, char **argv)
{
	struct token_info t;
	static const char *const create_opts[] = {"--kiosk", "--staff", "--admin", "--county",
		NULL};
	const char *kiosk = NULL, *staff = NULL, *admin = NULL, *county = NULL, *v;
	struct new_token new;
	char tok[TOKEN_LEN + 1], name[32];
	int i, kinds;

	for (i = 2; i < argc; i++) {
		if (next_opt(argc, argv, &i, create_opts, name, &v) < 0)
			return 2;
		if (v != NULL && strcmp(name, "--kiosk") == 0)
			kiosk = v;
		else if (v != NULL && strcmp(name, "--staff") == 0)
			staff = v;
		else if (v != NULL && strcmp(name, "--admin") == 0)
			admin = v;
		else if (v != NULL && strcmp(name, "--county") == 0)
			county = v;
		else
			return bad_usage("token create: unknown argument \"%s\"", argv[i]);
	}
	kinds = (kiosk != NULL) + (staff != NULL) + (admin != NULL);
	if (kinds != 1)
		return bad_usage("%s", "token create wants one of --kiosk ID, --staff NAME, "
				 "--admin NAME");
	if (county != NULL && staff == NULL)
		return bad_usage("%s", "--county goes with --staff");
	if (county != NULL && county_find(county) == NULL)
		return bad_usage("--county \"%s\" is not a county code (LT-AL .. LT-VL)", county);
	if (kiosk != NULL && request_check_field(RF_KIOSK, kiosk) != NULL)
		return bad_usage("--kiosk \"%s\": a kiosk id is letters, digits, . _ - "
				 "(at most 63)", kiosk);
	if ((staff && !valid_name(staff)) || (admin && !valid_name(admin)))
		return bad_usage("%s", "the name must be 1 to 63 bytes of UTF-8 text without "
				 "controls or invisible characters");
	memset(&t, 0, sizeof t);
	token_new_id(t.id);
	t.scope = kiosk ? SCOPE_KIOSK : staff ? SCOPE_STAFF : SCOPE_ADMIN;
	snprintf(t.name, sizeof t.name, "%s", kiosk ? kiosk : staff ? staff : admin);
	snprintf(t.county, sizeof t.county, "%s", county ? county : "");
	now_rfc3339(t.created_at);
	token_generate(tok);
	token_hash(tok, strlen(tok), new.hash);
	new.t = &t;
	if (write_db(db, add_token, &new, 0) < 0)
		return 1;
	printf("token id: %s\n", t.id);
	printf("scope: %s%s%s\n", scope_names[t.scope], t.county[0] ? " " : "", t.county);
	printf("name: %s\n", t.name);
	printf("The token below is shown only now; the hub keeps only its hash.\n");
	printf("%s\n", tok);
	return 0;
}

static int revoke(struct store *s, void *id, char **err)
{
	char now[21];

	now_rfc3339(now);
	return store_token_revoke(s, id, now, err);
}

static int token_revoke(const char *db, int argc, char **argv)
{
	int rc;

	if (argc != 3)
		return bad_usage("%s", "token revoke wants one TOKEN_ID");
	rc = write_db(db, revoke, argv[2], 0);
	if (rc < 0)
		return 1;
	if (rc == 0) {
		fprintf(stderr, "vitrina-hub: no valid token with id %s\n", argv[2]);
		return 1;
	}
	printf("revoked %s\n", argv[2]);
	return 0;
}

static int token_list(const char *db)
{
	struct token_info *t;
	struct store *s = open_store(db);
	char *err = NULL;
	int n, i;

	if (s == NULL)
		return 1;
	if (store_token_list(s, &t, &n, &err) < 0) {
		store_close(s);
		return runtime_error(err);
	}
	for (i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\n", t[i].id, scope_names[t[i].scope], t[i].name,
		       t[i].county[0] ? t[i].county : "-", t[i].created_at,
		       t[i].revoked_at[0] ? t[i].revoked_at : "valid");
	free(t);
	store_close(s);
	return 0;
}

static int cmd_token(const char *db, int argc, char **argv)
{
	if (help_or_version(argc, argv, usage_token))
		return 0;
	if (argc < 2)
		return bad_usage("%s", "token wants create, revoke or list");
	if (strcmp(argv[1], "create") == 0)
		return token_create(db, argc, argv);
	if (strcmp(argv[1], "revoke") == 0)
		return token_revoke(db, argc, argv);
	if (strcmp(argv[1], "list") == 0 && argc == 2)
		return token_list(db);
	return bad_usage("token: unknown subcommand \"%s\"", argv[1]);
}

/* The import JSON of an item as stored: compact, keys sorted, without feed fields. */
static char *item_body(json_t *j)
{
	char *s, *copy;

	json_object_del(j, "seq");
	json_object_del(j, "deleted");
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	if (s == NULL)
		return NULL;
	copy = xstrdup(s);
	free(s);
	return copy;
}

/* Store every partner, case and guide of the set: how many were new or changed. A
 * guide's county (or '') stands in the municipality column. */
static int put_set(struct store *s, void *arg, char **err)
{
	const struct catalogue_set *set = arg;
	char now[21], *body;
	int i, changed, nchanged = 0, ncp = set->npartners + set->ncases;

	now_rfc3339(now);
	for (i = 0; i < ncp + set->nguides; i++) {
		char kind = i < set->npartners ? 'p' : i < ncp ? 'c' : 'g';
		const char *id, *mun;
		int rc;

		if (kind == 'p') {
			body = item_body(partner_to_json(&set->partners[i]));
			id = set->partners[i].id;
			mun = set->partners[i].municipality;
		} else if (kind == 'c') {
			body = item_body(career_to_json(&set->cases[i - set->npartners]));
			id = set->cases[i - set->npartners].id;
			mun = set->cases[i - set->npartners].municipality;
		} else {
			body = item_body(guide_to_json(&set->guides[i - ncp]));
			id = set->guides[i - ncp].id;
			mun = set->guides[i - ncp].county;
		}
		rc = store_catalogue_put(s, kind, id, mun, body ? body : "{}", now, &changed,
					 err);
		free(body);
		if (rc < 0)
			return -1;
		nchanged += changed;
		progress_step(1);
	}
	return nchanged;
}

static int cmd_import(const char *db, int argc, char **argv)
{
	struct catalogue_set set;
	struct buf report = {0};
	static const char *const import_opts[] = {"--encoding", NULL};
	const char *file = NULL, *enc = NULL, *v;
	char name[32];
	int i, rc;

	if (help_or_version(argc, argv, usage_import))
		return 0;
	for (i = 1; i < argc; i++) {
		if (next_opt(argc, argv, &i, import_opts, name, &v) < 0)
			return 2;
		if (v != NULL && strcmp(name, "--encoding") == 0)
			enc = v;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return bad_usage("import: unknown option \"%s\"", argv[i]);
		else if (file == NULL)
			file = argv[i];
		else
			return bad_usage("%s", "import wants one FILE");
	}
	if (file == NULL)
		return bad_usage("%s", "import wants a FILE");
	memset(&set, 0, sizeof set);
	progress_start(0, "reading");
	rc = import_read(file, enc, &set, &report);
	progress_end();
	if (rc != 0) {
		fputs(report.s ? report.s : "", stderr);
		if (report.len == 0 || report.s[report.len - 1] != '\n')
			fputc('\n', stderr);
		fprintf(stderr, "vitrina-hub: %s: nothing imported%s\n", file,
			rc > 0 ? " (fix the problems above)" : "");
		buf_free(&report);
		catalogue_set_free(&set);
		return 1;
	}
	buf_free(&report);
	progress_start(set.npartners + set.ncases + set.nguides, "storing");
	rc = write_db(db, put_set, &set, 0);
	progress_end();
	if (rc >= 0 && set.nguides > 0)
		printf("imported %d cases, %d partners and %d guides (%d new or changed)\n",
		       set.ncases, set.npartners, set.nguides, rc);
	else if (rc >= 0)
		printf("imported %d cases and %d partners (%d new or changed)\n", set.ncases,
		       set.npartners, rc);
	catalogue_set_free(&set);
	return rc < 0 ? 1 : 0;
}

struct deletion {
	char kind;
	const char *id;
};

static int delete_item(struct store *s, void *arg, char **err)
{
	const struct deletion *d = arg;
	char now[21];

	now_rfc3339(now);
	return store_catalogue_delete(s, d->kind, d->id, now, err);
}

static const char *item_name(char kind)
{
	return kind == 'c' ? "case" : kind == 'p' ? "partner" : "guide";
}

static int cmd_delete(const char *db, int argc, char **argv, char kind)
{
	struct deletion d;
	char id[64];
	int rc, i;

	if (help_or_version(argc, argv, usage_delete))
		return 0;
	if (argc != 2)
		return bad_usage("%s wants one ID", argv[0]);
	if (strlen(argv[1]) >= sizeof id)
		return bad_usage("%s: \"%s\" is not an id", argv[0], argv[1]);
	/* catalogue ids are stored in lower case */
	for (i = 0; argv[1][i]; i++)
		id[i] = argv[1][i] >= 'A' && argv[1][i] <= 'Z' ? (char)(argv[1][i] - 'A' + 'a') :
			argv[1][i];
	id[i] = '\0';
	d.kind = kind;
	d.id = id;
	rc = write_db(db, delete_item, &d, 0);
	if (rc < 0)
		return 1;
	if (rc == 0) {
		fprintf(stderr, "vitrina-hub: no %s with id %s\n", item_name(kind), argv[1]);
		return 1;
	}
	printf("deleted %s %s\n", item_name(kind), argv[1]);
	return 0;
}

struct purge {
	const char *before;
	int64_t n;
};

static int purge(struct store *s, void *arg, char **err)
{
	struct purge *p = arg;
	char now[21];

	now_rfc3339(now);
	return store_purge(s, p->before, now, &p->n, err);
}

static int cmd_purge(const char *db, int argc, char **argv)
{
	struct purge p = {NULL, 0};
	static const char *const purge_opts[] = {"--older-than", NULL};
	const char *v;
	char before[21], name[32];
	long days = 180;
	time_t t;
	struct tm tm;
	int i;

	if (help_or_version(argc, argv, usage_purge))
		return 0;
	for (i = 1; i < argc; i++) {
		if (next_opt(argc, argv, &i, purge_opts, name, &v) < 0)
			return 2;
		if (v == NULL || strcmp(name, "--older-than") != 0)
			return bad_usage("purge: unknown argument \"%s\"", argv[i]);
		if (number(name, v, 0, 36500, &days) < 0)
			return 2;
	}
	t = time(NULL) - (time_t)days * 86400;
	gmtime_r(&t, &tm);
	strftime(before, sizeof before, "%Y-%m-%dT%H:%M:%SZ", &tm);
	p.before = before;
	if (write_db(db, purge, &p, 1) < 0)
		return 1;
	printf("purged %" PRId64 " closed requests older than %ld days\n", p.n, days);
	return 0;
}

/* Backup progress in pages, through the engine's progress meter (stderr). */
static void backup_progress(void *arg, int64_t done, int64_t total)
{
	int64_t *shown = arg;

	if (*shown == 0)
		progress_total(total);
	progress_step(done - *shown);
	*shown = done;
}

static int cmd_backup(const char *db, int argc, char **argv)
{
	const char *file = NULL;
	struct stat st;
	struct store *s;
	char *err = NULL;
	int64_t shown = 0;
	int i, force = 0, rc;

	if (help_or_version(argc, argv, usage_backup))
		return 0;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			force = 1;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return bad_usage("backup: unknown option \"%s\"", argv[i]);
		else if (file == NULL)
			file = argv[i];
		else
			return bad_usage("%s", "backup wants one FILE");
	}
	if (file == NULL)
		return bad_usage("%s", "backup wants a FILE to write the copy to");
	/* never create an empty hub database just to copy it */
	if (!store_is_pg(db) && stat(db, &st) < 0) {
		fprintf(stderr, "vitrina-hub: %s: %s\n", db, strerror(errno));
		return 1;
	}
	s = open_store(db);
	if (s == NULL)
		return 1;
	progress_start(0, "backing up (pages)");
	rc = store_backup(s, file, force, backup_progress, &shown, &err);
	progress_end();
	store_close(s);
	if (rc < 0)
		return runtime_error(err);
	printf("backed up %s to %s (%" PRId64 " pages, checked)\n", db, file, shown);
	return 0;
}

/* `enrol create`: a one-time code a kiosk exchanges for its token (POST /v1/enrol). */
static const char usage_enrol[] =
	"usage: vitrina-hub [--db FILE] enrol create --kiosk ID [--ttl HOURS]\n"
	"\n"
	"Make a one-time code for kiosk ID, valid for HOURS hours (default 24, at most\n"
	"168), printed alone on the last line. On the kiosk, `vitrina enrol --hub URL CODE`\n"
	"(or Enrol in its admin screen) exchanges it for the kiosk's token. A code works\n"
	"once; a new code for the same kiosk replaces an unused one. The hub keeps only\n"
	"its SHA-256.\n";

struct new_code {
	unsigned char hash[32];
	const char *kiosk, *now, *expires;
};

static int add_code(struct store *s, void *arg, char **err)
{
	const struct new_code *n = arg;

	return store_enrol_add(s, n->hash, n->kiosk, n->now, n->expires, err);
}

static int cmd_enrol(const char *db, int argc, char **argv)
{
	static const char *const enrol_opts[] = {"--kiosk", "--ttl", NULL};
	const char *kiosk = NULL, *v;
	char code[ENROL_CODE_LEN + 1], shown[ENROL_CODE_SHOWN + 1], now[21], expires[21];
	char name[32];
	struct new_code nc;
	long hours = 24;
	time_t t;
	struct tm tm;
	int i;

	if (help_or_version(argc, argv, usage_enrol))
		return 0;
	if (argc < 2 || strcmp(argv[1], "create") != 0)
		return bad_usage("%s", "enrol wants: create --kiosk ID [--ttl HOURS]");
	for (i = 2; i < argc; i++) {
		if (next_opt(argc, argv, &i, enrol_opts, name, &v) < 0)
			return 2;
		if (v != NULL && strcmp(name, "--kiosk") == 0)
			kiosk = v;
		else if (v != NULL && strcmp(name, "--ttl") == 0) {
			if (number(name, v, 1, 168, &hours) < 0)
				return 2;
		} else
			return bad_usage("enrol create: unknown argument \"%s\"", argv[i]);
	}
	if (kiosk == NULL)
		return bad_usage("%s", "enrol create wants --kiosk ID");
	if (request_check_field(RF_KIOSK, kiosk) != NULL)
		return bad_usage("--kiosk \"%s\": a kiosk id is letters, digits, . _ - "
				 "(at most 63)", kiosk);
	now_rfc3339(now);
	t = time(NULL) + (time_t)hours * 3600;
	gmtime_r(&t, &tm);
	strftime(expires, sizeof expires, "%Y-%m-%dT%H:%M:%SZ", &tm);
	enrol_code_make(code);
	token_hash(code, strlen(code), nc.hash);
	nc.kiosk = kiosk;
	nc.now = now;
	nc.expires = expires;
	if (write_db(db, add_code, &nc, 0) < 0)
		return 1;
	enrol_code_format(code, shown);
	printf("kiosk: %s\n", kiosk);
	printf("expires: %s (in %ld hours)\n", expires, hours);
	printf("On the kiosk: vitrina enrol --hub URL CODE, or Enrol in its admin screen.\n");
	printf("The code below works once and is shown only now.\n");
	printf("%s\n", shown);
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const main_opts[] = {"--db", NULL};
	const char *db = DEFAULT_DB, *v;
	char name[32];
	int i = 1;

	/* hub.db, its -wal and -shm and backups hold personal data: owner only, however
	 * the hub is started */
	umask(0077);
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage_main, stdout);
			return 0;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("vitrina-hub %s\n", VERSION);
			return 0;
		}
		if (next_opt(argc, argv, &i, main_opts, name, &v) < 0)
			return 2;
		if (v == NULL || strcmp(name, "--db") != 0)
			return bad_usage("unknown option \"%s\"", argv[i]);
		if (v[0] == '\0')
			return bad_usage("%s", "--db wants a file name or a postgresql:// address");
		db = v;
		i++;
	}
	if (i >= argc)
		return bad_usage("%s", "a command is needed");
	argc -= i;
	argv += i;
	if (strcmp(argv[0], "serve") == 0)
		return cmd_serve(db, argc, argv);
	if (strcmp(argv[0], "token") == 0)
		return cmd_token(db, argc, argv);
	if (strcmp(argv[0], "import") == 0)
		return cmd_import(db, argc, argv);
	if (strcmp(argv[0], "delete-case") == 0)
		return cmd_delete(db, argc, argv, 'c');
	if (strcmp(argv[0], "delete-partner") == 0)
		return cmd_delete(db, argc, argv, 'p');
	if (strcmp(argv[0], "delete-guide") == 0)
		return cmd_delete(db, argc, argv, 'g');
	if (strcmp(argv[0], "purge") == 0)
		return cmd_purge(db, argc, argv);
	if (strcmp(argv[0], "enrol") == 0)
		return cmd_enrol(db, argc, argv);
	if (strcmp(argv[0], "backup") == 0)
		return cmd_backup(db, argc, argv);
	if (strcmp(argv[0], "stats") == 0)
		return cmd_stats(db, argc, argv);
	if (strcmp(argv[0], "help") == 0) {
		fputs(usage_main, stdout);
		return 0;
	}
	return bad_usage("unknown command \"%s\"", argv[0]);
}
