"""SQLite implementation of the state store (``sqlite:///relative/path``, ``sqlite:////abs/path``).

WAL journal, ``busy_timeout`` for concurrent processes, autocommit with short explicit
``BEGIN IMMEDIATE`` transactions: every committed write survives a kill -9 of the process.
Several processes (and several connections in one process) may share one file.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.dates import epoch_seconds
from crawler.state.base import Cluster, StateStore, StoredArticle, chunks
from crawler.urls import url_key

SCHEMA_VERSION = 1
_CHUNK = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS clusters (
    cnum INTEGER PRIMARY KEY,
    cluster_id TEXT NOT NULL UNIQUE,
    original_url TEXT,
    rule TEXT,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    aid INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    url_key TEXT,
    canonical_url TEXT,
    canonical_key TEXT,
    site TEXT,
    site_kind TEXT,
    headline TEXT,
    date_published TEXT,
    claimed_url TEXT,
    sketch TEXT,
    cnum INTEGER REFERENCES clusters(cnum),
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_url_key ON articles(url_key);
CREATE INDEX IF NOT EXISTS articles_canonical_key ON articles(canonical_key);
CREATE INDEX IF NOT EXISTS articles_cnum ON articles(cnum);
CREATE TABLE IF NOT EXISTS postings (
    hash INTEGER NOT NULL,
    aid INTEGER NOT NULL,
    cnum INTEGER,
    PRIMARY KEY (hash, aid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS postings_aid ON postings(aid);
CREATE TABLE IF NOT EXISTS verdicts (
    url TEXT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (url, kind)
);
CREATE TABLE IF NOT EXISTS seen (url TEXT PRIMARY KEY, last_seen REAL NOT NULL);
CREATE TABLE IF NOT EXISTS site_runs (
    rid INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    finished REAL NOT NULL,
    value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS site_runs_site ON site_runs(site, finished);
"""

_ARTICLE_COLS = (
    "a.url, a.site, a.site_kind, a.canonical_url, a.headline, a.date_published, a.claimed_url, "
    "a.sketch, c.cluster_id, a.updated"
)


def sqlite_path(uri: str) -> str:
    """The file path of a ``sqlite:///`` URI (``:memory:`` is allowed for throw-away stores)."""
    prefix = "sqlite:///"
    if not uri.startswith(prefix):
        raise ValueError(f"not a sqlite URI: {uri!r} (use sqlite:///relative/path or sqlite:////abs/path)")
    path = uri[len(prefix) :].split("?", 1)[0]
    if not path:
        raise ValueError(f"no file path in {uri!r} (use sqlite:///relative/path or sqlite:////abs/path)")
    return path


class SQLiteStateStore(StateStore):
    """A state store in one SQLite file."""

    def __init__(self, uri: str, busy_timeout_ms: int = 30_000) -> None:
        self.uri = uri
        path = sqlite_path(uri)
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._conn: sqlite3.Connection | None = sqlite3.connect(
            path, isolation_level=None, timeout=busy_timeout_ms / 1000
        )
        self._depth = 0
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if path != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode: a committed transaction survives any process crash (kill -9);
        # only an OS crash or power loss can lose the last commits.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = OFF")
        with self._write():
            for stmt in _SCHEMA.split(";"):
                if stmt.strip():
                    conn.execute(stmt)
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) > SCHEMA_VERSION:
                raise ValueError(
                    f"{path}: state schema version {row[0]} is newer than this crawler's ({SCHEMA_VERSION})"
                )

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
        conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield conn
        except BaseException:
            self._depth = 0
            conn.execute("ROLLBACK")
            raise
        self._depth = 0
        conn.execute("COMMIT")

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._write():
            yield

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            if self._depth:
                conn.execute("ROLLBACK")
                self._depth = 0
            conn.close()

    def __repr__(self) -> str:
        return f"SQLiteStateStore({self.uri!r})"

    # --- articles ----------------------------------------------------------------------------
    def put_article(self, article: StoredArticle) -> None:
        with self._write() as conn:
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
            aid, cnum = conn.execute("SELECT aid, cnum FROM articles WHERE url = ?", (article.url,)).fetchone()
            conn.execute("DELETE FROM postings WHERE aid = ?", (aid,))
            conn.executemany(
                "INSERT OR IGNORE INTO postings (hash, aid, cnum) VALUES (?, ?, ?)",
                ((int(h), aid, cnum) for h in set(article.index_hashes)),
            )

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
            f"SELECT {_ARTICLE_COLS} FROM articles a LEFT JOIN clusters c ON c.cnum = a.cnum WHERE {where}",
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

    def lookup_hashes(self, hashes: Iterable[int], limit: int = 200) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for chunk in chunks(sorted({int(h) for h in hashes}), _CHUNK):
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"""SELECT hash, url FROM (
                        SELECT p.hash AS hash, a.url AS url,
                               ROW_NUMBER() OVER (PARTITION BY p.hash ORDER BY p.aid) AS rn
                        FROM postings p JOIN articles a ON a.aid = p.aid
                        WHERE p.hash IN ({marks}))
                    WHERE rn <= ?""",
                (*chunk, int(limit)),
            ).fetchall()
            for h, u in rows:
                out.setdefault(h, []).append(u)
        return out

    def hash_cluster_counts(self, hashes: Iterable[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for chunk in chunks(sorted({int(h) for h in hashes}), _CHUNK):
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT hash, COUNT(DISTINCT cnum) FROM postings WHERE hash IN ({marks}) GROUP BY hash",
                tuple(chunk),
            ).fetchall()
            out.update((h, n) for h, n in rows if n)
        return out

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    # --- clusters ----------------------------------------------------------------------------
    def join_cluster(self, url: str, cluster_id: str) -> str:
        with self._write() as conn:
            row = conn.execute(
                "SELECT a.aid, c.cluster_id FROM articles a LEFT JOIN clusters c ON c.cnum = a.cnum WHERE a.url = ?",
                (url,),
            ).fetchone()
            if row is None:
                raise KeyError(f"article {url!r} is not in the store; put_article() it first")
            aid, current = row
            if current is not None:
                return str(current)
            conn.execute(
                "INSERT OR IGNORE INTO clusters (cluster_id, created) VALUES (?, ?)", (cluster_id, time.time())
            )
            (cnum,) = conn.execute("SELECT cnum FROM clusters WHERE cluster_id = ?", (cluster_id,)).fetchone()
            conn.execute("UPDATE articles SET cnum = ? WHERE aid = ?", (cnum, aid))
            conn.execute("UPDATE postings SET cnum = ? WHERE aid = ?", (cnum, aid))
            return cluster_id

    def move_article(self, url: str, cluster_id: str) -> None:
        with self._write() as conn:
            row = conn.execute("SELECT cnum FROM clusters WHERE cluster_id = ?", (cluster_id,)).fetchone()
            if row is None:
                raise KeyError(f"no cluster {cluster_id!r}")
            art = conn.execute("SELECT aid FROM articles WHERE url = ?", (url,)).fetchone()
            if art is None:
                raise KeyError(f"article {url!r} is not in the store")
            conn.execute("UPDATE articles SET cnum = ? WHERE aid = ?", (row[0], art[0]))
            conn.execute("UPDATE postings SET cnum = ? WHERE aid = ?", (row[0], art[0]))

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

    def set_original(self, cluster_id: str, url: str | None, rule: str | None) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE clusters SET original_url = ?, rule = ? WHERE cluster_id = ?", (url, rule, cluster_id)
            )

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
