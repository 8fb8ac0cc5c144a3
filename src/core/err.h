/*
 * err.h - the one error struct (code, field, reason, key, message) that
 * flows from the core to the HTTP 4xx body and the command line's message.
 *
 * A function returns 0, or -1 with *err filled. The first error wins:
 * lf_err_set() leaves an already-set error alone, so calls chain with ||.
 * On success err is untouched. The buffers are fixed, so setting an error
 * never allocates.
 *
 * Every error a person can meet has a row in one table (err_table.h): a
 * stable key ("id_number.check_digit"), the English format the code
 * passes to lf_err_set(), and its Simplified Chinese format. lf_err_set()
 * finds the row by the format itself, so a call site is written in plain
 * English and still yields the key and the Chinese message with the same
 * arguments filled in. A format without a row gets the key "unknown" and
 * the English text as its message (a unit test keeps that from happening
 * to any literal format in src/).
 */
#ifndef LF_ERR_H
#define LF_ERR_H
#include <stdarg.h>
#include <stddef.h>

#define LF_ERRORS(X)                                                           \
    X(OK, "ok", 200)                                                           \
    X(INVALID, "invalid", 400)                                                 \
    X(UNAUTHORIZED, "unauthorized", 401)                                       \
    X(FORBIDDEN, "forbidden", 403)                                             \
    X(NOTFOUND, "not_found", 404)                                              \
    X(CONFLICT, "conflict", 409)                                               \
    X(TOOLARGE, "too_large", 413)                                              \
    X(LOCKED, "locked", 429)                                                   \
    X(RATE, "rate_limited", 429)                                               \
    X(INTERNAL, "internal", 500)                                               \
    X(BUSY, "busy", 503)

#define LF_ERR_ENUM(name, str, http) LF_ERR_##name,
enum lf_errcode { LF_ERRORS(LF_ERR_ENUM) LF_ERR__COUNT };
#undef LF_ERR_ENUM

struct lf_err {
    enum lf_errcode code;
    char field[64];    /* input path: "phone", "members[2].id_number"; "" = none */
    char reason[192];  /* English, lower case, no full stop: "must be 11 digits" */
    const char *key;   /* static: "phone.format"; LF_ERR_KEY_UNKNOWN; NULL = unset */
    char message[384]; /* the reason in Simplified Chinese: "须为 1 开头的 11 位手机号" */
};
#define LF_ERR_INIT { LF_ERR_OK, "", "", NULL, "" }
#define LF_ERR_KEY_UNKNOWN "unknown"

/* Fill *err unless already set; always returns -1. field may be NULL.
 * fmt is looked up in the table (err_table.h) for the key and the Chinese
 * message; fmt "%s" passes a finished reason through, and that reason is
 * looked up instead (a row without conversions). Thread-safe. */
int lf_err_set(struct lf_err *err, enum lf_errcode code, const char *field,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Prefix err->field with "prefix." or "prefix[i]." style text (the caller
 * formats it), for errors found inside a nested object. */
void lf_err_nest(struct lf_err *err, const char *prefix);

void lf_err_clear(struct lf_err *err);

/* "invalid", "not_found", ... and the HTTP status of a code. */
const char *lf_err_name(enum lf_errcode code);
int lf_err_http_status(enum lf_errcode code);

/* "field: reason", or the reason alone (English, for logs, the audit trail
 * and developers); into buf of size n. */
const char *lf_err_message(const struct lf_err *err, char *buf, unsigned n);

/* The stable key; LF_ERR_KEY_UNKNOWN for an error set without a row. */
const char *lf_err_key(const struct lf_err *err);
/* The Chinese message without the field; the English reason if none. */
const char *lf_err_zh(const struct lf_err *err);
/* "field: 消息" (the command line: options keep their own names). */
const char *lf_err_text(const struct lf_err *err, char *buf, unsigned n);
/* "字段：消息", the field by its Chinese label (the pages). */
const char *lf_err_label_text(const struct lf_err *err, char *buf, unsigned n);
/* The Chinese label of a field path: "id_number" → "身份证号",
 * "line 14.phone" → "第 14 行 手机号", "scans[2].at" → "扫码记录 第 3 条 时间";
 * a part without a label stays as it is. */
const char *lf_err_field_label(const char *field, char *buf, unsigned n);

/* ---- the table, for err_table.c and its tests ---- */
struct lf_err_row {
    const char *key, *en, *zh;
};
extern const struct lf_err_row lf_err_rows[];
extern const unsigned lf_err_n_rows;
/* The row whose English format is exactly en; NULL if none. */
const struct lf_err_row *lf_err_lookup(const char *en);
/* The Chinese label of a term (err_labels.h), NULL if none. */
const char *lf_err_term(const char *id);
/* The conversions of a printf format, one letter group per argument, as
 * "d,s,zu" (signed d, unsigned u, char c, double f, string s, pointer p;
 * length modifiers kept; '*' for a width or precision argument) into out;
 * -1 for a conversion the table may not use (%n, unknown ones) or a too
 * small out. */
int lf_err_signature(const char *fmt, char *out, unsigned n);

/* Inside err*.c only: set err->key and err->message from fmt and ap (the
 * reason is already written); cut an incomplete UTF-8 tail off s. */
void lf_err__translate(struct lf_err *err, const char *fmt, va_list ap);
void lf_err__trim(char *s, size_t len);

#endif
