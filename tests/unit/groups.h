/*
 * groups.h - the unit-test groups, one per tested module. Each tests/unit/
 * <dir>/<module>.c defines int test_group_<module>(void), which calls
 * cmocka_run_group_tests() and returns its failure count. Add a line here
 * for a new file.
 */
#define TEST_GROUPS(X) \
    X(err)             \
    X(err_table)       \
    X(op)              \
    X(deploy)          \
    X(buf)             \
    X(validate)        \
    X(mask)            \
    X(csv)             \
    X(sheet)           \
    X(store)           \
    X(db)              \
    X(node)            \
    X(duty)            \
    X(auth)             \
    X(http)             \
    X(connlimit)        \
    X(ledger)          \
    X(qr)              \
    X(synth)           \
    X(synth_move)      \
    X(scan)            \
    X(venue)           \
    X(checkpoint)      \
    X(tracing)         \
    X(case)            \
    X(tracing_eval)    \
    X(role)            \
    X(nav)             \
    X(labels)

#define TEST_GROUP_DECL(name) int test_group_##name(void);
TEST_GROUPS(TEST_GROUP_DECL)
#undef TEST_GROUP_DECL
