/* One request for staff: every field, what it is about (the case's title, person and
 * municipality, or the partner's name), the notes and the history; single keys set the
 * status, a field editor adds a note, t shows the case's text, d writes a draft case
 * from a nomination, p opens the answer form of a question (the question as it will show,
 * edited as staff see fit, the career maker's answer, who answered, the language) and
 * publishes it on the kiosks, u unpublishes it (pressed twice). Changes are sent with
 * the version that was read (If-Match): when someone else changed the request first, it
 * is loaded again and the staff member is told on the status line (no box to dismiss:
 * one Esc still goes back), and nothing of theirs is lost (a note stays in the editor). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "regions.h"
#include "review.h"
#include "screens.h"
#include "staff.h"
#include "text.h"
#include "ui_field.h"
#include "util.h"

#define QUICK_MS 250
#define POLL_MS 100
#define NOTE_ROWS 5
#define QA_QUESTION_ROWS 3
#define QA_MAX_QUESTION 500             /* characters, as the hub allows */
#define QA_MAX_ANSWER 2000
#define QA_MAX_BY 100

static const char *const qa_langs[] = {"lt", "en", "ru", "pl"};
#define QA_NLANGS 4

/* The fields of the answer form, in focus order. */
enum qa_focus { QA_QUESTION, QA_ANSWER, QA_BY, QA_LANG, QA_NFOCUS };

enum busy { IDLE, LOADING, SAVING };

struct detail {
	char id[37];
	struct review_item it;
	bool have;
	struct review_call *call;
	enum busy busy;
	bool conflict;                  /* a 412 came: reload, then say so */
	bool saving_note;               /* the change in flight carries the note */
	struct ui_pager pager;
	unsigned built_gen;
	bool rebuild;
	bool editing;
	struct ui_field note;           /* the note being written (kept when put aside) */
	char *flash;                    /* the outcome of the last change, or NULL */
	bool flash_error;
	bool show_case;                 /* the pager shows the case's text */
	bool answering;                 /* the answer form is open */
	bool qa_filled;                 /* its fields were filled in from the request */
	enum qa_focus qa_focus;
	struct ui_field qa_q, qa_a, qa_by;      /* kept when put aside */
	int qa_lang;                    /* index in qa_langs */
	bool saving_qa;                 /* the call in flight publishes or unpublishes */
	bool confirm_unpublish;         /* u was pressed once */
	bool keep_flash;                /* the next load keeps the flash */
};

/* The request's own keys (README "For staff"): a status by its first letter or its
 * number in review_statuses; F5 reloads here, not "contact". */
static const struct ui_keydef detail_keys[] = {
	{"n", ACT_SET_STATUS, 0, NULL},
	{"i", ACT_SET_STATUS, 1, NULL},
	{"f", ACT_SET_STATUS, 2, NULL},
	{"c", ACT_SET_STATUS, 3, NULL},
	{"s", ACT_SET_STATUS, 4, NULL},
	{"1", ACT_SET_STATUS, 0, NULL},
	{"2", ACT_SET_STATUS, 1, NULL},
	{"3", ACT_SET_STATUS, 2, NULL},
	{"4", ACT_SET_STATUS, 3, NULL},
	{"5", ACT_SET_STATUS, 4, NULL},
	{"a", ACT_NOTE, 0, NULL},
	{"t", ACT_OPEN, 0, N_("Story")},
	{"d", ACT_EXPORT, 0, N_("Draft case")},
	{"p", ACT_SUBMIT, 0, N_("Answer")},
	{"u", ACT_DELETE, 0, N_("Unpublish")},
	{"r", ACT_REFRESH, 0, N_("Reload")},
	{"F5", ACT_REFRESH, 0, NULL},
	{"]", ACT_NEXT_ITEM, 0, NULL},
	{"[", ACT_PREV_ITEM, 0, NULL},
	{"q", ACT_BACK, 0, NULL},
	{NULL, ACT_NONE, 0, NULL},
};

/* The hub client of the review TUI. */
static struct review_client *hub(const struct ui *ui)
{
	return ((const struct staff_app *)ui->app)->client;
}

static void set_flash(struct detail *d, bool error, char *msg)
{
	free(d->flash);
	d->flash = msg;
	d->flash_error = error;
}

static void field(struct ui_pager *p, const char *label, const char *value)
{
	char *line;

	if (value == NULL || value[0] == '\0')
		return;
	line = xasprintf("%s: %s", label, value);
	ui_pager_add(p, line, UI_NORMAL, 2, -1);
	free(line);
}

static void block(struct ui_pager *p, const char *label, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	ui_pager_blank(p);
	ui_pager_add(p, label, UI_HEADING, 0, -1);
	ui_pager_add(p, value, UI_NORMAL, 2, -1);
}

/* A municipality's name in the UI language, "" when code is none. */
static const char *place(const char *code)
{
	const struct municipality *m = municipality_find(code);

	return m != NULL ? municipality_name(m, i18n_language()) : code;
}

/* What the request is about: the case (title, person, municipality), the partner, the
 * nominee; the bare id only when the hub's catalogue does not know it. */
static void about(struct ui_pager *p, const struct review_item *it)
{
	const char *gone = it->item_deleted ? _(" (no longer published)") : "";
	char *s;

	if (it->case_id[0] != '\0' && it->case_title[0] != '\0') {
		s = xasprintf("%s \xe2\x80\x94 %s, %s%s", it->case_title, it->case_person,
			      place(it->case_municipality), gone);
		field(p, _("Case"), s);
		free(s);
	} else if (it->case_id[0] != '\0') {
		s = xasprintf("%s %s", it->case_id, _("(not in the hub's catalogue)"));
		field(p, _("Case"), s);
		free(s);
	}
	if (it->partner_id[0] != '\0') {
		s = it->partner_name[0] != '\0' ? xasprintf("%s%s", it->partner_name, gone) :
			xasprintf("%s %s", it->partner_id, _("(not in the hub's catalogue)"));
		field(p, _("Partner"), s);
		free(s);
	}
	if (it->nominee[0] != '\0' || it->nominee_municipality[0] != '\0') {
		s = xasprintf("%s, %s", it->nominee, place(it->nominee_municipality));
		field(p, _("Nominee"), s);
		free(s);
	}
}

/* The case's text in the pager (t): title, person, place, summary and story. */
static void build_case(struct detail *d)
{
	struct ui_pager *p = &d->pager;
	const struct review_item *it = &d->it;
	char *s;

	ui_pager_add(p, it->case_title, UI_TITLE, 0, -1);
	s = xasprintf("%s, %s%s", it->case_person, place(it->case_municipality),
		      it->item_deleted ? _(" (no longer published)") : "");
	ui_pager_add(p, s, UI_DIM, 0, -1);
	free(s);
	if (it->case_summary[0] != '\0') {
		ui_pager_blank(p);
		ui_pager_add(p, it->case_summary, UI_HEADING, 0, -1);
	}
	ui_pager_blank(p);
	ui_pager_add(p, it->case_story, UI_NORMAL, 0, -1);
}

/* The answer published for a question, as the kiosks show it. */
static void published(struct ui_pager *p, const struct review_item *it)
{
	char when[32], *s;

	if (it->qa_id[0] == '\0') {
		if (strcmp(it->kind, "question") == 0) {
			ui_pager_blank(p);
			ui_pager_add(p, _("Not answered yet. Press p to write and publish the "
					  "answer."), UI_DIM, 2, -1);
		}
		return;
	}
	ui_pager_blank(p);
	review_local_time(it->qa_published_at, when, sizeof when);
	/* TRANSLATORS: a heading; %s is a date and time, then a language code */
	s = xasprintf(_("Published on the kiosks %s (%s)"), when, it->qa_lang);
	ui_pager_add(p, s, UI_HEADING, 0, -1);
	free(s);
	ui_pager_add(p, it->qa_question, UI_NORMAL, 2, -1);
	ui_pager_add(p, it->qa_answer, UI_NORMAL, 4, -1);
	s = xasprintf("\xe2\x80\x94 %s", it->qa_answered_by);
	ui_pager_add(p, s, UI_DIM, 4, -1);
	free(s);
}

static void build(struct ui *ui, struct detail *d, int width)
{
	struct ui_pager *p = &d->pager;
	const struct review_item *it = &d->it;
	char when[32], when2[32], *s;
	struct buf who = {0};
	int i;

	ui_pager_reset(p, width);
	d->built_gen = ui->lang_gen;
	d->rebuild = false;
	if (!d->have)
		return;
	if (d->show_case) {
		build_case(d);
		return;
	}
	/* What staff act on comes first: who, whom, why, the message. */
	s = xasprintf("%s \xc2\xb7 %s \xc2\xb7 %s %lld", _(review_kind_label(it->kind)),
		      _(review_status_label(it->status)), _("version"), (long long)it->version);
	ui_pager_add(p, s, UI_TITLE, 0, -1);
	free(s);
	buf_adds(&who, it->name);
	if (it->age_group[0] != '\0')
		buf_addf(&who, ", %s", it->age_group);
	if (it->contact[0] != '\0')
		buf_addf(&who, ", %s", it->contact);
	field(p, _("From"), who.s);
	buf_free(&who);
	about(p, it);
	block(p, _("Why this person"), it->why);
	block(p, strcmp(it->kind, "question") == 0 ? _("Question") : _("Message"), it->message);
	published(p, it);
	ui_pager_blank(p);
	review_local_time(it->created_at, when, sizeof when);
	review_local_time(it->received_at, when2, sizeof when2);
	/* TRANSLATORS: "made 2026-11-30 10:00 at kiosk k1, received 2026-11-30 10:02" */
	s = xasprintf(_("made %s at kiosk %s, received %s"), when, it->kiosk_id, when2);
	field(p, _("When"), s);
	free(s);
	if (it->county[0] != '\0') {
		const struct county *c = county_find(it->county);

		s = xasprintf("%s %s", it->county, screen_county_name(c));
		field(p, _("County"), s);
		free(s);
	}
	s = xasprintf("%s %s, %s %s", _("language"), it->lang, _("consent"),
		      it->consent_version);
	field(p, _("Visitor"), s);
	free(s);
	ui_pager_blank(p);
	ui_pager_add(p, _("Notes"), UI_HEADING, 0, -1);
	if (it->nnotes == 0)
		ui_pager_add(p, _("No notes yet. Press a to add one."), UI_DIM, 2, -1);
	for (i = 0; i < it->nnotes; i++) {
		review_local_time(it->notes[i].at, when, sizeof when);
		s = xasprintf("%s, %s", when, it->notes[i].by);
		ui_pager_add(p, s, UI_DIM, 2, -1);
		free(s);
		ui_pager_add(p, it->notes[i].text, UI_NORMAL, 4, -1);
	}
	ui_pager_blank(p);
	ui_pager_add(p, _("History"), UI_HEADING, 0, -1);
	if (it->nhistory == 0)
		ui_pager_add(p, _("No changes yet."), UI_DIM, 2, -1);
	for (i = 0; i < it->nhistory; i++) {
		const struct review_change *ch = &it->history[i];

		review_local_time(ch->at, when, sizeof when);
		if (strcmp(ch->from, ch->to) == 0)
			s = xasprintf("%s, %s: %s (%s %lld)", when, ch->by, _("a note"),
				      _("version"), (long long)ch->version);
		else
			s = xasprintf("%s, %s: %s \xe2\x86\x92 %s (%s %lld)", when, ch->by,
				      ch->from[0] ? _(review_status_label(ch->from)) : "-",
				      _(review_status_label(ch->to)), _("version"),
				      (long long)ch->version);
		ui_pager_add(p, s, UI_NORMAL, 2, -1);
		free(s);
	}
}

static void start_load(struct ui *ui, struct detail *d);

/* A publish or unpublish (k, freed here) went through: say so and load the request again
 * to show it. */
static struct ui_result qa_done(struct ui *ui, struct detail *d, struct review_call *k)
{
	bool was_form = d->answering;

	review_call_free(k);
	if (was_form) {
		d->answering = false;
		set_flash(d, false, xstrdup(_("Published: the kiosks get it with the case.")));
	} else {
		set_flash(d, false, xstrdup(_("Unpublished: the kiosks drop it with the "
					      "case's next update.")));
	}
	d->keep_flash = true;
	start_load(ui, d);
	ui_tick_soon(ui);
	return ui_redraw();
}

/* What a finished call means. Returns the result for the loop. */
static struct ui_result finish(struct ui *ui, struct detail *d)
{
	struct review_call *k = d->call;
	enum review_outcome o = review_call_outcome(k);
	enum busy was = d->busy;
	struct review_item it;

	d->call = NULL;
	d->busy = IDLE;
	if (was == SAVING && o != REVIEW_OK)
		d->saving_note = false;
	if (was == SAVING && d->saving_qa) {
		d->saving_qa = false;
		if (o == REVIEW_OK)
			return qa_done(ui, d, k);
	}
	if (o == REVIEW_OK && review_call_take_item(k, &it) == 0) {
		review_call_free(k);
		review_item_free(&d->it);
		d->it = it;
		d->have = true;
		d->rebuild = true;
		staff_inbox_changed(ui->app, &d->it);
		if (was == SAVING) {
			if (d->saving_note) {
				ui_field_wipe(&d->note);
				d->editing = false;
				set_flash(d, false, xstrdup(_("Note saved.")));
			} else {
				set_flash(d, false, xasprintf(_("Saved. Status: %s"),
						      _(review_status_label(d->it.status))));
			}
			d->saving_note = false;
		} else if (d->conflict) {
			/* on the status line, not in a box: one Esc still leaves */
			d->conflict = false;
			set_flash(d, true, xstrdup(_("Someone else changed this request; reloaded. "
						     "Look again and repeat your change if needed.")));
		} else if (!d->keep_flash) {
			set_flash(d, false, NULL);
		}
		d->keep_flash = false;
		return ui_redraw();
	}
	if (o == REVIEW_CONFLICT && was == SAVING) {
		review_call_free(k);
		d->conflict = true;
		d->busy = LOADING;
		d->call = review_get_start(hub(ui), d->id);
		ui_tick_soon(ui);
		return ui_redraw();
	}
	{
		char *msg = review_call_explain(k);
		struct ui_result r;

		review_call_free(k);
		set_flash(d, true, xasprintf("%s: %s", was == SAVING ? _("Not saved")
						       : _("Could not load"), msg));
		d->conflict = false;
		r = ui_message(ui, was == SAVING ? N_("Not saved") : N_("Could not load"), msg);
		free(msg);
		return r;
	}
}

/* Wait a moment for a quick answer; else tick() finishes the call. */
static struct ui_result quick(struct ui *ui, struct detail *d)
{
	int64_t end = now_ms_monotonic() + QUICK_MS;

	while (review_call_outcome(d->call) == REVIEW_RUNNING && now_ms_monotonic() < end)
		review_poll(hub(ui), (int)(end - now_ms_monotonic()), -1);
	if (review_call_outcome(d->call) != REVIEW_RUNNING)
		return finish(ui, d);
	ui_tick_soon(ui);
	return ui_redraw();
}

static void start_load(struct ui *ui, struct detail *d)
{
	review_call_free(d->call);
	d->busy = LOADING;
	d->call = review_get_start(hub(ui), d->id);
}

static void *detail_enter(struct ui *ui, const char *arg)
{
	struct detail *d = xcalloc(1, sizeof *d);

	snprintf(d->id, sizeof d->id, "%s", arg != NULL ? arg : "");
	ui_field_init(&d->note, REVIEW_MAX_NOTE * 4, REVIEW_MAX_NOTE);
	ui_field_init(&d->qa_q, QA_MAX_QUESTION * 4, QA_MAX_QUESTION);
	ui_field_init(&d->qa_a, QA_MAX_ANSWER * 4, QA_MAX_ANSWER);
	ui_field_init(&d->qa_by, QA_MAX_BY * 4, QA_MAX_BY);
	start_load(ui, d);
	/* enter cannot show a message box: a quick answer is taken here, the rest (and
	 * any error) in tick(). */
	{
		int64_t end = now_ms_monotonic() + QUICK_MS;

		while (review_call_outcome(d->call) == REVIEW_RUNNING &&
		       now_ms_monotonic() < end)
			review_poll(hub(ui), (int)(end - now_ms_monotonic()), -1);
	}
	ui_tick_soon(ui);
	return d;
}

static void detail_leave(struct ui *ui, void *st)
{
	struct detail *d = st;

	(void)ui;
	review_call_free(d->call);
	review_item_free(&d->it);
	ui_pager_free(&d->pager);
	ui_field_free(&d->note);
	ui_field_free(&d->qa_q);
	ui_field_free(&d->qa_a);
	ui_field_free(&d->qa_by);
	free(d->flash);
	free(d);
}

/* The key bars: the statuses above the other keys; the note editor's own keys. */
static void draw_keys(struct ui *ui, const struct detail *d)
{
	static const struct ui_key keys[] = {
		{ACT_BACK, N_("Inbox")}, {ACT_NOTE, NULL}, {ACT_OPEN, NULL}, {ACT_REFRESH, NULL},
		{ACT_NEXT_ITEM, NULL}, {ACT_PREV_ITEM, NULL}, {ACT_HELP, NULL},
	};
	static const struct ui_key nomination_keys[] = {
		{ACT_BACK, N_("Inbox")}, {ACT_NOTE, NULL}, {ACT_EXPORT, NULL}, {ACT_REFRESH, NULL},
		{ACT_NEXT_ITEM, NULL}, {ACT_PREV_ITEM, NULL}, {ACT_HELP, NULL},
	};
	static const struct ui_key question_keys[] = {
		{ACT_BACK, N_("Inbox")}, {ACT_SUBMIT, NULL}, {ACT_DELETE, NULL}, {ACT_NOTE, NULL},
		{ACT_OPEN, NULL}, {ACT_REFRESH, NULL}, {ACT_HELP, NULL},
	};
	static const struct ui_key answer_keys[] = {
		{ACT_SUBMIT, N_("Publish")}, {ACT_BACK, N_("Put aside")},
		{ACT_NEXT, N_("Next field")},
	};
	static const struct ui_key case_keys[] = {
		{ACT_BACK, N_("Request")}, {ACT_HELP, NULL},
	};
	static const struct ui_key edit_keys[] = {
		{ACT_SUBMIT, N_("Save note")}, {ACT_BACK, N_("Put aside")},
		{ACT_OPEN, N_("New line")},
	};
	struct ui_button statuses[REVIEW_NSTATUS];
	int i;

	if (d->editing || d->show_case || d->answering) {
		ui_fill(ui, ui->rows - 2, 0, 1, ui->cols, UI_NORMAL);
		if (d->answering)
			ui_keybar(ui, answer_keys,
				  (int)(sizeof answer_keys / sizeof answer_keys[0]));
		else if (d->editing)
			ui_keybar(ui, edit_keys, (int)(sizeof edit_keys / sizeof edit_keys[0]));
		else
			ui_keybar(ui, case_keys, (int)(sizeof case_keys / sizeof case_keys[0]));
		return;
	}
	for (i = 0; i < REVIEW_NSTATUS; i++)
		statuses[i] = (struct ui_button){ACT_SET_STATUS, NULL,
			_(review_status_label(review_statuses[i])), i};
	ui_keybar_at(ui, ui->rows - 2, statuses, REVIEW_NSTATUS);
	if (d->have && strcmp(d->it.kind, "nomination") == 0)
		ui_keybar(ui, nomination_keys,
			  (int)(sizeof nomination_keys / sizeof nomination_keys[0]));
	else if (d->have && strcmp(d->it.kind, "question") == 0)
		ui_keybar(ui, question_keys,
			  (int)(sizeof question_keys / sizeof question_keys[0]));
	else
		ui_keybar(ui, keys, (int)(sizeof keys / sizeof keys[0]));
}

/* A label with the field's counter on row y, the field below it over h rows. */
static void draw_qa_field(struct ui *ui, struct detail *d, struct ui_field *f,
			  enum qa_focus which, const char *label, int y, int h)
{
	bool focused = d->qa_focus == which;

	ui_text_at(ui, y, 1, ui->cols - 14, focused ? UI_HEADING : UI_NORMAL, label);
	ui_field_draw_counter(ui, f, y, 0, ui->cols - 2);
	ui_fill(ui, y + 1, 1, h, ui->cols - 2, focused ? UI_FIELD_FOCUS : UI_FIELD);
	ui_field_render(ui, f, y + 1, 1, h, ui->cols - 2, focused);
}

/* The answer form over the request's text (rows 1 .. rows - 4). */
static void draw_answer(struct ui *ui, struct detail *d)
{
	int arows = ui->rows - 4 - 1 - QA_QUESTION_ROWS - 1 - 4, y = 1, x;
	bool focused = d->qa_focus == QA_LANG;
	char *s;

	if (arows < 1)
		arows = 1;
	ui_fill(ui, 1, 0, ui->rows - 4, ui->cols, UI_NORMAL);
	draw_qa_field(ui, d, &d->qa_q, QA_QUESTION,
		      _("Question (as it will show; remove anything identifying)"), y,
		      QA_QUESTION_ROWS);
	y += 1 + QA_QUESTION_ROWS;
	draw_qa_field(ui, d, &d->qa_a, QA_ANSWER, _("Answer"), y, arows);
	y += 1 + arows;
	draw_qa_field(ui, d, &d->qa_by, QA_BY, _("Answered by (the name as it should show)"),
		      y, 1);
	y += 2;
	x = ui_text_at(ui, y, 1, ui->cols - 2, focused ? UI_HEADING : UI_NORMAL,
		       _("Language of the answer:"));
	s = xasprintf("< %s >", qa_langs[d->qa_lang]);
	ui_button(ui, y, 2 + x, s, focused, ACT_RIGHT);
	free(s);
	if (focused)
		ui_focus(ui, y, 2 + x, NULL);
}

static void detail_draw(struct ui *ui, void *st)
{
	struct detail *d = st;
	int noteh = d->editing ? NOTE_ROWS + 2 : 0, h = ui->rows - 4 - noteh;
	char title[64];

	if (d->rebuild || d->pager.width != ui->cols - 2 || d->built_gen != ui->lang_gen)
		build(ui, d, ui->cols - 2);
	ui_fill(ui, 0, 0, 1, ui->cols, UI_BAR);
	snprintf(title, sizeof title, "%s %s%s", _("Request"), d->have ? d->it.ref : "",
		 d->show_case ? _(": the case's text") : "");
	ui_text(ui, 0, 1, ui->cols - 2, UI_BAR, title);
	ui_fill(ui, 1, 0, h, ui->cols, UI_NORMAL);
	if (d->have)
		ui_pager_draw(ui, &d->pager, 1, 1, h, ui->cols - 2);
	if (d->answering)
		draw_answer(ui, d);
	if (d->editing) {
		int y = 1 + h;

		ui_hline(ui, y, 0, ui->cols, UI_FRAME);
		ui_text_at(ui, y, 2, ui->cols - 20, UI_HEADING, _(" New note "));
		ui_field_draw_counter(ui, &d->note, y, 0, ui->cols - 2);
		ui_fill(ui, y + 1, 1, NOTE_ROWS, ui->cols - 2, UI_FIELD_FOCUS);
		/* Focused: the cursor shows, and letters are typed, not the screen's keys. */
		ui_field_render(ui, &d->note, y + 1, 1, NOTE_ROWS, ui->cols - 2, true);
		ui_hline(ui, y + NOTE_ROWS + 1, 0, ui->cols, UI_FRAME);
	}
	if (d->busy != IDLE)
		ui_text(ui, ui->rows - 3, 1, ui->cols - 2, UI_DIM,
			d->busy == LOADING ? _("Loading from the hub...")
					   : _("Saving at the hub..."));
	else if (d->flash != NULL)
		ui_text(ui, ui->rows - 3, 1, ui->cols - 2, d->flash_error ? UI_ERROR : UI_OK,
			d->flash);
	else
		ui_fill(ui, ui->rows - 3, 0, 1, ui->cols, UI_NORMAL);
	draw_keys(ui, d);
	if (!d->have && d->busy == LOADING && review_call_outcome(d->call) == REVIEW_RUNNING)
		ui_msgbox_draw(ui, _("Loading"), _("Asking the hub for this request... "
						   "(Esc goes back)"), NULL, 0);
}

static struct ui_result detail_tick(struct ui *ui, void *st)
{
	struct detail *d = st;

	if (d->call == NULL)
		return ui_stay();
	review_poll(hub(ui), POLL_MS, STDIN_FILENO);
	if (review_call_outcome(d->call) == REVIEW_RUNNING) {
		ui_tick_soon(ui);
		return ui_stay();
	}
	return finish(ui, d);
}

static struct ui_result set_status(struct ui *ui, struct detail *d, int s)
{
	if (!d->have)
		return ui_stay();
	if (strcmp(d->it.status, review_statuses[s]) == 0) {
		set_flash(d, false, xasprintf(_("Already %s."),
					      _(review_status_label(review_statuses[s]))));
		return ui_redraw();
	}
	d->busy = SAVING;
	d->saving_note = false;
	d->call = review_patch_start(hub(ui), d->id, d->it.version, review_statuses[s], NULL);
	return quick(ui, d);
}

static struct ui_result edit_key(struct ui *ui, struct detail *d, const struct ui_event *ev)
{
	switch (ev->act) {
	case ACT_BACK:
		d->editing = false;
		return ui_redraw();
	case ACT_SUBMIT:
		if (ui_field_blank(&d->note)) {
			set_flash(d, true, xstrdup(_("The note is empty.")));
			return ui_redraw();
		}
		d->busy = SAVING;
		d->saving_note = true;
		d->call = review_patch_start(hub(ui), d->id, d->it.version, NULL, d->note.text);
		return quick(ui, d);
	case ACT_LANG:
	case ACT_HELP:
		return ui_unhandled();
	default:
		break;
	}
	if (ui_field_edit(&d->note, ev, true) != 0)
		return ui_redraw();
	return ui_stay();
}

/* p: open the answer form, filled in the first time from the request (the question as
 * asked, the published answer if there is one, the case's person, the language). */
static struct ui_result open_answer(struct detail *d)
{
	const struct review_item *it = &d->it;
	int i;

	if (!d->have || strcmp(it->kind, "question") != 0 || it->case_id[0] == '\0') {
		set_flash(d, true, xstrdup(_("Only a question about a case can be answered.")));
		return ui_redraw();
	}
	if (!d->qa_filled) {
		const char *lang = it->qa_id[0] ? it->qa_lang : it->lang;

		ui_field_wipe(&d->qa_q);
		ui_field_insert(&d->qa_q, it->qa_id[0] ? it->qa_question : it->message, true);
		ui_field_wipe(&d->qa_a);
		ui_field_insert(&d->qa_a, it->qa_answer, true);
		ui_field_wipe(&d->qa_by);
		ui_field_insert(&d->qa_by, it->qa_id[0] ? it->qa_answered_by : it->case_person,
				false);
		d->qa_lang = 0;
		for (i = 0; i < QA_NLANGS; i++) {
			if (strcmp(lang, qa_langs[i]) == 0)
				d->qa_lang = i;
		}
		d->qa_focus = it->qa_id[0] ? QA_QUESTION : QA_ANSWER;
		d->qa_filled = true;
	}
	d->answering = true;
	return ui_redraw();
}

/* F10 in the form: publish what it holds. */
static struct ui_result publish(struct ui *ui, struct detail *d)
{
	if (ui_field_blank(&d->qa_q) || ui_field_blank(&d->qa_a) || ui_field_blank(&d->qa_by)) {
		set_flash(d, true, xstrdup(_("Fill in the question, the answer and who "
					     "answered.")));
		return ui_redraw();
	}
	d->busy = SAVING;
	d->saving_qa = true;
	d->call = review_qa_publish_start(hub(ui), d->it.case_id, d->id, d->qa_q.text,
					  d->qa_a.text, d->qa_by.text, qa_langs[d->qa_lang]);
	return quick(ui, d);
}

static struct ui_result answer_key(struct ui *ui, struct detail *d, const struct ui_event *ev)
{
	struct ui_field *f = d->qa_focus == QA_QUESTION ? &d->qa_q :
		d->qa_focus == QA_ANSWER ? &d->qa_a : d->qa_focus == QA_BY ? &d->qa_by : NULL;

	switch (ev->act) {
	case ACT_BACK:
		d->answering = false;
		return ui_redraw();
	case ACT_SUBMIT:
		return publish(ui, d);
	case ACT_NEXT:
	case ACT_PREV:
		d->qa_focus = (enum qa_focus)((d->qa_focus + (ev->act == ACT_NEXT ? 1 :
							       QA_NFOCUS - 1)) % QA_NFOCUS);
		return ui_redraw();
	case ACT_LANG:
	case ACT_HELP:
		return ui_unhandled();
	default:
		break;
	}
	if (f == NULL) {
		if (ev->act == ACT_LEFT || ev->act == ACT_RIGHT || ev->act == ACT_OPEN ||
		    ev->act == ACT_CLICK || (ev->act == ACT_CHAR && ev->ch == ' ')) {
			d->qa_lang = (d->qa_lang + (ev->act == ACT_LEFT ? QA_NLANGS - 1 : 1)) %
				QA_NLANGS;
			return ui_redraw();
		}
		if (ev->act == ACT_UP) {
			d->qa_focus = QA_BY;
			return ui_redraw();
		}
		return ui_stay();
	}
	if (ui_field_edit(f, ev, f != &d->qa_by) != 0)
		return ui_redraw();
	/* Enter on the one-line field, Down past the last row, Up past the first: move */
	if (ev->act == ACT_OPEN || ev->act == ACT_DOWN || ev->act == ACT_UP) {
		int step = ev->act == ACT_UP ? QA_NFOCUS - 1 : 1;

		if (ev->act == ACT_UP && d->qa_focus == QA_QUESTION)
			return ui_stay();
		d->qa_focus = (enum qa_focus)((d->qa_focus + step) % QA_NFOCUS);
		return ui_redraw();
	}
	return ui_stay();
}

/* u: unpublish the request's answer, once pressed again to confirm. */
static struct ui_result unpublish(struct ui *ui, struct detail *d)
{
	if (!d->have || d->it.qa_id[0] == '\0') {
		set_flash(d, true, xstrdup(_("Nothing is published for this request.")));
		return ui_redraw();
	}
	if (!d->confirm_unpublish) {
		d->confirm_unpublish = true;
		set_flash(d, true, xstrdup(_("Press u or Del again to take the answer off the "
					     "kiosks; any other key keeps it.")));
		return ui_redraw();
	}
	d->confirm_unpublish = false;
	d->busy = SAVING;
	d->saving_qa = true;
	d->call = review_qa_delete_start(hub(ui), d->it.case_id, d->it.qa_id);
	return quick(ui, d);
}

/* While a call runs: Esc stops waiting (or goes back when nothing is shown yet); the
 * text still scrolls. */
static struct ui_result busy_key(struct ui *ui, struct detail *d, const struct ui_event *ev)
{
	int link;

	(void)ui;
	if (ev->act == ACT_BACK && !d->have)
		return ui_pop();
	if (ev->act == ACT_BACK) {
		review_call_free(d->call);
		d->call = NULL;
		d->busy = IDLE;
		d->conflict = false;
		d->saving_qa = false;
		set_flash(d, true, xstrdup(_("Stopped waiting; the change may or may not "
					     "have been made. Press r to see.")));
		return ui_redraw();
	}
	if (ui_pager_key(&d->pager, ev, &link) == UI_LIST_MOVED)
		return ui_redraw();
	return ui_stay();
}

/* The request after (dir 1) or before (dir -1) this one in the inbox, in its place. */
static struct ui_result neighbour(struct ui *ui, struct detail *d, int dir)
{
	const char *next = staff_inbox_neighbour(ui->app, d->id, dir);

	if (next == NULL) {
		set_flash(d, false, xstrdup(dir > 0
			? _("This is the last request of the inbox page.")
			: _("This is the first request of the inbox page.")));
		return ui_redraw();
	}
	return ui_replace(&screen_staff_request, next);
}

/* t (or Enter): the case's text in the pager, when the hub sent it. */
static struct ui_result open_case(struct detail *d)
{
	if (!d->have || d->it.case_title[0] == '\0' || d->it.case_story[0] == '\0') {
		set_flash(d, true, xstrdup(_("The hub has no case text for this request.")));
		return ui_redraw();
	}
	d->show_case = true;
	d->rebuild = true;
	d->pager.top = 0;
	return ui_redraw();
}

/* d: a draft case file from a nomination, for `vitrina-hub import`; nothing is
 * published. */
static struct ui_result draft_case(struct ui *ui, struct detail *d)
{
	const struct staff_app *a = ui->app;
	char *err = NULL, *path, *msg;
	struct ui_result r;

	if (!d->have || strcmp(d->it.kind, "nomination") != 0) {
		set_flash(d, true, xstrdup(_("Only a nomination becomes a draft case.")));
		return ui_redraw();
	}
	path = review_draft_case(&d->it, a->draft_dir, &err);
	if (path == NULL) {
		set_flash(d, true, xasprintf("%s: %s", _("No draft written"), err));
		free(err);
		return ui_redraw();
	}
	set_flash(d, false, xasprintf(_("Draft case written to %s"), path));
	/* TRANSLATORS: %s is the draft's file name, twice */
	msg = xasprintf(_("A draft case is in %s (readable only by you). Fill in its FILL IN "
			  "places (title, area, themes), check the text with the person, then "
			  "publish it with: vitrina-hub import %s. Nothing is published yet."),
			path, path);
	r = ui_message(ui, N_("Draft case"), msg);
	free(msg);
	free(path);
	return r;
}

/* While the case's text shows: Esc goes back to the request; the text scrolls. */
static struct ui_result case_key(struct detail *d, const struct ui_event *ev)
{
	int link;

	if (ev->act == ACT_BACK || ev->act == ACT_ERASE || ev->act == ACT_OPEN) {
		d->show_case = false;
		d->rebuild = true;
		d->pager.top = 0;
		return ui_redraw();
	}
	if (ev->act == ACT_HELP || ev->act == ACT_LANG)
		return ui_unhandled();
	if (ui_pager_key(&d->pager, ev, &link) == UI_LIST_MOVED)
		return ui_redraw();
	return ui_stay();
}

static struct ui_result detail_key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct detail *d = st;
	int link;

	if (d->busy != IDLE)
		return busy_key(ui, d, ev);
	if (d->editing)
		return edit_key(ui, d, ev);
	if (d->answering)
		return answer_key(ui, d, ev);
	if (d->show_case)
		return case_key(d, ev);
	if (ev->act != ACT_DELETE && d->confirm_unpublish) {
		d->confirm_unpublish = false;
		set_flash(d, false, xstrdup(_("The answer stays published.")));
		if (ev->act == ACT_BACK)
			return ui_redraw();
	}
	switch (ev->act) {
	case ACT_SUBMIT:
		return open_answer(d);
	case ACT_DELETE:
		return unpublish(ui, d);
	case ACT_SET_STATUS:
		if (ev->arg < 0 || ev->arg >= REVIEW_NSTATUS)
			return ui_stay();
		return set_status(ui, d, ev->arg);
	case ACT_NOTE:
		if (!d->have)
			return ui_stay();
		d->editing = true;
		return ui_redraw();
	case ACT_REFRESH:
		start_load(ui, d);
		return quick(ui, d);
	case ACT_NEXT_ITEM:
		return neighbour(ui, d, 1);
	case ACT_PREV_ITEM:
		return neighbour(ui, d, -1);
	case ACT_OPEN:
		return open_case(d);
	case ACT_EXPORT:
		return draft_case(ui, d);
	case ACT_BACK:
	case ACT_ERASE:
		return ui_pop();
	case ACT_HOME:
	case ACT_SEARCH:
		return ui_stay();
	default:
		break;
	}
	if (ui_pager_key(&d->pager, ev, &link) == UI_LIST_MOVED)
		return ui_redraw();
	return ui_unhandled();          /* '?' and F2: the loop's help and language */
}

const struct screen screen_staff_request = {
	.name = "staff_request",
	.flags = SCREEN_NO_IDLE | SCREEN_NO_SEARCH,
	.enter = detail_enter,
	.draw = detail_draw,
	.key = detail_key,
	.tick = detail_tick,
	.leave = detail_leave,
	.keys = detail_keys,
};
