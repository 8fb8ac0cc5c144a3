/*
 * err_uses.h - the error texts written literally in src/, as listed by
 * scripts/err-formats.mjs into build/gen/err_uses.c for err_table.c's test.
 */
#ifndef LF_TEST_ERR_USES_H
#define LF_TEST_ERR_USES_H

struct err_format_use {
    const char *where;  /* "src/core/validate.c:238" */
    const char *setter; /* "lf_err_set", "send_error", ... */
    int passed;         /* 1: a reason passed through "%s": its row has no conversions */
    const char *text;   /* the format or the reason, as the code writes it */
};
extern const struct err_format_use err_format_uses[]; /* ends with a NULL where */

#endif
