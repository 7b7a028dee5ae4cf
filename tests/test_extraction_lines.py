"""The claims detector's inputs built from the body pass's walk, against the slow paths they
replace: visual lines (``lines.lines_from_blocks`` vs ``lines.visual_lines``) and the phrase filter
(``phrase_index`` vs the union regex); and the excerpt lists the body pass leaves out."""

from __future__ import annotations

import re

import pytest

from crawler.extraction import extract_article, phrase_index
from crawler.extraction.blocks import walk_blocks
from crawler.extraction.claim_phrases import any_phrase, claim_phrases, fragments, languages
from crawler.extraction.lines import VisualLine, lines_from_blocks, visual_lines
from crawler.extraction.parsing import parse_html, strip_never_text
from crawler.extraction.phrase_index import SPACE, claim_index, first_chars

PAGES = {
    "microdata inline and block": """<body><div class="post"><h1 itemprop="headline">A headline here</h1>
        <div class="meta">By <span itemprop="author">Ann Lee</span> on
        <time itemprop="datePublished">1 May 2024</time> <a href="/c#1">Link</a></div>
        <p>First paragraph of the post, long enough. <a itemprop="url" href="https://x.org/a">x.org</a> end</p>
        </div></body>""",
    "glued label and link": """<body><article><p>Text of the article body that goes on.</p>
        <p><span>SOURCE</span><a href="https://news.example/story/1">News Example</a></p>
        <p><strong>Source:</strong>\n  <a href="https://other.example/a/b">Other</a>.</p></article></body>""",
    "image links before blocks": """<body><nav><a href="/"><img src="l.png"></a>
        <ul><li><a href="/x"><div id="i"></div>World</a></li><li><a href="/y">Sport</a></li></ul></nav>
        <a href="/"><img src="l.png"></a><h3>About the blog</h3><p>We write <b>about</b> things.</p></body>""",
    "breaks and furniture marks": """<body><div>Line one<br>Line two <span class="share-tools">Share</span>
        tail <a href="https://a.example/x">link</a><br/><br/>Line four</div>
        <div class="related">Related <a href="/r">post</a></div><p>Via <a href="https://v.example/p/2">V</a></p></body>""",
    "meta values between lines": """<body><div><span itemprop="image">u.jpg</span> <span itemprop="width">540</span>
        <span itemprop="height">960</span></div><div>Next <em>line</em> of text</div>
        <div hidden>Hidden words <a href="https://h.example/1">here</a></div><p>End.</p></body>""",
    # one block holding many links (a footer link farm): each link's offset in the line, with
    # white space of every kind between, inside and around the links, and words split by a link
    "many links in one block": "<body><div class='footer-links'>  Topics:"
    + "".join(f"<a href='/t/{i}'>{' ' if i % 4 == 0 else ''}topic {i}{chr(10) if i % 3 else ''}</a>"
              + ("x" if i % 7 == 6 else " " * (1 + i % 3) if i % 5 else ",  ") for i in range(40))
    + "\tpart<a href='/w'>ly</a> linked\u00a0word <b>and</b>  more <a href='/end'>end</a> </div></body>",
}


def _key(lines: list[VisualLine]) -> list[tuple[str, object, list[tuple[int, str, str]]]]:
    return [(line.text, line.block, [(a.offset, a.href, a.text) for a in line.anchors]) for line in lines]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_lines_from_the_walk_are_the_visual_lines(name: str) -> None:
    tree = parse_html(PAGES[name])
    strip_never_text(tree)
    root = tree.find("body")
    assert root is not None
    expected = _key(visual_lines(root))
    assert expected  # the page has lines
    assert _key(lines_from_blocks(walk_blocks(root))) == expected


_WORD_START = re.compile(r"(?<![^\W_])[^\W_]")
SAMPLES = [
    "Source: Reuters", "Fuente: El País", "Quelle:\u00a0dpa", "来源：新华社", "출처: 연합뉴스", "مصدر: الجزيرة",
    "This article originally appeared on ZDNet.", "The post Foo appeared first on Bar.", "H/T to a reader",
    "Continue reading at The Site", "Read the entire article here", "sources say the deal is off",
    "Share via Email", "Photo: AFP", "Originally Posted by user1", "Plain words of running text, nothing else.",
    "Источник: ТАСС", "Źródło: PAP", "Kaynak: AA", "出典：NHK", "Sumber: Antara", "Bron: NOS", "Fonte: Ansa",
    "Bu haber ilk olarak Hürriyet'te yayımlandı", "'dan alıntıdır", "x" * 50,
    "İlk olarak Hürriyet'te yayımlandı", "Reuters'dan alıntılanmıştır", "AP VIA REUTERS", "(via AP)",
    "Oryginalnie opublikowano w Polityce", "see the ORIGINAL story", "sourced from wires",
    "Go to\u00a0the source", "GO\tTO THE ORIGINAL", "go  to the original", "O artigo foi publicado em Folha",
    "of the original", "Este\u2003artigo foi publicado originalmente em Folha",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_phrase_index_says_what_the_union_regex_says(text: str) -> None:
    union, index = any_phrase(), claim_index()
    assert index.search(text) == (union.search(text) is not None)
    starts = [m.start() for m in _WORD_START.finditer(text[:120])][:4]
    assert index.match_at(text, starts) == any(union.match(text, p) for p in starts)


def test_phrase_index_says_what_the_union_regex_says_on_every_phrase() -> None:
    """Every phrase of every language, in four casings, at a line's start, after other words
    and glued to punctuation: the sieve over word starts never hides a match."""
    union, index = any_phrase(), claim_index()
    lines = []
    for phrase in sorted(claim_phrases()):
        for variant in (phrase, phrase.upper(), phrase.title(), phrase.capitalize()):
            lines += [f"{variant}: News Agency", f"Read more. {variant} the Site", f"({variant}) x", f"x{variant}"]
    differ = [line for line in lines if index.search(line) != (union.search(line) is not None)]
    assert not differ
    assert sum(index.search(line) for line in lines) > len(lines) // 2


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("via", {"via", "vıa"}),  # the engine matches a dotless i to i ignoring case
        (r"(?:lee|leer)\s+en", {"lee"}),
        (r"go\s+to", {"go" + SPACE}),  # white space stands for itself: "go to", not "got"
        # "o artigo" (or two spaces), not every word starting with "o"
        (r"o\s+artigo", {"o" + SPACE + "a", "o" + SPACE + SPACE}),
        (r"go.to", {"go"}),  # any character may follow: the prefix ends before it
        (r"[uú]ber", {"ube", "úbe"}),
        (r"(?:'|’)?(?:d|t)an", {"'da", "’da", "'ta", "’ta", "dan", "tan"}),
        (r"sources?", {"sou", "ſou"}),
        (r"a(?:b)?", {"a", "ab"}),  # a match may be shorter than the prefix
        (r"s", {"s", "ſ"}),  # and a long s to s
        (r"\w+ source", None),
    ],
)
def test_phrase_prefixes(fragment: str, expected: set[str] | None) -> None:
    assert phrase_index.prefixes(fragment) == expected


def test_without_the_regex_internals_every_phrase_is_tried_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Python whose ``re._parser`` moved: no first characters are known, the answers stay."""
    monkeypatch.setattr(phrase_index, "sre_parse", None)
    assert first_chars("fuente") is None
    union = any_phrase()
    index = phrase_index.PhraseIndex(*fragments(claim_phrases()))
    assert not index.worded_re and not index.bare_re and index.other is not None
    for text in SAMPLES:
        starts = [m.start() for m in _WORD_START.finditer(text[:120])][:4]
        assert index.search(text) == (union.search(text) is not None)
        assert index.match_at(text, starts) == any(union.match(text, p) for p in starts)


def test_phrase_index_finds_the_labels_and_knows_first_characters() -> None:
    assert claim_index().search("Fuente: El País") and not claim_index().search("Plain words of running text.")
    assert first_chars(r"(?:lee|leer)\s+en") == {"l"}
    assert first_chars(r"[uú]ber") == {"u", "ú"}
    assert first_chars(r"\w+ source") is None
    assert len(languages()) >= 15


_CARD = """<article class="postbox post-{n}"><img src="i{n}.jpg"><div><a href="https://wa.example/s?{n}">Whatsapp</a>
    <a href="https://fb.example/s?{n}">Facebook</a></div><p>{text}</p></article>"""
_EXCERPT = ("Another post of the same blog, shown here as a teaser of some sixty words or so that goes on "
            "about how life asks us for courage and hope, how to keep going after a fall and how the good "
            "is waiting for those who look for it with care and patience, day after day, in all weather ")


def test_a_short_post_above_a_longer_list_of_cut_excerpts_is_the_body() -> None:
    article = ("A short post of one paragraph, the article itself, with a few sentences of its own. Living a "
               "true experience of love is one of the great pleasures of life. Liking is feeling with the soul, "
               "but showing it depends on the ideas of each one. We tie love to our needs and end it. We spend "
               "a life making others answer for our needs while we leave ourselves behind. We want to be loved "
               "and do not love ourselves; we want to be understood and do not understand ourselves. Each one "
               "answers for his own needs. Only those who love themselves find real love.")
    cards = "".join(_CARD.format(n=n, text=_EXCERPT + ("…" if n % 2 else "and more.")) for n in range(6))
    html = f"""<html><body><div id="primary"><article class="articlebox"><h1>The post</h1>
        <p>{article}</p><p><a href="/c/a">Category A</a>, <a href="/c/b">Category B</a></p></article>
        <h3>You may like...</h3><article class="postbox">{cards}</article></div></body></html>"""
    body = extract_article(html, "https://blog.example/the-post", min_words=0)["articleBody"]
    assert article in body
    assert "teaser of some sixty words" not in body
