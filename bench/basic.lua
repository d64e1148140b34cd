-- S7: GET /api/v1/users/me with Basic credentials of BENCH_BASIC_USERS users
-- (few, so the verified-credentials cache is warm after the first requests).
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
local users = tonumber(os.getenv("BENCH_BASIC_USERS") or "16")
local headers = {}
for i = 1, users do
   headers[i] = "Basic " .. os.getenv("BENCH_BASIC_" .. i)
end
function request()
   return wrk.format("GET", "/api/v1/users/me", {
      ["Connection"] = "keep-alive",
      ["Authorization"] = headers[math.random(1, users)],
   })
end
function done(summary, latency, requests) report(summary, latency) end
