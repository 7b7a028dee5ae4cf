"""Runs the article extraction off the reactor thread, in a pool of worker processes.

Extraction is CPU-bound pure Python/lxml work; in the reactor thread it would serialise the
whole crawl on one core. ``ExtractionRunner`` keeps ``EXTRACTION_WORKERS`` processes (0 runs
extraction inline, in the reactor thread) and talks to each over a pipe watched by the asyncio
event loop, so waiting costs no thread. A worker that crashes or overruns
``EXTRACTION_TIMEOUT`` is killed and replaced: that costs the one page it was working on
(logged, counted as ``extraction/worker_crash`` or ``extraction/timeout``), never the crawl.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from crawler.extraction import NotArticle

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

DEFAULT_FUNCTION = "crawler.extraction.extract_article"


def load_function(path: str) -> Callable[..., dict[str, Any]]:
    """The extraction function named by a dotted path (``EXTRACTION_FUNCTION``)."""
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def _work(conn: Connection, min_words: int, function: str) -> None:
    """Worker loop: receive ``(body, url, headers, hints)``, send back ``(status, payload)``."""
    extract = load_function(function)
    # What the worker was forked with (modules, the language model, the warmed tables) lives as
    # long as it does: out of the collector's reach, the collections that page garbage triggers
    # do not walk it again and again, nor copy its memory pages from the fork server's
    gc.freeze()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        body, url, headers, hints = task
        try:
            result: tuple[str, Any] = ("ok", extract(body, url, headers, min_words=min_words, **hints))
        except NotArticle as exc:
            result = ("not_article", exc.reason)
        except Exception as exc:
            result = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(result)
        except (BrokenPipeError, OSError):
            return


@dataclass
class _Worker:
    process: Any
    conn: Connection
    future: asyncio.Future[Any] | None = None
    timer: asyncio.TimerHandle | None = None
    url: str = ""


@dataclass
class ExtractionRunner:
    """Extract articles inline (``workers=0``) or in ``workers`` processes."""

    workers: int
    timeout: float
    min_words: int
    stats: StatsCollector | None = None
    function: str = DEFAULT_FUNCTION
    _idle: list[_Worker] = field(default_factory=list)
    _all: list[_Worker] = field(default_factory=list)
    _waiting: deque[asyncio.Future[_Worker]] = field(default_factory=deque)
    _closed: bool = False

    @classmethod
    def from_settings(cls, settings: BaseSettings, stats: StatsCollector | None = None) -> ExtractionRunner:
        workers = settings.getint("EXTRACTION_WORKERS")
        if workers < 0:
            workers = os.cpu_count() or 1
        return cls(
            workers=workers,
            timeout=settings.getfloat("EXTRACTION_TIMEOUT"),
            min_words=settings.getint("EXTRACTION_MIN_WORDS"),
            stats=stats,
            function=settings.get("EXTRACTION_FUNCTION"),
        )

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)

    async def extract(self, body: bytes, url: str, headers: dict[str, str], **hints: bool) -> dict[str, Any] | None:
        """The article fields, or None when the extraction failed (counted, logged).

        ``hints`` are the extraction function's provenance keyword arguments (for
        ``extract_article``: ``listed``, ``pattern_match``), passed through unchanged.
        Raises ``NotArticle`` for pages that are not articles.
        """
        if self.workers == 0:
            try:
                return load_function(self.function)(body, url, headers, min_words=self.min_words, **hints)
            except NotArticle:
                raise
            except Exception as exc:
                self._inc("extraction/error")
                logger.error("Extraction failed for %s: %s: %s", url, type(exc).__name__, exc)
                return None
        worker = await self._acquire()
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[Any] = loop.create_future()
        worker.future, worker.url = fut, url
        try:
            worker.conn.send((body, url, headers, hints))
        except (BrokenPipeError, OSError):
            self._replace(worker, "worker_crash")
            return None
        worker.timer = loop.call_later(self.timeout, self._on_timeout, worker)
        status, payload = await fut
        if status == "ok":
            return payload  # type: ignore[no-any-return]
        if status == "not_article":
            raise NotArticle(payload)
        if status == "error":
            self._inc("extraction/error")
            logger.error("Extraction failed for %s: %s", url, payload)
        return None

    # --- pool ---------------------------------------------------------------------------
    async def _acquire(self) -> _Worker:
        if self._idle:
            return self._idle.pop()
        if len(self._all) < self.workers:
            return self._spawn()
        waiter: asyncio.Future[_Worker] = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        return await waiter

    def _release(self, worker: _Worker) -> None:
        worker.future, worker.url = None, ""
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    def _spawn(self) -> _Worker:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["crawler.extraction.warm"])  # workers start warm
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_work, args=(child, self.min_words, self.function), daemon=True,
                           name="extraction-worker")
        proc.start()
        child.close()
        worker = _Worker(proc, parent)
        self._all.append(worker)
        asyncio.get_running_loop().add_reader(parent.fileno(), self._on_readable, worker)
        return worker

    def _on_readable(self, worker: _Worker) -> None:
        try:
            result = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker, "worker_crash")
            return
        if worker.timer is not None:
            worker.timer.cancel()
        fut = worker.future
        self._release(worker)
        if fut is not None and not fut.done():
            fut.set_result(result)

    def _on_timeout(self, worker: _Worker) -> None:
        self._replace(worker, "timeout")

    def _replace(self, worker: _Worker, reason: str) -> None:
        """Kill ``worker`` (its page is lost, counted) and free its slot for a new one."""
        self._inc(f"extraction/{reason}")
        logger.error("Extraction %s on %s: worker replaced, page skipped", reason.replace("_", " "), worker.url)
        self._discard(worker)
        fut = worker.future
        if fut is not None and not fut.done():
            fut.set_result(("lost", reason))
        if not self._closed and self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(self._spawn())

    def _discard(self, worker: _Worker) -> None:
        if worker.timer is not None:
            worker.timer.cancel()
        try:
            asyncio.get_running_loop().remove_reader(worker.conn.fileno())
        except (RuntimeError, OSError, ValueError):
            pass
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        if worker in self._all:
            self._all.remove(worker)
        if worker in self._idle:
            self._idle.remove(worker)

    def close(self) -> None:
        """Stop every worker (connected to ``spider_closed``)."""
        self._closed = True
        for worker in list(self._all):
            try:
                worker.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        for worker in list(self._all):
            worker.process.join(timeout=2)
            self._discard(worker)
