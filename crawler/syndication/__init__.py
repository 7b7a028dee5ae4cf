"""Syndication: which records are copies of which, across sites and runs (pure logic + a store).

The way through it:

* :mod:`.sketch`: a record's text as word shingles, stable 63-bit hashes and sampled sketches;
* :mod:`.links`: the stored articles whose text contains the record's or is contained in it
  (containment both ways, boilerplate ignored, dates and clusters consulted);
* :mod:`.clusters`: :func:`assign` puts a record in the cluster of its story (or founds one);
  :func:`evaluate` says where it belongs without changing the state (``scrapy recheck``);
* :mod:`.election`: the cluster's original, and the rule that chose it;
* :mod:`.config`: :class:`DedupConfig`, the ``DEDUP_*`` settings.

No Scrapy imports: the pipelines and ``scrapy recheck`` call the same functions.
"""

from __future__ import annotations

from crawler.syndication.clusters import assign, cluster_original, evaluate, new_cluster_id
from crawler.syndication.config import DedupConfig
from crawler.syndication.election import KIND_RANK, RULES, elect_original
from crawler.syndication.links import boilerplate
from crawler.syndication.sketch import record_sketch, record_text

__all__ = [
    "KIND_RANK",
    "RULES",
    "DedupConfig",
    "assign",
    "boilerplate",
    "cluster_original",
    "elect_original",
    "evaluate",
    "new_cluster_id",
    "record_sketch",
    "record_text",
]
