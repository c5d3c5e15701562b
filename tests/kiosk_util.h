/* Shared scaffolding of the kiosk tests: kiosk databases (also :memory: ones for unit
 * tests), a test catalogue imported, a config, the kiosk started in the vt harness
 * (tests/vt.h) and waits for its screens. */
#ifndef VITRINA_KIOSK_UTIL_H
#define VITRINA_KIOSK_UTIL_H

#include <sqlite3.h>

struct request;

/* How long the kiosk tests wait for a screen (ms). */
#define KIOSK_WAIT 5000

/* Open (creating) a kiosk database at path (":memory:" too); the caller closes it.
 * Fails the test if it cannot. */
sqlite3 *kiosk_db_open(const char *path);
/* Import the catalogue file at path (as `vitrina import` reads it) into db. Fails the
 * test if it cannot. */
void kiosk_db_import(sqlite3 *db, const char *path);
/* A new kiosk database at t_path(0, "k.db"), marked as seeded (so the kiosk does not load
 * the sample); the caller closes it. Fails the test if it cannot. */
sqlite3 *kiosk_db_open_seeded(void);
/* kiosk_db_open_seeded() holding the catalogue json (written to t_path(1, "cat.json")
 * and imported); the caller closes it. */
sqlite3 *kiosk_make_db(const char *json);
/* Write conf to t_path(2, "kiosk.conf") and start the kiosk on it and t_path(0, "k.db")
 * in a rows x cols terminal. */
void kiosk_start(const char *conf, int rows, int cols);

/* The rows in the outbox of t_path(0, "k.db"): how many, and the body (the request
 * JSON) of the newest into *body (NULL if none; body may be NULL). */
int kiosk_outbox_rows(char **body);
/* The string member key of JSON object j, "(missing)" if there is none. */
struct json_t;
const char *kiosk_jstr(struct json_t *j, const char *key);

/* The waits below report a failure at the caller's file and line. */

/* Wait for text on the screen, then for settle_ms of quiet (the rest of the frame): 1.
 * If it does not show, dump the screen, record a failed check and return 0. */
#define kiosk_expect(text, settle_ms) kiosk_expect_at(__FILE__, __LINE__, (text), (settle_ms))
int kiosk_expect_at(const char *file, int line, const char *text, int settle_ms);
/* The same for text going from the screen. */
#define kiosk_expect_gone(text, settle_ms) \
	kiosk_expect_gone_at(__FILE__, __LINE__, (text), (settle_ms))
int kiosk_expect_gone_at(const char *file, int line, const char *text, int settle_ms);
/* From the attract screen to the home screen (each screen settled for settle_ms). */
#define kiosk_to_home(settle_ms) kiosk_to_home_at(__FILE__, __LINE__, (settle_ms))
int kiosk_to_home_at(const char *file, int line, int settle_ms);
/* From the attract screen to home, then a touch on the home choice labelled choice, until
 * text shows: 1, else a failed check at the caller's line and 0. */
#define kiosk_open_from_home(choice, text) \
	kiosk_open_from_home_at(__FILE__, __LINE__, (choice), (text))
int kiosk_open_from_home_at(const char *file, int line, const char *choice, const char *text);
/* A contact request (r cleared first) from kiosk kiosk_id about case
 * 0d9f2c1e-4b7a-4c3e-9a51-7f2e8d6b1c40, aged 18-24, with name, contact (taken over: the
 * request frees it), message and lang. */
void kiosk_contact_request(struct request *r, const char *kiosk_id, const char *name,
			   char *contact, const char *message, const char *lang);
/* 1 if the "…" at at in row ends the "Choose…" placeholder (a choice not made yet) in
 * one of the four UI languages: an allowed() for kiosk_check_uncut. */
int kiosk_ellipsis_placeholder(const char *row, const char *at);
/* Texts that fit: once the screen is quiet, no row holds a "…" (the toolkit's mark of text
 * cut) unless allowed(row, at) says it is deliberate, and the key bar offers F2. Reports
 * each failure with where and the screen (always with VITRINA_TEST_DUMP set) at the
 * caller's line; 1 if all is well. */
#define kiosk_check_uncut(where, allowed) \
	kiosk_check_uncut_at(__FILE__, __LINE__, (where), (allowed))
int kiosk_check_uncut_at(const char *file, int line, const char *where,
			 int (*allowed)(const char *row, const char *at));
/* On a filled form: F10, the check screen, the consent box ticked, F10 again; 1 once
 * done (the confirmation's text) shows, else a failed check at the caller's line. */
#define kiosk_send_form(done) kiosk_send_form_at(__FILE__, __LINE__, (done))
int kiosk_send_form_at(const char *file, int line, const char *done);
/* End the kiosk as systemd would: it must exit 0 (under ASan also without leaks). */
#define kiosk_finish() kiosk_finish_at(__FILE__, __LINE__)
void kiosk_finish_at(const char *file, int line);

#endif
