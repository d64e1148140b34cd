-- S4: login -> me -> logout on each connection. Run with one connection per
-- wrk thread (-tN -cN): the state below is per thread.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
local users = tonumber(os.getenv("BENCH_USERS") or "1000")
local step = 0
local cookie = nil
function request()
   if step == 0 or cookie == nil then
      step = 0
      return wrk.format("POST", "/api/v1/auth_session/login", {
         ["Connection"] = "keep-alive",
         ["Content-Type"] = "application/x-www-form-urlencoded",
      }, "email=user" .. math.random(1, users) .. "%40bench.test&password=bench+pwd")
   end
   local method = step == 1 and "GET" or "DELETE"
   local path = step == 1 and "/api/v1/users/me" or "/api/v1/auth_session/logout"
   return wrk.format(method, path, { ["Connection"] = "keep-alive", ["Cookie"] = cookie })
end
function response(status, headers, body)
   if step == 0 then
      local set = headers["Set-Cookie"]
      cookie = set and set:match("^([^;]+)") or nil
      step = cookie and 1 or 0
   elseif step == 1 then
      step = 2
   else
      step = 0
      cookie = nil
   end
end
function done(summary, latency, requests) report(summary, latency) end
