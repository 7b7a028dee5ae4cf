"""``scrapy parse URL -a sites=FILE``: what the crawler makes of one page, without a crawl.

Scrapy's ``parse`` command, knowing this project's sites: the spider is the one of the kind of the
site whose host the URL belongs to (``--spider`` still chooses), and the default callback reads
the page as an article of that site (``-c parse_listing``, ``-c parse_index`` read it as a feed,
sitemap or index page). It does not fetch claimed sources, touch the incremental seen marks, run
the health monitors or record a run: it only shows what the page gives. ``--pipelines`` runs the
syndication and source check stages against ``STATE_URI``.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.parse import Command as ScrapyParseCommand

from crawler.commands.common import BAD_INPUT_EXIT, add_examples, settings_error, state_store_error
from crawler.sites import SiteIndex, SitesFileError, load_sites

HEALTH_EXTENSION = "crawler.extensions.health.SiteHealthExtension"


class Command(ScrapyParseCommand):
    requires_project = False

    def long_desc(self) -> str:
        return ("Fetch one URL and show what the crawler makes of it: the spider and the site come from the\n"
                "sites file (the site whose host the URL is on); the page is read as an article.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_examples(
            parser,
            "scrapy parse https://www.haaretz.com/israel-news/2018-05-31/ty-article/... -a sites=sites.toml",
            "scrapy parse https://example.blogspot.com/feeds/posts/default -a sites=sites.toml -c parse_listing",
            "scrapy parse URL -a sites=sites.toml --pipelines -s STATE_URI=sqlite:///state.sqlite3",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        s = self.settings
        # one page, no crawl: no claim fetches, no seen marks, no health checks or recorded run,
        # no old articles taken out of the state (retention is the crawls')
        for name in ("SOURCE_CHECK_FETCH_CLAIMS", "INCREMENTAL_ENABLED", "SPIDERMON_ENABLED"):
            s.set(name, False, priority="project")
        s.set("DEDUP_RETENTION_DAYS", 0.0, priority="project")
        extensions = s.getdict("EXTENSIONS")
        extensions[HEALTH_EXTENSION] = None
        s.set("EXTENSIONS", extensions, priority=s.getpriority("EXTENSIONS") or "project")
        if len(args) != 1:
            return
        problem = settings_error(s) or self._choose_spider(args[0], opts)
        if problem is None:  # the item pipelines open the store even without --pipelines
            problem = state_store_error(s)
        if problem is not None:
            print(problem, file=sys.stderr)
            sys.exit(BAD_INPUT_EXIT)

    def _choose_spider(self, url: str, opts: argparse.Namespace) -> str | None:
        """Set ``--spider`` from the sites file when it is not given; an error line, or None."""
        assert self.settings is not None
        path = opts.spargs.get("sites") or self.settings.get("SITES_FILE")
        if not path:
            return "error: give the sites file: -a sites=FILE (or -s SITES_FILE=FILE)"
        try:
            sites = load_sites(path)
        except SitesFileError as exc:
            return f"error: {exc}"
        site = SiteIndex(sites).site_of(url)
        if site is None:
            return f"error: {url}: its host is not one of the hosts of {path}"
        if not opts.spider:
            opts.spider = site.kind
        return None
