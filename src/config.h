/* config: the kiosk's key = value file (DESIGN §5). No curses. */
#ifndef VITRINA_CONFIG_H
#define VITRINA_CONFIG_H

#include "util.h"

struct config {
	char *centre_name;
	char *data_controller;          /* who holds visitors' data: the centre's legal name
					 * and an e-mail, named in the consent; NULL: none
					 * given (the consent names centre_name) */
	char *kiosk_id;
	char *db;                       /* default "./var/vitrina.db" */
	int idle_timeout;               /* seconds, default 120, at most 1800 */
	char *languages;                /* "lt en ru pl" */
	char *default_language;         /* "lt" */
	char *hub_url;                  /* NULL: no hub configured */
	char *token_file;
	char *ca_file;
	char *pinned_pubkey;
	char *proxy;
	int sync_interval;              /* seconds, default 300 */
	char *admin_key;                /* "F12" */
	char *admin_pin_hash;           /* crypt(3) hash */
	char *touch_keyboard;           /* the on-screen keyboard: "auto" (default: once a
					 * click or touch is seen), "on" or "off" */
	char *home_municipality;        /* "LT-43": what "near you" means; NULL: not set */
	char *public_url;               /* the public showcase's base URL (https://...), for
					 * the QR code of a story; NULL: no QR codes */
	char *speech;                   /* spoken screens for blind visitors: "off" (default)
					 * or "on" (a key turns it on for one visit anyway) */
	char *speech_device;            /* the sound device speech goes to (an ALSA name
					 * such as "plughw:1,0", for a headphone jack); NULL:
					 * the system's default */
	char *theme;                    /* "default", "high_contrast" or "mono" */
	char *console_font;             /* the Linux console font the kiosk's unit sets
					 * (kiosk/install.sh offers Terminus 16x32); NULL: the
					 * system's */
	char *quiz_file;                /* the interest quiz (kiosk/quiz.json); NULL: the
					 * one that came with vitrina */
	char *locale_dir;               /* where the .mo files are; not a config key */
};

/* Fill c with the defaults. */
void config_defaults(struct config *c);
/* Read path over the defaults. Unknown keys and bad values are reported in *warnings
 * ("FILE:LINE: problem" lines) and skipped; the rest still applies. Returns -1 only
 * if the file cannot be read (with *warnings set), else 0. */
int config_load(struct config *c, const char *path, struct buf *warnings);
void config_free(struct config *c);

#endif
