"""``scrapy crawl``, with the sites file checked before anything starts and the health monitors'
verdict in the exit code.

A bad sites file (or ``-a site=NAME`` naming no site of the spider's kind) stops the command
before the crawler is even created, with one line on stderr naming the file, the entry and the
problem, and exit code 2. A crawl in which a health monitor failed (:mod:`crawler.monitors`)
ends with one line on stderr naming the sites and reasons, and exit code 3.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from crawler.health import MONITOR_FAILED_EXIT
from crawler.sites import KINDS, SitesFileError, load_sites, select_sites


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) != 1 or args[0] not in KINDS or self.settings is None:
            return
        path = opts.spargs.get("sites") or self.settings.get("SITES_FILE")
        try:
            if not path:
                raise SitesFileError(f"spider {args[0]!r} needs a sites file: -a sites=FILE")
            select_sites(load_sites(path), args[0], opts.spargs.get("site"))
        except SitesFileError as exc:
            print(f"error: {exc}", file=sys.stderr)
            sys.exit(2)

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
