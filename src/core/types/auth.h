/*
 * types/auth.h - the plain types of sessions: what the core,
 * the store and the front ends pass between them. No functions. Text
 * fields are fixed-size UTF-8, NUL-terminated; times are UTC seconds.
 */
#ifndef LF_TYPES_AUTH_H
#define LF_TYPES_AUTH_H
#include <stddef.h>
#include <stdint.h>

#define ADDR_MAX 48               /* textual IPv6 + NUL */

struct session {
    unsigned char token_hash[32];
    int64_t user_id;
    int64_t created_utc;
    int64_t last_seen_utc;
    char addr[ADDR_MAX];
};

#endif
