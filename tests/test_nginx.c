/* The shipped reverse-proxy config, kiosk/nginx-vitrina.conf, run with Debian's nginx on
 * loopback in front of a real hub: a kiosk batch passes, requests reuse a few upstream
 * connections, bodies and answers never reach nginx's temp files, the access log has no
 * query strings and X-Forwarded-For is nginx's, not the client's. Skipped without
 * /usr/sbin/nginx (.ci/run installs nginx-light). */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hub_harness.h"
#include "t.h"
#include "util.h"

#define NGINX "/usr/sbin/nginx"
#define SHIPPED "kiosk/nginx-vitrina.conf"

struct nginx {
	pid_t pid;
	int port;
	char dir[512];          /* its prefix: config, logs, pid and temp folders */
};

/* Put line into out unless the shipped config's line is one the test replaces:
 * the hub's address, the TLS listeners and certificates, the log path, and (without
 * keepalive) the upstream's keep-alive lines. Counts each replacement in seen[]. */
static void adapt_line(struct buf *out, const char *line, const struct nginx *n, int hub_port,
		       int keepalive, int seen[4])
{
	const char *t = line + strspn(line, " \t");

	if (strncmp(t, "server 127.0.0.1:8080;", 22) == 0) {
		buf_addf(out, "\tserver 127.0.0.1:%d;\n", hub_port);
		seen[0]++;
	} else if (strncmp(t, "listen ", 7) == 0) {
		if (seen[1]++ == 0)
			buf_addf(out, "\tlisten 127.0.0.1:%d;\n", n->port);
	} else if (strncmp(t, "ssl_", 4) == 0) {
		seen[2]++;
	} else if (strncmp(t, "access_log /var/log/nginx/", 26) == 0) {
		buf_addf(out, "\taccess_log %s/access.log vitrina;\n", n->dir);
		seen[3]++;
	} else if (!keepalive && strncmp(t, "keepalive", 9) == 0) {
		return;
	} else {
		buf_addf(out, "%s\n", line);
	}
}

/* nginx.conf for a test: the shipped file inside an http block whose pid, logs and
 * temp folders are in the test's folder, so nginx runs as the test's user. */
static void write_conf(const struct nginx *n, int hub_port, int keepalive)
{
	char *shipped = t_read_file(SHIPPED), *line, *next, *path;
	struct buf out = {0};
	int seen[4] = {0};

	if (shipped[0] == '\0')
		t_fail("cannot read %s", SHIPPED);
	buf_addf(&out, "daemon off;\nmaster_process on;\nworker_processes 1;\n"
		 "pid %s/nginx.pid;\nerror_log %s/error.log;\n", n->dir, n->dir);
	/* As root nginx's workers would become "nobody", who may not write here. */
	if (geteuid() == 0)
		buf_adds(&out, "user root root;\n");
	buf_addf(&out, "events { worker_connections 128; }\nhttp {\n\taccess_log off;\n"
		 "\tclient_body_temp_path %s/client_body_temp;\n"
		 "\tproxy_temp_path %s/proxy_temp;\n\tfastcgi_temp_path %s/fastcgi_temp;\n"
		 "\tuwsgi_temp_path %s/uwsgi_temp;\n\tscgi_temp_path %s/scgi_temp;\n",
		 n->dir, n->dir, n->dir, n->dir, n->dir);
	for (line = shipped; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		adapt_line(&out, line, n, hub_port, keepalive, seen);
	}
	buf_adds(&out, "}\n");
	/* The test must notice when the shipped file changes shape. */
	CHECK(seen[0] == 1 && seen[1] >= 1 && seen[2] >= 2 && seen[3] == 1);
	path = xasprintf("%s/nginx.conf", n->dir);
	t_write_file(path, out.s);
	free(path);
	buf_free(&out);
	free(shipped);
}

static int can_connect(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static void nginx_start(struct nginx *n, const char *name, int hub_port, int keepalive)
{
	char *conf, *log;
	int i;

	snprintf(n->dir, sizeof n->dir, "%s/%s", t_dir(), name);
	if (mkdir(n->dir, 0700) < 0 && errno != EEXIST)
		t_fail("cannot make %s", n->dir);
	n->port = hubt_free_port();
	write_conf(n, hub_port, keepalive);
	conf = xasprintf("%s/nginx.conf", n->dir);
	log = xasprintf("%s/error.log", n->dir);
	{
		char *argv[] = {(char *)NGINX, (char *)"-p", n->dir, (char *)"-c", conf,
				(char *)"-e", log, NULL};
		struct t_spawn_opts o = {0};

		o.err.how = T_IO_APPEND;
		o.err.path = log;
		n->pid = t_spawn(argv, &o);
	}
	for (i = 0; i < 250 && !can_connect(n->port); i++) {
		if (t_wait(n->pid, 20) != -2) {
			char *why = t_read_file(log);

			t_fail("nginx did not start: %s", why);
		}
	}
	if (!can_connect(n->port))
		t_fail("nginx does not listen on %d", n->port);
	free(conf);
	free(log);
}

static void nginx_stop(struct nginx *n)
{
	if (n->pid > 0)
		t_kill(n->pid, SIGQUIT, 5000);
	n->pid = 0;
}

static size_t collect(char *p, size_t size, size_t nmemb, void *arg)
{
	buf_add(arg, p, size * nmemb);
	return size * nmemb;
}

/* One request through nginx on the handle c (its connection is reused); the status,
 * the body in *body if not NULL. */
static long call(CURL *c, const struct nginx *n, const char *path, const char *token,
		 const char *body, struct buf *answer)
{
	struct curl_slist *h = NULL;
	struct buf sink = {0};
	char *url = xasprintf("http://127.0.0.1:%d%s", n->port, path), *auth = NULL;
	long status = 0;

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, answer != NULL ? answer : &sink);
	/* A client's own X-Forwarded-For must not reach the hub. */
	h = curl_slist_append(h, "X-Forwarded-For: 192.0.2.66");
	h = curl_slist_append(h, "Expect:");
	if (token != NULL) {
		auth = xasprintf("Authorization: Bearer %s", token);
		h = curl_slist_append(h, auth);
	}
	if (body != NULL) {
		h = curl_slist_append(h, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	free(auth);
	free(url);
	buf_free(&sink);
	return status;
}

/* Distinct connections to the hub's port the kernel knows of (open or just closed):
 * the client-side ports of /proc/net/tcp's sockets with the hub's port at one end. */
static int hub_connections(int hub_port)
{
	char *tab = t_read_file("/proc/net/tcp"), *line, *next;
	unsigned lport, rport, seen[4096];
	int n = 0, i, known;

	for (line = strchr(tab, '\n'); line != NULL; line = next) {
		next = strchr(line + 1, '\n');
		if (sscanf(line, " %*d: %*x:%x %*x:%x", &lport, &rport) != 2)
			continue;
		if (lport != (unsigned)hub_port && rport != (unsigned)hub_port)
			continue;
		if (rport == 0)
			continue;       /* the listening socket */
		if (lport == (unsigned)hub_port)
			lport = rport;
		for (i = 0, known = 0; i < n && !known; i++)
			known = seen[i] == lport;
		if (!known && n < 4096)
			seen[n++] = lport;
	}
	free(tab);
	return n;
}

/* Regular files anywhere under dir (missing: 0). */
static int files_under(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat sb;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char *p;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		if (lstat(p, &sb) == 0)
			n += S_ISDIR(sb.st_mode) ? files_under(p) : 1;
		free(p);
	}
	closedir(d);
	return n;
}

/* A batch of 100 nominations of about 1.4 KB each: far over nginx's default 16 KiB
 * body buffer, which would spool it to disk. */
static char *big_batch(const char *kiosk, int n)
{
	char *items[100], why[1001], id[37];
	char *batch;
	int i;

	memset(why, 'a', 1000);
	why[1000] = '\0';
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i + 1);
		items[i] = hubt_nomination(id, kiosk, "LT-43", why);
	}
	batch = hubt_batch(items, n);
	for (i = 0; i < n; i++)
		free(items[i]);
	return batch;
}

static void need_nginx(void)
{
	if (access(NGINX, X_OK) != 0)
		t_skip("no " NGINX " (apt-get install nginx-light)");
}

TEST(nginx_shipped_config_in_front_of_the_hub)
{
	const char *const extra[] = {"--trusted-proxy", "127.0.0.1", NULL};
	struct hubt h;
	struct nginx n = {0};
	struct buf answer = {0};
	char *token, *batch, *log, *hublog, *tmp;
	json_t *j;
	CURL *c;
	int i, ok = 1, before;

	need_nginx();
	hubt_init(&h, "hub");
	hubt_start(&h, extra);
	hubt_import(&h, "kiosk/sample.json");
	token = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	nginx_start(&n, "nginx", h.port, 1);
	c = curl_easy_init();

	/* A kiosk batch passes whole, and nothing of it is written to disk. */
	batch = big_batch("k1", 100);
	CHECK(strlen(batch) > 100000);
	CHECK_INT(call(c, &n, "/v1/requests", token, batch, &answer), 200);
	j = json_loadb(answer.s ? answer.s : "", answer.len, 0, NULL);
	CHECK_INT(json_array_size(json_object_get(j, "accepted")), 100);
	json_decref(j);
	CHECK_INT(hubt_request_count(&h), 100);

	/* A large answer (the whole sample catalogue) passes, in memory too. */
	buf_free(&answer);
	CHECK_INT(call(c, &n, "/v1/cases?since=0&limit=1000", token, NULL, &answer), 200);
	CHECK(answer.len > 64 * 1024);
	tmp = xasprintf("%s/client_body_temp", n.dir);
	CHECK_INT(files_under(tmp), 0);
	free(tmp);
	tmp = xasprintf("%s/proxy_temp", n.dir);
	CHECK_INT(files_under(tmp), 0);
	free(tmp);

	/* 200 requests over one client connection use a few hub connections. */
	before = hub_connections(h.port);
	for (i = 0; i < 200 && ok; i++)
		ok = call(c, &n, "/v1/health", NULL, NULL, NULL) == 200;
	CHECK(ok);
	CHECK(hub_connections(h.port) - before <= 4);
	curl_easy_cleanup(c);
	nginx_stop(&n);

	/* The access log: the address and the path, never the query string. */
	log = xasprintf("%s/access.log", n.dir);
	tmp = t_read_file(log);
	CHECK(strstr(tmp, "127.0.0.1 [") != NULL);
	CHECK(strstr(tmp, "GET /v1/cases HTTP/1.1") != NULL);
	CHECK(strstr(tmp, "since=") == NULL);
	free(tmp);
	free(log);

	/* The hub logs nginx's X-Forwarded-For (the client's address), not the one the
	 * client sent. */
	hubt_stop(&h, SIGTERM);
	hublog = t_read_file(h.err);
	CHECK(strstr(hublog, "/v1/requests") != NULL);
	CHECK(strstr(hublog, "192.0.2.66") == NULL);
	free(hublog);
	buf_free(&answer);
	free(batch);
	free(token);
}

/* `vitrina sync --once` with the hub behind nginx down: the 502 in plain words. */
static void sync_through(const struct nginx *n)
{
	char *conf, *out = NULL, *err = NULL;
	const char *tok = t_path(1, "token");
	int rc;

	hubt_write_token(tok, "not-checked-by-nginx");
	conf = xasprintf("hub_url = http://127.0.0.1:%d\ntoken_file = %s\ndb = %s\n",
			 n->port, tok, t_path(2, "kiosk.db"));
	t_write_file(t_path(3, "kiosk.conf"), conf);
	{
		char *argv[] = {(char *)t_bin("vitrina"), (char *)"--config",
				(char *)t_path(3, "kiosk.conf"), (char *)"sync", (char *)"--once",
				NULL};

		rc = t_run(argv, &out, &err);
	}
	CHECK_INT(rc, 1);
	if (!CHECK(strstr(err, "the proxy/hub answered 502 (Bad Gateway)") != NULL))
		fprintf(stderr, "stderr: %s\n", err);
	free(out);
	free(err);
	free(conf);
}

/* The counter above can tell: without the upstream's keepalive each request is a new
 * connection to the hub (the README's old block). */
TEST(nginx_without_keepalive_opens_a_connection_each)
{
	struct hubt h;
	struct nginx n = {0};
	CURL *c;
	int i, ok = 1, before;

	need_nginx();
	hubt_init(&h, "hub");
	hubt_start(&h, NULL);
	nginx_start(&n, "nginx", h.port, 0);
	c = curl_easy_init();
	before = hub_connections(h.port);
	for (i = 0; i < 50 && ok; i++)
		ok = call(c, &n, "/v1/health", NULL, NULL, NULL) == 200;
	CHECK(ok);
	CHECK(hub_connections(h.port) - before >= 45);
	curl_easy_cleanup(c);

	/* With the hub down nginx answers an HTML 502: the kiosk says so in plain words,
	 * naming the proxy as well as the hub. */
	hubt_stop(&h, SIGTERM);
	sync_through(&n);
	nginx_stop(&n);
}
