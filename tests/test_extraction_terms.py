"""A class token that names a taxonomy term of the post (WordPress's ``category-social-media``
and ``tag-sharing``, TypePad's ``entry-category-social_media``) says what the post is filed
under, not that the element is a share bar: the post stays the main text beside a sidebar that
holds more of the running text (``furniture._without_terms``). Written after the markup of a
TypePad blog of 2012 (a post filed under "Social Media" above its readers' comments, beside an
"About" column: the post marked as furniture left the column as the page's text) and of
WordPress's ``post_class()``."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article
from crawler.extraction.furniture import furniture_words

POST = [
    "In July 1969 the world came together to watch a grainy black and white image on television of the "
    "first steps on the moon, but those who watched were confined to their living rooms at the time.",
    "This afternoon the online world came together to witness a jump from the edge of space, and millions "
    "of people followed it live on their phones, their tablets and their laptops, wherever they were.",
    "What struck me most was how the conversation moved between the live stream and the social networks, "
    "where people shared what they saw with friends who were watching the very same moment elsewhere.",
]
COMMENTS = [
    "Thanks, David. One of the things I miss about the old days of television is the whole family watching "
    "the same thing at the same time, and this felt like that again for one afternoon.",
    "Yeah, back in the day there were only a handful of channels, so everybody saw the same moment; now we "
    "see it together on our phones and talk about it while it happens.",
    "Too bad a lot of people try to frame this as a one-time stunt by a drinks company, when it was also a "
    "serious research flight with data the space agencies will use for years.",
    "The coolest thing, other than the jump itself, was when the old record holder talked him down from the "
    "capsule on the radio, fifty years after his own jump from a balloon.",
    "This was amazing. I was watching this event live and I can say that I have never seen so many people "
    "talk about one thing at once on every network I follow.",
]
ABOUT = [
    "The author is a marketing and sales strategist, a speaker and the author of ten books, three of them "
    "international bestsellers translated into more than twenty-five languages around the world.",
]
URL = "https://blog.example/2012/10/witnessing-a-record-breaking-spectacle.html"


def page(entry_class: str) -> str:
    post = "".join(f"<p>{line}</p>" for line in POST)
    comments = "".join(f"<div class='comment-content'><p>{line}</p></div>" for line in COMMENTS)
    about = "".join(f"<p>{line}</p>" for line in ABOUT)
    return (
        "<html><head><title>Witnessing a record-breaking spectacle - Web Ink Now</title></head>"
        "<body class='layout-two-column-right'><div id='container'><div id='alpha'>"
        "<h2 class='date-header'>October 14, 2012</h2>"
        f"<div class='{entry_class}'><h3 class='entry-header'>Witnessing a record-breaking spectacle</h3>"
        f"<div class='entry-content'><div class='entry-body'>{post}</div></div></div>"
        f"<div class='comments'>{comments}</div></div>"
        f"<div id='beta'><div class='module-about module'>{about}</div></div></div></body></html>"
    )


@pytest.mark.parametrize(
    "entry_class",
    [
        "entry-category-social_media entry-author-someone entry-type-post entry",  # TypePad
        "post-1687 post type-post status-publish hentry category-social-media tag-sharing",  # WordPress
        "post type-post category_newsletter",
    ],
)
def test_a_post_filed_under_a_furniture_word_is_the_text(entry_class: str) -> None:
    body = extract_article(page(entry_class), URL, listed=True)["articleBody"]
    assert "grainy black and white image" in body
    assert "marketing and sales strategist" not in body
    assert "family watching" not in body


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("category-social-media", False),
        ("entry-category-social_media entry", False),
        ("post-12 type-post hentry category-news tag-sharing", False),
        ("Category-Ads", False),
        ("taxonomy-term-12", False),
        ("post-category-newsletter", False),
        ("tag-social sidebar", True),  # the other token names furniture
        ("category-news share-bar", True),
        ("social-category", True),  # no term's start: "social" is a part
        ("post-tags", True),  # a tag list, not a term
    ],
)
def test_terms_are_not_furniture_words(value: str, expected: bool) -> None:
    assert furniture_words(value) is expected
