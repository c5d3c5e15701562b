/* i18n: the UI language, switchable at any keystroke (DESIGN §9). No curses. */
#ifndef VITRINA_I18N_H
#define VITRINA_I18N_H

#define _(s) i18n_get(s)
#define N_(s) (s)

/* Load catalogs from dir (holding LANG/LC_MESSAGES/vitrina.mo). */
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

#endif
