/*
 * sheet_read.h - read the first worksheet of a spreadsheet file into rows
 * of UTF-8 text cells, whatever office program saved it:
 * - CSV in UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8",
 *   WPS, our own exports);
 * - CSV in GB18030 (which contains GBK and GB2312: what Excel on a
 *   Chinese Windows saves as plain "CSV"), converted with glibc's iconv;
 *   chosen when the bytes are not valid UTF-8;
 * - XLSX (Excel 2007 and later, WPS, LibreOffice): a ZIP archive read with
 *   libminizip from memory, its XML parsed with libexpat: the workbook's
 *   first sheet, shared strings, inline strings and formula results;
 * - XLS (Excel 97-2003 BIFF, still sent by many offices), read with
 *   libfreexl from a private temporary file.
 *
 * Cells come as the text a person saw typed, except numbers, which come as
 * the file stores them: an XLSX number is its decimal text ("123",
 * "4.1900119900101101E+17": an ID number Excel turned into a number has
 * lost its last digits, which the caller should refuse), and an XLS date
 * cell its "YYYY-MM-DD". A date in XLSX is a number of days (the cell's
 * style is not read): sheet_serial_date() turns it into a date. Rows that
 * are empty are left out; line is the row's number in the file (the CSV
 * line where the row starts, the worksheet's row number), so messages can
 * say "第 14 行". Limits: at most SHEET_READ_MAX_COLS columns (more are
 * an error), and at most 64 MiB of XML unpacked from one XLSX part.
 *
 * Memory: sheet_read() fills out, which the caller frees with
 * sheet_rows_free() in either case.
 */
#ifndef LF_SHEET_READ_H
#define LF_SHEET_READ_H
#include <stddef.h>
#include <stdint.h>

#define SHEET_READ_MAX_COLS 64

enum sheet_read_format { SHEET_IN_CSV_UTF8, SHEET_IN_CSV_GB18030, SHEET_IN_XLSX, SHEET_IN_XLS };

struct sheet_in_row {
    long line;
    int n_cells;
    char **cells;              /* n_cells, never NULL cells ("" if empty) */
};

struct sheet_rows {
    enum sheet_read_format format;
    struct sheet_in_row *rows;
    size_t n;
    size_t cap;
};

/* Read data[0..len). -1 with a reason in err ("the file is neither CSV,
 * XLSX nor XLS", "xlsx: no worksheet", "line 3: unterminated quote"). */
int sheet_read(const char *data, size_t len, struct sheet_rows *out, char *err,
               size_t err_len);
void sheet_rows_free(struct sheet_rows *r);

/* "YYYY-MM-DD" of a spreadsheet date serial (1900 date system: 1 is
 * 1900-01-01, with Excel's phantom 1900-02-29) given as its decimal text;
 * 0 if s is not a whole number of days between 1 and 2958465. */
int sheet_serial_date(const char *s, char out[11]);

#endif
