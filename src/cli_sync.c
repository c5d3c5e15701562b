#include <stdio.h>

#include "cli.h"

int cmd_sync(const struct options *o, int argc, char **argv)
{
	(void)o, (void)argc, (void)argv;
	fputs("vitrina: sync is not built yet\n", stderr);
	return 1;
}

int cmd_status(const struct options *o, int argc, char **argv)
{
	(void)o, (void)argc, (void)argv;
	fputs("vitrina: status is not built yet\n", stderr);
	return 1;
}
