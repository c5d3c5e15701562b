/* Fuzzes the case and partner JSON parsers (career_from_json, partner_from_json in
 * src/catalogue.h) on each item of {"cases": [...], "partners": [...]} (the hub's feed
 * and the import shape) or on the object itself. Asserts a refusal says why, and an
 * accepted record has clean text and survives a JSON round trip unchanged. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "catalogue.h"
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void parse_case(json_t *j)
{
	struct career c;
	char *err = NULL;

	if (career_from_json(j, &c, &err) < 0) {
		FUZZ_ASSERT(err != NULL && err[0] != '\0');
		free(err);
		return;
	}
	fuzz_check_case(&c);
	career_free(&c);
}

static void parse_partner(json_t *j)
{
	struct partner p;
	char *err = NULL;

	if (partner_from_json(j, &p, &err) < 0) {
		FUZZ_ASSERT(err != NULL && err[0] != '\0');
		free(err);
		return;
	}
	fuzz_check_partner(&p);
	partner_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *root, *cases, *partners, *item;
	size_t i;

	if (size > 256 * 1024)
		return 0;
	root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (root == NULL)
		return 0;
	cases = json_object_get(root, "cases");
	partners = json_object_get(root, "partners");
	if (json_is_array(cases) || json_is_array(partners)) {
		json_array_foreach(cases, i, item)
			parse_case(item);
		json_array_foreach(partners, i, item)
			parse_partner(item);
	} else {
		parse_case(root);
		parse_partner(root);
	}
	json_decref(root);
	return 0;
}
