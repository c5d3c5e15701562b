/* "Near you": stories from the kiosk's home_municipality, then its county, then the
 * neighbouring counties (src/near.h), each row saying where the story is. */
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "i18n.h"
#include "near.h"
#include "regions.h"
#include "screens.h"
#include "util.h"

#define NEAR_LIMIT 500

struct near {
	struct search_result r;
	char *error;
	const char *home;       /* the config's, for as long as the kiosk runs */
	unsigned loaded_gen;
	struct ui_list list;
	char open_id[37];
};

/* Where a story is, as near you sees it: the town, the county, or a neighbouring county. */
static char *where(const char *home, const char *code)
{
	const struct municipality *m = municipality_find(code);
	const struct county *c = m != NULL ? county_find(m->county) : NULL;

	switch (near_band(home, code)) {
	case NEAR_HOME:
		return xstrdup(municipality_name(m, i18n_language()));
	case NEAR_COUNTY:
		return xstrdup(screen_county_name(c));
	case NEAR_NEIGHBOUR:
		return xasprintf(_("%s, a neighbouring county"), screen_county_name(c));
	default:
		return screen_place(code);
	}
}

static void draw_row(struct ui *ui, void *ctx, int i, int y, int x, int w, bool selected)
{
	struct near *s = ctx;
	const struct search_hit *h = &s->r.hits[i];
	char *place = where(s->home, h->municipality);
	int pw = ui_width(place);

	(void)selected;
	if (pw > w / 2)
		pw = w / 2;
	ui_text_at(ui, y, x, w, UI_TITLE, h->title);
	ui_text_at(ui, y + 1, x + 2, w - pw - 4, UI_DIM, h->person);
	ui_text_at(ui, y + 1, x + w - pw, pw, UI_DIM, place);
	free(place);
}

/* Load the list in the UI language (titles are localised). */
static void load(struct ui *ui, struct near *s)
{
	char *err = NULL;

	search_result_free(&s->r);
	free(s->error);
	s->error = NULL;
	if (near_cases(ui->db, s->home, NEAR_LIMIT, &s->r, &err) < 0)
		s->error = err;
	else if (search_localise(ui->db, &s->r, i18n_language(), &err) < 0)
		free(err);
	s->loaded_gen = ui->lang_gen;
	s->list.n = s->r.n;
	if (s->list.sel >= s->list.n)
		s->list.sel = 0;
}

static void *enter(struct ui *ui, const char *arg)
{
	struct near *s = xcalloc(1, sizeof *s);

	(void)arg;
	s->home = ui->cfg != NULL ? ui->cfg->home_municipality : NULL;
	s->list.row_h = 2;
	s->list.draw_row = draw_row;
	s->list.ctx = s;
	load(ui, s);
	return s;
}

static void leave(struct ui *ui, void *st)
{
	struct near *s = st;

	(void)ui;
	search_result_free(&s->r);
	free(s->error);
	free(s);
}

static void draw(struct ui *ui, void *st)
{
	static const struct ui_key keys[] = {
		{ACT_OPEN, NULL}, {ACT_BACK, NULL}, {ACT_LANG, NULL}, {ACT_PAGE_DOWN, NULL},
		{ACT_HELP, NULL}, {ACT_HOME, NULL},
	};
	struct near *s = st;
	const struct municipality *m = municipality_find(s->home);
	char *count;

	if (s->loaded_gen != ui->lang_gen)
		load(ui, s);
	count = xasprintf(i18n_nget("%d story", "%d stories", (unsigned long)s->r.n), s->r.n);
	ui_top_bar(ui, _("Near you"), count);
	free(count);
	if (m != NULL)
		ui_textf(ui, 1, 1, ui->cols - 2, UI_DIM,
			 _("From %s first, then its county and the neighbouring counties."),
			 municipality_name(m, i18n_language()));
	if (s->error != NULL)
		ui_text_wrap(ui, 3, 2, 3, ui->cols - 4, UI_ERROR, s->error);
	else if (s->r.n == 0)
		ui_text(ui, 3, 2, ui->cols - 4, UI_NORMAL, _("No stories near here yet."));
	else
		ui_list_draw(ui, &s->list, 3, 1, ui->rows - 4, ui->cols - 2);
	ui_keybar(ui, keys, (int)(sizeof keys / sizeof keys[0]));
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct near *s = st;

	(void)ui;
	switch (ui_list_key(&s->list, ev)) {
	case UI_LIST_OPEN:
		snprintf(s->open_id, sizeof s->open_id, "%s", s->r.hits[s->list.sel].id);
		return ui_push(&screen_case, s->open_id);
	case UI_LIST_MOVED:
		return ui_redraw();
	default:
		return ui_unhandled();
	}
}

const struct screen screen_near = {
	.name = "near",
	.enter = enter,
	.draw = draw,
	.key = key,
	.leave = leave,
};
