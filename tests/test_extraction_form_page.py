"""A page wrapped whole in a ``<form>`` (ASP.NET WebForms): the form is the main column, and
within it a thread's posts whose class says "comment" are its text, while an article's comments
beside its own prose stay furniture."""

from __future__ import annotations

from crawler.extraction import extract_article

POSTS = [
    "Since the update to the new version my phone no longer reaches the store over mobile data at all.",
    "Same here on two devices, and the setting for mobile data is switched on for the store as before.",
    "I checked the restrictions under screen time and nothing there blocks the store or its downloads.",
    "It works again after I reset the network settings, though I had to enter every password again.",
]
STORY = [
    "The council voted on Tuesday to raise water rates by four percent from the first of July onwards.",
    "Officials said the increase would pay for new pipes in the older parts of town over ten years.",
    "Residents who spoke at the meeting asked for a smaller rise spread over a longer period instead.",
]


def _page(main: str) -> str:
    return (
        "<html><head><title>Mobile data and the store - Forum</title></head><body>"
        "<form method='post' action='./thread.aspx' id='aspnetForm'>"
        "<div class='top'><a href='/'>Home</a> <a href='/forum'>Forum</a> <a href='/news'>News</a></div>"
        f"<main id='content'>{main}</main>"
        "<div class='bottom'><a href='/imprint'>Imprint</a> <a href='/privacy'>Privacy</a></div>"
        "</form></body></html>"
    )


def test_a_thread_in_a_form_keeps_its_posts() -> None:
    posts = "".join(
        f"<div class='forum-comment' id='post{i}'><div class='comment-author'>user{i}</div>"
        f"<div class='comment-text'><p>{text}</p></div></div>"
        for i, text in enumerate(POSTS)
    )
    body = extract_article(_page("<h1>No store over mobile data</h1>" + posts), "https://forum.example/t/338679",
                           listed=True)["articleBody"]
    assert all(text in body for text in POSTS)


def test_an_article_in_a_form_drops_its_comments() -> None:
    story = "".join(f"<p>{text}</p>" for text in STORY)
    comments = "".join(
        f"<div class='forum-comment' id='c{i}'><div class='comment-text'><p>{text}</p></div></div>"
        for i, text in enumerate(POSTS[:2])
    )
    body = extract_article(_page("<h1>Water rates to rise</h1>" + story + comments),
                           "https://news.example/2025/03/water-rates", listed=True)["articleBody"]
    assert all(text in body for text in STORY)
    assert not any(text in body for text in POSTS)
