"""The page's own story among several shown one after another (``content._own_story``): a news
theme's endless scroll appends the next stories to the page, each an ``<article>`` of the same class
with its own ``<h1>``; the body is the story the page names (its ``og:title`` or ``<title>``), not the
longest. Left alone: a forum thread whose replies are headed "Re: <its title>", an article whose
sections are headed a level under its title, and a page of posts none of which the page names.
Pages written after the markup of a regional news site's WordPress theme (``div.scrollblock`` of
``article.entry-main-content``) and of a phpBB thread."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article

URL = "https://diario.example/nacionales/bendicion-de-vehiculos-este-sabado"
OWN = "Blessing of vehicles this Saturday on the avenue"
OWN_TEXT = [
    "The friars of the parish will bless cars, motorcycles, lorries, bicycles and buses on Saturday from six in "
    "the morning until nine at night, on both sides of the avenue near the old market.",
    "It is the twentieth time the blessing is held, and the friars expect more than ten thousand drivers, who "
    "usually queue for hours with their vehicles decorated with flowers and ribbons.",
    "The police will close two lanes of the avenue during the day and advise drivers who only pass through "
    "to take the ring road instead, where traffic lights will be set for the extra cars.",
]
OTHERS = [
    ("Baby dies after touching a lamp post in the rain", [
        "A two-year-old boy died on Thursday evening after touching a lamp post that was carrying current during "
        "the storm, the fire brigade said, in a district where residents had reported the fault twice.",
        "The electricity company said it would open an inquiry and check every lamp post of the district before "
        "the end of the week, and offered its condolences to the family of the child.",
        "Neighbours said the light had been flickering for a month and that children often played around the "
        "post, which stands at the corner of a square in front of the primary school.",
    ]),
    ("Prosecutor says political groups dislike the work of his office", [
        "The visiting prosecutor general said in an interview on Friday that political groups of every colour "
        "dislike the work of his office because it does not look at party colours before it opens a case.",
        "He met his counterpart to sign an agreement on extraditions and on the exchange of evidence in cases of "
        "trafficking, which both offices say have grown across the border in the last three years.",
        "The agreement will let investigators of both countries work in joint teams and share the records of "
        "bank transfers without waiting months for the answers of letters rogatory sent by post.",
        "Asked about the cases against former ministers, he said that none of them would be closed for lack of "
        "time and that the courts had been given every document they had asked for since March.",
        "Lawyers of the accused say the investigations were opened to please the government of the day, which "
        "the prosecutor denied, pointing to cases his office had brought against members of the ruling party.",
        "He will return next year to review the first results of the joint teams with his counterpart and with "
        "the ministers of justice of both countries, who are expected to sign a second agreement then.",
    ]),
]


def _story(index: int, title: str, paragraphs: list[str], heading: str = "h1") -> str:
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<article id='article-{index}' class='entry-main-content'><header class='entry-heading'>"
        f"<{heading} class='entry-title'>{title}</{heading}><span class='date'>6 May 2022</span></header>"
        f"<div class='entry-share'><a href='#'>Share</a> <a href='#'>Tweet</a></div>"
        f"<div class='entry-text'>{text}</div></article>"
    )


def scroll_page(og: bool = True, heading: str = "h1") -> str:
    """The page's own story first, then the next two as the endless scroll appended them; the
    last is the longest."""
    stories = _story(0, OWN, OWN_TEXT, heading) + "".join(
        _story(i + 1, title, paragraphs, heading) for i, (title, paragraphs) in enumerate(OTHERS)
    )
    meta = f"<meta property='og:title' content='{OWN}'>" if og else ""
    return (
        f"<html><head><title>{OWN} | Diario Hoy</title>{meta}</head><body><div class='site-wrapper'>"
        "<nav><a href='/'>Home</a> <a href='/nacionales'>National</a> <a href='/deportes'>Sports</a></nav>"
        "<main id='content'><section class='column--lg'>"
        f"<div class='scrollblock'>{stories}</div></section>"
        "<aside><h3>Most read</h3><ul><li><a href='/a'>Storm closes the port</a></li></ul></aside>"
        "</main><footer>Diario Hoy, all rights reserved</footer></div></body></html>"
    )


@pytest.mark.parametrize(("og", "heading"), [(True, "h1"), (False, "h1"), (True, "h2")])
def test_the_page_own_story_not_the_next_ones(og: bool, heading: str) -> None:
    body = extract_article(scroll_page(og, heading), URL, listed=True)["articleBody"]
    assert all(p in body for p in OWN_TEXT)
    assert not any(p in body for _, paragraphs in OTHERS for p in paragraphs)


def test_the_own_story_read_without_a_hint() -> None:
    fields = extract_article(scroll_page(), URL)
    assert fields["headline"] == OWN
    assert fields["articleBody"].split("\n")[-1] == OWN_TEXT[-1]


def thread_page() -> str:
    """A phpBB thread: the first post headed by the topic's title, the replies by "Re: <title>"."""
    posts = "".join(
        f"<div class='post bg{i % 2 + 1}'><div class='postbody'><h3>{'Re: ' if i else ''}{OWN}</h3>"
        f"<p class='author'>by member{i}</p><div class='content'>{'<br><br>'.join(text)}</div></div></div>"
        for i, text in enumerate([OWN_TEXT, OTHERS[0][1], OTHERS[1][1]])
    )
    return (
        f"<html><head><title>{OWN} - Forum</title></head><body><div id='wrap'>"
        f"<h2 class='topic-title'>{OWN}</h2><div id='page-body'>{posts}</div></div></body></html>"
    )


def test_a_thread_keeps_its_replies() -> None:
    body = extract_article(thread_page(), "https://forum.example/viewtopic.php?t=4711", listed=True)["articleBody"]
    assert all(p in body for p in OWN_TEXT + OTHERS[0][1] + OTHERS[1][1])


def sections_page() -> str:
    """One article in sections of one kind: the title an ``<h1>`` in the first, the others headed
    by ``<h2>``s."""
    sections = [(f"<h1>{OWN}</h1>", OWN_TEXT), ("<h2>The queue</h2>", OTHERS[0][1]),
                ("<h2>The traffic</h2>", OTHERS[1][1][:3])]
    inner = "".join(f"<section class='block'>{head}{''.join(f'<p>{p}</p>' for p in text)}</section>"
                    for head, text in sections)
    return f"<html><head><title>{OWN}</title></head><body><main>{inner}</main></body></html>"


def test_an_article_in_sections_keeps_them_all() -> None:
    body = extract_article(sections_page(), URL, listed=True)["articleBody"]
    assert all(p in body for p in OWN_TEXT + OTHERS[0][1] + OTHERS[1][1][:3])


def test_a_page_of_posts_that_names_none_keeps_them_all() -> None:
    page = scroll_page().replace(f"<title>{OWN} | Diario Hoy</title><meta property='og:title' content='{OWN}'>",
                                 "<title>National news | Diario Hoy</title>")
    body = extract_article(page, "https://diario.example/nacionales/", listed=True)["articleBody"]
    assert OWN_TEXT[0] in body
    assert OTHERS[1][1][0] in body


def builder_page() -> str:
    """A page builder's landing page: sections of one kind, each headed by an ``<h2>``, the first
    by the page's title, one of them an image with no text."""
    sections = [(OWN, OWN_TEXT), ("Why it matters", OTHERS[0][1]), ("", []), ("How it works", OTHERS[1][1][:3])]
    inner = "".join(
        f"<section class='PageRoot__Section'><h2>{head}</h2>{''.join(f'<p>{p}</p>' for p in text)}</section>"
        if text else "<section class='PageRoot__Section'><h2>Gallery</h2><img src='/a.jpg' alt=''></section>"
        for head, text in sections
    )
    return f"<html><head><title>{OWN}</title></head><body><div class='PageRoot'>{inner}</div></body></html>"


def test_a_page_in_sections_of_one_kind_keeps_them_all() -> None:
    body = extract_article(builder_page(), URL, listed=True)["articleBody"]
    assert all(p in body for p in OWN_TEXT + OTHERS[0][1] + OTHERS[1][1][:3])
