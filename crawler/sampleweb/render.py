"""The sample web's pages, feeds and sitemaps, rendered from the builder's entries.

Mixed into :class:`crawler.sampleweb.build.Builder`, which collects the entries (the stories, their
copies and the claims); the methods here turn them into pages: the news sites with their
discovery documents (robots.txt, sitemaps, RSS and Atom feeds, index pages, fault URLs) and the
aggregators (a Blogger blog and a WordPress site).
"""

from __future__ import annotations

import gzip
import re
from datetime import datetime, timedelta, timezone
from html import escape
from typing import Any

from . import aggregator_templates as A
from . import templates as T
from .prose import DATA_DIR, ProseGenerator, Story
from .templates import Entry, Page, esc, ph
from .web import HTML, NEWS_SITES, TZ, XML, tiny_png, uuid_tail


class RenderMixin:
    """Rendering (the builder provides the attributes below)."""

    pages: dict[str, dict[str, Page]]
    entries: dict[str, list[Entry]]
    by_key: dict[str, Entry]
    faults: list[dict[str, Any]]
    not_articles: list[str]
    listed: dict[str, int]
    real_gt: dict[str, dict[str, str]]
    gen: ProseGenerator

    def render_claim_targets(self) -> None:
        raise NotImplementedError

    # -- rendering ----------------------------------------------------------------------------
    def put(self, site: str, path: str, body: str | bytes, status: int = 200, ctype: str = HTML,
            gz: bool = False) -> None:
        self.pages[site][path] = Page(status=status, ctype=ctype, body=body, gzip=gz)

    def fault_urls(self, site: str) -> list[tuple[str, int]]:
        paths = {
            "haaretz": ["/israel-news/2018-05-30/ty-article/removed-story/" + uuid_tail("404"),
                        "/israel-news/2018-05-30/ty-article/server-error-story/" + uuid_tail("500")],
            "jpost": ["/Israel-News/Story-that-was-removed-559100", "/Israel-News/Story-on-a-broken-server-559101"],
            "dailyherald": ["/2018/05/20/story-that-was-removed/", "/2018/05/21/story-on-a-broken-server/"],
            "worldwire": ["/stories/2018/05/removed-story-404.html", "/stories/2018/05/server-error-500.html"],
        }[site]
        out = []
        for path, status in zip(paths, (404, 500), strict=True):
            self.put(site, path, f"<html><body><h1>{status}</h1></body></html>", status=status)
            url = ph(site) + path
            if {"url": url, "status": status} not in self.faults:
                self.faults.append({"url": url, "status": status})
            out.append((url, status))
        return out

    def render_real(self, e: Entry) -> str:
        rid = e.real_id
        assert rid is not None
        html = gzip.decompress((DATA_DIR / "real" / f"{rid}.html.gz").read_bytes()).decode("utf-8")
        orig = self.real_gt[rid]["url"]
        variants = {orig, orig.replace("https://", "http://"), orig.replace("http://", "https://")}
        for v in sorted(variants, key=len, reverse=True):
            html = html.replace(v, e.url).replace(v.replace("/", "\\/"), e.url.replace("/", "\\/"))
            html = html.replace(escape(v), e.url)
        html = re.sub(r'(<link[^>]*?rel="canonical"[^>]*?href=")[^"]*(")', rf"\g<1>{e.url}\g<2>", html)
        html = re.sub(r'(<link[^>]*?href=")[^"]*("[^>]*?rel="canonical")', rf"\g<1>{e.url}\g<2>", html)
        html = re.sub(r'(<meta[^>]*?property="og:url"[^>]*?content=")[^"]*(")', rf"\g<1>{e.url}\g<2>", html)
        html = re.sub(r'(<meta[^>]*?content=")[^"]*("[^>]*?property="og:url")', rf"\g<1>{e.url}\g<2>", html)
        inject = ""
        if 'rel="canonical"' not in html:
            inject += f'<link rel="canonical" href="{e.url}"/>\n'
        if "article:published_time" not in html:
            inject += f'<meta property="article:published_time" content="{e.story.date.isoformat()}"/>\n'
        if inject:
            m = re.search(r"</head>", html, re.I)
            pos = m.start() if m else 0
            html = html[:pos] + inject + html[pos:]
        return html

    def render_news_sites(self) -> None:
        png = tiny_png()
        for site in NEWS_SITES:
            es = self.entries[site]
            for e in es:
                if e.real_id:
                    self.put(site, e.path, self.render_real(e))
                else:
                    inline = self.by_key["haaretz:putin"] if e.story.key == "haaretz:seed" else None
                    self.put(site, e.path, T.render_news(e, inline))
            faults = self.fault_urls(site)
            ordered = sorted(es, key=lambda x: x.story.date, reverse=True)
            if site in self.listed:  # the site's feeds, sitemaps and indexes list only its newest
                ordered = ordered[: self.listed[site]]
            about = ph(site) + "/about/"
            self.put(site, "/about/", T.render_about(site, "About us", f"{T.NEWS_BRANDS[site][0]} is a sample "
                                                     "news site served for testing."))
            self.not_articles += [ph(site) + "/", about]
            if site == "haaretz":
                self.render_haaretz_discovery(ordered, faults)
                self.put(site, "/", T.render_listing(site, "Latest news", ordered[:10]))
            elif site == "jpost":
                binary = "/Israel-News/Photo-gallery-of-the-week-559002"
                self.put(site, binary, png, ctype="image/png")
                self.not_articles.append(ph(site) + binary)
                self.render_rss_news(site, ordered, faults, binary)
                self.put(site, "/", T.render_listing(site, "Latest news", ordered[:10]))
            elif site == "dailyherald":
                self.render_dailyherald(ordered, faults)
            else:
                empty = "/stories/2018/05/empty-story.html"
                self.put(site, empty, b"")
                self.not_articles.append(ph(site) + empty)
                self.render_atom_news(site, ordered, faults, empty)
                self.put(site, "/", T.render_listing(site, "Top stories", ordered[:10]))
        self.render_claim_targets()

    def render_haaretz_discovery(self, ordered: list[Entry], faults: list[tuple[str, int]]) -> None:
        site = "haaretz"
        base = ph(site)
        private = Story(key="haaretz:private", headline="Internal Draft: Embargoed Cabinet Briefing Notes",
                        paragraphs=[self.gen.story("x", datetime(2018, 5, 30, tzinfo=TZ[site])).paragraphs[1]] * 1
                        + ["This page is restricted by robots.txt and must never be fetched by the crawler."],
                        date=datetime(2018, 5, 30, 9, 0, tzinfo=TZ[site]), author="Desk")
        pe = Entry(site=site, kind="news", path="/private/2018-05-30/ty-article/internal-draft/" + uuid_tail("p"),
                   story=private, discovered_via="")
        self.put(site, pe.path, T.render_news(pe))
        self.not_articles.append(pe.url)
        self.put(site, "/robots.txt",
                 f"User-agent: *\nDisallow: /private/\nDisallow: /search\n\nSitemap: {base}/sitemap-index.xml\n",
                 ctype="text/plain; charset=utf-8")
        news_urls: list[tuple[str, str, str]] = []  # url, date, title
        plain: list[tuple[str, str]] = []
        for e in ordered:
            if e.discovered_via == "news-sitemap":
                news_urls.append((e.url, e.story.date.isoformat(), e.story.headline))
            else:
                plain.append((e.url, e.story.date.isoformat()))
        news_urls.insert(2, (pe.url, pe.story.date.isoformat(), pe.story.headline))
        for url, status in faults:
            news_urls.append((url, "2018-05-30T08:00:00+03:00", f"Story {status}"))
        items = "".join(
            f"<url><loc>{u}</loc><news:news><news:publication><news:name>Haaretz</news:name>"
            f"<news:language>en</news:language></news:publication><news:publication_date>{d}"
            f"</news:publication_date><news:title>{esc(t)}</news:title></news:news></url>\n"
            for u, d, t in news_urls
        )
        self.put(site, "/sitemap-news.xml",
                 '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + items + "</urlset>\n", ctype=XML)
        items = "".join(f"<url><loc>{u}</loc><lastmod>{d}</lastmod><changefreq>never</changefreq></url>\n"
                        for u, d in plain)
        self.put(site, "/sitemaps/articles.xml.gz",
                 '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                 + items + "</urlset>\n", ctype="application/x-gzip", gz=True)
        # each child's lastmod moves when an entry is added (a grown web's index says which changed):
        # one minute per entry after a fixed time
        changed = datetime(2018, 5, 31, 10, 30, tzinfo=timezone(timedelta(hours=3)))
        self.put(site, "/sitemap-index.xml",
                 '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                 f"<sitemap><loc>{base}/sitemap-news.xml</loc>"
                 f"<lastmod>{(changed + timedelta(minutes=len(news_urls))).isoformat()}</lastmod></sitemap>\n"
                 f"<sitemap><loc>{base}/sitemaps/articles.xml.gz</loc>"
                 f"<lastmod>{(changed + timedelta(minutes=len(plain))).isoformat()}</lastmod></sitemap>\n"
                 "</sitemapindex>\n", ctype=XML)

    def render_rss_news(self, site: str, ordered: list[Entry], faults: list[tuple[str, int]], binary: str) -> None:
        base = ph(site)
        items = []
        links: list[tuple[str, str, str, str]] = []
        for n, e in enumerate(ordered):
            link = e.url + ("?utm_source=rss&utm_medium=feed&utm_campaign=frontpage" if n % 2 == 0 else "")
            links.append((link, e.story.headline, e.story.description, T.rfc822(e.story.date)))
        links.insert(3, (base + binary, "Photo gallery of the week", "Pictures.", "Tue, 29 May 2018 10:00:00 +0300"))
        for url, status in faults:
            links.append((url, f"Breaking story {status}", "Developing.", "Wed, 30 May 2018 09:00:00 +0300"))
        for link, title, desc, date in links:
            items.append(f"<item><title>{esc(title)}</title><link>{esc(link)}</link>"
                         f"<guid isPermaLink=\"false\">{esc(link.split('?')[0])}</guid>"
                         f"<description>{esc(desc)}</description><pubDate>{date}</pubDate></item>\n")
        self.put(site, "/rss/rssfeedsfrontpage.aspx",
                 '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
                 f"<channel><title>Jerusalem Post - Front Page</title><link>{base}/</link>"
                 f'<atom:link href="{base}/rss/rssfeedsfrontpage.aspx" rel="self" type="application/rss+xml"/>'
                 "<description>Front page news</description><language>en-us</language>\n"
                 + "".join(items) + "</channel></rss>\n", ctype="application/rss+xml; charset=utf-8")

    def render_atom_news(self, site: str, ordered: list[Entry], faults: list[tuple[str, int]], empty: str) -> None:
        base = ph(site)
        rows = [(e.url, e.story.headline, e.story.date.isoformat(), e.story.description) for e in ordered]
        rows.insert(1, (base + empty, "Developing story", "2018-05-30T10:00:00+00:00", ""))
        for url, status in faults:
            rows.append((url, f"Wire story {status}", "2018-05-30T09:00:00+00:00", ""))
        entries = "".join(
            f"<entry><title>{esc(t)}</title><link rel=\"alternate\" type=\"text/html\" href=\"{esc(u)}\"/>"
            f"<id>{esc(u)}</id><published>{d}</published><updated>{d}</updated>"
            f"<summary>{esc(s)}</summary><author><name>WorldWire</name></author></entry>\n"
            for u, t, d, s in rows
        )
        self.put(site, "/feeds/atom.xml",
                 '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
                 f"<title>WorldWire top stories</title><id>{base}/</id><updated>2018-05-31T12:00:00+00:00</updated>"
                 f'<link rel="self" href="{base}/feeds/atom.xml"/><link rel="alternate" href="{base}/"/>\n'
                 + entries + "</feed>\n", ctype="application/atom+xml; charset=utf-8")

    def render_dailyherald(self, ordered: list[Entry], faults: list[tuple[str, int]]) -> None:
        site = "dailyherald"
        base = ph(site)
        size = 4 if len(ordered) <= 16 else 25
        pages = [ordered[i:i + size] for i in range(0, len(ordered), size)]
        tags = '<div class="tags">Topics: ' + " ".join(
            f'<a href="{base}/tag/{t}/">{t}</a>' for t in ("politics", "business", "local")) + "</div>"
        fault_links = "".join(f'<li><a href="{u}">Developing story</a></li>' for u, _ in faults)
        for n, chunk in enumerate(pages, start=1):
            path = "/news/" if n == 1 else f"/news/page/{n}/"
            nxt = f"{base}/news/page/{n + 1}/" if n < len(pages) else None
            prev = (f"{base}/news/" if n == 2 else f"{base}/news/page/{n - 1}/") if n > 1 else None
            head = f'<link rel="next" href="{nxt}"/>' if nxt else ""
            head += f'<link rel="prev" href="{prev}"/>' if prev else ""
            nav = '<nav class="pagination">'
            if prev:
                nav += f'<a class="prev" rel="prev" href="{prev}">Previous</a> '
            nav += f"<span>Page {n} of {len(pages)}</span>"
            if nxt:
                nav += f' <a class="next" rel="next" href="{nxt}">Next</a>'
            nav += "</nav>"
            extra = tags + (f'<ul class="breaking">{fault_links}</ul>' if n == 1 else "") + nav
            self.put(site, path, T.render_listing(site, "News" + (f" - page {n}" if n > 1 else ""), chunk,
                                                  extra=extra, head_extra=head, dup_links=True))
            self.not_articles.append(base + path)
        self.put(site, "/", T.render_listing(site, "Daily Herald", ordered[:5], dup_links=True,
                                             extra=tags + f'<p><a href="{base}/news/">More news</a></p>'
                                             + f'<p><a href="{base}/about/staff/">Our staff</a></p>'
                                             + f'<p><a href="{base}/about/contact/">Contact us</a></p>'))
        # a dead link on the home page (never served: HTTP 404), as real sites have them
        self.faults.append({"url": base + "/about/contact/", "status": 404})
        for t in ("politics", "business", "local"):
            chosen = [e for k, e in enumerate(ordered) if k % 3 == ("politics", "business", "local").index(t)][:6]
            self.put(site, f"/tag/{t}/", T.render_listing(site, f"Tag: {t}", chosen, extra=tags))
            self.not_articles.append(f"{base}/tag/{t}/")
        self.put(site, "/about/staff/", T.render_about(site, "Our staff", "Editors and reporters of the Daily Herald."))
        self.not_articles.append(f"{base}/about/staff/")

    def render_aggregators(self) -> None:
        # blogspot
        site = "blogspot"
        base = ph(site)
        es = sorted(self.entries[site], key=lambda e: e.story.date, reverse=True)
        for n, e in enumerate(es):
            self.put(site, e.path, A.render_blogger(e, es[n - 1] if n > 0 else None,
                                                    es[n + 1] if n + 1 < len(es) else None))
        first, rest = es[:5], es[5:]
        older = None
        if rest:
            older = f"{base}/search?updated-max={first[-1].story.date.isoformat()}&amp;max-results=5"
            self.put(site, "/search", A.render_blogger_list(site, f"{A.BLOG_TITLE}: older posts", rest, None))
            self.not_articles.append(f"{base}/search?updated-max={first[-1].story.date.isoformat()}&max-results=5")
        self.put(site, "/", A.render_blogger_list(site, A.BLOG_TITLE, first, older))
        months = sorted({e.path[:9] for e in es})
        for m in months:
            self.put(site, m, A.render_blogger_list(site, f"{A.BLOG_TITLE}: {m.strip('/')}",
                                                    [e for e in es if e.path.startswith(m)], None))
            self.not_articles.append(base + m)
        self.not_articles.append(base + "/")
        def content(e: Entry) -> str:
            return (e.body_html or T.paragraphs_html(e.story.paragraphs)) + e.claim_html

        entries = "".join(
            f"<entry><id>tag:blogger.com,1999:blog-1.post-{T.stable_id(e.path)}</id>"
            f"<published>{e.story.date.isoformat()}</published><updated>{e.story.date.isoformat()}</updated>"
            f"<title type='text'>{esc(e.story.headline)}</title>"
            f"<content type='html'>{esc(content(e))}</content>"
            f"<link rel='replies' type='text/html' href='{e.url}#comment-form' title='0 Comments'/>"
            f"<link rel='alternate' type='text/html' href='{e.url}' title='{esc(e.story.headline)}'/>"
            f"<author><name>news admin</name></author></entry>\n"
            for e in es
        )
        self.put(site, "/feeds/posts/default",
                 "<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom' "
                 "xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/'>"
                 f"<id>tag:blogger.com,1999:blog-1</id><updated>2018-06-01T00:00:00-07:00</updated>"
                 f"<title type='text'>{A.BLOG_TITLE}</title>"
                 f"<link rel='alternate' type='text/html' href='{base}/'/>"
                 f"<link rel='self' type='application/atom+xml' href='{base}/feeds/posts/default'/>"
                 f"<author><name>news admin</name></author><generator version='7.00' uri='http://www.blogger.com'>"
                 f"Blogger</generator>\n{entries}</feed>\n", ctype="application/atom+xml; charset=UTF-8")
        # wpnews
        site = "wpnews"
        base = ph(site)
        es = sorted(self.entries[site], key=lambda e: e.story.date, reverse=True)
        for n, e in enumerate(es):
            rel = [es[(n + d) % len(es)] for d in (2, 5, 7)]
            self.put(site, e.path, A.render_wp(e, es[n + 1] if n + 1 < len(es) else None,
                                               es[n - 1] if n > 0 else None, rel))
        size = 5
        chunks = [es[i:i + size] for i in range(0, len(es), size)]
        for n, chunk in enumerate(chunks, start=1):
            path = "/" if n == 1 else f"/page/{n}/"
            older = f"{base}/page/{n + 1}/" if n < len(chunks) else None
            newer = (f"{base}/" if n == 2 else f"{base}/page/{n - 1}/") if n > 1 else None
            self.put(site, path, A.render_wp_list(site, A.WP_TITLE, chunk, older, newer))
            self.not_articles.append(base + path)
        self.put(site, "/category/news/", A.render_wp_list(site, "News", es[:10], None, None))
        self.put(site, "/about/", T.render_about(site, "About", "A WordPress blog that collects news."))
        self.not_articles += [base + "/category/news/", base + "/about/"]
        items = "".join(
            f"<item><title>{esc(e.story.headline)}</title><link>{e.url}</link>"
            f"<pubDate>{T.rfc822(e.story.date)}</pubDate><dc:creator><![CDATA[editor]]></dc:creator>"
            f"<category><![CDATA[News]]></category>"
            f"<guid isPermaLink=\"false\">{base}/?p={T.stable_id(e.path) % 10000}</guid>"
            f"<description><![CDATA[{e.story.description} [&#8230;]]]></description>"
            f"<content:encoded><![CDATA[{content(e)}]]>"
            f"</content:encoded></item>\n"
            for e in es
        )
        self.put(site, "/feed/",
                 '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
                 'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                 'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">'
                 f"<channel><title>{A.WP_TITLE}</title><atom:link href=\"{base}/feed/\" rel=\"self\" "
                 f'type="application/rss+xml" /><link>{base}</link><description>News from everywhere</description>'
                 f"<language>en-US</language><generator>https://wordpress.org/?v=4.9.6</generator>\n"
                 + items + "</channel></rss>\n", ctype="application/rss+xml; charset=UTF-8")

    # -- manifest -----------------------------------------------------------------------------
