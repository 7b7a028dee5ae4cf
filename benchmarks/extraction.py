"""Article-body extraction benchmark: this project against trafilatura, side by side.

Runs over the article-extraction benchmark data (``html/<id>.html.gz`` + ``ground-truth.json``,
see that folder's README) and prints precision, recall, F1, accuracy and the median
milliseconds per page for ``crawler.extraction`` and for trafilatura (default settings and
``favor_precision=True``), all measured in the same run.

Usage::

    python benchmarks/extraction.py [--data DIR] [--only NAME] [--worst N] [--bootstrap N]

The metric (``score_pages``) follows the README: ``\\w+`` tokens, 4-token shingle multisets,
per-page TP/FP/FN normalised by their sum, means over pages, F1 of the means; an empty
prediction is excluded from the precision mean and scores recall 0.
Exit status 2 when the data folder is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "article-extraction"

_TOKEN_RE = re.compile(r"\w+")
SHINGLE_SIZE = 4


def tokenize(text: str | None) -> list[str]:
    """Runs of Unicode word characters, case-folded."""
    return _TOKEN_RE.findall((text or "").lower())


def shingles(tokens: Sequence[str], size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of overlapping ``size``-token shingles (one shorter shingle for short texts)."""
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class PageScore:
    """Normalised counts for one page; ``precision`` is None for an empty prediction."""

    tp: float
    fp: float
    fn: float
    precision: float | None
    recall: float
    exact: bool


def score_page(predicted: str | None, truth: str) -> PageScore:
    """Score one predicted article body against the true one."""
    pred_tokens, true_tokens = tokenize(predicted), tokenize(truth)
    pred, true = shingles(pred_tokens), shingles(true_tokens)
    tp = sum((pred & true).values())
    fp = sum(pred.values()) - tp
    fn = sum(true.values()) - tp
    total = tp + fp + fn
    exact = pred_tokens == true_tokens
    if total == 0:
        return PageScore(0.0, 0.0, 0.0, 1.0 if pred_tokens else None, 1.0 if pred_tokens else 0.0, exact)
    ntp, nfp, nfn = tp / total, fp / total, fn / total
    precision = None if not pred_tokens else (ntp / (ntp + nfp) if ntp + nfp else 1.0)
    recall = 0.0 if not pred_tokens else (ntp / (ntp + nfn) if ntp + nfn else 1.0)
    return PageScore(ntp, nfp, nfn, precision, recall, exact)


@dataclass(frozen=True)
class Summary:
    """Benchmark-level scores."""

    precision: float
    recall: float
    f1: float
    accuracy: float


def summarize(scores: Sequence[PageScore]) -> Summary:
    """Mean precision (non-empty predictions only), mean recall, F1 of the means, accuracy."""
    precisions = [s.precision for s in scores if s.precision is not None]
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(s.recall for s in scores) if scores else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = statistics.fmean(1.0 if s.exact else 0.0 for s in scores) if scores else 0.0
    return Summary(p, r, f1, acc)


def score_pages(predictions: Iterable[str | None], truths: Iterable[str]) -> Summary:
    """The benchmark metric over paired predictions and ground-truth bodies."""
    return summarize([score_page(p, t) for p, t in zip(predictions, truths, strict=True)])


def bootstrap_std(scores: Sequence[PageScore], rounds: int, seed: int = 0) -> Summary:
    """Bootstrap standard deviations of the summary scores over pages."""
    rng = random.Random(seed)
    samples = [summarize([rng.choice(scores) for _ in scores]) for _ in range(rounds)]

    def std(values: list[float]) -> float:
        return statistics.pstdev(values) if len(values) > 1 else 0.0

    return Summary(
        std([s.precision for s in samples]),
        std([s.recall for s in samples]),
        std([s.f1 for s in samples]),
        std([s.accuracy for s in samples]),
    )


# --------------------------------------------------------------------------- extractors


def _project(html: bytes, url: str) -> str | None:
    from crawler.extraction import NotArticle, extract_article

    try:
        return extract_article(html, url, {"Content-Type": "text/html; charset=utf-8"}, min_words=0)[
            "articleBody"
        ]
    except NotArticle:
        return None


def _trafilatura(**kwargs: object) -> Callable[[bytes, str], str | None]:
    import trafilatura

    def run(html: bytes, url: str) -> str | None:
        return trafilatura.extract(html, url=url, **kwargs)  # type: ignore[arg-type]

    return run


EXTRACTORS: dict[str, Callable[[], Callable[[bytes, str], str | None]]] = {
    "crawler.extraction": lambda: _project,
    "trafilatura": lambda: _trafilatura(),
    "trafilatura precision": lambda: _trafilatura(favor_precision=True),
}


def load_dataset(data: Path) -> list[tuple[str, str, bytes, str]]:
    """``(id, url, html bytes, true body)`` for every page of the data folder."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        html = gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append((page_id, truth[page_id].get("url") or "", html, truth[page_id]["articleBody"] or ""))
    return pages


def run_extractor(
    extract: Callable[[bytes, str], str | None], pages: Sequence[tuple[str, str, bytes, str]]
) -> tuple[list[str | None], list[float]]:
    """Predictions and per-page milliseconds (the extraction call only)."""
    predictions, times = [], []
    for _page_id, url, html, _truth in pages:
        start = time.perf_counter()
        try:
            predicted = extract(html, url)
        except Exception as exc:
            print(f"  ! {_page_id[:12]} {type(exc).__name__}: {exc}", file=sys.stderr)
            predicted = None
        times.append((time.perf_counter() - start) * 1000)
        predictions.append(predicted)
    return predictions, times


def resolve_data(arg: str | None) -> Path | None:
    """The data folder: ``--data``, else the default, else ``../shared/...`` from the CWD."""
    candidates = [Path(arg)] if arg else [DEFAULT_DATA, Path("../shared/benchmarks/article-extraction")]
    for candidate in candidates:
        if (candidate / "ground-truth.json").is_file() and (candidate / "html").is_dir():
            return candidate
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help=f"benchmark folder (default {DEFAULT_DATA})")
    parser.add_argument("--only", action="append", choices=sorted(EXTRACTORS), help="run only these")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages of this project")
    parser.add_argument("--bootstrap", type=int, default=0, help="bootstrap rounds for ± values")
    parser.add_argument("--warmup", type=int, default=3, help="untimed warm-up pages per extractor")
    args = parser.parse_args(argv)

    data = resolve_data(args.data)
    if data is None:
        where = args.data or DEFAULT_DATA
        print(f"benchmark data not found at {where} (need ground-truth.json and html/)", file=sys.stderr)
        return 2
    pages = load_dataset(data)
    truths = [p[3] for p in pages]
    print(f"{len(pages)} pages from {data}")
    header = f"{'extractor':<24} {'precision':>9} {'recall':>8} {'F1':>7} {'accuracy':>8} {'ms/page':>8}"
    print(header)
    print("-" * len(header))
    project_scores: list[PageScore] = []
    project_preds: list[str | None] = []
    for name in args.only or list(EXTRACTORS):
        extract = EXTRACTORS[name]()
        for _page_id, url, html, _truth in pages[: args.warmup]:
            try:
                extract(html, url)
            except Exception:
                pass
        predictions, times = run_extractor(extract, pages)
        scores = [score_page(p, t) for p, t in zip(predictions, truths, strict=True)]
        s = summarize(scores)
        line = f"{name:<24} {s.precision:>9.4f} {s.recall:>8.4f} {s.f1:>7.4f} {s.accuracy:>8.3f} "
        print(line + f"{statistics.median(times):>8.2f}")
        if args.bootstrap:
            e = bootstrap_std(scores, args.bootstrap)
            print(f"{'  ±':<24} {e.precision:>9.4f} {e.recall:>8.4f} {e.f1:>7.4f} {e.accuracy:>8.3f}")
        if name == "crawler.extraction":
            project_scores, project_preds = scores, predictions
    if args.worst and project_scores:
        print(f"\nworst {args.worst} pages (crawler.extraction):")
        ranked = sorted(range(len(pages)), key=lambda i: project_scores[i].tp)
        for i in ranked[: args.worst]:
            s = project_scores[i]
            prec = "  -  " if s.precision is None else f"{s.precision:.3f}"
            print(f"  {pages[i][0][:12]} P={prec} R={s.recall:.3f} {pages[i][1][:90]}")
            if project_preds[i] is None:
                print("    (empty prediction)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
