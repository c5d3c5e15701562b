/* Placeholder: replaced by the real text module. */
#include "text.h"

#include <string.h>

int utf8_valid(const char *s, size_t n)
{
	(void)s, (void)n;
	return 1;
}
