"""The claimed-source development set: originals (real pages and written stories), and
aggregator posts that copy them on many templates, credit them in many places, wordings and
languages (or credit the wrong article, or nothing), with decoys that are not claims.

Deterministic for a seed. Each post carries its labels: the URL it claims (``truth``, None when
it claims nothing), ``label`` (``correct``, ``wrong``, ``missing``: a copy naming no source,
``none``: not a copy and no claim), and the axes the figures are broken down by (``template``,
``placement``, ``phrasing``, ``lang``, ``decoy``, ``heldout``).
"""

# ruff: noqa: E501

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from . import decoys, phrasings, templates_heldout, templates_other, templates_wp
from .model import PLACEMENTS, Post, Slots, Template
from .stories import STORIES

DEV_TEMPLATES: dict[str, Template] = {**templates_wp.TEMPLATES, **templates_other.TEMPLATES}
HELDOUT_TEMPLATES: dict[str, Template] = dict(templates_heldout.TEMPLATES)
MACHINE = ("original-source", "syndication-source", "isBasedOn-jsonld", "isBasedOn-microdata", "canonical", "og:url")
_LANG_RE = re.compile(rb"<html[^>]*\blang=[\"']?([a-zA-Z]{2})", re.I)


@dataclass
class Original:
    """A news article an aggregator may copy: its page and the text a copy takes."""

    url: str
    lang: str
    publisher: str
    headline: str
    paragraphs: list[str]
    html: str | bytes
    kind: str  # "real" or "written"

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    @property
    def home(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}/"


@dataclass
class Case:
    """One post of the set: its page, URL and labels."""

    url: str
    html: str
    original: Original
    truth: str | None
    label: str
    template: str
    placement: str
    phrasing: str
    lang: str
    heldout: bool
    decoy: str = ""
    crawled: bool = True
    fetch: bool = False
    copy_type: str = "full"
    extra: dict[str, Any] = field(default_factory=dict)


def _publisher_name(host: str) -> str:
    label = host.removeprefix("www.").split(".")[0]
    return " ".join(w.capitalize() for w in re.split(r"[-_]", label) if w)


def _news_page(story: Any, date: datetime) -> str:
    """A publisher's article page for a written story (JSON-LD, byline, related links)."""
    paras = "\n".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.headline,
                     "datePublished": date.isoformat(), "inLanguage": story.lang,
                     "publisher": {"@type": "Organization", "name": story.publisher}}, ensure_ascii=False)
    host = urlsplit(story.url).netloc
    return (f'<!DOCTYPE html><html lang="{story.lang}"><head><meta charset="utf-8"><title>{escape(story.headline)} | '
            f'{escape(story.publisher)}</title><link rel="canonical" href="{story.url}"><meta property="og:url" '
            f'content="{story.url}"><script type="application/ld+json">{ld}</script></head><body>'
            f'<header class="masthead"><a href="https://{host}/">{escape(story.publisher)}</a><nav><a href="/">Home</a> '
            f'<a href="/local/">Local</a></nav></header><main><article><h1>{escape(story.headline)}</h1>'
            f'<div class="byline"><time datetime="{date.isoformat()}">{date:%Y-%m-%d %H:%M}</time></div>'
            f'<div class="article-body">{paras}</div></article><aside class="more"><h3>More</h3><ul>'
            f'<li><a href="https://{host}/a/1">Weather warning for the weekend</a></li><li><a href="https://{host}/a/2">'
            f'Council meets on Tuesday</a></li></ul></aside></main><footer>&copy; {escape(story.publisher)}</footer>'
            f"</body></html>")


def written_originals() -> list[Original]:
    base = datetime(2024, 3, 1, 7, 0, tzinfo=UTC)
    out = []
    for n, s in enumerate(STORIES):
        html = _news_page(s, base + timedelta(hours=5 * n))
        out.append(Original(s.url, s.lang, s.publisher, s.headline, list(s.paragraphs), html, "written"))
    return out


def real_originals(data: Path, limit: int | None = None) -> list[Original]:
    """Pages of an article-extraction style folder (``ground-truth.json`` + ``html/<id>.html.gz``
    or ``<id>.html.gz``): their URL, language and true body."""
    gt = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for pid in sorted(gt):
        entry = gt[pid]
        if entry.get("page_type", "article") != "article":
            continue
        path = data / "html" / f"{pid}.html.gz"
        if not path.exists():
            path = data / f"{pid}.html.gz"
        if not path.exists():
            continue
        html = gzip.decompress(path.read_bytes())
        paras = [p.strip() for p in str(entry.get("articleBody") or "").split("\n") if len(p.strip()) > 1]
        if sum(len(p.split()) for p in paras) < 60:
            continue
        m = _LANG_RE.search(html[:5000])
        lang = m.group(1).decode().lower() if m else "en"
        host = (urlsplit(entry["url"]).hostname or "").lower()
        headline = entry.get("headline") or " ".join(paras[0].split()[:12])
        out.append(Original(entry["url"], lang, _publisher_name(host), headline, paras, html, "real"))
        if limit and len(out) >= limit:
            break
    return out


def _slug(headline: str, n: int) -> str:
    ascii_words = re.findall(r"[a-z0-9]+", headline.lower())
    if len(ascii_words) >= 3:
        return "-".join(ascii_words[:8])
    return quote("-".join(headline.lower().split()[:6]), safe="-") or f"post-{n}"


def _wrap(placement: str, html: str, rng: random.Random) -> str:
    if placement == "title":
        return f'<span class="meta-source"> {rng.choice(["·", "|", "—", ""])} {html}</span>'
    if placement == "lead":
        return rng.choice(["<p><em>{}</em></p>", "<p>{}</p>", '<div class="source-line">{}</div>']).format(html)
    if placement == "middle":
        return rng.choice(["<p><strong>{}</strong></p>", "<p>{}</p>"]).format(html)
    if placement == "end":
        return rng.choice(["<p>{}</p>", "<p><em>{}</em></p>", "<p><small>{}</small></p>", "<hr/><p>{}</p>"]).format(html)
    return rng.choice(['<div class="post-source">{}</div>', '<div class="source-box"><p>{}</p></div>',
                       '<p class="more-link-wrap">{}</p>']).format(html)


def _machine(kind: str, url: str, headline: str, slots: Slots) -> None:
    if kind in ("original-source", "syndication-source"):
        slots.head += f'<meta name="{kind}" content="{url}" />\n'
    elif kind == "isBasedOn-jsonld":
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline, "isBasedOn": url}
        slots.head += f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n'
    elif kind == "isBasedOn-microdata":
        slots.end += f'<div itemscope itemtype="https://schema.org/NewsArticle"><link itemprop="isBasedOn" href="{url}" /></div>'
    elif kind == "canonical":
        slots.canonical = url
    else:
        slots.og_url = url


def _variant(url: str, rng: random.Random) -> str:
    parts = urlsplit(url)
    choice = rng.randrange(4)
    if choice == 1:
        return url.replace(parts.scheme + "://", ("http" if parts.scheme == "https" else "https") + "://", 1)
    if choice == 2 and parts.netloc.startswith("www."):
        return url.replace("://www.", "://", 1)
    return url


class Builder:
    """Builds the cases of one set (dev or held-out)."""

    def __init__(self, originals: list[Original], seed: int, reserve: list[Original], reserved: set[str]) -> None:
        self.originals = [o for o in originals if o.url not in reserved]
        self.rng = random.Random(seed)
        self.by_lang: dict[str, list[Original]] = {}
        for o in self.originals:
            self.by_lang.setdefault(o.lang, []).append(o)
        self.crawled = crawled_urls(originals)
        #: Originals nobody else copies, none crawled: for posts that copy nothing known.
        self.reserve = list(reserve)
        self.count = 0

    def original(self, lang: str, crawled: bool | None = None) -> Original | None:
        if crawled is False:
            return self.reserve.pop() if self.reserve else None
        pool = self.by_lang.get(lang) or self.originals
        if crawled:
            pool = [o for o in pool if o.url in self.crawled] or [o for o in self.originals if o.url in self.crawled]
        return pool[self.count % len(pool)]

    def other(self, o: Original) -> Original:
        same = [x for x in self.by_lang.get(o.lang, []) if x.host != o.host]
        pool = same or [x for x in self.originals if x.host != o.host]
        return pool[self.rng.randrange(len(pool))]

    def post(self, o: Original, template: str, render: Template, slots: Slots, *, excerpt: bool) -> tuple[str, str, str]:
        self.count += 1
        n = self.count
        paras = list(o.paragraphs)
        copy_type = "excerpt" if excerpt and len(paras) > 2 else self.rng.choice(["full", "full", "edited"])
        if copy_type == "excerpt":
            keep, words = [], 0
            for p in paras:
                keep.append(p)
                words += len(p.split()) + len(p) // 6 * (0 if " " in p else 1)
                if words >= 70 and len(keep) >= 2:
                    break
            paras = keep
        elif copy_type == "edited":
            paras = [" ".join(s for s in re.split(r"(?<=[.!?])\s+", p) if self.rng.random() > 0.12) or p for p in paras]
        host = f"{template.replace('-', '')}-news.com"
        date = datetime(2024, 3, 12, 6, 0, tzinfo=UTC) + timedelta(hours=n)
        path = (f"/{date:%Y/%m}/{_slug(o.headline, n)}.html" if template.startswith("blogger")
                else f"/{date:%Y/%m/%d}/{_slug(o.headline, n)}-{n}/")
        url = f"https://{host}{path}"
        post = Post(url=url, host=host, headline=o.headline, paragraphs=paras, date=date, lang=o.lang, slots=slots,
                    other_url=f"https://{host}/{date:%Y/%m}/roundup-{n}/")
        return url, render(post), copy_type

    def case(self, o: Original, template: str, render: Template, *, label: str, placement: str, phrasing: str,
             claim_html: str = "", machine: str = "", decoy: decoys.Decoy | None = None, heldout: bool,
             expect: str = "url", excerpt: bool = False) -> Case:
        slots = Slots()
        rng = self.rng
        target = self.other(o) if label == "wrong" else o
        truth = None
        if label in ("correct", "wrong"):
            url = _variant(target.url, rng) if label == "correct" else target.url
            truth = target.home if expect == "home" else url
            if machine:
                _machine(machine, url, o.headline, slots)
            else:
                html = claim_html.format(url=escape(url), home=target.home, name=escape(target.publisher),
                                         title=escape(target.headline))
                setattr(slots, placement, getattr(slots, placement) + _wrap(placement, html, rng))
        if decoy is not None:
            host = f"{template.replace('-', '')}-news.com"
            setattr(slots, decoy.slot, getattr(slots, decoy.slot) + decoy.html.replace("{host}", host))
        crawled = o.url in self.crawled
        if label not in ("correct", "wrong"):  # naming no source: a copy of a crawled article or not
            label = "missing" if crawled else "none"
        post_url, html, copy_type = self.post(o, template, render, slots, excerpt=excerpt)
        return Case(post_url, html, o, truth, label, template, placement, phrasing, o.lang, heldout,
                    decoy.kind if decoy else "", crawled, self.count % 2 == 0, copy_type)


def crawled_urls(originals: list[Original]) -> set[str]:
    """The originals the news crawl has seen (two in three)."""
    return {o.url for i, o in enumerate(originals) if i % 3 != 2}


def build(originals: list[Original], seed: int = 20240312) -> list[Case]:
    """Every case of the dev and held-out sets."""
    cases: list[Case] = []
    crawled = crawled_urls(originals)
    spare = [o for o in originals if o.url not in crawled and o.lang == "en" and o.kind == "real"]
    reserve = spare[6:]
    reserved = {o.url for o in reserve}
    for heldout in (False, True):
        part = reserve[int(heldout)::2]
        b = Builder(originals, seed + int(heldout), part, reserved)
        templates = HELDOUT_TEMPLATES if heldout else DEV_TEMPLATES
        all_templates = {**DEV_TEMPLATES, **HELDOUT_TEMPLATES}
        words = phrasings.HELDOUT if heldout else phrasings.DEV
        cases.extend(_claim_cases(b, words, all_templates if heldout else templates, heldout))
        if heldout:  # the dev wordings on the held-out templates
            cases.extend(_claim_cases(b, phrasings.DEV, templates, heldout, thin=3))
        cases.extend(_other_cases(b, templates, heldout))
    return cases


def _claim_cases(b: Builder, words: list[phrasings.Phrasing], templates: dict[str, Template], heldout: bool,
                 thin: int = 1) -> Iterator[Case]:
    names = sorted(templates)
    n = 0
    for p in words:
        if p.lang not in b.by_lang:
            continue
        for placement in PLACEMENTS:
            if placement not in p.where:
                continue
            for label in ("correct", "wrong"):
                n += 1
                if n % thin:
                    continue
                t = names[n % len(names)]
                o = b.original(p.lang)
                yield b.case(o, t, templates[t], label=label, placement=placement, phrasing=p.pid, claim_html=p.html,
                             heldout=heldout, expect=p.expect, excerpt=p.style == "more" and n % 2 == 0)


def _other_cases(b: Builder, templates: dict[str, Template], heldout: bool) -> Iterator[Case]:
    names = sorted(templates)
    langs = sorted(b.by_lang)
    n = 0
    for t in names:
        for kind in MACHINE:
            for label in ("correct", "wrong"):
                n += 1
                o = b.original(langs[n % len(langs)])
                yield b.case(o, t, templates[t], label=label, placement="machine", phrasing=kind, machine=kind,
                             heldout=heldout)
        for k in range(3):
            n += 1
            o = b.original(langs[n % len(langs)], crawled=k < 2 or n % 2 == 0)
            if o is not None:
                yield b.case(o, t, templates[t], label="missing", placement="none", phrasing="none", heldout=heldout,
                             excerpt=k == 0)
    dset = decoys.HELDOUT if heldout else decoys.DEV
    for k, d in enumerate(dset):
        for j in range(3 if heldout else 2):
            n += 1
            t = names[(k * 3 + j) % len(names)]
            label = ("none", "missing", "correct")[(k + j) % 3]
            o = b.original(langs[n % len(langs)] if j else "en", crawled=label != "none")
            if o is None:
                continue
            p = next(x for x in phrasings.DEV if x.lang == o.lang and "end" in x.where)
            yield b.case(o, t, templates[t], label=label, placement="end" if label == "correct" else "none",
                         phrasing=p.pid if label == "correct" else "none", claim_html=p.html, decoy=d,
                         heldout=heldout)
