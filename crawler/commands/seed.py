"""``scrapy seed SPIDER -a sites=FILE [-a site=NAME] [-s REDIS_URL=redis://...]``: start a distributed run.

Pushes the discovery URLs (sitemaps, robots.txt, feeds, index pages) of the spider's sites to the
shared frontier as JSON start URLs (``<spider>:start_urls``, scrapy-redis's format
``{"url": ..., "meta": {...}}`` plus ``"callback"``), after forgetting the previous run's frontier
(queue, request fingerprints, leases), so every discovery page is fetched again in the new run
while articles written in earlier runs are skipped through the state store. ``--append`` adds the
seeds to the current run instead. Then start workers with
``scrapy crawl SPIDER -a sites=FILE -s DISTRIBUTED=True -s REDIS_URL=...``.
"""

from __future__ import annotations

import argparse
import sys

import redis
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.conf import arglist_to_dict

from crawler.commands.common import add_examples, redis_error, settings_error
from crawler.distributed import (
    discovery_seeds,
    keys,
    push_seeds,
    redis_url,
    reset_run,
    safe_url,
    server_from_settings,
)
from crawler.sites import KINDS, SitesFileError, load_sites, select_sites


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "SPIDER -a sites=FILE [-a site=NAME] [--append]"

    def short_desc(self) -> str:
        return "Start a distributed run: push the spider's discovery URLs to the shared Redis frontier"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_examples(
            parser,
            'scrapy seed news -a sites=sites.toml -s REDIS_URL=redis://127.0.0.1:6379/0',
            'scrapy seed aggregator -a sites=sites.toml -a site=example-blogspot --append',
        )
        parser.add_argument("-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE",
                            help="spider argument: sites=FILE (or -s SITES_FILE=FILE), site=NAME")
        parser.add_argument("--append", action="store_true",
                            help="add the seeds to the current run instead of starting a new one")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        try:
            opts.spargs = arglist_to_dict(opts.spargs)
        except ValueError:
            raise UsageError("invalid -a value, use -a NAME=VALUE", print_help=False) from None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if len(args) != 1 or args[0] not in KINDS:
            raise UsageError(f"give one spider: {' or '.join(KINDS)}")
        name = args[0]  # the spider of each kind of site is named after it
        path = opts.spargs.get("sites") or self.settings.get("SITES_FILE")
        s = self.settings
        try:
            if not path:
                raise SitesFileError(f"spider {name!r} needs a sites file: -a sites=FILE")
            sites = select_sites(load_sites(path), name, opts.spargs.get("site"))
        except SitesFileError as exc:
            print(f"error: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        problem = settings_error(s) or redis_error(s)
        if problem is not None:
            print(problem, file=sys.stderr)
            self.exitcode = 2
            return
        seeds = list(discovery_seeds(sites))
        k = keys(s, name)
        server = server_from_settings(s)
        try:
            server.ping()
            if not opts.append:
                reset_run(server, k)
            n = push_seeds(server, k, seeds)
        except redis.RedisError as exc:
            print(f"error: cannot reach Redis at {safe_url(redis_url(s))}: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        finally:
            server.close()
        what = "added to the current run" if opts.append else "new run"
        print(f"seed: {n} discovery URLs of {len(sites)} {name} site(s) -> {safe_url(redis_url(s))} "
              f"{k['start']} ({what})", file=sys.stderr)
