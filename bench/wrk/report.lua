-- report.lua - wrk script: after wrk's own report, one machine-readable
-- line for bench/lib.sh to parse (wrk's text output changes its units).
--
-- It defines neither request() nor response(), so wrk keeps its static
-- fast path: no Lua runs per request.

function done(summary, latency, requests)
   local secs = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "WRK_RESULT rps=%.1f requests=%d secs=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f " ..
      "max_ms=%.3f non2xx=%d sock_errors=%d timeouts=%d\n",
      summary.requests / secs, summary.requests, secs,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000,
      e.status, e.connect + e.read + e.write, e.timeout))
end
