"""The article decision made stricter (``extract_article(strict=True)``, ``EXTRACTION_STRICT_DECISION``):
a page between the two thresholds is an article by default and none when strict; the hints, a
plain story and the pool's options as before; a bad value is a clear error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from crawler.config import ProjectSettings
from crawler.extraction import NotArticle, extract_article
from crawler.extraction.article import analyse
from crawler.extraction.decision import STRICT_THRESHOLD, THRESHOLD, score
from crawler.extraction_runner import ExtractionRunner

REPO = Path(__file__).resolve().parents[1]
URL = "https://harbour.example/about"
# A site's "about" page: two paragraphs of plain prose, no date, no author, declared a website and
# laid out for phones. Its score falls between the two thresholds.
ABOUT = (
    "<html><head><title>About the harbour trust</title><meta property='og:type' content='website'>"
    "<meta name='viewport' content='width=device-width'></head><body><nav><a href='/'>Home</a> "
    "<a href='/about'>About</a> <a href='/contact'>Contact</a></nav><main><h1>About the harbour trust</h1>"
    "<p>The harbour trust looks after the old quays, the ferry pier and the lighthouse on the point, and it "
    "keeps the records of every ship that called here since the port opened.</p>"
    "<p>It was set up by the town council and the fishermen's guild together, and its board still has members "
    "from both, elected for four years at a time.</p>"
    "</main><footer><a href='/privacy'>Privacy</a></footer></body></html>"
)
# A dated news story with its byline: an article either way.
STORY = (
    "<html><head><title>Ferry terminal to close</title><meta property='og:type' content='article'>"
    "<meta name='viewport' content='width=device-width'>"
    "<meta property='article:published_time' content='2025-05-02T09:00:00+02:00'></head><body><article>"
    "<h1>Ferry terminal to close</h1><p class='byline'>By Jane Roe</p>"
    + "".join(f"<p>The harbour authority confirmed on Monday that the old ferry terminal will close in May, and "
              f"passengers will board at the new pier on the east side of the bay from then on ({n}).</p>"
              for n in range(5))
    + "</article></body></html>"
)


def test_the_about_page_lies_between_the_thresholds() -> None:
    evidence = analyse(ABOUT, URL).evidence
    assert evidence is not None
    assert THRESHOLD < score(evidence) < STRICT_THRESHOLD


def test_strict_refuses_what_the_default_takes() -> None:
    assert extract_article(ABOUT, URL)["headline"] == "About the harbour trust"
    with pytest.raises(NotArticle) as refused:
        extract_article(ABOUT, URL, strict=True)
    assert refused.value.reason == "not_article"
    assert analyse(ABOUT, URL, strict=True).reason == "not_article"


@pytest.mark.parametrize("hint", ["listed", "pattern_match"])
def test_a_hint_decides_as_before(hint: str) -> None:
    assert extract_article(ABOUT, URL, strict=True, **{hint: True})["headline"] == "About the harbour trust"


def test_a_story_is_an_article_either_way() -> None:
    for strict in (False, True):
        fields = extract_article(STORY, "https://harbour.example/2025/05/02/ferry", strict=strict)
        assert fields["headline"] == "Ferry terminal to close"
        assert [a["name"] for a in fields["authors"]] == ["Jane Roe"]


@pytest.mark.parametrize("value", [1, "yes", None])
def test_strict_must_be_a_bool(value: Any) -> None:
    with pytest.raises(TypeError, match="strict must be a bool"):
        extract_article(ABOUT, URL, strict=value)


def test_the_command_line() -> None:
    def run(*args: str) -> tuple[int, str]:
        proc = subprocess.run([sys.executable, "-m", "crawler.extraction", "-", "--url", URL, *args], cwd=REPO,
                              input=ABOUT.encode("utf-8"), capture_output=True, timeout=120, check=False,
                              env=dict(os.environ))
        return proc.returncode, proc.stdout.decode("utf-8")

    assert run()[0] == 0
    status, out = run("--strict")
    assert status == 1 and '"notArticle": "not_article"' in out


def test_the_setting_reaches_the_pool_options() -> None:
    assert ExtractionRunner.from_settings(ProjectSettings()).options == {"min_words": 20}
    strict = ExtractionRunner.from_settings(ProjectSettings({"EXTRACTION_STRICT_DECISION": "true"}))
    assert strict.options == {"min_words": 20, "strict": True}


def _no_strict_keyword(body: bytes, url: str, headers: dict[str, str], *, min_words: int) -> dict[str, Any]:
    """A custom ``EXTRACTION_FUNCTION`` written before the setting: it takes no ``strict``."""
    return {"url": url, "words": min_words}


@deferred_f_from_coro_f
async def test_inline_and_in_a_worker() -> None:
    for workers in (0, 1):
        runner = ExtractionRunner(workers=workers, timeout=60, min_words=20, strict=True)
        runner.start()
        try:
            with pytest.raises(NotArticle):
                await runner.extract(ABOUT.encode("utf-8"), URL, {})
            fields = await runner.extract(ABOUT.encode("utf-8"), URL, {}, listed=True)
            assert fields is not None and fields["headline"] == "About the harbour trust"
            lenient = ExtractionRunner(workers=workers, timeout=60, min_words=20)
            lenient.start()
            try:
                fields = await lenient.extract(ABOUT.encode("utf-8"), URL, {})
                assert fields is not None and fields["headline"] == "About the harbour trust"
            finally:
                lenient.close()
        finally:
            runner.close()
    custom = ExtractionRunner(workers=0, timeout=60, min_words=7, function=f"{__name__}._no_strict_keyword")
    assert await custom.extract(b"<html></html>", URL, {}) == {"url": URL, "words": 7}
