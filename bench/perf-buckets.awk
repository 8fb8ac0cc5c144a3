# perf-buckets.awk - sort the samples of `perf script -F tid,ip,sym,dso`
# from lianfang into the stages of a request, by the frames on each stack
# (first rule that matches wins; see bucket() below). Prints, per bucket,
# the share of all samples and of the ones in kernel mode. Used by
# bench/profile.sh; libh2o's internal functions have no symbols, hence
# the coarse "h2o" buckets.

function has(f) { return (f in frames) }

function bucket(   b) {
    if (has("worker_main")) {
        if (has("queue_pop")) return "worker: wait for a job (queue_pop: futex, scheduler)"
        if (has("job_done")) return "worker: hand the reply back (job_done -> loop's queue)"
        if (has("store_begin")) return "worker: auth_session: BEGIN (store_begin)"
        if (has("store_commit")) return "worker: auth_session: COMMIT (store_commit)"
        if (has("store_tx_free")) return "worker: auth_session: store_tx_free"
        if (has("store_session_get")) return "worker: auth_session: SELECT session (store_session_get)"
        if (has("store_user_get")) return "worker: auth_session: SELECT user (store_user_get)"
        if (has("store_session_touch")) return "worker: auth_session: UPDATE session (touch)"
        if (has("auth_session")) return "worker: auth_session: rest (token hash, checks)"
        if (has("h_me")) return "worker: handler h_me (JSON reply)"
        if (has("dispatch_run_call")) return "worker: dispatch_run_call, rest"
        return "worker: other"
    }
    if (has("writer_main")) return "writer thread"
    if (has("loop_main")) {
        if (has("__GI___writev") || has("writev") || has("__writev")) return "loop: send reply: writev syscall"
        if (has("job_send")) return "loop: send reply: h2o (headers, chunked encoding), free job"
        if (has("on_jobs_done")) return "loop: receive finished jobs (on_jobs_done), rest"
        if (has("epoll_ctl") || has("__GI_epoll_ctl")) return "loop: epoll_ctl (h2o re-registers sockets)"
        if (has("dispatch_submit")) return "loop: submit job (dispatch_submit: lock, signal worker)"
        if (has("on_api_req")) return "loop: on_api_req: route, copy request into job (healthz: reply)"
        if (has("epoll_wait")) return "loop: epoll_wait"
        if (has("__libc_read") || has("read") || has("__read")) return "loop: read request (read syscall)"
        if (has("on_accept")) return "loop: accept"
        return "loop: h2o other (parse request, timers, queue)"
    }
    return "other (main thread, signal)"
}

/^[0-9]+ *$/ {                      # a sample begins: "TID"
    if (in_sample) flush()
    in_sample = 1
    delete frames
    leaf = ""
    next
}
/^[ \t]+[0-9a-f]+ / {
    sym = $2
    sub(/\+0x[0-9a-f]+$/, "", sym)
    if (leaf == "") { leaf = $0; leafdso = $NF }
    frames[sym] = 1
    next
}
END {
    if (in_sample) flush()
    for (b in count) order[++n] = b
    # sort by count, descending (insertion sort: a few dozen buckets)
    for (i = 2; i <= n; i++) {
        v = order[i]
        for (j = i - 1; j >= 1 && count[order[j]] < count[v]; j--) order[j + 1] = order[j]
        order[j + 1] = v
    }
    printf "%7s %7s  %s   (%d samples)\n", "all%", "kernel%", "stage", total
    for (i = 1; i <= n; i++)
        printf "%6.1f%% %6.1f%%  %s\n", 100 * count[order[i]] / total,
            100 * kern[order[i]] / total, order[i]
    for (i = 1; i <= n; i++) {
        split(order[i], p, ":")
        role[p[1]] += count[order[i]]
    }
    printf "across stages (inclusive, overlapping):\n"
    for (a in across) printf "%6.1f%%  %s\n", 100 * across[a] / total, a | "sort -rn"
    close("sort -rn")
    printf "by thread:"
    for (r in role) printf "  %s %.1f%%", r, 100 * role[r] / total
    printf "\n"
}
function flush(   b, x) {
    b = bucket()
    count[b]++
    total++
    if (leaf ~ /kernel\.kallsyms/) kern[b]++
    # across the stages
    if (has("__GI___libc_fcntl64") && has("loop_main") == 0) across["fcntl (SQLite WAL read locks)"]++
    if (has("__x64_sys_futex")) across["futex (mutex/condvar hand-off)"]++
    if (has("__schedule")) across["scheduler (__schedule)"]++
    if (has("__x64_sys_epoll_ctl")) across["epoll_ctl"]++
    if (leafdso ~ /libsqlite3/) across["self in libsqlite3"]++
    if (leafdso ~ /libh2o/) across["self in libh2o"]++
    if (leafdso ~ /libjansson/) across["self in libjansson"]++
    if (leafdso ~ /libsodium/) across["self in libsodium"]++
    if (leafdso ~ /libc\.so/) across["self in libc"]++
    if (leafdso ~ /lianfang/) across["self in lianfang"]++
    if (leafdso ~ /kallsyms/) across["self in kernel"]++
    if (has("__vfprintf_internal")) across["printf family (inclusive)"]++
}
