/* The hub harness: see tests/hub_harness.h. */
#include "hub_harness.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "hub/store.h"
#include "t.h"
#include "util.h"

#define ANNOUNCE "listening on 127.0.0.1:"

/* The folder of the test PostgreSQL's socket: VITRINA_TEST_PG is that folder or a
 * connection string with host=FOLDER (tests/pg_cluster.sh prints one). NULL: SQLite. */
static const char *pg_host(char *buf, size_t size)
{
	const char *v = getenv("VITRINA_TEST_PG"), *p;

	if (v == NULL || v[0] == '\0')
		return NULL;
	p = strstr(v, "host=");
	p = p != NULL ? p + 5 : v;
	snprintf(buf, size, "%.*s", (int)strcspn(p, " "), p);
	return buf;
}

int hubt_is_pg(void)
{
	char buf[256];

	return pg_host(buf, sizeof buf) != NULL;
}

void hubt_sqlite_only(void)
{
	if (hubt_is_pg())
		t_skip("reads or changes the hub's SQLite file itself");
}

/* A database of its own on the test PostgreSQL for path (the same path, the same
 * database), made if it is not there; its URL in h->db. */
static void pg_database(struct hubt *h, const char *host, const char *path)
{
	char info[400], sql[64], name[24];
	unsigned long hash = 5381;
	PGconn *c;
	PGresult *r;

	for (const char *p = path; *p; p++)
		hash = hash * 33 + (unsigned char)*p;
	snprintf(name, sizeof name, "t%lx", hash);
	snprintf(info, sizeof info, "host=%s user=vitrina dbname=postgres", host);
	c = PQconnectdb(info);
	if (PQstatus(c) != CONNECTION_OK)
		t_fail("the test PostgreSQL at %s: %s", host, PQerrorMessage(c));
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    strcmp(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42P04") != 0)  /* exists */
		t_fail("CREATE DATABASE: %s", PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	snprintf(h->db, sizeof h->db, "postgresql://vitrina@/%s?host=%s", name, host);
}

void hubt_init(struct hubt *h, const char *name)
{
	char host[256], path[512];

	memset(h, 0, sizeof *h);
	snprintf(path, sizeof path, "%s/%s.db", t_dir(), name);
	snprintf(h->snapdir, sizeof h->snapdir, "%s.snapshots", path);
	if (pg_host(host, sizeof host) != NULL)
		pg_database(h, host, path);
	else
		snprintf(h->db, sizeof h->db, "%s", path);
	snprintf(h->out, sizeof h->out, "%s/%s.out", t_dir(), name);
	snprintf(h->err, sizeof h->err, "%s/%s.err", t_dir(), name);
}

int hubt_free_port(void)
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

static void set_port(struct hubt *h, int port)
{
	h->port = port;
	snprintf(h->url, sizeof h->url, "http://127.0.0.1:%d", port);
}

void hubt_pick_port(struct hubt *h)
{
	set_port(h, hubt_free_port());
	h->fixed_port = 1;
}

/* The port in the hub's "listening on" line, or 0 while it has not said it. */
static int announced_port(const struct hubt *h)
{
	char *out = t_read_file(h->out), *p = strstr(out, ANNOUNCE);
	int port = 0;

	if (p != NULL && strchr(p, '\n') != NULL)
		port = (int)strtol(p + strlen(ANNOUNCE), NULL, 10);
	free(out);
	return port;
}

/* argv for `vitrina-hub --db DB ARGS... MORE...` (both lists NULL-terminated or NULL);
 * bin holds the program's path. */
static void hub_argv(const char *argv[32], char bin[1024], const struct hubt *h,
		     const char *const *args, const char *const *more)
{
	int k = 0, i;

	snprintf(bin, 1024, "%s", t_bin("vitrina-hub"));
	argv[k++] = bin;
	argv[k++] = "--db";
	argv[k++] = h->db;
	for (i = 0; args != NULL && args[i] != NULL && k < 31; i++)
		argv[k++] = args[i];
	for (i = 0; more != NULL && more[i] != NULL && k < 31; i++)
		argv[k++] = more[i];
	argv[k] = NULL;
}

/* Wait for the hub just started to announce its port; fail the test if it ends or
 * does not say it within 15 s. */
static int wait_announced(struct hubt *h, const char *listen)
{
	int64_t deadline = now_ms_monotonic() + 15000;
	int port;

	while ((port = announced_port(h)) == 0) {
		if (t_wait(h->pid, 0) != -2) {
			char *err = t_read_file(h->err);

			h->pid = 0;
			t_fail("vitrina-hub exited at start: %s", err);
		}
		if (now_ms_monotonic() > deadline)
			t_fail("vitrina-hub did not start listening on %s", listen);
		t_sleep_ms(5);
	}
	return port;
}

void hubt_start(struct hubt *h, const char *const *extra)
{
	const char *argv[32];
	char bin[1024], listen[32];
	const char *serve[] = {"serve", "--listen", listen, NULL, NULL, NULL};
	struct t_spawn_opts o;
	int i;

	snprintf(listen, sizeof listen, "127.0.0.1:%d", h->fixed_port ? h->port : 0);
	/* on PostgreSQL the snapshots' folder is not beside a database file */
	for (i = 0; extra != NULL && extra[i] != NULL; i++) {
		if (strcmp(extra[i], "--snapshot-dir") == 0)
			break;
	}
	if (hubt_is_pg() && (extra == NULL || extra[i] == NULL)) {
		serve[3] = "--snapshot-dir";
		serve[4] = h->snapdir;
	}
	hub_argv(argv, bin, h, serve, extra);
	memset(&o, 0, sizeof o);
	o.out.how = T_IO_FILE;
	o.out.path = h->out;
	o.err.how = T_IO_APPEND;
	o.err.path = h->err;
	unlink(h->out);         /* no stale line from an earlier start */
	h->pid = t_spawn((char *const *)argv, &o);
	set_port(h, wait_announced(h, listen));
}

int hubt_stop(struct hubt *h, int sig)
{
	int rc;

	if (h->pid <= 0)
		return -1;
	rc = t_kill(h->pid, sig, 60000);
	h->pid = 0;
	return rc;
}

int hubt_cli(const struct hubt *h, const char *const *args, char **out, char **err)
{
	const char *argv[32];
	char bin[1024];

	hub_argv(argv, bin, h, args, NULL);
	return t_run((char *const *)argv, out, err);
}

char *hubt_token(const struct hubt *h, const char *who, const char *name, const char *county,
		 char id[17])
{
	const char *args[] = {"token", "create", who, name, county ? "--county" : NULL, county,
			      NULL};
	char *out = NULL, *err = NULL, *last, *p;
	size_t n;

	if (hubt_cli(h, args, &out, &err) != 0)
		t_fail("token create %s %s: %s", who, name, err);
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
	last = strrchr(out, '\n');
	last = xstrdup(last ? last + 1 : out);
	if (id != NULL) {
		p = strstr(out, "token id: ");
		if (p == NULL)
			t_fail("token create printed no id: %s", out);
		snprintf(id, 17, "%.16s", p + strlen("token id: "));
	}
	free(out);
	free(err);
	return last;
}

void hubt_write_token(const char *path, const char *token)
{
	t_write_file(path, token);
	if (chmod(path, 0600) != 0)
		t_fail("chmod 600 %s: %s", path, strerror(errno));
}

/* Run the hub CLI with args; fail the test unless it exits 0. */
static void cli_ok(const struct hubt *h, const char *const *args)
{
	char *err = NULL;

	if (hubt_cli(h, args, NULL, &err) != 0)
		t_fail("vitrina-hub %s %s: %s", args[0], args[1] ? args[1] : "", err);
	free(err);
}

void hubt_import(const struct hubt *h, const char *file)
{
	const char *args[] = {"import", file, NULL};

	cli_ok(h, args);
}

void hubt_delete_case(const struct hubt *h, const char *id)
{
	const char *args[] = {"delete-case", id, NULL};

	cli_ok(h, args);
}

static struct store *hub_store(const struct hubt *h)
{
	char *err = NULL;
	struct store *s = store_open(h->db, &err);

	if (s == NULL)
		t_fail("store_open %s: %s", h->db, err);
	return s;
}

int64_t hubt_request_count(const struct hubt *h)
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

int hubt_has_requests(const struct hubt *h, char (*ids)[37], int n)
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

void hubt_make_cert(const char *cert, const char *key)
{
	char *argv[] = {(char *)"/usr/bin/openssl", (char *)"req", (char *)"-x509",
			(char *)"-newkey", (char *)"ec", (char *)"-pkeyopt",
			(char *)"ec_paramgen_curve:prime256v1", (char *)"-nodes",
			(char *)"-keyout", (char *)key, (char *)"-out", (char *)cert,
			(char *)"-days", (char *)"2", (char *)"-subj", (char *)"/CN=127.0.0.1",
			(char *)"-addext", (char *)"subjectAltName=IP:127.0.0.1", NULL};

	if (access(argv[0], X_OK) != 0)
		t_skip("no openssl program to make a test certificate");
	if (t_run(argv, NULL, NULL) != 0)
		t_skip("openssl could not make a test certificate");
}

/* ---- HTTP ---- */

static size_t on_data(char *p, size_t size, size_t n, void *cls)
{
	buf_add(cls, p, size * n);
	return size * n;
}

void hubt_http(const struct hubt *h, const char *method, const char *path, const char *token,
	       const char *body, const char *hdr, struct hubt_resp *r)
{
	CURL *c = curl_easy_init();
	struct curl_slist *hl = NULL;
	struct buf b = {0}, hb = {0};
	char url[1024], line[512];
	CURLcode rc;

	memset(r, 0, sizeof *r);
	snprintf(url, sizeof url, "%s%s", h->url, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &hb);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (token != NULL) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", token);
		hl = curl_slist_append(hl, line);
	}
	if (hdr != NULL)
		hl = curl_slist_append(hl, hdr);
	if (body != NULL) {
		if (hdr == NULL || strncasecmp(hdr, "Content-Type:", 13) != 0)
			hl = curl_slist_append(hl, "Content-Type: application/json");
		if (hdr == NULL || strncasecmp(hdr, "Expect:", 7) != 0)
			hl = curl_slist_append(hl, "Expect:");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		t_fail("%s %s: %s", method, path, curl_easy_strerror(rc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	r->body = b.s ? buf_take(&b) : xstrdup("");
	r->headers = hb.s ? buf_take(&hb) : xstrdup("");
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
}

void hubt_resp_free(struct hubt_resp *r)
{
	free(r->body);
	free(r->headers);
	memset(r, 0, sizeof *r);
}

char *hubt_header(const struct hubt_resp *r, const char *name)
{
	size_t n = strlen(name);
	const char *p = r->headers;

	while (p != NULL && *p) {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1, *e;

			while (*v == ' ')
				v++;
			e = strpbrk(v, "\r\n");
			return xstrndup(v, e ? (size_t)(e - v) : strlen(v));
		}
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return NULL;
}

int hubt_connect(const struct hubt *h)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)h->port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0)
		t_fail("connect to the hub: %s", strerror(errno));
	return fd;
}

char *hubt_raw(const struct hubt *h, const char *data, size_t n, int head_only, int timeout_ms)
{
	int fd = hubt_connect(h);
	struct buf b = {0};
	size_t off = 0;
	int64_t deadline = now_ms_monotonic() + timeout_ms;

	signal(SIGPIPE, SIG_IGN);
	while (off < n) {
		ssize_t w = send(fd, data + off, n - off, MSG_NOSIGNAL);

		if (w <= 0)
			break;
		off += (size_t)w;
	}
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		int left = (int)(deadline - now_ms_monotonic());
		char chunk[4096];
		ssize_t r;

		if (left <= 0 || poll(&p, 1, left) <= 0)
			break;
		r = recv(fd, chunk, sizeof chunk, 0);
		if (r <= 0)
			break;
		buf_add(&b, chunk, (size_t)r);
		if (head_only && strstr(b.s, "\r\n\r\n") != NULL)
			break;
	}
	close(fd);
	return b.s ? buf_take(&b) : xstrdup("");
}

char *hubt_nomination(const char *id, const char *kiosk, const char *municipality,
		      const char *why)
{
	return xasprintf("{\"id\":\"%s\",\"kind\":\"nomination\",\"name\":\"Rūta\","
			 "\"age_group\":\"18-24\",\"contact\":\"+370 612 34567\","
			 "\"message\":\"Labas\",\"lang\":\"lt\",\"consent_version\":\"2026-1\","
			 "\"created_at\":\"2026-11-30T10:00:00Z\",\"kiosk_id\":\"%s\","
			 "\"nominee\":\"Ona Žemaitė\",\"nominee_municipality\":\"%s\","
			 "\"why\":\"%s\"}", id, kiosk, municipality, why);
}

char *hubt_contact(const char *id, const char *kiosk, const char *case_id)
{
	return xasprintf("{\"id\":\"%s\",\"kind\":\"contact\",\"case_id\":\"%s\","
			 "\"name\":\"Jonas\",\"age_group\":\"14-17\","
			 "\"contact\":\"jonas@example.lt\",\"message\":\"=SUM(A1)\","
			 "\"lang\":\"lt\",\"consent_version\":\"2026-1\","
			 "\"created_at\":\"2026-11-30T10:00:00Z\",\"kiosk_id\":\"%s\"}",
			 id, case_id, kiosk);
}

char *hubt_batch(char **items, int n)
{
	struct buf b = {0};
	int i;

	buf_adds(&b, "{\"requests\":[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		buf_adds(&b, items[i]);
	}
	buf_adds(&b, "]}");
	return buf_take(&b);
}

json_t *hubt_parse(const char *s)
{
	json_t *j = json_loads(s, 0, NULL);

	if (j == NULL)
		t_fail("not JSON: %s", s);
	return j;
}

int hubt_expect_at(const char *file, int line, const struct hubt_resp *r, long status,
		   const char *code)
{
	int ok = t_check_int(r->status, status, file, line, "the answer's status");

	if (code != NULL) {
		json_t *j = json_loads(r->body, 0, NULL);
		const char *got = json_string_value(json_object_get(j, "error"));

		ok &= t_check_str(got ? got : "(none)", code, file, line, "the error code");
		ok &= t_check(json_is_string(json_object_get(j, "message")), file, line,
			      "the error has a message");
		json_decref(j);
	}
	if (!ok)
		fprintf(stderr, "  body: %s\n", r->body);
	return ok;
}

json_t *hubt_push_at(const char *file, int line, const struct hubt *h, const char *tok,
		     char **items, int n)
{
	struct hubt_resp r;
	char *body = hubt_batch(items, n);
	json_t *j;

	hubt_http(h, "POST", "/v1/requests", tok, body, NULL, &r);
	free(body);
	if (!t_check_int(r.status, 200, file, line, "the push's status"))
		t_fail("push: %ld %s", r.status, r.body);
	j = hubt_parse(r.body);
	hubt_resp_free(&r);
	return j;
}

json_t *hubt_get_json(const struct hubt *h, const char *path, const char *tok)
{
	struct hubt_resp r;
	json_t *j;

	hubt_http(h, "GET", path, tok, NULL, NULL, &r);
	j = hubt_parse(r.body);
	hubt_resp_free(&r);
	return j;
}

int hubt_get_expect_at(const char *file, int line, const struct hubt *h, const char *path,
		       const char *tok, long status, const char *code)
{
	struct hubt_resp r;
	int ok;

	hubt_http(h, "GET", path, tok, NULL, NULL, &r);
	ok = hubt_expect_at(file, line, &r, status, code);
	hubt_resp_free(&r);
	return ok;
}

long hubt_health(const struct hubt *h, long timeout_s, double *ms)
{
	CURL *c = curl_easy_init();
	char url[128];
	long status = 0;
	int64_t t0 = now_us_monotonic();

	snprintf(url, sizeof url, "%s/v1/health", h->url);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	if (ms != NULL)
		*ms = (double)(now_us_monotonic() - t0) / 1000.0;
	return status;
}
