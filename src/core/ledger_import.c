/*
 * ledger_import.c - the screening ledger from the spreadsheets officials
 * keep (see ledger_import_csv() in ledger.h). One transaction for the
 * whole file: a bad row anywhere loads nothing, and every bad row is
 * reported, so that the official fixes the spreadsheet once.
 *
 * One format in and out: the export's columns are the import's (编号 the
 * person's id first, 来返人员 last and read-only), so an exported sheet,
 * edited in Excel, WPS or LibreOffice, comes back as an update. A row is
 * matched by its 编号, else by its ID number; a matched row changes only
 * what differs (a line of history for each field, action "import"), a
 * row that matches nobody adds a person. Masked cells (the export officers
 * get is masked) that still read as exported mean "as it was"; a masked
 * cell that was edited into another mask is refused, since the number it
 * stood for cannot be known. Cells come from util/sheet_read.h (CSV in
 * UTF-8 or GB18030, XLSX, XLS); the title row our exports carry, or any
 * lines above the header, are skipped: the header is the first row of the
 * first ten that names the required columns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ledger.h"
#include "core/ledger_int.h"
#include "core/node.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/division.h"
#include "store/ledger.h"
#include "store/node.h"
#include "util/mask.h"
#include "util/timeutil.h"
#include "util/sheet_read.h"
#include "util/banned.h"

#define HEADER_SEARCH_ROWS 10
#define IMPORT_REASON "表格导入"

enum col { C_KEY, C_GRID, C_ADDRESS, C_NAME, C_SEX, C_BIRTH, C_ID, C_PHONE, C_RELATION,
           C_FLOATING, N_COLS };

/* English and Chinese names; the export writes the Chinese ones in this
 * order (ledger_export.c: ledger_person_columns) */
static const char *const col_names[N_COLS][2] = {
    { "id", "编号" }, { "grid", "网格编码" }, { "address", "地址" }, { "name", "姓名" },
    { "sex", "性别" }, { "birth_date", "出生日期" }, { "id_number", "身份证号" },
    { "phone", "手机号" }, { "relation", "与户主关系" }, { "is_floating", "流动人口" },
};

/* The cell's text without Excel's text-forcing wrappers: ="…" and a
 * leading tab or apostrophe (what our own exports write). */
static char *unwrap(char *s)
{
    size_t n;

    while (*s == '\t' || *s == '\'' || *s == ' ')
        s++;
    n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    if (n >= 3 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"') {
        s[n - 1] = '\0';
        s += 2;
    }
    return s;
}

static int yes(const char *s)
{
    return strcmp(s, "是") == 0 || strcmp(s, "1") == 0 || strcmp(s, "true") == 0 ||
           strcmp(s, "TRUE") == 0 || strcmp(s, "Y") == 0 || strcmp(s, "y") == 0;
}

static int parse_sex(const char *s)
{
    if (!*s || strcmp(s, "0") == 0 || strcmp(s, "未知") == 0) return 0;
    if (strcmp(s, "男") == 0 || strcmp(s, "1") == 0) return 1;
    if (strcmp(s, "女") == 0 || strcmp(s, "2") == 0) return 2;
    if (strcmp(s, "9") == 0 || strcmp(s, "未说明") == 0) return 9;
    return -1;
}

/* A date as a spreadsheet gives it back: a day serial (XLSX), 1990/1/2 or
 * 1990-1-2 (Excel's display of a CSV date), or already YYYY-MM-DD. */
static const char *date_cell(const char *s, char out[16])
{
    int y, m, d, n = 0;

    if (sheet_serial_date(s, out))
        return out;
    if ((sscanf(s, "%4d/%2d/%2d%n", &y, &m, &d, &n) == 3 ||
         sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 ||
         sscanf(s, "%4d.%2d.%2d%n", &y, &m, &d, &n) == 3) && !s[n] &&
        m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
        return out;
    }
    return s;
}

/* 4.19001E+17: Excel showed an ID number as a number and kept 15 digits. */
static int scientific(const char *s)
{
    size_t n = strspn(s, "0123456789.");

    return n && (s[n] == 'E' || s[n] == 'e') && (s[n + 1] == '+' || s[n + 1] == '-');
}

/* A masked cell (1101**********002X, 138****5678) stands for value if it
 * reads as value's mask: then *out = value. Else refused. */
static int unmask(const char *cell, const char *value, int is_id, const char **out,
                  const char *field, struct lf_err *err)
{
    char m[40];

    *out = cell;
    if (!strchr(cell, '*'))
        return 0;
    if (value && *value) {
        if (is_id)
            mask_id_number(value, m, sizeof(m));
        else
            mask_phone(value, m, sizeof(m));
        if (strcmp(m, cell) == 0) {
            *out = value;
            return 0;
        }
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "is masked (*) and does not match the record: type the whole "
                          "number, or leave the cell as exported");
    }
    return lf_err_set(err, LF_ERR_INVALID, field,
                      "is masked (*): keep the 编号 column of the export so the row can be "
                      "matched, or type the whole number");
}

/* The household of the row: h if it is the same grid and address, else
 * the live one there, else a new one. */
static int row_household(struct store_tx *tx, struct lf_ctx *ctx, const struct lf_who *who,
                         const char *grid, const char *address, struct household *h,
                         struct ledger_import_stats *st, struct lf_err *err)
{
    struct lf_err probe = LF_ERR_INIT;
    struct node g;

    if (h->id && strcmp(h->grid, grid) == 0 && strcmp(h->address, address) == 0)
        return 0;
    if (!store_household_find(tx, grid, address, h, &probe))
        return 0;
    if (probe.code != LF_ERR_NOTFOUND)
        return lf_err_set(err, probe.code, NULL, "%s", probe.reason);
    if (store_node_get(tx, grid, &g, "grid", err))
        return -1;
    if (g.kind != NODE_GRID)
        return lf_err_set(err, LF_ERR_INVALID, "grid", "must be the code of a grid (15 digits)");
    memset(h, 0, sizeof(*h));
    snprintf(h->grid, sizeof(h->grid), "%s", grid);
    snprintf(h->address, sizeof(h->address), "%s", address);
    h->created_utc = lf_now(ctx);
    if (store_household_insert(tx, h, err))
        return -1;
    st->households++;
    return 0;
}

/* The persons earlier rows of the file added or matched (id → line): a
 * second row for one person is refused rather than applied over the
 * first. Open addressing, the table at most half full. */
struct seen {
    int64_t *ids;
    long *lines;
    size_t cap, n;
};

static long seen_line(const struct seen *s, int64_t id)
{
    size_t i;

    if (!s->cap)
        return 0;
    for (i = (size_t)id * 2654435761u % s->cap; s->ids[i]; i = (i + 1) % s->cap)
        if (s->ids[i] == id)
            return s->lines[i];
    return 0;
}

static void seen_add(struct seen *s, int64_t id, long line)
{
    size_t i;

    if (2 * (s->n + 1) > s->cap) {
        struct seen bigger = { NULL, NULL, s->cap ? 2 * s->cap : 1024, 0 };
        bigger.ids = calloc(bigger.cap, sizeof(*bigger.ids));
        bigger.lines = calloc(bigger.cap, sizeof(*bigger.lines));
        if (!bigger.ids || !bigger.lines)
            abort();            /* out of memory, as xmalloc does */
        for (i = 0; i < s->cap; i++)
            if (s->ids[i])
                seen_add(&bigger, s->ids[i], s->lines[i]);
        free(s->ids);
        free(s->lines);
        *s = bigger;
    }
    for (i = (size_t)id * 2654435761u % s->cap; s->ids[i]; i = (i + 1) % s->cap)
        if (s->ids[i] == id)
            return;
    s->ids[i] = id;
    s->lines[i] = line;
    s->n++;
}

static void note_row(struct ledger_import_stats *st, long line, int result, int64_t id,
                     const char *fields)
{
    struct ledger_import_row *r;

    if (st->n_rows >= LEDGER_IMPORT_MAX_ROWS)
        return;
    if (!st->rows)
        st->rows = calloc(LEDGER_IMPORT_MAX_ROWS, sizeof(*st->rows));
    if (!st->rows)
        return;
    r = &st->rows[st->n_rows++];
    r->line = line;
    r->result = result;
    r->id = id;
    snprintf(r->fields, sizeof(r->fields), "%s", fields ? fields : "");
}

/* One row into tx; h caches the household of the previous row. Cells of
 * columns the sheet lacks are NULL. */
static int import_row(struct store_tx *tx, struct lf_ctx *ctx, const struct lf_who *who,
                      long line, const char *const *cell, struct household *h,
                      struct seen *seen, struct ledger_import_stats *st, struct lf_err *err)
{
    struct person_in in = { 0 };
    struct person p, was;
    struct household wh;
    struct id_number idn;
    struct lf_err probe = LF_ERR_INIT;
    const char *grid, *address, *id_cell = cell[C_ID] ? cell[C_ID] : "";
    char birth[16], region[8], was_birth[16];
    int known, found = 0, n;

    memset(&was, 0, sizeof(was));
    if (scientific(id_cell))
        return lf_err_set(err, LF_ERR_INVALID, "id_number",
                          "Excel turned it into a number (%s) and lost its last digits: "
                          "format the column as text and type the numbers again", id_cell);
    if (cell[C_KEY] && *cell[C_KEY]) {
        char *end;
        long long id = strtoll(cell[C_KEY], &end, 10);
        if (*end || id <= 0)
            return lf_err_set(err, LF_ERR_INVALID, "id", "must be a positive number");
        if (store_person_get(tx, id, &was, &probe) || was.deleted_utc || !was.household_id)
            return lf_err_set(err, LF_ERR_NOTFOUND, "id", "does not exist");
        found = 1;
    } else if (*id_cell && !strchr(id_cell, '*') &&
               !validate_id_number(id_cell, lf_today_days(ctx), &idn, "id_number", &probe) &&
               !store_person_by_id_number(tx, idn.norm, &was, &probe) &&
               !was.deleted_utc && was.household_id) {
        found = 1;
    }
    if (found && scope_check(who, PERM_LEDGER_EDIT, was.grid, "id", err))
        return -1;
    if (found && (known = (int)seen_line(seen, was.id)))
        return lf_err_set(err, LF_ERR_CONFLICT, cell[C_KEY] && *cell[C_KEY] ? "id" : "id_number",
                          "is the same person as line %d of this file", known);
    if (found) {
        if (store_household_get(tx, was.household_id, &wh, err))
            return -1;
    } else {
        memset(&wh, 0, sizeof(wh));
    }
    /* the row's values; a column the sheet lacks keeps the record's */
#define CELL(c, old) (cell[c] ? cell[c] : (old))
    grid = CELL(C_GRID, wh.grid);
    address = CELL(C_ADDRESS, wh.address);
    if (!*grid)
        return lf_err_set(err, LF_ERR_INVALID, "grid", "is required");
    if (node_kind_of_code(grid) != NODE_GRID)
        return lf_err_set(err, LF_ERR_INVALID, "grid", "must be the code of a grid (15 digits)");
    if (scope_check(who, PERM_LEDGER_EDIT, grid, "grid", err) ||
        validate_name(address, ADDRESS_CHARS, "address", err))
        return -1;
    in.name = CELL(C_NAME, was.name);
    if (unmask(CELL(C_ID, was.id_number), was.id_number, 1, &in.id_number, "id_number", err) ||
        unmask(CELL(C_PHONE, was.phone), was.phone, 0, &in.phone, "phone", err))
        return -1;
    in.relation = CELL(C_RELATION, was.relation);
    in.is_floating = cell[C_FLOATING] ? yes(cell[C_FLOATING]) : was.is_floating;
    in.is_head = strcmp(in.relation, "户主") == 0 || strcmp(in.relation, "本人") == 0 ||
                 (found && !*in.relation && (was.flags & PERSON_HEAD));   /* a head without a relation */
    if (cell[C_SEX]) {
        if ((in.sex = parse_sex(cell[C_SEX])) < 0)
            return lf_err_set(err, LF_ERR_INVALID, "sex", "must be 男, 女, 1, 2 or 9");
    } else {
        in.sex = was.sex;
    }
    was_birth[0] = '\0';
    if (found && was.birth_days != BIRTH_UNKNOWN) {
        int y;
        unsigned m, d;
        time_civil_from_days(was.birth_days, &y, &m, &d);
        snprintf(was_birth, sizeof(was_birth), "%04d-%02u-%02u", y, m, d);
    }
    in.birth_date = cell[C_BIRTH] ? date_cell(cell[C_BIRTH], birth) : was_birth;
    if (person_check(ctx, &in, &p, err) ||
        row_household(tx, ctx, who, grid, address, h, st, err))
        return -1;
    p.household_id = h->id;
    snprintf(p.grid, sizeof(p.grid), "%s", h->grid);
    if (p.id_number[0] && (!found || strcmp(p.id_number, was.id_number))) {
        snprintf(region, sizeof(region), "%.6s", p.id_number);
        if ((known = store_division_known(tx, region, err)) < 0)
            return -1;
        st->warnings += !known;
    }
    if (found) {
        char fields[96] = "";
        p.id = was.id;
        p.flags = (was.flags & ~(unsigned)PERSON_HEAD) | (p.flags & PERSON_HEAD);
        p.created_utc = was.created_utc;
        p.updated_utc = was.updated_utc;
        if (ledger__write_person(tx, ctx, who, &was, wh.address, &p, h->address, "import",
                                 IMPORT_REASON, &n, err))
            return -1;
        seen_add(seen, p.id, line);
        if (!n) {
            st->unchanged++;
            return 0;
        }
        snprintf(fields, sizeof(fields), "%d", n);
        st->changed++;
        note_row(st, line, LEDGER_ROW_CHANGED, p.id, fields);
        return 0;
    }
    p.created_utc = lf_now(ctx);
    if (store_person_insert(tx, &p, err) ||
        store_household_add_members(tx, h->id, 1, p.created_utc, err) ||
        ledger__change(tx, ctx, who, p.id, h->id, "create", "", "", "", IMPORT_REASON, err))
        return -1;
    st->persons++;
    seen_add(seen, p.id, line);
    note_row(st, line, LEDGER_ROW_ADDED, p.id, NULL);
    return 0;
#undef CELL
}

void ledger_import_stats_free(struct ledger_import_stats *st)
{
    free(st->errors);
    st->errors = NULL;
    st->n_errors = 0;
    free(st->rows);
    st->rows = NULL;
    st->n_rows = 0;
}

/* Keep the error of a bad row (line N) and clear err for the next one. */
static int note_bad_row(struct ledger_import_stats *st, long line, struct lf_err *err)
{
    char where[32];

    snprintf(where, sizeof(where), "line %ld", line);
    lf_err_nest(err, where);
    if (st->n_errors < LEDGER_IMPORT_MAX_ERRORS) {
        if (!st->errors &&
            !(st->errors = calloc(LEDGER_IMPORT_MAX_ERRORS, sizeof(*st->errors))))
            return -1;
        st->errors[st->n_errors++] = *err;
    }
    st->bad_rows++;
    lf_err_clear(err);
    return 0;
}

static int find_column(const struct sheet_in_row *row, const char *name)
{
    int c;

    for (c = 0; c < row->n_cells; c++) {
        char tmp[64];
        snprintf(tmp, sizeof(tmp), "%s", row->cells[c]);
        if (strcmp(unwrap(tmp), name) == 0)
            return c;
    }
    return -1;
}

/* The header: the first of the first rows that names grid, address and
 * name; its index, or -1. */
static size_t find_header(const struct sheet_rows *rows, int cols[N_COLS])
{
    size_t r;
    int i;

    for (r = 0; r < rows->n && r < HEADER_SEARCH_ROWS; r++) {
        for (i = 0; i < N_COLS; i++)
            if ((cols[i] = find_column(&rows->rows[r], col_names[i][0])) < 0)
                cols[i] = find_column(&rows->rows[r], col_names[i][1]);
        if (cols[C_GRID] >= 0 && cols[C_ADDRESS] >= 0 && cols[C_NAME] >= 0)
            return r;
    }
    return (size_t)-1;
}

static const char *format_name(enum sheet_read_format f)
{
    return f == SHEET_IN_XLSX ? "xlsx" : f == SHEET_IN_XLS ? "xls"
         : f == SHEET_IN_CSV_GB18030 ? "csv-gb18030" : "csv";
}

int ledger_import_csv(struct lf_ctx *ctx, const struct lf_who *who, const char *data,
                      size_t len, struct ledger_import_stats *out, struct lf_err *err)
{
    struct sheet_rows rows;
    struct seen seen = { NULL, NULL, 0, 0 };
    struct op op;
    struct household h;
    int cols[N_COLS], i, ret = -1;
    size_t header, r;
    char why[192], detail[160];

    memset(out, 0, sizeof(*out));
    memset(&h, 0, sizeof(h));
    memset(&rows, 0, sizeof(rows));
    op_init(&op, ctx, who, "ledger.import", who->node);
    if (scope_need(who, PERM_LEDGER_EDIT, err))
        goto out;
    if (len == 0) {
        lf_err_set(err, LF_ERR_INVALID, "file", "is empty");
        goto out;
    }
    if (memchr(data, '\0', len < 4096 ? len : 4096) && !(len >= 4 && !memcmp(data, "PK", 2)) &&
        !(len >= 8 && !memcmp(data, "\xd0\xcf\x11\xe0", 4))) {
        lf_err_set(err, LF_ERR_INVALID, "file",
                   "contains a NUL byte (a UTF-16 file must be saved as UTF-8 CSV)");
        goto out;
    }
    if (sheet_read(data, len, &rows, why, sizeof(why))) {
        lf_err_set(err, LF_ERR_INVALID, "file", "cannot be read: %s", why);
        goto out;
    }
    snprintf(out->format, sizeof(out->format), "%s", format_name(rows.format));
    if (!rows.n) {
        lf_err_set(err, LF_ERR_INVALID, "file", "is empty");
        goto out;
    }
    if ((header = find_header(&rows, cols)) == (size_t)-1) {
        /* no row has them all: name what the first row lacks, as a header */
        char where[32];
        for (i = 0; i < N_COLS; i++)
            if ((cols[i] = find_column(&rows.rows[0], col_names[i][0])) < 0)
                cols[i] = find_column(&rows.rows[0], col_names[i][1]);
        for (i = C_GRID; i <= C_NAME && cols[i] >= 0; i++)
            ;
        snprintf(where, sizeof(where), "line %ld", rows.rows[0].line);
        if (i > C_NAME)
            i = C_NAME;
        lf_err_set(err, LF_ERR_INVALID, where, "the header needs the column %s (%s)",
                   col_names[i][1], col_names[i][0]);
        goto out;
    }
    if (op_begin(&op, STORE_WRITE, err))
        goto out;
    for (r = header + 1; r < rows.n; r++) {
        struct sheet_in_row *row = &rows.rows[r];
        const char *cell[N_COLS];
        for (i = 0; i < N_COLS; i++)
            cell[i] = cols[i] >= 0 ? (cols[i] < row->n_cells ? unwrap(row->cells[cols[i]]) : "")
                                   : NULL;
        if (import_row(op.tx, ctx, who, row->line, cell, &h, &seen, out, err)) {
            /* the file is rejected; go on only to find the other bad rows */
            if (err->code == LF_ERR_INTERNAL || err->code == LF_ERR_BUSY ||
                note_bad_row(out, row->line, err))
                goto out;
            memset(&h, 0, sizeof(h));
        }
    }
    if (out->bad_rows) {
        *err = out->errors[0];
        goto out;
    }
    snprintf(detail, sizeof(detail), "%s: %ld added, %ld changed, %ld unchanged, "
             "%ld households", out->format, out->persons, out->changed, out->unchanged,
             out->households);
    if (op_audit(&op, detail, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    sheet_rows_free(&rows);
    if (ret) {                    /* nothing was loaded */
        out->households = out->persons = out->changed = out->unchanged = out->warnings = 0;
        free(out->rows);
        out->rows = NULL;
        out->n_rows = 0;
    }
    free(seen.ids);
    free(seen.lines);
    return op_end(&op, ret, err);
}
