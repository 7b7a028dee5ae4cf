"""Helpers shared by the tests (imported explicitly; fixtures live in conftest.py)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from crawler.config import project_defaults
from tests.redis_server import RedisServer

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


#: settings that make a distributed worker quick in tests
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO",
        "-s", "DISTRIBUTED_IDLE_TIMEOUT=1", "-s", "EXTRACTION_WORKERS=1"]


class Frontier:
    """One test's distributed setup: Redis URL, key prefix, state store."""

    def __init__(self, server: RedisServer, state: str) -> None:
        self.server = server
        self.prefix = f"f{uuid.uuid4().hex[:10]}:"
        self.state = state
        self.settings = ["-s", f"REDIS_URL={server.uri}", "-s", f"DISTRIBUTED_KEY_PREFIX={self.prefix}",
                         "-s", f"STATE_URI={state}"]

    def seed(self, spider: str, sites: Path, *extra: str) -> str:
        proc = scrapy_cmd("seed", spider, "-a", f"sites={sites}", *self.settings, *extra)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stderr

    def push_seeds(self, spider: str, sites: Path) -> int:
        """Add the spider's discovery URLs to the current run at once, as ``scrapy seed --append``
        does (without a command's start-up time: waiting workers would idle out meanwhile)."""
        from crawler.config import ProjectSettings
        from crawler.distributed import discovery_seeds, keys, push_seeds
        from crawler.sites import load_sites, select_sites

        settings = ProjectSettings({"DISTRIBUTED_KEY_PREFIX": self.prefix})
        seeds = discovery_seeds(select_sites(load_sites(sites), spider))
        return push_seeds(self.server.client(), keys(settings, spider), seeds)  # type: ignore[arg-type]

    def worker(self, spider: str, sites: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
        env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings", PYTHONUNBUFFERED="1")
        return subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"sites={sites}", "-o", str(out),
             "-s", "DISTRIBUTED=True", *self.settings, *FAST, *extra],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )



_WORDS = (
    "minister government officials security border talks agreement forces military week report said "
    "country region police court election vote budget economy market prices energy water health "
    "hospital school children families city council plan project company workers union strike "
    "protest leaders meeting summit president prime foreign defense troops attack rockets ceasefire "
    "negotiations sanctions exports trade growth inflation bank rates investors shares technology data "
    "climate storm flooding farmers harvest drought rescue teams volunteers museum exhibition festival"
).split()


def paragraphs(seed: int, n: int = 8, words: int = 45) -> list[str]:
    """Deterministic article-like paragraphs (distinct per seed)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        ws = [rng.choice(_WORDS) if rng.random() < 0.7 else f"n{rng.randrange(100_000)}" for _ in range(words)]
        out.append(" ".join(ws).capitalize() + ".")
    return out


def rec(url: str, body: str, kind: str = "news", date: str | None = None, **kw: Any) -> dict[str, Any]:
    """A record dict with the fields the syndication stage reads."""
    site = url.split("/")[2]
    return {"url": url, "site": site, "siteKind": kind, "headline": kw.pop("headline", None),
            "articleBody": body, "datePublished": date, "claimedSource": kw.pop("claimedSource", None), **kw}


#: A short news story of four paragraphs of running text, for pages built around it.
FERRY_STORY = [
    "The harbour authority opened the new ferry terminal on Saturday morning, two years after the old "
    "building was closed because water had damaged its foundations during the winter storms.",
    "The terminal has room for four ships at once and a waiting hall with seats for six hundred people, "
    "and the authority expects the first summer season to be the busiest the port has seen.",
    "Ticket prices stay the same this year, the operators said, although fuel has become more expensive "
    "and two of the older ferries will have to be replaced within the next five years.",
    "Local shops near the quay hope the new terminal will bring more visitors into the old town, where "
    "several cafés closed during the long months of building work on the waterfront.",
]
