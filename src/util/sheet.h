/*
 * sheet.h - write a table as a spreadsheet file: CSV in UTF-8 with a BOM
 * (what Excel and WPS need to read UTF-8), CSV in GB18030 (for old tools
 * that read the local code page; no BOM), or XLSX (libxlsxwriter).
 *
 * Rows stream: each sheet_row() goes to disk (CSV through stdio, XLSX in
 * libxlsxwriter's constant_memory mode, which keeps one row in memory and
 * its temporary files beside the output, not in a /tmp that may be RAM),
 * so a million rows cost a row of memory. The file is written under a
 * temporary name beside path, mode 0600 (exports hold personal data), and
 * renamed to path by sheet_close(): a reader never sees half a file, and a
 * failed or discarded export leaves nothing behind.
 *
 * Cells are NUL-terminated UTF-8 (a NULL cell is empty). Kinds:
 * - SHEET_TEXT: text. In CSV a cell that begins with = + - @, tab or CR
 *   gets a leading ' so that Excel and WPS do not run it as a formula
 *   (CSV injection; a NUL cannot begin a C string, so it needs no rule).
 *   Such text is a string cell in XLSX, never a formula.
 * - SHEET_NUMBER_TEXT: digits that must stay text (ID and phone numbers:
 *   Excel keeps 15 significant digits, so 110105194912310021 would come
 *   back as 110105194912310000). In CSV the cell is written as ="...":
 *   Excel and WPS evaluate it to a text value that is exactly the digits.
 *   We prefer it to the other common trick, a leading tab, because the tab
 *   stays in the cell: copying an ID copies the tab, a lookup against the
 *   ID fails, another program reads "\t1101...", and a leading tab is one
 *   of the characters the injection rule escapes. ="..." is a formula,
 *   so it is used only for values it cannot break out of (ASCII letters,
 *   digits and * + - . ( ) space; at most 255 bytes, Excel's limit for a
 *   string in a formula); any other value is written as SHEET_TEXT. In
 *   XLSX the cell is a string cell with the text format "@".
 * - SHEET_NUMBER: a number (-?digits[.digits]) is written as one (numeric
 *   in XLSX); anything else in such a column is written as SHEET_TEXT.
 * Other text a caller leaves as SHEET_TEXT may still be converted by Excel
 * on opening a CSV (00123, 2022-02-02, 1E5): give such columns the kind
 * SHEET_NUMBER_TEXT, or export XLSX. GB18030 holds all of Unicode; glibc's
 * converter lacks only 24 private-use code points (U+E78D..U+E864), which
 * are the "no GB18030 form" errors seen in practice. XLSX is written
 * without ZIP64, so a sheet whose XML passes 4 GB fails at sheet_close().
 *
 * Errors: functions return 0, or -1 with a reason in err (lower case, no
 * full stop: "row 3, column 2 (姓名): U+E816 has no GB18030 form"). Rows
 * are counted from 1 by sheet_row() calls, columns from 1. A bad cell
 * (not UTF-8, no GB18030 form, too long for XLSX) fails its call and
 * writes nothing; the sheet stays usable, so the caller may skip the row
 * or give up. A failed write (disk full) is sticky: every later call,
 * sheet_close() included, fails with that reason.
 */
#ifndef LF_SHEET_H
#define LF_SHEET_H
#include <stddef.h>

enum sheet_format {
    SHEET_CSV,            /* UTF-8 with BOM, CRLF */
    SHEET_CSV_GB18030,    /* GB18030, no BOM, CRLF */
    SHEET_XLSX
};

enum sheet_cell {
    SHEET_TEXT,
    SHEET_NUMBER_TEXT,    /* digits that must stay text: ID, phone */
    SHEET_NUMBER,
    SHEET_DATE            /* YYYY-MM-DD: a date cell (yyyy-mm-dd) in XLSX,
                             the text in CSV; anything else is SHEET_TEXT */
};

#define SHEET_MAX_COLS 16384      /* XLSX's limit, applied to CSV too */

struct sheet;

/* Start a sheet at path (created or replaced at sheet_close()). Checks
 * every header as a cell. Returns a new sheet to finish with sheet_close()
 * or sheet_discard(), or NULL with err set and no file left behind. */
struct sheet *sheet_open(
    const char *path,
    enum sheet_format fmt,
    const char *title,             /* XLSX sheet name and document title
                                      (cut to 31 characters, []:*?/\ made
                                      _); unused in CSV; NULL = "Sheet1" */
    const char *const *headers,    /* n_cols column names */
    const enum sheet_cell *kinds,  /* n_cols kinds; NULL = all SHEET_TEXT */
    int n_cols,                    /* 1..SHEET_MAX_COLS */
    char *err, size_t err_len);

/* A line above the header: "导出人: 张三 导出时间: 2022-02-02 10:00" (an
 * unmasked export carries the exporter's name). CSV: a one-cell line;
 * XLSX: a row of its own, in column A; the header row and the freeze go
 * below the notes. Call before the first row; as many as needed. */
int sheet_note(struct sheet *s, const char *text, char *err, size_t err_len);

/* Write one row of n_cols cells. */
int sheet_row(struct sheet *s, const char *const *cells,
              char *err, size_t err_len);

/* Data rows written so far (for the audit row of the export). */
long sheet_n_rows(const struct sheet *s);

/* Finish the file and rename it to path; frees s either way. On -1 the
 * temporary file is removed and path is untouched. */
int sheet_close(struct sheet *s, char *err, size_t err_len);

/* Give up: free s, remove the temporary file, leave path untouched. */
void sheet_discard(struct sheet *s);

#endif
