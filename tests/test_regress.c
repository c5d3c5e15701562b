/* Regression tests for defects found in review: each fails without its fix. */
#include <crypt.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "kiosk_util.h"
#include "outbox.h"
#include "request.h"
#include "review.h"
#include "sync.h"
#include "t.h"
#include "test_sync.h"
#include "util.h"
#include "vt.h"

/* A token made for another kiosk id: the hub refuses each request with 403 "forbidden".
 * That is a setup mistake, not the requests' fault: they stay pending, the round says
 * "kiosk not authorised", and once the right token is put they are delivered. */
/* A staff client of url with token (and a CA file), as `vitrina review` makes one. */
static struct review_client *client_new(const char *url, const char *token, const char *ca,
					char **err)
{
	return review_client_new(&(struct hubclient_opts){.url = url, .token = token,
							.ca_file = ca}, err);
}

TEST(regress_sync_wrong_kiosk_token_keeps_requests)
{
	char ids[3][37];
	struct hubt h;
	struct sync_kiosk k;
	struct sync_status st;
	sqlite3 *db;
	char *token, *other, *out = NULL, *err = NULL;

	db = sync_pair_make(&h, &k, 1, NULL, &token);
	other = hubt_token(&h, "--kiosk", "another-kiosk", NULL, NULL);
	hubt_write_token(k.token_file, other);
	sync_queue(db, 3, ids);

	CHECK(sync_run(&k, "--once", &out, &err) != 0);
	CHECK_INT(hubt_request_count(&h), 0);
	CHECK_INT(sync_outbox_count(db, "state = 'pending' AND body IS NOT NULL"), 3);
	CHECK_INT(sync_outbox_count(db, "state = 'rejected'"), 0);
	st = sync_kiosk_status(&k);
	CHECK(!st.authorised);
	CHECK(strstr(st.last_error, "kiosk not authorised") != NULL);
	CHECK(strstr(st.last_error, "another kiosk") != NULL);
	free(out);
	free(err);
	out = err = NULL;

	/* Same token again: not asked, the reason stays. */
	CHECK(sync_run(&k, "--once", NULL, NULL) != 0);
	st = sync_kiosk_status(&k);
	CHECK(strstr(st.last_error, "another kiosk") != NULL);

	/* The right token: everything goes. */
	hubt_write_token(k.token_file, token);
	CHECK_INT(sync_run(&k, "--once", &out, &err), 0);
	CHECK(out != NULL && strstr(out, "3 requests sent") != NULL);
	CHECK_INT(hubt_has_requests(&h, ids, 3), 3);
	CHECK_INT(sync_outbox_count(db, "body IS NOT NULL"), 0);
	st = sync_kiosk_status(&k);
	CHECK(st.authorised);
	free(out);
	free(err);
	sqlite3_close(db);
	hubt_stop(&h, SIGTERM);
	free(token);
	free(other);
}

/* A request made under an earlier kiosk_id cannot be taken by any token for this kiosk:
 * that one is refused for good (kept with the reason), the rest go, sync carries on. */
TEST(regress_sync_old_kiosk_id_refused_for_good)
{
	char ids[2][37];
	struct hubt h;
	struct sync_kiosk k;
	struct request r;
	sqlite3 *db;
	char *token, *out = NULL, *err = NULL;

	db = sync_pair_make(&h, &k, 1, NULL, &token);
	sync_queue(db, 2, ids);
	memset(&r, 0, sizeof r);
	outbox_request_start(&r, "nomination", "old-kiosk-id", "2026-11");
	r.name = xstrdup("Jonas");
	snprintf(r.age_group, sizeof r.age_group, "18-24");
	r.contact = xstrdup("jonas@example.lt");
	r.message = xstrdup("Sveiki.");
	snprintf(r.lang, sizeof r.lang, "lt");
	r.nominee = xstrdup("Ona Onaitė");
	snprintf(r.nominee_municipality, sizeof r.nominee_municipality, "LT-43");
	r.why = xstrdup("Ji organizuoja talkas.");
	CHECK_INT(outbox_add(db, &r, &err), 0);
	request_free(&r);

	CHECK_INT(sync_run(&k, "--once", &out, &err), 0);
	CHECK_INT(hubt_has_requests(&h, ids, 2), 2);
	CHECK_INT(sync_outbox_count(db, "state = 'rejected' AND last_error LIKE '%kiosk_id%'"),
		  1);
	CHECK(sync_kiosk_status(&k).authorised);
	free(out);
	free(err);
	sqlite3_close(db);
	hubt_stop(&h, SIGTERM);
	free(token);
}

/* Requests refused before the fix (or for a cause since mended) go back to the queue
 * with `vitrina outbox --retry` and are delivered by the next round. */
TEST(regress_outbox_retry_rejected)
{
	char ids[3][37];
	struct hubt h;
	struct sync_kiosk k;
	sqlite3 *db;
	char *token, *out = NULL, *err = NULL;
	char *argv[] = {NULL, (char *)"--config", NULL, (char *)"outbox", (char *)"--retry",
			NULL};

	db = sync_pair_make(&h, &k, 1, NULL, &token);
	sync_queue(db, 3, ids);
	CHECK_INT(outbox_mark_rejected(db, ids[0], "forbidden: kiosk_id: not the kiosk", &err),
		  0);
	CHECK_INT(outbox_mark_rejected(db, ids[2], "refused", &err), 0);
	CHECK_INT(sync_outbox_count(db, "state = 'rejected'"), 2);
	CHECK_INT(outbox_retry_rejected(db, &err), 2);
	CHECK_INT(sync_outbox_count(db, "state = 'rejected'"), 0);
	CHECK_INT(sync_outbox_count(db, "state = 'pending' AND attempts = 0"), 3);
	CHECK_INT(outbox_retry_rejected(db, &err), 0);

	/* The command line way. */
	CHECK_INT(outbox_mark_rejected(db, ids[1], "refused", &err), 0);
	argv[0] = (char *)t_bin("vitrina");
	argv[2] = k.conf;
	CHECK_INT(t_run(argv, &out, &err), 0);
	CHECK(err != NULL && strstr(err, "1 atmesta užklausa grąžinta į eilę") != NULL);
	CHECK(out != NULL && strstr(out, "rejected:") == NULL);
	CHECK_INT(sync_outbox_count(db, "state = 'pending'"), 3);
	free(out);
	free(err);
	out = err = NULL;
	argv[4] = (char *)"--bogus";
	CHECK_INT(t_run(argv, NULL, NULL), 2);

	CHECK_INT(sync_run(&k, "--once", NULL, NULL), 0);
	CHECK_INT(hubt_has_requests(&h, ids, 3), 3);
	sqlite3_close(db);
	hubt_stop(&h, SIGTERM);
	free(token);
}

/* On the Linux console (no alternate screen) the last frame used to stay on tty1 after
 * the kiosk ended: a visitor's name half typed into a form, for the next passer-by. */
TEST(regress_tui_linux_console_cleared_on_exit)
{
	static const char json[] = "{\"cases\": [], \"partners\": []}\n";

	sqlite3_close(kiosk_make_db(json));
	vt_env("TERM", "linux");
	kiosk_start("default_language = en\nlanguages = en lt\nkiosk_id = k-1\n", 24, 80);
	if (!kiosk_to_home(20))
		return;
	vt_send("6");
	if (!kiosk_expect("Tell us about someone from your community", 20))
		return;
	vt_send("Zydrune Simkute");
	if (!kiosk_expect("Zydrune Simkute", 20))
		return;
	vt_kill(SIGTERM);
	CHECK_INT(vt_wait_exit(KIOSK_WAIT), 0);
	vt_wait_quiet(50, 1000);
	if (!CHECK(!vt_contains("Zydrune")))
		vt_dump();
	CHECK(!vt_contains("Tell us about someone"));
	vt_close();
}

/* The staff client sends its token with every call: plain http only to this machine,
 * and a user part cannot dress another host up as 127.0.0.1. */
TEST(regress_review_http_only_to_loopback)
{
	static const char *const bad[] = {
		"http://hub.example.lt/", "http://10.0.0.5:8080/", "http://127.0.0.1:x@evil.example/",
		"http://localhost@evil.example/", "http://127.0.0.1.evil.example/",
		"https://user:pw@hub.example.lt/", "HTTP://evil.example/", "http://[::2]/",
	};
	static const char *const good[] = {
		"https://hub.example.lt/", "http://127.0.0.1:8080", "http://localhost:1/",
		"http://[::1]:9/", "HTTPS://hub.example.lt",
	};
	struct review_client *c;
	char *err = NULL;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		c = client_new(bad[i], "tok", NULL, &err);
		if (!CHECK(c == NULL))
			fprintf(stderr, "  accepted %s\n", bad[i]);
		if (c != NULL)
			review_client_free(c);
		CHECK(err != NULL && err[0] != '\0');
		free(err);
		err = NULL;
	}
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		c = client_new(good[i], "tok", NULL, &err);
		if (!CHECK(c != NULL))
			fprintf(stderr, "  refused %s: %s\n", good[i], err ? err : "");
		if (c != NULL)
			review_client_free(c);
		free(err);
		err = NULL;
	}
}

/* A hub URL with a user:password@ part is refused (the token is the only key), and the
 * password never reaches the journal or `vitrina status`; shown URLs hide such parts. */
TEST(regress_sync_hub_url_userinfo_hidden)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"https://hub.example.lt/", "https://hub.example.lt/"},
		{"https://u:secret@hub.example.lt/x", "https://***@hub.example.lt/x"},
		{"https://u:p@ss@hub.example.lt", "https://***@hub.example.lt"},
		{"https://hub.example.lt/a@b", "https://hub.example.lt/a@b"},
		{"https://hub.example.lt?x=a@b", "https://hub.example.lt?x=a@b"},
		{"u:secret@hub", "***@hub"},
	};
	struct sync_kiosk k;
	char *url, *out = NULL, *err = NULL, *s;
	const char *log = t_path(5, "daemon.log");
	size_t i;
	pid_t pid;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = url_hide_userinfo(cases[i].in);
		CHECK_STR(s, cases[i].out);
		free(s);
	}
	CHECK(url_hide_userinfo(NULL) == NULL);

	url = xasprintf("https://staff:hunter2@127.0.0.1:%d/", hubt_free_port());
	sync_kiosk_make(&k, "kiosk", url, "tok", NULL);
	CHECK_INT(sync_run(&k, NULL, &out, &err), 0);
	if (!CHECK(err != NULL && strstr(err, "hub_url: must not hold a user name") != NULL))
		fprintf(stderr, "  status said: %s\n  %s\n", out ? out : "", err ? err : "");
	CHECK(out != NULL && strstr(out, "hunter2") == NULL);
	CHECK(err == NULL || strstr(err, "hunter2") == NULL);
	free(out);
	free(err);

	pid = sync_spawn_daemon(&k, log);
	CHECK(t_file_wait(log, "must not hold a user name", 1, 5000));
	/* It ends by itself (sync is off): a SIGTERM now would race its exit. */
	CHECK_INT(t_wait(pid, 5000), 1);
	CHECK(!t_file_wait(log, "hunter2", 1, 0));
	free(url);
}

/* Messages about a catalogue file echo its column names: an escape sequence there must
 * not reach the librarian's terminal. */
TEST(regress_import_escape_in_header_not_echoed)
{
	const char *file = t_path(1, "bad.csv");
	char *argv[] = {NULL, (char *)"--db", NULL, (char *)"import", NULL, NULL};
	char *out = NULL, *err = NULL;

	t_write_file(file, "id,title,\033[2J\033]0;x\a,\033[31mred\n"
		     "00000000-0000-4000-8000-000000000001,T,a,b\n");
	argv[0] = (char *)t_bin("vitrina");
	argv[2] = (char *)t_path(0, "k.db");
	argv[4] = (char *)file;
	CHECK(t_run(argv, &out, &err) != 0);
	if (!CHECK(err != NULL && strstr(err, "unknown column") != NULL))
		fprintf(stderr, "  stderr: %s\n", err ? err : "(none)");
	CHECK(err == NULL || strchr(err, '\033') == NULL);
	CHECK(err == NULL || strchr(err, '\a') == NULL);
	CHECK(out == NULL || strchr(out, '\033') == NULL);
	free(out);
	free(err);
}

/* jansson's copies of names, contacts and messages are wiped when it frees them: the
 * allocator keeps each block's size before it and zeroes the whole block on free. What
 * is freed cannot be inspected portably, so the wiping is checked on a live block. */
TEST(regress_json_wipe_on_free)
{
	json_malloc_t m = NULL;
	json_free_t f = NULL;
	struct request *reqs = NULL;
	unsigned char *p;
	char *err = NULL, *a, *b;
	json_t *j;
	sqlite3 *db;
	size_t i, zeros = 0;
	int n = 0, k;
	struct sync_kiosk kk;

	p = json_wipe_malloc(100);
	CHECK(p != NULL);
	CHECK((uintptr_t)p % _Alignof(max_align_t) == 0);
	memset(p, 'A', 100);
	json_wipe_block(p);
	for (i = 0; i < 100; i++)
		zeros += p[i] == 0;
	CHECK_INT(zeros, 100);
	json_wipe_free(p);
	json_wipe_free(NULL);
	CHECK(json_wipe_malloc(SIZE_MAX) == NULL);
	p = json_wipe_malloc(0);
	json_wipe_free(p);

	/* Installed: jansson uses it, and what the kiosk does with JSON still works (under
	 * ASan a plain free of a jansson block would be caught here). */
	json_wipe_on_free_install();
	json_get_alloc_funcs(&m, &f);
	CHECK(m == json_wipe_malloc);
	CHECK(f == json_wipe_free);
	j = json_pack("{s:s, s:[i, s]}", "name", "Rūta Mockutė", "list", 1, "žinutė");
	a = json_dump_string(j, JSON_COMPACT | JSON_SORT_KEYS);
	b = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	CHECK_STR(a, b);
	free(a);
	json_wipe_free(b);
	json_decref(j);

	sync_kiosk_make(&kk, "kiosk", "https://127.0.0.1:1/", "tok", NULL);
	db = sync_kiosk_open(&kk);
	sync_queue(db, 3, NULL);
	CHECK_INT(outbox_next_batch(db, 10, &reqs, &n, &err), 0);
	CHECK_INT(n, 3);
	for (k = 0; k < n; k++) {
		CHECK(reqs[k].name != NULL && reqs[k].contact != NULL);
		outbox_request_wipe(&reqs[k]);
	}
	free(reqs);
	sqlite3_close(db);
}

/* The admin log's r key puts the refused requests back in the queue. */
TEST(regress_admin_log_retry_key)
{
	const char *h = crypt("2468", "$6$rounds=1000$regressSalt$");
	char *err = NULL, *conf;
	sqlite3 *db = kiosk_db_open_seeded();
	struct request r;
	int i;

	if (h == NULL || h[0] != '$')
		t_fail("crypt cannot make a $6$ hash");
	for (i = 0; i < 2; i++) {
		kiosk_contact_request(&r, "test-kiosk", "Visitorname", xstrdup("+37061234567"),
				      "Secret message text", "en");
		if (outbox_add(db, &r, &err) < 0)
			t_fail("outbox_add: %s", err);
		if (outbox_mark_rejected(db, r.id, "forbidden: kiosk_id: not the kiosk this "
					 "token was made for", &err) < 0)
			t_fail("outbox_mark_rejected: %s", err);
		outbox_request_wipe(&r);
	}
	conf = xasprintf("default_language = en\nlanguages = en lt\nkiosk_id = test-kiosk\n"
			 "admin_pin_hash = %s\n", h);
	kiosk_start(conf, 24, 80);
	free(conf);
	if (!kiosk_expect("Career paths close to home", 50))
		goto out;
	vt_send("\033[24~");
	if (!kiosk_expect("Librarian PIN", 50))
		goto out;
	vt_send("2468" VT_ENTER);
	if (!kiosk_expect("2 requests refused by the hub", 50))
		goto out;
	vt_send(VT_DOWN VT_ENTER);
	if (!kiosk_expect("Admin: refused requests", 50))
		goto out;
	CHECK(kiosk_expect("Send again", 50));
	vt_send("r");
	CHECK(kiosk_expect("2 refused requests are back in the queue", 50));
	vt_send(VT_ENTER);
	CHECK(kiosk_expect("0 requests refused by the hub", 50));
	CHECK(kiosk_expect("2 requests waiting to be sent", 50));
	CHECK(!vt_contains("Visitorname"));
	CHECK_INT(sync_outbox_count(db, "state = 'pending' AND body IS NOT NULL"), 2);
out:
	sqlite3_close(db);
	kiosk_finish();
}
