"""The article decision without provenance hints (``decision.py``, ``page_evidence.py``): pages
written after real markup of each kind, the features they give, and the weights' consistency."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from crawler.extraction import NotArticle, extract_article
from crawler.extraction.article import analyse
from crawler.extraction.decision import (
    MIN_WORDS,
    RULE_FEATURES,
    THRESHOLD,
    WEIGHTS,
    bare_prose,
    declares_thread,
    features,
    is_article,
    score,
    score_of,
)

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
    assert found["markup"] == 0.0 and found["plain_prose"] == 1.0 and found["viewport"] == 0.0
    assert bare_prose(found)


PITCH = [
    "Plan every project in one place, from the first idea to the last invoice, and see at a glance which tasks "
    "are late and who is waiting on whom.",
    "Boards, lists and calendars share the same tasks, so each team works the way it likes while managers keep "
    "one view of the whole portfolio.",
    "Invite clients as guests, keep files next to the tasks they belong to, and let reminders chase the "
    "deadlines so that nobody has to.",
]


def service_home(viewport: bool) -> str:
    """A web service's home page of plain prose that declares nothing (no schema.org, no
    OpenGraph): three paragraphs of its pitch and a sign-up form, with or without the viewport
    every page laid out for phones sets."""
    head = "<meta name='viewport' content='width=device-width, initial-scale=1'>" if viewport else ""
    pitch = "".join(f"<p>{text}</p>" for text in PITCH)
    return (
        f"<html><head><title>Tasks</title>{head}</head><body><header><a href='/'>Tasks</a>"
        f"<a href='/login'>Log in</a></header><main><h1>Tasks</h1>{pitch}"
        "<form action='/signup'><input type='email' name='email' placeholder='Work email'>"
        "<input type='password' name='password'><button>Start free</button></form></main>"
        "<footer><p>Tasks Ltd.</p></footer></body></html>"
    )


@pytest.mark.parametrize(("viewport", "accepted"), [(False, True), (True, False)])
def test_bare_prose_is_a_page_before_phones(viewport: bool, accepted: bool) -> None:
    """Plain prose declaring nothing is an article whatever its score only on a page of the web
    before phones (``bare_prose``, for the news pages of 2008); a page with a viewport that
    declares nothing is scored like any other, and this one scores low (a home page, a name
    for a headline, a sign-up form)."""
    outcome = analyse(service_home(viewport), "https://tasks.example/")
    assert outcome.evidence is not None
    found = features(outcome.evidence)
    assert found["markup"] == 0.0 and found["span_prose"] == 1.0
    assert found["viewport"] == float(viewport)
    assert score(outcome.evidence) < THRESHOLD
    assert bare_prose(found) is accepted
    assert (outcome.reason is None) is accepted


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


def qa_page(scope: str = "QAPage", comment_of: str | None = None) -> str:
    """A question and its answers in prose, as a Q&A site marks them up (microdata: the page's
    outermost ``itemscope`` is the ``scope`` type, the question and answers nested in it). With
    ``comment_of``, the same text is an article of that type whose comments are the nested part."""
    answers = "".join(
        f"<div itemprop='suggestedAnswer' itemscope itemtype='https://schema.org/Answer'>"
        f"<div itemprop='text'><p>{p}</p><p>{PROSE[(i + 1) % 4]}</p></div></div>"
        for i, p in enumerate(PROSE)
    )
    if comment_of is not None:
        answers = answers.replace("suggestedAnswer", "comment").replace("schema.org/Answer", "schema.org/Comment")
    outer = comment_of or scope
    return (
        "<html><head><title>Why do water rates rise every spring?</title></head><body>"
        f"<main itemscope itemtype='https://schema.org/{outer}'><time itemprop='dateCreated' "
        "datetime='2025-03-01T10:00:00Z'>asked March 1, 2025</time><h1 itemprop='name'>Why do water rates rise every "
        f"spring?</h1><p itemprop='text'>{PROSE[0]}</p>{answers}</main></body></html>"
    )


@pytest.mark.parametrize("scope", ["QAPage", "DiscussionForumPosting"])
def test_a_page_declaring_itself_a_thread_is_refused_without_hints_whatever_its_score(scope: str) -> None:
    url = "https://answers.example/2025/03/why-do-water-rates-rise-every-spring"  # a dated path
    outcome = analyse(qa_page(scope), url)
    assert outcome.evidence is not None
    assert declares_thread(outcome.evidence.data)
    assert score(outcome.evidence) >= THRESHOLD  # its shape alone reads as an article
    assert outcome.reason == "not_article"
    assert extract_article(qa_page(scope), url, listed=True)["articleBody"]


@pytest.mark.parametrize("kind", ["NewsArticle", "BlogPosting"])
def test_an_article_whose_comments_are_marked_up_is_no_thread(kind: str) -> None:
    outcome = analyse(qa_page(comment_of=kind), "https://news.example/2025/03/01/water-rates")
    assert outcome.evidence is not None
    assert not declares_thread(outcome.evidence.data)
    assert outcome.reason is None


@pytest.mark.parametrize(
    ("ld", "thread"),
    [
        ({"@type": "QAPage", "mainEntity": {"@type": "Question"}}, True),
        ({"@graph": [{"@type": "WebSite"}, {"@type": "DiscussionForumPosting"}]}, True),
        ([{"@type": "Organization"}, {"@type": ["DiscussionForumPosting", "SocialMediaPosting"]}], True),
        ({"@graph": [{"@type": "DiscussionForumPosting"}, {"@type": "NewsArticle"}]}, False),  # an article beside it
        ({"@type": "NewsArticle", "comment": [{"@type": "DiscussionForumPosting"}]}, False),  # nested: its comments
        ({"@type": "FAQPage", "mainEntity": [{"@type": "Question", "acceptedAnswer": {"@type": "Answer"}}]}, False),
    ],
)
def test_the_types_a_page_declares_for_itself_are_its_top_level_ones(ld: object, thread: bool) -> None:
    html = (f"<html><head><script type='application/ld+json'>{json.dumps(ld)}</script></head><body>"
            f"<h1>Water rates</h1>{''.join(f'<p>{p}</p>' for p in PROSE)}</body></html>")
    outcome = analyse(html, "https://site.example/page")
    assert outcome.evidence is not None
    assert declares_thread(outcome.evidence.data) is thread


def test_outermost_scopes_of_deep_and_sibling_microdata() -> None:
    """Scopes nested 3,000 deep count once (their outermost), siblings each; each element is
    climbed past once, so a page of deep scopes costs no more than its size."""
    from lxml.html import HtmlElement, fromstring

    from crawler.extraction.structured import _outermost_scopes, microdata_elements

    root: HtmlElement = fromstring("<html><body></body></html>")
    body = root.find("body")
    assert body is not None
    outer = []
    for kind in ("QAPage", "Organization"):
        node = body.makeelement("div", {"itemscope": "", "itemtype": f"https://schema.org/{kind}"})
        body.append(node)
        outer.append(node)
        for _ in range(3000):
            child = node.makeelement("div", {"itemscope": "", "itemtype": "https://schema.org/Answer"})
            node.append(child)
            node = child
    assert _outermost_scopes(microdata_elements(root)) == outer


def test_the_decision_is_the_full_score_where_it_leaves_the_page_unread() -> None:
    """``is_article`` reads the page's own features only when the bare-prose rule has not already
    said "article": its answer is the full formula's on every page of the quality sample (real
    articles and other page types) and on the pages above."""
    sample = Path(__file__).parent / "fixtures" / "quality"
    pages = [(news_2008(), "http://www.valleycourier.example/index.php?/site/article/4250/"),
             (docs_page(), "https://client.example/docs/guide/configure"),
             (forum_page(), "https://forum.example/t/water-rates-going-up-again/1234")]
    for truth_file in sorted(sample.glob("*/ground-truth.json")):
        for page_id, entry in sorted(json.loads(truth_file.read_text(encoding="utf-8")).items()):
            raw = gzip.decompress((truth_file.parent / "html" / f"{page_id}.html.gz").read_bytes())
            pages.append((raw.decode("utf-8", "replace"), entry.get("url") or ""))
    answers = {True: 0, False: 0}
    bare = 0
    for html, url in pages:
        evidence = analyse(html, url, min_words=0).evidence
        if evidence is None or evidence.words < MIN_WORDS or declares_thread(evidence.data):
            continue
        found = features(evidence)
        expected = bare_prose(found) or score_of(found) >= THRESHOLD
        assert is_article(evidence, 0) == expected
        answers[expected] += 1
        bare += bare_prose(found)
    assert answers[True] > 20 and answers[False] > 5 and bare >= 1
