/* The catalogue's subcommands: search, show, import (DESIGN §5), and opening the kiosk
 * database with its first-run sample catalogue. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalogue_db.h"
#include "cli.h"
#include "db.h"
#include "i18n.h"
#include "import.h"
#include "progress.h"
#include "search.h"
#include "util.h"


#define DEFAULT_DB "./var/vitrina.db"       /* its folder is made when missing */

/* mkdir -p of the folder holding path. */
static int make_parent(const char *path, char **err)
{
	char *dir = xstrdup(path), *p, save;
	int rc = 0;

	p = strrchr(dir, '/');
	if (p == NULL || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		save = *p;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			rc = set_error(err, "cannot create folder %s: %s", dir, strerror(errno));
		*p = save;
		if (save == '\0')
			break;
	}
	free(dir);
	return rc;
}

int cli_db_folder(const char *path, char **err)
{
	struct stat sb;
	char *dir;
	int rc = 0;

	if (strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0)
		return 0;
	dir = xstrdup(path);
	if (strrchr(dir, '/') == NULL)
		snprintf(dir, strlen(dir) + 1, ".");
	else if (strrchr(dir, '/') == dir)
		dir[1] = '\0';
	else
		*strrchr(dir, '/') = '\0';
	/* The kiosk's own folder, ./var/ (of the default ./var/vitrina.db), is made. */
	if (strcmp(dir, "./var") == 0 || strcmp(dir, "var") == 0) {
		free(dir);
		return make_parent(path, err);
	}
	if (stat(dir, &sb) < 0 && errno == ENOENT)
		rc = set_error(err, "the folder %s does not exist: create it, or correct --db "
			       "or db in the config", dir);
	else if (stat(dir, &sb) < 0 || access(dir, X_OK) < 0)
		rc = set_error(err, "permission denied: %s (%s)", dir, strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		rc = set_error(err, "%s is not a folder", dir);
	free(dir);
	return rc;
}

static int meta_get(sqlite3 *db, const char *key, char **value)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT value FROM meta WHERE key = ?1", NULL);
	int found = 0;

	*value = NULL;
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*value = db_column_strdup(st, 0);
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

static int meta_set(sqlite3 *db, const char *key, const char *value, char **err)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO meta(key, value) VALUES(?1, ?2)"
				      " ON CONFLICT(key) DO UPDATE SET value = excluded.value", err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	return 0;
}

/* Fill a new, empty catalogue from the sample once. Problems are notes on stderr:
 * the kiosk still starts, with an empty catalogue. */
static void seed(sqlite3 *db)
{
	char *used = NULL, *seeded = NULL, *err = NULL;
	struct catalogue_set set;
	struct buf report = {0};

	/* (a catalogue that has cases, from a hub or an import, is never seeded) */
	if (meta_get(db, "seeded", &seeded) != 0 || catalogue_empty(db, NULL) != 1) {
		free(seeded);
		return;
	}
	used = cli_data_file("sample.json");
	if (used == NULL) {
		fprintf(stderr, "vitrina: no sample catalogue (kiosk/sample.json or "
			"share/vitrina/sample.json); starting with an empty catalogue\n");
	} else if (import_read(used, NULL, &set, &report) != 0) {
		fprintf(stderr, "vitrina: the sample catalogue has problems, starting with an "
			"empty catalogue:\n%s", report.s ? report.s : "");
		catalogue_set_free(&set);
		free(used);
		used = NULL;
	} else {
		if (catalogue_put_set(db, &set, &err) < 0) {
			fprintf(stderr, "vitrina: cannot store the sample catalogue: %s\n", err);
			free(used);
			used = NULL;
		}
		catalogue_set_free(&set);
	}
	buf_free(&report);
	free(err);
	err = NULL;
	if (meta_set(db, "seeded", used ? used : "", &err) < 0) {
		fprintf(stderr, "vitrina: %s\n", err);
		free(err);
	}
	free(used);
}

sqlite3 *kiosk_db_open(const struct options *o, char **err)
{
	const char *path = o->cfg.db ? o->cfg.db : DEFAULT_DB;
	sqlite3 *db;

	if (cli_db_folder(path, err) < 0)
		return NULL;
	db = db_open_kiosk(path, err);
	/* A kiosk with a hub gets its catalogue from the hub: sample cases would never
	 * be deleted there, since the hub sends no tombstones for them. */
	if (db != NULL && o->cfg.hub_url == NULL)
		seed(db);
	return db;
}

/* --help or --version anywhere among a command's arguments. 1 if handled. */
static int help_or_version(int argc, char **argv, const char *usage)
{
	int i;

	if (cli_wants_help(argc, argv, usage))
		return 1;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--version") == 0) {
			printf("vitrina %s\n", VERSION);
			return 1;
		}
	}
	return 0;
}

/* ---- search ---- */

static const char search_usage[] =
	"usage: vitrina search QUERY [--limit N]\n"
	"\n"
	"Find cases whose title, person, place, theme or skills match QUERY (each word as\n"
	"the start of a word, diacritics optional; the story text too). Prints one case a\n"
	"line: id, title and municipality code, separated by tabs. An empty QUERY ('')\n"
	"lists every case.\n"
	"\n"
	"  --limit N   at most N cases (default: all)\n";

int cmd_search(const struct options *o, int argc, char **argv)
{
	struct search_filter f;
	struct search_result r;
	struct buf query = {0};
	sqlite3 *db;
	char *err = NULL;
	long limit = 1000000;
	int i, have = 0, rc;

	if (help_or_version(argc, argv, search_usage))
		return 0;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
			if (parse_long(argv[++i], 1, 1000000, &limit) < 0) {
				fprintf(stderr, "vitrina search: --limit needs a number from 1 to "
					"1000000\n");
				buf_free(&query);
				return 2;
			}
		} else if (strncmp(argv[i], "--", 2) == 0 && argv[i][2] != '\0') {
			fprintf(stderr, "vitrina search: unknown option %s (try --help)\n", argv[i]);
			buf_free(&query);
			return 2;
		} else {
			if (have)
				buf_addc(&query, ' ');
			buf_adds(&query, argv[i]);
			have = 1;
		}
	}
	if (!have) {
		fputs("vitrina search: missing QUERY (try --help)\n", stderr);
		return 2;
	}
	db = kiosk_db_open(o, &err);
	if (db == NULL) {
		fprintf(stderr, "vitrina search: %s\n", err);
		free(err);
		buf_free(&query);
		return 1;
	}
	search_filter_init(&f);
	f.query = query.s ? query.s : "";
	f.story = true;
	rc = search_cases(db, &f, 0, (int)limit, false, &r, &err);
	if (rc != 0) {
		fprintf(stderr, "vitrina search: %s\n", err ? err : "interrupted");
	} else {
		for (i = 0; i < r.n; i++)
			printf("%s\t%s\t%s\n", r.hits[i].id, r.hits[i].title ? r.hits[i].title : "",
			       r.hits[i].municipality);
	}
	search_result_free(&r);
	sqlite3_close(db);
	free(err);
	buf_free(&query);
	if (fflush(stdout) != 0)
		return 1;
	return rc != 0;
}

/* ---- show ---- */

static const char show_usage[] =
	"usage: vitrina show ID\n"
	"\n"
	"Print one case or partner as JSON, in the shape `vitrina import` reads.\n";

int cmd_show(const struct options *o, int argc, char **argv)
{
	struct career c;
	struct partner p;
	json_t *j = NULL;
	sqlite3 *db;
	char *err = NULL, *s;
	int rc;

	if (help_or_version(argc, argv, show_usage))
		return 0;
	if (argc != 2 || strncmp(argv[1], "--", 2) == 0) {
		fputs("vitrina show: needs exactly one ID (try --help)\n", stderr);
		return 2;
	}
	db = kiosk_db_open(o, &err);
	if (db == NULL) {
		fprintf(stderr, "vitrina show: %s\n", err);
		free(err);
		return 1;
	}
	rc = catalogue_get_case(db, argv[1], &c, &err);
	if (rc == 1) {
		j = career_to_json(&c);
		career_free(&c);
	} else if (rc == 0) {
		rc = catalogue_get_partner(db, argv[1], &p, &err);
		if (rc == 1) {
			j = partner_to_json(&p);
			partner_free(&p);
		}
	}
	sqlite3_close(db);
	if (rc < 0) {
		fprintf(stderr, "vitrina show: %s\n", err);
		free(err);
		return 1;
	}
	if (j == NULL) {
		fprintf(stderr, "vitrina show: no case or partner has the id %.64s\n", argv[1]);
		return 1;
	}
	s = json_dump_string(j, JSON_INDENT(2));
	json_decref(j);
	if (s != NULL)
		printf("%s\n", s);
	free(s);
	return fflush(stdout) != 0 || s == NULL;
}

/* ---- import ---- */

static const char import_usage[] =
	"usage: vitrina import FILE [--encoding ENC]\n"
	"\n"
	"Add or update cases and partners from a JSON file ({\"cases\": [...], \"partners\":\n"
	"[...]}) or a CSV file with a header row of field names. All or nothing: if any row\n"
	"has a problem, each is reported as FILE:LINE: field: problem and nothing is stored.\n"
	"\n"
	"  --encoding ENC   utf-8 (default), windows-1257 or iso-8859-13\n";

static void import_failed(const char *file, int problems)
{
	char *msg = xasprintf(i18n_nget("%s: nothing imported (%d problem)",
					"%s: nothing imported (%d problems)",
					(unsigned long)problems), file, problems);

	fprintf(stderr, "vitrina import: %s\n", msg);
	free(msg);
}

/* "imported 2 cases and 1 partner from FILE", each count with its own plural. */
static void imported(const struct catalogue_set *set, const char *file)
{
	char *cases = xasprintf(i18n_nget("%d case", "%d cases", (unsigned long)set->ncases),
				set->ncases);
	char *partners = xasprintf(i18n_nget("%d partner", "%d partners",
					     (unsigned long)set->npartners), set->npartners);
	char *all;

	/* TRANSLATORS: "imported 2 cases and 1 partner from FILE" */
	all = xasprintf(_("imported %s and %s from %s"), cases, partners, file);

	puts(all);
	free(all);
	free(cases);
	free(partners);
}

#define IMPORT_CHUNK 500   /* items stored between two progress steps */

/* Store set in chunks inside one transaction, so that progress can be shown: all or
 * nothing as before. A big import is loaded in bulk as catalogue_put_set would do it
 * (at least 1000 cases and half the catalogue), switched here once rather than by
 * each chunk. */
static int store_set(sqlite3 *db, const struct catalogue_set *set, char **err)
{
	struct catalogue_set part;
	int64_t have = 0;
	int i, n, total = set->npartners + set->ncases, bulk = 0;

	if (db_begin(db, err) < 0)
		return -1;
	if (set->ncases >= 1000 && !catalogue_bulk_active(db)) {
		if (catalogue_count(db, &have, err) < 0)
			goto fail;
		bulk = (int64_t)set->ncases * 2 >= have;
	}
	if (bulk && catalogue_bulk(db, true, err) < 0)
		goto fail;
	/* Partners first: cases may name them. */
	for (i = 0; i < total; i += n) {
		memset(&part, 0, sizeof part);
		n = IMPORT_CHUNK;
		if (i < set->npartners) {
			n = set->npartners - i < n ? set->npartners - i : n;
			part.partners = set->partners + i;
			part.npartners = n;
		} else {
			n = total - i < n ? total - i : n;
			part.cases = set->cases + (i - set->npartners);
			part.ncases = n;
		}
		if (catalogue_put_set(db, &part, err) < 0)
			goto fail;
		progress_step(n);
	}
	memset(&part, 0, sizeof part);
	part.guides = set->guides;
	part.nguides = set->nguides;
	if (part.nguides > 0 && catalogue_put_set(db, &part, err) < 0)
		goto fail;
	if (bulk && catalogue_bulk(db, false, err) < 0)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

int cmd_import(const struct options *o, int argc, char **argv)
{
	struct catalogue_set set;
	struct buf report = {0};
	const char *file = NULL, *enc = NULL;
	sqlite3 *db;
	char *err = NULL;
	int i, problems, rc;

	if (help_or_version(argc, argv, import_usage))
		return 0;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--encoding") == 0 && i + 1 < argc) {
			enc = argv[++i];
		} else if (strncmp(argv[i], "--encoding=", 11) == 0) {
			enc = argv[i] + 11;
		} else if (strncmp(argv[i], "--", 2) == 0 || file != NULL) {
			fprintf(stderr, "vitrina import: unexpected %s (try --help)\n", argv[i]);
			return 2;
		} else {
			file = argv[i];
		}
	}
	if (file == NULL) {
		fputs("vitrina import: missing FILE (try --help)\n", stderr);
		return 2;
	}
	if (!import_encoding_known(enc)) {
		fprintf(stderr, "vitrina import: unknown encoding %s (use utf-8, windows-1257 or "
			"iso-8859-13)\n", enc);
		return 2;
	}
	progress_start(0, "reading");
	problems = import_read(file, enc, &set, &report);
	progress_end();
	if (problems != 0) {
		fputs(report.s ? report.s : "", stderr);
		if (problems > 0)
			import_failed(file, problems);
		catalogue_set_free(&set);
		buf_free(&report);
		return 1;
	}
	buf_free(&report);
	db = kiosk_db_open(o, &err);
	if (db != NULL)
		progress_start(set.npartners + set.ncases, "storing");
	rc = db == NULL ? -1 : store_set(db, &set, &err);
	progress_end();
	if (rc < 0) {
		fprintf(stderr, "vitrina import: %s\n", err);
		free(err);
		sqlite3_close(db);
		catalogue_set_free(&set);
		return 1;
	}
	sqlite3_close(db);
	imported(&set, file);
	catalogue_set_free(&set);
	return fflush(stdout) != 0;
}
