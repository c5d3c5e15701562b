#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "request.h"
#include "t.h"
#include "util.h"

static void contact_is(const char *in, const char *want)
{
	char *got = request_normalize_contact(in);

	if (want == NULL) {
		if (!CHECK(got == NULL))
			t_check(0, __FILE__, __LINE__, in);
	} else {
		CHECK_STR(got ? got : "(null)", want);
	}
	free(got);
}

TEST(request_phones)
{
	contact_is("+370 612 34567", "+37061234567");
	contact_is("8 612 34567", "+37061234567");
	contact_is("8-612-34567", "+37061234567");
	contact_is("0 612 34567", "+37061234567");
	contact_is("00370 612 34567", "+37061234567");
	contact_is("(8 5) 212 3456", "+37052123456");
	contact_is("  +370 612 34567  ", "+37061234567");
	contact_is("+44 20 7946 0958", "+442079460958");
	contact_is("+44 (0)20 7946 0958", "+442079460958");
	contact_is("0044 20 7946 0958", "+442079460958");
	contact_is("+48 601 234 567", "+48601234567");
	/* bad ones */
	contact_is("12345", NULL);
	contact_is("+370 612 3456", NULL);
	contact_is("+370 612 345678", NULL);
	contact_is("+1234567890123456", NULL);
	contact_is("8 612 34567 ext 5", NULL);
	contact_is("++370 612 34567", NULL);
	contact_is("612#34567", NULL);
	contact_is("", NULL);
	contact_is("   ", NULL);
	contact_is("+0 123 456 789", NULL);
}

TEST(request_emails)
{
	contact_is("jonas@example.lt", "jonas@example.lt");
	contact_is("  Jonas.Petraitis@Example.LT ", "Jonas.Petraitis@example.lt");
	contact_is("a+b_c-d@mail.sub.example.com", "a+b_c-d@mail.sub.example.com");
	contact_is("jonas@", NULL);
	contact_is("@example.lt", NULL);
	contact_is("jonas@example", NULL);
	contact_is("jonas@@example.lt", NULL);
	contact_is("jo nas@example.lt", NULL);
	contact_is("jonas@exa mple.lt", NULL);
	contact_is("jonas..p@example.lt", NULL);
	contact_is(".jonas@example.lt", NULL);
	contact_is("jonas@example..lt", NULL);
	contact_is("jonas@-example.lt", NULL);
	contact_is("jonas@example.l", NULL);
	contact_is("jonas@example.123", NULL);
	contact_is("jonas@a@example.lt", NULL);
	contact_is("jonas\n@example.lt", NULL);
	contact_is("jonas@example.lt\xe2\x80\xae", NULL);
	contact_is("jo\xffnas@example.lt", NULL);
}

TEST(request_fields)
{
	char big[1200];

	CHECK(request_check_field(RF_NAME, "Jonas") == NULL);
	CHECK(request_check_field(RF_NAME, "Žydrūnė") == NULL);
	CHECK(request_check_field(RF_NAME, "Ąžuolas Čiurlionis-Šėmaitė") == NULL);
	CHECK(request_check_field(RF_NAME, "Łukasz") == NULL);
	CHECK(request_check_field(RF_NAME, "Ольга") == NULL);
	CHECK(request_check_field(RF_NAME, "O'Brien") == NULL);
	CHECK(request_check_field(RF_NAME, "") != NULL);
	CHECK(request_check_field(RF_NAME, "   ") != NULL);
	CHECK(request_check_field(RF_NAME, NULL) != NULL);
	CHECK(request_check_field(RF_NAME, "Jonas2") != NULL);
	CHECK(request_check_field(RF_NAME, "<script>") != NULL);
	CHECK(request_check_field(RF_NAME, "Jo\tnas") != NULL);
	CHECK(request_check_field(RF_NAME, "Jo\xe2\x80\xaenas") != NULL);  /* bidi override */
	CHECK(request_check_field(RF_NAME, "Jo\xc3") != NULL);             /* truncated */
	CHECK(request_check_field(RF_NAME, "\xed\xa0\x80") != NULL);       /* surrogate */
	CHECK(request_check_field(RF_NAME, "--") != NULL);
	/* 60 characters are fine, 61 are not; Lithuanian letters count once */
	memset(big, 0, sizeof big);
	for (int i = 0; i < 60; i++)
		memcpy(big + 2 * i, "\xc5\xa0", 2);    /* Š */
	CHECK(request_check_field(RF_NAME, big) == NULL);
	memcpy(big + 120, "\xc5\xa0", 2);
	CHECK(request_check_field(RF_NAME, big) != NULL);

	memset(big, 'a', 1000);
	big[1000] = '\0';
	CHECK(request_check_field(RF_MESSAGE, big) == NULL);
	big[1000] = 'a';
	big[1001] = '\0';
	CHECK(request_check_field(RF_MESSAGE, big) != NULL);
	CHECK(request_check_field(RF_MESSAGE, "") == NULL);
	CHECK(request_check_field(RF_MESSAGE, "Labas!\nKaip sekasi?") == NULL);
	CHECK(request_check_field(RF_MESSAGE, "esc \x1b[2J") != NULL);
	CHECK(request_check_field(RF_WHY, "") != NULL);
	CHECK(request_check_field(RF_WHY, big) != NULL);

	CHECK(request_check_field(RF_AGE_GROUP, "14-17") == NULL);
	CHECK(request_check_field(RF_AGE_GROUP, "30+") == NULL);
	CHECK(request_check_field(RF_AGE_GROUP, "under-14") != NULL);
	CHECK(strstr(request_check_field(RF_AGE_GROUP, "under-14"), "14") != NULL);
	CHECK(request_check_field(RF_AGE_GROUP, "10-13") != NULL);
	CHECK(request_check_field(RF_AGE_GROUP, "") != NULL);

	CHECK(request_check_field(RF_CONTACT, "") != NULL);
	CHECK(request_check_field(RF_CONTACT, "8 612 34567") == NULL);
	CHECK(request_check_field(RF_CONTACT, "nope") != NULL);
	CHECK(request_check_field(RF_LANG, "lt") == NULL);
	CHECK(request_check_field(RF_LANG, "de") != NULL);
	CHECK(request_check_field(RF_CREATED_AT, "2026-11-30T12:00:00Z") == NULL);
	CHECK(request_check_field(RF_CREATED_AT, "2026-11-30T12:00:00.123+02:00") == NULL);
	CHECK(request_check_field(RF_CREATED_AT, "2026-13-30T12:00:00Z") != NULL);
	CHECK(request_check_field(RF_CREATED_AT, "yesterday") != NULL);
	CHECK(request_check_field(RF_NOMINEE_MUNICIPALITY, "LT-43") == NULL);
	CHECK(request_check_field(RF_NOMINEE_MUNICIPALITY, "LT-61") != NULL);
	CHECK(request_check_field(RF_KIOSK, "siauliai-1") == NULL);
	CHECK(request_check_field(RF_KIOSK, "a b") != NULL);
	CHECK(request_check_field(RF_ID, "3f2504e0-4f89-41d3-9a0c-0305e82c3301") == NULL);
	CHECK(request_check_field(RF_ID, "3f2504e0") != NULL);
}

static json_t *sample(const char *kind)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			      "id", "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "kind", kind,
			      "name", "Rūta", "age_group", "18-24", "contact", "8 612 34567",
			      "lang", "lt", "consent_version", "2026-1",
			      "created_at", "2026-11-30T10:00:00Z", "kiosk_id", "siauliai-1");

	if (strcmp(kind, "contact") == 0) {
		json_object_set_new(j, "case_id", json_string("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"));
		json_object_set_new(j, "message", json_string("Norėčiau pasikalbėti."));
	} else {
		json_object_set_new(j, "nominee", json_string("Ona Žemaitė"));
		json_object_set_new(j, "nominee_municipality", json_string("LT-43"));
		json_object_set_new(j, "why", json_string("Veda jaunimo būrelį."));
	}
	return j;
}

static char *try(json_t *j)
{
	struct request r;
	char *err = NULL;

	if (request_from_json(j, &r, &err) == 0) {
		request_free(&r);
		return NULL;
	}
	return err ? err : xstrdup("?");
}

TEST(request_json_round_trip)
{
	json_t *j = sample("contact");
	struct request r, r2;
	char *err = NULL, *a, *b;
	json_t *back;

	if (!CHECK(request_from_json(j, &r, &err) == 0)) {
		t_fail("%s", err);
	}
	CHECK_STR(r.contact, "+37061234567");
	CHECK_STR(r.name, "Rūta");
	CHECK(request_validate(&r, NULL) == 0);
	back = request_to_json(&r);
	CHECK_STR(json_string_value(json_object_get(back, "contact")), "+37061234567");
	CHECK(json_object_get(back, "nominee") == NULL);
	CHECK(request_from_json(back, &r2, &err) == 0);
	a = request_canonical(&r);
	b = request_canonical(&r2);
	CHECK_STR(a, b);
	free(b);
	free(r2.message);
	r2.message = xstrdup("Kitas tekstas");
	b = request_canonical(&r2);
	CHECK(strcmp(a, b) != 0);
	free(a);
	free(b);
	request_free(&r);
	request_free(&r2);
	json_decref(back);
	json_decref(j);

	j = sample("nomination");
	err = try(j);
	CHECK(err == NULL);
	free(err);
	json_decref(j);
}

TEST(request_json_rejections)
{
	struct { const char *key; json_t *value; const char *want; } cases[] = {
		{"age_group", json_string("under-14"), "age_group"},
		{"contact", json_string("nobody"), "contact"},
		{"contact", json_integer(5), "contact"},
		{"name", json_string(""), "name"},
		{"id", json_string("x"), "id"},
		{"kind", json_string("spam"), "kind"},
		{"case_id", json_null(), "case_id"},
		{"lang", json_string("xx"), "lang"},
		{"kiosk_id", json_string(""), "kiosk_id"},
		{"created_at", json_string("now"), "created_at"},
		{"consent_version", json_null(), "consent_version"},
		{"message", json_string("a\x01" "b"), "message"},
		{"nominee", json_string("Ona"), "nominee"},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *j = sample("contact");
		char *err;

		json_object_set_new(j, cases[i].key, cases[i].value);
		err = try(j);
		if (!CHECK(err != NULL && strncmp(err, cases[i].want, strlen(cases[i].want)) == 0))
			t_check(0, __FILE__, __LINE__, err ? err : cases[i].key);
		free(err);
		json_decref(j);
	}
	/* a nomination needs its own fields */
	{
		json_t *j = sample("nomination");
		char *err;

		json_object_del(j, "why");
		err = try(j);
		CHECK(err != NULL && strncmp(err, "why", 3) == 0);
		free(err);
		json_object_set_new(j, "why", json_string("x"));
		json_object_set_new(j, "nominee_municipality", json_string("LT-99"));
		err = try(j);
		CHECK(err != NULL && strncmp(err, "nominee_municipality", 20) == 0);
		free(err);
		json_decref(j);
	}
	/* contact for both a case and a partner */
	{
		json_t *j = sample("contact");
		char *err;

		json_object_set_new(j, "partner_id",
				    json_string("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6e"));
		err = try(j);
		CHECK(err != NULL);
		free(err);
		json_decref(j);
	}
	{
		char *err = try(NULL);

		CHECK(err != NULL);
		free(err);
	}
}

TEST(request_ref_code_shape)
{
	char a[10], b[10], c[10];
	int i;

	request_ref_code("3f2504e0-4f89-41d3-9a0c-0305e82c3301", a);
	request_ref_code("3F2504E0-4F89-41D3-9A0C-0305E82C3301", b);
	request_ref_code("3f2504e0-4f89-41d3-9a0c-0305e82c3302", c);
	CHECK_STR(a, b);
	CHECK(strcmp(a, c) != 0);
	CHECK_INT(strlen(a), 9);
	CHECK(a[4] == '-');
	for (i = 0; i < 9; i++)
		CHECK(strchr("01OIL", a[i]) == NULL);
}

/* Invisible and look-alike characters that other programs show as nothing (or use to
 * hide what follows) are refused in every text field, and no field or line may start
 * with a combining mark; marks after a letter stay fine. */
TEST(request_invisible_and_leading_marks)
{
	static const char *const hidden[] = {
		"\xd8\x9c",             /* U+061C Arabic letter mark */
		"\xc2\xad",             /* U+00AD soft hyphen */
		"\xcd\x8f",             /* U+034F grapheme joiner */
		"\xe1\xa0\x8e",         /* U+180E Mongolian vowel separator */
		"\xe1\x85\x9f",         /* U+115F Hangul choseong filler */
		"\xe1\x85\xa0",         /* U+1160 Hangul jungseong filler */
		"\xe3\x85\xa4",         /* U+3164 Hangul filler */
		"\xef\xbe\xa0",         /* U+FFA0 halfwidth Hangul filler */
		"\xf3\xa0\x80\x81",     /* U+E0001 language tag */
		"\xf3\xa0\x81\xbf",     /* U+E007F cancel tag */
		"\xef\xb8\x80",         /* U+FE00 variation selector 1 */
		"\xef\xb8\x8f",         /* U+FE0F variation selector 16 */
		"\xf3\xa0\x84\x80",     /* U+E0100 variation selector 17 */
		"\xf3\xa0\x87\xaf",     /* U+E01EF variation selector 256 */
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
		snprintf(buf, sizeof buf, "Jo%snas", hidden[i]);
		if (!CHECK(request_check_field(RF_NAME, buf) != NULL))
			fprintf(stderr, "  name with hidden character %zu accepted\n", i);
		snprintf(buf, sizeof buf, "Labas %s rytas", hidden[i]);
		if (!CHECK(request_check_field(RF_MESSAGE, buf) != NULL))
			fprintf(stderr, "  message with hidden character %zu accepted\n", i);
		snprintf(buf, sizeof buf, "jonas%s@example.lt", hidden[i]);
		CHECK(request_check_field(RF_CONTACT, buf) != NULL);
	}
	/* a combining acute at the start, after a space or at the start of a line */
	CHECK(request_check_field(RF_MESSAGE, "\xcc\x81=1") != NULL);
	CHECK(request_check_field(RF_MESSAGE, "Labas \xcc\x81=1") != NULL);
	CHECK(request_check_field(RF_MESSAGE, "Labas\n\xcc\x81=1") != NULL);
	CHECK(request_check_field(RF_NAME, "\xcc\x81Jonas") != NULL);
	CHECK(request_check_field(RF_WHY, "\xe2\x83\x90Veda") != NULL);   /* U+20D0 */
	/* after a letter a mark is part of it */
	CHECK(request_check_field(RF_NAME, "Jone\xcc\x81") == NULL);
	CHECK(request_check_field(RF_MESSAGE, "Sveiki, e\xcc\x81 ir \xc4\x97") == NULL);
	/* ordinary text is unchanged */
	CHECK(request_check_field(RF_MESSAGE, "Labas,\nkaip sekasi? Ačiū!") == NULL);
}

/* Ids in another letter case are the same id: stored in lower case. */
TEST(request_ids_lower_case)
{
	struct request r;
	char *err = NULL;
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			      "id", "ABCDEF00-0000-4000-8000-0000000000AA", "kind", "contact",
			      "case_id", "11111111-AAAA-4111-8111-111111111111", "name", "Jonas",
			      "age_group", "18-24", "contact", "jonas@example.lt", "lang", "lt",
			      "consent_version", "2026-1", "created_at", "2026-11-30T10:00:00Z");

	json_object_set_new(j, "kiosk_id", json_string("k1"));
	if (!CHECK_INT(request_from_json(j, &r, &err), 0)) {
		fprintf(stderr, "  %s\n", err);
		free(err);
	} else {
		CHECK_STR(r.id, "abcdef00-0000-4000-8000-0000000000aa");
		CHECK_STR(r.case_id, "11111111-aaaa-4111-8111-111111111111");
		request_free(&r);
	}
	json_decref(j);
}

/* A question (DESIGN §3, second round): a case, 1..500 characters, consent to publish,
 * a contact only if given; the same age rule as a contact. */
static json_t *question(void)
{
	json_t *j = sample("contact");

	json_object_set_new(j, "kind", json_string("question"));
	json_object_del(j, "contact");
	json_object_set_new(j, "message", json_string("Kaip pradėjai?"));
	json_object_set_new(j, "publish_consent", json_true());
	return j;
}

/* The rejection of j with key set to v (NULL: removed); NULL if accepted. */
static char *try_with(const char *key, json_t *v)
{
	json_t *j = question();
	char *err;

	if (v == NULL)
		json_object_del(j, key);
	else
		json_object_set_new(j, key, v);
	err = try(j);
	json_decref(j);
	return err;
}

static void rejected_at(const char *key, json_t *v, const char *want)
{
	char *err = try_with(key, v);

	if (!CHECK(err != NULL && strncmp(err, want, strlen(want)) == 0))
		fprintf(stderr, "  %s: got %s\n", key, err ? err : "accepted");
	free(err);
}

TEST(request_question_rules)
{
	json_t *j = question(), *back;
	struct request r;
	char *err = NULL, *big;

	if (request_from_json(j, &r, &err) < 0)
		t_fail("%s", err);
	CHECK(r.publish_consent);
	CHECK(r.contact == NULL);
	back = request_to_json(&r);
	CHECK(json_is_true(json_object_get(back, "publish_consent")));
	json_decref(back);
	request_free(&r);
	json_decref(j);

	CHECK(try_with("contact", json_string("8 612 34567")) == NULL);
	rejected_at("contact", json_string("nowhere"), "contact:");
	rejected_at("publish_consent", NULL, "publish_consent:");
	rejected_at("publish_consent", json_false(), "publish_consent:");
	rejected_at("publish_consent", json_string("true"), "publish_consent:");
	rejected_at("message", json_string(" "), "message: Please write your question");
	rejected_at("message", NULL, "message:");
	rejected_at("message", json_string("Kas \xe2\x80\xae" "tai?"), "message:");
	big = xasprintf("%0501d", 1);
	rejected_at("message", json_string(big), "message: The question is too long");
	big[500] = '\0';
	CHECK(try_with("message", json_string(big)) == NULL);
	free(big);
	rejected_at("case_id", NULL, "case_id:");
	rejected_at("age_group", json_string("30"), "age_group:");
	rejected_at("nominee", json_string("Ona"), "nominee:");
	{
		json_t *q = question();

		json_object_set_new(q, "partner_id",
				    json_string("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6e"));
		err = try(q);
		CHECK(err != NULL && strncmp(err, "case_id:", 8) == 0);
		free(err);
		json_decref(q);
	}
	/* publish consent belongs to questions only */
	j = sample("contact");
	json_object_set_new(j, "publish_consent", json_true());
	err = try(j);
	CHECK(err != NULL && strncmp(err, "publish_consent:", 16) == 0);
	free(err);
	json_decref(j);
}

TEST(request_impossible_days_refused)
{
	CHECK(request_day_valid("2026-02-28"));
	CHECK(!request_day_valid("2026-02-29"));
	CHECK(request_day_valid("2024-02-29"));
	CHECK(!request_day_valid("1900-02-29"));
	CHECK(request_day_valid("2000-02-29"));
	CHECK(!request_day_valid("2026-02-31"));
	CHECK(!request_day_valid("2026-04-31"));
	CHECK(request_day_valid("2026-12-31"));
	CHECK(!request_day_valid("2026-13-01"));
	CHECK(!request_day_valid("2026-00-10"));
	CHECK(!request_day_valid("2026-1-10"));
	CHECK(request_check_field(RF_CREATED_AT, "2026-02-31T10:00:00Z") != NULL);
	CHECK(request_check_field(RF_CREATED_AT, "2026-02-28T10:00:00Z") == NULL);
	CHECK_INT(request_check_text("Paskambinau.\nGerai.", 1, 2000), TEXT_OK);
	CHECK_INT(request_check_text("a\xe2\x80\xae" "b", 1, 2000), TEXT_BAD_CHARS);
	CHECK_INT(request_check_text("a\xc2\x85" "b", 1, 2000), TEXT_BAD_CHARS);
	CHECK_INT(request_check_text("a\nb", 0, 2000), TEXT_BAD_CHARS);
	CHECK_INT(request_check_text("abc", 0, 2), TEXT_TOO_LONG);
}
