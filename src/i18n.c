#include "i18n.h"

#include <string.h>

/* Placeholder until the catalog loader lands: English only. */
static char current[4] = "en";

void i18n_init(const char *dir)
{
	(void)dir;
}

int i18n_set_language(const char *lang)
{
	if (strcmp(lang, "en") != 0)
		return -1;
	return 0;
}

const char *i18n_language(void)
{
	return current;
}

const char *i18n_get(const char *msgid)
{
	return msgid;
}

const char *i18n_nget(const char *one, const char *many, unsigned long n)
{
	return n == 1 ? one : many;
}
