/* Helpers for the sync tests: see tests/test_sync.h. */
#include "test_sync.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "db.h"
#include "hub/store.h"
#include "outbox.h"
#include "request.h"
#include "t.h"
#include "util.h"

int64_t sync_now_ms(void)
{
	return now_ms_monotonic();
}

static void nap_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

int sync_free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		t_fail("cannot find a free port: %s", strerror(errno));
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static pid_t spawn(char *const argv[], const char *log)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		t_fail("fork: %s", strerror(errno));
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);

		dup2(in, 0);
		dup2(out, 1);
		dup2(out, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

int sync_wait_child(pid_t pid, int ms)
{
	int64_t end = sync_now_ms() + ms;
	int status;
	pid_t r;

	for (;;) {
		r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (r < 0 && errno != EINTR)
			return -1;
		if (sync_now_ms() > end)
			return -2;
		nap_ms(5);
	}
}

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p, (void)arg;
	return size * n;
}

static long http_status(const char *url)
{
	CURL *c = curl_easy_init();
	long status = 0;

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 1000L);
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	return status;
}

void sync_hub_init(struct sync_hub *h, const char *name, int port)
{
	char file[128];

	memset(h, 0, sizeof *h);
	h->port = port >= 0 ? port : sync_free_port();
	snprintf(file, sizeof file, "%s.db", name);
	snprintf(h->db, sizeof h->db, "%s", t_path(0, file));
	snprintf(file, sizeof file, "%s.log", name);
	snprintf(h->log, sizeof h->log, "%s", t_path(0, file));
	snprintf(h->url, sizeof h->url, "http://127.0.0.1:%d", h->port);
}

void sync_hub_start(struct sync_hub *h)
{
	char listen[64], health[128], bin[1024], *log = NULL;
	char *argv[8];
	int64_t end = sync_now_ms() + 15000;
	size_t len;

	snprintf(bin, sizeof bin, "%s", t_bin("vitrina-hub"));
	snprintf(listen, sizeof listen, "127.0.0.1:%d", h->port);
	snprintf(health, sizeof health, "%s/v1/health", h->url);
	argv[0] = bin;
	argv[1] = (char *)"--db";
	argv[2] = h->db;
	argv[3] = (char *)"serve";
	argv[4] = (char *)"--listen";
	argv[5] = listen;
	argv[6] = NULL;
	h->pid = spawn(argv, h->log);
	for (;;) {
		if (h->port == 0) {
			/* It prints the port it chose: "listening on 127.0.0.1:PORT". */
			char *at;

			free(log);
			log = NULL;
			read_file(h->log, 1 << 20, &log, &len, NULL);
			at = log ? strstr(log, "listening on 127.0.0.1:") : NULL;
			if (at != NULL) {
				h->port = (int)strtol(at + 23, NULL, 10);
				snprintf(h->url, sizeof h->url, "http://127.0.0.1:%d", h->port);
				snprintf(health, sizeof health, "%s/v1/health", h->url);
			}
		}
		if (h->port != 0 && http_status(health) == 200)
			break;
		if (waitpid(h->pid, NULL, WNOHANG) == h->pid || sync_now_ms() > end) {
			free(log);
			log = NULL;
			read_file(h->log, 1 << 20, &log, &len, NULL);
			t_fail("the hub did not start on %s: %s", listen, log ? log : "");
		}
		nap_ms(10);
	}
	free(log);
}

void sync_hub_stop(struct sync_hub *h)
{
	if (h->pid <= 0)
		return;
	kill(h->pid, SIGTERM);
	if (sync_wait_child(h->pid, 5000) == -2) {
		kill(h->pid, SIGKILL);
		sync_wait_child(h->pid, 5000);
	}
	h->pid = 0;
}

char *sync_hub_token(const struct sync_hub *h, const char *who, const char *name)
{
	char bin[1024], *out = NULL, *err = NULL, *last, *e;
	char *argv[] = {bin, (char *)"--db", (char *)h->db, (char *)"token", (char *)"create",
			(char *)who, (char *)name, NULL};

	snprintf(bin, sizeof bin, "%s", t_bin("vitrina-hub"));
	if (t_run(argv, &out, &err) != 0)
		t_fail("vitrina-hub token create: %s", err);
	e = out + strlen(out);
	while (e > out && (e[-1] == '\n' || e[-1] == ' '))
		*--e = '\0';
	last = strrchr(out, '\n');
	last = xstrdup(last ? last + 1 : out);
	free(out);
	free(err);
	return last;
}

void sync_hub_import(const struct sync_hub *h, const char *file)
{
	char bin[1024], *err = NULL;
	char *argv[] = {bin, (char *)"--db", (char *)h->db, (char *)"import", (char *)file,
			NULL};

	snprintf(bin, sizeof bin, "%s", t_bin("vitrina-hub"));
	if (t_run(argv, NULL, &err) != 0)
		t_fail("vitrina-hub import %s: %s", file, err);
	free(err);
}

static struct store *hub_store(const struct sync_hub *h)
{
	char *err = NULL;
	struct store *s = store_open(h->db, &err);

	if (s == NULL)
		t_fail("store_open %s: %s", h->db, err);
	return s;
}

int64_t sync_hub_request_count(const struct sync_hub *h)
{
	struct store *s = hub_store(h);
	struct request_filter f;
	struct stored_request *rs = NULL;
	char *err = NULL;
	int n = 0;

	memset(&f, 0, sizeof f);
	f.limit = 1000000;
	if (store_requests_list(s, &f, &rs, &n, &err) < 0)
		t_fail("store_requests_list: %s", err);
	stored_requests_free(rs, n);
	store_close(s);
	return n;
}

int sync_hub_has_requests(const struct sync_hub *h, char (*ids)[37], int n)
{
	struct store *s = hub_store(h);
	struct stored_request r;
	char *err = NULL;
	int i, found, have = 0;

	for (i = 0; i < n; i++) {
		memset(&r, 0, sizeof r);
		found = store_request_get(s, ids[i], &r, &err);
		if (found < 0)
			t_fail("store_request_get: %s", err);
		if (found == 1) {
			have++;
			stored_request_clear(&r);
		}
	}
	store_close(s);
	return have;
}

void sync_hub_delete_case(const struct sync_hub *h, int i)
{
	char bin[1024], id[37], *err = NULL;
	char *argv[] = {bin, (char *)"--db", (char *)h->db, (char *)"delete-case", id, NULL};

	snprintf(bin, sizeof bin, "%s", t_bin("vitrina-hub"));
	sync_case_id(i, id);
	if (t_run(argv, NULL, &err) != 0)
		t_fail("vitrina-hub delete-case %s: %s", id, err);
	free(err);
}

void sync_kiosk_make(struct sync_kiosk *k, const char *name, const char *hub_url,
		     const char *token, const char *extra)
{
	char file[128], *conf, *err = NULL;
	sqlite3 *db;

	memset(k, 0, sizeof *k);
	snprintf(file, sizeof file, "%s.db", name);
	snprintf(k->db, sizeof k->db, "%s", t_path(1, file));
	snprintf(file, sizeof file, "%s.conf", name);
	snprintf(k->conf, sizeof k->conf, "%s", t_path(1, file));
	snprintf(file, sizeof file, "%s.token", name);
	snprintf(k->token_file, sizeof k->token_file, "%s", t_path(1, file));
	t_write_file(k->token_file, token ? token : "");
	conf = xasprintf("kiosk_id = " SYNC_KIOSK_ID "\ncentre_name = Test centre\n"
			 "db = %s\nhub_url = %s\ntoken_file = %s\nsync_interval = 3600\n%s",
			 k->db, hub_url, k->token_file, extra ? extra : "");
	t_write_file(k->conf, conf);
	free(conf);
	db = db_open(k->db, &kiosk_schema, &err);
	if (db == NULL)
		t_fail("kiosk db: %s", err);
	sqlite3_close(db);
}

sqlite3 *sync_kiosk_open(const struct sync_kiosk *k)
{
	char *err = NULL;
	sqlite3 *db = db_open(k->db, &kiosk_schema, &err);

	if (db == NULL)
		t_fail("kiosk db: %s", err);
	return db;
}

sqlite3 *sync_pair_make(struct sync_hub *h, struct sync_kiosk *k, int up, const char *extra,
			char **token)
{
	sync_hub_init(h, "hub", up ? 0 : -1);
	*token = sync_hub_token(h, "--kiosk", SYNC_KIOSK_ID);
	if (up)
		sync_hub_start(h);
	sync_kiosk_make(k, "kiosk", h->url, *token, extra);
	return sync_kiosk_open(k);
}

void sync_queue(sqlite3 *db, int n, char (*ids)[37])
{
	static const char *const names[] = {"Jonas", "Rūta", "Łucja", "Žygimantas", "Anna"};
	struct request r;
	char *err = NULL;
	int i;

	if (db_begin(db, &err) < 0)
		t_fail("%s", err);
	for (i = 0; i < n; i++) {
		memset(&r, 0, sizeof r);
		outbox_request_start(&r, "nomination", SYNC_KIOSK_ID, "2026-11");
		r.name = xstrdup(names[i % 5]);
		snprintf(r.age_group, sizeof r.age_group, "18-24");
		r.contact = xasprintf("jonas%d@example.lt", i);
		r.message = xasprintf("Sveiki, čia žinutė numeris %d.", i);
		snprintf(r.lang, sizeof r.lang, "lt");
		r.nominee = xstrdup("Ona Onaitė");
		snprintf(r.nominee_municipality, sizeof r.nominee_municipality, "LT-43");
		r.why = xasprintf("Ji kas savaitę organizuoja talkas kaime (%d).", i);
		if (outbox_add(db, &r, &err) < 0)
			t_fail("outbox_add: %s", err);
		if (ids != NULL)
			memcpy(ids[i], r.id, 37);
		request_free(&r);
	}
	if (db_commit(db, &err) < 0)
		t_fail("%s", err);
}

int64_t sync_outbox_count(sqlite3 *db, const char *where)
{
	char *sql = xasprintf("SELECT count(*) FROM outbox WHERE %s", where);
	sqlite3_stmt *st = db_prepare(db, sql, NULL);
	int64_t n = -1;

	if (st != NULL && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	free(sql);
	return n;
}

int sync_run(const struct sync_kiosk *k, const char *arg, char **out, char **err)
{
	char bin[1024];
	char *argv[] = {bin, (char *)"--config", (char *)k->conf, (char *)"sync", (char *)arg,
			NULL};

	snprintf(bin, sizeof bin, "%s", t_bin("vitrina"));
	if (arg == NULL)
		argv[3] = (char *)"status";
	return t_run(argv, out, err);
}

pid_t sync_spawn_daemon(const struct sync_kiosk *k, const char *log)
{
	char bin[1024];
	char *argv[] = {bin, (char *)"--config", (char *)k->conf, (char *)"sync",
			(char *)"--daemon", NULL};

	snprintf(bin, sizeof bin, "%s", t_bin("vitrina"));
	return spawn(argv, log);
}

void sync_case_id(int i, char out[37])
{
	snprintf(out, 37, "00000000-0000-4000-8000-%012d", i);
}

static void partner_id(int i, char out[37])
{
	snprintf(out, 37, "00000000-0000-4000-9000-%012d", i);
}

static json_t *make_case(int i, const char *title)
{
	static const char *const areas[] = {"humanities", "social_sciences",
					    "regional_development"};
	static const char *const themes[] = {"community", "development_education",
					     "personal_growth", "environment", "fair_trade",
					     "innovation"};
	char id[37], mun[8], *t, *sum, *story;
	json_t *c;

	sync_case_id(i, id);
	snprintf(mun, sizeof mun, "LT-%02d", 1 + i % 60);
	t = xasprintf("%s %d", title, i);
	sum = xasprintf("Trumpai apie atvejį %d: jaunas žmogus savo krašte.", i);
	story = xasprintf("Istorija numeris %d prasideda kaime prie ežero.\n\n"
			  "Antroji pastraipa pasakoja, kaip %s tapo darbu.", i, title);
	c = json_pack("{s:s, s:s+, s:s+, s:i, s:s, s:s, s:[s], s:s, s:s, s:s, s:s,"
		      " s:[{s:i, s:s}], s:[s, s], s:s, s:b, s:b, s:s, s:{}, s:s}",
		      "id", id, "slug", "atvejis-", id, "person", "Asmuo ", mun,
		      "age", 18 + i % 12, "municipality", mun, "area", areas[i % 3],
		      "themes", themes[i % 6], "title", t, "summary", sum, "story", story,
		      "quote", "Daryk tai, ką myli.", "path", "year", 2020, "step",
		      "Pirmas žingsnis", "skills", "komandinis darbas", "viešasis kalbėjimas",
		      "organisation", "Jaunimo centras", "contact_allowed", 1,
		      "featured", i % 50 == 0, "lang", "lt", "translations",
		      "updated_at", "2026-11-30T00:00:00Z");
	free(t);
	free(sum);
	free(story);
	if (c == NULL)
		t_fail("json_pack of a case failed");
	return c;
}

void sync_write_cases(const char *path, int from, int n, const char *title, int partners)
{
	json_t *root = json_object(), *cases = json_array(), *ps = json_array();
	char id[37], mun[8];
	int i;

	for (i = from; i < from + n; i++)
		json_array_append_new(cases, make_case(i, title));
	for (i = 0; i < partners; i++) {
		partner_id(i, id);
		snprintf(mun, sizeof mun, "LT-%02d", 1 + i % 60);
		json_array_append_new(ps, json_pack("{s:s, s:s, s:s, s:[s], s:s, s:b}", "id", id,
						    "name", "Partneris", "municipality", mun,
						    "offers", "volunteering", "description",
						    "Savanorystė jaunimui.", "contact_allowed", 1));
	}
	json_object_set_new(root, "cases", cases);
	json_object_set_new(root, "partners", ps);
	if (json_dump_file(root, path, JSON_COMPACT) != 0)
		t_fail("cannot write %s", path);
	json_decref(root);
}

/* ---- the fake responder ---- */

static char *find_nocase(char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++) {
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	}
	return NULL;
}

static void fake_serve(int lfd, const char *response, const char *log)
{
	for (;;) {
		char req[65536], line[512], *eoh, *cl;
		size_t got = 0, need;
		long body = 0;
		ssize_t r;
		int fd = accept(lfd, NULL, NULL), lf;

		if (fd < 0)
			continue;
		/* Headers, then the body by Content-Length. */
		while (got < sizeof req - 1) {
			r = read(fd, req + got, sizeof req - 1 - got);
			if (r <= 0)
				break;
			got += (size_t)r;
			req[got] = '\0';
			eoh = strstr(req, "\r\n\r\n");
			if (eoh == NULL)
				continue;
			cl = find_nocase(req, "\r\ncontent-length:");
			body = cl ? strtol(cl + 17, NULL, 10) : 0;
			need = (size_t)(eoh + 4 - req) + (size_t)body;
			if (got >= need || need >= sizeof req)
				break;
		}
		req[got] = '\0';
		eoh = strstr(req, "\r\n");
		snprintf(line, sizeof line, "%lld %.*s\n", (long long)now_ms_monotonic(),
			 eoh ? (int)(eoh - req) : 0, req);
		lf = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (write(lf, line, strlen(line)) < 0)
			_exit(1);
		close(lf);
		if (response == NULL) {
			/* Accept and never answer: the connection stays open. */
			continue;
		}
		if (write(fd, response, strlen(response)) < 0) {
			/* the client gave up; nothing to do */
		}
		close(fd);
	}
}

void sync_fake_start(struct sync_fake *f, const char *name, const char *response)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	char file[128];

	memset(f, 0, sizeof *f);
	snprintf(file, sizeof file, "%s.log", name);
	snprintf(f->log, sizeof f->log, "%s", t_path(2, file));
	t_write_file(f->log, "");
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 64) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		t_fail("fake server: %s", strerror(errno));
	f->port = ntohs(a.sin_port);
	fflush(NULL);
	f->pid = fork();
	if (f->pid < 0)
		t_fail("fork: %s", strerror(errno));
	if (f->pid == 0) {
		signal(SIGPIPE, SIG_IGN);
		fake_serve(fd, response, f->log);
		_exit(0);
	}
	close(fd);
}

char *sync_fake_response(const char *status, const char *headers, const char *body)
{
	return xasprintf("HTTP/1.1 %s\r\n%sContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
			 status, headers ? headers : "", strlen(body), body);
}

int sync_fake_hits(const struct sync_fake *f, int64_t *times, int max)
{
	char *log = sync_fake_log(f), *p = log;
	int n = 0;

	while (*p != '\0') {
		if (n < max && times != NULL)
			times[n] = strtoll(p, NULL, 10);
		n++;
		p = strchr(p, '\n');
		if (p == NULL)
			break;
		p++;
	}
	free(log);
	return n;
}

char *sync_fake_log(const struct sync_fake *f)
{
	char *s = NULL;
	size_t len;

	if (read_file(f->log, 1 << 24, &s, &len, NULL) < 0)
		return xstrdup("");
	return s;
}
