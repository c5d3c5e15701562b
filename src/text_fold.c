/* text_fold: folding for search and an ASCII transliteration (text.h) for Latin and
 * Cyrillic letters, table-driven and independent of the C library's locale. */
#include "text.h"

#include <string.h>

#include "util.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Latin letters: one cased ASCII letter per code point, '*' for the few that
 * need more (see latin_special) and '.' for non-letters. ---- */

/* U+00C0..U+00FF */
static const char latin1[] = "AAAAAA*CEEEEIIIIDNOOOOO*OUUUUY**aaaaaa*ceeeeiiiidnooooo*ouuuuy*y";
/* U+0100..U+017F */
static const char latin_ext_a[] =
	"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi**JjKkkLlLlLlLlLlNnNnNnnNn"
	"OoOoOo**RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

static const struct {
	uint32_t cp;
	const char *ascii;
} specials[] = {
	{0x00C6, "AE"}, {0x00D7, "x"}, {0x00DE, "Th"}, {0x00DF, "ss"}, {0x00E6, "ae"},
	{0x00F7, "/"}, {0x00FE, "th"}, {0x0132, "IJ"}, {0x0133, "ij"}, {0x0152, "OE"},
	{0x0153, "oe"},
};

/* Latin Extended-B and Additional letters met in European names: Romanian, Croatian,
 * Vietnamese basics. */
static const struct {
	uint32_t cp;
	char c;
} latin_more[] = {
	{0x0180, 'b'}, {0x0189, 'D'}, {0x018F, 'E'}, {0x0192, 'f'}, {0x0197, 'I'},
	{0x019A, 'l'}, {0x01A0, 'O'}, {0x01A1, 'o'}, {0x01AF, 'U'}, {0x01B0, 'u'},
	{0x01B5, 'Z'}, {0x01B6, 'z'}, {0x01CD, 'A'}, {0x01CE, 'a'}, {0x01CF, 'I'},
	{0x01D0, 'i'}, {0x01D1, 'O'}, {0x01D2, 'o'}, {0x01D3, 'U'}, {0x01D4, 'u'},
	{0x01E6, 'G'}, {0x01E7, 'g'}, {0x01E8, 'K'}, {0x01E9, 'k'}, {0x01EA, 'O'},
	{0x01EB, 'o'}, {0x01F0, 'j'}, {0x01F4, 'G'}, {0x01F5, 'g'}, {0x01F8, 'N'},
	{0x01F9, 'n'}, {0x0218, 'S'}, {0x0219, 's'}, {0x021A, 'T'}, {0x021B, 't'},
	{0x0228, 'E'}, {0x0229, 'e'}, {0x0237, 'j'}, {0x0259, 'e'},
};

/* The cased ASCII letter for a Latin letter with diacritics, 0 if none, '*' if it needs
 * a special entry. */
static char latin_letter(uint32_t cp)
{
	size_t i;

	if (cp >= 0xC0 && cp <= 0xFF)
		return latin1[cp - 0xC0];
	if (cp >= 0x100 && cp <= 0x17F)
		return latin_ext_a[cp - 0x100];
	if (cp < 0x180 || (cp > 0x24F && cp < 0x1E00) || cp > 0x1EFF)
		return 0;
	for (i = 0; i < COUNT(latin_more); i++) {
		if (latin_more[i].cp == cp)
			return latin_more[i].c;
	}
	/* Latin Extended Additional: pairs of capital and small letters; only the base
	 * letter is needed, which a short table of block starts gives. */
	if (cp >= 0x1E00 && cp <= 0x1EFF) {
		static const struct {
			uint16_t lo;
			char c;
		} blocks[] = {
			{0x1E00, 'a'}, {0x1E02, 'b'}, {0x1E08, 'c'}, {0x1E0A, 'd'}, {0x1E14, 'e'},
			{0x1E1E, 'f'}, {0x1E20, 'g'}, {0x1E22, 'h'}, {0x1E2C, 'i'}, {0x1E30, 'k'},
			{0x1E36, 'l'}, {0x1E3E, 'm'}, {0x1E44, 'n'}, {0x1E4C, 'o'}, {0x1E54, 'p'},
			{0x1E58, 'r'}, {0x1E60, 's'}, {0x1E6A, 't'}, {0x1E72, 'u'}, {0x1E7C, 'v'},
			{0x1E80, 'w'}, {0x1E8A, 'x'}, {0x1E8E, 'y'}, {0x1E90, 'z'}, {0x1E96, 'h'},
			{0x1E97, 't'}, {0x1E98, 'w'}, {0x1E99, 'y'}, {0x1E9A, 'a'}, {0x1E9B, 's'},
			{0x1E9C, 0}, {0x1EA0, 'a'}, {0x1EB8, 'e'}, {0x1EC8, 'i'}, {0x1ECC, 'o'},
			{0x1EE4, 'u'}, {0x1EF2, 'y'}, {0x1EFA, 0},
		};
		char c = 0;

		for (i = 0; i < COUNT(blocks) && blocks[i].lo <= cp; i++)
			c = blocks[i].c;
		if (c != 0 && cp < 0x1E96 && cp % 2 == 0)
			c = (char)(c - 'a' + 'A');
		if (c != 0 && cp >= 0x1EA0 && cp % 2 == 0)
			c = (char)(c - 'a' + 'A');
		return c;
	}
	return 0;
}

static const char *latin_special(uint32_t cp)
{
	size_t i;

	for (i = 0; i < COUNT(specials); i++) {
		if (specials[i].cp == cp)
			return specials[i].ascii;
	}
	return NULL;
}

/* ---- Cyrillic ---- */

/* Lowercase of a Cyrillic capital, or cp itself. */
static uint32_t cyrillic_lower(uint32_t cp)
{
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 0x50;
	if (cp >= 0x410 && cp <= 0x42F)
		return cp + 0x20;
	if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF) ||
	    (cp >= 0x4D0 && cp <= 0x52F))
		return (cp % 2 == 0) ? cp + 1 : cp;
	if (cp >= 0x4C1 && cp <= 0x4CE)
		return (cp % 2 == 1) ? cp + 1 : cp;
	if (cp == 0x4C0)
		return 0x4CF;
	return cp;
}

static int cyrillic_is_upper(uint32_t cp)
{
	return cp >= 0x400 && cp <= 0x52F && cyrillic_lower(cp) != cp;
}

/* Russian (and the common Ukrainian and Belarusian letters) in a readable scheme,
 * lowercase; the index is the small letter minus U+0430. */
static const char *const cyr_ascii[] = {
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
};

/* The lowercase ASCII transliteration of a small Cyrillic letter, NULL if none. */
static const char *cyrillic_ascii(uint32_t lower)
{
	if (lower >= 0x430 && lower <= 0x44F)
		return cyr_ascii[lower - 0x430];
	switch (lower) {
	case 0x450: return "e";		/* ѐ */
	case 0x451: return "yo";	/* ё */
	case 0x452: return "dj";	/* ђ */
	case 0x453: return "g";		/* ѓ */
	case 0x454: return "ye";	/* є */
	case 0x455: return "dz";	/* ѕ */
	case 0x456: return "i";		/* і */
	case 0x457: return "yi";	/* ї */
	case 0x458: return "j";		/* ј */
	case 0x459: return "lj";	/* љ */
	case 0x45A: return "nj";	/* њ */
	case 0x45B: return "c";		/* ћ */
	case 0x45C: return "k";		/* ќ */
	case 0x45D: return "i";		/* ѝ */
	case 0x45E: return "u";		/* ў */
	case 0x45F: return "dz";	/* џ */
	case 0x491: return "g";		/* ґ */
	default: return NULL;
	}
}

/* ---- folding ---- */

/* The folded form of cp appended to b. */
static void fold_cp(struct buf *b, uint32_t cp)
{
	char enc[4];
	char c;

	if (cp < 0x80) {
		buf_addc(b, (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
		return;
	}
	/* Combining marks of decomposed input go with the diacritics. */
	if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	    (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	    (cp >= 0xFE20 && cp <= 0xFE2F))
		return;
	c = latin_letter(cp);
	if (c == '*') {
		const char *sp = latin_special(cp);
		size_t i;

		if (cp == 0xD7 || cp == 0xF7) {
			buf_add(b, enc, (size_t)utf8_encode(cp, enc));
			return;
		}
		for (i = 0; sp[i] != '\0'; i++)
			buf_addc(b, (char)(sp[i] >= 'A' && sp[i] <= 'Z' ? sp[i] + 32 : sp[i]));
		return;
	}
	if (c != 0) {
		buf_addc(b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
		return;
	}
	if (cp >= 0x400 && cp <= 0x52F) {
		cp = cyrillic_lower(cp);
		/* Letters with a diacritic fold to their base, as unicode61 does. */
		switch (cp) {
		case 0x450: case 0x451: cp = 0x435; break;	/* ѐ ё -> е */
		case 0x439: case 0x45D: cp = 0x438; break;	/* й ѝ -> и */
		case 0x453: cp = 0x433; break;			/* ѓ -> г */
		case 0x457: cp = 0x456; break;			/* ї -> і */
		case 0x45C: cp = 0x43A; break;			/* ќ -> к */
		case 0x45E: cp = 0x443; break;			/* ў -> у */
		default: break;
		}
	} else if (cp >= 0x386 && cp <= 0x3CE) {
		/* Greek: lowercase, tonos and dialytika removed, final sigma as sigma. */
		static const uint16_t accented[][2] = {
			{0x386, 0x3B1}, {0x388, 0x3B5}, {0x389, 0x3B7}, {0x38A, 0x3B9},
			{0x38C, 0x3BF}, {0x38E, 0x3C5}, {0x38F, 0x3C9}, {0x390, 0x3B9},
			{0x3AA, 0x3B9}, {0x3AB, 0x3C5}, {0x3AC, 0x3B1}, {0x3AD, 0x3B5},
			{0x3AE, 0x3B7}, {0x3AF, 0x3B9}, {0x3B0, 0x3C5}, {0x3C2, 0x3C3},
			{0x3CA, 0x3B9}, {0x3CB, 0x3C5}, {0x3CC, 0x3BF}, {0x3CD, 0x3C5},
			{0x3CE, 0x3C9},
		};
		size_t i;

		if (cp >= 0x391 && cp <= 0x3A9)
			cp += 0x20;
		for (i = 0; i < COUNT(accented); i++) {
			if (accented[i][0] == cp)
				cp = accented[i][1];
		}
	} else if (cp >= 0xFF21 && cp <= 0xFF3A) {
		cp = cp - 0xFF21 + 'a';		/* fullwidth capitals */
	} else if (cp >= 0xFF41 && cp <= 0xFF5A) {
		cp = cp - 0xFF41 + 'a';
	}
	buf_add(b, enc, (size_t)utf8_encode(cp, enc));
}

char *text_fold(const char *s)
{
	struct buf b = {0};
	size_t i = 0, n = strlen(s);
	uint32_t cp;

	buf_add(&b, "", 0);
	while (i < n) {
		char chunk[256];
		size_t k = 0;

		/* Runs of ASCII, the common case, go through in chunks. */
		while (i < n && (unsigned char)s[i] < 0x80 && k < sizeof(chunk)) {
			char c = s[i++];

			chunk[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		if (k > 0) {
			buf_add(&b, chunk, k);
			continue;
		}
		i += (size_t)utf8_decode(s + i, n - i, &cp);
		fold_cp(&b, cp);
	}
	return buf_take(&b);
}

/* ---- ASCII transliteration ---- */

static const struct {
	uint32_t cp;
	const char *ascii;
} punct[] = {
	{0x00A0, " "}, {0x00A1, "!"}, {0x00A2, "c"}, {0x00A3, "GBP"}, {0x00A5, "JPY"},
	{0x00A6, "|"}, {0x00A7, "S"}, {0x00A8, "\""}, {0x00A9, "(c)"}, {0x00AA, "a"},
	{0x00AB, "\""}, {0x00AC, "!"}, {0x00AD, ""}, {0x00AE, "(R)"}, {0x00AF, "-"},
	{0x00B0, "o"}, {0x00B1, "+/-"}, {0x00B2, "2"}, {0x00B3, "3"}, {0x00B4, "'"},
	{0x00B5, "u"}, {0x00B6, "P"}, {0x00B7, "."}, {0x00B8, ","}, {0x00B9, "1"},
	{0x00BA, "o"}, {0x00BB, "\""}, {0x00BC, "1/4"}, {0x00BD, "1/2"}, {0x00BE, "3/4"},
	{0x00BF, "?"}, {0x02BC, "'"}, {0x02C6, "^"}, {0x02DC, "~"}, {0x2010, "-"},
	{0x2011, "-"}, {0x2012, "-"}, {0x2013, "-"}, {0x2014, "-"}, {0x2015, "-"},
	{0x2016, "||"}, {0x2018, "'"}, {0x2019, "'"}, {0x201A, "'"}, {0x201B, "'"},
	{0x201C, "\""}, {0x201D, "\""}, {0x201E, "\""}, {0x201F, "\""}, {0x2020, "+"},
	{0x2022, "*"}, {0x2024, "."}, {0x2025, ".."}, {0x2026, "..."}, {0x2027, "-"},
	{0x202F, " "}, {0x2030, "%o"}, {0x2032, "'"}, {0x2033, "\""}, {0x2039, "<"},
	{0x203A, ">"}, {0x2044, "/"}, {0x205F, " "}, {0x20AC, "EUR"}, {0x20BD, "RUB"},
	{0x2116, "No."}, {0x2122, "TM"}, {0x2190, "<-"}, {0x2192, "->"}, {0x2212, "-"},
	{0x2264, "<="}, {0x2265, ">="}, {0x2260, "!="}, {0x2248, "~"}, {0x3000, " "},
};

void cp_to_ascii(uint32_t cp, char out[8])
{
	const char *s = NULL;
	char c;
	size_t i;

	out[0] = '?';
	out[1] = '\0';
	if (cp < 0x80) {
		out[0] = (char)cp;
		return;
	}
	c = latin_letter(cp);
	if (c == '*') {
		s = latin_special(cp);
	} else if (c != 0) {
		out[0] = c;
		return;
	} else if (cp >= 0x400 && cp <= 0x52F) {
		uint32_t lower = cyrillic_lower(cp);

		s = cyrillic_ascii(lower);
		if (s != NULL && lower != cp) {
			/* A capital keeps its case on the first letter: Щ -> Shch. */
			size_t len = strlen(s);

			memcpy(out, s, len + 1);
			if (len > 0)
				out[0] = (char)(out[0] - 'a' + 'A');
			return;
		}
	} else if ((cp >= 0x2000 && cp <= 0x200A)) {
		s = " ";
	} else if ((cp >= 0x300 && cp <= 0x36F) || cp_width(cp) == 0) {
		s = "";
	} else if (cp >= 0xFF01 && cp <= 0xFF5E) {
		out[0] = (char)(cp - 0xFF01 + '!');	/* fullwidth ASCII */
		return;
	} else {
		for (i = 0; i < COUNT(punct); i++) {
			if (punct[i].cp == cp) {
				s = punct[i].ascii;
				break;
			}
		}
	}
	if (s != NULL) {
		size_t len = strlen(s);

		memcpy(out, s, len + 1);
	}
}

static int is_upper_letter(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || cyrillic_is_upper(cp);
}

static int is_lower_letter(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 0x430 && cp <= 0x45F);
}

char *text_to_ascii(const char *s)
{
	struct buf b = {0};
	size_t i = 0, n = strlen(s);
	int prev_upper = 0;

	buf_add(&b, "", 0);
	while (i < n) {
		char out[8];
		uint32_t cp, next = 0;
		size_t j;

		if ((unsigned char)s[i] < 0x80) {
			size_t k = i + 1;

			while (k < n && (unsigned char)s[k] < 0x80)
				k++;
			buf_add(&b, s + i, k - i);
			prev_upper = s[k - 1] >= 'A' && s[k - 1] <= 'Z';
			i = k;
			continue;
		}
		i += (size_t)utf8_decode(s + i, n - i, &cp);
		if (i < n)
			utf8_decode(s + i, n - i, &next);
		cp_to_ascii(cp, out);
		/* In a word written in capitals every letter of a multi-letter transliteration
		 * is a capital: ЩУКА -> SHCHUKA, but Щука -> Shchuka and Ж alone -> Zh. */
		if (cyrillic_is_upper(cp) && out[0] != '\0' && out[1] != '\0' &&
		    (is_upper_letter(next) || (prev_upper && !is_lower_letter(next)))) {
			for (j = 1; out[j] != '\0'; j++) {
				if (out[j] >= 'a' && out[j] <= 'z')
					out[j] = (char)(out[j] - 'a' + 'A');
			}
		}
		prev_upper = is_upper_letter(cp);
		buf_adds(&b, out);
	}
	return buf_take(&b);
}
