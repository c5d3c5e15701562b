#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "t.h"

static const char lt_po[] =
	"msgid \"\"\nmsgstr \"\"\n"
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	"\"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
	"(n%100<10 || n%100>=20) ? 1 : 2);\\n\"\n\n"
	"msgid \"Search\"\nmsgstr \"Paieška\"\n\n"
	"msgid \"Back\"\nmsgstr \"Atgal\"\n\n"
	"msgid \"%lu case\"\nmsgid_plural \"%lu cases\"\n"
	"msgstr[0] \"%lu atvejis\"\nmsgstr[1] \"%lu atvejai\"\nmsgstr[2] \"%lu atvejų\"\n\n"
	"msgid \"Not translated\"\nmsgstr \"\"\n";

static const char ru_po[] =
	"msgid \"\"\nmsgstr \"\"\n"
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	"\"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
	"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n\"\n\n"
	"msgid \"Search\"\nmsgstr \"Поиск\"\n\n"
	"msgid \"Back\"\nmsgstr \"Назад\"\n\n"
	"msgid \"%lu case\"\nmsgid_plural \"%lu cases\"\n"
	"msgstr[0] \"%lu история\"\nmsgstr[1] \"%lu истории\"\nmsgstr[2] \"%lu историй\"\n";

static const char pl_po[] =
	"msgid \"\"\nmsgstr \"\"\n"
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	"\"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && "
	"(n%100<10 || n%100>=20) ? 1 : 2);\\n\"\n\n"
	"msgid \"Search\"\nmsgstr \"Szukaj\"\n\n"
	"msgid \"Back\"\nmsgstr \"Wstecz\"\n\n"
	"#, fuzzy\nmsgid \"Fuzzy one\"\nmsgstr \"Niepewne\"\n\n"
	"msgid \"%lu case\"\nmsgid_plural \"%lu cases\"\n"
	"msgstr[0] \"%lu historia\"\nmsgstr[1] \"%lu historie\"\nmsgstr[2] \"%lu historii\"\n";

/* Compile po text into DIR/lang/LC_MESSAGES/vitrina.mo with msgfmt --check. */
static void make_mo(const char *lang, const char *po, const char *endianness)
{
	const char *msgfmt = t_tool("msgfmt");
	char dir[1024], out[1100], src[1100], endian[64];
	char *err = NULL;
	int rc;

	if (msgfmt == NULL)
		t_skip("msgfmt (gettext) is not installed");
	snprintf(dir, sizeof dir, "%s/%s", t_dir(), lang);
	mkdir(dir, 0755);
	snprintf(dir, sizeof dir, "%s/%s/LC_MESSAGES", t_dir(), lang);
	mkdir(dir, 0755);
	snprintf(out, sizeof out, "%s/vitrina.mo", dir);
	snprintf(src, sizeof src, "%s/%s.po", t_dir(), lang);
	snprintf(endian, sizeof endian, "--endianness=%s", endianness);
	t_write_file(src, po);
	{
		char *argv[] = {(char *)msgfmt, (char *)"--check", endian, (char *)"-o", out, src,
				NULL};

		rc = t_run(argv, NULL, &err);
	}
	if (rc != 0)
		t_fail("msgfmt %s: %s", lang, err ? err : "");
	free(err);
}

static void make_all(void)
{
	make_mo("lt", lt_po, "little");
	make_mo("ru", ru_po, "big");	/* both byte orders are read */
	make_mo("pl", pl_po, "little");
	i18n_init(t_dir());
}

TEST(i18n_switches_every_way)
{
	static const char *const order[] = {"lt", "en", "ru", "pl", "lt", "ru", "en", "pl", "en"};
	static const struct {
		const char *lang, *search, *back;
	} want[] = {
		{"lt", "Paieška", "Atgal"}, {"en", "Search", "Back"},
		{"ru", "Поиск", "Назад"}, {"pl", "Szukaj", "Wstecz"},
	};
	size_t i, k;

	/* The C library's locale plays no part. */
	setlocale(LC_ALL, "C");
	make_all();
	CHECK_STR(i18n_language(), "en");
	CHECK_STR(_("Search"), "Search");
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		CHECK_INT(i18n_set_language(order[i]), 0);
		CHECK_STR(i18n_language(), order[i]);
		for (k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
			if (strcmp(want[k].lang, order[i]) != 0)
				continue;
			CHECK_STR(_("Search"), want[k].search);
			CHECK_STR(_("Back"), want[k].back);
		}
	}
}

TEST(i18n_falls_back_to_english)
{
	make_all();
	CHECK_INT(i18n_set_language("lt"), 0);
	CHECK_STR(_("Not translated"), "Not translated");
	CHECK_STR(_("Never seen anywhere"), "Never seen anywhere");
	CHECK_STR(_(""), "");
	CHECK_STR(i18n_nget("%lu apple", "%lu apples", 1), "%lu apple");
	CHECK_STR(i18n_nget("%lu apple", "%lu apples", 5), "%lu apples");
	CHECK_INT(i18n_set_language("pl"), 0);
	CHECK_STR(_("Fuzzy one"), "Fuzzy one");	/* fuzzy entries are not used */
	/* No such catalog: the language stays as it was. */
	CHECK_INT(i18n_set_language("de"), -1);
	CHECK_STR(i18n_language(), "pl");
	CHECK_INT(i18n_set_language("../lt"), -1);
	CHECK_INT(i18n_set_language(""), -1);
	CHECK_INT(i18n_set_language(NULL), -1);
	CHECK_STR(i18n_language(), "pl");
	CHECK_INT(i18n_set_language("en"), 0);
	CHECK_STR(_("Search"), "Search");
}

TEST(i18n_plural_forms)
{
	static const unsigned long ns[] = {1, 2, 5, 11, 21, 22, 25, 111, 0, 12, 101, 1001};
	static const struct {
		const char *lang;
		int form[12];
		const char *word[3];
	} want[] = {
		{"lt", {0, 1, 1, 2, 0, 1, 1, 2, 2, 2, 0, 0}, {"atvejis", "atvejai", "atvejų"}},
		{"ru", {0, 1, 2, 2, 0, 1, 2, 2, 2, 2, 0, 0}, {"история", "истории", "историй"}},
		{"pl", {0, 1, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2}, {"historia", "historie", "historii"}},
		{"en", {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, {"case", "cases", "cases"}},
	};
	size_t i, k;

	make_all();
	for (k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		CHECK_INT(i18n_set_language(want[k].lang), 0);
		for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
			int form = want[k].form[i];
			char expect[64];

			if (!CHECK_INT(i18n_plural(want[k].lang, ns[i]), form))
				fprintf(stderr, "  %s n=%lu\n", want[k].lang, ns[i]);
			snprintf(expect, sizeof expect, "%%lu %s", want[k].word[form]);
			CHECK_STR(i18n_nget("%lu case", "%lu cases", ns[i]), expect);
		}
	}
	/* A plural entry asked for as a plain string gives its first form. */
	CHECK_INT(i18n_set_language("ru"), 0);
	CHECK_STR(_("%lu case"), "%lu история");
}

TEST(i18n_languages_and_names)
{
	const char *langs[8];
	int n;

	i18n_init(t_dir());
	n = i18n_languages(langs, 8);
	CHECK_INT(n, 1);
	CHECK_STR(langs[0], "en");
	make_all();
	make_mo("de", "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
		"msgid \"Search\"\nmsgstr \"Suche\"\n", "little");
	n = i18n_languages(langs, 8);
	if (CHECK_INT(n, 5)) {
		CHECK_STR(langs[0], "lt");
		CHECK_STR(langs[1], "en");
		CHECK_STR(langs[2], "ru");
		CHECK_STR(langs[3], "pl");
		CHECK_STR(langs[4], "de");
	}
	CHECK_INT(i18n_languages(langs, 2), 2);
	CHECK_STR(i18n_language_name("lt"), "Lietuvių");
	CHECK_STR(i18n_language_name("en"), "English");
	CHECK_STR(i18n_language_name("ru"), "Русский");
	CHECK_STR(i18n_language_name("pl"), "Polski");
	CHECK_STR(i18n_language_name("de"), "de");
	CHECK_INT(i18n_set_language("de"), 0);
	CHECK_STR(_("Search"), "Suche");
}

TEST(i18n_rejects_broken_catalogs)
{
	char path[1100];
	FILE *f;

	make_all();
	/* A truncated catalog, and one that is not a catalog at all. */
	snprintf(path, sizeof path, "%s/lt/LC_MESSAGES/vitrina.mo", t_dir());
	if (truncate(path, 40) != 0)
		t_fail("truncate");
	snprintf(path, sizeof path, "%s/ru/LC_MESSAGES/vitrina.mo", t_dir());
	f = fopen(path, "w");
	if (f == NULL)
		t_fail("fopen");
	fputs("not a catalog at all, just text that is long enough", f);
	fclose(f);
	i18n_init(t_dir());
	CHECK_INT(i18n_set_language("lt"), -1);
	CHECK_INT(i18n_set_language("ru"), -1);
	CHECK_STR(i18n_language(), "en");
	CHECK_INT(i18n_set_language("pl"), 0);
	CHECK_STR(_("Search"), "Szukaj");
	/* A catalog compiled from a .po in another charset: its strings are not UTF-8, so
	 * they are not shown (English instead of garbage). */
	make_mo("lt", "msgid \"\"\nmsgstr \"\"\n"
		"\"Content-Type: text/plain; charset=ISO-8859-13\\n\"\n\n"
		"msgid \"Search\"\nmsgstr \"Paie\xF0ka\"\n\n"
		"msgid \"Back\"\nmsgstr \"Atgal\"\n", "little");
	i18n_init(t_dir());
	CHECK_INT(i18n_set_language("lt"), 0);
	CHECK_STR(_("Search"), "Search");
	CHECK_STR(_("Back"), "Atgal");
	/* Without a catalog folder only English is there. */
	i18n_init(NULL);
	CHECK_STR(i18n_language(), "en");
	CHECK_INT(i18n_set_language("pl"), -1);
	CHECK_STR(_("Search"), "Search");
}

TEST(i18n_keeps_language_across_init)
{
	make_all();
	CHECK_INT(i18n_set_language("ru"), 0);
	i18n_init(t_dir());
	CHECK_STR(i18n_language(), "ru");
	CHECK_STR(_("Back"), "Назад");
}
