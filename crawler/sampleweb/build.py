"""Builds the sample web: every site's pages (with base-URL placeholders) and the manifest.

``build_web(scale)`` returns a :class:`Web`: ``pages[site][path] -> Page`` plus the manifest, both
holding ``@@SW:<site>@@`` where a site's ``http://127.0.0.1:PORT`` goes.
"""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime, timedelta
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
from .render import RenderMixin
from .templates import Entry, Page, esc, ph
from .web import NEWS_SITES, SITES, TZ, Web, uuid_tail

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


def slugify(text: str, fallback: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    s = "-".join(s.split("-")[:8])
    return s if len(s) >= 8 else fallback


class Builder(RenderMixin):
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
            return f"/{story.section}/{d:%Y-%m-%d}/ty-article/{slug}/{uuid_tail(story.key)}"
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
                            + uuid_tail("seed")))
        putin = Story(key="haaretz:putin", headline=SEED_RELATED, paragraphs=PUTIN_ANALYSIS,
                      date=datetime(2018, 5, 27, 18, 5, tzinfo=hz), author="Haaretz Analysis Desk",
                      section="middle-east-news")
        self.add(Entry(site="haaretz", kind="news", story=putin, discovered_via="news-sitemap",
                       path="/middle-east-news/2018-05-27/ty-article/in-syria-putin-and-netanyahu-were-on-the-same-side/"
                            + uuid_tail("putin")))
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
                path += uuid_tail(rid)
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

    @staticmethod
    def videos_of(e: Entry) -> list[str]:
        """The videos of an article's page: the clip of a generated news story rendered whole."""
        url = T.clip_url(e) if e.kind == "news" and not e.real_id and not e.broken else None
        return [url] if url else []

    def manifest(self) -> dict[str, Any]:
        arts = []
        for e in self.all_entries():
            arts.append({
                "url": e.url, "site": e.site, "siteKind": e.kind, "discovered_via": e.discovered_via,
                "headline": e.story.headline, "body": e.story.body, "datePublished": e.story.date.isoformat(),
                "role": e.role, "copy_type": e.copy_type, "duplicate_of": e.duplicate_of,
                "claimed_source": e.claimed_source, "expected_source_status": e.source_status,
                "language": e.story.lang, "videos": self.videos_of(e),
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
