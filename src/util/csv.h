/*
 * csv.h - a reader of the CSV files officials use (RFC 4180 plus the habits
 * of Excel and WPS): optional UTF-8 byte-order mark, quoted fields with ""
 * escapes and embedded newlines, CRLF or LF line ends, a trailing empty line.
 *
 * The reader works over a caller-owned buffer and does not allocate per row:
 * fields of the current row live in r->cells (copied, NUL-terminated) until
 * the next call. Line numbers are the physical line where a row starts
 * (1-based), for messages such as "people.csv:14: phone: ...".
 */
#ifndef LF_CSV_H
#define LF_CSV_H
#include <stddef.h>

#define CSV_MAX_FIELDS 64
#define CSV_MAX_ROW 65536      /* bytes of one row's cell text */

struct csv_reader {
    const char *p;             /* next byte to read */
    const char *end;
    long line;                 /* physical line of the next row */
    long row_line;             /* line where the current row started */
    int n_fields;              /* fields in the current row */
    char *fields[CSV_MAX_FIELDS];
    char cells[CSV_MAX_ROW];
    char error[128];           /* reason of the last -1, lower case */
};

/* Start reading data[0..len); skips a UTF-8 BOM. */
void csv_init(struct csv_reader *r, const char *data, size_t len);
/* Read one row: 1 = a row in r->fields[0..n_fields), 0 = end of input,
 * -1 = malformed (unterminated quote, too many fields, row too long; reason
 * in r->error, line in r->row_line; the next call goes on with the next
 * row, so every bad row can be reported). Empty lines and rows of empty
 * fields only (Excel's ",,,,") are skipped. */
int csv_next(struct csv_reader *r);
/* 1 if the data is valid UTF-8 (after an optional BOM); 0 if it is not,
 * which for a Chinese spreadsheet usually means GBK/GB18030. */
int csv_is_utf8(const char *data, size_t len);
/* Index of the column named name in the current row (used on the header
 * row), or -1. Comparison ignores surrounding spaces. */
int csv_column(const struct csv_reader *r, const char *name);

#endif
