/*
 * routes.c - the route table, which doubles as the index of the JSON API
 * (docs/API.md describes each). Literal segments are listed before ":param"
 * ones that could also match, since the first match wins.
 */
#include <stdio.h>
#include <string.h>

#include "http/http.h"

#define KiB 1024u
#define MiB (1024u * 1024u)

static const struct route routes[] = {
    { HTTP_GET,   "/healthz",                     h_health,        ROUTE_PUBLIC, 0 },
    { HTTP_GET,   "/api/v1/healthz",              h_health,        ROUTE_PUBLIC, 0 },
    { HTTP_POST,  "/api/v1/login",                h_login,         ROUTE_PUBLIC, 4 * KiB },
    { HTTP_POST,  "/api/v1/logout",               h_logout,        ROUTE_WRITER, 0 },
    { HTTP_GET,   "/api/v1/me",                   h_me,            ROUTE_LOOP, 0 },
    { HTTP_GET,   "/api/v1/roles",                h_roles,         ROUTE_LOOP, 0 },
    /* the label tables: the same for everyone, public pages included */
    { HTTP_GET,   "/api/v1/meta",                 h_meta,          ROUTE_PUBLIC | ROUTE_LOOP, 0 },
    { HTTP_POST,  "/api/v1/nodes/import",         h_node_import,   ROUTE_WRITER, 8 * MiB },
    { HTTP_POST,  "/api/v1/nodes",                h_node_create,   ROUTE_WRITER, 16 * KiB },
    { HTTP_GET,   "/api/v1/nodes/:code",          h_node_get,      0, 0 },
    { HTTP_PATCH, "/api/v1/nodes/:code",          h_node_rename,   ROUTE_WRITER, 16 * KiB },
    { HTTP_GET,   "/api/v1/nodes/:code/children", h_node_children, 0, 0 },
    /* duty assignments (包抓); reads show officials' phones: audited */
    { HTTP_GET,   "/api/v1/duties",               h_duty_list,     ROUTE_WRITER, 0 },
    { HTTP_POST,  "/api/v1/duties",               h_duty_assign,   ROUTE_WRITER, 16 * KiB },
    { HTTP_POST,  "/api/v1/duties/:id/end",       h_duty_end,      ROUTE_WRITER, 16 * KiB },
    /* user changes hash passwords (argon2id, ~50 ms): worker pool, not the
     * writer; their few writes take SQLite's write lock directly */
    { HTTP_GET,   "/api/v1/users",                h_user_list,     ROUTE_WRITER, 0 },
    { HTTP_POST,  "/api/v1/users",                h_user_create,   0, 16 * KiB },
    { HTTP_PATCH, "/api/v1/users/:id",            h_user_update,   0, 16 * KiB },
    { HTTP_GET,   "/api/v1/audit",                h_audit_list,    ROUTE_WRITER, 0 },
    { HTTP_GET,   "/api/v1/audit/person",         h_audit_person,  ROUTE_WRITER, 0 },
    /* the screening ledger; reads of persons are audited, so they write */
    { HTTP_POST,  "/api/v1/households",           h_household_create, ROUTE_WRITER, 16 * KiB },
    { HTTP_POST,  "/api/v1/persons",              h_person_create, ROUTE_WRITER, 16 * KiB },
    { HTTP_GET,   "/api/v1/persons",              h_person_search, ROUTE_WRITER, 0 },
    { HTTP_POST,  "/api/v1/ledger/import",        h_ledger_import, ROUTE_WRITER, 8 * MiB },
    /* corrections: each with its history lines, in one transaction */
    { HTTP_GET,   "/api/v1/persons/:id",          h_person_get,    ROUTE_WRITER, 0 },
    { HTTP_PATCH, "/api/v1/persons/:id",          h_person_update, ROUTE_WRITER, 16 * KiB },
    { HTTP_POST,  "/api/v1/persons/:id/move",     h_person_move,   ROUTE_WRITER, 16 * KiB },
    { HTTP_POST,  "/api/v1/persons/:id/transfer", h_person_transfer, ROUTE_WRITER, 16 * KiB },
    { HTTP_POST,  "/api/v1/persons/:id/delete",   h_person_delete, ROUTE_WRITER, 16 * KiB },
    { HTTP_GET,   "/api/v1/persons/:id/history",  h_person_history, ROUTE_WRITER, 0 },
    { HTTP_GET,   "/api/v1/households/:id",       h_household_get, ROUTE_WRITER, 0 },
    { HTTP_PATCH, "/api/v1/households/:id",       h_household_update, ROUTE_WRITER, 16 * KiB },
    { HTTP_POST,  "/api/v1/households/:id/move",  h_household_move, ROUTE_WRITER, 16 * KiB },
    { HTTP_POST,  "/api/v1/households/:id/delete", h_household_delete, ROUTE_WRITER, 16 * KiB },
    { HTTP_GET,   "/api/v1/households/:id/history", h_household_history, ROUTE_WRITER, 0 },
    { HTTP_GET,   "/api/v1/transfers",            h_transfer_list, ROUTE_WRITER, 0 },
    { HTTP_POST,  "/api/v1/transfers/:id/decide", h_transfer_decide, ROUTE_WRITER, 16 * KiB },
    /* exports stream from a read transaction: the worker pool */
    { HTTP_GET,   "/api/v1/ledger/export",        h_ledger_export, 0, 0 },
    /* unmasked: argon2id of the password again, then the same stream */
    { HTTP_POST,  "/api/v1/ledger/export",        h_ledger_export_full, 0, 4 * KiB },
    { HTTP_GET,   "/api/v1/rounds/current",       h_round_current, 0, 0 },
    { HTTP_POST,  "/api/v1/rounds",               h_round_open,    ROUTE_WRITER, 16 * KiB },
    { HTTP_POST,  "/api/v1/rounds/:id/close",     h_round_close,   ROUTE_WRITER, 0 },
    { HTTP_GET,   "/api/v1/visits",               h_visit_list,    ROUTE_WRITER, 0 },
    { HTTP_POST,  "/api/v1/visits",               h_visit_record,  ROUTE_WRITER, 16 * KiB },
    { HTTP_GET,   "/api/v1/coverage",             h_coverage,      0, 0 },
    { HTTP_GET,   "/api/v1/arrivals",             h_arrival_list,  ROUTE_WRITER, 0 },
    { HTTP_POST,  "/api/v1/arrivals",             h_arrival_create, ROUTE_WRITER, 16 * KiB },
    { HTTP_POST,  "/api/v1/arrivals/:id/place",   h_arrival_place, ROUTE_WRITER, 4 * KiB },
    { HTTP_GET,   "/api/v1/self-reports",         h_self_report_list, ROUTE_WRITER, 0 },
    { HTTP_POST,  "/api/v1/self-reports/:id/decide", h_self_report_decide, ROUTE_WRITER, 16 * KiB },
    /* venue codes (场所码); lists and reads show the operator's contact
     * (audited, so they write); counts and QR images hold no personal data */
    { HTTP_GET,   "/api/v1/venues/types",         h_venue_types,   ROUTE_LOOP, 0 },
    { HTTP_GET,   "/api/v1/venues/counts",        h_venue_counts,  0, 0 },
    { HTTP_POST,  "/api/v1/venues",               h_venue_apply,   ROUTE_WRITER, 16 * KiB },
    { HTTP_GET,   "/api/v1/venues",               h_venue_list,    ROUTE_WRITER, 0 },
    { HTTP_GET,   "/api/v1/venues/:id",           h_venue_get,     ROUTE_WRITER, 0 },
    { HTTP_POST,  "/api/v1/venues/:id/decide",    h_venue_decide,  ROUTE_WRITER, 16 * KiB },
    { HTTP_GET,   "/api/v1/venues/:id/qr.png",    h_venue_qr_png,  0, 0 },
    { HTTP_GET,   "/api/v1/venues/:id/qr.svg",    h_venue_qr_svg,  0, 0 },
    /* the public scan page (场所码 扫码): no account */
    { HTTP_GET,   "/api/v1/public/venues/:code",  h_venue_public,  ROUTE_PUBLIC | ROUTE_PRIORITY, 0 },
    /* the public self-report page (社区报备): no account */
    { HTTP_GET,   "/api/v1/public/root",          h_public_root,   ROUTE_PUBLIC, 0 },
    { HTTP_GET,   "/api/v1/public/nodes/:code/children", h_public_children, ROUTE_PUBLIC, 0 },
    { HTTP_POST,  "/api/v1/public/self-reports",  h_self_report_submit, ROUTE_PUBLIC | ROUTE_WRITER, 16 * KiB },
    { HTTP_POST,  "/api/v1/public/scans",         h_scan_self,     ROUTE_PUBLIC | ROUTE_WRITER | ROUTE_PRIORITY, 4 * KiB },
    { HTTP_POST,  "/api/v1/scans/batch",          h_scan_batch,    ROUTE_WRITER | ROUTE_PREPARED, 32 * MiB },
    { HTTP_POST,  "/api/v1/scans/purge",          h_scan_purge,    ROUTE_WRITER, 4 * KiB },
    { HTTP_GET,   "/api/v1/persons/:id/trajectory", h_trajectory,  ROUTE_WRITER, 0 },
    /* checkpoints (卡点) and the daily pass (一码通行); counts and QR codes
     * hold no personal data and read on the worker pool */
    { HTTP_GET,   "/api/v1/checkpoints/stats",    h_checkpoint_stats, 0, 0 },
    { HTTP_GET,   "/api/v1/checkpoints",          h_checkpoint_list, 0, 0 },
    { HTTP_POST,  "/api/v1/checkpoints",          h_checkpoint_create, ROUTE_WRITER, 16 * KiB },
    { HTTP_GET,   "/api/v1/checkpoints/:id",      h_checkpoint_get, 0, 0 },
    { HTTP_GET,   "/api/v1/checkpoints/:id/qr.png", h_checkpoint_qr_png, 0, 0 },
    { HTTP_GET,   "/api/v1/checkpoints/:id/qr.svg", h_checkpoint_qr_svg, 0, 0 },
    /* a staff read shows the full ID number: audited, so it writes */
    { HTTP_GET,   "/api/v1/passes/:code",         h_pass_get,      ROUTE_WRITER | ROUTE_PRIORITY, 0 },
    { HTTP_POST,  "/api/v1/passes/:code/checks",  h_pass_check,    ROUTE_WRITER | ROUTE_PRIORITY, 16 * KiB },
    { HTTP_GET,   "/api/v1/referrals",            h_referral_list, ROUTE_WRITER, 0 },
    { HTTP_PATCH, "/api/v1/referrals/:id",        h_referral_update, ROUTE_WRITER, 16 * KiB },
    /* the public pass pages: no account; showing one's pass never waits
     * behind the writer */
    { HTTP_GET,   "/api/v1/public/checkpoints/:code", h_public_checkpoint, ROUTE_PUBLIC, 0 },
    { HTTP_POST,  "/api/v1/public/passes",        h_pass_submit,   ROUTE_PUBLIC | ROUTE_WRITER, 16 * KiB },
    { HTTP_GET,   "/api/v1/public/passes/:code",  h_pass_public_get, ROUTE_PUBLIC | ROUTE_PRIORITY, 0 },
    { HTTP_GET,   "/api/v1/public/passes/:code/qr.svg", h_pass_qr_svg, ROUTE_PUBLIC, 0 },
    /* cases (确诊人员), trajectories, contacts (密接), chains (传播链): every
     * read of them is audited, so they all run on the writer */
    { HTTP_GET,   "/api/v1/cases",                h_case_list,     ROUTE_WRITER, 0 },
    { HTTP_POST,  "/api/v1/cases",                h_case_create,   ROUTE_WRITER, 16 * KiB },
    { HTTP_GET,   "/api/v1/cases/:id",            h_case_get,      ROUTE_WRITER, 0 },
    { HTTP_PATCH, "/api/v1/cases/:id",            h_case_update,   ROUTE_WRITER, 16 * KiB },
    { HTTP_POST,  "/api/v1/cases/:id/status",     h_case_status,   ROUTE_WRITER, 16 * KiB },
    { HTTP_GET,   "/api/v1/cases/:id/trajectory/export", h_case_trajectory_export, ROUTE_WRITER, 0 },
    { HTTP_GET,   "/api/v1/cases/:id/trajectory", h_case_trajectory, ROUTE_WRITER, 0 },
    { HTTP_POST,  "/api/v1/cases/:id/trajectory", h_case_trajectory_add, ROUTE_WRITER, 16 * KiB },
    { HTTP_GET,   "/api/v1/cases/:id/chain",      h_case_chain,    ROUTE_WRITER, 0 },
    { HTTP_POST,  "/api/v1/cases/:id/contacts/propose", h_contact_propose, ROUTE_WRITER, 0 },
    { HTTP_GET,   "/api/v1/cases/:id/contacts",   h_contact_list,  ROUTE_WRITER, 0 },
    { HTTP_POST,  "/api/v1/contacts/:id/decide",  h_contact_decide, ROUTE_WRITER, 16 * KiB },
    { HTTP_GET,   "/api/v1/chains",               h_chains,        ROUTE_WRITER, 0 },
};

#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))

/* Match pattern against path[0..len); fills params. */
static int match(const char *pat, const char *path, size_t len,
                 char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX])
{
    const char *p = path, *end = path + len;
    int np = 0;

    while (*pat) {
        if (*pat == ':') {
            const char *seg = p;
            size_t n;
            while (*pat && *pat != '/')
                pat++;
            while (p < end && *p != '/')
                p++;
            n = (size_t)(p - seg);
            if (n == 0 || n >= HTTP_PARAM_MAX || np == HTTP_MAX_PARAMS)
                return 0;
            memcpy(params[np], seg, n);
            params[np++][n] = '\0';
            continue;
        }
        if (p == end || *p != *pat)
            return 0;
        p++;
        pat++;
    }
    return p == end || (p + 1 == end && *p == '/');
}

const struct route *routes_match(enum http_method m, const char *path, size_t len,
                                 char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX],
                                 int *path_known)
{
    size_t i;

    *path_known = 0;
    for (i = 0; i < N_ROUTES; i++) {
        if (!match(routes[i].pattern, path, len, params))
            continue;
        *path_known = 1;
        if (routes[i].method == m)
            return &routes[i];
    }
    return NULL;
}

size_t routes_max_body(void)
{
    size_t i, max = 16 * KiB;

    for (i = 0; i < N_ROUTES; i++)
        if (routes[i].max_body > max)
            max = routes[i].max_body;
    return max;
}

void routes_allowed(const char *path, size_t len, char *out, size_t n)
{
    static const char *const names[] = { "GET", "POST", "PATCH", "PUT", "DELETE", "" };
    char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX];
    unsigned seen = 0;
    size_t i, o = 0;

    if (n)
        out[0] = '\0';
    for (i = 0; i < N_ROUTES; i++) {
        unsigned bit = 1u << routes[i].method;
        if ((seen & bit) || !match(routes[i].pattern, path, len, params))
            continue;
        seen |= bit;
        o += (size_t)snprintf(out + o, o < n ? n - o : 0, "%s%s", o ? ", " : "",
                              names[routes[i].method]);
        if (o >= n)
            break;
    }
}
