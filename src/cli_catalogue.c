#include <stdio.h>

#include "cli.h"
#include "util.h"

sqlite3 *kiosk_db_open(const struct options *o, char **err)
{
	(void)o;
	set_error(err, "not built yet");
	return NULL;
}

int cmd_search(const struct options *o, int argc, char **argv)
{
	(void)o, (void)argc, (void)argv;
	return 1;
}

int cmd_show(const struct options *o, int argc, char **argv)
{
	(void)o, (void)argc, (void)argv;
	return 1;
}

int cmd_import(const struct options *o, int argc, char **argv)
{
	(void)o, (void)argc, (void)argv;
	return 1;
}
