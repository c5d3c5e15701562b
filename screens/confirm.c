/* The confirmation after a request was committed to the outbox: the reference code and
 * what happens next. arg "contact:CODE", "nomination:CODE" or "question:CODE"; nothing
 * personal here. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "form.h"
#include "i18n.h"
#include "util.h"

enum confirm_kind { CONFIRM_CONTACT, CONFIRM_NOMINATION, CONFIRM_QUESTION };

struct confirm {
	enum confirm_kind kind;
	char code[16];
};

/* The title: what was sent. */
static const char *sent_title(const struct confirm *c)
{
	switch (c->kind) {
	case CONFIRM_NOMINATION:
		return _("Nomination sent");
	case CONFIRM_QUESTION:
		/* TRANSLATORS: the confirmation's title after a question was asked */
		return _("Question sent");
	default:
		return _("Request sent");
	}
}

static const char *next_text(const struct confirm *c)
{
	switch (c->kind) {
	case CONFIRM_NOMINATION:
		return _("What happens next: the vitrina team reads every nomination. They may "
			 "contact you to learn more about the person, and with their agreement the "
			 "story can appear on kiosks like this one.");
	case CONFIRM_QUESTION:
		return _("What happens next: the kiosk sends your question to the vitrina team, "
			 "who pass it to the person of the story. When they answer, the question "
			 "and the answer appear with the story on the kiosks and the web page, "
			 "with your age group, never your name.");
	default:
		return _("What happens next: the kiosk sends your request to the vitrina team. "
			 "They pass it on, and you will be contacted at the e-mail address or "
			 "phone number you gave, usually within two weeks.");
	}
}

static void *enter(struct ui *ui, const char *arg)
{
	struct confirm *c = xcalloc(1, sizeof *c);
	const char *colon = arg != NULL ? strchr(arg, ':') : NULL;

	(void)ui;
	if (arg != NULL && strncmp(arg, "nomination:", 11) == 0)
		c->kind = CONFIRM_NOMINATION;
	else if (arg != NULL && strncmp(arg, "question:", 9) == 0)
		c->kind = CONFIRM_QUESTION;
	snprintf(c->code, sizeof c->code, "%s", colon != NULL ? colon + 1 : "");
	return c;
}

/* Where the code is good for (a question, or taking the consent back, as the consent
 * said), and that nothing personal is left on the screen. */
static void draw_after(struct ui *ui, int y, int x, int w)
{
	const char *dc = ui->cfg != NULL ? ui->cfg->data_controller : NULL;
	char *s;

	if (dc != NULL && dc[0] != '\0')
		/* TRANSLATORS: %s is the centre's legal name and e-mail from the config */
		s = xasprintf(_("If you have a question or change your mind, give your reference "
				"code to a librarian or send it to: %s."), dc);
	else
		s = xstrdup(_("If you have a question or change your mind, give your reference "
			      "code to a librarian."));
	y += ui_text_wrap(ui, y, x, ui->rows - 2 - y, w, UI_DIM, s);
	free(s);
	ui_text_wrap(ui, y, x, ui->rows - 2 - y, w, UI_DIM,
		     _("Your details have been cleared from this screen."));
}

/* What speech says: the title, then the code letter by letter ("K, 7, M, ..."), twice
 * over, so it can be written down. */
static void say_code(struct ui *ui, const struct confirm *c)
{
	struct buf s = {0};
	const char *p;
	int twice;

	buf_addf(&s, "%s. %s. %s", sent_title(c), _("Thank you!"), _("Your reference code:"));
	for (twice = 0; twice < 2; twice++) {
		for (p = c->code; *p != '\0'; p++) {
			if (*p != '-' && *p != ' ')
				buf_addf(&s, " %c,", *p);
		}
		buf_adds(&s, twice == 0 ? _(" Again:") : "");
	}
	ui_title(ui, s.s);
	buf_free(&s);
}

static void draw(struct ui *ui, void *st)
{
	const struct confirm *c = st;
	static const struct ui_key keys[] = {
		/* TRANSLATORS: key bar on the confirmation: back to the start */
		{ACT_OPEN, N_("Done")}, {ACT_HELP, NULL}, {ACT_LANG, NULL},
	};
	int w = ui->cols - 8 < 72 ? ui->cols - 8 : 72, x = (ui->cols - w) / 2, y = 2;

	ui_fill(ui, 0, 0, 1, ui->cols, UI_TITLE);
	ui_text_at(ui, 0, 1, ui->cols - 2, UI_TITLE, sent_title(c));
	ui_text_center(ui, y, x, w, UI_HEADING, _("Thank you!"));
	ui_text_center(ui, y + 2, x, w, UI_NORMAL, _("Your request is saved on this kiosk."));
	ui_text_center(ui, y + 4, x, w, UI_NORMAL, _("Your reference code:"));
	ui_text_center(ui, y + 6, x, w, UI_TITLE, c->code);
	say_code(ui, c);
	y += 8;
	y += ui_text_wrap(ui, y, x, ui->rows - 4 - y, w, UI_NORMAL, next_text(c));
	y++;
	draw_after(ui, y, x, w);
	ui_keybar(ui, keys, (int)(sizeof keys / sizeof keys[0]));
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	(void)ui, (void)st;
	switch (ev->act) {
	case ACT_OPEN:
	case ACT_BACK:
	case ACT_CLICK:
		return ui_go_home();
	default:
		return ui_unhandled();
	}
}

static void leave(struct ui *ui, void *st)
{
	(void)ui;
	free(st);
}

const struct screen screen_confirm = {
	.name = "confirm",
	.flags = 0,
	.enter = enter,
	.draw = draw,
	.key = key,
	.leave = leave,
};
