/* Admin: the librarian PIN entry (keys or an on-screen keypad for touch screens), and
 * what every admin screen shares. Five wrong PINs lock admin for five minutes
 * (src/admin.c keeps the count in the database). */
#include "admin_ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "i18n.h"
#include "outbox.h"
#include "util.h"

enum pin_msg { MSG_NONE, MSG_WRONG, MSG_LOCKED, MSG_NOT_SET, MSG_ERROR };

/* The rows for a message above the keypad: at the box's width every message fits whole
 * in each language ("…: vitrina pin" must never lose its end). */
#define MSG_ROWS 3

/* The keypad: three keys of 10 columns, 2 apart. */
#define PAD_W 34

/* Keypad tags: 0..9 the digits, then these. */
enum { TAG_ERASE = 10, TAG_OK = 11 };

struct pin_st {
	char pin[ADMIN_PIN_MAX + 1];
	size_t len;
	int chars;
	enum pin_msg msg;
	struct admin_lock lock;
	int64_t lock_read_ms;           /* ui->now_ms when lock was read */
	long shown_s;                   /* the countdown last drawn */
	char err[160];
};

/* ---- shared by the admin screens ---- */

struct ui_result admin_common_key(struct ui *ui, const struct ui_event *ev)
{
	struct ui_result r = {UI_ATTRACT, NULL, NULL};

	(void)ui;
	switch (ev->act) {
	case ACT_HOME:
		return r;               /* leaving admin: wipe everything */
	case ACT_LANG:
		return ui_unhandled();
	default:
		return ui_stay();       /* no visitor search, help or second admin here */
	}
}

void admin_draw_title(struct ui *ui, const char *title)
{
	const char *centre = ui->cfg != NULL ? ui->cfg->centre_name : NULL;
	int w;

	ui_fill(ui, 0, 0, 1, ui->cols, UI_BAR);
	w = ui_text_at(ui, 0, 1, ui->cols / 2, UI_BAR, title);
	if (centre != NULL && centre[0] != '\0')
		ui_text_at(ui, 0, w + 3, ui->cols - w - 4, UI_BAR, centre);
	ui_hline(ui, 1, 0, ui->cols, UI_FRAME);
}

int admin_label_width(struct ui *ui, const char *const *msgids, int n)
{
	int w = 8, i, k;

	for (i = 0; i < n; i++) {
		k = ui_width(_(msgids[i]));
		if (k > w)
			w = k;
	}
	w += 2;
	return w > ui->cols * 2 / 5 ? ui->cols * 2 / 5 : w;
}

int admin_draw_row(struct ui *ui, int y, int lw, const char *label, enum ui_style st,
		   const char *value)
{
	int w = ui->cols - lw - 4;

	ui_text(ui, y, 2, lw - 1, UI_HEADING, label);
	ui_text(ui, y, 1 + lw, 1, UI_NORMAL, "");
	if (ui_width(value) <= w) {
		ui_text(ui, y, 2 + lw, w, st, value);
		return y + 1;
	}
	return y + ui_text_wrap(ui, y, 2 + lw, 2, w, st, value);
}

void admin_format_span(int64_t secs, char *out, size_t n)
{
	char *span;

	if (secs < 0)
		secs = -secs;
	if (secs < 60) {
		snprintf(out, n, "%s", _("under a minute"));
		return;
	}
	if (secs < 3600)
		span = xasprintf(i18n_nget("%ld minute", "%ld minutes", (unsigned long)(secs / 60)),
				 (long)(secs / 60));
	else if (secs < 86400)
		span = xasprintf(i18n_nget("%ld hour", "%ld hours", (unsigned long)(secs / 3600)),
				 (long)(secs / 3600));
	else
		span = xasprintf(i18n_nget("%ld day", "%ld days", (unsigned long)(secs / 86400)),
				 (long)(secs / 86400));
	snprintf(out, n, "%s", span);
	free(span);
}

void admin_format_when(int64_t t, int64_t now, char *out, size_t n)
{
	char date[32], span[64];
	char *all;
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0) {
		snprintf(out, n, "%s", _("never"));
		return;
	}
	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(date, sizeof date, "%lld", (long long)t);
	if (now - t < 60 && t - now < 60) {
		snprintf(out, n, "%s (%s)", date, _("just now"));
		return;
	}
	admin_format_span(now - t, span, sizeof span);
	if (t <= now)
		/* TRANSLATORS: a date, then a span of time such as "5 minutes" */
		all = xasprintf(_("%s (%s ago)"), date, span);
	else
		/* TRANSLATORS: a date, then a span of time such as "5 minutes" */
		all = xasprintf(_("%s (in %s)"), date, span);
	snprintf(out, n, "%s", all);
	free(all);
}

/* ---- the PIN entry ---- */

static void pin_clear(struct pin_st *p)
{
	wipe(p->pin, sizeof p->pin);
	p->len = 0;
	p->chars = 0;
}

static long lock_left_s(const struct ui *ui, const struct pin_st *p)
{
	int64_t left = p->lock.locked_ms - (ui->now_ms - p->lock_read_ms);

	return left > 0 ? (long)((left + 999) / 1000) : 0;
}

static void read_lock(struct ui *ui, struct pin_st *p)
{
	char *err = NULL;

	if (admin_lock_read(ui->db, ui->now_ms, &p->lock, &err) < 0) {
		snprintf(p->err, sizeof p->err, "%s", err != NULL ? err : "");
		p->msg = MSG_ERROR;
		free(err);
		return;
	}
	p->lock_read_ms = ui->now_ms;
	if (p->lock.locked_ms > 0)
		p->msg = MSG_LOCKED;
	else if (p->msg == MSG_LOCKED)
		p->msg = MSG_NONE;
	p->shown_s = lock_left_s(ui, p);
}

static void *enter(struct ui *ui, const char *arg)
{
	struct pin_st *p = xcalloc(1, sizeof *p);

	(void)arg;
	read_lock(ui, p);
	if (p->msg == MSG_NONE && (ui->cfg == NULL || !admin_hash_usable(ui->cfg->admin_pin_hash)))
		p->msg = MSG_NOT_SET;
	return p;
}

static void draw_message(struct ui *ui, struct pin_st *p, int y, int x, int w)
{
	char *s = NULL;
	long left;

	switch (p->msg) {
	case MSG_NONE:
		return;
	case MSG_WRONG: {
		int tries = ADMIN_MAX_FAILURES - p->lock.failures;

		s = xasprintf(i18n_nget("Wrong PIN. %d more try before admin locks for five "
					"minutes.", "Wrong PIN. %d more tries before admin locks "
					"for five minutes.", (unsigned long)tries), tries);
		break;
	}
	case MSG_LOCKED:
		left = lock_left_s(ui, p);
		ui_text(ui, y, x, w, UI_ERROR, _("Admin is locked after five wrong PINs."));
		s = xasprintf(_("Try again in %ld:%02ld."), left / 60, left % 60);
		ui_text(ui, y + 1, x, w, UI_ERROR, s);
		free(s);
		return;
		break;
	case MSG_NOT_SET:
		s = xstrdup(_("Admin is not set up: the config has no usable admin_pin_hash. "
			      "Make one with the command: vitrina pin"));
		break;
	case MSG_ERROR:
		s = xasprintf(_("Cannot check the PIN: %s"), p->err);
		break;
	}
	ui_text_wrap(ui, y, x, MSG_ROWS, w, p->msg == MSG_NOT_SET ? UI_DIM : UI_ERROR, s);
	free(s);
}

static void draw(struct ui *ui, void *st)
{
	static const struct ui_key keys[] = {
		{ACT_OPEN, N_("Open admin")}, {ACT_BACK, N_("Cancel")}, {ACT_ERASE, NULL},
	};
	static const char pad[12][4] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0",
					""};
	struct pin_st *p = st;
	int w = ui->cols - 8 < 72 ? ui->cols - 8 : 72, h = 17, y, x, i;
	char dots[ADMIN_PIN_MAX * 3 + 1];
	size_t k = 0;

	admin_draw_title(ui, _("Admin"));
	y = 2 + (ui->rows - 3 - h) / 2;
	x = (ui->cols - w) / 2;
	ui_box(ui, y, x, h, w, UI_FRAME, _("Librarian PIN"));
	ui_text_wrap(ui, y + 1, x + 2, 2, w - 4, UI_NORMAL,
		     _("Type the librarian PIN and press Enter. Esc goes back."));
	for (i = 0; i < p->chars && i < ADMIN_PIN_MAX; i++) {
		const char *dot = ui->utf8_term ? "\xe2\x97\x8f" : "*";

		memcpy(dots + k, dot, strlen(dot));
		k += strlen(dot);
	}
	dots[k] = '\0';
	ui_text(ui, y + 4, x + 2, w - 4, UI_FIELD_FOCUS, dots);
	draw_message(ui, p, y + 6, x + 2, w - 4);
	/* A keypad for touch screens: digits, erase and OK. */
	for (i = 0; i < 12; i++) {
		int by = y + 9 + (i / 3) * 2, bx = x + (w - PAD_W) / 2 + (i % 3) * 12;
		int tag = i == 10 ? 0 : i + 1;
		const char *label = pad[i];

		if (i == 9) {
			label = ui->utf8_term ? "\xe2\x8c\xab" : "<-";
			tag = TAG_ERASE;
		} else if (i == 11) {
			label = "OK";
			tag = TAG_OK;
		}
		ui_fill(ui, by, bx, 1, 10, UI_BUTTON);
		ui_text_center(ui, by, bx, 10, UI_BUTTON, label);
		ui_click_area(ui, by, bx, 1, 10, ACT_CLICK, tag);
	}
	ui_keybar(ui, keys, 3);
}

static void add_text(struct pin_st *p, const char *s)
{
	size_t n = strlen(s);

	if (p->len + n > ADMIN_PIN_MAX)
		return;
	memcpy(p->pin + p->len, s, n);
	p->len += n;
	p->pin[p->len] = '\0';
	p->chars++;
}

static struct ui_result submit(struct ui *ui, struct pin_st *p)
{
	char *err = NULL;
	enum admin_pin r;

	if (p->len == 0 && p->msg != MSG_LOCKED)
		return ui_stay();
	r = admin_pin_check(ui->db, ui->cfg != NULL ? ui->cfg->admin_pin_hash : NULL, p->pin,
			    ui->now_ms, &p->lock, &err);
	pin_clear(p);
	p->lock_read_ms = ui->now_ms;
	switch (r) {
	case ADMIN_PIN_OK:
		free(err);
		return ui_replace(&screen_admin_status, NULL);
	case ADMIN_PIN_WRONG:
		p->msg = p->lock.locked_ms > 0 ? MSG_LOCKED : MSG_WRONG;
		break;
	case ADMIN_PIN_LOCKED:
		p->msg = MSG_LOCKED;
		break;
	case ADMIN_PIN_NOT_SET:
		p->msg = MSG_NOT_SET;
		break;
	case ADMIN_PIN_ERROR:
		snprintf(p->err, sizeof p->err, "%s", err != NULL ? err : "");
		p->msg = MSG_ERROR;
		break;
	}
	p->shown_s = lock_left_s(ui, p);
	free(err);
	return ui_redraw();
}

static struct ui_result erase(struct pin_st *p)
{
	if (p->len == 0)
		return ui_stay();
	do
		p->len--;
	while (p->len > 0 && ((unsigned char)p->pin[p->len] & 0xc0) == 0x80);
	wipe(p->pin + p->len, sizeof p->pin - p->len);
	p->chars--;
	return ui_redraw();
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct pin_st *p = st;
	int tag;
	char digit[2];

	if (p->msg == MSG_LOCKED && ev->act != ACT_BACK && ev->act != ACT_LANG)
		return ev->act == ACT_HOME ? ui_unhandled() : ui_stay();
	switch (ev->act) {
	case ACT_CHAR:
		if (p->msg == MSG_WRONG)
			p->msg = MSG_NONE;
		add_text(p, ev->utf8);
		return ui_redraw();
	case ACT_CLICK:
		tag = ui_click_tag(ui);
		if (tag >= 0 && tag <= 9) {
			digit[0] = (char)('0' + tag);
			digit[1] = '\0';
			if (p->msg == MSG_WRONG)
				p->msg = MSG_NONE;
			add_text(p, digit);
			return ui_redraw();
		}
		if (tag == TAG_ERASE)
			return erase(p);
		if (tag == TAG_OK)
			return submit(ui, p);
		return ui_stay();
	case ACT_ERASE:
	case ACT_DELETE:
		return erase(p);
	case ACT_CLEAR:
		pin_clear(p);
		return ui_redraw();
	case ACT_OPEN:
	case ACT_SUBMIT:
		return submit(ui, p);
	case ACT_BACK:
		return ui_pop();
	case ACT_HOME:
		return ui_unhandled();
	default:
		return admin_common_key(ui, ev);
	}
}

static struct ui_result tick(struct ui *ui, void *st)
{
	struct pin_st *p = st;
	long left;

	if (p->msg != MSG_LOCKED)
		return ui_stay();
	left = lock_left_s(ui, p);
	if (left == 0) {
		read_lock(ui, p);
		if (p->msg == MSG_NONE && (ui->cfg == NULL ||
					   !admin_hash_usable(ui->cfg->admin_pin_hash)))
			p->msg = MSG_NOT_SET;
		return ui_redraw();
	}
	if (left != p->shown_s) {
		p->shown_s = left;
		return ui_redraw();
	}
	return ui_stay();
}

static void wipe_state(struct ui *ui, void *st)
{
	(void)ui;
	pin_clear(st);
}

static void leave(struct ui *ui, void *st)
{
	(void)ui;
	if (st != NULL)
		pin_clear(st);
	free(st);
}

const struct screen screen_admin = {
	.name = "admin",
	.flags = SCREEN_FORM | SCREEN_NO_SEARCH,
	.enter = enter,
	.draw = draw,
	.key = key,
	.tick = tick,
	.leave = leave,
	.wipe = wipe_state,
};
