/* Admin settings: the configuration in effect and where it comes from, read only
 * (never the PIN hash or the token). Changing it means editing the config file and
 * restarting the kiosk; the screen says so. */
#include "admin_ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "i18n.h"
#include "util.h"

struct settings_st {
	struct admin_setting *set;
	int n;
	int top;                        /* first setting shown */
	int rows;                       /* settings that fit, as last drawn */
};

static void *enter(struct ui *ui, const char *arg)
{
	struct settings_st *s = xcalloc(1, sizeof *s);
	char *conf = admin_config_path();

	(void)arg;
	if (ui->cfg != NULL)
		s->n = admin_settings(ui->cfg, conf, &s->set);
	free(conf);
	return s;
}

/* The one label that is not a config key. */
static const char *const config_label[] = {N_("config file")};

static void draw_setting(struct ui *ui, const struct admin_setting *it, int y, int kw)
{
	const char *v = it->value;
	char *line;

	if (strcmp(it->key, "config") == 0) {
		ui_text(ui, y, 2, kw, UI_HEADING, _(config_label[0]));
		ui_text(ui, y, 3 + kw, ui->cols - kw - 5, v != NULL ? UI_NORMAL : UI_DIM,
			v != NULL ? v : _("none: the built-in defaults"));
		return;
	}
	ui_text(ui, y, 2, kw, UI_HEADING, it->key);
	if (v == NULL) {
		ui_text(ui, y, 3 + kw, ui->cols - kw - 5, UI_DIM, _("(not set)"));
		return;
	}
	line = xasprintf("%s%s%s", v, v[0] != '\0' && it->note != NULL ? " " : "",
			 it->note != NULL ? _(it->note) : "");
	ui_text(ui, y, 3 + kw, ui->cols - kw - 5, it->note != NULL && v[0] != '\0' ?
		UI_ERROR : UI_NORMAL, line);
	free(line);
}

static void draw(struct ui *ui, void *st)
{
	static const struct ui_key keys[] = {
		{ACT_BACK, NULL}, {ACT_DOWN, NULL}, {ACT_UP, NULL}, {ACT_LANG, NULL},
	};
	struct settings_st *s = st;
	int kw = admin_label_width(ui, config_label, 1), y = 3, h, i;

	if (kw < 18)
		kw = 18;                /* "default_language" and a gap */
	admin_draw_title(ui, _("Admin: settings"));
	y += ui_text_wrap(ui, y, 2, 4, ui->cols - 4, UI_DIM,
			  _("The settings in use now. To change them, edit the config file "
			    "shown below and restart the kiosk (or the computer). For a new "
			    "PIN, run  vitrina pin  and put the line it prints in the config "
			    "file in place of the old admin_pin_hash line."));
	y++;
	h = ui->rows - 1 - y;
	s->rows = h;
	if (s->top > s->n - h)
		s->top = s->n - h > 0 ? s->n - h : 0;
	for (i = 0; i < h && s->top + i < s->n; i++)
		draw_setting(ui, &s->set[s->top + i], y + i, kw);
	if (s->top > 0)
		ui_text_at(ui, y, ui->cols - 2, 1, UI_DIM, ui->utf8_term ? "\xe2\x96\xb2" : "^");
	if (s->top + h < s->n)
		ui_text_at(ui, y + h - 1, ui->cols - 2, 1, UI_DIM,
			   ui->utf8_term ? "\xe2\x96\xbc" : "v");
	ui_keybar(ui, keys, 4);
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct settings_st *s = st;
	int old = s->top;

	if (ev->act == ACT_BACK || ev->act == ACT_ERASE)
		return ui_pop();
	if (!ui_scroll_key(ev, &s->top, s->n, s->rows))
		return admin_common_key(ui, ev);
	return s->top != old ? ui_redraw() : ui_stay();
}

static void leave(struct ui *ui, void *st)
{
	struct settings_st *s = st;

	(void)ui;
	admin_settings_free(s->set, s->n);
	free(s);
}

const struct screen screen_admin_settings = {
	.name = "admin_settings",
	.flags = SCREEN_NO_SEARCH,
	.enter = enter,
	.draw = draw,
	.key = key,
	.leave = leave,
};
