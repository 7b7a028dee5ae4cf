"""Word evidence: do the claimed URL's slug, or the claimed page's title, speak of the post?

Slugs and titles are reduced to content words (stop words, numbers, ids dropped; simple
stemming; inflected endings tolerated) and looked for in the post's headline and body. Slugs and
titles that are only numbers, hashes, or words of scripts written without reliable word breaks
(Han, kana, Hangul, Thai) give no evidence either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from crawler.source_check.config import SourceCheckConfig
from crawler.syndication.sketch import normalize

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
    return _words_evidence(slug_words(url), text, cfg or SourceCheckConfig.from_settings())


def title_evidence(title: str | None, text: str, cfg: SourceCheckConfig | None = None) -> bool | None:
    """True: the claimed page's title contradicts the text; False: it agrees; None: no evidence."""
    return _words_evidence(title_words(title), text, cfg or SourceCheckConfig.from_settings())
