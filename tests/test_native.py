"""The compiled build of the extraction (mypyc, ``setup.py``) and its Python source: which one runs
(``crawler/extraction/native.py``), and that both give the same answers."""

from __future__ import annotations

import gzip
import hashlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.extraction import extract_article, native
from crawler.extraction.errors import NotArticle

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "fixtures" / "quality"
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _build(folder: Path, sources: dict[str, str], compiled: set[str]) -> Path:
    """A fake build in ``folder``: the sources, a compiled file for the names in ``compiled``,
    and the manifest recording the sources' hashes; returns the manifest."""
    for name, text in sources.items():
        (folder / f"{name}.py").write_text(text, encoding="utf-8")
        if name in compiled:
            (folder / f"{name}{SUFFIX}").write_bytes(b"\x7fELF")
    manifest = folder / "_mypyc.json"
    manifest.write_text(json.dumps({n: hashlib.sha256(t.encode()).hexdigest() for n, t in sources.items()}))
    return manifest


@pytest.fixture
def meta_path(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """``sys.meta_path`` as a copy the test may change (restored after)."""
    paths = [f for f in sys.meta_path if not isinstance(f, native.SourceFinder)]
    monkeypatch.setattr(sys, "meta_path", paths)
    monkeypatch.delenv(native.PURE_ENV, raising=False)
    return paths


def _finders(paths: list[object]) -> list[native.SourceFinder]:
    return [f for f in paths if isinstance(f, native.SourceFinder)]


def test_an_intact_build_runs_compiled(tmp_path: Path, meta_path: list[object]) -> None:
    manifest = _build(tmp_path, {"alpha": "A = 1\n", "beta": "B = 2\n"}, {"alpha", "beta"})
    assert native.reasons_for_source(tmp_path, native.recorded(manifest)) == []
    assert native.choose(tmp_path, manifest) is True
    assert _finders(meta_path) == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("edit", "beta.py changed since it was compiled"),
        ("uncompiled", "beta was not compiled"),
        ("env", f"{native.PURE_ENV} is set"),
        ("stray", "gamma was compiled by another build"),
    ],
)
def test_a_changed_missing_or_refused_build_runs_the_source(
    tmp_path: Path, meta_path: list[object], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    change: str, reason: str,
) -> None:
    manifest = _build(tmp_path, {"alpha": "A = 1\n", "beta": "B = 2\n"},
                      {"alpha"} if change == "uncompiled" else {"alpha", "beta"})
    if change == "edit":
        (tmp_path / "beta.py").write_text("B = 3\n", encoding="utf-8")
    if change == "stray":
        (tmp_path / "gamma.py").write_text("C = 1\n", encoding="utf-8")
        (tmp_path / f"gamma{SUFFIX}").write_bytes(b"\x7fELF")
    if change == "env":
        monkeypatch.setenv(native.PURE_ENV, "1")
    else:
        assert native.reasons_for_source(tmp_path, native.recorded(manifest)) == [reason]
    with caplog.at_level("DEBUG", logger=native.__name__):
        assert native.choose(tmp_path, manifest) is False
        assert native.choose(tmp_path, manifest) is False  # idempotent: one finder
    (finder,) = _finders(meta_path)
    assert finder is meta_path[0]
    names = {"alpha", "beta"} | ({"gamma"} if change == "stray" else set())
    assert finder.names == {f"{native.PACKAGE}.{name}" for name in names}  # never mixed
    spec = finder.find_spec(f"{native.PACKAGE}.alpha")
    assert spec is not None and spec.origin == str(tmp_path / "alpha.py")
    assert finder.find_spec(f"{native.PACKAGE}.article") is None
    warned = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(warned) == (1 if change in ("edit", "stray") else 0)
    assert reason in " ".join(r.getMessage() for r in caplog.records) or change == "env"


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", '{"alpha": 1}'])
def test_no_or_a_bad_manifest_is_no_build(tmp_path: Path, meta_path: list[object], text: str) -> None:
    manifest = tmp_path / "_mypyc.json"
    if text:
        manifest.write_text(text)
    assert native.recorded(manifest) == {}
    assert native.choose(tmp_path, manifest) is False
    assert _finders(meta_path) == []


def test_compiled_files_of_no_recorded_build_are_not_run(tmp_path: Path, meta_path: list[object]) -> None:
    _build(tmp_path, {"alpha": "A = 1\n", "beta": "B = 2\n"}, {"beta"})
    (tmp_path / "_mypyc.json").unlink()
    (tmp_path / f"orphan{SUFFIX}").write_bytes(b"\x7fELF")  # no source beside it: not a module of ours
    assert native.compiled_files(tmp_path) == {"beta"}
    assert native.choose(tmp_path, tmp_path / "_mypyc.json") is False
    (finder,) = _finders(meta_path)
    assert finder.names == {f"{native.PACKAGE}.beta"}


def test_this_process_runs_the_build_installed() -> None:
    """Where the install compiled the modules and their sources are unchanged, they run compiled."""
    built = native.recorded()
    intact = bool(built) and not native.reasons_for_source(native.HERE, built) and not os.environ.get(native.PURE_ENV)
    assert native.compiled_modules() == (sorted(built) if intact else [])


def _pages() -> list[tuple[str, str]]:
    pages = []
    for name in ("article-extraction", "wcxb-dev"):
        truth = json.loads((SAMPLE / name / "ground-truth.json").read_text("utf-8"))
        for page_id in sorted(truth)[:25]:
            html = gzip.decompress((SAMPLE / name / "html" / f"{page_id}.html.gz").read_bytes())
            pages.append((html.decode("utf-8", "replace"), truth[page_id].get("url") or ""))
    return pages


def _answers(pages: list[tuple[str, str]]) -> list[object]:
    out: list[object] = []
    for html, url in pages:
        try:
            out.append(extract_article(html, url))
        except NotArticle as exc:
            out.append(exc.reason)
    return out


def test_the_source_gives_the_answers_of_this_build() -> None:
    """The same pages through the Python source (``CRAWLER_PURE_PYTHON=1``, a fresh process) and
    through what this process runs (the compiled build where the install made one)."""
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import tests.test_native as t; "
        "from crawler.extraction import native; "
        "print(json.dumps({'compiled': native.compiled_modules(), 'answers': t._answers(t._pages())}))"
    )
    env = {**os.environ, native.PURE_ENV: "1"}
    done = subprocess.run([sys.executable, "-c", script, str(REPO)], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=240, check=True)
    source = json.loads(done.stdout)
    assert source["compiled"] == []
    here = json.loads(json.dumps(_answers(_pages())))
    assert len(here) == 50 and any(isinstance(a, dict) for a in here)
    assert source["answers"] == here
