"""``python -m crawler.extraction PAGE ...`` on saved pages: one JSON line per page, in order,
the same record ``extract_article`` gives; refusals and unreadable files said, nothing else lost."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crawler.extraction.decoding import MAX_SIZE

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "crawler" / "sampleweb" / "data" / "real"
GOLDEN = REPO / "tests" / "golden" / "real"
PAGE_ID = "0ec95c7261d122f304728e90c983450ef1ce1e0b423546835c397d50aaf0d0f2"

PROSE = ("Die Gemeinde hat am Donnerstag beschlossen, die Gebühren für Wasser zum ersten Mal seit sechs Jahren zu "
         "erhöhen, weil die alten Leitungen ersetzt werden müssen und der Stausee im Sommer wenig Wasser hatte.")
STORY = ("<html><head><title>Gebühren steigen</title>"
         "<link rel='canonical' href='https://zeitung.example/2025/06/14/gebuehren.html'></head><body>"
         "<h1>Gebühren steigen</h1>" + "".join(f"<p>{PROSE} Absatz {n}.</p>" for n in range(6)) + "</body></html>")
TAGS = ("<html><head><title>Tag: water</title></head><body><h1>Tag: water</h1><ul>"
        + "".join(f"<li><a href='/story/{n}'>Story number {n} about water</a> <span>2025-06-{n + 1:02d}</span></li>"
                  for n in range(25)) + "</ul></body></html>")


def run(*args: str, stdin: bytes | None = None) -> tuple[int, list[dict[str, Any]], str]:
    env = dict(os.environ, PYTHONIOENCODING="ascii", LC_ALL="C")  # the output is UTF-8 whatever the locale
    proc = subprocess.run([sys.executable, "-m", "crawler.extraction", *args], cwd=REPO, input=stdin,
                          capture_output=True, timeout=120, check=False, env=env)
    lines = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    return proc.returncode, lines, proc.stderr.decode("utf-8")


def test_saved_pages_in_order_refusals_and_unreadable_files_said(tmp_path: Path) -> None:
    story = tmp_path / "story.html"
    story.write_bytes(STORY.encode("utf-8"))
    tags = tmp_path / "tags.htm"
    tags.write_text(TAGS, encoding="utf-8")
    cut = tmp_path / "cut.html.gz"
    cut.write_bytes(gzip.compress(STORY.encode("utf-8"))[:-40])
    status, lines, err = run(str(REAL / f"{PAGE_ID}.html.gz"), str(tmp_path / "missing.html"), str(story),
                             str(cut), str(tags))
    assert status == 2
    assert "missing.html" in err and "cut.html.gz" in err and "cut short" in err
    assert [line["page"] for line in lines] == [str(REAL / f"{PAGE_ID}.html.gz"), str(story), str(tags)]
    golden = json.loads((GOLDEN / f"{PAGE_ID}.json").read_text(encoding="utf-8"))
    # no address given: the record is the one extract_article gives a page of unknown address
    from crawler.extraction import extract_article
    assert lines[0]["notArticle"] is None
    assert lines[0]["record"] == extract_article(gzip.decompress((REAL / f"{PAGE_ID}.html.gz").read_bytes()))
    assert lines[0]["record"]["articleBody"] == golden["output"]["articleBody"]
    assert lines[1]["record"]["headline"] == "Gebühren steigen"
    assert lines[1]["record"]["datePublished"] == "2025-06-14"  # from the address the page states
    assert lines[2] == {"page": str(tags), "notArticle": "not_article", "record": None}


def test_hints_headers_and_stdin(tmp_path: Path) -> None:
    status, lines, _ = run("-", "--url", "https://news.example/tag/water", stdin=TAGS.encode("utf-8"))
    assert status == 1 and lines[0]["notArticle"] == "not_article"
    # a short story: no article under --min-words without a hint, an article with either
    status, lines, _ = run("-", "--min-words", "500", stdin=STORY.encode("utf-8"))
    assert status == 1 and lines[0]["notArticle"] == "not_article"
    for hint in ("--listed", "--pattern-match"):
        status, lines, _ = run("-", "--min-words", "500", hint, stdin=STORY.encode("utf-8"))
        assert status == 0 and lines[0]["record"]["headline"] == "Gebühren steigen", hint
    latin = STORY.replace("<head>", "<head><meta charset='utf-8'>").encode("latin-1")
    status, lines, _ = run("-", "--header", "Content-Type: text/html; charset=ISO-8859-1", stdin=latin)
    assert status == 0 and "Gebühren" in lines[0]["record"]["articleBody"]


def test_a_page_too_large(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    big.write_bytes(b"<html><body><p>" + b"word " * (MAX_SIZE // 5 + 10) + b"</p></body></html>")
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(big.read_bytes()))
    status, lines, _ = run(str(big), str(bomb))
    assert status == 1
    assert [line["notArticle"] for line in lines] == ["too_large", "too_large"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a.html", "b.html", "--url", "https://x.example/"], "one PAGE"),
        (["a.html", "--header", "no colon"], "not a header"),
        (["a.html", "--min-words", "-1"], "0 or more"),
        ([], "PAGE"),
    ],
)
def test_usage_errors(args: list[str], message: str) -> None:
    status, lines, err = run(*args)
    assert status == 2 and lines == [] and message in err
