#include "regions.h"

#include <string.h>

#include "i18n.h"

/* Sorted by code; names as people say them, cities apart from their districts. */
const struct county counties[COUNTY_COUNT] = {
	{"LT-AL", "Alytaus apskritis", N_("Alytus County")},
	{"LT-KL", "Klaipėdos apskritis", N_("Klaipėda County")},
	{"LT-KU", "Kauno apskritis", N_("Kaunas County")},
	{"LT-MR", "Marijampolės apskritis", N_("Marijampolė County")},
	{"LT-PN", "Panevėžio apskritis", N_("Panevėžys County")},
	{"LT-SA", "Šiaulių apskritis", N_("Šiauliai County")},
	{"LT-TA", "Tauragės apskritis", N_("Tauragė County")},
	{"LT-TE", "Telšių apskritis", N_("Telšiai County")},
	{"LT-UT", "Utenos apskritis", N_("Utena County")},
	{"LT-VL", "Vilniaus apskritis", N_("Vilnius County")},
};

const struct municipality municipalities[MUNICIPALITY_COUNT] = {
	{"LT-01", "Akmenės r.", "LT-SA"},
	{"LT-02", "Alytus", "LT-AL"},
	{"LT-03", "Alytaus r.", "LT-AL"},
	{"LT-04", "Anykščių r.", "LT-UT"},
	{"LT-05", "Birštonas", "LT-KU"},
	{"LT-06", "Biržų r.", "LT-PN"},
	{"LT-07", "Druskininkai", "LT-AL"},
	{"LT-08", "Elektrėnai", "LT-VL"},
	{"LT-09", "Ignalinos r.", "LT-UT"},
	{"LT-10", "Jonavos r.", "LT-KU"},
	{"LT-11", "Joniškio r.", "LT-SA"},
	{"LT-12", "Jurbarko r.", "LT-TA"},
	{"LT-13", "Kaišiadorių r.", "LT-KU"},
	{"LT-14", "Kalvarija", "LT-MR"},
	{"LT-15", "Kaunas", "LT-KU"},
	{"LT-16", "Kauno r.", "LT-KU"},
	{"LT-17", "Kazlų Rūda", "LT-MR"},
	{"LT-18", "Kėdainių r.", "LT-KU"},
	{"LT-19", "Kelmės r.", "LT-SA"},
	{"LT-20", "Klaipėda", "LT-KL"},
	{"LT-21", "Klaipėdos r.", "LT-KL"},
	{"LT-22", "Kretingos r.", "LT-KL"},
	{"LT-23", "Kupiškio r.", "LT-PN"},
	{"LT-24", "Lazdijų r.", "LT-AL"},
	{"LT-25", "Marijampolė", "LT-MR"},
	{"LT-26", "Mažeikių r.", "LT-TE"},
	{"LT-27", "Molėtų r.", "LT-UT"},
	{"LT-28", "Neringa", "LT-KL"},
	{"LT-29", "Pagėgiai", "LT-TA"},
	{"LT-30", "Pakruojo r.", "LT-SA"},
	{"LT-31", "Palanga", "LT-KL"},
	{"LT-32", "Panevėžys", "LT-PN"},
	{"LT-33", "Panevėžio r.", "LT-PN"},
	{"LT-34", "Pasvalio r.", "LT-PN"},
	{"LT-35", "Plungės r.", "LT-TE"},
	{"LT-36", "Prienų r.", "LT-KU"},
	{"LT-37", "Radviliškio r.", "LT-SA"},
	{"LT-38", "Raseinių r.", "LT-KU"},
	{"LT-39", "Rietavas", "LT-TE"},
	{"LT-40", "Rokiškio r.", "LT-PN"},
	{"LT-41", "Šakių r.", "LT-MR"},
	{"LT-42", "Šalčininkų r.", "LT-VL"},
	{"LT-43", "Šiauliai", "LT-SA"},
	{"LT-44", "Šiaulių r.", "LT-SA"},
	{"LT-45", "Šilalės r.", "LT-TA"},
	{"LT-46", "Šilutės r.", "LT-KL"},
	{"LT-47", "Širvintų r.", "LT-VL"},
	{"LT-48", "Skuodo r.", "LT-KL"},
	{"LT-49", "Švenčionių r.", "LT-VL"},
	{"LT-50", "Tauragės r.", "LT-TA"},
	{"LT-51", "Telšių r.", "LT-TE"},
	{"LT-52", "Trakų r.", "LT-VL"},
	{"LT-53", "Ukmergės r.", "LT-VL"},
	{"LT-54", "Utenos r.", "LT-UT"},
	{"LT-55", "Varėnos r.", "LT-AL"},
	{"LT-56", "Vilkaviškio r.", "LT-MR"},
	{"LT-57", "Vilnius", "LT-VL"},
	{"LT-58", "Vilniaus r.", "LT-VL"},
	{"LT-59", "Visaginas", "LT-UT"},
	{"LT-60", "Zarasų r.", "LT-UT"},
};

const struct municipality *municipality_find(const char *code)
{
	int i;

	if (code == NULL || strlen(code) != 5 || strncmp(code, "LT-", 3) != 0)
		return NULL;
	i = (code[3] - '0') * 10 + (code[4] - '0') - 1;
	if (code[3] < '0' || code[3] > '9' || code[4] < '0' || code[4] > '9' ||
	    i < 0 || i >= MUNICIPALITY_COUNT)
		return NULL;
	return &municipalities[i];
}

const struct county *county_find(const char *code)
{
	int i;

	for (i = 0; code != NULL && i < COUNTY_COUNT; i++) {
		if (strcmp(counties[i].code, code) == 0)
			return &counties[i];
	}
	return NULL;
}
