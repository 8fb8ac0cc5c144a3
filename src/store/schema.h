/*
 * schema.h - the migrations compiled into the program (scripts/embed-sql
 * makes build/gen/schema_sqlite.c from src/store/schema/sqlite/NNNN_*.sql).
 * Version N is the file numbered N; the list ends with a zero entry.
 */
#ifndef LF_SCHEMA_H
#define LF_SCHEMA_H

struct schema_migration {
    int version;
    const char *name;
    const char *sql;
};

extern const struct schema_migration schema_sqlite[];

#endif
