"""What a page says about its own kind: structured-data types, OpenGraph, and its shape.

Features for the article decision (``decision.py``), read from evidence any page may carry:
the schema.org types it declares (JSON-LD and microdata), its ``og:type``, and the shape of its
text blocks (``content.py``): how much of the page's text the main block holds, its link
density, headings, lists, tables, code, short dated lines, forms, teaser
images, pagination, and the prose itself (paragraph and sentence length, punctuation). Nothing
here reads the URL's shape or names a site, a template or a phrase.
"""

from __future__ import annotations

import math
import re
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from .blocks import SENTENCE_MARKS, UNPUNCTUATED
from .body import MainText
from .content import HEADINGS, Block
from .structured import StructuredData

#: schema.org types by the kind of page they describe (lower case, last path segment).
NEWS_TYPES: frozenset[str] = frozenset(
    {
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle", "blogposting",
        "liveblogposting", "scholarlyarticle", "report", "satiricalarticle", "advertisercontentarticle",
        "medicalscholarlyarticle",
    }
)
PRODUCT_TYPES: frozenset[str] = frozenset(
    {"product", "productgroup", "productmodel", "individualproduct", "offer", "aggregateoffer", "offercatalog",
     "car", "vehicle"}
)
FORUM_TYPES: frozenset[str] = frozenset({"qapage", "discussionforumposting", "answer"})
TECH_TYPES: frozenset[str] = frozenset(
    {"techarticle", "apireference", "softwaresourcecode", "softwareapplication", "webapplication", "howto"}
)
LIST_TYPES: frozenset[str] = frozenset(
    {"itemlist", "collectionpage", "searchresultspage", "profilepage", "blog", "mediagallery", "imagegallery"}
)
BUSINESS_TYPES: frozenset[str] = frozenset(
    {
        "service", "professionalservice", "localbusiness", "contactpage", "aboutpage", "event", "jobposting",
        "course", "store", "financialservice", "legalservice", "medicalbusiness", "homeandconstructionbusiness",
        "lodgingbusiness", "foodestablishment", "restaurant", "realestateagent", "educationalorganization",
    }
)
RATING_TYPES: frozenset[str] = frozenset({"aggregaterating", "review", "rating"})

_SHORT_DATE = re.compile(
    r"(?<!\d)(?:(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d\d|\d{1,2}:\d\d"
    r"|\b(?:19|20)\d\d\b)"
)
#: A sentence's end: a full stop, question or exclamation mark of any script before a space,
#: or a Thai or Lao letter before one (those scripts write no sentence-final punctuation); and
#: a CJK one before anything else (those need no space). Two one-class patterns: one pattern of
#: alternatives costs four times more on a page of Latin text.
_SENTENCE = re.compile(f"[.!?{SENTENCE_MARKS}{UNPUNCTUATED}](?=\\s|$)")
_SENTENCE_CJK = re.compile("[。！？｡．](?!\\s|$)")
#: Commas and question marks of the Latin, Arabic and CJK scripts.
_COMMAS = ",،、，"
_QUESTIONS = "?؟？"
_DIGIT = re.compile(r"\d")
#: Links whose text is a number of one to three digits (a pager).
_PAGE_NUMBER_LINKS = etree.XPath(
    "count(//a/text()[string-length(normalize-space(.)) >= 1 and string-length(normalize-space(.)) <= 3"
    " and translate(normalize-space(.), '0123456789', '') = ''])"
)
#: The counts below, compiled once (``element.xpath(string)`` compiles its expression at every call).
_LINKED_IMAGES = etree.XPath("count(//img/ancestor::a)")
_IMAGES_IN = etree.XPath("count(descendant::img)")
_CODE_IN = etree.XPath("count(descendant::code)")


def markup_features(data: StructuredData) -> dict[str, float]:
    """Declared types and OpenGraph (all 0 on a page of 2008 with neither; ``markup``: any)."""
    types = data.types | data.itemtypes  # JSON-LD types and microdata itemtype names
    og_type = (data.meta.get("og:type") or "").strip().lower()
    article_meta = float(any(key.startswith("article:") for key in data.meta))
    return {
        "t_news": float(bool(types & NEWS_TYPES)),
        "t_product": float(bool(types & PRODUCT_TYPES)),
        "t_forum": float(bool(types & FORUM_TYPES)),
        "t_faq": float("faqpage" in types),
        "t_tech": float(bool(types & TECH_TYPES)),
        "t_list": float(bool(types & LIST_TYPES)),
        "t_business": float(bool(types & BUSINESS_TYPES)),
        "t_rating": float(bool(types & RATING_TYPES)),
        "t_webpage_only": float("webpage" in types and not types & NEWS_TYPES),
        "crumbs": min(len(data.breadcrumbs), 6) / 6,
        "og_website": float(og_type == "website"),
        "og_not_article": float(bool(og_type) and og_type not in ("article", "website")),
        "article_meta": article_meta,
        "markup": float(bool(types or og_type or article_meta)),
    }


def _share(part: float, whole: float) -> float:
    return part / whole if whole > 0 else 0.0


def _block_stats(main: MainText) -> dict[str, float]:
    inner = [b for b in main.blocks if b.element in main.members]
    all_chars = sum(len(b.text) for b in main.blocks)
    inner_chars = sum(len(b.text) for b in inner)
    link_chars = li_chars = td_chars = heading_count = short_dates = 0.0
    for block in inner:
        size = len(block.text)
        link_chars += block.link_density * size
        if block.kind == "li":
            li_chars += size
        elif block.kind in ("td", "th"):
            td_chars += size
        elif block.kind in HEADINGS:
            heading_count += 1
        if block.words <= 12 and _SHORT_DATE.search(block.text):
            short_dates += 1
    kept_chars = sum(len(b.text) for b in main.kept)
    return {
        "text_share": _share(kept_chars, all_chars),
        "inner_share": _share(inner_chars, all_chars),
        "link_density": _share(link_chars, inner_chars),
        "li_share": _share(li_chars, inner_chars),
        "td_share": _share(td_chars, inner_chars),
        "headings": min(heading_count, 30) / 30,
        "short_dates": min(short_dates, 20) / 20,
    }


def _marks(text: str, marks: str) -> int:
    """How many of ``marks`` ``text`` holds (``str.count`` each: a regex class costs 5x more)."""
    return sum(text.count(mark) for mark in marks)


def _prose(kept: list[Block]) -> dict[str, float]:
    """Paragraph length, sentence length and punctuation of the kept text."""
    text = "\n".join(b.text for b in kept)
    words = max(1, sum(b.words for b in kept))
    running = [b for b in kept if b.running]
    long_words = sum(b.words for b in running if b.words >= 40)
    sentences = len(_SENTENCE.findall(text)) + len(_SENTENCE_CJK.findall(text))
    return {
        "long_paragraphs": _share(long_words, words),
        "running_share": _share(len(running), len(kept)),
        "mean_running": min(sum(b.words for b in running) / max(1, len(running)), 150) / 150,
        "sentence_words": min(words / max(1, sentences), 60) / 60,
        "commas": min(_marks(text, _COMMAS) / words * 10, 3) / 3,
        "questions": min(_marks(text, _QUESTIONS) / words * 100, 5) / 5,
        "digits": min(len(_DIGIT.findall(text)) / max(1, len(text)) * 10, 1.0),
    }


def _elements(tree: HtmlElement, main: MainText) -> dict[str, float]:
    """Counts of forms, inputs, teaser images, ``<time>``, pagination links and, in the main
    container, images and code."""
    inputs = forms = times = 0
    for element in tree.iter("input", "button", "form", "time"):  # one pass, not four XPaths
        tag = element.tag
        if tag == "form":
            forms += 1
        elif tag == "time":
            times += 1
        elif tag == "button" or element.get("type") != "hidden":
            inputs += 1
    # the links holding an image, found from the images (a fifth of the cost of testing every link)
    linked_images = _count(tree, _LINKED_IMAGES)
    pages = _count(tree, _PAGE_NUMBER_LINKS)
    inner_images = sum(_count(node, _IMAGES_IN) for node in main.nodes)
    code = sum(_count(node, _CODE_IN) for node in main.nodes)
    return {
        "inputs": math.log1p(inputs) / 4,
        "forms": min(forms, 5) / 5,
        "linked_images": math.log1p(linked_images) / 4,
        "inner_images": math.log1p(inner_images) / 3,
        "times": min(times, 20) / 20,
        "pagination": min(pages, 10) / 10,
        "code": min(code, 20) / 20,
    }


def _count(node: HtmlElement, xpath: Any) -> int:
    return int(xpath(node))


def read_features(tree: HtmlElement, main: MainText) -> dict[str, float]:
    """The features read from the page and its text (blocks, prose, elements): all but the
    markup's, and nearly all of the cost."""
    found = _block_stats(main)
    found.update(_prose(main.kept))
    found.update(_elements(tree, main))
    return found
