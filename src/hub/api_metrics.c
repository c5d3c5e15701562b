/* GET /metrics: the hub's counters in the Prometheus text format (admin token), and
 * the counting itself: lock-free counters any connection thread may bump. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub.h"

#define MAX_ROUTES   24
#define FIRST_STATUS 100
#define NSTATUS      500             /* 100 .. 599 */

struct hub_metrics {
	int nroutes;
	char method[MAX_ROUTES][8];
	char path[MAX_ROUTES][48];
	int64_t started_us;
	/* the last row counts answers without a route (404, 405, errors before routing) */
	atomic_ulong by_route[MAX_ROUTES + 1][NSTATUS];
	atomic_long value[M_COUNT];
};

struct hub_metrics *metrics_new(const char *const *labels, int nroutes)
{
	struct hub_metrics *m = xcalloc(1, sizeof *m);
	int i;

	if (nroutes > MAX_ROUTES)
		nroutes = MAX_ROUTES;
	m->nroutes = nroutes;
	m->started_us = now_us_monotonic();
	for (i = 0; i < nroutes; i++) {
		const char *sp = strchr(labels[i], ' ');
		int n = sp != NULL ? (int)(sp - labels[i]) : 0;

		snprintf(m->method[i], sizeof m->method[i], "%.*s", n, labels[i]);
		snprintf(m->path[i], sizeof m->path[i], "%s", sp != NULL ? sp + 1 : labels[i]);
	}
	return m;
}

void metrics_free(struct hub_metrics *m)
{
	free(m);
}

void metrics_request(struct hub_metrics *m, int route, unsigned status)
{
	if (m == NULL || status < FIRST_STATUS || status >= FIRST_STATUS + NSTATUS)
		return;
	if (route < 0 || route >= m->nroutes)
		route = m->nroutes;
	atomic_fetch_add_explicit(&m->by_route[route][status - FIRST_STATUS], 1,
				  memory_order_relaxed);
}

void metrics_add(struct hub_metrics *m, enum metric k, long n)
{
	if (m != NULL && k < M_COUNT)
		atomic_fetch_add_explicit(&m->value[k], n, memory_order_relaxed);
}

void hub_db_failed(const struct hub_call *c, char *err)
{
	hub_log(HUB_ERR, "%s", err != NULL ? err : "storage failure");
	free(err);
	metrics_add(c->metrics, M_DB_ERRORS, 1);
}

static void head(struct buf *b, const char *name, const char *type, const char *help)
{
	buf_addf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void requests_by_route(struct buf *b, struct hub_metrics *m)
{
	int i, k;

	head(b, "vitrina_hub_http_requests_total", "counter",
	     "HTTP requests answered, by route and status.");
	for (i = 0; i <= m->nroutes; i++) {
		for (k = 0; k < NSTATUS; k++) {
			unsigned long n = atomic_load(&m->by_route[i][k]);

			if (n == 0)
				continue;
			buf_addf(b, "vitrina_hub_http_requests_total{method=\"%s\",route=\"%s\","
				 "status=\"%d\"} %lu\n", i < m->nroutes ? m->method[i] : "",
				 i < m->nroutes ? m->path[i] : "none", k + FIRST_STATUS, n);
		}
	}
}

/* The counters and gauges, each with its name, type and help, in the order shown. */
static const struct {
	enum metric k;
	const char *name, *type, *help;
} series[] = {
	{M_STORED, "vitrina_hub_requests_stored_total", "counter",
	 "Contact requests and nominations newly stored."},
	{M_OPEN_CONNECTIONS, "vitrina_hub_open_connections", "gauge", "HTTP connections open now."},
	{M_DB_ERRORS, "vitrina_hub_db_errors_total", "counter", "Storage failures (answered 503)."},
	{M_SLOW_CLOSED, "vitrina_hub_slow_clients_closed_total", "counter",
	 "Connections closed because a request took longer than the request timeout."},
	{M_BAD_TOKEN_LIMITED, "vitrina_hub_bad_token_limited_total", "counter",
	 "Answers 429 to client addresses that sent too many bad tokens."},
	{M_CSV_ROWS, "vitrina_hub_csv_rows_total", "counter", "Rows sent in CSV exports."},
};

/* The whole text; a new string. */
static char *metrics_text(struct hub_metrics *m)
{
	struct buf b = {0};
	double up = (double)(now_us_monotonic() - m->started_us) / 1e6;
	size_t i;

	head(&b, "vitrina_hub_info", "gauge", "The hub's version.");
	buf_addf(&b, "vitrina_hub_info{version=\"%s\"} 1\n", VERSION);
	head(&b, "vitrina_hub_uptime_seconds", "gauge", "Seconds since the hub started.");
	buf_addf(&b, "vitrina_hub_uptime_seconds %.1f\n", up);
	requests_by_route(&b, m);
	for (i = 0; i < sizeof series / sizeof series[0]; i++) {
		head(&b, series[i].name, series[i].type, series[i].help);
		buf_addf(&b, "%s %ld\n", series[i].name, atomic_load(&m->value[series[i].k]));
	}
	return buf_take(&b);
}

void api_metrics(const struct hub_call *c, struct reply *r)
{
	char *text;

	if (c->metrics == NULL) {
		reply_error(r, 404, "not_found", "There is no such endpoint");
		return;
	}
	text = metrics_text(c->metrics);
	r->status = 200;
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	buf_adds(&r->body, text);
	free(text);
}
