/* Fuzzes request parsing (src/request.h): request_from_json on each item of
 * {"requests": [...]} (the hub's POST body) or on the object itself, and
 * request_normalize_contact and request_check_field on the input as text. Asserts an
 * accepted request validates, has clean fields and survives a JSON round trip with
 * the same canonical form; a refusal always says why; a normalised contact is clean
 * and normalises to itself. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "request.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_fields(const struct request *r)
{
	const char *const owned[] = {r->name, r->contact, r->message, r->nominee, r->why};
	size_t i;

	for (i = 0; i < sizeof owned / sizeof owned[0]; i++) {
		if (owned[i] != NULL)
			FUZZ_ASSERT(fuzz_clean_text(owned[i], strlen(owned[i]), 1));
	}
	FUZZ_ASSERT(uuid_valid(r->id));
	FUZZ_ASSERT(strcmp(r->kind, "contact") == 0 || strcmp(r->kind, "nomination") == 0);
}

static void check_round_trip(const struct request *r)
{
	struct request again;
	struct request_problem p;
	json_t *j = request_to_json(r);
	char *err = NULL, *a, *b, ref[10];

	FUZZ_ASSERT(request_validate(r, &p) == 0);
	if (request_from_json(j, &again, &err) < 0) {
		fprintf(stderr, "request_from_json refused its own JSON: %s\n", err);
		abort();
	}
	a = request_canonical(r);
	b = request_canonical(&again);
	FUZZ_ASSERT(a != NULL && b != NULL && strcmp(a, b) == 0);
	request_ref_code(r->id, ref);
	FUZZ_ASSERT(strlen(ref) == 9 && ref[4] == '-');
	free(a);
	free(b);
	request_free(&again);
	json_decref(j);
}

static void parse_one(json_t *item)
{
	struct request r;
	char *err = NULL;

	if (request_from_json(item, &r, &err) < 0) {
		FUZZ_ASSERT(err != NULL && err[0] != '\0');
		free(err);
		return;
	}
	FUZZ_ASSERT(err == NULL);
	check_fields(&r);
	check_round_trip(&r);
	request_free(&r);
}

/* The input as something a visitor typed. */
static void check_text(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *norm, *again;
	int f;

	for (f = RF_NONE; f <= RF_WHY; f++)
		(void)request_check_field((enum request_field)f, s);
	norm = request_normalize_contact(s);
	if (norm != NULL) {
		FUZZ_ASSERT(fuzz_clean_text(norm, strlen(norm), 0));
		again = request_normalize_contact(norm);
		FUZZ_ASSERT(again != NULL && strcmp(again, norm) == 0);
		free(again);
	}
	free(norm);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *root, *list, *item;
	size_t i;

	if (size > 128 * 1024)
		return 0;
	if (size < 1024)
		check_text(data, size);
	root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (root == NULL)
		return 0;
	list = json_object_get(root, "requests");
	if (json_is_array(list)) {
		json_array_foreach(list, i, item)
			parse_one(item);
	} else {
		parse_one(root);
	}
	json_decref(root);
	return 0;
}
