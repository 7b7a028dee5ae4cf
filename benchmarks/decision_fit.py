"""Fit the article decision's weights (``crawler/extraction/decision.py``) on the tuned fold.

Reads the development sets as ``extraction.py`` does (same folds, split by registered domain),
computes ``decision.features`` of every page with no provenance hint, and fits an L2-regularised
logistic regression (Newton's method, numpy only) on the *tuned* fold: ``article`` pages against
the six other page types, articles weighted ``--article-weight`` to one. Every page counts twice:
as served and as ``undeclared.py`` serves it (its JSON-LD, microdata, OpenGraph, HTML5 sectioning
and ARIA roles removed), so the weights of the page's shape are fitted for pages that declare
nothing too (``--no-undeclared``: the pages as served only). Pages with no text
(under ``decision.MIN_WORDS`` words) are left out of the fit (they are refused whatever their
score), and so are pages ``bare_prose`` accepts whatever their score. Pages that declare
themselves threads (``declares_thread``) are refused whatever their score: the fit keeps them
(the score is what decides the pages of the same shape that declare nothing), the report counts
them refused. The threshold is the highest score that keeps the tuned fold's refused articles
(as served), those with no text included, under ``--budget`` (2%, as ``decision.py`` holds it),
read on out-of-fold scores: the tuned fold is cut in ``--folds`` groups by registered domain and
each group is scored by a model fitted without it (both versions of its pages), so a page's
score is what an unseen site's would be (in-sample scores flatter the fit and the budget is
overrun on new sites; ``--folds 0`` reads them anyway). The thresholds at 1%, 2% and 3% are
printed too.

It prints the weights and threshold in the form ``decision.py`` holds them, and the share of
articles refused and of other pages accepted per fold and page type, for the pages as served and
for their undeclared versions (the held-out figures are the result; the tuned ones are not).
Nothing is written: paste the printed block into ``decision.py`` and run ``extraction.py`` to
confirm.

    python benchmarks/decision_fit.py [--data DIR ...] [--article-weight 10] [-C 1] [--budget 0.02]
                                       [--folds 5] [--cache FILE] [--no-undeclared]
                                       [--frontier 0.01,0.02,0.03,0.05]

``--frontier``: for each budget, its threshold's articles refused and other pages accepted in every
fold, as served and undeclared: how far one of the decision's two targets moves the other.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import itertools
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TYPES = ("collection", "listing", "service", "forum", "product", "documentation")


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("extraction_benchmark", HERE / "extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def page_rows(folders: Sequence[Path], undeclared_too: bool = True) -> list[dict[str, Any]]:
    """One row per page: source, fold, page type, words and the decision's features; with
    ``undeclared_too``, a second row per page for its undeclared version (``undeclared.py``;
    ``"undeclared": True``), after all the pages as served."""
    from crawler.extraction.article import analyse
    from crawler.extraction.decision import MIN_WORDS, bare_prose, declares_thread, features

    bench = _bench()
    pages = [page for folder in folders for page in bench.load_dataset(folder)]
    served = ((page, False) for page in pages)
    undeclared = ((bench.undeclared_version(page), True) for page in pages if undeclared_too)
    rows = []
    for page, bare in itertools.chain(served, undeclared):
        outcome = analyse(page.html, page.url, bench.HEADERS, min_words=0)
        found = features(outcome.evidence) if outcome.evidence else {}
        words = outcome.evidence.words if outcome.evidence else 0
        words = words if words >= MIN_WORDS else 0  # refused whatever the score
        thread = bool(outcome.evidence and declares_thread(outcome.evidence.data))
        rows.append({"source": page.source, "fold": page.fold, "type": page.page_type, "words": words,
                     "domain": bench.registered_domain(page.url), "bare": bare_prose(found), "thread": thread,
                     "f": found, "undeclared": bare})
    return rows


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray, c: float, steps: int = 50) -> tuple[np.ndarray, float]:
    """Weighted logistic regression, penalty ``|w|^2 / 2C`` (the bias unpenalised)."""
    design = np.hstack([x, np.ones((len(x), 1))])
    beta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], 1.0 / c)
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-design @ beta))
        gradient = design.T @ (weight * (p - y)) + penalty * beta
        hessian = (design * (weight * p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta[:-1], float(beta[-1])


def domain_groups(rows: Sequence[dict[str, Any]], folds: int) -> np.ndarray:
    """A cross-validation group per page: a fixed hash of its registered domain (a site's pages
    stay together, as in the tuned/held-out split)."""
    return np.array([int(hashlib.sha256(f"decision-cv:{r['domain']}".encode()).hexdigest()[:8], 16) % folds
                     for r in rows])


def out_of_fold(matrix: np.ndarray, target: np.ndarray, weight: np.ndarray, train: np.ndarray,
                groups: np.ndarray, c: float) -> np.ndarray:
    """Each page's score from a model fitted without its domain's group (pages outside
    ``train`` are scored, never fitted on)."""
    scores = np.zeros(len(matrix))
    for group in np.unique(groups):
        held = groups == group
        coef, bias = fit(matrix[train & ~held], target[train & ~held], weight[train & ~held], c)
        scores[held] = matrix[held] @ coef + bias
    return scores


def threshold_at(scores: np.ndarray, articles: np.ndarray, texted: np.ndarray, scored: np.ndarray,
                 budget: float) -> float:
    """The highest score that leaves at most ``budget`` of ``articles`` refused (those with no
    text, refused whatever their score, counted in; pages outside ``scored`` with text are
    accepted whatever their score)."""
    allowed = int(budget * articles.sum()) - int((articles & ~texted).sum())
    candidates = np.sort(scores[articles & scored])
    return float(candidates[min(max(0, allowed), len(candidates) - 1)]) - 0.005


def accepted_at(rows: Sequence[dict[str, Any]], scores: np.ndarray, threshold: float) -> list[bool]:
    """The decision on each page at ``threshold`` (``bare_prose`` pages accepted whatever their
    score; pages with no text and declared threads refused)."""
    return [bool((s >= threshold or r["bare"]) and r["words"] > 0 and not r.get("thread"))
            for r, s in zip(rows, scores, strict=True)]


def report(name: str, rows: list[dict[str, Any]], scores: np.ndarray, threshold: float) -> None:
    """Articles refused (per source) and other pages accepted (per type) in one fold."""
    accepted = accepted_at(rows, scores, threshold)
    refused = {}
    for source in sorted({r["source"] for r in rows}):
        flags = [not a for r, a in zip(rows, accepted, strict=True) if r["type"] == "article" and r["source"] == source]
        refused[source] = f"{sum(flags)}/{len(flags)}"
    other = [a for r, a in zip(rows, accepted, strict=True) if r["type"] != "article"]
    per_type = {}
    for page_type in TYPES:
        flags = [a for r, a in zip(rows, accepted, strict=True) if r["type"] == page_type]
        per_type[page_type] = f"{sum(flags)}/{len(flags)}"
    print(f"{name:<20} articles refused {refused}; other pages accepted {sum(other)}/{len(other)}"
          f" ({sum(other) / max(1, len(other)):.1%}) {per_type}")


def frontier(rows: list[dict[str, Any]], scores: np.ndarray, thresholds: Sequence[tuple[float, float]]) -> None:
    """One line per (budget, threshold): in each fold, as served and undeclared, the articles
    refused and the other pages accepted, all sources and types together: what one target costs
    in the other."""
    groups = [(f"{fold}{version}", [i for i, r in enumerate(rows) if r["fold"] == fold
                                    and bool(r.get("undeclared")) == undeclared])
              for version, undeclared in (("", False), (" undeclared", True)) for fold in ("tuned", "held-out")]
    groups = [(name, chosen) for name, chosen in groups if chosen]
    print("budget threshold " + " ".join(f"{name + ': refused / other accepted':>44}" for name, _ in groups))
    for budget, threshold in thresholds:
        cells = []
        for _name, chosen in groups:
            picked = [rows[i] for i in chosen]
            accepted = accepted_at(picked, scores[chosen], threshold)
            articles = [not a for r, a in zip(picked, accepted, strict=True) if r["type"] == "article"]
            other = [a for r, a in zip(picked, accepted, strict=True) if r["type"] != "article"]
            cells.append(f"{sum(articles):>4}/{len(articles):<4} ({sum(articles) / max(1, len(articles)):5.1%})"
                         f" {sum(other):>4}/{len(other):<4} ({sum(other) / max(1, len(other)):5.1%})")
        print(f"{budget:>6.0%} {threshold:>9.3f} " + " ".join(f"{cell:>44}" for cell in cells))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", action="append", help="data folder (repeatable; default: both shared sets)")
    parser.add_argument("--article-weight", type=float, default=10.0, help="weight of an article page")
    parser.add_argument("-C", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument("--budget", type=float, default=0.02, help="share of tuned articles that may be refused")
    parser.add_argument("--cache", help="keep the pages' features in this JSON file (reused when present)")
    parser.add_argument("--folds", type=int, default=5,
                        help="cross-validation groups (by domain) on the tuned fold for the threshold; 0: in-sample")
    parser.add_argument("--no-undeclared", action="store_true",
                        help="fit on the pages as served only, not also on their undeclared versions")
    parser.add_argument("--frontier", default="",
                        help="comma-separated budgets (e.g. 0.01,0.02,0.05): the refused articles and accepted "
                             "other pages of every fold at each one's threshold, one line each")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    folders, missing = _bench().resolve_data(args.data)
    if not folders:
        print(f"benchmark data not found: {missing}", file=sys.stderr)
        return 2
    if args.cache and Path(args.cache).is_file():
        rows = json.loads(Path(args.cache).read_text("utf-8"))
    else:
        rows = page_rows(folders)
        if args.cache:
            Path(args.cache).write_text(json.dumps(rows), "utf-8")
    if args.no_undeclared:
        rows = [r for r in rows if not r.get("undeclared")]
    from crawler.extraction.decision import RULE_FEATURES

    names = sorted({name for r in rows for name in r["f"]} - RULE_FEATURES)
    matrix = np.array([[r["f"].get(n, 0.0) for n in names] for r in rows])
    is_article = np.array([r["type"] == "article" for r in rows])
    tuned = np.array([r["fold"] == "tuned" for r in rows])
    served = np.array([not r.get("undeclared") for r in rows])
    texted = np.array([r["words"] > 0 for r in rows])
    scored = texted & ~np.array([r["bare"] for r in rows])
    train = tuned & scored
    weight = np.where(is_article, args.article_weight, 1.0)
    coef, bias = fit(matrix[train], is_article[train].astype(float), weight[train], args.C)
    scores = matrix @ coef + bias
    # The threshold: read on out-of-fold scores (each tuned page scored by a model fitted
    # without its domain, both versions of its pages), which fall as an unseen page's would;
    # in-sample scores flatter. It is read on the pages as served.
    calibration = scores
    if args.folds > 1:
        target = is_article.astype(float)
        calibration = out_of_fold(matrix, target, weight, train, domain_groups(rows, args.folds), args.C)
    at_served = tuned & served
    threshold = threshold_at(calibration[at_served], is_article[at_served], texted[at_served], scored[at_served],
                             args.budget)
    for budget in sorted({args.budget, 0.01, 0.02, 0.03}):
        at = threshold_at(calibration[at_served], is_article[at_served], texted[at_served], scored[at_served], budget)
        print(f"# budget {budget:.0%}: THRESHOLD = {at:.3f}")
    print("WEIGHTS: dict[str, float] = {")
    for name, value in sorted(zip(names, coef, strict=True), key=lambda t: -abs(t[1])):
        print(f'    "{name}": {value:.3f},')
    print(f"}}\nBIAS = {bias:.3f}\nTHRESHOLD = {threshold:.3f}\n")
    for version, flags in (("", served), (" undeclared", ~served)):
        for fold in ("tuned", "held-out"):
            chosen = [i for i, r in enumerate(rows) if r["fold"] == fold and flags[i]]
            if chosen:
                report(fold + version, [rows[i] for i in chosen], scores[chosen], threshold)
    if args.frontier:
        budgets = sorted(float(b) for b in args.frontier.split(",") if b.strip())
        at = [(b, threshold_at(calibration[at_served], is_article[at_served], texted[at_served], scored[at_served], b))
              for b in budgets]
        print()
        frontier(rows, scores, at)
    return 0


if __name__ == "__main__":
    sys.exit(main())
