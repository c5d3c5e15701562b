/* The kiosk's screen runs in a process with no network and no sound library: the
 * commands that talk to the hub run in vitrina-net, speech in vitrina-voice (DESIGN §9,
 * "Start-up cost of libraries"). And the hub address rules that every program shares. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hub_url.h"
#include "kiosk_util.h"
#include "t.h"
#include "util.h"
#include "vt.h"

/* The shared libraries mapped into process pid, one path a line. */
static char *maps_of(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	return t_read_file(path);
}

TEST(programs_kiosk_screen_maps_no_network_or_sound_library)
{
	sqlite3 *db = kiosk_make_db("{\"cases\": [], \"partners\": []}");
	char *maps;

	sqlite3_close(db);
	kiosk_start("speech = off\n", 24, 80);
	if (!vt_wait_text("vitrina", KIOSK_WAIT)) {
		vt_close();
		return;
	}
	maps = maps_of(vt_pid());
	if (CHECK(maps != NULL)) {
		CHECK(strstr(maps, "libsqlite3") != NULL);     /* the maps are read right */
		CHECK(strstr(maps, "libncursesw") != NULL);
		CHECK(strstr(maps, "libcurl") == NULL);
		CHECK(strstr(maps, "libespeak") == NULL);
		CHECK(strstr(maps, "libgnutls") == NULL);
		CHECK(strstr(maps, "libpulse") == NULL);
	}
	free(maps);
	vt_kill(SIGTERM);
	vt_wait_exit(KIOSK_WAIT);
	vt_close();
}

/* The network commands run in vitrina-net: with it missing, vitrina says so plainly. */
TEST(programs_missing_net_program_is_named)
{
	const char *alone = t_path(3, "vitrina");
	char *cp[] = {(char *)"/bin/cp", (char *)t_bin("vitrina"), (char *)alone, NULL};
	char *argv[] = {(char *)alone, (char *)"--db", (char *)t_path(0, "k.db"),
			(char *)"status", NULL};
	char *out = NULL, *errout = NULL;

	CHECK_INT(t_run(cp, NULL, NULL), 0);
	CHECK_INT(t_run(argv, &out, &errout), 1);
	CHECK(errout != NULL && strstr(errout, "vitrina-net is missing") != NULL);
	free(out);
	free(errout);
}

/* vitrina status (handed to vitrina-net) answers as before, config warnings once. */
TEST(programs_status_runs_in_net_program_and_warns_once)
{
	const char *conf = t_path(2, "kiosk.conf");
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"--config", (char *)conf,
			(char *)"--db", (char *)t_path(0, "k.db"), (char *)"status", NULL};
	char *out = NULL, *errout = NULL, *first;

	sqlite3_close(kiosk_make_db("{\"cases\": [], \"partners\": []}"));
	t_write_file(conf, "no_such_key = 1\n");
	CHECK_INT(t_run(argv, &out, &errout), 0);
	CHECK(out != NULL && out[0] != '\0');
	first = errout != NULL ? strstr(errout, "no_such_key") : NULL;
	CHECK(first != NULL);
	CHECK(first == NULL || strstr(first + 1, "no_such_key") == NULL);
	free(out);
	free(errout);
}

struct url_case {
	const char *url;
	const char *problem;    /* NULL: allowed; else words of the error */
};

TEST(programs_hub_url_rules)
{
	static const struct url_case cases[] = {
		{"https://hub.example.lt", NULL},
		{"https://hub.example.lt:8443/api/", NULL},
		{"HTTPS://HUB.EXAMPLE.LT", NULL},
		{"http://127.0.0.1:8080/", NULL},
		{"http://localhost", NULL},
		{"http://[::1]:9/", NULL},
		{"https://[2001:db8::1]:443", NULL},
		{"", "must start with https://"},
		{"ftp://x", "must start with https://"},
		{"http://10.0.0.1/", "must start with https://"},
		{"http://127.0.0.1:x@evil.example/", "must start with https://"},
		{"https://user:pw@hub.example.lt/", "user name or password"},
		{"https://hub example.lt", "plain ASCII"},
		{"https://hub.example.lt:0/", "cannot be read"},
		{"https://hub.example.lt:99999/", "cannot be read"},
		{"https://:443/", "cannot be read"},
		{"https://[::1/", "cannot be read"},
		{"https://hub.exa\xc5\xa1mple.lt/", "plain ASCII"},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *err = NULL;
		int rc = hub_url_check(cases[i].url, &err);

		if (cases[i].problem == NULL) {
			if (!CHECK(rc == 0))
				fprintf(stderr, "  %s: %s\n", cases[i].url, err);
		} else if (!CHECK(rc < 0 && err != NULL && strstr(err, cases[i].problem))) {
			fprintf(stderr, "  %s: %s\n", cases[i].url, err ? err : "(allowed)");
		}
		free(err);
	}
}

TEST(programs_proxy_rules)
{
	static const struct url_case cases[] = {
		{"http://proxy:3128", NULL},
		{"https://proxy.example.lt:8080/", NULL},
		{"http://[::1]:3128", NULL},
		{"", "is empty"},
		{"socks5://proxy:1080", "must be http://"},
		{"http://user:pw@proxy:3128", "user name or password"},
		{"http://proxy", "needs a port"},
		{"http://proxy:0", "from 1 to 65535"},
		{"http://proxy:3128/path", "must end after the port"},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *err = NULL;
		int rc = hub_proxy_check(cases[i].url, &err);

		if (cases[i].problem == NULL)
			CHECK(rc == 0);
		else if (!CHECK(rc < 0 && err != NULL && strstr(err, cases[i].problem)))
			fprintf(stderr, "  %s: %s\n", cases[i].url, err ? err : "(allowed)");
		free(err);
	}
}
