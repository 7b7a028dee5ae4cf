"""Imported by the extraction pool's fork server before it forks workers: every worker starts
with the extraction modules imported, the language model and the function words loaded
(``language._model``, ``language.function_words``) and every lazily built table ready, so its
first page does not pay ~0.5 s of start-up against ``EXTRACTION_TIMEOUT``, and the pool's
workers do not each build them again.

The tables (the claim-phrase index, the per-kind claim patterns, trafilatura's and lxml's
compiled expressions) are built on first use; :func:`warm_up` builds them once here, in the fork
server, by extracting one small built-in page (and the claim patterns of every kind). They are
caches: what a page gives never depends on them having been built before.
"""

from __future__ import annotations

from . import article  # (imports the whole extraction)
from .claim_phrases import kind_pattern, kinds
from .language import _model, function_words

#: A small article with a claimed source, a byline and a date: extracting it takes every path of
#: the extraction that builds a table on first use (claim phrases, language, dates, metadata).
SAMPLE_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Warm-up story - Example Times</title>
<meta property="og:title" content="Warm-up story">
<meta name="author" content="Ann Writer">
<meta property="article:published_time" content="2020-01-02T03:04:05Z">
<link rel="canonical" href="http://warm.invalid/2020/01/02/warm-up-story/">
</head><body><header><nav><a href="/">Home</a> <a href="/news/">News</a></nav></header>
<main><article><h1>Warm-up story</h1><p class="byline">By Ann Writer, January 2, 2020</p>
<p>The city council approved a new budget on Tuesday after a long debate about the cost of
repairs to the old bridge, which engineers say has carried more traffic every year.</p>
<p>Members of the council said the money would come from savings in other departments and that
no new taxes would be needed this year, although some residents doubted the figures.</p>
<p>Work on the bridge is expected to start in the spring and to last about eighteen months,
during which one lane will stay open in each direction for cars and buses.</p>
<p>Article source: <a href="http://source.invalid/2020/01/01/bridge-budget/">
http://source.invalid/2020/01/01/bridge-budget/</a></p></article></main>
<footer><p>Copyright 2020 Example Times</p></footer></body></html>"""


def warm_up() -> None:
    """Extract :data:`SAMPLE_PAGE` once (its result is thrown away; any error is ignored: a
    worker then builds what is missing on its first page, as it would without this), then build
    the pattern of every kind of claim phrase: the page reaches two of them, and the others
    (a negation, a "via" or "read more" line) are tried only on the pages whose lines need them,
    some 15 ms each, which every worker would otherwise pay again."""
    try:
        article.extract_article(SAMPLE_PAGE, "http://warm.invalid/2020/01/02/warm-up-story/", {})
    except Exception:  # NotArticle or a bug: warming is best effort
        pass
    for kind in kinds():
        kind_pattern(kind)


_model()
function_words()
warm_up()
