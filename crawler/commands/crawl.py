"""``scrapy crawl``, with its inputs checked before anything starts and the health monitors'
verdict in the exit code.

Exit codes: 0 the run did its job; 1 a crash, or a run stopped because its output or its state
store failed on the way (a full disk; close reasons ``output_error``, ``state_error``, see
crawler/feedstorage.py and crawler/spiders/seen.py); 2 bad input, with one line on stderr before
the crawler is even created (a bad sites file, ``-a site=NAME`` naming no site of the spider's
kind, a setting whose value is not of its kind (``-s DEDUP_RETENTION_DAYS=a-year``), a local output
file of ``FEEDS`` that is a folder or cannot be created or written, an
unusable ``STATE_URI`` (a read-only or corrupt SQLite file too) or, for distributed workers,
``REDIS_URL``); 3 a health monitor failed (:mod:`crawler.monitors`), with one line on stderr
naming the sites and the reasons.

``-o``/``-O`` replace the default ``FEEDS`` (one file per run under ``output/``) instead of adding
to them; ``-s FEEDS=...`` given as well still counts.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any
from urllib.parse import urlsplit

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES

from crawler.commands.common import BAD_INPUT_EXIT, add_examples, redis_error, settings_error, state_store_error
from crawler.extensions.resume import jobdir_problem
from crawler.health import MONITOR_FAILED_EXIT
from crawler.outfiles import output_problem
from crawler.sites import KINDS, SitesFileError, load_sites, select_sites

#: close reasons and stats of a run stopped because its output or state store failed (exit 1)
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


def output_error(settings: Any, spider: str) -> str | None:
    """Why a local output file of ``FEEDS`` cannot be written (one line), or None."""
    for feed in feed_paths(settings.getdict("FEEDS"), spider):
        problem = output_problem(feed, replace=False)  # a FIFO or a device is written into
        if problem:
            return f"error: {problem}"
    return None


class Command(ScrapyCrawlCommand):
    def long_desc(self) -> str:
        return ("Crawl the sites of one kind of a sites file (news or aggregator) and write JSON lines.\n"
                "Exit codes: 0 done, 1 crash, 2 bad input, 3 a site failed its health checks.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_examples(
            parser,
            "scrapy crawl news -a sites=sites.toml -O news.jsonl",
            "scrapy crawl aggregator -a sites=sites.toml -a site=example-blogspot -O one-site.jsonl",
            "scrapy crawl news -a sites=sites.toml -s STATE_URI=sqlite:////srv/crawler/state.sqlite3"
            "   # output/news/<time>.jsonl",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        feeds_priority = self.settings.getpriority("FEEDS") or 0
        if ((opts.output or opts.overwrite_output) and feeds_priority < SETTINGS_PRIORITIES["cmdline"]
                and not any(s.startswith("FEEDS=") for s in opts.set)):
            # Scrapy adds -o/-O to the FEEDS setting: the default one-file-per-run feed would be
            # written as well
            self.settings.set("FEEDS", {}, priority=feeds_priority)
        super().process_options(args, opts)
        problem = settings_error(self.settings)
        if problem is not None:
            print(problem, file=sys.stderr)
            sys.exit(BAD_INPUT_EXIT)
        if len(args) != 1 or args[0] not in KINDS:
            return
        path = opts.spargs.get("sites") or self.settings.get("SITES_FILE")
        try:
            if not path:
                raise SitesFileError(f"spider {args[0]!r} needs a sites file: -a sites=FILE")
            select_sites(load_sites(path), args[0], opts.spargs.get("site"))
        except SitesFileError as exc:
            print(f"error: {exc}", file=sys.stderr)
            sys.exit(BAD_INPUT_EXIT)
        problem = (output_error(self.settings, args[0]) or state_store_error(self.settings)
                   or jobdir_problem(self.settings.get("JOBDIR")))
        if problem is None and self.settings.getbool("DISTRIBUTED"):
            problem = redis_error(self.settings)
        if problem is not None:
            print(problem, file=sys.stderr)
            sys.exit(BAD_INPUT_EXIT)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider: scrapy crawl SPIDER" if not args else
                             "running 'scrapy crawl' with more than one spider is not supported")
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        stats = crawler.stats.get_stats() if crawler.stats is not None else {}
        if stats.get("finish_reason") in FAILED_REASONS or any(stats.get(k) for k in FAILED_STATS):
            self.exitcode = 1  # said in one error line by the output or the spider
            return
        if stats.get("monitors/failed"):
            from crawler.extensions.health import SiteHealthExtension

            health = crawler.get_extension(SiteHealthExtension)
            problems = [str(p) for h in (health.healths if health else []) for p in h.problems]
            print(f"error: health monitors failed: {'; '.join(problems) or 'see the log'}", file=sys.stderr)
            self.exitcode = MONITOR_FAILED_EXIT
