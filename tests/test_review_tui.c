/* The staff review TUI (`vitrina review`) in a pty with libvterm (tests/vt.h), against
 * a real vitrina-hub on 127.0.0.1 holding requests the test pushed. */
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "request.h"
#include "t.h"
#include "hub_harness.h"
#include "util.h"
#include "vt.h"

#define WAIT 5000
#define RID(n) "00000000-0000-4000-8000-0000000000" #n

struct staff_env {
	struct hubt h;
	char *kiosk, *staff;
	char conf[512], token[512];
	const char *catalogue;          /* imported before the hub starts, or NULL */
	char **items;                   /* pushed instead of two nominations, or NULL */
	int nitems;
};

static void push(struct staff_env *e, char **items, int n)
{
	struct hubt_resp r;
	char *batch = hubt_batch(items, n);

	hubt_http(&e->h, "POST", "/v1/requests", e->kiosk, batch, NULL, &r);
	if (r.status != 200 || strstr(r.body, "\"rejected\":[]") == NULL)
		t_fail("push: %ld %s", r.status, r.body);
	hubt_resp_free(&r);
	free(batch);
}

/* A hub with two nominations from kiosk k1, a staff token in a 0600 file, an English
 * config (with extra lines); the review TUI started on it at 24x80. */
static void start_with(struct staff_env *e, const char *extra)
{
	char *conf;
	char *items[2], bin[1024];
	char *argv[] = {bin, (char *)"--config", e->conf, (char *)"review", (char *)"--hub",
			e->h.url, (char *)"--token-file", e->token, NULL};

	hubt_init(&e->h, "hub");
	e->kiosk = hubt_token(&e->h, "--kiosk", "k1", NULL, NULL);
	e->staff = hubt_token(&e->h, "--staff", "Ona", NULL, NULL);
	if (e->catalogue != NULL) {
		t_write_file(t_path(3, "cat.json"), e->catalogue);
		hubt_import(&e->h, t_path(3, "cat.json"));
	}
	hubt_start(&e->h, NULL);
	if (e->items != NULL) {
		push(e, e->items, e->nitems);
	} else {
		items[0] = hubt_nomination(RID(01), "k1", "LT-43", "Veda būrelį");
		items[1] = hubt_nomination(RID(02), "k1", "LT-15", "Tvarko parką");
		push(e, items, 2);
		free(items[0]);
		free(items[1]);
	}
	snprintf(e->conf, sizeof e->conf, "%s", t_path(0, "kiosk.conf"));
	conf = xasprintf("default_language = en\nlanguages = en lt\n%s", extra);
	t_write_file(e->conf, conf);
	free(conf);
	snprintf(e->token, sizeof e->token, "%s", t_path(1, "token"));
	t_write_file(e->token, e->staff);
	chmod(e->token, 0600);
	snprintf(bin, sizeof bin, "%s", t_bin("vitrina"));   /* t_bin reuses its buffer */
	setenv("VITRINA_DRAFT_DIR", t_dir(), 1);        /* where d writes draft cases */
	vt_start(argv, 24, 80);
}

static void start(struct staff_env *e)
{
	start_with(e, "");
}

static void stop(struct staff_env *e)
{
	vt_send(VT_ESC);
	vt_send("q");
	CHECK_INT(vt_wait_exit(WAIT), 0);       /* also: no leak found under ASan */
	vt_close();
	hubt_stop(&e->h, 15);
	free(e->kiosk);
	free(e->staff);
}

static void ref_of(const char *id, char out[10])
{
	request_ref_code(id, out);
}

/* Wait for the inbox to show ref (a request's reference code); if it does not, dump the
 * screen and fail the test saying it did not show what. */
static void wait_inbox(const char *ref, const char *what)
{
	if (!vt_wait_text(ref, WAIT)) {
		vt_dump();
		t_fail("the inbox did not show %s", what);
	}
}

/* The status of id at the hub, read over HTTP (a new string). */
static char *hub_status(struct staff_env *e, const char *id)
{
	struct hubt_resp r;
	char path[128], *s;
	json_t *j;

	snprintf(path, sizeof path, "/v1/requests/%s", id);
	hubt_http(&e->h, "GET", path, e->staff, NULL, NULL, &r);
	j = json_loads(r.body, 0, NULL);
	s = xstrdup(j != NULL && json_is_string(json_object_get(j, "status"))
		    ? json_string_value(json_object_get(j, "status")) : "?");
	json_decref(j);
	hubt_resp_free(&r);
	return s;
}

TEST(review_tui_inbox_shows_pushed_requests)
{
	struct staff_env e;
	char ref1[10], ref2[10];
	int row1, row2;

	memset(&e, 0, sizeof e);
	start(&e);
	ref_of(RID(01), ref1);
	ref_of(RID(02), ref2);
	if (!vt_wait_text(ref1, WAIT) || !vt_wait_text(ref2, WAIT)) {
		vt_dump();
		t_fail("the inbox did not show the requests");
	}
	vt_wait_quiet(50, WAIT);
	row1 = vt_find(ref1, NULL);
	row2 = vt_find(ref2, NULL);
	CHECK(strstr(vt_screen_text(row1), "nomination") != NULL);
	CHECK(strstr(vt_screen_text(row1), "new") != NULL);
	CHECK(strstr(vt_screen_text(row1), "LT-SA") != NULL);
	/* at 80 columns what it is about takes the kiosk's room */
	CHECK(strstr(vt_screen_text(row1), "Ona Žemaitė, Šiauliai") != NULL);
	CHECK(strstr(vt_screen_text(row2), "LT-KU") != NULL);
	CHECK(vt_wait_text("2 new", WAIT));

	/* filter by status: closed shows none; back to all after a full cycle */
	vt_send("s");
	CHECK(vt_wait_text("Status: new", WAIT));
	vt_send("ssss");
	if (!CHECK(vt_wait_text("Status: spam", WAIT)))
		vt_dump();
	CHECK(vt_wait_gone(ref1, WAIT));
	CHECK(vt_wait_text("No requests", WAIT));
	vt_send("s");
	CHECK(vt_wait_text("Status: all", WAIT));
	CHECK(vt_wait_text(ref1, WAIT));

	/* filter by county: Kaunas County holds only the second one */
	{
		int i;

		/* a key pressed while a load runs only stops it: wait for each load */
		for (i = 0; i < 10 && !vt_contains("County: LT-KU"); i++) {
			vt_send("o");
			vt_wait_quiet(30, WAIT);
			vt_wait_gone("Asking the hub", WAIT);
			vt_wait_quiet(30, WAIT);
		}
		CHECK(vt_wait_text("County: LT-KU", WAIT));
		CHECK(vt_wait_gone(ref1, WAIT));
		CHECK(vt_wait_text(ref2, WAIT));
		vt_send("a");
		CHECK(vt_wait_text("County: all", WAIT));
		CHECK(vt_wait_text(ref1, WAIT));
	}

	/* a request pushed later shows after a refresh */
	{
		char *item = hubt_nomination(RID(03), "k1", "LT-11", "Naujas"), ref3[10];

		push(&e, &item, 1);
		free(item);
		ref_of(RID(03), ref3);
		CHECK(!vt_contains(ref3));
		vt_send("r");
		if (!CHECK(vt_wait_text(ref3, WAIT)))
			vt_dump();
		CHECK(vt_wait_text("3 new", WAIT));
	}
	stop(&e);
}

TEST(review_tui_close_request_changes_hub)
{
	struct staff_env e;
	char ref[10], *st;
	int row;

	memset(&e, 0, sizeof e);
	start(&e);
	ref_of(RID(01), ref);
	wait_inbox(ref, "the request");
	/* move to the row of RID(01) and open it */
	row = vt_find(ref, NULL);
	vt_send_mouse_click(row, 20);
	if (!vt_wait_text("Why this person", WAIT)) {
		vt_dump();
		t_fail("the request did not open");
	}
	CHECK(vt_wait_text("Ona Žemaitė", WAIT));
	CHECK(vt_wait_text("Veda būrelį", WAIT));
	CHECK(vt_wait_text("+37061234567", WAIT));
	vt_send("c");
	if (!CHECK(vt_wait_text("Saved. Status: closed", WAIT)))
		vt_dump();
	st = hub_status(&e, RID(01));
	CHECK_STR(st, "closed");
	free(st);

	/* a note through the field editor */
	vt_send("a");
	CHECK(vt_wait_text("Save note", WAIT));
	vt_send("Called, all fine");
	vt_send(VT_F10);
	if (!CHECK(vt_wait_text("Called, all fine", WAIT)))
		vt_dump();
	CHECK(vt_wait_gone("Save note", WAIT));

	/* back in the inbox the row shows its new status without a reload */
	vt_send(VT_ESC);
	CHECK(vt_wait_text("Status: all", WAIT));
	CHECK(vt_wait_text("1 closed", WAIT));
	vt_wait_quiet(50, WAIT);
	row = vt_find(ref, NULL);
	CHECK(row >= 0 && strstr(vt_screen_text(row), "closed") != NULL);
	stop(&e);
}

TEST(review_tui_conflict_reloads)
{
	struct staff_env e;
	struct hubt_resp r;
	char ref[10], *st;

	memset(&e, 0, sizeof e);
	start(&e);
	ref_of(RID(02), ref);
	if (!vt_wait_text(ref, WAIT)) {
		vt_dump();
		t_fail("the inbox did not show the request");
	}
	vt_send_mouse_click(vt_find(ref, NULL), 20);
	if (!vt_wait_text("Why this person", WAIT)) {
		vt_dump();
		t_fail("the request did not open");
	}
	/* someone else marks it forwarded meanwhile */
	hubt_http(&e.h, "PATCH", "/v1/requests/" RID(02), e.staff, "{\"status\":\"forwarded\"}",
		  "If-Match: \"1\"", &r);
	CHECK_INT(r.status, 200);
	hubt_resp_free(&r);
	vt_send("s");
	if (!CHECK(vt_wait_text("Someone else changed this request; reloaded", WAIT)))
		vt_dump();
	CHECK(vt_wait_text("forwarded · version 2", WAIT));
	st = hub_status(&e, RID(02));
	CHECK_STR(st, "forwarded");
	free(st);
	/* one Esc leaves the request after the reload (no box to dismiss first) */
	vt_send(VT_ESC);
	if (!CHECK(vt_wait_text("Status: all", WAIT)))
		vt_dump();
	CHECK(vt_wait_gone("Why this person", WAIT));
	stop(&e);
}

TEST(review_tui_bad_token_says_so)
{
	struct staff_env e;

	memset(&e, 0, sizeof e);
	hubt_init(&e.h, "hub");
	hubt_start(&e.h, NULL);
	snprintf(e.conf, sizeof e.conf, "%s", t_path(0, "kiosk.conf"));
	t_write_file(e.conf, "default_language = en\n");
	snprintf(e.token, sizeof e.token, "%s", t_path(1, "token"));
	t_write_file(e.token, "0123456789abcdef0123456789abcdef\n");
	chmod(e.token, 0600);
	{
		char bin[1024];
		char *argv[] = {bin, (char *)"--config", e.conf, (char *)"review", (char *)"--hub",
				e.h.url, (char *)"--token-file", e.token, NULL};

		snprintf(bin, sizeof bin, "%s", t_bin("vitrina"));
		vt_start(argv, 24, 80);
	}
	if (!CHECK(vt_wait_text("Could not load the requests", WAIT)))
		vt_dump();
	CHECK(vt_wait_text("token", WAIT));
	vt_send(VT_ENTER);
	CHECK(vt_wait_gone("Could not load the requests", WAIT));
	CHECK(vt_wait_text("Could not load", WAIT));
	vt_send("q");
	CHECK_INT(vt_wait_exit(WAIT), 0);
	CHECK(vt_tty_sane());
	vt_close();
	hubt_stop(&e.h, 15);
}

TEST(review_cli_refuses_a_readable_token_file)
{
	char *out = NULL, *err = NULL;
	const char *tok = t_path(0, "token");
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"review", (char *)"--hub",
			(char *)"http://127.0.0.1:9", (char *)"--token-file", (char *)tok, NULL};
	char *argv2[] = {(char *)t_bin("vitrina"), (char *)"review", (char *)"--token-file",
			 (char *)tok, NULL};

	t_write_file(tok, "abc\n");
	chmod(tok, 0644);
	CHECK_INT(t_run(argv, &out, &err), 1);
	CHECK(strstr(err, "chmod 600") != NULL);
	free(out);
	free(err);
	CHECK_INT(t_run(argv2, &out, &err), 2);
	CHECK(strstr(err, "--hub") != NULL);
	free(out);
	free(err);
}

/* A hub that takes the connection and never answers: the inbox says it is loading,
 * Esc stops waiting, and every key still answers at once. */
TEST(review_tui_silent_hub_keeps_keys)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char url[64], bin[1024];
	const char *conf = t_path(0, "kiosk.conf"), *tok = t_path(1, "token");
	char *argv[] = {bin, (char *)"--config", (char *)conf, (char *)"review", (char *)"--hub",
			url, (char *)"--token-file", (char *)tok, NULL};
	int64_t t0;

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 8) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		t_fail("cannot listen");
	snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(a.sin_port));
	t_write_file(conf, "default_language = en\n");
	t_write_file(tok, "0123456789abcdef\n");
	chmod(tok, 0600);
	snprintf(bin, sizeof bin, "%s", t_bin("vitrina"));
	vt_start(argv, 24, 80);
	if (!CHECK(vt_wait_text("Loading", WAIT)))
		vt_dump();
	t0 = now_ms_monotonic();
	vt_send(VT_ESC);
	CHECK(vt_wait_text("stopped waiting", WAIT));
	CHECK(now_ms_monotonic() - t0 < 1000);
	vt_send(VT_F1);
	CHECK(vt_wait_text("filter by status", WAIT));
	vt_send(VT_ESC);
	CHECK(vt_wait_gone("filter by status", WAIT));
	vt_send("r");
	CHECK(vt_wait_text("Loading", WAIT));
	t0 = now_ms_monotonic();
	vt_send("q");
	CHECK_INT(vt_wait_exit(WAIT), 0);
	CHECK(now_ms_monotonic() - t0 < 1000);
	CHECK(vt_tty_sane());
	vt_close();
	close(fd);
}

TEST(review_tui_export_csv)
{
	struct staff_env e;
	char ref[10], *data = NULL, *err = NULL;
	const char *out = t_path(2, "export.csv");
	size_t n;

	memset(&e, 0, sizeof e);
	start(&e);
	ref_of(RID(01), ref);
	wait_inbox(ref, "the request");
	vt_send("e");
	CHECK(vt_wait_text("File name", WAIT));
	vt_send("\025");                /* Ctrl-U: clear the proposed name */
	vt_send(out);
	vt_send(VT_TAB);
	vt_send(VT_RIGHT);
	vt_send(VT_ENTER);
	if (!CHECK(vt_wait_text("Saved", WAIT)))
		vt_dump();
	if (read_file(out, 1 << 20, &data, &n, &err) < 0)
		t_fail("%s", err);
	CHECK(strstr(data, RID(01)) != NULL);
	CHECK(strstr(data, "Ona \xde" "emait\xeb") != NULL);   /* windows-1257 */
	free(data);
	vt_send(VT_ENTER);
	CHECK(vt_wait_gone("File name", WAIT));
	stop(&e);
}

/* Staff screens are SCREEN_NO_IDLE: a short idle_timeout in the config never asks "are
 * you still there?" nor wipes the inbox, also under the help overlay; '?' opens the
 * help through the loop's global key. */
TEST(review_tui_no_idle_timeout)
{
	struct staff_env e;
	char ref1[10];

	memset(&e, 0, sizeof e);
	start_with(&e, "idle_timeout = 1\n");
	ref_of(RID(01), ref1);
	wait_inbox(ref1, "the requests");
	/* Past the timeout and the countdown a kiosk screen would show. */
	CHECK(!vt_wait_text("still there", 2500));
	vt_send("?");
	if (!vt_wait_text("Keys", WAIT)) {
		vt_dump();
		CHECK(0);
	}
	CHECK(!vt_wait_text("still there", 1500));
	vt_send(VT_ESC);
	CHECK(vt_wait_gone("Keys", WAIT));
	CHECK(vt_wait_text(ref1, WAIT));
	stop(&e);
}

/* Click the key bar button whose label is text (the toolkit's ui_keybar_at). */
static int click_button(const char *text)
{
	int c, r;

	vt_wait_quiet(50, WAIT);
	r = vt_find(text, &c);
	if (r < 0) {
		fprintf(stderr, "  no \"%s\" button\n", text);
		vt_dump();
		return 0;
	}
	vt_send_mouse_click(r, c);
	return 1;
}

/* The review screens' buttons with letter keys ("e Export CSV") and action keys ("F1
 * Help") are clickable, and so are the export's own choices beside the key bar. */
TEST(review_tui_buttons_click)
{
	struct staff_env e;
	char ref[10], *data = NULL, *err = NULL;
	const char *out = t_path(2, "clicked.csv");
	size_t n;

	memset(&e, 0, sizeof e);
	start(&e);
	ref_of(RID(01), ref);
	wait_inbox(ref, "the requests");
	CHECK(click_button("Status: all"));
	CHECK(vt_wait_text("Status: new", WAIT));
	CHECK(click_button("Help"));
	CHECK(vt_wait_text("Keys", WAIT));
	vt_send(VT_ESC);
	CHECK(vt_wait_gone("Keys", WAIT));
	CHECK(click_button("Export CSV"));
	if (!CHECK(vt_wait_text("File name", WAIT)))
		vt_dump();
	vt_send("\025");
	vt_send(out);
	CHECK(click_button("( ) Windows-1257"));
	CHECK(click_button("Save"));
	if (!CHECK(vt_wait_text("Saved", WAIT)))
		vt_dump();
	if (read_file(out, 1 << 20, &data, &n, &err) < 0)
		t_fail("%s", err);
	CHECK(strstr(data, "Ona \xde" "emait\xeb") != NULL);   /* windows-1257 */
	free(data);
	CHECK(click_button("Close"));
	CHECK(vt_wait_gone("File name", WAIT));
	stop(&e);
}

/* F5 loads again in both staff screens (in the kiosk it means "contact"). */
TEST(review_tui_f5_refreshes)
{
	struct staff_env e;
	struct hubt_resp r;
	char ref1[10], ref3[10], *item;

	memset(&e, 0, sizeof e);
	start(&e);
	ref_of(RID(01), ref1);
	ref_of(RID(03), ref3);
	wait_inbox(ref1, "the requests");
	item = hubt_nomination(RID(03), "k1", "LT-11", "Naujas");
	push(&e, &item, 1);
	free(item);
	CHECK(!vt_contains(ref3));
	vt_send(VT_F5);
	if (!CHECK(vt_wait_text(ref3, WAIT)))
		vt_dump();

	vt_wait_quiet(50, WAIT);
	vt_send_mouse_click(vt_find(ref1, NULL), 20);
	if (!vt_wait_text("Why this person", WAIT)) {
		vt_dump();
		t_fail("the request did not open");
	}
	CHECK(vt_wait_text("new · version 1", WAIT));
	hubt_http(&e.h, "PATCH", "/v1/requests/" RID(01), e.staff, "{\"status\":\"forwarded\"}",
		  "If-Match: \"1\"", &r);
	CHECK_INT(r.status, 200);
	hubt_resp_free(&r);
	vt_send(VT_F5);
	if (!CHECK(vt_wait_text("forwarded · version 2", WAIT)))
		vt_dump();
	stop(&e);
}

/* A request's keys reach the inbox through the app state the screens share: ] and [ walk
 * its list, a digit sets a status, q goes back and the inbox shows the change. */
TEST(review_tui_request_keys)
{
	struct staff_env e;
	char ref1[10], ref2[10], *st;
	const char *first, *other, *other_id;

	memset(&e, 0, sizeof e);
	start(&e);
	ref_of(RID(01), ref1);
	ref_of(RID(02), ref2);
	wait_inbox(ref1, "the first request");
	wait_inbox(ref2, "the second request");
	vt_send(VT_ENTER);
	if (!vt_wait_text("Why this person", WAIT)) {
		vt_dump();
		t_fail("the request did not open");
	}
	vt_wait_quiet(50, WAIT);
	first = strstr(vt_screen_text(0), ref1) != NULL ? ref1 : ref2;
	other = first == ref1 ? ref2 : ref1;
	other_id = first == ref1 ? RID(02) : RID(01);
	vt_send("[");
	CHECK(vt_wait_text("This is the first request of the inbox page", WAIT));
	vt_send("]");
	if (!CHECK(vt_wait_text(other, WAIT)))
		vt_dump();
	CHECK(vt_wait_gone(first, WAIT));
	vt_send("]");
	CHECK(vt_wait_text("This is the last request of the inbox page", WAIT));
	vt_send("2");
	if (!CHECK(vt_wait_text("Saved. Status: in progress", WAIT)))
		vt_dump();
	st = hub_status(&e, other_id);
	CHECK_STR(st, "in_progress");
	free(st);
	vt_send("q");
	CHECK(vt_wait_text("Status: all", WAIT));
	CHECK(vt_wait_text("1 in progress", WAIT));
	stop(&e);
}

/* Buttons of letter keys act when clicked, in the inbox and in a request; while the note
 * editor is open the same letters are typed, not taken as keys. */
TEST(review_tui_letter_buttons_click)
{
	struct staff_env e;
	char ref1[10], ref3[10], *item, *st;
	int row;

	memset(&e, 0, sizeof e);
	start(&e);
	ref_of(RID(01), ref1);
	ref_of(RID(03), ref3);
	wait_inbox(ref1, "the requests");
	item = hubt_nomination(RID(03), "k1", "LT-11", "Naujas");
	push(&e, &item, 1);
	free(item);
	CHECK(click_button("Refresh"));
	if (!CHECK(vt_wait_text(ref3, WAIT)))
		vt_dump();
	CHECK(click_button("Next page"));
	CHECK(vt_wait_text("There is no next page.", WAIT));
	vt_send(VT_ENTER);
	CHECK(vt_wait_gone("There is no next page.", WAIT));
	CHECK(click_button("Kind: all"));
	CHECK(vt_wait_text("Kind: contact", WAIT));
	CHECK(vt_wait_gone(ref1, WAIT));
	vt_send("a");
	CHECK(vt_wait_text("Kind: all", WAIT));
	CHECK(vt_wait_text(ref1, WAIT));

	vt_wait_quiet(50, WAIT);
	row = vt_find(ref1, NULL);
	vt_send_mouse_click(row, 20);
	if (!vt_wait_text("Why this person", WAIT)) {
		vt_dump();
		t_fail("the request did not open");
	}
	CHECK(click_button("closed"));
	if (!CHECK(vt_wait_text("Saved. Status: closed", WAIT)))
		vt_dump();
	CHECK(click_button("Add note"));
	CHECK(vt_wait_text("Save note", WAIT));
	vt_send("snack fine");          /* s, n, f, i, c, a: keys outside the editor */
	CHECK(vt_wait_text("snack fine", WAIT));
	CHECK(click_button("Save note"));
	CHECK(vt_wait_text("Note saved.", WAIT));
	st = hub_status(&e, RID(01));
	CHECK_STR(st, "closed");
	free(st);
	CHECK(click_button("Inbox"));
	CHECK(vt_wait_text("1 closed", WAIT));
	stop(&e);
}

#define CASE1 "11111111-1111-4111-8111-111111111111"

static const char staff_catalogue[] =
	"{\"cases\": [{\"id\": \"" CASE1 "\", \"person\": \"Aistė\","
	" \"municipality\": \"LT-43\", \"area\": \"humanities\", \"themes\": [\"community\"],"
	" \"title\": \"Bendruomenės namai\", \"summary\": \"Namai visiems.\","
	" \"story\": \"Pirmas sakinys.\\n\\nAntras sakinys.\", \"contact_allowed\": true}]}";

/* A contact about a case and a question about it: the list and the request show the
 * case's title, person and municipality; t shows its text; Esc goes back step by step;
 * the kind filter reaches questions. */
TEST(review_tui_request_shows_its_case)
{
	struct staff_env e;
	char *items[2], ref5[10], ref6[10];
	int row;

	memset(&e, 0, sizeof e);
	items[0] = hubt_contact(RID(05), "k1", CASE1);
	items[1] = xasprintf("{\"id\":\"%s\",\"kind\":\"question\",\"case_id\":\"" CASE1 "\","
			     "\"name\":\"Ieva\",\"age_group\":\"14-17\",\"message\":\"Kaip "
			     "pradėjai?\",\"lang\":\"lt\",\"consent_version\":\"2026-1\","
			     "\"created_at\":\"2026-11-30T10:00:00Z\",\"kiosk_id\":\"k1\","
			     "\"publish_consent\":true}", RID(06));
	e.catalogue = staff_catalogue;
	e.items = items;
	e.nitems = 2;
	start(&e);
	free(items[0]);
	free(items[1]);
	ref_of(RID(05), ref5);
	ref_of(RID(06), ref6);
	wait_inbox(ref5, "the contact");
	wait_inbox(ref6, "the question");
	vt_wait_quiet(50, WAIT);
	row = vt_find(ref5, NULL);
	CHECK(strstr(vt_screen_text(row), "Bendruomenės namai") != NULL);
	CHECK(strstr(vt_screen_text(row), "contact") != NULL);
	CHECK(strstr(vt_screen_text(vt_find(ref6, NULL)), "question") != NULL);

	vt_send_mouse_click(row, 20);
	if (!vt_wait_text("Bendruomenės namai — Aistė, Šiauliai", WAIT)) {
		vt_dump();
		t_fail("the request does not show its case");
	}
	CHECK(vt_wait_text("Esc  Inbox", WAIT));                    /* on the key bar */
	vt_send("t");
	if (!CHECK(vt_wait_text("Antras sakinys.", WAIT)))
		vt_dump();
	CHECK(vt_wait_text("Namai visiems.", WAIT));
	vt_send(VT_ESC);
	CHECK(vt_wait_text("From", WAIT));
	CHECK(vt_wait_gone("Antras sakinys.", WAIT));
	vt_send(VT_ESC);
	CHECK(vt_wait_text("Status: all", WAIT));

	/* kind: contact, nomination, question */
	vt_send("k");
	CHECK(vt_wait_text("Kind: contact", WAIT));
	vt_send("kk");
	if (!CHECK(vt_wait_text("Kind: question", WAIT)))
		vt_dump();
	CHECK(vt_wait_gone(ref5, WAIT));
	CHECK(vt_wait_text(ref6, WAIT));
	stop(&e);
}

/* d on a nomination writes a draft case (mode 0600) and says where and what next. */
TEST(review_tui_nomination_draft_case)
{
	struct staff_env e;
	char ref[10], *path;
	struct stat sb;

	memset(&e, 0, sizeof e);
	start(&e);
	ref_of(RID(01), ref);
	wait_inbox(ref, "the nomination");
	vt_wait_quiet(50, WAIT);
	vt_send_mouse_click(vt_find(ref, NULL), 20);
	if (!vt_wait_text("Why this person", WAIT)) {
		vt_dump();
		t_fail("the request did not open");
	}
	CHECK(vt_wait_text("Draft case", WAIT));                    /* on the key bar */
	vt_send("d");
	if (!CHECK(vt_wait_text("vitrina-hub import", WAIT)))
		vt_dump();
	path = xasprintf("%s/case-draft-%s.json", t_dir(), ref);
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	free(path);
	vt_send(VT_ENTER);
	CHECK(vt_wait_gone("vitrina-hub import", WAIT));
	CHECK(vt_wait_text("Draft case written to", WAIT));
	vt_send(VT_ESC);
	CHECK(vt_wait_text("Status: all", WAIT));
	stop(&e);
}

/* Errors are plain sentences: a hub that is not there, and a token it refuses. */
TEST(review_tui_errors_in_plain_words)
{
	char url[64], bin[1024];
	const char *conf = t_path(0, "kiosk.conf"), *tok = t_path(1, "token");
	char *argv[] = {bin, (char *)"--config", (char *)conf, (char *)"review", (char *)"--hub",
			url, (char *)"--token-file", (char *)tok, NULL};
	struct hubt h;

	snprintf(url, sizeof url, "http://127.0.0.1:%d", hubt_free_port());
	t_write_file(conf, "default_language = en\n");
	t_write_file(tok, "0123456789abcdef\n");
	chmod(tok, 0600);
	snprintf(bin, sizeof bin, "%s", t_bin("vitrina"));
	vt_start(argv, 24, 80);
	if (!CHECK(vt_wait_text("Could not connect to the hub", WAIT)))
		vt_dump();
	vt_send(VT_ENTER);
	CHECK(vt_wait_gone("Could not load the requests", WAIT));
	vt_send("q");
	CHECK_INT(vt_wait_exit(WAIT), 0);
	vt_close();

	hubt_init(&h, "hub");
	hubt_start(&h, NULL);
	snprintf(url, sizeof url, "%s", h.url);
	vt_start(argv, 24, 80);
	if (!CHECK(vt_wait_text("The hub does not accept this token", WAIT)))
		vt_dump();
	vt_send(VT_ENTER);
	vt_send("q");
	CHECK_INT(vt_wait_exit(WAIT), 0);
	vt_close();
	hubt_stop(&h, 15);
}

/* The published item of the case in the hub's feed: its answer (a new string), or "". */
static char *feed_answer(struct staff_env *e, const char *case_id)
{
	json_t *j = hubt_get_json(&e->h, "/v1/cases?since=0", e->staff), *c, *qa;
	char *out = xstrdup("");
	size_t i;

	json_array_foreach(json_object_get(j, "cases"), i, c) {
		if (strcmp(json_string_value(json_object_get(c, "id")), case_id) != 0)
			continue;
		qa = json_array_get(json_object_get(c, "qa"), 0);
		if (json_is_string(json_object_get(qa, "answer"))) {
			free(out);
			out = xasprintf("%s|%s|%s|%s", json_string_value(json_object_get(qa,
				"question")), json_string_value(json_object_get(qa, "answer")),
				json_string_value(json_object_get(qa, "answered_by")),
				json_string_value(json_object_get(qa, "lang")));
		}
	}
	json_decref(j);
	return out;
}

/* p on a question opens the answer form (the question filled in, editable); the answer
 * typed and pasted, F10 publishes it at the hub, whose feed then carries it with the
 * case; the view says it is published; u twice unpublishes it. */
TEST(review_tui_publishes_an_answer)
{
	struct staff_env e;
	char *items[1], ref[10], *got;

	memset(&e, 0, sizeof e);
	items[0] = xasprintf("{\"id\":\"%s\",\"kind\":\"question\",\"case_id\":\"" CASE1 "\","
			     "\"name\":\"Ieva\",\"age_group\":\"14-17\",\"message\":\"Kaip "
			     "pradėjai?\",\"lang\":\"lt\",\"consent_version\":\"2026-1\","
			     "\"created_at\":\"2026-11-30T10:00:00Z\",\"kiosk_id\":\"k1\","
			     "\"publish_consent\":true}", RID(07));
	e.catalogue = staff_catalogue;
	e.items = items;
	e.nitems = 1;
	start(&e);
	free(items[0]);
	ref_of(RID(07), ref);
	wait_inbox(ref, "the question");
	vt_wait_quiet(50, WAIT);
	vt_send("\r");
	if (!vt_wait_text("Not answered yet", WAIT)) {
		vt_dump();
		t_fail("the question does not say it is unanswered");
	}
	vt_send("p");
	if (!CHECK(vt_wait_text("Answered by", WAIT)))
		vt_dump();
	/* the answer field has the focus; then a pasted second line (bracketed paste) */
	vt_send("Nuo mažo būrelio.");
	vt_send("\r\033[200~Paskui \xe2\x80\x93 daugiau.\033[201~");
	CHECK(vt_wait_text("Paskui – daugiau.", WAIT));
	/* Shift-Tab back to the question: fix it */
	vt_send("\033[Z");
	vt_send("\033[F");              /* End */
	vt_send("\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f");
	vt_send("tai darei?");
	CHECK(vt_wait_text("Kaiptai darei?", WAIT));
	vt_send("\033[21~");            /* F10 */
	if (!vt_wait_text("Published: the kiosks get it", WAIT)) {
		vt_dump();
		t_fail("no word of the answer being published");
	}
	CHECK(vt_wait_text("Published on the kiosks", WAIT));
	got = feed_answer(&e, CASE1);
	CHECK(strstr(got, "|Nuo mažo būrelio.\nPaskui – daugiau.|Aistė|lt") != NULL);
	if (strstr(got, "tai darei?|") == NULL)
		fprintf(stderr, "  feed: %s\n", got);
	CHECK(strstr(got, "tai darei?|") != NULL);
	free(got);

	/* u once asks; any other key keeps it; u twice unpublishes */
	vt_send("u");
	CHECK(vt_wait_text("Press u or Del again", WAIT));
	vt_send("u");
	if (!CHECK(vt_wait_text("Unpublished", WAIT)))
		vt_dump();
	CHECK(vt_wait_text("Not answered yet", WAIT));
	got = feed_answer(&e, CASE1);
	CHECK_STR(got, "");
	free(got);
	stop(&e);
}
