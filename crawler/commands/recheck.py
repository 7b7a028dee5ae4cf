"""``scrapy recheck IN.jsonl [IN2.jsonl ...] -o OUT.jsonl [-s STATE_URI=...]``.

Re-evaluates the ``syndication`` and ``sourceCheck`` fields of existing records against the
current state, so verdicts that became known later (an original crawled after its copy) reach
the output. Steps: read every record (bad lines are skipped and counted), index all of them in
the state store in a canonical order (news before aggregators, then by date and URL, so the
result does not depend on the input order and records crawled with another state are known
too), then evaluate every record and write it, all other fields unchanged, in input order.
One summary line goes to stderr.

Records carry no ``claimFetch``: what fetching a claimed source showed during the crawl is read
from the state store (kept there by the source check stage under the claimed URL), so a recheck
with the crawl's ``STATE_URI`` reaches the same verdicts; with another store, claims whose only
evidence was the fetch come out ``unverified``. ``-s SITES_FILE=FILE`` lets the publisher check
compare sites of the sites file as the crawl did (otherwise hosts and registered domains).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.commands.common import add_examples, settings_error
from crawler.records import recheck_files


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "IN.jsonl [IN2.jsonl ...] -o OUT.jsonl"

    def short_desc(self) -> str:
        return "Re-evaluate syndication and source checks of existing records against current state"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_examples(
            parser,
            'scrapy recheck news.jsonl aggregator.jsonl -o checked.jsonl -s STATE_URI=sqlite:///state.sqlite3',
            'scrapy recheck old/*.jsonl -o checked.jsonl -s STATE_URI=redis://127.0.0.1:6379/0   # index in Redis',
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="where to write the records (- for stdout)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if not args:
            raise UsageError("give at least one input file (JSON lines)")
        if not opts.output:
            raise UsageError("give the output file: -o OUT.jsonl")
        missing = [a for a in args if not Path(a).is_file()]
        problem = f"error: no such input file: {missing[0]}" if missing else settings_error(self.settings)
        if problem is not None:
            print(problem, file=sys.stderr)
            self.exitcode = 2
            return
        try:
            summary = recheck_files(args, opts.output, self.settings)
        except ValueError as exc:  # e.g. a bad STATE_URI
            print(f"error: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        print(summary.line(), file=sys.stderr)
