/* import: cases, partners and guides from a JSON or CSV file (DESIGN §2, §5). The file
 * is made UTF-8 first (line by line, so problems have a line number), then each record
 * becomes a JSON object and goes through career_from_json / partner_from_json /
 * guide_from_json, the one place fields are checked. */
#include "import.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "progress.h"
#include "text.h"
#include "util.h"

#define MAX_FILE ((size_t)128 << 20)
#define MAX_REPORTED 200        /* problem lines written to the report */

struct ctx {
	const char *path;
	struct buf *report;
	int problems;
	struct catalogue_set *set;
	int cap_cases, cap_partners, cap_guides;
	/* ids seen so far and the line of each, to catch the same id twice */
	char (*ids)[37];
	int *id_lines, nids, cap_ids;
};

/* s made safe to print: what a file holds (column names, values, even its name) reaches
 * the librarian's terminal, and an escape sequence there must not. */
static char *shown(const char *s)
{
	return text_sanitize(s != NULL ? s : "", s != NULL ? strlen(s) : 0, 0);
}

static void problem(struct ctx *x, int line, const char *what)
{
	char *path, *why;

	x->problems++;
	if (x->problems > MAX_REPORTED + 1)
		return;
	path = shown(x->path);
	why = shown(what);
	if (x->problems == MAX_REPORTED + 1)
		buf_addf(x->report, "%s: more problems not shown\n", path);
	else if (line > 0)
		buf_addf(x->report, "%s:%d: %s\n", path, line, why);
	else
		buf_addf(x->report, "%s: %s\n", path, why);
	free(path);
	free(why);
}

/* ---- encodings ---- */

static const struct {
	const char *name, *iconv;
} encodings[] = {
	{"utf-8", NULL}, {"utf8", NULL},
	{"windows-1257", "WINDOWS-1257"}, {"cp1257", "WINDOWS-1257"},
	{"iso-8859-13", "ISO-8859-13"}, {"iso8859-13", "ISO-8859-13"},
	{"latin7", "ISO-8859-13"}, {"latin-7", "ISO-8859-13"},
};

int import_encoding_known(const char *encoding)
{
	size_t i;

	if (encoding == NULL)
		return 1;
	for (i = 0; i < sizeof encodings / sizeof encodings[0]; i++) {
		if (strcasecmp(encoding, encodings[i].name) == 0)
			return 1;
	}
	return 0;
}

static const char *iconv_name(const char *encoding)
{
	size_t i;

	for (i = 0; encoding != NULL && i < sizeof encodings / sizeof encodings[0]; i++) {
		if (strcasecmp(encoding, encodings[i].name) == 0)
			return encodings[i].iconv;
	}
	return NULL;
}

/* The whole file as UTF-8 (a new string), line by line so each bad line is reported. */
static char *to_utf8(struct ctx *x, const char *raw, size_t n, const char *encoding)
{
	const char *cs = iconv_name(encoding), *p = raw, *end = raw + n, *nl;
	struct buf out = {0};
	char msg[160];
	int line = 1;

	buf_add(&out, "", 0);
	if (cs == NULL && n >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	for (; p < end; p = nl + 1, line++) {
		size_t len;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		len = (size_t)(nl - p);
		if (memchr(p, '\0', len) != NULL) {
			problem(x, line, "encoding: contains a NUL byte (not a text file?)");
		} else if (cs == NULL) {
			if (utf8_valid(p, len))
				buf_add(&out, p, len);
			else
				problem(x, line, "encoding: not valid UTF-8 (if the file comes "
					"from an older program, try --encoding windows-1257)");
		} else {
			char *err = NULL, *u = charset_to_utf8(p, len, cs, &len, &err);

			if (u != NULL) {
				buf_add(&out, u, len);
			} else {
				snprintf(msg, sizeof msg, "encoding: %s", err ? err : "cannot convert");
				problem(x, line, msg);
			}
			free(u);
			free(err);
		}
		if (nl < end)
			buf_addc(&out, '\n');
	}
	return buf_take(&out);
}

/* ---- adding records ---- */

static int check_unique(struct ctx *x, const char *id, int line)
{
	char msg[96];
	int i;

	for (i = 0; i < x->nids; i++) {
		if (strcmp(x->ids[i], id) == 0) {
			snprintf(msg, sizeof msg, "id: the same id as on line %d", x->id_lines[i]);
			problem(x, line, msg);
			return -1;
		}
	}
	if (x->nids == x->cap_ids) {
		x->cap_ids = x->cap_ids ? x->cap_ids * 2 : 64;
		x->ids = xrealloc(x->ids, (size_t)x->cap_ids * sizeof *x->ids);
		x->id_lines = xrealloc(x->id_lines, (size_t)x->cap_ids * sizeof *x->id_lines);
	}
	memcpy(x->ids[x->nids], id, 37);
	x->id_lines[x->nids++] = line;
	return 0;
}

static void add_case(struct ctx *x, json_t *j, int line)
{
	struct catalogue_set *s = x->set;
	struct career c;
	char *err = NULL;

	if (career_from_json(j, &c, &err) < 0) {
		problem(x, line, err);
		free(err);
		return;
	}
	if (check_unique(x, c.id, line) < 0) {
		career_free(&c);
		return;
	}
	if (s->ncases == x->cap_cases) {
		x->cap_cases = x->cap_cases ? x->cap_cases * 2 : 16;
		s->cases = xrealloc(s->cases, (size_t)x->cap_cases * sizeof *s->cases);
	}
	s->cases[s->ncases++] = c;
}

static void add_partner(struct ctx *x, json_t *j, int line)
{
	struct catalogue_set *s = x->set;
	struct partner p;
	char *err = NULL;

	if (partner_from_json(j, &p, &err) < 0) {
		problem(x, line, err);
		free(err);
		return;
	}
	if (check_unique(x, p.id, line) < 0) {
		partner_free(&p);
		return;
	}
	if (s->npartners == x->cap_partners) {
		x->cap_partners = x->cap_partners ? x->cap_partners * 2 : 16;
		s->partners = xrealloc(s->partners, (size_t)x->cap_partners * sizeof *s->partners);
	}
	s->partners[s->npartners++] = p;
}

static void add_guide(struct ctx *x, json_t *j, int line)
{
	struct catalogue_set *s = x->set;
	struct guide g;
	char *err = NULL;

	if (guide_from_json(j, &g, &err) < 0) {
		problem(x, line, err);
		free(err);
		return;
	}
	if (check_unique(x, g.id, line) < 0) {
		guide_free(&g);
		return;
	}
	if (s->nguides == x->cap_guides) {
		x->cap_guides = x->cap_guides ? x->cap_guides * 2 : 16;
		s->guides = xrealloc(s->guides, (size_t)x->cap_guides * sizeof *s->guides);
	}
	s->guides[s->nguides++] = g;
}

/* The kinds of record a file holds: the JSON lists, in this order. */
enum what { CASES, PARTNERS, GUIDES, NWHAT };

static const char *const lists[NWHAT] = {"cases", "partners", "guides"};

static void add_item(struct ctx *x, enum what w, json_t *j, int line)
{
	if (w == CASES)
		add_case(x, j, line);
	else if (w == PARTNERS)
		add_partner(x, j, line);
	else
		add_guide(x, j, line);
}

/* ---- JSON ---- */

/* Lines where the elements of the top-level "cases", "partners" and "guides" arrays
 * start (jansson keeps no positions). Runs over text jansson has already accepted. */
struct elem_lines {
	int *line[NWHAT];
	int n[NWHAT], cap[NWHAT];
};

static void elem_push(struct elem_lines *e, int which, int line)
{
	if (e->n[which] == e->cap[which]) {
		e->cap[which] = e->cap[which] ? e->cap[which] * 2 : 64;
		e->line[which] = xrealloc(e->line[which],
					  (size_t)e->cap[which] * sizeof *e->line[which]);
	}
	e->line[which][e->n[which]++] = line;
}

/* The enum what of a top-level key, or -1. */
static int list_index(const char *key)
{
	int i;

	for (i = 0; i < NWHAT; i++) {
		if (strcmp(key, lists[i]) == 0)
			return i;
	}
	return -1;
}

static void scan_lines(const char *s, struct elem_lines *e)
{
	char key[16] = "";
	int depth = 0, line = 1, target = -1, expect = 0;
	size_t i, k;

	for (i = 0; s[i] != '\0'; i++) {
		char ch = s[i];

		if (ch == '\n') {
			line++;
			continue;
		}
		if (ch == ' ' || ch == '\t' || ch == '\r')
			continue;
		if (depth == 2 && target >= 0 && expect && ch != ']') {
			elem_push(e, target, line);
			expect = 0;
		}
		if (ch == '"') {
			for (k = 0, i++; s[i] != '\0' && s[i] != '"'; i++) {
				if (s[i] == '\\' && s[i + 1] != '\0')
					i++;
				else if (s[i] == '\n')
					line++;
				if (depth == 1 && k + 1 < sizeof key)
					key[k++] = s[i];
			}
			if (depth == 1)
				key[k] = '\0';
			if (s[i] == '\0')
				return;
		} else if (ch == '{' || ch == '[') {
			depth++;
			if (depth == 2 && ch == '[') {
				target = list_index(key);
				expect = 1;
			}
		} else if (ch == '}' || ch == ']') {
			depth--;
			if (depth < 2)
				target = -1;
		} else if (ch == ',' && depth == 2) {
			expect = 1;
		}
	}
}

static void read_json(struct ctx *x, const char *text)
{
	struct elem_lines el = {0};
	json_error_t jerr;
	json_t *root, *a, *v;
	const char *key;
	size_t i;
	char msg[256];

	root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		snprintf(msg, sizeof msg, "json: %s", jerr.text);
		problem(x, jerr.line > 0 ? jerr.line : 1, msg);
		return;
	}
	if (!json_is_object(root)) {
		problem(x, 1, "json: expected {\"cases\": [...], \"partners\": [...], "
			"\"guides\": [...]}");
		goto out;
	}
	if (json_object_get(root, "cases") == NULL && json_object_get(root, "partners") == NULL &&
	    json_object_get(root, "guides") == NULL) {
		/* One case, partner or guide alone, as `vitrina show` prints it. */
		if (json_object_get(root, "name") != NULL &&
		    json_object_get(root, "title") == NULL)
			add_partner(x, root, 1);
		else if (json_object_get(root, "kind") != NULL &&
			 json_object_get(root, "body") != NULL)
			add_guide(x, root, 1);
		else if (json_object_get(root, "id") != NULL)
			add_case(x, root, 1);
		else
			problem(x, 1, "json: expected {\"cases\": [...], \"partners\": [...], "
				"\"guides\": [...]}");
		goto out;
	}
	scan_lines(text, &el);
	/* A long file shows how far reading it got (nothing unless a command started a
	 * progress meter). */
	progress_total((int64_t)(json_array_size(json_object_get(root, "cases")) +
				 json_array_size(json_object_get(root, "partners")) +
				 json_array_size(json_object_get(root, "guides"))));
	json_object_foreach(root, key, a) {
		int which = list_index(key);

		if (which < 0)
			continue;
		if (!json_is_array(a)) {
			snprintf(msg, sizeof msg, "%s: must be a list", key);
			problem(x, 1, msg);
			continue;
		}
		json_array_foreach(a, i, v) {
			int line = i < (size_t)el.n[which] ? el.line[which][i] : 1;

			add_item(x, (enum what)which, v, line);
			progress_step(1);
		}
	}
out:
	for (i = 0; i < NWHAT; i++)
		free(el.line[i]);
	json_decref(root);
}

/* ---- CSV ---- */

struct record {
	char **f;
	size_t *len;
	int n, cap;
	int line;               /* where the record starts */
};

static void record_clear(struct record *r)
{
	while (r->n > 0)
		free(r->f[--r->n]);
}

static void record_free(struct record *r)
{
	record_clear(r);
	free(r->f);
	free(r->len);
}

static void record_push(struct record *r, struct buf *b)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->f = xrealloc(r->f, (size_t)r->cap * sizeof *r->f);
		r->len = xrealloc(r->len, (size_t)r->cap * sizeof *r->len);
	}
	r->len[r->n] = b->len;
	buf_add(b, "", 0);
	r->f[r->n++] = buf_take(b);
}

/* Read one record (RFC 4180: quotes, "" inside quotes, CRLF, newlines in quotes) from
 * *p. Returns 0 at the end of the text, 1 with a record, -1 on an unclosed quote. */
static int csv_next(const char **p, int *line, char delim, struct record *r)
{
	const char *s = *p;
	struct buf b = {0};
	int quoted = 0;

	record_clear(r);
	if (*s == '\0')
		return 0;
	r->line = *line;
	for (;;) {
		char ch = *s;

		if (quoted) {
			if (ch == '\0') {
				buf_free(&b);
				*p = s;
				return -1;
			}
			if (ch == '"' && s[1] == '"') {
				buf_addc(&b, '"');
				s += 2;
			} else if (ch == '"') {
				quoted = 0;
				s++;
			} else {
				if (ch == '\n')
					(*line)++;
				buf_addc(&b, ch);
				s++;
			}
			continue;
		}
		if (ch == '"' && b.len == 0) {
			quoted = 1;
			s++;
		} else if (ch == delim) {
			record_push(r, &b);
			s++;
		} else if (ch == '\0' || ch == '\n' || (ch == '\r' && s[1] == '\n')) {
			record_push(r, &b);
			if (ch == '\r')
				s++;
			if (*s == '\n') {
				s++;
				(*line)++;
			}
			*p = s;
			return 1;
		} else {
			buf_addc(&b, ch);
			s++;
		}
	}
}

static char guess_delim(const char *s)
{
	int comma = 0, semi = 0, tab = 0, quoted = 0;

	for (; *s != '\0' && (quoted || *s != '\n'); s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (!quoted && *s == ',')
			comma++;
		else if (!quoted && *s == ';')
			semi++;
		else if (!quoted && *s == '\t')
			tab++;
	}
	if (tab > comma && tab > semi)
		return '\t';
	return semi > comma ? ';' : ',';
}

static const char *const case_columns[] = {
	"id", "slug", "person", "age", "municipality", "area", "themes", "title", "summary",
	"story", "quote", "path", "skills", "jobs", "organisation", "partner_id",
	"contact_allowed", "featured", "lang", "updated_at", "seq", "deleted", NULL
};
static const char *const partner_columns[] = {
	"id", "name", "municipality", "offers", "description", "contact_allowed", "seq",
	"deleted", NULL
};
static const char *const guide_columns[] = {
	"id", "kind", "title", "county", "lang", "summary", "body", "updated_at", "seq",
	"deleted", NULL
};
static const char *const list_columns[] = {"themes", "skills", "jobs", "offers", NULL};
static const char *const bool_columns[] = {"contact_allowed", "featured", "deleted", NULL};
static const char *const int_columns[] = {"age", "seq", NULL};
/* Fields a translation column may hold ("title_en", "jobs_en"; "name_en" for partners). */
static const char *const text_keys[] = {"title", "summary", "story", "quote", "path",
					"skills", "jobs", NULL};
static const char *const partner_text_keys[] = {"name", "description", NULL};
static const char *const guide_text_keys[] = {"title", "summary", "body", NULL};
static const char *const *const columns_of[NWHAT] = {case_columns, partner_columns,
						     guide_columns};
static const char *const *const text_keys_of[NWHAT] = {text_keys, partner_text_keys,
						       guide_text_keys};

static int in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++) {
		if (strcmp(*list, s) == 0)
			return 1;
	}
	return 0;
}

/* "title_en" -> key "title", lang "en" for translation columns of a case (of a partner,
 * a guide as w says). */
static int translation_column(const char *name, enum what w, char *key, size_t keysz,
			      char lang[4])
{
	const char *u = strrchr(name, '_');
	size_t n, i;

	if (u == NULL || strlen(u + 1) < 2 || strlen(u + 1) > 3)
		return 0;
	n = (size_t)(u - name);
	if (n + 1 > keysz)
		return 0;
	memcpy(key, name, n);
	key[n] = '\0';
	if (!in_list(text_keys_of[w], key))
		return 0;
	for (i = 0; u[1 + i] != '\0'; i++) {
		if (u[1 + i] < 'a' || u[1 + i] > 'z')
			return 0;
		lang[i] = u[1 + i];
	}
	lang[i] = '\0';
	return 1;
}

static char *trim_copy(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static json_t *split_list(const char *s)
{
	json_t *a = json_array();
	const char *p = s, *semi;

	while (*p != '\0') {
		char *item;

		semi = strchr(p, ';');
		if (semi == NULL)
			semi = p + strlen(p);
		item = trim_copy(p, (size_t)(semi - p));
		if (item[0] != '\0')
			json_array_append_new(a, json_string(item));
		free(item);
		p = *semi ? semi + 1 : semi;
	}
	return a;
}

/* "2015:Studijos;2019:Savo dirbtuvės" -> [{year, step}, ...] */
static json_t *split_path(const char *s, char **err)
{
	json_t *a = split_list(s), *out = json_array(), *e;
	size_t i;

	json_array_foreach(a, i, e) {
		const char *item = json_string_value(e), *colon = strchr(item, ':');
		char *year;
		long y;

		if (colon == NULL) {
			set_error(err, "path: step %zu must be YEAR:STEP, like 2019:Studijos", i + 1);
			goto fail;
		}
		year = trim_copy(item, (size_t)(colon - item));
		if (parse_long(year, 1900, 2100, &y) < 0) {
			set_error(err, "path: step %zu: the year must be from 1900 to 2100", i + 1);
			free(year);
			goto fail;
		}
		free(year);
		year = trim_copy(colon + 1, strlen(colon + 1));
		json_array_append_new(out, json_pack("{s:i, s:s}", "year", (int)y, "step", year));
		free(year);
	}
	json_decref(a);
	return out;
fail:
	json_decref(a);
	json_decref(out);
	return NULL;
}

/* One CSV row as a JSON object in the import shape; NULL with *err on a bad cell. */
static json_t *row_json(char *const *names, enum what w, const struct record *r,
			char **err)
{
	json_t *o = json_object(), *v, *tr = NULL;
	char key[16], lang[4];
	int i;

	for (i = 0; i < r->n; i++) {
		char *cell = trim_copy(r->f[i], r->len[i]);
		const char *name = names[i];

		if (cell[0] == '\0') {
			free(cell);
			continue;
		}
		v = NULL;
		if (in_list(list_columns, name)) {
			v = split_list(cell);
		} else if (strcmp(name, "path") == 0) {
			v = split_path(cell, err);
		} else if (in_list(bool_columns, name)) {
			if (strcasecmp(cell, "true") == 0 || strcmp(cell, "1") == 0)
				v = json_true();
			else if (strcasecmp(cell, "false") == 0 || strcmp(cell, "0") == 0)
				v = json_false();
			else
				set_error(err, "%s: must be true or false", name);
		} else if (in_list(int_columns, name)) {
			long n;

			if (parse_long(cell, 0, INT32_MAX, &n) == 0)
				v = json_integer(n);
			else
				set_error(err, "%s: must be a whole number", name);
		} else if (translation_column(name, w, key, sizeof key, lang)) {
			json_t *t, *tv;

			if (in_list(list_columns, key)) {
				tv = split_list(cell);
			} else if (strcmp(key, "path") == 0) {
				tv = split_path(cell, err);
			} else {
				tv = json_stringn(cell, strlen(cell));
				if (tv == NULL)
					set_error(err, "%s: not valid UTF-8", name);
			}
			free(cell);
			if (tv == NULL) {
				json_decref(o);
				return NULL;
			}
			if (tr == NULL) {
				tr = json_object();
				json_object_set_new(o, "translations", tr);
			}
			t = json_object_get(tr, lang);
			if (t == NULL) {
				t = json_object();
				json_object_set_new(tr, lang, t);
			}
			json_object_set_new(t, key, tv);
			continue;
		} else {
			v = json_stringn(cell, strlen(cell));
			if (v == NULL)
				set_error(err, "%s: not valid UTF-8", name);
		}
		free(cell);
		if (v == NULL) {
			json_decref(o);
			return NULL;
		}
		json_object_set_new(o, name, v);
	}
	return o;
}

/* The line breaks in s, for a CSV file's progress. */
static int64_t count_lines(const char *s)
{
	int64_t n = 0;

	for (s = strchr(s, '\n'); s != NULL; s = strchr(s + 1, '\n'))
		n++;
	return n;
}

static int has_column(char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++) {
		if (strcmp(names[i], name) == 0)
			return 1;
	}
	return 0;
}

/* What a CSV file holds, by its header: guides if it has "kind" and "body", partners if
 * it has "name" and no "title", else cases. */
static enum what header_kind(char *const *names, int n)
{
	if (has_column(names, n, "kind") && has_column(names, n, "body"))
		return GUIDES;
	if (has_column(names, n, "name") && !has_column(names, n, "title"))
		return PARTNERS;
	return CASES;
}

static void read_csv(struct ctx *x, const char *text)
{
	struct record head = {0}, r = {0};
	const char *p = text;
	char delim = guess_delim(text), msg[160], key[16], lang[4];
	char **names = NULL;
	int line = 1, shown_line, rc, i, k;
	enum what w;

	if (csv_next(&p, &line, delim, &head) <= 0) {
		problem(x, 1, "csv: no header row");
		goto out;
	}
	names = xcalloc((size_t)head.n, sizeof *names);
	for (i = 0; i < head.n; i++) {
		names[i] = trim_copy(head.f[i], head.len[i]);
		for (k = 0; names[i][k] != '\0'; k++)
			names[i][k] = (char)tolower((unsigned char)names[i][k]);
	}
	w = header_kind(names, head.n);
	for (i = 0; i < head.n; i++) {
		int ok = in_list(columns_of[w], names[i]) ||
			 translation_column(names[i], w, key, sizeof key, lang);

		if (!ok) {
			snprintf(msg, sizeof msg, "header: unknown column \"%.40s\"", names[i]);
			problem(x, 1, msg);
		}
		for (k = 0; k < i; k++) {
			if (strcmp(names[i], names[k]) == 0) {
				snprintf(msg, sizeof msg, "header: column \"%.40s\" appears twice",
					 names[i]);
				problem(x, 1, msg);
			}
		}
	}
	if (x->problems > 0)
		goto out;
	/* Progress counts the file's lines: a quoted field may hold several. */
	progress_total(count_lines(p) + line);
	progress_step(line);
	shown_line = line;
	while ((rc = csv_next(&p, &line, delim, &r)) != 0) {
		json_t *o;
		char *err = NULL;
		int empty = 1;

		if (rc < 0) {
			problem(x, r.line, "csv: a quoted field is never closed");
			break;
		}
		progress_step(line - shown_line);
		shown_line = line;
		for (i = 0; i < r.n && empty; i++) {
			char *cell = trim_copy(r.f[i], r.len[i]);

			empty = cell[0] == '\0';
			free(cell);
		}
		if (empty)
			continue;
		if (r.n > head.n) {
			snprintf(msg, sizeof msg, "row: %d fields, but the header has %d", r.n,
				 head.n);
			problem(x, r.line, msg);
			continue;
		}
		o = row_json(names, w, &r, &err);
		if (o == NULL) {
			problem(x, r.line, err);
			free(err);
			continue;
		}
		add_item(x, w, o, r.line);
		json_decref(o);
	}
out:
	for (i = 0; names != NULL && i < head.n; i++)
		free(names[i]);
	free(names);
	record_free(&head);
	record_free(&r);
}

int import_read(const char *path, const char *encoding, struct catalogue_set *set,
		struct buf *report)
{
	struct ctx x = {0};
	char *raw = NULL, *text, *err = NULL;
	const char *p;
	size_t n;

	memset(set, 0, sizeof *set);
	x.path = path;
	x.report = report;
	x.set = set;
	if (!import_encoding_known(encoding)) {
		char *sp = shown(path), *se = shown(encoding);

		buf_addf(report, "%s: unknown encoding \"%s\" (use utf-8, windows-1257 or "
			 "iso-8859-13)\n", sp, se);
		free(sp);
		free(se);
		return -1;
	}
	if (read_file(path, MAX_FILE, &raw, &n, &err) < 0) {
		char *se = shown(err ? err : path);

		buf_addf(report, "%s\n", se);
		free(se);
		free(err);
		return -1;
	}
	text = to_utf8(&x, raw, n, encoding);
	free(raw);
	if (x.problems == 0) {
		for (p = text; isspace((unsigned char)*p); p++)
			;
		if (*p == '\0')
			problem(&x, 0, "the file is empty");
		else if (*p == '{')
			read_json(&x, text);
		else
			read_csv(&x, text);
	}
	free(text);
	free(x.ids);
	free(x.id_lines);
	return x.problems;
}
