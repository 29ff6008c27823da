-- A mix of CORS traffic for wrk: preflights allowed and refused, actual requests from allowed
-- and other origins, and hostile headers. Counts responses whose status is not the expected one.

local page = os.getenv("PAGE_ORIGIN") or "http://localhost:8081"
local long_origin = "https://" .. string.rep("a", 600) .. ".example.org"
local many_headers = string.rep("x-trace,", 2000)

local mix = {
  { "OPTIONS", "/api/orders",   { Origin = page, ["Access-Control-Request-Method"] = "POST", ["Access-Control-Request-Headers"] = "content-type" }, nil, 204 },
  { "OPTIONS", "/api/profile",  { Origin = page, ["Access-Control-Request-Method"] = "PUT", ["Access-Control-Request-Headers"] = "x-secret" }, nil, 403 },
  { "GET",     "/api/products", { Origin = page }, nil, 200 },
  { "GET",     "/api/products", { Origin = "https://evil.example.net" }, nil, 200 },
  { "POST",    "/api/orders",   { Origin = page, ["Content-Type"] = "application/json" }, '["tea"]', 201 },
  { "DELETE",  "/api/users/7",  { Origin = "https://evil.example.net" }, nil, 200 },
  { "GET",     "/api/tenant",   { Origin = long_origin }, nil, 200 },
  { "OPTIONS", "/api/profile",  { Origin = page, ["Access-Control-Request-Method"] = "PUT", ["Access-Control-Request-Headers"] = many_headers }, nil, 403 },
  { "OPTIONS", "/api/products", { Origin = page }, nil, 404 },
}

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  n = 0
  counts = {}
end

function request()
  n = n + 1
  local r = mix[(n % #mix) + 1]
  return wrk.format(r[1], r[2], r[3], r[4])
end

-- wrk interleaves connections, so responses cannot be paired with requests: check instead that
-- each status comes back as often as the mix sends requests expecting it.
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local expected, total = {}, 0
  for _, r in ipairs(mix) do
    expected[r[5]] = (expected[r[5]] or 0) + 1 / #mix
  end
  local seen = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      seen[status] = (seen[status] or 0) + count
      total = total + count
    end
  end
  local off = 0
  for status, count in pairs(seen) do
    local share = count / total
    io.write(string.format("status %d: %d (%.1f%%, expected %.1f%%)\n", status, count, 100 * share, 100 * (expected[status] or 0)))
    if math.abs(share - (expected[status] or 0)) > 0.01 then
      off = off + count
    end
  end
  io.write(string.format("unexpected statuses: %d\n", off))
end
