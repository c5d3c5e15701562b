/* Fuzzes the JSON importer (import_read on {"cases": [...], "partners": [...]} or one
 * record alone). Asserts it never fails to read, reports problems exactly when it
 * returns some, as clean text, and that every case and partner it accepts has a unique
 * id, clean text and survives a JSON round trip unchanged. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "common.h"
#include "import.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path("import.json");
	struct catalogue_set set;
	struct buf report = {0};
	size_t i = 0;
	int rc, k, m;

	if (size > 256 * 1024)
		return 0;
	if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' ||
			    data[i] == '\r' || data[i] == '\v' || data[i] == '\f'))
		i++;
	if (i >= size || data[i] != '{')
		return 0;       /* CSV: fuzz_import_csv's */
	fuzz_write(path, data, size);
	rc = import_read(path, NULL, &set, &report);
	FUZZ_ASSERT(rc >= 0);
	FUZZ_ASSERT((rc == 0) == (report.len == 0));
	FUZZ_ASSERT(report.len == 0 || fuzz_clean_text(report.s, report.len, 1));
	for (k = 0; k < set.ncases; k++) {
		fuzz_check_case(&set.cases[k]);
		for (m = 0; m < k; m++)
			FUZZ_ASSERT(strcmp(set.cases[k].id, set.cases[m].id) != 0);
	}
	for (k = 0; k < set.npartners; k++)
		fuzz_check_partner(&set.partners[k]);
	catalogue_set_free(&set);
	buf_free(&report);
	return 0;
}
