"""The article item: one output record, field names as in the product contract (SPEC)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Every key of the output record, in output order.
RECORD_FIELDS: tuple[str, ...] = (
    "url",
    "canonicalUrl",
    "site",
    "siteKind",
    "headline",
    "articleBody",
    "description",
    "datePublished",
    "dateModified",
    "authors",
    "inLanguage",
    "mainImage",
    "claimedSource",
    "syndication",
    "sourceCheck",
    "metadata",
)


@dataclass
class Article:
    """One article as written to the JSON lines output.

    Pipelines fill ``syndication`` and ``sourceCheck``; everything else comes from the spider
    and the extraction. Handle it through ``itemadapter.ItemAdapter``.
    """

    url: str
    site: str
    siteKind: str
    canonicalUrl: str | None = None
    headline: str | None = None
    articleBody: str | None = None
    description: str | None = None
    datePublished: str | None = None
    dateModified: str | None = None
    authors: list[dict[str, str]] | None = None
    inLanguage: str | None = None
    mainImage: dict[str, str] | None = None
    claimedSource: dict[str, str] | None = None
    syndication: dict[str, Any] | None = None
    sourceCheck: dict[str, Any] | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    #: Not exported: what fetching the claimed source gave (see ``SiteSpider.parse_claimed``),
    #: evidence for the source check stage.
    claimFetch: dict[str, Any] | None = None
