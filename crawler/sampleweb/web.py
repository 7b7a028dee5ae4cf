"""The sample web's sites, their time zones and content types, and the built :class:`Web`."""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import dataclass, field
from datetime import UTC, timedelta, timezone
from typing import Any

from .templates import Page

SITES: dict[str, str] = {
    "haaretz": "news",
    "jpost": "news",
    "dailyherald": "news",
    "worldwire": "news",
    "blogspot": "aggregator",
    "wpnews": "aggregator",
}
NEWS_SITES = [s for s, k in SITES.items() if k == "news"]

TZ = {
    "haaretz": timezone(timedelta(hours=3)),
    "jpost": timezone(timedelta(hours=3)),
    "dailyherald": timezone(timedelta(hours=-5)),
    "worldwire": UTC,
    "blogspot": timezone(timedelta(hours=-7)),
    "wpnews": UTC,
}

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"


def uuid_tail(key: str) -> str:
    h = hashlib.sha1(key.encode()).hexdigest()
    return f"0000017f-{h[:4]}-{h[4:8]}-{h[8:12]}-{h[12:24]}"


def tiny_png() -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


@dataclass
class Web:
    """All pages and the manifest, with placeholders for base URLs."""

    pages: dict[str, dict[str, Page]] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)
    sites_entries: dict[str, dict[str, Any]] = field(default_factory=dict)
