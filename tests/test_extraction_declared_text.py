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


# A short post above its readers' comments, written after a WordPress theme of 2012 (Thesis):
# the post's text in ``div.format_text.entry-content``, each comment's in a ``div.format_text``
# of ``dd.comment`` in ``dl#comment_list``. The comments hold twenty times the post's running
# text (the post under 5% of the page's: ``content.OWN_SHARE``) and the first of them more than
# half, so the walk keeps that comment as the page's main column; the page declares its text
# apart from it, and that is the text.
SHORT_POST = [
    "We need not marvel that man, so occupied with his own affairs, should find so little time for "
    "silence and slowness, the two conditions of every serious reflection, wrote the essayist.",
]
THREAD = [
    "While I have no objection to the rest of the quotation, I think the word diverted meant something "
    "rather different when it was written, closer to turned aside than to entertained, and the "
    "difference matters for the argument the essay makes about attention and the use of time.",
    "For example, it meant to be turned away from a course, as a river is diverted from its bed, and "
    "only later came to mean amused; the older sense fits the author's complaint about a life spent "
    "on small business far better than the modern one does, and it is a pity to lose it.",
    "I read the essay years ago and have returned to it often; the passage about slowness has stayed "
    "with me longer than anything else in it, perhaps because the years since have been anything "
    "but slow, and the habit of reflection is harder to keep than it was when I first read it.",
    "Thank you for posting this. I had never heard of the author, and the library has a collection of "
    "the essays that I have now borrowed; the first two are every bit as good as the passage you "
    "quoted, and the third, on walking, is better still, if a little long for one evening.",
]
THREAD_URL = "https://blog.example/2012/07/14/silence-and-slowness/"


def thread_page(declared: str) -> str:
    comments = "".join(
        f"<dt class='comment' id='comment-2012{i}'><span class='comment_num'><a href='#comment-2012{i}'>{i}</a>"
        f"</span><p><span class='comment_author'>Reader {i}</span> <span class='comment_time'>07.16.12</span></p></dt>"
        f"<dd class='comment'><div class='format_text'>{''.join(f'<p>{line}</p>' for line in lines)}</div></dd>"
        for i, lines in enumerate((THREAD * 3, THREAD[1:]), 1)
    )
    return (
        "<html><head><title>Silence and slowness</title></head><body class='custom'>"
        "<div id='container'><div id='page'><div id='header'><p id='logo'><a href='/blog'>The Endeavour</a></p>"
        "<p id='tagline'>The blog of a consultant</p></div><div id='content_box'><div id='content' class='hfeed'>"
        "<div class='post_box hentry top'><div class='headline_area'><h1 class='entry-title'>Silence and slowness</h1>"
        "<p class='author_and_date'>by <span class='author'>John</span> on July 14, 2012</p></div>"
        f"<div class='{declared}'><p>From <a href='https://essays.example/'>an essay</a>:</p>"
        f"<blockquote><p>{SHORT_POST[0]}</p></blockquote><p><strong>Related posts</strong>:</p>"
        "<p><a href='/blog/2011/10/04/intelligence/'>How to neutralize intelligence</a><br/>"
        "<a href='/blog/2012/02/25/confetti/'>Audible confetti</a></p></div></div>"
        "<div id='comments'><div class='comments_intro'><p><span>2</span> comments</p></div>"
        f"<dl id='comment_list'>{comments}</dl></div>"
        "</div></div></div></div></body></html>"
    )


@pytest.mark.parametrize("declared", ["format_text entry-content", "post-body e-content"])
def test_the_declared_text_beside_a_thread_the_walk_kept(declared: str) -> None:
    body = extract_article(thread_page(declared), THREAD_URL, listed=True)["articleBody"]
    assert "silence and slowness, the two conditions" in body
    assert "diverted meant something" not in body
    assert "the third, on walking" not in body


def test_undeclared_beside_a_thread_the_walk_decides() -> None:
    body = extract_article(thread_page("format_text"), THREAD_URL, listed=True)["articleBody"]
    assert "diverted meant something" in body


# A TypePad blog of 2012: three columns, the post in the middle one under its title (an <h3>, the
# blog's own name is the page's <h1>), and a column of events beside it with more prose than the
# short post (most of the page's running text, so that the walk goes into the events' column);
# the declared text, headed by the page's headline, is the post.
EVENTS = [
    "This session will use real world case studies to help introduce how gaming companies can use "
    "the cloud to stay flexible, agile and ahead of the curve, with speakers from three studios.",
    "This event will also give you the chance to meet the team, and there will be a panel of customers "
    "moderated by one of our evangelists, followed by drinks and a chance to ask your own questions.",
    "You are interested in running a web application and want to learn how to choose its parts in "
    "seven steps, from the database to the cache, with a live demonstration and a recording after it.",
]
SHORT = [
    "For this episode of the show, I interviewed the principal engineer of the database team to learn "
    "more about the new feature that lets you provision the speed of your storage.",
    "We discussed use cases and scalability, and the fact that you can add more of it to a running "
    "database while it is running if your needs change. Watch it and let me know what you think!",
]
COLUMNS_URL = "https://blog.example.com/2012/11/the-report-provisioned-storage.html"
COLUMNS_TITLE = "The Report - Provisioned Storage for the Database"


def columns_page(heading: str, declared: str = "entry-content") -> str:
    recent = "".join(f"<li><a href='/2012/10/post-{i}.html'>An earlier post of the blog, number {i}</a></li>"
                     for i in range(8))
    events = "".join(f"<h3>Event {i}</h3><p>{text}</p>" for i, text in enumerate(EVENTS + EVENTS[::-1]))
    return (
        f"<html><head><title>Cloud Blog: {COLUMNS_TITLE}</title></head><body class='layout-three-column'>"
        "<div id='container'><div id='banner'><h1><a href='/'>Cloud Blog</a></h1></div>"
        "<div id='pagebody'><div id='alpha'><div class='module-archives module'><h2>Recent Posts</h2>"
        f"<ul class='module-list'>{recent}</ul></div></div>"
        f"<div id='beta'><div class='entry' id='entry-6a00'><h3 class='entry-header'>{heading}</h3>"
        f"<div class='{declared}'><div class='entry-body'>{''.join(f'<p>{p}</p>' for p in SHORT)}"
        "<p>-- Jeff;</p></div></div></div></div>"
        f"<div id='gamma'><div class='module-events module'><h2>Featured Events</h2>{events}</div></div>"
        "</div></div></body></html>"
    )


def test_the_declared_text_under_the_headline_beside_a_column_of_more_prose() -> None:
    body = extract_article(columns_page(COLUMNS_TITLE), COLUMNS_URL, listed=True)["articleBody"]
    assert body.splitlines()[:2] == SHORT
    assert "gaming companies" not in body


@pytest.mark.parametrize(
    ("heading", "declared"),
    [
        ("Our weekly note", "entry-content"),  # a heading that is not the page's headline
        (COLUMNS_TITLE, "entry-body-wrap"),  # nothing declared
    ],
)
def test_beside_a_column_of_more_prose_without_the_headline_or_a_declaration_the_walk_decides(
    heading: str, declared: str
) -> None:
    body = extract_article(columns_page(heading, declared), COLUMNS_URL, listed=True)["articleBody"]
    assert "gaming companies" in body
