/*
 * cmd_eval.c - lianfang eval tracing --db DB [--cases N] [--json]
 *
 * Contact tracing measured against the outbreak `lianfang demo --outbreak
 * K` wrote (sim/tracing_eval.h): for each rule set, the recall (true
 * infectees named, close contacts only and close or secondary, and by how
 * they were infected) and the cost (people named per true infectee and per
 * case). One line per rule set: an aligned table, or with --json one JSON
 * object a line. docs/TRACING.md, "Tracing quality", explains the columns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "sim/tracing_eval.h"
#include "util/banned.h"

/* num / den * scale printed with fmt into buf, or none when den is 0. */
static const char *frac(long num, long den, double scale, const char *fmt,
                        const char *none, char *buf, size_t n)
{
    if (den == 0)
        snprintf(buf, n, "%s", none);
    else
        snprintf(buf, n, fmt, scale * (double)num / (double)den);
    return buf;
}

/* as a table: a percentage, a ratio; "-" for 0/0. In JSON: a number, null. */
#define PCT(num, den, buf) frac(num, den, 100.0, "%.1f%%", "-", buf, sizeof(buf))
#define RATIO(num, den, buf) frac(num, den, 1.0, "%.2f", "-", buf, sizeof(buf))
#define JNUM(num, den, buf) frac(num, den, 1.0, "%.4f", "null", buf, sizeof(buf))

static void print_table(const struct tracing_eval_set *sets,
                        const struct tracing_eval_result *res, size_t n)
{
    char a[16], b[16], c[16], d[16], e[16], f[16];
    size_t i;

    printf("%-13s %6s %9s %9s %7s %9s %9s %9s %10s\n", "rules", "cases", "infectees",
           "rec_close", "recall", "rec_venue", "rec_house", "named/inf", "named/case");
    for (i = 0; i < n; i++) {
        const struct tracing_eval_result *r = &res[i];
        printf("%-13s %6ld %9ld %9s %7s %9s %9s %9s %10s\n", sets[i].name, r->n_cases,
               r->n_infectees, PCT(r->n_found_close, r->n_infectees, a),
               PCT(r->n_found, r->n_infectees, b),
               PCT(r->n_found_by_kind[INFECTION_VENUE], r->n_by_kind[INFECTION_VENUE], c),
               PCT(r->n_found_by_kind[INFECTION_HOUSEHOLD],
                   r->n_by_kind[INFECTION_HOUSEHOLD], d),
               RATIO(r->n_named, r->n_infectees, e),
               RATIO(r->n_named, r->n_cases, f));
    }
}

static void print_json(const struct tracing_eval_set *sets,
                       const struct tracing_eval_result *res, size_t n)
{
    char a[16], b[16], c[16], d[16], e[16], f[16];
    size_t i;

    for (i = 0; i < n; i++) {
        const struct tracing_eval_result *r = &res[i];
        const struct tracing_rules *u = &sets[i].rules;
        printf("{\"rules\":\"%s\",\"days_before_onset\":%d,\"min_overlap_minutes\":%d,"
               "\"stay_minutes_override\":%d,\"vehicle_window_minutes\":%d,"
               "\"household\":%d,\"secondary\":%d,\"cases\":%ld,\"infectees\":%ld,"
               "\"found_close\":%ld,\"found\":%ld,\"named_close\":%ld,\"named\":%ld,"
               "\"infectees_venue\":%ld,\"found_venue\":%ld,"
               "\"infectees_household\":%ld,\"found_household\":%ld,"
               "\"recall_close\":%s,\"recall\":%s,\"recall_venue\":%s,"
               "\"recall_household\":%s,\"named_per_infectee\":%s,"
               "\"named_per_case\":%s}\n",
               sets[i].name, u->days_before_onset, u->min_overlap_minutes,
               u->stay_minutes_override, u->vehicle_window_minutes, u->household,
               u->secondary, r->n_cases, r->n_infectees, r->n_found_close, r->n_found,
               r->n_named_close, r->n_named, r->n_by_kind[INFECTION_VENUE],
               r->n_found_by_kind[INFECTION_VENUE], r->n_by_kind[INFECTION_HOUSEHOLD],
               r->n_found_by_kind[INFECTION_HOUSEHOLD],
               JNUM(r->n_found_close, r->n_infectees, a),
               JNUM(r->n_found, r->n_infectees, b),
               JNUM(r->n_found_by_kind[INFECTION_VENUE], r->n_by_kind[INFECTION_VENUE], c),
               JNUM(r->n_found_by_kind[INFECTION_HOUSEHOLD],
                    r->n_by_kind[INFECTION_HOUSEHOLD], d),
               JNUM(r->n_named, r->n_infectees, e),
               JNUM(r->n_named, r->n_cases, f));
    }
}

static int eval_tracing(int argc, char **argv)
{
    static const char *const opts[] = { "--db", "--cases", "--json!", NULL };
    static const char usage[] = "eval tracing --db DB [--cases N] [--json]";
    struct tracing_eval_set sets[TRACING_EVAL_N_SETS];
    struct tracing_eval_result res[TRACING_EVAL_N_SETS];
    struct lf_err err = LF_ERR_INIT;
    struct lf_ctx ctx;
    struct lf_who who;
    const char *db, *cases_s;
    long max_cases = 0;
    int rc;

    if ((rc = cli_check_opts("eval", argc - 1, argv + 1, opts, usage)))
        return rc;
    db = cli_opt(argc, argv, "--db");
    if (!db) {
        fprintf(stderr, "usage: lianfang %s\n", usage);
        return 2;
    }
    if ((cases_s = cli_opt(argc, argv, "--cases"))) {
        char *end;
        max_cases = strtol(cases_s, &end, 10);
        if (*end || end == cases_s || max_cases < 1) {
            fprintf(stderr, "lianfang eval: --cases: must be a positive number\n");
            return 2;
        }
    }
    tracing_eval_sets_default(sets);
    if (cli_open(db, 0, &ctx, &who, &err))
        return cli_fail("eval", &err);
    rc = tracing_eval(&ctx, sets, TRACING_EVAL_N_SETS, max_cases, res, &err) ? 1 : 0;
    deploy_close(&ctx);
    if (rc)
        return cli_fail("eval", &err);
    if (cli_flag(argc, argv, "--json"))
        print_json(sets, res, TRACING_EVAL_N_SETS);
    else
        print_table(sets, res, TRACING_EVAL_N_SETS);
    return 0;
}

int cmd_eval(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "tracing") == 0)
        return eval_tracing(argc, argv);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: lianfang eval tracing --db DB [--cases N] [--json]\n");
        return 3;
    }
    fprintf(stderr, "usage: lianfang eval tracing --db DB [--cases N] [--json]\n");
    return 2;
}
