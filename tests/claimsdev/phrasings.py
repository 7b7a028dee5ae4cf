"""How sites word a credit, per language, as HTML with placeholders: ``{url}`` (the claimed
article), ``{home}`` (its publisher's home page), ``{name}`` (the publisher), ``{title}`` (the
article's headline). ``expect`` says which URL a reader would take as the claim.

``DEV`` phrasings were in view while tuning; ``HELDOUT`` ones were written at the same time and
never run until the figures were taken. Written after real pages (the WordPress feed footer,
The Conversation's republishing note, CIO/ZDNet syndication lines, Blogger autoblogs, agency
credits on portals in each language).
"""

# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phrasing:
    """One way of wording a credit."""

    pid: str
    lang: str
    style: str  # "label" | "origin" | "more" | "via"
    html: str
    expect: str = "url"  # "url" or "home"
    #: Placements this wording is used in (a sentence does not fit a byline).
    where: tuple[str, ...] = ("title", "lead", "middle", "end", "after")


def _p(lang: str, rows: list[tuple[str, str, str, str, tuple[str, ...]]]) -> list[Phrasing]:
    out = []
    for n, (style, html, expect, _note, where) in enumerate(rows):
        out.append(Phrasing(f"{lang}-{style}-{n}", lang, style, html, expect, where or ("title", "lead", "middle", "end", "after")))
    return out


ALL = ("title", "lead", "middle", "end", "after")
NOT_TITLE = ("lead", "middle", "end", "after")
END = ("end", "after")
TOP = ("title", "lead")

DEV: list[Phrasing] = [
    *_p("en", [
        ("label", 'Source: <a href="{url}">{name}</a>', "url", "", ALL),
        ("label", "Article source: {url}", "url", "seed", NOT_TITLE),
        ("origin", 'The post <a href="{url}" rel="nofollow">{title}</a> appeared first on <a href="{home}" rel="nofollow">{name}</a>.', "url", "WordPress feed footer", END),
        ("origin", 'This article is republished from <a href="{home}">{name}</a> under a Creative Commons license. Read the <a href="{url}">original article</a>.', "url", "The Conversation", END),
        ("origin", 'Originally published on {name}. <a href="{url}">Click here to read the original story.</a>', "url", "CIO", NOT_TITLE),
        ("origin", 'This story originally appeared on <a href="{url}">{name}</a>', "url", "ZDNet", NOT_TITLE),
        ("origin", 'Reprinted with permission from <a href="{url}">{name}</a>.', "url", "", NOT_TITLE),
        ("via", 'via <a href="{home}">{name}</a>', "home", "byline via", ("title", "end", "after")),
        ("via", 'H/T <a href="{url}">{name}</a>', "url", "", END),
        ("more", '<a href="{url}">Continue reading at {name}</a>', "url", "button after excerpt", END),
        ("more", 'This post appeared first on "{name}". <a href="{url}">Read the entire article here</a>', "url", "", END),
        ("origin", 'The post {title} first appeared at <a href="{url}">{name}</a>.', "url", "", END),
        ("label", '<a href="{url}" target="_blank" rel="nofollow">Source link</a>', "url", "WP autoblog", END),
        ("label", '<span>SOURCE</span><a href="{url}" rel="nofollow">{name}</a>', "url", "tagDiv source box", ("after",)),
    ]),
    *_p("es", [
        ("label", 'Fuente: <a href="{url}">{name}</a>', "url", "", ALL),
        ("origin", 'Este artículo fue publicado originalmente en <a href="{url}">{name}</a>.', "url", "", NOT_TITLE),
        ("more", 'Lee la nota completa en <a href="{url}">{name}</a>', "url", "", END),
        ("via", 'Vía <a href="{home}">{name}</a>', "home", "", ("title", "end", "after")),
    ]),
    *_p("pt", [
        ("label", 'Fonte: <a href="{url}">{name}</a>', "url", "", ALL),
        ("origin", 'Publicado originalmente em <a href="{url}">{name}</a>', "url", "", NOT_TITLE),
        ("more", 'Leia a matéria completa em <a href="{url}">{name}</a>', "url", "", END),
    ]),
    *_p("it", [
        ("label", 'Fonte: <a href="{url}">{name}</a>', "url", "", ALL),
        ("origin", "Questo articolo è stato pubblicato originariamente su <a href=\"{url}\">{name}</a>.", "url", "", NOT_TITLE),
        ("more", 'Continua a leggere su <a href="{url}">{name}</a>', "url", "", END),
    ]),
    *_p("de", [
        ("label", 'Quelle: <a href="{url}">{name}</a>', "url", "", ALL),
        ("origin", 'Dieser Artikel erschien zuerst bei <a href="{url}">{name}</a>.', "url", "", NOT_TITLE),
        ("more", 'Den vollständigen Artikel lesen Sie auf <a href="{url}">{name}</a>', "url", "", END),
    ]),
    *_p("fr", [
        ("label", 'Source\u00a0: <a href="{url}">{name}</a>', "url", "", ALL),
        ("origin", 'Cet article a été publié initialement sur <a href="{url}">{name}</a>.', "url", "", NOT_TITLE),
        ("more", 'Lire la suite sur <a href="{url}">{name}</a>', "url", "", END),
    ]),
    *_p("nl", [
        ("label", 'Bron: <a href="{url}">{name}</a>', "url", "", ALL),
        ("origin", 'Dit artikel verscheen eerder op <a href="{url}">{name}</a>.', "url", "", NOT_TITLE),
        ("more", 'Lees verder op <a href="{url}">{name}</a>', "url", "", END),
    ]),
    *_p("ru", [
        ("label", 'Источник: <a href="{url}">{name}</a>', "url", "", ALL),
        ("origin", 'Материал впервые опубликован на сайте <a href="{url}">{name}</a>.', "url", "", NOT_TITLE),
        ("more", 'Подробнее на <a href="{url}">{name}</a>', "url", "", END),
    ]),
    *_p("uk", [
        ("label", 'Джерело: <a href="{url}">{name}</a>', "url", "", ALL),
        ("more", 'Читайте більше на <a href="{url}">{name}</a>', "url", "", END),
    ]),
    *_p("pl", [
        ("label", 'Źródło: <a href="{url}">{name}</a>', "url", "", ALL),
        ("more", 'Czytaj więcej na <a href="{url}">{name}</a>', "url", "", END),
    ]),
    *_p("tr", [
        ("label", 'Kaynak: <a href="{url}">{name}</a>', "url", "", ALL),
        ("origin", 'Bu haber ilk olarak <a href="{url}">{name}</a> tarafından yayımlandı.', "url", "", NOT_TITLE),
    ]),
    *_p("he", [
        ("label", 'מקור: <a href="{url}">{name}</a>', "url", "", ALL),
        ("more", '<a href="{url}">לכתבה המלאה ב{name}</a>', "url", "", END),
    ]),
    *_p("ar", [
        ("label", 'المصدر: <a href="{url}">{name}</a>', "url", "", ALL),
        ("more", 'اقرأ المقال الأصلي على <a href="{url}">{name}</a>', "url", "", END),
    ]),
    *_p("fa", [
        ("label", 'منبع: <a href="{url}">{name}</a>', "url", "", ALL),
        ("via", 'به نقل از <a href="{url}">{name}</a>', "url", "", ("title", "lead", "end")),
    ]),
    *_p("id", [
        ("label", 'Sumber: <a href="{url}">{name}</a>', "url", "", ALL),
        ("origin", 'Artikel ini telah tayang di <a href="{url}">{name}</a> dengan judul "{title}".', "url", "", NOT_TITLE),
    ]),
    *_p("zh", [
        ("label", '来源：<a href="{url}">{name}</a>', "url", "", ALL),
        ("more", '<a href="{url}">阅读原文</a>', "url", "", END),
    ]),
    *_p("ja", [
        ("label", '出典：<a href="{url}">{name}</a>', "url", "", ALL),
        ("label", '元記事：<a href="{url}">{title}</a>（{name}）', "url", "", NOT_TITLE),
    ]),
    *_p("ko", [
        ("label", '출처: <a href="{url}">{name}</a>', "url", "", ALL),
        ("more", '<a href="{url}">기사 원문 보기</a>', "url", "", END),
    ]),
]

HELDOUT: list[Phrasing] = [
    *_p("en", [
        ("origin", 'This article was first published by <a href="{url}">{name}</a> and is republished here with permission.', "url", "", NOT_TITLE),
        ("label", 'Originally published: <a href="{url}">{name}</a>', "url", "", ALL),
        ("more", 'Read the full story at <a href="{url}">{name}</a> &raquo;', "url", "", END),
        ("via", 'Hat tip: <a href="{url}">{name}</a>', "url", "", END),
        ("origin", 'Republished courtesy of <a href="{url}">{name}</a>.', "url", "", NOT_TITLE),
        ("label", 'Via: <a href="{url}">{name}</a>', "url", "", ALL),
        ("label", '<div class="post-bottom-meta-title">Source</div><span class="tagcloud"><a href="{url}" rel="nofollow">{name}</a></span>', "url", "Jannah source box", ("after",)),
    ]),
    *_p("es", [
        ("origin", 'Publicado originalmente por <a href="{url}">{name}</a>', "url", "", NOT_TITLE),
        ("label", 'Fuentes: <a href="{url}">{name}</a>', "url", "", ALL),
    ]),
    *_p("pt", [("label", 'Fonte original: <a href="{url}">{name}</a>', "url", "", ALL), ("via", 'Com informações de <a href="{url}">{name}</a>', "url", "", END)]),
    *_p("it", [("origin", 'Articolo pubblicato originariamente su <a href="{url}">{name}</a>', "url", "", NOT_TITLE)]),
    *_p("de", [("label", 'Quelle: {url}', "url", "", NOT_TITLE), ("more", 'Weiterlesen bei <a href="{url}">{name}</a>', "url", "", END)]),
    *_p("fr", [("more", 'Lire l’article original sur <a href="{url}">{name}</a>', "url", "", END), ("origin", 'Publié initialement par <a href="{url}">{name}</a>', "url", "", NOT_TITLE)]),
    *_p("nl", [("origin", 'Oorspronkelijk gepubliceerd op <a href="{url}">{name}</a>', "url", "", NOT_TITLE)]),
    *_p("ru", [("more", 'Читать полностью на <a href="{url}">{name}</a>', "url", "", END), ("label", 'Первоисточник: <a href="{url}">{name}</a>', "url", "", ALL)]),
    *_p("uk", [("origin", 'Вперше опубліковано на <a href="{url}">{name}</a>', "url", "", NOT_TITLE)]),
    *_p("pl", [("origin", 'Artykuł ukazał się pierwotnie na <a href="{url}">{name}</a>', "url", "", NOT_TITLE)]),
    *_p("tr", [("label", 'Haber Kaynağı: <a href="{url}">{name}</a>', "url", "", ALL)]),
    *_p("he", [("origin", 'הכתבה פורסמה לראשונה ב<a href="{url}">{name}</a>', "url", "", NOT_TITLE)]),
    *_p("ar", [("label", 'مصدر الخبر: <a href="{url}">{name}</a>', "url", "", ALL), ("via", 'نقلا عن <a href="{url}">{name}</a>', "url", "", ("lead", "end"))]),
    *_p("fa", [("more", 'ادامه مطلب در <a href="{url}">{name}</a>', "url", "", END)]),
    *_p("id", [("more", 'Baca selengkapnya di <a href="{url}">{name}</a>', "url", "", END)]),
    *_p("zh", [("label", '原文链接：<a href="{url}">{url}</a>', "url", "", NOT_TITLE), ("origin", '本文首发于<a href="{url}">{name}</a>', "url", "", NOT_TITLE)]),
    *_p("ja", [("label", '引用元：<a href="{url}">{name}</a>', "url", "", ALL)]),
    *_p("ko", [("label", '기사 출처: <a href="{url}">{name}</a>', "url", "", ALL)]),
]


def by_lang(phrasings: list[Phrasing]) -> dict[str, list[Phrasing]]:
    out: dict[str, list[Phrasing]] = {}
    for p in phrasings:
        out.setdefault(p.lang, []).append(p)
    return out
