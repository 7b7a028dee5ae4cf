"""Same web, same records: crawl order and the state store change nothing in the output (issue 15);
a run's output ends with the verdicts `scrapy recheck` gives (issue 13).

Crawls (``news`` then ``aggregator`` on a fresh state) with one request at a time in FIFO order,
with 32 at a time in a shuffled order, and on Redis, must write identical records apart from
``metadata.dateDownloaded``: of the sample web, and of a small web made of the cases where arrival
order used to change the clusters (``tests/order_corpus.py``; the former incremental method gave
different records for 2 of its 14 news and 10 of its 31 aggregator pages between two of these
orders). The larger comparison (``--scale 2000``) is ``benchmarks/determinism.py``.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.determinism import ORDERS, assign_in_order, crawl, differences
from tests.helpers import read_jsonl, scrapy_cmd
from tests.order_corpus import OrderWeb


@pytest.fixture(scope="module")
def order_web_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with OrderWeb() as web:
        yield web.write_sites_file(tmp_path_factory.mktemp("orderweb") / "sites.toml")


@pytest.fixture(scope="module", params=["sample", "order"])
def crawls(request: pytest.FixtureRequest, redis_server: Any,
           tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    if request.param == "sample":
        request.getfixturevalue("sample_web")
        sites = request.getfixturevalue("sites_file")
    else:
        sites = request.getfixturevalue("order_web_sites")
    out: dict[str, dict[str, Any]] = {}
    for name, extra in ORDERS.items():
        folder = tmp_path_factory.mktemp(f"{request.param}-{name}")
        state = f"{redis_server.uri}?prefix=e2e-{uuid.uuid4().hex[:8]}" if name.startswith("redis") \
            else f"sqlite:///{folder / 'state.sqlite3'}"
        out[name] = crawl(sites, folder, state, extra, timeout=600)
    return out


@pytest.mark.parametrize("other", ["sqlite-32-shuffled", "redis-shuffled"])
@pytest.mark.parametrize("spider", ["news", "aggregator"])
def test_crawl_order_and_store_change_no_record(crawls: dict[str, dict[str, Any]], spider: str, other: str) -> None:
    first = crawls["sqlite-1-fifo"]
    assert crawls[other][f"{spider}_order"] != first[f"{spider}_order"]  # the pages came in another order
    assert len(first[spider]) >= 10
    assert differences(first[spider], crawls[other][spider]) == []


def test_crawl_records_are_those_of_any_assignment_order(crawls: dict[str, dict[str, Any]], tmp_path: Path,
                                                         redis_server: Any) -> None:
    """Indexing the crawl's records in other orders, on either store, gives the same verdicts, and
    the aggregator run's records (the last run: the final state) carry exactly those."""
    first = crawls["sqlite-1-fifo"]
    records = [r for spider in ("news", "aggregator") for r in first[spider].values()]
    results = [assign_in_order(records, uri, seed) for seed, uri in
               enumerate((f"sqlite:///{tmp_path / 's.sqlite3'}", f"{redis_server.uri}?prefix=a{uuid.uuid4()}"))]
    assert results[0] == results[1]
    assert {u: results[0][u]["syndication"] for u in first["aggregator"]} == \
        {u: r["syndication"] for u, r in first["aggregator"].items()}


def test_final_verdicts_are_those_of_recheck(crawl_run: dict[str, Any], sites_file: Path, tmp_path: Path) -> None:
    """After a `news` run then an `aggregator` run on one state, `scrapy recheck` changes no verdict
    in the aggregator run's output, and in the news run's output only what the later run taught:
    originals whose copies arrived in it (unique -> original, in the same cluster)."""
    state = crawl_run["state"]
    rechecked = {}
    for spider in ("news", "aggregator"):
        out = tmp_path / f"{spider}.rechecked.jsonl"
        proc = scrapy_cmd("recheck", str(crawl_run["dir"] / f"{spider}.jsonl"), "-o", str(out),
                          "-s", f"STATE_URI={state}", "-s", f"SITES_FILE={sites_file}")
        assert proc.returncode == 0, proc.stderr[-2000:]
        rechecked[spider] = {r["url"]: r for r in read_jsonl(out)}
        assert "Final verdicts: " in crawl_run["logs"][spider]
    assert [(r["url"], r["syndication"], r["sourceCheck"]) for r in crawl_run["aggregator"]] == \
        [(r["url"], rechecked["aggregator"][r["url"]]["syndication"], rechecked["aggregator"][r["url"]]["sourceCheck"])
         for r in crawl_run["aggregator"]]
    copies_of = Counter(r["syndication"]["duplicateOf"] for r in crawl_run["aggregator"])
    taught = 0
    for before in crawl_run["news"]:
        after = rechecked["news"][before["url"]]
        changed = after["syndication"] != before["syndication"] or after["sourceCheck"] != before["sourceCheck"]
        # exactly the originals that were alone at the end of the news run and got copies later
        assert changed == (before["syndication"]["role"] == "unique" and copies_of[before["url"]] > 0), before["url"]
        if changed:
            taught += 1
            assert after["syndication"] == {**before["syndication"], "role": "original"}
            assert after["sourceCheck"] == {**before["sourceCheck"], "originalUrl": before["url"]}
    assert taught > 5
