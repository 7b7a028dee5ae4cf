"""The Redis state store against a real redis-server (started once per session on a free port).

* The behavioural tests of ``test_state.py`` (those not about SQLite itself) and every test of
  ``test_syndication.py`` that uses a store run here again with ``uri`` pointing at Redis.
* Tests written for both stores run on SQLite and Redis (``any_uri``).
* Redis specifics: key prefix, seen URLs expiring, the cross-process lock, URI options, and
  processes racing on one story.
"""

from __future__ import annotations

import inspect
import multiprocessing
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import redis
import test_state
import test_syndication

from crawler.state import StateStore, StoredArticle, open_store
from crawler.state.base import LINK_BOTH, LINK_HAS, LINK_IN
from crawler.state.redis import LockLost, RedisStateStore, RedisUnavailable, safe_uri
from crawler.syndication import assign, elect_original, evaluate

# The redis_server / redis_uri fixtures (harmless when tests/conftest.py lists the plugin too).
pytest_plugins = ["conftest_redis"]

# --- the same behavioural tests as for SQLite ---------------------------------------------------

_STATE_TESTS = (
    "test_data_persists_after_reopen",
    "test_two_connections_see_each_other",
    "test_find_article_by_normalised_or_canonical_url",
    "test_put_article_updates_and_keeps_cluster",
    "test_seen_accepts_datetimes",
    "test_committed_writes_survive_kill_9",
    "test_set_clusters_moves_articles_and_drops_emptied_clusters",
    "test_links_are_kept_on_both_sides",
    "test_per_site_counts",
)
for _name in _STATE_TESTS:
    globals()[_name] = getattr(test_state, _name)

# Every syndication test that takes a store (or its URI) is store-agnostic by construction, except
# those that rely on SQLite rolling back an unfinished exclusive() section (Redis has no rollback:
# each write is atomic on its own; an article left unclustered by a crash is clustered again the
# next time it is assigned).
_NEEDS_ROLLBACK = {"test_kill_9_mid_run_keeps_committed_clusters"}
for _name, _fn in vars(test_syndication).copy().items():
    if _name in _NEEDS_ROLLBACK:
        continue
    if _name.startswith("test_") and callable(_fn) and {"store", "uri"} & set(inspect.signature(_fn).parameters):
        globals()[f"test_syndication_{_name[len('test_') :]}"] = _fn


@pytest.fixture
def uri(redis_uri: str) -> str:
    """The tests imported above run against Redis (they already run on SQLite in their modules)."""
    return redis_uri


@pytest.fixture
def store(uri: str) -> Iterator[StateStore]:
    s = open_store(uri)
    yield s
    s.close()


@pytest.fixture(params=["sqlite", "redis"])
def any_uri(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.sqlite3'}"
    return str(request.getfixturevalue("redis_uri"))


def _article(url: str, hashes: tuple[int, ...] = (1, 2, 3), **kw: Any) -> StoredArticle:
    return StoredArticle(url=url, site="s", site_kind="news", sketch="{}", index_hashes=hashes, **kw)


# --- both stores ----------------------------------------------------------------------------------


def test_lookup_keeps_insertion_order_and_limit(any_uri: str) -> None:
    with open_store(any_uri) as store:
        urls = [f"https://s{i}.example/a" for i in (5, 1, 9, 3)]
        for u in urls:
            store.put_article(_article(u, hashes=(2**63 - 1, 42)))
        store.put_article(_article(urls[0], hashes=(2**63 - 1, 42, 7)))  # an update keeps its place
        found = store.lookup_hashes([42, 2**63 - 1, 7, 8], limit=3)
        assert found == {42: urls[:3], 2**63 - 1: urls[:3], 7: urls[:1]}
        assert store.lookup_hashes([42], limit=0) == {}
        assert store.count_articles() == 4


@pytest.mark.parametrize("limit", [0, 1, 3, 5, 200])
def test_posting_counts_count_what_lookup_gives(any_uri: str, limit: int) -> None:
    """The candidate search's hits: per URL, under how many of the hashes ``lookup_hashes``
    gives it, its ``limit`` cut per hash included (hashes held by more articles than that, by
    fewer, by none; more hashes than one statement's chunk)."""
    rng = random.Random(limit)
    with open_store(any_uri) as store:
        urls = [f"https://s{i % 3}.example/{i}" for i in range(12)]
        for i, u in enumerate(urls):  # hash h is held by the articles i with i % h == 0 (h=1: all of them)
            store.put_article(_article(u, hashes=tuple(h for h in range(1, 8) if i % h == 0) +
                                       tuple(1000 + rng.randrange(700) for _ in range(60))))
        for query in ([1, 2, 3], [1, 5, 7, 99], list(range(1, 8)), [], list(range(1, 1800))):
            expected = Counter(u for found in store.lookup_hashes(query, limit).values() for u in found)
            assert store.posting_counts(query, limit) == expected
        assert store.posting_counts([1], 3) == Counter(dict.fromkeys(store.lookup_hashes([1], 3)[1], 1))


@pytest.mark.parametrize(("limit", "boilerplate_min"), [(200, 2), (1, 2), (200, 3), (200, 0), (0, 2)])
def test_candidate_postings_is_counts_then_lookup(any_uri: str, limit: int, boilerplate_min: int) -> None:
    """One call for the candidate search: the same answer as hash_site_max + lookup_hashes."""
    with open_store(any_uri) as store:
        for i, hashes in enumerate([(1, 2, 5), (2, 3, 5), (2, 4), (2**63 - 1, 5)]):
            url = f"https://s{i}.example/a"
            store.put_article(StoredArticle(url=url, site="one" if i < 2 else f"s{i}", index_hashes=hashes))
        query = [1, 2, 3, 5, 2**63 - 1, 99]
        postings, ignore = store.candidate_postings(query, limit, boilerplate_min)
        counts = store.hash_site_max(query)
        expected_ignore = {h for h, n in counts.items() if n >= max(boilerplate_min, 1)}
        if boilerplate_min <= 0:
            expected_ignore = set()
        assert ignore == expected_ignore
        assert postings == store.lookup_hashes([h for h in query if h not in expected_ignore], limit=limit)
        if (limit, boilerplate_min) == (200, 2):
            assert ignore == {2, 5} and postings == {1: ["https://s0.example/a"], 3: ["https://s1.example/a"],
                                                     2**63 - 1: ["https://s3.example/a"]}


def test_clusters_originals_and_verdicts(any_uri: str) -> None:
    with open_store(any_uri) as store:
        assert store.get_cluster("c1") is None
        store.put_article(_article("https://a.example/1"))
        store.set_clusters({"https://a.example/1": "c1"}, {"c1": ("https://a.example/1", "only_member")})
        c = store.get_cluster("c1")
        assert c is not None and (c.original, c.rule) == ("https://a.example/1", "only_member")
        store.set_clusters({}, {"c1": (None, None)})
        c = store.get_cluster("c1")
        assert c is not None and (c.original, c.rule) == (None, None)
        assert store.get_verdict("https://a.example/1", "syndication") is None
        store.put_verdict("https://a.example/1", "syndication", {"role": "copy", "x": [1, None]})
        store.put_verdict("https://a.example/1", "syndication", {"role": "unique"})
        store.put_verdict("https://a.example/1", "sourceCheck", {"status": "none"})
        assert store.get_verdict("https://a.example/1", "syndication") == {"role": "unique"}
        assert store.get_verdict("https://a.example/1", "sourceCheck") == {"status": "none"}


def test_article_fields_round_trip(any_uri: str) -> None:
    with open_store(any_uri) as store:
        art = StoredArticle(
            url="https://a.example/ü?x=1",
            site="a",
            site_kind="aggregator",
            canonical_url="https://b.example/orig",
            headline="Héadline",
            date_published="2024-05-01",
            claimed_url="https://c.example/",
            sketch='{"k": 1}',
            index_hashes=(9,),
            updated=12.25,
        )
        store.put_article(art)
        got = store.get_article(art.url)
        assert got == StoredArticle(**{**art.__dict__, "index_hashes": ()})
        store.put_article(StoredArticle(url=art.url, updated=13.0))  # fields set to None are cleared
        got = store.get_article(art.url)
        assert got is not None and (got.site, got.canonical_url, got.sketch, got.updated) == (None, None, None, 13.0)
        assert store.find_article("https://b.example/orig") is None
        assert store.get_articles([art.url, "https://missing.example/"]).keys() == {art.url}


def test_exclusive_is_reentrant(any_uri: str) -> None:
    with open_store(any_uri) as store:
        with store.exclusive():
            with store.exclusive():
                store.put_article(_article("https://a.example/1"))
            store.set_clusters({"https://a.example/1": "c1"}, {})
        with store.exclusive():
            assert store.get_article("https://a.example/1").cluster_id == "c1"  # type: ignore[union-attr]


def test_assign_gives_the_same_fields_on_both_stores(tmp_path: Path, redis_uri: str) -> None:
    from tests.helpers import paragraphs, rec
    body = paragraphs(7)
    records = [
        rec("https://agg.example/p/1", "\n".join(body[:3]) + "\nRead More", kind="aggregator"),
        rec("https://news.example/2024/story", "\n".join(body), date="2024-05-01T08:00:00Z"),
        rec("https://blog.example/x", "\n".join(body[4:]) + "\nNo comments:", kind="aggregator"),
        rec("https://other.example/y", "\n".join(paragraphs(8))),
        rec("https://agg.example/p/1", "\n".join(body[:3]) + "\nRead More", kind="aggregator"),  # again
    ]
    results = {}
    for name, u in (("sqlite", f"sqlite:///{tmp_path / 's.sqlite3'}"), ("redis", redis_uri)):
        with open_store(u) as store:
            assigned = [assign(store, r) for r in records]
            results[name] = (assigned, [evaluate(store, r) for r in records])
    assert results["sqlite"] == results["redis"]
    assert [f["role"] for f in results["redis"][1]] == ["copy", "original", "copy", "unique", "copy"]


# --- Redis only -----------------------------------------------------------------------------------


def test_keys_live_under_the_prefix(redis_server: Any) -> None:
    base = redis_server.uri.rsplit("/", 1)[0] + "/15"  # a database of its own
    one = open_store(f"{base}?prefix=proj-one")
    two = open_store(f"{base}?prefix=proj-two")
    plain = open_store(base)
    client = redis.Redis.from_url(base, decode_responses=True)
    try:
        one.put_article(_article("https://a.example/1"))
        one.set_clusters({"https://a.example/1": "c1"}, {})
        one.mark_seen("https://a.example/1", 5)
        assert two.get_article("https://a.example/1") is None and two.count_articles() == 0
        assert two.lookup_hashes([1]) == {} and two.last_seen("https://a.example/1") is None
        assert plain.get_article("https://a.example/1") is None
        keys = set(client.keys("*"))
        assert "crawler:proj-one:article:https://a.example/1" in keys and "crawler:proj-one:seen" in keys
        assert {k for k in keys if not k.startswith(("crawler:proj-one:", "crawler:proj-two:"))} == {"crawler:meta"}
    finally:
        client.flushdb()
        client.close()
        for s in (one, two, plain):
            s.close()


def test_seen_urls_expire(any_uri: str) -> None:
    with open_store(any_uri) as store:
        for i, u in enumerate(("https://a.example/", "https://b.example/", "https://c.example/")):
            store.mark_seen(u, 100.0 + i)
        store.mark_seen("https://a.example/", 50.5)  # the latest call wins, even if older
        assert store.expire_seen(101.0) == 1
        assert store.expire_seen(datetime.fromtimestamp(101.0, UTC)) == 0
        assert [store.last_seen(u) for u in ("https://a.example/", "https://b.example/", "https://c.example/")] == [
            None,
            101.0,
            102.0,
        ]


def test_seen_marks_in_batches(any_uri: str) -> None:
    urls = [f"https://a.example/{i}" for i in range(1500)]  # more than one chunk
    with open_store(any_uri) as store:
        store.mark_seen_many(urls[:1200], 200.0)
        store.mark_seen_many(urls[1000:], 300.0)  # the latest call wins
        store.mark_seen_many([], 400.0)
        got = store.last_seen_many([*urls, "https://b.example/never"])
        assert got == {u: (200.0 if i < 1000 else 300.0) for i, u in enumerate(urls)}
        assert got == {u: store.last_seen(u) for u in urls}
        assert store.last_seen_many([]) == {}
        assert store.expire_seen(250.0) == 1000


def test_seen_ttl_applies_to_batches(redis_uri: str) -> None:
    with open_store(redis_uri + "&seen_ttl=60") as store:
        now = time.time()
        store.mark_seen_many(["https://a.example/", "https://b.example/"], now)
        store.mark_seen_many(["https://b.example/", "https://c.example/"], now - 120)  # too old: forgotten
        assert store.last_seen_many(["https://a.example/", "https://b.example/", "https://c.example/"]) == {
            "https://a.example/": now
        }


def test_seen_ttl_option(redis_uri: str) -> None:
    with open_store(redis_uri + "&seen_ttl=1") as store:
        assert isinstance(store, RedisStateStore) and store.seen_ttl == 1
        now = time.time()
        store.mark_seen("https://a.example/", now)
        assert store.last_seen("https://a.example/") == now
        store.mark_seen("https://b.example/", now - 3)  # seen longer ago than seen_ttl: forgotten
        assert store.last_seen("https://b.example/") is None
        store.mark_seen("https://c.example/", now - 0.7)
        time.sleep(0.5)
        assert store.last_seen("https://c.example/") is None
        with open_store(redis_uri) as plain:  # no seen_ttl: only expire_seen forgets, as in SQLite
            assert plain.last_seen("https://c.example/") == now - 0.7
        store.mark_seen("https://d.example/")  # drops the stamps that ran out
        assert store.r.zrange(store._k("seen"), 0, -1) == ["https://a.example/", "https://d.example/"]


@pytest.mark.parametrize("query", ["seen_ttl=-1", "seen_ttl=soon", "lock_timeout=0", "lock_wait=nan", "prefix=a%20b"])
def test_bad_options(redis_server: Any, query: str) -> None:
    name = query.split("=")[0]
    with pytest.raises(ValueError, match=name):
        open_store(f"{redis_server.uri}?{query}")


def test_unreachable_redis_is_one_clear_error() -> None:
    from redis_server import _free_port

    uri = f"redis://:s3cret@127.0.0.1:{_free_port()}/0?socket_connect_timeout=1"
    with pytest.raises(RedisUnavailable, match=r"cannot reach Redis") as err:
        open_store(uri)
    assert isinstance(err.value, ValueError) and "s3cret" not in str(err.value)
    assert safe_uri("redis://u:pw@h:1/2") == "redis://u:***@h:1/2"


def test_closed_store_refuses_calls(redis_uri: str) -> None:
    store = open_store(redis_uri)
    store.close()
    store.close()
    with pytest.raises(RuntimeError, match="closed"):
        store.count_articles()


def test_exclusive_excludes_other_instances(redis_uri: str) -> None:
    one, two = open_store(redis_uri), open_store(redis_uri + "&lock_wait=0.2")
    try:
        with one.exclusive(), pytest.raises(TimeoutError, match="lock_wait"), two.exclusive():
            pass
        entered = threading.Event()

        def other() -> None:
            with two.exclusive():
                entered.set()

        with one.exclusive():
            t = threading.Thread(target=other)
            t.start()
            assert not entered.wait(0.1)
        t.join(5)
        assert entered.is_set()
    finally:
        one.close()
        two.close()


def test_lock_of_a_dead_holder_expires(redis_uri: str, redis_server: Any) -> None:
    with open_store(redis_uri + "&lock_timeout=0.5") as store:
        assert isinstance(store, RedisStateStore)
        redis_server.client().set(store._k("lock"), "someone-who-died", px=500)
        t0 = time.monotonic()
        with store.exclusive():
            waited = time.monotonic() - t0
        assert 0.2 < waited < 3


def test_lock_is_renewed_while_held_and_released_safely(redis_uri: str, redis_server: Any) -> None:
    client = redis_server.client()
    with open_store(redis_uri + "&lock_timeout=0.3") as store:
        assert isinstance(store, RedisStateStore)
        key = store._k("lock")
        with store.exclusive():
            for _ in range(12):  # 0.6 s of work, twice the lease: each call renews it when due
                store.count_articles()
                time.sleep(0.05)
            assert client.get(key) == store._lock.token
        assert client.get(key) is None
        # A lease that ran out is never "released" from under its next holder.
        with store.exclusive():
            client.set(key, "next-holder")
        assert client.get(key) == "next-holder"
        client.delete(key)
        with pytest.raises(LockLost), store.exclusive():
            client.delete(key)
            time.sleep(0.15)
            store.count_articles()
        with store.exclusive():  # usable again afterwards
            store.count_articles()


# --- several processes ----------------------------------------------------------------------------

_CTX = multiprocessing.get_context("spawn")


def _run_processes(target: Any, args_list: list[tuple[Any, ...]], timeout: float = 120) -> None:
    procs = [_CTX.Process(target=target, args=args) for args in args_list]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout)
    for p in procs:
        if p.is_alive():
            p.kill()
    assert [p.exitcode for p in procs] == [0] * len(procs)


def _barrier(store: RedisStateStore, name: str, parties: int) -> None:
    key = store._k("test-barrier", name)
    store.r.incr(key)
    deadline = time.monotonic() + 30
    while int(store.r.get(key) or 0) < parties:
        if time.monotonic() > deadline:
            raise TimeoutError(name)
        time.sleep(0.0005)


def _counter_worker(uri: str, n: int) -> None:
    store = open_store(uri)
    assert isinstance(store, RedisStateStore)
    _barrier(store, "counter", 2)
    for _ in range(n):
        with store.exclusive():  # a read-modify-write that loses updates unless exclusive
            value = int(store.r.get(store._k("test-counter")) or 0)
            store.r.set(store._k("test-counter"), value + 1)
    store.close()


def test_exclusive_excludes_other_processes(redis_uri: str) -> None:
    _run_processes(_counter_worker, [(redis_uri, 150), (redis_uri, 150)])
    with open_store(redis_uri) as store:
        assert isinstance(store, RedisStateStore)
        assert store.r.get(store._k("test-counter")) == "300"


def _put_worker(uri: str, who: int, rounds: int) -> None:
    store = open_store(uri)
    assert isinstance(store, RedisStateStore)
    for r in range(rounds):
        url = f"https://race.example/{r}"
        _barrier(store, f"put-{r}", 2)
        store.put_article(StoredArticle(url=url, site=f"s{who}", index_hashes=(100 * r, 100 * r + 50 + who)))
        store.set_links(url, {})
    store.close()


def test_put_article_is_atomic_across_processes(redis_uri: str) -> None:
    """No exclusive() here: two processes put one URL with different sites and hashes at once;
    the per-site counts end up those of whichever write came last, never a mix."""
    rounds = 40
    _run_processes(_put_worker, [(redis_uri, 0, rounds), (redis_uri, 1, rounds)])
    with open_store(redis_uri) as store:
        assert isinstance(store, RedisStateStore)
        assert store.count_articles() == rounds
        for r in range(rounds):
            art = store.get_article(f"https://race.example/{r}")
            assert art is not None and art.site in ("s0", "s1")
            who = int(art.site[1])  # type: ignore[index]
            assert store.hash_site_max([100 * r, 100 * r + 50, 100 * r + 51]) == {100 * r: 1, 100 * r + 50 + who: 1}
            assert store.r.zrange(store._k("hs", 100 * r), 0, -1, withscores=True) == [(art.site, 1.0)]


def _story_urls(r: int, who: int) -> list[str]:
    return [f"https://site{who}{j}.example/round-{r}/story" for j in range(3)]


def _assign_worker(uri: str, who: int, rounds: int) -> None:
    from tests.helpers import paragraphs, rec
    store = open_store(uri)
    assert isinstance(store, RedisStateStore)
    for r in range(rounds):
        body = paragraphs(1000 + r)
        records = [
            rec(
                u,
                "\n".join(body) + f"\nRead more on site {who}{j}.",
                kind="aggregator" if j else "news",
                date=f"2024-05-01T0{who}:0{j}:00Z",
            )
            for j, u in enumerate(_story_urls(r, who))
        ]
        for j, record in enumerate(records):  # both processes start each assign step together
            _barrier(store, f"assign-{r}-{j}", 2)
            assign(store, record)
    store.close()


def test_two_processes_racing_on_one_story_end_in_one_cluster(redis_uri: str) -> None:
    rounds = 25
    _run_processes(_assign_worker, [(redis_uri, 0, rounds), (redis_uri, 1, rounds)], timeout=240)
    with open_store(redis_uri) as store:
        from tests.helpers import paragraphs, rec
        seen_clusters = set()
        for r in range(rounds):
            urls = _story_urls(r, 0) + _story_urls(r, 1)
            arts = store.get_articles(urls)
            assert set(arts) == set(urls)
            (cid,) = {a.cluster_id for a in arts.values()}
            assert cid is not None and cid not in seen_clusters
            seen_clusters.add(cid)
            cluster = store.get_cluster(cid)
            assert cluster is not None and cluster.members == tuple(sorted(urls))
            assert cluster.original == "https://site00.example/round-0/story".replace("round-0", f"round-{r}")
            assert cluster.original == elect_original(list(arts.values()))[0]
            body = paragraphs(1000 + r)
            roles = [evaluate(store, rec(u, "\n".join(body)))["role"] for u in urls]
            assert sorted(roles) == ["copy"] * 5 + ["original"]
        assert store.count_articles() == rounds * 6


def test_concurrent_pipelines_in_one_process(redis_uri: str) -> None:
    """Threads with one instance each (as the pipelines of several crawlers would have)."""
    errors: list[BaseException] = []

    def work(who: int) -> None:
        try:
            with open_store(redis_uri) as store:
                for i in range(30):
                    with store.exclusive():
                        store.put_article(StoredArticle(url=f"https://t{who}.example/{i}", index_hashes=(i, 1000)))
                        store.set_clusters({f"https://t{who}.example/{i}": f"c{i}"}, {})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    with open_store(redis_uri) as store:
        assert store.count_articles() == 120
        assert store.hash_site_max([1000, 0, 29]) == {1000: 30, 0: 1, 29: 1}
        assert store.get_cluster("c3").members == tuple(sorted(f"https://t{w}.example/3" for w in range(4)))  # type: ignore[union-attr]


def test_store_works_from_the_recheck_command_path(redis_uri: str, tmp_path: Path) -> None:
    from crawler.records import open_evaluator, recheck_records
    from tests.helpers import paragraphs, rec
    body = "\n".join(paragraphs(3))
    records = [
        rec("https://agg.example/copy", body + "\nRead More", kind="aggregator"),
        rec("https://news.example/orig", body, date="2024-01-01"),
    ]
    with open_evaluator({"STATE_URI": redis_uri}) as evaluator:
        out, summary = recheck_records(records, evaluator)
    assert [r["syndication"]["role"] for r in out] == ["copy", "original"] and summary.copies == 1
    with open_store(redis_uri) as store:
        assert store.get_verdict("https://agg.example/copy", "syndication") == out[0]["syndication"]


def test_relink_hashes_keep_the_newest_version(any_uri: str) -> None:
    """Waiting relinks: a hash is remembered at its newest version, and dropping it at an older
    version (a flush that started before it was remembered again) keeps it."""
    with open_store(any_uri) as store:
        assert store.relink_hashes() == {} and store.count_relink_hashes() == 0
        store.add_relink_hashes([5, 7, 2**62 + 3], 1)
        store.add_relink_hashes([7], 3)
        store.add_relink_hashes([7], 2)  # older: ignored
        assert store.relink_hashes() == {5: 1, 7: 3, 2**62 + 3: 1}
        seen = store.relink_hashes()
        store.add_relink_hashes([5], 4)  # remembered again while a flush works
        store.drop_relink_hashes(seen)
        assert store.relink_hashes() == {5: 4} and store.count_relink_hashes() == 1
    with open_store(any_uri) as store:  # kept in the store
        assert store.relink_hashes() == {5: 4}


def test_neighbours_are_the_linked_articles(any_uri: str) -> None:
    """``neighbours``: the articles linked to any of the URLs given, as ``get_links`` has them
    (a hub linked to more spokes than one statement's chunk)."""
    hub = "https://hub.example/0"
    spokes = [f"https://s{i % 7}.example/{i}" for i in range(1200)]
    with open_store(any_uri) as store:
        for u in (hub, *spokes, "https://alone.example/0"):
            store.put_article(_article(u))
        store.set_links(hub, {u: (LINK_IN, LINK_HAS, LINK_BOTH)[i % 3] for i, u in enumerate(spokes)})
        store.set_links(spokes[0], {spokes[1]: LINK_BOTH, hub: LINK_HAS})
        assert store.neighbours([hub]) == set(spokes)
        assert store.neighbours(spokes) == {hub, spokes[0], spokes[1]}
        assert store.neighbours([spokes[0], "https://alone.example/0", "https://nowhere.example/"]) == {hub, spokes[1]}
        assert store.neighbours([]) == set()
        for urls in ([hub], spokes[:3], spokes):
            assert store.neighbours(urls) == {v for out in store.get_links(urls).values() for v in out}
