/* The commands that talk to the hub, in vitrina-net (the kiosk's vitrina hands them
 * over: net_elsewhere.c), and `enrol-job`: the admin screen's enrolment, run by
 * src/enrol_job.c. enrol-job is not for people: the config path, the hub's URL and the
 * code come as three lines on stdin, the result goes to stdout as struct enrol_result. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "enrol.h"
#include "util.h"

#define REQUEST_MAX 4096

/* Split the request into its three lines: 0, or -1 if there are not three. */
static int request_lines(char *s, char *line[3])
{
	int i;

	for (i = 0; i < 3; i++) {
		char *nl = strchr(s, '\n');

		if (nl == NULL)
			return -1;
		*nl = '\0';
		line[i] = s;
		s = nl + 1;
	}
	return 0;
}

static size_t read_request(char *buf, size_t max)
{
	size_t n = 0;
	ssize_t r;

	while (n < max && ((r = read(0, buf + n, max - n)) > 0 || (r < 0 && errno == EINTR)))
		n += r > 0 ? (size_t)r : 0;
	return n;
}

static int cmd_enrol_job(const struct options *o, int argc, char **argv)
{
	char buf[REQUEST_MAX + 1], *line[3];
	struct enrol_req q = {0};
	struct enrol_result r;
	size_t n = read_request(buf, REQUEST_MAX), off = 0;
	ssize_t w;

	(void)argc;
	(void)argv;
	buf[n] = '\0';
	if (request_lines(buf, line) < 0) {
		wipe(buf, sizeof buf);
		fputs("vitrina: enrol-job is run by the kiosk's admin screen\n", stderr);
		return 2;
	}
	q.cfg = &o->cfg;
	q.config_path = line[0];
	q.hub_url = line[1];
	q.code = line[2];
	enrol_run(&q, &r);
	wipe(buf, sizeof buf);
	while (off < sizeof r && ((w = write(1, (char *)&r + off, sizeof r - off)) > 0 ||
				  (w < 0 && errno == EINTR)))
		off += w > 0 ? (size_t)w : 0;
	return r.outcome == ENROL_DONE ? 0 : 1;
}

const struct command net_commands[] = {
	{"sync", cmd_sync}, {"status", cmd_status}, {"review", cmd_review},
	{"enrol", cmd_enrol}, {"enrol-job", cmd_enrol_job},
};
const int net_command_count = (int)(sizeof net_commands / sizeof net_commands[0]);
