"""The project's settings: each default has the type its setting is read as, and a value of the
wrong kind is one line before any command starts (``settings_error``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from scrapy.settings import Settings, default_settings

from crawler.commands.common import settings_error
from crawler.config import project_defaults

PACKAGE = Path(__file__).resolve().parents[1] / "crawler"
GETTERS = {"getint": int, "getfloat": float, "getbool": bool}


def _reads() -> list[tuple[str, str]]:
    """(getter, setting) of every ``settings.getX("NAME")`` of the project's own settings."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py")))
    defaults = project_defaults()
    return sorted({(getter, name) for getter in GETTERS
                   for name in re.findall(getter + r'\(\s*"([A-Z][A-Z0-9_]+)"', source)
                   if name in defaults and not hasattr(default_settings, name)})


def test_the_scan_finds_the_reads() -> None:
    reads = _reads()
    assert ("getfloat", "DEDUP_RETENTION_DAYS") in reads and ("getint", "DEDUP_RELINK_BATCH") in reads
    assert len(reads) > 40


@pytest.mark.parametrize(("getter", "name"), _reads())
def test_each_default_has_the_type_its_setting_is_read_as(getter: str, name: str) -> None:
    default = project_defaults()[name]
    kind = GETTERS[getter]
    assert isinstance(default, kind) and (kind is bool or not isinstance(default, bool)), (name, default)


def _settings(**overrides: str) -> Settings:
    s = Settings()
    s.setmodule("crawler.settings", priority="project")
    for name, value in overrides.items():
        s.set(name, value, priority="cmdline")
    return s


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("DEDUP_RETENTION_DAYS", "a-year",
         "error: setting DEDUP_RETENTION_DAYS='a-year' is not a number (default 365.0)"),
        ("DEDUP_RETENTION_DAYS", "0.5", None),
        ("DEDUP_RETENTION_DAYS", "30", None),
        ("DEDUP_RELINK_BATCH", "1.5", "error: setting DEDUP_RELINK_BATCH='1.5' is not a whole number (default 10000)"),
        ("DEDUP_RELINK_BATCH", " 200 ", None),
        ("DEDUP_DROP_COPIES", "maybe", "error: setting DEDUP_DROP_COPIES='maybe' is not true or false (default False)"),
        ("DEDUP_DROP_COPIES", "true", None),
        ("DEDUP_DROP_COPIES", "1", None),
        ("SOURCE_CHECK_FETCH_BUDGET", "",
         "error: setting SOURCE_CHECK_FETCH_BUDGET='' is not a whole number (default 500)"),
        ("DOWNLOAD_DELAY", "0.5", None),  # Scrapy's own settings are Scrapy's to read
        ("STATE_URI", "anything", None),  # not a number: not checked here
    ],
)
def test_a_value_of_the_wrong_kind_is_one_line(name: str, value: str, error: str | None) -> None:
    assert settings_error(_settings(**{name: value})) == error


def test_the_defaults_pass() -> None:
    assert settings_error(_settings()) is None
