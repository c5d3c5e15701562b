/* Colour themes (EN 301 549 / the European Accessibility Act for self-service kiosks):
 * mono sends no colour at all, high_contrast keeps every text at 7:1 or more against its
 * background, and in every theme the cursor row and the focused field differ by more than
 * colour. The real kiosk at 80x24 through tests/vt.h, walked over attract, home, browse,
 * a case, help and the contact form. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk_util.h"
#include "t.h"
#include "util.h"
#include "vt.h"

#define TITLE "Beekeeping club in Telšiai"
#define QUOTE "Bees are patient teachers."

/* A featured case open to contact (attract shows it) and a partner. */
static void make_db(void)
{
	sqlite3_close(kiosk_make_db(
		"{\"cases\": [{\"id\": \"11111111-2222-4333-8444-555555555555\","
		" \"person\": \"Rūta Mockutė\", \"age\": 23, \"municipality\": \"LT-55\","
		" \"area\": \"regional_development\", \"themes\": [\"environment\"],"
		" \"title\": \"" TITLE "\", \"summary\": \"Rūta teaches beekeeping.\","
		" \"story\": \"Bees.\", \"quote\": \"" QUOTE "\", \"path\": [], \"skills\": [],"
		" \"organisation\": \"Bitės\", \"partner_id\": \"\", \"contact_allowed\": true,"
		" \"featured\": true, \"lang\": \"en\"}],"
		" \"partners\": [{\"id\": \"11111111-2222-4333-8444-aaaaaaaaaaaa\","
		" \"name\": \"Telšiai youth centre\", \"municipality\": \"LT-55\","
		" \"offers\": [\"volunteering\"], \"description\": \"Youth centre.\","
		" \"contact_allowed\": true}]}\n"));
}

static void start(const char *theme)
{
	char *conf = xasprintf("default_language = en\nlanguages = en lt\ntheme = %s\n", theme);

	kiosk_start(conf, 24, 80);
	free(conf);
}

/* Type keys and wait until the kiosk has drawn what they did. */
static void type(const char *keys)
{
	vt_send(keys);
	vt_wait_quiet(50, KIOSK_WAIT);
}

/* ---- what a screen is checked for ---- */

/* WCAG 2 relative luminance and contrast ratio of two 0xRRGGBB colours. */
static double luminance(unsigned rgb)
{
	double v[3];
	int i;

	for (i = 0; i < 3; i++) {
		double c = (double)((rgb >> (16 - 8 * i)) & 0xff) / 255.0;

		v[i] = c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

static double contrast(unsigned a, unsigned b)
{
	double la = luminance(a), lb = luminance(b);

	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* The Linux console as it shows a cell (drivers/tty/vt/vt.c, build_attr, with the
 * default VGA palette): the colour index it was given, bold makes the foreground bright,
 * reverse swaps foreground and background but keeps the intensity bit where it was. The
 * index is found back from libvterm's xterm palette (its default foreground f0f0f0 is
 * the console's white, its default background black). */
static const unsigned vga[16] = {
	0x000000, 0xaa0000, 0x00aa00, 0xaa5500, 0x0000aa, 0xaa00aa, 0x00aaaa, 0xaaaaaa,
	0x555555, 0xff5555, 0x55ff55, 0xffff55, 0x5555ff, 0xff55ff, 0x55ffff, 0xffffff};

static int vterm_index(unsigned rgb)
{
	static const unsigned xterm[16] = {
		0x000000, 0xe00000, 0x00e000, 0xe0e000, 0x0000e0, 0xe000e0, 0x00e0e0, 0xe0e0e0,
		0x808080, 0xff4040, 0x40ff40, 0xffff40, 0x4040ff, 0xff40ff, 0x40ffff, 0xffffff};
	int i;

	if (rgb == 0xf0f0f0)
		return 7;
	for (i = 0; i < 16; i++) {
		if (xterm[i] == rgb)
			return i;
	}
	return -1;
}

/* The colours the console shows the cell in: 0 if they are not the basic ones. */
static int console_cell(int r, int c, unsigned *fg, unsigned *bg)
{
	unsigned ch, f, b;
	int at = vt_cell_attrs(r, c), fi, bi, a;

	if (!vt_cell(r, c, &ch, &f, &b) || at < 0)
		return 0;
	if (at & VT_REVERSE) {
		unsigned t = f;

		f = b, b = t;
	}
	fi = vterm_index(f);
	bi = vterm_index(b);
	if (fi < 0 || bi < 0 || bi > 7)
		return 0;
	a = bi << 4 | fi;
	if (at & VT_BOLD)
		a ^= 0x08;
	if (at & VT_REVERSE)
		a = (a & 0x88) | (((a >> 4) | (a << 4)) & 0x77);
	*fg = vga[a & 0x0f];
	*bg = vga[(a >> 4) & 0x07];
	return 1;
}

/* No cell with a colour of its own. */
static int check_no_colour_at(const char *file, int line, const char *where)
{
	int r, c;

	for (r = 0; r < 24; r++) {
		for (c = 0; c < 80; c++) {
			int a = vt_cell_attrs(r, c);

			if (a >= 0 && (a & VT_COLOUR)) {
				fprintf(stderr, "  %s: colour at row %d col %d\n", where, r, c);
				vt_dump();
				return t_check(0, file, line, "no cell in colour");
			}
		}
	}
	return 1;
}
#define check_no_colour(where) check_no_colour_at(__FILE__, __LINE__, (where))

/* Every cell with a visible character at 7:1 or more, as libvterm shows it (console 0)
 * or as the Linux console would (console 1). */
static int check_contrast_at(const char *file, int line, const char *where, int console)
{
	int r, c;

	for (r = 0; r < 24; r++) {
		for (c = 0; c < 80; c++) {
			unsigned ch, fg, bg;
			double k;

			if (!vt_cell(r, c, &ch, &fg, &bg) || ch <= ' ')
				continue;
			if (console && !console_cell(r, c, &fg, &bg)) {
				fprintf(stderr, "  %s: not a console colour at row %d col %d\n",
					where, r, c);
				vt_dump();
				return t_check(0, file, line, "console colours");
			}
			k = contrast(fg, bg);
			if (k < 7.0) {
				fprintf(stderr, "  %s: contrast %.2f:1 (%06x on %06x) at row %d "
					"col %d%s\n", where, k, fg, bg, r, c,
					console ? " on the Linux console" : "");
				vt_dump();
				return t_check(0, file, line, "contrast >= 7:1");
			}
		}
	}
	return 1;
}
#define check_contrast(where, console) \
	check_contrast_at(__FILE__, __LINE__, (where), (console))

/* The attributes of the cell where text starts on the screen, -1 if it is not there. */
static int attrs_of(const char *text)
{
	int col, row = vt_find(text, &col);

	return row < 0 ? -1 : vt_cell_attrs(row, col);
}

/* Not by colour alone: the cell under the cursor (the focused field) is reverse, or
 * underlined and bold. */
static int focus_shown(void)
{
	int r, c, a;

	if (!vt_cursor(&r, &c))
		return 0;
	a = vt_cell_attrs(r, c);
	return a >= 0 && ((a & VT_REVERSE) || ((a & VT_UNDERLINE) && (a & VT_BOLD)));
}

/* ---- the walk ---- */

typedef void check_fn(const char *where);

/* Attract, home, browse with a search typed, a case, help over it and the contact form
 * (left there), with check run on each once it is drawn. */
static int walk(check_fn *check)
{
	if (!kiosk_expect(TITLE, 100))
		return 0;
	check("attract");
	type(" ");
	if (!kiosk_expect("What would you like to explore?", 50))
		return 0;
	check("home");
	type("beekeep");
	if (!kiosk_expect(TITLE, 100))
		return 0;
	check("browse");
	/* The cursor row of the focused list is reverse video, whatever the colours. */
	if (!CHECK(attrs_of(TITLE) >= 0 && (attrs_of(TITLE) & VT_REVERSE)))
		vt_dump();
	type(VT_ENTER);
	if (!kiosk_expect(QUOTE, 100))
		return 0;
	check("a case");
	type(VT_F1);
	if (!kiosk_expect("go back", 100))
		return 0;
	check("help");
	type(VT_ESC);
	if (!kiosk_expect(QUOTE, 100))
		return 0;
	type(VT_F5);
	if (!kiosk_expect("Contact Rūta Mockutė", 100))
		return 0;
	check("the contact form");
	if (!CHECK(focus_shown()))
		vt_dump();
	return 1;
}

static void mono_check(const char *where)
{
	check_no_colour(where);
}

TEST(theme_mono_sends_no_colour)
{
	char what[16];

	make_db();
	start("mono");
	if (walk(mono_check) && !CHECK(!vt_log_colour(0, what)))
		fprintf(stderr, "  mono sent the colour SGR %s\n", what);
	kiosk_finish();
}

/* The same on the Linux console, whose terminfo has colours too. */
TEST(theme_mono_sends_no_colour_on_linux_console)
{
	char what[16];

	make_db();
	vt_env("TERM", "linux");
	start("mono");
	if (kiosk_expect(TITLE, 100)) {
		type(" ");
		type("beekeep");
		if (kiosk_expect(TITLE, 100))
			check_no_colour("browse");
	}
	if (!CHECK(!vt_log_colour(0, what)))
		fprintf(stderr, "  mono sent the colour SGR %s\n", what);
	kiosk_finish();
}

static void contrast_check(const char *where)
{
	check_contrast(where, 0);
}

TEST(theme_high_contrast_7_to_1_everywhere)
{
	make_db();
	start("high_contrast");
	walk(contrast_check);
	kiosk_finish();
}

static void console_contrast_check(const char *where)
{
	check_contrast(where, 1);
}

/* On the Linux console (TERM=linux), with the colours worked out as the console shows
 * them: bold is bright, reverse keeps the intensity bit where it was. */
TEST(theme_high_contrast_7_to_1_on_linux_console)
{
	make_db();
	vt_env("TERM", "linux");
	start("high_contrast");
	walk(console_contrast_check);
	kiosk_finish();
}

static void no_check(const char *where)
{
	(void)where;
}

/* The default theme: the cursor row and the focused field are reverse (or underlined and
 * bold), not only in another colour; walk checks both. */
TEST(theme_default_focus_not_by_colour_alone)
{
	make_db();
	start("default");
	walk(no_check);
	kiosk_finish();
}

TEST(theme_default_focus_not_by_colour_alone_on_linux_console)
{
	make_db();
	vt_env("TERM", "linux");
	start("default");
	walk(no_check);
	kiosk_finish();
}

/* A theme the kiosk does not know: it starts in the default theme (in colour), and the
 * config's line is named in the warning `vitrina status` prints. */
TEST(theme_unknown_is_reported_and_default_used)
{
	const char *conf = "default_language = en\n# colours\ntheme = purple\n";
	char *argv[] = {(char *)t_bin("vitrina"), (char *)"--config", NULL, (char *)"--db",
			NULL, (char *)"status", NULL};
	char *out = NULL, *err = NULL, *want;
	int r, c, coloured = 0;

	make_db();
	kiosk_start(conf, 24, 80);
	if (kiosk_expect(TITLE, 100)) {
		for (r = 0; r < 24; r++) {
			for (c = 0; c < 80; c++)
				coloured += (vt_cell_attrs(r, c) & VT_COLOUR) != 0;
		}
		CHECK(coloured > 0);
	}
	kiosk_finish();
	argv[2] = (char *)t_path(2, "kiosk.conf");
	argv[4] = (char *)t_path(0, "k.db");
	CHECK_INT(t_run(argv, &out, &err), 0);
	want = xasprintf("%s:3: theme: must be default, high_contrast or mono", argv[2]);
	if (!CHECK(err != NULL && strstr(err, want) != NULL))
		fprintf(stderr, "  stderr: %s\n", err != NULL ? err : "(none)");
	free(want);
	free(out);
	free(err);
}
