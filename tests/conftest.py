"""Shared fixtures: the bundled sample web on free ports, and crawl helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.sampleweb import SampleWeb
from tests.helpers import read_jsonl, scrapy_cmd

pytest_plugins = ["conftest_redis"]  # a real redis-server for the Redis store tests


@pytest.fixture(scope="session")
def sample_web() -> Iterator[SampleWeb]:
    """The sample web, served on 127.0.0.1 (port 0) for the whole session."""
    with SampleWeb() as web:
        yield web


@pytest.fixture(scope="session")
def sites_file(sample_web: SampleWeb, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_web.write_sites_file(tmp_path_factory.mktemp("sites") / "sites.toml")


@pytest.fixture(scope="session")
def crawl_run(sample_web: SampleWeb, sites_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One full crawl of the sample web through the CLI: news, aggregator, then recheck."""
    out = tmp_path_factory.mktemp("crawl")
    state = f"sqlite:///{out / 'state.sqlite3'}"
    result: dict[str, Any] = {"dir": out, "state": state, "logs": {}}
    for spider in ("news", "aggregator"):
        proc = scrapy_cmd("crawl", spider, "-a", f"sites={sites_file}", "-O", str(out / f"{spider}.jsonl"),
                          "-s", f"STATE_URI={state}", "-s", "LOG_LEVEL=INFO")
        assert proc.returncode == 0, proc.stderr[-3000:]
        result["logs"][spider] = proc.stderr
        result[spider] = read_jsonl(out / f"{spider}.jsonl")
    proc = scrapy_cmd("recheck", str(out / "news.jsonl"), str(out / "aggregator.jsonl"),
                      "-o", str(out / "final.jsonl"), "-s", f"STATE_URI={state}")
    assert proc.returncode == 0, proc.stderr[-3000:]
    result["final"] = read_jsonl(out / "final.jsonl")
    return result
