"""Runs the state-store stages (syndication, source check) off the reactor thread.

Each stage is an ordinary Scrapy item pipeline in its own module, with a plain synchronous
``process_item``. Their work is mostly state-store queries, which would otherwise block the
reactor thread (and with it downloads, parsing and the extraction pool) for a few milliseconds
per article. This pipeline builds the stages listed in ``STATE_STAGES`` (in order) and runs
them, one item after another, in one dedicated thread that owns their store connections, so the
reactor thread goes on while SQLite or Redis works. A stage that raises ``NotConfigured`` is
left out; ``DropItem`` from a stage drops the item as usual.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler, load_object

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class StateStagesPipeline:
    """Item pipeline: the ``STATE_STAGES`` stages, in one worker thread."""

    def __init__(self, stages: list[Any]) -> None:
        if not stages:
            raise NotConfigured("no state stage enabled")
        self.stages = stages
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="state-stages")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StateStagesPipeline:
        stages = []
        for path in crawler.settings.getlist("STATE_STAGES"):
            try:
                stages.append(build_from_crawler(load_object(path), crawler))
            except NotConfigured as exc:
                logger.info("State stage %s is off%s", path, f": {exc}" if exc.args else "")
        return cls(stages)

    def _call(self, method: str, *args: Any) -> None:
        for stage in self.stages:
            fn = getattr(stage, method, None)
            if fn is not None:
                fn(*args)

    def open_spider(self, spider: Spider | None = None) -> None:
        # stores are opened in the worker thread, which then owns their connections
        self.executor.submit(self._call, "open_spider").result()

    def close_spider(self, spider: Spider | None = None) -> None:
        try:
            self.executor.submit(self._call, "close_spider").result()
        finally:
            self.executor.shutdown(wait=True)

    def _process(self, item: Any) -> Any:
        for stage in self.stages:
            item = stage.process_item(item)
        return item

    async def process_item(self, item: Any) -> Any:
        return await asyncio.wrap_future(self.executor.submit(self._process, item))
