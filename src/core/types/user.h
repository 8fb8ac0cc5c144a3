/*
 * types/user.h - the plain types of staff accounts: what the core,
 * the store and the front ends pass between them. No functions. Text
 * fields are fixed-size UTF-8, NUL-terminated; times are UTC seconds.
 */
#ifndef LF_TYPES_USER_H
#define LF_TYPES_USER_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/node.h"

#define USERNAME_MAX 33           /* 3-32 of [a-z0-9_.-] */

#define DISPLAY_NAME_CHARS 32

struct user {
    int64_t id;
    char username[USERNAME_MAX];
    char display_name[DISPLAY_NAME_CHARS * 4 + 1];
    char role[24];                /* role identifier, see role.h */
    char node[NODE_CODE_MAX];
    char pw_hash[160];            /* libsodium crypto_pwhash_str (argon2id) */
    int failed_count;             /* failed logins in a row */
    int64_t locked_until;         /* UTC seconds; 0 = not locked */
    int disabled;
    int64_t created_utc;
    int64_t pw_changed_utc;
};

struct user_list {
    struct user *items;
    size_t n;
};

#endif
