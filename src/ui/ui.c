/* The ui loop: terminal set-up, the screen stack, global keys, idle reset, repaint. */
#include "ui_private.h"

#include <errno.h>
#include <langinfo.h>
#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

#include <term.h>        /* after our headers: it defines macros such as columns */

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

#define TICK_MS 500
/* The idle warning's countdown: at least 20 s to ask for more time (EN 301 549 11.2.2.1,
 * WCAG 2.2.1), and time for speech to say it. */
#define IDLE_COUNTDOWN_S 30

static volatile sig_atomic_t stop_signal;
/* The ui of the running loop, for ui_input_pending(NULL). */
static struct ui *running_ui;

static void on_stop(int sig)
{
	stop_signal = sig;
}

/* ---- results ---- */

struct ui_result ui_stay(void)
{
	return (struct ui_result){UI_STAY, NULL, NULL};
}

struct ui_result ui_redraw(void)
{
	return (struct ui_result){UI_REDRAW, NULL, NULL};
}

struct ui_result ui_push(const struct screen *s, const char *arg)
{
	return (struct ui_result){UI_PUSH, s, arg};
}

struct ui_result ui_replace(const struct screen *s, const char *arg)
{
	return (struct ui_result){UI_REPLACE, s, arg};
}

struct ui_result ui_pop(void)
{
	return (struct ui_result){UI_POP, NULL, NULL};
}

struct ui_result ui_go_home(void)
{
	return (struct ui_result){UI_GO_HOME, NULL, NULL};
}

struct ui_result ui_unhandled(void)
{
	return (struct ui_result){UI_UNHANDLED, NULL, NULL};
}

/* ---- terminal ---- */

/* The locale name the environment asks for LC_CTYPE (LC_ALL, LC_CTYPE, LANG), or "". */
static const char *env_ctype(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && v[0] != '\0')
			return v;
	}
	return "";
}

/* 1 if a locale name says its codeset is UTF-8 ("lt_LT.UTF-8", "en_US.utf8"). */
static int names_utf8(const char *name)
{
	const char *dot = strchr(name, '.');
	char cs[16];
	size_t i, k = 0;

	if (dot == NULL)
		return 0;
	for (i = 1; dot[i] != '\0' && dot[i] != '@' && k + 1 < sizeof cs; i++) {
		if (dot[i] != '-')
			cs[k++] = (char)(dot[i] >= 'A' && dot[i] <= 'Z' ? dot[i] + 32 : dot[i]);
	}
	cs[k] = '\0';
	return strcmp(cs, "utf8") == 0;
}

/* LC_CTYPE from the environment, so that curses speaks the terminal's own codeset (only
 * LC_CTYPE: numbers and the rest stay "C" for the engine). A locale that is asked for
 * but not installed (a kiosk may have only C.UTF-8) still gets UTF-8 when its name says
 * UTF-8; any other missing locale leaves "C", and the terminal gets ASCII. */
static void term_locale(void)
{
	if (setlocale(LC_CTYPE, "") != NULL)
		return;
	if (names_utf8(env_ctype()) &&
	    (setlocale(LC_CTYPE, "C.UTF-8") != NULL || setlocale(LC_CTYPE, "C.utf8") != NULL))
		return;
	setlocale(LC_CTYPE, "C");
}

/* The terminal named by TERM cannot be used: there is no such terminal, or curses made
 * a screen for it (scr) but it cannot move the cursor (cup); that screen is let go
 * without a byte written and the terminal's modes put back. -1 with *err set. */
static int term_refused(SCREEN *scr, const char *term, char **err)
{
	int known = 1;

	if (scr != NULL) {
		reset_shell_mode();
		delscreen(scr);
	} else if (setupterm(term, STDOUT_FILENO, &known) == OK) {
		del_curterm(cur_term);
		known = 1;
	}
	if (known <= 0)
		return set_error(err, "cannot use this terminal (TERM=%s)", term != NULL ? term : "");
	return set_error(err, "this terminal (TERM=%s) cannot move the cursor: the kiosk needs "
			 "a full-screen terminal (linux, xterm...)", term);
}

/* Modes the kiosk turns on beyond what curses does, and off again at the end: bracketed
 * paste (pasted text is then told apart from typed keys), and SGR mouse reports (1006:
 * clicks past column 223) where curses asks for the old ones (kmous "\E[M"); then the
 * SGR reports come as raw bytes and ui_keys.c reads them. */
static void term_modes(bool on)
{
	const char *paste = tigetstr(on ? "BE" : "BD"), *kmous = tigetstr("kmous");

	if (paste == NULL || paste == (const char *)-1)
		paste = on ? "\033[?2004h" : "\033[?2004l";
	putp(paste);
	if (kmous != NULL && kmous != (const char *)-1 && strcmp(kmous, "\033[<") != 0)
		putp(on ? "\033[?1006h" : "\033[?1006l");
	fflush(stdout);
}

static void sgr_mouse_ours(void)
{
	const char *kmous = tigetstr("kmous");

	if (kmous != NULL && kmous != (const char *)-1 && strcmp(kmous, "\033[<") == 0)
		define_key("\033[<", 0);
}

int ui_term_start(struct ui *ui, char **err)
{
	struct sigaction sa;
	const char *cs, *cup, *term = getenv("TERM");
	bool made = ui->priv == NULL;
	SCREEN *scr;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return set_error(err, "the kiosk screen needs a terminal");
	if (made)
		ui->priv = xcalloc(1, sizeof *ui->priv);
	/* DESIGN §9: the locale before initscr. A UTF-8 terminal is drawn with the wide
	 * functions under a UTF-8 LC_CTYPE. Any other terminal keeps its own locale (an
	 * 8-bit one such as lt_LT.ISO-8859-13, or C): curses then writes that codeset,
	 * text is converted to it before drawing (ui_draw.c) and keys are read byte by
	 * byte and decoded here (ui_keys.c), never with get_wch in a locale whose
	 * multibyte decoding would stall on a byte it does not know. */
	term_locale();
	cs = nl_langinfo(CODESET);
	ui_draw_codeset(ui, cs != NULL ? cs : "ANSI_X3.4-1968");
	ui->priv->linux_console = term != NULL && strncmp(term, "linux", 5) == 0;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGTSTP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);

	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	/* the terminal's description is looked up once, by newterm: a look-up of its own
	 * first cost a third of a millisecond of every start */
	scr = newterm(NULL, stdout, stdin);
	cup = scr != NULL ? tigetstr("cup") : NULL;
	if (cup == NULL || cup == (const char *)-1) {
		if (made) {
			free(ui->priv);
			ui->priv = NULL;
		}
		return term_refused(scr, term, err);
	}
	/* Each frame is a small difference: send it whole in one write rather than stop
	 * halfway to look for typeahead. */
	typeahead(-1);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	curs_set(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
		  | BUTTON5_PRESSED
#endif
		  , NULL);
	mouseinterval(0);
	/* ncurses 6.4 decodes SGR mouse reports ("\E[<b;x;yM") into a fixed stack buffer
	 * that a report with many ';' overflows (found by tests/fuzz/fuzz_keys): where it
	 * would decode them itself, take the sequence away from it, so the reports reach
	 * the bounds-checked reader in ui_keys.c as they do on other terminals. */
	sgr_mouse_ours();
	term_modes(true);
	ui_draw_init(ui);
	ui->priv->admin_key = ui_keys_parse(ui->cfg != NULL ? ui->cfg->admin_key : NULL);
	if (ui->priv->admin_key == 0)   /* an unknown name: the default, never no key */
		ui->priv->admin_key = KEY_F(12);
	ui->priv->cursor_shown = 0;
	ui->rows = LINES;
	ui->cols = COLS;
	running_ui = ui;
	return 0;
}

/* A terminfo string capability, NULL when the terminal has none. */
static const char *term_cap(const char *name)
{
	const char *s = tigetstr(name);

	return s == (const char *)-1 ? NULL : s;
}

void ui_term_end(struct ui *ui)
{
	if (!isendwin()) {
		/* Blank the last screen (it may show what a visitor typed) while curses still
		 * owns the terminal... */
		const char *alt = term_cap("smcup"), *clear = term_cap("clear");
		const char *scrollback = term_cap("E3"), *term = getenv("TERM");
		bool console = term != NULL && strncmp(term, "linux", 5) == 0;

		werase(stdscr);
		wnoutrefresh(stdscr);
		doupdate();
		term_modes(false);
		mousemask(0, NULL);
		curs_set(1);
		endwin();
		/* ...and without an alternate screen (the Linux console) endwin leaves it
		 * all there, scrollback included: clear both. */
		if (alt == NULL || console) {
			fflush(stdout);
			if (clear != NULL)
				putp(clear);
			else
				fputs("\033[H\033[2J", stdout);
			if (scrollback != NULL)
				putp(scrollback);
			else if (console)
				fputs("\033[3J", stdout);
		}
	}
	fflush(stdout);
	if (ui->priv != NULL) {
		ui_keys_paste_drop(ui);
		ui_speak_end(ui);
	}
	free(ui->priv);
	ui->priv = NULL;
	if (running_ui == ui)
		running_ui = NULL;
}

int ui_input_pending(void *arg)
{
	struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
	struct ui *ui = arg != NULL ? arg : running_ui;

	if (ui != NULL && ui->priv != NULL && ui_keys_waiting(ui))
		return 1;       /* pasted text or mouse events read but not given out */
	return poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN);
}

/* 1 if the terminal's input has ended: it closed or hung up (read() gives end of file or
 * EIO at once, so get_wch returns ERR without waiting). */
static int input_gone(void)
{
	struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};

	return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL));
}

bool ui_starts_search(uint32_t ch)
{
	return ui_keys_alnum(ch);
}

void ui_tick_soon(struct ui *ui)
{
	ui->priv->tick_soon = true;
}

int ui_depth(const struct ui *ui)
{
	return ui->priv->depth;
}

/* ---- language ---- */

char *ui_locale_dir(const struct config *cfg)
{
	static const char *const near[] = {"%s/locale", "%s/build/locale"};
	char exe[PATH_MAX];
	ssize_t n;
	struct stat sb;
	size_t i;

	if (cfg != NULL && cfg->locale_dir != NULL && cfg->locale_dir[0] != '\0')
		return xstrdup(cfg->locale_dir);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		const char *dir;

		exe[n] = '\0';
		dir = dirname(exe);
		for (i = 0; i < sizeof near / sizeof near[0]; i++) {
			char *path = xasprintf(near[i], dir);

			if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
				return path;
			free(path);
		}
	}
	return xstrdup(LOCALEDIR);
}

int ui_languages(const struct ui *ui, const char **out, int max)
{
	const char *avail[16];
	const char *list = ui->cfg != NULL && ui->cfg->languages ? ui->cfg->languages : "lt en";
	int navail = i18n_languages(avail, 16), n = 0, i;
	const char *s = list;

	while (*s != '\0' && n < max) {
		size_t k = 0;

		while (*s == ' ' || *s == ',' || *s == '\t')
			s++;
		while (s[k] != '\0' && s[k] != ' ' && s[k] != ',' && s[k] != '\t')
			k++;
		for (i = 0; i < navail && k > 0; i++) {
			int j, dup = 0;

			if (strlen(avail[i]) != k || strncmp(avail[i], s, k) != 0)
				continue;
			for (j = 0; j < n; j++)
				dup |= strcmp(out[j], avail[i]) == 0;
			if (!dup)
				out[n++] = avail[i];
			break;
		}
		s += k;
	}
	if (n == 0 && max > 0)
		out[n++] = "en";
	return n;
}

int ui_set_language(struct ui *ui, const char *lang)
{
	const char *langs[16];
	const char *cur = i18n_language();
	int n, i, at = -1;

	if (lang == NULL) {
		n = ui_languages(ui, langs, 16);
		for (i = 0; i < n; i++) {
			if (strcmp(langs[i], cur) == 0)
				at = i;
		}
		lang = langs[(at + 1) % n];
	}
	if (i18n_set_language(lang) < 0)
		return -1;
	ui->lang_gen++;
	if (ui->priv != NULL)
		ui->priv->dirty = true;
	return 0;
}

/* ---- the stack ---- */

static void frame_leave(struct ui *ui, struct ui_frame *f, bool wipe)
{
	if (wipe && f->s->wipe != NULL)
		f->s->wipe(ui, f->st);
	if (f->s->leave != NULL)
		f->s->leave(ui, f->st);
	wipe_string(&f->arg);           /* "q:..." holds what a visitor typed */
	memset(f, 0, sizeof *f);
}

static void stack_pop(struct ui *ui, bool wipe)
{
	struct ui_private *p = ui->priv;

	if (p->depth == 0)
		return;
	frame_leave(ui, &p->stack[p->depth - 1], wipe);
	p->depth--;
	p->dirty = true;
}

static void stack_push(struct ui *ui, const struct screen *s, const char *arg)
{
	struct ui_private *p = ui->priv;
	struct ui_frame *f;

	if (s == NULL)
		return;
	if (p->depth == UI_MAX_DEPTH) {
		/* A long walk from case to related case: forget the oldest steps, keeping
		 * the attract and home screens at the bottom. */
		frame_leave(ui, &p->stack[2], false);
		memmove(&p->stack[2], &p->stack[3], (UI_MAX_DEPTH - 3) * sizeof p->stack[0]);
		p->depth--;
	}
	f = &p->stack[p->depth++];
	f->s = s;
	f->arg = xstrdup(arg);
	f->st = s->enter != NULL ? s->enter(ui, f->arg) : NULL;
	p->dirty = true;
}

static void go_home(struct ui *ui)
{
	struct ui_private *p = ui->priv;
	int i;

	for (i = p->depth - 1; i >= 0 && p->stack[i].s != p->app->home; i--)
		;
	if (i < 0) {
		while (p->depth > 1)
			stack_pop(ui, true);
		stack_push(ui, p->app->home, NULL);
		return;
	}
	while (p->depth > i + 1)
		stack_pop(ui, true);
}

/* Wipe everything a visitor did and start again from the attract screen. */
static void reset_all(struct ui *ui)
{
	struct ui_private *p = ui->priv;

	ui_keys_paste_drop(ui);
	ui_osk_reset(ui);
	while (p->depth > 0)
		stack_pop(ui, true);
	if (ui->cfg != NULL && ui->cfg->default_language != NULL)
		ui_set_language(ui, ui->cfg->default_language);
	ui_speak_reset(ui);
	stack_push(ui, p->app->attract, NULL);
}

static bool apply(struct ui *ui, struct ui_result r, const struct ui_event *ev);

/* Push s with arg; a visitor's screen pushed on the attract screen goes on top of the
 * home screen, so that Back leads home. */
static void push_visitor(struct ui *ui, const struct screen *s, const char *arg)
{
	struct ui_private *p = ui->priv;

	if (p->depth > 0 && p->stack[p->depth - 1].s == p->app->attract &&
	    p->app->home != NULL && s != p->app->home)
		stack_push(ui, p->app->home, NULL);
	stack_push(ui, s, arg);
}

static bool global_key(struct ui *ui, const struct ui_event *ev)
{
	struct ui_private *p = ui->priv;
	const struct screen *top = p->stack[p->depth - 1].s;
	static char arg[16];

	switch (ev->act) {
	case ACT_HELP:
		if (top != p->app->help)
			stack_push(ui, p->app->help, NULL);
		break;
	case ACT_LANG:
		ui_set_language(ui, NULL);
		break;
	case ACT_SPEECH:
		ui_speak_set(ui, !p->speech_on);
		p->dirty = true;
		break;
	case ACT_HOME:
		go_home(ui);
		break;
	case ACT_BACK:
	case ACT_ERASE:
		if (p->depth > 1)
			stack_pop(ui, true);
		break;
	case ACT_SEARCH:
		push_visitor(ui, p->app->search, "search");
		break;
	case ACT_ADMIN:
		if (p->app->admin != NULL)
			stack_push(ui, p->app->admin, NULL);
		break;
	case ACT_CHAR:
		/* '?' is help everywhere outside a form, also where letters are no search
		 * (admin and staff screens). */
		if (top->flags & SCREEN_FORM)
			break;
		if (ev->paste && !ui_starts_search(ev->ch)) {
			break;          /* pasted text is no command */
		} else if (ev->ch == '?') {
			if (top != p->app->help && p->app->help != NULL)
				stack_push(ui, p->app->help, NULL);
		} else if (top->flags & SCREEN_NO_SEARCH) {
			break;
		} else if (ev->ch == '/') {
			push_visitor(ui, p->app->search, "search");
		} else if (ui_starts_search(ev->ch)) {
			snprintf(arg, sizeof arg, "q:%s", ev->utf8);
			push_visitor(ui, p->app->search, arg);
		}
		break;
	default:
		break;
	}
	return true;
}

/* Do what a handler asked. Returns false to end the loop. */
static bool apply(struct ui *ui, struct ui_result r, const struct ui_event *ev)
{
	struct ui_private *p = ui->priv;

	switch (r.next) {
	case UI_STAY:
		break;
	case UI_REDRAW:
		p->dirty = true;
		break;
	case UI_PUSH:
		push_visitor(ui, r.screen, r.arg);
		break;
	case UI_POP:
		if (p->depth > 1)
			stack_pop(ui, true);
		break;
	case UI_REPLACE: {
		char *arg = xstrdup(r.arg);

		if (p->depth > 1)
			stack_pop(ui, true);
		stack_push(ui, r.screen, arg);
		free(arg);
		break;
	}
	case UI_GO_HOME:
		go_home(ui);
		break;
	case UI_ATTRACT:
		reset_all(ui);
		break;
	case UI_UNHANDLED:
		if (ev != NULL)
			return global_key(ui, ev);
		break;
	case UI_QUIT:
		return false;
	}
	return true;
}

/* ---- painting ---- */

static bool too_small(void)
{
	return LINES < UI_MIN_ROWS || COLS < UI_MIN_COLS;
}

static void paint_idle(struct ui *ui, int64_t deadline)
{
	/* TRANSLATORS: the idle warning's button: the visitor is still there */
	static const struct ui_key keys[] = {{ACT_OPEN, N_("More time")}};
	long left = (long)((deadline - ui->now_ms + 999) / 1000);
	char *text;

	if (left < 0)
		left = 0;
	text = xasprintf(i18n_nget("Touch the screen or press any key to go on. "
				   "Starting over in %ld second.",
				   "Touch the screen or press any key to go on. "
				   "Starting over in %ld seconds.", (unsigned long)left), left);
	ui->priv->nareas = 0;
	ui->priv->drawing = NULL;
	ui_msgbox_draw(ui, _("Are you still there?"), text, keys, 1);
	free(text);
}

static void paint(struct ui *ui, bool idle, int64_t idle_deadline)
{
	struct ui_private *p = ui->priv;
	int b, i;

	p->nareas = 0;
	p->cursor_y = -1;
	p->cursor_x = -1;
	ui_speak_paint_begin(ui);
	ui->rows = LINES;
	ui->cols = COLS;
	ui_draw_style(ui, UI_NORMAL);
	werase(stdscr);
	if (too_small()) {
		/* A large console font on a small screen gives 50x15: say what to do. */
		char *msg = xasprintf(_("This screen is too small: vitrina needs %dx%d characters "
					"and has %dx%d. Make the window bigger, or ask a "
					"librarian to set a smaller console_font and restart "
					"the kiosk."), UI_MIN_COLS, UI_MIN_ROWS, COLS, LINES);
		int h = ui_text_rows(msg, COLS - 2);

		ui_text_wrap(ui, LINES > h ? (LINES - h) / 2 : 0, 1, LINES, COLS - 2, UI_ERROR,
			     msg);
		free(msg);
	} else {
		for (b = p->depth - 1; b > 0 && (p->stack[b].s->flags & SCREEN_OVERLAY); b--)
			;
		for (i = b; i < p->depth; i++) {
			if (i > b)
				p->nareas = 0;  /* an overlay is modal: only its own areas */
			p->drawing = p->stack[i].s;
			p->stack[i].s->draw(ui, p->stack[i].st);
		}
		p->drawing = NULL;
		if (idle) {
			p->cursor_y = -1;
			ui_speak_paint_begin(ui);
			paint_idle(ui, idle_deadline);
		}
	}
	ui_speak_paint_end(ui, idle ? _("Are you still there? Press any key or touch the "
					 "screen for more time.") : NULL);
	wnoutrefresh(stdscr);
	doupdate();
	p->dirty = false;
}

/* A click on a registered area becomes that area's action. */
static void map_click(struct ui *ui, struct ui_event *ev)
{
	struct ui_private *p = ui->priv;
	int i;

	p->click_tag = -1;
	for (i = p->nareas - 1; i >= 0; i--) {
		const struct ui_area *a = &p->areas[i];

		if (ev->row >= a->y && ev->row < a->y + a->h && ev->col >= a->x &&
		    ev->col < a->x + a->w) {
			ev->act = a->act;
			ev->arg = a->tag;
			p->click_tag = a->tag;
			if (a->act == ACT_CHAR && a->tag > 0 && (uint32_t)a->tag <= 0x10ffff) {
				/* A button for a letter key: as if it was typed. */
				int k = utf8_encode((uint32_t)a->tag, ev->utf8);

				ev->utf8[k] = '\0';
				ev->ch = (uint32_t)a->tag;
			}
			return;
		}
	}
}

/* Where pasted text goes. It types into the field that had the focus when it came, and
 * only there (the rest is dropped if that screen goes). With no field focused it starts
 * a search on a visitor's screen, as typed letters do, with the whole text; elsewhere it
 * is dropped. Returns true if ev (a pasted character) is for the top screen. */
static bool paste_typed(struct ui *ui, const struct ui_event *ev)
{
	struct ui_private *p = ui->priv;
	const struct ui_frame *top = &p->stack[p->depth - 1];
	char *arg;
	size_t i;

	if (!p->paste_new) {
		if (top->st == p->paste_st && p->depth == p->paste_depth)
			return true;
		ui_keys_paste_drop(ui);
		return false;
	}
	p->paste_new = false;
	p->paste_st = top->st;
	p->paste_depth = p->depth;
	if (p->cursor_y >= 0)
		return true;
	arg = xasprintf("q:%s%s", ev->utf8, ui_keys_paste_rest(ui));
	ui_keys_paste_drop(ui);
	for (i = 2; arg[i] == ' '; i++)
		;
	if (arg[i] != '\0' && !(top->s->flags & (SCREEN_FORM | SCREEN_NO_SEARCH)) &&
	    p->app->search != NULL)
		push_visitor(ui, p->app->search, arg);
	wipe_string(&arg);
	return false;
}

static bool run_tick(struct ui *ui)
{
	struct ui_private *p = ui->priv;
	struct ui_frame *top = &p->stack[p->depth - 1];

	p->tick_soon = false;
	if (top->s->tick == NULL)
		return true;
	return apply(ui, top->s->tick(ui, top->st), NULL);
}

/* The next event: a mouse event queued from a burst (each gets its own turn, drawn
 * after the one before, ahead of any key sent after it) or a pasted character, else
 * input waited for up to wait ms. Returns 1 with *ev, 0 if nothing came, 2 for a resize
 * or a key that means nothing, -1 when the terminal's input has ended. */
static int next_event(struct ui *ui, int wait, struct ui_event *ev)
{
	wint_t wch = 0;
	int rc;

	if (ui_keys_waiting(ui))
		return ui_keys_queued(ui, ev) ? 1 : 2;
	timeout(wait);
	rc = ui_keys_get(ui, &wch);
	if (rc == ERR)
		return input_gone() ? -1 : 0;
	if (rc == KEY_CODE_YES && wch == KEY_RESIZE) {
		/* The terminal may have reflowed or cleared what it showed: repaint all
		 * of it once. */
		clearok(curscr, TRUE);
		ui->priv->dirty = true;
		return 2;
	}
	return ui_keys_event(ui, rc, wch, ev) ? 1 : 2;
}

/* Whether the idle timeout applies now: not when the top screen has SCREEN_NO_IDLE, nor
 * when an overlay (help, a message box) sits on such a screen. */
static bool idle_for(const struct ui_private *p)
{
	int i;

	for (i = p->depth - 1; i >= 0; i--) {
		unsigned fl = p->stack[i].s->flags;

		if (fl & SCREEN_NO_IDLE)
			return false;
		if (!(fl & SCREEN_OVERLAY))
			break;
	}
	return true;
}

/* After the idle warning: say how long the visitor has now. */
static void say_more_time(struct ui *ui, int64_t idle_ms)
{
	long min = (long)(idle_ms / 60000), sec = (long)(idle_ms / 1000);
	char *s = min > 0 ? xasprintf(i18n_nget("More time: %ld minute.", "More time: %ld minutes.",
						(unsigned long)min), min)
			  : xasprintf(i18n_nget("More time: %ld second.",
						"More time: %ld seconds.",
						(unsigned long)sec), sec);

	ui_say(ui, s);
	free(s);
}

int ui_run(struct ui *ui, const struct ui_app *app)
{
	struct ui_private *p = ui->priv;
	int64_t last_input, last_tick, idle_deadline = 0;
	bool running = true, idle = false;

	p->app = app;
	p->click_tag = -1;
	ui->now_ms = now_ms_monotonic();
	ui_speak_reset(ui);
	stack_push(ui, app->attract, NULL);
	last_input = last_tick = ui->now_ms;
	p->dirty = true;
	while (running && stop_signal == 0) {
		struct ui_event ev;
		int rc, wait = TICK_MS;
		int64_t idle_ms = (int64_t)(ui->cfg != NULL ? ui->cfg->idle_timeout : 120) * 1000;
		bool idle_applies;

		ui->now_ms = now_ms_monotonic();
		idle_applies = idle_for(p);
		if (!idle && idle_applies && ui->now_ms - last_input >= idle_ms) {
			int64_t cd = idle_ms < IDLE_COUNTDOWN_S * 1000 ? idle_ms
								     : IDLE_COUNTDOWN_S * 1000;

			idle = true;
			idle_deadline = ui->now_ms + cd;
			p->dirty = true;
		}
		if (idle && ui->now_ms >= idle_deadline) {
			idle = false;
			reset_all(ui);
			last_input = ui->now_ms;
		}
		/* A paste types a character a turn: paint once it is all in. */
		if (p->dirty && !(p->paste_at < p->paste_len))
			paint(ui, idle, idle_deadline);
		if (idle) {
			wait = (int)((idle_deadline - ui->now_ms) % 1000);
			if (wait <= 0)
				wait = 1000;
		} else if (idle_applies && last_input + idle_ms - ui->now_ms < wait) {
			wait = (int)(last_input + idle_ms - ui->now_ms);
		}
		if (p->tick_soon && !ui_input_pending(ui))
			wait = 0;
		if (wait < 0)
			wait = 0;
		rc = next_event(ui, wait, &ev);
		ui->now_ms = now_ms_monotonic();
		if (stop_signal != 0 || rc < 0)
			break;
		if (idle)
			p->dirty = true;        /* the countdown */
		if (rc == 0) {
			if (p->tick_soon || ui->now_ms - last_tick >= TICK_MS) {
				last_tick = ui->now_ms;
				running = run_tick(ui);
			}
			continue;
		}
		if (rc == 2)
			continue;
		last_input = ui->now_ms;
		if (idle) {
			idle = false;   /* any touch means someone is there: the full time */
			if (ev.paste)
				ui_keys_paste_drop(ui);
			say_more_time(ui, idle_ms);
			continue;
		}
		if (too_small() || (ev.paste && !paste_typed(ui, &ev)))
			continue;
		if (ev.act == ACT_CLICK) {
			if (ui_osk_touch(ui))
				p->dirty = true;
			map_click(ui, &ev);
		} else {
			p->click_tag = -1;
		}
		if (ui_osk_key(ui, &ev)) {
			p->dirty = true;
			continue;
		}
		if (ev.act == ACT_SPEECH) {     /* F7 on every screen, before its own keys */
			global_key(ui, &ev);
			continue;
		}
		{
			struct ui_frame *top = &p->stack[p->depth - 1];
			struct ui_result r;

			/* Letters are the screen's keys only while no field takes them: not on a
			 * form, nor while the last paint showed a focused field's cursor. */
			ui_keys_screen(top->s->keys, !(top->s->flags & SCREEN_FORM) &&
				       p->cursor_y < 0 && !ev.paste, &ev);
			r = top->s->key != NULL ? top->s->key(ui, top->st, &ev) : ui_unhandled();

			running = apply(ui, r, &ev);
		}
		if (ui->now_ms - last_tick >= TICK_MS) {
			last_tick = ui->now_ms;
			if (running)
				running = run_tick(ui);
		}
	}
	while (p->depth > 0)
		stack_pop(ui, true);
	return 0;
}

char *ui_quote(const char *lang, const char *text)
{
	static const struct {
		const char *lang, *open, *close;
	} marks[] = {
		{"lt", "\xe2\x80\x9e", "\xe2\x80\x9c"},        /* „…“ */
		{"pl", "\xe2\x80\x9e", "\xe2\x80\x9d"},        /* „…” */
		{"ru", "\xc2\xab", "\xc2\xbb"},                  /* «…» */
	};
	size_t i;

	for (i = 0; lang != NULL && i < sizeof marks / sizeof marks[0]; i++) {
		if (strcmp(marks[i].lang, lang) == 0)
			return xasprintf("%s%s%s", marks[i].open, text, marks[i].close);
	}
	return xasprintf("\xe2\x80\x9c%s\xe2\x80\x9d", text);     /* “…” */
}

const char *ui_below_name(const struct ui *ui)
{
	const struct ui_private *p = ui->priv;
	const struct screen *s;

	if (p == NULL || p->depth < 2)
		return "";
	s = p->stack[p->depth - 2].s;
	return s != NULL && s->name != NULL ? s->name : "";
}
