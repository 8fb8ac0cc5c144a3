/*
 * records.h - the plain structs that cross between the core, the store and
 * the front ends. No functions here. Text fields are fixed-size UTF-8,
 * NUL-terminated; sizes allow the validated maximum in characters × 4 bytes.
 * Times are UTC seconds.
 */
#ifndef LF_RECORDS_H
#define LF_RECORDS_H
#include <stddef.h>
#include <stdint.h>

#define NODE_CODE_MAX 16          /* 15 digits (a grid) + NUL */
#define NODE_NAME_CHARS 64
#define USERNAME_MAX 33           /* 3-32 of [a-z0-9_.-] */
#define DISPLAY_NAME_CHARS 32
#define ADDR_MAX 48               /* textual IPv6 + NUL */

/* The levels of the jurisdiction tree (市/区县/乡镇街道/村社区/网格); the code
 * length gives the level: 2, 4, 6, 9, 12, 15 digits. */
enum node_kind {
    NODE_PROVINCE = 1,
    NODE_CITY,
    NODE_COUNTY,
    NODE_TOWN,
    NODE_COMMUNITY,
    NODE_GRID
};

struct node {
    char code[NODE_CODE_MAX];
    char parent[NODE_CODE_MAX];   /* "" for the deployment's root */
    enum node_kind kind;
    char name[NODE_NAME_CHARS * 4 + 1];
    int is_real;                  /* from the national division table */
    int n_children;               /* filled by listings */
    int64_t created_utc;
    int64_t updated_utc;
};

struct node_list {
    struct node *items;
    size_t n;
};

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

struct session {
    unsigned char token_hash[32];
    int64_t user_id;
    int64_t created_utc;
    int64_t last_seen_utc;
    char addr[ADDR_MAX];
};

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

/* --- the screening ledger (排查台账) --------------------------------------- */

#define ADDRESS_CHARS 128
#define PERSON_NAME_CHARS 32
#define RELATION_CHARS 8
#define ID_NUMBER_MAX 19         /* 18 + NUL */
#define PHONE_MAX 12             /* 11 + NUL */

/* What other modules mark on a person. */
enum person_flags {
    PERSON_ARRIVAL = 1 << 0,     /* 来返人员 within the watch period */
    PERSON_QUARANTINE = 1 << 1,
    PERSON_CASE = 1 << 2,
    PERSON_CONTACT = 1 << 3,
    PERSON_HEAD = 1 << 4,        /* head of household (户主) */
    PERSON_FEVER = 1 << 5        /* a fever (≥ 37.3 °C) found at a checkpoint */
};

struct household {
    int64_t id;
    char grid[NODE_CODE_MAX];
    char address[ADDRESS_CHARS * 4 + 1];
    int n_members;
    int64_t created_utc;
    int64_t updated_utc;
};

#define BIRTH_UNKNOWN INT64_MIN

struct person {
    int64_t id;
    int64_t household_id;
    char grid[NODE_CODE_MAX];
    char name[PERSON_NAME_CHARS * 4 + 1];
    char id_number[ID_NUMBER_MAX];   /* "" if none (a foreigner, a newborn) */
    int sex;                         /* GB/T 2261.1: 0 unknown, 1, 2, 9 */
    int64_t birth_days;              /* BIRTH_UNKNOWN if not known */
    char phone[PHONE_MAX];
    char relation[RELATION_CHARS * 4 + 1];
    int is_floating;                 /* 流动人口 */
    unsigned flags;                  /* enum person_flags */
    int64_t created_utc;
    int64_t updated_utc;
};

/* A person as lists show them: with the household's address. */
struct person_row {
    struct person p;
    char address[ADDRESS_CHARS * 4 + 1];
};

struct person_list {
    struct person_row *items;
    size_t n;
};

/* Filter of person_list(): all given conditions hold. */
struct person_query {
    const char *node;            /* subtree; required */
    const char *id_number;       /* exact */
    const char *name;            /* exact */
    const char *phone;           /* exact */
    const char *address;         /* substring of the household address */
    int64_t household_id;        /* 0 = any */
    unsigned limit;              /* 1..500 */
    int64_t after_id;            /* paging: persons with a larger id */
    int visitors;                /* also persons without a grid (known only
                                    from scans or passes: they belong to the
                                    deployment's top) */
};

/* Outcome of a screening visit (入户排查). */
enum visit_outcome {
    VISIT_NONE = 0,              /* not visited in this round */
    VISIT_DONE = 1,              /* 已走访 */
    VISIT_NOBODY_HOME = 2,       /* 无人在家, come back */
    VISIT_EMPTY = 3,             /* 空置房 verified */
    VISIT_REFUSED = 4            /* 拒绝配合 */
};

struct screening_round {
    int64_t id;
    char node[NODE_CODE_MAX];
    int number;                  /* 1, 2, ... per node */
    char name[NODE_NAME_CHARS * 4 + 1];
    int64_t started_utc;
    int64_t closed_utc;          /* 0 = open */
};

/* A household as a grid worker's to-visit list shows it. */
struct household_row {
    struct household h;
    int outcome;                 /* enum visit_outcome in the round */
    int64_t visited_utc;
    char head_name[PERSON_NAME_CHARS * 4 + 1];
    char head_id[ID_NUMBER_MAX];     /* filled by store_household_page() */
    char head_phone[PHONE_MAX];
};

struct household_list {
    struct household_row *items;
    size_t n;
};

/* Coverage of one node in a round (不漏一户、不漏一人). */
struct coverage_row {
    char code[NODE_CODE_MAX];
    char name[NODE_NAME_CHARS * 4 + 1];
    long households, visited, nobody_home, empty, refused;
    long persons, floating, arrivals;
};

struct coverage {
    struct coverage_row total;
    struct coverage_row *children;
    size_t n_children;
};

enum risk_level { RISK_LOW = 0, RISK_MEDIUM = 1, RISK_HIGH = 2 };

enum report_status { REPORT_PENDING = 0, REPORT_CONFIRMED = 1, REPORT_REJECTED = 2 };

/* A community self-report (社区报备) from the public page. */
struct self_report {
    int64_t id;
    char community[NODE_CODE_MAX];
    char name[PERSON_NAME_CHARS * 4 + 1];
    char id_number[ID_NUMBER_MAX];
    char phone[PHONE_MAX];
    char address[ADDRESS_CHARS * 4 + 1];
    char origin_code[NODE_CODE_MAX];
    char origin_name[NODE_NAME_CHARS * 4 + 1];
    int64_t arrival_days;
    char transport[32 * 4 + 1];
    int status;                      /* enum report_status */
    int64_t reviewer_id;
    int64_t reviewed_utc;
    char reason[200 * 4 + 1];
    int64_t arrival_id;
    int64_t created_utc;
};

struct self_report_list {
    struct self_report *items;
    size_t n;
};

struct arrival {
    int64_t id;
    int64_t person_id;               /* 0 if not (yet) in the ledger */
    char grid[NODE_CODE_MAX];
    char name[PERSON_NAME_CHARS * 4 + 1];
    char id_number[ID_NUMBER_MAX];
    char phone[PHONE_MAX];
    char origin_code[NODE_CODE_MAX]; /* a division code, or "" */
    char origin_name[NODE_NAME_CHARS * 4 + 1];
    int64_t arrival_days;
    char transport[32 * 4 + 1];
    int risk_level;                  /* enum risk_level */
    int64_t created_utc;
};

struct arrival_list {
    struct arrival *items;
    size_t n;
};

/* --- venue scans (0004_scan.sql) ------------------------------------------ */

/* One scan as it goes into the store. */
struct scan_row {
    int64_t venue_id;
    int64_t at_utc;
    int64_t person_id;
};

/* One stop of a trajectory (活动轨迹): a scan with its venue. */
struct scan_stop {
    int64_t venue_id;
    int64_t at_utc;
    int venue_type;
    char venue_name[PERSON_NAME_CHARS * 4 + 1];
    char venue_address[ADDRESS_CHARS * 4 + 1];
    char venue_node[NODE_CODE_MAX];
};

struct scan_stop_list {
    struct scan_stop *items;
    size_t n;
};

/* --- venue codes (场所码) --------------------------------------------------- */

#define VENUE_NAME_CHARS 64
#define VENUE_CODE_LEN 16            /* base32 characters of the QR token */
#define VENUE_REASON_CHARS 200

enum venue_status { VENUE_APPLIED = 0, VENUE_APPROVED = 1, VENUE_REJECTED = 2 };

struct venue {
    int64_t id;
    char node[NODE_CODE_MAX];        /* the town, community or grid it is in */
    char node_name[NODE_NAME_CHARS * 4 + 1];   /* filled by reads */
    char name[VENUE_NAME_CHARS * 4 + 1];
    int type;                        /* enum venue_type (core/venue.h) */
    char address[ADDRESS_CHARS * 4 + 1];
    char contact_name[PERSON_NAME_CHARS * 4 + 1];
    char contact_phone[PHONE_MAX];
    int status;                      /* enum venue_status */
    char reason[VENUE_REASON_CHARS * 4 + 1];
    int64_t applicant_id;            /* 0: registered in bulk */
    int64_t reviewer_id;             /* 0: not decided */
    int64_t reviewed_utc;
    int64_t created_utc;
    char code[VENUE_CODE_LEN + 1];   /* "" until approved */
};

struct venue_list {
    struct venue *items;
    size_t n;
};

/* Filter of store_venue_list(): all given conditions hold; by id. */
struct venue_query {
    const char *node;                /* subtree; required */
    int status;                      /* enum venue_status, -1 = any */
    int64_t applicant_id;            /* 0 = anyone's */
    int64_t after_id;                /* paging: venues with a larger id */
    unsigned limit;                  /* 1..500 */
};

/* Venues of one node's subtree by status. */
struct venue_count_row {
    char code[NODE_CODE_MAX];
    char name[NODE_NAME_CHARS * 4 + 1];
    long applied, approved, rejected;
};

struct venue_counts {
    struct venue_count_row total;    /* the whole subtree */
    struct venue_count_row direct;   /* venues at the node itself, in no child */
    struct venue_count_row *children;
    size_t n_children;
};

/* --- checkpoints and passes (交通检疫、一码通行) ----------------------------- */

#define CODE_CHARS 16                /* random codes of checkpoints and passes */
#define PLATE_MAX 16                 /* 8 characters, the first one Chinese */
#define REMARKS_CHARS 200

/* A traffic checkpoint (卡点) run by the unit at node. */
struct checkpoint {
    int64_t id;
    char node[NODE_CODE_MAX];
    char name[NODE_NAME_CHARS * 4 + 1];
    char road[ADDRESS_CHARS * 4 + 1];    /* where: road, junction, station */
    char kind[16];                       /* checkpoint_kind_label() knows them */
    char code[CODE_CHARS + 1];           /* in its QR code */
    int64_t created_utc;
};

struct checkpoint_list {
    struct checkpoint *items;
    size_t n;
};

/* One submission of the public form, valid on day only (当日有效、全市通行). */
struct pass {
    int64_t id;
    char code[CODE_CHARS + 1];
    int64_t day;                         /* days since 1970-01-01 in UTC+8 */
    int64_t checkpoint_id;               /* where it was submitted */
    char checkpoint_name[NODE_NAME_CHARS * 4 + 1];   /* filled by reads */
    char name[PERSON_NAME_CHARS * 4 + 1];
    char id_number[ID_NUMBER_MAX];
    char phone[PHONE_MAX];
    char plate[PLATE_MAX];               /* "" for passengers, pedestrians */
    char origin_code[NODE_CODE_MAX];
    char origin_name[NODE_NAME_CHARS * 4 + 1];
    char remarks[REMARKS_CHARS * 4 + 1];
    int64_t person_id;                   /* 0 when not in the ledger */
    int64_t created_utc;
};

enum check_outcome { CHECK_PASSED = 1, CHECK_TURNED_BACK = 2 };  /* 放行, 劝返 */

/* One verification of a pass at a checkpoint. */
struct pass_check {
    int64_t id;
    int64_t pass_id;
    int64_t checkpoint_id;
    char checkpoint_name[NODE_NAME_CHARS * 4 + 1];   /* filled by reads */
    int64_t staff_id;
    int64_t at_utc;
    int64_t day;                         /* of at_utc, in UTC+8 */
    int temp_tenths;                     /* 0.1 °C */
    int id_confirmed;
    int outcome;                         /* enum check_outcome */
    int fever;
    char remarks[REMARKS_CHARS * 4 + 1];
};

struct pass_check_list {
    struct pass_check *items;
    size_t n;
};

enum referral_status { REFERRAL_PENDING = 0, REFERRAL_RECEIVED = 1, REFERRAL_CLOSED = 2 };

/* A fever referral (发热转诊) to the community the person belongs to. */
struct referral {
    int64_t id;
    int64_t check_id;
    int64_t person_id;                   /* 0 when not in the ledger */
    char community[NODE_CODE_MAX];       /* or a town/county, see referral.h */
    char community_name[NODE_NAME_CHARS * 4 + 1];    /* filled by reads */
    char name[PERSON_NAME_CHARS * 4 + 1];
    char id_number[ID_NUMBER_MAX];
    char phone[PHONE_MAX];
    int temp_tenths;
    int64_t checkpoint_id;               /* filled by reads, from the check */
    char checkpoint_name[NODE_NAME_CHARS * 4 + 1];
    int64_t checked_utc;
    int status;                          /* enum referral_status */
    int64_t handled_by;
    int64_t handled_utc;
    char remarks[REMARKS_CHARS * 4 + 1];
    int64_t created_utc;
};

struct referral_list {
    struct referral *items;
    size_t n;
};

/* The counts of one checkpoint on one day (or their sums in a total). */
struct checkpoint_day {
    struct checkpoint c;
    long vehicles;                       /* distinct plates checked */
    long persons;                        /* distinct ID numbers checked */
    long checks;                         /* checks (人次) */
    long fevers;
    long turned_back;                    /* 劝返 */
    long passes;                         /* passes submitted there */
};

struct checkpoint_stats {
    int64_t day;
    struct checkpoint_day total;
    struct checkpoint_day *rows;
    size_t n;
};

/* --- cases (确诊人员) and contacts (密接), src/core/case.h ---------------- */

#define CASE_NO_DATE INT64_MIN           /* a date not known (NULL) */
#define HOSPITAL_CHARS 64
#define PLACE_CHARS 64

struct epi_case {
    int64_t id;
    int64_t person_id;
    char node[NODE_CODE_MAX];            /* jurisdiction: person's grid or reporter's node */
    int status;                          /* enum case_status */
    int64_t onset_days;                  /* CASE_NO_DATE if none */
    int64_t sample_days;                 /* positive sample; CASE_NO_DATE if none */
    int64_t isolation_days;              /* CASE_NO_DATE if not yet */
    char hospital[HOSPITAL_CHARS * 4 + 1];
    int source;                          /* enum case_source */
    int64_t source_case_id;              /* 0: none */
    char source_remarks[REMARKS_CHARS * 4 + 1];
    int64_t created_by;
    int64_t created_utc;
    int64_t updated_utc;
    /* filled by reads: the person */
    char name[PERSON_NAME_CHARS * 4 + 1];
    char id_number[ID_NUMBER_MAX];
    char phone[PHONE_MAX];
    char grid[NODE_CODE_MAX];
};

struct epi_case_list {
    struct epi_case *items;
    size_t n;
};

struct case_event {
    int64_t id;
    int64_t case_id;
    int from_status, to_status;          /* from 0: the case was reported */
    int64_t at_utc;
    int64_t user_id;
    char username[USERNAME_MAX];         /* filled by reads; "" for the command line */
    char remarks[REMARKS_CHARS * 4 + 1];
};

struct case_event_list {
    struct case_event *items;
    size_t n;
};

struct trajectory_entry {
    int64_t id;
    int64_t case_id;
    char place[PLACE_CHARS * 4 + 1];
    char address[ADDRESS_CHARS * 4 + 1];
    int64_t venue_id;                    /* 0: not a registered venue */
    int64_t from_utc, to_utc;
    char remarks[REMARKS_CHARS * 4 + 1];
    int64_t created_by;
    int64_t created_utc;
};

/* A checkpoint pass of a person: submitted (check_id 0) or checked. */
struct pass_stop {
    int64_t pass_id;
    int64_t check_id;                    /* 0: the submission */
    int64_t at_utc;
    int64_t checkpoint_id;
    char checkpoint_name[NODE_NAME_CHARS * 4 + 1];
    char road[ADDRESS_CHARS * 4 + 1];
    char plate[PLATE_MAX];
    int temp_tenths;                     /* checks */
    int outcome;                         /* checks: enum check_outcome */
};

struct pass_stop_list {
    struct pass_stop *items;
    size_t n;
};

struct trajectory_entry_list {
    struct trajectory_entry *items;
    size_t n;
};

enum contact_status { CONTACT_PROPOSED = 0, CONTACT_CONFIRMED = 1, CONTACT_DISMISSED = 2 };

struct contact {
    int64_t id;
    int64_t case_id;
    int64_t person_id;
    int kind;                            /* enum contact_kind (tracing.h) */
    int64_t via_person_id, venue_id, checkpoint_id;   /* 0: none */
    char plate[PLATE_MAX];
    int64_t from_utc, to_utc;
    int overlap_minutes, n_encounters;
    int status;                          /* enum contact_status */
    int64_t decided_by, decided_at;
    char reason[REMARKS_CHARS * 4 + 1];
    int64_t proposed_utc;
    /* filled by reads */
    char name[PERSON_NAME_CHARS * 4 + 1];
    char id_number[ID_NUMBER_MAX];
    char phone[PHONE_MAX];
    char grid[NODE_CODE_MAX];
    char via_name[PERSON_NAME_CHARS * 4 + 1];
    char venue_name[VENUE_NAME_CHARS * 4 + 1];
    char checkpoint_name[NODE_NAME_CHARS * 4 + 1];
};

struct contact_list {
    struct contact *items;
    size_t n;
};

#endif
