"""``scrapy recheck``: late originals reach the output, bad lines are skipped, input order is irrelevant."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from crawler.items import RECORD_FIELDS
from crawler.records import merge_files, recheck_files, record_validator

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seeds" / "000_aa87f1e3245c7cf3.txt"

_WORDS = ("talks border troops minister report city court vote market energy water school strike protest "
          "summit trade bank storm rescue festival council budget police election health farmers").split()


def _body(seed: int, n: int = 6) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(_WORDS) if rng.random() < 0.6 else f"n{rng.randrange(10**5)}"
                     for _ in range(40)) for _ in range(n)]


def _record(url: str, site: str, kind: str, body: list[str], **kw: Any) -> dict[str, Any]:
    """A record as this version writes it (every field; those not given null)."""
    rec: dict[str, Any] = dict.fromkeys(RECORD_FIELDS)
    rec |= {
        "url": url, "canonicalUrl": None, "site": site, "siteKind": kind, "headline": kw.get("headline"),
        "articleBody": "\n".join(body), "description": None, "datePublished": kw.get("date"),
        "dateModified": None, "authors": None, "inLanguage": "en", "mainImage": None,
        "claimedSource": kw.get("claimed"), "syndication": None, "sourceCheck": None,
        "metadata": {"dateDownloaded": "2024-05-01T00:00:00Z"},
    }
    return rec


def _records() -> list[dict[str, Any]]:
    seed_lines = SEED.read_text(encoding="utf-8").splitlines() if SEED.is_file() else _body(99, 12)
    end = next((i for i, line in enumerate(seed_lines) if line.startswith("Article source:")), len(seed_lines))
    jpost = ("https://www.jpost.com/Arab-Israeli-Conflict/"
             "Palestinians-say-500-prisoners-in-Israeli-jails-to-start-hunger-strike-558836")
    recs = [
        _record("http://127.0.0.1:8001/israel-news/lieberman-moscow-1.6", "haaretz", "news", seed_lines[:end],
                date="2018-05-31T10:00:00Z"),
        _record("http://127.0.0.1:8003/2018/05/lieberman.html", "blog", "aggregator", [*seed_lines[:end], "Read More"],
                claimed={"url": jpost, "text": "Article source: " + jpost}),
        _record("http://127.0.0.1:8003/2018/05/excerpt.html", "blog", "aggregator", seed_lines[:3]),
    ]
    for i in range(8):
        recs.append(_record(f"http://127.0.0.1:8002/story/{i}", "wire", "news", _body(i), date=f"2024-05-0{i + 1}"))
        recs.append(_record(f"http://127.0.0.1:8004/p/{i}", "portal", "aggregator", _body(i)[: 2 + i % 3],
                            claimed={"url": f"http://127.0.0.1:8002/story/{i}", "text": "via wire"} if i % 2 else None))
    return recs


def _write(path: Path, records: list[dict[str, Any]], extra: str = "") -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
        fh.write(extra)
    return path


def _scrapy_recheck(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings")
    return subprocess.run([sys.executable, "-m", "scrapy", "recheck", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_recheck_is_order_independent(tmp_path: Path) -> None:
    records = _records()
    outputs = []
    for run, shuffle_seed in enumerate((None, 1, 2)):
        recs = list(records)
        if shuffle_seed is not None:
            random.Random(shuffle_seed).shuffle(recs)
        half = len(recs) // 2
        a = _write(tmp_path / f"a{run}.jsonl", recs[:half], extra="{not json\n\n[1, 2]\n")
        b = _write(tmp_path / f"b{run}.jsonl", recs[half:])
        out = tmp_path / f"out{run}.jsonl"
        proc = _scrapy_recheck(str(a), str(b), "-o", str(out), "-s", f"STATE_URI=sqlite:///{tmp_path / f's{run}.db'}")
        assert proc.returncode == 0, proc.stderr
        summary = proc.stderr.strip().splitlines()[-1]
        assert summary.startswith(f"recheck: {len(records)} records") and "2 bad lines skipped" in summary
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [r["url"] for r in lines] == [r["url"] for r in recs]  # input order
        for before, after in zip(recs, lines, strict=True):
            assert list(after) == list(before)
            assert {k: v for k, v in after.items() if k not in ("syndication", "sourceCheck")} == \
                   {k: v for k, v in before.items() if k not in ("syndication", "sourceCheck")}
        outputs.append({r["url"]: (r["syndication"], r["sourceCheck"]) for r in lines})
    assert outputs[0] == outputs[1] == outputs[2]
    result = outputs[0]
    blog = result["http://127.0.0.1:8003/2018/05/lieberman.html"]
    assert blog[0]["role"] == "copy" and blog[0]["duplicateOf"] == "http://127.0.0.1:8001/israel-news/lieberman-moscow-1.6"
    if SEED.is_file():
        assert blog[1]["status"] == "mismatch" and "slug_mismatch" in blog[1]["reasons"]
    assert result["http://127.0.0.1:8001/israel-news/lieberman-moscow-1.6"][0]["role"] == "original"
    for i in range(8):
        syn, sc = result[f"http://127.0.0.1:8004/p/{i}"]
        assert syn["role"] == "copy" and syn["duplicateOf"] == f"http://127.0.0.1:8002/story/{i}"
        assert sc["status"] == ("match" if i % 2 else "missing")


def test_recheck_fills_late_verdicts_with_existing_state(tmp_path: Path) -> None:
    state = {"STATE_URI": f"sqlite:///{tmp_path / 'state.db'}"}
    copy = _record("http://127.0.0.1:8004/p/1", "portal", "aggregator", _body(1)[:2])
    original = _record("http://127.0.0.1:8002/story/1", "wire", "news", _body(1))
    first = recheck_files([_write(tmp_path / "run1.jsonl", [copy])], tmp_path / "o1.jsonl", state)
    assert first.copies == 0
    recheck_files([_write(tmp_path / "run2.jsonl", [original])], tmp_path / "o2.jsonl", state)
    summary = recheck_files([tmp_path / "o1.jsonl"], tmp_path / "o3.jsonl", state)
    assert (summary.records, summary.copies, summary.changed) == (1, 1, 1)
    out = json.loads((tmp_path / "o3.jsonl").read_text(encoding="utf-8"))
    assert out["syndication"]["duplicateOf"] == original["url"]
    assert out["sourceCheck"] == {"status": "missing", "reasons": ["unattributed_copy"], "originalUrl": original["url"]}


#: Fields the record did not have in its first version (2026-12-01): records written then lack them.
LATER_FIELDS = ("articleBodyHtml", "datePublishedRaw", "dateModifiedRaw", "images", "breadcrumbs", "videos", "audios")


def test_records_of_an_earlier_version_are_read_with_the_fields_added_since_null(tmp_path: Path) -> None:
    """An hourly crawl's files of last week, written before ``videos`` or ``dateModifiedRaw``
    existed, merge and recheck with today's: nothing skipped, every record in today's shape."""
    verdicts = {"syndication": {"clusterId": "c1", "role": "unique", "duplicateOf": None, "containment": None},
                "sourceCheck": {"status": "none", "reasons": [], "originalUrl": None}}
    old = [{k: v for k, v in (_record(f"http://127.0.0.1:8002/story/{i}", "wire", "news", _body(i)) | verdicts).items()
            if k not in LATER_FIELDS} for i in range(3)]
    new = _record("http://127.0.0.1:8002/story/9", "wire", "news", _body(9), date="2024-05-09") | verdicts
    new["videos"] = [{"url": "https://cdn.example/clip.mp4"}]
    old.append({"unknown": 1, **old[0], "url": "http://127.0.0.1:8002/story/x"})  # not a record of any version
    files = [_write(tmp_path / "last-week.jsonl", old), _write(tmp_path / "today.jsonl", [new])]
    summary = merge_files(files, tmp_path / "merged.jsonl")
    assert (summary.records, summary.bad_lines) == (4, 1)
    merged = [json.loads(line) for line in (tmp_path / "merged.jsonl").read_text(encoding="utf-8").splitlines()]
    validator = record_validator()
    for rec in merged:
        assert list(rec) == list(RECORD_FIELDS)
        assert validator.is_valid(rec)
    by_url = {r["url"]: r for r in merged}
    assert all(by_url[r["url"]][name] is None for r in old[:3] for name in LATER_FIELDS)
    assert by_url[new["url"]]["videos"] == [{"url": "https://cdn.example/clip.mp4"}]
    rechecked = recheck_files([tmp_path / "last-week.jsonl"], tmp_path / "rechecked.jsonl",
                              {"STATE_URI": f"sqlite:///{tmp_path / 'state.db'}"})
    assert (rechecked.records, rechecked.bad_lines) == (3, 1)
    lines = [json.loads(line) for line in (tmp_path / "rechecked.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [list(r) for r in lines] == [list(RECORD_FIELDS)] * 3
    assert all(r[name] is None for r in lines for name in LATER_FIELDS)


def test_recheck_usage_errors(tmp_path: Path) -> None:
    proc = _scrapy_recheck(str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl"))
    assert proc.returncode == 2 and "no such input file" in proc.stderr
    inp = _write(tmp_path / "in.jsonl", [])
    proc = _scrapy_recheck(str(inp), "-o", str(tmp_path / "o.jsonl"), "-s", "STATE_URI=bogus://x")
    assert proc.returncode == 2 and "bogus" in proc.stderr


@pytest.mark.parametrize("enabled", [True, False])
def test_pipelines_through_scrapy(tmp_path: Path, enabled: bool) -> None:
    """The two pipeline stages built by Scrapy from settings, run on Article items."""
    from scrapy.exceptions import DropItem, NotConfigured

    from crawler.items import Article
    from crawler.pipelines.source_check import SourceCheckPipeline
    from crawler.pipelines.syndication import SyndicationPipeline
    from tests.helpers import project_crawler

    settings = {"STATE_URI": f"sqlite:///{tmp_path / 'state.db'}", "SOURCE_CHECK_ENABLED": enabled,
                "DEDUP_DROP_COPIES": True}
    crawler = project_crawler(settings)
    crawler.stats.open_spider()  # type: ignore[union-attr]
    synd = SyndicationPipeline.from_crawler(crawler)
    synd.open_spider()
    original = Article(url="http://127.0.0.1:8002/story/1", site="wire", siteKind="news",
                       articleBody="\n".join(_body(1)))
    copy = Article(url="http://127.0.0.1:8004/p/1", site="portal", siteKind="aggregator",
                   articleBody="\n".join(_body(1)[:2]))
    assert synd.process_item(original).syndication.role == "unique"
    with pytest.raises(DropItem):
        synd.process_item(copy)
    synd.close_spider()
    stats = crawler.stats.get_stats()  # type: ignore[union-attr]
    assert stats["dedup/unique"] == 1 and stats["dedup/copies"] == 1 and stats["dedup/dropped"] == 1
    if not enabled:
        with pytest.raises(NotConfigured):
            SourceCheckPipeline.from_crawler(crawler)
        return
    sc = SourceCheckPipeline.from_crawler(crawler)
    sc.open_spider()
    item = sc.process_item(copy)
    sc.close_spider()
    assert asdict(item.sourceCheck) == {"status": "missing", "reasons": ["unattributed_copy"],
                                "originalUrl": "http://127.0.0.1:8002/story/1"}
    assert crawler.stats.get_value("source_check/reason/unattributed_copy") == 1  # type: ignore[union-attr]
