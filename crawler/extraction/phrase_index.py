"""A fast "could any claim phrase start here?" test: the phrase table's alternatives indexed by
the characters they can start with.

The union of every language's claim phrases is one regex of several hundred alternatives; trying
it at a position costs microseconds, because the engine tries every alternative in turn. Here each
alternative's possible first characters are read from its parsed form (``re._parser``), and a
position is tried only against the alternatives that can start with the character found there
(a handful). Alternatives whose first character cannot be known (a ``\\w`` class, a wildcard)
are tried everywhere, as before. The answer is the same as the union regex's; only a yes/no is
given (which phrase matched is the detector's own, later, business).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from .claim_phrases import claim_phrases, fragments

try:  # the regex parser's internals (Python 3.11+); without them every phrase is tried everywhere
    import re._parser as sre_parse  # type: ignore[import-not-found,import-untyped,unused-ignore]
    from re._constants import (  # type: ignore[import-not-found,import-untyped,unused-ignore]
        ASSERT,
        ASSERT_NOT,
        AT,
        BRANCH,
        IN,
        LITERAL,
        MAX_REPEAT,
        MIN_REPEAT,
        POSSESSIVE_REPEAT,
        RANGE,
        SUBPATTERN,
    )

    _REPEATS = (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT)
    _ZERO_WIDTH = (AT, ASSERT, ASSERT_NOT)
except ImportError:  # pragma: no cover - a Python whose regex internals moved: slower, same answers
    sre_parse = None

_MAX_RANGE = 300
_WORD_START = re.compile(r"(?<![^\W_])[^\W_]")
_ALNUM = re.compile(r"[^\W_]")


def _set_of(items: Any) -> set[str] | None:
    """The characters of a class (``[uú]``, ``[a-z]``); None for negated or category classes."""
    found: set[str] = set()
    for op, av in items:
        if op is LITERAL:
            found.add(chr(av))
        elif op is RANGE and av[1] - av[0] <= _MAX_RANGE:
            found.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return found


def _first(items: Any) -> tuple[set[str] | None, bool]:
    """(the characters ``items`` can start with, or None when unknown; whether it can match empty)."""
    found: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is LITERAL:
            return found | {chr(av)}, False
        if op is IN:
            chars = _set_of(av)
            return (None if chars is None else found | chars), False
        if op is SUBPATTERN:
            sub, empty = _first(av[-1])
        elif op is BRANCH:
            sub, empty = set(), False
            for branch in av[1]:
                part, part_empty = _first(branch)
                if part is None:
                    return None, False
                sub |= part
                empty = empty or part_empty
        elif op in _REPEATS:
            sub, empty = _first(av[2])
            empty = empty or av[0] == 0
        else:
            return None, False
        if sub is None:
            return None, False
        found |= sub
        if not empty:
            return found, False
    return found, True


def first_chars(fragment: str) -> set[str] | None:
    """The lower-cased characters a match of ``fragment`` (matched ignoring case) can start with;
    None when they cannot be told."""
    if sre_parse is None:
        return None
    try:
        chars, empty = _first(sre_parse.parse(fragment, re.IGNORECASE).data)
    except (AttributeError, IndexError, TypeError, ValueError):  # a parsed form this code does not know
        return None
    if chars is None or empty:
        return None
    return {c.lower() for c in chars} | {c.upper().lower() for c in chars}


@lru_cache(maxsize=1)
def claim_index() -> PhraseIndex:
    """The index of every claim phrase (``claim_phrases.any_phrase`` in pieces)."""
    return PhraseIndex(*fragments(claim_phrases()))


class PhraseIndex:
    """Alternatives by first character: ``worded`` ones must start a word, ``bare`` ones (scripts
    written without spaces) may start anywhere; ``other``: the ones tried everywhere."""

    def __init__(self, worded: Iterable[str], bare: Iterable[str]) -> None:
        self.worded = _by_char(worded, word_start=True)
        self.bare = _by_char(bare)
        leftovers = [rf"(?<![^\W_])(?:{f})" for f in self.worded.pop(None, [])] + self.bare.pop(None, [])
        self.other = re.compile("|".join(leftovers), re.IGNORECASE) if leftovers else None
        #: The characters the leftovers can start with (None: any), for ``match_at``.
        starts: set[str] | None = set()
        for fragment in leftovers:
            chars = first_chars(fragment)
            starts = None if chars is None or starts is None else starts | chars
        self.other_starts = starts
        firsts = "".join(re.escape(c) for c in sorted(k for k in self.bare if k))
        self.bare_start = re.compile(f"[{firsts}]", re.IGNORECASE) if firsts else None
        self.worded_re = {c: re.compile("|".join(f), re.IGNORECASE) for c, f in self.worded.items()}
        self.bare_re = {c: re.compile("|".join(f), re.IGNORECASE) for c, f in self.bare.items()}
        #: For ``match_at``: one regex per first character, every alternative that can start with
        #: it (worded, bare, and the leftovers when their first characters are known).
        self.at_start = _at_start(self.worded, self.bare, leftovers if starts is not None else [], starts or set())
        self.other_anywhere = self.other if starts is None else None

    def match_at(self, text: str, starts: Iterable[int]) -> bool:
        """True when a phrase matches at one of ``starts`` (word starts): one dictionary read and
        at most one regex per start."""
        table = self.at_start
        for p in starts:
            pattern = table.get(text[p].lower())
            if pattern is not None and pattern.match(text, p):
                return True
        other = self.other_anywhere
        return other is not None and any(other.match(text, p) for p in starts)

    def search(self, text: str) -> bool:
        """True when a phrase matches anywhere in ``text`` (worded ones at word starts)."""
        worded = self.worded_re
        for m in _WORD_START.finditer(text):
            p = m.start()
            pattern = worded.get(text[p].lower())
            if pattern is not None and pattern.match(text, p):
                return True
        if self.bare_start is not None:
            bare = self.bare_re
            for m in self.bare_start.finditer(text):
                p = m.start()
                pattern = bare.get(text[p].lower())
                if pattern is not None and pattern.match(text, p):
                    return True
        return self.other is not None and self.other.search(text) is not None


def _at_start(worded: dict[str | None, list[str]], bare: dict[str | None, list[str]], leftovers: list[str],
              leftover_starts: set[str]) -> dict[str, re.Pattern[str]]:
    """Per first character, the alternation of every fragment a match there can come from (a
    match of ``a|b`` at a position is a match of ``a`` or of ``b`` there)."""
    keys = {k for k in worded if k} | {k for k in bare if k} | leftover_starts
    table = {}
    for key in keys:
        found = worded.get(key, []) + bare.get(key, []) + (leftovers if key in leftover_starts else [])
        table[key] = re.compile("|".join(found), re.IGNORECASE)
    return table


def _by_char(fragments: Iterable[str], word_start: bool = False) -> dict[str | None, list[str]]:
    """Fragments by each character they can start with (None: cannot be told, or, for those
    that must start a word, one of them is no letter or digit)."""
    table: dict[str | None, list[str]] = {}
    for fragment in fragments:
        chars = first_chars(fragment)
        if word_start and chars is not None and not all(_ALNUM.fullmatch(c) for c in chars):
            chars = None
        for key in (None,) if chars is None else sorted(chars):
            table.setdefault(key, []).append(fragment)
    return table
