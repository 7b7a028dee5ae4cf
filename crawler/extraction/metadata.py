"""Per-field decisions for the article metadata (everything but the body and the source).

Order per field, most reliable first: JSON-LD article object, OpenGraph / other ``<meta>``,
microdata, then page structure (``<h1>``, ``<time>``, ``<html lang>``), then htmldate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from itertools import islice
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from crawler.dates import date_in_lines, normalize_date
from crawler.urls import absolute_url

from .boilerplate import normalize
from .decoding import header_value
from .furniture import masthead
from .language import language as detect_language
from .lines import visual_lines
from .structured import StructuredData, plain_text

_BY_PREFIX = re.compile(r"^\s*(by|von|par|por|di|door|av|от|автор)(?:\s*:\s*|\s*-?\s+)", re.I)
#: A byline's prefix after a word of authorship ("Written by", "Posted by", "Words by", "Story
#: by", "Geschrieben von", "Publié par", "Escrito por", "Scritto da"); not a reviewer's, an
#: editor's or a picture's credit ("Reviewed by", "Edited by", "Photo by").
_AUTHORSHIP = (
    r"(?:written|posted|published|words|story|text|article|report(?:ed)?|geschrieben|verfasst|"
    r"veröffentlicht|écrit|publié|escrito|publicado|scritto|pubblicato|geschreven|gepubliceerd)"
)
_BY_VERB_PREFIX = re.compile(rf"^\s*{_AUTHORSHIP}\s+(?:by|von|par|por|da|door)(?:\s*:\s*|\s*-?\s+)", re.I)
#: A byline's name never starts with a word of authorship or of an update ("by Published 7
#: hours ago": a template's empty author; "Posted on").
_NOT_A_NAME = re.compile(
    r"^(?:written|posted|published|updated|geschrieben|verfasst|veröffentlicht|aktualisiert|écrit|publié"
    r"|escrito|publicado|actualizado|scritto|pubblicato|aggiornato|geschreven|gepubliceerd)\b",
    re.I,
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b|\|)\s*", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|«|›)\s+")
#: The marks a title's parts are set apart with, stripped off a part's ends.
_SEPARATOR_MARKS = " |-–—:·•»«›"
#: Separators a ``<title>`` starts with when a template wrote an empty name before them
#: ("» Japanese Graphic Design", "- Pruning Shears - Hiram residents ...").
_LEADING_MARKS = re.compile(r"^[|\-–—:·•»«›]+\s+")

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "datepublished",
    "article.published",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "og:pubdate",
    "article:post_date",
    "cxenseparse:recs:publishtime",
    "citation_publication_date",
    # more names publishers use (the list of htmldate, a maintained date extractor)
    "published-date",
    "published_date",
    "publisheddate",
    "publication_date",
    "date_published",
    "dateposted",
    "dc.date.created",
    "dcterms.issued",
    "og:published_time",
    "og:publish_date",
    "article:publicationdate",
    "rnews:datepublished",
    "originalpublicationdate",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "article:modified",
    "datemodified",
    "og:updated_time",
    "modified_time",
    "article.updated",
    "last-modified",
    "dcterms.modified",
    "dc.date.modified",
    "lastmod",
)
_AUTHOR_META = (
    "author",
    "article:author",
    "og:article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "citation_author",
)


def _text(value: Any, depth: int = 0) -> str | None:
    if depth > 8:  # JSON-LD nested on purpose or by mistake: no value that deep
        return None
    if isinstance(value, list):
        for item in value:
            found = _text(item, depth + 1)
            if found:
                return found
        return None
    if isinstance(value, dict):
        return _text(value.get("@value") or value.get("name"), depth + 1)
    if isinstance(value, (str, int, float)) and str(value).strip():
        return plain_text(str(value)) or None
    return None


def _jsonld(data: StructuredData, key: str) -> Any:
    for node in data.articles:
        value = node.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _strip_site_name(title: str, site_name: str | None) -> str:
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if site_name:
        low = site_name.strip().lower()
        if parts[-1].strip().lower() == low:
            return " - ".join(parts[:-1]).strip() if len(parts) > 2 else parts[0].strip()
        if parts[0].strip().lower() == low:
            return title.split(parts[0], 1)[1].lstrip(_SEPARATOR_MARKS).strip()
    if len(parts[-1].split()) <= 4 and len(parts[0].split()) >= 3:
        return title[: title.rfind(parts[-1])].rstrip(_SEPARATOR_MARKS).strip()
    return title


def _title(tree: HtmlElement) -> str | None:
    """The first text of a ``<title>`` (XPath ``//title/text()``, read through lxml's tag filter:
    no pass over the whole page)."""
    for title in tree.iter("title"):
        texts = title.xpath("text()")
        if texts:
            return str(texts[0])
    return None


def headline(tree: HtmlElement, data: StructuredData, url: str = "") -> str | None:
    """JSON-LD headline, og:title, microdata headline, the page's single ``<h1>``, ``<title>``.
    An ``<h1>`` that is all a link to the site's home page is the site's name (a blog's
    masthead, ``furniture.masthead``; ``url``: the page's, whose folders may be a blog's home):
    not counted, and taken off the ``<title>``. A ``<title>`` that reads "Blog name: Post title"
    where a heading of the page reads the post's title gives that title (:func:`_post_title`)."""
    found = _text(_jsonld(data, "headline")) or _text(_jsonld(data, "name"))
    if found:
        return found
    site_name = data.first("og:site_name", "application-name")
    for candidate in (data.first("og:title", "twitter:title"), data.microdata.get("headline")):
        if candidate:
            text = plain_text(candidate)
            return _post_title(tree, " ".join(text.split())) or _strip_site_name(text, site_name)
    h1s: list[str] = []
    names: list[str] = []
    for h in tree.iter("h1"):
        text = _shown_text(h)
        if text:
            (names if masthead(h, url) else h1s).append(text)
    title = _LEADING_MARKS.sub("", " ".join((_title(tree) or "").split()))
    post = _post_title(tree, title)
    # the post's title unless the page's one <h1> names something the <title> says (a blog's
    # name in an unlinked <h1> is its first part; a logo's "Maps" shares no word with it)
    if post and (not h1s or (len(h1s) == 1 and (normalize(h1s[0]) in (normalize(title.partition(": ")[0]),
                                                                        normalize(post))
                                                 or _dice(h1s[0], title) == 0))):
        return post
    # beside a masthead, the one other <h1> is the headline when it says what the <title> says
    # (not a widget's "More on Bossip!", nor a blog's name under its network's)
    if len(h1s) == 1 and (not names or _dice(h1s[0], title) >= SHOWN_OVERLAP):
        return h1s[0]
    if title:
        if names and not site_name:  # "Blog name: Post title" under the blog's name
            after = _after_name(title, names[0])
            if after != title:
                return after
        return _strip_site_name(title, site_name or (names[0] if names else None))
    return h1s[0] if h1s else (names[0] if names else None)


def _post_title(tree: HtmlElement, title: str) -> str | None:
    """The part of a ``<title>`` after its first colon when a heading of the page (``<h1>`` to
    ``<h3>``) reads it: "Schneier on Security: Micromorts" over ``<h3>Micromorts</h3>``, the
    blog's name before the post's title as Blogger and Movable Type write it."""
    _, colon, rest = title.partition(": ")
    wanted = normalize(rest) if colon else ""
    if not wanted:
        return None
    for heading in islice(tree.iter("h1", "h2", "h3"), _HEADINGS_READ * 5):
        text = heading.text_content()
        if len(text) >= len(wanted) and wanted in (normalize(text), normalize(" ".join(heading.itertext()))):
            return rest.strip()  # (its text as written, or its parts apart: a <br> between two words)
    return None


def _dice(one: str, other: str) -> float:
    """Twice the words ``one`` and ``other`` share over the words of both."""
    first, second = set(_WORD.findall(one.casefold())), set(_WORD.findall(other.casefold()))
    return 2 * len(first & second) / (len(first) + len(second)) if first and second else 0.0


def _after_name(title: str, name: str) -> str:
    """``title`` without the site's ``name`` set before or after it with a colon or another
    separator ("copyranter: top 5 posts of the week" under a blog's masthead "copyranter", "How
    to ... :zenhabits", "danah boyd | apophenia » Three conversations ..." under "danah boyd |
    apophenia"), and without separators left at its start ("» How to ...")."""
    name = " ".join(name.split())
    low, wanted = title.lower(), name.lower()
    found = title
    if low.startswith(wanted) and _a_mark(title[len(name):].lstrip()[:1]):
        found = title[len(name):]
    elif low.endswith(wanted) and _a_mark(title[: -len(name)].rstrip()[-1:]):
        found = title[: -len(name)]
    return found.strip().strip(_SEPARATOR_MARKS).strip() or title


def _a_mark(char: str) -> bool:
    """``char`` is a separator's mark (not a space, not nothing)."""
    return bool(char.strip()) and char in _SEPARATOR_MARKS


#: An ``<h1>`` is the shown form of the metadata headline when the two share at least this
#: (Dice) share of their words (``shown_headline``; chosen on the tuned fold of wcxb-dev).
SHOWN_OVERLAP = 0.4
_HEADLINE_WORDS = 40
#: ``<h1>`` elements read, and elements read in each (a page of thousands is no article's).
_HEADINGS_READ = 20
_WORD = re.compile(r"\w+")


def shown_headline(tree: HtmlElement, found: str | None, url: str = "") -> str | None:
    """The headline as the page shows it: the ``<h1>`` that says what the metadata headline
    ``found`` says (twice the words they share over the words of both at least
    :data:`SHOWN_OVERLAP`; the closest of several), in its own words, else ``found``.

    Metadata titles are written for search engines and social cards ("Event Planning: 7 Steps
    | Accruent", "Recent Trends in Photography" where the page's heading reads "8 Recent Trends
    in Photography"); readers, and the sites that copy a story, see the heading. An ``<h1>``
    that says something else, or a part of it only (the site's name in a logo, a section's
    title such as "Comments"), is not the headline. Call after ``strip_never_text``: a
    heading in a script or template is not shown."""
    if not found:
        return found
    wanted = set(_WORD.findall(found.casefold()))
    best, best_overlap = found, 0.0
    for heading in islice(tree.iter("h1"), _HEADINGS_READ):
        whole = _shown_text(heading)
        if len(whole.split()) > _HEADLINE_WORDS or masthead(heading, url):
            continue
        # the heading, and each element in it that starts or ends it: a kicker over the title
        # ("Open Progress" | "Why collaborative thinking beats individual smarts") is not part
        # of the headline (words set apart in its middle are)
        for part in (heading, *islice(heading.iterdescendants(None), _HEADINGS_READ)):
            if not isinstance(part.tag, str):
                continue
            text = whole if part is heading else _shown_text(part)
            if part is not heading and not (whole.startswith(text) or whole.endswith(text)):
                continue
            for candidate in (text, *_without_dateline(whole, text, part is heading)):
                words = set(_WORD.findall(candidate.casefold()))
                if not words or not wanted or len(candidate.split()) > _HEADLINE_WORDS:
                    continue
                overlap = 2 * len(words & wanted) / (len(words) + len(wanted))
                if overlap >= SHOWN_OVERLAP and overlap > best_overlap:
                    best, best_overlap = candidate, overlap
    return best


def _without_dateline(whole: str, part: str, is_whole: bool) -> tuple[str, ...]:
    """The heading's text without ``part`` when ``part`` starts or ends it and is a date line
    (``<time>Dec 18 2025</time> Preparing a transition``, a "Posted on July 1, 2024 by ..." set
    inside the ``<h1>``): the date is no part of the headline."""
    if is_whole or not part or date_in_lines([part])[0] is None:
        return ()
    rest = whole[len(part):] if whole.startswith(part) else whole[: len(whole) - len(part)]
    rest = rest.strip(" |-–—:·•,")
    return (rest,) if rest else ()


def _shown_text(element: HtmlElement) -> str:
    """The text of ``element`` with its lines (``<br>``, blocks) apart."""
    return " ".join(line.text for line in visual_lines(element))


def title_variants(
    tree: HtmlElement, data: StructuredData, found: str | None, *, headings: bool = True
) -> frozenset[str]:
    """Normalised headline, og/twitter titles, ``<title>`` and ``<h1>``s (``headings=False``:
    not the ``<h1>``s, only what names this page: a page of several stories shows an ``<h1>``
    for each): a body's first lines equal to one of them repeat the title."""
    candidates = [found, data.first("og:title"), data.first("twitter:title")]
    title = _title(tree)
    candidates += [title] if title is not None else []
    candidates += [h.text_content() for h in tree.iter("h1")][:3] if headings else []
    site_name = data.first("og:site_name")
    out = set()
    for candidate in candidates:
        if candidate and candidate.strip():
            candidate = plain_text(candidate)
            out.add(normalize(candidate))
            out.add(normalize(_strip_site_name(candidate, site_name)))
    out.discard("")
    return frozenset(out)


def structured_body(data: StructuredData) -> str | None:
    """JSON-LD ``articleBody`` when it is plain text (no markup), else None.

    On the dev benchmark it scored F1 0.84 against 0.98 for the main-text path on the pages
    that have it (often truncated or a teaser), so it only backs up an empty or short body.
    """
    value = _jsonld(data, "articleBody")
    if not isinstance(value, str):
        return None
    text = "\n".join(line for line in map(plain_text, value.splitlines()) if line)
    return text if text and not re.search(r"</?[a-zA-Z][^>]*>", text) else None


def description(data: StructuredData) -> str | None:
    """JSON-LD description, og:description, ``<meta name=description>``, twitter:description."""
    return (
        _text(_jsonld(data, "description"))
        or _clean(data.first("og:description", "description", "twitter:description", "dc.description"))
        or _clean(data.microdata.get("description"))
    )


def _clean(value: str | None) -> str | None:
    return (plain_text(value) or None) if value else None


def _time_elements(tree: HtmlElement) -> list[str]:
    """``datetime`` of the first three ``<time>`` elements in an ``<article>`` or marked
    ``pubdate``/``itemprop``."""
    found = []
    for element in tree.iter("time"):
        value = element.get("datetime")
        if value is None:
            continue
        if element.get("pubdate") is not None or element.get("itemprop") is not None \
                or next(element.iterancestors("article"), None) is not None:
            found.append(value)
            if len(found) == 3:
                break
    return found


def _first_date(candidates: Iterator[Any]) -> tuple[str | None, str | None]:
    """``(normalised, raw)`` of the first candidate that reads as a date."""
    for raw in candidates:
        text = _text(raw) if not isinstance(raw, str) else raw
        found = normalize_date(text)
        if found:
            return found, " ".join(str(text).split())
    return None, None


def _published_candidates(tree: HtmlElement, data: StructuredData, url: str) -> Iterator[Any]:
    yield _jsonld(data, "datePublished")
    yield from (data.meta.get(k) for k in _PUBLISHED_META)
    yield data.microdata.get("datePublished")
    yield _jsonld(data, "dateCreated")
    yield from _time_elements(tree)


def _modified_candidates(data: StructuredData) -> Iterator[Any]:
    yield _jsonld(data, "dateModified")
    yield from (data.meta.get(k) for k in _MODIFIED_META)
    yield data.microdata.get("dateModified")


def webpage_date(data: StructuredData) -> tuple[str | None, str | None]:
    """``(normalised, raw)`` ``datePublished`` of a JSON-LD ``WebPage`` node (the page itself in a
    ``@graph``: Yoast and other SEO plugins give one on every page, with no article type when
    the site declares none), or ``(None, None)``. The record's date where nothing closer to the
    story gives one; the decision does not read it (every service page of such a site has one)."""
    for node in data.nodes_by_id.values():
        kinds = node.get("@type")
        kinds = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else []
        if any(isinstance(kind, str) and kind.lower() == "webpage" for kind in kinds):
            found = _first_date(iter([node.get("datePublished")]))
            if found[0]:
                return found
    return None, None


def dates(tree: HtmlElement, data: StructuredData, url: str
          ) -> tuple[str | None, str | None, str | None, str | None]:
    """``(datePublished, dateModified, datePublishedRaw, dateModifiedRaw)`` from the page's
    metadata and ``<time>`` elements: ISO 8601 (a zone only when the page gives one), and each
    date as the page wrote it. (Bylines and the URL are read later, by ``article.py``.)"""
    published, raw = _first_date(_published_candidates(tree, data, url))
    modified, modified_raw = _first_date(_modified_candidates(data))
    return published, modified, raw, modified_raw


def _author_names(value: Any, data: StructuredData, depth: int = 0) -> list[tuple[str, str | None]]:
    """``(name, url)`` pairs of a JSON-LD ``author`` value (a person, a reference to one by its
    ``@id``, a list, a string); names left empty are left out."""
    if depth > 4:
        return []
    value = data.resolve(value)
    if isinstance(value, list):
        return [pair for item in value for pair in _author_names(item, data, depth + 1)]
    if isinstance(value, dict):
        url = value.get("url") or value.get("sameAs") or value.get("@id")
        url = url if isinstance(url, str) else None
        name = value.get("name") or value.get("@value") or ""
        return [(found, url) for found, _ in _author_names(name, data, depth + 1)]
    if isinstance(value, str) and value.strip():
        return [(value, None)]
    return []


def _clean_author(name: str) -> str | None:
    name = _BY_PREFIX.sub("", plain_text(name)).strip(" ,;|-–—")
    if not name or len(name) > 80 or "://" in name or name.startswith(("www.", "@")) or "{" in name:
        return None
    if not re.search(r"[^\W\d_]", name):
        return None
    return name


def authors(tree: HtmlElement, data: StructuredData, base: str) -> list[dict[str, str]] | None:
    """JSON-LD authors (with their ``url``), microdata author, author ``<meta>``s,
    ``rel=author`` links (with their ``href``); each with its ``nameRaw``, the value it was read
    from (a ``<meta>``'s whole content when it names several)."""
    raw = [(name, url, name) for name, url in _author_names(_jsonld(data, "author"), data)]
    if not raw and data.microdata.get("author"):
        raw = [(data.microdata["author"], None, data.microdata["author"])]
    if not raw:
        for key in _AUTHOR_META:
            value = data.meta.get(key)
            if value and "://" not in value:
                parts = _AUTHOR_SPLIT.split(value) if "," in value or " and " in value else [value]
                raw = [(part, None, value) for part in parts]
                break
    if not raw:
        raw = [(name, url, name) for name, url in _rel_authors(tree)]
    found: list[dict[str, str]] = []
    for name, url, source in raw:
        cleaned = _clean_author(name)
        if not cleaned or any(a["name"] == cleaned for a in found):
            continue
        author = {"name": cleaned, "nameRaw": name_raw(source)}
        link = absolute_url(base, url) if url else None
        if link and "#" not in link:
            author["url"] = link
        found.append(author)
    return found or None


#: Links whose text is a name (``$name``), in document order.
_LINKS_NAMED = etree.XPath("//a[@href][normalize-space(.) = $name]")


def linked(authors: list[dict[str, str]], tree: HtmlElement, base: str) -> list[dict[str, str]]:
    """``authors`` (found in the page's text), each given the address of the first link that
    shows its name outside comments and menus (a byline's ``By <a href="/author/jane-roe">Jane
    Roe</a>``: the author's page), when there is one."""
    for author in authors:
        if "url" in author:
            continue
        for link in _LINKS_NAMED(tree, name=author["name"]):
            if _in_comments(link) or _in_menu(link) or not _in_byline(link, author["name"]):
                continue
            url = absolute_url(base, link.get("href"))
            if url and "#" not in url:
                author["url"] = url
            break
    return authors


def _in_byline(link: HtmlElement, name: str) -> bool:
    """The link stands in a byline: it or one of its three nearest ancestors is marked as the
    author's or the byline (class, id), or holds a short text with a "by" before the name."""
    for node in (link, *islice(link.iterancestors(), 3)):
        if _MARK_WORD.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
        text = " ".join(node.text_content().split())
        if node is not link and len(text.split()) <= 40:
            before = text[: text.find(name)] if name in text else ""
            if _LINK_BY.search(before + " ") or _BY_ALONE.search(before.strip()):
                return True
    return False


def _rel_authors(tree: HtmlElement) -> list[tuple[str, str | None]]:
    """``(name, href)`` of the first three ``rel=author`` links outside a menu (``<nav>``, or a
    class or id naming a menu: "About Us" in a site's main menu, "View Profile" in a byline's
    drop-down), one per address: the first link to it that shows a name ("Jane Roe", then
    "Author Archive" to the same page)."""
    found: list[tuple[str, str | None]] = []
    seen: set[str | None] = set()
    for link in [link for link in _REL_AUTHOR(tree) if not _in_menu(link)][:3]:
        href = link.get("href")
        name = _link_name(link.text_content())
        if name and href not in seen:
            seen.add(href)
            found.append((name, href))
    return found


def _in_menu(element: HtmlElement, itself: bool = False) -> bool:
    """``<nav>`` or an element whose class or id names a menu holds ``element`` (or is it, with
    ``itself``; the page's ``<body>`` and ``<html>`` aside: their classes name the theme's
    features)."""
    for node in (element, *element.iterancestors()) if itself else element.iterancestors():
        if node.tag in ("body", "html"):
            break
        if node.tag == "nav" or "menu" in f"{node.get('class') or ''} {node.get('id') or ''}".lower():
            return True
    return False


def _link_name(text: str) -> str:
    """The name a ``rel=author`` link shows: the text, unless it reads as a label (a word after
    the first, of four letters or more, in lower case where the script has case: "View my
    complete profile", "Google profile"; a name's words are capitalised but for short particles
    such as "van", "de" or "bin", and a user name is one word); then what follows its last "by"
    ("View all posts by Jane Roe →", "Zeige alle Beiträge von Jane Roe"), or none."""
    text = " ".join(text.split()).strip(_LINK_MARKS)
    if not _label(text):
        return text
    ends = [found.end() for found in _LINK_BY.finditer(text)]
    name = text[ends[-1] :].strip(_LINK_MARKS) if ends else ""
    return "" if _label(name) else name


#: What a link's text may have around a name (arrows, separators).
_LINK_MARKS = " →»›>|:~-–—"
#: A "by" in a link's text ("View all posts by", "Alle Beiträge von", "Voir les articles par").
_LINK_BY = re.compile(r"\b(?:by|von|par|por|da|di|door|av)\s*:?\s+", re.I)


def _label(text: str) -> bool:
    return any(len(word) > 3 and word[0].islower() for word in text.split()[1:])


def names_the_site(authors: list[dict[str, str]], data: StructuredData) -> bool:
    """Every one of ``authors`` is the site's or its publisher's name (``og:site_name``, the
    JSON-LD ``publisher``): a template's metadata naming the site where the page's byline
    names a person ("One Tree Planted" by "Meaghan Weeden")."""
    site = {_folded(data.meta.get("og:site_name")), _folded(_text(data.resolve(_jsonld(data, "publisher"))))} - {""}
    return bool(site) and all(_folded(author.get("name")) in site for author in authors)


def _folded(value: Any) -> str:
    return re.sub(r"\W+", "", value.casefold()) if isinstance(value, str) else ""


#: Where a byline's name ends: a separator, a date or a number ("By Jane Roe • 4 min read").
_BYLINE_END = re.compile(r"\s*(?:[•|·⋅●,;(]|\s[-–—]\s|\d)")
#: Where the parts of a line of byline and date split ("March 15, 2022 · 3 min read · By Jane Roe").
_BYLINE_PARTS = re.compile(r"\s+[·•⋅●|]\s+")
#: Words of a byline's name at most (longer is a sentence that starts with "By").
BYLINE_WORDS = 5


#: A dateline's prefix: a word of publishing and a colon or "on" ("Posted: 10.29.2012",
#: "Published on March 3, 2012", "Veröffentlicht am 3. März 2012"); not an update's.
_DATELINE = re.compile(
    r"^\s*(?:posted|published|veröffentlicht|erschienen|publié|publicado|pubblicato|gepubliceerd)"
    r"(?:\s*:|\s+(?:on|am|le|el|il|op)\b)",
    re.I,
)


def datelines(lines: list[str]) -> list[str]:
    """The lines of ``lines`` that hold a byline's prefix ("Posted by", "By", "Von"), at their
    start or after a separator, or start with a dateline's prefix (:data:`_DATELINE`): where a
    post's footer gives the post's own date, not a teaser's, a linked notice's or an edit's."""
    return [line for line in lines if _DATELINE.match(line) or next(_after_prefix(line), None) is not None]


def _after_prefix(line: str) -> Iterator[str]:
    """What follows a byline's prefix in ``line``: at its start, then after each separator."""
    for part in (line, *_BYLINE_PARTS.split(line)[1:]):
        match = _BY_PREFIX.match(part) or _BY_VERB_PREFIX.match(part)
        if match is not None:
            yield part[match.end() :]


def byline_author(lines: list[str]) -> list[dict[str, str]] | None:
    """The author of the first short line that is a byline ("By Jane Roe", "Von Hans Meier |
    12.03.2025", "Written by:Jane Roe") or holds one after a separator ("5 min read · By Jane
    Roe"), nearest the headline or text first; None when no line is. The name is what
    follows the prefix up to a separator or a date, of at most :data:`BYLINE_WORDS` words, and
    starts with a capital where the script has case ("By clicking..." is no byline)."""
    for line in lines:
        for rest in _after_prefix(line):
            name = _name_in(rest)
            if name:
                return _names(name, line)
    return None


#: Words in lower case inside a name (particles) or between two names.
_NAME_PARTICLES = frozenset(
    "van von der den de del della di da das dos du la le ter ten zu bin ibn al el y e and und et".split()
)


#: Between two names of one byline ("Jane Roe and John Doe", "Ana Gil y Luis Paz", "A & B").
_NAMES_SPLIT = re.compile(r"\s+(?:and|und|et|y|e|&)\s+", re.I)


def _names(name: str, source: str) -> list[dict[str, str]]:
    """The authors of a byline's name: one per name it joins when each has two words or more
    ("Jane Roe and John Doe"; not "Wellness & Prevention", a desk's name); ``nameRaw`` the text
    of the byline they were read from."""
    raw = name_raw(source)
    parts = _NAMES_SPLIT.split(name)
    if len(parts) > 1 and all(len(part.split()) >= 2 for part in parts):
        return [{"name": part, "nameRaw": raw} for part in parts]
    return [{"name": name, "nameRaw": raw}]


#: A raw name longer than this is cut (a byline's element that holds a paragraph too).
MAX_NAME_RAW = 200


def name_raw(text: str) -> str:
    """An author's ``nameRaw``: the text the name was read from, as it reads (HTML character
    references decoded, white space collapsed), at most :data:`MAX_NAME_RAW` characters."""
    text = plain_text(text)
    return text if len(text) <= MAX_NAME_RAW else text[: MAX_NAME_RAW - 1].rstrip() + "…"


def _name_in(text: str) -> str | None:
    """The name a byline's text starts with: up to a date, a separator or a number, of at most
    :data:`BYLINE_WORDS` words, capitalised where the script has case (a word in lower case
    between it and a date, a separator or a number, "on", "am", "at", is not part of it); None
    otherwise."""
    _iso, raw = date_in_lines([text], max_words=len(text.split()))
    if raw:
        text = text[: text.find(raw)]
    end = _BYLINE_END.search(text)
    name = _clean_author(text[: end.start()] if end else text)
    words = name.split() if name else []
    while (raw or end) and len(words) > 1 and words[-1][0].islower():  # "Jane Roe on" (a date), "… at 9:40"
        words.pop()
    if len(words) > BYLINE_WORDS:  # a sentence, not a byline's name
        return None
    for index, word in enumerate(words[1:], 1):  # "Jane Roe on Wednesday", "Jane Roe in Science"
        lower = word[0].islower() and word.lower() not in _NAME_PARTICLES and "." not in word  # not a domain
        if lower or _NOT_A_NAME.match(word):
            del words[index:]
            break
    if (
        words
        and not words[0][0].islower()
        and len(words[0]) + len(words) > 2
        and not _NOT_A_NAME.match(words[0])
    ):
        return " ".join(words)
    return None


#: Elements a page marks as its author's name (class or id words, hCard and WordPress alike).
#: Read from the attributes (``//@class[...]/..``: half the time of testing every element), in
#: document order; those inside comments are left out by :func:`_in_comments`.
_AUTHOR_MARKED = etree.XPath(
    "(//@class[contains(., 'author') or contains(., 'byline')] | //@id[contains(., 'author')])/.."
)
_REL_AUTHOR = etree.XPath("//a[@rel='author']")
_MARK_WORD = re.compile(r"(?:^|[\s_-])(?:author|byline)(?:$|[\s_-]|name)", re.I)
_UP_TO_BY = re.compile(r"^.{0,30}?\bby(?::\s*|\s+)(?=\S)", re.I)
#: The word before a name, alone in its element (``<span class="meta-prep-author">By </span>``).
_BY_ALONE = re.compile(r"by:?$", re.I)


def _in_comments(element: HtmlElement) -> bool:
    """The element or one of its ancestors has a class holding "comment"."""
    return any("comment" in (node.get("class") or "") for node in (element, *element.iterancestors()))


def marked_author(tree: HtmlElement) -> list[dict[str, str]] | None:
    """The name in the first element whose class or id says it holds the author ("author",
    "post-author", "byline__name"...), outside comments: at most :data:`BYLINE_WORDS` words,
    no digits, capitalised; None when no such element holds one."""
    marked = (element for element in _AUTHOR_MARKED(tree) if not _in_comments(element) and not _in_menu(element, True))
    for element in islice(marked, 8):  # the first 8 outside comments (the rest is never read)
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not _MARK_WORD.search(marks) or any(w in marks.lower() for w in ("avatar", "bio", "image", "photo")):
            continue
        shown = _UP_TO_BY.sub("", _shown_text(element))
        name = _name_in(shown)
        # "About the author", "Author: Jane Roe": a label's word up to a separator, also where the
        # name was cut short before it
        label = name and "author" in _BYLINE_END.split(shown, maxsplit=1)[0].lower()
        if name and not label and not _BY_ALONE.match(name):
            return _names(name, _shown_text(element))
    return None


def language(
    tree: HtmlElement, data: StructuredData, headers: Mapping[Any, Any] | None, body: str
) -> str | None:
    """ISO 639-1 code: JSON-LD inLanguage, ``<html lang>``, meta/HTTP Content-Language,
    og:locale, checked against (or, when none is declared, detected from) the text."""
    declared = [
        _text(_jsonld(data, "inLanguage")),
        tree.get("lang") or tree.get("xml:lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        data.first("content-language", "language", "dc.language"),
        header_value(headers, "Content-Language"),
        data.first("og:locale"),
    ]
    return detect_language(declared, body)


def _image_url(value: Any, data: StructuredData, depth: int = 0) -> str | None:
    """The URL of a JSON-LD image value (a URL, an ``ImageObject``, a reference to one by its
    ``@id``, a list)."""
    if depth > 8:
        return None
    value = data.resolve(value)
    if isinstance(value, list):
        for item in value:
            found = _image_url(item, data, depth + 1)
            if found:
                return found
        return None
    if isinstance(value, dict):
        return _image_url(value.get("url") or value.get("contentUrl") or value.get("@id"), data, depth + 1)
    return value.strip() if isinstance(value, str) and value.strip() else None


def main_image(data: StructuredData, base: str) -> dict[str, str] | None:
    """og:image, JSON-LD image, twitter:image, microdata image; absolute."""
    for candidate in (
        data.first("og:image", "og:image:url", "og:image:secure_url"),
        _image_url(_jsonld(data, "image"), data),
        data.first("twitter:image", "twitter:image:src"),
        _image_url(_jsonld(data, "thumbnailUrl"), data),
        data.microdata.get("image"),
    ):
        found = absolute_url(base, candidate)
        if found:
            return {"url": found}
    return None


#: ``translate(@rel, 'CANONICAL', 'canonical')`` of XPath.
_CANONICAL_LOWER = str.maketrans("CANOIL", "canoil")


def canonical_url(tree: HtmlElement, data: StructuredData, base: str) -> tuple[str | None, str | None]:
    """``(link rel=canonical, og:url)``, both absolute."""
    canonical = None
    for link in tree.iter("link"):
        href, rel = link.get("href"), link.get("rel")
        if href is None or rel is None or " canonical " not in f" {rel.translate(_CANONICAL_LOWER)} ":
            continue
        canonical = absolute_url(base, href)
        if canonical:
            break
    return canonical, absolute_url(base, data.first("og:url"))
