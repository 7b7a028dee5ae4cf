"""``scrapy recheck`` of a real crawl: the evidence of fetched claimed sources (kept in the state
store during the crawl; records carry none) gives the same verdicts whatever the input order."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

from crawler.sampleweb import SampleWeb
from tests.helpers import read_jsonl, scrapy_cmd


def _copy_state(crawl_run: dict[str, Any], dest: Path) -> str:
    src = Path(crawl_run["state"].removeprefix("sqlite:///"))
    for f in src.parent.glob(src.name + "*"):
        shutil.copy(f, dest / f.name)
    return f"sqlite:///{dest / src.name}"


def test_recheck_of_a_crawl_is_order_independent(crawl_run: dict[str, Any], tmp_path: Path) -> None:
    final = {r["url"]: (r["syndication"], r["sourceCheck"]) for r in crawl_run["final"]}
    records = crawl_run["news"] + crawl_run["aggregator"]
    for seed in (1, 2):
        shuffled = list(records)
        random.Random(seed).shuffle(shuffled)
        run = tmp_path / f"run{seed}"
        run.mkdir()
        state = _copy_state(crawl_run, run)
        half = len(shuffled) // 2
        inputs = []
        for n, part in enumerate((shuffled[half:], shuffled[:half])):
            path = run / f"in{n}.jsonl"
            path.write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
            inputs.append(str(path))
        proc = scrapy_cmd("recheck", *inputs, "-o", str(run / "out.jsonl"), "-s", f"STATE_URI={state}")
        assert proc.returncode == 0, proc.stderr[-2000:]
        out = {r["url"]: (r["syndication"], r["sourceCheck"]) for r in read_jsonl(run / "out.jsonl")}
        assert out == final


def test_fetched_claim_evidence_reaches_the_final_output(crawl_run: dict[str, Any], sample_web: SampleWeb) -> None:
    """The final output is written by ``recheck``, from records without ``claimFetch``."""
    records = {r["url"]: r for r in crawl_run["final"]}
    by_claim = {(r["claimedSource"] or {}).get("url"): r for r in records.values() if r["claimedSource"]}
    base = {name: sample_web.base_url(name) for name in ("jpost", "worldwire", "dailyherald")}
    gone = by_claim[base["jpost"] + "/Israel-News/Story-that-was-removed-559100"]
    assert gone["sourceCheck"]["status"] == "mismatch" and gone["sourceCheck"]["reasons"] == ["source_unreachable"]
    moved = by_claim[base["worldwire"] + "/stories/2018/05/moved-story-redirect.html"]
    assert moved["sourceCheck"]["reasons"] == ["source_unreachable"]
    alias = by_claim[base["dailyherald"] + "/558899/"]  # numeric slug, the original's page
    assert alias["sourceCheck"]["status"] == "match"
    assert alias["sourceCheck"]["originalUrl"] == alias["syndication"]["duplicateOf"]
    other = by_claim[base["dailyherald"] + "/558900/"]  # numeric slug, another story's page
    assert other["sourceCheck"]["status"] == "mismatch"
    assert {"slug_mismatch", "content_mismatch"} <= set(other["sourceCheck"]["reasons"])
    assert "publisher_mismatch" not in other["sourceCheck"]["reasons"]
    seed = sample_web.manifest["seed"]
    post = records[seed["post_url"]]
    assert post["sourceCheck"] == {"status": "mismatch",
                                   "reasons": ["slug_mismatch", "content_mismatch", "publisher_mismatch"],
                                   "originalUrl": seed["original_url"]}
    # the aggregator crawl logged its summary line
    assert "Source check: " in crawl_run["logs"]["aggregator"]
    assert "evidence from fetched claims:" in crawl_run["logs"]["aggregator"]
