"""A marked box that holds most of a page's running text is its main column unless the page's
headline stands in unmarked prose beside it (``content._named_furniture``). The headline is
the page's ``<h1>``, or any heading that reads as the page's title or starts with it (a post
title and its date in one ``<h2>``): blogs of 2005-2012 set the blog's name in the ``<h1>`` or
none at all, and each post's title in an ``<h2>``. Written after a fan site of 2012: no ``<h1>``,
the post under ``<h2><a>Title</a> <em>date</em></h2>`` and, in the same column, a
``<div id="comments">`` of unclassed ``<dl>`` entries eight times as long as the post."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article

TITLE = "Watch the Captain Throw the First Pitch on Space Night"
POST = [
    "Over the weekend the home team held a Space Night at the ballpark, and part of the festivities was the "
    "old captain himself throwing out the first pitch in front of forty thousand fans.",
    "He got one over the plate without a bounce, accompanied by the show's theme played on the ballpark's "
    "organ, and the crowd gave him the loudest cheer of the evening.",
    "The fireworks after the game were set to the music of the films, and a video of the whole show is "
    "below for those who could not be there on the night.",
]
COMMENTS = [
    "Congratulations to him for throwing a real strike. Many celebrities miss the plate completely, and a "
    "few of them have hit the photographers standing beside it, which is a sight of its own.",
    "Does anyone remember the last year he tucked in his shirt? I am thinking sometime in the late eighties, "
    "perhaps at the premiere of the fifth film, though I could be wrong about that.",
    "As for the shirt question, the only episode I can think of where his shirt was tucked in was the one on "
    "the planet of the gangsters, which was filmed later in the second season than most people think.",
    "I wanted to go so much to this, living only an hour away, but the tickets were gone within a day of the "
    "announcement and the ones left on the resale sites cost more than my car payment.",
    "He has a good arm for his age. Most of the celebrities they invite to throw the first pitch bounce it "
    "halfway to the plate, so this was a pleasant surprise for everyone in the stands.",
    "A couple of years ago the mayor of another city threw a pitch so wide that it hit the umpire, and the "
    "clip was on every sports show for a week; this one will not get that kind of attention.",
    "The organ player deserves credit too: playing the theme on a ballpark organ is harder than it sounds, "
    "and the fanfare at the end was timed perfectly with the pitch crossing the plate.",
    "Thanks for posting the video. I missed it on the local news, and the clip they showed the next morning "
    "cut away before the pitch even reached the catcher, which rather missed the point.",
]
URL = "https://fansite.example/2012/08/08/watch-the-captain-throw-the-first-pitch-on-space-night/"


def page(headline: str) -> str:
    post = "".join(f"<p>{line}</p>" for line in POST)
    comments = "".join(
        f"<dt class=''><a href='#49128{i}'>{i}.</a> Reader {i} - August 8, 2012</dt><dd class=''><p>{line}</p></dd>"
        for i, line in enumerate(COMMENTS, 1)
    )
    return (
        f"<html><head><title>{TITLE} | FanSite</title></head><body>"
        "<div id='wrapper'><div id='header'><a href='/'><img src='/logo.png' alt='FanSite'></a></div>"
        f"<div id='content'>{headline}"
        "<em class='info'>by FanSite Staff, Filed under: <a href='/category/events/'>Events</a></em>"
        f"{post}<div id='comments'><h2>Comments<a href='#postComment'>&raquo;</a></h2><dl>{comments}</dl></div>"
        "</div></div></body></html>"
    )


@pytest.mark.parametrize(
    "headline",
    [
        f"<h2><a href='{URL}' title='Permalink for : {TITLE}'>{TITLE}</a> <em>August 8, 2012</em></h2>",
        f"<h3><a href='{URL}'>{TITLE}</a></h3>",
        f"<h1>{TITLE}</h1>",
    ],
)
def test_the_thread_beside_a_headed_post_is_no_main_column(headline: str) -> None:
    body = extract_article(page(headline), URL)["articleBody"]
    assert "throwing out the first pitch" in body
    assert "a video of the whole show is below" in body
    assert "tucked in his shirt" not in body
    assert "hit the umpire" not in body


def test_a_heading_that_is_not_the_title_leaves_the_thread_the_main_column() -> None:
    body = extract_article(page("<h2>Latest news</h2>"), URL, listed=True)["articleBody"]
    assert "hit the umpire" in body
