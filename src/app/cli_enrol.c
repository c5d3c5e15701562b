/* `vitrina enrol --hub URL CODE`: exchange a one-time code from central staff for this
 * kiosk's token (src/enrol.c does the work; the admin screen's Enrol does the same). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "enrol.h"
#include "enrol_code.h"
#include "i18n.h"
#include "util.h"

#define DEFAULT_CONFIG "/etc/vitrina/kiosk.conf"

static const char usage[] =
	"usage: vitrina enrol --hub URL CODE [--config FILE]\n"
	"\n"
	"Exchange a one-time code from central staff (vitrina-hub enrol create) for this\n"
	"kiosk's token. The token is written to token_file (default " ENROL_TOKEN_FILE ",\n"
	"mode 0600), and hub_url and kiosk_id into the config file (default\n"
	DEFAULT_CONFIG "), keeping its other lines. The code is typed in any letter case,\n"
	"with or without dashes. A code works once.\n"
	"\n"
	"  --hub URL       the hub (https://; http:// only to this machine)\n"
	"  --config FILE   the config file to read and change\n";

struct enrol_args {
	const char *hub, *config;
	char code[64];
};

/* 0, or 2 after a usage message. */
static int parse(int argc, char **argv, struct enrol_args *a)
{
	size_t len = 0;
	int i;

	memset(a, 0, sizeof *a);
	for (i = 1; i < argc; i++) {
		const char *v = argv[i];

		if ((strcmp(v, "--hub") == 0 || strcmp(v, "--config") == 0) && i + 1 < argc) {
			*(v[2] == 'h' ? &a->hub : &a->config) = argv[++i];
		} else if (strncmp(v, "--hub=", 6) == 0) {
			a->hub = v + 6;
		} else if (strncmp(v, "--config=", 9) == 0) {
			a->config = v + 9;
		} else if (v[0] == '-' && v[1] == '-') {
			fprintf(stderr, "vitrina enrol: unknown option %s (try --help)\n", v);
			return 2;
		} else if (len + strlen(v) + 1 < sizeof a->code) {
			/* "K7M2 QX9P 4T" typed as three words is one code */
			len += (size_t)snprintf(a->code + len, sizeof a->code - len, "%s", v);
		} else {
			fputs("vitrina enrol: the code is too long (try --help)\n", stderr);
			return 2;
		}
	}
	if (len == 0) {
		fputs("vitrina enrol: give the CODE from central staff (try --help)\n", stderr);
		return 2;
	}
	return 0;
}

/* Read the config at path (if it is there) over the defaults into cfg: 0, or -1 if it
 * cannot be read. Bad lines are reported, as for every command. */
static int read_config(const char *path, struct config *cfg)
{
	struct buf warnings = {0};
	int rc = 0;

	config_defaults(cfg);
	if (access(path, F_OK) == 0)
		rc = config_load(cfg, path, &warnings);
	if (warnings.len > 0)
		fputs(warnings.s, stderr);
	buf_free(&warnings);
	return rc;
}

int cmd_enrol(const struct options *o, int argc, char **argv)
{
	struct enrol_args a;
	struct enrol_req q;
	struct enrol_result r;
	struct config cfg;
	char *msg;
	int rc;

	if (cli_wants_help(argc, argv, usage))
		return 0;
	rc = parse(argc, argv, &a);
	if (rc != 0)
		return rc;
	if (a.config == NULL)
		a.config = o->config_path != NULL ? o->config_path : DEFAULT_CONFIG;
	if (a.hub == NULL)
		a.hub = o->cfg.hub_url;
	if (a.hub == NULL) {
		fputs("vitrina enrol: give the hub's address with --hub URL (try --help)\n",
		      stderr);
		return 2;
	}
	/* the config main() read already, or the one named after the command */
	config_defaults(&cfg);
	if (o->config_path != NULL && strcmp(a.config, o->config_path) == 0) {
		q.cfg = &o->cfg;
	} else {
		config_free(&cfg);
		if (read_config(a.config, &cfg) < 0) {
			config_free(&cfg);
			return 1;
		}
		q.cfg = &cfg;
	}
	q.config_path = a.config;
	q.hub_url = a.hub;
	q.code = a.code;
	rc = enrol_run(&q, &r);
	wipe(a.code, sizeof a.code);
	msg = enrol_message(&r);
	if (rc == 0) {
		printf("%s\n", msg);
		free(msg);
		msg = xasprintf(_("The token is in %s; hub_url and kiosk_id are in %s."),
				r.token_file, a.config);
		printf("%s\n%s\n", msg, _("Sync uses them once it is restarted: systemctl "
					  "restart vitrina-sync"));
	} else {
		fprintf(stderr, "vitrina enrol: %s\n", msg);
	}
	free(msg);
	config_free(&cfg);
	return rc == 0 ? 0 : 1;
}
