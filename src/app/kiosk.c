/* The kiosk program: opens the database, finds the translations, sets up the terminal
 * and runs the screens from the attract screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "admin_ui.h"
#include "i18n.h"
#include "screens.h"
#include "util.h"

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
	dir = ui_locale_dir(&o->cfg);
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
