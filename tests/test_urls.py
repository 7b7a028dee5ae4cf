"""URL normalisation: one article, one URL."""

from __future__ import annotations

import pytest

from crawler.urls import absolute_url, normalize_url

STRIP = ["utm_source", "utm_medium", "fbclid"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.COM/a/b", "http://example.com/a/b"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443", "https://example.com/"),
        ("http://127.0.0.1:8001/x#comments", "http://127.0.0.1:8001/x"),
        ("http://e.com/a?utm_source=rss&id=3&utm_medium=x", "http://e.com/a?id=3"),
        ("http://e.com/a?fbclid=abc", "http://e.com/a"),
        ("  http://e.com/a  ", "http://e.com/a"),
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url, STRIP) == expected


@pytest.mark.parametrize(
    "url",
    ["ftp://e.com/a", "javascript:alert(1)", "http:///nohost", "http://e.com:99999/", "http://e.com/" + "a" * 3000],
)
def test_normalize_url_refuses_hostile(url: str) -> None:
    with pytest.raises(ValueError):
        normalize_url(url, STRIP)


@pytest.mark.parametrize(
    ("base", "href", "expected"),
    [
        ("http://e.com/a/b", "../c", "http://e.com/c"),
        ("http://e.com/a/b", "#top", None),
        ("http://e.com/a/b", "mailto:x@e.com", None),
        ("http://e.com/a/b", "JavaScript:void(0)", None),
        ("http://e.com/a/b", "", None),
        ("http://e.com/a/b", "//other.com/x", "http://other.com/x"),
    ],
)
def test_absolute_url(base: str, href: str, expected: str | None) -> None:
    assert absolute_url(base, href) == expected
