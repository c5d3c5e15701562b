/* catalogue: the code tables, freeing, and the JSON shape of cases and partners
 * (DESIGN §2). Every field from outside is checked here: codes, UUIDs, lengths,
 * UTF-8 and control characters; text is sanitised on the way in. */
#include "catalogue.h"
#include "i18n.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "regions.h"
#include "text.h"
#include "util.h"

const char *const theme_codes[THEME_COUNT] = {
	"community", "development_education", "personal_growth", "environment", "fair_trade",
	"innovation",
};
const char *const theme_labels[THEME_COUNT] = {
	N_("Community"), N_("Development education"), N_("Personal growth"),
	N_("Environment"), N_("Fair trade"), N_("Innovation"),
};
const char *const area_codes[AREA_COUNT] = {
	"humanities", "social_sciences", "regional_development",
};
const char *const area_labels[AREA_COUNT] = {
	N_("Humanities"), N_("Social sciences"), N_("Regional development"),
};
const char *const offer_codes[OFFER_COUNT] = {
	"volunteering", "internship", "job_shadowing", "mentoring", "service_learning",
};
const char *const offer_labels[OFFER_COUNT] = {
	N_("Volunteering"), N_("Internship"), N_("Job shadowing"), N_("Mentoring"),
	N_("Service learning"),
};

const char *const guide_kind_codes[GUIDE_KIND_COUNT] = {"guide", "strategy"};
const char *const guide_kind_labels[GUIDE_KIND_COUNT] = {
	/* TRANSLATORS: a training guide (for young people and youth workers) */
	N_("Guide"),
	/* TRANSLATORS: a county's youth-career strategy */
	N_("Strategy"),
};

#define MAX_DESCRIPTION 5000    /* a partner's description, bytes */
#define MAX_TRANSLATIONS 8

int code_index(const char *const *codes, int n, const char *code)
{
	int i;

	for (i = 0; code != NULL && i < n; i++) {
		if (strcmp(codes[i], code) == 0)
			return i;
	}
	return -1;
}

/* ---- freeing ---- */

static void strings_free(char **v, int n)
{
	while (n > 0)
		free(v[--n]);
	free(v);
}

static void path_free(struct path_step *p, int n)
{
	while (n > 0)
		free(p[--n].step);
	free(p);
}

static void text_free(struct case_text *t)
{
	free(t->title);
	free(t->summary);
	free(t->story);
	free(t->quote);
	path_free(t->path, t->npath);
	strings_free(t->skills, t->nskills);
	strings_free(t->jobs, t->njobs);
	memset(t, 0, sizeof *t);
}

void career_free(struct career *c)
{
	int i;

	if (c == NULL)
		return;
	free(c->slug);
	free(c->person);
	text_free(&c->text);
	for (i = 0; i < c->ntranslations; i++)
		text_free(&c->translations[i]);
	free(c->translations);
	path_free(c->path, c->npath);
	strings_free(c->skills, c->nskills);
	strings_free(c->jobs, c->njobs);
	free(c->organisation);
	for (i = 0; i < c->nqa; i++) {
		free(c->qa[i].question);
		free(c->qa[i].answer);
		free(c->qa[i].answered_by);
	}
	free(c->qa);
	memset(c, 0, sizeof *c);
}

void partner_free(struct partner *p)
{
	int i;

	if (p == NULL)
		return;
	free(p->name);
	free(p->description);
	for (i = 0; i < p->ntranslations; i++) {
		free(p->translations[i].name);
		free(p->translations[i].description);
	}
	free(p->translations);
	memset(p, 0, sizeof *p);
}

void catalogue_set_free(struct catalogue_set *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < s->ncases; i++)
		career_free(&s->cases[i]);
	free(s->cases);
	for (i = 0; i < s->npartners; i++)
		partner_free(&s->partners[i]);
	free(s->partners);
	for (i = 0; i < s->nguides; i++)
		guide_free(&s->guides[i]);
	free(s->guides);
	memset(s, 0, sizeof *s);
}

/* The translation of c into lang with a title, or NULL. */
static const struct case_text *translation(const struct career *c, const char *lang)
{
	int i;

	for (i = 0; i < c->ntranslations; i++) {
		const struct case_text *t = &c->translations[i];

		if (strcmp(t->lang, lang) == 0 && t->title != NULL && t->title[0] != '\0')
			return t;
	}
	return NULL;
}

/* Visitors reading ru or pl are likelier to read English than Lithuanian. */
static bool falls_back_to_en(const char *lang)
{
	return strcmp(lang, "ru") == 0 || strcmp(lang, "pl") == 0;
}

const struct case_text *career_text(const struct career *c, const char *lang)
{
	const struct case_text *t;

	if (lang == NULL || strcmp(lang, c->text.lang) == 0)
		return &c->text;
	t = translation(c, lang);
	if (t == NULL && falls_back_to_en(lang))
		t = strcmp(c->text.lang, "en") == 0 ? &c->text : translation(c, "en");
	return t != NULL ? t : &c->text;
}

/* The translation of p into lang with a name, or NULL. */
static const struct partner_text *partner_translation(const struct partner *p,
						      const char *lang)
{
	int i;

	for (i = 0; i < p->ntranslations; i++) {
		const struct partner_text *t = &p->translations[i];

		if (strcmp(t->lang, lang) == 0 && t->name != NULL && t->name[0] != '\0')
			return t;
	}
	return NULL;
}

static const struct partner_text *partner_pick(const struct partner *p, const char *lang)
{
	const struct partner_text *t;

	if (lang == NULL)
		return NULL;
	t = partner_translation(p, lang);
	if (t == NULL && falls_back_to_en(lang))
		t = partner_translation(p, "en");
	return t;
}

const char *partner_name(const struct partner *p, const char *lang)
{
	const struct partner_text *t = partner_pick(p, lang);

	if (t != NULL)
		return t->name;
	return p->name != NULL ? p->name : "";
}

const char *partner_description(const struct partner *p, const char *lang)
{
	const struct partner_text *t = lang != NULL ? partner_translation(p, lang) : NULL;

	if (t != NULL && t->description != NULL && t->description[0] != '\0')
		return t->description;
	t = lang != NULL && falls_back_to_en(lang) ? partner_translation(p, "en") : NULL;
	if (t != NULL && t->description != NULL && t->description[0] != '\0')
		return t->description;
	return p->description != NULL ? p->description : "";
}

const struct path_step *career_path(const struct career *c, const char *lang, int *n)
{
	const struct case_text *t = career_text(c, lang);

	*n = t->npath > 0 ? t->npath : c->npath;
	return t->npath > 0 ? t->path : c->path;
}

char *const *career_skills(const struct career *c, const char *lang, int *n)
{
	const struct case_text *t = career_text(c, lang);

	*n = t->nskills > 0 ? t->nskills : c->nskills;
	return t->nskills > 0 ? t->skills : c->skills;
}

char *const *career_jobs(const struct career *c, const char *lang, int *n)
{
	const struct case_text *t = career_text(c, lang);

	*n = t->njobs > 0 ? t->njobs : c->njobs;
	return t->njobs > 0 ? t->jobs : c->jobs;
}

/* ---- checking fields ---- */

/* Why the text s is not acceptable, or NULL: control characters other than tab and
 * newlines (C0, DEL, C1) are refused rather than silently dropped. */
static const char *text_problem(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;

	if (!utf8_valid(s, n))
		return "not valid UTF-8";
	while (i < n) {
		i += (size_t)utf8_decode(s + i, n - i, &cp);
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    (cp >= 0x7f && cp <= 0x9f))
			return "contains a control character";
	}
	return NULL;
}

static char *trimmed(char *s)
{
	size_t a = 0, n = strlen(s);

	while (s[a] == ' ' || s[a] == '\n')
		a++;
	while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	memmove(s, s + a, n - a);
	s[n - a] = '\0';
	return s;
}

/* The string member key of object o into *out (a new, sanitised string; "" when absent
 * or null). max_bytes and max_chars (0: no limit) bound its length. */
static int get_text(json_t *o, const char *key, const char *field, int required,
		    size_t max_bytes, size_t max_chars, int multiline, char **out, char **err)
{
	json_t *v = json_object_get(o, key);
	const char *s, *why;
	size_t n;

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return set_error(err, "%s: missing", field);
		*out = xstrdup("");
		return 0;
	}
	if (!json_is_string(v))
		return set_error(err, "%s: must be a string", field);
	s = json_string_value(v);
	n = json_string_length(v);
	if (memchr(s, '\0', n) != NULL)
		return set_error(err, "%s: contains a NUL character", field);
	why = text_problem(s, n);
	if (why != NULL)
		return set_error(err, "%s: %s", field, why);
	if (n > max_bytes)
		return set_error(err, "%s: too long (%zu bytes, at most %zu)", field, n,
				 max_bytes);
	*out = trimmed(text_sanitize(s, n, multiline));
	if (max_chars > 0 && utf8_len(*out) > max_chars) {
		set_error(err, "%s: too long (%zu characters, at most %zu)", field,
			  utf8_len(*out), max_chars);
		free(*out);
		*out = NULL;
		return -1;
	}
	if (required && (*out)[0] == '\0') {
		free(*out);
		*out = NULL;
		return set_error(err, "%s: empty", field);
	}
	return 0;
}

static int get_bool(json_t *o, const char *key, bool *out, char **err)
{
	json_t *v = json_object_get(o, key);

	*out = false;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return set_error(err, "%s: must be true or false", key);
	*out = json_is_true(v);
	return 0;
}

static int get_int(json_t *o, const char *key, const char *field, long min, long max,
		   long *out, char **err)
{
	json_t *v = json_object_get(o, key);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return set_error(err, "%s: must be a whole number from %ld to %ld", field, min,
				 max);
	*out = (long)json_integer_value(v);
	return 0;
}

static int get_id(json_t *o, const char *key, int required, char out[37], char **err)
{
	json_t *v = json_object_get(o, key);
	const char *s;
	int i;

	out[0] = '\0';
	if (v == NULL || json_is_null(v) ||
	    (!required && json_is_string(v) && json_string_length(v) == 0)) {
		if (required)
			return set_error(err, "%s: missing", key);
		return 0;
	}
	s = json_string_value(v);
	if (s == NULL || !uuid_valid(s))
		return set_error(err, "%s: must be a UUID like "
				 "\"0b6f5c1e-2f55-4a5e-9d0e-0c6a5e3b1f2a\"", key);
	for (i = 0; i < 36; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[36] = '\0';
	return 0;
}

static int get_municipality(json_t *o, char out[6], char **err)
{
	json_t *v = json_object_get(o, "municipality");
	const char *s = json_string_value(v);

	if (v == NULL || json_is_null(v))
		return set_error(err, "municipality: missing");
	if (s == NULL || municipality_find(s) == NULL)
		return set_error(err, "municipality: must be a code from LT-01 to LT-60");
	memcpy(out, s, 6);
	return 0;
}

/* An array of codes from codes[n] as a bit set. */
static int get_codes(json_t *o, const char *key, const char *const *codes, int n,
		     int required, unsigned *out, char **err)
{
	json_t *v = json_object_get(o, key), *e;
	size_t i;
	int k;

	*out = 0;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return set_error(err, "%s: missing", key);
		return 0;
	}
	if (!json_is_array(v))
		return set_error(err, "%s: must be a list", key);
	if (json_array_size(v) > MAX_LIST)
		return set_error(err, "%s: more than %d entries", key, MAX_LIST);
	json_array_foreach(v, i, e) {
		k = code_index(codes, n, json_string_value(e));
		if (k < 0) {
			struct buf b = {0};

			for (k = 0; k < n; k++)
				buf_addf(&b, "%s%s", k ? ", " : "", codes[k]);
			set_error(err, "%s: unknown value (use %s)", key, b.s);
			buf_free(&b);
			return -1;
		}
		*out |= 1u << k;
	}
	if (required && *out == 0)
		return set_error(err, "%s: empty", key);
	return 0;
}

static int get_area(json_t *o, int *out, char **err)
{
	json_t *v = json_object_get(o, "area");

	if (v == NULL || json_is_null(v))
		return set_error(err, "area: missing");
	*out = code_index(area_codes, AREA_COUNT, json_string_value(v));
	if (*out < 0)
		return set_error(err, "area: unknown value (use humanities, social_sciences, "
				 "regional_development)");
	return 0;
}

static int valid_lang(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 2 || n > 3)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	}
	return 1;
}

static int get_lang(json_t *o, char out[4], char **err)
{
	json_t *v = json_object_get(o, "lang");
	const char *s = json_string_value(v);

	if (v == NULL || json_is_null(v) || (s != NULL && s[0] == '\0')) {
		memcpy(out, "lt", 3);
		return 0;
	}
	if (s == NULL || !valid_lang(s))
		return set_error(err, "lang: must be a language code like \"lt\" or \"en\"");
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

/* "2026-11-30T12:00:00Z", optionally with fractions of a second. */
static int valid_time(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	size_t i;

	for (i = 0; shape[i] != '\0'; i++) {
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
			return 0;
	}
	if (s[i] == '.') {
		for (i++; isdigit((unsigned char)s[i]); i++)
			;
	}
	return s[i] == 'Z' && s[i + 1] == '\0' && i < 31;
}

static int get_time(json_t *o, char out[32], char **err)
{
	json_t *v = json_object_get(o, "updated_at");
	const char *s = json_string_value(v);

	/* Absent stays absent: importing the same file twice must give the same case. */
	out[0] = '\0';
	if (v == NULL || json_is_null(v) || (s != NULL && s[0] == '\0'))
		return 0;
	if (s == NULL || !valid_time(s))
		return set_error(err, "updated_at: must be a UTC time like "
				 "\"2026-11-30T12:00:00Z\"");
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

static int valid_slug(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > MAX_SHORT || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		if (!(s[i] >= 'a' && s[i] <= 'z') && !(s[i] >= '0' && s[i] <= '9') &&
		    s[i] != '-')
			return 0;
	}
	return 1;
}

/* A slug made from the title: ASCII letters and digits joined by '-', then the start of
 * the id, so that two stories of the same title keep two addresses ("mano-kelias-31f34a53"). */
static char *make_slug(const char *title, const char *id)
{
	char *ascii = text_to_ascii(title);
	struct buf b = {0};
	size_t i;

	for (i = 0; ascii[i] != '\0' && b.len < 80; i++) {
		char ch = (char)tolower((unsigned char)ascii[i]);

		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			buf_addc(&b, ch);
		else if (b.len > 0 && b.s[b.len - 1] != '-')
			buf_addc(&b, '-');
	}
	while (b.len > 0 && b.s[b.len - 1] == '-')
		b.s[--b.len] = '\0';
	free(ascii);
	if (b.len > 0)
		buf_addc(&b, '-');
	for (i = 0; i < 8 && id[i] != '\0'; i++)
		buf_addc(&b, (char)tolower((unsigned char)id[i]));
	return buf_take(&b);
}

static int get_case_text(json_t *o, const char *prefix, int title_required,
			 struct case_text *t, char **err)
{
	static const struct {
		const char *key;
		size_t bytes, chars;
		int multiline;
	} f[] = {
		{"title", MAX_TITLE, 0, 0},
		{"summary", MAX_SUMMARY * 4, MAX_SUMMARY, 0},
		{"story", MAX_STORY, 0, 1},
		{"quote", MAX_QUOTE, 0, 0},
	};
	char **dst[4] = {&t->title, &t->summary, &t->story, &t->quote};
	char field[64];
	int i;

	for (i = 0; i < 4; i++) {
		snprintf(field, sizeof field, "%s%s", prefix, f[i].key);
		if (get_text(o, f[i].key, field, i == 0 && title_required, f[i].bytes,
			     f[i].chars, f[i].multiline, dst[i], err) < 0)
			return -1;
	}
	return 0;
}

/* The path steps of o ("prefix" names the field in messages) into *out and *n. */
static int get_path(json_t *o, const char *prefix, struct path_step **out, int *n,
		    char **err)
{
	json_t *v = json_object_get(o, "path"), *e;
	char field[64];
	size_t i;
	long year;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return set_error(err, "%spath: must be a list of {\"year\", \"step\"}", prefix);
	if (json_array_size(v) > MAX_LIST)
		return set_error(err, "%spath: more than %d steps", prefix, MAX_LIST);
	*out = xcalloc(json_array_size(v) + 1, sizeof **out);
	json_array_foreach(v, i, e) {
		if (!json_is_object(e))
			return set_error(err, "%spath: step %zu must be {\"year\", \"step\"}",
					 prefix, i + 1);
		snprintf(field, sizeof field, "%spath[%zu].year", prefix, i + 1);
		if (json_object_get(e, "year") == NULL || json_is_null(json_object_get(e, "year")))
			return set_error(err, "%s: missing", field);
		if (get_int(e, "year", field, 1900, 2100, &year, err) < 0)
			return -1;
		snprintf(field, sizeof field, "%spath[%zu].step", prefix, i + 1);
		if (get_text(e, "step", field, 1, MAX_SHORT, 0, 0, &(*out)[i].step, err) < 0)
			return -1;
		(*out)[i].year = (int)year;
		(*n)++;
	}
	return 0;
}

/* A list of short strings (skills, jobs) under key of o into *out and *n. */
static int get_strings(json_t *o, const char *key, const char *prefix, char ***out, int *n,
		       char **err)
{
	json_t *v = json_object_get(o, key), *e;
	char field[64];
	size_t i;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return set_error(err, "%s%s: must be a list of strings", prefix, key);
	if (json_array_size(v) > MAX_LIST)
		return set_error(err, "%s%s: more than %d entries", prefix, key, MAX_LIST);
	*out = xcalloc(json_array_size(v) + 1, sizeof **out);
	json_array_foreach(v, i, e) {
		json_t *wrap = json_object();
		int rc;

		snprintf(field, sizeof field, "%s%s[%zu]", prefix, key, i + 1);
		json_object_set(wrap, "s", e);
		rc = get_text(wrap, "s", field, 1, MAX_SHORT, 0, 0, &(*out)[i], err);
		json_decref(wrap);
		if (rc < 0)
			return -1;
		(*n)++;
	}
	return 0;
}

/* The "translations" object of o in *out (NULL when there is none), checked as cases
 * and partners share it: an object of at most MAX_TRANSLATIONS languages. first names
 * the first field in the message. -1 with *err set. */
static int translations_of(json_t *o, const char *first, json_t **out, char **err)
{
	json_t *v = json_object_get(o, "translations");

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return set_error(err, "translations: must be an object like "
				 "{\"en\": {\"%s\": ...}}", first);
	if (json_object_size(v) > MAX_TRANSLATIONS)
		return set_error(err, "translations: more than %d languages", MAX_TRANSLATIONS);
	*out = v;
	return 0;
}

/* One entry of a translations object: a language code and an object. -1 with *err. */
static int translation_entry(const char *lang, json_t *e, char **err)
{
	if (!valid_lang(lang))
		return set_error(err, "translations: \"%.8s\" is not a language code", lang);
	if (!json_is_object(e))
		return set_error(err, "translations.%s: must be an object", lang);
	return 0;
}

static int get_translations(json_t *o, struct career *c, char **err)
{
	json_t *v, *e;
	const char *lang;
	char prefix[32];

	if (translations_of(o, "title", &v, err) < 0)
		return -1;
	if (v == NULL)
		return 0;
	c->translations = xcalloc(json_object_size(v), sizeof *c->translations);
	json_object_foreach(v, lang, e) {
		struct case_text *t = &c->translations[c->ntranslations];

		if (translation_entry(lang, e, err) < 0)
			return -1;
		memcpy(t->lang, lang, strlen(lang) + 1);
		c->ntranslations++;
		snprintf(prefix, sizeof prefix, "translations.%s.", lang);
		if (get_case_text(e, prefix, 1, t, err) < 0 ||
		    get_path(e, prefix, &t->path, &t->npath, err) < 0 ||
		    get_strings(e, "skills", prefix, &t->skills, &t->nskills, err) < 0 ||
		    get_strings(e, "jobs", prefix, &t->jobs, &t->njobs, err) < 0)
			return -1;
	}
	return 0;
}

/* A short code member (an id, a time, a language, an age group) of at most size - 1
 * bytes of letters, digits and "-:.+TZ" into out; "" when absent. */
static int get_code(json_t *o, const char *key, const char *field, char *out, size_t size,
		    char **err)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);
	size_t i;

	out[0] = '\0';
	if (v == NULL || json_is_null(v))
		return 0;
	if (s == NULL || strlen(s) >= size)
		return set_error(err, "%s: must be a short string", field);
	for (i = 0; s[i] != '\0'; i++) {
		if (!isalnum((unsigned char)s[i]) && strchr("-:.+", s[i]) == NULL)
			return set_error(err, "%s: must be a short code", field);
	}
	memcpy(out, s, i + 1);
	return 0;
}

static int get_qa_item(json_t *e, size_t i, struct case_qa *q, char **err)
{
	char field[48];

	snprintf(field, sizeof field, "qa[%zu]", i + 1);
	if (!json_is_object(e))
		return set_error(err, "%s: must be an object", field);
	snprintf(field, sizeof field, "qa[%zu].question", i + 1);
	if (get_text(e, "question", field, 1, MAX_QA_QUESTION * 4, MAX_QA_QUESTION, 1,
		     &q->question, err) < 0)
		return -1;
	snprintf(field, sizeof field, "qa[%zu].answer", i + 1);
	if (get_text(e, "answer", field, 1, MAX_QA_ANSWER * 4, MAX_QA_ANSWER, 1, &q->answer,
		     err) < 0)
		return -1;
	snprintf(field, sizeof field, "qa[%zu].answered_by", i + 1);
	if (get_text(e, "answered_by", field, 0, MAX_SHORT, 0, 0, &q->answered_by, err) < 0)
		return -1;
	snprintf(field, sizeof field, "qa[%zu]", i + 1);
	if (get_code(e, "id", field, q->id, sizeof q->id, err) < 0 ||
	    get_code(e, "age_group", field, q->age_group, sizeof q->age_group, err) < 0 ||
	    get_code(e, "published_at", field, q->published_at, sizeof q->published_at,
		     err) < 0 || get_code(e, "lang", field, q->lang, sizeof q->lang, err) < 0)
		return -1;
	return 0;
}

/* The published questions and answers (DESIGN §2 qa): at most MAX_QA kept, the rest
 * dropped (a long list must not stop a case from arriving); each item checked as other
 * text from the hub and sanitised. */
static int get_qa(json_t *o, struct career *c, char **err)
{
	json_t *v = json_object_get(o, "qa"), *e;
	size_t i;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return set_error(err, "qa: must be a list");
	if (json_array_size(v) == 0)
		return 0;
	c->qa = xcalloc(json_array_size(v) < MAX_QA ? json_array_size(v) : MAX_QA,
			sizeof *c->qa);
	json_array_foreach(v, i, e) {
		if (i >= MAX_QA)
			break;
		c->nqa++;
		if (get_qa_item(e, i, &c->qa[i], err) < 0)
			return -1;
	}
	return 0;
}

/* "inspired", "inspired_90d": counts the hub adds up; absent is 0. */
static int get_inspired(json_t *o, const char *key, int64_t *out, char **err)
{
	json_t *v = json_object_get(o, key);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return set_error(err, "%s: must be a whole number, 0 or more", key);
	*out = json_integer_value(v);
	return 0;
}

int career_from_json(json_t *j, struct career *out, char **err)
{
	struct career *c = out;
	long n;

	memset(c, 0, sizeof *c);
	if (!json_is_object(j))
		return set_error(err, "case: must be an object");
	if (get_id(j, "id", 1, c->id, err) < 0 || get_bool(j, "deleted", &c->deleted, err) < 0 ||
	    get_int(j, "seq", "seq", 0, INT64_MAX, &n, err) < 0)
		goto fail;
	c->seq = n;
	if (c->deleted)
		return 0;       /* a tombstone needs nothing but its id */
	if (get_text(j, "person", "person", 1, MAX_SHORT, 0, 0, &c->person, err) < 0 ||
	    get_int(j, "age", "age", 0, 120, &n, err) < 0)
		goto fail;
	c->age = (int)n;
	if (get_municipality(j, c->municipality, err) < 0)
		goto fail;
	if (get_area(j, &c->area, err) < 0)
		goto fail;
	if (get_codes(j, "themes", theme_codes, THEME_COUNT, 1, &c->themes, err) < 0 ||
	    get_lang(j, c->text.lang, err) < 0 || get_case_text(j, "", 1, &c->text, err) < 0 ||
	    get_path(j, "", &c->path, &c->npath, err) < 0 ||
	    get_strings(j, "skills", "", &c->skills, &c->nskills, err) < 0 ||
	    get_strings(j, "jobs", "", &c->jobs, &c->njobs, err) < 0 ||
	    get_text(j, "organisation", "organisation", 0, MAX_SHORT, 0, 0, &c->organisation,
		     err) < 0 ||
	    get_id(j, "partner_id", 0, c->partner_id, err) < 0 ||
	    get_bool(j, "contact_allowed", &c->contact_allowed, err) < 0 ||
	    get_bool(j, "featured", &c->featured, err) < 0 ||
	    get_translations(j, c, err) < 0 || get_time(j, c->updated_at, err) < 0 ||
	    get_text(j, "slug", "slug", 0, MAX_SHORT, 0, 0, &c->slug, err) < 0 ||
	    get_qa(j, c, err) < 0 || get_inspired(j, "inspired", &c->inspired, err) < 0 ||
	    get_inspired(j, "inspired_90d", &c->inspired_90d, err) < 0)
		goto fail;
	if (c->slug[0] == '\0') {
		free(c->slug);
		c->slug = make_slug(c->text.title, c->id);
	} else if (!valid_slug(c->slug)) {
		set_error(err, "slug: only lowercase letters a-z, digits and '-'");
		goto fail;
	}
	return 0;
fail:
	career_free(c);
	return -1;
}

static void set_str(json_t *o, const char *key, const char *s)
{
	if (s != NULL && s[0] != '\0')
		json_object_set_new(o, key, json_string(s));
}

static void set_text(json_t *o, const struct case_text *t)
{
	set_str(o, "title", t->title);
	set_str(o, "summary", t->summary);
	set_str(o, "story", t->story);
	set_str(o, "quote", t->quote);
}

json_t *career_path_json(const struct path_step *p, int n)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:i, s:s}", "year", p[i].year,
						   "step", p[i].step ? p[i].step : ""));
	return a;
}

json_t *career_strings_json(char *const *v, int n)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i] ? v[i] : ""));
	return a;
}

void case_text_lists_json(json_t *o, const struct case_text *t)
{
	if (t->npath > 0)
		json_object_set_new(o, "path", career_path_json(t->path, t->npath));
	if (t->nskills > 0)
		json_object_set_new(o, "skills", career_strings_json(t->skills, t->nskills));
	if (t->njobs > 0)
		json_object_set_new(o, "jobs", career_strings_json(t->jobs, t->njobs));
}

static json_t *codes_json(const char *const *codes, int n, unsigned bits)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < n; i++) {
		if (bits & (1u << i))
			json_array_append_new(a, json_string(codes[i]));
	}
	return a;
}

json_t *career_qa_json(const struct career *c)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < c->nqa; i++) {
		const struct case_qa *q = &c->qa[i];
		json_t *o = json_object();

		set_str(o, "id", q->id);
		json_object_set_new(o, "question", json_string(q->question ? q->question : ""));
		json_object_set_new(o, "answer", json_string(q->answer ? q->answer : ""));
		set_str(o, "answered_by", q->answered_by);
		set_str(o, "age_group", q->age_group);
		set_str(o, "published_at", q->published_at);
		set_str(o, "lang", q->lang);
		json_array_append_new(a, o);
	}
	return a;
}

json_t *career_to_json(const struct career *c)
{
	json_t *o = json_object(), *tr;
	int i;

	json_object_set_new(o, "id", json_string(c->id));
	if (c->seq > 0)
		json_object_set_new(o, "seq", json_integer(c->seq));
	if (c->deleted) {
		json_object_set_new(o, "deleted", json_true());
		return o;
	}
	set_str(o, "slug", c->slug);
	set_str(o, "person", c->person);
	if (c->age > 0)
		json_object_set_new(o, "age", json_integer(c->age));
	set_str(o, "municipality", c->municipality);
	if (c->area >= 0 && c->area < AREA_COUNT)
		json_object_set_new(o, "area", json_string(area_codes[c->area]));
	json_object_set_new(o, "themes", codes_json(theme_codes, THEME_COUNT, c->themes));
	set_str(o, "lang", c->text.lang);
	set_text(o, &c->text);
	json_object_set_new(o, "path", career_path_json(c->path, c->npath));
	json_object_set_new(o, "skills", career_strings_json(c->skills, c->nskills));
	/* Only when there are some: a case without jobs keeps the JSON it always had. */
	if (c->njobs > 0)
		json_object_set_new(o, "jobs", career_strings_json(c->jobs, c->njobs));
	set_str(o, "organisation", c->organisation);
	set_str(o, "partner_id", c->partner_id);
	json_object_set_new(o, "contact_allowed", json_boolean(c->contact_allowed));
	json_object_set_new(o, "featured", json_boolean(c->featured));
	tr = json_object();
	for (i = 0; i < c->ntranslations; i++) {
		json_t *t = json_object();

		set_text(t, &c->translations[i]);
		case_text_lists_json(t, &c->translations[i]);
		json_object_set_new(tr, c->translations[i].lang, t);
	}
	json_object_set_new(o, "translations", tr);
	set_str(o, "updated_at", c->updated_at);
	/* What the hub filled in, only when there is some: `vitrina show` of a case
	 * without keeps the JSON it always had. */
	if (c->nqa > 0)
		json_object_set_new(o, "qa", career_qa_json(c));
	if (c->inspired > 0)
		json_object_set_new(o, "inspired", json_integer(c->inspired));
	if (c->inspired_90d > 0)
		json_object_set_new(o, "inspired_90d", json_integer(c->inspired_90d));
	return o;
}

static int get_partner_translations(json_t *o, struct partner *p, char **err)
{
	json_t *v, *e;
	const char *lang;
	char field[48];

	if (translations_of(o, "name", &v, err) < 0)
		return -1;
	if (v == NULL)
		return 0;
	p->translations = xcalloc(json_object_size(v), sizeof *p->translations);
	json_object_foreach(v, lang, e) {
		struct partner_text *t = &p->translations[p->ntranslations];

		if (translation_entry(lang, e, err) < 0)
			return -1;
		memcpy(t->lang, lang, strlen(lang) + 1);
		p->ntranslations++;
		snprintf(field, sizeof field, "translations.%s.name", lang);
		if (get_text(e, "name", field, 1, MAX_SHORT, 0, 0, &t->name, err) < 0)
			return -1;
		snprintf(field, sizeof field, "translations.%s.description", lang);
		if (get_text(e, "description", field, 0, MAX_DESCRIPTION, 0, 1,
			     &t->description, err) < 0)
			return -1;
	}
	return 0;
}

int partner_from_json(json_t *j, struct partner *out, char **err)
{
	struct partner *p = out;
	long n;

	memset(p, 0, sizeof *p);
	if (!json_is_object(j))
		return set_error(err, "partner: must be an object");
	if (get_id(j, "id", 1, p->id, err) < 0 || get_bool(j, "deleted", &p->deleted, err) < 0 ||
	    get_int(j, "seq", "seq", 0, INT64_MAX, &n, err) < 0)
		goto fail;
	p->seq = n;
	if (p->deleted)
		return 0;
	if (get_text(j, "name", "name", 1, MAX_SHORT, 0, 0, &p->name, err) < 0 ||
	    get_municipality(j, p->municipality, err) < 0 ||
	    get_codes(j, "offers", offer_codes, OFFER_COUNT, 0, &p->offers, err) < 0 ||
	    get_text(j, "description", "description", 0, MAX_DESCRIPTION, 0, 1,
		     &p->description, err) < 0 ||
	    get_bool(j, "contact_allowed", &p->contact_allowed, err) < 0 ||
	    get_partner_translations(j, p, err) < 0)
		goto fail;
	return 0;
fail:
	partner_free(p);
	return -1;
}

/* {"en": {"name", "description"}, ...}: a new reference. */
json_t *partner_translations_json(const struct partner *p)
{
	json_t *tr = json_object();
	int i;

	for (i = 0; i < p->ntranslations; i++) {
		json_t *t = json_object();

		set_str(t, "name", p->translations[i].name);
		set_str(t, "description", p->translations[i].description);
		json_object_set_new(tr, p->translations[i].lang, t);
	}
	return tr;
}

json_t *partner_to_json(const struct partner *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(p->id));
	if (p->seq > 0)
		json_object_set_new(o, "seq", json_integer(p->seq));
	if (p->deleted) {
		json_object_set_new(o, "deleted", json_true());
		return o;
	}
	set_str(o, "name", p->name);
	set_str(o, "municipality", p->municipality);
	json_object_set_new(o, "offers", codes_json(offer_codes, OFFER_COUNT, p->offers));
	set_str(o, "description", p->description);
	json_object_set_new(o, "contact_allowed", json_boolean(p->contact_allowed));
	if (p->ntranslations > 0)
		json_object_set_new(o, "translations", partner_translations_json(p));
	return o;
}

/* ---- guides ---- */

static void guide_text_free(struct guide_text *t)
{
	free(t->title);
	free(t->summary);
	free(t->body);
}

void guide_free(struct guide *g)
{
	int i;

	guide_text_free(&g->text);
	for (i = 0; i < g->ntranslations; i++)
		guide_text_free(&g->translations[i]);
	free(g->translations);
	memset(g, 0, sizeof *g);
}

const struct guide_text *guide_text(const struct guide *g, const char *lang)
{
	int i;

	for (i = 0; lang != NULL && i < g->ntranslations; i++) {
		if (strcmp(g->translations[i].lang, lang) == 0)
			return &g->translations[i];
	}
	return &g->text;
}

/* title, summary, body of o (field names after prefix) into t. */
static int get_guide_text(json_t *o, const char *prefix, struct guide_text *t, char **err)
{
	char f[3][48];

	snprintf(f[0], sizeof f[0], "%stitle", prefix);
	snprintf(f[1], sizeof f[1], "%ssummary", prefix);
	snprintf(f[2], sizeof f[2], "%sbody", prefix);
	if (get_text(o, "title", f[0], 1, MAX_GUIDE_TITLE, 0, 0, &t->title, err) < 0 ||
	    get_text(o, "summary", f[1], 0, (size_t)MAX_GUIDE_SUMMARY * 4, MAX_GUIDE_SUMMARY, 1,
		     &t->summary, err) < 0 ||
	    get_text(o, "body", f[2], 1, MAX_GUIDE_BODY, 0, 1, &t->body, err) < 0)
		return -1;
	return 0;
}

static int get_guide_kind(json_t *o, int *out, char **err)
{
	json_t *v = json_object_get(o, "kind");

	if (v == NULL || json_is_null(v))
		return set_error(err, "kind: missing (guide or strategy)");
	*out = code_index(guide_kind_codes, GUIDE_KIND_COUNT, json_string_value(v));
	if (*out < 0)
		return set_error(err, "kind: unknown value (use guide or strategy)");
	return 0;
}

/* null, absent or "": the whole country. */
static int get_county(json_t *o, char out[6], char **err)
{
	json_t *v = json_object_get(o, "county");
	const char *s = json_string_value(v);

	out[0] = '\0';
	if (v == NULL || json_is_null(v) || (s != NULL && s[0] == '\0'))
		return 0;
	if (s == NULL || county_find(s) == NULL)
		return set_error(err, "county: must be a county code from LT-AL to LT-VL, or "
				 "null for the whole country");
	memcpy(out, s, 6);
	return 0;
}

static int get_guide_translations(json_t *o, struct guide *g, char **err)
{
	json_t *v, *e;
	const char *lang;
	char prefix[32];

	if (translations_of(o, "title", &v, err) < 0)
		return -1;
	if (v == NULL)
		return 0;
	g->translations = xcalloc(json_object_size(v), sizeof *g->translations);
	json_object_foreach(v, lang, e) {
		struct guide_text *t = &g->translations[g->ntranslations];

		if (translation_entry(lang, e, err) < 0)
			return -1;
		memcpy(t->lang, lang, strlen(lang) + 1);
		g->ntranslations++;
		snprintf(prefix, sizeof prefix, "translations.%s.", lang);
		if (get_guide_text(e, prefix, t, err) < 0)
			return -1;
	}
	return 0;
}

int guide_from_json(json_t *j, struct guide *out, char **err)
{
	struct guide *g = out;
	long n;

	memset(g, 0, sizeof *g);
	if (!json_is_object(j))
		return set_error(err, "guide: must be an object");
	if (get_id(j, "id", 1, g->id, err) < 0 || get_bool(j, "deleted", &g->deleted, err) < 0 ||
	    get_int(j, "seq", "seq", 0, INT64_MAX, &n, err) < 0)
		goto fail;
	g->seq = n;
	if (g->deleted)
		return 0;
	if (get_guide_kind(j, &g->kind, err) < 0 || get_county(j, g->county, err) < 0 ||
	    get_lang(j, g->text.lang, err) < 0 || get_guide_text(j, "", &g->text, err) < 0 ||
	    get_guide_translations(j, g, err) < 0 || get_time(j, g->updated_at, err) < 0)
		goto fail;
	return 0;
fail:
	guide_free(g);
	return -1;
}

static void set_guide_text(json_t *o, const struct guide_text *t)
{
	set_str(o, "title", t->title);
	set_str(o, "summary", t->summary);
	set_str(o, "body", t->body);
}

json_t *guide_to_json(const struct guide *g)
{
	json_t *o = json_object(), *tr;
	int i;

	json_object_set_new(o, "id", json_string(g->id));
	if (g->seq > 0)
		json_object_set_new(o, "seq", json_integer(g->seq));
	if (g->deleted) {
		json_object_set_new(o, "deleted", json_true());
		return o;
	}
	json_object_set_new(o, "kind", json_string(guide_kind_codes[g->kind]));
	json_object_set_new(o, "county", g->county[0] ? json_string(g->county) : json_null());
	set_str(o, "lang", g->text.lang);
	set_guide_text(o, &g->text);
	if (g->ntranslations > 0) {
		tr = json_object();
		for (i = 0; i < g->ntranslations; i++) {
			json_t *t = json_object();

			set_guide_text(t, &g->translations[i]);
			json_object_set_new(tr, g->translations[i].lang, t);
		}
		json_object_set_new(o, "translations", tr);
	}
	set_str(o, "updated_at", g->updated_at);
	return o;
}
