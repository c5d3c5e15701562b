/* catalogue_counts: how many stories each county and municipality has, for the map
 * (screens/map.c). No curses. */
#ifndef VITRINA_CATALOGUE_COUNTS_H
#define VITRINA_CATALOGUE_COUNTS_H

#include <sqlite3.h>

#include "regions.h"

struct place_counts {
	int county[COUNTY_COUNT];               /* counties[] order */
	int municipality[MUNICIPALITY_COUNT];   /* municipalities[] order */
};

/* Count the cases of each county and municipality in one query (cases with an unknown
 * municipality count nowhere). Returns 0, or -1 with *err set (out then all zero). */
int catalogue_place_counts(sqlite3 *db, struct place_counts *out, char **err);

#endif
