"""``scrapy demo [-o DIR]``: crawl the bundled sample web end to end, offline.

Serves the sample web on free 127.0.0.1 ports, runs the ``news`` and ``aggregator`` spiders in
this one process against fresh state, re-evaluates the verdicts once both are done (so a copy
crawled before its original is still linked to it), writes ``DIR/articles.jsonl`` and the HTML
report ``DIR/report.html`` (``scrapy report``), and prints a short summary. The raw per-spider
outputs stay in ``DIR/raw/``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.crawler import Crawler

from crawler.commands.common import BAD_INPUT_EXIT, add_examples, settings_error
from crawler.records import recheck_files
from crawler.report import write_report


class Command(ScrapyCommand):
    requires_project = False
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "[-o DIR]"

    def short_desc(self) -> str:
        return "Crawl the bundled sample web (offline) and write DIR/articles.jsonl and DIR/report.html"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_examples(
            parser,
            'scrapy demo -o demo-out   # then open demo-out/report.html',
        )
        parser.add_argument("-o", "--output", default="demo-out", metavar="DIR",
                            help="folder for articles.jsonl, the sites file and state (default: demo-out)")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        if not (opts.loglevel or opts.logfile or opts.nolog):
            self.settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
        problem = settings_error(self.settings)
        if problem is not None:
            print(problem, file=sys.stderr)
            sys.exit(BAD_INPUT_EXIT)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        from crawler.sampleweb import SampleWeb  # the demo serves it like any other web site

        assert self.settings is not None and self.crawler_process is not None
        out = Path(opts.output)
        raw = out / "raw"
        raw.mkdir(parents=True, exist_ok=True)
        state = out / "state.sqlite3"
        for p in [state, *state.parent.glob("state.sqlite3-*"), *raw.glob("*.jsonl")]:
            p.unlink(missing_ok=True)
        started = time.monotonic()
        with SampleWeb() as web:
            sites_file = web.write_sites_file(out / "sites.toml")
            print(f"Serving the sample web: {len(web.manifest['sites'])} sites on 127.0.0.1", file=sys.stderr)
            outputs = []
            for name in ("news", "aggregator"):
                settings = self.settings.copy()
                settings.set("STATE_URI", f"sqlite:///{state.resolve()}", priority="cmdline")
                feed = raw / f"{name}.jsonl"
                outputs.append(feed)
                settings.set("FEEDS", {str(feed): {"format": "jsonlines", "encoding": "utf-8", "overwrite": True}},
                             priority="cmdline")
                spidercls = self.crawler_process.spider_loader.load(name)
                self.crawler_process.crawl(Crawler(spidercls, settings), sites=str(sites_file))
            self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        final = out / "articles.jsonl"
        settings = self.settings.copy()
        settings.set("STATE_URI", f"sqlite:///{state.resolve()}", priority="cmdline")
        print(recheck_files(outputs, final, settings).line(), file=sys.stderr)
        state_uri = settings.get("STATE_URI")
        print_summary(final, time.monotonic() - started)
        records = [json.loads(line) for line in final.open(encoding="utf-8") if line.strip()]
        write_report(records, out / "report.html", state_uri, sources=[str(final)])
        print(f"Report: {out / 'report.html'}")


def print_summary(path: Path, seconds: float) -> None:
    """Articles per site, copies found and attributions flagged, from the final output."""
    records: list[dict[str, Any]] = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    per_site = Counter(r["site"] for r in records)
    roles = Counter((r.get("syndication") or {}).get("role") for r in records)
    status = Counter((r.get("sourceCheck") or {}).get("status") for r in records)
    print(f"\nDemo finished in {seconds:.1f} s: {len(records)} articles -> {path}")
    for site, n in sorted(per_site.items()):
        kind = next(r["siteKind"] for r in records if r["site"] == site)
        print(f"  {site:<14} {kind:<11} {n:>4} articles")
    synd = [r.get("syndication") or {} for r in records]
    clusters = {s.get("clusterId") for s in synd if s.get("role") != "unique"}
    print(f"Copies found: {roles.get('copy', 0)} in {len(clusters)} clusters "
          f"({roles.get('original', 0)} originals, {roles.get('unique', 0)} unique articles)")
    kinds = ("match", "mismatch", "missing", "unverified", "none")
    print("Attributions: " + ", ".join(f"{k} {status.get(k, 0)}" for k in kinds))
    for r in records:
        sc = r.get("sourceCheck") or {}
        if sc.get("status") in ("mismatch", "missing"):
            claim = (r.get("claimedSource") or {}).get("url") or "(no source named)"
            print(f"  {sc['status'].upper():<8} {r['url']}\n           claims {claim}\n           "
                  f"original {sc.get('originalUrl')} reasons {', '.join(sc.get('reasons') or [])}")
