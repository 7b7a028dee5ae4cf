"""Headless Chromium (the Debian package) for the report tests: the DOM of a page, and a screenshot.

No driver: Chromium's own ``--dump-dom`` and ``--screenshot`` switches, with a throw-away profile
and every background network feature off, so loading a local file makes no request.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest

INSTALL_HINT = "apt-get install chromium (.ci/run installs it)"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--hide-scrollbars"]


def chromium_path() -> str:
    """The Chromium executable; skips the calling test when it is missing (fails under CI, where
    .ci/run installs it)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        message = f"Chromium is not installed: the report's browser test needs it ({INSTALL_HINT})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def _run(args: list[str], timeout: float = 90) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        return subprocess.run([chromium_path(), *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=timeout, check=False)


def dump_dom(page: Path) -> str:
    """The page's DOM after loading, serialised by Chromium."""
    proc = _run(["--dump-dom", page.resolve().as_uri()])
    assert proc.returncode == 0 and "<html" in proc.stdout, proc.stderr[-2000:]
    return proc.stdout


def screenshot(page: Path, png: Path, width: int = 1280, height: int = 2000) -> tuple[int, int]:
    """Write a screenshot of the page to ``png``; its pixel size."""
    proc = _run([f"--screenshot={png}", f"--window-size={width},{height}", page.resolve().as_uri()])
    assert proc.returncode == 0 and png.is_file(), proc.stderr[-2000:]
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    w, h = struct.unpack(">II", head[16:24])
    return int(w), int(h)
