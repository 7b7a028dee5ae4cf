"""The check: one small function per rule, in the order they are tried.

:func:`check` returns the record's ``sourceCheck`` field. First the positive evidence (the claim
names the cluster's original, the claimed page is in the post's cluster, or its text holds the
post's); then the evidence against it, every rule adding its reason; no evidence either way is
``unverified``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from crawler.source_check.config import SourceCheckConfig
from crawler.source_check.evidence import ClaimEvidence, stored_claim_evidence
from crawler.source_check.publisher import same_publisher
from crawler.source_check.words import slug_evidence, title_evidence
from crawler.state.base import StateStore, StoredArticle
from crawler.syndication.boilerplate import boilerplate
from crawler.syndication.sketch import Sketch, containment_counts, full_sketch, record_sketch, record_text
from crawler.urls import url_key

REASONS = ("slug_mismatch", "content_mismatch", "publisher_mismatch", "source_unreachable", "unattributed_copy")

SiteOf = Callable[[str], str | None]


def result(status: str, reasons: Iterable[str], original: str | None) -> dict[str, Any]:
    """A ``sourceCheck`` field (reasons in the order of :data:`REASONS`)."""
    wanted = set(reasons)
    return {"status": status, "reasons": [r for r in REASONS if r in wanted], "originalUrl": original}


@dataclass
class Claim:
    """Everything the rules look at for one post and its claimed URL."""

    record: Mapping[str, Any]
    url: str
    role: str | None
    cluster_id: str | None
    original: str | None
    claimed: str
    evidence: ClaimEvidence | None
    orig_article: StoredArticle | None = None
    claimed_article: StoredArticle | None = None
    reasons: set[str] = field(default_factory=set)

    @property
    def fetched(self) -> ClaimEvidence | None:
        """The fetch evidence when the fetch gave an article."""
        return self.evidence if self.evidence is not None and self.evidence.outcome == "page" else None

    def claimed_urls(self) -> list[str]:
        """The claimed URL, the page it redirected to, and that page's canonical URL."""
        urls = [self.claimed]
        ev = self.evidence
        if ev is not None and ev.outcome in ("page", "not_article") and ev.final_url:
            urls.append(ev.final_url)
        if self.fetched is not None and self.fetched.canonical_url:
            urls.append(self.fetched.canonical_url)
        return urls

    def text(self) -> str:
        """The post's headline and text, what slugs and titles are compared with."""
        return " ".join(x for x in (self.record.get("headline"), record_text(self.record)) if isinstance(x, str))


def _original(syn: Mapping[str, Any], url: str) -> str | None:
    role = syn.get("role")
    if role == "copy":
        return syn.get("duplicateOf")
    return url if role == "original" else None


def _claimed_url(record: Mapping[str, Any]) -> str | None:
    claim = record.get("claimedSource")
    claimed = claim.get("url") if isinstance(claim, Mapping) else None
    return claimed.strip() if isinstance(claimed, str) and claimed.strip() else None


def _evidence(
    store: StateStore,
    record: Mapping[str, Any],
    claimed: str,
    given: ClaimEvidence | Mapping[str, Any] | None,
    cfg: SourceCheckConfig,
) -> ClaimEvidence | None:
    """The given evidence, else the record's ``claimFetch``, else what the store keeps."""
    if given is None and isinstance(record.get("claimFetch"), Mapping):
        given = record["claimFetch"]
    if isinstance(given, Mapping):
        return ClaimEvidence.from_fetch(given, cfg)
    return given if given is not None else stored_claim_evidence(store, claimed)


# --- positive evidence -----------------------------------------------------------------------


def names_original(c: Claim) -> bool:
    """The claimed URL (or where it led) is the cluster original's URL or canonical URL."""
    if not c.original:
        return False
    keys = {url_key(c.original)}
    if c.orig_article is not None:
        keys |= {url_key(c.orig_article.url), url_key(c.orig_article.canonical_url)}
    keys.discard(None)
    return any(url_key(u) in keys for u in c.claimed_urls())


def in_same_cluster(c: Claim) -> bool:
    """The claimed page was crawled and is in the post's cluster."""
    return c.claimed_article is not None and bool(c.cluster_id) and c.claimed_article.cluster_id == c.cluster_id


def _containment(full: Sketch, other: Sketch, ignore: set[int], min_base: int) -> float | None:
    """The larger containment of either text in the other (None when no direction is decided)."""
    best: float | None = None
    for a, b in ((full, other), (other, full)):
        shared, base = containment_counts(a, b, ignore)
        if base >= min_base:
            best = max(best or 0.0, shared / base)
    return best


def text_containment(store: StateStore, c: Claim, cfg: SourceCheckConfig) -> float | None:
    """The best containment between the post and the claimed page (crawled or fetched)."""
    pages = [s for s in (c.claimed_article.sketch if c.claimed_article else None,
                         c.fetched.sketch if c.fetched else None) if s]
    if not pages:
        return None
    dcfg = cfg.dedup
    full = record_sketch(c.record, dcfg.shingle_size)
    sketches = [Sketch.from_json(s) if s else full_sketch(()) for s in pages]
    ignore = boilerplate(store, full.hashes.union(*(s.hashes for s in sketches)), dcfg)
    values = [v for v in (_containment(full, s, ignore, dcfg.min_base) for s in sketches) if v is not None]
    return max(values) if values else None


# --- evidence against ------------------------------------------------------------------------


def words_contradict(c: Claim, cfg: SourceCheckConfig) -> bool:
    """The claimed page's title (crawled or fetched), else the claimed URL's slug, is mostly
    absent from the post (``slug_mismatch``)."""
    titles = [t for t in (c.fetched.headline if c.fetched else None,
                          c.claimed_article.headline if c.claimed_article else None) if t]
    text = c.text()
    lang = c.record.get("inLanguage") if isinstance(c.record.get("inLanguage"), str) else None
    said = next((e for e in (title_evidence(t, text, cfg, lang) for t in titles) if e is not None), None)
    if said is None:
        said = slug_evidence(c.claimed, text, cfg, lang)
    return bool(said)


def other_publisher(c: Claim, site_of: SiteOf | None) -> bool:
    """The post copies an original (a news site's article) on another publisher than the claimed
    URL: not the same site of the sites file, nor the same host:port or registered domain."""
    orig = c.orig_article
    if c.role != "copy" or not c.original or (orig is not None and orig.site_kind == "aggregator"):
        return False
    orig_urls = [c.original] + ([orig.canonical_url] if orig and orig.canonical_url else [])
    claimed_sites = {s for s in (
        c.fetched.site if c.fetched else None,
        c.claimed_article.site if c.claimed_article else None,
        site_of(c.claimed) if site_of else None,
    ) if s}
    if orig is not None and orig.site and orig.site in claimed_sites:
        return False
    claimed_urls = c.claimed_urls()
    return not any(same_publisher(o, u) for o in orig_urls for u in claimed_urls)


def claimed_page(store: StateStore, c: Claim) -> StoredArticle | None:
    """The crawled article at the claimed URL: not the post itself, nor another aggregator post
    found through its canonical URL (a post whose canonical claims the page is not the page)."""
    found = store.find_article(c.claimed)
    if found is None or found.url == c.url:
        return None
    if found.site_kind == "aggregator" and url_key(found.url) not in {url_key(u) for u in c.claimed_urls()}:
        return None
    return found


# --- the check -------------------------------------------------------------------------------


def check(
    store: StateStore,
    record: Mapping[str, Any],
    syndication: Mapping[str, Any] | None = None,
    config: SourceCheckConfig | None = None,
    *,
    evidence: ClaimEvidence | Mapping[str, Any] | None = None,
    site_of: SiteOf | None = None,
) -> dict[str, Any]:
    """The record's ``sourceCheck`` field, given its ``syndication`` field (default: the record's).

    ``evidence``: what fetching the claimed URL showed (a :class:`ClaimEvidence` or the spider's
    ``claimFetch`` dict); default: the record's ``claimFetch``, else what the store keeps for
    the claimed URL. ``site_of``: the sites file's site name of a URL (None: not in the file).
    """
    cfg = config or SourceCheckConfig.from_settings()
    syn = syndication if syndication is not None else (record.get("syndication") or {})
    url = str(record["url"])
    original = _original(syn, url)
    claimed = _claimed_url(record)
    if claimed is None:
        return result("missing", ["unattributed_copy"], original) if syn.get("role") == "copy" else \
            result("none", [], original)
    c = Claim(record, url, syn.get("role"), syn.get("clusterId"), original, claimed,
              _evidence(store, record, claimed, evidence, cfg))
    if original:
        c.orig_article = store.get_article(original) or store.find_article(original)
    if names_original(c):
        return result("match", [], original)
    c.claimed_article = claimed_page(store, c)
    if in_same_cluster(c):
        return result("match", [], original or c.claimed_article.url)  # type: ignore[union-attr]
    contained = text_containment(store, c, cfg)
    if contained is not None and contained >= cfg.threshold:
        return result("match", [], original or (c.claimed_article.url if c.claimed_article else claimed))
    if contained is not None and contained < cfg.content_mismatch_below:
        c.reasons.add("content_mismatch")
    if c.evidence is not None and c.evidence.outcome == "unreachable":
        c.reasons.add("source_unreachable")
    if words_contradict(c, cfg):
        c.reasons.add("slug_mismatch")
    if other_publisher(c, site_of):
        c.reasons.add("publisher_mismatch")
    return result("mismatch", c.reasons, original) if c.reasons else result("unverified", [], original)
