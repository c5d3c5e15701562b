#include <stdio.h>

#include "cli.h"

int cmd_outbox(const struct options *o, int argc, char **argv)
{
	(void)o, (void)argc, (void)argv;
	fputs("vitrina: outbox is not built yet\n", stderr);
	return 1;
}
