/* The translations in locale/ are complete, compile with msgfmt --check, carry the plural
 * rules of DESIGN §9, cover every string in the sources and load with our reader. */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "t.h"
#include "util.h"

static const struct {
	const char *lang, *plural;
} rules[] = {
	{"lt", "n%10==1&&n%100!=11?0:n%10>=2&&(n%100<10||n%100>=20)?1:2"},
	{"ru", "n%10==1&&n%100!=11?0:n%10>=2&&n%10<=4&&(n%100<10||n%100>=20)?1:2"},
	{"pl", "n==1?0:n%10>=2&&n%10<=4&&(n%100<10||n%100>=20)?1:2"},
};

/* A gettext program, or the test is skipped. */
static const char *tool(const char *name)
{
	const char *p = t_tool(name);

	if (p == NULL)
		t_skip("gettext tools are not installed");
	return p;
}

static const char *source_root(void)
{
	return t_source("locale/lt.po");
}

/* Run msgfmt --check --statistics on po; fails the test on errors, fuzzy or untranslated
 * entries. */
static void check_complete(const char *po, const char *what)
{
	char *err = NULL;
	char mo[1100];
	int rc;

	snprintf(mo, sizeof mo, "%s/check.mo", t_dir());
	{
		char *argv[] = {(char *)tool("msgfmt"), (char *)"--check", (char *)"--statistics",
				(char *)"-o", mo, (char *)po, NULL};

		rc = t_run(argv, NULL, &err);
	}
	if (!CHECK_INT(rc, 0) || !CHECK(err != NULL && strstr(err, "fuzzy") == NULL &&
					strstr(err, "untranslated") == NULL))
		fprintf(stderr, "  %s: %s  (run `make update-po`, then translate the new and fuzzy "
			"entries in locale/*.po)\n", what, err ? err : "");
	free(err);
}

/* The header's Plural-Forms expression without spaces and outer parentheses. */
static char *plural_of(const char *text)
{
	const char *p = strstr(text, "plural=");
	struct buf b = {0};

	if (p == NULL)
		return xstrdup("");
	for (p += 7; *p != '\0' && *p != ';' && *p != '\\'; p++) {
		/* msgmerge wraps long header lines: "...\"\n\"..." */
		if (*p != ' ' && *p != '"' && *p != '\n')
			buf_addc(&b, *p);
	}
	buf_add(&b, "", 0);
	while (b.len >= 2 && b.s[0] == '(' && b.s[b.len - 1] == ')') {
		memmove(b.s, b.s + 1, b.len - 2);
		b.len -= 2;
		b.s[b.len] = '\0';
	}
	return buf_take(&b);
}

TEST(po_files_complete_and_compile)
{
	const char *root = source_root();
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		char path[1100];
		char *text = NULL, *err = NULL, *plural;
		size_t len;

		snprintf(path, sizeof path, "%s/locale/%s.po", root, rules[i].lang);
		if (!CHECK(read_file(path, 4 << 20, &text, &len, &err) == 0)) {
			fprintf(stderr, "  %s\n", err);
			free(err);
			continue;
		}
		CHECK(strstr(text, "charset=UTF-8") != NULL);
		CHECK(strstr(text, "nplurals=3;") != NULL);
		plural = plural_of(text);
		if (!CHECK_STR(plural, rules[i].plural))
			fprintf(stderr, "  in %s\n", path);
		check_complete(path, path);
		free(plural);
		free(text);
	}
}

/* Every string marked in src/ (and its folders) and screens/ is translated: extract
 * them as `make pot` does, merge into each .po and check the result is still complete. */
TEST(po_covers_every_source_string)
{
	const char *root = source_root();
	char pattern[1100], pot[1100];
	glob_t g;
	char **argv;
	size_t i, n = 0;
	int rc;
	char *err = NULL;

	snprintf(pot, sizeof pot, "%s/current.pot", t_dir());
	argv = xcalloc(64, sizeof(char *));
	argv[n++] = (char *)tool("xgettext");
	argv[n++] = (char *)"--from-code=UTF-8";
	argv[n++] = (char *)"-k_";
	argv[n++] = (char *)"-kN_";
	argv[n++] = (char *)"-kngettext:1,2";
	argv[n++] = (char *)"-ki18n_nget:1,2";
	argv[n++] = (char *)"-o";
	argv[n++] = pot;
	memset(&g, 0, sizeof(g));
	snprintf(pattern, sizeof pattern, "%s/src/*.c", root);
	glob(pattern, 0, NULL, &g);
	snprintf(pattern, sizeof pattern, "%s/src/*/*.c", root);    /* ui, app (and hub) */
	glob(pattern, GLOB_APPEND, NULL, &g);
	snprintf(pattern, sizeof pattern, "%s/screens/*.c", root);
	glob(pattern, GLOB_APPEND, NULL, &g);
	argv = xrealloc(argv, (n + g.gl_pathc + 1) * sizeof(char *));
	for (i = 0; i < g.gl_pathc; i++)
		argv[n++] = g.gl_pathv[i];
	argv[n] = NULL;
	rc = t_run(argv, NULL, &err);
	free(argv);
	globfree(&g);
	if (!CHECK_INT(rc, 0)) {
		fprintf(stderr, "  xgettext: %s", err ? err : "");
		free(err);
		return;
	}
	free(err);
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		char po[1100], merged[1100];
		char *margv[8];

		snprintf(po, sizeof po, "%s/locale/%s.po", root, rules[i].lang);
		snprintf(merged, sizeof merged, "%s/%s.po", t_dir(), rules[i].lang);
		margv[0] = (char *)tool("msgmerge");
		margv[1] = (char *)"-q";
		margv[2] = (char *)"-o";
		margv[3] = merged;
		margv[4] = po;
		margv[5] = pot;
		margv[6] = NULL;
		err = NULL;
		if (!CHECK_INT(t_run(margv, NULL, &err), 0))
			fprintf(stderr, "  msgmerge %s: %s", po, err ? err : "");
		free(err);
		check_complete(merged, rules[i].lang);
	}
}

/* The shipped catalogs load with our reader and switch both ways. */
TEST(po_catalogs_load)
{
	const char *root = source_root();
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		char dir[1100], po[1100], mo[1200];
		char *err = NULL;

		snprintf(dir, sizeof dir, "%s/%s", t_dir(), rules[i].lang);
		mkdir(dir, 0755);
		snprintf(dir, sizeof dir, "%s/%s/LC_MESSAGES", t_dir(), rules[i].lang);
		mkdir(dir, 0755);
		snprintf(mo, sizeof mo, "%s/vitrina.mo", dir);
		snprintf(po, sizeof po, "%s/locale/%s.po", root, rules[i].lang);
		{
			char *argv[] = {(char *)tool("msgfmt"), (char *)"--check", (char *)"-o", mo,
					po, NULL};

			if (!CHECK_INT(t_run(argv, NULL, &err), 0))
				fprintf(stderr, "  %s", err ? err : "");
		}
		free(err);
	}
	i18n_init(t_dir());
	CHECK_INT(i18n_set_language("lt"), 0);
	CHECK_STR(_("Search"), "Paieška");
	CHECK_INT(i18n_set_language("ru"), 0);
	CHECK_STR(_("Search"), "Поиск");
	CHECK_INT(i18n_set_language("pl"), 0);
	CHECK_STR(_("Search"), "Szukaj");
	CHECK_INT(i18n_set_language("en"), 0);
	CHECK_STR(_("Search"), "Search");
	CHECK_INT(i18n_set_language("lt"), 0);
	CHECK_STR(_("Back"), "Atgal");
}
