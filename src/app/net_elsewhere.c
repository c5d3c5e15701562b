/* In the kiosk's program (vitrina), the commands that talk to the hub have no code: main
 * hands them over to vitrina-net, the same program with libcurl linked, so the kiosk's
 * screen never maps the network library and what it brings (DESIGN §9, "Start-up cost
 * of libraries"). vitrina-net links cli_net.c instead of this file. */
#include <stddef.h>

#include "cli.h"

const struct command net_commands[] = {
	{"sync", NULL}, {"status", NULL}, {"review", NULL}, {"enrol", NULL},
	{"enrol-job", NULL},
};
const int net_command_count = (int)(sizeof net_commands / sizeof net_commands[0]);
