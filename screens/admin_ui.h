/* admin: the librarian's screens behind the admin key and the PIN (DESIGN §6). The
 * engine side (PIN check, lockout, settings, the sync child) is src/admin.h. Leaving
 * admin (Esc on the status screen, F6) wipes everything and goes back to attract; the
 * idle timeout applies here too. */
#ifndef VITRINA_SCREENS_ADMIN_UI_H
#define VITRINA_SCREENS_ADMIN_UI_H

#include <stddef.h>
#include <stdint.h>

#include "ui.h"

/* The PIN entry: the entry to admin (struct ui_app .admin); arg NULL. */
extern const struct screen screen_admin;
/* Status: the sync state, the outbox and the admin menu; arg NULL. */
extern const struct screen screen_admin_status;
/* Sync now: starts `vitrina sync --once` and shows how it goes; arg NULL. */
extern const struct screen screen_admin_sync;
/* Settings: the effective configuration, read only; arg NULL. */
extern const struct screen screen_admin_settings;
/* Log: requests the hub refused, with its reason, and those still waiting; arg NULL. */
extern const struct screen screen_admin_log;
/* Enrol: a one-time code from central staff for this kiosk's token; arg NULL. */
extern const struct screen screen_admin_enrol;

/* Reap a "sync now" child that ended after its screen was left (no zombie stays). */
void admin_sync_reap(struct ui *ui);

/* What every admin screen does with the keys it does not use itself: leaving admin
 * goes back to attract, the visitor's search and help keys do nothing. */
struct ui_result admin_common_key(struct ui *ui, const struct ui_event *ev);
/* Draw the admin title bar (row 0) with title, over a line (row 1). */
void admin_draw_title(struct ui *ui, const char *title);
/* The width of the label column for these N_() labels in the current language (the
 * widest plus a gap, at most two fifths of the screen). */
int admin_label_width(struct ui *ui, const char *const *msgids, int n);
/* Draw "label  value" at row y, the value from column lw + 2 (wrapped over two rows
 * when it does not fit one). Returns the next free row. */
int admin_draw_row(struct ui *ui, int y, int lw, const char *label, enum ui_style st,
		   const char *value);
/* Unix time t as "2026-11-30 12:00 (5 minutes ago)" (translated) into out[n], seen at
 * now; "never" for 0. */
void admin_format_when(int64_t t, int64_t now, char *out, size_t n);
/* A span of secs seconds as "5 minutes", "2 hours", "under a minute" (translated). */
void admin_format_span(int64_t secs, char *out, size_t n);

#endif
