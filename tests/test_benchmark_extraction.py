"""``benchmarks/extraction.py``'s data folders: a page's HTML under any of its usual names,
gzipped or not, and truth entries without a readable page skipped and named, not a crash; a run
with no page address (``--no-url``); the runners' order on the pages (``--order``)."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.extraction import ORDERS, load_dataset, main, run_order

STORY = ("<html><head><title>Ferry terminal to close</title></head><body><article><h1>Ferry terminal to close</h1>"
         + "<p>The harbour authority confirmed on Monday that the old ferry terminal will close in May, and "
         "passengers will board at the new pier on the east side of the bay from then on.</p>" * 4
         + "</article></body></html>").encode()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    html = tmp_path / "set" / "html"
    html.mkdir(parents=True)
    (html / "a.html.gz").write_bytes(gzip.compress(STORY))
    (html / "b.html").write_bytes(STORY)
    (html / "c.htm").write_bytes(STORY)
    (html / "d.html").write_bytes(gzip.compress(STORY))  # gzipped under a plain name
    (html / "e.html.gz").write_bytes(gzip.compress(STORY)[:40])  # cut short
    truth = {key: {"articleBody": "The harbour authority confirmed on Monday", "url": f"https://news.example/{key}"}
             for key in "abcdef"}  # f: no file at all
    (tmp_path / "set" / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return tmp_path / "set"


def test_pages_under_any_name_and_the_unreadable_named(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = load_dataset(folder)
    assert [p.page_id for p in pages] == ["a", "b", "c", "d"]
    assert all(p.html == STORY for p in pages)
    err = capsys.readouterr().err
    assert "2 of 6 pages have no readable file in html/, skipped: e, f" in err


def test_a_run_without_addresses(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(folder), "--no-trafilatura", "--no-url", "--fold", "all"]) == 0
    out = capsys.readouterr().out
    assert "set/tuned: 4 pages (no url)" in out or "set/held-out: 4 pages (no url)" in out
    row = next(line for line in out.splitlines() if line.startswith("set ") and " article " in line)
    assert row.split()[3] == "4"  # n
    assert float(row.split()[-2]) == 1.0  # every article accepted (the decision column)


@pytest.mark.parametrize(("order", "calls"), [
    ("alternate", [(0, "ours"), (0, "trafilatura"), (1, "trafilatura"), (1, "ours"), (2, "ours"), (2, "trafilatura")]),
    ("first", [(0, "ours"), (0, "trafilatura"), (1, "ours"), (1, "trafilatura"), (2, "ours"), (2, "trafilatura")]),
    ("passes", [(0, "ours"), (1, "ours"), (2, "ours"), (0, "trafilatura"), (1, "trafilatura"), (2, "trafilatura")]),
])
def test_the_runners_order(order: str, calls: list[tuple[int, str]]) -> None:
    assert run_order(3, ["ours", "trafilatura"], order) == calls


def test_each_runner_first_as_often_when_alternating() -> None:
    calls = run_order(101, ["ours", "trafilatura"])
    firsts = Counter(name for i, name in calls if (i, name) == next(c for c in calls if c[0] == i))
    assert firsts == {"ours": 51, "trafilatura": 50}
    assert sorted(calls) == sorted(run_order(101, ["ours", "trafilatura"], "passes"))  # every call once


def test_an_unknown_order_is_refused() -> None:
    assert "alternate" in ORDERS
    with pytest.raises(ValueError, match="unknown order"):
        run_order(2, ["ours"], "random")


def test_the_order_named_in_the_run(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(folder), "--no-trafilatura", "--fold", "all", "--order", "passes"]) == 0
    assert "order: passes" in capsys.readouterr().out
