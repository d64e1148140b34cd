-- Shared by every scenario: one machine-readable line at the end of a run.
-- Latencies are wrk's (microseconds); errors are socket errors and timeouts,
-- non2xx is counted separately because some scenarios expect 403s.
function report(summary, latency)
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d socket_errors=%d non2xx=%d p50_us=%d p99_us=%d\n",
      summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
      e.status, latency:percentile(50), latency:percentile(99)))
end
