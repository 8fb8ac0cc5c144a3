/*
 * mask.c - masking of personal numbers and names. See mask.h.
 *
 * Masking counts characters, not bytes: the input is not validated here, and
 * a stray multi-byte character must neither be cut in half nor shift which
 * characters are shown. A character is a lead byte and the continuation
 * bytes that follow it (up to what the lead byte announces); a byte that is
 * not part of a well-formed sequence counts as one character and is never
 * copied out, so the output is valid UTF-8 whatever the input.
 *
 * The rule for short values ("fully starred") is that at least MIN_HIDDEN
 * characters must be hidden; otherwise the visible ends would give away
 * nearly the whole value (a 9-character passport number masked as
 * "E123*5678" hides one digit). An 18-character ID hides 10, a 15-digit old
 * number 7, a mobile number 4.
 *
 * If out is too small the result is cut at a character boundary: a shorter
 * mask shows less, never more.
 */
#include <stddef.h>
#include <string.h>

#include "util/mask.h"
#include "util/utf8.h"
#include "util/banned.h"

#define MIN_HIDDEN 4

/* Bytes of the character at p: 1 for ASCII and for any byte that does not
 * start a well-formed sequence, so what is copied out is UTF-8. */
static size_t char_len(const unsigned char *p)
{
    uint32_t cp;
    int n = utf8_decode(p, SIZE_MAX, &cp);

    return n ? (size_t)n : 1;
}

static size_t count_chars(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;

    while (*p) {
        p += char_len(p);
        n++;
    }
    return n;
}

/* Output under construction: bytes go in only while a whole character and
 * the final NUL fit. */
struct out {
    char *p;
    size_t n;
    size_t len;
    int full;
};

static void put(struct out *o, const char *s, size_t len)
{
    if (o->full || o->len + len + 1 > o->n) {
        o->full = 1;
        return;
    }
    memcpy(o->p + o->len, s, len);
    o->len += len;
    o->p[o->len] = '\0';
}

/* Copy the character at *pp (a star if it is ill-formed) and advance. */
static void put_char(struct out *o, const unsigned char **pp)
{
    size_t len = char_len(*pp);

    if (len == 1 && **pp >= 0x80)
        put(o, "*", 1);
    else
        put(o, (const char *)*pp, len);
    *pp += len;
}

/* Keep the first `head` and last `tail` characters, a star for each other
 * one; all stars when fewer than min_hidden would be hidden. */
static const char *mask_ends(const char *s, size_t head, size_t tail,
                             size_t min_hidden, char *out, size_t n)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    struct out o = { out, n, 0, 0 };
    size_t total, i;

    if (!n)
        return out;
    out[0] = '\0';
    total = count_chars((const char *)p);
    if (total < head + tail + min_hidden)
        head = tail = 0;
    for (i = 0; i < total; i++) {
        if (i < head || i >= total - tail) {
            put_char(&o, &p);
        } else {
            put(&o, "*", 1);
            p += char_len(p);
        }
    }
    return out;
}

const char *mask_id_number(const char *id, char *out, size_t n)
{
    return mask_ends(id, 4, 4, MIN_HIDDEN, out, n);
}

const char *mask_phone(const char *phone, char *out, size_t n)
{
    return mask_ends(phone, 3, 4, MIN_HIDDEN, out, n);
}

/* A name keeps its first character and hides at least one: "张三" → "张*".
 * A one-character name has nothing left to hide behind, so it is "*". */
const char *mask_name(const char *name, char *out, size_t n)
{
    return mask_ends(name, 1, 0, 1, out, n);
}

const char *mask_db_url(const char *url, char *out, size_t n)
{
    const char *p = url, *scheme, *at, *end, *colon;
    size_t k = 0;

    if (n == 0)
        return out;
#define PUT(c) do { if (k + 1 < n) out[k++] = (c); } while (0)
    scheme = strstr(url, "://");
    if (scheme) {
        /* the authority ends at the first '/', '?' or '#'; the user info
         * at the last '@' before that */
        for (end = scheme + 3; *end && *end != '/' && *end != '?' && *end != '#'; end++)
            ;
        for (at = end; at > scheme + 3 && at[-1] != '@'; at--)
            ;
        if (at > scheme + 3 &&
            (colon = memchr(scheme + 3, ':', (size_t)(at - 1 - (scheme + 3))))) {
            for (; p <= colon; p++)
                PUT(*p);
            PUT('*');
            PUT('*');
            PUT('*');
            p = at - 1;
        }
    }
    while (*p) {
        if (strncmp(p, "password=", 9) == 0 &&
            (p == url || p[-1] == '?' || p[-1] == '&' || p[-1] == ' ')) {
            for (; *p != '='; p++)
                PUT(*p);
            PUT(*p++);
            PUT('*');
            PUT('*');
            PUT('*');
            while (*p && *p != '&' && *p != ' ')
                p++;
            continue;
        }
        PUT(*p);
        p++;
    }
#undef PUT
    out[k] = '\0';
    return out;
}
