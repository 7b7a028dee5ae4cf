"""Evidence from fetching a claimed URL, kept in the state store so reruns see it too.

The aggregator spider fetches claimed sources the crawl has not seen and hands the item what that
gave (``claimFetch``: status, final URL, the page's headline and body, or an error). Here it
becomes a :class:`ClaimEvidence` and is kept as a verdict entry under the claimed URL
(:func:`record_claim_fetch`), so ``scrapy recheck`` reaches the same verdicts without the item.

Fetch errors are short codes (:func:`normalize_error`). Those that say the source is not there
(HTTP 4xx/5xx, DNS failure, timeout, refused or lost connection, a redirect to the home page, a
malformed URL) are ``unreachable``; fetches the crawler chose not to make, or that the server
refused to a crawler (the address guard, robots.txt, HTTP 401/403/407/429/451), give no evidence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crawler.source_check.config import SourceCheckConfig
from crawler.state.base import StateStore
from crawler.syndication.sketch import make_sketch, record_text, shingle_hashes
from crawler.urls import url_key

#: Verdict kind under which the evidence of a fetched claimed URL is kept in the state store
#: (keyed by :func:`claim_key` of the claimed URL).
EVIDENCE_KIND = "claimFetch"

#: Fetch errors that say nothing about the claim: the crawler did not try (address guard,
#: robots.txt, offsite) or the server turned a crawler away.
NO_EVIDENCE_ERRORS = frozenset({"not_allowed", "http_401", "http_403", "http_407", "http_429", "http_451",
                                "cancelled"})
#: Exception names (Scrapy, Twisted) -> the short error codes of ``claimFetch``.
ERROR_CODES = {
    "DNSLookupError": "dns", "CannotResolveHostError": "dns",
    "TimeoutError": "timeout", "TCPTimedOutError": "timeout", "DownloadTimeoutError": "timeout",
    "ConnectionRefusedError": "refused", "DownloadConnectionRefusedError": "refused",
    "ConnectError": "refused", "NoRouteError": "refused",
    "ConnectionLost": "connection_lost", "ConnectionDone": "connection_lost", "ResponseFailed": "connection_lost",
    "ResponseNeverReceived": "connection_lost", "DownloadFailedError": "connection_lost",
    "ResponseDataLossError": "connection_lost", "PotentialDataLoss": "connection_lost",
    "UnsupportedURLSchemeError": "bad_url", "NotSupported": "bad_url",
    "IgnoreRequest": "not_allowed", "DownloadCancelledError": "cancelled", "CancelledError": "cancelled",
}
_UNREACHABLE_ERRORS = frozenset({"dns", "timeout", "refused", "connection_lost", "redirect_home", "bad_url"})
_HTTP_ERROR_RE = re.compile(r"^http_(\d{3})$")


def claim_key(url: str | None) -> str | None:
    """The state-store key of a claimed URL's fetch evidence."""
    key = url_key(url)
    return f"claim:{key}" if key else None


def normalize_error(error: str | None) -> str | None:
    """A fetch error as a short code (``DNSLookupError`` -> ``dns``; ``http_404`` stays)."""
    if not error:
        return None
    return ERROR_CODES.get(error, error)


def is_unreachable(error: str | None) -> bool:
    """Whether a fetch error says the claimed source is not there (see the module docstring)."""
    code = normalize_error(error)
    if not code or code in NO_EVIDENCE_ERRORS:
        return False
    m = _HTTP_ERROR_RE.match(code)
    if m:
        return 400 <= int(m.group(1)) <= 599
    return code in _UNREACHABLE_ERRORS


@dataclass(frozen=True)
class ClaimEvidence:
    """What fetching a claimed URL showed, in the form kept in the state store.

    ``outcome`` is ``"page"`` (an article was extracted: ``sketch``, ``headline``...),
    ``"not_article"``, ``"unreachable"`` (``error`` says why) or ``"no_evidence"`` (the fetch
    was refused or turned away; ``error`` says why).
    """

    url: str
    outcome: str
    error: str | None = None
    status: int | None = None
    final_url: str | None = None
    site: str | None = None
    headline: str | None = None
    canonical_url: str | None = None
    date_published: str | None = None
    sketch: str | None = None

    @classmethod
    def from_fetch(cls, fetch: Mapping[str, Any], cfg: SourceCheckConfig | None = None) -> ClaimEvidence:
        """From the spider's ``claimFetch`` dict (see ``SiteSpider.parse_claimed``)."""
        cfg = cfg or SourceCheckConfig.from_settings()
        url = str(fetch.get("url") or "")
        status = fetch.get("status") if isinstance(fetch.get("status"), int) else None
        common: dict[str, Any] = {"url": url, "status": status, "final_url": fetch.get("finalUrl") or None}
        error = normalize_error(fetch.get("error"))
        if error:
            outcome = "unreachable" if is_unreachable(error) else "no_evidence"
            return cls(outcome=outcome, error=error, **common)
        site = fetch.get("site") if isinstance(fetch.get("site"), str) else None
        body = fetch.get("articleBody")
        if fetch.get("notArticle") or not isinstance(body, str) or not body.strip():
            return cls(outcome="not_article", error=str(fetch.get("notArticle") or "empty"), site=site, **common)
        text = record_text({"articleBody": body, "headline": fetch.get("headline")})
        d = cfg.dedup
        sample = make_sketch(shingle_hashes(text, d.shingle_size), d.sample_mod, d.sample_floor)
        return cls(outcome="page", site=site, headline=fetch.get("headline") or None,
                   canonical_url=fetch.get("canonicalUrl") or None, date_published=fetch.get("datePublished") or None,
                   sketch=sample.to_json(), **common)

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "outcome": self.outcome, "error": self.error, "status": self.status,
                "finalUrl": self.final_url, "site": self.site, "headline": self.headline,
                "canonicalUrl": self.canonical_url, "datePublished": self.date_published, "sketch": self.sketch}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ClaimEvidence:
        return cls(url=str(d.get("url") or ""), outcome=str(d.get("outcome") or "no_evidence"), error=d.get("error"),
                   status=d.get("status"), final_url=d.get("finalUrl"), site=d.get("site"),
                   headline=d.get("headline"), canonical_url=d.get("canonicalUrl"),
                   date_published=d.get("datePublished"), sketch=d.get("sketch"))


def record_claim_fetch(
    store: StateStore,
    fetch: Mapping[str, Any],
    claimed_url: str | None = None,
    config: SourceCheckConfig | None = None,
) -> ClaimEvidence | None:
    """Keep what fetching a claimed URL showed in the store (a verdict entry, not an article, so
    the claimed page never joins a cluster or changes any crawled record's role) and return it.

    Stored under the claimed URL as the post names it (``claimed_url``) and as it was fetched.
    """
    evidence = ClaimEvidence.from_fetch(fetch, config)
    value = evidence.to_dict()
    keys = {k for k in (claim_key(claimed_url), claim_key(evidence.url)) if k}
    for key in sorted(keys):
        store.put_verdict(key, EVIDENCE_KIND, value)
    return evidence if keys else None


def stored_claim_evidence(store: StateStore, claimed_url: str) -> ClaimEvidence | None:
    """The fetch evidence of a claimed URL kept by :func:`record_claim_fetch`, or None."""
    key = claim_key(claimed_url)
    value = store.get_verdict(key, EVIDENCE_KIND) if key else None
    return ClaimEvidence.from_dict(value) if value else None
