"""Lone surrogates in JSON from outside: ``"\\ud83d"``, half of a character.

JSON writes a character beyond the Basic Multilingual Plane (an emoji) as two escapes, a
surrogate pair, which ``json`` joins into the one character. A string cut between the two (by a
site's own code, or a tool's) leaves one escape alone: ``json`` gives it as a lone surrogate, a
code point that is no character, for which no UTF-8 exists. Every later write of it fails
(a feed, SQLite, Redis), and the record is lost. Read it as U+FFFD, as a decoder reads any
malformed text. Used on pages' JSON-LD (:mod:`crawler.extraction.structured`) and on the
records ``scrapy recheck`` and ``scrapy merge`` read (:mod:`crawler.records`).
"""

from __future__ import annotations

import re
from typing import Any

#: A JSON escape of a surrogate (looked for in the JSON text before its value is walked).
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(value: Any) -> Any:
    """``value`` (a parsed JSON value) with every lone surrogate in its strings (keys too) as
    U+FFFD; RecursionError on a value nested deeper than the interpreter's stack."""
    if isinstance(value, str):
        return _LONE.sub("\ufffd", value) if _LONE.search(value) else value
    if isinstance(value, list):
        return [without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {without_lone_surrogates(key): without_lone_surrogates(item) for key, item in value.items()}
    return value


def json_loaded(raw: str, value: Any) -> Any:
    """``value``, the parsed ``raw``, without lone surrogates (walked only when ``raw`` escapes
    a surrogate)."""
    return without_lone_surrogates(value) if SURROGATE_ESCAPE.search(raw) else value
