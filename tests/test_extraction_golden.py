"""Golden test of the extraction on the real pages bundled with the sample web (after fundus's
``tests/test_parser.py``).

Each real page (``crawler/sampleweb/data/real/<id>.html.gz``) has a golden file
``tests/golden/real/<id>.json`` with the full output of ``extract_article(html, url)``. One test
per page and field, so a change names the field and the page that moved; after a deliberate
change, ``tests/golden/regenerate.py`` rewrites the files (see its docstring). Apart from the
golden values, each page's ``articleBody`` must keep an F1 floor against the benchmark's own
ground truth (``ground-truth.json``; the metric of the article-extraction benchmark: ``\\w+``
tokens, count-aware 4-token shingles, see ``benchmarks/extraction.py``), so regenerating cannot
bless a body that lost the article.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from benchmarks.extraction import score_page
from crawler.extraction import FIELDS
from tests.golden.regenerate import GOLDEN, extract, golden_path, ground_truth, load_golden, page_ids

PAGES = page_ids()
# Per page; the lowest today is the Japanese page (0.85: its \w+ tokens are whole phrases).
BODY_F1_FLOOR = 0.8


def _page_label(page_id: str) -> str:
    host = ground_truth()[page_id]["url"].split("/")[2].removeprefix("www.")
    return f"{host}-{page_id[:8]}"


@cache
def _extracted(page_id: str) -> dict[str, Any]:
    return extract(page_id)


def test_a_golden_file_for_every_page() -> None:
    assert len(PAGES) == 8
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == PAGES
    for page_id in PAGES:
        golden = load_golden(page_id)
        assert golden["url"] == ground_truth()[page_id]["url"], golden_path(page_id)
        assert list(golden["output"]) == list(FIELDS), golden_path(page_id)  # every field, in order


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("page_id", PAGES, ids=_page_label)
def test_field_matches_the_golden_file(page_id: str, field: str) -> None:
    assert _extracted(page_id)[field] == load_golden(page_id)["output"][field]


@pytest.mark.parametrize("page_id", PAGES, ids=_page_label)
def test_article_body_f1_floor(page_id: str) -> None:
    score = score_page(_extracted(page_id)["articleBody"], ground_truth()[page_id]["articleBody"])
    assert score.precision is not None  # an empty body
    f1 = 2 * score.precision * score.recall / (score.precision + score.recall) if score.recall else 0.0
    assert f1 >= BODY_F1_FLOOR
