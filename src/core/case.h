/*
 * case.h - cases and their investigation (确诊人员、流调信息, module 5):
 * a person's case with its status history, dates and source; its
 * trajectory (活动轨迹) from venue scans, checkpoint passes and the
 * epidemiologist's manual entries; and the transmission chains (传播链)
 * the source links make. Its contacts (密接) are contact.h's.
 *
 * Status moves only along case_transition_ok(): suspected → confirmed |
 * asymptomatic | excluded; asymptomatic → confirmed (symptoms came);
 * confirmed | asymptomatic → discharged | dead; excluded, discharged and
 * dead are final. Every change is a case_event row (from, to, when, who).
 *
 * A case sits at a node (the person's grid, else the reporting node);
 * reads need PERM_CASE_READ on it, changes PERM_CASE_WRITE. Every read of
 * a case, a list, a trajectory, contacts or chains is audited with the
 * change or the read itself. Errors: 0, or -1 with *err naming the field
 * and nothing changed. Returned lists are the caller's (the _free calls).
 */
#ifndef LF_CASE_H
#define LF_CASE_H
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/case.h"
#include "core/types/checkpoint.h"
#include "core/types/ledger.h"
#include "core/types/tracing.h"
#include "core/types/venue.h"
#include "core/labels.h"

struct tracing_rules;

enum case_status {
    CASE_SUSPECTED = 1,     /* 疑似 */
    CASE_CONFIRMED = 2,     /* 确诊 (symptomatic) */
    CASE_ASYMPTOMATIC = 3,  /* 无症状感染者 */
    CASE_EXCLUDED = 4,      /* 已排除 */
    CASE_DISCHARGED = 5,    /* 出院 */
    CASE_DEAD = 6           /* 死亡 */
};
#define CASE_STATUS_MAX 6

enum case_source { CASE_SOURCE_UNKNOWN = 0, CASE_SOURCE_IMPORTED = 1, CASE_SOURCE_LOCAL = 2 };

#define CASE_LIST_MAX 500
#define CASE_GRAPH_MAX 10000        /* cases in one chains view */

/* The statuses, sources, stop kinds and contact kinds and statuses of
 * this header with their labels (labels.h), in the pages' order. */
extern const struct lf_labels case_status_labels, case_source_labels,
    case_stop_kind_labels, contact_kind_labels, contact_status_labels;

/* "suspected" ..., and the Chinese labels (疑似 ...); "" for an unknown
 * value. case_status_parse() gives 0 for an unknown identifier. */
const char *case_status_id(int status);
const char *case_status_label(int status);
int case_status_parse(const char *id);
/* "unknown", "imported", "local"; labels 不明, 输入, 本土; parse: -1 unknown. */
const char *case_source_id(int source);
const char *case_source_label(int source);
int case_source_parse(const char *id);
/* 1 if a case may go from status `from` to `to` (the table above). */
int case_transition_ok(int from, int to);

/* A new case; strings borrowed, NULL or "" = not given. */
struct case_in {
    int64_t person_id;          /* the person, or: */
    const char *id_number;      /* the ledger's person with this ID number */
    const char *node;           /* default: the person's grid, else the caller's node */
    const char *status;         /* suspected (default), confirmed or asymptomatic */
    const char *onset_date;     /* YYYY-MM-DD, not in the future */
    const char *sample_date;    /* positive sample, not in the future */
    const char *isolation_date; /* not before onset, not in the future */
    const char *hospital;       /* designated hospital, up to 64 characters */
    const char *source;         /* unknown (default), imported, local */
    int64_t source_case_id;     /* 0: none; a confirmed or asymptomatic case */
    const char *source_remarks;
    const char *remarks;        /* of the first event */
    /* intake (case_create only): an id_number the ledger does not have,
     * with a name, registers the person in the same transaction: in a
     * household at address when node is a grid (address required then),
     * else without a household (the address then goes into the first
     * event's remarks) */
    const char *name;
    const char *phone;          /* optional */
    const char *address;
};

/* Which members of a case_in a change sets (PATCH): the others stay. An
 * empty date clears it; source_case_id 0 clears the link. */
enum case_set {
    CASE_SET_ONSET = 1 << 0,
    CASE_SET_SAMPLE = 1 << 1,
    CASE_SET_ISOLATION = 1 << 2,
    CASE_SET_HOSPITAL = 1 << 3,
    CASE_SET_SOURCE = 1 << 4,
    CASE_SET_SOURCE_CASE = 1 << 5,
    CASE_SET_SOURCE_REMARKS = 1 << 6
};

/* Report a case (PERM_CASE_WRITE at its node). Fails with NOTFOUND
 * "person_id"/"id_number" for an unknown person (unless in->name asks for
 * intake, see case_in), CONFLICT "person_id" when
 * the person has a case already (one not excluded), INVALID naming the
 * date, "status" or "source_case_id" (itself, unknown, not positive). */
int case_create(struct lf_ctx *ctx, const struct lf_who *who, const struct case_in *in,
                struct epi_case *out, struct lf_err *err);
/* Change the members of in that `set` names; the result is checked as a
 * whole (isolation before onset, a source that makes a cycle). */
int case_update(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                const struct case_in *in, unsigned set, struct epi_case *out,
                struct lf_err *err);
/* Move the status; INVALID "status" for a change the table forbids. */
int case_set_status(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                    const char *status, const char *remarks, struct epi_case *out,
                    struct lf_err *err);
/* One case with its history (audited case.read). */
int case_get(struct lf_ctx *ctx, const struct lf_who *who, int64_t id, struct epi_case *out,
             struct case_event_list *events, struct lf_err *err);
/* Cases of node's subtree (NULL/"": the caller's), status "" or one
 * status identifier, newest first, at most CASE_LIST_MAX (audited). */
int case_list(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
              const char *status, struct epi_case_list *out, struct lf_err *err);

void epi_case_list_free(struct epi_case_list *l);
/* Inside the case module (case.c, case_chain.c): name every case's person
 * as a subject of op's audit row (op.h, who looked at whom). Returns 0. */
struct op;
int case__subjects(struct op *op, const struct epi_case_list *l);
void case_event_list_free(struct case_event_list *l);

/* --- trajectory (活动轨迹) ------------------------------------------------ */

enum case_stop_kind {
    CASE_STOP_SCAN = 1,         /* a venue scan: a stay of the type's length */
    CASE_STOP_PASS = 2,         /* a checkpoint pass submitted */
    CASE_STOP_CHECK = 3,        /* a pass checked at a checkpoint */
    CASE_STOP_MANUAL = 4        /* the epidemiologist's entry */
};

/* "scan", "pass", "check", "manual"; "" for an unknown kind. */
const char *case_stop_kind_id(int kind);

struct case_stop {
    int kind;                   /* enum case_stop_kind */
    int64_t ref_id;             /* entry, pass or check id; 0 for scans */
    int64_t from_utc, to_utc;
    int64_t venue_id, checkpoint_id;   /* 0: none */
    int venue_type;
    char place[VENUE_NAME_CHARS * 4 + 1];   /* venue, checkpoint or place */
    char address[ADDRESS_CHARS * 4 + 1];
    char plate[PLATE_MAX];
    int temp_tenths, outcome;   /* checks */
    char remarks[REMARKS_CHARS * 4 + 1];
};

struct case_trajectory {
    struct epi_case c;
    int64_t from_utc, to_utc;   /* the window shown */
    struct case_stop *items;    /* by from_utc */
    size_t n;
};

struct trajectory_entry_in {
    const char *place;          /* 1-64 characters; default: the venue's name */
    const char *address;
    int64_t venue_id;           /* 0 or an existing venue (else 400 venue_id) */
    const char *from, *to;      /* date-times; to >= from, neither in the future */
    const char *remarks;
};

/* The case's stops in [from, to) (0, 0: from 14 days before the earliest
 * of onset, sample and report, until now), merged by time (audited). */
int case_trajectory(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                    int64_t from_utc, int64_t to_utc, struct case_trajectory *out,
                    struct lf_err *err);
void case_trajectory_free(struct case_trajectory *t);
/* Add a manual stop (PERM_CASE_WRITE). */
int case_trajectory_add(struct lf_ctx *ctx, const struct lf_who *who, int64_t case_id,
                        const struct trajectory_entry_in *in, struct trajectory_entry *out,
                        struct lf_err *err);
/* The trajectory as a spreadsheet at path (enum sheet_format), ID masked
 * and written as text; audited with the row count. */
int case_trajectory_export(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                           int format, const char *path, long *n_rows, struct lf_err *err);

/* --- transmission chains (传播链) ------------------------------------------ */

/* The cases of a subtree ordered chain by chain: each chain's root (a case
 * whose source is none or outside the view) first, then its descendants
 * depth first. chain[i] numbers the chain from 0, depth[i] counts from 0. */
struct case_graph {
    struct epi_case_list cases;
    int *chain;
    int *depth;
    size_t n_chains;
};

/* Every case of node's subtree (NULL/"": the caller's) as chains (audited). */
int case_graph(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
               struct case_graph *out, struct lf_err *err);
/* The one chain that holds case id, within the caller's jurisdiction. */
int case_chain(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
               struct case_graph *out, struct lf_err *err);
void case_graph_free(struct case_graph *g);

#endif
