/* token: bearer tokens for the hub (DESIGN §4): 256-bit random, shown once, stored
 * only as their SHA-256 (OpenSSL libcrypto EVP). */
#ifndef VITRINA_HUB_TOKEN_H
#define VITRINA_HUB_TOKEN_H

#include <stddef.h>

#define TOKEN_LEN 64                    /* hex characters of a token */

/* A new random token as 64 lowercase hex characters plus NUL. */
void token_generate(char out[TOKEN_LEN + 1]);
/* A new random token id: 16 hex characters plus NUL. */
void token_new_id(char out[17]);
/* SHA-256 of the n bytes at tok. */
void token_hash(const char *tok, size_t n, unsigned char out[32]);

#endif
