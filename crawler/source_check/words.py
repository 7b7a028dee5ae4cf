"""Word evidence: do the claimed URL's slug, or the claimed page's title, speak of the post?

Slugs and titles are reduced to content words (stop words, numbers, ids dropped; stemmed with
the Snowball stemmer of the post's language when there is one, else a simple English stemmer;
inflected endings tolerated) and looked for in the post's headline and body, in their own script
and transliterated to Latin letters (``anyascii``: a Russian article's slug
``moskva-...`` is found in ``Москва``; spelling variants of transliteration schemes, y/j/i and
w/v, are folded). Slugs and titles that are only numbers, hashes, or words of scripts written
without reliable word breaks (Han, kana, Hangul, Thai) give no evidence either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import snowballstemmer
from anyascii import anyascii

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

#: Short function words of the other languages Snowball stems (three letters or more: shorter
#: words never count), so "los", "para" or "und" in a slug are not taken for its subject.
FOREIGN_STOP_WORDS = frozenset(
    """
    los las del una uno unos unas que por con para como pero sus este esta estos entre sobre desde
    dos das nos numa num pelo pela pelos pelas ele ela eles elas mais como seu sua
    della delle degli dello che per con una uno gli nel nella sul sulla dal dalla alla alle
    les des une aux sur par pour dans avec qui que est sont ses ces cette leur leurs
    der die das den dem des und ein eine einer einem einen mit von auf für ist sich nicht zum zur
    het een van voor met niet zijn aan bij ook als maar naar
    """.split()
)
#: ISO 639-1 code -> Snowball algorithm
SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
    "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}

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


@lru_cache(maxsize=64)
def language_stemmer(lang: str | None) -> Callable[[str], str] | None:
    """The Snowball stemmer of an ISO 639-1 language (``en-US`` reads as ``en``), or None."""
    algorithm = SNOWBALL.get((lang or "").split("-")[0].lower())
    return snowballstemmer.stemmer(algorithm).stemWord if algorithm else None


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
    return list(dict.fromkeys(w for w in words if _content(w)))


def _content(word: str) -> bool:
    return _wordlike(word) and word not in STOP_WORDS and word not in FOREIGN_STOP_WORDS


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
        content = [w for w in words if _content(w)]
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


_FOLD = str.maketrans({"y": "i", "j": "i", "w": "v"})


def latin(word: str) -> str:
    """``word`` in Latin letters, transliteration-scheme variants folded (``новый`` -> ``novii``)."""
    return re.sub(r"(.)\1+", r"\1", anyascii(word).lower().translate(_FOLD))


def _forms(word: str, language: Callable[[str], str] | None = None) -> set[str]:
    forms = {stem(word)}
    if language is not None:
        forms.add(language(word))
    if not word.isascii() or any(c in word for c in "yjw"):
        forms.add(stem(latin(word)))
    return {f for f in forms if f}


def _overlap(words: list[str], text: str, lang: str | None = None) -> float | None:
    if not words:
        return None
    language = language_stemmer(lang)
    tokens = set(_SLUG_SPLIT_RE.split(normalize(text)))  # each distinct word stemmed once
    text_stems = {f for t in tokens if t for f in _forms(t, language)}
    long_stems = [t for t in text_stems if len(t) >= 4]
    found = sum(1 for w in words if any(_stem_match(f, text_stems, long_stems) for f in _forms(w, language)))
    return found / len(words)


def slug_overlap(url: str, text: str, lang: str | None = None) -> tuple[float | None, list[str]]:
    """(share of the slug's content words found in ``text``, the slug words); None: no evidence."""
    words = slug_words(url)
    return _overlap(words, text, lang), words


def _words_evidence(words: list[str], text: str, cfg: SourceCheckConfig, lang: str | None) -> bool | None:
    if len(words) < cfg.slug_min_words or not text.strip():
        return None
    overlap = _overlap(words, text, lang)
    return None if overlap is None else overlap < cfg.slug_min_overlap


def slug_evidence(url: str, text: str, cfg: SourceCheckConfig | None = None, lang: str | None = None) -> bool | None:
    """True: the slug contradicts the text (of language ``lang``); False: it agrees; None: no evidence."""
    return _words_evidence(slug_words(url), text, cfg or SourceCheckConfig.from_settings(), lang)


def title_evidence(
    title: str | None, text: str, cfg: SourceCheckConfig | None = None, lang: str | None = None
) -> bool | None:
    """True: the claimed page's title contradicts the text; False: it agrees; None: no evidence."""
    return _words_evidence(title_words(title), text, cfg or SourceCheckConfig.from_settings(), lang)
