/* quiz: the interest quiz (DESIGN §6). Its questions, and what each answer says about the
 * stories that fit (themes, areas, words of jobs and skills, near home), are data: a JSON
 * file (kiosk/quiz.json), not code. Ranking reads the kiosk's catalogue. Nothing about a
 * visitor's answers is stored. No curses. */
#ifndef VITRINA_QUIZ_H
#define VITRINA_QUIZ_H

#include <sqlite3.h>
#include <stdbool.h>

#define QUIZ_MIN_QUESTIONS 5
#define QUIZ_MAX_QUESTIONS 7
#define QUIZ_MIN_ANSWERS   2
#define QUIZ_MAX_ANSWERS   4
#define QUIZ_MAX_WORDS     8
#define QUIZ_MAX_BYTES     (256 * 1024)     /* the file */
#define QUIZ_MAX_TEXT      120              /* characters of a question or an answer */
#define QUIZ_MAX_WHY       40               /* characters of an answer's "why" label */

/* A text in the four UI languages, by their order in quiz_langs. */
#define QUIZ_LANGS 4
extern const char *const quiz_langs[QUIZ_LANGS];       /* "lt", "en", "ru", "pl" */
struct quiz_text {
	char *s[QUIZ_LANGS];
};

struct quiz_answer {
	struct quiz_text text;
	struct quiz_text why;           /* "" in every language for a neutral answer */
	unsigned themes;                /* bit (1u << enum theme) */
	unsigned areas;                 /* bit (1u << enum area) */
	bool near;                      /* stories of the kiosk's own county */
	char *match;                    /* an FTS5 expression over jobs and topics, or NULL */
};

struct quiz_question {
	struct quiz_text text;
	struct quiz_answer answers[QUIZ_MAX_ANSWERS];
	int n;
};

struct quiz {
	struct quiz_question q[QUIZ_MAX_QUESTIONS];
	int n;
};

/* Read and check the quiz file: 0, or -1 with *err set to a plain sentence naming the
 * file and the question or answer at fault. Free with quiz_free (also after a failure). */
int quiz_load(const char *path, struct quiz *out, char **err);
void quiz_free(struct quiz *q);
/* t in lang, else in English (every text has all four). */
const char *quiz_text(const struct quiz_text *t, const char *lang);

/* One story that fits: its id, and a bit (1u << question) for each answer it fits. */
struct quiz_match {
	char id[37];
	int score;
	unsigned fits;
};

/* The stories that fit chosen (the answer's index for each of q->n questions, -1 for a
 * question skipped) best, at most limit, best first (then in search order); county is
 * the kiosk's own ("LT-SA"; "" if unknown: "near home" fits nothing). A new array in
 * *out (free it), *n entries. 0, or -1 with *err set. */
int quiz_rank(sqlite3 *db, const struct quiz *q, const int *chosen, const char *county,
	      int limit, struct quiz_match **out, int *n, char **err);
/* "outdoors, with people": the "why" labels in lang of the answers m fits, joined; a
 * new string ("" when none). */
char *quiz_why(const struct quiz *q, const int *chosen, const struct quiz_match *m,
	       const char *lang);

#endif
