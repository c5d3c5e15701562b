/* i18n: a reader for GNU .mo catalogs and the plural rules of our languages.
 * glibc's gettext cannot be used: it ignores LANGUAGE under the C locale (and, from 2.39,
 * under C.UTF-8) and caches translations, so the UI could not switch at a keystroke. */
#include "i18n.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text.h"
#include "util.h"

#define MO_MAGIC 0x950412deU
#define MAX_MO ((size_t)16 << 20)
#define MAX_LANGS 16

struct entry {
	const char *id;		/* the msgid (for plurals, up to the NUL before msgid_plural) */
	const char *str;	/* the translation; plural forms separated by NUL */
	uint32_t str_len;	/* bytes of str, without the final NUL */
};

struct catalog {
	char code[8];
	int state;		/* 0 not read yet, 1 read, -1 missing or unreadable */
	char *data;
	struct entry *entries;
	uint32_t n;
};

static char *base_dir;
static struct catalog catalogs[MAX_LANGS];
static int ncatalogs;
static struct catalog *current;	/* NULL: English */
static char current_code[8] = "en";

static const struct {
	const char *code, *name;
} names[] = {
	{"lt", "Lietuvių"}, {"en", "English"}, {"ru", "Русский"}, {"pl", "Polski"},
};

/* A language code as it may appear in a path: 2 or 3 lowercase letters. */
static int code_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n < 2 || n > 3)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	}
	return 1;
}

static void forget(void)
{
	int i;

	for (i = 0; i < ncatalogs; i++) {
		free(catalogs[i].data);
		free(catalogs[i].entries);
	}
	memset(catalogs, 0, sizeof(catalogs));
	ncatalogs = 0;
	current = NULL;
}

static uint32_t get32(const unsigned char *p, int big)
{
	if (big)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* The string of table entry i at table offset tab: checks that it lies inside the file
 * and ends with a NUL. */
static const char *mo_string(const char *data, size_t size, uint32_t tab, uint32_t i,
			     int big, uint32_t *len)
{
	const unsigned char *p = (const unsigned char *)data;
	uint64_t at = (uint64_t)tab + (uint64_t)i * 8;
	uint32_t l, off;

	if (at + 8 > size)
		return NULL;
	l = get32(p + at, big);
	off = get32(p + at + 4, big);
	if ((uint64_t)off + l + 1 > size || data[(size_t)off + l] != '\0')
		return NULL;
	*len = l;
	return data + off;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->id, ((const struct entry *)b)->id);
}

/* Parse a .mo file into c; -1 if it is not one. */
static int mo_parse(struct catalog *c, char *data, size_t size)
{
	const unsigned char *p = (const unsigned char *)data;
	uint32_t n, otab, ttab, i, k = 0;
	int big, sorted = 1;

	if (size < 28)
		return -1;
	if (get32(p, 0) == MO_MAGIC)
		big = 0;
	else if (get32(p, 1) == MO_MAGIC)
		big = 1;
	else
		return -1;
	if ((get32(p + 4, big) >> 16) > 1)
		return -1;
	n = get32(p + 8, big);
	otab = get32(p + 12, big);
	ttab = get32(p + 16, big);
	if (n > size / 16)
		return -1;
	c->entries = xcalloc(n ? n : 1, sizeof(struct entry));
	for (i = 0; i < n; i++) {
		uint32_t ol, tl;
		const char *o = mo_string(data, size, otab, i, big, &ol);
		const char *t = mo_string(data, size, ttab, i, big, &tl);

		if (o == NULL || t == NULL) {
			free(c->entries);
			c->entries = NULL;
			return -1;
		}
		/* Skip the header, and translations that are not UTF-8 (a catalog compiled
		 * from a .po in another charset): those strings stay English. */
		if (o[0] == '\0' || !utf8_valid(t, tl))
			continue;
		c->entries[k].id = o;
		c->entries[k].str = t;
		c->entries[k].str_len = tl;
		if (k > 0 && strcmp(c->entries[k - 1].id, o) > 0)
			sorted = 0;
		k++;
	}
	if (!sorted)
		qsort(c->entries, k, sizeof(struct entry), entry_cmp);
	c->n = k;
	c->data = data;
	return 0;
}

static void catalog_load(struct catalog *c)
{
	char *path, *data = NULL, *err = NULL;
	size_t size = 0;

	c->state = -1;
	if (base_dir == NULL)
		return;
	path = xasprintf("%s/%s/LC_MESSAGES/vitrina.mo", base_dir, c->code);
	if (read_file(path, MAX_MO, &data, &size, &err) == 0 && mo_parse(c, data, size) == 0)
		c->state = 1;
	else
		free(data);
	free(err);
	free(path);
}

/* The catalog for code, read on first use; NULL if there is none. */
static struct catalog *catalog_get(const char *code)
{
	struct catalog *c = NULL;
	int i;

	for (i = 0; i < ncatalogs; i++) {
		if (strcmp(catalogs[i].code, code) == 0)
			c = &catalogs[i];
	}
	if (c == NULL) {
		if (ncatalogs == MAX_LANGS)
			return NULL;
		c = &catalogs[ncatalogs++];
		memcpy(c->code, code, strlen(code) + 1);
	}
	if (c->state == 0)
		catalog_load(c);
	return c->state == 1 ? c : NULL;
}

void i18n_init(const char *dir)
{
	forget();
	free(base_dir);
	base_dir = xstrdup(dir);
	/* The chosen language stays chosen if the new place has it. */
	if (strcmp(current_code, "en") != 0) {
		current = catalog_get(current_code);
		if (current == NULL)
			memcpy(current_code, "en", 3);
	}
}

int i18n_set_language(const char *lang)
{
	struct catalog *c;

	if (lang == NULL || !code_ok(lang))
		return -1;
	if (strcmp(lang, "en") == 0) {
		current = NULL;
		memcpy(current_code, "en", 3);
		return 0;
	}
	c = catalog_get(lang);
	if (c == NULL)
		return -1;
	current = c;
	memcpy(current_code, lang, strlen(lang) + 1);
	return 0;
}

const char *i18n_language(void)
{
	return current_code;
}

static const struct entry *lookup(const struct catalog *c, const char *msgid)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(msgid, c->entries[mid].id);

		if (r == 0)
			return &c->entries[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *i18n_get(const char *msgid)
{
	const struct entry *e;

	if (current == NULL || msgid == NULL || msgid[0] == '\0')
		return msgid;
	e = lookup(current, msgid);
	return e != NULL && e->str[0] != '\0' ? e->str : msgid;
}

int i18n_plural(const char *lang, unsigned long n)
{
	unsigned long d = n % 10, h = n % 100;

	if (strcmp(lang, "lt") == 0)
		return d == 1 && h != 11 ? 0 : d >= 2 && (h < 10 || h >= 20) ? 1 : 2;
	if (strcmp(lang, "ru") == 0)
		return d == 1 && h != 11 ? 0 : d >= 2 && d <= 4 && (h < 10 || h >= 20) ? 1 : 2;
	if (strcmp(lang, "pl") == 0)
		return n == 1 ? 0 : d >= 2 && d <= 4 && (h < 10 || h >= 20) ? 1 : 2;
	return n != 1;
}

const char *i18n_nget(const char *one, const char *many, unsigned long n)
{
	const struct entry *e;
	const char *s, *end;
	int form, i;

	e = current != NULL ? lookup(current, one) : NULL;
	if (e == NULL)
		return n == 1 ? one : many;
	form = i18n_plural(current_code, n);
	s = e->str;
	end = e->str + e->str_len;
	/* Walk to the form; a catalog with fewer forms gives its last one. */
	for (i = 0; i < form; i++) {
		const char *next = s + strlen(s) + 1;

		if (next > end)
			break;
		s = next;
	}
	if (s[0] == '\0')
		return n == 1 ? one : many;
	return s;
}

static int has_catalog(const char *code)
{
	char *path;
	int ok;

	if (base_dir == NULL)
		return 0;
	path = xasprintf("%s/%s/LC_MESSAGES/vitrina.mo", base_dir, code);
	ok = access(path, R_OK) == 0;
	free(path);
	return ok;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int i18n_languages(const char **out, int max)
{
	static char found[MAX_LANGS][4];
	const char *others[MAX_LANGS];
	int n = 0, nothers = 0, nfound = 0, i;
	size_t k;
	DIR *d;
	struct dirent *de;

	for (k = 0; k < sizeof(names) / sizeof(names[0]) && n < max; k++) {
		if (strcmp(names[k].code, "en") == 0 || has_catalog(names[k].code))
			out[n++] = names[k].code;
	}
	d = base_dir ? opendir(base_dir) : NULL;
	while (d != NULL && nfound < MAX_LANGS) {
		int known = 0;

		de = readdir(d);
		if (de == NULL)
			break;
		if (!code_ok(de->d_name) || !has_catalog(de->d_name))
			continue;
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			known |= strcmp(names[k].code, de->d_name) == 0;
		if (known)
			continue;
		memcpy(found[nfound], de->d_name, strlen(de->d_name) + 1);
		others[nothers++] = found[nfound++];
	}
	if (d != NULL)
		closedir(d);
	qsort(others, (size_t)nothers, sizeof(others[0]), str_cmp);
	for (i = 0; i < nothers && n < max; i++)
		out[n++] = others[i];
	return n;
}

const char *i18n_language_name(const char *lang)
{
	size_t k;

	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		if (strcmp(names[k].code, lang) == 0)
			return names[k].name;
	}
	return lang;
}
