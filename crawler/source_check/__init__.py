"""Source check: is the source a post claims ("Article source: URL", "via", ...) borne out?

``check(store, record, syndication)`` returns the record's ``sourceCheck`` field::

    {"status": "none" | "match" | "mismatch" | "missing" | "unverified",
     "reasons": [...], "originalUrl": url | None}

Evidence comes from three places: the post itself (its text and headline), the state store
(crawled articles, their clusters and originals) and what fetching the claimed URL gave (the
spider's ``claimFetch`` dict, turned into a :class:`ClaimEvidence` and kept in the store by
:func:`record_claim_fetch`, so ``scrapy recheck`` sees it later without the item).

Evidence against a claim (``reasons``, always in the order of :data:`REASONS`):

* ``slug_mismatch``: the claimed page's title (when it was crawled or fetched), else the words of
  the claimed URL's slug, are mostly absent from the post's headline and body (stop words,
  numbers, ids ignored; simple stemming; inflected endings tolerated). Slugs and titles that are
  only numbers, hashes, or words of scripts written without reliable word breaks (Han, kana,
  Hangul, Thai) give no evidence either way.
* ``content_mismatch``: the claimed page was crawled or fetched, its text was compared with the
  post's (the syndication stage's containment measure, both ways, boilerplate shingles ignored)
  and neither holds much of the other (below ``content_mismatch_below``). Between that and the
  match threshold the texts neither confirm nor contradict the claim.
* ``publisher_mismatch``: the post is a copy whose cluster original (a news site's article) is on
  another publisher than the claimed URL: not the same site of the sites file, and not the same
  host:port (local hosts) or registered domain (real hosts, bundled public suffix list).
* ``source_unreachable``: fetching the claimed URL failed: HTTP 404/410 and other 4xx/5xx, DNS
  failure, timeout, connection refused or lost, a redirect to the home page, a malformed URL.
  Fetches the crawler chose not to make or that the server refused to a crawler (the address
  guard, robots.txt, HTTP 401/403/407/429/451) give no evidence.

Positive evidence (status ``match``): the claimed URL (or the page it redirected to, or that
page's canonical URL) is the cluster original's URL or canonical URL after normalisation, or the
claimed page is in the post's cluster, or the claimed page's text holds the post's (or the post
holds the page's) at the match threshold. No evidence either way: ``unverified``. A copy that
names no source: ``missing`` with ``unattributed_copy``. No claim and not a copy: ``none``.

The package, one module per kind of evidence: :mod:`.words` (slug and title), :mod:`.publisher`,
:mod:`.evidence` (fetched claimed pages), :mod:`.rules` (the check itself), :mod:`.config`.
No Scrapy imports: the pipeline and ``scrapy recheck`` call the same :func:`check`.
"""

from __future__ import annotations

from crawler.source_check.config import SourceCheckConfig
from crawler.source_check.evidence import (
    EVIDENCE_KIND,
    ClaimEvidence,
    claim_key,
    is_unreachable,
    normalize_error,
    record_claim_fetch,
    stored_claim_evidence,
)
from crawler.source_check.publisher import registered_domain, same_publisher
from crawler.source_check.rules import REASONS, check
from crawler.source_check.words import slug_evidence, slug_overlap, slug_words, stem, title_evidence

__all__ = [
    "EVIDENCE_KIND",
    "REASONS",
    "ClaimEvidence",
    "SourceCheckConfig",
    "check",
    "claim_key",
    "is_unreachable",
    "normalize_error",
    "record_claim_fetch",
    "registered_domain",
    "same_publisher",
    "slug_evidence",
    "slug_overlap",
    "slug_words",
    "stem",
    "stored_claim_evidence",
    "title_evidence",
]
