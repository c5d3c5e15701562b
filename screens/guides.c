/* Guides and regional strategies: the list (the kiosk's own county's strategy first, then
 * the whole country's guides, then the other counties'), searched as the visitor types,
 * and one guide read in the pager, in the visitor's language or else its original. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "guides.h"
#include "i18n.h"
#include "regions.h"
#include "screens.h"
#include "ui_field.h"
#include "util.h"

#define MAX_QUERY 80            /* bytes of a search */
#define MAX_LINE 72             /* columns of the page, at most */

/* "Šiaulių apskritis", or "Whole country" for a guide of no county, in the UI language. */
static const char *where_name(const struct guide *g)
{
	if (g->county[0] == '\0')
		/* TRANSLATORS: a guide that is for all of Lithuania, not one county */
		return _("Whole country");
	return screen_county_name(county_find(g->county));
}

/* The county of the kiosk (its home_municipality's), or NULL. */
static const char *own_county(const struct ui *ui)
{
	const struct municipality *m = ui->cfg != NULL && ui->cfg->home_municipality != NULL ?
				       municipality_find(ui->cfg->home_municipality) : NULL;

	return m != NULL ? m->county : NULL;
}

/* ---- the list ---- */

struct glist {
	struct guide *g;
	int n;
	char *error;
	struct ui_field query;
	struct ui_list list;
	char open_id[37];
};

static void load(struct ui *ui, struct glist *l)
{
	char *err = NULL;

	guides_list_free(l->g, l->n);
	free(l->error);
	l->error = NULL;
	if (guides_list(ui->db, own_county(ui), l->query.text, &l->g, &l->n, &err) < 0)
		l->error = err;
	else
		free(err);
	ui_list_set_count(&l->list, l->n);
}

static void draw_row(struct ui *ui, void *ctx, int i, int y, int x, int w, bool selected)
{
	struct glist *l = ctx;
	const struct guide *g = &l->g[i];
	const struct guide_text *t = guide_text(g, i18n_language());
	const char *kind = _(guide_kind_labels[g->kind]), *where = where_name(g);
	int kw = 0, pw = ui_width(where), k;

	(void)selected;
	/* The titles in one column after the longest kind. */
	for (k = 0; k < GUIDE_KIND_COUNT; k++) {
		if (ui_width(_(guide_kind_labels[k])) > kw)
			kw = ui_width(_(guide_kind_labels[k]));
	}
	if (kw > 12)
		kw = 12;
	if (pw > 24)
		pw = 24;
	ui_text_at(ui, y, x, kw, UI_HEADING, kind);
	ui_text_at(ui, y, x + kw + 1, w - kw - pw - 3, UI_TITLE, t->title);
	ui_text_at(ui, y, x + w - pw, pw, UI_DIM, where);
	ui_text_at(ui, y + 1, x + 2, w - 2, UI_DIM, t->summary);
}

static void *list_enter(struct ui *ui, const char *arg)
{
	struct glist *l = xcalloc(1, sizeof *l);

	(void)arg;
	ui_field_init(&l->query, MAX_QUERY, 40);
	l->list.row_h = 2;
	l->list.draw_row = draw_row;
	l->list.ctx = l;
	load(ui, l);
	return l;
}

static void list_wipe(struct ui *ui, void *st)
{
	struct glist *l = st;

	(void)ui;
	ui_field_wipe(&l->query);
}

static void list_leave(struct ui *ui, void *st)
{
	struct glist *l = st;

	(void)ui;
	guides_list_free(l->g, l->n);
	ui_field_free(&l->query);
	free(l->error);
	free(l);
}

static void list_draw(struct ui *ui, void *st)
{
	static const struct ui_key keys[] = {
		{ACT_OPEN, NULL}, {ACT_BACK, NULL}, {ACT_LANG, NULL}, {ACT_HELP, NULL},
		{ACT_HOME, NULL}, {ACT_PAGE_DOWN, NULL},
	};
	struct glist *l = st;
	const struct county *c = county_find(own_county(ui) ? own_county(ui) : "");
	int osk = ui_osk_rows(ui), lift = osk > 0 ? osk - 1 : 0;
	char *count;
	int cw;

	count = xasprintf(i18n_nget("%d guide", "%d guides", (unsigned long)l->n), l->n);
	ui_top_bar(ui, _("Guides and strategies"), count);
	free(count);
	cw = ui_text_at(ui, 1, 1, 20, UI_HEADING, _("Search:")) + 2;
	ui_field_render(ui, &l->query, 1, cw, 1, ui->cols - cw - 1, true);
	if (c != NULL)
		ui_textf(ui, 2, 1, ui->cols - 2, UI_DIM,
			 _("%s first, then guides for the whole country."), screen_county_name(c));
	else
		ui_text_at(ui, 2, 1, ui->cols - 2, UI_DIM,
			   _("Training guides and the counties' youth-career strategies."));
	if (l->error != NULL)
		ui_text_wrap(ui, 4, 2, 3, ui->cols - 4, UI_ERROR, l->error);
	else if (l->n == 0 && l->query.len > 0)
		ui_text(ui, 4, 2, ui->cols - 4, UI_NORMAL, _("No guide has these words."));
	else if (l->n == 0)
		ui_text(ui, 4, 2, ui->cols - 4, UI_NORMAL, _("No guides yet."));
	else
		ui_list_draw(ui, &l->list, 4, 1, ui->rows - 5 - lift, ui->cols - 2);
	/* the on-screen keyboard for the search on a touch screen, as browse has it */
	if (osk > 0)
		ui_osk_draw(ui);
	else
		ui_keybar(ui, keys, (int)(sizeof keys / sizeof keys[0]));
}

static struct ui_result list_key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct glist *l = st;
	int changed;

	switch (ev->act) {
	case ACT_SEARCH:
		return ui_stay();               /* the search line has the focus already */
	case ACT_ERASE:
		if (l->query.len == 0)
			return ui_unhandled();
		/* fall through */
	case ACT_CHAR:
	case ACT_CLEAR:
	case ACT_DELETE:
		changed = ui_field_edit(&l->query, ev, false);
		if (changed == 1) {
			l->list.sel = l->list.top = 0;
			load(ui, l);
		}
		return changed ? ui_redraw() : ui_stay();
	default:
		break;
	}
	switch (ui_list_key(&l->list, ev)) {
	case UI_LIST_OPEN:
		if (l->n == 0)
			return ui_stay();
		snprintf(l->open_id, sizeof l->open_id, "%s", l->g[l->list.sel].id);
		return ui_push(&screen_guide, l->open_id);
	case UI_LIST_MOVED:
		return ui_redraw();
	default:
		return ui_unhandled();
	}
}

const struct screen screen_guides = {
	.name = "guides",
	.enter = list_enter,
	.draw = list_draw,
	.key = list_key,
	.leave = list_leave,
	.wipe = list_wipe,
};

/* ---- one guide ---- */

struct gpage {
	struct guide g;
	int found;                      /* 1 found, 0 gone, -1 error */
	char *error;
	struct ui_pager pager;
	int built_w;
	unsigned built_gen;
	bool built;
};

static void *page_enter(struct ui *ui, const char *arg)
{
	struct gpage *p = xcalloc(1, sizeof *p);
	char *err = NULL;

	p->pager.focus = -1;
	p->found = guides_get(ui->db, arg != NULL ? arg : "", &p->g, &err);
	if (p->found < 0)
		p->error = err;
	else
		free(err);
	return p;
}

static void page_leave(struct ui *ui, void *st)
{
	struct gpage *p = st;

	(void)ui;
	guide_free(&p->g);
	ui_pager_free(&p->pager);
	free(p->error);
	free(p);
}

static void page_build(struct ui *ui, struct gpage *p, int w)
{
	const struct guide_text *t = guide_text(&p->g, i18n_language());

	ui_pager_reset(&p->pager, w);
	if (t->summary != NULL && t->summary[0] != '\0') {
		ui_pager_add(&p->pager, t->summary, UI_QUOTE, 1, -1);
		ui_pager_blank(&p->pager);
	}
	ui_pager_add(&p->pager, t->body, UI_NORMAL, 1, -1);
	p->built = true;
	p->built_w = w;
	p->built_gen = ui->lang_gen;
}

static void page_draw(struct ui *ui, void *st)
{
	static const struct ui_key keys[] = {
		{ACT_BACK, NULL}, {ACT_PAGE_DOWN, NULL}, {ACT_PAGE_UP, NULL}, {ACT_LANG, NULL},
		{ACT_HELP, NULL}, {ACT_HOME, NULL},
	};
	struct gpage *p = st;
	const struct guide_text *t;
	int w = ui->cols, nw = 0, pw;

	ui_fill(ui, 0, 0, 1, w, UI_BAR);
	if (p->found != 1) {
		ui_text_at(ui, 0, 1, w - 2, UI_BAR, _("Guides and strategies"));
		ui_text_wrap(ui, 3, 2, 4, w - 4, UI_ERROR,
			     p->found == 0 ? _("This guide is no longer here.") : p->error);
		ui_keybar(ui, keys, 1);
		return;
	}
	t = guide_text(&p->g, i18n_language());
	ui_text_at(ui, 0, 1, w - 2, UI_BAR, t->title);
	ui_title(ui, t->title);
	/* No translation into the visitor's language: say the text is the original. */
	if (strcmp(t->lang, i18n_language()) != 0) {
		const char *note = ui_original_note(t->lang);

		nw = ui_width(note) + 2;
		if (nw > w / 3)
			nw = w / 3;
		ui_text_at(ui, 1, w - nw, nw - 1, UI_DIM, note);
	}
	ui_textf(ui, 1, 1, w - nw - 2, UI_TITLE, "%s \xc2\xb7 %s", _(guide_kind_labels[p->g.kind]),
		 where_name(&p->g));
	ui_hline(ui, 2, 0, w, UI_FRAME);
	/* Lines of at most about 72 columns read best: centred on wide screens. */
	pw = w - 2 > MAX_LINE ? MAX_LINE : w - 2;
	if (!p->built || p->built_w != pw || p->built_gen != ui->lang_gen)
		page_build(ui, p, pw);
	ui_pager_draw(ui, &p->pager, 3, (w - pw) / 2, ui->rows - 4, pw + 1);
	ui_keybar(ui, keys, (int)(sizeof keys / sizeof keys[0]));
}

static struct ui_result page_key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct gpage *p = st;
	int link = -1;

	(void)ui;
	if (p->found != 1)
		return ui_unhandled();
	switch (ui_pager_key(&p->pager, ev, &link)) {
	case UI_LIST_MOVED:
		return ui_redraw();
	case UI_LIST_OPEN:
		return ui_stay();
	default:
		return ui_unhandled();
	}
}

const struct screen screen_guide = {
	.name = "guide",
	.enter = page_enter,
	.draw = page_draw,
	.key = page_key,
	.leave = page_leave,
};
