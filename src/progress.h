/* progress: how far a long piece of work has got, on stderr (DESIGN §5, issue 11).
 * On a terminal a bar with counts and the time left, redrawn at most 5 times a second;
 * otherwise (a pipe, a file, the journal) a plain line at every 10%. Small work (under
 * PROGRESS_MIN items) shows nothing: it is over before anyone could read it. No curses.
 *
 * The simple API keeps one piece of work at a time, for the commands:
 *	progress_start(total, "importing cases");
 *	for (...) { ...; progress_step(1); }
 *	progress_end();
 * Calls without progress_start (or after progress_end) do nothing, so the engine can
 * report progress whether or not a command asked for it. */
#ifndef VITRINA_PROGRESS_H
#define VITRINA_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define PROGRESS_MIN      1000  /* items: less work than this shows nothing */
#define PROGRESS_REDRAW_MS 200  /* a terminal's bar is redrawn at most this often */

/* Start showing work of total items (0 or less: not known; then a count is shown, and
 * a line every 10 seconds off a terminal) on stderr, labelled label (copied; plain
 * text, no personal data). Ends any work still shown. */
void progress_start(int64_t total, const char *label);
/* n more items are done. */
void progress_step(int64_t n);
/* The total became known (or changed): the bar and the 10% lines follow it. */
void progress_total(int64_t total);
/* The work is over: the bar's line is finished, or a last "done" line printed. */
void progress_end(void);

/* The engine under the simple API, for tests: the same output on out, told whether it
 * is a terminal and what time it is (milliseconds, any monotonic origin). */
struct progress;
/* A new meter; never NULL. Free it with progress_free (which does not print). */
struct progress *progress_new(FILE *out, bool tty, int64_t total, const char *label,
			      int64_t now_ms);
void progress_set_total(struct progress *p, int64_t total);
void progress_add(struct progress *p, int64_t n, int64_t now_ms);
void progress_finish(struct progress *p, int64_t now_ms);
void progress_free(struct progress *p);

#endif
