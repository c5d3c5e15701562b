/* hub_url: the rules for the hub's address and a forward proxy in the kiosk's config,
 * checked without the network library, so that every program (the kiosk screen too)
 * reads a config the same way. No curses. */
#ifndef VITRINA_HUB_URL_H
#define VITRINA_HUB_URL_H

#define HUB_URL_MAX 1000                /* bytes of a hub URL or proxy */

/* hub_url: https://HOST[:PORT][/PATH] (plain http:// only to this machine:
 * 127.0.0.1, localhost or [::1]), no user name or password, printable ASCII, at most
 * HUB_URL_MAX bytes. Returns 0, or -1 with *err set to what is wrong ("must ..."). */
int hub_url_check(const char *url, char **err);
/* proxy: http(s)://HOST:PORT, no credentials. 0, or -1 with *err set. */
int hub_proxy_check(const char *proxy, char **err);

#endif
