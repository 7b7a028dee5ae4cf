"""Rewrite the golden files of the real pages from the current extraction (run by hand).

``tests/golden/real/<id>.json`` holds, for each real page bundled in
``crawler/sampleweb/data/real/`` (``<id>.html.gz`` + ``ground-truth.json``), the URL it is
extracted under and the full output of ``crawler.extraction.extract_article(html, url)``.
``tests/test_extraction_golden.py`` compares today's extraction with them field by field.

After a deliberate change to the extraction::

    .venv/bin/python tests/golden/regenerate.py          # rewrite, print what moved
    .venv/bin/python tests/golden/regenerate.py --check  # only print what moved; exit 1 if anything did

then read the diff (``git diff tests/golden``) before committing it: every moved field is a
change of behaviour on a real page.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from crawler.extraction import extract_article  # noqa: E402

DATA = REPO / "crawler" / "sampleweb" / "data" / "real"
GOLDEN = Path(__file__).resolve().parent / "real"


@cache
def ground_truth() -> dict[str, dict[str, str]]:
    """``{id: {"url": ..., "articleBody": ...}}`` of the bundled real pages."""
    data: dict[str, dict[str, str]] = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    return data


def page_ids() -> list[str]:
    """The ids of the bundled real pages, sorted."""
    return sorted(ground_truth())


def html(page_id: str) -> bytes:
    """The page's HTML, as served (gunzipped bytes)."""
    return gzip.decompress((DATA / f"{page_id}.html.gz").read_bytes())


def extract(page_id: str) -> dict[str, Any]:
    """Today's extraction of the page, as JSON values (what a golden file holds)."""
    url = ground_truth()[page_id]["url"]
    out: dict[str, Any] = json.loads(json.dumps(extract_article(html(page_id), url), ensure_ascii=False))
    return out


def golden_path(page_id: str) -> Path:
    return GOLDEN / f"{page_id}.json"


def load_golden(page_id: str) -> dict[str, Any]:
    """A golden file: ``{"url": ..., "output": {field: value}}``."""
    data: dict[str, Any] = json.loads(golden_path(page_id).read_text(encoding="utf-8"))
    return data


def moved_fields(page_id: str, output: dict[str, Any]) -> Iterator[str]:
    """The fields whose value differs from the page's golden file (all of them when it has none)."""
    old = load_golden(page_id)["output"] if golden_path(page_id).exists() else {}
    for name in sorted(set(old) | set(output)):
        if old.get(name, KeyError) != output.get(name, KeyError):
            yield name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a field moved")
    args = parser.parse_args(argv)
    moved_any = False
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for page_id in page_ids():
        output = extract(page_id)
        moved = list(moved_fields(page_id, output))
        moved_any = moved_any or bool(moved)
        print(f"{page_id[:12]}  {', '.join(moved) if moved else 'unchanged'}")
        if moved and not args.check:
            data = {"url": ground_truth()[page_id]["url"], "output": output}
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            golden_path(page_id).write_text(text, encoding="utf-8")
    stale = {p.stem for p in GOLDEN.glob("*.json")} - set(page_ids())
    for page_id in sorted(stale):
        print(f"{page_id[:12]}  no such page any more{'' if args.check else ': removed'}")
        if not args.check:
            golden_path(page_id).unlink()
    return 1 if args.check and (moved_any or stale) else 0


if __name__ == "__main__":
    sys.exit(main())
