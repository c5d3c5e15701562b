/* vitrina: the kiosk TUI and its command-line subcommands. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "program.h"
#include "ui.h"
#include "util.h"

#ifndef SAMPLEDIR
#define SAMPLEDIR "/usr/local/share/vitrina"
#endif

static const char usage[] =
	"usage: vitrina [--config FILE] [--db FILE] [COMMAND [ARGS]]\n"
	"\n"
	"With no command, starts the kiosk screen.\n"
	"\n"
	"commands:\n"
	"  search QUERY [--limit N]       find cases: id, title, municipality code\n"
	"  show ID                        one case or partner as JSON\n"
	"  import FILE [--encoding ENC]   add or update cases and partners (JSON or CSV)\n"
	"  outbox                         requests waiting to be sent (no personal data)\n"
	"  sync [--once|--daemon]         send requests, fetch the catalogue\n"
	"  status                         the kiosk's state for a librarian\n"
	"  review --hub URL [--token-file F]  staff: read and handle requests at the hub\n"
	"  pin                            make the admin_pin_hash line for the config\n"
	"  enrol --hub URL CODE           a one-time code for this kiosk's token\n"
	"\n"
	"options:\n"
	"  --config FILE   kiosk configuration (key = value lines; default\n"
	"                  /etc/vitrina/kiosk.conf when it exists)\n"
	"  --db FILE       database (default ./var/vitrina.db)\n"
	"  --help          this text\n"
	"  --version       the version\n";

static const struct command commands[] = {
	{"search", cmd_search}, {"show", cmd_show}, {"import", cmd_import},
	{"outbox", cmd_outbox}, {"pin", cmd_pin},
};

static const struct command *find_command(const char *name)
{
	int i;

	for (i = 0; i < (int)(sizeof commands / sizeof commands[0]); i++) {
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	}
	for (i = 0; i < net_command_count; i++) {
		if (strcmp(name, net_commands[i].name) == 0)
			return &net_commands[i];
	}
	return NULL;
}

/* Run argv as it was given in vitrina-net (the process is replaced); 1 if it cannot. */
static int hand_over(char **argv)
{
	char *program = program_path(NET_PROGRAM);

	if (program != NULL)
		execv(program, argv);
	fprintf(stderr, "vitrina: the program %s is missing (%s); reinstall vitrina\n",
		NET_PROGRAM, program != NULL ? strerror(errno) : "not found");
	free(program);
	return 1;
}

int cli_wants_help(int argc, char **argv, const char *text)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(text, stdout);
			return 1;
		}
	}
	return 0;
}

/* The commands speak the config's UI language, as the kiosk does (English when it has
 * no catalog). */
static void cli_language(const struct config *cfg)
{
	char *dir = ui_locale_dir(cfg);

	i18n_init(dir);
	free(dir);
	if (cfg->default_language == NULL || i18n_set_language(cfg->default_language) < 0)
		i18n_set_language("en");
}

/* Where the program is installed, found at run time: BIN/.. of /proc/self/exe (so a
 * package in /usr and `make install` into /usr/local both find their own files), with
 * sub appended. NULL if it cannot be told. The caller frees it. */
char *cli_install_path(const char *sub)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	int i;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	for (i = 0; i < 2; i++) {
		slash = strrchr(exe, '/');
		if (slash == NULL)
			return NULL;
		*slash = '\0';
	}
	return xasprintf("%s/%s", exe, sub);
}

char *cli_data_file(const char *name)
{
	char *installed = cli_install_path("share/vitrina");
	const char *dirs[] = {"kiosk", installed != NULL ? installed : "", SAMPLEDIR};
	char *path = NULL;
	size_t i;

	for (i = 0; i < sizeof dirs / sizeof dirs[0] && path == NULL; i++) {
		path = xasprintf("%s/%s", dirs[i], name);
		if (dirs[i][0] == '\0' || access(path, R_OK) != 0) {
			free(path);
			path = NULL;
		}
	}
	free(installed);
	return path;
}

/* The .mo files: a build's own (BIN/locale, BIN/build/locale) first, as ui_locale_dir
 * finds them; else the install prefix's share/locale when it holds vitrina's; else the
 * build's LOCALEDIR. */
static void runtime_locale_dir(struct config *cfg)
{
	char *dir, *installed, *mo;

	if (cfg->locale_dir != NULL)
		return;
	dir = ui_locale_dir(cfg);
	installed = cli_install_path("share/locale");
	mo = installed != NULL ? xasprintf("%s/lt/LC_MESSAGES/vitrina.mo", installed) : NULL;
	if (strcmp(dir, LOCALEDIR) == 0 && mo != NULL && access(mo, R_OK) == 0) {
		cfg->locale_dir = installed;
		installed = NULL;
	}
	free(mo);
	free(installed);
	free(dir);
}

/* With no --config, the installed kiosk's settings when they are there, so that
 * `vitrina status` typed by a librarian sees the kiosk. VITRINA_DEFAULT_CONFIG
 * replaces the path (tests; "" for none). */
static const char *default_config(void)
{
	const char *path = getenv("VITRINA_DEFAULT_CONFIG");

	if (path == NULL)
		path = "/etc/vitrina/kiosk.conf";
	return path[0] != '\0' && access(path, F_OK) == 0 ? path : NULL;
}

static int load_config(struct options *o)
{
	struct buf warnings = {0};
	int rc = config_load(&o->cfg, o->config_path, &warnings);

	/* Bad lines are reported but the kiosk still starts on safe defaults. */
	if (warnings.len > 0)
		fputs(warnings.s, stderr);
	buf_free(&warnings);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	const struct command *cmd;
	const char *db = NULL;
	int a, rc;

	/* Visitors' personal data passes through jansson: wipe its memory when freed. */
	json_wipe_on_free_install();
	for (a = 1; a < argc && argv[a][0] == '-'; a++) {
		if (strcmp(argv[a], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(argv[a], "--version") == 0) {
			printf("vitrina %s\n", VERSION);
			return 0;
		} else if (strcmp(argv[a], "--config") == 0 && a + 1 < argc) {
			o.config_path = argv[++a];
		} else if (strcmp(argv[a], "--db") == 0 && a + 1 < argc) {
			db = argv[++a];
		} else {
			fprintf(stderr, "vitrina: unknown option %s (try --help)\n", argv[a]);
			return 2;
		}
	}
	cmd = a < argc ? find_command(argv[a]) : NULL;
	if (a < argc && cmd == NULL) {
		fprintf(stderr, "vitrina: unknown command %s (try --help)\n", argv[a]);
		return 2;
	}
	if (cmd != NULL && cmd->run == NULL)
		return hand_over(argv);
	config_defaults(&o.cfg);
	if (o.config_path == NULL)
		o.config_path = default_config();
	if (o.config_path != NULL && load_config(&o) < 0) {
		config_free(&o.cfg);
		return 1;
	}
	if (db != NULL) {
		free(o.cfg.db);
		o.cfg.db = xstrdup(db);
	}
	runtime_locale_dir(&o.cfg);
	if (o.cfg.quiz_file == NULL)
		o.cfg.quiz_file = cli_data_file("quiz.json");
	if (cmd == NULL) {
		rc = kiosk_main(&o);
	} else {
		cli_language(&o.cfg);
		rc = cmd->run(&o, argc - a, argv + a);
	}
	config_free(&o.cfg);
	return rc;
}
