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
#include "admin.h"
#include "i18n.h"
#include "screens.h"
#include "util.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* The folder of .mo files: the configured locale_dir, else the locale folder make
 * builds next to this very binary ($(BUILD)/locale, or build/locale under the binary's
 * folder), else the installed LOCALEDIR. The caller frees it. */
static char *locale_dir(const struct options *o)
{
	static const char *const near[] = {"%s/locale", "%s/build/locale"};
	char exe[PATH_MAX];
	ssize_t n;
	struct stat sb;
	size_t i;

	if (o->cfg.locale_dir != NULL && o->cfg.locale_dir[0] != '\0')
		return xstrdup(o->cfg.locale_dir);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		const char *dir;

		exe[n] = '\0';
		dir = dirname(exe);
		for (i = 0; i < sizeof near / sizeof near[0]; i++) {
			char *path = xasprintf(near[i], dir);

			if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
				return path;
			free(path);
		}
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
		.admin = &screen_admin,        /* the admin key and the PIN */
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
