#include "ui_private.h"
#include "ui_qr.h"

#include <pthread.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "util.h"

#define QR_PAIR 16              /* a colour pair of its own, after the themes' */
#define TEXT_MIN 24             /* columns of text beside the code, at least */
#define BIG_W 4                 /* columns of a large letter with its space */
#define BIG_H 5

/* libqrencode, loaded when a code is first drawn: most visits never show one, and a
 * library fewer to map is a faster start. */
static struct {
	QRcode *(*encode)(const char *, int, QRecLevel, QRencodeMode, int);
	void (*free)(QRcode *);
} qr;

static void qr_load(void)
{
	static const char so[] = "libqrencode.so.4";

	qr.encode = (QRcode *(*)(const char *, int, QRecLevel, QRencodeMode, int))
		lib_function(so, "QRcode_encodeString");
	qr.free = (void (*)(QRcode *))lib_function(so, "QRcode_free");
}

/* 1 once libqrencode is there (without it the address is shown in large letters). */
static int qr_ready(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, qr_load);
	return qr.encode != NULL && qr.free != NULL;
}

/* Is module (x, y) of q dark? Outside the symbol (the quiet zone) it is light. */
static int dark(const QRcode *q, int x, int y)
{
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return 0;
	return q->data[y * q->width + x] & 1;
}

/* The code for url at the best error correction whose symbol, with its quiet zone, fits
 * in rows x cols cells (two modules a cell, one over the other); NULL if none fits. */
static QRcode *encode_fitting(const char *url, int rows, int cols)
{
	static const QRecLevel levels[] = {QR_ECLEVEL_Q, QR_ECLEVEL_M, QR_ECLEVEL_L};
	size_t i;

	for (i = 0; i < sizeof levels / sizeof levels[0]; i++) {
		QRcode *q = qr.encode(url, 0, levels[i], QR_MODE_8, 1);
		int side = q != NULL ? q->width + 2 * UI_QR_QUIET : 0;

		if (q != NULL && side <= cols && (side + 1) / 2 <= rows)
			return q;
		if (q != NULL)
			qr.free(q);
	}
	return NULL;
}

/* Black on white whatever the theme: a pair of its own; without colours (or pairs to
 * spare) reverse video, whose light is the terminal's text colour. Glyphs are the dark
 * modules either way. */
static void code_colours(struct ui *ui)
{
	if (ui->color && COLOR_PAIRS > QR_PAIR && init_pair(QR_PAIR, COLOR_BLACK, COLOR_WHITE) == OK)
		attr_set(A_NORMAL, QR_PAIR, NULL);
	else
		attr_set(A_REVERSE, 0, NULL);
}

static void draw_code(struct ui *ui, const QRcode *q, int y, int x)
{
	int side = q->width + 2 * UI_QR_QUIET, r, c;
	wchar_t *line = xcalloc((size_t)side + 1, sizeof *line);

	code_colours(ui);
	for (r = 0; r < (side + 1) / 2; r++) {
		for (c = 0; c < side; c++) {
			int mx = c - UI_QR_QUIET, my = 2 * r - UI_QR_QUIET;
			int up = dark(q, mx, my), low = dark(q, mx, my + 1);

			line[c] = up && low ? L'\x2588' : up ? L'\x2580' : low ? L'\x2584' : L' ';
		}
		mvaddnwstr(y + r, x, line, side);
	}
	attr_set(A_NORMAL, 0, NULL);
	free(line);
}

/* A large-letter font: 3 x 5, '#' for ink, row after row. Letters show as capitals. */
static const struct {
	char c;
	const char *rows;
} font[] = {
	{'a', " # # ##### ## #"}, {'b', "## # ### # ### "}, {'c', " ###  #  #   ##"},
	{'d', "## # ## ## ### "}, {'e', "####  ## #  ###"}, {'f', "####  ## #  #  "},
	{'g', " ###  # ## # ##"}, {'h', "# ## ##### ## #"}, {'i', "### #  #  # ###"},
	{'j', "  #  #  ## # # "}, {'k', "# ## ### # ## #"}, {'l', "#  #  #  #  ###"},
	{'m', "# ######## ## #"}, {'n', "## # ## ## ## #"}, {'o', " # # ## ## # # "},
	{'p', "## # ### #  #  "}, {'q', " # # ## ###  ##"}, {'r', "## # ### # ## #"},
	{'s', " ###   #   ### "}, {'t', "### #  #  #  # "}, {'u', "# ## ## ## ####"},
	{'v', "# ## ## ## # # "}, {'w', "# ## ######## #"}, {'x', "# ## # # # ## #"},
	{'y', "# ## # #  #  # "}, {'z', "###  # # #  ###"}, {'0', "#### ## ## ####"},
	{'1', " # ##  #  # ###"}, {'2', "##   # # #  ###"}, {'3', "##   # #   ### "},
	{'4', "# ## ####  #  #"}, {'5', "####  ##   ### "}, {'6', " ###  #### ####"},
	{'7', "###  # #  #  # "}, {'8', "#### ##### ####"}, {'9', "#### ####  ### "},
	{'.', "             # "}, {'/', "  #  # # #  #  "}, {':', "    #     #    "},
	{'-', "      ###      "}, {'_', "            ###"}, {'?', "##   # #     # "},
};

static const char *glyph_rows(char ch)
{
	size_t i;

	if (ch >= 'A' && ch <= 'Z')
		ch = (char)(ch - 'A' + 'a');
	for (i = 0; i < sizeof font / sizeof font[0]; i++) {
		if (font[i].c == ch)
			return font[i].rows;
	}
	return "               ";
}

/* s in large letters from row y, wrapped at per characters a line, in at most lines
 * lines. Returns the rows used. */
static int draw_big(struct ui *ui, int y, int x, const char *s, int per, int lines)
{
	int n = (int)strlen(s), l, k, r;
	char row[BIG_W * 80 + 1];

	if (per > 80)
		per = 80;
	for (l = 0; l < lines && l * per < n; l++) {
		for (r = 0; r < BIG_H; r++) {
			int len = 0;

			for (k = l * per; k < n && k < (l + 1) * per; k++) {
				memcpy(row + len, glyph_rows(s[k]) + 3 * r, 3);
				row[len + 3] = ' ';
				len += BIG_W;
			}
			row[len] = '\0';
			ui_text(ui, y + l * (BIG_H + 1) + r, x, len, UI_TITLE, row);
		}
	}
	return l * (BIG_H + 1);
}

/* The text beside or under the code: title, text, the address. */
static void draw_words(struct ui *ui, int y, int x, int h, int w, const char *title,
		       const char *text, const char *url)
{
	y += ui_text_wrap(ui, y, x, 2, w, UI_TITLE, title) + 1;
	y += ui_text_wrap(ui, y, x, h / 2, w, UI_NORMAL, text) + 1;
	ui_text_wrap(ui, y, x, 4, w, UI_HEADING, url);
}

int ui_qr_draw(struct ui *ui, const char *title, const char *text, const char *url)
{
	int rows = ui->rows - 1, cols = ui->cols, side, y;
	QRcode *q;

	ui_fill(ui, 0, 0, rows, cols, UI_NORMAL);
	if (!ui->utf8_term || !qr_ready()) {
		const char *bare = strncmp(url, "https://", 8) == 0 ? url + 8 : url;

		int url_rows = ui_text_rows(url, cols - 2);

		ui_text(ui, 0, 1, cols - 2, UI_TITLE, title);
		y = 2 + draw_big(ui, 2, 1, bare, (cols - 2) / BIG_W,
				 (rows - 3 - url_rows) / (BIG_H + 1));
		ui_text_wrap(ui, y, 1, 1, cols - 2, UI_NORMAL, _("Type this address on your phone:"));
		ui_text_wrap(ui, y + 1, 1, rows - y - 1, cols - 2, UI_HEADING, url);
		return 0;
	}
	/* Beside the code when there is room for the words, else under it. */
	q = encode_fitting(url, rows, cols - TEXT_MIN - 2);
	if (q == NULL)
		q = encode_fitting(url, rows - 6, cols);
	if (q == NULL) {
		ui_text(ui, 0, 1, cols - 2, UI_TITLE, title);
		ui_text_wrap(ui, 2, 1, 2, cols - 2, UI_ERROR,
			     _("This address is too long for a code on this screen."));
		ui_text_wrap(ui, 5, 1, rows - 5, cols - 2, UI_HEADING, url);
		return -1;
	}
	side = q->width + 2 * UI_QR_QUIET;
	draw_code(ui, q, 0, 0);
	if (side + TEXT_MIN + 2 <= cols)
		draw_words(ui, 1, side + 2, rows - 1, cols - side - 3, title, text, url);
	else
		draw_words(ui, (side + 1) / 2, 1, rows - (side + 1) / 2, cols - 2, title, text, url);
	qr.free(q);
	return 1;
}
