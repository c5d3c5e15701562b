/* staff: the screens of the staff review TUI (`vitrina review`): the inbox of requests
 * at the hub, one request's detail, the keys overlay, the CSV export and the figures
 * (bar charts of the kiosks' usage), over the client
 * in src/review.h. They keep no state of their own outside their screens: what they share
 * is the struct staff_app the command puts in ui->app. */
#ifndef VITRINA_STAFF_H
#define VITRINA_STAFF_H

#include "review.h"
#include "ui.h"

struct staff_inbox;

/* What the staff screens share: made by `vitrina review` and put in ui->app before
 * ui_run. */
struct staff_app {
	struct review_client *client;   /* the hub (owned by the command) */
	struct staff_inbox *inbox;      /* the inbox's state while it is on the stack (set
					 * and cleared by the inbox), else NULL */
	const char *draft_dir;          /* where draft cases are written (NULL: the current
					 * folder; `vitrina review` takes $VITRINA_DRAFT_DIR) */
};

/* The inbox (screens/staff_inbox.c): the bottom of the stack; arg NULL. */
extern const struct screen screen_staff_inbox;
/* The keys of the review screens (overlay, screens/staff_help.c); arg NULL. */
extern const struct screen screen_staff_help;
/* Export as CSV (overlay, screens/staff_export.c): arg NULL the inbox's current list; arg
 * "BY FROM TO COUNTY" a chart's figures (the index of enum review_stats_by, the days,
 * the county code or "-"). */
extern const struct screen screen_staff_export;
/* One request (screens/staff_request.c); arg: the request id. */
extern const struct screen screen_staff_request;
/* The kiosks' usage figures as bar charts (screens/staff_figures.c); arg NULL. */
extern const struct screen screen_staff_figures;

/* The inbox learns of a request changed on the detail screen (status, version), so
 * that its list shows it without a reload. Nothing happens without an inbox. */
void staff_inbox_changed(struct staff_app *a, const struct review_item *it);
/* The id of the request after (dir 1) or before (dir -1) id in the inbox's list, or
 * NULL at either end or without an inbox. Valid until the inbox changes. */
const char *staff_inbox_neighbour(const struct staff_app *a, const char *id, int dir);
/* The inbox's current filters into f (zeroed first; the strings are static). */
void staff_inbox_filter(const struct staff_app *a, struct review_filter *f);

#endif
