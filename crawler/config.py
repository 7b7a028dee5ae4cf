"""Reading settings without a crawler: the project's defaults with Scrapy's getters.

Every default lives in :mod:`crawler.settings`. Components get a Scrapy ``Settings`` object from
their crawler; code that runs without one (``scrapy recheck`` used as a library, tests,
benchmarks) gets :class:`ProjectSettings`: the same values and the same ``getint``/``getfloat``/
``getbool``/``getlist`` getters, on a plain dict. Config dataclasses read either through the
:class:`SettingsReader` protocol, so no core module imports Scrapy.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol


class SettingsReader(Protocol):
    """The getters config dataclasses use (Scrapy's ``BaseSettings`` has them all)."""

    def get(self, name: str, default: Any = None) -> Any: ...

    def getint(self, name: str, default: int = 0) -> int: ...

    def getfloat(self, name: str, default: float = 0.0) -> float: ...

    def getbool(self, name: str, default: bool = False) -> bool: ...

    def getlist(self, name: str, default: list[Any] | None = None) -> list[Any]: ...


def project_defaults() -> dict[str, Any]:
    """Every setting of :mod:`crawler.settings` with its default value."""
    from crawler import settings as module

    return {name: getattr(module, name) for name in dir(module) if name.isupper()}


class ProjectSettings:
    """The project's defaults under ``overrides``, read like Scrapy settings."""

    def __init__(self, overrides: Mapping[str, Any] | None = None) -> None:
        self._values = project_defaults()
        if overrides:
            self._values.update(overrides)

    def __getitem__(self, name: str) -> Any:
        return self._values.get(name)

    def get(self, name: str, default: Any = None) -> Any:
        return self._values.get(name, default)

    def getint(self, name: str, default: int = 0) -> int:
        return int(self.get(name, default))

    def getfloat(self, name: str, default: float = 0.0) -> float:
        return float(self.get(name, default))

    def getbool(self, name: str, default: bool = False) -> bool:
        value = self.get(name, default)
        if isinstance(value, str):
            if value.lower() in ("true", "false"):
                return value.lower() == "true"
            return bool(int(value))
        return bool(value)

    def getlist(self, name: str, default: list[Any] | None = None) -> list[Any]:
        value = self.get(name, default or [])
        if isinstance(value, str):
            return json.loads(value) if value.startswith("[") else value.split(",")
        return list(value)


def reader(settings: SettingsReader | Mapping[str, Any] | None) -> SettingsReader:
    """``settings`` as a :class:`SettingsReader`: Scrapy settings as they are; a plain mapping
    (overrides) or None over the project's defaults."""
    if settings is None or (isinstance(settings, Mapping) and not hasattr(settings, "getint")):
        return ProjectSettings(settings)
    return settings  # type: ignore[return-value]
