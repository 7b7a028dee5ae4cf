"""The one exception the extraction raises for pages that are not articles."""

from __future__ import annotations

#: Every value ``NotArticle.reason`` may take.
REASONS: frozenset[str] = frozenset({"empty", "binary", "not_article", "too_large"})


class NotArticle(Exception):
    """The page is not an article: ``reason`` is one of :data:`REASONS`.

    Picklable (the reason is the only constructor argument), so it crosses process pools.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __reduce__(self) -> tuple[type[NotArticle], tuple[str]]:
        return (type(self), (self.reason,))
