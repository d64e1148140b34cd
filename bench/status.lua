-- S1: GET /api/v1/status, the framework's floor.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.method = "GET"
wrk.path = "/api/v1/status"
wrk.headers["Connection"] = "keep-alive"
function done(summary, latency, requests) report(summary, latency) end
