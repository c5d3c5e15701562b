/* Fuzzes the kiosk config parser (config_load on a temporary file). Asserts it reads
 * every text file (fails only on a NUL byte), every warning is a "FILE:LINE: ..." or
 * "FILE: ..." line, and whatever the file says the settings stay usable: numbers in
 * range, strings set and valid UTF-8, languages and the kiosk id valid. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "config.h"
#include "request.h"
#include "text.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_string(const char *s)
{
	FUZZ_ASSERT(s != NULL && utf8_valid(s, strlen(s)));
}

static void check_languages(const char *s)
{
	char one[8];
	int n;

	while (sscanf(s, " %7s%n", one, &n) == 1) {
		FUZZ_ASSERT(request_check_field(RF_LANG, one) == NULL);
		s += n;
	}
}

static void check_warnings(const struct buf *w, const char *path)
{
	const char *line = w->s;
	size_t n = strlen(path);

	while (line != NULL && *line != '\0') {
		FUZZ_ASSERT(strncmp(line, path, n) == 0 && line[n] == ':');
		line = strchr(line, '\n');
		FUZZ_ASSERT(line != NULL);      /* every warning ends its line */
		line++;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path("kiosk.conf");
	struct config c;
	struct buf warnings = {0};
	int rc;

	if (size > 60000)
		return 0;
	fuzz_write(path, data, size);
	config_defaults(&c);
	rc = config_load(&c, path, &warnings);
	FUZZ_ASSERT(rc == (memchr(data, '\0', size) != NULL ? -1 : 0));
	check_warnings(&warnings, path);
	FUZZ_ASSERT(c.idle_timeout >= 1 && c.idle_timeout <= 86400);
	FUZZ_ASSERT(c.sync_interval >= 1 && c.sync_interval <= 86400);
	check_string(c.centre_name);
	check_string(c.kiosk_id);
	check_string(c.db);
	check_string(c.languages);
	check_string(c.default_language);
	check_string(c.admin_key);
	FUZZ_ASSERT(request_check_field(RF_KIOSK, c.kiosk_id) == NULL);
	FUZZ_ASSERT(request_check_field(RF_LANG, c.default_language) == NULL);
	check_languages(c.languages);
	if (c.hub_url != NULL)
		FUZZ_ASSERT(strncasecmp(c.hub_url, "http", 4) == 0);
	config_free(&c);
	buf_free(&warnings);
	return 0;
}
