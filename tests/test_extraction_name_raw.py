"""Each author's ``nameRaw`` (zyte-common-items' ``Author.nameRaw``): the text the name was read
from, a metadata value or a byline as the page shows it, where a wire service's or a syndicating
site's credit often stands beside the name."""

from __future__ import annotations

import json
from typing import Any

import pytest

from crawler.extraction import extract_article
from crawler.extraction.metadata import MAX_NAME_RAW

PROSE = (
    "The regional water board raised its rates on Monday for the first time in a decade, citing the cost "
    "of replacing mains laid in the nineteen fifties and a summer that left the reservoirs half full."
)
URL = "https://blog.example/2025/03/12/water-rates"


def page(head: str = "", byline: str = "", jsonld: dict[str, Any] | None = None) -> str:
    ld = f"<script type='application/ld+json'>{json.dumps(jsonld)}</script>" if jsonld else ""
    paragraphs = "".join(f"<p>{PROSE} Paragraph {n}.</p>" for n in range(6))
    return (f"<html><head><title>Water rates rise</title>{head}{ld}</head><body><article>"
            f"<h1>Water rates rise</h1>{byline}{paragraphs}</article></body></html>")


def authors(html: str) -> list[tuple[str, str | None]]:
    return [(a["name"], a.get("nameRaw")) for a in extract_article(html, URL, listed=True)["authors"] or []]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # JSON-LD: the value, its character references decoded
        (page(jsonld={"@type": "NewsArticle", "headline": "Water rates rise",
                      "author": [{"@type": "Person", "name": "By Jos&eacute; P&eacute;rez"}]}),
         [("José Pérez", "By José Pérez")]),
        # a <meta> naming two: each name, the whole value for both
        (page(head="<meta name='author' content='Jane Roe, John Doe'>"),
         [("Jane Roe", "Jane Roe, John Doe"), ("John Doe", "Jane Roe, John Doe")]),
        # a byline: the names before the separator, the line with the agency's credit as raw
        (page(byline="<p class='byline'>By Jane Roe and John Doe | Reuters</p>"),
         [("Jane Roe", "By Jane Roe and John Doe | Reuters"), ("John Doe", "By Jane Roe and John Doe | Reuters")]),
        # an element marked as the author's: its text as shown
        (page(byline="<div class='post-author'>Ana  Ruiz,\n Valley Times</div>"),
         [("Ana Ruiz", "Ana Ruiz, Valley Times")]),
    ],
)
def test_name_raw(html: str, expected: list[tuple[str, str]]) -> None:
    assert authors(html) == expected


def test_a_long_raw_text_is_cut() -> None:
    tail = " ".join(["and the editors of the regional desk who checked every figure"] * 8)
    found = authors(page(byline=f"<p class='byline'>By Jane Roe, with {tail}</p>"))
    assert found[0][0] == "Jane Roe"
    raw = found[0][1]
    assert raw is not None and len(raw) <= MAX_NAME_RAW and raw.startswith("By Jane Roe, with") and raw.endswith("…")
