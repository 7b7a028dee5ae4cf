"""A stand-in for the news web of about 2008, for ``extraction.py --data``: table layouts.

Pages of the time declare nothing (no schema.org, no OpenGraph, no HTML5 elements): the story
sits in a table cell beside a column of sections and teasers (a linked title and an excerpt in
one paragraph), under it share links, a related-stories list and reader comments; paragraphs
are ``<p>``, unclosed ``<P>``, ``<br><br>`` runs in a ``<font>``, or ``<div>``s; bylines and
datelines in ``<font>``; legacy charsets named by ``<meta>`` only (the benchmark's header says
UTF-8); URL shapes of the CMSs of the time (``index.php?option=...``, ``pbcs.dll``, ``.asp``,
``.cfm``, ``/site/article/N/``). Each site draws one template; its pages share it. The prose is
real: paragraphs of the article-extraction ground truth, from one article per page.

The truth of a page is its paragraphs (not the headline, byline, captions, share links,
related stories, comments or footers). Folds split by domain, as for every data folder.

This is no substitute for real pages: it shows whether the extractor holds on the layout of
that web at all. Write a folder and score it:

    python benchmarks/tableweb.py OUT [--sites 150] [--per-site 4] [--seed 1]
    python benchmarks/extraction.py --data OUT
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = next(
    (p / "shared" / "benchmarks" for p in REPO.parents if (p / "shared" / "benchmarks").is_dir()),
    REPO.parent / "shared" / "benchmarks",
)
FIRST = "James Mary Robert Linda Michael Susan David Karen Thomas Nancy Paul Lisa Mark Carol Steven Anne".split()
LAST = "Smith Johnson Miller Davis Garcia Wilson Moore Taylor Anderson Jackson White Harris Martin Thompson".split()
TOWNS = "Valley Springfield Riverside Fairview Georgetown Clinton Salem Madison Franklin Greenville Bristol".split()
KINDS = "Courier Herald Tribune Gazette Times Journal Record Sentinel Press Observer Star Post".split()
SECTIONS = "Local State Nation World Business Sports Opinion Obituaries Entertainment Classifieds Weather".split()
MONTHS = "January February March April May June July August September October November December".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
TOOLS = ["E-mail this story", "Print this story", "Digg this", "del.icio.us", "Comment", "Reprints"]


class Prose:
    """Paragraphs of real articles: long ones per article, short ones for titles and captions."""

    def __init__(self, truth: dict[str, Any]) -> None:
        bodies = [v["articleBody"].split("\n") for v in truth.values()]
        self.articles = [[p.strip() for p in b if len(p.split()) >= 18 and len(p) < 900] for b in bodies]
        self.short = [p.strip() for b in bodies for p in b if 6 <= len(p.split()) < 18]
        self.long = [p for a in self.articles for p in a]

    def story(self, r: random.Random, n: int) -> list[str]:
        found = [a for a in self.articles if len(a) >= n]
        return r.choice(found)[:n] if found else r.sample(self.long, n)


def template(r: random.Random) -> dict[str, Any]:
    """One site's template."""
    return {
        "upper": r.random() < 0.3,
        "layout": r.choice(["table3", "table2", "table2", "div", "nested"]),
        "headline": r.choice(["h1", "h2", "h3", "font", "span", "td", "b"]),
        "byline": r.choice(["upper", "title", "agency", "none", "posted"]),
        "datefmt": r.choice(["long", "short", "num", "posted", "none"]),
        "paras": r.choice(["p", "p", "br", "unclosed", "div", "fontp"]),
        "photo": r.random() < 0.5,
        "tools": r.random() < 0.6,
        "related": r.choice([0, 0, 3, 5, 8]),
        "comments": r.choice([0, 0, 0, 3, 6]),
        "teasers": r.choice([0, 3, 6]),
        "midlinks": r.random() < 0.2,
        "ad": r.random() < 0.5,
        "encoding": r.choice(["utf-8", "windows-1252", "iso-8859-1", "utf-8"]),
        "url": r.choice(["dated", "indexphp", "asp", "shtml", "pbcs", "story", "archives", "cfm"]),
        "footer_ap": r.random() < 0.3,
    }


def url_of(r: random.Random, kind: str, host: str, n: int, slug: str) -> str:
    m, d = r.randint(1, 12), r.randint(1, 28)
    return {
        "dated": f"http://www.{host}/news/2008/{m:02d}/{d:02d}/{slug}.html",
        "indexphp": f"http://www.{host}/index.php?option=com_content&task=view&id={n}&Itemid={r.randint(1, 60)}",
        "asp": f"http://www.{host}/news/default.asp?ArticleID={n}",
        "shtml": f"http://www.{host}/stories/{m:02d}{d:02d}08/loc_{n}.shtml",
        "pbcs": f"http://www.{host}/apps/pbcs.dll/article?AID=/2008{m:02d}{d:02d}/NEWS01/{n}",
        "story": f"http://{host}/site/article/{n}/",
        "archives": f"http://www.{host}/archives/2008/{m:02d}/{slug}.php",
        "cfm": f"http://www.{host}/article.cfm?id={n}&section=news",
    }[kind]


def date_text(r: random.Random, fmt: str) -> str:
    m, d, wd, h, mi = r.randrange(12), r.randint(1, 28), r.choice(DAYS), r.randint(1, 12), r.randint(0, 59)
    return {
        "long": f"{wd}, {MONTHS[m]} {d}, 2008",
        "short": f"{MONTHS[m][:3]}. {d}, 2008",
        "num": f"{m + 1}/{d}/2008 {h}:{mi:02d}:00 PM",
        "posted": f"Posted: {wd}, {MONTHS[m]} {d}, 2008 {h}:{mi:02d} {r.choice(['AM', 'PM'])} EST",
        "none": "",
    }[fmt]


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _paragraph(kind: str, text: str, last: bool) -> str:
    e = _esc(text)
    return {
        "p": f"<p>{e}</p>", "unclosed": f"<p>{e}\n", "div": f"<div class=text>{e}</div>",
        "fontp": f'<p><font face="Verdana, Arial" size=2>{e}</font></p>', "br": e + ("" if last else "<br><br>\n"),
    }[kind]


def story_html(t: dict[str, Any], r: random.Random, paras: Sequence[str], prose: Prose) -> str:
    """The story's paragraphs with a photo, an ad and a line of links among them."""
    n = len(paras)
    photo = r.randint(1, max(1, n - 1)) if t["photo"] else -1
    mid = r.randint(2, max(2, n - 1)) if t["midlinks"] and n > 3 else -1
    ad = r.randint(1, max(1, n - 1)) if t["ad"] else -1
    out = []
    for i, text in enumerate(paras):
        if i == photo:
            caption = _esc(r.choice(prose.short))
            out.append(f"<table align=right width=200 cellpadding=4><tr><td><img src='/photos/{i}.jpg'>"
                       f"<br><font size=1>{caption} (Staff photo)</font></td></tr></table>")
        if i == mid:
            titles = [_esc(" ".join(r.choice(prose.short).split()[:6])) for _ in range(2)]
            links = " | ".join(f"<a href='/news/{r.randint(1, 9999)}.html'>{title}</a>" for title in titles)
            out.append(f"<p><b>Related:</b> {links}</p>")
        if i == ad:
            out.append("<div class=ad><a href='http://ads.example.net/click'><img src='/ads/banner.gif'></a>"
                       "<br><font size=1>Advertisement</font></div>")
        out.append(_paragraph(t["paras"], text, i == n - 1))
    inner = "\n".join(out)
    return f"<font face='Arial' size=2>{inner}</font>" if t["paras"] == "br" else inner


def _head(t: dict[str, Any], r: random.Random, name: str, headline: str) -> str:
    hl = _esc(headline)
    head = {
        "h1": f"<h1>{hl}</h1>", "h2": f"<h2>{hl}</h2>", "h3": f"<h3>{hl}</h3>",
        "font": f"<font size=5 face=Georgia><b>{hl}</b></font><br>", "span": f"<span class=headline>{hl}</span><br>",
        "b": f"<b><font size=4>{hl}</font></b><br><br>",
        "td": f"<table width=100%><tr><td class=headline>{hl}</td></tr></table>",
    }[t["headline"]]
    who = f"{r.choice(FIRST)} {r.choice(LAST)}"
    by = {"upper": f"By {who.upper()}<br>{name} Staff Writer", "title": f"By {who}, {name}",
          "agency": "The Associated Press", "none": "", "posted": f"Posted by {who}"}[t["byline"]]
    dt = date_text(r, t["datefmt"])
    sep = "<br>" if by and dt else ""
    return head + (f"<font size=2 color=#666666>{by}{sep}{dt}</font><br><br>" if by or dt else "")


def _after(t: dict[str, Any], r: random.Random, others: Sequence[str], prose: Prose) -> str:
    out = ""
    if t["tools"]:
        tools = " | ".join(f"<a href='/tool.php?id={r.randint(1, 9999)}'>{x}</a>" for x in r.sample(TOOLS, 4))
        out += f"<p>{tools}</p>"
    if t["related"]:
        titles = [_esc(" ".join(o.split()[: r.randint(5, 10)])) for o in others[: t["related"]]]
        items = "".join(f"<li><a href='/news/2008/{r.randint(1000, 9999)}.html'>{title}</a></li>" for title in titles)
        out += f"<p><b>Related stories</b></p><ul>{items}</ul>"
    if t["comments"]:
        comments = "".join(f"<div class=comment><b>{r.choice(FIRST).lower()}{r.randint(1, 99)}</b> wrote on "
                           f"{date_text(r, 'num')}:<br>{_esc(r.choice(prose.short))}</div><hr>"
                           for _ in range(t["comments"]))
        out += f"<h3>Reader comments ({t['comments']})</h3>{comments}<p><a href='/comment.php'>Post a comment</a></p>"
    return out


def _layout(kind: str, top: str, left: str, story: str, after: str, right: str, foot: str) -> str:
    if kind == "table3":
        return (f"<table width=980 border=0><tr><td colspan=3>{top}</td></tr><tr><td width=150 valign=top>{left}</td>"
                f"<td width=560 valign=top>{story}{after}</td><td width=270 valign=top>{right}</td></tr>"
                f"<tr><td colspan=3>{foot}</td></tr></table>")
    if kind == "table2":
        return (f"<table width=780 border=0><tr><td colspan=2>{top}</td></tr><tr><td width=160 valign=top>{left}"
                f"<br>{right}</td><td valign=top>{story}{after}</td></tr></table>{foot}")
    if kind == "nested":
        return (f"<table width=100%><tr><td>{top}</td></tr><tr><td><table width=100%><tr><td width=170 valign=top>"
                f"{left}</td><td valign=top><table width=100% cellpadding=5><tr><td>{story}</td></tr><tr><td>{after}"
                f"</td></tr></table></td><td width=200 valign=top>{right}</td></tr></table></td></tr>"
                f"<tr><td>{foot}</td></tr></table>")
    return (f"<div id=header>{top}</div><div id=wrapper><div id=leftnav>{left}</div><div id=content><div id=story>"
            f"{story}</div>{after}</div><div id=sidebar>{right}</div></div><div id=footer>{foot}</div>")


def page(t: dict[str, Any], r: random.Random, name: str, headline: str, paras: Sequence[str], prose: Prose) -> bytes:
    """One page of a site, in the site's charset."""
    others = r.sample(prose.long, 10)
    nav = " | ".join(f"<a href='/{s.lower()}/'>{s}</a>" for s in SECTIONS[: r.randint(6, len(SECTIONS))])
    story = _head(t, r, name, headline) + story_html(t, r, paras, prose)
    if t["footer_ap"]:
        story += ("<p><i>Copyright 2008 The Associated Press. All rights reserved. This material may not be published, "
                  "broadcast, rewritten or redistributed.</i></p>")
    teasers = "".join(f"<p><a href='/news/{r.randint(1, 9999)}.html'><b>{_esc(' '.join(o.split()[:7]))}</b></a><br>"
                      f"{_esc(' '.join(o.split()[7:30]))}...</p>" for o in others[len(others) - t["teasers"]:])
    right = f"<b>Top Stories</b>{teasers}<p><a href='/subscribe.php'>Subscribe to the {name}</a></p>"
    left = ("<br>".join(f"<a href='/{s.lower()}/'>{s}</a>" for s in SECTIONS)
            + "<br><br><form action='/search.php'><input name=q size=12><input type=submit value=Search></form>")
    foot = (f"<p align=center><font size=1>Copyright &copy; 2008 {name}. All rights reserved. "
            "<a href='/privacy.html'>Privacy Policy</a> | <a href='/contact.html'>Contact Us</a></font></p>")
    top = f"<a href='/'><img src='/images/logo.gif' alt='{name}' border=0></a><br>{nav}"
    body = _layout(t["layout"], top, left, story, _after(t, r, others, prose), right, foot)
    doc = ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html><head>'
           f"<meta http-equiv='Content-Type' content='text/html; charset={t['encoding']}'>"
           f"<title>{_esc(headline)} - {name}</title><script type='text/javascript' src='/js/ads.js'></script></head>"
           f"<body bgcolor=#ffffff topmargin=0 leftmargin=0>{body}</body></html>")
    if t["upper"]:
        doc = re.sub(r"</?(?:p|br|table|tr|td|font|b|a|img|div|ul|li|h[1-3])\b", lambda m: m.group(0).upper(), doc)
    return doc.encode(t["encoding"], errors="xmlcharrefreplace")


def write(out: Path, sites: int, per_site: int, seed: int, prose: Prose) -> int:
    """Write the folder; the number of pages."""
    r = random.Random(seed)
    (out / "html").mkdir(parents=True, exist_ok=True)
    truth: dict[str, Any] = {}
    for s in range(sites):
        name = f"The {r.choice(TOWNS)} {r.choice(KINDS)}"
        host = re.sub(r"\W", "", name.lower())[3:] + f"{seed}x{s}" + r.choice([".com", ".net", ".org"])
        t = template(r)
        for _ in range(per_site):
            n = r.choice([r.randint(2, 4), r.randint(4, 9), r.randint(6, 16), r.randint(10, 30)])
            paras = prose.story(r, n)
            if t["encoding"] != "utf-8":  # the curly quotes of a legacy charset
                paras = [p.replace("'", "\u2019") for p in paras]
            headline = " ".join(r.choice(prose.short).split()[:9]).rstrip(".,;:")
            url = url_of(r, t["url"], host, r.randint(1000, 99999), re.sub(r"\W+", "-", headline.lower())[:40])
            page_id = hashlib.sha256(url.encode()).hexdigest()
            (out / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(page(t, r, name, headline, paras, prose)))
            truth[page_id] = {"url": url, "articleBody": "\n".join(paras), "page_type": "article", "template": t}
    (out / "ground-truth.json").write_text(json.dumps(truth), "utf-8")
    return len(truth)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (html/ and ground-truth.json)")
    parser.add_argument("--sites", type=int, default=150)
    parser.add_argument("--per-site", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    source = SHARED / "article-extraction" / "ground-truth.json"
    if not source.is_file():
        print(f"prose not found: {source}", file=sys.stderr)
        return 2
    prose = Prose(json.loads(source.read_text("utf-8")))
    print(f"{write(args.out, args.sites, args.per_site, args.seed, prose)} pages in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
