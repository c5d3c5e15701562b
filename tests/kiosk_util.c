/* Shared scaffolding of the kiosk TUI tests (see kiosk_util.h). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalogue_db.h"
#include "db.h"
#include "import.h"
#include "kiosk_util.h"
#include "outbox.h"
#include "request.h"
#include "t.h"
#include "util.h"
#include "vt.h"

sqlite3 *kiosk_db_open(const char *path)
{
	char *err = NULL;
	sqlite3 *db = db_open_kiosk(path, &err);

	if (db == NULL)
		t_fail("db_open %s: %s", path, err);
	return db;
}

void kiosk_db_import(sqlite3 *db, const char *path)
{
	struct catalogue_set set;
	struct buf report = {0};
	char *err = NULL;

	memset(&set, 0, sizeof set);
	if (import_read(path, NULL, &set, &report) != 0)
		t_fail("import %s: %s", path, report.s ? report.s : "?");
	if (catalogue_put_set(db, &set, &err) < 0)
		t_fail("put_set: %s", err);
	catalogue_set_free(&set);
	buf_free(&report);
}

sqlite3 *kiosk_db_open_seeded(void)
{
	char *err = NULL;
	sqlite3 *db = kiosk_db_open(t_path(0, "k.db"));

	if (db_exec(db, "INSERT INTO meta(key, value) VALUES('seeded', 'test')", &err) < 0)
		t_fail("meta: %s", err);
	return db;
}

sqlite3 *kiosk_make_db(const char *json)
{
	sqlite3 *db;

	t_write_file(t_path(1, "cat.json"), json);
	db = kiosk_db_open_seeded();
	kiosk_db_import(db, t_path(1, "cat.json"));
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

int kiosk_expect_at(const char *file, int line, const char *text, int settle_ms)
{
	if (vt_wait_text(text, KIOSK_WAIT)) {
		vt_wait_quiet(settle_ms, KIOSK_WAIT);
		return 1;
	}
	fprintf(stderr, "  expected \"%s\" on the screen\n", text);
	vt_dump();
	return t_check(0, file, line, text);
}

int kiosk_expect_gone_at(const char *file, int line, const char *text, int settle_ms)
{
	if (vt_wait_gone(text, KIOSK_WAIT)) {
		vt_wait_quiet(settle_ms, KIOSK_WAIT);
		return 1;
	}
	fprintf(stderr, "  expected \"%s\" to go\n", text);
	vt_dump();
	return t_check(0, file, line, text);
}

int kiosk_to_home_at(const char *file, int line, int settle_ms)
{
	if (!kiosk_expect_at(file, line, "Press any key or touch the screen to start",
			     settle_ms))
		return 0;
	vt_send(" ");
	return kiosk_expect_at(file, line, "What would you like to explore?", settle_ms);
}

int kiosk_open_from_home_at(const char *file, int line, const char *choice, const char *text)
{
	int r, col;

	if (!kiosk_to_home_at(file, line, 30))
		return 0;
	r = vt_find(choice, &col);
	if (!t_check(r >= 0, file, line, "the home screen offers the choice"))
		return 0;
	vt_send_mouse_click(r, col + 1);
	return kiosk_expect_at(file, line, text, 30);
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

void kiosk_finish_at(const char *file, int line)
{
	vt_kill(SIGTERM);
	t_check_int(vt_wait_exit(KIOSK_WAIT), 0, file, line, "the kiosk's exit status");
	vt_close();
}

int kiosk_ellipsis_placeholder(const char *row, const char *at)
{
	static const char *const ok[] = {"Choose…", "Pasirink…", "Выбери…", "Wybierz…"};
	size_t i;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		size_t n = strlen(ok[i]) - strlen("…");

		if ((size_t)(at - row) >= n && strncmp(at - n, ok[i], n) == 0)
			return 1;
	}
	return 0;
}

int kiosk_check_uncut_at(const char *file, int line, const char *where,
			 int (*allowed)(const char *row, const char *at))
{
	int r, ok = 1;

	vt_wait_quiet(30, KIOSK_WAIT);
	for (r = 0; r < 24; r++) {
		const char *row = vt_screen_text(r), *at = row;

		while ((at = strstr(at, "…")) != NULL) {
			if (allowed == NULL || !allowed(row, at)) {
				fprintf(stderr, "  %s: cut text on row %d: %s\n", where, r, row);
				ok = 0;
			}
			at += strlen("…");
		}
	}
	if (strstr(vt_screen_text(23), "F2 ") == NULL) {
		fprintf(stderr, "  %s: no F2 on the key bar\n", where);
		ok = 0;
	}
	if (!ok || getenv("VITRINA_TEST_DUMP") != NULL) {
		fprintf(stderr, "  %s:\n", where);
		vt_dump();      /* to look at the screens while changing them */
	}
	return t_check(ok, file, line, where);
}

int kiosk_outbox_rows(char **body)
{
	char *err = NULL;
	sqlite3 *db = db_open_kiosk(t_path(0, "k.db"), &err);
	sqlite3_stmt *st;
	int n = 0;

	if (db == NULL)
		t_fail("db_open: %s", err);
	st = db_prepare(db, "SELECT body FROM outbox ORDER BY rowid", &err);
	if (body != NULL)
		*body = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		n++;
		if (body != NULL) {
			free(*body);
			*body = db_column_strdup(st, 0);
		}
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

const char *kiosk_jstr(json_t *j, const char *key)
{
	const char *s = json_string_value(json_object_get(j, key));

	return s != NULL ? s : "(missing)";
}

int kiosk_send_form_at(const char *file, int line, const char *done)
{
	vt_send(VT_F10);
	if (!kiosk_expect_at(file, line, "Check what will be sent", 30))
		return 0;
	vt_send(" ");
	kiosk_expect_at(file, line, "[x]", 30);
	vt_send(VT_F10);
	return kiosk_expect_at(file, line, done, 30);
}
