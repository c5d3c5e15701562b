/* quiz: the quiz file read and checked, and the stories ranked by the answers they fit. */
#include "quiz.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "db.h"
#include "search.h"
#include "text.h"
#include "util.h"

const char *const quiz_langs[QUIZ_LANGS] = {"lt", "en", "ru", "pl"};

/* Where a check failed, for its message: "FILE: question 2, answer 3". */
struct place {
	const char *file;
	int q, a;                       /* 1-based; 0 none */
};

static int fail(char **err, const struct place *p, const char *what)
{
	if (p->a > 0)
		return set_error(err, "%s: question %d, answer %d: %s", p->file, p->q, p->a, what);
	if (p->q > 0)
		return set_error(err, "%s: question %d: %s", p->file, p->q, what);
	return set_error(err, "%s: %s", p->file, what);
}

/* {"lt": .., "en": .., "ru": .., "pl": ..}, each at most max characters (may_be_empty: ""
 * allowed). */
static int read_text(json_t *o, int max, bool may_be_empty, struct quiz_text *t,
		     const struct place *p, char **err)
{
	int i;

	if (!json_is_object(o))
		return fail(err, p, "a text needs \"lt\", \"en\", \"ru\" and \"pl\"");
	for (i = 0; i < QUIZ_LANGS; i++) {
		const char *s = json_string_value(json_object_get(o, quiz_langs[i]));

		if (s == NULL || (s[0] == '\0' && !may_be_empty))
			return fail(err, p, "a text is missing in one of lt, en, ru, pl");
		t->s[i] = text_sanitize(s, strlen(s), 0);
		if ((int)utf8_len(t->s[i]) > max)
			return fail(err, p, "a text is too long");
	}
	return 0;
}

/* A list of codes (themes, areas) as bits. */
static int read_codes(json_t *list, const char *const *codes, int ncodes, unsigned *bits,
		      const struct place *p, char **err)
{
	size_t i;
	json_t *v;

	*bits = 0;
	if (list == NULL)
		return 0;
	if (!json_is_array(list))
		return fail(err, p, "themes and areas are lists");
	json_array_foreach(list, i, v) {
		int k = code_index(codes, ncodes, json_string_value(v));

		if (k < 0)
			return fail(err, p, "unknown theme or area");
		*bits |= 1u << k;
	}
	return 0;
}

/* "words": plain words of jobs and skills, as one FTS5 expression matching any of them
 * as a prefix in the jobs and topics of a story. */
static int read_words(json_t *list, char **match, const struct place *p, char **err)
{
	struct buf b = {0};
	size_t i;
	json_t *v;

	if (list == NULL)
		return 0;
	if (!json_is_array(list) || json_array_size(list) > QUIZ_MAX_WORDS)
		return fail(err, p, "words is a list of at most 8 words");
	json_array_foreach(list, i, v) {
		char *w = json_is_string(v) ? search_fold(json_string_value(v)) : NULL;
		size_t n = w != NULL ? strlen(w) : 0;

		if (n < 2 || n > 30 || strspn(w, "abcdefghijklmnopqrstuvwxyz0123456789") != n) {
			free(w);
			buf_free(&b);
			return fail(err, p, "a word must be 2 to 30 letters or digits");
		}
		buf_addf(&b, "%s\"%s\"*", i > 0 ? " OR " : "{topics jobs} : (", w);
		free(w);
	}
	if (b.len > 0) {
		buf_addf(&b, ")");
		*match = buf_take(&b);
	}
	return 0;
}

static int read_answer(json_t *o, struct quiz_answer *a, const struct place *p, char **err)
{
	json_t *why = json_object_get(o, "why");

	if (!json_is_object(o))
		return fail(err, p, "an answer is an object");
	if (read_text(json_object_get(o, "text"), QUIZ_MAX_TEXT, false, &a->text, p, err) < 0)
		return -1;
	if (why != NULL && read_text(why, QUIZ_MAX_WHY, true, &a->why, p, err) < 0)
		return -1;
	a->near = json_is_true(json_object_get(o, "near"));
	if (read_codes(json_object_get(o, "themes"), theme_codes, THEME_COUNT, &a->themes, p,
		       err) < 0 ||
	    read_codes(json_object_get(o, "areas"), area_codes, AREA_COUNT, &a->areas, p,
		       err) < 0)
		return -1;
	return read_words(json_object_get(o, "words"), &a->match, p, err);
}

static int read_question(json_t *o, struct quiz_question *q, struct place *p, char **err)
{
	json_t *answers = json_object_get(o, "answers");
	size_t i;
	json_t *v;

	if (read_text(json_object_get(o, "text"), QUIZ_MAX_TEXT, false, &q->text, p, err) < 0)
		return -1;
	if (!json_is_array(answers) || json_array_size(answers) < QUIZ_MIN_ANSWERS ||
	    json_array_size(answers) > QUIZ_MAX_ANSWERS)
		return fail(err, p, "a question has 2 to 4 answers");
	json_array_foreach(answers, i, v) {
		p->a = (int)i + 1;
		if (read_answer(v, &q->answers[q->n++], p, err) < 0)
			return -1;
	}
	p->a = 0;
	return 0;
}

int quiz_load(const char *path, struct quiz *out, char **err)
{
	struct place p = {path, 0, 0};
	json_t *root, *questions, *v;
	json_error_t je;
	char *data;
	size_t len, i;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (read_file(path, QUIZ_MAX_BYTES, &data, &len, err) < 0)
		return -1;
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	free(data);
	if (root == NULL)
		return set_error(err, "%s:%d: %s", path, je.line, je.text);
	questions = json_object_get(root, "questions");
	if (!json_is_array(questions) || json_array_size(questions) < QUIZ_MIN_QUESTIONS ||
	    json_array_size(questions) > QUIZ_MAX_QUESTIONS)
		rc = fail(err, &p, "\"questions\" must be a list of 5 to 7 questions");
	json_array_foreach(questions, i, v) {
		if (rc < 0)
			break;
		p.q = (int)i + 1;
		rc = read_question(v, &out->q[out->n++], &p, err);
	}
	json_decref(root);
	return rc;
}

static void text_free(struct quiz_text *t)
{
	int i;

	for (i = 0; i < QUIZ_LANGS; i++)
		free(t->s[i]);
}

void quiz_free(struct quiz *q)
{
	int i, k;

	for (i = 0; i < q->n; i++) {
		text_free(&q->q[i].text);
		for (k = 0; k < q->q[i].n; k++) {
			text_free(&q->q[i].answers[k].text);
			text_free(&q->q[i].answers[k].why);
			free(q->q[i].answers[k].match);
		}
	}
	memset(q, 0, sizeof *q);
}

const char *quiz_text(const struct quiz_text *t, const char *lang)
{
	int i = code_index(quiz_langs, QUIZ_LANGS, lang);

	if (i < 0 || t->s[i] == NULL)
		i = 1;
	return t->s[i] != NULL ? t->s[i] : "";
}

/* The chosen answer of question i, or NULL. */
static const struct quiz_answer *answer_of(const struct quiz *q, const int *chosen, int i)
{
	return chosen[i] >= 0 && chosen[i] < q->q[i].n ? &q->q[i].answers[chosen[i]] : NULL;
}

/* One column f<i> per question: 1 when the story fits its answer (a theme, the area, the
 * kiosk's county, a word), with parameters from ?(10i+1) on. The story's place, themes
 * and area come from an index, so ranking never reads the stories themselves. */
static void fit_column(struct buf *b, const struct quiz_answer *a, int i)
{
	int p = 10 * i;

	if (a == NULL) {
		buf_addf(b, ", 0 AS f%d", i);
		return;
	}
	buf_addf(b, ", ((themes & ?%d) <> 0 OR ((1 << area) & ?%d) <> 0"
		   " OR (?%d AND county = ?%d)", p + 1, p + 2, p + 3, p + 4);
	if (a->match != NULL)
		buf_addf(b, " OR rk IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ?%d)",
			   p + 5);
	buf_addf(b, ") AS f%d", i);
}

static void bind_answer(sqlite3_stmt *st, const struct quiz_answer *a, int i,
			const char *county)
{
	int p = 10 * i;

	if (a == NULL)
		return;
	sqlite3_bind_int(st, p + 1, (int)a->themes);
	sqlite3_bind_int(st, p + 2, (int)a->areas);
	sqlite3_bind_int(st, p + 3, a->near && county[0] != '\0');
	db_bind_text(st, p + 4, county);
	if (a->match != NULL)
		db_bind_text(st, p + 5, a->match);
}

/* The best limit stories by rk alone (from the index), then their ids. */
static sqlite3_stmt *rank_statement(sqlite3 *db, const struct quiz *q, const int *chosen,
				    const char *county, int limit, char **err)
{
	struct buf b = {0}, sum = {0}, cols = {0};
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < q->n; i++) {
		buf_addf(&sum, "%sf%d", i > 0 ? " + " : "", i);
		buf_addf(&cols, ", f%d", i);
	}
	buf_addf(&b, "SELECT id%s FROM (SELECT rk%s FROM (SELECT rk", cols.s, cols.s);
	for (i = 0; i < q->n; i++)
		fit_column(&b, answer_of(q, chosen, i), i);
	buf_addf(&b, " FROM cases) WHERE %s > 0 ORDER BY %s DESC, rk LIMIT ?%d) AS top"
		 " JOIN cases USING (rk) ORDER BY %s DESC, rk", sum.s, sum.s,
		 10 * QUIZ_MAX_QUESTIONS, sum.s);
	db_catalogue_refresh(db);
	st = db_prepare(db, b.s, err);
	buf_free(&b);
	buf_free(&sum);
	buf_free(&cols);
	if (st == NULL)
		return NULL;
	for (i = 0; i < q->n; i++)
		bind_answer(st, answer_of(q, chosen, i), i, county != NULL ? county : "");
	sqlite3_bind_int(st, 10 * QUIZ_MAX_QUESTIONS, limit);
	return st;
}

int quiz_rank(sqlite3 *db, const struct quiz *q, const int *chosen, const char *county,
	      int limit, struct quiz_match **out, int *n, char **err)
{
	sqlite3_stmt *st = rank_statement(db, q, chosen, county, limit, err);
	int rc, i;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	*out = xcalloc((size_t)(limit > 0 ? limit : 1), sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) {
		struct quiz_match *m = &(*out)[(*n)++];

		snprintf(m->id, sizeof m->id, "%s", (const char *)sqlite3_column_text(st, 0));
		for (i = 0; i < q->n; i++) {
			if (sqlite3_column_int(st, i + 1) != 0) {
				m->fits |= 1u << i;
				m->score++;
			}
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		set_error(err, "database: %s", sqlite3_errmsg(db));
		free(*out);
		*out = NULL;
		*n = 0;
	}
	sqlite3_finalize(st);
	return *out != NULL ? 0 : -1;
}

char *quiz_why(const struct quiz *q, const int *chosen, const struct quiz_match *m,
	       const char *lang)
{
	struct buf b = {0};
	int i;

	buf_adds(&b, "");
	for (i = 0; i < q->n; i++) {
		const struct quiz_answer *a = answer_of(q, chosen, i);
		const char *why = a != NULL ? quiz_text(&a->why, lang) : "";

		if ((m->fits & (1u << i)) != 0 && why[0] != '\0')
			buf_addf(&b, "%s%s", b.len > 0 ? ", " : "", why);
	}
	return buf_take(&b);
}
