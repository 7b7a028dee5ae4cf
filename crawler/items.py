"""The output record as typed classes: one :class:`Article` per line of the JSON lines output.

Field names follow zyte-common-items' ``Article`` (schema.org casing); every field is written in
every record, ``null`` when unknown. Nested parts are typed classes too and export as JSON
objects (Scrapy's exporters and ``ItemAdapter`` treat dataclasses as items). The field lists the
rest of the project uses derive from here: :data:`RECORD_FIELDS` (``FEED_EXPORT_FIELDS``, the JSON
Schema test) and :data:`EXTRACTED_FIELDS` (what ``crawler.extraction.extract_article`` returns).

Pipelines and ``scrapy recheck`` work on the record as a plain dict (:func:`record_of`, which
gives what ``ItemAdapter(item).asdict()`` gives, or a parsed JSON line): :meth:`Syndication.from_dict` and
:meth:`SourceCheck.from_dict` turn their verdicts back into typed parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class Author:
    """One author of the article."""

    name: str
    """The author's name as the page gives it, without "By"."""
    url: str | None = None
    """The author's page (absolute URL), when the page links one (JSON-LD ``url``, ``rel=author``)."""
    nameRaw: str | None = None
    """The text the name was read from, as the page gives it: the metadata's value, or the
    byline ("By Jane Roe and John Doe | Reuters")."""


@dataclass
class Image:
    """An image of the article."""

    url: str
    """The image's absolute URL."""


@dataclass
class Video:
    """A video of the article (its file, or its player's embed address)."""

    url: str
    """The video's absolute URL."""


@dataclass
class Audio:
    """An audio of the article (its file, or its player's embed address)."""

    url: str
    """The audio's absolute URL."""


@dataclass
class Breadcrumb:
    """One step of the page's breadcrumb trail (from its JSON-LD ``BreadcrumbList``)."""

    name: str
    """The step's label."""
    url: str | None = None
    """The step's URL, when given."""


@dataclass
class ClaimedSource:
    """The source the page claims to copy ("Article source: URL", "via", a cross-site canonical)."""

    url: str
    """The claimed URL as the page gives it (made absolute)."""
    text: str
    """The attribution as found on the page (the line, or the URL for a link element)."""
    kind: str | None = None
    """How the page gives it: ``text`` (a URL written out), ``link``, ``original-source`` or
    ``syndication-source`` (``<meta>`` tags), ``isBasedOn`` (schema.org), ``canonical``, ``og:url``."""
    strength: str | None = None
    """``strong``, ``medium`` or ``weak``: the strongest claim of a page is the one reported."""


@dataclass
class Syndication:
    """Which story the article belongs to, across sites and runs."""

    clusterId: str
    """The story's cluster: every copy of one story, on any site and in any run, shares it."""
    role: str
    """``original`` (the elected original of its cluster), ``copy`` or ``unique`` (alone)."""
    duplicateOf: str | None = None
    """For a copy: the URL of the cluster's original."""
    containment: float | None = None
    """For a copy: the share of its text found in the original (boilerplate ignored)."""

    @classmethod
    def from_dict(cls, value: Mapping[str, Any]) -> Syndication:
        return cls(clusterId=value["clusterId"], role=value["role"], duplicateOf=value.get("duplicateOf"),
                   containment=value.get("containment"))


@dataclass
class SourceCheck:
    """Whether the claimed source is borne out by the evidence."""

    status: str
    """``none``, ``match``, ``mismatch``, ``missing`` (a copy naming no source) or ``unverified``."""
    reasons: list[str] = field(default_factory=list)
    """The evidence against the claim: ``slug_mismatch``, ``content_mismatch``,
    ``publisher_mismatch``, ``source_unreachable``, ``unattributed_copy``."""
    originalUrl: str | None = None
    """The original of the article's cluster (itself when it is the original)."""

    @classmethod
    def from_dict(cls, value: Mapping[str, Any]) -> SourceCheck:
        return cls(status=value["status"], reasons=list(value.get("reasons") or []),
                   originalUrl=value.get("originalUrl"))


@dataclass
class Metadata:
    """How and when the record was made."""

    dateDownloaded: str
    """When the page was fetched: UTC, ISO 8601 with ``Z`` (``2026-12-01T06:26:42Z``)."""
    discoveredVia: str | None = None
    """How the crawl found the page: ``sitemap``, ``feed`` or ``index``."""
    httpStatus: int | None = None
    """The HTTP status of the page's response."""
    spider: str | None = None
    """The spider that wrote the record (``news`` or ``aggregator``)."""


@dataclass(kw_only=True)
class Article:
    """One article as written to the JSON lines output (one line per article, fields in this
    order).

    Pipelines fill ``syndication`` and ``sourceCheck``; everything else comes from the spider
    and the extraction (fields marked ``extracted``). Handle it through ``itemadapter.ItemAdapter``.
    """

    url: str
    """The article's URL after redirects, normalised (no fragment, no tracking parameters)."""
    canonicalUrl: str | None = field(default=None, metadata={"extracted": True})
    """The page's ``rel=canonical`` (or ``og:url``) URL."""
    site: str
    """The name of the site (its ``[[site]]`` entry in the sites file)."""
    siteKind: str
    """``news`` or ``aggregator``."""
    headline: str | None = field(default=None, metadata={"extracted": True})
    """The article's title."""
    articleBody: str | None = field(default=None, metadata={"extracted": True})
    """The clean text of the article, paragraphs separated by a newline."""
    articleBodyHtml: str | None = field(default=None, metadata={"extracted": True})
    """The article as simplified HTML: one ``<article>`` of ``<p>``, ``<h2>``-``<h6>``,
    ``<ul><li>``, ``<blockquote>``, ``<pre>`` (text only, escaped; Zyte's normalised form)."""
    description: str | None = field(default=None, metadata={"extracted": True})
    """The page's summary of the article (from its metadata)."""
    datePublished: str | None = field(default=None, metadata={"extracted": True})
    """When the article was published (ISO 8601; a zone only when the page gives one)."""
    datePublishedRaw: str | None = field(default=None, metadata={"extracted": True})
    """The publication date as the page writes it (metadata value, byline text or URL date)."""
    dateModified: str | None = field(default=None, metadata={"extracted": True})
    """When the article was last modified (ISO 8601)."""
    dateModifiedRaw: str | None = field(default=None, metadata={"extracted": True})
    """The modification date as the page writes it (its metadata's value)."""
    authors: list[Author] | None = field(default=None, metadata={"extracted": True})
    """The article's authors."""
    inLanguage: str | None = field(default=None, metadata={"extracted": True})
    """The language of the article: an ISO 639-1 code (``en``), as declared by the page unless
    its text says otherwise, or detected from the text."""
    mainImage: Image | None = field(default=None, metadata={"extracted": True})
    """The article's main image."""
    images: list[Image] | None = field(default=None, metadata={"extracted": True})
    """The article's images: the main image first, then those in the article's text."""
    breadcrumbs: list[Breadcrumb] | None = field(default=None, metadata={"extracted": True})
    """The page's breadcrumb trail, from the site's root down."""
    videos: list[Video] | None = field(default=None, metadata={"extracted": True})
    """The article's videos: those its metadata declares (schema.org ``video``, ``og:video``),
    then the players in its text (``crawler.extraction.media``)."""
    audios: list[Audio] | None = field(default=None, metadata={"extracted": True})
    """The article's audios, found as its videos are."""
    claimedSource: ClaimedSource | None = field(default=None, metadata={"extracted": True})
    """The source the page claims, or None."""
    syndication: Syndication | None = None
    """The article's story cluster and role in it (filled by the syndication stage)."""
    sourceCheck: SourceCheck | None = None
    """The verdict on the claimed source (filled by the source check stage)."""
    metadata: Metadata | None = None
    """How and when the record was made."""
    claimFetch: dict[str, Any] | None = field(default=None, metadata={"exported": False})
    """Not exported: what fetching the claimed source gave (see ``crawler.spiders.claims``),
    evidence for the source check stage."""
    textSample: dict[str, Any] | None = field(default=None, metadata={"exported": False})
    """Not exported: the sample of the article's text its extraction worker made for the
    syndication stage (``crawler.syndication.prepared``)."""


#: Every key of the output record, in output order (``FEED_EXPORT_FIELDS``).
RECORD_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Article) if f.metadata.get("exported", True))

#: The record's fields that ``extract_article`` fills from the page, in output order.
EXTRACTED_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Article) if f.metadata.get("extracted"))


def authors(value: Any) -> list[Author] | None:
    """Extracted authors (``[{"name": ..., "url": ...}]``) as typed parts."""
    return [Author(**a) for a in value] if value else None


def image(value: Mapping[str, Any] | None) -> Image | None:
    """An extracted image (``{"url": ...}``) as a typed part."""
    return Image(**value) if value else None


def images(value: Any) -> list[Image] | None:
    """Extracted images (``[{"url": ...}]``) as typed parts."""
    return [Image(**i) for i in value] if value else None


def videos(value: Any) -> list[Video] | None:
    """Extracted videos (``[{"url": ...}]``) as typed parts."""
    return [Video(**v) for v in value] if value else None


def audios(value: Any) -> list[Audio] | None:
    """Extracted audios (``[{"url": ...}]``) as typed parts."""
    return [Audio(**a) for a in value] if value else None


def breadcrumbs(value: Any) -> list[Breadcrumb] | None:
    """An extracted breadcrumb trail (``[{"name": ..., "url": ...}]``) as typed parts."""
    return [Breadcrumb(**b) for b in value] if value else None


#: Values :func:`record_of` keeps as they are (``dataclasses.asdict`` deep-copies them, which
#: gives the same object back for these immutable types).
_ATOMIC = frozenset({str, int, float, bool, type(None)})
#: The record and its parts, which :func:`record_of` converts itself: their fields, in order.
_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls))
    for cls in (Article, Author, Image, Breadcrumb, ClaimedSource, Syndication, SourceCheck, Metadata)
}


class _Unusual(Exception):
    """A value :func:`_plain` leaves to ``dataclasses.asdict``."""


def _plain(value: Any) -> Any:
    """``value`` as ``dataclasses.asdict`` converts a field: the record's parts as dicts, lists and
    dicts copied, atomic values as they are; :class:`_Unusual` for anything else."""
    kind = type(value)
    if kind in _ATOMIC:
        return value
    names = _FIELDS.get(kind)
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if kind is list:
        return [_plain(v) for v in value]
    if kind is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    raise _Unusual


def record_of(item: Any) -> dict[str, Any]:
    """``item`` as a plain dict, nested parts as dicts: what ``ItemAdapter(item).asdict()`` gives.

    An :class:`Article` holding only its own parts, lists, dicts and atomic values is converted
    here (what ``dataclasses.asdict`` gives, in a quarter of its time: no deep copy of every
    string; the state stages convert every item twice), another one by ``dataclasses.asdict``;
    anything else by ItemAdapter."""
    if type(item) is Article:
        try:
            return _plain(item)  # type: ignore[no-any-return]
        except _Unusual:
            return asdict(item)
    # imported here: itemadapter imports Scrapy (~0.3 s), which the extraction (whose fields this
    # module lists) and its workers' fork server never need
    from itemadapter import ItemAdapter

    return ItemAdapter(item).asdict()
