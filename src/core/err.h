/*
 * err.h - the one error struct (code, field, reason) that flows from the
 * core to the HTTP 4xx body and the command line's message.
 *
 * A function returns 0, or -1 with *err filled. The first error wins:
 * lf_err_set() leaves an already-set error alone, so calls chain with ||.
 * On success err is untouched. The buffers are fixed, so setting an error
 * never allocates.
 */
#ifndef LF_ERR_H
#define LF_ERR_H

#define LF_ERRORS(X)                                                           \
    X(OK, "ok", 200)                                                           \
    X(INVALID, "invalid", 400)                                                 \
    X(UNAUTHORIZED, "unauthorized", 401)                                       \
    X(FORBIDDEN, "forbidden", 403)                                             \
    X(NOTFOUND, "not_found", 404)                                              \
    X(CONFLICT, "conflict", 409)                                               \
    X(TOOLARGE, "too_large", 413)                                              \
    X(LOCKED, "locked", 429)                                                   \
    X(INTERNAL, "internal", 500)                                               \
    X(BUSY, "busy", 503)

#define LF_ERR_ENUM(name, str, http) LF_ERR_##name,
enum lf_errcode { LF_ERRORS(LF_ERR_ENUM) LF_ERR__COUNT };
#undef LF_ERR_ENUM

struct lf_err {
    enum lf_errcode code;
    char field[64];   /* input path: "phone", "members[2].id_number"; "" = none */
    char reason[192]; /* lower case, no full stop: "must be 11 digits" */
};
#define LF_ERR_INIT { LF_ERR_OK, "", "" }

/* Fill *err unless already set; always returns -1. field may be NULL. */
int lf_err_set(struct lf_err *err, enum lf_errcode code, const char *field,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Prefix err->field with "prefix." or "prefix[i]." style text (the caller
 * formats it), for errors found inside a nested object. */
void lf_err_nest(struct lf_err *err, const char *prefix);

void lf_err_clear(struct lf_err *err);

/* "invalid", "not_found", ... and the HTTP status of a code. */
const char *lf_err_name(enum lf_errcode code);
int lf_err_http_status(enum lf_errcode code);

/* "field: reason", or the reason alone; into buf of size n. */
const char *lf_err_message(const struct lf_err *err, char *buf, unsigned n);

#endif
