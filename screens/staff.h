/* staff: the screens of the staff review TUI (`vitrina review`): the inbox of requests
 * at the hub and one request's detail, over the client in src/review.h. */
#ifndef VITRINA_STAFF_H
#define VITRINA_STAFF_H

#include "review.h"
#include "ui.h"

/* The inbox (screens/staff_inbox.c): the bottom of the stack; arg NULL. */
extern const struct screen screen_staff_inbox;
/* The keys of the review screens (overlay, screens/staff_inbox.c); arg NULL. */
extern const struct screen screen_staff_help;
/* Export the inbox's current list as CSV (overlay, screens/staff_inbox.c); arg NULL. */
extern const struct screen screen_staff_export;
/* One request (screens/staff_request.c); arg: the request id. */
extern const struct screen screen_staff_request;

/* The hub client the screens use (set before ui_run; not owned by the screens). */
void staff_set_client(struct review_client *c);
struct review_client *staff_client(void);

/* The inbox learns of a request changed on the detail screen (status, version), so
 * that its list shows it without a reload. */
void staff_inbox_changed(const struct review_item *it);
/* The id of the request after (dir 1) or before (dir -1) id in the inbox's list, or
 * NULL at either end. Valid until the inbox changes. */
const char *staff_inbox_neighbour(const char *id, int dir);

#endif
