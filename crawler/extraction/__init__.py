"""Article extraction: a pure function from HTML, URL and headers to article fields.

``extract_article(html, url, headers=None, *, min_words=40) -> dict`` with exactly the keys
in :data:`FIELDS`; raises :class:`NotArticle` (``.reason``: ``empty``, ``binary``,
``not_article``, ``too_large``). No Scrapy imports: it runs in worker processes.
"""

from __future__ import annotations

from .article import FIELDS, extract_article
from .errors import REASONS, NotArticle

__all__ = ["FIELDS", "REASONS", "NotArticle", "extract_article"]
