"""``<noscript>`` elements: removed with the page's other never-text elements, unless they hold
the page (a post served to readers without scripts, or a ``<noscript>`` left open that swallowed
the rest of the page); then only their tags go."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article
from crawler.extraction.parsing import NOSCRIPT_WORDS, noscript_holds_page, parse_html, strip_never_text

PARAGRAPHS = [
    "The regional water board said on Thursday that the reservoir above the valley had reached its "
    "lowest level in twenty years, and asked households to cut their use by a fifth until the autumn rains.",
    "Farmers in the lower valley have already been told that irrigation will be rationed from next week, "
    "with the largest users asked to present a plan for the summer by the end of the month.",
    "The board's chair told reporters that the restrictions would be lifted as soon as the level recovers, "
    "and that the new pipeline from the northern lakes should be finished before the next dry season.",
    "Opposition councillors said the warnings had come too late and called for an inquiry into how the "
    "board had managed the reservoir during the wet winters of the last three years.",
]
POST = "".join(f"<p>{text}</p>" for text in PARAGRAPHS * 2)  # about 260 words
SIDEBAR = ("<aside><h3>Labels</h3><ul><li><a href='/l/water'>water</a></li><li><a href='/l/farming'>farming"
           "</a></li></ul><p>Subscribe to the newsletter.</p></aside>")


def _page(body: str) -> str:
    return ("<html><head><title>Reservoir at its lowest in twenty years</title></head><body>"
            f"<h1>Reservoir at its lowest in twenty years</h1>{body}</body></html>")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a blog platform's post served whole in <noscript>, a sidebar beside it
        (f"<div class='post-body'><noscript>{POST}</noscript></div>{SIDEBAR}", True),
        # a <noscript> left open: the parser puts the rest of the page in it
        (f"<noscript><img src='/pixel.gif'>{POST}{SIDEBAR}", True),
        # a tracking pixel and a note beside the article
        (f"<noscript><img src='/pixel.gif'></noscript><noscript>Please enable JavaScript.</noscript>{POST}",
         False),
        # the same text inside and outside (a player's transcript for readers without scripts)
        (f"<noscript>{POST}</noscript><div>{POST}</div>", False),
        # a short post in <noscript>: under the bar, removed as before
        (f"<noscript><p>{PARAGRAPHS[0]}</p></noscript>", False),
    ],
)
def test_noscript_holds_page(body: str, expected: bool) -> None:
    tree = parse_html(_page(body))
    assert noscript_holds_page(tree) is expected


def test_the_bar_counts_words_inside() -> None:
    words = " ".join(["word"] * (NOSCRIPT_WORDS - 1))
    assert not noscript_holds_page(parse_html(_page(f"<noscript><p>{words}.</p></noscript>")))
    assert noscript_holds_page(parse_html(_page(f"<noscript><p>{words} more.</p></noscript>")))


def test_strip_keeps_the_content_in_place() -> None:
    tree = parse_html(_page(f"<div class='post-body'><noscript>{POST}</noscript></div>{SIDEBAR}"
                            "<script>var x = 1;</script>"))
    strip_never_text(tree)
    assert not tree.xpath("//noscript|//script")
    assert len(tree.xpath("//div[@class='post-body']/p")) == 8


def test_strip_removes_small_noscripts_and_their_text() -> None:
    tree = parse_html(_page(f"<noscript>Please enable JavaScript.</noscript>{POST}"))
    strip_never_text(tree)
    assert not tree.xpath("//noscript")
    assert "enable JavaScript" not in tree.text_content()


@pytest.mark.parametrize(
    "body",
    [
        f"<div class='post-body'><noscript>{POST}</noscript></div>{SIDEBAR}",
        f"<div class='post-body'><noscript><img src='/pixel.gif'>{POST}{SIDEBAR}",
    ],
)
def test_article_in_noscript_is_extracted(body: str) -> None:
    record = extract_article(_page(body), "https://blog.example/2024/05/reservoir.html")
    assert PARAGRAPHS[0] in record["articleBody"]
    assert PARAGRAPHS[3] in record["articleBody"]
    assert "Subscribe" not in record["articleBody"]


def test_article_beside_a_notice_keeps_the_notice_out() -> None:
    record = extract_article(_page(f"<noscript><p>Please enable JavaScript to comment on this story.</p></noscript>"
                                   f"<article>{POST}</article>"), "https://news.example/2024/05/reservoir")
    assert PARAGRAPHS[0] in record["articleBody"]
    assert "JavaScript" not in record["articleBody"]
