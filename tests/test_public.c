/* The public showcase (`vitrina-hub serve --public`, src/hub/public.c) against a real
 * hub: the pages of a story, a county, a guide, home and the sitemap, escaped, in four
 * languages with hreflang and Open Graph; an ETag that costs no page; GET and HEAD only;
 * never a visitor's request; checks of accessibility (language, headings, link text,
 * contrast, valid HTML by tidy) and a real headless browser (chromium) reading a page. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub_harness.h"
#include "t.h"
#include "util.h"

#define CASE1 "11111111-1111-4111-8111-111111111111"
#define CASE2 "22222222-2222-4222-8222-222222222222"
#define CASE3 "33333333-0000-4333-8333-333333333333"
/* a slug of 150 characters: the longest a QR code on a poster is likely to carry */
#define LONG_SLUG "ilgas-adresas-0123456789-0123456789-0123456789-0123456789-0123456789-" \
	"0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-012345678"
#define GUIDE1 "44444444-4444-4444-8444-444444444444"
#define GUIDE2 "55555555-5555-4555-8555-555555555555"
#define BASE  "https://vitrina.example.lt"

/* CASE1 in Šiauliai with markup in its title, two paragraphs, a translation, a partner;
 * CASE2 in Kaunas district. */
static const char catalogue[] =
	"{\"cases\": ["
	"{\"id\": \"" CASE1 "\", \"slug\": \"aiste-bendruomenes-namai\", \"person\": \"Aistė\","
	" \"municipality\": \"LT-43\", \"area\": \"humanities\", \"themes\": [\"community\"],"
	" \"title\": \"Namai <b>visiems</b> & \\\"kitiems\\\"\", \"summary\": \"Apie namus.\","
	" \"story\": \"Pirma pastraipa.\\n\\nAntra pastraipa.\", \"lang\": \"lt\","
	" \"path\": [{\"year\": 2020, \"step\": \"Savanorystė\"}], \"skills\": [\"telkimas\"],"
	" \"partner_id\": \"33333333-3333-4333-8333-333333333333\", \"featured\": true,"
	" \"translations\": {\"en\": {\"title\": \"A home for everyone\","
	" \"summary\": \"About the home.\", \"story\": \"First paragraph.\\n\\nSecond one.\"}}},"
	"{\"id\": \"" CASE2 "\", \"slug\": \"tomas-zalias-miestas\", \"person\": \"Tomas\","
	" \"municipality\": \"LT-16\", \"area\": \"social_sciences\","
	" \"themes\": [\"environment\"], \"title\": \"Žalias miestas\", \"summary\": \"Medžiai.\","
	" \"story\": \"Sodinome medžius.\", \"lang\": \"lt\"},"
	"{\"id\": \"" CASE3 "\", \"slug\": \"" LONG_SLUG "\", \"person\": \"Rasa\","
	" \"municipality\": \"LT-57\", \"area\": \"humanities\", \"themes\": [\"innovation\"],"
	" \"title\": \"Ilgas adresas\", \"summary\": \"S.\", \"story\": \"S.\", \"lang\": \"lt\"}],"
	" \"partners\": [{\"id\": \"33333333-3333-4333-8333-333333333333\","
	" \"name\": \"Šiaulių jaunimo namai\", \"municipality\": \"LT-43\","
	" \"offers\": [\"volunteering\"], \"description\": \"Atviri namai.\"}],"
	" \"guides\": [{\"id\": \"" GUIDE1 "\", \"kind\": \"guide\", \"county\": null,"
	" \"lang\": \"lt\", \"title\": \"Istorija grupėje\", \"summary\": \"Užsiėmimas.\","
	" \"body\": \"Įvadas.\\n\\n- pirma\\n- antra\\n\\nPabaiga.\","
	" \"translations\": {\"en\": {\"title\": \"A story in a group\","
	" \"summary\": \"A session.\", \"body\": \"Start.\"}}},"
	" {\"id\": \"" GUIDE2 "\", \"kind\": \"strategy\", \"county\": \"LT-SA\","
	" \"lang\": \"lt\", \"title\": \"Šiaulių strategija\", \"summary\": \"Tikslai.\","
	" \"body\": \"Tikslai iki 2030.\"}]}";

struct site {
	struct hubt h;
	char *kiosk, *staff;
};

/* A GET (or method) of path: the response (free with hubt_resp_free). */
static void get(const struct site *s, const char *method, const char *path, const char *hdr,
		struct hubt_resp *r)
{
	hubt_http(&s->h, method, path, NULL, NULL, hdr, r);
}

/* Wait until the pages show the snapshot made after the answer was published (the
 * first one may have been made before it). */
static int wait_ready(const struct site *s)
{
	struct hubt_resp r;
	int i, ok;

	for (i = 0; i < 400; i++) {
		get(s, "GET", "/c/aiste-bendruomenes-namai", NULL, &r);
		ok = r.status == 200 && r.body != NULL && strstr(r.body, "Nuo vieno kiemo.");
		CHECK(r.status == 200 || r.status == 503);
		hubt_resp_free(&r);
		if (ok)
			return 1;
		t_sleep_ms(50);
	}
	t_fail("the public pages never showed the published answer");
	return 0;
}

/* A hub with the catalogue and --public; a visitor's contact request with personal data
 * and a published question and answer. */
static int site_start(struct site *s, int public)
{
	static const char *const extra[] = {"--public", "--public-url", BASE, NULL};
	char *items[2], *qa;
	struct hubt_resp r;
	json_t *j;

	hubt_init(&s->h, "hub");
	s->kiosk = hubt_token(&s->h, "--kiosk", "k1", NULL, NULL);
	s->staff = hubt_token(&s->h, "--staff", "Ona", NULL, NULL);
	t_write_file(t_path(0, "cat.json"), catalogue);
	hubt_import(&s->h, t_path(0, "cat.json"));
	hubt_start(&s->h, public ? extra : NULL);
	items[0] = xasprintf("{\"id\":\"00000000-0000-4000-8000-000000000001\",\"kind\":\"question\","
			     "\"case_id\":\"" CASE1 "\",\"name\":\"Zebediejus\",\"age_group\":"
			     "\"14-17\",\"message\":\"Kaip pradėjai?\",\"contact\":\"zeb@example.lt\","
			     "\"lang\":\"lt\",\"consent_version\":\"2026-1\",\"created_at\":"
			     "\"2026-11-30T10:00:00Z\",\"kiosk_id\":\"k1\",\"publish_consent\":true}");
	items[1] = hubt_contact("00000000-0000-4000-8000-000000000002", "k1", CASE1);
	j = hubt_push(&s->h, s->kiosk, items, 2);
	CHECK_INT(json_array_size(json_object_get(j, "accepted")), 2);
	json_decref(j);
	free(items[0]);
	free(items[1]);
	qa = xasprintf("{\"request_id\":\"00000000-0000-4000-8000-000000000001\","
		       "\"question\":\"Kaip pradėjai?\",\"answer\":\"Nuo vieno kiemo.\","
		       "\"answered_by\":\"Aistė\",\"lang\":\"lt\"}");
	hubt_http(&s->h, "POST", "/v1/cases/" CASE1 "/qa", s->staff, qa, NULL, &r);
	CHECK_INT(r.status, 201);
	hubt_resp_free(&r);
	free(qa);
	return public ? wait_ready(s) : 1;
}

static void site_stop(struct site *s)
{
	CHECK_INT(hubt_stop(&s->h, SIGTERM), 0);
	free(s->kiosk);
	free(s->staff);
}

/* The body of a 200 GET of path (a new string; "" on another status, a failed check). */
static char *page(const struct site *s, const char *path)
{
	struct hubt_resp r;
	char *body;

	get(s, "GET", path, NULL, &r);
	if (!CHECK_INT(r.status, 200))
		printf("  GET %s\n", path);
	body = xstrdup(r.status == 200 && r.body != NULL ? r.body : "");
	hubt_resp_free(&r);
	return body;
}

static int has(const char *body, const char *text)
{
	if (strstr(body, text) != NULL)
		return 1;
	printf("  missing: %s\n", text);
	return 0;
}

TEST(public_case_page_escaped_with_story_qa_partner_and_languages)
{
	struct site s;
	char *lt, *en;

	if (!site_start(&s, 1))
		return;
	lt = page(&s, "/c/aiste-bendruomenes-namai");
	CHECK(has(lt, "<html lang=\"lt\">"));
	CHECK(has(lt, "<h1>Namai &lt;b&gt;visiems&lt;/b&gt; &amp; &quot;kitiems&quot;</h1>"));
	CHECK(strstr(lt, "<b>visiems") == NULL);
	CHECK(has(lt, "<p>Pirma pastraipa.</p>\n<p>Antra pastraipa.</p>"));
	CHECK(has(lt, "Savanorystė") && has(lt, "telkimas"));
	CHECK(has(lt, "Nuo vieno kiemo.") && has(lt, "Kaip pradėjai?"));
	CHECK(has(lt, "Šiaulių jaunimo namai") && has(lt, "Savanorystė"));
	CHECK(has(lt, "<link rel=\"alternate\" hreflang=\"en\" href=\"" BASE
		  "/c/aiste-bendruomenes-namai?lang=en\">"));
	CHECK(has(lt, "<meta property=\"og:url\" content=\"" BASE "/c/aiste-bendruomenes-namai\">"));
	CHECK(has(lt, "<meta property=\"og:description\" content=\"Apie namus.\">"));
	en = page(&s, "/c/aiste-bendruomenes-namai?lang=en");
	CHECK(has(en, "<html lang=\"en\">") && has(en, "<h1>A home for everyone</h1>"));
	CHECK(has(en, "<p>First paragraph.</p>"));
	/* the untranslated path keeps its language mark */
	CHECK(has(en, "<ul lang=\"lt\">\n<li><strong>2020</strong> Savanorystė"));
	CHECK(has(en, "<meta property=\"og:locale\" content=\"en_GB\">"));
	free(lt);
	free(en);
	site_stop(&s);
}

/* Every page of the site, for the checks that hold for all. */
static const char *const pages[] = {
	"/", "/?lang=ru", "/c/aiste-bendruomenes-namai", "/c/tomas-zalias-miestas?lang=pl",
	"/r/LT-SA", "/r/LT-KU?lang=en", "/g/" GUIDE1, "/g/" GUIDE1 "?lang=ru",
};

TEST(public_pages_hold_no_request_data_script_or_cookie)
{
	struct site s;
	size_t i;

	if (!site_start(&s, 1))
		return;
	for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		struct hubt_resp r;

		get(&s, "GET", pages[i], NULL, &r);
		CHECK_INT(r.status, 200);
		if (!CHECK(r.body != NULL && strstr(r.body, "Zebediejus") == NULL &&
			   strstr(r.body, "zeb@example.lt") == NULL &&
			   strstr(r.body, "00000000-0000-4000-8000-00000000000") == NULL &&
			   strstr(r.body, "<script") == NULL))
			printf("  %s\n", pages[i]);
		CHECK(strstr(r.headers, "Set-Cookie") == NULL &&
		      strstr(r.headers, "set-cookie") == NULL);
		CHECK(strstr(r.headers, "Content-Security-Policy: default-src 'none'") != NULL);
		hubt_resp_free(&r);
	}
	site_stop(&s);
}

TEST(public_county_home_sitemap_and_not_found)
{
	struct site s;
	struct hubt_resp r;
	char *body;

	if (!site_start(&s, 1))
		return;
	body = page(&s, "/r/LT-SA");
	CHECK(has(body, "<h1>Šiaulių apskritis</h1>") && has(body, "/c/aiste-bendruomenes-namai"));
	CHECK(strstr(body, "tomas-zalias-miestas") == NULL);
	free(body);
	body = page(&s, "/");
	CHECK(has(body, "/c/aiste-bendruomenes-namai") && has(body, "/r/LT-KU"));
	free(body);
	body = page(&s, "/sitemap.xml");
	CHECK(has(body, "<loc>" BASE "/c/tomas-zalias-miestas</loc>"));
	CHECK(has(body, "<loc>" BASE "/r/LT-VL</loc>"));
	free(body);
	body = page(&s, "/robots.txt");
	CHECK(has(body, "Sitemap: " BASE "/sitemap.xml"));
	free(body);
	get(&s, "GET", "/c/no-such-story", NULL, &r);
	CHECK_INT(r.status, 404);
	CHECK(r.body != NULL && strstr(r.body, "<h1>Puslapis nerastas</h1>") != NULL);
	hubt_resp_free(&r);
	get(&s, "GET", "/r/LT-XX", NULL, &r);
	CHECK_INT(r.status, 404);
	hubt_resp_free(&r);
	get(&s, "GET", "/r/LT-SA?page=2", NULL, &r);          /* past its one page */
	CHECK_INT(r.status, 404);
	hubt_resp_free(&r);
	body = page(&s, "/c/" LONG_SLUG);
	CHECK(has(body, "<h1>Ilgas adresas</h1>"));
	free(body);
	site_stop(&s);
}

TEST(public_guides_on_home_county_and_their_own_page)
{
	struct site s;
	struct hubt_resp r;
	char *body;

	if (!site_start(&s, 1))
		return;
	body = page(&s, "/");
	CHECK(has(body, "/g/" GUIDE1 "\">Istorija grupėje</a>"));
	free(body);
	body = page(&s, "/r/LT-SA");
	CHECK(has(body, "/g/" GUIDE2 "\">Šiaulių strategija</a>"));
	free(body);
	body = page(&s, "/g/" GUIDE1);
	CHECK(has(body, "<h1>Istorija grupėje</h1>") && has(body, "<p class=\"meta\">Visa Lietuva"));
	CHECK(has(body, "<p>Įvadas.</p>\n<ul>\n<li>pirma</li>\n<li>antra</li>\n</ul>\n"
		  "<p>Pabaiga.</p>"));
	free(body);
	body = page(&s, "/g/" GUIDE1 "?lang=en");
	CHECK(has(body, "<h1>A story in a group</h1>") && has(body, "<p>Start.</p>"));
	free(body);
	get(&s, "GET", "/g/66666666-6666-4666-8666-666666666666", NULL, &r);
	CHECK_INT(r.status, 404);
	hubt_resp_free(&r);
	site_stop(&s);
}

TEST(public_get_and_head_only_and_etag_costs_no_page)
{
	static const char *const methods[] = {"POST", "PUT", "DELETE", "PATCH"};
	struct site s;
	struct hubt_resp r;
	char *etag, *hdr;
	size_t i;

	if (!site_start(&s, 1))
		return;
	for (i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		get(&s, methods[i], "/c/aiste-bendruomenes-namai", NULL, &r);
		CHECK_INT(r.status, 405);
		hubt_resp_free(&r);
	}
	get(&s, "HEAD", "/", NULL, &r);
	CHECK_INT(r.status, 200);
	CHECK(r.body == NULL || r.body[0] == '\0');
	hubt_resp_free(&r);
	get(&s, "GET", "/c/aiste-bendruomenes-namai", NULL, &r);
	etag = hubt_header(&r, "ETag");
	hubt_resp_free(&r);
	if (!CHECK(etag != NULL && etag[0] == '"'))
		goto done;
	hdr = xasprintf("If-None-Match: %s", etag);
	get(&s, "GET", "/c/aiste-bendruomenes-namai", hdr, &r);
	CHECK_INT(r.status, 304);
	CHECK(r.body == NULL || r.body[0] == '\0');
	hubt_resp_free(&r);
	/* ?page= means nothing but on a county's list: the same page, the same tag */
	get(&s, "GET", "/c/aiste-bendruomenes-namai?page=7", hdr, &r);
	CHECK_INT(r.status, 304);
	hubt_resp_free(&r);
	/* a tag names one page: not a page that does not exist, nor does * */
	get(&s, "GET", "/c/no-such-story", hdr, &r);
	CHECK_INT(r.status, 404);
	hubt_resp_free(&r);
	get(&s, "GET", "/c/no-such-story", "If-None-Match: *", &r);
	CHECK_INT(r.status, 404);
	hubt_resp_free(&r);
	/* another language is another page */
	get(&s, "GET", "/c/aiste-bendruomenes-namai?lang=en", hdr, &r);
	CHECK_INT(r.status, 200);
	hubt_resp_free(&r);
	free(hdr);
done:
	free(etag);
	site_stop(&s);
}

TEST(public_pages_follow_the_catalogue)
{
	struct site s;
	struct hubt_resp r;
	long status = 0;
	int i;

	if (!site_start(&s, 1))
		return;
	free(page(&s, "/c/tomas-zalias-miestas"));
	hubt_delete_case(&s.h, CASE2);
	/* the next snapshot (built within seconds) no longer has it */
	for (i = 0; i < 300; i++) {
		get(&s, "GET", "/c/tomas-zalias-miestas", NULL, &r);
		status = r.status;
		hubt_resp_free(&r);
		if (status == 404)
			break;
		t_sleep_ms(50);
	}
	CHECK_INT(status, 404);
	site_stop(&s);
}

TEST(public_pages_not_served_without_the_flag)
{
	struct site s;
	struct hubt_resp r;

	if (!site_start(&s, 0))
		return;
	get(&s, "GET", "/", NULL, &r);
	CHECK_INT(r.status, 404);
	CHECK(r.body != NULL && strstr(r.body, "not_found") != NULL);
	hubt_resp_free(&r);
	site_stop(&s);
}

/* ---- accessibility ---- */

static double channel(int c)
{
	double v = c / 255.0;

	return v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

/* WCAG 2.1 contrast of "#rrggbb" on white. */
static double contrast_on_white(const char *hex)
{
	unsigned r, g, b;
	double l;

	if (sscanf(hex, "#%2x%2x%2x", &r, &g, &b) != 3)
		return 0;
	l = 0.2126 * channel((int)r) + 0.7152 * channel((int)g) + 0.0722 * channel((int)b);
	return 1.05 / (l + 0.05);
}

/* Every colour the page's style uses for text or lines has at least AA contrast on its
 * white background (4.5:1 for text; lines and focus rings 3:1). */
static void check_colours(const char *body)
{
	const char *p = strstr(body, "<style>"), *end = p != NULL ? strstr(p, "</style>") : NULL;

	CHECK(p != NULL && end != NULL && strstr(p, "background:#fff") != NULL);
	for (; p != NULL && (p = strchr(p, '#')) != NULL && p < end; p++) {
		char hex[8];

		snprintf(hex, sizeof hex, "%.7s", p);
		if (strncmp(hex, "#fff", 4) == 0)
			continue;
		if (!CHECK(contrast_on_white(hex) >= 4.5))
			printf("  %s: %.2f:1 on white\n", hex, contrast_on_white(hex));
	}
}

/* One <h1>, no heading level skipped, every link with text. */
static void check_structure(const char *body, const char *path)
{
	const char *p;
	int last = 0, h1 = 0;

	for (p = body; (p = strstr(p, "<h")) != NULL; p++) {
		int level = p[2] - '0';

		if (level < 1 || level > 6 || (p[3] != '>' && p[3] != ' '))
			continue;
		h1 += level == 1;
		if (!CHECK(level <= last + 1))
			printf("  %s: h%d after h%d\n", path, level, last);
		last = level;
	}
	CHECK_INT(h1, 1);
	for (p = body; (p = strstr(p, "<a ")) != NULL; p++) {
		const char *gt = strchr(p, '>');

		if (!CHECK(gt != NULL && strncmp(gt, "></a>", 5) != 0))
			printf("  %s: a link without text\n", path);
	}
	CHECK(strstr(body, "<meta name=\"viewport\"") != NULL);
	CHECK(strstr(body, "<a class=\"skip\" href=\"#main\">") != NULL);
	CHECK(strstr(body, "<main id=\"main\">") != NULL);
}

/* HTML tidy finds no errors (warnings are allowed): 1, or 0 if tidy is missing. */
static int tidy_clean(const char *body, const char *path)
{
	char *argv[] = {(char *)t_tool("tidy"), (char *)"-q", (char *)"-e", NULL, NULL};
	char *out = NULL, *err = NULL;
	int rc;

	if (argv[0] == NULL)
		return 0;
	t_write_file(t_path(4, "page.html"), body);
	argv[3] = (char *)t_path(4, "page.html");
	rc = t_run(argv, &out, &err);
	/* tidy's status: 0 clean, 1 warnings, 2 errors */
	if (!CHECK(rc == 0 || rc == 1))
		printf("  tidy on %s:\n%s\n", path, err);
	free(out);
	free(err);
	return 1;
}

TEST(public_pages_accessible)
{
	struct site s;
	size_t i;
	int tidied = 0;

	if (!site_start(&s, 1))
		return;
	for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		char *body = page(&s, pages[i]);

		check_structure(body, pages[i]);
		check_colours(body);
		tidied += tidy_clean(body, pages[i]);
		free(body);
	}
	site_stop(&s);
	if (tidied == 0)
		t_skip("no tidy (Debian's tidy) to validate the HTML; the other checks passed");
}

/* ---- a real browser ---- */

/* chromium --headless on url with more arguments (NULL-terminated): its exit status,
 * stdout in *out. */
static int chromium(const char *url, const char *const *more, char **out)
{
	char *argv[24];
	int n = 0, k;

	argv[n++] = (char *)t_tool("chromium");
	argv[n++] = (char *)"--headless";
	argv[n++] = (char *)"--no-sandbox";
	argv[n++] = (char *)"--disable-gpu";
	argv[n++] = (char *)"--no-first-run";
	argv[n++] = (char *)"--disable-background-networking";
	argv[n++] = (char *)"--disable-component-update";
	argv[n++] = (char *)"--disable-sync";
	argv[n++] = (char *)"--disable-default-apps";
	argv[n++] = (char *)"--disable-dev-shm-usage";
	argv[n++] = xasprintf("--user-data-dir=%s", t_path(6, "chromium"));
	for (k = 0; more[k] != NULL; k++)
		argv[n++] = (char *)more[k];
	argv[n++] = (char *)url;
	argv[n] = NULL;
	k = t_run(argv, out, NULL);
	free(argv[10]);
	return k;
}

TEST(public_page_in_a_real_browser_on_a_phone)
{
	static const char *const dump[] = {"--dump-dom", NULL};
	const char *shot[] = {"--window-size=390,844", "--hide-scrollbars", NULL, NULL};
	const char *png = getenv("VITRINA_PUBLIC_SCREENSHOT");
	char *url, *dom = NULL, *arg;
	struct site s;

	if (t_tool("chromium") == NULL)
		t_skip("no chromium (Debian's chromium) to read the page with a browser");
	if (!site_start(&s, 1))
		return;
	url = xasprintf("%s/c/aiste-bendruomenes-namai?lang=en", s.h.url);
	CHECK_INT(chromium(url, dump, &dom), 0);
	CHECK(dom != NULL && has(dom, "<h1>A home for everyone</h1>"));
	CHECK(dom != NULL && has(dom, "First paragraph."));
	arg = xasprintf("--screenshot=%s", png != NULL ? png : t_path(7, "phone.png"));
	shot[2] = arg;
	CHECK_INT(chromium(url, shot, NULL), 0);
	{
		char *data = t_read_file(png != NULL ? png : t_path(7, "phone.png"));

		CHECK(strncmp(data, "\x89PNG", 4) == 0);
		free(data);
	}
	free(arg);
	free(dom);
	free(url);
	site_stop(&s);
}
