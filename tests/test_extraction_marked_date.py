"""The story's date from an element the page marks as a date (``crawler/extraction/marked_date.py``)
and from the JSON-LD ``WebPage`` of the page, when the metadata and the bylines give none; never
a masthead's date of the day, a teaser's, a comment's or an update's, and never as evidence for
the article decision."""

from __future__ import annotations

import pytest

from crawler.extraction import extract_article
from crawler.extraction.article import analyse

PROSE = (
    "The county water board voted on Thursday to raise rates for the first time in six years, citing the cost "
    "of replacing pipes laid before the war and a drop in summer reservoir levels that forced emergency buys."
)
HEADLINE = "Water board raises rates for the first time in six years"


def page(before: str = "", after: str = "", head: str = "", sidebar: str = "") -> str:
    """A story with no date in its metadata or beside its headline: ``before`` goes in the
    masthead, above its menu, ``after`` under the text (too far from the headline and the text's
    start for the byline lines read there), ``sidebar`` in a rail after the story."""
    paragraphs = "".join(f"<p>{PROSE} Paragraph {n}.</p>" for n in range(12))
    menu = "".join(f"<li><a href='/section/{n}'>Section {n}</a></li>" for n in range(16))
    return (
        f"<html><head><title>{HEADLINE} | County News</title>{head}</head><body>"
        f"<div class='masthead'><a href='/'>County News</a>{before}<ul class='menu'>{menu}</ul></div>"
        f"<div class='story'><h1>{HEADLINE}</h1><div class='text'>{paragraphs}</div>{after}</div>"
        f"<div class='rail'>{sidebar}</div></body></html>"
    )


URL = "https://news.example/story/water-rates"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # a class naming the date, the date written in the text (any of the byline forms)
        ("<div class='postDate'><span>Veröffentlicht am:</span> 6. August 2009</div>", "2009-08-06"),
        ("<div class='info'><span class='date'>02.02.2022</span> <span>Sport</span></div>", "2022-02-02"),
        ("<span class='documentByLine'>erstellt von Dominique — veröffentlicht 28.01.2022 06:00</span>",
         "2022-01-28"),
        # hAtom: the date in an <abbr>'s title
        ("<abbr class='published' title='2009-08-06T14:12:32+02:00'>6. August</abbr>", "2009-08-06T14:12:32+02:00"),
        # an itemprop left outside its item's scope, a <time> outside any <article>
        ("<div itemprop='datePublished' datetime='2022-02-04'>04. Februar 2022</div>", "2022-02-04"),
        ("<p class='byline'>Posted by Jo <time datetime='on Friday December 19, 2025 @08:00PM'>"
         "on Friday December 19, 2025 @08:00PM</time></p>", "2025-12-19"),
        # WordPress marks a post never edited "published updated": it is the published date
        ("<time class='entry-date published updated' datetime='2024-05-02T09:00:00+00:00'>May 2</time>",
         "2024-05-02T09:00:00+00:00"),
        # an update's date is not the story's
        ("<div class='mntl-attribution__item-date'>Updated November 19, 2021</div>", None),
        ("<span class='date'>Actualizado el: 19 abril 2022</span>", None),
        ("<time class='updated' datetime='2024-05-02'>May 2</time>", None),
        # a teaser's date (in a link) and a comment's are not the story's
        ("<a href='/other-story'><span class='date'>3 March 2021</span> Another story</a>", None),
        ("<div class='comment'><span class='comment-date'>4 March 2021</span> Nice.</div>", None),
        # a paragraph that happens to hold a date is no date line
        ("<div class='dated-note'>" + PROSE + " The vote was held on March 3, 2021 in the old hall.</div>", None),
    ],
)
def test_marked_date_under_the_text(markup: str, expected: str | None) -> None:
    assert extract_article(page(after=markup), URL, listed=True)["datePublished"] == expected


def test_masthead_date_of_the_day_is_not_the_story_date() -> None:
    masthead = "<div class='current-date'>Saturday, December 5, 2026</div>"
    assert extract_article(page(before=masthead), URL, listed=True)["datePublished"] is None
    # the story's own date under the text is read past it
    story = "<p class='post-date'>March 3, 2021</p>"
    assert extract_article(page(before=masthead, after=story), URL, listed=True)["datePublished"] == "2021-03-03"


def test_teasers_far_below_the_story_are_not_read() -> None:
    teasers = "".join(f"<li><h3><a href='/story/{n}'>Other county news number {n}</a></h3>"
                      f"<p>Short summary {n}.</p></li>" for n in range(20))
    dated = f"<aside class='related'><ul>{teasers}</ul><p><span class='date'>1 May 2020</span></p></aside>"
    outcome = analyse(page(sidebar=dated), URL, listed=True)
    assert outcome.fields is not None and "Other county news" not in outcome.fields["articleBody"]
    assert outcome.fields["datePublished"] is None
    # the same date line just under the text is the story's
    assert extract_article(page(after="<p><span class='date'>1 May 2020</span></p>"), URL,
                           listed=True)["datePublished"] == "2020-05-01"


def test_webpage_date_of_a_graph() -> None:
    graph = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebSite", "@id": "https://news.example/#website", "name": "County News"},'
        '{"@type": "WebPage", "@id": "https://news.example/story/water-rates#webpage", '
        '"datePublished": "2018-06-07T10:13:17+00:00", "dateModified": "2019-12-01T08:00:00+00:00"}]}</script>'
    )
    record = extract_article(page(head=graph), URL, listed=True)
    assert record["datePublished"] == "2018-06-07T10:13:17+00:00"
    assert record["datePublishedRaw"] == "2018-06-07T10:13:17+00:00"


def test_decision_does_not_read_these_dates() -> None:
    """Listings and service pages carry marked dates and WebPage dates too: the decision's
    ``date`` evidence stays the metadata's and the bylines'."""
    graph = ('<script type="application/ld+json">{"@graph": [{"@type": "WebPage", "@id": "x#webpage", '
             '"datePublished": "2018-06-07"}]}</script>')
    for html in (page(after="<span class='date'>02.02.2022</span>"), page(head=graph)):
        outcome = analyse(html, URL)
        assert outcome.fields is not None and outcome.fields["datePublished"] is not None
        assert outcome.evidence is not None and outcome.evidence.has_date is False
    # a date beside the headline is evidence, as before
    near = page().replace(f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE}</h1><p>March 3, 2021</p>")
    outcome = analyse(near, URL)
    assert outcome.evidence is not None and outcome.evidence.has_date is True
