"""A graphic's labels set over its picture by shares of its box (``style="top:4.9%;left:96.6%"``,
as ai2html writes a chart's axis values, legend and notes) are no lines of the text; text placed
in pixels, or positioned without coordinates, is read as before."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article

PARAGRAPHS = [
    "Interest payments on the federal debt are set to pass the military budget within five years, "
    "as rising rates meet a deficit that has grown by almost half since the tax cuts of last winter.",
    "The budget office expects the government to spend more on interest than on children's programmes "
    "by the end of the decade, and economists warn that the trend will be hard to reverse later.",
    "Lawmakers of both parties have said they want to address the deficit, but neither the spending "
    "bills nor the tax proposals now before the committees would narrow the gap in a meaningful way.",
    "Officials at the Treasury said the department would sell more long-term bonds next year to lock in "
    "rates before they rise any further, a change that could cost more in the years just ahead.",
]


def _chart(style: str) -> str:
    labels = ["$915", "billion", "Interest payments on the national debt", "’22", "’26", "MONTHLY", "600"]
    placed = "".join(
        f"<div class='g-Layer_1 g-aiAbs' style='{style.format(top=4.8 + 9 * n, left=0.08 + 11 * n)}'>"
        f"<p class='g-pstyle0'>{label}</p></div>"
        for n, label in enumerate(labels)
    )
    return (f"<div class='interactive-graphic'><div class='g-artboard' style='max-width:600px'>"
            f"<img src='/graphics/debt-600.png' alt=''>{placed}</div></div>")


def _body(chart: str) -> str:
    html = ("<html><head><title>Debt payments set to pass military budget</title></head><body>"
            "<article><h1>Debt payments set to pass military budget</h1>"
            f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>{chart}<p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>"
            "</article></body></html>")
    return extract_article(html, "https://news.example/2018/09/25/business/debt.html", listed=True)["articleBody"]


@pytest.mark.parametrize("style", [
    "top:{top:.4f}%;margin-top:-9.2px;left:{left:.4f}%;width:52px;",
    "TOP: {top}%; RIGHT: {left}%;",
])
def test_labels_placed_over_a_graphic_stay_out(style: str) -> None:
    body = _body(_chart(style))
    assert body.splitlines() == PARAGRAPHS


@pytest.mark.parametrize("style", [
    "position:absolute;top:{top}px;left:{left}px",  # a page builder's boxes, placed in pixels
    "margin-top:{top}%;padding-left:{left}%",  # margins and paddings place nothing
])
def test_other_positions_are_read(style: str) -> None:
    body = _body(_chart(style))
    assert "Interest payments on the national debt" in body
    assert PARAGRAPHS[3] in body
