"""Extraction functions that fail on purpose, for the worker-pool tests (EXTRACTION_FUNCTION).

Real functions run in real worker processes: a crash is a real process exit, a hang a real sleep.
"""

from __future__ import annotations

import os
import time
from typing import Any

from crawler.extraction import extract_article


def crash_or_hang(html: bytes | str, url: str, headers: Any = None, *, min_words: int = 40,
                  **hints: bool) -> dict[str, Any]:
    """Like ``extract_article``, but the worker dies on ``CRASH_MARK`` and hangs on ``HANG_MARK`` URLs."""
    if os.environ.get("CRASH_MARK") and os.environ["CRASH_MARK"] in url:
        os._exit(3)
    if os.environ.get("HANG_MARK") and os.environ["HANG_MARK"] in url:
        time.sleep(600)
    if os.environ.get("RAISE_MARK") and os.environ["RAISE_MARK"] in url:
        raise RuntimeError("extraction bug")
    return extract_article(html, url, headers, min_words=min_words, **hints)
