"""Lone surrogates in JSON from outside (crawler/surrogates.py): read as U+FFFD, in records and in
a page's JSON-LD."""

from __future__ import annotations

import json
from typing import Any

import pytest

from crawler.extraction import extract_article
from crawler.surrogates import json_loaded

PROSE = "".join(f"<p>{s}.</p>" for s in (
    "The regional parliament voted on Monday to extend the fishing season by two weeks",
    "Fishermen had asked for the extension after storms kept boats in port for most of October",
    "Environmental groups said the decision ignores warnings about falling cod stocks in the bay",
))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (r'{"a": "cut \ud83d"}', {"a": "cut \ufffd"}),
        (r'{"a": "\udc00 low first"}', {"a": "\ufffd low first"}),
        (r'{"a": "pair \ud83d\ude00"}', {"a": "pair \U0001f600"}),  # one character: kept
        (r'{"a": "reversed \ude00\ud83d"}', {"a": "reversed \ufffd\ufffd"}),
        (r'{"\ud800": [1, "x\udbff", {"b": null}]}', {"\ufffd": [1, "x\ufffd", {"b": None}]}),
        (r'{"a": "\\ud83d is text"}', {"a": "\\ud83d is text"}),  # an escaped backslash: no surrogate
        ('{"a": "plain é"}', {"a": "plain é"}),
    ],
)
def test_json_loaded(raw: str, expected: Any) -> None:
    value = json_loaded(raw, json.loads(raw))
    assert value == expected
    json.dumps(value, ensure_ascii=False).encode("utf-8")  # no lone surrogate left


def test_jsonld_with_half_a_character_gives_a_record_utf8_can_hold() -> None:
    ld = (r'{"@type": "NewsArticle", "headline": "Season extended \ud83d", "author": {"name": "Jane \udc00Roe",'
          r' "url": "https://agg.example/a/\ud800"}, "description": "Boats \ud83d\ude00 out"}')
    page = (f'<html><head><script type="application/ld+json">{ld}</script></head><body><article>'
            f"<h1>Season extended</h1>{PROSE}</article></body></html>")
    record = extract_article(page, "https://agg.example/p/1", listed=True)
    assert record["authors"] == [{"name": "Jane \ufffdRoe", "url": "https://agg.example/a/\ufffd",
                                  "nameRaw": "Jane \ufffdRoe"}]
    assert record["description"] == "Boats \U0001f600 out"
    json.dumps(record, ensure_ascii=False).encode("utf-8")
