/* What the fuzz targets share: a private temporary folder, writing the input to a
 * file there, and checks that abort() when an invariant fails. */
#ifndef VITRINA_FUZZ_COMMON_H
#define VITRINA_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* The target's own temporary folder, made on first use under $TMPDIR (else /tmp) and
 * removed at exit. */
const char *fuzz_dir(void);
/* A path name inside fuzz_dir(); valid until the next call. */
const char *fuzz_path(const char *name);
/* Write the n bytes at data to path (made or truncated); aborts if it cannot. */
void fuzz_write(const char *path, const void *data, size_t n);
/* A NUL-terminated copy of the n bytes at data. The caller frees it. */
char *fuzz_str(const uint8_t *data, size_t n);

/* Print what failed and abort (a crash libFuzzer keeps) unless ok. */
#define FUZZ_ASSERT(ok) fuzz_assert(!!(ok), __FILE__, __LINE__, #ok)
void fuzz_assert(int ok, const char *file, int line, const char *expr);

struct career;
struct partner;
/* Check a case or partner that career_from_json / partner_from_json accepted: its text
 * fields are clean (fuzz_clean_text), and career_to_json gives JSON that is accepted
 * again and gives the same JSON (what the hub stores and the kiosk reads back). */
void fuzz_check_case(const struct career *c);
void fuzz_check_partner(const struct partner *p);

/* 1 if s (n bytes) is valid UTF-8 holding no C0 or C1 control, DEL or ESC; '\n' is
 * allowed when newlines is set. */
/* The index of the first byte of data after a UTF-8 BOM and white space. */
size_t fuzz_first_char(const uint8_t *data, size_t size);
/* Import file (encoding NULL: UTF-8) and check what import_read promises:
 * it reads, reports problems exactly when it returns some, as clean text, and every
 * case and partner it accepts is clean, has a unique id and survives a round trip. */
void fuzz_check_import(const char *file, const char *encoding);
int fuzz_clean_text(const char *s, size_t n, int newlines);

#endif
