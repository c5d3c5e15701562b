/* Figures (f in the staff inbox): the kiosks' usage over a period and a county as bar
 * charts, the number beside each bar: stories read per municipality, requests per
 * week, the ten stories read most, themes. Eighth blocks on UTF-8 terminals, '#' on
 * others. The four charts load at once, in the background (keys keep working); e
 * exports the chart shown as CSV. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalogue.h"
#include "i18n.h"
#include "regions.h"
#include "review_stats.h"
#include "staff.h"
#include "ui_field.h"
#include "util.h"

#define QUICK_MS 250            /* how long a change waits for answers before "loading" */
#define POLL_MS 100             /* how long one tick waits for the network */
#define TOP 10                  /* stories in the top chart */

enum chart { CH_MUNI, CH_WEEK, CH_TOP, CH_THEME, CH_COUNT };

static const struct {
	enum review_stats_by by;
	size_t value;                   /* the count drawn: an offset in the row */
	const char *tab, *title;        /* N_() */
} charts[CH_COUNT] = {
	{STATS_BY_MUNICIPALITY, offsetof(struct review_stats_row, stories_read),
	 /* TRANSLATORS: the tabs of the Figures screen, short (80 columns hold all four) */
	 N_("Municipalities"), N_("Stories read per municipality")},
	{STATS_BY_WEEK, offsetof(struct review_stats_row, requests),
	 N_("Requests"), N_("Requests per week")},
	{STATS_BY_CASE, offsetof(struct review_stats_row, stories_read),
	 N_("Top 10"), N_("Top 10 stories")},
	{STATS_BY_THEME, offsetof(struct review_stats_row, stories_read),
	 N_("Themes"), N_("Stories read per theme")},
};

static const int periods[] = {7, 30, 90, 365};
#define NPERIOD ((int)(sizeof periods / sizeof periods[0]))

struct part {                           /* one chart's figures */
	struct review_call *call;       /* the load in flight, or NULL */
	struct review_stats st;
	const char *summary;            /* why it could not load: an N_() sentence, or NULL */
	char *detail;                   /* and the detail (English, as the hub put it), or NULL */
	bool loaded;
};

struct figures {
	char from[11], to[11];
	int period;                     /* index of periods[] */
	int county;                     /* -1 all, else an index of counties[] */
	enum chart shown;
	int top;                        /* first bar shown (scrolling) */
	struct part part[CH_COUNT];
	char export_arg[80];            /* the export's arg (it must outlive the key) */
};

/* Keys (README "Figures"); actions without a key of their own, as the inbox does. */
static const struct ui_keydef figures_keys[] = {
	{"1", ACT_SET_STATUS, CH_MUNI, NULL},
	{"2", ACT_SET_STATUS, CH_WEEK, NULL},
	{"3", ACT_SET_STATUS, CH_TOP, NULL},
	{"4", ACT_SET_STATUS, CH_THEME, NULL},
	/* TRANSLATORS: Figures: the key that picks 7, 30, 90 or 365 days */
	{"d", ACT_FILTER_STATUS, 0, N_("Days")},
	{"o", ACT_FILTER_COUNTY, 0, NULL},
	/* TRANSLATORS: Figures: move the period a week (or a month) earlier or later */
	{"[", ACT_PREV_PAGE, 7, N_("Week earlier")},
	{"]", ACT_NEXT_PAGE, 7, N_("Week later")},
	{"{", ACT_PREV_PAGE, 30, N_("Month earlier")},
	{"}", ACT_NEXT_PAGE, 30, N_("Month later")},
	{"e", ACT_EXPORT, 0, NULL},
	{"r", ACT_REFRESH, 0, NULL},
	{"F5", ACT_REFRESH, 0, NULL},
	{"q", ACT_BACK, 0, NULL},
	{NULL, ACT_NONE, 0, NULL},
};

static struct review_client *hub(const struct ui *ui)
{
	return ((const struct staff_app *)ui->app)->client;
}

static const char *county_code(const struct figures *f)
{
	return f->county >= 0 ? counties[f->county].code : NULL;
}

static void part_clear(struct part *p)
{
	review_call_free(p->call);
	p->call = NULL;
	review_stats_free(&p->st);
	p->summary = NULL;
	free(p->detail);
	p->detail = NULL;
	p->loaded = false;
}

/* Put a finished load's rows in order: every week of the period by date, the others
 * largest first. */
static void part_finish(struct part *p, enum chart c, const struct figures *f)
{
	if (review_call_outcome(p->call) != REVIEW_OK) {
		p->summary = review_call_summary(p->call);
		p->detail = xstrdup(review_call_error(p->call));
	} else if (review_stats_take(p->call, &p->st, &p->detail) < 0) {
		p->summary = N_("The hub's answer could not be read.");
	} else if (c == CH_WEEK && p->st.n > 0)
		review_stats_fill_weeks(&p->st, f->from, f->to);
	else
		review_stats_sort(&p->st, charts[c].value);
	review_call_free(p->call);
	p->call = NULL;
	p->loaded = true;
}

static bool loading(const struct figures *f)
{
	int c;

	for (c = 0; c < CH_COUNT; c++) {
		if (f->part[c].call != NULL)
			return true;
	}
	return false;
}

/* Move the calls forward; finish those that ended. */
static void poll_parts(struct ui *ui, struct figures *f, int timeout_ms)
{
	int c;

	review_poll(hub(ui), timeout_ms, timeout_ms > 0 ? STDIN_FILENO : -1);
	for (c = 0; c < CH_COUNT; c++) {
		struct part *p = &f->part[c];

		if (p->call != NULL && review_call_outcome(p->call) != REVIEW_RUNNING)
			part_finish(p, (enum chart)c, f);
	}
}

/* Load the four charts for the period and county now chosen (dropping loads in flight)
 * and wait a moment for quick answers. */
static void load(struct ui *ui, struct figures *f)
{
	int64_t end = now_ms_monotonic() + QUICK_MS;
	int c;

	review_stats_day_add(f->to, 1 - periods[f->period], f->from);
	f->top = 0;
	for (c = 0; c < CH_COUNT; c++) {
		struct part *p = &f->part[c];

		part_clear(p);
		p->call = review_stats_start(hub(ui), f->from, f->to, charts[c].by,
					     county_code(f));
	}
	while (loading(f) && now_ms_monotonic() < end)
		poll_parts(ui, f, (int)(end - now_ms_monotonic()));
	poll_parts(ui, f, 0);
	if (loading(f))
		ui_tick_soon(ui);
}

static void *figures_enter(struct ui *ui, const char *arg)
{
	struct figures *f = xcalloc(1, sizeof *f);

	(void)arg;
	f->period = 1;                  /* the last 30 days */
	f->county = -1;
	review_stats_today(f->to);
	load(ui, f);
	return f;
}

static void figures_leave(struct ui *ui, void *st)
{
	struct figures *f = st;
	int c;

	(void)ui;
	for (c = 0; c < CH_COUNT; c++)
		part_clear(&f->part[c]);
	free(f);
}

/* ---- drawing ---- */

/* What a row is called in chart c: a municipality's or theme's name in the UI language,
 * a story's title, a week as the hub names it and the day it starts ("2026-W49 · 11-30",
 * in buf). */
static const char *row_label(enum chart c, const struct review_stats_row *r, char buf[24])
{
	const struct municipality *mu;
	char monday[11];
	int i;

	if (c == CH_WEEK && review_stats_week_monday(r->key, monday) == 0) {
		snprintf(buf, 24, "%.8s \xc2\xb7 %.5s", r->key, monday + 5);
		return buf;
	} else if (c == CH_MUNI) {
		mu = municipality_find(r->key);
		if (mu != NULL)
			return municipality_name(mu, i18n_language());
		if (r->key[0] == '\0')
			return _("Place not known");
	} else if (c == CH_THEME) {
		for (i = 0; i < THEME_COUNT; i++) {
			if (strcmp(r->key, theme_codes[i]) == 0)
				return _(theme_labels[i]);
		}
	}
	return r->name[0] != '\0' ? r->name : r->key;
}

/* A bar of len eighths of a cell (steps 8) in blocks, or of len cells in '#'. */
static void bar_text(char *out, size_t size, int len, bool blocks)
{
	/* U+258F..U+2589: one to seven eighths; U+2588 the full block */
	static const char *const part[8] = {
		"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c",
		"\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89"
	};
	size_t n = 0;
	int i, cells = blocks ? len / 8 : len;

	out[0] = '\0';
	for (i = 0; i < cells && n + 4 < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%s", blocks ? "\xe2\x96\x88" : "#");
	if (blocks && len % 8 != 0 && n + 4 < size)
		snprintf(out + n, size - n, "%s", part[len % 8]);
}

static int digits(int64_t v)
{
	int d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/* The bars of the chart shown in rows [y, y+h). */
static void draw_bars(struct ui *ui, struct figures *f, int y, int h)
{
	const struct part *p = &f->part[f->shown];
	int n = f->shown == CH_TOP && p->st.n > TOP ? TOP : p->st.n;
	int steps = ui->utf8_term ? 8 : 1, lw = 0, nw, bw, i, *len;
	int64_t *v, max = 0;
	char bar[4 * 400 + 8], label[24];

	if (n == 0)
		return;
	v = xcalloc((size_t)n, sizeof *v);
	len = xcalloc((size_t)n, sizeof *len);
	for (i = 0; i < n; i++) {
		int w = ui_width(row_label(f->shown, &p->st.rows[i], label));

		v[i] = review_stats_value(&p->st.rows[i], charts[f->shown].value);
		if (v[i] > max)
			max = v[i];
		if (w > lw)
			lw = w;
	}
	/* the label takes what it needs up to a third of the width, the bars the rest */
	if (lw > ui->cols / 3)
		lw = ui->cols / 3;
	nw = digits(max);
	bw = ui->cols - lw - nw - 6;
	if (bw > 400)
		bw = 400;
	review_stats_bars(v, n, bw, steps, len);
	if (f->top > n - h)
		f->top = n - h > 0 ? n - h : 0;
	for (i = f->top; i < n && i < f->top + h; i++) {
		int row = y + i - f->top, cells = (len[i] + steps - 1) / steps;

		ui_text(ui, row, 1, lw, UI_NORMAL, row_label(f->shown, &p->st.rows[i], label));
		bar_text(bar, sizeof bar, len[i], steps == 8);
		ui_text_at(ui, row, lw + 2, bw, UI_MARK, bar);
		ui_textf(ui, row, lw + 2 + cells + (cells > 0), nw + 1, UI_NORMAL, "%lld",
			 (long long)v[i]);
	}
	free(v);
	free(len);
}

/* The chart's heading: its title, and which rows show when they do not all fit. */
static void draw_heading(struct ui *ui, const struct figures *f, int y, int h)
{
	const struct part *p = &f->part[f->shown];
	int n = f->shown == CH_TOP && p->st.n > TOP ? TOP : p->st.n;

	ui_fill(ui, y, 0, 1, ui->cols, UI_HEADING);
	ui_text(ui, y, 1, ui->cols - 2, UI_HEADING, _(charts[f->shown].title));
	if (n > h) {
		/* TRANSLATORS: Figures: which bars show: "1-17 of 60" */
		char *where = xasprintf(_("%d-%d of %d"), f->top + 1,
					f->top + h < n ? f->top + h : n, n);
		int w = ui_width(where);

		ui_text_at(ui, y, ui->cols - w - 1, w, UI_HEADING, where);
		free(where);
	}
}

static void draw_chart(struct ui *ui, struct figures *f, int y, int h)
{
	const struct part *p = &f->part[f->shown];

	draw_heading(ui, f, y, h - 1);
	if (p->summary != NULL) {
		char *msg = p->detail != NULL && p->detail[0] != '\0' ?
			xasprintf("%s: %s (%s)", _("Could not load the figures"), _(p->summary),
				  p->detail) :
			xasprintf("%s: %s", _("Could not load the figures"), _(p->summary));

		ui_text_wrap(ui, y + 2, 1, h - 2, ui->cols - 2, UI_ERROR, msg);
		free(msg);
	} else if (!p->loaded) {
		ui_text(ui, y + 2, 1, ui->cols - 2, UI_DIM,
			_("Asking the hub for the figures... (keys still work)"));
	} else if (p->st.n == 0) {
		ui_text(ui, y + 2, 1, ui->cols - 2, UI_DIM,
			_("No figures for this period and county."));
	} else {
		draw_bars(ui, f, y + 1, h - 1);
	}
}

/* "Sessions 12 · Stories read 40 · ...", summed over the weeks (each day once). */
static void draw_totals(struct ui *ui, const struct figures *f, int y)
{
	const struct part *p = &f->part[CH_WEEK];
	struct review_stats_row t;

	if (!p->loaded || p->summary != NULL) {
		ui_fill(ui, y, 0, 1, ui->cols, UI_NORMAL);
		return;
	}
	review_stats_total(&p->st, &t);
	ui_textf(ui, y, 1, ui->cols - 2, UI_NORMAL,
		 "%s %lld \xc2\xb7 %s %lld \xc2\xb7 %s %lld \xc2\xb7 %s %lld \xc2\xb7 %s %lld",
		 _("Sessions"), (long long)t.sessions, _("Stories read"),
		 (long long)t.stories_read, _("Searches"), (long long)t.searches,
		 _("Inspired"), (long long)t.inspired, _("Requests"), (long long)t.requests);
}

/* The tabs, each clickable: "1 Municipalities  2 Requests ...". */
static void draw_tabs(struct ui *ui, const struct figures *f, int y)
{
	int c, x = 1;

	ui_fill(ui, y, 0, 1, ui->cols, UI_NORMAL);
	for (c = 0; c < CH_COUNT && x < ui->cols - 4; c++) {
		char tab[80];
		int w;

		snprintf(tab, sizeof tab, " %d %s ", c + 1, _(charts[c].tab));
		w = ui_text_at(ui, y, x, ui->cols - x - 1, c == (int)f->shown ? UI_SELECTED :
			       UI_BUTTON, tab);
		ui_click_area(ui, y, x, 1, w, ACT_SET_STATUS, c);
		x += w + 2;
	}
}

/* The period and the county: "2026-11-08 - 2026-12-07 (30 days) · All counties". */
static void draw_period(struct ui *ui, const struct figures *f, int y)
{
	const struct county *c = f->county >= 0 ? &counties[f->county] :
		county_find(f->part[f->shown].st.county);
	int n = periods[f->period];
	char *days = xasprintf(i18n_nget("%d day", "%d days", (unsigned long)n), n);

	ui_textf(ui, y, 1, ui->cols - 2, UI_DIM, "%s - %s (%s) \xc2\xb7 %s", f->from, f->to, days,
		 c != NULL ? county_name(c, i18n_language()) : _("All counties"));
	free(days);
}

static void draw_title(struct ui *ui, const struct figures *f)
{
	int used;

	ui_fill(ui, 0, 0, 1, ui->cols, UI_BAR);
	used = ui_text_at(ui, 0, 1, ui->cols - 2, UI_BAR, _("vitrina: figures"));
	ui_text(ui, 0, used + 3, ui->cols - used - 4, UI_BAR, review_client_url(hub(ui)));
	if (loading(f)) {
		const char *l = _("loading");
		int w = ui_width(l);

		ui_text_at(ui, 0, ui->cols - w - 1, w, UI_BAR, l);
	}
}

static void figures_draw(struct ui *ui, void *st)
{
	static const struct ui_key keys[] = {
		{ACT_BACK, NULL}, {ACT_NEXT, N_("Next chart")}, {ACT_EXPORT, NULL},
		{ACT_REFRESH, NULL}, {ACT_HELP, NULL},
	};
	struct figures *f = st;
	struct ui_button b[4];
	char days[64], county[64];

	draw_title(ui, f);
	snprintf(days, sizeof days, "%s: %d", _("Days"), periods[f->period]);
	snprintf(county, sizeof county, "%s: %s", ui_action_label(ACT_FILTER_COUNTY),
		 f->county < 0 ? _("all") : counties[f->county].code);
	b[0] = (struct ui_button){ACT_FILTER_STATUS, NULL, days, -1};
	b[1] = (struct ui_button){ACT_FILTER_COUNTY, NULL, county, -1};
	b[2] = (struct ui_button){ACT_PREV_PAGE, "[", _("Week earlier"), 7};
	b[3] = (struct ui_button){ACT_NEXT_PAGE, "]", _("Week later"), 7};
	ui_keybar_at(ui, 1, b, 4);
	draw_period(ui, f, 2);
	draw_totals(ui, f, 3);
	draw_tabs(ui, f, 4);
	draw_chart(ui, f, 5, ui->rows - 6);
	ui_keybar(ui, keys, (int)(sizeof keys / sizeof keys[0]));
}

/* ---- keys ---- */

static struct ui_result figures_tick(struct ui *ui, void *st)
{
	struct figures *f = st;

	if (!loading(f))
		return ui_stay();
	poll_parts(ui, f, POLL_MS);
	if (loading(f))
		ui_tick_soon(ui);
	return ui_redraw();
}

/* Move the period's end by days (or a month for 30), never past today. */
static struct ui_result move(struct ui *ui, struct figures *f, int days)
{
	char today[11], to[11];

	review_stats_today(today);
	if (days == 30 || days == -30)
		review_stats_month_add(f->to, days > 0 ? 1 : -1, to);
	else
		review_stats_day_add(f->to, days, to);
	if (strcmp(to, today) > 0)
		memcpy(to, today, sizeof to);
	if (strcmp(to, f->to) == 0)
		return ui_stay();
	memcpy(f->to, to, sizeof f->to);
	load(ui, f);
	return ui_redraw();
}

/* The number of bars of the chart shown and the rows they have. */
static int bar_rows(const struct ui *ui, const struct figures *f, int *n)
{
	const struct part *p = &f->part[f->shown];

	*n = f->shown == CH_TOP && p->st.n > TOP ? TOP : p->st.n;
	return ui->rows - 7;
}

static struct ui_result show(struct figures *f, int c)
{
	f->shown = (enum chart)((c + CH_COUNT) % CH_COUNT);
	f->top = 0;
	return ui_redraw();
}

static struct ui_result export(struct figures *f)
{
	snprintf(f->export_arg, sizeof f->export_arg, "%d %s %s %s", (int)charts[f->shown].by,
		 f->from, f->to, f->county >= 0 ? counties[f->county].code : "-");
	return ui_push(&screen_staff_export, f->export_arg);
}

static struct ui_result figures_key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct figures *f = st;
	int n, h = bar_rows(ui, f, &n);

	switch (ev->act) {
	case ACT_BACK:
		return ui_pop();
	case ACT_SET_STATUS:
		return show(f, ev->arg);
	case ACT_NEXT:
	case ACT_RIGHT:
		return show(f, (int)f->shown + 1);
	case ACT_PREV:
	case ACT_LEFT:
		return show(f, (int)f->shown - 1);
	case ACT_FILTER_STATUS:
		f->period = (f->period + 1) % NPERIOD;
		load(ui, f);
		return ui_redraw();
	case ACT_FILTER_COUNTY:
		f->county = f->county + 1 < COUNTY_COUNT ? f->county + 1 : -1;
		load(ui, f);
		return ui_redraw();
	case ACT_PREV_PAGE:
		return move(ui, f, -(ev->arg > 0 ? ev->arg : 7));
	case ACT_NEXT_PAGE:
		return move(ui, f, ev->arg > 0 ? ev->arg : 7);
	case ACT_REFRESH:
		load(ui, f);
		return ui_redraw();
	case ACT_EXPORT:
		return export(f);
	case ACT_HOME:
	case ACT_SEARCH:
	case ACT_ERASE:
		return ui_stay();
	default:
		break;
	}
	if (ui_scroll_key(ev, &f->top, n, h))
		return ui_redraw();
	return ui_unhandled();
}

const struct screen screen_staff_figures = {
	.name = "staff_figures",
	.flags = SCREEN_NO_IDLE | SCREEN_NO_SEARCH,
	.enter = figures_enter,
	.draw = figures_draw,
	.key = figures_key,
	.tick = figures_tick,
	.leave = figures_leave,
	.keys = figures_keys,
};
