/* Fuzzes the kiosk's terminal input: the bytes are what the terminal sends, read by a
 * real ncursesw screen (keypad and mouse on as ui_term_start sets them) through the
 * toolkit's reader ui_keys_get and turned into events by ui_keys_event, for xterm-256color
 * as a UTF-8, an ISO-8859-13 and an ASCII terminal (UTF-8 under C), and for screen
 * (whose SGR mouse reports ui_keys.c reads itself). Asserts every event is a known
 * action, ACT_CHAR carries a printable code point that the sanitiser keeps and its own
 * UTF-8, clicks are on the screen, and no read gives more keys than there were bytes. */
#include "ui_private.h"

#include <fcntl.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NMODES 4
static const struct {
	const char *term, *codeset;
	bool ncurses_sgr;               /* ncurses reads SGR mouse reports (kmous \E[<) */
} modes[NMODES] = {
	{"xterm-256color", "UTF-8", true}, {"xterm-256color", "ISO-8859-13", true},
	{"xterm-256color", "ANSI_X3.4-1968", true}, {"screen", "UTF-8", false},
};
static struct ui uis[NMODES];
static struct ui_private privs[NMODES];
static SCREEN *screens[NMODES];
static int in_fds[NMODES] = {-1};

/* A screen for every mode, made once as the kiosk makes its one; input comes from
 * in_fds[i]. */
static void setup(void)
{
	int i;

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		abort();
	set_escdelay(25);
	for (i = 0; i < NMODES; i++) {
		FILE *in = fopen("/dev/null", "r"), *out = fopen("/dev/null", "w");

		if (in == NULL || out == NULL)
			abort();
		in_fds[i] = fileno(in);
		setenv("TERM", modes[i].term, 1);
		screens[i] = newterm(modes[i].term, out, in);
		if (screens[i] == NULL)
			abort();
		raw();
		noecho();
		nonl();
		keypad(stdscr, TRUE);
		meta(stdscr, TRUE);
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED,
			  NULL);
		mouseinterval(0);
		uis[i].priv = &privs[i];
		uis[i].rows = LINES;
		uis[i].cols = COLS;
		ui_draw_codeset(&uis[i], modes[i].codeset);
		privs[i].admin_key = ui_keys_parse("F12");
	}
}

/* The input becomes what the terminal sends, then the end of it. ncurses reads a mouse
 * report to its end with read() and would spin on the end of the input inside one, so
 * "MMMM" follows: it ends any report (SGR ends with M, X10 takes three bytes after
 * ESC [ M, whose M may be the first of these). */
static void feed(int in_fd, const uint8_t *data, size_t size)
{
	int fds[2];

	if (pipe(fds) < 0)
		abort();
	if (size > 0 && write(fds[1], data, size) != (ssize_t)size)
		abort();
	if (write(fds[1], "MMMM", 4) != 4)
		abort();
	close(fds[1]);
	if (dup2(fds[0], in_fd) < 0)
		abort();
	close(fds[0]);
}

static void check_event(const struct ui *ui, const struct ui_event *ev)
{
	char enc[8];
	char *clean;
	int n;

	FUZZ_ASSERT(ev->act > ACT_NONE && ev->act < ACT_COUNT);
	if (ev->act == ACT_CLICK || ev->act == ACT_WHEEL_UP || ev->act == ACT_WHEEL_DOWN)
		FUZZ_ASSERT(ev->row >= 0 && ev->col >= 0 && ev->row < LINES && ev->col < COLS);
	if (ev->act != ACT_CHAR)
		return;
	FUZZ_ASSERT(ev->ch >= 0x20 && ev->ch <= 0x10FFFF && ev->ch != 0x7F);
	FUZZ_ASSERT(!(ev->ch >= 0x80 && ev->ch < 0xA0));
	FUZZ_ASSERT(!(ev->ch >= 0xD800 && ev->ch <= 0xDFFF));
	FUZZ_ASSERT(ui_keys_printable(ev->ch));
	n = utf8_encode(ev->ch, enc);
	FUZZ_ASSERT(strlen(ev->utf8) == (size_t)n && memcmp(ev->utf8, enc, (size_t)n) == 0);
	clean = text_sanitize(ev->utf8, (size_t)n, 0);
	FUZZ_ASSERT(strcmp(clean, ev->utf8) == 0);
	free(clean);
	/* ISO-8859-13 types only its own letters (under C, whole UTF-8 characters) */
	if (ui == &uis[1] && ev->ch >= 0x80) {
		int k, mine = 0;

		for (k = 0; k < 128; k++)
			mine |= ui->priv->hi[k] == ev->ch;
		FUZZ_ASSERT(mine);
	}
}

static void read_all(struct ui *ui, size_t size)
{
	struct ui_event ev;
	size_t keys = 0;

	for (;;) {
		wint_t wch = 0;
		int rc;

		timeout(0);
		rc = ui_keys_get(ui, &wch);
		if (rc == ERR)
			break;
		FUZZ_ASSERT(++keys <= size + 4);
		if (rc == KEY_CODE_YES && wch == KEY_RESIZE)
			continue;
		if (ui_keys_event(ui, rc, wch, &ev))
			check_event(ui, &ev);
		while (ui_keys_queued(ui, &ev))
			check_event(ui, &ev);
	}
	flushinp();
	while (getmouse(&(MEVENT){0}) == OK)
		;
}

/* libncursesw 6.4-4 (Debian 12) overflows a stack buffer on an SGR mouse report with
 * 32 parameters ("ESC [ <" then 32 ';' and a digit): not ours to fix, and every run
 * would stop there, so such input is skipped where ncurses reads these reports
 * (tests/fuzz/README.md). */
static int ncurses_sgr_overflow(const uint8_t *data, size_t size)
{
	size_t i, k;

	for (i = 0; i + 3 <= size; i++) {
		int semis = 0;

		if (memcmp(data + i, "\033[<", 3) != 0)
			continue;
		for (k = i + 3; k < size && data[k] != 'M' && data[k] != 'm'; k++)
			semis += data[k] == ';';
		if (semis >= 30)
			return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int i, overflow;

	if (size > 16 * 1024)
		return 0;
	overflow = ncurses_sgr_overflow(data, size);
	if (in_fds[0] < 0)
		setup();
	for (i = 0; i < NMODES; i++) {
		if (overflow && modes[i].ncurses_sgr)
			continue;
		set_term(screens[i]);
		feed(in_fds[i], data, size);
		read_all(&uis[i], size);
	}
	return 0;
}
