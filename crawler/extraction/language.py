"""``inLanguage``: an ISO 639-1 code, from the page's declaration checked against its text.

The declared language (JSON-LD ``inLanguage``, ``<html lang>``, ``Content-Language``,
``og:locale``) is reduced to its primary subtag (``en-US`` -> ``en``). The text is identified
with py3langid (a maintained fork of langid.py, 97 languages, its model loaded once per
process). When the page declares nothing the detected language is used; when the declaration
contradicts a confident detection on enough text (a template's default ``lang="en"`` on a
Spanish page), the text wins. The text is first read on a shorter sample: a declaration it
agrees with stands, and with nothing declared a confident answer stands; the longer sample is
read only otherwise. A page declaring English or nothing whose text is plainly English by its
function words (:func:`plainly_english`) is English without asking the model, and a page whose
text plainly reads in the language it declares, by that language's own function words
(:func:`plainly`), keeps its declaration without asking it either.
"""

from __future__ import annotations

import pkgutil
import re
from array import array
from functools import lru_cache
from typing import Any

#: ISO 639-2 / 639-3 codes seen in ``lang`` attributes, to their ISO 639-1 code.
_THREE_TO_TWO: dict[str, str] = {
    "eng": "en", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es", "ita": "it",
    "por": "pt", "nld": "nl", "dut": "nl", "rus": "ru", "ukr": "uk", "pol": "pl", "ces": "cs",
    "cze": "cs", "swe": "sv", "nor": "no", "nob": "nb", "dan": "da", "fin": "fi", "tur": "tr",
    "ara": "ar", "heb": "he", "jpn": "ja", "kor": "ko", "zho": "zh", "chi": "zh", "hin": "hi",
    "ell": "el", "gre": "el", "hun": "hu", "ron": "ro", "rum": "ro", "bul": "bg", "hrv": "hr",
    "srp": "sr", "slk": "sk", "slo": "sk", "slv": "sl", "cat": "ca", "ind": "id", "msa": "ms",
    "vie": "vi", "tha": "th", "fas": "fa", "per": "fa", "ben": "bn", "tam": "ta", "urd": "ur",
    # Individual languages of a macrolanguage (ISO 639-3) to the macrolanguage's ISO 639-1 code,
    # as BCP 47 maps them: ISO 639-1 has one code for all of Chinese, Arabic, Persian, Malay...
    # The detector's model answers some of them (Wu and Cantonese for Chinese text, Egyptian and
    # Moroccan Arabic, Southern Uzbek, Southern Kurdish, Latgalian, Paraguayan Guarani, Nigerian
    # Fulfulde), and pages declare others ("cmn", "arb", "zsm", "pes").
    "cmn": "zh", "wuu": "zh", "yue": "zh", "nan": "zh", "hak": "zh", "gan": "zh", "hsn": "zh", "cjy": "zh",
    "arb": "ar", "arz": "ar", "ary": "ar", "apc": "ar", "ajp": "ar", "acm": "ar", "aeb": "ar", "arq": "ar",
    "pes": "fa", "prs": "fa", "zsm": "ms", "zlm": "ms", "swh": "sw", "ekk": "et", "lvs": "lv", "ltg": "lv",
    "als": "sq", "khk": "mn", "npi": "ne", "ory": "or", "pbt": "ps", "azj": "az", "uzn": "uz", "uzs": "uz",
    "ckb": "ku", "kmr": "ku", "sdh": "ku", "gug": "gn", "fuv": "ff", "nno": "nn", "kik": "ki",
}
#: Legacy codes some pages still declare.
_LEGACY: dict[str, str] = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv"}
_PRIMARY = re.compile(r"^\s*([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{1,8})*\s*$")
#: Below this many characters of text, or this probability, detection does not overrule.
MIN_CHARS = 200
MIN_PROBABILITY = 0.95
#: Text read for detection (longer adds time, not accuracy).
SAMPLE_CHARS = 400
#: Text read first: when it says what the page declares, the declaration stands and the longer
#: sample is not read (the model's cost grows with the text it reads).
CONFIRM_CHARS = 200
#: With nothing declared, the shorter sample's answer stands at this probability or more (on the
#: 2,009 development bodies of 200 characters or more, 1,713 stop there; 3 of them get another
#: language than from the longer sample, all three mixed-language texts: ``benchmarks/JOURNAL.md``).
FIRST_LOOK_PROBABILITY = 0.99


def iso639_1(value: str | None) -> str | None:
    """``en-US``, ``EN_gb``, ``eng`` -> ``en``; None for anything that is no language tag."""
    if not value:
        return None
    match = _PRIMARY.match(value.split(",")[0])
    if not match:
        return None
    code = match.group(1).lower()
    if len(code) == 3:
        return _THREE_TO_TWO.get(code)
    return _LEGACY.get(code, code)


@lru_cache(maxsize=1)
def _model() -> Any:
    """py3langid's model, loaded once per process (the extraction workers preload it), with its
    walk's two per-state tables as packed arrays (:func:`packed_tables`)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return packed_tables(LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True))


def packed_tables(model: Any) -> Any:
    """``model`` with the row offsets and feature outputs its byte walk reads per byte (py3langid
    0.4 holds them as lists of 104,583 ints each) as ``array('i')``: the same numbers, read by the
    same walk, but 400 KB of packed ints each instead of a list of pointers to int objects. The
    walk reads the transition table and these two at random, one byte after another; after a
    page has filled the caches with other data the walk takes about a third less time
    (``benchmarks/JOURNAL.md``). A model without them (another py3langid) is left as it is."""
    for name in ("_rowbase", "tk_output"):
        values = getattr(model, name, None)
        if isinstance(values, list) and values and all(-(2**31) <= v < 2**31 for v in (min(values), max(values))):
            setattr(model, name, array("i", values))
    return model


#: English's commonest function words. A sample of at least :data:`PLAIN_WORDS` words, its letters
#: nearly all ASCII, :data:`PLAIN_SHARE` of its words or more among them and two distinct ones of
#: :data:`_ENGLISH_CORE` is English beyond doubt: py3langid is not asked (its table walk over a
#: page's first characters takes some 0.3 ms once the page has filled the caches). Of the 2,645
#: gold texts of the development sets and tableweb seeds 21 and 22 (their first 200 characters),
#: 1,774 are read so, and py3langid says English for every one of them (70 below 0.99). Samples
#: drawn from the 200 commonest words of jusText's stop lists of 98 other languages (300 each) are
#: never read so, but for the Igbo (4) and Sundanese (46) lists, which hold English words
#: themselves (50 of Sundanese's 200). ``benchmarks/JOURNAL.md`` has the measurement.
_ENGLISH = frozenset(
    "the of and to a in that is for on with was as by at from it he she his her said has have had be were "
    "are will this which an but not they their after who been would its or more about than also when there "
    "one can into we you i our new over what up out all so if some other only could most first two time "
    "these may just like".split()
)
_ENGLISH_CORE = frozenset("the of and to that with which said was were from have has".split())
PLAIN_WORDS = 20
PLAIN_SHARE = 0.3
_LETTER_RUNS = re.compile(r"[^\W\d_]+")


def plainly_english(sample: str) -> bool:
    """Whether ``sample`` is English prose beyond doubt (see :data:`_ENGLISH`)."""
    words = _LETTER_RUNS.findall(sample)
    if len(words) < PLAIN_WORDS:
        return False
    if not sample.isascii():
        letters = "".join(words)
        if len(letters.encode("ascii", "ignore")) < 0.97 * len(letters):
            return False
    lowered = [w.lower() for w in words]
    common = sum(1 for w in lowered if w in _ENGLISH)
    return common >= PLAIN_SHARE * len(lowered) and len(_ENGLISH_CORE.intersection(lowered)) >= 2


#: jusText's stop lists (a dependency of trafilatura's, declared here too) by their ISO 639-1
#: code: each language's commonest words on its Wikipedia, commonest first. English is read by
#: :func:`plainly_english`; lists without a two-letter code (Asturian, Lombard...) only count
#: as other languages' words.
_STOP_LISTS: dict[str, str] = {
    "Afrikaans": "af", "Albanian": "sq", "Arabic": "ar", "Aragonese": "an", "Armenian": "hy",
    "Azerbaijani": "az", "Basque": "eu", "Belarusian": "be", "Bengali": "bn", "Bosnian": "bs",
    "Breton": "br", "Bulgarian": "bg", "Catalan": "ca", "Chuvash": "cv", "Croatian": "hr", "Czech": "cs",
    "Danish": "da", "Dutch": "nl", "Esperanto": "eo", "Estonian": "et", "Finnish": "fi", "French": "fr",
    "Galician": "gl", "Georgian": "ka", "German": "de", "Greek": "el", "Gujarati": "gu", "Haitian": "ht",
    "Hebrew": "he", "Hindi": "hi", "Hungarian": "hu", "Icelandic": "is", "Ido": "io", "Igbo": "ig",
    "Indonesian": "id", "Irish": "ga", "Italian": "it", "Javanese": "jv", "Kannada": "kn", "Kazakh": "kk",
    "Korean": "ko", "Kurdish": "ku", "Kyrgyz": "ky", "Latin": "la", "Latvian": "lv", "Lithuanian": "lt",
    "Luxembourgish": "lb", "Macedonian": "mk", "Malay": "ms", "Malayalam": "ml", "Maltese": "mt",
    "Marathi": "mr", "Nepali": "ne", "Norwegian_Bokmal": "nb", "Norwegian_Nynorsk": "nn", "Occitan": "oc",
    "Persian": "fa", "Polish": "pl", "Portuguese": "pt", "Quechua": "qu", "Romanian": "ro", "Russian": "ru",
    "Serbian": "sr", "Slovak": "sk", "Slovenian": "sl", "Spanish": "es", "Sundanese": "su", "Swahili": "sw",
    "Swedish": "sv", "Tagalog": "tl", "Tamil": "ta", "Telugu": "te", "Turkish": "tr", "Turkmen": "tk",
    "Ukrainian": "uk", "Urdu": "ur", "Uzbek": "uz", "Vietnamese": "vi", "Volapuk": "vo", "Walloon": "wa",
    "Welsh": "cy", "West_Frisian": "fy", "Yoruba": "yo",
}
#: A language's function words: its list's commonest words. Its own words: those of its
#: commonest :data:`OWN_WORDS` that stand among the :data:`FUNCTION_WORDS` of no other list,
#: English's and the minor languages' included ("ist" is German's alone; "und" is Low Saxon's too,
#: "der" Danish's and Dutch's among others). Close languages leave each other few words of their
#: own (Norwegian Bokmål 3, Indonesian 4, Croatian and Bosnian none): there the model decides,
#: as before.
FUNCTION_WORDS = 200
OWN_WORDS = 60
#: Distinct own words a sample must hold besides :data:`PLAIN_SHARE` of function words.
MIN_OWN = 2


@lru_cache(maxsize=1)
def function_words() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """ISO 639-1 code -> (function words, own words) of every language in :data:`_STOP_LISTS`;
    read once per process (the extraction workers preload them, some 15 ms); empty when
    jusText's lists cannot be read (then only the model decides)."""
    lists: dict[str, list[str]] = {}
    try:
        import justext

        names = sorted(justext.get_stoplists())
        for name in names:
            data = pkgutil.get_data("justext", f"stoplists/{name}.txt") or b""
            lists[name] = _commonest(data.decode("utf-8"), FUNCTION_WORDS)
    except (ImportError, OSError, UnicodeDecodeError, ValueError):
        return {}
    seen: dict[str, int] = {}
    for words in lists.values():
        for word in words:
            seen[word] = seen.get(word, 0) + 1
    return {
        code: (frozenset(lists[name]),
               frozenset(w for w in lists[name][:OWN_WORDS] if seen.get(w) == 1))
        for name, code in _STOP_LISTS.items() if name in lists
    }


def _commonest(text: str, count: int) -> list[str]:
    """The first ``count`` distinct lower-cased words of a list (its words are listed one a line
    in both cases, "Die" after "die"; the lists run to thousands of words: four times ``count``
    are read at most)."""
    words: dict[str, None] = {}
    for word in text.split(None, 4 * count)[: 4 * count]:  # (the rest unsplit, then left)
        words[word.lower()] = None
        if len(words) >= count:
            break
    return list(words)


def plainly(code: str, sample: str) -> bool:
    """Whether ``sample`` plainly reads in the language ``code`` (ISO 639-1): English by
    :func:`plainly_english`; another language when at least :data:`PLAIN_WORDS` words,
    :data:`PLAIN_SHARE` of them its function words and :data:`MIN_OWN` distinct words its own
    (:func:`function_words`). A text in another language holds none of its own words, as no
    other list has them among its commonest: only a text mixing two languages could pass, and
    then the declared one is in it. On the three development sources' 1,921 bodies of 200
    characters or more, every language this reads agrees with py3langid's on the longer sample
    (``benchmarks/JOURNAL.md``). False for a language with no list: the model decides."""
    if code == "en":
        return plainly_english(sample)
    words = function_words().get(code)
    if words is None:
        return False
    common, own = words
    found = [w.lower() for w in _LETTER_RUNS.findall(sample)]
    if len(found) < PLAIN_WORDS:
        return False
    return (sum(1 for w in found if w in common) >= PLAIN_SHARE * len(found)
            and len(own.intersection(found)) >= MIN_OWN)


def detect(text: str, chars: int = SAMPLE_CHARS) -> tuple[str, float] | None:
    """``(ISO 639-1 code, probability)`` of the first ``chars`` characters of ``text``, or None
    for text too short to tell."""
    sample = text[:chars]
    if len(sample.strip()) < 20:
        return None
    code, probability = _model().classify(sample)
    found = iso639_1(str(code))
    return (found, float(probability)) if found else None


def language(declared: list[str | None], text: str) -> str | None:
    """The page's language: the first valid declaration unless the text confidently says
    otherwise; the detected language when nothing is declared. A declaration the text plainly
    reads in (:func:`plainly`, on its first :data:`SAMPLE_CHARS` characters) stands without the
    model, and with nothing declared so does English; one the model's reading of the first
    :data:`CONFIRM_CHARS` characters agrees with stands without reading more, and so does their
    language when nothing is declared and it has :data:`FIRST_LOOK_PROBABILITY`."""
    stated = next((code for code in map(iso639_1, declared) if code), None)
    if stated is not None and len(text) < MIN_CHARS:  # too little text to overrule: not read
        return stated
    if stated in (None, "en") and plainly_english(text[:CONFIRM_CHARS]):
        return "en"
    if plainly(stated or "en", text[:SAMPLE_CHARS]):  # (nothing declared: English, as above)
        return stated or "en"
    first = detect(text, CONFIRM_CHARS)
    if len(text) <= CONFIRM_CHARS:  # the whole text was read: reading "more" reads the same
        found = first
    elif first is not None and (first[0] == stated or (stated is None and first[1] >= FIRST_LOOK_PROBABILITY)):
        return first[0]
    else:
        found = detect(text)
    if found is None:
        return stated
    code, probability = found
    if stated is None or stated == code:
        return code
    if len(text) >= MIN_CHARS and probability >= MIN_PROBABILITY:
        return code
    return stated
