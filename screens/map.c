/* The map of Lithuania: the ten counties in their real shape (src/lt_map.c), each with its
 * letter and its number of stories, the kiosk's own county marked, and beside it the same
 * as a list. Arrows go to the county that way, a county's letter chooses it, a touch on
 * one opens its stories; Enter offers its municipalities (with their counts), and Enter
 * there opens the stories of the one chosen (the browse screen, filtered).
 *
 * UTF-8 terminals get the counties in shades (░ ▒ ▓, no two bordering counties alike)
 * and the chosen one solid; others get the same in ASCII ('.', ':', '=' and '#'). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_counts.h"
#include "config.h"
#include "i18n.h"
#include "lt_map.h"
#include "regions.h"
#include "screens.h"
#include "util.h"

#define LEGEND_W 30             /* columns of the list beside the map, at least */

/* Each county's key, in counties[] order (AL KL KU MR PN SA TA TE UT VL): the first
 * letter of its name where that is free, else one that is. */
static const char letters[COUNTY_COUNT] = {'A', 'L', 'K', 'M', 'P', 'S', 'T', 'E', 'U', 'V'};
/* A shade for each county such that no two that border each other share one. */
static const int shade[COUNTY_COUNT] = {2, 1, 0, 1, 2, 1, 2, 0, 0, 1};

struct mapscr {
	struct place_counts counts;
	bool counts_ok;
	struct lt_map map;
	int map_y, map_x;               /* where the map was drawn */
	int legend_y, legend_x;
	int sel;                        /* the chosen county */
	int home;                       /* the kiosk's county, or -1 */
	bool munis;                     /* the municipality list is open */
	int muni_of[MUNICIPALITY_COUNT + 1];    /* its rows: -1 the whole county, else
						 * an index in municipalities[] */
	struct ui_list list;
	char arg[16];
};

static void draw_muni_row(struct ui *ui, void *ctx, int i, int y, int x, int w, bool selected)
{
	struct mapscr *m = ctx;
	int k = m->muni_of[i];
	char count[16];
	int cw = snprintf(count, sizeof count, "%d",
			  k < 0 ? m->counts.county[m->sel] : m->counts.municipality[k]);

	(void)selected;
	if (k < 0)
		ui_text(ui, y, x, w - cw - 1, UI_TITLE, _("All of the county"));
	else
		ui_text(ui, y, x, w - cw - 1, UI_NORMAL,
			municipality_name(&municipalities[k], i18n_language()));
	ui_text(ui, y, x + w - cw, cw, UI_NORMAL, count);
}

static void open_munis(struct mapscr *m)
{
	int i, n = 0;

	m->muni_of[n++] = -1;
	for (i = 0; i < MUNICIPALITY_COUNT; i++) {
		if (strcmp(municipalities[i].county, counties[m->sel].code) == 0)
			m->muni_of[n++] = i;
	}
	m->list.sel = 0;
	m->list.top = 0;
	ui_list_set_count(&m->list, n);
	m->munis = true;
}

static void *enter(struct ui *ui, const char *arg)
{
	struct mapscr *m = xcalloc(1, sizeof *m);
	const struct municipality *home = NULL;
	char *err = NULL;

	(void)arg;
	m->counts_ok = catalogue_place_counts(ui->db, &m->counts, &err) == 0;
	free(err);
	if (ui->cfg != NULL && ui->cfg->home_municipality != NULL)
		home = municipality_find(ui->cfg->home_municipality);
	m->home = home != NULL ? lt_map_county_index(home->county) : -1;
	m->sel = m->home >= 0 ? m->home : lt_map_county_index("LT-VL");
	m->list.draw_row = draw_muni_row;
	m->list.ctx = m;
	return m;
}

static void leave(struct ui *ui, void *st)
{
	struct mapscr *m = st;

	(void)ui;
	lt_map_free(&m->map);
	free(m);
}

/* ---- drawing ---- */

/* The glyph for a cell whose halves show counties up and low (-1: none). */
static const char *glyph(const struct ui *ui, const struct mapscr *m, int up, int low)
{
	static const char *const shades_utf8[] = {"\xe2\x96\x91", "\xe2\x96\x92", "\xe2\x96\x93"};
	static const char *const shades_ascii[] = {".", ":", "="};
	int c = up >= 0 ? up : low;

	if (c < 0)
		return " ";
	if (c == m->sel && ui->utf8_term) {
		if (up != c)
			return "\xe2\x96\x84";          /* ▄ */
		if (low != c)
			return "\xe2\x96\x80";          /* ▀ */
		return "\xe2\x96\x88";                  /* █ */
	}
	if (c == m->sel)
		return "#";
	return ui->utf8_term ? shades_utf8[shade[c]] : shades_ascii[shade[c]];
}

/* A county's label on the map: its letter and count, the kiosk's county marked. */
static void draw_label(struct ui *ui, const struct mapscr *m, int c, int w)
{
	char label[32];
	int lw, x;

	snprintf(label, sizeof label, " %c %d%s ", letters[c], m->counts.county[c],
		 c == m->home ? (ui->utf8_term ? "\xe2\x97\x8f" : "*") : "");
	lw = ui_width(label);
	x = m->map.label_x[c] - lw / 2;
	if (x + lw > w)
		x = w - lw;
	if (x < 0)
		x = 0;
	ui_text_at(ui, m->map_y + m->map.label_y[c], m->map_x + x, lw,
		   c == m->sel ? UI_SELECTED : UI_TITLE, label);
}

static void draw_map(struct ui *ui, struct mapscr *m, int y, int h, int w)
{
	int r, x, c;

	if (m->map.rows != h || m->map.cols != w) {
		lt_map_free(&m->map);
		lt_map_make(&m->map, h, w);
	}
	m->map_y = y;
	m->map_x = 0;
	for (r = 0; r < m->map.rows; r++) {
		for (x = 0; x < m->map.cols; x++) {
			int up, low;

			lt_map_halves(&m->map, r, x, &up, &low);
			c = up >= 0 ? up : low;
			if (c >= 0)
				ui_text_at(ui, y + r, x, 1, c == m->sel ? UI_MARK : UI_FRAME,
					   glyph(ui, m, up, low));
		}
	}
	for (c = 0; c < COUNTY_COUNT && m->map.half != NULL; c++)
		draw_label(ui, m, c, w);
}

/* What speech says for the chosen county: "Kaunas County, 12 stories". */
static char *county_say(const struct mapscr *m, int c)
{
	int n = m->counts.county[c];
	char *count = xasprintf(i18n_nget("%d story", "%d stories", (unsigned long)n), n);
	char *say = xasprintf("%s, %s", screen_county_name(&counties[c]), count);

	free(count);
	return say;
}

static void draw_legend(struct ui *ui, struct mapscr *m, int y, int x, int w)
{
	int c, used;

	m->legend_y = y;
	m->legend_x = x;
	ui_text(ui, y, x, w, UI_HEADING, _("Counties"));
	for (c = 0; c < COUNTY_COUNT; c++) {
		enum ui_style st = c == m->sel ? UI_SELECTED : UI_NORMAL;
		char key[2] = {letters[c], '\0'}, count[16];
		int cw = snprintf(count, sizeof count, "%d", m->counts.county[c]);

		/* Letter, name (and the mark), the count at the right. */
		ui_fill(ui, y + 1 + c, x, 1, w, st);
		ui_text_at(ui, y + 1 + c, x, 1, c == m->sel ? UI_SELECTED : UI_BUTTON_KEY, key);
		used = ui_text_at(ui, y + 1 + c, x + 2, w - cw - 3 - (c == m->home ? 2 : 0), st,
				  screen_county_name(&counties[c]));
		if (c == m->home)
			ui_text_at(ui, y + 1 + c, x + 3 + used, 1, st,
				   ui->utf8_term ? "\xe2\x97\x8f" : "*");
		ui_text_at(ui, y + 1 + c, x + w - cw, cw, st, count);
	}
	y += COUNTY_COUNT + 2;
	if (m->home >= 0) {
		char *s = xasprintf("%s %s", ui->utf8_term ? "\xe2\x97\x8f" : "*",
				    _("your county"));

		ui_text(ui, y++, x, w, UI_DIM, s);
		free(s);
	}
	if (!m->counts_ok)
		ui_text_wrap(ui, y, x, 2, w, UI_ERROR, _("The number of stories could not be read."));
}

static void draw(struct ui *ui, void *st)
{
	static const struct ui_key keys_map[] = {
		{ACT_OPEN, N_("Municipalities")}, {ACT_BACK, NULL}, {ACT_HELP, NULL},
		{ACT_LANG, NULL}, {ACT_HOME, NULL},
	};
	static const struct ui_key keys_munis[] = {
		{ACT_OPEN, N_("Open stories")}, {ACT_BACK, NULL}, {ACT_HELP, NULL},
		{ACT_LANG, NULL}, {ACT_HOME, NULL},
	};
	struct mapscr *m = st;
	int lw = ui->cols >= 100 ? ui->cols / 3 : LEGEND_W, mw = ui->cols - lw - 2;
	int y = 2, h = ui->rows - 3;
	char *say;

	ui_top_bar(ui, _("Map of Lithuania"), NULL);
	ui_text(ui, 1, 1, ui->cols - 2, UI_DIM, m->munis ?
		_("Choose a municipality, or all of the county.") :
		_("Arrows or a letter choose a county; touch one to see its stories."));
	draw_map(ui, m, y, h, mw);
	if (m->munis) {
		ui_text(ui, y, mw + 1, lw, UI_HEADING, screen_county_name(&counties[m->sel]));
		ui_list_draw(ui, &m->list, y + 1, mw + 1, h - 1, lw);
		ui_keybar(ui, keys_munis, (int)(sizeof keys_munis / sizeof keys_munis[0]));
		return;
	}
	draw_legend(ui, m, y, mw + 1, lw);
	ui_keybar(ui, keys_map, (int)(sizeof keys_map / sizeof keys_map[0]));
	say = county_say(m, m->sel);
	ui_focus(ui, m->legend_y + 1 + m->sel, m->legend_x, say);
	free(say);
}

/* ---- keys ---- */

static struct ui_result open_place(struct mapscr *m, const char *code)
{
	snprintf(m->arg, sizeof m->arg, "place:%s", code);
	return ui_push(&screen_browse, m->arg);
}

/* The county under a click on the map or the list beside it, or -1. */
static int clicked_county(const struct mapscr *m, const struct ui_event *ev)
{
	int c = lt_map_county_at(&m->map, ev->row - m->map_y, ev->col - m->map_x);

	if (c >= 0)
		return c;
	if (ev->col >= m->legend_x && ev->row > m->legend_y &&
	    ev->row <= m->legend_y + COUNTY_COUNT)
		return ev->row - m->legend_y - 1;
	return -1;
}

static int letter_county(uint32_t ch)
{
	int c;

	if (ch >= 'a' && ch <= 'z')
		ch -= 'a' - 'A';
	for (c = 0; c < COUNTY_COUNT; c++) {
		if ((uint32_t)letters[c] == ch)
			return c;
	}
	return -1;
}

static struct ui_result munis_key(struct mapscr *m, const struct ui_event *ev)
{
	int k;

	if (ev->act == ACT_BACK) {
		m->munis = false;
		return ui_redraw();
	}
	if (ev->act == ACT_CLICK && ev->col < m->legend_x) {
		k = clicked_county(m, ev);
		if (k < 0)
			return ui_stay();
		m->sel = k;
		return open_place(m, counties[k].code);
	}
	switch (ui_list_key(&m->list, ev)) {
	case UI_LIST_OPEN:
		k = m->muni_of[m->list.sel];
		return open_place(m, k < 0 ? counties[m->sel].code : municipalities[k].code);
	case UI_LIST_MOVED:
		return ui_redraw();
	default:
		return ui_unhandled();
	}
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct mapscr *m = st;
	int c = -1;

	if (ev->act == ACT_LANG)
		return ui_lang_key(ui);
	if (m->munis)
		return munis_key(m, ev);
	switch (ev->act) {
	case ACT_UP:
		c = lt_map_step(m->sel, -1, 0);
		break;
	case ACT_DOWN:
		c = lt_map_step(m->sel, 1, 0);
		break;
	case ACT_LEFT:
		c = lt_map_step(m->sel, 0, -1);
		break;
	case ACT_RIGHT:
		c = lt_map_step(m->sel, 0, 1);
		break;
	case ACT_CHAR:
		c = letter_county(ev->ch);
		if (c < 0)
			return ui_unhandled();
		break;
	case ACT_OPEN:
		open_munis(m);
		return ui_redraw();
	case ACT_CLICK:
		c = clicked_county(m, ev);
		if (c < 0)
			return ui_stay();
		m->sel = c;
		return open_place(m, counties[c].code);
	default:
		return ui_unhandled();
	}
	if (c < 0 || c == m->sel)
		return ui_stay();
	m->sel = c;
	return ui_redraw();
}

const struct screen screen_map = {
	.name = "map",
	.flags = SCREEN_NO_SEARCH,
	.enter = enter,
	.draw = draw,
	.key = key,
	.leave = leave,
};
