"""Same records, same verdicts: the syndication state does not depend on arrival order or store.

A corpus with every case that used to depend on order (copies before their originals, excerpts
contained in a follow-up and in the original, a site template turning into boilerplate halfway,
near-duplicates within a site, ties broken by the URL, dates missing) is assigned in many shuffled
orders, on SQLite and on Redis; every record's ``syndication`` field, every cluster's original
and rule, and every stored link must come out the same.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from crawler.records import open_evaluator
from crawler.state import StateStore, open_store
from crawler.syndication import DedupConfig, assign, clusters, ensure_links, evaluate, rebuild
from crawler.syndication.clusters import META_KEY, _stored, links_stand, new_cluster_id, record_sample
from crawler.syndication.clusters import WIDE_FRONTIER as WIDE
from crawler.syndication.graph import components, divide
from crawler.syndication.links import pair_link, sketch_of
from tests.helpers import paragraphs, rec
from tests.order_corpus import TEMPLATE, corpus

ORDERS = 10


def snapshot(store: StateStore, records: list[dict[str, Any]]) -> dict[str, Any]:
    """Everything order could change: fields, clusters, links."""
    cfg = DedupConfig.from_settings()
    fields = {r["url"]: evaluate(store, r, cfg) for r in records}
    clusters = {}
    for f in fields.values():
        c = store.get_cluster(f["clusterId"])
        assert c is not None, f
        clusters[c.cluster_id] = (c.members, c.original, c.rule)
    links = store.get_links(r["url"] for r in records)
    return {"fields": fields, "clusters": clusters, "links": links}


def assign_all(uri: str, records: list[dict[str, Any]]) -> dict[str, Any]:
    with open_store(uri) as store:
        for r in records:
            assign(store, r)
        return snapshot(store, records)


def shuffled(records: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    out = list(records)
    random.Random(seed).shuffle(out)
    return out


@pytest.fixture
def sqlite_uri(tmp_path: Path) -> Any:
    n = iter(range(1000))
    return lambda: f"sqlite:///{tmp_path / f'state-{next(n)}.sqlite3'}"


def test_shuffled_orders_give_identical_state_on_sqlite_and_redis(sqlite_uri: Any, redis_server: Any) -> None:
    records = corpus()
    expected = assign_all(sqlite_uri(), records)
    roles = [f["role"] for f in expected["fields"].values()]
    assert roles.count("original") >= 8 and roles.count("copy") >= 20  # the corpus has clusters to get wrong
    differences = 0
    for seed in range(ORDERS):
        for uri in (sqlite_uri(), f"{redis_server.uri}?prefix=order{seed}-{random.random()}"):
            got = assign_all(uri, shuffled(records, seed))
            differences += sum(got[k] != expected[k] for k in expected)
            assert got == expected, (seed, uri)
    assert differences == 0


def test_the_corpus_is_clustered_right(sqlite_uri: Any) -> None:
    """What the state is (the same in every order): stories whole, negatives apart."""
    got = assign_all(sqlite_uri(), shuffled(corpus(), 99))["fields"]
    for s in range(6):
        orig = f"https://news{s % 3}.example/story/{s}"
        for copy in (f"https://agg{s % 2}.example/full/{s}", f"https://agg{(s + 1) % 2}.example/excerpt/{s}",
                     f"https://agg2.example/edited/{s}"):
            assert got[copy]["role"] == "copy" and got[copy]["duplicateOf"] == orig, copy
        assert got[orig]["role"] == "original"
        assert got[f"https://news3.example/analysis/{s}"]["role"] == "unique"
    assert got["https://agg0.example/only/0"]["role"] == "original"  # claimed by the other two
    assert got["https://news0.example/a/dup"]["role"] == "original"  # same date, smaller URL
    assert got["https://news0.example/b/dup"]["duplicateOf"] == "https://news0.example/a/dup"
    # pages sharing only the site's template stay apart; a copy of one of them joins it (same text,
    # no dates, no claims, same length: the smaller URL is the original)
    assert all(got[f"https://tpl.example/p/{i}"]["role"] == "unique" for i in range(1, 8))
    assert got["https://tpl.example/p/0"]["duplicateOf"] == "https://agg0.example/tpl-copy"
    assert got["https://agg0.example/tpl-copy"]["role"] == "original"
    assert got["https://news1.example/short"]["role"] == "unique"


def test_rebuild_derives_the_same_state(sqlite_uri: Any) -> None:
    """Deriving every link and cluster again from the stored articles changes nothing."""
    records = corpus()
    uri = sqlite_uri()
    with open_store(uri) as store:
        for r in shuffled(records, 5):
            assign(store, r)
        before = snapshot(store, records)
        assert rebuild(store, DedupConfig.from_settings()) == len({r["url"] for r in records})
        assert snapshot(store, records) == before


def test_changed_settings_derive_links_again(sqlite_uri: Any) -> None:
    """Stored links depend on DEDUP_ values: a run with other values derives them again."""
    body = paragraphs(4400, n=6)
    records = [rec("https://news.example/o", "\n".join(body), date="2024-06-01"),
               rec("https://agg.example/half", "\n".join(body[:2] + paragraphs(4401, n=2)), kind="aggregator")]
    uri = sqlite_uri()
    with open_evaluator({"STATE_URI": uri}) as ev:
        assert [ev.syndication(r)["role"] for r in records] == ["unique", "unique"]  # half of it: below 0.6
        assert ev.store.get_meta(META_KEY) == ev.dedup.links_fingerprint()
    with open_evaluator({"STATE_URI": uri, "DEDUP_CONTAINMENT_THRESHOLD": 0.4}) as ev:
        assert ev.syndication(records[1], index=False)["role"] == "copy"
        assert ev.store.get_meta(META_KEY) == ev.dedup.links_fingerprint()


def test_schema_1_state_is_migrated(tmp_path: Path) -> None:
    """A state file of the previous schema is migrated when opened: counts rebuilt from its postings,
    then links and clusters derived again from its articles by the syndication stage."""
    import sqlite3

    path = tmp_path / "old.sqlite3"
    records = corpus()[:10]
    with open_store(f"sqlite:///{path}") as store:  # the articles as schema 1 kept them
        for r in records:
            assign(store, r)
        expected = snapshot(store, records)
    conn = sqlite3.connect(path)
    conn.executescript("""
        DROP TABLE hashsite; DROP TABLE links;
        UPDATE articles SET cnum = NULL; DELETE FROM clusters;
        UPDATE meta SET value = '1' WHERE key = 'schema_version'; DELETE FROM meta WHERE key = 'syndication';
    """)
    conn.commit()
    conn.close()
    with open_store(f"sqlite:///{path}") as store:
        assert store.get_meta("schema_version") == "2" and store.get_meta(META_KEY) is None
        ensure_links(store, DedupConfig.from_settings())
        assert snapshot(store, records) == expected
    assert json.dumps(expected, sort_keys=True)  # plain data


def test_schema_1_redis_state_is_migrated(redis_server: Any) -> None:
    """The same on Redis: per-cluster counts (hc:) replaced by per-site counts (hs:) from the
    articles' index hashes, then links and clusters derived again."""
    import redis as redis_lib

    uri = f"{redis_server.uri}?prefix=mig{random.random()}"
    records = corpus()[:10]
    with open_store(uri) as store:
        for r in records:
            assign(store, r)
        expected = snapshot(store, records)
        prefix = store.prefix  # type: ignore[attr-defined]
    client = redis_lib.Redis.from_url(redis_server.uri, decode_responses=True)
    try:
        for kind in ("hs", "links", "cluster", "members"):
            for key in client.scan_iter(match=f"{prefix}{kind}:*"):
                client.delete(key)
        for key in client.scan_iter(match=f"{prefix}article:*"):
            client.hdel(key, "sitekey", "cluster")
        client.zadd(f"{prefix}hc:12345", {"c-old": 1})
        client.hset(f"{prefix}meta", "schema_version", "1")
        client.hdel(f"{prefix}meta", META_KEY)
        with open_store(uri) as store:
            assert store.get_meta("schema_version") == "3" and store.get_meta(META_KEY) is None
            assert not list(client.scan_iter(match=f"{prefix}hc:*"))
            ensure_links(store, DedupConfig.from_settings())
            assert snapshot(store, records) == expected
    finally:
        client.close()


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_two_processes_with_their_own_memos_agree_with_one(backend: str, sqlite_uri: Any, redis_server: Any) -> None:
    """Two connections (as two crawl processes): the first keeps boilerplate statuses between its
    steps (a memo), the second keeps none. The first sees a template shared by two sites while it is
    not boilerplate (5 pages of site A); the second makes it boilerplate (the 6th), which tells
    every memo to forget; then the first indexes site B's pages, which share only the template with
    A's. The state is the one a single process gives (B's pages unique)."""
    from crawler.syndication.boilerplate import BoilerplateMemo

    def page(site: str, i: int) -> dict[str, Any]:
        own = paragraphs(4500 + i + (100 if site == "b" else 0), n=1, words=25)[0]
        return rec(f"https://tpl{site}.example/p/{i}", "\n".join([own, TEMPLATE]), kind="aggregator")

    first = [page("a", i) for i in range(5)]
    records = [*first, page("a", 5), *(page("b", i) for i in range(3))]

    def new_uri() -> str:
        return sqlite_uri() if backend == "sqlite" else f"{redis_server.uri}?prefix=two{random.random()}"

    expected = assign_all(new_uri(), records)
    assert [f["role"] for f in expected["fields"].values()] == ["unique"] * len(records)
    uri = new_uri()
    one, two = open_store(uri), open_store(uri)
    memo = BoilerplateMemo()
    try:
        for r in first:
            assign(one, r, None, memo)
        assert memo.known and not any(memo.known.values())  # nothing is boilerplate yet
        memo.sync(one)
        assert memo.known  # nothing changed: kept
        assign(two, records[5])  # the 6th page of site A: the template becomes boilerplate
        memo.sync(one)
        assert memo.known == {}  # told to forget
        for r in records[6:]:
            assign(one, r, None, memo)
        assert any(memo.known.values())
        assert snapshot(one, records) == expected
    finally:
        one.close()
        two.close()


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_waiting_relinks_change_no_state(backend: str, sqlite_uri: Any, redis_server: Any) -> None:
    """Relinks done at once (``DEDUP_RELINK_BATCH = 0``), after every few boilerplate changes, or
    only when the state is read give the same state, in any order; waiting relinks are kept in the
    store, so a process that stops before doing them (a kill) loses nothing: the next reader does
    them."""
    records = corpus()

    def new_uri() -> str:
        return sqlite_uri() if backend == "sqlite" else f"{redis_server.uri}?prefix=rb{random.random()}"

    def assign_with(uri: str, batch: int, order: list[dict[str, Any]]) -> dict[str, Any]:
        cfg = DedupConfig.from_settings({"DEDUP_RELINK_BATCH": batch})
        with open_store(uri) as store:
            for r in order:
                assign(store, r, cfg)
            waiting = store.count_relink_hashes()
        with open_store(uri) as store:  # reopened: what waited is still there
            assert store.count_relink_hashes() == waiting
            return {"waiting": waiting, "state": snapshot(store, records)}

    eager = assign_with(new_uri(), 0, records)
    assert eager["waiting"] == 0
    for seed, batch in enumerate((1, 2, 5, 1000)):
        got = assign_with(new_uri(), batch, shuffled(records, seed))
        assert got["state"] == eager["state"], (batch, seed)
        if batch == 1000:  # the corpus's template turned into boilerplate: relinks waited
            assert got["waiting"] > 0
        else:
            assert got["waiting"] < batch


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_flushes_that_skip_articles_derived_since_give_the_same_state(
    backend: str, sqlite_uri: Any, redis_server: Any
) -> None:
    """Two processes (two connections, each with its memo) index the corpus in turns, in any order,
    their relinks waiting or flushed every few changes; a flush leaves out the holders whose
    links its process derived after the change (``relink_skipped``). The state is the one of
    relinks done at once: a process's flush links again what the other derived (it cannot vouch
    for it)."""
    from crawler.syndication.boilerplate import BoilerplateMemo
    from crawler.syndication.clusters import flush_relinks

    records = corpus()

    def new_uri() -> str:
        return sqlite_uri() if backend == "sqlite" else f"{redis_server.uri}?prefix=skip{random.random()}"

    eager_uri = new_uri()
    with open_store(eager_uri) as store:
        for r in records:
            assign(store, r, DedupConfig.from_settings({"DEDUP_RELINK_BATCH": 0}))
        eager = snapshot(store, records)
    skipped = 0
    for seed, batch in enumerate((3, 1000, 1000)):
        cfg = DedupConfig.from_settings({"DEDUP_RELINK_BATCH": batch})
        uri = new_uri()
        one, two = open_store(uri), open_store(uri)
        memos = (BoilerplateMemo(), BoilerplateMemo())
        try:
            for i, r in enumerate(shuffled(records, 100 + seed)):
                who = i % 2 if seed < 2 else 0  # the last round: one process does it all
                assign((one, two)[who], r, cfg, memos[who])
            last = 0 if seed == 2 else 1
            flush_relinks((one, two)[last], cfg, memos[last])
            assert two.count_relink_hashes() == 0
            assert snapshot(one, records) == eager, (batch, seed)
        finally:
            one.close()
            two.close()
        skipped += memos[0].relink_skipped + memos[1].relink_skipped
        if seed == 2:  # its memo knows every article: only those stored before a change are linked again
            assert memos[0].relink_skipped > 0 and memos[0].relinked > 0
    assert skipped > 0


def test_waiting_relinks_are_done_together_and_counted(sqlite_uri: Any) -> None:
    """An evaluator counts boilerplate changes, flushes and the articles linked again; after its
    flush nothing waits."""
    records = corpus()
    with open_evaluator({"STATE_URI": sqlite_uri(), "DEDUP_RELINK_BATCH": 1000}) as ev:
        for r in records:
            ev.index(r)
        assert ev.memo.changed > 0 and ev.memo.flushes == 0 and ev.store.count_relink_hashes() > 0
        relinked = ev.flush()
        assert relinked > 0 and ev.memo.relinked == relinked and ev.memo.flushes == 1
        assert ev.store.count_relink_hashes() == 0 and ev.flush() == 0


# --- dates by day within a component only ------------------------------------------------------

#: Story A: two news articles of one day, the earlier (by the hour) shorter; story B: one of its
#: two articles has a date without a time. By the hour A's original is the earlier article; by
#: the day (B's rule) it would be the longer one.
DAY_A = "\n".join(paragraphs(7100, n=4))
DAY_B = "\n".join(paragraphs(7200, n=4))


def day_records() -> list[dict[str, Any]]:
    return [
        rec("https://one.example/a", DAY_A, date="2024-01-01T06:00:00Z"),
        rec("https://two.example/a", DAY_A + "\n" + paragraphs(7101, n=1)[0], date="2024-01-01T09:00:00Z"),
        rec("https://three.example/b", DAY_B, date="2024-02-01"),
        rec("https://four.example/b", DAY_B, date="2024-02-01T10:00:00Z"),
        rec("https://agg.example/x", DAY_B, kind="aggregator", date="2024-02-02T10:00:00Z"),
    ]


def test_a_component_is_divided_alike_alone_and_beside_others() -> None:
    """Dates compare by day only in a component that has a date without a time: dividing one
    component with another (a flush, a re-indexed article leaving a story) changes neither."""
    cfg = DedupConfig.from_settings()
    recs = day_records()
    articles = {r["url"]: _stored(r, record_sample(r, cfg)) for r in recs}
    links: dict[str, dict[str, int]] = {}
    for u, a in articles.items():
        for v, b in articles.items():
            if u != v and (kind := pair_link(a, sketch_of(a), b, sketch_of(b), (), cfg)):
                links.setdefault(u, {})[v] = kind
    story_a = {u: a for u, a in articles.items() if u.endswith("/a")}
    story_b = {u: a for u, a in articles.items() if not u.endswith("/a")}
    assert [sorted(c) for c in components(articles, links)] == [sorted(story_b), sorted(story_a)]
    alone = {**divide(story_a, links).center, **divide(story_b, links).center}
    together = divide(articles, links).center
    assert together == alone
    assert together["https://two.example/a"] == "https://one.example/a"  # the earlier by the hour
    assert together["https://three.example/b"] == "https://four.example/b"  # B by the day, then the URL


@pytest.mark.parametrize("wide", [None, 0])
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_an_article_leaving_a_story_leaves_it_as_if_never_there(
        backend: str, wide: int | None, sqlite_uri: Any, redis_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-indexed with another text, an article divides its old story and its new one in one
    pass; the old story ends as if the article had always had its new text (components found
    through their links, or through their neighbours only: ``wide`` 0)."""
    if wide is not None:
        monkeypatch.setattr(clusters, "WIDE_FRONTIER", wide)
    recs = day_records()
    before = rec("https://agg.example/x", DAY_A, kind="aggregator", date="2024-02-02T10:00:00Z")

    def uri() -> str:
        return sqlite_uri() if backend == "sqlite" else f"{redis_server.uri}?prefix=day-{random.random()}"

    with open_store(uri()) as store:
        for r in recs:
            assign(store, r)
        expected = snapshot(store, recs)
    with open_store(uri()) as store:
        for r in [*recs[:4], before, recs[4]]:
            assign(store, r)
        got = snapshot(store, recs)
    assert expected["fields"]["https://two.example/a"]["duplicateOf"] == "https://one.example/a"
    assert got == expected


def test_a_state_divided_by_the_old_rule_is_derived_again(sqlite_uri: Any, caplog: pytest.LogCaptureFixture) -> None:
    """Clusters stored with another division rule (a fingerprint without this one's version) are
    derived again when the state is opened, from the stored links (the link rule is the same)."""
    recs = day_records()
    uri = sqlite_uri()
    with open_evaluator({"STATE_URI": uri}) as ev:
        for r in recs:
            ev.index(r)
        right = snapshot(ev.store, recs)
        story_a = ["https://one.example/a", "https://two.example/a"]
        wrong = new_cluster_id("https://two.example/a")
        ev.store.set_clusters({u: wrong for u in story_a}, {wrong: ("https://two.example/a", "text_length")})
        old = json.loads(ev.dedup.links_fingerprint())
        del old["division"]
        ev.store.set_meta(META_KEY, json.dumps(old, sort_keys=True))
        assert snapshot(ev.store, recs) != right
    with caplog.at_level("WARNING", logger="crawler.syndication.clusters"), open_evaluator({"STATE_URI": uri}) as ev:
        assert ev.store.get_meta(META_KEY) == ev.dedup.links_fingerprint()
        assert snapshot(ev.store, recs) == right
    assert "clusters derived again for 5 articles" in caplog.text
    assert "links and clusters" not in caplog.text


@pytest.mark.parametrize(("stored", "stand"), [
    (None, False), ("not json", False), ("[]", False),
    ({}, True), ({"division": 1}, True), ({"threshold": 0.5}, False), ({"min_words": 30, "division": 1}, False),
])
def test_links_stand_when_only_the_division_changed(stored: Any, stand: bool) -> None:
    cfg = DedupConfig.from_settings()
    if isinstance(stored, dict):
        stored = json.dumps({**json.loads(cfg.links_fingerprint()), **stored})
    assert links_stand(stored, cfg) is stand


# --- big components: found without reading every link ------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_wide_frontiers_give_the_state_narrow_ones_give(backend: str, sqlite_uri: Any, redis_server: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Components found through their neighbours only (every frontier wide), their links read
    as the division needs them: the same fields, clusters and links, in any order."""
    records = corpus()
    expected = assign_all(sqlite_uri(), records)
    monkeypatch.setattr(clusters, "WIDE_FRONTIER", 0)
    for seed in (1, 2):
        uri = sqlite_uri() if backend == "sqlite" else f"{redis_server.uri}?prefix=wide{seed}-{random.random()}"
        assert assign_all(uri, shuffled(records, seed)) == expected


def test_records_not_stored_are_placed_alike_through_wide_frontiers(sqlite_uri: Any,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """``evaluate`` of records the state does not hold (a recheck): the same fields whether their
    components are found through links or through neighbours only."""
    records = corpus()
    held = [r for r in records if "/full/" in r["url"] or "/excerpt/" in r["url"]][::2]
    with open_store(sqlite_uri()) as store:
        for r in records:
            if r not in held:
                assign(store, r)
        narrow = [evaluate(store, r) for r in held]
        monkeypatch.setattr(clusters, "WIDE_FRONTIER", 0)
        wide = [evaluate(store, r) for r in held]
    assert sum(f["role"] == "copy" for f in narrow) >= 3
    assert wide == narrow


def one_story(copies: int) -> list[dict[str, Any]]:
    """A wire story and ``copies`` aggregators' copies of it (a line before, one of their own after)."""
    story = "\n".join(paragraphs(7300, n=6))
    out = [rec("https://wire.example/story", story, date="2024-03-01T06:00:00Z")]
    for i in range(copies):
        own = paragraphs(7400 + i, n=1, words=12)[0]
        out.append(rec(f"https://agg{i}.example/p/{i}", f"Posted for our readers today.\n{story}\n{own}",
                       kind="aggregator", date=f"2024-03-0{1 + i % 3}", claimedSource=(
                           {"url": "https://wire.example/story"} if i % 2 else None)))
    return out


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_a_story_copied_by_many_sites_reads_few_links_per_copy(backend: str, sqlite_uri: Any,
                                                               redis_server: Any) -> None:
    """Every copy of a wire story is linked to every other: a new copy's component is found from
    its neighbours, and its division reads the links of the original alone (the one claimed and
    every copy linked to it), not the square of the copies; the clusters are the same."""
    records = one_story(WIDE + 30)
    uri = sqlite_uri() if backend == "sqlite" else f"{redis_server.uri}?prefix=story-{random.random()}"
    with open_store(uri) as store:
        for r in shuffled(records, 3):
            assign(store, r)
        fields = {r["url"]: evaluate(store, r) for r in records}
        assert {f["duplicateOf"] for u, f in fields.items() if u != records[0]["url"]} == {records[0]["url"]}
        assert fields[records[0]["url"]]["role"] == "original"
        assert len(store.get_links([records[1]["url"]])[records[1]["url"]]) == len(records) - 1
        articles, links, parts = clusters.component(store, [records[1]["url"]])
        assert len(articles) == len(records) and parts == [set(articles)]
        division = divide(articles, links, parts)
        assert links.read_late == 1  # the original's, for the claims and the cluster
        assert set(division.center.values()) == {records[0]["url"]}


def test_a_memo_short_of_room_keeps_the_statuses_it_knows(tmp_path: Path) -> None:
    """The memo makes room for the statuses a step reads, not for all those it asks about: with
    its limit just above what one text's candidates hold, it was cleared at every text and every
    status was read from the store again. Kept, the statuses are reused; the state is the same."""
    from crawler.state.sqlite import SQLiteStateStore
    from crawler.syndication.boilerplate import Boilerplate, BoilerplateMemo

    records = corpus()
    expected = assign_all(f"sqlite:///{tmp_path / 'plain.db'}", records)
    with open_store(f"sqlite:///{tmp_path / 'memo.db'}") as store:
        assert isinstance(store, SQLiteStateStore)
        cfg = DedupConfig.from_settings()
        for r in records:
            assign(store, r, cfg)
        stored = store.get_articles(r["url"] for r in records).values()
        hashes = sorted({h for a in stored for h in sketch_of(a).hashes})
        memo = BoilerplateMemo(limit=len(hashes) + 10)
        memo.sync(store)
        read: list[int] = []
        reads = store.hash_site_max

        def counted(asked: Any) -> dict[int, int]:
            asked = list(asked)
            read.append(len(asked))
            return reads(asked)

        store.hash_site_max = counted  # type: ignore[method-assign]
        first = Boilerplate(store, cfg, memo).of(hashes)
        again = Boilerplate(store, cfg, memo).of([*hashes[: len(hashes) // 2], 1, 2, 3])
        assert read == [len(hashes), 3]  # the second step read its three new statuses only
        assert again == {h for h in hashes[: len(hashes) // 2] if h in first}
        assert snapshot(store, records) == expected
