"""Fields beside the body: headline, author and publication date against the truth, per fold.

Reads the data folders ``extraction.py`` reads (same folds, split by registered domain) and, on
the *article* pages whose truth gives the field, compares ``crawler.extraction``'s record (no
provenance hint; the fields of a refused page are scored too) and trafilatura's metadata
(``bare_extraction``, run in the same process) with it:

- ``datePublished``: right when the calendar day is the truth's; ``wrong`` another day;
  ``missing`` none given; ``extra``: a date given where the truth has none (not an error in
  itself: the truth's reviewers may have missed one);
- ``headline``: right when both read the same after case, space and punctuation are folded;
- ``author``: right when one of the names given and the truth's name fold to the same words, or
  one holds the other (a truth of "Jane Roe and John Doe" against the record's two names).

    python benchmarks/fields.py [--data DIR ...] [--no-trafilatura]

The truth was drafted by a machine and reviewed by a person, and "published" is often the date a
page shows as "updated": read the figures as a comparison of two extractors, not as accuracy.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

_FOLD = re.compile(r"[\W_]+")


def _bench() -> Any:
    """``benchmarks/extraction.py`` (data loading, folds, headers), imported from beside this file."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import extraction

    return extraction


def fold_text(value: str | None) -> str:
    """Case, punctuation and spaces folded: ``"Nesting  Database-Systems!"`` -> ``"nesting database systems"``."""
    return " ".join(_FOLD.sub(" ", value or "").casefold().split())


def date_verdict(ours: str | None, truth: str | None) -> str:
    """``right``, ``wrong``, ``missing``, ``extra`` or ``none`` (neither gives a date)."""
    if not truth:
        return "extra" if ours else "none"
    if not ours:
        return "missing"
    return "right" if ours[:10] == truth[:10] else "wrong"


def text_verdict(ours: list[str], truth: str | None, *, contain: bool = False) -> str:
    """``right``, ``wrong``, ``missing`` or ``none`` (no truth) for a headline or author names."""
    if not truth:
        return "none"
    folded = [fold_text(value) for value in ours if fold_text(value)]
    if not folded:
        return "missing"
    want = fold_text(truth)
    if any(value == want or (contain and (value in want or want in value)) for value in folded):
        return "right"
    return "wrong"


def ours(page: Any) -> dict[str, Any]:
    """``crawler.extraction``'s headline, author names and date (no hint, refused pages too)."""
    from crawler.extraction.article import analyse

    fields = analyse(page.html, page.url, _bench().HEADERS, min_words=0).fields or {}
    return {
        "headline": [fields["headline"]] if fields.get("headline") else [],
        "author": [a.get("name", "") for a in fields.get("authors") or []],
        "date": fields.get("datePublished"),
    }


def trafilatura_fields(page: Any) -> dict[str, Any]:
    """trafilatura's metadata of the page (``bare_extraction`` with its defaults)."""
    import trafilatura

    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    if doc is None:
        return {"headline": [], "author": [], "date": None}
    author = getattr(doc, "author", None) or ""
    return {
        "headline": [doc.title] if getattr(doc, "title", None) else [],
        "author": [name.strip() for name in author.split(";") if name.strip()],
        "date": getattr(doc, "date", None),
    }


def score(pages: Sequence[Any], truths: dict[str, dict[str, Any]], runner: Any) -> dict[str, Counter[str]]:
    """Verdict counts per field for one runner."""
    counts: dict[str, Counter[str]] = {"date": Counter(), "headline": Counter(), "author": Counter()}
    for page in pages:
        truth = truths[page.page_id]
        found = runner(page)
        counts["date"][date_verdict(found["date"], truth.get("datePublished"))] += 1
        counts["headline"][text_verdict(found["headline"], truth.get("headline"))] += 1
        counts["author"][text_verdict(found["author"], truth.get("author"), contain=True)] += 1
    return counts


def line(source: str, fold: str, name: str, counts: dict[str, Counter[str]]) -> str:
    """One printed row: per field, right / with truth, and wrong, missing (and extra dates)."""
    cells = []
    for field in ("date", "headline", "author"):
        c = counts[field]
        given = c["right"] + c["wrong"] + c["missing"]
        cell = f"{c['right']}/{given} w{c['wrong']} m{c['missing']}"
        cells.append(cell + (f" x{c['extra']}" if field == "date" else ""))
    return f"{source:<19}{fold:<9}{name:<12}" + "".join(f"{cell:<26}" for cell in cells)


def main(argv: Sequence[str] | None = None) -> int:
    import json

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", action="append", help="data folder (repeatable; default: both shared sets)")
    parser.add_argument("--no-trafilatura", action="store_true", help="score ours only")
    args = parser.parse_args(argv)
    bench = _bench()
    folders, missing = bench.resolve_data(args.data)
    if not folders:
        print(f"no data folder found (looked for {', '.join(map(str, missing))})", file=sys.stderr)
        return 2
    runners = {"ours": ours} if args.no_trafilatura else {"ours": ours, "trafilatura": trafilatura_fields}
    print(f"{'source':<19}{'fold':<9}{'runner':<12}" + "".join(f"{f:<26}" for f in ("date", "headline", "author")))
    for folder in folders:
        truths = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
        if not any(t.get(f) for t in truths.values() for f in ("headline", "author", "datePublished")):
            print(f"{folder.name:<19}(its truth gives no headline, author or date)")
            continue
        pages = [p for p in bench.load_dataset(folder) if p.page_type == "article"]
        for fold in ("tuned", "held-out"):
            chosen = [p for p in pages if p.fold == fold]
            for name, runner in runners.items():
                print(line(folder.name, fold, name, score(chosen, truths, runner)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
