/* The kiosk screen never waits on the network: a sync daemon stuck on a hub that
 * accepts the connection and never answers runs beside the TUI (tests/vt.h), and the
 * TUI still answers every key at once. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalogue_db.h"
#include "db.h"
#include "import.h"
#include "kiosk_util.h"
#include "t.h"
#include "test_sync.h"
#include "util.h"
#include "vt.h"

#define WAIT 5000

/* Time from sending keys to text showing, in ms (-1 if it never did). */
static int64_t answer_ms(const char *keys, const char *text)
{
	int64_t t0 = sync_now_ms();

	vt_send(keys);
	if (!vt_wait_text(text, WAIT)) {
		fprintf(stderr, "  expected \"%s\" after %s\n", text, keys);
		vt_dump();
		return -1;
	}
	return sync_now_ms() - t0;
}

TEST(sync_tui_answers_while_the_hub_hangs)
{
	static char ids[5][37];
	struct sync_fake f;
	struct sync_kiosk k;
	sqlite3 *db;
	char url[64], *err = NULL;
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"--config", NULL, NULL};
	int64_t end, ms, worst = 0;
	struct timespec pause = {0, 5000000};
	pid_t pid;

	sync_fake_start(&f, "silent", NULL);
	snprintf(url, sizeof url, "http://127.0.0.1:%d", f.port);
	sync_kiosk_make(&k, "kiosk", url, "0123456789abcdef",
			"default_language = en\nlanguages = en lt\n");
	db = sync_kiosk_open(&k);
	sync_write_cases(t_path(4, "cases.json"), 0, 40, "Kelias į amatą", 2);
	kiosk_db_import(db, t_path(4, "cases.json"));
	if (db_exec(db, "INSERT INTO meta(key, value) VALUES('seeded', 'test')", &err) < 0)
		t_fail("catalogue: %s", err);
	sync_queue(db, 5, ids);

	/* The daemon pushes and hangs on the silent hub (for up to a minute). */
	setenv("VITRINA_SYNC_TIMEOUT_MS", "60000", 1);
	setenv("VITRINA_SYNC_LOW_SPEED_S", "60", 1);
	pid = sync_spawn_daemon(&k, t_path(3, "daemon.log"));
	end = sync_now_ms() + WAIT;
	while (sync_fake_hits(&f, NULL, 0) < 1 && sync_now_ms() < end)
		nanosleep(&pause, NULL);
	if (!CHECK_INT(sync_fake_hits(&f, NULL, 0), 1))
		return;

	argv[2] = k.conf;
	vt_start(argv, 24, 80);
	if (!vt_wait_text("Press any key or touch the screen to start", WAIT)) {
		vt_dump();
		t_fail("the kiosk screen did not start");
	}
	vt_wait_quiet(30, WAIT);
	ms = answer_ms(" ", "What would you like to explore?");
	CHECK(ms >= 0);
	worst = ms > worst ? ms : worst;
	vt_wait_quiet(30, WAIT);
	ms = answer_ms("kelias", "Kelias į amatą");
	CHECK(ms >= 0);
	worst = ms > worst ? ms : worst;
	vt_wait_quiet(30, WAIT);
	ms = answer_ms(VT_ESC, "What would you like to explore?");
	CHECK(ms >= 0);
	worst = ms > worst ? ms : worst;
	fprintf(stderr, "  (slowest answer to a key while the sync hangs: %lld ms)\n",
		(long long)worst);
	/* "At once": well under the time a visitor notices, even under sanitizers. */
	CHECK(worst < 1000);

	/* The sync is still stuck in its exchange all along, and the requests wait. */
	CHECK_INT(sync_fake_hits(&f, NULL, 0), 1);
	CHECK(kill(pid, 0) == 0);
	CHECK_INT(sync_outbox_count(db, "state = 'pending' AND body IS NOT NULL"), 5);
	vt_kill(SIGTERM);
	CHECK_INT(vt_wait_exit(WAIT), 0);
	vt_close();
	t_kill(pid, SIGKILL, WAIT);
	sqlite3_close(db);
}
