"""Main content from the page's own shape: which elements hold the text, from the text blocks.

The text blocks come from one walk over the page (``blocks.py``). Blocks of running text (enough
words, few links) vote for their ancestors; the content container is found by walking down from
``<body>`` while one child holds most of the votes. Inside it, link lists, teaser headlines and
their excerpts are dropped. Nothing here depends on class names, tags of one CMS, a site or a
language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from .blocks import BLOCK_TAGS, HEADINGS, Block, count_words, is_running_text, text_blocks, walk_blocks
from .boilerplate import normalize
from .furniture import FURNITURE_TAGS, comment_words, furniture_words, masthead, overlay

__all__ = [
    "BLOCK_TAGS", "HEADINGS", "Block", "before_comments", "best_candidate", "comment_blocks", "container",
    "count_words", "drop_furniture", "furniture_words", "in_cards", "inside", "is_running_text", "repeated_units",
    "teaser_cards", "text_blocks", "walk_blocks",
]


def _ancestors(element: HtmlElement) -> Iterator[HtmlElement]:
    node: HtmlElement | None = element
    while node is not None:
        yield node
        node = node.getparent()


#: When this share of the running text stands outside any furniture mark, marks are final.
FREE_SHARE = 0.3
#: With this share of the running text outside any mark (the page's own prose), an element that
#: is furniture by its name and by its tag or its place (:func:`_named_furniture`) is never the
#: main column, however much it holds: a sidebar's widgets, a footer's disclaimer, a long
#: comment thread beside a short article, a promotion's slideshow of other stories set inside
#: the article ten times its length (0.1 until the twenty-first session; 0.02 lost more than it
#: gained on the tuned fold).
OWN_SHARE = 0.05
#: Elements that are one unit of text, never the container of the paragraphs beside them.
_TEXT_UNITS = frozenset({"p"})
#: Kinds of blocks whose text is written straight in their element (not in a child of it).
_STRAIGHT = frozenset({"div", "td", "th"})
#: Siblings of the container holding this share of its running text belong to the content.
SIBLING_SHARE = 0.2
#: Paragraphs standing before the block the walk would go into, with this share of that block's
#: running text, are the article's lead: the walk stops above them (the body set apart in a
#: wrapper of its own, as a block editor's group does, keeps its lead).
LEAD_SHARE = 0.02


def drop_furniture(blocks: list[Block], majority: float = 0.5, titles: frozenset[str] = frozenset()) -> list[Block]:
    """The blocks outside furniture; a marked element with ``majority`` of the running text
    is the main column (Blogger's ``widget Blog``), not furniture, and so are marked siblings of
    one kind (same tag and class) that hold it together (:func:`_marked_parts`), or marked
    elements of one kind at any depth, one of them around the headline (:func:`_headed_parts`).
    Within a main column that is a ``<form>`` (a page wrapped whole in one), the boxes of one kind
    that hold its text with no prose of its own beside them are kept whole (:func:`_inner_parts`).
    ``titles``: the page's own names (:func:`_reads_as`), which find its headline in a heading
    that is no ``<h1>``."""
    running = [b for b in blocks if b.running]
    total = sum(len(b.text) for b in running)
    free = sum(len(b.text) for b in running if not b.marks)
    mass: dict[HtmlElement, int] = {}
    for block in running:
        for mark in block.marks:
            mass[mark] = mass.get(mark, 0) + len(block.text)
    main = {mark for mark, value in mass.items()
            if value >= majority * total and not (overlay(mark) and not _headed(blocks, {mark}))}
    if main and free >= OWN_SHARE * total:
        headline_free = any(not b.marks and (b.kind == "h1" or (b.kind in HEADINGS and _reads_as(b.text, titles)))
                            for b in blocks)
        main = {mark for mark in main if not _named_furniture(mark, blocks, headline_free)}
    if not main and mass:
        main = _marked_parts(mass, majority * total, free) or _headed_parts(mass, majority * total, free, blocks)
    if free >= FREE_SHARE * total and not _headed(blocks, main):
        return [b for b in blocks if not b.marks]  # unmarked prose exists: a big marked box is a pop-up
    parts = _inner_parts(running, main, majority) if any(mark.tag == "form" for mark in main) else set()
    if parts:
        return [b for b in blocks if all(mark in main for mark in b.marks) or _first_outside(b, main) in parts]
    return [b for b in blocks if all(mark in main for mark in b.marks)]


def _reads_as(text: str, titles: frozenset[str]) -> bool:
    """``text`` is one of ``titles``, or starts with one (a headline and its date in one heading)."""
    if not titles:
        return False
    found = normalize(text)
    return found in titles or any(found.startswith(title + " ") for title in titles)


def before_comments(page_blocks: list[Block], blocks: list[Block]) -> list[Block]:
    """``blocks`` (a selection of ``page_blocks``) without the readers' comments that follow a
    post in the post's own element, unwrapped (:func:`comment_blocks`)."""
    after = {id(b) for b in comment_blocks(page_blocks)}
    return [b for b in blocks if id(b) not in after] if after else blocks


def comment_blocks(page_blocks: list[Block]) -> list[Block]:
    """The readers' comments that follow a post in the post's own element, unwrapped: after a
    heading named as the comments (its id or class, or an anchor's id or name in it: ``<h2
    id="comments">``, ``<h2><a id="comments">``, the Movable Type and TypePad templates of
    2004-2012), every block of the heading's parent that comes after it, when running text of
    that parent comes before it (the post). Not after a heading that is a link ("12
    comments", a link down to them)."""
    for index, block in enumerate(page_blocks):
        if block.kind not in HEADINGS or block.link_density >= 0.5:
            continue
        heading = block.element
        if not _comments_heading(heading):
            continue
        parent = heading.getparent()
        if parent is None or not any(b.running and inside(b.element, parent) for b in page_blocks[:index]):
            return []
        return [b for b in page_blocks[index:] if inside(b.element, parent)]
    return []


def _comments_heading(heading: HtmlElement) -> bool:
    """The heading is named as the comments: its id or class, or an anchor's id or name in it."""
    values = [heading.get("id"), heading.get("class")]
    if len(heading):
        for anchor in heading.iter("a"):
            values += [anchor.get("id"), anchor.get("name")]
    # "comment" in the value is a condition of comment_words, and costs less than its parts
    return any(comment_words(value) for value in values if value and "omment" in value.lower())


def _first_outside(block: Block, main: set[HtmlElement]) -> HtmlElement | None:
    """The outermost of ``block``'s marks that is not in ``main``."""
    for mark in block.marks:
        if mark not in main:
            return mark
    return None


def _inner_parts(running: list[Block], main: set[HtmlElement], majority: float) -> set[HtmlElement]:
    """Within the main column of a page wrapped whole in a marked element (an ASP.NET page's
    ``<form>``), marked siblings of one kind that hold its text together and beside no prose of
    its own (:func:`_marked_parts`, each box counted by its outermost mark inside the column): a
    thread's posts named "comment", each box kept whole. The column's boxes beside its own prose
    (an article's comments) stay furniture."""
    inside = [b for b in running if any(mark in main for mark in b.marks)]
    total = sum(len(b.text) for b in inside)
    free = 0
    mass: dict[HtmlElement, int] = {}
    for block in inside:
        outer = _first_outside(block, main)
        if outer is None:
            free += len(block.text)
        else:
            mass[outer] = mass.get(outer, 0) + len(block.text)
    return _marked_parts(mass, majority * total, free) if mass else set()


def _named_furniture(mark: HtmlElement, blocks: list[Block], headline_free: bool) -> bool:
    """An element whose class or id names furniture, and either a furniture tag too (``<aside
    class="widget-sidebar">``, ``<footer class="page-footer">``: the page says twice what it
    is) or beside the page's headline (``headline_free``: an ``<h1>`` in the page's own prose, or
    another heading that reads as the page's title: blogs of 2005-2012 set the blog's name in
    the ``<h1>``, or none, and the post's title in an ``<h2>``) with no ``<h1>`` of its own (a
    blog's comment thread, longer than the post above it, in a ``<div id="navigation">``). An
    element named so that holds the page's ``<h1>`` (a newsletter's issue in its ``newsletter``
    box) is the main column still."""
    if not _named(mark):
        return False
    if mark.tag in FURNITURE_TAGS:
        return True
    return headline_free and not _headed(blocks, {mark})


def _marked_parts(mass: dict[HtmlElement, int], floor: float, free: int) -> set[HtmlElement]:
    """Marked siblings of one kind (same parent, tag and class) holding ``floor`` characters of
    running text together, on a page whose unmarked running text (``free``) is less than any
    one of them holds: an article cut in sections whose shared class holds a furniture word
    (``TestReport__Section TestReport__Section--Ads``, a section that may hold an ad slot), each
    a part of the text, none of them most of it. Beside prose of its own, a page's boxes of one
    kind (comments, teasers) stay furniture however much they hold."""
    groups: dict[tuple[HtmlElement | None, str, str], list[HtmlElement]] = {}
    for mark in mass:
        kind = mark.get("class")
        if kind:
            groups.setdefault((mark.getparent(), mark.tag, kind), []).append(mark)
    for marks in groups.values():
        if len(marks) > 1 and sum(mass[mark] for mark in marks) >= floor and free < min(mass[mark] for mark in marks):
            return set(marks)
    return set()


def _headed_parts(mass: dict[HtmlElement, int], floor: float, free: int, blocks: list[Block]) -> set[HtmlElement]:
    """Marked elements of one kind (same tag and class) anywhere on the page, one of them holding
    the page's ``<h1>``, that hold ``floor`` characters of running text together on a page whose
    unmarked running text (``free``) is less than any one of them holds: a story cut in sections
    a layout nests at different depths (``content-nav-section`` around the headline and the first
    part, another around the rest beside a box of its own), each a part of the text."""
    headline = {(mark.tag, mark.get("class")) for b in blocks if b.kind == "h1" for mark in b.marks}
    groups: dict[tuple[str, str], list[HtmlElement]] = {}
    for mark in mass:
        kind = mark.get("class")
        if kind and (mark.tag, kind) in headline:
            groups.setdefault((mark.tag, kind), []).append(mark)
    for key, marks in groups.items():
        if len(marks) > 1 and sum(mass[mark] for mark in marks) >= floor and free < min(mass[mark] for mark in marks):
            return set(marks) | {mark for b in blocks if b.kind == "h1" for mark in b.marks
                                 if (mark.tag, mark.get("class")) == key}
    return set()


def _headed(blocks: list[Block], main: set[HtmlElement]) -> bool:
    """True when a marked element of ``main`` holds an ``<h1>``: the page's headline over most of
    its running text is the main column, whatever its class says ("newsletter" on a newsletter's
    issue), not a pop-up or a sign-up box, however much unmarked prose stands beside it. A
    blog's name in an ``<h1>`` linked to its home page (``furniture.masthead``) is no headline:
    the sidebar it heads stays furniture."""
    return bool(main) and any(b.kind == "h1" and any(mark in main for mark in b.marks) and not masthead(b.element)
                              for b in blocks)


def in_cards(block: Block, cards: set[HtmlElement]) -> bool:
    """True when ``block`` is the text of one of the teaser ``cards``: the card's own text, a
    paragraph of it, or an element of its own whose text is written straight in it (an
    excerpt's ``<div>``)."""
    return bool(cards) and _card_of(block, cards) is not None


def _card_of(block: Block, cards: set[HtmlElement]) -> HtmlElement | None:
    """The card of ``cards`` whose text ``block`` is (:func:`in_cards`), or None."""
    element = block.element
    if element in cards:
        return element
    parent = element.getparent()
    return parent if parent is not None and parent in cards else None


def container(
    root: HtmlElement,
    blocks: list[Block],
    share: float = 0.6,
    cards: set[HtmlElement] | None = None,
    titles: frozenset[str] = frozenset(),
) -> list[HtmlElement]:
    """The elements holding the page's running text: from ``root`` down while one child holds
    at least ``share`` of the running-text characters of its parent, and into a ``<p>`` only when
    no running text stands beside it (a paragraph holds phrasing content only: one unit of the
    text, even cut by ``<br><br>`` into several blocks, never the container of the paragraphs
    around it); into any other child only when the paragraphs before it hold less than
    :data:`LEAD_SHARE` of its text (they are the article's lead, the rest wrapped apart); with
    the siblings of the last one that hold :data:`SIBLING_SHARE` of its text (an article cut in
    parts); never into a child that is ``node`` continued (:func:`_continued`). The text of
    teaser ``cards`` (default: :func:`teaser_cards`) weighs nothing. Where the page shows
    several stories one after another (:func:`_own_story`: the next ones an endless scroll
    loads), the walk goes into the one headed by one of ``titles`` (the page's own names),
    whatever its share, and takes none of the other stories."""
    if cards is None:
        cards = teaser_cards(blocks)
    mass, own = _votes(blocks, cards)
    node = root
    total = mass.get(root, 0)
    if not total:
        return [root]
    parent = stories = None
    while True:
        own_story = _own_story(node, mass, titles) if titles and stories is None else None
        if own_story is not None:
            parent, node, stories = node, own_story, node
            continue
        best, best_mass = None, 0
        for child in node:
            value = mass.get(child, 0)
            if value > best_mass:
                best, best_mass = child, value
        if best is None or best_mass < share * mass.get(node, 0) or _stops_above(node, best, mass):
            break
        if _continued(node, best, own, blocks):
            break
        parent, node = node, best
    if parent is None or parent is stories or not SIBLING_SHARE:
        return [node]
    floor = SIBLING_SHARE * mass.get(node, 0)
    return [child for child in parent if child is node or mass.get(child, 0) >= floor]


#: Headings that head a story (its title), in the order a story's first one is looked for.
_STORY_HEADINGS = ("h1", "h2", "h3")


def _own_story(node: HtmlElement, mass: dict[HtmlElement, int], titles: frozenset[str]) -> HtmlElement | None:
    """The page's own story among ``node``'s children, when they are stories of one kind: two
    or more siblings with the same tag and class, all with running text (a page builder's
    sections of one kind hold an image or a form here and there) and each headed by a
    heading of the same level (the stories an endless scroll appends, or a page of posts), and
    exactly one of them headed by one of ``titles``, whose words no other heading repeats. None
    otherwise: an article's sections are headed by a level under its title's, a list of posts
    names none of them as the page, and the replies of a thread are headed "Re: <its title>"."""
    groups: dict[tuple[str, str | None], list[HtmlElement]] = {}
    for child in node:
        if isinstance(child.tag, str) and child.tag not in _TEXT_UNITS:
            groups.setdefault((child.tag, child.get("class")), []).append(child)
    for members in groups.values():
        if len(members) < 2 or not all(mass.get(member, 0) for member in members):
            continue
        heads = _heads(members)
        if heads is None:
            continue
        names = [normalize(head.text_content()) for head in heads]
        own = [i for i, name in enumerate(names) if name in titles]
        if len(own) == 1 and not any(names[own[0]] in name for i, name in enumerate(names) if i != own[0]):
            return members[own[0]]
    return None


def _heads(members: list[HtmlElement]) -> list[HtmlElement] | None:
    """The first story heading of each member, or None as soon as one has none or its level
    differs from the first's (a long run of rows without headings is not read to its end)."""
    heads: list[HtmlElement] = []
    for member in members:
        head = next(member.iter(*_STORY_HEADINGS), None)
        if head is None or (heads and head.tag != heads[0].tag):
            return None
        heads.append(head)
    return heads


def _votes(blocks: list[Block], cards: set[HtmlElement]) -> tuple[dict[HtmlElement, int], dict[HtmlElement, int]]:
    """Per element: the running-text characters below it (teaser ``cards`` left out), and the
    index of the first running block written straight in it."""
    mass: dict[HtmlElement, int] = {}
    own: dict[HtmlElement, int] = {}
    for index, block in enumerate(blocks):
        if block.running and not in_cards(block, cards):
            weight = len(block.text)
            if block.kind in _STRAIGHT:
                own.setdefault(block.element, index)
            for node in _ancestors(block.element):
                mass[node] = mass.get(node, 0) + weight
    return mass, own


def _continued(node: HtmlElement, best: HtmlElement, own: dict[HtmlElement, int], blocks: list[Block]) -> bool:
    """True when ``best`` is ``node`` continued: the same tag and class, with running text
    written straight in ``node`` before it. That is an element left unclosed line after line
    (``<div class="text">line<br>`` again and again): each line one level deeper, where a
    browser shows them one after another. The walk stays at the first of them."""
    start = own.get(node)
    if start is None or best.tag != node.tag or best.get("class") != node.get("class"):
        return False
    return not any(inside(block.element, best) for block in blocks[:start])


def _stops_above(node: HtmlElement, best: HtmlElement, mass: dict[HtmlElement, int]) -> bool:
    """True when the walk stays at ``node`` rather than go into its heaviest child ``best``: a
    ``<p>`` with running text beside it, or another element after the article's lead."""
    if best.tag in _TEXT_UNITS:
        return mass.get(best, 0) < mass.get(node, 0)
    return _lead(node, best, mass) >= LEAD_SHARE * mass.get(best, 0)


def _lead(node: HtmlElement, best: HtmlElement, mass: dict[HtmlElement, int]) -> int:
    """The running text of the paragraphs among ``node``'s children before ``best``. Only those
    before: a paragraph after the article's block is as often the page's footer line."""
    total = 0
    for child in node:
        if child is best:
            break
        if child.tag in _TEXT_UNITS:
            total += mass.get(child, 0)
    return total


#: The element the page declares as its text replaces a container around it when it holds this
#: share of the container's running text.
DECLARED_SHARE = 0.3


def declared_text(
    declared: list[HtmlElement], nodes: list[HtmlElement], blocks: list[Block], titles: frozenset[str] = frozenset()
) -> HtmlElement | None:
    """The one element the page declares as its text (``furniture.role``'s ``TEXT``: schema.org's
    ``articleBody``, the microformats' ``entry-content``, ``e-content``; ``declared``, outermost
    first), when the container ``nodes`` hold it and more, and it holds :data:`DECLARED_SHARE` of
    their running text: a page whose sidebars hold as much running text as the post, so that no
    child holds most of it and the walk stops above the post (at ``<body>``, at the page's
    wrapper). Never when the page declares several texts (a list of entries) or the container
    is the declared element or inside it.

    Apart from the container, the declared element is the text when all the container's running
    text is marked furniture by name (a class or id; not by its tag alone, as a publishing
    system may set its story in an ``<aside>``), kept only because it holds most of the page's
    (a comment ten times as long as the post above it, a blog's sidebar beside a two-line post),
    and the declared element holds unmarked running text: the page's own statement against a
    marked box. Or when the page's headline (a heading that reads as one of ``titles``, the
    page's own names) stands right above the declared element and none stands in the container
    (a column of events beside a short post, with more prose than the post: the walk went into
    the column)."""
    if not declared or len(nodes) != 1:
        return None
    outer = declared[0]
    if any(not inside(element, outer) for element in declared[1:]):
        return None
    node = nodes[0]
    if inside(node, outer):  # the container is the declared element or inside it
        return None
    if not inside(outer, node):  # apart: the container is some other part of the page
        held = [b for b in blocks if b.running and inside(b.element, node)]
        if not any(b.running and not b.marks and inside(b.element, outer) for b in blocks):
            return None
        if held and all(any(_named(mark) for mark in b.marks) for b in held):
            return outer
        return outer if titles and _headed_by(outer, node, blocks, titles) else None
    total = own = 0
    for block in blocks:
        if block.running and inside(block.element, node):
            total += len(block.text)
            if inside(block.element, outer):
                own += len(block.text)
    return outer if own >= DECLARED_SHARE * total and own < total else None


def _headed_by(outer: HtmlElement, node: HtmlElement, blocks: list[Block], titles: frozenset[str]) -> bool:
    """The page's headline (a heading that reads as one of ``titles``) stands right above the
    declared element ``outer``, in its parent, and none stands in the container ``node``."""
    parent = outer.getparent()
    if parent is None:
        return False
    headed = False
    for block in blocks:
        if block.kind in HEADINGS and _reads_as(block.text, titles):
            if inside(block.element, node):
                return False
            if inside(block.element, parent) and not inside(block.element, outer):
                headed = True
    return headed


def _named(mark: HtmlElement) -> bool:
    """The marked element's class or id names furniture (not its tag alone: an ``<aside>``)."""
    return any(furniture_words(value) for value in (mark.get("class"), mark.get("id")) if value)


def inside(element: HtmlElement, ancestor: HtmlElement) -> bool:
    """True when ``element`` is ``ancestor`` or below it."""
    node: HtmlElement | None = element
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def _holder(block: Block) -> HtmlElement:
    """The element a block's text stands in: the block's own element for text written straight
    into a ``div``/``td``, else its parent (the one holding the paragraphs)."""
    if block.kind in ("div", "td", "th"):
        return block.element
    parent = block.element.getparent()
    return block.element if parent is None else parent


#: A teaser card holds at most this many links (its title, its author, "Read more"); a
#: holder of more is a column with a list of links beside its text.
CARD_LINKS = 4


def teaser_cards(blocks: list[Block]) -> set[HtmlElement]:
    """Holders of at most two running blocks after a link-only headline: teaser cards (a
    related story's linked title and its excerpt, in one element, in a paragraph of two lines,
    or written straight in a ``<div>`` of its own beside the title), whose text is no sign of the
    content. Not a card: a holder whose links all come after its text (a story's share links and
    related list), one of more than :data:`CARD_LINKS` links, the holder of the page's main
    heading (``<h1>``: a post with its category links). Lists of excerpts are cards too
    (:func:`excerpt_cards`)."""
    running: dict[HtmlElement, int] = {}
    linked: dict[HtmlElement, int] = {}
    titled: set[HtmlElement] = set()  # a link stands before the holder's first running block
    for block in blocks:
        if block.running:
            holder = _holder(block)
            running[holder] = running.get(holder, 0) + 1
            if block.element is not holder:  # a card may be one paragraph: a title line, an excerpt
                running[block.element] = running.get(block.element, 0) + 1
            else:  # text written straight in its element: the card may be around it (title, byline, excerpt)
                parent = holder.getparent()
                if parent is not None:
                    running[parent] = running.get(parent, 0) + 1
        elif block.link_density >= 0.9 and 2 <= block.words <= 30:
            node = block.element
            for _ in range(3):  # the title link's own block, its parent, the card
                linked[node] = linked.get(node, 0) + 1
                if node not in running:
                    titled.add(node)
                parent = node.getparent()
                if parent is None:
                    break
                node = parent
    cards = {holder for holder, count in running.items()
             if count <= 2 and holder in titled and linked[holder] <= CARD_LINKS and not _titled(holder)}
    cards |= excerpt_cards(blocks)
    alone = _sole_text(blocks, cards) if cards else None
    if alone is not None:
        cards.discard(alone)
    return cards


#: A card holding all of the page's running text in this many blocks or more is its text
#: (:func:`_sole_text`); one paragraph alone may be a sidebar's blurb (an author's profile under
#: their linked name) on a page whose post is all short lines.
SOLE_TEXT_BLOCKS = 2


def _sole_text(blocks: list[Block], cards: set[HtmlElement]) -> HtmlElement | None:
    """The one card that holds all of the page's running text, in :data:`SOLE_TEXT_BLOCKS`
    blocks or more, if one does: a short post's text under a linked byline ("Jane Roe", then two
    paragraphs) reads like a teaser, but a teaser stands beside some other text, and a page
    whose only text it is has no other."""
    found: HtmlElement | None = None
    count = 0
    for block in blocks:
        if not block.running:
            continue
        holder = _card_of(block, cards)
        if holder is None or (found is not None and holder is not found):
            return None
        found = holder
        count += 1
    return found if count >= SOLE_TEXT_BLOCKS else None


def _titled(holder: HtmlElement) -> bool:
    """The holder has the page's main heading as its child or grandchild."""
    return holder.find("h1") is not None or holder.find("*/h1") is not None


#: How a cut excerpt ends: an ellipsis, bare or in brackets ("…", "...", "[…]", "[...]").
_CUT = re.compile(r"(?:…|\.\.\.)\s*\]?$")
#: Sibling cards of one kind that make a list of excerpts.
EXCERPT_CARDS = 3


def excerpt_cards(blocks: list[Block]) -> set[HtmlElement]:
    """Sibling holders of one tag, at least :data:`EXCERPT_CARDS` of them, each of at most two
    running blocks, most of them ending cut short with an ellipsis: a list of excerpts of other
    posts (related posts, a blog's index), whose text is no sign of the content, even with no
    linked headline (their classes may differ: WordPress names each post in them)."""
    running: dict[HtmlElement, list[Block]] = {}
    for block in blocks:
        if block.running:
            running.setdefault(_holder(block), []).append(block)
    groups: dict[tuple[HtmlElement, str], list[HtmlElement]] = {}
    cut: dict[tuple[HtmlElement, str], int] = {}
    for holder, found in running.items():
        parent = holder.getparent()
        if parent is not None and len(found) <= 2:
            key = (parent, holder.tag)
            groups.setdefault(key, []).append(holder)
            cut[key] = cut.get(key, 0) + bool(_CUT.search(found[-1].text))
    return {holder for key, members in groups.items()
            if cut[key] >= EXCERPT_CARDS and 2 * cut[key] >= len(members) for holder in members}


def _score(block: Block) -> float:
    text = block.text
    return 1.0 + text.count(",") + text.count("，") + text.count("、") + min(3.0, len(text) / 100)


def best_candidate(root: HtmlElement, blocks: list[Block], sibling_share: float = 0.2) -> list[HtmlElement]:
    """Readability's vote: each running-text block scores for the element holding it, half
    for that one's parent, a third for the grandparent; the best element wins, with those of
    its siblings that scored at least ``sibling_share`` of it (an article cut in two parts)."""
    scores: dict[HtmlElement, float] = {}
    for block in blocks:
        if not block.running:
            continue
        holder = block.element if block.kind in ("div", "td", "th") else block.element.getparent()
        value = _score(block)
        for divisor in (1.0, 2.0, 3.0):
            if holder is None:
                break
            scores[holder] = scores.get(holder, 0.0) + value / divisor
            if holder is root:
                break
            holder = holder.getparent()
    if not scores:
        return [root]
    top = max(scores, key=lambda node: scores[node])
    parent = top.getparent()
    if parent is None or top is root:
        return [top]
    floor = max(2.0, sibling_share * scores[top])
    return [node for node in parent if node is top or scores.get(node, 0.0) >= floor]


_UNIT_TAGS = frozenset({"div", "article", "li", "section", "tr", "table", "dl"})


def repeated_units(blocks: list[Block]) -> int:
    """The largest number of sibling elements of one kind (tag and class) that each hold
    running text beside other text (a byline, a date, a link): posts of a thread, cards of a
    listing, items of a catalogue. Article paragraphs, even each in its own wrapper, hold one
    block each and do not count."""
    per_unit: dict[HtmlElement, list[int]] = {}  # candidate unit -> [running blocks, other blocks]
    #: element -> (a candidate unit, its parent): read once, though blocks share their ancestors
    seen: dict[HtmlElement, tuple[bool, HtmlElement | None]] = {}
    for block in blocks:
        node: HtmlElement | None = block.element
        for _ in range(4):  # the block's element and three ancestors
            if node is None:
                break
            known = seen.get(node)
            if known is None:
                known = seen[node] = (node.tag in _UNIT_TAGS and bool(node.get("class")), node.getparent())
            if known[0]:
                counts = per_unit.setdefault(node, [0, 0])
                counts[0 if block.running else 1] += 1
            node = known[1]
    groups: dict[tuple[HtmlElement, str, str], int] = {}
    for unit, (running, other) in per_unit.items():
        parent = unit.getparent()
        if running and other and parent is not None:
            key = (parent, unit.tag, unit.get("class") or "")  # the element, not id(): a proxy's id is reused
            groups[key] = groups.get(key, 0) + 1
    return max(groups.values(), default=0)
