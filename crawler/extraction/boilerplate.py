"""Generic boilerplate rules for extracted text lines (no site lists).

Two strengths of evidence:

* *strong* lines are boilerplate wherever they stand (newsletter sign-up confirmations,
  "Read More", "Post a Comment", "Share this:", cookie notices, attribution lines...);
* *weak* lines ("Close", "Thank you,", "Click here", "Loading...") are boilerplate only next
  to strong ones, i.e. inside a widget, since an article may well contain them.

Plus title-like lines: a short "Headline | Section" line is a related-article teaser.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

from .phrase_index import first_chars

_WS = re.compile(r"\s+")


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"^(?:" + "|".join(patterns) + r")$", re.I)


#: Whole-line patterns (matched on the line lower-cased, outer punctuation removed).
_STRONG_PATTERNS = (
    # newsletter / sign-up widgets
    r"thanks?( you)? for (signing up|subscribing|registering|your interest)( to [\w ]{1,40})?",
    r"we(’|')ve got more newsletters.*",
    r"(sign up|subscribe|register) (now )?(for|to) (our|the|my) [\w\s'’&-]{0,50}"
    r"(newsletters?|emails?|alerts?|updates)( here)?.{0,60}",
    r"(get|receive) (our|the) [\w\s'’&-]{0,50}newsletters?.{0,80}",
    r"oops.{0,3}something went wrong.{0,40}",
    r"something went wrong.{0,10}please try again.{0,20}",
    r"please try again( later)?",
    r"the email address you (have )?(provided|entered) is already (registered|subscribed).{0,40}",
    r"(please )?(enter|provide) a valid e-?mail( address)?",
    r"invalid e-?mail( address)?",
    r"by (signing up|subscribing|clicking|submitting).{0,160}(agree|privacy|terms|consent).{0,160}",
    r"you (have been|are now|were) (successfully )?(subscribed|signed up|registered).{0,60}",
    r"(check|see) your (inbox|email).{0,60}",
    r"this site is protected by recaptcha.*",
    # read more / continue
    r"(read|see|view) (more|the full (story|article|post)|full (story|article)|"
    r"the rest of (this|the) (story|article|entry))( here| on [\w .'’-]{1,40})?",
    r"continue reading( (this|the) (story|article|post|main story))?( below)?",
    r"keep reading|read on|click here to read more|more below",
    r"(read|see|watch|more|also read|read also|related|recommended|don(’|')?t miss|must read)( more)?\s*:.{0,200}",
    r"don(’|')?t miss( this)?|must read|editor(’|')?s picks?|top stories",
    r"(leggi anche|lire aussi|à lire aussi|lesen sie auch|mehr zum thema|lea también|leia também|"
    r"читайте также|читайте также:|см\. также|смотрите также)(\s*:.{0,200})?",
    r"keep an eye on your inbox.{0,80}|there was an error processing your (subscription|request).{0,40}",
    r"tell us what you think.{0,20}|what do you think\?? ?(let us know|tell us).{0,60}",
    r"\[\w+[^\]]*\].{0,200}\[/\w+\]",
    # comment sections
    r"(no|\d+ )?comments?:?",
    r"post a comment|leave a (reply|comment)|add (a|your) comment|write a comment",
    r"(show|view|load|hide|see) (all )?(\d+ )?comments?|comments? \(\d+\)",
    r"join the (discussion|conversation)|comments are closed.{0,40}",
    r"cancel reply|you must be logged in to post a comment.{0,40}",
    r"subscribe to: post comments( \(atom\))?",
    r"newer post\W*older post\W*(home)?|older post\W*newer post\W*(home)?|newer posts?|older posts?",
    # share prompts
    r"(share|like) this( article| story| post| page)?:?",
    r"share (this )?(on|via|to) (facebook|twitter|x|linkedin|whatsapp|email|pinterest|reddit).{0,60}",
    r"(email this\W*)?blogthis!?.{0,80}",
    r"(click to )?(share|email|print) (on|this|via)? ?"
    r"(facebook|twitter|linkedin|whatsapp|email|pinterest|reddit)?( \(opens in new window\))?",
    r"((share|tweet|email|print|facebook|twitter|linkedin|whatsapp|pinterest|reddit|telegram|messenger|"
    r"copy link|flipboard|pocket|sms|comment|comments|save)\W*){2,}",
    r"(follow|like|find) us on (facebook|twitter|instagram|linkedin|youtube|telegram).{0,60}",
    r"follow [^.]{1,60} on (facebook|twitter|instagram|linkedin|youtube|telegram|tiktok|x)\b[^.]{0,100}",
    r"related( articles| stories| posts| content| coverage| reading| topics| news)?:?",
    r"(more|also) (on|from|about) (this|the) (topic|story|subject).{0,30}",
    r"you (may|might) (also )?(like|enjoy|be interested in).{0,20}",
    r"recommended( for you)?|most (read|popular|viewed)|trending( now)?",
    r"advertisement|advertising|sponsored( content)?|ad|skip (to content|advertisement|ad)",
    r"loading( comments)?\W*",
    # cookie notices
    r"(accept|reject|allow|manage) (all )?cookies.{0,40}|cookie (settings|preferences|policy)",
    # blogger-style footers
    r"posted by .{1,60}( at | on ).{1,40}|labels?: .{1,200}|email this",
    # a server's error messages printed into the page (PHP: "Warning: ... in /www/x.php on line 56")
    r"(php )?(warning|notice|deprecated|strict standards|(catchable )?fatal error|parse error)\s*:.{1,400}"
    r" in \S*[/\\]\S+ on line \d+",
    # attribution lines (reported as claimedSource, never left in the body)
    r"(article )?source: ?(https?://|www\.)\S+",
    r"article source:.{0,200}",
    r"(this (article|story|post) (was )?)?(originally|first) (published|appeared) (at|on|in) .{1,120}",
    r"read the (full|original|whole) (story|article|post) (at|on) .{1,120}",
)
STRONG = _rx(*_STRONG_PATTERNS)


def _by_first_char(patterns: tuple[str, ...]) -> dict[str, re.Pattern[str]]:
    """For each ASCII letter and digit, the whole-line regex of the patterns a line starting with
    it can match (those whose first characters cannot be told are in every one): one regex tried
    at the start of a line walks every alternative that begins with a group, so the line's first
    character picks the few that can match. A line starting with another character is matched
    against the whole table (case-insensitive equivalents such as ``ı``/``i`` stay exact)."""
    firsts = [first_chars(pattern) for pattern in patterns]
    table: dict[str, re.Pattern[str]] = {}
    for char in string.ascii_lowercase + string.digits:
        table[char] = _rx(*(p for p, chars in zip(patterns, firsts, strict=True) if chars is None or char in chars))
    return table


_STRONG_BY_FIRST = _by_first_char(_STRONG_PATTERNS)
#: The strong patterns that may start anywhere in their first 120 characters: tried only on
#: lines holding their keyword (a leading ``.{0,N}`` tries every start position, the cost of
#: the whole table on every line). ``ı``/``ſ`` match ``i``/``s`` under ``re.I``: tried there too.
STRONG_ANYWHERE = _rx(
    r".{0,60}newsletters? (we think )?you(’|')ll (find interesting|love|like|enjoy).*",
    r".{0,120}\b(we|this (web)?site|our (web)?site|our partners) uses? cookies.{0,300}",
    r".{0,120}by (continuing to (use|browse)|using) (this|our) (web)?site.{0,200}cookies.{0,200}",
)
WEAK = _rx(
    r"close|click here|thank you|thanks|cancel|submit|sign up|subscribe|email|e-mail|"
    r"email address|your email|enter your email|sign in|log in|register|ok|no thanks|"
    r"loading|please wait|dismiss|got it|accept|x|×|menu|home|next|previous|back to top|"
    r"newsletter|subscribe now|sign up now|sign me up|success|error|privacy policy|terms of (use|service)|"
    r"sorry|[\w' ]{1,30} newsletter",
)
_SECTION_SUFFIX = re.compile(
    r"\s[|•]\s*(analysis|opinion|video|watch|photos?|gallery|live|podcast|exclusive|explainer|"
    r"interview|editorial|column|review|breaking|update|news|sport|sports|comment|features?|listen)$",
    re.I,
)


_BRACKET_LABEL = re.compile(r"\[[A-Z][A-Z ]{1,20}\]$")
_BARE_URL = re.compile(r"^(https?://|www\.)\S+$", re.I)


@dataclass(frozen=True)
class Line:
    """One line of extracted text and the trafilatura block it came from."""

    text: str
    kind: str = "p"


def normalize(text: str, collapsed: bool = False) -> str:
    """Lower-cased, whitespace-collapsed, outer punctuation removed (``collapsed``: the text's
    white space is collapsed already, as a text block's is: not split and joined again)."""
    folded = text.lower() if collapsed else " ".join(text.split()).lower()
    start, end = 0, len(folded)
    while start < end and not folded[start].isalnum():  # a regex anchored at the end ($)
        start += 1  # tried every position of the line: 6 us a line
    while end > start and not folded[end - 1].isalnum():
        end -= 1
    return folded[start:end]


def is_strong(text: str, norm: str | None = None) -> bool:
    """A line that is boilerplate wherever it stands (``norm``: ``normalize(text)`` if known)."""
    if norm is None:
        norm = normalize(text)
    if not norm and text.strip():
        return len(text.strip()) <= 3  # lone symbols: "»", "|", "..."
    if len(norm) > 600:
        return False
    if _STRONG_BY_FIRST.get(norm[:1], STRONG).match(norm):
        return True
    keyed = "newsletter" in norm or "cookies" in norm or "ı" in norm or "ſ" in norm
    return keyed and bool(STRONG_ANYWHERE.match(norm))


def is_weak(text: str, norm: str | None = None) -> bool:
    """A widget-like line, boilerplate only among other boilerplate."""
    if norm is None:
        norm = normalize(text)
    return len(norm) <= 40 and bool(WEAK.match(norm))


def is_section_teaser(text: str) -> bool:
    """A short headline ending in a section label: "Some Headline | Analysis", "... [VIDEO]"."""
    stripped = text.strip().rstrip("|").strip()
    if stripped.endswith("."):  # before counting the words: most running text ends so
        return False
    if not 3 <= len(stripped.split()) <= 25:
        return False
    return bool(_SECTION_SUFFIX.search(stripped) or _BRACKET_LABEL.search(stripped))


def filter_lines(  # noqa: C901  (one pass over the lines, a rule per branch; issue 12 reworks it)
    lines: Sequence[Line], extra_drop: frozenset[str] = frozenset(), titles: frozenset[str] = frozenset(),
    collapsed: bool = False,
) -> list[Line]:
    """Drop boilerplate lines.

    ``extra_drop`` holds normalised lines known to be boilerplate anywhere; ``titles`` the
    normalised page titles, dropped among the first lines of the body; ``collapsed``: the lines'
    white space is collapsed already (text blocks).
    """
    n = len(lines)
    norms = [normalize(line.text, collapsed) for line in lines]
    strong = [norm in extra_drop or is_strong(line.text, norm) for line, norm in zip(lines, norms, strict=True)]
    weak = [is_weak(line.text, norm) for line, norm in zip(lines, norms, strict=True)]
    drop = list(strong)
    # weak lines go when they sit in a run of boilerplate (a widget)
    for i in range(n):
        if weak[i] and not drop[i]:
            lo, hi = i, i
            while lo > 0 and (weak[lo - 1] or strong[lo - 1]):
                lo -= 1
            while hi < n - 1 and (weak[hi + 1] or strong[hi + 1]):
                hi += 1
            if any(strong[lo : hi + 1]):
                for j in range(lo, hi + 1):
                    drop[j] = True
    for i, line in enumerate(lines):
        if not drop[i] and is_section_teaser(line.text):
            drop[i] = True
    # the headline (and a bare URL) repeated at the top of the body
    kept = 0
    for i, line in enumerate(lines):
        if drop[i]:
            continue
        norm = norms[i]
        if norm in titles or _BARE_URL.match(line.text.strip()):
            drop[i] = True
            continue
        kept += 1
        if kept >= 3:
            break
    return [line for line, gone in zip(lines, drop, strict=True) if not gone and line.text.strip()]
