"""JSON-LD objects referred to by their ``@id`` (the ``@graph`` of WordPress SEO plugins writes the
article's author and image so) are read where they are referred to; an author value with no name
leaves the other sources of a name to be read."""

from __future__ import annotations

import json

from crawler.extraction.article import extract_article

PARAGRAPHS = [
    "The orchard cooperative picked its first apples of the season this week, two weeks earlier than "
    "usual after a warm spring and a dry summer that left the fruit small but sweet.",
    "Members said the harvest would be about a fifth smaller than last year's, and that the price they "
    "get from the juice press has not changed in three years while their costs have risen.",
    "The cooperative plans to sell more of its apples at the farm shop and at two weekly markets in town, "
    "where a kilo fetches almost three times what the press pays for it.",
]
URL = "https://valley.example/2024/08/apple-harvest-starts-early/"


def _page(graph: list[dict[str, object]], head: str = "") -> str:
    script = json.dumps({"@context": "https://schema.org", "@graph": graph})
    return (f'<html><head><script type="application/ld+json">{script}</script>{head}</head><body><article>'
            "<h1>Apple harvest starts early</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            + "</article></body></html>")


GRAPH: list[dict[str, object]] = [
    {"@type": "Article", "@id": URL + "#article", "headline": "Apple harvest starts early",
     "author": {"@id": "https://valley.example/#/schema/person/7a1"},
     "image": {"@id": URL + "#primaryimage"}, "datePublished": "2024-08-20T06:00:00+02:00"},
    {"@type": "ImageObject", "@id": URL + "#primaryimage",
     "url": "https://valley.example/uploads/2024/08/apples.jpg", "width": 1200, "height": 800},
    {"@type": "Person", "@id": "https://valley.example/#/schema/person/7a1", "name": "Mira Holt",
     "url": "https://valley.example/author/mira-holt/"},
]


def test_author_and_image_by_reference() -> None:
    record = extract_article(_page(GRAPH), URL, listed=True)
    assert record["authors"] == [{"name": "Mira Holt", "url": "https://valley.example/author/mira-holt/",
                                  "nameRaw": "Mira Holt"}]
    assert record["mainImage"] == {"url": "https://valley.example/uploads/2024/08/apples.jpg"}


def test_a_reference_to_nothing_on_the_page_gives_way() -> None:
    graph = [dict(GRAPH[0], author={"@id": "https://valley.example/#/schema/person/none"})]
    record = extract_article(_page(graph, '<meta name="author" content="Tomas Ried">'), URL, listed=True)
    assert record["authors"] == [{"name": "Tomas Ried", "nameRaw": "Tomas Ried"}]


def test_an_author_with_no_name_gives_way() -> None:
    graph = [dict(GRAPH[0], author={"@type": "Person", "name": ""})]
    record = extract_article(_page(graph, '<meta name="author" content="Tomas Ried">'), URL, listed=True)
    assert record["authors"] == [{"name": "Tomas Ried", "nameRaw": "Tomas Ried"}]
