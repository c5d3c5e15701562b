/* regions: Lithuania's 10 counties and 60 municipalities (ISO 3166-2:LT). */
#ifndef VITRINA_REGIONS_H
#define VITRINA_REGIONS_H

struct county {
	const char *code;       /* "LT-SA" */
	const char *name_lt;    /* "Šiaulių apskritis" */
	const char *name_en;    /* "Šiauliai County" */
	const char *name_ru;    /* "Шяуляйский уезд" */
	const char *name_pl;    /* "Okręg szawelski" */
};

struct municipality {
	const char *code;       /* "LT-43" */
	const char *name;       /* "Šiauliai" (city) or "Šiaulių r." (district) */
	const char *county;     /* "LT-SA" */
	const char *name_en;    /* "Šiauliai", "Šiauliai District" */
	const char *name_ru;    /* "Шяуляй", "Шяуляйский район" */
	const char *name_pl;    /* "Szawle", "rejon szawelski" */
};

#define COUNTY_COUNT 10
#define MUNICIPALITY_COUNT 60

extern const struct county counties[COUNTY_COUNT];
extern const struct municipality municipalities[MUNICIPALITY_COUNT];

/* Look up by code; NULL if unknown. */
const struct municipality *municipality_find(const char *code);
const struct county *county_find(const char *code);
/* The name of m or c in language lang ("lt", "en", "ru", "pl"; English for any other).
 * Never NULL; a static string. */
const char *municipality_name(const struct municipality *m, const char *lang);
const char *county_name(const struct county *c, const char *lang);

#endif
