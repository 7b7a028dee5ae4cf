"""The output's JSON lines exporter (crawler/exporters.py) writes the bytes Scrapy's writes."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from scrapy.exporters import JsonLinesItemExporter
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.exporters import RecordJsonLinesItemExporter
from crawler.extensions.final_verdicts import FinalVerdicts
from crawler.items import (
    RECORD_FIELDS,
    Article,
    Author,
    Breadcrumb,
    ClaimedSource,
    Image,
    Metadata,
    SourceCheck,
    Syndication,
)


def _items() -> list[Any]:
    full = Article(
        url="https://news.example/2026/ünï-ü?x=1", canonicalUrl="https://news.example/c", site="news",
        siteKind="news", headline="Héadline \u201cquoted\u201d \U0001f600", articleBody="Line one\nLine \"two\"\t\\",
        articleBodyHtml="<article><p>a &amp; b</p></article>", description=None,
        datePublished="2026-12-01T10:00:00+01:00",
        datePublishedRaw="1 Dec 2026", dateModified=None,
        authors=[Author(name="A. Writer", url="https://news.example/w"), Author(name="B")],
        inLanguage="fr", mainImage=Image(url="https://news.example/i.jpg"),
        images=[Image(url="https://news.example/i.jpg"), Image(url="https://cdn.example/2.png")],
        breadcrumbs=[Breadcrumb(name="Monde", url="https://news.example/monde"), Breadcrumb(name="Europe")],
        claimedSource=ClaimedSource("https://b.example/x", "Article source: https://b.example/x", "text", "strong"),
        syndication=Syndication("c0123", "copy", "https://b.example/x", 0.8571),
        sourceCheck=SourceCheck("mismatch", ["slug_mismatch", "content_mismatch"], "https://b.example/x"),
        metadata=Metadata(dateDownloaded="2026-12-01T06:26:42Z", discoveredVia="feed", httpStatus=200, spider="news"),
        claimFetch={"url": "https://b.example/x", "status": 200, "words": [1, 2]},
    )
    bare = Article(url="https://agg.example/p", site="agg", siteKind="aggregator")
    odd = Article(url="https://agg.example/q", site="agg", siteKind="aggregator", headline="t",
                  claimFetch={"tuple": (1, 2), "set": {3}})  # values record_of leaves to asdict
    return [full, bare, odd, {"url": "https://x.example/", "headline": "a dict item", "extra": [1, 2]}]


@pytest.mark.parametrize("options", [
    {"fields_to_export": list(RECORD_FIELDS), "encoding": "utf-8"},
    {"fields_to_export": list(RECORD_FIELDS)},  # no encoding: ASCII escapes
    {"fields_to_export": [*RECORD_FIELDS, "missing"], "encoding": "utf-8", "export_empty_fields": True},
    {"fields_to_export": ["headline", "url", "missing"], "encoding": "utf-8"},
    {"fields_to_export": {"url": "URL", "headline": "title"}, "encoding": "utf-8"},
    {"encoding": "utf-8"},
])
def test_same_bytes_as_scrapys_exporter(options: dict[str, Any]) -> None:
    ours, theirs = io.BytesIO(), io.BytesIO()
    mine = RecordJsonLinesItemExporter(ours, **options)
    scrapys = JsonLinesItemExporter(theirs, **options)
    for item in _items():
        mine.export_item(item)
        scrapys.export_item(item)
    assert ours.getvalue() == theirs.getvalue()
    assert (mine.names is not None) == isinstance(options.get("fields_to_export"), list)  # which path wrote
    assert ours.getvalue().count(b"\n") == len(_items())


def test_the_project_writes_json_lines_with_it_and_final_verdicts_rewrite_them() -> None:
    settings = Settings()
    settings.setmodule(project_settings)
    exporters = settings.getwithbase("FEED_EXPORTERS")
    for fmt in ("jsonlines", "jsonl", "jl"):
        assert exporters[fmt] == "crawler.exporters.RecordJsonLinesItemExporter"
    assert {"jsonlines", "jsonl", "jl"} <= FinalVerdicts(get_crawler(settings_dict=settings.copy_to_dict())).json_lines


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1", None])
def test_a_line_the_encoding_cannot_hold_is_written_as_escapes(encoding: str | None) -> None:
    """A lone surrogate (no UTF-8 holds it) or a character outside ``latin-1``: Scrapy's exporter
    raises in its signal handler and the record is lost; this one writes JSON escapes, the same
    value read back."""
    item = Article(url="https://agg.example/p", site="agg", siteKind="aggregator",
                   headline="Cut \ud83d \u20ac \U0001f600 é", articleBody="body")
    with pytest.raises(UnicodeEncodeError):
        JsonLinesItemExporter(io.BytesIO(), fields_to_export=list(RECORD_FIELDS), encoding="utf-8").export_item(item)
    out = io.BytesIO()
    RecordJsonLinesItemExporter(out, fields_to_export=list(RECORD_FIELDS), encoding=encoding).export_item(item)
    line = out.getvalue().decode(encoding or "utf-8")
    assert line.endswith("\n") and line.count("\n") == 1
    assert json.loads(line)["headline"] == item.headline
    assert json.loads(line)["url"] == item.url
