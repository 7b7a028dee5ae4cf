"""The Redis state store's Lua scripts: each store step in one atomic round trip."""

from __future__ import annotations

# KEYS: article, cluster, members. ARGV: prefix, url, cluster id, now.
# Returns {0, ""} when the article is missing, {1, id} when it already is in a cluster, {2, id}.
JOIN = """
if redis.call('EXISTS', KEYS[1]) == 0 then return {0, ''} end
local cur = redis.call('HGET', KEYS[1], 'cluster')
if cur then return {1, cur} end
redis.call('HSETNX', KEYS[2], 'created', ARGV[4])
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('HSET', KEYS[1], 'cluster', ARGV[3])
local hashes = redis.call('HGET', KEYS[1], 'hashes')
if hashes then
  for h in string.gmatch(hashes, '%S+') do
    redis.call('ZINCRBY', ARGV[1] .. 'hc:' .. h, 1, ARGV[3])
  end
end
return {2, ARGV[3]}
"""

# KEYS: article, cluster, members. ARGV: prefix, url, cluster id.
# Returns 1 when the cluster is missing, 2 when the article is missing, else 0.
MOVE = """
if redis.call('EXISTS', KEYS[2]) == 0 then return 1 end
if redis.call('EXISTS', KEYS[1]) == 0 then return 2 end
local old = redis.call('HGET', KEYS[1], 'cluster')
if old == ARGV[3] then return 0 end
if old then redis.call('SREM', ARGV[1] .. 'members:' .. old, ARGV[2]) end
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('HSET', KEYS[1], 'cluster', ARGV[3])
local hashes = redis.call('HGET', KEYS[1], 'hashes')
if hashes then
  for h in string.gmatch(hashes, '%S+') do
    local k = ARGV[1] .. 'hc:' .. h
    if old then
      if tonumber(redis.call('ZINCRBY', k, -1, old)) <= 0 then redis.call('ZREM', k, old) end
    end
    redis.call('ZINCRBY', k, 1, ARGV[3])
  end
end
return 0
"""

# KEYS: cluster. ARGV: has url (0/1), url, has rule (0/1), rule. A missing cluster is left alone.
SET_ORIGINAL = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] == '1' then redis.call('HSET', KEYS[1], 'original', ARGV[2])
else redis.call('HDEL', KEYS[1], 'original') end
if ARGV[3] == '1' then redis.call('HSET', KEYS[1], 'rule', ARGV[4])
else redis.call('HDEL', KEYS[1], 'rule') end
return 1
"""

# ARGV: prefix, "hash hash ...". Returns {hash, n, ...}: the number of clusters (ZCARD of
# hc:{hash}) of each hash indexed in at least one.
CLUSTER_COUNTS = """
local out = {}
for h in string.gmatch(ARGV[2], '%S+') do
  local n = redis.call('ZCARD', ARGV[1] .. 'hc:' .. h)
  if n > 0 then
    out[#out + 1] = h
    out[#out + 1] = n
  end
end
return out
"""

# ARGV: prefix, limit, boilerplate clusters (0: none), "hash hash ...". The candidate search in
# one pass: a hash indexed in that many clusters or more is boilerplate (its
# posting list is not read), the others are looked up. Returns {{boilerplate hash...}, hash,
# {url...}, ...}.
CANDIDATES = """
local p, limit, bp = ARGV[1], tonumber(ARGV[2]) - 1, tonumber(ARGV[3])
local urls, ignore, out = {}, {}, {}
out[1] = ignore
for h in string.gmatch(ARGV[4], '%S+') do
  if bp > 0 and redis.call('ZCARD', p .. 'hc:' .. h) >= bp then
    ignore[#ignore + 1] = h
  elseif limit >= 0 then
    local aids = redis.call('ZRANGE', p .. 'h:' .. h, 0, limit)
    if #aids > 0 then
      local list = {}
      for _, aid in ipairs(aids) do
        local u = urls[aid]
        if u == nil then
          u = redis.call('GET', p .. 'url:' .. aid)
          urls[aid] = u
        end
        if u then list[#list + 1] = u end
      end
      out[#out + 1] = h
      out[#out + 1] = list
    end
  end
end
return out
"""

# KEYS: article. ARGV: prefix, url, url key ('' = none), canonical key ('' = none),
# "hash hash ..." (the new candidate-index hashes), N, then N field/value pairs to set, then the
# names of the fields to delete. Writes the article and its index entries in one atomic step.
# Returns the old canonical URL when it must be unindexed by the caller (an article written
# before canon_key was stored), else false.
PUT = """
local key, p, url = KEYS[1], ARGV[1], ARGV[2]
local cur = redis.call('HMGET', key, 'aid', 'hashes', 'cluster', 'canon_key', 'canonical_url')
local aid, cluster = cur[1], cur[3]
local is_new = not aid
if is_new then aid = tostring(redis.call('INCR', p .. 'next_aid')) end
local score = tonumber(aid)
local n = tonumber(ARGV[6])
local fv = {'aid', aid, 'canon_key', ARGV[4]}
for i = 7, 6 + 2 * n do fv[#fv + 1] = ARGV[i] end
redis.call('HSET', key, unpack(fv))
for i = 7 + 2 * n, #ARGV do redis.call('HDEL', key, ARGV[i]) end
if is_new then
  redis.call('INCR', p .. 'n_articles')
  redis.call('SET', p .. 'url:' .. aid, url)
  if ARGV[3] ~= '' then redis.call('ZADD', p .. 'urlkey:' .. ARGV[3], score, url) end
end
local stale = false
if cur[4] then
  if cur[4] ~= ARGV[4] and cur[4] ~= '' then redis.call('ZREM', p .. 'canon:' .. cur[4], url) end
elseif not is_new and cur[5] then
  stale = cur[5]
end
if ARGV[4] ~= '' then redis.call('ZADD', p .. 'canon:' .. ARGV[4], score, url) end
local old, new = {}, {}
if cur[2] then for h in string.gmatch(cur[2], '%S+') do old[h] = true end end
for h in string.gmatch(ARGV[5], '%S+') do
  new[h] = true
  if not old[h] then
    redis.call('ZADD', p .. 'h:' .. h, score, aid)
    if cluster then redis.call('ZINCRBY', p .. 'hc:' .. h, 1, cluster) end
  end
end
for h in pairs(old) do
  if not new[h] then
    redis.call('ZREM', p .. 'h:' .. h, aid)
    if cluster then
      if tonumber(redis.call('ZINCRBY', p .. 'hc:' .. h, -1, cluster)) <= 0 then
        redis.call('ZREM', p .. 'hc:' .. h, cluster)
      end
    end
  end
end
return stale
"""

# KEYS: lock. ARGV: token. Deletes the lock only when this token holds it.
UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

# KEYS: lock. ARGV: token, lease in ms. Renews the lease only when this token holds it.
RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""
