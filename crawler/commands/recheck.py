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
import json
import logging
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings, Settings

from crawler.outfiles import write_text
from crawler.pipelines.source_check import site_lookup, source_check_config
from crawler.pipelines.syndication import dedup_config
from crawler.sites import load_sites
from crawler.source_check import check
from crawler.state import open_store
from crawler.syndication import KIND_RANK, assign, evaluate, parse_date

logger = logging.getLogger(__name__)


@dataclass
class RecheckSummary:
    """What one recheck did."""

    records: int = 0
    bad_lines: int = 0
    copies: int = 0
    mismatches: int = 0
    changed: int = 0
    output: str = ""

    def line(self) -> str:
        return (
            f"recheck: {self.records} records, {self.copies} copies, {self.mismatches} mismatches, "
            f"{self.changed} changed verdicts, {self.bad_lines} bad lines skipped -> {self.output}"
        )


def read_records(paths: Iterable[str | Path]) -> tuple[list[dict[str, Any]], int]:
    """All records of the JSON lines files, in order, and the number of bad lines skipped."""
    records: list[dict[str, Any]] = []
    bad = 0
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except ValueError as exc:
                    bad += 1
                    logger.warning("%s:%d: skipped, not JSON (%s)", path, lineno, exc)
                    continue
                if not isinstance(rec, dict) or not isinstance(rec.get("url"), str) or not rec["url"]:
                    bad += 1
                    logger.warning("%s:%d: skipped, not a record with a url", path, lineno)
                    continue
                records.append(rec)
    return records, bad


def _index_key(rec: Mapping[str, Any]) -> tuple[Any, ...]:
    """Canonical indexing order: likely originals first, then a total order on the content."""
    dt, _ = parse_date(rec.get("datePublished"))
    return (
        KIND_RANK.get(str(rec.get("siteKind") or ""), 1),
        (0, dt.isoformat()) if dt else (1, ""),
        rec["url"],
        json.dumps(rec, sort_keys=True, ensure_ascii=False),
    )


def _as_settings(settings: Mapping[str, Any] | BaseSettings | None) -> BaseSettings:
    if isinstance(settings, BaseSettings):
        return settings
    base = Settings()
    base.setmodule("crawler.settings", priority="project")
    if settings:
        base.setdict(dict(settings), priority="cmdline")
    return base


def recheck_records(
    records: list[dict[str, Any]], settings: Mapping[str, Any] | BaseSettings | None = None
) -> tuple[list[dict[str, Any]], RecheckSummary]:
    """Index then re-evaluate ``records`` against the store of ``STATE_URI``; new dicts, input order."""
    s = _as_settings(settings)
    dcfg = dedup_config(s)
    scfg = source_check_config(s)
    check_sources = s.getbool("SOURCE_CHECK_ENABLED", True)
    sites_file = s.get("SITES_FILE")
    site_of = site_lookup({h: site.name for site in load_sites(sites_file) for h in site.hosts}) if sites_file else None
    summary = RecheckSummary(records=len(records))
    out: list[dict[str, Any]] = []
    store = open_store(s.get("STATE_URI"))
    try:
        for rec in sorted(records, key=_index_key):
            assign(store, rec, dcfg)
        for rec in records:
            new = dict(rec)
            syn = evaluate(store, rec, dcfg)
            new["syndication"] = syn
            if check_sources:
                new["sourceCheck"] = check(store, rec, syn, scfg, site_of=site_of)
                store.put_verdict(rec["url"], "sourceCheck", new["sourceCheck"])
            store.put_verdict(rec["url"], "syndication", syn)
            if syn["role"] == "copy":
                summary.copies += 1
            if (new.get("sourceCheck") or {}).get("status") == "mismatch":
                summary.mismatches += 1
            if new.get("syndication") != rec.get("syndication") or new.get("sourceCheck") != rec.get("sourceCheck"):
                summary.changed += 1
            out.append(new)
    finally:
        store.close()
    return out, summary


def write_records(records: Iterable[Mapping[str, Any]], output: str | Path) -> None:
    """Write JSON lines atomically (a temporary file renamed over ``output``, with the umask's
    permissions); ``-`` is stdout."""
    if str(output) == "-":
        for rec in records:
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return
    write_text(output, (json.dumps(rec, ensure_ascii=False) + "\n" for rec in records))


def recheck_files(
    inputs: Iterable[str | Path],
    output: str | Path,
    settings: Mapping[str, Any] | BaseSettings | None = None,
    *,
    quiet: bool = False,
) -> RecheckSummary:
    """Read ``inputs``, recheck every record, write ``output``, print the summary line to stderr."""
    records, bad = read_records(inputs)
    if bad:
        logger.warning("skipped %d bad line(s)", bad)
    rechecked, summary = recheck_records(records, settings)
    write_records(rechecked, output)
    summary.bad_lines = bad
    summary.output = str(output)
    if not quiet:
        print(summary.line(), file=sys.stderr)
    return summary


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
        parser.add_argument("-o", "--output", metavar="FILE", help="where to write the records (- for stdout)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if not args:
            raise UsageError("give at least one input file (JSON lines)")
        if not opts.output:
            raise UsageError("give the output file: -o OUT.jsonl")
        missing = [a for a in args if not Path(a).is_file()]
        if missing:
            print(f"error: no such input file: {missing[0]}", file=sys.stderr)
            self.exitcode = 2
            return
        try:
            recheck_files(args, opts.output, self.settings)
        except ValueError as exc:  # e.g. a bad STATE_URI
            print(f"error: {exc}", file=sys.stderr)
            self.exitcode = 2
