/* catalogue_db: cases and partners in the kiosk database, with their search indexes kept in
 * step by hand (the indexed text is folded in C, so no triggers). */
#include "catalogue_db.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "guides.h"
#include "regions.h"
#include "search.h"
#include "util.h"

/* cases.rk: featured cases sort before the rest (see schema.c). */
#define RK_REST ((int64_t)1 << 40)

#define CASE_COLUMNS "id, municipality, area, themes, featured, contact_allowed, age, seq," \
	" updated_at, lang, slug, person, organisation, partner_id, title, quote, summary," \
	" path, skills, translations, story, jobs, qa, inspired, inspired_90d"

/* Words a visitor may type for a theme or an area, in the languages of the kiosk. */
static const char *const theme_words[THEME_COUNT] = {
	"community bendruomenė сообщество społeczność",
	"development education globalus švietimas vystomasis образование edukacja",
	"personal growth asmeninis augimas saviugda развитие rozwój",
	"environment aplinka ekologija gamta экология środowisko",
	"fair trade sąžininga prekyba справедливая торговля sprawiedliwy handel",
	"innovation inovacijos naujovės инновации innowacje",
};
static const char *const area_words[AREA_COUNT] = {
	"humanities humanitariniai mokslai гуманитарные humanistyka",
	"social sciences socialiniai mokslai социальные nauki społeczne",
	"regional development regionų plėtra regionas региональное rozwój regionalny",
};

/* Prepared statements for writing, made once per batch. */
enum {
	W_FIND, W_MAXRK, W_MAXFEAT, W_UPSERT, W_DEL_CASE, W_FTS_DEL, W_TITLE_DEL, W_STORY_DEL,
	W_FTS_INS, W_TITLE_INS, W_STORY_INS, W_PFIND, W_PUPSERT, W_PDEL, W_PFTS_DEL,
	W_PFTS_INS, W_LOAD, W_COUNT
};

static const char *const writer_sql[W_COUNT] = {
	"SELECT rk FROM cases WHERE id = ?1",
	"SELECT max(rk) FROM cases",
	"SELECT max(rk) FROM cases WHERE rk < ?1",
	"INSERT INTO cases(rk, id, municipality, county, area, themes, featured,"
	" contact_allowed, age, seq, updated_at, lang, slug, person, organisation, partner_id,"
	" title, quote, summary, path, skills, translations, story, jobs, qa, inspired,"
	" inspired_90d)"
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	" ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)"
	" ON CONFLICT(id) DO UPDATE SET rk = excluded.rk, municipality = excluded.municipality,"
	" county = excluded.county, area = excluded.area, themes = excluded.themes,"
	" featured = excluded.featured, contact_allowed = excluded.contact_allowed,"
	" age = excluded.age, seq = excluded.seq, updated_at = excluded.updated_at,"
	" lang = excluded.lang, slug = excluded.slug, person = excluded.person,"
	" organisation = excluded.organisation, partner_id = excluded.partner_id,"
	" title = excluded.title, quote = excluded.quote, summary = excluded.summary,"
	" path = excluded.path, skills = excluded.skills,"
	" translations = excluded.translations, story = excluded.story, jobs = excluded.jobs,"
	" qa = excluded.qa, inspired = excluded.inspired, inspired_90d = excluded.inspired_90d",
	"DELETE FROM cases WHERE rk = ?1",
	"DELETE FROM case_fts WHERE rowid = ?1",
	"DELETE FROM title_fts WHERE rowid = ?1",
	"INSERT INTO story_fts(story_fts, rowid, story, tags) VALUES('delete', ?1, ?2, ?3)",
	"INSERT INTO case_fts(rowid, title, people, places, topics, tags, jobs)"
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	"INSERT INTO title_fts(rowid, title, tags) VALUES(?1, ?2, ?3)",
	"INSERT INTO story_fts(rowid, story, tags) VALUES(?1, ?2, ?3)",
	"SELECT rk FROM partners WHERE id = ?1",
	"INSERT INTO partners(id, municipality, offers, contact_allowed, seq, name, sort_key,"
	" description, translations) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	" ON CONFLICT(id) DO UPDATE SET municipality = excluded.municipality,"
	" offers = excluded.offers, contact_allowed = excluded.contact_allowed,"
	" seq = excluded.seq, name = excluded.name, sort_key = excluded.sort_key,"
	" description = excluded.description, translations = excluded.translations"
	" RETURNING rk",
	"DELETE FROM partners WHERE rk = ?1",
	"DELETE FROM partner_fts WHERE rowid = ?1",
	"INSERT INTO partner_fts(rowid, name, description, places) VALUES(?1, ?2, ?3, ?4)",
	"SELECT " CASE_COLUMNS " FROM cases WHERE rk = ?1",
};

struct writer {
	sqlite3 *db;
	sqlite3_stmt *st[W_COUNT];
};

static void writer_close(struct writer *w)
{
	int i;

	for (i = 0; i < W_COUNT; i++)
		sqlite3_finalize(w->st[i]);
	memset(w, 0, sizeof *w);
}

static int writer_open(struct writer *w, sqlite3 *db, char **err)
{
	int i;

	memset(w, 0, sizeof *w);
	w->db = db;
	for (i = 0; i < W_COUNT; i++) {
		w->st[i] = db_prepare(db, writer_sql[i], err);
		if (w->st[i] == NULL) {
			writer_close(w);
			return -1;
		}
	}
	return 0;
}

/* Step a statement that returns no row (or whose row is not wanted) and reset it. */
static int run(struct writer *w, sqlite3_stmt *st, char **err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return set_error(err, "database: %s", sqlite3_errmsg(w->db));
	return 0;
}

/* The first column of the first row as an integer; 0 without a row, -1 on error. */
static int run_int(struct writer *w, sqlite3_stmt *st, int64_t *out, char **err)
{
	int rc = sqlite3_step(st);

	*out = 0;
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return set_error(err, "database: %s", sqlite3_errmsg(w->db));
	return rc == SQLITE_ROW;
}

/* ids are stored in lowercase; look them up the same way (and by the index). */
static void bind_id(sqlite3_stmt *st, const char *id)
{
	char low[37];
	int i;

	if (id == NULL || !uuid_valid(id)) {
		db_bind_text(st, 1, id ? id : "");
		return;
	}
	for (i = 0; i < 36; i++)
		low[i] = id[i] >= 'A' && id[i] <= 'F' ? (char)(id[i] + 32) : id[i];
	low[36] = '\0';
	db_bind_text(st, 1, low);
}

/* Folded text for the index, with a separator after each piece. */
static void add_folded(struct buf *b, const char *s)
{
	char *f;

	if (s == NULL || s[0] == '\0')
		return;
	f = search_fold(s);
	buf_adds(b, f);
	buf_addc(b, '\n');
	free(f);
}

static void add_places(struct buf *b, const char *code)
{
	const struct municipality *m = municipality_find(code);
	const struct county *c = m ? county_find(m->county) : NULL;

	if (m != NULL)
		add_folded(b, m->name);
	if (c != NULL) {
		add_folded(b, c->name_lt);
		add_folded(b, c->name_en);
	}
}

static int bind_index_common(sqlite3_stmt *st, int i, const char *s)
{
	return sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

/* Bind rowid rk and two texts to statement k of the writer and run it. */
static int run_text(struct writer *w, int k, int64_t rk, const char *a, const char *b,
		    char **err)
{
	sqlite3_bind_int64(w->st[k], 1, rk);
	bind_index_common(w->st[k], 2, a);
	bind_index_common(w->st[k], 3, b);
	return run(w, w->st[k], err);
}

/* The folded text of a case for each search index. Built the same way for inserting and
 * for deleting: story_fts keeps no copy, so a delete names the very same tokens. */
struct index_text {
	struct buf title, jobs, people, places, topics, story;
	char *tags;
};

static int seen_lang(const struct career *c, int i)
{
	int k;

	for (k = 0; k < i; k++) {
		if (strcmp(c->translations[k].lang, c->translations[i].lang) == 0)
			return 1;
	}
	return 0;
}

static void index_text_make(const struct career *c, struct index_text *t)
{
	int i;

	memset(t, 0, sizeof *t);
	t->tags = search_tags(c->municipality, c->area, c->themes, c->featured);
	add_folded(&t->title, c->text.title);
	for (i = 0; i < c->ntranslations; i++) {
		if (!seen_lang(c, i))
			add_folded(&t->title, c->translations[i].title);
	}
	add_folded(&t->people, c->person);
	add_folded(&t->people, c->organisation);
	add_places(&t->places, c->municipality);
	for (i = 0; i < THEME_COUNT; i++) {
		if (c->themes & (1u << i))
			add_folded(&t->topics, theme_words[i]);
	}
	if (c->area >= 0 && c->area < AREA_COUNT)
		add_folded(&t->topics, area_words[c->area]);
	for (i = 0; i < c->nskills; i++)
		add_folded(&t->topics, c->skills[i]);
	for (i = 0; i < c->njobs; i++)
		add_folded(&t->jobs, c->jobs[i]);
	for (i = 0; i < c->ntranslations; i++) {
		const struct case_text *tr = &c->translations[i];
		int k;

		if (seen_lang(c, i))
			continue;
		for (k = 0; k < tr->nskills; k++)
			add_folded(&t->topics, tr->skills[k]);
		for (k = 0; k < tr->njobs; k++)
			add_folded(&t->jobs, tr->jobs[k]);
	}
	add_folded(&t->story, c->text.summary);
	add_folded(&t->story, c->text.story);
	add_folded(&t->story, c->text.quote);
	for (i = 0; i < c->ntranslations; i++) {
		if (seen_lang(c, i))
			continue;
		add_folded(&t->story, c->translations[i].summary);
		add_folded(&t->story, c->translations[i].story);
		add_folded(&t->story, c->translations[i].quote);
	}
}

static void index_text_free(struct index_text *t)
{
	buf_free(&t->title);
	buf_free(&t->jobs);
	buf_free(&t->people);
	buf_free(&t->places);
	buf_free(&t->topics);
	buf_free(&t->story);
	free(t->tags);
}

static int index_case(struct writer *w, const struct career *c, int64_t rk, char **err)
{
	struct index_text t;
	struct buf titles = {0};
	sqlite3_stmt *st;
	int rc = -1;

	index_text_make(c, &t);
	/* Jobs are searched like titles: the title index holds both. */
	buf_add(&titles, t.title.s ? t.title.s : "", t.title.len);
	buf_add(&titles, t.jobs.s ? t.jobs.s : "", t.jobs.len);
	st = w->st[W_FTS_INS];
	sqlite3_bind_int64(st, 1, rk);
	bind_index_common(st, 2, t.title.s);
	bind_index_common(st, 3, t.people.s);
	bind_index_common(st, 4, t.places.s);
	bind_index_common(st, 5, t.topics.s);
	bind_index_common(st, 6, t.tags);
	bind_index_common(st, 7, t.jobs.s);
	if (run(w, st, err) < 0)
		goto out;
	if (run_text(w, W_TITLE_INS, rk, titles.s, t.tags, err) < 0 ||
	    run_text(w, W_STORY_INS, rk, t.story.s, t.tags, err) < 0)
		goto out;
	rc = 0;
out:
	buf_free(&titles);
	index_text_free(&t);
	return rc;
}

static void read_case_row(sqlite3_stmt *st, struct career *c);

/* Take the case stored under rk out of the search indexes. */
static int unindex_case(struct writer *w, int64_t rk, char **err)
{
	struct index_text t;
	struct career old;
	sqlite3_stmt *st = w->st[W_LOAD];
	int rc;

	sqlite3_bind_int64(st, 1, rk);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return set_error(err, "database: %s", rc == SQLITE_DONE ? "case vanished" :
				 sqlite3_errmsg(w->db));
	}
	read_case_row(st, &old);
	sqlite3_reset(st);
	index_text_make(&old, &t);
	career_free(&old);
	rc = -1;
	sqlite3_bind_int64(w->st[W_FTS_DEL], 1, rk);
	if (run(w, w->st[W_FTS_DEL], err) < 0)
		goto out;
	sqlite3_bind_int64(w->st[W_TITLE_DEL], 1, rk);
	if (run(w, w->st[W_TITLE_DEL], err) < 0)
		goto out;
	if (run_text(w, W_STORY_DEL, rk, t.story.s, t.tags, err) < 0)
		goto out;
	rc = 0;
out:
	index_text_free(&t);
	return rc;
}

static char *dump(json_t *j)
{
	char *s = json_dump_string(j, JSON_COMPACT);

	json_decref(j);
	if (s == NULL) {
		fputs("vitrina: out of memory\n", stderr);
		exit(1);
	}
	return s;
}

static char *translations_json(const struct career *c)
{
	json_t *o = json_object();
	int i;

	for (i = 0; i < c->ntranslations; i++) {
		const struct case_text *t = &c->translations[i];
		json_t *e;

		if (seen_lang(c, i))
			continue;
		e = json_pack("{s:s, s:s, s:s, s:s}", "title", t->title ? t->title : "",
			      "summary", t->summary ? t->summary : "", "story",
			      t->story ? t->story : "", "quote", t->quote ? t->quote : "");
		case_text_lists_json(e, t);
		json_object_set_new(o, t->lang, e);
	}
	return dump(o);
}

static int put_case(struct writer *w, const struct career *c, char **err)
{
	const struct municipality *m = municipality_find(c->municipality);
	sqlite3_stmt *st;
	int64_t old_rk = 0, rk, a, b;
	char *path, *skills, *jobs, *tr;
	int found, rc;

	if (c->deleted)
		return catalogue_delete_case(w->db, c->id, err);
	if (m == NULL || c->text.title == NULL || c->person == NULL)
		return set_error(err, "case %s: incomplete", c->id);
	sqlite3_bind_text(w->st[W_FIND], 1, c->id, -1, SQLITE_TRANSIENT);
	found = run_int(w, w->st[W_FIND], &old_rk, err);
	if (found < 0)
		return -1;
	if (found) {
		rk = old_rk % RK_REST + (c->featured ? 0 : RK_REST);
		if (unindex_case(w, old_rk, err) < 0)
			return -1;
	} else {
		if (run_int(w, w->st[W_MAXRK], &a, err) < 0)
			return -1;
		sqlite3_bind_int64(w->st[W_MAXFEAT], 1, RK_REST);
		if (run_int(w, w->st[W_MAXFEAT], &b, err) < 0)
			return -1;
		a %= RK_REST;
		rk = (a > b ? a : b) + 1 + (c->featured ? 0 : RK_REST);
	}
	path = dump(career_path_json(c->path, c->npath));
	skills = dump(career_strings_json(c->skills, c->nskills));
	jobs = dump(career_strings_json(c->jobs, c->njobs));
	tr = translations_json(c);
	st = w->st[W_UPSERT];
	sqlite3_bind_int64(st, 1, rk);
	db_bind_text(st, 2, c->id);
	db_bind_text(st, 3, c->municipality);
	db_bind_text(st, 4, m->county);
	sqlite3_bind_int(st, 5, c->area);
	sqlite3_bind_int(st, 6, (int)c->themes);
	sqlite3_bind_int(st, 7, c->featured);
	sqlite3_bind_int(st, 8, c->contact_allowed);
	sqlite3_bind_int(st, 9, c->age);
	sqlite3_bind_int64(st, 10, c->seq);
	bind_index_common(st, 11, c->updated_at);
	bind_index_common(st, 12, c->text.lang);
	bind_index_common(st, 13, c->slug);
	bind_index_common(st, 14, c->person);
	bind_index_common(st, 15, c->organisation);
	bind_index_common(st, 16, c->partner_id);
	bind_index_common(st, 17, c->text.title);
	bind_index_common(st, 18, c->text.quote);
	bind_index_common(st, 19, c->text.summary);
	sqlite3_bind_text(st, 20, path, -1, free);
	sqlite3_bind_text(st, 21, skills, -1, free);
	sqlite3_bind_text(st, 22, tr, -1, free);
	bind_index_common(st, 23, c->text.story);
	sqlite3_bind_text(st, 24, jobs, -1, free);
	sqlite3_bind_text(st, 25, dump(career_qa_json(c)), -1, free);
	sqlite3_bind_int64(st, 26, c->inspired);
	sqlite3_bind_int64(st, 27, c->inspired_90d);
	rc = run(w, st, err);
	if (rc == 0)
		rc = index_case(w, c, rk, err);
	return rc;
}

static int put_partner(struct writer *w, const struct partner *p, char **err)
{
	const struct municipality *m = municipality_find(p->municipality);
	struct buf places = {0}, name = {0}, desc = {0};
	sqlite3_stmt *st;
	char *tr;
	int64_t rk;
	int found;

	if (p->deleted)
		return catalogue_delete_partner(w->db, p->id, err);
	if (m == NULL || p->name == NULL)
		return set_error(err, "partner %s: incomplete", p->id);
	sqlite3_bind_text(w->st[W_PFIND], 1, p->id, -1, SQLITE_TRANSIENT);
	found = run_int(w, w->st[W_PFIND], &rk, err);
	if (found < 0)
		return -1;
	if (found) {
		sqlite3_bind_int64(w->st[W_PFTS_DEL], 1, rk);
		if (run(w, w->st[W_PFTS_DEL], err) < 0)
			return -1;
	}
	add_folded(&name, p->name);
	add_folded(&desc, p->description);
	add_places(&places, p->municipality);
	st = w->st[W_PUPSERT];
	db_bind_text(st, 1, p->id);
	db_bind_text(st, 2, p->municipality);
	sqlite3_bind_int(st, 3, (int)p->offers);
	sqlite3_bind_int(st, 4, p->contact_allowed);
	sqlite3_bind_int64(st, 5, p->seq);
	db_bind_text(st, 6, p->name);
	bind_index_common(st, 7, name.s);
	bind_index_common(st, 8, p->description);
	tr = dump(partner_translations_json(p));
	db_bind_text(st, 9, tr);
	found = run_int(w, st, &rk, err);
	free(tr);
	if (found > 0) {
		st = w->st[W_PFTS_INS];
		sqlite3_bind_int64(st, 1, rk);
		bind_index_common(st, 2, name.s);
		bind_index_common(st, 3, desc.s);
		bind_index_common(st, 4, places.s);
		found = run(w, st, err);
	} else if (found == 0) {
		found = set_error(err, "database: partner %s was not stored", p->id);
	}
	buf_free(&places);
	buf_free(&name);
	buf_free(&desc);
	return found < 0 ? -1 : 0;
}

int catalogue_put_case(sqlite3 *db, const struct career *c, char **err)
{
	struct writer w;
	int rc;

	if (writer_open(&w, db, err) < 0)
		return -1;
	rc = put_case(&w, c, err);
	writer_close(&w);
	return rc;
}

int catalogue_put_partner(sqlite3 *db, const struct partner *p, char **err)
{
	struct writer w;
	int rc;

	if (writer_open(&w, db, err) < 0)
		return -1;
	rc = put_partner(&w, p, err);
	writer_close(&w);
	return rc;
}

int catalogue_delete_case(sqlite3 *db, const char *id, char **err)
{
	struct writer w;
	int64_t rk;
	int rc;

	if (writer_open(&w, db, err) < 0)
		return -1;
	bind_id(w.st[W_FIND], id);
	rc = run_int(&w, w.st[W_FIND], &rk, err);
	if (rc > 0) {
		rc = unindex_case(&w, rk, err);
		if (rc == 0) {
			sqlite3_bind_int64(w.st[W_DEL_CASE], 1, rk);
			rc = run(&w, w.st[W_DEL_CASE], err);
		}
	}
	writer_close(&w);
	return rc < 0 ? -1 : 0;
}

int catalogue_delete_partner(sqlite3 *db, const char *id, char **err)
{
	struct writer w;
	int64_t rk;
	int rc;

	if (writer_open(&w, db, err) < 0)
		return -1;
	bind_id(w.st[W_PFIND], id);
	rc = run_int(&w, w.st[W_PFIND], &rk, err);
	if (rc > 0) {
		sqlite3_bind_int64(w.st[W_PFTS_DEL], 1, rk);
		rc = run(&w, w.st[W_PFTS_DEL], err);
		if (rc == 0) {
			sqlite3_bind_int64(w.st[W_PDEL], 1, rk);
			rc = run(&w, w.st[W_PDEL], err);
		}
	}
	writer_close(&w);
	return rc < 0 ? -1 : 0;
}

int catalogue_bulk(sqlite3 *db, bool on, char **err)
{
	static const char start[] =
		"INSERT INTO case_fts(case_fts, rank) VALUES('automerge', 0);"
		"INSERT INTO title_fts(title_fts, rank) VALUES('automerge', 0);"
		"INSERT INTO story_fts(story_fts, rank) VALUES('automerge', 0);";
	static const char end[] =
		"INSERT INTO case_fts(case_fts) VALUES('optimize');"
		"INSERT INTO title_fts(title_fts) VALUES('optimize');"
		"INSERT INTO story_fts(story_fts) VALUES('optimize');"
		"INSERT INTO case_fts(case_fts, rank) VALUES('automerge', 4);"
		"INSERT INTO title_fts(title_fts, rank) VALUES('automerge', 4);"
		"INSERT INTO story_fts(story_fts, rank) VALUES('automerge', 4);";

	return db_exec(db, on ? start : end, err);
}

int catalogue_bulk_active(sqlite3 *db)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT v FROM case_fts_config WHERE k = 'automerge'",
				      NULL);
	int on = 0;

	if (st != NULL && sqlite3_step(st) == SQLITE_ROW)
		on = sqlite3_column_int(st, 0) == 0;
	sqlite3_finalize(st);
	return on;
}

int catalogue_put_set(sqlite3 *db, const struct catalogue_set *s, char **err)
{
	struct writer w;
	int64_t have = 0;
	int i, own = sqlite3_get_autocommit(db), bulk = 0;

	if (own && db_begin(db, err) < 0)
		return -1;
	if (s->ncases >= 1000) {
		if (catalogue_count(db, &have, err) < 0)
			goto fail;
		bulk = s->ncases * 2 >= have && !catalogue_bulk_active(db);
	}
	if (bulk && catalogue_bulk(db, true, err) < 0)
		goto fail;
	if (writer_open(&w, db, err) < 0)
		goto fail;
	/* Partners first: cases may name them. */
	for (i = 0; i < s->npartners; i++) {
		if (put_partner(&w, &s->partners[i], err) < 0)
			goto fail_w;
	}
	for (i = 0; i < s->ncases; i++) {
		if (put_case(&w, &s->cases[i], err) < 0)
			goto fail_w;
	}
	for (i = 0; i < s->nguides; i++) {
		if (guides_put(db, &s->guides[i], err) < 0)
			goto fail_w;
	}
	writer_close(&w);
	if (bulk && catalogue_bulk(db, false, err) < 0)
		goto fail;
	if (own && db_commit(db, err) < 0)
		goto fail;
	return 0;
fail_w:
	writer_close(&w);
fail:
	if (own)
		db_rollback(db);
	return -1;
}

/* ---- reading ---- */

static void copy_fixed(char *dst, size_t size, const unsigned char *s)
{
	snprintf(dst, size, "%s", s ? (const char *)s : "");
}

static char *col(sqlite3_stmt *st, int i)
{
	char *s = db_column_strdup(st, i);

	return s ? s : xstrdup("");
}

static const char *jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* A JSON path list into *out and *n (nothing if it is not a list). */
static void read_path(json_t *j, struct path_step **out, int *n)
{
	json_t *e;
	size_t i;

	if (!json_is_array(j) || json_array_size(j) == 0)
		return;
	*out = xcalloc(json_array_size(j), sizeof **out);
	json_array_foreach(j, i, e) {
		(*out)[i].year = (int)json_integer_value(json_object_get(e, "year"));
		(*out)[i].step = xstrdup(jstr(e, "step"));
	}
	*n = (int)json_array_size(j);
}

/* A JSON list of strings into *out and *n. */
static void read_strings(json_t *j, char ***out, int *n)
{
	json_t *e;
	size_t i;

	if (!json_is_array(j) || json_array_size(j) == 0)
		return;
	*out = xcalloc(json_array_size(j), sizeof **out);
	json_array_foreach(j, i, e)
		(*out)[i] = xstrdup(json_string_value(e) ? json_string_value(e) : "");
	*n = (int)json_array_size(j);
}

static json_t *column_json(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s != NULL ? json_loads(s, 0, NULL) : NULL;
}

static void read_translations(json_t *j, struct career *c)
{
	const char *lang;
	json_t *e;

	if (!json_is_object(j) || json_object_size(j) == 0)
		return;
	c->translations = xcalloc(json_object_size(j), sizeof *c->translations);
	json_object_foreach(j, lang, e) {
		struct case_text *t = &c->translations[c->ntranslations++];

		snprintf(t->lang, sizeof t->lang, "%s", lang);
		t->title = xstrdup(jstr(e, "title"));
		t->summary = xstrdup(jstr(e, "summary"));
		t->story = xstrdup(jstr(e, "story"));
		t->quote = xstrdup(jstr(e, "quote"));
		read_path(json_object_get(e, "path"), &t->path, &t->npath);
		read_strings(json_object_get(e, "skills"), &t->skills, &t->nskills);
		read_strings(json_object_get(e, "jobs"), &t->jobs, &t->njobs);
	}
}

/* The stored qa (written by put_case from checked text) into c. */
static void read_qa(json_t *j, struct career *c)
{
	json_t *e;
	size_t i;

	if (!json_is_array(j) || json_array_size(j) == 0)
		return;
	c->qa = xcalloc(json_array_size(j), sizeof *c->qa);
	json_array_foreach(j, i, e) {
		struct case_qa *q = &c->qa[c->nqa++];

		copy_fixed(q->id, sizeof q->id, (const unsigned char *)jstr(e, "id"));
		q->question = xstrdup(jstr(e, "question"));
		q->answer = xstrdup(jstr(e, "answer"));
		q->answered_by = xstrdup(jstr(e, "answered_by"));
		copy_fixed(q->age_group, sizeof q->age_group,
			   (const unsigned char *)jstr(e, "age_group"));
		copy_fixed(q->published_at, sizeof q->published_at,
			   (const unsigned char *)jstr(e, "published_at"));
		copy_fixed(q->lang, sizeof q->lang, (const unsigned char *)jstr(e, "lang"));
	}
}

static void read_case_row(sqlite3_stmt *st, struct career *c)
{
	json_t *j;

	memset(c, 0, sizeof *c);
	copy_fixed(c->id, sizeof c->id, sqlite3_column_text(st, 0));
	copy_fixed(c->municipality, sizeof c->municipality, sqlite3_column_text(st, 1));
	c->area = sqlite3_column_int(st, 2);
	c->themes = (unsigned)sqlite3_column_int(st, 3);
	c->featured = sqlite3_column_int(st, 4) != 0;
	c->contact_allowed = sqlite3_column_int(st, 5) != 0;
	c->age = sqlite3_column_int(st, 6);
	c->seq = sqlite3_column_int64(st, 7);
	copy_fixed(c->updated_at, sizeof c->updated_at, sqlite3_column_text(st, 8));
	copy_fixed(c->text.lang, sizeof c->text.lang, sqlite3_column_text(st, 9));
	c->slug = col(st, 10);
	c->person = col(st, 11);
	c->organisation = col(st, 12);
	copy_fixed(c->partner_id, sizeof c->partner_id, sqlite3_column_text(st, 13));
	c->text.title = col(st, 14);
	c->text.quote = col(st, 15);
	c->text.summary = col(st, 16);
	c->text.story = col(st, 20);

	j = column_json(st, 17);
	read_path(j, &c->path, &c->npath);
	json_decref(j);
	j = column_json(st, 18);
	read_strings(j, &c->skills, &c->nskills);
	json_decref(j);
	j = column_json(st, 21);
	read_strings(j, &c->jobs, &c->njobs);
	json_decref(j);
	j = column_json(st, 19);
	read_translations(j, c);
	json_decref(j);
	j = column_json(st, 22);
	read_qa(j, c);
	json_decref(j);
	c->inspired = sqlite3_column_int64(st, 23);
	c->inspired_90d = sqlite3_column_int64(st, 24);
}

/* Run st (bound by the caller) and collect every row into an array of items of the given
 * size, each filled by read_row; on a database error free what was read with free_row, set
 * *out to NULL and *n to 0. Returns the last sqlite3_step() result (SQLITE_DONE when all
 * went well). */
static int collect_rows(sqlite3 *db, sqlite3_stmt *st, size_t size,
			void (*read_row)(sqlite3_stmt *, void *), void (*free_row)(void *),
			void **out, int *n, char **err)
{
	char *items = NULL;
	int rc, cap = 0;

	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			items = xrealloc(items, (size_t)cap * size);
		}
		read_row(st, items + (size_t)(*n)++ * size);
	}
	if (rc != SQLITE_DONE) {
		set_error(err, "database: %s", sqlite3_errmsg(db));
		while (*n > 0)
			free_row(items + (size_t)--*n * size);
		free(items);
		items = NULL;
	}
	*out = items;
	return rc;
}

static void case_row_read(sqlite3_stmt *st, void *item)
{
	read_case_row(st, item);
}

static void case_row_free(void *item)
{
	career_free(item);
}

/* Run st (bound by the caller) and collect every row as a case. */
static int read_cases(sqlite3 *db, sqlite3_stmt *st, struct career **out, int *n, char **err)
{
	void *items;
	int rc = collect_rows(db, st, sizeof **out, case_row_read, case_row_free, &items, n,
			      err);

	*out = items;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A statement of a screen's read: a catalogue swapped in by another process (the sync's
 * snapshot) is picked up first, so a running kiosk shows it without a restart. */
static sqlite3_stmt *reader(sqlite3 *db, const char *sql, char **err)
{
	db_catalogue_refresh(db);
	return db_prepare(db, sql, err);
}

int catalogue_get_case(sqlite3 *db, const char *id, struct career *out, char **err)
{
	sqlite3_stmt *st = reader(db, "SELECT " CASE_COLUMNS " FROM cases WHERE id = ?1",
				      err);
	struct career *all;
	int n, rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	bind_id(st, id);
	rc = read_cases(db, st, &all, &n, err);
	sqlite3_finalize(st);
	if (rc < 0)
		return -1;
	if (n == 0)
		return 0;
	*out = all[0];
	free(all);
	return 1;
}

static void read_partner_translations(json_t *j, struct partner *p)
{
	const char *lang;
	json_t *e;

	if (!json_is_object(j) || json_object_size(j) == 0)
		return;
	p->translations = xcalloc(json_object_size(j), sizeof *p->translations);
	json_object_foreach(j, lang, e) {
		struct partner_text *t = &p->translations[p->ntranslations++];

		snprintf(t->lang, sizeof t->lang, "%s", lang);
		t->name = xstrdup(jstr(e, "name"));
		t->description = xstrdup(jstr(e, "description"));
	}
}

static void read_partner_row(sqlite3_stmt *st, struct partner *p)
{
	json_t *j;

	memset(p, 0, sizeof *p);
	copy_fixed(p->id, sizeof p->id, sqlite3_column_text(st, 0));
	copy_fixed(p->municipality, sizeof p->municipality, sqlite3_column_text(st, 1));
	p->offers = (unsigned)sqlite3_column_int(st, 2);
	p->contact_allowed = sqlite3_column_int(st, 3) != 0;
	p->seq = sqlite3_column_int64(st, 4);
	p->name = col(st, 5);
	p->description = col(st, 6);
	j = column_json(st, 7);
	read_partner_translations(j, p);
	json_decref(j);
}

static void partner_row_read(sqlite3_stmt *st, void *item)
{
	read_partner_row(st, item);
}

static void partner_row_free(void *item)
{
	partner_free(item);
}

int catalogue_read_partners(sqlite3 *db, sqlite3_stmt *st, struct partner **out, int *n,
			    char **err)
{
	void *items;
	int rc = collect_rows(db, st, sizeof **out, partner_row_read, partner_row_free, &items,
			      n, err);

	*out = items;
	if (rc == SQLITE_DONE)
		return 0;
	return rc == SQLITE_INTERRUPT ? 1 : -1;
}

int catalogue_get_partner(sqlite3 *db, const char *id, struct partner *out, char **err)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " PARTNER_COLUMNS " FROM partners"
				      " WHERE id = ?1", err);
	struct partner *all;
	int n, rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	bind_id(st, id);
	rc = catalogue_read_partners(db, st, &all, &n, err);
	sqlite3_finalize(st);
	if (rc != 0)
		return -1;
	if (n == 0)
		return 0;
	*out = all[0];
	free(all);
	return 1;
}

int catalogue_featured(sqlite3 *db, int limit, struct career **out, int *n, char **err)
{
	sqlite3_stmt *st = reader(db, "SELECT " CASE_COLUMNS " FROM cases WHERE rk < ?1"
				      " ORDER BY rk LIMIT ?2", err);
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, RK_REST);
	sqlite3_bind_int(st, 2, limit);
	rc = read_cases(db, st, out, n, err);
	sqlite3_finalize(st);
	return rc;
}

int catalogue_picks(sqlite3 *db, const char *county, int limit, struct career **out, int *n,
		    char **err)
{
	sqlite3_stmt *st = reader(db, "SELECT " CASE_COLUMNS " FROM cases"
				      " WHERE inspired_90d > 0 AND (?1 = '' OR county = ?1)"
				      " ORDER BY inspired_90d DESC, rk LIMIT ?2", err);
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, county != NULL ? county : "");
	sqlite3_bind_int(st, 2, limit);
	rc = read_cases(db, st, out, n, err);
	sqlite3_finalize(st);
	return rc;
}

int catalogue_partner_cases(sqlite3 *db, const char *partner_id, int limit,
			    struct career **out, int *n, char **err)
{
	/* No index on partner_id: a partner's page reads the table once, which stays a
	 * few milliseconds even for a large catalogue. */
	sqlite3_stmt *st = db_prepare(db, "SELECT " CASE_COLUMNS " FROM cases"
				      " WHERE partner_id = ?1 AND partner_id != ''"
				      " ORDER BY rk, id LIMIT ?2", err);
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, partner_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, limit);
	rc = read_cases(db, st, out, n, err);
	sqlite3_finalize(st);
	return rc;
}

int catalogue_partners(sqlite3 *db, struct partner **out, int *n, char **err)
{
	sqlite3_stmt *st = reader(db, "SELECT " PARTNER_COLUMNS " FROM partners"
				      " ORDER BY sort_key, id", err);
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	rc = catalogue_read_partners(db, st, out, n, err);
	sqlite3_finalize(st);
	return rc != 0 ? -1 : 0;
}

int catalogue_related(sqlite3 *db, const struct career *c, int limit, struct career **out,
		      int *n, char **err)
{
	/* Same county and a shared theme first, then a shared theme, then the same county;
	 * each in search order, each stopping as soon as it has enough. */
	static const char *const sql[] = {
		"SELECT " CASE_COLUMNS " FROM cases WHERE county = ?1 AND (themes & ?2) != 0"
		" AND id != ?3 ORDER BY rk LIMIT ?4",
		"SELECT " CASE_COLUMNS " FROM cases WHERE county != ?1 AND (themes & ?2) != 0"
		" AND id != ?3 ORDER BY rk LIMIT ?4",
		"SELECT " CASE_COLUMNS " FROM cases WHERE county = ?1 AND (themes & ?2) = 0"
		" AND id != ?3 ORDER BY rk LIMIT ?4",
	};
	const struct municipality *m = municipality_find(c->municipality);
	struct career *part;
	int i, k, np;

	*out = NULL;
	*n = 0;
	for (i = 0; i < 3 && *n < limit; i++) {
		sqlite3_stmt *st = db_prepare(db, sql[i], err);

		if (st == NULL)
			goto fail;
		db_bind_text(st, 1, m ? m->county : "");
		sqlite3_bind_int(st, 2, (int)c->themes);
		db_bind_text(st, 3, c->id);
		sqlite3_bind_int(st, 4, limit - *n);
		k = read_cases(db, st, &part, &np, err);
		sqlite3_finalize(st);
		if (k < 0)
			goto fail;
		if (np > 0) {
			*out = xrealloc(*out, (size_t)(*n + np) * sizeof **out);
			memcpy(*out + *n, part, (size_t)np * sizeof *part);
			*n += np;
		}
		free(part);
	}
	return 0;
fail:
	while (*n > 0)
		career_free(&(*out)[--*n]);
	free(*out);
	*out = NULL;
	return -1;
}

int catalogue_count(sqlite3 *db, int64_t *n, char **err)
{
	sqlite3_stmt *st = reader(db, "SELECT count(*) FROM cases", err);
	int rc;

	*n = 0;
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	return 0;
}

int catalogue_empty(sqlite3 *db, char **err)
{
	sqlite3_stmt *st = reader(db, "SELECT 1 FROM cases LIMIT 1", err);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return set_error(err, "database: %s", sqlite3_errmsg(db));
	return rc == SQLITE_DONE;
}

int catalogue_check_index(sqlite3 *db, char **err)
{
	static const char *const tables[] = {"case_fts", "title_fts", "story_fts",
					     "partner_fts"};
	static const char *const counts[] = {
		"SELECT (SELECT count(*) FROM cases) - (SELECT count(*) FROM case_fts)",
		"SELECT (SELECT count(*) FROM cases) - (SELECT count(*) FROM title_fts)",
		"SELECT (SELECT count(*) FROM cases) -"
		" (SELECT count(*) FROM story_fts WHERE story_fts MATCH '\"_all\"')",
		"SELECT (SELECT count(*) FROM cases) -"
		" (SELECT count(*) FROM case_fts WHERE case_fts MATCH '\"_all\"')",
		"SELECT (SELECT count(*) FROM partners) - (SELECT count(*) FROM partner_fts)",
		"SELECT count(*) FROM case_fts WHERE rowid NOT IN (SELECT rk FROM cases)",
		"SELECT count(*) FROM partner_fts WHERE rowid NOT IN (SELECT rk FROM partners)",
	};
	size_t i;

	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		char *sql = xasprintf("INSERT INTO %s(%s, rank) VALUES('integrity-check', 1)",
				      tables[i], tables[i]);
		int rc = db_exec(db, sql, err);

		free(sql);
		if (rc < 0)
			return -1;
	}
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		sqlite3_stmt *st = db_prepare(db, counts[i], err);
		int64_t v = -1;

		if (st == NULL)
			return -1;
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (v != 0)
			return set_error(err, "search index out of step with the catalogue (%s)",
					 counts[i]);
	}
	return 0;
}
