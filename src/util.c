#include "util.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <stdint.h>
#include <unistd.h>

#include <jansson.h>

static void oom(void)
{
	fputs("vitrina: out of memory\n", stderr);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		oom();
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

int set_error(char **err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	free(*err);
	va_start(ap, fmt);
	*err = xvasprintf(fmt, ap);
	va_end(ap);
	return -1;
}

static void buf_grow(struct buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	while (b->len + n + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 64;
	b->s = xrealloc(b->s, b->cap);
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	buf_adds(b, p);
	free(p);
}

char *buf_take(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

int read_file(const char *path, size_t max, char **out, size_t *len, char **err)
{
	struct buf b = {0};
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return set_error(err, "%s: %s", path, strerror(errno));
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		if (b.len + (size_t)n > max) {
			close(fd);
			buf_free(&b);
			return set_error(err, "%s: file is larger than %zu bytes", path, max);
		}
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (n < 0) {
		buf_free(&b);
		return set_error(err, "%s: %s", path, strerror(errno));
	}
	*len = b.len;
	*out = buf_take(&b);
	return 0;
}

int write_file(const char *path, int flags, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0600);
	size_t off = 0;
	ssize_t w;

	if (fd < 0)
		return -1;
	while (off < n) {
		w = write(fd, (const char *)p + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fd);
	return off == n ? 0 : -1;
}

int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

long env_long(const char *name, long def, long min, long max)
{
	const char *v = getenv(name);
	long n;

	if (v == NULL || parse_long(v, min, max, &n) < 0)
		return def;
	return n;
}

void random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n > 0) {
		ssize_t r = getrandom(p, n, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			fputs("vitrina: no random numbers from the kernel\n", stderr);
			exit(1);
		}
		p += r;
		n -= (size_t)r;
	}
}

void uuid_make(char out[37])
{
	unsigned char r[16];

	random_bytes(r, sizeof r);
	r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11],
		 r[12], r[13], r[14], r[15]);
}

int uuid_valid(const char *s)
{
	static const char hex[] = "0123456789abcdefABCDEF";
	int i;

	if (s == NULL || strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (strchr(hex, s[i]) == NULL) {
			return 0;
		}
	}
	return 1;
}

int64_t now_us_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t now_ms_monotonic(void)
{
	return now_us_monotonic() / 1000;
}

void now_rfc3339(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *url_hide_userinfo(const char *url)
{
	const char *scheme, *host, *end, *at = NULL, *p;

	if (url == NULL)
		return NULL;
	scheme = strstr(url, "://");
	host = scheme != NULL ? scheme + 3 : url;
	end = host + strcspn(host, "/?#");
	for (p = host; p < end; p++) {
		if (*p == '@')
			at = p;         /* the last one: a stray '@' in a password hides too */
	}
	if (at == NULL)
		return xstrdup(url);
	return xasprintf("%.*s***@%s", (int)(host - url), url, at + 1);
}

/* ---- wiping ---- */

void wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		explicit_bzero(p, n);
}

void wipe_free(void *p, size_t n)
{
	wipe(p, n);
	free(p);
}

void wipe_string(char **s)
{
	if (*s == NULL)
		return;
	wipe_free(*s, strlen(*s));
	*s = NULL;
}

/* ---- jansson's memory, wiped on free ---- */

/* Before each block: its size, in a header that keeps the block aligned for anything. */
union wipe_head {
	size_t n;
	max_align_t align;
};

void *json_wipe_malloc(size_t n)
{
	union wipe_head *h;

	if (n > SIZE_MAX - sizeof *h)
		return NULL;
	h = malloc(sizeof *h + n);
	if (h == NULL)
		return NULL;
	h->n = n;
	return h + 1;
}

void json_wipe_block(void *p)
{
	union wipe_head *h;

	if (p == NULL)
		return;
	h = (union wipe_head *)p - 1;
	wipe(p, h->n);
}

void json_wipe_free(void *p)
{
	union wipe_head *h;

	if (p == NULL)
		return;
	h = (union wipe_head *)p - 1;
	wipe_free(h, sizeof *h + h->n);
}

void json_wipe_on_free_install(void)
{
	json_set_alloc_funcs(json_wipe_malloc, json_wipe_free);
}

struct dump_sink {
	char *s;
	size_t len, cap;        /* cap 0: only count */
};

static int dump_part(const char *buffer, size_t size, void *data)
{
	struct dump_sink *d = data;

	if (size > SIZE_MAX - 1 - d->len)
		return -1;
	if (d->cap > 0) {
		if (d->len + size >= d->cap)
			return -1;
		memcpy(d->s + d->len, buffer, size);
	}
	d->len += size;
	return 0;
}

char *json_dump_string(const struct json_t *j, size_t flags)
{
	struct dump_sink d = {NULL, 0, 0};

	/* Twice: first to learn the size, then into a block of that size, so no
	 * reallocation leaves part of the text behind in freed memory. */
	if (j == NULL || json_dump_callback(j, dump_part, &d, flags) < 0)
		return NULL;
	d.cap = d.len + 1;
	d.s = xmalloc(d.cap);
	d.len = 0;
	if (json_dump_callback(j, dump_part, &d, flags) < 0 || d.len + 1 != d.cap) {
		wipe_free(d.s, d.cap);
		return NULL;
	}
	d.s[d.len] = '\0';
	return d.s;
}

lib_fn lib_function(const char *soname, const char *name)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL), *sym;
	lib_fn fn = NULL;

	if (lib == NULL)
		return NULL;
	sym = dlsym(lib, name);
	/* POSIX: a function's address comes as a void * of the same size */
	if (sym != NULL)
		memcpy(&fn, &sym, sizeof fn);
	return fn;
}
