"""The cyclic collector is held off during one page's extraction and restored after it."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest

from crawler.extraction import NotArticle, extract_article
from crawler.extraction.article import analyse
from crawler.extraction.collector import paused

ARTICLE = (
    "<html><head><title>A story</title></head><body><article><h1>A story</h1>"
    + "".join(f"<p>Paragraph {i} of the story tells what happened, where, and why it matters to readers.</p>"
              for i in range(12))
    + "</article></body></html>"
)


@pytest.fixture
def collector_state() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_paused_switches_off_inside_and_restores(collector_state: None) -> None:
    gc.enable()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_paused_restores_after_an_exception(collector_state: None) -> None:
    gc.enable()
    with pytest.raises(ValueError), paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_paused_leaves_a_disabled_collector_off(collector_state: None) -> None:
    gc.disable()
    with paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_extraction_restores_the_collector(collector_state: None) -> None:
    gc.enable()
    fields = extract_article(ARTICLE, "https://news.example/2024/05/a-story.html")
    assert fields["articleBody"].startswith("Paragraph 0")
    assert gc.isenabled()
    with pytest.raises(NotArticle):
        extract_article(b"", "https://news.example/empty")
    assert gc.isenabled()
    gc.disable()
    extract_article(ARTICLE, "https://news.example/2024/05/a-story.html")
    assert not gc.isenabled()


def test_no_collection_runs_during_a_page(collector_state: None) -> None:
    runs: list[bool] = []  # per collection: whether it ran inside the page's field extraction

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            frame = sys._getframe()
            names = set()
            while frame is not None:
                names.add(frame.f_code.co_name)
                frame = frame.f_back  # type: ignore[assignment]
            runs.append("_fields" in names)

    threshold = gc.get_threshold()
    gc.enable()
    gc.callbacks.append(count)
    try:
        gc.set_threshold(1)  # a collection at nearly every allocation, when the collector runs
        extract_article(ARTICLE, "https://news.example/2024/05/a-story.html")
        inside = sum(runs)
        before = len(runs)
        [[] for _ in range(100)]  # allocations after the page: the collector runs again
        after = len(runs) - before
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(count)
    assert inside == 0
    assert after > 0




def test_the_page_is_freed_before_the_collector_is_back(collector_state: None) -> None:
    """``extract_article`` (and ``analyse(evidence=False)``) free the page's objects inside the
    pause: the first collection after it finds the young generation about as small as it was,
    not the whole page. ``analyse`` keeping its evidence keeps the page alive (the control)."""
    url = "https://news.example/2024/05/a-story.html"
    page = ARTICLE.replace("</article>", "</article><ul>" + "".join(
        f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(40)) + "</ul>")
    young: list[int] = []  # per collection in the call: the objects of the youngest generation

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            young.append(len(gc.get_objects(generation=0)))

    extract_article(page, url)  # imports and first-call caches
    threshold = gc.get_threshold()
    gc.enable()
    gc.callbacks.append(count)
    first = {}
    try:
        gc.set_threshold(1)  # a collection at the first allocation once the collector is back
        for name, call in (("extract_article", lambda: extract_article(page, url)),
                           ("lean", lambda: analyse(page, url, evidence=False)),
                           ("kept", lambda: analyse(page, url))):
            gc.collect()
            young.clear()
            result = call()
            first[name] = max(young)  # before the pause: just collected; after it: what the page left
            assert result
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(count)
    assert first["extract_article"] < 50 and first["lean"] < 50
    assert first["kept"] > 200
