"""URL normalisation shared by discovery and the checks: one article, one URL.

Pure functions, no Scrapy imports.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

#: URLs longer than this are refused (browsers and most servers stop near here too).
MAX_URL_LENGTH = 2083


def normalize_url(url: str, strip_params: Iterable[str] = ()) -> str:
    """Lower-case scheme and host, drop the default port, the fragment and tracking parameters.

    Raises ``ValueError`` for URLs that are not http(s), have no host, or are too long.
    """
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"URL longer than {MAX_URL_LENGTH} characters")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {url[:100]!r}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValueError(f"URL without a host: {url[:100]!r}")
    port = parts.port  # raises ValueError on a bad port
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{netloc}:{port}"
    query = parts.query
    drop = {p.lower() for p in strip_params}
    if query and drop:
        pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k.lower() not in drop]
        query = urlencode(pairs)
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


def absolute_url(base: str, href: str | None) -> str | None:
    """``href`` resolved against ``base``; None for empty, script, mail and data links."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    low = href[:11].lower()
    if low.startswith(("javascript:", "mailto:", "data:", "tel:", "about:")):
        return None
    try:
        return urljoin(base, href)
    except ValueError:
        return None
