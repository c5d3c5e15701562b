/* The keys overlay of the staff review TUI (F1 or '?'): what each key does in the
 * inbox, in a request and in the figures. */
#include <string.h>

#include "i18n.h"
#include "staff.h"

static const char *const help_lines[] = {
	N_("Inbox"),
	N_("Arrows, PgUp, PgDn, Home, End: move   Enter or a click: open"),
	N_("s: filter by status (all, new, in progress, forwarded, closed, spam)"),
	N_("k: filter by kind (all, contact, nomination, question)   o: by county"),
	N_("a: show all again"),
	N_("n and p: next and previous page   r or F5: load again from the hub"),
	N_("e: export the list as it is filtered to a CSV file   q: quit"),
	N_("f: figures, bar charts of what visitors read and asked for"),
	"",
	N_("Request"),
	N_("n new, i in progress, f forwarded, c closed, s spam: set the status"),
	N_("a: add a note (F10 saves it, Esc puts it aside)   r or F5: load again"),
	N_("] and [: the next and previous request   Esc: back to the inbox"),
	N_("t or Enter: read the case's text   d: a draft case from a nomination"),
	N_("p: answer a question and publish it on the kiosks   u twice: unpublish it"),
	"",
	N_("Figures"),
	N_("1-4, Tab or arrows: the chart   d: 7, 30, 90 or 365 days   o: county"),
	N_("[ and ]: a week earlier or later   { and }: a month   e: export CSV"),
	"",
	N_("F2: language. You see only what the hub lets your token see."),
};

static void help_keys(struct ui *ui)
{
	static const struct ui_key keys[] = {{ACT_BACK, N_("Close")}};

	ui_keybar(ui, keys, 1);
}

static void help_draw(struct ui *ui, void *st)
{
	int n = (int)(sizeof help_lines / sizeof help_lines[0]), blank = 0, h, w, x, y, i, row;
	bool tight;

	(void)st;
	for (i = 0; i < n; i++)
		blank += help_lines[i][0] == '\0';
	/* on 24 rows the empty lines between the parts give way; the headings stay */
	tight = n + 4 > ui->rows - 1;
	h = (tight ? n - blank : n) + 4;
	w = ui->cols - 4 < 90 ? ui->cols - 4 : 90;
	y = (ui->rows - 1 - h) / 2 > 0 ? (ui->rows - 1 - h) / 2 : 0;
	x = (ui->cols - w) / 2;
	ui_box(ui, y, x, h, w, UI_FRAME, _("Keys"));
	for (i = 0, row = y + 2; i < n; i++) {
		bool head = help_lines[i][0] != '\0' && strchr(help_lines[i], ':') == NULL &&
			    i != n - 1;

		if (help_lines[i][0] == '\0' && tight)
			continue;
		ui_text(ui, row++, x + 2, w - 4, head ? UI_HEADING : UI_NORMAL,
			help_lines[i][0] != '\0' ? _(help_lines[i]) : "");
	}
	help_keys(ui);
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

