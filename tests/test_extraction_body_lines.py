"""Which lines of a page are lines of its extracted body (``post_zones._body_lines``).

A line is a body line when its first characters (its key) occur in the normalised body. Up to
``_SCAN_LINES`` keyed lines the body is searched for each key; beyond, it is read once
(``_keys_in``), so that a long story beside a long menu costs time in proportion to the page,
not to its square (``benchmarks/scaling.py``, shape ``story-and-sidebar``). Both ways must
give the same lines.
"""

from __future__ import annotations

import lxml.html
import pytest

from crawler.extraction import extract_article
from crawler.extraction.lines import VisualLine
from crawler.extraction.post_zones import _MIN_KEY, _SCAN_LINES, _body_lines, _key, _keys_in

BODY = ("the council approved the budget on tuesday after a long debate. the bridge repairs will start "
        "in the spring and last eighteen months. résumé of the works: one lane stays open each way.")


@pytest.mark.parametrize(("text", "keys", "found"), [
    (BODY, {"the council approved the budget on"}, {"the council approved the budget on"}),
    # at the very end of the text
    (BODY, {"one lane stays open each way."}, {"one lane stays open each way."}),
    # exactly _MIN_KEY characters, and the whole text
    ("x" * _MIN_KEY, {"x" * _MIN_KEY}, {"x" * _MIN_KEY}),
    # two keys with the same first _MIN_KEY characters, one of them in the text
    (BODY, {"the bridge repairs will start in the spring", "the bridge repairs will start in the autumn"},
     {"the bridge repairs will start in the spring"}),
    # inside a word, as ``in`` finds it
    (BODY, {"ouncil approved the budget on tuesday"}, {"ouncil approved the budget on tuesday"}),
    # non-ASCII characters
    (BODY, {"résumé of the works: one lane"}, {"résumé of the works: one lane"}),
    # overlapping occurrences of a repeated pattern
    ("ab" * 40, {"ab" * 13, "ba" * 13, "abb" + "ab" * 11}, {"ab" * 13, "ba" * 13}),
    # a text shorter than a key, and no keys
    ("short text", {"a key that is long enough to count"}, set()),
    (BODY, set(), set()),
])
def test_keys_in_finds_what_in_finds(text: str, keys: set[str], found: set[str]) -> None:
    assert _keys_in(text, keys) == found
    assert found == {key for key in keys if key in text}


def _lines(count: int, body: str) -> list[VisualLine]:
    """``count`` lines: every third one a sentence of ``body``, the others a menu's entries
    (some too short for a key, some without a block)."""
    block = lxml.html.fromstring("<p>x</p>")
    sentences = [s.strip() + "." for s in body.split(".") if len(s.strip()) >= _MIN_KEY]
    lines = []
    for n in range(count):
        if n % 3 == 0:
            text = sentences[(n // 3) % len(sentences)].capitalize()
        elif n % 7 == 0:
            text = f"Menu {n}"
        else:
            text = f"Another story elsewhere on the site, number {n}"
        lines.append(VisualLine(text, [], None if n % 11 == 0 else block))
    return lines


@pytest.mark.parametrize("count", [12, _SCAN_LINES, _SCAN_LINES * 3])
def test_body_lines_are_the_lines_whose_key_is_in_the_body(count: int) -> None:
    lines = _lines(count, BODY)
    expected = [i for i, line in enumerate(lines)
                if line.block is not None and (key := _key(line.text)) is not None and key in BODY]
    assert expected  # the table holds body lines, and others
    assert len(expected) < sum(line.block is not None for line in lines)
    assert _body_lines(lines, BODY) == expected


FILLER = ("The regional parliament voted on Monday to extend the fishing season by two weeks after a "
          "stormy autumn that kept the boats in port for most of October and November.")
SOURCE = "https://www.metro-gazette.example/news/2024/03/11/fishing-season-extended-after-storms"


def _story_beside_sidebar(paragraphs: int, links: int) -> str:
    story = "".join(f"<p>{FILLER} Paragraph {n} of the story.</p>" for n in range(paragraphs))
    sidebar = "".join(f"<li><a href='/o/{n}'>Another story elsewhere on the site, number {n}</a></li>"
                      for n in range(links))
    return (f"<html><head><title>Fishing season extended</title></head><body><div class='wrap'><main><article>"
            f"<h1>Fishing season extended</h1><div class='entry-content'>{story}"
            f"<p>Article source: <a href='{SOURCE}'>{SOURCE}</a></p></div></article></main>"
            f"<aside><ul>{sidebar}</ul></aside></div></body></html>")


@pytest.mark.parametrize(("paragraphs", "links"), [(40, 10), (_SCAN_LINES, _SCAN_LINES * 2)])
def test_a_long_story_beside_a_long_sidebar_keeps_its_claim_and_body(paragraphs: int, links: int) -> None:
    """The claim after the story and the story's own lines, whether the body is searched for each
    line (a short page) or read once (over ``_SCAN_LINES`` lines)."""
    fields = extract_article(_story_beside_sidebar(paragraphs, links), "https://agg.example/2024/03/12/fishing/")
    assert fields["claimedSource"] is not None and fields["claimedSource"]["url"] == SOURCE
    body = fields["articleBody"]
    assert body.count("Paragraph ") == paragraphs
    assert "Another story elsewhere" not in body and "Article source" not in body
