/*
 * validate.c - the national formats, checked on client input. See validate.h.
 *
 * Every validator works on a trimmed view of its input (ASCII blanks and the
 * ideographic space U+3000 that Chinese input methods type), parses it by
 * hand, and writes *out only when the whole value is good, so a failed call
 * changes nothing but *err. Nothing here calls strtod, sscanf or the C
 * library's time functions: they depend on the process's locale and TZ, and
 * "36,5" or a summer-time zone must not change what a form accepts.
 *
 * The checks are ordered so the first reason a person reads is the most
 * specific one. For an ID number the shape comes first, then the birth date,
 * then the check character: a typo in the date also breaks the check
 * character, and "birth date 1949-02-30 does not exist" says where to look.
 *
 * Bounds that the standards leave open, chosen here:
 * - birth dates from 1900-01-01 (no living resident is older), dates in
 *   general from 1900 to 2100 (anything outside is a typo in a year);
 * - 15-digit numbers were issued from 1984 to 2004 to people born in the
 *   twentieth century, so their two-digit year is always 19YY;
 * - temperatures from 34.0 to 43.0 °C after rounding to 0.1: non-contact
 *   forehead thermometers read 34-35 °C outdoors in winter, and above 43 °C
 *   nobody is standing at a checkpoint. A value that looks like Fahrenheit
 *   gets a reason that says so.
 */
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/validate.h"
#include "util/utf8.h"
#include "util/timeutil.h"
#include "util/banned.h"

#define YEAR_MIN 1900
#define YEAR_MAX 2100

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_upper(int c)
{
    return c >= 'A' && c <= 'Z';
}

#define IDEO_SPACE "\xe3\x80\x80"     /* U+3000, typed by Chinese input methods */

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The view [*b, *e) of s without surrounding blanks; s may be NULL. */
static void trim(const char *s, const char **b, const char **e)
{
    const char *p = s ? s : "", *end = p + strlen(p);

    for (;;) {
        if (p < end && is_blank(*p))
            p++;
        else if (end - p >= 3 && !memcmp(p, IDEO_SPACE, 3))
            p += 3;
        else if (end > p && is_blank(end[-1]))
            end--;
        else if (end - p >= 3 && !memcmp(end - 3, IDEO_SPACE, 3))
            end -= 3;
        else
            break;
    }
    *b = p;
    *e = end;
}


/* Characters (not bytes) in [p, end), for messages; lead bytes counted. */
static size_t count_chars(const char *p, const char *end)
{
    size_t n = 0;

    for (; p < end; p++)
        n += ((unsigned char)*p & 0xc0) != 0x80;
    return n;
}


static unsigned days_in_month(int y, unsigned m)
{
    static const unsigned char mdays[12] = { 31, 28, 31, 30, 31, 30,
                                             31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return mdays[m - 1] + (m == 2 && leap);
}

/* Read min..max digits at *pp (not past end) into *out; 0 or -1. A digit
 * left over ("2022-002-02") fails at the separator or end that follows. */
static int scan_num(const char **pp, const char *end, int min, int max,
                    int *out)
{
    const char *p = *pp;
    int v = 0, n = 0;

    while (p < end && n < max && is_digit(*p)) {
        v = v * 10 + (*p++ - '0');
        n++;
    }
    if (n < min)
        return -1;
    *out = v;
    *pp = p;
    return 0;
}

static int take(const char **pp, const char *end, const char *lit)
{
    size_t n = strlen(lit);

    if ((size_t)(end - *pp) < n || memcmp(*pp, lit, n))
        return 0;
    *pp += n;
    return 1;
}

/* The calendar check shared by dates and birth dates; what is "" or
 * "birth ", so a reason reads "birth date 1949-02-30 does not exist". */
static int check_date(int y, int m, int d, const char *what,
                      const char *field, struct lf_err *err)
{
    if (y < YEAR_MIN || y > YEAR_MAX)
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "%syear %d is %s %d", what, y,
                          y < YEAR_MIN ? "before" : "after",
                          y < YEAR_MIN ? YEAR_MIN : YEAR_MAX);
    if (m < 1 || m > 12)
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "%smonth %d does not exist", what, m);
    if (d < 1 || (unsigned)d > days_in_month(y, (unsigned)m))
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "%sdate %04d-%02d-%02d does not exist", what, y, m,
                          d);
    return 0;
}

/* ---- resident ID numbers ---------------------------------------------- */

char id_number_check_char(const char *first17)
{
    static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6,
                                    3, 7, 9, 10, 5, 8, 4, 2 };
    static const char map[] = "10X98765432";
    int i, sum = 0;

    for (i = 0; i < 17; i++) {
        if (!is_digit(first17[i]))
            return '\0';
        sum += (first17[i] - '0') * weight[i];
    }
    return map[sum % 11];
}

static int digits_at(const char *p, int n)
{
    int v = 0;

    while (n--)
        v = v * 10 + (*p++ - '0');
    return v;
}

int validate_id_number(const char *s, int64_t today_days, struct id_number *out,
                       const char *field, struct lf_err *err)
{
    struct id_number id;
    const char *p, *end;
    size_t len, n, i;
    int64_t born;
    int y_len;
    char check;

    trim(s, &p, &end);
    len = (size_t)(end - p);
    n = count_chars(p, end);
    if (!n)
        return lf_err_set(err, LF_ERR_INVALID, field, "must not be empty");
    if (n != 18 && n != 15)
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "must be 18 characters (15 digits for an old "
                          "number), got %zu", n);
    /* Everything before the first bad byte is ASCII, so its byte index is
     * its character position; full-width digits stop here too. */
    for (i = 0; i < len; i++) {
        if (is_digit(p[i]))
            continue;
        if (n == 18 && i == 17 && (p[i] == 'X' || p[i] == 'x'))
            continue;
        if (n == 18 && i == 17)
            return lf_err_set(err, LF_ERR_INVALID, field,
                              "last character must be a digit or X");
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "character %zu must be a digit", i + 1);
    }

    memset(&id, 0, sizeof(id));
    id.is_old15 = len == 15;
    if (id.is_old15) {
        /* GB 11643-1999: the century "19" after the region, then the
         * check character; one person has one number */
        memcpy(id.norm, p, 6);
        memcpy(id.norm + 6, "19", 2);
        memcpy(id.norm + 8, p + 6, 9);
        id.norm[17] = id_number_check_char(id.norm);
    } else {
        memcpy(id.norm, p, len);
        if (id.norm[17] == 'x')
            id.norm[17] = 'X';
    }
    memcpy(id.region, p, 6);
    /* YYYYMMDD from offset 6; an old number has YYMMDD, read as 19YY */
    y_len = id.is_old15 ? 2 : 4;
    id.year = (id.is_old15 ? 1900 : 0) + digits_at(p + 6, y_len);
    id.month = digits_at(p + 6 + y_len, 2);
    id.day = digits_at(p + 8 + y_len, 2);
    id.sex = (p[id.is_old15 ? 14 : 16] - '0') % 2 ? 1 : 2;

    if (check_date(id.year, id.month, id.day, "birth ", field, err))
        return -1;
    born = time_days_from_civil(id.year, (unsigned)id.month, (unsigned)id.day);
    if (born > today_days)
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "birth date is in the future");
    if (!id.is_old15) {
        check = id_number_check_char(id.norm);
        if (check != id.norm[17])
            return lf_err_set(err, LF_ERR_INVALID, field,
                              "check digit does not match, expected %c",
                              check);
    }
    *out = id;
    return 0;
}

/* ---- mobile phones ---------------------------------------------------- */

int validate_phone(const char *s, char out[12], const char *field,
                   struct lf_err *err)
{
    const char *p, *end, *d;
    char digits[24];
    size_t n = 0;
    int has_plus = 0;

    trim(s, &p, &end);
    if (p == end)
        return lf_err_set(err, LF_ERR_INVALID, field, "must not be empty");
    if (*p == '+') {
        has_plus = 1;
        p++;
    }
    for (; p < end; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        if (!is_digit(*p))
            return lf_err_set(err, LF_ERR_INVALID, field,
                              "must contain only digits, spaces and dashes");
        if (n == sizeof(digits) - 1)
            return lf_err_set(err, LF_ERR_INVALID, field,
                              "must be 11 digits starting with 1");
        digits[n++] = *p;
    }
    digits[n] = '\0';
    d = digits;
    /* A country code: "+86", or "86"/"0086" in front of 11 digits, the way
     * numbers are copied from contact cards. Any other code is a foreign
     * number, which the platform cannot send a text message to. */
    if (has_plus) {
        if (n < 2 || d[0] != '8' || d[1] != '6')
            return lf_err_set(err, LF_ERR_INVALID, field,
                              "must be a mainland number (+86)");
        d += 2, n -= 2;
    } else if (n == 13 && !memcmp(d, "86", 2)) {
        d += 2, n -= 2;
    } else if (n == 15 && !memcmp(d, "0086", 4)) {
        d += 4, n -= 4;
    }
    if (n != 11 || d[0] != '1')
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "must be 11 digits starting with 1");
    memcpy(out, d, 12);
    return 0;
}

/* ---- vehicle plates --------------------------------------------------- */

/* The 31 province abbreviations, each 3 bytes of UTF-8. */
static const char provinces[] =
    "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

static int is_province(const char *p, const char *end)
{
    size_t i;

    for (i = 0; end - p >= 3 && i < sizeof(provinces) - 1; i += 3)
        if (!memcmp(p, provinces + i, 3))
            return 1;
    return 0;
}

static int is_df(int c)
{
    return c == 'D' || c == 'F';
}

int validate_plate(const char *s, char out[16], const char *field,
                   struct lf_err *err)
{
    /* what people put after the office letter ("京A·12345"): a space, a
     * middle dot, a bullet, a katakana middle dot (full or half width) */
    static const char *const seps[] = { " ", "\xc2\xb7", "\xe2\x80\xa2",
                                         "\xe3\x83\xbb", "\xef\xbd\xa5" };
    const char *p, *end, *prov;
    char office, serial[7];
    size_t n = 0, i;
    int c;

    trim(s, &p, &end);
    if (p == end)
        return lf_err_set(err, LF_ERR_INVALID, field, "must not be empty");
    if (!is_province(p, end))
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "must start with a province character such as 京 "
                          "or 粤");
    prov = p;
    p += 3;
    if (p == end)
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "office letter and number are missing");
    office = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
    if (!is_upper(office))
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "second character must be the office letter A-Z");
    p++;
    for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++)
        if (take(&p, end, seps[i]))
            break;
    for (; p < end; p++) {
        c = *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p;
        if (!is_digit(c) && !is_upper(c))
            return lf_err_set(err, LF_ERR_INVALID, field,
                              "must be letters and digits after the "
                              "province character");
        if (n == sizeof(serial) - 1) {
            n++;
            break;
        }
        serial[n++] = (char)c;
    }
    if (n != 5 && n != 6)
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "must have 5 letters or digits after the office "
                          "letter (6 on a new-energy plate)");
    serial[n] = '\0';
    if (office == 'I' || office == 'O' || strchr(serial, 'I') ||
        strchr(serial, 'O'))
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "letters I and O are never used on plates");
    /* GA 36-2018: a small new-energy car has D/F, then a letter or digit,
     * then four digits; a large vehicle five digits, then D/F. */
    if (n == 6) {
        int small = is_df(serial[0]);
        int large = is_df(serial[5]);

        for (i = 2; i < 6 && small; i++)
            small = is_digit(serial[i]);
        for (i = 0; i < 5 && large; i++)
            large = is_digit(serial[i]);
        if (!small && !large)
            return lf_err_set(err, LF_ERR_INVALID, field,
                              "a new-energy plate has D or F first (small "
                              "cars) or last (large vehicles)");
    }
    memcpy(out, prov, 3);
    out[3] = office;
    memcpy(out + 4, serial, n + 1);
    return 0;
}

/* ---- body temperature ------------------------------------------------- */

int validate_temperature(double c, double *out, const char *field,
                         struct lf_err *err)
{
    double r;

    if (!isfinite(c))
        return lf_err_set(err, LF_ERR_INVALID, field, "must be a number");
    r = round(c * 10.0) / 10.0;
    if (r >= 93.0 && r <= 110.0)
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "must be in °C from 34.0 to 43.0, %g looks like °F",
                          c);
    if (r < 34.0 || r > 43.0)
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "must be from 34.0 to 43.0 °C, got %g", c);
    *out = r;
    return 0;
}

int validate_temperature_str(const char *s, double *out, const char *field,
                             struct lf_err *err)
{
    const char *p, *end;
    double v = 0, scale = 1;
    int n = 0, frac = 0;

    trim(s, &p, &end);
    if (p == end)
        return lf_err_set(err, LF_ERR_INVALID, field, "must not be empty");
    /* A unit typed after the number: "36.5℃", "36.5 °C". */
    if (end - p >= 3 && (!memcmp(end - 3, "℃", 3) ||
                         !memcmp(end - 3, "°C", 3) || !memcmp(end - 3, "°c", 3)))
        end -= 3;
    while (end > p && end[-1] == ' ')
        end--;
    /* By hand, not strtod: no locale decimal comma, no "nan", "inf",
     * hex or exponents; six integer digits at most so v stays exact. */
    for (; p < end && is_digit(*p) && n < 6; p++, n++)
        v = v * 10 + (*p - '0');
    if (n && p < end && *p == '.') {
        for (p++; p < end && is_digit(*p); p++, frac++)
            if (frac < 6)
                v += (*p - '0') * (scale /= 10);
        if (!frac)
            n = 0;
    }
    if (!n || p != end)
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "must be a number such as 36.5");
    return validate_temperature(v, out, field, err);
}

/* ---- dates and times -------------------------------------------------- */

/*
 * Read a date at *pp: "2022-02-02", "2022/2/2" (Excel and WPS write no
 * leading zeros) or "2022年2月2日". Only the shape is checked here; 0 or -1.
 */
static int scan_date(const char **pp, const char *end, int *y, int *m, int *d)
{
    const char *p = *pp;
    const char *sep2, *tail = "";

    if (scan_num(&p, end, 4, 4, y))
        return -1;
    if (take(&p, end, "-"))
        sep2 = "-";
    else if (take(&p, end, "/"))
        sep2 = "/";
    else if (take(&p, end, "年"))
        sep2 = "月", tail = "日";
    else
        return -1;
    if (scan_num(&p, end, 1, 2, m) || !take(&p, end, sep2) ||
        scan_num(&p, end, 1, 2, d) || (*tail && !take(&p, end, tail)))
        return -1;
    *pp = p;
    return 0;
}

int validate_date(const char *s, int64_t *days_out, const char *field,
                  struct lf_err *err)
{
    const char *p, *end;
    int y, m, d;

    trim(s, &p, &end);
    if (p == end)
        return lf_err_set(err, LF_ERR_INVALID, field, "must not be empty");
    if (scan_date(&p, end, &y, &m, &d) || p != end)
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "must be a date such as 2022-02-02");
    if (check_date(y, m, d, "", field, err))
        return -1;
    *days_out = time_days_from_civil(y, (unsigned)m, (unsigned)d);
    return 0;
}

/* Read "Z", "+08:00", "+0800" or "+08" at *pp into seconds east of UTC. */
static int scan_offset(const char **pp, const char *end, int *off)
{
    const char *p = *pp;
    int sign, h, m = 0;

    if (take(&p, end, "Z") || take(&p, end, "z")) {
        *off = 0;
        *pp = p;
        return 0;
    }
    if (p == end || (*p != '+' && *p != '-'))
        return -1;
    sign = *p++ == '-' ? -1 : 1;
    if (scan_num(&p, end, 2, 2, &h))
        return -1;
    if (p < end) {
        take(&p, end, ":");
        if (scan_num(&p, end, 2, 2, &m))
            return -1;
    }
    if (h > 14 || m > 59)
        return -1;
    *off = sign * (h * 3600 + m * 60);
    *pp = p;
    return 0;
}

int validate_datetime(const char *s, int64_t *utc_out, const char *field,
                      struct lf_err *err)
{
    const char *p, *end;
    int y, mo, d, h, mi, sec = 0, frac, off = TZ_SHANGHAI_OFFSET;

    trim(s, &p, &end);
    if (p == end)
        return lf_err_set(err, LF_ERR_INVALID, field, "must not be empty");
    if (scan_date(&p, end, &y, &mo, &d) || p == end ||
        (*p != ' ' && *p != 'T' && *p != 't'))
        goto shape;
    while (++p < end && *p == ' ')
        ;
    if (scan_num(&p, end, 1, 2, &h) || !take(&p, end, ":") ||
        scan_num(&p, end, 2, 2, &mi))
        goto shape;
    if (take(&p, end, ":") && scan_num(&p, end, 2, 2, &sec))
        goto shape;
    /* Browsers send milliseconds ("...T00:00:00.000Z"); a record keeps
     * whole seconds, so the fraction is read and dropped. */
    if (take(&p, end, ".") && scan_num(&p, end, 1, 9, &frac))
        goto shape;
    if (p < end && scan_offset(&p, end, &off))
        goto shape;
    if (p != end)
        goto shape;
    if (check_date(y, mo, d, "", field, err))
        return -1;
    if (h > 23 || mi > 59 || sec > 59)
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "time %02d:%02d:%02d does not exist", h, mi, sec);
    *utc_out = time_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
               h * 3600 + mi * 60 + sec - off;
    return 0;
shape:
    return lf_err_set(err, LF_ERR_INVALID, field,
                      "must be a date and time such as 2022-02-02 08:00");
}

/* ---- names ------------------------------------------------------------ */

/* Characters a name may not hold: C0 and C1 controls, DEL, the line and
 * paragraph separators, and the bidirectional overrides and isolates that
 * make a list show a different name from the one stored. */
static int is_forbidden_in_name(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
           cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

int validate_name(const char *s, unsigned max_chars, const char *field,
                  struct lf_err *err)
{
    const char *p, *end;
    uint32_t cp;
    size_t n = 0;
    int len;

    assert(max_chars > 0);
    trim(s, &p, &end);
    if (p == end)
        return lf_err_set(err, LF_ERR_INVALID, field, "must not be empty");
    /* trim() removed only whole blanks, so decoding the view decodes s */
    for (; p < end; p += len, n++) {
        if (!(len = utf8_decode((const unsigned char *)p, SIZE_MAX, &cp)))
            return lf_err_set(err, LF_ERR_INVALID, field,
                              "must be valid UTF-8 text");
        if (is_forbidden_in_name(cp))
            return lf_err_set(err, LF_ERR_INVALID, field,
                              "must not contain control characters");
    }
    if (n > max_chars)
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "must be at most %u characters, got %zu", max_chars,
                          n);
    return 0;
}

void validate_copy_trimmed(char *out, size_t n, const char *s)
{
    static const char ideo_space[] = "\xe3\x80\x80";    /* U+3000 */
    size_t len;

    s = s ? s : "";
    for (;;) {
        if (*s == ' ' || *s == '\t')
            s++;
        else if (strncmp(s, ideo_space, 3) == 0)
            s += 3;
        else
            break;
    }
    len = strlen(s);
    for (;;) {
        if (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        else if (len >= 3 && memcmp(s + len - 3, ideo_space, 3) == 0)
            len -= 3;
        else
            break;
    }
    snprintf(out, n, "%.*s", (int)len, s);
}
