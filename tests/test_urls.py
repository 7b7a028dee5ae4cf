"""crawler.urls, the one URL module: normalisation, identity keys, host:port keys, links, URLs in text."""

from __future__ import annotations

import pytest

from crawler.urls import TRACKING_PARAMS, absolute_url, find_url, netloc_key, normalize_url, same_site, url_key

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
        ("http://[0:0:0:0:0:0:0:1]:8080/a", "http://[::1]:8080/a"),
        ("http://example.com.:80/x", "http://example.com/x"),
        ("http://e.com/a?utm_campaign=x&gclid=1&m=1", "http://e.com/a"),  # the built-in tracking list
        ("http://e.com/a?extra=1&id=2", "http://e.com/a?extra=1&id=2"),
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
        ("https://e.com/a/b", "//other.com/x", "https://other.com/x"),
        ("http://e.com/a/b", "ftp://e.com/file", None),
        ("http://e.com/a/b", " /c\n/d ", "http://e.com/c/d"),
        ("http://e.com/a/b", "data:text/html,x", None),
    ],
)
def test_absolute_url(base: str, href: str, expected: str | None) -> None:
    assert absolute_url(base, href) == expected


def test_strip_params_add_to_the_tracking_list() -> None:
    assert "utm_source" in TRACKING_PARAMS
    assert normalize_url("http://e.com/a?extra=1&id=2", ["EXTRA"]) == "http://e.com/a?id=2"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://WWW.Example.com:443/a", "www.example.com"),
        ("http://example.com:80/", "example.com"),
        ("http://example.com.:80/x", "example.com"),
        ("http://127.0.0.1:8080/x", "127.0.0.1:8080"),
        ("https://example.com:8443", "example.com:8443"),
        ("http://example.com:443/", "example.com:443"),  # 443 is not http's default port
        ("127.0.0.1:9000", "127.0.0.1:9000"),
        ("Example.COM.", "example.com"),
        ("http://[::1]:8080/", "[::1]:8080"),
        ("[0:0:0:0:0:0:0:1]:8080", "[::1]:8080"),
        ("http://user:pw@host.example:81/", "host.example:81"),
        ("http://e.com:99999/", ""),  # a bad port is no host:port
        ("http://e.com:x/", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_netloc_key(value: str | None, expected: str) -> None:
    assert netloc_key(value) == expected


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.Example.com/a/", "example.com/a"),
        ("http://example.com/a#frag", "example.com/a"),
        ("https://example.com:443/a?b=2&a=1&utm_medium=x", "example.com/a?a=1&b=2"),
        ("http://127.0.0.1:8001/x/", "127.0.0.1:8001/x"),
        ("https://example.com/", "example.com"),
        ("http://example.com/caf%C3%A9", "example.com/café"),
        ("http://e.com:99999/a", "http://e.com:99999/a"),  # unparsable: its own key
        ("https://e.com/a?q=\ud800", "https://e.com/a?q=\ud800"),  # a lone surrogate (a JSON line's): too
        (None, None),
        ("", None),
    ],
)
def test_url_key(url: str | None, key: str | None) -> None:
    assert url_key(url) == key


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("http://www.e.com/a", "https://e.com/b", True),
        ("http://e.com:8001/a", "http://e.com:8002/a", False),
        ("http://e.com/a", "http://sub.e.com/a", False),
        (None, "http://e.com/", False),
        ("", "", False),
    ],
)
def test_same_site(a: str | None, b: str | None, same: bool) -> None:
    assert same_site(a, b) is same


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("Article source: https://www.jpost.com/a/b-123.", "https://www.jpost.com/a/b-123"),
        ("Source: www.example.com/story)", "http://www.example.com/story"),
        ("«https://e.com/x»", "https://e.com/x"),
        ("no url here", None),
    ],
)
def test_find_url(text: str, url: str | None) -> None:
    assert find_url(text) == url
