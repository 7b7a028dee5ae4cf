"""An element that is furniture by its tag and by its name (``<aside class="widget-sidebar">``,
``<footer class="page-footer">``) is never the main column beside the page's own prose, however
much text it holds: a party's programme in a blog's sidebar widget, a legal disclaimer under a
short resource page. Written after the markup of a WordPress blog and of a page builder's site."""

from __future__ import annotations

from crawler.extraction.article import extract_article

POST = [
    "Unter diesem Motto findet am Samstag um 13 Uhr eine Demonstration in der Innenstadt statt, zu der "
    "wir alle Mitglieder und Freunde herzlich einladen.",
    "Freiheit statt Angst bedeutet auch, sich gegen die Überwachung durch Behörden und Konzerne zu wehren "
    "und für ein Leben ohne Existenzangst einzutreten.",
    "Zur Eröffnung sprechen zwei Vertreterinnen der Initiative, danach zieht der Zug über den Marktplatz "
    "bis vor das Rathaus, wo die Abschlusskundgebung stattfindet.",
    "Alle weiteren Informationen zur Route und zu den Treffpunkten findet ihr auf der Seite des Bündnisses.",
]
PROGRAMME = [
    f"{i}. {text}" for i, text in enumerate([
        "Wir stehen für Selbstbestimmung und ein positives Menschenbild, für Teilhabe, Freiheit und "
        "Transparenz auf allen Ebenen der Verwaltung und der Politik.",
        "Wir wollen mehr direkte Demokratie: Bürgerbegehren und Bürgerentscheide sollen auf kommunaler und "
        "auf Landesebene einfacher werden und weniger Unterschriften brauchen.",
        "Wir fordern die Stärkung der kommunalen Selbstverwaltung, eine bessere finanzielle Ausstattung der "
        "Gemeinden und eine Überprüfung der letzten Kreisgebietsreform.",
        "Wir wollen schnelles Internet als Grundversorgung, gleichrangig mit Strom, Wasser und Straßen, auch "
        "in den Dörfern abseits der großen Städte.",
        "Wir fordern eine neue Medienpolitik für mehr Unabhängigkeit der Redaktionen und mehr Vielfalt im "
        "lokalen Journalismus.",
        "Wir fordern gebührenfreie Plätze in den Kitas und doppelt so viel Geld für Bildung in Kitas, "
        "Schulen und Hochschulen wie bisher.",
        "Wir wollen die Energieversorgung dezentralisieren und die Bürger an den Erträgen der Windparks "
        "und Solaranlagen in ihrer Gegend beteiligen.",
        "Wir wollen landwirtschaftliche Subventionen neu bewerten und an den Schutz von Boden, Wasser und "
        "Artenvielfalt binden statt an die Größe der Flächen.",
        "Wir fordern ein flächendeckendes Netz von Bussen und Bahnen, das auch auf dem Land im Stundentakt "
        "fährt und für Schüler und Auszubildende nichts kostet.",
        "Wir werden den Überwachungsstaat verhindern: keine Vorratsdatenspeicherung, keine Kameras an jeder "
        "Ecke und eine unabhängige Stelle für den Datenschutz.",
        "Wir fordern klare und einfache Informationen der Verwaltung für alle, in leichter Sprache und ohne "
        "Gebühren für Auskünfte nach dem Informationsfreiheitsgesetz.",
        "Wir wollen Geburtskliniken und Hausärzte auch in den kleinen Städten erhalten und die Pflege besser "
        "bezahlen, damit niemand weite Wege fahren muss.",
    ], start=1)
]
URL = "https://partei.example/blog/2013/09/12/freiheit-statt-angst/"


def blog_page(post: list[str], widget: str = "widget widget-sidebar widget_text", tag: str = "aside") -> str:
    """A WordPress blog post beside its sidebar, whose text widget holds the party's programme."""
    paragraphs = "".join(f"<p>{text}</p>" for text in post)
    programme = "".join(f"<div><strong>{text.split('.')[0]}.</strong> {text.split('. ', 1)[1]}</div>"
                        for text in PROGRAMME)
    return (
        "<html><head><title>Freiheit statt Angst</title></head><body><div id='page'>"
        "<header id='masthead'><a href='/'>Kreisverband</a></header><div id='main'>"
        "<div id='primary'><article class='post type-post'><h1 class='entry-title'>Freiheit statt Angst</h1>"
        f"<div class='entry-content'>{paragraphs}</div></article></div>"
        f"<section id='secondary'><{tag} class='{widget}'><h3>Unser Programm</h3>"
        f"<div class='textwidget'>{programme}</div></{tag}></section>"
        "</div></div></body></html>"
    )


def test_a_sidebar_widget_beside_the_post_is_not_the_text() -> None:
    body = extract_article(blog_page(POST), URL, listed=True)["articleBody"]
    assert all(text in body for text in POST)
    assert "Menschenbild" not in body and "Unser Programm" not in body


def test_a_sidebar_widget_is_the_text_when_the_page_has_no_prose_of_its_own() -> None:
    """Where every paragraph stands in marked elements, the one holding most of them is the
    main column, as before (a blog platform's ``widget Blog``)."""
    body = extract_article(blog_page([]), URL, listed=True)["articleBody"]
    assert PROGRAMME[1].split(". ", 1)[1] in body


def test_a_column_marked_by_its_tag_alone_may_hold_the_text() -> None:
    """An ``<aside>`` whose name says nothing of furniture is left to the other rules: a
    publishing system may set the story in one (``<aside class="column direct-content">``)."""
    body = extract_article(blog_page(POST, widget="column direct-content"), URL, listed=True)["articleBody"]
    assert PROGRAMME[1].split(". ", 1)[1] in body


INTRO = (
    "A good risk management program requires proper screening of prospective renters to ensure that only "
    "qualified drivers operate your vehicles. Sound practices at the rental counter are the first step in "
    "keeping your fleet safe and in good condition."
)
TOPICS = ["General procedures at the rental counter", "Steps for renting vehicles for hire",
          "Rental practices for international drivers", "Reporting losses", "Vehicles with hand controls"]
DISCLAIMER = [
    "This material is not intended to replace the advice of a qualified advisor. Information has been obtained "
    "from sources believed to be reliable, is for informational purposes only, and is not guaranteed as to "
    "accuracy.",
    "All rights reserved. No reproduction in whole or in part is permitted without the express written consent "
    "of the company. The company, its affiliates and employees are not responsible for the content of other "
    "web or social networking sites.",
    "Products and services referenced are for general information only. Insurance coverage is subject to the "
    "terms and conditions of the policy, and not every product is available in every state or to every "
    "customer.",
]


def test_a_page_footer_s_disclaimer_beside_a_short_page_is_not_the_text() -> None:
    topics = "".join(f"<li>{topic}</li>" for topic in TOPICS)
    legal = "".join(f"<p>{text}</p>" for text in DISCLAIMER)
    html = (
        "<html><head><title>Best practices: vehicle rentals</title></head><body>"
        "<header class='l-header'><a href='/'>Insurance</a></header><main><div class='vc_row'>"
        "<div class='wpb_wrapper'><h1>Best practices: vehicle rentals</h1>"
        f"<p>{INTRO}</p><p>Key topics discussed in the guide include:</p><ul>{topics}</ul></div></div></main>"
        f"<footer class='l-footer page-footer'><div class='disclaimer'>{legal}</div></footer></body></html>"
    )
    body = extract_article(html, "https://insurance.example/resources/vehicle-rentals/", listed=True)["articleBody"]
    assert INTRO in body and TOPICS[2] in body
    assert "qualified advisor" not in body
