/*
 * ledger_export.c - the ledger as the spreadsheets officials work in. See
 * ledger_export() in ledger.h. Rows are streamed: persons are read a page
 * at a time inside one read transaction and written as they come, so an
 * export of a million persons holds one page in memory.
 *
 * Who may export unmasked values: PERM_LEDGER_EXPORT_FULL (the command
 * line; town and community officers), and over HTTP only after the
 * officer has typed the password again (ledger_export_unmasked(),
 * CONVENTIONS.md): the file carries the exporter's name, the audit log the
 * row count.
 *
 * The persons' columns are the import's (ledger_import.c): 编号, the
 * person's id, first, so that an edited export (masked, as most officers
 * get it) comes back as an update of the same persons.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/ledger.h"
#include "core/op.h"
#include "core/screening.h"
#include "core/scope.h"
#include "store/store.h"
#include "store/ledger.h"
#include "util/mask.h"
#include "util/sheet.h"
#include "util/timeutil.h"
#include "util/banned.h"

#define PAGE 1000

static const char *sex_text(int sex)
{
    const struct lf_label *l = labels_find(&sex_labels, sex);

    return l ? l->label : labels_label(&sex_labels, 0);
}

static int may_export_full(const struct lf_who *who)
{
    return role_has(who->role, PERM_LEDGER_EXPORT_FULL);
}

static int sheet_fail(struct lf_err *err, const char *why)
{
    return lf_err_set(err, LF_ERR_INVALID, "format", "%s", why);
}

static int export_persons(struct store_tx *tx, struct sheet *sh, const char *node, int full,
                          long *n_rows, struct lf_err *err)
{
    struct person_query q = { 0 };
    struct person_list page;
    char why[160], id[40], phone[24], birth[16], key[24];
    size_t i;

    q.node = node;
    q.limit = PAGE;
    for (;;) {
        if (store_person_list(tx, &q, &page, err))
            return -1;
        for (i = 0; i < page.n; i++) {
            const struct person *p = &page.items[i].p;
            const char *cells[11];
            if (full) {
                snprintf(id, sizeof(id), "%s", p->id_number);
                snprintf(phone, sizeof(phone), "%s", p->phone);
            } else {
                mask_id_number(p->id_number, id, sizeof(id));
                mask_phone(p->phone, phone, sizeof(phone));
            }
            birth[0] = '\0';
            if (p->birth_days != BIRTH_UNKNOWN) {
                int y;
                unsigned m, d;
                time_civil_from_days(p->birth_days, &y, &m, &d);
                snprintf(birth, sizeof(birth), "%04d-%02u-%02u", y, m, d);
            }
            snprintf(key, sizeof(key), "%lld", (long long)p->id);
            cells[0] = key;
            cells[1] = p->grid;
            cells[2] = page.items[i].address;
            cells[3] = p->name;
            cells[4] = sex_text(p->sex);
            cells[5] = birth;
            cells[6] = id;
            cells[7] = phone;
            cells[8] = p->relation;
            cells[9] = p->is_floating ? "是" : "否";
            cells[10] = (p->flags & PERSON_ARRIVAL) ? "是" : "否";
            if (sheet_row(sh, cells, why, sizeof(why))) {
                person_list_free(&page);
                return sheet_fail(err, why);
            }
            (*n_rows)++;
        }
        if (page.n < PAGE) {
            person_list_free(&page);
            return 0;
        }
        q.after_id = page.items[page.n - 1].p.id;
        person_list_free(&page);
    }
}

static int export_households(struct store_tx *tx, struct sheet *sh, const char *node,
                             int full, long *n_rows, struct lf_err *err)
{
    struct household_list page;
    char why[160], id[40], phone[24], members[16];
    int64_t after = 0;
    size_t i;

    for (;;) {
        if (store_household_page(tx, node, after, PAGE, &page, err))
            return -1;
        for (i = 0; i < page.n; i++) {
            const struct household_row *h = &page.items[i];
            const char *cells[6];
            if (full) {
                snprintf(id, sizeof(id), "%s", h->head_id);
                snprintf(phone, sizeof(phone), "%s", h->head_phone);
            } else {
                mask_id_number(h->head_id, id, sizeof(id));
                mask_phone(h->head_phone, phone, sizeof(phone));
            }
            snprintf(members, sizeof(members), "%d", h->h.n_members);
            cells[0] = h->h.grid;
            cells[1] = h->h.address;
            cells[2] = h->head_name;
            cells[3] = id;
            cells[4] = phone;
            cells[5] = members;
            if (sheet_row(sh, cells, why, sizeof(why))) {
                household_list_free(&page);
                return sheet_fail(err, why);
            }
            (*n_rows)++;
        }
        if (page.n < PAGE) {
            household_list_free(&page);
            return 0;
        }
        after = page.items[page.n - 1].h.id;
        household_list_free(&page);
    }
}

int ledger_export(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                  enum ledger_export_what what, int format, int full, const char *path,
                  long *n_rows, struct lf_err *err)
{
    /* the import's columns (ledger_import.c), 来返人员 read-only */
    static const char *const person_headers[] = { "编号", "网格编码", "地址", "姓名", "性别",
                                                  "出生日期", "身份证号", "手机号",
                                                  "与户主关系", "流动人口", "来返人员" };
    static const enum sheet_cell person_kinds[] = { SHEET_NUMBER, SHEET_NUMBER_TEXT,
                                                    SHEET_TEXT, SHEET_TEXT, SHEET_TEXT,
                                                    SHEET_DATE, SHEET_NUMBER_TEXT,
                                                    SHEET_NUMBER_TEXT, SHEET_TEXT, SHEET_TEXT,
                                                    SHEET_TEXT };
    static const char *const household_headers[] = { "网格编码", "地址", "户主",
                                                     "户主身份证号", "户主手机号", "人数" };
    static const enum sheet_cell household_kinds[] = { SHEET_NUMBER_TEXT, SHEET_TEXT,
                                                       SHEET_TEXT, SHEET_NUMBER_TEXT,
                                                       SHEET_NUMBER_TEXT, SHEET_NUMBER };
    struct op op;
    struct sheet *sh = NULL;
    char why[160], note[200], t[40], detail[96];
    int ret = -1;

    *n_rows = 0;
    if (!node || !*node)
        node = who->node;
    op_init(&op, ctx, who, "ledger.export", node);
    if (scope_check(who, PERM_LEDGER_READ, node, "node", err))
        goto out;
    if (full && !may_export_full(who)) {
        lf_err_set(err, LF_ERR_FORBIDDEN, "full",
                   "an unmasked export needs the administrator's command line");
        goto out;
    }
    if (format != SHEET_CSV && format != SHEET_CSV_GB18030 && format != SHEET_XLSX) {
        lf_err_set(err, LF_ERR_INVALID, "format", "must be csv, csv-gb18030 or xlsx");
        goto out;
    }
    if (what == EXPORT_PERSONS || what == EXPORT_TEMPLATE)
        sh = sheet_open(path, (enum sheet_format)format, "人员台账", person_headers,
                        person_kinds, 11, why, sizeof(why));
    else
        sh = sheet_open(path, (enum sheet_format)format, "住户台账", household_headers,
                        household_kinds, 6, why, sizeof(why));
    if (!sh) {
        lf_err_set(err, LF_ERR_INTERNAL, "out", "%s", why);
        goto out;
    }
    if (what == EXPORT_TEMPLATE)
        snprintf(note, sizeof(note), "人员台账导入模板：新增人员不填“编号”；修改已导出人员请保留“编号”列");
    else
        snprintf(note, sizeof(note), "%s %s 导出人: %s 导出时间: %s%s",
                 what == EXPORT_PERSONS ? "人员台账" : "住户台账", node, who->username,
                 time_format_iso(lf_now(ctx), t, sizeof(t)),
                 full ? " (含完整证件号，请妥善保管)" : "");
    if (sheet_note(sh, note, why, sizeof(why))) {
        sheet_fail(err, why);
        goto out;
    }
    /* the rows in a read transaction; the audit row after the file is
     * whole, in a write transaction of its own */
    if (op_begin(&op, STORE_READ, err) ||
        (what == EXPORT_PERSONS ? export_persons(op.tx, sh, node, full, n_rows, err)
         : what == EXPORT_HOUSEHOLDS ? export_households(op.tx, sh, node, full, n_rows, err)
         : 0) ||
        op_commit(&op, err))
        goto out;
    if (sheet_close(sh, why, sizeof(why))) {
        sh = NULL;
        lf_err_set(err, LF_ERR_INTERNAL, "out", "%s", why);
        goto out;
    }
    sh = NULL;
    snprintf(detail, sizeof(detail), "%ld rows%s%s", *n_rows, full ? ", unmasked" : "",
             what == EXPORT_TEMPLATE ? ", template" : "");
    if (op_begin(&op, STORE_WRITE, err) ||
        op_audit_as(&op, full ? "ledger.export_full" : "ledger.export", detail, err) ||
        op_commit(&op, err)) {
        remove(path);          /* an export the log does not know of must not exist */
        goto out;
    }
    ret = 0;
out:
    if (sh) {
        sheet_discard(sh);
        remove(path);
    }
    return op_end(&op, ret, err);
}

int ledger_export_unmasked(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                           enum ledger_export_what what, int format, const char *password,
                           const char *path, long *n_rows, struct lf_err *err)
{
    struct op op;
    int ret = -1;

    *n_rows = 0;
    op_init(&op, ctx, who, "ledger.export_full", node && *node ? node : who->node);
    if (scope_need(who, PERM_LEDGER_EXPORT_FULL, err) ||
        auth_confirm_password(ctx, who, password, err))
        goto out;
    ret = ledger_export(ctx, who, node, what, format, 1, path, n_rows, err);
    return ret;
out:
    return op_end(&op, ret, err);
}
