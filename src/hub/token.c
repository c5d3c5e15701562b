#include "token.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* An Authorization value longer than this holds no token of ours (64 characters): it
 * is refused before anything is hashed. */
#define MAX_AUTH 300

int token_from_header(const char *auth, const char **tok, size_t *n, const char **why)
{
	size_t len = auth != NULL ? strlen(auth) : 0;

	*why = "A bearer token is needed";
	if (auth == NULL)
		return -1;
	*why = "The Authorization header is not a bearer token";
	if (len > MAX_AUTH || len < 8 || strncasecmp(auth, "Bearer ", 7) != 0)
		return -1;
	auth += 7;
	while (*auth == ' ')
		auth++;
	len = strlen(auth);
	while (len > 0 && auth[len - 1] == ' ')
		len--;
	*why = "The bearer token is empty";
	if (len == 0)
		return -1;
	*tok = auth;
	*n = len;
	return 0;
}

/* Token cache ------------------------------------------------------------------------ */

#define CACHE_SLOTS 64

struct cached_token {
	unsigned char hash[32];
	int64_t at_us;                  /* 0: empty */
	struct token_info tok;
};

struct token_cache {
	pthread_mutex_t lock;
	struct cached_token slot[CACHE_SLOTS];
};

struct token_cache *token_cache_new(void)
{
	struct token_cache *tc = xcalloc(1, sizeof *tc);

	pthread_mutex_init(&tc->lock, NULL);
	return tc;
}

void token_cache_free(struct token_cache *tc)
{
	if (tc == NULL)
		return;
	pthread_mutex_destroy(&tc->lock);
	explicit_bzero(tc->slot, sizeof tc->slot);
	free(tc);
}

/* The slot of a hash: SHA-256 bytes are evenly spread, so the first one will do. */
static struct cached_token *slot_of(struct token_cache *tc, const unsigned char hash[32])
{
	return &tc->slot[hash[0] % CACHE_SLOTS];
}

int token_cache_get(struct token_cache *tc, const unsigned char hash[32], int64_t now_us,
		    struct token_info *out)
{
	struct cached_token *c = slot_of(tc, hash);
	int hit;

	pthread_mutex_lock(&tc->lock);
	hit = c->at_us != 0 && now_us - c->at_us <= TOKEN_CACHE_TTL_US &&
		memcmp(c->hash, hash, 32) == 0;
	if (hit)
		*out = c->tok;
	pthread_mutex_unlock(&tc->lock);
	return hit;
}

void token_cache_put(struct token_cache *tc, const unsigned char hash[32], int64_t now_us,
		     const struct token_info *t)
{
	struct cached_token *c = slot_of(tc, hash);

	pthread_mutex_lock(&tc->lock);
	memcpy(c->hash, hash, 32);
	c->at_us = now_us > 0 ? now_us : 1;
	c->tok = *t;
	pthread_mutex_unlock(&tc->lock);
}
