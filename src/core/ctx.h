/*
 * ctx.h - what every core call is given: the calling thread's store
 * connection, the deployment's settings, and who is asking.
 *
 * A struct lf_ctx belongs to one thread (its store is one connection). The
 * server makes one per worker thread; the command line makes one.
 */
#ifndef LF_CTX_H
#define LF_CTX_H
#include <stdint.h>

#include "core/types/auth.h"
#include "core/types/node.h"
#include "core/types/user.h"
#include "core/role.h"

struct store;
struct auth_cache;

struct lf_ctx {
    struct store *store;
    struct auth_cache *sessions;  /* shared by the server's threads; may be NULL */
    unsigned char secret[32];   /* deployment key: CSRF tokens (HMAC) */
    int strict_passwords;       /* policy: 12+ chars and 3 classes */
    char root[NODE_CODE_MAX];   /* the deployment's division (top of the tree) */
    int64_t now_override;       /* tests: fixed clock; 0 = real time */
    char public_url[256];       /* how phones reach us, for QR codes:
                                   "https://yq.example.gov.cn" (no trailing /) */
};

/* The caller of an operation. The command line acts as the system
 * (user_id 0, role admin, node = the deployment's root). */
struct lf_who {
    int64_t user_id;
    char username[USERNAME_MAX];
    enum lf_role role;
    char node[NODE_CODE_MAX];    /* root of the caller's jurisdiction */
    char addr[ADDR_MAX];         /* client address, for the audit log */
};

int64_t lf_now(const struct lf_ctx *ctx);
/* Today in the deployment's zone (Asia/Shanghai), as days since 1970-01-01. */
int64_t lf_today_days(const struct lf_ctx *ctx);

#endif
