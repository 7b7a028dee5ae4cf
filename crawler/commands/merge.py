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
import json
import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.commands.recheck import recheck_records, write_records

logger = logging.getLogger(__name__)


@dataclass
class MergeSummary:
    files: int = 0
    lines: int = 0
    records: int = 0
    duplicates: int = 0
    bad_lines: int = 0
    rechecked: bool = False
    changed: int = 0
    output: str = ""

    def line(self) -> str:
        extra = f", recheck changed {self.changed} verdicts" if self.rechecked else ""
        return (f"merge: {self.files} files, {self.lines} lines, {self.records} records, "
                f"{self.duplicates} duplicates dropped, {self.bad_lines} bad lines skipped{extra} -> {self.output}")


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, folders replaced by their ``*.jsonl`` files (sorted); errors for missing ones."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.glob("*.jsonl") if f.is_file()))
        elif p.is_file():
            out.append(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return out


def _validator() -> Any:
    import jsonschema

    schema = json.loads(resources.files("crawler").joinpath("schema/article.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def _downloaded(rec: dict[str, Any]) -> str:
    value = (rec.get("metadata") or {}).get("dateDownloaded")
    return value if isinstance(value, str) else ""


def merge_records(files: Iterable[Path], summary: MergeSummary | None = None) -> list[dict[str, Any]]:
    """One valid record per URL (the latest download), sorted by URL."""
    summary = summary if summary is not None else MergeSummary()
    validator = _validator()
    best: dict[str, dict[str, Any]] = {}
    for path in files:
        summary.files += 1
        with path.open(encoding="utf-8", errors="replace") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                summary.lines += 1
                try:
                    rec = json.loads(line)
                    if not isinstance(rec, dict):
                        raise ValueError("not a JSON object")
                    error = next(iter(validator.iter_errors(rec)), None)
                    if error is not None:
                        raise ValueError(f"not an output record: {error.message}")
                except ValueError as exc:
                    summary.bad_lines += 1
                    logger.warning("%s:%d: skipped (%s)", path, lineno, str(exc)[:200])
                    continue
                url = rec["url"]
                if url in best:
                    summary.duplicates += 1
                    if _downloaded(rec) < _downloaded(best[url]):
                        continue
                best[url] = rec
    summary.records = len(best)
    return [best[u] for u in sorted(best)]


def merge_files(inputs: Iterable[str | Path], output: str | Path, settings: Any = None, *,
                recheck: bool = False, quiet: bool = False) -> MergeSummary:
    summary = MergeSummary(output=str(output))
    records = merge_records(input_files(inputs), summary)
    if recheck:
        records, rs = recheck_records(records, settings)
        summary.rechecked = True
        summary.changed = rs.changed
    write_records(records, output)
    if not quiet:
        print(summary.line(), file=sys.stderr)
    return summary


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
        parser.add_argument("-o", "--output", metavar="FILE", help="where to write the records (- for stdout)")
        parser.add_argument("--recheck", action="store_true",
                            help="re-evaluate syndication and source checks against STATE_URI (as scrapy recheck)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if not args:
            raise UsageError("give the workers' output files or folders")
        if not opts.output:
            raise UsageError("give the output file: -o OUT.jsonl")
        try:
            merge_files(args, opts.output, self.settings, recheck=opts.recheck)
        except (FileNotFoundError, ValueError) as exc:  # a missing input, a bad STATE_URI
            print(f"error: {exc}", file=sys.stderr)
            self.exitcode = 2
