/*
 * tests/unit/util/sheet.c - the spreadsheet writer of src/util/sheet.c:
 * exact CSV bytes (BOM, CRLF, quoting, formula escaping, ="..." for ID
 * and phone numbers), ID numbers that survive an Excel-style reading,
 * GB18030 that decodes back and names the cell it cannot hold, XLSX that
 * a zip reader opens with the ID numbers as string cells, and files that
 * appear whole or not at all.
 *
 * The XLSX is read by python3 (zipfile, xml.etree), a reader that shares
 * nothing with libxlsxwriter.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <iconv.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/csv.h"
#include "util/fileio.h"
#include "util/sheet.h"
#include "util/sheet_read.h"
#include "groups.h"

#define BOM "\xef\xbb\xbf"
#define ID_X "11010519491231002X"
#define ID_1 "110105194912310021"    /* 18 digits: a number loses the 21 */
#define NOTE "导出人: 张三 导出时间: 2022-02-02 10:00"
#define PUA "\xee\xa0\x96"           /* U+E816: glibc has no GB18030 form */

static const char *const headers[] = { "姓名", "身份证号", "电话", "备注", "金额" };
static const enum sheet_cell kinds[] = {
    SHEET_TEXT, SHEET_NUMBER_TEXT, SHEET_NUMBER_TEXT, SHEET_TEXT, SHEET_NUMBER
};
#define N_COLS 5
#define ROW(...) ((const char *const[N_COLS]){ __VA_ARGS__ })

static char dir[64];
static char path[128];
static char err[256];

static int setup(void **state)
{
    snprintf(dir, sizeof(dir), "/tmp/lianfang-sheet-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof(path), "%s/out", dir);
    err[0] = '\0';
    return 0;
}

/* Files left in dir (0 after a discard or a failed open). */
static int n_files(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    if (d)
        closedir(d);
    return n;
}

static int teardown(void **state)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];

    while (d && (e = readdir(d))) {
        snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
    return 0;
}

static struct sheet *open_sheet(enum sheet_format fmt)
{
    struct sheet *s = sheet_open(path, fmt, "入境人员", headers, kinds,
                                 N_COLS, err, sizeof(err));
    if (!s)
        fail_msg("sheet_open: %s", err);
    return s;
}

static void row_ok(struct sheet *s, const char *const *cells)
{
    if (sheet_row(s, cells, err, sizeof(err)))
        fail_msg("sheet_row: %s", err);
}

static void close_ok(struct sheet *s)
{
    if (sheet_close(s, err, sizeof(err)))
        fail_msg("sheet_close: %s", err);
}

/* The file at path, which must be exactly want[0..want_len). */
static void expect_file(const char *want, size_t want_len)
{
    size_t len;
    char *got = file_read_all(path, 1 << 20, &len);

    assert_non_null(got);
    if (len != want_len || memcmp(got, want, len))
        fail_msg("file is\n%s\nwant\n%s", got, want);
    free(got);
}

/* The rows every CSV test writes, and the lines they become. */
static void write_rows(struct sheet *s)
{
    row_ok(s, ROW("张三", ID_X, "13812345678", "=1+1", "-5"));
    row_ok(s, ROW("李四", ID_1, "+86 138 1234 5678", "+86", "3.25"));
    row_ok(s, ROW("王五, Jr.", "", NULL, "-5", "=1"));
    row_ok(s, ROW("say \"hi\"", "1\",HYPERLINK(\"http://x", "4101**********123X",
                  "@x", "约5"));
    row_ok(s, ROW("a\nb", "\t123", "\r1", "-", "-0.5"));
}

#define HEADER_LINE "姓名,身份证号,电话,备注,金额\r\n"
#define ROW_LINES                                                          \
    "张三,=\"" ID_X "\",=\"13812345678\",'=1+1,-5\r\n"                     \
    "李四,=\"" ID_1 "\",=\"+86 138 1234 5678\",'+86,3.25\r\n"              \
    "\"王五, Jr.\",,,'-5,'=1\r\n"                                          \
    "\"say \"\"hi\"\"\",\"1\"\",HYPERLINK(\"\"http://x\","                 \
    "=\"4101**********123X\",'@x,约5\r\n"                                  \
    "\"a\nb\",'\t123,\"'\r1\",'-,-0.5\r\n"

static void test_sheet_csv_bytes(void **state)
{
    static const char want[] = BOM NOTE "\r\n" HEADER_LINE ROW_LINES;
    struct sheet *s = open_sheet(SHEET_CSV);

    assert_int_equal(sheet_note(s, NOTE, err, sizeof(err)), 0);
    write_rows(s);
    assert_int_equal(sheet_n_rows(s), 5);
    close_ok(s);
    expect_file(want, sizeof(want) - 1);
}

static void test_sheet_csv_empty_table_has_header(void **state)
{
    static const char want[] = BOM HEADER_LINE;

    close_ok(open_sheet(SHEET_CSV));
    expect_file(want, sizeof(want) - 1);
}

/* What Excel shows for a CSV field: ="..." is the text inside it; a plain
 * number keeps 15 significant digits; anything else is text as it is. */
static void excel_value(const char *field, char *out, size_t n)
{
    size_t len = strlen(field);
    char *end;
    double d;

    if (len >= 3 && !strncmp(field, "=\"", 2) && field[len - 1] == '"' &&
        !memchr(field + 2, '"', len - 3)) {
        snprintf(out, n, "%.*s", (int)len - 3, field + 2);
        return;
    }
    d = strtod(field, &end);
    if (len && !*end && strspn(field, "-0123456789.") == len)
        snprintf(out, n, "%.15g", d);
    else
        snprintf(out, n, "%s", field);
}

static void test_sheet_csv_ids_survive_excel_reading(void **state)
{
    static struct csv_reader r;     /* 66 KB */
    struct sheet *s = open_sheet(SHEET_CSV);
    char *data, v[64];
    size_t len;

    write_rows(s);
    close_ok(s);
    assert_non_null(data = file_read_all(path, 1 << 20, &len));
    csv_init(&r, data, len);
    assert_int_equal(csv_next(&r), 1);                /* header */
    assert_int_equal(csv_next(&r), 1);
    excel_value(r.fields[1], v, sizeof(v));
    assert_string_equal(v, ID_X);
    excel_value(r.fields[2], v, sizeof(v));
    assert_string_equal(v, "13812345678");
    excel_value(r.fields[4], v, sizeof(v));
    assert_string_equal(v, "-5");                     /* a number stays one */
    assert_int_equal(csv_next(&r), 1);
    excel_value(r.fields[1], v, sizeof(v));
    assert_string_equal(v, ID_1);
    /* and why: the same ID as a plain field comes back changed */
    excel_value(ID_1, v, sizeof(v));
    assert_string_not_equal(v, ID_1);
    free(data);
}

/* iconv from GB18030 to UTF-8 of the whole file at path. */
static char *gb18030_file_to_utf8(size_t *len_out)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    size_t len, in_left, out_left;
    char *data = file_read_all(path, 1 << 20, &len);
    char *out = calloc(1, 4 * len + 1), *in = data, *o = out;

    assert_non_null(data);
    assert_true(cd != (iconv_t)-1);
    in_left = len, out_left = 4 * len;
    assert_int_not_equal(iconv(cd, &in, &in_left, &o, &out_left), (size_t)-1);
    assert_int_equal(in_left, 0);
    iconv_close(cd);
    *len_out = (size_t)(o - out);
    free(data);
    return out;
}

static void test_sheet_gb18030_decodes_back(void **state)
{
    static const char want[] = NOTE "\r\n" HEADER_LINE ROW_LINES;
    struct sheet *s = open_sheet(SHEET_CSV_GB18030);
    char *raw, *utf8;
    size_t len;

    assert_int_equal(sheet_note(s, NOTE, err, sizeof(err)), 0);
    write_rows(s);
    close_ok(s);
    raw = file_read_all(path, 1 << 20, &len);
    assert_non_null(raw);
    assert_memory_not_equal(raw, BOM, 3);             /* no BOM */
    assert_memory_equal(raw, "\xb5\xbc\xb3\xf6\xc8\xcb", 6); /* 导出人, GBK */
    free(raw);
    utf8 = gb18030_file_to_utf8(&len);
    assert_int_equal(len, sizeof(want) - 1);
    assert_memory_equal(utf8, want, len);
    free(utf8);
}

static void test_sheet_gb18030_names_cell_it_cannot_hold(void **state)
{
    static const char want[] = HEADER_LINE "甲,,,1,\r\n丙,,,3,\r\n";
    struct sheet *s = open_sheet(SHEET_CSV_GB18030);
    char *utf8;
    size_t len;

    row_ok(s, ROW("甲", "", "", "1", ""));
    assert_int_equal(sheet_row(s, ROW("乙", "", "", "x" PUA, ""), err,
                               sizeof(err)), -1);
    assert_string_equal(err, "row 2, column 4 (备注): U+E816 has no "
                             "GB18030 form");
    row_ok(s, ROW("丙", "", "", "3", ""));           /* still usable */
    assert_int_equal(sheet_n_rows(s), 2);
    close_ok(s);
    utf8 = gb18030_file_to_utf8(&len);               /* row 2 left out */
    assert_int_equal(len, sizeof(want) - 1);
    assert_memory_equal(utf8, want, len);
    free(utf8);
}

static void test_sheet_gb18030_bad_header_fails_open(void **state)
{
    const char *bad[N_COLS] = { "姓名", "证" PUA, "电话", "备注", "金额" };

    assert_null(sheet_open(path, SHEET_CSV_GB18030, NULL, bad, kinds, N_COLS,
                           err, sizeof(err)));
    assert_string_equal(err, "header, column 2: U+E816 has no GB18030 form");
    assert_int_equal(n_files(), 0);                   /* nothing left */
}

static void test_sheet_rejects_invalid_utf8(void **state)
{
    static const enum sheet_format fmts[] = { SHEET_CSV, SHEET_XLSX };
    struct sheet *s;
    size_t i;

    for (i = 0; i < 2; i++) {
        s = open_sheet(fmts[i]);
        assert_int_equal(sheet_row(s, ROW("\xd5\xc5\xc8\xfd"), err,
                                   sizeof(err)), -1);  /* GBK 张三 */
        assert_string_equal(err, "row 1, column 1 (姓名): not valid UTF-8");
        assert_int_equal(sheet_n_rows(s), 0);
        sheet_discard(s);
    }
}

static void test_sheet_note_after_row_fails(void **state)
{
    struct sheet *s = open_sheet(SHEET_CSV);

    row_ok(s, ROW("甲"));
    assert_int_equal(sheet_note(s, NOTE, err, sizeof(err)), -1);
    assert_string_equal(err, "note: must come before the first row");
    sheet_discard(s);
}

static void test_sheet_discard_leaves_nothing(void **state)
{
    static const enum sheet_format fmts[] = {
        SHEET_CSV, SHEET_CSV_GB18030, SHEET_XLSX
    };
    size_t i;

    for (i = 0; i < 3; i++) {
        struct sheet *s = open_sheet(fmts[i]);
        row_ok(s, ROW("张三", ID_X));
        assert_int_equal(n_files(), 1);               /* the temporary */
        sheet_discard(s);
        assert_int_equal(n_files(), 0);
    }
}

static void test_sheet_close_replaces_file_private(void **state)
{
    FILE *f = fopen(path, "w");
    struct stat st;

    assert_non_null(f);
    fputs("old", f);
    fclose(f);
    close_ok(open_sheet(SHEET_CSV));
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(n_files(), 1);
    expect_file(BOM HEADER_LINE, sizeof(BOM HEADER_LINE) - 1);
}

/* A full disk, played by a file size limit: the failed write sticks, close
 * reports it and nothing is left behind. */
static void test_sheet_write_failure_is_sticky(void **state)
{
    struct sheet *s = open_sheet(SHEET_CSV);
    struct rlimit old, small = { 64 << 10, 64 << 10 };
    void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
    char big[1024], want[256];
    int i, rc = 0;

    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    getrlimit(RLIMIT_FSIZE, &old);
    small.rlim_max = old.rlim_max;
    setrlimit(RLIMIT_FSIZE, &small);
    for (i = 0; i < 200 && !rc; i++)
        rc = sheet_row(s, ROW("甲", "", "", big), err, sizeof(err));
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, old_sig);
    assert_int_equal(rc, -1);
    snprintf(want, sizeof(want), "write %s: File too large", path);
    assert_string_equal(err, want);
    err[0] = '\0';
    assert_int_equal(sheet_row(s, ROW("乙"), err, sizeof(err)), -1);
    assert_string_equal(err, want);
    err[0] = '\0';
    assert_int_equal(sheet_close(s, err, sizeof(err)), -1);
    assert_string_equal(err, want);
    assert_int_equal(n_files(), 0);
}

static void test_sheet_open_fails_cleanly(void **state)
{
    assert_null(sheet_open("/nonexistent-dir/out.csv", SHEET_CSV, NULL,
                           headers, kinds, N_COLS, err, sizeof(err)));
    assert_string_equal(err, "/nonexistent-dir/out.csv: No such file or "
                             "directory");
    assert_null(sheet_open(path, SHEET_CSV, NULL, headers, kinds, 0, err,
                           sizeof(err)));
    assert_string_equal(err, "n_cols: must be 1 to 16384");
    assert_int_equal(n_files(), 0);
}

/* Cells of sheet1.xml as "REF KIND VALUE" lines (KIND: str, num or
 * formula; shared and inline strings alike; +bold, +text for the text
 * number format "@"), then the frozen split and the column widths. */
static const char xlsx_dump[] =
    "import sys, zipfile, xml.etree.ElementTree as ET\n"
    "M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'\n"
    "z = zipfile.ZipFile(sys.argv[1])\n"
    "assert z.testzip() is None\n"
    "sst = []\n"
    "if 'xl/sharedStrings.xml' in z.namelist():\n"
    "    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(M + 'si'):\n"
    "        sst.append(''.join(t.text or '' for t in si.iter(M + 't')))\n"
    "st = ET.fromstring(z.read('xl/styles.xml'))\n"
    "fonts = list(st.find(M + 'fonts'))\n"
    "xfs = list(st.find(M + 'cellXfs'))\n"
    "def look(s):\n"
    "    x = xfs[int(s)]\n"
    "    b = fonts[int(x.get('fontId'))].find(M + 'b') is not None\n"
    "    return ('+bold' if b else '') + ('+text' if x.get('numFmtId') == '49' else '')\n"
    "ws = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))\n"
    "for c in ws.iter(M + 'c'):\n"
    "    t = c.get('t', 'n')\n"
    "    if c.find(M + 'f') is not None: k, v = 'formula', c.find(M + 'f').text\n"
    "    elif t == 's': k, v = 'str', sst[int(c.find(M + 'v').text)]\n"
    "    elif t == 'inlineStr': k, v = 'str', ''.join(x.text or '' for x in c.iter(M + 't'))\n"
    "    else: k, v = 'num', c.find(M + 'v').text\n"
    "    print(c.get('r'), k + look(c.get('s', 0)), v)\n"
    "p = ws.find('.//' + M + 'pane')\n"
    "print('frozen', p.get('ySplit'), p.get('state'))\n"
    "for c in ws.iter(M + 'col'):\n"
    "    print('width', c.get('min'), str(int(float(c.get('width')))) + look(c.get('style', 0)))\n";

static void read_xlsx(struct buf *out)
{
    char cmd[4096], line[512];
    FILE *p;

    snprintf(cmd, sizeof(cmd),
             "PYTHONIOENCODING=utf-8 python3 -c \"$LF_SHEET_PY\" %s", path);
    setenv("LF_SHEET_PY", xlsx_dump, 1);
    assert_non_null(p = popen(cmd, "r"));
    while (fgets(line, sizeof(line), p))
        buf_adds(out, line);
    assert_int_equal(pclose(p), 0);
    unsetenv("LF_SHEET_PY");
}

static void test_sheet_xlsx_strings_numbers_and_layout(void **state)
{
    static const char want[] =
        "A1 str " NOTE "\n"
        "A2 str+bold 姓名\nB2 str+bold 身份证号\nC2 str+bold 电话\n"
        "D2 str+bold 备注\nE2 str+bold 金额\n"
        "A3 str 张三\nB3 str+text " ID_X "\nC3 str+text 13812345678\n"
        "D3 str =1+1\nE3 num -5\n"
        "A4 str 李四\nB4 str+text " ID_1 "\nC4 str+text +86 138 1234 5678\n"
        "D4 str +86\nE4 num 3.25\n"
        "A5 str 王五, Jr.\nD5 str @x\nE5 str =1\n"
        "frozen 2 frozen\n"
        "width 1 11\nwidth 2 20+text\nwidth 3 20+text\nwidth 4 8\n"
        "width 5 8\n";
    struct sheet *s = open_sheet(SHEET_XLSX);
    struct buf got = BUF_INIT(1 << 20);

    assert_int_equal(sheet_note(s, NOTE, err, sizeof(err)), 0);
    row_ok(s, ROW("张三", ID_X, "13812345678", "=1+1", "-5"));
    row_ok(s, ROW("李四", ID_1, "+86 138 1234 5678", "+86", "3.25"));
    row_ok(s, ROW("王五, Jr.", "", NULL, "@x", "=1"));
    close_ok(s);
    read_xlsx(&got);
    assert_string_equal(buf_str(&got), want);
    buf_release(&got);
}

static void test_sheet_xlsx_cell_too_long(void **state)
{
    struct sheet *s = open_sheet(SHEET_XLSX);
    char *big = malloc(32769);

    memset(big, 'a', 32768);
    big[32768] = '\0';
    assert_int_equal(sheet_row(s, ROW("甲", "", "", big), err, sizeof(err)),
                     -1);
    assert_string_equal(err, "row 1, column 4 (备注): longer than 32767 "
                             "characters, the most an XLSX cell holds");
    big[32767] = '\0';
    row_ok(s, ROW("甲", "", "", big));               /* the most fits */
    close_ok(s);
    free(big);
}

/* --- reading back (util/sheet_read.h) ----------------------------------- */

static void read_back(struct sheet_rows *rows, enum sheet_read_format want)
{
    size_t len;
    char *data = file_read_all(path, 1 << 24, &len);

    assert_non_null(data);
    if (sheet_read(data, len, rows, err, sizeof(err)))
        fail_msg("sheet_read: %s", err);
    free(data);
    assert_int_equal(rows->format, want);
}

static void test_sheet_read_xlsx_written_by_us(void **state)
{
    static const char *const h[] = { "姓名", "出生日期", "身份证号" };
    static const enum sheet_cell k[] = { SHEET_TEXT, SHEET_DATE, SHEET_NUMBER_TEXT };
    struct sheet *s = sheet_open(path, SHEET_XLSX, "t", h, k, 3, err, sizeof(err));
    struct sheet_rows rows;
    char date[11];

    assert_non_null(s);
    assert_int_equal(sheet_note(s, NOTE, err, sizeof(err)), 0);
    row_ok(s, (const char *const[]){ "张三", "1949-12-31", ID_X });
    row_ok(s, (const char *const[]){ "李四", "", ID_1 });
    close_ok(s);
    read_back(&rows, SHEET_IN_XLSX);
    assert_int_equal(rows.n, 4);                       /* note, header, 2 rows */
    assert_string_equal(rows.rows[0].cells[0], NOTE);
    assert_string_equal(rows.rows[1].cells[2], "身份证号");
    assert_int_equal(rows.rows[2].line, 3);
    assert_string_equal(rows.rows[2].cells[0], "张三");
    /* the date is a date cell: a day serial, which reads back as the date */
    assert_true(sheet_serial_date(rows.rows[2].cells[1], date));
    assert_string_equal(date, "1949-12-31");
    assert_string_equal(rows.rows[2].cells[2], ID_X);
    assert_string_equal(rows.rows[3].cells[2], ID_1);  /* text, all 18 digits */
    sheet_rows_free(&rows);
}

static void test_sheet_read_gb18030_csv(void **state)
{
    struct sheet *s = open_sheet(SHEET_CSV_GB18030);
    struct sheet_rows rows;

    row_ok(s, ROW("张三", ID_X, "13800000000", "备注,含逗号", "12"));
    close_ok(s);
    read_back(&rows, SHEET_IN_CSV_GB18030);
    assert_int_equal(rows.n, 2);
    assert_string_equal(rows.rows[0].cells[0], "姓名");
    assert_string_equal(rows.rows[1].cells[0], "张三");
    assert_string_equal(rows.rows[1].cells[1], "=\"" ID_X "\"");   /* unwrapped by the importer */
    assert_string_equal(rows.rows[1].cells[3], "备注,含逗号");
    sheet_rows_free(&rows);
}

static void test_sheet_read_refuses_a_damaged_xlsx(void **state)
{
    struct sheet_rows rows;
    static const char zip[] = "PK\x03\x04 not really a zip archive";

    assert_int_equal(sheet_read(zip, sizeof(zip) - 1, &rows, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "xlsx"));
    assert_int_equal(rows.n, 0);
}

static void test_sheet_serial_dates(void **state)
{
    char d[11];

    assert_true(sheet_serial_date("1", d));
    assert_string_equal(d, "1900-01-01");
    assert_true(sheet_serial_date("61", d));           /* after Excel's 1900-02-29 */
    assert_string_equal(d, "1900-03-01");
    assert_true(sheet_serial_date("25569", d));
    assert_string_equal(d, "1970-01-01");
    assert_true(sheet_serial_date("44594", d));
    assert_string_equal(d, "2022-02-02");
    assert_false(sheet_serial_date("4.19001E+17", d));
    assert_false(sheet_serial_date("", d));
    assert_false(sheet_serial_date("0", d));
}

int test_group_sheet(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_sheet_csv_bytes),
        T(test_sheet_csv_empty_table_has_header),
        T(test_sheet_csv_ids_survive_excel_reading),
        T(test_sheet_gb18030_decodes_back),
        T(test_sheet_gb18030_names_cell_it_cannot_hold),
        T(test_sheet_gb18030_bad_header_fails_open),
        T(test_sheet_rejects_invalid_utf8),
        T(test_sheet_note_after_row_fails),
        T(test_sheet_discard_leaves_nothing),
        T(test_sheet_close_replaces_file_private),
        T(test_sheet_write_failure_is_sticky),
        T(test_sheet_open_fails_cleanly),
        T(test_sheet_xlsx_strings_numbers_and_layout),
        T(test_sheet_xlsx_cell_too_long),
        T(test_sheet_read_xlsx_written_by_us),
        T(test_sheet_read_gb18030_csv),
        T(test_sheet_read_refuses_a_damaged_xlsx),
        T(test_sheet_serial_dates),
#undef T
    };

    return cmocka_run_group_tests_name("sheet", tests, NULL, NULL);
}
