"""Publisher evidence: do two URLs belong to one publisher?

The same ``host:port`` (``www.`` ignored), or, for real hosts, the same registered domain from the
bundled public suffix list (never fetched over the network; private suffixes such as
``blogspot.com`` count, so two blogs on it are two publishers).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from crawler.urls import netloc_key


@lru_cache(maxsize=1)
def _tld_extractor() -> Any:
    try:
        import tldextract
    except ImportError:  # pragma: no cover - tldextract is a dependency
        return None
    # The bundled public suffix list only (never fetched over the network), with private suffixes
    # such as blogspot.com, whose subdomains belong to different owners.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)



def _is_local(host: str) -> bool:
    if "." not in host:
        return True  # localhost, intranet names
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def registered_domain(host: str) -> str:
    """``www.haaretz.co.il`` -> ``haaretz.co.il`` (bundled public suffix list, no network)."""
    ex = _tld_extractor()
    if ex is not None:
        res = ex(host)
        top = getattr(res, "top_domain_under_public_suffix", None) or getattr(res, "registered_domain", "")
        if top:
            return str(top)
    labels = host.split(".")
    return ".".join(labels[-2:])




def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def same_publisher(url_a: str, url_b: str) -> bool:
    """Whether two URLs belong to one publisher: same host:port, or same registered domain."""
    key_a, key_b = netloc_key(url_a), netloc_key(url_b)
    if not key_a or not key_b:
        return False
    if key_a.removeprefix("www.") == key_b.removeprefix("www."):
        return True
    host_a, host_b = _host(url_a), _host(url_b)
    if not host_a or not host_b or _is_local(host_a) or _is_local(host_b):
        return False
    return registered_domain(host_a) == registered_domain(host_b)
