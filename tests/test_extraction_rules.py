"""The body pass's word rules, as rewritten for speed: class/id furniture words (one regex), the
strong boilerplate lines that may start anywhere (tried only on lines with their keyword), and
an element's role read from its attributes in one call."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from crawler.extraction.boilerplate import is_strong
from crawler.extraction.furniture import MARK, NONE, SKIP, furniture_words, role


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("comments", True),
        ("post comments-area", True),
        ("Side_Bar widget", True),  # a pair of parts, any separator, any case
        ("side  -bar", True),
        ("most-read", True),
        ("author_bio", True),
        ("advertisement-top", True),  # starts like a word
        ("x-sponsored", True),
        ("post-tags", True),  # a token ending in "tag(s)"
        ("entry hashtag", True),
        ("ad", True),
        ("tag-foo", False),  # a WordPress tag class
        ("tags-list", False),
        ("header-adjacent", False),  # "ad" only as a whole part
        ("sidebarless", False),
        ("reading most", False),
        ("article-body", False),
        ("", False),
    ],
)
def test_furniture_words(value: str, expected: bool) -> None:
    assert furniture_words(value) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("We use cookies to improve your experience on our site.", True),
        ("This website uses cookies. By continuing to browse you agree.", True),
        ("By using this site you accept our use of cookies and our privacy policy.", True),
        ("Here are some newsletters we think you'll enjoy", True),
        ("Other newsletters you’ll love: Morning Brief", True),
        ("Thıs site uses cookies", True),  # dotless ı matches i when case is ignored
        ("The bakery sells cookies every morning to the village.", False),
        ("The newsletter was sent to 40,000 readers last week.", False),
        ("Read more", True),
        ("The minister read more than a hundred letters.", False),
    ],
)
def test_strong_lines(line: str, expected: bool) -> None:
    assert is_strong(line) is expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<div>text</div>", NONE),
        ('<div class="content">text</div>', NONE),
        ('<div id="sidebar" class="col">text</div>', MARK),
        ('<div class="col" id="comments">text</div>', MARK),
        ('<article class="share">text</article>', NONE),  # content tags ignore class words
        ('<div hidden>text</div>', MARK),
        ('<div aria-hidden="true">text</div>', MARK),
        ('<div aria-hidden="false">text</div>', NONE),
        ('<div style="display: none">text</div>', MARK),
        ('<div style="color: red">text</div>', NONE),
        ('<span itemprop="datePublished" class="share">2024-01-01</span>', SKIP),  # a value before a mark
        ('<div itemprop="author" class="byline"><b>Name</b></div>', MARK),  # has children: no value
        ('<span itemprop="description">text</span>', NONE),
    ],
)
def test_role(markup: str, expected: int) -> None:
    element = lxml_html.fragment_fromstring(markup)
    assert role(element, element.tag) == expected
