/*
 * schema.h - the migrations compiled into the program (scripts/embed-sql
 * makes build/gen/schema_<engine>.c from src/store/schema/<engine>/NNNN_*.sql).
 * Version N is the file numbered N, the same change on every engine; each
 * list ends with a zero entry.
 */
#ifndef LF_SCHEMA_H
#define LF_SCHEMA_H

struct schema_migration {
    int version;
    const char *name;
    const char *sql;
};

extern const struct schema_migration schema_sqlite[];
extern const struct schema_migration schema_pg[];

#endif
