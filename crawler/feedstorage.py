"""A local-file feed storage that never holds a record back.

Scrapy's ``FileFeedStorage`` writes through a buffered file, so a crawl killed with ``kill -9``
loses the buffered records and can leave half a line at the end. This storage opens the file
unbuffered: the JSON lines exporter writes each record with one ``write()`` call, so every record
is on disk (in the page cache), whole, when ``item_scraped`` fires, before its URL is marked
seen. A kill can still cut short the one record being written at that moment (Linux stops a
``write()`` to a regular file between pages when the process gets SIGKILL): a torn *last* line,
never one in the middle, and never a record whose export had returned.
``crawler.extensions.resume`` cuts it when the run resumes (as it does the torn line of a full
disk or a power cut); ``scrapy merge`` and ``scrapy recheck`` skip it with a warning. Each file
is registered with ``crawler.extensions.final_verdicts`` (where the run's records start in it),
which gives the run's records their final verdicts once the feed is closed.

An output that cannot be opened or written (a full disk, a folder where the file should be, no
permission) does not end in a traceback per record: one error line names the file and the
cause, the stat ``output/write_errors`` counts the records lost to it (the spiders mark no
article seen once it is set, so the next run writes them), and the crawl stops with the reason
``output_error`` (``scrapy crawl`` exits 1).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.utils.defer import deferred_from_coro

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler


logger = logging.getLogger(__name__)

#: the stat that says an output failed (read by the spiders before they mark articles seen)
WRITE_ERRORS = "output/write_errors"
#: the close reason of a crawl stopped by a failed output
OUTPUT_ERROR = "output_error"


class _GuardedFile(io.FileIO):
    """An unbuffered output file whose write errors are reported once, not raised."""

    def __init__(self, path: str, mode: str, on_error: Callable[[OSError | None], None]) -> None:
        super().__init__(path, mode)
        self.on_error = on_error
        self.failed = False

    def write(self, data: Any) -> int:
        if self.failed:
            self.on_error(None)
            return len(data)
        try:
            return super().write(data)
        except OSError as exc:
            self.failed = True
            self.on_error(exc)
            return len(data)


class _Discard(io.RawIOBase):
    """Stands for an output that could not be opened: every write is counted as lost."""

    def __init__(self, on_error: Callable[[OSError | None], None]) -> None:
        self.on_error = on_error

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.on_error(None)
        return len(data)


class LineAtomicFileFeedStorage(FileFeedStorage):
    """``file://`` and plain-path feeds, written unbuffered (one syscall per record)."""

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None, crawler: Crawler | None = None):
        super().__init__(uri, feed_options=feed_options)
        self.crawler = crawler
        self.feed_options = feed_options

    @classmethod
    def from_crawler(cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
                     ) -> LineAtomicFileFeedStorage:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def failed(self, exc: OSError | None) -> None:
        """The output cannot be written: ``exc`` the first time (one error line, the crawl is
        stopped), None for each record lost after it."""
        if self.crawler is None:
            if exc is not None:
                raise exc
            return
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(WRITE_ERRORS)
        if exc is None:
            return
        logger.error("Cannot write the output file %s: %s; stopping the crawl (the articles not written are not "
                     "marked seen, so the next run fetches them)", self.path, exc.strerror or exc)
        engine = self.crawler.engine
        if engine is not None and engine.running:
            deferred_from_coro(engine.close_spider_async(reason=OUTPUT_ERROR))

    def open(self, spider: Spider) -> IO[bytes]:
        try:
            return self._open()
        except OSError as exc:
            self.failed(exc)
            return _Discard(self.failed)  # type: ignore[return-value]

    def _open(self) -> IO[bytes]:
        from pathlib import Path

        dirname = Path(self.path).parent
        if dirname and not dirname.exists():
            dirname.mkdir(parents=True)
        mode = self.write_mode
        resuming = False
        if self.crawler is not None:
            from crawler.extensions.final_verdicts import FinalVerdicts
            from crawler.extensions.resume import JobResume

            resume = self.crawler.get_extension(JobResume)
            if resume is not None:
                resuming = resume.resuming_into(self.path)
                if mode == "wb" and resuming:
                    # overwriting would lose what the interrupted run wrote (its articles are
                    # marked seen and will not be fetched again): append instead
                    logger.warning("Resuming: appending to %s instead of overwriting it", self.path)
                    mode = "ab"
                resume.register_output(self.path)
            final = self.crawler.get_extension(FinalVerdicts)
            if final is not None:
                path = Path(self.path)
                start = 0 if mode == "wb" or resuming or not path.is_file() else path.stat().st_size
                final.register_output(self.path, start, self.feed_options)
        return _GuardedFile(self.path, mode.replace("b", ""), self.failed)  # the feed exporter closes it
