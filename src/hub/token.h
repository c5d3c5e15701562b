/* token: bearer tokens for the hub (DESIGN §4): 256-bit random, shown once, stored
 * only as their SHA-256 (OpenSSL libcrypto EVP); and a small cache of tokens the hub
 * looked up, so that a request need not ask the database every time. */
#ifndef VITRINA_HUB_TOKEN_H
#define VITRINA_HUB_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define TOKEN_LEN 64                    /* hex characters of a token */
/* How long a looked-up token is trusted without asking the database again: a token
 * revoked (by `vitrina-hub token revoke`, another process) is refused after this. */
#define TOKEN_CACHE_TTL_US 1000000

/* A new random token as 64 lowercase hex characters plus NUL. */
void token_generate(char out[TOKEN_LEN + 1]);
/* A new random token id: 16 hex characters plus NUL. */
void token_new_id(char out[17]);
/* SHA-256 of the n bytes at tok. */
void token_hash(const char *tok, size_t n, unsigned char out[32]);
/* The token in the value of an Authorization header ("Bearer TOKEN"): 0 with *tok
 * pointing into auth and *n its length (spaces around it cut), or -1 with *why saying
 * what is wrong. */
int token_from_header(const char *auth, const char **tok, size_t *n, const char **why);

struct token_cache;

/* An empty cache (a fixed number of slots; the newest entry takes its slot over).
 * Safe to use from many threads. Free it with token_cache_free. */
struct token_cache *token_cache_new(void);
void token_cache_free(struct token_cache *tc);
/* 1 with *out if the token with this hash was put in at most TOKEN_CACHE_TTL_US before
 * now_us (a monotonic time), else 0. */
int token_cache_get(struct token_cache *tc, const unsigned char hash[32], int64_t now_us,
		    struct token_info *out);
/* Remember a valid token t (looked up at now_us). Only valid tokens go in: a wrong or
 * revoked one is asked of the database each time. */
void token_cache_put(struct token_cache *tc, const unsigned char hash[32], int64_t now_us,
		     const struct token_info *t);

#endif
