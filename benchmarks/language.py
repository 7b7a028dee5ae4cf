"""``inLanguage`` on real articles: how often it is filled, and how often it is right.

Reads the same data folders as ``benchmarks/extraction.py`` (default: both shared sets) and
runs ``crawler.extraction.extract_article`` with no provenance hint on every ``article`` page.
For each source and fold it prints:

- ``filled``: accepted articles whose record has an ``inLanguage``, over accepted articles;
- ``right (text)``: records whose ``inLanguage`` equals the language of the page's *gold*
  article text, identified with py3langid over the whole gold text (not the record's 400-character
  sample), over the pages where that identification is confident (probability >= 0.99 on at
  least 300 characters; the others are counted as ``no reference``);
- ``right (declared)``: the same against the page's own ``<html lang>`` primary subtag, where
  the page declares one. Templates often declare a default that is wrong (``lang="en"`` on a
  Spanish page), so this reference is noisier; it is printed to show where the two disagree.

The gold-text reference uses the same language model as the product, on other text: it checks
that the extracted text, the sampling and the declared/detected arbitration give the language
of the article, not that py3langid is right. Nothing here is tuned.

    python benchmarks/language.py [--data DIR ...]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from extraction import HEADERS, Page, load_dataset, resolve_data  # noqa: E402

#: A gold-text identification counts as the reference at or above this probability and length.
REFERENCE_PROBABILITY = 0.99
REFERENCE_CHARS = 300
_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.I)


@dataclass
class Tally:
    """Counts of one (source, fold) group."""

    articles: int = 0
    accepted: int = 0
    filled: int = 0
    referenced: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    right_text: int = 0
    declared: int = 0
    right_declared: int = 0


def gold_language(text: str) -> str | None:
    """The language of the whole gold text when py3langid is confident, else None."""
    from crawler.extraction.language import _model, iso639_1

    if len(text) < REFERENCE_CHARS:
        return None
    code, probability = _model().classify(text)
    return iso639_1(str(code)) if probability >= REFERENCE_PROBABILITY else None


def declared_language(html: bytes) -> str | None:
    """The primary subtag of the page's ``<html lang>``, if any."""
    from crawler.extraction.language import iso639_1

    match = _HTML_LANG.search(html[:20000])
    return iso639_1(match.group(1).decode("ascii", "replace")) if match else None


def tally_page(page: Page, tally: Tally, misses: list[str]) -> None:
    """Run the extractor on one article page and count what its ``inLanguage`` gives."""
    from crawler.extraction import NotArticle, extract_article

    tally.articles += 1
    try:
        fields = extract_article(page.html, page.url, HEADERS)
    except NotArticle:
        return
    tally.accepted += 1
    found = fields.get("inLanguage")
    tally.filled += found is not None
    reference = gold_language(page.truth)
    if reference is not None:
        tally.referenced += 1
        tally.languages[reference] += 1
        tally.right_text += found == reference
        if found != reference:
            misses.append(f"{page.source}/{page.page_id} {page.url}: {found} for {reference}")
    stated = declared_language(page.html)
    if stated is not None:
        tally.declared += 1
        tally.right_declared += found == stated


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.1%})" if whole else "-"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", action="append", help="data folder (repeatable; default: both shared sets)")
    args = parser.parse_args(argv)
    folders, missing = resolve_data(args.data)
    if not folders:
        print(f"no data folder found: {', '.join(missing)}", file=sys.stderr)
        return 2
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    misses: list[str] = []
    for folder in folders:
        for page in load_dataset(folder):
            if page.page_type == "article":
                tally_page(page, tallies[(page.source, page.fold)], misses)
    total = Tally()
    print(f"{'source':<20} {'fold':<9} {'articles':>8} {'filled':>18} {'right (text)':>18} {'right (declared)':>18}")
    for (source, fold), tally in sorted(tallies.items()):
        for name in vars(total):
            setattr(total, name, getattr(total, name) + getattr(tally, name))  # Counter + Counter too
        print(f"{source:<20} {fold:<9} {tally.articles:>8} {_share(tally.filled, tally.accepted):>18} "
              f"{_share(tally.right_text, tally.referenced):>18} {_share(tally.right_declared, tally.declared):>18}")
    print(f"{'all':<20} {'':<9} {total.articles:>8} {_share(total.filled, total.accepted):>18} "
          f"{_share(total.right_text, total.referenced):>18} {_share(total.right_declared, total.declared):>18}")
    print(f"accepted {total.accepted} of {total.articles} articles; "
          f"{total.accepted - total.referenced} without a confident gold-text reference")
    print("gold-text languages:", ", ".join(f"{code} {n}" for code, n in total.languages.most_common()))
    for line in misses:
        print("  differs from gold text:", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
