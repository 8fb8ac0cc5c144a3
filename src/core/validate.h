/*
 * validate.h - the national formats of ../shared/CONVENTIONS.md: resident ID
 * numbers (GB 11643), mobile phones, vehicle plates, body temperatures,
 * dates and times.
 *
 * Each validator takes client input, never asserts on it, and returns 0 with
 * the normalised value in *out, or -1 with *err set: code LF_ERR_INVALID, the
 * given field name, and a lower-case reason ("check digit does not match").
 * Nothing allocates. "today" is passed in (days since 1970-01-01 in the
 * deployment's zone), so tests fix the clock.
 */
#ifndef LF_VALIDATE_H
#define LF_VALIDATE_H
#include <stdint.h>

#include "core/err.h"
#include "util/utf8.h"     /* utf8_count() */

#define FEVER_THRESHOLD_C 37.3

/* Resident ID number (居民身份证号码). */
struct id_number {
    char norm[19];    /* 18 chars, X upper case; an old 15-digit number in
                         its 18-character form (19YY, check character) */
    char region[7];   /* 6-digit address code at issue (may be retired) */
    int year;         /* birth date */
    int month;
    int day;
    int sex;          /* GB/T 2261.1: 1 male, 2 female (odd/even sequence) */
    int is_old15;     /* 1 for a 15-digit number (no check digit, 19yy) */
};

/* 18 characters: 17 digits + check character (ISO 7064 MOD 11-2; 'x'
 * accepted, stored 'X'); the birth date a real date, not after today and
 * not before 1900-01-01; 15 digits: YYMMDD read as 19YY. Surrounding
 * spaces are trimmed. Whether the region code is still a current division
 * is NOT decided here (retired codes are valid): see region in *out. */
int validate_id_number(const char *s, int64_t today_days, struct id_number *out,
                       const char *field, struct lf_err *err);

/* The check character ('0'-'9' or 'X') for the first 17 digits; '\0' if
 * one of them is not a digit. */
char id_number_check_char(const char *first17);

/* Mobile phone: 11 digits starting with 1 (spaces, dashes and a leading
 * "+86", "86" or "0086" removed; another "+" code is refused). out gets
 * the 11 digits. */
int validate_phone(const char *s, char out[12], const char *field,
                   struct lf_err *err);

/* Vehicle plate: province character (京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋
 * 蒙陕吉闽贵粤青藏川宁琼), office letter A-Z, then 5 of A-Z/0-9 (ordinary,
 * 7 characters), or 6 (new energy, 8 characters: small cars D/F first,
 * large vehicles D/F last). I and O are never used. Lower-case letters are
 * upper-cased; a middle dot or space after the office letter is dropped.
 * out gets the normalised UTF-8 plate. */
int validate_plate(const char *s, char out[16], const char *field,
                   struct lf_err *err);

/* Body temperature in °C: a number from 34.0 to 43.0 inclusive, at most one
 * decimal place meaningful (rounded to 0.1). */
int validate_temperature(double c, double *out, const char *field,
                         struct lf_err *err);
/* Same from text ("36.5", also "36.5℃" or "36.5 °C"); rejects "", "abc",
 * "36.5x", "36,5", exponents, NaN, inf. */
int validate_temperature_str(const char *s, double *out, const char *field,
                             struct lf_err *err);

/* Date "YYYY-MM-DD" (also "YYYY/MM/DD", "YYYY年M月D日"; month and day may
 * have one digit, as Excel writes "2022/2/2") → days since 1970-01-01.
 * The date must exist (no 2月30日) and the year be 1900 to 2100. */
int validate_date(const char *s, int64_t *days_out, const char *field,
                  struct lf_err *err);

/* Date-time "YYYY-MM-DD HH:MM[:SS]" or ISO 8601 "YYYY-MM-DDTHH:MM[:SS]"
 * with optional "Z" or "+08:00"-style offset ("+0800", "+08" too); a
 * fraction of a second (".000" from browsers) is dropped; without an offset
 * the time is in Asia/Shanghai (UTC+8). → UTC seconds. */
int validate_datetime(const char *s, int64_t *utc_out, const char *field,
                      struct lf_err *err);

/* A person's or a place's name: valid UTF-8, no control characters, 1 to
 * max_chars characters (not bytes) after trimming spaces. */
int validate_name(const char *s, unsigned max_chars, const char *field,
                  struct lf_err *err);

/* s (NULL: "") without the leading and trailing blanks, tabs and
 * ideographic spaces (U+3000) that validate_name() ignores, into out[n]:
 * what is stored of a name validate_name() accepted. */
void validate_copy_trimmed(char *out, size_t n, const char *s);

#endif
