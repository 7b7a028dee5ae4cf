"""crawler.items: the record's typed classes are the one description of the output record; the
feed fields, the extraction's fields and the shipped JSON Schema agree with them."""

from __future__ import annotations

import ast
import dataclasses
import json
import typing
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from itemadapter import ItemAdapter
from scrapy.exporters import JsonLinesItemExporter

import crawler.items as items_module
from crawler import settings
from crawler.extraction import FIELDS
from crawler.items import EXTRACTED_FIELDS, RECORD_FIELDS, Article, ClaimedSource, Metadata, Syndication

SCHEMA = json.loads(resources.files("crawler").joinpath("schema/article.schema.json").read_text(encoding="utf-8"))
NESTED = {"authors": items_module.Author, "mainImage": items_module.Image, "claimedSource": ClaimedSource,
          "images": items_module.Image, "breadcrumbs": items_module.Breadcrumb,
          "videos": items_module.Video, "audios": items_module.Audio,
          "syndication": Syndication, "sourceCheck": items_module.SourceCheck, "metadata": Metadata}


def test_field_lists_derive_from_the_record() -> None:
    assert list(RECORD_FIELDS) == settings.FEED_EXPORT_FIELDS
    assert FIELDS == EXTRACTED_FIELDS
    assert set(EXTRACTED_FIELDS) < set(RECORD_FIELDS)
    assert "claimFetch" not in RECORD_FIELDS  # carried on the item, never exported


def test_schema_describes_every_field_and_only_them() -> None:
    assert SCHEMA["required"] == list(RECORD_FIELDS)
    assert set(SCHEMA["properties"]) == set(RECORD_FIELDS)


def _object_schema(node: dict[str, Any]) -> dict[str, Any]:
    for option in node.get("anyOf", [node]):
        if option.get("type") == "object" or "properties" in option:
            return option
        if option.get("type") in (["array", "null"], "array"):
            return option["items"]
    return node


@pytest.mark.parametrize("name", sorted(NESTED))
def test_schema_of_each_nested_part_matches_its_class(name: str) -> None:
    cls = NESTED[name]
    node = _object_schema(SCHEMA["properties"][name])
    assert set(node["properties"]) <= {f.name for f in dataclasses.fields(cls)}
    required = {f.name for f in dataclasses.fields(cls)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    assert required <= set(node.get("required", []))


def test_every_field_has_a_docstring() -> None:
    tree = ast.parse(Path(items_module.__file__).read_text(encoding="utf-8"))
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        body = cls.body
        for i, node in enumerate(body):
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                nxt = body[i + 1] if i + 1 < len(body) else None
                assert isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant), (
                    f"{cls.name}.{node.target.id} has no docstring")


def test_an_item_exports_as_a_valid_record(tmp_path: Path) -> None:
    item = Article(url="https://news.example/a", site="news", siteKind="news", headline="H",
                   authors=[items_module.Author(name="A. Writer")], dateModifiedRaw="20 Nov 2019 08:00 GMT",
                   videos=[items_module.Video("https://cdn.example/clip.mp4")],
                   audios=[items_module.Audio("https://cdn.example/talk.mp3")],
                   claimedSource=ClaimedSource("https://b.example/x", "via"),
                   syndication=Syndication("c1", "copy", "https://b.example/x", 0.9),
                   sourceCheck=items_module.SourceCheck("match", [], "https://b.example/x"),
                   metadata=Metadata(dateDownloaded="2026-12-01T00:00:00Z"), claimFetch={"url": "https://b.example/x"})
    path = tmp_path / "out.jsonl"
    with path.open("wb") as fh:
        exporter = JsonLinesItemExporter(fh, fields_to_export=list(RECORD_FIELDS))
        exporter.export_item(item)
    record = json.loads(path.read_text(encoding="utf-8"))
    assert list(record) == list(RECORD_FIELDS)
    jsonschema.Draft202012Validator(SCHEMA).validate(record)
    assert record["videos"] == [{"url": "https://cdn.example/clip.mp4"}]
    assert record["audios"] == [{"url": "https://cdn.example/talk.mp3"}]
    assert record["syndication"] == {"clusterId": "c1", "role": "copy", "duplicateOf": "https://b.example/x",
                                     "containment": 0.9}
    assert ItemAdapter(item).asdict()["claimedSource"] == {"url": "https://b.example/x", "text": "via", "kind": None,
                                                           "strength": None}


def test_verdict_parts_from_dicts() -> None:
    syn = {"clusterId": "c", "role": "unique", "duplicateOf": None, "containment": None}
    assert dataclasses.asdict(Syndication.from_dict(syn)) == syn
    sc = {"status": "mismatch", "reasons": ["slug_mismatch"], "originalUrl": None}
    assert dataclasses.asdict(items_module.SourceCheck.from_dict(sc)) == sc
    assert typing.get_type_hints(Article)["syndication"] == Syndication | None


def test_record_of_gives_what_itemadapter_gives() -> None:
    """The pipelines' fast conversion (``record_of``) and ``ItemAdapter(item).asdict()`` agree on a
    record with every kind of part, and on items of other kinds."""
    item = Article(url="https://news.example/a", site="news", siteKind="news", headline="H", articleBody="A\nB",
                   authors=[items_module.Author(name="A. Writer", url="https://news.example/w")],
                   mainImage=items_module.Image(url="https://news.example/i.jpg"),
                   images=[items_module.Image(url="https://news.example/i.jpg"), items_module.Image(url="https://x/2")],
                   breadcrumbs=[items_module.Breadcrumb(name="World", url="https://news.example/world")],
                   claimedSource=ClaimedSource("https://b.example/x", "via", "link", 0.5),
                   syndication=Syndication("c1", "copy", "https://b.example/x", 0.9),
                   sourceCheck=items_module.SourceCheck("match", ["r"], "https://b.example/x"),
                   metadata=Metadata(dateDownloaded="2026-12-01T00:00:00Z", discoveredVia="feed", httpStatus=200),
                   claimFetch={"url": "https://b.example/x", "status": 200, "headers": {"a": ["b"]}, "words": [1, 2]})
    record = items_module.record_of(item)
    assert record == ItemAdapter(item).asdict()
    assert type(record["authors"][0]) is dict and record["claimFetch"]["headers"] == {"a": ["b"]}
    record["claimFetch"]["headers"]["a"].append("c")  # a copy: the item is untouched
    assert item.claimFetch is not None and item.claimFetch["headers"] == {"a": ["b"]}
    assert items_module.record_of(Article(url="u", site="s", siteKind="news")) == \
        ItemAdapter(Article(url="u", site="s", siteKind="news")).asdict()
    assert items_module.record_of({"url": "u", "metadata": Metadata("d")}) == {
        "url": "u", "metadata": {"dateDownloaded": "d", "discoveredVia": None, "httpStatus": None, "spider": None}}


def test_record_of_keeps_field_order_and_copies_other_values_as_asdict() -> None:
    """``record_of`` converts an Article itself: keys in field order (the order of the output
    line), the same JSON as ``dataclasses.asdict``, whatever the order fields were set in; a value
    of another kind (a tuple, a set, an object) is left to ``asdict``, which copies it deeply."""
    item = Article(url="u", site="s", siteKind="news", metadata=Metadata("d"))
    item.syndication = Syndication("c", "unique")  # set after the others: still in its place
    item.headline = "H"
    record = items_module.record_of(item)
    assert list(record) == [f.name for f in dataclasses.fields(Article)]
    assert json.dumps(record) == json.dumps(dataclasses.asdict(item))
    marker = {"deep": [1]}
    odd = Article(url="u", site="s", siteKind="news", claimFetch={"t": (1, 2), "s": frozenset({3}), "o": marker})
    got = items_module.record_of(odd)
    assert got == dataclasses.asdict(odd) and got["claimFetch"]["t"] == (1, 2)
    assert got["claimFetch"]["o"] is not marker and got["claimFetch"]["o"] == marker
