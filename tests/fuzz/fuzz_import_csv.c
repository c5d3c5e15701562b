/* Fuzzes the CSV importer (import_read on a file that does not start with '{'), in UTF-8
 * and, for input that is not UTF-8, in iso-8859-13. Asserts it never fails to read,
 * reports problems exactly when it returns some, as clean one-line text, and that
 * every case and partner it accepts has unique ids, clean text and survives a JSON
 * round trip unchanged. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "text.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path("import.csv");
	size_t i;

	if (size > 256 * 1024)
		return 0;
	i = fuzz_first_char(data, size);
	if (i < size && data[i] == '{')
		return 0;       /* JSON: fuzz_import_json's */
	fuzz_write(path, data, size);
	fuzz_check_import(path, NULL);
	if (!utf8_valid((const char *)data, size))
		fuzz_check_import(path, "iso-8859-13");
	return 0;
}
