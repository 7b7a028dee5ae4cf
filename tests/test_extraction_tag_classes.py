"""Class words ending in "tag": a tag list is named by a part of its own ("post-tags",
"entry_tags"); a word that merely ends in "tag" ("textTag", "eventDetailsContentTags") names
something in the text, which stays in the body."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article

SENTENCES = [
    "The regional water board said on Thursday that the reservoir above the valley had reached its "
    "lowest level in twenty years, and asked households to cut their use by a fifth.",
    "Farmers in the lower valley have already been told that irrigation will be rationed from next week, "
    "with the largest users asked to present a plan for the summer by the end of the month.",
    "The board's chair told reporters that the restrictions would be lifted as soon as the level recovers, "
    "and that the new pipeline from the northern lakes should be finished before the next dry season.",
    "Opposition councillors said the warnings had come too late and called for an inquiry into how the "
    "board had managed the reservoir during the wet winters of the last three years.",
]
TAGS = ("<ul class='post-tags'><li><a href='/t/water'>water</a></li><li><a href='/t/valley'>valley</a></li>"
        "<li><a href='/t/drought-watch'>drought watch</a></li></ul>")


def _page(body: str) -> str:
    return ("<html><head><title>Reservoir at its lowest in twenty years</title></head><body>"
            f"<h1>Reservoir at its lowest in twenty years</h1><div class='entry'>{body}</div></body></html>")


def _body(html: str) -> str:
    return extract_article(html, "https://news.example/2024/05/reservoir", listed=True)["articleBody"]


@pytest.mark.parametrize("cls", ["textTag", "edTag", "inline-hashtagged"])
def test_keyword_links_in_a_sentence_stay(cls: str) -> None:
    """Keywords linked inside the sentences (a science site's "textTag") are the sentence's words."""
    linked = [text.replace("irrigation", f"<a class='{cls}' rel='tag' href='/tags/irrigation/'>irrigation</a>")
              .replace("reservoir", f"<a class='{cls}' rel='tag' href='/tags/reservoir/'>reservoir</a>")
              for text in SENTENCES]
    body = _body(_page("".join(f"<p>{text}</p>" for text in linked * 2)))
    assert "Farmers in the lower valley have already been told that irrigation will be rationed" in body
    assert "said on Thursday that the reservoir above the valley" in body


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
