"""Distributed crawling: several crawler processes share one frontier in Redis (scrapy-redis).

``-s DISTRIBUTED=True -s REDIS_URL=redis://HOST:PORT/DB`` turns the ``news`` and ``aggregator``
spiders into workers (:func:`configure_settings`, applied by ``SiteSpider.update_settings``):

* the scheduler is scrapy-redis's, subclassed here (:class:`Scheduler`): every request goes to one
  shared priority queue (``<spider>:requests``), every worker pops from it; scrapy-redis's
  ``RFPDupeFilter`` (``<spider>:dupefilter``) keeps a URL from being queued twice *in one run*;
* ``scrapy seed <spider> -a sites=FILE`` starts a run: it forgets the previous run's frontier
  (queue, fingerprints, leases) and pushes the discovery URLs (sitemaps, feeds, index pages) as
  JSON start URLs (``<spider>:start_urls``, scrapy-redis's format ``{"url", "meta"}`` plus our
  ``"callback"``), which the workers' ``start()`` reads instead of the sites file (the sites file
  still gives the site definitions). Discovery pages are therefore fetched again every run;
  articles are not, because the state store's seen marks (``INCREMENTAL_*``) skip them;
* **leases** (what scrapy-redis lacks): a worker pops a request atomically into its own in-flight
  hash (``<spider>:inflight:<worker>``) and removes it only once the request is finished: its
  callback output handled and every item it produced written (or dropped), or the request handed
  back to the queue (redirect, retry), or its download failed for good. Each worker renews a lease
  (``<spider>:workers``, ``DISTRIBUTED_LEASE``); the in-flight requests of a worker whose lease ran
  out (killed, host lost) go back to the queue, where another worker picks them up. A request
  whose article was already written in this run is dropped when popped again, so a worker killed
  between the write and the acknowledgement does not make the record appear twice;
* **prefetch**: a worker holds at most ``DISTRIBUTED_PREFETCH`` popped, unfinished requests, so
  several workers split the queue instead of the first one taking most of it;
* **round trips**: a worker pops several requests in one call (when a quarter of its prefetch is
  free), and the requests its callbacks make reach Redis in batches, with the next pop or
  acknowledgement, in the same atomic script (:data:`_SYNC`), so a request's children are always
  queued before it is acknowledged;
* **exit**: a worker stops once the whole frontier (queue, start URLs, other workers' in-flight
  requests) has been empty for ``DISTRIBUTED_IDLE_TIMEOUT`` seconds (scrapy-redis spiders idle
  forever by default);
* requests that carry process-local state (claimed-source fetches, whose posts wait in the
  worker's memory) stay in a local queue of the worker that made them;
* each worker writes its own output file; ``scrapy merge`` joins them (see
  ``crawler/commands/merge.py``).

scrapy-redis 0.9.1 on Scrapy 2.19: its scheduler passes ``spider=`` to ``StatsCollector.inc_value``
(deprecated); the subclass here counts without it. Its ``RedisMixin.start_requests`` is never
called by Scrapy 2.19 (``start()`` is), and its ``make_request_from_data`` would turn any extra
JSON key into form data, so the spiders read the start URLs themselves (:meth:`Scheduler.pop_seed`).
Requests are serialised as JSON (this module's :func:`dumps` / :func:`loads`), not pickle: nothing
read from a shared server is unpickled.

Key layout (``P`` = ``DISTRIBUTED_KEY_PREFIX``, default empty; ``S`` = the spider name)::

    P S:start_urls        list    JSON seeds (scrapy seed)
    P S:requests          zset    the shared queue (scrapy-redis PriorityQueue, JSON requests)
    P S:dupefilter        set     request fingerprints of this run (scrapy-redis RFPDupeFilter)
    P S:inflight:WORKER   hash    token -> "SCORE\\nREQUEST" (or "seed\\nSEED") popped by WORKER
    P S:workers           zset    WORKER -> lease deadline (epoch seconds)
    P S:run               hash    started (epoch seconds of the seed), seeds

The package, one module per Scrapy role it replaces (as scrapy-redis is laid out):
:mod:`.keys` (key templates, settings, worker ids), :mod:`.codec` (the queue's JSON serializer),
:mod:`.scripts` (the Lua scripts), :mod:`.scheduler` (the leased scheduler), :mod:`.middlewares`
(acknowledgements), :mod:`.seeds` (``scrapy seed``), :mod:`.spider` (what a worker spider adds).
The names below stay importable from ``crawler.distributed`` (dotted paths in settings).
"""

from __future__ import annotations

from crawler.distributed.codec import dumps, loads
from crawler.distributed.keys import (
    DEFAULT_REDIS_URL,
    SEED_CALLBACKS,
    TOKEN,
    configure_settings,
    keys,
    redis_url,
    safe_url,
    worker_id,
)
from crawler.distributed.middlewares import FrontierDownloaderMiddleware, FrontierSpiderMiddleware
from crawler.distributed.scheduler import Scheduler
from crawler.distributed.seeds import discovery_seeds, push_seeds, reset_run, server_from_settings

__all__ = [
    "DEFAULT_REDIS_URL",
    "SEED_CALLBACKS",
    "TOKEN",
    "FrontierDownloaderMiddleware",
    "FrontierSpiderMiddleware",
    "Scheduler",
    "configure_settings",
    "discovery_seeds",
    "dumps",
    "keys",
    "loads",
    "push_seeds",
    "redis_url",
    "reset_run",
    "safe_url",
    "server_from_settings",
    "worker_id",
]
