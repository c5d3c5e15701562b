/* Help: an overlay explaining the keys in plain words, those of the screen it was opened
 * from (a story has keys of its own), else the general ones. */
#include <string.h>

#include "i18n.h"
#include "screens.h"

struct line {
	const char *key;        /* shown as it is */
	const char *what;       /* N_() */
};

static const struct line lines[] = {
	{"\xe2\x86\x91 \xe2\x86\x93", N_("move up and down, scroll the text")},
	{"Enter", N_("open what is marked, or choose it")},
	{"Esc", N_("go back")},
	{"Tab", N_("go to the next part of the screen")},
	{"A-Z", N_("just type to search: the list changes as you type")},
	{"PgUp PgDn", N_("a page up or down")},
	{"F1", N_("this help")},
	{"F2", N_("change the language")},
	{"F5", N_("contact the person or the organisation")},
	{"F6", N_("back to the start")},
	{"F7", N_("speech on or off: the screen is read aloud")},
};

static const struct line case_lines[] = {
	{"\xe2\x86\x91 \xe2\x86\x93", N_("scroll the story")},
	{"PgUp PgDn", N_("a page up or down")},
	{"Tab", N_("go to the next link: the partner, related stories, contact")},
	{"Enter", N_("open the marked link")},
	{"F5", N_("contact this person, if the story allows it")},
	{"Esc", N_("go back")},
	{"F1", N_("this help")},
	{"F2", N_("change the language")},
	{"F6", N_("back to the start")},
	{"F7", N_("speech on or off: the screen is read aloud")},
};

#define NLINES(v) ((int)(sizeof v / sizeof v[0]))

static void draw(struct ui *ui, void *st)
{
	static const struct ui_key keys[] = {{ACT_BACK, N_("Close")}, {ACT_LANG, NULL}};
	bool on_case = strcmp(ui_below_name(ui), "case") == 0;
	const struct line *v = on_case ? case_lines : lines;
	int n = on_case ? NLINES(case_lines) : NLINES(lines);
	int w = ui->cols > 84 ? 76 : ui->cols - 4, h = 6, y, x, i, row;
	const char *ask = _("Need help? Ask a librarian. They can also turn on speech, larger "
			    "letters or stronger colours.");

	(void)st;
	for (i = 0; i < n; i++)         /* a long line wraps, in any language */
		h += ui_text_rows(_(v[i].what), w - 17);
	h += ui_text_rows(ask, w - 4);
	if (h > ui->rows - 2)
		h = ui->rows - 2;
	y = (ui->rows - 1 - h) / 2;
	x = (ui->cols - w) / 2;
	ui_box(ui, y, x, h, w, UI_FRAME, _("Help"));
	ui_title(ui, _("Help"));
	ui_text(ui, y + 1, x + 2, w - 4, UI_NORMAL,
		_("You can use the keys or touch the screen."));
	for (i = 0, row = y + 3; i < n && row < y + h - 3 - ui_text_rows(ask, w - 4); i++) {
		/* The arrows have a name where the terminal cannot show them. */
		ui_text_at(ui, row, x + 3, 11, UI_BUTTON_KEY,
			   i == 0 && !ui->utf8_term ? "Up Down" : v[i].key);
		row += ui_text_wrap(ui, row, x + 15, y + h - 3 - row, w - 17, UI_NORMAL,
				    _(v[i].what));
	}
	ui_text_wrap(ui, y + h - 2 - ui_text_rows(ask, w - 4), x + 2, ui_text_rows(ask, w - 4),
		     w - 4, UI_HEADING, ask);
	ui_text(ui, y + h - 2, x + 2, w - 4, UI_DIM,
		_("Touch or click to choose; the mouse wheel scrolls."));
	ui_keybar(ui, keys, 2);
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	(void)ui, (void)st;
	switch (ev->act) {
	case ACT_LANG:
	case ACT_HOME:
		return ui_unhandled();
	case ACT_WHEEL_UP:
	case ACT_WHEEL_DOWN:
		return ui_stay();
	default:
		return ui_pop();        /* any other key or touch closes the help */
	}
}

const struct screen screen_help = {
	.name = "help",
	.flags = SCREEN_OVERLAY,
	.draw = draw,
	.key = key,
};
