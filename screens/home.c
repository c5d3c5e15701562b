/* The home screen: a few big, clear choices (their digits choose directly) and the
 * language choice under them. New choices go last but for Help, so that the digits of
 * the others stay. "Near you" is there only when the kiosk knows where it is
 * (home_municipality). */
#include <stdlib.h>

#include "config.h"
#include "i18n.h"
#include "screens.h"
#include "util.h"

struct choice {
	const char *label;      /* N_() */
	const char *hint;       /* N_() */
	const struct screen *screen;
	const char *arg;
};

static const struct choice choices[] = {
	{N_("Stories by region"), N_("Choose your county and municipality"), &screen_browse,
	 "region"},
	{N_("Stories by theme"), N_("Community, environment, innovation and more"),
	 &screen_browse, "theme"},
	{N_("Search"), N_("Type a name, a place or a word"), &screen_browse, "search"},
	{N_("Near you"), N_("Stories from here first, then further away"), &screen_near, NULL},
	{N_("Featured stories"), N_("Picked by us, and the community's choice"), &screen_picks,
	 NULL},
	{N_("Partner organisations"), N_("Volunteering, internships, mentoring near you"),
	 &screen_partners, NULL},
	{N_("Nominate someone"), N_("Do you know someone who should be here?"),
	 &screen_nominate, NULL},
	{N_("Map of Lithuania"), N_("Choose a county on the map"), &screen_map, NULL},
	{N_("Interest quiz"), N_("A few questions, then the stories that fit you"), &screen_quiz,
	 NULL},
	{N_("Guides and strategies"), N_("Training guides and county youth strategies"),
	 &screen_guides, NULL},
	{N_("Help"), N_("How this screen works"), &screen_help, NULL},
};

#define NCHOICES ((int)(sizeof choices / sizeof choices[0]))

struct home {
	struct ui_list list;
	bool one_line;                          /* label and hint on one row (many choices) */
	const struct choice *shown[NCHOICES];   /* the choices this kiosk offers */
};

static void draw_row(struct ui *ui, void *ctx, int i, int y, int x, int w, bool selected)
{
	struct home *h = ctx;

	const char *hint = _(h->shown[i]->hint);
	int k, lw = 0;

	(void)selected;
	if (i < 9)
		ui_textf(ui, y, x, 3, UI_HEADING, "%d", i + 1);
	ui_text_at(ui, y, x + 3, w - 3, UI_TITLE, _(h->shown[i]->label));
	if (!h->one_line) {
		ui_text_at(ui, y + 1, x + 3, w - 3, UI_DIM, hint);
		return;
	}
	/* The hints in a column after the longest label, each only where it fits whole. */
	for (k = 0; k < h->list.n; k++) {
		if (ui_width(_(h->shown[k]->label)) > lw)
			lw = ui_width(_(h->shown[k]->label));
	}
	if (3 + lw + 2 + ui_width(hint) <= w)
		ui_text_at(ui, y, x + 3 + lw + 2, w - 5 - lw, UI_DIM, hint);
}

static void *enter(struct ui *ui, const char *arg)
{
	struct home *h = xcalloc(1, sizeof *h);
	bool located = ui->cfg != NULL && ui->cfg->home_municipality != NULL;
	int i;

	(void)arg;
	for (i = 0; i < NCHOICES; i++) {
		if (choices[i].screen != &screen_near || located)
			h->shown[h->list.n++] = &choices[i];
	}
	h->list.row_h = 3;
	h->list.draw_row = draw_row;
	h->list.ctx = h;
	return h;
}

static void leave(struct ui *ui, void *st)
{
	(void)ui;
	free(st);
}

static void draw(struct ui *ui, void *st)
{
	static const struct ui_key keys[] = {
		{ACT_OPEN, N_("Choose")}, {ACT_BACK, NULL}, {ACT_HELP, NULL}, {ACT_LANG, NULL},
		{ACT_SEARCH, NULL},
	};
	struct home *h = st;
	const char *centre = ui->cfg != NULL && ui->cfg->centre_name ? ui->cfg->centre_name : "";
	/* The list, then a free row and the languages above the key bar; the row under
	 * the title too when the list needs it. */
	int top = 3, rows = ui->rows - 7, w = ui->cols > 90 ? 70 : ui->cols - 8;
	int lang_y = ui->rows - 3;

	if (rows < h->list.n * 2) {
		top = 2;
		rows++;
	}
	/* Still short (ten choices at 24 rows): the free rows around the languages too. */
	if (rows < h->list.n * 2) {
		rows += 2;
		lang_y++;
	}
	/* More still: a row each, the hint beside the label. */
	h->one_line = rows < h->list.n * 2;
	if (h->one_line) {
		top = 3;
		rows = ui->rows - 7;
		lang_y = ui->rows - 3;
		if (w < ui->cols - 4)
			w = ui->cols - 4;
	}
	h->list.row_h = h->one_line ? 1 : rows >= h->list.n * 3 - 1 ? 3 : 2;
	ui_fill(ui, 0, 0, 1, ui->cols, UI_BAR);
	ui_text_at(ui, 0, 1, ui->cols / 2, UI_BAR, centre);
	ui_text_center(ui, 1, 0, ui->cols, UI_TITLE, _("What would you like to explore?"));
	ui_title(ui, _("What would you like to explore?"));
	ui_list_draw(ui, &h->list, top, (ui->cols - w) / 2, rows, w);
	ui_lang_buttons(ui, lang_y);
	ui_keybar(ui, keys, 5);
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct home *h = st;

	if (ev->act == ACT_LANG)
		return ui_lang_key(ui);
	if (ev->act == ACT_CHAR && ev->ch >= '1' && ev->ch <= '9' &&
	    ev->ch < '1' + (uint32_t)h->list.n) {
		h->list.sel = (int)(ev->ch - '1');
		return ui_push(h->shown[h->list.sel]->screen, h->shown[h->list.sel]->arg);
	}
	switch (ui_list_key(&h->list, ev)) {
	case UI_LIST_OPEN:
		return ui_push(h->shown[h->list.sel]->screen, h->shown[h->list.sel]->arg);
	case UI_LIST_MOVED:
		return ui_redraw();
	default:
		return ui_unhandled();
	}
}

const struct screen screen_home = {
	.name = "home",
	.enter = enter,
	.draw = draw,
	.key = key,
	.leave = leave,
};
