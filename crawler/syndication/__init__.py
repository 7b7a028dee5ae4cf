"""Syndication: which records are copies of which, across sites and runs (pure logic + a store).

The way through it:

* :mod:`.sketch`: a record's text as word shingles, stable 63-bit hashes and sampled sketches;
* :mod:`.boilerplate`: the shingles of a site's template, ignored when texts are compared;
* :mod:`.links`: whether two stored articles are linked (one text contained in the other, from
  their two sketches, boilerplate ignored, dates consulted), and an article's links;
* :mod:`.graph`: the clusters of a component of links (a pure function of its articles);
* :mod:`.clusters`: :func:`assign` indexes a record and updates the clusters of its component;
  :func:`evaluate` says where it belongs without changing the state (``scrapy recheck``);
* :mod:`.election`: the order that makes an article a story's original, and the rule that decided;
* :mod:`.config`: :class:`DedupConfig`, the ``DEDUP_*`` settings.

Everything the store keeps is derived from the set of stored articles, never from the order in
which they arrived or the store that holds them. No Scrapy imports: the pipelines and
``scrapy recheck`` call the same functions.
"""

from __future__ import annotations

from crawler.syndication.boilerplate import boilerplate
from crawler.syndication.clusters import (
    assign,
    cluster_original,
    ensure_links,
    evaluate,
    new_cluster_id,
    rebuild,
)
from crawler.syndication.config import DedupConfig
from crawler.syndication.election import KIND_RANK, RULES, elect_original
from crawler.syndication.sketch import record_sketch, record_text

__all__ = [
    "KIND_RANK",
    "RULES",
    "DedupConfig",
    "assign",
    "boilerplate",
    "cluster_original",
    "elect_original",
    "ensure_links",
    "evaluate",
    "new_cluster_id",
    "rebuild",
    "record_sketch",
    "record_text",
]
