/* form: what the contact form (screens/contact.c), the nomination form
 * (screens/nominate.c) and the question form (screens/question.c) share: the fields,
 * their checks (the rules of request.h, the same as the hub's), the municipality picker,
 * the check step (screens/form_check.c) and the submit into the outbox.
 * Everything a visitor types lives in the form's own field buffers and nowhere else;
 * the form is wiped on submit, on idle and on leave, and all but the age group as soon
 * as "under 14" is chosen. */
#ifndef VITRINA_SCREENS_FORM_H
#define VITRINA_SCREENS_FORM_H

#include <stdbool.h>

#include "request.h"
#include "ui.h"

struct config;

/* The version of the consent text, stored with each request (screens/form_check.c). A
 * change of the text needs a new version. */
extern const char consent_version[];    /* "2026-12" */
/* The version of a question's consent: the same text with publication added. */
extern const char question_consent_version[];   /* "2026-12-q" */
/* The consent the visitor accepts, in plain words and the UI language now: what is kept
 * and why, who holds it (cfg's data_controller, else its centre_name), how to take the
 * consent back, and where to complain, in paragraphs ("\n\n" between). A new string: the
 * caller frees it; translate at draw time, never keep it. cfg may be NULL. */
char *form_consent_text(const struct config *cfg);
/* The consent for kind ("contact", "nomination", "question"): a question's says first
 * that the question and its answer are published, with the age group, never the name.
 * A new string as form_consent_text. */
char *form_consent_text_for(const struct config *cfg, const char *kind);

enum form_item_type {
	FI_TEXT,                /* one row of text */
	FI_MULTI,               /* several rows, line breaks allowed */
	FI_AGE,                 /* the age group choice */
	FI_LANG,                /* the preferred language choice */
	FI_MUNICIPALITY         /* a municipality from the picker */
};

/* One field of a form, as the screen defines it. */
struct form_item_spec {
	enum form_item_type type;
	enum request_field field;       /* the rule that checks it (request_check_field) */
	const char *label;              /* N_() */
	const char *check_label;        /* N_(), the label on the check step */
	int max_chars;                  /* FI_TEXT, FI_MULTI */
};

#define FORM_MAX_ITEMS 8

struct form_spec {
	const char *kind;               /* "contact", "nomination" or "question" */
	const char *title;              /* N_() */
	const struct form_item_spec *items;
	int nitems;
};

struct form_item {
	const struct form_item_spec *spec;
	struct ui_field f;              /* FI_TEXT, FI_MULTI */
	int choice;                     /* FI_AGE, FI_LANG, FI_MUNICIPALITY: index or -1 */
	bool show_error;                /* left once or a send was tried: show its problem */
};

enum form_step { STEP_EDIT, STEP_PICK, STEP_CHECK };

struct form {
	const struct form_spec *spec;
	char target_kind[8];            /* contact: "case" or "partner"; "" for a nomination */
	char target_id[37];
	char *target_name;              /* the person or organisation (catalogue text) */
	bool unavailable;               /* contact not possible: say so and nothing else */
	struct form_item items[FORM_MAX_ITEMS];
	int focus;                      /* an item, or the number of items: the button that
					 * goes on to the check step (no function key needed) */
	enum form_step step;
	const char *notice;             /* N_() message under the fields, or NULL */
	/* the municipality picker */
	struct ui_field filter;
	int pick[64], npick;
	struct ui_list list;
	/* the check step: drawn straight from the fields, nothing copied but the
	 * normalised contact, which is wiped with the form */
	int check_scroll, check_rows, check_h;
	char *check_contact;
	bool consent;
	bool on_send;                   /* the check step's focus: the Send button, else the
					 * consent box (Tab moves it) */
	const char *consent_error;      /* N_() or NULL */
	bool saving_failed;
};

/* Make the form for spec (all fields empty). target_kind/target_id may be NULL. */
struct form *form_new(const struct form_spec *spec, const char *target_kind,
		      const char *target_id);
/* The screen functions, shared by both forms. */
void form_draw(struct ui *ui, void *st);
struct ui_result form_key(struct ui *ui, void *st, const struct ui_event *ev);
/* Zero everything the visitor typed or chose; the form stays usable (empty). */
void form_wipe(struct ui *ui, void *st);
/* Wipe and free. */
void form_leave(struct ui *ui, void *st);

/* The value of item i as request_check_field wants it ("" when nothing is chosen). */
const char *form_value(const struct form *fm, int i);
/* The problem of item i now (an N_() message), or NULL. */
const char *form_problem(const struct form *fm, int i);
/* 1 if the visitor chose "under 14". */
bool form_under_14(const struct form *fm);
/* The label of a choice for item i and choice c (translated, or a language's own name). */
const char *form_choice_label(const struct form *fm, int i, int c);
/* The number of choices of item i. */
int form_choice_count(const struct form *fm, int i);

/* The check step (screens/form_check.c): draw, keys, wipe. */
void form_check_draw(struct ui *ui, struct form *fm);
struct ui_result form_check_key(struct ui *ui, struct form *fm, const struct ui_event *ev);
void form_check_wipe(struct form *fm);
/* The consent version of fm's kind (consent_version or question_consent_version). */
const char *form_consent_version(const struct form *fm);
/* Put the form into a request for the outbox (kind, target, visitor's fields, kiosk
 * parts). The caller wipes it with outbox_request_wipe. */
void form_to_request(struct ui *ui, const struct form *fm, struct request *r);
/* After a successful submit: wipe the form and show the confirmation. */
struct ui_result form_submitted(struct ui *ui, struct form *fm, const char *ref_code);

/* The confirmation screen (screens/confirm.c); arg "contact:CODE", "nomination:CODE" or
 * "question:CODE".
 * It holds no personal data: only the kind and the reference code. */
extern const struct screen screen_confirm;

#endif
