#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "t.h"
#include "text.h"

/* ąčęėįšųūž then ĄČĘĖĮŠŲŪŽ in windows-1257 (the same bytes in ISO-8859-13). */
static const char lt_1257[] = "\xE0\xE8\xE6\xEB\xE1\xF0\xF8\xFB\xFE"
			      "\xC0\xC8\xC6\xCB\xC1\xD0\xD8\xDB\xDE";
static const char lt_utf8[] = "ąčęėįšųūžĄČĘĖĮŠŲŪŽ";

TEST(charset_windows1257_decodes_lithuanian)
{
	char *err = NULL;
	size_t len = 0;
	char *s = charset_to_utf8(lt_1257, strlen(lt_1257), "windows-1257", &len, &err);

	if (!CHECK(s != NULL))
		return;
	CHECK_STR(s, lt_utf8);
	CHECK_INT(len, strlen(lt_utf8));
	free(s);
	s = charset_to_utf8(lt_1257, strlen(lt_1257), "ISO-8859-13", NULL, &err);
	CHECK_STR(s, lt_utf8);
	free(s);
	/* Polish letters in windows-1257 too: Łódź */
	s = charset_to_utf8("\xD9\xF3" "d\xEA", 4, "CP1257", NULL, &err);
	CHECK_STR(s, "Łódź");
	free(s);
	s = charset_to_utf8("a\x80 b", 4, "windows-1257", NULL, &err);	/* euro sign */
	CHECK_STR(s, "a€ b");
	free(s);
	s = charset_to_utf8("", 0, "windows-1257", &len, &err);
	CHECK_STR(s, "");
	CHECK_INT(len, 0);
	free(s);
}

TEST(charset_roundtrip_lithuanian)
{
	const char *sets[] = {"windows-1257", "iso-8859-13", "WINDOWS-1257", "ISO-8859-13"};
	size_t i;

	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		char *err = NULL;
		char *bytes = charset_from_utf8(lt_utf8, sets[i]);
		char *back;

		CHECK_STR(bytes, lt_1257);
		back = charset_to_utf8(bytes, strlen(bytes), sets[i], NULL, &err);
		CHECK_STR(back, lt_utf8);
		free(bytes);
		free(back);
		free(err);
	}
}

TEST(charset_reports_invalid_bytes)
{
	char *err = NULL;
	char *s;

	/* 0x81 and 0x83 have no character in windows-1257. */
	s = charset_to_utf8("\xD0iauliai \x81", 10, "windows-1257", NULL, &err);
	CHECK(s == NULL);
	CHECK(err != NULL && strstr(err, "0x81") != NULL && strstr(err, "offset 9") != NULL &&
	      strstr(err, "windows-1257") != NULL);
	free(err);
	err = NULL;
	s = charset_to_utf8("ab\x83", 3, "windows-1257", NULL, &err);
	CHECK(s == NULL);
	CHECK(err != NULL && strstr(err, "0x83 at offset 2") != NULL);
	free(err);
	err = NULL;
	/* ISO-8859-13 has every byte; ASCII does not. */
	s = charset_to_utf8("ok\xE0", 3, "ASCII", NULL, &err);
	CHECK(s == NULL);
	CHECK(err != NULL && strstr(err, "offset 2") != NULL);
	free(err);
	err = NULL;
	s = charset_to_utf8("x", 1, "no-such-charset", NULL, &err);
	CHECK(s == NULL);
	CHECK(err != NULL && strstr(err, "unknown charset") != NULL);
	free(err);
}

TEST(charset_utf8_input_is_checked)
{
	char *err = NULL;
	size_t len = 0;
	char *s = charset_to_utf8("Žemė", strlen("Žemė"), "UTF-8", &len, &err);

	CHECK_STR(s, "Žemė");
	CHECK_INT(len, strlen("Žemė"));
	free(s);
	s = charset_to_utf8("\xEF\xBB\xBFid,title", 11, "utf-8", &len, &err);	/* BOM */
	CHECK_STR(s, "id,title");
	CHECK_INT(len, 8);
	free(s);
	s = charset_to_utf8("ab\xC0\x80", 4, "utf-8", NULL, &err);		/* overlong */
	CHECK(s == NULL);
	CHECK(err != NULL && strstr(err, "0xC0 at offset 2") != NULL);
	free(err);
	err = NULL;
	s = charset_to_utf8("a\xED\xA0\x80", 4, "utf8", NULL, &err);		/* surrogate */
	CHECK(s == NULL);
	CHECK(err != NULL && strstr(err, "offset 1") != NULL);
	free(err);
	err = NULL;
	s = charset_to_utf8("abc\xC4", 4, "UTF-8", NULL, &err);		/* truncated */
	CHECK(s == NULL);
	free(err);
}

TEST(charset_other_encodings)
{
	char *err = NULL;
	char *s = charset_to_utf8("\xFD\xD5\xCB", 3, "KOI8-R", NULL, &err);	/* Щук */

	CHECK_STR(s, "Щук");
	free(s);
	s = charset_to_utf8("\xA3\xF3\xE6\xBC", 4, "ISO-8859-2", NULL, &err);
	CHECK_STR(s, "Łóćź");
	free(s);
	/* UTF-16 with a truncated last unit: reported, not guessed. */
	s = charset_to_utf8("a\0b", 3, "UTF-16LE", NULL, &err);
	CHECK(s == NULL);
	CHECK(err != NULL);
	free(err);
}

TEST(charset_from_utf8_transliterates)
{
	char *s;

	s = charset_from_utf8("Щука ir Łódź", "ISO-8859-13");
	CHECK_STR(s, "Shchuka ir \xD9\xF3" "d\xEA");
	free(s);
	s = charset_from_utf8("Žemės ūkis – „Щука“ 中", "ASCII");
	CHECK_STR(s, "Zemes ukis - \"Shchuka\" ?");
	free(s);
	s = charset_from_utf8("Žemė", "ANSI_X3.4-1968");	/* the C locale's codeset */
	CHECK_STR(s, "Zeme");
	free(s);
	s = charset_from_utf8("Щука ą", "KOI8-R");
	CHECK_STR(s, "\xFD\xD5\xCB\xC1 a");
	free(s);
	s = charset_from_utf8("Ąžuolas", "UTF-8");
	CHECK_STR(s, "Ąžuolas");
	free(s);
	s = charset_from_utf8("Ąžuolas", "utf-8");
	CHECK_STR(s, "Ąžuolas");
	free(s);
	s = charset_from_utf8("Ąžuolas", "no-such-charset");
	CHECK_STR(s, "Azuolas");
	free(s);
	s = charset_from_utf8("bad \xC0 byte", "ISO-8859-13");
	CHECK_STR(s, "bad ? byte");
	free(s);
	{
		/* More different missing characters than the remembered set holds. */
		char in[200 * 4 + 1];
		size_t i, len = 0;

		for (i = 0; i < 200; i++) {
			len += (size_t)utf8_encode(0x4E00 + (uint32_t)i, in + len);
			in[len++] = 'a';
		}
		in[len] = '\0';
		s = charset_from_utf8(in, "windows-1257");
		CHECK_INT(strlen(s), 400);
		CHECK(s[0] == '?' && s[1] == 'a' && s[398] == '?' && s[399] == 'a');
		free(s);
	}
	s = charset_from_utf8("", "ISO-8859-13");
	CHECK_STR(s, "");
	free(s);
	{
		/* Long text goes through in runs. */
		char big[4001];
		size_t i;

		for (i = 0; i + 2 <= 4000; i += 2)
			memcpy(big + i, "\xC5\xBE", 2);	/* ž */
		big[4000] = '\0';
		s = charset_from_utf8(big, "windows-1257");
		CHECK_INT(strlen(s), 2000);
		CHECK((unsigned char)s[1999] == 0xFE);
		free(s);
		s = charset_from_utf8(big, "ASCII");
		CHECK_INT(strlen(s), 2000);
		CHECK(s[0] == 'z' && s[1999] == 'z');
		free(s);
	}
}
