/* The request forms' shared engine: fields and their checks, layout at any size from
 * 80x24, focus and keys, the municipality picker. The check step and the submit are in
 * screens/form_check.c, the confirmation in screens/confirm.c. */
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "outbox.h"
#include "regions.h"
#include "screens.h"
#include "text.h"
#include "ui_field.h"
#include "util.h"

/* The age groups in the order shown: under 14 last, as the exception. */
static const enum age_group age_order[] = {
	AGE_14_17, AGE_18_24, AGE_25_29, AGE_30_PLUS, AGE_UNDER_14
};
#define AGE_CHOICES ((int)(sizeof age_order / sizeof age_order[0]))
#define UNDER_14_CHOICE (AGE_CHOICES - 1)

/* Languages a reply can be in; each is named in its own language. */
static const char *const lang_codes[] = {"lt", "en", "ru", "pl"};
static const char *const lang_names[] = {"Lietuvių", "English", "Русский", "Polski"};
#define LANG_CHOICES ((int)(sizeof lang_codes / sizeof lang_codes[0]))

/* Click tags: item * TAG_ITEM + 0 for the field, + 1 + n for choice n. */
#define TAG_ITEM 16

/* The reply language offered first: the UI language the visitor is using. */
static int default_lang(void)
{
	const char *cur = i18n_language();
	int k;

	for (k = 0; k < LANG_CHOICES; k++) {
		if (strcmp(cur, lang_codes[k]) == 0)
			return k;
	}
	return -1;
}

struct form *form_new(const struct form_spec *spec, const char *target_kind,
		      const char *target_id)
{
	struct form *fm = xcalloc(1, sizeof *fm);
	int i;

	fm->spec = spec;
	if (target_kind != NULL)
		snprintf(fm->target_kind, sizeof fm->target_kind, "%s", target_kind);
	if (target_id != NULL)
		snprintf(fm->target_id, sizeof fm->target_id, "%s", target_id);
	for (i = 0; i < spec->nitems && i < FORM_MAX_ITEMS; i++) {
		struct form_item *it = &fm->items[i];

		it->spec = &spec->items[i];
		it->choice = -1;
		ui_field_init(&it->f, (size_t)(it->spec->max_chars > 0 ? it->spec->max_chars : 1) * 4,
			      it->spec->max_chars);
		it->f.label = it->spec->label;
		if (it->spec->type == FI_LANG)
			it->choice = default_lang();
	}
	ui_field_init(&fm->filter, 160, 40);
	fm->step = STEP_EDIT;
	return fm;
}

static int nitems(const struct form *fm)
{
	return fm->spec->nitems < FORM_MAX_ITEMS ? fm->spec->nitems : FORM_MAX_ITEMS;
}

const char *form_value(const struct form *fm, int i)
{
	const struct form_item *it = &fm->items[i];

	switch (it->spec->type) {
	case FI_TEXT:
	case FI_MULTI:
		return it->f.text;
	case FI_AGE:
		return it->choice >= 0 ? age_group_codes[age_order[it->choice]] : "";
	case FI_LANG:
		return it->choice >= 0 ? lang_codes[it->choice] : "";
	case FI_MUNICIPALITY:
		return it->choice >= 0 ? municipalities[it->choice].code : "";
	}
	return "";
}

static bool is_question(const struct form *fm)
{
	return strcmp(fm->spec->kind, "question") == 0;
}

/* A question's message is required and at most MAX_QUESTION characters (request.c's
 * rule; the field's own limit stops typing there, a paste is cut to it). */
static const char *check_question(const char *value)
{
	const char *msg;

	if (value[strspn(value, " \t\n")] == '\0')
		return N_("Please write your question");
	msg = request_check_field(RF_MESSAGE, value);
	if (msg != NULL)
		return msg;
	if (utf8_len(value) > MAX_QUESTION)
		return N_("The question is too long (at most 500 characters)");
	return NULL;
}

const char *form_problem(const struct form *fm, int i)
{
	const struct form_item_spec *sp = fm->items[i].spec;

	if (sp->field == RF_MESSAGE && is_question(fm))
		return check_question(form_value(fm, i));
	return request_check_field(sp->field, form_value(fm, i));
}

bool form_under_14(const struct form *fm)
{
	int i;

	for (i = 0; i < nitems(fm); i++) {
		if (fm->items[i].spec->type == FI_AGE && fm->items[i].choice == UNDER_14_CHOICE)
			return true;
	}
	return false;
}

int form_choice_count(const struct form *fm, int i)
{
	switch (fm->items[i].spec->type) {
	case FI_AGE:
		return AGE_CHOICES;
	case FI_LANG:
		return LANG_CHOICES;
	default:
		return 0;
	}
}

const char *form_choice_label(const struct form *fm, int i, int c)
{
	if (c < 0)
		return "";
	switch (fm->items[i].spec->type) {
	case FI_AGE:
		/* TRANSLATORS: an age group on the contact and nomination forms */
		return c == UNDER_14_CHOICE ? _("under 14") : age_group_codes[age_order[c]];
	case FI_LANG:
		return c < LANG_CHOICES ? lang_names[c] : "";
	case FI_MUNICIPALITY:
		return c < MUNICIPALITY_COUNT ? municipality_name(&municipalities[c],
								  i18n_language()) : "";
	default:
		return "";
	}
}

/* Under 14 only the age choice shows (with the explanation); the rest waits. */
static bool visible(const struct form *fm, int i)
{
	return !form_under_14(fm) || fm->items[i].spec->type == FI_AGE;
}

static bool has_value(const struct form *fm, int i)
{
	const struct form_item *it = &fm->items[i];

	if (it->spec->type == FI_TEXT || it->spec->type == FI_MULTI)
		return !ui_field_blank(&it->f);
	return it->choice >= 0;
}

/* Move the focus to item i (leaving the current one shows its problem if it has a
 * value: an empty field is only flagged when the visitor tries to send). */
static void focus_item(struct form *fm, int i)
{
	if (i == fm->focus)
		return;
	if (fm->focus < nitems(fm) && has_value(fm, fm->focus))
		fm->items[fm->focus].show_error = true;
	fm->focus = i;
}

/* The next or previous visible item; after the last comes the check button. */
static void focus_step(struct form *fm, int dir)
{
	int n = nitems(fm) + 1, i = fm->focus, k;

	for (k = 0; k < n; k++) {
		i = (i + dir + n) % n;
		if (i == n - 1 ? !form_under_14(fm) : visible(fm, i))
			break;
	}
	focus_item(fm, i);
}

/* The focus is on the button that goes on to the check step. */
static bool on_button(const struct form *fm)
{
	return fm->focus >= nitems(fm);
}

/* Item i as new: its text wiped (zeroed), nothing chosen. */
static void clear_item(struct form *fm, int i)
{
	struct form_item *it = &fm->items[i];

	ui_field_wipe(&it->f);
	it->choice = it->spec->type == FI_LANG ? default_lang() : -1;
	it->show_error = false;
}

/* Under 14 nothing the visitor typed may stay behind (DESIGN §3): every item but the
 * age choice is wiped at once, so choosing another age group brings nothing back. */
static void wipe_for_under_14(struct form *fm)
{
	int i;

	form_check_wipe(fm);
	ui_field_wipe(&fm->filter);
	for (i = 0; i < nitems(fm); i++) {
		if (fm->items[i].spec->type != FI_AGE)
			clear_item(fm, i);
	}
}

/* The visitor chose choice c of item i (an age group or a language). */
static void set_choice(struct form *fm, int i, int c)
{
	fm->items[i].choice = c;
	fm->items[i].show_error = true;
	fm->notice = NULL;
	if (fm->items[i].spec->type == FI_AGE && form_under_14(fm))
		wipe_for_under_14(fm);
}

void form_wipe(struct ui *ui, void *st)
{
	struct form *fm = st;
	int i;

	(void)ui;
	if (fm == NULL)
		return;
	form_check_wipe(fm);
	for (i = 0; i < nitems(fm); i++)
		clear_item(fm, i);
	ui_field_wipe(&fm->filter);
	fm->focus = 0;
	fm->step = STEP_EDIT;
	fm->notice = NULL;
	fm->consent = false;
	fm->consent_error = NULL;
}

void form_leave(struct ui *ui, void *st)
{
	struct form *fm = st;
	int i;

	if (fm == NULL)
		return;
	form_wipe(ui, fm);
	for (i = 0; i < nitems(fm); i++)
		ui_field_free(&fm->items[i].f);
	ui_field_free(&fm->filter);
	free(fm->target_name);
	wipe_free(fm, sizeof *fm);
}

/* ---- layout ---- */

struct layout {
	int label_x, label_w, field_x, field_w, multi_rows, top;
	int footer_w, footer_rows;      /* the text under the fields, beside the button */
};

/* The text under the fields: a notice, else what can be done now. */
static const char *footer_text(const struct form *fm)
{
	if (fm->notice != NULL)
		return _(fm->notice);
	if (form_under_14(fm))
		return _("Left and Right: choose another age group. Esc: cancel and clear.");
	if (!on_button(fm) && fm->items[fm->focus].spec->type == FI_MUNICIPALITY)
		return _("Enter: choose from the list");
	return _("Tab: next field. F10: check what will be sent. Esc: cancel and clear.");
}

/* The Review button's width, 0 under 14 (there is nothing to review). */
static int button_width(const struct form *fm)
{
	return form_under_14(fm) ? 0 : ui_width(_("Review")) + 4;
}

static int item_height(const struct form_item *it, int multi_rows)
{
	return it->spec->type == FI_MULTI ? multi_rows + 2 : 2;
}

static void compute_layout(struct ui *ui, const struct form *fm, struct layout *l)
{
	int i, used = 0, lw = 0, spare;

	for (i = 0; i < nitems(fm); i++) {
		int w;

		if (fm->items[i].spec->type == FI_MULTI)
			continue;
		w = ui_width(_(fm->items[i].spec->label));
		if (w > lw)
			lw = w;
	}
	/* Long labels (Lithuanian, Russian) wrap onto the row below rather than push the
	 * fields out of an 80-column screen. */
	if (lw > ui->cols / 5)
		lw = ui->cols / 5;
	l->label_x = 2;
	l->label_w = lw;
	l->field_x = 2 + lw + 2;
	l->field_w = ui->cols - l->field_x - 2;
	if (l->field_w > 70)
		l->field_w = 70;
	l->multi_rows = 4;
	l->top = 3;
	/* The footer wraps rather than lose its end: it takes the rows it needs. */
	l->footer_w = ui->cols - 5 - button_width(fm);
	l->footer_rows = ui_text_rows(footer_text(fm), l->footer_w);
	if (l->footer_rows < 1)
		l->footer_rows = 1;
	for (i = 0; i < nitems(fm); i++) {
		if (visible(fm, i))
			used += item_height(&fm->items[i], 4);
	}
	/* The rows left above the footer and the key bar go to the long text. */
	spare = ui->rows - 1 - l->footer_rows - l->top - used;
	if (spare > 0)
		l->multi_rows += spare < 8 ? spare : 8;
	if (spare < 0)
		l->top = 2;
}

/* The problem under its field; moved left when long, unless the label took that row. */
static void draw_error(struct ui *ui, const struct layout *l, int y, const char *msg,
		       bool label_below)
{
	const char *t = _(msg);
	int w = ui_width(t), x = l->field_x;

	if (!label_below && x + w > ui->cols - 1)
		x = ui->cols - 1 - w;
	if (x < l->label_x)
		x = l->label_x;
	ui_text_at(ui, y, x, ui->cols - 1 - x, UI_ERROR, t);
}

static void draw_choice(struct ui *ui, const struct form *fm, int i, int y, int x, int w,
			bool focused)
{
	const struct form_item *it = &fm->items[i];
	int c, n = form_choice_count(fm, i), total = 0, gap = 2, mark = 4;

	/* Tighter spacing when the choices would not fit on the row otherwise. */
	for (c = 0; c < n; c++)
		total += ui_width(form_choice_label(fm, i, c));
	if (total + n * mark + (n - 1) * gap > w)
		gap = 1;
	if (total + n * mark + (n - 1) * gap > w)
		mark = 3;
	for (c = 0; c < n && w > mark; c++) {
		const char *label = form_choice_label(fm, i, c);
		bool on = it->choice == c;
		enum ui_style st = on ? (focused ? UI_FIELD_FOCUS : UI_MARK) : UI_NORMAL;
		int used;

		if (focused && it->choice < 0 && c == 0)
			st = UI_FIELD;
		used = ui_text_at(ui, y, x, mark, st, on ? "(\xe2\x80\xa2) " : "( ) ");
		used += ui_text_at(ui, y, x + used, w - used, st, label);
		ui_click_area(ui, y, x, 1, used, ACT_CLICK, i * TAG_ITEM + 1 + c);
		x += used + gap;
		w -= used + gap;
	}
}

/* The focus on a choice (age group, language, municipality) at (y, x): spoken as its
 * label and what is chosen. */
static void focus_choice(struct ui *ui, const struct form *fm, int i, int y, int x)
{
	const struct form_item *it = &fm->items[i];
	const char *chosen = _("nothing chosen yet");
	char *s;

	if (it->choice >= 0 && it->spec->type == FI_MUNICIPALITY)
		chosen = municipality_name(&municipalities[it->choice], i18n_language());
	else if (it->choice >= 0)
		chosen = form_choice_label(fm, i, it->choice);
	s = xasprintf("%s: %s", _(it->spec->label), chosen);
	ui_focus(ui, y, x, s);
	free(s);
}

/* The chosen municipality as a field that opens the picker (the footer says how). */
static void draw_municipality(struct ui *ui, const struct form *fm, int i, int y, int x,
			      int w, bool focused)
{
	const struct form_item *it = &fm->items[i];
	enum ui_style st = focused ? UI_FIELD_FOCUS : UI_FIELD;
	int fw = w < 30 ? w : 30;

	ui_fill(ui, y, x, 1, fw, st);
	if (it->choice >= 0)
		ui_text_at(ui, y, x + 1, fw - 4, st,
			   municipality_name(&municipalities[it->choice], i18n_language()));
	else
		ui_text_at(ui, y, x + 1, fw - 4, st, _("Choose…"));
	ui_text_at(ui, y, x + fw - 2, 2, st, "\xe2\x96\xbe");
	ui_click_area(ui, y, x, 1, fw, ACT_CLICK, i * TAG_ITEM);
}

/* The box that explains why an under-14 cannot go on, as tall as its text needs. */
static void draw_under_14(struct ui *ui, const struct layout *l, int y)
{
	const char *t = _("Thank you for wanting to take part! Visitors under 14 cannot send a "
			  "request on their own. Please ask a librarian or a parent to help you: "
			  "they can send it together with you.\n\nIf you chose this age group by "
			  "mistake, choose another one above.");
	int w = ui->cols - 8, h = ui_text_rows(t, w - 4) + 2, room = ui->rows - 1 -
		l->footer_rows - y;

	if (h > room)
		h = room;
	if (h < 3 || w < 20)
		return;
	ui_box(ui, y, 4, h, w, UI_FRAME, _("Please ask for help"));
	ui_text_wrap(ui, y + 1, 6, h - 2, w - 4, UI_NORMAL, t);
}

/* The footer (wrapped, never cut), the Review button and the key bar: under 14 neither
 * the button nor F10 is offered, as nothing can be sent. */
static void draw_footer(struct ui *ui, const struct form *fm, const struct layout *l)
{
	static const struct ui_key keys[] = {
		/* TRANSLATORS: key bar: go to the check step of a form before sending */
		{ACT_SUBMIT, N_("Review")}, {ACT_NEXT, NULL},
		/* TRANSLATORS: key bar: leave a form, clearing it */
		{ACT_BACK, N_("Cancel")}, {ACT_HELP, NULL}, {ACT_LANG, NULL},
	};
	static const struct ui_key under_14_keys[] = {
		{ACT_BACK, N_("Cancel")}, {ACT_HELP, NULL}, {ACT_LANG, NULL},
	};

	/* The button after the last field: Tab reaches it, Enter or a touch presses it,
	 * so a terminal without F10 (vt100) can go on too. */
	if (!form_under_14(fm))
		ui_button(ui, ui->rows - 2, -1, _("Review"), on_button(fm), ACT_SUBMIT);
	ui_text_wrap(ui, ui->rows - 1 - l->footer_rows, 2, l->footer_rows, l->footer_w,
		     fm->notice != NULL ? UI_ERROR : UI_DIM, footer_text(fm));
	if (form_under_14(fm))
		ui_keybar(ui, under_14_keys, (int)(sizeof under_14_keys / sizeof under_14_keys[0]));
	else
		ui_keybar(ui, keys, (int)(sizeof keys / sizeof keys[0]));
}

/* The rows of the on-screen keyboard when it shows for the focused field, else 0. */
static int osk_rows(struct ui *ui, const struct form *fm)
{
	enum form_item_type t;

	if (on_button(fm) || form_under_14(fm))
		return 0;
	t = fm->items[fm->focus].spec->type;
	return t == FI_TEXT || t == FI_MULTI ? ui_osk_rows(ui) : 0;
}

/* The first item to draw so that the focused one ends above row limit (the keyboard's
 * top): the items before it give way from the top. */
static int first_shown(const struct form *fm, const struct layout *l, int limit)
{
	int i, first = 0, bottom = l->top;

	for (i = 0; i <= fm->focus && i < nitems(fm); i++) {
		if (visible(fm, i))
			bottom += item_height(&fm->items[i], l->multi_rows);
	}
	while (bottom > limit && first < fm->focus) {
		if (visible(fm, first))
			bottom -= item_height(&fm->items[first], l->multi_rows);
		first++;
	}
	return first;
}

static void draw_edit(struct ui *ui, struct form *fm)
{
	struct layout l;
	int i, y, osk = osk_rows(ui, fm), first = 0;

	compute_layout(ui, fm, &l);
	if (osk > 0) {
		l.multi_rows = 4;
		first = first_shown(fm, &l, ui->rows - osk);
	}
	ui_fill(ui, 0, 0, 1, ui->cols, UI_TITLE);
	if (fm->target_name != NULL) {
		/* TRANSLATORS: the contact form's title; %s is a person or an organisation */
		char *t = is_question(fm) ?
			  /* TRANSLATORS: the question form's title; %s is the person of a story */
			  xasprintf(_("Ask %s a question"), fm->target_name) :
			  xasprintf(_("Contact %s"), fm->target_name);

		ui_text_at(ui, 0, 1, ui->cols - 2, UI_TITLE, t);
		ui_title(ui, t);
		free(t);
	} else {
		ui_text_at(ui, 0, 1, ui->cols - 2, UI_TITLE, _(fm->spec->title));
		ui_title(ui, _(fm->spec->title));
	}
	if (strcmp(fm->spec->kind, "nomination") == 0)
		ui_text(ui, 1, 1, ui->cols - 2, UI_DIM,
			_("Tell us about someone from your community who inspires others."));
	else if (is_question(fm))
		ui_text(ui, 1, 1, ui->cols - 2, UI_DIM,
			_("The answer is shown with the story, with your age group, never your "
			  "name."));
	else
		ui_text(ui, 1, 1, ui->cols - 2, UI_DIM,
			_("Leave your contact and a message: we will put you in touch."));
	y = l.top;
	for (i = first; i < nitems(fm); i++) {
		struct form_item *it = &fm->items[i];
		bool focused = fm->focus == i;
		const char *problem;
		int label_rows;

		if (!visible(fm, i))
			continue;
		problem = it->show_error ? form_problem(fm, i) : NULL;
		if (it->spec->type == FI_MULTI) {
			ui_text_at(ui, y, l.label_x, l.field_x + l.field_w - l.label_x - 12,
				   focused ? UI_HEADING : UI_NORMAL, _(it->spec->label));
			ui_field_draw_counter(ui, &it->f, y, l.label_x,
					      l.field_x + l.field_w - l.label_x);
			ui_field_render(ui, &it->f, y + 1, l.label_x, l.multi_rows,
					l.field_x + l.field_w - l.label_x, focused);
			ui_click_area(ui, y + 1, l.label_x, l.multi_rows,
				      l.field_x + l.field_w - l.label_x, ACT_CLICK, i * TAG_ITEM);
			if (problem != NULL)
				draw_error(ui, &l, y + 1 + l.multi_rows, problem, false);
			y += l.multi_rows + 2;
			continue;
		}
		label_rows = ui_text_wrap(ui, y, l.label_x, 2, l.label_w,
					  focused ? UI_HEADING : UI_NORMAL, _(it->spec->label));
		switch (it->spec->type) {
		case FI_TEXT:
			ui_field_render(ui, &it->f, y, l.field_x, 1,
					it->spec->max_chars > 0 ? l.field_w - 9 : l.field_w, focused);
			ui_click_area(ui, y, l.field_x, 1, l.field_w - 9, ACT_CLICK, i * TAG_ITEM);
			if (focused || ui_field_chars(&it->f) * 10 >= it->spec->max_chars * 8)
				ui_field_draw_counter(ui, &it->f, y, l.field_x, l.field_w);
			break;
		case FI_AGE:
		case FI_LANG:
			draw_choice(ui, fm, i, y, l.field_x, ui->cols - l.field_x - 1, focused);
			break;
		case FI_MUNICIPALITY:
			draw_municipality(ui, fm, i, y, l.field_x, l.field_w, focused);
			break;
		case FI_MULTI:
			break;
		}
		if (focused && it->spec->type != FI_TEXT)
			focus_choice(ui, fm, i, y, l.field_x);
		if (problem != NULL && !(it->spec->type == FI_AGE && form_under_14(fm)))
			draw_error(ui, &l, y + 1, problem, label_rows > 1);
		y += 2;
	}
	if (osk > 0) {
		ui_osk_draw(ui);
		return;
	}
	if (form_under_14(fm))
		draw_under_14(ui, &l, y);
	draw_footer(ui, fm, &l);
}

/* ---- the municipality picker ---- */

/* The names folded for matching: the Lithuanian one (always found) and the one shown,
 * in the UI language (kept while the language stays the same). */
static char *folded_names[MUNICIPALITY_COUNT];
static char *folded_shown[MUNICIPALITY_COUNT];
static char shown_lang[8];

static const char *folded_name(int i)
{
	if (folded_names[i] == NULL)
		folded_names[i] = text_fold(municipalities[i].name);
	return folded_names[i];
}

static const char *folded_shown_name(int i)
{
	const char *lang = i18n_language();
	int j;

	if (strncmp(shown_lang, lang, sizeof shown_lang) != 0) {
		for (j = 0; j < MUNICIPALITY_COUNT; j++) {
			free(folded_shown[j]);
			folded_shown[j] = NULL;
		}
		snprintf(shown_lang, sizeof shown_lang, "%s", lang);
	}
	if (folded_shown[i] == NULL)
		folded_shown[i] = text_fold(municipality_name(&municipalities[i], lang));
	return folded_shown[i];
}

static int by_name(const void *a, const void *b)
{
	return strcmp(folded_shown_name(*(const int *)a), folded_shown_name(*(const int *)b));
}

static void refilter(struct form *fm)
{
	char *q = text_fold(fm->filter.text);
	int i;

	fm->npick = 0;
	for (i = 0; i < MUNICIPALITY_COUNT; i++) {
		if (q[0] == '\0' || strstr(folded_name(i), q) != NULL ||
		    strstr(folded_shown_name(i), q) != NULL)
			fm->pick[fm->npick++] = i;
	}
	qsort(fm->pick, (size_t)fm->npick, sizeof fm->pick[0], by_name);
	wipe_free(q, strlen(q));
	ui_list_set_count(&fm->list, fm->npick);
	fm->list.sel = 0;
	fm->list.top = 0;
}

static void pick_row(struct ui *ui, void *ctx, int i, int y, int x, int w, bool selected)
{
	const struct form *fm = ctx;
	const struct municipality *m = &municipalities[fm->pick[i]];
	const struct county *c = county_find(m->county);
	enum ui_style st = selected ? UI_SELECTED : UI_NORMAL;
	int used = ui_text(ui, y, x, w, st, municipality_name(m, i18n_language()));

	if (c != NULL && w > used + 4)
		ui_text_at(ui, y, x + used + 2, w - used - 2, selected ? st : UI_DIM,
			   screen_county_name(c));
}

static void open_picker(struct form *fm, const char *typed)
{
	int i, k;

	fm->step = STEP_PICK;
	ui_field_scrub(&fm->filter);
	if (typed != NULL)
		ui_field_insert(&fm->filter, typed, false);
	memset(&fm->list, 0, sizeof fm->list);
	fm->list.draw_row = pick_row;
	fm->list.ctx = fm;
	refilter(fm);
	i = fm->items[fm->focus].choice;
	for (k = 0; k < fm->npick && i >= 0; k++) {
		if (fm->pick[k] == i)
			fm->list.sel = k;
	}
}

static void draw_pick(struct ui *ui, struct form *fm)
{
	static const struct ui_key keys[] = {
		{ACT_OPEN, N_("Choose")}, {ACT_BACK, NULL}, {ACT_HELP, NULL}, {ACT_LANG, NULL},
	};
	int osk = ui_osk_rows(ui);
	int y = 2, x = 6, h = osk > 0 ? ui->rows - osk - 2 : ui->rows - 4, w = ui->cols - 12;

	ui_box(ui, y, x, h, w, UI_FRAME, _("Municipality"));
	ui_text_at(ui, y + 1, x + 2, w - 4, UI_DIM, _("Type a few letters to find it:"));
	ui_field_render(ui, &fm->filter, y + 2, x + 2, 1, w - 4, true);
	if (fm->npick == 0)
		ui_text(ui, y + 4, x + 2, w - 4, UI_DIM, _("No municipality matches."));
	else
		ui_list_draw(ui, &fm->list, y + 4, x + 1, h - 5, w - 2);
	if (osk > 0)
		ui_osk_draw(ui);
	else
		ui_keybar(ui, keys, (int)(sizeof keys / sizeof keys[0]));
}

static struct ui_result key_pick(struct ui *ui, struct form *fm, const struct ui_event *ev)
{
	(void)ui;
	switch (ev->act) {
	case ACT_BACK:
		fm->step = STEP_EDIT;
		ui_field_scrub(&fm->filter);
		return ui_redraw();
	case ACT_HELP:
	case ACT_LANG:
	case ACT_HOME:
	case ACT_ADMIN:
		return ui_unhandled();
	case ACT_CHAR:
	case ACT_ERASE:
	case ACT_DELETE:
	case ACT_CLEAR:
	case ACT_LEFT:
	case ACT_RIGHT:
		if (ui_field_edit(&fm->filter, ev, false) == 1)
			refilter(fm);
		return ui_redraw();
	default:
		break;
	}
	switch (ui_list_key(&fm->list, ev)) {
	case UI_LIST_OPEN:
		if (fm->npick > 0) {
			fm->items[fm->focus].choice = fm->pick[fm->list.sel];
			fm->items[fm->focus].show_error = true;
			fm->step = STEP_EDIT;
			ui_field_scrub(&fm->filter);
			focus_step(fm, 1);
		}
		return ui_redraw();
	case UI_LIST_MOVED:
		return ui_redraw();
	default:
		return ui_stay();
	}
}

/* ---- keys of the edit step ---- */

/* F10 on the form: every problem shows; the first takes the focus; else the check step. */
static struct ui_result to_check(struct form *fm)
{
	int i, first = -1;

	if (form_under_14(fm)) {
		for (i = 0; i < nitems(fm); i++) {
			if (fm->items[i].spec->type == FI_AGE)
				fm->focus = i;
		}
		fm->notice = N_("Visitors under 14 cannot send this alone: please ask a librarian "
				"or a parent to help");
		return ui_redraw();
	}
	for (i = 0; i < nitems(fm); i++) {
		fm->items[i].show_error = true;
		if (first < 0 && form_problem(fm, i) != NULL)
			first = i;
	}
	if (first >= 0) {
		fm->focus = first;
		fm->notice = N_("Please check the fields marked in red.");
		return ui_redraw();
	}
	fm->notice = NULL;
	fm->step = STEP_CHECK;
	fm->on_send = false;
	fm->consent = false;
	fm->consent_error = NULL;
	fm->check_scroll = 0;
	return ui_redraw();
}

static struct ui_result click(struct ui *ui, struct form *fm, const struct ui_event *ev)
{
	int tag = ui_click_tag(ui), i, c;
	struct form_item *it;

	if (tag < 0)
		return ui_stay();
	i = tag / TAG_ITEM;
	c = tag % TAG_ITEM - 1;
	if (i >= nitems(fm) || !visible(fm, i))
		return ui_stay();
	focus_item(fm, i);
	it = &fm->items[i];
	switch (it->spec->type) {
	case FI_TEXT:
	case FI_MULTI:
		ui_field_edit(&it->f, ev, it->spec->type == FI_MULTI);
		break;
	case FI_AGE:
	case FI_LANG:
		if (c >= 0 && c < form_choice_count(fm, i))
			set_choice(fm, i, c);
		break;
	case FI_MUNICIPALITY:
		open_picker(fm, NULL);
		break;
	}
	fm->notice = NULL;
	return ui_redraw();
}

static struct ui_result choice_key(struct form *fm, struct form_item *it,
				   const struct ui_event *ev)
{
	int n = form_choice_count(fm, fm->focus), c;

	switch (ev->act) {
	case ACT_LEFT:
		c = it->choice <= 0 ? 0 : it->choice - 1;
		break;
	case ACT_RIGHT:
		c = it->choice < 0 ? 0 : (it->choice + 1 < n ? it->choice + 1 : n - 1);
		break;
	case ACT_CHAR:
		if (ev->ch != ' ')
			return ui_stay();
		c = (it->choice + 1) % n;
		break;
	default:
		return ui_stay();
	}
	set_choice(fm, fm->focus, c);
	return ui_redraw();
}

/* A letter that did not fit: say why rather than drop it silently. */
static const char *full_notice(const struct form *fm, const struct form_item *it)
{
	if (it->spec->field == RF_MESSAGE && is_question(fm))
		return N_("The question is too long (at most 500 characters)");
	return N_("This field is full: nothing more fits.");
}

/* A key for the focused item: true with *res set if the item used it. */
static bool item_key(struct form *fm, const struct ui_event *ev, struct ui_result *res)
{
	struct form_item *it = &fm->items[fm->focus];
	int r;

	switch (it->spec->type) {
	case FI_TEXT:
	case FI_MULTI:
		r = ui_field_edit(&it->f, ev, it->spec->type == FI_MULTI);
		if (r == 1)
			fm->notice = NULL;
		else if (r == 2 && ev->act == ACT_CHAR && it->spec->max_chars > 0 &&
			 ui_field_chars(&it->f) >= it->spec->max_chars)
			fm->notice = full_notice(fm, it);
		*res = ui_redraw();
		return r != 0;
	case FI_AGE:
	case FI_LANG:
		if (ev->act != ACT_LEFT && ev->act != ACT_RIGHT && ev->act != ACT_CHAR)
			return false;
		*res = choice_key(fm, it, ev);
		return true;
	case FI_MUNICIPALITY:
		if (ev->act != ACT_OPEN && ev->act != ACT_CHAR)
			return false;
		open_picker(fm, ev->act == ACT_CHAR ? ev->utf8 : NULL);
		*res = ui_redraw();
		return true;
	}
	return false;
}

static struct ui_result key_edit(struct ui *ui, struct form *fm, const struct ui_event *ev)
{
	struct ui_result res;

	switch (ev->act) {
	case ACT_BACK:
		return ui_pop();        /* leave() wipes everything */
	case ACT_HELP:
	case ACT_LANG:
	case ACT_HOME:
	case ACT_ADMIN:
		return ui_unhandled();
	case ACT_SUBMIT:
		return to_check(fm);
	case ACT_NEXT:
		focus_step(fm, 1);
		return ui_redraw();
	case ACT_PREV:
		focus_step(fm, -1);
		return ui_redraw();
	case ACT_CLICK:
		return click(ui, fm, ev);
	default:
		break;
	}
	if (!on_button(fm) && !visible(fm, fm->focus))
		focus_step(fm, 1);
	if (on_button(fm)) {
		/* Enter or Space presses the button. */
		if (ev->act == ACT_OPEN || (ev->act == ACT_CHAR && ev->ch == ' '))
			return to_check(fm);
	} else if (item_key(fm, ev, &res)) {
		return res;
	}
	switch (ev->act) {
	case ACT_UP:
		focus_step(fm, -1);
		return ui_redraw();
	case ACT_DOWN:
		focus_step(fm, 1);
		return ui_redraw();
	case ACT_OPEN:
		/* Enter on the last field goes on to the check step, else to the next field. */
		if (fm->focus == nitems(fm) - 1)
			return to_check(fm);
		focus_step(fm, 1);
		return ui_redraw();
	default:
		/* Letters never start a search from a form, whatever the field. */
		return ui_stay();
	}
}

/* ---- the screen functions ---- */

static void draw_unavailable(struct ui *ui)
{
	static const struct ui_key ok[] = {{ACT_OPEN, N_("OK")}};

	ui_msgbox_draw(ui, _("Contact"),
		       _("Sorry, this person or organisation cannot be contacted through the "
			 "kiosk."), ok, 1);
}

void form_draw(struct ui *ui, void *st)
{
	struct form *fm = st;

	if (fm->unavailable) {
		draw_unavailable(ui);
		return;
	}
	switch (fm->step) {
	case STEP_EDIT:
		draw_edit(ui, fm);
		break;
	case STEP_PICK:
		draw_edit(ui, fm);
		draw_pick(ui, fm);
		break;
	case STEP_CHECK:
		form_check_draw(ui, fm);
		break;
	}
}

struct ui_result form_key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct form *fm = st;

	if (fm->unavailable) {
		if (ev->act == ACT_OPEN || ev->act == ACT_BACK || ev->act == ACT_CLICK)
			return ui_pop();
		return ev->act == ACT_CHAR ? ui_stay() : ui_unhandled();
	}
	switch (fm->step) {
	case STEP_PICK:
		return key_pick(ui, fm, ev);
	case STEP_CHECK:
		return form_check_key(ui, fm, ev);
	case STEP_EDIT:
	default:
		return key_edit(ui, fm, ev);
	}
}

struct ui_result form_submitted(struct ui *ui, struct form *fm, const char *ref_code)
{
	char arg[32];

	snprintf(arg, sizeof arg, "%s:%s", fm->spec->kind, ref_code);
	form_wipe(ui, fm);
	return ui_replace(&screen_confirm, arg);
}
