"""Writes records to a JSON lines feed without end, as a crawl does, until it is killed.

``python -m tests.feed_writer PATH [STORAGE]``: opens ``PATH`` through the feed storage
``STORAGE`` (a dotted path; the project's by default) with the feed exporter's JSON lines
exporter, exports records of 0.2-5.6 KB of non-ASCII text, and after each one prints its number on
stdout (flushed): everything printed was handed to the storage before the kill.
Used by ``tests/test_feedstorage.py``.
"""

from __future__ import annotations

import sys

from scrapy import Spider
from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.misc import build_from_crawler, load_object

from tests.helpers import project_crawler


def main(path: str, storage_path: str = "crawler.feedstorage.LineAtomicFileFeedStorage") -> None:
    crawler = project_crawler({"EXTENSIONS_BASE": {}}, Spider)
    spider = crawler.spider = crawler._create_spider(name="news")
    storage = build_from_crawler(load_object(storage_path), crawler, path, feed_options={"overwrite": True})
    exporter = build_from_crawler(JsonLinesItemExporter, crawler, storage.open(spider), encoding="utf-8")
    exporter.start_exporting()
    n = 0
    while True:
        words = 20 + (n * 7919) % 700  # 0.2-5.6 KB: under a write buffer, across page boundaries
        exporter.export_item({"n": n, "url": f"https://news.example/{n}", "articleBody": "Größe " * words})
        print(n, flush=True)
        n += 1


if __name__ == "__main__":
    main(*sys.argv[1:])
