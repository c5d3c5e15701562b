/* cli: the subcommands of `vitrina` (DESIGN §5). Each returns the exit status:
 * 0 success, 1 runtime failure, 2 bad usage; errors go to stderr as one line. */
#ifndef VITRINA_CLI_H
#define VITRINA_CLI_H

#include <sqlite3.h>

#include "config.h"

struct options {
	const char *config_path;        /* --config, or NULL */
	struct config cfg;              /* defaults, the config file, then --db */
};

/* Open the kiosk database named by o->cfg.db, creating its folder and seeding it
 * from the sample catalogue (kiosk/sample.json, else SAMPLEDIR) when it is new.
 * Returns NULL with *err set on failure. */
sqlite3 *kiosk_db_open(const struct options *o, char **err);

/* argv[0] is the subcommand's name. */
int cmd_search(const struct options *o, int argc, char **argv);  /* src/app/cli_catalogue.c */
int cmd_show(const struct options *o, int argc, char **argv);
int cmd_import(const struct options *o, int argc, char **argv);
int cmd_outbox(const struct options *o, int argc, char **argv);  /* src/app/cli_outbox.c */
int cmd_sync(const struct options *o, int argc, char **argv);    /* src/app/cli_sync.c */
int cmd_status(const struct options *o, int argc, char **argv);
int cmd_review(const struct options *o, int argc, char **argv);  /* src/app/cli_review.c */
/* `vitrina pin`: read a PIN twice from stdin and print its crypt(3) hash for
 * admin_pin_hash (src/app/cli_admin.c). */
int cmd_pin(const struct options *o, int argc, char **argv);
/* `vitrina enrol --hub URL CODE`: a one-time code for this kiosk's token
 * (src/app/cli_enrol.c). */
int cmd_enrol(const struct options *o, int argc, char **argv);
struct command {
	const char *name;
	int (*run)(const struct options *, int, char **);
};
/* The commands that talk to the hub (sync, status, review, enrol, enrol-job) run in
 * vitrina-net, the same program with the network library (cli_net.c). In the kiosk's
 * program their run is NULL (net_elsewhere.c): main hands them over to vitrina-net. */
extern const struct command net_commands[];
extern const int net_command_count;

/* The kiosk TUI (src/app/kiosk.c over src/ui/ and screens/). */
int kiosk_main(const struct options *o);

/* PREFIX/sub for the prefix the program runs from (BIN/.. of /proc/self/exe), or NULL;
 * the caller frees it (src/app/main.c). */
char *cli_install_path(const char *sub);
/* A file that comes with vitrina (sample.json, quiz.json): the source tree's kiosk/NAME,
 * else the running prefix's share/vitrina/NAME, else the build's SAMPLEDIR/NAME; NULL
 * if none can be read. The caller frees it. */
char *cli_data_file(const char *name);
/* Make sure the folder of the database path can hold it: an error if it does not exist
 * (a mistyped --db is not created silently) or cannot be entered ("permission
 * denied"); only the kiosk's own default ./var/ is created. -1 with *err set. */
int cli_db_folder(const char *path, char **err);

/* 1 if argv holds --help (after printing usage to stdout) — a helper for commands. */
int cli_wants_help(int argc, char **argv, const char *usage);

#endif
