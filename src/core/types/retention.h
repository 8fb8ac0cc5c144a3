/*
 * types/retention.h - the kinds of personal data `lianfang purge` deletes
 * past their retention (docs/RETENTION.md). No functions.
 */
#ifndef LF_TYPES_RETENTION_H
#define LF_TYPES_RETENTION_H

enum retention_kind {
    RETAIN_PASSES,       /* pass, pass_check: 30 days after their day */
    RETAIN_REFERRALS,    /* referral: 180 days after closed */
    RETAIN_ARRIVALS,     /* arrival, self_report: 180 days after arrival */
    RETAIN_VENUES,       /* rejected venue applications: 180 days after the decision */
    RETAIN_CASES,        /* epi_case with events, trajectory, contacts: 5 years after closed */
    RETAIN_SESSIONS,     /* session: 1 day after last seen (they expire after 12 h) */
    RETAIN_AUDIT,        /* audit: 183 days at least (Cybersecurity Law art. 21) */
    RETAIN__COUNT
};

#endif
