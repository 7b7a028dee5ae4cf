"""A blog's name in an ``<h1>`` that is all a link to its home page (the masthead of the blog
templates of 2005-2012) is no headline: it neither names the page nor makes the sidebar it heads
the main column, and it comes off the ``<title>`` ("copyranter: top 5 posts of the week")."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article

POST = [
    "• Thirteen of the worst unnecessary quotation marks ever seen on a shop window in the city.",
    "• Seven of the worst celebrity advertisements of the last seven years, ranked by our readers.",
    "• Did a famous cartoonist borrow his best known character from a forgotten film of the forties?",
]
PROFILE = (
    "The best advertising blogger in the world, now writing for a large news site. I have been an "
    "advertising copywriter in New York for nineteen years and I write about advertising, public "
    "relations, midtown, the Upper East Side, the Upper West Side, going to Brooklyn, realtors, fake "
    "blondes, real blondes, Civil War enthusiasts, Republicans, Democrats, liberals, conservatives, "
    "libertarians, vegans, carnivores, cyclists, drivers and everyone else who reads this blog at work."
)


def _blogger(masthead_href: str, title: str = "copyranter: top 5 posts of the week.") -> str:
    """After a Blogger template of 2012: the blog's name and profile in the sidebar, the post
    under a dated ``<h2>`` and its title in an ``<h3>``."""
    items = "".join(f"<div>{line}</div>" for line in POST)
    return (
        f"<html><head><title>{title}</title></head><body><div id='content'>"
        "<div id='sidebar-wrapper' class='sidebar'>"
        f"<h1 id='blog-title'>\n<a href='{masthead_href}'>\n copyranter\n</a>\n</h1>"
        "<p>SEND ME TIPS: copyranter(at)example(dot)com</p><h2 class='sidebar-title'>About Me</h2>"
        f"<dl class='profile-datablock'><dd>Name: copyranter</dd></dl><p class='profile-textblock'>{PROFILE}</p>"
        "</div><div id='main'><h2 class='date-header'>Sunday, October 21, 2012</h2><div class='post'>"
        f"<h3 class='post-title'>top 5 posts of the week.</h3><div class='post-body'>{items}</div>"
        "<p class='post-footer'>posted by copyranter @ 2:23 PM</p></div></div></div></body></html>"
    )


def _extract(html: str, url: str = "http://copyranter.example.com/2012/10/top-5-posts-of-week.html") -> dict:
    return extract_article(html, url, listed=True)


@pytest.mark.parametrize("href", ["http://copyranter.example.com/", "/", "http://copyranter.example.com",
                                  "index.html"])
def test_a_masthead_neither_names_the_post_nor_makes_the_sidebar_its_text(href: str) -> None:
    record = _extract(_blogger(href))
    assert record["headline"] == "top 5 posts of the week."
    assert record["articleBody"].splitlines() == POST
    assert "advertising copywriter" not in record["articleBody"]


def test_a_heading_linked_to_a_page_of_the_site_is_no_masthead() -> None:
    """A link to another page (a category, the post itself) is no link to the home page: the
    sidebar that holds the page's one ``<h1>`` stays what it was."""
    record = _extract(_blogger("http://copyranter.example.com/search/label/ads"))
    assert record["headline"] == "copyranter"


@pytest.mark.parametrize(
    ("title", "second_h1", "expected"),
    [
        # WordPress themes of the time: "» Post title :blog name", the name as a masthead
        ("  &raquo; How to make health insurance a bad bet :zenhabits", "",
         "How to make health insurance a bad bet"),
        # a widget's heading beside the masthead is not the post's
        ("Ohio voters explain why they are not voting for the president | Bossip",
         "<div class='widget'><h1><span>More On Bossip!</span></h1></div>",
         "Ohio voters explain why they are not voting for the president"),
        # the post's own heading beside the masthead, saying what the title says
        ("» Books to understand the future Early Retirement Extreme: a combination of simple living",
         "<h1><a href='http://blog.example.net/books-to-understand-the-future/'>"
         "Books to understand the future</a></h1>",
         "Books to understand the future"),
    ],
)
def test_the_headline_beside_a_masthead(title: str, second_h1: str, expected: str) -> None:
    name = title.rsplit(":", 1)[-1] if title.endswith("zenhabits") else "Bossip"
    paragraphs = "".join(f"<p>{PROFILE}</p>" for _ in range(3))
    html = (f"<html><head><title>{title}</title></head><body><div id='header'><h1><a href='/'>{name}</a></h1>"
            f"</div>{second_h1}<div class='entry'>{paragraphs}</div></body></html>")
    assert _extract(html, "http://blog.example.net/insurance/")["headline"] == expected


def test_a_dateline_under_the_post() -> None:
    """"Posted: 10.29.2012" in the lines under the text is the post's date, as "Posted by ...
    at ..." is (beyond the lines read beside the headline)."""
    paragraphs = "".join(f"<p>Part {n}. {PROFILE}</p>" for n in range(12))
    html = ("<html><head><title>The willingness to think differently</title></head><body>"
            "<h1>The willingness to think differently</h1>"
            f"<div class='post'>{paragraphs}</div><div class='post-meta'><h5>1587</h5>"
            "<h5>Posted: 10.29.2012</h5><p>Previous post: <a href='/superhealth/'>Create a community</a></p>"
            "</div></body></html>")
    assert _extract(html, "http://blog.example.net/willingness/")["datePublished"] == "2012-10-29"
