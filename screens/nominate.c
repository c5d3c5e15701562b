/* The nomination form, from home: anyone can nominate someone from their community as
 * a new career case. arg NULL. */
#include "form.h"
#include "i18n.h"
#include "screens.h"

static const struct form_item_spec items[] = {
	/* TRANSLATORS: the nomination form: the name of the person nominated */
	{FI_TEXT, RF_NOMINEE, N_("Their name"), N_("Person you nominate"), MAX_NAME},
	{FI_MUNICIPALITY, RF_NOMINEE_MUNICIPALITY, N_("Municipality"), N_("Municipality"), 0},
	{FI_MULTI, RF_WHY, N_("What they do and why they inspire"),
	 N_("What they do and why they inspire"), MAX_WHY},
	{FI_TEXT, RF_NAME, N_("Your first name"), N_("Your first name"), MAX_NAME},
	{FI_AGE, RF_AGE_GROUP, N_("Your age group"), N_("Your age group"), 0},
	{FI_TEXT, RF_CONTACT, N_("Your e-mail or phone"), N_("Your e-mail or phone"),
	 MAX_CONTACT},
};

static const struct form_spec spec = {
	/* TRANSLATORS: the nomination form's title */
	"nomination", N_("Nominate someone"), items, (int)(sizeof items / sizeof items[0])
};

static void *enter(struct ui *ui, const char *arg)
{
	(void)ui, (void)arg;
	return form_new(&spec, NULL, NULL);
}

const struct screen screen_nominate = {
	.name = "nominate",
	.flags = SCREEN_FORM,
	.enter = enter,
	.draw = form_draw,
	.key = form_key,
	.leave = form_leave,
	.wipe = form_wipe,
};
