"""Charts as inline SVG strings (no script, no external resource; every label escaped).

* :func:`grouped_bars`: one row per category, one bar per series (copies and flags per aggregator);
* :func:`small_multiples`: one small bar chart per site (articles found in its last runs);
* :func:`stacked_bar`: one bar split into parts (the source check verdicts).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

FONT = 'font-family="system-ui, sans-serif"'
PALETTE = ["#3b6ea8", "#e0a030", "#c0392b", "#8e44ad", "#27ae60", "#7f8c8d"]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _svg(chart_id: str, title: str, width: int, height: int, body: str) -> str:
    return (f'<svg class="chart" id="{_e(chart_id)}" role="img" aria-labelledby="{_e(chart_id)}-title" '
            f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
            f'<title id="{_e(chart_id)}-title">{_e(title)}</title>{body}</svg>')


def _legend(series: Sequence[tuple[str, str]], x: float, y: float) -> str:
    out = []
    for name, color in series:
        out.append(f'<rect x="{x:.0f}" y="{y - 9:.0f}" width="10" height="10" fill="{_e(color)}"/>'
                   f'<text x="{x + 14:.0f}" y="{y:.0f}" font-size="12" {FONT}>{_e(name)}</text>')
        x += 24 + 7 * len(name)
    return "".join(out)


def grouped_bars(chart_id: str, title: str, categories: Sequence[str],
                 series: Sequence[tuple[str, Sequence[int]]], width: int = 540) -> str:
    """Horizontal bars: for each category, one bar per ``(series name, values)``."""
    label_w, bar_h, gap = 120, 12, 10
    plot_w = width - label_w - 50
    top = 30
    rows_h = len(categories) * (len(series) * bar_h + gap)
    height = top + max(rows_h, 20) + 10
    top_value = max([v for _, values in series for v in values] + [1])
    colors = [(name, PALETTE[i % len(PALETTE)]) for i, (name, _) in enumerate(series)]
    parts = [_legend(colors, label_w, 16)]
    y = top
    for c, category in enumerate(categories):
        parts.append(f'<text x="{label_w - 8}" y="{y + len(series) * bar_h / 2 + 4:.0f}" text-anchor="end" '
                     f'font-size="12" {FONT}>{_e(category)}</text>')
        for s, (name, values) in enumerate(series):
            value = values[c] if c < len(values) else 0
            w = plot_w * value / top_value
            parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" '
                         f'fill="{colors[s][1]}"><title>{_e(f"{category}: {value} {name}")}</title></rect>'
                         f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 3}" font-size="10" {FONT}>{value}</text>')
            y += bar_h
        y += gap
    if not categories:
        parts.append(f'<text x="{label_w}" y="{top + 14}" font-size="12" {FONT}>no data</text>')
    return _svg(chart_id, title, width, height, "".join(parts))


def small_multiples(chart_id: str, title: str, panels: Sequence[tuple[str, Sequence[tuple[str, int, bool]]]],
                    width: int = 540) -> str:
    """A grid of small bar charts: ``(panel name, [(bar label, value, failed), ...])``; failed
    bars are drawn in red."""
    cols = 3
    panel_w, panel_h = width // cols, 110
    rows = max(1, -(-len(panels) // cols))
    parts = []
    for i, (name, bars) in enumerate(panels):
        x0, y0 = (i % cols) * panel_w, (i // cols) * panel_h
        top_value = max([v for _, v, _ in bars] + [1])
        parts.append(f'<text x="{x0 + 8}" y="{y0 + 16}" font-size="12" font-weight="bold" {FONT}>{_e(name)}</text>')
        base = y0 + panel_h - 18
        bar_w = max(4.0, min(24.0, (panel_w - 24) / max(1, len(bars)) - 3))
        for j, (label, value, failed) in enumerate(bars):
            h = (panel_h - 48) * value / top_value
            x = x0 + 10 + j * (bar_w + 3)
            color = "#c0392b" if failed else "#3b6ea8"
            parts.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{color}">'
                         f'<title>{_e(f"{name} {label}: {value}" + (" (failed its checks)" if failed else ""))}</title>'
                         f'</rect><text x="{x + bar_w / 2:.1f}" y="{base - h - 3:.1f}" text-anchor="middle" '
                         f'font-size="9" {FONT}>{value}</text>')
        parts.append(f'<line x1="{x0 + 8}" y1="{base}" x2="{x0 + panel_w - 10}" y2="{base}" stroke="#999"/>')
        if bars:
            parts.append(f'<text x="{x0 + 10}" y="{base + 13}" font-size="9" fill="#666" {FONT}>'
                         f"{_e(bars[0][0])}</text>")
        if len(bars) > 1:
            parts.append(f'<text x="{x0 + panel_w - 10}" y="{base + 13}" text-anchor="end" font-size="9" '
                         f'fill="#666" {FONT}>{_e(bars[-1][0])}</text>')
    if not panels:
        parts.append(f'<text x="10" y="30" font-size="12" {FONT}>no recorded runs</text>')
    return _svg(chart_id, title, width, rows * panel_h, "".join(parts))


def stacked_bar(chart_id: str, title: str, parts: Sequence[tuple[str, int, str]], width: int = 540) -> str:
    """One horizontal bar split into ``(label, value, color)`` parts, with a legend."""
    total = sum(v for _, v, _ in parts) or 1
    x = 0.0
    out = []
    for label, value, color in parts:
        w = (width - 2) * value / total
        if value:
            out.append(f'<rect x="{x + 1:.1f}" y="28" width="{w:.1f}" height="26" fill="{_e(color)}">'
                       f'<title>{_e(f"{label}: {value}")}</title></rect>')
            if w > 24:
                out.append(f'<text x="{x + 1 + w / 2:.1f}" y="45" text-anchor="middle" font-size="11" fill="#fff" '
                           f'{FONT}>{value}</text>')
        x += w
    out.append(_legend([(f"{label} {value}", color) for label, value, color in parts], 1, 16))
    return _svg(chart_id, title, width, 60, "".join(out))
