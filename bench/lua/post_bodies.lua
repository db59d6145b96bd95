-- POST one pre-generated JSON body per request, each thread taking its own share of the lines, so no body is
-- sent twice (every application is a different household), also across runs: run number R starts at line
-- R * STRIDE. Usage: wrk ... -s post_bodies.lua URL -- FILE PATH THREADS RUN STRIDE [CONTENT-TYPE [MEAN-DELAY-MS]]
-- With MEAN-DELAY-MS each connection waits a random 0..2×mean ms before each request, so C connections send about
-- C × 1000 / mean requests per second: a set load, rather than as fast as the server answers.
-- PATH "-": each line is "PATH<TAB>BODY" (a signed callback: every message has its own signed query).
local thread_count = 0
local threads = {}

function setup(thread)
  thread:set("id", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  bodies = {}
  paths = {}
  path = args[2]
  for line in io.lines(args[1]) do
    if path == "-" then
      local tab = string.find(line, "\t", 1, true)
      paths[#bodies + 1] = string.sub(line, 1, tab - 1)
      line = string.sub(line, tab + 1)
    end
    bodies[#bodies + 1] = line
  end
  sent = 0
  total_threads = tonumber(args[3])
  first = tonumber(args[4]) * tonumber(args[5])
  -- wrk.format replaces wrk.headers (the -H options) with the table it is given, so carry them over.
  headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Content-Type"] = args[6] or "application/json"
  mean_delay = tonumber(args[7] or "0")
  math.randomseed(os.time() + id)
end

function delay()
  if mean_delay > 0 then
    return math.random(0, 2 * mean_delay)
  end
  return 0
end

function request()
  local index = first + sent * total_threads + id + 1
  sent = sent + 1
  if index > #bodies then
    index = ((index - 1) % #bodies) + 1  -- ran out: repeats will be refused (409) and counted as errors
  end
  return wrk.format("POST", paths[index] or path, headers, bodies[index])
end
