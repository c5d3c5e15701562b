/* The interest quiz: the quiz file that comes with vitrina (kiosk/quiz.json) is read and
 * checked, a bad one is refused saying where, and answer sets lead to the stories that
 * fit them (a table of answer sets -> top story), each with why. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "counters.h"
#include "kiosk_util.h"
#include "quiz.h"
#include "t.h"
#include "util.h"
#include "vt.h"

#define QUIZ_FILE "kiosk/quiz.json"

/* Four stories, each plainly one kind of answer: nature and outdoors near Utena; making
 * things in Vilnius; people in Šiauliai; fair trade and the world in Klaipėda district;
 * and a beekeeper whose only fit is a word of his job. */
static const char catalogue[] =
	"{\"cases\": ["
	"{\"id\": \"00000000-0000-4000-8000-000000000001\", \"person\": \"Aistė\","
	" \"municipality\": \"LT-54\", \"area\": \"regional_development\","
	" \"themes\": [\"environment\"], \"title\": \"Pievų atkūrimas\", \"summary\": \"S\","
	" \"story\": \"S\", \"lang\": \"lt\", \"jobs\": [\"ekologė\"]},"
	"{\"id\": \"00000000-0000-4000-8000-000000000002\", \"person\": \"Tomas\","
	" \"municipality\": \"LT-57\", \"area\": \"humanities\","
	" \"themes\": [\"innovation\"], \"title\": \"Dirbtuvės mieste\", \"summary\": \"S\","
	" \"story\": \"S\", \"lang\": \"lt\", \"jobs\": [\"programuotojas\"]},"
	"{\"id\": \"00000000-0000-4000-8000-000000000003\", \"person\": \"Rūta\","
	" \"municipality\": \"LT-43\", \"area\": \"social_sciences\","
	" \"themes\": [\"community\"], \"title\": \"Kiemo šventės\", \"summary\": \"S\","
	" \"story\": \"S\", \"lang\": \"lt\", \"jobs\": [\"koordinatorė\"]},"
	"{\"id\": \"00000000-0000-4000-8000-000000000004\", \"person\": \"Jonas\","
	" \"municipality\": \"LT-21\", \"area\": \"humanities\","
	" \"themes\": [\"fair_trade\", \"development_education\"], \"title\": \"Sąžininga kava\","
	" \"summary\": \"S\", \"story\": \"S\", \"lang\": \"lt\"},"
	"{\"id\": \"00000000-0000-4000-8000-000000000005\", \"person\": \"Petras\","
	" \"municipality\": \"LT-15\", \"area\": \"humanities\","
	" \"themes\": [\"personal_growth\"], \"title\": \"Bitės\", \"summary\": \"S\","
	" \"story\": \"S\", \"lang\": \"lt\", \"jobs\": [\"bitininkas\"]}"
	"], \"partners\": []}\n";

static void load(struct quiz *q)
{
	char *err = NULL;

	if (!CHECK(quiz_load(QUIZ_FILE, q, &err) == 0))
		printf("  %s\n", err);
	free(err);
}

TEST(quiz_file_that_comes_with_vitrina)
{
	struct quiz q;
	int i, k, l;

	load(&q);
	CHECK(q.n >= QUIZ_MIN_QUESTIONS && q.n <= QUIZ_MAX_QUESTIONS);
	for (i = 0; i < q.n; i++) {
		CHECK(q.q[i].n >= QUIZ_MIN_ANSWERS && q.q[i].n <= QUIZ_MAX_ANSWERS);
		for (l = 0; l < QUIZ_LANGS; l++)
			CHECK(q.q[i].text.s[l] != NULL && q.q[i].text.s[l][0] != '\0');
		for (k = 0; k < q.q[i].n; k++)
			CHECK(quiz_text(&q.q[i].answers[k].text, "pl")[0] != '\0');
	}
	CHECK_STR(quiz_text(&q.q[0].text, "xx"), quiz_text(&q.q[0].text, "en"));
	quiz_free(&q);
}

/* The file's text with the first from replaced by to, as a file; its path. */
static const char *bad_quiz(const char *from, const char *to)
{
	char *text = NULL, *err = NULL, *at;
	const char *path = t_path(3, "quiz.json");
	size_t len;
	FILE *f;

	if (read_file(QUIZ_FILE, QUIZ_MAX_BYTES, &text, &len, &err) < 0)
		CHECK(0);
	at = text != NULL ? strstr(text, from) : NULL;
	CHECK(at != NULL);
	f = fopen(path, "w");
	if (f != NULL && at != NULL) {
		fprintf(f, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
		fclose(f);
	}
	free(text);
	free(err);
	return path;
}

/* Loading path fails with a message holding want. */
static void refused(const char *path, const char *want)
{
	struct quiz q;
	char *err = NULL;

	CHECK(quiz_load(path, &q, &err) < 0);
	if (!CHECK(err != NULL && strstr(err, want) != NULL))
		printf("  want \"%s\" in: %s\n", want, err ? err : "(none)");
	quiz_free(&q);
	free(err);
}

TEST(quiz_bad_files_refused_saying_where)
{
	refused(bad_quiz("\"themes\": [\"community\"], \"words\"", "\"themes\": [\"x\"], \"words\""),
		"question 1, answer 1: unknown theme or area");
	refused(bad_quiz("\"pl\": \"Co najbardziej lubisz robić?\"", "\"pl\": \"\""),
		"question 1: a text is missing");
	refused(bad_quiz("\"koordinator\"", "\"two words\""), "answer 1: a word must be");
	refused(bad_quiz("\"questions\": [", "\"questions\": [,"), "quiz.json:2:");
	refused(bad_quiz("\"questions\"", "\"asked\""), "5 to 7 questions");
	refused(t_path(4, "none.json"), "none.json");
}

/* The top story's title for the answers (one per question of the shipped quiz) at a
 * kiosk in county; why gets its why line in English. */
static char *top_story(sqlite3 *db, const struct quiz *q, const int *chosen,
		       const char *county, char **why)
{
	struct quiz_match *m = NULL;
	struct career c;
	char *err = NULL, *title = xstrdup("(none)");
	int n = 0;

	*why = xstrdup("");
	if (!CHECK(quiz_rank(db, q, chosen, county, 5, &m, &n, &err) == 0))
		printf("  %s\n", err);
	if (n > 0 && catalogue_get_case(db, m[0].id, &c, NULL) == 1) {
		free(title);
		title = xstrdup(c.text.title);
		career_free(&c);
		free(*why);
		*why = quiz_why(q, chosen, &m[0], "en");
	}
	free(m);
	free(err);
	return title;
}

TEST(quiz_answers_lead_to_the_stories_that_fit)
{
	/* per question of kiosk/quiz.json, the index of the answer chosen */
	static const struct {
		int chosen[6];
		const char *county, *title, *why;
	} table[] = {
		{{2, 1, 0, 0, 2, 2}, "LT-UT", "Pievų atkūrimas",
		 "nature, with things, outdoors, near home, the planet, my town"},
		{{1, 1, 1, 1, 0, 3}, "LT-UT", "Dirbtuvės mieste",
		 "making and fixing, with things, indoors, starting something new, new things"},
		{{0, 0, 2, 0, 3, 2}, "LT-SA", "Kiemo šventės",
		 "bringing people together, with people, near home, helping others, my town"},
		{{3, 2, 1, 1, 1, 0}, "", "Sąžininga kava",
		 "trading, with ideas, indoors, the world, fairness"},
		{{2, 2, 2, 1, 0, 1}, "", "Bitės",
		 "nature, with ideas, starting something new, growing"},
	};
	sqlite3 *db = kiosk_make_db(catalogue);
	struct quiz q;
	size_t i;

	load(&q);
	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		char *why, *title = top_story(db, &q, table[i].chosen, table[i].county, &why);

		if (!CHECK_STR(title, table[i].title) || !CHECK_STR(why, table[i].why))
			printf("  answer set %zu: %s (%s)\n", i + 1, title, why);
		free(title);
		free(why);
	}
	quiz_free(&q);
	sqlite3_close(db);
}

TEST(quiz_neutral_answers_fit_nothing)
{
	static const int neutral[6] = {-1, -1, 2, 1, -1, -1};
	sqlite3 *db = kiosk_make_db(catalogue);
	struct quiz_match *m = NULL;
	struct quiz q;
	int n = -1;

	load(&q);
	CHECK(quiz_rank(db, &q, neutral, "LT-UT", 5, &m, &n, NULL) == 0);
	CHECK_INT(n, 0);
	free(m);
	quiz_free(&q);
	sqlite3_close(db);
}

TEST(quiz_tui_keys_touch_back_and_a_story)
{
	char day[11];
	sqlite3 *db;
	int r, col;

	sqlite3_close(kiosk_make_db(catalogue));
	kiosk_start("default_language = en\nlanguages = en lt\nhome_municipality = LT-43\n",
		    24, 80);
	if (!kiosk_open_from_home("Interest quiz", "Question 1 of 6"))
		return;
	CHECK(vt_contains("What do you like doing most?"));
	/* A touch on an answer chooses it, a digit chooses one, Esc goes back a question. */
	r = vt_find("Bringing people together", &col);
	if (!CHECK(r >= 0))
		return;
	vt_send_mouse_click(r, col + 1);
	kiosk_expect("Question 2 of 6", 30);
	vt_send("3");
	kiosk_expect("Question 3 of 6", 30);
	vt_send(VT_ESC);
	kiosk_expect("Question 2 of 6", 30);
	vt_send("1");
	kiosk_expect("Question 3 of 6", 30);
	vt_send("3143");
	if (!kiosk_expect("Stories that fit you", 30))
		return;
	CHECK(kiosk_check_uncut("quiz results", NULL));
	r = vt_find("Kiemo", &col);
	CHECK(r == 3);
	CHECK(r >= 0 && strstr(vt_screen_text(r + 1), "You chose: bringing people together,"
			       " with people, near home, helping") != NULL);
	CHECK(r >= 0 && strstr(vt_screen_text(r + 2), "others, my town") != NULL);
	/* An answer changed after the results is still one quiz done. */
	vt_send(VT_ESC);
	kiosk_expect("Question 6 of 6", 30);
	vt_send("3");
	kiosk_expect("Stories that fit you", 30);
	/* The best fit opens on Enter. */
	vt_send(VT_ENTER);
	kiosk_expect_gone("Stories that fit you", 30);
	CHECK(vt_contains("Kiemo"));
	vt_close();

	db = kiosk_db_open(t_path(0, "k.db"));
	counters_today(day);
	CHECK_INT(counters_get(db, day, "quiz_done", NULL), 1);
	sqlite3_close(db);
}

TEST(quiz_tui_a_broken_quiz_file_says_so)
{
	sqlite3_close(kiosk_make_db(catalogue));
	kiosk_start("default_language = en\nlanguages = en lt\nquiz_file = /nonexistent.json\n",
		    24, 80);
	if (!kiosk_open_from_home("Interest quiz", "The quiz is not available on this kiosk"))
		return;
	CHECK(vt_contains("/nonexistent.json"));
	/* Esc still leads home. */
	vt_send(VT_ESC);
	kiosk_expect("What would you like to explore?", 30);
	kiosk_finish();
}
