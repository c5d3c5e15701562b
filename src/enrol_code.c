/* One-time enrolment codes: made from kernel randomness with rejection sampling, so
 * every character of the alphabet is equally likely (31^10, about 2^49.5 codes). */
#include "enrol_code.h"

#include <stdint.h>
#include <string.h>

#include "util.h"

#define NALPHA ((int)sizeof ENROL_CODE_ALPHABET - 1)

void enrol_code_make(char out[ENROL_CODE_LEN + 1])
{
	unsigned char b[32];
	int n = 0;

	while (n < ENROL_CODE_LEN) {
		size_t i;

		random_bytes(b, sizeof b);
		/* 248 = 8 * 31: bytes at or above it would favour the first letters */
		for (i = 0; i < sizeof b && n < ENROL_CODE_LEN; i++) {
			if (b[i] < 8 * NALPHA)
				out[n++] = ENROL_CODE_ALPHABET[b[i] % NALPHA];
		}
	}
	out[n] = '\0';
	wipe(b, sizeof b);
}

int enrol_code_normalise(const char *in, char out[ENROL_CODE_LEN + 1])
{
	int n = 0;

	out[0] = '\0';
	for (; in != NULL && *in != '\0'; in++) {
		char c = *in;

		if (c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (n == ENROL_CODE_LEN || strchr(ENROL_CODE_ALPHABET, c) == NULL || c == '\0') {
			out[0] = '\0';
			return -1;
		}
		out[n++] = c;
	}
	out[n] = '\0';
	if (n != ENROL_CODE_LEN) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

void enrol_code_format(const char code[ENROL_CODE_LEN + 1], char out[ENROL_CODE_SHOWN + 1])
{
	int i, k = 0;

	for (i = 0; i < ENROL_CODE_LEN && code[i] != '\0'; i++) {
		if (i == 4 || i == 8)
			out[k++] = '-';
		out[k++] = code[i];
	}
	out[k] = '\0';
}
