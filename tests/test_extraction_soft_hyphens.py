"""Soft hyphens (U+00AD and its entities) are dropped before the parse: a place where a word may
break, invisible unless it does, which left in would cut the word in the text and keep a copy
hyphenated otherwise from reading the same."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article
from crawler.extraction.parsing import without_soft_hyphens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mit\xadtel\xadal\xadter", "Mittelalter"),
        ("Schutz&shy;gemein&#173;schaft", "Schutzgemeinschaft"),
        ("Wein&#xad;wirt&#xAD;schaft&#x00AD;en", "Weinwirtschaften"),
        ("Wein&#XAD;bau", "Weinbau"),
        ("no soft hyphen &amp; &#x27;quotes&#x27; &#160;", "no soft hyphen &amp; &#x27;quotes&#x27; &#160;"),
        ("a hyphen-minus and a non\u2011breaking one", "a hyphen-minus and a non\u2011breaking one"),
        ("&shy", "&shy"),  # no entity without its semicolon
        ("", ""),
    ],
)
def test_without_soft_hyphens(text: str, expected: str) -> None:
    assert without_soft_hyphens(text) == expected


PARAGRAPHS = [
    "Schon im Mit&shy;tel&shy;al&shy;ter war der Wein von den Hängen oberhalb der Stadt "
    "das Aus&shy;hän&shy;ge&shy;schild der Region, und die Winzer schlossen sich früh "
    "zu einer Schutz&shy;ge&shy;mein&shy;schaft zusammen.",
    "Heute keltern die Genossenschaften der Dörfer ringsum einen hellen, frischen Rotwein, der jung getrunken "
    "wird und zu den Speisen der Gegend passt, vom Speck bis zu den Knödeln mit Käse aus den Bergen.",
    "Die Lagen liegen zwischen dreihundert und fünfhundert Metern, die Reben stehen in der alten Erziehung "
    "der Pergel, und geerntet wird bis heute von Hand, in steilen Hängen über dem Fluss.",
]


def test_body_and_headline_read_whole_words() -> None:
    html = ("<html><head><title>Rot&shy;wei&shy;ne mit Ele&shy;ganz</title></head><body><article>"
            "<h1>Rot&shy;wei&shy;ne mit Ele&shy;ganz</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            + "</article></body></html>")
    record = extract_article(html, "https://wein.example/rotweine-mit-eleganz/", listed=True)
    assert record["headline"] == "Rotweine mit Eleganz"
    assert "Schon im Mittelalter war der Wein" in record["articleBody"]
    assert "Schutzgemeinschaft zusammen" in record["articleBody"]
    assert "\xad" not in record["articleBody"]
