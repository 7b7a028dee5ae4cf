"""The frontier's Lua scripts: each one round trip, atomic on the Redis server."""

from __future__ import annotations

# KEYS: queue, dupefilter, inflight hash. ARGV: P, then P (fingerprint, score, request) triples to
# push ('' fingerprint: dont_filter), then A, then A tokens to acknowledge, then the tokens of the
# requests to pop (as many as wanted). Pushes (a request whose fingerprint the dupefilter holds is
# dropped), then acknowledges, then pops the best requests into the in-flight hash, all at once:
# a worker's pushes always reach the queue before the acknowledgement of the request that made them.
# Returns {number pushed, popped request...}.
SYNC = """
local i, pushed = 2, 0
for _ = 1, tonumber(ARGV[1]) do
  local fp, score, data = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if fp == '' or redis.call('SADD', KEYS[2], fp) == 1 then
    redis.call('ZADD', KEYS[1], score, data)
    pushed = pushed + 1
  end
  i = i + 3
end
local acks = tonumber(ARGV[i])
if acks > 0 then redis.call('HDEL', KEYS[3], unpack(ARGV, i + 1, i + acks)) end
i = i + acks + 1
local out = {pushed}
local want = #ARGV - i + 1
if want > 0 then
  local r = redis.call('ZRANGE', KEYS[1], 0, want - 1, 'WITHSCORES')
  for j = 1, #r, 2 do
    redis.call('ZREM', KEYS[1], r[j])
    redis.call('HSET', KEYS[3], ARGV[i], r[j + 1] .. '\\n' .. r[j])
    out[#out + 1] = r[j]
    i = i + 1
  end
end
return out
"""

# KEYS: start list, inflight hash. ARGV: token. Pops one JSON seed into the in-flight hash.
POP_SEED = """
local d = redis.call('LPOP', KEYS[1])
if not d then return false end
redis.call('HSET', KEYS[2], ARGV[1], 'seed\\n' .. d)
return d
"""

# KEYS: inflight hash, queue, start list. Puts every in-flight entry back; returns how many.
REQUEUE = """
local all = redis.call('HGETALL', KEYS[1])
local n = 0
for i = 2, #all, 2 do
  local v = all[i]
  local nl = string.find(v, '\\n', 1, true)
  if nl then
    local head = string.sub(v, 1, nl - 1)
    local data = string.sub(v, nl + 1)
    if head == 'seed' then redis.call('RPUSH', KEYS[3], data)
    else redis.call('ZADD', KEYS[2], tonumber(head) or 0, data) end
    n = n + 1
  end
end
redis.call('DEL', KEYS[1])
return n
"""
