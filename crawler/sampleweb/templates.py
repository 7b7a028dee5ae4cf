"""HTML and XML templates of the sample web's sites.

Every function returns text in which each site's base URL is the placeholder ``@@SW:<name>@@``;
the server substitutes the real ``http://127.0.0.1:PORT`` once the ports are known.
"""


from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from html import escape

from .prose import NEWSLETTER_LINES, Story


def ph(site: str) -> str:
    """The placeholder for a site's base URL."""
    return f"@@SW:{site}@@"


def stable_id(text: str) -> int:
    """A number derived from ``text`` that is the same in every process."""
    return zlib.crc32(text.encode("utf-8")) * 7919 + 1000


def esc(text: str) -> str:
    return escape(text, quote=True)


def human_date(d: datetime) -> str:
    return d.strftime("%B %d, %Y %I:%M %p").replace(" 0", " ")


def rfc822(d: datetime) -> str:
    return format_datetime(d)


@dataclass
class Page:
    """One stored response: status, content type and body (with placeholders)."""

    status: int = 200
    ctype: str = "text/html; charset=utf-8"
    body: str | bytes = ""
    gzip: bool = False


@dataclass
class Entry:
    """An article page (news article or aggregator post) and its manifest data."""

    site: str
    kind: str
    path: str
    story: Story
    discovered_via: str
    role: str = "unique"
    copy_type: str | None = None
    duplicate_of: str | None = None
    claimed_source: str | None = None
    source_status: str = "none"
    real_id: str | None = None
    broken: bool = False
    # aggregator rendering
    body_html: str | None = None  # overrides the <p> paragraphs of the story
    claim_html: str = ""  # appended to the post body
    canonical: str | None = None  # a <link rel=canonical> other than the page's own URL
    og_url: str | None = None
    read_more: str | None = None  # where "Read More"/"Continue reading" points
    related: list[Entry] = field(default_factory=list)

    @property
    def url(self) -> str:
        return ph(self.site) + self.path


def paragraphs_html(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)


# --- news sites --------------------------------------------------------------------------------

NEWS_BRANDS = {
    "haaretz": ("Haaretz", "Haaretz.com, Israel News"),
    "jpost": ("The Jerusalem Post", "JPost.com | Israel News"),
    "dailyherald": ("Daily Herald", "Daily Herald - Local news since 1872"),
    "worldwire": ("WorldWire", "WorldWire - Global news agency"),
}
JSONLD_SITES = {"haaretz", "dailyherald"}


def newsletter_widget(brand: str) -> str:
    texts = "".join(f'<div class="nl-msg">{esc(t)}</div>' for t in NEWSLETTER_LINES)
    return (
        '<div class="newsletter-widget" data-widget="newsletter">'
        f"<h4>Get the {esc(brand)} morning headlines</h4>"
        '<form class="newsletter-form" action="/newsletter/subscribe" method="post">'
        '<input type="email" name="email" placeholder="Email*"/><button type="submit">Sign up</button></form>'
        f'<div class="nl-states" hidden="">{texts}</div></div>'
    )


def cookie_notice() -> str:
    return (
        '<div id="cookie-notice" class="cookie-banner" role="dialog">We use cookies to improve your '
        'experience and to show you relevant ads. By continuing you agree to our '
        '<a href="/about/">cookie policy</a>. <button class="accept">Accept</button></div>'
    )


def share_buttons(url: str) -> str:
    return (
        '<ul class="share-buttons">'
        f'<li><a class="share-tw" href="https://twitter.com/intent/tweet?url={url}">Tweet</a></li>'
        f'<li><a class="share-fb" href="https://www.facebook.com/sharer.php?u={url}">Share</a></li>'
        f'<li><a class="share-mail" href="mailto:?subject=Article&amp;body={url}">Email</a></li></ul>'
    )


def jsonld(e: Entry, brand: str) -> str:
    import json

    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": e.story.headline,
        "datePublished": e.story.date.isoformat(),
        "dateModified": e.story.date.isoformat(),
        "author": [{"@type": "Person", "name": e.story.author}],
        "publisher": {"@type": "Organization", "name": brand},
        "mainEntityOfPage": e.url,
        "description": e.story.description,
        "inLanguage": e.story.lang,
    }
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def news_head(e: Entry, brand: str, tagline: str) -> str:
    s = e.story
    base = ph(e.site)
    ld = jsonld(e, brand) if e.site in JSONLD_SITES else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{s.lang}">\n<head>\n<meta charset="utf-8"/>\n'
        f"<title>{esc(s.headline)} - {esc(brand)}</title>\n"
        f'<meta name="description" content="{esc(s.description)}"/>\n'
        f'<link rel="canonical" href="{e.url}"/>\n'
        f'<meta property="og:type" content="article"/>\n'
        f'<meta property="og:site_name" content="{esc(brand)}"/>\n'
        f'<meta property="og:title" content="{esc(s.headline)}"/>\n'
        f'<meta property="og:description" content="{esc(s.description)}"/>\n'
        f'<meta property="og:url" content="{e.url}"/>\n'
        f'<meta property="og:image" content="{base}/images/{stable_id(s.key) % 10000}.jpg"/>\n'
        f'<meta property="article:published_time" content="{s.date.isoformat()}"/>\n'
        f'<meta name="author" content="{esc(s.author)}"/>\n{ld}\n'
        f'<link rel="stylesheet" href="/static/{e.site}.css"/>\n</head>\n'
    )


def news_header(site: str, brand: str, tagline: str) -> str:
    return (
        f'<header class="site-header"><a class="logo" href="{ph(site)}/">{esc(brand)}</a>'
        f'<span class="tagline">{esc(tagline)}</span>'
        f'<nav class="main-nav"><ul><li><a href="{ph(site)}/">Home</a></li>'
        f'<li><a href="{ph(site)}/about/">About us</a></li><li><a href="{ph(site)}/about/">Contact</a></li>'
        "</ul></nav></header>\n"
    )


def news_footer(site: str, brand: str) -> str:
    return (
        f'<footer class="site-footer"><p>© 2018 {esc(brand)}. All rights reserved.</p>'
        f'<ul><li><a href="{ph(site)}/about/">About</a></li><li><a href="{ph(site)}/about/">Terms of use</a></li>'
        "<li>Privacy policy</li></ul></footer>\n"
    )


def related_box(e: Entry) -> str:
    if not e.related:
        return ""
    items = "".join(f'<li><a href="{r.url}">{esc(r.story.headline)}</a></li>' for r in e.related)
    return f'<aside class="related-articles"><h3>Related articles</h3><ul>{items}</ul></aside>'


def clip_url(e: Entry) -> str | None:
    """The video a generated news story shows in its text (one story in four), or None."""
    number = stable_id(e.story.key)
    return f"{ph(e.site)}/media/{number % 10000}.mp4" if number % 4 == 0 else None


def clip(e: Entry) -> str:
    """The story's video player (a poster, two sources, the fallback text), or nothing."""
    url = clip_url(e)
    if url is None:
        return ""
    return (
        f'<figure class="video"><video controls preload="none" poster="/images/{stable_id(e.story.key) % 10000}.jpg">'
        f'<source src="{url}" type="video/mp4"/><source src="{url[:-4]}.webm" type="video/webm"/>'
        "Your browser does not support the video tag.</video></figure>"
    )


def render_news(e: Entry, related_inline: Entry | None = None) -> str:
    """A news site's article page."""
    brand, tagline = NEWS_BRANDS[e.site]
    s = e.story
    paras = [f"<p>{esc(p)}</p>" for p in s.paragraphs]
    if e.broken:
        paras = [f"<p>{esc(p)}" for p in s.paragraphs]  # no closing tags
    if related_inline is not None and len(paras) > 2:
        aside = (
            '<aside class="inline-related"><span class="label">Read more</span>'
            f'<a href="{related_inline.url}">{esc(related_inline.story.headline)}</a></aside>'
        )
        paras.insert(2, aside)
    widget_at = 5 if len(paras) > 6 else len(paras)
    paras.insert(widget_at, newsletter_widget(brand))
    if not e.broken and len(paras) > 1:
        paras.insert(1, clip(e))
    byline = (
        f'<div class="byline"><span class="author" rel="author">By {esc(s.author)}</span> '
        f'<time class="published" datetime="{s.date.isoformat()}">{human_date(s.date)}</time></div>'
    )
    body = "\n".join(paras)
    if e.broken:
        return (
            news_head(e, brand, tagline)
            + "<body>\n"
            + news_header(e.site, brand, tagline)
            + '<div class="page"><div class="article-wrap"><article class="story">'
            + f"<h1>{esc(s.headline)}</h1>{byline}<div class='story-body'><span class='kicker'>"
            + body
            + "\n<div class='tags'>Tags: <a href='"
            + ph(e.site)
            + "/tag/local/'>local</a>\n"
            + related_box(e)
            + "\n</span></b>"
        )
    return (
        news_head(e, brand, tagline)
        + "<body>\n"
        + cookie_notice()
        + news_header(e.site, brand, tagline)
        + '<main class="content"><article class="article">\n'
        + f'<header class="article-header"><span class="section">{esc(s.section.title())}</span>'
        + f'<h1 class="headline">{esc(s.headline)}</h1>{byline}</header>\n'
        + share_buttons(e.url)
        + f'\n<div class="article-body">\n{body}\n</div>\n'
        + share_buttons(e.url)
        + "\n</article>\n"
        + related_box(e)
        + "\n</main>\n"
        + news_footer(e.site, brand)
        + "</body>\n</html>\n"
    )


def render_meta_refresh(target: str) -> str:
    """A moved page that sends the browser to ``target`` (a dead link redirected to the home page)."""
    return (f'<!DOCTYPE html>\n<html><head><meta http-equiv="refresh" content="0; url={esc(target)}"/>'
            f"<title>Moved</title></head><body><p>This page has moved.</p></body></html>\n")


def render_listing(site: str, title: str, entries: list[Entry], *, extra: str = "", head_extra: str = "",
                   dup_links: bool = False) -> str:
    """A news site's home/section/tag page listing article links."""
    brand, tagline = NEWS_BRANDS[site]
    items = []
    for e in entries:
        img = (f'<a class="thumb" href="{e.url}"><img src="/images/t.jpg" alt=""/></a>' if dup_links else "")
        comments = (f' <a class="comments" href="{e.url}#comments">{len(e.story.headline) % 17} comments</a>'
                    if dup_links else "")
        items.append(
            f'<li class="teaser">{img}<h2><a href="{e.url}">{esc(e.story.headline)}</a></h2>'
            f"<p>{esc(e.story.description)}</p>{comments}</li>"
        )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/><title>{esc(title)} - {esc(brand)}</title>'
        f"{head_extra}</head><body>\n"
        + news_header(site, brand, tagline)
        + f'<main class="listing"><h1>{esc(title)}</h1><ul class="teasers">{"".join(items)}</ul>{extra}</main>\n'
        + news_footer(site, brand)
        + "</body></html>\n"
    )


def render_about(site: str, title: str, text: str) -> str:
    brand = NEWS_BRANDS.get(site, (site, site))[0]
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/><title>{esc(title)}</title></head><body>'
        f'<header><a href="{ph(site)}/">{esc(brand)}</a></header><main><h1>{esc(title)}</h1>'
        f"<p>{esc(text)}</p></main></body></html>\n"
    )
