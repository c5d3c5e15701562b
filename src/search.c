/* search: search-as-you-type over the catalogue, browse filters and facet counts.
 *
 * Speed comes from order, not from ranking every match. The search indexes' rowid is
 * cases.rk, which puts featured cases first and the rest in order of arrival, and FTS5
 * returns matches in rowid order, stopping early under a plain LIMIT. Prefix indexes
 * for 1 to 4 letters make short prefixes a single doclist read. So:
 *  - a selective query (at most RANK_CAP matches) is ranked with bm25, the title
 *    weighted highest and the jobs next;
 *  - an unselective one (a letter or two matching thousands) lists title and jobs
 *    matches first (title_fts holds both), then the other matches, each in rk order,
 *    reading only what it shows;
 *  - the story text is a second pass (f->story), used only when the first pass has
 *    fewer hits than asked for, and a query can be cancelled (search_set_cancel).
 * Filters are tokens ("_m43", "_csa", "_t2", "_a1", "_f") in the indexes' tags column,
 * so FTS5 intersects them with the text in the same doclist walk.
 * Facet counts for a keystroke read at most SEARCH_FACET_LIMIT matches per walk (one walk
 * for all four facets when nothing is chosen) and say when they stopped: the screen shows
 * those as bounds ("12+") and asks for the exact counts, which read every match, once
 * the typing stops. */
#include "search.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "db.h"
#include "regions.h"
#include "text.h"
#include "util.h"

#define RANK_CAP 200            /* rank with bm25 when there are at most this many */
#define MAX_WORDS 16            /* words of a query that count */
#define MAX_WORD 64             /* bytes of a word that count */
#define MAX_QUERY 4096          /* bytes of a query that are read */
#define MAX_NEED 1000000        /* offset + limit */
#define PREFIX_MAX 4            /* the longest prefix with its own index (schema.c) */
#define STORY_MIN 2             /* the shortest word the story pass looks for */

/* ---- folding and the query language ---- */

char *search_fold(const char *s)
{
	char *f = text_fold(s ? s : ""), *p;

	for (p = f; *p != '\0'; p++) {
		if (*p == '_')
			*p = ' ';
	}
	return f;
}

char *search_tags(const char *municipality, int area, unsigned themes, bool featured)
{
	const struct municipality *m = municipality_find(municipality);
	struct buf b = {0};
	int i;

	buf_adds(&b, "_all");
	if (m != NULL)
		buf_addf(&b, " _m%s _c%c%c", m->code + 3, m->county[3] | 0x20,
			 m->county[4] | 0x20);
	if (area >= 0)
		buf_addf(&b, " _a%d", area);
	for (i = 0; i < THEME_COUNT; i++) {
		if (themes & (1u << i))
			buf_addf(&b, " _t%d", i);
	}
	if (featured)
		buf_adds(&b, " _f");
	return buf_take(&b);
}

/* The FTS5 tokenizer the indexes use, from a private connection, so that every word
 * of a query is exactly one token of the index (never an empty or many-token phrase). */
static pthread_once_t tok_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t tok_lock = PTHREAD_MUTEX_INITIALIZER;
static sqlite3 *tok_db;
static fts5_tokenizer tok_fn;
static Fts5Tokenizer *tok;

static void tok_init(void)
{
	static const char *const args[] = {"remove_diacritics", "2"};
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	void *ud = NULL;

	if (sqlite3_open(":memory:", &tok_db) != SQLITE_OK)
		return;
	if (sqlite3_prepare_v2(tok_db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (api == NULL || api->xFindTokenizer(api, "unicode61", &ud, &tok_fn) != SQLITE_OK ||
	    tok_fn.xCreate(ud, (const char **)args, 2, &tok) != SQLITE_OK)
		tok = NULL;
}

struct words {
	char *w[MAX_WORDS];
	int n;
};

static int on_token(void *ctx, int flags, const char *token, int n, int start, int end)
{
	struct words *ws = ctx;
	size_t len = (size_t)n;

	(void)start, (void)end;
	if ((flags & FTS5_TOKEN_COLOCATED) || n <= 0)
		return SQLITE_OK;
	if (ws->n == MAX_WORDS)
		return SQLITE_DONE;
	if (len > MAX_WORD) {
		len = MAX_WORD;
		while (len > 0 && ((unsigned char)token[len] & 0xc0) == 0x80)
			len--;
	}
	ws->w[ws->n++] = xstrndup(token, len);
	return SQLITE_OK;
}

/* Split a visitor's text into folded index words. */
static void split_words(const char *query, struct words *ws)
{
	size_t n;
	char *clean, *folded;

	memset(ws, 0, sizeof *ws);
	if (query == NULL)
		return;
	n = strnlen(query, MAX_QUERY);
	clean = text_sanitize(query, n, 0);
	folded = search_fold(clean);
	free(clean);
	pthread_once(&tok_once, tok_init);
	if (tok != NULL) {
		pthread_mutex_lock(&tok_lock);
		tok_fn.xTokenize(tok, ws, FTS5_TOKENIZE_QUERY, folded, (int)strlen(folded),
				 on_token);
		pthread_mutex_unlock(&tok_lock);
	}
	free(folded);
}

static void words_free(struct words *ws)
{
	while (ws->n > 0)
		free(ws->w[--ws->n]);
}

/* Words as quoted prefix phrases: "siaul"* "zemes"*. min_len drops shorter words. With
 * exact, the words before the last are whole words ("zemes" "uk"*), or NULL if that
 * changes nothing (see find). */
static char *words_expr(const struct words *ws, size_t min_len, int exact)
{
	struct buf b = {0};
	int i, changed = 0;

	for (i = 0; i < ws->n; i++) {
		int whole = exact && i + 1 < ws->n && utf8_len(ws->w[i]) > PREFIX_MAX;

		if (utf8_len(ws->w[i]) < min_len)
			continue;
		buf_addf(&b, "%s\"%s\"%s", b.len ? " " : "", ws->w[i], whole ? "" : "*");
		changed |= whole;
	}
	if (exact && !changed)
		buf_free(&b);
	return b.len ? buf_take(&b) : NULL;
}

char *search_match_expr(const char *query)
{
	struct words ws;
	char *e;

	split_words(query, &ws);
	e = words_expr(&ws, 1, 0);
	words_free(&ws);
	return e;
}

int search_story_words(const char *query)
{
	struct words ws;
	char *e;
	int yes;

	split_words(query, &ws);
	e = words_expr(&ws, STORY_MIN, 0);
	yes = e != NULL;
	words_free(&ws);
	free(e);
	return yes;
}

void search_filter_init(struct search_filter *f)
{
	memset(f, 0, sizeof *f);
	f->theme = -1;
	f->area = -1;
}

/* The filter part of a MATCH expression ("" for none), or -1 if a filter names
 * something that does not exist (nothing can match). */
static int filter_expr(const struct search_filter *f, struct buf *b)
{
	buf_add(b, "", 0);
	if (f->county[0] != '\0') {
		const struct county *c = county_find(f->county);

		if (c == NULL)
			return -1;
		buf_addf(b, " \"_c%c%c\"", c->code[3] | 0x20, c->code[4] | 0x20);
	}
	if (f->municipality[0] != '\0') {
		const struct municipality *m = municipality_find(f->municipality);

		if (m == NULL)
			return -1;
		buf_addf(b, " \"_m%s\"", m->code + 3);
	}
	if (f->theme >= THEME_COUNT || f->area >= AREA_COUNT)
		return -1;
	if (f->theme >= 0)
		buf_addf(b, " \"_t%d\"", f->theme);
	if (f->area >= 0)
		buf_addf(b, " \"_a%d\"", f->area);
	if (f->featured)
		buf_adds(b, " \"_f\"");
	return 0;
}

/* ---- a small set of rowids ---- */

struct idset {
	int64_t *slot;          /* 0 is empty: rowids are never 0 */
	size_t cap, n;
};

static int idset_add(struct idset *s, int64_t id)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		struct idset bigger = {0};

		bigger.cap = s->cap ? s->cap * 2 : 256;
		bigger.slot = xcalloc(bigger.cap, sizeof *bigger.slot);
		for (i = 0; i < s->cap; i++) {
			if (s->slot[i] != 0)
				idset_add(&bigger, s->slot[i]);
		}
		free(s->slot);
		*s = bigger;
	}
	i = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ull >> 20) & (s->cap - 1);
	while (s->slot[i] != 0) {
		if (s->slot[i] == id)
			return 0;
		i = (i + 1) & (s->cap - 1);
	}
	s->slot[i] = id;
	s->n++;
	return 1;
}

/* ---- the search ---- */

struct list {
	int64_t *rk;
	int n, cap;
	struct idset seen;
};

static void list_add(struct list *l, int64_t rk)
{
	if (!idset_add(&l->seen, rk))
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->rk = xrealloc(l->rk, (size_t)l->cap * sizeof *l->rk);
	}
	l->rk[l->n++] = rk;
}

static void list_free(struct list *l)
{
	free(l->rk);
	free(l->seen.slot);
	memset(l, 0, sizeof *l);
}

static int rank_register(sqlite3 *db, char **err);

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql, char **err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	/* The ranking function is made known to a connection on its first use. */
	if (rc != SQLITE_OK && strstr(sql, "vitrina_rank") != NULL &&
	    rank_register(db, err) == 0) {
		sqlite3_finalize(st);
		st = NULL;
		rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	}
	if (rc != SQLITE_OK) {
		set_error(err, "database: %s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* Run sql with text ?1 (may be NULL) and integer ?2, adding the first column of each
 * row to l until it holds `upto` entries (or all rows if upto < 0). Returns the number
 * of rows read, -2 if interrupted, -1 on error. */
static int collect(sqlite3 *db, const char *sql, const char *text, int64_t n2, struct list *l,
		   int upto, char **err)
{
	sqlite3_stmt *st = prepare(db, sql, err);
	int rc = SQLITE_DONE, rows = 0;

	if (st == NULL)
		return -1;
	if (text != NULL)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, n2);
	while ((upto < 0 || l->n < upto) && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		list_add(l, sqlite3_column_int64(st, 0));
		rows++;
	}
	if (upto >= 0 && l->n >= upto)
		rc = SQLITE_DONE;
	sqlite3_finalize(st);
	if (rc == SQLITE_INTERRUPT)
		return -2;
	if (rc != SQLITE_DONE)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	return rows;
}

/* A count(*) query with text ?1 (if not NULL). 0, -2 if interrupted, -1 on error. */
static int count_rows(sqlite3 *db, const char *sql, const char *t1, int64_t *out, char **err)
{
	sqlite3_stmt *st = prepare(db, sql, err);
	int rc;

	*out = 0;
	if (st == NULL)
		return -1;
	if (t1 != NULL)
		sqlite3_bind_text(st, 1, t1, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_INTERRUPT)
		return -2;
	if (rc != SQLITE_ROW)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	return 0;
}

/* Walking every match, for totals and facet counts. */
struct scan {
	enum facet facet;
	int *counts;            /* NULL: only count */
	int64_t n;
	struct search_facets *all;      /* if not NULL: every facet, not only counts */
	int64_t limit;          /* stop before the match after this many (0: never) */
	bool partial;           /* stopped at the limit with more matches to come */
};

/* Add n cases of one municipality, area and themes to the counts of facet. */
static void tally_one(enum facet facet, int *counts, const struct municipality *m, int area,
		      unsigned themes, int n)
{
	int i;

	if (facet == FACET_COUNTY && m != NULL) {
		const struct county *c = county_find(m->county);

		if (c != NULL)
			counts[c - counties] += n;
	} else if (facet == FACET_MUNICIPALITY && m != NULL) {
		counts[m - municipalities] += n;
	} else if (facet == FACET_AREA && area >= 0 && area < AREA_COUNT) {
		counts[area] += n;
	} else if (facet == FACET_THEME) {
		for (i = 0; i < THEME_COUNT; i++)
			counts[i] += n * (int)((themes >> i) & 1);
	}
}

static void tally(struct scan *s, sqlite3_stmt *st)
{
	const char *code;
	const struct municipality *m;
	unsigned themes;
	int area, n = 1;

	if (sqlite3_column_count(st) > 4)
		n = sqlite3_column_int(st, 4);         /* a group of n cases */
	s->n += n;
	if (s->counts == NULL && s->all == NULL)
		return;
	code = (const char *)sqlite3_column_text(st, 1);
	m = code ? municipality_find(code) : NULL;
	area = sqlite3_column_int(st, 2);
	themes = (unsigned)sqlite3_column_int(st, 3);
	if (s->all == NULL) {
		tally_one(s->facet, s->counts, m, area, themes, n);
		return;
	}
	tally_one(FACET_COUNTY, s->all->county, m, area, themes, n);
	tally_one(FACET_MUNICIPALITY, s->all->municipality, m, area, themes, n);
	tally_one(FACET_THEME, s->all->theme, m, area, themes, n);
	tally_one(FACET_AREA, s->all->area, m, area, themes, n);
}

/* Run sql (rk, municipality, area, themes per row; match in ?1) into s, skipping rks
 * already in seen (when seen is not NULL, new ones are added). */
static int scan_sql(sqlite3 *db, const char *sql, const char *match, struct idset *seen,
		    struct scan *s, char **err)
{
	sqlite3_stmt *st = prepare(db, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	if (match != NULL)
		sqlite3_bind_text(st, 1, match, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (seen != NULL && !idset_add(seen, sqlite3_column_int64(st, 0)))
			continue;
		if (s->limit > 0 && s->n >= s->limit) {
			s->partial = true;      /* a match past the limit: counts are bounds */
			rc = SQLITE_DONE;
			break;
		}
		tally(s, st);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_INTERRUPT)
		return -2;
	if (rc != SQLITE_DONE)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	return 0;
}

/* Every case matching full (all cases if NULL) and, if sfull is not NULL, those whose
 * story matches sfull, each once. The facets come from an index, not the rows. */
static int scan(sqlite3 *db, const char *full, const char *sfull, struct scan *s,
		char **err)
{
	/* Everything: groups straight from the index that is in that order already. */
	static const char all_sql[] =
		"SELECT 0, municipality, area, themes, count(*) FROM cases INDEXED BY cases_facets"
		" GROUP BY municipality, area, themes";
	static const char main_sql[] =
		"SELECT c.rk, c.municipality, c.area, c.themes FROM case_fts"
		" JOIN cases AS c INDEXED BY cases_rk ON c.rk = case_fts.rowid"
		" WHERE case_fts MATCH ?1";
	static const char story_sql[] =
		"SELECT c.rk, c.municipality, c.area, c.themes FROM story_fts"
		" JOIN cases AS c INDEXED BY cases_rk ON c.rk = story_fts.rowid"
		" WHERE story_fts MATCH ?1";
	static const char main_ids[] = "SELECT rowid FROM case_fts WHERE case_fts MATCH ?1";
	static const char story_ids[] = "SELECT rowid FROM story_fts WHERE story_fts MATCH ?1";
	struct idset seen = {0};
	int rc;

	s->n = 0;
	if (full == NULL) {
		/* Groups, not matches: the first few would hold only the first municipalities,
		 * so this walk (an index, no text) is never cut short. */
		s->limit = 0;
		return scan_sql(db, all_sql, NULL, NULL, s, err);
	}
	rc = scan_sql(db, s->counts || s->all ? main_sql : main_ids, full, sfull ? &seen : NULL,
		      s, err);
	if (rc == 0 && sfull != NULL && !s->partial)
		rc = scan_sql(db, s->counts || s->all ? story_sql : story_ids, sfull, &seen, s,
			      err);
	free(seen.slot);
	return rc;
}

/* Ranking: bm25 without its IDF part. FTS5's bm25() counts, for every phrase, all the
 * rows it matches (a full walk of "k"* or of a filter's doclist) to weigh rare words
 * up; here every word must match anyway, so the weight of the column a word is found
 * in (the title highest, then the jobs) and the length of that column decide. The
 * columns of case_fts: title, people, places, topics, tags, jobs. */
#define RANK_COLS 6
static const double rank_weight[RANK_COLS] = {10.0, 4.0, 3.0, 2.0, 0.0, 6.0};

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
		    int nval, sqlite3_value **val)
{
	double tf[RANK_COLS] = {0}, score = 0, avg;
	sqlite3_int64 rows = 0, total;
	int ninst = 0, i, phrase, col, off, len;

	(void)nval, (void)val;
	if (api->xInstCount(fts, &ninst) != SQLITE_OK)
		ninst = 0;
	for (i = 0; i < ninst; i++) {
		if (api->xInst(fts, i, &phrase, &col, &off) == SQLITE_OK && col >= 0 &&
		    col < RANK_COLS)
			tf[col] += 1;
	}
	api->xRowCount(fts, &rows);
	for (col = 0; col < RANK_COLS; col++) {
		if (rank_weight[col] == 0)
			continue;
		if (tf[col] == 0 || api->xColumnSize(fts, col, &len) != SQLITE_OK ||
		    api->xColumnTotalSize(fts, col, &total) != SQLITE_OK)
			continue;
		avg = rows > 0 && total > 0 ? (double)total / (double)rows : 1.0;
		/* bm25's saturation with k1 = 1.2, b = 0.75 */
		score += rank_weight[col] * tf[col] * 2.2 /
			 (tf[col] + 1.2 * (0.25 + 0.75 * (double)len / avg));
	}
	sqlite3_result_double(ctx, score);
}

/* Make vitrina_rank() known to db's FTS5 (functions belong to a connection). */
static int rank_register(sqlite3 *db, char **err)
{
	sqlite3_stmt *st = NULL;
	fts5_api *api = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	}
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (api == NULL || api->xCreateFunction(api, "vitrina_rank", NULL, rank_fn, NULL) !=
	    SQLITE_OK)
		return set_error(err, "database: cannot set up search ranking");
	return 0;
}

static const char rank_sql[] =
	"SELECT rowid FROM case_fts WHERE case_fts MATCH ?1"
	" ORDER BY vitrina_rank(case_fts) DESC, rowid LIMIT ?2";

/* How many cases match e, counting no further than RANK_CAP + 1. */
static int probe(sqlite3 *db, const char *e, char **err)
{
	struct list l = {0};
	int rows = collect(db, "SELECT rowid FROM case_fts WHERE case_fts MATCH ?1 LIMIT ?2", e,
			   RANK_CAP + 1, &l, -1, err);

	list_free(&l);
	return rows;
}

struct scored {
	int64_t rk;
	double score;
};

static int by_score(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;    /* best first */
	return x->rk < y->rk ? -1 : x->rk > y->rk;
}

/* probe and rank in one walk over the matches (one merge of long prefixes instead of
 * two): if at most RANK_CAP cases match, l gets the first need of them, best first.
 * Returns the number of matches read (at most RANK_CAP + 1), -2 or -1. */
static int probe_ranked(sqlite3 *db, const char *e, int need, struct list *l, char **err)
{
	sqlite3_stmt *st;
	struct scored got[RANK_CAP + 1];
	int rc, n = 0, i;

	st = prepare(db, "SELECT rowid, vitrina_rank(case_fts) FROM case_fts"
		     " WHERE case_fts MATCH ?1 LIMIT ?2", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, e, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, RANK_CAP + 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		got[n].rk = sqlite3_column_int64(st, 0);
		got[n++].score = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_INTERRUPT)
		return -2;
	if (rc != SQLITE_DONE)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	if (n <= RANK_CAP) {
		qsort(got, (size_t)n, sizeof *got, by_score);
		for (i = 0; i < n && l->n < need; i++)
			list_add(l, got[i].rk);
	}
	return n;
}

/* Title matches first, then the rest, each in search order, until l holds need. */
static int tiers(sqlite3 *db, const char *e, int need, struct list *l, char **err)
{
	int rc = collect(db, "SELECT rowid FROM title_fts WHERE title_fts MATCH ?1 LIMIT ?2", e,
			 need + l->n, l, need, err);

	if (rc >= 0 && l->n < need)
		rc = collect(db, "SELECT rowid FROM case_fts WHERE case_fts MATCH ?1 LIMIT ?2", e,
			     need + l->n, l, need, err);
	return rc;
}

/* The ordered rks of the first `need` matches (fewer if there are fewer), and the
 * number of all matches in *total when want_total. 0, -2 interrupted, -1 error. */
static int find(sqlite3 *db, const struct search_filter *f, int need, bool want_total,
		struct list *l, int64_t *total, char **err)
{
	struct buf filters = {0};
	struct words ws;
	char *words = NULL, *story = NULL, *full = NULL, *sfull = NULL, *exact = NULL;
	int rc = 0, rows = 0, complete = 0;

	*total = -1;
	split_words(f->query, &ws);
	if (filter_expr(f, &filters) < 0) {
		*total = 0;
		goto out;
	}
	words = words_expr(&ws, 1, 0);
	if (words == NULL && filters.len == 0) {
		/* Everything, in search order. */
		rc = collect(db, "SELECT rk FROM cases ORDER BY rk LIMIT ?2", NULL, need, l, -1,
			     err);
		if (rc >= 0 && want_total)
			rc = count_rows(db, "SELECT count(*) FROM cases", NULL, total, err);
		goto out;
	}
	if (words == NULL) {
		full = xstrdup(filters.s + 1);
		rc = collect(db, "SELECT rowid FROM case_fts WHERE case_fts MATCH ?1 LIMIT ?2",
			     full, need, l, -1, err);
		if (rc >= 0 && want_total)
			rc = count_rows(db, "SELECT count(*) FROM case_fts WHERE case_fts MATCH ?1",
					full, total, err);
		goto out;
	}
	full = xasprintf("%s %s", filters.s, words);
	story = f->story ? words_expr(&ws, STORY_MIN, 0) : NULL;
	if (story != NULL)
		sfull = xasprintf("%s %s", filters.s, story);
	/* A prefix longer than the prefix indexes makes FTS5 merge the doclists of every
	 * word it starts, all of them, before the first row. The words before the last
	 * are whole words as a rule, so try them as such first: enough hits that way and
	 * nothing more is read. */
	exact = words_expr(&ws, 1, 1);
	if (exact != NULL) {
		char *e = xasprintf("%s %s", filters.s, exact);

		rows = probe(db, e, err);
		if (rows > RANK_CAP)
			rc = tiers(db, e, need, l, err);
		free(e);
		if (rows < 0 || rc < 0) {
			rc = rows < 0 ? rows : rc;
			goto out;
		}
		if (l->n >= need)
			goto totals;
	}
	if (l->n > 0) {
		/* Not enough with whole words: the rest of the matches after them. */
		rc = tiers(db, full, need, l, err);
		complete = rc >= 0 && l->n < need;
	} else {
		/* After a whole-word try, the matches are few as a rule: rank them in the
		 * same walk. Otherwise count first, as ranking thousands is slow. */
		rows = exact != NULL ? probe_ranked(db, full, need, l, err) : probe(db, full, err);
		if (rows < 0) {
			rc = rows;
			goto out;
		}
		if (rows <= RANK_CAP && exact != NULL) {
			complete = 1;
			*total = rows;
		} else if (rows <= RANK_CAP) {
			/* Few enough to rank them all. */
			rc = collect(db, rank_sql, full, need, l, -1, err);
			complete = 1;
			*total = rows;
		} else {
			rc = tiers(db, full, need, l, err);
			complete = rc >= 0 && l->n < need;     /* every match is listed */
		}
	}
	/* The second pass: the story text, only when the first has too few. One-letter
	 * words match nearly every story, so they are left to the first pass. */
	if (rc >= 0 && sfull != NULL && complete && l->n < need)
		rc = collect(db, "SELECT rowid FROM story_fts WHERE story_fts MATCH ?1 LIMIT ?2",
			     sfull, need + l->n, l, need, err);
totals:
	if (rc >= 0 && want_total && sfull == NULL && *total < 0) {
		rc = count_rows(db, "SELECT count(*) FROM case_fts WHERE case_fts MATCH ?1", full,
				total, err);
	} else if (rc >= 0 && want_total && sfull != NULL) {
		struct scan sc = {FACET_AREA, NULL, 0, NULL, 0, false};

		rc = scan(db, full, sfull, &sc, err);
		*total = sc.n;
	}
out:
	words_free(&ws);
	buf_free(&filters);
	free(words);
	free(story);
	free(full);
	free(sfull);
	free(exact);
	return rc < 0 ? rc : 0;
}

int search_cases(sqlite3 *db, const struct search_filter *f, int offset, int limit,
		 bool want_total, struct search_result *out, char **err)
{
	struct list l = {0};
	sqlite3_stmt *st = NULL;
	int64_t total = -1;
	int need, i, rc;

	/* A catalogue another process swapped in (a snapshot) is searched from now on. */
	db_catalogue_refresh(db);
	memset(out, 0, sizeof *out);
	out->total = -1;
	if (offset < 0)
		offset = 0;
	if (limit < 0)
		limit = 0;
	if (offset > MAX_NEED)
		offset = MAX_NEED;
	if (limit > MAX_NEED - offset)
		limit = MAX_NEED - offset;
	need = offset + limit;
	rc = find(db, f, need, want_total, &l, &total, err);
	if (rc < 0)
		goto done;
	if (l.n > offset) {
		st = prepare(db, "SELECT id, title, person, municipality, featured FROM cases"
			     " WHERE rk = ?1", err);
		if (st == NULL) {
			rc = -1;
			goto done;
		}
		out->hits = xcalloc((size_t)(l.n - offset), sizeof *out->hits);
		for (i = offset; i < l.n && i < need; i++) {
			struct search_hit *h = &out->hits[out->n];

			sqlite3_bind_int64(st, 1, l.rk[i]);
			rc = sqlite3_step(st);
			if (rc == SQLITE_ROW) {
				snprintf(h->id, sizeof h->id, "%s", sqlite3_column_text(st, 0));
				h->title = db_column_strdup(st, 1);
				h->person = db_column_strdup(st, 2);
				snprintf(h->municipality, sizeof h->municipality, "%s",
					 sqlite3_column_text(st, 3));
				h->featured = sqlite3_column_int(st, 4) != 0;
				out->n++;
			}
			sqlite3_reset(st);
			if (rc == SQLITE_INTERRUPT) {
				rc = -2;
				goto done;
			}
			if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
				rc = set_error(err, "database: %s", sqlite3_errmsg(db));
				goto done;
			}
		}
	}
	rc = 0;
	out->total = (int)(total > INT32_MAX ? INT32_MAX : total);
done:
	sqlite3_finalize(st);
	list_free(&l);
	if (rc < 0) {
		search_result_free(out);
		out->total = -1;
		if (rc == -2)
			return 1;
		return -1;
	}
	return 0;
}

void search_result_free(struct search_result *r)
{
	int i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->hits[i].title);
		free(r->hits[i].person);
	}
	free(r->hits);
	r->hits = NULL;
	r->n = 0;
}

int search_localise(sqlite3 *db, struct search_result *r, const char *lang, char **err)
{
	sqlite3_stmt *st;
	char path[16];
	int i, rc = SQLITE_DONE;

	if (lang == NULL || strlen(lang) < 2 || strlen(lang) > 3 ||
	    strspn(lang, "abcdefghijklmnopqrstuvwxyz") != strlen(lang))
		return 0;
	snprintf(path, sizeof path, "$.%s.title", lang);
	st = prepare(db, "SELECT json_extract(translations, ?2) FROM cases"
		     " WHERE id = ?1 AND lang != ?3", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 2, path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, lang, -1, SQLITE_TRANSIENT);
	for (i = 0; i < r->n; i++) {
		const unsigned char *t;

		sqlite3_bind_text(st, 1, r->hits[i].id, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		t = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
		if (t != NULL && t[0] != '\0') {
			free(r->hits[i].title);
			r->hits[i].title = xstrdup((const char *)t);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	return 0;
}

/* ---- facets ---- */

/* The facet's own choice gives way to each of its values. A county replaces the
 * municipality too: it is the coarser choice of the same thing. */
static void facet_drop(struct search_filter *g, enum facet facet)
{
	if (facet == FACET_COUNTY) {
		g->county[0] = '\0';
		g->municipality[0] = '\0';
	} else if (facet == FACET_MUNICIPALITY) {
		g->municipality[0] = '\0';
	} else if (facet == FACET_THEME) {
		g->theme = -1;
	} else {
		g->area = -1;
	}
}

/* Scan the matches of g (its words and all its filters) into s. 0, -2, -1. */
static int facet_scan(sqlite3 *db, const struct search_filter *g, struct scan *s, char **err)
{
	struct buf filters = {0};
	struct words ws;
	char *words = NULL, *story = NULL, *full = NULL, *sfull = NULL;
	int rc = 0;

	split_words(g->query, &ws);
	if (filter_expr(g, &filters) < 0)
		goto out;               /* nothing can match */
	words = words_expr(&ws, 1, 0);
	if (words != NULL) {
		full = xasprintf("%s %s", filters.s, words);
		story = g->story ? words_expr(&ws, STORY_MIN, 0) : NULL;
		if (story != NULL)
			sfull = xasprintf("%s %s", filters.s, story);
	} else if (filters.len > 0) {
		full = xstrdup(filters.s + 1);
	}
	rc = scan(db, full, sfull, s, err);
out:
	words_free(&ws);
	buf_free(&filters);
	free(words);
	free(story);
	free(full);
	free(sfull);
	return rc;
}

int search_counts(sqlite3 *db, const struct search_filter *f, enum facet facet, int *counts,
		  char **err)
{
	struct search_filter g = *f;
	struct scan sc = {facet, counts, 0, NULL, 0, false};
	int n, rc;

	n = facet == FACET_COUNTY ? COUNTY_COUNT : facet == FACET_MUNICIPALITY ?
		MUNICIPALITY_COUNT : facet == FACET_THEME ? THEME_COUNT : AREA_COUNT;
	memset(counts, 0, (size_t)n * sizeof *counts);
	facet_drop(&g, facet);
	rc = facet_scan(db, &g, &sc, err);
	if (rc < 0)
		memset(counts, 0, (size_t)n * sizeof *counts);
	return rc == -2 ? 1 : rc;
}

static bool same_filters(const struct search_filter *a, const struct search_filter *b)
{
	return strcmp(a->county, b->county) == 0 && strcmp(a->municipality, b->municipality) == 0 &&
	       a->theme == b->theme && a->area == b->area;
}

/* Copy facet's counts and bound from walk w into out. */
static void facet_take(struct search_facets *out, const struct search_facets *w,
		       enum facet facet)
{
	if (facet == FACET_COUNTY)
		memcpy(out->county, w->county, sizeof out->county);
	else if (facet == FACET_MUNICIPALITY)
		memcpy(out->municipality, w->municipality, sizeof out->municipality);
	else if (facet == FACET_THEME)
		memcpy(out->theme, w->theme, sizeof out->theme);
	else
		memcpy(out->area, w->area, sizeof out->area);
	out->partial[facet] = w->partial[0];
}

/* Each facet needs the matches of f without its own choice: one walk for each distinct
 * set of filters that leaves (one walk in all when nothing is chosen), each walk counting
 * every facet at once. */
int search_facets(sqlite3 *db, const struct search_filter *f, int limit,
		  struct search_facets *out, char **err)
{
	struct search_filter g[FACET_COUNT];
	struct search_facets *walk = xcalloc(FACET_COUNT, sizeof *walk);
	int k, j, rc = 0;

	memset(out, 0, sizeof *out);
	for (k = 0; k < FACET_COUNT && rc == 0; k++) {
		g[k] = *f;
		facet_drop(&g[k], (enum facet)k);
		for (j = 0; j < k && !same_filters(&g[j], &g[k]); j++)
			;
		if (j == k) {
			struct scan sc = {FACET_AREA, NULL, 0, &walk[k], limit > 0 ? limit : 0,
					  false};

			rc = facet_scan(db, &g[k], &sc, err);
			walk[k].partial[0] = sc.partial;
		}
		facet_take(out, &walk[j], (enum facet)k);
	}
	free(walk);
	if (rc < 0)
		memset(out, 0, sizeof *out);
	return rc == -2 ? 1 : rc;
}

/* ---- partners ---- */

int search_partners(sqlite3 *db, const char *query, int offer, struct partner **out, int *n,
		    char **err)
{
	char *words = search_match_expr(query);
	sqlite3_stmt *st;
	int rc;

	db_catalogue_refresh(db);
	*out = NULL;
	*n = 0;
	if (offer >= OFFER_COUNT) {
		free(words);
		return 0;
	}
	if (words == NULL)
		st = prepare(db, "SELECT " PARTNER_COLUMNS " FROM partners"
			     " WHERE ?2 < 0 OR (offers >> ?2) & 1 ORDER BY sort_key, id", err);
	else
		st = prepare(db, "SELECT p.id, p.municipality, p.offers, p.contact_allowed,"
			     " p.seq, p.name, p.description FROM partner_fts"
			     " JOIN partners p ON p.rk = partner_fts.rowid"
			     " WHERE partner_fts MATCH ?1 AND (?2 < 0 OR (p.offers >> ?2) & 1)"
			     " ORDER BY bm25(partner_fts, 10.0, 1.0, 3.0), p.sort_key", err);
	if (st == NULL) {
		free(words);
		return -1;
	}
	if (words != NULL)
		sqlite3_bind_text(st, 1, words, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, offer);
	rc = catalogue_read_partners(db, st, out, n, err);
	sqlite3_finalize(st);
	free(words);
	return rc;
}

void search_set_cancel(sqlite3 *db, int (*cancel)(void *), void *arg)
{
	/* Every 1000 VM steps: a few microseconds between checks. */
	sqlite3_progress_handler(db, cancel ? 1000 : 0, cancel, arg);
}
