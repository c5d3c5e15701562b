/* Unit tests of src/admin.c: the PIN check, the lockout (with the clock passed in, so
 * no test waits five minutes), the settings as shown, the sync child. */
#define _GNU_SOURCE
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "admin.h"
#include "db.h"
#include "t.h"
#include "util.h"

/* A hash of pin made here with a fixed cheap salt ("$6$" with few rounds keeps the
 * tests fast; the kiosk accepts any usable crypt(3) hash). */
static char *hash_of(const char *pin)
{
	const char *h = crypt(pin, "$6$rounds=1000$adminTestSalt$");

	if (h == NULL || h[0] != '$')
		t_fail("crypt cannot make a $6$ hash");
	return xstrdup(h);
}

static sqlite3 *open_db(void)
{
	char *err = NULL;
	sqlite3 *db = db_open_kiosk(t_path(0, "k.db"), &err);

	if (db == NULL)
		t_fail("db_open: %s", err);
	return db;
}

TEST(admin_pin_right_and_wrong)
{
	sqlite3 *db = open_db();
	char *h = hash_of("2468"), *err = NULL;
	struct admin_lock l;

	CHECK(admin_hash_usable(h));
	CHECK_INT(admin_pin_check(db, h, "2468", 1000, &l, &err), ADMIN_PIN_OK);
	CHECK_INT(l.failures, 0);
	CHECK_INT(l.locked_ms, 0);
	CHECK_INT(admin_pin_check(db, h, "2469", 2000, &l, &err), ADMIN_PIN_WRONG);
	CHECK_INT(l.failures, 1);
	CHECK_INT(admin_pin_check(db, h, "", 2000, &l, &err), ADMIN_PIN_WRONG);
	CHECK_INT(admin_pin_check(db, h, "24680", 2000, &l, &err), ADMIN_PIN_WRONG);
	CHECK_INT(l.failures, 3);
	/* The right one starts the count again. */
	CHECK_INT(admin_pin_check(db, h, "2468", 3000, &l, &err), ADMIN_PIN_OK);
	CHECK_INT(l.failures, 0);
	CHECK_INT(admin_lock_read(db, 3000, &l, &err), 0);
	CHECK_INT(l.failures, 0);
	free(h);
	free(err);
	sqlite3_close(db);
}

TEST(admin_pin_not_set_or_unusable)
{
	sqlite3 *db = open_db();
	char *err = NULL;
	struct admin_lock l;

	CHECK_INT(admin_pin_check(db, NULL, "1234", 0, &l, &err), ADMIN_PIN_NOT_SET);
	CHECK_INT(admin_pin_check(db, "", "1234", 0, &l, &err), ADMIN_PIN_NOT_SET);
	CHECK_INT(admin_pin_check(db, "1234", "1234", 0, &l, &err), ADMIN_PIN_NOT_SET);
	CHECK_INT(admin_pin_check(db, "$6$", "1234", 0, &l, &err), ADMIN_PIN_NOT_SET);
	CHECK_INT(admin_pin_check(db, "!locked", "1234", 0, &l, &err), ADMIN_PIN_NOT_SET);
	CHECK(!admin_hash_usable("*"));
	/* A missing hash is not a wrong PIN: nothing is counted. */
	CHECK_INT(l.failures, 0);
	free(err);
	sqlite3_close(db);
}

TEST(admin_lockout_after_five_for_five_minutes)
{
	sqlite3 *db = open_db();
	char *h = hash_of("1357"), *err = NULL;
	struct admin_lock l;
	int64_t t0 = 5000000, t;
	int i;

	for (i = 0; i < ADMIN_MAX_FAILURES - 1; i++) {
		CHECK_INT(admin_pin_check(db, h, "0000", t0 + i, &l, &err), ADMIN_PIN_WRONG);
		CHECK_INT(l.locked_ms, 0);
	}
	/* The fifth wrong one locks for five minutes from now. */
	t = t0 + 10;
	CHECK_INT(admin_pin_check(db, h, "0000", t, &l, &err), ADMIN_PIN_WRONG);
	CHECK_INT(l.locked_ms, ADMIN_LOCK_MS);
	CHECK_INT(ADMIN_LOCK_MS, 300000);
	/* Locked: even the right PIN is not checked, and trying does not extend it. */
	CHECK_INT(admin_pin_check(db, h, "1357", t + 1000, &l, &err), ADMIN_PIN_LOCKED);
	CHECK_INT(l.locked_ms, ADMIN_LOCK_MS - 1000);
	CHECK_INT(admin_pin_check(db, h, "0000", t + 2000, &l, &err), ADMIN_PIN_LOCKED);
	CHECK_INT(admin_lock_read(db, t + ADMIN_LOCK_MS - 1, &l, &err), 0);
	CHECK_INT(l.locked_ms, 1);
	CHECK_INT(admin_pin_check(db, h, "1357", t + ADMIN_LOCK_MS - 1, &l, &err),
		  ADMIN_PIN_LOCKED);
	/* Five minutes later it opens, with a fresh count. */
	CHECK_INT(admin_lock_read(db, t + ADMIN_LOCK_MS, &l, &err), 0);
	CHECK_INT(l.locked_ms, 0);
	CHECK_INT(l.failures, 0);
	CHECK_INT(admin_pin_check(db, h, "0000", t + ADMIN_LOCK_MS + 1, &l, &err),
		  ADMIN_PIN_WRONG);
	CHECK_INT(l.failures, 1);
	CHECK_INT(admin_pin_check(db, h, "1357", t + ADMIN_LOCK_MS + 2, &l, &err),
		  ADMIN_PIN_OK);
	free(h);
	free(err);
	sqlite3_close(db);
}

TEST(admin_lockout_survives_reopening)
{
	sqlite3 *db = open_db();
	char *h = hash_of("1357"), *err = NULL;
	struct admin_lock l;
	int i;

	/* Four wrong ones, a restart, one more: the count was kept. */
	for (i = 0; i < ADMIN_MAX_FAILURES - 1; i++)
		CHECK_INT(admin_pin_check(db, h, "9999", 100, &l, &err), ADMIN_PIN_WRONG);
	sqlite3_close(db);
	db = open_db();
	CHECK_INT(admin_lock_read(db, 200, &l, &err), 0);
	CHECK_INT(l.failures, ADMIN_MAX_FAILURES - 1);
	CHECK_INT(admin_pin_check(db, h, "9999", 1000, &l, &err), ADMIN_PIN_WRONG);
	CHECK(l.locked_ms > 0);
	sqlite3_close(db);
	/* Locked, and still locked after another restart. */
	db = open_db();
	CHECK_INT(admin_lock_read(db, 61000, &l, &err), 0);
	CHECK_INT(l.locked_ms, ADMIN_LOCK_MS - 60000);
	CHECK_INT(admin_pin_check(db, h, "1357", 61000, &l, &err), ADMIN_PIN_LOCKED);
	sqlite3_close(db);
	db = open_db();
	CHECK_INT(admin_pin_check(db, h, "1357", 1000 + ADMIN_LOCK_MS, &l, &err), ADMIN_PIN_OK);
	free(h);
	free(err);
	sqlite3_close(db);
}

TEST(admin_lockout_survives_a_reboot)
{
	sqlite3 *db = open_db();
	char *h = hash_of("1357"), *err = NULL;
	struct admin_lock l;
	int i;

	for (i = 0; i < ADMIN_MAX_FAILURES; i++)
		admin_pin_check(db, h, "9999", 10000000, &l, &err);
	CHECK_INT(l.locked_ms, ADMIN_LOCK_MS);
	/* Another boot: the monotonic clock started again near zero. The lockout is not
	 * forgotten: it runs its five minutes again from now. */
	CHECK_INT(db_exec(db, "UPDATE meta SET value = 'another-boot' WHERE key = 'admin_boot'",
			  &err), 0);
	CHECK_INT(admin_pin_check(db, h, "1357", 5000, &l, &err), ADMIN_PIN_LOCKED);
	CHECK_INT(l.locked_ms, ADMIN_LOCK_MS);
	CHECK_INT(admin_lock_read(db, 5000 + ADMIN_LOCK_MS, &l, &err), 0);
	CHECK_INT(l.locked_ms, 0);
	/* A lockout further away than five minutes (a damaged value) is cut to five. */
	CHECK_INT(db_exec(db, "INSERT INTO meta(key, value) VALUES('admin_locked_until', "
			  "'99999999999')", &err), 0);
	CHECK_INT(admin_lock_read(db, 7000000, &l, &err), 0);
	CHECK_INT(l.locked_ms, ADMIN_LOCK_MS);
	CHECK_INT(db_exec(db, "UPDATE meta SET value = 'garbage' WHERE key = "
			  "'admin_locked_until'", &err), 0);
	CHECK_INT(admin_pin_check(db, h, "1357", 8000000, &l, &err), ADMIN_PIN_LOCKED);
	free(h);
	free(err);
	sqlite3_close(db);
}

TEST(admin_pin_hash_round_trip)
{
	sqlite3 *db = open_db();
	char *err = NULL, *h = admin_pin_hash("8080", &err), *h2;
	struct admin_lock l;

	if (!CHECK(h != NULL))
		return;
	CHECK(admin_hash_usable(h));
	CHECK(strncmp(h, "$y$", 3) == 0 || strncmp(h, "$6$", 3) == 0);
	CHECK(strstr(h, "8080") == NULL);
	h2 = admin_pin_hash("8080", &err);
	CHECK(h2 != NULL && strcmp(h, h2) != 0);        /* a fresh salt each time */
	CHECK_INT(admin_pin_check(db, h, "8080", 0, &l, &err), ADMIN_PIN_OK);
	CHECK_INT(admin_pin_check(db, h2, "8081", 0, &l, &err), ADMIN_PIN_WRONG);
	free(h);
	free(h2);
	free(err);
	sqlite3_close(db);
}

TEST(admin_settings_hide_secrets)
{
	struct config c;
	struct admin_setting *s;
	char *h = hash_of("4321");
	int n, i, seen_hash = 0;

	config_defaults(&c);
	free(c.admin_pin_hash);
	c.admin_pin_hash = xstrdup(h);
	free(c.hub_url);
	c.hub_url = xstrdup("https://kiosk:s3cret@hub.example.lt/");
	free(c.proxy);
	c.proxy = xstrdup("http://me:pr0xypass@proxy:3128");
	free(c.token_file);
	c.token_file = xstrdup(t_path(3, "no-such-token"));
	n = admin_settings(&c, NULL, &s);
	CHECK(n >= 14);
	CHECK_STR(s[0].key, "config");
	CHECK(s[0].value == NULL);
	for (i = 0; i < n; i++) {
		const char *v = s[i].value != NULL ? s[i].value : "";

		CHECK(strstr(v, "$6$") == NULL);
		CHECK(strstr(v, "s3cret") == NULL);
		CHECK(strstr(v, "pr0xypass") == NULL);
		if (strcmp(s[i].key, "admin_pin_hash") == 0) {
			seen_hash = 1;
			CHECK_STR(s[i].note, "set");
		}
		if (strcmp(s[i].key, "hub_url") == 0)
			CHECK_STR(v, "https://***@hub.example.lt/");
		if (strcmp(s[i].key, "token_file") == 0)
			CHECK(s[i].note != NULL);
		if (strcmp(s[i].key, "idle_timeout") == 0)
			CHECK_STR(v, "120 s");
	}
	CHECK(seen_hash);
	admin_settings_free(s, n);
	config_free(&c);
	free(h);
}

/* The sync child: started, never waited for, its output collected. /bin/sh stands in
 * for the kiosk binary (it gets the same arguments). */
TEST(admin_child_runs_without_blocking)
{
	struct admin_child c = {.fd = -1};
	char *err = NULL, line[256];
	const char *script = t_path(1, "fake-vitrina");
	int64_t deadline;
	int r = 1;

	t_write_file(script, "#!/bin/sh\necho \"args: $*\"\necho 'synced 3' >&2\nexit 1\n");
	if (chmod(script, 0755) != 0)
		t_fail("chmod");
	CHECK_INT(admin_child_start(&c, script, "/etc/k.conf", "/var/k.db", 0, &err), 0);
	CHECK(c.pid > 0);
	deadline = now_ms_monotonic() + 5000;
	while (now_ms_monotonic() < deadline && (r = admin_child_poll(&c, 1)) == 1) {
		struct timespec ts = {0, 2000000};

		nanosleep(&ts, NULL);
	}
	CHECK_INT(r, 0);
	CHECK_INT(c.exit_status, 1);
	CHECK(c.out.s != NULL && strstr(c.out.s,
					"args: --config /etc/k.conf --db /var/k.db sync --once"));
	admin_child_last_line(&c, line, sizeof line);
	CHECK_STR(line, "synced 3");
	admin_child_release(&c);
	CHECK_INT(admin_child_poll(&c, 2), 0);
	free(err);
}
