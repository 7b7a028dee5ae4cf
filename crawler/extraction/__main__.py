"""``python -m crawler.extraction PAGE ...``: the article fields of saved pages, one JSON line each.

For a page saved from a browser, a fact-checker's archive or another crawler's output, without a
crawl or a sites file: ``extract_article`` on each ``PAGE`` (a file, gzipped or not, told by its
magic bytes; ``-`` for standard input), in the order given, one line each on standard output::

    {"page": "saved/story.html", "notArticle": null, "record": {"headline": ..., "articleBody": ...}}
    {"page": "saved/tag-page.html", "notArticle": "not_article", "record": null}

The page's address is ``--url`` (one page only), else the one it states for itself
(``<link rel=canonical>``, ``og:url``). ``--listed`` and ``--pattern-match`` are the crawl's
provenance hints (a sitemap or feed listed the page; its URL matches the site's
``article_pattern``); ``--header "Content-Type: text/html; charset=..."`` gives the headers it was
served with. A file is read up to ``decoding.MAX_SIZE`` bytes (a larger one is ``too_large``, as
in a crawl), a gzip up to as much once decompressed.

Exit status: 0 when every page is an article, 1 when one or more is not, 2 when a page could not be
read (named on standard error; the others are still read) or the arguments are wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from . import NotArticle, extract_article
from .decoding import MAX_SIZE

NOT_ARTICLE_EXIT = 1
UNREADABLE_EXIT = 2
_GZIP_MAGIC = b"\x1f\x8b"


class PageError(Exception):
    """A page that could not be read (the message says why)."""


def read_page(name: str, stdin: BinaryIO | None = None) -> bytes:
    """The bytes of a page file (``-``: ``stdin``), gunzipped when gzipped; at most
    ``MAX_SIZE + 1`` bytes of it (more is too large for the extraction anyway)."""
    try:
        if name == "-":
            data = (stdin or sys.stdin.buffer).read(MAX_SIZE + 1)
        else:
            with Path(name).open("rb") as fh:
                data = fh.read(MAX_SIZE + 1)
    except OSError as exc:
        raise PageError(f"cannot read {name}: {exc.strerror or exc}") from None
    if not data.startswith(_GZIP_MAGIC):
        return data
    try:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = inflater.decompress(data, MAX_SIZE + 1)
    except zlib.error as exc:
        raise PageError(f"cannot read {name}: not a whole gzip file ({exc})") from None
    if len(out) <= MAX_SIZE and not inflater.eof:
        raise PageError(f"cannot read {name}: not a whole gzip file (cut short)")
    return out


def _header(value: str) -> tuple[str, str]:
    name, sep, rest = value.partition(":")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"not a header (Name: value): {value!r}")
    return name.strip(), rest.strip()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m crawler.extraction",
        description="The article fields of saved pages, one JSON line each (see the module's docstring).",
    )
    parser.add_argument("pages", nargs="+", metavar="PAGE", help="a saved page (gzipped or not), or - for stdin")
    parser.add_argument("--url", help="the page's address (one page only; else the one it states)")
    parser.add_argument("--header", action="append", type=_header, default=[], metavar="'NAME: VALUE'",
                        help="a header it was served with (repeat for more)")
    parser.add_argument("--listed", action="store_true", help="a sitemap or feed listed it as an item")
    parser.add_argument("--pattern-match", action="store_true", help="its URL matches the site's article_pattern")
    parser.add_argument("--min-words", type=int, default=20, help="fewer words is no article (default 20)")
    parser.add_argument("--strict", action="store_true",
                        help="without a hint, the article decision's stricter threshold (fewer other pages taken "
                             "for articles, more articles refused)")
    return parser


def main(argv: Sequence[str] | None = None, stdin: BinaryIO | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.url is not None and len(args.pages) > 1:
        parser.error("--url names the address of one page; give one PAGE with it")
    if args.min_words < 0:
        parser.error("--min-words must be 0 or more")
    status = 0
    for name in args.pages:
        try:
            html = read_page(name, stdin)
        except PageError as exc:
            print(f"python -m crawler.extraction: {exc}", file=sys.stderr)
            status = UNREADABLE_EXIT
            continue
        line: dict[str, Any] = {"page": name, "notArticle": None, "record": None}
        try:
            line["record"] = extract_article(html, args.url, args.header or None, min_words=args.min_words,
                                             listed=args.listed, pattern_match=args.pattern_match, strict=args.strict)
        except NotArticle as exc:
            line["notArticle"] = exc.reason
            status = max(status, NOT_ARTICLE_EXIT)
        out = sys.stdout.buffer  # UTF-8 whatever the locale (the crawl's JSON lines are)
        out.write((json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8"))
        out.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
