"""Deterministic generator of a labelled attribution set from real news pages.

Reads the article-extraction benchmark data (``html/<id>.html.gz`` + ``ground-truth.json``: 111
real pages with their URLs and true bodies). Every page ``P`` is run through the project's real
extraction once (as the news spider would crawl it, and as the aggregator spider would fetch it
when claimed). Aggregator posts copy ``P``'s *true* body (full, an excerpt, or edited, with blog
footers) and claim a source. Pages are split by index: two in three are "crawled" (their record
is indexed as a news original, their site is in the sites file); the rest are not.

Cases (``category``: ``label``), for every crawled page ``P`` (``Q`` another page picked at random):

* ``correct_crawled``: ``correct`` -- claims P's URL (scheme/``www``/slash/tracking variants);
  fetched every other time;
* ``wrong_other_site``: ``wrong`` -- claims Q's URL (another publisher); fetched every other time
  (a site outside the sites file is fetched only with SOURCE_CHECK_FETCH_OUTSIDE);
* ``wrong_same_site``: ``wrong`` -- claims a URL on P's host with Q's path, serving Q's story
  (fetched: P's site is in the sites file);
* ``missing``: ``missing`` -- names no source;
* ``numeric_slug``: ``correct`` (an alias ``/1234567`` of P, canonical P) or ``wrong`` (an
  alias of Q), alternately; fetched;
* ``unreachable``: ``wrong`` -- a URL with another page's (unrelated) slug on P's host (HTTP
  404/410/500, a redirect to the home page) or on an unknown host (DNS, timeout, refused);
* ``wrong_same_site_unfetched``: ``wrong`` -- like ``wrong_same_site`` but not fetched (over the
  budget): only the slug can tell, and slugs without words cannot;

and for every page not crawled, one post, in turn: ``correct_fetched`` / ``correct_unfetched``
(``correct``: claims P's URL) and ``wrong_fetched`` / ``wrong_unfetched`` (``wrong``: claims Q's).

The ``claimFetch`` dicts are those ``SiteSpider.parse_claimed`` / ``claim_failed`` produce.
Nothing here looks at individual pages' contents beyond running the extraction.

Usage: ``python benchmarks/attribution_gen.py [--data DIR] [-o cases.jsonl]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from crawler.extraction import NotArticle, extract_article  # noqa: E402
from crawler.source_check import registered_domain  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "article-extraction"
SEED = 20240501
FOOTERS = ["Read More", "No comments:", "Post a Comment", "Share this:", "Like this:"]


@dataclass
class Page:
    """One real page: its URL, true body, and what the extraction gives (None: not an article)."""

    pid: str
    url: str
    truth: str
    fields: dict[str, Any] | None

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    @property
    def site(self) -> str:
        return registered_domain(self.host)

    @property
    def headline(self) -> str:
        h = (self.fields or {}).get("headline")
        return h if isinstance(h, str) and h.strip() else " ".join(self.truth.split()[:10])


def load_pages(data: Path) -> list[Page]:
    gt = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for pid in sorted(gt):
        html = gzip.decompress((data / "html" / f"{pid}.html.gz").read_bytes())
        url = gt[pid]["url"]
        try:
            fields: dict[str, Any] | None = extract_article(html, url, {"Content-Type": "text/html; charset=utf-8"})
        except NotArticle:
            fields = None
        if fields is not None and not (fields.get("articleBody") or "").strip():
            fields = None
        pages.append(Page(pid, url, gt[pid]["articleBody"], fields))
    return pages


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def copy_text(page: Page, rng: random.Random) -> tuple[str, str]:
    """(copy type, the post's body): P's true body, full, an excerpt or edited, with blog footers."""
    paras = _paragraphs(page.truth)
    kind = rng.choice(["full", "full", "excerpt", "edited"])
    if kind == "excerpt" and len(paras) > 2:
        out, words = [], 0
        for p in paras:
            out.append(p)
            words += len(p.split())
            if words >= 80 and len(out) >= 2:
                break
        paras = out
    elif kind == "edited":
        kept = []
        for p in paras:
            sentences = re.split(r"(?<=[.!?])\s+", p)
            kept_s = [s for s in sentences if rng.random() > 0.15] or sentences[:1]
            kept.append(" ".join(kept_s))
        paras = kept
    else:
        kind = "full"
    footer = rng.sample(FOOTERS, k=rng.randint(0, 3))
    return kind, "\n".join(paras + footer)


def url_variant(url: str, rng: random.Random) -> str:
    """The same URL as a post might write it (scheme, ``www.``, trailing slash, tracking)."""
    parts = urlsplit(url)
    choice = rng.randrange(5)
    if choice == 1:
        parts = parts._replace(scheme="http" if parts.scheme == "https" else "https")
    elif choice == 2:
        host = parts.netloc
        parts = parts._replace(netloc=host[4:] if host.startswith("www.") else "www." + host)
    elif choice == 3:
        parts = parts._replace(path=parts.path.rstrip("/") if parts.path.endswith("/") else parts.path + "/")
    elif choice == 4:
        parts = parts._replace(query=(parts.query + "&" if parts.query else "") + "utm_source=feed")
    return urlunsplit(parts)


def fetched(claimed: str, page: Page | None, *, site: str | None, canonical: str | None = None) -> dict[str, Any]:
    """``claimFetch`` of a successful fetch of ``claimed`` serving ``page`` (None: an empty page)."""
    ev: dict[str, Any] = {"url": claimed, "status": 200, "finalUrl": claimed, "site": site}
    if page is None or page.fields is None:
        ev["notArticle"] = "not_article"
        return ev
    f = page.fields
    ev.update(headline=f.get("headline"), articleBody=f.get("articleBody"),
              canonicalUrl=canonical if canonical is not None else f.get("canonicalUrl"),
              datePublished=f.get("datePublished"))
    return ev


def failed(claimed: str, error: str) -> dict[str, Any]:
    if error == "redirect_home":
        home = urlunsplit(urlsplit(claimed)._replace(path="/", query=""))
        return {"url": claimed, "status": 200, "finalUrl": home, "error": "redirect_home"}
    return {"url": claimed, "error": error}


def _slug_path(url: str) -> str:
    path = urlsplit(url).path or "/"
    return path


def generate(pages: list[Page], seed: int = SEED) -> Iterator[dict[str, Any]]:  # noqa: PLR0912, PLR0915  (one post variant per branch, read top to bottom)
    """Records (news originals, then posts with ``label``/``category``), deterministic."""
    ok = [p for p in pages if p.fields is not None]
    crawled = {p.pid for i, p in enumerate(ok) if i % 3 != 2}
    known_sites = {p.host: p.site for p in ok if p.pid in crawled}
    base = datetime(2019, 11, 1, 8, 0, tzinfo=UTC)

    def site_of(url: str) -> str | None:
        return known_sites.get((urlsplit(url).hostname or "").lower())

    for n, p in enumerate(ok):
        if p.pid in crawled:
            f = p.fields or {}
            yield {"url": p.url, "canonicalUrl": f.get("canonicalUrl"), "site": p.site, "siteKind": "news",
                   "headline": f.get("headline"), "articleBody": f.get("articleBody"),
                   "datePublished": (base + timedelta(hours=n)).isoformat(), "claimedSource": None,
                   "category": "original", "label": None}

    post_no = 0

    def post(p: Page, category: str, label: str, claimed: str | None, fetch: dict[str, Any] | None,
             prng: random.Random) -> dict[str, Any]:
        nonlocal post_no
        post_no += 1
        kind, body = copy_text(p, prng)
        slug = re.sub(r"[^a-z0-9]+", "-", p.headline.lower()).strip("-")[:60] or f"post-{post_no}"
        blog = f"autoblog{post_no % 7}"
        return {"url": f"https://{blog}.blogspot.com/2019/11/{slug}-{post_no}.html", "canonicalUrl": None,
                "site": blog, "siteKind": "aggregator", "headline": p.headline, "articleBody": body,
                "datePublished": (base + timedelta(days=3, hours=post_no)).isoformat(),
                "claimedSource": {"url": claimed, "text": f"Source: {claimed}"} if claimed else None,
                "claimFetch": fetch, "category": category, "label": label, "copyType": kind, "copies": p.url}

    for i, p in enumerate(ok):
        prng = random.Random(f"{seed}:{p.pid}")
        others = [q for q in ok if q.site != p.site]
        q, q2, q3 = prng.sample(others, 3)  # distinct pages, so no two cases claim one URL
        parts = urlsplit(p.url)
        if p.pid in crawled:
            claimed = url_variant(p.url, prng)
            yield post(p, "correct_crawled", "correct", claimed,
                       fetched(claimed, p, site=p.site) if i % 2 == 0 else None, prng)
            yield post(p, "wrong_other_site", "wrong", q.url,
                       fetched(q.url, q, site=site_of(q.url)) if i % 2 == 1 else None, prng)
            same = urlunsplit(parts._replace(path=_slug_path(q.url), query=""))
            yield post(p, "wrong_same_site", "wrong", same, fetched(same, q, site=p.site, canonical=same), prng)
            yield post(p, "missing", "missing", None, None, prng)
            alias = urlunsplit(parts._replace(path=f"/{prng.randrange(10**6, 10**7)}", query=""))
            if i % 2 == 0:
                yield post(p, "numeric_slug", "correct", alias, fetched(alias, p, site=p.site, canonical=p.url), prng)
            else:
                yield post(p, "numeric_slug", "wrong", alias, fetched(alias, q, site=p.site, canonical=alias), prng)
            error = prng.choice(["http_404", "http_410", "http_500", "redirect_home", "dns", "timeout", "refused"])
            if error in ("dns", "timeout", "refused"):
                word = re.sub(r"[^a-z]", "", q2.site.split(".")[0]) or "paper"
                dead = f"https://www.{word}-daily.example{_slug_path(q2.url)}"
            else:
                dead = urlunsplit(parts._replace(path=_slug_path(q2.url), query=""))
            yield post(p, "unreachable", "wrong", dead, failed(dead, error), prng)
            # over the fetch budget: a same-site wrong claim judged on its slug alone
            unfetched = urlunsplit(parts._replace(path=_slug_path(q3.url), query=""))
            yield post(p, "wrong_same_site_unfetched", "wrong", unfetched, None, prng)
        else:
            which = (i // 3) % 4
            if which == 0:
                yield post(p, "correct_fetched", "correct", p.url, fetched(p.url, p, site=None), prng)
            elif which == 1:
                yield post(p, "correct_unfetched", "correct", p.url, None, prng)
            elif which == 2:
                yield post(p, "wrong_fetched", "wrong", q.url, fetched(q.url, q, site=site_of(q.url)), prng)
            else:
                yield post(p, "wrong_unfetched", "wrong", q.url, None, prng)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"benchmark data not found in {args.data} (see the README there)", file=sys.stderr)
        return 2
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    try:
        for rec in generate(load_pages(args.data), args.seed):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
