-- S3: POST /api/v1/auth_session/login for seeded users (password "bench pwd").
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
local users = tonumber(os.getenv("BENCH_USERS") or "1000")
function request()
   local i = math.random(1, users)
   return wrk.format("POST", "/api/v1/auth_session/login", {
      ["Connection"] = "keep-alive",
      ["Content-Type"] = "application/x-www-form-urlencoded",
   }, "email=user" .. i .. "%40bench.test&password=bench+pwd")
end
function done(summary, latency, requests) report(summary, latency) end
