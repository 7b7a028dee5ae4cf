"""How extraction time grows with a page's size, shape by shape: no shape may grow faster than
its size (a quadratic path turns one big page into a worker timeout, and the page is lost).

Each shape is a generated page with ``n`` repeated units (links in one block, paragraphs, list
items, ``<br>`` lines, table cells, microdata values, attribution lines, ruby readings, players'
fallback text, a story of ``n`` paragraphs beside a sidebar of ``n`` links...), built at ``n``,
``4n`` and ``16n`` units. For each size the script prints the median CPU ms of
``crawler.extraction.article.analyse`` over ``--repeat`` runs, the page's size, and the growth
exponent between the two largest sizes (``log(t16 / t4) / log(4)``: 1.0 is linear, 2.0
quadratic), then the same exponent with Python's cyclic garbage collector switched off. The
collector alone grows faster than the page (the more objects a page keeps alive, the more its
collections walk), so the flag reads the second: an exponent above ``--limit`` (default 1.35)
without the collector is the code's own, and the exit status is 1 when any shape has one. The
anchor is the same page shape at each size: only the growth within a row counts, not the times
across rows.

    python benchmarks/scaling.py [--n 500] [--repeat 3] [--shapes links-one-block,paragraphs]
"""

from __future__ import annotations

import argparse
import gc
import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(REPO))

from crawler.extraction.article import analyse  # noqa: E402

STORY = "<h1>A story of the day</h1><p>" + "Words of the story that go on about the matter at hand. " * 40 + "</p>"


def page(body: str) -> bytes:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>A story of the day</title></head>"
            f"<body><article>{STORY}</article>{body}</body></html>").encode()


#: shape name -> the page body for n units.
SHAPES: dict[str, Callable[[int], str]] = {
    "links-one-block": lambda n: "<div class='links'>" + "".join(
        f"<a href='/t/{i}'>topic {i}</a> " for i in range(n)) + "</div>",
    "links-glued": lambda n: "<div>" + "".join(f"<span>x</span><a href='/g/{i}'>g{i}</a>" for i in range(n)) + "</div>",
    "menu-items": lambda n: "<nav><ul>" + "".join(
        f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(n)) + "</ul></nav>",
    "paragraphs": lambda n: "<div>" + "".join(f"<p>Paragraph {i} of the long page, with words.</p>" for i in range(n))
    + "</div>",
    "br-lines": lambda n: "<div>" + "".join(f"Line {i} of a long block<br>" for i in range(n)) + "</div>",
    "inline-tags": lambda n: "<p>" + "".join(f"<b>w{i}</b> <i>x</i>" for i in range(n)) + "</p>",
    "table-cells": lambda n: "<table>" + "".join(
        f"<tr><td>Cell {i}</td><td><a href='/c/{i}'>link</a></td></tr>" for i in range(n)) + "</table>",
    "microdata": lambda n: "<div>" + "".join(
        f"<span itemprop='keywords'>k{i}</span> text {i} " for i in range(n)) + "</div>",
    "source-lines": lambda n: "<div>" + "".join(
        f"<p>Source: <a href='https://s{i}.example/a/{i}'>Site {i}</a></p>" for i in range(n)) + "</div>",
    "teaser-cards": lambda n: "<section>" + "".join(
        f"<div class='card'><h3><a href='/n/{i}'>Headline number {i} here</a></h3><p>Teaser text {i}.</p></div>"
        for i in range(n)) + "</section>",
    "nested-divs": lambda n: "<div>" * min(n, 250) + "deep text " * n + "</div>" * min(n, 250),
    "story-and-sidebar": lambda n: "<main>" + "".join(
        f"<p>Paragraph {i} of a long story, with enough words in it to read as running text.</p>" for i in range(n))
    + "</main><aside><ul>" + "".join(
        f"<li><a href='/o/{i}'>Another story elsewhere on the site, number {i}</a></li>" for i in range(n))
    + "</ul></aside>",
    "one-long-text": lambda n: "<p>" + "Plain running words without any markup at all. " * n + "</p>",
    "ruby-readings": lambda n: "<p>" + "".join(
        f"<ruby>字<rt>じ</rt></ruby>の{i}<rt>よみ</rt>" for i in range(n)) + "</p>",
    "media-fallback": lambda n: "<div>" + "".join(
        f"<video src='/v/{i}.mp4'>No video {i}.</video><audio src='/a/{i}.mp3'>No audio.</audio>"
        for i in range(n)) + "</div>",
}


def measure(html: bytes, repeat: int, collector: bool = True) -> float:
    """Median CPU ms of ``analyse`` on ``html``, with or without the cyclic garbage collector."""
    times = []
    for _ in range(repeat):
        if not collector:
            gc.disable()
        try:
            start = time.process_time()
            analyse(html, "https://news.example/2025/05/story", {"Content-Type": "text/html; charset=utf-8"},
                    min_words=0)
            times.append((time.process_time() - start) * 1000)
        finally:
            gc.enable()
    return statistics.median(times)


def growth(small: float, large: float) -> float:
    """The exponent of ``large / small`` over a 4x larger page."""
    return math.log(max(large, 1e-3) / max(small, 1e-3)) / math.log(4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=500, help="units of the smallest page (then 4n, 16n)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=1.35, help="growth exponent flagged above this")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    args = parser.parse_args()
    analyse(page(""), "https://news.example/a", {}, min_words=0)  # imports and first-call costs
    print(f"{'shape':<17}{'n':>7}{'KB':>8}{'ms':>10}{'4n KB':>8}{'ms':>10}{'16n KB':>8}{'ms':>10}{'growth':>8}"
          f"{'no gc':>7}")
    flagged = []
    for name in args.shapes.split(","):
        row = []
        for n in (args.n, 4 * args.n, 16 * args.n):
            html = page(SHAPES[name](n))
            row.append((len(html) / 1024, measure(html, args.repeat)))
        with_gc = growth(row[1][1], row[2][1])
        own = growth(*(measure(page(SHAPES[name](n)), args.repeat, collector=False) for n in (4 * args.n, 16 * args.n)))
        mark = "  <- superlinear" if own > args.limit else ""
        if mark:
            flagged.append(name)
        cells = "".join(f"{kb:>8.0f}{ms:>10.1f}" for kb, ms in row)
        print(f"{name:<17}{args.n:>7}{cells}{with_gc:>8.2f}{own:>7.2f}{mark}")
    print(f"flagged: {', '.join(flagged) or 'none'}")
    sys.exit(1 if flagged else 0)


if __name__ == "__main__":
    main()
