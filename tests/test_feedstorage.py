"""LineAtomicFileFeedStorage: every record is on disk, whole, when the exporter returns.

Built as Scrapy's feed exporter builds it (``build_from_crawler(storage, crawler, uri,
feed_options=...)``, then ``open(spider)`` and a ``JsonLinesItemExporter`` on the file), next to
Scrapy's own ``FileFeedStorage`` where the difference is the point. The kill test runs a real
writer process (``tests/feed_writer.py``) and kills it with SIGKILL while it writes.

What a kill can and cannot do here: each record goes to the kernel in one ``write()`` the moment
it is exported, so every record exported before the kill is on disk, whole, in order. The one
record being written at the kill can be cut short (Linux stops a write to a regular file between
pages when the process gets SIGKILL): that is a torn *last* line, never one in the middle, and
``crawler.extensions.resume.repair_jsonl`` cuts it on resume (the readers skip it with a warning).
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exporters import JsonLinesItemExporter
from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.utils.misc import build_from_crawler

from crawler.extensions.resume import repair_jsonl
from crawler.feedstorage import LineAtomicFileFeedStorage
from tests.helpers import REPO, project_crawler


@pytest.fixture
def crawler() -> Crawler:
    crawler = project_crawler({"EXTENSIONS_BASE": {}}, Spider)
    crawler.spider = crawler._create_spider(name="news")
    return crawler


def _open(crawler: Crawler, uri: str, overwrite: bool, storage: type = LineAtomicFileFeedStorage) -> Any:
    built = build_from_crawler(storage, crawler, uri, feed_options={"overwrite": overwrite})
    return built.open(crawler.spider)


def test_the_project_uses_it_for_local_files(crawler: Crawler) -> None:
    storages = crawler.settings.getdict("FEED_STORAGES")
    assert storages[""] == storages["file"] == "crawler.feedstorage.LineAtomicFileFeedStorage"


@pytest.mark.parametrize(("storage", "unbuffered"), [(LineAtomicFileFeedStorage, True), (FileFeedStorage, False)])
def test_each_record_is_on_disk_when_exported(crawler: Crawler, tmp_path: Path, storage: type,
                                              unbuffered: bool) -> None:
    path = tmp_path / "out.jsonl"
    fh = _open(crawler, str(path), overwrite=True, storage=storage)
    assert isinstance(fh, io.FileIO) is unbuffered  # a raw file: one write() syscall per write call
    exporter = build_from_crawler(JsonLinesItemExporter, crawler, fh, encoding="utf-8")
    exporter.start_exporting()
    written = b""
    on_disk_when_exported = []
    for n, size in enumerate([10, 3000, 1, 20000]):
        exporter.export_item({"n": n, "articleBody": "ä" * size})
        written += json.dumps({"n": n, "articleBody": "ä" * size}, ensure_ascii=False).encode() + b"\n"
        # read through another handle, as a reader (or what a kill leaves) sees the file
        on_disk_when_exported.append(path.read_bytes() == written)
    # ours: every record whole on disk at once; Scrapy's buffered file holds small records back
    assert all(on_disk_when_exported) is unbuffered
    exporter.finish_exporting()
    fh.close()
    assert path.read_bytes() == written


@pytest.mark.parametrize(
    ("before", "overwrite", "after"),
    [
        (None, True, b"new\n"),
        (None, False, b"new\n"),
        (b"old\n", True, b"new\n"),  # -O
        (b"old\n", False, b"old\nnew\n"),  # -o
        (b"", False, b"new\n"),
    ],
)
@pytest.mark.parametrize("as_uri", [False, True])
def test_overwrite_or_append(crawler: Crawler, tmp_path: Path, before: bytes | None, overwrite: bool,
                             after: bytes, as_uri: bool) -> None:
    path = tmp_path / "feeds" / "news" / "out.jsonl"  # missing folders are made
    if before is not None:
        path.parent.mkdir(parents=True)
        path.write_bytes(before)
    with _open(crawler, path.as_uri() if as_uri else str(path), overwrite) as fh:
        fh.write(b"new\n")
    assert path.read_bytes() == after


def test_without_resume_an_overwrite_truncates(tmp_path: Path) -> None:
    """With JOBDIR but no interrupted run to resume, ``-O`` overwrites and the file is registered."""
    from crawler.extensions.resume import MARKER, JobResume

    crawler = project_crawler({"JOBDIR": str(tmp_path / "job"), "EXTENSIONS_BASE": {},
                               "STATE_URI": f"sqlite:///{tmp_path / 's.sqlite3'}"}, Spider)
    crawler.spider = crawler._create_spider(name="news")
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"url": "old"}\n')
    with _open(crawler, str(path), overwrite=True) as fh:
        fh.write(b"new\n")
    assert path.read_bytes() == b"new\n"
    resume = crawler.get_extension(JobResume)
    assert resume is not None and resume.outputs == [str(path.resolve())]
    assert not (tmp_path / "job" / MARKER).exists()  # the marker is written when the spider opens


# --- kill -9 while writing ---------------------------------------------------------------------------


def _writer(path: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "tests.feed_writer", str(path)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def killed_writer(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, int]]:
    """A writer killed with SIGKILL mid-stream; yields (its file, the last record number it reported)."""
    path = tmp_path / "out.jsonl"
    proc = _writer(path)
    try:
        assert proc.stdout is not None
        reported = -1
        target = request.param
        while reported < target:
            line = proc.stdout.readline()
            assert line, f"the writer died: {proc.stderr.read() if proc.stderr else ''}"
            reported = int(line)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        reported = max([reported, *(int(x) for x in proc.stdout.read().split())])
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    yield path, reported


@pytest.mark.parametrize("killed_writer", [100, 1000], indirect=True)
def test_kill_minus_9_loses_no_exported_record_and_tears_at_most_the_last_line(
    killed_writer: tuple[Path, int],
) -> None:
    path, reported = killed_writer
    data = path.read_bytes()
    lines = data.split(b"\n")
    complete, last = lines[:-1], lines[-1]  # ``last`` is b"" when the file ends with a newline
    records = [json.loads(line) for line in complete]  # every line but the last parses
    assert [r["n"] for r in records] == list(range(len(records)))  # in order, none lost, none twice
    # every record reported exported is on disk whole; at most the one in flight more
    assert reported + 1 <= len(records) <= reported + 2
    if last:  # the record being written at the kill, cut short: a prefix of the next record
        head = b'{"n": %d, "url": "https://news.example/%d", ' % (len(records), len(records))
        assert last[: len(head)] == head[: len(last)]
        with pytest.raises(ValueError):
            json.loads(last)
    urls, dropped = repair_jsonl(path)  # what a resume does to it
    assert dropped == (1 if last else 0)
    assert urls == [r["url"] for r in records]
    assert path.read_bytes() == b"".join(line + b"\n" for line in complete)
