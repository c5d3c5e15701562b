/* Admin "sync now": starts `vitrina sync --once` as a child process (the same binary,
 * the same --config and --db) and shows how it goes by re-reading the sync state on
 * every tick. The screen never waits for the network: the child does. A child still
 * running when the librarian leaves is kept track of here and shown again on return,
 * so two are never started at once. */
#include "admin_ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "i18n.h"
#include "sync.h"
#include "util.h"

/* The child outlives the screen's state (the screen can be left while it runs). */
static struct admin_child child = {.fd = -1};

struct sync_st {
	struct sync_status st, before;
	bool have, have_before;
	char err[256];                  /* could not start, or cannot read the state */
	bool no_hub;
	long shown_s;
};

static void reread(struct ui *ui, struct sync_st *s)
{
	char *err = NULL;

	if (sync_status_read(ui->db, &s->st, &err) < 0) {
		snprintf(s->err, sizeof s->err, "%s", err != NULL ? err : "");
		s->have = false;
	} else {
		s->have = true;
	}
	free(err);
}

static void start(struct ui *ui, struct sync_st *s)
{
	char *err = NULL, *conf;

	s->err[0] = '\0';
	s->no_hub = ui->cfg == NULL || ui->cfg->hub_url == NULL;
	if (s->no_hub)
		return;
	reread(ui, s);
	s->before = s->st;
	s->have_before = s->have;
	admin_child_release(&child);
	conf = admin_config_path();
	if (admin_child_start(&child, NULL, conf, ui->cfg->db, ui->now_ms, &err) < 0) {
		snprintf(s->err, sizeof s->err, "%s", err != NULL ? err : "");
		child.pid = 0;
	}
	free(conf);
	free(err);
}

static void *enter(struct ui *ui, const char *arg)
{
	struct sync_st *s = xcalloc(1, sizeof *s);

	(void)arg;
	if (child.pid > 0 && admin_child_poll(&child, ui->now_ms) == 1) {
		reread(ui, s);          /* one is still running: show it */
		s->before = s->st;
	} else {
		start(ui, s);
	}
	return s;
}

/* The row labels, for the width of their column. */
static const char *const labels[] = {
	N_("Requests waiting"), N_("Requests sent now"), N_("Catalogue changes fetched"),
	N_("Last attempt"), N_("Last sync"), N_("Authorised"), N_("Last error"),
};
#define NLABELS ((int)(sizeof labels / sizeof labels[0]))

static void draw(struct ui *ui, void *st)
{
	static const struct ui_key keys_running[] = {{ACT_BACK, NULL}, {ACT_LANG, NULL}};
	static const struct ui_key keys_done[] = {
		{ACT_OPEN, N_("Sync again")}, {ACT_BACK, NULL}, {ACT_LANG, NULL},
	};
	struct sync_st *s = st;
	int64_t now = (int64_t)time(NULL);
	char line[512], t[128], *v;
	int y = 3, lw = admin_label_width(ui, labels, NLABELS);
	bool running = child.pid > 0 && child.running;

	admin_draw_title(ui, _("Admin: sync now"));
	if (s->no_hub) {
		ui_text_wrap(ui, y, 2, 3, ui->cols - 4, UI_ERROR,
			     _("No hub is configured (hub_url in the config): this kiosk works "
			       "alone and keeps requests in its outbox."));
		ui_keybar(ui, keys_running, 2);
		return;
	}
	if (s->err[0] != '\0' && child.pid <= 0) {
		v = xasprintf(_("The sync could not start: %s"), s->err);
		ui_text_wrap(ui, y, 2, 3, ui->cols - 4, UI_ERROR, v);
		free(v);
		y += 4;
	} else if (running) {
		long secs = (long)((ui->now_ms - child.started_ms) / 1000);

		v = xasprintf(_("Syncing with the hub\xe2\x80\xa6 %ld s"), secs);
		ui_text(ui, y, 2, ui->cols - 4, UI_MARK, v);
		free(v);
		/* The child's progress line on long work ("sending requests: 40% ..."). */
		admin_child_last_line(&child, line, sizeof line);
		ui_text(ui, y + 1, 2, ui->cols - 4, UI_NORMAL, line);
		ui_text_wrap(ui, y + 2, 2, 2, ui->cols - 4, UI_DIM,
			     _("You can leave this screen: the sync goes on by itself."));
		y += 5;
	} else if (child.pid > 0) {
		admin_child_last_line(&child, line, sizeof line);
		ui_text(ui, y, 2, ui->cols - 4, child.exit_status == 0 ? UI_OK : UI_ERROR,
			child.exit_status == 0 ? _("Finished.") : _("The sync did not succeed."));
		if (line[0] != '\0')
			ui_text_wrap(ui, y + 1, 2, 3, ui->cols - 4, UI_NORMAL,
				     strncmp(line, "vitrina sync: ", 14) == 0 ? line + 14 : line);
		y += 5;
	}
	if (s->have) {
		if (s->st.outbox_depth != s->before.outbox_depth)
			v = xasprintf(_("%lld (was %lld)"), (long long)s->st.outbox_depth,
				      (long long)s->before.outbox_depth);
		else
			v = xasprintf("%lld", (long long)s->st.outbox_depth);
		y = admin_draw_row(ui, y, lw, _("Requests waiting"), UI_NORMAL, v);
		free(v);
		v = xasprintf("%lld", (long long)(s->st.pushed - s->before.pushed));
		y = admin_draw_row(ui, y, lw, _("Requests sent now"), UI_NORMAL, v);
		free(v);
		v = xasprintf("%lld", (long long)(s->st.pulled - s->before.pulled));
		y = admin_draw_row(ui, y, lw, _("Catalogue changes fetched"), UI_NORMAL, v);
		free(v);
		admin_format_when(s->st.last_attempt, now, t, sizeof t);
		y = admin_draw_row(ui, y, lw, _("Last attempt"), UI_NORMAL, t);
		admin_format_when(s->st.last_success, now, t, sizeof t);
		y = admin_draw_row(ui, y, lw, _("Last sync"), UI_NORMAL, t);
		if (!s->st.authorised)
			y = admin_draw_row(ui, y, lw, _("Authorised"), UI_ERROR,
				_("NO: kiosk not authorised; ask central staff for a new token"));
		if (s->st.last_error[0] != '\0' && s->st.last_error_at >= s->st.last_success)
			admin_draw_row(ui, y, lw, _("Last error"), UI_ERROR, s->st.last_error);
	} else if (s->err[0] != '\0' && child.pid > 0) {
		v = xasprintf(_("Cannot read the kiosk's state: %s"), s->err);
		ui_text_wrap(ui, y, 2, 3, ui->cols - 4, UI_ERROR, v);
		free(v);
	}
	if (running)
		ui_keybar(ui, keys_running, 2);
	else
		ui_keybar(ui, keys_done, 3);
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct sync_st *s = st;

	switch (ev->act) {
	case ACT_BACK:
	case ACT_ERASE:
		return ui_pop();
	case ACT_OPEN:
		if (s->no_hub || (child.pid > 0 && child.running))
			return ui_stay();
		start(ui, s);
		return ui_redraw();
	default:
		return admin_common_key(ui, ev);
	}
}

static struct ui_result tick(struct ui *ui, void *st)
{
	struct sync_st *s = st;

	if (s->no_hub)
		return ui_stay();
	if (child.pid > 0)
		admin_child_poll(&child, ui->now_ms);
	reread(ui, s);
	return ui_redraw();
}

static void leave(struct ui *ui, void *st)
{
	(void)ui;
	/* A finished child is forgotten; a running one is kept for the next visit. */
	if (child.pid > 0 && !child.running) {
		admin_child_release(&child);
		child.pid = 0;
	}
	free(st);
}

void admin_sync_reap(struct ui *ui)
{
	if (child.pid > 0 && admin_child_poll(&child, ui->now_ms) == 0) {
		admin_child_release(&child);
		child.pid = 0;
	}
}

const struct screen screen_admin_sync = {
	.name = "admin_sync",
	.flags = SCREEN_NO_SEARCH,
	.enter = enter,
	.draw = draw,
	.key = key,
	.tick = tick,
	.leave = leave,
};
