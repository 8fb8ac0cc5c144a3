/*
 * utf8.h - the one UTF-8 decoder (RFC 3629): no overlong forms, no
 * surrogates, nothing past U+10FFFF. GBK/GB18030 text fails it, which is
 * how imports tell an old spreadsheet from a UTF-8 one.
 */
#ifndef LF_UTF8_H
#define LF_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* Decode the sequence at p, reading at most avail bytes (SIZE_MAX for a
 * NUL-terminated string: a NUL is never a continuation byte, so decoding
 * stops there). Returns its length 1-4, or 0 if it is ill-formed. */
int utf8_decode(const unsigned char *p, size_t avail, uint32_t *cp);
/* 1 if data[0..len) is well-formed UTF-8. */
int utf8_valid(const char *data, size_t len);
/* Characters in the NUL-terminated s, or -1 if s is not UTF-8. */
long utf8_count(const char *s);

#endif
