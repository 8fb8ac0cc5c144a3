/*
 * buf.h - a bounded, growable byte buffer (curl's dynbuf, git's strbuf).
 *
 * Invariants: b->data is NULL only before the first append; when not NULL
 * it is NUL-terminated at b->len. b->max bounds b->len: an append that
 * would pass it fails with -1 and leaves the buffer as it was, so a body
 * over the limit is refused before it is parsed.
 */
#ifndef LF_BUF_H
#define LF_BUF_H
#include <stddef.h>

struct buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max;
};
#define BUF_INIT(max_) { NULL, 0, 0, (max_) }

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);           /* frees, back to empty */
void buf_reset(struct buf *b);             /* len = 0, keeps memory */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addch(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* JSON string literal with quotes, escaping as RFC 8259 asks. */
int buf_add_json_str(struct buf *b, const char *s);
/* Hand the storage to the caller (to free()); the buffer is reset. */
char *buf_detach(struct buf *b, size_t *len_out);
/* "" when empty, never NULL. */
const char *buf_str(const struct buf *b);

#endif
