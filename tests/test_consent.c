/* Who holds visitors' data: the config's data_controller (checked as it is read, listed in
 * the admin settings), and the admin's "no PIN set" message whole at 80x24 in every
 * language. The consent text itself is tested in the real forms (tests/test_forms.c). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "config.h"
#include "kiosk_util.h"
#include "t.h"
#include "util.h"
#include "vt.h"

#define CONTROLLER "Šiaulių jaunimo centras, info@sjc.lt"

/* Load conf over the defaults into c; the warnings go to *w. */
static void load(struct config *c, const char *conf, struct buf *w)
{
	const char *path = t_path(0, "k.conf");

	t_write_file(path, conf);
	config_defaults(c);
	CHECK_INT(config_load(c, path, w), 0);
}

TEST(config_data_controller_read_and_listed)
{
	struct config c;
	struct buf w = {0};
	struct admin_setting *s;
	int n, i, seen = 0;

	config_defaults(&c);
	CHECK(c.data_controller == NULL);
	config_free(&c);
	load(&c, "data_controller =   " CONTROLLER "  \n", &w);
	CHECK_INT(w.len, 0);
	CHECK_STR(c.data_controller, CONTROLLER);
	n = admin_settings(&c, NULL, &s);
	for (i = 0; i < n; i++) {
		if (strcmp(s[i].key, "data_controller") == 0) {
			seen = 1;
			CHECK_STR(s[i].value, CONTROLLER);
		}
	}
	CHECK(seen);
	admin_settings_free(s, n);
	config_free(&c);
	buf_free(&w);
}

TEST(config_data_controller_refuses_bad_values)
{
	struct config c;
	struct buf w = {0}, conf = {0};
	int i;

	buf_adds(&conf, "data_controller = Centras, info@sjc.lt \033[2J\n");         /* 1 */
	buf_adds(&conf, "data_controller = Centras\xe2\x80\xae, info@sjc.lt\n");     /* 2 */
	buf_adds(&conf, "data_controller = Šiaulių jaunimo centras\n");              /* 3 */
	buf_adds(&conf, "data_controller = ");                                      /* 4 */
	for (i = 0; i < 200; i++)
		buf_adds(&conf, "ž");
	buf_adds(&conf, "@sjc.lt\n");
	buf_adds(&conf, "data_controller = Centras, @\n");                          /* 5 */
	load(&c, conf.s, &w);
	CHECK(c.data_controller == NULL);
	if (!CHECK(w.s != NULL && strstr(w.s, ":1: data_controller: must be printable") &&
		   strstr(w.s, ":2: data_controller: must be printable") &&
		   strstr(w.s, ":3: data_controller: must give the centre's legal name and an "
			  "e-mail address") &&
		   strstr(w.s, ":4: data_controller: too long") &&
		   strstr(w.s, ":5: data_controller: must give")))
		fprintf(stderr, "  warnings: %s\n", w.s != NULL ? w.s : "(none)");
	config_free(&c);
	buf_free(&w);
	buf_free(&conf);
}

#define VT_F12 "\033[24~"

/* Without an admin_pin_hash the PIN entry tells the librarian what to do, ending with the
 * command to run: whole (its first words and "vitrina pin" on the screen, nothing cut
 * with "…") in each language at 80x24. */
TEST(admin_pin_not_set_message_whole_in_every_language)
{
	static const char *const starts[] = {
		"Admin is not set up:", "Administravimas nenustatytas:",
		"Администрирование не настроено:", "Administracja nie jest skonfigurowana:",
	};
	int k, r;

	sqlite3_close(kiosk_db_open_seeded());
	kiosk_start("default_language = en\nlanguages = en lt ru pl\n", 24, 80);
	if (!kiosk_expect("Press any key or touch the screen to start", 20))
		return;
	vt_send(VT_F12);
	if (!kiosk_expect("Librarian PIN", 20))
		return;
	for (k = 0; k < 4; k++) {
		if (k > 0)
			vt_send(VT_F2);
		if (!kiosk_expect(starts[k], 50))
			continue;
		CHECK(vt_contains("vitrina pin"));
		for (r = 0; r < 24; r++) {
			if (!CHECK(strstr(vt_screen_text(r), "…") == NULL))
				vt_dump();
		}
	}
	kiosk_finish();
}
