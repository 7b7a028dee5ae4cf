"""``redis://`` state store URIs: the store's own options, and passwords kept out of messages.

A ``STATE_URI`` such as ``redis://:pw@host:6379/0?prefix=news&seen_ttl=86400`` is a redis-py URI
plus the store's options (:data:`STORE_OPTIONS`); the distributed frontier's ``REDIS_URL`` is the
same server without them.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: query parameters of a ``redis://`` STATE_URI that are the store's, not redis-py's
STORE_OPTIONS = ("prefix", "seen_ttl", "lock_timeout", "lock_wait", "reconnect_wait")


class RedisUnavailable(ValueError, ConnectionError):
    """The Redis server of a ``redis://`` STATE_URI cannot be reached (a ValueError, like any
    other unusable STATE_URI, so commands report it in one line)."""


def safe_uri(uri: str) -> str:
    """``uri`` with its password replaced by ``***`` (for messages and logs)."""
    try:
        parts = urlsplit(uri)
        if parts.password is None:
            return uri
        user = parts.username or ""
        host = parts.netloc.rsplit("@", 1)[1]
        return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))
    except ValueError:
        return uri


def parse_redis_uri(uri: str) -> tuple[str, dict[str, str]]:
    """Split a ``redis://`` URI into the URI for redis-py and the store's own options."""
    parts = urlsplit(uri)
    ours: dict[str, str] = {}
    rest: list[tuple[str, str]] = []
    for k, v in parse_qsl(parts.query, keep_blank_values=True):
        if k in STORE_OPTIONS:
            ours[k] = v
        else:
            rest.append((k, v))
    return urlunsplit(parts._replace(query=urlencode(rest))), ours


def seconds_option(uri: str, name: str, value: str | None, default: float | None, minimum: float) -> float | None:
    """A store option in seconds (``default`` when absent); ValueError below ``minimum``."""
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not number >= minimum:  # also rejects nan
        raise ValueError(f"state store {safe_uri(uri)}: {name}={value!r} is not a number of seconds >= {minimum:g}")
    return number


