"""Final verdicts for a run: its output carries the verdicts ``scrapy recheck`` would give at its end.

While a crawl runs, each record gets its verdicts when it is processed, against the state as it
is then: an original crawled before its copies is ``unique``, a claim is ``unverified`` until the
page it names has been seen. When the feed exporter has closed every feed of the run, this
extension evaluates the run's records again against the state at that moment, with the code
``scrapy recheck`` runs (:meth:`crawler.records.Evaluator.reevaluate`), and replaces each local
JSON lines feed file of the run:

* atomically: a temporary file in the same folder is renamed over it, so a kill at any moment
  leaves the old file or the new one, each whole (no lost, doubled or torn records);
* lines already in the file before the run (an appended ``-o`` file) are kept byte for byte, and
  so is every record whose verdicts did not change; after a resume (``JOBDIR``), the records of
  the interrupted run are evaluated too;
* with ``DEDUP_DROP_COPIES``, records that turned out to be copies are dropped.

"Final" means final for the state at the end of the run: a later run can still teach the state
something (the copies of today's originals), which ``scrapy recheck`` then brings to this output.

The work runs in a thread (the reactor goes on: other crawlers of the process are not held up),
in batches of records that each hold the store (:meth:`StateStore.exclusive`), so the verdicts of
one batch come from one state even while other crawls write to it.

``FINAL_VERDICTS_ENABLED = False`` turns it off (very large runs: ``scrapy recheck`` later).
Stats: ``final_verdicts/files``, ``/records``, ``/changed``, ``/changed/syndication``,
``/changed/source_check``, ``/dropped_copies``, ``/bad_lines``, ``/errors``; one log line.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections import Counter
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure

from crawler.records import Evaluator, open_evaluator

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: The stat crawler/feedstorage.py sets when an output cannot be written (the feed storage
#: imports this module's extension, so the name is repeated here, not imported).
WRITE_ERRORS = "output/write_errors"
#: Records evaluated per exclusive section of the store.
BATCH = 200
#: The exporter of JSON lines feeds (Scrapy's formats ``jsonlines``, ``jsonl`` and ``jl``).
JSON_LINES_EXPORTER = "JsonLinesItemExporter"


class FinalVerdicts:
    """See the module docstring. The feed storage registers each local file it opens."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.drop_copies = crawler.settings.getbool("DEDUP_DROP_COPIES")
        exporters = crawler.settings.getwithbase("FEED_EXPORTERS")
        self.json_lines = {fmt for fmt, path in exporters.items()
                           if path and str(getattr(path, "__name__", path)).endswith(JSON_LINES_EXPORTER)}
        self.outputs: dict[str, int] = {}  # path -> offset where the run's records start
        self.counts: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FinalVerdicts:
        if not crawler.settings.getbool("FINAL_VERDICTS_ENABLED"):
            raise NotConfigured("FINAL_VERDICTS_ENABLED is off")
        ext = cls(crawler)
        crawler.signals.connect(ext.feeds_closed, signal=signals.feed_exporter_closed)
        return ext

    def register_output(self, path: str, start: int, feed_options: dict[str, Any] | None) -> None:
        """Called by the feed storage for each local file it opens (``start``: its size before
        the run's first record, 0 when the run overwrites it or resumes an interrupted run)."""
        options = feed_options or {}
        if options.get("format") not in self.json_lines or options.get("postprocessing"):
            return
        resolved = str(Path(path).resolve())
        self.outputs[resolved] = min(start, self.outputs.get(resolved, start))

    async def feeds_closed(self) -> None:
        if not self.outputs:
            return
        stats = self.crawler.stats
        if stats is not None and stats.get_value(WRITE_ERRORS):
            logger.error("Final verdicts: skipped, the run's output could not be written (%s); "
                         "run scrapy recheck on what it holds", WRITE_ERRORS)
            self.counts["errors"] += 1
            self._report(None)
            return
        index = getattr(self.crawler.spider, "site_index", None)
        try:
            await maybe_deferred_to_future(deferToThread(self._finish_all, getattr(index, "site_name_of", None)))
        except Exception:
            self._report(Failure())
        else:
            self._report(None)

    def _finish_all(self, site_of: Callable[[str], str | None] | None) -> None:
        with open_evaluator(self.crawler.settings, site_of=site_of) as evaluator:
            for path, start in sorted(self.outputs.items()):
                try:
                    self._finish_file(Path(path), start, evaluator)
                except OSError as exc:  # a full disk, a read-only folder: the file keeps the crawl's verdicts
                    logger.error("Final verdicts: %s left with the crawl's verdicts (%s); run scrapy recheck",
                                 path, exc)
                    self.counts["errors"] += 1

    def _report(self, result: Any) -> None:
        """Stats and the log line, in the reactor thread (a failure is logged, never raised)."""
        c = self.counts
        if result is not None and hasattr(result, "getTraceback"):
            logger.error("Final verdicts: could not evaluate the run's records again; the output keeps the "
                         "verdicts given during the crawl (run scrapy recheck):\n%s", result.getTraceback())
            c["errors"] += 1
        stats = self.crawler.stats
        if stats is not None:
            for key, value in sorted(c.items()):
                stats.set_value(f"final_verdicts/{key}", value)
        logger.info(
            "Final verdicts: %d records in %d file(s) evaluated again against the state at the end of the run; "
            "%d changed (syndication %d, source check %d)%s",
            c["records"], c["files"], c["changed"], c["changed/syndication"], c["changed/source_check"],
            f"; {c['dropped_copies']} copies dropped (DEDUP_DROP_COPIES)" if c["dropped_copies"] else "",
        )

    def _finish_file(self, path: Path, start: int, evaluator: Evaluator) -> None:
        if not path.is_file():
            logger.warning("Final verdicts: %s is not a regular file; left as it is", path)
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.final-", dir=path.parent)
        try:
            with open(path, "rb") as src, os.fdopen(fd, "wb") as dst:
                head = src.read(start)
                dst.write(head)
                if head and not head.endswith(b"\n"):  # the run started after a torn line
                    dst.write(src.readline())
                batch = list(islice(src, BATCH))
                while batch:
                    with evaluator.store.exclusive():
                        out = [self._finish_line(line, evaluator) for line in batch]
                    dst.writelines(x for x in out if x is not None)
                    batch = list(islice(src, BATCH))
                dst.flush()
                os.fsync(dst.fileno())
            os.chmod(tmp, path.stat().st_mode & 0o7777)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.counts["files"] += 1

    def _finish_line(self, line: bytes, evaluator: Evaluator) -> bytes | None:
        """The line with the record's final verdicts (the line itself when nothing changed or it is
        not a record); None to drop it."""
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not isinstance(record, dict) or not isinstance(record.get("url"), str):
            if line.strip():
                self.counts["bad_lines"] += 1
            return line
        self.counts["records"] += 1
        new = evaluator.reevaluate(record)
        syn = new["syndication"] != record.get("syndication")
        check = new.get("sourceCheck") != record.get("sourceCheck")
        if self.drop_copies and new["syndication"]["role"] == "copy":
            self.counts["dropped_copies"] += 1
            return None
        if not (syn or check):
            return line
        self.counts["changed"] += 1
        self.counts["changed/syndication"] += syn
        self.counts["changed/source_check"] += check
        return (json.dumps(new, ensure_ascii=False) + "\n").encode("utf-8")
