/* The outbox: durable adds, listing without personal data, the sync marks. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "db.h"
#include "kiosk_util.h"
#include "outbox.h"
#include "request.h"
#include "t.h"
#include "util.h"

static const char case_id[] = "0d9f2c1e-4b7a-4c3e-9a51-7f2e8d6b1c40";

static void make_contact(struct request *r, const char *name, const char *message)
{
	kiosk_contact_request(r, "siauliai-1", name, xstrdup("+37061234567"), message, "lt");
}

static sqlite3 *open_db(int slot)
{
	char *err = NULL;
	sqlite3 *db = db_open_kiosk(t_path(slot, "kiosk.db"), &err);

	if (db == NULL)
		t_fail("db_open: %s", err);
	return db;
}

/* The stored body of id (NULL if none); the caller frees it. */
static char *stored_body(sqlite3 *db, const char *id)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT body FROM outbox WHERE id = ?1", NULL);
	char *s = NULL;

	db_bind_text(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		s = db_column_strdup(st, 0);
	sqlite3_finalize(st);
	return s;
}

static char *column_text(sqlite3 *db, const char *sql, const char *id)
{
	sqlite3_stmt *st = db_prepare(db, sql, NULL);
	char *s = NULL;

	db_bind_text(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		s = db_column_strdup(st, 0);
	sqlite3_finalize(st);
	return s;
}

TEST(outbox_add_stores_the_whole_request)
{
	static const char name[] = "Ąžuolė";
	static const char msg[] =
		"Labas! ąčęėįšųūž ĄČĘĖĮŠŲŪŽ\nAntra eilutė „kabutės“.";
	sqlite3 *db = open_db(0);
	struct request r, back;
	char *err = NULL, *body;
	json_t *j;

	make_contact(&r, name, msg);
	if (!CHECK(outbox_add(db, &r, &err) == 0)) {
		t_fail("outbox_add: %s", err);
	}
	body = stored_body(db, r.id);
	if (!CHECK(body != NULL))
		return;
	/* UTF-8 as typed (not \\u escapes); only the newline is escaped in JSON. */
	CHECK(strstr(body, "Labas! ąčęėįšųūž ĄČĘĖĮŠŲŪŽ\\nAntra") != NULL);
	j = json_loads(body, 0, NULL);
	CHECK(j != NULL);
	CHECK(request_from_json(j, &back, &err) == 0);
	CHECK_STR(back.name, name);
	CHECK_STR(back.message, msg);
	CHECK_STR(back.contact, "+37061234567");
	CHECK_STR(back.case_id, case_id);
	CHECK_STR(back.consent_version, "2026-11");
	CHECK_STR(back.kiosk_id, "siauliai-1");
	CHECK_STR(back.created_at, r.created_at);
	CHECK_STR(back.kind, "contact");
	json_decref(j);
	request_free(&back);
	free(body);
	outbox_request_wipe(&r);
	sqlite3_close(db);
}

TEST(outbox_connection_is_synchronous_full)
{
	sqlite3 *db = open_db(0);
	sqlite3_stmt *st = db_prepare(db, "PRAGMA synchronous", NULL);

	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(st, 0), 2);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

TEST(outbox_add_refuses_invalid_and_duplicates)
{
	sqlite3 *db = open_db(0);
	struct request r;
	struct outbox_item *items;
	char *err = NULL;
	int n;

	make_contact(&r, "Jonas", "labas");
	snprintf(r.age_group, sizeof r.age_group, "10-13");
	CHECK(outbox_add(db, &r, &err) < 0);
	CHECK(err != NULL && strstr(err, "age_group") != NULL);
	snprintf(r.age_group, sizeof r.age_group, "14-17");
	wipe_string(&r.contact);
	r.contact = xstrdup("not a contact");
	CHECK(outbox_add(db, &r, &err) < 0);
	CHECK(err != NULL && strstr(err, "contact") != NULL);
	wipe_string(&r.contact);
	r.contact = xstrdup("jonas@example.lt");
	CHECK(outbox_add(db, &r, &err) == 0);
	CHECK(outbox_add(db, &r, &err) < 0);
	CHECK(err != NULL && strstr(err, "already") != NULL);
	CHECK(outbox_list(db, &items, &n, &err) == 0);
	CHECK_INT(n, 1);
	outbox_items_free(items, n);
	free(err);
	outbox_request_wipe(&r);
	sqlite3_close(db);
}

TEST(outbox_list_oldest_first_without_personal_data)
{
	sqlite3 *db = open_db(0);
	struct request r[3];
	struct outbox_item *items;
	char *err = NULL;
	int n, i;

	for (i = 0; i < 3; i++) {
		make_contact(&r[i], "Rūta", "žinutė");
		/* Distinct times, added out of order. */
		snprintf(r[i].created_at, sizeof r[i].created_at, "2026-11-30T10:00:0%dZ", 2 - i);
		CHECK(outbox_add(db, &r[i], &err) == 0);
	}
	CHECK(outbox_list(db, &items, &n, &err) == 0);
	if (CHECK_INT(n, 3)) {
		CHECK_STR(items[0].id, r[2].id);
		CHECK_STR(items[1].id, r[1].id);
		CHECK_STR(items[2].id, r[0].id);
		CHECK_STR(items[0].kind, "contact");
		CHECK_STR(items[0].state, "pending");
		CHECK_STR(items[0].created_at, "2026-11-30T10:00:00Z");
		CHECK_INT(items[0].attempts, 0);
		CHECK(items[0].last_error == NULL);
	}
	outbox_items_free(items, n);
	for (i = 0; i < 3; i++)
		outbox_request_wipe(&r[i]);
	sqlite3_close(db);
}

TEST(outbox_next_batch_and_marks)
{
	sqlite3 *db = open_db(0);
	struct request r[4], *batch;
	struct outbox_item *items;
	const char *ids[2];
	char *err = NULL, *s;
	int n, i;
	int64_t depth, age;

	for (i = 0; i < 4; i++) {
		make_contact(&r[i], "Eglė", "ačiū");
		snprintf(r[i].created_at, sizeof r[i].created_at, "2026-11-29T10:00:0%dZ", i);
		CHECK(outbox_add(db, &r[i], &err) == 0);
	}
	CHECK(outbox_depth(db, &depth, &age, &err) == 0);
	CHECK_INT(depth, 4);
	CHECK(age > 0);
	CHECK(outbox_next_batch(db, 3, &batch, &n, &err) == 0);
	if (CHECK_INT(n, 3)) {
		CHECK_STR(batch[0].id, r[0].id);
		CHECK_STR(batch[2].id, r[2].id);
		CHECK_STR(batch[1].name, "Eglė");
		CHECK_STR(batch[1].message, "ačiū");
	}
	for (i = 0; i < n; i++)
		request_free(&batch[i]);
	free(batch);

	ids[0] = r[0].id;
	ids[1] = r[1].id;
	CHECK(outbox_mark_failed(db, ids, 2, "hub unreachable", &err) == 0);
	CHECK(outbox_mark_failed(db, ids, 1, "timeout", &err) == 0);
	CHECK(outbox_mark_accepted(db, ids, 2, &err) == 0);
	s = stored_body(db, r[0].id);
	CHECK(s == NULL);
	s = column_text(db, "SELECT state FROM outbox WHERE id = ?1", r[0].id);
	CHECK_STR(s, "sent");
	free(s);
	s = column_text(db, "SELECT sent_at FROM outbox WHERE id = ?1", r[1].id);
	CHECK(s != NULL && strlen(s) == 20);
	free(s);
	s = column_text(db, "SELECT kind FROM outbox WHERE id = ?1", r[1].id);
	CHECK_STR(s, "contact");
	free(s);

	CHECK(outbox_mark_rejected(db, r[2].id, "contact: not valid", &err) == 0);
	CHECK(outbox_mark_failed(db, &ids[0], 1, "late", &err) == 0);
	ids[0] = r[3].id;
	CHECK(outbox_mark_failed(db, ids, 1, "HTTP 503", &err) == 0);
	CHECK(outbox_list(db, &items, &n, &err) == 0);
	if (CHECK_INT(n, 2)) {
		CHECK_STR(items[0].id, r[2].id);
		CHECK_STR(items[0].state, "rejected");
		CHECK_STR(items[0].last_error, "contact: not valid");
		CHECK_STR(items[1].id, r[3].id);
		CHECK_STR(items[1].state, "pending");
		CHECK_INT(items[1].attempts, 1);
		CHECK_STR(items[1].last_error, "HTTP 503");
	}
	outbox_items_free(items, n);
	/* A rejected one keeps its content for the librarian; it leaves the queue. */
	s = stored_body(db, r[2].id);
	CHECK(s != NULL);
	free(s);
	CHECK(outbox_next_batch(db, 10, &batch, &n, &err) == 0);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(batch[0].id, r[3].id);
	for (i = 0; i < n; i++)
		request_free(&batch[i]);
	free(batch);
	CHECK(outbox_depth(db, &depth, &age, &err) == 0);
	CHECK_INT(depth, 1);
	for (i = 0; i < 4; i++)
		outbox_request_wipe(&r[i]);
	sqlite3_close(db);
}

TEST(outbox_unreadable_body_is_set_aside)
{
	sqlite3 *db = open_db(0);
	struct request r[2], *batch;
	struct outbox_item *items;
	char *err = NULL, *sql;
	int n, i;

	for (i = 0; i < 2; i++) {
		make_contact(&r[i], "Ona", "x");
		snprintf(r[i].created_at, sizeof r[i].created_at, "2026-11-29T10:00:0%dZ", i);
		CHECK(outbox_add(db, &r[i], &err) == 0);
	}
	sql = xasprintf("UPDATE outbox SET body = '{\"id\": 1' WHERE id = '%s'", r[0].id);
	CHECK(db_exec(db, sql, &err) == 0);
	free(sql);
	/* And a row with no body at all, oldest of all. */
	CHECK(db_exec(db, "INSERT INTO outbox(id, kind, body, created_at) VALUES("
		      "'00000000-0000-4000-8000-000000000001', 'contact', NULL,"
		      " '2026-11-29T09:00:00Z')", &err) == 0);
	CHECK(outbox_next_batch(db, 10, &batch, &n, &err) == 0);
	if (CHECK_INT(n, 1))
		CHECK_STR(batch[0].id, r[1].id);
	for (i = 0; i < n; i++)
		request_free(&batch[i]);
	free(batch);
	CHECK(outbox_list(db, &items, &n, &err) == 0);
	if (CHECK_INT(n, 3)) {
		CHECK_STR(items[0].state, "rejected");
		CHECK_STR(items[0].last_error, "the stored request has no content");
		CHECK_STR(items[1].state, "rejected");
		CHECK(items[1].last_error != NULL);
		CHECK_STR(items[2].state, "pending");
	}
	outbox_items_free(items, n);
	for (i = 0; i < 2; i++)
		outbox_request_wipe(&r[i]);
	sqlite3_close(db);
}

/* 1 if the file holds marker (a missing file holds nothing). */
#define file_holds(path, marker) t_file_wait((path), (marker), 1, 0)

/* After the hub has it, the personal data is gone from the database file and from its
 * write-ahead log, while the kiosk still runs (the connection stays open). */
TEST(outbox_accepted_leaves_no_personal_data_on_disk)
{
	sqlite3 *db = open_db(0);
	struct request r;
	const char *ids[1];
	char *err = NULL, *wal;
	static const char marker[] = "Žemaitėpersonalmarker";

	make_contact(&r, "Rasa", marker);
	CHECK(outbox_add(db, &r, &err) == 0);
	wal = xasprintf("%s-wal", t_path(0, "kiosk.db"));
	CHECK(file_holds(wal, marker) || file_holds(t_path(0, "kiosk.db"), marker));
	ids[0] = r.id;
	CHECK(outbox_mark_accepted(db, ids, 1, &err) == 0);
	CHECK(!file_holds(t_path(0, "kiosk.db"), marker));
	CHECK(!file_holds(wal, marker));
	CHECK(!file_holds(wal, "Rasa"));
	sqlite3_close(db);
	free(wal);
	outbox_request_wipe(&r);
}

TEST(outbox_request_wipe_zeroes)
{
	struct request r;
	size_t i;
	int nonzero = 0;

	make_contact(&r, "Jurgita", "slapta");
	outbox_request_wipe(&r);
	for (i = 0; i < sizeof r; i++)
		nonzero |= ((unsigned char *)&r)[i] != 0;
	CHECK(!nonzero);
	CHECK(r.name == NULL && r.message == NULL);
}

/* The promise: once outbox_add returned, SIGKILL does not lose the request. */
TEST(outbox_survives_sigkill_after_add)
{
	int round;

	for (round = 0; round < 20; round++) {
		int fds[2], status;
		char id[37] = "";
		pid_t pid;
		sqlite3 *db;
		char *s;

		if (pipe(fds) < 0)
			t_fail("pipe");
		pid = fork();
		if (pid == 0) {
			struct request r;
			sqlite3 *cdb = open_db(0);

			close(fds[0]);
			make_contact(&r, "Tomas", "greitai");
			if (outbox_add(cdb, &r, NULL) < 0)
				_exit(3);
			if (write(fds[1], r.id, 36) != 36)
				_exit(4);
			/* Wait to be killed without closing anything. */
			for (;;)
				pause();
		}
		close(fds[1]);
		if (!CHECK(read(fds[0], id, 36) == 36))
			break;
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		close(fds[0]);
		db = open_db(0);
		s = stored_body(db, id);
		CHECK(s != NULL && strstr(s, "greitai") != NULL);
		free(s);
		sqlite3_close(db);
	}
}

TEST(outbox_cli_lists_without_personal_data)
{
	sqlite3 *db = open_db(0);
	struct request r;
	char *err = NULL, *out = NULL, *errout = NULL, *want, code[10];
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"--db", (char *)t_path(0, "kiosk.db"),
			(char *)"outbox", NULL};
	char *bad[] = {(char *)t_bin("vitrina"), (char *)"--db", (char *)t_path(0, "kiosk.db"),
		       (char *)"outbox", (char *)"extra", NULL};
	const char *ids[1];

	make_contact(&r, "Vaidotas", "asmeniška žinutė");
	snprintf(r.created_at, sizeof r.created_at, "2026-11-30T10:00:00Z");
	CHECK(outbox_add(db, &r, &err) == 0);
	ids[0] = r.id;
	CHECK(outbox_mark_failed(db, ids, 1, "connection\trefused\n", &err) == 0);
	sqlite3_close(db);
	CHECK_INT(t_run(argv, &out, &errout), 0);
	request_ref_code(r.id, code);
	want = xasprintf("%s\tcontact\t2026-11-30T10:00:00Z\t1\tconnection refused \t%s\n",
			 r.id, code);
	CHECK_STR(out, want);
	CHECK(out != NULL && strstr(out, "Vaidotas") == NULL && strstr(out, "+370") == NULL);
	free(want);
	free(out);
	free(errout);
	CHECK_INT(t_run(bad, NULL, NULL), 2);
	outbox_request_wipe(&r);
}
