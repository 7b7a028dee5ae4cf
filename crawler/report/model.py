"""What a report shows, gathered from the records (and the sites' runs in the state store).

Pure data, no HTML: :func:`gather` reads output records (as dicts) and, when given, each site's
recorded runs (:meth:`crawler.state.StateStore.site_runs`, newest first) and returns a
:class:`Report`: per-site rows (with the crawl run that wrote the records, matched by time, and
the site's last runs), the flagged posts with their evidence, and the clusters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

#: sourceCheck statuses that flag a post
FLAG_STATUSES = ("mismatch", "missing")
#: what each sourceCheck reason means, in words
REASON_TEXT = {
    "slug_mismatch": "the claimed URL's words (or its page's title) are not the post's",
    "content_mismatch": "the claimed page does not contain the post, nor the post the page",
    "publisher_mismatch": "the post's original is on another site than the one claimed",
    "source_unreachable": "the claimed URL fails, or redirects to a home page",
    "unattributed_copy": "the post copies an article and names no source",
}
#: runs per site shown in the history chart
HISTORY_RUNS = 8


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _epoch(value: Any) -> float | None:
    """An ISO 8601 timestamp (naive = UTC) as epoch seconds, or None."""
    if not isinstance(value, str):
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).timestamp()


@dataclass
class Flag:
    """A post whose claimed source is a mismatch, or a copy that names none, with the evidence."""

    post: dict[str, Any]
    status: str
    reasons: list[str]
    claimed_url: str | None
    claimed_text: str | None
    original_url: str | None
    original: dict[str, Any] | None
    containment: float | None


@dataclass
class ClusterView:
    """One story: its original (a record, or only its URL when it is not in the files) and copies."""

    cluster_id: str
    original_url: str | None
    original: dict[str, Any] | None
    copies: list[dict[str, Any]]


@dataclass
class SiteRow:
    """One site: what the files hold of it, and its crawl runs (matched run, last runs)."""

    site: str
    kind: str
    records: int = 0
    copies: int = 0
    flagged: int = 0
    run: dict[str, Any] | None = None
    history: list[dict[str, Any]] = field(default_factory=list)  # oldest first


@dataclass
class Report:
    """Everything the HTML report shows."""

    sources: list[str]
    generated: str
    total: int
    roles: Counter[str]
    statuses: Counter[str]
    sites: list[SiteRow]
    flags: list[Flag]
    clusters: list[ClusterView]
    #: why the health columns are empty, when they are (no state store, no recorded run)
    health_note: str | None = None


def flags_of(records: list[dict[str, Any]]) -> list[Flag]:
    """The flagged posts (``sourceCheck.status`` mismatch or missing): mismatches first, those
    with the most reasons first, then by URL (the order of the input files does not matter)."""
    by_url = {r["url"]: r for r in records}
    out: list[Flag] = []
    for rec in records:
        check = _obj(rec.get("sourceCheck"))
        if check.get("status") not in FLAG_STATUSES:
            continue
        syn = _obj(rec.get("syndication"))
        claim = _obj(rec.get("claimedSource"))
        original_url = _str(check.get("originalUrl")) or _str(syn.get("duplicateOf"))
        containment = syn.get("containment")
        out.append(Flag(
            post=rec, status=str(check["status"]),
            reasons=[str(r) for r in check.get("reasons") or [] if isinstance(r, str)],
            claimed_url=_str(claim.get("url")), claimed_text=_str(claim.get("text")),
            original_url=original_url, original=by_url.get(original_url or ""),
            containment=float(containment) if isinstance(containment, (int, float)) else None,
        ))
    return sorted(out, key=lambda f: (FLAG_STATUSES.index(f.status), -len(f.reasons), str(f.post["url"])))


def clusters_of(records: list[dict[str, Any]]) -> list[ClusterView]:
    """Clusters with at least one copy among the records, most copies first."""
    by_url = {r["url"]: r for r in records}
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        cid = _str(_obj(rec.get("syndication")).get("clusterId"))
        if cid:
            members[cid].append(rec)
    out = []
    for cid, recs in members.items():
        copies = [r for r in recs if _obj(r.get("syndication")).get("role") == "copy"]
        if not copies:
            continue
        original = next((r for r in recs if _obj(r.get("syndication")).get("role") == "original"), None)
        original_url = original["url"] if original else _str(_obj(copies[0].get("syndication")).get("duplicateOf"))
        if original is None and original_url:
            original = by_url.get(original_url)
        out.append(ClusterView(cid, original_url, original, sorted(copies, key=lambda r: r["url"])))
    return sorted(out, key=lambda c: (-len(c.copies), c.original_url or "", c.cluster_id))


def match_run(runs: list[dict[str, Any]], last_download: float | None) -> dict[str, Any] | None:
    """The site's run that wrote records downloaded until ``last_download``: the first recorded
    run that finished after it (``runs`` newest first); None when none did."""
    if last_download is None:
        return None
    after = [r for r in runs if isinstance(r.get("finished"), (int, float)) and r["finished"] >= last_download - 1]
    return min(after, key=lambda r: r["finished"]) if after else None


def site_rows(records: list[dict[str, Any]], runs: Mapping[str, list[dict[str, Any]]] | None) -> list[SiteRow]:
    """One row per site of the records, plus the sites that wrote nothing in the same crawl runs."""
    rows: dict[str, SiteRow] = {}
    last: dict[str, float] = {}
    for rec in records:
        site = str(rec.get("site") or "?")
        row = rows.setdefault(site, SiteRow(site, str(rec.get("siteKind") or "")))
        row.records += 1
        row.copies += _obj(rec.get("syndication")).get("role") == "copy"
        row.flagged += _obj(rec.get("sourceCheck")).get("status") in FLAG_STATUSES
        when = _epoch(_obj(rec.get("metadata")).get("dateDownloaded"))
        if when is not None:
            last[site] = max(when, last.get(site, when))
    runs = runs or {}
    for site, row in rows.items():
        row.run = match_run(runs.get(site, []), last.get(site))
    run_ids = {row.run.get("runId") for row in rows.values() if row.run}
    for site, site_runs in runs.items():  # sites of the same runs that wrote no record
        if site not in rows:
            run = next((r for r in site_runs if r.get("runId") in run_ids), None)
            if run is not None:
                rows[site] = SiteRow(site, str(run.get("kind") or ""), run=run)
    for site, row in rows.items():
        row.history = list(reversed(runs.get(site, [])[:HISTORY_RUNS]))
    return sorted(rows.values(), key=lambda r: (r.kind, r.site))


def gather(records: Iterable[dict[str, Any]], runs: Mapping[str, list[dict[str, Any]]] | None = None, *,
           sources: Iterable[str] = (), health_note: str | None = None) -> Report:
    """The report of ``records`` (and of ``runs``: site -> its recorded runs, newest first)."""
    recs = [r for r in records if isinstance(r, dict) and isinstance(r.get("url"), str)]
    rows = site_rows(recs, runs)
    if health_note is None and not any(row.run for row in rows):
        health_note = "no recorded crawl run matches these records"
    return Report(
        sources=list(sources),
        generated=datetime.now(UTC).replace(microsecond=0).isoformat(),
        total=len(recs),
        roles=Counter(str(_obj(r.get("syndication")).get("role")) for r in recs),
        statuses=Counter(str(_obj(r.get("sourceCheck")).get("status")) for r in recs),
        sites=rows,
        flags=flags_of(recs),
        clusters=clusters_of(recs),
        health_note=health_note,
    )
