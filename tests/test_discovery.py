"""Sitemap, feed, robots.txt and index-page parsing."""

from __future__ import annotations

import pytest

from crawler.discovery import ListingError, index_links, parse_listing, robots_sitemaps

BASE = "http://127.0.0.1:8001/"

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>http://127.0.0.1:8001/a/2018-05-31/one</loc>
    <news:news><news:publication><news:name>H</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2018-05-31T10:00:00+03:00</news:publication_date>
      <news:title>Lieberman meets Shoigu</news:title></news:news></url>
  <url><loc>/a/2018-05-30/two</loc><lastmod>2018-05-30</lastmod></url>
</urlset>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://127.0.0.1:8001/sitemap-news.xml</loc></sitemap>
<sitemap><loc>http://127.0.0.1:8001/sitemap-2018.xml.gz</loc></sitemap></sitemapindex>"""

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>J</title>
<item><title>Hunger strike</title><link>http://127.0.0.1:8002/p/1?utm_source=rss</link>
<pubDate>Thu, 31 May 2018 09:00:00 GMT</pubDate></item>
<item><title>Guid only</title><guid>http://127.0.0.1:8002/p/2</guid></item>
<item><title>Not a link</title><guid isPermaLink="false">tag:x,2018:3</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<link rel="next" href="http://127.0.0.1:8003/feeds/posts/default?start-index=26"/>
<entry><title>Post</title><link rel="replies" type="text/html" href="http://127.0.0.1:8003/c"/>
<link rel="alternate" type="text/html" href="http://127.0.0.1:8003/2018/05/post.html"/>
<published>2018-06-01T08:00:00Z</published><updated>2018-06-02T08:00:00Z</updated></entry></feed>"""


def test_news_sitemap_keeps_news_fields() -> None:
    listing = parse_listing(NEWS_SITEMAP, BASE)
    assert listing.kind == "urlset"
    first, second = listing.entries
    assert first.title == "Lieberman meets Shoigu"
    assert first.published == "2018-05-31T10:00:00+03:00"
    assert second.url == "http://127.0.0.1:8001/a/2018-05-30/two"
    assert second.title is None and second.modified == "2018-05-30"


def test_sitemap_index() -> None:
    listing = parse_listing(INDEX, BASE)
    assert listing.kind == "sitemapindex"
    assert listing.sitemaps[1].endswith(".xml.gz")


def test_rss() -> None:
    listing = parse_listing(RSS, BASE)
    assert [e.url for e in listing.entries] == ["http://127.0.0.1:8002/p/1?utm_source=rss", "http://127.0.0.1:8002/p/2"]
    assert listing.entries[0].published == "2018-05-31T09:00:00+00:00"


def test_atom_alternate_link_and_next_page() -> None:
    listing = parse_listing(ATOM, BASE)
    assert [e.url for e in listing.entries] == ["http://127.0.0.1:8003/2018/05/post.html"]
    assert listing.entries[0].published == "2018-06-01T08:00:00+00:00"
    assert listing.next_pages == ["http://127.0.0.1:8003/feeds/posts/default?start-index=26"]


def test_dates_with_an_offset_of_a_day_or_more_keep_their_entries() -> None:
    """A date whose offset no clock has ("+99:99", "UTC+30") is read without it; the listing
    keeps every entry (such a date used to raise out of the listing's parse)."""
    sitemap = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               b"<url><loc>http://127.0.0.1:8001/a/1</loc><lastmod>2018-05-30 10:00 UTC+30</lastmod></url>"
               b"<url><loc>http://127.0.0.1:8001/a/2</loc><lastmod>2018-05-31</lastmod></url></urlset>")
    listing = parse_listing(sitemap, BASE)
    assert [(e.url, e.modified) for e in listing.entries] == [
        ("http://127.0.0.1:8001/a/1", "2018-05-30T10:00:00"), ("http://127.0.0.1:8001/a/2", "2018-05-31")]
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel>'
            b"<item><link>http://127.0.0.1:8002/p/1</link><pubDate>Thu, 31 May 2018 09:00:00 +9999</pubDate></item>"
            b"<item><link>http://127.0.0.1:8002/p/2</link></item></channel></rss>")
    listing = parse_listing(feed, BASE)
    assert [(e.url, e.published) for e in listing.entries] == [
        ("http://127.0.0.1:8002/p/1", "2018-05-31T09:00:00"), ("http://127.0.0.1:8002/p/2", None)]


@pytest.mark.parametrize(
    ("refs", "text"),
    [
        ("&#xD83D;&#xDE00;", "\U0001F600"),  # an emoji as a pair of surrogates: the one character
        ("&#55357;&#56832;", "\U0001F600"),
        ("&#xD800;", "\ufffd"),  # a lone one, or a pair in the wrong order: no character
        ("&#xDE00;&#xD83D;", "\ufffd\ufffd"),
        ("&#55000;&#57344;", "\ud6d8\ue000"),  # no surrogates: as they are
    ],
)
def test_character_references_to_surrogates_keep_the_listing(refs: str, text: str) -> None:
    """libxml2 kept such references as bytes no UTF-8 decoder reads, and the first read of that
    text raised ``UnicodeDecodeError``: the whole feed was lost."""
    feed = (f'<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/{refs}"><channel>'
            f"<item><title>Smile {refs}</title><link>http://127.0.0.1:8002/p/{refs}</link></item>"
            "<item><title>Next</title><link>http://127.0.0.1:8002/p/2</link></item></channel></rss>").encode()
    listing = parse_listing(feed, BASE)
    assert [(e.url, e.title) for e in listing.entries] == [
        (f"http://127.0.0.1:8002/p/{text}", f"Smile {text}"), ("http://127.0.0.1:8002/p/2", "Next")]


@pytest.mark.parametrize("body", [b"", b"   ", b"\x00\x01\x02binary", b"<html><body>hello</body></html>"])
def test_not_a_listing(body: bytes) -> None:
    with pytest.raises(ListingError):
        parse_listing(body, BASE)


def test_entities_are_not_expanded() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><urlset><url><loc>http://x/&c;</loc></url></urlset>')
    listing = parse_listing(bomb, BASE)
    assert all(len(e.url) < 100 for e in listing.entries)


def test_unexpanded_entities_are_no_url_and_html_characters_are_text() -> None:
    """An entity the parser does not expand (an XXE's SYSTEM entity, a bomb's) makes no URL and no
    text; an HTML named character that feeds use undeclared (``&eacute;``) is that character."""
    doc = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY file SYSTEM "file:///etc/hostname">]><rss><channel>'
           b"<item><title>Caf&eacute; &file;opens</title><link>http://127.0.0.1:8001/a</link></item>"
           b"<item><title>Leak</title><link>&file;</link></item></channel></rss>")
    listing = parse_listing(doc, BASE)
    assert [(e.url, e.title) for e in listing.entries] == [("http://127.0.0.1:8001/a", "Caf\u00e9 opens")]
    assert not listing.truncated


def test_a_listing_cut_by_the_parser_s_limits_is_marked_truncated() -> None:
    lols = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY l0 "lol">{lols}]><urlset>'
            "<url><loc>http://127.0.0.1:8001/a</loc></url><url><loc>&l9;</loc></url></urlset>").encode()
    listing = parse_listing(bomb, BASE)
    assert listing.truncated
    assert [e.url for e in listing.entries] == ["http://127.0.0.1:8001/a"]


def test_robots_sitemaps() -> None:
    body = b"User-agent: *\nDisallow: /private/\nSitemap: /sitemap.xml\nsitemap:http://127.0.0.1:8001/news.xml # n\n"
    assert robots_sitemaps(body, BASE) == ["http://127.0.0.1:8001/sitemap.xml", "http://127.0.0.1:8001/news.xml"]


def test_index_links_split_pagination() -> None:
    page = b"""<html><head><link rel="next" href="/section?page=2"></head><body>
    <a href="/2018/05/31/story">Story</a><a href="/2018/05/31/story#comments">3 comments</a>
    <a href="/page/3/">3</a><a href="/older">Older posts</a><a href="mailto:x@y">mail</a>
    <a href="/about">About</a></body></html>"""
    links = index_links(page, "http://127.0.0.1:8004/section")
    assert links.pagination == ["http://127.0.0.1:8004/section?page=2", "http://127.0.0.1:8004/page/3/",
                                "http://127.0.0.1:8004/older"]
    assert links.links == ["http://127.0.0.1:8004/2018/05/31/story", "http://127.0.0.1:8004/about"]


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><a href='/a/1'>One</a></body></html>\n<div><a href='/a/2'>Two</a></div>",
        b"<html><body><a href='/a/1'>One</a></body><div><a href='/a/2'>Two</a></div></html>",
        "<HTML><BODY><a href='/a/1'>Один</a></BODY ></HTML><a href='/a/2'>Два</a>",
    ],
)
def test_index_links_after_the_document_end(body: bytes | str) -> None:
    """Links after ``</body>`` or ``</html>`` count, as a browser shows them (libxml2 alone
    drops what follows ``</html>``)."""
    found = index_links(body, "http://127.0.0.1:8009/section")
    assert found.links == ["http://127.0.0.1:8009/a/1", "http://127.0.0.1:8009/a/2"]


@pytest.mark.parametrize("encoding", ["euc_jp", "iso2022_jp", "shift_jis", "mac-roman", "utf-16-le", "cp1252", "utf-8"])
@pytest.mark.parametrize("depth", [1, 3_000])
def test_index_links_in_any_encoding_scrapy_names(encoding: str, depth: int) -> None:
    """Scrapy names a page's encoding as Python does; libxml2 knows some of those names under
    others only (``euc_jp``, ``iso2022_jp``, ``mac-roman``, ``utf-16-le`` raised ``LookupError``,
    and the index page's links were lost)."""
    label = "ニュース" if encoding in ("euc_jp", "iso2022_jp", "shift_jis", "utf-16-le", "utf-8") else "Caf\u00e9"
    page = (f"<html><body>{'<div>' * depth}<a href='/a/1'>{label}</a><a href='/page/2'>Next</a>"
            f"{'</div>' * depth}<a href='/a/2'>Two</a></body></html>")
    found = index_links(page.encode(encoding), BASE, encoding)
    assert found.links == ["http://127.0.0.1:8001/a/1", "http://127.0.0.1:8001/a/2"]
    assert found.pagination == ["http://127.0.0.1:8001/page/2"]


def test_index_links_under_an_encoding_no_codec_has() -> None:
    found = index_links(b"<html><body><a href='/a/1'>One</a></body></html>", BASE, "x-no-such-codec")
    assert found.links == ["http://127.0.0.1:8001/a/1"]


@pytest.mark.parametrize("depth", [10, 300, 3_000, 100_000])
def test_index_links_under_deep_nesting(depth: int) -> None:
    """libxml2 drops everything below 256 levels (2048 with huge_tree); the scanner takes over."""
    links = b'<a href="/a/1">One</a><a href="/page/2">Next</a>'
    body = b"<html><head><base href='http://127.0.0.1:8009/'></head><body>" + b"<div>" * depth + links
    body += b"</div>" * depth + b'<a href="/a/2">Two</a></body></html>'
    found = index_links(body, BASE)
    assert found.links == ["http://127.0.0.1:8009/a/1", "http://127.0.0.1:8009/a/2"]
    assert found.pagination == ["http://127.0.0.1:8009/page/2"]
