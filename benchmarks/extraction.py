"""Article extraction benchmark: this project against trafilatura, side by side, in one run.

Reads every data folder in the layout of ``../shared/benchmarks/article-extraction/``
(``html/<id>.html.gz`` + ``ground-truth.json``; an entry's ``page_type`` defaults to
``article``) and prints, per source and per page type, with the tuned and held-out folds apart:

- body precision / recall / F1 for ``crawler.extraction`` and for trafilatura (default
  settings, ``trafilatura.extract``), both run in this process in this run;
- the article decision's accuracy (``article`` pages accepted, the other types refused), with
  no provenance hint at all, as for a page reached through an index link;
- the median milliseconds per page of both (wall time; ``--clock cpu``: this process's CPU
  time, for a machine shared with other work), and which of our modules ran compiled (mypyc,
  ``setup.py``; ``CRAWLER_PURE_PYTHON=1`` runs the Python source).

On ``article`` pages our body is the one ``extract_article`` delivers (a refused article scores
as an empty prediction, recall 0). On the other page types it is the body the extraction found
before refusing the page (what it would have written), so the main-content quality shows too.

Folds: pages are split by registered domain (``fold_of``: a fixed hash, no randomness), 70%
``tuned``, 30% ``held-out``. The held-out fold was never looked at while the rules were tuned;
figures on it are the result, figures on the tuned fold are not.

Usage::

    python benchmarks/extraction.py [--data DIR ...] [--fold tuned|held-out|all]
                                    [--type TYPE ...] [--worst N] [--no-trafilatura]
                                    [--clock wall|cpu] [--undeclared] [--no-url]
                                    [--order alternate|first|passes] [--strict]

``--no-url`` gives both runners ``url=None``, as a caller with pages read from files and no
address would (the folds stay those of the pages' domains). ``--order``: which runner goes first
on a page (:data:`ORDERS`; by default each goes first on every other page). ``--strict``: our
decision at its stricter threshold (``extract_article(strict=True)``).

Without ``--data`` it reads ``../shared/benchmarks/article-extraction`` and
``../shared/benchmarks/wcxb-dev``. The metric (``score_page``/``summarize``) follows the data
README: ``\\w+`` tokens, 4-token shingle multisets, per-page TP/FP/FN normalised by their sum,
means over pages, F1 of the means; an empty prediction is left out of the precision mean and
scores recall 0. Exit status 2 when no data folder is found (the message names the paths).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gzip
import hashlib
import importlib.util
import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

#: ``shared/benchmarks`` beside the checkout (or beside a folder above it, for worktrees).
SHARED = next(
    (p / "shared" / "benchmarks" for p in REPO.parents if (p / "shared" / "benchmarks").is_dir()),
    REPO.parent / "shared" / "benchmarks",
)
DEFAULT_DATA = (SHARED / "article-extraction", SHARED / "wcxb-dev")
#: Headers every page is given (the lead's runs pass the same): a page in another encoding
#: under this header must still decode.
HEADERS = {"Content-Type": "text/html; charset=utf-8"}

_TOKEN_RE = re.compile(r"\w+")
SHINGLE_SIZE = 4

# --------------------------------------------------------------------------- folds
#: Share of domains in the held-out fold (out of 100), and the fixed salt of the split.
HELD_OUT_PERCENT = 30
FOLD_SALT = "issue12-extraction-folds"


@functools.cache
def _suffixes() -> Any:
    """tldextract's offline extractor, made once: making one reads the bundled public suffix
    list (~30 ms), which once per page was most of the time of loading the data."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url: str) -> str:
    """The registrable domain of ``url`` (``news.bbc.co.uk`` -> ``bbc.co.uk``), offline."""
    host = (urlsplit(url).hostname or "").lower()
    found = _suffixes()(host).top_domain_under_public_suffix
    return found or host


def fold_of(url: str) -> str:
    """``tuned`` or ``held-out``: a fixed hash of the page's registered domain."""
    digest = hashlib.sha256(f"{FOLD_SALT}:{registered_domain(url)}".encode()).hexdigest()
    return "held-out" if int(digest[:8], 16) % 100 < HELD_OUT_PERCENT else "tuned"


# --------------------------------------------------------------------------- metric
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


# --------------------------------------------------------------------------- data
@dataclass(frozen=True)
class Page:
    """One benchmark page."""

    source: str
    page_id: str
    #: None with ``--no-url``: the page's address unknown to both runners, as for a file.
    url: str | None
    html: bytes
    truth: str
    page_type: str
    fold: str


#: The names a page's HTML may have in a folder's ``html/`` (gzipped or not, whatever the name).
PAGE_FILES = ("{}.html.gz", "{}.html", "{}.htm", "{}.gz", "{}")


def page_html(folder: Path, page_id: str) -> bytes | None:
    """The HTML of one page of a data folder (``html/ID.html.gz``, or ``ID.html``, ``ID.htm``;
    gzip read by its magic bytes), or None when no file holds it or its gzip is broken."""
    for name in PAGE_FILES:
        path = folder / "html" / name.format(page_id)
        if path.is_file():
            data = path.read_bytes()
            if data[:2] != b"\x1f\x8b":
                return data
            try:
                return gzip.decompress(data)
            except (OSError, EOFError):
                return None
    return None


def load_dataset(data: Path) -> list[Page]:
    """Every page of one data folder, in id order. A truth entry without a readable page is
    skipped, named on stderr (the figures are then over the pages read)."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages, missing = [], []
    for page_id in sorted(truth):
        entry = truth[page_id]
        html = page_html(data, page_id)
        if html is None:
            missing.append(page_id)
            continue
        url = entry.get("url") or ""
        pages.append(
            Page(data.name, page_id, url, html, entry.get("articleBody") or "",
                 entry.get("page_type") or "article", fold_of(url))
        )
    if missing:
        shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
        print(f"{data}: {len(missing)} of {len(truth)} pages have no readable file in html/, skipped: {shown}",
              file=sys.stderr)
    return pages


@functools.cache
def _undeclared() -> Callable[..., bytes]:
    """``undeclared.undeclared``, loaded from beside this file (this module is run as a script
    and loaded by path by the other benchmarks, never imported as a package)."""
    spec = importlib.util.spec_from_file_location("undeclared_pages", Path(__file__).with_name("undeclared.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.undeclared  # type: ignore[no-any-return]


def undeclared_version(page: Page) -> Page:
    """``page`` as a site that declares nothing would serve it (``undeclared.py``)."""
    return dataclasses.replace(page, html=_undeclared()(page.html, HEADERS))


def is_dataset(path: Path) -> bool:
    """True for a folder in the benchmark layout."""
    return (path / "ground-truth.json").is_file() and (path / "html").is_dir()


# --------------------------------------------------------------------------- runs
@dataclass
class Result:
    """One extractor's output on one page."""

    body: str | None
    accepted: bool
    ms: float


#: The clock both runners read (``--clock``): wall time, or this process's CPU time.
CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
_clock = CLOCKS["wall"]


#: ``--strict``: our runner's article decision at its stricter threshold.
_STRICT = False


def run_ours(page: Page) -> Result:
    """``crawler.extraction`` with no provenance hint; the body even when the page is refused."""
    from crawler.extraction.article import analyse

    start = _clock()
    outcome = analyse(page.html, page.url, HEADERS, strict=_STRICT, evidence=False)  # extract_article's defaults
    ms = (_clock() - start) * 1000
    accepted = outcome.reason is None
    body = outcome.fields.get("articleBody") if outcome.fields else None
    if page.page_type == "article" and not accepted:
        body = None  # what extract_article delivers: nothing
    return Result(body, accepted, ms)


def run_trafilatura(page: Page) -> Result:
    """trafilatura 2.3 defaults (``extract``: bytes in, text out)."""
    import trafilatura

    start = _clock()
    body = trafilatura.extract(page.html, url=page.url)
    ms = (_clock() - start) * 1000
    return Result(body, body is not None, ms)


RUNNERS: dict[str, Callable[[Page], Result]] = {"ours": run_ours, "trafilatura": run_trafilatura}


@dataclass
class Group:
    """Scores of one (source, fold, page type) group."""

    scores: dict[str, list[PageScore]] = field(default_factory=lambda: defaultdict(list))
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    decisions: list[bool] = field(default_factory=list)


#: The orders the runners can take the pages in (``--order``). Whichever runner goes first on a
#: page does so with the caches the other one left (its code and data evicted) and the page's
#: bytes not yet read; the second finds the page in the cache. ``alternate`` (the default) puts
#: each runner first on every other page, so neither is always the one that pays; ``first``
#: keeps the listed order on every page (ours first: the order of this script's runs before
#: 2026-12-07); ``passes`` runs each over all the pages in turn, as a process extracting page
#: after page does (each runner's code stays warm).
ORDERS = ("alternate", "first", "passes")


def run_order(n_pages: int, runners: Sequence[str], order: str = "alternate") -> list[tuple[int, str]]:
    """The (page index, runner) calls of a run, in the order ``order`` makes them."""
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r} (one of {', '.join(ORDERS)})")
    if order == "passes":
        return [(i, name) for name in runners for i in range(n_pages)]
    listed, reverse = list(runners), list(reversed(runners))
    return [(i, name) for i in range(n_pages) for name in (reverse if order == "alternate" and i % 2 else listed)]


def evaluate(pages: Sequence[Page], runners: Sequence[str], warmup: int = 3,
             order: str = "alternate") -> dict[tuple[str, str, str], Group]:
    """Run every runner on every page (in ``order``, see :data:`ORDERS`); group the scores by
    (source, fold, page type), in page order whatever the order of the calls."""
    groups: dict[tuple[str, str, str], Group] = defaultdict(Group)
    for name in runners:
        for page in pages[:warmup]:
            _safe(RUNNERS[name], page)
    results: dict[tuple[int, str], Result] = {}
    for i, name in run_order(len(pages), runners, order):
        results[i, name] = _safe(RUNNERS[name], pages[i])
    for i, page in enumerate(pages):
        for name in runners:
            result = results[i, name]
            for key in _keys(page):
                group = groups[key]
                group.scores[name].append(score_page(result.body, page.truth))
                group.times[name].append(result.ms)
                if name == "ours":
                    group.decisions.append(result.accepted == (page.page_type == "article"))
    return groups


def _keys(page: Page) -> list[tuple[str, str, str]]:
    return [(s, f, t) for s in (page.source, "all") for f in (page.fold, "all") for t in (page.page_type, "all")]


def _safe(run: Callable[[Page], Result], page: Page) -> Result:
    try:
        return run(page)
    except Exception as exc:  # an extractor bug costs the page, and is shown
        print(f"  ! {page.source}/{page.page_id[:12]} {type(exc).__name__}: {exc}", file=sys.stderr)
        return Result(None, False, 0.0)


# --------------------------------------------------------------------------- report
def print_table(groups: dict[tuple[str, str, str], Group], runners: Sequence[str], folds: Sequence[str]) -> None:
    """One line per (source, fold, page type)."""
    header = f"{'source':<19}{'fold':<9}{'type':<14}{'n':>5} {'ours P':>7}{'R':>7}{'F1':>7}"
    if "trafilatura" in runners:
        header += f" {'traf P':>7}{'R':>7}{'F1':>7}{'dF1':>8}"
    header += f" {'decision':>9} {'ms ours':>8}"
    if "trafilatura" in runners:
        header += f"{'ms traf':>8}{'ratio':>6}"
    print(header)
    print("-" * len(header))
    types = sorted({k[2] for k in groups}, key=lambda t: (t == "all", t != "article", t))
    sources = sorted({k[0] for k in groups}, key=lambda s: (s == "all", s))
    for source in sources:
        for fold in folds:
            for page_type in types:
                group = groups.get((source, fold, page_type))
                if group is None or not group.decisions:
                    continue
                print(_line(source, fold, page_type, group, runners))
        print()


def _line(source: str, fold: str, page_type: str, group: Group, runners: Sequence[str]) -> str:
    ours = summarize(group.scores["ours"])
    line = f"{source[:18]:<19}{fold:<9}{page_type[:13]:<14}{len(group.decisions):>5} "
    line += f"{ours.precision:>7.3f}{ours.recall:>7.3f}{ours.f1:>7.3f}"
    ms_ours = statistics.median(group.times["ours"])
    if "trafilatura" in runners:
        traf = summarize(group.scores["trafilatura"])
        line += f" {traf.precision:>7.3f}{traf.recall:>7.3f}{traf.f1:>7.3f}{ours.f1 - traf.f1:>+8.3f}"
    line += f" {statistics.fmean(group.decisions):>9.3f} {ms_ours:>8.2f}"
    if "trafilatura" in runners:
        ms_traf = statistics.median(group.times["trafilatura"])
        line += f"{ms_traf:>8.2f}{ms_ours / ms_traf if ms_traf else 0:>6.2f}"
    return line


def print_worst(pages: Sequence[Page], count: int) -> None:
    """The ``count`` article pages where ours trails trafilatura most (tuned fold only)."""
    rows = []
    for page in pages:
        if page.fold != "tuned" or page.page_type != "article":
            continue
        ours, traf = _safe(run_ours, page), _safe(run_trafilatura, page)
        s_ours, s_traf = score_page(ours.body, page.truth), score_page(traf.body, page.truth)
        rows.append((s_ours.tp - s_traf.tp, page, s_ours, ours.accepted))
    rows.sort(key=lambda row: row[0])
    print(f"\nworst {count} tuned-fold article pages (ours minus trafilatura, normalised TP):")
    for delta, page, score, accepted in rows[:count]:
        prec = "  -  " if score.precision is None else f"{score.precision:.3f}"
        flag = "" if accepted else " REFUSED"
        print(f"  {delta:+.3f} {page.source[:10]} {page.page_id[:12]} P={prec} R={score.recall:.3f}{flag}"
              f" {(page.url or '')[:80]}")


def resolve_data(args: Sequence[str] | None) -> tuple[list[Path], list[str]]:
    """The data folders found, and the paths that hold no data (named in the message)."""
    candidates = [Path(a) for a in args] if args else list(DEFAULT_DATA)
    found = [c for c in candidates if is_dataset(c)]
    return found, [str(c) for c in candidates if not is_dataset(c)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", action="append", help="data folder (repeatable; default: both shared sets)")
    parser.add_argument("--fold", choices=("tuned", "held-out", "all"), default=None,
                        help="only this fold (default: tuned, held-out and all, apart)")
    parser.add_argument("--type", action="append", dest="types", help="only these page types")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst tuned-fold article pages")
    parser.add_argument("--no-trafilatura", action="store_true", help="run ours only")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall",
                        help="time per page: wall (default) or this process's CPU time (a shared machine)")
    parser.add_argument("--undeclared", action="store_true",
                        help="run on the pages with their declarations removed (undeclared.py)")
    parser.add_argument("--no-url", action="store_true",
                        help="give both runners url=None, as for pages read from files with no address")
    parser.add_argument("--strict", action="store_true",
                        help="our article decision at its stricter threshold (extract_article(strict=True))")
    parser.add_argument("--order", choices=ORDERS, default="alternate",
                        help="the runners' order on the pages (see ORDERS; default: alternate)")
    args = parser.parse_args(argv)
    global _clock, _STRICT
    _clock = CLOCKS[args.clock]
    _STRICT = args.strict

    folders, missing = resolve_data(args.data)
    for path in missing:
        print(f"benchmark data not found at {path} (need ground-truth.json and html/)", file=sys.stderr)
    if not folders:
        return 2
    pages = [p for folder in folders for p in load_dataset(folder)]
    if args.fold and args.fold != "all":
        pages = [p for p in pages if p.fold == args.fold]
    if args.types:
        pages = [p for p in pages if p.page_type in args.types]
    if args.undeclared:
        pages = [undeclared_version(p) for p in pages]
    if args.no_url:
        pages = [dataclasses.replace(p, url=None) for p in pages]
    runners = ["ours"] if args.no_trafilatura else ["ours", "trafilatura"]
    counts = Counter((p.source, p.fold) for p in pages)
    print(", ".join(f"{s}/{f}: {n}" for (s, f), n in sorted(counts.items()))
          + f" pages{' (undeclared)' if args.undeclared else ''}{' (no url)' if args.no_url else ''};"
          + f" runners: {', '.join(runners)};"
          + f" clock: {args.clock}; order: {args.order}{'; decision: strict' if args.strict else ''}")
    groups = evaluate(pages, runners, order=args.order)
    from crawler.extraction import native

    compiled = native.compiled_modules()
    print(f"crawler.extraction: {'compiled (mypyc): ' + ', '.join(compiled) if compiled else 'pure Python'}")
    folds = [args.fold] if args.fold else ["tuned", "held-out", "all"]
    print_table(groups, runners, folds)
    if args.worst:
        print_worst(pages, args.worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
