/* screens: every screen of the kiosk, one file each in screens/ (struct screen in
 * src/ui/ui.h). The arg each screen takes on ui_push() is described beside it. */
#ifndef VITRINA_SCREENS_H
#define VITRINA_SCREENS_H

#include "ui.h"

/* Visitor screens. */
extern const struct screen screen_attract;     /* bottom of the stack; arg NULL */
extern const struct screen screen_home;        /* arg NULL */
/* arg: NULL or "all" everything; "region" / "theme" start in the filter pane at that
 * group; "featured" only featured cases; "search" focus on the search line;
 * "q:TEXT" a search with TEXT already typed (a letter typed on another screen);
 * "place:CODE" the stories of a county ("LT-KU") or a municipality ("LT-15"). */
extern const struct screen screen_browse;
/* The map of Lithuania's counties with their stories (screens/map.c); arg NULL. */
extern const struct screen screen_map;
extern const struct screen screen_case;        /* arg: the case id */
extern const struct screen screen_partners;    /* arg NULL: the list of partners */
/* Stories near the kiosk's home_municipality, nearest first (screens/near.c); arg NULL. */
extern const struct screen screen_near;
/* Featured stories, the community's choice first (screens/picks.c). */
extern const struct screen screen_picks;
extern const struct screen screen_partner;     /* arg: the partner id */
/* The interest quiz (screens/quiz.c); arg NULL. */
extern const struct screen screen_quiz;
/* Guides and regional strategies (screens/guides.c): the list, arg NULL; one guide in
 * the pager, arg its id. */
extern const struct screen screen_guides;
extern const struct screen screen_guide;
extern const struct screen screen_help;        /* overlay; arg NULL */
/* The contact form; arg "case:ID" (contact the person of a case) or "partner:ID". */
extern const struct screen screen_contact;
/* The question form: ask the person of a case, answered in the open; arg the case id. */
extern const struct screen screen_question;
/* The nomination form, from home; arg NULL. */
extern const struct screen screen_nominate;

struct county;
/* A county's name in the UI language (src/regions.c); "" for NULL (screens/place.c). */
const char *screen_county_name(const struct county *c);
/* "Šiauliai, Šiaulių apskritis": a municipality by its code with its county, in the UI
 * language; "" for an unknown code. The caller frees it. */
char *screen_place(const char *code);

#endif
