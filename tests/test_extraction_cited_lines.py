"""Lines of a post that are mostly or wholly link text but cite other sites (the bugs a status
report lists, the papers of a reading list, deals at other shops) stay in the text when they stand
between its paragraphs; the site's own stories listed the same way, lines after the last
paragraph and short link lines stay out, and the article decision reads the page as before."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from crawler.extraction.article import extract_article
from crawler.extraction.body import main_text

URL = "https://blog.example.org/2021/01/05/these-weeks-issue-85/"

PARAGRAPHS = [
    "The team spent the last weeks of the year on the work that had waited since the summer, and "
    "most of it has now landed in the builds that testers receive every night.",
    "Several contributors from outside the company joined the effort this time, and we want to "
    "thank each of them for the patches, the reviews and the patience they brought along.",
    "The next release goes out at the start of February, and the notes below list what changed "
    "since the last report, with links to the bugs where the details are discussed at length.",
    "Performance work went on as well: the start of the browser on slow disks is faster by a "
    "fifth, and the memory a tab holds after it is closed is now given back within a minute.",
    "Work on the new process model is nearly done, and the remaining bugs are tracked in one "
    "place so that anyone who wants to help can pick one and ask a mentor for guidance.",
    "As always, if you want to help, the wiki has a page of good first bugs, and the channel is "
    "open to anyone with a question about the code, the tools or the way reviews are done.",
]

CITED = [
    "Thanks to a volunteer, users can now <a href='https://bugs.example.net/show_bug.cgi?id=1650645'>"
    "import logins from password managers into the browser</a>",
    "<a href='https://bugs.example.net/show_bug.cgi?id=1677080'>Bug 1677080 - fullscreen window is "
    "affected by switching video source</a> (fixed)",
    "<a href='https://papers.example.com/baym-boyd'>Socially Mediated Publicness: An Introduction</a> "
    "by two authors",
]


def _page(items: list[str], *, after: bool = False) -> str:
    listed = "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    paragraphs = [f"<p>{text}</p>" for text in PARAGRAPHS]
    if after:
        paragraphs.append(listed)
    else:
        paragraphs.insert(3, listed)
    return ("<html><head><title>These weeks, issue 85</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/archive/'>Archive</a></nav><article>"
            f"<h1>These weeks, issue 85</h1>{''.join(paragraphs)}</article>"
            "<footer>About this blog</footer></body></html>")


def _body(html: str) -> str:
    return extract_article(html, URL, listed=True)["articleBody"]


def test_lines_citing_other_sites_between_paragraphs_stay() -> None:
    body = _body(_page(CITED))
    lines = body.splitlines()
    assert "Thanks to a volunteer, users can now import logins from password managers into the browser" in lines
    assert "Bug 1677080 - fullscreen window is affected by switching video source (fixed)" in lines
    assert "Socially Mediated Publicness: An Introduction by two authors" in lines
    # in their place: after the second paragraph, before the third
    assert lines.index(PARAGRAPHS[2]) < lines.index(
        "Socially Mediated Publicness: An Introduction by two authors") < lines.index(PARAGRAPHS[3])


@pytest.mark.parametrize(
    "href",
    ["/2007/06/torture-etc.html", "https://blog.example.org/2007/06/torture-etc.html",
     "https://www.blog.example.org/2007/06/torture-etc.html"],
)
def test_the_sites_own_stories_stay_out(href: str) -> None:
    items = [f"{n}. <a href='{href}?n={n}'>An older story of this site on the same subject</a> (June {n}, 2007)"
             for n in range(1, 4)]
    body = _body(_page(items))
    assert "older story" not in body
    assert all(text in body for text in PARAGRAPHS)


def test_cited_lines_after_the_last_paragraph_stay_out() -> None:
    body = _body(_page(CITED, after=True))
    assert "import logins" not in body
    assert "Bug 1677080" not in body
    assert all(text in body for text in PARAGRAPHS)


def test_short_link_lines_stay_out() -> None:
    items = ["Follow: <a href='https://social.example.com/blog'>us on Mastodon</a>",
             "<a href='https://video.example.com/c/blog'>Our video channel</a> too"]
    body = _body(_page(items))
    assert "Mastodon" not in body and "video channel" not in body
    assert all(text in body for text in PARAGRAPHS)


READING = [f"<a href='https://site{n}.example.com/essay-{n}'>An essay on the same subject from another weblog, "
           f"number {n}</a>" for n in range(1, 4)]


def test_all_link_lines_between_paragraphs_stay() -> None:
    """Lines that are one link each to another site, between the post's paragraphs, are its
    reading list (on the tuned folds such lines were in the truth more often than not)."""
    lines = _body(_page(READING)).splitlines()
    assert "An essay on the same subject from another weblog, number 2" in lines
    assert lines.index(PARAGRAPHS[2]) < lines.index(
        "An essay on the same subject from another weblog, number 1") < lines.index(PARAGRAPHS[3])


def test_all_link_lines_after_the_text_stay_out() -> None:
    """The same list after the last paragraph is a blogroll or a list of sources of another
    kind, as the cited lines there are."""
    body = _body(_page(READING, after=True))
    assert "An essay on the same subject" not in body
    assert all(text in body for text in PARAGRAPHS)


def test_the_decision_reads_the_prose_without_the_cited_lines() -> None:
    """The page's shape (what the article decision reads) is the same with the cited lines as
    without them; only the text gains them."""
    def read(html: str) -> tuple[list[str], str]:
        main = main_text(lxml_html.document_fromstring(html), base=URL)
        return [block.text for block in main.kept], main.text

    with_lines, text = read(_page(CITED))
    without_lines, bare_text = read(_page([]))
    assert with_lines == without_lines
    assert "import logins from password managers" in text
    assert "import logins" not in bare_text


ENTRIES = [
    ("https://shop.example.net/moccamaster", "1. A filter coffee maker with a copper element",
     "It brews a full pot in six minutes at the right temperature, and the parts that wear out can be "
     "bought and replaced at home, which is why it has lasted longer than any other machine we tried."),
    ("https://maker.example.com/ratio-six", "2. A machine that looks the part",
     "Its glass carafe and aluminium body make it the handsomest of the group, and its single button "
     "starts a bloom cycle that wets the grounds before the rest of the water is poured over them."),
    ("https://store.example.org/drip", "3. The cheapest one worth having",
     "For less than a third of the price of the others it makes a cup that most of our testers could "
     "not tell apart from the best, though its warming plate cooks the coffee left in the carafe."),
]


def _guide(href: str | None = None, *, bare_headings: bool = False) -> str:
    entries = "".join(
        f"<h3><a href='{href or link}'>{heading}</a></h3>" + ("" if bare_headings else f"<p>{text}</p>")
        for link, heading, text in ENTRIES
    )
    return ("<html><head><title>The best coffee makers</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/kitchen/'>Kitchen</a></nav><article>"
            f"<h1>The best coffee makers</h1><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>{entries}"
            f"<p>{PARAGRAPHS[4]}</p><p>{PARAGRAPHS[5]}</p></article><footer>About this blog</footer></body></html>")


def test_headings_linked_to_other_sites_over_their_paragraphs_stay() -> None:
    lines = _body(_guide()).splitlines()
    for _link, heading, text in ENTRIES:
        assert lines[lines.index(text) - 1] == heading


@pytest.mark.parametrize("href", ["/2019/05/older-review/", "https://blog.example.org/2019/05/older-review/"])
def test_headings_linked_to_the_sites_own_pages_stay_out(href: str) -> None:
    """Over a paragraph, a heading linked to another page of the site is a teaser's (a related
    story and its summary), not the text's."""
    body = _body(_guide(href))
    assert "A filter coffee maker with a copper element" not in body
    assert "The cheapest one worth having" not in body


def test_linked_headings_without_a_paragraph_stay_out() -> None:
    body = _body(_guide(bare_headings=True))
    assert "A filter coffee maker with a copper element" not in body
    assert "A machine that looks the part" not in body


def test_headings_over_a_price_line_and_their_paragraph_stay() -> None:
    """Between a guide's heading and its paragraph, a short line (a price, a shop's button)."""
    page = _guide().replace("</a></h3>", "</a></h3><p>From $129 at the shop</p>")
    lines = _body(page).splitlines()
    for _link, heading, text in ENTRIES:
        assert heading in lines and lines.index(heading) < lines.index(text)


@pytest.mark.parametrize("href", ["#{sid}", URL + "#{sid}"])
def test_headings_linked_to_their_own_place_stay(href: str) -> None:
    """A heading linked to itself (a permalink anchor beside or around its words, as Markdown
    renderers and documentation sites write them) is the section's heading, not a teaser."""
    sections = "".join(
        f"<h2 id='s{n}'><a href='{href.format(sid=f's{n}')}'>{heading}</a></h2><p>{text}</p>"
        for n, (_link, heading, text) in enumerate(ENTRIES)
    )
    page = ("<html><head><title>These weeks, issue 85</title></head><body><article>"
            f"<h1>These weeks, issue 85</h1><p>{PARAGRAPHS[0]}</p>{sections}<p>{PARAGRAPHS[4]}</p>"
            "</article></body></html>")
    lines = _body(page).splitlines()
    for _link, heading, text in ENTRIES:
        assert lines[lines.index(text) - 1] == heading
