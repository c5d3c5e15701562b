/* Admin status: what a librarian needs to see (the sync, the outbox, the hub's
 * verdict on the token) and the admin menu. Re-read on every tick, so a sync running
 * beside it shows as it goes. */
#include "admin_ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "outbox.h"
#include "sync.h"
#include "util.h"

#define REREAD_MS 1000          /* the sync state: one small row and two counts */
#define REREAD_LIST_MS 5000     /* the refused requests: a walk over the outbox */

enum item { ITEM_SYNC, ITEM_LOG, ITEM_SETTINGS, ITEM_ENROL, ITEM_LEAVE, ITEM_COUNT };

static const char *const items[ITEM_COUNT] = {
	N_("Sync now"), N_("Refused requests"), N_("Settings"), N_("Enrol this kiosk"),
	N_("Leave admin"),
};

struct status_st {
	struct sync_status st;
	bool have;
	char err[200];
	int64_t refused;
	int64_t read_ms, list_ms;
	struct ui_list menu;
};

static void reread(struct ui *ui, struct status_st *s, bool list)
{
	struct outbox_item *it = NULL;
	char *err = NULL;
	int n = 0, i;

	s->read_ms = ui->now_ms;
	if (sync_status_read(ui->db, &s->st, &err) < 0) {
		snprintf(s->err, sizeof s->err, "%s", err != NULL ? err : "");
		s->have = false;
		free(err);
		return;
	}
	s->have = true;
	s->err[0] = '\0';
	if (!list)
		return;
	s->list_ms = ui->now_ms;
	if (outbox_list(ui->db, &it, &n, NULL) < 0)
		return;
	s->refused = 0;
	for (i = 0; i < n; i++)
		s->refused += strcmp(it[i].state, "rejected") == 0;
	outbox_items_free(it, n);
}

static void draw_item(struct ui *ui, void *ctx, int i, int y, int x, int w, bool selected)
{
	(void)ctx;
	ui_text(ui, y, x, w, selected ? UI_SELECTED : UI_NORMAL, _(items[i]));
}

static void *enter(struct ui *ui, const char *arg)
{
	struct status_st *s = xcalloc(1, sizeof *s);

	(void)arg;
	s->menu.draw_row = draw_item;
	s->menu.ctx = s;
	ui_list_set_count(&s->menu, ITEM_COUNT);
	reread(ui, s, true);
	return s;
}

/* One "label   value" row; returns the next row. */
/* The row labels, for the width of their column. */
static const char *const labels[] = {
	N_("Kiosk"), N_("Hub"), N_("Authorised"), N_("Outbox"), N_("Refused"),
	N_("Last sync"), N_("Last attempt"), N_("Last error"), N_("Sync service"),
	N_("Catalogue"),
};
#define NLABELS ((int)(sizeof labels / sizeof labels[0]))

static void draw(struct ui *ui, void *st)
{
	static const struct ui_key keys[] = {
		{ACT_OPEN, NULL}, {ACT_BACK, N_("Leave admin")}, {ACT_LANG, NULL},
	};
	struct status_st *s = st;
	const struct config *c = ui->cfg;
	const char *hub = c != NULL ? c->hub_url : NULL;
	int64_t now = (int64_t)time(NULL);
	char t[128], *v;
	int y = 3, mh, lw = admin_label_width(ui, labels, NLABELS);

	admin_draw_title(ui, _("Admin: status"));
	if (!s->have) {
		v = xasprintf(_("Cannot read the kiosk's state: %s"), s->err);
		ui_text_wrap(ui, y, 2, 3, ui->cols - 4, UI_ERROR, v);
		free(v);
		y += 4;
	} else {
		y = admin_draw_row(ui, y, lw, _("Kiosk"), UI_NORMAL,
				   c != NULL && c->kiosk_id != NULL ? c->kiosk_id : "");
		y = admin_draw_row(ui, y, lw, _("Hub"), hub != NULL ? UI_NORMAL : UI_ERROR,
				   hub != NULL ? hub : _("none configured: sync is off"));
		if (hub == NULL)
			y = admin_draw_row(ui, y, lw, _("Authorised"), UI_DIM, "-");
		else if (!s->st.authorised)
			y = admin_draw_row(ui, y, lw, _("Authorised"), UI_ERROR,
				_("NO: kiosk not authorised; ask central staff for a new token"));
		else if (s->st.last_success == 0)
			y = admin_draw_row(ui, y, lw, _("Authorised"), UI_DIM,
				_("not known yet (the hub has not been reached)"));
		else
			y = admin_draw_row(ui, y, lw, _("Authorised"), UI_OK, _("yes"));
		if (s->st.outbox_depth > 0) {
			char age[64];

			admin_format_when(now - s->st.outbox_oldest_s, now, age, sizeof age);
			v = xasprintf(i18n_nget("%lld request waiting to be sent, the oldest "
						"since %s", "%lld requests waiting to be sent, "
						"the oldest since %s",
						(unsigned long)s->st.outbox_depth),
				      (long long)s->st.outbox_depth, age);
			y = admin_draw_row(ui, y, lw, _("Outbox"), UI_MARK, v);
			free(v);
		} else if (hub == NULL) {
			/* Nothing reaches a hub that is not set (as `vitrina status` says). */
			v = xasprintf(i18n_nget("%lld request, kept on this kiosk: no hub_url is "
						"set", "%lld requests, kept on this kiosk: no "
						"hub_url is set", 0), 0LL);
			y = admin_draw_row(ui, y, lw, _("Outbox"), UI_DIM, v);
			free(v);
		} else {
			y = admin_draw_row(ui, y, lw, _("Outbox"), UI_OK,
				_("0 requests waiting: every request has reached the hub"));
		}
		if (s->refused > 0) {
			v = xasprintf(i18n_nget("%lld request refused by the hub: see "
						"\"Refused requests\"", "%lld requests refused by "
						"the hub: see \"Refused requests\"",
						(unsigned long)s->refused), (long long)s->refused);
			y = admin_draw_row(ui, y, lw, _("Refused"), UI_ERROR, v);
			free(v);
		} else {
			y = admin_draw_row(ui, y, lw, _("Refused"), UI_NORMAL, _("none"));
		}
		admin_format_when(s->st.last_success, now, t, sizeof t);
		y = admin_draw_row(ui, y, lw, _("Last sync"), UI_NORMAL, t);
		admin_format_when(s->st.last_attempt, now, t, sizeof t);
		y = admin_draw_row(ui, y, lw, _("Last attempt"), UI_NORMAL, t);
		if (s->st.last_error[0] != '\0') {
			char when[96];

			admin_format_when(s->st.last_error_at, now, when, sizeof when);
			v = xasprintf("%s: %s%s", when, s->st.last_error,
				      s->st.last_error_at < s->st.last_success ?
				      _(" (since solved)") : "");
			y = admin_draw_row(ui, y, lw, _("Last error"),
					   s->st.last_error_at < s->st.last_success ? UI_DIM
					   : UI_ERROR, v);
			free(v);
		} else {
			y = admin_draw_row(ui, y, lw, _("Last error"), UI_NORMAL, _("none"));
		}
		if (s->st.daemon_pid > 0) {
			admin_format_when(s->st.next_attempt, now, t, sizeof t);
			v = xasprintf(_("running; next attempt %s"), t);
			y = admin_draw_row(ui, y, lw, _("Sync service"), UI_NORMAL, v);
			free(v);
		} else {
			y = admin_draw_row(ui, y, lw, _("Sync service"), UI_DIM, _("not running"));
		}
		if (s->st.cases >= 0)
			v = xasprintf(_("%lld cases, up to change %lld"), (long long)s->st.cases,
				      (long long)s->st.seq);
		else
			v = xasprintf(_("up to change %lld"), (long long)s->st.seq);
		y = admin_draw_row(ui, y, lw, _("Catalogue"), UI_NORMAL, v);
		free(v);
	}
	y++;
	ui_hline(ui, y++, 0, ui->cols, UI_FRAME);
	mh = ui->rows - 1 - y;
	if (mh > ITEM_COUNT)
		mh = ITEM_COUNT;
	if (mh > 0)
		ui_list_draw(ui, &s->menu, y, 2, mh, 40);
	ui_keybar(ui, keys, 3);
}

static struct ui_result open_item(struct ui *ui, int i)
{
	struct ui_result r = {UI_ATTRACT, NULL, NULL};

	(void)ui;
	switch (i) {
	case ITEM_SYNC:
		return ui_push(&screen_admin_sync, NULL);
	case ITEM_LOG:
		return ui_push(&screen_admin_log, NULL);
	case ITEM_SETTINGS:
		return ui_push(&screen_admin_settings, NULL);
	case ITEM_ENROL:
		return ui_push(&screen_admin_enrol, NULL);
	default:
		return r;
	}
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct status_st *s = st;
	struct ui_result leave_admin = {UI_ATTRACT, NULL, NULL};

	switch (ui_list_key(&s->menu, ev)) {
	case UI_LIST_OPEN:
		return open_item(ui, s->menu.sel);
	case UI_LIST_MOVED:
		return ui_redraw();
	case UI_LIST_IGNORED:
		break;
	}
	if (ev->act == ACT_BACK || ev->act == ACT_ERASE)
		return leave_admin;
	return admin_common_key(ui, ev);
}

static struct ui_result tick(struct ui *ui, void *st)
{
	struct status_st *s = st;

	if (ui->now_ms - s->read_ms < REREAD_MS)
		return ui_stay();
	admin_sync_reap(ui);
	reread(ui, s, ui->now_ms - s->list_ms >= REREAD_LIST_MS);
	return ui_redraw();
}

static void leave(struct ui *ui, void *st)
{
	(void)ui;
	free(st);
}

const struct screen screen_admin_status = {
	.name = "admin_status",
	.flags = SCREEN_NO_SEARCH,
	.enter = enter,
	.draw = draw,
	.key = key,
	.tick = tick,
	.leave = leave,
};
