"""The mutation benchmark (``benchmarks/mutations.py``) on the repository's own extraction
fixtures: a fixed seed's cases end only in records, refusals and listing errors (each defect it
found in the development sets' pages is tested where it was fixed), and it tells a defect."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.mutations import Mutator, Tally, load_pages, main, run

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"


def test_a_seed_of_mutated_fixture_pages_raises_nothing_unexpected() -> None:
    pages = load_pages([FIXTURES])
    assert len(pages) >= 10
    tally = run(pages, seconds=0, seed=3, slow=60, cases=240)
    assert tally.failures == {}, tally.failures
    assert sum(v for k, v in tally.outcomes.items() if k.startswith("page/")) == 240
    # not a check that cannot fail: records, refusals and both kinds of listing outcome come out
    assert tally.outcomes["page/record"] > 20 and tally.outcomes["page/not_article"] + tally.outcomes["page/empty"] > 5
    assert tally.outcomes["listing/read"] > 5 and tally.outcomes["listing/refused"] > 5


def test_the_same_seed_gives_the_same_cases() -> None:
    page = (FIXTURES / "broken_html.html").read_bytes()
    first, second = Mutator(7), Mutator(7)
    assert [first.page(page, "https://a.example/")[:3] for _ in range(20)] == \
        [second.page(page, "https://a.example/")[:3] for _ in range(20)]


def test_an_unexpected_exception_is_reported_with_its_place() -> None:
    tally = Tally()
    try:
        {}["missing"]
    except KeyError as exc:
        tally.failed("page", exc, "case 1")
    (key, (count, first)), = tally.failures.items()
    assert key.startswith("page: KeyError at test_benchmark_mutations.py:") and count == 1 and "case 1" in first


def test_main_exits_2_without_its_data(tmp_path: Path) -> None:
    assert main(["--data", str(tmp_path / "missing"), "--seconds", "1"]) == 2


def test_the_crawl_mode_crawls_mutated_fixture_pages(capsys: pytest.CaptureFixture[str]) -> None:
    """``--crawl``: both spiders on a local site of mutated fixture pages; nothing failed."""
    from benchmarks.mutations import crawl

    assert crawl(load_pages([FIXTURES]), 12, seed=1) == 0
    out = capsys.readouterr().out
    assert "crawl news: exit 0, 12 pages listed" in out and "crawl aggregator: exit 0, 4 pages listed" in out
