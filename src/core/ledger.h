/*
 * ledger.h - the screening ledger (排查台账): households and persons by grid.
 *
 * A household belongs to one grid (网格) and has an address; a person
 * belongs to one household. A resident ID number (GB 11643) identifies a
 * person: two persons with one number are refused. When the number is
 * given, sex and birth date come from it; a region code that is not a
 * current division is accepted with a warning (codes are retired when
 * divisions change).
 *
 * Reading needs PERM_LEDGER_READ, changing PERM_LEDGER_EDIT, and the
 * grid in the caller's jurisdiction. Every call is one transaction with
 * its audit row, reads included (persons are personal data). The core
 * returns full values; masking for lists is the front end's (util/mask.h).
 */
#ifndef LF_LEDGER_H
#define LF_LEDGER_H

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/ledger.h"
#include "core/labels.h"

/* Sex as GB/T 2261.1 codes, sent as numbers: "0" 未知, "1" 男, "2" 女,
 * "9" 未说明 (labels.h). */
extern const struct lf_labels sex_labels;
/* The relations to the head of household the forms offer, stored as the
 * words themselves (the field stays free text; 户主 marks the head). */
extern const struct lf_labels relation_labels;

struct household_in {
    const char *grid;
    const char *address;         /* 1-128 characters */
};

struct person_in {
    int64_t household_id;
    const char *name;            /* 1-32 characters */
    const char *id_number;       /* optional; 18 or 15 characters */
    const char *phone;           /* optional; 11 digits */
    int sex;                     /* used without an ID number: 0, 1, 2, 9 */
    const char *birth_date;      /* used without an ID number: YYYY-MM-DD */
    const char *relation;        /* optional: 户主, 配偶, 子女 ... */
    int is_floating;             /* 流动人口 */
    int is_head;                 /* 户主 */
};

struct person_out {
    struct person p;
    char warning[128];           /* "" or e.g. "id_number: region 419001 ..." */
};

int household_create(struct lf_ctx *ctx, const struct lf_who *who,
                     const struct household_in *in, struct household *out,
                     struct lf_err *err);
int person_create(struct lf_ctx *ctx, const struct lf_who *who,
                  const struct person_in *in, struct person_out *out,
                  struct lf_err *err);
/* Validate in as person_create() would, without a database: for imports. */
int person_check(const struct lf_ctx *ctx, const struct person_in *in,
                 struct person *out, struct lf_err *err);
/* Persons matching q within q->node (default: the caller's node). */
int person_list(struct lf_ctx *ctx, const struct lf_who *who,
                const struct person_query *q, struct person_list *out,
                struct lf_err *err);
void person_list_free(struct person_list *l);

/* --- corrections (ledger_edit.c) -------------------------------------
 * Edit, move and delete persons and households. Each is one transaction
 * with its audit row and its lines of history (ledger_history: written in
 * the same transaction, one line per changed field with the old and the
 * new value, the reason where one was given). A deletion is soft: the
 * record leaves every list and search and the export, and stays readable
 * by id with its history for the audit period. Moves, transfers and
 * deletions need a reason (1-100 characters): "reason" is required.
 * Needs PERM_LEDGER_EDIT on the record's grid, and for a move on the
 * target's grid too (else LF_ERR_FORBIDDEN naming the target's field).
 * A deleted or unknown id is LF_ERR_NOTFOUND "id". */

/* What an edit changes: NULL / -1 = unchanged. An ID number given sets
 * sex and birth date from it; sex and birth_date apply without one. */
struct person_edit {
    const char *name;
    const char *id_number;       /* "" removes it */
    const char *phone;           /* "" removes it */
    const char *relation;
    const char *birth_date;      /* YYYY-MM-DD, "" = unknown */
    int sex;                     /* -1 or 0, 1, 2, 9 */
    int is_floating;             /* -1, 0, 1 */
    int is_head;                 /* -1, 0, 1 */
    const char *reason;          /* optional for an edit */
};

/* One person with the household's address, deleted or not (audited). */
int person_get(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
               struct person_row *out, struct lf_err *err);
/* *n_changed: fields that changed (0: nothing to do, no history). */
int person_update(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                  const struct person_edit *in, struct person_row *out, int *n_changed,
                  struct lf_err *err);
/* Into another household (household_id) of the caller's jurisdiction. */
int person_move(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                int64_t household_id, const char *reason, struct person_row *out,
                struct lf_err *err);
int person_delete(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                  const char *reason, struct person *out, struct lf_err *err);
/* The person's history, oldest first; needs PERM_LEDGER_READ on the
 * person's grid (the last one: a person transferred away is the new
 * jurisdiction's). Free with ledger_history_free(). */
int person_history(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                   struct ledger_history *out, struct lf_err *err);
int household_get(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                  struct household *out, struct lf_err *err);
/* address NULL = unchanged (reason optional); grid NULL = unchanged (a move
 * of the whole household: reason required, the members follow). */
int household_update(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                     const char *grid, const char *address, const char *reason,
                     struct household *out, struct lf_err *err);
/* Only a household without members (LF_ERR_CONFLICT "id" otherwise). */
int household_delete(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                     const char *reason, struct lf_err *err);
int household_history(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                      struct ledger_history *out, struct lf_err *err);
void ledger_history_free(struct ledger_history *h);

/* 迁出: ask to_node, a node outside the caller's jurisdiction, to take
 * person id (transfer.h); reason required. The person stays here until
 * the receiving side accepts. LF_ERR_CONFLICT "id" if one is pending. */
struct transfer;
int person_transfer_out(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                        const char *to_node, const char *reason, struct transfer *out,
                        struct lf_err *err);

#define LEDGER_IMPORT_MAX_ERRORS 100

#define LEDGER_IMPORT_MAX_ROWS 5000

enum ledger_row_result { LEDGER_ROW_ADDED = 1, LEDGER_ROW_CHANGED = 2 };

/* A row that added or changed a person (unchanged rows are only counted). */
struct ledger_import_row {
    long line;                   /* in the file: 1-based */
    int result;                  /* enum ledger_row_result */
    int64_t id;                  /* the person */
    char fields[96];             /* how many fields changed */
};

struct ledger_import_stats {
    char format[16];             /* what was read: csv, csv-gb18030, xlsx, xls */
    long households;             /* new households */
    long persons;                /* added */
    long changed;                /* matched and updated */
    long unchanged;              /* matched, nothing differs */
    long warnings;               /* retired region codes */
    /* A rejected file: every bad row ("line N.field"), the first
     * LEDGER_IMPORT_MAX_ERRORS of them kept; bad_rows counts them all.
     * The rows added or changed, the first LEDGER_IMPORT_MAX_ROWS. Freed
     * by ledger_import_stats_free(). */
    struct lf_err *errors;
    size_t n_errors;
    long bad_rows;
    struct ledger_import_row *rows;
    size_t n_rows;
};

void ledger_import_stats_free(struct ledger_import_stats *st);

/* Import (add or update) households and persons from a spreadsheet: CSV
 * in UTF-8 (with or without BOM) or GB18030/GBK, XLSX or XLS (util/
 * sheet_read.h). The header row may follow a title row or a few lines: the
 * first of the first 10 rows naming 网格编码/grid, 地址/address and 姓名/name
 * is the header. The other columns (Chinese or English), all optional:
 * 编号/id (the person's id: the key that matches a row of an export),
 * 性别/sex, 出生日期/birth_date (used without an ID number; a date cell of
 * XLSX too), 身份证号/id_number, 手机号/phone, 与户主关系/relation,
 * 流动人口/is_floating (是/否, 1/0). A row with an 编号, or else with the ID
 * number of a person of the ledger, updates that person (only what differs;
 * masked cells that read as exported are left as they were; a grid or
 * address that differs moves the person); any other row adds one. Rows
 * with the same grid and address are one household (an existing one at
 * that address is reused); 户主 as relation makes the head. Cells in the
 * text-forcing forms ="…" or with a leading tab are read as their text. An
 * ID number Excel made into a number (4.19001E+17) is refused. All rows or
 * none: a rejected file fills out->errors with every bad row, each naming
 * its line and field ("line 14.phone"), and err with the first. Needs
 * PERM_LEDGER_EDIT on every row's grid and person. Call
 * ledger_import_stats_free(out) in either case. */
int ledger_import_csv(struct lf_ctx *ctx, const struct lf_who *who, const char *data,
                      size_t len, struct ledger_import_stats *out, struct lf_err *err);

/* EXPORT_TEMPLATE: the persons' columns and no row (the import's template). */
enum ledger_export_what { EXPORT_PERSONS, EXPORT_HOUSEHOLDS, EXPORT_TEMPLATE };

/* Write the ledger of node's subtree to path as CSV (UTF-8 with BOM),
 * CSV in GB18030, or XLSX (format: enum sheet_format of util/sheet.h).
 * ID numbers and phones are masked unless full; a full export is only for
 * callers with PERM_LEDGER_EXPORT_FULL (the command line's system caller),
 * and its file carries the exporter's name. Numbers are written as text,
 * formula-looking cells escaped. The export and its row count go to the
 * audit log. *n_rows gets the number of data rows. */
int ledger_export(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                  enum ledger_export_what what, int format, int full, const char *path,
                  long *n_rows, struct lf_err *err);

/* ledger_export() unmasked for an officer: needs PERM_LEDGER_EXPORT_FULL
 * and the caller's password again (auth_confirm_password(): a wrong one is
 * LF_ERR_FORBIDDEN "password", audited as a denial of ledger.export_full). */
int ledger_export_unmasked(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                           enum ledger_export_what what, int format, const char *password,
                           const char *path, long *n_rows, struct lf_err *err);

#endif
