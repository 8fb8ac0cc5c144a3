/*
 * xmalloc.h - allocation that aborts on out-of-memory (as git's wrapper.c and
 * redis's zmalloc do): a server that cannot allocate a few bytes cannot keep
 * any promise, so callers never check for NULL.
 */
#ifndef LF_XMALLOC_H
#define LF_XMALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
