-- POST every line of FILE exactly once, as a different person each time: a line is "TOKEN<TAB>JSON BODY" and is
-- sent with "Authorization: Bearer TOKEN". Thread N (of THREADS) takes lines N+1, N+1+THREADS, ... A connection
-- whose thread has no line left is parked (a long delay) instead of sending anything, and a thread stops as soon
-- as every one of its lines has been answered, printing "thread-done" (the caller may then end wrk early).
-- done() prints "status <HTTP status> <count>" and "code <error code> <count>" (non-2xx answers) lines.
-- Usage: wrk -t THREADS ... -s post_once_each.lua URL -- FILE PATH THREADS
local thread_count = 0
local threads = {}

function setup(thread)
  thread:set("id", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  local total_threads = tonumber(args[3])
  lines = {}
  local number = 0
  for line in io.lines(args[1]) do
    if number % total_threads == id then
      local tab = string.find(line, "\t", 1, true)
      lines[#lines + 1] = { string.sub(line, 1, tab - 1), string.sub(line, tab + 1) }
    end
    number = number + 1
  end
  path = args[2]
  reserved, sent, answered = 0, 0, 0
  statuses, codes = {}, {}
  -- wrk.format replaces wrk.headers (the -H options) with the table it is given, so carry them over.
  base_headers = {}
  for name, value in pairs(wrk.headers) do base_headers[name] = value end
  base_headers["Content-Type"] = "application/json"
end

-- wrk calls delay() once before each request() on a connection, so a line is reserved here: two connections of
-- one thread can both be between delay() and request(), and a check in request() alone would overrun.
function delay()
  reserved = reserved + 1
  if reserved > #lines then
    return 3600000 -- nothing left for this connection: park it (the thread stops once all lines are answered)
  end
  return 0
end

function request()
  -- wrk calls request() once at start-up, with no delay() before it, only to check the script (that request is
  -- never sent): it must not use up a line.
  local line = lines[1]
  if sent < reserved then
    sent = sent + 1
    line = lines[sent]
  end
  local headers = {}
  for name, value in pairs(base_headers) do headers[name] = value end
  headers["Authorization"] = "Bearer " .. line[1]
  return wrk.format("POST", path, headers, line[2])
end

function response(status, headers, body)
  answered = answered + 1
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if status >= 300 then
    local code = string.match(body or "", '"code"%s*:%s*"([%w_]+)"') or "none"
    codes[code] = (codes[code] or 0) + 1
  end
  if answered == #lines then
    io.write("thread-done\n")
    io.flush()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local all_statuses, all_codes = {}, {}
  for _, thread in ipairs(threads) do
    for name, count in pairs(thread:get("statuses") or {}) do all_statuses[name] = (all_statuses[name] or 0) + count end
    for name, count in pairs(thread:get("codes") or {}) do all_codes[name] = (all_codes[name] or 0) + count end
  end
  for name, count in pairs(all_statuses) do io.write(string.format("status %s %d\n", name, count)) end
  for name, count in pairs(all_codes) do io.write(string.format("code %s %d\n", name, count)) end
end
