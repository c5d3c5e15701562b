/* guides: a table of tens of rows, so it stays simple: each row keeps the guide's own
 * JSON (read back through guide_from_json, the one place its fields are checked), the
 * columns the kiosk orders by, and the folded text of every language to search with. */
#include "guides.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "text.h"
#include "util.h"

/* The folded title, summary and body of every language, a line each. */
static char *search_text(const struct guide *g)
{
	struct buf b = {0};
	char *f;
	int i;

	for (i = -1; i < g->ntranslations; i++) {
		const struct guide_text *t = i < 0 ? &g->text : &g->translations[i];
		const char *parts[3] = {t->title, t->summary, t->body};
		int k;

		for (k = 0; k < 3; k++) {
			f = text_fold(parts[k] != NULL ? parts[k] : "");
			buf_adds(&b, f);
			buf_addc(&b, '\n');
			free(f);
		}
	}
	return buf_take(&b);
}

int guides_put(sqlite3 *db, const struct guide *g, char **err)
{
	static const char sql[] =
		"INSERT INTO guides(id, kind, county, seq, title, search, json)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO UPDATE SET"
		" kind = excluded.kind, county = excluded.county, seq = excluded.seq,"
		" title = excluded.title, search = excluded.search, json = excluded.json";
	sqlite3_stmt *st;
	json_t *j;
	char *search, *text;
	int rc;

	if (g->deleted)
		return guides_delete(db, g->id, err);
	st = db_prepare(db, sql, err);
	if (st == NULL)
		return -1;
	j = guide_to_json(g);
	json_object_del(j, "seq");
	text = json_dump_string(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	search = search_text(g);
	db_bind_text(st, 1, g->id);
	db_bind_text(st, 2, guide_kind_codes[g->kind]);
	db_bind_text(st, 3, g->county);
	sqlite3_bind_int64(st, 4, g->seq);
	db_bind_text(st, 5, g->text.title);
	db_bind_text(st, 6, search);
	db_bind_text(st, 7, text != NULL ? text : "{}");
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	free(search);
	free(text);
	if (rc != SQLITE_DONE)
		return set_error(err, "storing guide %s: %s", g->id, sqlite3_errmsg(db));
	return 0;
}

int guides_delete(sqlite3 *db, const char *id, char **err)
{
	sqlite3_stmt *st = db_prepare(db, "DELETE FROM guides WHERE id = ?1", err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return set_error(err, "deleting guide %s: %s", id, sqlite3_errmsg(db));
	return 0;
}

/* 1 if every space-separated word of the folded query fq occurs in text. */
static int matches(const char *text, const char *fq)
{
	const char *p = fq;

	while (*p != '\0') {
		size_t n = strcspn(p, " ");
		char *word;
		int found;

		if (n == 0) {
			p++;
			continue;
		}
		word = xstrndup(p, n);
		found = strstr(text, word) != NULL;
		free(word);
		if (!found)
			return 0;
		p += n;
	}
	return 1;
}

/* The guide in the JSON of a row; -1 if it no longer reads (then it is left out). */
static int row_guide(sqlite3_stmt *st, int col, struct guide *g)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	json_t *j = s != NULL ? json_loads(s, 0, NULL) : NULL;
	char *err = NULL;
	int rc = guide_from_json(j, g, &err);

	free(err);
	json_decref(j);
	if (rc == 0)
		g->seq = sqlite3_column_int64(st, col + 1);
	return rc;
}

int guides_list(sqlite3 *db, const char *county, const char *query, struct guide **out,
		int *n, char **err)
{
	static const char sql[] =
		"SELECT search, json, seq FROM guides ORDER BY"
		" CASE WHEN county = ?1 THEN 0 WHEN county = '' THEN 1 ELSE 2 END,"
		" kind = 'guide', county, title, id";
	sqlite3_stmt *st = db_prepare(db, sql, err);
	char *fq = text_fold(query != NULL ? query : "");
	int cap = 0, rc;

	*out = NULL;
	*n = 0;
	if (st == NULL) {
		free(fq);
		return -1;
	}
	db_bind_text(st, 1, county != NULL ? county : "");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0);

		if (!matches(text != NULL ? text : "", fq))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		if (row_guide(st, 1, &(*out)[*n]) == 0)
			(*n)++;
	}
	sqlite3_finalize(st);
	free(fq);
	if (rc != SQLITE_DONE) {
		guides_list_free(*out, *n);
		*out = NULL;
		*n = 0;
		return set_error(err, "reading guides: %s", sqlite3_errmsg(db));
	}
	return 0;
}

void guides_list_free(struct guide *g, int n)
{
	int i;

	for (i = 0; i < n; i++)
		guide_free(&g[i]);
	free(g);
}

int guides_get(sqlite3 *db, const char *id, struct guide *out, char **err)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT json, seq FROM guides WHERE id = ?1", err);
	int rc, found = 0;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		found = row_guide(st, 0, out) == 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return set_error(err, "reading guide %s: %s", id, sqlite3_errmsg(db));
	return found;
}
