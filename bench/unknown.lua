-- S5: GET /api/v1/users/me with a cookie no session has (the 403 path).
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
function request()
   return wrk.format("GET", "/api/v1/users/me", {
      ["Connection"] = "keep-alive",
      ["Cookie"] = "_my_session_id=no-such-token-" .. math.random(1, 1000000000),
   })
end
function done(summary, latency, requests) report(summary, latency) end
