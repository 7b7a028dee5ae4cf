"""``benchmarks/decision_fit.py``: the decision at a threshold (``bare_prose`` pages and declared
threads as the product decides them) and the frontier between the two decision targets."""

from __future__ import annotations

import re

import numpy as np
import pytest

from benchmarks.decision_fit import accepted_at, frontier, threshold_at


def _row(page_type: str, fold: str = "held-out", *, bare: bool = False, words: int = 300, thread: bool = False,
         undeclared: bool = False) -> dict[str, object]:
    return {"type": page_type, "fold": fold, "bare": bare, "words": words, "thread": thread, "undeclared": undeclared}


def test_the_decision_at_a_threshold() -> None:
    rows = [_row("article"), _row("article", bare=True), _row("article", words=0), _row("forum", thread=True),
            _row("service")]
    scores = np.array([0.5, -3.0, 2.0, 2.0, 0.1])
    assert accepted_at(rows, scores, 0.2) == [True, True, False, False, False]
    assert accepted_at(rows, scores, 0.0) == [True, True, False, False, True]


def test_the_threshold_keeps_the_budget() -> None:
    scores = np.array([-2.0, -1.0, 0.0, 1.0, 2.0] * 4)  # 20 articles
    articles = texted = scored = np.ones(20, dtype=bool)
    assert threshold_at(scores, articles, texted, scored, 0.10) == pytest.approx(-2.005)  # 2 of 20 may go
    assert threshold_at(scores, articles, texted, scored, 0.20) == pytest.approx(-1.005)


def test_the_frontier_counts_each_fold_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    served = [_row("article") for _ in range(4)] + [_row("listing") for _ in range(4)]
    undeclared = [_row(t, undeclared=True) for t in ("article",) * 4 + ("product",) * 4]
    rows = served + undeclared
    scores = np.array([0.0, 1.0, 2.0, 3.0, -1.0, 0.5, 1.5, 2.5] * 2)
    frontier(rows, scores, [(0.01, -2.0), (0.25, 1.2)])
    lines = capsys.readouterr().out.splitlines()
    assert "held-out:" in lines[0] and "held-out undeclared:" in lines[0] and "tuned" not in lines[0]
    assert lines[1].split()[:2] == ["1%", "-2.000"]
    # per fold and version: articles refused, other pages accepted
    assert re.findall(r"\d+/\d+", lines[1]) == ["0/4", "4/4", "0/4", "4/4"]
    assert re.findall(r"\d+/\d+", lines[2]) == ["2/4", "2/4", "2/4", "2/4"]
