"""Evidence from fetching claimed sources (``item.claimFetch``): used by the check, kept in the store
for ``scrapy recheck``, never a cluster member; and the per-run fetch budget end to end."""

from __future__ import annotations

import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from crawler.items import Article, ClaimedSource
from crawler.pipelines.source_check import SourceCheckPipeline
from crawler.pipelines.syndication import SyndicationPipeline
from crawler.records import open_evaluator, recheck_records
from crawler.source_check import ClaimEvidence, check, is_unreachable, stored_claim_evidence
from crawler.state import open_store
from tests.helpers import project_crawler

SEED = Path(__file__).resolve().parents[1] / "crawler/sampleweb/data/seed_000_aa87f1e3245c7cf3.txt"
JPOST = ("https://www.jpost.com/Arab-Israeli-Conflict/"
         "Palestinians-say-500-prisoners-in-Israeli-jails-to-start-hunger-strike-558836")
HAARETZ = "https://www.haaretz.com/israel-news/lieberman-meets-russian-counterpart-in-moscow-amid-syria-tensions-1.6123"
HUNGER = ("Some 500 Palestinian prisoners held in Israeli jails will begin an open-ended hunger strike on Monday "
          "to protest administrative detention, the Palestinian Prisoners Club said. Detainees are held without "
          "charge or trial under the policy, which Israel says security requires. Rights groups have long "
          "criticised the practice, and families of the prisoners plan rallies outside the Red Cross offices.")


def _seed_body() -> str:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[: next(i for i, ln in enumerate(lines) if ln.startswith("Article source:"))])


class Stages:
    """The two pipeline stages as Scrapy builds them, on a real SQLite store."""

    def __init__(self, tmp_path: Path, **settings: Any) -> None:
        self.state = f"sqlite:///{tmp_path / 'state.db'}"
        self.crawler = project_crawler({"STATE_URI": self.state, **settings})
        self.crawler.stats.open_spider()  # type: ignore[union-attr]
        self.synd = SyndicationPipeline.from_crawler(self.crawler)
        self.check = SourceCheckPipeline.from_crawler(self.crawler)
        self.synd.open_spider()
        self.check.open_spider()
        self.items: list[Article] = []

    def __call__(self, item: Article) -> Article:
        out = self.check.process_item(self.synd.process_item(item))
        self.items.append(out)
        return out

    def close(self) -> None:
        self.synd.close_spider()
        self.check.close_spider()

    def stat(self, key: str) -> Any:
        return self.crawler.stats.get_value(key)  # type: ignore[union-attr]

    def records(self) -> list[dict[str, Any]]:
        """The items as exported (no ``claimFetch``)."""
        from itemadapter import ItemAdapter

        from crawler.items import RECORD_FIELDS

        return [{k: ItemAdapter(it).asdict()[k] for k in RECORD_FIELDS} for it in self.items]


def _post(url: str, claimed: str | None, body: str, fetch: dict[str, Any] | None = None, **kw: Any) -> Article:
    return Article(url=url, site=kw.get("site", "blog"), siteKind="aggregator", headline=kw.get("headline"),
                   articleBody=body, datePublished=kw.get("date", "2018-05-31T14:00:00Z"),
                   claimedSource=ClaimedSource(url=claimed, text=f"Article source: {claimed}") if claimed else None,
                   claimFetch=fetch)


def test_seed_case_with_the_fetched_claimed_page(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    stages = Stages(tmp_path)
    original = Article(url=HAARETZ, site="haaretz", siteKind="news", articleBody=_seed_body(),
                       headline="Lieberman Meets Russian Counterpart in Moscow Amid Israel-Iran Tensions in Syria",
                       datePublished="2018-05-31T10:12:00+03:00")
    stages(original)
    fetch = {"url": JPOST, "status": 200, "finalUrl": JPOST, "site": "jpost",
             "headline": "Palestinians say 500 prisoners in Israeli jails to start hunger strike",
             "articleBody": HUNGER, "canonicalUrl": JPOST, "datePublished": "2018-05-30T14:40:00+03:00"}
    post = stages(_post("https://israelnewsblog.example/2018/05/lieberman.html", JPOST, _seed_body(), fetch,
                        headline="Lieberman Meets Russian Counterpart in Moscow"))
    with caplog.at_level(logging.INFO, logger="crawler.pipelines.source_check"):
        stages.close()
    assert post.syndication.role == "copy" and post.syndication.duplicateOf == HAARETZ
    assert asdict(post.sourceCheck) == {"status": "mismatch",
                                "reasons": ["slug_mismatch", "content_mismatch", "publisher_mismatch"],
                                "originalUrl": HAARETZ}
    assert stages.stat("source_check/evidence/page") == 1
    assert ("Source check: 0 match, 1 mismatch (slug_mismatch 1, content_mismatch 1, publisher_mismatch 1), "
            "0 missing, 0 unverified, 1 none; evidence from fetched claims: 1 page") in caplog.text
    with open_store(stages.state) as store:
        # the fetched page is evidence, not an article: no cluster, no role changes
        assert store.find_article(JPOST) is None
        assert store.count_articles() == 2
        assert stored_claim_evidence(store, JPOST).outcome == "page"  # type: ignore[union-attr]
    # recheck sees the same evidence without the item's claimFetch, whatever the order
    for order in (stages.records(), stages.records()[::-1]):
        with open_evaluator({"STATE_URI": stages.state}) as evaluator:
            out, _ = recheck_records(order, evaluator)
        checks = {r["url"]: r["sourceCheck"] for r in out}
        assert checks[post.url] == asdict(post.sourceCheck)
        assert checks[HAARETZ] == {"status": "none", "reasons": [], "originalUrl": HAARETZ}  # now known original


@pytest.mark.parametrize(
    ("fetch", "expected"),
    [
        ({"error": "http_404"}, {"status": "mismatch", "reasons": ["source_unreachable"]}),
        ({"error": "dns"}, {"status": "mismatch", "reasons": ["source_unreachable"]}),
        ({"error": "CannotResolveHostError"}, {"status": "mismatch", "reasons": ["source_unreachable"]}),
        ({"error": "DownloadTimeoutError"}, {"status": "mismatch", "reasons": ["source_unreachable"]}),
        ({"status": 200, "finalUrl": "https://paper.example/", "error": "redirect_home"},
         {"status": "mismatch", "reasons": ["source_unreachable"]}),
        ({"error": "not_allowed"}, {"status": "unverified", "reasons": []}),  # the address guard, robots.txt
        ({"error": "http_403"}, {"status": "unverified", "reasons": []}),  # turned away, not gone
        ({"status": 200, "notArticle": "not_article"}, {"status": "unverified", "reasons": []}),
        # a numeric-only slug: the page itself holds the post
        ({"status": 200, "headline": "Tomato growers rejoice", "articleBody": "BODY"},
         {"status": "match", "reasons": []}),
        # a numeric-only slug whose page is another story: its title and text contradict the claim
        ({"status": 200, "headline": "Palestinians say 500 prisoners in Israeli jails to start hunger strike",
          "articleBody": HUNGER}, {"status": "mismatch", "reasons": ["slug_mismatch", "content_mismatch"]}),
    ],
)
def test_fetch_outcomes(tmp_path: Path, fetch: dict[str, Any], expected: dict[str, Any]) -> None:
    claimed = "https://paper.example/news/558836"
    body = ("Tomato growers in the valley say the warm spring brought the earliest harvest in a decade, "
            "and markets across the region are full of ripe fruit. Farmers expect prices to fall as supply "
            "grows, while restaurants plan festivals to celebrate the season and its unusual abundance.")
    fetch = {"url": claimed, **{k: (body if v == "BODY" else v) for k, v in fetch.items()}}
    stages = Stages(tmp_path)
    item = stages(_post("https://blog.example/2024/05/tomatoes.html", claimed, body, fetch,
                        headline="Tomato growers rejoice"))
    stages.close()
    original = claimed if expected["status"] == "match" else None
    assert asdict(item.sourceCheck) == {**expected, "originalUrl": original}
    assert item.syndication.role == "unique"
    with open_evaluator({"STATE_URI": stages.state}) as evaluator:
        out, _ = recheck_records(stages.records(), evaluator)
    assert out[0]["sourceCheck"] == asdict(item.sourceCheck)
    assert out[0]["syndication"]["role"] == "unique"  # the fetched page joined no cluster


def test_correct_claim_fetched_after_the_original_was_crawled(tmp_path: Path) -> None:
    """The claimed page IS the original, crawled by the news spider and fetched again as a claim."""
    stages = Stages(tmp_path)
    original = stages(Article(url=HAARETZ, site="haaretz", siteKind="news", articleBody=_seed_body(),
                              datePublished="2018-05-31T10:12:00+03:00"))
    fetch = {"url": HAARETZ, "status": 200, "finalUrl": HAARETZ, "site": "haaretz", "headline": "Lieberman",
             "articleBody": _seed_body(), "canonicalUrl": HAARETZ}
    post = stages(_post("https://blog.example/p/1", HAARETZ, _seed_body()[:1500], fetch))
    stages.close()
    assert asdict(post.sourceCheck) == {"status": "match", "reasons": [], "originalUrl": HAARETZ}
    assert post.syndication.role == "copy"
    with open_store(stages.state) as store:
        assert store.get_cluster(original.syndication.clusterId).original == HAARETZ  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("error", "unreachable"),
    [("http_404", True), ("http_410", True), ("http_500", True), ("dns", True), ("timeout", True),
     ("refused", True), ("DownloadConnectionRefusedError", True), ("redirect_home", True), ("bad_url", True),
     ("not_allowed", False), ("IgnoreRequest", False), ("http_403", False), ("http_429", False),
     ("SomethingElse", False), (None, False)],
)
def test_unreachable_errors(error: str | None, unreachable: bool) -> None:
    assert is_unreachable(error) is unreachable
    if error:
        ev = ClaimEvidence.from_fetch({"url": "https://x.example/a", "error": error})
        assert ev.outcome == ("unreachable" if unreachable else "no_evidence")


def test_check_without_store_evidence_uses_the_record(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        rec = {"url": "https://blog.example/x", "articleBody": "words " * 30,
               "claimedSource": {"url": "https://paper.example/a/1"},
               "claimFetch": {"url": "https://paper.example/a/1", "error": "http_404"}}
        assert check(store, rec, {"role": "unique"})["reasons"] == ["source_unreachable"]
        assert check(store, {k: v for k, v in rec.items() if k != "claimFetch"}, {"role": "unique"})["status"] \
            == "unverified"  # nothing kept in the store by check() itself
