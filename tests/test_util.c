#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "regions.h"
#include "t.h"
#include "util.h"

TEST(util_uuid)
{
	char a[37], b[37];

	uuid_make(a);
	uuid_make(b);
	CHECK(uuid_valid(a));
	CHECK(strcmp(a, b) != 0);
	CHECK(a[14] == '4');
	CHECK(!uuid_valid("not-a-uuid"));
	CHECK(!uuid_valid("0123456789abcdef0123456789abcdef0123"));
}

TEST(util_parse_long)
{
	long v = 0;

	CHECK(parse_long("42", 0, 100, &v) == 0 && v == 42);
	CHECK(parse_long("101", 0, 100, &v) < 0);
	CHECK(parse_long("4x", 0, 100, &v) < 0);
	CHECK(parse_long("", 0, 100, &v) < 0);
	CHECK(parse_long("99999999999999999999999", 0, 100, &v) < 0);
}

TEST(regions_table)
{
	int i, per_county[COUNTY_COUNT] = {0};

	for (i = 0; i < MUNICIPALITY_COUNT; i++) {
		const struct county *c = county_find(municipalities[i].county);

		CHECK(c != NULL);
		if (c != NULL)
			per_county[c - counties]++;
		CHECK(municipality_find(municipalities[i].code) == &municipalities[i]);
	}
	for (i = 0; i < COUNTY_COUNT; i++)
		CHECK(per_county[i] >= 4);
	CHECK_STR(municipality_find("LT-43")->county, "LT-SA");
	CHECK(municipality_find("LT-61") == NULL);
	CHECK(municipality_find("LT-00") == NULL);
	CHECK(municipality_find("LT-4") == NULL);
}

TEST(db_migrates_and_refuses_newer)
{
	char *err = NULL;
	const char *path = t_path(0, "k.db");
	sqlite3 *db = db_open_kiosk(path, &err);

	if (!CHECK(db != NULL))
		return;
	CHECK(db_exec(db, "PRAGMA user_version=99", &err) == 0);
	sqlite3_close(db);
	db = db_open_kiosk(path, &err);
	CHECK(db == NULL);
	CHECK(err != NULL && strstr(err, "newer") != NULL);
	free(err);
}

TEST(config_reports_bad_lines_and_keeps_defaults)
{
	struct config c;
	struct buf w = {0};
	const char *path = t_path(0, "k.conf");

	t_write_file(path, "# comment\nidle_timeout = 30\nnonsense = 1\nsync_interval = -5\n"
		     "kiosk_id = šiauliai-1\nno equals here\ndefault_language = en\n"
		     "languages = lt xx\nhub_url = ftp://x\ndb =\nhub_url = http://10.0.0.1/\n"
		     "proxy = http://proxy:3128\nhub_url = http://127.0.0.1:x@evil.example/\n"
		     "hub_url = http://127.0.0.1:8080/\n");
	config_defaults(&c);
	CHECK(config_load(&c, path, &w) == 0);
	CHECK_INT(c.idle_timeout, 30);
	CHECK_INT(c.sync_interval, 300);
	CHECK_STR(c.kiosk_id, "kiosk");
	CHECK_STR(c.default_language, "en");
	CHECK_STR(c.languages, "lt en ru pl");
	CHECK(w.s != NULL && strstr(w.s, ":5: kiosk_id: use only letters") != NULL);
	CHECK(w.s != NULL && strstr(w.s, ":8: languages") != NULL);
	CHECK(w.s != NULL && strstr(w.s, ":9: hub_url") != NULL);
	CHECK(w.s != NULL && strstr(w.s, ":10: db: no value given") != NULL);
	CHECK_STR(c.db, "./var/vitrina.db");
	CHECK(w.s != NULL && strstr(w.s, ":11: hub_url: must start with https://") != NULL);
	CHECK_STR(c.proxy, "http://proxy:3128");
	CHECK(w.s != NULL && strstr(w.s, ":13: hub_url: must start with https://") != NULL);
	CHECK_STR(c.hub_url, "http://127.0.0.1:8080/");
	CHECK(w.s != NULL && strstr(w.s, ":3: nonsense: unknown key") != NULL);
	CHECK(w.s != NULL && strstr(w.s, ":4: sync_interval") != NULL);
	CHECK(w.s != NULL && strstr(w.s, ":6: expected key = value") != NULL);
	buf_free(&w);
	config_free(&c);
}

TEST(kiosk_seeds_sample_only_without_hub)
{
	const char *conf = t_path(0, "k.conf");
	char *alone = xasprintf("db = %s\n", t_path(1, "alone.db"));
	char *hub = xasprintf("db = %s\nhub_url = http://127.0.0.1:9/\n", t_path(2, "hub.db"));
	char *out = NULL;
	char opt[] = "--config", cmd[] = "search", all[] = "";
	char *argv[] = {(char *)t_bin("vitrina"), opt, (char *)conf, cmd, all, NULL};

	t_write_file(conf, alone);
	CHECK_INT(t_run(argv, &out, NULL), 0);
	CHECK(out != NULL && strstr(out, "\tLT-43\n") != NULL);
	free(out);
	t_write_file(conf, hub);
	CHECK_INT(t_run(argv, &out, NULL), 0);
	CHECK_STR(out, "");
	free(out);
	free(alone);
	free(hub);
}

/* wipe_free() must zero the block before it goes back to malloc: a memset there would
 * be removed by the compiler at -O2 (a dead store before free). The freed block is read
 * back, which only a build without AddressSanitizer allows; glibc keeps its own
 * pointers in the first 16 bytes of a freed block, so the check starts after them. */
TEST(util_wipe_free_zeroes_before_free)
{
#if defined(__SANITIZE_ADDRESS__)
	t_skip("reads a freed block, which AddressSanitizer forbids");
#else
	enum { N = 512, SKIP = 32 };
	char *p = xmalloc(N), *guard = xmalloc(64);
	volatile unsigned char *seen = (volatile unsigned char *)p;
	char *s = xstrdup("secret");
	size_t i, left = 0;

	memset(p, 'S', N);
	wipe_free(p, N);
	for (i = SKIP; i < N; i++)
		left += seen[i] == 'S';
	CHECK_INT(left, 0);
	free(guard);
	wipe_string(&s);
	CHECK(s == NULL);
	wipe_string(&s);        /* NULL is fine */
	CHECK(s == NULL);
#endif
}

TEST(util_wipe_zeroes)
{
	char b[16];

	memset(b, 'x', sizeof b);
	wipe(b, sizeof b - 1);
	CHECK(b[0] == 0 && b[14] == 0 && b[15] == 'x');
	wipe(NULL, 4);          /* nothing to do */
}
