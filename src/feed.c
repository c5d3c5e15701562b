#include "feed.h"

#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "util.h"

static void skipped(feed_skip_fn skip, void *arg, const char *what, json_t *j,
		    const char *why)
{
	if (skip != NULL)
		skip(arg, what, json_string_value(json_object_get(j, "id")), why);
}

/* One live item into the set; -1 (skipped) if it is not valid. */
static int parse_item(json_t *v, bool is_case, struct catalogue_set *set, char **why)
{
	int rc;

	if (is_case) {
		struct career *c = &set->cases[set->ncases];

		rc = career_from_json(v, c, why);
		if (rc == 0)
			set->ncases++;
		else
			career_free(c);
	} else {
		struct partner *pa = &set->partners[set->npartners];

		rc = partner_from_json(v, pa, why);
		if (rc == 0)
			set->npartners++;
		else
			partner_free(pa);
	}
	return rc;
}

/* Sort the items of arr into the page. A tombstone needs only its id. */
static void parse_items(json_t *arr, bool is_case, struct feed_page *p, feed_skip_fn skip,
			void *arg)
{
	size_t i, n = json_array_size(arr);
	const char *what = is_case ? "case" : "partner";
	const char **gone;
	int *ngone;
	json_t *v;

	if (is_case) {
		p->set.cases = xcalloc(n, sizeof *p->set.cases);
		gone = p->gone_cases = xcalloc(n, sizeof *p->gone_cases);
		ngone = &p->ngone_cases;
	} else {
		p->set.partners = xcalloc(n, sizeof *p->set.partners);
		gone = p->gone_partners = xcalloc(n, sizeof *p->gone_partners);
		ngone = &p->ngone_partners;
	}
	json_array_foreach(arr, i, v) {
		const char *id = json_string_value(json_object_get(v, "id"));
		char *why = NULL;

		if (!json_is_object(v)) {
			skipped(skip, arg, what, v, "not an object");
		} else if (json_is_true(json_object_get(v, "deleted"))) {
			if (uuid_valid(id))
				gone[(*ngone)++] = id;
			else
				skipped(skip, arg, what, v, "a deletion without a valid id");
		} else if (parse_item(v, is_case, &p->set, &why) < 0) {
			skipped(skip, arg, what, v, why ? why : "not valid");
		}
		free(why);
	}
}

int feed_parse(const char *text, size_t len, struct feed_page *p, feed_skip_fn skip,
	       void *arg, char **err)
{
	json_error_t je;
	json_t *j = json_loadb(text ? text : "", len, JSON_REJECT_DUPLICATES, &je);
	json_t *cases = json_object_get(j, "cases"), *partners = json_object_get(j, "partners");
	json_t *jn = json_object_get(j, "next"), *jm = json_object_get(j, "more");

	memset(p, 0, sizeof *p);
	if (j == NULL || (cases != NULL && !json_is_array(cases)) ||
	    (partners != NULL && !json_is_array(partners)) || !json_is_integer(jn) ||
	    (jm != NULL && !json_is_boolean(jm))) {
		json_decref(j);
		return set_error(err, "the hub's answer is not the expected JSON");
	}
	p->json = j;
	p->next = json_integer_value(jn);
	p->more = json_is_true(jm);
	p->items = (int64_t)(json_array_size(cases) + json_array_size(partners));
	parse_items(partners, false, p, skip, arg);
	parse_items(cases, true, p, skip, arg);
	return 0;
}

int feed_store(sqlite3 *db, const struct feed_page *p, char **err)
{
	int i;

	/* put_set stores partners before cases (cases may name them) and joins the
	 * caller's transaction. Each id comes once in a feed, so the order of puts and
	 * deletions does not matter. */
	if (catalogue_put_set(db, &p->set, err) < 0)
		return -1;
	for (i = 0; i < p->ngone_cases; i++) {
		if (catalogue_delete_case(db, p->gone_cases[i], err) < 0)
			return -1;
	}
	for (i = 0; i < p->ngone_partners; i++) {
		if (catalogue_delete_partner(db, p->gone_partners[i], err) < 0)
			return -1;
	}
	return 0;
}

void feed_page_free(struct feed_page *p)
{
	catalogue_set_free(&p->set);
	free(p->gone_cases);
	free(p->gone_partners);
	json_decref(p->json);
	memset(p, 0, sizeof *p);
}
