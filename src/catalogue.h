/* catalogue: career cases and partner organisations in memory and in JSON, the shape
 * of import files and the hub's feed (DESIGN §2). The kiosk's storage of them is
 * catalogue_db.h. No curses, no SQL. */
#ifndef VITRINA_CATALOGUE_H
#define VITRINA_CATALOGUE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

enum theme {
	THEME_COMMUNITY, THEME_DEVELOPMENT_EDUCATION, THEME_PERSONAL_GROWTH,
	THEME_ENVIRONMENT, THEME_FAIR_TRADE, THEME_INNOVATION, THEME_COUNT
};
enum area { AREA_HUMANITIES, AREA_SOCIAL_SCIENCES, AREA_REGIONAL_DEVELOPMENT, AREA_COUNT };
enum offer {
	OFFER_VOLUNTEERING, OFFER_INTERNSHIP, OFFER_JOB_SHADOWING, OFFER_MENTORING,
	OFFER_SERVICE_LEARNING, OFFER_COUNT
};

/* Codes as in the JSON ("fair_trade") and English labels for translation with _(). */
extern const char *const theme_codes[THEME_COUNT];
extern const char *const theme_labels[THEME_COUNT];   /* N_("Fair trade") ... */
extern const char *const area_codes[AREA_COUNT];
extern const char *const area_labels[AREA_COUNT];
extern const char *const offer_codes[OFFER_COUNT];
extern const char *const offer_labels[OFFER_COUNT];
/* Index of code in codes[n], or -1. */
int code_index(const char *const *codes, int n, const char *code);

/* Limits on fields (bytes of UTF-8), enforced by import, hub and sync. */
#define MAX_TITLE    200
#define MAX_SUMMARY  280       /* characters, not bytes */
#define MAX_STORY    20000
#define MAX_SHORT    200       /* person, slug, organisation, quote step, skill */
#define MAX_QUOTE    500
#define MAX_LIST     20        /* skills, jobs, path steps, themes */

struct path_step {
	int year;
	char *step;
};

struct case_text {              /* title, summary, story, quote in one language */
	char lang[4];
	char *title, *summary, *story, *quote;
	/* Only in a translation: its own path, skills and jobs, each count 0 when it has
	 * none (the original's are the career's own). */
	struct path_step *path;
	int npath;
	char **skills, **jobs;
	int nskills, njobs;
};

/* A published question and its answer (DESIGN §2 qa), filled in by the hub: never the
 * asker's name, only the age group when the hub sends it. */
#define MAX_QA          50      /* items kept per case; more are dropped */
#define MAX_QA_QUESTION 500     /* characters */
#define MAX_QA_ANSWER   2000    /* characters */

struct case_qa {
	char id[37];
	char *question, *answer;
	char *answered_by;              /* the person who answered, "" when not given */
	char age_group[8];              /* "14-17" when the hub sends it, else "" */
	char published_at[32];
	char lang[4];
};

struct career {
	char id[37];
	char *slug, *person;
	int age;                        /* 0: not given */
	char municipality[6];           /* "LT-43" */
	int area;                       /* enum area */
	unsigned themes;                /* bit (1u << enum theme) */
	struct case_text text;          /* the original, in text.lang */
	struct case_text *translations;
	int ntranslations;
	struct path_step *path;
	int npath;
	char **skills;
	int nskills;
	char **jobs;                    /* job words a visitor would type ("programuotoja") */
	int njobs;
	char *organisation;
	char partner_id[37];            /* "" when none */
	bool contact_allowed, featured;
	char updated_at[32];
	int64_t seq;                    /* hub change sequence, 0 if unknown */
	bool deleted;                   /* a tombstone from the hub feed */
	struct case_qa *qa;             /* published questions and answers, in feed order */
	int nqa;
	int64_t inspired;               /* "this inspired me" presses counted by the hub */
	int64_t inspired_90d;           /* of them, in the last 90 days */
};

struct partner_text {            /* a partner's name and description in one language */
	char lang[4];
	char *name, *description;       /* description "" when the translation has none */
};

struct partner {
	char id[37];
	char *name;
	char municipality[6];
	unsigned offers;                /* bit (1u << enum offer) */
	char *description;
	struct partner_text *translations;
	int ntranslations;
	bool contact_allowed;
	int64_t seq;
	bool deleted;
};

/* A guide (DESIGN §2): a training tool or a regional youth-career strategy. */
enum guide_kind { GUIDE_GUIDE, GUIDE_STRATEGY, GUIDE_KIND_COUNT };
extern const char *const guide_kind_codes[GUIDE_KIND_COUNT];   /* "guide", "strategy" */
extern const char *const guide_kind_labels[GUIDE_KIND_COUNT];  /* N_("Guide") ... */

#define MAX_GUIDE_TITLE   200           /* bytes */
#define MAX_GUIDE_SUMMARY 600           /* characters */
#define MAX_GUIDE_BODY    65536         /* bytes */

struct guide_text {             /* title, summary and body in one language */
	char lang[4];
	char *title, *summary, *body;   /* summary "" when there is none */
};

struct guide {
	char id[37];
	int kind;                       /* enum guide_kind */
	char county[6];                 /* "LT-SA", or "" for the whole country */
	struct guide_text text;         /* the original, in text.lang */
	struct guide_text *translations;
	int ntranslations;
	char updated_at[32];            /* "" when not given */
	int64_t seq;                    /* hub change sequence, 0 if unknown */
	bool deleted;                   /* a tombstone from the hub feed */
};

/* A set of cases, partners and guides, as read from a file or a hub page. */
struct catalogue_set {
	struct career *cases;
	int ncases;
	struct partner *partners;
	int npartners;
	struct guide *guides;
	int nguides;
};

void career_free(struct career *c);             /* frees the members, not c */
void partner_free(struct partner *p);
void guide_free(struct guide *g);
void catalogue_set_free(struct catalogue_set *s);

/* The text of c in language lang if a translation with a title exists (for ru and pl,
 * else an English one), else the original. Optional fields are "" (never NULL) when
 * absent, also in a translation. */
const struct case_text *career_text(const struct career *c, const char *lang);
/* The path, skills or jobs of c in language lang: those of the translation career_text
 * picks when it has its own, else the original's. *n gets their number; never NULL
 * unless *n is 0. The career keeps ownership. */
const struct path_step *career_path(const struct career *c, const char *lang, int *n);
char *const *career_skills(const struct career *c, const char *lang, int *n);
char *const *career_jobs(const struct career *c, const char *lang, int *n);

/* The name or description of p in language lang: a translation's when p has one (for ru
 * and pl, else an English one), else the original's. Never NULL; p keeps ownership. */
const char *partner_name(const struct partner *p, const char *lang);
const char *partner_description(const struct partner *p, const char *lang);

/* The text of g in language lang when it has a translation into it, else the original.
 * Never NULL; g keeps ownership. */
const struct guide_text *guide_text(const struct guide *g, const char *lang);

/* JSON in the import/feed shape (DESIGN §2). from_json validates every field (codes,
 * UUIDs, lengths, UTF-8, control characters) and returns -1 with "field: problem" in
 * *err. to_json returns a new reference. */
int career_from_json(json_t *j, struct career *out, char **err);
json_t *career_to_json(const struct career *c);
int partner_from_json(json_t *j, struct partner *out, char **err);
json_t *partner_to_json(const struct partner *p);
int guide_from_json(json_t *j, struct guide *out, char **err);
json_t *guide_to_json(const struct guide *g);
/* c's qa as the feed carries it ([{"id", "question", "answer", ...}]): a new reference. */
json_t *career_qa_json(const struct career *c);
/* The JSON of a path ([{year, step}]) and of a list of strings (skills, jobs): new
 * references. */
json_t *career_path_json(const struct path_step *p, int n);
json_t *career_strings_json(char *const *v, int n);
/* Set path, skills and jobs of translation t in o, each only when it has any. */
void case_text_lists_json(json_t *o, const struct case_text *t);
/* p's translations as {"en": {"name", "description"}, ...}: a new reference. */
json_t *partner_translations_json(const struct partner *p);

#endif
