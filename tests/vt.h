/* vt: a terminal for TUI tests. Runs a program in a pty of a given size, feeds what it
 * writes to libvterm for a screen model, and keeps the raw bytes (to count what each
 * keystroke costs and to check that nothing dangerous reached the terminal). One
 * program at a time per test process. Waits poll with a deadline, never sleep. */
#ifndef VITRINA_VT_H
#define VITRINA_VT_H

#include <stddef.h>
#include <sys/types.h>

/* Keys as a terminal (xterm) sends them. */
#define VT_UP "\033OA"
#define VT_DOWN "\033OB"
#define VT_RIGHT "\033OC"
#define VT_LEFT "\033OD"
#define VT_PGUP "\033[5~"
#define VT_PGDN "\033[6~"
#define VT_HOME_KEY "\033OH"
#define VT_END_KEY "\033OF"
#define VT_ENTER "\r"
#define VT_ESC "\033"
#define VT_TAB "\t"
#define VT_BACKSPACE "\177"
#define VT_F1 "\033OP"
#define VT_F2 "\033OQ"
#define VT_F3 "\033OR"
#define VT_F4 "\033OS"
#define VT_F5 "\033[15~"
#define VT_F6 "\033[17~"
#define VT_F7 "\033[18~"
#define VT_F10 "\033[21~"

/* Set an environment variable for the next vt_start (over the defaults TERM=
 * xterm-256color, LANG=LC_ALL=C.UTF-8); value NULL removes it from the child. */
void vt_env(const char *name, const char *value);
/* The codeset of the next vt_start's terminal ("ISO-8859-13"): what the program writes is
 * decoded from it for the screen model, as a terminal set to that codeset does (the raw
 * log keeps the bytes as they came). NULL or "UTF-8": UTF-8, the default. */
void vt_codeset(const char *codeset);
/* Start the next vt_start's program with the pty not as its controlling terminal (in a
 * session of its own without one): closing the master (vt_hangup) then sends it no
 * SIGHUP, as when a terminal goes away without a hangup. */
void vt_no_ctty(void);
/* Start argv (argv[0] a path) in a new pty of rows x cols. Fails the test if it cannot. */
void vt_start(char *const argv[], int rows, int cols);
/* The program's process id (-1 when none runs). */
pid_t vt_pid(void);
/* Write bytes to the program as typed keys. */
void vt_send(const char *keys);
/* Read what the program writes for up to ms milliseconds (returns early never; use the
 * waits below for conditions). */
void vt_pump(int ms);
/* Wait until text shows anywhere on the screen: 1 if it did within timeout_ms. */
int vt_wait_text(const char *text, int timeout_ms);
/* Wait until text is no longer on the screen. */
int vt_wait_gone(const char *text, int timeout_ms);
/* Wait until the program has written nothing for quiet_ms (1), or timeout (0). */
int vt_wait_quiet(int quiet_ms, int timeout_ms);
/* Row r of the screen as UTF-8 (trailing spaces removed); valid until the next call. */
const char *vt_screen_text(int row);
/* 1 if text is on the screen now. */
int vt_contains(const char *text);
/* 1 if every character on the screen is ASCII (what a vt100 can show); else 0, and the
 * first row that is not goes to stderr. */
int vt_screen_ascii(void);
/* The row where text first shows, or -1; *col gets its column (cells) if not NULL. */
int vt_find(const char *text, int *col);
/* Change the pty's size (the program gets SIGWINCH) and the screen model's. */
void vt_resize(int rows, int cols);
/* A mark in the byte log, and the bytes the program wrote since a mark. */
size_t vt_mark(void);
size_t vt_bytes_since(size_t mark);
/* The raw byte log: everything the program wrote. */
const char *vt_log(size_t *len);
/* A mouse click (press and release, SGR encoding) at 0-based row, col; and the wheel. */
void vt_send_mouse_click(int row, int col);
void vt_send_wheel(int row, int col, int up);
/* Close the pty's master side, as a terminal window that closes: the program's input
 * ends. The screen model keeps what it showed. */
void vt_hangup(void);
/* Send a signal to the program. */
void vt_kill(int sig);
/* Wait for the program to end: its exit status, -1 if killed by a signal, -2 if it
 * did not end within timeout_ms. */
int vt_wait_exit(int timeout_ms);
/* 1 if the pty's modes (as the program left them) are cooked again: ICANON and ECHO. */
int vt_tty_sane(void);
/* The cell at row, col: its first code point (0 for an empty cell) and the colours it
 * shows in as 0xRRGGBB, foreground and background (reverse video applied, defaults
 * resolved). Returns 0 if there is no such cell. */
int vt_cell(int row, int col, unsigned *ch, unsigned *fg, unsigned *bg);
/* The attributes of the cell at row, col (VT_* bits), -1 if there is no such cell.
 * VT_COLOUR: it has a colour of its own (not the terminal's default fg or bg). */
enum { VT_BOLD = 1, VT_UNDERLINE = 2, VT_REVERSE = 4, VT_COLOUR = 8 };
int vt_cell_attrs(int row, int col);
/* 1 if the raw log holds an SGR sequence that sets a colour with an index of at least
 * min_index (38;5;N and 48;5;N by N; 90-107 always; with min_index 0 also 30-49, the
 * default-colour resets 39 and 49 included), its parameter in what (if not NULL). */
int vt_log_colour(int min_index, char what[16]);
/* Where the terminal's cursor is now (0-based), shown or not. */
int vt_cursor(int *row, int *col);
/* Print the screen to stderr (for a failing test). */
void vt_dump(void);
/* Kill the program if it still runs and free everything. */
void vt_close(void);

#endif
