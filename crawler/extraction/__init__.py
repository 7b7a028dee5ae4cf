"""Article extraction: a pure function from HTML, URL and headers to article fields.

``extract_article(html, url=None, headers=None, *, min_words=20, listed=False, pattern_match=False, strict=False)
-> dict``
with exactly the keys in :data:`FIELDS` (``url``: ``None`` when the address is unknown); raises
:class:`NotArticle` (``.reason``: ``empty``, ``binary``, ``not_article``, ``too_large``).
No Scrapy imports: it runs in worker processes. From a shell, ``python -m crawler.extraction PAGE ...``
gives the fields of saved pages, one JSON line each (``__main__.py``).
"""

from __future__ import annotations

from . import native

native.choose()  # the compiled build, or the Python source, before any module of it loads

from .article import FIELDS, extract_article  # noqa: E402
from .errors import REASONS, NotArticle  # noqa: E402

__all__ = ["FIELDS", "REASONS", "NotArticle", "extract_article"]
