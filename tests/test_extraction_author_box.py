"""The author's box under a post ("About the author... who has written 2565 posts", a photo and a
paragraph about the writer) is furniture when its class or id says so in any of the common
ways: ``author-info``, ``author-box``, ``about-author``, ``author-description``,
``author-details``, ``authorbox``, ``authorinfo`` (``furniture._PAIRS`` and ``_WORDS``). Written
after a WordPress theme of 2012 (Thesis) that sets the box inside ``div.entry-content``, after
the post's last paragraph, where the walk takes it with the text."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article
from crawler.extraction.furniture import furniture_words

POST = [
    "Today is election day, and whatever you think of the candidates, the single most useful thing you can "
    "do this morning is to go and stand in the line at your polling place.",
    "I have heard every excuse over the years: the lines are too long, my vote does not count in this state, "
    "I do not like either of them. None of them holds up when you look at how close local races get.",
    "The races that touch your life most are far down the ballot: the school board, the county judges, the "
    "sheriff. They are decided by a few hundred votes, sometimes by a few dozen.",
    "So close the laptop for an hour, take a friend, and vote. The blog will still be here when you get back, "
    "and so will the rest of the internet.",
]
ABOUT = (
    "Hi, I am the writer of this blog. Almost all of the posts here are mine, but you will see others make guest "
    "posts now and then. This blog is about making money online, building products people want and the lessons "
    "learnt from fifteen years of running companies, good and bad, with more of the bad than I would like."
)
URL = "https://moneyblog.example/2012/11/06/go-vote"


def page(box_attrs: str) -> str:
    post = "".join(f"<p>{line}</p>" for line in POST)
    return (
        "<html><head><title>Go Vote | Money Blog</title></head><body class='custom'>"
        "<div id='container'><div id='page'><div id='header'><p id='logo'><a href='/'>Money Blog</a></p></div>"
        "<div id='content_box'><div id='content' class='hfeed'>"
        "<div class='post-111172 post type-post hentry' id='post-111172'><div class='headline_area'>"
        "<h1 class='entry-title'>Go Vote</h1><p class='headline_meta'>November 6, 2012</p></div>"
        f"<div class='format_text entry-content'>{post}"
        f"<div {box_attrs}><h4>About the author...</h4><img src='/avatar.jpg' alt=''>"
        "<p>The writer, who has written 2565 posts on Money Blog.</p>"
        f"<p>{ABOUT}</p></div></div></div>"
        "</div></div></div></div></body></html>"
    )


@pytest.mark.parametrize(
    "box_attrs",
    [
        "class='author_info'",
        "class='author-box clearfix'",
        "id='about-author'",
        "class='author-description'",
        "class='author-details'",
        "class='authorbox'",
        "class='post-authorInfo'",
    ],
)
def test_the_author_box_is_not_the_post(box_attrs: str) -> None:
    body = extract_article(page(box_attrs), URL)["articleBody"]
    assert body.startswith("Today is election day")
    assert body.endswith("and so will the rest of the internet.")
    assert "guest posts now and then" not in body
    assert "2565 posts" not in body


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("author-info", True),
        ("about-author", True),
        ("authorbox", True),
        ("author-bio", True),
        ("author", False),
        ("author-name", False),
        ("post-author", False),
        ("author-profile", False),
    ],
)
def test_author_box_words(value: str, expected: bool) -> None:
    assert furniture_words(value) is expected
