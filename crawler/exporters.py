"""The JSON lines exporter of the output: Scrapy's, with the record converted in one pass.

Scrapy's ``JsonLinesItemExporter`` reads an :class:`crawler.items.Article` through an
``ItemAdapter`` field by field, and its JSON encoder meets each nested part (authors, images,
verdicts, metadata) as an object it cannot encode, which its ``default()`` turns into a dict
through another ``ItemAdapter``: about half the reactor thread's share of exporting a record.
:class:`RecordJsonLinesItemExporter` gives the encoder the record as plain dicts and lists
(:func:`crawler.items.record_of`) with the same keys in the same order, so the lines are the
same bytes. Anything else (another item type, ``fields_to_export`` as a mapping or not given, a
field with a serializer) goes through Scrapy's exporter unchanged. The class name ends with
``JsonLinesItemExporter``, which is how :mod:`crawler.extensions.final_verdicts` recognises the
files it may rewrite.

A line the feed's encoding cannot hold (a lone surrogate in some page's data, or a character
outside a ``FEED_EXPORT_ENCODING`` such as ``latin-1``) is written with those characters as JSON
escapes (``\\u00e9``, ``\\ud83d``: the same JSON value) and a warning, not lost to a
``UnicodeEncodeError`` in the exporter's signal handler, which Scrapy logs and the crawl goes on
without the record.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.python import to_bytes

from crawler.items import Article, record_of

logger = logging.getLogger(__name__)


def json_escaped(line: str, encoding: str | None) -> bytes:
    """``line`` (JSON text) in ``encoding`` (None: UTF-8), each character it cannot hold written
    as a JSON escape (a character beyond the BMP as its two surrogates). Outside strings JSON
    text is ASCII, so the value read back is the same."""
    codec = encoding or "utf-8"
    out = []
    for char in line:
        try:
            char.encode(codec)
        except UnicodeEncodeError:
            code = ord(char)
            if code > 0xFFFF:
                code -= 0x10000
                char = f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
            else:
                char = f"\\u{code:04x}"
        out.append(char)
    return "".join(out).encode(codec)


class RecordJsonLinesItemExporter(JsonLinesItemExporter):
    """``jsonlines`` feeds (``FEED_EXPORTERS``): one record per line, as Scrapy writes it."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        super().__init__(file, **kwargs)
        names = self.fields_to_export
        plain = names is not None and not isinstance(names, Mapping) and \
            not any("serializer" in f.metadata for f in fields(Article))
        #: the exported field names when the fast path applies, else None
        self.names: tuple[str, ...] | None = None
        if plain and names is not None:
            self.names = self.fields_to_export = tuple(names)

    def export_item(self, item: Any) -> None:
        if self.names is None or type(item) is not Article:
            super().export_item(item)
            return
        record = record_of(item)
        # as get_serialized_fields: a field the item lacks is left out, or None with export_empty_fields
        itemdict = {n: record.get(n) for n in self.names if n in record or self.export_empty_fields}
        line = self.encoder.encode(itemdict) + "\n"
        try:
            data = to_bytes(line, self.encoding)
        except UnicodeEncodeError as exc:
            logger.warning("Record %s: text the feed's encoding cannot hold, written as JSON escapes (%s)",
                           record.get("url"), exc.reason)
            data = json_escaped(line, self.encoding)
        self.file.write(data)
