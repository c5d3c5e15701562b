/* Admin "Enrol this kiosk": the hub's address (prefilled from the config) and the
 * one-time code from central staff, exchanged for the kiosk's token by src/enrol.c in
 * a child process, so the screen never waits on the network. The child writes the
 * token file and the config file; the running sync picks them up once restarted. */
#include "admin_ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "enrol.h"
#include "i18n.h"
#include "ui_field.h"
#include "util.h"

#define DEFAULT_CONFIG "/etc/vitrina/kiosk.conf"
#define TAG_URL  1000           /* click tags of the two fields */
#define TAG_CODE 1001

/* The exchange outlives the screen's state: leaving the screen while it runs must not
 * cut it short (the code would be used with nothing saved). */
static struct enrol_job job = {.fd = -1};
static int64_t job_started_ms;

struct enrol_st {
	struct ui_field url, code;
	int focus;                      /* 0 the address, 1 the code */
	char *config_path;
	bool shown;                     /* the job's result is for this visit */
	char err[200];                  /* it could not start */
};

static void *enter(struct ui *ui, const char *arg)
{
	struct enrol_st *e = xcalloc(1, sizeof *e);
	const char *hub = ui->cfg != NULL ? ui->cfg->hub_url : NULL;

	(void)arg;
	ui_field_init(&e->url, 1000, 0);
	ui_field_init(&e->code, 40, 20);
	e->url.label = N_("Hub address");
	e->code.label = N_("Code");
	if (hub != NULL) {
		ui_field_set(&e->url, hub);
		e->url.cur = e->url.len;
		e->focus = 1;
	}
	e->config_path = admin_config_path();
	if (e->config_path == NULL)
		e->config_path = xstrdup(DEFAULT_CONFIG);
	/* a job still running from an earlier visit is shown; a finished one forgotten */
	if (job.pid > 0 && enrol_job_poll(&job) == 0)
		enrol_job_release(&job);
	e->shown = job.pid > 0;
	return e;
}

static void draw_field(struct ui *ui, struct enrol_st *e, int which, int y, int w)
{
	struct ui_field *f = which == 0 ? &e->url : &e->code;
	bool focused = e->focus == which && !job.running;

	ui_text(ui, y, 2, w, focused ? UI_HEADING : UI_NORMAL, _(f->label));
	ui_fill(ui, y + 1, 2, 1, w, focused ? UI_FIELD_FOCUS : UI_FIELD);
	ui_field_render(ui, f, y + 1, 2, 1, w, focused);
	ui_click_area(ui, y + 1, 2, 1, w, ACT_CLICK, which == 0 ? TAG_URL : TAG_CODE);
}

/* The outcome of the last exchange, or that one runs. Returns the next free row. */
static int draw_state(struct ui *ui, struct enrol_st *e, int y, int w)
{
	char *v;

	if (e->err[0] != '\0') {
		v = xasprintf(_("The enrolment could not start: %s"), e->err);
		y += ui_text_wrap(ui, y, 2, 3, w, UI_ERROR, v);
		free(v);
		return y;
	}
	if (!e->shown || job.pid <= 0)
		return y;
	if (job.running) {
		v = xasprintf(_("Enrolling with the hub\xe2\x80\xa6 %ld s"),
			      (long)((ui->now_ms - job_started_ms) / 1000));
		ui_text(ui, y, 2, w, UI_MARK, v);
		free(v);
		return y + 1;
	}
	v = enrol_message(&job.res);
	y += ui_text_wrap(ui, y, 2, 3, w, job.res.outcome == ENROL_DONE ? UI_OK : UI_ERROR, v);
	free(v);
	if (job.res.outcome == ENROL_DONE)
		y += ui_text_wrap(ui, y, 2, 2, w, UI_NORMAL,
				  _("Restart the kiosk computer so that sync uses the new settings."));
	return y;
}

static void draw(struct ui *ui, void *st)
{
	static const struct ui_key keys[] = {
		{ACT_SUBMIT, N_("Enrol")}, {ACT_NEXT, N_("Next field")}, {ACT_BACK, NULL},
		{ACT_LANG, NULL},
	};
	struct enrol_st *e = st;
	int w = ui->cols - 4, y = 3, osk = ui_osk_rows(ui);
	char *v;

	admin_draw_title(ui, _("Admin: enrol this kiosk"));
	y += ui_text_wrap(ui, y, 2, 3, w, UI_NORMAL,
			  _("Type the hub's address and the one-time code from central staff "
			    "(like K7M2-QX9P-4T), then press Enter."));
	y++;
	draw_field(ui, e, 0, y, w);
	draw_field(ui, e, 1, y + 3, w);
	y += 6;
	v = xasprintf(_("The settings are written to %s."), e->config_path);
	ui_text(ui, y++, 2, w, UI_DIM, v);
	free(v);
	y++;
	if (y < ui->rows - 1 - osk)
		draw_state(ui, e, y, w);
	if (osk > 0 && !job.running)
		ui_osk_draw(ui);
	else
		ui_keybar(ui, keys, 4);
}

static struct ui_result start(struct ui *ui, struct enrol_st *e)
{
	struct enrol_req q;
	char *err = NULL;

	if (job.running)
		return ui_stay();
	enrol_job_release(&job);
	e->err[0] = '\0';
	q.cfg = ui->cfg;
	q.config_path = e->config_path;
	q.hub_url = e->url.text;
	q.code = e->code.text;
	job_started_ms = ui->now_ms;
	if (enrol_job_start(&job, &q, &err) < 0) {
		snprintf(e->err, sizeof e->err, "%s", err != NULL ? err : "");
		job.pid = 0;
	}
	free(err);
	e->shown = true;
	/* the code is in the child now; a wrong one is typed again in full */
	ui_field_wipe(&e->code);
	ui_tick_soon(ui);
	return ui_redraw();
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct enrol_st *e = st;
	int tag = ui_click_tag(ui);

	if (ev->act == ACT_BACK)
		return ui_pop();
	if (job.running)
		return admin_common_key(ui, ev);
	if (ev->act == ACT_CLICK && (tag == TAG_URL || tag == TAG_CODE))
		e->focus = tag == TAG_URL ? 0 : 1;
	switch (ev->act) {
	case ACT_SUBMIT:
		return start(ui, e);
	case ACT_OPEN:
		if (e->focus == 0) {
			e->focus = 1;
			return ui_redraw();
		}
		return start(ui, e);
	case ACT_NEXT:
	case ACT_PREV:
	case ACT_UP:
	case ACT_DOWN:
		e->focus = !e->focus;
		return ui_redraw();
	case ACT_HOME:
	case ACT_LANG:
		return admin_common_key(ui, ev);
	default:
		break;
	}
	if (ui_field_edit(e->focus == 0 ? &e->url : &e->code, ev, false) != 0)
		return ui_redraw();
	return ev->act == ACT_CLICK ? ui_redraw() : ui_stay();
}

static struct ui_result tick(struct ui *ui, void *st)
{
	(void)st;
	if (job.pid <= 0 || !job.running)
		return ui_stay();
	/* while it runs, the seconds shown go on; at the end, its outcome */
	(void)ui;
	enrol_job_poll(&job);
	return ui_redraw();
}

static void wipe_state(struct ui *ui, void *st)
{
	struct enrol_st *e = st;

	(void)ui;
	ui_field_wipe(&e->code);
	ui_field_wipe(&e->url);
}

static void leave(struct ui *ui, void *st)
{
	struct enrol_st *e = st;

	(void)ui;
	ui_field_free(&e->url);
	ui_field_free(&e->code);
	free(e->config_path);
	/* a finished exchange is forgotten; a running one is kept for the next visit */
	if (job.pid > 0 && enrol_job_poll(&job) == 0)
		enrol_job_release(&job);
	free(e);
}

const struct screen screen_admin_enrol = {
	.name = "admin_enrol",
	.flags = SCREEN_FORM | SCREEN_NO_SEARCH,
	.enter = enter,
	.draw = draw,
	.key = key,
	.tick = tick,
	.leave = leave,
	.wipe = wipe_state,
};
