"""Scrapy's meta-refresh redirects, with the pages that declare none ruled out in their bytes.

Scrapy 2.19's ``MetaRefreshMiddleware`` looks for ``<meta http-equiv="refresh">`` in the first
4,096 characters of every HTML response through ``response.text``, which decodes the whole
body to find them: on the reactor thread, for every page, though the extraction reads the page
in its own process and most pages declare no refresh. This subclass first rules a refresh out
in the first :data:`SCAN_BYTES` bytes of the body: in a UTF-8 page (most of the web) when they
do not hold the word at all (a refresh needs ``refresh`` in its attributes, in ASCII letters of
any case, which UTF-8 writes as themselves), else through w3lib (2.5's ``get_meta_refresh`` on
bytes, ``max_scan``), which reads the tags in the bytes when the encoding writes ASCII as ASCII
and decodes them otherwise. Only a page that may declare one goes on to Scrapy's own check,
which decides as before. The bytes read cover the 4,096 characters Scrapy reads in any encoding
(at most four bytes a character), so a page Scrapy redirects is never ruled out. Settings as
Scrapy's (``METAREFRESH_ENABLED``, ``METAREFRESH_IGNORE_TAGS``, ``METAREFRESH_MAXDELAY``).
"""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware
from scrapy.http import HtmlResponse
from w3lib.html import get_meta_refresh

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.http import Response

#: Bytes of the body looked at before Scrapy's check: its 4,096 characters at four bytes each.
SCAN_BYTES = 4 * 4096


def may_refresh(response: HtmlResponse, ignore_tags: list[str]) -> bool:
    """Whether the first :data:`SCAN_BYTES` bytes of ``response`` may declare a meta refresh
    (False only when they do not)."""
    encoding = response.encoding
    if codecs.lookup(encoding).name == "utf-8" and b"refresh" not in response.body[:SCAN_BYTES].lower():
        return False
    try:
        interval, _ = get_meta_refresh(response.body, "", encoding, ignore_tags=ignore_tags,
                                       max_scan=SCAN_BYTES)
    except UnicodeDecodeError:
        # w3lib decodes a body shorter than ``max_scan`` strictly: one byte the encoding does not
        # hold (a stray Latin-1 "é" in a UTF-8 page, an odd byte at a UTF-16 page's end) raised
        # out of the middleware and the page was lost as a fetch failure
        text = response.body[:SCAN_BYTES].decode(encoding, "replace")
        interval, _ = get_meta_refresh(text, "", encoding, ignore_tags=ignore_tags)
    return interval is not None


class MetaRefreshMiddleware(ScrapyMetaRefreshMiddleware):
    """``DOWNLOADER_MIDDLEWARES`` in place of Scrapy's (same order, 580)."""

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Request | Response:
        if isinstance(response, HtmlResponse) and not may_refresh(response, self._ignore_tags):
            return response
        return super().process_response(request, response)
