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

/* A row of key buttons ("r Refresh"): each is clickable, and a click arrives as
 * ACT_CLICK with ui_click_tag() == its tag (staff_click turns it back into the key).
 * On the bottom row the language code shows on the right, as on ui_keybar. */
struct staff_key {
	const char *key;        /* "r", "Enter", "F1" */
	const char *label;      /* already translated (build the array at draw time) */
	int tag;                /* the character the button stands for, or STAFF_ACT(act) */
};
#define STAFF_ACT(a) (256 + (int)(a))
void staff_keybar(struct ui *ui, int y, const struct staff_key *keys, int n);
/* The event a click on the key bar stands for (the tag turned back into an ACT_CHAR or
 * an action); ev unchanged if the click was elsewhere. */
struct ui_event staff_click(struct ui *ui, const struct ui_event *ev);

#endif
