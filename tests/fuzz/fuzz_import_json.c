/* Fuzzes the JSON importer (import_read on {"cases": [...], "partners": [...]} or one
 * record alone). Asserts it never fails to read, reports problems exactly when it
 * returns some, as clean text, and that every case and partner it accepts has a unique
 * id, clean text and survives a JSON round trip unchanged. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path("import.json");
	size_t i;

	if (size > 256 * 1024)
		return 0;
	i = fuzz_first_char(data, size);
	if (i >= size || data[i] != '{')
		return 0;       /* CSV: fuzz_import_csv's */
	fuzz_write(path, data, size);
	fuzz_check_import(path, NULL);
	return 0;
}
