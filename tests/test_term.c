/* Terminals and languages: the real kiosk binary in a pty (tests/vt.c) under each kind
 * of terminal a kiosk may have (UTF-8 xterm and tmux, the Linux console, a monochrome
 * vt100, an ISO-8859-13 locale, C/POSIX), checking the screen and the raw bytes the
 * terminal received; and the language switch (home, F2 anywhere, idle reset). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "catalogue.h"
#include "charset.h"
#include "db.h"
#include "i18n.h"
#include "import.h"
#include "kiosk_util.h"
#include "t.h"
#include "text.h"
#include "util.h"
#include "vt.h"

#define WAIT 5000
#define LT_CASE "22222222-0000-4000-8000-000000000001"
#define RU_CASE "22222222-0000-4000-8000-000000000002"
#define PL_CASE "22222222-0000-4000-8000-000000000003"

/* Keys of the Linux console (terminfo "linux") where they differ from xterm's. */
#define LINUX_UP "\033[A"
#define LINUX_DOWN "\033[B"
#define LINUX_F2 "\033[[B"
#define LINUX_F5 "\033[[E"

/* The search results show a case's title in the visitor's language (English in most
 * tests here) where the case has a translation. */
#define LIST_TITLE "Beekeeping club"

/* A Lithuanian case with an English translation, a Russian one and a Polish one without
 * translations (only the Russian one featured). */
static const char catalogue[] =
	"{\"cases\": ["
	"{\"id\": \"" LT_CASE "\", \"person\": \"Rūta Žemaitė\", \"age\": 23,"
	" \"municipality\": \"LT-43\", \"area\": \"regional_development\","
	" \"themes\": [\"environment\"], \"title\": \"Bitininkystės būrelis mokykloje\","
	" \"summary\": \"Rūta moko vaikus prižiūrėti bites.\","
	" \"story\": \"Rūta moko vaikus prižiūrėti bites. Čia ąžuolai ir šešėlis.\\n\\n"
	"LT ISTORIJOS PABAIGA\", \"quote\": \"Bitės – kantrios mokytojos.\","
	" \"path\": [{\"year\": 2019, \"step\": \"Žemės ūkio mokykla\"}],"
	" \"skills\": [\"kantrybė\"], \"organisation\": \"Bičių draugija\","
	" \"partner_id\": \"\", \"contact_allowed\": true, \"featured\": false,"
	" \"lang\": \"lt\", \"translations\": {\"en\": {\"title\": \"Beekeeping club at the"
	" school\", \"summary\": \"Rūta teaches children to keep bees.\", \"story\":"
	" \"Rūta teaches children to keep bees.\\n\\nEN STORY END\", \"quote\": \"Bees are"
	" patient teachers.\"}}, \"updated_at\": \"2026-11-01T10:00:00Z\"},"
	"{\"id\": \"" RU_CASE "\", \"person\": \"Мария Жукова\", \"age\": 25,"
	" \"municipality\": \"LT-57\", \"area\": \"humanities\", \"themes\": [\"community\"],"
	" \"title\": \"Театр в старой школе\", \"summary\": \"Мария открыла театр.\","
	" \"story\": \"Мария открыла театр для подростков.\\n\\nКОНЕЦ ИСТОРИИ\","
	" \"quote\": \"Сцена учит смелости.\", \"path\": [], \"skills\": [],"
	" \"organisation\": \"\", \"partner_id\": \"\", \"contact_allowed\": false,"
	" \"featured\": true, \"lang\": \"ru\", \"updated_at\": \"2026-11-01T10:00:00Z\"},"
	"{\"id\": \"" PL_CASE "\", \"person\": \"Łucja Żółtek\", \"age\": 22,"
	" \"municipality\": \"LT-21\", \"area\": \"social_sciences\","
	" \"themes\": [\"community\"], \"title\": \"Żywa biblioteka nad morzem\","
	" \"summary\": \"Łucja prowadzi bibliotekę.\", \"story\": \"Łucja prowadzi żywą"
	" bibliotekę.\\n\\nKONIEC HISTORII\", \"quote\": \"Książki słuchają.\","
	" \"path\": [], \"skills\": [], \"organisation\": \"\", \"partner_id\": \"\","
	" \"contact_allowed\": false, \"featured\": false, \"lang\": \"pl\","
	" \"updated_at\": \"2026-11-01T10:00:00Z\"}"
	"], \"partners\": []}\n";

static void make_db(void)
{
	sqlite3_close(kiosk_make_db(catalogue));
}

static void start(const char *config)
{
	char *conf = xasprintf("kiosk_id = term-test-1\n%s",
			       config != NULL ? config
					      : "default_language = en\nlanguages = en lt ru pl\n");

	kiosk_start(conf, 24, 80);
	free(conf);
}

/* Waits that report a failure at the caller's line (see kiosk_util.h). */
#define expect(text) kiosk_expect((text), 30)
#define to_home() kiosk_to_home(30)
#define tmux_wait(text) tmux_wait_at(__FILE__, __LINE__, (text))

static void type(const char *keys)
{
	vt_send(keys);
	vt_wait_quiet(30, WAIT);
}

/* A UI string in language lang as the catalogs built next to the kiosk say it. */
static char *msg(const char *lang, const char *msgid)
{
	char *s;

	i18n_init(t_bin("locale"));
	if (i18n_set_language(lang) < 0)
		t_fail("no catalog for %s in %s", lang, t_bin("locale"));
	s = xstrdup(_(msgid));
	i18n_set_language("en");
	return s;
}

/* UTF-8 text as a terminal in codeset cs shows it (letters it lacks transliterated). */
static char *shown_in(const char *utf8, const char *cs)
{
	char *conv = charset_from_utf8(utf8, cs), *err = NULL;
	char *back = charset_to_utf8(conv, strlen(conv), cs, NULL, &err);

	if (back == NULL)
		t_fail("%s", err);
	free(conv);
	return back;
}

/* Text typed on a terminal in codeset cs: the bytes it sends. */
static char *typed_in(const char *utf8, const char *cs)
{
	return charset_from_utf8(utf8, cs);
}

static int log_has(const char *needle)
{
	size_t len;
	const char *log = vt_log(&len);

	return memmem(log, len, needle, strlen(needle)) != NULL;
}

/* Print the log around each place needle occurs (for a failing check). */
static void dump_log_near(const char *needle)
{
	size_t len, at = 0, i;
	const char *log = vt_log(&len);
	const char *hit;

	while (at < len && (hit = memmem(log + at, len - at, needle, strlen(needle))) != NULL) {
		size_t from = (size_t)(hit - log) > 40 ? (size_t)(hit - log) - 40 : 0;

		fprintf(stderr, "  log:");
		for (i = from; i < from + 100 && i < len; i++) {
			unsigned char c = (unsigned char)log[i];

			if (c >= 0x20 && c < 0x7f)
				fputc(c, stderr);
			else
				fprintf(stderr, "\\x%02x", c);
		}
		fputc('\n', stderr);
		at = (size_t)(hit - log) + 1;
	}
}

/* Build lt_LT.ISO-8859-13 in the test's folder and point the kiosk at it. */
static void use_iso_locale(void)
{
	static const char *const dirs[] = {"/usr/bin", "/usr/sbin", "/bin", "/sbin"};
	char *def = NULL, *out = NULL, *errout = NULL, *loc, *ctype;
	struct stat sb;
	size_t i;

	for (i = 0; i < sizeof dirs / sizeof dirs[0] && def == NULL; i++) {
		char *p = xasprintf("%s/localedef", dirs[i]);

		if (access(p, X_OK) == 0)
			def = p;
		else
			free(p);
	}
	if (def == NULL)
		t_skip("localedef is missing (package locales): cannot build lt_LT.ISO-8859-13");
	if (mkdir(t_path(3, "locales"), 0755) < 0)
		t_fail("mkdir locales");
	loc = xasprintf("%s/lt_LT.ISO-8859-13", t_path(3, "locales"));
	{
		char *argv[] = {def, (char *)"-i", (char *)"lt_LT", (char *)"-f",
				(char *)"ISO-8859-13", loc, NULL};

		t_run(argv, &out, &errout);
	}
	ctype = xasprintf("%s/LC_CTYPE", loc);
	if (stat(ctype, &sb) != 0)
		t_fail("localedef did not build %s: %s", loc, errout != NULL ? errout : "");
	vt_env("LOCPATH", t_path(3, "locales"));
	vt_env("LANG", "lt_LT.ISO-8859-13");
	vt_env("LC_ALL", "lt_LT.ISO-8859-13");
	vt_codeset("ISO-8859-13");
	free(ctype);
	free(loc);
	free(def);
	free(out);
	free(errout);
}

/* Open a case from home: type what finds it (in the terminal's bytes), Enter. */
static int open_case(const char *search, const char *shows)
{
	vt_send(VT_ESC);
	vt_send(VT_ESC);
	vt_send(VT_ESC);
	if (!to_home())
		return 0;
	vt_send(search);
	vt_wait_quiet(100, WAIT);
	vt_send(VT_ENTER);
	return expect(shows);
}

/* From home, find the Lithuanian beekeeping case and open it in English: 1 if its story
 * shows. */
static int open_bee_case(void)
{
	vt_send("biti");
	if (!expect(LIST_TITLE))
		return 0;
	vt_send(VT_ENTER);
	return expect("EN STORY END");
}

/* ---- ISO-8859-13 ---- */

/* The Linux console set to ISO-8859-13, as DESIGN §6 has it. */
TEST(term_iso8859_13_case_screen)
{
	char *ru_back, *ru_title, *title_ru, *note_ru, *lt_note, *want;
	size_t len, i;
	const char *log;
	int c1 = 0;

	make_db();
	use_iso_locale();
	vt_env("TERM", "linux");
	start(NULL);
	if (!to_home())
		return;
	/* A search typed with a Lithuanian letter in the terminal's byte for it (š). */
	vt_send("\xf0iauli");
	if (!expect("Search: šiauli") || !expect(LIST_TITLE))
		return;
	vt_send(VT_ESC);
	if (!expect("What would you like to explore?"))
		return;
	/* The English translation of the Lithuanian case: its name and place native. */
	if (!open_bee_case())
		return;
	CHECK(vt_contains("Rūta Žemaitė"));
	CHECK(vt_contains("Šiauliai"));
	CHECK(!vt_contains("Original in"));
	/* Lithuanian: the original, letters native. */
	vt_send(LINUX_F2);
	if (!expect("LT ISTORIJOS PABAIGA"))
		return;
	CHECK(vt_contains("Bitininkystės būrelis mokykloje"));
	CHECK(vt_contains("ąžuolai ir šešėlis"));
	/* Russian: no translation, so the English one with its note, and the UI in Russian
	 * transliterated (the terminal has no Cyrillic). */
	vt_send(LINUX_F2);
	ru_back = msg("ru", "Back");
	want = shown_in(ru_back, "ISO-8859-13");
	if (!expect(want))
		return;
	lt_note = msg("ru", "Original in English");
	note_ru = shown_in(lt_note, "ISO-8859-13");
	CHECK(vt_contains(note_ru));
	CHECK(vt_contains("Rūta Žemaitė"));
	free(want);
	/* The Russian case: its Cyrillic transliterated, marked as the original. */
	vt_send(LINUX_F2);         /* pl */
	vt_send(LINUX_F2);         /* en */
	if (!expect("EN STORY END"))
		return;
	want = shown_in("КОНЕЦ ИСТОРИИ", "ISO-8859-13");
	if (!open_case("vilni", want))
		return;
	free(want);
	title_ru = shown_in("Мария Жукова", "ISO-8859-13");
	ru_title = shown_in("Театр в старой школе", "ISO-8859-13");
	CHECK(vt_contains(ru_title));
	CHECK(vt_contains("Teatr v"));
	CHECK(vt_contains(title_ru));
	CHECK(vt_contains("Original in Russian"));
	/* The Polish case: Polish letters are in ISO-8859-13 too. */
	if (!open_case("biblio", "KONIEC HISTORII"))
		return;
	CHECK(vt_contains("Żywa biblioteka nad morzem"));
	CHECK(vt_contains("Łucja Żółtek"));
	CHECK(vt_contains("Original in Polish"));

	/* The bytes: letters as their ISO-8859-13 codes, no UTF-8, no C1 controls. */
	CHECK(log_has("\xd0iauliai"));          /* Šiauliai */
	CHECK(log_has("R\xfbta \xde" "emait\xeb"));    /* Rūta Žemaitė */
	CHECK(log_has("\xddywa biblioteka"));   /* Żywa */
	if (!CHECK(log_has("\xd9ucja \xdd\xf3\xf9tek")))    /* Łucja Żółtek */
		dump_log_near("ucja");
	CHECK(!log_has("\xc5\xa0"));            /* Š in UTF-8 */
	CHECK(!log_has("\xc5\xab"));            /* ū in UTF-8 */
	CHECK(!log_has("\xe2\x80"));            /* UTF-8 punctuation */
	CHECK(!log_has("\xd0\xa2"));            /* Т in UTF-8 */
	log = vt_log(&len);
	for (i = 0; i < len; i++)
		c1 += (unsigned char)log[i] >= 0x80 && (unsigned char)log[i] < 0xa0;
	CHECK_INT(c1, 0);
	/* Lines through the console's own line-drawing set (SO/SI), not UTF-8. */
	CHECK(log_has("\x0e"));
	CHECK(!log_has("\xe2\x94"));
	free(ru_back);
	free(lt_note);
	free(note_ru);
	free(title_ru);
	free(ru_title);
	vt_close();
}

/* Type a contact request on the Lithuanian case in the terminal's own bytes and send
 * it: what is stored must be the UTF-8 of what was typed. */
static void contact_typed(const char *cs, const char *name, const char *message)
{
	char *body, *keys;
	json_t *j;

	if (!to_home())
		return;
	if (!open_bee_case())
		return;
	vt_send(VT_F5);
	if (!expect("Contact R"))
		return;
	keys = typed_in(name, cs);
	type(keys);
	free(keys);
	if (cs != NULL && strcmp(cs, "ISO-8859-13") == 0)
		CHECK(vt_contains(name));
	type(VT_TAB);
	type(VT_RIGHT VT_RIGHT);        /* 18-24 */
	type(VT_TAB);
	type("8 612 34567");
	type(VT_TAB);
	keys = typed_in(message, cs);
	type(keys);
	free(keys);
	if (!kiosk_send_form("Your reference code:"))
		return;
	kiosk_outbox_rows(&body);
	j = body != NULL ? json_loads(body, 0, NULL) : NULL;
	if (CHECK(j != NULL)) {
		CHECK_STR(kiosk_jstr(j, "name"), name);
		CHECK_STR(kiosk_jstr(j, "message"), message);
		CHECK_STR(kiosk_jstr(j, "contact"), "+37061234567");
	}
	json_decref(j);
	free(body);
}

TEST(term_iso8859_13_typing_stores_utf8)
{
	make_db();
	use_iso_locale();
	start(NULL);
	contact_typed("ISO-8859-13", "Ąžuolė",
		      "Labas! ąčęėįšųūž ĄČĘĖĮŠŲŪŽ, Łódź „kabutės“");
	vt_close();
}

/* ---- C / POSIX ---- */

TEST(term_c_locale_case_screen_ascii)
{
	size_t len, i, high = 0;
	const char *log;
	char *want;

	make_db();
	vt_env("LANG", "C");
	vt_env("LC_ALL", "C");
	start(NULL);
	if (!to_home())
		return;
	if (!open_bee_case())
		return;
	CHECK(vt_contains("Ruta Zemaite"));
	CHECK(vt_contains("Siauliai"));
	vt_send(VT_F2);
	if (!expect("LT ISTORIJOS PABAIGA"))
		return;
	CHECK(vt_contains("Bitininkystes burelis mokykloje"));
	CHECK(vt_contains("azuolai ir seselis"));
	vt_send(VT_F2 VT_F2 VT_F2);     /* ru, pl, en */
	want = text_to_ascii("КОНЕЦ ИСТОРИИ");
	if (!open_case("vilni", want))
		return;
	free(want);
	want = text_to_ascii("Театр в старой школе");
	CHECK(vt_contains(want));
	free(want);
	if (!open_case("biblio", "KONIEC HISTORII"))
		return;
	CHECK(vt_contains("Zywa biblioteka nad morzem"));
	CHECK(vt_contains("Lucja Zoltek"));
	log = vt_log(&len);
	for (i = 0; i < len; i++)
		high += (unsigned char)log[i] >= 0x80;
	CHECK_INT(high, 0);
	vt_close();
}

/* DESIGN §9: under a C locale get_wch swallows all input after a non-ASCII byte. Here
 * 8-bit and UTF-8 bytes are typed and the kiosk keeps answering. */
TEST(term_c_locale_non_ascii_keys_do_not_freeze)
{
	make_db();
	vt_env("LANG", "C");
	vt_env("LC_ALL", "C");
	start(NULL);
	if (!to_home())
		return;
	vt_send("\xe0\xff\x80");        /* ISO-8859-13 ą and bytes that mean nothing */
	vt_send("\xc5\xa1");            /* UTF-8 š: it starts a search */
	vt_wait_quiet(100, WAIT);
	vt_send(VT_ESC VT_ESC);         /* back home, back to the start */
	if (!to_home())
		return;
	vt_send("biti");
	if (!expect(LIST_TITLE))
		return;
	vt_send(VT_ENTER);
	expect("EN STORY END");
	vt_close();
}

/* A UTF-8 terminal whose locale is not installed: UTF-8 still typed and stored. */
TEST(term_c_locale_utf8_typing_stored)
{
	make_db();
	vt_env("LANG", "C");
	vt_env("LC_ALL", "C");
	start(NULL);
	contact_typed(NULL, "Ąžuolė", "Labas, ąčęėįšųūž");
	vt_close();
}

/* LANG names a UTF-8 locale that is not installed (only C.UTF-8 is): UTF-8 anyway. */
TEST(term_missing_utf8_locale_still_utf8)
{
	make_db();
	vt_env("LANG", "lt_LT.UTF-8");
	vt_env("LC_ALL", NULL);
	start(NULL);
	if (!to_home())
		return;
	vt_send("biti");
	if (!expect(LIST_TITLE))
		return;
	vt_send(VT_ENTER);
	if (!expect("Šiauliai"))
		return;
	CHECK(log_has("\xc5\xa0iauliai"));
	vt_close();
}

/* ---- vt100, the Linux console, tmux ---- */

TEST(term_vt100_case_screen_monochrome)
{
	make_db();
	vt_env("TERM", "vt100");
	start(NULL);
	if (!to_home())
		return;
	if (!open_bee_case())
		return;
	CHECK(vt_contains("Rūta Žemaitė"));
	vt_send(VT_F2);
	expect("LT ISTORIJOS PABAIGA");
	vt_send(VT_F2 VT_F2 VT_F2);     /* ru, pl, en */
	if (!open_case("vilni", "КОНЕЦ ИСТОРИИ"))
		return;
	CHECK(vt_contains("Театр в старой школе"));
	CHECK(!vt_log_colour(0, NULL));
	vt_close();
}

/* No text on the screen in the colour of its own background. */
static int invisible_cells(void)
{
	int r, c, bad = 0;

	for (r = 0; r < 24; r++) {
		for (c = 0; c < 80; c++) {
			unsigned ch, fg, bg;

			if (vt_cell(r, c, &ch, &fg, &bg) && ch > ' ' && fg == bg) {
				if (bad++ == 0)
					fprintf(stderr, "  invisible text at row %d col %d\n", r, c);
			}
		}
	}
	return bad;
}

TEST(term_linux_console_colours)
{
	unsigned ch, fg, bg;
	char *label;
	int r, c;

	make_db();
	vt_env("TERM", "linux");
	start(NULL);
	if (!to_home())
		return;
	CHECK_INT(invisible_cells(), 0);
	vt_send(LINUX_DOWN);
	vt_send("biti");
	if (!expect(LIST_TITLE))
		return;
	CHECK_INT(invisible_cells(), 0);
	vt_send(VT_ENTER);
	if (!expect("EN STORY END"))
		return;
	CHECK(vt_contains("Rūta Žemaitė"));
	CHECK_INT(invisible_cells(), 0);
	vt_send(LINUX_F2);
	if (!expect("LT ISTORIJOS PABAIGA"))
		return;
	CHECK_INT(invisible_cells(), 0);
	/* The contact form: the empty fields show (the console has no underline). */
	vt_send(LINUX_F5);
	label = msg("lt", "Your first name");
	if (!expect(label))
		return;
	vt_wait_quiet(100, WAIT);
	CHECK_INT(invisible_cells(), 0);
	r = vt_find(label, &c);
	free(label);
	if (CHECK(r >= 0)) {
		int k, coloured = 0;

		for (k = 30; k < 79; k++) {
			vt_cell(r, k, &ch, &fg, &bg);
			coloured += bg != 0;
		}
		if (!CHECK(coloured > 10))
			vt_dump();
	}
	/* Only the console's eight colours. */
	CHECK(!vt_log_colour(8, NULL));
	vt_close();
}

TEST(term_tmux_terminfo_case_screen)
{
	make_db();
	vt_env("TERM", "tmux-256color");
	start(NULL);
	if (!to_home())
		return;
	if (!open_bee_case())
		return;
	CHECK(vt_contains("Rūta Žemaitė"));
	CHECK(vt_contains("Šiauliai"));
	vt_send(VT_F2);
	expect("LT ISTORIJOS PABAIGA");
	CHECK_INT(invisible_cells(), 0);
	vt_close();
}

/* ---- languages ---- */

/* Home has the language choice too; choosing one keeps the visitor on home. */
TEST(term_lang_home_buttons)
{
	char *title_lt;
	int r, c;

	make_db();
	start("default_language = en\nlanguages = en lt ru\n");
	/* The featured Russian case on the attract screen, marked as the original. */
	expect("Original in Russian");
	if (!to_home())
		return;
	title_lt = msg("lt", "What would you like to explore?");
	r = vt_find("Lietuvių", &c);
	if (!CHECK(r >= 0))
		return;
	vt_send_mouse_click(r, c + 1);
	expect(title_lt);
	CHECK(strstr(vt_screen_text(23), "LT") != NULL);
	r = vt_find("English", &c);
	if (CHECK(r >= 0)) {
		vt_send_mouse_click(r, c + 1);
		expect("What would you like to explore?");
	}
	/* The list still answers: the second choice is still reached by its digit. */
	vt_send("2");
	expect("Stories by theme");
	free(title_lt);
	vt_close();
}

/* The result list shows titles in the visitor's language where a case has that
 * translation, the original otherwise, and follows a language switch at once. */
TEST(term_list_titles_in_visitor_language)
{
	make_db();
	start(NULL);
	if (!to_home())
		return;
	vt_send("biti");
	if (!expect("Beekeeping club at the school"))
		return;
	CHECK(!vt_contains("Bitininkyst"));
	vt_send(VT_F2);                 /* en -> lt: the original */
	if (!expect("Bitininkystės būrelis mokykloje"))
		return;
	CHECK(!vt_contains("Beekeeping"));
	vt_send(VT_ESC);
	vt_send("Мари");                /* no translation: the Russian original */
	CHECK(expect("Театр в старой школе"));
	vt_close();
}

/* F2 on a case scrolled down: the same case, in the new language, still scrolled. */
TEST(term_lang_f2_keeps_place)
{
	make_db();
	start(NULL);
	if (!to_home())
		return;
	if (!open_bee_case())
		return;
	vt_send(VT_F2);
	if (!expect("Bitininkystės būrelis mokykloje"))
		return;
	CHECK(vt_contains("LT ISTORIJOS PABAIGA"));
	/* Back goes where it went before the switch: the search, with its text. */
	vt_send(VT_ESC);
	if (expect("biti"))
		CHECK(vt_contains("Bitininkystės") || vt_contains("Beekeeping"));
	vt_send(VT_F2);
	vt_send(VT_F2);
	vt_send(VT_F2);         /* lt -> ru -> pl -> en */
	expect("Search: biti");
	CHECK(vt_contains(LIST_TITLE));
	vt_close();
}

/* The idle reset goes back to the kiosk's default language. */
TEST(term_lang_idle_back_to_default)
{
	char *start_lt;

	make_db();
	start("default_language = en\nlanguages = en lt\nidle_timeout = 2\n");
	if (!to_home())
		return;
	start_lt = msg("lt", "What would you like to explore?");
	vt_send(VT_F2);
	if (!expect(start_lt))
		return;
	if (!expect("Press any key or touch the screen to start"))
		return;
	CHECK(strstr(vt_screen_text(23), "EN") != NULL);
	free(start_lt);
	vt_close();
}

/* From Lithuanian, the default, to English and then Russian (not only en -> lt), with
 * only C.UTF-8 installed. */
TEST(term_lang_lt_en_ru)
{
	char *home_lt = msg("lt", "What would you like to explore?");
	char *home_ru = msg("ru", "What would you like to explore?");
	char *start_lt = msg("lt", "Press any key or touch the screen to start");

	make_db();
	start("default_language = lt\nlanguages = lt en ru\n");
	if (!expect(start_lt))
		return;
	vt_send(" ");
	if (!expect(home_lt))
		return;
	vt_send(VT_F2);
	if (!expect("What would you like to explore?"))
		return;
	vt_send(VT_F2);
	if (!expect(home_ru))
		return;
	/* The Lithuanian case: no Russian translation, the English one and its note. */
	vt_send("biti");
	vt_wait_quiet(100, WAIT);
	vt_send(VT_ENTER);
	expect("EN STORY END");
	{
		char *note = msg("ru", "Original in English");

		CHECK(vt_contains(note));
		free(note);
	}
	free(home_lt);
	free(home_ru);
	free(start_lt);
	vt_close();
}

/* ---- a real tmux ---- */

static char *tmux_sock;

/* Run tmux with args (NULL-terminated) on this test's own server; its stdout. */
static char *tmux(const char *a1, const char *a2, const char *a3, const char *a4)
{
	char *argv[] = {(char *)"/usr/bin/tmux", (char *)"-u", (char *)"-S", tmux_sock,
			(char *)"-f", (char *)"/dev/null", (char *)a1, (char *)a2, (char *)a3,
			(char *)a4, NULL};
	char *out = NULL;

	t_run(argv, &out, NULL);
	return out != NULL ? out : xstrdup("");
}

static int tmux_wait_at(const char *file, int line, const char *text)
{
	int64_t end = now_ms_monotonic() + WAIT;
	char *screen = NULL;

	for (;;) {
		free(screen);
		screen = tmux("capture-pane", "-p", NULL, NULL);
		if (strstr(screen, text) != NULL) {
			free(screen);
			return 1;
		}
		if (now_ms_monotonic() >= end)
			break;
		{
			struct timespec ts = {0, 20 * 1000000L};

			nanosleep(&ts, NULL);       /* polling tmux, a separate process */
		}
	}
	fprintf(stderr, "  expected \"%s\" in tmux:\n%s\n", text, screen);
	free(screen);
	return t_check(0, file, line, text);
}

TEST(term_tmux_real)
{
	char *cmd;

	if (access("/usr/bin/tmux", X_OK) != 0)
		t_skip("tmux is not installed");
	make_db();
	t_write_file(t_path(2, "kiosk.conf"), "default_language = en\nlanguages = en lt ru pl\n");
	tmux_sock = xasprintf("%s/tmux.sock", t_dir());
	cmd = xasprintf("LC_ALL=C.UTF-8 LANG=C.UTF-8 exec %s --config %s --db %s",
			t_bin("vitrina"), t_path(2, "kiosk.conf"), t_path(0, "k.db"));
	free(tmux("new-session", "-d", "-x80", "-y24"));
	free(tmux("set", "-s", "escape-time", "0"));
	free(tmux("respawn-pane", "-k", cmd, NULL));
	free(cmd);
	if (!tmux_wait("Press any key or touch the screen to start"))
		goto out;
	free(tmux("send-keys", "Space", NULL, NULL));
	if (!tmux_wait("What would you like to explore?"))
		goto out;
	free(tmux("send-keys", "-l", "biti", NULL));
	if (!tmux_wait("Beekeeping club at the school"))
		goto out;
	free(tmux("send-keys", "Enter", NULL, NULL));
	if (!tmux_wait("EN STORY END"))
		goto out;
	tmux_wait("Rūta Žemaitė");
	tmux_wait("Šiauliai");
	free(tmux("send-keys", "F2", NULL, NULL));
	tmux_wait("LT ISTORIJOS PABAIGA");
out:
	free(tmux("kill-server", NULL, NULL, NULL));
	free(tmux_sock);
}

/* Bytes for one row down on the home list on each kind of terminal. */
TEST(bench_term_row_move_bytes)
{
	static const struct {
		const char *name, *term, *locale, *down;
		int iso;
	} terms[] = {
		{"xterm-256color, UTF-8", "xterm-256color", "C.UTF-8", VT_DOWN, 0},
		{"linux, UTF-8", "linux", "C.UTF-8", LINUX_DOWN, 0},
		{"linux, ISO-8859-13", "linux", NULL, LINUX_DOWN, 1},
		{"vt100, C", "vt100", "C", VT_DOWN, 0},
	};
	size_t i;

	make_db();
	for (i = 0; i < sizeof terms / sizeof terms[0]; i++) {
		size_t mark, bytes = 0, full;
		char *label;
		int k;

		if (terms[i].iso) {
			use_iso_locale();
		} else {
			vt_env("LANG", terms[i].locale);
			vt_env("LC_ALL", terms[i].locale);
		}
		vt_env("TERM", terms[i].term);
		mark = 0;
		start(NULL);
		if (!expect("Press any key or touch the screen to start"))
			return;
		mark = vt_mark();
		vt_send(" ");
		if (!expect("What would you like to explore?"))
			return;
		vt_wait_quiet(150, WAIT);
		full = vt_bytes_since(mark);
		for (k = 0; k < 4; k++) {
			mark = vt_mark();
			vt_send(terms[i].down);
			vt_wait_quiet(150, WAIT);
			bytes += vt_bytes_since(mark);
		}
		label = xasprintf("term: bytes for one row down on home (%s)", terms[i].name);
		t_bench(label, (double)bytes / 4, "B", (double)full, "full screen");
		free(label);
		CHECK(bytes / 4 <= 64);
		vt_close();
	}
}
