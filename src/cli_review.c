#include <stdio.h>

#include "cli.h"

int cmd_review(const struct options *o, int argc, char **argv)
{
	(void)o, (void)argc, (void)argv;
	fputs("vitrina: review is not built yet\n", stderr);
	return 1;
}
