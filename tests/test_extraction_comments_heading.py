"""Readers' comments that follow a post in the post's own element, with no element of their own
around them, start at a heading named as the comments (``content.before_comments``): the
default templates of Movable Type and TypePad (2004-2012) set the post, its "Posted by" line,
``<h2 id="comments">Comments</h2>`` (or ``<h2><a id="comments"></a>Comments</h2>``) and then
each comment with its "Posted by: NAME at DATE" line one after another in ``div.content``.
Written after those templates; the comments here are five times the post's length."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article

POST = [
    "Los Angeles used to get cool at night. Now it is ninety degrees at midnight and the air conditioner "
    "runs until the sun comes up, which is not what anyone moved here for.",
    "Nonetheless, I knit onward and upward. These arm warmers were knit in a cotton yarn with a variegated "
    "pink colourway on a size eight needle, and they took two evenings from start to finish.",
    "Once you have the piece as long as you like it, seam up the long sides and leave a little opening for "
    "a thumb. For a little decoration I started with a few rows of seed stitch at the top.",
]
COMMENTS = [
    "Sixty for a low when your high is above a hundred is delusional! When we had those temperatures this "
    "summer our lows were in the eighties, and we are keeping the cool weather machine now.",
    "This weather makes me weep. I am currently trying to knit a shawl from this summer's pattern book in "
    "alpaca, and alpaca plus humidity is not a happy combination for anyone involved.",
    "We have had the weather that makes cool nights here for two days and I am not giving it back until at "
    "least November, whatever anyone on the west coast says about fair shares.",
    "My gift list includes two teddy bears, a couple of puzzles, a slouchy hat, a doll's outfit and at least "
    "one pair of slippers, and it is already the middle of September, which frightens me.",
    "I probably won't knit any presents other than socks for the women in my family, since most of them "
    "live where it never gets cold enough to wear anything heavier than a cardigan.",
    "Here we have finally cooled to something below unbearable: low eighties in the day, low sixties at "
    "night and rock bottom humidity, which is as close to autumn as this town gets.",
    "I continue to knit socks and then more socks. I can't explain it. No matter what I cast on, including "
    "swatches, it just seems to turn into a sock by the time I reach the end of the ball.",
    "Come visit the north for some cool knitting weather and good food; the fog rolls in every afternoon "
    "and you will want every one of those arm warmers by the evening.",
    "I'm halfway through my holiday knitting with a goal of finishing by mid October: one more hat and a "
    "cowl and a half to go, and then I can knit something for myself for a change.",
    "Really pretty knitting! It reminds me of mints, or ribbon candy. How nice that you have a willing model "
    "too; mine refuses to stand still long enough for a single photograph.",
]
URL = "https://knitblog.example/archives/2012/09/where_did_my_los_angeles_go.html"
TITLE = "Where Did My Los Angeles Go?"


def movable_type(heading: str) -> str:
    post = "".join(f"<p>{line}</p>" for line in POST)
    comments = "".join(
        f"<div id='c1699{i:02d}'><p>{line}</p></div><p class='posted'>Posted by: Reader {i} at "
        f"September 10, 2012 11:{i:02d} AM</p>"
        for i, line in enumerate(COMMENTS)
    )
    return (
        f"<html><head><title>Knit Blog: {TITLE}</title></head><body><div id='container'>"
        "<div id='banner'><h1><a href='/'>Knit Blog</a></h1></div><div id='center'><div class='content'>"
        f"<h2>September 10, 2012</h2><h3>{TITLE}</h3>{post}"
        "<p class='posted'>Posted by laurie at September 10, 2012 9:01 AM</p>"
        f"{heading}{comments}</div></div></div></body></html>"
    )


@pytest.mark.parametrize(
    "heading",
    [
        "<h2 id='comments'>Comments</h2>",
        "<h2><a id='comments'></a>Comments</h2>",
        "<h3><a name='comments'></a>Readers' comments</h3>",
        "<h3 class='comments-head'>10 Comments</h3>",
    ],
)
def test_the_comments_after_a_heading_named_so_are_not_the_post(heading: str) -> None:
    body = extract_article(movable_type(heading), URL)["articleBody"]
    assert "Los Angeles used to get cool at night" in body
    assert "seed stitch at the top" in body
    assert "delusional" not in body
    assert "ribbon candy" not in body


def test_a_heading_that_links_to_the_comments_cuts_nothing() -> None:
    post = "".join(f"<p>{line}</p>" for line in POST)
    html = (
        f"<html><head><title>{TITLE}</title></head><body><div class='content'><h1>{TITLE}</h1>"
        f"<p>{POST[0]}</p><h4 class='comments-link'><a href='#comments'>10 comments</a></h4>{post}"
        "</div></body></html>"
    )
    body = extract_article(html, URL, listed=True)["articleBody"]
    assert "seed stitch at the top" in body


def test_a_comments_heading_before_the_post_cuts_nothing() -> None:
    post = "".join(f"<p>{line}</p>" for line in POST)
    html = (
        f"<html><head><title>{TITLE}</title></head><body><div class='content'>"
        f"<h2 id='comments'>Comments are closed</h2><h1>{TITLE}</h1>{post}</div></body></html>"
    )
    body = extract_article(html, URL, listed=True)["articleBody"]
    assert "Los Angeles used to get cool at night" in body
    assert "seed stitch at the top" in body


def test_a_short_post_keeps_its_comments_out_of_the_second_opinion() -> None:
    """Under 100 words the block pass asks trafilatura for a second opinion (``backup.py``), which
    does not know these comments: the texts cut as comments are dropped from it too."""
    html = movable_type("<h2 id='comments'>Comments</h2>").replace("".join(f"<p>{line}</p>" for line in POST[1:]), "")
    body = extract_article(html, URL, listed=True)["articleBody"]
    assert "Los Angeles used to get cool at night" in body
    assert "delusional" not in body
    assert "ribbon candy" not in body
