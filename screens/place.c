/* Place names as the screens show them: a county in the UI language's own naming. */
#include <string.h>

#include "i18n.h"
#include "regions.h"
#include "screens.h"
#include "util.h"

const char *screen_county_name(const struct county *c)
{
	if (c == NULL)
		return "";
	return strcmp(i18n_language(), "lt") == 0 ? c->name_lt : _(c->name_en);
}

char *screen_place(const char *code)
{
	const struct municipality *m = municipality_find(code);
	const struct county *c = m != NULL ? county_find(m->county) : NULL;

	if (m == NULL)
		return xstrdup("");
	if (c == NULL)
		return xstrdup(m->name);
	return xasprintf("%s, %s", m->name, screen_county_name(c));
}
