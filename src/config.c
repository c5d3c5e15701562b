#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub_url.h"
#include "regions.h"
#include "request.h"
#include "text.h"

#define MAX_CONFIG (64 * 1024)
#define MAX_VALUE 1024
#define MAX_CONTROLLER 200      /* characters: a legal name and an e-mail address */

enum kind { K_STR, K_INT };

struct key {
	const char *name;
	enum kind kind;
	size_t offset;
	long min, max;
	const char *(*check)(const char *value);        /* NULL or a problem */
};

static const char *check_kiosk_id(const char *v)
{
	return request_check_field(RF_KIOSK, v) ? "use only letters a-z, digits, '.', '_' and '-'"
						 : NULL;
}

static const char *check_language(const char *v)
{
	return request_check_field(RF_LANG, v) ? "must be one of lt, en, ru, pl" : NULL;
}

static const char *check_languages(const char *v)
{
	char one[8];
	int n;

	while (sscanf(v, " %7s%n", one, &n) == 1) {
		if (check_language(one) != NULL)
			return "must be a list of lt, en, ru, pl";
		v += n;
	}
	return NULL;
}

/* Shown to every visitor in the consent text: printable text only (what the sanitiser
 * would change is refused, not silently altered), short enough to read, and with an
 * e-mail address to write to. */
static const char *check_data_controller(const char *v)
{
	char *clean = text_sanitize(v, strlen(v), 0);
	int same = strcmp(clean, v) == 0;
	const char *at = strchr(v, '@');

	free(clean);
	if (utf8_len(v) > MAX_CONTROLLER)
		return "too long: at most 200 characters";
	if (!same)
		return "must be printable text, without control or invisible characters";
	if (at == NULL || at == v || at[1] == '\0' || at[1] == ' ')
		return "must give the centre's legal name and an e-mail address, as in "
		       "\"Šiaulių jaunimo centras, info@sjc.lt\"";
	return NULL;
}

static const char *check_touch_keyboard(const char *v)
{
	if (strcmp(v, "auto") == 0 || strcmp(v, "on") == 0 || strcmp(v, "off") == 0)
		return NULL;
	return "must be auto, on or off";
}

static const char *check_on_off(const char *v)
{
	if (strcmp(v, "on") == 0 || strcmp(v, "off") == 0)
		return NULL;
	return "must be on or off";
}

static const char *check_theme(const char *v)
{
	if (strcmp(v, "default") == 0 || strcmp(v, "high_contrast") == 0 ||
	    strcmp(v, "mono") == 0)
		return NULL;
	return "must be default, high_contrast or mono";
}

/* v is made of letters, digits and the characters of extra only, at most 64 of them:
 * NULL, else problem. */
static const char *only_chars(const char *v, const char *extra, const char *problem)
{
	size_t i;

	for (i = 0; v[i] != '\0'; i++) {
		if (!isalnum((unsigned char)v[i]) && strchr(extra, v[i]) == NULL)
			return problem;
	}
	return i > 64 ? "too long: at most 64 characters" : NULL;
}

/* A font name for setfont: a file name without a path, such as "Lat2-Terminus32x16" or
 * "Uni2-TerminusBold32x16.psf.gz". */
static const char *check_font(const char *v)
{
	return only_chars(v, "-_.+", "must be a console font's file name, such as "
			  "Uni2-TerminusBold32x16");
}

/* An ALSA device name: "default", "plughw:1,0", "hw:CARD=PCH,DEV=0". */
static const char *check_device(const char *v)
{
	return only_chars(v, ":,=_-.", "must be a sound device name such as plughw:1,0");
}

/* A function key, F1 to F24, as the ui reads it (ui_keys_parse). */
static const char *check_admin_key(const char *v)
{
	long n;

	if ((v[0] == 'F' || v[0] == 'f') && parse_long(v + 1, 1, 24, &n) == 0)
		return NULL;
	return "must be a function key F1..F24; F12 stays";
}

static const char *check_municipality(const char *v)
{
	return municipality_find(v) != NULL ? NULL : "must be a municipality code LT-01..LT-60";
}

/* The hub client's own rule (hub_url.h), so the config and the clients never
 * disagree on which hub URLs are allowed. */
static const char *check_url(const char *v)
{
	static char why[200];
	char *err = NULL;

	if (hub_url_check(v, &err) == 0)
		return NULL;
	snprintf(why, sizeof why, "%s", err);
	free(err);
	return why;
}

/* The public showcase's base URL, for QR codes a visitor's phone opens: the hub URL's
 * rules (hub_url_check), and https only, since a phone cannot reach this machine. */
#define PUBLIC_URL_MAX 200      /* bytes: a story's address must still fit a QR code */

static const char *check_public_url(const char *v)
{
	const char *why = check_url(v);

	if (why != NULL)
		return why;
	if (strncmp(v, "https://", 8) != 0)
		return "must start with https://";
	if (strlen(v) > PUBLIC_URL_MAX)
		return "too long: at most 200 characters";
	return NULL;
}

/* A forward proxy: http(s)://HOST:PORT, no credentials (hub_proxy_check). */
static const char *check_proxy(const char *v)
{
	static char why[200];
	char *err = NULL;

	if (hub_proxy_check(v, &err) == 0)
		return NULL;
	snprintf(why, sizeof why, "%s", err);
	free(err);
	return why;
}

#define STR(f, c) {#f, K_STR, offsetof(struct config, f), 0, 0, c}
#define INT(f, lo, hi) {#f, K_INT, offsetof(struct config, f), lo, hi, NULL}

static const struct key keys[] = {
	STR(centre_name, NULL), STR(data_controller, check_data_controller),
	STR(kiosk_id, check_kiosk_id), STR(db, NULL),
	INT(idle_timeout, 1, 1800), STR(languages, check_languages),
	STR(default_language, check_language), STR(hub_url, check_url),
	STR(token_file, NULL), STR(ca_file, NULL), STR(pinned_pubkey, NULL), STR(proxy, check_proxy),
	INT(sync_interval, 1, 86400), STR(admin_key, check_admin_key), STR(admin_pin_hash, NULL),
	STR(touch_keyboard, check_touch_keyboard), STR(home_municipality, check_municipality),
	STR(public_url, check_public_url), STR(quiz_file, NULL),
	STR(speech, check_on_off), STR(speech_device, check_device), STR(theme, check_theme),
	STR(console_font, check_font),
};

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->centre_name = xstrdup("vitrina");
	c->kiosk_id = xstrdup("kiosk");
	c->db = xstrdup("./var/vitrina.db");
	c->idle_timeout = 120;
	c->languages = xstrdup("lt en ru pl");
	c->default_language = xstrdup("lt");
	c->sync_interval = 300;
	c->admin_key = xstrdup("F12");
	c->touch_keyboard = xstrdup("auto");
	c->speech = xstrdup("off");
	c->theme = xstrdup("default");
}

void config_free(struct config *c)
{
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (keys[i].kind == K_STR)
			free(*(char **)((char *)c + keys[i].offset));
	}
	free(c->locale_dir);
	memset(c, 0, sizeof *c);
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static const char *set_value(struct config *c, const struct key *k, const char *v)
{
	static char why[80];
	long n;

	if (strlen(v) > MAX_VALUE || !utf8_valid(v, strlen(v)))
		return "value is too long or not UTF-8 text";
	if (*v == '\0')
		return "no value given; the default stays";
	if (k->check != NULL && k->check(v) != NULL)
		return k->check(v);
	if (k->kind == K_INT) {
		if (parse_long(v, k->min, k->max, &n) < 0)
			return snprintf(why, sizeof why, "must be a whole number from %ld to %ld",
					k->min, k->max) > 0 ? why : "not a whole number";
		*(int *)((char *)c + k->offset) = (int)n;
		return NULL;
	}
	free(*(char **)((char *)c + k->offset));
	*(char **)((char *)c + k->offset) = xstrdup(v);
	return NULL;
}

static void parse_line(struct config *c, char *line, const char *path, int lineno,
		       struct buf *warnings)
{
	char *eq, *name, *value;
	const char *problem = NULL;
	size_t i;

	line = trim(line);
	if (*line == '\0' || *line == '#')
		return;
	eq = strchr(line, '=');
	if (eq == NULL) {
		buf_addf(warnings, "%s:%d: expected key = value\n", path, lineno);
		return;
	}
	*eq = '\0';
	name = trim(line);
	value = trim(eq + 1);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (strcmp(keys[i].name, name) == 0)
			break;
	}
	if (i == sizeof keys / sizeof keys[0])
		problem = "unknown key";
	else
		problem = set_value(c, &keys[i], value);
	if (problem != NULL)
		buf_addf(warnings, "%s:%d: %.60s: %s\n", path, lineno, name, problem);
}

int config_load(struct config *c, const char *path, struct buf *warnings)
{
	char *data = NULL, *line, *next, *err = NULL;
	size_t len;
	int lineno = 1;

	if (read_file(path, MAX_CONFIG, &data, &len, &err) < 0) {
		buf_addf(warnings, "%s\n", err);
		free(err);
		return -1;
	}
	if (memchr(data, '\0', len) != NULL) {
		buf_addf(warnings, "%s: not a text file\n", path);
		free(data);
		return -1;
	}
	for (line = data; line != NULL; line = next, lineno++) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		parse_line(c, line, path, lineno, warnings);
	}
	free(data);
	return 0;
}
