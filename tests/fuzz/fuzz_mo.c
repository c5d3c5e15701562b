/* Fuzzes the .mo reader of src/i18n.c: the input is written as the Lithuanian catalog
 * of a temporary locale folder, loaded with i18n_init and i18n_set_language, and
 * looked up with i18n_get and i18n_nget (msgids of the real catalogs and strings taken
 * from the input). Asserts a language either loads or stays English, and every
 * translation given back is valid UTF-8. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "i18n.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const msgids[] = {
	"Help", "Back", "Search", "Send", "Language", "Open", "Next", "Previous",
	"Please enter your first name", "The kiosk id is missing", "Filters", "Home",
};

static const struct {
	const char *one, *many;
} plurals[] = {
	{"%ld minute", "%ld minutes"}, {"%ld hour", "%ld hours"}, {"%ld day", "%ld days"},
	{"%d request waiting to be sent", "%d requests waiting to be sent"},
};

static void check(const char *got, const char *asked)
{
	FUZZ_ASSERT(got != NULL);
	if (got != asked)
		FUZZ_ASSERT(utf8_valid(got, strlen(got)));
}

/* Look up the NUL-separated strings of the input too: they hit the catalog's own ids. */
static void lookup_pieces(const uint8_t *data, size_t size)
{
	char *copy = fuzz_str(data, size), *p = copy, *end = copy + size;
	int k;

	for (k = 0; k < 32 && p < end; k++) {
		check(i18n_get(p), p);
		check(i18n_nget(p, p, (unsigned long)k), p);
		p += strlen(p) + 1;
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned long ns[] = {0, 1, 2, 5, 11, 12, 21, 22, 25, 101, 111, 1000};
	const char *langs[8];
	size_t i, k;
	int n;

	if (size > 1024 * 1024)
		return 0;
	mkdir(fuzz_path("lt"), 0700);
	mkdir(fuzz_path("lt/LC_MESSAGES"), 0700);
	fuzz_write(fuzz_path("lt/LC_MESSAGES/vitrina.mo"), data, size);
	i18n_init(fuzz_dir());
	if (i18n_set_language("lt") == 0)
		FUZZ_ASSERT(strcmp(i18n_language(), "lt") == 0);
	else
		FUZZ_ASSERT(strcmp(i18n_language(), "en") == 0);
	for (i = 0; i < sizeof msgids / sizeof msgids[0]; i++)
		check(i18n_get(msgids[i]), msgids[i]);
	for (i = 0; i < sizeof plurals / sizeof plurals[0]; i++) {
		for (k = 0; k < sizeof ns / sizeof ns[0]; k++) {
			const char *s = i18n_nget(plurals[i].one, plurals[i].many, ns[k]);

			FUZZ_ASSERT(s != NULL);
			if (s != plurals[i].one && s != plurals[i].many)
				FUZZ_ASSERT(utf8_valid(s, strlen(s)));
		}
	}
	lookup_pieces(data, size);
	n = i18n_languages(langs, 8);
	FUZZ_ASSERT(n >= 1 && n <= 8);
	i18n_set_language("en");
	return 0;
}
