-- wrk script: requests the paths listed in $CRAWL_PATHS in turn, each thread from its own start.
local paths = {}
local next_index = 1

function setup(thread)
  thread:set("offset", math.random(1, 100000))
end

function init(args)
  for line in io.lines(os.getenv("CRAWL_PATHS")) do
    paths[#paths + 1] = line
  end
  next_index = (offset or 1) % #paths + 1
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end
