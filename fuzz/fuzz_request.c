/*
 * fuzz_request.c - the request input path, as the server runs it: route
 * matching and query parsing, JSON bodies decoded by the handlers, and the
 * CSV import, against a real database of 济源市.
 *
 * The first byte picks the target (mod 11: 0 path, 1 node body, 2 node CSV,
 * 3 rename, 4 audit query, 5 venue application, 6 venue list query, 7 venue
 * decision, 8 public pass form, 9 pass check, 10 checkpoint counts' query;
 * but 0xF0 and up pick the cases targets: 0xF0 new case, 0xF1 case change,
 * 0xF2 status change, 0xF3 manual trajectory entry, 0xF4 contact decision,
 * 0xF5 case list query, so the older inputs keep their targets); the rest
 * is the input. Every call runs
 * inside a batch that is rolled back, so the database is the same for
 * every input and a crash reproduces from its file alone.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/auth.h"
#include "core/node.h"
#include "http/dispatch.h"
#include "http/http.h"
#include "store/store.h"

static struct lf_ctx ctx;
static struct lf_who admin, operator, officer, epi;

static void setup(void)
{
    struct lf_err err = LF_ERR_INIT;
    struct node root;
    char path[64], secret[65];

    snprintf(path, sizeof(path), "/tmp/lianfang-fuzz-%d.db", (int)getpid());
    unlink(path);
    ctx.store = store_open(path, STORE_CREATE | STORE_MIGRATE, &err);
    auth_secret_new_hex(secret);
    if (!ctx.store || auth_secret_from_hex(&ctx, secret) ||
        node_load_divisions(&ctx, "data/divisions", "419001", &root, &err)) {
        fprintf(stderr, "fuzz setup: %s: %s (run from the repository root)\n", err.field,
                err.reason);
        abort();
    }
    unlink(path);                 /* the open connection keeps it */
    admin.role = ROLE_ADMIN;
    snprintf(admin.node, sizeof(admin.node), "419001");
    snprintf(admin.username, sizeof(admin.username), "fuzz");
    operator = admin;                      /* venues: apply as an operator ... */
    operator.role = ROLE_VENUE_OPERATOR;
    operator.user_id = 2;
    officer = admin;                       /* ... list and decide as a town officer */
    officer.role = ROLE_TOWN_OFFICER;
    officer.user_id = 3;
    snprintf(officer.node, sizeof(officer.node), "419001001");
    epi = admin;                           /* cases: the epidemiologist */
    epi.role = ROLE_EPIDEMIOLOGIST;
    epi.user_id = 4;
}

static const struct route *find(enum http_method m, const char *path)
{
    char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX];
    int known;

    return routes_match(m, path, strlen(path), params, &known);
}

/* The cases targets (first byte 0xF0 + k); case 1 and contact 1 do not
 * exist, so the bodies are decoded and checked up to the store. */
static void fuzz_cases(struct http_call *c, int k)
{
    static const struct {
        enum http_method m;
        const char *path;
    } targets[] = {
        { HTTP_POST, "/api/v1/cases" },
        { HTTP_PATCH, "/api/v1/cases/:id" },
        { HTTP_POST, "/api/v1/cases/:id/status" },
        { HTTP_POST, "/api/v1/cases/:id/trajectory" },
        { HTTP_POST, "/api/v1/contacts/:id/decide" },
        { HTTP_GET, "/api/v1/cases" },
    };

    if (k >= (int)(sizeof(targets) / sizeof(targets[0])))
        return;
    c->who = epi;
    snprintf(c->params[0], sizeof(c->params[0]), "1");
    c->route = find(targets[k].m, targets[k].path);
    c->route->handler(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    struct http_call c;
    struct lf_err err = LF_ERR_INIT;
    char *text;
    char out[256];

    if (!ready) {
        setup();
        ready = 1;
    }
    if (size < 1)
        return 0;
    text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    memset(&c, 0, sizeof(c));
    buf_init(&c.out, HTTP_RESPONSE_MAX);
    c.ctx = &ctx;
    c.who = admin;
    c.body = text;
    c.body_len = size - 1;
    c.query = text;

    if (store_batch_begin(ctx.store, &err))
        abort();
    if (data[0] >= 0xF0)
        fuzz_cases(&c, data[0] - 0xF0);
    else switch (data[0] % 11) {
    case 0: {                     /* a path as a client may send it */
        char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX];
        int known;
        routes_match(HTTP_GET, text, size - 1, params, &known);
        http_query(&c, "node", out, sizeof(out));
        http_query(&c, "before", out, sizeof(out));
        break;
    }
    case 1:
        c.route = find(HTTP_POST, "/api/v1/nodes");
        c.route->handler(&c);
        break;
    case 2:
        c.route = find(HTTP_POST, "/api/v1/nodes/import");
        c.route->handler(&c);
        break;
    case 3:
        snprintf(c.params[0], sizeof(c.params[0]), "419001001001");
        c.route = find(HTTP_PATCH, "/api/v1/nodes/:code");
        c.route->handler(&c);
        break;
    case 4:
        c.route = find(HTTP_GET, "/api/v1/audit");
        c.route->handler(&c);
        break;
    case 5:                       /* a venue application */
        c.who = operator;
        c.route = find(HTTP_POST, "/api/v1/venues");
        c.route->handler(&c);
        break;
    case 6:                       /* the venue list's query */
        c.who = officer;
        c.route = find(HTTP_GET, "/api/v1/venues");
        c.route->handler(&c);
        break;
    case 7:                       /* a decision on venue 1 (none exists) */
        c.who = officer;
        snprintf(c.params[0], sizeof(c.params[0]), "1");
        c.route = find(HTTP_POST, "/api/v1/venues/:id/decide");
        c.route->handler(&c);
        break;
    case 8:                       /* the public pass form (no account) */
        c.route = find(HTTP_POST, "/api/v1/public/passes");
        c.route->handler(&c);
        break;
    case 9:                       /* a check at a checkpoint: temperature, outcome */
        c.who.role = ROLE_CHECKPOINT_STAFF;
        snprintf(c.params[0], sizeof(c.params[0]), "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        c.route = find(HTTP_POST, "/api/v1/passes/:code/checks");
        c.route->handler(&c);
        break;
    case 10:                       /* the daily counts: node and day in the query */
        c.who.role = ROLE_COMMAND;
        c.route = find(HTTP_GET, "/api/v1/checkpoints/stats");
        c.route->handler(&c);
        break;
    }
    store_batch_rollback(ctx.store);
    /* every reply is a status and, unless 204, a JSON body */
    if (c.route && (c.status < 200 || c.status > 599))
        abort();
    buf_release(&c.out);
    free(text);
    return 0;
}
