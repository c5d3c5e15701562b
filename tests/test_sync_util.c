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
#include <unistd.h>

#include <jansson.h>

#include "catalogue_db.h"
#include "db.h"
#include "kiosk_util.h"
#include "outbox.h"
#include "request.h"
#include "t.h"
#include "util.h"

int64_t sync_now_ms(void)
{
	return now_ms_monotonic();
}

void sync_kiosk_make(struct sync_kiosk *k, const char *name, const char *hub_url,
		     const char *token, const char *extra)
{
	char file[128], *conf;

	memset(k, 0, sizeof *k);
	snprintf(file, sizeof file, "%s.db", name);
	snprintf(k->db, sizeof k->db, "%s", t_path(1, file));
	snprintf(file, sizeof file, "%s.conf", name);
	snprintf(k->conf, sizeof k->conf, "%s", t_path(1, file));
	snprintf(file, sizeof file, "%s.token", name);
	snprintf(k->token_file, sizeof k->token_file, "%s", t_path(1, file));
	hubt_write_token(k->token_file, token ? token : "");
	conf = xasprintf("kiosk_id = " SYNC_KIOSK_ID "\ncentre_name = Test centre\n"
			 "db = %s\nhub_url = %s\ntoken_file = %s\nsync_interval = 3600\n%s",
			 k->db, hub_url, k->token_file, extra ? extra : "");
	t_write_file(k->conf, conf);
	free(conf);
	sqlite3_close(kiosk_db_open(k->db));
}

sqlite3 *sync_kiosk_open(const struct sync_kiosk *k)
{
	return kiosk_db_open(k->db);
}

struct sync_status sync_kiosk_status(const struct sync_kiosk *k)
{
	struct sync_status st;
	sqlite3 *db = sync_kiosk_open(k);
	char *err = NULL;

	if (sync_status_read(db, &st, &err) < 0)
		t_fail("sync_status_read: %s", err);
	sqlite3_close(db);
	return st;
}

sqlite3 *sync_pair_make(struct hubt *h, struct sync_kiosk *k, int up, const char *extra,
			char **token)
{
	hubt_init(h, "hub");
	if (!up)
		hubt_pick_port(h);
	*token = hubt_token(h, "--kiosk", SYNC_KIOSK_ID, NULL, NULL);
	if (up)
		hubt_start(h, NULL);
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
	struct t_spawn_opts o;

	snprintf(bin, sizeof bin, "%s", t_bin("vitrina"));
	memset(&o, 0, sizeof o);
	o.out.how = T_IO_APPEND;
	o.out.path = log;
	o.err.how = T_IO_STDOUT;
	return t_spawn(argv, &o);
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

void sync_fake_read(int fd, char *req, size_t size)
{
	size_t got = 0, need;
	char *eoh, *cl;
	ssize_t r;

	/* Headers, then the body by Content-Length. */
	while (got < size - 1) {
		r = read(fd, req + got, size - 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
		req[got] = '\0';
		eoh = strstr(req, "\r\n\r\n");
		if (eoh == NULL)
			continue;
		cl = find_nocase(req, "\r\ncontent-length:");
		need = (size_t)(eoh + 4 - req) + (size_t)(cl ? strtol(cl + 17, NULL, 10) : 0);
		if (got >= need || need >= size)
			break;
	}
	req[got] = '\0';
}

static void fake_serve(int lfd, const char *response, const char *log)
{
	for (;;) {
		char req[65536], line[512], *eoh;
		int fd = accept(lfd, NULL, NULL), lf;

		if (fd < 0)
			continue;
		sync_fake_read(fd, req, sizeof req);
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

json_t *sync_raw_cases(const char *file)
{
	json_error_t je;
	json_t *root = json_load_file(file, 0, &je), *cases;

	if (root == NULL)
		t_fail("%s: %s", file, je.text);
	cases = json_incref(json_object_get(root, "cases"));
	json_decref(root);
	return cases;
}

void sync_raw_store(sqlite3 *db, json_t *cases, int page, const char *extra_sql)
{
	char *err = NULL;
	size_t i, j, n = json_array_size(cases);

	for (i = 0; i < n; i += (size_t)page) {
		struct catalogue_set set;

		memset(&set, 0, sizeof set);
		set.cases = xcalloc((size_t)page, sizeof *set.cases);
		for (j = i; j < n && j < i + (size_t)page; j++) {
			if (career_from_json(json_array_get(cases, j), &set.cases[set.ncases++],
					     &err) < 0)
				t_fail("raw parse: %s", err);
		}
		if (db_begin(db, &err) < 0 || catalogue_put_set(db, &set, &err) < 0 ||
		    (extra_sql != NULL && db_exec(db, extra_sql, &err) < 0) ||
		    db_commit(db, &err) < 0)
			t_fail("raw insert: %s", err);
		catalogue_set_free(&set);
	}
}

char *sync_outbox_dump(sqlite3 *db)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, kind, ifnull(body, '-'), created_at, state,"
				      " attempts, ifnull(last_error, '-'), ifnull(sent_at, '-')"
				      " FROM outbox ORDER BY id", NULL);
	struct buf b = {0};
	int i;

	if (st == NULL)
		t_fail("outbox: %s", sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < 8; i++) {
			buf_adds(&b, (const char *)sqlite3_column_text(st, i));
			buf_addc(&b, '\t');
		}
		buf_addc(&b, '\n');
	}
	sqlite3_finalize(st);
	return buf_take(&b);
}

void sync_wait_snapshot(const struct hubt *h, const char *token)
{
	json_t *j = hubt_get_json(h, "/v1/cases?since=0&limit=1000", token);
	int64_t want = json_integer_value(json_object_get(j, "next"));
	int64_t end = sync_now_ms() + 30000;
	struct hubt_resp r;
	char *seq;
	int done;

	json_decref(j);
	for (;;) {
		hubt_http(h, "GET", "/v1/snapshot", token, NULL, NULL, &r);
		seq = hubt_header(&r, "Vitrina-Seq");
		done = r.status == 200 && seq != NULL && strtoll(seq, NULL, 10) == want;
		free(seq);
		hubt_resp_free(&r);
		if (done)
			return;
		if (sync_now_ms() > end)
			t_fail("the hub built no snapshot of change %lld", (long long)want);
		t_sleep_ms(100);
	}
}
