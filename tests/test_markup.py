"""``crawler.markup``: the document's end tags removed before parsing, in text and in bytes."""

from __future__ import annotations

import pytest

from crawler.markup import without_document_end


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<p>a</p></body></html>", "<p>a</p>"),
        ("<p>a</p></BODY></Html>\n<p>b</p>", "<p>a</p>\n<p>b</p>"),
        ("<p>a</p></body \n></html\t>", "<p>a</p>"),
        ("<p>a</p></bodyguard></htmlx>", "<p>a</p></bodyguard></htmlx>"),  # other tags stay
        ("<p>a</p><body></p>", "<p>a</p><body></p>"),  # start tags stay
        ("<p>Körper</p></body>", "<p>Körper</p>"),
        ("", ""),
    ],
)
def test_without_document_end(page: str, expected: str) -> None:
    assert without_document_end(page) == expected
    assert without_document_end(page.encode()) == expected.encode()  # UTF-8 bytes alike
    assert without_document_end(page.encode("cp1252")) == expected.encode("cp1252")


def test_utf16_bytes_are_left_alone() -> None:
    page = "<p>a</p></body></html>".encode("utf-16-le")
    assert without_document_end(page) == page
