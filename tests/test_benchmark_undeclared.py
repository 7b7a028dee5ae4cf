"""The undeclared pages of the benchmarks (``benchmarks/undeclared.py``): what goes, what stays,
and a news story that declares nothing still read as one."""

from __future__ import annotations

from lxml import html as lxml_html

from benchmarks.undeclared import undeclared
from crawler.extraction import extract_article

STORY = [
    "The council voted on Tuesday evening to close the old bridge over the river for repairs that"
    " engineers say cannot wait another winter, after a survey found cracks in two of its piers.",
    "Drivers will be sent along the ring road for at least four months, the council said, and a"
    " ferry for cyclists and people on foot will run every twenty minutes from the market square.",
    "Shop owners on both banks said they feared the closure would cost them trade before the"
    " holidays, and asked for the works to start in January instead of the first week of November.",
    "The mayor said the council had weighed the request but that the engineers' advice left no room"
    " for delay, and promised that the bridge would reopen before the spring fair in April.",
]

DECLARED = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<meta name="viewport" content="width=device-width">
<meta property="og:type" content="article"><meta name="author" content="Ann Reed">
<meta name="description" content="Bridge closes">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Old bridge closes"}}</script>
<title>Old bridge to close for repairs \u2013 The Valley Courier</title></head>
<body><header role="banner"><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article itemscope itemtype="https://schema.org/NewsArticle">
<h1 itemprop="headline">Old bridge to close for repairs</h1>
<p class="byline">By Ann Reed, <time datetime="2008-10-14T18:00:00+01:00">14 October 2008</time></p>
{"".join(f"<p>{p}</p>" for p in STORY)}
<p>Caf\u00e9 owners were not asked.</p>
</article></main>
<aside><h2>More news</h2><ul><li><a href="/a">Fire in the old mill</a></li></ul></aside>
<footer role="contentinfo">\u00a9 The Valley Courier</footer></body></html>"""


def _tree(page: bytes) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(page)


def test_declarations_removed() -> None:
    tree = _tree(undeclared(DECLARED.encode("cp1252")))
    assert tree.xpath("//script") == []
    assert tree.xpath("//article|//main|//header|//nav|//aside|//footer|//time") == []
    assert tree.xpath("//@itemscope|//@itemtype|//@itemprop|//@role|//@datetime|//@property") == []
    assert [m.get("name") for m in tree.xpath("//meta[@name]")] == ["viewport"]


def test_layout_and_text_kept() -> None:
    tree = _tree(undeclared(DECLARED.encode("cp1252")))
    assert tree.xpath("//div[@class='article']/h1/text()") == ["Old bridge to close for repairs"]
    assert tree.xpath("//span[@class='time']/text()") == ["14 October 2008"]
    assert "Caf\u00e9 owners were not asked." in tree.text_content()
    assert tree.xpath("//title/text()")[0].endswith("\u2013 The Valley Courier")


def test_written_as_utf8_whatever_the_page_declared() -> None:
    page = undeclared(DECLARED.encode("cp1252"))
    head = page[: page.index(b"</head>")]
    assert b'<meta charset="utf-8">' in head
    assert b"windows-1252" not in page
    assert "Caf\u00e9".encode() in page


def test_viewport_removed_on_request() -> None:
    tree = _tree(undeclared(DECLARED, viewport=False))
    assert tree.xpath("//meta[@name]") == []


def test_unreadable_page_returned_as_it_came() -> None:
    assert undeclared(b"") == b""
    assert undeclared(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4) == b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def test_story_that_declares_nothing_is_an_article() -> None:
    url = "https://courier.example/news/bridge.html"
    declared = extract_article(DECLARED.encode("cp1252"), url)
    bare = extract_article(undeclared(DECLARED.encode("cp1252")), url)
    assert declared["articleBody"] == bare["articleBody"]
    assert all(p in bare["articleBody"] for p in STORY)
    assert bare["headline"] == "Old bridge to close for repairs"
