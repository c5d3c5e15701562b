/* Shared scaffolding of the kiosk TUI tests (see kiosk_util.h). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "db.h"
#include "import.h"
#include "kiosk_util.h"
#include "outbox.h"
#include "request.h"
#include "t.h"
#include "util.h"
#include "vt.h"

sqlite3 *kiosk_db_open_seeded(void)
{
	char *err = NULL;
	sqlite3 *db = db_open(t_path(0, "k.db"), &kiosk_schema, &err);

	if (db == NULL)
		t_fail("db_open: %s", err);
	if (db_exec(db, "INSERT INTO meta(key, value) VALUES('seeded', 'test')", &err) < 0)
		t_fail("meta: %s", err);
	return db;
}

sqlite3 *kiosk_make_db(const char *json)
{
	struct catalogue_set set;
	struct buf report = {0};
	char *err = NULL;
	sqlite3 *db;

	t_write_file(t_path(1, "cat.json"), json);
	db = kiosk_db_open_seeded();
	memset(&set, 0, sizeof set);
	if (import_read(t_path(1, "cat.json"), NULL, &set, &report) != 0)
		t_fail("import: %s", report.s ? report.s : "?");
	if (catalogue_put_set(db, &set, &err) < 0)
		t_fail("put_set: %s", err);
	catalogue_set_free(&set);
	buf_free(&report);
	return db;
}

void kiosk_start(const char *conf, int rows, int cols)
{
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"--config", NULL, (char *)"--db",
			NULL, NULL};

	t_write_file(t_path(2, "kiosk.conf"), conf);
	argv[2] = (char *)t_path(2, "kiosk.conf");
	argv[4] = (char *)t_path(0, "k.db");
	vt_start(argv, rows, cols);
}

int kiosk_expect(const char *text, int settle_ms)
{
	if (vt_wait_text(text, KIOSK_WAIT)) {
		vt_wait_quiet(settle_ms, KIOSK_WAIT);
		return 1;
	}
	fprintf(stderr, "  expected \"%s\" on the screen\n", text);
	vt_dump();
	t_check(0, __FILE__, __LINE__, text);
	return 0;
}

int kiosk_expect_gone(const char *text, int settle_ms)
{
	if (vt_wait_gone(text, KIOSK_WAIT)) {
		vt_wait_quiet(settle_ms, KIOSK_WAIT);
		return 1;
	}
	fprintf(stderr, "  expected \"%s\" to go\n", text);
	vt_dump();
	t_check(0, __FILE__, __LINE__, text);
	return 0;
}

int kiosk_to_home(int settle_ms)
{
	if (!kiosk_expect("Press any key or touch the screen to start", settle_ms))
		return 0;
	vt_send(" ");
	return kiosk_expect("What would you like to explore?", settle_ms);
}

void kiosk_contact_request(struct request *r, const char *kiosk_id, const char *name,
			   char *contact, const char *message, const char *lang)
{
	memset(r, 0, sizeof *r);
	outbox_request_start(r, "contact", kiosk_id, "2026-11");
	snprintf(r->case_id, sizeof r->case_id, "0d9f2c1e-4b7a-4c3e-9a51-7f2e8d6b1c40");
	r->name = xstrdup(name);
	snprintf(r->age_group, sizeof r->age_group, "18-24");
	r->contact = contact;
	r->message = xstrdup(message);
	snprintf(r->lang, sizeof r->lang, "%s", lang);
}

void kiosk_finish(void)
{
	vt_kill(SIGTERM);
	CHECK_INT(vt_wait_exit(KIOSK_WAIT), 0);
	vt_close();
}
