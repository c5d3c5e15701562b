/* "Featured stories": the community's choice (the stories of the kiosk's county that
 * inspired visitors most in the last 90 days, by the hub's counts) first, marked, then the
 * stories staff featured. Enter or a touch opens one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "config.h"
#include "i18n.h"
#include "regions.h"
#include "screens.h"
#include "util.h"

#define PICKS_LIMIT    5
#define FEATURED_LIMIT 100

struct picks {
	struct career *cases;           /* the picks, then the featured ones */
	int n, npicks;
	struct ui_list list;
	char open_id[37];
};

static void draw_row(struct ui *ui, void *ctx, int i, int y, int x, int w, bool selected)
{
	struct picks *s = ctx;
	const struct career *c = &s->cases[i];
	char *place = screen_place(c->municipality);
	const char *mark = i < s->npicks ? _("The community's choice") : "";
	int pw = ui_width(place), mw = ui_width(mark);

	(void)selected;
	if (pw > w / 3)
		pw = w / 3;
	if (mw > w / 3)
		mw = w / 3;
	ui_text_at(ui, y, x, w - mw - 1, UI_TITLE, career_text(c, i18n_language())->title);
	ui_text_at(ui, y, x + w - mw, mw, UI_HEADING, mark);
	ui_text_at(ui, y + 1, x + 2, w - pw - 4, UI_DIM, c->person);
	ui_text_at(ui, y + 1, x + w - pw, pw, UI_DIM, place);
	free(place);
}

/* The kiosk's county (from home_municipality), "" for the whole country. */
static const char *home_county(const struct ui *ui)
{
	const struct municipality *m = ui->cfg != NULL && ui->cfg->home_municipality != NULL ?
		municipality_find(ui->cfg->home_municipality) : NULL;

	return m != NULL ? m->county : "";
}

/* The featured cases after the picks, but for those already among them. */
static void add_featured(struct ui *ui, struct picks *s)
{
	struct career *f = NULL;
	int nf = 0, i, k;

	if (catalogue_featured(ui->db, FEATURED_LIMIT, &f, &nf, NULL) < 0)
		return;
	s->cases = xrealloc(s->cases, (size_t)(s->n + nf + 1) * sizeof *s->cases);
	for (i = 0; i < nf; i++) {
		for (k = 0; k < s->npicks && strcmp(s->cases[k].id, f[i].id) != 0; k++)
			;
		if (k < s->npicks)
			career_free(&f[i]);
		else
			s->cases[s->n++] = f[i];
	}
	free(f);
}

static void *enter(struct ui *ui, const char *arg)
{
	struct picks *s = xcalloc(1, sizeof *s);

	(void)arg;
	if (catalogue_picks(ui->db, home_county(ui), PICKS_LIMIT, &s->cases, &s->n, NULL) < 0) {
		s->cases = NULL;
		s->n = 0;
	}
	s->npicks = s->n;
	add_featured(ui, s);
	s->list.n = s->n;
	s->list.row_h = 2;
	s->list.draw_row = draw_row;
	s->list.ctx = s;
	return s;
}

static void leave(struct ui *ui, void *st)
{
	struct picks *s = st;
	int i;

	(void)ui;
	for (i = 0; i < s->n; i++)
		career_free(&s->cases[i]);
	free(s->cases);
	free(s);
}

static void draw(struct ui *ui, void *st)
{
	static const struct ui_key keys[] = {
		{ACT_OPEN, NULL}, {ACT_BACK, NULL}, {ACT_LANG, NULL}, {ACT_PAGE_DOWN, NULL},
		{ACT_HELP, NULL}, {ACT_HOME, NULL},
	};
	struct picks *s = st;

	ui_top_bar(ui, _("Featured stories"), NULL);
	if (s->npicks > 0)
		ui_text(ui, 1, 1, ui->cols - 2, UI_DIM, _("First the stories that inspired "
							  "visitors here most in the last 90 days."));
	if (s->n == 0)
		ui_text(ui, 3, 2, ui->cols - 4, UI_NORMAL, _("No featured stories yet."));
	else
		ui_list_draw(ui, &s->list, 3, 1, ui->rows - 4, ui->cols - 2);
	ui_keybar(ui, keys, (int)(sizeof keys / sizeof keys[0]));
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct picks *s = st;

	(void)ui;
	switch (ui_list_key(&s->list, ev)) {
	case UI_LIST_OPEN:
		snprintf(s->open_id, sizeof s->open_id, "%s", s->cases[s->list.sel].id);
		return ui_push(&screen_case, s->open_id);
	case UI_LIST_MOVED:
		return ui_redraw();
	default:
		return ui_unhandled();
	}
}

const struct screen screen_picks = {
	.name = "picks",
	.enter = enter,
	.draw = draw,
	.key = key,
	.leave = leave,
};
