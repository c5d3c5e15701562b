/* ui: the kiosk's ui toolkit (DESIGN §6, STYLE "Shape of the code"): the screen
 * table and stack, the keymap that turns keys and mouse events into actions, a few
 * widgets (list, pager, form field, key bar, message box) and drawing helpers that
 * take UTF-8 and print it safely (sanitised, width-aware, wide functions).
 *
 * Screens never see raw key codes and never need curses for ordinary drawing: they
 * draw from their state with the helpers below, and their key handlers return what
 * should happen next. The loop repaints once per turn and lets ncurses send only the
 * difference (it erases its virtual screen, never the terminal). */
#ifndef VITRINA_UI_H
#define VITRINA_UI_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config;

/* ---- actions: the keymap (src/ui/ui_keys.c) turns keys and mouse events into these ---- */

enum action {
	ACT_NONE,
	ACT_UP, ACT_DOWN, ACT_LEFT, ACT_RIGHT,
	ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_FIRST, ACT_LAST,        /* PgUp PgDn Home End */
	ACT_OPEN,               /* Enter: open / choose / toggle */
	ACT_BACK,               /* Esc */
	ACT_NEXT, ACT_PREV,     /* Tab, Shift-Tab: next / previous field or pane */
	ACT_HELP,               /* F1 (and '?' outside forms) */
	ACT_LANG,               /* F2: next UI language */
	ACT_SEARCH,             /* F3 (and '/' outside forms) */
	ACT_FILTER,             /* F4: filters (browse) */
	ACT_CONTACT,            /* F5: contact this person or partner */
	ACT_HOME,               /* F6: back to the home screen */
	ACT_SUBMIT,             /* F10: send a form */
	ACT_ADMIN,              /* the configured admin key (F12 by default) */
	ACT_CHAR,               /* a printable character: ev->ch (and ev->utf8) */
	ACT_ERASE,              /* Backspace */
	ACT_DELETE,             /* Delete */
	ACT_CLEAR,              /* Ctrl-U: clear the field */
	ACT_CLICK,              /* mouse click or touch at ev->row, ev->col */
	ACT_WHEEL_UP, ACT_WHEEL_DOWN,
	/* Actions with no key of their own: a screen gives them keys in its key table
	 * (struct ui_keydef), or buttons on its key bar. */
	ACT_REFRESH,            /* load again */
	ACT_EXPORT,             /* export the list */
	ACT_QUIT,               /* end the program */
	ACT_NOTE,               /* add a note */
	ACT_NEXT_ITEM, ACT_PREV_ITEM,   /* the next / previous item of the list below */
	ACT_FILTER_STATUS, ACT_FILTER_KIND, ACT_FILTER_COUNTY,  /* the next choice of a
								 * filter */
	ACT_CLEAR_FILTERS,      /* all filters off */
	ACT_NEXT_PAGE, ACT_PREV_PAGE,   /* the next / previous page of a paged list */
	ACT_SET_STATUS,         /* set the status whose index is ev->arg */
	ACT_SPEECH,             /* F7: speech on or off for this visit */
	ACT_COUNT
};

struct ui_event {
	enum action act;
	uint32_t ch;            /* ACT_CHAR: the code point (also kept when a screen's key
				 * table made the letter an action) */
	char utf8[8];           /* ACT_CHAR: the same, UTF-8 and NUL-terminated */
	int row, col;           /* ACT_CLICK and wheel: where (0-based screen cell) */
	int arg;                /* the action's argument: from the screen's key table, or
				 * the tag of the clicked area (ACT_SET_STATUS: the status) */
	int fkey;               /* a function key: its number (F5: 5), else 0 */
	bool paste;             /* ACT_CHAR: part of a pasted text (bracketed paste): it
				 * goes only into the focused field, never to a key table */
};

/* The translated label of an action ("Help", "Back"...): translate at draw time. */
const char *ui_action_label(enum action a);
/* The name of the key for an action as shown on the key bar ("F1", "Esc", "Enter"); ""
 * for the actions that have keys only in a screen's key table. */
const char *ui_action_key(enum action a);

/* One key of a screen's key table: on that screen the key arrives as act with arg. A
 * letter applies only while the screen takes no text (it has no SCREEN_FORM and draws no
 * focused field: ui_field_render with focused places the cursor, and then letters are
 * typed); a function key the keymap knows ("F5") always applies, in place of its action
 * there.
 * The key bar takes its key names from the table: a button for an action with no key
 * of its own shows the first key of the table for it (and arg, when the button's tag is
 * not -1), so later keys for the same action are quiet aliases ("]" beside "n"). */
struct ui_keydef {
	const char *key;        /* a character ("s", "]") or a function key ("F5");
				 * NULL ends the table */
	enum action act;
	int arg;                /* ev->arg with it */
	const char *label;      /* N_() label on the key bar; NULL: the action's own */
};

/* ---- screens and the screen stack (src/ui/ui.c) ---- */

struct ui;
struct screen;

enum ui_next {
	UI_STAY,                /* nothing changed */
	UI_REDRAW,              /* state changed: repaint */
	UI_PUSH,                /* push .screen with .arg on top */
	UI_POP,                 /* leave this screen, back to the one below */
	UI_REPLACE,             /* leave this screen and enter .screen in its place */
	UI_GO_HOME,             /* leave everything down to the home screen */
	UI_ATTRACT,             /* wipe everything and go back to the attract screen */
	UI_UNHANDLED,           /* not for this screen: the loop's global keys apply */
	UI_QUIT                 /* end the program (admin only) */
};

struct ui_result {
	enum ui_next next;
	const struct screen *screen;    /* UI_PUSH, UI_REPLACE */
	const char *arg;                /* UI_PUSH, UI_REPLACE: copied by the stack */
};

/* Shorthands for key handlers. The loop copies the arg string as soon as the handler
 * returns, so it may live in the screen's state or a static buffer. */
struct ui_result ui_stay(void);
struct ui_result ui_redraw(void);
struct ui_result ui_push(const struct screen *s, const char *arg);
struct ui_result ui_replace(const struct screen *s, const char *arg);
struct ui_result ui_pop(void);
struct ui_result ui_go_home(void);
struct ui_result ui_unhandled(void);

enum {
	SCREEN_FORM = 1,        /* takes text: letters do not start a search, '?' is a letter */
	SCREEN_OVERLAY = 2,     /* drawn over the screen below (help, message boxes) */
	SCREEN_NO_IDLE = 4,     /* no idle timeout while this is on top, or under the
				 * overlays on top (attract, the staff screens) */
	SCREEN_NO_SEARCH = 8    /* letters are not a search here, '?' is still help
				 * (admin and staff screens) */
};

/* A screen is a const table of functions plus its own private state. Only .name and
 * .draw are required. enter() makes the state from arg (a string the screen defines;
 * NULL when none) and may return NULL for a stateless screen; leave() frees it. wipe()
 * drops anything a visitor typed or chose (idle reset, language-independent); it is
 * always followed by leave(). tick() runs about twice a second and on ui_tick_soon();
 * only the top screen ticks. draw() paints from the state (no engine calls needed);
 * overlays are drawn over the screens below, and a screen draws its own key bar.
 * key() gets actions (the screen's key table applied: .keys); a screen returns
 * ui_unhandled() for keys it does not use, and then the loop's global keys apply (help,
 * language, home, back, letters search). */
struct screen {
	const char *name;
	unsigned flags;                 /* SCREEN_* */
	void *(*enter)(struct ui *ui, const char *arg);
	void (*draw)(struct ui *ui, void *st);
	struct ui_result (*key)(struct ui *ui, void *st, const struct ui_event *ev);
	struct ui_result (*tick)(struct ui *ui, void *st);
	void (*leave)(struct ui *ui, void *st);
	void (*wipe)(struct ui *ui, void *st);
	const struct ui_keydef *keys;   /* the screen's own keys (ends with key NULL), or
					 * NULL; a screen with letter keys is usually
					 * SCREEN_NO_SEARCH */
};

/* What every screen may read. Fields are kept up to date by the loop. */
struct ui {
	sqlite3 *db;                    /* the kiosk database (engine calls only) */
	const struct config *cfg;
	int rows, cols;                 /* terminal size (>= UI_MIN_ROWS x UI_MIN_COLS) */
	bool color;                     /* colours available (else monochrome attributes) */
	bool utf8_term;                 /* the terminal's own codeset is UTF-8 (else draw
					 * ASCII symbols: ">" for "▶"; text is converted
					 * by the drawing functions anyway) */
	int64_t now_ms;                 /* monotonic time of this turn */
	unsigned lang_gen;              /* changes whenever the UI language does: screens
					 * rebuild text they laid out (never cache _()) */
	void *app;                      /* the program's state for its screens, set before
					 * ui_run (vitrina review: struct staff_app) */
	struct ui_private *priv;        /* the toolkit's own */
};

#define UI_MIN_ROWS 24
#define UI_MIN_COLS 80

/* The screens the loop itself needs for its global keys (the toolkit knows no screen
 * by name: screens point down to it, not the other way). */
struct ui_app {
	const struct screen *attract;   /* the bottom of the stack, where idle goes back to */
	const struct screen *home;      /* pushed on attract (also under any other screen
					 * pushed from attract); F6 goes back to it */
	const struct screen *help;      /* F1 or '?' */
	const struct screen *search;    /* F3 or '/' with arg "search"; a letter typed on a
					 * screen without SCREEN_FORM pushes it with "q:LETTER" */
	const struct screen *admin;     /* the admin key; NULL: none */
};

/* Run the kiosk loop from app->attract until SIGTERM/SIGHUP, UI_QUIT, or the end of the
 * terminal's input (it closed or hung up). The terminal must already be set up
 * (ui_term_start). Returns 0. */
int ui_run(struct ui *ui, const struct ui_app *app);
/* Set up and restore the terminal: locale, ncursesw, raw mode, colours, mouse (SGR
 * reports, mode 1006), bracketed paste, signals (SIGINT/SIGQUIT/SIGTSTP ignored;
 * SIGTERM/SIGHUP end the loop cleanly). A terminal without cursor addressing
 * (TERM=dumb) is refused.
 * LC_CTYPE comes from the environment (a UTF-8 locale that is asked for but not
 * installed becomes C.UTF-8). A terminal whose codeset is not UTF-8 (an 8-bit one such
 * as ISO-8859-13, or ASCII under C/POSIX) keeps its own locale: text is converted to its
 * codeset when drawn (transliterated where it lacks a letter) and keys are decoded from
 * it byte by byte, so typed letters arrive as UTF-8 and input never stalls.
 * Returns -1 with *err set if the terminal cannot be used. */
int ui_term_start(struct ui *ui, char **err);
/* Restore the terminal and free what ui_term_start made. */
void ui_term_end(struct ui *ui);

/* 1 if the character ch typed on a visitor's screen starts a search with it (a letter or
 * a digit in any script). */
bool ui_starts_search(uint32_t ch);
/* Ask for a tick() of the top screen as soon as no input is waiting (for example to
 * re-run a search that gave way to a key). */
void ui_tick_soon(struct ui *ui);
/* 1 if a key or mouse event is waiting to be read (for search_set_cancel). */
int ui_input_pending(void *ui);
/* The number of screens on the stack. */
int ui_depth(const struct ui *ui);
/* Switch the UI language to the next of ui_languages() (or to lang if not NULL) and
 * mark everything for a repaint. Returns -1 if there is no catalog for it. */
int ui_set_language(struct ui *ui, const char *lang);
/* The folder of .mo files: cfg->locale_dir if set, else the locale folder make builds
 * next to the running binary ($(BUILD)/locale, or build/locale under its folder), else
 * the installed LOCALEDIR. Never NULL; the caller frees it. */
char *ui_locale_dir(const struct config *cfg);
/* The languages a visitor can choose: those of cfg->languages, in that order, that
 * have a catalog (English always can). Stores up to max codes (static strings) in out
 * and returns how many. */
int ui_languages(const struct ui *ui, const char **out, int max);

/* ---- drawing (src/ui/ui_draw.c). Rows and columns are 0-based screen cells. ---- */

enum ui_style {
	UI_NORMAL, UI_TITLE, UI_HEADING, UI_DIM, UI_QUOTE, UI_SELECTED, UI_MARK,
	UI_BUTTON, UI_BUTTON_KEY, UI_FIELD, UI_FIELD_FOCUS, UI_ERROR, UI_OK, UI_FRAME,
	UI_BAR, UI_STYLE_COUNT
};

/* Print UTF-8 text s at (y, x) in at most w columns: sanitised first (controls, escape
 * sequences, bidi controls and invalid UTF-8 never reach the terminal), cut at a
 * character boundary with "…" when it does not fit, then padded with spaces to w
 * columns. Returns the columns the text took (without the padding). */
int ui_text(struct ui *ui, int y, int x, int w, enum ui_style st, const char *s);
/* The same without padding. */
int ui_text_at(struct ui *ui, int y, int x, int w, enum ui_style st, const char *s);
/* printf-style into the same (fmt is usually _("...")); the result is sanitised. */
int ui_textf(struct ui *ui, int y, int x, int w, enum ui_style st, const char *fmt, ...);
/* Centre s in [x, x+w). Returns the column it started at. */
int ui_text_center(struct ui *ui, int y, int x, int w, enum ui_style st, const char *s);
/* Wrap s (sanitised, paragraphs kept) into [y, y+h) x [x, x+w); returns the rows used. */
int ui_text_wrap(struct ui *ui, int y, int x, int h, int w, enum ui_style st, const char *s);
/* The rows ui_text_wrap needs for all of s at w columns, so a screen can make room for
 * a message rather than lose its end (src/ui/ui_widgets.c). */
int ui_text_rows(const char *s, int w);
/* A screen's top bar: title (already translated; also what is spoken when the screen
 * opens) on the left, right (a count, or NULL) on the right, in the bar's style. */
void ui_top_bar(struct ui *ui, const char *title, const char *right);
/* Fill a rectangle with spaces in style st. */
void ui_fill(struct ui *ui, int y, int x, int h, int w, enum ui_style st);
/* Lines with the terminal's line drawing (ACS fallback on terminals without Unicode). */
void ui_hline(struct ui *ui, int y, int x, int w, enum ui_style st);
void ui_vline(struct ui *ui, int y, int x, int h, enum ui_style st);
/* A framed box, cleared inside, with an optional title (UTF-8) in the top border. */
void ui_box(struct ui *ui, int y, int x, int h, int w, enum ui_style st, const char *title);
/* Columns s takes once sanitised (for layout). */
int ui_width(const char *s);

/* A clickable area registered during draw: a click inside it becomes ev (with its
 * row and col) for the top screen. Areas are forgotten at the start of each repaint. */
void ui_click_area(struct ui *ui, int y, int x, int h, int w, enum action act, int tag);
/* The tag of the area the last click hit (set when a click is turned into an action
 * by an area), or -1. */
int ui_click_tag(const struct ui *ui);

/* ---- key bar (src/ui/ui_widgets.c) ---- */

struct ui_key {
	enum action act;
	const char *label;      /* N_("...") label; NULL: the label of the screen's key
				 * table for act, else the action's own */
};

/* Draw the key bar on the bottom row: one clickable button per key, "F1 Help" (labels
 * translated here; key names and labels of actions with no key of their own come from
 * the drawing screen's key table), and the current language's code on the right (a click
 * on it switches language). Buttons that do not fit are left out, so put the most
 * important first. */
void ui_keybar(struct ui *ui, const struct ui_key *keys, int n);

/* A key bar button with a label made at draw time ("s Status: new"). */
struct ui_button {
	enum action act;        /* what a click on it does (with ev->arg = tag); ACT_CHAR:
				 * types the character tag (the event gets ch and utf8, as
				 * if it was typed) */
	const char *key;        /* the key name shown ("r"); NULL: the action's ("F1"),
				 * or for an action with no key of its own the drawing
				 * screen's key for act (and tag, when not -1) */
	const char *label;      /* shown as it is (translate at draw time with _());
				 * NULL: as for ui_key */
	int tag;                /* ui_click_tag() and ev->arg after a click (the character
				 * for ACT_CHAR); -1 for none */
};

/* Draw a row of buttons at row y as ui_keybar does (on the bottom row also the
 * language code on the right). A click on one arrives as its action. */
void ui_keybar_at(struct ui *ui, int y, const struct ui_button *b, int n);

/* Draw a button "[ label ]" (label already translated) on row y from column x, or
 * ending one column before the right edge when x < 0; focused shows it selected (for a
 * button reached with Tab). A click on it arrives as act. Returns the columns it took. */
int ui_button(struct ui *ui, int y, int x, const char *label, bool focused,
	      enum action act);

/* ---- language choice (src/ui/ui_widgets.c) ---- */

/* Draw the languages a visitor can choose (ui_languages) centred on row y, each by its
 * own name ("Lietuvių", "English", "Русский", "Polski") as a clickable button, the
 * current one highlighted. A click is ACT_LANG with the language's index as click tag. */
void ui_lang_buttons(struct ui *ui, int y);
/* For a key handler on a screen with ui_lang_buttons: on ACT_LANG switch to the clicked
 * language, or to the next one (F2, the key bar). Returns ui_redraw(). */
struct ui_result ui_lang_key(struct ui *ui);

/* The note for text shown in its original language lang because there is no
 * translation into the visitor's ("Original in Lithuanian"), translated now. */
const char *ui_original_note(const char *lang);
/* The name of the screen under the top one (what an overlay such as help was opened
 * from), or "" when there is none (src/ui/ui.c). */
const char *ui_below_name(const struct ui *ui);
/* text in the quotation marks of language lang (lt and pl „…“ / „…”, en “…”, ru «…»;
 * English ones for any other): a new string the caller frees (src/ui/ui.c). */
char *ui_quote(const char *lang, const char *text);

/* ---- list (src/ui/ui_widgets.c) ---- */

struct ui_list;
/* Draw row i (0 <= i < n) in [x, x+w) at row y; selected is the cursor row. */
typedef void ui_draw_row_fn(struct ui *ui, void *ctx, int i, int y, int x, int w,
			    bool selected);

struct ui_list {
	int n;                  /* number of rows */
	int sel;                /* cursor, 0..n-1 (or 0 when n == 0) */
	int top;                /* first row shown */
	ui_draw_row_fn *draw_row;
	void *ctx;
	int row_h;              /* screen rows per item (0 means 1) */
	int cursor;             /* how the cursor row shows: UI_CURSOR_MARK (0) */
	int y, x, h, w;         /* where it was last drawn (set by ui_list_draw) */
};

/* ui_list.cursor: a marker in the first two columns (the default); a reverse-video bar
 * across the row (the focused list of several: the row callback draws its text in
 * UI_SELECTED when selected); or the marker dimmed (a list without the focus). */
enum { UI_CURSOR_MARK, UI_CURSOR_BAR, UI_CURSOR_DIM };

enum ui_list_result { UI_LIST_IGNORED, UI_LIST_MOVED, UI_LIST_OPEN };

/* Draw the visible rows (a scroll mark on the right when they do not all fit); the
 * selected row gets a marker in its first two columns, the row callback draws the rest
 * from x + 2 (on row_h rows from y). Clicking a row selects and opens it. Only the
 * marker changes when the cursor moves, so a move writes few bytes. */
void ui_list_draw(struct ui *ui, struct ui_list *l, int y, int x, int h, int w);
/* Handle up/down/page/first/last/open/click/wheel. Returns what happened. */
enum ui_list_result ui_list_key(struct ui_list *l, const struct ui_event *ev);
/* Set the number of rows, keeping the cursor in range. */
void ui_list_set_count(struct ui_list *l, int n);

/* ---- pager: wrapped, scrollable text with styled lines and links (src/ui/ui_widgets.c) ---- */

struct ui_pager_line {
	char *text;             /* sanitised, fits the width */
	enum ui_style style;
	int indent;
	int link;               /* -1, or a link number the screen gave */
};

struct ui_pager {
	struct ui_pager_line *lines;
	int n, cap;
	int top;                /* first line shown */
	int focus;              /* focused link, -1 none */
	int width;              /* the width it was built for */
	int y, x, h, w;         /* where it was last drawn */
};

/* Empty the pager (keeping top) to rebuild it for width w (the screen rebuilds it in
 * draw when width changed or the language did). */
void ui_pager_reset(struct ui_pager *p, int width);
/* Append text (UTF-8, sanitised here, paragraphs kept), wrapped to the width minus
 * indent; every line carries style and link. */
void ui_pager_add(struct ui_pager *p, const char *text, enum ui_style st, int indent,
		  int link);
/* Append an empty line. */
void ui_pager_blank(struct ui_pager *p);
/* Draw the lines from top in the area, with a scroll position mark. */
void ui_pager_draw(struct ui *ui, struct ui_pager *p, int y, int x, int h, int w);
/* Scroll keys, wheel, Tab/Shift-Tab between links (scrolling to show them), Enter
 * and clicks on a link. Returns UI_LIST_OPEN with *link set when a link is chosen,
 * UI_LIST_MOVED when it scrolled or the focus moved, else UI_LIST_IGNORED. */
enum ui_list_result ui_pager_key(struct ui_pager *p, const struct ui_event *ev, int *link);
/* Scroll keys for a view of total rows that shows rows at a time from *top: Up/Down
 * by one, the wheel by three, PgUp/PgDn by a page, Home/End; *top is kept within
 * [0, total - rows]. Returns 1 if ev is one of those keys (moved or not), else 0. */
int ui_scroll_key(const struct ui_event *ev, int *top, int total, int rows);
/* Scroll so that line i shows. */
void ui_pager_show(struct ui_pager *p, int i);
void ui_pager_free(struct ui_pager *p);

/* ---- form field: UTF-8 text entry with a limit (src/ui/ui_field.c; its editing and
 * drawing, ui_field_edit and ui_field_render, are in src/ui/ui_field.h) ---- */

struct ui_field {
	char *text;             /* UTF-8, NUL-terminated, never NULL after ui_field_init */
	size_t len;             /* bytes */
	size_t cur;             /* cursor, byte offset at a character boundary */
	size_t max_bytes;       /* limit in bytes of UTF-8 */
	int max_chars;          /* limit in characters (0: none) */
	const char *label;      /* N_() name spoken when it gets the focus, or NULL */
	int scroll;             /* first column shown (single line) */
	int y, x, h, w;         /* where it was last drawn */
};

void ui_field_init(struct ui_field *f, size_t max_bytes, int max_chars);
/* Set the text (sanitised, cut to the limits). */
void ui_field_set(struct ui_field *f, const char *s);
/* Overwrite the text with zeros and empty it (privacy: wipe on leave and idle). */
void ui_field_wipe(struct ui_field *f);
/* Wipe and free. */
void ui_field_free(struct ui_field *f);

/* ---- on-screen keyboard for touch-only kiosks (src/ui/ui_osk.c) ---- */

#define UI_OSK_ROWS 4

/* The rows the on-screen keyboard takes at the bottom of the screen when a screen with a
 * focused text field shows it: UI_OSK_ROWS with touch_keyboard "on", or "auto" once a
 * click or touch came in this visit, unless its Done key hid it; else 0. */
int ui_osk_rows(struct ui *ui);
/* Draw the keyboard over the bottom UI_OSK_ROWS rows, in place of the key bar. Its keys
 * arrive as typed keys do (ACT_CHAR with ch and utf8, ACT_ERASE). */
void ui_osk_draw(struct ui *ui);
/* For the loop: a click or touch came (the keyboard may show; Done's hiding ends).
 * Returns true if that changed (repaint). */
bool ui_osk_touch(struct ui *ui);
/* For the loop, after a click was mapped: take the keyboard's own keys (Shift, Done).
 * Returns true if ev was one of them (repaint, nothing for the screen). */
bool ui_osk_key(struct ui *ui, const struct ui_event *ev);
/* For the loop: forget the visit's touches (the idle reset). */
void ui_osk_reset(struct ui *ui);

/* ---- focus and speech (src/ui/ui_speak.c) ----
 * Linux console screen readers and braille displays read where the terminal's cursor
 * is, so after each paint the cursor sits on the focused item (also where it is hidden).
 * With speech on (config speech = on, or F7 for one visit) the toolkit speaks in the UI
 * language: the top screen's title when it opens, the focused item when the focus moves
 * to it, and messages. A text field is spoken as its label and "filled" or "empty",
 * never its text. Lists, buttons and fields call these themselves. */

/* The focused item is at (y, x): the cursor goes there after the paint. say is what is
 * spoken for it (NULL: nothing new). The last call in a paint wins; a focused field
 * shows the cursor, other items keep it hidden. */
void ui_focus(struct ui *ui, int y, int x, const char *say);
/* Mark the focused item at (y, x) as what is drawn from here to ui_focus_end: the text
 * of that drawing is what is spoken (the row of a list, a button's label). */
void ui_focus_begin(struct ui *ui, int y, int x);
void ui_focus_end(struct ui *ui);
/* The title of the screen being drawn (already translated): spoken when it opens. */
void ui_title(struct ui *ui, const char *title);
/* Speak a message now, after the title and focus of this paint (an error, a notice, a
 * code to write down). Text drawn in UI_ERROR that was not there before is spoken
 * anyway. */
void ui_say(struct ui *ui, const char *text);
/* Whether speech is on now. */
bool ui_speech_on(const struct ui *ui);

/* ---- message box (src/ui/ui_widgets.c) ---- */

/* Draw a centred box with a title and wrapped text (both UTF-8, already translated
 * by the caller at draw time) and up to 3 buttons along its bottom (clickable, each
 * an action; their N_() labels are translated here). Returns the box's top row. */
int ui_msgbox_draw(struct ui *ui, const char *title, const char *text,
		   const struct ui_key *buttons, int nbuttons);
/* Push a message box screen showing msgid-style title and text (translated with _()
 * at each draw, so pass English source strings; other text is shown as it is). It
 * closes on Enter, Esc or a click. Use from key handlers: return ui_message(...). */
struct ui_result ui_message(struct ui *ui, const char *title, const char *text);

#endif
