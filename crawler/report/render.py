"""The report as one self-contained HTML file: inline CSS and SVG, no script, nothing fetched.

Everything that comes from pages (headlines, URLs, claims, site names) is escaped; only
``http``/``https`` URLs become links (``rel="noreferrer nofollow"``); and a Content Security
Policy forbids scripts and any load from the network, so even a page's hostile text cannot run
or call home from the report.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlsplit

from crawler.health import CHECK_TITLES, SiteFigures
from crawler.report import svg
from crawler.report.model import REASON_TEXT, ClusterView, Flag, Report, SiteRow

#: at most this many flagged posts and clusters are written (the counts say how many there are)
MAX_FLAGS = 1000
MAX_CLUSTERS = 500

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
STATUS_COLORS = {"match": "#27ae60", "mismatch": "#c0392b", "missing": "#e67e22", "unverified": "#7f8c8d",
                 "none": "#bdc3c7"}

CSS = """
:root{--fg:#1d2330;--muted:#5d6673;--line:#d9dee5;--bad:#c0392b;--ok:#27ae60;--warn:#e67e22;--bg:#f6f7f9}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);
background:var(--bg)}header,main{max-width:1200px;margin:0 auto;padding:0 20px}header{padding-top:18px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;border-bottom:2px solid var(--line)}
.meta{color:var(--muted);margin:0}nav a{margin-right:14px}a{color:#2557a7;word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}.card{background:#fff;border:1px solid var(--line);
border-radius:6px;padding:8px 14px;min-width:120px}.card b{display:block;font-size:22px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid var(--line);padding:4px 7px;
text-align:right;vertical-align:top}th{background:#eef1f5}td.l,th.l{text-align:left}
.status{font-weight:bold;border-radius:4px;padding:1px 6px;color:#fff;white-space:nowrap}
.s-ok{background:var(--ok)}.s-failed{background:var(--bad)}.s-unknown{background:#95a5a6}
.s-mismatch{background:var(--bad)}.s-missing{background:var(--warn)}.bad{color:var(--bad);font-weight:bold}
.note{background:#fff8e1;border:1px solid #f0d58c;padding:6px 10px;border-radius:4px}
.charts{display:flex;flex-wrap:wrap;gap:18px}.charts figure{margin:0;background:#fff;border:1px solid var(--line);
border-radius:6px;padding:10px}figcaption{font-weight:bold;margin-bottom:6px}
.flag{background:#fff;border:1px solid var(--line);border-left:5px solid var(--bad);border-radius:4px;
padding:8px 12px;margin:10px 0}.flag.missing{border-left-color:var(--warn)}.flag h3{font-size:15px;margin:0 0 6px}
.flag dl{display:grid;grid-template-columns:130px 1fr;gap:3px 10px;margin:0}.flag dt{color:var(--muted)}
.flag dd{margin:0}.flag ul{margin:0;padding-left:18px}
details.cluster{background:#fff;border:1px solid var(--line);border-radius:4px;margin:6px 0;padding:6px 10px}
details.cluster summary{cursor:pointer}.cluster ol{margin:6px 0 4px}.site{color:var(--muted)}
.problems{color:var(--bad);text-align:left}
"""


def e(text: object) -> str:
    """``text`` escaped for HTML text and attribute values."""
    return escape("" if text is None else str(text), quote=True)


def link(url: str | None, text: str | None = None) -> str:
    """A link to ``url`` when it is an http(s) URL, else the URL as plain text."""
    if not url:
        return "<span class=\"site\">(none)</span>"
    shown = e(text if text else url)
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in ("http", "https"):
        return f"<span>{shown}</span>"
    return f'<a href="{e(url)}" rel="noreferrer nofollow">{shown}</a>'


def pct(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "–"


def health_status(row: SiteRow) -> str:
    if row.run is None:
        return '<span class="status s-unknown">no run data</span>'
    if row.run.get("problems"):
        return '<span class="status s-failed">FAILED</span>'
    return '<span class="status s-ok">OK</span>'


def health_row(row: SiteRow) -> str:
    cells = [f'<td class="l">{e(row.site)}</td>', f'<td class="l">{e(row.kind)}</td>',
             f'<td class="l">{health_status(row)}</td>', f"<td>{row.records}</td>"]
    run = row.run
    if run is None:
        cells += ['<td colspan="6" class="l site">no figures recorded for this run</td>', "<td></td>"]
        return "<tr>" + "".join(cells) + "</tr>"
    fig = SiteFigures.from_dict(run)
    base = run.get("baseline")
    problems = "<br>".join(f"{e(CHECK_TITLES.get(p.get('check', ''), p.get('check')))}: {e(p.get('reason'))}"
                           for p in run.get("problems") or [] if isinstance(p, dict))
    cells += [
        f"<td>{fig.found}<br><span class=\"site\">{fig.articles} new, {fig.unchanged} unchanged</span></td>",
        f"<td>{e(f'{base:g}') if isinstance(base, (int, float)) else '–'}</td>",
        f"<td>{fig.requests}</td>",
        f"<td>{fig.fetch_errors} ({pct(fig.fetch_errors, fig.requests)})"
        + (f'<br><span class="site">{e(fig.errors_text())}</span>' if fig.error_kinds else "") + "</td>",
        f"<td>{fig.skipped} ({pct(fig.skipped, fig.candidates)})</td>",
        f"<td>{fig.claim_failures} of {fig.claim_fetches}</td>",
        f'<td class="problems">{problems}</td>',
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def health_section(report: Report) -> str:
    head = ("<tr><th class=\"l\">site</th><th class=\"l\">kind</th><th class=\"l\">health</th><th>records in file</th>"
            "<th>articles found</th><th>earlier runs (median)</th><th>requests</th><th>fetch errors</th>"
            "<th>extraction skips</th><th>claim fetches failed</th><th class=\"l\">problems</th></tr>")
    note = f'<p class="note">Health figures: {e(report.health_note)}.</p>' if report.health_note else ""
    rows = "".join(health_row(r) for r in report.sites)
    return (f'<section id="health"><h2>Site health</h2>{note}<table id="health-table"><thead>{head}</thead>'
            f"<tbody>{rows}</tbody></table><p class=\"meta\">The figures the health monitors judged at the end of "
            "the crawl run that wrote these records: articles found (new, or unchanged since an earlier run), "
            "against the median of the site's earlier runs; requests and the share that failed; article pages "
            "that gave no article; claimed sources that could not be fetched.</p></section>")


def _headline(rec: dict[str, Any] | None) -> str:
    if not rec:
        return ""
    return f"{e(rec.get('headline') or '(no headline)')} <span class=\"site\">({e(rec.get('site'))})</span>"


def flag_block(flag: Flag) -> str:
    post = flag.post
    reasons = "".join(f"<li><code>{e(r)}</code>: {e(REASON_TEXT.get(r, ''))}</li>" for r in flag.reasons)
    claimed = (link(flag.claimed_url) + (f'<br><span class="site">as written: “{e(flag.claimed_text)}”</span>'
                                         if flag.claimed_text and flag.claimed_text != flag.claimed_url else "")
               if flag.claimed_url else "<span class=\"bad\">no source named</span>")
    original = link(flag.original_url)
    if flag.original:
        original += f"<br>{_headline(flag.original)}"
    contained = f"{flag.containment:.0%} of the post's text" if flag.containment is not None else "–"
    return (f'<article class="flag {e(flag.status)}"><h3><span class="status s-{e(flag.status)}">'
            f"{e(flag.status.upper())}</span> {_headline(post)}</h3><dl>"
            f"<dt>post</dt><dd>{link(post.get('url'))}</dd>"
            f"<dt>claims as source</dt><dd>{claimed}</dd>"
            f"<dt>reasons</dt><dd><ul>{reasons or '<li>(none given)</li>'}</ul></dd>"
            f"<dt>original</dt><dd>{original}</dd>"
            f"<dt>containment</dt><dd>{e(contained)}</dd></dl></article>")


def flagged_section(report: Report) -> str:
    flags = report.flags
    shown = "".join(flag_block(f) for f in flags[:MAX_FLAGS])
    more = f'<p class="note">{len(flags) - MAX_FLAGS} more not shown.</p>' if len(flags) > MAX_FLAGS else ""
    empty = "<p>No post was flagged.</p>" if not flags else ""
    return (f'<section id="flagged"><h2>Flagged posts ({len(flags)})</h2><p class="meta">Posts whose claimed '
            "source is contradicted by the evidence (mismatch), and copies that name no source (missing).</p>"
            f"{empty}{shown}{more}</section>")


def cluster_block(cluster: ClusterView) -> str:
    items = []
    for rec in cluster.copies:
        syn = rec.get("syndication") or {}
        check = (rec.get("sourceCheck") or {}).get("status")
        cont = syn.get("containment")
        cont_text = f"{cont:.0%}" if isinstance(cont, (int, float)) else "–"
        items.append(f"<li>{link(rec.get('url'))}<br>{_headline(rec)} · containment {e(cont_text)} · "
                     f"source check <b>{e(check)}</b></li>")
    title = _headline(cluster.original) or e(cluster.original_url or "(original not in these files)")
    return (f'<details class="cluster" open><summary><b>{len(cluster.copies)} '
            f"cop{'y' if len(cluster.copies) == 1 else 'ies'}</b> of {title}</summary>"
            f"<p>original: {link(cluster.original_url)} <span class=\"site\">cluster {e(cluster.cluster_id)}"
            f"</span></p><ol>{''.join(items)}</ol></details>")


def clusters_section(report: Report) -> str:
    clusters = report.clusters
    shown = "".join(cluster_block(c) for c in clusters[:MAX_CLUSTERS])
    more = f'<p class="note">{len(clusters) - MAX_CLUSTERS} more not shown.</p>' if len(clusters) > MAX_CLUSTERS else ""
    return (f'<section id="clusters"><h2>Clusters ({len(clusters)})</h2><p class="meta">Each story with copies: '
            f"its original, then every copy.</p>{shown or '<p>No copies found.</p>'}{more}</section>")


def charts_section(report: Report) -> str:
    aggs = [r for r in report.sites if r.kind == "aggregator"] or [r for r in report.sites if r.copies]
    flagged = {r.site: [0, 0] for r in aggs}
    for f in report.flags:
        site = str(f.post.get("site"))
        if site in flagged:
            flagged[site][0 if f.status == "mismatch" else 1] += 1
    bars = svg.grouped_bars(
        "chart-aggregators", "Copies and flagged posts per aggregator", [r.site for r in aggs],
        [("posts", [r.records for r in aggs]), ("copies", [r.copies for r in aggs]),
         ("mismatch", [flagged[r.site][0] for r in aggs]), ("missing", [flagged[r.site][1] for r in aggs])])
    panels = [(r.site, [(_run_label(run), int(run.get("found") or 0), bool(run.get("problems"))) for run in r.history])
              for r in report.sites if r.history]
    runs = svg.small_multiples("chart-runs", "Articles found per site in its last runs", panels)
    verdicts = svg.stacked_bar("chart-verdicts", "Source check verdicts",
                               [(k, report.statuses.get(k, 0), c) for k, c in STATUS_COLORS.items()])
    return ('<section id="charts"><h2>Charts</h2><div class="charts">'
            f"<figure><figcaption>Copies and flagged posts per aggregator</figcaption>{bars}</figure>"
            f"<figure><figcaption>Articles found per site, last runs (red: failed its checks)</figcaption>{runs}"
            f"</figure><figure><figcaption>Source check verdicts</figcaption>{verdicts}</figure></div></section>")


def _run_label(run: dict[str, Any]) -> str:
    from datetime import UTC, datetime

    finished = run.get("finished")
    if not isinstance(finished, (int, float)):
        return "?"
    return datetime.fromtimestamp(finished, UTC).strftime("%m-%d %H:%M")


def render(report: Report) -> str:
    """The whole HTML document."""
    failed = sum(1 for r in report.sites if r.run and r.run.get("problems"))
    cards = [("records", report.total), ("sites", len(report.sites)), ("sites failing checks", failed),
             ("copies", report.roles.get("copy", 0)), ("clusters with copies", len(report.clusters)),
             ("mismatched claims", report.statuses.get("mismatch", 0)),
             ("copies naming no source", report.statuses.get("missing", 0))]
    card_html = "".join(f'<div class="card"><b>{v}</b>{e(k)}</div>' for k, v in cards)
    sources = ", ".join(e(s) for s in report.sources) or "(records)"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Crawl report: {report.total} records</title><style>{CSS}</style></head><body>"
            f"<header><h1>Crawl report</h1><p class=\"meta\">{sources} · {report.total} records · generated "
            f"{e(report.generated)}</p><nav><a href=\"#health\">Site health</a><a href=\"#charts\">Charts</a>"
            f"<a href=\"#flagged\">Flagged posts</a><a href=\"#clusters\">Clusters</a></nav>"
            f'<div class="cards" id="summary">{card_html}</div></header><main>'
            f"{health_section(report)}{charts_section(report)}{flagged_section(report)}{clusters_section(report)}"
            "</main></body></html>\n")
