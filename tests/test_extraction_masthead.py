"""A blog's name in an ``<h1>`` that is all a link to its home page (the masthead of the blog
templates of 2005-2012) is no headline: it neither names the page nor makes the sidebar it heads
the main column, and it comes off the ``<title>`` ("copyranter: top 5 posts of the week"). A
``<title>`` "Blog name: Post title" over a heading that reads the post's title gives that title."""

from __future__ import annotations

import lxml.html
import pytest

from crawler.extraction.article import extract_article
from crawler.extraction.furniture import masthead

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


PAGE = "http://blog.example.com/thoughts/2012/10/top-5.html"


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("<h1><a href='http://blog.example.com/'>copyranter</a></h1>", True),
        ("<h1><a href='/'>copyranter</a></h1>", True),
        ("<h1><a href='/index.php'>copyranter</a></h1>", True),
        ("<h1><a href='http://blog.example.com/thoughts/'>danah boyd</a></h1>", True),  # the page's folder
        ("<h1><a href='/thoughts'>danah boyd</a></h1>", True),
        ("<h1><img src='/logo.png' alt=''><a href='/'>Maps</a></h1>", True),
        ("<h1><a href='/search/label/ads'>copyranter</a></h1>", False),  # another page of the site
        ("<h1><a href='http://other.example.org/thoughts/'>danah boyd</a></h1>", False),  # another host
        ("<h1><a href='/?p=12'>A post</a></h1>", False),  # a query names a page
        ("<h1><a href='/thoughts/2012/10/top-5.html'>Top 5</a></h1>", False),  # the page itself
        ("<h1>Blog name <a href='/'>home</a></h1>", False),  # not all a link
        ("<h1>Schneier on Security</h1>", False),
    ],
)
def test_what_is_a_masthead(heading: str, expected: bool) -> None:
    element = lxml.html.fragment_fromstring(heading)
    assert masthead(element, PAGE) is expected


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


def test_a_masthead_linked_to_the_blog_folder_of_the_page() -> None:
    """A blog under a folder of its host: the masthead links to the folder the post is in."""
    paragraphs = "".join(f"<p>Part {n}. {PROFILE}</p>" for n in range(3))
    html = ("<html><head><title>VNXe performance stats - Virtual Geek</title></head><body>"
            "<h1 id='banner-header'><a href='http://blogs.example.com/virtual_geek/'>Virtual Geek</a></h1>"
            "<h2 class='date-header'>November 01, 2012</h2><h3 class='entry-header'>VNXe performance stats</h3>"
            f"<div class='entry-content'>{paragraphs}</div></body></html>")
    url = "http://blogs.example.com/virtual_geek/2012/11/vnxe-performance.html"
    assert _extract(html, url)["headline"] == "VNXe performance stats"
    # another blog's folder on the same host is no home of this page
    other = html.replace("/virtual_geek/'", "/other_blog/'")
    assert _extract(other, url)["headline"] == "Virtual Geek"


@pytest.mark.parametrize("h1", ["<h1>Schneier on Security</h1>", ""])
def test_the_post_title_after_the_blog_name_in_the_title(h1: str) -> None:
    """"Blog name: Post title" (Blogger's, Movable Type's) where a heading reads the post's
    title: that heading's title, whether the blog's name is an unlinked ``<h1>`` or none."""
    paragraphs = "".join(f"<p>Part {n}. {PROFILE}</p>" for n in range(3))
    html = (f"<html><head><title>Schneier on Security: Micromorts</title></head><body>{h1}"
            "<p>A blog covering security and security technology.</p><h2>November 8, 2012</h2>"
            f"<h3>Micromorts</h3><div class='entry'>{paragraphs}</div></body></html>")
    assert _extract(html, "https://www.example.com/blog/archives/2012/11/micromorts.html")["headline"] == "Micromorts"


def test_a_colon_in_a_headline_stays() -> None:
    """A headline with a colon of its own, shown whole in the page's heading, stays whole."""
    paragraphs = "".join(f"<p>Part {n}. {PROFILE}</p>" for n in range(3))
    html = ("<html><head><title>Photos: Halloween in Hong Kong looks awesome</title></head><body>"
            "<h2>Photos: Halloween in Hong Kong looks awesome</h2>"
            f"<div class='entry'>{paragraphs}</div></body></html>")
    assert _extract(html, "https://news.example.com/2012/10/31/halloween/")["headline"] == (
        "Photos: Halloween in Hong Kong looks awesome")


def test_the_post_title_after_the_blog_name_in_og_title() -> None:
    paragraphs = "".join(f"<p>Part {n}. {PROFILE}</p>" for n in range(3))
    html = ("<html><head><meta property='og:title' content='Web Ink Now: How to make your site mobile friendly'>"
            "<title>Web Ink Now: How to make your site mobile friendly</title></head><body>"
            "<h1 id='banner-header'><a href='http://www.webinknow.example/'>Web Ink Now</a></h1>"
            "<h3 class='entry-header'>How to make your site mobile friendly</h3>"
            f"<div class='entry-content'>{paragraphs}</div></body></html>")
    assert _extract(html, "http://www.webinknow.example/2012/10/mobile.html")["headline"] == (
        "How to make your site mobile friendly")


@pytest.mark.parametrize("sep", ["«", "›", "»"])
def test_a_masthead_is_not_the_shown_headline(sep: str) -> None:
    """The ``<title>`` "In Copenhagen… « Joe's Blog" under a masthead "Joe McNally Photography":
    the masthead shares words with the title, and is still not the headline shown."""
    paragraphs = "".join(f"<p>Part {n}. {PROFILE}</p>" for n in range(3))
    html = (f"<html><head><title>In Copenhagen with the crew {sep} Joe McNally’s Blog</title></head><body>"
            "<h1><a href='http://www.joemcnally.example'>Joe McNally Photography</a></h1>"
            f"<div class='post'>{paragraphs}</div></body></html>")
    assert _extract(html, "http://www.joemcnally.example/blog/2012/11/copenhagen/")["headline"] == (
        "In Copenhagen with the crew")


@pytest.mark.parametrize(
    ("title", "masthead_html", "expected"),
    [
        # the masthead's name holds a separator of its own
        ("danah boyd | apophenia » Three conversations for parents",
         "<h1 class='blogtitle'><a href='http://blog.example.com/thoughts/'>danah boyd | apophenia</a></h1>",
         "Three conversations for parents"),
        # a name that merely starts the title (no separator after it) stays in it
        ("Bike Hugger rides again in the rain",
         "<h1><a href='/'>Bike Hugger</a></h1>", "Bike Hugger rides again in the rain"),
        # a template's empty name before a separator
        ("» Japanese graphic design: not in production", "", "Japanese graphic design: not in production"),
    ],
)
def test_names_and_separators_off_the_title(title: str, masthead_html: str, expected: str) -> None:
    paragraphs = "".join(f"<p>Part {n}. {PROFILE}</p>" for n in range(3))
    html = (f"<html><head><title>{title}</title></head><body>{masthead_html}"
            f"<div class='post'>{paragraphs}</div></body></html>")
    assert _extract(html, "http://blog.example.com/thoughts/archives/2012/11/post.html")["headline"] == expected


def test_a_logo_heading_that_names_another_thing() -> None:
    """A logo's ``<h1>`` ("Maps", linked to a product's page) shares no word with "Blog name:
    Post title": the heading that reads the post's title names the page."""
    paragraphs = "".join(f"<p>Part {n}. {PROFILE}</p>" for n in range(3))
    html = ("<html><head><title>Lat Long Blog: Explore the world with a tour guide</title></head><body>"
            "<h1><a href='//www.example.com/maps'><img src='/logo.png' alt=''>Maps</a></h1>"
            "<h3 class='post-title'><a href='/2012/11/explore.html'>Explore the world with a tour guide</a></h3>"
            f"<div class='post-body'>{paragraphs}</div></body></html>")
    assert _extract(html, "http://latlong.example.com/2012/11/explore.html")["headline"] == (
        "Explore the world with a tour guide")
