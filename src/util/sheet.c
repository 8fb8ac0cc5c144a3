/*
 * sheet.c - spreadsheet writer: CSV (UTF-8 with BOM, or GB18030) and XLSX.
 * See sheet.h for what each cell kind becomes and why.
 *
 * A CSV line is built whole in s->line (UTF-8) and, for GB18030, converted
 * whole: iconv stops at the first character it cannot map, and its offset
 * against s->cell_end names the column. Only then does it go to stdio, so
 * nothing of a bad row reaches the file. The header line is built (and
 * checked) in sheet_open() and written after the notes, before row 1.
 *
 * XLSX uses libxlsxwriter's constant_memory mode: rows only in order (we
 * only append), strings inline in sheet1.xml rather than in
 * sharedStrings.xml (both are string cells to Excel), temporary files in
 * the output's directory (its manual warns /tmp may be RAM). Cells are
 * checked before the first is written, so only a library or disk failure
 * leaves half a row, and that is sticky. Widths are set at close from the
 * widest cell seen: <cols> is written when the workbook is assembled,
 * after the rows, so widths follow the data without holding it.
 */
#include <assert.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "util/buf.h"
#include "util/sheet.h"
#include "util/utf8.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define ROW_MAX_LEN (64u << 20)   /* bytes of one CSV line */
#define XLSX_STR_MAX 32767        /* characters in an XLSX cell */
#define FORCE_MAX 255             /* bytes in a string inside a formula */
#define WIDTH_MIN 8
#define WIDTH_MAX 60
#define WIDTH_NUMBER_TEXT 20      /* an 18-character ID and some margin */

struct sheet {
    enum sheet_format fmt;
    int n_cols;
    enum sheet_cell *kinds;
    char **headers;            /* copies; never NULL */
    char *path;
    char *tmp_path;            /* path.XXXXXX, made by mkstemp */
    int has_tmp;               /* tmp_path exists and is ours to remove */
    long n_rows;               /* data rows written */
    long n_calls;              /* sheet_row() calls, to name rows */
    int n_notes;
    int started;               /* the header is out */
    char failed[192];          /* sticky write error; "" = none */
    /* CSV */
    FILE *f;
    iconv_t cd;                /* GB18030 only, else (iconv_t)-1 */
    struct buf line;           /* the line being built, UTF-8 */
    size_t *cell_end;          /* offset in line just past each cell */
    char *out;                 /* line in GB18030 */
    size_t out_cap;
    char *header_line;         /* encoded, written by start() */
    size_t header_len;
    /* XLSX */
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold;
    lxw_format *text;          /* number format "@" */
    lxw_format *date;          /* number format "yyyy-mm-dd" */
    char *tmpdir;
    int *width;                /* widest cell per column, in character cells */
};

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t err_len, const char *fmt, ...)
{
    va_list ap;

    if (err && err_len) {
        va_start(ap, fmt);
        vsnprintf(err, err_len, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* "row 3, column 2 (姓名)", "header, column 2" or "note" (row -1). */
static void place(const struct sheet *s, long row, int col, char *out,
                  size_t n)
{
    if (row > 0)
        snprintf(out, n, "row %ld, column %d (%s)", row, col + 1,
                 s->headers[col]);
    else if (row == 0)
        snprintf(out, n, "header, column %d", col + 1);
    else
        snprintf(out, n, "note");
}

static int sticky(struct sheet *s, char *err, size_t err_len)
{
    return s->failed[0] ? fail(err, err_len, "%s", s->failed) : 0;
}

#define DIGITS "0123456789"

/* -?digits[.digits]: what we write as a number. No exponent, hex, inf or
 * nan, which strtod would take and a reader might not. */
static int is_number(const char *v)
{
    size_t n = strspn(v += *v == '-', DIGITS), m;

    if (n && v[n] == '.')
        return (m = strspn(v + n + 1, DIGITS)) && !v[n + 1 + m];
    return n && !v[n];
}

/* YYYY-MM-DD with a month and a day in range, into *dt. */
static int is_date(const char *v, lxw_datetime *dt)
{
    int y, m, d, n = 0;

    if (strlen(v) != 10 || sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
        y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    memset(dt, 0, sizeof(*dt));
    dt->year = y;
    dt->month = m;
    dt->day = d;
    return 1;
}

/* 1 if v can go inside ="..." with no way out of the string: no quote,
 * no control character, nothing but what IDs and phone numbers (masked
 * ones too: 138****5678) are made of. */
static int forceable(const char *v)
{
    size_t n = strlen(v);

    return n && n <= FORCE_MAX && strspn(v, DIGITS "*+-.() "
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == n;
}

/* Character cells v takes on screen: CJK and everything past it two. */
static int display_width(const char *v)
{
    const unsigned char *p = (const unsigned char *)v;
    uint32_t cp;
    int n, w = 0;

    while (*p && w < WIDTH_MAX && (n = utf8_decode(p, SIZE_MAX, &cp))) {
        w += cp >= 0x2e80 ? 2 : 1;
        p += n;
    }
    return w;
}

/* Checks every format shares: UTF-8, and the XLSX cell limit. */
static int check_cell(const struct sheet *s, long row, int col,
                      const char *v, char *err, size_t err_len)
{
    char where[160];
    long n;

    if (!v || !*v)
        return 0;
    n = utf8_count(v);
    if (n >= 0 && (s->fmt != SHEET_XLSX || n <= XLSX_STR_MAX))
        return 0;
    place(s, row, col, where, sizeof(where));
    if (n < 0)
        return fail(err, err_len, "%s: not valid UTF-8", where);
    return fail(err, err_len, "%s: longer than %d characters, the most "
                "an XLSX cell holds", where, XLSX_STR_MAX);
}

/* Append one CSV field for v to b (see sheet.h for the rules). */
static int csv_cell(struct buf *b, enum sheet_cell kind, const char *v)
{
    const char *p, *q;
    int quote;

    if (!v || !*v)
        return 0;
    if (kind == SHEET_NUMBER_TEXT && forceable(v))
        return buf_add(b, "=\"", 2) || buf_adds(b, v) || buf_addch(b, '"');
    if (kind == SHEET_NUMBER && is_number(v))
        return buf_adds(b, v);
    quote = strpbrk(v, ",\"\r\n") != NULL;
    if ((quote && buf_addch(b, '"')) ||
        (strchr("=+-@\t\r", *v) && buf_addch(b, '\'')))
        return -1;
    for (p = v; (q = strchr(p, '"')); p = q + 1)
        if (buf_add(b, p, (size_t)(q - p) + 1) || buf_addch(b, '"'))
            return -1;
    return buf_adds(b, p) || (quote && buf_addch(b, '"'));
}

/* Build cells[0..n) as one CRLF-terminated line; *data, *len: its bytes
 * in the file's encoding (borrowed until the next call). kinds NULL = all
 * text. row as for place(). */
static int csv_line(struct sheet *s, long row, const char *const *cells,
                    const enum sheet_cell *kinds, int n, const char **data,
                    size_t *len, char *err, size_t err_len)
{
    char where[160];
    char *in, *o;
    size_t in_left, o_left;
    uint32_t cp = 0;
    int c;

    buf_reset(&s->line);
    for (c = 0; c < n; c++) {
        if ((c && buf_addch(&s->line, ',')) ||
            csv_cell(&s->line, kinds ? kinds[c] : SHEET_TEXT, cells[c]))
            goto too_long;
        s->cell_end[c] = s->line.len;
    }
    if (buf_add(&s->line, "\r\n", 2))
        goto too_long;
    *data = s->line.data;
    *len = s->line.len;
    if (s->fmt != SHEET_CSV_GB18030)
        return 0;
    /* GB18030 takes 1, 2 or 4 bytes where UTF-8 takes 1, 2-3 or 4 */
    if (s->out_cap < 2 * s->line.len) {
        s->out_cap = 2 * s->line.len;
        s->out = xrealloc(s->out, s->out_cap);
    }
    in = s->line.data, in_left = s->line.len;
    o = s->out, o_left = s->out_cap;
    iconv(s->cd, NULL, NULL, NULL, NULL);
    if (iconv(s->cd, &in, &in_left, &o, &o_left) == (size_t)-1) {
        size_t off = (size_t)(in - s->line.data);
        int e = errno;
        for (c = 0; c < n - 1 && off >= s->cell_end[c]; c++)
            ;
        place(s, row, c, where, sizeof(where));
        if (e != EILSEQ || !utf8_decode((unsigned char *)in, in_left, &cp))
            return fail(err, err_len, "%s: iconv: %s", where, strerror(e));
        return fail(err, err_len, "%s: U+%04X has no GB18030 form", where,
                    (unsigned)cp);
    }
    *data = s->out;
    *len = (size_t)(o - s->out);
    return 0;
too_long:
    place(s, row, c < n ? c : n - 1, where, sizeof(where));
    return fail(err, err_len, "%s: line longer than %u bytes", where,
                ROW_MAX_LEN);
}

static int put(struct sheet *s, const void *p, size_t n, char *err,
               size_t err_len)
{
    if (!s->failed[0] && n && fwrite(p, 1, n, s->f) != n)
        snprintf(s->failed, sizeof(s->failed), "write %s: %s", s->path,
                 strerror(errno));
    return sticky(s, err, err_len);
}

/* Record a libxlsxwriter failure as sticky. */
static int lxw_failed(struct sheet *s, lxw_error rc, const char *where,
                      char *err, size_t err_len)
{
    if (rc != LXW_NO_ERROR && !s->failed[0])
        snprintf(s->failed, sizeof(s->failed), "%s: xlsx: %s", where,
                 lxw_strerror(rc));
    return sticky(s, err, err_len);
}

/* Write the header (after the notes); once. */
static int start(struct sheet *s, char *err, size_t err_len)
{
    lxw_row_t r = (lxw_row_t)s->n_notes;
    int c;

    if (s->started)
        return sticky(s, err, err_len);
    s->started = 1;
    if (s->fmt != SHEET_XLSX)
        return put(s, s->header_line, s->header_len, err, err_len);
    for (c = 0; c < s->n_cols; c++)
        if (lxw_failed(s, worksheet_write_string(s->ws, r, (lxw_col_t)c,
                                                 s->headers[c], s->bold),
                       "header", err, err_len))
            return -1;
    worksheet_freeze_panes(s->ws, r + 1, 0);
    return 0;
}

static int xlsx_row(struct sheet *s, long row, const char *const *cells,
                    char *err, size_t err_len)
{
    lxw_row_t r = (lxw_row_t)(s->n_notes + 1 + s->n_rows);
    lxw_datetime dt;
    char where[160];
    lxw_error rc;
    int c, w;

    if (r >= LXW_ROW_MAX)
        return fail(err, err_len, "row %ld: a worksheet holds at most %d "
                    "rows", row, LXW_ROW_MAX);
    for (c = 0; c < s->n_cols; c++) {
        const char *v = cells[c];
        if (!v || !*v)
            continue;
        if (s->kinds[c] == SHEET_NUMBER && is_number(v))
            rc = worksheet_write_number(s->ws, r, (lxw_col_t)c,
                                        strtod(v, NULL), NULL);
        else if (s->kinds[c] == SHEET_DATE && is_date(v, &dt))
            rc = worksheet_write_datetime(s->ws, r, (lxw_col_t)c, &dt,
                                          s->date);
        else        /* formula-looking text too: a string is never run */
            rc = worksheet_write_string(s->ws, r, (lxw_col_t)c, v,
                    s->kinds[c] == SHEET_NUMBER_TEXT ? s->text : NULL);
        if (rc != LXW_NO_ERROR) {
            place(s, row, c, where, sizeof(where));
            return lxw_failed(s, rc, where, err, err_len);
        }
        if ((w = display_width(v)) > s->width[c])
            s->width[c] = w;
    }
    return 0;
}

/* An XLSX sheet name: at most 31 characters (UTF-8 is whole when cut),
 * none of []:*?/\ or control characters, no apostrophe at either end. */
static void sheet_name(const char *title, char *out)
{
    const unsigned char *p = (const unsigned char *)(title ? title : "");
    size_t o = 0;
    uint32_t cp;
    int n, chars = 0;

    for (; *p && chars < LXW_SHEETNAME_MAX &&
           (n = utf8_decode(p, SIZE_MAX, &cp)); p += n, chars++)
        for (int i = 0; i < n; i++)
            out[o++] = n == 1 && (cp < 0x20 || strchr("[]:*?/\\", (int)cp))
                       ? '_' : (char)p[i];
    out[o] = '\0';
    if (o && out[0] == '\'')
        out[0] = '_';
    if (o && out[o - 1] == '\'')
        out[o - 1] = '_';
    if (!o)
        snprintf(out, LXW_SHEETNAME_MAX + 1, "Sheet1");
}

static int xlsx_open(struct sheet *s, const char *title, char *err,
                     size_t err_len)
{
    lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
    char name[LXW_SHEETNAME_MAX * 4 + 1];
    const char *slash = strrchr(s->path, '/');

    s->tmpdir = !slash ? xstrdup(".") :
        xstrndup(s->path, slash == s->path ? 1 : (size_t)(slash - s->path));
    opt.tmpdir = s->tmpdir;
    if (!(s->wb = workbook_new_opt(s->tmp_path, &opt)))
        return fail(err, err_len, "%s: xlsx: cannot start a workbook",
                    s->path);
    sheet_name(title, name);
    if (!(s->ws = workbook_add_worksheet(s->wb, name)))
        return fail(err, err_len, "%s: xlsx: cannot start a worksheet "
                    "(temporary file in %s)", s->path, s->tmpdir);
    s->bold = workbook_add_format(s->wb);
    format_set_bold(s->bold);
    s->text = workbook_add_format(s->wb);
    format_set_num_format_index(s->text, 49);    /* built-in "@" */
    s->date = workbook_add_format(s->wb);
    format_set_num_format(s->date, "yyyy-mm-dd");
    return 0;
}

struct sheet *sheet_open(const char *path, enum sheet_format fmt,
                         const char *title, const char *const *headers,
                         const enum sheet_cell *kinds, int n_cols,
                         char *err, size_t err_len)
{
    struct sheet *s;
    const char *data;
    size_t len;
    int c, fd;

    if (n_cols < 1 || n_cols > SHEET_MAX_COLS) {
        fail(err, err_len, "n_cols: must be 1 to %d", SHEET_MAX_COLS);
        return NULL;
    }
    assert(fmt == SHEET_CSV || fmt == SHEET_CSV_GB18030 || fmt == SHEET_XLSX);
    s = xcalloc(1, sizeof(*s));
    s->fmt = fmt;
    s->n_cols = n_cols;
    s->cd = (iconv_t)-1;
    s->kinds = xcalloc((size_t)n_cols, sizeof(*s->kinds));
    s->headers = xcalloc((size_t)n_cols, sizeof(*s->headers));
    s->width = xcalloc((size_t)n_cols, sizeof(*s->width));
    s->cell_end = xcalloc((size_t)n_cols, sizeof(*s->cell_end));
    buf_init(&s->line, ROW_MAX_LEN);
    s->path = xstrdup(path);
    s->tmp_path = xmalloc(strlen(path) + 8);
    snprintf(s->tmp_path, strlen(path) + 8, "%s.XXXXXX", path);
    for (c = 0; c < n_cols; c++) {
        s->kinds[c] = kinds ? kinds[c] : SHEET_TEXT;
        s->headers[c] = xstrdup(headers[c] ? headers[c] : "");
        s->width[c] = display_width(s->headers[c]);
        if (check_cell(s, 0, c, s->headers[c], err, err_len))
            goto bad;
    }
    if ((fd = mkstemp(s->tmp_path)) < 0) {
        fail(err, err_len, "%s: %s", path, strerror(errno));
        goto bad;
    }
    s->has_tmp = 1;
    if (fmt == SHEET_XLSX) {
        close(fd);
        if (xlsx_open(s, title, err, err_len))
            goto bad;
        return s;
    }
    if (!(s->f = fdopen(fd, "wb"))) {
        fail(err, err_len, "%s: %s", path, strerror(errno));
        close(fd);
        goto bad;
    }
    if (fmt == SHEET_CSV_GB18030 &&
        (s->cd = iconv_open("GB18030", "UTF-8")) == (iconv_t)-1) {
        fail(err, err_len, "iconv: GB18030: %s", strerror(errno));
        goto bad;
    }
    if ((fmt == SHEET_CSV && put(s, "\xef\xbb\xbf", 3, err, err_len)) ||
        csv_line(s, 0, (const char *const *)s->headers, NULL, n_cols, &data,
                 &len, err, err_len))
        goto bad;
    s->header_line = xmalloc(len);
    memcpy(s->header_line, data, len);
    s->header_len = len;
    return s;
bad:
    sheet_discard(s);
    return NULL;
}

int sheet_note(struct sheet *s, const char *text, char *err, size_t err_len)
{
    const char *data;
    size_t len;

    if (sticky(s, err, err_len))
        return -1;
    if (s->started)
        return fail(err, err_len, "note: must come before the first row");
    if (check_cell(s, -1, 0, text, err, err_len))
        return -1;
    if (s->fmt != SHEET_XLSX) {
        if (csv_line(s, -1, &text, NULL, 1, &data, &len, err, err_len) ||
            put(s, data, len, err, err_len))
            return -1;
    } else {
        if (lxw_failed(s, worksheet_write_string(s->ws,
                           (lxw_row_t)s->n_notes, 0, text, NULL),
                       "note", err, err_len))
            return -1;
    }
    s->n_notes++;
    return 0;
}

int sheet_row(struct sheet *s, const char *const *cells, char *err,
              size_t err_len)
{
    long row = ++s->n_calls;
    const char *data;
    size_t len;
    int c;

    if (sticky(s, err, err_len))
        return -1;
    for (c = 0; c < s->n_cols; c++)
        if (check_cell(s, row, c, cells[c], err, err_len))
            return -1;
    if (start(s, err, err_len))
        return -1;
    if (s->fmt == SHEET_XLSX) {
        if (xlsx_row(s, row, cells, err, err_len))
            return -1;
    } else if (csv_line(s, row, cells, s->kinds, s->n_cols, &data, &len,
                        err, err_len) ||
               put(s, data, len, err, err_len)) {
        return -1;
    }
    s->n_rows++;
    return 0;
}

long sheet_n_rows(const struct sheet *s)
{
    return s->n_rows;
}

int sheet_close(struct sheet *s, char *err, size_t err_len)
{
    lxw_error rc;
    int ret = -1, c, w;
    FILE *f;

    if (start(s, err, err_len))          /* an empty table has a header */
        goto out;
    if (s->fmt == SHEET_XLSX) {
        for (c = 0; c < s->n_cols; c++) {
            w = s->width[c] + 2;
            w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
            if (s->kinds[c] == SHEET_NUMBER_TEXT && w < WIDTH_NUMBER_TEXT)
                w = WIDTH_NUMBER_TEXT;
            worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w,
                    s->kinds[c] == SHEET_NUMBER_TEXT ? s->text : NULL);
        }
        rc = workbook_close(s->wb);          /* frees wb, error or not */
        s->wb = NULL;
        if (rc != LXW_NO_ERROR) {
            fail(err, err_len, "%s: xlsx: %s", s->path, lxw_strerror(rc));
            goto out;
        }
    } else {
        f = s->f;
        s->f = NULL;
        if (fclose(f)) {
            fail(err, err_len, "write %s: %s", s->path, strerror(errno));
            goto out;
        }
    }
    /* no fsync: an export lost to a power cut is simply made again */
    if (rename(s->tmp_path, s->path)) {
        fail(err, err_len, "%s: %s", s->path, strerror(errno));
        goto out;
    }
    s->has_tmp = 0;
    ret = 0;
out:
    sheet_discard(s);
    return ret;
}

void sheet_discard(struct sheet *s)
{
    int c;

    if (!s)
        return;
    if (s->f)
        fclose(s->f);
    if (s->wb)
        lxw_workbook_free(s->wb);
    if (s->has_tmp)
        unlink(s->tmp_path);
    if (s->cd != (iconv_t)-1)
        iconv_close(s->cd);
    for (c = 0; c < s->n_cols; c++)
        free(s->headers[c]);
    free(s->headers);
    free(s->kinds);
    free(s->width);
    free(s->cell_end);
    buf_release(&s->line);
    free(s->out);
    free(s->header_line);
    free(s->path);
    free(s->tmp_path);
    free(s->tmpdir);
    free(s);
}
