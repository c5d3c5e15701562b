#include "hub_url.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static int plain_word(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
			return 0;
	}
	return 1;
}

static int host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == '_';
}

static int is_loopback(const char *host, size_t n)
{
	static const char *const loopback[] = {"127.0.0.1", "localhost", "[::1]"};
	size_t i;

	for (i = 0; i < sizeof loopback / sizeof loopback[0]; i++) {
		if (strlen(loopback[i]) == n && strncasecmp(host, loopback[i], n) == 0)
			return 1;
	}
	return 0;
}

/* The length of the host at s (a name, an IPv4 address or a bracketed IPv6 one), 0 if
 * there is none. */
static size_t host_len(const char *s, const char *end)
{
	const char *p = s;

	if (*p == '[') {
		p += 1 + strspn(p + 1, "0123456789abcdefABCDEF:.");
		return p < end && *p == ']' && p > s + 1 ? (size_t)(p + 1 - s) : 0;
	}
	while (p < end && host_char(*p))
		p++;
	return (size_t)(p - s);
}

/* The port from s to end (empty: none): 0, or -1 if it is not 1..65535. */
static int port_ok(const char *s, const char *end)
{
	char *stop;
	long port;

	if (s == end)
		return 0;
	if (*s++ != ':' || s == end || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	port = strtol(s, &stop, 10);
	return errno == 0 && stop == end && port >= 1 && port <= 65535 ? 0 : -1;
}

int hub_url_check(const char *url, char **err)
{
	const char *auth, *end, *at, *host, *p;
	size_t hl;
	int https;

	if (url == NULL || url[0] == '\0')
		return set_error(err, "must start with https://");
	if (strlen(url) > HUB_URL_MAX)
		return set_error(err, "is longer than %d bytes", HUB_URL_MAX);
	if (!plain_word(url))
		return set_error(err, "must be one word of plain ASCII (no spaces or controls)");
	https = strncasecmp(url, "https://", 8) == 0;
	if (!https && strncasecmp(url, "http://", 7) != 0)
		return set_error(err, "must start with https:// (plain http:// only to this "
				 "machine: 127.0.0.1, localhost or [::1])");
	auth = url + (https ? 8 : 7);
	end = auth + strcspn(auth, "/?#");
	/* The host is what follows a user name, as a URL reader sees it. */
	for (at = NULL, p = auth; p < end; p++)
		at = *p == '@' ? p : at;
	host = at != NULL ? at + 1 : auth;
	hl = host_len(host, end);
	if (hl == 0 || port_ok(host + hl, end) < 0)
		return set_error(err, "cannot be read as a URL");
	if (!https && !is_loopback(host, hl))
		return set_error(err, "must start with https:// (plain http:// only to this "
				 "machine: 127.0.0.1, localhost or [::1])");
	if (at != NULL)
		return set_error(err, "must not hold a user name or password (the token is the "
				 "only key)");
	return 0;
}

int hub_proxy_check(const char *proxy, char **err)
{
	const char *host, *end;
	size_t hl;

	if (proxy == NULL || proxy[0] == '\0')
		return set_error(err, "is empty (leave the line out for no proxy)");
	if (strlen(proxy) > HUB_URL_MAX || !plain_word(proxy))
		return set_error(err, "must be one word of plain ASCII, like http://proxy:3128");
	if (strncasecmp(proxy, "http://", 7) == 0)
		host = proxy + 7;
	else if (strncasecmp(proxy, "https://", 8) == 0)
		host = proxy + 8;
	else
		return set_error(err, "must be http://HOST:PORT or https://HOST:PORT");
	end = host + strcspn(host, "/");
	if (memchr(host, '@', (size_t)(end - host)) != NULL)
		return set_error(err, "must not hold a user name or password");
	if (end[0] == '/' && end[1] != '\0')
		return set_error(err, "must end after the port, like http://proxy:3128");
	hl = host_len(host, end);
	if (hl == 0 || host + hl == end)
		return set_error(err, "needs a port, like http://proxy:3128");
	if (port_ok(host + hl, end) < 0)
		return set_error(err, "needs a port from 1 to 65535, like http://proxy:3128");
	return 0;
}
