"""URL identity, the one URL module: every other module asks here what a URL is.

* :func:`normalize_url`: the form a URL is requested and recorded in (one article, one URL):
  lower-case scheme and host, no default port, no fragment, no tracking parameters. A URL is
  normalised once, where it enters the crawl (discovery, a claim's extraction), and carried.
* :func:`url_key`: the identity key two URLs are compared by (``http``/``https``, ``www.``,
  trailing slashes and parameter order ignored): a claimed URL against a crawled one.
* :func:`netloc_key`: ``host:port`` (how sites are told apart: two sites may share a host on
  different ports); :func:`same_site` compares two of them ignoring ``www.``.
* :func:`absolute_url`: a link resolved against its page; :func:`find_url`: a URL written out in
  text.

Pure functions, no Scrapy imports.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import SplitResult, parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

#: URLs longer than this are refused (browsers and most servers stop near here too).
MAX_URL_LENGTH = 2083

#: Query parameters that never identify an article: dropped from requested URLs and URL keys.
#: ``DISCOVERY_STRIP_PARAMS`` adds to them for requested URLs.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id",
        "fbclid", "gclid", "mc_cid", "mc_eid", "ref", "cmpid", "ito", "ocid", "amp", "m",
    }
)

_DEFAULT_PORTS = {"http": 80, "https": 443}
_NOT_WEB = re.compile(r"(?i)(javascript|mailto|tel|data|about|file|ftp):")
_WEB = re.compile(r"(?i)https?://")
_URL_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s<>\"'\u201c\u201d\u00ab\u00bb]+", re.I)
_TRAILING_PUNCT = ".,;:!?)]}\u2019'\u201d»"


def _host_port(parts: SplitResult) -> tuple[str, int | None]:
    """(host in lower case without a trailing dot, IPv6 in brackets; port or None). ValueError
    on a bad port."""
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:  # IPv6: one spelling of each address, in brackets
        try:
            host = ipaddress.IPv6Address(host.split("%", 1)[0]).compressed
        except ValueError:
            pass
        host = f"[{host}]"
    port = parts.port  # ValueError on a port that is not a number in 0..65535
    if port is not None and port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        port = None
    return host, port


def netloc_key(url_or_netloc: str | None) -> str:
    """``host:port`` of a URL or of a bare ``host[:port]``, lower case, default port dropped;
    ``""`` when there is no host or the port is bad.

    >>> netloc_key("HTTPS://WWW.Example.com:443/a")
    'www.example.com'
    >>> netloc_key("http://[::1]:8080/")
    '[::1]:8080'
    >>> netloc_key("127.0.0.1:9000")
    '127.0.0.1:9000'
    """
    if not url_or_netloc:
        return ""
    value = url_or_netloc.strip()
    if "//" not in value:
        value = "//" + value
    try:
        parts = urlsplit(value)
        host, port = _host_port(parts)
    except ValueError:
        return ""
    if not parts.scheme and port in (80, 443):
        port = None
    return host if port is None else f"{host}:{port}"


def same_site(a: str | None, b: str | None) -> bool:
    """Same ``host:port``, ignoring a leading ``www.``."""
    ka, kb = netloc_key(a), netloc_key(b)
    return bool(ka) and ka.removeprefix("www.") == kb.removeprefix("www.")


def normalize_url(url: str, strip_params: Iterable[str] = ()) -> str:
    """Lower-case scheme and host, drop the default port, the fragment, the tracking parameters
    (:data:`TRACKING_PARAMS` and ``strip_params``).

    Raises ``ValueError`` for URLs that are not http(s), have no host or a bad port, or are too
    long.
    """
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"URL longer than {MAX_URL_LENGTH} characters")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError(f"not an http(s) URL: {url[:100]!r}")
    host, port = _host_port(parts)
    if not host:
        raise ValueError(f"URL without a host: {url[:100]!r}")
    netloc = host if port is None else f"{host}:{port}"
    query = parts.query
    if query:
        drop = TRACKING_PARAMS | {p.lower() for p in strip_params}
        query = urlencode([(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k.lower() not in drop])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def url_key(url: str | None) -> str | None:
    """The identity of a URL for equality tests: ``http``/``https`` and ``www.`` ignored, default
    ports, fragments, trailing slashes and tracking parameters dropped, host lower-cased, query
    parameters sorted. A URL that cannot be parsed is its own key.

    >>> url_key("HTTPS://www.Example.com:443/a/b/?utm_source=x&id=2#top")
    'example.com/a/b?id=2'
    """
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
        host, port = _host_port(parts)
    except ValueError:
        return url
    host = host.removeprefix("www.")
    if port is not None:
        host = f"{host}:{port}"
    path = unquote(parts.path or "/").rstrip("/")
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = sorted((k, v) for k, v in pairs if k.lower() not in TRACKING_PARAMS)
    try:
        return host + path + ("?" + urlencode(query) if query else "")
    except UnicodeEncodeError:  # a lone surrogate (a JSON line's "\ud800"): no UTF-8 to quote
        return url


def absolute_url(base: str, href: str | None) -> str | None:
    """``href`` resolved against ``base``: an http(s) URL, or None for empty, fragment-only,
    script, mail, data and other non-web links."""
    if not href:
        return None
    href = href.strip().replace("\n", "").replace("\t", "").replace("\r", "")
    if not href or href.startswith("#") or _NOT_WEB.match(href):
        return None
    try:
        joined = urljoin(base, href)
    except ValueError:
        return None
    return joined if _WEB.match(joined) else None


def find_url(text: str) -> str | None:
    """The first http(s) or ``www.`` URL written out in ``text``."""
    match = _URL_IN_TEXT.search(text)
    if not match:
        return None
    found = match.group(0).rstrip(_TRAILING_PUNCT)
    if found.lower().startswith("www."):
        found = "http://" + found
    return found
