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


def blog_page(post: list[str], widget: str = "widget widget-sidebar widget_text", tag: str = "aside",
              text_class: str = "entry-content") -> str:
    """A WordPress blog post beside its sidebar, whose text widget holds the party's programme."""
    paragraphs = "".join(f"<p>{text}</p>" for text in post)
    programme = "".join(f"<div><strong>{text.split('.')[0]}.</strong> {text.split('. ', 1)[1]}</div>"
                        for text in PROGRAMME)
    return (
        "<html><head><title>Freiheit statt Angst</title></head><body><div id='page'>"
        "<header id='masthead'><a href='/'>Kreisverband</a></header><div id='main'>"
        "<div id='primary'><article class='post type-post'><h1 class='entry-title'>Freiheit statt Angst</h1>"
        f"<div class='{text_class}'>{paragraphs}</div></article></div>"
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
    publishing system may set the story in one (``<aside class="column direct-content">``).
    (Here the post beside it declares no text: a declared ``entry-content`` under the page's
    headline would be the text, ``test_extraction_declared_text.py``.)"""
    page = blog_page(POST, widget="column direct-content", text_class="entry")
    body = extract_article(page, URL, listed=True)["articleBody"]
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


ESSAY = [
    "L’un des romanciers les plus lus du pays publie en traduction un livre sur un architecte qui, au soir de "
    "sa vie, revoit la ville qu’il a contribué à bâtir et les quartiers qu’il a fait raser.",
    "Le récit alterne entre ses souvenirs d’enfance dans un bidonville de la périphérie et la vie d’une jeune "
    "metteuse en scène qui loue aujourd’hui une chambre dans l’un des immeubles qu’il a dessinés.",
    "Sans jamais juger ses personnages, l’auteur montre ce que la croissance rapide a coûté à ceux qui "
    "vivaient là avant les tours, et ce qu’il reste d’amitié et d’entraide dans les ruelles épargnées.",
]
COMMENTS = [
    "Je ne suis pas d’accord avec la présentation de ce pays comme un modèle, la répression des syndicats y "
    "reste très dure et plusieurs partis ont été interdits ces dernières années.",
    "Vous confondez deux choses, le roman ne parle pas de politique mais de mémoire, et c’est justement ce "
    "qui le rend intéressant pour des lecteurs qui ne connaissent rien de cette histoire.",
    "Merci pour cette recension, j’ai lu le livre cet été et je l’ai trouvé bouleversant, surtout les pages "
    "sur la démolition du vieux marché et le départ des familles vers la banlieue.",
    "Le traducteur a fait un travail remarquable, les dialogues sonnent juste et l’on entend presque les voix "
    "des habitants du quartier dans chacune des scènes du marché.",
    "Il faudrait aussi parler des autres livres de cet auteur, en particulier celui sur la guerre, qui "
    "raconte la même époque du point de vue d’un soldat revenu au village.",
    "On peut regretter que la critique ne dise rien du contexte économique, sans lequel on ne comprend pas "
    "pourquoi ces quartiers ont été détruits en si peu d’années.",
    "Réponse au message précédent : le contexte est justement dans le roman, il suffit de le lire jusqu’au "
    "bout au lieu de s’arrêter aux premières pages et à la quatrième de couverture.",
    "Je recommande ce livre à tous ceux qui s’intéressent à l’urbanisme, il montre mieux que bien des essais "
    "ce que signifie raser une ville pour en construire une autre à sa place.",
]


def spip_post(thread_holds_h1: bool = False) -> str:
    """A SPIP blog's post under its headline, then its readers' comments, longer than the post,
    in the page's ``<div id="navigation">`` beside the blog's description."""
    essay = "".join(f"<p>{text}</p>" for text in ESSAY)
    comments = "".join(
        f"<li class='forum-fil'><div class='forum-message'><div class='forum-chapo'>Lecteur {n}</div>"
        f"<div class='crayon forum-texte-{226836 + n}'><p>{text}</p></div></div></li>"
        for n, text in enumerate(COMMENTS)
    )
    thread_head = "<h1>Turpitude et architecture</h1>" if thread_holds_h1 else "<h2>Sur le même sujet</h2>"
    post_head = "" if thread_holds_h1 else "<h1 class='titre'>Turpitude et architecture</h1>"
    return (
        "<html><head><title>Turpitude et architecture - Les blogs</title></head><body><div id='page'>"
        "<div id='conteneur'><div id='contenu'><div class='contenu-principal surlignable'>"
        f"{post_head}<div class='cartouche'>par Une Critique, 29 mars 2019</div>"
        f"<div class='crayon article-texte-1946 texte'>{essay}</div></div></div>"
        f"<div id='navigation'>{thread_head}<div class='divforum'><ul class='forum'>{comments}</ul></div>"
        "<div class='infoblog'><p>Les opinions exprimées dans les blogs n’engagent que leurs auteurs.</p></div>"
        "</div></div></div></body></html>"
    )


def test_a_comment_thread_longer_than_the_post_is_not_the_text() -> None:
    """The post stands under the page's headline, outside every marked element; the thread is in
    an element named as furniture, with no headline of its own: the post is the text."""
    body = extract_article(spip_post(), "https://blog.example/turpitude-et-architecture", listed=True)["articleBody"]
    assert all(text in body for text in ESSAY)
    assert not any(text in body for text in COMMENTS)


def test_an_element_named_as_furniture_that_holds_the_headline_is_the_text() -> None:
    """The same element holding the page's ``<h1>`` is the main column, as a newsletter's issue in
    its ``newsletter`` box is."""
    body = extract_article(spip_post(thread_holds_h1=True), "https://blog.example/turpitude-et-architecture",
                           listed=True)["articleBody"]
    assert COMMENTS[3] in body


MONEY = [
    "Wealth-building strategies matter a lot to people in their thirties, and for a good reason: they are in "
    "the prime of their working years and saving for the milestones ahead of them.",
    "They face challenges in growing their careers, their income and their investments while saving for a "
    "home of their own and for a family, often with student loans still to repay.",
    "A budget is the first step: write down what comes in and what goes out every month, and decide in "
    "advance how much of what is left goes to savings and how much to paying off debt.",
    "An emergency fund of three to six months of expenses keeps a lost job or a broken car from turning into "
    "debt on a credit card, which costs far more in interest than any savings account earns.",
    "Retirement may seem far away, but money put aside early has decades to grow, and an employer that "
    "matches contributions is giving away money that nobody should leave on the table.",
    "Finally, check your credit report once a year, pay every bill on time and keep the balances on your "
    "cards low: a good score makes every loan you will ever need cheaper.",
]


DISCLOSURE = ("Deposit products are offered by the bank, member of the deposit insurance fund. Investment products "
              "are not deposits, are not insured by any federal agency and may lose value, including the "
              "principal invested, and past performance is no guarantee of future results.")


def bank_page() -> str:
    """A bank's advice page: the story cut in sections of one class whose name holds a furniture
    word (``content-nav-section``: a section the page's jump menu links to), nested at two depths
    by the layout, the first holding the headline; a header menu and a footer's disclosure beside
    them, and no prose outside a marked element anywhere."""
    first, rest = "".join(f"<p>{t}</p>" for t in MONEY[:3]), "".join(f"<p>{t}</p>" for t in MONEY[3:])
    return (
        "<html><head><title>Money management for your thirties</title></head><body>"
        "<header class='l-header'><nav class='nav-primary'><ul><li><a href='/bank'>Bank</a></li>"
        "<li><a href='/borrow'>Borrow</a></li><li><a href='/invest'>Invest</a></li></ul></nav></header>"
        "<main id='main'><div class='body-content'><div class='bg-white'>"
        "<div class='content-nav-section'><h1>Money management for your thirties</h1>"
        "<p>By Bank Financial Tips | September 07, 2023</p></div>"
        "<section class='article-info'><p>Category: Personal Finance 101</p></section>"
        f"<div class='content-nav-section'>{first}</div></div>"
        f"<div class='content-nav-section'>{rest}</div></div></main>"
        f"<footer class='site-footer'><p>{DISCLOSURE}</p></footer></body></html>"
    )


def test_sections_of_one_kind_around_the_headline_are_the_text_at_any_depth() -> None:
    """Marked sections of one tag and class, one of them holding the page's ``<h1>``, that hold
    most of the running text together on a page with no unmarked prose are the text, though the
    layout nests them under different parents (none holds half of the page's running text: the
    footer's disclosure holds some)."""
    body = extract_article(bank_page(), "https://bank.example/learn/money-management", listed=True)["articleBody"]
    assert all(text in body for text in MONEY)
    assert "Invest" not in body
    assert "Deposit products" not in body
