"""Claim fetching: the aggregator spider fetches each post's claimed source as evidence.

A claimed URL the crawl has not seen is fetched once per run, within
``SOURCE_CHECK_FETCH_BUDGET``; hosts outside the sites file only with
``SOURCE_CHECK_FETCH_OUTSIDE`` (and the address guard refuses private addresses all the same).
Posts that claim a URL being fetched wait for it and go out together when it arrives, each with
what the fetch gave (``item.claimFetch``), which the source check stage turns into evidence.

:class:`ClaimFetcher` keeps the bookkeeping; the spider's ``parse_claimed`` and ``claim_failed``
callbacks (spider methods, so requests serialise) hand it the outcome.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from crawler.config import SettingsReader
from crawler.items import Article
from crawler.sites import SiteIndex
from crawler.state import StateStore
from crawler.urls import netloc_key

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClaimFetchConfig:
    """Plain settings of claim fetching (``SOURCE_CHECK_FETCH_*``)."""

    enabled: bool
    budget: int
    outside: bool

    @classmethod
    def from_settings(cls, s: SettingsReader) -> ClaimFetchConfig:
        return cls(
            enabled=s.getbool("SOURCE_CHECK_FETCH_CLAIMS"),
            budget=s.getint("SOURCE_CHECK_FETCH_BUDGET"),
            outside=s.getbool("SOURCE_CHECK_FETCH_OUTSIDE"),
        )


@dataclass(frozen=True)
class ClaimTarget:
    """A claimed URL to fetch, and the download slot it goes through."""

    url: str
    slot: str


class ClaimFetcher:
    """Which claimed URLs to fetch, and which posts wait for them."""

    def __init__(self, config: ClaimFetchConfig, sites: SiteIndex, stats: Any) -> None:
        self.config = config
        self.sites = sites
        self.stats = stats
        self.done: dict[str, dict[str, Any]] = {}
        self.pending: dict[str, list[Article]] = {}
        self.fetches = 0

    def target(self, item: Article, claim_url: str | None, store: StateStore | None) -> tuple[ClaimTarget | None, bool]:
        """What to fetch for ``item`` (whose claimed URL normalises to ``claim_url``, None when it
        does not), and whether the item waits for a fetch."""
        if claim_url is None:
            item.claimFetch = {"url": item.claimedSource.url if item.claimedSource else None, "error": "bad_url"}
            return None, False
        if claim_url in self.done:
            item.claimFetch = self.done[claim_url]
            return None, False
        if claim_url in self.pending:
            self.pending[claim_url].append(item)
            return None, True
        refusal = self._refusal(claim_url, store)
        if refusal:
            self.stats.inc_value(f"source_check/fetch/{refusal}")
            return None, False
        self.fetches += 1
        self.stats.inc_value("source_check/fetch/requests")
        self.pending[claim_url] = [item]
        site = self.sites.site_of(claim_url)
        return ClaimTarget(claim_url, f"site:{site.name}" if site else f"host:{netloc_key(claim_url)}"), True

    def _refusal(self, url: str, store: StateStore | None) -> str | None:
        if store is not None and store.find_article(url) is not None:
            return "already_crawled"  # the check reads it from the store
        if self.sites.site_of(url) is None and not self.config.outside:
            return "outside_sites"
        if self.fetches >= self.config.budget:
            return "over_budget"
        return None

    def release(self, url: str, evidence: dict[str, Any]) -> list[Article]:
        """The posts waiting for ``url``, each given the fetch's ``evidence``."""
        self.done[url] = evidence
        items = self.pending.pop(url, [])
        for item in items:
            item.claimFetch = evidence
        return items

    def page_evidence(self, url: str, status: int, final_url: str) -> dict[str, Any]:
        """The start of the evidence of a fetched page (``redirect_home``: a dead link sent to the
        site's home page)."""
        evidence: dict[str, Any] = {"url": url, "status": status, "finalUrl": final_url}
        if urlsplit(url).path.strip("/") and not urlsplit(final_url).path.strip("/"):
            evidence["error"] = "redirect_home"
        else:
            site = self.sites.site_of(final_url)
            evidence["site"] = site.name if site else None
        return evidence

    def held(self, url: str) -> list[Article]:
        """Posts of the article at ``url`` waiting for their claimed source (not written yet)."""
        return [item for items in self.pending.values() for item in items if item.url == url]
