"""Runs the article extraction off the reactor thread, in a pool of worker processes.

Extraction is CPU-bound pure Python/lxml work; in the reactor thread it would serialise the
whole crawl on one core. ``ExtractionRunner`` keeps ``EXTRACTION_WORKERS`` processes (0 runs
extraction inline, in the reactor thread) and talks to each over a pipe watched by the asyncio
event loop, so waiting costs no thread. A worker that crashes or overruns
``EXTRACTION_TIMEOUT`` is killed and replaced: that costs the one page it was working on
(logged, counted as ``extraction/worker_crash`` or ``extraction/timeout``), never the crawl.

When the items go to the syndication stage (``STATE_STAGES``), each worker also samples the
article's text for it (:mod:`crawler.syndication.prepared`, under the fields' ``textSample``): the
stage, on the crawl process's thread of the state stages, then takes the sample instead of making
it.

The workers are forked by a multiprocessing fork server that imports and warms the extraction once
(``crawler.extraction.warm``, about a second). It is started in a thread when the spider is built
(:meth:`ExtractionRunner.prepare`) and the workers in another when the spider opens
(:meth:`ExtractionRunner.start`): that second passes while Scrapy starts and fetches the first
pages (robots.txt, sitemaps, index pages), not after the first article arrived, and never blocks
the reactor. Pages that arrive before the workers run wait for one, as when all are busy.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from crawler.extraction import NotArticle
from crawler.syndication.config import DedupConfig
from crawler.syndication.prepared import SAMPLE_KEY, prepare, sample_params

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

DEFAULT_FUNCTION = "crawler.extraction.extract_article"
#: The state stage whose records the workers sample the text for (:mod:`crawler.syndication.prepared`).
SYNDICATION_STAGE = "crawler.pipelines.syndication.SyndicationPipeline"


def load_function(path: str) -> Callable[..., dict[str, Any]]:
    """The extraction function named by a dotted path (``EXTRACTION_FUNCTION``)."""
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def _context() -> Any:
    """The multiprocessing context the workers are started from: a fork server that has
    imported and warmed the extraction before it forks any."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["crawler.extraction.warm", "crawler.syndication.prepared"])
    return ctx


def _start_fork_server() -> None:
    """Start the fork server (it is the process's, one for all pools); errors are only logged:
    starting a worker tries again, and fails where the crawl can see it."""
    try:
        _context()
        multiprocessing.forkserver.ensure_running()
    except Exception as exc:
        logger.warning("Extraction fork server could not be started ahead (%s: %s)", type(exc).__name__, exc)


def _work(conn: Connection, options: dict[str, Any], function: str, sample: list[int] | None = None) -> None:
    """Worker loop: receive ``(url, headers, hints)`` and then the page's bytes as a message of
    their own (:meth:`ExtractionRunner.extract`), send back ``(status, payload)``; ``options``:
    the keyword arguments of every call (:attr:`ExtractionRunner.options`); with
    ``sample`` (:func:`~crawler.syndication.prepared.sample_params`), an article's fields carry
    the sample of its text."""
    extract = load_function(function)
    # What the worker was forked with (modules, the language model, the warmed tables) lives as
    # long as it does: out of the collector's reach, the collections that page garbage triggers
    # do not walk it again and again, nor copy its memory pages from the fork server's
    gc.freeze()
    while True:
        try:
            task = conn.recv()
            if task is None:
                return
            body = conn.recv_bytes()
        except (EOFError, OSError):
            return
        url, headers, hints = task
        try:
            result: tuple[str, Any] = ("ok", _with_sample(extract(body, url, headers, **options, **hints), sample))
        except NotArticle as exc:
            result = ("not_article", exc.reason)
        except Exception as exc:
            result = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(result)
        except (BrokenPipeError, OSError):
            return


def _with_sample(fields: dict[str, Any], sample: list[int] | None) -> dict[str, Any]:
    """``fields`` with the sample of their text (:func:`_work`); as they are when it fails (the
    syndication stage then samples the text itself)."""
    if sample is not None and isinstance(fields, dict):
        with contextlib.suppress(Exception):  # never the page's loss: the stage samples the text
            fields[SAMPLE_KEY] = prepare(fields, sample)
    return fields


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
    #: The article decision's stricter threshold (``EXTRACTION_STRICT_DECISION``).
    strict: bool = False
    function: str = DEFAULT_FUNCTION
    #: What the workers sample the article's text with for the syndication stage (None: not).
    sample: list[int] | None = None
    _idle: list[_Worker] = field(default_factory=list)
    _all: list[_Worker] = field(default_factory=list)
    _waiting: deque[asyncio.Future[_Worker]] = field(default_factory=deque)
    _closed: bool = False
    #: Workers being started by :meth:`start`'s thread (not in ``_all`` yet).
    _starting: int = 0

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
            strict=settings.getbool("EXTRACTION_STRICT_DECISION"),
            function=settings.get("EXTRACTION_FUNCTION"),
            sample=sample_params(DedupConfig.from_settings(settings))
            if SYNDICATION_STAGE in settings.getlist("STATE_STAGES") else None,
        )

    @property
    def options(self) -> dict[str, Any]:
        """The keyword arguments every call of the function gets beside the hints: ``min_words``,
        and ``strict`` only when it is on (a custom ``EXTRACTION_FUNCTION`` without that keyword
        still works with the setting off)."""
        return {"min_words": self.min_words, **({"strict": True} if self.strict else {})}

    @property
    def running(self) -> int:
        """Worker processes in the pool now."""
        return len(self._all)

    @property
    def starting(self) -> int:
        """Worker processes :meth:`start` is still starting."""
        return self._starting

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
                return load_function(self.function)(body, url, headers, **self.options, **hints)
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
            # the page's bytes as they are: pickled with the rest, they would be copied on the
            # reactor thread into a new buffer as large as the page
            worker.conn.send((url, headers, hints))
            worker.conn.send_bytes(body)
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
    def prepare(self) -> None:
        """Start the fork server in a thread, now (called when the spider is built, before the
        crawl starts): its second of importing and warming overlaps Scrapy's own start-up. No
        worker is started yet (:meth:`start` does, once the spider opens)."""
        if self.workers > 0 and not self._closed:
            threading.Thread(target=_start_fork_server, daemon=True, name="extraction-fork-server").start()

    def start(self) -> None:
        """Start the missing workers now, in a thread (the fork server's start-up blocks whoever
        starts the first worker for about a second); each joins the pool once it runs. Called on
        the event loop's thread; without a running loop, or with ``workers=0``, it does nothing
        (:meth:`extract` starts workers when it needs them, as it always can)."""
        missing = self.workers - len(self._all) - self._starting
        if missing <= 0 or self._closed:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._starting += missing
        threading.Thread(target=self._start_processes, args=(loop, missing), daemon=True,
                         name="extraction-pool-start").start()

    def _start_processes(self, loop: asyncio.AbstractEventLoop, count: int) -> None:
        """In :meth:`start`'s thread: start ``count`` worker processes, hand each to the loop."""
        for _ in range(count):
            try:
                started: tuple[Any, Connection] | BaseException = self._start_process()
            except Exception as exc:  # the loop's thread logs it; extract() starts workers itself
                started = exc
            try:
                loop.call_soon_threadsafe(self._join, started)
            except RuntimeError:  # the loop is closed: the process is a daemon, gone at exit
                return

    def _join(self, started: tuple[Any, Connection] | BaseException) -> None:
        """On the loop's thread: a worker started by :meth:`start` joins the pool (or, when the
        pool closed meanwhile, is stopped)."""
        self._starting -= 1
        if isinstance(started, BaseException):
            logger.warning("Extraction worker could not be started ahead (%s: %s); starting on demand",
                           type(started).__name__, started)
            self._spawn_for_waiting()  # a page may wait for the place this worker was to take
            return
        worker = self._attach(*started)
        if self._closed:
            self._discard(worker)
        else:
            self._release(worker)

    async def _acquire(self) -> _Worker:
        if self._idle:
            return self._idle.pop()
        if len(self._all) + self._starting < self.workers:
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
        return self._attach(*self._start_process())

    def _start_process(self) -> tuple[Any, Connection]:
        """A running worker process and the pipe to it (blocks while the fork server starts)."""
        ctx = _context()
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_work, args=(child, self.options, self.function, self.sample), daemon=True,
                           name="extraction-worker")
        try:
            proc.start()
        except BaseException:
            parent.close()
            raise
        finally:
            child.close()
        return proc, parent

    def _attach(self, proc: Any, parent: Connection) -> _Worker:
        """``proc`` joins the pool: its pipe is watched by the loop."""
        worker = _Worker(proc, parent)
        self._all.append(worker)
        asyncio.get_running_loop().add_reader(parent.fileno(), self._on_readable, worker)
        # the pipe is read and written whole, in blocking calls: some loops (uvloop) make a
        # watched descriptor non-blocking, and a page or result larger than the pipe's buffer
        # would then fail halfway, as if the worker had crashed
        os.set_blocking(parent.fileno(), True)
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
        self._spawn_for_waiting()

    def _spawn_for_waiting(self) -> None:
        """A new worker for the first page waiting, if any (a worker's place came free); the
        page gets the error when none can be started, as :meth:`extract` does."""
        while self._waiting and not self._closed:
            waiter = self._waiting.popleft()
            if waiter.done():  # its page was cancelled
                continue
            try:
                waiter.set_result(self._spawn())
            except Exception as exc:
                waiter.set_exception(exc)
            return

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
