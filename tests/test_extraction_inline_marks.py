"""A word of a sentence whose inline element carries a furniture class (a newspaper's topic links
``<a class="meta-loc">Sudan</a>``, a site's keyword links ``internal_tag``, a link that opens in
a pop-up) stays in its sentence; an inline element the sentence does not go on through (a label
after a sentence's end, share links after "Share:", a hidden word) stays out."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article

SENTENCES = [
    "After nearly twenty years of hostile relations, the government plans to reverse its position on {w} "
    "and lift the trade sanctions, officials of the administration said late on Thursday evening.",
    "The country is one of the poorest and most isolated in the region, and for years the measures "
    "imposed on it have failed to make its government stop the fighting in the provinces of the south.",
    "In return, the government will improve access for aid groups, stop supporting rebels in "
    "neighbouring {w}, and cooperate with the intelligence services of its former adversaries.",
    "Analysts said that good relations could strengthen the moderate voices within the country, "
    "which has long been a haven for armed groups, and open its markets to farm machinery and parts.",
    "A spokesman for the ministry said the decision had been prepared for months (with {w} and its "
    "neighbours) and that it would be reviewed in six months, whatever the result of the elections.",
]


def _page(paragraphs: list[str]) -> str:
    body = "".join(f"<p class='story-body-text'>{text}</p>" for text in paragraphs)
    return ("<html><head><title>Sanctions to be lifted</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
            f"<h1>Sanctions to be lifted</h1>{body}</article><footer>About us</footer></body></html>")


def _body(html: str) -> str:
    return extract_article(html, "https://news.example/2017/01/13/world/sanctions.html", listed=True)["articleBody"]


@pytest.mark.parametrize(
    "element",
    [
        "<a href='https://topics.example/sudan/' class='meta-loc'>Sudan</a>",
        "<a href='/thema/sudan' class='st_tag internal_tag'>Sudan</a>",
        "<a href='https://www.example.org/' class='external-popup'>Sudan</a>",
        "<span class='popup-iframe'><a href='/sudan'>Sudan</a></span>",
        "<a href='/topics/sudan' id='share-link-3'>Sudan</a>",
    ],
)
def test_a_marked_word_in_a_sentence_stays(element: str) -> None:
    body = _body(_page([text.format(w=element) for text in SENTENCES]))
    assert "reverse its position on Sudan and lift the trade sanctions" in body
    assert "rebels in neighbouring Sudan, and cooperate" in body
    assert "for months (with Sudan and its neighbours)" in body
    assert len(body.splitlines()) == len(SENTENCES)


def test_a_label_between_sentences_stays_out() -> None:
    """After a sentence's end, an advertisement's label is no word of the text."""
    paragraphs = [text.format(w="Sudan") for text in SENTENCES]
    paragraphs[1] = paragraphs[1].replace(
        "south.", "south. <span class='ad-label'>Advertisement</span> The fighting went on."
    )
    body = _body(_page(paragraphs))
    assert "Advertisement" not in body
    assert "The fighting went on." in body


def test_share_links_and_a_hidden_word_stay_out() -> None:
    paragraphs = [text.format(w="Sudan") for text in SENTENCES]
    paragraphs[0] = paragraphs[0].replace(
        "Thursday evening.", "Thursday <span class='meta' style='display:none'>draft</span> evening."
    )
    paragraphs.append("Share this: <a class='share-link' href='/s/tw'>Twitter</a> "
                      "<a class='share-link' href='/s/fb'>Facebook</a>")
    body = _body(_page(paragraphs))
    assert "said late on Thursday" in body
    assert "draft" not in body
    assert "Twitter" not in body and "Facebook" not in body


def test_a_long_marked_phrase_stays_out() -> None:
    """More than a phrase (a promotion's sentence set inside a paragraph) is what its class says."""
    paragraphs = [text.format(w="Sudan") for text in SENTENCES]
    promo = "<span class='promo'>sign up for our daily newsletter and never miss a story again</span>"
    paragraphs[3] = paragraphs[3].replace("which has long", f"which {promo} has long")
    body = _body(_page(paragraphs))
    assert "newsletter" not in body
