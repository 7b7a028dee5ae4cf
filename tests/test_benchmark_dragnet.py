"""The gold folders of ``benchmarks/dragnet.py``: Dragnet's comments cut off, CleanEval's text
format and HTML gold files read into the benchmark layout (a folder written and read back)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from benchmarks.dragnet import cleaneval_truth, convert, html_truth, truth_of

CLEANEVAL = (
    b"\nURL: http://news.example.co.uk/news/business-21302969\n"
    b"<h>One couple's mission to find a better work/life balance\n \n"
    b"<p>Popular DIY bloggers discuss balancing life with working from\nhome\n\n"
    b"<l>John &amp; Sherry&#8217;s kitchen\n"
)


def test_cleaneval_gold() -> None:
    text, url = cleaneval_truth(CLEANEVAL)
    assert url == "http://news.example.co.uk/news/business-21302969"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines == ["One couple's mission to find a better work/life balance",
                     "Popular DIY bloggers discuss balancing life with working from", "home",
                     "John & Sherry\u2019s kitchen"]


def test_html_gold() -> None:
    gold = b"<div id='page'><h2>A title</h2><p>One <a href='/x'>linked</a> line.</p><ul><li>Item</li></ul></div>"
    lines = [line.strip() for line in html_truth(gold).splitlines() if line.strip()]
    assert lines == ["A title", "One linked line.", "Item"]


def test_dragnet_gold_stops_at_the_comments() -> None:
    gold = "Headline\nThe story.\n!@#$%^&*() COMMENTS\nA reader's comment".encode("utf-16")
    assert truth_of(gold).split() == ["Headline", "The", "story."]


@pytest.mark.parametrize(("gold_format", "gold", "url"), [
    ("cleaneval", CLEANEVAL, "http://news.example.co.uk/news/business-21302969"),
    ("html", b"<p>One couple's mission to find a better work/life balance</p>",
     "http://news.example.co.uk/story/1"),
])
def test_convert_writes_the_layout(tmp_path: Path, gold_format: str, gold: bytes, url: str) -> None:
    (tmp_path / "src" / "input").mkdir(parents=True)
    (tmp_path / "src" / "GoldStandard").mkdir()
    page = b"<html><head><link rel='canonical' href='http://news.example.co.uk/story/1'></head><body></body></html>"
    (tmp_path / "src" / "input" / "a1.html").write_bytes(page)
    (tmp_path / "src" / "GoldStandard" / "a1.txt").write_bytes(gold)
    assert convert(tmp_path / "src", tmp_path / "out", 0, gold_format) == (1, 0, 0)
    truth = json.loads((tmp_path / "out" / "ground-truth.json").read_text(encoding="utf-8"))
    assert truth["a1"]["url"] == url
    assert truth["a1"]["articleBody"].startswith("One couple's mission")
    assert gzip.decompress((tmp_path / "out" / "html" / "a1.html.gz").read_bytes()) == page
