"""``scrapy report RUN.jsonl [MORE.jsonl ...] -o report.html [-s STATE_URI=...]``: an HTML report.

One self-contained file (inline CSS and SVG, no script, nothing fetched): per-site health (the
figures the health monitors judged, read from the crawl's state store), every flagged post with
its evidence, the clusters, and charts. Without the crawl's ``STATE_URI`` the health columns are
empty and the report says why. One summary line goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.commands.common import add_examples
from crawler.records import read_records
from crawler.report import write_report


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "RUN.jsonl [MORE.jsonl ...] -o report.html"

    def short_desc(self) -> str:
        return "Write an HTML report of a crawl's output: site health, flagged posts, clusters, charts"

    def long_desc(self) -> str:
        return (self.short_desc() + ".\nThe per-site health figures come from the crawl's state store: "
                "give the crawl's STATE_URI.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_examples(
            parser,
            'scrapy report news.jsonl aggregator.jsonl -o report.html -s STATE_URI=sqlite:///state.sqlite3',
            'scrapy report output/aggregator/*.jsonl -o report.html   # health read from the default STATE_URI',
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="where to write the HTML report")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if not args:
            raise UsageError("give at least one input file (JSON lines)")
        if not opts.output:
            raise UsageError("give the output file: -o report.html")
        missing = [a for a in args if not Path(a).is_file()]
        if missing:
            print(f"error: no such input file: {missing[0]}", file=sys.stderr)
            self.exitcode = 2
            return
        records, bad = read_records(args)
        try:
            report = write_report(records, opts.output, self.settings.get("STATE_URI"), sources=args)
        except ValueError as exc:  # a bad or unreachable STATE_URI
            print(f"error: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        failed = sum(1 for r in report.sites if r.run and r.run.get("problems"))
        print(f"report: {report.total} records, {len(report.sites)} sites ({failed} failing their checks), "
              f"{len(report.flags)} flagged posts, {len(report.clusters)} clusters with copies, "
              f"{bad} bad lines skipped -> {opts.output}", file=sys.stderr)
