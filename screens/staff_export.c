/* The CSV export overlay of the staff review TUI: the inbox's list as it is filtered (e in
 * the inbox), or the figures of a chart (e in Figures), downloaded from the hub into a
 * file, in UTF-8 or Windows-1257. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "review.h"
#include "review_stats.h"
#include "staff.h"
#include "ui_field.h"
#include "util.h"

#define POLL_MS 100             /* how long one tick waits for the network */

struct export {
	bool figures;                   /* the figures below, else the inbox's requests */
	int by;                         /* enum review_stats_by */
	char from[11], to[11], county[8];
	struct ui_field path;
	int charset;                    /* 0 utf-8, 1 windows-1257 */
	int focus;                      /* 0 the file name, 1 the charset */
	struct review_call *call;
	char *done;                     /* the outcome to show, or NULL */
	bool failed;
};

static const char *const charsets[2] = {"utf-8", "windows-1257"};

/* The hub client of the review TUI. */
static struct review_client *hub(const struct ui *ui)
{
	return ((const struct staff_app *)ui->app)->client;
}

/* What the export takes: "Status: new   Kind: all   County: LT-SA" (county only when
 * one is chosen). */
static void draw_filters(struct ui *ui, int y, int x, int w)
{
	struct review_filter f;
	char what[160];

	staff_inbox_filter(ui->app, &f);
	snprintf(what, sizeof what, "%s: %s   %s: %s", _("Status"),
		 f.status == NULL ? _("all") : _(review_status_label(f.status)),
		 _("Kind"), f.kind == NULL ? _("all") : _(review_kind_label(f.kind)));
	if (f.county != NULL) {
		size_t l = strlen(what);

		snprintf(what + l, sizeof what - l, "   %s: %s", _("County"), f.county);
	}
	ui_text(ui, y, x, w, UI_DIM, what);
}

/* The figures of arg "BY FROM TO COUNTY" (county "-" for all), as Figures gives it. */
static void figures_of(struct export *e, const char *arg)
{
	e->figures = true;
	if (sscanf(arg, "%d %10s %10s %7s", &e->by, e->from, e->to, e->county) != 4 ||
	    e->by < 0 || e->by >= STATS_BY_COUNT)
		e->by = STATS_BY_DAY;
	if (strcmp(e->county, "-") == 0)
		e->county[0] = '\0';
}

static void *export_enter(struct ui *ui, const char *arg)
{
	struct export *e = xcalloc(1, sizeof *e);
	char name[96];
	time_t now = time(NULL);
	struct tm tm;

	(void)ui;
	ui_field_init(&e->path, 1024, 0);
	if (arg != NULL) {
		figures_of(e, arg);
		snprintf(name, sizeof name, "figures-%s-%s-%s.csv", review_stats_by_codes[e->by],
			 e->from, e->to);
	} else if (localtime_r(&now, &tm) != NULL) {
		strftime(name, sizeof name, "requests-%Y-%m-%d.csv", &tm);
	} else {
		snprintf(name, sizeof name, "requests.csv");
	}
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
	if (e->figures)
		ui_textf(ui, y + 1, x + 2, w - 4, UI_DIM, "%s %s - %s %s",
			 review_stats_by_codes[e->by], e->from, e->to,
			 e->county[0] != '\0' ? e->county : _("all"));
	else
		draw_filters(ui, y + 1, x + 2, w - 4);
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
		ui_text_wrap(ui, y + 9, x + 2, 2, w - 4, e->failed ? UI_ERROR : UI_OK, e->done);
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
		char *why = review_call_explain(e->call);

		e->done = xasprintf("%s: %s", _("Not saved"), why);
		free(why);
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
	review_poll(hub(ui), POLL_MS, STDIN_FILENO);
	if (review_call_outcome(e->call) == REVIEW_RUNNING) {
		ui_tick_soon(ui);
		return ui_stay();
	}
	export_finish(e);
	return ui_redraw();
}

/* Enter: start the download into the file named, or close after a saved one. */
static struct ui_result export_save(struct ui *ui, struct export *e)
{
	struct review_filter f;

	if (e->done != NULL && !e->failed)
		return ui_pop();
	if (ui_field_blank(&e->path)) {
		free(e->done);
		e->done = xstrdup(_("Give a file name."));
		e->failed = true;
		return ui_redraw();
	}
	free(e->done);
	e->done = NULL;
	if (e->figures) {
		e->call = review_stats_csv_start(hub(ui), e->from, e->to,
						 (enum review_stats_by)e->by,
						 e->county[0] != '\0' ? e->county : NULL,
						 charsets[e->charset], e->path.text);
	} else {
		staff_inbox_filter(ui->app, &f);
		e->call = review_csv_start(hub(ui), &f, charsets[e->charset], e->path.text);
	}
	if (review_call_outcome(e->call) != REVIEW_RUNNING)
		export_finish(e);
	else
		ui_tick_soon(ui);
	return ui_redraw();
}

static struct ui_result export_key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct export *e = st;
	int tag = ui_click_tag(ui);

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
		return export_save(ui, e);
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
