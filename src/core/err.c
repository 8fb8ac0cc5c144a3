/*
 * err.c - the error codes and the struct's helpers. See err.h; the table
 * of messages and its index are in err_table.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"

#define LF_ERR_NAME(name, str, http) str,
static const char *const names[] = { LF_ERRORS(LF_ERR_NAME) };
#undef LF_ERR_NAME
#define LF_ERR_HTTP(name, str, http) http,
static const int statuses[] = { LF_ERRORS(LF_ERR_HTTP) };
#undef LF_ERR_HTTP

int lf_err_set(struct lf_err *err, enum lf_errcode code, const char *field,
               const char *fmt, ...)
{
    va_list ap, aq;

    if (!err || err->code != LF_ERR_OK)
        return -1;
    err->code = code;
    snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
    va_start(ap, fmt);
    va_copy(aq, ap); /* the Chinese message takes the same arguments again */
    vsnprintf(err->reason, sizeof(err->reason), fmt, ap);
    lf_err__trim(err->reason, strlen(err->reason));
    lf_err__translate(err, fmt, aq);
    va_end(aq);
    va_end(ap);
    return -1;
}

void lf_err_nest(struct lf_err *err, const char *prefix)
{
    char tmp[sizeof(err->field)];

    if (!err || !prefix || !*prefix)
        return;
    if (err->field[0])
        snprintf(tmp, sizeof(tmp), "%s.%s", prefix, err->field);
    else
        snprintf(tmp, sizeof(tmp), "%s", prefix);
    memcpy(err->field, tmp, sizeof(tmp));
}

void lf_err_clear(struct lf_err *err)
{
    err->code = LF_ERR_OK;
    err->field[0] = '\0';
    err->reason[0] = '\0';
    err->key = NULL;
    err->message[0] = '\0';
}

const char *lf_err_name(enum lf_errcode code)
{
    return (unsigned)code < LF_ERR__COUNT ? names[code] : "internal";
}

int lf_err_http_status(enum lf_errcode code)
{
    return (unsigned)code < LF_ERR__COUNT ? statuses[code] : 500;
}

const char *lf_err_message(const struct lf_err *err, char *buf, unsigned n)
{
    if (err->field[0])
        snprintf(buf, n, "%s: %s", err->field, err->reason);
    else
        snprintf(buf, n, "%s", err->reason);
    return buf;
}

const char *lf_err_key(const struct lf_err *err)
{
    return err->key ? err->key : LF_ERR_KEY_UNKNOWN;
}

const char *lf_err_zh(const struct lf_err *err)
{
    return err->message[0] ? err->message : err->reason;
}

const char *lf_err_text(const struct lf_err *err, char *buf, unsigned n)
{
    if (err->field[0])
        snprintf(buf, n, "%s: %s", err->field, lf_err_zh(err));
    else
        snprintf(buf, n, "%s", lf_err_zh(err));
    lf_err__trim(buf, strlen(buf));
    return buf;
}

const char *lf_err_label_text(const struct lf_err *err, char *buf, unsigned n)
{
    char label[160];

    if (err->field[0])
        snprintf(buf, n, "%s：%s", lf_err_field_label(err->field, label, sizeof(label)),
                 lf_err_zh(err));
    else
        snprintf(buf, n, "%s", lf_err_zh(err));
    lf_err__trim(buf, strlen(buf));
    return buf;
}
