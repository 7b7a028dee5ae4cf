"""The Redis state store's Lua scripts: each store step in one atomic round trip."""

from __future__ import annotations

# KEYS: relink. ARGV: (hash, version) pairs. Remembers each hash at the larger of its versions.
ADD_RELINK = """
for i = 1, #ARGV, 2 do
  local v = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '-1')
  if tonumber(ARGV[i + 1]) > v then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
return 1
"""

# KEYS: relink. ARGV: (hash, version) pairs. Forgets each hash still remembered at that version.
DROP_RELINK = """
local n = 0
for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then
    redis.call('HDEL', KEYS[1], ARGV[i])
    n = n + 1
  end
end
return n
"""

# ARGV: prefix, "hash hash ...". Returns {hash, n, ...}: the largest per-site count (the top score
# of hs:{hash}) of each hash indexed in at least one article.
SITE_MAX = """
local out = {}
for h in string.gmatch(ARGV[2], '%S+') do
  local top = redis.call('ZREVRANGE', ARGV[1] .. 'hs:' .. h, 0, 0, 'WITHSCORES')
  if top[2] and tonumber(top[2]) > 0 then
    out[#out + 1] = h
    out[#out + 1] = top[2]
  end
end
return out
"""

# KEYS: links:{url}, article:{url}. ARGV: prefix, url, then (other url, kind) pairs. Replaces the
# links of url on both sides (the other side gets the kind with its two bits swapped); links to
# articles not stored are left out. Returns 0 when the article is missing, else 1.
SET_LINKS = """
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
local p, url = ARGV[1], ARGV[2]
for _, o in ipairs(redis.call('HKEYS', KEYS[1])) do redis.call('HDEL', p .. 'links:' .. o, url) end
redis.call('DEL', KEYS[1])
for i = 3, #ARGV, 2 do
  local o, k = ARGV[i], tonumber(ARGV[i + 1])
  if redis.call('EXISTS', p .. 'article:' .. o) == 1 then
    redis.call('HSET', KEYS[1], o, k)
    redis.call('HSET', p .. 'links:' .. o, url, (k % 2) * 2 + math.floor(k / 2) % 2)
  end
end
return 1
"""

# ARGV: prefix, then urls. The articles linked to any of them, each once (read in the server:
# the links of a big component are not sent to the client).
NEIGHBOURS = """
local p, seen, out = ARGV[1], {}, {}
for i = 2, #ARGV do
  for _, o in ipairs(redis.call('HKEYS', p .. 'links:' .. ARGV[i])) do
    if not seen[o] then
      seen[o] = true
      out[#out + 1] = o
    end
  end
end
return out
"""

# ARGV: prefix, now, N, then N (url, cluster id) pairs, then M, then M (cluster id, has original
# (0/1), original, has rule (0/1), rule). Moves stored articles into their clusters, records the
# originals, and deletes the clusters left without members.
SET_CLUSTERS = """
local p, now = ARGV[1], ARGV[2]
local n = tonumber(ARGV[3])
local emptied = {}
for i = 4, 3 + 2 * n, 2 do
  local url, cid = ARGV[i], ARGV[i + 1]
  local akey = p .. 'article:' .. url
  if redis.call('EXISTS', akey) == 1 then
    local old = redis.call('HGET', akey, 'cluster')
    if old ~= cid then
      if old then
        redis.call('SREM', p .. 'members:' .. old, url)
        emptied[old] = true
      end
      redis.call('SADD', p .. 'members:' .. cid, url)
      redis.call('HSET', akey, 'cluster', cid)
    end
    redis.call('HSETNX', p .. 'cluster:' .. cid, 'created', now)
  end
end
local j = 4 + 2 * n
local m = tonumber(ARGV[j])
j = j + 1
for _ = 1, m do
  local ck = p .. 'cluster:' .. ARGV[j]
  redis.call('HSETNX', ck, 'created', now)
  if ARGV[j + 1] == '1' then redis.call('HSET', ck, 'original', ARGV[j + 2])
  else redis.call('HDEL', ck, 'original') end
  if ARGV[j + 3] == '1' then redis.call('HSET', ck, 'rule', ARGV[j + 4])
  else redis.call('HDEL', ck, 'rule') end
  j = j + 5
end
for cid in pairs(emptied) do
  if redis.call('SCARD', p .. 'members:' .. cid) == 0 then
    redis.call('DEL', p .. 'cluster:' .. cid, p .. 'members:' .. cid)
  end
end
return 1
"""

# ARGV: prefix, limit, boilerplate minimum (0: none), "hash hash ...". The candidate search in one
# pass: a hash indexed in that many articles of one site or more is boilerplate (its posting list
# is not read), the others are looked up. Returns {{boilerplate hash...}, hash, {url...}, ...}.
CANDIDATES = """
local p, limit, bp = ARGV[1], tonumber(ARGV[2]) - 1, tonumber(ARGV[3])
local urls, ignore, out = {}, {}, {}
out[1] = ignore
for h in string.gmatch(ARGV[4], '%S+') do
  local top = bp > 0 and redis.call('ZREVRANGE', p .. 'hs:' .. h, 0, 0, 'WITHSCORES') or {}
  if top[2] and tonumber(top[2]) >= bp then
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
# "hash hash ..." (the new candidate-index hashes), site key, N, then N field/value pairs to set,
# then the names of the fields to delete. Writes the article, its index entries and the per-site
# counts of its hashes (hs:{hash}: site key -> articles) in one atomic step. Returns the old
# canonical URL when it must be unindexed by the caller (an article written before canon_key was
# stored), else false.
PUT = """
local key, p, url, site = KEYS[1], ARGV[1], ARGV[2], ARGV[6]
local cur = redis.call('HMGET', key, 'aid', 'hashes', 'sitekey', 'canon_key', 'canonical_url')
local aid, oldsite = cur[1], cur[3]
local is_new = not aid
if is_new then aid = tostring(redis.call('INCR', p .. 'next_aid')) end
local score = tonumber(aid)
local n = tonumber(ARGV[7])
local fv = {'aid', aid, 'canon_key', ARGV[4], 'sitekey', site}
for i = 8, 7 + 2 * n do fv[#fv + 1] = ARGV[i] end
for i = 8, 7 + 2 * n, 2 do
  if ARGV[i] == 'updated' then redis.call('ZADD', p .. 'updated', ARGV[i + 1], url) end
end
redis.call('HSET', key, unpack(fv))
for i = 8 + 2 * n, #ARGV do redis.call('HDEL', key, ARGV[i]) end
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
for h in string.gmatch(ARGV[5], '%S+') do new[h] = true end
for h in pairs(new) do
  if not old[h] then redis.call('ZADD', p .. 'h:' .. h, score, aid) end
  if not old[h] or oldsite ~= site then redis.call('ZINCRBY', p .. 'hs:' .. h, 1, site) end
end
for h in pairs(old) do
  if not new[h] then redis.call('ZREM', p .. 'h:' .. h, aid) end
  if oldsite and (not new[h] or oldsite ~= site) then
    if tonumber(redis.call('ZINCRBY', p .. 'hs:' .. h, -1, oldsite)) <= 0 then
      redis.call('ZREM', p .. 'hs:' .. h, oldsite)
    end
  end
end
return stale
"""

# ARGV: prefix, when, then urls. Sets the ``updated`` of each stored article (and its score in
# the time index) to ``when``.
TOUCH = """
local p, when = ARGV[1], ARGV[2]
for i = 3, #ARGV do
  local akey = p .. 'article:' .. ARGV[i]
  if redis.call('EXISTS', akey) == 1 then
    redis.call('HSET', akey, 'updated', when)
    redis.call('ZADD', p .. 'updated', when, ARGV[i])
  end
end
return 1
"""

# ARGV: prefix, then (url, url key, canonical key) triples (keys '' = none; the canonical key
# for articles written before canon_key was stored). Removes each stored article with its index
# entries, per-site counts, links on both sides, cluster membership (the cluster deleted when it is
# left without members) and verdicts. Returns how many were removed.
DELETE = """
local p, removed = ARGV[1], 0
for i = 2, #ARGV, 3 do
  local url, ukey, ckey = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local akey = p .. 'article:' .. url
  local cur = redis.call('HMGET', akey, 'aid', 'hashes', 'sitekey', 'canon_key', 'cluster')
  local aid, site = cur[1], cur[3]
  if aid then
    for h in string.gmatch(cur[2] or '', '%S+') do
      redis.call('ZREM', p .. 'h:' .. h, aid)
      if site and tonumber(redis.call('ZINCRBY', p .. 'hs:' .. h, -1, site)) <= 0 then
        redis.call('ZREM', p .. 'hs:' .. h, site)
      end
    end
    redis.call('DEL', p .. 'url:' .. aid)
    if ukey ~= '' then redis.call('ZREM', p .. 'urlkey:' .. ukey, url) end
    if cur[4] and cur[4] ~= '' then redis.call('ZREM', p .. 'canon:' .. cur[4], url) end
    if ckey ~= '' then redis.call('ZREM', p .. 'canon:' .. ckey, url) end
    local lkey = p .. 'links:' .. url
    for _, o in ipairs(redis.call('HKEYS', lkey)) do redis.call('HDEL', p .. 'links:' .. o, url) end
    redis.call('DEL', lkey)
    if cur[5] then
      local mkey = p .. 'members:' .. cur[5]
      redis.call('SREM', mkey, url)
      if redis.call('SCARD', mkey) == 0 then redis.call('DEL', p .. 'cluster:' .. cur[5], mkey) end
    end
    local vkey = p .. 'verdict:' .. url
    for _, kind in ipairs(redis.call('HKEYS', vkey)) do redis.call('ZREM', p .. 'verdict_time', kind .. ' ' .. url) end
    redis.call('DEL', vkey, akey)
    redis.call('ZREM', p .. 'updated', url)
    redis.call('DECR', p .. 'n_articles')
    removed = removed + 1
  end
end
return removed
"""

# ARGV: prefix, before (epoch seconds), limit. Forgets at most limit verdicts stored before
# ``before`` (verdict_time members are "kind url"); returns how many.
EXPIRE_VERDICTS = """
local p = ARGV[1]
local zkey = p .. 'verdict_time'
local items = redis.call('ZRANGEBYSCORE', zkey, '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
for _, m in ipairs(items) do
  local sp = string.find(m, ' ', 1, true)
  redis.call('HDEL', p .. 'verdict:' .. string.sub(m, sp + 1), string.sub(m, 1, sp - 1))
  redis.call('ZREM', zkey, m)
end
return #items
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
