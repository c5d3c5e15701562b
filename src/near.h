/* near: "near you" (DESIGN §6): which of Lithuania's counties border which, and stories
 * and partners in order of distance from the kiosk's home_municipality. No curses. */
#ifndef VITRINA_NEAR_H
#define VITRINA_NEAR_H

#include <sqlite3.h>

#include "search.h"

struct partner;

/* How near a place is to home, nearest first. */
enum near_band { NEAR_HOME, NEAR_COUNTY, NEAR_NEIGHBOUR, NEAR_FAR };

/* 1 if counties a and b ("LT-SA") share a border, else 0 (also for a == b or unknown). */
int near_adjacent(const char *a, const char *b);
/* The neighbours of county code, filled into out (at most max); returns how many. */
int near_neighbours(const char *county, const char **out, int max);
/* The band of municipality code seen from municipality home; NEAR_FAR if either is
 * unknown. */
enum near_band near_band(const char *home, const char *code);

/* Cases in home, then the rest of its county, then the neighbouring counties (featured
 * first, then by title, in each band), at most limit of them, into *out as search hits
 * (free with search_result_free). 0, or -1 with *err set (also for an unknown home). */
int near_cases(sqlite3 *db, const char *home, int limit, struct search_result *out,
	       char **err);
/* Every partner, in bands from home as near_cases (by name in each band), as a new array
 * the caller frees with partner_free on each and free. 0, or -1 with *err set. */
int near_partners(sqlite3 *db, const char *home, struct partner **out, int *n, char **err);

#endif
