"""Redis implementation of the state store (``redis://HOST:PORT/DB``), shared by many processes.

URI: ``redis://[[USER]:PASSWORD@]HOST[:PORT][/DB][?OPTIONS]`` (also ``rediss://`` and
``unix:///path/to/socket?db=N``). The store's own options, removed before the rest of the URI goes
to redis-py (which understands e.g. ``socket_timeout``):

* ``prefix=NAME``: keys are named ``crawler:NAME:...`` instead of ``crawler:...``, so several
  projects (or test runs) can share one Redis database;
* ``seen_ttl=SECONDS``: a seen URL is forgotten SECONDS after the time it was seen, without
  waiting for :meth:`~RedisStateStore.expire_seen` (which the spiders call at start with
  ``INCREMENTAL_SEEN_EXPIRY_DAYS``); unset or 0: only ``expire_seen`` forgets, as with SQLite;
* ``lock_timeout=SECONDS`` (default 10): the lease of the cross-process lock of
  :meth:`RedisStateStore.exclusive`; the holder renews it while it works, so it matters only when
  a holder dies (the others wait at most this long);
* ``lock_wait=SECONDS`` (default 60): how long :meth:`RedisStateStore.exclusive` waits for the
  lock before it raises :class:`TimeoutError`;
* ``reconnect_wait=SECONDS`` (default 60): how long a call waits for a Redis that stopped
  answering (a restart, a failover) before it raises :class:`crawler.state.StateStoreError`
  (:mod:`crawler.state.redis_retry`; 0: it does not wait).

Key layout (``P`` is the prefix, ``crawler:`` or ``crawler:NAME:``)::

    P meta                  hash    schema_version
    P next_aid              string  counter: article numbers (insertion order, like SQLite's rowid)
    P n_articles            string  counter: how many articles
    P article:{url}         hash    url site site_kind canonical_url headline date_published
                                    claimed_url sketch updated aid cluster
                                    hashes ("h1 h2 ...": the article's candidate-index hashes)
                                    canon_key (url_key of canonical_url, '' when none)
                                    sitekey (the site its hashes are counted for in hs:{hash})
    P urlkey:{key}          zset    url -> aid, for url_key(url)         (find_article)
    P canon:{key}           zset    url -> aid, for url_key(canonical)   (find_article)
    P url:{aid}             string  url of the article numbered aid
    P h:{hash}              zset    aid -> aid: the candidate index (oldest first, as SQLite);
                                    small integer members keep these zsets listpack-encoded
    P hs:{hash}             zset    site key -> number of its articles indexed under hash (the
                                    top score is what the boilerplate rule reads)
    P links:{url}           hash    other url -> link kind seen from url (1, 2 or 3; both sides)
    P relink                hash    hash -> version: hashes whose boilerplate status changed while
                                    the links of the articles holding them wait to be derived again
    P cluster:{id}          hash    created original rule
    P members:{id}          set     URLs of the cluster's articles
    P verdict:{url}         hash    kind -> JSON
    P verdict_time          zset    "kind url" -> epoch seconds the verdict was stored (expire_verdicts)
    P updated               zset    url -> the article's ``updated`` (stale_articles)
    P seen                  zset    url -> epoch seconds it was last seen (expire_seen: one
                                    ZREMRANGEBYSCORE)
    P lock                  string  token of the holder of the exclusive() lock (with a lease)
    P runs:{site}           zset    JSON of one run's health figures -> its ``finished`` time
    P run_sites             set     sites with a recorded run

Atomicity across processes: :meth:`put_article` (the article, its index entries and counts),
:meth:`set_links`, :meth:`set_clusters` and the lock's release and renewal are Lua scripts.
Schema 1 (per-cluster counts ``hc:{hash}``) is migrated when first opened: the per-site counts are
rebuilt from the articles and the ``syndication`` meta value is cleared, so the syndication stage
derives links and clusters again. Schema 2 gets the two time indexes of schema 3 (``updated``
from the articles, ``verdict_time`` with the time of the migration, as verdicts had no time).
Reads of many hashes (:meth:`lookup_hashes`, :meth:`hash_site_max`)
are one read-only Lua call per 1000 hashes, passed as one space-separated argument (with hiredis,
a call costs the client little more than its round trip). Redis has no rollback: an error inside
:meth:`exclusive` leaves the writes made before it (every single write is atomic, and re-running
the step repairs it). Works with a standalone Redis (or Sentinel-managed primary), not Redis
Cluster (scripts touch keys they derive from the article). Durability is the server's: use
``appendonly yes`` on a Redis that keeps crawl state.

No Scrapy imports here, and no module-level state.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

import redis
from redis.exceptions import RedisError

from crawler.dates import epoch_seconds
from crawler.state import redis_scripts as scripts
from crawler.state.base import Cluster, StateStore, StateStoreError, StoredArticle, chunks
from crawler.state.redis_lock import LeaseLock, LockLost
from crawler.state.redis_retry import Reconnect
from crawler.state.redis_uri import RedisUnavailable, parse_redis_uri, safe_uri, seconds_option
from crawler.urls import url_key

__all__ = ["LockLost", "RedisStateStore", "RedisUnavailable", "safe_uri"]

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 3
KEY_ROOT = "crawler:"
DEFAULT_LOCK_TIMEOUT = 10.0
DEFAULT_LOCK_WAIT = 60.0
DEFAULT_RECONNECT_WAIT = 60.0
_CHUNK = 1000
_FIELDS = (
    "url",
    "site",
    "site_kind",
    "canonical_url",
    "headline",
    "date_published",
    "claimed_url",
    "sketch",
    "cluster",
    "updated",
)
P = ParamSpec("P")
T = TypeVar("T")


def _reconnecting(method: Callable[Concatenate[RedisStateStore, P], T]) -> Callable[Concatenate[RedisStateStore, P], T]:
    """The store's call, run again through a Redis outage of up to ``reconnect_wait`` seconds
    (:class:`crawler.state.redis_retry.Reconnect`); its Redis errors are
    :class:`crawler.state.StateStoreError`."""

    @functools.wraps(method)
    def call(self: RedisStateStore, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return self.reconnect.call(method, self, *args, **kwargs)

    return call


class RedisStateStore(StateStore):
    """A state store in one Redis database, shared by any number of crawler processes.

    One instance is meant for one thread at a time (like an SQLite connection); threads that
    share it are serialised by :meth:`exclusive`.
    """

    def __init__(self, uri: str) -> None:
        self.uri = uri
        client_uri, opts = parse_redis_uri(uri)
        prefix = opts.get("prefix", "")
        if any(c.isspace() for c in prefix):
            raise ValueError(f"state store {safe_uri(uri)}: prefix {prefix!r} contains white space")
        self.prefix = KEY_ROOT + (f"{prefix}:" if prefix else "")
        ttl = seconds_option(uri, "seen_ttl", opts.get("seen_ttl"), None, 0)
        self.seen_ttl: float | None = ttl or None
        timeout = seconds_option(uri, "lock_timeout", opts.get("lock_timeout"), DEFAULT_LOCK_TIMEOUT, 0.01)
        wait = seconds_option(uri, "lock_wait", opts.get("lock_wait"), DEFAULT_LOCK_WAIT, 0)
        self.lock_timeout = DEFAULT_LOCK_TIMEOUT if timeout is None else timeout
        self.lock_wait = DEFAULT_LOCK_WAIT if wait is None else wait
        reconnect = seconds_option(uri, "reconnect_wait", opts.get("reconnect_wait"), DEFAULT_RECONNECT_WAIT, 0)
        self.reconnect = Reconnect(safe_uri(uri), DEFAULT_RECONNECT_WAIT if reconnect is None else reconnect)
        try:
            client = redis.Redis.from_url(client_uri, decode_responses=True)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"state store {safe_uri(uri)}: bad Redis URI ({exc})") from None
        try:
            client.ping()
        except RedisError as exc:
            client.close()
            raise RedisUnavailable(f"state store {safe_uri(uri)}: cannot reach Redis ({exc})") from None
        self._client: redis.Redis | None = client
        self._register_scripts(client)
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._lock = LeaseLock(self._k("lock"), self.lock_timeout, self.lock_wait, safe_uri(uri),
                               client.register_script(scripts.RENEW), client.register_script(scripts.UNLOCK))
        meta = self._k("meta")
        client.hsetnx(meta, "schema_version", str(SCHEMA_VERSION))
        # decode_responses=True: replies are str (redis-py's annotations say bytes | str)
        version = cast("str | None", client.hget(meta, "schema_version"))
        if version is not None and int(version) > SCHEMA_VERSION:
            client.close()
            self._client = None
            raise ValueError(
                f"{safe_uri(uri)}: state schema version {version} is newer than this crawler's ({SCHEMA_VERSION})"
            )
        if version is not None and int(version) < SCHEMA_VERSION:
            with self.exclusive():
                if int(cast("str", client.hget(meta, "schema_version"))) < 2:
                    self._migrate_1_to_2()
                if int(cast("str", client.hget(meta, "schema_version"))) < 3:
                    self._migrate_2_to_3()

    # --- plumbing ----------------------------------------------------------------------------
    def _register_scripts(self, client: redis.Redis) -> None:
        self._set_links = client.register_script(scripts.SET_LINKS)
        self._neighbours = client.register_script(scripts.NEIGHBOURS)
        self._set_clusters = client.register_script(scripts.SET_CLUSTERS)
        self._site_max = client.register_script(scripts.SITE_MAX)
        self._put = client.register_script(scripts.PUT)
        self._candidates = client.register_script(scripts.CANDIDATES)
        self._add_relink = client.register_script(scripts.ADD_RELINK)
        self._drop_relink = client.register_script(scripts.DROP_RELINK)
        self._delete = client.register_script(scripts.DELETE)
        self._touch = client.register_script(scripts.TOUCH)
        self._expire_verdicts = client.register_script(scripts.EXPIRE_VERDICTS)

    def _k(self, kind: str, name: object = None) -> str:
        return f"{self.prefix}{kind}" if name is None else f"{self.prefix}{kind}:{name}"

    @property
    def r(self) -> redis.Redis:
        """The client (RuntimeError once closed); renews the exclusive lock when it is due."""
        if self._client is None:
            raise RuntimeError(f"state store {safe_uri(self.uri)} is closed")
        self._lock.renew_if_due(self._client)
        return self._client

    def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        try:
            if self._lock.held:
                self._lock.release(client)
        except RedisError as exc:  # Redis gone: the lock runs out with its lease
            logger.warning("State store %s: the exclusive lock was not released (%s); it expires in %gs",
                           safe_uri(self.uri), exc, self.lock_timeout)
        finally:
            self._lock.token = None
            self._depth = 0
            client.close()

    def __repr__(self) -> str:
        return f"RedisStateStore({safe_uri(self.uri)!r})"

    # --- the cross-process lock --------------------------------------------------------------
    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """A section during which no other process (or thread using this instance) is in its own
        ``exclusive()`` section of the same store: a lock key with a random token and a lease
        (``lock_timeout``), renewed while held, released by a compare-and-delete script.
        Re-entrant within one instance. Writes are not rolled back on an error."""
        with self._thread_lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self.reconnect.call(self._lock.acquire, self.r)
            self._depth = 1
            try:
                yield
            finally:
                self._depth = 0
                client = self._client
                if client is not None and self._lock.held:
                    try:
                        self.reconnect.call(self._lock.release, client)
                    finally:
                        self._lock.token = None  # not released: its lease runs out

    # --- articles ----------------------------------------------------------------------------
    @_reconnecting
    def put_article(self, article: StoredArticle) -> None:
        url = article.url
        new_hashes = sorted({int(h) for h in article.index_hashes})
        canon_key = url_key(article.canonical_url)
        fields: dict[str, Any] = {
            "url": url,
            "site": article.site,
            "site_kind": article.site_kind,
            "canonical_url": article.canonical_url,
            "headline": article.headline,
            "date_published": article.date_published,
            "claimed_url": article.claimed_url,
            "sketch": article.sketch,
            "updated": repr(float(article.updated)),
            "hashes": " ".join(map(str, new_hashes)),
        }
        present = [x for k, v in fields.items() if v is not None for x in (k, v)]
        absent = [k for k, v in fields.items() if v is None]
        ukey = url_key(url)
        args = [self.prefix, url, ukey or "", canon_key or "", fields["hashes"], article.site_key, len(present) // 2,
                *present, *absent]
        r = self.r
        stale = self._put(keys=[self._k("article", url)], args=args, client=r)
        if stale is not None:
            old_key = url_key(stale)
            if old_key is not None and old_key != canon_key:
                r.zrem(self._k("canon", old_key), url)

    @staticmethod
    def _article(values: list[str | None]) -> StoredArticle | None:
        if values[0] is None:
            return None
        row = dict(zip(_FIELDS, values, strict=True))
        return StoredArticle(
            url=row["url"],  # type: ignore[arg-type]
            site=row["site"],
            site_kind=row["site_kind"],
            canonical_url=row["canonical_url"],
            headline=row["headline"],
            date_published=row["date_published"],
            claimed_url=row["claimed_url"],
            sketch=row["sketch"],
            cluster_id=row["cluster"],
            updated=float(row["updated"] or 0.0),
        )

    @_reconnecting
    def get_article(self, url: str) -> StoredArticle | None:
        return self._article(cast("list[str | None]", self.r.hmget(self._k("article", url), _FIELDS)))

    @_reconnecting
    def get_articles(self, urls: Iterable[str]) -> dict[str, StoredArticle]:
        r = self.r
        out: dict[str, StoredArticle] = {}
        for chunk in chunks(sorted(set(urls)), _CHUNK):
            pipe = r.pipeline(transaction=False)
            for u in chunk:
                pipe.hmget(self._k("article", u), _FIELDS)
            for values in pipe.execute():
                art = self._article(values)
                if art is not None:
                    out[art.url] = art
        return out

    @_reconnecting
    def find_article(self, url: str) -> StoredArticle | None:
        exact = self.get_article(url)
        if exact is not None:
            return exact
        key = url_key(url)
        if key is None:
            return None
        for kind in ("urlkey", "canon"):
            for u in cast("list[str]", self.r.zrange(self._k(kind, key), 0, 0)):
                art = self.get_article(u)
                if art is not None:
                    return art
        return None

    @_reconnecting
    def lookup_hashes(self, hashes: Iterable[int], limit: int = 200) -> dict[int, list[str]]:
        if limit <= 0:
            return {}
        return self.candidate_postings(hashes, limit, 0)[0]

    @_reconnecting
    def candidate_postings(
        self, hashes: Iterable[int], limit: int, boilerplate_clusters: int
    ) -> tuple[dict[int, list[str]], set[int]]:
        postings: dict[int, list[str]] = {}
        ignore: set[int] = set()
        r = self.r
        for chunk in chunks(sorted({int(h) for h in hashes}), _CHUNK):
            args: list[str | int] = [self.prefix, int(limit), max(0, int(boilerplate_clusters)),
                                     " ".join(map(str, chunk))]
            flat = self._candidates(args=args, client=r)
            ignore.update(int(h) for h in flat[0])
            for i in range(1, len(flat), 2):
                if flat[i + 1]:
                    postings[int(flat[i])] = list(flat[i + 1])
        return postings, ignore

    @_reconnecting
    def hash_site_max(self, hashes: Iterable[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        r = self.r
        for chunk in chunks(sorted({int(h) for h in hashes}), _CHUNK):
            flat = self._site_max(args=[self.prefix, " ".join(map(str, chunk))], client=r)
            out.update((int(flat[i]), int(float(flat[i + 1]))) for i in range(0, len(flat), 2))
        return out

    @_reconnecting
    def count_articles(self) -> int:
        return int(self.r.get(self._k("n_articles")) or 0)

    def article_urls(self) -> Iterator[str]:
        start = len(self._k("article", ""))
        try:
            for key in self.r.scan_iter(match=self._k("article", "*"), count=1000):
                yield key[start:]
        except RedisError as exc:  # a scan cut short cannot go on where it was: not run again
            raise StateStoreError(f"state store {safe_uri(self.uri)}: {type(exc).__name__}: {exc}") from exc

    # --- retention ---------------------------------------------------------------------------
    @_reconnecting
    def stale_articles(self, before: float, limit: int) -> list[str]:
        if limit <= 0:
            return []
        # one score, members in byte order: SQLite's ORDER BY updated, url
        return cast("list[str]", self.r.zrangebyscore(self._k("updated"), "-inf", f"({float(before)!r}",
                                                      start=0, num=int(limit)))

    @_reconnecting
    def touch_articles(self, urls: Iterable[str], when: float) -> None:
        for chunk in chunks(sorted(set(urls)), _CHUNK):
            self._touch(args=[self.prefix, repr(float(when)), *chunk], client=self.r)

    @_reconnecting
    def delete_articles(self, urls: Iterable[str]) -> int:
        r = self.r
        removed = 0
        for chunk in chunks(sorted(set(urls)), 100):
            pipe = r.pipeline(transaction=False)
            for u in chunk:
                pipe.hget(self._k("article", u), "canonical_url")
            canon = cast("list[str | None]", pipe.execute())
            args: list[str] = [self.prefix]
            for u, c in zip(chunk, canon, strict=True):
                args += [u, url_key(u) or "", url_key(c) or ""]
            removed += int(self._delete(args=args, client=r))
        return removed

    @_reconnecting
    def expire_verdicts(self, before: float) -> int:
        total = 0
        while True:
            n = int(self._expire_verdicts(args=[self.prefix, repr(float(before)), _CHUNK], client=self.r))
            total += n
            if n < _CHUNK:
                return total

    # --- links and clusters ------------------------------------------------------------------
    @_reconnecting
    def get_links(self, urls: Iterable[str]) -> dict[str, dict[str, int]]:
        wanted = sorted(set(urls))
        out: dict[str, dict[str, int]] = {}
        r = self.r
        for chunk in chunks(wanted, _CHUNK):
            pipe = r.pipeline(transaction=False)
            for u in chunk:
                pipe.hgetall(self._k("links", u))
            for u, got in zip(chunk, pipe.execute(), strict=True):
                out[u] = {v: int(k) for v, k in got.items()}
        return out

    @_reconnecting
    def neighbours(self, urls: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for chunk in chunks(sorted(set(urls)), _CHUNK):
            out.update(self._neighbours(args=[self.prefix, *chunk], client=self.r))
        return out

    @_reconnecting
    def set_links(self, url: str, links: Mapping[str, int]) -> None:
        pairs = [x for v, k in sorted(links.items()) if k and v != url for x in (v, int(k))]
        keys = [self._k("links", url), self._k("article", url)]
        if not int(self._set_links(keys=keys, args=[self.prefix, url, *pairs], client=self.r)):
            raise KeyError(f"article {url!r} is not in the store; put_article() it first")

    @_reconnecting
    def set_clusters(
        self, members: Mapping[str, str], originals: Mapping[str, tuple[str | None, str | None]]
    ) -> None:
        args: list[str | int] = [self.prefix, repr(time.time()), len(members)]
        for url, cid in sorted(members.items()):
            args += [url, cid]
        args.append(len(originals))
        for cid, (orig, rule) in sorted(originals.items()):
            args += [cid, "0" if orig is None else "1", orig or "", "0" if rule is None else "1", rule or ""]
        self._set_clusters(args=args, client=self.r)

    @_reconnecting
    def get_cluster(self, cluster_id: str) -> Cluster | None:
        pipe = self.r.pipeline(transaction=True)
        pipe.hmget(self._k("cluster", cluster_id), ["created", "original", "rule"])
        pipe.smembers(self._k("members", cluster_id))
        (created, original, rule), members = pipe.execute()
        if created is None:
            return None
        return Cluster(cluster_id=cluster_id, members=tuple(sorted(members)), original=original, rule=rule)

    # --- pending relinks ---------------------------------------------------------------------
    @_reconnecting
    def add_relink_hashes(self, hashes: Iterable[int], version: int) -> None:
        args = [x for h in sorted({int(h) for h in hashes}) for x in (h, int(version))]
        for i in range(0, len(args), 2 * _CHUNK):
            self._add_relink(keys=[self._k("relink")], args=args[i : i + 2 * _CHUNK], client=self.r)

    @_reconnecting
    def relink_hashes(self) -> dict[int, int]:
        got = cast("dict[str, str]", self.r.hgetall(self._k("relink")))
        return {int(h): int(v) for h, v in got.items()}

    @_reconnecting
    def count_relink_hashes(self) -> int:
        return int(cast("int", self.r.hlen(self._k("relink"))))

    @_reconnecting
    def drop_relink_hashes(self, versions: Mapping[int, int]) -> None:
        args = [x for h, v in sorted(versions.items()) for x in (int(h), int(v))]
        for i in range(0, len(args), 2 * _CHUNK):
            self._drop_relink(keys=[self._k("relink")], args=args[i : i + 2 * _CHUNK], client=self.r)

    # --- meta values -------------------------------------------------------------------------
    @_reconnecting
    def get_meta(self, key: str) -> str | None:
        return cast("str | None", self.r.hget(self._k("meta"), key))

    @_reconnecting
    def set_meta(self, key: str, value: str | None) -> None:
        if value is None:
            self.r.hdel(self._k("meta"), key)
        else:
            self.r.hset(self._k("meta"), key, value)

    def _migrate_1_to_2(self) -> None:
        """Schema 1 -> 2 (under the lock): per-site counts ``hs:{hash}`` from the articles' index
        hashes, the per-cluster counts ``hc:{hash}`` deleted, links and clusters to be derived again."""
        r = self.r
        for key in r.scan_iter(match=self._k("hc", "*"), count=1000):
            r.unlink(key)
        for key in r.scan_iter(match=self._k("article", "*"), count=1000):
            url, site, hashes = cast("list[str | None]", r.hmget(key, ["url", "site", "hashes"]))
            if url is None:
                continue
            site_key = StoredArticle(url=url, site=site).site_key
            pipe = r.pipeline(transaction=False)
            pipe.hset(key, "sitekey", site_key)
            for h in (hashes or "").split():
                pipe.zincrby(self._k("hs", h), 1, site_key)
            pipe.execute()
        r.hdel(self._k("meta"), "syndication")
        r.hset(self._k("meta"), "schema_version", "2")

    def _migrate_2_to_3(self) -> None:
        """Schema 2 -> 3 (under the lock): the time indexes of :meth:`stale_articles` (from each
        article's ``updated``) and :meth:`expire_verdicts` (the verdicts had no time: now)."""
        r = self.r
        now = time.time()
        for key in r.scan_iter(match=self._k("article", "*"), count=1000):
            url, updated = cast("list[str | None]", r.hmget(key, ["url", "updated"]))
            if url is not None:
                r.zadd(self._k("updated"), {url: float(updated or 0.0)})
        start = len(self._k("verdict", ""))
        for key in r.scan_iter(match=self._k("verdict", "*"), count=1000):
            kinds = cast("list[str]", r.hkeys(key))
            if kinds:
                r.zadd(self._k("verdict_time"), {f"{kind} {key[start:]}": now for kind in kinds})
        r.hset(self._k("meta"), "schema_version", "3")

    # --- verdicts and seen URLs --------------------------------------------------------------
    @_reconnecting
    def put_verdict(self, url: str, kind: str, value: Mapping[str, Any]) -> None:
        pipe = self.r.pipeline(transaction=True)
        pipe.hset(self._k("verdict", url), kind, json.dumps(dict(value), sort_keys=True))
        pipe.zadd(self._k("verdict_time"), {f"{kind} {url}": time.time()})
        pipe.execute()

    @_reconnecting
    def get_verdict(self, url: str, kind: str) -> dict[str, Any] | None:
        raw = self.r.hget(self._k("verdict", url), kind)
        return json.loads(raw) if raw is not None else None

    @_reconnecting
    def mark_seen(self, url: str, when: float | datetime | None = None) -> None:
        """Remember that ``url`` was fetched at ``when`` (the latest call wins, as in SQLite).

        With ``seen_ttl``, URLs seen more than ``seen_ttl`` seconds ago are forgotten (those
        stamps are dropped here, and :meth:`last_seen` never returns one)."""
        stamp = epoch_seconds(when)
        key = self._k("seen")
        pipe = self.r.pipeline(transaction=True)
        if self.seen_ttl is not None and stamp < time.time() - self.seen_ttl:
            pipe.zrem(key, url)
        else:
            pipe.zadd(key, {url: stamp})
        if self.seen_ttl is not None:
            pipe.zremrangebyscore(key, "-inf", f"({time.time() - self.seen_ttl!r}")
        pipe.execute()

    @_reconnecting
    def mark_seen_many(self, urls: Iterable[str], when: float | datetime | None = None) -> None:
        stamp = epoch_seconds(when)
        marks = dict.fromkeys(urls, stamp)
        if not marks:
            return
        if self.seen_ttl is not None and stamp < time.time() - self.seen_ttl:
            self.r.zrem(self._k("seen"), *marks)
            return
        key = self._k("seen")
        pipe = self.r.pipeline(transaction=True)
        pipe.zadd(key, marks)
        if self.seen_ttl is not None:
            pipe.zremrangebyscore(key, "-inf", f"({time.time() - self.seen_ttl!r}")
        pipe.execute()

    @_reconnecting
    def last_seen(self, url: str) -> float | None:
        stamp = self.r.zscore(self._k("seen"), url)
        if stamp is None or (self.seen_ttl is not None and stamp < time.time() - self.seen_ttl):
            return None
        return float(stamp)

    @_reconnecting
    def last_seen_many(self, urls: Iterable[str]) -> dict[str, float]:
        out: dict[str, float] = {}
        oldest = time.time() - self.seen_ttl if self.seen_ttl is not None else None
        r = self.r
        for chunk in chunks(sorted(set(urls)), _CHUNK):
            for url, stamp in zip(chunk, r.zmscore(self._k("seen"), chunk), strict=True):
                if stamp is not None and (oldest is None or stamp >= oldest):
                    out[url] = float(stamp)
        return out

    @_reconnecting
    def expire_seen(self, before: float | datetime) -> int:
        """Forget seen URLs last marked before ``before``; the number forgotten."""
        return int(self.r.zremrangebyscore(self._k("seen"), "-inf", f"({epoch_seconds(before)!r}"))

    # --- run history -------------------------------------------------------------------------
    @_reconnecting
    def add_site_run(self, site: str, run: Mapping[str, Any], keep: int = 100) -> None:
        key = self._k("runs", site)
        pipe = self.r.pipeline(transaction=True)
        pipe.zadd(key, {json.dumps(dict(run), sort_keys=True): float(run["finished"])})
        pipe.zremrangebyrank(key, 0, -max(1, int(keep)) - 1)
        pipe.sadd(self._k("run_sites"), site)
        pipe.execute()

    @_reconnecting
    def site_runs(self, site: str, limit: int = 10) -> list[dict[str, Any]]:
        if limit <= 0:
            return []
        values = cast("list[str]", self.r.zrevrange(self._k("runs", site), 0, int(limit) - 1))
        return [json.loads(v) for v in values]

    @_reconnecting
    def run_sites(self) -> list[str]:
        return sorted(cast("set[str]", self.r.smembers(self._k("run_sites"))))
