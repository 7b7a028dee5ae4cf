"""The text as it is read: MathML annotations left out (``parsing.NEVER_TEXT``), the page's
text composed at the parse when it holds combining marks (``parsing.compose_text``), media
fallback emptied and ruby readings removed before anything reads the page
(``parsing.read_as_shown``), and the record's text in Unicode's composed form
(``article.composed``)."""

from __future__ import annotations

import unicodedata

import pytest

from crawler.extraction.article import composed, extract_article
from crawler.extraction.parsing import parse_html, read_as_shown
from tests.helpers import FERRY_STORY

#: A story for learners of Japanese, marked up as such sites write it: a reading over every
#: kanji, in ``<rt>``, some with ``<rp>`` parentheses for browsers without ruby, one in ``<rtc>``.
RUBY_STORY = (
    "<html lang='ja'><head><meta charset='utf-8'><title>子どもへの体罰を禁止する法律ができる</title></head><body>"
    "<header><a href='/'>やさしいニュース</a></header><main><article>"
    "<h1><ruby>子<rt>こ</rt></ruby>どもへの<ruby>体罰<rt>たいばつ</rt></ruby>を<ruby>禁止<rt>きんし</rt></ruby>する"
    "<ruby>法律<rt>ほうりつ</rt></ruby>ができる</h1>"
    "<p><ruby>子<rt>こ</rt></ruby>どもへの<ruby>虐待<rt>ぎゃくたい</rt></ruby>をなくすための"
    "<ruby>法律<rp>(</rp><rt>ほうりつ</rt><rp>)</rp></ruby>ができて、<ruby>親<rt>おや</rt></ruby>が"
    "<ruby>子<rt>こ</rt></ruby>どもを<ruby>教育<rt>きょういく</rt></ruby>するために、たたいたり"
    "<ruby>蹴<rt>け</rt></ruby>ったりする<ruby>体罰<rt>たいばつ</rt></ruby>を"
    "<ruby>禁止<rt>きんし</rt></ruby>することになりました。</p>"
    "<p><ruby>最近<rt>さいきん</rt></ruby>、<ruby>親<rt>おや</rt></ruby>に<ruby>虐待<rt>ぎゃくたい</rt></ruby>"
    "された<ruby>子<rt>こ</rt></ruby>どもを<ruby><rb>児童</rb><rb>相談所</rb><rtc><rt>じどう</rt>"
    "<rt>そうだんじょ</rt></rtc></ruby>が<ruby>守<rt>まも</rt></ruby>ることができなくて、"
    "<ruby>子<rt>こ</rt></ruby>どもが<ruby>亡<rt>な</rt></ruby>くなる<ruby>事件<rt>じけん</rt></ruby>が"
    "<ruby>続<rt>つづ</rt></ruby>いています。</p>"
    "<p>このため、<ruby>法律<rt>ほうりつ</rt></ruby>では<ruby>児童相談所<rt>じどうそうだんじょ</rt></ruby>の"
    "<ruby>力<rt>ちから</rt></ruby>を<ruby>強<rt>つよ</rt></ruby>くしました。<ruby>医者<rt>いしゃ</rt></ruby>や"
    "<ruby>保健師<rt>ほけんし</rt></ruby>が<ruby>意見<rt>いけん</rt></ruby>を<ruby>言<rt>い</rt></ruby>ったり"
    "<ruby>相談<rt>そうだん</rt></ruby>を<ruby>聞<rt>き</rt></ruby>いたりするようにしました。</p>"
    "</article></main><footer><p>このページは受信料で制作しています。</p></footer></body></html>"
)


def test_ruby_readings_are_not_text() -> None:
    record = extract_article(RUBY_STORY, "https://news.example.jp/easy/k100.html", listed=True)
    body = record["articleBody"]
    assert body.startswith("子どもへの虐待をなくすための法律ができて、親が子どもを教育するために、")
    assert "児童相談所が守ることができなくて" in body
    assert "医者や保健師が意見を言ったり相談を聞いたりするようにしました。" in body
    for reading in ("こども", "ほうりつ", "ぎゃくたい", "じどう", "(", ")"):
        assert reading not in body
    assert record["headline"] == "子どもへの体罰を禁止する法律ができる"


def test_ruby_readings_left_out_of_body_html() -> None:
    record = extract_article(RUBY_STORY, "https://news.example.jp/easy/k100.html", listed=True)
    assert "たいばつ" not in record["articleBodyHtml"]
    assert "体罰を禁止することになりました。" in record["articleBodyHtml"]


#: A German story typed on a system that writes umlauts as a letter and a combining diaeresis
#: (U+0308), beside precomposed ones: its title, author and text.
GERMAN_STORY = (
    "<html lang='de'><head><meta charset='utf-8'>"
    "<meta property='og:title' content='Neue Fa\u0308hre fu\u0308r den Hafen'>"
    "<meta name='author' content='Jo\u0308rg Mu\u0308ller'>"
    "<meta property='og:type' content='article'></head><body><main><article>"
    "<h1>Neue Fa\u0308hre fu\u0308r den Hafen</h1>"
    "<p>Die Stadt hat am Samstag die neue Fa\u0308hre in Betrieb genommen, zwei Jahre nachdem die alte "
    "wegen Schäden am Rumpf aus dem Verkehr gezogen werden musste, und die Betreiber sind zufrieden.</p>"
    "<p>Die Fahrkarten kosten in diesem Jahr nicht mehr als im vergangenen, obwohl der Treibstoff teurer "
    "geworden ist, sagte ein Sprecher der Gesellschaft am Nachmittag vor den Journalisten.</p>"
    "<p>Fu\u0308r den Sommer erwarten die Betreiber mehr Gäste als je zuvor, denn die Verbindung zur Insel "
    "ist nun doppelt so schnell wie früher und fährt auch am späten Abend noch zurück.</p>"
    "</article></main></body></html>"
)


def test_record_text_is_composed() -> None:
    record = extract_article(GERMAN_STORY, "https://zeitung.example.de/2025/05/fahre.html")
    assert record["headline"] == "Neue Fähre für den Hafen"
    assert "Die Stadt hat am Samstag die neue Fähre in Betrieb genommen" in record["articleBody"]
    assert "Für den Sommer erwarten die Betreiber" in record["articleBody"]
    assert record["authors"][0]["name"] == "Jörg Müller"
    for name in ("headline", "articleBody", "articleBodyHtml", "description"):
        value = record[name]
        assert value is None or unicodedata.is_normalized("NFC", value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain ASCII text", "plain ASCII text"),
        ("Fa\u0308hre", "Fähre"),
        ("Fähre", "Fähre"),
        ("Ca\u0301diz y Me\u0301xico", "Cádiz y México"),
        # a Bengali letter with a nukta, precomposed: NFC writes it decomposed (a composition exclusion)
        ("\u09df", "\u09af\u09bc"),
        # Hangul written as jamo
        ("\u1112\u1161\u11ab", "한"),
        (["a\u0308", {"name": "o\u0308", "count": 3}, None], ["ä", {"name": "ö", "count": 3}, None]),
        ({"url": "https://example.com/a", "text": "Quelle: Bu\u0308ro"},
         {"url": "https://example.com/a", "text": "Quelle: Büro"}),
        # an address is its code points: a file named with a combining accent keeps it
        ({"url": "https://example.com/Cafe\u0301.jpg", "name": "Cafe\u0301"},
         {"url": "https://example.com/Cafe\u0301.jpg", "name": "Café"}),
        (7, 7),
        (None, None),
    ],
)
def test_composed(value: object, expected: object) -> None:
    assert composed(value) == expected


def test_composed_keeps_ascii_strings_themselves() -> None:
    text = "x" * 1000
    assert composed(text) is text


def test_page_text_composed_at_parse_addresses_and_scripts_left() -> None:
    address = "https://photos.example/Cafe\u0301.jpg"
    script = '{"@type": "NewsArticle", "image": "' + address + '"}'
    tree = parse_html(
        f"<html><head><script type='application/ld+json'>{script}</script></head><body>"
        f"<p title='Cafe\u0301'>Nguo\u0302\u0300n: <a href='{address}'>Cafe\u0301 du Port</a> la\u0308hde</p>"
        "</body></html>"
    )
    paragraph = tree.find(".//p")
    assert paragraph.text == "Nguồn: "
    assert paragraph.find("a").text == "Café du Port"
    assert paragraph.find("a").tail == " lähde"
    assert paragraph.find("a").get("href") == address
    assert paragraph.get("title") == "Cafe\u0301"
    assert tree.find(".//script").text == script



#: A formula as Wikipedia and MathJax write it: MathML, with its TeX source in an <annotation>.
FORMULA = ("<math display='inline'><semantics><mrow><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><mn>1</mn>"
           "</mrow><annotation encoding='application/x-tex'>{\\displaystyle x^{2}+1}</annotation>"
           "<annotation-xml encoding='MathML-Content'><apply><plus/><ci>x</ci></apply></annotation-xml>"
           "</semantics></math>")


def test_mathml_annotations_are_not_text() -> None:
    paragraphs = [
        f"The model adds one to the square of the input, {FORMULA}, before the second layer reads it, which "
        "keeps every value above one whatever the sign of the input was.",
        "The authors tried three other functions on the same data and found that none of them learned faster, "
        "although two of them were cheaper to compute on the small machines they used.",
        "They publish the code and the data with the paper, so that others can repeat the experiment on "
        "larger sets of images and with other kinds of networks than the one they tried.",
    ]
    page = ("<html><head><title>A simple activation</title></head><body><article><h1>A simple activation</h1>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    body = extract_article(page, "https://notes.example/2025/activation", listed=True)["articleBody"]
    assert "displaystyle" not in body
    assert "x^{2}" not in body
    assert "the square of the input, x2+1, before the second layer" in body


@pytest.mark.parametrize("media", [
    "<video controls><source src='/media/ferry.mp4' type='video/mp4'>Your browser does not support the video "
    "tag. <a href='/media/ferry.mp4'>Download the video</a> instead.</video>",
    "<AUDIO CONTROLS SRC='/media/ferry.mp3'>Dein Browser kann diese Audiodatei nicht abspielen.</AUDIO>",
])
def test_media_fallback_is_not_text(media: str) -> None:
    paragraphs = FERRY_STORY[:3]
    page = ("<html><head><title>Ferry terminal opens</title></head><body><article><h1>Ferry terminal opens</h1>"
            f"<p>{paragraphs[0]}</p>{media}<p>{paragraphs[1]}</p><p>{paragraphs[2]}</p></article></body></html>")
    record = extract_article(page, "https://coast.example/2025/05/ferry", listed=True)
    assert record["articleBody"] == "\n".join(paragraphs)


def test_unclosed_media_element_keeps_the_text_it_swallowed() -> None:
    paragraphs = FERRY_STORY[:3]
    # the parser closes an <audio> left open only with its parent: the story's paragraphs are inside it
    page = ("<html><head><title>Ferry terminal opens</title></head><body><article><h1>Ferry terminal opens</h1>"
            "<audio controls src='/media/ferry.mp3'>" + "".join(f"<p>{p}</p>" for p in paragraphs)
            + "</article></body></html>")
    record = extract_article(page, "https://coast.example/2025/05/ferry", listed=True)
    assert record["articleBody"] == "\n".join(paragraphs)


def test_an_rt_left_open_keeps_the_text_it_swallowed() -> None:
    story = ("その町では、新しい駅の工事が始まりました。工事は三年かかる予定で、町の人たちは駅の近くに"
             "新しい店ができることを楽しみにしています。市長は、駅が町をもっと便利にすると話しました。"
             "駅の前には大きな広場も作られ、週末には市場が開かれることになっています。")
    tree = parse_html(f"<html><body><div><ruby>駅<rt>えき</rt></ruby>の話<rt>はなし<p>{story}</p></div>"
                      "<p>終わり</p></body></html>")
    read_as_shown(tree)
    text = "".join(tree.find("body").itertext())
    assert "えき" not in text
    assert story in text
    assert text.endswith("終わり")
