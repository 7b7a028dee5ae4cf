"""A page whose bytes are its text's UTF-8 is parsed from those bytes (``decoding.decode_page``,
``parsing.parse_html(text, utf8)``), not from the text encoded again: the same tree, whatever
the page holds (an XML declaration, soft hyphens, characters XML does not allow, control bytes,
end tags of the document before its end), and the bytes are handed over only when they are the
text's (not for another charset, unreadable bytes or a BOM)."""

from __future__ import annotations

import codecs

import pytest
from lxml import etree

from crawler.extraction.article import extract_article
from crawler.extraction.decoding import decode_html, decode_page
from crawler.extraction.parsing import parse_html

STORY = (
    "<p>Die Genossenschaft der Winzer keltert seit dem Mit&shy;tel&shy;al&shy;ter einen hellen Rotwein, "
    "der jung getrunken wird und zu den Speisen der Gegend passt.</p>"
    "<p>Geerntet wird bis heute von Hand, in steilen Hängen über dem Fluss, und die Lese dauert "
    "bis in den späten Oktober, wenn die Nächte schon kalt sind.</p>"
)
UTF8 = {"Content-Type": "text/html; charset=utf-8"}
HEAD = "<head><meta charset='utf-8'><title>Wein vom Fluss</title></head>"

PAGES = {
    "plain": f"<html>{HEAD}<body><h1>Wein vom Fluss</h1>{STORY}</body></html>",
    "xml-declaration": f"<?xml version='1.0' encoding='utf-8'?>\n<html>{HEAD}<body>{STORY}</body></html>",
    "declaration-not-ascii": f"  <?xml version='1.0' encoding='äöü'?><html>{HEAD}<body>{STORY}</body></html>",
    "soft-hyphen-entities": f"<html>{HEAD}<body><p>Wein&#xAD;bau und Wein&#173;berg</p>{STORY}</body></html>",
    "soft-hyphen-character": f"<html>{HEAD}<body><p>Wein\xadbau am Fluss</p>{STORY}</body></html>",
    "not-xml-characters": f"<html>{HEAD}<body><p>Wein\ufffebau\uffff am Fluss</p>{STORY}</body></html>",
    "control-bytes": f"<html>{HEAD}<body><p>Wein\x0bbau\x1f am Fluss</p>{STORY}</body></html>",
    "early-document-end": f"<html>{HEAD}<body><h1>Wein vom Fluss</h1></body></html>{STORY}</BODY></HTML>",
    "cjk": f"<html>{HEAD}<body><p>葡萄酒合作社生产一种淡红葡萄酒，适合年轻时饮用。</p>{STORY}</body></html>",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_tree_from_the_bytes_is_the_tree_from_the_text(name: str) -> None:
    page = decode_page(PAGES[name].encode("utf-8"), UTF8)
    assert page.utf8 is not None
    assert page.utf8.decode("utf-8") == page.text
    from_text = etree.tostring(parse_html(page.text), encoding="unicode")
    assert etree.tostring(parse_html(page.text, page.utf8), encoding="unicode") == from_text
    assert "Mittelalter" in from_text and "\xad" not in from_text


@pytest.mark.parametrize(
    ("raw", "headers"),
    [
        # another charset: its bytes are not the text's UTF-8
        (PAGES["plain"].replace("charset='utf-8'", "charset='iso-8859-1'").encode("latin-1"), None),
        # a byte UTF-8 cannot read: the text holds U+FFFD where the bytes hold something else
        (PAGES["plain"].encode("utf-8").replace(b"H\xc3\xa4ngen", b"H\xe4ngen"), UTF8),
        # a BOM: the text leaves it out
        (codecs.BOM_UTF8 + PAGES["plain"].encode("utf-8"), None),
    ],
    ids=["latin-1", "unreadable-byte", "bom"],
)
def test_bytes_that_are_not_the_text_are_not_handed_over(raw: bytes, headers: dict[str, str] | None) -> None:
    page = decode_page(raw, headers)
    assert page.utf8 is None
    assert page.text == decode_html(raw, headers)
    assert "Hängen" in page.text or "H\ufffdngen" in page.text


def test_text_given_as_text_has_no_bytes() -> None:
    assert decode_page(PAGES["plain"]).utf8 is None


def test_the_record_is_the_same_from_bytes_and_from_text() -> None:
    url = "https://wein.example/2022/10/lese/"
    from_bytes = extract_article(PAGES["early-document-end"].encode("utf-8"), url, listed=True)
    from_text = extract_article(PAGES["early-document-end"], url, listed=True)
    assert from_bytes["articleBody"] == from_text["articleBody"]
    assert "Mittelalter" in from_bytes["articleBody"]
    assert "späten Oktober" in from_bytes["articleBody"]
