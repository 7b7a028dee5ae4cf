"""Bytes to text: HTTP headers, BOMs, meta charset; binary and size checks.

``w3lib.encoding.html_to_unicode`` applies the browser order (BOM, Content-Type charset,
``<meta charset>``/XML declaration, then detection); undeclared non-UTF-8 bytes are
detected with charset_normalizer when it is installed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from w3lib.encoding import html_to_unicode

from .errors import NotArticle

#: Pages larger than this (bytes, or characters for str input) are refused.
MAX_SIZE = 10 * 1024 * 1024

_BINARY_MAGIC: tuple[bytes, ...] = (
    b"%PDF-",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"OggS",
    b"ID3",
    b"fLaC",
    b"RIFF",
    b"\x00\x00\x01\x00",
    b"wOFF",
    b"wOF2",
    b"\x7fELF",
    b"MZ",
    b"\xd0\xcf\x11\xe0",
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_BINARY_TYPES = re.compile(
    r"^\s*(image|audio|video|font)/|^\s*application/(pdf|zip|gzip|x-gzip|octet-stream|msword|"
    r"vnd\.|x-tar|x-7z|x-rar|x-bzip|x-shockwave|java-archive|wasm|x-font|font)",
    re.I,
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\ufffd]")


def header_value(headers: Mapping[str, Any] | None, name: str) -> str | None:
    """One header's value as text, whatever the mapping holds (str, bytes, list of either)."""
    if not headers:
        return None
    wanted = name.lower()
    for key, value in headers.items():
        key_text = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if key_text.lower() != wanted:
            continue
        if isinstance(value, (list, tuple)):
            if not value:
                return None
            value = value[-1]
        if isinstance(value, (bytes, bytearray)):
            return bytes(value).decode("latin-1")
        return None if value is None else str(value)
    return None


def _detect(data: bytes) -> str | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - optional dependency
        return "cp1252"
    best = from_bytes(data[:65536]).best()
    return best.encoding if best is not None else "cp1252"


def looks_binary(data: bytes) -> bool:
    """Magic numbers of common binary formats, or NUL bytes outside UTF-16 text."""
    head = data[:1024]
    if head.startswith(_UTF16_BOMS) or head.startswith((b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")):
        return False
    if head.lstrip().startswith(_BINARY_MAGIC) and not head.lstrip()[:1] == b"<":
        return True
    return b"\x00" in data[:65536]


def _mostly_control(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 50)


def decode_html(html: bytes | str, headers: Mapping[str, Any] | None = None) -> str:
    """The page as text, or :class:`NotArticle` (``empty``, ``binary``, ``too_large``)."""
    if html is None:
        raise NotArticle("empty")
    if isinstance(html, (bytearray, memoryview)):
        html = bytes(html)
    if len(html) > MAX_SIZE:
        raise NotArticle("too_large")
    content_type = header_value(headers, "Content-Type")
    if isinstance(html, str):
        text = html
        if "\x00" in text[:65536]:
            raise NotArticle("binary")
    else:
        if not html.strip():
            raise NotArticle("empty")
        if (content_type and _BINARY_TYPES.search(content_type)) or looks_binary(html):
            raise NotArticle("binary")
        _encoding, text = html_to_unicode(content_type, html, auto_detect_fun=_detect)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise NotArticle("empty")
    if _mostly_control(text):
        raise NotArticle("binary")
    return text
