#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "text.h"
#include "util.h"

/* Decode the whole of s (n bytes) and report whether every byte was valid. */
static int decodes_to(const char *s, size_t n, uint32_t want, int want_len)
{
	uint32_t cp = 0;
	int len = utf8_decode(s, n, &cp);

	return len == want_len && cp == want;
}

TEST(text_utf8_decode_valid)
{
	char out[4];
	uint32_t cps[] = {0x24, 0xA2, 0x20AC, 0x10348, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF,
			  0x10000, 0x10FFFF, 0x0105, 0x017E};
	size_t i;

	CHECK(decodes_to("A", 1, 'A', 1));
	CHECK(decodes_to("\xC4\x85", 2, 0x0105, 2));		/* ą */
	CHECK(decodes_to("\xE2\x82\xAC", 3, 0x20AC, 3));	/* € */
	CHECK(decodes_to("\xF0\x9F\x98\x80", 4, 0x1F600, 4));	/* emoji */
	CHECK(decodes_to("\xEF\xBF\xBD", 3, 0xFFFD, 3));	/* a real U+FFFD */
	for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		int n = utf8_encode(cps[i], out);
		uint32_t cp;

		CHECK(utf8_decode(out, (size_t)n, &cp) == n && cp == cps[i]);
		CHECK(utf8_valid(out, (size_t)n));
	}
	CHECK(utf8_valid("Žemės ūkis, Łódź, Щука, 中文", strlen("Žemės ūkis, Łódź, Щука, 中文")));
	CHECK(utf8_valid("", 0));
}

TEST(text_utf8_decode_rejects_invalid)
{
	static const struct {
		const char *s;
		size_t n;
	} bad[] = {
		{"\x80", 1},			/* lone continuation */
		{"\xBF", 1},
		{"\xC0\x80", 2},		/* overlong NUL */
		{"\xC1\xBF", 2},		/* overlong */
		{"\xE0\x80\xAF", 3},		/* overlong '/' */
		{"\xE0\x9F\xBF", 3},		/* overlong U+07FF */
		{"\xF0\x8F\xBF\xBF", 4},	/* overlong U+FFFF */
		{"\xED\xA0\x80", 3},		/* surrogate U+D800 */
		{"\xED\xBF\xBF", 3},		/* surrogate U+DFFF */
		{"\xF4\x90\x80\x80", 4},	/* U+110000 */
		{"\xF5\x80\x80\x80", 4},
		{"\xFE", 1},
		{"\xFF", 1},
		{"\xC4", 1},			/* truncated */
		{"\xE2\x82", 2},		/* truncated */
		{"\xF0\x9F\x98", 3},		/* truncated */
		{"\xC4\x41", 2},		/* continuation missing */
		{"\xE2\x28\xA1", 3},
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t cp = 0;

		if (!CHECK(utf8_decode(bad[i].s, bad[i].n, &cp) == 1 && cp == 0xFFFD))
			t_fail("case %zu decoded", i);
		CHECK(!utf8_valid(bad[i].s, bad[i].n));
	}
	/* The length limit is respected even when the bytes after it would complete it. */
	CHECK(decodes_to("\xC4\x85", 1, 0xFFFD, 1));
	CHECK(!utf8_valid("ok \xC4", 4));
	CHECK(utf8_valid("ok \xC4\x85", 5));
}

TEST(text_utf8_len_prev_next)
{
	const char *s = "aą€😀b";	/* 1 + 2 + 3 + 4 + 1 bytes */
	size_t off = 0;

	CHECK_INT(utf8_len(s), 5);
	CHECK_INT(utf8_len(""), 0);
	off = utf8_next(s, off);
	CHECK_INT(off, 1);
	off = utf8_next(s, off);
	CHECK_INT(off, 3);
	off = utf8_next(s, off);
	CHECK_INT(off, 6);
	off = utf8_next(s, off);
	CHECK_INT(off, 10);
	off = utf8_next(s, off);
	CHECK_INT(off, 11);
	CHECK_INT(utf8_next(s, 11), 11);
	CHECK_INT(utf8_prev(s, 11), 10);
	CHECK_INT(utf8_prev(s, 10), 6);
	CHECK_INT(utf8_prev(s, 6), 3);
	CHECK_INT(utf8_prev(s, 3), 1);
	CHECK_INT(utf8_prev(s, 1), 0);
	CHECK_INT(utf8_prev(s, 0), 0);
}

TEST(text_width_table)
{
	CHECK_INT(cp_width('a'), 1);
	CHECK_INT(cp_width(0x0105), 1);		/* ą */
	CHECK_INT(cp_width(0x0416), 1);		/* Ж */
	CHECK_INT(cp_width(0x0301), 0);		/* combining acute */
	CHECK_INT(cp_width(0x030C), 0);		/* combining caron */
	CHECK_INT(cp_width(0x200B), 0);
	CHECK_INT(cp_width(0x4E2D), 2);		/* 中 */
	CHECK_INT(cp_width(0xAC00), 2);		/* 가 */
	CHECK_INT(cp_width(0x3042), 2);		/* あ */
	CHECK_INT(cp_width(0xFF21), 2);		/* fullwidth A */
	CHECK_INT(cp_width(0x1F600), 2);	/* 😀 */
	CHECK_INT(cp_width(0x1F680), 2);	/* 🚀 */
	CHECK_INT(cp_width(0x20000), 2);	/* CJK extension B */
	CHECK_INT(cp_width(0x1160), 0);		/* Hangul medial vowel */
	CHECK_INT(cp_width(0x2014), 1);		/* em dash */
	CHECK_INT(cp_width(0x1B), 0);
	CHECK_INT(cp_width(0x9B), 0);
	CHECK_INT(text_width("Šiauliai"), 8);
	CHECK_INT(text_width("中文abc"), 7);
	CHECK_INT(text_width("e\xCC\x81"), 1);	/* e + combining acute */
	CHECK_INT(text_width("😀!"), 3);
	CHECK_INT(text_width(""), 0);
}

TEST(text_fit_never_cuts)
{
	CHECK_INT(text_fit("Žemės ūkis", 5), strlen("Žemės"));
	CHECK_INT(text_fit("中文字", 3), 3);	/* one wide char; the second does not fit */
	CHECK_INT(text_fit("中文字", 4), 6);
	CHECK_INT(text_fit("中文字", 1), 0);
	CHECK_INT(text_fit("abc", 0), 0);
	CHECK_INT(text_fit("abc", 10), 3);
	/* A combining mark stays with its letter. */
	CHECK_INT(text_fit("ae\xCC\x81x", 2), 4);
}

static void check_sanitize(const char *in, int keep, const char *want)
{
	char *got = text_sanitize(in, strlen(in), keep);

	CHECK_STR(got, want);
	free(got);
}

TEST(text_sanitize_escape_sequences)
{
	check_sanitize("a\x1b[2Jb", 0, "ab");
	check_sanitize("\x1b[1;31mred\x1b[0m", 0, "red");
	check_sanitize("x\x1b[38;5;196;48;2;1;2;3my", 0, "xy");
	check_sanitize("x\x1b[?1049hy", 0, "xy");
	check_sanitize("\x1b]0;evil title\x07ok", 0, "ok");
	check_sanitize("\x1b]0;evil title\x1b\\ok", 0, "ok");
	/* OSC 8 hyperlink: the link goes, the visible text stays. */
	check_sanitize("see \x1b]8;;http://evil.example/\x1b\\here\x1b]8;;\x1b\\ now", 0,
		       "see here now");
	check_sanitize("\x1bP+q544e\x1b\\after", 0, "after");	/* DCS */
	check_sanitize("\x1b_apc\x1b\\z", 0, "z");
	check_sanitize("a\x1b(Bb\x1b" "7c\x1b" "cd", 0, "abcd");
	check_sanitize("end\x1b", 0, "end");
	check_sanitize("end\x1b[12;", 0, "end");
	check_sanitize("\x1b]52;c;ZXZpbA==", 0, "");		/* unterminated OSC */
	/* C1 controls written as UTF-8 code points. */
	check_sanitize("a\xC2\x9B" "2Jb", 0, "ab");		/* U+009B CSI */
	check_sanitize("a\xC2\x9D" "0;t\xC2\x9C" "b", 0, "ab");	/* U+009D OSC .. ST */
	check_sanitize("a\xC2\x85" "b\xC2\x80" "c", 0, "abc");
	/* Raw C1 bytes are invalid UTF-8. */
	check_sanitize("a\x9b" "2Jb", 0, "a\xEF\xBF\xBD" "2Jb");
}

TEST(text_sanitize_controls_and_invisibles)
{
	check_sanitize("a\x01\x02\x07\x08\x7f" "b", 0, "ab");
	check_sanitize("a\x00" "b", 0, "a");	/* strlen stops; see the explicit length below */
	{
		char *got = text_sanitize("a\0b", 3, 0);

		CHECK_STR(got, "ab");
		free(got);
	}
	check_sanitize("tab\there", 0, "tab here");
	check_sanitize("one\r\ntwo\nthree", 1, "one\ntwo\nthree");
	check_sanitize("one\r\ntwo\nthree", 0, "one two three");
	check_sanitize("old\rmac", 1, "old\nmac");
	check_sanitize("\n\npara\n\nnext\n", 1, "\n\npara\n\nnext\n");
	/* bidi overrides and isolates */
	check_sanitize("a\u202Eevil\u202Cb", 0, "aevilb");
	check_sanitize("\u202A\u202B\u202D\u2066\u2067\u2068\u2069x", 0, "x");
	check_sanitize("\u200Bz\u200Cw\u200Dj\u200E\u200Fx", 0, "zwjx");
	check_sanitize("\uFEFFbom", 0, "bom");
	check_sanitize("line\u2028sep\u2029para", 0, "lineseppara");
	check_sanitize("soft\u00ADhyphen", 0, "softhyphen");
	check_sanitize("\u2060\u2061\u061Cx", 0, "x");
	/* invalid UTF-8 becomes U+FFFD, one per bad byte */
	check_sanitize("a\xC0\x80" "b", 0, "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
	check_sanitize("\xED\xA0\x80", 0, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	check_sanitize("trunc\xC4", 0, "trunc\xEF\xBF\xBD");
}

TEST(text_sanitize_keeps_real_text)
{
	const char *lt = "Ąžuolas, čiobrelis, ęsti, ėjo, įėjimas, šuo, ųsai, ūkis, žemė. "
			 "ĄČĘĖĮŠŲŪŽ";
	const char *mixed = "Łódź – „cytat” … Щука «ёж» 中文 😀 e\xCC\x81 ø ß";

	check_sanitize(lt, 0, lt);
	check_sanitize(mixed, 0, mixed);
	check_sanitize("", 0, "");
	{
		char *once = text_sanitize("x\x1b[2Jy\u202E", 9, 1);
		char *twice = text_sanitize(once, strlen(once), 1);

		CHECK_STR(twice, once);
		free(once);
		free(twice);
	}
}

static int wrap(const char *s, int width, char ***lines)
{
	int n = text_wrap(s, width, lines);
	int i;

	for (i = 0; i < n; i++) {
		/* Never wider than the width (a wide character alone in one column aside). */
		if (text_width((*lines)[i]) > width && utf8_len((*lines)[i]) > 1)
			t_fail("line %d \"%s\" is wider than %d", i, (*lines)[i], width);
	}
	return n;
}

TEST(text_wrap_words)
{
	char **l;
	int n = wrap("the quick brown fox jumps", 10, &l);

	if (CHECK_INT(n, 3)) {
		CHECK_STR(l[0], "the quick");
		CHECK_STR(l[1], "brown fox");
		CHECK_STR(l[2], "jumps");
	}
	text_lines_free(l, n);
	n = wrap("Žemės ūkis ir šiauliečių bendruomenė", 12, &l);
	if (CHECK_INT(n, 4)) {
		CHECK_STR(l[0], "Žemės ūkis");
		CHECK_STR(l[1], "ir");
		CHECK_STR(l[2], "šiauliečių");
		CHECK_STR(l[3], "bendruomenė");
	}
	text_lines_free(l, n);
	n = wrap("exactly ten", 11, &l);
	CHECK_INT(n, 1);
	text_lines_free(l, n);
	n = wrap("  many    spaces   here  ", 20, &l);
	if (CHECK_INT(n, 1))
		CHECK_STR(l[0], "many spaces here");
	text_lines_free(l, n);
	n = wrap("", 10, &l);
	CHECK_INT(n, 0);
	text_lines_free(l, n);
}

TEST(text_wrap_paragraphs)
{
	char **l;
	int n = wrap("First paragraph here.\n\nSecond one.\nA line.", 12, &l);

	if (CHECK_INT(n, 6)) {
		CHECK_STR(l[0], "First");
		CHECK_STR(l[1], "paragraph");
		CHECK_STR(l[2], "here.");
		CHECK_STR(l[3], "");
		CHECK_STR(l[4], "Second one.");
		CHECK_STR(l[5], "A line.");
	}
	text_lines_free(l, n);
	n = wrap("a\n\n\nb\n", 5, &l);
	if (CHECK_INT(n, 4)) {
		CHECK_STR(l[1], "");
		CHECK_STR(l[2], "");
		CHECK_STR(l[3], "b");
	}
	text_lines_free(l, n);
}

TEST(text_wrap_long_words_and_narrow)
{
	char **l;
	int n = wrap("a verylongwordindeed b", 5, &l);

	if (CHECK_INT(n, 5)) {
		CHECK_STR(l[0], "a");
		CHECK_STR(l[1], "veryl");
		CHECK_STR(l[2], "ongwo");
		CHECK_STR(l[3], "rdind");
		CHECK_STR(l[4], "eed b");
	}
	text_lines_free(l, n);
	n = wrap("ab cd", 1, &l);
	if (CHECK_INT(n, 4)) {
		CHECK_STR(l[0], "a");
		CHECK_STR(l[1], "b");
		CHECK_STR(l[2], "c");
		CHECK_STR(l[3], "d");
	}
	text_lines_free(l, n);
	n = wrap("ąčę", 1, &l);
	if (CHECK_INT(n, 3))
		CHECK_STR(l[1], "č");
	text_lines_free(l, n);
	/* Wide characters: two columns each, never split. */
	n = wrap("中文字符串", 5, &l);
	if (CHECK_INT(n, 3)) {
		CHECK_STR(l[0], "中文");
		CHECK_STR(l[1], "字符");
		CHECK_STR(l[2], "串");
	}
	text_lines_free(l, n);
	/* One column cannot hold a wide character: it goes alone on its line. */
	n = wrap("中a文", 1, &l);
	if (CHECK_INT(n, 3)) {
		CHECK_STR(l[0], "中");
		CHECK_STR(l[1], "a");
		CHECK_STR(l[2], "文");
	}
	text_lines_free(l, n);
	/* Combining marks stay on their letter. */
	n = wrap("ae\xCC\x81io", 2, &l);
	if (CHECK_INT(n, 2))
		CHECK_STR(l[0], "ae\xCC\x81");
	text_lines_free(l, n);
	n = wrap("中 文", 1, &l);
	CHECK_INT(n, 2);
	text_lines_free(l, n);
	n = wrap("x", 0, &l);	/* a width below 1 is taken as 1 */
	CHECK_INT(n, 1);
	text_lines_free(l, n);
}

static void check_fold(const char *in, const char *want)
{
	char *got = text_fold(in);

	CHECK_STR(got, want);
	free(got);
}

TEST(text_fold_for_search)
{
	check_fold("ŠIAULIAI", "siauliai");
	check_fold("Łódź", "lodz");
	check_fold("Žemės ūkis", "zemes ukis");
	check_fold("ąčęėįšųūž ĄČĘĖĮŠŲŪŽ", "aceeisuuz aceeisuuz");
	check_fold("ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ", "acelnoszz acelnoszz");
	check_fold("Crème Brûlée, Straße, Øresund, Æsir", "creme brulee, strasse, oresund, aesir");
	check_fold("Ğüşİıç Țară", "gusiic tara");
	check_fold("ЩУКА Ёлка Йогурт", "щука елка иогурт");
	check_fold("Їжак Ґанок", "іжак ґанок");
	check_fold("s\xCC\x8C" "a", "sa");	/* decomposed š */
	check_fold("中文 123 e-mail", "中文 123 e-mail");
	check_fold("Ωμέγα", "ωμεγα");
	check_fold("", "");
}

static void check_ascii(const char *in, const char *want)
{
	char *got = text_to_ascii(in);

	CHECK_STR(got, want);
	free(got);
}

TEST(text_to_ascii_table)
{
	char out[8];

	check_ascii("Щука", "Shchuka");
	check_ascii("ЩУКА", "SHCHUKA");
	check_ascii("Жизнь, Харьков, Царь, Чехов, Шишкин",
		    "Zhizn, Kharkov, Tsar, Chekhov, Shishkin");
	check_ascii("Юля и Яна съели ёжика. Мы", "Yulya i Yana seli yozhika. My");
	check_ascii("Толстой", "Tolstoy");
	check_ascii("ЮЛЯ", "YULYA");
	check_ascii("ОБЩ. Ж и Щ", "OBSHCH. Zh i Shch");
	check_ascii("Ąžuolas ĄČĘĖĮŠŲŪŽ ąčęėįšųūž", "Azuolas ACEEISUUZ aceeisuuz");
	check_ascii("Łódź ĄĆĘŁŃÓŚŹŻ", "Lodz ACELNOSZZ");
	check_ascii("„Labas“ – “hi” ‘x’ — a…b\u00A0c", "\"Labas\" - \"hi\" 'x' - a...b c");
	check_ascii("«ёж» €5", "\"yozh\" EUR5");
	check_ascii("中😀", "??");
	check_ascii("e\xCC\x81", "e");
	check_ascii("plain ASCII!", "plain ASCII!");
	cp_to_ascii(0x0429, out);
	CHECK_STR(out, "Shch");
	cp_to_ascii(0x0449, out);
	CHECK_STR(out, "shch");
	cp_to_ascii(0x0141, out);
	CHECK_STR(out, "L");
	cp_to_ascii(0x044A, out);
	CHECK_STR(out, "");
	cp_to_ascii(0x4E2D, out);
	CHECK_STR(out, "?");
	cp_to_ascii('x', out);
	CHECK_STR(out, "x");
}

TEST(text_wrap_huge_word)
{
	size_t n = 200000, i;
	char *s = malloc(n * 2 + 1);
	char **l;
	int lines;

	if (s == NULL)
		t_fail("out of memory");
	for (i = 0; i < n; i++)
		memcpy(s + i * 2, "\xC5\xBE", 2);	/* ž, one word of 200,000 letters */
	s[n * 2] = '\0';
	lines = text_wrap(s, 1, &l);
	CHECK_INT(lines, 200000);
	if (lines > 0)
		CHECK_STR(l[lines - 1], "ž");
	text_lines_free(l, lines);
	lines = text_wrap(s, 79, &l);
	CHECK_INT(lines, (200000 + 78) / 79);
	text_lines_free(l, lines);
	free(s);
}

/* Whatever goes in, what comes out is valid UTF-8 with nothing a terminal acts on. */
TEST(text_sanitize_random_bytes)
{
	static const char alphabet[] = "\x1b[]P\\\x07\x9b\x9c\xc2\xe2\x80\xae\xa6\xef\xbb\xbf"
				       "a ;0\n\r\t\xc5\xbe\xf0\x9f\x98";
	uint32_t seed = 12345;
	int round;

	for (round = 0; round < 2000; round++) {
		char in[64], *out, *folded, *ascii, **lines;
		size_t i, n = (size_t)(round % 64), j;
		int nl;

		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = (seed >> 16) % 3 == 0 ? (char)(seed >> 8) :
				alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		out = text_sanitize(in, n, round % 2);
		if (!CHECK(utf8_valid(out, strlen(out))))
			return;
		for (j = 0; out[j] != '\0';) {
			uint32_t cp;
			int len = utf8_decode(out + j, strlen(out + j), &cp);

			if (!CHECK(cp >= 0x20 || cp == '\n') || !CHECK(cp != 0x7F) ||
			    !CHECK(cp < 0x80 || cp >= 0xA0) ||
			    !CHECK(!(cp >= 0x202A && cp <= 0x202E)) || !CHECK(cp != 0xFEFF))
				return;
			j += (size_t)len;
		}
		folded = text_fold(out);
		ascii = text_to_ascii(out);
		CHECK(utf8_valid(folded, strlen(folded)));
		for (j = 0; ascii[j] != '\0'; j++)
			CHECK((unsigned char)ascii[j] < 0x80);
		nl = text_wrap(out, 1 + round % 7, &lines);
		text_lines_free(lines, nl);
		free(folded);
		free(ascii);
		free(out);
	}
}

/* Throughput of the text functions on mixed lt/pl/ru text, beside a plain decode of
 * every code point (utf8_len) as the raw limit. */
TEST(bench_text_throughput)
{
	static const char para[] = "Žemės ūkis ir šiauliečių bendruomenė – Łódź, Щука и ёж. "
				   "The quick brown fox jumps over the lazy dog. ";
	size_t n = sizeof(para) - 1, reps = 20000, total = n * reps, i;
	char *big = malloc(total + 1), *out, **lines;
	int64_t t0;
	double raw, mb = (double)total / 1e6;
	int nl;

	if (big == NULL)
		t_fail("out of memory");
	for (i = 0; i < reps; i++)
		memcpy(big + i * n, para, n);
	big[total] = '\0';
	t0 = now_us_monotonic();
	CHECK(utf8_len(big) > 0);
	raw = mb / ((double)(now_us_monotonic() - t0 + 1) / 1e6);
	t0 = now_us_monotonic();
	out = text_fold(big);
	t_bench("text_fold", mb / ((double)(now_us_monotonic() - t0 + 1) / 1e6), "MB/s", raw,
		"decode");
	free(out);
	t0 = now_us_monotonic();
	out = text_sanitize(big, total, 1);
	t_bench("text_sanitize", mb / ((double)(now_us_monotonic() - t0 + 1) / 1e6), "MB/s",
		raw, "decode");
	free(out);
	t0 = now_us_monotonic();
	nl = text_wrap(big, 78, &lines);
	t_bench("text_wrap (78 columns)", mb / ((double)(now_us_monotonic() - t0 + 1) / 1e6),
		"MB/s", raw, "decode");
	text_lines_free(lines, nl);
	t0 = now_us_monotonic();
	out = text_to_ascii(big);
	t_bench("text_to_ascii", mb / ((double)(now_us_monotonic() - t0 + 1) / 1e6), "MB/s",
		raw, "decode");
	free(out);
	free(big);
}
