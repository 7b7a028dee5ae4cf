"""A hostile web, bodies: XXE and XML bombs in listings, compression bombs, a 20 MB article page,
a binary body served as HTML, redirect loops and endless redirect chains (issue 15, the cases
that "held"). ONE crawl through the real ``scrapy crawl`` of ONE site on 127.0.0.1 serves them
all next to a few ordinary articles; each case is asserted on its own: not read, not requested,
skipped with its stat counter, and the ordinary articles still written, in bounded memory.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from tests.e2e.test_hostile_discovery import MAX_PEAK_MIB, ROBOTS_ALLOW, crawl_site
from tests.helpers import read_jsonl
from tests.hostile_web import HostileSite, Reply, article_page

NEWS = "/news/2024/05/"
GOOD = [f"{NEWS}harbour-story-{n}.html" for n in ("one", "two", "three", "four")]
BIG = f"{NEWS}twenty-megabyte-story.html"
BINARY = f"{NEWS}binary-story.html"
GZ_PAGE = f"{NEWS}compressed-bomb-story.html"
LOOP = f"{NEWS}loop-story-a.html"
CHAIN = f"{NEWS}chain-story-0.html"
#: inflates to 64 MiB: over DOWNLOAD_MAXSIZE (10 MiB) and DISCOVERY_MAX_SITEMAP_BYTES (50 MiB)
BOMB_MIB = 64


def xxe_prolog(root: str, secret: Path, other: str) -> str:
    """A DOCTYPE with an external DTD on ``other``, and external entities: a local file (``file``),
    a URL of ``other`` (``remote``) and a parameter entity of ``other`` expanded in the DTD."""
    return (f'<?xml version="1.0"?>\n<!DOCTYPE {root} SYSTEM "{other}/external.dtd" [\n'
            f'  <!ENTITY file SYSTEM "file://{secret}">\n'
            f'  <!ENTITY remote SYSTEM "{other}/entity">\n'
            f'  <!ENTITY % param SYSTEM "{other}/param.dtd">\n'
            "  %param;\n]>\n")


def billion_laughs(base: str) -> bytes:
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (f'<?xml version="1.0"?>\n<!DOCTYPE urlset [\n{chr(10).join(ents)}\n]>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{base}{GOOD[2]}</loc></url><url><loc>{base}/news/2024/05/&lol9;.html</loc></url>"
            "<url><loc>&lol9;</loc></url></urlset>").encode()


def gzip_bomb(head: bytes) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b" " * (1024 * 1024)
    return comp.compress(head) + b"".join(comp.compress(chunk) for _ in range(BOMB_MIB)) + comp.flush()


def redirect(to: str) -> Reply:
    return Reply("", status=302, headers={"Location": to})


def test_hostile_bodies_are_skipped_and_counted_in_one_crawl(tmp_path: Path) -> None:
    secret_text = f"XXE-SECRET-{os.urandom(8).hex()}"
    secret = tmp_path / "secret.txt"
    secret.write_text(secret_text, encoding="utf-8")
    with HostileSite() as other, HostileSite() as site:
        other.routes.update({"/*": Reply(f'<!ENTITY leak "{site.base}/leaked">', ctype="application/xml-dtd")})
        base = site.base
        xxe_sitemap = (xxe_prolog("urlset", secret, other.base)
                       + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                       + "".join(f"<url><loc>{base}{p}</loc></url>" for p in (GOOD[0], BIG, BINARY))
                       + "<url><loc>&file;</loc></url><url><loc>&remote;</loc></url>"
                       + f"<url><loc>{base}/news/2024/05/&file;.html</loc></url></urlset>")
        xxe_feed = (xxe_prolog("rss", secret, other.base)
                    + '<rss version="2.0"><channel><title>Feed &file;</title>'
                    + "".join(f"<item><title>Story &file; &remote;</title><link>{base}{p}</link></item>"
                              for p in (GOOD[1], GZ_PAGE, LOOP, CHAIN))
                    + "<item><title>Leak</title><link>&file;</link></item></channel></rss>")
        page_bomb = gzip_bomb(b"<!DOCTYPE html><html><body><article><p>")
        sitemap_bomb = gzip_bomb(b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                 + f"<url><loc>{base}{GOOD[3]}</loc></url>".encode())
        site.routes.update({
            "/robots.txt": ROBOTS_ALLOW,
            "/sitemap-xxe.xml": Reply(xxe_sitemap, ctype="application/xml"),
            "/feed-xxe.xml": Reply(xxe_feed, ctype="application/rss+xml"),
            "/sitemap-laughs.xml": Reply(billion_laughs(base), ctype="application/xml"),
            # a compression bomb twice: as Content-Encoding, and as a .gz sitemap file
            "/sitemap-bomb.xml": Reply(sitemap_bomb, ctype="application/xml", headers={"Content-Encoding": "gzip"}),
            "/sitemap-bomb.xml.gz": Reply(sitemap_bomb, ctype="application/x-gzip"),
            GZ_PAGE: Reply(page_bomb, headers={"Content-Encoding": "gzip"}),
            BIG: article_page("Twenty megabytes", "<p>" + "Padding words for a huge page. " * 700_000 + "</p>"),
            BINARY: Reply(os.urandom(300_000), ctype="text/html; charset=utf-8"),
            f"{NEWS}loop-story-a.html": redirect(f"{base}{NEWS}loop-story-b.html"),
            f"{NEWS}loop-story-b.html": redirect(f"{base}{NEWS}loop-story-a.html"),
            f"{NEWS}chain-story-*": lambda path: redirect(
                f"{base}{NEWS}chain-story-{int(path.rsplit('-', 1)[1][:-5]) + 1}.html"),
        })
        site.routes.update({p: article_page(f"Harbour story {i}") for i, p in enumerate(GOOD)})
        sitemaps = [f"{base}/sitemap-{n}" for n in ("xxe.xml", "laughs.xml", "bomb.xml", "bomb.xml.gz")]
        run = crawl_site(tmp_path, {"name": "hostile", "hosts": [site.netloc], "sitemaps": sitemaps,
                                    "feeds": [f"{base}/feed-xxe.xml"]},
                         # most of this site's requests fail on purpose: no health failure (exit 3)
                         "-s", "MONITOR_MAX_FETCH_ERROR_RATE=1", timeout=90)
    out = tmp_path / "out.jsonl"
    written = out.read_text(encoding="utf-8")
    stats = run.stats
    assert run.code == 0, run.log[-3000:]
    assert "Traceback" not in run.log
    assert run.peak_mib < MAX_PEAK_MIB
    # XXE: neither the file nor the second server was read; the listings were read without them
    assert other.hits == []
    assert secret_text not in written and secret_text not in run.log
    assert not any(secret_text in h or "leaked" in h for h in site.hits)
    # an unexpanded entity is no URL: nothing like /&file; was requested
    assert not any("&" in h for h in site.hits), site.hits
    assert stats["discovery/listings/rss"] == 1
    # the XML bomb: entities not expanded, the listing read in bounded memory
    assert stats["discovery/listings/urlset"] == 2  # the XXE sitemap and the billion laughs
    assert stats["discovery/listing_truncated"] == 1  # libxml2's amplification limit stopped it
    assert not any("lol" in h for h in site.hits)
    # the one 404 is the URL the bomb cut in half (read up to the break)
    assert site.hits_of(r"^/news/2024/05/$") == ["/news/2024/05/"] and stats["fetch/http_error/404"] == 1
    # the compression bombs: dropped at the limit while inflating, counted
    assert stats["fetch/too_large"] == 3  # the 20 MB page, the gzip page, the gzip-encoded sitemap
    mib = 1024 * 1024
    for path, limit, setting in [(GZ_PAGE, 10 * mib, "DOWNLOAD_MAXSIZE"), (BIG, 10 * mib, "DOWNLOAD_MAXSIZE"),
                                 ("/sitemap-bomb.xml", 50 * mib, "DISCOVERY_MAX_SITEMAP_BYTES")]:
        assert run.log.count(f"Site hostile: {base}{path} is over {limit} bytes ({setting}): skipped") == 1, path
    assert stats["discovery/listing_too_large"] == 1  # the .gz sitemap file
    assert site.hits_of(GOOD[3]) == []
    # the 20 MB page and the binary body
    assert stats["extraction/skipped/binary"] == 1
    assert stats["site/hostile/fetch_errors/too_large"] == 3
    # redirects: the loop and the endless chain end, counted
    assert stats["fetch/redirect/loop"] == 1
    assert run.log.count(f"Site hostile: {base}{LOOP} redirects in a loop (") == 1
    assert stats["fetch/redirect/too_many"] == 1
    assert run.log.count(f"Site hostile: {base}{CHAIN} redirects more than 10 times (REDIRECT_MAX_TIMES)") == 1
    assert len(site.hits_of("chain-story")) == 11  # the first request and REDIRECT_MAX_TIMES (10) more
    # the ordinary articles of the same site are written
    assert sorted(r["url"] for r in read_jsonl(out)) == sorted(f"{base}{p}" for p in GOOD[:3])
