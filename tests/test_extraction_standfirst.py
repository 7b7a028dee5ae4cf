"""The standfirst between the headline and the body (``crawler/extraction/standfirst.py``): a lead
paragraph in a wrapper of its own, a dek written as an ``<h2>``, taken into the text; an excerpt of
the body, a teaser list or a box of related links above it, left out. Pages written after the
markup of a page builder's news theme (rows of columns, the dek as a heading), a magazine built on
a JavaScript framework (the lead a ``<p class="p-large">`` beside the section of the text) and a
regional news site (byline, date and share buttons between the lead and the text)."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article

URL = "https://news.example/region/2022/01/25/council-votes-on-bridge/"
HEADLINE = "Council votes to rebuild the old river bridge"
LEAD = ("After two years of debate the council agreed on Tuesday evening to rebuild the old river bridge, "
        "which has been closed to traffic since the flood.")
DEK = ("The town will borrow most of the money and expects the work to start next spring, "
       "while residents fear two more years of long detours through the valley")
BODY = [
    "The vote was close: nineteen members were for the plan and sixteen against it, after a debate that "
    "lasted more than three hours and drew a crowd that filled the public gallery.",
    "The engineers who inspected the bridge last summer found that two of its piers had been undermined by "
    "the water and that the deck could not be repaired at a reasonable cost.",
    "A temporary footbridge will stand beside the works so that pupils can still walk to the school on the "
    "other bank, the mayor said after the meeting.",
    "The opposition wanted a new bridge further downstream, where the river is narrower, but the cost of the "
    "new roads it would need was judged too high by the majority.",
    "Shopkeepers in the old town welcomed the decision, saying that the closure had cost them a third of "
    "their customers, most of whom used to come from the villages across the river.",
    "The regional government has promised to pay a quarter of the cost, on condition that the new bridge "
    "has a lane for bicycles and a walkway wide enough for wheelchairs.",
    "Work on the riverbanks is expected to take the whole of next summer, when the water is at its lowest "
    "and the machines can reach the foundations of the old piers.",
    "Fishermen have asked the council to keep the works away from the spawning grounds below the weir, "
    "and the engineers said they would study how that could be done.",
    "The last time the town built a bridge was in 1958, when the wooden crossing that had stood since the "
    "nineteenth century was replaced by the concrete one that is now closed.",
    "A public meeting on the design of the new bridge will be held in the town hall next month, and the "
    "plans will be shown in the library until the end of March.",
]


def _body_html() -> str:
    return "".join(f"<p>{text}</p>" for text in BODY)


def builder_page(lead: str) -> str:
    """A page builder's news theme: the headline in the post header, the dek and the text in rows
    of columns, each with its own wrappers."""
    return (
        f"<html><head><title>{HEADLINE}</title></head><body><div class='td-theme-wrap'>"
        "<nav><a href='/'>Home</a> <a href='/region/'>Region</a></nav>"
        f"<article class='post'><header class='td-post-title'><h1 class='entry-title'>{HEADLINE}</h1>"
        "<div class='td-module-meta'><span class='td-post-date'>25. Januar 2022</span></div></header>"
        "<div class='td-post-content'>"
        "<div class='tdc-row'><div class='vc_row'><div class='vc_column'><div class='wpb_wrapper'>"
        f"<div class='wpb_text_column'><div class='wpb_wrapper'>{lead}</div></div></div></div></div></div>"
        "<div class='tdc-row'><div class='vc_row'><div class='vc_column'><div class='wpb_wrapper'>"
        f"<div class='wpb_text_column'><div class='wpb_wrapper'>{_body_html()}</div></div></div></div></div></div>"
        "</div></article></div></body></html>"
    )


def magazine_page(between: str) -> str:
    """A magazine page: the headline and the lead paragraph in the page's column, the text in a
    section of its own beside them; ``between`` stands between the lead and the section."""
    return (
        f"<html><head><title>{HEADLINE}</title></head><body><div id='__nuxt'><div class='main-wrapper'>"
        "<header><a href='/'>Magazin</a></header><main><div>"
        f"<div class='col-md-8'><h1>{HEADLINE}</h1><p class='p-large'>{LEAD}</p></div>{between}"
        f"<section class='p-0-t'><div class='text-wrapper'><div class='col-md-8'><div>{_body_html()}"
        "</div></div></div></section></div></main></div></div></body></html>"
    )


def regional_page(lead: str, extra: str = "") -> str:
    """A regional news site: the lead, then the byline, the date and share buttons, then the
    text in the content column."""
    return (
        f"<html><head><title>{HEADLINE}</title></head><body><div id='page'>"
        f"<div class='article-head'><h1>{HEADLINE}</h1><div class='intro'><p>{lead}</p></div>"
        "<div class='author'><a href='/authors/kf'>Kathrin F.</a></div><div>am</div>"
        "<div>Mittwoch, 26.01.2022 - 14:30</div>"
        "<div class='shares'><div><a href='#wa'>Whatsapp</a></div><div><a href='#share'>Teilen</a></div>"
        f"<div><a href='#tw'>Twittern</a></div></div>{extra}</div>"
        f"<div class='article-body'>{_body_html()}</div></div></body></html>"
    )


def body_of(page: str) -> str:
    return extract_article(page, URL, listed=True)["articleBody"]


def test_a_lead_in_a_row_of_its_own_opens_the_text() -> None:
    body = body_of(builder_page(f"<p>{LEAD}</p>"))
    assert body.startswith(LEAD)
    assert all(text in body for text in BODY)


def test_a_dek_written_as_a_heading_opens_the_text() -> None:
    body = body_of(builder_page(f"<h2>{DEK}</h2>"))
    assert body.splitlines()[0] == DEK
    assert all(text in body for text in BODY)


def test_a_short_heading_above_the_text_is_no_standfirst() -> None:
    body = body_of(builder_page("<h2>Die Abstimmung</h2>"))
    assert body.splitlines()[0] == BODY[0]


def test_the_lead_beside_the_section_of_the_text_opens_it() -> None:
    body = body_of(magazine_page(""))
    assert body.splitlines()[0] == LEAD
    assert body.count(LEAD) == 1


def test_bylines_dates_and_share_buttons_are_passed_over_not_taken() -> None:
    body = body_of(regional_page(LEAD))
    assert body.splitlines()[0] == LEAD
    assert all(word not in body for word in ("Kathrin", "Mittwoch", "Whatsapp", "Teilen"))


@pytest.mark.parametrize(
    "between",
    [
        # a list of teasers: the walk ends there, whatever stands above it
        "<ul class='more'><li>Read also: the flood of last year and the damage it left in the old town centre, "
        "with the pictures of the day the river rose</li><li>Read also: what the new bridge will cost every "
        "household of the town over the next twenty years of payments</li></ul>",
        # a table of the figures
        "<table><tr><td>Votes for the plan and against it, with the members who were absent or abstained from "
        "the vote on Tuesday</td><td>19 / 16</td></tr></table>",
    ],
    ids=["teaser-list", "table"],
)
def test_a_list_or_a_table_between_ends_the_walk(between: str) -> None:
    body = body_of(magazine_page(between))
    assert LEAD not in body
    assert body.splitlines()[0] == BODY[0]


def test_an_excerpt_of_the_text_is_not_taken_twice() -> None:
    excerpt = " ".join(BODY[0].split()[:20]) + " […]"
    body = body_of(regional_page(excerpt))
    assert body.splitlines()[0] == BODY[0]
    assert "[…]" not in body


def test_a_linked_paragraph_is_no_standfirst() -> None:
    linked = f"<a href='/region/2021/07/15/flood/'>{LEAD}</a>"
    body = body_of(regional_page(linked))
    assert body.splitlines()[0] == BODY[0]


def test_without_a_headline_before_the_text_nothing_is_added() -> None:
    page = magazine_page("").replace(f"<h1>{HEADLINE}</h1>", f"<div class='title'>{HEADLINE}</div>")
    body = body_of(page)
    assert body.splitlines()[0] == BODY[0]


def test_above_a_headline_inside_the_body_nothing_is_taken() -> None:
    """A site whose logo is an ``<h1>`` on every page, a promotion under it, and the story's own
    ``<h1>`` inside the text's container: what stands above that headline is not the story's."""
    promo = ("Subscribe today and read every story of the week on any device, with our weekly newsletter and "
             "the archive of the last twenty years included at no extra cost.")
    page = (
        f"<html><head><title>{HEADLINE}</title></head><body><div id='page'>"
        "<div class='brand'><h1><a href='/'>The Valley Courier</a></h1></div>"
        f"<div class='topline'><p>{promo}</p></div>"
        f"<div class='story'><h1>{HEADLINE}</h1>{_body_html()}</div></div></body></html>"
    )
    body = body_of(page)
    assert promo not in body
    assert body.splitlines()[0] == BODY[0]


def microdata_page() -> str:
    """A news page in schema.org microdata: the headline an ``<h1 itemprop="headline">``, the
    teaser (``itemprop="description"``) and the text in blocks of their own beside it."""
    return (
        f"<html><head><title>{HEADLINE}</title></head><body><main>"
        "<article itemscope itemtype='http://schema.org/Article'><div class='ce-news'>"
        "<div class='page-meta'><time datetime='2022-01-25'>25.01.2022</time></div>"
        f"<div class='page-content'><h1 itemprop='headline'>{HEADLINE}</h1>"
        "<div class='ce-news--media'><img src='/bridge.jpg' alt=''><p>Foto: Town archive</p></div>"
        f"<div class='ce-news--teaser' itemprop='description'>{LEAD}</div>"
        f"<div class='ce-news--bodytext'>{_body_html()}</div></div></div></article></main></body></html>"
    )


def test_a_headline_given_as_a_microdata_value_anchors_the_standfirst() -> None:
    """The ``<h1>`` is the page's visible headline, not a metadata value written into it: the
    walk back from the text reaches it, and the teaser between them opens the text; the headline
    itself stays out of the body."""
    body = body_of(microdata_page())
    assert body.splitlines()[0] == LEAD
    assert HEADLINE not in body


def h2_headline_page(title: str) -> str:
    """A municipal news page: no ``<h1>`` (the site's name is a logo), the story's headline an
    ``<h2>``, the lead in a box of its own above the text."""
    return (
        f"<html><head><title>{title} | Town of Ahlen</title></head><body><div id='page'>"
        "<div class='logo'><a href='/'><img src='/logo.png' alt='Town of Ahlen'></a></div>"
        f"<div class='news-single'><h2 class='news-title'>{HEADLINE}</h2>"
        "<div class='news-date'>25.01.2022</div>"
        f"<div class='news-teaser'><p>{LEAD}</p></div>"
        f"<div class='news-text'>{_body_html()}</div></div></div></body></html>"
    )


def test_a_heading_that_repeats_the_page_title_anchors_the_standfirst() -> None:
    """With no ``<h1>`` before the text, the heading that names the page (its ``<title>``, its
    og/twitter title) stands for it; another heading does not."""
    assert body_of(h2_headline_page(HEADLINE)).splitlines()[0] == LEAD
    assert body_of(h2_headline_page("Opening hours of the town hall")).splitlines()[0] == BODY[0]


def header_page(header_extra: str = "", site_header: str = "") -> str:
    """A news theme's post: the headline, the dek paragraph and the date in the story's own
    ``<header class="entry-header">`` (furniture by its name), the text in the post's content;
    ``site_header``: the site's header above it."""
    return (
        f"<html><head><title>{HEADLINE}</title></head><body><div id='page'>"
        f"<header class='site-header'><a href='/'>Kurier</a>{site_header}</header>"
        "<main><article class='post'><header class='entry-header'>"
        f"<h1 class='entry-title'>{HEADLINE}</h1><p>{LEAD}</p>{header_extra}"
        "<div class='entry-meta'><time datetime='2022-01-25'>25.01.2022</time></div></header>"
        f"<div class='entry-content'>{_body_html()}</div></article></main></div></body></html>"
    )


def test_the_dek_in_the_story_header_opens_the_text() -> None:
    """A running paragraph marked only as the headline is (the story's own header) is its dek;
    what the header holds under a mark of its own (a byline box, the date) stays out."""
    byline = ("<div class='author-bio'><p>Kathrin F. has written about the town and its council for the "
              "Kurier since 2009, and before that for the regional radio.</p></div>")
    body = body_of(header_page(byline))
    assert body.splitlines()[0] == LEAD
    assert "Kathrin" not in body
    assert all(text in body for text in BODY)


def test_a_paragraph_in_the_site_header_is_not_the_story_dek() -> None:
    promo = ("Subscribe today and read every story of the week on any device, with our weekly newsletter and "
             "the archive of the last twenty years included at no extra cost.")
    page = header_page(site_header=f"<p>{promo}</p>").replace(f"<p>{LEAD}</p>", "")
    body = body_of(page)
    assert promo not in body
    assert body.splitlines()[0] == BODY[0]


def test_the_tagline_under_a_logo_headline_is_not_the_story_dek() -> None:
    """A blog's name set as the ``<h1>`` of every page, its tagline beside it in the site's
    header, the post's own headline an ``<h2>``: the header holds the site's names, not the
    story's, so its sentence stays out of every post."""
    tagline = ("A blog about the town, its council and its river, written in the evenings by two neighbours "
               "who have lived here all their lives.")
    page = (
        f"<html><head><title>{HEADLINE} | Riverside notes</title></head><body><div id='wrapper'>"
        "<header id='masthead' class='site-header'><h1 class='site-title'><a href='/'>Riverside notes</a></h1>"
        f"<p class='site-description'>{tagline}</p></header>"
        f"<div id='content'><div class='post hentry'><h2 class='entry-title'>{HEADLINE}</h2>"
        f"<div class='entry'>{_body_html()}</div></div></div></div></body></html>"
    )
    body = body_of(page)
    assert tagline not in body
    assert body.splitlines()[0] == BODY[0]
