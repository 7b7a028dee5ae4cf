"""The article decision without provenance hints (``decision.py``, ``page_evidence.py``): pages
written after real markup of each kind, the features they give, and the weights' consistency."""

from __future__ import annotations

import json

import pytest

from crawler.extraction import NotArticle, extract_article
from crawler.extraction.article import analyse
from crawler.extraction.decision import MIN_WORDS, RULE_FEATURES, WEIGHTS, bare_prose, features

PROSE = [
    "The county water board voted on Thursday to raise rates for the first time in six years, citing the cost of "
    "replacing pipes laid before the war and a drop in summer reservoir levels that forced emergency purchases.",
    "Board members said the increase, about four dollars a month for a typical household, would be phased in over "
    "two years, while a fund for low-income customers would double in size by next spring.",
    "Residents who spoke at the hearing asked why the repairs had been put off for so long, and several said they "
    "had only learned of the proposal from a neighbour the night before the vote was taken.",
    "The chairman replied that the board had published notices in the paper and online, but conceded that the "
    "outreach had not been enough and promised a series of meetings in each district this autumn.",
]


def news_2008() -> str:
    """A 2008 news page: tables for layout, a link sidebar, no schema.org, no OpenGraph."""
    sidebar = "".join(f"<li><a href='/section/{i}'>Section {i}</a></li>" for i in range(12))
    story = "".join(f"<p>{p}</p>" for p in PROSE)
    return (
        "<html><head><title>Water rates to rise - The Valley Courier</title></head><body>"
        f"<table><tr><td valign='top'><ul>{sidebar}</ul></td><td>"
        f"<h1>Water rates to rise</h1><div class='story'>{story}</div>"
        "</td></tr></table><p>Copyright 2008 The Valley Courier</p></body></html>"
    )


def docs_page() -> str:
    """A documentation page: TechArticle, a navigation tree, code blocks, short instructions."""
    nav = "".join(f"<li><a href='/docs/guide/{i}'>Chapter {i}</a></li>" for i in range(25))
    steps = "".join(
        f"<h2>Step {i}</h2><p>Run the command below to configure the client, then check the output.</p>"
        f"<pre><code>client config set option-{i} --value {i}</code></pre>"
        for i in range(8)
    )
    ld = json.dumps({"@context": "https://schema.org", "@type": "TechArticle", "headline": "Configure the client"})
    return (
        f"<html><head><script type='application/ld+json'>{ld}</script>"
        "<meta property='og:type' content='website'></head><body>"
        f"<nav><ul>{nav}</ul></nav><main><h1>Configure the client</h1>{steps}</main>"
        "<form><input type='search' name='q'><button>Search</button></form></body></html>"
    )


def forum_page() -> str:
    """A forum thread: DiscussionForumPosting, repeated posts each with a user, a date and a reply button."""
    posts = "".join(
        f"<div class='post'><div class='user'><a href='/u/{i}'>user{i}</a></div>"
        f"<div class='date'>2025-03-{i + 1:02d} 10:{i:02d}</div>"
        f"<div class='message'><p>{PROSE[i % 4][:160]}?</p></div>"
        f"<button>Reply</button><button>Quote</button></div>"
        for i in range(10)
    )
    ld = json.dumps({"@context": "https://schema.org", "@type": "DiscussionForumPosting", "headline": "Water rates"})
    pager = "".join(f"<a href='?page={i}'>{i}</a>" for i in range(1, 8))
    return (
        f"<html><head><script type='application/ld+json'>{ld}</script></head><body>"
        f"<h1>Water rates going up again?</h1><div class='thread'>{posts}</div><div>{pager}</div></body></html>"
    )


def test_bare_prose_page_of_2008_is_an_article_without_hints() -> None:
    html = news_2008()
    outcome = analyse(html, "http://www.valleycourier.example/index.php?/site/article/4250/")
    assert outcome.reason is None
    assert outcome.evidence is not None
    found = features(outcome.evidence)
    assert found["markup"] == 0.0 and found["plain_prose"] == 1.0
    assert bare_prose(found)


def test_documentation_page_is_refused_without_hints_and_kept_with_one() -> None:
    html = docs_page()
    outcome = analyse(html, "https://client.example/docs/guide/configure")
    assert outcome.reason == "not_article"
    assert outcome.evidence is not None
    found = features(outcome.evidence)
    assert found["t_tech"] == 1.0 and found["code"] > 0 and found["inputs"] > 0
    assert extract_article(html, "https://client.example/docs/guide/configure", listed=True)["articleBody"]


def test_forum_thread_is_refused_without_hints() -> None:
    outcome = analyse(forum_page(), "https://forum.example/t/water-rates-going-up-again/1234")
    assert outcome.reason == "not_article"
    assert outcome.evidence is not None
    found = features(outcome.evidence)
    assert found["t_forum"] == 1.0 and found["short_dates"] > 0 and found["pagination"] > 0


def test_too_little_text_needs_a_hint() -> None:
    html = "<html><body><h1>Rates</h1><p>Water rates rise by four dollars a month from May.</p></body></html>"
    outcome = analyse(html, "https://news.example/2025/03/01/rates", min_words=0)
    assert outcome.evidence is not None and 0 < outcome.evidence.words < MIN_WORDS
    assert outcome.reason == "not_article"
    with pytest.raises(NotArticle):
        extract_article(html, "https://news.example/2025/03/01/rates", min_words=0)
    assert extract_article(html, "https://news.example/2025/03/01/rates", pattern_match=True)["articleBody"]


@pytest.mark.parametrize("make", [news_2008, docs_page, forum_page])
def test_every_feature_has_a_weight_and_every_weight_a_feature(make: object) -> None:
    outcome = analyse(make(), "https://any.example/page")  # type: ignore[operator]
    assert outcome.evidence is not None
    found = features(outcome.evidence)
    assert set(found) - RULE_FEATURES == set(WEIGHTS)
    assert all(isinstance(value, float) for value in found.values())
