/*
 * types/audit.h - the plain types of the audit log: what the core,
 * the store and the front ends pass between them. No functions. Text
 * fields are fixed-size UTF-8, NUL-terminated; times are UTC seconds.
 */
#ifndef LF_TYPES_AUDIT_H
#define LF_TYPES_AUDIT_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/auth.h"
#include "core/types/user.h"

struct audit_entry {
    int64_t id;
    int64_t at_utc;
    int64_t user_id;              /* 0: nobody logged in */
    char username[USERNAME_MAX];
    char role[24];
    char action[48];              /* "node.create", "login.fail", ... */
    char record[64];              /* "node:419001001", "user:7" */
    int success;
    char addr[ADDR_MAX];
    char detail[256];
};

/* One person a read returned (who looked at whom): the ledger's person id
 * and the keyed hash of the ID number (audit_id_key()); 0 for none. */
struct audit_subject {
    int64_t person_id;
    int64_t id_key;
};

struct audit_list {
    struct audit_entry *items;
    size_t n;
};

struct audit_filter {
    int64_t before_id;            /* 0 = newest first from the top */
    int64_t user_id;              /* 0 = any */
    const char *action_prefix;    /* NULL = any */
    unsigned limit;               /* 1..500 */
};

#endif
