"""The state store: URIs, persistence across reopen and connections, counts, links, clusters,
schema migration, crash safety."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.state import StateStore, StateStoreError, StoredArticle, open_store
from crawler.state.base import LINK_BOTH, LINK_HAS, LINK_IN
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


@pytest.mark.parametrize(("kind", "problem"), [
    ("corrupt", "not an SQLite database"),
    ("folder", "cannot open the state file"),
    ("under_a_file", "cannot create its folder"),
])
def test_unusable_state_file_is_one_line(tmp_path: Path, kind: str, problem: str) -> None:
    path = tmp_path / "state.db"
    if kind == "corrupt":
        path.write_bytes(b"SQLite format 2\x00" + os.urandom(4000))
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_text("x")
        path = path / "state.db"
    with pytest.raises(StateStoreError) as info:
        open_store(f"sqlite:///{path}")
    assert str(info.value).startswith(f"state file {path}: ") and problem in str(info.value)
    assert "\n" not in str(info.value)


def test_data_persists_after_reopen(uri: str) -> None:
    store = open_store(uri)
    store.put_article(_article("https://a.example/1", canonical_url="https://a.example/one", headline="H"))
    store.set_clusters({"https://a.example/1": "c1"}, {"c1": ("https://a.example/1", "only_member")})
    store.set_meta("k", "v")
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
    assert store.get_meta("k") == "v" and store.get_meta("nothing") is None
    store.set_meta("k", None)
    assert store.get_meta("k") is None
    store.close()


def test_two_connections_see_each_other(uri: str) -> None:
    one, two = open_store(uri), open_store(uri)
    one.put_article(_article("https://a.example/1"))
    assert two.get_article("https://a.example/1") is not None
    two.put_article(_article("https://b.example/2", hashes=(3, 4)))
    one.set_clusters({"https://b.example/2": "cb", "https://a.example/1": "cb"}, {"cb": ("https://a.example/1", "url")})
    assert two.get_cluster("cb").members == ("https://a.example/1", "https://b.example/2")  # type: ignore[union-attr]
    assert two.get_article("https://b.example/2").cluster_id == "cb"  # type: ignore[union-attr]
    one.set_links("https://a.example/1", {"https://b.example/2": LINK_IN})
    assert two.get_links(["https://b.example/2"]) == {"https://b.example/2": {"https://a.example/1": LINK_HAS}}
    assert one.hash_site_max([3, 4, 5]) == {3: 2, 4: 1}
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
        store.put_article(_article("https://b.example/1", hashes=(2,)))
        store.set_clusters({"https://a.example/1": "c1"}, {"c1": ("https://a.example/1", "only_member")})
        store.set_links("https://a.example/1", {"https://b.example/1": LINK_BOTH})
        store.put_article(_article("https://a.example/1", hashes=(7,), headline="new"))
        art = store.get_article("https://a.example/1")
        assert art is not None and art.headline == "new" and art.cluster_id == "c1"
        assert store.get_links(["https://a.example/1"]) == {"https://a.example/1": {"https://b.example/1": LINK_BOTH}}
        assert store.lookup_hashes([1, 2, 7]) == {2: ["https://b.example/1"], 7: ["https://a.example/1"]}
        assert store.hash_site_max([1, 2, 7]) == {2: 1, 7: 1}
        assert store.count_articles() == 2
        assert sorted(store.article_urls()) == ["https://a.example/1", "https://b.example/1"]
        with pytest.raises(KeyError):
            store.set_links("https://nowhere.example/", {"https://a.example/1": LINK_IN})


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




def test_set_clusters_moves_articles_and_drops_emptied_clusters(uri: str) -> None:
    a, b, c = "https://a.example/1", "https://b.example/1", "https://c.example/1"
    with open_store(uri) as store:
        for u in (a, b, c):
            store.put_article(_article(u, hashes=(5,)))
        store.set_clusters({a: "ca", b: "cb", c: "cb"}, {"ca": (a, "only_member"), "cb": (b, "url")})
        assert store.get_cluster("cb").members == (b, c)  # type: ignore[union-attr]
        store.set_clusters({b: "ca"}, {"ca": (a, "site_kind")})  # cb keeps c
        assert store.get_cluster("ca") is not None and store.get_cluster("ca").members == (a, b)  # type: ignore[union-attr]
        assert (store.get_cluster("ca").original, store.get_cluster("ca").rule) == (a, "site_kind")  # type: ignore[union-attr]
        assert store.get_cluster("cb").members == (c,)  # type: ignore[union-attr]
        store.set_clusters({c: "ca", "https://missing.example/": "ca"}, {})
        assert store.get_cluster("cb") is None  # emptied: deleted
        assert store.get_cluster("ca").members == (a, b, c)  # type: ignore[union-attr]
        store.set_clusters({}, {"ca": (None, None)})
        assert (store.get_cluster("ca").original, store.get_cluster("ca").rule) == (None, None)  # type: ignore[union-attr]


def test_links_are_kept_on_both_sides(uri: str) -> None:
    a, b, c = "https://a.example/1", "https://b.example/1", "https://c.example/1"
    with open_store(uri) as store:
        for u in (a, b, c):
            store.put_article(_article(u))
        store.set_links(a, {b: LINK_IN, c: LINK_BOTH, "https://missing.example/": LINK_IN, a: LINK_IN})
        assert store.get_links([a, b, c, "https://x.example/"]) == {
            a: {b: LINK_IN, c: LINK_BOTH}, b: {a: LINK_HAS}, c: {a: LINK_BOTH}, "https://x.example/": {}}
        store.set_links(b, {c: LINK_HAS, a: 0})  # replaces b's links on both sides
        assert store.get_links([a, b, c]) == {a: {c: LINK_BOTH}, b: {c: LINK_HAS}, c: {a: LINK_BOTH, b: LINK_IN}}


def test_per_site_counts(uri: str) -> None:
    """hash_site_max: the most articles of one site holding a hash (site, else the host)."""
    with open_store(uri) as store:
        for i in range(3):
            store.put_article(StoredArticle(url=f"https://a.example/{i}", site="a", index_hashes=(1, 2)))
        store.put_article(StoredArticle(url="https://b.example/0", site="b", index_hashes=(2, 3)))
        store.put_article(StoredArticle(url="https://h.example/0", index_hashes=(3,)))
        store.put_article(StoredArticle(url="https://h.example/1", index_hashes=(3,)))
        assert store.hash_site_max([1, 2, 3, 4]) == {1: 3, 2: 3, 3: 2}
        # an article changing site or hashes moves its counts
        store.put_article(StoredArticle(url="https://a.example/0", site="b", index_hashes=(2,)))
        assert store.hash_site_max([1, 2, 3]) == {1: 2, 2: 2, 3: 2}
        store.put_article(StoredArticle(url="https://a.example/1", site="a", index_hashes=()))
        store.put_article(StoredArticle(url="https://a.example/2", site="a", index_hashes=()))
        assert store.hash_site_max([1, 2, 3]) == {2: 2, 3: 2}


def test_stores_opened_at_once_on_a_new_file_all_open(tmp_path: Path) -> None:
    """Several connections opening one new file at the same moment (two crawlers of a process
    opening their stores together): the switch to WAL mode, which SQLite does not wait for, is
    taken in turn, and every one opens (before, about 1 start in 20 failed "database is locked")."""
    import threading

    failed: list[BaseException] = []
    for n in range(150):
        uri = f"sqlite:///{tmp_path / f'state-{n}.sqlite3'}"
        barrier = threading.Barrier(8)

        def opener(uri: str = uri, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            try:
                with open_store(uri) as store:
                    store.count_articles()
            except BaseException as exc:
                failed.append(exc)

        threads = [threading.Thread(target=opener) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not any(t.is_alive() for t in threads)
    assert failed == []


def test_sqlite_writers_of_one_process_take_turns_and_one_thread_never_deadlocks(tmp_path: Path) -> None:
    """Connections of one process to one file take turns at writing (the process's write lock):
    threads writing at once all get their writes in; a thread that writes through a second
    connection while its first holds the file meets SQLite's lock (an error naming the file after
    ``busy_timeout``), not a deadlock on the process's lock."""
    import threading

    uri = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            with SQLiteStateStore(uri) as store:
                for i in range(20):
                    with store.exclusive():
                        store.put_article(StoredArticle(url=f"https://a.example/{n}/{i}", index_hashes=(n, i)))
                        store.mark_seen(f"https://a.example/{n}/{i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and not any(t.is_alive() for t in threads)
    first, second = SQLiteStateStore(uri), SQLiteStateStore(uri, busy_timeout_ms=200)
    try:
        assert first.count_articles() == 80
        with first.exclusive():
            first.set_meta("k", "1")
            with pytest.raises(StateStoreError, match="locked"):
                second.set_meta("k", "2")
        second.set_meta("k", "3")  # the first's turn is over: the second writes
        assert first.get_meta("k") == "3"
    finally:
        first.close()
        second.close()
