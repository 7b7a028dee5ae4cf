"""The words pages use to name the source of an article, as data: one table per language.

Each language maps a *kind* of phrase to regular-expression fragments (matched case-insensitively;
a space matches any run of white space, no-break spaces included; Arabic letters take optional
diacritics). The kinds, and how :mod:`crawler.extraction.claimed_source` reads them:

* ``source``: a plain label ("Source:", "Fuente:", "来源："): a claim when it starts a line (or a
  segment of a short meta line) and is followed by a separator, a link or a written URL, or stands
  alone with the link on the next line. Medium strength.
* ``credit``: a label that names the article's origin itself ("Article source:", "Original
  article:", "Source link", "原文链接："): read like ``source``, strong.
* ``origin``: a sentence saying where the article was first published or is republished from
  ("originally published at", "appeared first on", "publicado originalmente en", "本文首发于"):
  anywhere in a line near the article's edges; the link is the first one from the phrase on.
  Strong.
* ``more``: "the rest is over there" ("Continue reading at", "Read the original article",
  "Leia a matéria completa em", "阅读原文"): read like ``origin``. Strong.
* ``via``: a credit whose link must follow right away ("via", "H/T", "hat tip", "به نقل از",
  "Theo"). Weak.
* ``not``: labels that look alike but never name the article's source (image credits, "Read
  also"): a line that starts with one of these (and with no longer claim phrase) is skipped.

Adding a language is adding a table here; no code changes.
"""

# ruff: noqa: E501

from __future__ import annotations

import re
from functools import cache, lru_cache

#: Kinds of claim phrases and their strength (higher wins when a page has several claims).
STRENGTH: dict[str, int] = {"credit": 3, "origin": 3, "more": 3, "source": 2, "via": 1}
#: Strength names used in the output record.
STRENGTH_NAMES: dict[int, str] = {3: "strong", 2: "medium", 1: "weak"}

PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "source": (r"sources?", r"(?:news|story|content|feed|post) sources?", r"courtesy of", r"credit to"),
        "credit": (
            r"article sources?", r"original (?:source|article|story|post|link|url|report)", r"source (?:link|url|article)",
            r"go to (?:the )?(?:source|original)", r"view (?:the )?(?:source|original)(?: (?:article|story|post))?",
            r"link to (?:the )?(?:original|source)(?: (?:article|story|post))?", r"original", r"sourced? from",
            r"originally published", r"first published", r"originally appeared", r"republished from", r"reprinted from",
        ),
        "origin": (
            r"(?:originally|first) (?:published|appeared|ran|printed)(?: online)? (?:at|on|in|by|with)",
            r"(?:originally|first) posted (?:at|on|in)", r"appeared first (?:at|on|in)",
            r"(?:originally|first) appeared", r"republished (?:from|with (?:the )?permission (?:from|of)|courtesy of|under)",
            r"reprinted (?:with (?:the )?permission )?(?:from|of|courtesy of)", r"reproduced (?:with (?:the )?permission )?(?:from|of)",
            r"(?:re)?posted with (?:the )?permission (?:from|of)", r"syndicated (?:from|with permission)",
            r"cross-?posted (?:from|at|on)", r"reposted (?:from|at|on)",
            r"this (?:article|story|post|piece|report) (?:is|was) (?:re)?published (?:from|on|at|in|by)",
            r"this (?:article|story|post|piece|report) (?:originally |first )?(?:appeared|ran) (?:on|at|in)",
            r"(?:adapted|excerpted) (?:with permission )?from",
        ),
        "more": (
            r"continue(?:s)? reading (?:at|on|over at|the (?:full |original )?(?:article|story|post) (?:at|on))",
            r"read (?:the )?(?:full|original|entire|whole|complete|rest of the) (?:article|story|post|report|piece|interview|text)(?: (?:at|on|here|in))?",
            r"read (?:more|it all|the rest|the original) (?:at|on|over at)", r"read (?:the )?original(?: (?:article|story|post))?",
            r"click here to read (?:the )?(?:original|full|entire|complete|rest of the) (?:story|article|post)",
            r"(?:full|original) (?:story|article|text|report) (?:at|on|here)", r"view (?:the )?(?:full|original) (?:article|story|post)",
            r"see the (?:full|original) (?:article|story|post)",
        ),
        "via": (r"via", r"h/t", r"h\.t\.", r"hat ?tip", r"hattip"),
        "not": (
            r"(?:image|photo|picture|video|cover|featured image|header image|graphic|chart|data|figure|map|illustration) "
            r"(?:source|credit|credits|by)", r"photos?", r"images?", r"credits?", r"photograph(?:y|er)?", r"illustration",
            r"(?:read|see) also", r"also read", r"related(?: articles?| stories| posts?| reading)?", r"read more", r"more",
            r"share(?: this)?", r"originally posted by", r"posted by",
        ),
    },
    "es": {
        "source": (r"fuentes?", r"cortesía de"),
        "credit": (r"fuente original", r"art[ií]culo original", r"nota original", r"noticia original", r"enlace (?:original|a la fuente)",
                   r"publicado originalmente", r"publicado por primera vez"),
        "origin": (
            r"(?:publicad[oa]|aparecid[oa]) (?:originalmente|originariamente|inicialmente|por primera vez) (?:en|por)",
            r"originalmente (?:publicad[oa]|aparecid[oa]) (?:en|por)",
            r"(?:este|el) (?:art[ií]culo|texto|reportaje|post) (?:fue |se )?(?:public[oó]|publicad[oa]|apareci[oó]) "
            r"(?:originalmente |por primera vez |inicialmente )?(?:en|por)",
            r"republicad[oa] (?:de|desde|con (?:el )?permiso de)", r"reproducid[oa] con (?:el )?permiso de",
        ),
        "more": (
            r"(?:lee|leer|lea|seguir leyendo|sigue leyendo|contin[uú]a leyendo|continuar leyendo) (?:m[aá]s |el art[ií]culo completo |"
            r"la nota completa |la noticia completa |el resto |la historia completa )?en",
            r"(?:lee|leer|lea|ver) (?:el art[ií]culo|la nota|la noticia|el texto) (?:original|complet[oa])",
        ),
        "via": (r"v[ií]a", r"con informaci[oó]n de", r"por cortes[ií]a de"),
        "not": (r"foto(?:grafía)?s?", r"imagen(?:es)?", r"fuente de la imagen", r"cr[eé]ditos?", r"lee (?:tambi[eé]n|m[aá]s)",
                r"lea tambi[eé]n", r"te puede interesar", r"relacionad[oa]s?"),
    },
    "pt": {
        "source": (r"fontes?",),
        "credit": (r"fonte original", r"artigo original", r"mat[eé]ria original", r"not[ií]cia original", r"link (?:original|da fonte)",
                   r"publicado originalmente"),
        "origin": (
            r"(?:publicad[oa]|divulgad[oa]) (?:originalmente|originariamente|inicialmente|pela primeira vez) (?:em|no|na|por|pelo|pela)",
            r"originalmente publicad[oa] (?:em|no|na|por|pelo|pela)",
            r"(?:este|o) (?:artigo|texto|post) (?:foi )?(?:publicad[oa]|apareceu) (?:originalmente |primeiro |inicialmente )?"
            r"(?:em|no|na|pelo|pela)",
            r"republicad[oa] (?:de|do|da|com (?:a )?permiss[aã]o d[eoa])",
        ),
        "more": (
            r"(?:leia|continue lendo|continuar lendo|ler|veja|confira) (?:mais |a mat[eé]ria completa |o artigo completo |"
            r"a not[ií]cia completa |o texto completo |a [ií]ntegra |o original )?(?:em|no|na)",
            r"leia o (?:original|artigo original|texto original|artigo completo)",
        ),
        "via": (r"via", r"com informa[cç][oõ]es d[eoa]s?"),
        "not": (r"fotos?", r"imagens?", r"fonte da imagem", r"cr[eé]ditos?", r"leia (?:tamb[eé]m|mais)", r"veja tamb[eé]m",
                r"relacionad[oa]s?"),
    },
    "it": {
        "source": (r"fonte", r"fonti"),
        "credit": (r"articolo originale", r"fonte originale", r"link originale", r"pubblicato originariamente"),
        "origin": (
            r"(?:pubblicat[oa]|appars[oa]) (?:originariamente|originalmente|inizialmente|per la prima volta|in origine) "
            r"(?:su|in|sul|sulla|da|nel|nella|dal|dalla)",
            r"originariamente (?:pubblicat[oa]|appars[oa]) (?:su|in|sul|sulla|da)",
            r"(?:questo )?articolo (?:[eè] stato )?(?:pubblicato|apparso) (?:originariamente |per la prima volta |in origine )?"
            r"(?:su|in|sul|sulla)",
            r"ripubblicat[oa] (?:da|con il permesso di)",
        ),
        "more": (
            r"(?:leggi|continua a leggere|prosegui la lettura) (?:di pi[uù] |l['’]articolo completo |tutto |il resto |"
            r"la notizia completa )?(?:su|sul|sulla|in)",
            r"leggi l['’]articolo originale",
        ),
        "via": (r"via", r"per gentile concessione di"),
        "not": (r"foto", r"immagin[ei]", r"crediti", r"leggi anche", r"vedi anche", r"correlati"),
    },
    "de": {
        "source": (r"quellen?", r"quellenangabe"),
        "credit": (r"originalartikel", r"originalquelle", r"ursprungsquelle", r"originalbeitrag", r"original",
                   r"zuerst erschienen", r"ursprünglich erschienen", r"erstmals erschienen"),
        "origin": (
            r"(?:urspr[uü]nglich|zuerst|erstmals) (?:ver[oö]ffentlicht|erschienen|publiziert) (?:auf|bei|in|im|von|unter)",
            r"(?:dieser|der) (?:artikel|beitrag|text) (?:ist|erschien|wurde) (?:zuerst |urspr[uü]nglich |erstmals )?"
            r"(?:erschienen |ver[oö]ffentlicht )?(?:auf|bei|in|im)",
            r"mit (?:freundlicher )?genehmigung (?:von|der|des)", r"[uü]bernommen (?:von|aus)",
        ),
        "more": (
            r"(?:weiterlesen|weiter lesen|mehr lesen|mehr dazu|den (?:ganzen|vollst[aä]ndigen|kompletten) (?:artikel|beitrag|text) "
            r"lesen(?: sie)?) (?:auf|bei|im|unter)",
            r"zum (?:originalartikel|vollst[aä]ndigen artikel|originalbeitrag|original)",
        ),
        "via": (r"via",),
        "not": (r"fotos?", r"bild(?:er)?", r"bildquellen?", r"lesen sie auch", r"mehr zum thema", r"auch interessant"),
    },
    "fr": {
        "source": (r"sources?",),
        "credit": (r"article original", r"source originale", r"lien (?:original|vers l['’]article)", r"publi[ée] initialement"),
        "origin": (
            r"(?:publi[ée]e?|parue?) (?:initialement|originellement|[aà] l['’]origine|pour la premi[eè]re fois|d['’]abord|"
            r"originalement) (?:sur|dans|par|chez)",
            r"(?:initialement|originellement|d['’]abord) (?:publi[ée]e?|parue?) (?:sur|dans|par|chez)",
            r"(?:cet |l['’])article (?:a [ée]t[ée] |est )?(?:initialement |d['’]abord )?(?:publi[ée]|paru) "
            r"(?:initialement |d['’]abord |[aà] l['’]origine |pour la premi[eè]re fois )?(?:sur|dans|par)",
            r"republi[ée]e? (?:avec l['’]autorisation (?:de|du)|depuis|de)", r"reproduite? avec l['’]autorisation (?:de|du)",
        ),
        "more": (
            r"(?:lire|lisez|voir) (?:la suite|l['’]article (?:complet|original|en entier)|l['’]int[ée]gralit[ée](?: de l['’]article)?|"
            r"plus) (?:sur|dans|chez)",
            r"(?:lire|lisez|voir) l['’]article original",
        ),
        "via": (r"via",),
        "not": (r"photos?", r"images?", r"cr[ée]dits?(?: photo)?", r"source de l['’]image", r"lire aussi", r"[aà] lire aussi",
                r"voir aussi", r"sur le m[eê]me sujet"),
    },
    "nl": {
        "source": (r"bron(?:nen)?", r"bronvermelding"),
        "credit": (r"origineel artikel", r"oorspronkelijk artikel", r"originele bron"),
        "origin": (
            r"(?:oorspronkelijk|eerder|eerst|voor het eerst|origineel) (?:gepubliceerd|verschenen) (?:op|in|bij|door)",
            r"(?:dit artikel|dit stuk|dit bericht) (?:is |werd |verscheen )?(?:eerder |oorspronkelijk |eerst )?"
            r"(?:gepubliceerd |verschenen )?(?:op|in|bij)",
            r"verscheen (?:eerder|oorspronkelijk|eerst) (?:op|in|bij)", r"overgenomen (?:van|uit|met toestemming van)",
        ),
        "more": (r"(?:lees verder|verder lezen|lees meer|lees het (?:volledige|hele|originele) (?:artikel|bericht|verhaal)) (?:op|bij)",
                 r"lees het originele artikel"),
        "via": (r"via",),
        "not": (r"foto'?s?", r"beeld", r"lees ook", r"zie ook", r"gerelateerd"),
    },
    "ru": {
        "source": (r"источники?", r"первоисточник", r"по материалам"),
        "credit": (r"оригинал(?: статьи| материала| новости)?", r"ссылка на (?:источник|оригинал|первоисточник)"),
        "origin": (
            r"(?:впервые|первоначально|изначально) (?:опубликован[аоы]?|вышл[аио]?|вышел|появил(?:ся|ась|ось|ись)) "
            r"(?:на сайте|в издании|на|в|во)",
            r"(?:статья|материал|текст|публикация) (?:был[аои]? )?(?:впервые |первоначально )?опубликован[аоы]? (?:на|в|во)",
            r"перепечатано (?:с|из)", r"опубликовано с разрешения",
        ),
        "more": (
            r"(?:читать|читайте) (?:далее|дальше|полностью|продолжение|полную версию|статью полностью|материал полностью) (?:на|в)",
            r"(?:читать|читайте) оригинал", r"подробнее (?:на|в)",
        ),
        "via": (r"via", r"по материалам"),
        "not": (r"фото", r"источник фото", r"иллюстрация", r"читайте также", r"см\. также", r"смотрите также"),
    },
    "uk": {
        "source": (r"джерел[оа]", r"першоджерело", r"за матеріалами"),
        "credit": (r"оригінал(?: статті| матеріалу)?", r"посилання на (?:джерело|оригінал)"),
        "origin": (
            r"(?:вперше|спочатку|першочергово) (?:опубліковано|опублікована|опублікований|вийшла|вийшов|з['’]явилася|з['’]явився) "
            r"(?:на сайті|у виданні|на|в|у)",
            r"(?:статтю|матеріал|текст|публікацію) (?:було )?(?:вперше )?опубліковано (?:на|в|у)", r"передруковано (?:з|із)",
        ),
        "more": (r"(?:читати|читайте) (?:далі|повністю|більше|оригінал|продовження) (?:на|в|у)", r"детальніше (?:на|в|у)",
                 r"(?:читати|читайте) оригінал"),
        "via": (r"via", r"за матеріалами"),
        "not": (r"фото", r"джерело фото", r"читайте також", r"дивіться також"),
    },
    "pl": {
        "source": (r"źródł[oa]", r"zrodlo"),
        "credit": (r"źródło artykułu", r"oryginał", r"(?:artykuł oryginalny|oryginalny artykuł)", r"link do (?:źródła|oryginału)"),
        "origin": (
            r"(?:pierwotnie|oryginalnie|pierwszy raz|po raz pierwszy) (?:opublikowano|opublikowany|opublikowana|ukazał się|"
            r"ukazała się|ukazało się) (?:na|w|we)",
            r"(?:artykuł|tekst|materiał) (?:ukazał się|został opublikowany) (?:pierwotnie |po raz pierwszy )?(?:na|w|we)",
            r"przedruk (?:z|za)",
        ),
        "more": (r"(?:czytaj|przeczytaj) (?:więcej|dalej|całość|cały artykuł|cały tekst|oryginał) (?:na|w)",),
        "via": (r"via", r"za"),
        "not": (r"fot(?:o|\.)", r"zdjęcie", r"czytaj (?:też|także)", r"zobacz (?:też|także)"),
    },
    "tr": {
        "source": (r"kaynak(?:lar)?", r"haber kayna[gğ][iı]"),
        "credit": (r"orijinal haber", r"haberin orijinali", r"kaynak link(?:i)?"),
        "origin": (
            r"(?:bu (?:haber|makale|yaz[iı]|i[cç]erik) )?ilk (?:olarak|kez|defa) .{1,80}?"
            r"(?:yay[iı]mland[iı]|yay[iı]nland[iı]|yay[iı]mlanm[iı][sş]t[iı]r|yay[iı]nlanm[iı][sş]t[iı]r)",
            r"(?:'|’)?(?:d|t)[ae]n al[iı]nt[iı](?:d[iı]r|lanm[iı][sş]t[iı]r)", r"(?:'|’)?(?:d|t)[ae]n al[iı]nm[iı][sş]t[iı]r",
        ),
        "more": (r"(?:haberin|yaz[iı]n[iı]n|makalenin) (?:devam[iı]|tamam[iı]|detaylar[iı]|orijinali) i[cç]in",
                 r"haberin (?:tamam[iı]n[iı]|devam[iı]n[iı]) okumak i[cç]in"),
        "via": (r"via",),
        "not": (r"foto(?:ğraf)?", r"görsel", r"ilgili haberler", r"bunlar da ilginizi çekebilir"),
    },
    "he": {
        "source": (r"ה?מקור(?:ות)?",),
        "credit": (r"לכתבה (?:המלאה|המקורית)", r"הכתבה המקורית", r"קישור למקור"),
        "origin": (r"(?:ה?כתבה |ה?מאמר |ה?ידיעה )?(?:פורסם|פורסמה|התפרסם|התפרסמה) (?:לראשונה|במקור) ב~", r"פורסם במקור ב~"),
        "more": (r"(?:לקריאת|להמשך קריאת) (?:הכתבה|המאמר|הידיעה) (?:המלאה|המקורית)", r"להמשך (?:הקריאה|קריאה) ב~"),
        "via": (r"באדיבות", r"via"),
        "not": (r"צילום", r"קרדיט", r"עוד בנושא", r"כתבות נוספות"),
    },
    "ar": {
        "source": (r"ال?مصدر", r"ال?مصادر", r"مصدر الخبر"),
        "credit": (r"المقال الأصلي", r"الخبر الأصلي", r"رابط (?:المصدر|الخبر الأصلي|المقال الأصلي)"),
        "origin": (
            r"نشر (?:هذا )?(?:المقال |الخبر |التقرير |الموضوع )?(?:لأول مرة|أصلا|في الأصل|أولا) (?:في|على|عبر)",
            r"(?:ظهر|نشر) (?:هذا )?(?:المقال |الخبر )?(?:أولا|لأول مرة|في الأصل) (?:في|على)",
        ),
        "more": (r"اقرأ (?:المزيد|الخبر كاملا|المقال كاملا|المقال الأصلي|الخبر من المصدر) ?(?:على|في|عبر)?",
                 r"لقراءة (?:المقال|الخبر|التقرير) (?:كاملا|الأصلي|كاملًا)", r"تابع القراءة (?:على|في)",
                 r"(?:الخبر|المقال) كاملا (?:على|في)"),
        "via": (r"عبر", r"نقلا عن", r"via"),
        "not": (r"صورة", r"الصورة", r"اقرأ أيضا", r"إقرأ أيضا", r"مواضيع ذات صلة"),
    },
    "fa": {
        "source": (r"منبع", r"منبع خبر", r"منابع", r"مأخذ"),
        "credit": (r"(?:لینک|پیوند) (?:منبع|خبر|مطلب اصلی|اصلی)", r"(?:خبر|مطلب|مقاله) اصلی"),
        "origin": (r"(?:این (?:مطلب|مقاله|گزارش|خبر) )?(?:نخستین بار|اولین بار|برای نخستین بار|برای اولین بار|ابتدا|پیش[\u200c ]?تر) "
                   r"(?:در|توسط)",),
        "more": (r"(?:ادامه|متن کامل) (?:مطلب|خبر|مقاله|گزارش)? ?(?:را )?(?:در|از)", r"مطالعه (?:ادامه|بیشتر|متن کامل) (?:در|از)"),
        "via": (r"به نقل از", r"به گزارش", r"از طریق"),
        "not": (r"عکس", r"تصویر", r"بیشتر بخوانید", r"مطالب مرتبط"),
    },
    "id": {
        "source": (r"sumber", r"sumber (?:berita|artikel|tulisan)"),
        "credit": (r"artikel asli", r"tautan (?:sumber|asli)"),
        "origin": (
            r"(?:artikel|berita|tulisan) ini (?:telah |sudah |pertama kali )?(?:tayang|terbit|dimuat|diterbitkan|dipublikasikan) "
            r"(?:pertama kali |lebih dulu )?(?:di|oleh)",
            r"(?:pertama kali|sebelumnya|awalnya) (?:diterbitkan|dipublikasikan|dimuat|tayang|terbit) (?:di|oleh)",
            r"dikutip dari", r"disadur dari",
        ),
        "more": (r"baca (?:selengkapnya|artikel selengkapnya|berita selengkapnya|artikel aslinya|versi lengkapnya) (?:di|pada)",
                 r"simak (?:selengkapnya|berita selengkapnya) (?:di|pada)"),
        "via": (r"via",),
        "not": (r"foto", r"gambar", r"baca juga", r"berita terkait", r"simak juga"),
    },
    "zh": {
        "source": (r"[来來]源", r"出[处處]", r"消息[来來]源", r"新[闻聞][来來]源", r"文章[来來]源", r"本文[来來]源"),
        "credit": (r"原文(?:[链鏈]接|地址|网址|網址)?", r"[转轉][载載]自", r"本文[转轉][载載]自", r"本文[来來]自"),
        "origin": (r"(?:本文)?(?:首[发發]于|首[发發]於|原[载載]于|原[载載]於|最初[发發]表于|最初[发發]表於)",),
        "more": (r"(?:[阅閱][读讀]|查看|点击阅读|點擊閱讀)(?:原文|全文)",),
        "via": (r"via",),
        "not": (r"[图圖]片[来來]源", r"[图圖]片", r"摄影", r"攝影", r"相[关關]阅读", r"相[关關]閱讀", r"延伸阅读"),
    },
    "ja": {
        "source": (r"出典", r"出所", r"ソース", r"情報元", r"情報源", r"配信元"),
        "credit": (r"引用元", r"元記事", r"転載元", r"初出", r"記事元", r"原文"),
        "origin": (r"(?:で|に)(?:最初に|初めて)?(?:公開|掲載|配信)された(?:記事|もの)", r"(?:より|から)転載"),
        "more": (r"(?:元記事|全文|続き|記事の続き)(?:を読む|はこちら)",),
        "via": (r"via",),
        "not": (r"写真", r"画像", r"関連記事", r"あわせて読みたい"),
    },
    "ko": {
        "source": (r"출처", r"자료 ?출처", r"소스"),
        "credit": (r"기사 ?출처", r"원문(?: 기사| 출처)?", r"기사 원문"),
        "origin": (r"에 (?:처음|먼저|최초로) (?:게재|보도|발행|공개)(?:되었|됐|된)", r"에서 전재"),
        "more": (r"(?:기사 )?(?:원문|전문) 보기", r"원문 읽기"),
        "via": (r"via",),
        "not": (r"사진", r"이미지", r"관련 ?기사"),
    },
    # Further languages: the labels and the commonest first-publication and read-more forms.
    "sv": {"source": (r"källa", r"källor"), "origin": (r"(?:ursprungligen|först) (?:publicerad|publicerat|publicerades) (?:på|i|av)",),
           "more": (r"läs (?:mer|hela artikeln|originalet) (?:på|hos)",), "via": (r"via",), "not": (r"foto", r"bild", r"läs också")},
    "da": {"source": (r"kilde", r"kilder"), "origin": (r"(?:oprindeligt|først) (?:publiceret|bragt) (?:på|i|af)",),
           "more": (r"læs (?:mere|hele artiklen) (?:på|hos)",), "via": (r"via",), "not": (r"foto", r"læs også")},
    "no": {"source": (r"kilde", r"kilder"), "origin": (r"(?:opprinnelig|først) (?:publisert|publisert) (?:på|i|av)",),
           "more": (r"les (?:mer|hele saken|hele artikkelen) (?:på|hos)",), "via": (r"via",), "not": (r"foto", r"les også")},
    "fi": {"source": (r"lähde", r"lähteet"), "origin": (r"julkaistu (?:alun perin|ensimmäisen kerran)",),
           "more": (r"lue (?:lisää|koko juttu)",), "via": (r"via",), "not": (r"kuva", r"lue myös")},
    "cs": {"source": (r"zdroj", r"zdroje"), "origin": (r"(?:původně|poprvé) (?:publikováno|vyšlo|zveřejněno) (?:na|v|ve)",),
           "more": (r"(?:čtěte|přečtěte si) (?:více|celý článek) (?:na|v)",), "via": (r"via",), "not": (r"foto", r"čtěte také")},
    "sk": {"source": (r"zdroj", r"zdroje"), "origin": (r"(?:pôvodne|prvýkrát) (?:publikované|uverejnené|vyšlo) (?:na|v|vo)",),
           "more": (r"(?:čítajte|prečítajte si) (?:viac|celý článok) (?:na|v)",), "via": (r"via",), "not": (r"foto",)},
    "ro": {"source": (r"surs[aă]", r"surse"), "origin": (r"(?:publicat|ap[aă]rut) (?:ini[tț]ial|pentru prima dat[aă]) (?:pe|[iî]n|la)",),
           "more": (r"cite[sș]te (?:mai mult|articolul complet|continuarea) (?:pe|la|[iî]n)",), "via": (r"via",),
           "not": (r"foto", r"sursa foto", r"citește și")},
    "hu": {"source": (r"forrás", r"forrás(?:ok)?"), "origin": (r"eredetileg .{1,40}? (?:jelent meg|publikálták)",),
           "more": (r"(?:tovább|bővebben) (?:a|az) .{1,40}?(?:oldalán|cikkében)",), "via": (r"via",), "not": (r"fotó", r"kép")},
    "el": {"source": (r"πηγή", r"πηγές"), "origin": (r"δημοσιεύ(?:θηκε|τηκε) (?:αρχικά|για πρώτη φορά) (?:στο|στη|στην|στον|από)",),
           "more": (r"διαβάστε (?:περισσότερα|ολόκληρο το άρθρο) (?:στο|στη|στην)",), "via": (r"via",), "not": (r"φωτογραφία",)},
    "bg": {"source": (r"източник", r"източници"), "origin": (r"(?:първоначално|за първи път) (?:публикуван[аo]?|публикувано) (?:в|на)",),
           "more": (r"прочетете (?:още|целия материал) (?:в|на)",), "via": (r"via",), "not": (r"снимка",)},
    "sh": {"source": (r"izvor", r"извор"), "origin": (r"(?:prvobitno|izvorno|prvi put) (?:objavljen[oa]?) (?:na|u)",),
           "more": (r"(?:pročitajte|opširnije) (?:više|cijeli članak)? ?(?:na|u)",), "via": (r"via",), "not": (r"foto",)},
    "sl": {"source": (r"vir",), "via": (r"via",)},
    "lt": {"source": (r"šaltinis",), "via": (r"via",)},
    "lv": {"source": (r"avots",), "via": (r"via",)},
    "et": {"source": (r"allikas",), "via": (r"via",)},
    "ca": {"source": (r"font",), "origin": (r"publicat (?:originalment|inicialment) (?:a|en|per)",),
           "more": (r"llegiu?(?: m[eé]s| l['’]article complet)? a",), "via": (r"via",)},
    "vi": {"source": (r"nguồn",), "credit": (r"bài (?:viết )?gốc",), "origin": (r"(?:đăng|xuất bản) (?:lần đầu|đầu tiên) (?:trên|tại)",),
           "more": (r"(?:đọc|xem) (?:thêm|tiếp|bài gốc|toàn bộ bài viết) (?:tại|trên)",), "via": (r"theo", r"via"),
           "not": (r"ảnh", r"xem thêm")},
    "th": {"source": (r"ที่มา", r"แหล่งที่มา", r"อ้างอิง"), "via": (r"via",)},
    "hi": {"source": (r"स्रोत",), "origin": (r"(?:मूल रूप से|पहली बार) .{1,40}? (?:पर|में) प्रकाशित",), "via": (r"via",)},
    "bn": {"source": (r"সূত্র",), "via": (r"via",)},
    "ur": {"source": (r"ماخذ", r"ذریعہ"), "via": (r"بشکریہ",)},
    "ms": {"source": (r"sumber",), "via": (r"via",)},
    "sw": {"source": (r"chanzo",), "via": (r"via",)},
}

_ARABIC_LETTER = re.compile(r"([\u0620-\u064a\u0671-\u06d3])(\?)?")
#: Scripts written without spaces between words: no word boundaries around their phrases.
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _fragment(phrase: str) -> tuple[bool, str]:
    """One phrase as a regex: spaces match white space, Arabic letters take diacritics, and a
    phrase that ends with a letter of a spaced script must end a word (a trailing ``~`` means it
    ends in a prefix glued to the next word, Hebrew "ב"). The flag: whether it must start a word."""
    glued = phrase.endswith("~")
    phrase = phrase.rstrip("~")
    body = phrase.replace(" ", r"\s+")
    body = _ARABIC_LETTER.sub(lambda m: f"(?:{m.group(1)}[\u064b-\u065f\u0670\u0640]*){m.group(2) or ''}", body)
    letters = [c for c in phrase if c.isalpha()]
    first, last = (letters[0], letters[-1]) if letters else ("", "")
    right = r"(?![^\W_])" if last and not glued and not _UNSPACED.match(last) else ""
    return bool(first) and not _UNSPACED.match(first), f"(?:{body}){right}"


def fragments(phrases: set[str]) -> tuple[list[str], list[str]]:
    """The phrases as regex fragments, longest first: (those that must start a word, the others)."""
    worded: list[str] = []
    bare: list[str] = []
    for phrase in sorted(phrases, key=lambda p: (-len(p), p)):
        starts_word, fragment = _fragment(phrase)
        (worded if starts_word else bare).append(fragment)
    return worded, bare


def _alternation(phrases: set[str]) -> str:
    """The phrases as one regex, word-starting ones behind a single word-boundary check (one
    look-behind per position instead of one per phrase: the table has hundreds)."""
    worded, bare = fragments(phrases)
    parts = ([r"(?<![^\W_])(?:" + "|".join(worded) + ")"] if worded else []) + bare
    return "|".join(parts)


def kinds() -> list[str]:
    """Every kind of phrase the table has in any language (``not`` included), in a fixed order."""
    return sorted({kind for table in PHRASES.values() for kind in table})


@cache
def kind_pattern(kind: str) -> re.Pattern[str]:
    """One regex matching any language's phrase of ``kind`` (longest phrases tried first)."""
    return re.compile(_alternation({p for table in PHRASES.values() for p in table.get(kind, ())}), re.IGNORECASE)


def claim_phrases() -> set[str]:
    """Every claim phrase of any kind and language (``not`` excluded)."""
    return {p for table in PHRASES.values() for k in STRENGTH for p in table.get(k, ())}


@lru_cache(maxsize=1)
def any_phrase() -> re.Pattern[str]:
    """Any claim phrase of any kind (``not`` excluded), as one regex."""
    return re.compile(_alternation(claim_phrases()), re.IGNORECASE)


def languages() -> list[str]:
    """The languages the table covers."""
    return sorted(PHRASES)
