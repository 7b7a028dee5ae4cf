"""``extract_article``: HTML, URL and headers in, article fields out (pure; no Scrapy)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from crawler.dates import date_in_lines, date_in_url, dated_lines
from crawler.items import EXTRACTED_FIELDS
from crawler.urls import absolute_url

from . import metadata
from .backup import better, in_doubt, overlay_texts, trafilatura_lines
from .blocks import text_words
from .body import MainText, main_text, without_trailing_headings, word_count
from .body import body_html as body_html_of
from .claimed_source import claimed_source
from .collector import paused
from .decision import MIN_WORDS, Evidence, is_article
from .decoding import decode_page, header_map
from .errors import NotArticle
from .marked_date import marked_date
from .media import Player
from .media import media as media_of
from .parsing import base_url, parse_html, read_as_shown, strip_never_text
from .post_zones import norm
from .registry import rules_for
from .structured import StructuredData, extract_structured

#: Ask trafilatura for a second opinion where the block pass is in doubt (``backup.py``).
BACKUP = True
#: An attribution line is a line: one of more words than this that holds a claim ("... a game
#: about privacy online. (via BoingBoing)", "Originally published on ...: When you visit ...")
#: is a paragraph of the text, which stays in the body (the claim is reported all the same).
#: The longest attribution lines of the development sources have 23 words.
CLAIM_LINE_WORDS = 40

#: Keys of the returned dict: the output record's extracted fields (``crawler.items``).
FIELDS: tuple[str, ...] = EXTRACTED_FIELDS


@dataclass
class Outcome:
    """What ``analyse`` found: the fields (None when nothing parsed) and why it is no article
    (None for an article)."""

    fields: dict[str, Any] | None
    reason: str | None
    #: What the decision read (None when nothing parsed, or when not asked for).
    evidence: Evidence | None = None


def analyse(
    html: bytes | str,
    url: str | bytes | None = None,
    headers: Mapping[Any, Any] | Iterable[tuple[Any, Any]] | None = None,
    *,
    min_words: int = MIN_WORDS,
    listed: bool = False,
    pattern_match: bool = False,
    strict: bool = False,
    evidence: bool = True,
) -> Outcome:
    """Like :func:`extract_article`, but never raises :class:`NotArticle`: a refused page
    still gives the fields found (the benchmark scores them). The cyclic garbage collector is
    held off meanwhile (``collector.py``). With ``evidence=False`` the outcome leaves out what
    the decision read, and the page's tree and blocks are freed before the collector is back:
    its next collection then has only the fields to look at, not the whole page."""
    _check_options(html, min_words, listed=listed, pattern_match=pattern_match, strict=strict)
    with paused():
        outcome = _analyse(html, address(url), header_map(headers), min_words, listed, pattern_match, strict)
        if not evidence:
            outcome.evidence = None  # the last reference to the tree and the blocks
    return outcome


def _check_options(html: object, min_words: object, **flags: object) -> None:
    """A clear :class:`TypeError` for an argument of the wrong type (the compiled modules would
    raise one that names no argument, or an ``AttributeError``)."""
    if html is not None and not isinstance(html, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"html must be bytes or str, not {type(html).__name__}")
    if isinstance(min_words, bool) or not isinstance(min_words, int):
        raise TypeError(f"min_words must be an int, not {type(min_words).__name__}")
    for name, value in flags.items():
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be a bool, not {type(value).__name__}")


def address(url: str | bytes | None) -> str:
    """The page's address as the extraction reads it: ``""`` for an unknown one (``None``),
    bytes as UTF-8 (an undecodable byte replaced). Anything else is a caller's mistake."""
    if url is None:
        return ""
    if isinstance(url, str):
        return url
    if isinstance(url, (bytes, bytearray)):
        return bytes(url).decode("utf-8", "replace")
    raise TypeError(f"url must be a str, bytes or None, not {type(url).__name__}")


def _analyse(
    html: bytes | str, url: str, headers: Mapping[Any, Any] | None, min_words: int, listed: bool, pattern_match: bool,
    strict: bool,
) -> Outcome:
    try:
        page = decode_page(html, headers)
        tree = parse_html(page.text, page.utf8)
    except NotArticle as exc:
        return Outcome(None, exc.reason)
    record, found = _fields(tree, url, headers, min_words)
    accepted = is_article(found, min_words, listed=listed, pattern_match=pattern_match, strict=strict)
    return Outcome(record, None if accepted else "not_article", found)


def extract_article(
    html: bytes | str,
    url: str | bytes | None = None,
    headers: Mapping[Any, Any] | Iterable[tuple[Any, Any]] | None = None,
    *,
    min_words: int = MIN_WORDS,
    listed: bool = False,
    pattern_match: bool = False,
    strict: bool = False,
) -> dict[str, Any]:
    """Extract one article's fields from a page.

    ``url`` is the address the page was fetched from; ``None`` (or ``""``, or a ``file:`` URL) when
    it is not known, as for a page read from a file: the address the page states for itself (``<link
    rel=canonical>``, else ``og:url``, when absolute) stands for it (relative links made
    absolute, a date in the address, the site's home page, the claimed source's own site).
    ``headers`` maps header names to str, bytes or lists of bytes (Scrapy's ``Headers`` work), or
    is a sequence of ``(name, value)`` pairs.
    Provenance hints, from how the crawl found the URL (leave them False when unknown, as
    for a page reached through an index link):

    - ``listed``: a sitemap ``<url>`` entry (news sitemaps too) or an RSS/Atom item lists it;
    - ``pattern_match``: the site's ``article_pattern`` matches the URL.

    With either hint the page is an article unless no text is found; without, the decision
    reads the page's structured data, shape and prose (``decision.py``), and bodies under
    ``min_words`` words (never fewer than ``decision.MIN_WORDS``) are refused. ``strict``: that
    decision's stricter threshold (``decision.STRICT_THRESHOLD``), for a caller who would rather
    lose a few articles than take other pages (service, documentation, listing pages) for
    articles; on the development data's held-out pages, 3.4% of articles refused instead of
    0.4%, 18.8% of the other pages accepted instead of 31.4%. Raises
    :class:`NotArticle` (reason ``empty``, ``binary``, ``too_large``, ``not_article``) for
    pages that are not articles (``None`` as ``html``: ``empty``), and :class:`TypeError`,
    naming the argument, for an argument of another type.
    """
    outcome = analyse(html, url, headers, min_words=min_words, listed=listed, pattern_match=pattern_match,
                      strict=strict, evidence=False)
    if outcome.reason is not None or outcome.fields is None:
        raise NotArticle(outcome.reason or "empty")
    return outcome.fields


def _fields(tree: Any, url: str, headers: Mapping[Any, Any] | None, min_words: int) -> tuple[dict[str, Any], Evidence]:
    players: list[Player] = []
    media = read_as_shown(tree, players)
    data = extract_structured(tree)
    url, base, canonical, og_url = _addresses(tree, data, url)
    headline = metadata.headline(tree, data, base)
    published, modified, published_raw, modified_raw = metadata.dates(tree, data, url)
    authors = metadata.authors(tree, data, base)
    strip_never_text(tree)
    shown = metadata.shown_headline(tree, headline, base)
    titles = metadata.title_variants(tree, data, headline)
    own = metadata.title_variants(tree, data, headline, headings=False)
    main = main_text(tree, rules_for(url), frozenset(), titles, base, own)
    lines = main.lines
    words = word_count(main.text)
    if BACKUP and in_doubt(main.shape, words):
        other = trafilatura_lines(tree, url, overlay_texts(main), titles, lines)
        if better(other, words):
            lines = other
    lines = without_trailing_headings(lines)
    body = "\n".join(line.text for line in lines)
    claim, claim_lines = claimed_source(tree, base, url, canonical, og_url, data=data, headline=headline, body=body,
                                        media=media, walk=main.walk)
    if claim_lines:  # attribution lines are reported as the claim, never left in the body
        lines = [line for line in lines
                 if norm(line.text) not in claim_lines or word_count(line.text) > CLAIM_LINE_WORDS]
        body = "\n".join(line.text for line in lines)
    body_html = body_html_of(lines)
    if body != main.text:  # counted once when the body is the block pass's text as it was
        words = word_count(body)
    backup = metadata.structured_body(data) if words < 2 * max(min_words, 40) else None
    if backup and word_count(backup) > 2 * words:
        body, body_html, words = backup, None, word_count(backup)
    # bylines and datelines: around the text's start, then beside the headline
    publisher = authors is not None and metadata.names_the_site(authors, data)
    byline = main.lead + main.by_headline(titles) if published is None or authors is None or publisher else []
    if published is None:
        published, published_raw = date_in_lines(byline)
    if published is None:
        published = published_raw = date_in_url(url)
    # the decision's evidence: not the marked date below; a date without its year by the headline
    dated = published is not None or dated_lines(byline)
    if published is None:
        published, published_raw = metadata.webpage_date(data)
    if published is None:
        published, published_raw = marked_date(main, titles)
    if published is None:  # a post's footer's byline or dateline ("Posted by Jane Roe at ...", "Posted: 10.29.2012")
        published, published_raw = date_in_lines(metadata.datelines(main.trail))
    if authors is None or publisher:
        authors = _named_in_text(main, byline, tree, base, publisher) or authors
    image = metadata.main_image(data, base)
    images = ([image] if image else []) + [i for i in main.images if not image or i["url"] != image["url"]]
    videos, audios = media_of(players, main.nodes, data, base)
    record: dict[str, Any] = {
        "headline": shown,
        "articleBody": body or None,
        "description": metadata.description(data),
        "datePublished": published,
        "dateModified": modified,
        "dateModifiedRaw": modified_raw,
        "authors": authors,
        "inLanguage": metadata.language(tree, data, headers, body),
        "canonicalUrl": canonical or og_url,
        "mainImage": image,
        "claimedSource": claim,
        "articleBodyHtml": body_html,
        "images": images or None,
        "breadcrumbs": _breadcrumbs(data.breadcrumbs, base),
        "videos": videos,
        "audios": audios,
        "datePublishedRaw": published_raw,
    }
    evidence = Evidence(data, main.shape, words, url, dated, bool(authors), tree, main,
                        text_words(headline) if headline else 0)
    return {name: record[name] if name in _ADDRESSES else composed(record[name]) for name in FIELDS}, evidence


def _addresses(tree: Any, data: StructuredData, url: str) -> tuple[str, str, str | None, str | None]:
    """``(url, base, canonical, og_url)``: the page's address, the base its links are resolved
    against, and the two addresses it states for itself. An unknown address (``""``, or no web
    address: a ``file:`` URL of a saved page, ``about:blank``) is the one the page states
    (``<link rel=canonical>``, else ``og:url``), when either is absolute."""
    base = base_url(tree, url)
    canonical, og_url = metadata.canonical_url(tree, data, base)
    if (canonical or og_url) and not url.lower().startswith(("http://", "https://")):
        url = canonical or og_url or ""
        base = base_url(tree, url)
    return url, base, canonical, og_url


def _named_in_text(
    main: MainText, byline: list[str], tree: Any, base: str, publisher: bool
) -> list[dict[str, str]] | None:
    """The authors the page's text names, with the address their name links to: a byline near
    the text's start or the headline, then in the post's footer, then an element marked as the
    author's. Where the metadata gave the site's own name (``publisher``), a byline only."""
    found = metadata.byline_author(byline) or metadata.byline_author(main.trail)
    if found is None and not publisher:
        found = metadata.marked_author(tree)
    return metadata.linked(found, tree, base) if found else None


#: Fields and keys holding an address, whose characters are the address (``composed`` leaves them).
_ADDRESSES = frozenset({"canonicalUrl", "url"})


def composed(value: Any) -> Any:
    """``value`` with its text in Unicode's composed form (NFC), in lists and dicts too.

    Pages mix forms: an umlaut or an accent typed as a letter and a combining mark ("u" +
    U+0308) stands beside the precomposed "ü", and Bengali or Hindi text holds letters with a
    nukta both ways. The two forms look the same and read differently: a search, a quotation
    looked up in the body or a copy of the story written in the other form would not find the
    text. The record gives one form, the one the W3C asks of text on the web (and trafilatura
    gives); ASCII text is left as it is without being read (``str.isascii`` knows it).
    Addresses (a dict's ``url``) are left as they are: a server names a file by its code
    points, and a "Café.jpg" written with a combining accent, composed, would name another one."""
    if isinstance(value, str):
        if value.isascii() or unicodedata.is_normalized("NFC", value):
            return value
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [composed(item) for item in value]
    if isinstance(value, dict):
        return {key: item if key in _ADDRESSES else composed(item) for key, item in value.items()}
    return value


def _breadcrumbs(crumbs: list[dict[str, str]], base: str) -> list[dict[str, str]] | None:
    """The breadcrumb trail with absolute http(s) URLs (others dropped, the step kept)."""
    out = []
    for crumb in crumbs:
        step = {"name": crumb["name"]}
        link = absolute_url(base, crumb.get("url"))
        if link:
            step["url"] = link
        out.append(step)
    return out or None
