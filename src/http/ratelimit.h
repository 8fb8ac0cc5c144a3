/*
 * ratelimit.h - rate limits by key (an address, an ID number, an account),
 * the generic cell-rate algorithm (GCRA): a key may make `burst` requests
 * at once and then one every period/rate, so a steady user never waits and
 * a flood is held to the rate. The state of a key is one time stamp.
 *
 * Memory is bounded: a fixed table of `capacity` keys (16 bytes each),
 * allocated once. When a key's neighbourhood in the table is full, the key
 * whose allowance has been longest restored takes the place: a key
 * forgotten that way starts again with its full burst, which errs on the
 * side of the client, never the other way. Keys are kept as 64-bit hashes
 * (with the limit's name), never in clear: no ID number stays in memory.
 * Thread-safe (striped locks); every call is O(1).
 */
#ifndef LF_RATELIMIT_H
#define LF_RATELIMIT_H
#include <stddef.h>
#include <stdint.h>

struct ratelimit;

struct ratelimit_rule {
    const char *name;        /* "scan.addr": part of the key's hash */
    unsigned rate;           /* requests per period, sustained */
    unsigned period_s;       /* seconds */
    unsigned burst;          /* requests allowed at once (>= 1) */
};

struct ratelimit *ratelimit_new(size_t capacity);
void ratelimit_free(struct ratelimit *rl);

/* One request of key (len bytes) under rule at now_ms (any monotonic
 * clock). 0 allowed (and counted); else the seconds to wait before the
 * next request would be allowed (at least 1), and nothing is counted. */
unsigned ratelimit_take(struct ratelimit *rl, const struct ratelimit_rule *rule,
                        const void *key, size_t len, uint64_t now_ms);

#endif
