#include "util/utf8.h"

int utf8_decode(const unsigned char *p, size_t avail, uint32_t *cp)
{
    uint32_t c, min;
    size_t n, i;

    if (avail == 0)
        return 0;
    c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xe0) == 0xc0) {
        n = 2, c &= 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3, c &= 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        n = 4, c &= 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return (int)n;
}

int utf8_valid(const char *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data, *end = p + len;
    uint32_t cp;
    int n;

    while (p < end) {
        if (*p < 0x80) {       /* the common case, without a call */
            p++;
            continue;
        }
        if (!(n = utf8_decode(p, (size_t)(end - p), &cp)))
            return 0;
        p += n;
    }
    return 1;
}

long utf8_count(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t cp;
    long count = 0;
    int n;

    if (!s)
        return -1;
    while (*p) {
        if (!(n = utf8_decode(p, SIZE_MAX, &cp)))
            return -1;
        p += n;
        count++;
    }
    return count;
}
