"""Class words ending in "tag": a tag list is named by a part of its own ("post-tags",
"entry_tags"); a word that merely ends in "tag" ("textTag", "eventDetailsContentTags") names
something in the text, which stays in the body."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article

SENTENCES = [
    "The city's transport authority confirmed on Monday that the old tram depot by the river will close "
    "at the end of the year, after more than a century of service to the eastern districts.",
    "Engineers found last spring that the depot's roof could no longer carry the weight of the new "
    "low-floor trams, and repairing it would have cost more than building a new hall on the ring road.",
    "Residents of the quarter have asked the council to keep the brick facade and turn the hall into a "
    "market, a school or a museum of the city's trams, and a petition has gathered four thousand names.",
    "The authority said it would present the plans for the new depot in March, with the first trams "
    "moving there in the summer, and that none of the depot's drivers and mechanics would lose their jobs.",
]
TAGS = ("<ul class='post-tags'><li><a href='/t/trams'>trams</a></li><li><a href='/t/city'>city</a></li>"
        "<li><a href='/t/drought-watch'>drought watch</a></li></ul>")


def _page(body: str) -> str:
    return ("<html><head><title>The old tram depot will close</title></head><body>"
            f"<h1>The old tram depot will close</h1><div class='entry'>{body}</div></body></html>")


def _body(html: str) -> str:
    return extract_article(html, "https://news.example/2024/05/tram-depot", listed=True)["articleBody"]


@pytest.mark.parametrize("cls", ["textTag", "edTag", "inline-hashtagged"])
def test_keyword_links_in_a_sentence_stay(cls: str) -> None:
    """Keywords linked inside the sentences (a science site's "textTag") are the sentence's words."""
    linked = [text.replace("tram depot", f"<a class='{cls}' rel='tag' href='/tags/trams/'>tram depot</a>")
              .replace("facade", f"<a class='{cls}' rel='tag' href='/tags/facade/'>facade</a>")
              for text in SENTENCES]
    body = _body(_page("".join(f"<p>{text}</p>" for text in linked * 2)))
    assert "confirmed on Monday that the old tram depot by the river will close" in body
    assert "asked the council to keep the brick facade and turn the hall into a" in body


def test_pasted_paragraphs_in_a_tags_named_span_stay() -> None:
    """Paragraphs pasted from a social network keep its span and class around their text."""
    span = "<span class='_4n-j _fbReactionComponent__eventDetailsContentTags fsl'>{}</span>"
    body = _body(_page("".join(f"<p>{span.format(text)}</p>" for text in SENTENCES * 2) + TAGS))
    for text in SENTENCES:
        assert text in body
    assert "drought watch" not in body


@pytest.mark.parametrize("cls", ["post-tags", "entry_tags", "tags", "article hashtags"])
def test_a_tag_list_stays_out(cls: str) -> None:
    tags = TAGS.replace("post-tags", cls)
    body = _body(_page("".join(f"<p>{text}</p>" for text in SENTENCES * 2) + tags))
    assert SENTENCES[-1] in body
    assert "drought watch" not in body
