/* vt: a program in a pty, its screen kept by libvterm, its bytes kept in a log. */
#define _GNU_SOURCE
#include "vt.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <vterm.h>

#include "charset.h"
#include "t.h"
#include "text.h"
#include "util.h"

#define MAX_ENV 16

static struct {
	pid_t pid;
	int fd;
	int rows, cols;
	VTerm *vt;
	VTermScreen *screen;
	struct buf log;
	int exited, status;
	int64_t last_output_ms;
	char line[4096];
	char *env[MAX_ENV];            /* "NAME=value" or "NAME" (removed) */
	int nenv;
	char *codeset;          /* NULL: UTF-8 */
	int no_ctty;            /* the next program gets no controlling terminal */
} v = {.pid = -1, .fd = -1};

void vt_env(const char *name, const char *value)
{
	char *change = value != NULL ? xasprintf("%s=%s", name, value) : xstrdup(name);
	size_t n = strlen(name);
	int i;

	for (i = 0; i < v.nenv; i++) {    /* the name, then '=' or the end */
		if (strncmp(v.env[i], name, n) == 0 && strchr("=", v.env[i][n]) != NULL) {
			free(v.env[i]);
			v.env[i] = change;
			return;
		}
	}
	if (v.nenv == MAX_ENV)
		t_fail("vt_env: too many variables");
	v.env[v.nenv++] = change;
}

void vt_codeset(const char *codeset)
{
	free(v.codeset);
	v.codeset = codeset != NULL && strcmp(codeset, "UTF-8") != 0 ? xstrdup(codeset) : NULL;
}

/* Feed the screen model what the program wrote, decoded from the terminal's codeset
 * (an 8-bit one: byte by byte, a byte it lacks shown as U+FFFD). */
static void model_write(const char *s, size_t n)
{
	size_t i;

	if (v.codeset == NULL) {
		vterm_input_write(v.vt, s, n);
		return;
	}
	for (i = 0; i < n; i++) {
		char *err = NULL, *u;
		size_t len = 0;

		if ((unsigned char)s[i] < 0x80) {
			vterm_input_write(v.vt, s + i, 1);
			continue;
		}
		u = charset_to_utf8(s + i, 1, v.codeset, &len, &err);
		if (u != NULL)
			vterm_input_write(v.vt, u, len);
		else
			vterm_input_write(v.vt, "\xef\xbf\xbd", 3);
		free(u);
		free(err);
	}
}

/* Answers the terminal gives (device attributes, cursor position) go back to the
 * program, as a real terminal's would. */
static void output_cb(const char *s, size_t len, void *user)
{
	(void)user;
	while (len > 0 && v.fd >= 0) {
		ssize_t n = write(v.fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

/* The child's environment: the terminal's defaults, then what vt_env() set. */
static char **child_env(void)
{
	static const char *const defaults[] = {"TERM=xterm-256color", "LANG=C.UTF-8",
					       "LC_ALL=C.UTF-8", "LANGUAGE", "COLUMNS", "LINES"};
	const char *changes[sizeof defaults / sizeof defaults[0] + MAX_ENV + 1];
	size_t k = 0, i;

	for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		changes[k++] = defaults[i];
	for (i = 0; i < (size_t)v.nenv; i++)
		changes[k++] = v.env[i];
	changes[k] = NULL;
	return t_env(changes);
}

void vt_no_ctty(void)
{
	v.no_ctty = 1;
}

/* Fork a child on a new pty without making it the child's controlling terminal; the
 * master goes to *master. */
static pid_t fork_no_ctty(int *master, struct winsize *ws)
{
	int slave;
	pid_t pid;

	if (openpty(master, &slave, NULL, NULL, ws) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		setsid();
		dup2(slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		if (slave > 2)
			close(slave);
		close(*master);
		return 0;
	}
	close(slave);
	return pid;
}

pid_t vt_pid(void)
{
	return v.pid;
}

void vt_start(char *const argv[], int rows, int cols)
{
	struct winsize ws = {(unsigned short)rows, (unsigned short)cols, 0, 0};
	char **env;

	if (v.pid > 0)
		vt_close();
	env = child_env();
	fflush(NULL);
	v.pid = v.no_ctty ? fork_no_ctty(&v.fd, &ws) : forkpty(&v.fd, NULL, NULL, &ws);
	if (v.pid < 0)
		t_fail("forkpty: %s", strerror(errno));
	if (v.pid == 0)
		t_exec(argv, env);
	free(env);
	fcntl(v.fd, F_SETFL, fcntl(v.fd, F_GETFL) | O_NONBLOCK);
	v.rows = rows;
	v.cols = cols;
	v.exited = 0;
	v.vt = vterm_new(rows, cols);
	vterm_set_utf8(v.vt, 1);
	vterm_output_set_callback(v.vt, output_cb, NULL);
	v.screen = vterm_obtain_screen(v.vt);
	vterm_screen_enable_altscreen(v.screen, 1);
	vterm_screen_reset(v.screen, 1);
	buf_free(&v.log);
	buf_add(&v.log, "", 0);
	v.last_output_ms = now_ms_monotonic();
}

/* Read whatever is there within ms; returns bytes read, -1 at end of file. */
static ssize_t read_some(int ms)
{
	struct pollfd pfd = {v.fd, POLLIN, 0};
	char chunk[8192];
	ssize_t n, total = 0;

	if (v.fd < 0)
		return -1;
	if (poll(&pfd, 1, ms) <= 0)
		return 0;
	for (;;) {
		n = read(v.fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(&v.log, chunk, (size_t)n);
		model_write(chunk, (size_t)n);
		total += n;
	}
	if (total > 0) {
		vterm_screen_flush_damage(v.screen);
		v.last_output_ms = now_ms_monotonic();
	}
	if (n == 0 || (n < 0 && errno == EIO))
		return total > 0 ? total : -1;
	return total;
}

void vt_pump(int ms)
{
	int64_t end = now_ms_monotonic() + ms;

	for (;;) {
		int64_t left = end - now_ms_monotonic();

		if (left <= 0 || read_some((int)left) < 0)
			return;
	}
}

void vt_send(const char *keys)
{
	size_t len = strlen(keys);

	while (len > 0) {
		ssize_t n = write(v.fd, keys, len);

		if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
			read_some(10);
			continue;
		}
		if (n <= 0)
			t_fail("vt_send: %s", strerror(errno));
		keys += n;
		len -= (size_t)n;
	}
}

const char *vt_screen_text(int row)
{
	size_t at = 0;
	int col;

	v.line[0] = '\0';
	if (row < 0 || row >= v.rows)
		return v.line;
	for (col = 0; col < v.cols; col++) {
		VTermScreenCell cell;
		VTermPos pos = {row, col};
		int i;

		if (!vterm_screen_get_cell(v.screen, pos, &cell))
			continue;
		if (cell.chars[0] == (uint32_t)-1)
			continue;       /* the right half of a wide character */
		if (cell.chars[0] == 0) {
			v.line[at++] = ' ';
		} else {
			for (i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i] != 0; i++) {
				if (at + 8 >= sizeof v.line)
					break;
				at += (size_t)utf8_encode(cell.chars[i], v.line + at);
			}
		}
		if (cell.width > 1)
			col += cell.width - 1;
		if (at + 8 >= sizeof v.line)
			break;
	}
	while (at > 0 && v.line[at - 1] == ' ')
		at--;
	v.line[at] = '\0';
	return v.line;
}

int vt_find(const char *text, int *col)
{
	int r;

	for (r = 0; r < v.rows; r++) {
		const char *line = vt_screen_text(r), *hit = strstr(line, text);

		if (hit != NULL) {
			if (col != NULL) {
				char *pre = xstrndup(line, (size_t)(hit - line));

				*col = text_width(pre);
				free(pre);
			}
			return r;
		}
	}
	return -1;
}

int vt_screen_ascii(void)
{
	int r;

	for (r = 0; r < v.rows; r++) {
		const char *s = vt_screen_text(r);
		size_t i;

		for (i = 0; s[i] != '\0'; i++) {
			if ((unsigned char)s[i] >= 0x80) {
				fprintf(stderr, "  not ASCII, row %d: %s\n", r, s);
				return 0;
			}
		}
	}
	return 1;
}

int vt_contains(const char *text)
{
	return vt_find(text, NULL) >= 0;
}

int vt_wait_text(const char *text, int timeout_ms)
{
	int64_t end = now_ms_monotonic() + timeout_ms;

	for (;;) {
		if (vt_contains(text))
			return 1;
		if (now_ms_monotonic() >= end)
			return 0;
		if (read_some(20) < 0 && !vt_contains(text))
			return 0;
	}
}

int vt_wait_gone(const char *text, int timeout_ms)
{
	int64_t end = now_ms_monotonic() + timeout_ms;

	for (;;) {
		if (!vt_contains(text))
			return 1;
		if (now_ms_monotonic() >= end)
			return 0;
		if (read_some(20) < 0)
			return !vt_contains(text);
	}
}

int vt_wait_quiet(int quiet_ms, int timeout_ms)
{
	int64_t start = now_ms_monotonic(), end = start + timeout_ms;

	for (;;) {
		int64_t now = now_ms_monotonic();
		int64_t since = v.last_output_ms > start ? v.last_output_ms : start;

		if (now - since >= quiet_ms)
			return 1;
		if (now >= end)
			return 0;
		if (read_some(10) < 0)
			return 1;
	}
}

void vt_resize(int rows, int cols)
{
	struct winsize ws = {(unsigned short)rows, (unsigned short)cols, 0, 0};

	v.rows = rows;
	v.cols = cols;
	vterm_set_size(v.vt, rows, cols);
	ioctl(v.fd, TIOCSWINSZ, &ws);
	if (v.pid > 0)
		kill(v.pid, SIGWINCH);
}

size_t vt_mark(void)
{
	read_some(0);
	return v.log.len;
}

size_t vt_bytes_since(size_t mark)
{
	return v.log.len >= mark ? v.log.len - mark : 0;
}

const char *vt_log(size_t *len)
{
	if (len != NULL)
		*len = v.log.len;
	return v.log.s != NULL ? v.log.s : "";
}

void vt_send_mouse_click(int row, int col)
{
	char s[64];

	snprintf(s, sizeof s, "\033[<0;%d;%dM\033[<0;%d;%dm", col + 1, row + 1, col + 1,
		 row + 1);
	vt_send(s);
}

void vt_send_wheel(int row, int col, int up)
{
	char s[32];

	snprintf(s, sizeof s, "\033[<%d;%d;%dM", up ? 64 : 65, col + 1, row + 1);
	vt_send(s);
}

void vt_hangup(void)
{
	read_some(0);
	if (v.fd >= 0)
		close(v.fd);
	v.fd = -1;
}

void vt_kill(int sig)
{
	if (v.pid > 0 && !v.exited)
		kill(v.pid, sig);
}

int vt_wait_exit(int timeout_ms)
{
	int64_t end = now_ms_monotonic() + timeout_ms;

	if (v.pid <= 0)
		return -2;
	while (!v.exited) {
		pid_t r = waitpid(v.pid, &v.status, WNOHANG);

		if (r == v.pid) {
			v.exited = 1;
			break;
		}
		if (now_ms_monotonic() >= end)
			return -2;
		if (read_some(10) < 0)
			t_sleep_ms(5);  /* the master is closed: nothing to wait on */
	}
	read_some(0);
	return WIFEXITED(v.status) ? WEXITSTATUS(v.status) : -1;
}

int vt_tty_sane(void)
{
	struct termios t;

	if (tcgetattr(v.fd, &t) < 0)
		return 0;
	return (t.c_lflag & ICANON) && (t.c_lflag & ECHO) && (t.c_lflag & ISIG);
}

static unsigned rgb(VTermColor c)
{
	vterm_screen_convert_color_to_rgb(v.screen, &c);
	return (unsigned)c.rgb.red << 16 | (unsigned)c.rgb.green << 8 | c.rgb.blue;
}

int vt_cell(int row, int col, unsigned *ch, unsigned *fg, unsigned *bg)
{
	VTermScreenCell cell;
	VTermPos pos = {row, col};
	unsigned f, b;

	if (row < 0 || row >= v.rows || col < 0 || col >= v.cols ||
	    !vterm_screen_get_cell(v.screen, pos, &cell))
		return 0;
	f = rgb(cell.fg);
	b = rgb(cell.bg);
	*ch = cell.chars[0] == (uint32_t)-1 ? 0 : cell.chars[0];
	*fg = cell.attrs.reverse ? b : f;
	*bg = cell.attrs.reverse ? f : b;
	return 1;
}

/* The SGR parameters of the sequence at log[i] ("\033[...m") into params: how many, or 0
 * if there is no SGR sequence there. */
static int sgr_params(const char *log, size_t len, size_t i, long params[16])
{
	size_t j = i + 2;
	int np = 0;

	if (i + 2 >= len || log[i] != '\033' || log[i + 1] != '[')
		return 0;
	params[0] = 0;
	for (; j < len && ((log[j] >= '0' && log[j] <= '9') || log[j] == ';'); j++) {
		if (log[j] == ';' && np < 15)
			params[++np] = 0;
		else if (log[j] != ';')
			params[np] = params[np] * 10 + (log[j] - '0');
	}
	return j < len && log[j] == 'm' ? np + 1 : 0;
}

/* Whether SGR parameter k of params (n of them) sets a colour of index min_index or more;
 * *k moves past the index of a 38;5;N / 48;5;N. */
static int sgr_colour(const long *params, int n, int *k, int min_index)
{
	long p = params[*k];

	if ((p == 38 || p == 48) && *k + 2 < n && params[*k + 1] == 5) {
		*k += 2;
		return params[*k] >= min_index;
	}
	if ((p >= 30 && p <= 49) || p == 38 || p == 48)
		return min_index == 0;
	return (p >= 90 && p <= 97) || (p >= 100 && p <= 107);
}

int vt_log_colour(int min_index, char what[16])
{
	size_t len, i;
	const char *log = vt_log(&len);
	long params[16];

	for (i = 0; i < len; i++) {
		int n = sgr_params(log, len, i, params), k;

		for (k = 0; k < n; k++) {
			long p = params[k];

			if (sgr_colour(params, n, &k, min_index)) {
				if (what != NULL)
					snprintf(what, 16, "%ld", p);
				return 1;
			}
		}
	}
	return 0;
}

int vt_cell_attrs(int row, int col)
{
	VTermScreenCell cell;
	VTermPos pos = {row, col};
	int a = 0;

	if (row < 0 || row >= v.rows || col < 0 || col >= v.cols ||
	    !vterm_screen_get_cell(v.screen, pos, &cell))
		return -1;
	a |= cell.attrs.bold ? VT_BOLD : 0;
	a |= cell.attrs.underline ? VT_UNDERLINE : 0;
	a |= cell.attrs.reverse ? VT_REVERSE : 0;
	a |= VTERM_COLOR_IS_DEFAULT_FG(&cell.fg) ? 0 : VT_COLOUR;
	a |= VTERM_COLOR_IS_DEFAULT_BG(&cell.bg) ? 0 : VT_COLOUR;
	return a;
}

int vt_cursor(int *row, int *col)
{
	VTermState *state = vterm_obtain_state(v.vt);
	VTermPos pos;

	vterm_state_get_cursorpos(state, &pos);
	*row = pos.row;
	*col = pos.col;
	return 1;
}

void vt_dump(void)
{
	int r;

	fprintf(stderr, "  ---- screen %dx%d ----\n", v.cols, v.rows);
	for (r = 0; r < v.rows; r++)
		fprintf(stderr, "  |%s\n", vt_screen_text(r));
	fprintf(stderr, "  ----\n");
}

void vt_close(void)
{
	int i;

	if (v.pid > 0 && !v.exited) {
		kill(v.pid, SIGKILL);
		waitpid(v.pid, &v.status, 0);
	}
	v.pid = -1;
	if (v.fd >= 0)
		close(v.fd);
	v.fd = -1;
	if (v.vt != NULL)
		vterm_free(v.vt);
	v.vt = NULL;
	buf_free(&v.log);
	for (i = 0; i < v.nenv; i++)
		free(v.env[i]);
	v.nenv = 0;
	free(v.codeset);
	v.codeset = NULL;
	v.no_ctty = 0;
}
