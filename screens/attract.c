/* The attract screen: featured cases in turn with the community's picks (the stories
 * that inspired visitors most in the last 90 days, of the kiosk's county), how to start,
 * the language choice. Any key or touch starts; a letter starts a search with it, a
 * touch on the story shown opens it. */
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "config.h"
#include "counters.h"
#include "i18n.h"
#include "regions.h"
#include "screens.h"
#include "util.h"

#define ROTATE_MS 6000
#define MAX_FEATURED 12
#define MAX_PICKS 3

struct attract {
	struct career *cases;           /* the featured ones, then the picks */
	int n, at, npicks;
	int64_t shown_at;
};

/* The kiosk's county (from home_municipality), "" for the whole country. */
static const char *home_county(const struct ui *ui)
{
	const struct municipality *m = ui->cfg != NULL && ui->cfg->home_municipality != NULL ?
		municipality_find(ui->cfg->home_municipality) : NULL;

	return m != NULL ? m->county : "";
}

/* Add the community's picks that are not featured already after the featured cases. */
static void add_picks(struct ui *ui, struct attract *a)
{
	struct career *p = NULL;
	int np = 0, i, k;

	if (catalogue_picks(ui->db, home_county(ui), MAX_PICKS, &p, &np, NULL) < 0)
		return;
	a->cases = xrealloc(a->cases, (size_t)(a->n + np + 1) * sizeof *a->cases);
	for (i = 0; i < np; i++) {
		for (k = 0; k < a->n - a->npicks && strcmp(a->cases[k].id, p[i].id) != 0; k++)
			;
		if (k < a->n - a->npicks || p[i].featured) {
			career_free(&p[i]);
			continue;
		}
		a->cases[a->n++] = p[i];
		a->npicks++;
	}
	free(p);
}

static void *enter(struct ui *ui, const char *arg)
{
	struct attract *a = xcalloc(1, sizeof *a);
	char *err = NULL;

	(void)arg;
	if (catalogue_featured(ui->db, MAX_FEATURED, &a->cases, &a->n, &err) < 0) {
		a->cases = NULL;
		a->n = 0;
	}
	free(err);
	add_picks(ui, a);
	a->shown_at = ui->now_ms;
	return a;
}

static void leave(struct ui *ui, void *st)
{
	struct attract *a = st;
	int i;

	(void)ui;
	for (i = 0; i < a->n; i++)
		career_free(&a->cases[i]);
	free(a->cases);
	free(a);
}

/* The case i of the attract state: drawn in a box that opens it when touched (a click
 * there arrives with tag i), titled as featured or as the community's choice. */
static void draw_case(struct ui *ui, const struct attract *a, int i, int y, int h)
{
	const struct career *c = &a->cases[i];
	const struct case_text *t = career_text(c, i18n_language());
	int w = ui->cols > 100 ? 90 : ui->cols - 8, x = (ui->cols - w) / 2, used;
	char *q, *where = screen_place(c->municipality);

	ui_box(ui, y, x, h, w, UI_FRAME, i >= a->n - a->npicks ?
	       _("The community's choice: it inspired visitors") : _("Featured story"));
	ui_click_area(ui, y, x, h, w, ACT_CLICK, i);
	ui_text_center(ui, y + 2, x + 2, w - 4, UI_TITLE, t->title);
	ui_text_center(ui, y + 3, x + 2, w - 4, UI_NORMAL, c->person);
	ui_text_center(ui, y + 4, x + 2, w - 4, UI_DIM, where);
	free(where);
	used = 0;
	if (t->quote != NULL && t->quote[0] != '\0') {
		q = ui_quote(t->lang[0] != '\0' ? t->lang : i18n_language(), t->quote);
		used = ui_text_wrap(ui, y + 6, x + 6, h - 8, w - 12, UI_QUOTE, q) + 1;
		free(q);
	}
	/* Not in the visitor's language: say so in the corner of the card. */
	if (t->lang[0] != '\0' && strcmp(t->lang, i18n_language()) != 0) {
		const char *note = ui_original_note(t->lang);
		int nw = ui_width(note);

		if (nw < w - 8)
			ui_text_at(ui, y + h - 2, x + w - nw - 3, nw, UI_DIM, note);
		h--;
	}
	/* The summary too, where there is room for it. */
	if (t->summary != NULL && h - 8 - used >= 2)
		ui_text_wrap(ui, y + 6 + used, x + 6, h - 8 - used, w - 12, UI_DIM, t->summary);
}

/* What speech says on the attract screen: where the visitor is and how to start. */
static void say_title(struct ui *ui, const char *centre)
{
	char *s = xasprintf("%s. %s. %s. %s", centre, _("Career paths close to home"),
			    _("Press any key or touch the screen to start"),
			    _("F7: speech on or off."));

	ui_title(ui, s);
	free(s);
}

static void draw(struct ui *ui, void *st)
{
	static const struct ui_key keys[] = {
		{ACT_OPEN, N_("Start")}, {ACT_LANG, NULL}, {ACT_HELP, NULL}, {ACT_SPEECH, NULL},
	};
	struct attract *a = st;
	const char *centre = ui->cfg != NULL && ui->cfg->centre_name ? ui->cfg->centre_name : "";
	int card_h = ui->rows - 12 > 16 ? 16 : ui->rows - 12;
	/* On a tall screen the whole block sits in the middle. */
	int oy = (ui->rows - 1 - (card_h + 12)) / 2 > 0 ? (ui->rows - 1 - (card_h + 12)) / 2 : 0;

	ui_fill(ui, 0, 0, 1, ui->cols, UI_BAR);
	ui_text_at(ui, 0, 1, ui->cols / 2, UI_BAR, centre);
	ui_text_center(ui, oy + 2, 0, ui->cols, UI_TITLE, _("Career paths close to home"));
	ui_text_center(ui, oy + 3, 0, ui->cols, UI_NORMAL,
		       _("Real stories of young people who found their way in their own region"));
	if (a->n > 0)
		draw_case(ui, a, a->at % a->n, oy + 5, card_h);
	ui_text_center(ui, oy + card_h + 7, 0, ui->cols, UI_HEADING,
		       _("Press any key or touch the screen to start"));
	say_title(ui, centre);

	/* The language choice: each language by its own name, all clickable. */
	ui_lang_buttons(ui, oy + card_h + 9);
	ui_keybar(ui, keys, 4);
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct attract *a = st;
	int tag;

	/* Any key but the language, the wheel and the librarian's starts a visit (DESIGN §3
	 * sessions); the last visitor's presses of "this inspired me" are forgotten. */
	if (ev->act != ACT_LANG && ev->act != ACT_ADMIN && ev->act != ACT_WHEEL_UP &&
	    ev->act != ACT_WHEEL_DOWN)
		counters_visit_start(ui->db);
	switch (ev->act) {
	case ACT_LANG:
		return ui_lang_key(ui);
	case ACT_HELP:
	case ACT_ADMIN:
	case ACT_SEARCH:
		return ui_unhandled();
	case ACT_CHAR:
		/* A letter starts the search with it (the loop puts home under it), as on
		 * every visitor screen; '?' is help and '/' the search. */
		if (ui_starts_search(ev->ch) || ev->ch == '?' || ev->ch == '/')
			return ui_unhandled();
		return ui_push(&screen_home, NULL);
	case ACT_CLICK:
		tag = ui_click_tag(ui);
		if (tag >= 0 && tag < a->n)
			return ui_push(&screen_case, a->cases[tag].id);
		return ui_push(&screen_home, NULL);
	case ACT_WHEEL_UP:
	case ACT_WHEEL_DOWN:
		return ui_stay();
	default:
		return ui_push(&screen_home, NULL);
	}
}

static struct ui_result tick(struct ui *ui, void *st)
{
	struct attract *a = st;

	if (a->n > 1 && ui->now_ms - a->shown_at >= ROTATE_MS) {
		a->at = (a->at + 1) % a->n;
		a->shown_at = ui->now_ms;
		return ui_redraw();
	}
	return ui_stay();
}

const struct screen screen_attract = {
	.name = "attract",
	.flags = SCREEN_NO_IDLE,
	.enter = enter,
	.draw = draw,
	.key = key,
	.tick = tick,
	.leave = leave,
};
