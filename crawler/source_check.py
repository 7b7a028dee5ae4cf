"""Source check: is the source a post claims ("Article source: URL", "via", ...) borne out?

``check(store, record, syndication)`` returns the record's ``sourceCheck`` field::

    {"status": "none" | "match" | "mismatch" | "missing" | "unverified",
     "reasons": [...], "originalUrl": url | None}

Evidence against a claim (``reasons``, in this order):

* ``slug_mismatch``: the words of the claimed URL's slug are mostly absent from the post's
  headline and body (stop words, numbers, ids ignored; simple stemming). Slugs that are only
  numbers, hashes or non-words give no evidence either way.
* ``content_mismatch``: the claimed page was crawled (it is in the store) and neither text is
  contained in the other.
* ``publisher_mismatch``: the post is a copy whose cluster original (a news site's article) is on
  another publisher than the claimed URL (host:port for local hosts, registered domain for real
  hosts; no network).

Positive evidence (status ``match``): the claimed URL equals the cluster original's URL or
canonical URL after normalisation, or the claimed page is in the store and holds the post's text
(or is in the post's cluster). No evidence either way: ``unverified``. A copy that names no
source: ``missing`` with ``unattributed_copy``. No claim and not a copy: ``none``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler.state.base import StateStore, StoredArticle, url_key
from crawler.syndication import DedupConfig, boilerplate, record_sketch, record_text
from crawler.textsim import Sketch, containment_counts, full_sketch, normalize

REASONS = ("slug_mismatch", "content_mismatch", "publisher_mismatch", "source_unreachable", "unattributed_copy")

STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers him his how i if in into is it its itself just me more most my
    no nor not now of off on once only or other our ours out over own same she should so some such
    than that the their theirs them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    says say said new news article articles story stories post posts blog page index html htm php
    aspx amp www com org net view read full update updated live video videos photo photos watch
    """.split()
)

_SLUG_SPLIT_RE = re.compile(r"[\W_]+")
_EXT_RE = re.compile(r"\.(s?html?|php\d?|aspx?|jsp|cms|cfm|amp)$", re.IGNORECASE)
_VOWEL_RE = re.compile(r"[aeiouy]")
_HEX_RE = re.compile(r"^[0-9a-f]+$")
_SUFFIXES = (
    "ational", "ations", "ation", "nesses", "ness", "ments", "ment", "ings", "ing",
    "edly", "ies", "ied", "ers", "er", "ed", "es", "ly", "s",
)


@dataclass(frozen=True)
class SourceCheckConfig:
    """Plain settings of the source check stage (``SOURCE_CHECK_*``)."""

    #: Containment at or above which the claimed page holds the post's text.
    threshold: float = 0.6
    #: Slugs with fewer content words than this give no evidence.
    slug_min_words: int = 3
    #: Share of the slug's content words that must appear in the post; less is a slug mismatch.
    slug_min_overlap: float = 0.5
    #: Words per shingle (as DEDUP_SHINGLE_SIZE).
    shingle_size: int = 5


# --- slug evidence ---------------------------------------------------------------------------


def stem(word: str) -> str:
    """A crude English stemmer: possessives and common suffixes off (``prisoners`` -> ``prison``)."""
    w = normalize(word)
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if suffix in ("ies", "ied"):
                w += "y"
            break
    return w


def _wordlike(token: str) -> bool:
    if len(token) < 3 or any(ch.isdigit() for ch in token):
        return False
    if token.isascii():
        if not _VOWEL_RE.search(token):
            return False
        if len(token) >= 8 and _HEX_RE.match(token):
            return False
        # Long runs of consonants are ids ("xkcdqwrtz"), not words.
        if re.search(r"[bcdfghjklmnpqrstvwxz]{5,}", token):
            return False
    return True


def slug_words(url: str) -> list[str]:
    """The content words of the most wordy path segment of ``url`` (empty: no usable slug)."""
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return []
    best: list[str] = []
    for segment in path.split("/"):
        segment = _EXT_RE.sub("", segment)
        words = [w for w in _SLUG_SPLIT_RE.split(normalize(segment)) if w]
        content = [w for w in words if _wordlike(w) and w not in STOP_WORDS]
        if len(content) > len(best):
            best = content
    return best


def _stem_match(s: str, stems: set[str], prefixes: Iterable[str]) -> bool:
    if s in stems:
        return True
    if len(s) < 4:
        return False
    return any(t.startswith(s) or (len(t) >= 4 and s.startswith(t)) for t in prefixes)


def slug_overlap(url: str, text: str) -> tuple[float | None, list[str]]:
    """(share of the slug's content words found in ``text``, the slug words); None: no evidence."""
    words = slug_words(url)
    if not words:
        return None, words
    text_stems = {stem(t) for t in _SLUG_SPLIT_RE.split(normalize(text)) if t}
    long_stems = [t for t in text_stems if len(t) >= 4]
    found = sum(1 for w in words if _stem_match(stem(w), text_stems, long_stems))
    return found / len(words), words


def slug_evidence(url: str, text: str, cfg: SourceCheckConfig | None = None) -> bool | None:
    """True: the slug contradicts the text; False: it agrees; None: no evidence."""
    cfg = cfg or SourceCheckConfig()
    overlap, words = slug_overlap(url, text)
    if overlap is None or len(words) < cfg.slug_min_words or not text.strip():
        return None
    return overlap < cfg.slug_min_overlap


# --- publisher evidence ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _tld_extractor() -> Any:
    try:
        import tldextract
    except ImportError:  # pragma: no cover - tldextract is a dependency
        return None
    # The bundled public suffix list only (never fetched over the network), with private suffixes
    # such as blogspot.com, whose subdomains belong to different owners.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def _host_port(url: str) -> tuple[str, str]:
    """(host, host:port) of a URL, lower case, without ``www.`` and default ports."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    scheme = parts.scheme.lower()
    netloc = host
    if port is not None and not (scheme == "http" and port == 80) and not (scheme == "https" and port == 443):
        netloc = f"{host}:{port}"
    return host, netloc


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


def same_publisher(url_a: str, url_b: str) -> bool:
    """Whether two URLs belong to one publisher: same host:port, or same registered domain."""
    host_a, key_a = _host_port(url_a)
    host_b, key_b = _host_port(url_b)
    if key_a.removeprefix("www.") == key_b.removeprefix("www."):
        return True
    if not host_a or not host_b or _is_local(host_a) or _is_local(host_b):
        return False
    return registered_domain(host_a) == registered_domain(host_b)


# --- the check -------------------------------------------------------------------------------


def _sketch(article: StoredArticle) -> Sketch:
    return Sketch.from_json(article.sketch) if article.sketch else full_sketch(())


def _result(status: str, reasons: list[str], original: str | None) -> dict[str, Any]:
    return {"status": status, "reasons": reasons, "originalUrl": original}


def check(
    store: StateStore,
    record: Mapping[str, Any],
    syndication: Mapping[str, Any] | None = None,
    config: SourceCheckConfig | None = None,
) -> dict[str, Any]:
    """The record's ``sourceCheck`` field, given its ``syndication`` field (default: the record's)."""
    cfg = config or SourceCheckConfig()
    syn = syndication if syndication is not None else (record.get("syndication") or {})
    url = str(record["url"])
    role = syn.get("role")
    cluster_id = syn.get("clusterId")
    if role == "copy":
        original: str | None = syn.get("duplicateOf")
    elif role == "original":
        original = url
    else:
        original = None
    claim = record.get("claimedSource")
    claimed = claim.get("url") if isinstance(claim, Mapping) else None
    if not isinstance(claimed, str) or not claimed.strip():
        if role == "copy":
            return _result("missing", ["unattributed_copy"], original)
        return _result("none", [], original)

    claimed_key = url_key(claimed)
    orig_article = store.get_article(original) if original else None
    if original and orig_article is None:
        orig_article = store.find_article(original)
    if original:
        keys = {url_key(original)}
        if orig_article is not None:
            keys |= {url_key(orig_article.url), url_key(orig_article.canonical_url)}
        if claimed_key in keys:
            return _result("match", [], original)

    reasons: list[str] = []
    text = " ".join(x for x in (record.get("headline"), record_text(record)) if isinstance(x, str))
    claimed_article = store.find_article(claimed)
    if claimed_article is not None and claimed_article.url != url:
        if cluster_id and claimed_article.cluster_id == cluster_id:
            return _result("match", [], original or claimed_article.url)
        dcfg = DedupConfig(threshold=cfg.threshold, shingle_size=cfg.shingle_size)
        full = record_sketch(record, dcfg)
        other = _sketch(claimed_article)
        ignore = boilerplate(store, full.hashes | other.hashes, dcfg)
        best: float | None = None
        for a, b in ((full, other), (other, full)):
            shared, base = containment_counts(a, b, ignore)
            if base >= dcfg.min_base:
                best = max(best or 0.0, shared / base)
        if best is not None and best >= cfg.threshold:
            return _result("match", [], original or claimed_article.url)
        if full.hashes and other.size:
            reasons.append("content_mismatch")

    if slug_evidence(claimed, text, cfg):
        reasons.insert(0, "slug_mismatch")

    if role == "copy" and original and (orig_article is None or orig_article.site_kind != "aggregator"):
        if not same_publisher(original, claimed):
            canonical = orig_article.canonical_url if orig_article is not None else None
            if not (canonical and same_publisher(canonical, claimed)):
                reasons.append("publisher_mismatch")

    if reasons:
        return _result("mismatch", reasons, original)
    return _result("unverified", [], original)
