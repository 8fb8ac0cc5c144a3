/*
 * ledger_import.c - the screening ledger from the spreadsheets officials
 * keep (see ledger_import_csv() in ledger.h). One transaction for the
 * whole file: a bad row anywhere loads nothing, and every bad row is
 * reported, so that the official fixes the spreadsheet once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ledger.h"
#include "core/node.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/division.h"
#include "store/ledger.h"
#include "store/node.h"
#include "store/venue.h"
#include "util/csv.h"
#include "util/banned.h"

enum col { C_GRID, C_ADDRESS, C_NAME, C_ID, C_PHONE, C_RELATION, C_FLOATING, C_SEX,
           C_BIRTH, N_COLS };

static const char *const col_names[N_COLS][2] = {
    { "grid", "网格编码" }, { "address", "地址" }, { "name", "姓名" },
    { "id_number", "身份证号" }, { "phone", "手机号" }, { "relation", "与户主关系" },
    { "is_floating", "流动人口" }, { "sex", "性别" }, { "birth_date", "出生日期" },
};

/* The cell's text without Excel's text-forcing wrappers: ="…" and a
 * leading tab or apostrophe (what our own exports write). */
static const char *unwrap(char *s)
{
    size_t n;

    while (*s == '\t' || *s == '\'')
        s++;
    n = strlen(s);
    if (n >= 3 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"') {
        s[n - 1] = '\0';
        s += 2;
    }
    return s;
}

static int yes(const char *s)
{
    return strcmp(s, "是") == 0 || strcmp(s, "1") == 0 || strcmp(s, "true") == 0 ||
           strcmp(s, "Y") == 0 || strcmp(s, "y") == 0;
}

static int parse_sex(const char *s)
{
    if (!*s) return 0;
    if (strcmp(s, "男") == 0 || strcmp(s, "1") == 0) return 1;
    if (strcmp(s, "女") == 0 || strcmp(s, "2") == 0) return 2;
    if (strcmp(s, "9") == 0 || strcmp(s, "未说明") == 0) return 9;
    return -1;
}

/* One row into tx; h caches the household of the previous row. */
static int import_row(struct store_tx *tx, struct lf_ctx *ctx, const struct lf_who *who,
                      const char *const *cell, struct household *h,
                      struct ledger_import_stats *st, struct lf_err *err)
{
    struct person_in in = { 0 };
    struct person p;
    struct lf_err probe = LF_ERR_INIT;
    char region[8];
    int known;

    if (!*cell[C_GRID])
        return lf_err_set(err, LF_ERR_INVALID, "grid", "is required");
    if (node_kind_of_code(cell[C_GRID]) != NODE_GRID)
        return lf_err_set(err, LF_ERR_INVALID, "grid", "must be the code of a grid (15 digits)");
    if (scope_check(who, PERM_LEDGER_EDIT, cell[C_GRID], "grid", err) ||
        validate_name(cell[C_ADDRESS], ADDRESS_CHARS, "address", err))
        return -1;
    in.name = cell[C_NAME];
    in.id_number = cell[C_ID];
    in.phone = cell[C_PHONE];
    in.relation = cell[C_RELATION];
    in.is_floating = yes(cell[C_FLOATING]);
    in.is_head = strcmp(cell[C_RELATION], "户主") == 0 || strcmp(cell[C_RELATION], "本人") == 0;
    if ((in.sex = parse_sex(cell[C_SEX])) < 0)
        return lf_err_set(err, LF_ERR_INVALID, "sex", "must be 男, 女, 1, 2 or 9");
    in.birth_date = cell[C_BIRTH];
    if (person_check(ctx, &in, &p, err))
        return -1;
    if (!h->id || strcmp(h->grid, cell[C_GRID]) || strcmp(h->address, cell[C_ADDRESS])) {
        if (store_household_find(tx, cell[C_GRID], cell[C_ADDRESS], h, &probe)) {
            struct node grid;
            if (probe.code != LF_ERR_NOTFOUND)
                return lf_err_set(err, probe.code, NULL, "%s", probe.reason);
            if (store_node_get(tx, cell[C_GRID], &grid, "grid", err))
                return -1;
            memset(h, 0, sizeof(*h));
            snprintf(h->grid, sizeof(h->grid), "%s", cell[C_GRID]);
            snprintf(h->address, sizeof(h->address), "%s", cell[C_ADDRESS]);
            h->created_utc = lf_now(ctx);
            if (store_household_insert(tx, h, err))
                return -1;
            st->households++;
        }
    }
    p.household_id = h->id;
    snprintf(p.grid, sizeof(p.grid), "%s", h->grid);
    p.created_utc = lf_now(ctx);
    if (p.id_number[0]) {
        snprintf(region, sizeof(region), "%.6s", p.id_number);
        if ((known = store_division_known(tx, region, err)) < 0)
            return -1;
        st->warnings += !known;
    }
    if (store_person_insert(tx, &p, err) ||
        store_household_add_members(tx, h->id, 1, p.created_utc, err))
        return -1;
    st->persons++;
    return 0;
}

void ledger_import_stats_free(struct ledger_import_stats *st)
{
    free(st->errors);
    st->errors = NULL;
    st->n_errors = 0;
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

int ledger_import_csv(struct lf_ctx *ctx, const struct lf_who *who, const char *data,
                      size_t len, struct ledger_import_stats *out, struct lf_err *err)
{
    struct csv_reader *r = malloc(sizeof(*r));
    struct op op;
    struct household h;
    int cols[N_COLS], i, rc, ret = -1;
    char detail[96];

    memset(out, 0, sizeof(*out));
    memset(&h, 0, sizeof(h));
    if (!r)
        return lf_err_set(err, LF_ERR_INTERNAL, NULL, "out of memory");
    op_init(&op, ctx, who, "ledger.import", who->node);
    if (scope_need(who, PERM_LEDGER_EDIT, err))
        goto out;
    if (!csv_is_utf8(data, len)) {
        lf_err_set(err, LF_ERR_INVALID, "file",
                   "is not UTF-8 (GBK?): in Excel or WPS save it as \"CSV UTF-8\" and try again");
        goto out;
    }
    csv_init(r, data, len);
    if ((rc = csv_next(r)) <= 0) {
        lf_err_set(err, LF_ERR_INVALID, "file", rc ? r->error : "is empty");
        goto out;
    }
    for (i = 0; i < N_COLS; i++) {
        cols[i] = csv_column(r, col_names[i][0]);
        if (cols[i] < 0)
            cols[i] = csv_column(r, col_names[i][1]);
    }
    for (i = C_GRID; i <= C_NAME; i++)
        if (cols[i] < 0) {
            lf_err_set(err, LF_ERR_INVALID, "line 1", "the header needs the column %s (%s)",
                       col_names[i][1], col_names[i][0]);
            goto out;
        }
    if (op_begin(&op, STORE_WRITE, err))
        goto out;
    while ((rc = csv_next(r)) == 1) {
        const char *cell[N_COLS];
        for (i = 0; i < N_COLS; i++)
            cell[i] = cols[i] >= 0 && cols[i] < r->n_fields ? unwrap(r->fields[cols[i]]) : "";
        if (import_row(op.tx, ctx, who, cell, &h, out, err)) {
            /* the file is rejected; go on only to find the other bad rows */
            if (err->code == LF_ERR_INTERNAL || note_bad_row(out, r->row_line, err))
                goto out;
            memset(&h, 0, sizeof(h));
        }
    }
    if (rc < 0) {                 /* the rest of the file cannot be read */
        lf_err_set(err, LF_ERR_INVALID, NULL, "%s", r->error);
        if (note_bad_row(out, r->row_line, err))
            goto out;
    }
    if (out->bad_rows) {
        *err = out->errors[0];
        goto out;
    }
    snprintf(detail, sizeof(detail), "%ld households, %ld persons", out->households,
             out->persons);
    if (op_audit(&op, detail, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    free(r);
    if (ret)
        out->households = out->persons = out->warnings = 0;
    return op_end(&op, ret, err);
}
