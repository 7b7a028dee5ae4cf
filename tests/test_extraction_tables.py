"""News pages of the table-layout web (about 2008): the story in one table cell with its
related-stories list and share links under it, a column of teasers (a linked title and an
excerpt in one paragraph), no schema.org, no OpenGraph, no HTML5 elements. Written after the
markup of newspaper sites of the time; the decision and the body must hold on them without
any provenance hint."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from crawler.extraction import extract_article
from crawler.extraction.article import analyse
from crawler.extraction.backup import GAIN, better, in_doubt, menus, trafilatura_lines
from crawler.extraction.blocks import count_words
from crawler.extraction.body import Shape, without_trailing_headings
from crawler.extraction.boilerplate import Line
from crawler.extraction.content import CARD_LINKS, drop_furniture, teaser_cards, walk_blocks
from crawler.extraction.decision import bare_prose, features

STORY = [
    "The county water board voted on Thursday to raise rates for the first time in six years, citing the cost of "
    "replacing pipes laid before the war.",
    "Board members said the increase, about four dollars a month for a typical household, would be phased in over "
    "two years.",
    "Residents who spoke at the hearing asked why the repairs had been put off for so long, and several said they "
    "had learned of the proposal only the night before.",
]
TEASERS = [
    ("Council delays vote on new library", "The city council put off a decision on the downtown library until "
     "March after a dispute over parking and the cost of the land"),
    ("Schools chief to retire in June", "After eleven years in the post the superintendent said she would step "
     "down at the end of the school year to spend time with family"),
    ("Storm leaves thousands without power", "Crews worked through the night to restore electricity after high "
     "winds brought down lines across the northern half of the county"),
]
SECTIONS = ["Local", "State", "Nation", "World", "Business", "Sports", "Opinion", "Obituaries"]
URL = "http://www.valleycourier.example/index.php?option=com_content&task=view&id=4250&Itemid=2"


def page(paragraphs: list[str], related: int = 6, teasers: bool = True, heading: str = "h2") -> str:
    """A two-column table page: sections and teasers on the left, the story on the right."""
    nav = " | ".join(f"<a href='/{s.lower()}/'>{s}</a>" for s in SECTIONS)
    left = "<br>".join(f"<a href='/{s.lower()}/'>{s}</a>" for s in SECTIONS)
    if teasers:
        left += "<br><b>Top Stories</b>" + "".join(
            f"<p><a href='/news/{i}.html'><b>{title}</b></a><br>{excerpt}...</p>"
            for i, (title, excerpt) in enumerate(TEASERS)
        )
    story = "".join(f"<p>{text}</p>" for text in paragraphs)
    links = "".join(f"<li><a href='/news/2008/01/{i}.html'>Board weighs rate plan, part {i}</a></li>"
                    for i in range(related))
    return (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>"
        "<title>Water rates to rise - The Valley Courier</title></head><body bgcolor=#ffffff>"
        f"<table width=780 border=0><tr><td colspan=2><img src='/img/logo.gif'><br>{nav}</td></tr>"
        f"<tr><td width=160 valign=top>{left}</td><td valign=top>"
        f"<{heading}>Water rates to rise</{heading}><font size=2>By JOHN SMITH<br>Monday, January 14, 2008</font>"
        f"{story}<p><a href='/email.php?id=4250'>E-mail this story</a> | "
        "<a href='/print.php?id=4250'>Print this story</a></p>"
        f"<p><b>Related stories</b></p><ul>{links}</ul></td></tr></table>"
        "<p><font size=1>Copyright 2008 The Valley Courier. All rights reserved. "
        "<a href='/privacy.html'>Privacy Policy</a></font></p></body></html>"
    )


@pytest.mark.parametrize("related", [0, 3, 6, 10])
@pytest.mark.parametrize("teasers", [False, True])
def test_story_with_related_list_and_teaser_column_is_an_article(related: int, teasers: bool) -> None:
    html = page(STORY, related, teasers)
    record = extract_article(html, URL)
    body = record["articleBody"]
    assert all(text in body for text in STORY)
    assert not any(excerpt in body for _, excerpt in TEASERS)
    assert "Obituaries" not in body and "Copyright" not in body
    assert record["datePublished"] == "2008-01-14"


def test_related_list_under_the_story_is_outside_the_text_span() -> None:
    outcome = analyse(page(STORY, 10), URL)
    assert outcome.evidence is not None
    shape, found = outcome.evidence.shape, features(outcome.evidence)
    assert shape.container_link_blocks >= 10 > shape.span_link_blocks
    assert shape.card_chars > 0  # the teasers' excerpts, outside the story's cell
    assert found["markup"] == 0.0 and found["plain_prose"] == 0.0 and found["span_prose"] == 1.0
    assert bare_prose(found)


def test_links_inside_the_text_still_count() -> None:
    """A link list between paragraphs is in the span: a page of links with a little prose
    around them is no plain prose, whatever it declares."""
    items = "".join(f"<li><a href='/p/{i}'>Another page of the site number {i}</a></li>" for i in range(12))
    links = f"<ul>{items}</ul>"
    html = page([STORY[0], links, STORY[1], links, STORY[2]], related=0, teasers=False)
    outcome = analyse(html, URL)
    assert outcome.evidence is not None
    assert outcome.evidence.shape.span_link_blocks >= 24
    assert features(outcome.evidence)["span_prose"] == 0.0


def test_short_brief_is_not_replaced_by_the_layout_table() -> None:
    """Two paragraphs under an ``<h2>`` beside a related list: the block pass is in doubt (few
    words) and trafilatura's text is the whole layout table; the brief is kept (listed in a
    feed: too short to be taken for an article on its shape alone)."""
    record = extract_article(page(STORY[:2], related=6, teasers=False), URL, listed=True)
    body = record["articleBody"]
    assert STORY[0] in body and STORY[1] in body
    assert "Obituaries" not in body and "Privacy Policy" not in body and "|" not in body


@pytest.mark.parametrize(
    ("running_chars", "container_chars", "words", "asked"),
    [
        (9000, 8000, 1200, False),  # the block pass found the story
        (9000, 1500, 300, False),  # its container holds a small share of the running text, and 300 words
        (9000, 400, 60, True),  # few words where the page has running text: a second opinion
        (9000, 9000, 99, True),
        (0, 0, 0, False),  # no running text: nothing trafilatura could add
    ],
)
def test_trafilatura_is_asked_only_where_the_block_pass_found_few_words(
    running_chars: int, container_chars: int, words: int, asked: bool
) -> None:
    shape = Shape(running_chars=running_chars, container_chars=container_chars, running_blocks=3, linked_headings=0,
                  container_linked_headings=0, container_link_blocks=0, container_blocks=5, longest_block=400)
    assert in_doubt(shape, words) is asked


def test_trafilatura_layout_table_holding_our_text_is_dropped() -> None:
    tree = lxml_html.fromstring(page(STORY[:2], related=6, teasers=False))
    ours = [Line(text) for text in STORY[:2]]
    everything = trafilatura_lines(tree, URL, frozenset(), frozenset())
    assert any(line.kind == "table" and "Obituaries" in line.text for line in everything)
    kept = trafilatura_lines(tree, URL, frozenset(), frozenset(), ours)
    assert not any(line.kind == "table" for line in kept)


def test_nested_layout_tables_all_go_when_one_holds_our_text() -> None:
    """trafilatura cuts a layout of nested tables into several tables (the navigation row, the
    footer row, the cell with the story): when one holds our text, none is the article."""
    inner = "<table width=100%><tr><td>" + "".join(f"<p>{text}</p>" for text in STORY[:2]) + "</td></tr></table>"
    html = page(STORY[:2], related=6, teasers=False).replace(
        "".join(f"<p>{text}</p>" for text in STORY[:2]), inner
    )
    tree = lxml_html.fromstring(html)
    kept = trafilatura_lines(tree, URL, frozenset(), frozenset(), [Line(text) for text in STORY[:2]])
    assert not any(line.kind == "table" for line in kept)
    assert not any("Obituaries" in line.text for line in kept)


def test_data_table_in_the_article_is_kept() -> None:
    rows = "".join(f"<tr><td>District {i}</td><td>{20 + i}.50 dollars</td></tr>" for i in range(6))
    html = ("<html><body><div><p>" + STORY[0] + "</p><table>" + rows + "</table><p>" + STORY[1] + "</p></div>"
            "</body></html>")
    tree = lxml_html.fromstring(html)
    lines = trafilatura_lines(tree, URL, frozenset(), frozenset(), [Line(text) for text in STORY[:2]])
    assert any("District 3" in line.text for line in lines)


#: A news site's menus: sections with their subsections, in the header and again in the footer.
MENU = {
    "City": ["Council", "Schools", "Police report", "Traffic", "Photo galleries", "Events", "Markets and fairs"],
    "Region": ["North valley", "Lakeside", "Old town", "Riverside", "Hill villages", "Police report region"],
    "Sport": ["Football", "Handball", "Ice hockey", "Athletics", "Results", "Tables", "Local clubs"],
    "Business": ["Markets", "Jobs", "Property", "Energy", "Retail", "Farming"],
    "Culture": ["Theatre", "Music", "Books", "Cinema", "Exhibitions", "Festivals"],
    "Service": ["Weather", "Tickets", "Obituaries", "Classifieds", "Newsletter", "Podcasts"],
    "Travel": ["Day trips", "Hiking", "Cycling routes", "Hotels", "Camping"],
    "Motoring": ["New cars", "Used cars", "Road works", "Electric cars", "Tests"],
    "Health": ["Hospitals", "Doctors on duty", "Nutrition", "Fitness", "Ask the doctor"],
    "Opinion": ["Editorials", "Columns", "Letters to the editor", "Cartoon"],
}
BRIEF = (
    "Berlin (dpa) - A novel about the old federal republic has won this year's national book prize. The jury in "
    "Frankfurt named it the best new work of fiction written in German, from a list of twenty titles. The author, "
    "who had been a musician before he turned to writing, tells the story of a boy growing up in a small town in "
    "the summer of 1969."
)


def news_brief_page() -> str:
    """A wire brief of one paragraph on a newspaper's page with its site menus (a section list
    with subsections) above it and under it: the brief in a column the page marks as an
    ``<aside>`` of ``<main>``, as a publishing system's templates do."""
    items = "".join(
        f'<li class="nav-item"><a href="/{name.lower()}/">{name}</a><ul class="subnav">'
        + "".join(f'<li><a href="/{name.lower()}/{i}/">{sub}</a></li>' for i, sub in enumerate(subs))
        + "</ul></li>"
        for name, subs in MENU.items()
    )
    return (
        "<html><head><title>Novel wins book prize</title></head><body><div class='outer'>"
        "<header class='head'><ul class='top'><li><a href='/epaper/'>E-Paper</a></li>"
        "<li><a href='/subscribe/'>Subscribe</a></li><li><a href='/contact/'>Contact</a></li></ul>"
        f"<nav class='mainnav'><ul class='nav-list'>{items}</ul></nav></header>"
        "<main class='content'><aside class='column direct-content'><section class='story-detail'><article>"
        f"<header><h1>Novel wins book prize</h1></header><div class='text'><p>{BRIEF}</p></div>"
        f"</article></section></aside></main><footer><ul>{items}</ul></footer></div></body></html>"
    )


def test_trafilatura_menus_do_not_replace_a_short_story() -> None:
    """The block pass finds the brief, under 100 words: in doubt, it asks trafilatura, whose
    fast mode returns the site's menus, more words than the brief. Menus are no better text."""
    html = news_brief_page()
    url = "https://news.example/culture/novel-wins-book-prize/"
    other = trafilatura_lines(lxml_html.fromstring(html), url, frozenset(), frozenset())
    brief_words = count_words(BRIEF)
    assert any(line.text == "Police report region" for line in other)  # the case: trafilatura took the menus
    assert count_words("\n".join(line.text for line in other)) > GAIN * brief_words  # the old rule took them
    assert not better(other, brief_words)
    record = extract_article(html, url, listed=True)
    assert record["articleBody"] == BRIEF


PROSE = Line(STORY[0])


@pytest.mark.parametrize(
    ("lines", "words", "taken"),
    [
        ([PROSE, Line(STORY[1]), Line(STORY[2])], 30, True),  # clearly more prose than ours
        ([PROSE, Line(STORY[1])], 40, False),  # not 1.3 times ours
        ([Line(name) for name in [*MENU, *MENU["City"], *MENU["Region"], *MENU["Sport"]] * 3], 30, False),
        # a list of short items with a sentence among them: not all menus
        ([PROSE, *[Line(name) for name in MENU["City"] + MENU["Sport"]]], 20, True),
        ([], 0, False),
    ],
)
def test_second_opinion_taken(lines: list[Line], words: int, taken: bool) -> None:
    assert better(lines, words) is taken


@pytest.mark.parametrize(
    ("texts", "menu"),
    [
        (["Home", "Sign in", "Local news", "Police report region"], True),  # 1-3 words a line
        (["Home", "Sign in", "Local news", "Police report region", STORY[0]], False),
        ([STORY[0], STORY[1]], False),
        (["One two three four five"] * 20, False),  # five words a line: a label no longer
        (["一二三四五六七八"] * 5, True),  # four words a line in a script without spaces
        ([], False),
    ],
)
def test_menus(texts: list[str], menu: bool) -> None:
    lines = [Line(text) for text in texts]
    assert menus(lines, count_words("\n".join(texts))) is menu


def _cards(markup: str) -> set[str]:
    root = lxml_html.fromstring(markup)
    blocks = drop_furniture(walk_blocks(root).blocks)
    return {element.get("id") or element.tag for element in teaser_cards(blocks)}


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # a linked title and an excerpt in one paragraph, three of them in one column
        ("<div id=col>" + "".join(f"<p id=t{i}><a href='/n/{i}'><b>{t}</b></a><br>{e}...</p>"
                                  for i, (t, e) in enumerate(TEASERS)) + "</div>", {"t0", "t1", "t2"}),
        # a card of its own element: title link, excerpt
        ("<div><div id=card><h3><a href='/n/1'>Schools chief to retire in June</a></h3><p>" + TEASERS[1][1]
         + "</p></div><p>" + STORY[0] + "</p><p>" + STORY[1] + "</p><p>" + STORY[2] + "</p></div>", {"card"}),
        # a story cell with more links than a card holds (a related list) is no card
        ("<table><tr><td id=story><h2>Water rates to rise</h2><p>" + STORY[0] + "</p><p>" + STORY[1] + "</p><ul>"
         + "".join(f"<li><a href='/n/{i}'>Board weighs rate plan part {i}</a></li>" for i in range(CARD_LINKS + 1))
         + "</ul></td></tr></table>", set()),
        # a short story with its share links and a short related list only after the text is no card
        ("<table><tr><td id=story><b>Water rates to rise</b><p>" + STORY[0] + "</p><p>" + STORY[1] + "</p><p>"
         "<a href='/email'>E-mail this story</a> | <a href='/print'>Print this story</a></p><ul>"
         + "".join(f"<li><a href='/n/{i}'>Board weighs rate plan part {i}</a></li>" for i in range(3))
         + "</ul></td></tr></table>", set()),
    ],
)
def test_teaser_cards(markup: str, expected: set[str]) -> None:
    assert _cards(markup) == expected


@pytest.mark.parametrize(
    ("kinds", "kept"),
    [
        (["p", "p", "h3"], 2),
        (["h2", "p", "h3", "h4"], 2),
        (["p", "head"], 1),  # trafilatura's heading
        (["h2", "p", "p"], 3),
        (["h2", "h3"], 2),  # headings only: the text there is
        ([], 0),
    ],
)
def test_trailing_headings_go(kinds: list[str], kept: int) -> None:
    lines = [Line(f"line {i}", kind) for i, kind in enumerate(kinds)]
    assert without_trailing_headings(lines) == lines[:kept]


def test_comments_heading_under_the_story_is_not_its_last_line() -> None:
    html = page(STORY, related=0, teasers=False).replace(
        "<p><b>Related stories</b></p>", "<h3>Reader comments (2)</h3><p><b>Related stories</b></p>"
    )
    body = extract_article(html, URL)["articleBody"]
    assert body.splitlines()[-1] == STORY[-1]
