/* Place names as the screens show them: in the UI language (src/regions.c). */
#include <string.h>

#include "i18n.h"
#include "regions.h"
#include "screens.h"
#include "util.h"

const char *screen_county_name(const struct county *c)
{
	if (c == NULL)
		return "";
	return county_name(c, i18n_language());
}

char *screen_place(const char *code)
{
	const struct municipality *m = municipality_find(code);
	const struct county *c = m != NULL ? county_find(m->county) : NULL;

	if (m == NULL)
		return xstrdup("");
	if (c == NULL)
		return xstrdup(municipality_name(m, i18n_language()));
	return xasprintf("%s, %s", municipality_name(m, i18n_language()), screen_county_name(c));
}
