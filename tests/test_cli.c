/* The librarian's command line: outbox with reference codes, status in the config's
 * language with the right plurals. */
#include <crypt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "kiosk_util.h"
#include "outbox.h"
#include "request.h"
#include "t.h"
#include "util.h"
#include "vt.h"

/* n more contact requests in the kiosk database at t_path(0, "k.db") (made on the first
 * call); the first one's id in first (37 bytes) if not NULL. */
static void queue_requests(int n, char *first)
{
	static int made;
	sqlite3 *db = made++ ? kiosk_db_open(t_path(0, "k.db")) : kiosk_db_open_seeded();
	struct request r;
	char *err = NULL;
	int i;

	for (i = 0; i < n; i++) {
		kiosk_contact_request(&r, "k-1", "Vaidotas", xstrdup("+37061234567"),
				      "asmeniška žinutė", "lt");
		if (outbox_add(db, &r, &err) < 0)
			t_fail("outbox_add: %s", err);
		if (i == 0 && first != NULL)
			snprintf(first, 37, "%s", r.id);
		outbox_request_wipe(&r);
	}
	sqlite3_close(db);
}

/* Run `vitrina --config CONF --db k.db CMD` with conf written first; stdout in *out. */
static int run_cli(const char *conf, const char *cmd, char **out, char **errout)
{
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"--config", NULL, (char *)"--db",
			NULL, (char *)cmd, NULL};

	t_write_file(t_path(2, "kiosk.conf"), conf);
	argv[2] = (char *)t_path(2, "kiosk.conf");
	argv[4] = (char *)t_path(0, "k.db");
	return t_run(argv, out, errout);
}

TEST(cli_outbox_line_keeps_contract_fields_and_ends_with_code)
{
	char id[37], code[10], *out = NULL, *want, *f[8];
	char *line, *p;
	int k = 0;

	queue_requests(1, id);
	request_ref_code(id, code);
	CHECK_INT(run_cli("default_language = en\n", "outbox", &out, NULL), 0);
	if (!CHECK(out != NULL))
		return;
	/* In a pipe: no header, the line is the data alone. */
	want = xasprintf("%s\tcontact\t", id);
	CHECK(strncmp(out, want, strlen(want)) == 0);
	free(want);
	line = xstrdup(out);
	for (p = line; k < 8 && p != NULL; k++) {
		f[k] = p;
		p = strpbrk(p, "\t\n");
		if (p != NULL)
			*p++ = '\0';
		if (p != NULL && *p == '\0')
			p = NULL;
	}
	/* id, kind, created_at, attempts, last_error (empty), then the code */
	CHECK_INT(k, 6);
	CHECK_STR(f[3], "0");
	CHECK_STR(f[4], "");
	CHECK_STR(f[5], code);
	CHECK(strstr(out, "Vaidotas") == NULL && strstr(out, "+370") == NULL);
	CHECK_INT(strlen(code), 9);
	free(line);
	free(out);
}

TEST(cli_outbox_on_a_terminal_shows_header_and_reference_code)
{
	char id[37], code[10];
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"--db", NULL, (char *)"outbox",
			NULL};
	int row, col_id, col_code;

	queue_requests(2, id);
	request_ref_code(id, code);
	argv[2] = (char *)t_path(0, "k.db");
	vt_start(argv, 24, 160);
	CHECK_INT(vt_wait_exit(KIOSK_WAIT), 0);
	vt_pump(50);
	row = vt_find("created_at", NULL);
	CHECK_INT(row, 0);
	CHECK(strstr(vt_screen_text(0), "last_error") != NULL);
	CHECK(strstr(vt_screen_text(0), "code") != NULL);
	/* The code the confirmation screen showed for the first request, on its line. */
	row = vt_find(id, &col_id);
	CHECK(row >= 1);
	CHECK_INT(vt_find(code, &col_code), row);
	CHECK(col_code > col_id);
	if (row < 1)
		vt_dump();
	vt_close();
}

/* The Outbox line of `vitrina status` (a new string), "" if none. */
static char *outbox_row(const char *conf)
{
	char *out = NULL, *line, *end;

	CHECK_INT(run_cli(conf, "status", &out, NULL), 0);
	line = out != NULL ? strstr(out, "Siunčiamosios:") : NULL;
	if (line == NULL)
		line = out != NULL ? strstr(out, "Outbox:") : NULL;
	line = xstrdup(line != NULL ? line : "");
	end = strchr(line, '\n');
	if (end != NULL)
		*end = '\0';
	free(out);
	return line;
}

TEST(cli_status_lt_plural_forms)
{
	static const char conf[] = "default_language = lt\nhub_url = https://hub.invalid\n";
	static const struct {
		int add;
		const char *want;
	} steps[] = {
		{1, " 1 užklausa laukia išsiuntimo"}, {1, " 2 užklausos laukia išsiuntimo"},
		{3, " 5 užklausos laukia išsiuntimo"}, {6, " 11 užklausų laukia išsiuntimo"},
	};
	size_t i;
	char *row;

	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		queue_requests(steps[i].add, NULL);
		row = outbox_row(conf);
		if (!CHECK(strstr(row, steps[i].want) != NULL))
			fprintf(stderr, "  got: %s\n", row);
		free(row);
	}
}

TEST(cli_status_without_hub_claims_nothing_reached_it)
{
	char *out = NULL, *row;

	queue_requests(0, NULL);
	CHECK_INT(run_cli("default_language = en\n", "status", &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "reached the hub") == NULL);
	CHECK(out != NULL && strstr(out, "Outbox:") != NULL);
	free(out);
	row = outbox_row("default_language = en\n");
	CHECK(strstr(row, "0 requests, kept on this kiosk: no hub_url is set") != NULL);
	free(row);
	queue_requests(1, NULL);
	row = outbox_row("default_language = lt\n");
	CHECK(strstr(row, "1 užklausa, laikoma šiame terminale") != NULL);
	CHECK(strstr(row, "pasiekė centrą") == NULL);
	free(row);
}

TEST(cli_status_english_when_the_language_has_no_catalog)
{
	char *out = NULL, *copy = xasprintf("%s/vitrina", t_dir());
	char *net = xstrdup(t_bin("vitrina-net"));
	/* (status runs in vitrina-net, found beside vitrina) */
	char *cp[] = {(char *)"/bin/cp", (char *)t_bin("vitrina"), net, (char *)t_dir(), NULL};
	char *argv[] = {copy, (char *)"--config", NULL, (char *)"--db", NULL,
			(char *)"status", NULL};

	queue_requests(2, NULL);
	/* Polish beside the built program's catalogs... */
	CHECK_INT(run_cli("default_language = pl\nhub_url = https://hub.invalid\n", "status",
			  &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "2 zgłoszenia czekają") != NULL);
	free(out);
	argv[2] = (char *)t_path(2, "kiosk.conf");
	argv[4] = (char *)t_path(0, "k.db");
	/* ...English where there is no catalog (a copy of the program alone in a folder). */
	CHECK_INT(t_run(cp, NULL, NULL), 0);
	CHECK_INT(t_run(argv, &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "Outbox:") != NULL);
	CHECK(out != NULL && strstr(out, "2 requests waiting to be sent") != NULL);
	free(out);
	free(copy);
	free(net);
}

/* A bad admin_key is reported at start with the file and line, and F12 (the default)
 * still opens the PIN entry: before, an unknown key name left the kiosk with no admin
 * key at all. */
TEST(cli_bad_admin_key_reported_and_f12_still_opens_admin)
{
	static const char json[] = "{\"cases\": [], \"partners\": []}\n";
	const char *h = crypt("2468", "$6$rounds=1000$cliTestSalt$");
	char *conf, *want, *log;
	size_t len;

	if (h == NULL || h[0] != '$')
		t_fail("crypt cannot make a $6$ hash");
	sqlite3_close(kiosk_make_db(json));
	conf = xasprintf("default_language = en\nadmin_key = F99\nadmin_pin_hash = %s\n", h);
	kiosk_start(conf, 24, 80);
	free(conf);
	vt_wait_quiet(300, KIOSK_WAIT);
	vt_send("\033[24~");
	CHECK(kiosk_expect("Librarian PIN", 50));
	log = xstrdup(vt_log(&len));
	want = xasprintf("%s:2: admin_key: must be a function key", t_path(2, "kiosk.conf"));
	CHECK(strstr(log, want) != NULL);
	free(want);
	free(log);
	kiosk_finish();

	/* The same words from any command (one line on stderr). */
	conf = NULL;
	CHECK_INT(run_cli("default_language = en\nadmin_key = banana\n", "status", NULL, &conf),
		  0);
	want = xasprintf("%s:2: admin_key: must be a function key", t_path(2, "kiosk.conf"));
	CHECK(conf != NULL && strstr(conf, want) != NULL);
	free(want);
	free(conf);
}

/* One request in db made at `at`, a contact or a nomination, refused by the hub if
 * reason is not NULL. */
static void add_request(sqlite3 *db, const char *kind, const char *at, const char *reason)
{
	struct request r;
	char *err = NULL;

	kiosk_contact_request(&r, "k-1", "Vaidotas", xstrdup("+37061234567"), "Sveiki.", "lt");
	if (strcmp(kind, "nomination") == 0) {
		snprintf(r.kind, sizeof r.kind, "nomination");
		r.case_id[0] = '\0';
		r.nominee = xstrdup("Ona Onaitė");
		snprintf(r.nominee_municipality, sizeof r.nominee_municipality, "LT-43");
		r.why = xstrdup("Ji organizuoja talkas.");
	}
	snprintf(r.created_at, sizeof r.created_at, "%s", at);
	if (outbox_add(db, &r, &err) < 0)
		t_fail("outbox_add: %s", err);
	if (reason != NULL && outbox_mark_rejected(db, r.id, reason, &err) < 0)
		t_fail("outbox_mark_rejected: %s", err);
	outbox_request_wipe(&r);
}

/* The admin log's columns line up in Russian at 120 columns: the date starts in the same
 * column on every row, whatever the kind's translation (2-byte letters, two lengths). */
TEST(cli_admin_log_columns_line_up)
{
	static const char *const at[] = {
		"2026-11-30T10:00:01Z", "2026-11-30T10:00:02Z", "2026-11-30T10:00:03Z",
	};
	const char *h = crypt("2468", "$6$rounds=1000$cliTestSalt$");
	sqlite3 *db = kiosk_db_open_seeded();
	int i, row, col, col0 = -1;
	char *conf;

	if (h == NULL || h[0] != '$')
		t_fail("crypt cannot make a $6$ hash");
	add_request(db, "contact", at[0], "case_id: no such case here");
	add_request(db, "nomination", at[1], NULL);
	add_request(db, "contact", at[2], NULL);
	sqlite3_close(db);
	conf = xasprintf("default_language = ru\nadmin_pin_hash = %s\n", h);
	kiosk_start(conf, 30, 120);
	free(conf);
	vt_wait_quiet(300, KIOSK_WAIT);
	vt_send("\033[24~");
	vt_wait_quiet(300, KIOSK_WAIT);
	vt_send("2468\r");
	vt_wait_quiet(300, KIOSK_WAIT);
	vt_send("\033[B\r");
	if (!kiosk_expect("отклонённые запросы", 50))
		return;
	CHECK(vt_contains("номинация") && vt_contains("контакт"));
	for (i = 0; i < 3; i++) {
		row = vt_find(at[i], &col);
		if (!CHECK(row > 0))
			continue;
		if (col0 < 0)
			col0 = col;
		CHECK_INT(col, col0);
	}
	if (col0 < 0)
		vt_dump();
	kiosk_finish();
}
