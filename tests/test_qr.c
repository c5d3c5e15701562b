/* "Read on your phone" (screens/case.c, src/ui/ui_qr.c): with public_url set, a case
 * shows its public page as a QR code in half blocks, black on white; the test reads the
 * code back from the terminal's cells, makes it an image and has zbar's zbarimg decode
 * it. Without public_url there is no such key; on a vt100 the address shows in large
 * letters and as text. The config key is checked like hub_url, https only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "kiosk_util.h"
#include "t.h"
#include "util.h"
#include "vt.h"


#define SLUG "bees-and-honey-on-the-family-farm-near-siauliai"
#define BASE "https://jaunimas.vitrina.example.lt/lt"
/* 88 bytes: more than a URL of ~80 bytes needs. */
#define URL BASE "/c/" SLUG
#define SCALE 4                 /* image pixels a module */

static sqlite3 *make_db(void)
{
	return kiosk_make_db(
		"{\"cases\": [{\"id\": \"00000000-0000-4000-8000-000000000001\","
		" \"slug\": \"" SLUG "\", \"person\": \"Tomas K.\", \"municipality\": \"LT-44\","
		" \"area\": \"humanities\", \"themes\": [\"environment\"],"
		" \"title\": \"Bees and honey\", \"story\": \"Tomas keeps bees.\","
		" \"lang\": \"en\"}]}\n");
}

static void start(const char *extra)
{
	char *conf = xasprintf("default_language = en\nlanguages = en lt\n%s", extra);

	kiosk_start(conf, 24, 80);
	free(conf);
}

static int open_case(void)
{
	if (!kiosk_to_home(30))
		return 0;
	vt_send("bees");
	if (!kiosk_expect("Bees and honey", 30))
		return 0;
	vt_send(VT_ENTER);
	return kiosk_expect("Tomas keeps bees.", 30);
}

/* Whether the screen shows text, perhaps wrapped: from where its first 16 bytes show, the
 * rows below read from the same column and joined. */
static int shows_wrapped(const char *text)
{
	char start[17];
	struct buf b = {0};
	int r, col, k, ok;

	memcpy(start, text, 16);
	start[16] = '\0';
	r = vt_find(start, &col);
	for (k = 0; r >= 0 && k < 4 && r + k < 24; k++) {
		const char *row = vt_screen_text(r + k);
		int c;

		/* Columns to bytes: the code's cells are three bytes each. */
		for (c = 0; *row != '\0' && c < col; c++) {
			row++;
			while ((*row & 0xc0) == 0x80)
				row++;
		}
		buf_adds(&b, row);
	}
	ok = b.s != NULL && strstr(b.s, text) != NULL;
	buf_free(&b);
	return ok;
}

/* A cell of the code: on a light background (its quiet zone and light modules). */
static int light_bg(int r, int c)
{
	unsigned ch, fg, bg;

	if (!vt_cell(r, c, &ch, &fg, &bg))
		return 0;
	return (bg >> 16 & 0xff) > 0x80 && (bg >> 8 & 0xff) > 0x80 && (bg & 0xff) > 0x80;
}

/* The code on the screen as a PGM image (each cell two modules high, one wide, SCALE
 * pixels a module) at path; the box of light-background cells is the code with its quiet
 * zone. Returns the number of cells read, 0 if there is no code. */
static int screen_to_pgm(const char *path)
{
	int r0 = 99, r1 = -1, c0 = 999, c1 = -1, r, c, w, h, x, y, cells = 0;
	unsigned char *img;
	FILE *f;

	for (r = 0; r < 24; r++) {
		for (c = 0; c < 80; c++) {
			if (light_bg(r, c)) {
				r0 = r < r0 ? r : r0, r1 = r > r1 ? r : r1;
				c0 = c < c0 ? c : c0, c1 = c > c1 ? c : c1;
			}
		}
	}
	if (r1 < 0)
		return 0;
	w = (c1 - c0 + 1) * SCALE;
	h = (r1 - r0 + 1) * 2 * SCALE;
	img = xmalloc((size_t)w * (size_t)h);
	memset(img, 255, (size_t)w * (size_t)h);
	for (r = r0; r <= r1; r++) {
		for (c = c0; c <= c1; c++) {
			unsigned ch = 0, fg = 0, bg = 0;
			int up, low;

			vt_cell(r, c, &ch, &fg, &bg);
			up = ch == 0x2580 || ch == 0x2588;
			low = ch == 0x2584 || ch == 0x2588;
			if ((up || low) && fg != 0)
				CHECK(!"a dark module not drawn in black");
			cells++;
			for (y = 0; y < 2 * SCALE; y++) {
				int dark = y < SCALE ? up : low;

				for (x = 0; x < SCALE && dark; x++)
					img[((r - r0) * 2 * SCALE + y) * w + (c - c0) * SCALE + x] = 0;
			}
		}
	}
	f = fopen(path, "wb");
	if (f == NULL)
		t_fail("cannot write %s", path);
	fprintf(f, "P5\n%d %d\n255\n", w, h);
	fwrite(img, 1, (size_t)w * (size_t)h, f);
	fclose(f);
	free(img);
	return cells;
}

/* What zbarimg reads in the image at path (a new string, "" for nothing). */
static char *zbar(const char *path)
{
	char *argv[] = {(char *)t_tool("zbarimg"), (char *)"-q", (char *)"--raw", NULL, NULL};
	struct t_spawn_opts o = {0};
	char *out;
	size_t n;

	argv[3] = (char *)path;
	o.out.how = T_IO_FILE;
	o.out.path = t_path(5, "zbar.out");
	t_wait(t_spawn(argv, &o), 20000);
	out = t_read_file(t_path(5, "zbar.out"));
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return out;
}

TEST(qr_case_code_decodes_to_public_url)
{
	char *got;
	int cells;

	if (t_tool("zbarimg") == NULL)
		t_skip("zbarimg (Debian's zbar-tools) is not installed");
	sqlite3_close(make_db());
	start("public_url = " BASE "/\n");      /* a trailing '/' makes no "//" */
	if (!open_case())
		return;
	CHECK(vt_contains("Read on your phone"));
	CHECK(strstr(vt_screen_text(23), "F4") != NULL);
	vt_send(VT_F4);
	if (!kiosk_expect("Point your phone", 50))
		return;
	if (getenv("VITRINA_TEST_DUMP") != NULL)
		vt_dump();
	CHECK(shows_wrapped(URL));
	cells = screen_to_pgm(t_path(4, "qr.pgm"));
	if (!CHECK(cells > 0))
		return;
	got = zbar(t_path(4, "qr.pgm"));
	CHECK_STR(got, URL);
	free(got);
	/* Any key closes it; the link on the page opens it again (a touch works the same). */
	vt_send(" ");
	kiosk_expect_gone("Point your phone", 30);
	CHECK(vt_contains("Tomas keeps bees."));
	kiosk_finish();
}

TEST(qr_case_without_public_url_has_no_key)
{
	sqlite3_close(make_db());
	start("");
	if (!open_case())
		return;
	CHECK(!vt_contains("Read on your phone"));
	CHECK(strstr(vt_screen_text(23), "F4") == NULL);
	vt_send(VT_F4);
	vt_wait_quiet(50, KIOSK_WAIT);
	CHECK(!vt_contains("Point your phone"));
	CHECK(vt_contains("Tomas keeps bees."));
	kiosk_finish();
}

TEST(qr_case_vt100_shows_the_address)
{
	int r, col;

	sqlite3_close(make_db());
	vt_env("TERM", "vt100");
	vt_env("LANG", "C");
	vt_env("LC_ALL", "C");
	start("public_url = " BASE "\n");
	if (!open_case())
		return;
	/* The link on the page, by a touch (F4 is the vt100 PF4 key, Tab and Enter work too). */
	r = vt_find("[ Read on your phone ]", &col);
	if (!CHECK(r >= 0))
		return;
	vt_send_mouse_click(r, col + 3);
	if (!kiosk_expect("Type this address on your phone:", 50))
		return;
	if (getenv("VITRINA_TEST_DUMP") != NULL)
		vt_dump();
	CHECK(shows_wrapped(URL));
	CHECK(vt_contains("### "));                     /* large letters */
	CHECK(!vt_contains("\xe2\x96\x80") && !vt_contains("\xe2\x96\x84"));
	kiosk_finish();
}

TEST(qr_config_public_url_checked)
{
	struct config c;
	struct buf w = {0};

	config_defaults(&c);
	t_write_file(t_path(0, "a.conf"), "public_url = " BASE "\n");
	CHECK_INT(config_load(&c, t_path(0, "a.conf"), &w), 0);
	CHECK_STR(c.public_url != NULL ? c.public_url : "(none)", BASE);
	CHECK(w.len == 0);
	config_free(&c);

	config_defaults(&c);
	CHECK(c.public_url == NULL);
	t_write_file(t_path(0, "b.conf"), "\npublic_url = http://vitrina.example.lt\n"
		     "public_url = https://user:pw@vitrina.example.lt\n");
	CHECK_INT(config_load(&c, t_path(0, "b.conf"), &w), 0);
	CHECK(c.public_url == NULL);
	CHECK(w.s != NULL && strstr(w.s, "b.conf:2: public_url:") != NULL);
	CHECK(w.s != NULL && strstr(w.s, "b.conf:3: public_url:") != NULL);
	config_free(&c);
	buf_free(&w);
}
