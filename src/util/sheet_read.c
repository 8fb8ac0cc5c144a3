/*
 * sheet_read.c - rows of text from CSV (UTF-8 or GB18030), XLSX and XLS.
 * See sheet_read.h.
 *
 * XLSX: the archive is read in memory through libminizip's I/O hooks (a
 * cursor over the caller's bytes), so nothing is written to disk. The
 * first sheet is the one workbook.xml lists first, found through
 * xl/_rels/workbook.xml.rels; shared strings are read first, then the
 * sheet is parsed by libexpat as it is inflated, a chunk at a time. A
 * cell's text is the concatenation of its <t> runs, phonetic guides
 * (<rPh>) left out; <v> holds a number, a shared string's index (t="s"),
 * a formula's cached result (t="str"), or a boolean (t="b").
 */
#include <errno.h>
#include <expat.h>
#include <freexl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <minizip/unzip.h>

#include "util/csv.h"
#include "util/sheet_read.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define XML_PART_MAX (64u << 20)

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

void sheet_rows_free(struct sheet_rows *r)
{
    size_t i;
    int c;

    for (i = 0; i < r->n; i++) {
        for (c = 0; c < r->rows[i].n_cells; c++)
            free(r->rows[i].cells[c]);
        free(r->rows[i].cells);
    }
    free(r->rows);
    r->rows = NULL;
    r->n = r->cap = 0;
}

static struct sheet_in_row *add_row(struct sheet_rows *r, long line)
{
    struct sheet_in_row *row;

    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 64;
        r->rows = xrealloc(r->rows, r->cap * sizeof(*r->rows));
    }
    row = &r->rows[r->n++];
    row->line = line;
    row->n_cells = 0;
    row->cells = NULL;
    return row;
}

/* Put v at column col of row, filling the columns before with "". */
static int set_cell(struct sheet_in_row *row, int col, const char *v, size_t n)
{
    int c;

    if (col < 0 || col >= SHEET_READ_MAX_COLS)
        return -1;
    if (col >= row->n_cells) {
        row->cells = xrealloc(row->cells, (size_t)(col + 1) * sizeof(*row->cells));
        for (c = row->n_cells; c <= col; c++)
            row->cells[c] = xstrdup("");
        row->n_cells = col + 1;
    }
    free(row->cells[col]);
    row->cells[col] = xstrndup(v, n);
    return 0;
}

static int row_is_empty(const struct sheet_in_row *row)
{
    int c;

    for (c = 0; c < row->n_cells; c++)
        if (row->cells[c][strspn(row->cells[c], " \t")])
            return 0;
    return 1;
}

static void drop_row_if_empty(struct sheet_rows *r)
{
    struct sheet_in_row *row = &r->rows[r->n - 1];
    int c;

    if (!row_is_empty(row))
        return;
    for (c = 0; c < row->n_cells; c++)
        free(row->cells[c]);
    free(row->cells);
    r->n--;
}

/* ---- CSV ---------------------------------------------------------------- */

static int read_csv(const char *data, size_t len, struct sheet_rows *out, char *err,
                    size_t err_len)
{
    struct csv_reader *r = xmalloc(sizeof(*r));
    char *conv = NULL;
    int rc, i, ret = -1;

    out->format = SHEET_IN_CSV_UTF8;
    if (!csv_is_utf8(data, len)) {
        /* GB18030 takes at least as many bytes as UTF-8 less half: 2 bytes
         * of a Chinese character become 3, 4 stay 4 */
        iconv_t cd = iconv_open("UTF-8", "GB18030");
        char *in = (char *)data, *o;
        size_t in_left = len, o_left = len * 2 + 4;
        if (cd == (iconv_t)-1) {
            fail(err, err_len, "iconv: GB18030: %s", strerror(errno));
            goto out;
        }
        conv = o = xmalloc(o_left);
        if (iconv(cd, &in, &in_left, &o, &o_left) == (size_t)-1) {
            iconv_close(cd);
            fail(err, err_len, "the file is neither UTF-8 nor GB18030 text (byte %zu)",
                 (size_t)(in - data));
            goto out;
        }
        iconv_close(cd);
        data = conv;
        len = (size_t)(o - conv);
        out->format = SHEET_IN_CSV_GB18030;
    }
    csv_init(r, data, len);
    while ((rc = csv_next(r)) != 0) {
        struct sheet_in_row *row;
        if (rc < 0) {
            fail(err, err_len, "line %ld: %s", r->row_line, r->error);
            goto out;
        }
        row = add_row(out, r->row_line);
        for (i = 0; i < r->n_fields; i++)
            set_cell(row, i, r->fields[i], strlen(r->fields[i]));
    }
    ret = 0;
out:
    free(conv);
    free(r);
    return ret;
}

/* ---- XLSX --------------------------------------------------------------- */

struct mem {                    /* a cursor over the archive's bytes */
    const unsigned char *data;
    size_t len, pos;
};

static voidpf ZCALLBACK mem_open(voidpf opaque, const void *name, int mode)
{
    (void)name;
    (void)mode;
    return opaque;
}

static uLong ZCALLBACK mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    struct mem *m = stream;
    size_t n = m->len - m->pos < size ? m->len - m->pos : size;

    (void)opaque;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return (uLong)n;
}

static uLong ZCALLBACK mem_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    (void)opaque;
    (void)stream;
    (void)buf;
    (void)size;
    return 0;
}

static ZPOS64_T ZCALLBACK mem_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return ((struct mem *)stream)->pos;
}

static long ZCALLBACK mem_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
    struct mem *m = stream;
    ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0
                  : origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos : m->len;

    (void)opaque;
    if (base + off > m->len)
        return -1;
    m->pos = (size_t)(base + off);
    return 0;
}

static int ZCALLBACK mem_close(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}

static int ZCALLBACK mem_error(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}

/* Parse the part name of the archive with p (its handlers set); 1 if the
 * part is missing, 0 done, -1 error. */
static int parse_part(unzFile z, const char *name, XML_Parser p, char *err, size_t err_len)
{
    char buf[16384];
    size_t total = 0;
    int n;

    if (unzLocateFile(z, name, 0) != UNZ_OK)
        return 1;
    if (unzOpenCurrentFile(z) != UNZ_OK)
        return fail(err, err_len, "xlsx: cannot open %s", name);
    while ((n = unzReadCurrentFile(z, buf, sizeof(buf))) > 0) {
        if ((total += (size_t)n) > XML_PART_MAX) {
            unzCloseCurrentFile(z);
            return fail(err, err_len, "xlsx: %s is larger than %u MiB unpacked", name,
                        XML_PART_MAX >> 20);
        }
        if (XML_Parse(p, buf, n, 0) == XML_STATUS_ERROR) {
            unzCloseCurrentFile(z);
            return fail(err, err_len, "xlsx: %s: %s (line %lu)", name,
                        XML_ErrorString(XML_GetErrorCode(p)),
                        (unsigned long)XML_GetCurrentLineNumber(p));
        }
    }
    unzCloseCurrentFile(z);
    if (n < 0)
        return fail(err, err_len, "xlsx: %s: the archive is damaged", name);
    if (XML_Parse(p, "", 0, 1) == XML_STATUS_ERROR)
        return fail(err, err_len, "xlsx: %s: %s", name, XML_ErrorString(XML_GetErrorCode(p)));
    return 0;
}

/* Local name of an element or attribute: without a namespace prefix. */
static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');

    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (; atts && atts[0]; atts += 2)
        if (strcmp(local(atts[0]), name) == 0)
            return atts[1];
    return NULL;
}

struct xlsx {
    /* shared strings */
    char **sst;
    size_t n_sst, cap_sst;
    /* text being collected */
    char *text;
    size_t text_len, text_cap;
    int in_t, in_v, in_rph, in_si;
    /* workbook: first sheet's relationship id, then its target */
    char rid[64];
    char target[256];
    /* the sheet */
    struct sheet_rows *out;
    struct sheet_in_row *row;
    long next_line;
    int col, next_col;
    char type[8];
    int too_wide;
};

static void text_add(struct xlsx *x, const char *s, int n)
{
    if (x->text_len + (size_t)n + 1 > x->text_cap) {
        x->text_cap = (x->text_len + (size_t)n + 1) * 2;
        x->text = xrealloc(x->text, x->text_cap);
    }
    memcpy(x->text + x->text_len, s, (size_t)n);
    x->text_len += (size_t)n;
    x->text[x->text_len] = '\0';
}

static void XMLCALL on_chars(void *ud, const XML_Char *s, int n)
{
    struct xlsx *x = ud;

    if ((x->in_t && !x->in_rph) || x->in_v)
        text_add(x, s, n);
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xlsx *x = ud;
    const char *l = local(name);

    (void)atts;
    if (strcmp(l, "si") == 0) {
        x->in_si = 1;
        x->text_len = 0;
        text_add(x, "", 0);
    } else if (strcmp(l, "t") == 0 && x->in_si) {
        x->in_t = 1;
    } else if (strcmp(l, "rPh") == 0) {
        x->in_rph = 1;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    struct xlsx *x = ud;
    const char *l = local(name);

    if (strcmp(l, "t") == 0) {
        x->in_t = 0;
    } else if (strcmp(l, "rPh") == 0) {
        x->in_rph = 0;
    } else if (strcmp(l, "si") == 0) {
        if (x->n_sst == x->cap_sst) {
            x->cap_sst = x->cap_sst ? 2 * x->cap_sst : 256;
            x->sst = xrealloc(x->sst, x->cap_sst * sizeof(*x->sst));
        }
        x->sst[x->n_sst++] = xstrdup(x->text ? x->text : "");
        x->in_si = 0;
    }
}

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xlsx *x = ud;
    const char *id;

    if (!x->rid[0] && strcmp(local(name), "sheet") == 0 && (id = attr(atts, "id")))
        snprintf(x->rid, sizeof(x->rid), "%s", id);
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xlsx *x = ud;
    const char *id, *t;

    if (x->target[0] || strcmp(local(name), "Relationship") != 0 ||
        !(id = attr(atts, "Id")) || strcmp(id, x->rid) != 0 || !(t = attr(atts, "Target")))
        return;
    if (t[0] == '/')
        snprintf(x->target, sizeof(x->target), "%s", t + 1);
    else
        snprintf(x->target, sizeof(x->target), "xl/%s", t);
}

/* "BC12" → column 54 (0-based); -1 if there are no letters. */
static int column_of(const char *ref)
{
    int c = 0, n = 0;

    for (; *ref >= 'A' && *ref <= 'Z'; ref++, n++)
        if ((c = c * 26 + (*ref - 'A' + 1)) > 16384)
            return -1;
    return n ? c - 1 : -1;
}

static void XMLCALL ws_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xlsx *x = ud;
    const char *l = local(name), *a;

    if (strcmp(l, "row") == 0) {
        long line = (a = attr(atts, "r")) ? strtol(a, NULL, 10) : x->next_line;
        x->row = add_row(x->out, line);
        x->next_line = line + 1;
        x->next_col = 0;
    } else if (strcmp(l, "c") == 0 && x->row) {
        x->col = (a = attr(atts, "r")) ? column_of(a) : x->next_col;
        if (x->col < 0)
            x->col = x->next_col;
        x->next_col = x->col + 1;
        snprintf(x->type, sizeof(x->type), "%s", (a = attr(atts, "t")) ? a : "n");
        x->text_len = 0;
        text_add(x, "", 0);
    } else if (strcmp(l, "v") == 0) {
        x->in_v = 1;
    } else if (strcmp(l, "t") == 0) {
        x->in_t = 1;
    } else if (strcmp(l, "rPh") == 0) {
        x->in_rph = 1;
    }
}

static void XMLCALL ws_end(void *ud, const XML_Char *name)
{
    struct xlsx *x = ud;
    const char *l = local(name), *v;

    if (strcmp(l, "v") == 0) {
        x->in_v = 0;
    } else if (strcmp(l, "t") == 0) {
        x->in_t = 0;
    } else if (strcmp(l, "rPh") == 0) {
        x->in_rph = 0;
    } else if (strcmp(l, "c") == 0 && x->row) {
        v = x->text ? x->text : "";
        if (strcmp(x->type, "s") == 0) {
            char *end;
            unsigned long i = strtoul(v, &end, 10);
            v = *v && !*end && i < x->n_sst ? x->sst[i] : "";
        } else if (strcmp(x->type, "b") == 0) {
            v = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
        }
        if (*v && set_cell(x->row, x->col, v, strlen(v)))
            x->too_wide = 1;
    } else if (strcmp(l, "row") == 0 && x->row) {
        drop_row_if_empty(x->out);
        x->row = NULL;
    }
}

static int parse_with(unzFile z, const char *part, struct xlsx *x, XML_StartElementHandler s,
                      XML_EndElementHandler e, char *err, size_t err_len)
{
    XML_Parser p = XML_ParserCreate("UTF-8");
    int rc;

    if (!p)
        return fail(err, err_len, "xlsx: out of memory");
    XML_SetUserData(p, x);
    XML_SetElementHandler(p, s, e);
    XML_SetCharacterDataHandler(p, on_chars);
    rc = parse_part(z, part, p, err, err_len);
    XML_ParserFree(p);
    return rc;
}

static int read_xlsx(const char *data, size_t len, struct sheet_rows *out, char *err,
                     size_t err_len)
{
    struct mem m = { (const unsigned char *)data, len, 0 };
    zlib_filefunc64_def io = { mem_open, mem_read, mem_write, mem_tell, mem_seek,
                               mem_close, mem_error, &m };
    struct xlsx x;
    unzFile z;
    size_t i;
    int rc, ret = -1;

    memset(&x, 0, sizeof(x));
    out->format = SHEET_IN_XLSX;
    if (!(z = unzOpen2_64("mem", &io)))
        return fail(err, err_len, "xlsx: the file is not a ZIP archive (damaged?)");
    if (parse_with(z, "xl/sharedStrings.xml", &x, sst_start, sst_end, err, err_len) < 0 ||
        parse_with(z, "xl/workbook.xml", &x, wb_start, NULL, err, err_len) < 0 ||
        (x.rid[0] && parse_with(z, "xl/_rels/workbook.xml.rels", &x, rels_start, NULL, err,
                                err_len) < 0))
        goto out;
    if (!x.target[0])
        snprintf(x.target, sizeof(x.target), "xl/worksheets/sheet1.xml");
    x.out = out;
    x.next_line = 1;
    x.in_t = x.in_v = x.in_rph = 0;
    if ((rc = parse_with(z, x.target, &x, ws_start, ws_end, err, err_len)) != 0) {
        if (rc > 0)
            fail(err, err_len, "xlsx: no worksheet (%s)", x.target);
        goto out;
    }
    if (x.too_wide) {
        fail(err, err_len, "xlsx: more than %d columns", SHEET_READ_MAX_COLS);
        goto out;
    }
    ret = 0;
out:
    unzClose(z);
    for (i = 0; i < x.n_sst; i++)
        free(x.sst[i]);
    free(x.sst);
    free(x.text);
    return ret;
}

/* ---- XLS ---------------------------------------------------------------- */

static int read_xls(const char *data, size_t len, struct sheet_rows *out, char *err,
                    size_t err_len)
{
    const char *dir = getenv("TMPDIR");
    char path[512], num[64];
    const void *h = NULL;
    unsigned rows, r;
    unsigned short cols, c;
    int fd, ret = -1;

    out->format = SHEET_IN_XLS;
    snprintf(path, sizeof(path), "%s/lianfang-xls.XXXXXX", dir && *dir ? dir : "/tmp");
    if ((fd = mkstemp(path)) < 0)
        return fail(err, err_len, "xls: temporary file: %s", strerror(errno));
    if (write(fd, data, len) != (ssize_t)len) {
        close(fd);
        unlink(path);
        return fail(err, err_len, "xls: temporary file: %s", strerror(errno));
    }
    close(fd);
    if (freexl_open(path, &h) != FREEXL_OK || freexl_select_active_worksheet(h, 0) != FREEXL_OK ||
        freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK) {
        fail(err, err_len, "xls: the file cannot be read (damaged, or password-protected?)");
        goto out;
    }
    if (cols > SHEET_READ_MAX_COLS) {
        fail(err, err_len, "xls: more than %d columns", SHEET_READ_MAX_COLS);
        goto out;
    }
    for (r = 0; r < rows; r++) {
        struct sheet_in_row *row = add_row(out, (long)r + 1);
        for (c = 0; c < cols; c++) {
            FreeXL_CellValue v;
            const char *s = "";
            if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK)
                continue;
            switch (v.type) {
            case FREEXL_CELL_INT:
                snprintf(num, sizeof(num), "%d", v.value.int_value);
                s = num;
                break;
            case FREEXL_CELL_DOUBLE:
                snprintf(num, sizeof(num), "%.15G", v.value.double_value);
                s = num;
                break;
            case FREEXL_CELL_TEXT:
            case FREEXL_CELL_SST_TEXT:
            case FREEXL_CELL_DATE:
            case FREEXL_CELL_DATETIME:
            case FREEXL_CELL_TIME:
                s = v.value.text_value ? v.value.text_value : "";
                break;
            default:
                break;
            }
            if (*s)
                set_cell(row, c, s, strlen(s));
        }
        drop_row_if_empty(out);
    }
    ret = 0;
out:
    if (h)
        freexl_close(h);
    unlink(path);
    return ret;
}

int sheet_read(const char *data, size_t len, struct sheet_rows *out, char *err,
               size_t err_len)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
        rc = read_xlsx(data, len, out, err, err_len);
    else if (len >= 8 && memcmp(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
        rc = read_xls(data, len, out, err, err_len);
    else
        rc = read_csv(data, len, out, err, err_len);
    if (rc)
        sheet_rows_free(out);
    return rc;
}

int sheet_serial_date(const char *s, char out[11])
{
    char *end;
    long n;
    int y;
    unsigned m, d;

    if (!*s || strspn(s, "0123456789") != strlen(s))
        return 0;
    n = strtol(s, &end, 10);
    if (n < 1 || n > 2958465)
        return 0;
    /* serial 25569 is 1970-01-01; before 1900-03-01 Excel counts a 29 Feb
     * 1900 that never was */
    time_civil_from_days(n - 25569 + (n < 61), &y, &m, &d);
    snprintf(out, 11, "%04d-%02u-%02u", y, m, d);
    return 1;
}
