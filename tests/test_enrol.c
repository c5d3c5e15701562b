/* Enrolment of a kiosk (issue 11): the code alphabet, the config rewrite, and end to end
 * against a real hub: `vitrina-hub enrol create`, `vitrina enrol`, POST /v1/enrol. */
#define _GNU_SOURCE
#include <crypt.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config_write.h"
#include "enrol_code.h"
#include "hub_harness.h"
#include "kiosk_util.h"
#include "t.h"
#include "util.h"
#include "vt.h"

#define CONF_TEXT "# Kiosk in the reading room\n" \
	"centre_name = Test centras\n" \
	"hub_url = https://old.example.lt\n" \
	"   # a comment that stays\n" \
	"default_language = en\n"

TEST(enrol_code_alphabet_and_typing)
{
	char code[ENROL_CODE_LEN + 1], shown[ENROL_CODE_SHOWN + 1], back[ENROL_CODE_LEN + 1];
	int i, k;

	for (i = 0; i < 200; i++) {
		enrol_code_make(code);
		CHECK_INT(strlen(code), ENROL_CODE_LEN);
		for (k = 0; k < ENROL_CODE_LEN; k++)
			CHECK(strchr("0O1lI", code[k]) == NULL);
		enrol_code_format(code, shown);
		CHECK(shown[4] == '-' && shown[9] == '-' && strlen(shown) == ENROL_CODE_SHOWN);
		CHECK_INT(enrol_code_normalise(shown, back), 0);
		CHECK_STR(back, code);
	}
	/* typed in any case, with spaces or dashes */
	CHECK_INT(enrol_code_normalise(" k7m2 qx9p-4t\n", back), 0);
	CHECK_STR(back, "K7M2QX9P4T");
	/* look-alikes are not in the alphabet, and the length is exact */
	CHECK_INT(enrol_code_normalise("K7M2-QX9P-40", back), -1);
	CHECK_INT(enrol_code_normalise("K7M2-QX9P-4O", back), -1);
	CHECK_INT(enrol_code_normalise("K7M2-QX9P-41", back), -1);
	CHECK_INT(enrol_code_normalise("K7M2-QX9P-4", back), -1);
	CHECK_INT(enrol_code_normalise("K7M2-QX9P-4TT", back), -1);
	CHECK_STR(back, "");
}

TEST(enrol_config_keys_keep_other_lines)
{
	const char *keys[] = {"hub_url", "kiosk_id"};
	const char *vals[] = {"https://hub.example.lt", "siauliai-1"};
	const char *bad[] = {"https://x\nadmin_pin_hash = x", "k"};
	const char *text = "# top\nhub_url=https://a\n  # keep\nhub_url = https://b\nx = 1";
	char *out, *err = NULL;

	out = config_set_keys(text, strlen(text), keys, vals, 2, &err);
	CHECK_STR(out, "# top\nhub_url = https://hub.example.lt\n  # keep\nx = 1\n"
		  "kiosk_id = siauliai-1\n");
	free(out);
	out = config_set_keys(NULL, 0, keys, vals, 2, &err);
	CHECK_STR(out, "hub_url = https://hub.example.lt\nkiosk_id = siauliai-1\n");
	free(out);
	/* a value can never add a line of its own */
	CHECK(config_set_keys(text, strlen(text), keys, bad, 2, &err) == NULL);
	CHECK(err != NULL && strstr(err, "one line") != NULL);
	free(err);
}

/* `vitrina-hub enrol create --kiosk kiosk [--ttl ...]`: the code on its last line. */
static char *make_code(const struct hubt *h, const char *kiosk)
{
	const char *args[] = {"enrol", "create", "--kiosk", kiosk, NULL};
	char *out = NULL, *err = NULL, *last, *code;
	size_t n;

	if (hubt_cli(h, args, &out, &err) != 0)
		t_fail("enrol create: %s", err);
	n = strlen(out);
	while (n > 0 && out[n - 1] == '\n')
		out[--n] = '\0';
	last = strrchr(out, '\n');
	code = xstrdup(last != NULL ? last + 1 : out);
	free(out);
	free(err);
	return code;
}

/* `vitrina --config kiosk.conf enrol --hub URL CODE` with stderr in *err. */
static int run_enrol(const struct hubt *h, const char *code, char **out, char **err)
{
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"--config", NULL, (char *)"enrol",
			(char *)"--hub", (char *)h->url, (char *)code, NULL};

	argv[2] = (char *)t_path(2, "kiosk.conf");
	return t_run(argv, out, err);
}

/* A kiosk config naming its token file in the test's folder. */
static void write_conf(void)
{
	char *conf = xasprintf(CONF_TEXT "token_file = %s\n", t_path(3, "token"));

	t_write_file(t_path(2, "kiosk.conf"), conf);
	free(conf);
}

static void heartbeat_works(const struct hubt *h, const char *token)
{
	struct hubt_resp r;

	hubt_http(h, "POST", "/v1/heartbeat", token, "{\"outbox\":0}", NULL, &r);
	CHECK_INT(r.status, 204);
	hubt_resp_free(&r);
}

/* `vitrina sync --once` on the config enrol wrote: it reaches the hub with the token. */
static void sync_works(void)
{
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"--config", NULL, (char *)"--db",
			NULL, (char *)"sync", (char *)"--once", NULL};
	char *err = NULL;

	argv[2] = (char *)t_path(2, "kiosk.conf");
	argv[4] = (char *)t_path(0, "k.db");
	if (!CHECK_INT(t_run(argv, NULL, &err), 0))
		fprintf(stderr, "%s", err);
	free(err);
}

TEST(enrol_code_works_once)
{
	struct hubt h;
	struct stat sb;
	char *code, *typed, *out = NULL, *err = NULL, *conf, *tok, *log;
	size_t i;

	hubt_init(&h, "hub");
	hubt_start(&h, NULL);
	write_conf();
	code = make_code(&h, "siauliai-1");
	CHECK_INT(strlen(code), ENROL_CODE_SHOWN);
	/* typed in lower case, without dashes */
	typed = xstrdup(code);
	for (i = 0; typed[i]; i++)
		typed[i] = typed[i] == '-' ? ' ' : (char)(typed[i] >= 'A' && typed[i] <= 'Z' ?
							 typed[i] - 'A' + 'a' : typed[i]);
	CHECK_INT(run_enrol(&h, typed, &out, &err), 0);
	CHECK(strstr(out, "enrolled as siauliai-1") != NULL);
	free(out);
	free(err);
	/* the token file: 0600, a token the hub takes for this kiosk */
	CHECK_INT(stat(t_path(3, "token"), &sb), 0);
	CHECK_INT(sb.st_mode & 0777, 0600);
	tok = t_read_file(t_path(3, "token"));
	tok[strcspn(tok, "\n")] = '\0';
	CHECK_INT(strlen(tok), 64);
	heartbeat_works(&h, tok);
	/* the config: both keys set, every other line and comment kept */
	conf = t_read_file(t_path(2, "kiosk.conf"));
	CHECK(strstr(conf, "# Kiosk in the reading room\ncentre_name = Test centras\n"
		     "hub_url = http://127.0.0.1:") == conf);
	CHECK(strstr(conf, "\n   # a comment that stays\ndefault_language = en\n") != NULL);
	CHECK(strstr(conf, "\nkiosk_id = siauliai-1\n") != NULL);
	CHECK(strstr(conf, "old.example.lt") == NULL);
	sync_works();
	/* the second use is refused and changes nothing */
	CHECK_INT(run_enrol(&h, code, &out, &err), 1);
	CHECK(strstr(err, "already been used") != NULL);
	free(out);
	free(err);
	log = t_read_file(t_path(2, "kiosk.conf"));
	CHECK_STR(log, conf);
	free(log);
	free(conf);
	hubt_stop(&h, SIGTERM);
	/* the hub logged the enrolment, never the code */
	log = t_read_file(h.err);
	CHECK(strstr(log, "enrol: kiosk siauliai-1 enrolled") != NULL);
	code[4] = '\0';
	CHECK(strstr(log, code) == NULL);
	free(log);
	free(tok);
	free(typed);
	free(code);
}

/* Make every code of the hub's database expired, as the clock would. */
static void expire_codes(const struct hubt *h)
{
	sqlite3 *db;

	if (sqlite3_open(h->db, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "UPDATE enrol_codes SET expires_at = '2000-01-01T00:00:00Z'",
			 NULL, NULL, NULL) != SQLITE_OK)
		t_fail("cannot expire the codes: %s", sqlite3_errmsg(db));
	sqlite3_close(db);
}

TEST(enrol_expired_code_is_refused)
{
	struct hubt h;
	struct stat sb;
	char *code, *second, *out = NULL, *err = NULL, *conf;

	hubt_sqlite_only();
	hubt_init(&h, "hub");
	hubt_start(&h, NULL);
	write_conf();
	/* a new code for a kiosk replaces its unused one */
	code = make_code(&h, "kaunas-2");
	second = make_code(&h, "kaunas-2");
	CHECK_INT(run_enrol(&h, code, &out, &err), 1);
	CHECK(strstr(err, "it is wrong") != NULL);
	free(out);
	free(err);
	free(code);
	code = second;
	expire_codes(&h);
	CHECK_INT(run_enrol(&h, code, &out, &err), 1);
	CHECK(strstr(err, "it has expired") != NULL && strstr(err, "Ask for a new one") != NULL);
	/* nothing written: no token file, the config as it was */
	CHECK(stat(t_path(3, "token"), &sb) != 0);
	conf = t_read_file(t_path(2, "kiosk.conf"));
	CHECK(strstr(conf, "hub_url = https://old.example.lt\n") != NULL);
	CHECK(strstr(conf, "kiosk_id") == NULL);
	free(conf);
	free(out);
	free(err);
	free(code);
	hubt_stop(&h, SIGTERM);
}

static void post_code(const struct hubt *h, const char *code, struct hubt_resp *r)
{
	char *body = xasprintf("{\"code\": \"%s\"}", code);

	hubt_http(h, "POST", "/v1/enrol", NULL, body, NULL, r);
	free(body);
}

TEST(enrol_wrong_codes_are_rate_limited)
{
	struct hubt h;
	struct hubt_resp r;
	char *code, *out = NULL, *err = NULL, *ra;
	json_t *j;
	int i;

	hubt_init(&h, "hub");
	hubt_start(&h, NULL);
	write_conf();
	code = make_code(&h, "vilnius-3");
	/* not even a code: refused (and counted) without a look at the database */
	post_code(&h, "K7M2-QX9P-40", &r);
	CHECK(hubt_expect(&r, 403, "forbidden"));
	j = hubt_parse(r.body);
	CHECK_STR(json_string_value(json_object_get(j, "reason")), "malformed");
	json_decref(j);
	hubt_resp_free(&r);
	for (i = 0; i < 4; i++) {
		post_code(&h, "2345-6789-AB", &r);
		CHECK(hubt_expect(&r, 403, "forbidden"));
		j = hubt_parse(r.body);
		CHECK_STR(json_string_value(json_object_get(j, "reason")), "unknown");
		json_decref(j);
		hubt_resp_free(&r);
	}
	/* five refused: from now on this address waits, even with the right code */
	post_code(&h, code, &r);
	CHECK(hubt_expect(&r, 429, "rate_limited"));
	ra = hubt_header(&r, "Retry-After");
	CHECK(ra != NULL && strtol(ra, NULL, 10) > 500 && strtol(ra, NULL, 10) <= 600);
	free(ra);
	hubt_resp_free(&r);
	CHECK_INT(run_enrol(&h, code, &out, &err), 1);
	CHECK(strstr(err, "Too many wrong codes: try again in 10 minutes") != NULL);
	free(out);
	free(err);
	/* a body without a code is a bad request, not a wrong code */
	hubt_http(&h, "POST", "/v1/enrol", NULL, "{}", NULL, &r);
	CHECK(r.status == 400 || r.status == 429);
	hubt_resp_free(&r);
	free(code);
	hubt_stop(&h, SIGTERM);
}

TEST(enrol_usage_errors)
{
	struct hubt h;
	const char *no_kiosk[] = {"enrol", "create", NULL};
	const char *bad_ttl[] = {"enrol", "create", "--kiosk", "k", "--ttl", "169", NULL};
	const char *bad_id[] = {"enrol", "create", "--kiosk", "a b", NULL};
	char *argv[] = {NULL, (char *)"--config", NULL, (char *)"enrol", (char *)"--hub",
			(char *)"http://example.com", (char *)"2345-6789-AB", NULL};
	char *err = NULL;

	hubt_init(&h, "hub");
	CHECK_INT(hubt_cli(&h, no_kiosk, NULL, NULL), 2);
	CHECK_INT(hubt_cli(&h, bad_ttl, NULL, NULL), 2);
	CHECK_INT(hubt_cli(&h, bad_id, NULL, NULL), 2);
	write_conf();
	argv[0] = (char *)t_bin("vitrina");     /* t_bin's answer lasts to its next call */
	argv[2] = (char *)t_path(2, "kiosk.conf");
	/* plain http to another machine: the hub client's rule, checked before anything */
	CHECK_INT(t_run(argv, NULL, &err), 1);
	CHECK(strstr(err, "must start with https://") != NULL);
	free(err);
	argv[6] = NULL;
	CHECK_INT(t_run(argv, NULL, NULL), 2);
}

/* The admin screen's Enrol: the hub's address prefilled from the config, the code typed,
 * Enter; the exchange runs beside the screen and its outcome shows. */
TEST(enrol_admin_screen)
{
	struct hubt h;
	struct stat sb;
	const char *hash = crypt("2468", "$6$rounds=1000$enrolTuiSalt$");
	char *code, *conf, *keys;
	sqlite3 *db;

	if (hash == NULL || hash[0] != '$')
		t_fail("crypt cannot make a $6$ hash");
	hubt_init(&h, "hub");
	hubt_start(&h, NULL);
	code = make_code(&h, "klaipeda-4");
	db = kiosk_db_open_seeded();
	sqlite3_close(db);
	conf = xasprintf("# the reading room\ndefault_language = en\nlanguages = en lt\n"
			 "admin_pin_hash = %s\nhub_url = %s\ntoken_file = %s\n", hash, h.url,
			 t_path(3, "token"));
	kiosk_start(conf, 24, 80);
	free(conf);
	if (!kiosk_expect("Career paths close to home", 50))
		return;
	vt_send("\033[24~");
	if (!kiosk_expect("Librarian PIN", 50))
		return;
	vt_send("2468" VT_ENTER);
	if (!kiosk_expect("Admin: status", 50))
		return;
	vt_send(VT_DOWN VT_DOWN VT_DOWN VT_ENTER);
	if (!kiosk_expect("Admin: enrol this kiosk", 50))
		return;
	CHECK(vt_contains(h.url));
	/* a wrong code first: refused in plain words, nothing written */
	vt_send("2345-6789-ab" VT_ENTER);
	CHECK(kiosk_expect("it is wrong. Check it", 50));
	CHECK(stat(t_path(3, "token"), &sb) != 0);
	keys = xasprintf("%s" VT_ENTER, code);
	vt_send(keys);
	free(keys);
	CHECK(kiosk_expect("now enrolled as klaipeda-4", 50));
	CHECK(!vt_contains(code));
	CHECK_INT(stat(t_path(3, "token"), &sb), 0);
	CHECK_INT(sb.st_mode & 0777, 0600);
	conf = t_read_file(t_path(2, "kiosk.conf"));
	CHECK(strstr(conf, "# the reading room\n") == conf);
	CHECK(strstr(conf, "\nkiosk_id = klaipeda-4\n") != NULL);
	free(conf);
	vt_send(VT_ESC);
	CHECK(kiosk_expect("Admin: status", 50));
	vt_close();
	free(code);
	hubt_stop(&h, SIGTERM);
}
