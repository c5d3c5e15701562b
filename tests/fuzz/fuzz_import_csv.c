/* Fuzzes the CSV importer (import_read on a file that does not start with '{'), in UTF-8
 * and, for input that is not UTF-8, in iso-8859-13. Asserts it never fails to read,
 * reports problems exactly when it returns some, as clean one-line text, and that
 * every case and partner it accepts has unique ids, clean text and survives a JSON
 * round trip unchanged. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "common.h"
#include "import.h"
#include "text.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void import_one(const char *path, const char *encoding)
{
	struct catalogue_set set;
	struct buf report = {0};
	int rc = import_read(path, encoding, &set, &report), i, k;

	FUZZ_ASSERT(rc >= 0);
	FUZZ_ASSERT((rc == 0) == (report.len == 0));
	FUZZ_ASSERT(report.len == 0 || fuzz_clean_text(report.s, report.len, 1));
	for (i = 0; i < set.ncases; i++) {
		fuzz_check_case(&set.cases[i]);
		for (k = 0; k < i; k++)
			FUZZ_ASSERT(strcmp(set.cases[i].id, set.cases[k].id) != 0);
	}
	for (i = 0; i < set.npartners; i++)
		fuzz_check_partner(&set.partners[i]);
	catalogue_set_free(&set);
	buf_free(&report);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path("import.csv");
	size_t i = 0;

	if (size > 256 * 1024)
		return 0;
	if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' ||
			    data[i] == '\r' || data[i] == '\v' || data[i] == '\f'))
		i++;
	if (i < size && data[i] == '{')
		return 0;       /* JSON: fuzz_import_json's */
	fuzz_write(path, data, size);
	import_one(path, NULL);
	if (!utf8_valid((const char *)data, size))
		import_one(path, "iso-8859-13");
	return 0;
}
