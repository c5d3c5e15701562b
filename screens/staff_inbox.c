/* The staff inbox: the requests at the hub, newest first, a page at a time, with
 * filters by status, kind and county. The bottom screen of the review TUI; its state is
 * shared with the request screen through struct staff_app (staff.h).
 * The network never holds the keyboard for long: a load waits a moment for a quick
 * answer, then shows "loading" and finishes in tick() while keys keep working. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "regions.h"
#include "review.h"
#include "staff.h"
#include "text.h"
#include "util.h"

#define PAGE 100                /* requests a page */
#define QUICK_MS 250            /* how long a key waits for an answer before "loading" */
#define POLL_MS 100             /* how long one tick waits for the network */

struct staff_inbox {
	struct review_item *items;
	int n;
	bool more;                      /* a next page exists */
	bool loaded;                    /* a list arrived at least once */
	int page;                       /* 0-based */
	int status_f, kind_f;           /* -1 any, else an index of review_statuses/kinds */
	int county_f;                   /* -1 any, else an index of counties[] */
	struct ui_list list;
	struct review_call *call;       /* the load in flight, or NULL */
	int want_page;                  /* the page the call asks for */
	char *keep_id;                  /* select this request again after a load */
	char *error;                    /* the last load's problem (detail), or NULL */
	const char *summary;            /* and its N_() sentence, or NULL */
	bool tell;                      /* show error in a message box at the next tick */
	char loaded_at[8];              /* "12:03" */
};

/* The inbox's own keys (README "For staff"); F5 refreshes here, not "contact". */
static const struct ui_keydef inbox_keys[] = {
	{"s", ACT_FILTER_STATUS, 0, NULL},
	{"k", ACT_FILTER_KIND, 0, NULL},
	{"o", ACT_FILTER_COUNTY, 0, NULL},
	{"a", ACT_CLEAR_FILTERS, 0, NULL},
	{"n", ACT_NEXT_PAGE, 0, NULL},
	{"]", ACT_NEXT_PAGE, 0, NULL},
	{"p", ACT_PREV_PAGE, 0, NULL},
	{"[", ACT_PREV_PAGE, 0, NULL},
	{"r", ACT_REFRESH, 0, NULL},
	{"F5", ACT_REFRESH, 0, NULL},
	{"e", ACT_EXPORT, 0, NULL},
	/* TRANSLATORS: the key that opens the bar charts of the kiosks' usage */
	{"f", ACT_NOTE, 0, N_("Figures")},
	{"q", ACT_QUIT, 0, NULL},
	{"Q", ACT_QUIT, 0, NULL},
	{NULL, ACT_NONE, 0, NULL},
};

/* The hub client of the review TUI. */
static struct review_client *hub(const struct ui *ui)
{
	return ((const struct staff_app *)ui->app)->client;
}

static const char *status_filter(const struct staff_inbox *b)
{
	return b->status_f >= 0 ? review_statuses[b->status_f] : NULL;
}

static const char *kind_filter(const struct staff_inbox *b)
{
	return b->kind_f >= 0 ? review_kinds[b->kind_f] : NULL;
}

static const char *county_filter(const struct staff_inbox *b)
{
	return b->county_f >= 0 ? counties[b->county_f].code : NULL;
}

/* What a request is about and the first words of its message, on one line: "title ·
 * person, place: words" for a case, the partner's name, or the nominee and the place
 * (a new string). */
static char *first_words(const struct review_item *it)
{
	const char *m = it->message[0] != '\0' ? it->message : it->why;
	const struct municipality *mu;
	struct buf b = {0};
	char *s;

	if (it->case_title[0] != '\0') {
		mu = municipality_find(it->case_municipality);
		buf_addf(&b, "%s \xc2\xb7 %s, %s: ", it->case_title, it->case_person,
			 mu != NULL ? municipality_name(mu, i18n_language()) : "");
	} else if (it->partner_name[0] != '\0') {
		buf_addf(&b, "%s: ", it->partner_name);
	} else if (it->nominee[0] != '\0') {
		mu = municipality_find(it->nominee_municipality);
		buf_addf(&b, "%s, %s: ", it->nominee,
			 mu != NULL ? municipality_name(mu, i18n_language()) : "");
	}
	buf_adds(&b, m);
	s = text_sanitize(b.s != NULL ? b.s : "", b.len, 0);
	buf_free(&b);
	return s;
}

static void draw_row(struct ui *ui, void *ctx, int i, int y, int x, int w, bool selected)
{
	struct staff_inbox *b = ctx;
	const struct review_item *it = &b->items[i];
	enum ui_style st = selected ? UI_SELECTED : UI_NORMAL;
	char when[32], *words;
	int wide = w >= 110, cw, used = 0;
	const char *kiosk = it->kiosk_id;

	review_local_time(it->created_at, when, sizeof when);
	ui_fill(ui, y, x, 1, w, st);
	/* Columns: date, kind, status, county, kiosk, reference, first words. */
	cw = wide ? 17 : 12;
	ui_text(ui, y, x, cw - 1, st, wide ? when : when + 5);
	used += cw;
	cw = 11;
	ui_text(ui, y, x + used, cw - 1, st, _(review_kind_label(it->kind)));
	used += cw;
	cw = 12;
	ui_text(ui, y, x + used, cw - 1,
		selected ? st : strcmp(it->status, "new") == 0 ? UI_MARK : st,
		_(review_status_label(it->status)));
	used += cw;
	cw = wide ? 11 : 7;
	ui_text(ui, y, x + used, cw - 1, st, it->county[0] ? it->county : "-");
	used += cw;
	if (wide) {             /* narrow: the room goes to what the request is about */
		cw = 16;
		ui_text(ui, y, x + used, cw - 1, st, kiosk);
		used += cw;
	}
	cw = 10;
	ui_text(ui, y, x + used, cw - 1, st, it->ref);
	used += cw;
	if (w - used > 3) {
		words = first_words(it);
		ui_text(ui, y, x + used, w - used, selected ? st : UI_DIM, words);
		free(words);
	}
}

static void set_error_text(struct staff_inbox *b, const char *msg)
{
	free(b->error);
	b->error = msg != NULL ? xstrdup(msg) : NULL;
}

static void finish_load(struct staff_inbox *b)
{
	struct review_item *items;
	int n, i;
	time_t now = time(NULL);
	struct tm tm;

	if (review_call_outcome(b->call) != REVIEW_OK) {
		set_error_text(b, review_call_error(b->call));
		b->summary = review_call_summary(b->call);
		b->tell = true;
		review_call_free(b->call);
		b->call = NULL;
		return;
	}
	n = review_call_items(b->call, &items, true);
	review_call_free(b->call);
	b->call = NULL;
	review_items_free(b->items, b->n);
	b->more = n > PAGE;
	while (n > PAGE)
		review_item_free(&items[--n]);
	b->items = items;
	b->n = n;
	b->page = b->want_page;
	b->loaded = true;
	set_error_text(b, NULL);
	b->summary = NULL;
	if (localtime_r(&now, &tm) != NULL)
		strftime(b->loaded_at, sizeof b->loaded_at, "%H:%M", &tm);
	ui_list_set_count(&b->list, n);
	b->list.sel = 0;
	b->list.top = 0;
	for (i = 0; b->keep_id != NULL && i < n; i++) {
		if (strcmp(items[i].id, b->keep_id) == 0)
			b->list.sel = i;
	}
	free(b->keep_id);
	b->keep_id = NULL;
}

/* Start loading page (dropping a load in flight) and wait a moment for a quick answer. */
static void start_load(struct ui *ui, struct staff_inbox *b, int page)
{
	struct review_filter f;
	int64_t end = now_ms_monotonic() + QUICK_MS;

	review_call_free(b->call);
	memset(&f, 0, sizeof f);
	f.status = status_filter(b);
	f.kind = kind_filter(b);
	f.county = county_filter(b);
	f.limit = PAGE + 1;
	f.offset = page * PAGE;
	b->want_page = page;
	b->call = review_list_start(hub(ui), &f);
	while (review_call_outcome(b->call) == REVIEW_RUNNING && now_ms_monotonic() < end)
		review_poll(hub(ui), (int)(end - now_ms_monotonic()), -1);
	if (review_call_outcome(b->call) != REVIEW_RUNNING)
		finish_load(b);
	else
		ui_tick_soon(ui);
}

static void *inbox_enter(struct ui *ui, const char *arg)
{
	struct staff_inbox *b = xcalloc(1, sizeof *b);

	(void)arg;
	b->status_f = -1;
	b->kind_f = -1;
	b->county_f = -1;
	b->list.draw_row = draw_row;
	b->list.ctx = b;
	((struct staff_app *)ui->app)->inbox = b;
	start_load(ui, b, 0);
	return b;
}

static void inbox_leave(struct ui *ui, void *st)
{
	struct staff_inbox *b = st;
	struct staff_app *a = ui->app;

	review_call_free(b->call);
	review_items_free(b->items, b->n);
	free(b->keep_id);
	free(b->error);
	if (a->inbox == b)
		a->inbox = NULL;
	free(b);
}

static void draw_counts(struct ui *ui, struct staff_inbox *b, int y)
{
	int counts[REVIEW_NSTATUS] = {0}, i, j;
	struct buf s = {0};

	for (i = 0; i < b->n; i++) {
		for (j = 0; j < REVIEW_NSTATUS; j++) {
			if (strcmp(b->items[i].status, review_statuses[j]) == 0)
				counts[j]++;
		}
	}
	if (b->n == 0) {
		buf_adds(&s, _("No requests match."));
	} else {
		/* TRANSLATORS: the inbox's page line: "Page 2: 101-150" */
		buf_addf(&s, _("Page %d: %d-%d"), b->page + 1, b->page * PAGE + 1,
			 b->page * PAGE + b->n);
		for (j = 0; j < REVIEW_NSTATUS; j++) {
			if (counts[j] > 0)
				buf_addf(&s, " \xc2\xb7 %d %s", counts[j],
					 _(review_status_label(review_statuses[j])));
		}
		if (b->more)
			buf_addf(&s, " \xc2\xb7 %s", _("more on the next page (n)"));
	}
	ui_text(ui, y, 1, ui->cols - 2, UI_DIM, s.s);
	buf_free(&s);
}

/* The title bar: what this is, the hub, and when the list was loaded. */
static void draw_title(struct ui *ui, const struct staff_inbox *b)
{
	int used;

	ui_fill(ui, 0, 0, 1, ui->cols, UI_BAR);
	used = ui_text_at(ui, 0, 1, ui->cols - 2, UI_BAR, _("vitrina: requests"));
	if (b->loaded_at[0] != '\0') {
		char when[64];
		int w;

		/* TRANSLATORS: when the inbox was last loaded from the hub: "loaded 12:03" */
		snprintf(when, sizeof when, "%s %s", _("loaded"), b->loaded_at);
		w = ui_width(when);
		ui_text_at(ui, 0, ui->cols - w - 1, w, UI_BAR, when);
		ui_text(ui, 0, used + 3, ui->cols - used - w - 6, UI_BAR,
			review_client_url(hub(ui)));
	} else {
		ui_text(ui, 0, used + 3, ui->cols - used - 4, UI_BAR, review_client_url(hub(ui)));
	}
}

/* The filters and the pages as buttons ("s Status: new"), their keys from inbox_keys. */
static void draw_filters(struct ui *ui, const struct staff_inbox *b, int y)
{
	char status[64], kind[64], county[64];
	struct ui_button filters[5];

	snprintf(status, sizeof status, "%s: %s", ui_action_label(ACT_FILTER_STATUS),
		 b->status_f < 0 ? _("all") : _(review_status_label(status_filter(b))));
	snprintf(kind, sizeof kind, "%s: %s", ui_action_label(ACT_FILTER_KIND),
		 b->kind_f < 0 ? _("all") : _(review_kind_label(kind_filter(b))));
	snprintf(county, sizeof county, "%s: %s", ui_action_label(ACT_FILTER_COUNTY),
		 b->county_f < 0 ? _("all") : county_filter(b));
	filters[0] = (struct ui_button){ACT_FILTER_STATUS, NULL, status, -1};
	filters[1] = (struct ui_button){ACT_FILTER_KIND, NULL, kind, -1};
	filters[2] = (struct ui_button){ACT_FILTER_COUNTY, NULL, county, -1};
	filters[3] = (struct ui_button){ACT_NEXT_PAGE, NULL, NULL, -1};
	filters[4] = (struct ui_button){ACT_PREV_PAGE, NULL, NULL, -1};
	ui_keybar_at(ui, y, filters, 5);
}

static void draw_heading(struct ui *ui, int y)
{
	int x = 3, wide = ui->cols - 3 >= 110;

	ui_fill(ui, y, 0, 1, ui->cols, UI_HEADING);
	ui_text(ui, y, x, wide ? 16 : 11, UI_HEADING, _("Made"));
	x += wide ? 17 : 12;
	ui_text(ui, y, x, 10, UI_HEADING, _("Kind"));
	x += 11;
	ui_text(ui, y, x, 11, UI_HEADING, _("Status"));
	x += 12;
	ui_text(ui, y, x, wide ? 10 : 6, UI_HEADING, _("County"));
	x += wide ? 11 : 7;
	if (wide) {
		ui_text(ui, y, x, 15, UI_HEADING, _("Kiosk"));
		x += 16;
	}
	ui_text(ui, y, x, 9, UI_HEADING, _("Reference"));
	x += 10;
	ui_text(ui, y, x, ui->cols - x - 1, UI_HEADING, _("About and message"));
}

static void inbox_draw(struct ui *ui, void *st)
{
	/* the bottom screen: q is its way out (Esc only stops a load) */
	static const struct ui_key keys[] = {
		{ACT_QUIT, NULL}, {ACT_OPEN, NULL}, {ACT_REFRESH, NULL}, {ACT_EXPORT, NULL},
		{ACT_NOTE, NULL}, {ACT_HELP, NULL},
	};
	struct staff_inbox *b = st;
	int listh = ui->rows - 6;

	draw_title(ui, b);
	draw_filters(ui, b, 1);
	draw_counts(ui, b, 2);
	draw_heading(ui, 3);
	ui_list_draw(ui, &b->list, 4, 0, listh, ui->cols);
	if (b->n == 0 && b->loaded)
		ui_text_center(ui, 4 + listh / 2, 0, ui->cols, UI_DIM,
			       _("No requests here. Press s or k to change the filters."));

	if (b->error != NULL && b->summary != NULL)
		ui_textf(ui, ui->rows - 2, 1, ui->cols - 2, UI_ERROR, "%s: %s (%s)",
			 _("Could not load"), _(b->summary), b->error);
	else if (b->error != NULL)
		ui_textf(ui, ui->rows - 2, 1, ui->cols - 2, UI_ERROR, "%s: %s",
			 _("Could not load"), _(b->error));
	else
		ui_fill(ui, ui->rows - 2, 0, 1, ui->cols, UI_NORMAL);
	ui_keybar(ui, keys, (int)(sizeof keys / sizeof keys[0]));

	if (b->call != NULL)
		ui_msgbox_draw(ui, _("Loading"), _("Asking the hub for the requests... "
						   "(Esc stops waiting)"), NULL, 0);
}

/* The load's problem in a box: the plain sentence, then the detail. */
static struct ui_result tell(struct ui *ui, struct staff_inbox *b)
{
	const char *sum = b->summary != NULL ? _(b->summary) : "";
	char *msg = xasprintf("%s (%s)", sum, b->error);
	struct ui_result r = ui_message(ui, N_("Could not load the requests"), msg);

	free(msg);
	return r;
}

static struct ui_result inbox_tick(struct ui *ui, void *st)
{
	struct staff_inbox *b = st;

	if (b->tell && b->call == NULL && b->error != NULL) {
		b->tell = false;
		return tell(ui, b);
	}
	if (b->call == NULL)
		return ui_stay();
	review_poll(hub(ui), POLL_MS, STDIN_FILENO);
	if (review_call_outcome(b->call) == REVIEW_RUNNING) {
		ui_tick_soon(ui);
		return ui_stay();
	}
	finish_load(b);
	if (b->tell) {
		b->tell = false;
		return tell(ui, b);
	}
	return ui_redraw();
}

/* Reload the page shown, keeping the selected request selected. */
static struct ui_result refresh(struct ui *ui, struct staff_inbox *b)
{
	free(b->keep_id);
	b->keep_id = b->n > 0 ? xstrdup(b->items[b->list.sel].id) : NULL;
	start_load(ui, b, b->page);
	return ui_redraw();
}

/* The next choice of a filter (after the last: any), from the first page. */
static struct ui_result next_filter(struct ui *ui, struct staff_inbox *b, int *f, int n)
{
	*f = *f + 1 < n ? *f + 1 : -1;
	start_load(ui, b, 0);
	return ui_redraw();
}

/* The inbox's own actions; ui_unhandled() for the others. */
static struct ui_result inbox_action(struct ui *ui, struct staff_inbox *b, enum action act)
{
	switch (act) {
	case ACT_QUIT:
		return (struct ui_result){UI_QUIT, NULL, NULL};
	case ACT_FILTER_STATUS:
		return next_filter(ui, b, &b->status_f, REVIEW_NSTATUS);
	case ACT_FILTER_KIND:
		return next_filter(ui, b, &b->kind_f, REVIEW_NKIND);
	case ACT_FILTER_COUNTY:
		return next_filter(ui, b, &b->county_f, COUNTY_COUNT);
	case ACT_CLEAR_FILTERS:
		b->status_f = -1;
		b->kind_f = -1;
		b->county_f = -1;
		start_load(ui, b, 0);
		return ui_redraw();
	case ACT_NEXT_PAGE:
		if (!b->more)
			return ui_message(ui, N_("Last page"), N_("There is no next page."));
		start_load(ui, b, b->page + 1);
		return ui_redraw();
	case ACT_PREV_PAGE:
		if (b->page == 0)
			return ui_stay();
		start_load(ui, b, b->page - 1);
		return ui_redraw();
	case ACT_REFRESH:
		return refresh(ui, b);
	case ACT_EXPORT:
		return ui_push(&screen_staff_export, NULL);
	case ACT_NOTE:          /* f: the figures */
		return ui_push(&screen_staff_figures, NULL);
	case ACT_BACK:
	case ACT_ERASE:
	case ACT_HOME:
	case ACT_SEARCH:
		return ui_stay();
	default:
		return ui_unhandled();
	}
}

static struct ui_result inbox_key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct staff_inbox *b = st;
	struct ui_result r;
	enum ui_list_result lr;

	if (b->call != NULL) {
		/* Only waiting can be stopped while a load runs. */
		if (ev->act == ACT_BACK) {
			review_call_free(b->call);
			b->call = NULL;
			set_error_text(b, N_("stopped waiting for the hub; r tries again"));
			b->summary = NULL;
			return ui_redraw();
		}
		if (ev->act == ACT_QUIT)
			return (struct ui_result){UI_QUIT, NULL, NULL};
		return ui_stay();
	}
	r = inbox_action(ui, b, ev->act);
	if (r.next != UI_UNHANDLED)
		return r;
	lr = ui_list_key(&b->list, ev);
	if (lr == UI_LIST_OPEN && b->n > 0)
		return ui_push(&screen_staff_request, b->items[b->list.sel].id);
	if (lr == UI_LIST_MOVED)
		return ui_redraw();
	return ui_unhandled();          /* '?' and F2: the loop's help and language */
}

const struct screen screen_staff_inbox = {
	.name = "staff_inbox",
	.flags = SCREEN_NO_IDLE | SCREEN_NO_SEARCH,
	.enter = inbox_enter,
	.draw = inbox_draw,
	.key = inbox_key,
	.tick = inbox_tick,
	.leave = inbox_leave,
	.keys = inbox_keys,
};

void staff_inbox_changed(struct staff_app *a, const struct review_item *it)
{
	struct staff_inbox *b = a->inbox;
	int i;

	for (i = 0; b != NULL && i < b->n; i++) {
		struct review_item *r = &b->items[i];

		if (strcmp(r->id, it->id) != 0)
			continue;
		free(r->status);
		r->status = xstrdup(it->status);
		free(r->updated_at);
		r->updated_at = xstrdup(it->updated_at);
		r->version = it->version;
		b->list.sel = i;
	}
}

const char *staff_inbox_neighbour(const struct staff_app *a, const char *id, int dir)
{
	const struct staff_inbox *b = a->inbox;
	int i;

	for (i = 0; b != NULL && i < b->n; i++) {
		if (strcmp(b->items[i].id, id) == 0) {
			if (i + dir < 0 || i + dir >= b->n)
				return NULL;
			return b->items[i + dir].id;
		}
	}
	return NULL;
}

void staff_inbox_filter(const struct staff_app *a, struct review_filter *f)
{
	memset(f, 0, sizeof *f);
	if (a->inbox == NULL)
		return;
	f->status = status_filter(a->inbox);
	f->kind = kind_filter(a->inbox);
	f->county = county_filter(a->inbox);
}
