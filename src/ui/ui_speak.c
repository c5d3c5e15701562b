/* Focus and speech (ui.h): the cursor on the focused item after each paint, and what a
 * blind visitor hears. A paint gathers the focused item, the top screen's title, the
 * errors drawn and ui_say's messages; after it the cursor goes to the focus and speech
 * says what is new: the title and focus of a screen that just opened, the focus when
 * it moved or changed, a new error, the messages. New speech cancels the old, so a
 * visitor moving fast through a list hears where they are, not where they were. */
#include "ui_private.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "i18n.h"
#include "speech.h"
#include "util.h"

static void buf_clear(struct buf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

/* Append text to b as its own phrase: a space between phrases, spaces trimmed. */
static void add_phrase(struct buf *b, const char *s)
{
	size_t n;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0)
		return;
	if (b->len > 0)
		buf_addc(b, ' ');
	buf_add(b, s, n);
}

void ui_focus(struct ui *ui, int y, int x, const char *say)
{
	struct ui_private *p = ui->priv;

	p->focus_y = y;
	p->focus_x = x;
	p->focus_field = false;
	buf_clear(&p->focus_say);
	if (say != NULL)
		add_phrase(&p->focus_say, say);
}

void ui_focus_begin(struct ui *ui, int y, int x)
{
	ui_focus(ui, y, x, NULL);
	ui->priv->capture = true;
}

void ui_focus_end(struct ui *ui)
{
	ui->priv->capture = false;
}

void ui_title(struct ui *ui, const char *title)
{
	buf_clear(&ui->priv->title);
	add_phrase(&ui->priv->title, title);
}

void ui_say(struct ui *ui, const char *text)
{
	if (ui->priv->speech_on)
		add_phrase(&ui->priv->msgs, text);
}

bool ui_speech_on(const struct ui *ui)
{
	return ui->priv != NULL && ui->priv->speech_on;
}

/* For the drawing functions: text drawn in style st. */
void ui_speak_drawn(struct ui *ui, enum ui_style st, const char *s)
{
	struct ui_private *p = ui->priv;

	if (!p->speech_on || s == NULL)
		return;
	if (p->capture)
		add_phrase(&p->focus_say, s);
	if (st == UI_ERROR)
		add_phrase(&p->errors, s);
}

/* For ui_field_render: the focused field, its cursor at (y, x). */
void ui_speak_field(struct ui *ui, const struct ui_field *f, int y, int x)
{
	struct ui_private *p = ui->priv;

	ui_focus(ui, y, x, NULL);
	p->focus_field = true;
	if (!p->speech_on)
		return;
	/* TRANSLATORS: spoken for a text field: its name, then whether it is filled;
	 * what was typed is never read out in the room */
	buf_addf(&p->focus_say, f->len > 0 ? _("%s, filled") : _("%s, empty"),
		 f->label != NULL ? _(f->label) : _("Text field"));
}

void ui_speak_paint_begin(struct ui *ui)
{
	struct ui_private *p = ui->priv;

	p->focus_y = p->focus_x = -1;
	p->focus_field = false;
	p->capture = false;
	buf_clear(&p->focus_say);
	buf_clear(&p->title);
	buf_clear(&p->errors);
}

static void say(struct ui_private *p, const char *text, bool interrupt)
{
	if (p->speech != NULL && text[0] != '\0')
		speech_say(p->speech, i18n_language(), text, interrupt);
}

/* Remember what was said, to say next time only what changed. */
static void swap(struct buf *a, struct buf *b)
{
	struct buf t = *a;

	*a = *b;
	*b = t;
}

static void speak_paint(struct ui *ui, const char *idle_text)
{
	struct ui_private *p = ui->priv;
	const struct ui_frame *top = &p->stack[p->depth - 1];
	bool opened = top->st != p->said_st || p->depth != p->said_depth ||
		      ui->lang_gen != p->said_gen;
	bool moved = p->focus_y != p->said_y || p->focus_x != p->said_x ||
		     strcmp(p->focus_say.s ? p->focus_say.s : "",
			    p->said_focus.s ? p->said_focus.s : "") != 0;
	bool interrupt = !p->keep_said;

	p->keep_said = false;
	if (idle_text != NULL) {
		if (!p->said_idle)
			say(p, idle_text, true);
		p->said_idle = true;
		return;
	}
	p->said_idle = false;
	if (opened) {
		say(p, p->title.s ? p->title.s : "", interrupt);
		interrupt = p->title.len == 0;
	}
	if (opened || moved) {
		say(p, p->focus_say.s ? p->focus_say.s : "", interrupt);
		interrupt = interrupt && p->focus_say.len == 0;
	}
	if (p->errors.len > 0 && strcmp(p->errors.s, p->said_errors.s ? p->said_errors.s
									: "") != 0) {
		say(p, p->errors.s, interrupt);
		interrupt = false;
	}
	if (p->msgs.len > 0)
		say(p, p->msgs.s, interrupt);
	buf_clear(&p->msgs);
	p->said_st = top->st;
	p->said_depth = p->depth;
	p->said_gen = ui->lang_gen;
	p->said_y = p->focus_y;
	p->said_x = p->focus_x;
	swap(&p->said_focus, &p->focus_say);
	swap(&p->said_errors, &p->errors);
}

void ui_speak_paint_end(struct ui *ui, const char *idle_text)
{
	struct ui_private *p = ui->priv;

	p->capture = false;
	if (p->focus_y >= 0) {
		move(p->focus_y, p->focus_x);
		if (p->focus_field != (p->cursor_shown != 0))
			curs_set(p->focus_field ? 1 : 0);
		p->cursor_shown = p->focus_field;
	} else {
		if (p->cursor_shown)
			curs_set(0);
		p->cursor_shown = 0;
		move(LINES - 1, COLS - 1);
	}
	if (p->speech_on)
		speak_paint(ui, idle_text);
}

/* Turn speech on or off (F7, the config at the start of each visit). Starting it
 * for the first time starts espeak-ng's process; if it cannot start, speech stays
 * off. */
void ui_speak_set(struct ui *ui, bool on)
{
	struct ui_private *p = ui->priv;
	char *err = NULL;

	if (on == p->speech_on)
		return;
	if (on && p->speech == NULL) {
		p->speech = speech_open(ui->cfg != NULL ? ui->cfg->speech_device : NULL, &err);
		free(err);
		if (p->speech == NULL)
			return;
	}
	if (!on) {
		speech_say(p->speech, i18n_language(), _("Speech off"), true);
		p->speech_on = false;
		return;
	}
	p->speech_on = true;
	p->said_st = NULL;      /* say where we are, after "Speech on" */
	p->keep_said = true;
	buf_clear(&p->said_errors);
	speech_say(p->speech, i18n_language(), _("Speech on"), true);
}

/* At the start of a visit (the idle reset): speech as the config says. */
void ui_speak_reset(struct ui *ui)
{
	struct ui_private *p = ui->priv;
	bool on = ui->cfg != NULL && ui->cfg->speech != NULL &&
		  strcmp(ui->cfg->speech, "on") == 0;

	if (p->speech != NULL && !on)
		speech_stop(p->speech);
	if (!on)
		p->speech_on = false;
	else
		ui_speak_set(ui, true);
	buf_clear(&p->msgs);
}

void ui_speak_end(struct ui *ui)
{
	struct ui_private *p = ui->priv;

	speech_close(p->speech);
	p->speech = NULL;
	p->speech_on = false;
	buf_free(&p->focus_say);
	buf_free(&p->title);
	buf_free(&p->errors);
	buf_free(&p->msgs);
	buf_free(&p->said_focus);
	buf_free(&p->said_errors);
}
