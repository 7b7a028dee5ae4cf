"""The extraction pool starts its workers ahead, off the event loop, and pages sent meanwhile wait.

Real worker processes from the real fork server, on the reactor's asyncio loop (pytest-twisted,
``--reactor=asyncio``). The extraction function is the product's; the page is the warm-up page.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from crawler.extraction.warm import SAMPLE_PAGE
from crawler.extraction_runner import ExtractionRunner

URL = "http://warm.invalid/2020/01/02/warm-up-story/"


def _runner(workers: int = 2) -> ExtractionRunner:
    return ExtractionRunner(workers=workers, timeout=30, min_words=0)


async def _until(check: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


@deferred_f_from_coro_f
async def test_start_returns_at_once_and_the_workers_join_later() -> None:
    runner = _runner()
    runner.prepare()
    runner.start()
    # nothing has joined yet: they join on the loop, which has not run since start() returned
    assert (runner.running, runner.starting) == (0, 2)
    runner.start()  # starting twice starts no more
    assert runner.starting == 2
    await _until(lambda: runner.starting == 0)
    assert runner.running == 2
    fields = await runner.extract(SAMPLE_PAGE, URL, {})
    assert fields is not None and fields["headline"] == "Warm-up story"
    runner.close()
    assert runner.running == 0


@pytest.mark.parametrize("pages", [1, 2, 5])
@deferred_f_from_coro_f
async def test_pages_sent_while_the_workers_start_wait_for_them(pages: int) -> None:
    runner = _runner()
    runner.start()
    got = await asyncio.gather(*(runner.extract(SAMPLE_PAGE, f"{URL}?n={n}", {}) for n in range(pages)))
    assert [f["headline"] for f in got if f] == ["Warm-up story"] * pages
    assert (runner.running, runner.starting) == (2, 0)  # no worker beyond the two being started
    runner.close()


@deferred_f_from_coro_f
async def test_workers_started_after_close_are_stopped() -> None:
    runner = _runner()
    runner.start()
    runner.close()
    await _until(lambda: runner.starting == 0)
    assert runner.running == 0
    runner.start()  # a closed pool starts nothing
    assert runner.starting == 0


class _NoProcesses(ExtractionRunner):
    """A pool on a machine that cannot start a process (the limit of processes reached)."""

    def _start_process(self) -> tuple[object, object]:  # type: ignore[override]
        raise OSError("Resource temporarily unavailable")


@deferred_f_from_coro_f
async def test_a_pool_that_cannot_start_workers_fails_the_pages_it_got(caplog: pytest.LogCaptureFixture) -> None:
    runner = _NoProcesses(workers=1, timeout=30, min_words=0)
    runner.start()
    with pytest.raises(OSError, match="Resource temporarily unavailable"):
        await asyncio.wait_for(runner.extract(SAMPLE_PAGE, URL, {}), 30)  # an error, not a page waiting forever
    assert (runner.running, runner.starting) == (0, 0)
    assert "could not be started ahead" in caplog.text
    runner.close()
