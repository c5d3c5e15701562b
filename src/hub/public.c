/* The public showcase: pages made from the current snapshot, kept per snapshot. */
#include "public.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "regions.h"
#include "util.h"

#define CACHE_SLOTS  4096       /* pages kept per snapshot (a slot taken is replaced) */
#define PER_PAGE     50         /* stories on a page of a county */
#define FEATURED_MAX "12"       /* stories on the home page */
#define PICKS_MAX    "6"
#define SITEMAP_MAX  50000      /* addresses in one sitemap file (the protocol's limit) */
#define CACHE_BYTES  (64 << 20) /* pages kept at most; more empties the cache */

struct cached {
	char *key;                      /* "PATH?lang" ; NULL: free slot */
	unsigned status;
	const char *type;
	struct buf body;
};

struct public_site {
	struct snapshots *sn;
	char *base;                     /* "" for relative links */
	pthread_mutex_t lock;           /* everything below */
	sqlite3 *db;                    /* the snapshot the cache was made from */
	char tag[48];                   /* its ETag (seq and hash): "" none */
	size_t bytes;                   /* of the pages in the cache */
	struct cached cache[CACHE_SLOTS];
};

/* A page being made. */
struct page {
	sqlite3 *db;
	const char *base;
	int lang;
	const char *path;               /* the page's own path, for language links */
	int page;                       /* its page (a county's list), 1 for others */
	struct buf *out;
	unsigned status;
};

struct public_site *public_new(struct snapshots *sn, const char *base_url)
{
	struct public_site *p = xcalloc(1, sizeof *p);
	size_t n = base_url != NULL ? strlen(base_url) : 0;

	p->sn = sn;
	p->base = xstrdup(base_url != NULL ? base_url : "");
	if (n > 0 && p->base[n - 1] == '/')
		p->base[n - 1] = '\0';
	pthread_mutex_init(&p->lock, NULL);
	return p;
}

static void cache_clear(struct public_site *p)
{
	int i;

	for (i = 0; i < CACHE_SLOTS; i++) {
		free(p->cache[i].key);
		buf_free(&p->cache[i].body);
		memset(&p->cache[i], 0, sizeof p->cache[i]);
	}
	p->bytes = 0;
}

void public_free(struct public_site *p)
{
	if (p == NULL)
		return;
	cache_clear(p);
	sqlite3_close(p->db);
	pthread_mutex_destroy(&p->lock);
	free(p->base);
	free(p);
}

/* ---- HTML ---- */

static void esc_n(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i] != '\0'; i++) {
		switch (s[i]) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_addc(b, s[i]);
		}
	}
}

static void esc(struct buf *b, const char *s)
{
	if (s != NULL)
		esc_n(b, s, strlen(s));
}

/* Text of paragraphs separated by blank lines as <p>s; lines starting "- " as a list. */
static void paragraphs(struct buf *b, const char *text)
{
	const char *p = text != NULL ? text : "";
	int in_list = 0;

	while (*p) {
		size_t n = strcspn(p, "\n");
		int item = n >= 2 && p[0] == '-' && p[1] == ' ';

		if (n > 0 && strspn(p, " \t") < n) {
			if (item != in_list)
				buf_adds(b, item ? "<ul>\n" : "</ul>\n");
			in_list = item;
			buf_adds(b, item ? "<li>" : "<p>");
			esc_n(b, p + (item ? 2 : 0), n - (item ? 2 : 0));
			buf_adds(b, item ? "</li>\n" : "</p>\n");
		}
		p += n + (p[n] == '\n');
	}
	if (in_list)
		buf_adds(b, "</ul>\n");
}

/* The page's address in language lang ("/c/slug", "/c/slug?lang=en"), relative or
 * absolute. */
static void link_to(struct buf *b, const char *base, const char *path, int lang, int page)
{
	esc(b, base);
	esc(b, path);
	if (lang > 0)
		buf_addf(b, "?lang=%s", public_langs[lang]);
	if (page > 1)
		buf_addf(b, "%spage=%d", lang > 0 ? "&amp;" : "?", page);
}

/* link_to of prefix + name ("/c/" and a slug). */
static void link_prefixed(struct buf *b, const char *prefix, const char *name, int lang)
{
	char *path = xasprintf("%s%s", prefix, name);

	link_to(b, "", path, lang, 0);
	free(path);
}

static const char style[] =
	"body{margin:0 auto;max-width:42rem;padding:0 1rem 2rem;font:1.125rem/1.6 system-ui,"
	"sans-serif;color:#1b1b1b;background:#fff}"
	"a{color:#0a4a8f}a:focus{outline:3px solid #8a3b00;outline-offset:2px}"
	".skip{position:absolute;left:-999rem}.skip:focus{left:1rem;top:1rem;background:#fff;"
	"padding:.5rem}"
	"header{border-bottom:1px solid #767676;padding:.5rem 0;margin-bottom:1rem}"
	".site{font-weight:bold;font-size:1.3rem;margin:0}.tag{margin:0;color:#4a4a4a}"
	"nav ul{list-style:none;padding:0;margin:.5rem 0 0;display:flex;flex-wrap:wrap;gap:1rem}"
	"h1,h2,h3{line-height:1.25}.meta{color:#4a4a4a}"
	"blockquote{margin:1rem 0;padding-left:1rem;border-left:4px solid"
	" #0a4a8f;font-style:italic}ul.cards{list-style:none;padding:0}"
	"ul.cards li{border-top:1px solid #767676;padding:.75rem 0}"
	"ul.cards h3{margin:0;font-size:1.15rem}"
	"footer{border-top:1px solid #767676;margin-top:2rem;color:#4a4a4a;font-size:1rem}";

static const char *const og_locale[PUBLIC_LANGS] = {"lt_LT", "en_GB", "ru_RU", "pl_PL"};

/* From <!DOCTYPE> to the start of <main>: title, description, language links. */
static void head(struct page *pg, const char *title, const char *description)
{
	struct buf *b = pg->out;
	int l;

	buf_addf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		 "<title>", public_langs[pg->lang]);
	esc(b, title);
	buf_adds(b, " – vitrina</title>\n<meta name=\"description\" content=\"");
	esc(b, description);
	buf_adds(b, "\">\n<link rel=\"canonical\" href=\"");
	link_to(b, pg->base, pg->path, pg->lang, pg->page);
	buf_adds(b, "\">\n");
	for (l = 0; l < PUBLIC_LANGS; l++) {
		buf_addf(b, "<link rel=\"alternate\" hreflang=\"%s\" href=\"", public_langs[l]);
		link_to(b, pg->base, pg->path, l, pg->page);
		buf_adds(b, "\">\n");
	}
	buf_adds(b, "<link rel=\"alternate\" hreflang=\"x-default\" href=\"");
	link_to(b, pg->base, pg->path, 0, pg->page);
	buf_adds(b, "\">\n<meta property=\"og:type\" content=\"article\">\n"
		 "<meta property=\"og:site_name\" content=\"vitrina\">\n"
		 "<meta property=\"og:title\" content=\"");
	esc(b, title);
	buf_adds(b, "\">\n<meta property=\"og:description\" content=\"");
	esc(b, description);
	buf_adds(b, "\">\n<meta property=\"og:url\" content=\"");
	link_to(b, pg->base, pg->path, pg->lang, pg->page);
	buf_addf(b, "\">\n<meta property=\"og:locale\" content=\"%s\">\n<style>%s</style>\n"
		 "</head>\n<body>\n<a class=\"skip\" href=\"#main\">%s</a>\n<header>\n"
		 "<p class=\"site\"><a href=\"", og_locale[pg->lang], style,
		 public_word(PW_SKIP, pg->lang));
	link_to(b, "", "/", pg->lang, 0);
	buf_addf(b, "\">vitrina</a></p>\n<p class=\"tag\">%s</p>\n<nav aria-label=\"%s\"><ul>\n",
		 public_word(PW_TAGLINE, pg->lang), public_word(PW_LANGUAGE, pg->lang));
	for (l = 0; l < PUBLIC_LANGS; l++) {
		static const char *const names[] = {"Lietuvių", "English", "Русский", "Polski"};

		buf_addf(b, "<li><a href=\"");
		link_to(b, "", pg->path, l, pg->page);
		buf_addf(b, "\" hreflang=\"%s\" lang=\"%s\"%s>%s</a></li>\n", public_langs[l],
			 public_langs[l], l == pg->lang ? " aria-current=\"page\"" : "", names[l]);
	}
	buf_adds(b, "</ul></nav>\n</header>\n<main id=\"main\">\n");
}

static void foot(struct page *pg)
{
	buf_addf(pg->out, "</main>\n<footer><p>%s</p></footer>\n</body>\n</html>\n",
		 public_word(PW_FOOTER, pg->lang));
}

/* <h1> in the text's own language when it is not the page's. */
static void lang_attr(struct buf *b, const struct page *pg, const char *lang)
{
	if (lang != NULL && lang[0] != '\0' && strcmp(lang, public_langs[pg->lang]) != 0) {
		buf_adds(b, " lang=\"");
		esc(b, lang);
		buf_adds(b, "\"");
	}
}

/* ---- the catalogue, as the snapshot holds it ---- */

#define CARD_COLUMNS "slug, title, person, municipality, summary, lang, translations"

/* A JSON column's value (a new reference; an empty array on bad text). */
static json_t *json_column(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	json_t *j = s != NULL ? json_loads(s, 0, NULL) : NULL;

	return j != NULL ? j : json_array();
}

/* Column i's text, "" for NULL. */
static const char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s != NULL ? s : "";
}

/* field of the translation in lang of a translations column, else fallback. */
static const char *translated(json_t *tr, int lang, const char *field, const char *fallback)
{
	const char *s = json_string_value(json_object_get(json_object_get(tr,
						public_langs[lang]), field));

	return s != NULL && s[0] != '\0' ? s : fallback;
}

/* The place of a municipality code in lang: "Šiauliai, Šiaulių apskritis". */
static void place(struct buf *b, const char *code, int lang)
{
	const struct municipality *m = municipality_find(code);
	const struct county *c = m != NULL ? county_find(m->county) : NULL;

	if (m == NULL)
		return;
	esc(b, municipality_name(m, public_langs[lang]));
	if (c != NULL) {
		buf_adds(b, ", ");
		esc(b, county_name(c, public_langs[lang]));
	}
}

/* One story in a list (a row of CARD_COLUMNS). */
static void card(struct page *pg, sqlite3_stmt *st)
{
	json_t *tr = json_column(st, 6);
	const char *title = translated(tr, pg->lang, "title", col(st, 1));
	const char *lang = title == col(st, 1) ? col(st, 5) : public_langs[pg->lang];
	struct buf *b = pg->out;

	buf_adds(b, "<li><h3");
	lang_attr(b, pg, lang);
	buf_adds(b, "><a href=\"");
	link_prefixed(b, "/c/", col(st, 0), pg->lang);
	buf_adds(b, "\">");
	esc(b, title);
	buf_adds(b, "</a></h3>\n<p class=\"meta\">");
	esc(b, col(st, 2));
	buf_adds(b, " · ");
	place(b, col(st, 3), pg->lang);
	buf_adds(b, "</p>\n<p");
	lang_attr(b, pg, lang);
	buf_adds(b, ">");
	esc(b, translated(tr, pg->lang, "summary", col(st, 4)));
	buf_adds(b, "</p></li>\n");
	json_decref(tr);
}

/* The stories st selects (CARD_COLUMNS) as a list; how many. */
static int cards(struct page *pg, sqlite3_stmt *st)
{
	int n = 0;

	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		if (n++ == 0)
			buf_adds(pg->out, "<ul class=\"cards\">\n");
		card(pg, st);
	}
	if (n > 0)
		buf_adds(pg->out, "</ul>\n");
	sqlite3_finalize(st);
	return n;
}

static sqlite3_stmt *prepare(struct page *pg, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(pg->db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* ---- pages ---- */

static void page_not_found(struct page *pg)
{
	pg->out->len = 0;
	head(pg, public_word(PW_NOT_FOUND, pg->lang), public_word(PW_NOT_FOUND, pg->lang));
	buf_addf(pg->out, "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"",
		 public_word(PW_NOT_FOUND, pg->lang), public_word(PW_NOT_FOUND_TEXT, pg->lang));
	link_to(pg->out, "", "/", pg->lang, 0);
	buf_addf(pg->out, "\">%s</a></p>\n", public_word(PW_HOME, pg->lang));
	foot(pg);
	pg->status = 404;
}

static void county_list(struct page *pg)
{
	sqlite3_stmt *st = prepare(pg, "SELECT county, count(*) FROM cases GROUP BY county");
	int64_t counts[COUNTY_COUNT] = {0};
	int i;

	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		const struct county *c = county_find(col(st, 0));

		if (c != NULL)
			counts[c - counties] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	buf_addf(pg->out, "<h2>%s</h2>\n<ul>\n", public_word(PW_REGIONS, pg->lang));
	for (i = 0; i < COUNTY_COUNT; i++) {
		char path[16];

		snprintf(path, sizeof path, "/r/%s", counties[i].code);
		buf_adds(pg->out, "<li><a href=\"");
		link_to(pg->out, "", path, pg->lang, 0);
		buf_adds(pg->out, "\">");
		esc(pg->out, county_name(&counties[i], public_langs[pg->lang]));
		buf_addf(pg->out, "</a> (%" PRId64 " %s)</li>\n", counts[i],
			 public_word(PW_STORY_COUNT, pg->lang));
	}
	buf_adds(pg->out, "</ul>\n");
}

static int guide_list(struct page *pg, const char *kind, const char *county);

static void page_home(struct page *pg)
{
	sqlite3_stmt *st;

	head(pg, public_word(PW_TAGLINE, pg->lang), public_word(PW_TAGLINE, pg->lang));
	buf_addf(pg->out, "<h1>%s</h1>\n", public_word(PW_TAGLINE, pg->lang));
	st = prepare(pg, "SELECT " CARD_COLUMNS " FROM cases WHERE inspired_90d > 0"
		     " ORDER BY inspired_90d DESC, rk LIMIT " PICKS_MAX);
	buf_addf(pg->out, "<h2>%s</h2>\n<p>%s</p>\n", public_word(PW_PICKS, pg->lang),
		 public_word(PW_PICKS_HINT, pg->lang));
	if (cards(pg, st) == 0)
		buf_addf(pg->out, "<p>%s</p>\n", public_word(PW_NONE_YET, pg->lang));
	buf_addf(pg->out, "<h2>%s</h2>\n", public_word(PW_FEATURED, pg->lang));
	st = prepare(pg, "SELECT " CARD_COLUMNS " FROM cases WHERE featured ORDER BY rk"
		     " LIMIT " FEATURED_MAX);
	if (cards(pg, st) == 0)
		buf_addf(pg->out, "<p>%s</p>\n", public_word(PW_NONE_YET, pg->lang));
	county_list(pg);
	buf_addf(pg->out, "<h2>%s</h2>\n", public_word(PW_GUIDES, pg->lang));
	if (guide_list(pg, "guide", NULL) == 0)
		buf_adds(pg->out, "<p>–</p>\n");
	foot(pg);
}

/* A JSON list of strings as a <ul> under heading h (nothing when empty). */
static void string_list(struct page *pg, enum public_word h, json_t *list, const char *lang)
{
	size_t i;
	json_t *v;

	if (json_array_size(list) == 0)
		return;
	buf_addf(pg->out, "<h2>%s</h2>\n<ul", public_word(h, pg->lang));
	lang_attr(pg->out, pg, lang);
	buf_adds(pg->out, ">\n");
	json_array_foreach(list, i, v) {
		buf_adds(pg->out, "<li>");
		esc(pg->out, json_string_value(v));
		buf_adds(pg->out, "</li>\n");
	}
	buf_adds(pg->out, "</ul>\n");
}

/* The path [{year, step}] as a list. */
static void path_list(struct page *pg, json_t *path, const char *lang)
{
	size_t i;
	json_t *v;

	if (json_array_size(path) == 0)
		return;
	buf_addf(pg->out, "<h2>%s</h2>\n<ul", public_word(PW_PATH, pg->lang));
	lang_attr(pg->out, pg, lang);
	buf_adds(pg->out, ">\n");
	json_array_foreach(path, i, v) {
		buf_addf(pg->out, "<li><strong>%" JSON_INTEGER_FORMAT "</strong> ",
			 json_integer_value(json_object_get(v, "year")));
		esc(pg->out, json_string_value(json_object_get(v, "step")));
		buf_adds(pg->out, "</li>\n");
	}
	buf_adds(pg->out, "</ul>\n");
}

static void theme_list(struct page *pg, unsigned themes)
{
	int t, n = 0;

	buf_addf(pg->out, "<p class=\"meta\">%s: ", public_word(PW_THEMES, pg->lang));
	for (t = 0; t < THEME_COUNT; t++) {
		if (themes & (1u << t))
			buf_addf(pg->out, "%s%s", n++ > 0 ? ", " : "", public_theme(t, pg->lang));
	}
	buf_adds(pg->out, "</p>\n");
}

/* Published questions and answers: never the asker's name, only that a visitor asked. */
static void qa_list(struct page *pg, json_t *qa)
{
	size_t i;
	json_t *v;

	if (json_array_size(qa) == 0)
		return;
	buf_addf(pg->out, "<h2>%s</h2>\n", public_word(PW_QA, pg->lang));
	json_array_foreach(qa, i, v) {
		const char *by = json_string_value(json_object_get(v, "answered_by"));

		buf_adds(pg->out, "<div class=\"qa\"");
		lang_attr(pg->out, pg, json_string_value(json_object_get(v, "lang")));
		buf_addf(pg->out, ">\n<p class=\"meta\">%s:</p>\n<blockquote><p>",
			 public_word(PW_ASKED, pg->lang));
		esc(pg->out, json_string_value(json_object_get(v, "question")));
		buf_addf(pg->out, "</p></blockquote>\n<p class=\"meta\">%s", public_word(
			 PW_ANSWER_FROM, pg->lang));
		if (by != NULL && by[0] != '\0') {
			buf_adds(pg->out, " ");
			esc(pg->out, by);
		}
		buf_adds(pg->out, ":</p>\n");
		paragraphs(pg->out, json_string_value(json_object_get(v, "answer")));
		buf_adds(pg->out, "</div>\n");
	}
}

static void partner_part(struct page *pg, const char *id)
{
	sqlite3_stmt *st = prepare(pg, "SELECT name, description, offers, translations,"
				   " municipality FROM partners WHERE id = ?1");
	json_t *tr;
	int o, n = 0;

	if (st == NULL || id[0] == '\0')
		goto done;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto done;
	tr = json_column(st, 3);
	buf_addf(pg->out, "<h2>%s</h2>\n<p><strong>", public_word(PW_PARTNER, pg->lang));
	esc(pg->out, translated(tr, pg->lang, "name", col(st, 0)));
	buf_adds(pg->out, "</strong> · ");
	place(pg->out, col(st, 4), pg->lang);
	buf_adds(pg->out, "</p>\n<div");
	/* partners are described in Lithuanian unless translated */
	lang_attr(pg->out, pg, translated(tr, pg->lang, "description", NULL) != NULL ? NULL :
		  "lt");
	buf_adds(pg->out, ">\n");
	paragraphs(pg->out, translated(tr, pg->lang, "description", col(st, 1)));
	buf_adds(pg->out, "</div>\n");
	buf_addf(pg->out, "<p>%s: ", public_word(PW_OFFERS, pg->lang));
	for (o = 0; o < OFFER_COUNT; o++) {
		if (sqlite3_column_int(st, 2) & (1 << o))
			buf_addf(pg->out, "%s%s", n++ > 0 ? ", " : "", public_offer(o, pg->lang));
	}
	buf_adds(pg->out, "</p>\n");
	json_decref(tr);
done:
	sqlite3_finalize(st);
}

#define CASE_PAGE_COLUMNS "title, person, age, municipality, lang, quote, summary, story," \
	" path, skills, jobs, translations, qa, partner_id, organisation, themes"

/* The story (a row of CASE_PAGE_COLUMNS). */
static void case_body(struct page *pg, sqlite3_stmt *st)
{
	json_t *tr = json_column(st, 11), *mine = json_object_get(tr, public_langs[pg->lang]);
	const char *orig = col(st, 4);
	const char *lang = json_is_object(mine) ? public_langs[pg->lang] : orig;
	json_t *path = json_object_get(mine, "path"), *skills = json_object_get(mine, "skills");
	json_t *jobs = json_object_get(mine, "jobs"), *qa = json_column(st, 12);
	json_t *own_path = json_column(st, 8), *own_skills = json_column(st, 9);
	json_t *own_jobs = json_column(st, 10);
	const char *quote = translated(tr, pg->lang, "quote", col(st, 5));

	head(pg, translated(tr, pg->lang, "title", col(st, 0)),
	     translated(tr, pg->lang, "summary", col(st, 6)));
	buf_adds(pg->out, "<article");
	lang_attr(pg->out, pg, lang);
	buf_adds(pg->out, ">\n<h1>");
	esc(pg->out, translated(tr, pg->lang, "title", col(st, 0)));
	buf_adds(pg->out, "</h1>\n<p class=\"meta\">");
	esc(pg->out, col(st, 1));
	if (sqlite3_column_int(st, 2) > 0)
		buf_addf(pg->out, ", %d", sqlite3_column_int(st, 2));
	buf_adds(pg->out, " · ");
	place(pg->out, col(st, 3), pg->lang);
	if (col(st, 14)[0] != '\0') {
		buf_adds(pg->out, " · ");
		esc(pg->out, col(st, 14));
	}
	buf_adds(pg->out, "</p>\n");
	if (quote[0] != '\0') {
		buf_adds(pg->out, "<blockquote><p>");
		esc(pg->out, quote);
		buf_adds(pg->out, "</p></blockquote>\n");
	}
	paragraphs(pg->out, translated(tr, pg->lang, "story", col(st, 7)));
	/* a translation without its own path, skills or jobs shows the original's */
	path_list(pg, json_array_size(path) > 0 ? path : own_path,
		  json_array_size(path) > 0 ? lang : orig);
	string_list(pg, PW_SKILLS, json_array_size(skills) > 0 ? skills : own_skills,
		    json_array_size(skills) > 0 ? lang : orig);
	string_list(pg, PW_JOBS, json_array_size(jobs) > 0 ? jobs : own_jobs,
		    json_array_size(jobs) > 0 ? lang : orig);
	theme_list(pg, (unsigned)sqlite3_column_int(st, 15));
	buf_adds(pg->out, "</article>\n");
	qa_list(pg, qa);
	partner_part(pg, col(st, 13));
	foot(pg);
	json_decref(tr);
	json_decref(qa);
	json_decref(own_path);
	json_decref(own_skills);
	json_decref(own_jobs);
}

static void page_case(struct page *pg, const char *slug)
{
	sqlite3_stmt *st = prepare(pg, "SELECT " CASE_PAGE_COLUMNS " FROM cases WHERE slug = ?1"
				   " ORDER BY rk LIMIT 1");

	if (st != NULL)
		sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	if (st != NULL && sqlite3_step(st) == SQLITE_ROW)
		case_body(pg, st);
	else
		page_not_found(pg);
	sqlite3_finalize(st);
}

/* The guides of kind ("guide", "strategy") and county ("" the whole country, NULL any) as
 * a list of links with their summaries; how many. (The snapshot keeps each guide's
 * import JSON, and the columns it is ordered by.) */
static int guide_list(struct page *pg, const char *kind, const char *county)
{
	sqlite3_stmt *st = prepare(pg, "SELECT id, title, json_extract(json, '$.summary'),"
				   " json_extract(json, '$.lang'),"
				   " json_extract(json, '$.translations') FROM guides"
				   " WHERE kind = ?1 AND (?2 IS NULL OR county = ?2)"
				   " ORDER BY county, title");
	int n = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	if (county != NULL)
		sqlite3_bind_text(st, 2, county, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t *tr = json_column(st, 4);
		const char *title = translated(tr, pg->lang, "title", col(st, 1));

		buf_adds(pg->out, n++ == 0 ? "<ul class=\"cards\">\n<li" : "<li");
		lang_attr(pg->out, pg, title == col(st, 1) ? col(st, 3) : NULL);
		buf_adds(pg->out, "><h3><a href=\"");
		link_prefixed(pg->out, "/g/", col(st, 0), pg->lang);
		buf_adds(pg->out, "\">");
		esc(pg->out, title);
		buf_adds(pg->out, "</a></h3>\n<p>");
		esc(pg->out, translated(tr, pg->lang, "summary", col(st, 2)));
		buf_adds(pg->out, "</p></li>\n");
		json_decref(tr);
	}
	if (n > 0)
		buf_adds(pg->out, "</ul>\n");
	sqlite3_finalize(st);
	return n;
}

/* Links to the previous and next page of a list of total stories. */
static void pager(struct page *pg, int page, int64_t total)
{
	if (page <= 1 && total <= (int64_t)page * PER_PAGE)
		return;
	buf_adds(pg->out, "<nav aria-label=\"pages\"><ul>\n");
	if (page > 1) {
		buf_adds(pg->out, "<li><a rel=\"prev\" href=\"");
		link_to(pg->out, "", pg->path, pg->lang, page - 1);
		buf_addf(pg->out, "\">%s</a></li>\n", public_word(PW_PREV, pg->lang));
	}
	if (total > (int64_t)page * PER_PAGE) {
		buf_adds(pg->out, "<li><a rel=\"next\" href=\"");
		link_to(pg->out, "", pg->path, pg->lang, page + 1);
		buf_addf(pg->out, "\">%s</a></li>\n", public_word(PW_NEXT, pg->lang));
	}
	buf_adds(pg->out, "</ul></nav>\n");
}

static void page_county(struct page *pg, const char *code, int page)
{
	const struct county *c = county_find(code);
	sqlite3_stmt *st = c != NULL ? prepare(pg, "SELECT count(*) FROM cases WHERE county = ?1")
		: NULL;
	int64_t total = 0;
	const char *name;

	if (st == NULL) {
		page_not_found(pg);
		return;
	}
	sqlite3_bind_text(st, 1, c->code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		total = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (page > 1 && (int64_t)(page - 1) * PER_PAGE >= total) {
		page_not_found(pg);
		return;
	}
	name = county_name(c, public_langs[pg->lang]);
	head(pg, name, public_word(PW_TAGLINE, pg->lang));
	buf_adds(pg->out, "<h1>");
	esc(pg->out, name);
	buf_addf(pg->out, "</h1>\n<p class=\"meta\">%" PRId64 " %s</p>\n", total,
		 public_word(PW_STORY_COUNT, pg->lang));
	buf_addf(pg->out, "<h2>%s</h2>\n", public_word(PW_STRATEGY, pg->lang));
	if (guide_list(pg, "strategy", c->code) == 0)
		buf_adds(pg->out, "<p>–</p>\n");
	buf_addf(pg->out, "<h2>%s</h2>\n", public_word(PW_STORIES_IN, pg->lang));
	st = prepare(pg, "SELECT " CARD_COLUMNS " FROM cases WHERE county = ?1 ORDER BY rk"
		     " LIMIT ?2 OFFSET ?3");
	if (st != NULL) {
		sqlite3_bind_text(st, 1, c->code, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, PER_PAGE);
		sqlite3_bind_int64(st, 3, (int64_t)(page - 1) * PER_PAGE);
	}
	if (cards(pg, st) == 0)
		buf_addf(pg->out, "<p>%s</p>\n", public_word(PW_NONE_YET, pg->lang));
	pager(pg, page, total);
	foot(pg);
}

static void page_guide(struct page *pg, const char *id)
{
	sqlite3_stmt *st = prepare(pg, "SELECT title, json_extract(json, '$.summary'),"
				   " json_extract(json, '$.body'), json_extract(json, '$.lang'),"
				   " json_extract(json, '$.translations'), county"
				   " FROM guides WHERE id = ?1");
	const struct county *c;
	json_t *tr, *mine;
	const char *lang;

	if (st != NULL)
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (st == NULL || sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		page_not_found(pg);
		return;
	}
	tr = json_column(st, 4);
	mine = json_object_get(tr, public_langs[pg->lang]);
	lang = json_is_object(mine) ? public_langs[pg->lang] : col(st, 3);
	head(pg, translated(tr, pg->lang, "title", col(st, 0)),
	     translated(tr, pg->lang, "summary", col(st, 1)));
	buf_adds(pg->out, "<article");
	lang_attr(pg->out, pg, lang);
	buf_adds(pg->out, ">\n<h1>");
	esc(pg->out, translated(tr, pg->lang, "title", col(st, 0)));
	c = county_find(col(st, 5));
	buf_addf(pg->out, "</h1>\n<p class=\"meta\">%s</p>\n", c != NULL ?
		 county_name(c, public_langs[pg->lang]) : public_word(PW_WHOLE_COUNTRY, pg->lang));
	paragraphs(pg->out, translated(tr, pg->lang, "body", col(st, 2)));
	buf_adds(pg->out, "</article>\n");
	foot(pg);
	json_decref(tr);
	sqlite3_finalize(st);
}

static void sitemap_url(struct buf *b, const char *base, const char *prefix, const char *name)
{
	buf_adds(b, "<url><loc>");
	esc(b, base);
	esc(b, prefix);
	esc(b, name);
	buf_adds(b, "</loc></url>\n");
}

/* Every page in Lithuanian (the others are named by each page's hreflang links). */
static void page_sitemap(struct page *pg, const char *base)
{
	sqlite3_stmt *st;
	int i, n = 1;

	buf_adds(pg->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\""
		 "http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	sitemap_url(pg->out, base, "/", "");
	for (i = 0; i < COUNTY_COUNT; i++, n++)
		sitemap_url(pg->out, base, "/r/", counties[i].code);
	st = prepare(pg, "SELECT id FROM guides ORDER BY id");
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW && n++ < SITEMAP_MAX)
		sitemap_url(pg->out, base, "/g/", col(st, 0));
	sqlite3_finalize(st);
	st = prepare(pg, "SELECT slug FROM cases ORDER BY rk");
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW && n++ < SITEMAP_MAX)
		sitemap_url(pg->out, base, "/c/", col(st, 0));
	sqlite3_finalize(st);
	buf_adds(pg->out, "</urlset>\n");
}

/* ---- serving ---- */

static void make_page(struct public_site *p, const struct hub_call *c, struct page *pg,
		      int page, const char **type)
{
	const char *arg = c->arg != NULL ? c->arg : "";

	*type = "text/html; charset=utf-8";
	if (strcmp(c->path, "/") == 0) {
		page_home(pg);
	} else if (strncmp(c->path, "/c/", 3) == 0) {
		page_case(pg, arg);
	} else if (strncmp(c->path, "/r/", 3) == 0) {
		page_county(pg, arg, page);
	} else if (strncmp(c->path, "/g/", 3) == 0) {
		page_guide(pg, arg);
	} else if (strcmp(c->path, "/sitemap.xml") == 0 && p->base[0] != '\0') {
		/* (a sitemap holds whole addresses: only with --public-url) */
		*type = "application/xml; charset=utf-8";
		page_sitemap(pg, p->base);
	} else if (strcmp(c->path, "/robots.txt") == 0) {
		*type = "text/plain; charset=utf-8";
		buf_adds(pg->out, "User-agent: *\nAllow: /\nDisallow: /v1/\n");
		if (p->base[0] != '\0')
			buf_addf(pg->out, "Sitemap: %s/sitemap.xml\n", p->base);
	} else {
		page_not_found(pg);
	}
}

/* The cache slot of key (FNV-1a). */
static struct cached *slot_of(struct public_site *p, const char *key)
{
	uint32_t h = 2166136261u;
	const char *s;

	for (s = key; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return &p->cache[h % CACHE_SLOTS];
}

/* Answer r with the page of key: from the cache, else made now (and kept when it is a
 * 200: a reader cannot fill the cache with pages that do not exist). Under p->lock. */
static void answer_page(struct public_site *p, const struct hub_call *c, const char *key,
			int lang, int page, struct reply *r)
{
	struct cached *k = slot_of(p, key);
	struct buf body = {0};
	struct page pg;
	const char *type;

	if (k->key == NULL || strcmp(k->key, key) != 0) {
		pg = (struct page){.db = p->db, .base = p->base, .lang = lang, .path = c->path,
				   .page = page, .out = &body, .status = 200};
		make_page(p, c, &pg, page, &type);
		if (pg.status != 200) {
			r->status = pg.status;
			r->content_type = type;
			r->body = body;
			return;
		}
		if (p->bytes + body.len > CACHE_BYTES)
			cache_clear(p);
		p->bytes -= k->body.len;
		free(k->key);
		buf_free(&k->body);
		*k = (struct cached){.key = xstrdup(key), .status = 200, .type = type,
				     .body = body};
		p->bytes += body.len;
	}
	r->status = k->status;
	r->content_type = k->type;
	buf_add(&r->body, k->body.s, k->body.len);
}

/* The ETag of the page of key in the snapshot of tag: the two, hashed. */
static void page_etag(char out[48], const char *tag, const char *key)
{
	uint32_t h = 2166136261u;
	const char *s;

	for (s = key; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	snprintf(out, 48, "p%.30s-%08x", tag, h);
}

/* A number 1..100000 from the query's page, else 1. */
static int page_number(const char *s)
{
	long n = 0;

	while (s != NULL && *s >= '0' && *s <= '9' && n <= 100000)
		n = n * 10 + (*s++ - '0');
	return s != NULL && *s == '\0' && n >= 1 && n <= 100000 ? (int)n : 1;
}

static void unavailable(struct reply *r, int lang)
{
	r->status = 503;
	r->retry_after = 5;
	r->content_type = "text/html; charset=utf-8";
	buf_addf(&r->body, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head><meta charset=\"utf-8\">"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		 "<title>%s – vitrina</title></head>\n<body><main><h1>%s</h1><p>%s</p></main>"
		 "</body>\n</html>\n", public_langs[lang], public_word(PW_UNAVAILABLE, lang),
		 public_word(PW_UNAVAILABLE, lang), public_word(PW_UNAVAILABLE_TEXT, lang));
}

void api_public(const struct hub_call *c, struct reply *r)
{
	struct public_site *p = c->public;
	const char *inm = call_header(c, "If-None-Match");
	int lang = public_lang(call_query(c, "lang"));
	int page = page_number(call_query(c, "page"));
	char key[HUB_MAX_ARG + 32], tag[48];

	if (p == NULL) {
		reply_error(r, 404, "not_found", "There is no such endpoint");
		return;
	}
	/* only a county's list has pages; the sitemap and robots.txt have no language */
	if (strncmp(c->path, "/r/", 3) != 0)
		page = 1;
	if (lang < 0 || strchr(c->path + 1, '.') != NULL)
		lang = 0;
	if (snapshots_current(p->sn, c, tag) < 0) {
		unavailable(r, lang);
		return;
	}
	snprintf(key, sizeof key, "%s?%d&%d", c->path, lang, page);
	/* a reader who has this page of this snapshot costs no page at all */
	page_etag(r->etag, tag, key);
	r->cache_control = "public, max-age=300";
	if (inm != NULL && strchr(inm, '*') == NULL && hub_etag_matches(inm, r->etag)) {
		r->status = 304;
		return;
	}
	pthread_mutex_lock(&p->lock);
	if (strcmp(p->tag, tag) != 0 || p->db == NULL) {
		cache_clear(p);
		sqlite3_close(p->db);
		p->db = snapshots_open(p->sn, p->tag);
	}
	if (p->db == NULL) {
		pthread_mutex_unlock(&p->lock);
		r->etag[0] = '\0';
		unavailable(r, lang);
		return;
	}
	answer_page(p, c, key, lang, page, r);
	page_etag(r->etag, p->tag, key);
	pthread_mutex_unlock(&p->lock);
	if (r->status != 200) {
		r->etag[0] = '\0';
	} else if (hub_etag_matches(inm, r->etag)) {
		buf_free(&r->body);
		r->status = 304;
	}
}
