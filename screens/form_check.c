/* The check step of the request forms ("Check what will be sent"): exactly what will be
 * sent, drawn straight from the form's fields (no copies), the consent in plain words to
 * accept, and the submit that commits the request to the outbox before the confirmation
 * shows. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "counters.h"
#include "form.h"
#include "i18n.h"
#include "outbox.h"
#include "regions.h"
#include "text.h"
#include "ui_field.h"
#include "util.h"

/* The consent and its version, kept together: a change of the text needs a new version.
 * The version is stored with every request, so staff know what each visitor agreed to.
 *   2026-11  what is kept and why, who gets it, how long it is kept.
 *   2026-12  the same in plainer words, and: who holds the data (the config's
 *            data_controller, else the centre), how to take the consent back (the
 *            reference code, to that address or a librarian) and the right to complain
 *            to the State Data Protection Inspectorate (VDAI). */
const char consent_version[] = "2026-12";
/* 2026-12-q  the 2026-12 text for a question, after a first paragraph on publication. */
const char question_consent_version[] = "2026-12-q";

static const char consent_what[] = N_(
	"When you press Send, this kiosk keeps your request until it reaches the vitrina "
	"team of the youth centres. The team uses your first name, age group and contact "
	"only to answer this request: to put you in touch with the person or organisation "
	"you chose, or to learn more about the person you nominate. Nobody else gets your "
	"details. The kiosk deletes them once the team has them, and the team deletes them "
	"at the latest 180 days after your request is closed.");

char *form_consent_text(const struct config *cfg)
{
	const char *dc = cfg != NULL ? cfg->data_controller : NULL;
	const char *centre = cfg != NULL && cfg->centre_name != NULL ? cfg->centre_name : "";
	char *who, *all;
	const char *back, *complain;

	if (dc != NULL && dc[0] != '\0') {
		/* TRANSLATORS: part of the consent; %s is the centre's legal name and e-mail
		 * from the config ("Šiaulių jaunimo centras, info@sjc.lt") */
		who = xasprintf(_("Who looks after your details: %s."), dc);
		/* TRANSLATORS: part of the consent, after the centre's name and e-mail;
		 * "Send" is the button, "the reference code" the one on the confirmation */
		back = _("You can change your mind at any time. To take back your consent, send "
			 "the reference code that appears after you press Send to that address, "
			 "or show it to a librarian. Then your details are deleted.");
	} else {
		/* TRANSLATORS: part of the consent; %s is the name of the youth centre or
		 * library that runs the kiosk */
		who = xasprintf(_("Who looks after your details: %s, the centre that runs this "
				  "kiosk. A librarian can tell you how to reach them."), centre);
		/* TRANSLATORS: part of the consent; "Send" is the button */
		back = _("You can change your mind at any time. To take back your consent, show "
			 "a librarian the reference code that appears after you press Send. Then "
			 "your details are deleted.");
	}
	/* TRANSLATORS: the last part of the consent: use the inspectorate's name in your
	 * language, and keep "VDAI, vdai.lrv.lt" */
	complain = _("If you think your details are not handled properly, you can complain to "
		     "the State Data Protection Inspectorate (VDAI, vdai.lrv.lt).");
	all = xasprintf("%s\n\n%s\n\n%s\n\n%s", _(consent_what), who, back, complain);
	free(who);
	return all;
}

char *form_consent_text_for(const struct config *cfg, const char *kind)
{
	char *rest, *all;

	rest = form_consent_text(cfg);
	if (kind == NULL || strcmp(kind, "question") != 0)
		return rest;
	/* TRANSLATORS: the first part of the consent for a question */
	all = xasprintf("%s\n\n%s", _("Your question and the answer will be shown on the "
					"kiosks and the web page, with your age group, never your "
					"name. The team may correct spelling and remove anything "
					"that could identify you."), rest);
	free(rest);
	return all;
}

#define TAG_CONSENT 1000

/* One thing shown on the check step: a label and a value to wrap. */
struct entry {
	const char *label;              /* translated */
	struct ui_field value;          /* text and len point at the value; nothing owned */
	bool block;                     /* the value goes under the label, full width */
};

static void set_value(struct entry *e, const char *s)
{
	memset(&e->value, 0, sizeof e->value);
	e->value.text = (char *)s;
	e->value.len = strlen(s);
}

/* The entries of fm in order; returns how many. */
static int entries(struct form *fm, struct entry *out, int max)
{
	int n = 0, i;

	if (fm->target_name != NULL && n < max) {
		/* TRANSLATORS: on the check step of a contact request: whom it goes to */
		out[n].label = _("To");
		set_value(&out[n], fm->target_name);
		out[n++].block = false;
	}
	for (i = 0; i < fm->spec->nitems && i < FORM_MAX_ITEMS && n < max; i++) {
		const struct form_item *it = &fm->items[i];
		const char *v;

		switch (it->spec->type) {
		case FI_TEXT:
			v = it->f.text;
			if (it->spec->field == RF_CONTACT) {
				if (fm->check_contact == NULL)
					fm->check_contact = request_normalize_contact(it->f.text);
				if (fm->check_contact != NULL)
					v = fm->check_contact;
			}
			break;
		case FI_MULTI:
			/* TRANSLATORS: on the check step, for an optional message left empty */
			v = ui_field_blank(&it->f) ? _("(none)") : it->f.text;
			break;
		default:
			v = form_choice_label(fm, i, it->choice);
			break;
		}
		out[n].label = _(it->spec->check_label);
		set_value(&out[n], v);
		out[n++].block = it->spec->type == FI_MULTI;
	}
	return n;
}

struct geometry {
	int label_w, value_x, value_w, block_x, block_w;
};

static void geometry(struct ui *ui, struct entry *e, int n, struct geometry *g)
{
	int i;

	g->label_w = 0;
	for (i = 0; i < n; i++) {
		int w = ui_width(e[i].label) + 1;

		/* A label too long for the column gets a row of its own, never cut. */
		if (w > ui->cols / 3)
			e[i].block = true;
		if (!e[i].block && w > g->label_w)
			g->label_w = w;
	}
	g->value_x = 2 + g->label_w + 2;
	g->value_w = ui->cols - g->value_x - 2;
	g->block_x = 4;
	g->block_w = ui->cols - 6;
}

static int entry_rows(const struct entry *e, const struct geometry *g)
{
	if (e->block)
		return 1 + ui_field_rows(&e->value, g->block_w);
	return ui_field_rows(&e->value, g->value_w);
}

/* Draw the part of a virtual row range [row, row + n) that falls in the view
 * [scroll, scroll + h) starting at screen row y0. */
static void draw_entry(struct ui *ui, const struct entry *e, const struct geometry *g,
		       int row, int scroll, int h, int y0)
{
	int first = scroll - row, rows = entry_rows(e, g), vis;

	if (row + rows <= scroll || row >= scroll + h)
		return;
	if (e->block) {
		if (row >= scroll)
			ui_textf(ui, y0 + row - scroll, 2, ui->cols - 4, UI_HEADING, "%s:", e->label);
		row++;
		first = scroll - row;
		vis = h - (row - scroll);
		if (first < 0)
			ui_field_render_part(ui, &e->value, y0 + row - scroll, g->block_x, 0, vis,
					     g->block_w, UI_NORMAL);
		else
			ui_field_render_part(ui, &e->value, y0, g->block_x, first, h, g->block_w,
					     UI_NORMAL);
		return;
	}
	if (row >= scroll)
		ui_textf(ui, y0 + row - scroll, 2, g->label_w, UI_HEADING, "%s:", e->label);
	if (first < 0)
		ui_field_render_part(ui, &e->value, y0 + row - scroll, g->value_x, 0,
				     h - (row - scroll), g->value_w, UI_NORMAL);
	else
		ui_field_render_part(ui, &e->value, y0, g->value_x, first, h, g->value_w,
				     UI_NORMAL);
}

/* The consent, sanitised and wrapped to w columns; returns the number of lines. */
static int consent_lines(struct ui *ui, const char *kind, int w, char ***lines)
{
	char *text = form_consent_text_for(ui->cfg, kind);
	char *clean = text_sanitize(text, strlen(text), 1);
	int n = text_wrap(clean, w, lines);

	free(clean);
	free(text);
	return n;
}

/* Print virtual row row of the view, if it is in view, from column x. */
static void view_text(struct ui *ui, const struct form *fm, int y0, int h, int row, int x,
		      enum ui_style st, const char *s)
{
	if (row >= fm->check_scroll && row < fm->check_scroll + h)
		ui_text(ui, y0 + row - fm->check_scroll, x, ui->cols - x - 2, st, s);
}

/* The scrolled view: the entries, then the consent after a blank row. Nothing is cut:
 * what does not fit scrolls, with a hint above and below it on rows of their own. */
static void draw_view(struct ui *ui, struct form *fm, int y0, int h)
{
	struct entry e[FORM_MAX_ITEMS + 1];
	struct geometry g;
	char **lines = NULL, *head;
	int n = entries(fm, e, FORM_MAX_ITEMS + 1), i, row = 0, nl;

	geometry(ui, e, n, &g);
	for (i = 0; i < n; i++)
		row += entry_rows(&e[i], &g);
	nl = consent_lines(ui, fm->spec->kind, ui->cols - 6, &lines);
	fm->check_rows = row + 2 + nl;
	fm->check_h = h;
	if (fm->check_scroll > fm->check_rows - h)
		fm->check_scroll = fm->check_rows - h > 0 ? fm->check_rows - h : 0;
	for (i = 0, row = 0; i < n; i++) {
		draw_entry(ui, &e[i], &g, row, fm->check_scroll, h, y0);
		row += entry_rows(&e[i], &g);
	}
	/* TRANSLATORS: %s is the consent text's version, like 2026-12 */
	head = xasprintf(_("Your consent (version %s):"), form_consent_version(fm));
	view_text(ui, fm, y0, h, row + 1, 2, UI_HEADING, head);
	free(head);
	for (i = 0; i < nl; i++)
		view_text(ui, fm, y0, h, row + 2 + i, 4, UI_NORMAL, lines[i]);
	text_lines_free(lines, nl);
	if (fm->check_scroll > 0)
		ui_text(ui, y0 - 1, 4, ui->cols - 6, UI_DIM, _("▲ more (PgUp)"));
	if (fm->check_scroll + h < fm->check_rows)
		ui_text(ui, y0 + h, 4, ui->cols - 6, UI_DIM, _("▼ more (PgDn)"));
}

const char *form_consent_version(const struct form *fm)
{
	return strcmp(fm->spec->kind, "question") == 0 ? question_consent_version
						       : consent_version;
}

void form_check_draw(struct ui *ui, struct form *fm)
{
	int y0 = 3, bw;
	static const struct ui_key keys[] = {
		{ACT_SUBMIT, NULL},
		/* TRANSLATORS: key bar on the check step: go back to the form */
		{ACT_BACK, N_("Change")}, {ACT_PAGE_DOWN, NULL}, {ACT_HELP, NULL},
		{ACT_LANG, NULL},
	};

	ui_fill(ui, 0, 0, 1, ui->cols, UI_TITLE);
	ui_text_at(ui, 0, 1, ui->cols - 2, UI_TITLE, _("Check what will be sent"));
	ui_title(ui, _("Check what will be sent"));
	ui_text(ui, 1, 1, ui->cols - 2, UI_DIM,
		_("This is exactly what will be sent. Esc: go back and change it."));
	/* The view, its "more" rows, the consent box, Send with its hint (two rows). */
	draw_view(ui, fm, y0, ui->rows - 5 - y0);

	/* The consent box, always in view. */
	ui_text_at(ui, ui->rows - 4, 2, 4, fm->consent ? UI_OK : fm->on_send ? UI_FIELD
									   : UI_FIELD_FOCUS,
		   fm->consent ? "[x]" : "[ ]");
	ui_text_at(ui, ui->rows - 4, 6, ui->cols - 8, UI_NORMAL,
		   _("I have read the text above and I agree (Space)"));
	ui_click_area(ui, ui->rows - 4, 2, 1, ui->cols - 4, ACT_CLICK, TAG_CONSENT);
	/* Send as a button too: Tab reaches it, Enter or a touch presses it (a vt100 has
	 * no F10). */
	bw = ui_button(ui, ui->rows - 3, -1, _("Send"), fm->on_send, ACT_SUBMIT);
	ui_text_wrap(ui, ui->rows - 3, 2, 2, ui->cols - 5 - bw,
		     fm->consent_error != NULL ? UI_ERROR : UI_DIM,
		     fm->consent_error != NULL ? _(fm->consent_error)
		     : fm->consent ? _("Press F10 to send.")
				   : _("Tick the box to agree, then press F10 to send."));
	ui_keybar(ui, keys, (int)(sizeof keys / sizeof keys[0]));
}

void form_check_wipe(struct form *fm)
{
	wipe_string(&fm->check_contact);
	fm->check_scroll = 0;
	fm->consent = false;
	fm->on_send = false;
	fm->consent_error = NULL;
}

void form_to_request(struct ui *ui, const struct form *fm, struct request *r)
{
	int i;

	memset(r, 0, sizeof *r);
	outbox_request_start(r, fm->spec->kind, ui->cfg != NULL ? ui->cfg->kiosk_id : "",
			     form_consent_version(fm));
	/* Only reached once the box is ticked, and a question's box is the publication's. */
	r->publish_consent = strcmp(fm->spec->kind, "question") == 0;
	if (strcmp(fm->target_kind, "case") == 0)
		snprintf(r->case_id, sizeof r->case_id, "%s", fm->target_id);
	else if (strcmp(fm->target_kind, "partner") == 0)
		snprintf(r->partner_id, sizeof r->partner_id, "%s", fm->target_id);
	snprintf(r->lang, sizeof r->lang, "%s", i18n_language());
	for (i = 0; i < fm->spec->nitems && i < FORM_MAX_ITEMS; i++) {
		const char *v = form_value(fm, i);

		switch (fm->items[i].spec->field) {
		case RF_NAME:
			r->name = xstrdup(v);
			break;
		case RF_CONTACT:
			/* Normalised as the hub would: "8 612 34567" is sent as +37061234567. */
			r->contact = request_normalize_contact(v);
			if (r->contact == NULL)
				r->contact = xstrdup(v);
			break;
		case RF_MESSAGE:
			r->message = ui_field_blank(&fm->items[i].f) ? NULL : xstrdup(v);
			break;
		case RF_NOMINEE:
			r->nominee = xstrdup(v);
			break;
		case RF_WHY:
			r->why = xstrdup(v);
			break;
		case RF_AGE_GROUP:
			snprintf(r->age_group, sizeof r->age_group, "%s", v);
			break;
		case RF_LANG:
			snprintf(r->lang, sizeof r->lang, "%s", v);
			break;
		case RF_NOMINEE_MUNICIPALITY:
			snprintf(r->nominee_municipality, sizeof r->nominee_municipality, "%s", v);
			break;
		default:
			break;
		}
	}
}

/* The request did not pass the rules: back to the field it is about. */
static struct ui_result refused(struct ui *ui, struct form *fm,
				const struct request_problem *p)
{
	int i;

	for (i = 0; i < fm->spec->nitems && i < FORM_MAX_ITEMS; i++) {
		if (fm->items[i].spec->field == p->field) {
			form_check_wipe(fm);
			fm->step = STEP_EDIT;
			fm->focus = i;
			fm->items[i].show_error = true;
			fm->notice = p->message;
			return ui_redraw();
		}
	}
	/* Not the visitor's doing: the kiosk id or the target is wrong. */
	return ui_message(ui, N_("Cannot send"),
			  N_("This kiosk cannot take requests right now. Please ask a librarian "
			     "for help."));
}

static struct ui_result submit(struct ui *ui, struct form *fm)
{
	struct request r;
	struct request_problem p;
	char code[10], *err = NULL;

	if (!fm->consent) {
		fm->consent_error = N_("Please tick the box to agree before sending.");
		return ui_redraw();
	}
	form_to_request(ui, fm, &r);
	if (request_validate(&r, &p) < 0) {
		outbox_request_wipe(&r);
		return refused(ui, fm, &p);
	}
	/* The promise (DESIGN §3): the confirmation shows only once this has committed
	 * with synchronous=FULL. */
	if (outbox_add(ui->db, &r, &err) < 0) {
		free(err);      /* its text holds no personal data, and there is no log here */
		outbox_request_wipe(&r);
		return ui_message(ui, N_("Not saved"),
				  N_("Sorry, your request could not be saved. Please try again, or "
				     "ask a librarian for help."));
	}
	request_ref_code(r.id, code);
	outbox_request_wipe(&r);
	counters_add(ui->db, "requests", fm->spec->kind, 1, NULL);
	return form_submitted(ui, fm, code);
}

struct ui_result form_check_key(struct ui *ui, struct form *fm, const struct ui_event *ev)
{
	if (ui_scroll_key(ev, &fm->check_scroll, fm->check_rows, fm->check_h))
		return ui_redraw();
	switch (ev->act) {
	case ACT_BACK:
		form_check_wipe(fm);
		fm->step = STEP_EDIT;
		return ui_redraw();
	case ACT_SUBMIT:
		return submit(ui, fm);
	case ACT_NEXT:
	case ACT_PREV:
		fm->on_send = !fm->on_send;
		return ui_redraw();
	case ACT_OPEN:
		if (fm->on_send)
			return submit(ui, fm);
		/* fall through */
	case ACT_CHAR:
		if (ev->act == ACT_CHAR && ev->ch != ' ')
			return ui_stay();
		fm->consent = !fm->consent;
		fm->consent_error = NULL;
		return ui_redraw();
	case ACT_CLICK:
		if (ui_click_tag(ui) != TAG_CONSENT)
			return ui_stay();
		fm->consent = !fm->consent;
		fm->consent_error = NULL;
		return ui_redraw();
	case ACT_HELP:
	case ACT_LANG:
	case ACT_HOME:
	case ACT_ADMIN:
		return ui_unhandled();
	default:
		return ui_stay();
	}
}
