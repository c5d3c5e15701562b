/* The kiosk program: opens the database, finds the translations, sets up the terminal
 * and runs the screens from the attract screen. */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "screens.h"
#include "util.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* The folder of .mo files: --config's locale_dir, else build/locale next to this very
 * binary (where make puts them), else the installed LOCALEDIR. The caller frees it. */
static char *locale_dir(const struct options *o)
{
	char exe[PATH_MAX];
	ssize_t n;
	struct stat sb;

	if (o->cfg.locale_dir != NULL && o->cfg.locale_dir[0] != '\0')
		return xstrdup(o->cfg.locale_dir);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		char *dir, *path;

		exe[n] = '\0';
		dir = dirname(exe);
		path = xasprintf("%s/locale", dir);
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			return path;
		free(path);
	}
	return xstrdup(LOCALEDIR);
}

int kiosk_main(const struct options *o)
{
	static const struct ui_app app = {
		.attract = &screen_attract,
		.home = &screen_home,
		.help = &screen_help,
		.search = &screen_browse,
		.admin = NULL,
	};
	struct ui ui;
	char *err = NULL, *dir;
	sqlite3 *db;

	memset(&ui, 0, sizeof ui);
	db = kiosk_db_open(o, &err);
	if (db == NULL) {
		fprintf(stderr, "vitrina: %s\n", err != NULL ? err : "cannot open the database");
		free(err);
		return 1;
	}
	ui.db = db;
	ui.cfg = &o->cfg;
	if (ui_term_start(&ui, &err) < 0) {
		fprintf(stderr, "vitrina: %s\n", err);
		free(err);
		sqlite3_close(db);
		return 1;
	}
	dir = locale_dir(o);
	i18n_init(dir);
	free(dir);
	if (o->cfg.default_language == NULL ||
	    ui_set_language(&ui, o->cfg.default_language) < 0)
		ui_set_language(&ui, "en");
	ui_run(&ui, &app);
	ui_term_end(&ui);
	sqlite3_close(db);
	return 0;
}
