/*
 * err_table.c - the error table (err_table.h) and the words of its
 * messages (err_labels.h): finding a row by its English format, and
 * writing the Chinese message with the arguments the English one got.
 *
 * The index is a hash of the English formats, built once (pthread_once:
 * the server sets errors on many threads) and read-only afterwards. A row
 * whose Chinese conversions differ from its English ones is left out of
 * it, so a bad row can only lose its translation (the unit test catches
 * it), never read an argument of the wrong type.
 *
 * The Chinese message is not formatted by one vsnprintf() over the row:
 * each conversion is formatted on its own, taking its argument with the
 * type its letters name, so that a "%-s" argument (a term such as
 * "grid_worker", or an English message of the table) can be shown by its
 * Chinese label on the way.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "util/banned.h"

const struct lf_err_row lf_err_rows[] = {
#define LF_ERR_MSG(key, en, zh) { key, en, zh },
#include "core/err_table.h"
#undef LF_ERR_MSG
};
const unsigned lf_err_n_rows = sizeof(lf_err_rows) / sizeof(lf_err_rows[0]);

static const struct label {
    const char *id, *label;
} fields[] = {
#define LF_ERR_FIELD(id, label) { id, label },
#define LF_ERR_TERM(id, label)
#include "core/err_labels.h"
#undef LF_ERR_FIELD
#undef LF_ERR_TERM
}, terms[] = {
#define LF_ERR_FIELD(id, label)
#define LF_ERR_TERM(id, label) { id, label },
#include "core/err_labels.h"
#undef LF_ERR_FIELD
#undef LF_ERR_TERM
};

#define N_ROWS (sizeof(lf_err_rows) / sizeof(lf_err_rows[0]))
#define N_SLOTS 1024u /* a power of two, at least twice the rows */
_Static_assert(N_ROWS <= N_SLOTS / 2, "err_table.h outgrew the index: double N_SLOTS");

static unsigned short slots[N_SLOTS]; /* row index + 1; 0 = empty */
static unsigned char plain[N_ROWS];   /* 1: no conversions (may be passed through) */
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */

    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

static void build_index(void)
{
    char en[64], zh[64];
    unsigned i, j;

    for (i = 0; i < N_ROWS; i++) {
        const struct lf_err_row *r = &lf_err_rows[i];
        if (lf_err_signature(r->en, en, sizeof(en)) ||
            lf_err_signature(r->zh, zh, sizeof(zh)) || strcmp(en, zh) != 0)
            continue; /* unusable: the English text stays the message */
        plain[i] = en[0] == '\0';
        for (j = hash(r->en) & (N_SLOTS - 1); slots[j]; j = (j + 1) & (N_SLOTS - 1))
            if (strcmp(lf_err_rows[slots[j] - 1].en, r->en) == 0)
                break; /* a duplicate: the first row wins */
        if (!slots[j])
            slots[j] = (unsigned short)(i + 1);
    }
}

const struct lf_err_row *lf_err_lookup(const char *en)
{
    unsigned j;

    if (!en)
        return NULL;
    pthread_once(&index_once, build_index);
    for (j = hash(en) & (N_SLOTS - 1); slots[j]; j = (j + 1) & (N_SLOTS - 1))
        if (strcmp(lf_err_rows[slots[j] - 1].en, en) == 0)
            return &lf_err_rows[slots[j] - 1];
    return NULL;
}

static const char *find_label(const struct label *t, size_t n, const char *id, size_t len)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strlen(t[i].id) == len && memcmp(t[i].id, id, len) == 0)
            return t[i].label;
    return NULL;
}

const char *lf_err_term(const char *id)
{
    return id ? find_label(terms, sizeof(terms) / sizeof(terms[0]), id, strlen(id)) : NULL;
}

/* ---- conversions -------------------------------------------------------- */

enum arg_type { ARG_NONE, ARG_INT, ARG_UINT, ARG_LONG, ARG_ULONG, ARG_LLONG, ARG_ULLONG,
                ARG_SIZE, ARG_INTMAX, ARG_UINTMAX, ARG_PTRDIFF, ARG_DOUBLE, ARG_LDOUBLE,
                ARG_STR, ARG_PTR };

struct conv {
    size_t len;          /* of the whole "%...x" */
    enum arg_type type;  /* ARG_NONE for "%%" */
    char sig[8];         /* "d", "lld", "zu", "s" ... */
    int is_term;         /* "%-s" */
};

/* Parse the conversion at p ('%'); 0 if the table may not use it. */
static int parse_conv(const char *p, struct conv *c)
{
    const char *q = p + 1, *len_at;
    char letter, cls;
    size_t len_n;

    memset(c, 0, sizeof(*c));
    if (*q == '%') {
        c->len = 2;
        return 1;
    }
    while (*q && strchr("-+ #0'", *q))
        q++;
    c->is_term = q == p + 2 && p[1] == '-';
    while (*q >= '0' && *q <= '9')
        q++;
    if (*q == '.')
        for (q++; *q >= '0' && *q <= '9'; q++)
            ;
    len_at = q;
    if ((q[0] == 'h' && q[1] == 'h') || (q[0] == 'l' && q[1] == 'l'))
        q += 2;
    else if (*q && strchr("hlzjtL", *q))
        q++;
    len_n = (size_t)(q - len_at);
    letter = *q;
    if (!letter || !strchr("diuoxXcfFeEgGaAsp", letter))
        return 0; /* %n, '*', a typo */
    cls = strchr("di", letter) ? 'd' : strchr("uoxX", letter) ? 'u'
        : letter == 'c' ? 'c' : letter == 's' ? 's' : letter == 'p' ? 'p' : 'f';
    if ((cls == 'c' || cls == 's' || cls == 'p') && len_n)
        return 0; /* wide characters, never used here */
    if (len_n && (cls == 'f') != (*len_at == 'L'))
        return 0; /* %lf, %Ld: legal or not, never needed here */
    c->len = (size_t)(q - p) + 1;
    if (c->len >= 16)
        return 0;
    memcpy(c->sig, len_at, len_n);
    c->sig[len_n] = cls;
    c->is_term = c->is_term && cls == 's';
    if (cls == 'c')
        c->type = ARG_INT;
    else if (cls == 's')
        c->type = ARG_STR;
    else if (cls == 'p')
        c->type = ARG_PTR;
    else if (cls == 'f')
        c->type = len_n ? ARG_LDOUBLE : ARG_DOUBLE;
    else if (!len_n || *len_at == 'h')
        c->type = cls == 'd' ? ARG_INT : ARG_UINT;
    else if (len_n == 2) /* ll */
        c->type = cls == 'd' ? ARG_LLONG : ARG_ULLONG;
    else if (*len_at == 'l')
        c->type = cls == 'd' ? ARG_LONG : ARG_ULONG;
    else if (*len_at == 'z')
        c->type = ARG_SIZE;
    else if (*len_at == 'j')
        c->type = cls == 'd' ? ARG_INTMAX : ARG_UINTMAX;
    else
        c->type = ARG_PTRDIFF;
    return 1;
}

int lf_err_signature(const char *fmt, char *out, unsigned n)
{
    size_t o = 0;
    struct conv c;

    if (!n)
        return -1;
    out[0] = '\0';
    for (; *fmt; fmt++) {
        if (*fmt != '%')
            continue;
        if (!parse_conv(fmt, &c))
            return -1;
        fmt += c.len - 1;
        if (c.type == ARG_NONE)
            continue;
        if (o + strlen(c.sig) + 2 > n)
            return -1;
        o += (size_t)snprintf(out + o, n - o, "%s%s", o ? "," : "", c.sig);
    }
    return 0;
}

/* Cut an incomplete UTF-8 sequence off the end of s (left by truncation). */
static void trim_utf8_tail(char *s, size_t len)
{
    size_t i = len, need;

    while (i > 0 && len - i < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    need = ((unsigned char)s[i - 1] & 0xE0) == 0xC0 ? 2
         : ((unsigned char)s[i - 1] & 0xF0) == 0xE0 ? 3
         : ((unsigned char)s[i - 1] & 0xF8) == 0xF0 ? 4 : 1;
    if (len - (i - 1) < need)
        s[i - 1] = '\0';
}

/* The Chinese of a "%-s" argument: a term, or a message of the table
 * without conversions; else the argument itself. */
static const char *zh_word(const char *s)
{
    const struct lf_err_row *r;
    const char *t;

    if (!s)
        return s;
    if ((t = lf_err_term(s)))
        return t;
    if ((r = lf_err_lookup(s)) && plain[r - lf_err_rows])
        return r->zh;
    return s;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
/* Write fmt (a Chinese row whose conversions were checked) with ap. */
static void format_row(char *out, size_t n, const char *fmt, va_list ap)
{
    size_t o = 0;
    struct conv c;
    char spec[16];
    int w;

    while (*fmt && o + 1 < n) {
        if (*fmt != '%') {
            out[o++] = *fmt++;
            continue;
        }
        if (!parse_conv(fmt, &c))
            break; /* not reached: build_index() left such rows out */
        memcpy(spec, fmt, c.len);
        spec[c.len] = '\0';
        fmt += c.len;
        switch (c.type) {
        case ARG_NONE: w = snprintf(out + o, n - o, "%%"); break;
        case ARG_INT: w = snprintf(out + o, n - o, spec, va_arg(ap, int)); break;
        case ARG_UINT: w = snprintf(out + o, n - o, spec, va_arg(ap, unsigned)); break;
        case ARG_LONG: w = snprintf(out + o, n - o, spec, va_arg(ap, long)); break;
        case ARG_ULONG: w = snprintf(out + o, n - o, spec, va_arg(ap, unsigned long)); break;
        case ARG_LLONG: w = snprintf(out + o, n - o, spec, va_arg(ap, long long)); break;
        case ARG_ULLONG:
            w = snprintf(out + o, n - o, spec, va_arg(ap, unsigned long long));
            break;
        case ARG_SIZE: w = snprintf(out + o, n - o, spec, va_arg(ap, size_t)); break;
        case ARG_INTMAX: w = snprintf(out + o, n - o, spec, va_arg(ap, intmax_t)); break;
        case ARG_UINTMAX: w = snprintf(out + o, n - o, spec, va_arg(ap, uintmax_t)); break;
        case ARG_PTRDIFF: w = snprintf(out + o, n - o, spec, va_arg(ap, ptrdiff_t)); break;
        case ARG_DOUBLE: w = snprintf(out + o, n - o, spec, va_arg(ap, double)); break;
        case ARG_LDOUBLE: w = snprintf(out + o, n - o, spec, va_arg(ap, long double)); break;
        case ARG_PTR: w = snprintf(out + o, n - o, spec, va_arg(ap, void *)); break;
        case ARG_STR: {
            const char *s = va_arg(ap, const char *);
            w = snprintf(out + o, n - o, spec, c.is_term ? zh_word(s) : s);
            break;
        }
        default: w = 0;
        }
        if (w > 0)
            o += (size_t)w < n - o ? (size_t)w : n - o - 1;
    }
    out[o] = '\0';
    trim_utf8_tail(out, o);
}
#pragma GCC diagnostic pop

void lf_err__translate(struct lf_err *err, const char *fmt, va_list ap)
{
    const struct lf_err_row *r;
    va_list aq;

    if (fmt && strcmp(fmt, "%s") == 0) {
        /* a reason passed through: the row of the reason itself */
        va_copy(aq, ap);
        r = lf_err_lookup(va_arg(aq, const char *));
        va_end(aq);
        if (r && !plain[r - lf_err_rows])
            r = NULL;
    } else {
        r = lf_err_lookup(fmt);
    }
    if (!r) {
        err->key = LF_ERR_KEY_UNKNOWN;
        snprintf(err->message, sizeof(err->message), "%s", err->reason);
        return;
    }
    err->key = r->key;
    va_copy(aq, ap);
    format_row(err->message, sizeof(err->message), r->zh, aq);
    va_end(aq);
}

void lf_err__trim(char *s, size_t len)
{
    trim_utf8_tail(s, len);
}

/* ---- labels of fields --------------------------------------------------- */

/* Append s (len bytes) to buf at *o, bounded by n. */
static void put(char *buf, unsigned n, size_t *o, const char *s, size_t len)
{
    if (*o + 1 >= n)
        return;
    if (len > n - 1 - *o)
        len = n - 1 - *o;
    memcpy(buf + *o, s, len);
    *o += len;
    buf[*o] = '\0';
}

const char *lf_err_field_label(const char *field, char *buf, unsigned n)
{
    size_t o = 0;
    char num[48];

    if (!n)
        return buf;
    buf[0] = '\0';
    while (field && *field) {
        const char *end = strchr(field, '.'), *br, *label;
        size_t len = end ? (size_t)(end - field) : strlen(field);
        unsigned long i;

        if (o)
            put(buf, n, &o, " ", 1);
        br = memchr(field, '[', len);
        if (len > 5 && memcmp(field, "line ", 5) == 0) {
            /* "line 14": a row of an imported file */
            snprintf(num, sizeof(num), "第 %.*s 行", (int)(len - 5), field + 5);
            put(buf, n, &o, num, strlen(num));
        } else if (br && field[len - 1] == ']' && sscanf(br + 1, "%lu", &i) == 1) {
            /* "scans[2]": the third item of a list */
            label = find_label(fields, sizeof(fields) / sizeof(fields[0]), field,
                               (size_t)(br - field));
            if (label)
                put(buf, n, &o, label, strlen(label));
            else
                put(buf, n, &o, field, (size_t)(br - field));
            snprintf(num, sizeof(num), " 第 %lu 条", i + 1);
            put(buf, n, &o, num, strlen(num));
        } else if ((label = find_label(fields, sizeof(fields) / sizeof(fields[0]), field,
                                       len))) {
            put(buf, n, &o, label, strlen(label));
        } else {
            put(buf, n, &o, field, len);
        }
        field = end ? end + 1 : NULL;
    }
    trim_utf8_tail(buf, o);
    return buf;
}
