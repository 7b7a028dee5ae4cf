"""A hostile web, article pages with odd bytes or bad metadata (case 4 of issue 15): each one is a
valid article that must come out as a record, through the real ``scrapy crawl`` and the real
extraction workers, not be dropped as ``binary`` or lost to a RecursionError.

The decoding and the structured-data reader are crawler/extraction's (their component tests are
in tests/test_extraction.py); this file checks the whole path: served by a local server with the
headers a real server sends, fetched, extracted in a worker process, written.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import paragraphs, read_jsonl
from tests.hostile_web import QUICK, HostileSite, Reply, rss, run_measured, sites_toml

TITLE = "Город готовит гавань к летнему фестивалю"  # Cyrillic: cp1251 and UTF-16 matter
BODY = [
    "Городской совет утвердил план подготовки гавани к летнему фестиваля: волонтёры починят причалы, "
    "рыбаки привезут улов к вечернему ужину, а музыканты выступят на старом пирсе до поздней ночи.",
    *paragraphs(15, n=4),
]


def page(head: str = "", body_extra: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in BODY)
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{TITLE}</title>{head}"
            '<meta property="article:published_time" content="2024-05-04T10:00:00Z"></head>'
            f"<body><article><h1>{TITLE}</h1>{paras}{body_extra}</article></body></html>")


def deep_json_ld(depth: int) -> str:
    nested = '{"a": ' * depth + "1" + "}" * depth
    return ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
            f'"headline": "{TITLE}", "datePublished": "2024-05-04T10:00:00Z", "deep": {nested}}}</script>')


CASES: dict[str, Reply] = {
    # a few stray NUL bytes in an otherwise ordinary UTF-8 page
    "nul": Reply(page().replace("</h1>", "</h1>\x00\x00\x00").replace("<p>", "<p>\x00", 1).encode("utf-8")),
    # cp1251 bytes under a header (and meta) that say utf-8
    "cp1251": Reply(page().encode("cp1251", "replace")),
    # UTF-16LE with its BOM (as Windows saves "Unicode" HTML) under a header that says UTF-8
    "utf16bom": Reply(page().replace('<meta charset="utf-8">', "").encode("utf-16")),
    # UTF-16LE without a BOM, the header saying only "utf-16"
    "utf16": Reply(page().replace('<meta charset="utf-8">', "").encode("utf-16-le"), ctype="text/html; charset=utf-16"),
    # an XML declaration naming a charset that does not exist, no charset in the header
    "xmldecl": Reply(('<?xml version="1.0" encoding="x-garbage-9"?>\n' + page().replace('<meta charset="utf-8">', ""))
                     .encode("utf-8"), ctype="text/html"),
    # JSON-LD nested 100,000 deep
    "jsonld": Reply(page(head=deep_json_ld(100_000)).encode("utf-8")),
    # JSON-LD whose author's name was cut between the two halves of an emoji (a lone surrogate:
    # no UTF-8 can be written for it, and the record was lost at the export)
    "surrogate": Reply(page(head='<script type="application/ld+json">{"@type": "NewsArticle", '
                                 '"author": {"@type": "Person", "name": "Anna \\ud83d"}}</script>').encode("utf-8")),
    # a publication time whose offset is a day or more (the extraction raised: the article was lost)
    "offset": Reply(page().replace("2024-05-04T10:00:00Z", "2024-05-04T10:00:00+99:99").encode("utf-8")),
}


def test_odd_pages_are_articles_end_to_end(tmp_path: Path) -> None:
    with HostileSite() as site:
        urls = {name: f"{site.base}/news/{name}.html" for name in CASES}
        site.routes.update({"/robots.txt": Reply("User-agent: *\nDisallow:\n", ctype="text/plain"),
                            "/feed.xml": rss(list(urls.values()))})
        site.routes.update({f"/news/{name}.html": reply for name, reply in CASES.items()})
        sites = sites_toml(tmp_path / "sites.toml", {"name": "odd", "kind": "news", "hosts": [site.netloc],
                                                     "feeds": [f"{site.base}/feed.xml"]})
        run = run_measured("crawl", "news", "-a", f"sites={sites}", "-O", str(tmp_path / "out.jsonl"),
                           "-s", f"STATE_URI=sqlite:///{tmp_path / 'state.db'}", *QUICK, "-s", "EXTRACTION_WORKERS=1",
                           cwd=tmp_path)
    assert run.code == 0, run.log[-3000:]
    assert "Traceback" not in run.log and "RecursionError" not in run.log
    assert not any(k.startswith("extraction/skipped/") for k in run.stats), run.stats
    records = {r["url"]: r for r in read_jsonl(tmp_path / "out.jsonl")}
    assert sorted(records) == sorted(urls.values())
    for name, url in urls.items():
        record = records[url]
        assert record["headline"] == TITLE, name
        body = record["articleBody"]
        assert "\x00" not in body, name
        assert BODY[0][:60] in body, (name, body[:200])
        assert BODY[-1][:60] in body, name
    assert records[urls["surrogate"]]["authors"] == [{"name": "Anna \ufffd", "url": None, "nameRaw": "Anna \ufffd"}]
    assert records[urls["offset"]]["datePublished"] == "2024-05-04T10:00:00"
