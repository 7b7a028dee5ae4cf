"""The SQLite state store's tables, and the migration of older files.

Schema 2 (order-independent syndication) replaced the per-cluster hash counts of schema 1 with
per-site counts (``hashsite``) and added the ``links`` table. A schema 1 file is migrated when
opened (:func:`migrate_1_to_2`): the counts are rebuilt from its postings, and the meta value
``syndication`` is cleared so that the syndication stage derives links and clusters again
(:func:`crawler.syndication.rebuild`).
"""

from __future__ import annotations

import sqlite3

from crawler.urls import netloc_key

SCHEMA_VERSION = 2
#: Page cache of each connection (KiB): the candidate index is read at random places.
CACHE_KIB = 64 * 1024
#: WAL pages between automatic checkpoints.
WAL_CHECKPOINT_PAGES = 4096

SCHEMA = """
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
CREATE INDEX IF NOT EXISTS articles_updated ON articles(updated);
CREATE TABLE IF NOT EXISTS postings (
    hash INTEGER NOT NULL,
    aid INTEGER NOT NULL,
    PRIMARY KEY (hash, aid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS postings_aid ON postings(aid);
CREATE TABLE IF NOT EXISTS hashsite (
    hash INTEGER NOT NULL,
    site TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (hash, site)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS links (
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS relink (hash INTEGER PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS verdicts (
    url TEXT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (url, kind)
);
CREATE INDEX IF NOT EXISTS verdicts_updated ON verdicts(updated);
CREATE TABLE IF NOT EXISTS seen (url TEXT PRIMARY KEY, last_seen REAL NOT NULL);
CREATE TABLE IF NOT EXISTS site_runs (
    rid INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    finished REAL NOT NULL,
    value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS site_runs_site ON site_runs(site, finished);
"""

ARTICLE_COLS = (
    "a.url, a.site, a.site_kind, a.canonical_url, a.headline, a.date_published, a.claimed_url, "
    "a.sketch, c.cluster_id, a.updated"
)


def migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Schema 1 -> 2: per-site hash counts from the postings; links and clusters are derived
    again by the syndication stage (the ``syndication`` meta value is cleared)."""
    conn.execute("CREATE TEMP TABLE sitekeys (aid INTEGER PRIMARY KEY, site TEXT NOT NULL)")
    conn.executemany("INSERT INTO sitekeys (aid, site) VALUES (?, ?)",
                     ((aid, site or netloc_key(url)) for aid, url, site in
                      conn.execute("SELECT aid, url, site FROM articles").fetchall()))
    conn.execute("DELETE FROM hashsite")
    conn.execute("INSERT INTO hashsite (hash, site, n) SELECT p.hash, k.site, COUNT(*) FROM postings p "
                 "JOIN sitekeys k ON k.aid = p.aid GROUP BY p.hash, k.site")
    conn.execute("DROP TABLE sitekeys")
    conn.execute("DELETE FROM meta WHERE key = 'syndication'")
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
