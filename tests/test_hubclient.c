/* The one hub client policy (src/hubclient.h): hub URLs, token files, and that the
 * config, the sync and the staff client all follow it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "hub_url.h"
#include "hubclient.h"
#include "review.h"
#include "t.h"
#include "util.h"

static const char *const good_urls[] = {
	"https://hub.example.lt/", "HTTPS://hub.example.lt", "https://hub.example.lt:8443/x",
	"http://127.0.0.1:8080", "http://localhost:1/", "http://[::1]:9/",
};
static const char *const bad_urls[] = {
	"", "ftp://x", "http://a b", "http://hub.example.lt/", "http://10.0.0.5:8080/",
	"http://127.0.0.1:x@evil.example/", "http://localhost@evil.example/",
	"http://127.0.0.1.evil.example/", "https://user:pw@hub.example.lt/",
	"https://user@hub.example.lt/", "HTTP://evil.example/", "http://[::2]/",
	"https://hub.example.lt/\x1b[2J", "not a url",
};

TEST(hubclient_url_policy)
{
	char *err = NULL;
	size_t i;

	for (i = 0; i < sizeof good_urls / sizeof good_urls[0]; i++) {
		if (!CHECK(hub_url_check(good_urls[i], &err) == 0))
			fprintf(stderr, "  refused %s: %s\n", good_urls[i], err);
	}
	for (i = 0; i < sizeof bad_urls / sizeof bad_urls[0]; i++) {
		free(err);
		err = NULL;
		if (!CHECK(hub_url_check(bad_urls[i], &err) < 0))
			fprintf(stderr, "  accepted %s\n", bad_urls[i]);
		/* The message says what is wrong and never echoes the URL (a password). */
		CHECK(err != NULL && err[0] != '\0' && strstr(err, "pw@") == NULL);
	}
	free(err);
}

/* 1 if the kiosk config takes url as its hub_url. */
static int config_takes(const char *url)
{
	const char *path = t_path(0, "k.conf");
	struct config c;
	struct buf w = {0};
	char *line = xasprintf("hub_url = %s\n", url);
	int ok;

	t_write_file(path, line);
	config_defaults(&c);
	config_load(&c, path, &w);
	ok = c.hub_url != NULL && strcmp(c.hub_url, url) == 0 && w.len == 0;
	config_free(&c);
	buf_free(&w);
	free(line);
	return ok;
}

/* 1 if the staff client takes url. */
static int review_takes(const char *url)
{
	struct review_client *c = review_client_new(&(struct hubclient_opts){
		.url = url, .token = "0123abcd"}, NULL);

	review_client_free(c);
	return c != NULL;
}

/* The config and the staff client once disagreed on which URLs are fine. */
TEST(hubclient_config_and_review_agree_on_urls)
{
	size_t i;

	for (i = 0; i < sizeof good_urls / sizeof good_urls[0]; i++) {
		CHECK(config_takes(good_urls[i]));
		CHECK(review_takes(good_urls[i]));
	}
	for (i = 1; i < sizeof bad_urls / sizeof bad_urls[0]; i++) {
		if (strchr(bad_urls[i], ' ') != NULL)
			continue;       /* a config value cannot end in spaces anyway */
		if (!CHECK(!config_takes(bad_urls[i])))
			fprintf(stderr, "  config took %s\n", bad_urls[i]);
		CHECK(!review_takes(bad_urls[i]));
	}
}

static char *read_token(const char *data, mode_t mode, char hash[65], char **err)
{
	const char *p = t_path(1, "token");

	unlink(p);
	t_write_file(p, data);
	chmod(p, mode);
	return hubclient_token_read(p, hash, err);
}

TEST(hubclient_token_file_rules)
{
	char h1[65], h2[65], *tok, *err = NULL;

	tok = read_token("  abc123\n", 0600, h1, &err);
	CHECK_STR(tok, "abc123");
	wipe_string(&tok);
	tok = read_token("abc124\n", 0640, h2, &err);
	CHECK_STR(tok, "abc124");
	CHECK(strlen(h1) == 64 && strcmp(h1, h2) != 0);
	wipe_string(&tok);

	CHECK(read_token("abc123\n", 0644, NULL, &err) == NULL);
	CHECK(err != NULL && strstr(err, "chmod 600") != NULL);
	CHECK(read_token("abc123\n", 0602, NULL, &err) == NULL);
	CHECK(read_token("\n \n", 0600, NULL, &err) == NULL);
	CHECK(err != NULL && strstr(err, "holds no token") != NULL);
	CHECK(read_token("abc 123\n", 0600, NULL, &err) == NULL);
	CHECK(read_token("t\xc5\xa1\n", 0600, NULL, &err) == NULL);
	CHECK(err != NULL && strstr(err, "\xc5\xa1") == NULL);  /* never echoes the token */
	CHECK(hubclient_token_read(t_dir(), NULL, &err) == NULL);
	CHECK(err != NULL && strstr(err, "not a regular file") != NULL);
	CHECK(hubclient_token_read(t_path(2, "missing"), NULL, &err) == NULL);
	free(err);
}

TEST(hubclient_token_limits)
{
	char *big = xmalloc(5000), *tok, *err = NULL;

	memset(big, 'a', 4999);
	big[4999] = '\0';
	CHECK(read_token(big, 0600, NULL, &err) == NULL);       /* a file over 4 KiB */
	big[HUBCLIENT_TOKEN_MAX + 1] = '\0';
	CHECK(read_token(big, 0600, NULL, &err) == NULL);       /* a token too long */
	CHECK(err != NULL && strstr(err, "too long") != NULL);
	big[HUBCLIENT_TOKEN_MAX] = '\0';
	tok = read_token(big, 0600, NULL, &err);
	CHECK(tok != NULL && strlen(tok) == HUBCLIENT_TOKEN_MAX);
	wipe_string(&tok);
	tok = hubclient_token_parse("x\r\nX: y", 7, "VITRINA_TOKEN", &err);
	CHECK(tok == NULL && strncmp(err, "VITRINA_TOKEN", 13) == 0);
	free(big);
	free(err);
}
