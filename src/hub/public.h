/* public: the public showcase of `vitrina-hub serve --public` (DESIGN §4): read-only HTML
 * pages of the stories, the counties and the guides, made from the current catalogue
 * snapshot (the very file the kiosks get). A page is made once per snapshot and
 * language, kept in memory, and sent with an ETag, so that a burst of readers from a
 * QR code costs no page building. No script, no cookies, no personal data. */
#ifndef VITRINA_HUB_PUBLIC_H
#define VITRINA_HUB_PUBLIC_H

#include "hub.h"

#define PUBLIC_LANGS 4
extern const char *const public_langs[PUBLIC_LANGS];    /* "lt" (the default), en, ru, pl */

/* Index of code in public_langs, or -1. */
int public_lang(const char *code);

/* The pages' own words (public_text.c). */
enum public_word {
	PW_TAGLINE, PW_SKIP, PW_LANGUAGE, PW_FEATURED, PW_PICKS, PW_PICKS_HINT, PW_REGIONS,
	PW_GUIDES, PW_STORIES_IN, PW_STORY_COUNT, PW_PATH, PW_SKILLS, PW_JOBS, PW_THEMES,
	PW_QA, PW_ASKED, PW_ANSWER_FROM, PW_PARTNER, PW_OFFERS, PW_STRATEGY, PW_HOME,
	PW_NOT_FOUND, PW_NOT_FOUND_TEXT, PW_NONE_YET, PW_NEXT, PW_PREV, PW_FOOTER,
	PW_WHOLE_COUNTRY, PW_UNAVAILABLE, PW_UNAVAILABLE_TEXT, PW_COUNT
};
const char *public_word(enum public_word w, int lang);
const char *public_theme(int theme, int lang);          /* enum theme */
const char *public_offer(int offer, int lang);          /* enum offer */

/* The site over the keeper's snapshots; base_url ("https://vitrina.example.lt", no
 * trailing slash; NULL: links stay relative) makes canonical and Open Graph addresses.
 * Free with public_free after the server has stopped. */
struct public_site;
struct public_site *public_new(struct snapshots *sn, const char *base_url);
void public_free(struct public_site *p);

/* GET (and HEAD) of /, /c/SLUG, /r/LT-XX, /g/ID, /sitemap.xml and /robots.txt. */
void api_public(const struct hub_call *c, struct reply *r);

#endif
