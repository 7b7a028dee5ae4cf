"""Articles in scripts that do not cut words and sentences like Latin text: Devanagari and the
other Indic scripts (the danda, vowel signs inside words), Arabic and Urdu, Thai and Lao (no
spaces between words, no sentence-final punctuation), Myanmar, Khmer, Ethiopic, Armenian, CJK.
Each story stands in a page of today and in a table-built page of 2008 with no metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extraction import extract_article
from crawler.extraction.blocks import _WORD, count_words, word_runs

STORIES: dict[str, dict[str, object]] = json.loads(
    (Path(__file__).parent / "fixtures" / "scripts.json").read_text("utf-8")
)["stories"]
NAV = ("Home", "World", "Sport", "Culture")


def modern(lang: str, headline: str, paragraphs: list[str]) -> str:
    story = "".join(f"<p>{p}</p>" for p in paragraphs)
    most_read = "".join(f"<li><a href='/n/{i}'>{p[:30]}</a></li>" for i, p in enumerate(paragraphs[:5]))
    return (f"<html lang='{lang}'><head><meta charset='utf-8'><title>{headline} - News</title></head><body>"
            "<header><nav>" + " ".join(f"<a href='/{n.lower()}'>{n}</a>" for n in NAV) + "</nav></header>"
            f"<main><h1>{headline}</h1><div class='story-body'>{story}</div></main>"
            f"<aside><h3>Most read</h3><ul>{most_read}</ul></aside>"
            "<footer><p>Copyright 2026 News</p></footer></body></html>")


def table_built(lang: str, headline: str, paragraphs: list[str]) -> str:
    return ("<html><head><title>" + headline + "</title></head><body><table width='100%'><tr>"
            "<td width='150' valign='top'>" + "<br>".join(f"<a href='/{n.lower()}'>{n}</a>" for n in NAV) + "</td>"
            f"<td valign='top'><font size='4'><b>{headline}</b></font><br><br>"
            + "<br><br>".join(paragraphs) + "</td></tr></table></body></html>")


@pytest.mark.parametrize("template", [modern, table_built])
@pytest.mark.parametrize("lang", sorted(STORIES))
def test_a_story_in_any_script_is_an_article_with_all_its_paragraphs(lang: str, template: object) -> None:
    story = STORIES[lang]
    paragraphs = story["paragraphs"]
    assert isinstance(paragraphs, list)
    page = template(lang, story["headline"], paragraphs)  # type: ignore[operator]
    record = extract_article(page.encode("utf-8"), "https://news.example/2026/11/story-12345.html",
                             {"Content-Type": "text/html; charset=utf-8"})
    body = record["articleBody"]
    assert [p for p in paragraphs if p not in body] == []
    assert not any(word in body for word in NAV)
    assert record["inLanguage"] == lang


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The board voted on Monday.", 5),
        ("don't stop", 3),
        # vowel signs are part of the word, not breaks in it
        ("केंद्र सरकार ने सोमवार को संसद में नया कृषि विधेयक पेश किया।", 12),
        ("ঢাকায় টানা বৃষ্টিতে জলাবদ্ধতা", 4),
        ("הממשלה אישרה תוכנית", 3),
        # two CJK characters, four Thai letters and marks, count as one word
        ("国家统计局发布最新经济数据", 6),
        ("กรมอุตุนิยมวิทยา", 4),
        ("Bangkok กรมอุตุนิยมวิทยา", 5),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "", " ", "The board voted on Monday.", "don't stop", "well-known (said) “quoted”, end…",
        "snake_case __init__ _ __", "U.S.-led 3,000 1.5% #tag @user", "e\u0301te\u0301 cafe\u0301",
        "केंद्र सरकार ने।", "ঢাকায়", "הממשלה", "—", "…and", "x\u00a0y\u2003z\tw\nv", "½ ² ٣ ⅷ",
        "‘’«»„‚‹›·•", "a—b–c", "http://example.com/a_b-c?d=e",
    ],
)
def test_word_runs_is_the_regex(text: str) -> None:
    """The counting without the regex gives the regex's count (its pieces, the regex's rest)."""
    assert word_runs(text) == len(_WORD.findall(text))


def test_word_runs_is_the_regex_on_random_text() -> None:
    """Random text of letters, marks, digits, punctuation and spaces of many scripts."""
    import random

    rng = random.Random(12)
    alphabet = [chr(c) for c in range(0x20, 0x3100) if not 0xD800 <= c < 0xE000] + list(" \n\t_-.,'’“”") * 40
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 50)))
        assert word_runs(text) == len(_WORD.findall(text)), repr(text)
