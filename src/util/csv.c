/*
 * csv.c - a CSV reader for the files officials export from Excel and WPS.
 * See csv.h.
 *
 * One pass over the bytes, no allocation: csv_next() copies the cells of one
 * row into r->cells, each NUL-terminated, and points r->fields at them. The
 * grammar is RFC 4180 with the leniencies those programs need:
 * - a UTF-8 byte-order mark at the start is skipped (Excel writes one, and
 *   without it would misread the file as the local code page);
 * - a row ends at LF, CRLF or a lone CR (old Mac Excel); inside quotes all
 *   three are kept as they are and counted as line breaks, so the line of
 *   the next row stays right;
 * - a quote inside an unquoted field is kept as text (ab"c), as Excel does;
 * - empty lines and rows whose fields are all empty (Excel saves a blank
 *   but formatted row as ",,,,") are skipped, so an import does not report
 *   "name: must not be empty" for rows nobody sees.
 *
 * Errors are reported once per row, and the reader then goes on to the
 * start of the next row, so an import can list every bad row in one run.
 * An unclosed quote has no next row: it swallows the rest of the input, so
 * csv_next() returns 0 afterwards. Text after a closing quote ("ab"c) is an
 * error rather than a guess, and so is a NUL byte: cells are C strings, and
 * a file full of NULs is UTF-16 ("Unicode text"), which must be re-saved.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/csv.h"
#include "util/utf8.h"
#include "util/banned.h"

void csv_init(struct csv_reader *r, const char *data, size_t len)
{
    r->p = data;
    r->end = data + len;
    if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
        r->p += 3;
    r->line = 1;
    r->row_line = 0;
    r->n_fields = 0;
    r->error[0] = '\0';
}

/* State of the row being read. Once bad is set no more cells are stored
 * (the first error is the one reported), but the row is still read to its
 * end. */
struct row {
    struct csv_reader *r;
    size_t used;
    int bad;
};

static void row_fail(struct row *w, const char *reason)
{
    if (w->bad)
        return;
    w->bad = 1;
    snprintf(w->r->error, sizeof(w->r->error), "%s", reason);
}

static void emit(struct row *w, char c)
{
    if (w->bad)
        return;
    if (c == '\0') {
        row_fail(w, "contains a NUL byte (a UTF-16 file must be saved as "
                    "UTF-8 CSV)");
        return;
    }
    if (w->used + 1 >= CSV_MAX_ROW) {          /* keep a byte for the NUL */
        row_fail(w, "row is longer than 65536 bytes");
        return;
    }
    w->r->cells[w->used++] = c;
}

static void end_cell(struct row *w)
{
    if (!w->bad && w->used >= CSV_MAX_ROW)  /* an empty cell after a full one */
        row_fail(w, "row is longer than 65536 bytes");
    if (!w->bad)
        w->r->cells[w->used++] = '\0';
}

/* If p is at a line end, the bytes it takes (1 or 2 for CRLF), else 0. */
static size_t eol_at(const char *p, const char *end)
{
    if (p >= end)
        return 0;
    if (*p == '\n')
        return 1;
    if (*p == '\r')
        return p + 1 < end && p[1] == '\n' ? 2 : 1;
    return 0;
}

/* Read a quoted field's body, after its opening quote; -1 if it is never
 * closed (r->p is then at the end of the input). */
static int read_quoted(struct row *w)
{
    struct csv_reader *r = w->r;
    size_t n;

    for (;;) {
        if (r->p >= r->end)
            return -1;
        if (*r->p == '"') {
            if (r->p + 1 < r->end && r->p[1] == '"') {
                emit(w, '"');
                r->p += 2;
                continue;
            }
            r->p++;
            return 0;
        }
        if ((n = eol_at(r->p, r->end))) {
            r->line++;
            while (n--)
                emit(w, *r->p++);
            continue;
        }
        emit(w, *r->p++);
    }
}

static int read_row(struct row *w)
{
    struct csv_reader *r = w->r;
    size_t n;

    for (;;) {
        if (r->n_fields == CSV_MAX_FIELDS)
            row_fail(w, "row has more than 64 fields");
        if (!w->bad)
            r->fields[r->n_fields++] = r->cells + w->used;
        if (r->p < r->end && *r->p == '"') {
            r->p++;
            if (read_quoted(w)) {
                row_fail(w, "quoted field is not closed");
                return -1;
            }
            if (r->p < r->end && *r->p != ',' && !eol_at(r->p, r->end))
                row_fail(w, "text after a closing quote");
        }
        /* Unquoted text, or what follows a bad closing quote. */
        while (r->p < r->end && *r->p != ',' && !eol_at(r->p, r->end))
            emit(w, *r->p++);
        end_cell(w);
        if (r->p >= r->end)
            return 0;
        if (*r->p == ',') {
            r->p++;
            continue;
        }
        n = eol_at(r->p, r->end);
        r->p += n;
        r->line++;
        return 0;
    }
}

int csv_next(struct csv_reader *r)
{
    struct row w;
    size_t n;
    int i;

    for (;;) {
        while ((n = eol_at(r->p, r->end))) {
            r->p += n;
            r->line++;
        }
        r->n_fields = 0;
        if (r->p >= r->end)
            return 0;
        r->row_line = r->line;
        w.r = r;
        w.used = 0;
        w.bad = 0;
        if (read_row(&w) || w.bad) {
            r->n_fields = 0;
            return -1;
        }
        for (i = 0; i < r->n_fields; i++)
            if (r->fields[i][0])
                return 1;
    }
}

int csv_is_utf8(const char *data, size_t len)
{
    if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
        data += 3, len -= 3;
    return utf8_valid(data, len);
}

/* [*b, *e) of s without surrounding ASCII spaces and tabs. */
static void trim(const char *s, const char **b, const char **e)
{
    const char *end = s + strlen(s);

    while (*s == ' ' || *s == '\t')
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    *b = s;
    *e = end;
}

int csv_column(const struct csv_reader *r, const char *name)
{
    const char *nb, *ne, *fb, *fe;
    int i;

    trim(name, &nb, &ne);
    for (i = 0; i < r->n_fields; i++) {
        trim(r->fields[i], &fb, &fe);
        if (fe - fb == ne - nb && !memcmp(fb, nb, (size_t)(ne - nb)))
            return i;
    }
    return -1;
}
