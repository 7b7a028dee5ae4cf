"""The meta-refresh middleware's byte check: it may rule out only pages Scrapy's own check finds
no refresh in (the table: encodings, where the tag sits, what hides it), and a real crawl follows
the same refreshes as Scrapy (tests/e2e/test_hostile_fetch.py has the crawl)."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.response import get_meta_refresh

from crawler.middlewares.meta_refresh import may_refresh

URL = "http://127.0.0.1:8000/old/page.html"
TAG = '<meta http-equiv="refresh" content="0; url=/new/page.html">'
HEAD_OTHER = '<meta charset="utf-8"><title>Les élèves — 東京 · Zürich</title>'
HEAD_LATIN = '<meta charset="windows-1252"><title>Les élèves — Zürich</title>'


def page(head: str, body: str = "<p>Text of the page.</p>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


CASES: list[tuple[str, str, str, bool]] = [
    # (case, page, encoding, Scrapy redirects)
    ("utf8", page(HEAD_OTHER + TAG), "utf-8", True),
    ("utf8-upper", page(HEAD_OTHER + TAG.replace("http-equiv", "HTTP-EQUIV").replace("refresh", "REFRESH")),
     "utf-8", True),
    ("utf8-single-quotes", page("<meta http-equiv='Refresh' content='5;URL=/x'>"), "utf-8", True),
    ("cp1252", page(HEAD_LATIN + TAG), "cp1252", True),
    ("utf16", page(HEAD_OTHER.replace("utf-8", "utf-16") + TAG), "utf-16", True),
    ("utf16le", page(HEAD_OTHER.replace("utf-8", "utf-16") + TAG), "utf-16-le", True),
    ("shift-jis", page("<title>東京のニュース</title>" + TAG), "shift_jis", True),
    ("gb18030", page("<title>北京新闻</title>" + TAG), "gb18030", True),
    ("iso-2022-jp", page("<title>東京のニュース</title>" + TAG), "iso2022_jp", True),
    ("entity-in-attribute", page('<meta http-equiv="&#114;efresh" content="0; url=/x">'), "utf-8", False),
    ("in-body", page("<title>t</title>", TAG + "<p>Text.</p>"), "utf-8", True),
    ("multibyte-head-before-it", page("<title>" + "東京" * 1500 + "</title>" + TAG), "utf-8", True),
    ("none", page(HEAD_OTHER), "utf-8", False),
    ("word-in-text", page(HEAD_OTHER, "<p>Press refresh to reload; http-equiv is an attribute.</p>"), "utf-8", False),
    ("noscript", page(HEAD_OTHER + f"<noscript>{TAG}</noscript>"), "utf-8", False),
    ("after-4096-characters", page("<style>" + "a{}" * 1500 + "</style>" + TAG), "utf-8", False),
    ("utf16-none", page(HEAD_OTHER.replace("utf-8", "utf-16")), "utf-16", False),
    ("no-url", page('<meta http-equiv="refresh" content="30">'), "utf-8", False),
]
#: Pages with bytes their encoding does not hold, as served (w3lib decoded a short body strictly:
#: the middleware raised and the page was lost as a fetch failure).
BROKEN: list[tuple[str, bytes, str, bool]] = [
    ("utf8-latin1-byte", page(HEAD_OTHER + TAG).encode("utf-8").replace("élèves".encode(), b"\xe9l\xe8ves"), "utf-8",
     True),
    ("utf8-latin1-byte-auto-reload", page(HEAD_OTHER + '<meta http-equiv="refresh" content="300">')
     .encode("utf-8").replace("élèves".encode(), b"\xe9l\xe8ves"), "utf-8", False),
    ("utf16-odd-length", page(HEAD_OTHER.replace("utf-8", "utf-16") + TAG).encode("utf-16-le") + b"<", "utf-16-le",
     True),
    ("utf16-odd-length-none", page(HEAD_OTHER.replace("utf-8", "utf-16")).encode("utf-16-le")[:-1], "utf-16-le", False),
]


@pytest.mark.parametrize(("case", "body", "encoding", "redirects"), BROKEN, ids=[c[0] for c in BROKEN])
def test_bytes_the_encoding_does_not_hold(case: str, body: bytes, encoding: str, redirects: bool) -> None:
    response = HtmlResponse(URL, body=body, encoding=encoding)
    _, url = get_meta_refresh(response, ignore_tags=["noscript"])
    assert (url is not None) == redirects  # Scrapy reads the page's text with replacements
    fresh = HtmlResponse(URL, body=body, encoding=encoding)
    assert may_refresh(fresh, ["noscript"]) == redirects


@pytest.mark.parametrize(("case", "html", "encoding", "redirects"), CASES, ids=[c[0] for c in CASES])
def test_the_byte_check_rules_out_only_what_scrapy_would_not_follow(
        case: str, html: str, encoding: str, redirects: bool) -> None:
    response = HtmlResponse(URL, body=html.encode(encoding), encoding=encoding)
    _, url = get_meta_refresh(response, ignore_tags=["noscript"])
    assert (url is not None) == redirects  # the table says what Scrapy does
    fresh = HtmlResponse(URL, body=html.encode(encoding), encoding=encoding)  # nothing cached
    if redirects:
        assert may_refresh(fresh, ["noscript"])
    elif case != "after-4096-characters":  # past Scrapy's 4,096 characters but within the bytes read
        assert not may_refresh(fresh, ["noscript"])


def test_a_declared_encoding_is_found_without_a_header() -> None:
    """No charset in the headers: the page's own declaration says how its bytes read."""
    html = page('<meta charset="utf-16">' + TAG)
    response = HtmlResponse(URL, body=b"\xff\xfe" + html.encode("utf-16-le"))
    assert may_refresh(response, ["noscript"])

