/*
 * reply.c - turning results and errors into JSON replies. One error body
 * for the whole API, status from the code (core/err.h):
 *   {"error": "手机号：须为 1 开头的 11 位手机号",   the message, field by its label
 *    "message": "须为 1 开头的 11 位手机号",         the message alone
 *    "key": "phone.format",                          stable (core/err_table.h)
 *    "code": "invalid", "field": "phone",            field absent when none
 *    "detail": "phone: must be 11 digits starting with 1"}   English, for developers
 */
#include <string.h>

#include <stdlib.h>
#include <unistd.h>

#include "http/http.h"
#include "util/fileio.h"
#include "util/sheet.h"
#include "util/log.h"
#include "util/banned.h"

static int dump_cb(const char *p, size_t n, void *data)
{
    return buf_add(data, p, n);
}

int http_reply_json(struct http_call *c, int status, json_t *root)
{
    buf_reset(&c->out);
    /* 15 significant digits: 37.3 stays "37.3", not 37.299999999999997 */
    if (!root || json_dump_callback(root, dump_cb, &c->out,
                                    JSON_COMPACT | JSON_REAL_PRECISION(15)) != 0) {
        struct lf_err e = LF_ERR_INIT;
        json_decref(root);
        buf_reset(&c->out);
        lf_err_set(&e, LF_ERR_INTERNAL, NULL, "response too large to encode");
        return http_reply_err(c, &e);
    }
    json_decref(root);
    c->status = status;
    return 0;
}

int http_reply_err(struct http_call *c, const struct lf_err *err)
{
    char detail[sizeof(err->field) + sizeof(err->reason) + 4];
    char text[sizeof(err->field) * 3 + sizeof(err->message) + 4];
    struct lf_err internal = LF_ERR_INIT;
    enum lf_errcode code = err->code == LF_ERR_OK ? LF_ERR_INTERNAL : err->code;

    if (!err->reason[0]) {
        /* an error nobody described: say so rather than send nothing */
        lf_err_set(&internal, code, err->field, "internal error");
        err = &internal;
    }
    lf_err_message(err, detail, sizeof(detail));
    lf_err_label_text(err, text, sizeof(text));
    buf_reset(&c->out);
    buf_adds(&c->out, "{\"error\":");
    buf_add_json_str(&c->out, text);
    buf_adds(&c->out, ",\"message\":");
    buf_add_json_str(&c->out, lf_err_zh(err));
    buf_adds(&c->out, ",\"key\":");
    buf_add_json_str(&c->out, lf_err_key(err));
    buf_adds(&c->out, ",\"code\":");
    buf_add_json_str(&c->out, lf_err_name(code));
    if (err->field[0]) {
        buf_adds(&c->out, ",\"field\":");
        buf_add_json_str(&c->out, err->field);
    }
    buf_adds(&c->out, ",\"detail\":");
    buf_add_json_str(&c->out, detail);
    buf_addch(&c->out, '}');
    c->status = lf_err_http_status(code);
    if (c->status >= 500)
        log_warn("http: %d %s (%s)", c->status, detail, lf_err_key(err));
    return 0;
}

int http_reply_empty(struct http_call *c, int status)
{
    buf_reset(&c->out);
    c->status = status;
    return 0;
}

int http_export_begin(char path[64], struct lf_err *err)
{
    int fd;

    snprintf(path, 64, "/tmp/lianfang-export-XXXXXX");
    if ((fd = mkstemp(path)) < 0)
        return lf_err_set(err, LF_ERR_INTERNAL, NULL, "cannot create a temporary file");
    close(fd);
    return 0;
}

int http_reply_export(struct http_call *c, const char *path, int ok, int sheet_format,
                      const char *filename, const char *too_large, const struct lf_err *err)
{
    struct lf_err big = LF_ERR_INIT;
    char *data = NULL;
    size_t len = 0;
    int read, added;

    if (ok)
        data = file_read_all(path, HTTP_RESPONSE_MAX, &len);
    unlink(path);
    if (!ok)
        return http_reply_err(c, err);
    buf_reset(&c->out);
    read = data != NULL;
    added = read && !buf_add(&c->out, data, len);
    free(data);
    if (!added) {
        lf_err_set(&big, LF_ERR_TOOLARGE, NULL, "%s", read ? "the export is too large"
                                                           : too_large);
        return http_reply_err(c, &big);
    }
    c->status = 200;
    c->content_type = sheet_format == SHEET_XLSX
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        : sheet_format == SHEET_CSV ? "text/csv; charset=utf-8" : "text/csv; charset=gb18030";
    snprintf(c->filename, sizeof(c->filename), "%s", filename);
    return 0;
}
