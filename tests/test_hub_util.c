#include "test_hub.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "t.h"
#include "util.h"

void hubt_init(struct hubt *h, const char *name)
{
	memset(h, 0, sizeof *h);
	snprintf(h->db, sizeof h->db, "%s/%s.db", t_dir(), name);
	snprintf(h->out, sizeof h->out, "%s/%s.out", t_dir(), name);
	snprintf(h->err, sizeof h->err, "%s/%s.err", t_dir(), name);
}

static char *slurp(const char *path)
{
	char *s = NULL, *err = NULL;
	size_t n;

	if (read_file(path, 64 << 20, &s, &n, &err) < 0) {
		free(err);
		return xstrdup("");
	}
	return s;
}

static void pause_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

void hubt_start(struct hubt *h, const char *const *extra)
{
	const char *argv[32];
	int k = 0, i, status;
	int64_t deadline = now_ms_monotonic() + 15000;
	char bin[1024];
	pid_t pid;

	snprintf(bin, sizeof bin, "%s", t_bin("vitrina-hub"));
	argv[k++] = bin;
	argv[k++] = "--db";
	argv[k++] = h->db;
	argv[k++] = "serve";
	argv[k++] = "--listen";
	argv[k++] = "127.0.0.1:0";
	for (i = 0; extra != NULL && extra[i] != NULL && k < 31; i++)
		argv[k++] = extra[i];
	argv[k] = NULL;
	unlink(h->out);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		t_fail("fork: %s", strerror(errno));
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int fo = open(h->out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fe = open(h->err, O_WRONLY | O_CREAT | O_APPEND, 0600);

		dup2(in, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	h->pid = pid;
	for (;;) {
		char *out = slurp(h->out), *p = strstr(out, "listening on 127.0.0.1:");

		if (p != NULL && strchr(p, '\n') != NULL) {
			h->port = (int)strtol(p + strlen("listening on 127.0.0.1:"), NULL, 10);
			free(out);
			break;
		}
		free(out);
		if (waitpid(pid, &status, WNOHANG) == pid) {
			char *err = slurp(h->err);

			h->pid = 0;
			t_fail("vitrina-hub exited at start: %s", err);
		}
		if (now_ms_monotonic() > deadline)
			t_fail("vitrina-hub did not start listening");
		pause_ms(5);
	}
	snprintf(h->url, sizeof h->url, "http://127.0.0.1:%d", h->port);
}

int hubt_stop(struct hubt *h, int sig)
{
	int status;

	if (h->pid <= 0)
		return -1;
	kill(h->pid, sig);
	while (waitpid(h->pid, &status, 0) < 0 && errno == EINTR)
		;
	h->pid = 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int hubt_cli(const struct hubt *h, const char *const *args, char **out, char **err)
{
	const char *argv[32];
	char bin[1024];
	int k = 0, i;

	snprintf(bin, sizeof bin, "%s", t_bin("vitrina-hub"));
	argv[k++] = bin;
	argv[k++] = "--db";
	argv[k++] = h->db;
	for (i = 0; args[i] != NULL && k < 31; i++)
		argv[k++] = args[i];
	argv[k] = NULL;
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
	while (n > 0 && out[n - 1] == '\n')
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

int hubt_expect(const struct hubt_resp *r, long status, const char *code)
{
	int ok = CHECK_INT(r->status, status);

	if (code != NULL) {
		json_t *j = json_loads(r->body, 0, NULL);
		const char *got = json_string_value(json_object_get(j, "error"));

		ok &= CHECK_STR(got ? got : "(none)", code);
		ok &= CHECK(json_is_string(json_object_get(j, "message")));
		json_decref(j);
	}
	if (!ok)
		fprintf(stderr, "  body: %s\n", r->body);
	return ok;
}

json_t *hubt_push(const struct hubt *h, const char *tok, char **items, int n)
{
	struct hubt_resp r;
	char *body = hubt_batch(items, n);
	json_t *j;

	hubt_http(h, "POST", "/v1/requests", tok, body, NULL, &r);
	free(body);
	if (!CHECK_INT(r.status, 200))
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

int hubt_get_expect(const struct hubt *h, const char *path, const char *tok, long status,
		    const char *code)
{
	struct hubt_resp r;
	int ok;

	hubt_http(h, "GET", path, tok, NULL, NULL, &r);
	ok = hubt_expect(&r, status, code);
	hubt_resp_free(&r);
	return ok;
}
