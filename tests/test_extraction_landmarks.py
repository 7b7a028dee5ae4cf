"""Pop-ups and landmarks by their standard markup: a ``<dialog>`` and the ARIA roles of page
furniture (``furniture.FURNITURE_ROLES``) are marked like ``<nav>`` and ``<aside>``, whatever
their class names say."""

from __future__ import annotations

from crawler.extraction.article import extract_article
from tests.helpers import FERRY_STORY

PARAGRAPHS = FERRY_STORY
POPUP = ("Get our free weekly guide: the best walks, ferries and harbour towns of the coast, with a map of "
         "every route and the timetables you need, straight to your inbox every Friday morning.")
BOX = ("About this site: we are a small team of volunteers who have written about the coast and its towns "
       "since the spring of 2009, and everything here is free to read for everyone who visits.")


def _page(extra: str) -> str:
    return ("<html><head><title>New ferry terminal opens</title></head><body>"
            "<div class='top'><a href='/'>Coast Courier</a></div><div class='layout'><div class='col'>"
            "<h1>New ferry terminal opens</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            + f"</div>{extra}</div></body></html>")


def test_a_closed_dialog_is_no_text() -> None:
    body = extract_article(_page(f"<dialog class='box-weekly'><p>{POPUP}</p></dialog>"),
                           "https://coast.example/2025/05/ferry-terminal")["articleBody"]
    assert body.startswith("The harbour authority opened")
    assert "free weekly guide" not in body


def test_aria_roles_of_furniture_are_no_text() -> None:
    extra = (f"<div class='x1' role='dialog' aria-modal='true'><p>{POPUP}</p></div>"
             f"<div class='x2' role='complementary'><p>{BOX}</p></div>")
    body = extract_article(_page(extra), "https://coast.example/2025/05/ferry-terminal")["articleBody"]
    assert "free weekly guide" not in body
    assert "small team of volunteers" not in body
    assert all(p in body for p in PARAGRAPHS)

