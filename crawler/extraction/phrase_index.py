"""A fast "could any claim phrase start here?" test: the phrase table's alternatives indexed by
the characters they can start with.

The union of every language's claim phrases is one regex of several hundred alternatives; trying
it at a position costs microseconds, because the engine tries every alternative in turn. Here each
alternative's possible first characters are read from its parsed form (``re._parser``), and a
position is tried only against the alternatives that can start with the character found there
(a handful). Alternatives whose first character cannot be known (a ``\\w`` class, a wildcard)
are tried everywhere, as before. The answer is the same as the union regex's; only a yes/no is
given (which phrase matched is the detector's own, later, business).

``search`` reads a whole line, where trying every word start costs one Python step each: there
the word starts are first sifted by one regex over the lower-cased line, which finds only those
whose first few characters can begin a phrase (:func:`prefixes` reads them from the parsed form
the same way, up to :data:`PREFIX` characters; a phrase whose prefixes cannot be told leaves its
first characters alone as the sieve), and only those are tried. White space (``\\s``) in a phrase
is a character of its prefix (the sieve matches it with ``\\s``): Portuguese "o artigo" sifts
for "o" and a space, not for every word that starts with "o" ("of", "on", "or"...).
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
        CATEGORY,
        CATEGORY_SPACE,
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
try:  # the characters the engine matches to one another beyond lower and upper case
    from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found,import-untyped,unused-ignore]
except ImportError:  # pragma: no cover - without them no prefix is read: every word start is tried
    sre_parse = None
    _EXTRA_CASES = {}
_EQUIVALENT: dict[str, tuple[str, ...]] = {chr(c): tuple(map(chr, xs)) for c, xs in _EXTRA_CASES.items()}

_MAX_RANGE = 300
_WORD_START = re.compile(r"(?<![^\W_])[^\W_]")
_ALNUM = re.compile(r"[^\W_]")
#: Characters read by the sieve, and the most prefixes one alternative may have.
PREFIX = 3
_MAX_PREFIXES = 5000
#: Fills a prefix that ends where any character may follow (stripped before use).
_OPEN = "\x00"
#: Stands, in a prefix, for a white space character (``\\s``): the sieve matches it with ``\\s``.
SPACE = "\x01"


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


def _cased(chars: set[str]) -> set[str]:
    """What ``str.lower`` gives for every character the engine matches to one of ``chars``
    ignoring case: their lower and upper case, and the engine's own extra equivalences (long s
    for s, dotless i for i, the Greek symbol forms)."""
    found = {c.lower() for c in chars} | {c.upper().lower() for c in chars}
    for c in list(found):
        found.update(x.lower() for x in _EQUIVALENT.get(c, ()))
    return found


def _extend(partials: set[str], items: Any) -> set[str] | None:
    """The lower-cased prefixes (up to :data:`PREFIX` characters; shorter where a match can end
    sooner) a match can have after the parsed ``items``, from ``partials`` before them; None when
    they cannot be told. A superset: zero-width assertions are left out."""
    for op, av in items:
        if all(len(p) >= PREFIX for p in partials):
            return partials
        if op in _ZERO_WIDTH:
            continue
        extended = _extend_group(partials, op, av) if op is SUBPATTERN or op is BRANCH or op in _REPEATS else None
        if extended is not None:
            partials = extended
            continue
        chars = _cased({chr(av)}) if op is LITERAL else None
        if op is IN:
            found = _set_of(av)
            chars = None if found is None else _cased(found)
            if found is None and _is_space(av):
                chars = {SPACE}
        if chars is None:  # any character may come here (``\\s``, ``.``): each prefix ends before it
            return {p.ljust(PREFIX, _OPEN) for p in partials}
        partials = {(p + c)[:PREFIX] if len(p) < PREFIX else p for p in partials for c in chars}
        if len(partials) > _MAX_PREFIXES:
            return None
    return partials


def _is_space(items: Any) -> bool:
    """The class is ``\\s`` alone."""
    return len(items) == 1 and items[0][0] is CATEGORY and items[0][1] is CATEGORY_SPACE


def _extend_group(partials: set[str], op: Any, av: Any) -> set[str] | None:
    """:func:`_extend` over a group, an alternation or a repeat."""
    if op is SUBPATTERN:
        return _extend(partials, av[-1])
    if op is BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            part = _extend(partials, branch)
            if part is None:
                return None
            out |= part
        return out
    low, high, sub = av
    out = set(partials) if low == 0 else set()
    current, rounds = partials, 0
    while rounds < high and rounds <= PREFIX:
        rounds += 1
        extended = _extend(current, sub)
        if extended is None:
            return None
        current = extended
        if rounds >= low:
            out |= current
    if rounds < low or (rounds < high and any(len(p) < PREFIX for p in current)):
        return None  # more rounds than were read could still add characters
    return out


def prefixes(fragment: str) -> set[str] | None:
    """The lower-cased first :data:`PREFIX` characters a match of ``fragment`` (matched ignoring
    case) can start with (fewer where a match can be shorter); None when they cannot be told."""
    if sre_parse is None:
        return None
    try:
        found = _extend({""}, sre_parse.parse(fragment, re.IGNORECASE).data)
    except (AttributeError, IndexError, TypeError, ValueError):  # a parsed form this code does not know
        return None
    found = {p.rstrip(_OPEN) for p in found} if found is not None else None
    return None if not found or "" in found else found


def _trie(keys: Iterable[str]) -> str:
    """One regex matching any of ``keys`` (literal text) at a position, factored by first
    character (the engine skips an alternative at its first character)."""
    groups: dict[str, list[str]] = {}
    for key in keys:
        groups.setdefault(key[0], []).append(key[1:])
    branches = []
    for first, rests in sorted(groups.items()):
        char = r"\s" if first == SPACE else re.escape(first)
        if "" in rests:  # the character alone is a key: nothing after it matters
            branches.append(char)
        else:
            branches.append(char + "(?:" + _trie(rests) + ")")
    return "|".join(branches)


def _sieve(fragments: list[str]) -> re.Pattern[str] | None:
    """The regex finding, in lower-cased text, the word starts where one of ``fragments`` may
    match; None when every word start must be tried (a fragment's prefixes cannot be told)."""
    keys: set[str] = set()
    for fragment in fragments:
        starts = prefixes(fragment)
        if starts is None:
            return None
        keys |= starts
    # zero-width (a look-ahead): a find never hides the word starts inside its own characters
    return re.compile(r"(?<![^\W_])(?=" + _trie(keys) + ")") if keys else None


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
        unplaced, bare_unplaced = self.worded.pop(None, []), self.bare.pop(None, [])
        leftovers = [rf"(?<![^\W_])(?:{f})" for f in unplaced] + bare_unplaced
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
        #: ``search``'s sieve over the word starts (``_sieve``), the leftovers among the fragments it
        #: sifts for when all of them must start a word (then they are tried at its finds only).
        self.worded_sieve = _sieve([f for found in self.worded.values() for f in found] + unplaced)
        self.sifted_other = self.other if unplaced and not bare_unplaced and self.worded_sieve is not None else None
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
            pattern = table.get(text[p].lower()[:1])
            if pattern is not None and pattern.match(text, p):
                return True
        other = self.other_anywhere
        return other is not None and any(other.match(text, p) for p in starts)

    def search(self, text: str) -> bool:
        """True when a phrase matches anywhere in ``text`` (worded ones at word starts)."""
        worded = self.worded_re
        lowered = text.lower()
        sieve = self.worded_sieve
        # every character lower-cased to one character (the usual case): the sieve over the
        # lower-cased line (a character and its lower case are both word characters or neither)
        sifted = sieve is not None and len(lowered) == len(text)
        other = self.sifted_other if sifted else None
        for m in sieve.finditer(lowered) if sifted and sieve is not None else _WORD_START.finditer(text):
            p = m.start()
            pattern = worded.get(text[p].lower()[:1])  # [:1]: "İ" lower-cases to two characters
            if pattern is not None and pattern.match(text, p):
                return True
            if other is not None and other.match(text, p):
                return True
        if self.bare_start is not None:
            bare = self.bare_re
            for m in self.bare_start.finditer(text):
                p = m.start()
                pattern = bare.get(text[p].lower()[:1])
                if pattern is not None and pattern.match(text, p):
                    return True
        return self.other is not None and other is None and self.other.search(text) is not None


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
