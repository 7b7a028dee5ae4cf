"""A class or id part that starts with "comment" names the readers' comments ("commentbody",
"commentwrap", "commenting"), as "comment" and "comments" alone do; "commentary" names an
opinion piece's section and is no furniture (``furniture.furniture_words``). Written after a
security blog of 2012 laid out in one table cell: the post in ``<div class="indivbody">`` and
each comment in ``<div class="commentbody by-NAME">`` after it, in the same cell, three times
the post's words: the thread was read as the post's running text."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article
from crawler.extraction.furniture import furniture_words

POST = [
    "It's hard for me to get too worked up about this vulnerability, which the researchers describe in "
    "a paper published this week:",
    "Many popular applications and web-service libraries use their TLS libraries incorrectly, breaking or "
    "disabling certificate validation, so that their connections are not authenticated at all.",
    "Great research, and yes, the vulnerabilities should be fixed, but it is the kind of bug we have seen "
    "again and again for twenty years, and I doubt it changes much for anyone.",
]
COMMENTS = [
    "Yes it's a vulnerability and yes it is serious, but calling it the most dangerous code in the world "
    "seems a stretch when the attacker has to sit on the same network as the victim.",
    "Perhaps I read the article too quickly, but it seems to me that each of these libraries fails in its "
    "own way, and the paper lumps them together to make a headline out of a list of bugs.",
    "There is no reason for cryptographers to get excited about this one: the mathematics is fine, it is "
    "the plumbing around it that leaks, as it has in every system I have ever audited for a client.",
    "The article closes with recommendations for developers, which are sensible, though I would add that "
    "a test server presenting a bad certificate should be part of every release's checklist.",
    "It sure seems like most security issues these days are of this kind: the primitives are sound and "
    "the code that calls them gets the parameters wrong because the interfaces invite the mistake.",
    "Seeing as I'm cited in this paper, though, I should say that the authors were careful to contact "
    "every vendor before publishing, and most of the fixes were out before the paper was.",
    "I read this as just another instance of the old rule that security is a process, not a product, and "
    "that no library can protect a programmer who switches its checks off to make a warning go away.",
]
URL = "https://security.example/blog/archives/2012/11/new_ssl_vulnerability.html"


def page(comment_class: str) -> str:
    post = "".join(f"<p>{line}</p>" for line in POST)
    comments = "".join(
        f"<div class='{comment_class}' id='c9694{i:02d}'><p>{line}</p></div>"
        f"<p class='commentcredit'>Posted by reader {i} at 11:{i:02d} AM</p>"
        for i, line in enumerate(COMMENTS)
    )
    return (
        "<html><head><title>New SSL Vulnerability - Security Blog</title></head><body>"
        "<table class='main'><tr><td class='contentcell'>"
        "<h2 class='date'>November 7, 2012</h2><h2 class='entry'>New SSL Vulnerability</h2>"
        f"<div class='indivbody'>{post}</div>"
        "<p class='posted'>Posted on November 7, 2012 at 6:23 AM</p>"
        f"<h3 id='comments'>Comments</h3>{comments}"
        "</td></tr></table></body></html>"
    )


@pytest.mark.parametrize("comment_class", ["commentbody by-reader", "commentwrap", "commentBlock", "commenttext"])
def test_a_thread_in_comment_parts_is_not_the_post(comment_class: str) -> None:
    body = extract_article(page(comment_class), URL)["articleBody"]
    assert "get too worked up about this vulnerability" in body
    assert "doubt it changes much for anyone" in body
    assert "most dangerous code in the world" not in body
    assert "switches its checks off" not in body


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("comment", True),
        ("comments", True),
        ("commentlist", True),
        ("commentbody by-dave", True),
        ("commenting-guidelines", True),
        ("commentaire", True),
        ("commentary", False),
        ("commentaries", False),
        ("story commentary-body", False),
        ("article-body", False),
    ],
)
def test_comment_parts(value: str, expected: bool) -> None:
    assert furniture_words(value) is expected
