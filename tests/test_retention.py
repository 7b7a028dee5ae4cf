"""Retention (``DEDUP_RETENTION_DAYS``): old articles leave the store, and what stays is the state
of the articles that stay, on SQLite and on Redis alike."""

from __future__ import annotations

import logging
import random
import time
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.misc import build_from_crawler

from crawler.items import Article
from crawler.pipelines.runner import StateStagesPipeline
from crawler.spiders.news import NewsSpider
from crawler.state import StateStore, StoredArticle, open_store
from crawler.state.base import LINK_BOTH, LINK_IN
from crawler.syndication import DedupConfig, assign
from crawler.syndication.retention import prune
from tests.helpers import paragraphs, project_crawler
from tests.order_corpus import TEMPLATE, corpus
from tests.test_pipeline_runner import SITES
from tests.test_syndication_order import snapshot

BACKENDS = ["sqlite", "redis"]


@pytest.fixture
def new_uri(tmp_path: Path, request: pytest.FixtureRequest) -> Any:
    """A function giving the URI of a new empty store of the test's backend."""
    n = iter(range(1000))

    def make(backend: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / f'state-{next(n)}.sqlite3'}"
        server = request.getfixturevalue("redis_server")
        return f"{server.uri}?prefix=ret{next(n)}-{random.random()}"

    return make


def _art(url: str, hashes: tuple[int, ...], updated: float, site: str = "s", **kw: Any) -> StoredArticle:
    return StoredArticle(url=url, site=site, site_kind="news", sketch="{}", index_hashes=hashes, updated=updated, **kw)


@pytest.mark.parametrize("backend", BACKENDS)
def test_delete_articles_removes_everything_of_them(backend: str, new_uri: Any) -> None:
    a, b, c, d = (f"https://{x}.example/1" for x in "abcd")
    with open_store(new_uri(backend)) as store:
        store.put_article(_art(a, (1, 2), 10.0, canonical_url="https://a.example/canon"))
        store.put_article(_art(b, (2, 3), 20.0))
        store.put_article(_art(c, (3,), 30.0, site="t"))
        store.put_article(_art(d, (9,), 40.0))
        store.set_links(a, {b: LINK_IN, c: LINK_BOTH})
        store.set_clusters({a: "ca", b: "ca", c: "cc", d: "cd"},
                           {"ca": (a, "date"), "cc": (c, "only_member"), "cd": (d, "only_member")})
        store.put_verdict(a, "syndication", {"role": "original"})
        store.put_verdict(a, "sourceCheck", {"verdict": "no_claim"})
        store.put_verdict(b, "syndication", {"role": "copy"})
        assert store.stale_articles(35.0, 10) == [a, b, c]
        assert store.stale_articles(35.0, 2) == [a, b] and store.stale_articles(10.0, 5) == []

        assert store.delete_articles([a, c, "https://missing.example/"]) == 2
        assert store.count_articles() == 2 and sorted(store.article_urls()) == [b, d]
        assert store.get_article(a) is None and store.find_article("https://a.example/canon") is None
        assert store.find_article("https://a.example/1/") is None
        assert store.lookup_hashes([1, 2, 3]) == {2: [b], 3: [b]}
        assert store.hash_site_max([1, 2, 3, 9]) == {2: 1, 3: 1, 9: 1}  # site t's count of 3 gone
        assert store.get_links([b, a]) == {b: {}, a: {}}  # the other side too
        assert store.get_cluster("cc") is None  # left without members
        kept = store.get_cluster("ca")
        assert kept is not None and kept.members == (b,)  # divided again by prune(), not here
        assert store.get_verdict(a, "syndication") is None and store.get_verdict(a, "sourceCheck") is None
        assert store.get_verdict(b, "syndication") == {"role": "copy"}
        assert store.stale_articles(100.0, 10) == [b, d]
        # an article stored again under a deleted URL starts afresh
        store.put_article(_art(a, (1,), 50.0))
        assert store.lookup_hashes([1]) == {1: [a]} and store.get_article(a).cluster_id is None  # type: ignore[union-attr]


@pytest.mark.parametrize("backend", BACKENDS)
def test_expire_verdicts_by_the_time_each_was_stored(backend: str, new_uri: Any) -> None:
    with open_store(new_uri(backend)) as store:
        store.put_verdict("https://a.example/1", "claimFetch", {"outcome": "unreachable"})
        store.put_verdict("https://b.example/1", "syndication", {"role": "unique"})
        cutoff = time.time()
        while time.time() <= cutoff:
            time.sleep(0.001)
        store.put_verdict("https://b.example/1", "sourceCheck", {"verdict": "no_claim"})
        assert store.expire_verdicts(cutoff) == 2
        assert store.get_verdict("https://a.example/1", "claimFetch") is None
        assert store.get_verdict("https://b.example/1", "syndication") is None
        assert store.get_verdict("https://b.example/1", "sourceCheck") == {"verdict": "no_claim"}
        assert store.expire_verdicts(cutoff) == 0


def _alone(uri: str, records: list[dict[str, Any]]) -> dict[str, Any]:
    """The state of a store that only ever held ``records``."""
    with open_store(uri) as store:
        for r in records:
            assign(store, r)
        return snapshot(store, records)


def _assign_in_two_ages(store: StateStore, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> float:
    """Assign ``old``, then ``new``; a time between the two (the cutoff that prunes ``old``)."""
    for r in old:
        assign(store, r)
    cutoff = time.time()
    while time.time() <= cutoff:
        time.sleep(0.001)
    for r in new:
        assign(store, r)
    return cutoff


SPLITS = 6


@pytest.mark.parametrize("backend", BACKENDS)
def test_pruned_state_is_the_state_of_the_articles_kept(backend: str, new_uri: Any) -> None:
    """Whatever part of the corpus gets old (originals whose copies stay, part of a site whose
    template was boilerplate, copies of kept originals), pruning it leaves exactly the links,
    clusters, originals and fields that the kept records alone give, in batches of any size."""
    records = corpus()
    cfg = DedupConfig.from_settings()
    changes = reelected = 0
    for seed in range(SPLITS):
        rng = random.Random(seed)
        shuffled = rng.sample(records, len(records))
        cut = rng.randrange(len(records) // 4, 3 * len(records) // 4)
        old, new = shuffled[:cut], shuffled[cut:]
        expected = _alone(new_uri(backend), new)
        with open_store(new_uri(backend)) as store:
            cutoff = _assign_in_two_ages(store, old, new)
            before = snapshot(store, new)
            gone = {r["url"] for r in old}
            reelected += sum(orig in gone and any(m not in gone for m in members)
                             for members, orig, _ in before["clusters"].values())
            done = None
            while done is None or done.more:  # a few articles a run, in small batches
                done = prune(store, cfg, cutoff, limit=rng.randrange(3, 12), batch=rng.randrange(1, 5))
                changes += done.boilerplate_changes
            assert store.count_articles() == len(new) and store.stale_articles(cutoff, 1) == []
            assert store.count_relink_hashes() == 0
            assert snapshot(store, new) == expected, seed
    assert reelected > 0 and changes > 0  # the splits pruned originals of kept copies, and template pages


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_template_that_stops_being_boilerplate_links_its_pages_again(backend: str, new_uri: Any) -> None:
    """Seven pages of one site share a template (boilerplate from the sixth): pruning the four
    oldest leaves three, so the template counts again and the kept pages link to each other, as
    three pages alone would."""
    pages = [{"url": f"https://tpl.example/p/{i}", "site": "tpl", "siteKind": "aggregator",
              "articleBody": "\n".join([paragraphs(900 + i, n=1, words=4)[0], TEMPLATE])} for i in range(7)]
    cfg = DedupConfig.from_settings()
    expected = _alone(new_uri(backend), pages[4:])
    with open_store(new_uri(backend)) as store:
        cutoff = _assign_in_two_ages(store, pages[:4], pages[4:])
        assert not any(snapshot(store, pages[4:])["links"].values())  # the template is boilerplate
        done = prune(store, cfg, cutoff, limit=100)
        assert (done.articles, done.more) == (4, False) and done.boilerplate_changes > 0 and done.relinked == 3
        assert snapshot(store, pages[4:]) == expected
    assert any(expected["links"].values())  # three pages share the template: it is not boilerplate


async def _run_stage(state: str, tmp_path: Path, settings: dict[str, Any], items: list[Article]) -> dict[str, Any]:
    sites = tmp_path / "sites.toml"
    sites.write_text(SITES, encoding="utf-8")
    crawler = project_crawler({"STATE_URI": state, "EXTRACTION_WORKERS": 0, **settings}, NewsSpider)
    crawler.spider = crawler._create_spider(sites=str(sites))
    assert crawler.stats is not None
    crawler.stats.open_spider()
    pipeline = build_from_crawler(StateStagesPipeline, crawler)
    await pipeline.open_spider()
    for item in items:
        await pipeline.process_item(item)
    await pipeline.close_spider()
    return crawler.stats.get_stats()


def _post(i: int) -> Article:
    return Article(url=f"http://127.0.0.1:8004/p/{i}", site="portal", siteKind="aggregator",
                   articleBody="\n".join(paragraphs(1200 + i, n=3)))


@deferred_f_from_coro_f
async def test_the_stage_prunes_when_it_opens(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A run indexes five posts; the next, with a retention shorter than the time since, removes
    at most ``DEDUP_RETENTION_MAX_PER_RUN`` of them before its first item, says so and counts
    it; the run after removes the rest. The default retention removes nothing this young."""
    state = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    stats = await _run_stage(state, tmp_path, {}, [_post(i) for i in range(5)])
    assert stats.get("dedup/pruned") == 0 and "dedup/prune_left" not in stats
    time.sleep(0.05)
    short = {"DEDUP_RETENTION_DAYS": 0.02 / 86400, "DEDUP_RETENTION_MAX_PER_RUN": 3}
    with caplog.at_level(logging.INFO, logger="crawler.pipelines.syndication"):
        stats = await _run_stage(state, tmp_path, short, [_post(9)])
    assert stats["dedup/pruned"] == 3 and stats["dedup/prune_left"] == 1
    # by age: the two old posts' (syndication, sourceCheck) verdicts; the pruned posts' went with them
    assert stats["dedup/pruned_verdicts"] == 4
    told = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Retention:")]
    assert len(told) == 1 and "3 articles indexed more than" in told[0] and "more wait" in told[0]
    with open_store(state) as store:
        assert sorted(store.article_urls()) == [_post(i).url for i in (3, 4, 9)]
    time.sleep(0.05)
    stats = await _run_stage(state, tmp_path, {"DEDUP_RETENTION_DAYS": 0.02 / 86400}, [])
    assert stats["dedup/pruned"] == 3 and "dedup/prune_left" not in stats
    with open_store(state) as store:
        assert store.count_articles() == 0
    stats = await _run_stage(state, tmp_path, {"DEDUP_RETENTION_DAYS": 0}, [_post(1)])
    assert "dedup/pruned" not in stats  # switched off


def test_retention_settings() -> None:
    cfg = DedupConfig.from_settings()
    assert (cfg.retention_days, cfg.retention_max) == (365, 10_000)
    cfg = DedupConfig.from_settings({"DEDUP_RETENTION_DAYS": -3, "DEDUP_RETENTION_MAX_PER_RUN": -1})
    assert (cfg.retention_days, cfg.retention_max) == (0, 0)
    assert "retention" not in cfg.links_fingerprint()  # a change of retention derives nothing again


def test_a_schema_2_redis_state_gets_its_time_indexes(redis_server: Any) -> None:
    """A Redis state of schema 2 (no time indexes) is migrated when opened: its articles by their
    ``updated``, its verdicts by the time of the migration (they had none)."""
    import redis as redis_lib

    uri = f"{redis_server.uri}?prefix=mig3-{random.random()}"
    with open_store(uri) as store:
        store.put_article(_art("https://a.example/1", (1,), 10.0))
        store.put_article(_art("https://b.example/1", (2,), 20.0))
        store.put_verdict("https://a.example/1", "syndication", {"role": "unique"})
        prefix = store.prefix  # type: ignore[attr-defined]
    client = redis_lib.Redis.from_url(redis_server.uri, decode_responses=True)
    try:
        client.delete(f"{prefix}updated", f"{prefix}verdict_time")
        client.hset(f"{prefix}meta", "schema_version", "2")
        started = time.time()
        with open_store(uri) as store:
            assert store.get_meta("schema_version") == "3"
            assert store.stale_articles(15.0, 10) == ["https://a.example/1"]
            assert store.expire_verdicts(started) == 0  # stamped at the migration
            assert store.expire_verdicts(time.time() + 1) == 1
    finally:
        client.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_pruning_every_article_leaves_nothing_of_them(backend: str, new_uri: Any) -> None:
    """No index entry, count, link, cluster or verdict outlives its articles (leaks would grow
    the store for ever, which retention is there to stop)."""
    records = corpus()
    uri = new_uri(backend)
    with open_store(uri) as store:
        for r in records:
            assign(store, r)
            store.put_verdict(r["url"], "syndication", {"role": "unique"})
        done = prune(store, DedupConfig.from_settings(), time.time() + 1, limit=10_000)
        assert done.articles == len(records) and store.count_articles() == 0
        if backend == "sqlite":
            conn = store.conn  # type: ignore[attr-defined]
            left = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                    for t in ("articles", "postings", "hashsite", "links", "clusters", "relink", "verdicts")}
            assert left == dict.fromkeys(left, 0)
        else:
            prefix = store.prefix  # type: ignore[attr-defined]
            keys = {k[len(prefix):].split(":")[0] for k in store.r.scan_iter(match=f"{prefix}*")}  # type: ignore[attr-defined]
            assert keys <= {"meta", "next_aid", "n_articles"}, keys


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_article_indexed_again_unchanged_stays_another_period(backend: str, new_uri: Any) -> None:
    """Retention counts from the last time a crawl indexed the article, changed or not (an
    unchanged one refreshes its time at most once a day): a story still on its site stays."""
    seen, gone = (rec_ for rec_ in corpus()[:2])
    cfg = DedupConfig.from_settings()
    with open_store(new_uri(backend)) as store:
        assign(store, seen)
        assign(store, gone)
        store.touch_articles([seen["url"], gone["url"], "https://missing.example/"], 1000.0)  # a year ago, say
        assert store.stale_articles(2000.0, 10) == sorted([seen["url"], gone["url"]])
        assign(store, seen)  # crawled again, unchanged
        updated = store.get_article(seen["url"]).updated  # type: ignore[union-attr]
        assert updated > time.time() - 60
        assign(store, seen)  # again within the day: no write
        assert store.get_article(seen["url"]).updated == updated  # type: ignore[union-attr]
        assert store.stale_articles(2000.0, 10) == [gone["url"]]
        assert prune(store, cfg, 2000.0, limit=10).articles == 1
        assert list(store.article_urls()) == [seen["url"]]


class Cut(Exception):
    """A prune cut short (a kill, a store failure) after a batch removed its articles."""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_prune_cut_short_is_completed_by_the_next(backend: str, new_uri: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The first batch stops after its articles are removed, before their neighbours' clusters
    are divided again. SQLite undoes the batch; Redis keeps the removal and what is left to do,
    which the next prune does first. Either way the end state is that of the kept articles."""
    from crawler.syndication import retention

    records = corpus()
    rng = random.Random(7)
    shuffled = rng.sample(records, len(records))
    old, new = shuffled[: len(records) // 2], shuffled[len(records) // 2:]
    cfg = DedupConfig.from_settings()
    expected = _alone(new_uri(backend), new)
    with open_store(new_uri(backend)) as store:
        cutoff = _assign_in_two_ages(store, old, new)

        def cut(*args: Any) -> None:
            raise Cut

        monkeypatch.setattr(retention, "recluster", cut)
        with pytest.raises(Cut):
            prune(store, cfg, cutoff, limit=1000)
        pending = store.get_meta(retention.PENDING_KEY)
        if backend == "sqlite":
            assert pending is None and store.count_articles() == len(records)  # the batch undone
        else:
            assert pending and store.count_articles() < len(records)  # removed; the rest waits
        monkeypatch.undo()
        prune(store, cfg, cutoff, limit=1000)
        assert store.get_meta(retention.PENDING_KEY) is None
        assert snapshot(store, new) == expected
