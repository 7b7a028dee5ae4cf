"""Bytes to text: HTTP headers, BOMs, meta charset; binary and size checks.

``w3lib.encoding.html_to_unicode`` applies the browser order (BOM, Content-Type charset,
``<meta charset>``/XML declaration, then detection); undeclared non-UTF-8 bytes are
detected with charset_normalizer. Real pages lie, so before and after it:

- UTF-16 without a BOM (NUL bytes at every other position around ASCII) is recognised;
- a few stray NUL bytes in a text page are dropped, not taken for a binary file (not those of
  UTF-16 or UTF-32 with its BOM, which the BOM says how to read);
- a declaration that names no known charset (``<?xml encoding="garbage"?>``) is ignored;
- text the declared charset cannot read (cp1251 bytes under ``charset=utf-8``) is decoded
  again with the detected charset;
- a legacy page served as UTF-8 (cp1252 quotes under ``charset=utf-8``, the page's own
  ``<meta>`` naming its real charset) is read with the page's declaration when that reads
  every byte and UTF-8 reads fewer of its non-ASCII characters than it cannot read.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from w3lib.encoding import html_body_declared_encoding, html_to_unicode

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
#: The byte order marks of UTF-16 and UTF-32 (UTF-32LE's begins as UTF-16LE's): text mostly of
#: NUL bytes, which the BOM says how to read (a browser reads it so, whatever the headers say).
_WIDE_BOMS = (*_UTF16_BOMS, b"\x00\x00\xfe\xff")
_BINARY_TYPES = re.compile(
    r"^\s*(image|audio|video|font)/|^\s*application/(pdf|zip|gzip|x-gzip|octet-stream|msword|"
    r"vnd\.|x-tar|x-7z|x-rar|x-bzip|x-shockwave|java-archive|wasm|x-font|font)",
    re.I,
)
#: The characters :func:`_mostly_control` counts (it counts them on the text's UTF-8).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\ufffd]")
#: ``_CONTROL``'s characters below 128, as bytes.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])


def header_map(headers: Mapping[Any, Any] | Iterable[tuple[Any, Any]] | None) -> Mapping[Any, Any] | None:
    """The response's headers as a mapping: a mapping as it is (a dict, Scrapy's ``Headers``,
    ``email.message.Message``), ``(name, value)`` pairs (``http.client``'s ``getheaders()``, a
    WSGI list) as a dict. Anything else is a :class:`TypeError` that says so."""
    if headers is None or hasattr(headers, "items"):
        return headers  # type: ignore[return-value]
    try:
        return {key: value for key, value in headers}
    except (TypeError, ValueError):
        raise TypeError("headers must be a mapping or (name, value) pairs") from None


def header_value(headers: Mapping[Any, Any] | None, name: str) -> str | None:
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


#: NUL bytes above this share of a page's first 64 KiB make it binary (below: stray bytes).
MAX_NUL_SHARE = 0.01


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` for BOM-less UTF-16 text (ASCII markup with a NUL byte
    beside every character), else None."""
    head = data[:2048]
    if len(head) < 16:
        return None
    even, odd = head[0::2], head[1::2]
    # markup starts in ASCII ("<", whitespace): its high byte is NUL; text in other scripts
    # has non-NUL high bytes, so only a share of the high bytes is NUL, none of the low ones
    if head[1] == 0 and head[0] != 0 and odd.count(0) > 0.1 * len(odd) and even.count(0) < 0.02 * len(even) \
            and head.count(b"<\x00") >= 2:
        return "utf-16-le"
    if head[0] == 0 and head[1] != 0 and even.count(0) > 0.1 * len(even) and odd.count(0) < 0.02 * len(odd) \
            and head.count(b"\x00<") >= 2:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """Magic numbers of common binary formats, or NUL bytes beyond a few strays (UTF-16
    text, with or without BOM, is not binary)."""
    head = data[:1024]
    if head.startswith(_WIDE_BOMS):
        return False
    if head.lstrip().startswith(_BINARY_MAGIC) and not head.lstrip()[:1] == b"<":
        return True
    if utf16_without_bom(data):
        return False
    sample = data[:65536]
    return sample.count(0) > MAX_NUL_SHARE * len(sample)


def _bytes_to_text(data: bytes, content_type: str | None) -> tuple[str, bytes | None]:
    """The page's text, and its bytes when the text is exactly their UTF-8 (``Decoded.utf8``)."""
    utf16 = utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), None
    if b"\x00" in data and not data.startswith(_WIDE_BOMS):
        # a few stray NULs dropped; not those of UTF-16 or UTF-32 text with its BOM, which is
        # mostly NULs (dropped, a UTF-16LE page with its BOM was read as Han characters)
        data = data.replace(b"\x00", b"")
    encoding, text = html_to_unicode(content_type, data, auto_detect_fun=_detect)
    if "\ufffd" not in text:  # every byte read: UTF-8 with no BOM is the text's own encoding
        return text, data if _name(encoding) == "utf-8" and not data.startswith(codecs.BOM_UTF8) else None
    reread = _legacy_under_utf8(data, encoding, text)
    if reread is not None:
        return reread, None
    if _unreadable(text):
        detected = _detect(data)
        if detected and detected.replace("_", "-").lower() not in ("utf-8", "utf8", encoding.lower()):
            try:
                return data.decode(detected, errors="replace"), None
            except LookupError:
                pass
    return text, None


def _legacy_under_utf8(data: bytes, used: str, text: str) -> str | None:
    """The page read with its own ``<meta>``/XML charset, when UTF-8 (from the HTTP header)
    could not read it: more bytes were unreadable than non-ASCII characters were read (a UTF-8
    page with a few stray bytes reads many more), the page declares another charset and that
    charset reads every byte. Else None."""
    if _name(used) != "utf-8" or b"\xef\xbf\xbd" in data:  # the page's own U+FFFD: no evidence
        return None
    unread = text.count("\ufffd")
    read = len(text) - len(text.encode("ascii", "ignore")) - unread  # non-ASCII read, counted in C
    if unread <= read:
        return None
    declared = html_body_declared_encoding(data)
    if not declared or _name(declared) == "utf-8":
        return None
    try:
        return data.decode(declared)
    except (UnicodeDecodeError, LookupError):
        return None


def _name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()


def _unreadable(text: str) -> bool:
    """More replacement characters than a page with a few bad bytes has."""
    sample = text[:65536]
    return sample.count("\ufffd") > max(8, len(sample) // 500)


def _mostly_control(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    # counted in the text's UTF-8, in C: a control character is one byte there, and no byte of
    # a longer character is one (they are 0x80 or more); U+FFFD is the three bytes EF BF BD
    # (0.04 ms instead of the regex's 0.06 on the third source's pages, nearly all non-ASCII;
    # lone surrogates pass as three bytes)
    data = sample.encode("utf-8", "surrogatepass")
    count = len(data) - len(data.translate(None, _CONTROL_BYTES)) + data.count(b"\xef\xbf\xbd")
    return count > max(8, len(sample) // 50)


@dataclass(frozen=True)
class Decoded:
    """A page as text and, when the text is exactly their UTF-8, the bytes it was read from
    (``utf8``: the parser then takes them as they are instead of encoding the text again,
    ~0.17 ms a page of 185 kB; None for a page in another charset, one with bytes UTF-8 could
    not read, a BOM, or given as text)."""

    text: str
    utf8: bytes | None = None


def decode_html(html: bytes | str, headers: Mapping[Any, Any] | None = None) -> str:
    """The page as text, or :class:`NotArticle` (``empty``, ``binary``, ``too_large``)."""
    return decode_page(html, headers).text


def decode_page(html: bytes | str, headers: Mapping[Any, Any] | None = None) -> Decoded:
    """:func:`decode_html`, with the page's UTF-8 bytes when they are the text's (:class:`Decoded`)."""
    if html is None:
        raise NotArticle("empty")
    if isinstance(html, (bytearray, memoryview)):
        html = bytes(html)
    if len(html) > MAX_SIZE:
        raise NotArticle("too_large")
    content_type = header_value(headers, "Content-Type")
    utf8: bytes | None = None
    if isinstance(html, str):
        text = html
        if "\x00" in text:
            if text[:65536].count("\x00") > MAX_NUL_SHARE * len(text[:65536]):
                raise NotArticle("binary")
            text = text.replace("\x00", "")
    else:
        if not html or html.isspace():  # not ``strip()``: that copies the page
            raise NotArticle("empty")
        if (content_type and _BINARY_TYPES.search(content_type)) or looks_binary(html):
            raise NotArticle("binary")
        text, utf8 = _bytes_to_text(html, content_type)
    if text.startswith("\ufeff"):  # a BOM's character in the text: its bytes are not the text's
        text, utf8 = text.lstrip("\ufeff"), None
    if not text or text.isspace():
        raise NotArticle("empty")
    if _mostly_control(text):
        raise NotArticle("binary")
    return Decoded(text, utf8)
