"""Helpers shared by the tests (imported explicitly; fixtures live in conftest.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from crawler.config import project_defaults

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def project_crawler(settings: dict[str, Any] | None = None, spidercls: Any = None) -> Crawler:
    """A Scrapy crawler with this project's settings under ``settings`` (as ``scrapy crawl``
    would have them; ``get_crawler`` alone knows only Scrapy's defaults)."""
    return get_crawler(spidercls, settings_dict={**project_defaults(), **(settings or {})})


def scrapy_cmd(*args: str, cwd: Path | None = None, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """Run ``scrapy ARGS`` in a subprocess, as a user would."""
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings", PYTHONUNBUFFERED="1")
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=cwd or REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON lines file."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
