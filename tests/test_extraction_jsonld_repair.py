"""JSON-LD that ``json`` refuses is read by a tolerant parser, and text values of structured data
are read with their HTML character references decoded (``structured.py``, ``metadata.py``)."""

from __future__ import annotations

import json

import pytest

from crawler.extraction.article import extract_article
from crawler.extraction.parsing import parse_html
from crawler.extraction.structured import MAX_REPAIR, StructuredData, extract_structured, plain_text


def _structured(*scripts: str) -> StructuredData:
    tags = "".join(f'<script type="application/ld+json">{script}</script>' for script in scripts)
    return extract_structured(parse_html(f"<html><head>{tags}</head><body><p>x</p></body></html>"))


# each written after a defect seen in real pages' JSON-LD, with values of its own
BROKEN = [
    pytest.param('{"@context": "https://schema.org", // set by the theme\n'
                 '"@type": "NewsArticle", "datePublished": "2023-10-02T07:15:00+02:00"}', id="line-comment"),
    pytest.param('{"@type": "NewsArticle", /* CMS field 12 */ "datePublished": "2023-10-02T07:15:00+02:00"}',
                 id="block-comment"),
    pytest.param('{"@type": "NewsArticle", "headline": "Council calls the bypass "a dead end"",\n'
                 '"datePublished": "2023-10-02T07:15:00+02:00"}', id="quotes-in-a-value"),
    pytest.param('{"@type": "NewsArticle", "author": Marta Nowak, "datePublished": "2023-10-02T07:15:00+02:00"}',
                 id="bare-word"),
    pytest.param("{'@type': 'NewsArticle', 'datePublished': '2023-10-02T07:15:00+02:00'}", id="single-quotes"),
    pytest.param('{"@type": "WebSite", "name": "Kurier"}\n'
                 '{"@type": "NewsArticle", "datePublished": "2023-10-02T07:15:00+02:00"}', id="two-objects"),
    pytest.param('[{"@type": "NewsArticle", "datePublished": "2023-10-02T07:15:00+02:00"}];', id="semicolon"),
    pytest.param('{"@type": "NewsArticle"\n"datePublished": "2023-10-02T07:15:00+02:00"}', id="missing-comma"),
    pytest.param('{"@type": "NewsArticle", "datePublished": "2023-10-02T07:15:00+02:00", "author": '
                 '{"@type": "Person", "name": "Ola', id="cut-short"),
]


@pytest.mark.parametrize("script", BROKEN)
def test_broken_jsonld_is_read(script: str) -> None:
    with pytest.raises(ValueError):
        json.loads(script)
    data = _structured(script)
    assert "newsarticle" in data.types
    assert data.articles[0]["datePublished"] == "2023-10-02T07:15:00+02:00"


def test_values_of_repaired_jsonld() -> None:
    data = _structured(BROKEN[2].values[0], BROKEN[3].values[0])
    assert data.articles[0]["headline"] == 'Council calls the bypass "a dead end"'
    assert data.articles[1]["author"] == "Marta Nowak"


@pytest.mark.parametrize(
    "script",
    [
        pytest.param("window.dataLayer = window.dataLayer || [];", id="code"),
        pytest.param('"a string and nothing else', id="string"),
        pytest.param("[" * 100_000, id="deep-lists"),
        pytest.param('{"a": ' * 30_000, id="deep-objects"),
        pytest.param('{"@type": "NewsArticle", "datePublished": "2023-10-02", // too long\n "x": "'
                     + "y" * MAX_REPAIR + '"}', id="over-the-limit"),
    ],
)
def test_what_is_not_repaired(script: str) -> None:
    data = _structured(script)
    assert not data.types
    assert not data.articles


PARAGRAPHS = [
    "The regional council voted on Monday evening to stop planning the eastern bypass, after the cost "
    "estimate for the bridge over the river doubled in the two years since the first survey.",
    "Residents of the villages along the old road had campaigned for the bypass for more than twenty years, "
    "and several of them spoke at the meeting before the vote, some of them in tears.",
    "The council will now ask the state transport office to lower the speed limit in the villages and to "
    "build two crossings near the schools, which it says can be done within eighteen months.",
]


def _page(head: str, title: str = "Bypass plan dropped") -> str:
    return (f"<html><head>{head}</head><body><main><h1>{title}</h1>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</main></body></html>")


def test_record_reads_a_broken_script() -> None:
    script = ('{"@context": "https://schema.org",\n  "@type": "NewsArticle",\n'
              '  "headline": "Council drops the eastern bypass",  // from the CMS\n'
              '  "author": Marta Nowak,\n  "datePublished": "2023-10-02 07:15:00"\n}')
    html = _page(f'<script type="application/ld+json">{script}</script>')
    record = extract_article(html, "https://kurier.example/region/bypass-plan-dropped", listed=True)
    assert record["headline"] == "Council drops the eastern bypass"
    assert record["datePublished"] == "2023-10-02T07:15:00"
    assert [a["name"] for a in record["authors"]] == ["Marta Nowak"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ministry&#8217;s plan", "Ministry\u2019s plan"),
        ("Fish &amp; chips", "Fish & chips"),
        ("And finally&amp;#8230; rain", "And finally\u2026 rain"),  # escaped twice
        ("Wohngew&#x00E4;chshaus&#x20;bauen", "Wohngewächshaus bauen"),
        ("a&nbsp;game", "a game"),
        ("  spaced \n out  ", "spaced out"),
        ("AT&T; Q&A", "AT&T; Q&A"),  # no reference
        ("", ""),
    ],
)
def test_plain_text(text: str, expected: str) -> None:
    assert plain_text(text) == expected


def test_record_fields_decode_references() -> None:
    script = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": "Council&#8217;s bypass plan &#8211; dropped",
        "author": {"@type": "Person", "name": "Jos&eacute; Pe&ntilde;a"},
        "datePublished": "2023-10-02T07:15:00+02:00",
    })
    crumbs = json.dumps({
        "@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "News &amp; Region", "item": "https://kurier.example/region/"},
        ],
    })
    html = _page(f'<script type="application/ld+json">{script}</script>'
                 f'<script type="application/ld+json">{crumbs}</script>', title="Kurier: Region")
    record = extract_article(html, "https://kurier.example/region/bypass-plan-dropped", listed=True)
    assert record["headline"] == "Council\u2019s bypass plan \u2013 dropped"
    assert [a["name"] for a in record["authors"]] == ["José Peña"]
    assert record["breadcrumbs"][0]["name"] == "News & Region"


def test_og_title_escaped_twice() -> None:
    html = _page('<meta property="og:title" content="Bypass plan dropped&amp;#8230; for now">',
                 title="Bypass plan dropped\u2026 for now")
    record = extract_article(html, "https://kurier.example/region/bypass-plan-dropped", listed=True)
    assert record["headline"] == "Bypass plan dropped\u2026 for now"
