"""A page's own table of contents (links to its sections: ``#section``, or the page's URL with a
fragment) repeats the section headings word for word; the headings stay in the text, where a
link to another page with a heading's words (a related story's headline) still takes them out."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article

URL = "https://guides.example.com/travel/first-trip-to-japan/"

SECTIONS = [
    ("visa", "How to get a tourist visa on your passport",
     "Most visitors need nothing more than a valid passport and a return ticket, but a few countries "
     "still require a visa, which the consulate issues within a week when the papers are complete."),
    ("season", "When is the best time to go to Japan",
     "Spring and autumn are the most comfortable seasons, with mild days and clear skies, while the "
     "summer is hot and humid and the rainy season in June makes walking around the cities tiring."),
    ("budget", "How much money you need for two weeks",
     "A careful traveller can manage on a modest daily budget by staying in business hotels, eating "
     "at counters near the stations and buying a rail pass before leaving home for the long trips."),
]


def _page(href: str) -> str:
    contents = "".join(f"<li><a href='{href.format(id=sid)}'>{title}</a></li>" for sid, title, _text in SECTIONS)
    sections = "".join(f"<h2 id='{sid}'>{title}</h2><p>{text}</p><p>{text.upper()}</p>"
                       for sid, title, text in SECTIONS)
    return ("<html><head><title>Your first trip to Japan</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/travel/'>Travel</a></nav><article>"
            "<h1>Your first trip to Japan</h1><p>Planning a first trip to a country on the other side of the "
            "world raises many questions, and this guide answers the ones our readers ask most often.</p>"
            f"<div class='toc'><p>Contents</p><ul>{contents}</ul></div>{sections}</article>"
            "<footer>About us</footer></body></html>")


@pytest.mark.parametrize("href", ["#{id}", URL + "#{id}", URL.rstrip("/") + "#{id}"])
def test_section_headings_stay_beside_their_table_of_contents(href: str) -> None:
    lines = extract_article(_page(href), URL, listed=True)["articleBody"].splitlines()
    for _sid, title, text in SECTIONS:
        assert lines[lines.index(text) - 1] == title


def test_a_heading_another_page_links_to_stays_out() -> None:
    """The same list linking to other pages is a list of stories whose headlines the page repeats."""
    body = extract_article(_page("/travel/{id}/"), URL, listed=True)["articleBody"]
    assert "When is the best time to go to Japan" not in body
    assert SECTIONS[1][2] in body
