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
"""

from __future__ import annotations

import logging
from typing import IO, TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FileFeedStorage

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler


logger = logging.getLogger(__name__)


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

    def open(self, spider: Spider) -> IO[bytes]:
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
        return open(self.path, mode, buffering=0)  # the feed exporter closes it
