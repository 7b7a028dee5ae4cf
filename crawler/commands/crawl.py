"""``scrapy crawl``, with its input checked before anything starts and failures in its exit code.

Before the crawler is even created, the command checks what a crawl cannot go without, and stops
with one line on stderr and exit code 2 when one is unusable:

* the sites file (and ``-a site=NAME`` naming a site of the spider's kind): the line names the
  file, the entry and the problem;
* every local output file of ``FEEDS`` (``-o``/``-O``): a folder where the file should be, a
  folder that cannot be created or written (an existing FIFO or device is written into);
* an SQLite ``STATE_URI``: opened once, so a read-only, corrupt or unreadable state file is
  reported before the first request.

A crawl that stops because its output or its state store failed on the way
(``output_error``, ``state_error``; see crawler/feedstorage.py and crawler/spiders/seen.py)
exits with code 1.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any
from urllib.parse import urlsplit

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from crawler.records import output_problem
from crawler.sites import KINDS, SitesFileError, load_sites, select_sites
from crawler.state import open_store

#: close reasons and stats that make ``scrapy crawl`` exit 1
FAILED_REASONS = ("output_error", "state_error")
FAILED_STATS = ("output/write_errors", "state/errors")


class _Params(dict):  # type: ignore[type-arg]
    """``%(name)s`` parameters of a feed URI, each standing for a plain file name part."""

    def __missing__(self, key: str) -> str:
        return "x"


def feed_paths(feeds: dict[str, Any], spider: str) -> list[str]:
    """The local file paths of ``FEEDS`` (URI parameters filled in with stand-ins)."""
    out = []
    for uri in feeds:
        parts = urlsplit(str(uri))
        if parts.scheme == "file":
            path = parts.path
        elif len(parts.scheme) <= 1:  # a plain path (or a Windows drive letter)
            path = str(uri)
        else:
            continue  # stdout:, s3://, ftp://... are not local files
        try:
            out.append(path % _Params(name=spider))
        except (TypeError, ValueError):
            out.append(path)
    return out


def preflight(settings: BaseSettings, spider: str, spargs: dict[str, str]) -> str | None:
    """Why the crawl cannot start (one line), or None (see the module docstring)."""
    path = spargs.get("sites") or settings.get("SITES_FILE")
    try:
        if not path:
            raise SitesFileError(f"spider {spider!r} needs a sites file: -a sites=FILE")
        select_sites(load_sites(path), spider, spargs.get("site"))
    except SitesFileError as exc:
        return str(exc)
    for feed in feed_paths(settings.getdict("FEEDS"), spider):
        problem = output_problem(feed, replace=False)
        if problem:
            return problem
    uri = settings.get("STATE_URI")
    if isinstance(uri, str) and uri.strip().lower().startswith("sqlite:"):
        try:
            open_store(uri).close()
        except ValueError as exc:  # StateStoreError: read-only, corrupt...; a malformed URI
            return str(exc)
    return None


def failed(crawler: Crawler) -> bool:
    """Whether the crawl stopped because its output or state store failed."""
    stats = crawler.stats.get_stats() if crawler.stats is not None else {}
    return stats.get("finish_reason") in FAILED_REASONS or any(stats.get(k) for k in FAILED_STATS)


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) != 1 or args[0] not in KINDS or self.settings is None:
            return
        problem = preflight(self.settings, args[0], opts.spargs)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            sys.exit(2)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider: " + " or ".join(KINDS))
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or failed(crawler):
            self.exitcode = 1
