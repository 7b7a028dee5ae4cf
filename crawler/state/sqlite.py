"""SQLite implementation of the state store (``sqlite:///relative/path``, ``sqlite:////abs/path``).

WAL journal, ``busy_timeout`` for concurrent processes, autocommit with short explicit
``BEGIN IMMEDIATE`` transactions: every committed write survives a kill -9 of the process.
Several processes (and several connections in one process) may share one file. The connections
of one process to one file take turns at writing through a lock of the process
(:func:`crawler.state.sqlite_conn.write_lock`) before SQLite's own: a writer waiting for another
thread starts the moment it commits, where SQLite's busy handler would sleep and poll (up to
100 ms a poll).

A file the store cannot use (read-only, not an SQLite database, corrupt, on a full disk) raises
:class:`crawler.state.StateStoreError` with one line naming the file and the problem, when the
store is opened or at the first statement that meets the problem, never a bare ``sqlite3`` error.

The tables and the migration of older files are in :mod:`crawler.state.sqlite_schema`, the
connection that turns ``sqlite3`` errors into one-line :class:`StateStoreError` in
:mod:`crawler.state.sqlite_conn`.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

from crawler.dates import epoch_seconds
from crawler.state.base import Cluster, StateStore, StateStoreError, StoredArticle, chunks, swap_link
from crawler.state.sqlite_conn import Connection, sqlite_path, store_error, write_lock
from crawler.state.sqlite_schema import (
    ARTICLE_COLS,
    CACHE_KIB,
    SCHEMA,
    SCHEMA_VERSION,
    WAL_CHECKPOINT_PAGES,
    migrate_1_to_2,
)
from crawler.urls import netloc_key, url_key

__all__ = ["SCHEMA_VERSION", "SQLiteStateStore", "sqlite_path", "store_error"]

_CHUNK = 500


class SQLiteStateStore(StateStore):
    """A state store in one SQLite file."""

    def __init__(self, uri: str, busy_timeout_ms: int = 30_000) -> None:
        self.uri = uri
        path = sqlite_path(uri)
        if path != ":memory:":
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StateStoreError(f"state file {path}: cannot create its folder ({exc.strerror or exc})") from None
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._depth = 0
        self._lock = write_lock(path)
        self._lock_timeout = busy_timeout_ms / 1000
        self._locked = False
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout_ms / 1000, factory=Connection)
        except sqlite3.Error as exc:
            raise store_error(path, exc) from None
        conn.path = path
        self._conn = conn
        try:
            self._setup(busy_timeout_ms)
        except BaseException:
            self.close()
            raise

    def _setup(self, busy_timeout_ms: int) -> None:
        conn, path = self.conn, self.path
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if path != ":memory:":
            self._use_wal()
        # NORMAL in WAL mode: a committed transaction survives any process crash (kill -9);
        # only an OS crash or power loss can lose the last commits.
        conn.execute("PRAGMA synchronous = NORMAL")
        # savepoints (nested exclusive sections) keep their undo pages in memory, not in a temp file
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        # each article writes a few hundred index rows at random places: checkpoint the WAL (and
        # fsync) every few thousand pages rather than every 1000 (SQLite's default)
        conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
        with self._write():
            for stmt in SCHEMA.split(";"):
                if stmt.strip():
                    conn.execute(stmt)
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) > SCHEMA_VERSION:
                raise ValueError(
                    f"{path}: state schema version {row[0]} is newer than this crawler's ({SCHEMA_VERSION})"
                )
            else:
                if int(row[0]) < SCHEMA_VERSION:
                    migrate_1_to_2(conn)
                # a write on every open: a read-only file fails here, not in the middle of a crawl
                conn.execute("UPDATE meta SET value = value WHERE key = 'schema_version'")

    def _use_wal(self) -> None:
        """WAL mode. A new file's switch to it fails at once ("database is locked", SQLite's busy
        handler is not called) when another connection opens the file at the same moment: two
        crawlers of one process opening their stores together, two jobs started together. The
        connections of this process take their turn (the write lock); another process's is
        waited for up to the busy timeout."""
        deadline = time.monotonic() + self._lock_timeout
        pause = 0.005
        while True:
            self._take_lock()
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except StateStoreError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
            finally:
                self._drop_lock()
            time.sleep(pause)
            pause = min(2 * pause, 0.1)

    # --- plumbing ----------------------------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError(f"state store {self.uri} is closed")
        return self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        if self._depth:
            self._depth += 1
            try:
                yield conn
            finally:
                self._depth -= 1
            return
        self._take_lock()
        try:
            conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield conn
            except BaseException:
                self._depth = 0
                try:
                    conn.execute("ROLLBACK")
                except StateStoreError:  # SQLite already rolled back (a full disk, say)
                    pass
                raise
            self._depth = 0
            conn.execute("COMMIT")
        finally:
            self._drop_lock()

    def _take_lock(self) -> None:
        """This process's turn at writing the file (after ``busy_timeout`` without it, SQLite's
        own lock decides: it waits as long again, then fails as it would have)."""
        if self._lock is not None:
            self._locked = self._lock.acquire(timeout=self._lock_timeout)

    def _drop_lock(self) -> None:
        if self._locked:
            self._locked = False
            try:
                self._lock.release()  # type: ignore[union-attr]
            except RuntimeError:  # closed by another thread than the writing one: it owns the lock
                pass

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._write():
            yield

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Inside an exclusive section, a savepoint: an error undoes this part only."""
        if not self._depth:
            with self.exclusive():
                yield
            return
        conn = self.conn
        name = f"x{self._depth}"
        conn.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            try:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
            except StateStoreError:  # SQLite already rolled the transaction back (a full disk, say)
                pass
            raise
        self._depth -= 1
        conn.execute(f"RELEASE {name}")

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            try:
                if self._depth:
                    self._depth = 0
                    conn.execute("ROLLBACK")
            finally:
                self._drop_lock()
                conn.close()

    def __repr__(self) -> str:
        return f"SQLiteStateStore({self.uri!r})"

    # --- articles ----------------------------------------------------------------------------
    def put_article(self, article: StoredArticle) -> None:
        with self._write() as conn:
            old = conn.execute("SELECT aid, url, site FROM articles WHERE url = ?", (article.url,)).fetchone()
            old_key = (old[2] or netloc_key(old[1])) if old else None
            old_hashes = {r[0] for r in conn.execute("SELECT hash FROM postings WHERE aid = ?", (old[0],))} if old \
                else set()
            conn.execute(
                """
                INSERT INTO articles (url, url_key, canonical_url, canonical_key, site, site_kind,
                                      headline, date_published, claimed_url, sketch, updated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(url) DO UPDATE SET
                    url_key = excluded.url_key, canonical_url = excluded.canonical_url,
                    canonical_key = excluded.canonical_key, site = excluded.site,
                    site_kind = excluded.site_kind, headline = excluded.headline,
                    date_published = excluded.date_published, claimed_url = excluded.claimed_url,
                    sketch = excluded.sketch, updated = excluded.updated
                """,
                (
                    article.url,
                    url_key(article.url),
                    article.canonical_url,
                    url_key(article.canonical_url),
                    article.site,
                    article.site_kind,
                    article.headline,
                    article.date_published,
                    article.claimed_url,
                    article.sketch,
                    article.updated,
                ),
            )
            aid = old[0] if old else conn.execute("SELECT aid FROM articles WHERE url = ?",
                                                  (article.url,)).fetchone()[0]
            new_hashes = {int(h) for h in article.index_hashes}
            key = article.site_key
            conn.executemany("DELETE FROM postings WHERE hash = ? AND aid = ?",
                             zip(old_hashes - new_hashes, repeat(aid)))
            conn.executemany("INSERT OR IGNORE INTO postings (hash, aid) VALUES (?, ?)",
                             zip(new_hashes - old_hashes, repeat(aid)))
            if old_key == key:
                self._count(conn, key, old_hashes - new_hashes, new_hashes - old_hashes)
            else:
                if old_key is not None:
                    self._count(conn, old_key, old_hashes, set())
                self._count(conn, key, set(), new_hashes)

    @staticmethod
    def _count(conn: sqlite3.Connection, site: str, removed: set[int], added: set[int]) -> None:
        """Per-site counts of hashes (``hashsite``)."""
        if added:
            conn.executemany(
                "INSERT INTO hashsite (hash, site, n) VALUES (?, ?, 1) ON CONFLICT(hash, site) DO UPDATE SET n = n + 1",
                zip(added, repeat(site)),
            )
        if removed:
            conn.executemany("UPDATE hashsite SET n = n - 1 WHERE hash = ? AND site = ?", zip(removed, repeat(site)))
            conn.executemany("DELETE FROM hashsite WHERE hash = ? AND site = ? AND n <= 0",
                             zip(removed, repeat(site)))

    @staticmethod
    def _article(row: tuple[Any, ...]) -> StoredArticle:
        return StoredArticle(
            url=row[0],
            site=row[1],
            site_kind=row[2],
            canonical_url=row[3],
            headline=row[4],
            date_published=row[5],
            claimed_url=row[6],
            sketch=row[7],
            cluster_id=row[8],
            updated=row[9],
        )

    def _select(self, where: str, params: tuple[Any, ...]) -> list[StoredArticle]:
        rows = self.conn.execute(
            f"SELECT {ARTICLE_COLS} FROM articles a LEFT JOIN clusters c ON c.cnum = a.cnum WHERE {where}",
            params,
        ).fetchall()
        return [self._article(r) for r in rows]

    def get_article(self, url: str) -> StoredArticle | None:
        found = self._select("a.url = ?", (url,))
        return found[0] if found else None

    def get_articles(self, urls: Iterable[str]) -> dict[str, StoredArticle]:
        out: dict[str, StoredArticle] = {}
        for chunk in chunks(sorted(set(urls)), _CHUNK):
            marks = ",".join("?" * len(chunk))
            for art in self._select(f"a.url IN ({marks})", tuple(chunk)):
                out[art.url] = art
        return out

    def find_article(self, url: str) -> StoredArticle | None:
        exact = self.get_article(url)
        if exact is not None:
            return exact
        key = url_key(url)
        if key is None:
            return None
        found = self._select("a.url_key = ? ORDER BY a.aid LIMIT 1", (key,))
        if not found:
            found = self._select("a.canonical_key = ? ORDER BY a.aid LIMIT 1", (key,))
        return found[0] if found else None

    def _posting_rows(self, hashes: Iterable[int]) -> Iterator[list[tuple[int, str]]]:
        """``(hash, url)`` rows of the postings of ``hashes``, one list per chunk of hashes, in
        hash then aid order (one statement a chunk: every posting's article exists, as
        put_article writes both at once)."""
        for chunk in chunks(sorted({int(h) for h in hashes}), _CHUNK):
            marks = ",".join("?" * len(chunk))
            yield self.conn.execute(
                f"SELECT p.hash, a.url FROM postings p JOIN articles a ON a.aid = p.aid "
                f"WHERE p.hash IN ({marks}) ORDER BY p.hash, p.aid", chunk
            ).fetchall()

    def lookup_hashes(self, hashes: Iterable[int], limit: int = 200) -> dict[int, list[str]]:
        if limit <= 0:
            return {}
        grouped: defaultdict[int, list[str]] = defaultdict(list)
        for rows in self._posting_rows(hashes):
            for h, url in rows:
                grouped[h].append(url)
        if max(map(len, grouped.values()), default=0) > limit:
            for urls in grouped.values():
                del urls[limit:]  # the first ``limit`` of each hash, in aid order
        return dict(grouped)

    def posting_counts(self, hashes: Iterable[int], limit: int = 200) -> Counter[str]:
        """Counted by SQLite, one row per article. A hash is held by at most as many articles as
        the chunk's rows: only past ``limit`` rows may one hash pass it (then each hash's URLs
        past its first ``limit`` are taken off)."""
        counts: Counter[str] = Counter()
        if limit <= 0:
            return counts
        for chunk in chunks(sorted({int(h) for h in hashes}), _CHUNK):
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"""SELECT a.url, c.n FROM (SELECT aid, COUNT(*) AS n FROM postings WHERE hash IN ({marks})
                    GROUP BY aid) c JOIN articles a ON a.aid = c.aid""", chunk).fetchall()
            if len(rows) > limit and self.conn.execute(
                f"SELECT 1 FROM postings WHERE hash IN ({marks}) GROUP BY hash HAVING COUNT(*) > ? LIMIT 1",
                [*chunk, limit]).fetchone():
                counts.update(self._limited_counts(chunk, limit))
            else:
                counts.update(dict(rows))
        return counts

    def _limited_counts(self, hashes: list[int], limit: int) -> Counter[str]:
        """:meth:`posting_counts` of ``hashes``, from their rows: a hash's URLs past its first
        ``limit`` (in aid order, as :meth:`lookup_hashes`) do not count."""
        counts: Counter[str] = Counter()
        for rows in self._posting_rows(hashes):
            counts.update(map(itemgetter(1), rows))
            per_hash = Counter(map(itemgetter(0), rows))  # in hash order, as the rows
            if max(per_hash.values(), default=0) > limit:  # rare: past its first ``limit``, a hash's URLs do not count
                start = 0
                for n in per_hash.values():
                    if n > limit:
                        counts.subtract(map(itemgetter(1), rows[start + limit:start + n]))
                    start += n
        return +counts  # without the URLs counted down to 0

    def hash_site_max(self, hashes: Iterable[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for chunk in chunks(sorted({int(h) for h in hashes}), _CHUNK):
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(f"SELECT hash, MAX(n) FROM hashsite WHERE hash IN ({marks}) GROUP BY hash",
                                         chunk).fetchall())
        return out

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def article_urls(self) -> Iterator[str]:
        return iter([r[0] for r in self.conn.execute("SELECT url FROM articles")])

    # --- retention ---------------------------------------------------------------------------
    def stale_articles(self, before: float, limit: int) -> list[str]:
        if limit <= 0:
            return []
        return [r[0] for r in self.conn.execute(
            "SELECT url FROM articles WHERE updated < ? ORDER BY updated, url LIMIT ?", (float(before), int(limit)))]

    def touch_articles(self, urls: Iterable[str], when: float) -> None:
        with self._write() as conn:
            conn.executemany("UPDATE articles SET updated = ? WHERE url = ?", ((float(when), u) for u in set(urls)))

    def delete_articles(self, urls: Iterable[str]) -> int:
        removed = 0
        with self._write() as conn:
            for chunk in chunks(sorted(set(urls)), _CHUNK):
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(f"SELECT aid, url, site, cnum FROM articles WHERE url IN ({marks})",
                                    chunk).fetchall()
                for aid, url, site, _ in rows:
                    hashes = {r[0] for r in conn.execute("SELECT hash FROM postings WHERE aid = ?", (aid,))}
                    self._count(conn, site or netloc_key(url), hashes, set())
                aids = [r[0] for r in rows]
                if not aids:
                    continue
                amarks = ",".join("?" * len(aids))
                conn.execute(f"DELETE FROM postings WHERE aid IN ({amarks})", aids)
                # the other side of each link by its key (a, b), as set_links does
                conn.executemany("DELETE FROM links WHERE b = ? AND a IN (SELECT b FROM links WHERE a = ?)",
                                 ((aid, aid) for aid in aids))
                conn.execute(f"DELETE FROM links WHERE a IN ({amarks})", aids)
                conn.execute(f"DELETE FROM verdicts WHERE url IN ({marks})", chunk)
                conn.execute(f"DELETE FROM articles WHERE aid IN ({amarks})", aids)
                cnums = sorted({r[3] for r in rows if r[3] is not None})
                if cnums:
                    cmarks = ",".join("?" * len(cnums))
                    conn.execute(f"DELETE FROM clusters WHERE cnum IN ({cmarks}) AND NOT EXISTS "
                                 "(SELECT 1 FROM articles a WHERE a.cnum = clusters.cnum)", cnums)
                removed += len(aids)
        return removed

    def expire_verdicts(self, before: float) -> int:
        with self._write() as conn:
            return int(conn.execute("DELETE FROM verdicts WHERE updated < ?", (float(before),)).rowcount)

    # --- links and clusters ------------------------------------------------------------------
    def _aids(self, urls: Iterable[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in chunks(sorted(set(urls)), _CHUNK):
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(f"SELECT url, aid FROM articles WHERE url IN ({marks})", chunk).fetchall())
        return out

    def get_links(self, urls: Iterable[str]) -> dict[str, dict[str, int]]:
        wanted = sorted(set(urls))
        out: dict[str, dict[str, int]] = {u: {} for u in wanted}
        for chunk in chunks(wanted, _CHUNK):
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"""SELECT x.url, y.url, l.kind FROM articles x JOIN links l ON l.a = x.aid
                    JOIN articles y ON y.aid = l.b WHERE x.url IN ({marks})""",
                chunk,
            ).fetchall()
            for u, v, kind in rows:
                out[u][v] = int(kind)
        return out

    def neighbours(self, urls: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for chunk in chunks(sorted(set(urls)), _CHUNK):
            marks = ",".join("?" * len(chunk))
            out.update(r[0] for r in self.conn.execute(
                f"""SELECT url FROM articles WHERE aid IN (SELECT l.b FROM articles x JOIN links l
                    ON l.a = x.aid WHERE x.url IN ({marks}))""", chunk))
        return out

    def set_links(self, url: str, links: Mapping[str, int]) -> None:
        with self._write() as conn:
            aids = self._aids([url, *links])
            if url not in aids:
                raise KeyError(f"article {url!r} is not in the store; put_article() it first")
            aid = aids[url]
            # the other side of each link first, by the key (a, b): links are stored both ways
            conn.execute("DELETE FROM links WHERE b = ? AND a IN (SELECT b FROM links WHERE a = ?)", (aid, aid))
            conn.execute("DELETE FROM links WHERE a = ?", (aid,))
            rows = [(aid, aids[v], k) for v, k in links.items() if k and v in aids and v != url]
            conn.executemany("INSERT INTO links (a, b, kind) VALUES (?, ?, ?)", rows)
            conn.executemany("INSERT INTO links (a, b, kind) VALUES (?, ?, ?)",
                             ((b, a, swap_link(k)) for a, b, k in rows))

    def set_clusters(
        self, members: Mapping[str, str], originals: Mapping[str, tuple[str | None, str | None]]
    ) -> None:
        with self._write() as conn:
            old: set[int] = set()
            for chunk in chunks(sorted(members), _CHUNK):
                marks = ",".join("?" * len(chunk))
                old.update(r[0] for r in conn.execute(
                    f"SELECT cnum FROM articles WHERE url IN ({marks}) AND cnum IS NOT NULL", chunk))
            now = time.time()
            cnums: dict[str, int] = {}
            for cid in sorted({*members.values(), *originals}):
                conn.execute("INSERT OR IGNORE INTO clusters (cluster_id, created) VALUES (?, ?)", (cid, now))
                cnums[cid] = conn.execute("SELECT cnum FROM clusters WHERE cluster_id = ?", (cid,)).fetchone()[0]
            conn.executemany("UPDATE articles SET cnum = ? WHERE url = ?",
                             ((cnums[cid], url) for url, cid in members.items()))
            conn.executemany("UPDATE clusters SET original_url = ?, rule = ? WHERE cluster_id = ?",
                             ((o, r, cid) for cid, (o, r) in originals.items()))
            for chunk in chunks(sorted(old - set(cnums.values())), _CHUNK):
                marks = ",".join("?" * len(chunk))
                conn.execute(f"DELETE FROM clusters WHERE cnum IN ({marks}) AND NOT EXISTS "
                             "(SELECT 1 FROM articles a WHERE a.cnum = clusters.cnum)", chunk)

    def get_cluster(self, cluster_id: str) -> Cluster | None:
        row = self.conn.execute(
            "SELECT cnum, original_url, rule FROM clusters WHERE cluster_id = ?", (cluster_id,)
        ).fetchone()
        if row is None:
            return None
        cnum, original, rule = row
        members = tuple(
            r[0] for r in self.conn.execute("SELECT url FROM articles WHERE cnum = ? ORDER BY url", (cnum,))
        )
        return Cluster(cluster_id=cluster_id, members=members, original=original, rule=rule)

    # --- pending relinks ---------------------------------------------------------------------
    def add_relink_hashes(self, hashes: Iterable[int], version: int) -> None:
        rows = [(int(h), int(version)) for h in hashes]
        if rows:
            with self._write() as conn:
                conn.executemany("INSERT INTO relink (hash, version) VALUES (?, ?) "
                                 "ON CONFLICT(hash) DO UPDATE SET version = MAX(version, excluded.version)", rows)

    def relink_hashes(self) -> dict[int, int]:
        return dict(self.conn.execute("SELECT hash, version FROM relink").fetchall())

    def count_relink_hashes(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM relink").fetchone()[0])

    def drop_relink_hashes(self, versions: Mapping[int, int]) -> None:
        rows = [(int(h), int(v)) for h, v in versions.items()]
        if rows:
            with self._write() as conn:
                conn.executemany("DELETE FROM relink WHERE hash = ? AND version = ?", rows)

    # --- meta values -------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str | None) -> None:
        with self._write() as conn:
            if value is None:
                conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # --- verdicts and seen URLs --------------------------------------------------------------
    def put_verdict(self, url: str, kind: str, value: Mapping[str, Any]) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO verdicts (url, kind, value, updated) VALUES (?, ?, ?, ?)",
                (url, kind, json.dumps(dict(value), sort_keys=True), time.time()),
            )

    def get_verdict(self, url: str, kind: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT value FROM verdicts WHERE url = ? AND kind = ?", (url, kind)).fetchone()
        return json.loads(row[0]) if row else None

    def mark_seen(self, url: str, when: float | datetime | None = None) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO seen (url, last_seen) VALUES (?, ?) "
                "ON CONFLICT(url) DO UPDATE SET last_seen = excluded.last_seen",
                (url, epoch_seconds(when)),
            )

    def mark_seen_many(self, urls: Iterable[str], when: float | datetime | None = None) -> None:
        stamp = epoch_seconds(when)
        rows = [(url, stamp) for url in urls]
        if not rows:
            return
        with self._write() as conn:
            conn.executemany(
                "INSERT INTO seen (url, last_seen) VALUES (?, ?) "
                "ON CONFLICT(url) DO UPDATE SET last_seen = excluded.last_seen",
                rows,
            )

    def last_seen(self, url: str) -> float | None:
        row = self.conn.execute("SELECT last_seen FROM seen WHERE url = ?", (url,)).fetchone()
        return float(row[0]) if row else None

    def last_seen_many(self, urls: Iterable[str]) -> dict[str, float]:
        out: dict[str, float] = {}
        for chunk in chunks(sorted(set(urls)), 500):
            marks = ",".join("?" * len(chunk))
            for url, last in self.conn.execute(f"SELECT url, last_seen FROM seen WHERE url IN ({marks})", chunk):
                out[url] = float(last)
        return out

    def expire_seen(self, before: float | datetime) -> int:
        with self._write() as conn:
            return conn.execute("DELETE FROM seen WHERE last_seen < ?", (epoch_seconds(before),)).rowcount

    # --- run history -------------------------------------------------------------------------
    def add_site_run(self, site: str, run: Mapping[str, Any], keep: int = 100) -> None:
        value = json.dumps(dict(run), sort_keys=True)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO site_runs (site, finished, value) VALUES (?, ?, ?)",
                (site, float(run["finished"]), value),
            )
            conn.execute(
                "DELETE FROM site_runs WHERE site = ? AND rid NOT IN ("
                "SELECT rid FROM site_runs WHERE site = ? ORDER BY finished DESC, rid DESC LIMIT ?)",
                (site, site, max(1, int(keep))),
            )

    def site_runs(self, site: str, limit: int = 10) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT value FROM site_runs WHERE site = ? ORDER BY finished DESC, rid DESC LIMIT ?",
            (site, max(0, int(limit))),
        ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def run_sites(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT site FROM site_runs ORDER BY site")]
