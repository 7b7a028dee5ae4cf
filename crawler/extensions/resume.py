"""Resume after any stop, even ``kill -9``, with nothing lost and nothing written twice.

With ``JOBDIR`` set, Scrapy keeps the request queue and the seen-request fingerprints on disk,
but only a clean stop (SIGINT, SIGTERM, the end of the crawl) saves them consistently: after
``kill -9`` the queue can be missing requests whose fingerprints are already marked seen, and
those articles would never be fetched. This extension keeps a marker file
(``JOBDIR/crawler-run.json``) while a crawl runs, listing the run's output files. When a crawl
starts and finds the marker, the previous run did not stop cleanly, so before the scheduler
opens it

1. repairs each of that run's output files (a torn last line is cut off; every line that stays
   parses as JSON),
2. marks every article in them as seen in the state store (so they are not fetched again),
3. discards the unreliable request queue and fingerprints, so discovery pages (feeds, sitemaps,
   index pages) are fetched again and every article not yet written is found again.

A clean stop removes the marker, and Scrapy's own JOBDIR resume takes over. Either way a resumed
run appends to an output file of the interrupted one rather than overwrite it (``-O``).

One crawl at a time: a run holds ``JOBDIR/crawler.lock`` (``flock``, released when the crawl closes
or its process ends, ``kill -9`` included) from before it reads the marker. A second run on the
same ``JOBDIR`` while the first goes on (an hourly cron line whose last run is still crawling)
would take the first for an interrupted run: repair its output files under it, discard the
request queue it is using, and crawl the same pages again. ``scrapy crawl`` refuses it instead:
one line naming the JOBDIR and the running crawl's pid, exit code 2, nothing crawled
(:func:`jobdir_problem`).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING

from scrapy import Spider, signals
from scrapy.exceptions import NotConfigured

from crawler.state import open_store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

MARKER = "crawler-run.json"
PAUSED = "crawler-paused.json"
LOCK = "crawler.lock"


class JobDirBusy(ValueError):
    """Another crawl holds the JOBDIR's lock (the message is one line for the user)."""


def lock_jobdir(jobdir: str | Path) -> IO[str] | None:
    """Hold ``JOBDIR/crawler.lock`` (an exclusive ``flock``) until the returned file is closed or
    the process ends; :class:`JobDirBusy` when another process holds it, OSError when the
    folder cannot be made. None where ``fcntl`` is missing (no lock there)."""
    try:
        import fcntl
    except ImportError:  # not on Linux, macOS or the BSDs
        return None
    folder = Path(jobdir)
    folder.mkdir(parents=True, exist_ok=True)
    fh = open(folder / LOCK, "a+", encoding="utf-8")  # held open: the lock lives as long as the file
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.seek(0)
        holder = " ".join(fh.read().split())[:200] or "a process that has not said which"
        fh.close()
        raise JobDirBusy(
            f"JOBDIR {folder} is in use by another crawl ({holder}); this run does nothing "
            "(let that crawl finish, or give each crawl running at the same time its own JOBDIR)"
        ) from None
    fh.seek(0)
    fh.truncate()
    fh.write(f"pid {os.getpid()}, running since {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\n")
    fh.flush()
    return fh


def jobdir_problem(jobdir: str | None) -> str | None:
    """Why a crawl cannot use ``jobdir`` now (one line: another crawl holds it, or it cannot be
    made), or None; the lock is released again (the crawl's :class:`JobResume` takes it)."""
    if not jobdir:
        return None
    try:
        fh = lock_jobdir(jobdir)
    except JobDirBusy as exc:
        return f"error: {exc}"
    except OSError as exc:
        return f"error: JOBDIR {jobdir} cannot be used ({exc.strerror or exc})"
    if fh is not None:
        fh.close()
    return None


def repair_jsonl(path: str | Path) -> tuple[list[str], int]:
    """Cut a torn last line (and any unparsable line) out of ``path``; return (urls, lines dropped)."""
    path = Path(path)
    if not path.exists():
        return [], 0
    data = path.read_bytes()
    good: list[bytes] = []
    urls: list[str] = []
    dropped = 0
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            dropped += 1
            continue
        good.append(line)
        if isinstance(record, dict) and isinstance(record.get("url"), str):
            urls.append(record["url"])
    if dropped or (data and not data.endswith(b"\n")):
        tmp = path.with_name(path.name + ".repair")
        tmp.write_bytes(b"".join(g + b"\n" for g in good))
        os.replace(tmp, path)
    return urls, dropped


class JobResume:
    """See the module docstring. Enabled when ``JOBDIR`` is set."""

    def __init__(self, jobdir: str, state_uri: str) -> None:
        self.jobdir = Path(jobdir)
        self.state_uri = state_uri
        self.outputs: list[str] = []
        self.recovered: set[str] = set()
        #: this run continues the saved queue of a paused run (its counts cover only the rest)
        self.continues_paused_run = False
        #: the JOBDIR's lock while the crawl runs (:func:`lock_jobdir`)
        self.lock: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JobResume:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured
        ext = cls(jobdir, crawler.settings.get("STATE_URI"))
        ext.lock = lock_jobdir(jobdir)  # before the marker is read: a running crawl's is not ours
        ext.recover()
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @property
    def marker(self) -> Path:
        return self.jobdir / MARKER

    def resuming_into(self, path: str) -> bool:
        """True when ``path`` holds records of the interrupted run this one resumes."""
        return str(Path(path).resolve()) in self.recovered

    def register_output(self, path: str) -> None:
        """Called by the feed storage for each output file it opens."""
        resolved = str(Path(path).resolve())
        if resolved not in self.outputs:
            self.outputs.append(resolved)
        if self.marker.exists():
            self._write_marker()

    def _write_marker(self) -> None:
        self.jobdir.mkdir(parents=True, exist_ok=True)
        tmp = self.marker.with_suffix(".tmp")
        tmp.write_text(json.dumps({"pid": os.getpid(), "started": time.time(), "outputs": self.outputs}))
        os.replace(tmp, self.marker)

    @property
    def paused(self) -> Path:
        return self.jobdir / PAUSED

    def recover(self) -> None:
        """Repair after an unclean stop (see the module docstring); after a pause, note its outputs."""
        if self.paused.exists():
            self.continues_paused_run = True
            try:
                self.recovered = set(json.loads(self.paused.read_text()).get("outputs", []))
            except ValueError:
                self.recovered = set()
            self.outputs = sorted(self.recovered)
        if not self.marker.exists():
            return
        try:
            previous = json.loads(self.marker.read_text())
        except ValueError:
            previous = {}
        outputs = [p for p in previous.get("outputs", []) if isinstance(p, str)]
        seen, dropped = 0, 0
        with open_store(self.state_uri) as store:
            for path in outputs:
                urls, bad = repair_jsonl(path)
                dropped += bad
                store.mark_seen_many(urls)
                seen += len(urls)
        for name in ("requests.queue", "requests.seen"):
            target = self.jobdir / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
        self.outputs = [p for p in outputs if Path(p).exists()]
        self.recovered |= set(self.outputs)
        logger.warning(
            "The previous run in %s did not stop cleanly: repaired %d output file(s) (%d torn line(s) cut), "
            "%d article(s) already written are kept; discovery starts again and finds the rest",
            self.jobdir, len(outputs), dropped, seen,
        )

    def spider_opened(self, spider: Spider) -> None:
        self._write_marker()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if reason == "shutdown":  # paused (SIGINT, SIGTERM): Scrapy saved the queue; resume later
            self.paused.write_text(json.dumps({"outputs": self.outputs}))
            self.marker.unlink(missing_ok=True)
        elif reason == "finished":
            self.marker.unlink(missing_ok=True)
            self.paused.unlink(missing_ok=True)
        if self.lock is not None:  # the scheduler has saved its queue: the next crawl may start
            self.lock.close()
            self.lock = None
