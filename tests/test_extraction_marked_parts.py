"""An article cut in sections of one kind whose shared class holds a furniture word ("...--Ads":
a section that may hold an ad slot): each section is marked, none holds most of the text, and
together they are the text."""

from __future__ import annotations

import pytest

from crawler.extraction.article import extract_article
from crawler.extraction.errors import NotArticle

SECTIONS = [
    ("Der erste Eindruck",
     "Der Grill kommt gut verpackt und ist in wenigen Minuten aufgebaut. Das Gehäuse aus Edelstahl wirkt "
     "solide, die Schublade für das Grillgut gleitet ohne Haken, und der Regler rastet spürbar ein."),
    ("Das Grill-Ergebnis",
     "Von beiden Seiten wird das Steak etwa anderthalb Minuten gebrutzelt. Danach fahren wir es über die "
     "Höhenverstellung zum Ruhen nach unten und stellen den Regler auf halbe Leistung, bis der Kern 55 Grad hat."),
    ("Reinigung und Verbrauch",
     "Das Fett sammelt sich in einer Schale unter dem Brenner, die in die Spülmaschine darf. Eine Kartusche "
     "Gas reicht nach unserer Messung für etwa zwölf Steaks, wenn man den Grill nicht länger vorheizt als nötig."),
    ("Unser Fazit",
     "Für den Preis bekommt man einen Grill, der Steaks so scharf anbrät wie ein Restaurant. Wer selten grillt, "
     "findet mit einer schweren Pfanne aus Gusseisen aber eine günstigere Lösung für die eigene Küche."),
]
CLASS = "Report__Section Report__Section--Ads"


def _page(sections: str, extra: str = "") -> str:
    return ("<html><head><title>Hochtemperaturgrill im Test</title></head><body>"
            "<nav><a href='/'>Start</a> <a href='/tests'>Tests</a></nav><main><article>"
            f"<h1>Hochtemperaturgrill im Test</h1>{sections}</article>{extra}</main>"
            "<footer><p>Impressum und Datenschutz</p></footer></body></html>")


def _sections(cls: str) -> str:
    return "".join(f"<section class='{cls}'><h2>{title}</h2><p>{text}</p><p>{text}</p></section>"
                   for title, text in SECTIONS)


def _body(html: str) -> str:
    return extract_article(html, "https://tests.example/grill-im-test_1234.html", listed=True)["articleBody"]


def test_sections_of_one_kind_are_the_text() -> None:
    body = _body(_page(_sections(CLASS)))
    for _, text in SECTIONS:
        assert text in body


def test_without_the_rule_nothing_would_be_left() -> None:
    """The same sections with different classes each: no group, every one furniture."""
    sections = "".join(f"<section class='Report__Section--Ads x{i}'><h2>{title}</h2><p>{text}</p><p>{text}</p>"
                       "</section>" for i, (title, text) in enumerate(SECTIONS))
    with pytest.raises(NotArticle):
        _body(_page(sections))


def test_marked_siblings_beside_free_prose_stay_out() -> None:
    """Prose outside any mark: marked boxes of one kind beside it are furniture, however many."""
    article = "".join(f"<p>{text}</p>" for _, text in SECTIONS)
    comments = "".join(f"<div class='comment'><p>{text} Das sehe ich anders, schreibt Leser {i}.</p></div>"
                       for i, (_, text) in enumerate(SECTIONS * 2))
    body = _body(_page(article, f"<div>{comments}</div>"))
    assert SECTIONS[0][1] in body
    assert "schreibt Leser" not in body
