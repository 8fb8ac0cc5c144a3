/*
 * http.h - what the HTTP front end's files share: one API call as a
 * handler sees it, the route table, and the reply helpers.
 *
 * A call is decoded on an event-loop thread (server.c), copied into a job,
 * and run on a worker thread (dispatch.c) that owns a store connection:
 * the worker pool for reads and for CPU-heavy work (password hashing), the
 * single writer thread for writes, which it commits in groups. The handler
 * fills status, body and headers; the loop thread sends them once the
 * write is durable. Handlers decode, make one core call, encode: no rule,
 * no SQL and no permission check of their own.
 */
#ifndef LF_HTTP_H
#define LF_HTTP_H
#include <jansson.h>
#include <stddef.h>

#include "core/ctx.h"
#include "core/err.h"
#include "util/buf.h"
#include "core/types/case.h"
#include "core/types/checkpoint.h"
#include "core/types/node.h"
#include "core/types/search.h"
#include "core/types/user.h"

#define HTTP_MAX_PARAMS 3
#define HTTP_PARAM_MAX 64
#define HTTP_RESPONSE_MAX (64u << 20)

enum http_method { HTTP_GET, HTTP_POST, HTTP_PATCH, HTTP_PUT, HTTP_DELETE,
                   HTTP_OTHER };

struct http_call;
typedef int (*http_handler_fn)(struct http_call *c);

enum route_flags {
    ROUTE_PUBLIC = 1 << 0,   /* no session needed (login, health) */
    ROUTE_WRITER = 1 << 1,   /* run on the writer thread (group commit);
                                else on the worker pool */
    ROUTE_LOOP = 1 << 2,     /* needs no store: when the session cache
                                knows the caller, answer on the event loop */
    ROUTE_PREPARED = 1 << 3, /* with ROUTE_WRITER: the handler runs twice,
                                first on a worker with c->prepared NULL
                                (parse, validate: the CPU part, in parallel;
                                it sets c->prepared or replies an error),
                                then on the writer with c->prepared set */
    ROUTE_PRIORITY = 1 << 4, /* what people at a door wait on (public scans,
                                pass checks): first in the queues, and
                                shed last (server.h) */
};

struct route {
    enum http_method method;
    const char *pattern;     /* "/api/v1/nodes/:code/children" */
    http_handler_fn handler;
    unsigned flags;
    size_t max_body;         /* bytes; 0 = no body allowed beyond 16 KiB */
};

struct http_call {
    const struct route *route;
    char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX];  /* ":x" segments in order */
    const char *query;       /* after '?', "" if none; not decoded */
    const char *body;        /* NUL-terminated copy; len in body_len */
    size_t body_len;
    const char *token;       /* session token from bearer or cookie, or NULL */
    int token_from_cookie;
    const char *csrf;        /* X-CSRF-Token header, or NULL */
    int secure_cookies;      /* behind TLS: Secure + __Host- prefix */
    struct lf_ctx *ctx;
    struct lf_who who;       /* filled before the handler for non-public routes */
    void *prepared;          /* from route->prepare, for the handler */
    void (*prepared_free)(void *);

    /* reply */
    int status;
    struct buf out;          /* JSON body */
    char set_cookie[192];
    unsigned delay_ms;       /* answer no sooner (failed login) */
    const char *content_type;   /* NULL: JSON */
    char filename[96];          /* "": inline; else a download (ASCII name) */
};

/* routes.c */
const struct route *routes_match(enum http_method m, const char *path, size_t len,
                                 char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX],
                                 int *path_known);
size_t routes_max_body(void);
/* "GET, PATCH": the methods of the routes matching path, for 405's Allow. */
void routes_allowed(const char *path, size_t len, char *out, size_t n);

/* reply.c: each returns 0 so handlers can `return http_reply_...`. */
int http_reply_err(struct http_call *c, const struct lf_err *err);
/* Steals root (json_decref'd). */
int http_reply_json(struct http_call *c, int status, json_t *root);
int http_reply_empty(struct http_call *c, int status);
/* An export's way out: http_export_begin() makes a private temporary file
 * into path[64]; the core writes the spreadsheet there; http_reply_export()
 * sends it (200, the sheet format's content type, filename) and removes it
 * (a failure of the core: call it with ok 0, it removes the file and
 * replies err). too_large is the reason when the file exceeds the
 * largest response. */
int http_export_begin(char path[64], struct lf_err *err);
int http_reply_export(struct http_call *c, const char *path, int ok, int sheet_format,
                      const char *filename, const char *too_large, const struct lf_err *err);

/* json.c: decoding request bodies with errors that name the field.
 *
 * Every JSON body is read against the table of the members its route
 * declares (the handler's static const struct json_member[], ended by
 * JSON_MEMBERS_END): a member the table lacks is refused (400 naming it),
 * and each member present is checked for its type and range whatever the
 * other members say, before the handler reads it. json_body_object() takes
 * the table, so a handler cannot read a body without declaring it. A null
 * member counts as absent (PATCH: "clear"), unless it is required. */
enum json_mtype {
    JM_STRING,
    JM_INT,            /* a JSON integer in [min, max], or one of one_of */
    JM_BOOL,
    JM_DATE,           /* "YYYY-MM-DD" exactly, a day that exists */
    JM_TIME,           /* RFC 3339 with an offset ("2026-02-03T08:00:00+08:00",
                          "...Z"), or local "YYYY-MM-DDTHH:MM[:SS]" read in
                          the deployment's zone (Beijing time, UTC+8) */
    JM_NUMBER_OR_TEXT, /* a number, or a string the core reads (°C) */
    JM_ARRAY,          /* an array of objects, each read against items */
};
#define JM_REQUIRED 1u
#define JSON_ID_MAX 9007199254740991LL   /* 2^53 - 1: exact in every client */
struct json_member {
    const char *name;
    enum json_mtype type;
    unsigned flags;                   /* JM_REQUIRED */
    long long min, max;               /* JM_INT */
    const char *one_of;               /* JM_INT: "0, 1, 2, 9", or NULL */
    const struct json_member *items;  /* JM_ARRAY */
};
#define JSON_MEMBERS_END { NULL, JM_STRING, 0, 0, 0, NULL, NULL }
/* The body as a JSON object whose members agree with the table; NULL and
 * LF_ERR_INVALID naming the member at fault ("scans[3].at"), or "body"
 * when it is not a JSON object at all. */
json_t *json_body_object(const struct http_call *c, const struct json_member *members,
                         struct lf_err *err);
/* The strict rules of JM_DATE and JM_TIME, for a string read otherwise
 * (the plain scan batch reader): 0, or -1 with err naming field. */
int json_check_date(const char *s, const char *field, struct lf_err *err);
int json_check_time(const char *s, const char *field, struct lf_err *err);
/* A string member: NULL and no error when absent and !required; error when
 * present with another type, or longer than max_bytes. Borrowed from obj. */
const char *json_str(json_t *obj, const char *key, int required, size_t max_bytes,
                     struct lf_err *err);
/* A boolean member: -1 absent, 0 or 1; error (and -2) for another type. */
int json_bool(json_t *obj, const char *key, struct lf_err *err);
/* Query parameter name, URL-decoded into out[n]; 1 found, 0 absent. */
int http_query(const struct http_call *c, const char *name, char *out, size_t n);
/* A non-negative integer parameter: *out = 0 when absent or empty; -1 and
 * LF_ERR_INVALID naming the parameter for anything else than digits. */
int http_query_int(const struct http_call *c, const char *name, long long *out,
                   struct lf_err *err);

/* Encoders shared by several handlers. */
json_t *json_from_node(const struct node *n);
json_t *json_from_user(const struct user *u);
json_t *json_from_who(const struct lf_who *who);
json_t *json_from_checkpoint(const struct lf_ctx *ctx, const struct checkpoint *c);
/* A person, masked (h_ledger.c); with the household's address unless NULL. */
json_t *json_from_person(const struct person *p, const char *address);
/* Paged lists (h_search.c): "total", "page", "per", "pages" of a page. */
json_t *json_page_info(const struct page_info *pi);
/* The paging parameters page, per (or the older limit) and sort of a
 * list: *page and *per 0 when absent; sort copied as given ("" absent).
 * Numbers out of range are passed on for page_parse() to refuse. */
int http_query_page(const struct http_call *c, long *page, long *per, char *sort,
                    size_t sort_n, struct lf_err *err);

/* handlers */
int h_health(struct http_call *c);
int h_login(struct http_call *c);
int h_logout(struct http_call *c);
int h_me(struct http_call *c);
int h_roles(struct http_call *c);
int h_meta(struct http_call *c);
/* GET /me's "rights" (names), "nav" (the modules who may open, in tab
 * order: {id, label, href, right}) and "meta_version" (h_meta.c). */
void json_add_access(json_t *o, const struct lf_who *who);
int h_node_get(struct http_call *c);
int h_node_children(struct http_call *c);
int h_node_create(struct http_call *c);
int h_node_rename(struct http_call *c);
int h_node_import(struct http_call *c);
int h_duty_list(struct http_call *c);
int h_duty_assign(struct http_call *c);
int h_duty_end(struct http_call *c);
int h_user_list(struct http_call *c);
int h_user_create(struct http_call *c);
int h_user_update(struct http_call *c);
int h_audit_list(struct http_call *c);
int h_audit_person(struct http_call *c);
int h_household_create(struct http_call *c);
int h_person_create(struct http_call *c);
int h_person_search(struct http_call *c);
int h_ledger_import(struct http_call *c);
int h_ledger_export(struct http_call *c);
int h_ledger_export_full(struct http_call *c);
int h_person_get(struct http_call *c);
int h_person_update(struct http_call *c);
int h_person_move(struct http_call *c);
int h_person_delete(struct http_call *c);
int h_person_history(struct http_call *c);
int h_person_transfer(struct http_call *c);
int h_household_get(struct http_call *c);
int h_household_update(struct http_call *c);
int h_household_move(struct http_call *c);
int h_household_delete(struct http_call *c);
int h_household_history(struct http_call *c);
int h_transfer_list(struct http_call *c);
int h_transfer_decide(struct http_call *c);
int h_round_open(struct http_call *c);
int h_round_close(struct http_call *c);
int h_round_current(struct http_call *c);
int h_visit_list(struct http_call *c);
int h_visit_record(struct http_call *c);
int h_coverage(struct http_call *c);
int h_public_children(struct http_call *c);
int h_public_root(struct http_call *c);
int h_self_report_submit(struct http_call *c);
int h_scan_self(struct http_call *c);
int h_scan_batch(struct http_call *c);
int h_scan_purge(struct http_call *c);
int h_trajectory(struct http_call *c);
int h_self_report_list(struct http_call *c);
int h_self_report_decide(struct http_call *c);
int h_arrival_list(struct http_call *c);
int h_arrival_create(struct http_call *c);
int h_arrival_place(struct http_call *c);
int h_venue_types(struct http_call *c);
int h_venue_apply(struct http_call *c);
int h_venue_list(struct http_call *c);
int h_venue_counts(struct http_call *c);
int h_venue_get(struct http_call *c);
int h_venue_decide(struct http_call *c);
int h_venue_qr_png(struct http_call *c);
int h_venue_qr_svg(struct http_call *c);
int h_venue_public(struct http_call *c);
int h_checkpoint_create(struct http_call *c);
int h_checkpoint_list(struct http_call *c);
int h_checkpoint_get(struct http_call *c);
int h_checkpoint_qr_png(struct http_call *c);
int h_checkpoint_qr_svg(struct http_call *c);
int h_checkpoint_stats(struct http_call *c);
int h_public_checkpoint(struct http_call *c);
int h_pass_submit(struct http_call *c);
int h_pass_public_get(struct http_call *c);
int h_pass_qr_svg(struct http_call *c);
int h_pass_get(struct http_call *c);
int h_pass_check(struct http_call *c);
int h_referral_list(struct http_call *c);
int h_referral_update(struct http_call *c);

/* cases, trajectories, contacts, chains (h_case.c, h_contact.c) */
/* The {id} of the path (the first parameter), or 0 with err set. */
int64_t http_path_id(const struct http_call *c, struct lf_err *err);
/* An optional id member: *out 0 when absent or null; error for another type. */
int json_id(json_t *obj, const char *key, int64_t *out, struct lf_err *err);
json_t *json_from_case(const struct epi_case *c);
int h_case_list(struct http_call *c);
int h_case_create(struct http_call *c);
int h_case_get(struct http_call *c);
int h_case_update(struct http_call *c);
int h_case_status(struct http_call *c);
int h_case_trajectory(struct http_call *c);
int h_case_trajectory_add(struct http_call *c);
int h_case_trajectory_export(struct http_call *c);
int h_case_chain(struct http_call *c);
int h_contact_propose(struct http_call *c);
int h_contact_list(struct http_call *c);
int h_contact_decide(struct http_call *c);
int h_chains(struct http_call *c);

#endif
