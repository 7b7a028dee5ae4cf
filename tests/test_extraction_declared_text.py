"""The element a page declares as its text (schema.org's ``itemprop="articleBody"``, the
microformats' ``entry-content`` and ``e-content``) is the container when the walk stops above
it: a page of 2012 whose sidebar holds nearly as much running text as a short post, so that no
child of the page's wrapper holds most of it (``content.declared_text``). Written after the
markup of a Drupal blog node and a WordPress post of that year beside their sidebars' prose."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article
from crawler.extraction.furniture import MARK, NONE, TEXT, role
from crawler.extraction.parsing import parse_html

POST = [
    "HTC and Verizon have sent out invitations to an event in New York City on November 13, and the "
    "timing lines up with the rumours of a new phone with a five-inch display for the carrier.",
    "The invitation itself does not say much, but it does show a big red logo and the words 'Let's go "
    "big', which is about as subtle a hint about the size of a screen as you are likely to get.",
    "We will be there in person, of course, and you can expect full coverage here on the day, with "
    "hands-on impressions, photos and video of whatever the two companies decide to show off.",
]
SIDEBAR = [
    "Join the largest community of owners of these phones, with more than nine million readers a month "
    "who come for the news, the reviews and the forums where every question gets an answer.",
    "Our forums are the place to get help with your phone, to share your tips and to meet other owners "
    "of the same device, whatever the carrier, the country or the version of the software you run.",
]
URL = "https://phones.example/htc-and-verizon-hooking-nov-13-nyc"


def page(post_class: str = "content entry-content", prop: str = "") -> str:
    post = "".join(f"<p>{line}</p>" for line in POST)
    sidebar = "".join(f"<p>{line}</p>" for line in SIDEBAR)
    itemprop = f" itemprop='{prop}'" if prop else ""
    return (
        "<html><head><title>HTC and Verizon hooking up Nov. 13 in NYC | Phones</title></head>"
        "<body class='page-node node-type-blog one-sidebar'><div id='page'>"
        "<div id='header'><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></div>"
        "<div id='main'><div class='node node-blog'><h1>HTC and Verizon hooking up Nov. 13 in NYC</h1>"
        "<div class='meta'>By Phil | Nov 06 2012 | 1:13 pm</div>"
        f"<div class='{post_class}'{itemprop}>{post}</div>"
        "<div class='terms'>Filed under: <a href='/t/htc'>HTC</a> <a href='/t/verizon'>Verizon</a></div></div>"
        f"<div id='right-column'><div class='block block-community'>{sidebar}</div></div></div>"
        "</div></body></html>"
    )


@pytest.mark.parametrize(
    ("post_class", "prop"),
    [
        ("content entry-content", ""),
        ("entry e-content", ""),
        ("node-body", "articleBody"),
        ("text", "text articleBody"),
    ],
)
def test_the_declared_text_is_the_container(post_class: str, prop: str) -> None:
    body = extract_article(page(post_class, prop), URL, listed=True)["articleBody"]
    assert "invitations to an event in New York City" in body
    assert "whatever the two companies decide" in body
    assert "largest community of owners" not in body


def test_undeclared_the_walk_decides() -> None:
    """The same page with nothing declared keeps what the walk finds (the sidebar's prose with
    the post: neither holds most of the text)."""
    body = extract_article(page("content"), URL, listed=True)["articleBody"]
    assert "invitations to an event in New York City" in body
    assert "largest community of owners" in body


def test_several_declared_texts_are_no_declaration() -> None:
    """A page of two entries, each declaring its text, declares no one text of the page."""
    html = page().replace("<div id='right-column'>", "<div id='right-column'><div class='entry-content'>"
                          "<p>An older entry of the blog, shown whole under the newest one as a blog's "
                          "front page shows them, and as long as a paragraph of the post.</p></div>")
    body = extract_article(html, URL, listed=True)["articleBody"]
    assert "largest community of owners" in body


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<div class='entry-content'>x</div>", TEXT),
        ("<div class='post e-content big'>x</div>", TEXT),
        ("<section itemprop='articleBody'>x</section>", TEXT),
        ("<div itemprop='text articleBody'>x</div>", TEXT),
        ("<article class='entry-content' id='post-1'>x</article>", TEXT),
        ("<div class='entry-content-wrap'>x</div>", NONE),
        ("<div class='content'>x</div>", NONE),
        ("<div itemprop='articleBodyText'>x</div>", NONE),
        ("<div>x</div>", NONE),
        ("<div class='entry-content sidebar'>x</div>", MARK),  # furniture first
        ("<div class='entry-content' hidden>x</div>", MARK),
    ],
)
def test_role_of_a_declared_text(markup: str, expected: int) -> None:
    tree = parse_html(f"<html><body>{markup}</body></html>")
    element = tree.find(".//body")[0]
    assert role(element, element.tag) == expected
