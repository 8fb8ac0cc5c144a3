#!/usr/bin/env bash
# tests/layout/check.sh - the code's layout rules (docs/ARCHITECTURE.md),
# checked on every `make check`: which layer may include which, where SQL
# may live, and how long a file may grow. Each rule prints ok or the
# offending lines; the run fails if any rule fails.
set -u
cd "$(dirname "$0")/../.."
pass=0 fail=0

rule() {  # rule NAME OUTPUT: OUTPUT empty = the rule holds
    if [ -z "$2" ]; then
        pass=$((pass + 1))
        echo "layout: ok   $1"
    else
        fail=$((fail + 1))
        echo "layout: FAIL $1"
        echo "$2" | sed 's/^/    /'
    fi
}

# The store includes the core's types and the one error struct, never a
# core header that declares the engine's functions.
rule "src/store includes only core/types/*.h and core/err.h from the core" \
    "$(grep -n '#include "core/' src/store/*.[ch] | grep -v '"core/types/[a-z_]*\.h"' | grep -v '"core/err.h"')"

# A types header holds types: no function declarations.
rule "core/types/*.h declare no functions" \
    "$(grep -nE '^[a-z_ ]+[ *]+[a-z_]+\(' src/core/types/*.h)"

# Dependencies point one way: cli, http, sim -> core -> store -> db.
rule "src/core includes nothing of http, cli or sim" \
    "$(grep -n '#include "\(http\|cli\|sim\)/' src/core/*.[ch] src/core/types/*.h 2>/dev/null)"
rule "src/cli and src/http reach the database only through the core" \
    "$(grep -n '#include "store/' src/cli/*.[ch] src/http/*.[ch])"
rule "src/store includes nothing of http, cli or sim" \
    "$(grep -n '#include "\(http\|cli\|sim\)/' src/store/*.[ch])"
rule "src/util includes nothing of the domain" \
    "$(grep -n '#include "\(core\|store\|http\|cli\|sim\)/' src/util/*.[ch])"
rule "only the driver files include an engine's header" \
    "$(grep -ln '#include <\(sqlite3\|libpq-fe\)\.h>' src/*/*.[ch] | grep -vE '^src/store/db_[a-z]+(_int\.h|\.c)$')"

# SQL lives in the store's module files only.
rule "no SQL text outside src/store" \
    "$(grep -nE '"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE FROM|CREATE (TABLE|INDEX)|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT) ' \
        $(ls src/*/*.[ch] | grep -v '^src/store/'))"
rule "the shared store files hold no module's table" \
    "$(grep -nE '"[^"]*(FROM|INTO|UPDATE) (node|person|household|venue|scan|pass|checkpoint|referral|epi_case|contact|arrival|self_report|audit|session|user)\b' \
        src/store/store.c src/store/store.h src/store/store_int.h src/store/db*.[ch])"

# Small shared tables, small files.
rule "the shared store headers are under 250 lines" \
    "$(wc -l src/store/store.h src/store/store_int.h src/store/db.h src/store/db_int.h | awk '$2 != "total" && $1 >= 250')"
rule "no file over 800 lines" \
    "$(find src tests bench fuzz web/js web/css -type f \( -name '*.[ch]' -o -name '*.js' -o -name '*.mjs' -o -name '*.css' -o -name '*.sh' \) \
        -exec wc -l {} + | awk '$2 != "total" && $1 > 800')"

echo "layout: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
