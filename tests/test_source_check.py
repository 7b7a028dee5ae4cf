"""Source check: the seed case, slug evidence, publishers, statuses (real SQLite store)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crawler.source_check import SourceCheckConfig, check, same_publisher, slug_evidence, slug_words, stem
from crawler.state import StateStore, open_store
from crawler.syndication import assign, evaluate

# the seed text as bundled with the sample web (a copy of ../shared/seeds/000_aa87f1e3245c7cf3.txt)
SEED = Path(__file__).resolve().parents[1] / "crawler/sampleweb/data/seed_000_aa87f1e3245c7cf3.txt"
JPOST = ("https://www.jpost.com/Arab-Israeli-Conflict/"
         "Palestinians-say-500-prisoners-in-Israeli-jails-to-start-hunger-strike-558836")
HAARETZ = "https://www.haaretz.com/israel-news/lieberman-meets-russian-counterpart-in-moscow-amid-syria-tensions-1.6123"


@pytest.fixture
def store(tmp_path: Path) -> StateStore:
    s = open_store(f"sqlite:///{tmp_path / 'state.sqlite3'}")
    yield s  # type: ignore[misc]
    s.close()


@pytest.fixture(scope="module")
def seed() -> dict[str, dict[str, Any]]:
    """The seed blog post and a Haaretz-like original built from it."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    end = next(i for i, line in enumerate(lines) if line.startswith("Article source:"))
    claimed = lines[end].split(":", 1)[1].strip()
    assert claimed == JPOST
    post = {
        "url": "https://israelnewsblog.example/2018/05/lieberman-meets-shoigu.html", "site": "blog",
        "siteKind": "aggregator", "headline": "Lieberman Meets Russian Counterpart in Moscow",
        "articleBody": "\n".join(lines[:end]), "datePublished": "2018-05-31T14:00:00Z",
        "claimedSource": {"url": claimed, "text": lines[end]},
    }
    original = {
        "url": HAARETZ, "site": "haaretz", "siteKind": "news",
        "headline": "Lieberman Meets Russian Counterpart in Moscow Amid Israel-Iran Tensions in Syria",
        "articleBody": "\n".join(lines[:end]), "datePublished": "2018-05-31T10:12:00+03:00",
        "claimedSource": None,
    }
    return {"post": post, "original": original}


def test_seed_post_alone_is_a_slug_mismatch(store: StateStore, seed: dict[str, dict[str, Any]]) -> None:
    post = seed["post"]
    syn = assign(store, post)
    assert syn["role"] == "unique"
    assert check(store, post, syn) == {"status": "mismatch", "reasons": ["slug_mismatch"], "originalUrl": None}


def test_seed_case_with_original_and_claimed_page(store: StateStore, seed: dict[str, dict[str, Any]]) -> None:
    post, original = seed["post"], seed["original"]
    assign(store, post)  # the copy first
    assign(store, original)
    syn = evaluate(store, post)
    assert syn["role"] == "copy" and syn["duplicateOf"] == HAARETZ
    result = check(store, post, syn)
    assert result == {"status": "mismatch", "reasons": ["slug_mismatch", "publisher_mismatch"],
                      "originalUrl": HAARETZ}
    jpost = {"url": JPOST, "site": "jpost", "siteKind": "news",
             "headline": "Palestinians say 500 prisoners in Israeli jails to start hunger strike",
             "articleBody": "Some 500 Palestinian prisoners held in Israeli jails will begin an open-ended hunger "
                            "strike on Monday to protest administrative detention, the Palestinian Prisoners Club "
                            "said. Detainees are held without charge or trial under the policy, which Israel says "
                            "security requires. Rights groups have long criticised the practice."}
    assign(store, jpost)
    result = check(store, post, evaluate(store, post))
    assert result == {"status": "mismatch",
                      "reasons": ["slug_mismatch", "content_mismatch", "publisher_mismatch"],
                      "originalUrl": HAARETZ}
    assert check(store, original, evaluate(store, original)) == {"status": "none", "reasons": [],
                                                                 "originalUrl": HAARETZ}


def test_correct_claim_is_a_match(store: StateStore, seed: dict[str, dict[str, Any]]) -> None:
    post = dict(seed["post"], claimedSource={"url": "http://haaretz.com/israel-news/"
                                                    "lieberman-meets-russian-counterpart-in-moscow-amid-syria-tensions-1.6123/",
                                             "text": "Source: Haaretz"})
    assign(store, seed["original"])
    syn = assign(store, post)
    assert check(store, post, syn) == {"status": "match", "reasons": [], "originalUrl": HAARETZ}


def test_claimed_page_containing_the_text_is_a_match(store: StateStore, seed: dict[str, dict[str, Any]]) -> None:
    other = {"url": "https://mirror.example/12345", "site": "mirror", "siteKind": "aggregator",
             "articleBody": seed["original"]["articleBody"]}
    post = dict(seed["post"], claimedSource={"url": "https://mirror.example/12345", "text": "via mirror"})
    assign(store, other)
    syn = assign(store, post)
    assert check(store, post, syn)["status"] == "match"


def test_unattributed_copy_and_unverified(store: StateStore, seed: dict[str, dict[str, Any]]) -> None:
    assign(store, seed["original"])
    copy = dict(seed["post"], url="https://other-blog.example/p/1", claimedSource=None)
    syn = assign(store, copy)
    assert check(store, copy, syn) == {"status": "missing", "reasons": ["unattributed_copy"], "originalUrl": HAARETZ}
    # A unique post claiming an uncrawled page whose slug gives no evidence.
    lone = {"url": "https://blog.example/x", "site": "blog", "siteKind": "aggregator",
            "articleBody": "Completely different words about gardening tomatoes in the spring season and more.",
            "claimedSource": {"url": "https://paper.example/news/558836", "text": "Source"}}
    assert check(store, lone, assign(store, lone)) == {"status": "unverified", "reasons": [], "originalUrl": None}
    agreeing = dict(lone, claimedSource={"url": "https://paper.example/gardening-tomatoes-spring-season",
                                         "text": "Source"})
    assert check(store, agreeing, assign(store, agreeing))["status"] == "unverified"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        (JPOST, ["palestinians", "prisoners", "israeli", "jails", "start", "hunger", "strike"]),
        ("https://x.example/2018/05/31/558836", []),  # numeric only
        ("https://x.example/a/3f9a8c7d2e1b4a6f", []),  # hash
        ("https://x.example/p/xk3j9q", []),  # non-word id
        ("https://x.example/news/article.php?id=12", []),
        ("https://x.example/world/russia-israel-talks.html", ["russia", "israel", "talks"]),
        ("https://x.example/2024/01/my_great_post_title/", ["great", "title"]),
        ("https://x.example/%D0%BC%D0%BE%D1%81%D0%BA%D0%B2%D0%B0-%D1%82%D0%B5%D0%BB%D1%8C", ["москва", "тель"]),
    ],
)
def test_slug_words(url: str, words: list[str]) -> None:
    assert slug_words(url) == words


SEED_LIKE_TEXT = ("Defense Minister Avigdor Lieberman met his Russian counterpart Sergei Shoigu in Moscow on Thursday "
                  "to discuss tensions between Israel and Iranian forces in Syria.")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (JPOST, True),
        ("https://x.example/israel-news/lieberman-meets-russian-counterpart-in-moscow-1.6123", False),
        ("https://x.example/israel/lieberman-shoigu-moscow-syria-iran", False),
        ("https://x.example/2018/05/31/558836", None),  # numeric: no evidence
        ("https://x.example/a/3f9a8c7d2e1b4a6f", None),  # hash: no evidence
        ("https://x.example/world/hunger-strike", None),  # too few words
        ("https://x.example/sports/football-league-results-weekend-derby", True),
        ("https://x.example/defence/ministers-meeting-discussed-tension", False),  # stemming
    ],
)
def test_slug_evidence(url: str, expected: bool | None) -> None:
    assert slug_evidence(url, SEED_LIKE_TEXT) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("prisoners", "prison"), ("jails", "jail"), ("meeting", "meet"), ("countries", "country"), ("is", "is")],
)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://www.haaretz.com/a", "https://haaretz.com/b", True),
        ("https://www.haaretz.co.il/a", "https://news.haaretz.co.il/b", True),
        ("https://www.haaretz.com/a", "https://www.jpost.com/b", False),
        ("http://127.0.0.1:8001/a", "http://127.0.0.1:8001/b", True),
        ("http://127.0.0.1:8001/a", "http://127.0.0.1:8002/a", False),
        ("http://localhost:8001/a", "http://localhost:8002/a", False),
        ("https://a.blogspot.com/x", "https://b.blogspot.com/x", False),  # private suffix: distinct owners
        ("http://example.com:80/a", "http://example.com/b", True),
    ],
)
def test_same_publisher(a: str, b: str, same: bool) -> None:
    assert same_publisher(a, b) is same


RUSSIAN_TEXT = ("В городе откроют новый парк на берегу реки. Городские власти объявили о строительстве нового "
                "парка на берегу реки, где сейчас находятся заброшенные склады и пустыри.")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # a Russian article's transliterated slug speaks of the text (issue 13: it was slug_mismatch)
        ("https://vecherniy-seversk.ru/news/gorod/v-gorode-otkroyut-novyy-park-na-beregu-reki-1254332", False),
        ("https://vecherniy-seversk.ru/news/%D0%BF%D0%B0%D1%80%D0%BA-%D0%BD%D0%B0-%D0%B1%D0%B5%D1%80%D0%B5%D0%B3"
         "%D1%83-%D1%80%D0%B5%D0%BA%D0%B8", False),  # the slug in Cyrillic
        ("https://ria.example/20240302/moskva-peregovory-izrail-iran-voennye-1930000.html", True),  # another story
        ("https://ria.example/20240302/1930000.html", None),  # a numeric id: no evidence, no verdict
    ],
)
def test_slug_evidence_in_another_script(url: str, expected: bool | None) -> None:
    assert slug_evidence(url, RUSSIAN_TEXT) is expected


@pytest.mark.parametrize(
    ("lang", "url", "text", "expected"),
    [
        # inflected forms only the language's stemmer joins (umlaut plurals, irregular plurals)
        ("de", "https://e.de/kultur/buecher-haeuser-staedte-neu-entdeckt",
         "Ein Buch über ein altes Haus in der Stadt wurde neu entdeckt.", False),
        ("fr", "https://e.fr/societe/chevaux-sauvages-travaux-autoroute",
         "Un cheval sauvage bloque le chantier: les travaux de l'autoroute sont suspendus.", False),
        ("es", "https://e.es/deportes/huelga-de-presos-palestinos-en-carceles-israelies",
         "El gobierno regional aprobó el presupuesto sanitario para el próximo año.", True),
        # function words of the slug's language are not its subject
        ("es", "https://e.es/los-para-con-una-por-del", "Otro texto sin relación alguna con nada.", None),
    ],
)
def test_slug_evidence_in_the_posts_language(lang: str, url: str, text: str, expected: bool | None) -> None:
    cfg = SourceCheckConfig.from_settings()
    assert slug_evidence(url, text, cfg, lang) is expected


def test_the_language_stemmer_decides_inflected_slugs() -> None:
    cfg = SourceCheckConfig.from_settings()
    url = "https://e.de/kultur/buecher-haeuser-staedte-neu-entdeckt"
    text = "Ein Buch über ein altes Haus in der Stadt wurde neu entdeckt."
    assert slug_evidence(url, text, cfg, None) is True  # without German stems: "not about it"
    assert slug_evidence(url, text, cfg, "de-DE") is False
