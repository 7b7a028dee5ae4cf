"""Run the claimed-source development set through the product's real path and score it.

Every original and post goes through ``extract_article``; posts' claims are kept as the spider
keeps them; the crawled originals and all posts are indexed with ``crawler.syndication.assign``
in a fixed shuffled order on a real SQLite store, with the claimed pages' fetch evidence kept
by ``record_claim_fetch``; each post is then judged from the store (``evaluate`` + ``check``,
as ``scrapy recheck`` does).
"""

from __future__ import annotations

import random
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.extraction import NotArticle, extract_article
from crawler.source_check import check, record_claim_fetch, registered_domain
from crawler.state import open_store
from crawler.syndication import assign, evaluate
from crawler.urls import netloc_key, normalize_url, url_key

from .corpus import Case, Original


@dataclass
class Result:
    """What the product made of one post."""

    case: Case
    claim: dict[str, Any] | None
    status: str
    reasons: list[str]
    error: str | None = None

    @property
    def found(self) -> str | None:
        return (self.claim or {}).get("url")

    @property
    def claim_right(self) -> bool:
        return self.found is not None and url_key(self.found) == url_key(self.case.truth)


def _extract(html: str | bytes, url: str) -> dict[str, Any] | None:
    try:
        return extract_article(html, url, {"Content-Type": "text/html; charset=utf-8"})
    except NotArticle:
        return None


def spider_claim(claim: dict[str, Any] | None, url: str, hosts: set[str]) -> dict[str, Any] | None:
    """The record's ``claimedSource`` as ``SiteSpider.claimed_source`` keeps it."""
    if not claim or not claim.get("url"):
        return None
    try:
        claimed = normalize_url(claim["url"])
    except ValueError:
        return None
    if claim.get("kind") in ("canonical", "og:url") and (netloc_key(claimed) in hosts or claimed == url):
        return None
    out = {"url": claim["url"], "text": claim.get("text") or claim["url"]}
    out.update((k, claim[k]) for k in ("kind", "strength") if claim.get(k))
    return out


def _fetch(claimed: str, known: dict[str, tuple[Original, dict[str, Any]]], homes: set[str],
           site_of: Callable[[str], str | None]) -> dict[str, Any] | None:
    """``claimFetch`` as the spider would make it for a claimed URL the set knows."""
    key = url_key(claimed)
    if key in known:
        _original, f = known[key]  # type: ignore[index]
        return {"url": claimed, "status": 200, "finalUrl": claimed, "site": site_of(claimed),
                "headline": f.get("headline"), "articleBody": f.get("articleBody"),
                "canonicalUrl": f.get("canonicalUrl"), "datePublished": f.get("datePublished")}
    if key in homes:
        return {"url": claimed, "status": 200, "finalUrl": claimed, "site": site_of(claimed),
                "notArticle": "not_article"}
    return None


def run(cases: list[Case], seed: int = 7) -> list[Result]:
    """Judge every case (originals indexed once, shared by all)."""
    originals = {c.original.url: c.original for c in cases}
    extracted: dict[str, dict[str, Any]] = {}
    for url, o in originals.items():
        fields = _extract(o.html, url)
        if fields is not None:
            extracted[url] = fields
    crawled = {c.original.url for c in cases if c.crawled and c.original.url in extracted}
    sites = {o.host: registered_domain(o.host) for o in originals.values()}
    crawled_hosts = {urlsplit(u).hostname for u in crawled}

    def site_of(url: str) -> str | None:
        host = (urlsplit(url).hostname or "").lower()
        return sites.get(host) if host in crawled_hosts else None

    known = {url_key(u): (originals[u], f) for u, f in extracted.items()}
    homes = {url_key(o.home) for o in originals.values()}
    records: list[dict[str, Any]] = []
    for n, url in enumerate(sorted(crawled)):
        f = extracted[url]
        records.append({"url": url, "canonicalUrl": f.get("canonicalUrl"), "site": sites[originals[url].host],
                        "siteKind": "news", "headline": f.get("headline"), "articleBody": f.get("articleBody"),
                        "datePublished": f"2024-03-01T{n % 24:02d}:00:00+00:00", "claimedSource": None})
    posts: list[tuple[Case, dict[str, Any] | None, str | None]] = []
    for n, c in enumerate(cases):
        fields = _extract(c.html, c.url)
        if fields is None:
            posts.append((c, None, "not_article"))
            continue
        claim = spider_claim(fields.get("claimedSource"), c.url, {netloc_key(c.url)})
        rec = {"url": c.url, "canonicalUrl": fields.get("canonicalUrl"), "site": c.template, "siteKind": "aggregator",
               "headline": fields.get("headline"), "articleBody": fields.get("articleBody"),
               "datePublished": f"2024-03-05T{n % 24:02d}:{n % 60:02d}:00+00:00", "claimedSource": claim}
        fetch = _fetch(claim["url"], known, homes, site_of) if claim and c.fetch else None  # type: ignore[arg-type]
        if fetch is not None:
            rec["claimFetch"] = fetch
        posts.append((c, rec, None))
        records.append(rec)
    order = list(records)
    random.Random(seed).shuffle(order)
    out: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'state.sqlite3'}")
        try:
            for rec in order:
                record = {k: v for k, v in rec.items() if k != "claimFetch"}
                assign(store, record)
                if rec.get("claimFetch"):
                    record_claim_fetch(store, rec["claimFetch"], (record.get("claimedSource") or {}).get("url"))
            for c, rec, error in posts:
                if rec is None:
                    out.append(Result(c, None, "error", [], error))
                    continue
                record = {k: v for k, v in rec.items() if k != "claimFetch"}
                sc = check(store, record, evaluate(store, record), site_of=site_of)
                out.append(Result(c, rec.get("claimedSource"), sc["status"], sc["reasons"]))
        finally:
            store.close()
    return out


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def score(results: Iterable[Result]) -> dict[str, Any]:
    """The figures of the issue's targets over ``results``."""
    rs = list(results)
    claimed = [r for r in rs if r.case.truth]
    found = [r for r in rs if r.found]
    wrong = [r for r in rs if r.case.label == "wrong"]
    flagged = [r for r in rs if r.status == "mismatch"]
    missing = [r for r in rs if r.case.label == "missing"]
    honest = [r for r in rs if r.case.label in ("correct", "none")]
    return {
        "posts": len(rs),
        "claims": len(claimed),
        "claim recall": _ratio(sum(r.claim_right for r in claimed), len(claimed)),
        "claim precision": _ratio(sum(r.claim_right for r in found), len(found)),
        "mismatch precision": _ratio(sum(r.case.label == "wrong" for r in flagged), len(flagged)),
        "mismatch recall": _ratio(sum(r.status == "mismatch" for r in wrong), len(wrong)),
        "missing recall": _ratio(sum(r.status == "missing" for r in missing), len(missing)),
        "false flags": _ratio(sum(r.status in ("mismatch", "missing") for r in honest), len(honest)),
        "not extracted": sum(r.status == "error" for r in rs),
    }


def breakdown(results: Iterable[Result], axis: str) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        groups[str(getattr(r.case, axis))].append(r)
    return {k: score(v) for k, v in sorted(groups.items())}
