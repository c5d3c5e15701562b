/* make bench: a public case page (serve --public) served to a burst of readers, beside
 * libmicrohttpd serving a fixed response of the same size with the hub's threading, in
 * the same run: kept-alive connections, each sending the next GET when the last answer
 * is in. Also the conditional GET that a returning reader's browser sends. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hub_harness.h"
#include "t.h"
#include "test_sync.h"
#include "util.h"

#define CONNS   8
#define SECONDS 2

struct load {
	int port;
	const char *request;
	int64_t until_us;
	long done;
	int failed;
};

/* Read one answer (headers, then Content-Length bytes) from fd: 0, or -1. */
static int read_answer(int fd, char *buf, size_t cap)
{
	size_t have = 0;
	char *end = NULL, *cl;
	long body;
	ssize_t n;

	while (end == NULL) {
		if (have + 1 >= cap || (n = read(fd, buf + have, cap - 1 - have)) <= 0)
			return -1;
		have += (size_t)n;
		buf[have] = '\0';
		end = strstr(buf, "\r\n\r\n");
	}
	cl = strstr(buf, "Content-Length: ");
	body = cl != NULL && cl < end ? strtol(cl + 16, NULL, 10) : 0;
	body -= (long)(have - (size_t)(end + 4 - buf));
	while (body > 0) {
		if ((n = read(fd, buf, cap < (size_t)body ? cap : (size_t)body)) <= 0)
			return -1;
		body -= n;
	}
	return 0;
}

static void *reader(void *arg)
{
	struct load *l = arg;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)l->port)};
	size_t len = strlen(l->request);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char *buf = xcalloc(1, 1 << 16);
	long done = 0;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0)
		l->failed = 1;
	while (!l->failed && now_us_monotonic() < l->until_us) {
		if (write(fd, l->request, len) != (ssize_t)len || read_answer(fd, buf, 1 << 16) < 0) {
			l->failed = 1;
			break;
		}
		done++;
	}
	if (fd >= 0)
		close(fd);
	free(buf);
	__atomic_add_fetch(&l->done, done, __ATOMIC_RELAXED);
	return NULL;
}

/* Requests a second CONNS readers get for SECONDS with request (-1 on a failure). */
static double load(int port, const char *request)
{
	struct load l = {.port = port, .request = request};
	pthread_t th[CONNS];
	int64_t t0 = now_us_monotonic();
	int i;

	l.until_us = t0 + SECONDS * 1000000;
	for (i = 0; i < CONNS; i++)
		pthread_create(&th[i], NULL, reader, &l);
	for (i = 0; i < CONNS; i++)
		pthread_join(th[i], NULL);
	if (l.failed)
		return -1;
	return (double)l.done * 1e6 / (double)(now_us_monotonic() - t0);
}

/* ---- the raw limit: libmicrohttpd with a fixed response ---- */

static enum MHD_Result fixed(void *cls, struct MHD_Connection *c, const char *url,
			     const char *method, const char *version, const char *data,
			     size_t *size, void **state)
{
	struct buf *page = cls;
	struct MHD_Response *r;
	enum MHD_Result ret;

	(void)url;
	(void)method;
	(void)version;
	(void)data;
	(void)size;
	/* answered on the second call, as the hub does: queued on the first, the
	 * connection would be closed after it */
	if (*state == NULL) {
		*state = page;
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(page->len, page->s, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

static double raw_rate(const char *body, const char *request)
{
	struct buf page = {0};
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	double rate;

	buf_adds(&page, body);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
			     MHD_USE_POLL, 0, NULL, NULL, fixed, &page,
			     MHD_OPTION_END);
	info = d != NULL ? MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT) : NULL;
	rate = info != NULL ? load(info->port, request) : -1;
	if (d != NULL)
		MHD_stop_daemon(d);
	buf_free(&page);
	return rate;
}

TEST(bench_public_case_page)
{
	static const char *const extra[] = {"--public", "--public-url", "https://vitrina.example.lt",
					    "--quiet", NULL};
	char *request, *conditional, *path, *etag, *loc, *end;
	struct hubt_resp r;
	struct hubt h;
	double rate, raw, rate304;
	int i;

	hubt_init(&h, "hub");
	sync_write_cases(t_path(4, "cases.json"), 0, 1000, "Kelias į amatą", 10);
	hubt_import(&h, t_path(4, "cases.json"));
	hubt_start(&h, extra);
	for (i = 0; i < 400; i++) {
		hubt_http(&h, "GET", "/sitemap.xml", NULL, NULL, NULL, &r);
		if (r.status == 200)
			break;
		hubt_resp_free(&r);
		t_sleep_ms(50);
	}
	loc = r.body != NULL ? strstr(r.body, "/c/") : NULL;
	end = loc != NULL ? strchr(loc, '<') : NULL;
	if (!CHECK(end != NULL)) {
		hubt_resp_free(&r);
		hubt_stop(&h, SIGTERM);
		return;
	}
	path = xasprintf("%.*s", (int)(end - loc), loc);
	hubt_resp_free(&r);
	hubt_http(&h, "GET", path, NULL, NULL, NULL, &r);
	CHECK_INT(r.status, 200);
	etag = hubt_header(&r, "ETag");
	request = xasprintf("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
	conditional = xasprintf("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: %s\r\n\r\n",
				path, etag != NULL ? etag : "\"x\"");
	rate = load(h.port, request);
	raw = raw_rate(r.body != NULL ? r.body : "", request);
	rate304 = load(h.port, conditional);
	printf("  (a case page of %zu bytes, %d kept-alive connections, %d s each)\n",
	       r.body != NULL ? strlen(r.body) : 0, CONNS, SECONDS);
	t_bench("public: case page", rate, "req/s", raw,
		"libmicrohttpd, a fixed response of the same size");
	t_bench("public: conditional GET (304)", rate304, "req/s", raw,
		"libmicrohttpd, a fixed response of the same size");
	CHECK(rate > 0 && raw > 0 && rate304 > 0);
	hubt_resp_free(&r);
	free(etag);
	free(request);
	free(conditional);
	free(path);
	CHECK_INT(hubt_stop(&h, SIGTERM), 0);
}
