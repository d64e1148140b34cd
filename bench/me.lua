-- S2 / S6 / S8: GET /api/v1/users/me with a valid session cookie, spread over
-- BENCH_SESSIONS seeded sessions (tokens "bench-token-<i>").
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
local sessions = tonumber(os.getenv("BENCH_SESSIONS") or "1000")
local cookie_name = os.getenv("BENCH_COOKIE") or "_my_session_id"
local prefix = os.getenv("BENCH_TOKEN_PREFIX") or "bench-token-"
function request()
   local i = math.random(1, sessions)
   return wrk.format("GET", "/api/v1/users/me", {
      ["Connection"] = "keep-alive",
      ["Cookie"] = "theme=dark; " .. cookie_name .. "=" .. prefix .. i,
   })
end
function done(summary, latency, requests) report(summary, latency) end
