"""The record's headline is the page's ``<h1>`` when it says what the metadata headline says
(``metadata.shown_headline``): metadata titles are written for search engines and social cards,
readers and the sites that copy a story see the heading."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article
from crawler.extraction.metadata import shown_headline
from crawler.extraction.parsing import parse_html
from tests.helpers import FERRY_STORY

PARAGRAPHS = FERRY_STORY[:3]


def _page(head: str, headings: str) -> str:
    return (f"<html><head>{head}</head><body><header><h1 class='logo'>Coast Courier</h1></header>"
            f"<main><article>{headings}" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            + "</article></main></body></html>")


@pytest.mark.parametrize(
    ("metadata", "headings", "expected"),
    [
        # a site name after the title
        ("New ferry terminal opens in the harbour | Coast Courier",
         "<h1>New ferry terminal opens in the harbour</h1>", "New ferry terminal opens in the harbour"),
        # a search title in other words than the heading's
        ("Ferry terminal opening 2025: what travellers need to know",
         "<h1>What travellers need to know about the new ferry terminal</h1>",
         "What travellers need to know about the new ferry terminal"),
        # the heading's line break read as a space
        ("Ferry terminal reopens", "<h1>Ferry terminal reopens<br>Four berths and a new hall</h1>",
         "Ferry terminal reopens Four berths and a new hall"),
        # headings that say something else, or one word of it: the metadata's headline stays
        ("New ferry terminal opens in the harbour after two years of repairs",
         "<h1>Harbour</h1><h1>Comments</h1>", "New ferry terminal opens in the harbour after two years of repairs"),
        ("Council approves the budget", "<h1>Latest news</h1>", "Council approves the budget"),
        # a kicker in the heading is not part of the headline
        ("Ferry terminal opens after two years of repairs",
         "<h1><span class='kicker'>Harbour news</span> <span>Ferry terminal opens after two years</span></h1>",
         "Ferry terminal opens after two years"),
        # words set apart in the heading's middle are part of it
        ("Ferry terminal tickets", "<h1>Buy your <em>ferry terminal tickets</em> online</h1>",
         "Buy your ferry terminal tickets online"),
        # a date set in the heading, before or after the headline, is no part of it
        ("Preparing a transition in Debusine",
         "<h1><a href='/p'><time datetime='2025-12-18'>Dec <span>18</span> 2025</time> "
         "Preparing a transition in&nbsp;Debusine</a></h1>", "Preparing a transition in Debusine"),
        ("Top strategies to optimize blockchain performance",
         "<h1>Top strategies to optimize blockchain performance<h3><span class='posted-on'>Posted on "
         "<time>July 1, 2024</time></span> by infuy</h3></h1>", "Top strategies to optimize blockchain performance"),
        ("Zuschauerrückkehr bei den Proficlubs der Region",
         "<h1>Zuschauerrückkehr bei den Proficlubs der Region <span>02.02.2022 • HVW-Verband</span></h1>",
         "Zuschauerrückkehr bei den Proficlubs der Region"),
        # a number that starts the heading stays (no date): the page's own words
        ("Recent trends in photography", "<h1><span>8</span> Recent trends in photography</h1>",
         "8 Recent trends in photography"),
        # the closest of several headings
        ("New ferry terminal opens in the harbour",
         "<h1>Ferry news</h1><h1>New ferry terminal opens in harbour</h1>", "New ferry terminal opens in harbour"),
    ],
)
def test_shown_headline(metadata: str, headings: str, expected: str) -> None:
    tree = parse_html(_page("", headings))
    assert shown_headline(tree, metadata) == expected


def test_no_metadata_headline() -> None:
    tree = parse_html(_page("", "<h1>New ferry terminal opens</h1>"))
    assert shown_headline(tree, None) is None


def test_record_headline_is_the_heading() -> None:
    head = ('<meta property="og:title" content="New ferry terminal opens: hours, prices and parking">'
            '<meta property="og:site_name" content="Coast Courier">')
    html = _page(head, "<h1>New ferry terminal opens after two years of repairs</h1>")
    record = extract_article(html, "https://courier.example/harbour/new-ferry-terminal", listed=True)
    assert record["headline"] == "New ferry terminal opens after two years of repairs"


def test_a_hidden_heading_is_not_shown() -> None:
    head = '<meta property="og:title" content="New ferry terminal opens in the harbour">'
    html = _page(head, "<template><h1>New ferry terminal opens in the harbour today</h1></template>")
    record = extract_article(html, "https://courier.example/harbour/new-ferry-terminal", listed=True)
    assert record["headline"] == "New ferry terminal opens in the harbour"


def test_heading_lines_apart_without_metadata() -> None:
    html = _page("", "<h1>Ferry<br>terminal<br><span>opens</span></h1>")
    html = html.replace("<h1 class='logo'>Coast Courier</h1>", "")
    record = extract_article(html, "https://courier.example/harbour/new-ferry-terminal", listed=True)
    assert record["headline"] == "Ferry terminal opens"


def test_many_and_deep_headings_are_read_in_part() -> None:
    many = "".join(f"<h1>Ferry terminal opens {n}</h1>" for n in range(5000))
    deep = "<h1>" + "<span>" * 3000 + "Ferry terminal opens today" + "</span>" * 3000 + "</h1>"
    tree = parse_html(_page("", deep + many))
    assert shown_headline(tree, "Ferry terminal opens today") == "Ferry terminal opens today"
    tree = parse_html(_page("", many))
    assert shown_headline(tree, "Ferry terminal opens 4999") == "Ferry terminal opens 0"
