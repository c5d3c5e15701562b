/* Browse and search: a search line that updates the results on every keystroke, the
 * filters (county then municipality, theme, area, featured) as toggles with counts,
 * and the results as a paged list.
 *
 * A key never waits for the search: each keystroke runs the first pass (titles, jobs,
 * people, places, themes, skills), which gives way to a key already waiting; the story
 * pass (cases whose story holds the words, listed after the others) runs on the tick
 * after the first pass has shown, and gives way the same way. The focused pane shows its
 * cursor as a reverse-video bar, the other one as a dim marker. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "counters.h"
#include "i18n.h"
#include "regions.h"
#include "screens.h"
#include "search.h"
#include "ui_field.h"
#include "util.h"

#define PAGE 100                /* hits fetched at a time */
#define MAX_QUERY 200
#define MAX_LOADED 5000         /* hits kept in memory at most */

enum pane { PANE_RESULTS, PANE_FILTERS };
enum frow_kind { FR_HEAD_COUNTY, FR_COUNTY, FR_HEAD_MUNI, FR_MUNI, FR_HEAD_THEME, FR_THEME,
		 FR_HEAD_AREA, FR_AREA, FR_FEATURED };

struct frow {
	enum frow_kind kind;
	int value;              /* index in counties / municipalities / themes / areas */
};

#define MAX_FROWS (COUNTY_COUNT + MUNICIPALITY_COUNT + THEME_COUNT + AREA_COUNT + 8)

struct browse {
	struct ui_field query;
	struct search_filter f;
	enum pane pane;
	struct search_result res;       /* hits [0, res.n) of res.total */
	struct ui_list results;
	struct frow rows[MAX_FROWS];
	struct ui_list filters;
	struct search_facets fc;        /* the counts shown, some maybe bounds ("12+") */
	bool counts_ok, stale;
	bool story_due;                 /* the first pass shows; the story pass is to run */
	bool exact_due;                 /* counts are bounds; the exact ones are to run */
	bool cancelled;                 /* the running query gave way to a key */
	char *error;
	const char *title;              /* N_() */
	char open_id[37];
	unsigned lang_gen;              /* the UI language the hit titles are in */
	bool search_uncounted;          /* typed since the last count of a search */
	int64_t typed_ms;               /* when the query last changed */
};

/* A search counts once (DESIGN §3 searches), when the typing has stopped this long, on
 * Enter, or when the visitor leaves: never per keystroke, never its text. */
#define SEARCH_SETTLE_MS 2000

static void count_search(struct ui *ui, struct browse *b)
{
	if (!b->search_uncounted)
		return;
	b->search_uncounted = false;
	counters_add(ui->db, "searches", NULL, 1, NULL);
}

/* ---- the filter rows ---- */

static bool frow_heading(const struct frow *r)
{
	return r->kind == FR_HEAD_COUNTY || r->kind == FR_HEAD_MUNI || r->kind == FR_HEAD_THEME ||
	       r->kind == FR_HEAD_AREA;
}

/* The facet of a filter row, or -1 for one without counts. */
static int frow_facet(const struct frow *r)
{
	switch (r->kind) {
	case FR_COUNTY:
		return FACET_COUNTY;
	case FR_MUNI:
		return FACET_MUNICIPALITY;
	case FR_THEME:
		return FACET_THEME;
	case FR_AREA:
		return FACET_AREA;
	default:
		return -1;
	}
}

/* Whether row r's count is a lower bound (the count stopped early: "12+"). */
static bool frow_bound(const struct browse *b, const struct frow *r)
{
	int facet = frow_facet(r);

	return facet >= 0 && b->fc.partial[facet];
}

/* The stories a filter row would give (-1: no count, as for "Featured only"), at least
 * that many where frow_bound, and whether it is chosen now. */
static int frow_count(const struct browse *b, const struct frow *r, int *chosen)
{
	*chosen = 0;
	switch (r->kind) {
	case FR_COUNTY:
		*chosen = strcmp(b->f.county, counties[r->value].code) == 0;
		return b->fc.county[r->value];
	case FR_MUNI:
		*chosen = strcmp(b->f.municipality, municipalities[r->value].code) == 0;
		return b->fc.municipality[r->value];
	case FR_THEME:
		*chosen = b->f.theme == r->value;
		return b->fc.theme[r->value];
	case FR_AREA:
		*chosen = b->f.area == r->value;
		return b->fc.area[r->value];
	case FR_FEATURED:
		*chosen = b->f.featured;
		return -1;
	default:
		return -1;
	}
}

/* Whether the cursor stops on filter row i: not on a heading, nor on a filter that
 * would show no story (one that is chosen stays a stop, to be taken off again). */
static bool frow_stop(const struct browse *b, int i)
{
	int chosen, n;

	if (i < 0 || i >= b->filters.n || frow_heading(&b->rows[i]))
		return false;
	n = frow_count(b, &b->rows[i], &chosen);
	return n != 0 || chosen || !b->counts_ok || frow_bound(b, &b->rows[i]);
}

/* Put the filter cursor on a stop: the nearest one in direction dir (1 down, -1 up),
 * else the nearest the other way. A heading just above the cursor stays in view. */
static void filters_settle(struct browse *b, int dir)
{
	struct ui_list *l = &b->filters;
	int i;

	for (i = l->sel; i >= 0 && i < l->n && !frow_stop(b, i); i += dir)
		;
	if (i < 0 || i >= l->n) {
		for (i = l->sel; i >= 0 && i < l->n && !frow_stop(b, i); i -= dir)
			;
	}
	if (i < 0 || i >= l->n)
		return;
	l->sel = i;
	if (i > 0 && frow_heading(&b->rows[i - 1]) && l->top >= i)
		l->top = i - 1;
}

static void build_rows(struct browse *b)
{
	int n = 0, i;
	struct frow keep = {FR_HEAD_COUNTY, -1};

	if (b->filters.n > 0 && b->filters.sel < b->filters.n)
		keep = b->rows[b->filters.sel];
	b->rows[n++] = (struct frow){FR_HEAD_COUNTY, -1};
	for (i = 0; i < COUNTY_COUNT; i++)
		b->rows[n++] = (struct frow){FR_COUNTY, i};
	if (b->f.county[0] != '\0') {
		b->rows[n++] = (struct frow){FR_HEAD_MUNI, -1};
		for (i = 0; i < MUNICIPALITY_COUNT; i++) {
			if (strcmp(municipalities[i].county, b->f.county) == 0)
				b->rows[n++] = (struct frow){FR_MUNI, i};
		}
	}
	b->rows[n++] = (struct frow){FR_HEAD_THEME, -1};
	for (i = 0; i < THEME_COUNT; i++)
		b->rows[n++] = (struct frow){FR_THEME, i};
	b->rows[n++] = (struct frow){FR_HEAD_AREA, -1};
	for (i = 0; i < AREA_COUNT; i++)
		b->rows[n++] = (struct frow){FR_AREA, i};
	b->rows[n++] = (struct frow){FR_FEATURED, -1};
	ui_list_set_count(&b->filters, n);
	for (i = 0; i < n; i++) {
		if (b->rows[i].kind == keep.kind && b->rows[i].value == keep.value) {
			b->filters.sel = i;
			break;
		}
	}
	filters_settle(b, 1);
}

static int find_row(const struct browse *b, enum frow_kind kind)
{
	int i;

	for (i = 0; i < b->filters.n; i++) {
		if (b->rows[i].kind == kind)
			return i;
	}
	return 0;
}

/* ---- searching ---- */

static void set_error_text(struct browse *b, const char *msg)
{
	free(b->error);
	b->error = msg != NULL ? xstrdup(msg) : NULL;
}

/* The search's progress callback: give way when a key is waiting. Whatever a query
 * returns after this fired is not trusted. */
static int give_way(void *arg)
{
	struct browse *b = arg;

	if (!ui_input_pending(NULL))
		return 0;
	b->cancelled = true;
	return 1;
}

/* The facet counts for filter g into the screen's state, reading at most limit matches
 * for each (0: all; see search_facets). Where the counts are bounds, the exact ones are
 * due when the keys stop. 0, 1 if interrupted, -1. */
static int count_facets(struct ui *ui, struct browse *b, const struct search_filter *g,
			int limit)
{
	struct search_facets fc;
	char *err = NULL;
	int rc, i;

	rc = search_facets(ui->db, g, limit, &fc, &err);
	free(err);
	if (rc != 0 || b->cancelled)
		return rc < 0 ? -1 : 1;
	b->fc = fc;
	b->exact_due = false;
	for (i = 0; i < FACET_COUNT; i++)
		b->exact_due |= fc.partial[i];
	return 0;
}

/* Run the first pass and the counts for the current query and filters. With may_yield a
 * key waiting in the terminal interrupts it: the screen is then stale and runs again
 * when idle. Once it has run, the story pass is due (on the next tick). */
static void refresh(struct ui *ui, struct browse *b, bool may_yield)
{
	struct search_result r;
	char *err = NULL;
	int rc;

	b->f.query = b->query.text;
	b->f.story = false;
	b->story_due = false;
	memset(&r, 0, sizeof r);
	b->cancelled = false;
	search_set_cancel(ui->db, may_yield ? give_way : NULL, b);
	rc = search_cases(ui->db, &b->f, 0, PAGE, true, &r, &err);
	if (rc == 1 || b->cancelled) {
		search_result_free(&r);
		b->stale = true;
		ui_tick_soon(ui);
		goto out;
	}
	if (rc < 0) {
		search_result_free(&r);
		set_error_text(b, err);
		b->stale = false;
		goto out;
	}
	/* Titles in the visitor's language where there is a translation (a failure
	 * leaves them in the original language). */
	search_localise(ui->db, &r, i18n_language(), NULL);
	b->lang_gen = ui->lang_gen;
	set_error_text(b, NULL);
	search_result_free(&b->res);
	b->res = r;
	if (b->res.total < b->res.n)
		b->res.total = b->res.n;
	b->results.sel = 0;
	b->results.top = 0;
	ui_list_set_count(&b->results, b->res.n);
	b->stale = false;

	b->exact_due = false;
	rc = count_facets(ui, b, &b->f, SEARCH_FACET_LIMIT);
	b->counts_ok = rc == 0;
	if (rc == 1) {
		b->stale = true;
		ui_tick_soon(ui);
	} else if (search_story_words(b->query.text)) {
		b->story_due = true;
		ui_tick_soon(ui);
	} else if (b->exact_due) {
		ui_tick_soon(ui);
	}
out:
	search_set_cancel(ui->db, NULL, NULL);
	free(err);
	build_rows(b);
}

/* The story pass: the same search with the story text too, its matches after the
 * others, and the counts with them; the cursor stays where it is. With may_yield a
 * waiting key interrupts it and it stays due. Returns 1 if the screen changed. */
static int story_pass(struct ui *ui, struct browse *b, bool may_yield)
{
	struct search_filter g = b->f;
	struct search_result r;
	char *err = NULL;
	int rc, changed = 0, limit = b->res.n > PAGE ? b->res.n : PAGE;

	g.story = true;
	memset(&r, 0, sizeof r);
	b->cancelled = false;
	search_set_cancel(ui->db, may_yield ? give_way : NULL, b);
	rc = search_cases(ui->db, &g, 0, limit, true, &r, &err);
	if (rc == 0 && !b->cancelled)
		rc = count_facets(ui, b, &g, SEARCH_FACET_LIMIT);
	if (rc == 1 || (rc == 0 && b->cancelled)) {
		ui_tick_soon(ui);              /* again when the keys stop */
		goto out;
	}
	b->story_due = false;
	if (rc < 0)
		goto out;                       /* the first pass stays */
	search_localise(ui->db, &r, i18n_language(), NULL);
	search_result_free(&b->res);
	b->res = r;
	memset(&r, 0, sizeof r);
	if (b->res.total < b->res.n)
		b->res.total = b->res.n;
	b->f.story = true;
	b->counts_ok = true;
	if (b->exact_due)
		ui_tick_soon(ui);
	ui_list_set_count(&b->results, b->res.n);
	build_rows(b);
	changed = 1;
out:
	search_set_cancel(ui->db, NULL, NULL);
	search_result_free(&r);
	free(err);
	return changed;
}

/* The exact counts, when those shown are bounds, once the keys stop: they read every
 * match, so a waiting key interrupts them and they stay due. Returns 1 if they changed. */
static int exact_pass(struct ui *ui, struct browse *b)
{
	int rc;

	b->cancelled = false;
	search_set_cancel(ui->db, give_way, b);
	rc = count_facets(ui, b, &b->f, 0);
	search_set_cancel(ui->db, NULL, NULL);
	if (rc == 1) {
		ui_tick_soon(ui);
		return 0;
	}
	if (rc < 0)
		b->exact_due = false;   /* the bounds stay */
	return rc == 0;
}

/* Make the results current before acting on them (Enter right after typing): the first
 * pass if it gave way, then the story pass, neither giving way. */
static void settle(struct ui *ui, struct browse *b)
{
	if (b->stale)
		refresh(ui, b, false);
	if (b->story_due)
		story_pass(ui, b, false);
}

/* Fetch more hits, a page at a time, until hit `upto` is loaded or all are. */
static void load_more(struct ui *ui, struct browse *b, int upto)
{
	if (upto > MAX_LOADED)
		upto = MAX_LOADED;
	while (b->res.n < b->res.total && b->res.n <= upto) {
		struct search_result r;
		char *err = NULL;
		int i;

		memset(&r, 0, sizeof r);
		if (search_cases(ui->db, &b->f, b->res.n, PAGE, false, &r, &err) != 0 ||
		    r.n == 0) {
			if (r.n == 0 && err == NULL)
				b->res.total = b->res.n;
			search_result_free(&r);
			free(err);
			break;
		}
		search_localise(ui->db, &r, i18n_language(), NULL);
		b->res.hits = xrealloc(b->res.hits,
				       (size_t)(b->res.n + r.n) * sizeof *b->res.hits);
		for (i = 0; i < r.n; i++)
			b->res.hits[b->res.n + i] = r.hits[i];
		b->res.n += r.n;
		/* The strings now belong to b->res; free only r's array. */
		free(r.hits);
	}
	ui_list_set_count(&b->results, b->res.n);
}

/* ---- drawing ---- */

/* The style of a piece of a list row: UI_SELECTED all along the cursor bar. */
static enum ui_style row_style(const struct ui_list *l, bool selected, enum ui_style st)
{
	return selected && l->cursor == UI_CURSOR_BAR ? UI_SELECTED : st;
}

/* A result row in fixed columns: the title, the person (from 80 columns of list), then
 * the place, left-aligned; each cut with "…" only inside its own column. */
static void draw_hit(struct ui *ui, void *ctx, int i, int y, int x, int w, bool selected)
{
	struct browse *b = ctx;
	const struct search_hit *h = &b->res.hits[i];
	const struct municipality *m = municipality_find(h->municipality);
	const char *place = m != NULL ? municipality_name(m, i18n_language()) : "";
	const struct ui_list *l = &b->results;
	int pw = w >= 80 ? 16 : 10, personw = w >= 80 ? 22 : 0;
	int place_x = x + w - pw, title_end = place_x - 1;

	if (personw > 0) {
		title_end = place_x - 1 - personw - 1;
		ui_text_at(ui, y, place_x - 1 - personw, personw,
			   row_style(l, selected, UI_DIM), h->person);
	}
	ui_text_at(ui, y, x, title_end - x,
		   row_style(l, selected, h->featured ? UI_TITLE : UI_NORMAL), h->title);
	ui_text_at(ui, y, place_x, pw, row_style(l, selected, UI_DIM), place);
}

/* n right-aligned in w columns; with bound, as "at least n". */
static void draw_count(struct ui *ui, int y, int x, int w, int n, bool bound,
		       enum ui_style st)
{
	char num[16];

	/* "12+" reads as "at least 12" in every language the kiosk speaks. */
	snprintf(num, sizeof num, bound ? "%d+" : "%d", n);
	ui_text_at(ui, y, x + w - (int)strlen(num), (int)strlen(num), st, num);
}

static void draw_frow(struct ui *ui, void *ctx, int i, int y, int x, int w, bool selected)
{
	struct browse *b = ctx;
	const struct frow *r = &b->rows[i];
	const char *on = ui->utf8_term ? "\xe2\x97\x8f " : "* ";
	const char *off = ui->utf8_term ? "\xe2\x97\x8b " : "- ";
	const struct ui_list *l = &b->filters;
	const char *label = NULL;
	enum ui_style st;
	int chosen = 0, count = frow_count(b, r, &chosen);

	switch (r->kind) {
	case FR_HEAD_COUNTY:
		ui_text_at(ui, y, x, w, UI_HEADING, _("County"));
		return;
	case FR_HEAD_MUNI:
		ui_text_at(ui, y, x, w, UI_HEADING, _("Municipality"));
		return;
	case FR_HEAD_THEME:
		ui_text_at(ui, y, x, w, UI_HEADING, _("Theme"));
		return;
	case FR_HEAD_AREA:
		ui_text_at(ui, y, x, w, UI_HEADING, _("Area"));
		return;
	case FR_COUNTY:
		label = screen_county_name(&counties[r->value]);
		break;
	case FR_MUNI:
		label = municipality_name(&municipalities[r->value], i18n_language());
		break;
	case FR_THEME:
		label = _(theme_labels[r->value]);
		break;
	case FR_AREA:
		label = _(area_labels[r->value]);
		break;
	case FR_FEATURED:
		ui_text_at(ui, y, x, 2, row_style(l, selected, chosen ? UI_OK : UI_DIM),
			   chosen ? on : off);
		ui_text_at(ui, y, x + 2, w - 2, row_style(l, selected, UI_HEADING),
			   _("Featured only"));
		return;
	}
	/* A filter with no story is dim (and no stop for the cursor). */
	st = chosen ? UI_OK : count == 0 && b->counts_ok && !frow_bound(b, r) ? UI_DIM : UI_NORMAL;
	ui_text_at(ui, y, x, 2, row_style(l, selected, chosen ? UI_OK : UI_DIM),
		   chosen ? on : off);
	ui_text_at(ui, y, x + 2, w - 7, row_style(l, selected, st), label);
	if (b->counts_ok)
		draw_count(ui, y, x + w - 5, 5, count, frow_bound(b, r),
			   row_style(l, selected, UI_DIM));
}

static void filters_summary(struct browse *b, struct buf *s)
{
	const struct municipality *m = municipality_find(b->f.municipality);
	const struct county *c = county_find(b->f.county);

	if (m != NULL)
		buf_addf(s, "%s%s", s->len ? " \xc2\xb7 " : "",
			 municipality_name(m, i18n_language()));
	else if (c != NULL)
		buf_addf(s, "%s%s", s->len ? " \xc2\xb7 " : "", screen_county_name(c));
	if (b->f.theme >= 0)
		buf_addf(s, "%s%s", s->len ? " \xc2\xb7 " : "", _(theme_labels[b->f.theme]));
	if (b->f.area >= 0)
		buf_addf(s, "%s%s", s->len ? " \xc2\xb7 " : "", _(area_labels[b->f.area]));
	if (b->f.featured)
		buf_addf(s, "%s%s", s->len ? " \xc2\xb7 " : "", _("Featured only"));
}

static void draw(struct ui *ui, void *st)
{
	static const struct ui_key keys_results[] = {
		{ACT_OPEN, NULL}, {ACT_BACK, NULL}, {ACT_LANG, NULL}, {ACT_NEXT, N_("Filters")},
		{ACT_HELP, NULL}, {ACT_HOME, NULL}, {ACT_PAGE_DOWN, NULL},
	};
	static const struct ui_key keys_filters[] = {
		{ACT_OPEN, N_("Choose")}, {ACT_BACK, NULL}, {ACT_LANG, NULL},
		{ACT_NEXT, N_("Results")}, {ACT_HELP, NULL}, {ACT_HOME, NULL},
	};
	struct browse *b = st;
	/* The on-screen keyboard takes the key bar's row and the rows above it. */
	int osk = ui_osk_rows(ui), lift = osk > 0 ? osk - 1 : 0;
	int fw = ui->cols >= 120 ? 36 : 29, top = 3, h = ui->rows - 5 - lift, lw, vis, page;
	int pages, status = ui->rows - 2 - lift;
	struct buf s = {0};
	char *count;
	bool filtered;

	/* Title bar and count. */
	count = xasprintf(i18n_nget("%d story", "%d stories", (unsigned long)b->res.total),
			  b->res.total);
	ui_top_bar(ui, _(b->title), count);
	free(count);

	/* The search line. */
	lw = ui_text_at(ui, 1, 1, 20, UI_HEADING, _("Search:")) + 2;
	ui_field_render(ui, &b->query, 1, lw, 1, ui->cols - lw - 1, true);

	/* Pane headings, the focused one highlighted, and the filters chosen. */
	ui_text_at(ui, 2, 1, fw - 2, b->pane == PANE_FILTERS ? UI_HEADING : UI_DIM,
		   _("Filters"));
	filters_summary(b, &s);
	filtered = s.len > 0;
	if (filtered)
		ui_text_at(ui, 2, fw + 2, ui->cols - fw - 3, UI_OK, s.s);
	else
		ui_text_at(ui, 2, fw + 2, ui->cols - fw - 3,
			   b->pane == PANE_RESULTS ? UI_HEADING : UI_DIM, _("Stories"));
	buf_free(&s);
	ui_click_area(ui, 2, 0, 1, fw, ACT_FILTER, -1);

	ui_vline(ui, top, fw, h, UI_FRAME);
	b->filters.cursor = b->pane == PANE_FILTERS ? UI_CURSOR_BAR : UI_CURSOR_DIM;
	b->results.cursor = b->pane == PANE_RESULTS ? UI_CURSOR_BAR : UI_CURSOR_DIM;
	ui_list_draw(ui, &b->filters, top, 1, h, fw - 1);
	ui_list_draw(ui, &b->results, top, fw + 1, h, ui->cols - fw - 1);

	/* Status: what went wrong, nothing found, or where we are. */
	vis = h;
	if (b->error != NULL) {
		ui_text(ui, status, 1, ui->cols - 2, UI_ERROR, b->error);
	} else if (b->res.n == 0) {
		ui_text_wrap(ui, top + 1, fw + 3, h - 1, ui->cols - fw - 4, UI_NORMAL,
			     b->query.len > 0 || filtered ? _("Nothing found. Try fewer letters "
							       "or fewer filters.")
							  : _("No stories here yet."));
	} else {
		page = b->results.sel / vis + 1;
		pages = (b->res.total + vis - 1) / vis;
		ui_textf(ui, status, fw + 3, ui->cols - fw - 4, UI_DIM,
			 _("Page %d of %d"), page, pages > 0 ? pages : 1);
	}
	if (osk > 0)
		ui_osk_draw(ui);
	else if (b->pane == PANE_RESULTS)
		ui_keybar(ui, keys_results, (int)(sizeof keys_results / sizeof keys_results[0]));
	else
		ui_keybar(ui, keys_filters, (int)(sizeof keys_filters / sizeof keys_filters[0]));
}

/* ---- keys ---- */

static void toggle(struct browse *b, const struct frow *r)
{
	switch (r->kind) {
	case FR_HEAD_COUNTY:
	case FR_HEAD_MUNI:
		b->f.county[0] = '\0';
		b->f.municipality[0] = '\0';
		break;
	case FR_COUNTY:
		if (strcmp(b->f.county, counties[r->value].code) == 0) {
			b->f.county[0] = '\0';
		} else {
			snprintf(b->f.county, sizeof b->f.county, "%s", counties[r->value].code);
		}
		b->f.municipality[0] = '\0';
		break;
	case FR_MUNI:
		if (strcmp(b->f.municipality, municipalities[r->value].code) == 0)
			b->f.municipality[0] = '\0';
		else
			snprintf(b->f.municipality, sizeof b->f.municipality, "%s",
				 municipalities[r->value].code);
		break;
	case FR_HEAD_THEME:
		b->f.theme = -1;
		break;
	case FR_THEME:
		b->f.theme = b->f.theme == r->value ? -1 : r->value;
		break;
	case FR_HEAD_AREA:
		b->f.area = -1;
		break;
	case FR_AREA:
		b->f.area = b->f.area == r->value ? -1 : r->value;
		break;
	case FR_FEATURED:
		b->f.featured = !b->f.featured;
		break;
	}
}

/* Open the hit under the cursor: the results made current first, so that Enter right
 * after typing opens the first of them. */
static struct ui_result open_hit(struct ui *ui, struct browse *b)
{
	settle(ui, b);
	if (b->results.sel >= b->res.n)
		return ui_redraw();
	snprintf(b->open_id, sizeof b->open_id, "%s", b->res.hits[b->results.sel].id);
	return ui_push(&screen_case, b->open_id);
}

/* The language changed: fetch the hits again for their titles in the new language,
 * keeping the cursor where it was. */
static void relocalise(struct ui *ui, struct browse *b)
{
	int sel = b->results.sel, top = b->results.top;

	refresh(ui, b, true);
	if (b->stale)
		return;
	load_more(ui, b, sel);
	if (sel < b->res.n) {
		b->results.sel = sel;
		b->results.top = top;
	}
}

/* The query changed: search again, the focus on the results with the first hit under
 * the cursor (Enter opens it). */
static void query_changed(struct ui *ui, struct browse *b)
{
	b->search_uncounted = b->query.len > 0;
	b->typed_ms = ui->now_ms;
	b->pane = PANE_RESULTS;
	refresh(ui, b, true);
}

/* A key for the filter pane. A filter with no story and a heading are no stops: the
 * cursor passes them, and a click on one does nothing. */
static struct ui_result filters_key(struct ui *ui, struct browse *b, const struct ui_event *ev,
				    enum pane was)
{
	int old = b->filters.sel, oldtop = b->filters.top;
	enum ui_list_result lr = ui_list_key(&b->filters, ev);

	if (lr == UI_LIST_OPEN) {
		if (!frow_stop(b, b->filters.sel)) {
			b->filters.sel = old;
			b->filters.top = oldtop;
			b->pane = was;
			return ui_stay();
		}
		toggle(b, &b->rows[b->filters.sel]);
		refresh(ui, b, true);
		return ui_redraw();
	}
	if (lr == UI_LIST_MOVED) {
		filters_settle(b, b->filters.sel >= old ? 1 : -1);
		if (b->filters.sel == old && b->filters.top == oldtop)
			lr = UI_LIST_IGNORED;
	}
	if (lr == UI_LIST_MOVED || (ev->act == ACT_CLICK && b->pane != was))
		return ui_redraw();
	return ui_unhandled();
}

static struct ui_result results_key(struct ui *ui, struct browse *b, const struct ui_event *ev,
				    enum pane was)
{
	enum ui_list_result lr;

	if (ev->act == ACT_LAST || ev->act == ACT_PAGE_DOWN)
		load_more(ui, b, ev->act == ACT_LAST ? b->res.total : b->results.sel +
			  2 * (b->results.h > 0 ? b->results.h : 20));
	lr = ui_list_key(&b->results, ev);
	if (lr == UI_LIST_OPEN || ev->act == ACT_OPEN)
		count_search(ui, b);
	if (lr == UI_LIST_OPEN)
		return open_hit(ui, b);
	if (ev->act == ACT_OPEN && b->res.n == 0)
		return open_hit(ui, b);         /* the story pass may still find some */
	if (lr == UI_LIST_MOVED)
		load_more(ui, b, b->results.sel + 10);
	if (lr == UI_LIST_MOVED || (ev->act == ACT_CLICK && b->pane != was))
		return ui_redraw();
	return ui_unhandled();
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct browse *b = st;
	enum pane was = b->pane;
	struct ui_result r;
	int changed;

	switch (ev->act) {
	case ACT_LANG:
		r = ui_lang_key(ui);
		relocalise(ui, b);
		return r;
	case ACT_CHAR:
	case ACT_CLEAR:
	case ACT_DELETE:
		changed = ui_field_edit(&b->query, ev, false);
		if (changed == 1)
			query_changed(ui, b);
		return changed ? ui_redraw() : ui_stay();
	case ACT_ERASE:
		if (b->query.len == 0)
			return ui_unhandled();
		ui_field_edit(&b->query, ev, false);
		query_changed(ui, b);
		return ui_redraw();
	case ACT_NEXT:
	case ACT_PREV:
		b->pane = b->pane == PANE_RESULTS ? PANE_FILTERS : PANE_RESULTS;
		return ui_redraw();
	case ACT_LEFT:
	case ACT_FILTER:
		b->pane = PANE_FILTERS;
		return ui_redraw();
	case ACT_RIGHT:
	case ACT_SEARCH:
		b->pane = PANE_RESULTS;
		return ui_redraw();
	case ACT_CLICK:
	case ACT_WHEEL_UP:
	case ACT_WHEEL_DOWN:
		if (ev->row >= b->filters.y && ev->col < b->filters.x + b->filters.w)
			b->pane = PANE_FILTERS;
		else if (ev->row >= b->results.y)
			b->pane = PANE_RESULTS;
		else
			return ui_stay();
		break;
	default:
		break;
	}
	if (b->pane == PANE_FILTERS)
		return filters_key(ui, b, ev, was);
	return results_key(ui, b, ev, was);
}

static struct ui_result tick(struct ui *ui, void *st)
{
	struct browse *b = st;

	if (ui_input_pending(ui))
		return ui_stay();
	if (b->search_uncounted && ui->now_ms - b->typed_ms >= SEARCH_SETTLE_MS)
		count_search(ui, b);
	if (b->lang_gen != ui->lang_gen) {
		relocalise(ui, b);     /* changed on a screen above this one */
		return ui_redraw();
	}
	if (b->stale) {
		refresh(ui, b, true);
		return ui_redraw();
	}
	if (b->story_due) {
		if (story_pass(ui, b, true))
			return ui_redraw();
		return ui_stay();
	}
	if (b->exact_due && exact_pass(ui, b))
		return ui_redraw();
	return ui_stay();
}

/* ---- life cycle ---- */

/* "place:LT-KU" (a county) or "place:LT-15" (a municipality, its county too): the
 * stories of that place (the map's way in). */
static void place_filter(struct browse *b, const char *code)
{
	const struct municipality *m = municipality_find(code);

	if (m != NULL) {
		snprintf(b->f.municipality, sizeof b->f.municipality, "%s", m->code);
		code = m->county;
	}
	if (county_find(code) != NULL)
		snprintf(b->f.county, sizeof b->f.county, "%s", code);
	b->title = N_("Stories by region");
}

static void *enter(struct ui *ui, const char *arg)
{
	struct browse *b = xcalloc(1, sizeof *b);

	ui_field_init(&b->query, MAX_QUERY, 80);
	search_filter_init(&b->f);
	b->filters.draw_row = draw_frow;
	b->filters.ctx = b;
	b->results.draw_row = draw_hit;
	b->results.ctx = b;
	b->title = N_("Browse stories");
	b->pane = PANE_RESULTS;
	if (arg == NULL)
		arg = "";
	if (strncmp(arg, "q:", 2) == 0) {
		ui_field_set(&b->query, arg + 2);
		b->title = N_("Search");
		b->search_uncounted = b->query.len > 0;
		b->typed_ms = ui->now_ms;
	} else if (strcmp(arg, "search") == 0) {
		b->title = N_("Search");
	} else if (strcmp(arg, "featured") == 0) {
		b->f.featured = true;
		b->title = N_("Featured stories");
	} else if (strncmp(arg, "place:", 6) == 0) {
		place_filter(b, arg + 6);
	}
	refresh(ui, b, true);
	if (strcmp(arg, "region") == 0) {
		b->pane = PANE_FILTERS;
		b->filters.sel = find_row(b, FR_COUNTY);
		b->title = N_("Stories by region");
	} else if (strcmp(arg, "theme") == 0) {
		b->pane = PANE_FILTERS;
		b->filters.sel = find_row(b, FR_THEME);
		b->title = N_("Stories by theme");
	}
	filters_settle(b, 1);
	return b;
}

static void wipe_state(struct ui *ui, void *st)
{
	struct browse *b = st;

	(void)ui;
	ui_field_wipe(&b->query);
}

static void leave(struct ui *ui, void *st)
{
	struct browse *b = st;

	count_search(ui, b);
	ui_field_free(&b->query);
	search_result_free(&b->res);
	free(b->error);
	free(b);
}

const struct screen screen_browse = {
	.name = "browse",
	.enter = enter,
	.draw = draw,
	.key = key,
	.tick = tick,
	.leave = leave,
	.wipe = wipe_state,
};
