"""A short post's text under a linked byline reads like a teaser card (a linked line, then at most
two paragraphs). A teaser stands beside some other text: when one such card holds all of the
page's running text, two paragraphs or more, it is the page's text, not a card, and the body is
read from it instead of the whole page (a 2012 blog network's template: the post, then a column
of its latest stories, sixteen times of day and as many headlines)."""

from __future__ import annotations

from lxml import html as lxml_html

from crawler.extraction.article import extract_article
from crawler.extraction.body import main_text
from crawler.extraction.content import teaser_cards, walk_blocks

URL = "https://blog.example.com/5955751/hey-lets-watch-some-baby-sloths"

FIRST = (
    "It has been a while since we had a good video of the animals, so here is one from a rescue "
    "center on the coast, where volunteers spend their days feeding the young ones that lost their "
    "mothers and teaching them to climb again before they go back to the forest near the station."
)
SECOND = (
    "The volunteers say the work is slow and the animals are in no hurry either, which is the "
    "whole point of the film, and by the end of it you will want to book a flight there yourself."
)
TIMES = ["10:30 AM", "10:00 AM", "9:30 AM", "9:00 AM", "8:15 PM", "7:45 PM", "6:30 PM", "5:00 PM"]
HEADLINES = [
    "A man had his wife's name carved on a headstone",
    "A comedian hits the streets to ask what is so funny",
    "An actress is pregnant, a tabloid declares once more",
    "A director endorses a candidate for president",
    "The storm gives the mayor a long night of work",
    "A cat's costume is better than yours this year",
    "Twins get perfect scores and share the prize",
    "Protesters gather outside the city hall again",
]


def _post(byline: str, paragraphs: list[str]) -> str:
    latest = "".join(
        f"<li class='post-item'><div class='wrapper'><div class='time'>{when}</div>"
        f"<a href='/{n}/story-{n}'>{title}</a></div></li>"
        for n, (when, title) in enumerate(zip(TIMES, HEADLINES, strict=True))
    )
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html><head><title>Hey, Let's Watch Some Baby Sloths</title></head><body>"
        "<div id='header'><ul><li><a href='/'>Top Stories</a></li></ul></div>"
        "<div id='page'><div class='post permalink'><div class='content'>"
        "<h1>Hey, Let's Watch Some Baby Sloths</h1>"
        f"<div class='post-body'><div class='nodebyline'><a href='/people/madeleine'>{byline}</a></div>"
        f"{text}</div></div></div>"
        "<div id='rightcontainer'><div>Monday, Oct 29, 2012</div><div>Latest Stories</div>"
        f"<ul id='post_list'>{latest}</ul></div></div></body></html>"
    )


def test_the_only_text_under_a_linked_byline_is_the_text() -> None:
    tree = lxml_html.fromstring(_post("Madeleine Davies", [FIRST, SECOND]))
    main = main_text(tree, base=URL)
    assert main.text.splitlines() == [FIRST, SECOND]
    assert [node.get("class") for node in main.nodes] == ["post-body"]
    assert main.shape.container_chars == main.shape.running_chars


def test_the_sole_card_is_no_card() -> None:
    tree = lxml_html.fromstring(_post("Madeleine Davies", [FIRST, SECOND]))
    assert teaser_cards(walk_blocks(tree).blocks) == set()


def test_the_record_has_the_post_not_the_column_of_latest_stories() -> None:
    body = extract_article(_post("Madeleine Davies", [FIRST, SECOND]), URL, listed=True)["articleBody"]
    assert body.splitlines() == [FIRST, SECOND]
    assert not any(when in body for when in TIMES)


def test_one_paragraph_under_a_linked_name_stays_a_card() -> None:
    # a profile's blurb in a sidebar may be a page's only running block (a post of short
    # lines): one paragraph alone is no evidence that it is the page's text
    tree = lxml_html.fromstring(_post("Madeleine Davies", [FIRST]))
    cards = teaser_cards(walk_blocks(tree).blocks)
    assert [card.get("class") for card in cards] == ["post-body"]


def test_a_card_beside_the_story_stays_a_card() -> None:
    story = "".join(f"<p>{p}</p>" for p in (FIRST, SECOND, FIRST.replace("coast", "river"), SECOND.upper()))
    page = (
        "<html><body><article><h1>The story</h1>"
        f"{story}</article><aside class='more'><div class='teaser'><a href='/other'>Another story of the day</a>"
        f"<p>{SECOND.replace('film', 'book')}</p></div></aside></body></html>"
    )
    cards = teaser_cards(walk_blocks(lxml_html.fromstring(page)).blocks)
    assert [card.get("class") for card in cards] == ["teaser"]
