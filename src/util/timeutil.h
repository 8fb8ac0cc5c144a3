/*
 * timeutil.h - clocks and date formats. Times are UTC seconds (int64) in
 * the store; dates shown to people are in the deployment's zone
 * (Asia/Shanghai, UTC+8, no daylight saving).
 */
#ifndef LF_TIMEUTIL_H
#define LF_TIMEUTIL_H
#include <stdint.h>

#define TZ_SHANGHAI_OFFSET (8 * 3600)

int64_t time_now_utc(void);              /* wall clock, seconds */
uint64_t time_mono_ms(void);             /* monotonic, milliseconds */
/* "2022-02-02T08:00:00+08:00" for utc seconds, in UTC+8; buf >= 32 bytes. */
const char *time_format_iso(int64_t utc, char *buf, unsigned n);
/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t time_days_from_civil(int y, unsigned m, unsigned d);
void time_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);

#endif
