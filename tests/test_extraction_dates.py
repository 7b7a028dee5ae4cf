"""Where a page writes its publication date when its metadata does not: a byline beside the
headline (in a ``<header>`` or a box marked as furniture), below a table of contents, in a
year/month/day form, or in a ``<meta>`` name publishers use; the author of a "By ..." byline or
of an element marked as the author; and the home-page feature."""

from __future__ import annotations

import pytest

from crawler.dates import date_in_lines, dated_lines
from crawler.extraction import extract_article
from crawler.extraction.article import analyse
from crawler.extraction.decision import features
from crawler.extraction.metadata import byline_author

PROSE = (
    "The county water board voted on Thursday to raise rates for the first time in six years, citing the cost "
    "of replacing pipes laid before the war and a drop in summer reservoir levels that forced emergency buys."
)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["EcoFlow- 2025/4/29"], ("2025-04-29", "2025/4/29")),
        (["Essay - Published: 2025.12.17 | programming |"], ("2025-12-17", "2025.12.17")),
        (["By Jane Roe • March 12, 2025"], ("2025-03-12", "March 12, 2025")),
        (["Posted 23/12/2025"], ("2025-12-23", "23/12/2025")),
        # with dashes, as with slashes: the month first unless the first number cannot be one
        (["Posted on: 07-20-2012"], ("2012-07-20", "07-20-2012")),
        (["HOSTLAR 11-29-2024, 03:10 AM"], ("2024-11-29", "11-29-2024")),
        (["Geplaatst 23-12-2025"], ("2025-12-23", "23-12-2025")),
        (["08-7-2012 by admin"], ("2012-08-07", "08-7-2012")),
        (["12-3/2022 mixed separators"], (None, None)),
        (["Call 555-12-2012 now"], (None, None)),  # a phone number's digits
        # a date written with dots gives the day first
        (["Redaktion | 09.11.2021, 14:05 Uhr"], ("2021-11-09", "09.11.2021")),
        (["12.3.2022"], ("2022-03-12", "12.3.2022")),
        # day-first dates with a month name, in other languages (and English names written so)
        (["5. November 2021 admin News"], ("2021-11-05", "5. November 2021")),
        (["21. Jan. 2022 // Dominik Ricker"], ("2022-01-21", "21. Jan. 2022")),
        (["Veröffentlicht am 3. März 2020"], ("2020-03-03", "3. März 2020")),
        (["Publié le 1er novembre 2019 par la rédaction"], ("2019-11-01", "1er novembre 2019")),
        (["Por Ana Gil | 5 de noviembre de 2021"], ("2021-11-05", "5 de noviembre de 2021")),
        (["Pubblicato il 14 febbraio 2023"], ("2023-02-14", "14 febbraio 2023")),
        (["Publicado em 7 de dezembro de 2018"], ("2018-12-07", "7 de dezembro de 2018")),
        (["Gepubliceerd op 9 mei 2024"], ("2024-05-09", "9 mei 2024")),
        (["Publicerad 12 augusti 2020"], ("2020-08-12", "12 augusti 2020")),
        (["3 de setiembre de 2019"], ("2019-09-03", "3 de setiembre de 2019")),
        (["22 kwietnia 2021, 10:15"], ("2021-04-22", "22 kwietnia 2021")),
        (["15 августа 2016, 12:40"], ("2016-08-15", "15 августа 2016")),
        (["2021年11月5日 10:00"], ("2021-11-05", "2021年11月5日")),
        (["2021년 11월 5일"], ("2021-11-05", "2021년 11월 5일")),
        (["31. Februar 2021"], (None, None)),  # no such day
        (["5 Mayx 2021"], (None, None)),
        (["2025/12-17 mixed separators"], (None, None)),
        (["Version 2025.13.40"], (None, None)),
        (["a line of more than sixteen words that happens to say March 12, 2025 in the middle of it"], (None, None)),
    ],
)
def test_date_in_lines(lines: list[str], expected: tuple[str | None, str | None]) -> None:
    assert date_in_lines(lines) == expected


@pytest.mark.parametrize(
    ("line", "dated"),
    [
        # a date without its year, or with two digits of it, says the page is dated
        ("Posted by timothy on Tuesday July 24, @09:04AM", True),
        ("Written by Philip Proefrock on 17/10/12", True),
        ("Wedding Ideas 11.07.12", True),
        ("08-20-12 by admin", True),
        ("Jul. 24", True),
        ("24 July", True),
        ("Veröffentlicht am 24. Juli", True),
        ("Publié le 3 mars", True),
        ("By Jane Roe, March 12, 2025", True),  # a whole date too
        # and nothing else
        ("3 out of 5 stars", False),
        ("version 1.2.3", False),
        ("10.11.12.13", False),
        ("Top 10 of 2024", False),
        ("May 2024 issue", False),
        ("4 set of 12", False),
        ("July 32", False),
        ("a line of more than sixteen words that happens to say Tuesday July 24 in the middle of it", False),
    ],
)
def test_dated_lines(line: str, dated: bool) -> None:
    assert dated_lines([line]) is dated


def test_a_date_without_its_year_by_the_headline_is_the_decision_s_evidence() -> None:
    undated = analyse(page(byline="<p class='meta'>Posted by timothy</p>"), "https://blog.example/water/rates")
    dated = analyse(page(byline="<p class='meta'>Posted by timothy on Tuesday July 24, @09:04AM</p>"),
                    "https://blog.example/water/rates")
    assert undated.evidence is not None and dated.evidence is not None
    assert not undated.evidence.has_date and dated.evidence.has_date
    assert dated.fields is not None and dated.fields["datePublished"] is None  # no year: no date for the record


def page(head: str = "", byline: str = "", toc: int = 0) -> str:
    """A blog post: the headline and its byline in a ``<header>``, a table of contents and a
    summary box between them and the text, no date in the metadata."""
    entries = "".join(f"<li><a href='#s{i}'>Section {i} of the guide</a></li>" for i in range(toc))
    sections = "".join(f"<h2 id='s{i}'>Section {i} of the guide</h2><p>{PROSE}</p><p>{PROSE}</p>" for i in range(4))
    return (
        f"<html><head><title>How water rates are set</title>{head}</head><body>"
        f"<header class='post-header'><h1>How water rates are set</h1>{byline}</header>"
        f"<div class='toc'><p>Table of contents</p><ul>{entries}</ul></div>"
        f"<article>{sections}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # the byline sits in <header> and in a box whose class says "byline": furniture, read all the same
        (page(byline="<div class='byline'>By Jane Roe &bull; <span>March 12, 2025</span></div>"), "2025-03-12"),
        # a table of contents of 15 entries between the byline and the text: found beside the headline
        (page(byline="<p class='meta'>Jane Roe - 2025/4/29</p>", toc=15), "2025-04-29"),
        (page(head="<meta name='published-date' content='2021-02-16'>"), "2021-02-16"),
        (page(byline="<p class='meta'><span class='date'>5. November 2021</span> Jana Roth</p>"), "2021-11-05"),
        (page(), None),
        # an offset no clock has: the time the page wrote, without it (the page was lost before)
        (page(head="<meta property='article:published_time' content='2025-01-01T10:00:00 UTC+30'>"),
         "2025-01-01T10:00:00"),
        (page(byline="<time datetime='2025-01-01T10:00:00+99:99'>1 January</time>"), "2025-01-01T10:00:00"),
    ],
)
def test_publication_date_beside_the_headline(html: str, expected: str | None) -> None:
    record = extract_article(html, "https://blog.example/water/how-rates-are-set", pattern_match=True)
    assert record["datePublished"] == expected


@pytest.mark.parametrize(
    ("url", "home"),
    [
        ("https://www.example.com/", 1.0),
        ("https://www.example.com", 1.0),
        ("https://www.example.com/?p=123", 0.0),
        ("https://www.example.com/services/", 0.0),
        ("https://www.example.com/index.php?/site/article/4250/", 0.0),
    ],
)
def test_home_page_feature(url: str, home: float) -> None:
    outcome = analyse(page(), url)
    assert outcome.evidence is not None
    assert features(outcome.evidence)["home"] == home
    assert features(outcome.evidence)["headline_words"] == 5 / 20


@pytest.mark.parametrize(
    ("lines", "name"),
    [
        (["By Haley Hoekstra • March 12, 2025"], "Haley Hoekstra"),
        (["by Amanda · Dec 20, 2025 at 3:00 am"], "Amanda"),
        (["By Daniel Renfrow April 12, 2024"], "Daniel Renfrow"),
        (["By Workzone Team• 4 mins read"], "Workzone Team"),
        (["By Shelby Loos, DVM. Reviewed by Molly Price, DVM"], "Shelby Loos"),
        (["Von Hans Meier | 12.03.2025"], "Hans Meier"),
        (["Share this", "Par Jeanne Dupont"], "Jeanne Dupont"),
        # a word of authorship before the prefix; a reviewer's or a picture's credit is no byline
        (["Written by Karin Lund"], "Karin Lund"),
        (["By Jane Roe on March 12, 2025"], "Jane Roe"),
        (["Posted by Ned Holt at 9:40 PM"], "Ned Holt"),
        (["Posted by: Omar Haddad | 2 comments"], "Omar Haddad"),
        (["Geschrieben von Lena Vogt am 3. März 2020"], "Lena Vogt"),
        (["Escrito por Ana Gil"], "Ana Gil"),
        (["Medically reviewed by Dr. Ravi Shah"], None),
        (["Reviewed by Molly Price"], None),
        (["Photo by Ines Moro"], None),
        (["By A. J. Neal View In Digital Edition Online Today"], None),
        (["By clicking subscribe you agree to our terms"], None),
        (["By 2030, the city will need twice the water"], None),
        (["Jane Roe"], None),
        # no space after the colon; a byline after another part of the line
        (["Written by:Elise Nass"], "Elise Nass"),
        (["By:Ola Berg"], "Ola Berg"),
        (["March 15, 2022 · 3 min read · By Campus Online"], "Campus Online"),
        (["Tools | 6 mins | By The Notes Team"], "The Notes Team"),
        (["Standby mode · by clicking here"], None),
        # a template's empty author before its date line: no name starts with a word of publishing
        (["by Published 7 hours ago"], None),
        (["By Updated March 3"], None),
        # the name ends at a word in lower case that is no particle of a name, or at one of publishing
        (["Posted by Lucy Zhang on Wednesday"], "Lucy Zhang"),
        (["Posted by Unknown Lamer on Tuesday July 24, @09:04AM"], "Unknown Lamer"),
        (["By Clark filed under Finance"], "Clark"),
        (["By Ree in Pioneer Woman"], "Ree"),
        (["By Alex Hern Published 12 July"], "Alex Hern"),
        (["By Frans de Waal"], "Frans de Waal"),
        (["By Barry van Wyk | Comments"], "Barry van Wyk"),
        (["By Jane Roe and John Doe"], "Jane Roe and John Doe"),
        (["Von Zespół wPolityce.pl"], "Zespół wPolityce.pl"),
        (["By Jane Roe on a rainy night in the old harbour town"], None),
        (["By Chris Lund ⋅ Founder and Editor-in-Chief ⋅ Updated March 3, 2025"], "Chris Lund"),
        (["Tips for Everyday Living ● by Meg Weeden ● December 23, 2025"], "Meg Weeden"),
    ],
)
def test_byline_author(lines: list[str], name: str | None) -> None:
    found = byline_author(lines)
    assert (" and ".join(a["name"] for a in found) if found else None) == name


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Jane Roe and John Doe", ["Jane Roe", "John Doe"]),
        ("Von Lars Fischer und Alina Schadwinkel", ["Lars Fischer", "Alina Schadwinkel"]),
        ("By Ana Gil & Luis Paz | 3 min", ["Ana Gil", "Luis Paz"]),
        ("By Wellness & Prevention", ["Wellness & Prevention"]),  # a desk's name, words apart
        ("By Jane and John", ["Jane and John"]),
    ],
)
def test_byline_of_two_authors(line: str, names: list[str]) -> None:
    """A byline that joins two names of two words or more gives two authors."""
    assert [a["name"] for a in byline_author([line]) or []] == names


def test_author_from_the_byline_when_the_metadata_names_none() -> None:
    html = page(byline="<p class='byline'>By Jane Roe &bull; March 12, 2025</p>", toc=15)
    record = extract_article(html, "https://blog.example/water/how-rates-are-set", pattern_match=True)
    assert record["authors"] == [{"name": "Jane Roe", "nameRaw": "By Jane Roe • March 12, 2025"}]
    assert record["datePublished"] == "2025-03-12"
    meta = page(head="<meta name='author' content='John Doe'>", byline="<p>By Jane Roe</p>")
    assert extract_article(meta, "https://blog.example/a", pattern_match=True)["authors"] == [
        {"name": "John Doe", "nameRaw": "John Doe"}]


@pytest.mark.parametrize(
    ("byline", "name"),
    [
        ("<div><p>Written by</p><p>Edzel Tabing</p></div>", "Edzel Tabing"),
        ("<div><span>WRITTEN BY</span><div>Orbi Team</div><a href='#'>Share Article</a></div>", "Orbi Team"),
        ("<div><div>By</div><div><a href='/a/cb'>Chase Bernath</a></div><div>&bull;</div>"
         "<div>January 23, 2026</div></div>", "Chase Bernath"),
        ("<div><p>Von:</p><p>Lena Vogt</p></div>", "Lena Vogt"),
        ("<div><p>Reviewed by</p><p>Molly Price</p></div>", None),
        # an empty author element between the prefix and the date line
        ("<div><p>by</p><p>Published 7 hours ago</p></div>", None),
    ],
)
def test_author_from_a_byline_split_over_two_blocks(byline: str, name: str | None) -> None:
    """A byline's prefix alone in its block is read with the block after it."""
    html = page(byline=byline, toc=15)
    found = extract_article(html, "https://blog.example/water/how-rates-are-set", pattern_match=True)["authors"]
    assert (found[0]["name"] if found else None) == name


@pytest.mark.parametrize(
    ("footer", "name"),
    [
        ("<p class='post-footer'>Posted by David at December 16, 2025 11:15 AM</p>", "David"),
        ("<footer><p>Posted by <a href='/about'>Colin Watson</a> on 2025-12-18 in debusine.</p></footer>",
         "Colin Watson"),
        # a commenter's line further down is not the post's byline
        ("<p>Share this post</p><p>Related posts</p><p>Tags: water</p><p>Comments (2)</p>"
         "<p>Posted by Bob Smith at 9:40 PM</p>", None),
    ],
)
def test_author_from_the_post_footer(footer: str, name: str | None) -> None:
    """A byline in the short lines right after the text's last paragraph, when none is near its
    start or the headline."""
    found = extract_article(footed(footer), "https://blog.example/water/how-rates-are-set", pattern_match=True)
    assert (found["authors"][0]["name"] if found["authors"] else None) == name


def footed(footer: str) -> str:
    """A post of twelve paragraphs (its end far from the headline) and ``footer`` after them."""
    sections = "".join(f"<p>Part {i}. {PROSE}</p>" for i in range(12))
    return (
        "<html><head><title>How water rates are set</title></head><body><h1>How water rates are set</h1>"
        f"<article>{sections}{footer}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("footer", "date"),
    [
        ("<p class='post-footer'>Posted by David at December 16, 2025 11:15 AM</p>", "2025-12-16T11:15:00"),
        ("<p>Posted by Seth Godin on July 19, 2012 | Permalink</p>", "2012-07-19"),
        # a date in the footer that is no byline's: an edit's, a teaser's, a campaign's
        ("<p>Aktualisiert: 30.12.2016</p>", None),
        ("<p>Page (last edited 2019-11-10 13:28:18 by Mats)</p>", None),
        ("<p>More news</p><p>10.11.2021</p><p>The board meets again</p>", None),
    ],
)
def test_date_from_the_post_footers_byline(footer: str, date: str | None) -> None:
    found = extract_article(footed(footer), "https://blog.example/water/how-rates-are-set", pattern_match=True)
    assert found["datePublished"] == date


def test_rel_author_links_in_a_menu_or_to_one_address() -> None:
    """A ``rel=author`` link in a menu (a site's main menu, a byline's drop-down) names no
    author; several links to one author's page name one author, the first that shows a name."""
    menu = (
        "<nav><ul><li><a rel='author' href='/about'>About Us</a></li></ul></nav>"
        "<div id='author-menu'><ul><li><a rel='author' href='/people/jr'>View Profile</a></li></ul></div>"
    )
    assert extract_article(page(byline=menu), "https://blog.example/a", pattern_match=True)["authors"] is None
    both = (
        f"{menu}<p><a rel='author' href='/author/jj/'>James Johnson</a></p>"
        "<p>Visit the <a rel='author' href='/author/jj/'>Author Archive</a> for more.</p>"
        "<p><a rel='author' href='/author/mb/'>Molly Ball</a></p>"
    )
    found = extract_article(page(byline=both), "https://blog.example/a", pattern_match=True)["authors"]
    assert [a["name"] for a in found] == ["James Johnson", "Molly Ball"]


@pytest.mark.parametrize(
    ("link", "name"),
    [
        ("Jane Roe", "Jane Roe"),
        ("jbat", "jbat"),  # a user name
        ("Ludwig van Beethoven", "Ludwig van Beethoven"),
        ("Walter von Aachen", "Walter von Aachen"),
        ("View all posts by Sue Waters &rarr;", "Sue Waters"),
        ("Zeige alle Beitr&auml;ge von Petra Ruland &rarr;", "Petra Ruland"),
        ("View my complete profile", None),
        ("Google profile", None),
        ("Archiv anzeigen &rarr;", None),
    ],
)
def test_author_from_a_rel_author_link(link: str, name: str | None) -> None:
    """A ``rel=author`` link's text is the author's name unless it reads as a label; a label
    that names the author after a "by" gives that name."""
    html = page(byline=f"<a rel='author' href='/author/x'>{link}</a>")
    found = extract_article(html, "https://blog.example/water/how-rates-are-set", pattern_match=True)["authors"]
    assert (found[0]["name"] if found else None) == name


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("<p class='byline'>By <a href='/author/jane-roe/'>Jane Roe</a> &bull; March 12, 2025</p>",
         {"name": "Jane Roe", "url": "https://blog.example/author/jane-roe/",
          "nameRaw": "By Jane Roe • March 12, 2025"}),
        ("<div class='meta'><span>Posted by</span> <a href='https://social.example/jroe'>Jane Roe</a></div>",
         {"name": "Jane Roe", "url": "https://social.example/jroe", "nameRaw": "Posted by Jane Roe"}),
        # the same name linked elsewhere (a menu, a list of posts) is not the byline's link
        ("<nav><a href='/team/jane'>Jane Roe</a></nav><p>By Jane Roe</p>"
         "<ul class='related'><li><a href='/2024/other-post'>Jane Roe</a></li></ul>",
         {"name": "Jane Roe", "nameRaw": "By Jane Roe"}),
    ],
)
def test_the_address_of_a_bylines_author(byline: str, author: dict[str, str]) -> None:
    """A byline's author gets the address of the link that shows the name in the byline."""
    html = page(byline=byline, toc=15)
    found = extract_article(html, "https://blog.example/water/how-rates-are-set", pattern_match=True)
    assert found["authors"] == [author]


@pytest.mark.parametrize(
    ("head", "byline", "names"),
    [
        # the template names the site as the author; the byline names the writer
        ("<meta name='author' content='One Tree Planted'><meta property='og:site_name' content='One Tree Planted'>",
         "<p>By Meaghan Weeden &bull; December 23, 2025</p>", ["Meaghan Weeden"]),
        ("<meta name='author' content='RAPID7'><meta property='og:site_name' content='Rapid7'>",
         "<p>Posted by: Spencer Lund</p>", ["Spencer Lund"]),
        # the site's name and no byline: kept; a writer's name in the metadata: kept over the byline
        ("<meta name='author' content='One Tree Planted'><meta property='og:site_name' content='One Tree Planted'>",
         "", ["One Tree Planted"]),
        ("<meta name='author' content='John Doe'><meta property='og:site_name' content='One Tree Planted'>",
         "<p>By Meaghan Weeden</p>", ["John Doe"]),
    ],
)
def test_a_byline_over_the_sites_name_given_as_the_author(head: str, byline: str, names: list[str]) -> None:
    html = page(head=head, byline=byline, toc=15)
    found = extract_article(html, "https://blog.example/water/how-rates-are-set", pattern_match=True)["authors"]
    assert [a["name"] for a in found] == names


@pytest.mark.parametrize(
    ("markup", "name"),
    [
        ("<span class='author-name'>Jane Roe</span>", "Jane Roe"),
        ("<div class='post-author'>Written by Jane Roe</div>", "Jane Roe"),
        ("<div class='byline__name'><a href='/u/jr'>Jane Roe</a> | 4 min read</div>", "Jane Roe"),
        ("<p id='author'>Hans Meier</p>", "Hans Meier"),
        ("<div class='author-date'>Dec. 19, 2025</div>", None),
        ("<h3 class='author-heading'>About the author</h3>", None),
        ("<h6 class='hentry-author'>About author</h6>", None),
        ("<div class='author-bio'>Jane Roe</div>", None),
        ("<ol class='comments'><li><span class='author'>Bob Smith</span></li></ol>", None),
        ("<span class='coauthors-list'>reading list</span>", None),
        # its lines apart, not run together ("ByAmy Roe", "Jane RoeStaff Writer")
        ("<div class='author-line'><span>By</span><div>Amy Roe</div></div>", "Amy Roe"),
        ("<div class='BylineComponent_author'><div><b>Jane Roe</b></div><div>Staff</div></div>", "Jane Roe Staff"),
        ("<div class='entry-author'>Posted by:<a href='/u/ic'>Idle Cartulary</a></div>", "Idle Cartulary"),
        ("<div class='author-box'>Article by: Cara Doe</div>", "Cara Doe"),
        ("<span class='author'>Byron Smith</span>", "Byron Smith"),  # "By" starts a name
        # the word before the name alone in an element of its own named for the author
        ("<span class='meta-prep meta-prep-author'>By </span><span class='author vcard'>"
         "<a href='/author/daniel'>Daniel Roe</a></span>", "Daniel Roe"),
    ],
)
def test_author_from_an_element_marked_as_the_author(markup: str, name: str | None) -> None:
    html = page(byline=markup)
    found = extract_article(html, "https://blog.example/water/how-rates-are-set", pattern_match=True)["authors"]
    assert (found[0]["name"] if found else None) == name


@pytest.mark.parametrize("line", ["1." * 200_000, "12-" * 130_000, "x" * 700 + " March 12, 2025"])
def test_a_line_too_long_for_a_byline_is_not_searched(line: str) -> None:
    assert date_in_lines([line]) == (None, None)
    assert not dated_lines([line])
    assert date_in_lines(["x" * 600 + " March 12, 2025"]) == ("2025-03-12", "March 12, 2025")  # 615 characters
