"""URL helpers: base href, absolute links, host:port comparison."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

_URL_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s<>\"'\u201c\u201d\u00ab\u00bb]+", re.I)
_TRAILING_PUNCT = ".,;:!?)]}\u2019'\u201d»"


def base_url(tree: HtmlElement, url: str) -> str:
    """The page URL with any ``<base href>`` applied."""
    for href in tree.xpath("//head/base/@href | /html/base/@href")[:1]:
        href = str(href).strip()
        if href:
            return absolute(href, url) or url
    return url


def absolute(href: str | None, base: str) -> str | None:
    """``href`` resolved against ``base``; None for empty, script and fragment-only links."""
    if not href:
        return None
    href = href.strip().replace("\n", "").replace("\t", "")
    if not href or href.startswith("#"):
        return None
    if href.startswith("//"):
        scheme = urlsplit(base).scheme or "https"
        href = f"{scheme}:{href}"
    if re.match(r"(?i)(javascript|mailto|tel|data|about):", href):
        return None
    try:
        joined = urljoin(base, href)
    except ValueError:
        return None
    return joined if re.match(r"(?i)https?://", joined) else None


def netloc_key(url: str | None) -> str:
    """``host:port`` in lower case, default ports dropped (how sites are told apart)."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return ""
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return host if port is None or port == default else f"{host}:{port}"


def same_site(a: str | None, b: str | None) -> bool:
    """Same host:port, ignoring a leading ``www.``."""
    ka, kb = netloc_key(a), netloc_key(b)
    return bool(ka) and ka.removeprefix("www.") == kb.removeprefix("www.")


def find_url(text: str) -> str | None:
    """The first http(s) or www. URL written out in ``text``."""
    match = _URL_IN_TEXT.search(text)
    if not match:
        return None
    found = match.group(0).rstrip(_TRAILING_PUNCT)
    if found.lower().startswith("www."):
        found = "http://" + found
    return found
