/* i18n: the UI language, switchable at any keystroke (DESIGN §9). No curses.
 * Catalogs are the .mo files msgfmt builds from the .po files in locale/, read by this
 * module itself (not through the C library's gettext), so switching works with only
 * C.UTF-8 installed and on every glibc. Source strings are English. */
#ifndef VITRINA_I18N_H
#define VITRINA_I18N_H

#define _(s) i18n_get(s)
#define N_(s) (s)

/* Load catalogs from dir (holding LANG/LC_MESSAGES/vitrina.mo). Each language is read
 * once, when first chosen; calling again with another dir forgets the loaded ones. */
void i18n_init(const char *dir);
/* Switch the UI language ("lt", "en", "ru", "pl"). Returns -1 if there is no such
 * catalog (the language stays as it was); "en" always works. */
int i18n_set_language(const char *lang);
/* The current language code. */
const char *i18n_language(void);
/* The translation of msgid in the current language, else msgid itself (English). */
const char *i18n_get(const char *msgid);
/* Plural: the right form for n in the current language. */
const char *i18n_nget(const char *one, const char *many, unsigned long n);

/* The languages that can be chosen: "en" and every language with a catalog in the
 * directory given to i18n_init, Lithuanian first, then en, ru, pl, then others by code.
 * Stores up to max codes in out (static strings, valid until the next i18n_init) and
 * returns how many. */
int i18n_languages(const char **out, int max);
/* A language's name in that language ("Lietuvių", "English", "Русский", "Polski"); the
 * code itself for a language without a known name. */
const char *i18n_language_name(const char *lang);
/* Which plural form (0, 1, 2) lang uses for n: the Plural-Forms rules of lt, ru and pl
 * (DESIGN §9) computed here; other languages use English's n != 1. */
int i18n_plural(const char *lang, unsigned long n);

#endif
