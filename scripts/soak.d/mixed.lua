-- Mixed traffic for scripts/soak: mostly session lookups (/users/me, /users),
-- with logins, logouts, user create/read/update/delete and bad cookies.
-- Every answer is checked against what that request should get; anything
-- else (and every 5xx) counts as an error.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local email = os.getenv("SOAK_EMAIL") or "soak@soak.test"
local password = os.getenv("SOAK_PASSWORD") or "soak pwd"
local tokens = {}        -- live sessions of this thread
local users = {}         -- ids of users this thread created
local expected = {}      -- per request, in order: the statuses that are right
local kinds = {}
local counter = 0
errors = 0
unexpected = ""
local n = 0

local function pick(list)
  if #list == 0 then return nil end
  return list[math.random(#list)]
end

local function push(kind, ok)
  table.insert(kinds, kind)
  table.insert(expected, ok)
end

local function cookie(token)
  return { ["Cookie"] = "_my_session_id=" .. token, ["Connection"] = "keep-alive" }
end

request = function()
  n = n + 1
  local token = pick(tokens)
  local roll = math.random(100)
  if token == nil or roll <= 2 then
    push("login", { [200] = true })
    return wrk.format("POST", "/api/v1/auth_session/login",
      { ["Content-Type"] = "application/x-www-form-urlencoded", ["Connection"] = "keep-alive" },
      "email=" .. email:gsub("@", "%%40") .. "&password=" .. password:gsub(" ", "+"))
  elseif roll <= 4 and #tokens > 4 then
    table.remove(tokens, 1)
    push("logout", { [200] = true, [403] = true })
    return wrk.format("DELETE", "/api/v1/auth_session/logout", cookie(token))
  elseif roll <= 5 then
    counter = counter + 1
    push("create", { [201] = true, [403] = true })
    local h = cookie(token)
    h["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/v1/users", h, string.format(
      '{"email": "u%d-%d-%d@soak.test", "password": "pwd"}', id or 0, counter, math.random(1e9)))
  elseif roll <= 8 and #users > 0 then
    local user = pick(users)
    push("update", { [200] = true, [403] = true, [404] = true })
    local h = cookie(token)
    h["Content-Type"] = "application/json"
    return wrk.format("PUT", "/api/v1/users/" .. user, h, '{"first_name": "n' .. n .. '"}')
  elseif roll <= 9 and #users > 8 then
    local user = table.remove(users, 1)
    push("delete", { [200] = true, [403] = true, [404] = true })
    return wrk.format("DELETE", "/api/v1/users/" .. user, cookie(token))
  elseif roll <= 15 then
    push("bad cookie", { [403] = true })
    return wrk.format("GET", "/api/v1/users/me", cookie("not-a-session-" .. n))
  elseif roll <= 18 then
    push("no cookie", { [401] = true })
    return wrk.format("GET", "/api/v1/users/me", { ["Connection"] = "keep-alive" })
  elseif roll <= 25 and #users > 0 then
    push("read", { [200] = true, [403] = true, [404] = true })
    return wrk.format("GET", "/api/v1/users/" .. pick(users), cookie(token))
  else
    push("me", { [200] = true, [403] = true })
    return wrk.format("GET", "/api/v1/users/me", cookie(token))
  end
end

response = function(status, headers, body)
  local kind = table.remove(kinds, 1)
  local ok = table.remove(expected, 1)
  if kind == nil then return end
  if ok[status] == nil then
    errors = errors + 1
    if #unexpected < 400 then
      unexpected = unexpected .. kind .. "->" .. status .. " "
    end
  end
  if kind == "login" and status == 200 then
    local set = headers["Set-Cookie"] or ""
    local token = set:match("_my_session_id=([^;]+)")
    if token then table.insert(tokens, token) end
    if #tokens > 32 then table.remove(tokens, 1) end
  elseif kind == "create" and status == 201 then
    local user = body:match('"id": "([^"]+)"')
    if user then table.insert(users, user) end
  end
end

done = function(summary, latency, requests)
  local errs, notes = 0, ""
  for _, thread in ipairs(threads) do
    errs = errs + thread:get("errors")
    notes = notes .. thread:get("unexpected")
  end
  io.write(string.format("soak: requests %d, wrong answers %d, socket errors %d, non-2xx/3xx %d\n",
    summary.requests, errs,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
  io.write(string.format("soak: latency p50 %.1f ms, p99 %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  if #notes > 0 then io.write("soak: unexpected: " .. notes:sub(1, 600) .. "\n") end
end
