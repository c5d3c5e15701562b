/* Admin log: the requests the hub refused, with its reason, then those still waiting
 * with their last error. No personal data: the reference code the visitor was shown,
 * the kind, when it was made. A refused request stays in the outbox (DESIGN §7); the
 * librarian tells central staff its reference code and reason. */
#include "admin_ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "i18n.h"
#include "outbox.h"
#include "request.h"
#include "text.h"
#include "util.h"

#define REREAD_MS 3000

struct log_st {
	struct outbox_item *items;      /* refused first, then waiting */
	int n, refused;
	char err[200];
	struct ui_list list;
	int64_t read_ms;
};

static int by_state(const void *a, const void *b)
{
	const struct outbox_item *x = a, *y = b;
	int rx = strcmp(x->state, "rejected") == 0, ry = strcmp(y->state, "rejected") == 0;

	if (rx != ry)
		return ry - rx;
	return strcmp(x->created_at, y->created_at);
}

static void reread(struct ui *ui, struct log_st *s)
{
	char *err = NULL;
	int i;

	outbox_items_free(s->items, s->n);
	s->items = NULL;
	s->n = 0;
	s->refused = 0;
	s->err[0] = '\0';
	s->read_ms = ui->now_ms;
	if (outbox_list(ui->db, &s->items, &s->n, &err) < 0) {
		snprintf(s->err, sizeof s->err, "%s", err != NULL ? err : "");
		free(err);
		s->items = NULL;
		s->n = 0;
	}
	if (s->n > 1)
		qsort(s->items, (size_t)s->n, sizeof s->items[0], by_state);
	for (i = 0; i < s->n; i++)
		s->refused += strcmp(s->items[i].state, "rejected") == 0;
	ui_list_set_count(&s->list, s->n);
}

/* The kind column's width: the wider of the two translated kinds, at most 16. */
static int kind_width(void)
{
	int a = text_width(_("contact")), b = text_width(_("nomination"));
	int w = a > b ? a : b;

	return w < 16 ? w : 16;
}

/* Columns at fixed places by display width (code, kind, made, state), each cut with
 * "…" inside its own column, so they line up in every language. */
static void draw_row(struct ui *ui, void *ctx, int i, int y, int x, int w, bool selected)
{
	struct log_st *s = ctx;
	const struct outbox_item *it = &s->items[i];
	bool refused = strcmp(it->state, "rejected") == 0;
	enum ui_style st = selected ? UI_SELECTED : refused ? UI_ERROR : UI_NORMAL;
	int col[4], k, end, kw = kind_width();
	char code[10];
	const char *why;
	const char *text[4];

	request_ref_code(it->id, code);
	text[0] = code;
	text[1] = strcmp(it->kind, "nomination") == 0 ? _("nomination") : _("contact");
	text[2] = it->created_at;
	text[3] = refused ? _("refused by the hub") : _("waiting");
	col[0] = 0;
	col[1] = col[0] + 9 + 2;
	col[2] = col[1] + kw + 2;
	col[3] = col[2] + 20 + 2;
	ui_text(ui, y, x, w, st, "");
	for (k = 0; k < 4 && col[k] < w; k++) {
		end = k < 3 && col[k + 1] - 2 < w ? col[k + 1] - 2 : w;
		ui_text(ui, y, x + col[k], end - col[k], st, text[k]);
	}
	if (it->last_error != NULL && it->last_error[0] != '\0')
		why = it->last_error;
	else
		why = refused ? _("(no reason given)") : _("not tried yet");
	ui_text(ui, y + 1, x + 2, w - 2, UI_DIM, why);
}

static void *enter(struct ui *ui, const char *arg)
{
	struct log_st *s = xcalloc(1, sizeof *s);

	(void)arg;
	s->list.draw_row = draw_row;
	s->list.ctx = s;
	s->list.row_h = 2;
	reread(ui, s);
	return s;
}

static void draw(struct ui *ui, void *st)
{
	static const struct ui_key keys[] = {
		{ACT_BACK, NULL}, {ACT_OPEN, N_("Details")}, {ACT_LANG, NULL},
	};
	struct ui_button buttons[3];
	struct log_st *s = st;
	char *v;
	int y = 3;

	admin_draw_title(ui, _("Admin: refused requests"));
	if (s->err[0] != '\0') {
		v = xasprintf(_("Cannot read the outbox: %s"), s->err);
		ui_text_wrap(ui, y, 2, 3, ui->cols - 4, UI_ERROR, v);
		free(v);
		ui_keybar(ui, keys, 1);
		return;
	}
	v = xasprintf(i18n_nget("%d request refused by the hub", "%d requests refused by the "
				"hub", (unsigned long)s->refused), s->refused);
	ui_text(ui, y, 2, ui->cols - 4, s->refused > 0 ? UI_ERROR : UI_OK, v);
	free(v);
	v = xasprintf(i18n_nget("%d request waiting to be sent", "%d requests waiting to be "
				"sent", (unsigned long)(s->n - s->refused)), s->n - s->refused);
	ui_text(ui, y + 1, 2, ui->cols - 4, UI_NORMAL, v);
	free(v);
	if (s->refused > 0)
		ui_text_wrap(ui, y + 2, 2, 2, ui->cols - 4, UI_DIM,
			     _("Refused requests stay on this kiosk. Tell central staff the "
			       "reference code and the reason."));
	y += 5;
	ui_hline(ui, y - 1, 0, ui->cols, UI_FRAME);
	if (s->n == 0)   /* "reached the hub" only where there is a hub */
		ui_text(ui, y, 2, ui->cols - 4, UI_DIM,
			ui->cfg != NULL && ui->cfg->hub_url != NULL ?
			_("Nothing is waiting: every request has reached the hub.") :
			_("No requests on this kiosk yet."));
	else
		ui_list_draw(ui, &s->list, y, 1, ui->rows - 1 - y, ui->cols - 2);
	if (s->refused == 0) {
		ui_keybar(ui, keys, s->n > 0 ? 3 : 1);
		return;
	}
	buttons[0] = (struct ui_button){ACT_BACK, NULL, NULL, -1};
	buttons[1] = (struct ui_button){ACT_CHAR, "r", _("Send again"), 'r'};
	buttons[2] = (struct ui_button){ACT_OPEN, NULL, _("Details"), -1};
	ui_keybar_at(ui, ui->rows - 1, buttons, 3);
}

/* r: put the refused requests back in the queue; sync sends them at its next round. */
static struct ui_result retry(struct ui *ui, struct log_st *s)
{
	char *err = NULL, *text;
	struct ui_result r;
	int n;

	if (s->refused == 0)
		return ui_stay();
	n = outbox_retry_rejected(ui->db, &err);
	if (n < 0)
		text = xasprintf(_("Cannot put them back in the queue: %s"), err ? err : "");
	else
		text = xasprintf(i18n_nget("%d refused request is back in the queue: it is "
					   "sent at the next sync.", "%d refused requests are "
					   "back in the queue: they are sent at the next sync.",
					   (unsigned long)n), n);
	free(err);
	reread(ui, s);
	r = ui_message(ui, N_("Send again"), text);
	free(text);
	return r;
}

static struct ui_result details(struct ui *ui, struct log_st *s)
{
	const struct outbox_item *it;
	char code[10], *text;
	struct ui_result r;

	if (s->n == 0)
		return ui_stay();
	it = &s->items[s->list.sel];
	request_ref_code(it->id, code);
	text = xasprintf("%s %s\n%s %s\n%s %s\n%s %d\n%s %s", _("Reference code:"), code,
			 _("Request id:"), it->id, _("Made:"), it->created_at, _("Attempts:"),
			 it->attempts, strcmp(it->state, "rejected") == 0 ?
			 _("Refused by the hub:") : _("Last error:"),
			 it->last_error != NULL ? it->last_error : "-");
	r = ui_message(ui, strcmp(it->kind, "nomination") == 0 ? N_("Nomination") :
		       N_("Contact request"),
		       text);
	free(text);
	return r;
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct log_st *s = st;

	if (ev->act == ACT_BACK || ev->act == ACT_ERASE)
		return ui_pop();
	if (ev->act == ACT_CHAR && (ev->ch == 'r' || ev->ch == 'R'))
		return retry(ui, s);
	switch (ui_list_key(&s->list, ev)) {
	case UI_LIST_OPEN:
		return details(ui, s);
	case UI_LIST_MOVED:
		return ui_redraw();
	case UI_LIST_IGNORED:
		break;
	}
	return admin_common_key(ui, ev);
}

static struct ui_result tick(struct ui *ui, void *st)
{
	struct log_st *s = st;
	int sel = s->list.sel;

	if (ui->now_ms - s->read_ms < REREAD_MS)
		return ui_stay();
	reread(ui, s);
	if (sel < s->n)
		s->list.sel = sel;
	return ui_redraw();
}

static void leave(struct ui *ui, void *st)
{
	struct log_st *s = st;

	(void)ui;
	outbox_items_free(s->items, s->n);
	free(s);
}

const struct screen screen_admin_log = {
	.name = "admin_log",
	.flags = SCREEN_NO_SEARCH,
	.enter = enter,
	.draw = draw,
	.key = key,
	.tick = tick,
	.leave = leave,
};
