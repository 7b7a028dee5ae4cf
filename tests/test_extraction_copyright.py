"""A copyright notice is page furniture: "copyright" in a class or id marks it
(``furniture.furniture_words``), so a long legal notice under a short story is not read as the
story's running text. Written after the markup of a sports league's news pages of 2012: a
story of six short paragraphs in the wide column, a promotion in the middle column and, in the
page's body beside them, a ``<div id="copyright">`` of 200 words of trademark and privacy text,
which left the story with a third of the page's running text and the whole page as its
container."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article
from crawler.extraction.furniture import furniture_words

STORY = [
    "NEW YORK -- Talks between the league and the players' association resumed on Saturday in a midtown "
    "hotel, the first meeting of the two sides in more than two weeks.",
    "Before the meeting the deputy commissioner said the league had no new offer to make and would listen "
    "to what the players had prepared.",
    "Both sides described the session as cordial, though neither would say whether the gap between them on "
    "the share of revenue had narrowed.",
    "The union's special counsel said the players had brought three proposals and expected an answer early "
    "next week.",
    "Saturday's meeting was the first face-to-face session since the middle of the month.",
    "The league and its players have been without an agreement since the old one expired in September.",
]
PROMO = (
    "Video Community is a new experience where you can watch, rate and share the best clips of the "
    "season with other fans from around the world."
)
NOTICE = (
    "League.com is the official web site of the League. The league, its shield, the word mark and the "
    "names and logos of the teams are registered trademarks of the league and its teams. All other "
    "trademarks are the property of their owners, and the content of this site may not be reproduced "
    "without the written permission of the league. Use of this site signifies your agreement to the Terms "
    "of Use and the Privacy Policy, which were updated in the spring and apply to every visit from any "
    "device. The league collects information about the pages you read and the videos you watch so that "
    "it can show you the stories and offers that interest you most, and it shares some of this "
    "information with its partners as the Privacy Policy describes. You may choose not to receive "
    "messages from the league and its partners at any time by changing the settings of your account. "
    "The scores, statistics and schedules on this site are given for the personal use of fans and may "
    "not be used for any commercial purpose, including the making of odds or any other kind of wagering, "
    "without a license from the league. Some of the content is provided by third parties, who are solely "
    "responsible for it. All rights reserved, in every country, in print and online."
)
URL = "https://league.example/ice/news.htm?id=645063"


def page(notice_attrs: str) -> str:
    story = "".join(f"<p>{line}</p>" for line in STORY)
    return (
        "<html><head><title>Talks resume between league and players</title></head>"
        "<body class='shift'><div id='pageWrapper' class='News'><div id='pageBody'>"
        "<div id='wideCol'><div class='contentBlock article'>"
        "<h1>Talks resume between league and players</h1><div class='articleText'>"
        f"{story}</div></div></div>"
        f"<div id='medCol'><div class='medColMod'><div class='modContainer'><div><p>{PROMO}</p></div></div></div></div>"
        f"<div id='c_copyright'><div {notice_attrs}>{NOTICE}</div></div>"
        "</div></div></body></html>"
    )


@pytest.mark.parametrize(
    "notice_attrs",
    [
        "id='copyright'",
        "class='site-copyright'",
        "class='copyrightNotice'",
        "id='legal' class='copyright_text'",
    ],
)
def test_a_copyright_notice_is_not_the_story(notice_attrs: str) -> None:
    body = extract_article(page(notice_attrs), URL)["articleBody"]
    assert body.startswith("NEW YORK -- Talks between the league")
    assert "without an agreement since the old one expired" in body
    assert "registered trademarks" not in body
    assert "Video Community" not in body


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("copyright", True),
        ("site-copyright", True),
        ("copyrightNotice", True),
        ("copyright_text", True),
        ("copy", False),
        ("story-copy", False),
        ("body-copy", False),
        ("copywriter-bio-text", False),
    ],
)
def test_copyright_is_a_furniture_word(value: str, expected: bool) -> None:
    assert furniture_words(value) is expected
