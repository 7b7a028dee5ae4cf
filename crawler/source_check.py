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
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler.state.base import StateStore, StoredArticle, url_key
from crawler.syndication import DedupConfig, boilerplate, record_sketch, record_text
from crawler.textsim import Sketch, containment_counts, full_sketch, make_sketch, normalize, shingle_hashes

REASONS = ("slug_mismatch", "content_mismatch", "publisher_mismatch", "source_unreachable", "unattributed_copy")

#: Verdict kind under which the evidence of a fetched claimed URL is kept in the state store
#: (keyed by :func:`claim_key` of the claimed URL).
EVIDENCE_KIND = "claimFetch"

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
# Scripts without reliable word breaks (Han, kana) or with heavy agglutination (Hangul), and Thai:
# word-level comparison says nothing there.
_UNSPACED_RE = re.compile(
    "[\u0e00-\u0e7f\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
_SUFFIXES = (
    "ational", "ations", "ation", "nesses", "ness", "ments", "ment", "ings", "ing",
    "edly", "ies", "ied", "ers", "er", "ed", "es", "ly", "s",
)

#: Fetch errors that say nothing about the claim: the crawler did not try (address guard,
#: robots.txt, offsite) or the server turned a crawler away.
NO_EVIDENCE_ERRORS = frozenset({"not_allowed", "http_401", "http_403", "http_407", "http_429", "http_451",
                                "cancelled"})
#: Exception names (Scrapy, Twisted) -> the short error codes of ``claimFetch``.
_ERROR_ALIASES = {
    "DNSLookupError": "dns", "CannotResolveHostError": "dns",
    "TimeoutError": "timeout", "TCPTimedOutError": "timeout", "DownloadTimeoutError": "timeout",
    "ConnectionRefusedError": "refused", "DownloadConnectionRefusedError": "refused",
    "ConnectError": "refused", "NoRouteError": "refused",
    "ConnectionLost": "connection_lost", "ConnectionDone": "connection_lost", "ResponseFailed": "connection_lost",
    "ResponseNeverReceived": "connection_lost", "DownloadFailedError": "connection_lost",
    "ResponseDataLossError": "connection_lost", "PotentialDataLoss": "connection_lost",
    "UnsupportedURLSchemeError": "bad_url", "NotSupported": "bad_url",
    "IgnoreRequest": "not_allowed", "DownloadCancelledError": "cancelled", "CancelledError": "cancelled",
}
_UNREACHABLE_ERRORS = frozenset({"dns", "timeout", "refused", "connection_lost", "redirect_home", "bad_url"})
_HTTP_ERROR_RE = re.compile(r"^http_(\d{3})$")


@dataclass(frozen=True)
class SourceCheckConfig:
    """Plain settings of the source check stage (``SOURCE_CHECK_*``, some ``DEDUP_*``)."""

    #: Containment at or above which the claimed page holds the post's text (or the reverse).
    threshold: float = 0.6
    #: Containment below which (both ways) the claimed page's text contradicts the claim.
    content_mismatch_below: float = 0.2
    #: Slugs and titles with fewer content words than this give no evidence.
    slug_min_words: int = 3
    #: Share of the slug's (title's) content words that must appear in the post; less is a mismatch.
    slug_min_overlap: float = 0.5
    #: Words per shingle (as DEDUP_SHINGLE_SIZE).
    shingle_size: int = 5
    #: Sketch sampling of fetched claimed pages (as DEDUP_SAMPLE_MOD, DEDUP_SAMPLE_FLOOR).
    sample_mod: int = 8
    sample_floor: int = 32
    #: A hash in at least this many clusters is boilerplate (as DEDUP_BOILERPLATE_CLUSTERS).
    boilerplate_clusters: int = 4

    def dedup(self) -> DedupConfig:
        return DedupConfig(threshold=self.threshold, shingle_size=self.shingle_size, sample_mod=self.sample_mod,
                           sample_floor=self.sample_floor, boilerplate_clusters=self.boilerplate_clusters)


# --- slug and title evidence -----------------------------------------------------------------


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
    if len(token) < 3 or any(ch.isdigit() for ch in token) or _UNSPACED_RE.search(token):
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


def _content_words(text: str) -> list[str]:
    words = [w for w in _SLUG_SPLIT_RE.split(normalize(text)) if w]
    return list(dict.fromkeys(w for w in words if _wordlike(w) and w not in STOP_WORDS))


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


def title_words(title: str | None) -> list[str]:
    """The distinct content words of a page title (empty: no usable title)."""
    return _content_words(title) if isinstance(title, str) else []


def _stem_match(s: str, stems: set[str], prefixes: Iterable[str]) -> bool:
    if s in stems:
        return True
    if len(s) < 4:
        return False
    for t in prefixes:
        if t.startswith(s) or s.startswith(t):
            return True
        # inflected endings (москва / москве, palestinian / palestine): a long common prefix
        n = min(len(s), len(t))
        if n >= 5 and s[: n - 2] == t[: n - 2] and s[:5] == t[:5]:
            return True
    return False


def _overlap(words: list[str], text: str) -> float | None:
    if not words:
        return None
    text_stems = {stem(t) for t in _SLUG_SPLIT_RE.split(normalize(text)) if t}
    long_stems = [t for t in text_stems if len(t) >= 4]
    found = sum(1 for w in words if _stem_match(stem(w), text_stems, long_stems))
    return found / len(words)


def slug_overlap(url: str, text: str) -> tuple[float | None, list[str]]:
    """(share of the slug's content words found in ``text``, the slug words); None: no evidence."""
    words = slug_words(url)
    return _overlap(words, text), words


def _words_evidence(words: list[str], text: str, cfg: SourceCheckConfig) -> bool | None:
    if len(words) < cfg.slug_min_words or not text.strip():
        return None
    overlap = _overlap(words, text)
    return None if overlap is None else overlap < cfg.slug_min_overlap


def slug_evidence(url: str, text: str, cfg: SourceCheckConfig | None = None) -> bool | None:
    """True: the slug contradicts the text; False: it agrees; None: no evidence."""
    return _words_evidence(slug_words(url), text, cfg or SourceCheckConfig())


def title_evidence(title: str | None, text: str, cfg: SourceCheckConfig | None = None) -> bool | None:
    """True: the claimed page's title contradicts the text; False: it agrees; None: no evidence."""
    return _words_evidence(title_words(title), text, cfg or SourceCheckConfig())


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
    try:
        host_a, key_a = _host_port(url_a)
        host_b, key_b = _host_port(url_b)
    except ValueError:
        return False
    if key_a.removeprefix("www.") == key_b.removeprefix("www."):
        return True
    if not host_a or not host_b or _is_local(host_a) or _is_local(host_b):
        return False
    return registered_domain(host_a) == registered_domain(host_b)


# --- evidence from fetching the claimed URL --------------------------------------------------


def claim_key(url: str | None) -> str | None:
    """The state-store key of a claimed URL's fetch evidence."""
    key = url_key(url)
    return f"claim:{key}" if key else None


def normalize_error(error: str | None) -> str | None:
    """A fetch error as a short code (``DNSLookupError`` -> ``dns``; ``http_404`` stays)."""
    if not error:
        return None
    return _ERROR_ALIASES.get(error, error)


def is_unreachable(error: str | None) -> bool:
    """Whether a fetch error says the claimed source is not there (see the module docstring)."""
    code = normalize_error(error)
    if not code or code in NO_EVIDENCE_ERRORS:
        return False
    m = _HTTP_ERROR_RE.match(code)
    if m:
        return 400 <= int(m.group(1)) <= 599
    return code in _UNREACHABLE_ERRORS


@dataclass(frozen=True)
class ClaimEvidence:
    """What fetching a claimed URL showed, in the form kept in the state store.

    ``outcome`` is ``"page"`` (an article was extracted: ``sketch``, ``headline``...),
    ``"not_article"``, ``"unreachable"`` (``error`` says why) or ``"no_evidence"`` (the fetch
    was refused or turned away; ``error`` says why).
    """

    url: str
    outcome: str
    error: str | None = None
    status: int | None = None
    final_url: str | None = None
    site: str | None = None
    headline: str | None = None
    canonical_url: str | None = None
    date_published: str | None = None
    sketch: str | None = None

    @classmethod
    def from_fetch(cls, fetch: Mapping[str, Any], cfg: SourceCheckConfig | None = None) -> ClaimEvidence:
        """From the spider's ``claimFetch`` dict (see ``SiteSpider.parse_claimed``)."""
        cfg = cfg or SourceCheckConfig()
        url = str(fetch.get("url") or "")
        status = fetch.get("status") if isinstance(fetch.get("status"), int) else None
        common: dict[str, Any] = {"url": url, "status": status, "final_url": fetch.get("finalUrl") or None}
        error = normalize_error(fetch.get("error"))
        if error:
            outcome = "unreachable" if is_unreachable(error) else "no_evidence"
            return cls(outcome=outcome, error=error, **common)
        site = fetch.get("site") if isinstance(fetch.get("site"), str) else None
        body = fetch.get("articleBody")
        if fetch.get("notArticle") or not isinstance(body, str) or not body.strip():
            return cls(outcome="not_article", error=str(fetch.get("notArticle") or "empty"), site=site, **common)
        text = record_text({"articleBody": body, "headline": fetch.get("headline")})
        sample = make_sketch(shingle_hashes(text, cfg.shingle_size), cfg.sample_mod, cfg.sample_floor)
        return cls(outcome="page", site=site, headline=fetch.get("headline") or None,
                   canonical_url=fetch.get("canonicalUrl") or None, date_published=fetch.get("datePublished") or None,
                   sketch=sample.to_json(), **common)

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "outcome": self.outcome, "error": self.error, "status": self.status,
                "finalUrl": self.final_url, "site": self.site, "headline": self.headline,
                "canonicalUrl": self.canonical_url, "datePublished": self.date_published, "sketch": self.sketch}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ClaimEvidence:
        return cls(url=str(d.get("url") or ""), outcome=str(d.get("outcome") or "no_evidence"), error=d.get("error"),
                   status=d.get("status"), final_url=d.get("finalUrl"), site=d.get("site"),
                   headline=d.get("headline"), canonical_url=d.get("canonicalUrl"),
                   date_published=d.get("datePublished"), sketch=d.get("sketch"))


def record_claim_fetch(
    store: StateStore,
    fetch: Mapping[str, Any],
    claimed_url: str | None = None,
    config: SourceCheckConfig | None = None,
) -> ClaimEvidence | None:
    """Keep what fetching a claimed URL showed in the store (a verdict entry, not an article, so
    the claimed page never joins a cluster or changes any crawled record's role) and return it.

    Stored under the claimed URL as the post names it (``claimed_url``) and as it was fetched.
    """
    evidence = ClaimEvidence.from_fetch(fetch, config)
    value = evidence.to_dict()
    keys = {k for k in (claim_key(claimed_url), claim_key(evidence.url)) if k}
    for key in sorted(keys):
        store.put_verdict(key, EVIDENCE_KIND, value)
    return evidence if keys else None


def stored_claim_evidence(store: StateStore, claimed_url: str) -> ClaimEvidence | None:
    """The fetch evidence of a claimed URL kept by :func:`record_claim_fetch`, or None."""
    key = claim_key(claimed_url)
    value = store.get_verdict(key, EVIDENCE_KIND) if key else None
    return ClaimEvidence.from_dict(value) if value else None


# --- the check -------------------------------------------------------------------------------


def _sketch(data: str | None) -> Sketch:
    return Sketch.from_json(data) if data else full_sketch(())


def _result(status: str, reasons: Iterable[str], original: str | None) -> dict[str, Any]:
    ordered = [r for r in REASONS if r in set(reasons)]
    return {"status": status, "reasons": ordered, "originalUrl": original}


def _containment(full: Sketch, other: Sketch, ignore: set[int], dcfg: DedupConfig) -> float | None:
    """The larger containment of either text in the other (None when no direction is decided)."""
    best: float | None = None
    for a, b in ((full, other), (other, full)):
        shared, base = containment_counts(a, b, ignore)
        if base >= dcfg.min_base:
            best = max(best or 0.0, shared / base)
    return best


def check(
    store: StateStore,
    record: Mapping[str, Any],
    syndication: Mapping[str, Any] | None = None,
    config: SourceCheckConfig | None = None,
    *,
    evidence: ClaimEvidence | Mapping[str, Any] | None = None,
    site_of: Callable[[str], str | None] | None = None,
) -> dict[str, Any]:
    """The record's ``sourceCheck`` field, given its ``syndication`` field (default: the record's).

    ``evidence``: what fetching the claimed URL showed (a :class:`ClaimEvidence` or the spider's
    ``claimFetch`` dict); default: the record's ``claimFetch``, else what the store keeps for
    the claimed URL. ``site_of``: the sites file's site name of a URL (None: not in the file).
    """
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
    claimed = claimed.strip()

    if evidence is None and isinstance(record.get("claimFetch"), Mapping):
        evidence = record["claimFetch"]
    if isinstance(evidence, Mapping):
        evidence = ClaimEvidence.from_fetch(evidence, cfg)
    if evidence is None:
        evidence = stored_claim_evidence(store, claimed)
    fetched = evidence if evidence is not None and evidence.outcome == "page" else None

    # 1. the claimed URL is the original (directly, through a redirect or the page's canonical URL)
    orig_article = store.get_article(original) if original else None
    if original and orig_article is None:
        orig_article = store.find_article(original)
    claimed_urls = [claimed]
    if evidence is not None and evidence.outcome in ("page", "not_article") and evidence.final_url:
        claimed_urls.append(evidence.final_url)
    if fetched is not None and fetched.canonical_url:
        claimed_urls.append(fetched.canonical_url)
    if original:
        keys = {url_key(original)}
        if orig_article is not None:
            keys |= {url_key(orig_article.url), url_key(orig_article.canonical_url)}
        keys.discard(None)
        if any(url_key(u) in keys for u in claimed_urls):
            return _result("match", [], original)

    # 2. the claimed page's text: crawled (in the store) and/or fetched
    reasons: set[str] = set()
    text = " ".join(x for x in (record.get("headline"), record_text(record)) if isinstance(x, str))
    claimed_article: StoredArticle | None = store.find_article(claimed)
    if claimed_article is not None and claimed_article.url == url:
        claimed_article = None  # a post naming itself
    if (claimed_article is not None and claimed_article.site_kind == "aggregator"
            and url_key(claimed_article.url) not in {url_key(u) for u in claimed_urls}):
        claimed_article = None  # a post whose canonical URL claims the same page is not that page
    if claimed_article is not None and cluster_id and claimed_article.cluster_id == cluster_id:
        return _result("match", [], original or claimed_article.url)
    pages = [s for s in (claimed_article.sketch if claimed_article else None, fetched.sketch if fetched else None) if s]
    titles = [t for t in (fetched.headline if fetched else None,
                          claimed_article.headline if claimed_article else None) if t]
    if pages:
        dcfg = cfg.dedup()
        full = record_sketch(record, dcfg)
        sketches = [_sketch(s) for s in pages]
        ignore = boilerplate(store, full.hashes.union(*(s.hashes for s in sketches)), dcfg)
        values = [v for v in (_containment(full, s, ignore, dcfg) for s in sketches) if v is not None]
        if values and max(values) >= cfg.threshold:
            return _result("match", [], original or (claimed_article.url if claimed_article else claimed))
        if values and max(values) < cfg.content_mismatch_below:
            reasons.add("content_mismatch")

    # 3. the claimed URL could not be fetched
    if evidence is not None and evidence.outcome == "unreachable":
        reasons.add("source_unreachable")

    # 4. the words of the claimed page's title, else of the claimed URL's slug
    words_say = next((e for e in (title_evidence(t, text, cfg) for t in titles) if e is not None), None)
    if words_say is None:
        words_say = slug_evidence(claimed, text, cfg)
    if words_say:
        reasons.add("slug_mismatch")

    # 5. the publisher of the cluster's original
    if role == "copy" and original and (orig_article is None or orig_article.site_kind != "aggregator"):
        orig_urls = [original] + ([orig_article.canonical_url] if orig_article and orig_article.canonical_url else [])
        orig_site = orig_article.site if orig_article is not None else None
        claimed_sites = {s for s in (
            fetched.site if fetched else None,
            claimed_article.site if claimed_article else None,
            site_of(claimed) if site_of else None,
        ) if s}
        same_site = bool(orig_site and orig_site in claimed_sites)
        if not same_site and not any(same_publisher(o, c) for o in orig_urls for c in claimed_urls):
            reasons.add("publisher_mismatch")

    if reasons:
        return _result("mismatch", reasons, original)
    return _result("unverified", [], original)
