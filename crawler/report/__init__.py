"""``scrapy report``: one self-contained HTML file of a crawl's output.

:func:`build_report` takes output records and, from the state store, the sites' recorded runs,
and returns the HTML: per-site health (the figures the health monitors judged), every flagged
post with its evidence, the clusters, and inline SVG charts. :func:`runs_from_store` reads the
runs. No network, no script, nothing loaded from outside the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from crawler.outfiles import write_text
from crawler.report.model import HISTORY_RUNS, Report, gather
from crawler.report.render import render
from crawler.state import StateStore, open_store

__all__ = ["Report", "build_report", "gather", "load_runs", "render", "runs_from_store", "write_report"]


def runs_from_store(store: StateStore, limit: int = 20) -> dict[str, list[dict[str, Any]]]:
    """Every site's last ``limit`` recorded runs (newest first)."""
    return {site: store.site_runs(site, max(limit, HISTORY_RUNS)) for site in store.run_sites()}


def build_report(records: Iterable[dict[str, Any]], runs: dict[str, list[dict[str, Any]]] | None = None, *,
                 sources: Iterable[str] = (), health_note: str | None = None) -> str:
    """The HTML report of ``records`` (``runs``: site -> its recorded runs, newest first)."""
    return render(gather(records, runs, sources=sources, health_note=health_note))


def load_runs(state_uri: str | None) -> tuple[dict[str, list[dict[str, Any]]], str | None]:
    """The sites' recorded runs in the store of ``state_uri``, and why there are none when there
    are none. A missing SQLite file is not created; an unusable URI raises ValueError."""
    if not state_uri:
        return {}, "no STATE_URI given"
    if state_uri.startswith("sqlite:///"):
        from crawler.state.sqlite import sqlite_path

        path = sqlite_path(state_uri)
        if path != ":memory:" and not Path(path).is_file():
            return {}, f"no state store at {path} (give the crawl's -s STATE_URI=...)"
    with open_store(state_uri) as store:
        runs = runs_from_store(store)
    return runs, (None if runs else "the state store holds no recorded crawl run")


def write_report(records: Iterable[dict[str, Any]], output: str | Path, state_uri: str | None, *,
                 sources: Iterable[str] = ()) -> Report:
    """Write the HTML report of ``records`` (with the runs kept at ``state_uri``) to ``output``."""
    runs, note = load_runs(state_uri)
    report = gather(records, runs, sources=sources, health_note=note)
    write_text(output, render(report))
    return report
