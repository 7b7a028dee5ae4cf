"""The final verdicts extension on real files and a real SQLite store: what it rewrites, what it
keeps byte for byte, and that an interrupted rewrite leaves the file as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import NotConfigured

from crawler.extensions.final_verdicts import FinalVerdicts
from crawler.records import Evaluator
from crawler.state import open_store
from crawler.syndication import DedupConfig, assign
from tests.helpers import paragraphs, project_crawler, rec

BODY = paragraphs(6000, n=6)
ORIGINAL = rec("https://news.example/story", "\n".join(BODY), date="2024-06-01T08:00:00Z")
COPY = rec("https://agg.example/copy", "\n".join(BODY[:3]), kind="aggregator")
OTHER = rec("https://news.example/other", "\n".join(paragraphs(6001, n=6)), date="2024-06-01T09:00:00Z")


def line(record: dict[str, Any], syndication: dict[str, Any]) -> bytes:
    return (json.dumps({**record, "syndication": syndication, "sourceCheck": None}, ensure_ascii=False)
            + "\n").encode()


@pytest.fixture
def run(tmp_path: Path) -> dict[str, Any]:
    """A run that wrote the copy before its original: the copy's line says unique."""
    state = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    out = tmp_path / "out.jsonl"
    previous = line(OTHER, {"clusterId": "cold", "role": "unique", "duplicateOf": None, "containment": None})
    with open_store(state) as store:
        assign(store, OTHER)
        lines = [line(COPY, assign(store, COPY)), line(ORIGINAL, assign(store, ORIGINAL))]
    out.write_bytes(previous + b"".join(lines) + b"not json\n")
    return {"state": state, "out": out, "previous": previous, "lines": lines}


def extension(state: str, **settings: Any) -> FinalVerdicts:
    crawler = project_crawler({"STATE_URI": state, "SOURCE_CHECK_ENABLED": False, **settings})
    return FinalVerdicts.from_crawler(crawler)


def finish(ext: FinalVerdicts) -> None:
    """What ``feeds_closed`` runs in a thread, then in the reactor (crawls run it for real in
    ``tests/e2e/test_order_independence.py``)."""
    ext._finish_all(None)
    ext._report(None)


def test_the_run_s_records_get_the_final_verdicts(run: dict[str, Any]) -> None:
    ext = extension(run["state"])
    ext.register_output(str(run["out"]), len(run["previous"]), {"format": "jsonl"})
    ext.register_output(str(run["out"].with_suffix(".csv")), 0, {"format": "csv"})  # not JSON lines: ignored
    finish(ext)
    data = run["out"].read_bytes().split(b"\n")
    assert data[0] + b"\n" == run["previous"]  # before the run: kept byte for byte
    copy = json.loads(data[1])
    assert copy["syndication"]["role"] == "copy" and copy["syndication"]["duplicateOf"] == ORIGINAL["url"]
    assert list(copy) == list({**COPY, "syndication": 1, "sourceCheck": 1})  # field order kept
    assert data[2] + b"\n" == run["lines"][1]  # unchanged: byte for byte
    assert data[3:] == [b"not json", b""]
    assert dict(ext.counts) == {"files": 1, "records": 2, "changed": 1, "changed/syndication": 1,
                                "changed/source_check": 0, "bad_lines": 1}
    stats = ext.crawler.stats.get_stats()  # type: ignore[union-attr]
    assert stats["final_verdicts/changed"] == 1 and stats["final_verdicts/records"] == 2
    assert [p.name for p in run["out"].parent.iterdir() if p.name.startswith(".")] == []


def test_copies_are_dropped_with_dedup_drop_copies(run: dict[str, Any]) -> None:
    ext = extension(run["state"], DEDUP_DROP_COPIES=True)
    ext.register_output(str(run["out"]), 0, {"format": "jsonlines"})
    finish(ext)
    urls = [json.loads(x)["url"] for x in run["out"].read_bytes().splitlines() if x.startswith(b"{")]
    assert urls == [OTHER["url"], ORIGINAL["url"]] and ext.counts["dropped_copies"] == 1


def test_an_interrupted_rewrite_leaves_the_file_as_it_was(run: dict[str, Any]) -> None:
    before = run["out"].read_bytes()

    class Failing(Evaluator):
        def reevaluate(self, record: Any) -> dict[str, Any]:
            if record["url"] == ORIGINAL["url"]:
                raise OSError("disk gone")
            return super().reevaluate(record)

    ext = extension(run["state"])
    with open_store(run["state"]) as store:
        with pytest.raises(OSError):
            ext._finish_file(run["out"], 0, Failing(store, DedupConfig.from_settings(), None))
    assert run["out"].read_bytes() == before
    assert sorted(p.name for p in run["out"].parent.iterdir()) == ["out.jsonl", "state.sqlite3"]


def test_switched_off(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        extension(f"sqlite:///{tmp_path / 's.sqlite3'}", FINAL_VERDICTS_ENABLED=False)
