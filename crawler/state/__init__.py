"""State that outlives a crawl run, behind one small interface (:class:`StateStore`).

``open_store(uri)`` picks the implementation from the URI scheme:

* ``sqlite:///relative/path`` or ``sqlite:////absolute/path``: an SQLite file (embedded default);
* ``redis://HOST:PORT/DB``: the shared store for several crawler processes (when available).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler.state.base import STATE_ERROR, Cluster, StateStore, StateStoreError, StoredArticle

__all__ = ["STATE_ERROR", "Cluster", "StateStore", "StateStoreError", "StoredArticle", "open_store"]


def open_store(uri: str) -> StateStore:
    """Open the state store named by ``uri``; ValueError for an unknown or malformed URI."""
    if not isinstance(uri, str) or not uri.strip():
        raise ValueError("STATE_URI is empty (use sqlite:///relative/path or sqlite:////abs/path)")
    uri = uri.strip()
    scheme = urlsplit(uri).scheme.lower() if "://" in uri else ""
    if scheme == "sqlite":
        from crawler.state.sqlite import SQLiteStateStore

        return SQLiteStateStore(uri)
    if scheme in ("redis", "rediss", "unix"):
        try:
            from crawler.state.redis import RedisStateStore  # type: ignore[import-not-found]
        except ImportError as exc:
            raise ValueError(f"state store {uri!r}: the Redis store is not available ({exc})") from None
        return RedisStateStore(uri)  # type: ignore[no-any-return]
    raise ValueError(
        f"unknown state store URI {uri!r}: scheme {scheme or '(none)'!r} is not supported "
        "(use sqlite:///relative/path, sqlite:////abs/path or redis://HOST:PORT/DB)"
    )
