/* The contact form: a visitor asks to meet the person of a case, or asks a partner
 * organisation about what it offers. arg "case:ID" or "partner:ID". */
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "form.h"
#include "i18n.h"
#include "screens.h"
#include "util.h"

static const struct form_item_spec items[] = {
	{FI_TEXT, RF_NAME, N_("Your first name"), N_("First name"), MAX_NAME},
	{FI_AGE, RF_AGE_GROUP, N_("Age group"), N_("Age group"), 0},
	{FI_TEXT, RF_CONTACT, N_("E-mail or phone"), N_("E-mail or phone"), MAX_CONTACT},
	/* TRANSLATORS: the contact form's message field */
	{FI_MULTI, RF_MESSAGE, N_("Your message (optional)"), N_("Message"), MAX_MESSAGE},
	{FI_LANG, RF_LANG, N_("Reply in"), N_("Preferred language"), 0},
};

static const struct form_spec spec = {
	"contact", N_("Contact"), items, (int)(sizeof items / sizeof items[0])
};

/* The name to show for the target, or NULL if it cannot be contacted. */
static char *target_name(struct ui *ui, const char *kind, const char *id)
{
	char *err = NULL, *name = NULL;

	if (strcmp(kind, "case") == 0) {
		struct career c;

		if (catalogue_get_case(ui->db, id, &c, &err) == 1) {
			if (c.contact_allowed && !c.deleted)
				name = xstrdup(c.person);
			career_free(&c);
		}
	} else if (strcmp(kind, "partner") == 0) {
		struct partner p;

		if (catalogue_get_partner(ui->db, id, &p, &err) == 1) {
			if (p.contact_allowed && !p.deleted)
				name = xstrdup(p.name);
			partner_free(&p);
		}
	}
	free(err);
	return name;
}

static void *enter(struct ui *ui, const char *arg)
{
	const char *colon = arg != NULL ? strchr(arg, ':') : NULL;
	char kind[8] = "";
	struct form *fm;

	if (colon != NULL && (size_t)(colon - arg) < sizeof kind)
		snprintf(kind, sizeof kind, "%.*s", (int)(colon - arg), arg);
	fm = form_new(&spec, kind, colon != NULL ? colon + 1 : "");
	if (colon != NULL && uuid_valid(colon + 1))
		fm->target_name = target_name(ui, kind, colon + 1);
	fm->unavailable = fm->target_name == NULL;
	return fm;
}

const struct screen screen_contact = {
	.name = "contact",
	.flags = SCREEN_FORM,
	.enter = enter,
	.draw = form_draw,
	.key = form_key,
	.leave = form_leave,
	.wipe = form_wipe,
};
