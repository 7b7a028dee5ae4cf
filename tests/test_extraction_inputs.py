"""Extraction on hostile real-world inputs and the issue-12 contract: decoding that does not
give up on a stray byte, provenance hints, ISO 639-1 languages, whole datetimes, Zyte fields."""

from __future__ import annotations

import json

import pytest

from crawler.dates import normalize_date
from crawler.extraction import NotArticle, extract_article, language
from crawler.extraction.language import iso639_1

RU = "Правительство приняло новый бюджет на следующий год после долгого обсуждения в парламенте. "
EN = (
    "The harbour authority confirmed on Monday that the old ferry terminal will close in May, "
    "and passengers will board at the new pier on the east side of the bay from then on. "
)
UTF8 = {"Content-Type": "text/html; charset=utf-8"}


def page(text: str, head: str = "", lang: str = "") -> str:
    attr = f' lang="{lang}"' if lang else ""
    paragraphs = "".join(f"<p>{text * 2}({i})</p>" for i in range(4))
    return (f"<html{attr}><head><title>Title</title>{head}</head>"
            f"<body><article><h1>Title</h1>{paragraphs}</article></body></html>")


@pytest.mark.parametrize(
    ("name", "data", "headers"),
    [
        ("stray NUL in UTF-8", page(RU).replace("Правительство", "Прави\x00тельство", 1).encode(), UTF8),
        ("garbage XML encoding", ('<?xml version="1.0" encoding="$%no-such!"?>' + page(RU)).encode(), UTF8),
        ("cp1251 under a utf-8 header", page(RU).encode("cp1251"), UTF8),
        ("UTF-16LE without BOM", page(RU).encode("utf-16-le"), None),
        ("UTF-16BE without BOM", page(RU).encode("utf-16-be"), UTF8),
        # a byte order mark says how to read the page, whatever the header says (its NUL bytes
        # were dropped as strays, and the page was read as Han characters)
        ("UTF-16LE with BOM", page(RU).encode("utf-16"), UTF8),
        ("UTF-16BE with BOM", b"\xfe\xff" + page(RU).encode("utf-16-be"), None),
        ("UTF-32LE with BOM", page(RU).encode("utf-32"), UTF8),
        ("UTF-32BE with BOM", b"\x00\x00\xfe\xff" + page(RU).encode("utf-32-be"), None),
    ],
)
def test_odd_encodings_decode(name: str, data: bytes, headers: dict[str, str] | None) -> None:
    record = extract_article(data, "http://old.example/index.php?/site/article/4250/", headers)
    assert record["articleBody"].startswith("Правительство приняло"), name
    assert record["inLanguage"] == "ru"


CP1252_META = "<meta http-equiv='Content-Type' content='text/html; charset=windows-1252'>"
QUOTED = "The board’s chairman said the café — shut since May — would reopen. "


def legacy_page(first: str) -> str:
    """A page of ASCII prose but for its first sentence, as a legacy page with a few curly
    quotes is (too few bad bytes for the whole page to read as unreadable)."""
    paragraphs = "".join(f"<p>{EN * 2}({i})</p>" for i in range(4))
    return (f"<html><head><title>Title</title>{CP1252_META}</head>"
            f"<body><article><h1>Title</h1><p>{first}</p>{paragraphs}</article></body></html>")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        # a legacy page served as UTF-8: its own <meta> names the charset that reads it
        ("cp1252 quotes under a utf-8 header", legacy_page(QUOTED).encode("cp1252"), QUOTED),
        # a UTF-8 page with one stray byte stays UTF-8 whatever its <meta> says
        ("stray byte in UTF-8", legacy_page(QUOTED).encode() + b"\x92", QUOTED),
        # the page's own U+FFFD is no sign of a wrong charset
        ("U+FFFD written in the page", legacy_page("\ufffd " + QUOTED).encode(), "\ufffd " + QUOTED),
    ],
)
def test_legacy_charset_under_a_utf8_header(name: str, data: bytes, expected: str) -> None:
    record = extract_article(data, "http://old.example/news/2008/01/14/cafe.html", UTF8)
    assert record["articleBody"].startswith(expected.strip()), name


NAV = '<div class="nav"><a href="/">Home</a> | <a href="/news/">News</a> | <a href="/sport/">Sport</a></div>'
STORY = "".join(f"<p>{EN}({i})</p>" for i in range(4))


@pytest.mark.parametrize(
    ("name", "markup"),
    [
        # a header include that closes the document, the article after it
        ("after </html>", f"<html><head><title>Ferry</title></head><body>{NAV}</body></html>\n{STORY}"),
        ("after </body>", f"<html><head><title>Ferry</title></head><body>{NAV}</body><div>{STORY}</div></html>"),
        ("upper case, spaced", f"<HTML><HEAD><TITLE>Ferry</TITLE></HEAD><BODY>{NAV}</BODY ></HTML >{STORY}"),
        ("twice", f"<html><body>{NAV}</body></html><html><body>{STORY}</body></html>"),
        ("in order", f"<html><head><title>Ferry</title></head><body>{NAV}{STORY}</body></html>\n"),
    ],
)
def test_text_after_the_document_end_is_read(name: str, markup: str) -> None:
    """As a browser reads it: what follows ``</body>`` or ``</html>`` is in the body (libxml2
    alone drops it, or puts it beside the body)."""
    record = extract_article(markup, "http://old.example/news/2008/01/14/ferry.html", UTF8)
    assert record["articleBody"].startswith("The harbour authority confirmed"), name
    assert record["articleBody"].count("The harbour authority") == 4, name


@pytest.mark.parametrize(
    "tag", ['font face="Verdana" size="2"', "span", "b", "em", "div", 'div class="line"', "center"]
)
def test_deep_unclosed_markup_keeps_the_whole_article(tag: str) -> None:
    """A line of an old page in its own unclosed element nests every line one level deeper:
    300 lines are 300 levels, past libxml2's default limit of 256 (it drops the rest); and a
    block element continued in itself is one container, not its innermost level."""
    lines = "".join(f"<{tag}>{EN}({i})<br><br>\n" for i in range(300))
    markup = f"<html><head><title>Ferry</title></head><body><table><tr><td>{lines}</td></tr></table></body></html>"
    record = extract_article(markup, "http://old.example/news/2008/01/14/ferry.html", UTF8)
    assert record["articleBody"].count("The harbour authority") == 300
    assert record["articleBody"].rstrip().endswith("(299)")


@pytest.mark.parametrize("lines", [5, 20])
def test_unclosed_blocks_are_one_container(lines: int) -> None:
    """Lines each in an unclosed ``<div>``, beside a navigation block: all of them, as a browser
    shows them one after another (the walk down the page stays at the first of them)."""
    text = "".join(f'<div class="txt">{EN}({i})<br>\n' for i in range(lines))
    markup = (f"<html><head><title>Ferry</title></head><body>{NAV}<div id=main><h1>Ferry</h1>{text}</div>"
              "</body></html>")
    record = extract_article(markup, "http://old.example/news/2008/01/14/ferry.html", UTF8)
    assert record["articleBody"].count("The harbour authority") == lines


def test_many_nul_bytes_are_binary() -> None:
    with pytest.raises(NotArticle) as info:
        extract_article(b"<html>" + b"\x00\x01\x02\x00" * 5000, "http://x.example/f")
    assert info.value.reason == "binary"


def test_deeply_nested_jsonld_keeps_the_article() -> None:
    nested = "[" * 100_000 + "]" * 100_000
    head = f'<script type="application/ld+json">{{"@type": "NewsArticle", "x": {nested}}}</script>'
    record = extract_article(page(EN, head), "https://news.example/2024/05/01/ferry")
    assert record["articleBody"].startswith("The harbour authority")


def test_hints_accept_a_short_listed_page_but_not_an_empty_one() -> None:
    short = "<html><body><p>Ferry terminal closes in May, the harbour authority says.</p></body></html>"
    with pytest.raises(NotArticle):
        extract_article(short, "https://news.example/a/1")
    assert extract_article(short, "https://news.example/a/1", listed=True)["articleBody"]
    assert extract_article(short, "https://news.example/a/1", pattern_match=True)["articleBody"]
    with pytest.raises(NotArticle) as info:
        extract_article("<html><body><nav><a href='/'>Home</a></nav></body></html>", "https://n.example/a", listed=True)
    assert info.value.reason == "not_article"


def test_product_page_without_hint_is_refused() -> None:
    ld = json.dumps({"@context": "https://schema.org", "@type": "Product", "name": "Kettle",
                     "offers": {"@type": "Offer", "price": "19.99"}})
    html = page(EN, f'<script type="application/ld+json">{ld}</script><meta property="og:type" content="product">')
    with pytest.raises(NotArticle):
        extract_article(html, "https://shop.example/kettle")
    assert extract_article(html, "https://shop.example/kettle", listed=True)["articleBody"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-05T09:30:00", "2024-03-05T09:30:00"),
        ("2024-03-05 09:30", "2024-03-05T09:30:00"),
        ("2024-03-05T09:30:00Z", "2024-03-05T09:30:00+00:00"),
        ("Tue, 05 Mar 2024 09:30:00 +0100", "2024-03-05T09:30:00+01:00"),
        ("March 5, 2024", "2024-03-05"),
        ("1709631000", "2024-03-05T09:30:00+00:00"),
    ],
)
def test_datetimes_kept_whole_zone_only_when_given(raw: str, expected: str) -> None:
    assert normalize_date(raw) == expected


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("en-US", "en"), ("EN_gb", "en"), ("pt-BR", "pt"), ("eng", "en"), ("iw", "he"), ("x", None),
        # individual languages of a macrolanguage, as the detector's model answers them
        ("wuu", "zh"), ("yue", "zh"), ("cmn-Hans", "zh"), ("arz", "ar"), ("ary", "ar"), ("uzs", "uz"),
        ("sdh", "ku"), ("ltg", "lv"), ("gug", "gn"), ("fuv", "ff"),
        # languages with no ISO 639-1 code, and "no linguistic content"
        ("kab", None), ("vec", None), ("pcm", None), ("zxx", None),
    ],
)
def test_language_tags_to_iso639_1(tag: str, code: str | None) -> None:
    assert iso639_1(tag) == code


def test_the_detector_answers_no_language_with_an_iso639_1_code_that_comes_out_none() -> None:
    """The model's classes are ISO 639-1 codes and some ISO 639-3 ones. The ones left without a
    code are the languages ISO 639-1 has none for (Acehnese, Kabyle, Venetian, Nigerian Pidgin,
    Ancient Greek...) and "no linguistic content"; Wu Chinese or Egyptian Arabic are among the
    others (Chinese text of Baidu Baike was read as Wu and its record left without a language)."""
    from crawler.extraction.language import _model

    classes = {str(code) for code in _model().nb_classes}
    assert {code for code in classes if iso639_1(code) is None} == {
        "ace", "bcl", "crh", "ext", "gcf", "gcr", "gom", "grc", "guw", "hbo", "kab", "lij", "nso", "pcm", "vec", "zxx",
    }


def test_language_detected_when_undeclared_and_template_default_overruled() -> None:
    spanish = ("El ayuntamiento aprobó el lunes el nuevo presupuesto de transporte después de un largo debate "
               "sobre las líneas de autobús, los carriles bici y el futuro de la antigua estación. ")
    assert extract_article(page(spanish), "https://es.example/a")["inLanguage"] == "es"
    assert extract_article(page(spanish, lang="en-US"), "https://es.example/a")["inLanguage"] == "es"
    assert extract_article(page(EN, lang="en-GB"), "https://uk.example/a")["inLanguage"] == "en"


GERMAN = ("Der Stadtrat hat am Montag nach einer langen Debatte den neuen Haushalt beschlossen, der vor allem "
          "die Reparatur der alten Brücke und neue Busse für die Vororte vorsieht. ") * 3


@pytest.mark.parametrize(("sample", "english"), [
    (EN * 2, True),
    ("Officials said the plan, which was announced after months of talks with the unions, would cut waiting "
     "times at the border by half and that the first changes were expected to take effect from March.", True),
    ("“We have to be honest with ourselves,” she said at the meeting, adding that the results of the survey "
     "were a warning and that the city’s plans for the new stadium had to change.", True),  # curly quotes
    (GERMAN, False),
    ("El ayuntamiento aprobó el lunes el nuevo presupuesto de transporte después de un largo debate sobre las "
     "líneas de autobús, los carriles bici y el futuro de la antigua estación.", False),
    ("De gemeenteraad heeft op maandag de nieuwe begroting goedgekeurd na een lang debat over de kosten van de "
     "reparatie van de oude brug, die volgens ingenieurs is versleten.", False),  # Dutch: "is", "de", "van"
    ("Home | News | Sport | Weather | Contact us | Subscribe | Log in | Privacy policy | Cookie settings", False),
    ("The mayor said that the plan was ready.", False),  # too few words to be sure
    ("Werner Schmidt, Jean Dupont, Maria Rossi, Juan García, Anna Kowalska, Jan de Vries, Olga Ivanova, "
     "Pedro Santos, Ingrid Larsen, Mehmet Yılmaz, Eleni Papadopoulou, Hans Müller.", False),
    ("Сегодня the городской совет of утвердил and новый бюджет to после that долгих with дебатов was о "
     "ремонте from старого моста have и has новых said автобусах which для were пригородов.", False),
])
def test_plainly_english(sample: str, english: bool) -> None:
    assert language.plainly_english(sample[: language.CONFIRM_CHARS]) is english


#: A line of headings before English prose: too few function words in the first CONFIRM_CHARS
#: characters, plenty in the first SAMPLE_CHARS.
HEADED = ("Council Budget Vote: Bridge Repairs, Bus Lanes, Cycle Paths, Parking Fees, Road Tolls, Park Rangers, "
          "Street Lights\n")
#: German without any of German's own function words ("der", "die", "und" are Low Saxon's or
#: Afrikaans' too): only the model can tell.
GERMAN_TERSE = ("Der Stadtrat hat am Montag den neuen Haushalt beschlossen, und die Reparatur der alten Brücke "
                "beginnt im Mai, wie der Bürgermeister am Abend in der Halle des Rathauses mitteilte. ") * 3
SPANISH = ("El ayuntamiento aprobó el lunes el nuevo presupuesto de transporte, que también incluye las líneas "
           "de autobús donde la ciudad tiene más viajeros, después de un debate muy largo. ") * 2
FRENCH = ("Le conseil municipal a adopté lundi le nouveau budget des transports, avec une hausse des crédits "
          "pour les lignes de bus dans les quartiers où la demande était la plus forte. ") * 2
POLISH = ("Rada miasta przyjęła w poniedziałek nowy budżet na transport, który przewiduje także remont starego "
          "mostu oraz nowe autobusy dla przedmieść, jak poinformował burmistrz. ") * 2
DUTCH = ("De gemeenteraad heeft op maandag de nieuwe begroting goedgekeurd, die vooral de reparatie van de oude "
         "brug en nieuwe bussen voor de buitenwijken naar voren brengt, zei hij niet zonder trots. ") * 2


@pytest.mark.parametrize(("code", "sample", "plain"), [
    ("de", GERMAN, True),
    ("es", SPANISH, True),
    ("fr", FRENCH, True),
    ("pl", POLISH, True),
    ("nl", DUTCH, True),
    ("en", EN * 3, True),
    ("de", GERMAN_TERSE, False),  # German's function words, none of its own
    ("nl", GERMAN, False),  # another language's text holds none of the declared one's own words
    ("de", DUTCH, False),
    ("pt", SPANISH, False),  # close languages: Portuguese's own words are not Spanish's
    ("it", SPANISH, False),
    ("es", FRENCH, False),
    ("de", EN * 3, False),  # a template's lang="de" on an English page
    ("fr", EN * 3, False),
    ("en", GERMAN, False),
    ("de", GERMAN[:90], False),  # too few words to be sure
    ("de", "Haus, Auto, Straße, Brücke, Bus, Bahn, Rathaus, Markt, Kirche, Schule, Park, Hafen, Zoo, Museum, "
           "Theater, Kino, Bad, Turm, Platz, Tor, Wald, See, Berg, Tal.", False),  # nouns, no function words
    ("de", ("Stadtrat Haus Montag Auto neuen Brücke Haushalt Bus für Bahn Markt einer Kirche Schule Park Hafen "
            "Zoo Museum Theater Kino Bad Turm Platz"), False),  # own words, but too few function words
    ("xx", GERMAN, False),  # no list for the code: the model decides
    ("hr", "Gradsko vijeće u ponedjeljak je usvojilo novi proračun za promet, koji predviđa popravak starog "
           "mosta i nove autobuse za predgrađa, rekao je gradonačelnik.", False),  # no own words: close to sr, bs
])
def test_plainly_in_the_declared_language(code: str, sample: str, plain: bool) -> None:
    assert language.plainly(code, sample[: language.SAMPLE_CHARS]) is plain


def test_own_words_stand_in_no_other_language_s_function_words() -> None:
    """What makes :func:`language.plainly` safe: a text in one language holds another's own
    words only where it mixes the two."""
    table = language.function_words()
    assert {"de", "fr", "es", "pl", "ru", "ja"} - set(table) == {"ja"}  # Japanese: no jusText list
    for code, (common, own) in table.items():
        assert own <= common
        for other, (other_common, _) in table.items():
            if other != code:
                assert not own & other_common, (code, other)
    assert {"ist", "nicht", "für"} <= table["de"][1] and "der" not in table["de"][1]  # Low Saxon's too
    assert len(table["hr"][1]) == 0  # Croatian's commonest words are Serbian's or Bosnian's


def test_a_declared_language_is_confirmed_on_a_short_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text's first CONFIRM_CHARS characters confirm a declaration, or with nothing declared
    give the language when confident; the longer sample is read only otherwise."""
    read: list[int] = []
    detect = language.detect

    def counting(text: str, chars: int = language.SAMPLE_CHARS) -> tuple[str, float] | None:
        read.append(chars)
        return detect(text, chars)

    monkeypatch.setattr(language, "detect", counting)
    spanish = ("El ayuntamiento aprobó el lunes el nuevo presupuesto de transporte después de un largo debate "
               "sobre las líneas de autobús, los carriles bici y el futuro de la antigua estación. ") * 3
    names = ("Werner Schmidt, Jean Dupont, Maria Rossi, Juan García, Anna Kowalska, Jan de Vries, Olga Ivanova, "
             "Pedro Santos, Ingrid Larsen, Mehmet Yılmaz, Eleni Papadopoulou, Hans Müller. ") * 3
    first_look, longer = detect(names, language.CONFIRM_CHARS), detect(names)
    assert first_look is not None and longer is not None and first_look[1] < language.FIRST_LOOK_PROBABILITY
    guess = longer[0]
    cases: list[tuple[list[str | None], str, str, list[int]]] = [
        (["en-GB"], EN * 3, "en", []),  # plainly English: py3langid is not asked
        (["de"], GERMAN, "de", []),  # plainly German by its own function words: not asked
        ([], HEADED + EN * 3, "en", []),  # nothing declared, plainly English on the longer sample
        (["en"], HEADED + EN * 3, "en", []),
        (["es"], HEADED + EN * 3, "en", [language.CONFIRM_CHARS, language.SAMPLE_CHARS]),
        (["nl"], GERMAN, "de", [language.CONFIRM_CHARS, language.SAMPLE_CHARS]),  # German overrules
        (["es"], GERMAN_TERSE, "de", [language.CONFIRM_CHARS, language.SAMPLE_CHARS]),
        (["de"], GERMAN_TERSE, "de", [language.CONFIRM_CHARS]),  # none of its own words: the model
        (["fr"], EN * 3, "en", [language.CONFIRM_CHARS, language.SAMPLE_CHARS]),  # English overrules
        ([None, "en"], spanish, "es", [language.CONFIRM_CHARS, language.SAMPLE_CHARS]),  # the text overrules
        ([], spanish, "es", [language.CONFIRM_CHARS]),  # nothing declared, the first look confident
        ([], names, guess, [language.CONFIRM_CHARS, language.SAMPLE_CHARS]),  # not confident: read more
        ([], spanish[:190], "es", [language.CONFIRM_CHARS]),  # the whole text read at the first look
        (["es"], EN[:150], "es", []),  # too little text to overrule: not read
    ]
    for declared, text, code, samples in cases:
        read.clear()
        assert language.language(declared, text) == code
        assert read == samples


def test_packed_language_tables_give_py3langid_s_own_answers() -> None:
    """The walk's tables packed as arrays (``language.packed_tables``) change the speed only: every
    language's score is py3langid's own, on texts of several scripts, short and long."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    plain = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    if not isinstance(getattr(plain, "tk_output", None), list):
        pytest.skip("this py3langid keeps its walk's tables in another form: nothing is packed")
    packed = language._model()
    assert packed._rowbase.typecode == "i" and packed.tk_output.typecode == "i"
    texts = [EN, RU, EN * 5, RU[:25], "Ο δήμος ενέκρινε τον νέο προϋπολογισμό για τις συγκοινωνίες.",
             "市议会周一批准了新的交通预算，包括公交线路和自行车道。",
             "وافق المجلس البلدي يوم الاثنين على الميزانية الجديدة للنقل.",
             "Le conseil municipal a adopté lundi le nouveau budget des transports.", "x" * 40, "12:30 — 2024"]
    for text in texts:
        assert packed.rank(text) == plain.rank(text)


def test_zyte_fields() -> None:
    ld = json.dumps([
        {"@type": "NewsArticle", "headline": "Ferry terminal to close", "datePublished": "2024-05-01T08:00:00",
         "author": {"@type": "Person", "name": "Ana Ruiz", "url": "/staff/ana-ruiz"}},
        {"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 2, "name": "Local", "item": "https://news.example/local"},
            {"@type": "ListItem", "position": 1, "name": "Home", "item": {"@id": "https://news.example/"}},
        ]},
    ])
    html = page(EN, f'<script type="application/ld+json">{ld}</script>').replace(
        "<h1>Title</h1>", '<h1>Title</h1><img src="/img/pier.jpg" width="800">'
    )
    record = extract_article(html, "https://news.example/2024/05/01/ferry")
    assert record["datePublished"] == "2024-05-01T08:00:00"
    assert record["datePublishedRaw"] == "2024-05-01T08:00:00"
    assert record["authors"] == [{"name": "Ana Ruiz", "url": "https://news.example/staff/ana-ruiz",
                                  "nameRaw": "Ana Ruiz"}]
    assert record["breadcrumbs"] == [{"name": "Home", "url": "https://news.example/"},
                                     {"name": "Local", "url": "https://news.example/local"}]
    assert record["images"] == [{"url": "https://news.example/img/pier.jpg"}]
    assert record["articleBodyHtml"].startswith("<article><p>The harbour authority")
    assert "<script" not in record["articleBodyHtml"]


@pytest.mark.parametrize(
    ("url", "same_as"),
    [
        (None, ""),  # a page read from a file: no address known
        (b"", ""),
        (b"https://news.example/2024/05/01/ferry", "https://news.example/2024/05/01/ferry"),
        ("https://news.example/caf\xe9".encode("latin-1"), "https://news.example/caf\ufffd"),
    ],
)
def test_the_address_may_be_unknown_or_bytes(url: bytes | None, same_as: str) -> None:
    html = page(EN, '<link rel="canonical" href="/2024/05/01/ferry">').replace(
        "<h1>Title</h1>", '<h1>Title</h1><a href="/local">Local news</a>'
    )
    assert extract_article(html, url) == extract_article(html, same_as)
    assert extract_article(html, url)["articleBody"].startswith("The harbour authority")


def test_a_page_without_its_address_keeps_what_needs_none() -> None:
    ld = json.dumps({"@type": "NewsArticle", "headline": "Ferry terminal to close",
                     "datePublished": "2024-05-01T08:00:00", "url": "https://news.example/2024/05/01/ferry"})
    record = extract_article(page(EN, f'<script type="application/ld+json">{ld}</script>'))
    assert record["datePublished"] == "2024-05-01T08:00:00"
    assert record["inLanguage"] == "en"
    assert record["articleBody"].startswith("The harbour authority")


@pytest.mark.parametrize("url", [5, 1.5, ["https://news.example/"]])
def test_an_address_of_another_type_is_a_clear_error(url: object) -> None:
    with pytest.raises(TypeError, match="url must be a str, bytes or None"):
        extract_article(page(EN), url)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "head",
    [
        '<link rel="canonical" href="https://news.example/2024/05/01/ferry">',
        '<meta property="og:url" content="https://news.example/2024/05/01/ferry">',
        # a relative canonical says nothing without an address: og:url's absolute one stands
        '<link rel="canonical" href="/other"><meta property="og:url" content="https://news.example/2024/05/01/ferry">',
    ],
)
def test_an_unknown_address_is_the_one_the_page_states(head: str) -> None:
    html = page(EN, head).replace("<h1>Title</h1>", '<h1>Title</h1><img src="/img/pier.jpg" width="800">')
    stated = extract_article(html, "https://news.example/2024/05/01/ferry")
    record = extract_article(html)
    assert extract_article(html, "file:///srv/pages/ferry.html") == record  # a saved page's file
    assert extract_article(html, "about:blank") == record
    # the record's canonicalUrl is what the page states, resolvable or not
    assert record["canonicalUrl"] == "https://news.example/2024/05/01/ferry"
    assert {**record, "canonicalUrl": None} == {**stated, "canonicalUrl": None}
    assert record["datePublished"] == "2024-05-01"  # the date in the page's own address
    assert record["images"] == [{"url": "https://news.example/img/pier.jpg"}]


# A charset the bytes do not need: only a header that is read changes the text (to mojibake).
LATIN1 = "text/html; charset=windows-1252"


@pytest.mark.parametrize(
    "headers",
    [
        [("Content-Type", LATIN1)],
        (pair for pair in [("content-type", LATIN1)]),  # read once
        [(b"Content-Type", [LATIN1.encode()])],
    ],
)
def test_headers_as_pairs_are_read_as_a_mapping_is(headers: object) -> None:
    data = page(RU).encode("cp1251")
    as_mapping = extract_article(data, "https://news.example/a", {"Content-Type": LATIN1})
    assert extract_article(data, "https://news.example/a", headers) == as_mapping  # type: ignore[arg-type]
    assert as_mapping != extract_article(data, "https://news.example/a")


@pytest.mark.parametrize("headers", ["Content-Type: text/html", [1, 2], [("Content-Type",)], 5])
def test_headers_of_another_shape_are_a_clear_error(headers: object) -> None:
    with pytest.raises(TypeError, match="headers must be a mapping or"):
        extract_article(page(EN), "https://news.example/a", headers)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"min_words": None}, "min_words must be an int, not NoneType"),
        ({"min_words": "20"}, "min_words must be an int, not str"),
        ({"min_words": 2.5}, "min_words must be an int, not float"),
        ({"min_words": True}, "min_words must be an int, not bool"),
        ({"listed": "yes"}, "listed must be a bool, not str"),
        ({"pattern_match": 1}, "pattern_match must be a bool, not int"),
        ({"html": 5}, "html must be bytes or str, not int"),
        ({"html": ["<p>a</p>"]}, "html must be bytes or str, not list"),
    ],
)
def test_options_of_another_type_are_a_clear_error(options: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"html": page(EN), "url": "https://news.example/a", **options}
    with pytest.raises(TypeError, match=message):
        extract_article(**arguments)  # type: ignore[arg-type]
