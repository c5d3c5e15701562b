/* Partner organisations: the list (nearest first when the kiosk has a home_municipality)
 * and one partner's page (with "Contact" when the partner allows it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "config.h"
#include "i18n.h"
#include "near.h"
#include "regions.h"
#include "screens.h"
#include "util.h"

/* ---- the list ---- */

struct plist {
	struct partner *p;
	int n;
	char *error;
	const char *home;       /* the config's home_municipality, NULL: by name only */
	struct ui_list list;
	char open_id[37];
};

static void draw_partner_row(struct ui *ui, void *ctx, int i, int y, int x, int w,
			     bool selected)
{
	struct plist *l = ctx;
	const struct partner *p = &l->p[i];
	const struct municipality *m = municipality_find(p->municipality);
	struct buf offers = {0};
	const char *place = m != NULL ? municipality_name(m, i18n_language()) : "";
	int k, pw = ui_width(place);

	(void)selected;
	if (pw > 18)
		pw = 18;
	ui_text_at(ui, y, x, w - pw - 2, UI_TITLE, partner_name(p, i18n_language()));
	if (m != NULL)
		ui_text_at(ui, y, x + w - pw, pw, UI_DIM, place);
	for (k = 0; k < OFFER_COUNT; k++) {
		if (p->offers & (1u << k))
			buf_addf(&offers, "%s%s", offers.len ? " \xc2\xb7 " : "", _(offer_labels[k]));
	}
	ui_text_at(ui, y + 1, x + 2, w - 2, UI_DIM, offers.s != NULL ? offers.s : "");
	buf_free(&offers);
}

static void *list_enter(struct ui *ui, const char *arg)
{
	struct plist *l = xcalloc(1, sizeof *l);
	char *err = NULL;

	(void)arg;
	l->home = ui->cfg != NULL ? ui->cfg->home_municipality : NULL;
	if ((l->home != NULL ? near_partners(ui->db, l->home, &l->p, &l->n, &err)
			     : catalogue_partners(ui->db, &l->p, &l->n, &err)) < 0) {
		l->p = NULL;
		l->n = 0;
		l->error = err;
	} else {
		free(err);
	}
	l->list.n = l->n;
	l->list.row_h = 2;
	l->list.draw_row = draw_partner_row;
	l->list.ctx = l;
	return l;
}

static void list_leave(struct ui *ui, void *st)
{
	struct plist *l = st;
	int i;

	(void)ui;
	for (i = 0; i < l->n; i++)
		partner_free(&l->p[i]);
	free(l->p);
	free(l->error);
	free(l);
}

static void list_draw(struct ui *ui, void *st)
{
	static const struct ui_key keys[] = {
		{ACT_OPEN, NULL}, {ACT_BACK, NULL}, {ACT_LANG, NULL}, {ACT_HELP, NULL},
		{ACT_HOME, NULL}, {ACT_PAGE_DOWN, NULL},
	};
	struct plist *l = st;
	char *count = xasprintf(i18n_nget("%d organisation", "%d organisations",
						(unsigned long)l->n), l->n);

	ui_top_bar(ui, _("Partner organisations"), count);
	free(count);
	if (l->home != NULL && municipality_find(l->home) != NULL)
		ui_textf(ui, 1, 1, ui->cols - 2, UI_DIM,
			 _("Near you: %s first, then its county and the neighbouring counties."),
			 municipality_name(municipality_find(l->home), i18n_language()));
	else
		ui_text_at(ui, 1, 1, ui->cols - 2, UI_DIM,
			   _("Places near you that offer volunteering, internships and mentoring."));
	if (l->error != NULL)
		ui_text_wrap(ui, 3, 2, 3, ui->cols - 4, UI_ERROR, l->error);
	else if (l->n == 0)
		ui_text(ui, 3, 2, ui->cols - 4, UI_NORMAL, _("No partner organisations yet."));
	else
		ui_list_draw(ui, &l->list, 3, 1, ui->rows - 4, ui->cols - 2);
	ui_keybar(ui, keys, (int)(sizeof keys / sizeof keys[0]));
}

static struct ui_result list_key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct plist *l = st;

	(void)ui;
	switch (ui_list_key(&l->list, ev)) {
	case UI_LIST_OPEN:
		snprintf(l->open_id, sizeof l->open_id, "%s", l->p[l->list.sel].id);
		return ui_push(&screen_partner, l->open_id);
	case UI_LIST_MOVED:
		return ui_redraw();
	default:
		return ui_unhandled();
	}
}

const struct screen screen_partners = {
	.name = "partners",
	.enter = list_enter,
	.draw = list_draw,
	.key = list_key,
	.leave = list_leave,
};

/* ---- one partner ---- */

/* Links on a partner's page: contact, then its stories from LINK_CASE on. */
enum { LINK_CONTACT, LINK_CASE };

#define MAX_PARTNER_CASES 20

struct pdetail {
	struct partner p;
	int found;
	struct career *cases;   /* the partner's stories (catalogue_partner_cases) */
	int ncases;
	char *error;
	struct ui_pager pager;
	int built_w;
	unsigned built_gen;
	bool built;
	char arg[64];
};

static void *detail_enter(struct ui *ui, const char *arg)
{
	struct pdetail *d = xcalloc(1, sizeof *d);
	char *err = NULL;

	d->pager.focus = -1;
	d->found = catalogue_get_partner(ui->db, arg != NULL ? arg : "", &d->p, &err);
	if (d->found < 0) {
		d->error = err;
		return d;
	}
	free(err);
	err = NULL;
	/* Without its stories (a failure to read them) the page still shows the partner. */
	if (d->found == 1 && catalogue_partner_cases(ui->db, d->p.id, MAX_PARTNER_CASES,
						     &d->cases, &d->ncases, &err) < 0)
		d->ncases = 0;
	free(err);
	return d;
}

static void detail_leave(struct ui *ui, void *st)
{
	struct pdetail *d = st;
	int i;

	(void)ui;
	if (d->found == 1)
		partner_free(&d->p);
	for (i = 0; i < d->ncases; i++)
		career_free(&d->cases[i]);
	free(d->cases);
	ui_pager_free(&d->pager);
	free(d->error);
	free(d);
}

static void detail_build(struct ui *ui, struct pdetail *d, int w)
{
	const char *bullet = ui->utf8_term ? "\xe2\x80\xa2" : "-";
	struct ui_pager *p = &d->pager;
	char *line;
	int k;

	ui_pager_reset(p, w);
	ui_pager_add(p, partner_description(&d->p, i18n_language()), UI_NORMAL, 1, -1);
	if (d->p.offers != 0) {
		ui_pager_blank(p);
		ui_pager_add(p, _("What they offer"), UI_HEADING, 0, -1);
		for (k = 0; k < OFFER_COUNT; k++) {
			if (!(d->p.offers & (1u << k)))
				continue;
			line = xasprintf("%s %s", bullet, _(offer_labels[k]));
			ui_pager_add(p, line, UI_NORMAL, 2, -1);
			free(line);
		}
	}
	if (d->ncases > 0) {
		ui_pager_blank(p);
		ui_pager_add(p, _("Stories"), UI_HEADING, 0, -1);
		for (k = 0; k < d->ncases; k++) {
			line = xasprintf("%s %s", bullet,
					 career_text(&d->cases[k], i18n_language())->title);
			ui_pager_add(p, line, UI_TITLE, 2, LINK_CASE + k);
			free(line);
		}
	}
	if (d->p.contact_allowed) {
		ui_pager_blank(p);
		line = xasprintf("[ %s ]", _("Contact this organisation"));
		ui_pager_add(p, line, UI_BUTTON, 2, LINK_CONTACT);
		free(line);
	}
	d->built = true;
	d->built_w = w;
	d->built_gen = ui->lang_gen;
}

static void detail_draw(struct ui *ui, void *st)
{
	static const struct ui_key keys_contact[] = {
		{ACT_BACK, NULL}, {ACT_CONTACT, NULL}, {ACT_LANG, NULL}, {ACT_HELP, NULL},
		{ACT_HOME, NULL}, {ACT_PAGE_DOWN, NULL},
	};
	static const struct ui_key keys[] = {
		{ACT_BACK, NULL}, {ACT_LANG, NULL}, {ACT_HELP, NULL}, {ACT_HOME, NULL},
		{ACT_PAGE_DOWN, NULL},
	};
	struct pdetail *d = st;
	const struct municipality *m;
	const struct county *c;

	ui_fill(ui, 0, 0, 1, ui->cols, UI_BAR);
	if (d->found != 1) {
		ui_text_at(ui, 0, 1, ui->cols - 2, UI_BAR, _("Partner organisations"));
		ui_text_wrap(ui, 3, 2, 4, ui->cols - 4, UI_ERROR,
			     d->found == 0 ? _("This organisation is no longer here.") : d->error);
		ui_keybar(ui, keys, 1);
		return;
	}
	ui_text_at(ui, 0, 1, ui->cols - 2, UI_BAR, partner_name(&d->p, i18n_language()));
	ui_title(ui, partner_name(&d->p, i18n_language()));
	m = municipality_find(d->p.municipality);
	c = m != NULL ? county_find(m->county) : NULL;
	if (m != NULL)
		ui_textf(ui, 1, 1, ui->cols - 2, UI_TITLE, "%s, %s",
			 municipality_name(m, i18n_language()),
			 screen_county_name(c));
	ui_hline(ui, 2, 0, ui->cols, UI_FRAME);
	if (!d->built || d->built_w != ui->cols - 2 || d->built_gen != ui->lang_gen)
		detail_build(ui, d, ui->cols - 2);
	ui_pager_draw(ui, &d->pager, 3, 1, ui->rows - 4, ui->cols - 1);
	if (d->p.contact_allowed)
		ui_keybar(ui, keys_contact, (int)(sizeof keys_contact / sizeof keys_contact[0]));
	else
		ui_keybar(ui, keys, (int)(sizeof keys / sizeof keys[0]));
}

static struct ui_result detail_key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct pdetail *d = st;
	int link = -1;

	(void)ui;
	if (d->found != 1)
		return ui_unhandled();
	if (ev->act == ACT_CONTACT && !d->p.contact_allowed)
		return ui_stay();
	if (ev->act == ACT_CONTACT) {
		snprintf(d->arg, sizeof d->arg, "partner:%s", d->p.id);
		return ui_push(&screen_contact, d->arg);
	}
	switch (ui_pager_key(&d->pager, ev, &link)) {
	case UI_LIST_OPEN:
		if (link == LINK_CONTACT) {
			snprintf(d->arg, sizeof d->arg, "partner:%s", d->p.id);
			return ui_push(&screen_contact, d->arg);
		}
		if (link >= LINK_CASE && link < LINK_CASE + d->ncases)
			return ui_push(&screen_case, d->cases[link - LINK_CASE].id);
		return ui_stay();
	case UI_LIST_MOVED:
		return ui_redraw();
	default:
		return ui_unhandled();
	}
}

const struct screen screen_partner = {
	.name = "partner",
	.enter = detail_enter,
	.draw = detail_draw,
	.key = detail_key,
	.leave = detail_leave,
};
