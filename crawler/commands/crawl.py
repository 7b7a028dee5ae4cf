"""``scrapy crawl``, with its inputs checked before anything starts and the health monitors'
verdict in the exit code.

Exit codes: 0 the run did its job; 1 a crash; 2 bad input, with one line on stderr before the
crawler is even created (a bad sites file, ``-a site=NAME`` naming no site of the spider's kind,
an unusable ``STATE_URI`` or, for distributed workers, ``REDIS_URL``); 3 a health monitor failed
(:mod:`crawler.monitors`), with one line on stderr naming the sites and the reasons.

``-o``/``-O`` replace the default ``FEEDS`` (one file per run under ``output/``) instead of adding
to them; ``-s FEEDS=...`` given as well still counts.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES

from crawler.commands.common import BAD_INPUT_EXIT, add_examples, redis_error, state_store_error
from crawler.health import MONITOR_FAILED_EXIT
from crawler.sites import KINDS, SitesFileError, load_sites, select_sites


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
        problem = state_store_error(self.settings)
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
        if stats.get("monitors/failed"):
            from crawler.extensions.health import SiteHealthExtension

            health = crawler.get_extension(SiteHealthExtension)
            problems = [str(p) for h in (health.healths if health else []) for p in h.problems]
            print(f"error: health monitors failed: {'; '.join(problems) or 'see the log'}", file=sys.stderr)
            self.exitcode = MONITOR_FAILED_EXIT
