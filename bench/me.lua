-- S2 / S6 / S8: GET /api/v1/users/me with a valid session cookie, spread over
-- BENCH_SESSIONS seeded sessions (tokens "bench-token-<i>"), picked at random.
--
-- wrk and the server share this machine's cores, so what wrk spends per
-- request lowers the figure too. The request is built once (wrk.format) and
-- each one only splices a session number into it: building each with
-- wrk.format cost wrk about 2 us more per request than S1's fixed request,
-- about 12 % of S2's throughput, for the same bytes on the wire.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
local sessions = tonumber(os.getenv("BENCH_SESSIONS") or "1000")
local cookie_name = os.getenv("BENCH_COOKIE") or "_my_session_id"
local prefix = os.getenv("BENCH_TOKEN_PREFIX") or "bench-token-"
local random = math.random
local head, tail
function init(args)
   local marker = "\0SESSION\0"
   local whole = wrk.format("GET", "/api/v1/users/me", {
      ["Connection"] = "keep-alive",
      ["Cookie"] = "theme=dark; " .. cookie_name .. "=" .. prefix .. marker,
   })
   local at = string.find(whole, marker, 1, true)
   head = string.sub(whole, 1, at - 1)
   tail = string.sub(whole, at + #marker)
end
function request()
   return head .. random(1, sessions) .. tail
end
function done(summary, latency, requests) report(summary, latency) end
