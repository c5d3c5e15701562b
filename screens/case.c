/* A case: title, person, place, themes, the quote set apart, then one scrollable page
 * with the story, its published questions and answers with "Ask a question" (F10), the
 * career path as a timeline, skills, the organisation, a "Contact" button when the case
 * allows it, and related cases (Tab moves between the links).
 * When the kiosk has a public_url, "Read on your phone" (a link on the page, F4 and its
 * key bar button) shows the story's public page as a QR code until any key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_db.h"
#include "config.h"
#include "counters.h"
#include "i18n.h"
#include "regions.h"
#include "screens.h"
#include "ui_qr.h"
#include "util.h"

#define MAX_RELATED 5
#define MAX_LINE 72             /* columns of the page, at most */

enum { LINK_CONTACT, LINK_PARTNER, LINK_PHONE, LINK_ASK, LINK_INSPIRED, LINK_RELATED };

static const struct ui_keydef case_keys[] = {
	{"F4", ACT_EXPORT, 0, N_("Read on your phone")},
	/* F10 (no form here to send): the ui's keymap drops function keys it has no action
	 * for, so a free one like F8 cannot be given to a screen. */
	/* TRANSLATORS: key bar and button on a story: ask its person a question */
	{"F10", ACT_NOTE, 0, N_("Ask a question")},
	{NULL, ACT_NONE, 0, NULL},
};

struct casescr {
	struct career c;
	int found;                      /* 1 found, 0 gone, -1 error */
	char *error;
	struct career *related;
	int nrelated;
	struct partner partner;
	bool has_partner;
	struct ui_pager pager;
	int built_w;
	unsigned built_gen;
	bool built, built_quote;        /* built_quote: the quote is on the page */
	char *url;                      /* its public page, or NULL (no public_url) */
	bool phone;                     /* the QR code of url is up */
	char arg[64];
};

/* PUBLIC_URL/c/SLUG (slugs are a-z, 0-9 and '-'), or NULL without a public_url. */
static char *public_page(const struct ui *ui, const struct career *c)
{
	const char *base = ui->cfg != NULL ? ui->cfg->public_url : NULL;
	size_t n;

	if (base == NULL || c->slug == NULL || c->slug[0] == '\0')
		return NULL;
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	return xasprintf("%.*s/c/%s", (int)n, base, c->slug);
}

static void *enter(struct ui *ui, const char *arg)
{
	struct casescr *s = xcalloc(1, sizeof *s);
	char *err = NULL;

	s->pager.focus = -1;
	s->found = catalogue_get_case(ui->db, arg != NULL ? arg : "", &s->c, &err);
	if (s->found < 0) {
		s->error = err;
		return s;
	}
	free(err);
	err = NULL;
	if (s->found == 0)
		return s;
	s->url = public_page(ui, &s->c);
	counters_add(ui->db, "stories_read", s->c.id, 1, NULL);
	if (catalogue_related(ui->db, &s->c, MAX_RELATED, &s->related, &s->nrelated,
			      &err) < 0) {
		s->related = NULL;
		s->nrelated = 0;
	}
	free(err);
	err = NULL;
	if (s->c.partner_id[0] != '\0' &&
	    catalogue_get_partner(ui->db, s->c.partner_id, &s->partner, &err) == 1)
		s->has_partner = true;
	free(err);
	return s;
}

static void leave(struct ui *ui, void *st)
{
	struct casescr *s = st;
	int i;

	(void)ui;
	if (s->found == 1)
		career_free(&s->c);
	for (i = 0; i < s->nrelated; i++)
		career_free(&s->related[i]);
	free(s->related);
	if (s->has_partner)
		partner_free(&s->partner);
	ui_pager_free(&s->pager);
	free(s->error);
	free(s->url);
	free(s);
}

static void add_heading(struct ui_pager *p, const char *text)
{
	ui_pager_blank(p);
	ui_pager_add(p, text, UI_HEADING, 0, -1);
}

/* "14–17" for the age group code "14-17" (an en dash where the terminal has one). */
static char *age_shown(const struct ui *ui, const char *code)
{
	const char *dash = strchr(code, '-');

	if (dash == NULL || !ui->utf8_term)
		return xstrdup(code);
	return xasprintf("%.*s\xe2\x80\x93%s", (int)(dash - code), code, dash + 1);
}

/* The published questions and answers (never the asker's name: the feed has none). */
static void add_qa(struct ui *ui, struct casescr *s)
{
	struct ui_pager *p = &s->pager;
	char *line, *age;
	int i;

	if (s->c.nqa > 0)
		add_heading(p, _("Questions and answers"));
	for (i = 0; i < s->c.nqa; i++) {
		const struct case_qa *q = &s->c.qa[i];
		const char *by = q->answered_by != NULL && q->answered_by[0] ? q->answered_by
									      : s->c.person;

		if (i > 0)
			ui_pager_blank(p);
		if (q->age_group[0] != '\0') {
			age = age_shown(ui, q->age_group);
			/* TRANSLATORS: over a published question; %s is an age group, "14–17" */
			line = xasprintf(_("Asked by a visitor aged %s:"), age);
			free(age);
		} else {
			line = xstrdup(_("A visitor asked:"));
		}
		ui_pager_add(p, line, UI_DIM, 1, -1);
		free(line);
		ui_pager_add(p, q->question, UI_NORMAL, 3, -1);
		/* TRANSLATORS: over a published answer; %s is the person who answered */
		line = xasprintf(_("Answer from %s:"), by);
		ui_pager_add(p, line, UI_DIM, 1, -1);
		free(line);
		ui_pager_add(p, q->answer, UI_NORMAL, 3, -1);
	}
}

/* Lay out the page for width w in the current language, starting with the quote q when
 * it is not NULL (a quote too long for a small screen's header). */
static void build(struct ui *ui, struct casescr *s, int w, const char *q)
{
	const struct case_text *t = career_text(&s->c, i18n_language());
	const char *dot = ui->utf8_term ? "\xe2\x97\x8f" : "*";
	const char *bar = ui->utf8_term ? "\xe2\x94\x82" : "|";
	const char *bullet = ui->utf8_term ? "\xe2\x80\xa2" : "-";
	struct ui_pager *p = &s->pager;
	const struct path_step *path;
	char *const *skills;
	char *line;
	int i, n;

	ui_pager_reset(p, w);
	p->focus = -1;
	if (q != NULL) {
		ui_pager_add(p, q, UI_QUOTE, 2, -1);
		ui_pager_blank(p);
	}
	ui_pager_add(p, t->story != NULL && t->story[0] ? t->story : t->summary, UI_NORMAL,
		     1, -1);
	add_qa(ui, s);

	path = career_path(&s->c, i18n_language(), &n);
	if (n > 0) {
		add_heading(p, _("Career path"));
		for (i = 0; i < n; i++) {
			if (i > 0)      /* under the dot: the year takes 4 columns and a space */
				ui_pager_add(p, bar, UI_FRAME, 6, -1);
			line = xasprintf("%4d %s %s", path[i].year, dot, path[i].step);
			ui_pager_add(p, line, UI_NORMAL, 1, -1);
			free(line);
		}
	}
	skills = career_skills(&s->c, i18n_language(), &n);
	if (n > 0) {
		add_heading(p, _("Skills"));
		for (i = 0; i < n; i++) {
			line = xasprintf("%s %s", bullet, skills[i]);
			ui_pager_add(p, line, UI_NORMAL, 2, -1);
			free(line);
		}
	}
	if ((s->c.organisation != NULL && s->c.organisation[0]) || s->has_partner) {
		add_heading(p, _("Organisation"));
		if (s->c.organisation != NULL && s->c.organisation[0])
			ui_pager_add(p, s->c.organisation, UI_NORMAL, 2, -1);
		if (s->has_partner) {
			line = xasprintf(_("Partner: %s"),
					 partner_name(&s->partner, i18n_language()));
			ui_pager_add(p, line, UI_TITLE, 2, LINK_PARTNER);
			free(line);
		}
	}
	if (s->c.contact_allowed) {
		ui_pager_blank(p);
		line = xasprintf("[ %s ]", _("Contact this person"));
		ui_pager_add(p, line, UI_BUTTON, 2, LINK_CONTACT);
		free(line);
	} else {
		ui_pager_blank(p);
		ui_pager_add(p, _("This person does not take contact requests; ask a librarian "
				  "about similar stories."), UI_DIM, 2, -1);
	}
	/* Every story can be asked: the answer is published, not sent to the asker. */
	ui_pager_blank(p);
	line = xasprintf("[ %s ]", _("Ask a question"));
	ui_pager_add(p, line, UI_BUTTON, 2, LINK_ASK);
	free(line);
	/* Once per case and visit: after the press only the thanks, no button. */
	ui_pager_blank(p);
	if (counters_inspired_now(s->c.id)) {
		/* TRANSLATORS: shown instead of the "This inspired me" button once pressed */
		ui_pager_add(p, _("Thank you! This story inspired you."), UI_OK, 2, -1);
	} else {
		/* TRANSLATORS: a button on a story: the visitor found it inspiring (a count
		 * only, once per visit) */
		line = xasprintf("[ %s ]", _("This inspired me"));
		ui_pager_add(p, line, UI_BUTTON, 2, LINK_INSPIRED);
		free(line);
	}
	if (s->url != NULL) {
		ui_pager_blank(p);
		line = xasprintf("[ %s ]", _("Read on your phone"));
		ui_pager_add(p, line, UI_BUTTON, 2, LINK_PHONE);
		free(line);
	}
	if (s->nrelated > 0) {
		add_heading(p, _("Related stories"));
		for (i = 0; i < s->nrelated; i++) {
			const struct career *r = &s->related[i];
			const struct municipality *m = municipality_find(r->municipality);

			line = xasprintf("%s \xe2\x80\x94 %s, %s", career_text(r, i18n_language())->title,
					 r->person,
					 m != NULL ? municipality_name(m, i18n_language()) : "");
			ui_pager_add(p, line, UI_TITLE, 2, LINK_RELATED + i);
			free(line);
		}
	}
	s->built = true;
	s->built_quote = q != NULL;
	s->built_w = w;
	s->built_gen = ui->lang_gen;
}

/* The quote of t, set apart under the header; returns the row after it. On a small
 * screen the header keeps to 5 rows: a quote longer than one row goes to the top of the
 * page instead (*page gets it, to be freed; else NULL). */
static int draw_quote(struct ui *ui, const struct case_text *t, char **page)
{
	int w = ui->cols, y;
	char *q;

	*page = NULL;
	if (t->quote == NULL || t->quote[0] == '\0')
		return 3;
	q = ui_quote(t->lang[0] != '\0' ? t->lang : i18n_language(), t->quote);
	if (ui->rows < 30 && ui_width(q) > w - 7) {
		*page = q;
		return 3;
	}
	if (ui->rows < 30) {
		ui_vline(ui, 3, 3, 1, UI_QUOTE);
		ui_text_at(ui, 3, 5, w - 7, UI_QUOTE, q);
		y = 4;
	} else {
		y = 4 + ui_text_wrap(ui, 4, 5, 3, w - 10, UI_QUOTE, q);
		ui_vline(ui, 4, 3, y - 4, UI_QUOTE);    /* as high as the quote */
	}
	free(q);
	return y;
}

/* What speech says when a story opens: its title, who and where, and the quote (q, or
 * NULL); the story itself is read as the pager shows it. */
static void say_title(struct ui *ui, const char *title, const char *who, const char *where,
		      const char *q)
{
	char *s = xasprintf("%s. %s, %s. %s", title, who, where, q != NULL ? q : "");

	ui_title(ui, s);
	free(s);
}

/* The QR code of the story's public page over the whole screen. */
static void draw_phone(struct ui *ui, const struct casescr *s)
{
	static const struct ui_key keys[] = {{ACT_BACK, N_("Close")}};
	char *say = xasprintf("%s. %s", _("Read on your phone"), s->url);

	ui_qr_draw(ui, _("Read on your phone"),
		   _("Point your phone's camera at the code: this story opens on your phone."),
		   s->url);
	ui_focus(ui, 0, 0, say);
	free(say);
	ui_keybar(ui, keys, 1);
}

/* The key bar: keys, with "Read on your phone" after the language when there is a page. */
static void draw_keybar(struct ui *ui, const struct casescr *s, const struct ui_key *keys,
			int n)
{
	struct ui_key all[12];
	int i, k = 0;

	for (i = 0; i < n && k < 11; i++) {
		all[k++] = keys[i];
		if (keys[i].act == ACT_LANG && s->url != NULL)
			all[k++] = (struct ui_key){ACT_EXPORT, NULL};
	}
	ui_keybar(ui, all, k);
}

static void draw(struct ui *ui, void *st)
{
	/* The language early: at 80 columns the bar drops what comes last. */
	static const struct ui_key keys_contact[] = {
		{ACT_BACK, NULL}, {ACT_CONTACT, NULL}, {ACT_HELP, NULL}, {ACT_LANG, NULL},
		{ACT_NOTE, NULL}, {ACT_NEXT, N_("Links")}, {ACT_PAGE_DOWN, NULL}, {ACT_HOME, NULL},
		{ACT_OPEN, NULL},
	};
	static const struct ui_key keys[] = {
		{ACT_BACK, NULL}, {ACT_HELP, NULL}, {ACT_LANG, NULL}, {ACT_NOTE, NULL},
		{ACT_NEXT, N_("Links")},
		{ACT_PAGE_DOWN, NULL}, {ACT_HOME, NULL}, {ACT_OPEN, NULL},
	};
	struct casescr *s = st;
	const struct case_text *t;
	struct buf tags = {0};
	char *where, *who, *q;
	int i, y, nw, pw, w = ui->cols;

	if (s->found == 1 && s->phone && s->url != NULL) {
		draw_phone(ui, s);
		return;
	}
	ui_fill(ui, 0, 0, 1, w, UI_BAR);
	if (s->found != 1) {
		ui_text_at(ui, 0, 1, w - 2, UI_BAR, _("Story"));
		ui_text_wrap(ui, 3, 2, 4, w - 4, UI_ERROR,
			     s->found == 0 ? _("This story is no longer here.") : s->error);
		ui_keybar(ui, keys + 0, 1);
		return;
	}
	t = career_text(&s->c, i18n_language());
	ui_text_at(ui, 0, 1, w - 2, UI_BAR, t->title);

	where = screen_place(s->c.municipality);
	if (s->c.age > 0)
		who = xasprintf(i18n_nget("%s, %d year old", "%s, %d years old",
					 (unsigned long)s->c.age), s->c.person, s->c.age);
	else
		who = xstrdup(s->c.person);
	/* No translation into the visitor's language: say the text is the original. */
	nw = 0;
	if (t->lang[0] != '\0' && strcmp(t->lang, i18n_language()) != 0) {
		const char *note = ui_original_note(t->lang);

		nw = ui_width(note) + 2;
		if (nw > w / 3)
			nw = w / 3;
		ui_text_at(ui, 1, w - nw, nw - 1, UI_DIM, note);
	}
	i = ui_text_at(ui, 1, 1, w / 2, UI_TITLE, who);
	ui_text_at(ui, 1, i + 1, w - nw - i - 2, UI_NORMAL, " \xc2\xb7 ");
	ui_text_at(ui, 1, i + 4, w - nw - i - 7, UI_NORMAL, where);     /* 3 columns apart */

	for (i = 0; i < THEME_COUNT; i++) {
		if (s->c.themes & (1u << i))
			buf_addf(&tags, "%s%s", tags.len ? " \xc2\xb7 " : "", _(theme_labels[i]));
	}
	if (s->c.area >= 0 && s->c.area < AREA_COUNT)
		buf_addf(&tags, "%s%s", tags.len ? "  |  " : "", _(area_labels[s->c.area]));
	ui_text_at(ui, 2, 1, w - 2, UI_DIM, tags.s != NULL ? tags.s : "");
	buf_free(&tags);

	y = draw_quote(ui, t, &q);
	say_title(ui, t->title, who, where, q);
	free(who);
	free(where);
	ui_hline(ui, y, 0, w, UI_FRAME);
	y++;

	/* A story reads best in lines of at most about 72 columns: centred on wide screens. */
	pw = w - 2 > MAX_LINE ? MAX_LINE : w - 2;
	if (!s->built || s->built_w != pw || s->built_gen != ui->lang_gen ||
	    s->built_quote != (q != NULL))
		build(ui, s, pw, q);
	free(q);
	ui_pager_draw(ui, &s->pager, y, (w - pw) / 2, ui->rows - 1 - y, pw + 1);
	if (s->c.contact_allowed)
		draw_keybar(ui, s, keys_contact, (int)(sizeof keys_contact / sizeof keys_contact[0]));
	else
		draw_keybar(ui, s, keys, (int)(sizeof keys / sizeof keys[0]));
}

static struct ui_result open_link(struct ui *ui, struct casescr *s, int link)
{
	if (link == LINK_CONTACT) {
		snprintf(s->arg, sizeof s->arg, "case:%s", s->c.id);
		return ui_push(&screen_contact, s->arg);
	}
	if (link == LINK_INSPIRED) {
		counters_inspired(ui->db, s->c.id);
		s->built = false;       /* the button becomes the thanks */
		return ui_redraw();
	}
	if (link == LINK_ASK) {
		snprintf(s->arg, sizeof s->arg, "%s", s->c.id);
		return ui_push(&screen_question, s->arg);
	}
	if (link == LINK_PHONE && s->url != NULL) {
		s->phone = true;
		return ui_redraw();
	}
	if (link == LINK_PARTNER && s->has_partner) {
		snprintf(s->arg, sizeof s->arg, "%s", s->partner.id);
		return ui_push(&screen_partner, s->arg);
	}
	if (link >= LINK_RELATED && link - LINK_RELATED < s->nrelated) {
		snprintf(s->arg, sizeof s->arg, "%s", s->related[link - LINK_RELATED].id);
		return ui_push(&screen_case, s->arg);
	}
	return ui_stay();
}

static struct ui_result key(struct ui *ui, void *st, const struct ui_event *ev)
{
	struct casescr *s = st;
	int link = -1;

	if (s->found != 1)
		return ui_unhandled();
	if (s->phone) {
		if (ev->act == ACT_LANG)
			return ui_lang_key(ui);
		s->phone = false;       /* any other key or touch closes it */
		return ui_redraw();
	}
	if (ev->act == ACT_EXPORT)
		return open_link(ui, s, LINK_PHONE);
	if (ev->act == ACT_NOTE)
		return open_link(ui, s, LINK_ASK);
	if (ev->act == ACT_CONTACT) {
		if (!s->c.contact_allowed)
			return ui_stay();
		return open_link(ui, s, LINK_CONTACT);
	}
	switch (ui_pager_key(&s->pager, ev, &link)) {
	case UI_LIST_OPEN:
		return open_link(ui, s, link);
	case UI_LIST_MOVED:
		return ui_redraw();
	default:
		return ui_unhandled();
	}
}

const struct screen screen_case = {
	.name = "case",
	.enter = enter,
	.draw = draw,
	.key = key,
	.leave = leave,
	.keys = case_keys,
};
