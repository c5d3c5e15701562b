/* `vitrina review --hub URL [--token-file F]`: the staff review TUI (screens/staff_*.c)
 * over the hub's staff API (src/review.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staff.h"
#include "cli.h"
#include "i18n.h"
#include "review.h"
#include "ui.h"
#include "util.h"

static const char usage[] =
	"usage: vitrina review --hub URL [--token-file FILE] [--ca-file FILE]\n"
	"\n"
	"Read and handle the contact requests and nominations the kiosks collected.\n"
	"\n"
	"options:\n"
	"  --hub URL          the hub, e.g. https://hub.example.lt (default: hub_url of\n"
	"                     the config)\n"
	"  --token-file FILE  the staff token (default: $VITRINA_TOKEN, else\n"
	"                     ~/.config/vitrina/token); the file must not be readable\n"
	"                     by others\n"
	"  --ca-file FILE     trust this CA (PEM) for the hub's certificate (default:\n"
	"                     ca_file of the config; pinned_pubkey and proxy apply too)\n"

	"  --help             this text\n"
	"  --version          the version\n";

int cmd_review(const struct options *o, int argc, char **argv)
{
	static const struct ui_app app = {
		.attract = &screen_staff_inbox,
		.home = &screen_staff_inbox,
		.help = &screen_staff_help,
		.search = NULL,
		.admin = NULL,
	};
	const char *hub = o->cfg.hub_url, *token_file = NULL, *ca_file = o->cfg.ca_file;
	struct review_client *c;
	struct staff_app staff;
	struct ui ui;
	char *token, *err = NULL, *dir;
	int a;

	if (cli_wants_help(argc, argv, usage))
		return 0;
	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--version") == 0) {
			printf("vitrina %s\n", VERSION);
			return 0;
		} else if (strcmp(argv[a], "--hub") == 0 && a + 1 < argc) {
			hub = argv[++a];
		} else if (strcmp(argv[a], "--token-file") == 0 && a + 1 < argc) {
			token_file = argv[++a];
		} else if (strcmp(argv[a], "--ca-file") == 0 && a + 1 < argc) {
			ca_file = argv[++a];
		} else {
			fprintf(stderr, "vitrina review: unknown or incomplete option %s "
				"(try --help)\n", argv[a]);
			return 2;
		}
	}
	if (hub == NULL || hub[0] == '\0') {
		fputs("vitrina review: give the hub with --hub URL (try --help)\n", stderr);
		return 2;
	}
	token = review_token_load(token_file, &err);
	if (token == NULL) {
		fprintf(stderr, "vitrina review: %s\n", err);
		free(err);
		return 1;
	}
	c = review_client_new(&(struct hubclient_opts){
		.url = hub, .token = token, .ca_file = ca_file,
		.pinned_pubkey = o->cfg.pinned_pubkey, .proxy = o->cfg.proxy}, &err);
	wipe_string(&token);
	if (c == NULL) {
		fprintf(stderr, "vitrina review: %s\n", err);
		free(err);
		return 2;
	}

	memset(&ui, 0, sizeof ui);
	/* Staff read for long stretches: the staff screens are SCREEN_NO_IDLE. */
	ui.cfg = &o->cfg;
	if (ui_term_start(&ui, &err) < 0) {
		fprintf(stderr, "vitrina review: %s\n", err);
		free(err);
		review_client_free(c);
		return 1;
	}
	dir = ui_locale_dir(&o->cfg);
	i18n_init(dir);
	free(dir);
	if (o->cfg.default_language == NULL || ui_set_language(&ui, o->cfg.default_language) < 0)
		ui_set_language(&ui, "en");
	memset(&staff, 0, sizeof staff);
	staff.client = c;
	/* where d writes draft cases: $VITRINA_DRAFT_DIR, else the current folder */
	staff.draft_dir = getenv("VITRINA_DRAFT_DIR");
	ui.app = &staff;
	ui_run(&ui, &app);
	ui_term_end(&ui);
	review_client_free(c);
	return 0;
}
