/*
 * fileio.h - whole-file reads and durable writes.
 */
#ifndef LF_FILEIO_H
#define LF_FILEIO_H
#include <stddef.h>

/* Read path (at most max bytes) into a new NUL-terminated buffer the caller
 * frees; NULL with errno set (EFBIG when larger than max). */
char *file_read_all(const char *path, size_t max, size_t *len_out);

#endif
