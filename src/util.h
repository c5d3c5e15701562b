/* util: allocation that never returns NULL, a growable buffer, small helpers. */
#ifndef VITRINA_UTIL_H
#define VITRINA_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Allocation failure is fatal: these print one line and exit(1). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* xstrdup(NULL) returns NULL. The caller frees the result. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string; the caller frees it. */
char *xasprintf(const char *fmt, ...);
char *xvasprintf(const char *fmt, va_list ap);

/* Store a new message in *err (if err is not NULL), freeing the old one. Returns -1. */
int set_error(char **err, const char *fmt, ...);

/* A growable byte buffer, always NUL-terminated. Zero-initialise; free with buf_free. */
struct buf {
	char *s;
	size_t len, cap;
};
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...);
/* Hand the string to the caller (who frees it) and reset the buffer. */
char *buf_take(struct buf *b);
void buf_free(struct buf *b);

/* Read a whole file (at most max bytes) into *out and *len. -1 with *err set on failure. */
int read_file(const char *path, size_t max, char **out, size_t *len, char **err);
/* Write n bytes at p to path (made 0600 if new), opened with O_WRONLY | O_CREAT and
 * flags (O_APPEND, O_TRUNC): 0, or -1 if not all were written. */
int write_file(const char *path, int flags, const void *p, size_t n);

/* Parse a whole decimal integer in [min, max]. Returns -1 if s is not one. */
int parse_long(const char *s, long min, long max, long *out);

/* The integer in environment variable name if it is one within [min, max], else def
 * (the tests' hidden knobs: timeouts, page sizes). */
long env_long(const char *name, long def, long min, long max);

/* Fill buf with n random bytes from the kernel. Fatal if the kernel cannot give them. */
void random_bytes(void *buf, size_t n);
/* Make a random UUID v4 as 36 lowercase characters plus NUL. */
void uuid_make(char out[37]);
/* 1 if s is a UUID in canonical form (any version, case-insensitive). */
int uuid_valid(const char *s);

/* Monotonic and wall clock helpers. */
int64_t now_ms_monotonic(void);
int64_t now_us_monotonic(void);
/* Current UTC time as RFC 3339 ("2026-11-30T12:00:00Z") into out[21]. */
void now_rfc3339(char out[21]);

/* A copy of url with any user:password@ part shown as "***@" (for logs and screens);
 * NULL gives NULL. The caller frees it. */
char *url_hide_userinfo(const char *url);

/* Wiping secrets and personal data, on explicit_bzero: a plain memset before free is
 * removed by the compiler, these never are. wipe() zeroes n bytes at p (NULL is fine);
 * wipe_free() zeroes them and frees p; wipe_string() zeroes and frees the string *s
 * (NULL is fine) and sets *s to NULL. */
void wipe(void *p, size_t n);
void wipe_free(void *p, size_t n);
void wipe_string(char **s);

/* jansson's allocation through these wipes every block it frees (names, contacts and
 * messages pass through it). Install once at program start, before any JSON is made:
 * from then on a string from json_dumps must be freed with json_wipe_free (or made
 * with json_dump_string instead, which needs plain free). */
void json_wipe_on_free_install(void);
void *json_wipe_malloc(size_t n);
void json_wipe_free(void *p);
/* Zero the whole of a block from json_wipe_malloc (what json_wipe_free does first). */
void json_wipe_block(void *p);
/* json_dumps into a block of exactly the right size from malloc, freed with plain free
 * whatever allocator jansson uses (no half-grown copies left behind). NULL on error. */
struct json_t;
char *json_dump_string(const struct json_t *j, size_t flags);

/* The function name of the shared library soname ("libcrypt.so.1"), loaded when first
 * asked for, so a program maps a library few of its runs need (the QR code, the admin
 * PIN) only when it needs it; NULL if the library or the function is missing. Cast the
 * result to the function's own type before calling it. The library stays loaded. */
typedef void (*lib_fn)(void);
lib_fn lib_function(const char *soname, const char *name);

#endif
