/*
 * guard.c - see guard.h. Trusted proxies are a short list of prefixes
 * matched in order; the rate limits are one table below, looked up by the
 * route's handler, so routes.c stays the plain index it is.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "http/guard.h"
#include "http/ratelimit.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define MAX_TRUSTED 32
#define RATE_KEYS (256u * 1024)      /* 4 MiB of state, allocated once */

struct prefix {
    int family;
    unsigned char addr[16];
    unsigned bits;
};

struct guard {
    struct prefix trusted[MAX_TRUSTED];
    unsigned n_trusted;
    struct ratelimit *rl;            /* NULL: limits off */
};

/*
 * The figures (docs/DECISIONS.md): a carrier NAT or a station's Wi-Fi puts
 * thousands of phones on one address, so the per-address limits are far
 * above what one person does and only stop a machine; the per-ID-number
 * and per-account limits are what slow one abuser.
 */
static const struct ratelimit_rule RULE_LOGIN_ADDR = { "login.addr", 60, 60, 30 };
static const struct ratelimit_rule RULE_LOGIN_ACCOUNT = { "login.account", 10, 60, 10 };
static const struct ratelimit_rule RULE_SCAN_ADDR = { "scan.addr", 6000, 60, 1000 };
static const struct ratelimit_rule RULE_SCAN_ID = { "scan.id", 30, 60, 20 };
static const struct ratelimit_rule RULE_REPORT_ADDR = { "report.addr", 1200, 60, 300 };
static const struct ratelimit_rule RULE_REPORT_ID = { "report.id", 10, 3600, 5 };
static const struct ratelimit_rule RULE_PASS_ADDR = { "pass.addr", 1200, 60, 300 };
static const struct ratelimit_rule RULE_PASS_ID = { "pass.id", 10, 3600, 5 };

static int parse_prefix(const char *s, size_t n, struct prefix *p)
{
    char buf[64], *slash, *end;
    unsigned max;
    long bits;

    if (n == 0 || n >= sizeof(buf))
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if ((slash = strchr(buf, '/')))
        *slash = '\0';
    memset(p, 0, sizeof(*p));
    if (inet_pton(AF_INET, buf, p->addr) == 1)
        p->family = AF_INET, max = 32;
    else if (inet_pton(AF_INET6, buf, p->addr) == 1)
        p->family = AF_INET6, max = 128;
    else
        return -1;
    p->bits = max;
    if (slash) {
        bits = strtol(slash + 1, &end, 10);
        if (*end || end == slash + 1 || bits < 0 || bits > (long)max)
            return -1;
        p->bits = (unsigned)bits;
    }
    return 0;
}

struct guard *guard_new(const char *trusted, int rate_limits, struct lf_err *err)
{
    struct guard *g = xcalloc(1, sizeof(*g));
    const char *s = trusted;

    while (s && *s) {
        const char *comma = strchr(s, ','), *e = comma ? comma : s + strlen(s);
        while (s < e && *s == ' ')
            s++;
        while (e > s && e[-1] == ' ')
            e--;
        if (g->n_trusted == MAX_TRUSTED ||
            parse_prefix(s, (size_t)(e - s), &g->trusted[g->n_trusted])) {
            free(g);
            lf_err_set(err, LF_ERR_INVALID, "trusted-proxy",
                       "must be addresses or ADDR/BITS prefixes separated by commas "
                       "(at most 32)");
            return NULL;
        }
        g->n_trusted++;
        s = comma ? comma + 1 : e;
    }
    if (rate_limits)
        g->rl = ratelimit_new(RATE_KEYS);
    return g;
}

void guard_free(struct guard *g)
{
    if (!g)
        return;
    ratelimit_free(g->rl);
    free(g);
}

/* The address bytes of sa: 4 or 16; an IPv4-mapped IPv6 address as IPv4. */
static const unsigned char *addr_of(const struct sockaddr_storage *sa, int *family)
{
    if (sa->ss_family == AF_INET) {
        *family = AF_INET;
        return (const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr;
    }
    if (sa->ss_family == AF_INET6) {
        const unsigned char *a = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
        static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
        if (memcmp(a, mapped, 12) == 0) {
            *family = AF_INET;
            return a + 12;
        }
        *family = AF_INET6;
        return a;
    }
    *family = 0;
    return NULL;
}

int guard_trusted(const struct guard *g, const struct sockaddr_storage *sa)
{
    int family;
    const unsigned char *a = addr_of(sa, &family);
    unsigned i;

    for (i = 0; a && i < g->n_trusted; i++) {
        const struct prefix *p = &g->trusted[i];
        unsigned full = p->bits / 8, rest = p->bits % 8;
        if (p->family != family || memcmp(a, p->addr, full) != 0)
            continue;
        if (rest && ((a[full] ^ p->addr[full]) & (0xff00u >> rest) & 0xff))
            continue;
        return 1;
    }
    return 0;
}

/* One X-Forwarded-For item (spaces trimmed) as an address; -1 if not one. */
static int parse_hop(const char *s, size_t n, struct sockaddr_storage *out)
{
    char buf[64];

    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= sizeof(buf))
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    memset(out, 0, sizeof(*out));
    if (inet_pton(AF_INET, buf, &((struct sockaddr_in *)out)->sin_addr) == 1) {
        out->ss_family = AF_INET;
        return 0;
    }
    if (inet_pton(AF_INET6, buf, &((struct sockaddr_in6 *)out)->sin6_addr) == 1) {
        out->ss_family = AF_INET6;
        return 0;
    }
    return -1;
}

static void addr_text(const struct sockaddr_storage *sa, char text[ADDR_MAX])
{
    int family;
    const unsigned char *a = addr_of(sa, &family);

    text[0] = '\0';
    if (a)
        inet_ntop(family, a, text, ADDR_MAX);
}

void guard_client(const struct guard *g, const struct sockaddr_storage *peer,
                  const char *xff, size_t xff_len, struct sockaddr_storage *client,
                  char text[ADDR_MAX])
{
    struct sockaddr_storage hop;
    const char *end = xff ? xff + xff_len : NULL;

    *client = *peer;
    /* right to left: each hop was added by the one to its right; trust
     * goes only as far as the hops are our own proxies */
    while (xff && end > xff && guard_trusted(g, client)) {
        const char *p = end;
        while (p > xff && p[-1] != ',')
            p--;
        if (parse_hop(p, (size_t)(end - p), &hop))
            break;      /* not an address: stop at the last good hop */
        *client = hop;
        end = p > xff ? p - 1 : xff;
    }
    addr_text(client, text);
}

/* The client's address as a key: IPv4's 4 bytes, an IPv6 client's /64
 * (one subscriber's usual allocation). */
static size_t addr_key(const struct sockaddr_storage *sa, unsigned char key[8])
{
    int family;
    const unsigned char *a = addr_of(sa, &family);

    if (!a)
        return 0;
    memcpy(key, a, family == AF_INET ? 4 : 8);
    return family == AF_INET ? 4 : 8;
}

/* member of the JSON body as a key: upper case, no spaces (an ID number
 * typed "11010519491231002x " is the same person); 0 if absent. */
static size_t body_key(const char *body, size_t len, const char *member, char *out, size_t n)
{
    json_t *root = json_loadb(body, len, 0, NULL), *v;
    const char *s;
    size_t k = 0;

    if (root && (v = json_object_get(root, member)) && json_is_string(v))
        for (s = json_string_value(v); *s && k + 1 < n; s++)
            if (!isspace((unsigned char)*s))
                out[k++] = (char)toupper((unsigned char)*s);
    json_decref(root);
    return k;
}

static unsigned refuse(unsigned wait, const struct ratelimit_rule *rule, const char *what,
                       struct lf_err *err)
{
    if (!strcmp(what, "id_number"))
        lf_err_set(err, LF_ERR_RATE, "id_number",
                   "too many requests for this ID number (at most %u in %u s); "
                   "try again in %u s", rule->rate, rule->period_s, wait);
    else if (!strcmp(what, "username"))
        lf_err_set(err, LF_ERR_RATE, "username",
                   "too many logins for this account (at most %u in %u s); "
                   "try again in %u s", rule->rate, rule->period_s, wait);
    else
        lf_err_set(err, LF_ERR_RATE, NULL,
                   "too many requests from this address (at most %u in %u s); "
                   "try again in %u s", rule->rate, rule->period_s, wait);
    return wait;
}

unsigned guard_rate(struct guard *g, const struct route *route,
                    const struct sockaddr_storage *client, const char *body, size_t len,
                    uint64_t now_ms, struct lf_err *err)
{
    const struct ratelimit_rule *per_addr, *per_key;
    const char *member;
    unsigned char akey[8];
    char key[64];
    size_t alen, klen;
    unsigned wait;

    if (!g->rl)
        return 0;
    if (route->handler == h_scan_self)
        per_addr = &RULE_SCAN_ADDR, per_key = &RULE_SCAN_ID, member = "id_number";
    else if (route->handler == h_self_report_submit)
        per_addr = &RULE_REPORT_ADDR, per_key = &RULE_REPORT_ID, member = "id_number";
    else if (route->handler == h_pass_submit)
        per_addr = &RULE_PASS_ADDR, per_key = &RULE_PASS_ID, member = "id_number";
    else if (route->handler == h_login)
        per_addr = &RULE_LOGIN_ADDR, per_key = &RULE_LOGIN_ACCOUNT, member = "username";
    else
        return 0;
    /* the tighter, per-key limit first: an abuser spends it, not the
     * allowance of the crowd behind the same address */
    if ((klen = body_key(body, len, member, key, sizeof(key))) &&
        (wait = ratelimit_take(g->rl, per_key, key, klen, now_ms)))
        return refuse(wait, per_key, member, err);
    if ((alen = addr_key(client, akey)) &&
        (wait = ratelimit_take(g->rl, per_addr, akey, alen, now_ms)))
        return refuse(wait, per_addr, "address", err);
    return 0;
}
