"""Which build of the extraction's per-element modules runs: mypyc's compiled ones, or their source.

``setup.py`` compiles the modules the body pass and the claims detector spend their time in with
mypyc when it can, and records each compiled module's source hash in ``_mypyc.json`` beside them.
Before any of them is imported (``crawler/extraction/__init__.py`` calls :func:`choose`), the
compiled build is kept only when every recorded module has its compiled file and its source is
unchanged, and no other module has a compiled file (left by an earlier build). Otherwise (an
edited checkout of an editable install, a compile that failed, or ``CRAWLER_PURE_PYTHON=1``) all
of them load from their Python source: compiled modules call one another directly, so two builds
are never mixed. Both builds give the same answers.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import logging
import os
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from pathlib import Path
from types import ModuleType

logger = logging.getLogger(__name__)

PACKAGE = __name__.rpartition(".")[0]
HERE = Path(__file__).resolve().parent
#: Written by ``setup.py`` when it compiles: module name -> sha256 of its source.
MANIFEST = HERE / "_mypyc.json"
#: Set (to anything but "" or "0") to run the Python source even where a compiled build is installed.
PURE_ENV = "CRAWLER_PURE_PYTHON"


class SourceFinder(MetaPathFinder):
    """Loads the named modules of the package from their ``.py`` files, whatever lies beside them."""

    def __init__(self, folder: Path, names: Sequence[str]) -> None:
        self.folder = folder
        self.names = frozenset(f"{PACKAGE}.{name}" for name in names)

    def find_spec(self, fullname: str, path: object = None, target: ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.names:
            return None
        return importlib.util.spec_from_file_location(fullname, self.folder / f"{fullname.rpartition('.')[2]}.py")


def recorded(manifest: Path = MANIFEST) -> dict[str, str]:
    """The compiled modules and their source hashes ({} when nothing was compiled or the file is bad)."""
    try:
        found = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
        return {}
    return found


def _compiled_file(folder: Path, name: str) -> Path | None:
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = folder / f"{name}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def compiled_files(folder: Path) -> set[str]:
    """The modules in ``folder`` with a compiled file beside their source."""
    return {
        path.name[: -len(suffix)]
        for suffix in importlib.machinery.EXTENSION_SUFFIXES
        for path in folder.glob(f"*{suffix}")
        if (folder / f"{path.name[: -len(suffix)]}.py").is_file()
    }


def reasons_for_source(folder: Path, modules: dict[str, str]) -> list[str]:
    """Why the compiled build of ``modules`` (name -> source hash) in ``folder`` cannot run: a
    missing compiled file, a source changed since the build, a compiled file of another build
    (empty: it can)."""
    reasons = [f"{name} was compiled by another build" for name in sorted(compiled_files(folder) - set(modules))]
    for name, digest in sorted(modules.items()):
        if _compiled_file(folder, name) is None:
            reasons.append(f"{name} was not compiled")
            continue
        try:
            source = (folder / f"{name}.py").read_bytes()
        except OSError:
            continue  # an install without sources: the compiled module is all there is
        if hashlib.sha256(source).hexdigest() != digest:
            reasons.append(f"{name}.py changed since it was compiled")
    return reasons


def choose(folder: Path = HERE, manifest: Path = MANIFEST) -> bool:
    """Keep the compiled build (True) or make its modules load from source (False); call before
    importing any of them. Idempotent. A source changed since the build is logged as a warning."""
    modules = recorded(manifest)
    if any(isinstance(f, SourceFinder) for f in sys.meta_path):
        return False
    if not modules:  # no build recorded: any compiled file lying here is another build's
        stray = compiled_files(folder)
        if stray:
            sys.meta_path.insert(0, SourceFinder(folder, sorted(stray)))
        return False
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        reasons = [f"{PURE_ENV} is set"]
    else:
        reasons = reasons_for_source(folder, modules)
        if not reasons:
            return True
        failed = all(r.endswith("was not compiled") for r in reasons)  # the install said so already
        log = logger.debug if failed else logger.warning
        log("crawler.extraction runs its Python source, not the compiled build (%s); reinstall the "
            "package to compile it again", "; ".join(reasons))
    sys.meta_path.insert(0, SourceFinder(folder, sorted(set(modules) | compiled_files(folder))))
    return False


def compiled_modules() -> list[str]:
    """The package's modules that run compiled in this process (imported ones only)."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return sorted(
        name for name in recorded()
        if (module := sys.modules.get(f"{PACKAGE}.{name}")) is not None
        and str(getattr(module, "__file__", "")).endswith(suffixes)
    )
