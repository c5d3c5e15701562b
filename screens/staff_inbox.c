/* The staff inbox: the requests at the hub, newest first, a page at a time, with
 * filters by status and kind; also the help and CSV export overlays of the review TUI.
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
#include "ui_field.h"
#include "util.h"

#define PAGE 100                /* requests a page */
#define QUICK_MS 250            /* how long a key waits for an answer before "loading" */
#define POLL_MS 100             /* how long one tick waits for the network */

static struct review_client *client;

void staff_set_client(struct review_client *c)
{
	client = c;
}

struct review_client *staff_client(void)
{
	return client;
}

/* ---- the inbox ---- */

struct inbox {
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
	char *error;                    /* the last load's problem, or NULL */
	bool tell;                      /* show error in a message box at the next tick */
	char loaded_at[8];              /* "12:03" */
};

static struct inbox *current;

static const char *status_filter(const struct inbox *b)
{
	return b->status_f >= 0 ? review_statuses[b->status_f] : NULL;
}

static const char *kind_filter(const struct inbox *b)
{
	return b->kind_f >= 0 ? review_kinds[b->kind_f] : NULL;
}

static const char *county_filter(const struct inbox *b)
{
	return b->county_f >= 0 ? counties[b->county_f].code : NULL;
}

/* The first words of a message on one line (a new string). */
static char *first_words(const struct review_item *it)
{
	const char *m = it->message[0] != '\0' ? it->message : it->why;

	return text_sanitize(m, strlen(m), 0);
}

static void draw_row(struct ui *ui, void *ctx, int i, int y, int x, int w, bool selected)
{
	struct inbox *b = ctx;
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
	cw = wide ? 16 : 9;
	ui_text(ui, y, x + used, cw - 1, st, kiosk);
	used += cw;
	cw = 10;
	ui_text(ui, y, x + used, cw - 1, st, it->ref);
	used += cw;
	if (w - used > 3) {
		words = first_words(it);
		ui_text(ui, y, x + used, w - used, selected ? st : UI_DIM, words);
		free(words);
	}
}

static void set_error_text(struct inbox *b, const char *msg)
{
	free(b->error);
	b->error = msg != NULL ? xstrdup(msg) : NULL;
}

static void finish_load(struct inbox *b)
{
	struct review_item *items;
	int n, i;
	time_t now = time(NULL);
	struct tm tm;

	if (review_call_outcome(b->call) != REVIEW_OK) {
		set_error_text(b, review_call_error(b->call));
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
static void start_load(struct ui *ui, struct inbox *b, int page)
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
	b->call = review_list_start(client, &f);
	while (review_call_outcome(b->call) == REVIEW_RUNNING && now_ms_monotonic() < end)
		review_poll(client, (int)(end - now_ms_monotonic()), -1);
	if (review_call_outcome(b->call) != REVIEW_RUNNING)
		finish_load(b);
	else
		ui_tick_soon(ui);
}

static void *inbox_enter(struct ui *ui, const char *arg)
{
	struct inbox *b = xcalloc(1, sizeof *b);

	(void)arg;
	b->status_f = -1;
	b->kind_f = -1;
	b->county_f = -1;
	b->list.draw_row = draw_row;
	b->list.ctx = b;
	current = b;
	start_load(ui, b, 0);
	return b;
}

static void inbox_leave(struct ui *ui, void *st)
{
	struct inbox *b = st;

	(void)ui;
	review_call_free(b->call);
	review_items_free(b->items, b->n);
	free(b->keep_id);
	free(b->error);
	if (current == b)
		current = NULL;
	free(b);
}

static void draw_counts(struct ui *ui, struct inbox *b, int y)
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

static void inbox_draw(struct ui *ui, void *st)
{
	struct inbox *b = st;
	char status[64], kind[64], county[64];
	int listh = ui->rows - 6, used;
	struct ui_button filters[5], keys[6];

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
			review_client_url(client));
	} else {
		ui_text(ui, 0, used + 3, ui->cols - used - 4, UI_BAR, review_client_url(client));
	}

	snprintf(status, sizeof status, "%s: %s", _("Status"),
		 b->status_f < 0 ? _("all") : _(review_status_label(status_filter(b))));
	snprintf(kind, sizeof kind, "%s: %s", _("Kind"),
		 b->kind_f < 0 ? _("all") : _(review_kind_label(kind_filter(b))));
	snprintf(county, sizeof county, "%s: %s", _("County"),
		 b->county_f < 0 ? _("all") : county_filter(b));
	filters[0] = (struct ui_button){ACT_CHAR, "s", status, 's'};
	filters[1] = (struct ui_button){ACT_CHAR, "k", kind, 'k'};
	filters[2] = (struct ui_button){ACT_CHAR, "o", county, 'o'};
	filters[3] = (struct ui_button){ACT_CHAR, "n", _("Next page"), 'n'};
	filters[4] = (struct ui_button){ACT_CHAR, "p", _("Previous page"), 'p'};
	ui_keybar_at(ui, 1, filters, 5);
	draw_counts(ui, b, 2);

	{
		int x = 3, wide = ui->cols - 3 >= 110;

		ui_fill(ui, 3, 0, 1, ui->cols, UI_HEADING);
		ui_text(ui, 3, x, wide ? 16 : 11, UI_HEADING, _("Made"));
		x += wide ? 17 : 12;
		ui_text(ui, 3, x, 10, UI_HEADING, _("Kind"));
		x += 11;
		ui_text(ui, 3, x, 11, UI_HEADING, _("Status"));
		x += 12;
		ui_text(ui, 3, x, wide ? 10 : 6, UI_HEADING, _("County"));
		x += wide ? 11 : 7;
		ui_text(ui, 3, x, wide ? 15 : 8, UI_HEADING, _("Kiosk"));
		x += wide ? 16 : 9;
		ui_text(ui, 3, x, 9, UI_HEADING, _("Reference"));
		x += 10;
		ui_text(ui, 3, x, ui->cols - x - 1, UI_HEADING, _("Message"));
	}
	ui_list_draw(ui, &b->list, 4, 0, listh, ui->cols);
	if (b->n == 0 && b->loaded)
		ui_text_center(ui, 4 + listh / 2, 0, ui->cols, UI_DIM,
			       _("No requests here. Press s or k to change the filters."));

	if (b->error != NULL)
		ui_textf(ui, ui->rows - 2, 1, ui->cols - 2, UI_ERROR, "%s: %s",
			 _("Could not load"), b->error);
	else
		ui_fill(ui, ui->rows - 2, 0, 1, ui->cols, UI_NORMAL);

	keys[0] = (struct ui_button){ACT_OPEN, NULL, _("Open"), -1};
	keys[1] = (struct ui_button){ACT_CHAR, "r", _("Refresh"), 'r'};
	keys[2] = (struct ui_button){ACT_CHAR, "e", _("Export CSV"), 'e'};
	keys[3] = (struct ui_button){ACT_HELP, NULL, _("Help"), -1};
	keys[4] = (struct ui_button){ACT_CHAR, "q", _("Quit"), 'q'};
	ui_keybar_at(ui, ui->rows - 1, keys, 5);

	if (b->call != NULL)
		ui_msgbox_draw(ui, _("Loading"), _("Asking the hub for the requests... "
						   "(Esc stops waiting)"), NULL, 0);
}

static struct ui_result inbox_tick(struct ui *ui, void *st)
{
	struct inbox *b = st;

	if (b->tell && b->call == NULL && b->error != NULL) {
		b->tell = false;
		return ui_message(ui, N_("Could not load the requests"), b->error);
	}
	if (b->call == NULL)
		return ui_stay();
	review_poll(client, POLL_MS, STDIN_FILENO);
	if (review_call_outcome(b->call) == REVIEW_RUNNING) {
		ui_tick_soon(ui);
		return ui_stay();
	}
	finish_load(b);
	if (b->tell) {
		b->tell = false;
		return ui_message(ui, N_("Could not load the requests"), b->error);
	}
	return ui_redraw();
}

static struct ui_result inbox_key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct inbox *b = st;
	enum ui_list_result lr;

	if (b->call != NULL) {
		/* Only waiting can be stopped while a load runs. */
		if (ev->act == ACT_BACK) {
			review_call_free(b->call);
			b->call = NULL;
			set_error_text(b, "stopped waiting for the hub; r tries again");
			return ui_redraw();
		}
		if (ev->act == ACT_CHAR && ev->ch == 'q')
			return (struct ui_result){UI_QUIT, NULL, NULL};
		return ui_stay();
	}
	if (ev->act == ACT_CHAR) {
		switch (ev->ch) {
		case 'q':
		case 'Q':
			return (struct ui_result){UI_QUIT, NULL, NULL};
		case 's':
			b->status_f = b->status_f + 1 < REVIEW_NSTATUS ? b->status_f + 1 : -1;
			start_load(ui, b, 0);
			return ui_redraw();
		case 'k':
			b->kind_f = b->kind_f + 1 < REVIEW_NKIND ? b->kind_f + 1 : -1;
			start_load(ui, b, 0);
			return ui_redraw();
		case 'o':
			b->county_f = b->county_f + 1 < COUNTY_COUNT ? b->county_f + 1 : -1;
			start_load(ui, b, 0);
			return ui_redraw();
		case 'a':
			b->status_f = -1;
			b->kind_f = -1;
			b->county_f = -1;
			start_load(ui, b, 0);
			return ui_redraw();
		case 'n':
		case ']':
			if (!b->more)
				return ui_message(ui, N_("Last page"),
						  N_("There is no next page."));
			start_load(ui, b, b->page + 1);
			return ui_redraw();
		case 'p':
		case '[':
			if (b->page == 0)
				return ui_stay();
			start_load(ui, b, b->page - 1);
			return ui_redraw();
		case 'r':
			if (b->n > 0)
				b->keep_id = xstrdup(b->items[b->list.sel].id);
			start_load(ui, b, b->page);
			return ui_redraw();
		case 'e':
			return ui_push(&screen_staff_export, NULL);
		default:
			return ui_unhandled();  /* '?': the loop's help */
		}
	}
	switch (ev->act) {
	case ACT_CONTACT:               /* F5: refresh, as everywhere */
		if (b->n > 0)
			b->keep_id = xstrdup(b->items[b->list.sel].id);
		start_load(ui, b, b->page);
		return ui_redraw();
	case ACT_BACK:
	case ACT_ERASE:
	case ACT_HOME:
	case ACT_SEARCH:
		return ui_stay();
	default:
		break;
	}
	lr = ui_list_key(&b->list, ev);
	if (lr == UI_LIST_OPEN && b->n > 0)
		return ui_push(&screen_staff_request, b->items[b->list.sel].id);
	if (lr == UI_LIST_MOVED)
		return ui_redraw();
	return ui_unhandled();
}

const struct screen screen_staff_inbox = {
	.name = "staff_inbox",
	.flags = SCREEN_NO_IDLE | SCREEN_NO_SEARCH,
	.enter = inbox_enter,
	.draw = inbox_draw,
	.key = inbox_key,
	.tick = inbox_tick,
	.leave = inbox_leave,
};

void staff_inbox_changed(const struct review_item *it)
{
	int i;

	if (current == NULL)
		return;
	for (i = 0; i < current->n; i++) {
		struct review_item *r = &current->items[i];

		if (strcmp(r->id, it->id) != 0)
			continue;
		free(r->status);
		r->status = xstrdup(it->status);
		free(r->updated_at);
		r->updated_at = xstrdup(it->updated_at);
		r->version = it->version;
		current->list.sel = i;
	}
}

const char *staff_inbox_neighbour(const char *id, int dir)
{
	int i;

	if (current == NULL)
		return NULL;
	for (i = 0; i < current->n; i++) {
		if (strcmp(current->items[i].id, id) == 0) {
			if (i + dir < 0 || i + dir >= current->n)
				return NULL;
			return current->items[i + dir].id;
		}
	}
	return NULL;
}

/* ---- help ---- */

static const char *const help_lines[] = {
	N_("Inbox"),
	N_("Arrows, PgUp, PgDn, Home, End: move   Enter or a click: open"),
	N_("s: filter by status (all, new, in progress, forwarded, closed, spam)"),
	N_("k: filter by kind (all, contact, nomination)   o: by county"),
	N_("a: show all again"),
	N_("n and p: next and previous page   r or F5: load again from the hub"),
	N_("e: export the list as it is filtered to a CSV file   q: quit"),
	"",
	N_("Request"),
	N_("n new, i in progress, f forwarded, c closed, s spam: set the status"),
	N_("a: add a note (F10 saves it, Esc puts it aside)   r or F5: load again"),
	N_("] and [: the next and previous request   Esc: back to the inbox"),
	"",
	N_("F2: language. You see only what the hub lets your token see."),
};

static void help_draw(struct ui *ui, void *st)
{
	int n = (int)(sizeof help_lines / sizeof help_lines[0]), h = n + 4, i;
	int w = ui->cols - 4 < 90 ? ui->cols - 4 : 90, y = (ui->rows - h) / 2;
	int x = (ui->cols - w) / 2;

	(void)st;
	ui_box(ui, y, x, h, w, UI_FRAME, _("Keys"));
	for (i = 0; i < n; i++) {
		bool head = help_lines[i][0] != '\0' && strchr(help_lines[i], ':') == NULL &&
			    i != n - 1;

		ui_text(ui, y + 2 + i, x + 2, w - 4, head ? UI_HEADING : UI_NORMAL,
			help_lines[i][0] != '\0' ? _(help_lines[i]) : "");
	}
}

static struct ui_result help_key(struct ui *ui, void *st, const struct ui_event *ev)
{
	(void)ui, (void)st;
	if (ev->act == ACT_LANG)
		return ui_unhandled();
	return ui_pop();
}

const struct screen screen_staff_help = {
	.name = "staff_help",
	.flags = SCREEN_OVERLAY | SCREEN_NO_IDLE | SCREEN_NO_SEARCH,
	.draw = help_draw,
	.key = help_key,
};

/* ---- CSV export ---- */

struct export {
	struct ui_field path;
	int charset;                    /* 0 utf-8, 1 windows-1257 */
	int focus;                      /* 0 the file name, 1 the charset */
	struct review_call *call;
	char *done;                     /* the outcome to show, or NULL */
	bool failed;
};

static const char *const charsets[2] = {"utf-8", "windows-1257"};

static void *export_enter(struct ui *ui, const char *arg)
{
	struct export *e = xcalloc(1, sizeof *e);
	char name[64];
	time_t now = time(NULL);
	struct tm tm;

	(void)ui, (void)arg;
	ui_field_init(&e->path, 1024, 0);
	if (localtime_r(&now, &tm) != NULL)
		strftime(name, sizeof name, "requests-%Y-%m-%d.csv", &tm);
	else
		snprintf(name, sizeof name, "requests.csv");
	ui_field_set(&e->path, name);
	e->path.cur = e->path.len;
	return e;
}

static void export_leave(struct ui *ui, void *st)
{
	struct export *e = st;

	(void)ui;
	review_call_free(e->call);
	ui_field_free(&e->path);
	free(e->done);
	free(e);
}

static void export_draw(struct ui *ui, void *st)
{
	struct export *e = st;
	int w = ui->cols - 8 < 70 ? ui->cols - 8 : 70, h = 12;
	int y = (ui->rows - h) / 2, x = (ui->cols - w) / 2, i, cx;
	struct ui_button keys[3];

	ui_box(ui, y, x, h, w, UI_FRAME, _("Export CSV"));
	if (current != NULL) {
		char what[160];

		snprintf(what, sizeof what, "%s: %s   %s: %s", _("Status"),
			 current->status_f < 0 ? _("all")
					       : _(review_status_label(status_filter(current))),
			 _("Kind"), current->kind_f < 0 ? _("all")
						     : _(review_kind_label(kind_filter(current))));
		if (current->county_f >= 0) {
			size_t l = strlen(what);

			snprintf(what + l, sizeof what - l, "   %s: %s", _("County"),
				 county_filter(current));
		}
		ui_text(ui, y + 1, x + 2, w - 4, UI_DIM, what);
	}
	ui_text(ui, y + 3, x + 2, w - 4, e->focus == 0 ? UI_HEADING : UI_NORMAL,
		_("File name:"));
	ui_fill(ui, y + 4, x + 2, 1, w - 4, e->focus == 0 ? UI_FIELD_FOCUS : UI_FIELD);
	ui_field_render(ui, &e->path, y + 4, x + 2, 1, w - 4, e->focus == 0 && e->call == NULL);
	ui_click_area(ui, y + 4, x + 2, 1, w - 4, ACT_CLICK, 1000);
	ui_text(ui, y + 6, x + 2, 20, e->focus == 1 ? UI_HEADING : UI_NORMAL, _("Characters:"));
	cx = x + 22;
	for (i = 0; i < 2; i++) {
		const char *label = i == 0 ? "UTF-8" : "Windows-1257";
		char l[40];

		snprintf(l, sizeof l, "(%s) %s", e->charset == i ? "*" : " ", label);
		ui_text_at(ui, y + 6, cx, ui_width(l), e->charset == i ? UI_SELECTED : UI_NORMAL,
			   l);
		ui_click_area(ui, y + 6, cx, 1, ui_width(l), ACT_CLICK, 1001 + i);
		cx += ui_width(l) + 3;
	}
	ui_text(ui, y + 7, x + 2, w - 4, UI_DIM,
		_("UTF-8 for most programs; Windows-1257 for old Excel in Lithuanian."));
	if (e->call != NULL)
		ui_text(ui, y + 9, x + 2, w - 4, UI_NORMAL, _("Downloading... (Esc stops)"));
	else if (e->done != NULL)
		ui_text(ui, y + 9, x + 2, w - 4, e->failed ? UI_ERROR : UI_OK, e->done);
	if (e->done != NULL && !e->failed)
		keys[0] = (struct ui_button){ACT_OPEN, NULL, _("Close"), -1};
	else
		keys[0] = (struct ui_button){ACT_OPEN, NULL, _("Save"), -1};
	keys[1] = (struct ui_button){ACT_NEXT, NULL, _("Next field"), -1};
	keys[2] = (struct ui_button){ACT_BACK, NULL, _("Cancel"), -1};
	ui_keybar_at(ui, ui->rows - 1, keys, 3);
}

static void export_finish(struct export *e)
{
	free(e->done);
	if (review_call_outcome(e->call) == REVIEW_OK) {
		char *full = realpath(e->path.text, NULL);

		/* TRANSLATORS: after the CSV export: "Saved 12345 bytes to /home/ona/r.csv" */
		e->done = xasprintf(_("Saved %lld bytes to %s"),
				    (long long)review_call_bytes(e->call),
				    full != NULL ? full : e->path.text);
		free(full);
		e->failed = false;
	} else {
		e->done = xasprintf("%s: %s", _("Not saved"), review_call_error(e->call));
		e->failed = true;
	}
	review_call_free(e->call);
	e->call = NULL;
}

static struct ui_result export_tick(struct ui *ui, void *st)
{
	struct export *e = st;

	if (e->call == NULL)
		return ui_stay();
	review_poll(client, POLL_MS, STDIN_FILENO);
	if (review_call_outcome(e->call) == REVIEW_RUNNING) {
		ui_tick_soon(ui);
		return ui_stay();
	}
	export_finish(e);
	return ui_redraw();
}

static struct ui_result export_key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct export *e = st;
	int tag = ui_click_tag(ui);
	struct review_filter f;

	if (e->call != NULL) {
		if (ev->act == ACT_BACK) {
			review_call_free(e->call);
			e->call = NULL;
			free(e->done);
			e->done = xstrdup(_("Stopped; nothing was saved."));
			e->failed = true;
			return ui_redraw();
		}
		return ui_stay();
	}
	if (ev->act == ACT_CLICK && tag >= 1000) {
		e->focus = tag == 1000 ? 0 : 1;
		if (tag > 1000)
			e->charset = tag - 1001;
		return ui_redraw();
	}
	switch (ev->act) {
	case ACT_BACK:
		return ui_pop();
	case ACT_NEXT:
	case ACT_PREV:
	case ACT_UP:
	case ACT_DOWN:
		e->focus = !e->focus;
		return ui_redraw();
	case ACT_OPEN:
		if (e->done != NULL && !e->failed)
			return ui_pop();
		if (ui_field_blank(&e->path)) {
			free(e->done);
			e->done = xstrdup(_("Give a file name."));
			e->failed = true;
			return ui_redraw();
		}
		memset(&f, 0, sizeof f);
		if (current != NULL) {
			f.status = status_filter(current);
			f.kind = kind_filter(current);
			f.county = county_filter(current);
		}
		free(e->done);
		e->done = NULL;
		e->call = review_csv_start(client, &f, charsets[e->charset], e->path.text);
		if (review_call_outcome(e->call) != REVIEW_RUNNING)
			export_finish(e);
		else
			ui_tick_soon(ui);
		return ui_redraw();
	case ACT_HELP:
	case ACT_LANG:
		return ui_unhandled();
	default:
		break;
	}
	if (e->focus == 1) {
		if (ev->act == ACT_LEFT || ev->act == ACT_RIGHT ||
		    (ev->act == ACT_CHAR && ev->ch == ' ')) {
			e->charset = !e->charset;
			return ui_redraw();
		}
		return ui_stay();
	}
	if (ui_field_edit(&e->path, ev, false) != 0) {
		free(e->done);
		e->done = NULL;
		return ui_redraw();
	}
	return ui_stay();
}

const struct screen screen_staff_export = {
	.name = "staff_export",
	.flags = SCREEN_OVERLAY | SCREEN_FORM | SCREEN_NO_IDLE | SCREEN_NO_SEARCH,
	.enter = export_enter,
	.draw = export_draw,
	.key = export_key,
	.tick = export_tick,
	.leave = export_leave,
};
