"""Snippet benchmark: this project against trafilatura on a corpus scored by text snippets.

A third source beside ``extraction.py``'s two: a corpus in the layout of trafilatura's own
evaluation (``evaldata.json`` mapping each page's URL to its ``file`` and to the snippets its
main text must hold (``with``) and must not hold (``without``); the pages under ``cache/`` or
``eval/`` beside it). trafilatura's repository carries one such corpus, about 990 real pages of
news, blogs, magazines and institutional sites in many languages (mostly German and English),
annotated at the start and end of the main text, where errors happen::

    git clone --depth 1 https://github.com/adbar/trafilatura /tmp/trafilatura
    python benchmarks/snippets.py --corpus /tmp/trafilatura/tests [--clock cpu]

That corpus was written by trafilatura's authors to develop trafilatura: it is its home ground,
and none of this project's rules were tuned on it. A snippet counts as found when it stands in
the extracted text once white space is collapsed; precision, recall and F1 are over the
snippets of all pages, as trafilatura's own evaluation counts them. Printed per fold (split by
registered domain as in ``extraction.py``: a fixed hash, 30% held out):

- ``ours``: ``extract_article(html, url)`` with no provenance hint (a refused page finds no
  snippet), its ``articleBody``;
- ``ours listed``: the same page with ``listed=True``, as the crawl calls it for a URL a
  sitemap or feed lists (the body alone, whatever the decision says);
- ``trafilatura``: ``trafilatura.extract`` with the corpus's own settings (no comments, tables,
  no formatting), in this process in this run;
- pages refused without a hint (``--refused`` lists them), and the median milliseconds per
  page of ``ours`` and trafilatura (wall time; ``--clock cpu``: this process's CPU time), each
  called once on the first page before the timed run.

The pages are given as bytes with no HTTP header, as they were saved. An entry whose key is no
URL (trafilatura's ``hard::`` pages) gets one made from its file name, for the fold and the
extraction's base URL only. Exit status 2 when the corpus is not found.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

#: trafilatura's settings in its own evaluation of this corpus (``tests/eval_common.py``).
TRAFILATURA_OPTIONS = {"include_comments": False, "include_tables": True, "include_formatting": False}
RUNNERS = ("ours", "ours listed", "trafilatura")
_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    """White space collapsed, as trafilatura's evaluation matches snippets."""
    return _SPACE.sub(" ", text).strip()


def snippet_counts(entry: dict[str, Any], text: str | None) -> tuple[int, int, int, int]:
    """(true positives, false positives, false negatives, true negatives) of one page."""
    found = norm(text) if text else ""
    tp = sum(1 for s in entry["with"] if found and norm(s) in found)
    fp = sum(1 for s in entry["without"] if found and norm(s) in found)
    return tp, fp, len(entry["with"]) - tp, len(entry["without"]) - fp


def page_url(key: str, entry: dict[str, Any]) -> str:
    """The entry's URL, or one made from its file name when the key is none."""
    if "://" in key:
        return key
    stem = Path(entry["file"]).stem
    host = re.split(r"[-_ ]", stem, maxsplit=1)[0] or "page"
    return f"https://{host}/{stem}"


@dataclass
class Tally:
    """Snippet counts of one runner in one fold, and its times."""

    counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    ms: list[float] = field(default_factory=list)

    def add(self, counts: tuple[int, int, int, int], ms: float | None) -> None:
        for index, value in enumerate(counts):
            self.counts[index] += value
        if ms is not None:
            self.ms.append(ms)

    def scores(self) -> tuple[float, float, float]:
        tp, fp, fn, _ = self.counts
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        return precision, recall, f1


def load_corpus(folder: Path) -> list[tuple[str, dict[str, Any], Path]]:
    """(url, entry, html path) of every entry whose page is present, in key order."""
    data = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(data):
        entry = data[key]
        path = next((folder / sub / entry["file"] for sub in ("cache", "eval")
                     if (folder / sub / entry["file"]).is_file()), None)
        if path is not None and entry.get("with") is not None and entry.get("without") is not None:
            pages.append((page_url(key, entry), entry, path))
    return pages


def run(pages: Sequence[tuple[str, dict[str, Any], Path]], clock: Callable[[], float], fold_of: Callable[[str], str],
        trafilatura: bool) -> tuple[dict[tuple[str, str], Tally], dict[str, list[str]]]:
    """Every page through every runner: tallies per (fold, runner), refused URLs per fold."""
    from crawler.extraction.article import NotArticle, extract_article

    extract: Callable[..., str | None] | None = None
    if trafilatura:
        from trafilatura import extract
    tallies: dict[tuple[str, str], Tally] = {}
    refused: dict[str, list[str]] = {}
    if pages:  # one untimed call of each first: imports, compiled patterns, the language model
        url, _, path = pages[0]
        try:
            extract_article(path.read_bytes(), url)
        except NotArticle:
            pass
        if extract is not None:
            extract(path.read_bytes(), url=url, **TRAFILATURA_OPTIONS)
    for url, entry, path in pages:
        html = path.read_bytes()
        fold = fold_of(url)
        start = clock()
        try:
            body: str | None = extract_article(html, url)["articleBody"]
        except NotArticle:
            body = None
            refused.setdefault(fold, []).append(url)
        ms = (clock() - start) * 1000
        texts: dict[str, tuple[str | None, float | None]] = {"ours": (body, ms)}
        try:
            texts["ours listed"] = (extract_article(html, url, listed=True)["articleBody"], None)
        except NotArticle:
            texts["ours listed"] = (None, None)
        if extract is not None:
            start = clock()
            texts["trafilatura"] = (extract(html, url=url, **TRAFILATURA_OPTIONS), (clock() - start) * 1000)
        for name, (text, spent) in texts.items():
            for key in ((fold, name), ("all", name)):
                tallies.setdefault(key, Tally()).add(snippet_counts(entry, text), spent)
    return tallies, refused


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", required=True, help="folder of evaldata.json and its cache/ and eval/ pages")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall", help="time per page: wall or CPU time")
    parser.add_argument("--no-trafilatura", action="store_true", help="run ours only")
    parser.add_argument("--refused", action="store_true", help="list the pages refused without a hint")
    args = parser.parse_args(argv)
    folder = Path(args.corpus)
    if not (folder / "evaldata.json").is_file():
        print(f"no evaldata.json in {folder} (trafilatura's tests/ folder holds one: see this script's docstring)",
              file=sys.stderr)
        return 2
    from benchmarks import extraction as bench  # its folds and clocks

    pages = load_corpus(folder)
    tallies, refused = run(pages, bench.CLOCKS[args.clock], bench.fold_of, not args.no_trafilatura)
    folds = {"all": len(pages)}
    for url, _, _ in pages:
        fold = bench.fold_of(url)
        folds[fold] = folds.get(fold, 0) + 1
    print(f"{len(pages)} pages of {folder}; clock {args.clock}")
    print(f"{'fold':<9} {'pages':>5} {'runner':<12} {'P':>6} {'R':>6} {'F1':>6} {'ms':>7}")
    for fold in ("tuned", "held-out", "all"):
        for name in RUNNERS:
            tally = tallies.get((fold, name))
            if tally is None:
                continue
            p, r, f1 = tally.scores()
            ms = f"{statistics.median(tally.ms):7.2f}" if tally.ms else " " * 7
            print(f"{fold:<9} {folds.get(fold, 0):>5} {name:<12} {p:6.3f} {r:6.3f} {f1:6.3f} {ms}")
        ours, theirs = tallies.get((fold, "ours")), tallies.get((fold, "trafilatura"))
        count = len(refused.get(fold, [])) if fold != "all" else sum(len(v) for v in refused.values())
        ratio = (f"; median ms ours / trafilatura {statistics.median(ours.ms) / statistics.median(theirs.ms):.2f}"
                 if ours and theirs and ours.ms and theirs.ms else "")
        print(f"{fold:<9} refused without a hint: {count}/{folds.get(fold, 0)}{ratio}")
    if args.refused:
        for fold in ("tuned", "held-out"):
            for url in refused.get(fold, []):
                print(f"refused ({fold}): {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
