/* The progress meter of long commands: a bar on a terminal, 10% lines elsewhere. */
#include "progress.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define BAR_COLS        24      /* characters of the bar itself */
#define UNKNOWN_LINE_MS 10000   /* off a terminal, with no total: a line this often */

struct progress {
	FILE *out;
	bool tty;
	char *label;
	int64_t total, done;
	int64_t start_ms, last_ms;      /* when it started; the last bar or line */
	int64_t pace_ms, pace_done;     /* the first step: the pace is measured from it */
	bool paced;                     /* pace_ms and pace_done are set */
	int shown_tenths;               /* off a terminal: the last 10% step printed */
	bool drawn;                     /* on a terminal: a bar is on the line */
};

static struct progress *current;

struct progress *progress_new(FILE *out, bool tty, int64_t total, const char *label,
			      int64_t now_ms)
{
	struct progress *p = xcalloc(1, sizeof *p);

	p->out = out;
	p->tty = tty;
	p->label = xstrdup(label != NULL ? label : "");
	p->total = total > 0 ? total : 0;
	p->start_ms = p->last_ms = now_ms;
	return p;
}

void progress_free(struct progress *p)
{
	if (p == NULL)
		return;
	free(p->label);
	free(p);
}

void progress_set_total(struct progress *p, int64_t total)
{
	p->total = total > 0 ? total : 0;
}

/* Small work shows nothing: it is done before anyone could read a bar. */
static bool worth_showing(const struct progress *p)
{
	return p->total > 0 ? p->total >= PROGRESS_MIN : p->done >= PROGRESS_MIN;
}

/* "1:07" for seconds, "1:02:03" past an hour. */
static void format_secs(int64_t s, char *out, size_t size)
{
	if (s >= 3600)
		snprintf(out, size, "%lld:%02lld:%02lld", (long long)(s / 3600),
			 (long long)(s / 60 % 60), (long long)(s % 60));
	else
		snprintf(out, size, "%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
}

/* The time left at the pace since the first step (the time before it, such as parsing
 * a whole file, says nothing of the pace), "" until there is a pace to go by. */
static void time_left(const struct progress *p, int64_t now_ms, char *out, size_t size)
{
	int64_t spent = now_ms - p->pace_ms, moved = p->done - p->pace_done, left_ms;
	char t[32];

	out[0] = '\0';
	if (p->total <= 0 || moved <= 0 || p->done >= p->total || spent < 500)
		return;
	left_ms = (int64_t)((double)spent * (double)(p->total - p->done) / (double)moved);
	format_secs((left_ms + 999) / 1000, t, sizeof t);
	snprintf(out, size, "  %s left", t);
}

static int percent(const struct progress *p)
{
	int64_t d = p->done < p->total ? p->done : p->total;

	return p->total > 0 ? (int)(d * 100 / p->total) : 0;
}

/* The bar's line, drawn over the last one: \r, the text, then clear to its end. */
static void draw_bar(struct progress *p, int64_t now_ms)
{
	char bar[BAR_COLS + 1], left[48], t[32];
	int fill, i;

	if (p->total <= 0) {
		format_secs((now_ms - p->start_ms) / 1000, t, sizeof t);
		fprintf(p->out, "\r%s: %lld done, %s\033[K", p->label, (long long)p->done, t);
	} else {
		fill = percent(p) * BAR_COLS / 100;
		for (i = 0; i < BAR_COLS; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[BAR_COLS] = '\0';
		time_left(p, now_ms, left, sizeof left);
		fprintf(p->out, "\r%s [%s] %lld/%lld %3d%%%s\033[K", p->label, bar,
			(long long)(p->done < p->total ? p->done : p->total),
			(long long)p->total, percent(p), left);
	}
	fflush(p->out);
	p->drawn = true;
	p->last_ms = now_ms;
}

/* Off a terminal: one line per 10% step reached (or every 10 s with no total). */
static void print_lines(struct progress *p, int64_t now_ms)
{
	int tenths;

	if (p->total <= 0) {
		if (now_ms - p->last_ms < UNKNOWN_LINE_MS)
			return;
		fprintf(p->out, "%s: %lld done\n", p->label, (long long)p->done);
		p->last_ms = now_ms;
		fflush(p->out);
		return;
	}
	tenths = percent(p) / 10;
	if (tenths <= p->shown_tenths)
		return;
	p->shown_tenths = tenths;
	fprintf(p->out, "%s: %d%% (%lld of %lld)\n", p->label, tenths * 10,
		(long long)(p->done < p->total ? p->done : p->total), (long long)p->total);
	p->last_ms = now_ms;
	fflush(p->out);
}

void progress_add(struct progress *p, int64_t n, int64_t now_ms)
{
	if (!p->paced) {
		p->pace_ms = now_ms;
		p->pace_done = p->done;
		p->paced = true;
	}
	if (n > 0)
		p->done += n;
	if (!worth_showing(p))
		return;
	if (!p->tty)
		print_lines(p, now_ms);
	else if (now_ms - p->last_ms >= PROGRESS_REDRAW_MS)
		draw_bar(p, now_ms);
}

void progress_finish(struct progress *p, int64_t now_ms)
{
	char t[32];

	if (!worth_showing(p))
		return;
	if (p->tty) {
		/* A bar on the screen ends at its true figures; work too quick for a
		 * bar leaves nothing. */
		if (p->drawn) {
			draw_bar(p, now_ms);
			fputc('\n', p->out);
		}
	} else if (p->total <= 0) {
		format_secs((now_ms - p->start_ms) / 1000, t, sizeof t);
		fprintf(p->out, "%s: %lld done in %s\n", p->label, (long long)p->done, t);
	} else if (p->done < p->total) {
		/* The 10% lines stopped short: say where. */
		fprintf(p->out, "%s: stopped at %lld of %lld\n", p->label, (long long)p->done,
			(long long)p->total);
	}
	fflush(p->out);
}

void progress_start(int64_t total, const char *label)
{
	progress_end();
	current = progress_new(stderr, isatty(STDERR_FILENO) == 1, total, label,
			       now_ms_monotonic());
}

void progress_step(int64_t n)
{
	if (current != NULL)
		progress_add(current, n, now_ms_monotonic());
}

void progress_total(int64_t total)
{
	if (current != NULL)
		progress_set_total(current, total);
}

void progress_end(void)
{
	if (current == NULL)
		return;
	progress_finish(current, now_ms_monotonic());
	progress_free(current);
	current = NULL;
}
