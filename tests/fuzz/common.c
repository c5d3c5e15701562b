/* Helpers for the fuzz targets (see common.h). */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700      /* nftw */
#endif

#include "common.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalogue.h"
#include "import.h"
#include "text.h"
#include "util.h"

static char dir[256];
static char path[512];

static int remove_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(p);
}

static void remove_dir(void)
{
	if (dir[0] != '\0')
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	if (dir[0] != '\0')
		return dir;
	snprintf(dir, sizeof dir, "%s/vitrina-fuzz-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		abort();
	}
	atexit(remove_dir);
	return dir;
}

const char *fuzz_path(const char *name)
{
	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	return path;
}

void fuzz_write(const char *p, const void *data, size_t n)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	const char *at = data;

	if (fd < 0) {
		perror(p);
		abort();
	}
	while (n > 0) {
		ssize_t k = write(fd, at, n);

		if (k <= 0) {
			perror(p);
			abort();
		}
		at += k;
		n -= (size_t)k;
	}
	close(fd);
}

char *fuzz_str(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1);

	if (s == NULL)
		abort();
	if (n > 0)
		memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

void fuzz_assert(int ok, const char *file, int line, const char *expr)
{
	if (ok)
		return;
	fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, expr);
	abort();
}

int fuzz_clean_text(const char *s, size_t n, int newlines)
{
	size_t i = 0;

	if (!utf8_valid(s, n))
		return 0;
	while (i < n) {
		uint32_t cp;
		int k = utf8_decode(s + i, n - i, &cp);

		if ((cp < 0x20 && !(newlines && cp == '\n')) || (cp >= 0x7f && cp < 0xa0))
			return 0;
		i += (size_t)k;
	}
	return 1;
}

/* A text field of a parsed record: NULL only where the model allows it. */
static void check_field(const char *s, int newlines)
{
	if (s != NULL)
		FUZZ_ASSERT(fuzz_clean_text(s, strlen(s), newlines));
}

static void check_case_text(const struct case_text *t)
{
	check_field(t->title, 0);
	check_field(t->summary, 0);
	check_field(t->story, 1);
	check_field(t->quote, 0);
}

/* The same JSON, keys sorted. */
static int same_json(json_t *a, json_t *b)
{
	char *sa = json_dumps(a, JSON_SORT_KEYS | JSON_COMPACT);
	char *sb = json_dumps(b, JSON_SORT_KEYS | JSON_COMPACT);
	int same = sa != NULL && sb != NULL && strcmp(sa, sb) == 0;

	if (!same)
		fprintf(stderr, "first:  %s\nsecond: %s\n", sa ? sa : "(null)",
			sb ? sb : "(null)");
	free(sa);
	free(sb);
	return same;
}

void fuzz_check_case(const struct career *c)
{
	struct career again;
	json_t *j = career_to_json(c), *k;
	char *err = NULL;
	int i;

	FUZZ_ASSERT(uuid_valid(c->id));
	check_field(c->person, 0);
	check_field(c->slug, 0);
	check_field(c->organisation, 0);
	check_case_text(&c->text);
	for (i = 0; i < c->ntranslations; i++)
		check_case_text(&c->translations[i]);
	for (i = 0; i < c->npath; i++)
		check_field(c->path[i].step, 0);
	for (i = 0; i < c->nskills; i++)
		check_field(c->skills[i], 0);
	FUZZ_ASSERT(c->deleted || career_text(c, "en")->title != NULL);
	if (career_from_json(j, &again, &err) < 0) {
		fprintf(stderr, "career_from_json refused its own JSON: %s\n", err);
		abort();
	}
	k = career_to_json(&again);
	FUZZ_ASSERT(same_json(j, k));
	career_free(&again);
	json_decref(j);
	json_decref(k);
}

void fuzz_check_partner(const struct partner *p)
{
	struct partner again;
	json_t *j = partner_to_json(p), *k;
	char *err = NULL;

	FUZZ_ASSERT(uuid_valid(p->id));
	check_field(p->name, 0);
	check_field(p->description, 1);
	if (partner_from_json(j, &again, &err) < 0) {
		fprintf(stderr, "partner_from_json refused its own JSON: %s\n", err);
		abort();
	}
	k = partner_to_json(&again);
	FUZZ_ASSERT(same_json(j, k));
	partner_free(&again);
	json_decref(j);
	json_decref(k);
}

size_t fuzz_first_char(const uint8_t *data, size_t size)
{
	size_t i = 0;

	if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' ||
			    data[i] == '\r' || data[i] == '\v' || data[i] == '\f'))
		i++;
	return i;
}

void fuzz_check_import(const char *file, const char *encoding)
{
	struct catalogue_set set;
	struct buf report = {0};
	int rc = import_read(file, encoding, &set, &report), i, k;

	FUZZ_ASSERT(rc >= 0);
	FUZZ_ASSERT((rc == 0) == (report.len == 0));
	FUZZ_ASSERT(report.len == 0 || fuzz_clean_text(report.s, report.len, 1));
	for (i = 0; i < set.ncases; i++) {
		fuzz_check_case(&set.cases[i]);
		for (k = 0; k < i; k++)
			FUZZ_ASSERT(strcmp(set.cases[i].id, set.cases[k].id) != 0);
	}
	for (i = 0; i < set.npartners; i++)
		fuzz_check_partner(&set.partners[i]);
	catalogue_set_free(&set);
	buf_free(&report);
}
