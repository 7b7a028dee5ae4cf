"""The state store: URIs, persistence across reopen and connections, clusters, crash safety."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.state import StateStore, StoredArticle, open_store
from crawler.state.sqlite import SQLiteStateStore

REPO = Path(__file__).resolve().parents[1]


def _article(url: str, hashes: tuple[int, ...] = (1, 2, 3), **kw: object) -> StoredArticle:
    return StoredArticle(url=url, site="s", site_kind="news", sketch="{}", index_hashes=hashes, **kw)  # type: ignore[arg-type]


@pytest.fixture
def uri(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'sub' / 'dir' / 'state.sqlite3'}"


def test_open_store_absolute_path_creates_parents(uri: str, tmp_path: Path) -> None:
    assert uri.startswith("sqlite:////")
    with open_store(uri) as store:
        assert isinstance(store, StateStore)
        assert store.count_articles() == 0
    assert (tmp_path / "sub" / "dir" / "state.sqlite3").is_file()


def test_open_store_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = open_store("sqlite:///.scrapy/state.sqlite3")
    store.close()
    assert (tmp_path / ".scrapy" / "state.sqlite3").is_file()


def test_wal_mode(uri: str) -> None:
    store = open_store(uri)
    assert isinstance(store, SQLiteStateStore)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    store.close()


@pytest.mark.parametrize("bad", ["", "postgres://db/x", "/just/a/path", "sqlite://", "mysql:///x"])
def test_bad_uri(bad: str) -> None:
    with pytest.raises(ValueError, match=r"sqlite:///"):
        open_store(bad)


def test_data_persists_after_reopen(uri: str) -> None:
    store = open_store(uri)
    store.put_article(_article("https://a.example/1", canonical_url="https://a.example/one", headline="H"))
    assert store.join_cluster("https://a.example/1", "c1") == "c1"
    store.set_original("c1", "https://a.example/1", "only_member")
    store.put_verdict("https://a.example/1", "syndication", {"role": "unique"})
    store.mark_seen("https://a.example/1", 1000.5)
    store.close()
    with pytest.raises(RuntimeError):
        store.get_article("https://a.example/1")

    store = open_store(uri)
    art = store.get_article("https://a.example/1")
    assert art is not None and art.headline == "H" and art.cluster_id == "c1"
    cluster = store.get_cluster("c1")
    assert cluster is not None
    assert cluster.members == ("https://a.example/1",)
    assert (cluster.original, cluster.rule) == ("https://a.example/1", "only_member")
    assert store.get_verdict("https://a.example/1", "syndication") == {"role": "unique"}
    assert store.last_seen("https://a.example/1") == 1000.5
    assert store.lookup_hashes([1, 2, 99]) == {1: ["https://a.example/1"], 2: ["https://a.example/1"]}
    store.close()


def test_two_connections_see_each_other(uri: str) -> None:
    one, two = open_store(uri), open_store(uri)
    one.put_article(_article("https://a.example/1"))
    assert two.get_article("https://a.example/1") is not None
    two.put_article(_article("https://b.example/2", hashes=(3, 4)))
    assert one.join_cluster("https://b.example/2", "cb") == "cb"
    # Joining is "join or keep": a second join never moves an article.
    assert two.join_cluster("https://b.example/2", "other") == "cb"
    assert two.join_cluster("https://a.example/1", "cb") == "cb"
    assert one.get_cluster("cb").members == ("https://a.example/1", "https://b.example/2")  # type: ignore[union-attr]
    assert one.hash_cluster_counts([3, 4, 5]) == {3: 1, 4: 1}
    one.close()
    two.close()


def test_find_article_by_normalised_or_canonical_url(uri: str) -> None:
    with open_store(uri) as store:
        store.put_article(_article("https://www.a.example/news/1/", canonical_url="https://a.example/story-1"))
        assert store.find_article("http://a.example/news/1?utm_source=x#c").url == "https://www.a.example/news/1/"  # type: ignore[union-attr]
        assert store.find_article("https://a.example/story-1/").url == "https://www.a.example/news/1/"  # type: ignore[union-attr]
        assert store.find_article("https://a.example/news/2") is None


def test_put_article_updates_and_keeps_cluster(uri: str) -> None:
    with open_store(uri) as store:
        store.put_article(_article("https://a.example/1", hashes=(1, 2)))
        store.join_cluster("https://a.example/1", "c1")
        store.put_article(_article("https://a.example/1", hashes=(7,), headline="new"))
        art = store.get_article("https://a.example/1")
        assert art is not None and art.headline == "new" and art.cluster_id == "c1"
        assert store.lookup_hashes([1, 2, 7]) == {7: ["https://a.example/1"]}
        assert store.hash_cluster_counts([7]) == {7: 1}
        assert store.count_articles() == 1
        with pytest.raises(KeyError):
            store.join_cluster("https://nowhere.example/", "c2")


def test_seen_accepts_datetimes(uri: str) -> None:
    with open_store(uri) as store:
        assert store.last_seen("https://a.example/") is None
        when = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
        store.mark_seen("https://a.example/", when)
        assert store.last_seen("https://a.example/") == when.timestamp()
        store.mark_seen("https://a.example/")
        assert store.last_seen("https://a.example/") > when.timestamp()  # type: ignore[operator]


def test_exclusive_section_rolls_back_on_error(uri: str) -> None:
    with open_store(uri) as store:
        with pytest.raises(RuntimeError), store.exclusive():
            store.put_article(_article("https://a.example/1"))
            raise RuntimeError("boom")
        assert store.get_article("https://a.example/1") is None


def test_committed_writes_survive_kill_9(uri: str) -> None:
    code = textwrap.dedent(
        f"""
        import os, signal
        from crawler.state import open_store, StoredArticle
        store = open_store({uri!r})
        for i in range(50):
            store.put_article(StoredArticle(url=f"https://a.example/{{i}}", index_hashes=(i,)))
            store.mark_seen(f"https://a.example/{{i}}", i)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert proc.returncode == -signal.SIGKILL
    with open_store(uri) as store:
        assert store.count_articles() == 50
        assert store.last_seen("https://a.example/49") == 49




def test_move_article(uri: str) -> None:
    with open_store(uri) as store:
        for u, c in (("https://a.example/1", "ca"), ("https://b.example/1", "cb")):
            store.put_article(_article(u, hashes=(5,)))
            store.join_cluster(u, c)
        assert store.hash_cluster_counts([5]) == {5: 2}
        store.move_article("https://b.example/1", "ca")
        assert store.get_cluster("ca").members == ("https://a.example/1", "https://b.example/1")  # type: ignore[union-attr]
        assert store.get_cluster("cb").members == ()  # type: ignore[union-attr]
        assert store.hash_cluster_counts([5]) == {5: 1}
        with pytest.raises(KeyError):
            store.move_article("https://b.example/1", "nope")
