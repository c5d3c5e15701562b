/* The interest quiz: a few short questions, each answered with one key (its digit) or
 * one touch, then the stories that fit the answers best, each with a line on why. Esc
 * goes back a question. The answers are forgotten when the screen is left; only that a
 * quiz was done is counted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "config.h"
#include "counters.h"
#include "i18n.h"
#include "quiz.h"
#include "regions.h"
#include "screens.h"
#include "util.h"

#define RESULTS 20

struct result {
	struct career c;
	struct quiz_match m;
};

struct quiz_screen {
	struct quiz quiz;
	char *error;                    /* the quiz cannot be shown: why (for a librarian) */
	int at;                         /* the question shown; quiz.n: the results */
	int chosen[QUIZ_MAX_QUESTIONS];
	struct result *results;
	int nresults;
	struct ui_list list;
	bool counted;                   /* this quiz is counted as done */
	char open_id[37];
};

static void draw_answer(struct ui *ui, void *ctx, int i, int y, int x, int w, bool selected)
{
	struct quiz_screen *s = ctx;
	const struct quiz_answer *a = &s->quiz.q[s->at].answers[i];

	(void)selected;
	ui_textf(ui, y, x, 3, UI_HEADING, "%d", i + 1);
	ui_text_wrap(ui, y, x + 3, 2, w - 3, UI_TITLE, quiz_text(&a->text, i18n_language()));
}

/* A story: its title and town, then why it fits on up to two rows. */
static void draw_result(struct ui *ui, void *ctx, int i, int y, int x, int w, bool selected)
{
	struct quiz_screen *s = ctx;
	const struct result *r = &s->results[i];
	const struct municipality *m = municipality_find(r->c.municipality);
	const char *town = m != NULL ? municipality_name(m, i18n_language()) : "";
	char *why = quiz_why(&s->quiz, s->chosen, &r->m, i18n_language());
	char *line = xasprintf(_("You chose: %s"), why);
	int tw = ui_width(town);

	(void)selected;
	if (tw > w / 3)
		tw = w / 3;
	ui_text_at(ui, y, x, w - tw - 1, UI_TITLE, career_text(&r->c, i18n_language())->title);
	ui_text_at(ui, y, x + w - tw, tw, UI_DIM, town);
	if (why[0] != '\0')
		ui_text_wrap(ui, y + 1, x + 2, 2, w - 2, UI_DIM, line);
	free(line);
	free(why);
}

/* The kiosk's county (from home_municipality), "" when it does not know. */
static const char *home_county(const struct ui *ui)
{
	const struct municipality *m = ui->cfg != NULL && ui->cfg->home_municipality != NULL ?
		municipality_find(ui->cfg->home_municipality) : NULL;

	return m != NULL ? m->county : "";
}

static void show_question(struct quiz_screen *s)
{
	s->list = (struct ui_list){.n = s->quiz.q[s->at].n, .row_h = 2,
				   .draw_row = draw_answer, .ctx = s};
	if (s->chosen[s->at] >= 0)
		s->list.sel = s->chosen[s->at];
}

static void results_free(struct quiz_screen *s)
{
	int i;

	for (i = 0; i < s->nresults; i++)
		career_free(&s->results[i].c);
	free(s->results);
	s->results = NULL;
	s->nresults = 0;
}

/* Rank the stories by the answers, and count a quiz done. */
static void show_results(struct ui *ui, struct quiz_screen *s)
{
	struct quiz_match *m = NULL;
	int n = 0, i;

	results_free(s);
	if (quiz_rank(ui->db, &s->quiz, s->chosen, home_county(ui), RESULTS, &m, &n, NULL) < 0)
		n = 0;
	s->results = xcalloc((size_t)n + 1, sizeof *s->results);
	for (i = 0; i < n; i++) {
		struct result *r = &s->results[s->nresults];

		if (catalogue_get_case(ui->db, m[i].id, &r->c, NULL) != 1)
			continue;
		r->m = m[i];
		s->nresults++;
	}
	free(m);
	s->list = (struct ui_list){.n = s->nresults, .row_h = 3, .draw_row = draw_result,
				   .ctx = s};
	/* once, however often the answers are changed afterwards */
	if (!s->counted)
		counters_add(ui->db, "quiz_done", NULL, 1, NULL);
	s->counted = true;
}

static void *enter(struct ui *ui, const char *arg)
{
	struct quiz_screen *s = xcalloc(1, sizeof *s);
	const char *path = ui->cfg != NULL ? ui->cfg->quiz_file : NULL;

	(void)arg;
	memset(s->chosen, -1, sizeof s->chosen);
	if (path == NULL)
		s->error = xstrdup("no quiz file (quiz_file)");
	else if (quiz_load(path, &s->quiz, &s->error) == 0)
		show_question(s);
	return s;
}

static void leave(struct ui *ui, void *st)
{
	struct quiz_screen *s = st;

	(void)ui;
	results_free(s);
	quiz_free(&s->quiz);
	free(s->error);
	free(s);
}

static void draw_question(struct ui *ui, struct quiz_screen *s)
{
	const char *text = quiz_text(&s->quiz.q[s->at].text, i18n_language());
	int w = ui->cols > 90 ? 70 : ui->cols - 8;
	int y = 3 + ui_text_wrap(ui, 3, (ui->cols - w) / 2, 3, w, UI_TITLE, text);

	ui_textf(ui, 1, 1, ui->cols - 2, UI_DIM, _("Question %d of %d. Press a number or touch "
						   "an answer."), s->at + 1, s->quiz.n);
	ui_title(ui, text);
	ui_list_draw(ui, &s->list, y + 1, (ui->cols - w) / 2, ui->rows - y - 3, w);
}

static void draw_results(struct ui *ui, struct quiz_screen *s)
{
	ui_title(ui, _("Stories that fit you"));
	if (s->nresults == 0) {
		ui_text_wrap(ui, 3, 2, 4, ui->cols - 4, UI_NORMAL, _("No story fits these answers "
			     "yet. Press Esc to change an answer, or try the search."));
		return;
	}
	ui_text(ui, 1, 1, ui->cols - 2, UI_DIM, _("The best fit first. Press Enter or touch "
						  "a story to read it."));
	ui_list_draw(ui, &s->list, 3, 1, ui->rows - 4, ui->cols - 2);
}

static void draw(struct ui *ui, void *st)
{
	static const struct ui_key keys[] = {
		{ACT_OPEN, N_("Choose")}, {ACT_BACK, NULL}, {ACT_HELP, NULL}, {ACT_LANG, NULL},
		{ACT_HOME, NULL},
	};
	struct quiz_screen *s = st;
	bool done = s->error == NULL && s->at >= s->quiz.n;

	ui_fill(ui, 0, 0, 1, ui->cols, UI_BAR);
	ui_text_at(ui, 0, 1, ui->cols - 2, UI_BAR, done ? _("Stories that fit you")
		   : _("Interest quiz"));
	if (s->error != NULL) {
		ui_title(ui, _("Interest quiz"));
		ui_text_wrap(ui, 3, 2, 4, ui->cols - 4, UI_NORMAL, _("The quiz is not available "
			     "on this kiosk right now. Please ask a librarian."));
		ui_text_wrap(ui, 7, 2, 4, ui->cols - 4, UI_DIM, s->error);
	} else if (done) {
		draw_results(ui, s);
	} else {
		draw_question(ui, s);
	}
	ui_keybar(ui, keys, (int)(sizeof keys / sizeof keys[0]));
}

/* Answer the question shown with answer a: the next question, or the results. */
static struct ui_result answer(struct ui *ui, struct quiz_screen *s, int a)
{
	s->chosen[s->at++] = a;
	if (s->at < s->quiz.n)
		show_question(s);
	else
		show_results(ui, s);
	return ui_redraw();
}

static struct ui_result question_key(struct ui *ui, struct quiz_screen *s,
				     const struct ui_event *ev)
{
	if (ev->act == ACT_CHAR && ev->ch >= '1' && ev->ch < '1' + (uint32_t)s->list.n)
		return answer(ui, s, (int)(ev->ch - '1'));
	switch (ui_list_key(&s->list, ev)) {
	case UI_LIST_OPEN:
		return answer(ui, s, s->list.sel);
	case UI_LIST_MOVED:
		return ui_redraw();
	default:
		return ui_unhandled();
	}
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct quiz_screen *s = st;

	if (s->error != NULL)
		return ui_unhandled();
	if (ev->act == ACT_BACK && s->at > 0) {
		s->at--;
		results_free(s);
		show_question(s);
		return ui_redraw();
	}
	if (s->at < s->quiz.n)
		return question_key(ui, s, ev);
	switch (ui_list_key(&s->list, ev)) {
	case UI_LIST_OPEN:
		snprintf(s->open_id, sizeof s->open_id, "%s", s->results[s->list.sel].c.id);
		return ui_push(&screen_case, s->open_id);
	case UI_LIST_MOVED:
		return ui_redraw();
	default:
		return ui_unhandled();
	}
}

const struct screen screen_quiz = {
	.name = "quiz",
	.enter = enter,
	.draw = draw,
	.key = key,
	.leave = leave,
};
