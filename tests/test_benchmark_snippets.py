"""The snippet benchmark (``benchmarks/snippets.py``): its counts, its made-up URLs, and one run on
a corpus of two pages in trafilatura's evaluation layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.snippets import main, page_url, snippet_counts

ENTRY = {"file": "x.html", "with": ["first  line", "second line"], "without": ["Menu", "Footer text"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("first line\nand the second line here", (2, 0, 0, 2)),
        ("first\n line only, Menu", (1, 1, 1, 1)),
        ("Menu Footer text", (0, 2, 2, 0)),
        ("", (0, 0, 2, 2)),
        (None, (0, 0, 2, 2)),
    ],
)
def test_snippet_counts(text: str | None, expected: tuple[int, int, int, int]) -> None:
    assert snippet_counts(ENTRY, text) == expected


@pytest.mark.parametrize(
    ("key", "file", "expected"),
    [
        ("https://example.org/a/b", "ignored.html", "https://example.org/a/b"),
        ("hard::jamaicaobserver.com-attacks.html", "jamaicaobserver.com-attacks.html",
         "https://jamaicaobserver.com/jamaicaobserver.com-attacks"),
        ("hard::page", "plain.html", "https://plain/plain"),
    ],
)
def test_page_url(key: str, file: str, expected: str) -> None:
    assert page_url(key, {"file": file}) == expected


STORY = """<html><head><title>Council approves the new bridge</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Council approves the new bridge</h1>
<p>The city council voted on Tuesday to build a new bridge across the river, ending a debate that
had lasted for more than ten years and divided the town's two largest neighbourhoods.</p>
<p>Construction is expected to begin next spring, the mayor said, and the bridge should open to
traffic within three years if the budget approved this week holds.</p>
<p>Residents who had opposed the plan said they would keep watching the costs closely.</p>
</article><footer>Copyright the Town Gazette</footer></body></html>"""

EMPTY = "<html><body><nav><a href='/a'>A</a> <a href='/b'>B</a></nav></body></html>"


def test_run_on_a_small_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "story.html").write_text(STORY, encoding="utf-8")
    (tmp_path / "cache" / "empty.html").write_text(EMPTY, encoding="utf-8")
    corpus = {
        "https://gazette.example/2024/bridge": {
            "file": "story.html",
            "with": ["voted on Tuesday to build a new bridge", "keep watching the costs closely"],
            "without": ["Copyright the Town Gazette", "Sport"],
        },
        "https://empty.example/": {"file": "empty.html", "with": ["nothing here"], "without": ["A"]},
    }
    (tmp_path / "evaldata.json").write_text(json.dumps(corpus), encoding="utf-8")
    assert main(["--corpus", str(tmp_path), "--no-trafilatura", "--refused"]) == 0
    out = capsys.readouterr().out
    # the table's columns: fold (9), pages (5), runner (12), then P, R, F1 and ms
    rows = {line[16:28].strip(): line[28:].split() for line in out.splitlines()
            if line.startswith("all ") and "refused" not in line}
    assert set(rows) == {"ours", "ours listed"}
    # two of three wanted snippets found, none of the unwanted: P 1.0, R 0.667, F1 0.8
    assert rows["ours"][:3] == ["1.000", "0.667", "0.800"]
    assert rows["ours listed"][:3] == ["1.000", "0.667", "0.800"]
    assert "refused without a hint: 1/2" in out
    assert "https://empty.example/" in out


def test_missing_corpus_exits_2(tmp_path: Path) -> None:
    assert main(["--corpus", str(tmp_path)]) == 2
