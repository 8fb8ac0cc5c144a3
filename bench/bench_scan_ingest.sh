#!/usr/bin/env bash
# bench_scan_ingest.sh - durable scan ingest (issue 5): scans per second
# through POST /api/v1/scans/batch of a running server, against SQLite
# itself bulk-inserting the same rows into the same schema, in the same run.
#
#   database: a demo city (419001, seed 1: 20,000 persons with ID numbers)
#             plus BENCH_SCAN_VENUES approved venues (inserted with sqlite3
#             in the product's venue table); a copy of it for every round.
#   lianfang: bench/scan_ingest (built here from bench/scan_ingest.c) sends
#             BENCH_SCANS scans of those persons (ID numbers read from the
#             database), BENCH_SCAN_BATCH per request, over BENCH_SCAN_CONNS
#             keep-alive connections, as the admin (bearer token). Every
#             reply must be 200: acknowledged scans are durable (the writer
#             answers after its group commit, synchronous=FULL).
#   baseline: bench/scan_ingest bulk: the same rows (venue, time, person id)
#             in the same order, one prepared INSERT in one transaction,
#             into a fresh database made from 0004_scan.sql (the table and
#             its index) with the product's settings (WAL, synchronous=FULL,
#             cache_size -65536).
#   single:   POST /api/v1/public/scans (one scan per request, no account,
#             by venue code) with wrk over keep-alive, the ID numbers and
#             venue codes cycling through the database's (bench/wrk/scan.lua).
#
# Figures (one JSON line each, see README.md):
#   scans_per_s                 median over rounds, higher is better;
#                               baseline sqlite_bulk_rows_per_s
#   cpu_us_per_scan             server CPU (all threads) per scan, lower is
#                               better; baseline sqlite_bulk_cpu_us_per_row
#                               (the bulk process's CPU per row): the figure
#                               to compare when the machine is busy
#   single_scan_requests_per_s  median over rounds, higher is better;
#                               baseline sqlite_bulk_rows_per_s
#
# Knobs: BENCH_SCANS (2000000), BENCH_SCAN_BATCH (20000), BENCH_SCAN_CONNS
# (4), BENCH_SCAN_VENUES (1000), BENCH_ROUNDS, BENCH_SECONDS, BENCH_WARMUP,
# BENCH_THREADS, BENCH_CONNS (wrk, single scans), BENCH_KEEP, LIANFANG, WRK.
set -eu
BENCH_NAME=scan_ingest
. "$(dirname "$0")/lib.sh"

SCANS=${BENCH_SCANS:-2000000}
BATCH=${BENCH_SCAN_BATCH:-20000}
CONNS=${BENCH_SCAN_CONNS:-4}
VENUES=${BENCH_SCAN_VENUES:-1000}
SCHEMA=$ROOT/src/store/schema/sqlite/0004_scan.sql

[ -x "$LIANFANG" ] || bench_die "$LIANFANG missing: run 'make lianfang' (or 'make bench')"
command -v "$WRK" >/dev/null 2>&1 || bench_die "wrk missing: run 'scripts/deps bench'"
command -v sqlite3 >/dev/null 2>&1 || bench_die "sqlite3 missing: run 'scripts/deps build'"
bench_init

CLIENT=$BENCH_TMP/scan_ingest
${CC:-cc} -O2 -std=c11 -Wall -Wextra -o "$CLIENT" "$BENCH_DIR/scan_ingest.c" -lsqlite3 -lpthread ||
    bench_die "cannot build bench/scan_ingest.c"

DB0=$BENCH_TMP/demo.db
bench_log "demo database with $VENUES venues in $DB0"
bench_lianfang_demo "$DB0"
timeout 60 sqlite3 "$DB0" "WITH RECURSIVE v(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM v WHERE i < $VENUES)
    INSERT INTO venue(id, node, name, type, address, contact_name, contact_phone, status, code, created_utc)
    SELECT i, '419001001', 'bench venue ' || i, 1, 'bench road ' || i, 'bench', '13800138000', 1,
           printf('bench%011d', i), 0 FROM v;
    PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null || bench_die "cannot add venues"

# The wrk script's data: ID numbers and venue codes, one a line.
sqlite3 "$DB0" "SELECT id_number FROM person WHERE length(id_number) = 18 ORDER BY id" \
    >"$BENCH_TMP/ids.txt"
sqlite3 "$DB0" "SELECT code FROM venue WHERE status = 1 ORDER BY id" >"$BENCH_TMP/venues.txt"

# result_field NAME FILE - a field of the SCAN_RESULT line in FILE
result_field() { grep '^SCAN_RESULT ' "$2" | tail -n1 | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# baseline_round R - sets RUN_RATE, RUN_CPU (CPU µs per row, the whole
# process: reading the persons and making the schema too)
baseline_round() {
    local out=$BENCH_TMP/bulk-$1.txt db=$BENCH_TMP/bulk-$1.db c0
    bench_children_ms
    c0=$BENCH_CHILD_MS
    timeout 300 "$CLIENT" bulk "$DB0" "$SCHEMA" "$db" "$SCANS" "$VENUES" >"$out" ||
        { cat "$out" >&2; bench_die "baseline failed"; }
    bench_children_ms
    RUN_CPU=$(awk -v ms=$((BENCH_CHILD_MS - c0)) -v n="$SCANS" 'BEGIN { printf "%.2f", ms * 1000 / n }')
    RUN_RATE=$(result_field rate "$out")
    rm -f "$db" "$db-wal" "$db-shm"
    bench_log "$(printf 'round%d-sqlite-bulk   %9.0f rows/s   CPU %5.2f us/row  (%s rows in %s s)' \
        "$1" "$RUN_RATE" "$RUN_CPU" "$SCANS" "$(result_field secs "$out")")"
}

# ingest_round R - a fresh copy of the database and a fresh server; sets
# RUN_RATE, RUN_CPU (server CPU µs per scan)
ingest_round() {
    local out=$BENCH_TMP/ingest-$1.txt db=$BENCH_TMP/round-$1.db port token t0 t1 added
    cp "$DB0" "$db"
    port=$(bench_free_port)
    bench_lianfang_start "$db" "$port"
    token=$(bench_lianfang_login "$port" admin "$LF_PASSWORD")
    t0=$(bench_cpu_ticks "$LF_PID")
    bench_load_mark
    timeout 600 "$CLIENT" send "$DB0" "$port" "$token" "$SCANS" "$VENUES" "$BATCH" "$CONNS" \
        >"$out" || { cat "$out" >&2; bench_die "ingest failed (round $1)"; }
    t1=$(bench_cpu_ticks "$LF_PID")
    bench_load_since $((t1 - t0))
    RUN_RATE=$(result_field rate "$out")
    added=$(result_field added "$out")
    [ "$added" = "$SCANS" ] || bench_die "round $1: the server added $added of $SCANS scans"
    RUN_CPU=$(bench_cpu_us_per_req $((t1 - t0)) "$SCANS")
    bench_stop_pid "$LF_PID"
    # what was acknowledged is in the file
    added=$(sqlite3 "$db" "SELECT count(*) FROM scan")
    [ "$added" = "$SCANS" ] || bench_die "round $1: $added scans in the database, not $SCANS"
    rm -f "$db" "$db-wal" "$db-shm"
    bench_log "$(printf 'round%d-ingest        %9.0f scans/s  server %5.2f us/scan  %s' "$1" \
        "$RUN_RATE" "$RUN_CPU" "$BENCH_LOAD")"
}

bench_log "$SCANS scans per round, $BATCH per request, $CONNS connections; $BENCH_ROUNDS rounds"
bulk_rate=() bulk_cpu=() ingest_rate=() ingest_cpu=()
for ((r = 1; r <= BENCH_ROUNDS; r++)); do
    baseline_round "$r"
    bulk_rate+=("$RUN_RATE") bulk_cpu+=("$RUN_CPU")
    ingest_round "$r"
    ingest_rate+=("$RUN_RATE") ingest_cpu+=("$RUN_CPU")
done
BULK=$(bench_median "${bulk_rate[@]}")
bench_emit scan_ingest scans_per_s "$(bench_median "${ingest_rate[@]}")" \
    sqlite_bulk_rows_per_s "$BULK" higher
bench_emit scan_ingest cpu_us_per_scan "$(bench_median "${ingest_cpu[@]}")" \
    sqlite_bulk_cpu_us_per_row "$(bench_median "${bulk_cpu[@]}")" lower

# One scan per request: the public scan page's route, wrk over keep-alive.
db=$BENCH_TMP/single.db
cp "$DB0" "$db"
port=$(bench_free_port)
bench_lianfang_start "$db" "$port"
URL=http://127.0.0.1:$port/api/v1/public/scans
LUA=(-s "$BENCH_DIR/wrk/scan.lua")
bench_log "wrk -t$BENCH_THREADS -c$BENCH_CONNS; warm-up ${BENCH_WARMUP}s, then $BENCH_ROUNDS rounds x ${BENCH_SECONDS}s"
bench_wrk warm-single "$BENCH_WARMUP" "$URL" "${LUA[@]}" -- "$BENCH_TMP/ids.txt" "$BENCH_TMP/venues.txt"
single_rate=()
for ((r = 1; r <= BENCH_ROUNDS; r++)); do
    t0=$(bench_cpu_ticks "$LF_PID")
    bench_load_mark
    bench_wrk "round$r-single" "$BENCH_SECONDS" "$URL" "${LUA[@]}" -- \
        "$BENCH_TMP/ids.txt" "$BENCH_TMP/venues.txt"
    t1=$(bench_cpu_ticks "$LF_PID")
    bench_load_since $((t1 - t0))
    single_rate+=("$WRK_RPS")
    bench_log "$(printf 'round%d-single        %9.0f req/s    p99 %7.3f ms  server %5.2f us/req  %s' \
        "$r" "$WRK_RPS" "$WRK_P99_MS" "$(bench_cpu_us_per_req $((t1 - t0)) "$WRK_REQUESTS")" \
        "$BENCH_LOAD")"
done
bench_emit scan_ingest single_scan_requests_per_s "$(bench_median "${single_rate[@]}")" \
    sqlite_bulk_rows_per_s "$BULK" higher
