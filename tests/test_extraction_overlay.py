"""A box the page shows over itself (a cookie notice's privacy overview, a sign-in dialog) is
never the main column, even when it holds more of the running text than a short post beside it
(``content.drop_furniture``, ``furniture.overlay``); one that holds the page's ``<h1>`` is (a
template whose unclosed pop-up swallows the page). Written after the markup of a WordPress
cookie plugin's modal under a short post quoting a call for entries."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article

CALL = [
    "Der Plakatwettbewerb für Kinder findet in diesem Jahr bereits zum sechsten Mal statt.",
    "Gestalte ein Plakat unter dem Motto: »Haltet unsere Gewässer sauber!«",
    "Sende Deine Botschaft bis zum 3. April an die Berliner und ihre Besucher.",
]
NOTICE = [
    "Diese Website verwendet Cookies, damit wir Dir die bestmögliche Benutzererfahrung bieten können. "
    "Cookie-Informationen werden in Deinem Browser gespeichert und führen Funktionen aus, wie das "
    "Wiedererkennen von Dir, wenn Du auf unsere Website zurückkehrst.",
    "Unbedingt notwendige Cookies sollten jederzeit aktiviert sein, damit wir Deine Einstellungen für die "
    "Cookie-Einstellungen speichern können und die Seite auch bei späteren Besuchen so aussieht wie heute.",
    "Wenn Du diesen Cookie deaktivierst, können wir die Einstellungen nicht speichern. Dies bedeutet, dass "
    "Du jedes Mal, wenn Du diese Website besuchst, die Cookies erneut aktivieren oder deaktivieren musst.",
    "Diese Website verwendet Google Analytics, um anonyme Informationen wie die Anzahl der Besucher der "
    "Website und die beliebtesten Seiten zu sammeln, damit wir die Website verbessern können.",
]
URL = "https://segler.example/haltet-unsere-gewaesser-sauber/"


def page(box: str, swallowed: bool = False) -> str:
    """The post and the notice in ``box``; ``swallowed``: the post, its headline too, inside it."""
    quote = "".join(f"<p>{line}</p>" for line in CALL)
    notice = "".join(f"<p>{line}</p>" for line in NOTICE)
    post = (f"<h1>Haltet unsere Gewässer sauber</h1>"
            f"<article class='section section-text'><blockquote>{quote}</blockquote></article>")
    return (
        "<html><head><title>Haltet unsere Gewässer sauber – SeglerBlog</title></head><body>"
        + (box.format(post + notice) if swallowed else post + box.format(notice))
        + "</body></html>"
    )


@pytest.mark.parametrize(
    "box",
    [
        "<div class='lity-hide' id='moove_gdpr_cookie_modal'><div class='moove-gdpr-modal-content'>{}</div></div>",
        "<div class='cc-window' role='dialog'>{}</div>",
        "<div class='modal fade' id='signup'>{}</div>",
        "<div class='ConsentBanner'>{}</div>",
    ],
)
def test_overlay_is_not_the_main_column(box: str) -> None:
    body = extract_article(page(box), URL, listed=True)["articleBody"]
    assert "Plakatwettbewerb" in body
    assert "Cookie" not in body


def test_overlay_holding_the_headline_is_the_main_column() -> None:
    box = "<aside class='Popup-Overlay'><div class='Popup-Outer'>{}</div></aside>"
    body = extract_article(page(box, swallowed=True), URL, listed=True)["articleBody"]
    assert "Plakatwettbewerb" in body
