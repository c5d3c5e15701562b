#include "feed.h"

#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "guides.h"
#include "util.h"

static void skipped(feed_skip_fn skip, void *arg, const char *what, json_t *j,
		    const char *why)
{
	if (skip != NULL)
		skip(arg, what, json_string_value(json_object_get(j, "id")), why);
}

enum item { ITEM_CASE, ITEM_PARTNER, ITEM_GUIDE };

static const char *const item_names[] = {"case", "partner", "guide"};

/* One live item into the set; -1 (skipped) if it is not valid. */
static int parse_item(json_t *v, enum item what, struct catalogue_set *set, char **why)
{
	int rc;

	if (what == ITEM_CASE) {
		rc = career_from_json(v, &set->cases[set->ncases], why);
		if (rc == 0)
			set->ncases++;
	} else if (what == ITEM_PARTNER) {
		rc = partner_from_json(v, &set->partners[set->npartners], why);
		if (rc == 0)
			set->npartners++;
	} else {
		rc = guide_from_json(v, &set->guides[set->nguides], why);
		if (rc == 0)
			set->nguides++;
	}
	return rc;
}

/* Sort the items of arr into the page. A tombstone needs only its id. */
static void parse_items(json_t *arr, enum item what, struct feed_page *p, feed_skip_fn skip,
			void *arg)
{
	size_t i, n = json_array_size(arr);
	const char **gone;
	int *ngone;
	json_t *v;

	if (what == ITEM_CASE) {
		p->set.cases = xcalloc(n, sizeof *p->set.cases);
		gone = p->gone_cases = xcalloc(n, sizeof *p->gone_cases);
		ngone = &p->ngone_cases;
	} else if (what == ITEM_PARTNER) {
		p->set.partners = xcalloc(n, sizeof *p->set.partners);
		gone = p->gone_partners = xcalloc(n, sizeof *p->gone_partners);
		ngone = &p->ngone_partners;
	} else {
		p->set.guides = xcalloc(n, sizeof *p->set.guides);
		gone = p->gone_guides = xcalloc(n, sizeof *p->gone_guides);
		ngone = &p->ngone_guides;
	}
	json_array_foreach(arr, i, v) {
		const char *id = json_string_value(json_object_get(v, "id"));
		char *why = NULL;

		if (!json_is_object(v)) {
			skipped(skip, arg, item_names[what], v, "not an object");
		} else if (json_is_true(json_object_get(v, "deleted"))) {
			if (uuid_valid(id))
				gone[(*ngone)++] = id;
			else
				skipped(skip, arg, item_names[what], v,
					"a deletion without a valid id");
		} else if (parse_item(v, what, &p->set, &why) < 0) {
			skipped(skip, arg, item_names[what], v, why ? why : "not valid");
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
	json_t *guides = json_object_get(j, "guides");
	json_t *jn = json_object_get(j, "next"), *jm = json_object_get(j, "more");

	memset(p, 0, sizeof *p);
	if (j == NULL || (cases != NULL && !json_is_array(cases)) ||
	    (partners != NULL && !json_is_array(partners)) ||
	    (guides != NULL && !json_is_array(guides)) || !json_is_integer(jn) ||
	    (jm != NULL && !json_is_boolean(jm))) {
		json_decref(j);
		return set_error(err, "the hub's answer is not the expected JSON");
	}
	p->json = j;
	p->next = json_integer_value(jn);
	p->more = json_is_true(jm);
	p->items = (int64_t)(json_array_size(cases) + json_array_size(partners) +
			     json_array_size(guides));
	parse_items(partners, ITEM_PARTNER, p, skip, arg);
	parse_items(cases, ITEM_CASE, p, skip, arg);
	parse_items(guides, ITEM_GUIDE, p, skip, arg);
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
	for (i = 0; i < p->ngone_guides; i++) {
		if (guides_delete(db, p->gone_guides[i], err) < 0)
			return -1;
	}
	return 0;
}

void feed_page_free(struct feed_page *p)
{
	catalogue_set_free(&p->set);
	free(p->gone_cases);
	free(p->gone_partners);
	free(p->gone_guides);
	json_decref(p->json);
	memset(p, 0, sizeof *p);
}
