"""The body pass's word rules, as rewritten for speed: class/id furniture words (one regex), the
strong boilerplate lines that may start anywhere (tried only on lines with their keyword), the
strong whole-line patterns tried by the line's first character, an element's role read from its
attributes in one call, and the page-level reads rewritten for speed (microdata elements, the
characters XML does not allow)."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from crawler.extraction.body import _PRICE, _prices
from crawler.extraction.boilerplate import STRONG, is_strong, normalize
from crawler.extraction.furniture import MARK, NONE, SKIP, furniture_words, role
from crawler.extraction.parsing import parse_html
from crawler.extraction.structured import microdata_elements


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
        ("post-tags", True),  # a token whose last part is "tag(s)"
        ("entry_tags x", True),
        ("tags", True),
        ("entry hashtag", True),
        ("hashtags", True),
        ("relatedContent alignRight", True),  # camelCase parts
        ("mainNav", True),
        ("SocialBar-items", True),
        ("mostRead", True),
        ("sideBar", True),
        ("relatedlinks__content", True),  # starts like "related"
        ("image legend", True),
        ("entry-meta", True),  # the post's date, author, categories
        ("PostMeta", True),
        ("metadata", False),
        ("metabox", False),
        ("contentArea", False),
        ("textTag", False),  # a keyword linked inside a sentence
        ("edTag", False),
        ("_4n-j _fbReactionComponent__eventDetailsContentTags fsl", False),  # a pasted paragraph
        ("stag", False),
        ("post-tagsx", False),
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
        # a server's error message printed into the page
        ("Strict Standards: Redefining already defined constructor for class wpdb in "
         "/www/htdocs/w0094d70/wp-includes/wp-db.php on line 56", True),
        ("Warning: Creating default object from empty value in C:\\xampp\\htdocs\\functions.php on line 12",
         True),
        ("PHP Notice:  Undefined index: page in /var/www/index.php on line 3", True),
        ("Warning: flooding expected in Springfield on line 5 of the bus route.", False),
        ("Notice: the office is closed on Monday.", False),
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
        ('<h1 itemprop="headline">Water rates to rise</h1>', NONE),  # the visible headline, no value
        ('<div itemprop="author" class="byline"><b>Name</b></div>', MARK),  # has children: no value
        ('<span itemprop="description">text</span>', NONE),
        # an id made from the element's own text is an anchor, whatever its words
        ('<h2 id="how-popular-are-meditation-apps">How popular are meditation apps?</h2>', NONE),
        ('<div id="2-heading-how-popular-are-these-apps"><h2>How popular are these apps?</h2><p>Very.</p></div>',
         NONE),
        ('<div id="how-popular-is-it"><h2>How popular is it?</h2><p>Very.</p></div>', MARK),  # 5 words: not its text
        ('<h3 id="social-media-marketing-jobs">Social media marketing jobs</h3>', NONE),
        ('<h3 id="nav_nur_die_folie__1">Nur die Folie bleibt zurück</h3>', NONE),  # a heading's slug cut short
        ('<h3 id="nav_nur_die__1">Nur die Folie bleibt zurück</h3>', MARK),  # under three words
        ('<div id="nav_nur_die_folie__1"><h3>Nur die Folie bleibt zurück</h3></div>', MARK),  # not a heading
        ('<div id="share-this-article"><h4>Share this article</h4><a>Facebook</a></div>', MARK),
        ('<div id="share-this">Share this</div>', MARK),  # under three words: a component's name
        ('<div id="popular-posts-list"><h2>Popular posts</h2><a>One</a></div>', MARK),  # not its text
        ('<div class="share" id="share-this-story">Share this story</div>', MARK),  # the class says so too
        ('<div id="related-stories-today" hidden>Related stories today</div>', MARK),
        # ARIA roles of furniture: the landmarks of <nav>, <aside>, the page's footer and banner,
        # a search form, dialogs and menus
        ('<div role="navigation">text</div>', MARK),
        ('<div role="complementary">text</div>', MARK),
        ('<div role="contentinfo">text</div>', MARK),
        ('<div role="banner">text</div>', MARK),
        ('<form role="search">text</form>', MARK),
        ('<div role="dialog" aria-modal="true">text</div>', MARK),
        ('<div role=" AlertDialog ">text</div>', MARK),
        ('<ul role="menubar">text</ul>', MARK),
        ('<div role="main">text</div>', NONE),
        ('<div role="article">text</div>', NONE),
        ('<div role="region">text</div>', NONE),
        ('<p role="note">text</p>', NONE),
        # a role beside an id made from the text: the role says furniture whatever the id
        ('<div id="share-this-story-now" role="dialog">Share this story now</div>', MARK),
    ],
)
def test_role(markup: str, expected: int) -> None:
    element = lxml_html.fragment_fromstring(markup)
    assert role(element, element.tag) == expected


_STRONG_SAMPLES = [
    "Read more", "read the full story at example.com", "Related:", "Related articles", "3 comments",
    "No comments", "Comments (12)", "comments", "Share this:", "Share on Facebook", "Facebook Twitter Email",
    "Advertisement", "ad", "Sponsored content", "Posted by Jane at 10:00", "Labels: news, world",
    "Article source: https://example.com/a", "Originally published at example.com", "Loading...",
    "Subscribe to: Post Comments (Atom)", "Newer Post Older Post Home", "Leggi anche: qualcosa",
    "Читайте также: новости", "À lire aussi", "Sign up for our newsletter", "Thank you for subscribing",
    "Invalid email address", "ınvalid email", "ſhare this", "Accept all cookies", "Cookie settings",
    "Top stories", "Editor’s picks", "Continue reading", "Keep reading", "You may also like",
    "Follow us on Twitter", "Tell us what you think", "[caption id=x] text [/caption]",
    "The minister read more than a hundred letters.", "Sharing is caring, said nobody.", "4 people died",
    "Zebras are striped.", "", "»", "1,000 comments were left", "Quietly, the storm passed.",
]


@pytest.mark.parametrize("line", _STRONG_SAMPLES)
def test_strong_by_first_character(line: str) -> None:
    """The table picked by the line's first character answers as the whole regex does."""
    norm = normalize(line)
    if norm and len(norm) <= 600 and "newsletter" not in norm and "cookies" not in norm:
        assert is_strong(line) is bool(STRONG.match(norm))


def test_strong_samples_hold_both_answers() -> None:
    answers = [is_strong(line) for line in _STRONG_SAMPLES if normalize(line)]
    assert sum(answers) >= 30 and answers.count(False) >= 5


@pytest.mark.parametrize("text", ["Some  Text\n here", "  Already collapsed.  ", "Ünïcode\u00a0space -"])
def test_normalize_collapsed(text: str) -> None:
    """Text whose white space is collapsed normalises the same without splitting it again."""
    collapsed = " ".join(text.split())
    assert normalize(collapsed, collapsed=True) == normalize(text)


def test_microdata_elements_in_document_order() -> None:
    tree = parse_html(
        '<html><body><div itemscope itemtype="https://schema.org/NewsArticle" itemprop="mainEntity">'
        '<h1 itemprop="headline">T</h1><p>x</p><span itemtype="x">y</span>'
        '<meta itemprop="datePublished" content="2024-01-01"></div></body></html>'
    )
    found = microdata_elements(tree)
    assert [e.tag for e in found] == ["div", "h1", "span", "meta"]
    assert found == tree.xpath("//*[@itemprop or @itemscope or @itemtype]")


def test_characters_xml_does_not_allow_are_dropped() -> None:
    tree = parse_html("<html><body><p>a\ufffeb\uffffc\x01d</p></body></html>")
    assert tree.findtext(".//p") == "abcd"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It costs $ 12.50 or €9, and 1.200 kr in Oslo.", 3),
        ("Price: 40 EUR, 12 USD, 7 GBP, 5 zł, 300 руб", 5),
        ("£5 and ¥300 and ₹99", 3),
        ("Ukraine's 2024 budget was debated by 300 members.", 0),  # "kr" without a price
        ("No prices here at all.", 0),
    ],
)
def test_prices(text: str, expected: int) -> None:
    assert _prices(text) == expected == len(_PRICE.findall(text))


@pytest.mark.parametrize(
    "value",
    ["nav", "x-side__bar", "menu-item", "sidebarless", "post-tags x", "\u00a0ads", "ad\u2003box", "-", "A-DS",
     "textTag", "hashtag", "x_tags", "contenttags", "post-tags-", "tags-list", "entry_hashtags", "most \t read",
     "Most_Read", "side-_bar", "bar side", "relacionadas", "xrelacionadas", "comment\u00a0tags", "İ-ads", "",
     "   ", "-_-", "sponsored-content", "menu_", "_menu", "tag", "relatedPosts", "mainNavWrapper", "NAVbar",
     "sideBar", "mostRead", "xSide_bar", "textTags", "postTags", "adSlot", "loadMore", "aDs"],
)
def test_furniture_words_as_one_regex(value: str) -> None:
    """The parts and sets answer as two regexes: the words on the value with its camelCase
    parts apart, the tag lists on the value as written (the one regex the three searches
    before them replaced, with "tag(s)" a part of its own since)."""
    import re

    from crawler.extraction import furniture

    words = "|".join(sorted(furniture._WORDS, key=lambda word: (-len(word), word)))
    pairs = "|".join(rf"{a}[\s_-]+{b}" for a, b in sorted(furniture._PAIRS))
    named = re.compile(rf"(?:^|[\s_-])(?:(?:{words}|{pairs})(?![^\s_-])|(?:{'|'.join(furniture._PREFIXES)}))")
    tags = re.compile(r"(?:^|[\s_-])(?:hash)?tags?(?!\S)")
    parts = re.sub(r"([a-z])([A-Z])", r"\1 \2", value).lower()
    assert furniture_words(value) is (named.search(parts) is not None or tags.search(value.lower()) is not None)


@pytest.mark.parametrize(
    "text",
    ["<p>plain page</p>" * 50, "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x1a\x1c\x1f" * 20, "ok\x1b\x7f\t\n" * 40,
     "é\x01\x02\x03\x04\x05\x06\x07\x08\x0e" * 30, "\ufffd" * 30 + "text", "",
     "\ufffd" * 9 + "é" * 100, "\ufffd" * 10 + "é" * 100, "Größe\x1b\x7f\x85\u2028\ufffe" * 40,
     "\ud800\udfff\x01" * 30 + "text" * 10, "文字\x00\x1f" * 300, "x" * 19990 + "\x01" * 20],
)
def test_mostly_control_counted_on_bytes(text: str) -> None:
    """Control characters counted on the UTF-8 of the sample, as the regex counts them on its
    characters (escape, DEL, C1 controls and noncharacters are not counted; lone surrogates pass)."""
    from crawler.extraction.decoding import _CONTROL, _mostly_control

    sample = text[:20000]
    assert _mostly_control(text) is (bool(sample) and len(_CONTROL.findall(sample)) > max(8, len(sample) // 50))


def _match_at_before(index: object, text: str, starts: list[int]) -> bool:
    """``PhraseIndex.match_at`` as it was: the worded, then the bare table of the start's
    character, then the leftovers (when their first characters allow) at every start."""
    for p in starts:
        key = text[p].lower()
        for table in (index.worded_re, index.bare_re):  # type: ignore[attr-defined]
            pattern = table.get(key)
            if pattern is not None and pattern.match(text, p):
                return True
    other, keys = index.other, index.other_starts  # type: ignore[attr-defined]
    return other is not None and any((keys is None or text[p].lower() in keys) and other.match(text, p) for p in starts)


_AT_TEXTS = [
    "Source: Reuters", "source link here", "Sourced from AP", "’dan alındı bugün", "'tan alınmıştır.",
    "dan alınmıştır", "via the wire", "Vía EFE", "来源：新华社", "原文 here", "本文 reproduced", "Zdroj: ČTK",
    "Theo VnExpress", "the post appeared", "Plain words, nothing else", "x" * 30, "ÜBER uns", "über alles",
]


@pytest.mark.parametrize(
    ("worded", "bare"),
    [
        ([r"source(?:\s+link)?", r"sourced?\s+from", r"via", r"v[ií]a", r"zdroj", r"theo", r"[uü]ber"],
         ["来源", "原文", "本文"]),
        ([r"source", r"(?:'|’)?(?:d|t)[ae]n\s+al[iı]n", r"\w+ appeared"], ["来源"]),  # leftovers: known, then any start
        ([r"(?:'|’)?(?:d|t)[ae]n\s+al[iı]n", r"via"], []),
    ],
)
def test_match_at_one_regex_per_character(worded: list[str], bare: list[str]) -> None:
    """One alternation per first character (worded, bare and leftovers together) answers as the
    tables tried one after the other did, at every word start and at the first four."""
    import re

    from crawler.extraction.phrase_index import PhraseIndex

    index = PhraseIndex([rf"(?:{w})(?![^\W_])" for w in worded], bare)
    starts_of = re.compile(r"(?<![^\W_])[^\W_]")
    answers = []
    for text in _AT_TEXTS:
        every = [m.start() for m in starts_of.finditer(text)] + [i for i, c in enumerate(text) if c in "来原本’'"]
        for starts in (every, every[:4], every[1:], []):
            answers.append(index.match_at(text, starts))
            assert answers[-1] is _match_at_before(index, text, starts)
    assert True in answers and False in answers


_LINKED_LINES = [
    '<p>Read <a href="https://a.example/1">the story</a> at the source.</p>',
    '<p>  Lead space, <a href="/x">one</a>, <a href="/y">two</a> and <a href="/z">three</a></p>',
    '<p>Ends with a link <a href="https://b.example/2">here</a></p>',
    '<p>Empty link at the end <a href="https://c.example/3"></a></p>',
    '<p>Text\n\t<a href="/w">spaced   words</a>\n more <b>bold</b>text <a href="/v">v</a>.</p>',
    '<p>word<em>glued</em> <a href="/u">after a tail</a>x<a href="/t">t</a></p>',
    '<p><a href="/s">first</a> then text, <a href="/r">second</a></p>',
    '<li>Item <a href="/q">q</a> <span>and</span> <a href="/p">p</a> end</li>',
]


@pytest.mark.parametrize("markup", _LINKED_LINES)
def test_one_block_line_with_links_among_its_text(markup: str) -> None:
    """A line that is one block whose items are links (none glued) gets the text and link offsets
    the line builder gives it."""
    from crawler.extraction import lines as lines_module
    from crawler.extraction.blocks import ANCHOR, walk_blocks

    tree = parse_html(f"<html><body>{markup}</body></html>")
    root = tree.find("body")
    assert root is not None
    page = walk_blocks(root)
    fast = lines_module.lines_from_blocks(page)
    for block in page.blocks:
        assert all(kind == ANCHOR for _i, _e, kind, _l in block.inserts or ())
    builder = lines_module._Builder()
    expected = []
    for block in page.blocks:  # each block a line of its own here
        lines_module._feed_block(builder, block)
        builder.new_line()
    expected = builder.finish()
    assert [(ln.text, ln.block, [(a.offset, a.element) for a in ln.anchors]) for ln in fast] == [
        (ln.text, ln.block, [(a.offset, a.element) for a in ln.anchors]) for ln in expected
    ]
    assert any(ln.anchors for ln in fast)


@pytest.mark.parametrize(
    "text",
    [
        "Some Headline Here | Analysis", "Some Headline Here | Analysis.", "A long sentence of running text ends.",
        "Two words | Video", "One two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty twentyone twentytwo twentythree twentyfour | News",
        "Short story headline [VIDEO]", "  Headline of the day • Opinion |  ", "Headline without label at all",
        "", ".", "Word | live.", "The weather today | Watch", "Headline ending in a stop [VIDEO].",
    ],
)
def test_section_teaser_stop_read_first(text: str) -> None:
    """The final stop is read before the words are counted: the same answer."""
    from crawler.extraction.boilerplate import _BRACKET_LABEL, _SECTION_SUFFIX, is_section_teaser

    stripped = text.strip().rstrip("|").strip()
    words = stripped.split()
    before = not (not 3 <= len(words) <= 25 or stripped.endswith(".")) and bool(
        _SECTION_SUFFIX.search(stripped) or _BRACKET_LABEL.search(stripped)
    )
    assert is_section_teaser(text) is before
