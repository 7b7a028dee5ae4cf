"""Shared fixtures: the bundled sample web on free ports, and crawl helpers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.sampleweb import SampleWeb

pytest_plugins = ["conftest_redis"]  # a real redis-server for the Redis store tests

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def sample_web() -> Iterator[SampleWeb]:
    """The sample web, served on 127.0.0.1 (port 0) for the whole session."""
    with SampleWeb() as web:
        yield web


@pytest.fixture(scope="session")
def sites_file(sample_web: SampleWeb, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_web.write_sites_file(tmp_path_factory.mktemp("sites") / "sites.toml")


def scrapy_cmd(*args: str, cwd: Path | None = None, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """Run ``scrapy ARGS`` in a subprocess, as a user would."""
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings", PYTHONUNBUFFERED="1")
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=cwd or REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


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
