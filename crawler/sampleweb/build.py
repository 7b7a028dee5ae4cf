"""Builds the sample web: every site's pages (with base-URL placeholders) and the manifest.

``build_web(scale)`` returns a :class:`Web`: ``pages[site][path] -> Page`` plus the manifest, both
holding ``@@SW:<site>@@`` where a site's ``http://127.0.0.1:PORT`` goes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import struct
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from html import escape
from typing import Any

from . import templates as T
from .prose import (
    DATA_DIR,
    HUNGER_STRIKE,
    HUNGER_STRIKE_HEADLINE,
    NEWSLETTER_LINES,
    ORIGINAL_POSTS,
    PUTIN_ANALYSIS,
    SEED_CLAIMED_PATH,
    SEED_HEADLINE,
    SEED_RELATED,
    ProseGenerator,
    Story,
    edit_paragraphs,
    load_seed,
)
from .templates import Entry, Page, esc, ph

SITES: dict[str, str] = {
    "haaretz": "news",
    "jpost": "news",
    "dailyherald": "news",
    "worldwire": "news",
    "blogspot": "aggregator",
    "wpnews": "aggregator",
}
NEWS_SITES = [s for s, k in SITES.items() if k == "news"]

TZ = {
    "haaretz": timezone(timedelta(hours=3)),
    "jpost": timezone(timedelta(hours=3)),
    "dailyherald": timezone(timedelta(hours=-5)),
    "worldwire": UTC,
    "blogspot": timezone(timedelta(hours=-7)),
    "wpnews": UTC,
}

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"

# id prefix, site, path, language, datePublished, headline
REAL_PAGES = [
    ("833caf3bdba5", "haaretz",
     "/middle-east-news/2019-11-20/ty-article/world-community-lashes-out-at-us-over-settlements/",
     "en", "2019-11-20T07:29:39+00:00",
     "World Community Lashes Out at US for No Longer Considering Israeli Settlements Illegal"),
    ("1ee91d1fce65", "haaretz",
     "/world-news/2019-11-18/ty-article/us-backed-syrian-forces-blocking-refugee-return/",
     "en", "2019-11-18T20:28:55+00:00", "Russia and Syria: U.S.-backed Syrian Forces Blocking Refugee Return"),
    ("e372e42c0a3d", "jpost", "/Breaking-News/Son-of-former-German-president-stabbed-to-death-in-Berlin-608399",
     "en", "2019-11-20T10:43:00+00:00", "Son of former German president stabbed to death in Berlin"),
    ("7916ecca969f", "jpost", "/International/US-service-members-killed-in-Afghanistan-helicopter-crash-608402",
     "en", "2019-11-20T08:00:58+00:00", "US service members killed in Afghanistan helicopter crash"),
    ("14cc2a0ca59c", "dailyherald", "/2019/11/18/nasa-confirms-water-plumes-above-europa/",
     "en", "2019-11-18T23:41:18+00:00",
     "NASA Just Confirmed There Are Water Plumes Above The Surface of Jupiter's Moon Europa"),
    ("f105de6e63ca", "dailyherald", "/2018/08/16/kindle-for-pc-shortcut-key/",
     "ja", "2018-08-16T10:29:20+00:00", "Kindle for PCをCtrl＋Alt＋Kのショートカットキーで立ち上がらなくする方法"),
    ("ff0f958ade71", "worldwire", "/stories/2018/04/atkins-diet-14-days.html",
     "ru", "2018-04-12T09:00:00+00:00", "Диета Аткинса (14 дней) - потеря веса до 10 кг. Отзывы"),
    ("0ec95c7261d1", "worldwire", "/stories/2018/05/lj-ryu-hwa-young-dispute.html",
     "ko", "2018-05-15T09:00:00+00:00", "엘제이-류화영 진흙탕 싸움, 공적인 사안으로 봐야하는 이유"),
]


def _uuid_tail(key: str) -> str:
    h = hashlib.sha1(key.encode()).hexdigest()
    return f"0000017f-{h[:4]}-{h[4:8]}-{h[8:12]}-{h[12:24]}"


def slugify(text: str, fallback: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    s = "-".join(s.split("-")[:8])
    return s if len(s) >= 8 else fallback


def tiny_png() -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


@dataclass
class Web:
    """All pages and the manifest, with placeholders for base URLs."""

    pages: dict[str, dict[str, Page]] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)
    sites_entries: dict[str, dict[str, Any]] = field(default_factory=dict)


class Builder:
    """Collects entries, then renders pages, feeds, sitemaps and the manifest."""

    def __init__(self, scale: int, listed: dict[str, int] | None = None) -> None:
        self.scale = scale
        self.listed = dict(listed or {})
        self.rng = random.Random(7)
        self.gen = ProseGenerator()
        self.entries: dict[str, list[Entry]] = {s: [] for s in SITES}
        self.by_key: dict[str, Entry] = {}
        self.pages: dict[str, dict[str, Page]] = {s: {} for s in SITES}
        self.not_articles: list[str] = []
        self.faults: list[dict[str, Any]] = []
        self.real_gt: dict[str, dict[str, str]] = json.loads(
            (DATA_DIR / "real" / "ground-truth.json").read_text(encoding="utf-8"))
        self.used_paths: set[tuple[str, str]] = set()

    # -- helpers ------------------------------------------------------------------------------
    def add(self, e: Entry) -> Entry:
        assert (e.site, e.path) not in self.used_paths, (e.site, e.path)
        self.used_paths.add((e.site, e.path))
        self.entries[e.site].append(e)
        self.by_key[e.story.key] = e
        return e

    def news_path(self, site: str, story: Story, n: int) -> str:
        d = story.date
        slug = slugify(story.headline, f"story-{n}")
        if site == "haaretz":
            return f"/{story.section}/{d:%Y-%m-%d}/ty-article/{slug}/{_uuid_tail(story.key)}"
        if site == "jpost":
            cap = "-".join(w.capitalize() for w in slug.split("-"))
            return f"/{story.section.title().replace(' ', '-')}/{cap}-{550000 + n * 37}"
        if site == "dailyherald":
            return f"/{d:%Y/%m/%d}/{slug}/"
        return f"/stories/{d:%Y/%m}/{slug}-{n}.html"

    def synth(self, site: str, key: str, date: datetime, section: str, n_par: int | None = None) -> Entry:
        story = self.gen.story(key, date.astimezone(TZ[site]), n_paragraphs=n_par)
        story.section = section
        n = len(self.entries[site]) + 1 + len(self.used_paths)
        return self.add(Entry(site=site, kind="news", path=self.news_path(site, story, n), story=story,
                              discovered_via=""))

    # -- news ---------------------------------------------------------------------------------
    def build_news(self) -> None:  # noqa: C901, PLR0912  (the sample news sites, one case each)
        seed = load_seed()
        self.seed = seed
        hz = TZ["haaretz"]
        seed_story = Story(key="haaretz:seed", headline=SEED_HEADLINE, paragraphs=seed.paragraphs,
                           date=datetime(2018, 5, 31, 10, 19, tzinfo=hz), author="Haaretz Staff",
                           section="israel-news")
        seed_story.section = "israel-news"
        self.add(Entry(site="haaretz", kind="news", story=seed_story, discovered_via="news-sitemap",
                       path="/israel-news/2018-05-31/ty-article/lieberman-meets-russian-counterpart-in-moscow/"
                            + _uuid_tail("seed")))
        putin = Story(key="haaretz:putin", headline=SEED_RELATED, paragraphs=PUTIN_ANALYSIS,
                      date=datetime(2018, 5, 27, 18, 5, tzinfo=hz), author="Haaretz Analysis Desk",
                      section="middle-east-news")
        self.add(Entry(site="haaretz", kind="news", story=putin, discovered_via="news-sitemap",
                       path="/middle-east-news/2018-05-27/ty-article/in-syria-putin-and-netanyahu-were-on-the-same-side/"
                            + _uuid_tail("putin")))
        hunger = Story(key="jpost:hunger", headline=HUNGER_STRIKE_HEADLINE, paragraphs=HUNGER_STRIKE,
                       date=datetime(2018, 5, 30, 14, 40, tzinfo=TZ["jpost"]), author="Khaled Abu Toameh",
                       section="Arab-Israeli-Conflict")
        self.add(Entry(site="jpost", kind="news", story=hunger, path=SEED_CLAIMED_PATH, discovered_via="rss"))

        sections = {"haaretz": ["israel-news", "world-news", "middle-east-news"],
                    "jpost": ["Israel-News", "International", "Middle-East"],
                    "dailyherald": ["news"], "worldwire": ["world"]}
        counts = {"haaretz": 6, "jpost": 7, "dailyherald": 7, "worldwire": 7}
        start = datetime(2018, 5, 2, 8, 0, tzinfo=UTC)
        i = 0
        for site, count in counts.items():
            for j in range(count):
                date = start + timedelta(hours=61 * j + 7 * i)
                self.synth(site, f"{site}:s{j + 1}", date, sections[site][j % len(sections[site])])
            i += 1
        self.by_key["dailyherald:s7"].broken = True
        # real pages
        for prefix, site, path, lang, date_s, headline in REAL_PAGES:
            rid = next(k for k in self.real_gt if k.startswith(prefix))
            if site == "haaretz":
                path += _uuid_tail(rid)
            paras = [p.strip() for p in self.real_gt[rid]["articleBody"].split("\n") if p.strip()]
            story = Story(key=f"real:{prefix}", headline=headline, paragraphs=paras,
                          date=datetime.fromisoformat(date_s), lang=lang, author="")
            self.add(Entry(site=site, kind="news", path=path, story=story, discovered_via="", real_id=rid))
        # this real page ends "Via SyndiGate.info" (a link): the page itself names a source,
        # which the crawler must report; with no evidence either way the check says unverified
        albawaba = self.by_key["real:833caf3bdba5"]
        albawaba.claimed_source, albawaba.source_status = "http://syndigate.info", "unverified"
        # and this one ends "This article was originally published by Futurism. Read the
        # original article." (links to futurism.com)
        europa = self.by_key["real:14cc2a0ca59c"]
        europa.claimed_source = "https://futurism.com/scientists-confirm-water-vapor-europa"
        europa.source_status = "unverified"
        # scale
        sstart = datetime(2018, 1, 1, 6, 0, tzinfo=UTC)
        for k in range(self.scale):
            site = NEWS_SITES[k % len(NEWS_SITES)]
            self.synth(site, f"scale:{k}", sstart + timedelta(minutes=47 * k), sections[site][k % len(sections[site])],
                       n_par=self.rng.randint(5, 7))
        # discovery channel
        for site in NEWS_SITES:
            for n, e in enumerate(self.entries[site]):
                if site == "haaretz":
                    if not e.discovered_via:
                        synth_idx = n
                        e.discovered_via = ("news-sitemap" if e.story.key.startswith("haaretz:s") and synth_idx % 2
                                            else "sitemap")
                else:
                    e.discovered_via = {"jpost": "rss", "dailyherald": "index", "worldwire": "atom"}[site]
        # related links (same site)
        for site in NEWS_SITES:
            es = self.entries[site]
            for n, e in enumerate(es):
                if e.real_id is None:
                    e.related = [es[(n + d) % len(es)] for d in (1, 2, 3) if es[(n + d) % len(es)] is not e
                                 and es[(n + d) % len(es)].real_id is None][:3]

    # -- aggregators --------------------------------------------------------------------------
    def copy(self, agg: str, orig_key: str, copy_type: str, *, claim: str | None = None, claim_kind: str = "",  # noqa: C901, PLR0912  (one case per copy type)
             claimed_url: str | None = None, status: str | None = None, headline: str | None = None,
             k: int = 3, hours: int = 9) -> Entry:
        """Add an aggregator copy of ``orig_key``.

        ``claim`` is one of: "source-text", "source-link", "article-source-text", "article-source-link",
        "originally", "via", "read-full", "canonical", "og:url" or None (unattributed).
        """
        orig = self.by_key[orig_key]
        src = orig.story
        paras = list(src.paragraphs)
        if copy_type == "excerpt":
            paras = paras[:k]
        elif copy_type == "edited":
            paras = edit_paragraphs(paras, self.rng)
        date = (src.date + timedelta(hours=hours)).astimezone(TZ[agg])
        key = f"{agg}:{len(self.entries[agg]) + 1}"
        story = Story(key=key, headline=headline or src.headline, paragraphs=paras, date=date,
                      author="news admin", lang=src.lang)
        target = claimed_url or orig.url
        e = Entry(site=agg, kind="aggregator", path=self.post_path(agg, story), story=story,
                  discovered_via="atom" if agg == "blogspot" else "rss", role="copy", copy_type=copy_type,
                  duplicate_of=orig.url)
        a = f'<a href="{target}">'
        if claim == "article-source-text":
            e.claim_html = f"<p>Article source: {target}</p>"
        elif claim == "article-source-link":
            e.claim_html = f"<p>Article source: {a}{target}</a></p>"
        elif claim == "source-link":
            e.claim_html = f"<p>Source: {a}{esc(T.NEWS_BRANDS.get(self.site_of(target), ('the original',))[0])}</a></p>"
        elif claim == "originally":
            e.claim_html = f"<p><em>Originally published at {a}{target}</a></em></p>"
        elif claim == "via":
            e.claim_html = f"<p>(via {a}{esc(T.NEWS_BRANDS.get(self.site_of(target), ('source',))[0])}</a>)</p>"
        elif claim == "read-full":
            e.claim_html = f"<p>Read the full story at {a}{esc(self.site_of(target))}</a></p>"
        elif claim == "canonical":
            e.canonical = target
        elif claim == "og:url":
            e.og_url = target
        if copy_type == "excerpt":
            label = "Read More" if agg == "blogspot" else "Continue reading &rarr;"
            e.claim_html = f'<p><a class="more-link" href="{orig.url}">{label}</a></p>' + e.claim_html
            e.read_more = orig.url
        if claim:
            e.claimed_source = target
            e.source_status = status or ("match" if target == orig.url else "mismatch")
        else:
            e.source_status = "missing"
        return self.add(e)

    def site_of(self, url: str) -> str:
        m = re.match(r"@@SW:([a-z]+)@@", url)
        return m.group(1) if m else ""

    def post_path(self, agg: str, story: Story) -> str:
        n = len(self.entries[agg]) + 1
        slug = slugify(story.headline, f"post-{n}")
        d = story.date
        path = f"/{d:%Y/%m}/{slug[:60].rstrip('-')}.html" if agg == "blogspot" else f"/{d:%Y/%m/%d}/{slug}/"
        while (agg, path) in self.used_paths:
            n += 1
            path = path.replace(".html", f"_{n}.html") if agg == "blogspot" else path.rstrip("/") + f"-{n}/"
        return path

    def unique_post(self, agg: str, idx: int, date: datetime) -> Entry:
        title, paras = ORIGINAL_POSTS[idx]
        story = Story(key=f"{agg}:u{idx}", headline=title, paragraphs=paras, date=date.astimezone(TZ[agg]),
                      author="news admin")
        return self.add(Entry(site=agg, kind="aggregator", path=self.post_path(agg, story), story=story,
                              discovered_via="atom" if agg == "blogspot" else "rss"))

    def build_aggregators(self) -> None:  # noqa: PLR0915  (the sample aggregators, one post kind after another)
        seed = self.seed
        orig = self.by_key["haaretz:seed"]
        hunger = self.by_key["jpost:hunger"]
        putin = self.by_key["haaretz:putin"]
        # B1: THE SEED POST
        lines_html = []
        widget: list[str] = []
        for ln in seed.lines:
            if ln in NEWSLETTER_LINES:
                widget.append(esc(ln))
                continue
            if widget:
                lines_html.append("<div>" + "<br />\n".join(widget) + "</div>")
                widget = []
            if ln == SEED_RELATED:
                lines_html.append(f'<p><a href="{putin.url}">{esc(ln)}</a></p>')
            else:
                lines_html.append(f"<p>{esc(ln)}</p>")
        b1 = self.copy("blogspot", "haaretz:seed", "full", claim="article-source-text", claimed_url=hunger.url,
                       hours=14)
        b1.body_html = "\n".join(lines_html)
        b1.read_more = hunger.url
        self.seed_post = b1
        # B2: seed story, edited, claim as a real link
        b2 = self.copy("blogspot", "haaretz:seed", "edited", claim="article-source-link", claimed_url=hunger.url,
                       headline="Lieberman and Shoigu Discuss Iranian Presence in Syria at Moscow Meeting", hours=20)
        b2.read_more = hunger.url
        self.copy("blogspot", "jpost:s1", "full", claim="article-source-text")
        self.copy("blogspot", "dailyherald:s1", "excerpt", claim="source-link", k=3)
        self.copy("blogspot", "worldwire:s1", "full")
        self.copy("blogspot", "worldwire:s2", "full", claim="source-link",
                  claimed_url=self.by_key["jpost:s2"].url)  # wrong publisher
        self.copy("blogspot", "real:14cc2a0ca59c", "full", claim="via", hours=30)
        self.copy("blogspot", "real:0ec95c7261d1", "full", claim="article-source-text", hours=26)
        self.copy("blogspot", "haaretz:s1", "full", claim="canonical")
        self.unique_post("blogspot", 0, datetime(2018, 5, 18, 9, 30, tzinfo=UTC))
        self.unique_post("blogspot", 1, datetime(2018, 5, 25, 16, 0, tzinfo=UTC))
        self.copy("blogspot", "haaretz:putin", "excerpt", claim="read-full", k=2)
        # wpnews
        self.copy("wpnews", "haaretz:s2", "full", claim="originally")
        self.copy("wpnews", "jpost:hunger", "excerpt", claim="via", k=2)
        self.copy("wpnews", "dailyherald:s2", "full", claim="canonical")
        self.copy("wpnews", "worldwire:s3", "edited", claim="via",
                  headline="Fresh Row Erupts Over " + self.by_key["worldwire:s3"].story.headline.split(" ")[0]
                  + " Project")
        self.copy("wpnews", "dailyherald:s3", "full")
        self.copy("wpnews", "real:ff0f958ade71", "full", claim="source-link", hours=40)
        self.copy("wpnews", "haaretz:seed", "full", claim="read-full", hours=30)
        self.copy("wpnews", "jpost:s3", "full", claim="source-link",
                  claimed_url=self.by_key["worldwire:s4"].url)  # wrong publisher
        self.copy("wpnews", "jpost:s4", "full", claim="og:url")
        self.unique_post("wpnews", 2, datetime(2018, 5, 12, 11, 0, tzinfo=UTC))
        self.unique_post("wpnews", 3, datetime(2018, 5, 29, 7, 45, tzinfo=UTC))
        self.copy("wpnews", "haaretz:s3", "edited",
                  headline="What Next for " + self.by_key["haaretz:s3"].story.headline.split(" ")[0] + "?")
        self.copy("wpnews", "real:833caf3bdba5", "excerpt", claim="originally", k=3, hours=20)
        self.build_claim_faults()
        assert orig.url == self.by_key["haaretz:seed"].url
        # scale copies: ~10% of the extra articles
        kinds = [("full", "article-source-text"), ("excerpt", "source-link"), ("edited", "via"), ("full", None),
                 ("full", "originally"), ("excerpt", "read-full")]
        for j in range(self.scale // 10):
            agg = "blogspot" if j % 2 == 0 else "wpnews"
            ctype, claim = kinds[j % len(kinds)]
            self.copy(agg, f"scale:{j * 10 + 3}", ctype, claim=claim, k=2 + j % 3, hours=5 + j % 30)
        # roles of news originals
        for site in SITES:
            for e in self.entries[site]:
                if e.role == "copy":
                    src = next(x for x in self.all_entries() if x.url == e.duplicate_of)
                    src.role = "original"

    def build_claim_faults(self) -> None:
        """Posts whose claimed source can only be judged by fetching it (the aggregator spider does):
        a claimed URL that is gone (404), one that redirects to the home page, and claimed URLs
        with numeric-only slugs (an alias of the original, and an alias of another story)."""
        # pages served only for these claims (never linked, so never crawled by the news spider):
        # (site, path, what) with what = ("alias", entry key) or ("refresh", target path)
        self.claim_targets: list[tuple[str, str, tuple[str, str]]] = []
        gone = ph("jpost") + "/Israel-News/Story-that-was-removed-559100"  # a fault URL: HTTP 404
        self.copy("blogspot", "jpost:s5", "full", claim="article-source-text", claimed_url=gone,
                  status="mismatch", hours=11)  # source_unreachable
        moved = "/stories/2018/05/moved-story-redirect.html"
        self.claim_targets.append(("worldwire", moved, ("refresh", "/")))
        self.copy("wpnews", "worldwire:s5", "full", claim="source-link", claimed_url=ph("worldwire") + moved,
                  status="mismatch", hours=13)  # source_unreachable (redirect to the home page)
        self.claim_targets.append(("dailyherald", "/558899/", ("alias", "dailyherald:s4")))
        self.copy("blogspot", "dailyherald:s4", "full", claim="article-source-link",
                  claimed_url=ph("dailyherald") + "/558899/", status="match", hours=15)  # no slug evidence
        self.claim_targets.append(("dailyherald", "/558900/", ("alias", "dailyherald:s6")))
        self.copy("wpnews", "dailyherald:s5", "full", claim="source-link",
                  claimed_url=ph("dailyherald") + "/558900/", status="mismatch", hours=12)  # another story

    def render_claim_targets(self) -> None:
        for site, path, (what, arg) in getattr(self, "claim_targets", []):
            if what == "alias":
                self.put(site, path, T.render_news(self.by_key[arg]))
            else:
                self.put(site, path, T.render_meta_refresh(ph(site) + arg))
            self.not_articles.append(ph(site) + path)

    def all_entries(self) -> list[Entry]:
        return [e for s in SITES for e in self.entries[s]]

    # -- rendering ----------------------------------------------------------------------------
    def put(self, site: str, path: str, body: str | bytes, status: int = 200, ctype: str = HTML,
            gz: bool = False) -> None:
        self.pages[site][path] = Page(status=status, ctype=ctype, body=body, gzip=gz)

    def fault_urls(self, site: str) -> list[tuple[str, int]]:
        paths = {
            "haaretz": ["/israel-news/2018-05-30/ty-article/removed-story/" + _uuid_tail("404"),
                        "/israel-news/2018-05-30/ty-article/server-error-story/" + _uuid_tail("500")],
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
        pe = Entry(site=site, kind="news", path="/private/2018-05-30/ty-article/internal-draft/" + _uuid_tail("p"),
                   story=private, discovered_via="")
        self.put(site, pe.path, T.render_news(pe))
        self.not_articles.append(pe.url)
        self.put(site, "/robots.txt",
                 f"User-agent: *\nDisallow: /private/\nDisallow: /search\n\nSitemap: {base}/sitemap-index.xml\n",
                 ctype="text/plain; charset=utf-8")
        self.put(site, "/sitemap-index.xml",
                 '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                 f"<sitemap><loc>{base}/sitemap-news.xml</loc><lastmod>2018-05-31T10:30:00+03:00</lastmod></sitemap>\n"
                 f"<sitemap><loc>{base}/sitemaps/articles.xml.gz</loc><lastmod>2018-05-31T10:30:00+03:00</lastmod></sitemap>\n"
                 "</sitemapindex>\n", ctype=XML)
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
            self.put(site, e.path, T.render_blogger(e, es[n - 1] if n > 0 else None,
                                                    es[n + 1] if n + 1 < len(es) else None))
        first, rest = es[:5], es[5:]
        older = None
        if rest:
            older = f"{base}/search?updated-max={first[-1].story.date.isoformat()}&amp;max-results=5"
            self.put(site, "/search", T.render_blogger_list(site, f"{T.BLOG_TITLE}: older posts", rest, None))
            self.not_articles.append(f"{base}/search?updated-max={first[-1].story.date.isoformat()}&max-results=5")
        self.put(site, "/", T.render_blogger_list(site, T.BLOG_TITLE, first, older))
        months = sorted({e.path[:9] for e in es})
        for m in months:
            self.put(site, m, T.render_blogger_list(site, f"{T.BLOG_TITLE}: {m.strip('/')}",
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
                 f"<title type='text'>{T.BLOG_TITLE}</title>"
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
            self.put(site, e.path, T.render_wp(e, es[n + 1] if n + 1 < len(es) else None,
                                               es[n - 1] if n > 0 else None, rel))
        size = 5
        chunks = [es[i:i + size] for i in range(0, len(es), size)]
        for n, chunk in enumerate(chunks, start=1):
            path = "/" if n == 1 else f"/page/{n}/"
            older = f"{base}/page/{n + 1}/" if n < len(chunks) else None
            newer = (f"{base}/" if n == 2 else f"{base}/page/{n - 1}/") if n > 1 else None
            self.put(site, path, T.render_wp_list(site, T.WP_TITLE, chunk, older, newer))
            self.not_articles.append(base + path)
        self.put(site, "/category/news/", T.render_wp_list(site, "News", es[:10], None, None))
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
                 f"<channel><title>{T.WP_TITLE}</title><atom:link href=\"{base}/feed/\" rel=\"self\" "
                 f'type="application/rss+xml" /><link>{base}</link><description>News from everywhere</description>'
                 f"<language>en-US</language><generator>https://wordpress.org/?v=4.9.6</generator>\n"
                 + items + "</channel></rss>\n", ctype="application/rss+xml; charset=UTF-8")

    # -- manifest -----------------------------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        arts = []
        for e in self.all_entries():
            arts.append({
                "url": e.url, "site": e.site, "siteKind": e.kind, "discovered_via": e.discovered_via,
                "headline": e.story.headline, "body": e.story.body, "datePublished": e.story.date.isoformat(),
                "role": e.role, "copy_type": e.copy_type, "duplicate_of": e.duplicate_of,
                "claimed_source": e.claimed_source, "expected_source_status": e.source_status,
                "language": e.story.lang,
            })
        return {
            "sites": {name: {"kind": kind, "base_url": ph(name)} for name, kind in SITES.items()},
            "articles": arts,
            "not_articles": list(dict.fromkeys(self.not_articles)),
            "faults": self.faults,
            "seed": {"post_url": self.seed_post.url, "original_url": self.by_key["haaretz:seed"].url,
                     "claimed_url": self.by_key["jpost:hunger"].url},
        }

    def sites_entries(self) -> dict[str, dict[str, Any]]:
        return {
            "haaretz": {"sitemaps": [ph("haaretz") + "/robots.txt"]},
            "jpost": {"feeds": [ph("jpost") + "/rss/rssfeedsfrontpage.aspx"]},
            "dailyherald": {"start_urls": [ph("dailyherald") + "/", ph("dailyherald") + "/news/"],
                            "article_pattern": r"/\d{4}/\d{2}/\d{2}/"},
            "worldwire": {"feeds": [ph("worldwire") + "/feeds/atom.xml"]},
            "blogspot": {"feeds": [ph("blogspot") + "/feeds/posts/default"],
                         "article_pattern": r"/\d{4}/\d{2}/[^/?#]+\.html"},
            "wpnews": {"feeds": [ph("wpnews") + "/feed/"], "article_pattern": r"/\d{4}/\d{2}/\d{2}/"},
        }


def build_web(scale: int = 0, listed: dict[str, int] | None = None) -> Web:
    """Build every page and the manifest (with base-URL placeholders). ``listed``: news site ->
    how many of its newest articles its feeds, sitemaps and index pages list (all when absent;
    the other articles are still served)."""
    b = Builder(scale, listed)
    b.build_news()
    b.build_aggregators()
    b.render_news_sites()
    b.render_aggregators()
    return Web(pages=b.pages, manifest=b.manifest(), sites_entries=b.sites_entries())
