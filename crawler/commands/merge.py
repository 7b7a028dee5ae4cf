"""``scrapy merge DIR_OR_FILE... -o OUT.jsonl [--recheck] [-s STATE_URI=...]``: one output per run.

Joins the JSON lines files of several workers (``scrapy crawl ... -s DISTRIBUTED=True``; a folder
stands for every ``*.jsonl`` file in it, sorted by name) into one file with one record per URL:

* every line is validated (JSON, an object, the output record's JSON Schema); bad lines (a torn
  last line of a killed worker, say) are skipped and counted, with file and line in the log;
* records with the same ``url`` are merged into the one with the latest
  ``metadata.dateDownloaded`` (on a tie, the one read last);
* ``--recheck`` then re-evaluates ``syndication`` and ``sourceCheck`` of the merged records against
  the crawl's state (``-s STATE_URI=...``, the workers' store), exactly as ``scrapy recheck`` does,
  so verdicts that became known while other workers crawled reach the output.

The output is sorted by URL, written atomically; one summary line goes to stderr.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.commands.common import add_examples, settings_error
from crawler.records import merge_files


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "DIR_OR_FILE [...] -o OUT.jsonl [--recheck]"

    def short_desc(self) -> str:
        return "Merge the workers' JSON lines files of one run into one file, one record per URL"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_examples(
            parser,
            'scrapy merge run/ -o news.jsonl --recheck -s STATE_URI=redis://127.0.0.1:6379/0',
            'scrapy merge run/news-1.jsonl run/news-2.jsonl -o news.jsonl',
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="where to write the records (- for stdout)")
        parser.add_argument("--recheck", action="store_true",
                            help="re-evaluate syndication and source checks against STATE_URI (as scrapy recheck)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if not args:
            raise UsageError("give the workers' output files or folders")
        if not opts.output:
            raise UsageError("give the output file: -o OUT.jsonl")
        problem = settings_error(self.settings)
        if problem is not None:
            print(problem, file=sys.stderr)
            self.exitcode = 2
            return
        try:
            summary = merge_files(args, opts.output, self.settings, recheck=opts.recheck)
        except (FileNotFoundError, ValueError) as exc:  # a missing input, a bad STATE_URI
            print(f"error: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        print(summary.line(), file=sys.stderr)
