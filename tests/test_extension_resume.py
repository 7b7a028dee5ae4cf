"""JobResume: the marker of a running crawl, and the repair after a crawl that did not stop cleanly.

Built as Scrapy builds extensions: ``project_crawler`` with ``JOBDIR`` set makes Scrapy's extension
manager build it from ``EXTENSIONS`` (its ``from_crawler`` repairs before anything opens);
``spider_opened``/``spider_closed`` go through the crawler's own signal manager; the state store
is a real SQLite file; the output files are written by the project's feed storage.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler

from crawler.extensions.resume import MARKER, PAUSED, JobDirBusy, JobResume, jobdir_problem, repair_jsonl
from crawler.feedstorage import LineAtomicFileFeedStorage
from crawler.state import open_store
from tests.helpers import project_crawler


def _line(url: str, **kw: Any) -> bytes:
    return json.dumps({"url": url, **kw}, ensure_ascii=False).encode("utf-8") + b"\n"


A, B, C = _line("https://a.example/1"), _line("https://b.example/2", headline="Zürich"), _line("https://c.example/3")


@pytest.mark.parametrize(
    ("content", "urls", "dropped", "after"),
    [
        (None, [], 0, None),  # no file: nothing to do, nothing created
        (b"", [], 0, b""),
        (A + B, ["https://a.example/1", "https://b.example/2"], 0, A + B),  # valid: left as is
        (A + B[:-1], ["https://a.example/1", "https://b.example/2"], 0, A + B),  # last newline missing
        (A + B[:20], ["https://a.example/1"], 1, A),  # torn last line
        (A + B[:-3], ["https://a.example/1"], 1, A),  # torn just before the end
        (A + "{\"url\": \"https://z.example/Zü".encode()[:-1], ["https://a.example/1"], 1, A),  # torn mid-character
        (A + b"GARBAGE\n" + C, ["https://a.example/1", "https://c.example/3"], 1, A + C),
        (b"\xff\xfe\x00junk\n" + A, ["https://a.example/1"], 1, A),  # not UTF-8
        (b"\n\n" + A + b"\n", ["https://a.example/1"], 0, b"\n\n" + A + b"\n"),  # blank lines are no damage
        (b"\n\n" + A + b"\nxx", ["https://a.example/1"], 1, A),
        (b'[1, 2]\n{"x": 1}\n{"url": 5}\n' + A, ["https://a.example/1"], 0,
         b'[1, 2]\n{"x": 1}\n{"url": 5}\n' + A),  # JSON lines that are no record: kept, no URL
        (b"GARBAGE", [], 1, b""),
    ],
)
def test_repair_jsonl(tmp_path: Path, content: bytes | None, urls: list[str], dropped: int,
                      after: bytes | None) -> None:
    path = tmp_path / "out.jsonl"
    if content is not None:
        path.write_bytes(content)
    assert repair_jsonl(path) == (urls, dropped)
    if after is None:
        assert not path.exists()
        return
    assert path.read_bytes() == after
    for line in after.splitlines():
        if line.strip():
            json.loads(line)  # every line that stays parses
    assert not list(tmp_path.glob("*.repair"))  # the temporary file was moved into place
    assert repair_jsonl(path) == (urls, 0)  # a repaired file needs no repair


def _settings(tmp_path: Path) -> dict[str, Any]:
    # Scrapy's own extensions (feed exports, log stats...) are left out: the signals sent here
    # reach the project's extensions only
    return {"JOBDIR": str(tmp_path / "job"), "STATE_URI": f"sqlite:///{tmp_path / 'state.sqlite3'}",
            "EXTENSIONS_BASE": {}}


def _crawler(tmp_path: Path) -> Crawler:
    """A crawler as ``scrapy crawl -s JOBDIR=...`` makes it: the extension is built (and recovers) here."""
    crawler = project_crawler(_settings(tmp_path), Spider)
    crawler.spider = crawler._create_spider(name="news")
    return crawler


def _resume(crawler: Crawler) -> JobResume:
    ext = crawler.get_extension(JobResume)
    assert ext is not None
    return ext


def _open_output(crawler: Crawler, path: Path, overwrite: bool = True) -> Any:
    """Open ``path`` as the feed exporter does (``-O`` is overwrite), through the project's storage."""
    storage = build_from_crawler(LineAtomicFileFeedStorage, crawler, str(path), feed_options={"overwrite": overwrite})
    assert crawler.spider is not None
    return storage.open(crawler.spider)


def test_not_configured_without_jobdir() -> None:
    crawler = project_crawler({}, Spider)
    assert crawler.get_extension(JobResume) is None
    with pytest.raises(NotConfigured):
        build_from_crawler(JobResume, crawler)


def test_marker_lives_while_the_crawl_runs_and_goes_at_a_clean_end(tmp_path: Path) -> None:
    crawler = _crawler(tmp_path)
    ext = _resume(crawler)
    marker = tmp_path / "job" / MARKER
    assert not marker.exists()
    crawler.signals.send_catch_log(signals.spider_opened, spider=crawler.spider)
    assert json.loads(marker.read_text())["outputs"] == []
    out = tmp_path / "out" / "news.jsonl"
    with _open_output(crawler, out):
        pass
    assert json.loads(marker.read_text())["outputs"] == [str(out.resolve())]
    assert ext.outputs == [str(out.resolve())]
    crawler.signals.send_catch_log(signals.spider_closed, spider=crawler.spider, reason="finished")
    assert not marker.exists()
    assert not (tmp_path / "job" / PAUSED).exists()


def test_pause_keeps_the_outputs_for_the_next_run_to_append(tmp_path: Path) -> None:
    first = _crawler(tmp_path)
    first.signals.send_catch_log(signals.spider_opened, spider=first.spider)
    out = tmp_path / "news.jsonl"
    with _open_output(first, out) as fh:
        fh.write(A)
    first.signals.send_catch_log(signals.spider_closed, spider=first.spider, reason="shutdown")  # SIGINT/SIGTERM
    assert not (tmp_path / "job" / MARKER).exists()
    assert json.loads((tmp_path / "job" / PAUSED).read_text()) == {"outputs": [str(out.resolve())]}

    second = _crawler(tmp_path)
    assert _resume(second).resuming_into(str(out))
    with _open_output(second, out) as fh:  # -O again: appends, the paused run's record stays
        fh.write(B)
    assert out.read_bytes() == A + B
    second.signals.send_catch_log(signals.spider_closed, spider=second.spider, reason="finished")
    assert not (tmp_path / "job" / PAUSED).exists()
    third = _crawler(tmp_path)  # a fresh job after a finished one: -O overwrites
    assert not _resume(third).resuming_into(str(out))
    with _open_output(third, out) as fh:
        fh.write(C)
    assert out.read_bytes() == C


def _killed_run(tmp_path: Path, outputs: dict[str, bytes]) -> dict[str, Path]:
    """A run killed with ``kill -9``: marker left, outputs written (maybe torn), queue on disk."""
    crawler = _crawler(tmp_path)
    crawler.signals.send_catch_log(signals.spider_opened, spider=crawler.spider)
    paths = {}
    for name, content in outputs.items():
        paths[name] = tmp_path / name
        with _open_output(crawler, paths[name]) as fh:
            fh.write(content)
    job = tmp_path / "job"
    (job / "requests.queue").mkdir()
    (job / "requests.queue" / "p0").write_bytes(b"queued requests")
    (job / "requests.seen").write_text("fingerprints\n")
    (job / "spider.state").write_bytes(b"kept")
    lock = _resume(crawler).lock
    if lock is not None:  # the process died: its JOBDIR lock went with it
        lock.close()
    return paths  # no spider_closed: the process died


def test_resume_after_kill_repairs_marks_seen_and_discards_the_queue(tmp_path: Path,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    paths = _killed_run(tmp_path, {"news.jsonl": A + B[:15], "other.jsonl": C})
    with caplog.at_level(logging.WARNING, logger="crawler.extensions.resume"):
        crawler = _crawler(tmp_path)  # the next `scrapy crawl` with the same JOBDIR
    ext = _resume(crawler)
    assert paths["news.jsonl"].read_bytes() == A  # the torn line is cut
    assert paths["other.jsonl"].read_bytes() == C
    job = tmp_path / "job"
    assert not (job / "requests.queue").exists() and not (job / "requests.seen").exists()
    assert (job / "spider.state").read_bytes() == b"kept"  # only the unreliable parts go
    with open_store(_settings(tmp_path)["STATE_URI"]) as store:
        assert store.last_seen("https://a.example/1") is not None
        assert store.last_seen("https://c.example/3") is not None
        assert store.last_seen("https://b.example/2") is None  # torn: not written, so fetched again
    assert ext.resuming_into(str(paths["news.jsonl"])) and ext.resuming_into(str(paths["other.jsonl"]))
    assert "repaired 2 output file(s) (1 torn line(s) cut), 2 article(s) already written" in caplog.text
    # the resumed run appends to the interrupted run's file instead of overwriting it (-O)
    with _open_output(crawler, paths["news.jsonl"], overwrite=True) as fh:
        fh.write(B)
    assert paths["news.jsonl"].read_bytes() == A + B
    crawler.signals.send_catch_log(signals.spider_opened, spider=crawler.spider)
    marker = json.loads((job / MARKER).read_text())
    assert sorted(marker["outputs"]) == sorted(str(p.resolve()) for p in paths.values())


@pytest.mark.parametrize("marker", [b"", b"{not json", b"{}", b'{"outputs": [1, null]}'])
def test_a_damaged_marker_still_discards_the_queue(tmp_path: Path, marker: bytes) -> None:
    job = tmp_path / "job"
    (job / "requests.queue").mkdir(parents=True)
    (job / MARKER).write_bytes(marker)
    ext = _resume(_crawler(tmp_path))
    assert not (job / "requests.queue").exists()
    assert ext.outputs == []


def test_an_output_file_gone_since_the_kill_is_skipped(tmp_path: Path) -> None:
    paths = _killed_run(tmp_path, {"gone.jsonl": A, "kept.jsonl": B})
    paths["gone.jsonl"].unlink()
    ext = _resume(_crawler(tmp_path))
    assert ext.outputs == [str(paths["kept.jsonl"].resolve())]
    assert not paths["gone.jsonl"].exists()  # not recreated
    with open_store(_settings(tmp_path)["STATE_URI"]) as store:
        assert store.last_seen("https://b.example/2") is not None


def test_a_crawl_on_a_jobdir_another_crawl_is_using_is_refused_and_touches_nothing(tmp_path: Path) -> None:
    """The first crawl holds the JOBDIR: a second one (cron's next hour while the first still
    runs) does not take the first for an interrupted run; once the first closes, the next starts."""
    first = _crawler(tmp_path)
    first.signals.send_catch_log(signals.spider_opened, spider=first.spider)
    out = tmp_path / "news.jsonl"
    with _open_output(first, out) as fh:
        fh.write(A + B[:15])  # the first crawl is writing its next line
    job = tmp_path / "job"
    (job / "requests.queue").mkdir()
    problem = jobdir_problem(str(job))
    assert problem is not None
    assert problem.startswith(f"error: JOBDIR {job} is in use by another crawl (pid {os.getpid()},")
    with pytest.raises(JobDirBusy, match="in use by another crawl"):
        _crawler(tmp_path)
    assert (job / MARKER).exists() and (job / "requests.queue").is_dir()  # the running crawl's, untouched
    assert out.read_bytes() == A + B[:15]
    first.signals.send_catch_log(signals.spider_closed, spider=first.spider, reason="finished")
    assert jobdir_problem(str(job)) is None
    second = _crawler(tmp_path)
    assert _resume(second).lock is not None


def test_the_lock_of_a_killed_crawl_goes_with_its_process(tmp_path: Path) -> None:
    job = tmp_path / "job"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from crawler.extensions.resume import lock_jobdir; "
         "lock = lock_jobdir(sys.argv[1]); print('locked', flush=True); time.sleep(60)", str(job)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        problem = jobdir_problem(str(job))
        assert problem is not None and f"(pid {holder.pid}, running since " in problem and "\n" not in problem
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    assert jobdir_problem(str(job)) is None


def test_a_jobdir_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    problem = jobdir_problem(str(tmp_path / "afile" / "job"))
    assert problem is not None and problem.startswith(f"error: JOBDIR {tmp_path / 'afile' / 'job'} cannot be used")
    assert jobdir_problem(None) is None and jobdir_problem("") is None
