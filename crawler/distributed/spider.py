"""What a worker spider offers the frontier: :class:`FrontierSpider`, and the mixin giving it.

With ``DISTRIBUTED`` off the mixin only forwards ``update_settings`` and ``frontier`` stays None.
The scheduler and middlewares reach the spider only through :class:`FrontierSpider`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from scrapy import Request
from scrapy.http import Response

from crawler.discovery.targets import DEPTH, SITE, VIA, Target
from crawler.distributed.keys import SEED_CALLBACKS, TOKEN, configure_settings, worker_id

if TYPE_CHECKING:
    from crawler.sites import Site

logger = logging.getLogger(__name__)


@runtime_checkable
class FrontierSpider(Protocol):
    """The spider side of the shared frontier (see :class:`crawler.distributed.scheduler.Scheduler`)."""

    frontier: Any
    worker_id: str

    def requests_from_seeds(self) -> Iterator[Request]:
        """Requests for the JSON seeds waiting in the shared frontier."""

    def written_this_run(self, requests: list[Request], since: float) -> list[bool]:
        """For each request: was its article's record already written in this run?"""

    def held_items(self, response: Response) -> list[Any]:
        """Items of this response not written yet (posts waiting for their claimed source)."""


class DistributedSpiderMixin:
    """Gives a :class:`crawler.spiders.base.SiteSpider` the :class:`FrontierSpider` methods.

    The spider provides ``site_for(name)``, ``target_request(site, target)``,
    ``written_urls(requests, since)`` and ``waiting_items(url)``.
    """

    #: the shared frontier (crawler.distributed.scheduler.Scheduler) once the worker's scheduler is open
    frontier: Any = None
    crawler: Any

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        super().update_settings(settings)  # type: ignore[misc]
        if settings.getbool("DISTRIBUTED"):
            configure_settings(settings)

    @property
    def worker_id(self) -> str:
        """Names this process in the shared frontier and in its output file (``%(worker_id)s``)."""
        if "_worker_id" not in self.__dict__:
            self.__dict__["_worker_id"] = worker_id()
        return str(self.__dict__["_worker_id"])

    def site_for(self, name: str) -> Site | None:
        raise NotImplementedError

    def target_request(self, site: Site, target: Target, **meta: Any) -> Request:
        raise NotImplementedError

    def request_from_seed(self, seed: dict[str, Any]) -> Request | None:
        """The request of one JSON seed, or None (logged) when it does not fit this spider's sites."""
        meta = dict(seed.get("meta") or {})
        callback = seed.get("callback") or meta.pop("callback", None) or "parse_index"
        site = self.site_for(str(meta.get(SITE)))
        if site is None or callback not in SEED_CALLBACKS:
            self.crawler.stats.inc_value("distributed/seed_skipped")
            logger.warning("Skipping start URL %s: site %r is not a site this spider crawls, or callback %r "
                           "is unknown", seed.get("url"), meta.get(SITE), callback)
            return None
        via = str(meta.pop(VIA, None) or {"parse_index": "index", "parse_listing": "feed"}.get(callback, "sitemap"))
        meta.pop(SITE, None)
        depth = meta.pop(DEPTH, 0) if callback == "parse_index" else None
        return self.target_request(site, Target(seed["url"], callback, via, depth), **meta)

    def requests_from_seeds(self) -> Iterator[Request]:
        """Requests for the JSON seeds waiting in the shared frontier (each leased until queued)."""
        frontier = self.frontier
        while frontier is not None:
            popped = frontier.pop_seed()
            if popped is None:
                return
            token, seed = popped
            request = self.request_from_seed(seed)
            if request is None:
                frontier.ack_seed(token)
                continue
            request.meta[TOKEN] = token  # acknowledged once the scheduler queued it
            yield request
