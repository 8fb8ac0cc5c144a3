/*
 * buf.c - bounded byte buffer. See buf.h for the invariants.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xmalloc.h"

void buf_init(struct buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

void buf_release(struct buf *b)
{
    free(b->data);
    buf_init(b, b->max);
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static int grow(struct buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    size_t cap;

    if (extra > b->max || b->len + extra > b->max)
        return -1;
    if (need <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
    return 0;
}

int buf_add(struct buf *b, const void *p, size_t n)
{
    if (grow(b, n))
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int buf_adds(struct buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

int buf_addch(struct buf *b, char c)
{
    return buf_add(b, &c, 1);
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    char small[256];
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof(small))
        return buf_add(b, small, (size_t)n);
    if (grow(b, (size_t)n))
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

int buf_add_json_str(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t start = b->len;

    if (buf_addch(b, '"'))
        return -1;
    for (; *p; p++) {
        int r = 0;
        switch (*p) {
        case '"': r = buf_add(b, "\\\"", 2); break;
        case '\\': r = buf_add(b, "\\\\", 2); break;
        case '\n': r = buf_add(b, "\\n", 2); break;
        case '\r': r = buf_add(b, "\\r", 2); break;
        case '\t': r = buf_add(b, "\\t", 2); break;
        default:
            if (*p < 0x20) {
                char e[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15] };
                r = buf_add(b, e, 6);
            } else {
                r = buf_addch(b, (char)*p);
            }
        }
        if (r) {
            b->len = start;
            b->data[start] = '\0';
            return -1;
        }
    }
    if (buf_addch(b, '"')) {
        b->len = start;
        b->data[start] = '\0';
        return -1;
    }
    return 0;
}

char *buf_detach(struct buf *b, size_t *len_out)
{
    char *p = b->data ? b->data : xstrdup("");

    if (len_out)
        *len_out = b->len;
    buf_init(b, b->max);
    return p;
}

const char *buf_str(const struct buf *b)
{
    return b->data ? b->data : "";
}
