"""``scrapy crawl``, with the sites file checked before anything starts.

A bad sites file (or ``-a site=NAME`` naming no site of the spider's kind) stops the command
before the crawler is even created, with one line on stderr naming the file, the entry and the
problem, and exit code 2.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

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
