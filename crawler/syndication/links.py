"""Links: which stored articles a text is contained in, or contains (a fact about two articles).

Each article is stored with its sketch S (a ``mod``/``tau`` sample of its shingle hashes, see
:mod:`.sketch`), whose hashes are its postings in the candidate index. Whether two articles a and
b are linked is decided from their two stored sketches alone, by one fixed rule, so it does not
matter which of them arrived first or which store holds them:

* boilerplate B: the hashes held by ``boilerplate_articles`` or more articles of one site (a
  site's template: widgets, footers, share bars; :func:`boilerplate`). It depends only on the set
  of stored articles;
* shared = ``|S_a ∩ S_b - B|``; containment of a in b = shared / ``|{h in S_a - B : b's sample
  decides h}|``, and of b in a the same way round (:func:`containment_in`). A direction counts
  when at least ``min_base`` hashes decide it and ``shared >= min_shared``;
* the pair is linked in a direction whose containment reaches ``threshold``
  (``same_site_threshold`` for two articles of one site) and that the publication dates allow
  (:func:`direction_ok`); both directions: the texts are near-duplicates.

Because ``shared`` counts sampled hashes both articles hold, the candidate search (postings of the
article's own non-boilerplate sampled hashes, every candidate with ``min_shared`` hits or more)
finds every linked pair from either side. :func:`find_links` gives an article's links.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from functools import lru_cache
from itertools import chain

from crawler.dates import parse_date
from crawler.state.base import LINK_BOTH, LINK_HAS, LINK_IN, StateStore, StoredArticle, swap_link
from crawler.syndication.boilerplate import Boilerplate
from crawler.syndication.config import DedupConfig
from crawler.syndication.sketch import Sketch, containment_counts, full_sketch


@lru_cache(maxsize=2048)
def parse_sketch(data: str) -> Sketch:
    """A stored sketch's JSON read (the last 2,048 kept: one article's is read again and again)."""
    return Sketch.from_json(data)


def sketch_of(article: StoredArticle) -> Sketch:
    """The stored sample of an article's text."""
    if not article.sketch:
        return full_sketch(())
    return parse_sketch(article.sketch)


def min_shingles(cfg: DedupConfig) -> int:
    """Distinct shingles of a text of ``min_words`` words: fewer, and it never links either way."""
    return max(1, cfg.min_words - cfg.shingle_size + 1)


def containment_in(a: Sketch, b: Sketch, ignore: Collection[int], cfg: DedupConfig) -> float | None:
    """Containment of text a in text b from their samples, boilerplate ignored; None when fewer
    than ``min_base`` hashes decide it or fewer than ``min_shared`` are shared."""
    shared, base = containment_counts(a, b, ignore)
    if base < max(1, cfg.min_base) or shared < cfg.min_shared:
        return None
    return shared / base


def date_key(value: str | None) -> tuple[int, int]:
    """``(day ordinal, epoch seconds)`` of a ``datePublished`` value: ``(-1, -1)`` when unknown,
    seconds ``-1`` for a date without a time."""
    dt, has_time = parse_date(value)
    if dt is None:
        return -1, -1
    return dt.toordinal(), int(dt.timestamp()) if has_time else -1


def published_after(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when ``a`` was published strictly after ``b`` (both :func:`date_key`), at the finest
    resolution both have (the day when either has no time); False when either is unknown."""
    if a[0] < 0 or b[0] < 0:
        return False
    if a[1] < 0 or b[1] < 0:
        return a[0] > b[0]
    return a[1] > b[1]


def direction_ok(
    forward: float | None, backward: float | None, threshold: float, record_later: bool, candidate_later: bool
) -> bool:
    """Whether the containment of a link can be a copy relation, given the publication dates.

    Both texts contained in each other (a near-duplicate): always. Only one contained in the other:
    a containing text that could be an original (not an aggregator's post) must not have been
    published after the contained one. ``record_later`` is True when the record is such a text
    published after the candidate, ``candidate_later`` the reverse (both False when a date is
    unknown). A news article published after a shorter text that it contains is quoting it (a
    follow-up quoting the paragraph that an aggregator excerpted), not its original; two
    aggregator posts sharing text are copies of one source, whatever their dates."""
    fwd = forward is not None and forward >= threshold
    bwd = backward is not None and backward >= threshold
    if fwd and bwd:
        return True
    return (fwd and not candidate_later) or (bwd and not record_later)


def _later(a: StoredArticle, b: StoredArticle) -> bool:
    """``a`` could be an original (not an aggregator's post) and was published after ``b``."""
    return a.site_kind != "aggregator" and published_after(date_key(a.date_published), date_key(b.date_published))


def pair_link(a: StoredArticle, sa: Sketch, b: StoredArticle, sb: Sketch, ignore: Collection[int],
              cfg: DedupConfig) -> int:
    """The link between articles a and b seen from a (``LINK_IN``: a is contained in b,
    ``LINK_HAS``: b in a, ``LINK_BOTH``, or 0), from their stored sketches (module docstring).
    Symmetric: ``pair_link(b, ..., a, ...) == swap_link(pair_link(a, ..., b, ...))``."""
    if b.url < a.url:
        return swap_link(pair_link(b, sb, a, sa, ignore, cfg))
    if min(sa.size, sb.size) < min_shingles(cfg):
        return 0
    limit = cfg.same_site_threshold if a.site and a.site == b.site else cfg.threshold
    fwd, bwd = containment_in(sa, sb, ignore, cfg), containment_in(sb, sa, ignore, cfg)
    a_in_b = fwd is not None and fwd >= limit
    b_in_a = bwd is not None and bwd >= limit
    if a_in_b and b_in_a:
        return LINK_BOTH
    kind = 0
    if a_in_b and direction_ok(fwd, None, limit, False, _later(b, a)):
        kind |= LINK_IN
    if b_in_a and direction_ok(None, bwd, limit, _later(a, b), False):
        kind |= LINK_HAS
    return kind


def find_links(store: StateStore, article: StoredArticle, sketch: Sketch, cfg: DedupConfig,
               bp: Boilerplate | None = None) -> dict[str, int]:
    """The stored articles linked to ``article`` (stored or not) and how, seen from it: every
    article sharing ``min_shared`` non-boilerplate sampled hashes with it is examined."""
    if sketch.size < min_shingles(cfg) or not sketch.hashes:
        return {}
    bp = bp or Boilerplate(store, cfg)
    if bp.minimum > 0 and not bp.knows(sketch.hashes):  # one round trip: counts and postings
        postings, ignore = store.candidate_postings(sketch.hashes, cfg.posting_limit, cfg.boilerplate_articles)
        bp.learn(sketch.hashes, ignore)
        hits: Counter[str] = Counter(chain.from_iterable(postings.values()))
    else:
        ignore = bp.of(sketch.hashes)
        hits = store.posting_counts(sketch.hashes - ignore, cfg.posting_limit)
    hits.pop(article.url, None)
    wanted = sorted(u for u, n in hits.items() if n >= cfg.min_shared)
    if not wanted:
        return {}
    others = store.get_articles(wanted)
    sketches = {u: sketch_of(a) for u, a in others.items()}
    # the boilerplate status of every hash the containments read (the candidates' own hashes too)
    rest = set().union(*(s.hashes for s in sketches.values())) - sketch.hashes
    ignore |= bp.of(rest)
    links = {}
    for u in wanted:
        if u in others:
            kind = pair_link(article, sketch, others[u], sketches[u], ignore, cfg)
            if kind:
                links[u] = kind
    return links
