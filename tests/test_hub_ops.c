/* The hub under real operations (issue 11): TLS 1.2 and newer only, slow clients cut
 * at a deadline, CSV exports streamed, /v1/health checking the database, /metrics,
 * syslog priorities and client addresses in the log, X-Forwarded-For only from a
 * trusted proxy, bad tokens limited per address, exactly one Host header. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hub/csv.h"
#include "hub/store.h"
#include "hub_harness.h"
#include "t.h"
#include "util.h"

#define ID_FMT "00000000-0000-4000-8000-%012d"

/* TLS ------------------------------------------------------------------------------ */

/* openssl s_client with one protocol version against the hub: 1 if the handshake
 * worked. The client's own floor is lowered so that it would offer TLS 1.1. */
static int tls_handshake(const struct hubt *h, const char *version, char **out)
{
	char where[64];
	char *argv[] = {(char *)"/usr/bin/openssl", (char *)"s_client", (char *)"-connect",
			where, (char *)version, (char *)"-cipher",
			(char *)"DEFAULT:@SECLEVEL=0", NULL};
	int rc;

	snprintf(where, sizeof where, "127.0.0.1:%d", h->port);
	rc = t_run(argv, out, NULL);
	return rc == 0 && strstr(*out, "Cipher is (NONE)") == NULL;
}

TEST(hub_ops_tls_12_and_newer)
{
	const char *cert = t_path(0, "cert.pem"), *key = t_path(1, "key.pem");
	const char *extra[] = {"--tls-cert", cert, "--tls-key", key, NULL};
	struct hubt h;
	char *out = NULL;

	hubt_make_cert(cert, key);      /* skips without openssl */
	hubt_init(&h, "hub");
	hubt_start(&h, extra);
	CHECK(!tls_handshake(&h, "-tls1_1", &out));
	free(out);
	CHECK(tls_handshake(&h, "-tls1_2", &out));
	CHECK(strstr(out, "TLSv1.2") != NULL);
	free(out);
	CHECK(tls_handshake(&h, "-tls1_3", &out));
	free(out);
	CHECK(t_file_wait(h.err, "(TLS 1.2 and 1.3)", 1, 0));
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
}

/* Slow clients ---------------------------------------------------------------------- */

#define TRICKLERS 300

/* 1 if the hub has closed fd (end of stream or an error), 0 if it is still open. */
static int closed_by_hub(int fd)
{
	char b[256];
	ssize_t r = recv(fd, b, sizeof b, MSG_DONTWAIT);

	if (r == 0)
		return 1;
	if (r < 0)
		return errno != EAGAIN && errno != EWOULDBLOCK;
	return 0;                       /* an answer: it should not have one yet */
}

/* One more byte of a request that never ends ("GET / HTTP/1.1\r\nX: aaaa..."). */
static void trickle(int fd, int *sent)
{
	static const char head[] = "GET /v1/health HTTP/1.1\r\nX-Slow: ";
	char c = *sent < (int)sizeof head - 1 ? head[*sent] : 'a';

	if (send(fd, &c, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1)
		(*sent)++;
}

/* A kept-alive connection: one whole request answered, then the next trickled. */
static int keepalive_trickler(const struct hubt *h)
{
	static const char req[] = "GET /v1/health HTTP/1.1\r\nHost: hub\r\n\r\n";
	int fd = hubt_connect(h);
	struct pollfd p = {fd, POLLIN, 0};
	char b[1024];

	CHECK(send(fd, req, sizeof req - 1, MSG_NOSIGNAL) == (ssize_t)sizeof req - 1);
	CHECK(poll(&p, 1, 5000) == 1);
	CHECK(recv(fd, b, sizeof b, 0) > 0);
	return fd;
}

TEST(hub_ops_slow_clients_are_cut)
{
	const char *extra[] = {"--max-per-ip", "0", "--request-timeout", "2", NULL};
	struct hubt h;
	int fds[TRICKLERS + 1], sent[TRICKLERS + 1], open_now = 0, i, round;
	long status = 0;
	char *admin, *metrics;
	struct hubt_resp r;

	hubt_init(&h, "hub");
	admin = hubt_token(&h, "--admin", "Ona", NULL, NULL);
	hubt_start(&h, extra);
	signal(SIGPIPE, SIG_IGN);
	fds[TRICKLERS] = keepalive_trickler(&h);
	sent[TRICKLERS] = 0;
	for (i = 0; i < TRICKLERS; i++) {
		fds[i] = hubt_connect(&h);
		sent[i] = 0;
		trickle(fds[i], &sent[i]);
	}
	/* others still get answers while the trickling goes on (polled, bounded) */
	for (round = 0; round < 40 && status != 200; round++) {
		status = hubt_health(&h, 2, NULL);
		for (i = 0; i <= TRICKLERS; i++)
			trickle(fds[i], &sent[i]);
		if (status != 200)
			t_sleep_ms(100);
	}
	CHECK_INT(status, 200);
	/* keep trickling until every slow connection is closed: past the deadline of
	 * 2 s, each must be (bounded at 8 s, so a hub that never cuts fails here) */
	for (round = 0; round < 80; round++) {
		open_now = 0;
		for (i = 0; i <= TRICKLERS; i++) {
			if (fds[i] < 0)
				continue;
			if (closed_by_hub(fds[i])) {
				close(fds[i]);
				fds[i] = -1;
				continue;
			}
			trickle(fds[i], &sent[i]);
			open_now++;
		}
		if (open_now == 0)
			break;
		t_sleep_ms(100);
	}
	CHECK_INT(open_now, 0);
	for (i = 0; i <= TRICKLERS; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
	}
	hubt_http(&h, "GET", "/metrics", admin, NULL, NULL, &r);
	hubt_expect(&r, 200, NULL);
	metrics = strstr(r.body, "\nvitrina_hub_slow_clients_closed_total ");
	CHECK(metrics != NULL && strtol(metrics + 39, NULL, 10) > 0);
	hubt_resp_free(&r);
	CHECK_INT(hubt_health(&h, 2, NULL), 200);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(admin);
}

/* CSV exports ------------------------------------------------------------------------ */

#define CSV_ROWS 3000

static void push_many(const struct hubt *h, const char *kiosk_tok, int n)
{
	char *items[100], id[40];
	int i, k;

	for (i = 0; i < n; i += 100) {
		for (k = 0; k < 100 && i + k < n; k++) {
			snprintf(id, sizeof id, ID_FMT, i + k + 1);
			items[k] = hubt_nomination(id, "k1", (i + k) % 2 ? "LT-43" : "LT-02",
						   (i + k) % 3 ? "Veda būrelį" : "=1+2");
		}
		json_decref(hubt_push(h, kiosk_tok, items, k));
		while (k-- > 0)
			free(items[k]);
	}
}

/* The CSV the hub should send for filter f, made from its database. */
static char *expected_csv(const struct hubt *h, const struct request_filter *f,
			  const char *charset)
{
	char *err = NULL, *csv;
	struct store *s = store_open(h->db, &err);
	struct stored_request *rows = NULL;
	int n = 0;

	if (s == NULL)
		t_fail("store_open: %s", err);
	if (store_requests_list(s, f, &rows, &n, &err) < 0)
		t_fail("store_requests_list: %s", err);
	csv = csv_requests(rows, n, charset);
	stored_requests_free(rows, n);
	store_close(s);
	return csv;
}

static int count(const char *s, const char *what)
{
	int n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

TEST(hub_ops_csv_export_streams)
{
	struct hubt h;
	struct hubt_resp r;
	struct request_filter f;
	char *kiosk, *staff, *want, *te, id[40];
	int i, once = 1;

	hubt_init(&h, "hub");
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	staff = hubt_token(&h, "--staff", "Jonas", NULL, NULL);
	hubt_start(&h, NULL);
	push_many(&h, kiosk, CSV_ROWS);

	memset(&f, 0, sizeof f);
	f.limit = 100000;
	hubt_http(&h, "GET", "/v1/requests.csv", staff, NULL, NULL, &r);
	hubt_expect(&r, 200, NULL);
	te = hubt_header(&r, "Transfer-Encoding");
	CHECK(te != NULL && strcmp(te, "chunked") == 0);     /* streamed, not one buffer */
	free(te);
	want = expected_csv(&h, &f, NULL);
	CHECK(strcmp(r.body, want) == 0);
	CHECK_INT(count(r.body, "\"id\",\"ref\""), 1);
	CHECK_INT(count(r.body, "\r\n"), CSV_ROWS + 1);
	for (i = 1; i <= CSV_ROWS && once; i += 97) {
		snprintf(id, sizeof id, "\"" ID_FMT "\"", i);
		once = CHECK_INT(count(r.body, id), 1);
	}
	free(want);
	hubt_resp_free(&r);

	/* a filter, an offset and a limit across page boundaries; windows-1257 */
	f.county = "LT-SA";
	f.offset = 300;
	f.limit = 1000;
	hubt_http(&h, "GET", "/v1/requests.csv?county=LT-SA&offset=300&limit=1000"
		  "&charset=windows-1257", staff, NULL, NULL, &r);
	hubt_expect(&r, 200, NULL);
	want = expected_csv(&h, &f, "windows-1257");
	CHECK(strcmp(r.body, want) == 0);
	CHECK_INT(count(r.body, "\r\n"), 1000 + 1);
	free(want);
	hubt_resp_free(&r);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	free(kiosk);
	free(staff);
}

/* Health and metrics ------------------------------------------------------------------ */

/* 1 if every line of text is a comment or "name{labels} value" / "name value". */
static int prometheus_line(const char *line, size_t n)
{
	size_t i = 0;
	char num[64], *end;

	if (n == 0 || line[0] == '#')
		return n == 0 || (n > 2 && line[1] == ' ');
	if (!((line[0] >= 'a' && line[0] <= 'z') || line[0] == '_'))
		return 0;
	while (i < n && (line[i] == '_' || line[i] == ':' || (line[i] >= 'a' && line[i] <= 'z') ||
			 (line[i] >= '0' && line[i] <= '9')))
		i++;
	if (i < n && line[i] == '{') {
		while (i < n && line[i] != '}') {
			if (line[i] == '"') {   /* a label value: anything but a bare quote */
				for (i++; i < n && line[i] != '"'; i++)
					i += line[i] == '\\';
			}
			i++;
		}
		if (i >= n)
			return 0;
		i++;
	}
	if (i >= n || line[i] != ' ' || n - i - 1 == 0 || n - i - 1 >= sizeof num)
		return 0;
	memcpy(num, line + i + 1, n - i - 1);
	num[n - i - 1] = '\0';
	strtod(num, &end);
	return *end == '\0' && end != num;
}

static int prometheus_text(const char *s)
{
	while (*s) {
		const char *nl = strchr(s, '\n');

		if (nl == NULL || !prometheus_line(s, (size_t)(nl - s)))
			return 0;
		s = nl + 1;
	}
	return 1;
}

/* GET /metrics as admin into r once every text of want is in it (or after 5 s): the hub
 * counts a request when it has sent the answer, so a client can ask again before that. */
static void metrics_with(const struct hubt *h, const char *admin, const char *const *want,
			 struct hubt_resp *r)
{
	int64_t end = now_ms_monotonic() + 5000;
	int i;

	for (;;) {
		hubt_http(h, "GET", "/metrics", admin, NULL, NULL, r);
		for (i = 0; want[i] != NULL && r->body != NULL && strstr(r->body, want[i]); i++)
			;
		if (want[i] == NULL || now_ms_monotonic() >= end)
			return;
		hubt_resp_free(r);
		t_sleep_ms(10);
	}
}

TEST(hub_ops_health_and_metrics)
{
	struct hubt h;
	struct hubt_resp r;
	char *admin, *staff, *kiosk, *item, moved[600];
	const char *const counted[] = {"route=\"/v1/health\",status=\"200\"} 2\n",
				       "route=\"/v1/health\",status=\"503\"} 1\n",
				       "route=\"/metrics\",status=\"403\"} 1\n", NULL};

	hubt_sqlite_only();
	hubt_init(&h, "hub");
	admin = hubt_token(&h, "--admin", "Ona", NULL, NULL);
	staff = hubt_token(&h, "--staff", "Jonas", NULL, NULL);
	kiosk = hubt_token(&h, "--kiosk", "k1", NULL, NULL);
	hubt_start(&h, NULL);
	hubt_get_expect(&h, "/v1/health", NULL, 200, NULL);

	/* the database moved away under the hub: 503 with the reason, then back */
	snprintf(moved, sizeof moved, "%s.away", h.db);
	CHECK(rename(h.db, moved) == 0);
	hubt_http(&h, "GET", "/v1/health", NULL, NULL, NULL, &r);
	hubt_expect(&r, 503, "unavailable");
	CHECK(strstr(r.body, "No such file") != NULL);
	hubt_resp_free(&r);
	CHECK(rename(moved, h.db) == 0);
	hubt_get_expect(&h, "/v1/health", NULL, 200, NULL);

	item = hubt_nomination("00000000-0000-4000-8000-000000000001", "k1", "LT-43", "Gera");
	json_decref(hubt_push(&h, kiosk, &item, 1));
	free(item);
	hubt_get_expect(&h, "/metrics", NULL, 401, "unauthorized");
	hubt_get_expect(&h, "/metrics", staff, 403, "forbidden");
	metrics_with(&h, admin, counted, &r);
	hubt_expect(&r, 200, NULL);
	CHECK(prometheus_text(r.body));
	CHECK(strstr(r.body, "vitrina_hub_http_requests_total{method=\"GET\","
			     "route=\"/v1/health\",status=\"200\"} 2\n") != NULL);
	CHECK(strstr(r.body, "route=\"/v1/health\",status=\"503\"} 1\n") != NULL);
	CHECK(strstr(r.body, "route=\"/metrics\",status=\"403\"} 1\n") != NULL);
	CHECK(strstr(r.body, "\nvitrina_hub_requests_stored_total 1\n") != NULL);
	CHECK(strstr(r.body, "\nvitrina_hub_db_errors_total 1\n") != NULL);
	CHECK(strstr(r.body, "\nvitrina_hub_open_connections ") != NULL);
	CHECK(strstr(r.body, "\nvitrina_hub_uptime_seconds ") != NULL);
	hubt_resp_free(&r);
	CHECK(!prometheus_text("vitrina_x{a=\"b\"}\n"));
	CHECK(!prometheus_text("vitrina x 1\n"));
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	/* priorities for journald: errors <3>, the access log <6> (<4> for a 503) */
	CHECK(t_file_wait(h.err, "<3>vitrina-hub: database: ", 1, 0));
	CHECK(t_file_wait(h.err, " 127.0.0.1 GET /v1/health 200 ", 2, 0));
	CHECK(t_file_wait(h.err, "<4>", 1, 0));
	CHECK(t_file_wait(h.err, "<6>vitrina-hub: stopped", 1, 0));
	free(admin);
	free(staff);
	free(kiosk);
}

/* Client addresses, bad tokens, Host ------------------------------------------------- */

static long get_as(const struct hubt *h, const char *token, const char *xff)
{
	struct hubt_resp r;
	char hdr[128];
	long status;

	snprintf(hdr, sizeof hdr, "X-Forwarded-For: %s", xff);
	hubt_http(h, "GET", "/v1/kiosks", token, NULL, hdr, &r);
	status = r.status;
	if (status == 429)
		CHECK(hubt_header(&r, "Retry-After") != NULL);
	hubt_resp_free(&r);
	return status;
}

TEST(hub_ops_forwarded_for_only_from_a_trusted_proxy)
{
	const char *extra[] = {"--trusted-proxy", "10.9.9.9, 127.0.0.1", NULL};
	struct hubt h;
	char *admin, *log;

	hubt_init(&h, "hub");
	admin = hubt_token(&h, "--admin", "Ona", NULL, NULL);
	hubt_start(&h, extra);
	/* the right-most address that is not a trusted proxy */
	CHECK_INT(get_as(&h, admin, "198.51.100.1, 203.0.113.7"), 200);
	CHECK_INT(get_as(&h, admin, "198.51.100.2, 203.0.113.8, 10.9.9.9"), 200);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	log = t_read_file(h.err);
	CHECK(strstr(log, " 203.0.113.7 GET /v1/kiosks 200 ") != NULL);
	CHECK(strstr(log, " 203.0.113.8 GET /v1/kiosks 200 ") != NULL);
	CHECK(strstr(log, "198.51.100.") == NULL);
	free(log);

	/* a peer that is not trusted: its own address, whatever it forwards */
	hubt_start(&h, NULL);
	CHECK_INT(get_as(&h, admin, "203.0.113.9"), 200);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	log = t_read_file(h.err);
	CHECK(strstr(log, "203.0.113.9") == NULL);
	CHECK(strstr(log, " 127.0.0.1 GET /v1/kiosks 200 ") != NULL);
	free(log);
	free(admin);
}

TEST(hub_ops_bad_tokens_limited_per_address)
{
	const char *extra[] = {"--trusted-proxy", "127.0.0.1", NULL};
	const char *bad = "0000000000000000000000000000000000000000000000000000000000000000";
	struct hubt h;
	char *admin;
	int i;

	hubt_init(&h, "hub");
	admin = hubt_token(&h, "--admin", "Ona", NULL, NULL);
	hubt_start(&h, extra);
	/* more than 10 in a minute: the 11th is still answered, the next is refused */
	for (i = 0; i < 11; i++)
		CHECK_INT(get_as(&h, bad, "203.0.113.7"), 401);
	CHECK_INT(get_as(&h, bad, "203.0.113.7"), 429);
	/* refused before the token is looked at, a good one too: no guessing */
	CHECK_INT(get_as(&h, admin, "203.0.113.7"), 429);
	/* other addresses go on */
	CHECK_INT(get_as(&h, admin, "203.0.113.8"), 200);
	CHECK_INT(get_as(&h, bad, "203.0.113.8"), 401);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
	CHECK(t_file_wait(h.err, "<4>vitrina-hub: too many bad tokens from 203.0.113.7", 1, 0));
	free(admin);
}

TEST(hub_ops_one_host_header)
{
	static const char *const reqs[] = {
		"GET /v1/health HTTP/1.1\r\n\r\n",
		"GET /v1/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
		"GET /v1/health HTTP/1.0\r\n\r\n",
		"POST /v1/requests HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}",
		"GET /v1/health HTTP/1.1\r\nHost: hub\r\n\r\n",
	};
	struct hubt h;
	size_t i;

	hubt_init(&h, "hub");
	hubt_start(&h, NULL);
	for (i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
		char *got = hubt_raw(&h, reqs[i], strlen(reqs[i]), 1, 5000);
		int last = i + 1 == sizeof reqs / sizeof reqs[0];

		if (!CHECK(strncmp(got, last ? "HTTP/1.1 200" : "HTTP/1.1 400", 12) == 0))
			fprintf(stderr, "request %zu: %.60s\n", i, got);
		free(got);
	}
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
}
