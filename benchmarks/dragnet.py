"""A fourth source of real pages for ``extraction.py --data`` and ``decision_fit.py --data``:
Dragnet's news and blog articles of 2012.

Dragnet's data (Peters and Lecocq, "Content extraction using diverse feature sets", WWW 2013;
``github.com/seomoz/dragnet_data``, also in ``github.com/j-szulc/html-cleaning-dataset-merged``
under ``dragnet_data/``) holds 1,381 pages of news sites and blogs fetched in 2012 from RSS
feeds: ``input/ID.html`` as served and ``GoldStandard/ID.txt``, the page's main text by hand,
then a line of punctuation and ``COMMENTS`` and the readers' comments. This script writes the
benchmark layout from such a folder (``ground-truth.json``, ``html/ID.html.gz``):

- the truth is the text before the comments marker (the product extracts the article, not its
  comments; the gold texts hold the headline and dateline too, for both runners alike);
- pages whose truth has fewer than ``--min-words`` (50) words are left out: photo galleries and
  video pages, neither an article with a text nor a page of another kind;
- the URL is the page's own statement of it: ``<link rel="canonical">`` or ``og:url``, else its
  permalink (a link of class ``permalink``, ``rel="bookmark"``), a share button's ``data-url``,
  ``disqus_url`` or ``addthis:url`` (a site's root, a social network's page or a feed is no
  page's URL). A page that states none gets ``http://dnID.invalid/story/ID``: its own domain
  (its fold), no date and no home-page path, as a crawl would never serve it;
- every page is of type ``article``: the set measures articles refused and body F1, not other
  kinds of pages.

Folds split by registered domain, as for every data folder.

The same layout (``input/ID.html``, ``GoldStandard/ID.txt``) holds the other folders of
``github.com/j-szulc/html-cleaning-dataset-merged``; ``--gold`` reads their gold files:

- ``cleaneval``: CleanEval's text format (``URL: ...`` on the first line, the page's URL; ``<p>``,
  ``<h>``, ``<l>`` before each paragraph, heading or list item; HTML entities), as in
  ``CleanPortalEval-master/`` (71 pages of five English news sites and blogs, 2012, by hand);
- ``html``: HTML, its text taken with a line per block, as in ``readability/`` (Mozilla
  readability's test pages: 116 pages, news in nine languages and synthetic cases; the
  "truth" is readability's own output, not a reader's choice, so a figure on it says how far
  the text found is from readability's).

    python benchmarks/dragnet.py DRAGNET_DIR OUT [--min-words 50]
    python benchmarks/dragnet.py CLEANPORTALEVAL_DIR OUT --gold cleaneval --min-words 0
    python benchmarks/extraction.py --data OUT
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import lxml.html

_COMMENTS = re.compile(r"^[^\n]*[!@#$%^&*()]{3,}[^\n]*COMMENTS[^\n]*$", re.M)
_STATED = (
    re.compile(rb"<link[^>]+rel=[\"']?canonical[\"']?[^>]*>", re.I),
    re.compile(rb"<meta[^>]+property=[\"']og:url[\"'][^>]*>", re.I),
)
_HREF = re.compile(rb"(?:href|content)=[\"']([^\"']+)[\"']", re.I)
_PERMALINKS = (
    re.compile(rb"class=\"permalink\"\s+href=\"(http[^\"]+)\""),
    re.compile(rb"data-url=\"(http[^\"]+)\""),
    re.compile(rb"disqus_url\s*=\s*['\"](http[^'\"]+)"),
    re.compile(rb"addthis:url=\"(http[^\"]+)\""),
    re.compile(rb"rel=\"bookmark\"[^>]*href=\"(http[^\"]+)\""),
    re.compile(rb"href=\"(http[^\"]+)\"[^>]*rel=\"bookmark\""),
)
_NOT_PAGES = ("facebook.", "plus.google.", "twitter.", "del.icio.us")


def truth_of(gold: bytes) -> str:
    """The main text of a gold file: the text before its comments marker. A few gold files are
    UTF-16 with a byte-order mark; the rest UTF-8."""
    if gold.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = gold.decode("utf-16", "replace")
    else:
        text = gold.decode("utf-8-sig", "replace")
    marker = _COMMENTS.search(text)
    return text[: marker.start()] if marker else text


_CLEANEVAL_URL = re.compile(r"\s*URL:\s*(\S+)")
_CLEANEVAL_TAGS = re.compile(r"<[hpl]>", re.I)
_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "blockquote", "pre", "br",
                     "figcaption", "dd", "dt", "table", "ul", "ol", "section", "article"})


def cleaneval_truth(gold: bytes) -> tuple[str, str | None]:
    """(text, URL or None) of a gold file in CleanEval's format: the ``URL:`` line read and
    left out, the paragraph, heading and list item marks made line breaks, entities decoded."""
    text = gold.decode("utf-8-sig", "replace")
    found = _CLEANEVAL_URL.match(text)
    if found:
        text = text[found.end():]
    return html.unescape(_CLEANEVAL_TAGS.sub("\n", text)), found.group(1) if found else None


def html_truth(gold: bytes) -> str:
    """The text of a gold file in HTML, a line per block."""
    root = lxml.html.fromstring(gold.decode("utf-8-sig", "replace").strip() or "<p></p>")
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    return str(root.text_content())


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _a_page(url: str) -> bool:
    parts = url.split("/", 3)
    if len(parts) < 4 or not parts[3].strip() or "/feed" in url:
        return False
    return not any(name in parts[2] for name in _NOT_PAGES)


def url_of(html: bytes, page_id: str) -> str:
    """The page's URL as the page states it (see the module docstring)."""
    for pattern in _STATED:
        tag = pattern.search(html)
        value = _HREF.search(tag.group(0)) if tag else None
        if value and value.group(1).startswith(b"http"):
            return value.group(1).decode("utf-8", "replace").strip()
    for pattern in _PERMALINKS:
        for match in pattern.finditer(html):
            url = match.group(1).decode("utf-8", "replace").strip()
            if _a_page(url):
                return url
    return f"http://dn{page_id}.invalid/story/{page_id}"


def convert(source: Path, out: Path, min_words: int = 50, gold_format: str = "dragnet") -> tuple[int, int, int]:
    """Write the benchmark layout; ``(pages written, left out as too short, without a URL)``.
    ``gold_format``: ``dragnet``, ``cleaneval`` or ``html`` (the module docstring)."""
    (out / "html").mkdir(parents=True, exist_ok=True)
    truth: dict[str, dict[str, str]] = {}
    short = unstated = 0
    for page in sorted((source / "input").glob("*.html")):
        gold = source / "GoldStandard" / f"{page.stem}.txt"
        if not gold.is_file():
            continue
        stated = None
        if gold_format == "cleaneval":
            text, stated = cleaneval_truth(gold.read_bytes())
            text = _lines(text)
        elif gold_format == "html":
            text = _lines(html_truth(gold.read_bytes()))
        else:
            text = truth_of(gold.read_bytes())
        if len(text.split()) < min_words:
            short += 1
            continue
        page_html = page.read_bytes()
        url = stated or url_of(page_html, page.stem)
        unstated += url.endswith(f".invalid/story/{page.stem}")
        truth[page.stem] = {"url": url, "articleBody": text.strip(), "page_type": "article"}
        (out / "html" / f"{page.stem}.html.gz").write_bytes(gzip.compress(page_html, mtime=0))
    (out / "ground-truth.json").write_text(json.dumps(truth, indent=0, sort_keys=True), encoding="utf-8")
    return len(truth), short, unstated


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("source", type=Path, help="a dragnet_data folder (input/, GoldStandard/)")
    parser.add_argument("out", type=Path, help="the data folder to write")
    parser.add_argument("--min-words", type=int, default=50)
    parser.add_argument("--gold", choices=("dragnet", "cleaneval", "html"), default="dragnet",
                        help="the gold files' format (see the module docstring)")
    args = parser.parse_args(argv)
    if not (args.source / "input").is_dir() or not (args.source / "GoldStandard").is_dir():
        print(f"{args.source}: no input/ and GoldStandard/ folders (Dragnet's layout)", file=sys.stderr)
        return 2
    written, short, unstated = convert(args.source, args.out, args.min_words, args.gold)
    print(f"{written} pages written to {args.out}; {short} left out (truth under {args.min_words} words); "
          f"{unstated} state no URL")
    return 0


if __name__ == "__main__":
    sys.exit(main())
