"""Retry-After values (the middleware's plain function; tests/e2e/test_hostile_fetch.py runs the
middleware in real crawls: a long wait given up, a short one waited for)."""

from __future__ import annotations

from email.utils import formatdate

import pytest

from crawler.middlewares.retry_after import retry_after_seconds


@pytest.mark.parametrize(("value", "expected"), [
    (b"3600", 3600.0), ("0", 0.0), (" 12 ", 12.0), (None, None), (b"soon", None), (b"-5", None), (b"1.5", None),
    (formatdate(1_000_000_120, usegmt=True), 120.0),  # an HTTP date two minutes after "now"
    (formatdate(999_999_000, usegmt=True), 0.0),  # a date in the past: retry now
])
def test_retry_after_seconds(value: bytes | str | None, expected: float | None) -> None:
    assert retry_after_seconds(value, now=1_000_000_000) == expected

