/* Shared scaffolding of the kiosk TUI tests: a kiosk database holding a test catalogue,
 * a config, the kiosk started in the vt harness (tests/vt.h) and waits for its screens. */
#ifndef VITRINA_KIOSK_UTIL_H
#define VITRINA_KIOSK_UTIL_H

#include <sqlite3.h>

struct request;

/* How long the kiosk tests wait for a screen (ms). */
#define KIOSK_WAIT 5000

/* A new kiosk database at t_path(0, "k.db"), marked as seeded (so the kiosk does not load
 * the sample); the caller closes it. Fails the test if it cannot. */
sqlite3 *kiosk_db_open_seeded(void);
/* kiosk_db_open_seeded() holding the catalogue json (written to t_path(1, "cat.json")
 * and imported); the caller closes it. */
sqlite3 *kiosk_make_db(const char *json);
/* Write conf to t_path(2, "kiosk.conf") and start the kiosk on it and t_path(0, "k.db")
 * in a rows x cols terminal. */
void kiosk_start(const char *conf, int rows, int cols);
/* Wait for text on the screen, then for settle_ms of quiet (the rest of the frame): 1.
 * If it does not show, dump the screen, record a failed check and return 0. */
int kiosk_expect(const char *text, int settle_ms);
/* The same for text going from the screen. */
int kiosk_expect_gone(const char *text, int settle_ms);
/* From the attract screen to the home screen (each screen settled for settle_ms). */
int kiosk_to_home(int settle_ms);
/* A contact request (r cleared first) from kiosk kiosk_id about case
 * 0d9f2c1e-4b7a-4c3e-9a51-7f2e8d6b1c40, aged 18-24, with name, contact (taken over: the
 * request frees it), message and lang. */
void kiosk_contact_request(struct request *r, const char *kiosk_id, const char *name,
			   char *contact, const char *message, const char *lang);
/* End the kiosk as systemd would: it must exit 0 (under ASan also without leaks). */
void kiosk_finish(void);

#endif
