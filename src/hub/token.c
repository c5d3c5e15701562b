#include "token.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

static void hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void token_generate(char out[TOKEN_LEN + 1])
{
	unsigned char raw[TOKEN_LEN / 2];

	random_bytes(raw, sizeof raw);
	hex(raw, sizeof raw, out);
}

void token_new_id(char out[17])
{
	unsigned char raw[8];

	random_bytes(raw, sizeof raw);
	hex(raw, sizeof raw, out);
}

void token_hash(const char *tok, size_t n, unsigned char out[32])
{
	unsigned int len = 0;

	if (EVP_Digest(tok, n, out, &len, EVP_sha256(), NULL) != 1 || len != 32) {
		fputs("vitrina-hub: SHA-256 is not available\n", stderr);
		exit(1);
	}
}
