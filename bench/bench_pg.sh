#!/usr/bin/env bash
# bench_pg.sh - durable scan ingest on PostgreSQL (issue 12): scans per
# second through POST /api/v1/scans/batch of a server on PostgreSQL,
# against psql's COPY of the same rows into the same table, in the same
# run; and the same ingest on SQLite beside it.
#
#   server:   a throw-away cluster this script starts (scripts/pg-scratch:
#             initdb in the scratch directory, 127.0.0.1, fsync,
#             synchronous_commit and full_page_writes on, as lianfang
#             demands) and stops by its pid at the end.
#   database: a demo city on it (419001, seed 1: 20,000 persons with ID
#             numbers) plus BENCH_SCAN_VENUES approved venues (psql, in the
#             product's venue table); a new one for every round.
#   lianfang: bench/scan_ingest send (as bench_scan_ingest.sh) BENCH_SCANS
#             scans of those persons, BENCH_SCAN_BATCH a request, over
#             BENCH_SCAN_CONNS connections; every reply must be 200 (the
#             writer answers after its group commit), and every
#             acknowledged scan must be in the table afterwards.
#   baseline: psql \copy of the same rows (bench/scan_ingest rows: venue,
#             time, person id) into the same table (the product's
#             0004_scan.sql) of a fresh database on the same cluster, in
#             one transaction.
#   sqlite:   the same ingest against a SQLite demo city of the same seed.
#
# Figures (one JSON line each, see README.md):
#   pg_scans_per_s      median over rounds; baseline pg_copy_rows_per_s
#                       (the issue's goal: ratio >= 0.5)
#   sqlite_scans_per_s  median over rounds, SQLite; baseline the same COPY
#
# Close contacts of one case on PostgreSQL: bench_pg_tracing.sh.
#
# Knobs: BENCH_SCANS (500000), BENCH_SCAN_BATCH (20000), BENCH_SCAN_CONNS
# (4), BENCH_SCAN_VENUES (1000), BENCH_ROUNDS, BENCH_KEEP, LIANFANG.
set -eu
BENCH_NAME=pg
. "$(dirname "$0")/lib.sh"

SCANS=${BENCH_SCANS:-500000}
BATCH=${BENCH_SCAN_BATCH:-20000}
CONNS=${BENCH_SCAN_CONNS:-4}
VENUES=${BENCH_SCAN_VENUES:-1000}

[ -x "$LIANFANG" ] || bench_die "$LIANFANG missing: run 'make lianfang' (or 'make bench')"
command -v psql >/dev/null 2>&1 || bench_die "psql missing: run 'scripts/deps bench'"
command -v sqlite3 >/dev/null 2>&1 || bench_die "sqlite3 missing: run 'scripts/deps build'"
bench_init

# the cluster: its own folder in the scratch directory, stopped by the
# EXIT trap (bench_cleanup runs first, then this)
PGDIR=$BENCH_TMP/pg
pg_stop() { "$ROOT/scripts/pg-scratch" stop "$PGDIR" >/dev/null 2>&1 || true; }
trap 'rc=$?; pg_stop; (exit $rc); bench_cleanup' EXIT
PG=$("$ROOT/scripts/pg-scratch" start "$PGDIR") || bench_die "cannot start a PostgreSQL cluster"
export PGPASSFILE=$PGDIR/pgpass
bench_log "PostgreSQL cluster at $PG (data in $PGDIR)"
pg_url() { echo "${PG%/postgres}/$1"; }
psql_q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

CLIENT=$BENCH_TMP/scan_ingest
${CC:-cc} -O2 -std=c11 -Wall -Wextra -o "$CLIENT" "$BENCH_DIR/scan_ingest.c" -lsqlite3 -lpthread ||
    bench_die "cannot build bench/scan_ingest.c"

ADD_VENUES="INSERT INTO venue(id, node, name, type, address, contact_name, contact_phone, status, code, created_utc)
    SELECT i, '419001001', 'bench venue ' || i, 1, 'bench road ' || i, 'bench', '13800138000', 1,
           'bench' || i, 0 FROM v"

# pg_city NAME - a demo city with the venues in database NAME; sets LF_PASSWORD
pg_city() {
    psql_q "$PG" "CREATE DATABASE $1" || bench_die "createdb $1"
    bench_lianfang_demo "$(pg_url "$1")"
    psql_q "$(pg_url "$1")" "WITH RECURSIVE v(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM v WHERE i < $VENUES)
        $ADD_VENUES; SELECT setval(pg_get_serial_sequence('venue', 'id'), $VENUES + 1000)" >/dev/null ||
        bench_die "cannot add venues"
}

# bench_lianfang_demo uses --force, which is for files: a database name is new here
bench_lianfang_demo() {
    local out
    out=$(timeout 300 "$LIANFANG" demo --db "$1" --division 419001 --seed 1 2>>"$BENCH_TMP/demo.log") ||
        { cat "$BENCH_TMP/demo.log" >&2; bench_die "lianfang demo failed"; }
    LF_PASSWORD=$(printf '%s\n' "$out" | sed -n 's/.*password for all: \([^)]*\)).*/\1/p')
    [ -n "$LF_PASSWORD" ] || bench_die "no password in the output of lianfang demo"
}

bench_log "demo city on PostgreSQL"
pg_city city0
psql_q "$(pg_url city0)" "SELECT id || '|' || id_number FROM person WHERE length(id_number) = 18 ORDER BY id" \
    >"$BENCH_TMP/persons.txt"
"$CLIENT" rows "$BENCH_TMP/persons.txt" "$SCANS" "$VENUES" >"$BENCH_TMP/rows.tsv" ||
    bench_die "cannot make the rows"

result_field() { grep '^SCAN_RESULT ' "$2" | tail -n1 | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# copy_round R - psql's COPY of the rows into a fresh scan table; sets RUN_RATE
copy_round() {
    local db=copy$1 t0 t1
    psql_q "$PG" "CREATE DATABASE $db" || bench_die "createdb $db"
    psql -X -q -v ON_ERROR_STOP=1 -d "$(pg_url "$db")" -f "$ROOT/src/store/schema/pg/0004_scan.sql" ||
        bench_die "cannot make the scan table"
    t0=$(date +%s.%N)
    psql -X -q -v ON_ERROR_STOP=1 -d "$(pg_url "$db")" -1 \
        -c "\\copy scan(venue_id, at_utc, person_id) FROM '$BENCH_TMP/rows.tsv'" ||
        bench_die "COPY failed"
    t1=$(date +%s.%N)
    [ "$(psql_q "$(pg_url "$db")" "SELECT count(*) FROM scan")" = "$SCANS" ] || bench_die "COPY lost rows"
    RUN_RATE=$(awk -v n="$SCANS" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", n / (b - a) }')
    psql_q "$PG" "DROP DATABASE $db"
    bench_log "$(printf 'round%d-pg-copy      %9.0f rows/s' "$1" "$RUN_RATE")"
}

# ingest_round R DB PERSONS COUNT_CMD... - a server on DB; sets RUN_RATE
ingest_round() {
    local r=$1 db=$2 persons=$3 out=$BENCH_TMP/ingest-$1-$RANDOM.txt port token added
    shift 3
    port=$(bench_free_port)
    bench_lianfang_start "$db" "$port"
    token=$(bench_lianfang_login "$port" admin "$LF_PASSWORD")
    timeout 900 "$CLIENT" send "$persons" "$port" "$token" "$SCANS" "$VENUES" "$BATCH" "$CONNS" \
        >"$out" || { cat "$out" >&2; bench_die "ingest failed (round $r)"; }
    RUN_RATE=$(result_field rate "$out")
    added=$(result_field added "$out")
    [ "$added" = "$SCANS" ] || bench_die "round $r: the server added $added of $SCANS scans"
    bench_stop_pid "$LF_PID"
    added=$("$@")
    [ "$added" -ge "$SCANS" ] || bench_die "round $r: $added scans in the database, fewer than $SCANS"
}

bench_log "$SCANS scans per round, $BATCH per request, $CONNS connections; $BENCH_ROUNDS rounds"
copy_rate=() pg_rate=() sq_rate=()
SQ0=$BENCH_TMP/sqlite.db
for ((r = 1; r <= BENCH_ROUNDS; r++)); do
    copy_round "$r"
    copy_rate+=("$RUN_RATE")
    pg_city "city$r"
    ingest_round "$r" "$(pg_url "city$r")" "$BENCH_TMP/persons.txt" \
        psql_q "$(pg_url "city$r")" "SELECT count(*) FROM scan"
    pg_rate+=("$RUN_RATE")
    bench_log "$(printf 'round%d-pg-ingest    %9.0f scans/s' "$r" "$RUN_RATE")"
    psql_q "$PG" "DROP DATABASE city$r"
    rm -f "$SQ0" "$SQ0-wal" "$SQ0-shm"
    bench_lianfang_demo "$SQ0"
    timeout 60 sqlite3 "$SQ0" "WITH RECURSIVE v(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM v WHERE i < $VENUES)
        $ADD_VENUES" || bench_die "cannot add venues (SQLite)"
    ingest_round "$r" "$SQ0" "$SQ0" sqlite3 "$SQ0" "SELECT count(*) FROM scan"
    sq_rate+=("$RUN_RATE")
    bench_log "$(printf 'round%d-sqlite-ingest %8.0f scans/s' "$r" "$RUN_RATE")"
done
COPY=$(bench_median "${copy_rate[@]}")
bench_emit pg pg_scans_per_s "$(bench_median "${pg_rate[@]}")" pg_copy_rows_per_s "$COPY" higher
bench_emit pg sqlite_scans_per_s "$(bench_median "${sq_rate[@]}")" pg_copy_rows_per_s "$COPY" higher
