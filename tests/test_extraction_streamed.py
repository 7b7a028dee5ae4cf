"""React's streamed server rendering (Next.js and other frameworks) sends a part of the page
that was not ready when the page began to go out at the document's end, in ``<div hidden
id="S:n">``, and a script moves it in place of ``<template id="B:n">`` (or ``P:n``). The
extraction reads the page as a browser shows it after that script: the story in its place, not
hidden text after the footer."""

from __future__ import annotations

from lxml.html import HtmlElement

from crawler.extraction.article import extract_article
from crawler.extraction.parsing import parse_html, read_as_shown, reveal_streamed

URL = "https://invest.example.com/how-to-invest/index-funds/"

PARAGRAPHS = [
    "An index fund buys every stock of a market index in the index's own proportions, so that its "
    "return follows the market's, less a small fee, without anyone choosing which shares to hold.",
    "Because nobody is paid to pick stocks, the fees are a fraction of an actively managed fund's, "
    "and over twenty years that difference alone can add tens of thousands to a modest portfolio.",
    "The drawback is that an index fund never beats the market: it falls with it in a crash, and an "
    "investor who wants to avoid a sector for any reason has to choose a narrower fund instead.",
    "Most brokers sell index funds without a commission, and the minimum investment is often no "
    "more than the price of a single share, which makes them the usual first step for beginners.",
]
SECTION = "Who shouldn't invest in index funds?"


def _shown(html: str) -> HtmlElement:
    """The page parsed and read as shown (where the streamed parts move)."""
    tree = parse_html(html)
    read_as_shown(tree)
    return tree


def _streamed_page(template: str = '<template id="B:0"></template>', part_id: str = "S:0") -> str:
    story = f"<h2>{SECTION}</h2>" + "".join(f"<p>{text}</p>" for text in PARAGRAPHS[2:])
    return (
        "<html><head><title>How to invest in index funds</title></head><body>"
        "<header><a href='/'>Home</a> <a href='/investing/'>Investing</a></header>"
        f"<main><article><h1>How to invest in index funds</h1><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>{template}"
        "<div class='skeleton animate-pulse'></div></article></main>"
        "<footer><p>Market data powered by a vendor. Terms of use. Privacy policy.</p></footer>"
        f"<div hidden id='{part_id}'>{story}</div>"
        '<script>$RC("B:0","S:0")</script></body></html>'
    )


def test_a_streamed_story_is_read_in_its_place() -> None:
    lines = extract_article(_streamed_page(), URL, listed=True)["articleBody"].splitlines()
    assert lines == [*PARAGRAPHS[:2], SECTION, *PARAGRAPHS[2:]]


def test_a_segment_in_its_placeholder() -> None:
    page = _streamed_page('<template id="P:0"></template>')
    lines = extract_article(page, URL, listed=True)["articleBody"].splitlines()
    assert lines == [*PARAGRAPHS[:2], SECTION, *PARAGRAPHS[2:]]


def test_a_hidden_part_without_its_template_stays_where_it_is() -> None:
    tree = _shown(_streamed_page(part_id="S:7"))
    part = tree.find(".//div[@id='S:7']")
    assert part.get("hidden") is not None and part.getparent().tag == "body"
    assert tree.find(".//template").get("id") == "B:0"


def test_parts_move_in_place_with_the_text_around_them() -> None:
    tree = _shown(
        "<html><body><p>a<template id='B:0'></template>after</p>between"
        "<div hidden id='S:0'>part <template id='P:1'></template></div>end"
        "<div hidden id='S:1'><b>inner</b></div><div hidden id='other'>still hidden</div></body></html>"
    )
    body = tree.find("body")
    assert [child.tag for child in body] == ["p", "div"]
    paragraph, other = body
    assert paragraph.text == "a" and paragraph[0].get("id") == "S:0" and paragraph[0].tail == "after"
    assert paragraph[0].text == "part " and paragraph[0][0].get("id") == "S:1"
    assert paragraph[0].get("hidden") is None and paragraph[0][0].get("hidden") is None
    assert paragraph.tail == "betweenend"
    assert other.get("hidden") is not None
    assert not tree.findall(".//template")
    assert reveal_streamed(tree) == 0  # nothing left to move


def test_a_part_holding_its_own_template_stays() -> None:
    tree = _shown("<html><body><div hidden id='S:0'><template id='B:0'></template>x</div></body></html>")
    part = tree.find("body/div")
    assert part.get("hidden") is not None and part[0].tag == "template"
