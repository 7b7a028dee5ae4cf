"""``scrapy crawl``, with the sites file checked before the crawl starts.

A bad sites file (or ``-a site=NAME`` naming no site of the spider's kind) stops the command
before any request, with one line on stderr naming the file, the entry and the problem, and
exit code 2.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from crawler.sites import SitesFileError, load_sites, select_sites


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.settings is not None:
            spargs = opts.spargs
            path = spargs.get("sites") or self.settings.get("SITES_FILE")
            kind = {"news": "news", "aggregator": "aggregator"}.get(args[0])
            if kind is not None:
                try:
                    if not path:
                        raise SitesFileError(f"spider {args[0]!r} needs a sites file: -a sites=FILE")
                    select_sites(load_sites(path), kind, spargs.get("site"))
                except SitesFileError as exc:
                    print(f"error: {exc}", file=sys.stderr)
                    self.exitcode = 2
                    return
        super().run(args, opts)
