/* The question form: a visitor asks the person of a case a question, to be answered in
 * the open (DESIGN §3 kind "question"). arg: the case id. Any live case can be asked,
 * not only those open to contact: the answer is published, not sent privately, so no
 * contact is asked for. */
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "form.h"
#include "i18n.h"
#include "screens.h"
#include "util.h"

static const struct form_item_spec items[] = {
	/* TRANSLATORS: the question form's question field (at most 500 characters) */
	{FI_MULTI, RF_MESSAGE, N_("Your question"), N_("Question"), MAX_QUESTION},
	{FI_TEXT, RF_NAME, N_("Your first name"), N_("First name"), MAX_NAME},
	{FI_AGE, RF_AGE_GROUP, N_("Age group"), N_("Age group"), 0},
};

static const struct form_spec spec = {
	"question", N_("Ask a question"), items, (int)(sizeof items / sizeof items[0])
};

/* The person of a live case, or NULL. */
static char *person_of(struct ui *ui, const char *id)
{
	char *err = NULL, *name = NULL;
	struct career c;

	if (catalogue_get_case(ui->db, id, &c, &err) == 1) {
		if (!c.deleted)
			name = xstrdup(c.person);
		career_free(&c);
	}
	free(err);
	return name;
}

static void *enter(struct ui *ui, const char *arg)
{
	struct form *fm = form_new(&spec, "case", arg != NULL ? arg : "");

	if (arg != NULL && uuid_valid(arg))
		fm->target_name = person_of(ui, arg);
	fm->unavailable = fm->target_name == NULL;
	return fm;
}

const struct screen screen_question = {
	.name = "question",
	.flags = SCREEN_FORM,
	.enter = enter,
	.draw = form_draw,
	.key = form_key,
	.leave = form_leave,
	.wipe = form_wipe,
};
