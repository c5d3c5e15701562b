/* regions: the names of Lithuania's counties and municipalities in four languages. */
#include "regions.h"

#include <string.h>

#include "i18n.h"

/* Sorted by code; names as people say them, cities apart from their districts.
 *
 * The codes and the Lithuanian names follow the ISO 3166-2:LT list in Debian's iso-codes
 * package (iso_3166-2.json and its translations, LGPL-2.1+), as do the Russian names it
 * has; it names the municipalities only in Lithuanian, so the English (ISO's place names,
 * "District" for a district municipality), the other Russian and the Polish names are
 * the usual ones in those languages (Polish as Lithuania's Poles write them: Wilno,
 * rejon solecznicki). The English county names are also marked N_() for the po files. */
const struct county counties[COUNTY_COUNT] = {
	{"LT-AL", "Alytaus apskritis", N_("Alytus County"),
	 "Алитусский уезд", "Okręg olicki"},
	{"LT-KL", "Klaipėdos apskritis", N_("Klaipėda County"),
	 "Клайпедский уезд", "Okręg kłajpedzki"},
	{"LT-KU", "Kauno apskritis", N_("Kaunas County"),
	 "Каунасский уезд", "Okręg kowieński"},
	{"LT-MR", "Marijampolės apskritis", N_("Marijampolė County"),
	 "Мариямпольский уезд", "Okręg mariampolski"},
	{"LT-PN", "Panevėžio apskritis", N_("Panevėžys County"),
	 "Паневежский уезд", "Okręg poniewieski"},
	{"LT-SA", "Šiaulių apskritis", N_("Šiauliai County"),
	 "Шяуляйский уезд", "Okręg szawelski"},
	{"LT-TA", "Tauragės apskritis", N_("Tauragė County"),
	 "Таурагский уезд", "Okręg tauroski"},
	{"LT-TE", "Telšių apskritis", N_("Telšiai County"),
	 "Тельшяйский уезд", "Okręg telszański"},
	{"LT-UT", "Utenos apskritis", N_("Utena County"),
	 "Утенский уезд", "Okręg uciański"},
	{"LT-VL", "Vilniaus apskritis", N_("Vilnius County"),
	 "Вильнюсский уезд", "Okręg wileński"},
};

const struct municipality municipalities[MUNICIPALITY_COUNT] = {
	{"LT-01", "Akmenės r.", "LT-SA",
	 "Akmenė District", "Акмянский район", "rejon okmiański"},
	{"LT-02", "Alytus", "LT-AL",
	 "Alytus", "Алитус", "Olita"},
	{"LT-03", "Alytaus r.", "LT-AL",
	 "Alytus District", "Алитусский район", "rejon olicki"},
	{"LT-04", "Anykščių r.", "LT-UT",
	 "Anykščiai District", "Аникщяйский район", "rejon oniksztyński"},
	{"LT-05", "Birštonas", "LT-KU",
	 "Birštonas", "Бирштонас", "Birsztany"},
	{"LT-06", "Biržų r.", "LT-PN",
	 "Biržai District", "Биржайский район", "rejon birżański"},
	{"LT-07", "Druskininkai", "LT-AL",
	 "Druskininkai", "Друскининкай", "Druskieniki"},
	{"LT-08", "Elektrėnai", "LT-VL",
	 "Elektrėnai", "Электренай", "Elektreny"},
	{"LT-09", "Ignalinos r.", "LT-UT",
	 "Ignalina District", "Игналинский район", "rejon ignaliński"},
	{"LT-10", "Jonavos r.", "LT-KU",
	 "Jonava District", "Ионавский район", "rejon janowski"},
	{"LT-11", "Joniškio r.", "LT-SA",
	 "Joniškis District", "Ионишкский район", "rejon janiski"},
	{"LT-12", "Jurbarko r.", "LT-TA",
	 "Jurbarkas District", "Юрбаркский район", "rejon jurborski"},
	{"LT-13", "Kaišiadorių r.", "LT-KU",
	 "Kaišiadorys District", "Кайшядорский район", "rejon koszedarski"},
	{"LT-14", "Kalvarija", "LT-MR",
	 "Kalvarija", "Калвария", "Kalwaria"},
	{"LT-15", "Kaunas", "LT-KU",
	 "Kaunas", "Каунас", "Kowno"},
	{"LT-16", "Kauno r.", "LT-KU",
	 "Kaunas District", "Каунасский район", "rejon kowieński"},
	{"LT-17", "Kazlų Rūda", "LT-MR",
	 "Kazlų Rūda", "Казлу-Руда", "Kozłowa Ruda"},
	{"LT-18", "Kėdainių r.", "LT-KU",
	 "Kėdainiai District", "Кедайнский район", "rejon kiejdański"},
	{"LT-19", "Kelmės r.", "LT-SA",
	 "Kelmė District", "Кельмеский район", "rejon kielmeński"},
	{"LT-20", "Klaipėda", "LT-KL",
	 "Klaipėda", "Клайпеда", "Kłajpeda"},
	{"LT-21", "Klaipėdos r.", "LT-KL",
	 "Klaipėda District", "Клайпедский район", "rejon kłajpedzki"},
	{"LT-22", "Kretingos r.", "LT-KL",
	 "Kretinga District", "Кретингский район", "rejon kretyngowski"},
	{"LT-23", "Kupiškio r.", "LT-PN",
	 "Kupiškis District", "Купишкский район", "rejon kupiski"},
	{"LT-24", "Lazdijų r.", "LT-AL",
	 "Lazdijai District", "Лаздийский район", "rejon łoździejski"},
	{"LT-25", "Marijampolė", "LT-MR",
	 "Marijampolė", "Мариямполе", "Mariampol"},
	{"LT-26", "Mažeikių r.", "LT-TE",
	 "Mažeikiai District", "Мажейкяйский район", "rejon możejski"},
	{"LT-27", "Molėtų r.", "LT-UT",
	 "Molėtai District", "Молетский район", "rejon malacki"},
	{"LT-28", "Neringa", "LT-KL",
	 "Neringa", "Неринга", "Neringa"},
	{"LT-29", "Pagėgiai", "LT-TA",
	 "Pagėgiai", "Пагегяй", "Pojegi"},
	{"LT-30", "Pakruojo r.", "LT-SA",
	 "Pakruojis District", "Пакруойский район", "rejon pokrojski"},
	{"LT-31", "Palanga", "LT-KL",
	 "Palanga", "Паланга", "Połąga"},
	{"LT-32", "Panevėžys", "LT-PN",
	 "Panevėžys", "Паневежис", "Poniewież"},
	{"LT-33", "Panevėžio r.", "LT-PN",
	 "Panevėžys District", "Паневежский район", "rejon poniewieski"},
	{"LT-34", "Pasvalio r.", "LT-PN",
	 "Pasvalys District", "Пасвальский район", "rejon poswolski"},
	{"LT-35", "Plungės r.", "LT-TE",
	 "Plungė District", "Плунгеский район", "rejon płungiański"},
	{"LT-36", "Prienų r.", "LT-KU",
	 "Prienai District", "Пренайский район", "rejon preński"},
	{"LT-37", "Radviliškio r.", "LT-SA",
	 "Radviliškis District", "Радвилишкский район", "rejon radziwiliski"},
	{"LT-38", "Raseinių r.", "LT-KU",
	 "Raseiniai District", "Расейнский район", "rejon rosieński"},
	{"LT-39", "Rietavas", "LT-TE",
	 "Rietavas", "Ритавас", "Retów"},
	{"LT-40", "Rokiškio r.", "LT-PN",
	 "Rokiškis District", "Рокишкский район", "rejon rakiski"},
	{"LT-41", "Šakių r.", "LT-MR",
	 "Šakiai District", "Шакяйский район", "rejon szakowski"},
	{"LT-42", "Šalčininkų r.", "LT-VL",
	 "Šalčininkai District", "Шальчининкский район", "rejon solecznicki"},
	{"LT-43", "Šiauliai", "LT-SA",
	 "Šiauliai", "Шяуляй", "Szawle"},
	{"LT-44", "Šiaulių r.", "LT-SA",
	 "Šiauliai District", "Шяуляйский район", "rejon szawelski"},
	{"LT-45", "Šilalės r.", "LT-TA",
	 "Šilalė District", "Шилальский район", "rejon szyłelski"},
	{"LT-46", "Šilutės r.", "LT-KL",
	 "Šilutė District", "Шилутский район", "rejon szyłokarczemski"},
	{"LT-47", "Širvintų r.", "LT-VL",
	 "Širvintos District", "Ширвинтский район", "rejon szyrwincki"},
	{"LT-48", "Skuodo r.", "LT-KL",
	 "Skuodas District", "Скуодасский район", "rejon szkudzki"},
	{"LT-49", "Švenčionių r.", "LT-VL",
	 "Švenčionys District", "Швенчёнский район", "rejon święciański"},
	{"LT-50", "Tauragės r.", "LT-TA",
	 "Tauragė District", "Таурагский район", "rejon tauroski"},
	{"LT-51", "Telšių r.", "LT-TE",
	 "Telšiai District", "Тельшяйский район", "rejon telszański"},
	{"LT-52", "Trakų r.", "LT-VL",
	 "Trakai District", "Тракайский район", "rejon trocki"},
	{"LT-53", "Ukmergės r.", "LT-VL",
	 "Ukmergė District", "Укмергский район", "rejon wiłkomierski"},
	{"LT-54", "Utenos r.", "LT-UT",
	 "Utena District", "Утенский район", "rejon uciański"},
	{"LT-55", "Varėnos r.", "LT-AL",
	 "Varėna District", "Варенский район", "rejon orański"},
	{"LT-56", "Vilkaviškio r.", "LT-MR",
	 "Vilkaviškis District", "Вилкавишкский район", "rejon wyłkowyski"},
	{"LT-57", "Vilnius", "LT-VL",
	 "Vilnius", "Вильнюс", "Wilno"},
	{"LT-58", "Vilniaus r.", "LT-VL",
	 "Vilnius District", "Вильнюсский район", "rejon wileński"},
	{"LT-59", "Visaginas", "LT-UT",
	 "Visaginas", "Висагинас", "Wisaginia"},
	{"LT-60", "Zarasų r.", "LT-UT",
	 "Zarasai District", "Зарасайский район", "rejon jezioroski"},
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

/* Index of lang among lt, en, ru, pl; English (1) for any other. */
static int lang_index(const char *lang)
{
	static const char *const langs[] = {"lt", "en", "ru", "pl"};
	int i;

	for (i = 0; lang != NULL && i < 4; i++) {
		if (strcmp(langs[i], lang) == 0)
			return i;
	}
	return 1;
}

const char *municipality_name(const struct municipality *m, const char *lang)
{
	const char *const names[] = {m->name, m->name_en, m->name_ru, m->name_pl};

	return names[lang_index(lang)];
}

const char *county_name(const struct county *c, const char *lang)
{
	const char *const names[] = {c->name_lt, c->name_en, c->name_ru, c->name_pl};

	return names[lang_index(lang)];
}
